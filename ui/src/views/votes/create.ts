// 新建表决: the exact motion, the matter's category (which proposes the legal rule, with the
// reason), question or election, the counting settings and the voting window. Everything here
// is fixed when voting opens and printed on the result.

import { voteCreate } from '../../api';
import type { CommunitySummary } from '../../bindings/CommunitySummary';
import type { Rule } from '../../bindings/Rule';
import type { VoteKind } from '../../bindings/VoteKind';
import { checkbox, field, h, uid } from '../../dom';
import { t } from '../../i18n';
import { run, showError, showNotice } from '../../notify';
import { linkPart } from '../meetings/voteLink';
import { rulePart } from './createRule';
import { countsArea } from './labels';

/** A Date as the value of a datetime-local input (local time, minutes). */
export function toLocalInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** A datetime-local value (local time) as RFC 3339 in UTC, "2025-03-01T06:05:00Z"; null if empty. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A whole number ≥ min typed in a field; null when empty, NaN when not a whole number. */
function wholeNumber(input: HTMLInputElement, min: number): number | null {
  const text = input.value.trim();
  if (!text) return null;
  return /^\d+$/.test(text) && Number(text) >= min ? Number(text) : Number.NaN;
}

export function createView(root: HTMLElement, community: CommunitySummary): void {
  const title = h('input', { type: 'text', testid: 'vote-title', maxlength: '200' });
  const motion = h('textarea', { testid: 'vote-motion', rows: '4' });
  const conformity = checkbox(t('create.conformity'), { testid: 'vote-conformity' });
  const conformityNote = h('p', { class: 'warning', role: 'note' }, t('create.conformityWarning'));
  const rule = rulePart(community, (r: Rule | null) => {
    const allowed = r !== null && countsArea(r);
    conformity.input.disabled = !allowed;
    if (!allowed) conformity.input.checked = false;
  });

  // Question or election.
  const group = uid('kind');
  const kindQuestion = h('input', { type: 'radio', name: group, value: 'question', testid: 'vote-kind-question', checked: true });
  const kindElection = h('input', { type: 'radio', name: group, value: 'election', testid: 'vote-kind-election' });
  const candidates = h('textarea', { testid: 'vote-candidates', rows: '5' });
  const seats = h('input', { type: 'number', testid: 'vote-seats', min: '1', step: '1', inputmode: 'numeric', value: '1' });
  const approvals = h('input', { type: 'number', testid: 'vote-max-approvals', min: '1', step: '1', inputmode: 'numeric', value: '1' });
  const electionPart = h(
    'div',
    { class: 'mode-part', hidden: true },
    field(t('create.candidates'), candidates, t('create.candidatesHint')),
    h('div', { class: 'toolbar' }, field(t('create.seats'), seats), field(t('create.maxApprovals'), approvals, t('create.maxApprovalsHint'))),
  );
  const syncKind = () => (electionPart.hidden = !kindElection.checked);
  kindQuestion.addEventListener('change', syncKind);
  kindElection.addEventListener('change', syncKind);
  seats.addEventListener('input', () => {
    if (Number(approvals.value) < Number(seats.value)) approvals.value = seats.value;
  });

  // Settings.
  const policy = h(
    'select',
    { testid: 'vote-policy' },
    h('option', { value: 'first_stands' }, t('vote.policyFirst')),
    h('option', { value: 'last_stands' }, t('vote.policyLast')),
  );
  const proxyLimit = h('input', { type: 'number', testid: 'vote-proxy-limit', min: '1', step: '1', inputmode: 'numeric', placeholder: t('create.proxyNone') });
  const objection = h('input', { type: 'number', testid: 'vote-objection-days', min: '0', step: '1', inputmode: 'numeric', value: '0' });

  // The window: from now to a week from now, to the minute.
  const now = new Date();
  now.setSeconds(0, 0);
  const opens = h('input', { type: 'datetime-local', testid: 'vote-opens', value: toLocalInput(now) });
  const closes = h('input', { type: 'datetime-local', testid: 'vote-closes', value: toLocalInput(new Date(now.getTime() + 7 * 24 * 3600 * 1000)) });

  const link = linkPart(community);
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-big', testid: 'vote-create' }, t('create.submit'));
  const parking = community.settings.parking_counts ? t('create.parkingYes') : t('create.parkingNo');
  const form = h(
    'form',
    { class: 'form vote-form' },
    h(
      'section',
      { class: 'card' },
      h('h2', null, t('create.what')),
      field(t('create.title'), title),
      field(t('create.motion'), motion, t('create.motionHint')),
    ),
    h('section', { class: 'card' }, h('h2', null, t('create.ruleTitle')), rule.el),
    link.el,
    h(
      'section',
      { class: 'card' },
      h('h2', null, t('create.kind')),
      h(
        'div',
        { class: 'mode-choice', role: 'radiogroup', 'aria-label': t('create.kind') },
        h('label', { class: 'check' }, kindQuestion, h('span', null, t('create.kindQuestion'))),
        h('label', { class: 'check' }, kindElection, h('span', null, t('create.kindElection'))),
      ),
      electionPart,
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', null, t('create.settings')),
      h('p', { class: 'hint' }, t('create.settingsFixed')),
      field(t('create.policy'), policy, t('create.policyHint')),
      conformity.row,
      conformityNote,
      h('div', { class: 'toolbar' }, field(t('create.proxyLimit'), proxyLimit, t('create.proxyLimitHint')), field(t('create.objectionDays'), objection, t('create.objectionHint'))),
      h('ul', { class: 'facts' }, h('li', null, t('create.invalidFixed')), h('li', null, t('create.parking', { v: parking }))),
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', null, t('create.window')),
      h('div', { class: 'toolbar' }, field(t('create.opens'), opens), field(t('create.closes'), closes)),
      h('p', { class: 'hint' }, t('create.windowHint')),
      h('div', { class: 'actions' }, submit, h('a', { class: 'btn', href: '#/votes' }, t('common.cancel'))),
    ),
  );

  function kindValue(): VoteKind | null {
    if (kindQuestion.checked) return { kind: 'question' };
    const names = candidates.value.split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
    const s = wholeNumber(seats, 1);
    const k = wholeNumber(approvals, 1);
    if (!names.length || s === null || k === null || Number.isNaN(s) || Number.isNaN(k) || s > names.length || k > names.length) return null;
    return { kind: 'election', candidates: names, seats: s, max_approvals: k };
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const chosenRule = rule.rule();
    const category = rule.category();
    const kind = kindValue();
    const limit = wholeNumber(proxyLimit, 1);
    const days = wholeNumber(objection, 0);
    const from = fromLocalInput(opens.value);
    const to = fromLocalInput(closes.value);
    const problem: [string, HTMLElement] | null = !title.value.trim()
      ? [t('create.noTitle'), title]
      : !motion.value.trim()
        ? [t('create.noMotion'), motion]
        : !category || !chosenRule
          ? [t('create.noCategory'), rule.categorySelect]
          : !kind
            ? [t('create.badElection'), candidates]
            : Number.isNaN(limit)
              ? [t('create.badProxyLimit'), proxyLimit]
              : Number.isNaN(days)
                ? [t('create.badObjection'), objection]
                : !from || !to
                  ? [t('create.noWindow'), from ? closes : opens]
                  : null;
    if (problem || !category || !chosenRule || !kind || !from || !to) {
      if (problem) {
        showError(problem[0]);
        problem[1].focus();
      }
      return;
    }
    void run(submit, async () => {
      const vote = await voteCreate({
        community_id: community.id,
        title: title.value.trim(),
        motion: motion.value.trim(),
        category,
        kind,
        settings: {
          rule: chosenRule,
          scope: rule.scope(),
          ballot_policy: policy.value === 'last_stands' ? 'last_stands' : 'first_stands',
          conformity_clause: conformity.input.checked,
          proxy_limit: limit,
        },
        opens_at: from,
        closes_at: to,
        objection_days: days ?? 0,
        agenda_item_id: link.itemId(),
        matter_id: link.matterId(),
      });
      showNotice(t('create.created', { title: vote.title }));
      location.hash = `#/votes/${String(vote.vote_id)}`;
    });
  });

  if (!community.buildings.length) showError(t('create.noRoll'));
  root.append(
    h('div', { class: 'view-head' }, h('a', { href: '#/votes', class: 'back-link' }, `← ${t('votes.all')}`), h('h1', null, t('create.heading')), h('p', { class: 'lead' }, t('create.lead'))),
    form,
  );
  title.focus();
}
