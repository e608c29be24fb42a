// The matters board: how many are open at each stage (each count filters the list), overdue
// tasks, per building; then the list itself.

import { guarded } from '../../access';
import type { CommunitySummary } from '../../bindings/CommunitySummary';
import type { MatterBoard } from '../../bindings/MatterBoard';
import type { MatterStage } from '../../bindings/MatterStage';
import type { MatterSummary } from '../../bindings/MatterSummary';
import { checkbox, field, h, replace } from '../../dom';
import { formatTime } from '../../format';
import { t } from '../../i18n';
import { showError } from '../../notify';
import { matterList } from '../meetings/api';
import { STAGES, stageLabel } from '../meetings/labels';
import { categoryLabel } from '../votes/labels';

function row(m: MatterSummary): HTMLElement {
  return h(
    'tr',
    { testid: 'matter-row', 'data-matter': String(m.matter_id), 'data-stage': m.stage },
    h('th', { scope: 'row' }, h('a', { href: `#/matters/${m.matter_id}`, testid: 'matter-link' }, m.title), m.urgent ? h('span', { class: 'badge badge-urgent', testid: 'matter-urgent' }, t('matter.urgentBadge')) : null),
    h('td', null, h('span', { class: `badge stage-badge stage-${m.stage}` }, m.stage_label)),
    h('td', null, categoryLabel(m.category)),
    h('td', null, m.buildings.length ? m.buildings.join(' ') : t('matter.wholeCommunity')),
    h('td', null, m.raised_by, h('div', { class: 'hint' }, formatTime(m.raised_at))),
    h('td', null, m.due ? h('span', { class: m.overdue ? 'warn-text overdue' : '' }, m.due, m.overdue ? ` · ${t('matter.overdue')}` : '') : '—'),
  );
}

export function boardView(root: HTMLElement, community: CommunitySummary): void {
  let stage: MatterStage | null = null;
  const building = h('select', { testid: 'matter-filter-building' }, h('option', { value: '' }, t('matter.allBuildings')));
  const overdue = checkbox(t('matter.overdueOnly'), { testid: 'matter-filter-overdue' });
  const stagesEl = h('div', { class: 'stage-board', testid: 'matter-board' });
  const listEl = h('div', { 'aria-live': 'polite' }, h('p', { class: 'loading' }, t('common.loading')));
  const overdueEl = h('p', { class: 'hint', testid: 'matter-overdue-count' });

  const renderStages = (b: MatterBoard) => {
    const all = b.per_stage.reduce((n, s) => n + s.count, 0);
    const tile = (id: MatterStage | null, label: string, count: number) =>
      h(
        'button',
        {
          type: 'button',
          class: 'stage-tile',
          testid: id ? `stage-${id}` : 'stage-all',
          'aria-pressed': String(stage === id),
          onclick: () => {
            stage = id;
            void load();
          },
        },
        h('span', { class: 'stage-tile-count' }, String(count)),
        h('span', { class: 'stage-tile-label' }, label),
      );
    const counts = new Map(b.per_stage.map((s) => [s.stage, s]));
    replace(stagesEl, tile(null, t('matter.allStages'), all), STAGES.map(([id]) => tile(id, counts.get(id)?.label ?? stageLabel(id), counts.get(id)?.count ?? 0)));
    overdueEl.textContent = t('matter.overdueCount', { n: b.overdue });
    const chosen = building.value;
    replace(building, h('option', { value: '' }, t('matter.allBuildings')), b.buildings.map((x) => h('option', { value: x, selected: x === chosen }, x)));
  };

  const load = async () => {
    try {
      const b = await matterList({ community_id: community.id, stage, building: building.value || null, overdue_only: overdue.input.checked });
      renderStages(b);
      replace(
        listEl,
        b.matters.length
          ? h(
              'div',
              { class: 'table-wrap' },
              h(
                'table',
                { class: 'table', testid: 'matter-list' },
                h('thead', null, h('tr', null, [t('matter.colTitle'), t('matter.colStage'), t('matter.colCategory'), t('matter.colBuildings'), t('matter.colRaised'), t('matter.colDue')].map((x) => h('th', null, x)))),
                h('tbody', null, b.matters.map(row)),
              ),
            )
          : h('p', { class: 'empty', testid: 'matters-empty' }, t('matter.none')),
      );
    } catch (e) {
      showError(e);
    }
  };
  building.addEventListener('change', () => void load());
  overdue.input.addEventListener('change', () => void load());

  root.append(
    h(
      'div',
      { class: 'view-head view-head-row' },
      h('div', null, h('h1', null, t('matter.title')), h('p', { class: 'lead' }, t('matter.lead'))),
      h('div', { class: 'actions' }, guarded(h('a', { class: 'btn btn-primary', href: '#/matters/new', testid: 'matter-new' }, t('matter.new')), 'matter_raise')),
    ),
    h('section', { class: 'card' }, stagesEl, h('div', { class: 'toolbar' }, field(t('matter.building'), building), overdue.row), overdueEl),
    h('section', { class: 'card' }, listEl),
  );
  void load();
}
