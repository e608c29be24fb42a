// The meetings, as the backend lists them: kind, title, when and where, status, notice, minutes.

import { guarded } from '../../access';
import type { CommunitySummary } from '../../bindings/CommunitySummary';
import type { MeetingSummary } from '../../bindings/MeetingSummary';
import { h, replace } from '../../dom';
import { t } from '../../i18n';
import { showError } from '../../notify';
import { meetingList } from './api';
import { calendarBanner, holidaysSection } from './holidays';
import { localTime, meetingStatusBadge } from './labels';

function minutesLabel(m: MeetingSummary): string {
  if (m.minutes === 'published') return t('minutes.statePublished');
  if (m.minutes === 'final') return t('minutes.stateFinal');
  return m.status === 'ended' ? t('minutes.stateToWrite') : '—';
}

function row(m: MeetingSummary): HTMLElement {
  return h(
    'tr',
    { testid: 'meeting-row', 'data-meeting': String(m.meeting_id), 'data-status': m.status },
    h('th', { scope: 'row' }, h('a', { href: `#/meetings/${m.meeting_id}`, testid: 'meeting-link' }, m.title), h('div', { class: 'hint' }, m.kind_label, m.mode === 'written' ? ` · ${t('meet.modeWritten')}` : '')),
    h('td', { class: 'nowrap' }, localTime(m.starts_at), h('div', { class: 'hint' }, m.place)),
    h('td', null, meetingStatusBadge(m.status)),
    h('td', null, m.notice ? h('span', { class: m.notice.ok ? 'ok-text' : 'warn-text' }, m.notice.ok ? t('notice.okShort') : t('notice.shortShort')) : m.calendar_missing ? h('span', { class: 'warn-text', testid: 'meeting-calendar-missing' }, t('holiday.missingTitle', { year: String(m.calendar_missing.year) })) : '—'),
    h('td', { class: 'num' }, String(m.items)),
    h('td', null, minutesLabel(m)),
  );
}

export function meetingListView(root: HTMLElement, community: CommunitySummary): void {
  const listEl = h('div', { 'aria-live': 'polite' }, h('p', { class: 'loading' }, t('common.loading')));
  root.append(
    h(
      'div',
      { class: 'view-head view-head-row' },
      h('div', null, h('h1', null, t('meet.title')), h('p', { class: 'lead' }, t('meet.lead'))),
      h('div', { class: 'actions' }, guarded(h('a', { class: 'btn btn-primary', href: '#/meetings/new', testid: 'meeting-new' }, t('meet.new')), 'meeting_schedule')),
    ),
    calendarBanner(),
    h('section', { class: 'card' }, listEl),
    holidaysSection(),
  );
  meetingList(community.id).then((list) => {
    replace(
      listEl,
      list.length
        ? h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { class: 'table', testid: 'meeting-list' },
              h('thead', null, h('tr', null, [t('meet.colTitle'), t('meet.colWhen'), t('meet.colStatus'), t('meet.colNotice'), t('meet.colItems'), t('meet.colMinutes')].map((x) => h('th', null, x)))),
              h('tbody', null, list.map(row)),
            ),
          )
        : h('p', { class: 'empty', testid: 'meetings-empty' }, t('meet.none')),
    );
  }, showError);
}
