// Keys and signatures through the UI, as the host's laptop is used in a meeting hall: load the
// demo, enrol keys for the host and an owner (identity checked, PIN typed twice), write a
// statement, sign it at the kiosk (found by unit number, the preview read, one wrong PIN, then
// the right one, a receipt), and see it in the signature record, verified on the spot.
// The second test covers the lifecycle: a key locked by wrong PINs, unlocked and then revoked
// with the host's approval; the signature made before stays valid, new ones are refused.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BIN, assert, assertEqual, demoAs, eventually, switchTo, test, tid } from './lib.mjs';

// The demo host's key and demo PIN (the demo's office holders have keys already).
const HOST_PIN = 'demo-host-2026';
const REGISTRAR_PIN = 'demo-registrar-2026';
const OWNER_PIN = '135790';
const FINGERPRINT = /^[0-9A-F]{4}( [0-9A-F]{4}){3}$/;

const text = async (page, selector) => ((await page.textContent(selector)) ?? '').trim();

/** The demo, with the registrar signed in (who checks identities and enrols keys). */
async function loadDemo(page, server) {
  await demoAs(page, server, 'registrar');
  await page.waitForSelector(tid('roll-persons'));
}

/** The host as the roles tab lists them: name and first unit. */
async function findHost(page) {
  await page.click(tid('tab-roles'));
  await page.waitForSelector(`${tid('role-table')} tbody tr`);
  const rows = await page.$$eval(`${tid('role-table')} tbody tr`, (trs) => trs.map((tr) => Array.from(tr.children, (c) => (c.textContent ?? '').trim())));
  const host = rows.find((r) => r[1] === '主持人');
  assert(host, `the demo has a host in the roles tab: ${JSON.stringify(rows)}`);
  return { name: host[0], unit: host[3].split('、')[0] };
}

/** Opens enrolment, searches `search`, and returns the hits as { name, relation, units }. */
async function openEnrolAndSearch(page, search) {
  await page.click(tid('key-enrol-open'));
  await page.waitForSelector(tid('enrol-dialog'));
  await page.fill(tid('enrol-search'), search);
  await page.waitForSelector(tid('enrol-person'));
  return page.$$eval(tid('enrol-person'), (bs) =>
    bs.map((b) => ({ name: b.querySelector('strong')?.textContent ?? '', relation: b.querySelector('.badge')?.textContent ?? '', units: b.querySelector('.muted')?.textContent ?? '' })),
  );
}

/** Chooses `name` in the open enrolment, types the PIN twice, enrols; returns the fingerprint. */
async function finishEnrol(page, name, pin, shot) {
  await page.locator(tid('enrol-person'), { hasText: name }).first().click();
  assert((await text(page, tid('enrol-chosen'))).includes(name), `enrol-chosen names ${name}`);
  assertEqual(await page.inputValue(tid('enrol-checked-by')), await text(page, tid('operator-name')), 'checked-by is prefilled with the signed-in operator');
  await page.selectOption(tid('enrol-check'), 'id_card');
  assertEqual(await page.getAttribute(tid('enrol-pin'), 'type'), 'password', 'the PIN is masked');
  await page.fill(tid('enrol-pin'), pin);
  await page.fill(tid('enrol-pin2'), pin);
  // The signed-in registrar signs the enrolment certificate with their own PIN.
  await page.fill(tid('enrol-registrar-pin'), REGISTRAR_PIN);
  if (shot) await page.screenshot({ path: shot });
  await page.click(tid('enrol-submit'));
  await page.waitForSelector(tid('key-fingerprint'));
  assert(await page.isVisible(tid('enrol-receipt')), 'the enrolment receipt is offered');
  const fp = await text(page, tid('key-fingerprint'));
  assert(FINGERPRINT.test(fp), `the fingerprint is shown in groups: "${fp}"`);
  assert((await page.$(`${tid('key-card')} .qr svg`)) !== null, 'the QR code is shown');
  return fp;
}

async function closeEnrol(page) {
  await page.click(tid('enrol-done'));
  await page.waitForSelector(tid('enrol-dialog'), { state: 'detached' });
}

