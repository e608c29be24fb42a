// 评约: the evaluation report of one month against the month before — violations per article and
// per building, the trend (the seed's "下降58%"), persuasions, acknowledgement coverage — as bar
// charts and tables on a page that prints on its own (the app's frame is left out). The backend
// offers no export of this report, so it is printed (or printed to PDF) from here.

import type { CommunitySummary } from '../../bindings/CommunitySummary';
import type { EvaluationReport } from '../../bindings/EvaluationReport';
import { field, h, replace } from '../../dom';
import { t } from '../../i18n';
import { showError } from '../../notify';
import { conventionReport } from './api';
import { coverageBars, trendBars, type TrendRow } from './charts';
import { coverageText, monthBefore, monthRange, trendText, versionLabel } from './labels';

function figure(label: string, value: string, testid: string): HTMLElement {
  return h('div', { class: 'conv-figure' }, h('div', { class: 'conv-figure-label' }, label), h('div', { class: 'conv-figure-value', testid }, value));
}

function trendTable(rows: (TrendRow & { extra?: string })[], testid: string, firstCol: string): HTMLElement {
  return h(
    'table',
    { class: 'table conv-report-table' },
    h('thead', null, h('tr', null, [firstCol, t('conv.chartPrevious'), t('conv.chartCurrent'), t('conv.colTrend')].map((x) => h('th', null, x)))),
    h(
      'tbody',
      null,
      rows.map((r) =>
        h(
          'tr',
          { testid, 'data-key': r.key, 'data-previous': String(r.previous), 'data-current': String(r.current) },
          h('th', { scope: 'row' }, r.label, r.extra ? h('div', { class: 'hint' }, r.extra) : null),
          h('td', { class: 'num' }, String(r.previous)),
          h('td', { class: 'num' }, String(r.current)),
          h('td', { testid: `${testid}-trend` }, r.note),
        ),
      ),
    ),
  );
}

function sheet(r: EvaluationReport): HTMLElement {
  const f = r.figures;
  const articleRows: (TrendRow & { extra?: string })[] = f.by_article.map((a) => {
    const head = r.articles.find((x) => x.number === a.article);
    return { key: String(a.article), label: head?.label ?? String(a.article), extra: head?.text, previous: a.trend.previous, current: a.trend.current, note: trendText(a.trend) };
  });
  // Buildings without any violation in either period are left out of the chart (not the table).
  const buildingRows: TrendRow[] = f.by_building.map((b) => ({ key: b.building ?? 'public', label: b.building ?? t('conv.publicPlaces'), previous: b.trend.previous, current: b.trend.current, note: trendText(b.trend) }));
  const chartBuildings = buildingRows.filter((b) => b.previous || b.current);
  const coverageRows = f.by_building.filter((b) => b.coverage && b.building).map((b) => ({ label: b.building as string, coverage: b.coverage! }));
  return h(
    'article',
    { class: 'conv-report', testid: 'report-sheet' },
    h('header', { class: 'conv-report-head' }, h('p', { class: 'conv-report-community' }, r.community), h('h1', { testid: 'report-title' }, t('conv.reportHeading', { title: r.title })), h('p', { testid: 'report-period' }, t('conv.reportPeriod', { from: r.from, to: r.to, pfrom: r.previous_from, pto: r.previous_to })), h('p', { class: 'hint' }, t('conv.reportVersion', { v: versionLabel(r.version) }), ' ', h('code', { class: 'mono' }, r.version_hash))),
    h('p', { class: 'conv-headline', testid: 'report-headline' }, r.headline),
    h(
      'div',
      { class: 'conv-figures' },
      figure(t('conv.figCurrent'), t('conv.cases', { n: f.total.current }), 'report-total-current'),
      figure(t('conv.figPrevious'), t('conv.cases', { n: f.total.previous }), 'report-total-previous'),
      figure(t('conv.figTrend'), trendText(f.total), 'report-trend'),
      figure(t('conv.figPersuaded'), t('conv.cases', { n: f.persuaded }), 'report-persuaded'),
      figure(t('conv.figCoverage'), coverageText(f.coverage), 'report-coverage'),
    ),
    h('section', { class: 'conv-report-part' }, h('h2', null, t('conv.byArticle')), trendBars(articleRows, 'chart-articles', t('conv.byArticle')), trendTable(articleRows, 'report-article-row', t('conv.colArticle'))),
    h('section', { class: 'conv-report-part' }, h('h2', null, t('conv.byBuilding')), trendBars(chartBuildings, 'chart-buildings', t('conv.byBuilding')), trendTable(buildingRows, 'report-building-row', t('conv.building'))),
    h('section', { class: 'conv-report-part' }, h('h2', null, t('conv.coverageTitle')), h('p', { testid: 'report-coverage-line' }, t('conv.ackTotal', { text: coverageText(f.coverage) })), coverageBars(coverageRows, 'chart-coverage')),
    h('footer', { class: 'hint conv-report-foot' }, t('conv.reportFoot', { at: new Date().toLocaleString() })),
  );
}

export function reportView(root: HTMLElement, _community: CommunitySummary, id: number, monthArg: string | undefined): () => void {
  const month = monthArg && /^\d{4}-\d{2}$/.test(monthArg) ? monthArg : monthBefore(1);
  const monthInput = h('input', { type: 'month', testid: 'report-month', value: month });
  monthInput.addEventListener('change', () => {
    if (/^\d{4}-\d{2}$/.test(monthInput.value)) location.hash = `#/conventions/${id}/report/${monthInput.value}`;
  });
  const print = h('button', { type: 'button', class: 'btn btn-primary', testid: 'report-print' }, t('conv.print'));
  print.addEventListener('click', () => {
    document.body.classList.add('print-report');
    window.print();
    document.body.classList.remove('print-report');
  });
  const body = h('div', { 'aria-live': 'polite' }, h('p', { class: 'loading' }, t('common.loading')));
  root.append(
    h('div', { class: 'view-head no-print' }, h('a', { href: `#/conventions/${id}`, class: 'back-link', testid: 'report-back' }, `← ${t('conv.backToConvention')}`), h('h1', null, t('conv.report'))),
    h('div', { class: 'card toolbar conv-report-tools no-print' }, field(t('conv.month'), monthInput, t('conv.monthHint')), h('div', { class: 'actions' }, print), h('p', { class: 'hint' }, t('conv.printHint'))),
    body,
  );
  const { from, to } = monthRange(month);
  conventionReport({ convention_id: id, from, to }).then((r) => replace(body, sheet(r)), (e) => {
    replace(body);
    showError(e);
  });
  return () => document.body.classList.remove('print-report');
}
