// The steps a matter can take at its current stage, each as a small form. Only the steps of
// the stage are offered; the backend's gate still decides, and its refusal (what is missing,
// what must happen first) is shown as it says it. Minutes are chosen from the final minutes of
// the meetings that had the matter on their agenda; a vote from the votes linked to it.

import { voteList } from '../../api';
import type { CommunitySummary } from '../../bindings/CommunitySummary';
import type { MatterDetail } from '../../bindings/MatterDetail';
import type { MatterStage } from '../../bindings/MatterStage';
import type { MatterStep } from '../../bindings/MatterStep';
import type { MeetingKind } from '../../bindings/MeetingKind';
import { checkbox, field, h, replace } from '../../dom';
import { formatTime } from '../../format';
import { t } from '../../i18n';
import { run, showError, showNotice } from '../../notify';
import { matterAct, matterList } from '../meetings/api';
import { kindLabel, localTime, PARTIES, STAGES, stageLabel } from '../meetings/labels';
import { kioskHref } from '../sign/kioskTask';

type Reload = (d: MatterDetail) => void;

/** A select of the final minutes of the meetings the matter was on (newest first). */
function minutesSelect(d: MatterDetail, testid: string): HTMLSelectElement {
  // The meeting the stage needs comes first (the party branch's, the joint meeting's, the
  // residents'); the gate says so if another is chosen.
  const wanted: Partial<Record<MatterStage, MeetingKind>> = { party_branch: 'party_branch', three_parties: 'joint', residents: 'residents' };
  const kind = wanted[d.summary.stage];
  const final = d.meetings
    .filter((m) => m.minutes_id !== null)
    .reverse()
    .sort((a, b) => Number(b.kind === kind) - Number(a.kind === kind));
  return h(
    'select',
    { testid },
    final.length ? null : h('option', { value: '' }, t('step.noMinutes')),
    final.map((m) =>
      h(
        'option',
        { value: String(m.minutes_id) },
        `${m.meeting_title} · ${kindLabel(m.kind)} · ${localTime(m.starts_at)} · ${t(m.minutes_complete ? 'step.minutesSigned' : 'step.minutesUnsigned')}`,
      ),
    ),
  );
}

function form(title: string, testid: string, fields: (HTMLElement | null)[], label: string, act: () => MatterStep | string, d: MatterDetail, reload: Reload, primary = true): HTMLElement {
  const submit = h('button', { type: 'submit', class: primary ? 'btn btn-primary' : 'btn', testid: `${testid}-submit` }, label);
  const f = h('form', { class: 'form step-form', testid }, h('h3', null, title), fields, h('div', { class: 'actions' }, submit));
  f.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const step = act();
    if (typeof step === 'string') {
      showError(step);
      return;
    }
    void run(submit, async () => {
      const after = await matterAct({ matter_id: d.summary.matter_id, step });
      showNotice(t('step.done', { stage: after.summary.stage_label }));
      reload(after);
    });
  });
  return f;
}

const minutesId = (sel: HTMLSelectElement): number | null => (sel.value ? Number(sel.value) : null);