/**
 * Demo, host found; the registrar enrols a key for an owner of a unit "…1201" (the host has a
 * demo key); then the host signs in to run the kiosk and approve unlocks and revocations.
 */
async function setUp(page, server, artifact) {
  await loadDemo(page, server);
  const host = await findHost(page);
  await page.click(tid('nav-sign'));
  await page.waitForSelector(tid('key-enrol-open'));

  const hits = await openEnrolAndSearch(page, '1201');
  const hit = hits.find((x) => x.relation === '业主' && x.name !== host.name);
  assert(hit, `an owner of a unit 1201: ${JSON.stringify(hits)}`);
  const owner = { name: hit.name, unit: hit.units.split('、')[0] };
  const ownerFp = await finishEnrol(page, owner.name, OWNER_PIN, artifact ? await artifact('sign-enrol-form.png') : null);
  if (artifact) await page.screenshot({ path: await artifact('sign-enrol-result.png') });
  await closeEnrol(page);
  const hostRow = page.locator(`${tid('key-table')} tbody tr`, { hasText: host.name }).first();
  await hostRow.waitFor();
  const hostFp = /[0-9A-F]{4}( [0-9A-F]{4}){3}/.exec((await hostRow.textContent()) ?? '')?.[0] ?? '';
  await switchTo(page, 'host');
  await page.waitForSelector(`${tid('key-table')} tbody tr:nth-child(2)`);
  return { host, hostFp, owner, ownerFp };
}

async function createStatement(page, title, body) {
  await page.click(tid('nav-kiosk'));
  await page.waitForSelector(tid('kiosk-step-1'));
  if (!(await page.isVisible(tid('statement-title')))) await page.click(`${tid('statement-new')} summary`);
  await page.fill(tid('statement-title'), title);
  await page.fill(tid('statement-body'), body);
  await page.click(tid('statement-create'));
  await page.locator(tid('kiosk-doc'), { hasText: title }).waitFor();
}

/** Kiosk: choose the statement, find the person by unit number, open the preview. */
async function kioskPreview(page, title, who) {
  await page.locator(tid('kiosk-doc'), { hasText: title }).locator(tid('kiosk-choose')).click();
  await page.waitForSelector(tid('kiosk-step-2'));
  await page.fill(tid('kiosk-search'), who.unit);
  await page.locator(tid('kiosk-person'), { hasText: who.name }).first().click();
  await page.waitForSelector(tid('kiosk-step-3'));
}

async function previewLines(page) {
  return page.$$eval(`${tid('kiosk-preview')} .doc-line`, (ls) =>
    Object.fromEntries(ls.map((l) => [l.querySelector('dt')?.textContent ?? '', l.querySelector('.doc-value')?.textContent ?? ''])),
  );
}

async function signWith(page, pin) {
  await page.fill(tid('kiosk-pin'), pin);
  await page.click(tid('kiosk-sign'));
}

