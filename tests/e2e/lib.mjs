// Shared pieces of the browser tests: the real `yishi serve` on a fresh database per test,
// Debian's Chromium through playwright-core (no browser download is possible here), a tiny
// assert, screenshots into artifacts/, and the fixture figures from tests/fixtures/README.md.
//
// A test file registers tests with `test(name, fn)`; run.mjs imports every *.test.mjs and calls
// each `fn(ctx)` with ctx = { server, page, artifact(name) } built fresh for that test.

import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = process.env.YISHI_BIN ?? path.join(ROOT, 'target', 'debug', 'yishi');
export const ARTIFACTS = path.join(ROOT, 'artifacts');
export const FIXTURES = path.join(ROOT, 'tests', 'fixtures');

/** Chromium flags for this machine: no sandbox as root, and no calls home (the network is closed). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

// ---------------------------------------------------------------------------------------------
// Registration

/** @type {{ name: string, file: string, fn: (ctx: TestContext) => Promise<void> }[]} */
export const registered = [];
let currentFile = '';

export function setCurrentFile(file) {
  currentFile = file;
}

/**
 * @typedef {{ server: Server, page: import('playwright-core').Page,
 *             artifact: (name: string) => string }} TestContext
 */

/** Registers a test: `fn` gets a fresh server (fresh database) and a fresh browser page. */
export function test(name, fn) {
  registered.push({ name, file: currentFile, fn });
}

// ---------------------------------------------------------------------------------------------
// Assertions

export class AssertionError extends Error {
  constructor(message) {
    super(message);
    this.name = 'AssertionError';
  }
}

export function assert(condition, message) {
  if (!condition) throw new AssertionError(message);
}

export function assertEqual(actual, expected, message) {
  if (actual !== expected) {
    throw new AssertionError(`${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

/** Polls `read()` until it returns `expected` (or `timeout` ms pass), then asserts equality. */
export async function eventually(read, expected, message, timeout = 10_000) {
  const until = Date.now() + timeout;
  let actual;
  for (;;) {
    actual = await read();
    if (actual === expected || Date.now() > until) break;
    await sleep(100);
  }
  assertEqual(actual, expected, message);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// The server

/**
 * @typedef {{ url: string, db: string, dir: string, log: () => string, now: () => number,
 *             stop: () => Promise<void> }} Server
 */

/** Starts `yishi serve` on a free loopback port with its own database in a temp dir. */
export async function startServer({ demo = false, extraArgs = [] } = {}) {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`cargo build\` first`);
  const dir = await mkdtemp(path.join(tmpdir(), 'yishi-e2e-'));
  const db = path.join(dir, 'e2e.db');
  // YISHI_E2E_NOW (RFC 3339): run the server's clock from that instant (and run.mjs the page's),
  // to try the tests on another date, e.g. one whose notice periods reach a year with no schedule.
  const testNow = process.env.YISHI_E2E_NOW;
  const clock = testNow ? ['--i-know-this-is-a-test-clock'] : [];
  const args = ['serve', '--bind', '127.0.0.1:0', '--practice-keys', '--db', db, ...(demo ? ['--demo'] : []), ...clock, ...extraArgs];
  const startedAt = Date.now();
  const child = spawn(BIN, args, {
    cwd: dir,
    env: { ...process.env, YISHI_DB: db, RUST_BACKTRACE: '1', ...(testNow ? { YISHI_NOW: testNow } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`yishi serve printed no address within 20 s:\n${output}`)), 20_000);
    const onData = (chunk) => {
      output += chunk.toString();
      const m = /yishi serving on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => (output += chunk.toString()));
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`yishi serve exited (code ${code}, signal ${signal}) before serving:\n${output}`));
    });
  });
  return {
    url,
    db,
    dir,
    log: () => output,
    /** The server's clock in ms: the real one, or the test clock's (YISHI_E2E_NOW), ticking. */
    now: () => (testNow ? Date.parse(testNow) + (Date.now() - startedAt) : Date.now()),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The browser

export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`${executablePath} is missing: run scripts/setup.sh (Debian's chromium)`);
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

/** A `[data-testid="..."]` selector. */
export const tid = (id) => `[data-testid="${id}"]`;

export async function artifactPath(name) {
  await mkdir(ARTIFACTS, { recursive: true });
  // A second run against another binary (the installed .deb) keeps the first run's pictures.
  return path.join(ARTIFACTS, `${process.env.YISHI_ARTIFACT_PREFIX ?? ''}${name}`);
}

