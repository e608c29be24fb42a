// The kiosk's voting parts: the open votes to choose from (step 1), and the ballot itself as
// huge buttons (同意 / 反对 / 弃权, or candidates up to the limit), with voting for an owner
// under a registered proxy. The choice then goes through the same preview, PIN and receipt.

import { personSearch, voteDetail, voteList } from '../../api';
import type { CommunitySummary } from '../../bindings/CommunitySummary';
import type { DocLine } from '../../bindings/DocLine';
import type { PersonHit } from '../../bindings/PersonHit';
import type { VoteEntry } from '../../bindings/VoteEntry';
import type { VoteView } from '../../bindings/VoteView';
import { h, replace } from '../../dom';
import { formatTime } from '../../format';
import { joinList, t, type Key } from '../../i18n';
import { showError } from '../../notify';
import { choiceLabel, kindLabel } from './labels';

/** Step 1's voting part: every vote open now, each with a big button. */
export function openVotesStep(community: CommunitySummary, choose: (v: VoteView) => void): HTMLElement {
  const listEl = h('div', { class: 'kiosk-docs', testid: 'kiosk-votes', 'aria-live': 'polite' }, h('p', { class: 'loading' }, t('common.loading')));
  voteList({ community_id: community.id }).then((votes) => {
    const open = votes.filter((v) => v.status === 'open');
    replace(
      listEl,
      open.length
        ? open.map((v) =>
            h(
              'article',
              { class: 'kiosk-doc kiosk-vote', testid: 'kiosk-vote', 'data-vote': String(v.vote_id) },
              h('h3', { class: 'kiosk-doc-title' }, v.title),
              h('p', { class: 'kiosk-doc-body' }, v.motion),
              h('p', { class: 'hint' }, t('kiosk.voteMeta', { kind: kindLabel(v.kind), until: formatTime(v.closes_at), n: v.ballots })),
              h('div', { class: 'kiosk-actions' }, h('button', { type: 'button', class: 'btn btn-primary kiosk-btn', testid: 'kiosk-vote-choose', onclick: () => choose(v) }, t('kiosk.voteChoose'))),
            ),
          )
        : h('p', { class: 'empty', testid: 'kiosk-no-votes' }, t('kiosk.noVotes')),
    );
  }, showError);
  return h('section', { class: 'kiosk-section' }, h('h3', { class: 'kiosk-section-title' }, t('kiosk.votesTitle')), listEl);
}

/** Owners this person may vote for: proxies registered for this vote with them as the proxy. */
async function heldProxies(community: CommunitySummary, vote: VoteView, person: PersonHit): Promise<PersonHit[]> {
  const detail = await voteDetail({ vote_id: vote.vote_id });
  const mine = detail.proxies.filter((p) => p.proxy_id === person.person.person_id);
  const found: PersonHit[] = [];
  for (const p of mine) {
    const hits = await personSearch({ community_id: community.id, search: p.owner_units[0] ?? p.owner });
    const hit = hits.find((x) => x.person.name === p.owner && p.owner_units.every((u) => x.units.includes(u)));
    if (hit) found.push(hit);
  }
  return found;
}

/** "For 2栋 2505 (吴建平、肖红)": the home a ballot is for, as the voter reads it. */
export const entryFor = (e: VoteEntry): string => t('kiosk.entryFor', { units: joinList(e.units), name: e.name });

/**
 * 为哪一户投票: one person votes for several roll entries (alone, as the co-owners' designated
 * voter, under a proxy); one big button per home, one per line, the unit first.
 */