test('signing: enrol keys, sign at the kiosk with a wrong then the right PIN, verified in the record', async ({ server, page, artifact }) => {
  const { hostFp, owner, ownerFp } = await setUp(page, server, artifact);
  assert(hostFp !== ownerFp, 'two keys, two fingerprints');
  const rows = await page.$$eval(`${tid('key-table')} tbody tr`, (trs) => trs.map((tr) => tr.textContent ?? ''));
  assert(rows.some((r) => r.includes(owner.name) && r.includes(ownerFp) && r.includes('本机登记') && r.includes('有效') && r.includes('居民身份证原件')), `the key table lists the owner's key: ${rows.join(' | ')}`);
  await page.screenshot({ path: await artifact('sign-keys.png'), fullPage: true });

  const title = '同意加装电梯意见书';
  const body = '本人同意在本楼栋加装电梯，并同意按楼层分摊费用。';
  await createStatement(page, title, body);
  await page.screenshot({ path: await artifact('sign-kiosk-1-document.png'), fullPage: true });

  await page.locator(tid('kiosk-doc'), { hasText: title }).locator(tid('kiosk-choose')).click();
  await page.waitForSelector(tid('kiosk-step-2'));
  await page.fill(tid('kiosk-search'), owner.unit);
  await page.locator(tid('kiosk-person'), { hasText: owner.name }).first().waitFor();
  await page.screenshot({ path: await artifact('sign-kiosk-2-find.png'), fullPage: true });
  await page.locator(tid('kiosk-person'), { hasText: owner.name }).first().click();
  await page.waitForSelector(tid('kiosk-step-3'));

  const lines = await previewLines(page);
  assertEqual(lines['标题'], title, 'the preview shows the title as signed');
  assertEqual(lines['内容'], body, 'the preview shows the text as signed');
  assertEqual(lines['签名人'], owner.name, 'the preview names the signer');
  assert((lines['房屋'] ?? '').includes(owner.unit), `the preview names the unit ${owner.unit}: ${lines['房屋']}`);
  assertEqual(await text(page, tid('kiosk-fingerprint')), ownerFp, "the preview shows the owner's key fingerprint");
  assert((await page.$(tid('kiosk-blocker'))) === null, 'nothing blocks the owner from signing');
  await page.screenshot({ path: await artifact('sign-kiosk-3-preview.png'), fullPage: true });

  await page.click(tid('kiosk-continue'));
  await page.waitForSelector(tid('kiosk-pin'));
  assertEqual(await page.getAttribute(tid('kiosk-pin'), 'type'), 'password', 'the kiosk PIN is masked');
  await signWith(page, '000000');
  await page.waitForSelector(`${tid('kiosk-message')}[data-code="wrong_pin"]`);
  const wrong = await text(page, tid('kiosk-message'));
  assert(wrong.includes('PIN 不正确') && wrong.includes('4 次'), `the wrong-PIN message says how many tries remain: "${wrong}"`);
  assertEqual(await page.inputValue(tid('kiosk-pin')), '', 'the PIN field is emptied after a try');
  await page.screenshot({ path: await artifact('sign-kiosk-4-wrong-pin.png'), fullPage: true });

  await signWith(page, OWNER_PIN);
  await page.waitForSelector(tid('kiosk-receipt'));
  const code = await text(page, tid('receipt-code'));
  assert(/^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/.test(code), `the receipt code is short and grouped: "${code}"`);
  const hash = await text(page, tid('receipt-hash'));
  assert(hash.toUpperCase().startsWith(code.replaceAll('-', '')), 'the receipt code is the start of the document hash');
  assert((await page.$(`${tid('receipt-qr')} svg`)) !== null, 'the receipt has a QR code');
  await page.screenshot({ path: await artifact('sign-kiosk-5-receipt.png'), fullPage: true });

  // 下一位 returns to the search for the same document; the owner has signed already.
  await page.click(tid('kiosk-next'));
  await page.waitForSelector(tid('kiosk-step-2'));
  assert((await text(page, '.kiosk-doc-line')).includes(title), 'the next person signs the same document');
  await page.fill(tid('kiosk-search'), owner.unit);
  await page.locator(tid('kiosk-person'), { hasText: owner.name }).first().click();
  await page.waitForSelector(tid('kiosk-blocker'));
  assert((await text(page, tid('kiosk-blocker'))).includes('已于'), 'signing twice is refused with the time of the first signature');
  assert((await page.$(tid('kiosk-continue'))) === null, 'no way on to the PIN when blocked');

  await page.click(tid('tab-signatures'));
  const row = page.locator(`${tid('signature-list')} ${tid('signature-row')}`, { hasText: title });
  await row.waitFor();
  assert((await row.textContent()).includes(owner.name), 'the record names the signer');
  assertEqual(await row.locator(tid('signature-verdict')).getAttribute('data-valid'), 'true', 'the signature verifies on the spot');
  assert((await row.locator(tid('signature-verdict')).textContent()).includes('✓'), 'the verdict shows ✓');
  await row.locator(tid('signature-expand')).click();
  const detail = page.locator(tid('signature-detail')).first();
  await detail.waitFor();
  assertEqual((await detail.locator(tid('signature-hash')).textContent()).trim(), hash, 'the record shows the document hash of the receipt');
  assert(/^[0-9a-f]{128}$/.test((await detail.locator(tid('signature-hex')).textContent()).trim()), 'the record shows the Ed25519 signature');
  // The enrolment was signed too: by the new key, as proof its holder had it.
  // (The demo's office holders and tenant households have keys, and the households acknowledged
  // its civility convention: those possession proofs and acknowledgements are not ours.)
  const sigRow = `${tid('signature-list')} ${tid('signature-row')}`;
  assertEqual(await page.locator(`${sigRow}[data-subject$=":enrolment"]`, { hasText: owner.name }).count(), 1, 'the owner\'s enrolment is signed');
  assertEqual(await page.locator(`${sigRow}[data-subject^="statement:"]`).count(), 1, 'one statement signature');
  await page.screenshot({ path: await artifact('sign-records.png'), fullPage: true });
});

