// One meeting: what, when, where, who hosts and records it, and the notice check; then by its
// status the agenda editor and the announcement (draft), attendance (from the announcement),
// running it (current item, time bars, the floor), and the minutes. While it is announced or
// running the page reads the meeting again every 1.5 s; countdowns tick by the server's clock.

import { guarded } from '../../access';
import type { CommunitySummary } from '../../bindings/CommunitySummary';
import type { MeetingDetail } from '../../bindings/MeetingDetail';
import type { NoticeCheck } from '../../bindings/NoticeCheck';
import { confirmDialog } from '../../components/dialog';
import { checkbox, h, replace } from '../../dom';
import { t } from '../../i18n';
import { run, showError } from '../../notify';
import { getLang } from '../../prefs';
import { agendaPanel } from './agenda';
import { meetingAnnounce, meetingDetail, meetingEnd, meetingNotice, meetingStart } from './api';
import { attendancePanel } from './attendance';
import { floorPanel } from './floor';
import { calendarMissingBox, calendarOverridesList } from './holidays';
import { localTime, meetingStatusBadge, ServerClock } from './labels';
import { minutesPanel } from './minutes';
import { makeAct, type MeetingCtx, type Panel } from './panel';
import { openPrintable } from './print';
import { openProjector } from './projectorOpen';

const POLL_MS = 1500;
const TICK_MS = 250;

export const noticeMessage = (n: NoticeCheck) => (getLang() === 'en' ? n.message_en : n.message_zh);

function noticeBox(d: MeetingDetail): HTMLElement | null {
  const n = d.summary.notice;
  const missing = calendarMissingBox(d);
  if (missing) return missing;
  if (!n) return h('p', { class: 'hint', testid: 'notice-check', 'data-ok': 'none' }, t('notice.noRule'));
  const given = d.summary.notice_given_on;
  return h(
    'div',
    { class: n.ok ? 'ok-box' : 'warning', testid: 'notice-check', 'data-ok': String(n.ok) },
    h('p', null, h('strong', null, n.ok ? t('notice.ok') : t('notice.short')), ' ', given ? t('notice.givenOn', { on: given }) : t('notice.ifToday')),
    h('p', { testid: 'notice-message' }, noticeMessage(n)),
    !n.ok && given ? h('p', { testid: 'notice-on-record' }, h('strong', null, t('notice.onRecord'))) : null,
    calendarOverridesList(d),
  );
}

