// Conventions (公约) through the UI, on the demo community 阳光山庄, whose civility convention was
// adopted on paper, filed and published, acknowledged by the tenant households, and practised:
// the patrols recorded 12 violations in the month before last and 5 last month.
//
// 1. The evaluation report for last month shows the demo's real figures — 5 against 12, 下降约58%,
//    per article and per building, coverage 16/268 — as SVG bars; a violation recorded through
//    the form (with a photo, kept only as its hash) changes the report; an owner acknowledges
//    the convention at the kiosk and coverage goes up in the building, the total and the report.
// 2. A new meeting-conduct convention is drafted (articles with a meeting limit), suggested on,
//    reviewed, frozen (its hash shown) and put to an adoption vote under the instrument chosen
//    with the backend's explanation; the vote is linked; adopting before the vote closed is
//    refused with the backend's message. The civility convention is amended and the diff marks
//    the changed characters.
// 3. The 从众 clause on a vote's page: a service recorded with method, evidence hash and date.

import { createHash } from 'node:crypto';
import { assert, assertEqual, demoAs, eventually, sessionToken, switchTo, test, tid } from './lib.mjs';

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

/** Last month as "YYYY-MM" and a day in it, by this machine's clock (the server's too). */
function lastMonth() {
  const now = new Date();
  const d = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  const m = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
  return { month: m, day: `${m}-20` };
}

/** The demo, signed in as `role` (the host unless said). */
async function loadDemo(page, server, role = 'host') {
  await demoAs(page, server, role);
  await page.waitForSelector(tid('roll-persons'));
  return (await api(server, page, 'community_list', {}))[0];
}

const row = (page, testid, key) => page.locator(`${tid(testid)}[data-key="${key}"]`);
async function trendRow(page, testid, key) {
  const r = row(page, testid, key);
  return `${await r.getAttribute('data-previous')}→${await r.getAttribute('data-current')} ${((await r.locator(tid(`${testid}-trend`)).textContent()) ?? '').trim()}`;
}

