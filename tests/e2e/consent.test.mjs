// 住改商 through the UI: load the demo, open a request for a unit of 1栋 from the consent area,
// see every other owner of 1栋 listed as interested by law (all waiting), add an owner of 2栋 who
// showed harm (reason and an evidence file, kept as its hash), hand a consent to the kiosk, and
// export the record.

import { assert, assertEqual, demoAs, test, tid } from './lib.mjs';

test('住改商: open a request, the interested owners, an outside owner, the kiosk, the record', async ({ server, page, artifact }) => {
  // The host opens the request and runs the kiosk.
  await demoAs(page, server, 'host');
  await page.waitForSelector(tid('roll-persons'));
  await page.click(tid('nav-consent'));
  await page.waitForSelector(tid('consent-empty'));

  await page.fill(tid('consent-unit-search'), '101');
  await page.locator(tid('consent-unit-hit'), { hasText: '1栋 101' }).first().click();
  assert((await page.textContent(tid('consent-unit-chosen'))).includes('1栋 101'), 'the unit is chosen');
  assert((await page.inputValue(tid('consent-applicant'))).length > 0, 'the applicant is prefilled with the owner');
  await page.fill(tid('consent-business'), '社区便利店，营业 8:00-21:00');
  await page.fill(tid('consent-deadline'), '2030-01-15T18:00');
  await page.click(tid('consent-open'));

  await page.waitForSelector(tid('consent-parties'));
  const states = await page.$$eval(tid('consent-party'), (rows) => rows.map((r) => r.getAttribute('data-state')));
  assert(states.length > 40, `every other owner of 1栋 is listed: ${states.length}`);
  assert(states.every((s) => s === 'waiting'), 'nobody has answered yet');
  assertEqual(await page.getAttribute(tid('consent-status'), 'data-status'), 'pending', 'the request is pending');
  if (artifact) await page.screenshot({ path: await artifact('consent-detail.png'), fullPage: true });

  await page.fill(tid('consent-outsider-search'), '2栋 3');
  await page.locator(tid('consent-outsider-hit'), { hasText: '业主' }).first().click();
  await page.fill(tid('consent-reason'), '顾客排队堵住 2栋入口');
  await page.setInputFiles(tid('consent-evidence'), { name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('照片') });
  await page.click(tid('consent-add'));
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="consent-party"]').length === n + 1, states.length);
  assert((await page.textContent(tid('consent-parties'))).includes('顾客排队堵住'), 'the outside owner is listed with the reason');

  await page.click(tid('consent-export'));
  await page.waitForSelector(`${tid('consent-exported')}:not([hidden])`);

  await page.locator(tid('consent-sign-yes')).first().click();
  await page.waitForSelector(tid('kiosk'));
  assert((await page.textContent(tid('kiosk'))).includes('1栋 101'), 'the kiosk names the request');
});
