// One matter: where it stands and what that stage waits for; the steps it can take now; the
// three-party proposal with who signed it; the timeline of everything that happened (urgent
// skips stand out there for good); the meetings that had it on their agenda; its files.

import { saveFile } from '../../api';
import { base64ToBytes, bytesToBase64 } from '../../b64';
import type { CommunitySummary } from '../../bindings/CommunitySummary';
import type { MatterDetail } from '../../bindings/MatterDetail';
import type { TimelineEntry } from '../../bindings/TimelineEntry';
import { h, replace } from '../../dom';
import { formatBytes, formatTime } from '../../format';
import { joinList, t } from '../../i18n';
import { run, showError, showNotice } from '../../notify';
import { matterDetail, matterFile, matterFileAdd, proposalSet } from '../meetings/api';
import { kindLabel, localTime, partyLabel, stageLabel } from '../meetings/labels';
import { sigList, sigRefEl } from '../meetings/sig';
import { kioskHref } from '../sign/kioskTask';
import { categoryLabel } from '../votes/labels';
import { stepsFor } from './steps';

/** Files above this size are refused here, before reading them into memory. */
const MAX_FILE_BYTES = 40 * 1024 * 1024;

function timelineEntry(e: TimelineEntry): HTMLElement {
  return h(
    'li',
    { class: e.urgent ? 'tl-entry tl-urgent' : 'tl-entry', testid: 'timeline-entry', 'data-to': e.to },
    h('div', { class: 'tl-when' }, formatTime(e.at), h('div', { class: 'hint' }, e.actor)),
    h(
      'div',
      { class: 'tl-what' },
      h('p', { class: 'tl-title' }, h('strong', null, e.title), e.from !== e.to ? h('span', { class: 'hint' }, ` ${stageLabel(e.from)} → ${stageLabel(e.to)}`) : null),
      e.urgent
        ? h(
            'div',
            { class: 'urgent-record', testid: 'timeline-urgent' },
            h('p', null, h('strong', null, t('urgent.recorded')), ' ', t('urgent.skipped', { stages: joinList(e.urgent.skipped.map(stageLabel)) })),
            h('p', null, t('urgent.reasonWas'), ' ', h('span', { class: 'quote' }, e.urgent.reason)),
            h('p', null, t('urgent.signedByName', { name: e.urgent.signed_by })),
          )
        : null,
      e.lines.length ? h('ul', { class: 'tl-lines' }, e.lines.map((l) => h('li', null, l))) : null,
      e.signatures.length ? sigList(e.signatures, 'timeline-signatures') : null,
    ),
  );
}

