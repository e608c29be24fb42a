// Voting through the UI, as in a community hall: load the demo, enrol keys for the host, the
// secretary and two owners; the host creates a question vote (the category proposes the legal
// rule and says why), opens it (the frozen roll's hash is shown); two owners vote at the kiosk
// (agree, oppose), each with a receipt; the first owner's second ballot is refused with the
// backend's reason and the next person carries on; the host and the secretary close it with
// their PINs (a wrong PIN first); the result shows 未通过 (2 of 272 is no quorum) with Pn = 2;
// the printable notice shows; the record is exported and checks out, and a tampered copy fails.

import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { assert, assertEqual, demoAs, eventually, switchTo, test, tid } from './lib.mjs';

// The host and the secretary of the demo sign in and sign with their demo PINs; owners get keys here.
const PINS = { host: 'demo-host-2026', secretary: 'demo-secretary-2026', scrutineer: 'demo-scrutineer-2026', owner1: '135790', owner2: '975310' };
const TITLE = '续聘物业服务企业';
const MOTION = '同意续聘重庆安居物业服务有限公司为本小区物业服务企业，服务期三年（2026年1月1日至2028年12月31日），收费标准不变。';

const text = async (page, selector) => ((await page.textContent(selector)) ?? '').trim();

/** The roles tab as rows of [name, role, building, units]. */
async function roleRows(page) {
  await page.click(tid('tab-roles'));
  await page.waitForSelector(`${tid('role-table')} tbody tr`);
  return page.$$eval(`${tid('role-table')} tbody tr`, (trs) => trs.map((tr) => Array.from(tr.children, (c) => (c.textContent ?? '').trim())));
}

function staff(rows, role) {
  const row = rows.find((r) => r[1] === role);
  assert(row, `the demo has a ${role} in the roles tab: ${JSON.stringify(rows)}`);
  return { name: row[0], unit: row[3].split('、')[0] };
}

/** Enrols a key (generated here, under `pin`) for the first hit named `name`, or for the first owner not in `skip`. */
async function enrol(page, search, pin, { name = null, skip = [] } = {}) {
  await page.click(tid('key-enrol-open'));
  await page.waitForSelector(tid('enrol-dialog'));
  await page.fill(tid('enrol-search'), search);
  await page.waitForSelector(tid('enrol-person'));
  const hits = await page.$$eval(tid('enrol-person'), (bs) =>
    bs.map((b) => ({ name: b.querySelector('strong')?.textContent ?? '', relation: b.querySelector('.badge')?.textContent ?? '', units: b.querySelector('.muted')?.textContent ?? '' })),
  );
  const hit = hits.find((x) => (name ? x.name === name : x.relation === '业主' && !skip.includes(x.name)));
  assert(hit, `a person to enrol for "${search}": ${JSON.stringify(hits)}`);
  await page.locator(tid('enrol-person'), { hasText: hit.name }).first().click();
  await page.selectOption(tid('enrol-check'), 'id_card');
  await page.fill(tid('enrol-pin'), pin);
  await page.fill(tid('enrol-pin2'), pin);
  // The signed-in host signs the enrolment certificate with their own PIN.
  await page.fill(tid('enrol-registrar-pin'), PINS.host);
  await page.click(tid('enrol-submit'));
  await page.waitForSelector(tid('key-fingerprint'));
  await page.click(tid('enrol-done'));
  await page.waitForSelector(tid('enrol-dialog'), { state: 'detached' });
  return { name: hit.name, unit: hit.units.split('、')[0] };
}