test('conventions: the evaluation report with the demo figures, a violation recorded, an acknowledgement at the kiosk', async ({ server, page, artifact }) => {
  const community = await loadDemo(page, server);
  const { month, day } = lastMonth();

  // The list: both demo conventions, in force, with coverage.
  await page.click(tid('nav-conventions'));
  await page.waitForSelector(tid('conv-list'));
  const civility = page.locator(`${tid('conv-row')}[data-kind="residents_convention"]`);
  assertEqual(await page.locator(tid('conv-row')).count(), 2, 'the civility convention and the meeting conduct rules');
  assert((await civility.textContent()).includes('阳光山庄居民文明公约'), 'the civility convention is listed');
  assertEqual((await civility.locator(tid('conv-coverage')).textContent()).trim(), '16/268 户（5%）', 'the tenants\' acknowledgements');
  assertEqual(await civility.locator(tid('conv-status')).getAttribute('data-status'), 'adopted', 'in force');

  // The report for last month.
  await civility.locator(tid('conv-report-link')).click();
  await page.waitForSelector(tid('report-sheet'));
  assertEqual(await page.inputValue(tid('report-month')), month, 'the report opens on last month');
  assertEqual(await text(page, tid('report-headline')), '本期违约 5 起，比上期 12 起下降约 58%。', 'the backend\'s headline');
  assertEqual(await text(page, tid('report-total-current')), '5 起', 'this period');
  assertEqual(await text(page, tid('report-total-previous')), '12 起', 'the previous period');
  assertEqual(await text(page, tid('report-trend')), '下降约58%', 'the trend, flagged as rounded');
  assertEqual(await text(page, tid('report-persuaded')), '4 起', 'persuasions this period');
  assertEqual(await text(page, tid('report-coverage')), '16/268 户（5%）', 'coverage');
  assertEqual(await trendRow(page, 'report-article-row', '1'), '1→0 下降100%', '第一条');
  assertEqual(await trendRow(page, 'report-article-row', '3'), '4→2 下降50%', '第三条 (dogs)');
  assertEqual(await trendRow(page, 'report-article-row', '4'), '3→1 下降约67%', '第四条 (parking)');
  assertEqual(await trendRow(page, 'report-article-row', '5'), '1→1 持平', '第五条');
  assertEqual(await trendRow(page, 'report-building-row', '1栋'), '2→1 下降50%', '1栋');
  assertEqual(await trendRow(page, 'report-building-row', '4栋'), '2→0 下降100%', '4栋');
  assertEqual(await trendRow(page, 'report-building-row', 'public'), '3→1 下降约67%', 'the car park entrance');
  assert((await text(page, `${tid('report-article-row')}[data-key="3"]`)).includes('文明养犬'), 'each article is named with its text');
  // The bars: one pair per article, heights from the figures.
  const articleChart = page.locator(`svg${tid('chart-articles')}`);
  assertEqual(await articleChart.locator('g.chart-row rect.bar-cur').count(), 6, 'a bar for this period per article');
  assertEqual(await articleChart.locator('g[data-key="3"] rect.bar-prev').getAttribute('data-value'), '4', 'article 3 last-but-one month');
  assertEqual(await articleChart.locator('g[data-key="3"] rect.bar-cur').getAttribute('data-value'), '2', 'article 3 last month');
  const w3 = Number(await articleChart.locator('g[data-key="3"] rect.bar-prev').getAttribute('width'));
  const w3now = Number(await articleChart.locator('g[data-key="3"] rect.bar-cur').getAttribute('width'));
  assert(Math.abs(w3 - 2 * w3now) < 0.01, `bar lengths follow the counts (${w3} vs ${w3now})`);
  assertEqual(await page.locator(`svg${tid('chart-buildings')} g.chart-row`).count(), 6, 'buildings with violations in either month, and public places');
  assertEqual(await page.locator(`svg${tid('chart-coverage')} rect.bar-ack`).count(), 5, 'coverage bars for the residential buildings 1栋–5栋');
  assertEqual(await page.locator(`svg${tid('chart-coverage')} g[data-key="5栋"] rect.bar-ack`).getAttribute('data-value'), '5', '5栋: 5 households');
  await page.screenshot({ path: await artifact('convention-report.png'), fullPage: true });
  // Printing hides the app's frame.
  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => document.body.classList.add('print-report'));
  assert(!(await page.isVisible('.sidenav')) && (await page.isVisible(tid('report-sheet'))), 'only the report prints');
  await page.screenshot({ path: await artifact('convention-report-print.png'), fullPage: true });
  await page.evaluate(() => document.body.classList.remove('print-report'));
  await page.emulateMedia({ media: 'screen' });

  // A building head records a violation through the form: article 6, 6栋 301, last month, with
  // a photo.
  await switchTo(page, 'building_head');
  await page.click(tid('report-back'));
  await page.waitForSelector(tid('violation-form'));
  assert((await text(page, tid('conv-next-step'))).includes('现行有效'), 'the backend\'s next step');
  await page.selectOption(tid('violation-article'), '6');
  await page.fill(tid('violation-when'), day);
  await page.selectOption(tid('violation-building'), '6栋');
  await page.fill(tid('violation-unit'), '301');
  await page.fill(tid('violation-recorder'), '巡查队 冉建华');
  await page.selectOption(tid('violation-role'), 'patrol');
  await page.fill(tid('violation-persuasion'), '夜间装修噪声，当面劝导，讲明第六条。');
  await page.selectOption(tid('violation-outcome'), 'promised');
  const photo = Buffer.from('6栋301 夜间装修 照片');
  await page.setInputFiles(tid('violation-photo'), { name: 'photo.jpg', mimeType: 'image/jpeg', buffer: photo });
  const photoHash = createHash('sha256').update(photo).digest('hex');
  await eventually(() => text(page, tid('violation-photo-hash')), `照片哈希 ${photoHash}`, 'the photo\'s hash is computed here');
  await page.click(tid('violation-record'));
  await eventually(() => text(page, tid('notice')), '已记录：第六条，6栋 301。', 'recorded');
  const recorded = page.locator(`${tid('violation-row')}[data-article="6"]`);
  await recorded.waitFor();
  const recordedText = await recorded.textContent();
  assert(recordedText.includes('6栋 301') && recordedText.includes('承诺改正') && recordedText.includes(photoHash.slice(0, 12)), `the new row: "${recordedText}"`);
  assertEqual(await page.locator(tid('violation-row')).count(), 6, 'last month\'s 5 and the new one (this month has none)');

  // The report changed.
  await page.click(tid('conv-report-open'));
  await page.waitForSelector(tid('report-sheet'));
  assertEqual(await text(page, tid('report-total-current')), '6 起', 'six violations now');
  assertEqual(await text(page, tid('report-trend')), '下降50%', '6 against 12: exactly half');
  assertEqual(await trendRow(page, 'report-article-row', '6'), '1→1 持平', 'article 6: one each month');
  assertEqual(await trendRow(page, 'report-building-row', '6栋'), '0→1 上期为零', '6栋 had none before');
  assertEqual(await page.locator(`svg${tid('chart-articles')} g[data-key="6"] rect.bar-cur`).getAttribute('data-value'), '1', 'its bar');
  assertEqual(await page.locator(`svg${tid('chart-buildings')} g.chart-row`).count(), 7, '6栋 joins the building chart');

  // The host runs the kiosk again; an owner (no demo acknowledgement: role holders are skipped)
  // acknowledges there.
  await switchTo(page, 'host');
  const roles = await api(server, page, 'role_list', { community_id: community.id });
  const holder = roles.find((r) => r.role === 'owners_committee');
  const who = { id: holder.person_id, name: holder.name, unit: holder.units[0].split(' ')[1], building: holder.units[0].split(' ')[0], pin: '135790' };
  // The signed-in host signs the enrolment certificate with their own key and PIN.
  const hostKey = (await api(server, page, 'host_keys', { community_id: community.id }))[0].key_id;
  await api(server, page, 'key_enrol', { community_id: community.id, person_id: who.id, pin: who.pin, checked_by: '测试记录员', check: 'id_card', registrar: { key_id: hostKey, pin: 'demo-host-2026' } });
  const before = await api(server, page, 'convention_coverage', { version_id: 1 });
  const missing = new Set(before.buildings.flatMap((b) => b.missing.map((m) => m.unit)));
  const theirs = holder.units.filter((u) => missing.has(u));
  assert(theirs.length > 0 && theirs.includes(`${who.building} ${who.unit}`), `${who.name}'s household has not acknowledged yet (${holder.units})`);
  const buildingBefore = before.buildings.find((b) => b.building === who.building).coverage.acknowledged;

  await page.click(tid('report-back'));
  await page.waitForSelector(tid('ack-total'));
  assertEqual(await page.getAttribute(tid('ack-total'), 'data-acknowledged'), '16', 'before: 16 households');
  assert(await page.isVisible(`${tid('ack-missing')}[data-unit="${who.building} ${who.unit}"]`) === false, 'the missing list is folded');
  const buildingEl = page.locator(`${tid('ack-building')}[data-building="${who.building}"]`);
  await buildingEl.locator('summary').click();
  assert(await buildingEl.locator(`${tid('ack-missing')}[data-unit="${who.building} ${who.unit}"]`).isVisible(), 'their unit is listed as not yet acknowledged');
  await page.click(tid('ack-kiosk'));
  await page.waitForSelector(tid('kiosk-step-2'));
  assert((await text(page, '.kiosk-doc-line')).includes('阳光山庄居民文明公约'), 'the kiosk is on the acknowledgement');
  await page.fill(tid('kiosk-search'), who.unit);
  await page.locator(tid('kiosk-person'), { hasText: who.name }).first().click();
  await page.waitForSelector(tid('kiosk-preview'));
  const preview = await text(page, tid('kiosk-preview'));
  assert(preview.includes('阳光山庄居民文明公约') && preview.includes(before.hash), `the resident reads what they acknowledge, with the text hash: "${preview.slice(0, 300)}"`);
  await page.click(tid('kiosk-continue'));
  await page.fill(tid('kiosk-pin'), who.pin);
  await page.click(tid('kiosk-sign'));
  await page.waitForSelector(tid('kiosk-receipt'));
  assert(/^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/.test(await text(page, tid('receipt-code'))), 'a receipt');
  await page.screenshot({ path: await artifact('convention-ack-receipt.png'), fullPage: true });
  await page.click(tid('kiosk-next'));
  await page.click(tid('kiosk-back'));

  // Coverage went up: total, the building, the missing list, the report.
  await page.waitForSelector(tid('ack-total'));
  const after = 16 + theirs.length;
  assertEqual(await page.getAttribute(tid('ack-total'), 'data-acknowledged'), String(after), 'the household counts now');
  const bAfter = page.locator(`${tid('ack-building')}[data-building="${who.building}"]`);
  assert((await bAfter.locator('summary').textContent()).includes(`${buildingBefore + theirs.filter((u) => u.startsWith(who.building)).length}/`), 'the building\'s coverage went up');
  assertEqual(await bAfter.locator(`${tid('ack-missing')}[data-unit="${who.building} ${who.unit}"]`).count(), 0, 'their unit left the missing list');
  await page.locator(tid('ack-card')).screenshot({ path: await artifact('convention-acks.png') });
  await page.locator(tid('violations-card')).screenshot({ path: await artifact('convention-violations.png') });
  await page.click(tid('conv-report-open'));
  await page.waitForSelector(tid('report-sheet'));
  assert((await text(page, tid('report-coverage'))).startsWith(`${after}/268 户`), 'the report\'s coverage follows');
  await page.screenshot({ path: await artifact('convention-report-after.png'), fullPage: true });
});

