// Importing the property company's roster through the UI, as an operator would: create a
// community on the welcome page, open the import, pick the file, read the preview, accept, and
// see N and A on the roll. The expected figures come from tests/fixtures/README.md.

import path from 'node:path';
import { assert, assertEqual, createCommunity as setUpCommunity, eventually, FIXTURES, fixtureFigures, fixtureProblemLines, test, tid } from './lib.mjs';

const COMMUNITY = '测试小区';
const BUILDINGS = '1栋, 2栋, 3栋';

/**
 * Welcome page -> a new community with three buildings and its first host, who names themself
 * registrar (importing the roll is the registrar's or the secretary's) -> its (empty) roll.
 */
async function createCommunity(page, server) {
  await setUpCommunity(page, server, { name: COMMUNITY, buildings: BUILDINGS, offices: ['registrar'] });
  await page.click(tid('nav-roll'));
  await page.click(tid('tab-summary'));
  await page.waitForSelector(tid('roll-persons'));
  await eventually(() => rollPersons(page), '0', 'N of a new community');
}

const rollPersons = (page) => page.textContent(tid('roll-persons')).then((s) => (s ?? '').trim());
/** "1,234.56 m²" -> "1,234.56". */
const rollArea = (page) => page.textContent(tid('roll-area')).then((s) => (s ?? '').replace(/\s*m²\s*$/, '').trim());

/** Opens the import dialog and chooses `file`; returns once the preview is shown. */
async function previewImport(page, file) {
  await page.click(tid('import-open'));
  await page.waitForSelector(tid('import-dialog'));
  await page.setInputFiles(tid('import-file'), path.join(FIXTURES, file));
  await page.waitForSelector(tid('import-preview'));
}

async function importFile(page, file) {
  await previewImport(page, file);
  const canCommit = await page.getAttribute(tid('import-preview'), 'data-can-commit');
  assertEqual(canCommit, 'true', `the preview of ${file} allows the import`);
  await page.waitForSelector(`${tid('import-commit')}:not([disabled])`);
  await page.click(tid('import-commit'));
  await page.waitForSelector(`${tid('import-result')}:not([hidden])`, { timeout: 30_000 });
}

async function closeImport(page) {
  await page.click(tid('import-close'));
  await page.waitForSelector(tid('import-dialog'), { state: 'detached' });
}

test('roster import: preview, accept, N and A as the fixture README states', async ({ server, page, artifact }) => {
  const want = await fixtureFigures('roster-small.csv');
  await createCommunity(page, server);

  await previewImport(page, 'roster-small.csv');
  // The preview's "before -> after" rows: after is the roll once the file is accepted.
  const after = async (id) => ((await page.textContent(`${tid(id)} .ba-after`)) ?? '').replace(/\s*m²\s*$/, '').trim();
  assertEqual(await after('import-persons'), want.persons, "the preview's N after the import (import-persons)");
  assertEqual(await after('import-area'), want.area, "the preview's A after the import (import-area)");
  assert((await page.$(tid('import-problems'))) === null, 'the clean roster has no problems listed');
  await page.screenshot({ path: await artifact('import-preview.png') });
  await page.click(tid('import-close'));

  await importFile(page, 'roster-small.csv');
  const result = (await page.textContent(tid('import-result'))) ?? '';
  assert(result.includes(want.area), `the import result names A = ${want.area}: "${result}"`);
  await page.screenshot({ path: await artifact('import-result.png') });
  await closeImport(page);

  await eventually(() => rollPersons(page), want.persons, 'N on the roll after the import (roll-persons)');
  await eventually(() => rollArea(page), want.area, 'A on the roll after the import (roll-area)');
  await page.screenshot({ path: await artifact('roll-after-import.png'), fullPage: true });
});

test('roster import: a bad file lists its problems by line and cannot be accepted', async ({ server, page, artifact }) => {
  const want = await fixtureFigures('roster-small.csv');
  const wantLines = (await fixtureProblemLines('roster-bad.csv')).sort((x, y) => x - y);
  await createCommunity(page, server);
  await importFile(page, 'roster-small.csv');
  await closeImport(page);
  await eventually(() => rollPersons(page), want.persons, 'N after the clean import');

  await previewImport(page, 'roster-bad.csv');
  assertEqual(await page.getAttribute(tid('import-preview'), 'data-can-commit'), 'false', 'the preview of roster-bad.csv refuses the import');
  await page.waitForSelector(tid('import-problems'));
  const lines = await page.$$eval(`${tid('import-problems')} tbody tr`, (rows) =>
    rows.map((r) => (r.querySelector('td')?.textContent ?? '').trim()),
  );
  assert(lines.length > 0, 'problems are listed');
  // One row per problem, each naming its line, exactly the lines tests/fixtures/README.md lists.
  assertEqual(lines.join(','), wantLines.join(','), 'the lines of the problems listed (import-problems, first column)');
  assert(await page.isDisabled(tid('import-commit')), 'import-commit is disabled while the file has problems');
  await page.screenshot({ path: await artifact('import-problems.png') });
  await closeImport(page);

  assertEqual(await rollPersons(page), want.persons, 'N is unchanged by the refused file');
  assertEqual(await rollArea(page), want.area, 'A is unchanged by the refused file');
});
