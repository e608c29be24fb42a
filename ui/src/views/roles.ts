// Roles: who is party branch member, committee member, building head, secretary, host...
// Assign by searching a person on the roll; remove with a confirmation.

import { may, mayNotText, refreshOperator } from '../access';
import { personSearch, roleAssign, roleList, roleRemove } from '../api';
import type { CommunitySummary } from '../bindings/CommunitySummary';
import type { PersonHit } from '../bindings/PersonHit';
import type { Role } from '../bindings/Role';
import type { RoleEntry } from '../bindings/RoleEntry';
import { confirmDialog } from '../components/dialog';
import { debounce, field, h, replace } from '../dom';
import { joinList, relationLabel, roleLabel, ROLES, t } from '../i18n';
import { run, showError, showNotice } from '../notify';

export function rolesTab(root: HTMLElement, community: CommunitySummary): void {
  const listEl = h('div', { 'aria-live': 'polite' });
  let chosen: PersonHit | null = null;

  function renderList(entries: readonly RoleEntry[]): void {
    if (!entries.length) {
      replace(listEl, h('p', { class: 'empty', testid: 'roles-empty' }, t('roles.none')));
      return;
    }
    const sorted = [...entries].sort((a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role) || a.name.localeCompare(b.name, 'zh-CN'));
    const rows = sorted.map((e) => {
      const remove = h('button', { type: 'button', class: 'btn btn-small', testid: 'role-remove' }, t('roles.remove'));
      remove.addEventListener('click', async () => {
        const ok = await confirmDialog({
          title: t('roles.removeTitle'),
          paragraphs: [t('roles.removeBody', { name: e.name, role: roleLabel(e.role) })],
          confirmLabel: t('roles.remove'),
          danger: true,
        });
        if (!ok) return;
        await run(remove, async () => {
          renderList(await roleRemove({ community_id: community.id, role_id: e.role_id }));
          showNotice(t('roles.removed', { name: e.name, role: roleLabel(e.role) }));
          await refreshOperator();
        });
      });
      return h(
        'tr',
        { testid: 'role-row', 'data-role': e.role },
        h('th', { scope: 'row' }, e.name),
        h('td', null, roleLabel(e.role)),
        h('td', null, e.building ?? ''),
        h('td', null, joinList(e.units)),
        h('td', null, remove),
      );
    });
    replace(
      listEl,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'table', testid: 'role-table' },
          h('thead', null, h('tr', null, h('th', null, t('col.name')), h('th', null, t('col.role')), h('th', null, t('col.building')), h('th', null, t('col.units')), h('th', null, h('span', { class: 'sr-only' }, t('col.actions'))))),
          h('tbody', null, rows),
        ),
      ),
    );
  }

  // Assigning: 1. find the person, 2. choose the role (and building for a building head).
  const search = h('input', { type: 'search', testid: 'person-search', autocomplete: 'off' });
  const hits = h('div', { class: 'hits', testid: 'person-hits', 'aria-live': 'polite' });
  const chosenEl = h('p', { class: 'chosen', testid: 'person-chosen' }, t('roles.noneChosen'));
  const roleSelect = h('select', { testid: 'role-select' }, ROLES.map((r) => h('option', { value: r }, roleLabel(r))));
  const buildingSelect = h('select', { testid: 'role-building' }, community.buildings.map((b) => h('option', { value: b }, b)));
  const buildingField = field(t('roles.building'), buildingSelect);
  const assign = h('button', { type: 'submit', class: 'btn btn-primary', testid: 'role-assign', disabled: true }, t('roles.assign'));
  let searchSeq = 0;

  const syncForm = () => {
    buildingField.hidden = roleSelect.value !== 'building_head';
    assign.disabled = chosen === null;
  };

  function choose(hit: PersonHit): void {
    chosen = hit;
    replace(chosenEl, t('roles.chosen'), ' ', h('strong', null, hit.person.name), ' · ', joinList(hit.units));
    for (const b of hits.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset['person'] === String(hit.person.person_id)));
    syncForm();
    roleSelect.focus();
  }

  const doSearch = async () => {
    const text = search.value.trim();
    const mine = ++searchSeq;
    if (!text) {
      hits.replaceChildren();
      return;
    }
    try {
      const found = await personSearch({ community_id: community.id, search: text });
      if (mine !== searchSeq) return;
      if (!found.length) {
        replace(hits, h('p', { class: 'muted' }, t('roles.noHits')));
        return;
      }
      replace(
        hits,
        found.slice(0, 20).map((hit) =>
          h(
            'button',
            { type: 'button', class: 'hit', testid: 'person-hit', 'data-person': String(hit.person.person_id), 'aria-pressed': 'false', onclick: () => choose(hit) },
            h('strong', null, hit.person.name),
            h('span', { class: 'badge' }, relationLabel(hit.person.relation)),
            h('span', { class: 'muted' }, joinList(hit.units)),
          ),
        ),
      );
    } catch (e) {
      if (mine === searchSeq) showError(e);
    }
  };
  search.addEventListener('input', debounce(() => void doSearch(), 300));
  search.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      ev.preventDefault();
      void doSearch();
    }
  });
  roleSelect.addEventListener('change', syncForm);

  const form = h(
    'form',
    { class: 'form' },
    field(t('roles.search'), search, t('roles.searchHint')),
    hits,
    chosenEl,
    h('div', { class: 'toolbar' }, field(t('roles.role'), roleSelect), buildingField),
    h('div', { class: 'actions' }, assign),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const person = chosen;
    if (!person) return;
    const role = roleSelect.value as Role;
    const buildingValue = role === 'building_head' ? buildingSelect.value || null : null;
    void run(assign, async () => {
      renderList(await roleAssign({ community_id: community.id, person_id: person.person.person_id, role, building: buildingValue }));
      showNotice(t('roles.assigned', { name: person.person.name, role: roleLabel(role) }));
      await refreshOperator();
    }).then(syncForm);
  });
  syncForm();

  root.append(
    h('section', { class: 'card' }, h('h2', null, t('roles.title')), h('p', { class: 'hint' }, t('roles.intro')), listEl),
    may('role_assign')
      ? h('section', { class: 'card' }, h('h2', null, t('roles.assignTitle')), form)
      : h('p', { class: 'hint', testid: 'role-assign-not-allowed' }, mayNotText('role_assign')),
  );
  replace(listEl, h('p', { class: 'loading' }, t('common.loading')));
  roleList({ community_id: community.id }).then(renderList, showError);
}