test('conventions: drafting, review, freezing, the adoption vote; amending and the diff', async ({ server, page, artifact }) => {
  await loadDemo(page, server);
  await page.click(tid('nav-conventions'));
  await page.click(tid('conv-new'));
  await page.selectOption(tid('conv-kind'), 'meeting_conduct');
  assert((await text(page, tid('conv-kind-hint'))).includes('会议'), 'the kind is explained');
  await page.fill(tid('conv-title'), '楼栋议事会发言规则');
  await page.click(tid('conv-create'));
  await page.waitForSelector(tid('articles-card'));
  assertEqual(await page.getAttribute(tid('conv-status'), 'data-status'), 'draft', 'a new convention is a draft');

  // Two articles, the second with a limit of 120 seconds.
  await page.locator(tid('article-text')).first().fill('发言须经主持人许可。');
  await page.click(tid('article-add'));
  await page.locator(tid('article-text')).nth(1).fill('每人每次发言不超过两分钟。');
  await page.locator(tid('article-rule-param')).nth(1).selectOption('speech_seconds');
  await page.locator(tid('article-rule-value')).nth(1).fill('120');
  await page.click(tid('articles-save'));
  await eventually(() => text(page, tid('notice')), '条文已保存。', 'saved');
  assert((await text(page, `${tid('version')}[data-number="1"]`)).includes('发言限时 120 秒'), 'the limit is shown with its article');

  // A suggestion on article 2, a rejected review, a change, an approving review.
  await page.selectOption(tid('suggest-article'), '2');
  await page.fill(tid('suggest-author'), '3栋 1201 住户');
  await page.fill(tid('suggest-text'), '建议老年人发言可适当延长。');
  await page.click(tid('suggest-add'));
  await page.waitForSelector(tid('suggestion-item'));
  assert((await text(page, tid('suggestion-item'))).includes('第二条'), 'the suggestion names its article');
  await page.fill(tid('review-reviewer'), '刘主任');
  await page.fill(tid('review-organisation'), '莲花街道党工委');
  await page.fill(tid('review-comments'), '同意。');
  await page.click(tid('review-record'));
  await page.waitForSelector(tid('review-item'));
  // Freezing is refused until a review approved the current text: change it first.
  await page.locator(tid('article-text')).nth(1).fill('每人每次发言不超过两分钟，老年人可延长一分钟。');
  await page.click(tid('articles-save'));
  await eventually(() => page.getAttribute(tid('review-item'), 'data-current'), 'false', 'the review no longer covers the text');
  await page.click(tid('conv-freeze'));
  await page.click(tid('confirm-ok'));
  await page.waitForSelector(tid('error'));
  const refusal = await text(page, tid('error'));
  assert(refusal.length > 10 && refusal.includes('审查'), `freezing is refused with the backend's reason: "${refusal}"`);
  await page.fill(tid('review-reviewer'), '刘主任');
  await page.fill(tid('review-organisation'), '莲花街道党工委');
  await page.fill(tid('review-comments'), '修改后同意提交表决。');
  await page.click(tid('review-record'));
  await eventually(() => page.locator(`${tid('review-item')}[data-current="true"]`).count(), 1, 'the second review covers the text');
  await page.click(tid('conv-freeze'));
  await page.click(tid('confirm-ok'));
  await page.waitForSelector(tid('adopt-card'));
  assertEqual(await page.getAttribute(tid('conv-status'), 'data-status'), 'frozen', 'frozen');
  assert(/^[0-9a-f]{64}$/.test(await text(page, tid('conv-hash'))), 'the frozen text\'s hash');

  // The instrument: both are lawful for conduct rules, each explained.
  assertEqual(await page.locator(tid('instrument-explanation')).count(), 2, 'residents\' meeting or owners\' vote');
  const meetingWay = await text(page, `.conv-instrument:has(${tid('instrument-residents_meeting')})`);
  assert(meetingWay.includes('全体居民') && meetingWay.includes('备案'), `the residents' meeting says who votes and what follows: "${meetingWay}"`);
  const ownersWay = await text(page, `.conv-instrument:has(${tid('instrument-owners_vote')})`);
  assert(ownersWay.includes('第二百七十八条'), `the owners' vote cites Art. 278: "${ownersWay}"`);
  await page.screenshot({ path: await artifact('convention-adopt.png'), fullPage: true });
  await page.click(tid('instrument-residents_meeting'));
  await page.click(tid('adopt-vote-create'));
  await page.waitForSelector(tid('adopt-linked-vote'));
  assertEqual(await text(page, tid('adopt-vote-state')), '表决尚未结束。', 'the vote runs in 表决');
  await page.click(tid('conv-adopt'));
  await page.waitForSelector(tid('error'));
  assert((await text(page, tid('error'))).length > 10, 'adopting before the vote passed is refused with the reason');
  const voteLink = await page.getAttribute(tid('adopt-vote-link'), 'href');
  await page.click(tid('adopt-vote-link'));
  await page.waitForSelector(tid('vote-heading'));
  assert((await text(page, tid('vote-heading'))).includes('楼栋议事会发言规则'), `the vote (${voteLink}) names the convention`);

  // Amending the civility convention: a new draft; the diff marks what changed.
  await page.click(tid('nav-conventions'));
  await page.locator(`${tid('conv-row')}[data-kind="residents_convention"] ${tid('conv-link')}`).click();
  await page.click(tid('conv-amend'));
  await page.click(tid('confirm-ok'));
  await page.waitForSelector(tid('articles-card'));
  await page.locator(tid('article-text')).nth(2).fill('文明养犬，出门牵绳，及时清理粪便，大型犬佩戴嘴套。');
  await page.click(tid('articles-save'));
  await eventually(() => text(page, tid('notice')), '条文已保存。', 'saved');
  await page.click(tid('diff-show'));
  await page.waitForSelector(tid('diff-change'));
  assertEqual(await text(page, tid('diff-summary')), '第1版 → 第2版：新增 0 条，删除 0 条，修改 1 条，未变 5 条。', 'one article changed');
  assertEqual(await text(page, tid('diff-added')), '，大型犬佩戴嘴套', 'the added characters are marked');
  assertEqual(await page.getAttribute(`${tid('version')}[data-number="1"]`, 'data-status'), 'adopted', 'version 1 stays in force meanwhile');
  await page.locator(tid('history-card')).screenshot({ path: await artifact('convention-diff.png') });
});