/** At the kiosk (step "find your name"): one person votes `choice` and gets a receipt. */
async function castBallot(page, who, choice, pin, shots = null) {
  await page.waitForSelector(tid('kiosk-step-2'));
  await page.fill(tid('kiosk-search'), who.unit);
  await page.locator(tid('kiosk-person'), { hasText: who.name }).first().click();
  await page.waitForSelector(tid(`ballot-${choice}`));
  assertEqual(await text(page, tid('ballot-motion')), MOTION, 'the ballot shows the exact motion');
  if (shots) await page.screenshot({ path: await shots('vote-kiosk-3-ballot.png'), fullPage: true });
  await page.click(tid(`ballot-${choice}`));
  await page.waitForSelector(tid('kiosk-preview'));
  const lines = await page.$$eval(`${tid('kiosk-preview')} .doc-line`, (ls) => Object.fromEntries(ls.map((l) => [l.dataset.field ?? '', l.querySelector('.doc-value')?.textContent ?? ''])));
  assertEqual(lines.choice, choice, 'the preview shows the choice exactly as signed');
  // Ballots v3 name no one: they bind the vote's manifest (which binds the motion's hash, the
  // frozen roll and the window), the roll entry by its units, and this ballot's number.
  assert(/^[0-9a-f]{64}$/.test(lines.manifest_hash ?? ''), 'the ballot binds the manifest hash');
  assert((lines.entry_units ?? '').includes(who.unit), `the preview names the home voted for (${lines.entry_units})`);
  assertEqual(lines.seq, '1', 'the first ballot for this home is number 1');
  assert(!('motion' in lines) && !('cast_by' in lines), 'no names or free text in a v3 ballot');
  assertEqual(await text(page, `${tid('kiosk-choice')} strong`), { agree: '同意', oppose: '反对', abstain: '弃权' }[choice], 'the choice is read back in words');
  if (shots) await page.screenshot({ path: await shots('vote-kiosk-4-preview.png'), fullPage: true });
  await page.click(tid('kiosk-continue'));
  await page.fill(tid('kiosk-pin'), pin);
  await page.click(tid('kiosk-sign'));
  await page.waitForSelector(tid('kiosk-receipt'));
  const code = await text(page, tid('receipt-code'));
  assert(/^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/.test(code), `a short receipt code: "${code}"`);
  // The manifest's short hash on the receipt is explained in words an owner can act on.
  assert((await text(page, tid('receipt-manifest-help'))).includes('公告栏'), 'the receipt says where to compare the manifest');
  if (shots) await page.screenshot({ path: await shots('vote-kiosk-5-receipt.png'), fullPage: true });
  await page.click(tid('kiosk-next'));
  return code;
}

