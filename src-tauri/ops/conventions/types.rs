//! Argument and result types of the convention operations (generated to TypeScript).

use crate::domain::convention::{ArticleRule, ConventionKind, Instrument};
use crate::domain::convention_diff::ArticleChange;
use crate::domain::convention_eval::{Coverage, Evaluation};
use crate::domain::vote::MatterCategory;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ArticleInput {
    pub text: String,
    #[serde(default)]
    pub rule: Option<ArticleRule>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConventionCreate {
    #[ts(type = "number")]
    pub community_id: i64,
    pub kind: ConventionKind,
    pub title: String,
    /// May be empty: articles can be written after the suggestions are in.
    #[serde(default)]
    pub articles: Vec<ArticleInput>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConventionRef {
    #[ts(type = "number")]
    pub convention_id: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VersionRef {
    #[ts(type = "number")]
    pub version_id: i64,
}

/// Replaces a draft's articles; they are numbered 1, 2, 3 … in the order given.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ArticlesSave {
    #[ts(type = "number")]
    pub version_id: i64,
    pub articles: Vec<ArticleInput>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SuggestionAdd {
    #[ts(type = "number")]
    pub convention_id: i64,
    /// The article it is about in the current draft; `null`: general or a new article.
    #[serde(default)]
    pub article: Option<u32>,
    /// Who suggested it, as they want it recorded ("3栋 1201 住户", a name, "匿名").
    pub author: String,
    #[ts(type = "number | null")]
    #[serde(default)]
    pub person_id: Option<i64>,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReviewRecord {
    #[ts(type = "number")]
    pub version_id: i64,
    pub reviewer: String,
    /// E.g. "莲花街道党工委".
    pub organisation: String,
    pub comments: String,
    pub approved: bool,
}

/// Creates the adoption vote under the instrument chosen (it then runs in 表决).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AdoptionVote {
    #[ts(type = "number")]
    pub version_id: i64,
    pub instrument: Instrument,
    pub opens_at: String,
    pub closes_at: String,
    #[serde(default)]
    pub objection_days: u32,
    /// The agenda item (of a residents' meeting or owners' assembly, announced) the vote is
    /// taken under, and the matter it belongs to: adoption goes through the consultation flow.
    #[ts(type = "number | null")]
    #[serde(default)]
    pub agenda_item_id: Option<i64>,
    #[ts(type = "number | null")]
    #[serde(default)]
    pub matter_id: Option<i64>,
}

/// Links a vote created in 表决 whose motion names this version's hash.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AdoptionLink {
    #[ts(type = "number")]
    pub version_id: i64,
    pub instrument: Instrument,
    #[ts(type = "number")]
    pub vote_id: i64,
}

/// A version adopted on paper before the community used Yishi (e.g. at a residents' meeting in
/// 2024): which instrument, and the meeting record with the SHA-256 of its scan.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RecordedAdoption {
    #[ts(type = "number")]
    pub version_id: i64,
    pub instrument: Instrument,
    /// E.g. "2024年3月15日居民会议纪要：应到 212 户，实到 158 户，同意 149 户".
    pub evidence: String,
    pub evidence_sha256: String,
}

/// A filing (备案: `place` is the authority, `reference` its number) or a publication (公布).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NoticeInput {
    #[ts(type = "number")]
    pub version_id: i64,
    pub place: String,
    /// `YYYY-MM-DD`.
    pub day: String,
    #[serde(default)]
    pub reference: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DiffQuery {
    #[ts(type = "number")]
    pub from_version_id: i64,
    #[ts(type = "number")]
    pub to_version_id: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RecorderRole {
    /// 巡查队员
    Patrol,
    /// 楼栋长
    BuildingHead,
    /// 网格员
    GridWorker,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ViolationOutcome {
    /// 当场改正
    Corrected,
    /// 承诺改正
    Promised,
    /// 拒不改正
    Refused,
    /// 移交物业/社区处理
    Referred,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ViolationRecord {
    #[ts(type = "number")]
    pub convention_id: i64,
    pub article: u32,
    /// Where: a building ("3栋"), optionally with the unit number ("1201"), or else a place.
    #[serde(default)]
    pub building: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    /// A public place ("地下车库入口"), or details of where in the building.
    #[serde(default)]
    pub place: String,
    /// RFC 3339, or `YYYY-MM-DD`.
    pub occurred_at: String,
    pub recorder: String,
    pub recorder_role: RecorderRole,
    pub persuaded: bool,
    #[serde(default)]
    pub persuasion: String,
    pub outcome: ViolationOutcome,
    /// SHA-256 (hex) of a photo kept elsewhere; the photo itself is not stored.
    #[serde(default)]
    pub photo_sha256: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PeriodQuery {
    #[ts(type = "number")]
    pub convention_id: i64,
    /// `YYYY-MM-DD`, both included.
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum VersionStatus {
    /// Articles may still change.
    Draft,
    /// Text fixed by its hash; waiting for (or in) its adoption vote.
    Frozen,
    /// Adopted and in force.
    Adopted,
    /// Adopted, then replaced by a newer adopted version.
    Superseded,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ArticleView {
    pub number: u32,
    /// "第五条" / "Art. 5".
    pub label: String,
    pub text: String,
    pub rule: Option<ArticleRule>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReviewView {
    pub reviewer: String,
    pub organisation: String,
    pub comments: String,
    pub approved: bool,
    /// Whether the draft still has exactly the text reviewed.
    pub current: bool,
    pub reviewed_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConventionNotice {
    pub place: String,
    pub day: String,
    pub reference: String,
    pub recorded_by: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LinkedVote {
    #[ts(type = "number")]
    pub vote_id: i64,
    pub title: String,
    pub status: crate::ops::votes::VoteStatus,
    /// Once closed.
    pub passed: Option<bool>,
    pub is_final: bool,
    pub final_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AdoptionView {
    /// `null`: adopted on paper before Yishi; `evidence` names the meeting record.
    #[ts(type = "number | null")]
    pub vote_id: Option<i64>,
    pub evidence: String,
    pub evidence_sha256: Option<String>,
    pub instrument: Instrument,
    pub result_hash: String,
    pub adopted_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VersionView {
    #[ts(type = "number")]
    pub version_id: i64,
    #[ts(type = "number")]
    pub number: i64,
    pub status: VersionStatus,
    pub created_at: String,
    pub created_by: String,
    /// Set once frozen.
    pub hash: Option<String>,
    /// The hash the text has now (a draft's changes with every edit): what a review approves.
    pub text_hash: String,
    pub frozen_at: Option<String>,
    pub instrument: Option<Instrument>,
    pub vote: Option<LinkedVote>,
    pub articles: Vec<ArticleView>,
    pub reviews: Vec<ReviewView>,
    pub adoption: Option<AdoptionView>,
    pub filings: Vec<ConventionNotice>,
    pub publications: Vec<ConventionNotice>,
    /// What to do next with this version, in the caller's language.
    pub next_step: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct InstrumentOption {
    pub instrument: Instrument,
    pub label: String,
    pub category: MatterCategory,
    /// Who votes, under which rule, what follows.
    pub explanation: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SuggestionView {
    #[ts(type = "number")]
    pub version_number: i64,
    pub article: Option<u32>,
    pub author: String,
    pub text: String,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConventionDetail {
    #[ts(type = "number")]
    pub convention_id: i64,
    pub kind: ConventionKind,
    pub kind_label: String,
    pub title: String,
    pub instruments: Vec<InstrumentOption>,
    /// Oldest first.
    pub versions: Vec<VersionView>,
    pub suggestions: Vec<SuggestionView>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConventionSummary {
    #[ts(type = "number")]
    pub convention_id: i64,
    pub kind: ConventionKind,
    pub kind_label: String,
    pub title: String,
    /// The newest version's number and status.
    #[ts(type = "number")]
    pub latest: i64,
    pub status: VersionStatus,
    /// The version in force, if any.
    #[ts(type = "number | null")]
    pub in_force: Option<i64>,
    /// Households that acknowledged the version in force.
    pub coverage: Option<Coverage>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VersionDiff {
    #[ts(type = "number")]
    pub from: i64,
    #[ts(type = "number")]
    pub to: i64,
    pub changes: Vec<ArticleChange>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MissingHousehold {
    pub unit: String,
    /// The older version this household accepted, if any (it must re-acknowledge).
    #[ts(type = "number | null")]
    pub accepted_version: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BuildingCoverage {
    pub building: String,
    pub coverage: Coverage,
    pub missing: Vec<MissingHousehold>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CoverageReport {
    #[ts(type = "number")]
    pub version_id: i64,
    #[ts(type = "number")]
    pub number: i64,
    pub hash: String,
    pub total: Coverage,
    pub buildings: Vec<BuildingCoverage>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ViolationView {
    #[ts(type = "number")]
    pub violation_id: i64,
    #[ts(type = "number")]
    pub version: i64,
    pub article: u32,
    pub article_label: String,
    /// "3栋 1201", "3栋" or the place.
    pub place: String,
    pub occurred_at: String,
    pub recorder: String,
    pub recorder_role: RecorderRole,
    pub persuaded: bool,
    pub persuasion: String,
    pub outcome: ViolationOutcome,
    pub photo_sha256: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ArticleHeading {
    pub number: u32,
    pub label: String,
    pub text: String,
}

/// The evaluation (评约) of one period against the previous one.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EvaluationReport {
    pub community: String,
    pub title: String,
    #[ts(type = "number")]
    pub version: i64,
    pub version_hash: String,
    pub from: String,
    pub to: String,
    pub previous_from: String,
    pub previous_to: String,
    pub articles: Vec<ArticleHeading>,
    pub figures: Evaluation,
    /// One sentence: "违约 50 起，比上期 120 起下降 58%".
    pub headline: String,
}
