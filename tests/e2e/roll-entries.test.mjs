// One person, two homes to vote for (issue 12): 吴建平 owns 1栋605 alone and is the designated
// voter of 2栋2505, which he owns with 肖红. The roll counts two entries; at the kiosk 吴 is asked
// "为哪一户投票" (one home per line, the unit first), casts one ballot for each, and the vote's
// page counts both. The choice is also shot at phone width (390 px).

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FIRST_HOST, assert, assertEqual, createCommunity, eventually, test, tid } from './lib.mjs';

const PIN = '864209';
const ROSTER = `楼栋,房号,类型,面积,面积来源,房屋状态,姓名,证件号,电话,身份,投票人
1栋,605,住宅,89.50,登记,已交付,吴建平,510107197709021733,,业主,
2栋,2505,住宅,132.08,登记,已交付,吴建平,510107197709021733,,业主,是
2栋,2505,住宅,132.08,登记,已交付,肖红,500113198803065521,,共有人,
`;
const WU = '吴建平';
const TITLE = '续聘物业服务企业';
const MOTION = '同意续聘现物业服务企业，服务期三年，收费标准不变。';

const text = async (page, selector) => ((await page.textContent(selector)) ?? '').trim();

/** At the kiosk's "find your name": 吴 is found and asked for which home he votes. */
async function findWu(page) {
  await page.waitForSelector(tid('kiosk-step-2'));
  await page.fill(tid('kiosk-search'), WU);
  await page.locator(tid('kiosk-person'), { hasText: WU }).first().click();
  await page.waitForSelector(tid('kiosk-entries'));
  assertEqual(await text(page, '.kiosk-title'), '为哪一户投票', 'the kiosk asks for which home');
  return page.$$eval(tid('kiosk-entry'), (bs) => bs.map((b) => ({ text: (b.textContent ?? '').trim(), voted: b.dataset.voted })));
}

/** Chooses the home whose label has `unit`, votes `choice`, signs with the PIN; returns the receipt code. */
async function voteFor(page, unit, choice) {
  await page.locator(tid('kiosk-entry'), { hasText: unit }).click();
  await page.waitForSelector(tid(`ballot-${choice}`));
  assert((await text(page, tid('ballot-entry-for'))).includes(unit), `the ballot says it is for ${unit}`);
  assertEqual(await text(page, tid('ballot-motion')), MOTION, 'the ballot shows the motion');
  await page.click(tid(`ballot-${choice}`));
  await page.waitForSelector(tid('kiosk-preview'));
  assert((await text(page, tid('kiosk-choice-for'))).includes(unit), `the preview says for ${unit}`);
  const lines = await page.$$eval(`${tid('kiosk-preview')} .doc-line`, (ls) => Object.fromEntries(ls.map((l) => [l.dataset.field ?? '', l.querySelector('.doc-value')?.textContent ?? ''])));
  assertEqual(lines.choice, choice, 'the preview shows the choice as signed');
  assertEqual(lines.cast_by ?? WU, WU, '吴 signs');
  await page.click(tid('kiosk-continue'));
  await page.fill(tid('kiosk-pin'), PIN);
  await page.click(tid('kiosk-sign'));
  await page.waitForSelector(tid('kiosk-receipt'));
  const code = await text(page, tid('receipt-code'));
  await page.click(tid('kiosk-next'));
  return code;
}