export function meetingPage(root: HTMLElement, community: CommunitySummary, id: number): () => void {
  let alive = true;
  let detail: MeetingDetail | null = null;
  let builtFor = '';
  let panels: Panel[] = [];
  const clock = new ServerClock();
  const headEl = h('div');
  const controlsEl = h('div');
  const bodyEl = h('div', null, h('p', { class: 'loading' }, t('common.loading')));
  root.append(h('div', { class: 'view-head' }, h('a', { href: '#/meetings', class: 'back-link' }, `← ${t('meet.all')}`)), headEl, controlsEl, bodyEl);

  // Bumped by every action, so a read that started before it cannot show the older state.
  let epoch = 0;
  const apply = (d: MeetingDetail) => {
    if (!alive) return;
    epoch += 1;
    detail = d;
    clock.sync(d.now);
    render(d);
  };
  const ctx: MeetingCtx = { community, clock, detail: () => detail as MeetingDetail, act: makeAct(apply) };

  function header(d: MeetingDetail): void {
    const s = d.summary;
    const notice = h('button', { type: 'button', class: 'btn', testid: 'meeting-notice' }, t('meet.printNotice'));
    notice.addEventListener('click', () => void run(notice, async () => openPrintable(await meetingNotice(s.meeting_id), t('meet.noticeTitle'), 'meeting-notice')));
    const projector = s.status === 'announced' || s.status === 'running' ? h('button', { type: 'button', class: 'btn', testid: 'projector-open' }, t('projector.open')) : null;
    projector?.addEventListener('click', () => void openProjector(s.meeting_id).catch(showError));
    replace(
      headEl,
      h(
        'div',
        { class: 'view-head view-head-row' },
        h(
          'div',
          null,
          h('h1', { testid: 'meeting-heading' }, s.title),
          h('p', { class: 'matter-meta' }, meetingStatusBadge(s.status), ` ${s.kind_label}${s.mode === 'written' ? ` · ${t('meet.modeWritten')}` : ''} · ${localTime(s.starts_at)} · ${s.place}`),
          h('p', { class: 'hint' }, t('meet.officersLine', { host: d.host?.name ?? t('meet.nobody'), secretary: d.secretary?.name ?? t('meet.nobody') })),
        ),
        h('div', { class: 'actions' }, notice, projector),
      ),
      noticeBox(d),
    );
  }

  /** The buttons that move the meeting on: announce, start, end. */
  function controls(d: MeetingDetail): void {
    const s = d.summary;
    if (s.status === 'draft') {
      const accept = checkbox(t('notice.accept'), { testid: 'announce-accept-short' });
      const short = !!s.notice && !s.notice.ok;
      accept.row.hidden = !short;
      const announce = guarded(h('button', { type: 'button', class: 'btn btn-primary btn-big', testid: 'meeting-announce' }, t('meet.announce')), 'meeting_announce');
      announce.addEventListener('click', () => {
        void ctx.act(announce, () => meetingAnnounce({ meeting_id: s.meeting_id, accept_short_notice: accept.input.checked }), t('meet.announced')).then((after) => {
          // Refused for short notice: offer to accept it, saying the warning stays on record.
          if (!after) accept.row.hidden = false;
        });
      });
      replace(controlsEl, h('section', { class: 'card', testid: 'announce-card' }, h('h2', null, t('meet.announceTitle')), h('p', { class: 'hint' }, t('meet.announceHint')), accept.row, h('p', { class: 'hint', hidden: !short }, t('notice.acceptHint')), h('div', { class: 'actions' }, announce)));
    } else if (s.status === 'announced') {
      const start = guarded(h('button', { type: 'button', class: 'btn btn-primary btn-big', testid: 'meeting-start' }, t('meet.start')), 'meeting_start');
      start.addEventListener('click', () => void ctx.act(start, () => meetingStart(s.meeting_id), t('meet.started')));
      replace(controlsEl, h('section', { class: 'card' }, h('p', null, t('meet.startHint')), h('div', { class: 'actions' }, start)));
    } else if (s.status === 'running') {
      const end = h('button', { type: 'button', class: 'btn btn-danger', testid: 'meeting-end' }, t('meet.end'));
      end.addEventListener('click', () => {
        void confirmDialog({ title: t('meet.endTitle'), paragraphs: [t('meet.endBody')], confirmLabel: t('meet.end'), danger: true, testid: 'end-confirm' }).then((ok) => {
          if (ok) void ctx.act(end, () => meetingEnd(s.meeting_id), t('meet.ended'));
        });
      });
      replace(controlsEl, h('div', { class: 'actions run-controls' }, h('span', { class: 'hint' }, t('meet.runningSince', { at: d.started_at ? new Date(d.started_at).toLocaleTimeString() : '' })), end));
    } else {
      replace(controlsEl);
    }
  }

  function render(d: MeetingDetail): void {
    header(d);
    const key = `${d.summary.status}|${d.minutes ? 'm' : ''}`;
    if (key !== builtFor) {
      builtFor = key;
      controls(d);
      const s = d.summary.status;
      panels = [
        s === 'running' ? floorPanel(ctx) : null,
        agendaPanel(ctx),
        s !== 'draft' ? attendancePanel(ctx) : null,
        s === 'running' || s === 'ended' ? minutesPanel(ctx) : null,
      ].filter((p): p is Panel => p !== null);
      replace(bodyEl, panels.map((p) => p.el));
    }
    for (const p of panels) p.update(d);
  }

  const refresh = async () => {
    try {
      apply(await meetingDetail(id));
    } catch (e) {
      if (!detail) replace(bodyEl, h('p', { class: 'empty' }, t('meet.notFound')));
      showError(e);
    }
  };
  void refresh();
  let polling = false;
  const poll = window.setInterval(() => {
    const s = detail?.summary.status;
    if (polling || !alive || (s !== 'running' && s !== 'announced')) return;
    polling = true;
    const before = epoch;
    meetingDetail(id)
      .then((d) => {
        if (before === epoch) apply(d);
      }, () => undefined)
      .finally(() => (polling = false));
  }, POLL_MS);
  const ticker = window.setInterval(() => {
    if (detail?.summary.status === 'running') for (const p of panels) p.tick?.();
  }, TICK_MS);
  return () => {
    alive = false;
    window.clearInterval(poll);
    window.clearInterval(ticker);
  };
}