test('voting: a question vote from creation to a verified record', async ({ server, page, artifact }) => {
  await demoAs(page, server, 'host');
  await page.waitForSelector(tid('roll-persons'));
  const persons = await text(page, tid('roll-persons'));
  const rows = await roleRows(page);
  const host = staff(rows, '主持人');
  const secretary = staff(rows, '记录员');
  const scrutineer = staff(rows, '监票人');

  await page.click(tid('nav-sign'));
  await page.waitForSelector(tid('key-enrol-open'));
  const staffNames = [host.name, secretary.name];
  const owner1 = await enrol(page, '1201', PINS.owner1, { skip: staffNames });
  const owner2 = await enrol(page, '1202', PINS.owner2, { skip: [...staffNames, owner1.name] });

  // The host writes the vote; the category proposes the rule, with the reason.
  await page.click(tid('nav-votes'));
  await page.waitForSelector(tid('votes-empty'));
  await page.click(tid('vote-new'));
  await page.fill(tid('vote-title'), TITLE);
  await page.fill(tid('vote-motion'), MOTION);
  await page.selectOption(tid('vote-category'), { label: '选聘或解聘物业' });
  await page.waitForSelector(`${tid('vote-rule-reason')}:not([hidden])`);
  assertEqual(await text(page, tid('vote-rule-proposed')), '业主共同决定（一般事项）', 'the ordinary owners\' rule is proposed');
  const reason = await text(page, tid('vote-rule-reason'));
  assert(reason.includes('选聘和解聘物业服务企业') && reason.includes('第二百七十八条') && reason.includes('第四项'), `the reason cites Art. 278 item 4: "${reason}"`);
  assert(!(await page.isChecked(tid('vote-conformity'))), 'the 从众 clause is off by default');
  await page.screenshot({ path: await artifact('vote-create.png'), fullPage: true });
  await page.click(tid('vote-create'));

  // The draft: opening freezes the roll, after a confirmation.
  await page.waitForSelector(tid('vote-open'));
  assertEqual(await page.getAttribute(tid('vote-status'), 'data-status'), 'draft', 'a new vote is a draft');
  assert((await text(page, tid('vote-settings'))).includes('业主共同决定（一般事项）'), 'the settings name the rule');
  await page.click(tid('vote-open'));
  await page.waitForSelector(tid('open-confirm'));
  assert((await text(page, tid('open-confirm'))).includes('冻结'), 'the confirmation says the roll gets frozen');
  await page.screenshot({ path: await artifact('vote-open-confirm.png') });
  await page.click(tid('confirm-ok'));
  await page.waitForSelector(tid('vote-roll-hash'));
  const rollHash = await text(page, tid('vote-roll-hash'));
  assert(/^[0-9a-f]{64}$/.test(rollHash), `the frozen roll's hash is shown: "${rollHash}"`);
  assertEqual(await page.getAttribute(tid('vote-status'), 'data-status'), 'open', 'voting is open');
  assertEqual(await text(page, tid('participation-persons-figures')), `Pn / N = 0 / ${persons} 人`, 'nobody has voted yet, out of the whole roll');
  await page.screenshot({ path: await artifact('vote-opened.png'), fullPage: true });

  // The kiosk on this vote: two owners vote.
  await page.click(tid('vote-kiosk'));
  await page.waitForSelector(tid('kiosk-step-2'));
  assert((await text(page, '.kiosk-doc-line')).includes(TITLE), 'the kiosk is on this vote');
  const code1 = await castBallot(page, owner1, 'agree', PINS.owner1, artifact);
  const code2 = await castBallot(page, owner2, 'oppose', PINS.owner2);

  // The first owner tries again: refused, with the backend's reason; the next person goes on.
  await page.fill(tid('kiosk-search'), owner1.unit);
  await page.locator(tid('kiosk-person'), { hasText: owner1.name }).first().click();
  await page.click(tid('ballot-oppose'));
  await page.waitForSelector(tid('kiosk-blocker'));
  const refusal = await text(page, tid('kiosk-blocker'));
  assert(refusal.includes('已经投过票'), `the refusal gives the reason: "${refusal}"`);
  assertEqual(await page.locator(tid('kiosk-continue')).count(), 0, 'no way on to the PIN');
  await page.screenshot({ path: await artifact('vote-kiosk-refused.png'), fullPage: true });
  await page.click(tid('kiosk-next'));
  await page.waitForSelector(tid('kiosk-search'));

  // The first step of the kiosk lists the open vote.
  await page.click(tid('kiosk-back'));
  await page.locator(tid('kiosk-vote'), { hasText: TITLE }).waitFor();
  await page.screenshot({ path: await artifact('vote-kiosk-1-choose.png'), fullPage: true });

  // Back on the vote's page: participation, ballots by unit with the receipts, the refusal.
  await page.click(tid('nav-votes'));
  await page.locator(tid('vote-row'), { hasText: TITLE }).locator(tid('vote-link')).click();
  await page.waitForSelector(tid('vote-participation'));
  await eventually(() => text(page, tid('participation-persons-figures')), `Pn / N = 2 / ${persons} 人`, 'two persons take part');
  const receipts = await page.$$eval(`${tid('vote-ballots')} tbody tr`, (trs) => trs.map((tr) => tr.dataset.receipt ?? ''));
  const short = (c) => c.replaceAll('-', '').toLowerCase();
  assert(receipts.some((r) => r.startsWith(short(code1))) && receipts.some((r) => r.startsWith(short(code2))), `both receipts are listed: ${receipts.join(', ')}`);
  const ballotsText = await text(page, tid('vote-ballots'));
  assert(ballotsText.includes(owner1.unit) && !ballotsText.includes(owner1.name), 'ballots are listed by unit number, without names');
  assert((await text(page, tid('vote-refused'))).includes('已经投过票'), 'the refusal is listed with its reason');
  await page.screenshot({ path: await artifact('vote-live.png'), fullPage: true });

  // Closing: the host, the secretary and the scrutineer sign; a wrong PIN is refused first.
  await page.click(tid('vote-close'));
  await page.waitForSelector(`${tid('close-host-key')} option`, { state: 'attached' });
  await page.waitForSelector(`${tid('close-secretary-key')} option`, { state: 'attached' });
  assert((await text(page, tid('close-host-key'))).includes(host.name), 'the host\'s key is offered');
  assert((await text(page, tid('close-secretary-key'))).includes(secretary.name), 'the secretary\'s key is offered');
  // Each signer chooses their own key (several people hold a counting office).
  await selectByText(page, tid('close-host-key'), host.name);
  await selectByText(page, tid('close-secretary-key'), secretary.name);
  await selectByText(page, tid('close-officer-key'), scrutineer.name);
  await page.fill(tid('close-host-pin'), PINS.host);
  await page.fill(tid('close-secretary-pin'), '000000');
  await page.fill(tid('close-officer-pin'), PINS.scrutineer);
  await page.click(tid('close-submit'));
  await page.waitForSelector(`${tid('error')}[data-code="wrong_pin"]`);
  assert(await page.isVisible(tid('close-pin-hint')), 'the dialog says both should type their PINs again');
  assertEqual(await page.inputValue(tid('close-secretary-pin')), '', 'the PIN field is emptied');
  await page.screenshot({ path: await artifact('vote-close-wrong-pin.png') });
  await page.fill(tid('close-host-pin'), PINS.host);
  await page.fill(tid('close-secretary-pin'), PINS.secretary);
  await page.fill(tid('close-officer-pin'), PINS.scrutineer);
  await page.click(tid('close-submit'));

  await page.waitForSelector(tid('vote-result'));
  assertEqual(await text(page, tid('vote-passed')), '✗ 未通过', 'the result is not passed');
  assertEqual(await page.getAttribute(tid('vote-passed'), 'data-passed'), 'false', 'data-passed is false');
  const result = await text(page, tid('vote-result'));
  assert(/参与表决\s+Pn \/ Pa\s+2\s/.test(result), `the result has Pn = 2:\n${result}`);
  assert(/同意\s+Yn \/ Ya\s+1\s/.test(result) && /反对\s+1\s/.test(result), `one agree and one oppose:\n${result}`);
  assert(result.includes('法定参与：未达到') && result.includes('3·Pn ≥ 2·N'), `the quorum fails, with its inequality:\n${result}`);
  assertEqual(await page.getAttribute(tid('vote-status'), 'data-status'), 'closed', 'the vote is closed');
  await page.screenshot({ path: await artifact('vote-result.png'), fullPage: true });

  // The notice: printable, by unit numbers, no names.
  await page.click(tid('vote-notice'));
  await page.waitForSelector(tid('vote-notice-view'));
  const notice = await text(page, tid('vote-notice-view'));
  assert(notice.includes('表决结果公示') && notice.includes(TITLE) && notice.includes('未通过'), 'the notice shows the result');
  assert(notice.includes(owner1.unit) && notice.includes(owner2.unit), 'the notice lists the units that voted');
  assert(!notice.includes(owner1.name) && !notice.includes(owner2.name), 'the notice names no voter');
  assert(notice.includes(rollHash), 'the notice prints the frozen roll hash');
  await page.screenshot({ path: await artifact('vote-notice.png') });
  await page.evaluate(() => document.body.classList.add('print-notice'));
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: await artifact('vote-notice-print.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  await page.evaluate(() => document.body.classList.remove('print-notice'));
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.click(tid('notice-window'))]);
  await popup.waitForLoadState();
  assert(((await popup.textContent('body')) ?? '').includes('表决结果公示'), 'the notice opens as its own page for printing');
  await popup.screenshot({ path: await artifact('vote-notice-window.png'), fullPage: true });
  await popup.close();
  await page.click(`${tid('notice-dialog')} .dialog-x`);

  // The record: exported, then checked in the app; a tampered copy fails.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(tid('vote-record-export'))]);
  const recordFile = await artifact('vote-record.json');
  await download.saveAs(recordFile);
  assert(download.suggestedFilename().endsWith('.json'), `a JSON file: ${download.suggestedFilename()}`);
  await page.waitForSelector(`${tid('vote-record-result')}:not([hidden])`);

  await page.click(tid('nav-votes'));
  const listRow = page.locator(tid('vote-row'), { hasText: TITLE });
  assertEqual(await listRow.getAttribute('data-status'), 'closed', 'the list shows the vote closed');
  assertEqual((await listRow.locator(tid('vote-ballot-count')).textContent()).trim(), '2', 'the list counts two ballots');
  await page.screenshot({ path: await artifact('vote-list.png'), fullPage: true });
  await page.click(tid('record-check-open'));
  await page.setInputFiles(tid('record-check-file'), recordFile);
  await page.waitForSelector(tid('record-check-result'));
  assertEqual(await page.getAttribute(tid('record-check-result'), 'data-ok'), 'true', `the record checks out: ${await text(page, tid('record-check-result'))}`);
  assert((await text(page, tid('record-check-text'))).includes('未通过'), 'the check prints the recounted result');
  await page.screenshot({ path: await artifact('vote-record-check.png'), fullPage: true });

  const record = JSON.parse(await readFile(recordFile, 'utf8'));
  const ballot = record.ballots.find((b) => b.choice === 'oppose');
  assert(ballot, 'the record holds the oppose ballot');
  ballot.choice = 'agree';
  const tampered = await artifact('vote-record-tampered.json');
  await writeFile(tampered, JSON.stringify(record, null, 2));
  await page.setInputFiles(tid('record-check-file'), tampered);
  await page.waitForSelector(`${tid('record-check-result')}[data-ok="false"]`);
  assert((await page.locator(`${tid('record-check-problems')} li`).count()) > 0, 'the tampered record lists its discrepancies');
  await page.screenshot({ path: await artifact('vote-record-check-tampered.png'), fullPage: true });
});