export function entryStep(person: PersonHit, entries: readonly VoteEntry[], choose: (e: VoteEntry) => void): HTMLElement {
  return h(
    'div',
    { class: 'kiosk-entries', testid: 'kiosk-entries' },
    h('p', { class: 'kiosk-lead' }, t('kiosk.entryLead', { name: person.person.name })),
    entries.map((e) =>
      h(
        'button',
        { type: 'button', class: 'kiosk-person kiosk-entry', testid: 'kiosk-entry', 'data-entry': String(e.entry_id), 'data-voted': String(e.voted), onclick: () => choose(e) },
        h('span', { class: 'kiosk-person-name' }, joinList(e.units)),
        h('span', { class: 'kiosk-person-units' }, `${e.name} · ${t(e.how === 'proxy' ? 'kiosk.entryProxy' : e.co_owned ? 'kiosk.entryShared' : 'kiosk.entryOwn')}`),
        e.voted ? h('span', { class: 'kiosk-person-note', testid: 'kiosk-entry-voted' }, t('kiosk.entryVoted')) : null,
      ),
    ),
  );
}

/**
 * The ballot: `pick(choice)` with "agree" / "oppose" / "abstain" or "approve:0,2";
 * `setProxy(owner)` switches to voting for an owner (null: for oneself).
 */
export function ballotStep(
  community: CommunitySummary,
  vote: VoteView,
  person: PersonHit,
  proxyFor: PersonHit | null,
  pick: (choice: string) => void,
  setProxy: (owner: PersonHit | null) => void,
  entry: { chosen: VoteEntry; change: () => void } | null = null,
): HTMLElement {
  const big = (key: Key, testid: string, choice: string) =>
    h('button', { type: 'button', class: `btn kiosk-btn ballot-btn ballot-${choice}`, testid, onclick: () => pick(choice) }, t(key));
  let choices: HTMLElement;
  if (vote.kind.kind === 'question') {
    choices = h('div', { class: 'ballot-choices' }, big('ballot.agree', 'ballot-agree', 'agree'), big('ballot.oppose', 'ballot-oppose', 'oppose'), big('ballot.abstain', 'ballot-abstain', 'abstain'));
  } else {
    const k = vote.kind.max_approvals;
    const counter = h('p', { class: 'kiosk-lead', 'aria-live': 'polite' });
    const boxes = vote.kind.candidates.map((name, i) => {
      const input = h('input', { type: 'checkbox', value: String(i), testid: 'ballot-candidate' });
      return { i, input, row: h('label', { class: 'ballot-candidate' }, input, h('span', null, name)) };
    });
    const sync = () => {
      const n = boxes.filter((b) => b.input.checked).length;
      for (const b of boxes) b.input.disabled = !b.input.checked && n >= k;
      counter.textContent = t('kiosk.approvalsCount', { n, k });
    };
    for (const b of boxes) b.input.addEventListener('change', sync);
    sync();
    const next = h(
      'button',
      { type: 'button', class: 'btn btn-primary kiosk-btn', testid: 'ballot-next', onclick: () => pick(`approve:${boxes.filter((b) => b.input.checked).map((b) => b.i).join(',')}`) },
      t('kiosk.approvalsNext'),
    );
    choices = h('div', { class: 'ballot-election' }, h('p', { class: 'kiosk-lead' }, t('kiosk.approvalsLead', { k })), boxes.map((b) => b.row), counter, h('div', { class: 'kiosk-actions' }, next));
  }

  const proxyEl = h('div', { class: 'kiosk-proxy', 'aria-live': 'polite' });
  if (entry) {
    // The home was chosen on the step before (its list holds the proxies too).
    replace(
      proxyEl,
      h('p', { class: 'kiosk-doc-line', testid: 'ballot-entry-for' }, entryFor(entry.chosen)),
      h('button', { type: 'button', class: 'btn kiosk-btn kiosk-btn-small', testid: 'ballot-entry-change', onclick: entry.change }, t('kiosk.entryChange')),
    );
  } else if (proxyFor) {
    replace(
      proxyEl,
      h('p', { class: 'kiosk-doc-line', testid: 'ballot-proxy-for' }, t('kiosk.proxyFor', { owner: proxyFor.person.name, units: joinList(proxyFor.units) })),
      h('button', { type: 'button', class: 'btn kiosk-btn', testid: 'ballot-proxy-self', onclick: () => setProxy(null) }, t('kiosk.proxySelf')),
    );
  } else {
    const open = h('button', { type: 'button', class: 'btn kiosk-btn kiosk-btn-small', testid: 'ballot-proxy-open' }, t('kiosk.proxyOpen'));
    open.addEventListener('click', () => {
      open.disabled = true;
      heldProxies(community, vote, person).then(
        (owners) =>
          replace(
            proxyEl,
            owners.length
              ? [
                  h('p', { class: 'kiosk-lead' }, t('kiosk.proxyPick')),
                  owners.map((o) =>
                    h(
                      'button',
                      { type: 'button', class: 'kiosk-person', testid: 'ballot-proxy-owner', onclick: () => setProxy(o) },
                      h('span', { class: 'kiosk-person-name' }, o.person.name),
                      h('span', { class: 'kiosk-person-units' }, joinList(o.units)),
                    ),
                  ),
                ]
              : h('p', { class: 'kiosk-message', testid: 'ballot-proxy-none' }, t('kiosk.proxyNone')),
          ),
        (e) => {
          open.disabled = false;
          showError(e);
        },
      );
    });
    replace(proxyEl, open);
  }

  return h(
    'div',
    { class: 'kiosk-ballot' },
    h('div', { class: 'kiosk-motion' }, h('p', { class: 'kiosk-motion-label' }, t('kiosk.motion')), h('p', { class: 'kiosk-motion-text', testid: 'ballot-motion' }, vote.motion)),
    // Voting for an owner or a chosen home: said first, where the choices are; otherwise the
    // way to a proxy comes last.
    proxyFor || entry ? proxyEl : null,
    vote.kind.kind === 'question' ? h('p', { class: 'kiosk-lead' }, t('kiosk.ballotLead', { name: person.person.name })) : null,
    choices,
    proxyFor || entry ? null : proxyEl,
  );
}

