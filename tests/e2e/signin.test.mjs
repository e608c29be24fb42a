// Signing in like a user (issue 13): the first run sets up a community with its first host; the
// sign-in screen takes a wrong then the right PIN; operators switch on one shared laptop (recent
// names first, never a PIN); a building head does not get the host's buttons and a direct call
// with their session is refused with the server's message; a session the server no longer knows
// brings the sign-in screen back and, after signing in, the same page; sign-out; the sign-in
// screen at a phone's width (390 px).

import { apiCall, assert, assertEqual, createCommunity, demoAs, eventually, FIRST_HOST, pickPerson, sessionToken, signInAs, switchTo, test, tid } from './lib.mjs';

const text = async (page, selector) => ((await page.textContent(selector)) ?? '').trim();

test('sign-in: first run makes the first host, wrong then right PIN, sign-out', async ({ server, page }) => {
  await page.goto(server.url);
  // Nobody can sign in yet: the welcome screen, not the sign-in screen.
  await page.waitForSelector(tid('community-create'));
  assertEqual(await page.locator(tid('signin')).count(), 0, 'no sign-in screen on the first run');
  await createCommunity(page, server, { name: '初次小区', buildings: '1栋' });
  assertEqual(await text(page, tid('operator-name')), FIRST_HOST.name, 'the first host is signed in at once');
  assert((await text(page, tid('operator-roles'))).includes('主持人'), 'the top bar shows the office');
  assert((await page.evaluate(() => Object.keys(window.localStorage).join(','))).indexOf('session') < 0, 'no token in localStorage');

  // A reload keeps the person signed in (sessionStorage).
  await page.reload();
  await page.waitForSelector(tid('operator-name'));

  await page.click(tid('sign-out'));
  await page.waitForSelector(tid('signin'));
  assertEqual(await sessionToken(page), null, 'signing out drops the token');
  await pickPerson(page, FIRST_HOST.name);
  await page.fill(tid('signin-pin'), 'not-the-pin-77');
  await page.click(tid('signin-submit'));
  await page.waitForSelector(`${tid('error-banner')}:not([hidden])`);
  assertEqual(await page.getAttribute(tid('error'), 'data-code'), 'wrong_pin', 'a wrong PIN is refused');
  assert((await text(page, tid('error'))).length > 10, 'the server says what to do');
  assertEqual(await page.inputValue(tid('signin-pin')), '', 'the PIN field is emptied');
  await page.fill(tid('signin-pin'), FIRST_HOST.pin);
  await page.click(tid('signin-submit'));
  await page.waitForSelector(tid('operator-name'));
  await page.waitForSelector(tid('roll-persons'));
});