// ---------------------------------------------------------------------------------------------
// Fixture figures: what tests/fixtures/README.md says a fixture should give

async function fixturesReadme() {
  // FIXTURES_README: another file with the same layout (to try these tests against new figures).
  const readmePath = process.env.FIXTURES_README ?? path.join(FIXTURES, 'README.md');
  if (!existsSync(readmePath)) {
    throw new AssertionError(`${readmePath} is missing: it must state N and A of the fixtures (e.g. "- **N = 28**", "- **A = 3,277.90 m²**")`);
  }
  return { readmePath, text: await readFile(readmePath, 'utf8') };
}

/**
 * The README's section about `file` ("roster-small.csv" -> the part under a heading naming
 * "roster-small", up to the next heading of the same or a higher level); null when none.
 */
function section(text, file) {
  const stem = file.replace(/\.(csv|xlsx)$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const naming = new RegExp(`(^|[^\\w-])${stem}(\\.(csv|xlsx))?($|[^\\w-])`);
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^#{1,6}\s/.test(l) && naming.test(l));
  if (start < 0) return null;
  const level = /^#+/.exec(lines[start])[0].length;
  let end = start + 1;
  while (end < lines.length && !(/^#{1,6}\s/.test(lines[end]) && /^#+/.exec(lines[end])[0].length <= level)) end += 1;
  return lines.slice(start + 1, end).join('\n');
}

/** "3277.90" or "3,277.90" -> "3,277.90" (the UI's format, without " m²"). */
function groupArea(text) {
  const [whole, cents] = text.replaceAll(',', '').split('.');
  return `${BigInt(whole).toLocaleString('en-US')}.${cents}`;
}

/**
 * N (persons, "28") and A (area as the UI shows it, "3,277.90") of a fixture, from the first
 * lines of its README section that define them ("- **N = 28**", "- **A = 1,038.50 + … =
 * 3,277.90 m²**": the value after the last "=").
 */
export async function fixtureFigures(file) {
  const { readmePath, text } = await fixturesReadme();
  const part = section(text, file);
  if (part === null) throw new AssertionError(`${readmePath} has no heading naming ${file}`);
  const defining = (name) => part.split('\n').find((l) => new RegExp(`^\\s*([-*]\\s*)?(\\*\\*)?${name}\\s*(\\*\\*)?\\s*=`).test(l));
  const nLine = defining('N');
  const aLine = defining('A');
  const n = nLine && /([0-9][0-9,]*)\D*$/.exec(nLine.slice(nLine.lastIndexOf('=') + 1));
  const a = aLine && /([0-9][0-9,]*\.[0-9]{2})/.exec(aLine.slice(aLine.lastIndexOf('=') + 1));
  if (!n || !a) {
    throw new AssertionError(`${readmePath}: the section on ${file} has no "N = …" and "A = ….xx m²" lines`);
  }
  return { persons: n[1].replaceAll(',', ''), area: groupArea(a[1]) };
}

/**
 * The file lines that have a problem, from the table in the fixture's README section whose
 * header has "line" and "problem" columns (rows whose problem starts with "none" are clean).
 */
export async function fixtureProblemLines(file) {
  const { readmePath, text } = await fixturesReadme();
  const part = section(text, file);
  if (part === null) throw new AssertionError(`${readmePath} has no heading naming ${file}`);
  const rows = part.split('\n').filter((l) => l.trim().startsWith('|')).map(splitRow);
  const header = rows.findIndex((r) => r.includes('line') && r.includes('problem'));
  if (header < 0) throw new AssertionError(`${readmePath}: the section on ${file} has no table with "line" and "problem" columns`);
  const lineCol = rows[header].indexOf('line');
  const problemCol = rows[header].indexOf('problem');
  const lines = rows
    .slice(header + 1)
    .filter((r) => /^\d+$/.test(r[lineCol] ?? '') && !/^none\b/i.test(r[problemCol] ?? ''))
    .map((r) => Number(r[lineCol]));
  if (lines.length === 0) throw new AssertionError(`${readmePath}: the table on ${file} lists no problem line`);
  return lines;
}

function splitRow(line) {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim().replaceAll('`', ''));
}

// ---------------------------------------------------------------------------------------------
// Signing in like a user

/**
 * Signs in through the sign-in screen as the demo office holder of `role` ("host", "secretary",
 * "registrar", "counter", "scrutineer", "building_head", "party_branch"): reads their name and
 * demo PIN from the screen's "演示用" box, clicks the person and types the PIN. `pin` overrides
 * the PIN (a wrong one: the call then does not wait for the app). Returns the person's name.
 */
export async function signInAs(page, role, { pin = null, expectFail = false } = {}) {
  await page.waitForSelector(tid('signin'));
  const row = page.locator(`${tid('demo-operators')} tr[data-role="${role}"]`).first();
  await row.waitFor();
  const name = (await row.locator('td').first().textContent()).trim();
  const demoPin = (await row.locator(tid(`demo-pin-${role}`)).textContent()).trim();
  await pickPerson(page, name);
  await page.fill(tid('signin-pin'), pin ?? demoPin);
  await page.click(tid('signin-submit'));
  if (!expectFail) {
    await page.waitForFunction((n) => document.querySelector('[data-testid="operator-name"]')?.textContent === n, name);
  }
  return name;
}

/** On the sign-in screen: clicks the person's big button (leaving the PIN step if open). */
export async function pickPerson(page, name) {
  if (await page.locator(tid('signin-other')).isVisible()) await page.click(tid('signin-other'));
  await page.click(`.signin-person[data-name="${name}"]`);
  await page.waitForSelector(tid('signin-pin'));
}

/** 切换操作人, then signs in as the demo office holder of `role`. */
export async function switchTo(page, role) {
  await page.click(tid('operator-switch'));
  return signInAs(page, role);
}

/** Opens the app, loads the demo community and signs in as `role` (default: the host). */
export async function demoAs(page, server, role = 'host') {
  await page.goto(server.url);
  await page.click(tid('demo-load'));
  return signInAs(page, role);
}

/** The page's session token, for direct calls the way the page makes them. */
export async function sessionToken(page) {
  return page.evaluate(() => window.sessionStorage.getItem('yishi.session'));
}

/** POST /api/{op} with the page's session (like the page does); returns { status, body }. */
export async function apiCall(server, page, op, args) {
  const token = page ? await sessionToken(page) : null;
  const response = await fetch(`${server.url}api/${op}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { 'x-yishi-session': token } : {}) },
    body: JSON.stringify(args),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** The first host a test community is created with (a valid ID number, a PIN that is not weak). */
export const FIRST_HOST = { name: '王主任', id: '110101198001010011', pin: 'percy-river-82' };

/**
 * On the welcome screen: creates a community with its first host, who is then signed in; with
 * `offices`, the host also names themself to them (a new community has nobody else yet, and
 * importing the roll takes a registrar or secretary). The roles tab's search finds only people
 * on the roll, which the new host is not yet, so that is a direct `role_assign` with the page's
 * session, and a reload to show what the host may do now.
 */
export async function createCommunity(page, server, { name, buildings = '', offices = [] }) {
  await page.goto(server.url);
  await page.fill(tid('community-name'), name);
  if (buildings) await page.fill(tid('community-buildings'), buildings);
  await page.fill(tid('host-name'), FIRST_HOST.name);
  await page.fill(tid('host-id'), FIRST_HOST.id);
  await page.fill(tid('host-pin'), FIRST_HOST.pin);
  await page.click(tid('community-create'));
  await page.waitForFunction((n) => document.querySelector('[data-testid="operator-name"]')?.textContent === n, FIRST_HOST.name);
  // The first host of this database is shown the recovery code once.
  const code = (await page.textContent(tid('recovery-code-text')))?.trim() ?? '';
  if (!/^[0-9A-Z]{4}(-[0-9A-Z]{4}){5}$/.test(code)) throw new AssertionError(`a recovery code is shown: ${JSON.stringify(code)}`);
  await page.click(tid('recovery-code-done'));
  if (offices.length === 0) return;
  const state = (await apiCall(server, page, 'session_state', {})).body;
  for (const role of offices) {
    const r = await apiCall(server, page, 'role_assign', { community_id: state.operator.community_id, person_id: state.operator.person_id, role, building: null });
    if (r.status !== 200) throw new AssertionError(`role_assign ${role}: ${JSON.stringify(r.body)}`);
  }
  await page.reload();
  await page.waitForSelector(tid('operator-name'));
}
