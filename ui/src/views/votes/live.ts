// The parts of a vote's page that change while voting is open: participation against the
// quorum line (persons and area, as bars), the ballots by unit number with their receipts,
// the refused ballots with their reasons, and the registered proxies.

import type { BallotView } from '../../bindings/BallotView';
import type { Participation } from '../../bindings/Participation';
import type { ProxyView } from '../../bindings/ProxyView';
import type { Rule } from '../../bindings/Rule';
import type { VoteDetail } from '../../bindings/VoteDetail';
import { h, replace } from '../../dom';
import { formatArea, formatAreaM2, formatCount, formatTime, shortHash } from '../../format';
import { joinList, t } from '../../i18n';
import { channelLabel, countsArea } from './labels';

/** x / total in thousandths, floored, with integer math only (areas are integers of 0.01 m²). */
function permille(x: number, total: number): number {
  if (total <= 0 || x <= 0) return 0;
  const scaled = x * 1000;
  return Math.min(1000, (scaled - (scaled % total)) / total);
}

const pct = (pm: number) => `${(pm - (pm % 10)) / 10}.${pm % 10}%`;

interface BarSpec {
  label: string;
  figures: string;
  value: number;
  total: number;
  line: number;
  lineLabel: string;
  status: string;
  met: boolean;
  testid: string;
}

function bar(s: BarSpec): HTMLElement {
  const fill = h('div', { class: 'pbar-fill' });
  fill.style.width = pct(permille(s.value, s.total));
  const mark = h('div', { class: 'pbar-line', title: s.lineLabel });
  mark.style.left = pct(permille(s.line, s.total));
  const markLabel = h('span', { class: 'pbar-line-label' }, s.lineLabel);
  markLabel.style.left = pct(permille(s.line, s.total));
  return h(
    'div',
    { class: s.met ? 'pbar-row met' : 'pbar-row', testid: s.testid, 'data-met': String(s.met) },
    h('div', { class: 'pbar-head' }, h('span', { class: 'pbar-label' }, s.label), h('span', { class: 'pbar-figures', testid: `${s.testid}-figures` }, s.figures)),
    h('div', { class: 'pbar', role: 'img', 'aria-label': `${s.label} ${s.figures}. ${s.lineLabel}. ${s.status}` }, fill, mark),
    h('div', { class: 'pbar-foot' }, markLabel),
    h('p', { class: s.met ? 'pbar-status ok' : 'pbar-status' }, s.status),
  );
}

/** Persons (and, for owners' votes, area) taking part so far, each against its quorum line. */
export function participationEl(p: Participation, rule: Rule, closed = false): HTMLElement {
  const personsMet = p.pn >= p.quorum_persons;
  const rows = [
    bar({
      label: t('live.persons'),
      figures: t('live.personsFigures', { pn: formatCount(p.pn), n: formatCount(p.n) }),
      value: p.pn,
      total: p.n,
      line: p.quorum_persons,
      lineLabel: t('live.lineP', { q: formatCount(p.quorum_persons) }),
      status: personsMet ? t('live.met') : t(closed ? 'live.missedP' : 'live.shortP', { k: formatCount(p.quorum_persons - p.pn) }),
      met: personsMet,
      testid: 'participation-persons',
    }),
  ];
  if (countsArea(rule)) {
    const areaMet = p.pa >= p.quorum_area;
    rows.push(
      bar({
        label: t('live.area'),
        figures: t('live.areaFigures', { pa: formatArea(p.pa), a: formatAreaM2(p.a) }),
        value: p.pa,
        total: p.a,
        line: p.quorum_area,
        lineLabel: t('live.lineA', { q: formatAreaM2(p.quorum_area) }),
        status: areaMet ? t('live.met') : t(closed ? 'live.missedA' : 'live.shortA', { k: formatAreaM2(p.quorum_area - p.pa) }),
        met: areaMet,
        testid: 'participation-area',
      }),
    );
  }
  return h(
    'div',
    { class: 'participation', testid: 'vote-participation', 'data-pn': String(p.pn) },
    rows,
    h('p', { class: 'hint' }, t('live.refusedNote', { n: formatCount(p.refused) })),
  );
}

