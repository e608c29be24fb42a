// The rule part of a new vote: the matter's category, the rule the law requires for it with the
// reason (from the backend, citing the article), and the host's confirmation or change of it.

import { ruleAdvice } from '../../api';
import type { CommunitySummary } from '../../bindings/CommunitySummary';
import type { MatterCategory } from '../../bindings/MatterCategory';
import type { Rule } from '../../bindings/Rule';
import type { RuleAdvice } from '../../bindings/RuleAdvice';
import { checkbox, field, h, replace } from '../../dom';
import { t } from '../../i18n';
import { showError } from '../../notify';
import { getLang } from '../../prefs';
import { CATEGORIES, RULE_KINDS, ruleLabel, ruleTests, type RuleKind } from './labels';

export interface RulePart {
  el: HTMLElement;
  category: () => MatterCategory | null;
  /** The rule as confirmed by the host; null until a category is chosen. */
  rule: () => Rule | null;
  categorySelect: HTMLSelectElement;
}

export function rulePart(community: CommunitySummary, onChange: (rule: Rule | null) => void): RulePart {
  const category = h(
    'select',
    { testid: 'vote-category' },
    h('option', { value: '' }, t('create.categoryPick')),
    CATEGORIES.map(([id, key]) => h('option', { value: id }, t(key))),
  );
  const building = h('select', { testid: 'vote-building' }, community.buildings.map((b) => h('option', { value: b }, b)));
  const buildingField = field(t('create.building'), building, t('create.buildingHint'));
  const kind = h('select', { testid: 'vote-rule' }, RULE_KINDS.map(([id, key]) => h('option', { value: id }, t(key))));
  const strict = checkbox(t('create.strict'), { testid: 'vote-strict' });
  const reasonEl = h('div', { class: 'rule-advice', testid: 'vote-rule-reason', 'aria-live': 'polite', hidden: true });
  const chosenEl = h('div', { class: 'rule-chosen', testid: 'vote-rule-chosen', 'aria-live': 'polite' });
  const overrideEl = h('div', { class: 'rule-override', hidden: true }, field(t('create.ruleKind'), kind, t('create.ruleKindHint')), strict.row);
  let advice: RuleAdvice | null = null;
  let rule: Rule | null = null;
  let seq = 0;

  const cat = () => (category.value ? (category.value as MatterCategory) : null);
  const isBuildingMatter = () => cat() === 'building_common_parts' || kind.value === 'one_building';

  function render(): void {
    buildingField.hidden = !isBuildingMatter() || community.buildings.length === 0;
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
      h('p', { class: 'rule-advice-rule', testid: 'vote-rule-proposed' }, ruleLabel(proposed)),
      h('p', { class: 'rule-advice-reason' }, getLang() === 'en' ? advice.proposal.reason_en : advice.proposal.reason_zh),
    );
    const tests = rule ? ruleTests(rule) : null;
    const differs = rule !== null && JSON.stringify(rule) !== JSON.stringify(proposed);
    replace(
      chosenEl,
      rule ? h('p', null, t('create.ruleUsed'), ' ', h('strong', { testid: 'vote-rule-used' }, ruleLabel(rule))) : null,
      tests ? h('p', { class: 'hint mono-math' }, t('create.quorumTest', { q: tests.quorum }), ' · ', t('create.passTest', { p: tests.pass })) : null,
      differs ? h('p', { class: 'warning', testid: 'vote-rule-differs', role: 'note' }, t('create.ruleDiffers')) : null,
    );
    onChange(rule);
  }

  async function advise(c: MatterCategory): Promise<RuleAdvice> {
    const b = c === 'building_common_parts' && building.value ? building.value : null;
    return ruleAdvice({ community_id: community.id, category: c, building: b });
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
      else if (k === 'one_building') next = { kind: k, building: building.value };
      else {
        const source = RULE_KINDS.find(([id]) => id === k)?.[2] ?? 'other';
        const found = await ruleAdvice({ community_id: community.id, category: source, building: null });
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
  building.addEventListener('change', () => {
    if (cat() === 'building_common_parts' && rule?.kind === 'one_building') void onCategory();
    else if (rule?.kind === 'one_building') {
      rule = { kind: 'one_building', building: building.value };
      render();
    }
  });
  strict.input.addEventListener('change', () => {
    if (rule?.kind === 'committee_meeting') rule = { ...rule, strict_majority: strict.input.checked };
    render();
  });

  render();
  return {
    el: h('div', { class: 'rule-part' }, field(t('create.category'), category, t('create.categoryHint')), buildingField, reasonEl, overrideEl, chosenEl),
    category: cat,
    rule: () => rule,
    categorySelect: category,
  };
}