test('signing: a locked key is unlocked and revoked with the host\'s approval; earlier signatures stay valid', async ({ server, page, artifact }) => {
  const { host, owner } = await setUp(page, server, null);
  const first = '小区公约确认书';
  await createStatement(page, first, '本人已阅读并遵守《阳光山庄文明公约》。');
  await kioskPreview(page, first, owner);
  await page.click(tid('kiosk-continue'));
  await signWith(page, OWNER_PIN);
  await page.waitForSelector(tid('kiosk-receipt'));
  await page.click(tid('kiosk-done'));
  await page.waitForSelector(tid('kiosk-step-1'));

  // Five wrong PINs lock the key; the kiosk says to find the host.
  const second = '停车管理方案意见';
  await createStatement(page, second, '本人同意地下车库按新方案管理。');
  await kioskPreview(page, second, owner);
  await page.click(tid('kiosk-continue'));
  // Three tries in a row; after that each needs a wait (15 s, then 60 s), said in seconds and
  // not counted, and the fifth wrong PIN locks the key.
  for (let i = 1; i <= 3; i += 1) {
    await signWith(page, `99999${i}`);
    await eventually(async () => (await text(page, tid('kiosk-message'))).includes(`${5 - i} 次`), true, `try ${i} says ${5 - i} left`);
  }
  for (const [i, wait] of [[4, 15], [5, 60]]) {
    await signWith(page, `99999${i}`);
    await page.waitForSelector(`${tid('kiosk-message')}[data-code="try_later"]`);
    assert((await text(page, tid('kiosk-message'))).includes('秒'), `try ${i} too soon says how many seconds to wait`);
    await page.waitForTimeout((wait + 1) * 1000);
    await signWith(page, `99999${i}`);
    if (i === 4) await eventually(async () => (await text(page, tid('kiosk-message'))).includes('1 次'), true, 'try 4 says 1 left');
  }
  await page.waitForSelector(`${tid('kiosk-message')}[data-code="key_locked"]`);
  assert(await page.isVisible(tid('kiosk-unlock-hint')), 'the kiosk says to ask the host to unlock');
  assert(!(await page.isVisible(tid('kiosk-pin'))), 'no PIN field on a locked key');
  await page.screenshot({ path: await artifact('sign-kiosk-locked.png'), fullPage: true });

  // The host unlocks it.
  await page.click(tid('tab-keys'));
  const ownerRow = page.locator(`${tid('key-table')} tbody tr`, { hasText: owner.name });
  await ownerRow.locator(tid('key-locked')).waitFor();
  await page.screenshot({ path: await artifact('sign-keys-locked.png'), fullPage: true });
  await ownerRow.locator(tid('key-unlock')).click();
  await page.waitForSelector(`${tid('host-key')} option`, { state: 'attached' });
  assert((await text(page, `${tid('host-key')} option`)).includes(host.name), 'the host key is offered');
  await page.fill(tid('host-pin'), HOST_PIN);
  await page.click(tid('unlock-submit'));
  await page.waitForSelector(tid('key-action-result'));
  await page.click(tid('key-action-close'));
  await eventually(() => ownerRow.locator(tid('key-locked')).count(), 0, 'the lock badge is gone');

  // Revoked with a reason, the signed-in host signing the revocation certificate; a wrong PIN
  // is refused first.
  await ownerRow.locator(tid('key-revoke')).click();
  await page.fill(tid('revoke-reason'), '搬离小区');
  await page.waitForSelector(tid('revoke-pin'));
  await page.fill(tid('revoke-pin'), '111111');
  await page.click(tid('revoke-submit'));
  await page.waitForSelector(`${tid('error')}[data-code="wrong_pin"]`);
  assertEqual(await page.inputValue(tid('revoke-pin')), '', 'the PIN field is emptied');
  await page.screenshot({ path: await artifact('sign-revoke-wrong-host-pin.png') });
  await page.fill(tid('revoke-pin'), HOST_PIN);
  await page.click(tid('revoke-submit'));
  await page.waitForSelector(tid('key-action-result'));
  await page.click(tid('key-action-close'));
  const revoked = page.locator(`${tid('key-table')} tbody tr[data-status="revoked"]`, { hasText: owner.name });
  await revoked.waitFor();
  assert((await revoked.textContent()).includes('搬离小区'), 'the reason is listed');
  await page.screenshot({ path: await artifact('sign-keys-revoked.png'), fullPage: true });

  // New signatures are refused; the one made before the revocation stays valid.
  await page.click(tid('nav-kiosk'));
  await kioskPreview(page, second, owner);
  await page.waitForSelector(tid('kiosk-blocker'));
  await page.screenshot({ path: await artifact('sign-kiosk-blocked.png'), fullPage: true });
  await page.click(tid('tab-signatures'));
  await page.selectOption(tid('signature-subject'), { label: `《${first}》` });
  const row = page.locator(`${tid('signature-list')}[data-subject^="statement:"] ${tid('signature-row')}`, { hasText: owner.name });
  await row.waitFor();
  assertEqual(await row.locator(tid('signature-verdict')).getAttribute('data-valid'), 'true', 'the signature made before the revocation is still valid');
  assert((await row.textContent()).includes('已撤销'), 'the record shows the key is revoked now');
  await page.screenshot({ path: await artifact('sign-records-after-revoke.png'), fullPage: true });
});