/** The choice as the voter reads it in large type above the preview. */
export function choiceBanner(vote: VoteView, choice: string, forWhom: string | null): HTMLElement {
  return h(
    'div',
    { class: `kiosk-choice ballot-${choice.startsWith('approve:') ? 'approve' : choice}`, testid: 'kiosk-choice' },
    h('span', { class: 'kiosk-choice-label' }, t('kiosk.yourChoice')),
    h('strong', null, choiceLabel(vote.kind, choice)),
    forWhom ? h('span', { class: 'kiosk-choice-proxy', testid: 'kiosk-choice-for' }, forWhom) : null,
  );
}

// Ballot fields the backend does not label yet: their names are shown in plain words instead.
const FIELD_LABELS: Record<string, Key> = {
  vote_id: 'field.vote_id',
  motion: 'field.motion',
  roll_hash: 'field.roll_hash',
  voter_id: 'field.voter_id',
  voter: 'field.voter',
  voter_units: 'field.voter_units',
  entry_id: 'field.entry_id',
  entry: 'field.entry',
  entry_units: 'field.entry_units',
  cast_by_id: 'field.cast_by_id',
  cast_by: 'field.cast_by',
  choice: 'field.choice',
  scan_sha256: 'field.scan_sha256',
};

/** The lines as signed; a label that is only the field's name gets its plain-words name. */
export function labelled(lines: readonly DocLine[], fields: readonly string[]): DocLine[] {
  return lines.map((l, i) => {
    const key = FIELD_LABELS[fields[i] ?? ''];
    return key && l.label === fields[i] ? { label: t(key), value: l.value } : l;
  });
}

/** A note beside a ballot's choice value ("agree" → 同意). */
export const ballotNote = (vote: VoteView) => (fieldName: string, value: string) => (fieldName === 'choice' ? choiceLabel(vote.kind, value) : null);

/** Why this ballot was not accepted, as the backend says it, and a way on for the next person. */
export function refusalEl(message: string): HTMLElement {
  return h('div', { class: 'kiosk-blocker', role: 'alert', testid: 'kiosk-blocker' }, h('p', null, message), h('p', { class: 'kiosk-blocker-hint' }, t('kiosk.refusedHint')));
}
