// The real desktop window: tauri-driver (which starts WebKitWebDriver) launches the built
// `yishi app --demo` on a fresh database, and we wait until the window shows the demo
// community's N. Needs a display: run under `xvfb-run -a node tests/e2e/desktop.mjs`.
//
// Plain W3C WebDriver over fetch, no client library. Saves artifacts/desktop.png (WebDriver's
// screenshot of the page) and artifacts/desktop-root.png (the whole X screen, via ImageMagick).
// Prints "desktop: 1 passed, 0 failed" (or "0 passed, 1 failed") and exits non-zero on failure.

import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { artifactPath, assert, BIN, ROOT, sleep } from './lib.mjs';

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

    // The demo community is loaded before the window opens; wait until the roll shows its N.
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
    await wd.deleteSession();
    console.log(`  ok    desktop window shows the demo community (${((Date.now() - started) / 1000).toFixed(1)} s)`);
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
