// The rule part of a new vote: the matter's category, the rule the law requires for it with the
// reason (from the backend, citing the article), the scope an owners' vote counts over (all
// owners, one building, one entrance: the backend proposes it, e.g. a lift over its entrance),
// and the host's confirmation or change of them.

import { ruleAdvice } from '../../api';
import type { CommunitySummary } from '../../bindings/CommunitySummary';
import type { MatterCategory } from '../../bindings/MatterCategory';
import type { Rule } from '../../bindings/Rule';
import type { RuleAdvice } from '../../bindings/RuleAdvice';
import type { Scope } from '../../bindings/Scope';
import { checkbox, field, h, replace } from '../../dom';
import { t } from '../../i18n';
import { showError } from '../../notify';
import { getLang } from '../../prefs';
import { CATEGORIES, RULE_KINDS, countsArea, ruleScopeLabel, ruleTests, type RuleKind } from './labels';

export interface RulePart {
  el: HTMLElement;
  category: () => MatterCategory | null;
  /** The rule as confirmed by the host; null until a category is chosen. */
  rule: () => Rule | null;
  /** Whose roll the vote counts over; always the community for meetings. */
  scope: () => Scope;
  categorySelect: HTMLSelectElement;
}

/** "2" is entrance "2单元", as the roll import stores it. */
function entranceName(text: string): string {
  const e = text.replace(/\s+/g, '');
  return /^[0-9]+$/.test(e) ? `${e}单元` : e;
}

