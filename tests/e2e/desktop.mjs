// The real desktop window: tauri-driver (which starts WebKitWebDriver) launches the built
// `yishi app --demo` on a fresh database, and we wait until the window shows the demo
// community's N after its host signs in on the sign-in screen. Needs a display: run under `xvfb-run -a node tests/e2e/desktop.mjs`.
//
// Plain W3C WebDriver over fetch, no client library. Saves artifacts/desktop.png (WebDriver's
// screenshot of the page) and artifacts/desktop-root.png (the whole X screen, via ImageMagick).
//
// Then the projector: a committee meeting is set running through the app's own `call` command
// (two members present, three speakers queued, the first one speaking), the meeting's page is
// opened and its 投影 button pressed; the second window, labelled "projector", must show the
// item, the speaker, the countdown and the quorum. Saves artifacts/desktop-projector.png (that
// window) and artifacts/desktop-projector-root.png (the X screen).
// Prints "desktop: N passed, M failed" and exits non-zero on any failure.

import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { artifactPath, assert, assertEqual, BIN, ROOT, sleep } from './lib.mjs';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
const READY_TIMEOUT_MS = 60_000;

function findTauriDriver() {
  if (process.env.TAURI_DRIVER) return process.env.TAURI_DRIVER;
  for (const dir of [...(process.env.PATH ?? '').split(':'), path.join(homedir(), '.cargo', 'bin')]) {
    const candidate = path.join(dir, 'tauri-driver');
    if (dir && existsSync(candidate)) return candidate;
  }
  throw new Error('tauri-driver not found: run scripts/setup.sh (cargo install tauri-driver --locked)');
}

/** A free loopback port (the OS picks it; closed again before use). */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

class WebDriver {
  constructor(base) {
    this.base = base;
    this.session = null;
  }

  async call(method, route, body) {
    const res = await fetch(`${this.base}${route}`, {
      method,
      headers: body ? { 'content-type': 'application/json; charset=utf-8' } : undefined,
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`${method} ${route}: HTTP ${res.status}, not JSON: ${text.slice(0, 300)}`);
    }
    if (!res.ok || json?.value?.error) {
      const v = json?.value ?? {};
      const err = new Error(`${method} ${route}: HTTP ${res.status} ${v.error ?? ''}: ${v.message ?? text.slice(0, 300)}`);
      err.webdriverError = v.error;
      throw err;
    }
    return json.value;
  }

  s(route) {
    return `/session/${this.session}${route}`;
  }

  async waitUntilUp(timeoutMs) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      try {
        const res = await fetch(`${this.base}/status`, { signal: AbortSignal.timeout(2_000) });
        if (res.ok) return;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > until) throw new Error(`WebDriver at ${this.base} did not answer within ${timeoutMs / 1000} s`);
      await sleep(200);
    }
  }

  async newSession(application, args) {
    const value = await this.call('POST', '/session', {
      capabilities: { alwaysMatch: { 'tauri:options': { application, args } } },
    });
    this.session = value.sessionId;
    return value;
  }

  /** The WebDriver id of the first element matching `css`, or null. */
  async find(css) {
    try {
      const el = await this.call('POST', this.s('/element'), { using: 'css selector', value: css });
      return el[ELEMENT];
    } catch (e) {
      if (e.webdriverError === 'no such element') return null;
      throw e;
    }
  }

  /** Runs `body` (an async function body, with `done` to call) in the page; returns what it passes. */
  async run(body, args = []) {
    return this.call('POST', this.s('/execute/async'), { script: `const done = arguments[arguments.length - 1]; ${body}`, args });
  }

  /** Waits for fonts and two painted frames, so a screenshot shows what a person sees. */
  async painted() {
    await this.run('document.fonts.ready.then(() => requestAnimationFrame(() => requestAnimationFrame(() => done(true))));');
  }

  /** The text of the first element matching `css`, or null when there is none yet. */
  async textOf(css) {
    try {
      const el = await this.call('POST', this.s('/element'), { using: 'css selector', value: css });
      return await this.call('GET', this.s(`/element/${el[ELEMENT]}/text`));
    } catch (e) {
      if (e.webdriverError === 'no such element' || e.webdriverError === 'stale element reference') return null;
      throw e;
    }
  }

  async deleteSession() {
    if (!this.session) return;
    const id = this.session;
    this.session = null;
    await this.call('DELETE', `/session/${id}`);
  }
}

