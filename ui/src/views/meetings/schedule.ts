// Scheduling a meeting: kind (and, for an owners' assembly, in person or written), title,
// place, local date and time, host and secretary from the roll, and for a residents' meeting how
// it is composed (居委会组织法 Art. 9: residents aged 18+, one per household, or 2-3 per residents'
// group; the first two are counted from the roll on the meeting's day by the backend). The notice the kind needs is said here; the meeting's page then shows
// the backend's check of it against today (and against the day notice is actually given).

import type { CommunitySummary } from '../../bindings/CommunitySummary';
import type { MeetingKind } from '../../bindings/MeetingKind';
import type { ResidentsMode } from '../../bindings/ResidentsMode';
import { personPicker } from '../../components/personPicker';
import { field, h, uid } from '../../dom';
import { t, type Key } from '../../i18n';
import { run, showError, showNotice } from '../../notify';
import { toLocalInput } from '../votes/create';
import { ApiError } from '../../api';
import { meetingSchedule, noticePreview } from './api';
import { noticeMessage } from './detail';
import { KINDS } from './labels';

const NOTICE_HINT: Record<MeetingKind, Key> = {
  party_branch: 'notice.ruleNone',
  joint: 'notice.ruleNone',
  committee: 'notice.ruleCommittee',
  owners_assembly: 'notice.ruleAssembly',
  residents: 'notice.ruleNone',
};

