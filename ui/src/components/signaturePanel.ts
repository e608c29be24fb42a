// The signature panel: who signed what, when, with which key, each signature re-verified by the
// backend on the spot. Any screen can embed it for one subject (a statement, later minutes or a
// ballot) or for all: `signaturePanel(community, subject)`. It reads a page at a time (newest
// first), so a vote with thousands of ballots opens as fast as one with three.

import { signatureList } from '../api';
import type { CommunitySummary } from '../bindings/CommunitySummary';
import type { DocLine } from '../bindings/DocLine';
import type { SignaturePage } from '../bindings/SignaturePage';
import type { SignatureView } from '../bindings/SignatureView';
import { h, replace } from '../dom';
import { formatCount, formatTime } from '../format';
import { idCheckLabel, keyStatusLabel, signContextLabel, t } from '../i18n';
import { showError } from '../notify';
import { fingerprintEl } from './keyCard';
import { hashBlock } from './report';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
// The backend's labels of the lines that name a document or a key's holder (DocLine carries no
// field name, so the label in either language is what identifies them).
const TITLE_LABELS = ['标题', 'Title'];
const HOLDER_LABELS = ['密钥持有人', 'Key holder'];
/** Signatures per page: each is re-verified when shown. */
const PAGE = 100;

/** A plain-words note beside a signed value: local time for timestamps, names for codes. */
function lineNote(value: string): string | null {
  if (ISO_TIME.test(value)) return t('sig.localTime', { time: formatTime(value) });
  const check = idCheckLabel(value);
  return check !== value ? check : null;
}

/**
 * A document's lines exactly as signed, label and value, with a note where the signed value is
 * not plain words. `fields` (the document's field names, same order) marks each line; `noteFor`
 * may add a note by field (a ballot's "agree" is 同意).
 */
export function docLines(
  lines: readonly DocLine[],
  fields: readonly string[] = [],
  cls = 'doc-lines',
  noteFor: (field: string, value: string) => string | null = () => null,
): HTMLElement {
  return h(
    'dl',
    { class: cls, testid: 'doc-lines' },
    lines.map((line, i) => {
      const note = noteFor(fields[i] ?? '', line.value) ?? lineNote(line.value);
      return h(
        'div',
        { class: 'doc-line', 'data-field': fields[i] ?? null },
        h('dt', null, line.label),
        h('dd', null, h('span', { class: 'doc-value' }, line.value), note ? h('span', { class: 'doc-note' }, note) : null),
      );
    }),
  );
}

/** "签署文件 · 《业主大会表决规则》", "密钥登记 · 王建国". */
export function whatSigned(s: Pick<SignatureView, 'context' | 'lines'>): string {
  const title = s.lines.find((l) => TITLE_LABELS.includes(l.label))?.value;
  if (title) return `${signContextLabel(s.context)} · ${t('sig.quoted', { title })}`;
  const holder = s.lines.find((l) => HOLDER_LABELS.includes(l.label))?.value;
  return holder ? `${signContextLabel(s.context)} · ${holder}` : signContextLabel(s.context);
}

export function verdictBadge(valid: boolean, verdict: string): HTMLElement {
  return h(
    'span',
    { class: valid ? 'sig-verdict sig-ok' : 'sig-verdict sig-bad', testid: 'signature-verdict', 'data-valid': String(valid), title: verdict },
    h('span', { 'aria-hidden': 'true' }, valid ? '✓' : '✗'),
    ' ',
    valid ? t('sig.valid') : t('sig.invalid'),
  );
}

function keyState(s: SignatureView): HTMLElement {
  if (s.key_status === 'active') return h('span', { class: 'badge badge-ok' }, t('sig.keyActive'));
  return h(
    'span',
    { class: 'badge' },
    keyStatusLabel(s.key_status),
    s.key_ended_at ? ` ${formatTime(s.key_ended_at)}` : '',
  );
}

