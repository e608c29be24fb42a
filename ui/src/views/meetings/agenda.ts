// The agenda. Before notice: add items (title, optional matter, minutes planned), reorder with
// up/down, remove. Once announced: the order can still change (also during the meeting), items
// are fixed. While running: which item is on, time used against the plan as bars, and taking
// any item next (out of order if the chair decides so).

import type { AgendaItemView } from '../../bindings/AgendaItemView';
import type { MeetingDetail } from '../../bindings/MeetingDetail';
import { field, h, replace } from '../../dom';
import { t } from '../../i18n';
import { showError } from '../../notify';
import { matterList } from './api';
import { agendaAdd, agendaOrder, agendaRemove, meetingItemStart } from './api';
import { clock, duration, stageLabel } from './labels';
import type { MeetingCtx, Panel } from './panel';

/** Time used against the plan: a bar that turns amber near the plan and red past it. */
export function timeBar(item: AgendaItemView, live: number | null = null): HTMLElement {
  const used = live ?? item.used_seconds;
  const plan = Math.max(1, item.planned_minutes * 60);
  const ratio = used / plan;
  const state = ratio > 1 ? 'over' : ratio > 0.8 ? 'near' : 'ok';
  return h(
    'div',
    { class: `time-bar time-${state}`, testid: 'item-time', 'data-used': String(Math.floor(used)), title: t('agenda.usedOfPlan', { used: duration(used), plan: item.planned_minutes }) },
    h('div', { class: 'time-bar-fill', style: `width: ${Math.min(100, Math.round(ratio * 100))}%` }),
    h('span', { class: 'time-bar-text' }, `${clock(used)} / ${item.planned_minutes}:00`),
  );
}