export function scheduleView(root: HTMLElement, community: CommunitySummary): void {
  const kind = h('select', { testid: 'meeting-kind' }, KINDS.map(([id, key]) => h('option', { value: id }, t(key))));
  const group = uid('mode');
  const inPerson = h('input', { type: 'radio', name: group, value: 'in_person', testid: 'meeting-mode-in-person', checked: true });
  const written = h('input', { type: 'radio', name: group, value: 'written', testid: 'meeting-mode-written' });
  const modeRow = h('div', { class: 'mode-choice', role: 'radiogroup', 'aria-label': t('meet.mode') }, h('label', { class: 'check' }, inPerson, h('span', null, t('meet.modeInPerson'))), h('label', { class: 'check' }, written, h('span', null, t('meet.modeWritten'))));
  const modeField = h('fieldset', { class: 'fieldset' }, h('legend', null, t('meet.mode')), modeRow);
  const title = h('input', { type: 'text', testid: 'meeting-title', maxlength: '200' });
  const place = h('input', { type: 'text', testid: 'meeting-place', maxlength: '200' });
  const start = new Date(Date.now() + 24 * 3600 * 1000);
  start.setHours(19, 0, 0, 0);
  const when = h('input', { type: 'datetime-local', testid: 'meeting-starts', value: toLocalInput(start) });
  const entitled = h('input', { type: 'number', testid: 'meeting-entitled', min: '1', step: '1', inputmode: 'numeric' });
  const entitledField = field(t('meet.entitled'), entitled, t('meet.entitledHint'));
  const residentsMode = h(
    'select',
    { testid: 'meeting-residents-mode' },
    h('option', { value: 'adults' }, t('meet.modeAdults')),
    h('option', { value: 'households' }, t('meet.modeHouseholds')),
    h('option', { value: 'groups' }, t('meet.modeGroups')),
    h('option', { value: 'typed' }, t('meet.modeTyped')),
  );
  const residentsField = field(t('meet.residentsMode'), residentsMode, t('meet.residentsModeHint'));
  const groups = h('input', { type: 'number', testid: 'meeting-groups', min: '1', step: '1', inputmode: 'numeric' });
  const perGroup = h('select', { testid: 'meeting-per-group' }, h('option', { value: '2' }, '2'), h('option', { value: '3' }, '3'));
  const groupsField = h('div', { class: 'choices' }, field(t('meet.groups'), groups), field(t('meet.perGroup'), perGroup));
  const noticeHint = h('p', { class: 'notice-hint', testid: 'meeting-notice-rule', 'aria-live': 'polite' });
  const host = personPicker(community, t('meet.host'), 'meeting-host');
  const secretary = personPicker(community, t('meet.secretary'), 'meeting-secretary');
  const noticeCheck = h('p', { class: 'notice-check', testid: 'meeting-notice-check', 'aria-live': 'polite', hidden: true });
  let asked = 0;
  const sync = () => {
    const k = kind.value as MeetingKind;
    modeField.hidden = k !== 'owners_assembly';
    residentsField.hidden = k !== 'residents';
    entitledField.hidden = k !== 'residents' || residentsMode.value !== 'typed';
    groupsField.hidden = k !== 'residents' || residentsMode.value !== 'groups';
    noticeHint.textContent = t(NOTICE_HINT[k]);
    // The backend's own check, as if notice went out today (Civil Code Arts. 201-203).
    const mine = (asked += 1);
    noticeCheck.hidden = true;
    if (!when.value) return;
    noticePreview({ kind: k, starts_at: when.value.slice(0, 16) }).then((c) => {
      if (mine !== asked || !c) return;
      noticeCheck.textContent = noticeMessage(c);
      noticeCheck.className = c.ok ? 'notice-check ok-box' : 'notice-check warning';
      noticeCheck.hidden = false;
    }, (e: unknown) => {
      // A year with no holiday schedule: say which and how to load it (never a guessed check).
      if (mine !== asked || !(e instanceof ApiError) || e.code !== 'calendar_missing') return;
      noticeCheck.textContent = e.message;
      noticeCheck.className = 'notice-check warning';
      noticeCheck.hidden = false;
    });
  };
  kind.addEventListener('change', sync);
  residentsMode.addEventListener('change', sync);
  when.addEventListener('change', sync);
  sync();

  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-big', testid: 'meeting-schedule' }, t('meet.schedule'));
  const form = h(
    'form',
    { class: 'form' },
    h('section', { class: 'card' }, field(t('meet.kind'), kind), noticeHint, modeField, field(t('meet.fieldTitle'), title), field(t('meet.place'), place), field(t('meet.when'), when, t('meet.whenHint')), noticeCheck, residentsField, groupsField, entitledField),
    h('section', { class: 'card' }, h('h2', null, t('meet.officers')), h('div', { class: 'choices' }, host.el, secretary.el)),
    h('div', { class: 'actions' }, submit, h('a', { class: 'btn', href: '#/meetings' }, t('common.cancel'))),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const k = kind.value as MeetingKind;
    const n = entitled.value.trim() ? Number(entitled.value) : null;
    const g = groups.value.trim() ? Number(groups.value) : null;
    const m = residentsMode.value;
    const mode: ResidentsMode | null =
      k !== 'residents' || m === 'typed'
        ? null
        : m === 'households'
          ? { kind: 'households' }
          : m === 'groups'
            ? { kind: 'group_representatives', groups: g ?? 0, per_group: Number(perGroup.value) }
            : { kind: 'adults' };
    const problem: [string, HTMLElement] | null = !title.value.trim()
      ? [t('meet.noTitle'), title]
      : !place.value.trim()
        ? [t('meet.noPlace'), place]
        : !when.value
          ? [t('meet.noWhen'), when]
          : k === 'residents' && m === 'typed' && (n === null || !Number.isInteger(n) || n < 1)
            ? [t('meet.noEntitled'), entitled]
            : k === 'residents' && m === 'groups' && (g === null || !Number.isInteger(g) || g < 1)
              ? [t('meet.noGroups'), groups]
              : null;
    if (problem) {
      showError(problem[0]);
      problem[1].focus();
      return;
    }
    void run(submit, async () => {
      const d = await meetingSchedule({
        community_id: community.id,
        kind: k,
        mode: k === 'owners_assembly' && written.checked ? 'written' : 'in_person',
        title: title.value.trim(),
        place: place.value.trim(),
        starts_at: when.value,
        host_id: host.chosen()?.person.person_id ?? null,
        secretary_id: secretary.chosen()?.person.person_id ?? null,
        entitled: k === 'residents' && m === 'typed' ? n : null,
        residents_mode: mode,
      });
      showNotice(t('meet.scheduled', { title: d.summary.title }));
      location.hash = `#/meetings/${d.summary.meeting_id}`;
    });
  });
  root.append(h('div', { class: 'view-head' }, h('a', { href: '#/meetings', class: 'back-link' }, `← ${t('meet.all')}`), h('h1', null, t('meet.newHeading')), h('p', { class: 'lead' }, t('meet.newLead'))), form);
  title.focus();
}