function partyBranch(d: MatterDetail, reload: Reload, community: CommunitySummary): HTMLElement[] {
  const direction = h('textarea', { rows: '3', testid: 'step-direction' });
  const m1 = minutesSelect(d, 'step-forward-minutes');
  const reason = h('textarea', { rows: '3', testid: 'step-reason' });
  const m2 = minutesSelect(d, 'step-return-minutes');
  const into = h('select', { testid: 'step-merge-into' }, h('option', { value: '' }, t('common.loading')));
  const m3 = minutesSelect(d, 'step-merge-minutes');
  matterList({ community_id: community.id, stage: null, building: null, overdue_only: false }).then(
    (b) => replace(into, h('option', { value: '' }, t('step.chooseMatter')), b.matters.filter((m) => m.matter_id !== d.summary.matter_id && m.stage !== 'closed').map((m) => h('option', { value: String(m.matter_id) }, `#${m.matter_id} ${m.title} · ${m.stage_label}`))),
    showError,
  );
  return [
    form(t('step.forward'), 'step-forward', [field(t('step.direction'), direction, t('step.directionHint')), field(t('step.minutes'), m1)], t('step.forwardSubmit'), () => {
      const id = minutesId(m1);
      if (!direction.value.trim()) return t('step.needDirection');
      if (id === null) return t('step.needMinutes');
      return { kind: 'forward', direction: direction.value.trim(), minutes_id: id };
    }, d, reload),
    form(t('step.return'), 'step-return', [field(t('step.reason'), reason), field(t('step.minutes'), m2)], t('step.returnSubmit'), () => {
      const id = minutesId(m2);
      if (!reason.value.trim()) return t('step.needReason');
      if (id === null) return t('step.needMinutes');
      return { kind: 'return', reason: reason.value.trim(), minutes_id: id };
    }, d, reload, false),
    form(t('step.merge'), 'step-merge', [field(t('step.mergeInto'), into), field(t('step.minutes'), m3)], t('step.mergeSubmit'), () => {
      const id = minutesId(m3);
      if (!into.value) return t('step.needMatter');
      if (id === null) return t('step.needMinutes');
      return { kind: 'merge', into_matter_id: Number(into.value), minutes_id: id };
    }, d, reload, false),
  ];
}

function threeParties(d: MatterDetail, reload: Reload): HTMLElement[] {
  const m1 = minutesSelect(d, 'step-agreed-minutes');
  const positions = PARTIES.map(([party, key]) => ({ party, area: h('textarea', { rows: '2', testid: `step-position-${party}` }), key }));
  const returned = checkbox(t('step.returned'), { testid: 'step-returned' });
  const m2 = minutesSelect(d, 'step-disagreed-minutes');
  return [
    form(t('step.agreed'), 'step-agreed', [h('p', { class: 'hint' }, t('step.agreedHint')), field(t('step.minutes'), m1)], t('step.agreedSubmit'), () => {
      const id = minutesId(m1);
      return id === null ? t('step.needMinutes') : { kind: 'agreed', minutes_id: id };
    }, d, reload),
    form(
      t('step.disagreed'),
      'step-disagreed',
      [h('p', { class: 'hint' }, t('step.disagreedHint')), ...positions.map((p) => field(t(p.key), p.area)), returned.row, field(t('step.minutes'), m2)],
      t('step.disagreedSubmit'),
      () => {
        const id = minutesId(m2);
        if (positions.some((p) => !p.area.value.trim())) return t('step.needPositions');
        if (id === null) return t('step.needMinutes');
        return { kind: 'disagreed', positions: positions.map((p) => ({ party: p.party, position: p.area.value.trim() })), returned: returned.input.checked, minutes_id: id };
      },
      d,
      reload,
      false,
    ),
  ];
}

function residents(d: MatterDetail, reload: Reload, community: CommunitySummary): HTMLElement[] {
  const vote = h('select', { testid: 'step-vote' }, h('option', { value: '' }, d.votes.length ? t('common.loading') : t('step.noVotes')));
  if (d.votes.length) {
    voteList({ community_id: community.id }).then((votes) => {
      const linked = votes.filter((v) => d.votes.some((id) => String(id) === String(v.vote_id)));
      replace(vote, linked.map((v) => h('option', { value: String(v.vote_id) }, `#${v.vote_id} ${v.title} · ${t(v.status === 'closed' ? 'vote.statusClosed' : v.status === 'open' ? 'vote.statusOpen' : 'vote.statusDraft')}`)));
    }, showError);
  }
  const m = minutesSelect(d, 'step-meeting-minutes');
  const passed = checkbox(t('step.passed'), { testid: 'step-passed', checked: true });
  return [
    form(t('step.byVote'), 'step-vote-form', [h('p', { class: 'hint' }, t('step.byVoteHint')), field(t('step.vote'), vote), h('p', null, h('a', { href: '#/votes/new', testid: 'step-new-vote' }, t('step.newVote')))], t('step.byVoteSubmit'), () =>
      vote.value ? { kind: 'decided_by_vote', vote_id: Number(vote.value) } : t('step.needVote'), d, reload),
    form(t('step.byMeeting'), 'step-meeting-form', [h('p', { class: 'hint' }, t('step.byMeetingHint')), field(t('step.minutes'), m), passed.row], t('step.byMeetingSubmit'), () => {
      const id = minutesId(m);
      return id === null ? t('step.needMinutes') : { kind: 'decided_by_meeting', minutes_id: id, passed: passed.input.checked };
    }, d, reload, false),
  ];
}

