// The floor of the current agenda item: who speaks now with a countdown from the adopted
// rules (or the defaults), the queue in the order the backend gives the floor (points of
// order first), adding a speaker, warnings that cite the rule, and the speeches already made.
// At 0 the speech is stopped by itself; the time used is what the record keeps.

import type { MeetingDetail } from '../../bindings/MeetingDetail';
import type { SpeechView } from '../../bindings/SpeechView';
import { personPicker } from '../../components/personPicker';
import { checkbox, field, h, replace } from '../../dom';
import { formatTime } from '../../format';
import { t } from '../../i18n';
import { showError } from '../../notify';
import { speakerAdd, speakerStart, speakerStop, speakerWarn, speakerWithdraw } from './api';
import { clock, duration, speechStatusLabel } from './labels';
import type { MeetingCtx, Panel } from './panel';

export const same = (a: number | null | undefined, b: number | null | undefined) => a !== null && a !== undefined && b !== null && b !== undefined && String(a) === String(b);

/** Seconds left of a running speech by the server's clock. */
export function remaining(s: SpeechView, since: (stamp: string | null) => number): number {
  return s.limit_seconds - since(s.started_at);
}

export function floorPanel(ctx: MeetingCtx): Panel {
  const itemEl = h('div');
  const speakingEl = h('div', { 'aria-live': 'off' });
  const queueEl = h('div', { 'aria-live': 'polite' });
  const doneEl = h('div');
  const warningsEl = h('div');
  const stopping = new Set<string>();

  // Adding a speaker: someone present, or anyone on the roll.
  const present = h('select', { testid: 'speaker-present' });
  const other = personPicker(ctx.community, t('floor.other'), 'speaker-other');
  const order = checkbox(t('floor.pointOfOrder'), { testid: 'speaker-point-of-order' });
  const add = h('button', { type: 'submit', class: 'btn btn-primary', testid: 'speaker-add' }, t('floor.add'));
  const addForm = h('form', { class: 'form', testid: 'speaker-form' }, field(t('floor.present'), present), h('details', { class: 'help' }, h('summary', null, t('floor.otherTitle')), other.el), order.row, h('p', { class: 'hint' }, t('floor.pointOfOrderHint')), h('div', { class: 'actions' }, add));
  addForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const d = ctx.detail();
    const person = other.chosen()?.person.person_id ?? (present.value ? Number(present.value) : null);
    if (d.current_item_id === null) {
      showError(t('floor.noItem'));
      return;
    }
    if (person === null) {
      showError(t('floor.noPerson'));
      present.focus();
      return;
    }
    const itemId = d.current_item_id;
    void ctx.act(add, () => speakerAdd({ item_id: itemId, person_id: person, point_of_order: order.input.checked })).then((after) => {
      if (!after) return;
      other.clear();
      order.input.checked = false;
      present.value = '';
    });
  });

  // A warning to the person speaking now.
  const warnNote = h('input', { type: 'text', testid: 'warn-note', maxlength: '200' });
  const warn = h('button', { type: 'button', class: 'btn btn-danger', testid: 'warn-submit' }, t('floor.warn'));
  warn.addEventListener('click', () => {
    const d = ctx.detail();
    const s = d.speeches.find((x) => x.status === 'speaking');
    if (!s) return;
    if (!warnNote.value.trim()) {
      showError(t('floor.noWarnNote'));
      warnNote.focus();
      return;
    }
    void ctx.act(warn, () => speakerWarn({ item_id: s.item_id, person_id: s.person_id, note: warnNote.value.trim() }), t('floor.warned', { name: s.name })).then((after) => {
      if (after) warnNote.value = '';
    });
  });
  const warnForm = h('div', { class: 'inline-form warn-form' }, field(t('floor.warnNote'), warnNote, t('floor.warnHint')), warn);

  const countdownEl = h('div', { class: 'countdown', testid: 'countdown', role: 'timer' });
  const stop = h('button', { type: 'button', class: 'btn btn-big', testid: 'speaker-stop' }, t('floor.stop'));
  stop.addEventListener('click', () => {
    const s = ctx.detail().speeches.find((x) => x.status === 'speaking');
    if (s) void ctx.act(stop, () => speakerStop(s.speech_id));
  });

  const tick = () => {
    const d = ctx.detail();
    const s = d.speeches.find((x) => x.status === 'speaking');
    if (!s || d.summary.status !== 'running') return;
    const left = remaining(s, (x) => ctx.clock.since(x));
    countdownEl.textContent = clock(left);
    countdownEl.dataset['left'] = String(Math.max(0, Math.ceil(left)));
    countdownEl.classList.toggle('countdown-low', left <= 30);
    countdownEl.classList.toggle('countdown-over', left <= 0);
    // Time is up: the floor is closed by itself, once.
    const key = String(s.speech_id);
    if (left <= 0 && !stopping.has(key)) {
      stopping.add(key);
      void ctx.act(null, () => speakerStop(s.speech_id), t('floor.timeUp', { name: s.name }));
    }
  };

  const update = (d: MeetingDetail) => {
    const running = d.summary.status === 'running';
    const item = d.agenda.find((i) => same(i.item_id, d.current_item_id));
    replace(itemEl, item ? h('p', { class: 'floor-item', testid: 'floor-item' }, t('floor.item', { title: item.title })) : h('p', { class: 'hint' }, t('floor.noItem')));
    addForm.hidden = !running || !item;
    // The people present, as choices (the choice is kept across reads).
    const people = d.attendance.map((a) => `${a.person_id}:${a.name}`).join('|');
    const chosen = present.value;
    if (people !== presentKey) presentKey = people;
    else return updateRest(d, running);
    replace(present, h('option', { value: '' }, t('floor.choosePresent')), d.attendance.map((a) => h('option', { value: String(a.person_id), selected: String(a.person_id) === chosen }, a.name)));
    updateRest(d, running);
  };

  let presentKey: string | null = null;
  let speakingKey = '';
  const updateRest = (d: MeetingDetail, running: boolean) => {
    const speaking = d.speeches.find((x) => x.status === 'speaking');
    // Rebuilt only when someone else takes the floor, so a warning being typed keeps its focus.
    const key = speaking ? `${speaking.speech_id}:${d.conduct.speech_cite}` : '';
    if (speaking && key === speakingKey) tick();
    else if (speaking) {
      speakingKey = key;
      replace(
        speakingEl,
        h(
          'div',
          { class: 'speaking', testid: 'speaking', 'data-speech': String(speaking.speech_id) },
          h('p', { class: 'speaking-label' }, t(speaking.kind === 'point_of_order' ? 'floor.speakingOrder' : 'floor.speaking')),
          h('p', { class: 'speaking-name', testid: 'speaking-name' }, speaking.name),
          countdownEl,
          h('p', { class: 'hint' }, t('floor.limit', { limit: duration(speaking.limit_seconds), cite: d.conduct.speech_cite })),
          h('div', { class: 'actions' }, stop),
          warnForm,
        ),
      );
      tick();
    } else {
      speakingKey = '';
      replace(speakingEl, h('p', { class: 'empty', testid: 'nobody-speaking' }, t('floor.nobody')));
    }

    const byId = new Map(d.speeches.map((s) => [String(s.speech_id), s]));
    const queue = d.queue.map((id) => byId.get(String(id))).filter((s): s is SpeechView => !!s);
    replace(
      queueEl,
      queue.length
        ? h(
            'ol',
            { class: 'queue', testid: 'queue' },
            queue.map((s, i) => {
              const give = h('button', { type: 'button', class: i === 0 ? 'btn btn-primary' : 'btn', testid: 'speaker-start', disabled: !!speaking }, t('floor.give'));
              give.addEventListener('click', () => void ctx.act(give, () => speakerStart(s.speech_id)));
              const withdraw = h('button', { type: 'button', class: 'btn btn-quiet', testid: 'speaker-withdraw' }, t('floor.withdraw'));
              withdraw.addEventListener('click', () => void ctx.act(withdraw, () => speakerWithdraw(s.speech_id)));
              return h(
                'li',
                { class: 'queue-item', testid: 'queue-item', 'data-speech': String(s.speech_id), 'data-kind': s.kind },
                h('span', { class: 'queue-name' }, s.name),
                s.kind === 'point_of_order' ? h('span', { class: 'badge badge-order' }, t('floor.orderBadge')) : null,
                h('span', { class: 'hint' }, duration(s.limit_seconds)),
                running ? h('span', { class: 'queue-buttons' }, give, withdraw) : null,
              );
            }),
          )
        : h('p', { class: 'hint', testid: 'queue-empty' }, t('floor.queueEmpty')),
    );

    const done = d.speeches.filter((s) => same(s.item_id, d.current_item_id) && (s.status === 'done' || s.status === 'cut' || s.status === 'withdrawn'));
    replace(
      doneEl,
      done.length
        ? h(
            'table',
            { class: 'table', testid: 'speeches-done' },
            h('thead', null, h('tr', null, [t('floor.colName'), t('floor.colStatus'), t('floor.colUsed'), t('floor.colAt')].map((x) => h('th', null, x)))),
            h('tbody', null, done.map((s) => h('tr', { testid: 'speech-done', 'data-status': s.status }, h('td', null, s.name, s.kind === 'point_of_order' ? ` (${t('floor.orderBadge')})` : ''), h('td', null, speechStatusLabel(s.status)), h('td', { testid: 'speech-used' }, s.status === 'withdrawn' ? '—' : duration(s.seconds_used)), h('td', { class: 'nowrap' }, s.started_at ? formatTime(s.started_at) : '—')))),
          )
        : null,
    );

    const warnings = d.warnings.filter((w) => same(w.item_id, d.current_item_id));
    replace(
      warningsEl,
      warnings.length
        ? h(
            'ul',
            { class: 'plain-list warnings', testid: 'warnings' },
            warnings.map((w) => h('li', { class: w.floor_lost ? 'warn-text' : '' }, h('strong', null, w.name), ` · ${formatTime(w.at)} · ${w.note} · `, h('span', { class: 'hint' }, w.citation), w.floor_lost ? h('strong', null, ` · ${t('floor.floorLost')}`) : null)),
          )
        : null,
    );
  };

  return {
    el: h(
      'section',
      { class: 'card floor', testid: 'floor-card' },
      h('h2', null, t('floor.title')),
      itemEl,
      h('div', { class: 'floor-grid' }, h('div', null, speakingEl, warningsEl), h('div', null, h('h3', null, t('floor.queue')), queueEl, addForm)),
      h('h3', null, t('floor.doneTitle')),
      doneEl,
    ),
    update,
    tick,
  };
}