/** A fresh Ed25519 public key as the member's own Yishi would export it. */
/** What a member brings: `yishi keys generate --holder --community` on their own computer. */
async function ownKeyProof(holder) {
  const { execFileSync } = await import('node:child_process');
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(path.join(tmpdir(), 'yishi-own-'));
  const out = execFileSync(BIN, ['keys', 'generate', '--out', path.join(dir, 'me.key'), '--holder', holder, '--community', '阳光山庄'], {
    env: { ...process.env, YISHI_PIN: '864209' },
    encoding: 'utf8',
  });
  const line = out.split('\n').find((l) => l.startsWith('yishi-key-proof:v1:'));
  assert(line, `yishi keys generate printed a proof line:\n${out}`);
  return { line, bare: out.split('\n')[0] };
}

test('signing: rotate, re-enrol after a forgotten PIN, and a key the member brought', async ({ server, page, artifact }) => {
  const { owner, ownerFp } = await setUp(page, server, null);
  const ownerRow = () => page.locator(`${tid('key-table')} tbody tr[data-status="active"]`, { hasText: owner.name });

  // Rotate: the holder types the current PIN and a new one twice.
  await ownerRow().locator(tid('key-rotate')).click();
  await page.fill(tid('rotate-pin'), OWNER_PIN);
  await page.fill(tid('rotate-new-pin'), '582047');
  await page.fill(tid('rotate-new-pin2'), '582047');
  // The signed-in host, at the desk, certifies the new key.
  await page.fill(tid('rotate-registrar-pin'), HOST_PIN);
  await page.click(tid('rotate-submit'));
  await page.waitForSelector(tid('key-action-result'));
  const rotatedFp = await text(page, tid('key-fingerprint'));
  assert(FINGERPRINT.test(rotatedFp) && rotatedFp !== ownerFp, 'rotation gives a new key');
  await page.screenshot({ path: await artifact('sign-rotated.png') });
  await page.click(tid('key-action-close'));
  await page.locator(`${tid('key-table')} tbody tr[data-status="replaced"]`, { hasText: owner.name }).waitFor();

  // Forgotten PIN: revoke with the reason set, then enrol again for the same person.
  await ownerRow().locator(tid('key-reenrol')).click();
  assertEqual(await page.inputValue(tid('revoke-reason')), '忘记 PIN', 'the reason is set');
  await page.waitForSelector(tid('revoke-pin'));
  await page.fill(tid('revoke-pin'), HOST_PIN);
  await page.click(tid('revoke-submit'));
  await page.waitForSelector(tid('enrol-dialog'));
  assert((await text(page, tid('enrol-chosen'))).includes(owner.name), 're-enrolment is for the same person');
  await page.fill(tid('enrol-pin'), '445566');
  await page.fill(tid('enrol-pin2'), '445566');
  await page.fill(tid('enrol-registrar-pin'), HOST_PIN);
  await page.click(tid('enrol-submit'));
  await page.waitForSelector(tid('key-fingerprint'));
  await closeEnrol(page);
  await eventually(() => page.locator(`${tid('key-table')} tbody tr`, { hasText: owner.name }).count(), 3, 'replaced, revoked and the new key');

  // A key the member brought: the fingerprint is shown before enrolling, and the same after.
  const hits = await openEnrolAndSearch(page, '1202');
  const member = hits.find((x) => x.relation === '业主' && x.name !== owner.name);
  assert(member, `an owner of a unit 1202: ${JSON.stringify(hits)}`);
  await page.locator(tid('enrol-person'), { hasText: member.name }).first().click();
  await page.check(tid('enrol-mode-public'));
  const own = await ownKeyProof(member.name);
  // A bare public key is refused: it proves nothing about who holds the secret.
  await page.fill(tid('enrol-public'), own.bare);
  await page.fill(tid('enrol-registrar-pin'), HOST_PIN);
  await page.click(tid('enrol-submit'));
  await page.getByText('这只是公钥，缺少“持有证明”', { exact: false }).first().waitFor();
  await page.fill(tid('enrol-public'), own.line);
  await page.waitForSelector(`${tid('enrol-public-preview')} .fp`);
  const before = await text(page, `${tid('enrol-public-preview')} .fp`);
  await page.screenshot({ path: await artifact('sign-enrol-public.png') });
  // The PIN field was emptied by the refused try: the host types it again.
  await page.fill(tid('enrol-registrar-pin'), HOST_PIN);
  await page.click(tid('enrol-submit'));
  await page.waitForSelector(tid('key-fingerprint'));
  assertEqual(await text(page, tid('key-fingerprint')), before, 'the fingerprint read back equals the one previewed');
  await closeEnrol(page);
  const brought = page.locator(`${tid('key-table')} tbody tr`, { hasText: member.name });
  assert((await brought.textContent()).includes('自带密钥'), 'the key is listed as brought');
  assertEqual(await brought.locator(tid('key-rotate')).count(), 0, 'a brought key is not rotated here (its secret is elsewhere)');
  await page.screenshot({ path: await artifact('sign-keys-lifecycle.png'), fullPage: true });

  // The kiosk cannot sign with a brought key: it says so instead of asking for a PIN.
  await createStatement(page, '议事规则确认', '本人确认已收到议事规则。');
  await kioskPreview(page, '议事规则确认', { name: member.name, unit: member.units.split('、')[0] });
  assert((await text(page, tid('kiosk-blocker'))).includes('自带'), 'the blocker explains the key was brought');

  await page.click(tid('tab-signatures'));
  const rows = page.locator(`${tid('signature-list')} ${tid('signature-row')}`);
  await rows.first().waitFor();
  const all = await rows.allTextContents();
  assert(all.some((r) => r.includes('更换密钥')) && all.some((r) => r.includes('撤销密钥')), `rotation and revocation are signed: ${all.join(' | ')}`);
  assertEqual(await page.locator(`${tid('signature-list')} ${tid('signature-verdict')}[data-valid="false"]`).count(), 0, 'every signature verifies');
});

// `node tests/e2e/signing.test.mjs` runs just these tests (as `node tests/e2e/run.mjs signing:`).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const run = spawnSync(process.execPath, [fileURLToPath(new URL('./run.mjs', import.meta.url)), 'signing:'], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}
