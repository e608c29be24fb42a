// 核验记录文件: anyone's copy of a vote record (`yishi-vote-record/v1` or `/v2`) checked here
// exactly as `yishi verify` checks it: every signature, the frozen roll's hash, the recount
// against the signed result; with the manifest hash or root fingerprint from the posted notice
// (optional), that it is the record of that vote. The file is read in the browser and sent as
// base64; nothing is stored.

import { recordCheck } from '../../api';
import { bytesToBase64 } from '../../b64';
import type { RecordCheck } from '../../bindings/RecordCheck';
import { field, h, replace, uid } from '../../dom';
import { t } from '../../i18n';
import { run } from '../../notify';

const MAX_RECORD = 50 * 1024 * 1024;

function report(r: RecordCheck, file: string): HTMLElement {
  return h(
    'div',
    { class: r.ok ? 'report report-ok' : 'report report-bad', testid: 'record-check-result', 'data-ok': String(r.ok) },
    h('p', { class: 'report-summary' }, h('span', { class: 'report-mark', 'aria-hidden': 'true' }, r.ok ? '✓' : '✗'), r.ok ? t('check.ok', { file }) : t('check.bad', { file, n: r.discrepancies.length })),
    r.discrepancies.length ? h('ol', { class: 'problems-list', testid: 'record-check-problems' }, r.discrepancies.map((d) => h('li', null, d))) : null,
    r.unanchored ? h('p', { class: 'warning', role: 'note', testid: 'record-check-unanchored' }, r.unanchored) : null,
    r.notes.length ? [h('p', { class: 'detail-label' }, t('check.notes')), h('ul', { class: 'facts', testid: 'record-check-notes' }, r.notes.map((n) => h('li', null, n)))] : null,
    r.result_text ? [h('p', { class: 'detail-label' }, t('check.resultText')), h('pre', { class: 'result-text', testid: 'record-check-text' }, r.result_text)] : null,
  );
}

export function recordCheckView(root: HTMLElement): void {
  const input = h('input', { type: 'file', id: uid('record'), class: 'file-input', testid: 'record-check-file', accept: '.json,application/json' });
  const name = h('span', { class: 'file-name', testid: 'record-check-name' }, t('import.noFile'));
  const resultEl = h('div', { 'aria-live': 'polite' });
  const pick = h('label', { for: input.id, class: 'btn btn-primary' }, t('check.pick'));
  // Anchors from the posted notice: what makes the check more than internal consistency.
  const manifest = h('input', { type: 'text', class: 'mono', testid: 'record-check-manifest', autocomplete: 'off', spellcheck: false });
  const rootFp = h('input', { type: 'text', class: 'mono', testid: 'record-check-root', autocomplete: 'off', spellcheck: false });
  const anchors = h(
    'fieldset',
    { class: 'approval' },
    h('legend', null, t('check.anchorLegend')),
    h('p', { class: 'hint' }, t('check.anchorHint')),
    h('div', { class: 'toolbar' }, field(t('check.anchorManifest'), manifest), field(t('check.anchorRoot'), rootFp)),
  );
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    name.textContent = file?.name ?? t('import.noFile');
    replace(resultEl);
    if (!file) return;
    void run(null, async () => {
      if (file.size > MAX_RECORD) throw new Error(t('check.tooBig'));
      replace(resultEl, h('p', { class: 'loading' }, t('check.checking', { file: file.name })));
      const bytes = new Uint8Array(await file.arrayBuffer());
      try {
        const anchor = { manifest: manifest.value.trim() || undefined, root: rootFp.value.trim() || undefined };
        replace(resultEl, report(await recordCheck({ content_base64: bytesToBase64(bytes), ...anchor }), file.name));
      } catch (e) {
        replace(resultEl);
        throw e;
      }
      // The same file can be chosen again after it changed.
      input.value = '';
    });
  });
  root.append(
    h('div', { class: 'view-head' }, h('a', { href: '#/votes', class: 'back-link' }, `← ${t('votes.all')}`), h('h1', null, t('check.title')), h('p', { class: 'lead' }, t('check.lead'))),
    h(
      'section',
      { class: 'card' },
      h('ul', { class: 'facts' }, h('li', null, t('check.what1')), h('li', null, t('check.what2')), h('li', null, t('check.what3'))),
      anchors,
      h('div', { class: 'file-row' }, input, pick, name),
      resultEl,
    ),
  );
  input.focus();
}
