// What a vote is and how it is counted: the exact motion, the kind (question or election with
// its candidates), the rule with its inequalities, and every setting. All of it is fixed when
// voting opens, and the result prints it.

import type { CommunitySummary } from '../../bindings/CommunitySummary';
import type { VoteView } from '../../bindings/VoteView';
import { h } from '../../dom';
import { formatTime } from '../../format';
import { t } from '../../i18n';
import { categoryLabel, kindLabel, policyLabel, ruleScopeLabel, ruleTests } from './labels';

const fact = (label: string, ...value: (Node | string | null)[]) => h('div', null, h('dt', null, label), h('dd', null, value));

export function motionCard(v: VoteView): HTMLElement {
  return h(
    'section',
    { class: 'card' },
    h('h2', null, t('detail.motion')),
    h('p', { class: 'motion-text', testid: 'vote-motion-text' }, v.motion),
    h('p', { class: 'hint' }, t('detail.motionNote')),
    v.kind.kind === 'election'
      ? h(
          'div',
          null,
          h('p', null, h('strong', null, kindLabel(v.kind))),
          h('ol', { class: 'candidates', testid: 'vote-candidates-list' }, v.kind.candidates.map((c) => h('li', null, c))),
        )
      : null,
  );
}

export function settingsCard(v: VoteView, community: CommunitySummary): HTMLElement {
  const s = v.settings;
  const tests = ruleTests(s.rule);
  return h(
    'section',
    { class: 'card' },
    h('h2', null, t('detail.settings')),
    h('p', { class: 'hint' }, v.status === 'draft' ? t('detail.settingsDraft') : t('detail.settingsFixed')),
    h(
      'dl',
      { class: 'vote-facts', testid: 'vote-settings' },
      fact(t('detail.category'), categoryLabel(v.category)),
      fact(t('detail.rule'), h('strong', { testid: 'vote-rule-label' }, ruleScopeLabel(s.rule, s.scope))),
      fact(t('detail.tests'), h('span', { class: 'mono-math' }, t('create.quorumTest', { q: tests.quorum })), h('br'), h('span', { class: 'mono-math' }, t('create.passTest', { p: tests.pass }))),
      fact(t('detail.kind'), kindLabel(v.kind)),
      fact(t('detail.policy'), policyLabel(s.ballot_policy), h('br'), t('detail.ownFirst')),
      fact(t('detail.conformity'), s.conformity_clause ? t('detail.on') : t('detail.off')),
      fact(t('detail.proxyLimit'), s.proxy_limit === null ? t('detail.noLimit') : t('detail.limitN', { n: s.proxy_limit })),
      fact(t('detail.invalid'), t('create.invalidFixed')),
      fact(t('detail.parking'), community.settings.parking_counts ? t('create.parkingYes') : t('create.parkingNo')),
      fact(t('detail.window'), `${formatTime(v.opens_at)} — ${formatTime(v.closes_at)}`),
      fact(t('detail.objection'), v.objection_days > 0 ? t('detail.objectionDays', { n: v.objection_days }) : t('detail.noObjection')),
      fact(t('detail.created'), t('detail.createdBy', { at: formatTime(v.created_at), by: v.created_by })),
    ),
  );
}