// Signing in on the sign-in screen as the demo's host: the name and demo PIN from the screen's
// 演示用 box, the person's button clicked, the PIN typed, 登录 pressed.
const SIGN_IN = `
const wait = async (sel) => {
  for (let i = 0; i < 300; i += 1) {
    const el = document.querySelector(sel);
    if (el) return el;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('missing ' + sel);
};
(async () => {
  const row = await wait('[data-testid="demo-operators"] tr[data-role="host"]');
  const name = row.querySelector('td').textContent.trim();
  const pin = row.querySelector('[data-testid="demo-pin-host"]').textContent.trim();
  (await wait('.signin-person[data-name="' + name + '"]')).click();
  const input = await wait('[data-testid="signin-pin"]');
  input.value = pin;
  (await wait('[data-testid="signin-submit"]')).click();
  await wait('[data-testid="operator-name"]');
  return name;
})().then(done, (e) => done({ error: String(e && e.message || e) }));
`;

// The meeting for the projector, made through the app's own command with the host's session.
const SETUP = `
const call = (op, args) => window.__TAURI_INTERNALS__.invoke('call', { op, args, session: window.sessionStorage.getItem('yishi.session'), lang: 'zh' });
(async () => {
  const [community] = await call('community_list', {});
  const roles = await call('role_list', { community_id: community.id });
  const who = (role, i = 0) => roles.filter((r) => r.role === role)[i];
  const [m1, m2, branch] = [who('owners_committee', 0), who('owners_committee', 1), who('party_branch')];
  const d = new Date(Date.now() + 86400000);
  const p = (n) => String(n).padStart(2, '0');
  let m = await call('meeting_schedule', {
    community_id: community.id, kind: 'committee', mode: 'in_person', title: '业委会第十二次会议', place: '社区议事亭',
    starts_at: d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + 'T19:00',
    host_id: who('host').person_id, secretary_id: who('secretary').person_id, entitled: null,
  });
  const id = m.summary.meeting_id;
  await call('agenda_add', { meeting_id: id, title: '2栋屋顶防水维修方案', matter_id: null, planned_minutes: 20 });
  await call('agenda_add', { meeting_id: id, title: '地下车库照明改造', matter_id: null, planned_minutes: 15 });
  await call('meeting_announce', { meeting_id: id, accept_short_notice: true });
  m = await call('meeting_start', { meeting_id: id });
  const item = m.current_item_id;
  for (const x of [m1, m2]) await call('attendance_add', { meeting_id: id, person_id: x.person_id, reason: '当面确认身份，尚未登记密钥', proxy_for: null, scan_sha256: null });
  for (const x of [m1, m2, branch]) m = await call('speaker_add', { item_id: item, person_id: x.person_id, point_of_order: false });
  await call('speaker_start', { speech_id: m.queue[0] });
  return { id, speaker: m1.name, next: [m2.name, branch.name] };
})().then(done, (e) => done({ error: String(e && (e.message || JSON.stringify(e))) }));
`;

