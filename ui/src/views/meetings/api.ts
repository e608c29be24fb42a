// The consultation flow's operations (matters, meetings, speakers, minutes), typed from
// ./bindings. They go through the one `call` of ../../api like every other operation.

import { call } from '../../api';
import type { AddendumAdd } from '../../bindings/AddendumAdd';
import type { AgendaAdd } from '../../bindings/AgendaAdd';
import type { AgendaOrder } from '../../bindings/AgendaOrder';
import type { AttendanceAdd } from '../../bindings/AttendanceAdd';
import type { ExportFile } from '../../bindings/ExportFile';
import type { ItemNotes } from '../../bindings/ItemNotes';
import type { MatterAct } from '../../bindings/MatterAct';
import type { MatterBoard } from '../../bindings/MatterBoard';
import type { MatterDetail } from '../../bindings/MatterDetail';
import type { MatterFileAdd } from '../../bindings/MatterFileAdd';
import type { MatterQuery } from '../../bindings/MatterQuery';
import type { MatterRaise } from '../../bindings/MatterRaise';
import type { MeetingAnnounce } from '../../bindings/MeetingAnnounce';
import type { MeetingDetail } from '../../bindings/MeetingDetail';
import type { MeetingSchedule } from '../../bindings/MeetingSchedule';
import type { MeetingSummary } from '../../bindings/MeetingSummary';
import type { MinutesPublish } from '../../bindings/MinutesPublish';
import type { NoticeCheck } from '../../bindings/NoticeCheck';
import type { NoticePreview } from '../../bindings/NoticePreview';
import type { ProposalSet } from '../../bindings/ProposalSet';
import type { SpeakerAdd } from '../../bindings/SpeakerAdd';
import type { SpeakerWarn } from '../../bindings/SpeakerWarn';

type Id = number;

export const matterRaise = (a: MatterRaise) => call<MatterDetail>('matter_raise', a);
export const matterList = (q: MatterQuery) => call<MatterBoard>('matter_list', q);
export const matterDetail = (matter_id: Id) => call<MatterDetail>('matter_detail', { matter_id });
export const matterAct = (a: MatterAct) => call<MatterDetail>('matter_act', a);
export const proposalSet = (a: ProposalSet) => call<MatterDetail>('proposal_set', a);
export const matterFileAdd = (a: MatterFileAdd) => call<MatterDetail>('matter_file_add', a);
export const matterFile = (file_id: Id) => call<ExportFile>('matter_file', { file_id });

export const meetingSchedule = (a: MeetingSchedule) => call<MeetingDetail>('meeting_schedule', a);
export const meetingList = (community_id: Id) => call<MeetingSummary[]>('meeting_list', { community_id });
export const noticePreview = (a: NoticePreview) => call<NoticeCheck | null>('notice_preview', a);
export const meetingDetail = (meeting_id: Id) => call<MeetingDetail>('meeting_detail', { meeting_id });
export const agendaAdd = (a: AgendaAdd) => call<MeetingDetail>('agenda_add', a);
export const agendaOrder = (a: AgendaOrder) => call<MeetingDetail>('agenda_order', a);
export const agendaRemove = (item_id: Id) => call<MeetingDetail>('agenda_remove', { item_id });
export const meetingAnnounce = (a: MeetingAnnounce) => call<MeetingDetail>('meeting_announce', a);
export const meetingNotice = (meeting_id: Id) => call<ExportFile>('meeting_notice', { meeting_id });
export const meetingStart = (meeting_id: Id) => call<MeetingDetail>('meeting_start', { meeting_id });
export const meetingItemStart = (item_id: Id) => call<MeetingDetail>('meeting_item_start', { item_id });
export const meetingEnd = (meeting_id: Id) => call<MeetingDetail>('meeting_end', { meeting_id });
export const attendanceAdd = (a: AttendanceAdd) => call<MeetingDetail>('attendance_add', a);

export const speakerAdd = (a: SpeakerAdd) => call<MeetingDetail>('speaker_add', a);
export const speakerStart = (speech_id: Id) => call<MeetingDetail>('speaker_start', { speech_id });
export const speakerStop = (speech_id: Id) => call<MeetingDetail>('speaker_stop', { speech_id });
export const speakerWithdraw = (speech_id: Id) => call<MeetingDetail>('speaker_withdraw', { speech_id });
export const speakerWarn = (a: SpeakerWarn) => call<MeetingDetail>('speaker_warn', a);

export const itemNotes = (a: ItemNotes) => call<MeetingDetail>('item_notes', a);
export const minutesDraft = (meeting_id: Id) => call<string>('minutes_draft', { meeting_id });
export const minutesFinalize = (meeting_id: Id) => call<MeetingDetail>('minutes_finalize', { meeting_id });
export const addendumAdd = (a: AddendumAdd) => call<MeetingDetail>('addendum_add', a);
export const minutesPublish = (a: MinutesPublish) => call<MeetingDetail>('minutes_publish', a);
export const minutesExport = (minutes_id: Id) => call<ExportFile>('minutes_export', { minutes_id });