test('sign-in: switching operator, a building head without the host\'s actions, a lost session comes back to the page', async ({ server, page, artifact }) => {
  const host = await demoAs(page, server, 'host');
  const community = (await apiCall(server, page, 'community_list', {})).body[0];
  // The host sees the host's buttons.
  await page.click(tid('nav-votes'));
  await page.waitForSelector(tid('vote-new'));
  assertEqual(await page.getAttribute(tid('vote-new'), 'aria-disabled'), null, 'the host may create a vote');

  const head = await switchTo(page, 'building_head');
  assert(head !== host, 'another person is signed in');
  assert((await text(page, tid('operator-roles'))).includes('楼栋长'), 'the top bar names the office');
  await page.click(tid('nav-votes'));
  await page.waitForSelector(tid('vote-new'));
  assertEqual(await page.getAttribute(tid('vote-new'), 'aria-disabled'), 'true', 'a building head cannot create a vote');
  assert((await page.getAttribute(tid('vote-new'), 'title')).includes('主持人'), 'the tooltip names the office that may');
  await page.evaluate(() => (location.hash = '#/roll/roles'));
  await page.waitForSelector(tid('role-assign-not-allowed'));
  assertEqual(await page.locator(tid('role-assign')).count(), 0, 'no form to assign offices');

  // A direct call with the building head's session is refused with the server's message.
  const hostId = (await apiCall(server, page, 'demo_operators', { community_id: community.id })).body.find((o) => o.role === 'host').person_id;
  const refused = await apiCall(server, page, 'role_assign', { community_id: community.id, person_id: hostId, role: 'secretary', building: null });
  assertEqual(refused.status, 403, 'forbidden');
  assertEqual(refused.body.code, 'forbidden', 'the code says forbidden');
  assert(refused.body.message.includes('主持人'), `the message names who may: ${refused.body.message}`);

  // 切换操作人: the recent operators of this laptop come first, names only.
  await page.click(tid('operator-switch'));
  await page.waitForSelector(tid('signin-recent'));
  const recent = await page.$$eval(`${tid('signin-recent')} .signin-person`, (bs) => bs.map((b) => b.dataset.name));
  assertEqual(recent[0], head, 'the last operator first');
  assert(recent.includes(host), 'the host is among the recent ones');
  assert(!(await text(page, tid('signin-recent'))).includes('demo-'), 'no PIN among the recent operators');
  await signInAs(page, 'secretary');

  // The server forgets the session (signed out elsewhere): the next call brings the sign-in
  // screen with the server's message, and signing in returns to the same page.
  await page.evaluate(() => (location.hash = '#/meetings'));
  await page.waitForSelector(tid('meeting-new'));
  const out = await apiCall(server, page, 'session_sign_out', {});
  assertEqual(out.body, true, 'the session ended on the server');
  await page.click(tid('nav-votes'));
  await page.waitForSelector(tid('signin'));
  assertEqual(await page.getAttribute(tid('error'), 'data-code'), 'sign_in_required', 'the server\'s message is shown');
  assertEqual(await sessionToken(page), null, 'the dead token is dropped');
  await signInAs(page, 'secretary');
  await page.waitForSelector(tid('vote-new'));
  assert(page.url().endsWith('#/votes'), `back on the same page: ${page.url()}`);

  // Signed out: every non-public call is refused.
  const token = await sessionToken(page);
  await page.click(tid('sign-out'));
  await page.waitForSelector(tid('signin'));
  const after = await fetch(`${server.url}api/vote_list`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-yishi-session': token },
    body: JSON.stringify({ community_id: community.id }),
  });
  assertEqual(after.status, 401, 'the old token no longer works');

  // The sign-in screen at a phone's width.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForSelector(tid('demo-operators'));
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(overflow <= 0, `nothing wider than the screen (${overflow} px too wide)`);
  const box = await page.locator('.signin-person').first().boundingBox();
  assert(box && box.height >= 60, 'the person buttons are large touch targets');
  await page.screenshot({ path: await artifact('signin-390.png'), fullPage: true });
  await eventually(async () => (await page.locator(tid('demo-operators')).isVisible()) ? 'shown' : 'hidden', 'shown', 'the demo PIN box is shown');
});

test('sign-in: the app returns to the sign-in screen after the idle minutes; the top bar fits a phone', async ({ server, page, artifact }) => {
  await page.clock.install();
  await demoAs(page, server, 'host');
  await page.waitForSelector(tid('roll-persons'));

  // The top bar (name, offices, 切换操作人, 退出登录, language) at a phone's width.
  await page.setViewportSize({ width: 390, height: 844 });
  const wide = await page.evaluate(() => document.querySelector('.topbar').scrollWidth - window.innerWidth);
  assert(wide <= 0, `the top bar fits 390 px (${wide} px too wide)`);
  await page.screenshot({ path: await artifact('signed-in-390.png') });
  await page.setViewportSize({ width: 1280, height: 860 });

  // 16 minutes without a call: the page drops the token itself (the server would refuse it too).
  await page.clock.fastForward('16:00');
  await page.waitForSelector(tid('signin'));
  assert((await text(page, tid('error'))).includes('15 分钟'), 'the page says why');
  assertEqual(await sessionToken(page), null, 'the token is gone');
});
