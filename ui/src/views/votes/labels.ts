// Plain-words labels for everything a vote carries: matter categories, rules (with the
// inequalities they apply), statuses, ballot policies, channels and choices.

import type { BallotPolicy } from '../../bindings/BallotPolicy';
import type { MatterCategory } from '../../bindings/MatterCategory';
import type { Rule } from '../../bindings/Rule';
import type { Scope } from '../../bindings/Scope';
import type { VoteKind } from '../../bindings/VoteKind';
import type { VoteView } from '../../bindings/VoteView';
import { formatTime } from '../../format';
import { joinList, t, type Key } from '../../i18n';

/** The categories in the order they are offered, with their short Chinese/English names. */
export const CATEGORIES: readonly [MatterCategory, Key][] = [
  ['elect_committee', 'cat.elect_committee'],
  ['rules_of_procedure', 'cat.rules_of_procedure'],
  ['management_statute', 'cat.management_statute'],
  ['property_company', 'cat.property_company'],
  ['use_repair_fund', 'cat.use_repair_fund'],
  ['raise_repair_fund', 'cat.raise_repair_fund'],
  ['rebuild', 'cat.rebuild'],
  ['change_use_of_common_parts', 'cat.change_use_of_common_parts'],
  ['building_common_parts', 'cat.building_common_parts'],
  ['install_lift', 'cat.install_lift'],
  ['committee_business', 'cat.committee_business'],
  ['residents_affairs', 'cat.residents_affairs'],
  ['other', 'cat.other'],
];

export function categoryLabel(c: MatterCategory): string {
  const found = CATEGORIES.find(([id]) => id === c);
  return found ? t(found[1]) : c;
}

export type RuleKind = Rule['kind'];

/** Rule kinds as offered, and a category whose advice fills in that kind's numbers. */
export const RULE_KINDS: readonly [RuleKind, Key, MatterCategory][] = [
  ['owners_ordinary', 'rule.owners_ordinary', 'other'],
  ['owners_major', 'rule.owners_major', 'raise_repair_fund'],
  ['committee_meeting', 'rule.committee_meeting', 'committee_business'],
  ['residents_meeting', 'rule.residents_meeting', 'residents_affairs'],
];

/** "全体业主" / "3栋全体业主（按本幢名册）" / "3栋2单元全体业主（按本单元名册）". */
export function scopeLabel(scope: Scope): string {
  switch (scope.kind) {
    case 'community':
      return t('scope.community');
    case 'building':
      return t('scope.buildingOf', { b: scope.building });
    case 'entrance':
      return t('scope.entranceOf', { b: scope.building, e: scope.entrance });
  }
}

/** The rule's label with the scope an owners' vote counts over (none for the community). */
export function ruleScopeLabel(rule: Rule, scope: Scope | undefined): string {
  const base = ruleLabel(rule);
  if (!scope || scope.kind === 'community' || !countsArea(rule)) return base;
  return t('rule.withScope', { rule: base, scope: scopeLabel(scope) });
}

/** "业主共同决定（一般事项）", with the head count where the rule has one. */
export function ruleLabel(rule: Rule): string {
  switch (rule.kind) {
    case 'owners_ordinary':
      return t('rule.owners_ordinary');
    case 'owners_major':
      return t('rule.owners_major');
    case 'committee_meeting':
      return t(rule.strict_majority ? 'rule.committeeStrict' : 'rule.committeeHalf', { m: rule.members });
    case 'residents_meeting':
      return t('rule.residentsOf', { e: rule.entitled });
  }
}

/** Whether areas count (owners' votes) or only heads (meetings). */
export function countsArea(rule: Rule): boolean {
  return rule.kind === 'owners_ordinary' || rule.kind === 'owners_major';
}

/** The quorum and pass inequalities of a rule, as the result will print them. */
export function ruleTests(rule: Rule): { quorum: string; pass: string } {
  switch (rule.kind) {
    case 'owners_ordinary':
      return { quorum: '3·Pn ≥ 2·N, 3·Pa ≥ 2·A', pass: '2·Yn > Pn, 2·Ya > Pa' };
    case 'owners_major':
      return { quorum: '3·Pn ≥ 2·N, 3·Pa ≥ 2·A', pass: '4·Yn ≥ 3·Pn, 4·Ya ≥ 3·Pa' };
    case 'committee_meeting':
      return { quorum: '2·Pn > N', pass: rule.strict_majority ? '2·Yn > N' : '2·Yn ≥ N' };
    case 'residents_meeting':
      return { quorum: '2·Pn > N', pass: '2·Yn > Pn' };
  }
}

export const policyLabel = (p: BallotPolicy) => t(p === 'first_stands' ? 'vote.policyFirst' : 'vote.policyLast');

/** 草稿 / 投票中 / 已结束, and what that means right now. */
export function statusLabel(v: VoteView): string {
  return t(v.status === 'draft' ? 'vote.statusDraft' : v.status === 'open' ? 'vote.statusOpen' : 'vote.statusClosed');
}

export function statusNote(v: VoteView, now = Date.now()): string | null {
  if (v.status === 'open' && Date.parse(v.closes_at) < now) return t('vote.windowOver');
  if (v.status === 'open' && Date.parse(v.opens_at) > now) return t('vote.notYet', { at: formatTime(v.opens_at) });
  if (v.status !== 'closed') return null;
  if (v.is_final) return t('vote.final');
  return v.final_at ? t('vote.objectionUntil', { at: formatTime(v.final_at) }) : null;
}

export function channelLabel(channel: string): string {
  if (channel === 'kiosk') return t('vote.channelKiosk');
  if (channel === 'paper') return t('vote.channelPaper');
  if (channel === 'file') return t('vote.channelFile');
  return channel;
}

/** "同意" for "agree", "赞成：张三、李四" for "approve:0,1"; anything else as it is. */
export function choiceLabel(kind: VoteKind, choice: string): string {
  if (choice === 'agree') return t('ballot.agree');
  if (choice === 'oppose') return t('ballot.oppose');
  if (choice === 'abstain') return t('ballot.abstain');
  if (choice.startsWith('approve:') && kind.kind === 'election') {
    const picked = choice.slice('approve:'.length).split(',').filter(Boolean);
    if (!picked.length) return t('ballot.approveNone');
    return t('ballot.approveList', { names: joinList(picked.map((i) => kind.candidates[Number(i)] ?? i)) });
  }
  return choice;
}

/** "单项表决（同意 / 反对 / 弃权）" or "选举：5 名候选人，选 3 人，每票最多选 3 人". */
export function kindLabel(kind: VoteKind): string {
  if (kind.kind === 'question') return t('vote.kindQuestionLong');
  return t('vote.kindElectionLong', { n: kind.candidates.length, seats: kind.seats, k: kind.max_approvals });
}
