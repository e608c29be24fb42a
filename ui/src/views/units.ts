// The unit list: every unit with its people, searchable by unit number or name, by building,
// page by page. Phones arrive masked from the backend.

import { unitList } from '../api';
import type { CommunitySummary } from '../bindings/CommunitySummary';
import type { PersonBrief } from '../bindings/PersonBrief';
import type { UnitPage } from '../bindings/UnitPage';
import type { UnitRow } from '../bindings/UnitRow';
import { debounce, field, h, replace } from '../dom';
import { formatArea, formatCount } from '../format';
import { areaSourceLabel, relationLabel, t, unitKindLabel, unitStatusLabel } from '../i18n';
import { showError } from '../notify';

const PAGE = 50;

export function personLine(p: PersonBrief): HTMLElement {
  return h(
    'div',
    { class: 'person' },
    h('span', { class: 'person-name' }, p.name),
    h('span', { class: `badge badge-${p.relation}` }, relationLabel(p.relation)),
    p.designated_voter ? h('span', { class: 'badge badge-voter', testid: 'voter-badge' }, t('units.voter')) : null,
    p.phone_masked ? h('span', { class: 'person-meta mono' }, p.phone_masked) : null,
    p.id_tail ? h('span', { class: 'person-meta' }, t('units.idTail', { tail: p.id_tail })) : null,
  );
}

function unitRow(u: UnitRow): HTMLElement {
  return h(
    'tr',
    { 'data-unit': String(u.unit_id) },
    h('td', null, u.building),
    h('th', { scope: 'row' }, u.number),
    h('td', null, unitKindLabel(u.kind)),
    h('td', { class: 'num' }, formatArea(u.area)),
    h('td', null, areaSourceLabel(u.area_source)),
    h('td', null, h('span', { class: `status status-${u.status}` }, unitStatusLabel(u.status))),
    h('td', { class: 'people' }, u.people.length ? u.people.map(personLine) : h('span', { class: 'warn-text' }, t('units.nobody'))),
  );
}

/** The table of units (also used for the import preview's sample rows). */
export function unitTable(units: readonly UnitRow[], testid: string): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'table units', testid },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', null, t('col.building')),
          h('th', null, t('col.unit')),
          h('th', null, t('col.kind')),
          h('th', { class: 'num' }, t('col.areaM2')),
          h('th', null, t('col.areaSource')),
          h('th', null, t('col.status')),
          h('th', null, t('col.people')),
        ),
      ),
      h('tbody', null, units.map(unitRow)),
    ),
  );
}

export function unitsTab(root: HTMLElement, community: CommunitySummary): void {
  let offset = 0;
  let request = 0;
  const search = h('input', { type: 'search', testid: 'unit-search', autocomplete: 'off' });
  const building = h('select', { testid: 'unit-building' }, h('option', { value: '' }, t('units.allBuildings')), community.buildings.map((b) => h('option', { value: b }, b)));
  const result = h('div', { 'aria-live': 'polite' });
  const prev = h('button', { type: 'button', class: 'btn', testid: 'units-prev' }, t('units.prev'));
  const next = h('button', { type: 'button', class: 'btn', testid: 'units-next' }, t('units.next'));
  const pageInfo = h('span', { class: 'pager-info', testid: 'units-count' });
  const pager = h('div', { class: 'pager' }, prev, pageInfo, next);

  async function load(): Promise<void> {
    const mine = ++request;
    result.setAttribute('aria-busy', 'true');
    try {
      const page = await unitList({
        community_id: community.id,
        building: building.value || null,
        search: search.value.trim() || null,
        offset,
        limit: PAGE,
      });
      if (mine === request) render(page);
    } catch (e) {
      if (mine === request) showError(e);
    } finally {
      if (mine === request) result.removeAttribute('aria-busy');
    }
  }

  function render(page: UnitPage): void {
    const filtered = Boolean(search.value.trim() || building.value);
    if (page.units.length === 0) {
      replace(result, h('p', { class: 'empty', testid: 'units-empty' }, filtered ? t('units.noneFound') : t('units.emptyRoll')));
    } else {
      replace(result, unitTable(page.units, 'unit-table'));
    }
    const from = page.units.length ? page.offset + 1 : 0;
    const to = page.offset + page.units.length;
    pageInfo.textContent = t('units.range', { from: formatCount(from), to: formatCount(to), total: formatCount(page.total) });
    prev.disabled = page.offset === 0;
    next.disabled = to >= page.total;
    pager.hidden = page.total === 0;
  }

  const restart = () => {
    offset = 0;
    void load();
  };
  search.addEventListener('input', debounce(restart, 300));
  search.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') restart();
  });
  building.addEventListener('change', restart);
  prev.addEventListener('click', () => {
    offset = Math.max(0, offset - PAGE);
    void load();
  });
  next.addEventListener('click', () => {
    offset += PAGE;
    void load();
  });

  root.append(
    h(
      'section',
      { class: 'card' },
      h('h2', null, t('units.title')),
      h('div', { class: 'toolbar' }, field(t('units.search'), search), field(t('units.building'), building)),
      result,
      pager,
      h('p', { class: 'hint' }, t('units.privacy')),
    ),
  );
  replace(result, h('p', { class: 'loading' }, t('common.loading')));
  void load();
}
