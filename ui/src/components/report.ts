// An audit report and a copyable hash: used by 记录核验 and by backup restore.

import type { AuditReport } from '../bindings/AuditReport';
import { h } from '../dom';
import { formatCount } from '../format';
import { auditKindLabel, t } from '../i18n';

/** A hash people can select and copy (and a copy button where the clipboard works). */
export function hashBlock(hash: string, testid: string): HTMLElement {
  const code = h('code', { class: 'mono hash', testid, tabindex: '0' }, hash);
  const copy = h('button', { type: 'button', class: 'btn btn-small' }, t('audit.copy'));
  copy.addEventListener('click', () => {
    const sel = window.getSelection();
    const range = document.createRange();
    range.selectNodeContents(code);
    sel?.removeAllRanges();
    sel?.addRange(range);
    const done = () => {
      copy.textContent = t('audit.copied');
      window.setTimeout(() => (copy.textContent = t('audit.copy')), 2000);
    };
    if (navigator.clipboard) navigator.clipboard.writeText(hash).then(done, () => undefined);
  });
  return h('div', { class: 'hash-row' }, code, copy);
}

/** An audit report: verdict, head hash to write down, every problem with its event number. */
export function reportView(r: AuditReport, testid: string): HTMLElement {
  return h(
    'div',
    { class: r.ok ? 'report report-ok' : 'report report-bad', testid, 'data-ok': String(r.ok) },
    h('p', { class: 'report-summary' }, h('span', { class: 'report-mark', 'aria-hidden': 'true' }, r.ok ? '✓' : '✗'), r.summary),
    h('p', null, t('audit.eventsCount', { n: formatCount(r.events) })),
    h('p', null, t('audit.headHash')),
    hashBlock(r.head_hash, `${testid}-head`),
    h('p', { class: 'hint' }, t('audit.headHint')),
    r.problems.length
      ? h(
          'ol',
          { class: 'problems-list' },
          r.problems.map((p) =>
            h(
              'li',
              { 'data-kind': p.kind.kind },
              h('strong', null, p.seq === null ? t('audit.noSeq') : t('audit.atSeq', { seq: String(p.seq) })),
              ' · ',
              h('span', { class: 'badge badge-bad' }, auditKindLabel(p.kind)),
              ' ',
              p.message,
            ),
          ),
        )
      : null,
  );
}
