// Finding one person on the roll by name or unit number: a search field, the hits as buttons,
// and a line saying who is chosen. Used where a form needs a person (paper ballots, proxies).

import { personSearch } from '../api';
import type { CommunitySummary } from '../bindings/CommunitySummary';
import type { PersonHit } from '../bindings/PersonHit';
import { debounce, field, h, replace } from '../dom';
import { joinList, relationLabel, t } from '../i18n';
import { showError } from '../notify';

export interface PersonPicker {
  el: HTMLElement;
  chosen: () => PersonHit | null;
  clear: () => void;
  focus: () => void;
}

/** `testid` names the parts: `${testid}-search`, `${testid}-hit`, `${testid}-chosen`. */
export function personPicker(community: CommunitySummary, label: string, testid: string, onChoose?: (hit: PersonHit) => void): PersonPicker {
  let picked: PersonHit | null = null;
  const search = h('input', { type: 'search', testid: `${testid}-search`, autocomplete: 'off' });
  const hits = h('div', { class: 'hits', 'aria-live': 'polite' });
  const chosenEl = h('p', { class: 'chosen', testid: `${testid}-chosen` });
  const showChosen = () =>
    picked
      ? replace(chosenEl, t('roles.chosen'), ' ', h('strong', null, picked.person.name), picked.units.length ? ` · ${joinList(picked.units)}` : '')
      : replace(chosenEl, t('roles.noneChosen'));
  let seq = 0;
  const find = async () => {
    const text = search.value.trim();
    const mine = ++seq;
    if (!text) {
      hits.replaceChildren();
      return;
    }
    try {
      const found = await personSearch({ community_id: community.id, search: text });
      if (mine !== seq) return;
      replace(hits, found.length ? found.slice(0, 12).map(button) : h('p', { class: 'muted' }, t('roles.noHits')));
    } catch (e) {
      if (mine === seq) showError(e);
    }
  };
  const button = (hit: PersonHit) =>
    h(
      'button',
      {
        type: 'button',
        class: 'hit',
        testid: `${testid}-hit`,
        'aria-pressed': String(picked !== null && String(picked.person.person_id) === String(hit.person.person_id)),
        onclick: (ev: MouseEvent) => {
          picked = hit;
          for (const b of hits.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b === ev.currentTarget));
          showChosen();
          onChoose?.(hit);
        },
      },
      h('strong', null, hit.person.name),
      h('span', { class: 'badge' }, relationLabel(hit.person.relation)),
      h('span', { class: 'muted' }, joinList(hit.units)),
    );
  search.addEventListener('input', debounce(() => void find(), 300));
  search.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      ev.preventDefault();
      void find();
    }
  });
  showChosen();
  return {
    el: h('div', { class: 'person-picker' }, field(label, search, t('roles.searchHint')), hits, chosenEl),
    chosen: () => picked,
    clear: () => {
      picked = null;
      search.value = '';
      hits.replaceChildren();
      showChosen();
    },
    focus: () => search.focus(),
  };
}
