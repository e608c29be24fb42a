// Runs every tests/e2e/*.test.mjs in Debian's Chromium against the real `yishi serve`.
// Each test gets its own server on a fresh database and its own browser context.
//
//   node tests/e2e/run.mjs [filter]     (filter: a substring of the test or file name)
//   YISHI_E2E_NOW=2026-12-28T10:00:00+08:00 node tests/e2e/run.mjs meeting   (another date:
//   the server runs a test clock from it, `yishi serve --i-know-this-is-a-test-clock`)
//
// Prints one line per test and, last, "e2e: N passed, M failed"; exits 1 on any failure.
// On failure it saves artifacts/<test>-failure.png and prints the server's output.

import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { artifactPath, launchBrowser, registered, ROOT, setCurrentFile, startServer } from './lib.mjs';

const PER_TEST_TIMEOUT_MS = 90_000;
const filter = process.argv[2] ?? '';
const dir = path.join(ROOT, 'tests', 'e2e');

const files = (await readdir(dir)).filter((f) => f.endsWith('.test.mjs')).sort();
for (const f of files) {
  setCurrentFile(f);
  await import(pathToFileURL(path.join(dir, f)).href);
}
const tests = registered.filter((t) => !filter || t.name.includes(filter) || t.file.includes(filter));

const slug = (s) => s.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').toLowerCase();

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

let passed = 0;
let failed = 0;
const browser = await launchBrowser();
try {
  for (const t of tests) {
    const started = Date.now();
    let server = null;
    let context = null;
    let page = null;
    const pageErrors = [];
    try {
      server = await startServer();
      context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
      page = await context.newPage();
      // The page's clock runs from the same instant as the server's test clock (lib.mjs).
      if (process.env.YISHI_E2E_NOW) await page.clock.install({ time: new Date(process.env.YISHI_E2E_NOW) });
      page.setDefaultTimeout(15_000);
      page.on('pageerror', (e) => pageErrors.push(String(e?.stack ?? e)));
      const artifact = (name) => artifactPath(name);
      await withTimeout(t.fn({ server, page, artifact }), PER_TEST_TIMEOUT_MS, `test "${t.name}"`);
      if (pageErrors.length) throw new Error(`uncaught errors in the page:\n${pageErrors.join('\n')}`);
      passed += 1;
      console.log(`  ok    ${t.name} (${t.file}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } catch (e) {
      failed += 1;
      console.log(`  FAIL  ${t.name} (${t.file}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
      console.log(`        ${String(e?.stack ?? e).split('\n').join('\n        ')}`);
      if (pageErrors.length) console.log(`        page errors:\n        ${pageErrors.join('\n        ')}`);
      if (page) {
        const shot = await artifactPath(`${slug(t.name)}-failure.png`);
        await page.screenshot({ path: shot, fullPage: true }).then(
          () => console.log(`        screenshot: ${path.relative(ROOT, shot)}`),
          () => undefined,
        );
      }
      if (server) console.log(`        server output:\n        ${server.log().trim().split('\n').join('\n        ')}`);
    } finally {
      await context?.close().catch(() => undefined);
      await server?.stop().catch(() => undefined);
    }
  }
} finally {
  await browser.close();
}

if (tests.length === 0) {
  console.log(`no e2e test matched "${filter}"`);
  failed += 1;
}
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