test('roll entries: one person votes for two homes at the kiosk, choosing each', async ({ server, page, artifact }) => {
  // A community whose first host is also its registrar, and the three roster rows.
  await createCommunity(page, server, { name: '吴肖小区', buildings: '1栋, 2栋', offices: ['registrar'] });
  await page.click(tid('nav-roll'));
  await page.click(tid('tab-summary'));
  await page.waitForSelector(tid('roll-persons'));
  const file = path.join(server.dir, 'wu-xiao.csv');
  await writeFile(file, ROSTER);
  await page.click(tid('import-open'));
  await page.waitForSelector(tid('import-dialog'));
  await page.setInputFiles(tid('import-file'), file);
  await page.waitForSelector(tid('import-preview'));
  await page.waitForSelector(`${tid('import-commit')}:not([disabled])`);
  await page.click(tid('import-commit'));
  await page.waitForSelector(`${tid('import-result')}:not([hidden])`, { timeout: 30_000 });
  await page.click(tid('import-close'));
  await eventually(async () => text(page, tid('roll-persons')), '2', 'N = 2: 吴 alone, and 吴 with 肖');

  // 吴's key.
  await page.click(tid('nav-sign'));
  await page.waitForSelector(tid('key-enrol-open'));
  await page.click(tid('key-enrol-open'));
  await page.waitForSelector(tid('enrol-dialog'));
  await page.fill(tid('enrol-search'), WU);
  await page.locator(tid('enrol-person'), { hasText: WU }).first().click();
  await page.selectOption(tid('enrol-check'), 'id_card');
  await page.fill(tid('enrol-pin'), PIN);
  await page.fill(tid('enrol-pin2'), PIN);
  // The signed-in host (also the registrar here) signs the enrolment certificate.
  await page.fill(tid('enrol-registrar-pin'), FIRST_HOST.pin);
  await page.click(tid('enrol-submit'));
  await page.waitForSelector(tid('key-fingerprint'));
  await page.click(tid('enrol-done'));
  await page.waitForSelector(tid('enrol-dialog'), { state: 'detached' });

  // A vote, opened.
  await page.click(tid('nav-votes'));
  await page.click(tid('vote-new'));
  await page.fill(tid('vote-title'), TITLE);
  await page.fill(tid('vote-motion'), MOTION);
  await page.selectOption(tid('vote-category'), { label: '选聘或解聘物业' });
  await page.click(tid('vote-create'));
  await page.waitForSelector(tid('vote-open'));
  await page.click(tid('vote-open'));
  await page.click(tid('confirm-ok'));
  await page.waitForSelector(tid('vote-roll-hash'));
  assertEqual(await text(page, tid('participation-persons-figures')), 'Pn / N = 0 / 2 人', 'two roll entries, no ballot yet');

  // At the kiosk: 吴 is asked for which home, one per line with the units.
  await page.click(tid('vote-kiosk'));
  let homes = await findWu(page);
  assertEqual(homes.length, 2, `two homes offered: ${JSON.stringify(homes)}`);
  assert(homes.some((x) => x.text.includes('605')) && homes.some((x) => x.text.includes('2505')), `the homes by unit: ${JSON.stringify(homes)}`);
  assert(homes.every((x) => x.voted === 'false'), 'nothing voted yet');
  await page.screenshot({ path: await artifact('roll-entries-choose.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: await artifact('roll-entries-choose-390.png'), fullPage: true });
  // Nothing runs off the side of a phone's screen.
  const wide = await page.$$eval(tid('kiosk-entry'), (bs) => bs.filter((b) => b.getBoundingClientRect().right > window.innerWidth + 1).length);
  assertEqual(wide, 0, 'each home fits at 390 px');
  await page.setViewportSize({ width: 1280, height: 860 });

  const first = await voteFor(page, '2505', 'agree');
  homes = await findWu(page);
  assertEqual(homes.find((x) => x.text.includes('2505'))?.voted, 'true', '2505 says it has voted');
  assert(homes.find((x) => x.text.includes('2505'))?.text.includes('已投过票'), '…in words');
  assertEqual(homes.find((x) => x.text.includes('605') && !x.text.includes('2505'))?.voted, 'false', '605 has not');
  const second = await voteFor(page, '1栋', 'oppose');
  assert(first !== second, 'two receipts');

  // The vote's page counts both homes.
  await page.click(tid('nav-votes'));
  await page.locator(tid('vote-link')).first().click();
  await eventually(async () => text(page, tid('participation-persons-figures')), 'Pn / N = 2 / 2 人', 'both entries took part');
  await eventually(() => page.locator(`${tid('vote-ballots')} tbody tr`).count(), 2, 'two ballots');
  const ballots = await text(page, tid('vote-ballots'));
  assert(ballots.includes('605') && ballots.includes('2505'), `a ballot for each home:\n${ballots}`);
  await page.screenshot({ path: await artifact('roll-entries-counted.png'), fullPage: true });
});
