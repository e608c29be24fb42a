// The community's votes, newest first: title, category, status (and the objection window once
// closed), the voting window and how many ballots have come in.

import { guarded } from '../../access';
import { voteList } from '../../api';
import type { CommunitySummary } from '../../bindings/CommunitySummary';
import type { VoteView } from '../../bindings/VoteView';
import { h, replace } from '../../dom';
import { formatCount, formatTime } from '../../format';
import { t } from '../../i18n';
import { showError } from '../../notify';
import { categoryLabel, statusLabel, statusNote } from './labels';

/** The status as a badge (data-status for tests and styles), with what it means now. */
export function statusBadge(v: VoteView): HTMLElement {
  const note = statusNote(v);
  return h(
    'span',
    { class: 'vote-status-cell' },
    h('span', { class: `badge vote-status vote-${v.status}`, testid: 'vote-status', 'data-status': v.status }, statusLabel(v)),
    note ? h('span', { class: 'hint vote-status-note' }, note) : null,
  );
}

function row(v: VoteView): HTMLElement {
  return h(
    'tr',
    { testid: 'vote-row', 'data-vote': String(v.vote_id), 'data-status': v.status },
    h('th', { scope: 'row' }, h('a', { href: `#/votes/${String(v.vote_id)}`, testid: 'vote-link' }, v.title)),
    h('td', null, categoryLabel(v.category)),
    h('td', null, statusBadge(v)),
    h('td', { class: 'nowrap' }, h('div', null, formatTime(v.opens_at)), h('div', null, `— ${formatTime(v.closes_at)}`)),
    h('td', { class: 'num', testid: 'vote-ballot-count' }, formatCount(v.ballots)),
  );
}

export function listView(root: HTMLElement, community: CommunitySummary): void {
  const listEl = h('div', { 'aria-live': 'polite' }, h('p', { class: 'loading' }, t('common.loading')));
  root.append(
    h(
      'div',
      { class: 'view-head view-head-row' },
      h('div', null, h('h1', null, t('votes.title')), h('p', { class: 'lead' }, t('votes.lead'))),
      h(
        'div',
        { class: 'actions' },
        guarded(h('a', { class: 'btn btn-primary', href: '#/votes/new', testid: 'vote-new' }, t('votes.new')), 'vote_create'),
        h('a', { class: 'btn', href: '#/votes/check', testid: 'record-check-open' }, t('votes.checkRecord')),
      ),
    ),
    h('section', { class: 'card' }, listEl),
  );
  voteList({ community_id: community.id }).then((votes) => {
    if (!votes.length) {
      replace(listEl, h('p', { class: 'empty', testid: 'votes-empty' }, t('votes.none')));
      return;
    }
    replace(
      listEl,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'table votes', testid: 'vote-list' },
          h(
            'thead',
            null,
            h('tr', null, h('th', null, t('votes.colTitle')), h('th', null, t('votes.colCategory')), h('th', null, t('votes.colStatus')), h('th', null, t('votes.colWindow')), h('th', { class: 'num' }, t('votes.colBallots'))),
          ),
          h('tbody', null, votes.map(row)),
        ),
      ),
    );
  }, showError);
}