function carryingOut(d: MatterDetail, reload: Reload): HTMLElement[] {
  const a = d.state.assignment;
  const responsible = h('input', { type: 'text', testid: 'step-responsible', value: a?.responsible ?? '' });
  const due = h('input', { type: 'date', testid: 'step-due', value: a?.due ?? '' });
  const note = h('textarea', { rows: '2', testid: 'step-progress' });
  const summary = h('textarea', { rows: '3', testid: 'step-summary' });
  return [
    form(t(a ? 'step.reassign' : 'step.assign'), 'step-assign', [field(t('step.responsible'), responsible), field(t('step.due'), due)], t('step.assignSubmit'), () =>
      !responsible.value.trim() ? t('step.needResponsible') : !due.value ? t('step.needDue') : { kind: 'assign', responsible: responsible.value.trim(), due: due.value }, d, reload),
    form(t('step.progressTitle'), 'step-progress-form', [field(t('step.progressNote'), note)], t('step.progressSubmit'), () =>
      note.value.trim() ? { kind: 'progress', note: note.value.trim() } : t('step.needNote'), d, reload, false),
    form(t('step.doneTitle'), 'step-done', [field(t('step.summary'), summary)], t('step.doneSubmit'), () =>
      summary.value.trim() ? { kind: 'done', summary: summary.value.trim() } : t('step.needSummary'), d, reload, false),
  ];
}

function evaluated(d: MatterDetail, reload: Reload): HTMLElement[] {
  const satisfied = checkbox(t('step.satisfied'), { testid: 'step-satisfied', checked: true });
  const summary = h('textarea', { rows: '3', testid: 'step-eval-summary' });
  const rework = h('input', { type: 'date', testid: 'step-rework-due' });
  const reworkField = field(t('step.reworkDue'), rework, t('step.reworkHint'));
  const sync = () => (reworkField.hidden = satisfied.input.checked);
  satisfied.input.addEventListener('change', sync);
  sync();
  return [
    form(t('step.evaluation'), 'step-evaluation', [satisfied.row, field(t('step.evalSummary'), summary), reworkField], t('step.evaluationSubmit'), () =>
      summary.value.trim()
        ? { kind: 'evaluation', satisfied: satisfied.input.checked, summary: summary.value.trim(), rework_due: satisfied.input.checked ? null : rework.value || null }
        : t('step.needSummary'), d, reload),
  ];
}