function rows(s: SignatureView): HTMLElement[] {
  const detail = h(
    'tr',
    { class: 'sig-detail-row', hidden: true },
    h(
      'td',
      { colspan: '6' },
      h(
        'div',
        { class: 'sig-detail', testid: 'signature-detail' },
        h('p', { class: s.valid ? 'sig-verdict-text ok' : 'sig-verdict-text bad' }, s.verdict),
        docLines(s.lines),
        h('p', { class: 'detail-label' }, t('sig.documentHash')),
        hashBlock(s.document_hash, 'signature-hash'),
        h('p', { class: 'detail-label' }, t('sig.signatureHex')),
        h('code', { class: 'mono long-hex', testid: 'signature-hex' }, s.signature),
        h('p', { class: 'detail-label' }, t('sig.publicKey')),
        h('code', { class: 'mono long-hex' }, s.public_key),
      ),
    ),
  );
  const toggle = h('button', { type: 'button', class: 'btn btn-small sig-toggle', 'aria-expanded': 'false', testid: 'signature-expand' }, t('sig.show'));
  toggle.addEventListener('click', () => {
    const open = detail.hidden;
    detail.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = open ? t('sig.hide') : t('sig.show');
  });
  const main = h(
    'tr',
    { class: 'sig-row', testid: 'signature-row', 'data-signature': String(s.signature_id), 'data-subject': s.subject },
    h('td', null, verdictBadge(s.valid, s.verdict)),
    h('th', { scope: 'row' }, s.signer_name),
    h('td', null, whatSigned(s)),
    h('td', { class: 'nowrap' }, formatTime(s.signed_at)),
    h('td', null, fingerprintEl(s.fingerprint), h('div', null, keyState(s))),
    h('td', null, toggle),
  );
  return [main, detail];
}

function table(list: readonly SignatureView[]): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'table sig-table' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', null, t('sig.colVerdict')),
          h('th', null, t('sig.colSigner')),
          h('th', null, t('sig.colWhat')),
          h('th', null, t('col.time')),
          h('th', null, t('sig.colKey')),
          h('th', null, h('span', { class: 'sr-only' }, t('col.actions'))),
        ),
      ),
      h('tbody', null, list.map(rows)),
    ),
  );
}

export interface SignaturePanel {
  el: HTMLElement;
  /** Reads and re-verifies the signatures again. */
  refresh: () => Promise<void>;
}

/**
 * Signatures of `subject` (null: all of the community). With `count`, the panel starts folded
 * ("签名记录（3）") and reads the signatures only when opened.
 */
export function signaturePanel(community: CommunitySummary, subject: string | null, opts: { count?: number } = {}): SignaturePanel {
  const list = h('div', { class: 'sig-list', testid: 'signature-list', 'data-subject': subject ?? '', 'aria-live': 'polite' });
  const summary = h('summary', null, t('sig.panelSummary', { n: formatCount(opts.count ?? 0) }));
  const prev = h('button', { type: 'button', class: 'btn btn-small', testid: 'signature-prev' }, t('units.prev'));
  const next = h('button', { type: 'button', class: 'btn btn-small', testid: 'signature-next' }, t('units.next'));
  let loaded = false;
  let offset = 0;
  let request = 0;

  function render(page: SignaturePage): void {
    const found = page.items;
    const bad = found.filter((s) => !s.valid).length;
    const from = found.length ? page.offset + 1 : 0;
    const to = page.offset + found.length;
    summary.textContent = t('sig.panelSummary', { n: formatCount(page.total) });
    prev.disabled = page.offset === 0;
    next.disabled = to >= page.total;
    replace(
      list,
      page.total === 0
        ? h('p', { class: 'empty', testid: 'signature-empty' }, t('sig.none'))
        : [
            h(
              'p',
              { class: bad ? 'sig-count bad' : 'sig-count', testid: 'signature-count' },
              t('sig.count', { n: formatCount(page.total), from: formatCount(from), to: formatCount(to), ok: formatCount(found.length - bad), bad: formatCount(bad) }),
            ),
            table(found),
            page.total > page.limit ? h('div', { class: 'pager', testid: 'signature-pager' }, prev, next) : null,
          ],
    );
  }

  async function refresh(): Promise<void> {
    const mine = ++request;
    list.setAttribute('aria-busy', 'true');
    try {
      const page = await signatureList({ community_id: community.id, subject, offset, limit: PAGE });
      if (mine !== request) return;
      loaded = true;
      // Signatures were removed or the page ran past the end: show the last page there is.
      if (page.items.length === 0 && page.total > 0 && offset > 0) {
        offset = Math.floor((page.total - 1) / PAGE) * PAGE;
        return refresh();
      }
      render(page);
    } finally {
      if (mine === request) list.removeAttribute('aria-busy');
    }
  }

  prev.addEventListener('click', () => {
    offset = Math.max(0, offset - PAGE);
    refresh().catch(showError);
  });
  next.addEventListener('click', () => {
    offset += PAGE;
    refresh().catch(showError);
  });

  if (opts.count === undefined) {
    replace(list, h('p', { class: 'loading' }, t('common.loading')));
    refresh().catch(showError);
    return { el: list, refresh };
  }
  const details = h('details', { class: 'sig-panel' }, summary, list);
  details.addEventListener('toggle', () => {
    if (details.open && !loaded) {
      replace(list, h('p', { class: 'loading' }, t('common.loading')));
      refresh().catch(showError);
    }
  });
  return { el: details, refresh };
}
