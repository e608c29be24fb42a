// Bar charts as inline SVG (no chart library, nothing from the network): the previous period
// against this one per row, and acknowledgement coverage per building. Every bar carries its
// value (data-value) and a text label, so the chart reads without colour and prints.

import type { Coverage } from '../../bindings/Coverage';
import { t } from '../../i18n';

const NS = 'http://www.w3.org/2000/svg';

function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, ...children: (SVGElement | string)[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c);
  return el;
}

const WIDTH = 760;
const LABEL_W = 170;
const VALUE_W = 150;
const BAR_W = WIDTH - LABEL_W - VALUE_W;

export interface TrendRow {
  label: string;
  previous: number;
  current: number;
  /** E.g. "下降50%". */
  note: string;
  key: string;
}

/** Two bars a row: the previous period (grey) and this one (red), with the counts and the trend. */
export function trendBars(rows: TrendRow[], testid: string, title: string): SVGSVGElement {
  const max = Math.max(1, ...rows.flatMap((r) => [r.previous, r.current]));
  const rowH = 46;
  const top = 30;
  const height = top + rows.length * rowH + 8;
  const svg = s('svg', { viewBox: `0 0 ${WIDTH} ${height}`, class: 'conv-chart', role: 'img', 'aria-label': title, 'data-testid': testid, preserveAspectRatio: 'xMinYMin meet' });
  svg.append(s('title', {}, title));
  // Legend.
  svg.append(
    s('rect', { x: LABEL_W, y: 6, width: 14, height: 14, class: 'bar-prev' }),
    s('text', { x: LABEL_W + 20, y: 18, class: 'chart-legend' }, t('conv.chartPrevious')),
    s('rect', { x: LABEL_W + 120, y: 6, width: 14, height: 14, class: 'bar-cur' }),
    s('text', { x: LABEL_W + 140, y: 18, class: 'chart-legend' }, t('conv.chartCurrent')),
  );
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    const w = (n: number) => Math.max(n > 0 ? 2 : 0, (n / max) * BAR_W);
    const g = s('g', { class: 'chart-row', 'data-key': r.key });
    g.append(
      s('text', { x: LABEL_W - 10, y: y + 24, class: 'chart-label', 'text-anchor': 'end' }, r.label),
      s('rect', { x: LABEL_W, y: y + 3, width: w(r.previous), height: 16, class: 'bar-prev', 'data-value': r.previous }, s('title', {}, `${t('conv.chartPrevious')} ${r.previous}`)),
      s('text', { x: LABEL_W + w(r.previous) + 6, y: y + 16, class: 'chart-num chart-num-prev' }, String(r.previous)),
      s('rect', { x: LABEL_W, y: y + 21, width: w(r.current), height: 18, class: 'bar-cur', 'data-value': r.current }, s('title', {}, `${t('conv.chartCurrent')} ${r.current}`)),
      s('text', { x: LABEL_W + w(r.current) + 6, y: y + 35, class: 'chart-num' }, String(r.current)),
      s('text', { x: WIDTH - 4, y: y + 28, class: 'chart-note', 'text-anchor': 'end' }, r.note),
      s('line', { x1: LABEL_W, x2: LABEL_W, y1: y, y2: y + rowH - 2, class: 'chart-axis' }),
    );
    svg.append(g);
  });
  return svg;
}

/** One bar a building: the share of households that acknowledged, out of 100%. */
export function coverageBars(rows: { label: string; coverage: Coverage }[], testid: string): SVGSVGElement {
  const rowH = 30;
  const height = rows.length * rowH + 8;
  const title = t('conv.chartCoverage');
  const svg = s('svg', { viewBox: `0 0 ${WIDTH} ${height}`, class: 'conv-chart', role: 'img', 'aria-label': title, 'data-testid': testid, preserveAspectRatio: 'xMinYMin meet' });
  svg.append(s('title', {}, title));
  rows.forEach((r, i) => {
    const y = 4 + i * rowH;
    const c = r.coverage;
    const share = c.households ? c.acknowledged / c.households : 0;
    const g = s('g', { class: 'chart-row', 'data-key': r.label });
    g.append(
      s('text', { x: LABEL_W - 10, y: y + 17, class: 'chart-label', 'text-anchor': 'end' }, r.label),
      s('rect', { x: LABEL_W, y: y + 2, width: BAR_W, height: 20, class: 'bar-track' }),
      s('rect', { x: LABEL_W, y: y + 2, width: Math.max(c.acknowledged > 0 ? 2 : 0, share * BAR_W), height: 20, class: 'bar-ack', 'data-value': c.acknowledged, 'data-percent': c.percent }),
      s('text', { x: WIDTH - 4, y: y + 17, class: 'chart-note', 'text-anchor': 'end' }, t('conv.coverageText', { a: c.acknowledged, n: c.households, p: c.percent })),
    );
    svg.append(g);
  });
  return svg;
}
