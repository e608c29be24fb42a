// 记录核验: verify the hash-chained event log (also against a checkpoint kept elsewhere), show
// and export the latest checkpoint, read the log, and keep backups.

import { auditVerify, checkpointExport, checkpointLatest, eventList, saveFile } from '../api';
import { base64ToBytes } from '../b64';
import { fingerprintEl, qrBlock } from '../components/keyCard';
import type { ViewContext } from '../view';
import type { EventView } from '../bindings/EventView';
import { field, h, replace } from '../dom';
import { formatCount, formatTime, shortHash } from '../format';
import { t } from '../i18n';
import { run, showError, showNotice } from '../notify';
import { getCommunities, getInfo, idKey } from '../store';
import { reportView } from '../components/report';
import { backupsSection } from './backups';

const EVENTS_PAGE = 50;

export function auditView(root: HTMLElement, ctx: ViewContext): void {
  const info = getInfo();
  const resultEl = h('div', { 'aria-live': 'polite' });
  const verify = h('button', { type: 'button', class: 'btn btn-primary btn-big', testid: 'audit-verify' }, t('audit.verify'));
  // A head hash copied down at an earlier check: if the newest records were cut off since,
  // the chain alone still looks whole, so the expected head is compared too.
  const expectHead = h('input', { type: 'text', class: 'mono', testid: 'audit-expect-head', placeholder: t('audit.expectHeadHint'), spellcheck: false });
  // A checkpoint kept off the laptop (pasted, or read from its file): the log must extend it.
  const checkpoint = h('textarea', { class: 'mono', rows: 3, testid: 'audit-checkpoint', placeholder: '1234 / 3F9A 21C4 0B7E 9D12 5A6C 77E0 C1B3 4F28', spellcheck: false });
  const checkpointFile = h('input', { type: 'file', accept: '.json,application/json', testid: 'audit-checkpoint-file' });
  checkpointFile.addEventListener('change', () => {
    const f = checkpointFile.files?.[0];
    if (f) void f.text().then((text) => (checkpoint.value = text), showError);
  });
  verify.addEventListener('click', () => {
    void run(verify, async () => {
      const expected = expectHead.value.trim();
      const cp = checkpoint.value.trim();
      replace(resultEl, reportView(await auditVerify({ expect_head: expected === '' ? null : expected, checkpoint: cp === '' ? null : cp }), 'audit-result'));
    });
  });

  // The event log, newest first; "earlier" pages back with before_seq.
  const scope = h('select', { testid: 'event-scope' }, h('option', { value: '' }, t('audit.allCommunities')));
  for (const c of getCommunities()) {
    scope.appendChild(h('option', { value: idKey(c.id), selected: ctx.community !== null && idKey(c.id) === idKey(ctx.community.id) && getCommunities().length > 1 }, c.name));
  }
  const tbody = h('tbody');
  const countEl = h('p', { class: 'hint', testid: 'event-count' });
  const more = h('button', { type: 'button', class: 'btn', testid: 'event-more', hidden: true }, t('audit.more'));
  let shown: EventView[] = [];

  const communityFilter = () => getCommunities().find((c) => idKey(c.id) === scope.value)?.id ?? null;

  async function loadEvents(reset: boolean): Promise<void> {
    const last = shown[shown.length - 1];
    const page = await eventList({
      community_id: communityFilter(),
      before_seq: reset || !last ? null : last.seq,
      limit: EVENTS_PAGE,
    });
    if (reset) {
      shown = [];
      tbody.replaceChildren();
    }
    shown = shown.concat(page.events);
    for (const e of page.events) {
      tbody.appendChild(
        h(
          'tr',
          { 'data-seq': String(e.seq) },
          h('td', { class: 'num' }, String(e.seq)),
          h('td', { class: 'nowrap' }, formatTime(e.at)),
          h('td', null, e.actor),
          h('td', null, e.description),
          h('td', null, h('code', { class: 'mono', title: e.hash }, shortHash(e.hash, 10))),
        ),
      );
    }
    countEl.textContent = t('audit.eventsShown', { shown: formatCount(shown.length), total: formatCount(page.total) });
    more.hidden = shown.length >= Number(page.total) || page.events.length === 0;
  }
  scope.addEventListener('change', () => void loadEvents(true).catch(showError));
  more.addEventListener('click', () => void run(more, () => loadEvents(false)));

  root.append(
    h('div', { class: 'view-head' }, h('h1', null, t('audit.title')), h('p', { class: 'lead' }, t('audit.lead'))),
    h(
      'section',
      { class: 'card' },
      h('h2', null, t('audit.verifyTitle')),
      h('p', null, t('audit.verifyBody')),
      field(t('audit.expectHead'), expectHead),
      field(t('audit.checkpoint'), checkpoint, t('audit.checkpointHint')),
      field(t('audit.checkpointFile'), checkpointFile),
      h('div', { class: 'actions' }, verify),
      resultEl,
    ),
    checkpointSection(ctx),
    backupsSection(info),
    h(
      'section',
      { class: 'card' },
      h('h2', null, t('audit.eventsTitle')),
      h('div', { class: 'toolbar' }, field(t('audit.scope'), scope)),
      countEl,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'table events', testid: 'event-list' },
          h('thead', null, h('tr', null, h('th', { class: 'num' }, t('col.seq')), h('th', null, t('col.time')), h('th', null, t('col.actor')), h('th', null, t('col.change')), h('th', null, t('col.hash')))),
          tbody,
        ),
      ),
      h('div', { class: 'actions' }, more),
    ),
  );
  loadEvents(true).catch(showError);
}

/** The community's latest checkpoint: what to print or copy, its QR code, and an export. */
function checkpointSection(ctx: ViewContext): HTMLElement {
  const community = ctx.community;
  if (!community) return h('div');
  const body = h('div', { testid: 'checkpoint-latest' });
  const exportBtn = h('button', { type: 'button', class: 'btn', testid: 'checkpoint-export', hidden: true }, t('audit.cpExport'));
  exportBtn.addEventListener('click', () => {
    void run(exportBtn, async () => {
      const f = await checkpointExport({ community_id: community.id });
      const saved = await saveFile(base64ToBytes(f.content_base64), f.file_name, f.mime);
      if (saved) showNotice(t('audit.cpSaved', { path: saved }));
    });
  });
  checkpointLatest({ community_id: community.id })
    .then((cp) => {
      if (!cp) {
        replace(body, h('p', { class: 'hint' }, t('audit.cpNone')));
        return;
      }
      exportBtn.hidden = false;
      replace(
        body,
        h(
          'div',
          { class: 'checkpoint-card' },
          qrBlock(cp.qr_svg, t('audit.cpQr'), 'checkpoint-qr'),
          h(
            'dl',
            null,
            h('dt', null, t('audit.cpPrinted')),
            h('dd', null, h('code', { class: 'mono', testid: 'checkpoint-printed' }, cp.printed)),
            h('dt', null, t('audit.cpMadeAt')),
            h('dd', null, formatTime(cp.made_at)),
            h('dt', null, t('audit.cpRoot')),
            h('dd', null, fingerprintEl(cp.root_fingerprint)),
          ),
        ),
      );
    })
    .catch(showError);
  return h('section', { class: 'card' }, h('h2', null, t('audit.cpTitle')), h('p', null, t('audit.cpBody')), body, h('div', { class: 'actions' }, exportBtn));
}