test('votes: the 从众 clause lists and records service of the ballot', async ({ server, page, artifact }) => {
  const community = await loadDemo(page, server);
  const advice = await api(server, page, 'rule_advice', { community_id: community.id, category: 'property_company', building: null });
  const now = server.now();
  const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const vote = await api(server, page, 'vote_create', {
    community_id: community.id, title: '续聘物业服务企业', motion: '续聘现物业服务企业三年。', category: 'property_company', kind: { kind: 'question' },
    settings: { ...advice.settings, conformity_clause: true }, opens_at: iso(now - 60_000), closes_at: iso(now + 7 * 86_400_000), objection_days: 0, agenda_item_id: null, matter_id: null,
  });
  await api(server, page, 'vote_open', { vote_id: vote.vote_id });
  const owner = (await api(server, page, 'role_list', { community_id: community.id })).find((r) => r.role === 'owners_committee');
  // Service is recorded by whoever enters what arrives on paper (not the host): the secretary,
  // who can also find the owner on the roll.
  await switchTo(page, 'secretary');
  await page.goto(`${server.url}#/votes/${vote.vote_id}`);
  await page.waitForSelector(tid('served-card'));
  assert((await text(page, tid('served-card'))).includes('指导规则第二十六条'), 'the clause is explained');
  await page.waitForSelector(tid('served-empty'));
  await page.fill(tid('served-person-search'), owner.name);
  await page.locator(tid('served-person-hit'), { hasText: owner.name }).first().click();
  await page.selectOption(tid('served-method'), 'left_at_home');
  const proof = Buffer.from('留置送达 签收照片');
  await page.setInputFiles(tid('served-evidence'), { name: 'proof.jpg', mimeType: 'image/jpeg', buffer: proof });
  await page.click(tid('served-add'));
  await page.waitForSelector(tid('served-row'));
  const served = await text(page, tid('served-row'));
  const hash = createHash('sha256').update(proof).digest('hex');
  await page.locator(tid('served-card')).screenshot({ path: await artifact('vote-served.png') });
  assert(served.includes(owner.name) && served.includes('留置送达') && served.includes(hash.slice(0, 12)) && served.includes('未投票'), `the service is listed: "${served}"`);
});
