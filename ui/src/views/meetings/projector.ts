// The projector view (#/projector/<meeting id>): for the back of a hall. Dark background,
// huge type: the current item, who has the floor with a big countdown (red in the last 30 s and
// at 0), the queue, and attendance against the quorum. No app frame, nothing to click but the
// full-screen switch. Reads the meeting every second; the countdown runs on the server's clock.

import '../../styles-meet.css';
import { isDesktop } from '../../api';
import type { MeetingDetail } from '../../bindings/MeetingDetail';
import type { SpeechView } from '../../bindings/SpeechView';
import { h, replace } from '../../dom';
import { htmlLang, t } from '../../i18n';
import { meetingDetail } from './api';
import { same, remaining } from './floor';
import { clock, localTime, ServerClock } from './labels';
import { adoptToken, getToken } from '../../session';
import { PROJECTOR_EVENT, PROJECTOR_HELLO, PROJECTOR_LABEL, PROJECTOR_SESSION } from './projectorOpen';

async function toggleFullscreen(): Promise<void> {
  if (isDesktop()) {
    const { getCurrentWindow } = await import('@tauri-apps/api/window');
    const w = getCurrentWindow();
    await w.setFullscreen(!(await w.isFullscreen()));
    return;
  }
  if (document.fullscreenElement) await document.exitFullscreen();
  else await document.documentElement.requestFullscreen();
}

export function startProjector(root: HTMLElement, firstId: number): void {
  document.documentElement.lang = htmlLang();
  document.body.classList.add('projector-body');
  let id = firstId;
  let detail: MeetingDetail | null = null;
  const clockS = new ServerClock();
  const titleEl = h('div', { class: 'pj-meeting', testid: 'pj-meeting' });
  const itemEl = h('div', { class: 'pj-item', testid: 'pj-item' });
  const speakerEl = h('div', { class: 'pj-speaker', testid: 'pj-speaker' });
  const countdownEl = h('div', { class: 'pj-countdown', testid: 'pj-countdown', role: 'timer' });
  const queueEl = h('div', { class: 'pj-queue', testid: 'pj-queue' });
  const attendEl = h('div', { class: 'pj-attend', testid: 'pj-attend' });
  const messageEl = h('div', { class: 'pj-message', testid: 'pj-message' });
  const full = h('button', { type: 'button', class: 'pj-full', testid: 'pj-fullscreen', title: t('projector.fullscreen') }, t('projector.fullscreen'));
  full.addEventListener('click', () => void toggleFullscreen().catch((e: unknown) => (messageEl.textContent = String(e))));
  replace(
    root,
    h(
      'div',
      { class: 'projector', testid: 'projector' },
      h('header', { class: 'pj-top' }, titleEl, full),
      itemEl,
      h('div', { class: 'pj-floor' }, h('div', { class: 'pj-now' }, speakerEl, countdownEl), queueEl),
      h('footer', { class: 'pj-bottom' }, attendEl, messageEl),
    ),
  );

  const speaking = (d: MeetingDetail): SpeechView | undefined => d.speeches.find((s) => s.status === 'speaking');

  const tick = () => {
    const d = detail;
    const s = d ? speaking(d) : undefined;
    if (!d || !s || d.summary.status !== 'running') {
      countdownEl.textContent = '';
      countdownEl.className = 'pj-countdown';
      return;
    }
    const left = remaining(s, (x) => clockS.since(x));
    countdownEl.textContent = left <= 0 ? t('projector.timeUp') : clock(left);
    countdownEl.dataset['left'] = String(Math.max(0, Math.ceil(left)));
    countdownEl.className = `pj-countdown${left <= 30 ? ' pj-low' : ''}${left <= 0 ? ' pj-over' : ''}`;
  };

  const render = (d: MeetingDetail) => {
    document.title = `${t('projector.windowTitle')} · ${d.summary.title}`;
    titleEl.textContent = `${d.summary.title} · ${d.summary.kind_label}`;
    const n = d.agenda.length;
    const item = d.agenda.find((i) => same(i.item_id, d.current_item_id));
    const status = d.summary.status;
    if (status === 'running' && item) {
      replace(itemEl, h('span', { class: 'pj-item-pos' }, t('projector.itemOf', { n: item.position, total: n })), h('span', { class: 'pj-item-title' }, item.title));
    } else if (status === 'ended') {
      replace(itemEl, h('span', { class: 'pj-item-title' }, t('projector.ended')));
    } else {
      replace(itemEl, h('span', { class: 'pj-item-title' }, t('projector.notStarted', { at: localTime(d.summary.starts_at) })));
    }
    const s = speaking(d);
    replace(
      speakerEl,
      s
        ? [h('span', { class: 'pj-label' }, t(s.kind === 'point_of_order' ? 'floor.speakingOrder' : 'projector.speaking')), h('span', { class: 'pj-name', testid: 'pj-speaker-name' }, s.name)]
        : h('span', { class: 'pj-label' }, status === 'running' ? t('projector.nobody') : ''),
    );
    const byId = new Map(d.speeches.map((x) => [String(x.speech_id), x]));
    const queue = d.queue.map((q) => byId.get(String(q))).filter((x): x is SpeechView => !!x);
    replace(
      queueEl,
      status === 'running'
        ? [
            h('div', { class: 'pj-label' }, t('projector.queue')),
            queue.length
              ? h('ol', { class: 'pj-queue-list' }, queue.slice(0, 6).map((x) => h('li', null, x.name, x.kind === 'point_of_order' ? h('span', { class: 'pj-order' }, ` ${t('floor.orderBadge')}`) : null)))
              : h('div', { class: 'pj-muted' }, t('projector.queueEmpty')),
          ]
        : null,
    );
    const q = d.quorum;
    attendEl.textContent = q
      ? t(q.met ? 'projector.quorumMet' : 'projector.quorumShort', { present: q.present, entitled: q.entitled, needed: q.needed })
      : t('projector.present', { n: d.attendance.length });
    attendEl.classList.toggle('pj-short', !!q && !q.met);
    tick();
  };

  const load = async () => {
    try {
      const d = await meetingDetail(id);
      detail = d;
      clockS.sync(d.now);
      messageEl.textContent = '';
      render(d);
    } catch (e) {
      messageEl.textContent = e instanceof Error ? e.message : String(e);
    }
  };
  void load();
  window.setInterval(() => void load(), 1000);
  window.setInterval(tick, 250);
  window.addEventListener('hashchange', () => {
    const m = /^#\/projector\/(\d+)/.exec(location.hash);
    if (m) {
      id = Number(m[1]);
      void load();
    }
  });
  if (isDesktop()) {
    void import('@tauri-apps/api/event').then(async ({ listen, emitTo }) => {
      await listen<number>(PROJECTOR_EVENT, (ev) => {
        id = Number(ev.payload);
        void load();
      });
      // This window's storage is its own: the main window hands over the signed-in session.
      await listen<string | null>(PROJECTOR_SESSION, (ev) => {
        if (typeof ev.payload === 'string') adoptToken(ev.payload);
        void load();
      });
      if (getToken() === null) await emitTo('main', PROJECTOR_HELLO, PROJECTOR_LABEL);
    });
  }
}
