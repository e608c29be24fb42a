// The consultation flow's operations (matters, meetings, speakers, minutes), typed from
// ./bindings. They go through the one `call` of ../../api like every other operation.

import { call } from '../../api';
import type { AddendumAdd } from '../../bindings/AddendumAdd';
import type { AgendaAdd } from '../../bindings/AgendaAdd';
import type { AgendaOrder } from '../../bindings/AgendaOrder';
import type { AttendanceAdd } from '../../bindings/AttendanceAdd';
import type { ItemNotes } from '../../bindings/ItemNotes';
import type { MatterAct } from '../../bindings/MatterAct';
import type { MatterFileAdd } from '../../bindings/MatterFileAdd';
import type { MatterQuery } from '../../bindings/MatterQuery';
import type { MatterRaise } from '../../bindings/MatterRaise';
import type { MeetingAnnounce } from '../../bindings/MeetingAnnounce';
import type { MeetingSchedule } from '../../bindings/MeetingSchedule';
import type { MinutesPublish } from '../../bindings/MinutesPublish';
import type { NoticePreview } from '../../bindings/NoticePreview';
import type { ProposalSet } from '../../bindings/ProposalSet';
import type { SpeakerAdd } from '../../bindings/SpeakerAdd';
import type { SpeakerWarn } from '../../bindings/SpeakerWarn';

type Id = number;

export const matterRaise = (a: MatterRaise) => call('matter_raise', a);
export const matterList = (q: MatterQuery) => call('matter_list', q);
export const matterDetail = (matter_id: Id) => call('matter_detail', { matter_id });
export const matterAct = (a: MatterAct) => call('matter_act', a);
export const proposalSet = (a: ProposalSet) => call('proposal_set', a);
export const matterFileAdd = (a: MatterFileAdd) => call('matter_file_add', a);
export const matterFile = (file_id: Id) => call('matter_file', { file_id });

export const meetingSchedule = (a: MeetingSchedule) => call('meeting_schedule', a);
export const meetingList = (community_id: Id) => call('meeting_list', { community_id });
export const noticePreview = (a: NoticePreview) => call('notice_preview', a);
export const meetingDetail = (meeting_id: Id) => call('meeting_detail', { meeting_id });
export const agendaAdd = (a: AgendaAdd) => call('agenda_add', a);
export const agendaOrder = (a: AgendaOrder) => call('agenda_order', a);
export const agendaRemove = (item_id: Id) => call('agenda_remove', { item_id });
export const meetingAnnounce = (a: MeetingAnnounce) => call('meeting_announce', a);
export const meetingNotice = (meeting_id: Id) => call('meeting_notice', { meeting_id });
export const meetingStart = (meeting_id: Id) => call('meeting_start', { meeting_id });
export const meetingItemStart = (item_id: Id) => call('meeting_item_start', { item_id });
export const meetingEnd = (meeting_id: Id) => call('meeting_end', { meeting_id });
export const attendanceAdd = (a: AttendanceAdd) => call('attendance_add', a);

export const speakerAdd = (a: SpeakerAdd) => call('speaker_add', a);
export const speakerStart = (speech_id: Id) => call('speaker_start', { speech_id });
export const speakerStop = (speech_id: Id) => call('speaker_stop', { speech_id });
export const speakerWithdraw = (speech_id: Id) => call('speaker_withdraw', { speech_id });
export const speakerWarn = (a: SpeakerWarn) => call('speaker_warn', a);

export const itemNotes = (a: ItemNotes) => call('item_notes', a);
export const minutesDraft = (meeting_id: Id) => call('minutes_draft', { meeting_id });
export const minutesFinalize = (meeting_id: Id) => call('minutes_finalize', { meeting_id });
export const addendumAdd = (a: AddendumAdd) => call('addendum_add', a);
export const minutesPublish = (a: MinutesPublish) => call('minutes_publish', a);
export const minutesExport = (minutes_id: Id) => call('minutes_export', { minutes_id });
