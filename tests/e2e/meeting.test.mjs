// A meeting run through the UI, as in a community hall: the demo is loaded, its host signs in,
// and keys are enrolled (through the API: enrolment has its own tests) for the owners'
// committee's two members (the host and the secretary sign with their demo keys). A matter is raised and taken up by the party branch; an owners'
// committee meeting is scheduled for tomorrow with an agenda item for it; announcing is refused
// for short notice (7 days, 指导规则 Art. 39) with the backend's message, then accepted and the
// warning stays on record. Both members sign in at the kiosk (the quorum line says 2 of 2);
// the meeting starts, two speakers take the floor in turn with the countdown running (also on
// the projector page), the meeting ends, the secretary signs in and writes the item's notes and decision,
// finalises the minutes, and everyone who must sign signs them at the kiosk. The minutes show
// both speeches with their times and every signature with its fingerprint, valid; the printable
// copy carries the hash. The matter lists the meeting; its gate refuses to let a committee's
// minutes close the party branch's stage, and says which minutes it needs.

import { createHash } from 'node:crypto';
import { assert, assertEqual, demoAs, eventually, sessionToken, sleep, switchTo, test, tid } from './lib.mjs';

const MATTER = '2栋屋顶防水维修';
const MEETING = '业委会第十二次会议';
const NOTES = '与会委员同意维修2栋屋顶防水，由三方拟定方案并征求2栋业主意见。';
const DECISION = '同意转交三方协议';

const text = async (page, selector) => ((await page.textContent(selector)) ?? '').trim();

/** A direct call with the page's session (the person signed in there). */
async function api(server, page, op, args) {
  const token = await sessionToken(page);
  const res = await fetch(new URL(`api/${op}`, server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { 'x-yishi-session': token } : {}) },
    body: JSON.stringify(args),
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`${op}: ${body.message}`);
  return body;
}

/** At the kiosk on a task (step 2, "find your name"): `who` signs with `pin`; back to step 2. */
async function signAtKiosk(page, who, pin) {
  await page.waitForSelector(tid('kiosk-step-2'));
  await page.fill(tid('kiosk-search'), who.unit);
  await page.locator(tid('kiosk-person'), { hasText: who.name }).first().click();
  await page.waitForSelector(tid('kiosk-preview'));
  await page.click(tid('kiosk-continue'));
  await page.fill(tid('kiosk-pin'), pin);
  await page.click(tid('kiosk-sign'));
  await page.waitForSelector(tid('kiosk-receipt'));
  const code = await text(page, tid('receipt-code'));
  assert(/^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/.test(code), `a receipt for ${who.name}: "${code}"`);
  await page.click(tid('kiosk-next'));
}

/**
 * On a meeting page: when the notice count reaches a year with no holiday schedule (the
 * "missing year" box), the host signs the override with a reason at the kiosk, as a host would;
 * returns the reason (null when every year is there: nothing to do).
 */
async function overrideMissingYear(page, host, artifact) {
  await page.waitForSelector(`${tid('notice-check')}, ${tid('calendar-missing')}`);
  if (!(await page.isVisible(tid('calendar-missing')))) return null;
  const year = await page.getAttribute(tid('calendar-missing'), 'data-year');
  assert((await text(page, tid('calendar-missing'))).includes(year), `the box names the missing year ${year}`);
  const reason = `${year}年节假日安排尚未公布，委员会会议按仅周六、周日休息计算通知期，主持人确认先行。`;
  await page.click(`${tid('calendar-missing')} summary`);
  await page.fill(tid('calendar-override-reason'), reason);
  await page.click(tid('calendar-override-sign'));
  await signAtKiosk(page, host, host.pin);
  await page.click(tid('kiosk-back'));
  await page.waitForSelector(tid('meeting-heading'));
  await page.waitForSelector(tid('calendar-overrides'));
  assert((await text(page, tid('calendar-overrides'))).includes(reason), 'the signed reason is in force on the meeting');
  await page.screenshot({ path: await artifact('meeting-calendar-override.png'), fullPage: true });
  await page.waitForSelector(tid('notice-check'));
  return reason;
}