function ballotRow(b: BallotView): HTMLElement {
  return h(
    'tr',
    { testid: 'ballot-row', 'data-counted': String(b.counted), 'data-receipt': b.receipt },
    h('td', { class: 'num' }, String(b.ballot_id)),
    h('th', { scope: 'row' }, joinList(b.units)),
    h('td', null, channelLabel(b.channel), b.by_proxy ? [' ', h('span', { class: 'badge' }, t('live.byProxy'))] : null),
    h('td', null, h('code', { class: 'mono', title: b.receipt, testid: 'ballot-receipt' }, shortHash(b.receipt, 12))),
    h('td', { class: 'nowrap' }, b.cast_at ? formatTime(b.cast_at) : '—'),
    h('td', null, b.counted ? h('span', { class: 'badge badge-ok' }, t('live.counted')) : h('span', { class: 'badge' }, t('live.superseded'))),
  );
}

/** The ballots by unit number, with a filter to find one's receipt. */
export function ballotsEl(d: VoteDetail, filter: HTMLInputElement): HTMLElement {
  if (!d.ballots.length) return h('p', { class: 'empty', testid: 'vote-ballots-empty' }, t('live.noBallots'));
  const text = filter.value.trim().toLowerCase().replace(/[\s-]/g, '');
  const shown = d.ballots.filter((b) => !text || b.receipt.toLowerCase().startsWith(text) || b.units.some((u) => u.toLowerCase().replace(/\s/g, '').includes(text)));
  return h(
    'div',
    null,
    h('p', { class: 'hint' }, t('live.ballotsCount', { n: formatCount(d.ballots.length), c: formatCount(d.ballots.filter((b) => b.counted).length) })),
    h(
      'div',
      { class: 'table-wrap table-scroll' },
      h(
        'table',
        { class: 'table ballots', testid: 'vote-ballots' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { class: 'num' }, t('col.seq')),
            h('th', null, t('col.units')),
            h('th', null, t('live.colChannel')),
            h('th', null, t('live.colReceipt')),
            h('th', null, t('col.time')),
            h('th', null, t('live.colCounted')),
          ),
        ),
        h('tbody', null, shown.map(ballotRow)),
      ),
    ),
  );
}

/** Refused ballots: when and why ("2025-03-01T06:05:00Z 此人已经投过票…" from the backend). */
export function refusedEl(d: VoteDetail): HTMLElement {
  if (!d.refused.length) return h('p', { class: 'empty', testid: 'vote-refused' }, t('live.noRefused'));
  return h(
    'ol',
    { class: 'problems-list refused', testid: 'vote-refused' },
    d.refused.map((line) => {
      const space = line.indexOf(' ');
      const at = space > 0 ? line.slice(0, space) : '';
      const reason = space > 0 ? line.slice(space + 1) : line;
      return h('li', { testid: 'refused-row' }, at ? h('strong', { class: 'nowrap' }, formatTime(at)) : null, at ? ' · ' : null, reason);
    }),
  );
}

/** Registered proxies, by owner (units) and proxy name. */
export function proxiesEl(list: readonly ProxyView[]): HTMLElement {
  if (!list.length) return h('p', { class: 'empty', testid: 'vote-proxies' }, t('live.noProxies'));
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'table', testid: 'vote-proxies' },
      h('thead', null, h('tr', null, h('th', null, t('live.colOwner')), h('th', null, t('live.colProxy')), h('th', null, t('live.colScope')), h('th', null, t('live.colExpires')), h('th', null, t('live.colScan')), h('th', null, t('live.colProxySigned')))),
      h(
        'tbody',
        null,
        list.map((p) =>
          h(
            'tr',
            { testid: 'proxy-row' },
            h('th', { scope: 'row' }, p.owner, h('div', { class: 'key-units' }, joinList(p.owner_units))),
            h('td', null, p.proxy),
            h('td', null, p.scope),
            h('td', { class: 'nowrap' }, formatTime(p.expires_at)),
            h('td', null, h('code', { class: 'mono', title: p.scan_sha256 }, shortHash(p.scan_sha256, 12))),
            h('td', { testid: 'proxy-signed-by' }, p.signed_by.length ? joinList(p.signed_by) : t('live.proxyUnsigned'), p.registered_at ? h('div', { class: 'key-units' }, formatTime(p.registered_at)) : null),
          ),
        ),
      ),
    ),
  );
}

/** Fills the live containers again from a fresh detail. */
export function fillLive(
  parts: { participation: HTMLElement; ballots: HTMLElement; refused: HTMLElement; proxies: HTMLElement; filter: HTMLInputElement },
  d: VoteDetail,
): void {
  replace(parts.participation, d.participation ? participationEl(d.participation, d.vote.settings.rule, d.vote.status === 'closed') : null);
  replace(parts.ballots, ballotsEl(d, parts.filter));
  replace(parts.refused, refusedEl(d));
  replace(parts.proxies, proxiesEl(d.proxies));
}