/** Chooses the option of `select` whose text includes `name`. */
async function selectByText(page, select, name) {
  await page.waitForSelector(`${select} option`, { state: 'attached' });
  const value = await page.$eval(select, (el, n) => Array.from(el.options).find((o) => o.textContent.includes(n))?.value ?? '', name);
  assert(value, `${select} offers ${name}`);
  await page.selectOption(select, value);
}

/** In a person picker `prefix`: search `unit`, choose the first owner found; returns the name. */
async function pickPerson(page, prefix, unit) {
  await page.fill(tid(`${prefix}-search`), unit);
  const hit = page.locator(tid(`${prefix}-hit`), { hasText: '业主' }).first();
  await hit.waitFor();
  const name = (await hit.locator('strong').textContent()).trim();
  await hit.click();
  assert((await text(page, tid(`${prefix}-chosen`))).includes(name), `${prefix} chose ${name}`);
  return name;
}

const SCAN = { name: 'scan.png', mimeType: 'image/png', buffer: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64') };

test('voting: an election with a proxy (capped), paper ballots with witnesses, and the result', async ({ server, page, artifact }) => {
  await demoAs(page, server, 'host');
  await page.waitForSelector(tid('roll-persons'));
  const rows = await roleRows(page);
  const host = staff(rows, '主持人');
  const secretary = staff(rows, '记录员');
  const scrutineer = staff(rows, '监票人');
  await page.click(tid('nav-sign'));
  await page.waitForSelector(tid('key-enrol-open'));
  const holder = await enrol(page, '5栋 1201', PINS.owner1, { skip: [host.name, secretary.name] });

  // An election: three candidates, two seats, two approvals per ballot; one proxy per person.
  await page.click(tid('nav-votes'));
  await page.click(tid('vote-new'));
  await page.fill(tid('vote-title'), '选举第二届业主委员会委员（补选）');
  await page.fill(tid('vote-motion'), '补选第二届业主委员会委员二名，从下列候选人中选出。');
  await page.selectOption(tid('vote-category'), 'elect_committee');
  await page.waitForSelector(`${tid('vote-rule-reason')}:not([hidden])`);
  assert((await text(page, tid('vote-rule-reason'))).includes('第三项'), 'electing the committee is Art. 278 item 3');
  await page.check(tid('vote-kind-election'));
  await page.fill(tid('vote-candidates'), '张明\n李华\n王芳');
  await page.fill(tid('vote-seats'), '2');
  await page.fill(tid('vote-max-approvals'), '2');
  await page.fill(tid('vote-proxy-limit'), '1');
  await page.fill(tid('vote-objection-days'), '7');
  await page.screenshot({ path: await artifact('vote-election-create.png'), fullPage: true });
  await page.click(tid('vote-create'));
  await page.click(tid('vote-open'));
  await page.click(tid('confirm-ok'));
  await page.waitForSelector(tid('vote-roll-hash'));

  // The secretary enters proxies and paper ballots (the host may not; the counter may too, but
  // finding a voter on the roll takes the secretary's or registrar's access).
  assert(await page.isDisabled(tid('vote-paper-open')), 'the host cannot enter paper ballots');
  assert((await page.getAttribute(tid('vote-paper-open'), 'title')).includes('计票人'), 'the tooltip names the counter');
  await switchTo(page, 'secretary');

  // A written proxy; the second one to the same person is over the cap.
  await page.click(tid('vote-proxy-open'));
  const owner = await pickPerson(page, 'proxy-owner', '5栋 1202');
  await pickPerson(page, 'proxy-person', '5栋 1201');
  await page.setInputFiles(tid('proxy-scan'), SCAN);
  // Two officers of the vote sign the registration (yishi/proxy/v1), each with key and PIN.
  assert(await page.isChecked(tid('proxy-by-officers')), 'two officers sign by default');
  await selectByText(page, tid('proxy-officer1-key'), host.name);
  await selectByText(page, tid('proxy-officer2-key'), scrutineer.name);
  await page.fill(tid('proxy-officer1-pin'), PINS.host);
  await page.fill(tid('proxy-officer2-pin'), PINS.scrutineer);
  await page.screenshot({ path: await artifact('vote-proxy-dialog.png') });
  await page.click(tid('proxy-submit'));
  await page.waitForSelector(tid('proxy-dialog'), { state: 'detached' });
  await page.locator(tid('proxy-row'), { hasText: owner }).waitFor();
  assert((await text(page, tid('vote-proxies'))).includes(holder.name), 'the proxy is named');
  const signedBy = await text(page, tid('proxy-signed-by'));
  assert(signedBy.includes(host.name) && signedBy.includes(scrutineer.name), `the two officers who signed the registration are named: ${signedBy}`);
  await page.click(tid('vote-proxy-open'));
  await pickPerson(page, 'proxy-owner', '5栋 1102');
  await pickPerson(page, 'proxy-person', '5栋 1201');
  await page.setInputFiles(tid('proxy-scan'), SCAN);
  await selectByText(page, tid('proxy-officer1-key'), host.name);
  await selectByText(page, tid('proxy-officer2-key'), scrutineer.name);
  await page.fill(tid('proxy-officer1-pin'), PINS.host);
  await page.fill(tid('proxy-officer2-pin'), PINS.scrutineer);
  await page.click(tid('proxy-submit'));
  await page.waitForSelector(`${tid('error')}[data-code="invalid_input"]`);
  assert((await text(page, tid('error'))).includes('上限'), 'the proxy cap is enforced with the reason');
  await page.click(`${tid('proxy-dialog')} .dialog-x`);

  // The host runs the kiosk again.
  await switchTo(page, 'host');

  // At the kiosk: the holder votes for two homes (their own, and the owner's under the proxy),
  // so the kiosk asks for which; they approve two candidates (a third cannot be ticked) for
  // their own home, then vote for the owner.
  await page.click(tid('vote-kiosk'));
  await page.waitForSelector(tid('kiosk-step-2'));
  await page.fill(tid('kiosk-search'), holder.unit);
  await page.locator(tid('kiosk-person'), { hasText: holder.name }).first().click();
  await page.waitForSelector(tid('kiosk-entries'));
  assertEqual(await page.locator(tid('kiosk-entry')).count(), 2, 'the holder\'s own home and the owner\'s');
  assert((await text(page, tid('kiosk-entries'))).includes('受委托代投'), 'the proxy\'s home says so');
  await page.locator(tid('kiosk-entry'), { hasText: holder.name }).click();
  await page.waitForSelector(tid('ballot-candidate'));
  await page.click('.ballot-candidate:has-text("张明")');
  await page.click('.ballot-candidate:has-text("李华")');
  assert(await page.isDisabled(`${tid('ballot-candidate')}[value="2"]`), 'a third approval cannot be ticked');
  await page.screenshot({ path: await artifact('vote-kiosk-election.png'), fullPage: true });
  await page.click(tid('ballot-next'));
  await page.waitForSelector(tid('kiosk-preview'));
  assertEqual(await text(page, `${tid('kiosk-choice')} strong`), '赞成：张明、李华', 'the approvals are read back by name');
  const own = await page.$$eval(`${tid('kiosk-preview')} .doc-line`, (ls) => Object.fromEntries(ls.map((l) => [l.dataset.field ?? '', l.querySelector('.doc-value')?.textContent ?? ''])));
  await page.click(tid('kiosk-continue'));
  await page.fill(tid('kiosk-pin'), PINS.owner1);
  await page.click(tid('kiosk-sign'));
  await page.waitForSelector(tid('kiosk-receipt'));
  await page.click(tid('kiosk-next'));

  await page.fill(tid('kiosk-search'), holder.unit);
  await page.locator(tid('kiosk-person'), { hasText: holder.name }).first().click();
  await page.waitForSelector(tid('kiosk-entries'));
  assertEqual(await page.getAttribute(`${tid('kiosk-entry')}:has-text("${holder.name}")`, 'data-voted'), 'true', 'the own home has voted');
  await page.locator(tid('kiosk-entry'), { hasText: owner }).click();
  assert((await text(page, tid('ballot-entry-for'))).includes(owner), 'the ballot says for whom');
  await page.click('.ballot-candidate:has-text("王芳")');
  await page.screenshot({ path: await artifact('vote-kiosk-proxy.png'), fullPage: true });
  await page.click(tid('ballot-next'));
  await page.waitForSelector(tid('kiosk-preview'));
  const lines = await page.$$eval(`${tid('kiosk-preview')} .doc-line`, (ls) => Object.fromEntries(ls.map((l) => [l.dataset.field ?? '', l.querySelector('.doc-value')?.textContent ?? ''])));
  assert(lines.entry_units && !lines.entry_units.includes(holder.unit), `the ballot counts for the owner's home, not the holder's (${lines.entry_units})`);
  assert(/^[0-9]+$/.test(lines.cast_by_id ?? '') && lines.cast_by_id === own.cast_by_id && lines.entry_id !== own.entry_id, `and is signed by the proxy (the holder, ${own.cast_by_id}) for another entry (${lines.entry_id}, not ${own.entry_id})`);
  await page.click(tid('kiosk-continue'));
  await page.fill(tid('kiosk-pin'), PINS.owner1);
  await page.click(tid('kiosk-sign'));
  await page.waitForSelector(tid('kiosk-receipt'));

  // Paper: the secretary enters a blank ballot (an abstention) with two witnesses who hold other
  // witnessing offices (the host and the scrutineer), and one whose identity failed.
  await switchTo(page, 'secretary');
  await page.click(tid('nav-votes'));
  await page.locator(tid('vote-link')).first().click();
  await page.click(tid('vote-paper-open'));
  const paperVoter = await pickPerson(page, 'paper-person', '5栋 1101');
  await page.check(tid('paper-mark-blank'));
  await page.setInputFiles(tid('paper-scan'), SCAN);
  await selectByText(page, tid('witness1-key'), host.name);
  await selectByText(page, tid('witness2-key'), scrutineer.name);
  await page.fill(tid('witness1-pin'), PINS.host);
  await page.fill(tid('witness2-pin'), PINS.scrutineer);
  await page.screenshot({ path: await artifact('vote-paper-dialog.png'), fullPage: true });
  await page.click(tid('paper-submit'));
  await page.waitForSelector(tid('paper-result'));
  assert((await text(page, tid('paper-result'))).includes('空白票'), 'the paper ballot is entered as blank');
  await page.click(tid('paper-next'));
  await pickPerson(page, 'paper-person', '5栋 1103');
  await page.check(tid('paper-mark-identity_failed'));
  await page.click(tid('paper-submit'));
  await page.waitForSelector(tid('paper-result'));
  assert((await text(page, tid('paper-result'))).includes('拒收'), 'an identity failure is recorded as refused');
  await page.click(tid('paper-close'));
  await eventually(async () => (await text(page, tid('vote-refused'))).includes('身份未能核实'), true, 'the refusal is listed');
  await eventually(() => page.locator(`${tid('vote-ballots')} tbody tr`).count(), 3, 'three ballots');
  assert((await text(page, tid('vote-ballots'))).includes('纸质票') && (await text(page, tid('vote-ballots'))).includes('委托代投'), 'channels and the proxy are shown');
  assert(!(await text(page, tid('vote-ballots'))).includes(paperVoter), 'no names in the ballots table');
  await page.screenshot({ path: await artifact('vote-election-live.png'), fullPage: true });

  // The host closes it.
  await switchTo(page, 'host');
  await page.click(tid('vote-close'));
  await page.waitForSelector(tid('close-host-pin'));
  await page.waitForSelector(tid('close-secretary-pin'));
  // Each signer chooses their own key (several people may hold a counting office).
  await selectByText(page, tid('close-host-key'), host.name);
  await selectByText(page, tid('close-secretary-key'), secretary.name);
  await selectByText(page, tid('close-officer-key'), scrutineer.name);
  await page.fill(tid('close-host-pin'), PINS.host);
  await page.fill(tid('close-secretary-pin'), PINS.secretary);
  await page.fill(tid('close-officer-pin'), PINS.scrutineer);
  await page.click(tid('close-submit'));
  await page.waitForSelector(tid('vote-result'));
  const result = await text(page, tid('vote-result'));
  assert(result.includes('张明') && result.includes('王芳'), `the election block names the candidates:\n${result}`);
  assert(/Pn \/ Pa\s+3\s/.test(result), `three persons took part:\n${result}`);
  assert((await text(page, tid('vote-final'))).includes('询异期至'), 'the objection window is shown');
  const paperPanel = page.locator(`details.sig-panel:has(${tid('signature-list')}[data-subject$=":paper"])`);
  await paperPanel.locator('summary').click();
  await paperPanel.locator(tid('signature-count')).waitFor();
  assertEqual(await paperPanel.locator(`${tid('signature-verdict')}[data-valid="true"]`).count(), 2, 'the two witnesses\' signatures verify');
  await page.screenshot({ path: await artifact('vote-election-result.png'), fullPage: true });
});

// `node tests/e2e/voting.test.mjs` runs just these tests (as `node tests/e2e/run.mjs voting:`).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const run = spawnSync(process.execPath, [fileURLToPath(new URL('./run.mjs', import.meta.url)), 'voting:'], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}
