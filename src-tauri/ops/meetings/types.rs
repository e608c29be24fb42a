//! Argument and result types of the matter, meeting and minutes operations (exported to
//! TypeScript by ts-rs).

use crate::domain::calendar::NoticeCheck;
use crate::domain::conduct::ConductRules;
use crate::domain::flow::{MatterState, Party, PartyPosition, Stage, UrgentSkip};
use crate::domain::meeting::{MeetingKind, Quorum};
use crate::domain::vote::MatterCategory;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use crate::domain::states::{AttendHow, MeetingMode, MeetingStatus, SpeechKind, SpeechStatus};

// ---------------------------------------------------------------- matters

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MatterRaise {
    #[ts(type = "number")]
    pub community_id: i64,
    pub title: String,
    pub description: String,
    pub category: MatterCategory,
    /// Buildings affected ("3栋"); empty for the whole community.
    #[serde(default)]
    pub buildings: Vec<String>,
    /// Who raised it (a resident, building head or grid worker), as they gave their name.
    pub raised_by: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MatterQuery {
    #[ts(type = "number")]
    pub community_id: i64,
    #[serde(default)]
    pub stage: Option<Stage>,
    #[serde(default)]
    pub building: Option<String>,
    #[serde(default)]
    pub overdue_only: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MatterSummary {
    #[ts(type = "number")]
    pub matter_id: i64,
    pub title: String,
    pub category: MatterCategory,
    pub stage: Stage,
    pub stage_label: String,
    pub buildings: Vec<String>,
    pub raised_by: String,
    pub raised_at: String,
    /// Due date while carrying out.
    pub due: Option<String>,
    pub overdue: bool,
    /// A stage was skipped as urgent (shown forever).
    pub urgent: bool,
    pub updated_at: String,
}

/// One matter count per stage, for the board.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MatterBoard {
    pub matters: Vec<MatterSummary>,
    pub per_stage: Vec<StageCount>,
    pub overdue: u32,
    /// Buildings named by any matter, for the filter.
    pub buildings: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StageCount {
    pub stage: Stage,
    pub label: String,
    pub count: u32,
}

/// A signature as shown next to what it signed, re-verified when read.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SignatureRef {
    #[ts(type = "number")]
    pub signature_id: i64,
    #[ts(type = "number")]
    pub person_id: i64,
    pub signer: String,
    pub fingerprint: String,
    pub signed_at: String,
    pub document_hash: String,
    /// The signature verifies against its stored document and key.
    pub valid: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TimelineEntry {
    pub at: String,
    pub actor: String,
    pub from: Stage,
    pub to: Stage,
    /// What happened, in the caller's language.
    pub title: String,
    pub lines: Vec<String>,
    pub urgent: Option<UrgentSkip>,
    pub signatures: Vec<SignatureRef>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PartySigned {
    pub party: Party,
    pub party_label: String,
    pub signature: SignatureRef,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ProposalView {
    #[ts(type = "number")]
    pub proposal_id: i64,
    pub text: String,
    pub text_hash: String,
    pub created_at: String,
    pub created_by: String,
    pub signed: Vec<PartySigned>,
    pub missing: Vec<Party>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MatterFile {
    #[ts(type = "number")]
    pub file_id: i64,
    pub name: String,
    pub sha256: String,
    #[ts(type = "number")]
    pub size: i64,
    pub added_at: String,
    pub added_by: String,
}

/// A meeting where the matter was on the agenda.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MatterMeetingRef {
    #[ts(type = "number")]
    pub meeting_id: i64,
    pub meeting_title: String,
    pub kind: MeetingKind,
    pub starts_at: String,
    #[ts(type = "number")]
    pub item_id: i64,
    pub stage: Option<Stage>,
    #[ts(type = "number | null")]
    pub minutes_id: Option<i64>,
    /// Final and signed by everyone who must sign.
    pub minutes_complete: bool,
}

/// An urgent-skip statement signed for this matter from its current stage, ready to be used.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UrgentSigned {
    pub to: Stage,
    pub reason: String,
    pub signature: SignatureRef,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MatterDetail {
    pub summary: MatterSummary,
    pub description: String,
    pub state: MatterState,
    pub timeline: Vec<TimelineEntry>,
    pub proposal: Option<ProposalView>,
    pub files: Vec<MatterFile>,
    pub meetings: Vec<MatterMeetingRef>,
    #[ts(type = "number[]")]
    pub votes: Vec<i64>,
    /// What the current stage waits for, in the caller's language.
    pub waiting_for: String,
    /// Valid urgent-skip statements signed from the current stage.
    pub urgent_signed: Vec<UrgentSigned>,
}

/// A step on a matter as the user asks for it; the operation fills in, from the record, what
/// the flow needs (the minutes' hash, the proposal's signatures, the vote's result).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum MatterStep {
    TakeUp,
    Forward {
        direction: String,
        #[ts(type = "number")]
        minutes_id: i64,
    },
    Return {
        reason: String,
        #[ts(type = "number")]
        minutes_id: i64,
    },
    Merge {
        #[ts(type = "number")]
        into_matter_id: i64,
        #[ts(type = "number")]
        minutes_id: i64,
    },
    Agreed {
        #[ts(type = "number")]
        minutes_id: i64,
    },
    Disagreed {
        positions: Vec<PartyPosition>,
        returned: bool,
        #[ts(type = "number")]
        minutes_id: i64,
    },
    DecidedByVote {
        #[ts(type = "number")]
        vote_id: i64,
    },
    DecidedByMeeting {
        #[ts(type = "number")]
        minutes_id: i64,
        passed: bool,
    },
    Assign {
        responsible: String,
        due: String,
    },
    Progress {
        note: String,
    },
    Done {
        summary: String,
    },
    Evaluation {
        satisfied: bool,
        summary: String,
        #[serde(default)]
        rework_due: Option<String>,
    },
    /// The signature must be a `yishi/urgent-skip/v1` for this matter, target and reason.
    UrgentSkip {
        to: Stage,
        reason: String,
        #[ts(type = "number")]
        signature_id: i64,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MatterAct {
    #[ts(type = "number")]
    pub matter_id: i64,
    pub step: MatterStep,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MatterFileAdd {
    #[ts(type = "number")]
    pub matter_id: i64,
    pub name: String,
    pub content_base64: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ProposalSet {
    #[ts(type = "number")]
    pub matter_id: i64,
    pub text: String,
}

// ---------------------------------------------------------------- meetings

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MeetingSchedule {
    #[ts(type = "number")]
    pub community_id: i64,
    pub kind: MeetingKind,
    pub mode: MeetingMode,
    pub title: String,
    pub place: String,
    /// Local date and time, "YYYY-MM-DDTHH:MM".
    pub starts_at: String,
    #[ts(type = "number | null")]
    #[serde(default)]
    pub host_id: Option<i64>,
    #[ts(type = "number | null")]
    #[serde(default)]
    pub secretary_id: Option<i64>,
    /// For the quorum of a residents' meeting: those entitled to attend (the committee's
    /// members are counted from the roles). Ignored when `residents_mode` counts them.
    #[serde(default)]
    pub entitled: Option<u32>,
    /// How a residents' meeting is composed (居委会组织法 Art. 9): residents aged 18+ or one per
    /// household are counted from the roll on the meeting's day; group representatives are
    /// groups × per group. `None`: the host types `entitled`, as before.
    #[serde(default)]
    pub residents_mode: Option<crate::domain::vote::ResidentsMode>,
}

/// "If notice went out today, could this meeting be held then?", before scheduling it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NoticePreview {
    pub kind: MeetingKind,
    /// Local date and time, "YYYY-MM-DDTHH:MM".
    pub starts_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MeetingSummary {
    #[ts(type = "number")]
    pub meeting_id: i64,
    pub kind: MeetingKind,
    pub kind_label: String,
    pub mode: MeetingMode,
    pub title: String,
    pub place: String,
    pub starts_at: String,
    pub status: MeetingStatus,
    pub notice_given_on: Option<String>,
    /// The notice the kind needs, checked against the announcement (or today, before it).
    pub notice: Option<NoticeCheck>,
    /// The year the notice check reached without a holiday schedule (then `notice` is `None`).
    pub calendar_missing: Option<crate::ops::calendar::MissingYearNote>,
    /// Hosts' signed statements to go on through a missing year; printed on the notice.
    pub calendar_overrides: Vec<crate::ops::calendar::CalendarOverrideView>,
    pub items: u32,
    /// "none", "final" or "published".
    pub minutes: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PersonRef {
    #[ts(type = "number")]
    pub person_id: i64,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AgendaItemView {
    #[ts(type = "number")]
    pub item_id: i64,
    pub position: u32,
    pub title: String,
    #[ts(type = "number | null")]
    pub matter_id: Option<i64>,
    pub matter_title: Option<String>,
    pub matter_stage: Option<Stage>,
    pub planned_minutes: u32,
    /// On the agenda as announced: only these may be voted on.
    pub announced: bool,
    pub started_at: Option<String>,
    pub ended_at: Option<String>,
    /// Seconds spent so far (to now while it runs).
    pub used_seconds: u32,
    pub notes: String,
    pub decision: String,
    #[ts(type = "number[]")]
    pub votes: Vec<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AttendeeView {
    #[ts(type = "number")]
    pub person_id: i64,
    pub name: String,
    pub how: AttendHow,
    pub reason: String,
    pub proxy_for: Option<PersonRef>,
    pub signature: Option<SignatureRef>,
    pub at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SpeechView {
    #[ts(type = "number")]
    pub speech_id: i64,
    #[ts(type = "number")]
    pub item_id: i64,
    #[ts(type = "number")]
    pub person_id: i64,
    pub name: String,
    pub kind: SpeechKind,
    pub status: SpeechStatus,
    pub limit_seconds: u32,
    pub queued_at: String,
    pub started_at: Option<String>,
    pub ended_at: Option<String>,
    /// Finished speeches: time used. Running: time so far.
    pub seconds_used: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WarningView {
    #[ts(type = "number")]
    pub item_id: i64,
    #[ts(type = "number")]
    pub person_id: i64,
    pub name: String,
    pub note: String,
    pub citation: String,
    pub floor_lost: bool,
    pub at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConductView {
    pub rules: ConductRules,
    /// Where each limit comes from, in the caller's language.
    pub speech_cite: String,
    pub speeches_cite: String,
    pub warnings_cite: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AddendumView {
    #[ts(type = "number")]
    pub addendum_id: i64,
    pub text: String,
    pub text_hash: String,
    pub created_at: String,
    pub created_by: String,
    pub signatures: Vec<SignatureRef>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MinutesView {
    #[ts(type = "number")]
    pub minutes_id: i64,
    #[ts(type = "number")]
    pub meeting_id: i64,
    pub text: String,
    pub text_hash: String,
    pub finalized_at: String,
    pub finalized_by: String,
    /// The last day to publish (3 days, Civil Code Arts. 201-203).
    pub publish_by: String,
    pub published_on: Option<String>,
    /// Past `publish_by` and not published.
    pub publication_overdue: bool,
    pub publication: Option<NoticeCheck>,
    /// Who must sign: every attendee of a small body, else host and secretary.
    pub required: Vec<PersonRef>,
    pub signatures: Vec<SignatureRef>,
    pub missing: Vec<PersonRef>,
    pub complete: bool,
    pub addenda: Vec<AddendumView>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MeetingDetail {
    pub summary: MeetingSummary,
    pub host: Option<PersonRef>,
    pub secretary: Option<PersonRef>,
    pub started_at: Option<String>,
    pub ended_at: Option<String>,
    pub agenda: Vec<AgendaItemView>,
    #[ts(type = "number | null")]
    pub current_item_id: Option<i64>,
    pub attendance: Vec<AttendeeView>,
    pub quorum: Option<Quorum>,
    /// Every speech of the meeting; the queue of an item is its queued speeches in `queue`.
    pub speeches: Vec<SpeechView>,
    /// Queued speeches of the current item, in the order they get the floor.
    #[ts(type = "number[]")]
    pub queue: Vec<i64>,
    pub warnings: Vec<WarningView>,
    pub conduct: ConductView,
    pub minutes: Option<MinutesView>,
    /// The server's clock (RFC 3339), for countdowns.
    pub now: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AgendaAdd {
    #[ts(type = "number")]
    pub meeting_id: i64,
    pub title: String,
    #[ts(type = "number | null")]
    #[serde(default)]
    pub matter_id: Option<i64>,
    pub planned_minutes: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AgendaOrder {
    #[ts(type = "number")]
    pub meeting_id: i64,
    /// Every item id of the agenda, in the new order.
    #[ts(type = "number[]")]
    pub order: Vec<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ItemRef {
    #[ts(type = "number")]
    pub item_id: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MeetingRef {
    #[ts(type = "number")]
    pub meeting_id: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MeetingAnnounce {
    #[ts(type = "number")]
    pub meeting_id: i64,
    /// Announce even though the notice is short (the warning stays on the record).
    #[serde(default)]
    pub accept_short_notice: bool,
}

/// The secretary enters someone who is present but cannot sign (reason required), or a proxy
/// attending for another (`proxy_for`, with the authorisation's scan hash).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AttendanceAdd {
    #[ts(type = "number")]
    pub meeting_id: i64,
    #[ts(type = "number")]
    pub person_id: i64,
    #[serde(default)]
    pub reason: String,
    #[ts(type = "number | null")]
    #[serde(default)]
    pub proxy_for: Option<i64>,
    #[serde(default)]
    pub scan_sha256: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SpeakerAdd {
    #[ts(type = "number")]
    pub item_id: i64,
    #[ts(type = "number")]
    pub person_id: i64,
    #[serde(default)]
    pub point_of_order: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SpeechRef {
    #[ts(type = "number")]
    pub speech_id: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SpeakerWarn {
    #[ts(type = "number")]
    pub item_id: i64,
    #[ts(type = "number")]
    pub person_id: i64,
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ItemNotes {
    #[ts(type = "number")]
    pub item_id: i64,
    pub notes: String,
    pub decision: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AddendumAdd {
    #[ts(type = "number")]
    pub minutes_id: i64,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MinutesPublish {
    #[ts(type = "number")]
    pub minutes_id: i64,
    /// The day it went on the bulletin board ("YYYY-MM-DD"); today when absent.
    #[serde(default)]
    pub on: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MinutesRef {
    #[ts(type = "number")]
    pub minutes_id: i64,
}
