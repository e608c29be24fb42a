// What an import would do, shown before anything is written.

import type { ImportPreview } from '../bindings/ImportPreview';
import { h } from '../dom';
import { formatAreaM2, formatCount } from '../format';
import { joinList, t } from '../i18n';
import { unitTable } from '../views/units';

const ABSENT_SHOWN = 30;

function stat(label: string, value: string, testid: string, tone = ''): HTMLElement {
  return h('div', { class: `stat ${tone}` }, h('span', { class: 'stat-value', testid }, value), h('span', { class: 'stat-label' }, label));
}

function beforeAfter(label: string, before: string, after: string, testid: string): HTMLElement {
  const changed = before !== after;
  return h(
    'div',
    { class: 'before-after', testid },
    h('span', { class: 'ba-label' }, label),
    h('span', { class: 'ba-before' }, before),
    h('span', { class: 'ba-arrow', 'aria-label': t('import.becomes') }, '→'),
    h('strong', { class: changed ? 'ba-after changed' : 'ba-after' }, after),
  );
}

export function previewView(p: ImportPreview): HTMLElement {
  const problems = p.problems.length
    ? h(
        'section',
        { class: 'preview-part problems' },
        h('h3', null, t('import.problemsTitle', { n: p.problems.length })),
        h('p', null, t('import.problemsFix')),
        h(
          'div',
          { class: 'table-wrap table-scroll' },
          h(
            'table',
            { class: 'table', testid: 'import-problems' },
            h('thead', null, h('tr', null, h('th', { class: 'num' }, t('col.line')), h('th', null, t('col.column')), h('th', null, t('col.problem')))),
            h(
              'tbody',
              null,
              p.problems.map((pv) =>
                h('tr', null, h('td', { class: 'num' }, String(pv.problem.line)), h('td', { lang: 'zh-CN', class: 'nowrap' }, pv.column_label ?? '—'), h('td', null, pv.message)),
              ),
            ),
          ),
        ),
      )
    : null;

  const absent = p.absent_units.length
    ? h(
        'details',
        { class: 'preview-part', testid: 'import-absent' },
        h('summary', null, t('import.absentTitle', { n: p.absent_units.length })),
        h('p', null, t('import.absentBody')),
        h('p', { class: 'muted' }, joinList(p.absent_units.slice(0, ABSENT_SHOWN)), p.absent_units.length > ABSENT_SHOWN ? t('import.andMore', { n: p.absent_units.length - ABSENT_SHOWN }) : ''),
      )
    : null;

  return h(
    'div',
    { class: 'preview', testid: 'import-preview', 'data-can-commit': String(p.can_commit) },
    h(
      'p',
      { class: 'preview-file' },
      h('strong', null, p.file_name),
      ' · ',
      t('import.formatLine', { format: p.format, encoding: p.encoding || '—', rows: formatCount(p.rows_read), units: formatCount(p.units_in_file) }),
    ),
    p.can_commit
      ? h('p', { class: 'verdict verdict-ok' }, t('import.verdictOk'))
      : h('p', { class: 'verdict verdict-bad' }, t('import.verdictBad')),
    p.can_commit ? null : problems,
    h(
      'div',
      { class: 'stats' },
      stat(t('import.newUnits'), formatCount(p.new_units), 'import-new'),
      stat(t('import.changedUnits'), formatCount(p.changed_units), 'import-changed'),
      stat(t('import.unchangedUnits'), formatCount(p.unchanged_units), 'import-unchanged'),
      stat(t('import.absentUnits'), formatCount(p.absent_units.length), 'import-absent-count', 'muted'),
    ),
    h(
      'div',
      { class: 'preview-part' },
      beforeAfter(t('roll.persons'), formatCount(p.persons_before), formatCount(p.persons_after), 'import-persons'),
      beforeAfter(t('roll.area'), formatAreaM2(p.area_before), formatAreaM2(p.area_after), 'import-area'),
    ),
    p.new_buildings.length
      ? h('p', { class: 'preview-part', testid: 'import-new-buildings' }, t('import.newBuildings'), ' ', h('strong', null, joinList(p.new_buildings)))
      : null,
    p.can_commit ? problems : null,
    p.notices.length
      ? h(
          'section',
          { class: 'preview-part' },
          h('h3', null, t('import.noticesTitle')),
          h('ul', { class: 'notices', testid: 'import-notices' }, p.notices.map((n) => h('li', null, n.message))),
        )
      : null,
    absent,
    p.sample.length
      ? h('section', { class: 'preview-part' }, h('h3', null, t('import.sampleTitle', { n: p.sample.length })), unitTable(p.sample, 'import-sample'))
      : null,
  );
}