export function agendaPanel(ctx: MeetingCtx): Panel {
  const listEl = h('div', { 'aria-live': 'polite' });
  const title = h('input', { type: 'text', testid: 'agenda-title', maxlength: '200' });
  const matter = h('select', { testid: 'agenda-matter' }, h('option', { value: '' }, t('agenda.noMatter')));
  const minutes = h('input', { type: 'number', testid: 'agenda-minutes', min: '1', step: '1', value: '15', inputmode: 'numeric' });
  const add = h('button', { type: 'submit', class: 'btn btn-primary', testid: 'agenda-add' }, t('agenda.add'));
  const addForm = h(
    'form',
    { class: 'form agenda-form', testid: 'agenda-form' },
    h('h3', null, t('agenda.addTitle')),
    field(t('agenda.itemTitle'), title),
    h('div', { class: 'toolbar' }, field(t('agenda.matter'), matter, t('agenda.matterHint')), field(t('agenda.planned'), minutes)),
    h('div', { class: 'actions' }, add),
  );
  matterList({ community_id: ctx.community.id, stage: null, building: null, overdue_only: false }).then((b) => {
    const open = b.matters.filter((m) => m.stage !== 'closed');
    replace(matter, h('option', { value: '' }, t('agenda.noMatter')), open.map((m) => h('option', { value: String(m.matter_id) }, `#${m.matter_id} ${m.title} · ${m.stage_label}`)));
    // A matter's title is a good first title for its item.
    matter.addEventListener('change', () => {
      const m = open.find((x) => String(x.matter_id) === matter.value);
      if (m && !title.value.trim()) title.value = m.title;
    });
  }, showError);
  addForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const d = ctx.detail();
    const n = Number(minutes.value);
    if (!title.value.trim()) {
      showError(t('agenda.noTitle'));
      title.focus();
      return;
    }
    if (!Number.isInteger(n) || n < 1) {
      showError(t('agenda.badMinutes'));
      minutes.focus();
      return;
    }
    void ctx.act(add, () => agendaAdd({ meeting_id: d.summary.meeting_id, title: title.value.trim(), matter_id: matter.value ? Number(matter.value) : null, planned_minutes: n })).then((after) => {
      if (after) {
        title.value = '';
        matter.value = '';
        title.focus();
      }
    });
  });

  const move = (d: MeetingDetail, index: number, by: number, button: HTMLButtonElement) => {
    const order = d.agenda.map((i) => i.item_id);
    const [id] = order.splice(index, 1);
    if (id === undefined) return;
    order.splice(index + by, 0, id);
    void ctx.act(button, () => agendaOrder({ meeting_id: d.summary.meeting_id, order }));
  };

  const update = (d: MeetingDetail) => {
    const status = d.summary.status;
    addForm.hidden = status !== 'draft';
    const total = d.agenda.reduce((n, i) => n + i.planned_minutes, 0);
    const current = d.current_item_id;
    const rows = d.agenda.map((item, index) => {
      const isCurrent = current !== null && String(current) === String(item.item_id);
      const up = h('button', { type: 'button', class: 'btn btn-small', testid: 'agenda-up', disabled: index === 0 || status === 'ended', 'aria-label': t('agenda.up', { title: item.title }) }, '↑');
      const down = h('button', { type: 'button', class: 'btn btn-small', testid: 'agenda-down', disabled: index === d.agenda.length - 1 || status === 'ended', 'aria-label': t('agenda.down', { title: item.title }) }, '↓');
      up.addEventListener('click', () => move(d, index, -1, up));
      down.addEventListener('click', () => move(d, index, 1, down));
      const remove = status === 'draft' ? h('button', { type: 'button', class: 'btn btn-small btn-quiet', testid: 'agenda-remove' }, t('agenda.remove')) : null;
      remove?.addEventListener('click', () => void ctx.act(remove, () => agendaRemove(item.item_id)));
      const take = status === 'running' && !isCurrent ? h('button', { type: 'button', class: 'btn btn-small btn-primary', testid: 'agenda-take' }, t(item.started_at ? 'agenda.takeAgain' : 'agenda.take')) : null;
      take?.addEventListener('click', () => void ctx.act(take, () => meetingItemStart(item.item_id)));
      return h(
        'li',
        { class: isCurrent ? 'agenda-item agenda-current' : 'agenda-item', testid: 'agenda-item', 'data-item': String(item.item_id), 'data-current': String(isCurrent) },
        h('span', { class: 'agenda-pos' }, `${index + 1}.`),
        h(
          'div',
          { class: 'agenda-main' },
          h('p', { class: 'agenda-title' }, h('strong', { testid: 'agenda-item-title' }, item.title), isCurrent ? h('span', { class: 'badge badge-live' }, t('agenda.now')) : null, item.announced ? null : h('span', { class: 'badge' }, t('agenda.notAnnounced'))),
          h(
            'p',
            { class: 'hint' },
            item.matter_id !== null ? h('a', { href: `#/matters/${item.matter_id}` }, t('agenda.matterLink', { title: item.matter_title ?? '', stage: item.matter_stage ? stageLabel(item.matter_stage) : '' })) : t('agenda.noMatter'),
            ' · ',
            t('agenda.plannedN', { n: item.planned_minutes }),
          ),
          status === 'running' || status === 'ended' ? timeBar(item) : null,
        ),
        h('div', { class: 'agenda-buttons' }, take, status !== 'ended' ? [up, down] : null, remove),
      );
    });
    replace(
      listEl,
      d.agenda.length ? h('ol', { class: 'agenda', testid: 'agenda' }, rows) : h('p', { class: 'empty', testid: 'agenda-empty' }, t('agenda.empty')),
      d.agenda.length ? h('p', { class: 'hint' }, t('agenda.total', { n: total })) : null,
    );
  };

  // The running item's bar moves with the clock between two reads.
  const tick = () => {
    const d = ctx.detail();
    if (d.summary.status !== 'running' || d.current_item_id === null) return;
    const item = d.agenda.find((i) => String(i.item_id) === String(d.current_item_id));
    const el = listEl.querySelector(`[data-item="${String(d.current_item_id)}"] [data-testid="item-time"]`);
    if (!item || !el) return;
    const readAt = Date.parse(d.now);
    const extra = Number.isNaN(readAt) ? 0 : Math.max(0, (ctx.clock.now() - readAt) / 1000);
    el.replaceWith(timeBar(item, item.used_seconds + extra));
  };

  return { el: h('section', { class: 'card', testid: 'agenda-card' }, h('h2', null, t('agenda.title')), listEl, addForm), update, tick };
}