export function matterView(root: HTMLElement, community: CommunitySummary, id: number): () => void {
  let alive = true;
  const body = h('div', null, h('p', { class: 'loading' }, t('common.loading')));
  root.append(h('div', { class: 'view-head' }, h('a', { href: '#/matters', class: 'back-link' }, `← ${t('matter.all')}`)), body);

  function render(d: MatterDetail): void {
    if (!alive) return;
    const s = d.summary;
    replace(
      body,
      h(
        'div',
        { class: 'view-head view-head-row' },
        h(
          'div',
          null,
          h('h1', { testid: 'matter-heading' }, s.title),
          h(
            'p',
            { class: 'matter-meta' },
            h('span', { class: `badge stage-badge stage-${s.stage}`, testid: 'matter-stage', 'data-stage': s.stage }, s.stage_label),
            s.urgent ? h('span', { class: 'badge badge-urgent', testid: 'matter-urgent' }, t('matter.urgentBadge')) : null,
            ` ${categoryLabel(s.category)} · ${s.buildings.length ? s.buildings.join(' ') : t('matter.wholeCommunity')} · ${t('matter.raisedBy', { name: s.raised_by, at: formatTime(s.raised_at) })}`,
          ),
        ),
      ),
      h('section', { class: 'card waiting', testid: 'matter-waiting' }, h('h2', null, t('matter.waitingFor')), h('p', { class: 'waiting-text' }, d.waiting_for), s.due ? h('p', { class: s.overdue ? 'warning' : 'hint' }, t('matter.due', { due: s.due }), s.overdue ? ` · ${t('matter.overdue')}` : '') : null),
      d.description ? h('section', { class: 'card' }, h('h2', null, t('matter.description')), h('p', { class: 'pre' }, d.description)) : null,
      h('section', { class: 'card' }, h('h2', null, t('matter.nextSteps')), stepsFor(d, community, render)),
      proposalCard(d),
      h('section', { class: 'card' }, h('h2', null, t('matter.timeline')), d.timeline.length ? h('ol', { class: 'timeline', testid: 'matter-timeline' }, d.timeline.map(timelineEntry)) : h('p', { class: 'empty' }, t('matter.noTimeline', { at: formatTime(s.raised_at), name: s.raised_by }))),
      meetingsCard(d),
      filesCard(d),
    );
  }

  function proposalCard(d: MatterDetail): HTMLElement | null {
    const p = d.proposal;
    if (!p && d.summary.stage !== 'three_parties') return null;
    const editable = d.summary.stage === 'three_parties';
    const text = h('textarea', { rows: '6', testid: 'proposal-text', value: p?.text ?? '' });
    const save = h('button', { type: 'button', class: 'btn btn-primary', testid: 'proposal-save' }, t(p ? 'proposal.rewrite' : 'proposal.write'));
    save.addEventListener('click', () => {
      if (!text.value.trim()) {
        showError(t('proposal.needText'));
        text.focus();
        return;
      }
      void run(save, async () => {
        const after = await proposalSet({ matter_id: d.summary.matter_id, text: text.value.trim() });
        showNotice(t('proposal.saved'));
        render(after);
      });
    });
    return h(
      'section',
      { class: 'card', testid: 'proposal' },
      h('h2', null, t('proposal.title')),
      p
        ? h(
            'div',
            null,
            h('p', { class: 'motion-text', testid: 'proposal-current' }, p.text),
            h('p', { class: 'hint' }, t('proposal.meta', { at: formatTime(p.created_at), by: p.created_by }), ' ', h('code', { class: 'mono long-hex' }, p.text_hash)),
            h(
              'ul',
              { class: 'party-list', testid: 'proposal-parties' },
              p.signed.map((x) => h('li', { 'data-party': x.party, class: 'party-signed' }, h('strong', null, x.party_label), ' ', sigRefEl(x.signature))),
              p.missing.map((x) => h('li', { 'data-party': x, class: 'party-missing' }, h('strong', null, partyLabel(x)), ' ', h('span', { class: 'warn-text' }, t('proposal.missing')))),
            ),
            editable && p.missing.length
              ? h(
                  'a',
                  {
                    class: 'btn btn-primary',
                    testid: 'proposal-kiosk',
                    href: kioskHref({ subject: { kind: 'proposal', matter_id: d.summary.matter_id, proposal_id: p.proposal_id }, title: t('proposal.kioskTitle', { title: d.summary.title }), back: `#/matters/${d.summary.matter_id}` }),
                  },
                  t('proposal.signAtKiosk'),
                )
              : null,
          )
        : h('p', { class: 'hint' }, t('proposal.none')),
      editable ? h('details', { class: 'help', open: !p }, h('summary', null, t(p ? 'proposal.rewrite' : 'proposal.write')), h('p', { class: 'hint' }, t('proposal.rewriteHint')), text, h('div', { class: 'actions' }, save)) : null,
    );
  }

  function meetingsCard(d: MatterDetail): HTMLElement {
    return h(
      'section',
      { class: 'card' },
      h('h2', null, t('matter.meetings')),
      d.meetings.length
        ? h(
            'ul',
            { class: 'plain-list', testid: 'matter-meetings' },
            d.meetings.map((m) =>
              h(
                'li',
                null,
                h('a', { href: `#/meetings/${m.meeting_id}` }, m.meeting_title),
                ` · ${kindLabel(m.kind)} · ${localTime(m.starts_at)}`,
                m.stage ? ` · ${stageLabel(m.stage)}` : '',
                ' · ',
                h('span', { class: m.minutes_complete ? 'ok-text' : 'warn-text' }, m.minutes_id === null ? t('matter.minutesNone') : m.minutes_complete ? t('matter.minutesComplete') : t('matter.minutesUnsigned')),
              ),
            ),
          )
        : h('p', { class: 'hint' }, t('matter.noMeetings'), ' ', h('a', { href: '#/meetings/new' }, t('step.scheduleMeeting'))),
    );
  }

  function filesCard(d: MatterDetail): HTMLElement {
    const input = h('input', { type: 'file', testid: 'matter-file-input', multiple: true });
    const upload = h('button', { type: 'button', class: 'btn', testid: 'matter-file-upload' }, t('files.upload'));
    upload.addEventListener('click', () => {
      const files = Array.from(input.files ?? []);
      if (!files.length) {
        showError(t('files.none'));
        return;
      }
      void run(upload, async () => {
        let after: MatterDetail | null = null;
        for (const f of files) {
          if (f.size > MAX_FILE_BYTES) throw new Error(t('files.tooBig', { name: f.name, max: formatBytes(MAX_FILE_BYTES) }));
          const bytes = new Uint8Array(await f.arrayBuffer());
          after = await matterFileAdd({ matter_id: d.summary.matter_id, name: f.name, content_base64: bytesToBase64(bytes) });
        }
        showNotice(t('files.added', { n: files.length }));
        if (after) render(after);
      });
    });
    const download = (fileId: number, button: HTMLButtonElement) =>
      void run(button, async () => {
        const f = await matterFile(fileId);
        const saved = await saveFile(base64ToBytes(f.content_base64), f.file_name, f.mime);
        if (saved) showNotice(t('files.savedTo', { path: saved }));
      });
    return h(
      'section',
      { class: 'card' },
      h('h2', null, t('files.title')),
      d.files.length
        ? h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { class: 'table', testid: 'matter-files' },
              h('thead', null, h('tr', null, [t('files.name'), t('files.size'), t('files.sha'), t('files.added_at'), ''].map((x) => h('th', null, x)))),
              h(
                'tbody',
                null,
                d.files.map((f) => {
                  const b = h('button', { type: 'button', class: 'btn btn-small', testid: 'matter-file-download' }, t('files.download'));
                  b.addEventListener('click', () => download(f.file_id, b));
                  return h('tr', { testid: 'matter-file' }, h('td', null, f.name), h('td', { class: 'nowrap' }, formatBytes(f.size)), h('td', null, h('code', { class: 'mono long-hex', testid: 'matter-file-sha' }, f.sha256)), h('td', null, formatTime(f.added_at), h('div', { class: 'hint' }, f.added_by)), h('td', null, b));
                }),
              ),
            ),
          )
        : h('p', { class: 'hint' }, t('files.empty')),
      h('div', { class: 'inline-form' }, input, upload),
      h('p', { class: 'hint' }, t('files.hint')),
    );
  }

  matterDetail(id).then(render, (e) => {
    replace(body, h('p', { class: 'empty' }, t('matter.notFound')));
    showError(e);
  });
  return () => {
    alive = false;
  };
}
