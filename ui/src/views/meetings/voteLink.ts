// The vote form's link to the consultation flow: the matter whose residents' stage the vote
// decides, and the agenda item of the meeting (or written consultation) it is taken under.
// Items not on an announced agenda are marked; the backend refuses them, and says why.

import type { CommunitySummary } from '../../bindings/CommunitySummary';
import { field, h, replace } from '../../dom';
import { t } from '../../i18n';
import { showError } from '../../notify';
import { matterList, meetingDetail, meetingList } from './api';
import { localTime, meetingStatusLabel } from './labels';

export interface LinkPart {
  el: HTMLElement;
  matterId: () => number | null;
  itemId: () => number | null;
}

export function linkPart(community: CommunitySummary): LinkPart {
  const matter = h('select', { testid: 'vote-matter' }, h('option', { value: '' }, t('voteLink.noMatter')));
  const meeting = h('select', { testid: 'vote-meeting' }, h('option', { value: '' }, t('voteLink.noMeeting')));
  const item = h('select', { testid: 'vote-item', disabled: true }, h('option', { value: '' }, t('voteLink.noItem')));
  matterList({ community_id: community.id, stage: null, building: null, overdue_only: false }).then((b) => {
    replace(matter, h('option', { value: '' }, t('voteLink.noMatter')), b.matters.filter((m) => m.stage !== 'closed').map((m) => h('option', { value: String(m.matter_id) }, `#${m.matter_id} ${m.title} · ${m.stage_label}`)));
  }, showError);
  meetingList(community.id).then((list) => {
    // Meetings not yet announced are listed too (their items are marked): choosing one gets the
    // backend's refusal, which says what to do.
    replace(meeting, h('option', { value: '' }, t('voteLink.noMeeting')), list.map((m) => h('option', { value: String(m.meeting_id) }, `${m.title} · ${m.kind_label} · ${localTime(m.starts_at)} · ${meetingStatusLabel(m.status)}`)));
  }, showError);
  meeting.addEventListener('change', () => {
    replace(item, h('option', { value: '' }, t('voteLink.noItem')));
    item.disabled = !meeting.value;
    if (!meeting.value) return;
    meetingDetail(Number(meeting.value)).then((d) => {
      replace(item, h('option', { value: '' }, t('voteLink.noItem')), d.agenda.map((i) => h('option', { value: String(i.item_id) }, `${i.position}. ${i.title}${i.announced ? '' : ` (${t('agenda.notAnnounced')})`}`)));
      // The item's matter is the vote's matter, unless one is chosen already.
      item.onchange = () => {
        const it = d.agenda.find((i) => String(i.item_id) === item.value);
        if (it?.matter_id != null && !matter.value) matter.value = String(it.matter_id);
      };
    }, showError);
  });
  return {
    el: h('section', { class: 'card' }, h('h2', null, t('voteLink.title')), h('p', { class: 'hint' }, t('voteLink.hint')), field(t('voteLink.matter'), matter), h('div', { class: 'toolbar' }, field(t('voteLink.meeting'), meeting), field(t('voteLink.item'), item, t('voteLink.itemHint')))),
    matterId: () => (matter.value ? Number(matter.value) : null),
    itemId: () => (item.value ? Number(item.value) : null),
  };
}
