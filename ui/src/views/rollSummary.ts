// The roll at a glance: N and A (whole community or one building), why N is what it is, the
// per-building table, the parking setting and the buildings.

import { guarded } from '../access';
import { buildingAdd, communitySettings, rollSummary, rootShow } from '../api';
import type { CommunitySummary } from '../bindings/CommunitySummary';
import type { RollSummary } from '../bindings/RollSummary';
import { fingerprintEl, qrBlock } from '../components/keyCard';
import { checkbox, field, h, replace, uid } from '../dom';
import { formatArea, formatAreaM2, formatCount } from '../format';
import { explainMerge, joinList, t } from '../i18n';
import { run, showError, showNotice } from '../notify';
import { currentCommunity, reload, upsertCommunity } from '../store';
import { splitNames } from './welcome';

const MERGES_SHOWN = 12;

export function summaryTab(root: HTMLElement, initial: CommunitySummary): void {
  let community = initial;
  let scope: string | null = null; // null: the whole community
  const figuresEl = h('section', { class: 'card', 'aria-live': 'polite' });
  const whyEl = h('section', { class: 'card' });
  const buildingsEl = h('section', { class: 'card' });
  const settingsEl = h('section', { class: 'card' });

  const scopeSelect = h('select', { id: uid('scope'), testid: 'roll-building' });
  const fillScope = () => {
    replace(
      scopeSelect,
      h('option', { value: '' }, t('roll.scopeAll')),
      community.buildings.map((b) => h('option', { value: b, selected: b === scope }, b)),
    );
  };
  scopeSelect.addEventListener('change', () => {
    scope = scopeSelect.value || null;
    void load();
  });

  async function load(): Promise<void> {
    figuresEl.setAttribute('aria-busy', 'true');
    try {
      const s = await rollSummary({ community_id: community.id, building: scope });
      renderFigures(s);
      renderWhy(s);
      renderBuildings(s);
    } catch (e) {
      showError(e);
    } finally {
      figuresEl.removeAttribute('aria-busy');
    }
  }

  function renderFigures(s: RollSummary): void {
    const parkingNote = s.settings.parking_counts
      ? t('roll.parkingCounted')
      : t('roll.parkingExcluded', { n: s.parking_excluded });
    replace(
      figuresEl,
      h('div', { class: 'scope-row' }, h('label', { for: scopeSelect.id }, t('roll.scope')), scopeSelect),
      s.building ? h('p', { class: 'scope-note' }, t('roll.scopeBuildingNote', { b: s.building })) : null,
      h(
        'div',
        { class: 'figures' },
        h(
          'div',
          { class: 'figure' },
          h('span', { class: 'figure-label' }, t('roll.persons')),
          h('span', { class: 'figure-value' }, h('span', { testid: 'roll-persons' }, String(s.persons)), h('small', null, t('roll.personsUnit'))),
        ),
        h(
          'div',
          { class: 'figure' },
          h('span', { class: 'figure-label' }, t('roll.area')),
          h('span', { class: 'figure-value', testid: 'roll-area' }, formatAreaM2(s.area)),
        ),
      ),
      h('p', { class: 'figure-note' }, t('roll.unitsCounted', { n: formatCount(s.units) }), ' ', parkingNote),
      h('p', { class: 'hint' }, t('roll.quorumHint')),
    );
  }

  function renderWhy(s: RollSummary): void {
    if (s.units === 0 && s.ownerless.length === 0 && s.parking_excluded === 0) {
      replace(whyEl, h('h2', null, t('roll.emptyTitle')), h('p', { testid: 'roll-empty' }, s.building ? t('roll.emptyBuilding', { b: s.building }) : t('roll.emptyBody')));
      return;
    }
    const list = h('ul', { class: 'merges', testid: 'roll-merges' });
    const showMerges = (all: boolean) => {
      const shown = all ? s.merges : s.merges.slice(0, MERGES_SHOWN);
      replace(list, shown.map((m) => h('li', { 'data-kind': m.kind }, explainMerge(m))));
      if (!all && s.merges.length > MERGES_SHOWN) {
        const more = h('button', { type: 'button', class: 'btn btn-quiet' }, t('roll.mergesAll', { n: s.merges.length }));
        more.addEventListener('click', () => showMerges(true));
        list.appendChild(h('li', { class: 'more' }, more));
      }
    };
    showMerges(false);
    replace(
      whyEl,
      h('h2', null, t('roll.whyTitle')),
      h('p', null, t('roll.whyRule')),
      h('p', { class: 'why-count' }, t('roll.whyCount', { units: formatCount(s.units), persons: formatCount(s.persons) })),
      s.merges.length ? list : h('p', { class: 'muted' }, t('roll.noMerges')),
      s.ownerless.length
        ? h(
            'div',
            { class: 'warning', testid: 'roll-ownerless', role: 'note' },
            h('strong', null, t('roll.ownerlessTitle', { n: s.ownerless.length })),
            h('p', null, joinList(s.ownerless)),
            h('p', null, t('roll.ownerlessFix')),
          )
        : null,
      h('p', { class: 'digest' }, t('roll.digest'), ' ', h('code', { class: 'mono', testid: 'roll-digest' }, s.digest)),
    );
  }

  function renderBuildings(s: RollSummary): void {
    const rows = s.buildings.map((b) => {
      const only = h('button', { type: 'button', class: 'btn btn-small' }, t('roll.onlyThis'));
      only.addEventListener('click', () => {
        scope = b.building;
        fillScope();
        void load();
        figuresEl.scrollIntoView({ block: 'start' });
      });
      return h(
        'tr',
        null,
        h('th', { scope: 'row' }, b.building),
        h('td', { class: 'num' }, formatCount(b.units)),
        h('td', { class: 'num' }, formatCount(b.persons)),
        h('td', { class: 'num' }, formatArea(b.area)),
        h('td', null, s.building ? null : only),
      );
    });
    const names = h('input', { type: 'text', testid: 'building-names', autocomplete: 'off' });
    const add = guarded(h('button', { type: 'submit', class: 'btn', testid: 'building-add' }, t('roll.addBuildings')), 'building_add');
    const form = h('form', null, h('div', { class: 'inline-form' }, field(t('roll.newBuildings'), names), add), h('p', { class: 'hint' }, t('roll.newBuildingsHint')));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const list = splitNames(names.value);
      if (!list.length) {
        showError(t('roll.newBuildingsEmpty'));
        names.focus();
        return;
      }
      void run(add, async () => {
        await buildingAdd({ community_id: community.id, names: list });
        await reload();
        community = currentCommunity() ?? community;
        names.value = '';
        fillScope();
        showNotice(t('roll.buildingsAdded', { names: joinList(list) }));
        await load();
      });
    });
    replace(
      buildingsEl,
      h('h2', null, t('roll.buildingsTitle')),
      rows.length
        ? h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { class: 'table', testid: 'roll-buildings' },
              h(
                'thead',
                null,
                h('tr', null, h('th', null, t('col.building')), h('th', { class: 'num' }, t('col.unitsCounted')), h('th', { class: 'num' }, t('col.persons')), h('th', { class: 'num' }, t('col.areaM2')), h('th', null, h('span', { class: 'sr-only' }, t('col.actions')))),
              ),
              h('tbody', null, rows),
            ),
          )
        : h('p', { class: 'muted' }, t('roll.noBuildings')),
      rows.length > 1 && !s.building ? h('p', { class: 'hint' }, t('roll.buildingsSumHint')) : null,
      form,
    );
  }

  function renderSettings(): void {
    const box = checkbox(t('settings.parkingLabel'), { testid: 'setting-parking', checked: community.settings.parking_counts });
    const save = h('button', { type: 'button', class: 'btn btn-primary', testid: 'settings-save', disabled: true }, t('settings.save'));
    box.input.addEventListener('change', () => {
      save.disabled = box.input.checked === community.settings.parking_counts;
    });
    save.addEventListener('click', () => {
      void run(save, async () => {
        const updated = await communitySettings({ community_id: community.id, settings: { parking_counts: box.input.checked } });
        community = updated;
        upsertCommunity(updated);
        showNotice(t('settings.saved', { n: updated.persons, a: formatAreaM2(updated.area) }));
        await load();
      }).then(() => {
        save.disabled = box.input.checked === community.settings.parking_counts;
      });
    });
    replace(settingsEl, h('h2', null, t('settings.title')), box.row, h('p', { class: 'hint' }, t('settings.parkingHint')), h('div', { class: 'actions' }, save));
  }

  // The community's root fingerprint (what every notice prints) and its QR code.
  const rootEl = h('section', { class: 'card', testid: 'root-card' });
  async function renderRoot(): Promise<void> {
    const r = await rootShow({ community_id: community.id });
    replace(
      rootEl,
      h('h2', null, t('certs.rootTitle')),
      h('p', { class: 'hint' }, t('certs.rootIntro')),
      fingerprintEl(r.current.fingerprint, { big: true, testid: 'root-fingerprint' }),
      h('p', { class: 'hint' }, t('certs.rootGeneration', { n: r.current.generation, at: r.current.created_at })),
      qrBlock(r.qr_svg, t('certs.rootTitle'), 'root-qr'),
    );
  }

  fillScope();
  renderSettings();
  replace(figuresEl, h('p', { class: 'loading' }, t('common.loading')));
  root.append(figuresEl, whyEl, buildingsEl, settingsEl, rootEl);
  void load();
  renderRoot().catch(showError);
}