/** Gives the floor to the first in the queue, checks the countdown runs, stops after ~2 s. */
async function speech(page, name) {
  const first = page.locator(tid('queue-item')).first();
  assertEqual((await first.locator('.queue-name').textContent())?.trim(), name, `${name} is first in the queue`);
  await first.locator(tid('speaker-start')).click();
  await page.waitForSelector(`${tid('speaking-name')}:has-text("${name}")`);
  const c1 = await text(page, tid('countdown'));
  assert(/^[23]:\d\d$/.test(c1), `the countdown starts near the 3-minute default: "${c1}"`);
  await sleep(2300);
  const c2 = await text(page, tid('countdown'));
  assert(c2 !== c1 && /^2:5\d$/.test(c2), `the countdown runs: "${c1}" then "${c2}"`);
  await page.click(tid('speaker-stop'));
  await page.waitForSelector(tid('nobody-speaking'));
}

test('meeting: agenda, sign-in, two timed speakers, minutes finalised and signed', async ({ server, page, artifact }) => {
  await demoAs(page, server, 'host');
  await page.waitForSelector(tid('roll-persons'));

  // The officers have demo keys; the committee's members get keys here.
  const community = (await api(server, page, 'community_list', {}))[0];
  const roles = await api(server, page, 'role_list', { community_id: community.id });
  const person = (role, i = 0) => {
    const r = roles.filter((x) => x.role === role)[i];
    assert(r, `the demo has a ${role} #${i}`);
    return { id: r.person_id, name: r.name, unit: r.units[0].split(' ')[1], pin: `${24680 + r.person_id}`.padStart(6, '1') };
  };
  const host = { ...person('host'), pin: 'demo-host-2026' };
  const secretary = { ...person('secretary'), pin: 'demo-secretary-2026' };
  const member1 = person('owners_committee', 0);
  const member2 = person('owners_committee', 1);
  // The signed-in host signs the enrolment certificates with their own key and PIN.
  const hostKey = (await api(server, page, 'host_keys', { community_id: community.id }))[0].key_id;
  const registrar = { key_id: hostKey, pin: host.pin };
  for (const p of [member1, member2]) {
    await api(server, page, 'key_enrol', { community_id: community.id, person_id: p.id, pin: p.pin, checked_by: '测试记录员', check: 'id_card', registrar });
  }
  const byName = new Map([host, secretary, member1, member2].map((p) => [p.name, p]));

  // A matter, taken up by the party branch.
  await page.click(tid('nav-matters'));
  await page.click(tid('matter-new'));
  await page.fill(tid('matter-title'), MATTER);
  await page.fill(tid('matter-description'), '2栋顶层多户反映雨季屋顶渗水，楼栋长收集了 12 户意见和照片。');
  await page.selectOption(tid('matter-category'), 'building_common_parts');
  await page.check(`${tid('matter-building')}[value="2栋"]`);
  await page.fill(tid('matter-raised-by'), '2栋楼栋长 王秀英');
  await page.click(tid('matter-raise'));
  await page.waitForSelector(tid('matter-heading'));
  assertEqual(await page.getAttribute(tid('matter-stage'), 'data-stage'), 'raised', 'a new matter is at the raised stage');
  assert((await text(page, tid('matter-waiting'))).includes('党组织'), 'it waits for the party branch');
  await page.click(tid('step-take-up'));
  await eventually(() => page.getAttribute(tid('matter-stage'), 'data-stage'), 'party_branch', 'taken up by the branch');
  const matterUrl = page.url();
  const taken = await text(page, tid('matter-timeline'));
  assert(taken.includes('受理') && taken.includes(host.name), `the timeline names the signed-in host who took it up: "${taken}"`);

  // An owners' committee meeting tomorrow evening, with the matter on the agenda.
  await page.click(tid('nav-meetings'));
  await page.waitForSelector(`${tid('meeting-list')}, ${tid('meetings-empty')}`);
  await page.click(tid('meeting-new'));
  await page.selectOption(tid('meeting-kind'), 'committee');
  assert((await text(page, tid('meeting-notice-rule'))).includes('7日'), 'the form says a committee meeting needs 7 days');
  await page.fill(tid('meeting-title'), MEETING);
  await page.fill(tid('meeting-place'), '社区议事亭');
  await page.fill(tid('meeting-host-search'), host.name);
  await page.locator(tid('meeting-host-hit'), { hasText: host.name }).first().click();
  await page.fill(tid('meeting-secretary-search'), secretary.name);
  await page.locator(tid('meeting-secretary-hit'), { hasText: secretary.name }).first().click();
  await page.click(tid('meeting-schedule'));
  await page.waitForSelector(tid('meeting-heading'));
  assertEqual(await page.getAttribute(tid('meeting-status'), 'data-status'), 'draft', 'a new meeting is a draft');
  // Late in a year the notice count may reach a year whose holiday schedule is not loaded (never
  // invented): then the page says which year, and the host goes on with a signed reason.
  const override = await overrideMissingYear(page, host, artifact);
  assertEqual(await page.getAttribute(tid('notice-check'), 'data-ok'), 'false', 'tomorrow is short notice for a committee meeting');

  await page.waitForSelector(`${tid('agenda-matter')} option:has-text("${MATTER}")`, { state: 'attached' });
  const option = await page.$$eval(`${tid('agenda-matter')} option`, (os, title) => os.find((o) => o.textContent.includes(title))?.value ?? '', MATTER);
  assert(option, 'the matter is offered for the agenda');
  await page.selectOption(tid('agenda-matter'), option);
  assertEqual(await page.inputValue(tid('agenda-title')), MATTER, 'the matter\'s title fills the item\'s title');
  await page.fill(tid('agenda-minutes'), '10');
  await page.click(tid('agenda-add'));
  await page.waitForSelector(tid('agenda-item'));
  await page.fill(tid('agenda-title'), '其他事项');
  await page.fill(tid('agenda-minutes'), '5');
  await page.click(tid('agenda-add'));
  await eventually(() => page.locator(tid('agenda-item')).count(), 2, 'two items on the agenda');
  // Reorder: the second item up, then back down.
  await page.locator(tid('agenda-item')).nth(1).locator(tid('agenda-up')).click();
  await eventually(() => text(page, `${tid('agenda-item')}:first-child ${tid('agenda-item-title')}`), '其他事项', 'moved up');
  await page.locator(tid('agenda-item')).first().locator(tid('agenda-down')).click();
  await eventually(() => text(page, `${tid('agenda-item')}:first-child ${tid('agenda-item-title')}`), MATTER, 'moved back down');

  // Announcing: refused for short notice, with the backend's reason; then accepted on record.
  await page.click(tid('meeting-announce'));
  await page.waitForSelector(`${tid('error')}:has-text("通知期不足")`);
  const refusal = await text(page, tid('error'));
  assert(refusal.includes('第三十九条') && refusal.includes('7日'), `the refusal cites the rule: "${refusal}"`);
  await page.check(tid('announce-accept-short'));
  await page.click(tid('meeting-announce'));
  await eventually(() => page.getAttribute(tid('meeting-status'), 'data-status'), 'announced', 'announced');
  assert(await page.isVisible(tid('notice-on-record')), 'the short notice stays on record');
  await page.screenshot({ path: await artifact('meeting-announced.png'), fullPage: true });

  // The printable notice.
  await page.click(tid('meeting-notice'));
  await page.waitForSelector(tid('meeting-notice-view'));
  const notice = await text(page, tid('meeting-notice-view'));
  assert(notice.includes(MEETING) && notice.includes(MATTER), 'the notice names the meeting and its agenda');
  if (override) assert(notice.includes(override), `the notice prints the host's signed reason for the missing year:\n${notice}`);
  await page.keyboard.press('Escape');
  await page.waitForSelector(tid('meeting-notice-dialog'), { state: 'detached' });

  // Both members sign in at the kiosk.
  const meetingUrl = page.url();
  const meetingId = Number(/#\/meetings\/(\d+)/.exec(meetingUrl)[1]);
  await page.click(tid('signin-kiosk'));
  assert((await text(page, '.kiosk-doc-line')).includes(MEETING), 'the kiosk is on this meeting\'s sign-in');
  await signAtKiosk(page, member1, member1.pin);
  await signAtKiosk(page, member2, member2.pin);
  await page.click(tid('kiosk-back'));
  await page.waitForSelector(tid('meeting-heading'));
  await eventually(() => page.locator(tid('attendee')).count(), 2, 'two signed in');
  assertEqual(await page.getAttribute(tid('quorum'), 'data-met'), 'true', 'the quorum is met');
  const quorum = await text(page, tid('quorum'));
  assert(quorum.includes('已到 2 人') && quorum.includes('应到 2 人'), `the quorum line: "${quorum}"`);
  const signedIn = await page.$$eval(`${tid('attendee')}[data-how="signed"] ${tid('sig-ref')}`, (els) => els.map((e) => [e.dataset.signer, e.dataset.valid, e.querySelector('.fp')?.textContent ?? '']));
  assertEqual(signedIn.length, 2, 'both sign-ins carry a signature');
  assert(signedIn.every(([, valid, fp]) => valid === 'true' && /^[0-9A-F]{4}( [0-9A-F]{4}){3}$/.test(fp)), `valid, with fingerprints: ${JSON.stringify(signedIn)}`);

  // The meeting: two speakers in turn, the countdown running.
  await page.click(tid('meeting-start'));
  await page.waitForSelector(tid('floor-card'));
  assert((await text(page, tid('floor-item'))).includes(MATTER), 'the first item is on');
  for (const m of [member1, member2]) {
    await page.selectOption(tid('speaker-present'), String(m.id));
    await page.click(tid('speaker-add'));
    await page.waitForSelector(`${tid('queue-item')}:has-text("${m.name}")`);
  }
  assertEqual(await page.locator(tid('queue-item')).count(), 2, 'two in the queue');
  await speech(page, member1.name);

  // The projector page shows the second speaker while they speak.
  await page.locator(tid('queue-item')).first().locator(tid('speaker-start')).click();
  await page.waitForSelector(`${tid('speaking-name')}:has-text("${member2.name}")`);
  const projector = await page.context().newPage();
  // A window the app opens gets a copy of its sessionStorage: the same session.
  await projector.addInitScript((token) => window.sessionStorage.setItem('yishi.session', token), await sessionToken(page));
  await projector.goto(`${server.url}#/projector/${meetingId}`);
  await projector.waitForSelector(`${tid('pj-speaker-name')}:has-text("${member2.name}")`);
  assert((await text(projector, tid('pj-item'))).includes(MATTER), 'the projector shows the item');
  assert(/^[23]:\d\d$/.test(await text(projector, tid('pj-countdown'))), 'the projector shows the countdown');
  assert((await text(projector, tid('pj-attend'))).includes('已达到'), 'the projector shows the quorum');
  await projector.screenshot({ path: await artifact('meeting-projector-browser.png') });
  await projector.close();
  await sleep(1500);
  await page.click(tid('speaker-stop'));
  await page.waitForSelector(tid('nobody-speaking'));
  const done = await page.$$eval(`${tid('speech-done')}`, (trs) => trs.map((tr) => Array.from(tr.children, (c) => (c.textContent ?? '').trim())));
  assertEqual(done.length, 2, 'two speeches made');
  assert(done.every((r) => /^\d+秒$/.test(r[2]) && Number(r[2].replace('秒', '')) >= 2), `each speech's time: ${JSON.stringify(done)}`);
  assert((await page.getAttribute(`${tid('agenda-item')}[data-current="true"] ${tid('item-time')}`, 'data-used')) !== '0', 'the item\'s running time is shown');
  await page.screenshot({ path: await artifact('meeting-running.png'), fullPage: true });

  // End; the secretary then writes the notes and finalises the minutes.
  await page.click(tid('meeting-end'));
  await page.click(tid('confirm-ok'));
  await eventually(() => page.getAttribute(tid('meeting-status'), 'data-status'), 'ended', 'the meeting ended');
  await switchTo(page, 'secretary');
  const form = page.locator(`${tid('notes-form')}`).first();
  await form.locator(tid('item-notes')).fill(NOTES);
  await form.locator(tid('item-decision')).fill(DECISION);
  await form.locator(tid('item-notes-save')).click();
  await page.waitForSelector(`${tid('notice')}:has-text("已保存")`);
  await page.click(tid('minutes-preview'));
  await page.waitForSelector(tid('minutes-draft'));
  const draft = await text(page, tid('minutes-draft'));
  assert(draft.includes(NOTES) && draft.includes(DECISION), 'the draft has the notes and the decision');
  await page.click(tid('minutes-finalize'));
  await page.click(tid('confirm-ok'));
  await page.waitForSelector(tid('minutes-final'));
  const hash = await text(page, tid('minutes-hash'));
  assert(/^[0-9a-f]{64}$/.test(hash), `the text hash: "${hash}"`);
  const minutes = await text(page, tid('minutes-text'));
  for (const m of [member1, member2]) {
    assert(new RegExp(`发言：${m.name}，用时 0分0[2-9]秒（限时 3分00秒）`).test(minutes), `the minutes have ${m.name}'s speech with its time:\n${minutes}`);
    assert(minutes.includes(m.name), `${m.name} is among those present`);
  }
  assert(minutes.includes(NOTES) && minutes.includes(DECISION), 'the minutes have the notes and the decision');
  const required = await page.$$eval(tid('minutes-signer'), (els) => els.map((e) => e.dataset.name));
  assert(required.length >= 2 && required.every((n) => byName.has(n)), `those who must sign are people with keys: ${required.join('、')}`);
  assert(required.includes(member1.name) && required.includes(member2.name), 'every attending member must sign');
  assertEqual(await page.getAttribute(tid('minutes-final'), 'data-complete'), 'false', 'not yet signed');
  assert((await text(page, tid('publish-by'))).includes('3日内'), 'the publication deadline is shown');

  // Everyone who must sign, at the kiosk.
  await page.click(tid('minutes-kiosk'));
  assert((await text(page, '.kiosk-doc-line')).includes(MEETING), 'the kiosk is on the minutes');
  for (const name of required) await signAtKiosk(page, byName.get(name), byName.get(name).pin);
  await page.click(tid('kiosk-back'));
  await page.waitForSelector(tid('minutes-final'));
  await eventually(() => page.getAttribute(tid('minutes-final'), 'data-complete'), 'true', 'the minutes are signed by all');
  const sigs = await page.$$eval(`${tid('minutes-signer')} ${tid('sig-ref')}`, (els) => els.map((e) => [e.dataset.signer, e.dataset.valid, e.querySelector('.fp')?.textContent ?? '']));
  assertEqual(sigs.length, required.length, 'a signature for each');
  assert(sigs.every(([, valid, fp]) => valid === 'true' && /^[0-9A-F]{4}( [0-9A-F]{4}){3}$/.test(fp)), `each valid, with its fingerprint: ${JSON.stringify(sigs)}`);
  assert((await text(page, tid('minutes-status'))).includes('全部签署'), 'the status says complete');
  await page.screenshot({ path: await artifact('meeting-minutes-signed.png'), fullPage: true });

  // The printable minutes carry the hash and the fingerprints.
  await page.click(tid('minutes-export'));
  await page.waitForSelector(tid('minutes-print-view'));
  const printed = await text(page, tid('minutes-print-view'));
  assert(printed.includes(hash), 'the printed minutes carry the text hash');
  assert(sigs.every(([, , fp]) => printed.replaceAll(' ', '').includes(fp.replaceAll(' ', ''))), 'the printed minutes carry every fingerprint');
  await page.keyboard.press('Escape');

  // The matter lists the meeting with its signed minutes; but a committee's minutes cannot
  // close the party branch's stage: the gate refuses, and says which minutes it needs.
  await page.goto(matterUrl);
  await page.waitForSelector(tid('step-forward'));
  assert((await text(page, tid('matter-meetings'))).includes('签署齐全'), 'the matter lists the meeting with its signed minutes');
  await page.fill(tid('step-direction'), '同意维修，由三方拟定方案');
  await page.click(tid('step-forward-submit'));
  await page.waitForSelector(`${tid('error')}:has-text("党支部会议")`);
  assertEqual(await page.getAttribute(tid('matter-stage'), 'data-stage'), 'party_branch', 'the matter stays with the party branch');
  assertEqual(await page.inputValue(tid('step-direction')), '同意维修，由三方拟定方案', 'what was typed is kept');
  await page.screenshot({ path: await artifact('meeting-matter-gate.png'), fullPage: true });
});

test('matters: the board, an urgent skip signed at the kiosk, a proposal, a vote refused for an unannounced item', async ({ server, page, artifact }) => {
  await demoAs(page, server, 'host');
  await page.waitForSelector(tid('roll-persons'));
  const community = (await api(server, page, 'community_list', {}))[0];
  const roles = await api(server, page, 'role_list', { community_id: community.id });
  const hostRole = roles.find((r) => r.role === 'host');
  const host = { id: hostRole.person_id, name: hostRole.name, unit: hostRole.units[0].split(' ')[1], pin: 'demo-host-2026' };
  const title = '5栋外墙瓷砖脱落';
  const raised = await api(server, page, 'matter_raise', { community_id: community.id, title, description: '5栋东侧外墙瓷砖脱落，砸坏一辆电动车。', category: 'building_common_parts', buildings: ['5栋'], raised_by: '网格员 陈丽' });
  const matterId = raised.summary.matter_id;

  // The board: counts per stage, and a count filters the list.
  await page.click(tid('nav-matters'));
  await page.waitForSelector(tid('matter-list'));
  const raisedCount = Number(await text(page, `${tid('stage-raised')} .stage-tile-count`));
  assert(raisedCount >= 1, `the board counts the raised matters: ${raisedCount}`);
  await page.click(tid('stage-raised'));
  await eventually(() => page.locator(tid('matter-row')).count(), raisedCount, 'the list shows the raised matters only');
  assert(await page.$$eval(tid('matter-row'), (rows) => rows.every((r) => r.dataset.stage === 'raised')), 'every row is at the raised stage');
  await page.selectOption(tid('matter-filter-building'), '5栋');
  await eventually(() => page.locator(tid('matter-row')).count(), 1, 'one raised matter for building 5');
  await page.locator(tid('matter-link'), { hasText: title }).click();

  // An urgent skip: the reason is signed by the host at the kiosk, then submitted.
  await page.waitForSelector(tid('matter-heading'));
  await page.click(`${tid('urgent-box')} summary`);
  await page.selectOption(tid('urgent-to'), 'three_parties');
  const reason = '外墙瓷砖随时可能继续脱落，危及行人安全，须立即由三方拟定维修方案。';
  await page.fill(tid('urgent-reason'), reason);
  await page.click(tid('urgent-sign'));
  await page.waitForSelector(tid('kiosk-step-2'));
  assert((await text(page, '.kiosk-doc-line')).includes(title), 'the kiosk is on the urgent skip');
  await page.fill(tid('kiosk-search'), host.unit);
  await page.locator(tid('kiosk-person'), { hasText: host.name }).first().click();
  await page.waitForSelector(tid('kiosk-preview'));
  assert((await text(page, tid('kiosk-preview'))).includes(reason), 'the host reads the reason before signing');
  await page.click(tid('kiosk-continue'));
  await page.fill(tid('kiosk-pin'), host.pin);
  await page.click(tid('kiosk-sign'));
  await page.waitForSelector(tid('kiosk-receipt'));
  await page.click(tid('kiosk-done'));
  await page.waitForSelector(tid('urgent-submit'), { state: 'attached' });
  await page.click(`${tid('urgent-box')} summary`);
  assert((await text(page, tid('urgent-signed'))).includes(reason), 'the signed reason waits to be used');
  await page.click(tid('urgent-submit'));
  await eventually(() => page.getAttribute(tid('matter-stage'), 'data-stage'), 'three_parties', 'skipped to the three parties');
  const urgent = await text(page, tid('timeline-urgent'));
  assert(urgent.includes(reason) && urgent.includes(host.name) && urgent.includes('党组织先议'), `the timeline shows the skip, its reason and signer: "${urgent}"`);
  assert(await page.isVisible(tid('matter-urgent')), 'the matter is marked urgent');
  const sig = await page.$$eval(`${tid('timeline-signatures')} ${tid('sig-ref')}`, (els) => els.map((e) => e.dataset.valid));
  assert(sig.length >= 1 && sig.every((v) => v === 'true'), `the skip's signature is shown, valid: ${sig}`);

  assertEqual(await page.locator(tid('urgent-submit')).count(), 0, 'the used reason is no longer offered');

  // A photo attached: its name, size and SHA-256.
  const photo = Buffer.from('yishi e2e: a photo of the fallen tiles');
  await page.setInputFiles(tid('matter-file-input'), { name: '外墙照片.jpg', mimeType: 'image/jpeg', buffer: photo });
  await page.click(tid('matter-file-upload'));
  await page.waitForSelector(tid('matter-file'));
  const sha = createHash('sha256').update(photo).digest('hex');
  assertEqual(await text(page, tid('matter-file-sha')), sha, 'the file is listed with its SHA-256');
  assert((await text(page, tid('matter-file'))).includes('外墙照片.jpg'), 'and its name');

  // The proposal at the three-party stage: written, then waiting for the three parties.
  await page.fill(tid('proposal-text'), '由物业组织专业单位于7日内拆除5栋东侧松动瓷砖并改用真石漆，费用从维修资金列支。');
  await page.click(tid('proposal-save'));
  await page.waitForSelector(tid('proposal-current'));
  assertEqual(await page.locator(`${tid('proposal-parties')} .party-missing`).count(), 3, 'all three parties still have to sign');
  assert(await page.isVisible(tid('proposal-kiosk')), 'the parties are sent to the kiosk');
  await page.screenshot({ path: await artifact('matter-urgent.png'), fullPage: true });

  // In English: the stage, what it waits for, the labels.
  await page.click(tid('lang-toggle'));
  await page.waitForSelector(`${tid('matter-stage')}:has-text("three-party")`);
  assert((await text(page, tid('matter-waiting'))).includes('Waiting for'), 'the page speaks English');
  await page.click(tid('lang-toggle'));
  await page.waitForSelector(`${tid('matter-stage')}:has-text("三方协议")`);

  // A vote tied to an item of a meeting whose agenda is not announced: refused, with the reason.
  const draft = await api(server, page, 'meeting_schedule', { community_id: community.id, kind: 'owners_assembly', mode: 'written', title: '业主大会（书面征求意见）', place: '各楼栋公告栏', starts_at: '2027-01-20T09:00', host_id: host.id, secretary_id: null, entitled: null });
  await api(server, page, 'agenda_add', { meeting_id: draft.summary.meeting_id, title: '外墙维修使用维修资金', matter_id: matterId, planned_minutes: 30 });
  await page.click(tid('nav-votes'));
  await page.click(tid('vote-new'));
  await page.fill(tid('vote-title'), '5栋外墙维修使用维修资金');
  await page.fill(tid('vote-motion'), '同意使用维修资金维修5栋外墙。');
  await page.selectOption(tid('vote-category'), { label: '选聘或解聘物业' });
  await page.waitForSelector(`${tid('vote-meeting')} option[value="${draft.summary.meeting_id}"]`, { state: 'attached' });
  await page.selectOption(tid('vote-meeting'), String(draft.summary.meeting_id));
  await page.waitForSelector(`${tid('vote-item')} option:not([value=""])`, { state: 'attached' });
  const item = await page.$eval(`${tid('vote-item')} option:not([value=""])`, (o) => [o.value, o.textContent]);
  assert(item[1].includes('未公布'), `the item is marked as not announced: "${item[1]}"`);
  await page.selectOption(tid('vote-item'), item[0]);
  assertEqual(await page.inputValue(tid('vote-matter')), String(matterId), "the item's matter becomes the vote's matter");
  await page.click(tid('vote-create'));
  await page.waitForSelector(`${tid('error')}:has-text("公告的议程")`);
  assert((await text(page, tid('error'))).includes('不得就此表决'), 'the refusal says why');
  assert(page.url().endsWith('#/votes/new'), 'the form stays, with what was typed');
  await page.screenshot({ path: await artifact('vote-unannounced-item.png'), fullPage: true });
});