/** Opens the projector window of a running meeting from its page and photographs it. */
async function projector(wd) {
  const t0 = Date.now();
  const meeting = await wd.run(SETUP);
  assert(!meeting.error, `the meeting for the projector is set up: ${meeting.error}`);
  await wd.run('location.hash = arguments[0]; done(true);', [`#/meetings/${meeting.id}`]);
  let button = null;
  for (const until = Date.now() + 20_000; !button && Date.now() < until; ) {
    button = await wd.find('[data-testid="projector-open"]');
    if (!button) await sleep(250);
  }
  assert(button, "the meeting's page has the 投影 button");
  const mainHandle = await wd.call('GET', wd.s('/window'));
  await wd.call('POST', wd.s(`/element/${button}/click`), {});

  // The second window, labelled "projector".
  let handle = null;
  for (const until = Date.now() + 20_000; !handle && Date.now() < until; ) {
    const handles = await wd.call('GET', wd.s('/window/handles'));
    handle = handles.find((x) => x !== mainHandle) ?? null;
    if (!handle) await sleep(250);
  }
  const error = await wd.textOf('[data-testid="error"]');
  assert(handle, `a second window opened (the main window says: "${error ?? ''}")`);
  await wd.call('POST', wd.s('/window'), { handle });
  let name = null;
  for (const until = Date.now() + 20_000; name !== meeting.speaker && Date.now() < until; ) {
    name = (await wd.textOf('[data-testid="pj-speaker-name"]'))?.trim() ?? null;
    if (name !== meeting.speaker) await sleep(250);
  }
  const item = (await wd.textOf('[data-testid="pj-item"]'))?.trim() ?? '';
  const countdown = (await wd.textOf('[data-testid="pj-countdown"]'))?.trim() ?? '';
  const queue = (await wd.textOf('[data-testid="pj-queue"]'))?.trim() ?? '';
  const attend = (await wd.textOf('[data-testid="pj-attend"]'))?.trim() ?? '';
  const hash = await wd.run('done(location.hash);');
  await wd.painted();
  await sleep(Number(process.env.SHOT_DELAY ?? 0));
  const png = await wd.call('GET', wd.s('/screenshot'));
  const shot = await artifactPath('desktop-projector.png');
  await writeFile(shot, Buffer.from(png, 'base64'));
  const rootShot = await artifactPath('desktop-projector-root.png');
  await promisify(execFile)('import', ['-window', 'root', rootShot]).catch((e) => console.log(`  (X screenshot failed: ${e.message})`));
  console.log(`  screenshots: ${path.relative(ROOT, shot)}, ${path.relative(ROOT, rootShot)}`);
  console.log(`  projector window ${hash}: item "${item.replace(/\s+/g, ' ')}", speaker "${name}", countdown ${countdown}, "${attend}"`);
  assert(hash === `#/projector/${meeting.id}`, `the second window shows the projector view of the meeting: ${hash}`);
  assertEqual(name, meeting.speaker, 'the projector names the speaker');
  assert(item.includes('2栋屋顶防水维修方案') && item.includes('1/2'), `the projector shows the current item: "${item}"`);
  assert(/^[0-3]:\d\d$/.test(countdown), `the projector shows the countdown: "${countdown}"`);
  assert(meeting.next.every((n) => queue.includes(n)), `the projector shows the queue: "${queue}"`);
  assert(attend.includes('已到 2 人') && attend.includes('已达到'), `the projector shows attendance and quorum: "${attend}"`);
  // Full screen: the window's own permission (core:window:allow-set-fullscreen) lets it switch.
  const before = await wd.run('done([innerWidth, innerHeight]);');
  const full = await wd.find('[data-testid="pj-fullscreen"]');
  await wd.call('POST', wd.s(`/element/${full}/click`), {});
  await sleep(1500);
  const after = await wd.run('done([innerWidth, innerHeight]);');
  const message = (await wd.textOf('[data-testid="pj-message"]'))?.trim() ?? '';
  console.log(`  full screen: ${before.join('×')} -> ${after.join('×')}`);
  assertEqual(message, '', 'switching to full screen raised no error');
  await wd.call('POST', wd.s('/window'), { handle: mainHandle });
  console.log(`  ok    the projector window shows the running meeting (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

async function main() {
  assert(existsSync(BIN), `${BIN} is missing: run \`cargo build\` first`);
  assert(process.env.DISPLAY || process.env.WAYLAND_DISPLAY, 'no display: run under `xvfb-run -a node tests/e2e/desktop.mjs`');
  const tauriDriver = findTauriDriver();
  const dir = await mkdtemp(path.join(tmpdir(), 'yishi-desktop-'));
  const db = path.join(dir, 'desktop.db');
  const port = await freePort();
  let nativePort = await freePort();
  while (nativePort === port) nativePort = await freePort();

  let driverLog = '';
  const driver = spawn(tauriDriver, ['--port', String(port), '--native-port', String(nativePort)], {
    cwd: dir,
    // The app inherits this environment through WebKitWebDriver: its own database, Chinese UI.
    env: { ...process.env, YISHI_DB: db, YISHI_LANG: 'zh', RUST_BACKTRACE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  driver.stdout.on('data', (c) => (driverLog += c));
  driver.stderr.on('data', (c) => (driverLog += c));
  const driverExited = new Promise((resolve) => driver.once('exit', resolve));

  const wd = new WebDriver(`http://127.0.0.1:${port}`);
  const started = Date.now();
  try {
    await wd.waitUntilUp(15_000);
    await wd.newSession(BIN, ['app', '--demo']);
    console.log(`  session ${wd.session} after ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // The demo community is loaded before the window opens; its host signs in, then the roll
    // shows its N.
    const host = await wd.run(SIGN_IN);
    assert(typeof host === 'string', `the demo's host signs in on the sign-in screen: ${host?.error ?? ''}`);
    const until = Date.now() + READY_TIMEOUT_MS;
    let persons = null;
    for (;;) {
      persons = (await wd.textOf('[data-testid="roll-persons"]'))?.trim() ?? null;
      if (persons && /^\d[\d,]*$/.test(persons) && Number(persons.replaceAll(',', '')) > 0) break;
      if (Date.now() > until) break;
      await sleep(250);
    }
    const community = (await wd.textOf('[data-testid="community-current"]'))?.trim() ?? '';
    const area = (await wd.textOf('[data-testid="roll-area"]'))?.trim() ?? '';
    const title = await wd.call('GET', wd.s('/title'));

    // Screenshots before asserting, so a failure leaves a picture behind.
    // The DOM is ready before WebKit paints it (fonts load, software rendering under Xvfb):
    // wait for the fonts and two animation frames so the pictures show what a person sees.
    await wd.call('POST', wd.s('/execute/async'), {
      script: 'const done = arguments[arguments.length - 1]; document.fonts.ready.then(() => requestAnimationFrame(() => requestAnimationFrame(() => done(true))));',
      args: [],
    });
    await sleep(Number(process.env.SHOT_DELAY ?? 0));
    const png = await wd.call('GET', wd.s('/screenshot'));
    const shot = await artifactPath('desktop.png');
    await writeFile(shot, Buffer.from(png, 'base64'));
    const rootShot = await artifactPath('desktop-root.png');
    await promisify(execFile)('import', ['-window', 'root', rootShot]).catch((e) => console.log(`  (X screenshot failed: ${e.message})`));
    console.log(`  screenshots: ${path.relative(ROOT, shot)}, ${path.relative(ROOT, rootShot)}`);

    console.log(`  window "${title}": community "${community}", N = ${persons}, A = ${area}`);
    assert(persons !== null, 'the window shows the roll (data-testid="roll-persons")');
    assert(/^\d[\d,]*$/.test(persons) && Number(persons.replaceAll(',', '')) > 0, `N of the demo community is a number > 0: "${persons}"`);
    assert(/m²$/.test(area), `A is shown in m²: "${area}"`);
    console.log(`  ok    desktop window shows the demo community (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    await projector(wd);
    await wd.deleteSession();
    return true;
  } catch (e) {
    console.log(`  FAIL  desktop window: ${String(e?.stack ?? e).split('\n').join('\n        ')}`);
    console.log(`  tauri-driver / app output:\n        ${driverLog.trim().split('\n').join('\n        ')}`);
    await wd.deleteSession().catch(() => undefined);
    return false;
  } finally {
    driver.kill('SIGTERM');
    const timer = setTimeout(() => driver.kill('SIGKILL'), 5_000);
    await driverExited;
    clearTimeout(timer);
    await rm(dir, { recursive: true, force: true });
  }
}

const ok = await main().catch((e) => {
  console.log(`  FAIL  desktop window: ${e?.message ?? e}`);
  return false;
});
console.log(`desktop: ${ok ? 1 : 0} passed, ${ok ? 0 : 1} failed`);
process.exit(ok ? 0 : 1);