export function rulePart(community: CommunitySummary, onChange: (rule: Rule | null) => void): RulePart {
  const category = h(
    'select',
    { testid: 'vote-category' },
    h('option', { value: '' }, t('create.categoryPick')),
    CATEGORIES.map(([id, key]) => h('option', { value: id }, t(key))),
  );
  const scopeKind = h(
    'select',
    { testid: 'vote-scope' },
    h('option', { value: 'community' }, t('create.scopeCommunity')),
    h('option', { value: 'building' }, t('create.scopeBuilding')),
    h('option', { value: 'entrance' }, t('create.scopeEntrance')),
  );
  const scopeField = field(t('create.scope'), scopeKind, t('create.scopeHint'));
  const building = h('select', { testid: 'vote-building' }, community.buildings.map((b) => h('option', { value: b }, b)));
  const buildingField = field(t('create.building'), building, t('create.buildingHint'));
  const entrance = h('input', { testid: 'vote-entrance', type: 'text', autocomplete: 'off' });
  const entranceField = field(t('create.entrance'), entrance, t('create.entranceHint'));
  const residentsMode = h(
    'select',
    { testid: 'vote-residents-mode' },
    h('option', { value: 'adults' }, t('create.residentsAdults')),
    h('option', { value: 'households' }, t('create.residentsHouseholds')),
  );
  const residentsField = field(t('create.residentsMode'), residentsMode, t('create.residentsModeHint'));
  const kind = h('select', { testid: 'vote-rule' }, RULE_KINDS.map(([id, key]) => h('option', { value: id }, t(key))));
  const strict = checkbox(t('create.strict'), { testid: 'vote-strict' });
  const reasonEl = h('div', { class: 'rule-advice', testid: 'vote-rule-reason', 'aria-live': 'polite', hidden: true });
  const chosenEl = h('div', { class: 'rule-chosen', testid: 'vote-rule-chosen', 'aria-live': 'polite' });
  const overrideEl = h('div', { class: 'rule-override', hidden: true }, field(t('create.ruleKind'), kind, t('create.ruleKindHint')), strict.row);
  let advice: RuleAdvice | null = null;
  let rule: Rule | null = null;
  let seq = 0;

  let scope: Scope = { kind: 'community' };

  const cat = () => (category.value ? (category.value as MatterCategory) : null);
  /** The scope the selectors show (an entrance without a name is the building). */
  function chosenScope(): Scope {
    const b = building.value;
    const e = entranceName(entrance.value);
    if (scopeKind.value === 'entrance' && b && e) return { kind: 'entrance', building: b, entrance: e };
    if (scopeKind.value !== 'community' && b) return { kind: 'building', building: b };
    return { kind: 'community' };
  }
  /** Show a scope (the backend's proposal) in the selectors. */
  function showScope(s: Scope): void {
    scopeKind.value = s.kind;
    if (s.kind !== 'community') building.value = s.building;
    if (s.kind === 'entrance') entrance.value = s.entrance;
  }

  function render(): void {
    const owners = rule !== null && countsArea(rule);
    scopeField.hidden = advice === null || !owners || community.buildings.length === 0;
    buildingField.hidden = scopeField.hidden || scopeKind.value === 'community';
    entranceField.hidden = scopeField.hidden || scopeKind.value !== 'entrance';
    if (!owners) scope = { kind: 'community' };
    residentsField.hidden = advice === null || rule?.kind !== 'residents_meeting';
    overrideEl.hidden = advice === null;
    strict.row.hidden = rule?.kind !== 'committee_meeting';
    if (!advice) {
      reasonEl.hidden = true;
      replace(chosenEl);
      onChange(null);
      return;
    }
    const proposed = advice.proposal.rule;
    reasonEl.hidden = false;
    replace(
      reasonEl,
      h('p', { class: 'rule-advice-label' }, t('create.proposed')),
      h('p', { class: 'rule-advice-rule', testid: 'vote-rule-proposed' }, ruleScopeLabel(proposed, advice.proposal.scope)),
      h('p', { class: 'rule-advice-reason' }, getLang() === 'en' ? advice.proposal.reason_en : advice.proposal.reason_zh),
    );
    const tests = rule ? ruleTests(rule) : null;
    const differs =
      rule !== null && (JSON.stringify(rule) !== JSON.stringify(proposed) || (countsArea(rule) && JSON.stringify(scope) !== JSON.stringify(advice.proposal.scope)));
    replace(
      chosenEl,
      rule ? h('p', null, t('create.ruleUsed'), ' ', h('strong', { testid: 'vote-rule-used' }, ruleScopeLabel(rule, scope))) : null,
      tests ? h('p', { class: 'hint mono-math' }, t('create.quorumTest', { q: tests.quorum }), ' · ', t('create.passTest', { p: tests.pass })) : null,
      differs ? h('p', { class: 'warning', testid: 'vote-rule-differs', role: 'note' }, t('create.ruleDiffers')) : null,
    );
    onChange(rule);
  }

  /** The backend's advice for a category over the scope the selectors show. */
  async function advise(c: MatterCategory): Promise<RuleAdvice> {
    const s = chosenScope();
    return ruleAdvice({
      community_id: community.id,
      category: c,
      building: s.kind === 'community' ? null : s.building,
      entrance: s.kind === 'entrance' ? s.entrance : null,
      residents_mode: { kind: residentsMode.value === 'households' ? 'households' : 'adults' },
    });
  }

  async function onCategory(): Promise<void> {
    const c = cat();
    const mine = ++seq;
    if (!c) {
      advice = null;
      rule = null;
      render();
      return;
    }
    try {
      const found = await advise(c);
      if (mine !== seq) return;
      advice = found;
      rule = found.proposal.rule;
      scope = found.proposal.scope;
      showScope(scope);
      kind.value = rule.kind;
      strict.input.checked = rule.kind === 'committee_meeting' && rule.strict_majority;
      render();
    } catch (e) {
      if (mine === seq) showError(e);
    }
  }

  /** Another kind of rule than proposed: its numbers come from the advice for a matching matter. */
  async function onKind(): Promise<void> {
    const k = kind.value as RuleKind;
    const mine = ++seq;
    const proposed = advice?.proposal.rule;
    try {
      let next: Rule;
      if (proposed && proposed.kind === k) next = proposed;
      else if (k === 'owners_ordinary' || k === 'owners_major') next = { kind: k };
      else {
        const source = RULE_KINDS.find(([id]) => id === k)?.[2] ?? 'other';
        const found = await ruleAdvice({ community_id: community.id, category: source, building: null, entrance: null, residents_mode: null });
        if (mine !== seq) return;
        next = found.proposal.rule;
      }
      rule = next.kind === 'committee_meeting' ? { ...next, strict_majority: strict.input.checked } : next;
      render();
    } catch (e) {
      if (mine === seq) showError(e);
    }
  }

  category.addEventListener('change', () => void onCategory());
  kind.addEventListener('change', () => void onKind());
  /** Another scope: the backend advises again (and checks the building and entrance exist). */
  async function onScope(): Promise<void> {
    const c = cat();
    const wanted = chosenScope();
    if (scopeKind.value === 'entrance' && wanted.kind !== 'entrance') {
      render();
      return; // wait for the entrance's name
    }
    const mine = ++seq;
    try {
      const found = c ? await advise(c) : null;
      if (mine !== seq) return;
      if (found) {
        const overridden = rule !== null && advice !== null && JSON.stringify(rule) !== JSON.stringify(advice.proposal.rule);
        advice = found;
        if (!overridden) rule = found.proposal.rule;
      }
      scope = wanted;
      render();
    } catch (e) {
      if (mine === seq) {
        showError(e);
        showScope(scope);
        render();
      }
    }
  }

  scopeKind.addEventListener('change', () => void onScope());
  residentsMode.addEventListener('change', () => void onCategory());
  building.addEventListener('change', () => void onScope());
  entrance.addEventListener('change', () => void onScope());
  strict.input.addEventListener('change', () => {
    if (rule?.kind === 'committee_meeting') rule = { ...rule, strict_majority: strict.input.checked };
    render();
  });

  render();
  return {
    el: h('div', { class: 'rule-part' }, field(t('create.category'), category, t('create.categoryHint')), reasonEl, overrideEl, scopeField, buildingField, entranceField, residentsField, chosenEl),
    category: cat,
    rule: () => rule,
    scope: () => (rule !== null && countsArea(rule) ? scope : { kind: 'community' }),
    categorySelect: category,
  };
}