/** Skipping stages as urgent: the reason is signed at the kiosk first, then submitted here. */
function urgent(d: MatterDetail, reload: Reload): HTMLElement {
  const stage = d.summary.stage;
  // The flow's rule: a skip lands at the three parties, the residents or carrying out, past the
  // outcome of the current stage (leaving "raised" for the branch is the normal step).
  const at = Math.max(STAGES.findIndex(([s]) => s === stage), STAGES.findIndex(([s]) => s === 'party_branch'));
  const targets = STAGES.filter(([s], i) => i > at && (s === 'three_parties' || s === 'residents' || s === 'carrying_out'));
  const to = h('select', { testid: 'urgent-to' }, targets.map(([s]) => h('option', { value: s }, stageLabel(s))));
  const reason = h('textarea', { rows: '3', testid: 'urgent-reason' });
  const signed = h('div', { testid: 'urgent-signed', 'aria-live': 'polite' });
  const sign = h('button', { type: 'button', class: 'btn btn-primary', testid: 'urgent-sign' }, t('urgent.sign'));
  sign.addEventListener('click', () => {
    if (!reason.value.trim()) {
      showError(t('urgent.needReason'));
      reason.focus();
      return;
    }
    location.hash = kioskHref({
      subject: { kind: 'urgent_skip', matter_id: d.summary.matter_id, to: to.value as MatterStage, reason: reason.value.trim() },
      title: t('urgent.kioskTitle', { title: d.summary.title, to: stageLabel(to.value as MatterStage) }),
      back: `#/matters/${d.summary.matter_id}`,
    });
  });
  // Urgent-skip statements signed from this stage, waiting to be used (the backend lists them).
  replace(
    signed,
    d.urgent_signed.length
      ? h(
          'ul',
          { class: 'plain-list' },
          d.urgent_signed.map((u) => {
            const use = h('button', { type: 'button', class: 'btn btn-danger', testid: 'urgent-submit' }, t('urgent.submit'));
            use.addEventListener('click', () =>
              void run(use, async () => {
                const after = await matterAct({ matter_id: d.summary.matter_id, step: { kind: 'urgent_skip', to: u.to, reason: u.reason, signature_id: u.signature.signature_id } });
                showNotice(t('step.done', { stage: after.summary.stage_label }));
                reload(after);
              }),
            );
            return h('li', { class: 'urgent-signed-item' }, h('p', null, t('urgent.signedBy', { name: u.signature.signer, at: formatTime(u.signature.signed_at), to: stageLabel(u.to) })), h('p', { class: 'quote' }, u.reason), use);
          }),
        )
      : h('p', { class: 'hint' }, t('urgent.noneSigned')),
  );
  if (!targets.length) return h('div');
  return h(
    'details',
    { class: 'urgent-box', testid: 'urgent-box' },
    h('summary', null, t('urgent.title')),
    h('p', { class: 'warning' }, t('urgent.warning')),
    field(t('urgent.to'), to),
    field(t('urgent.reason'), reason, t('urgent.reasonHint')),
    h('div', { class: 'actions' }, sign),
    h('h4', null, t('urgent.signedTitle')),
    signed,
  );
}

/** The forms for the matter's current stage (nothing once it is closed). */
export function stepsFor(d: MatterDetail, community: CommunitySummary, reload: Reload): HTMLElement {
  let forms: HTMLElement[] = [];
  switch (d.summary.stage) {
    case 'raised': {
      const take = h('button', { type: 'button', class: 'btn btn-primary btn-big', testid: 'step-take-up' }, t('step.takeUp'));
      take.addEventListener('click', () =>
        void run(take, async () => {
          const after = await matterAct({ matter_id: d.summary.matter_id, step: { kind: 'take_up' } });
          showNotice(t('step.done', { stage: after.summary.stage_label }));
          reload(after);
        }),
      );
      forms = [h('div', { class: 'step-form' }, h('h3', null, t('step.takeUpTitle')), h('p', { class: 'hint' }, t('step.takeUpHint')), take)];
      break;
    }
    case 'party_branch':
      forms = partyBranch(d, reload, community);
      break;
    case 'three_parties':
      forms = threeParties(d, reload);
      break;
    case 'residents':
      forms = residents(d, reload, community);
      break;
    case 'carrying_out':
      forms = carryingOut(d, reload);
      break;
    case 'evaluated':
      forms = evaluated(d, reload);
      break;
    case 'closed':
      return h('p', { class: 'hint', testid: 'matter-closed' }, t('step.closed'));
  }
  const needsMinutes = ['party_branch', 'three_parties'].includes(d.summary.stage) && !d.meetings.some((m) => m.minutes_id !== null);
  return h(
    'div',
    { class: 'steps', testid: 'matter-steps' },
    needsMinutes ? h('p', { class: 'warning', testid: 'step-minutes-missing' }, t('step.minutesFirst'), ' ', h('a', { href: '#/meetings/new' }, t('step.scheduleMeeting'))) : null,
    h('div', { class: 'step-forms' }, forms),
    ['raised', 'party_branch', 'three_parties', 'residents'].includes(d.summary.stage) ? urgent(d, reload) : null,
  );
}
