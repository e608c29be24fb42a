//! Argument and result types of the operations: what crosses to the UI (generated to TypeScript
//! by ts-rs). They are plain data; the rules live in `domain`, the SQL in `store`.

use crate::domain::area::Area;
use crate::domain::roll::{Merge, RollSettings};
use crate::domain::roster::{
    AreaSource, Relation, RosterColumn, RosterNotice, RowProblem, UnitKind, UnitStatus,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use crate::domain::states::Role;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AppInfo {
    pub version: String,
    pub database: String,
    pub backup_dir: String,
    pub communities: Vec<CommunitySummary>,
    /// Hash of the newest event: publish or write it down to detect a truncated log later.
    pub head_hash: String,
    #[ts(type = "number")]
    pub events: i64,
    /// The current or coming year has no holiday schedule (from 1 November of the year before).
    pub calendar_warning: Option<crate::domain::holidays::YearGap>,
    /// This start upgraded the database: where the verified copy made first is.
    pub upgraded: Option<UpgradeView>,
}

/// An upgrade made when the app started: the verified backup taken before migrating.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UpgradeView {
    pub backup: String,
    #[ts(type = "number")]
    pub from_migration: i64,
    #[ts(type = "number")]
    pub to_migration: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CommunitySummary {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub address: String,
    pub settings: RollSettings,
    pub buildings: Vec<String>,
    pub units: u32,
    /// N of the owners' roll.
    pub persons: u32,
    /// A of the owners' roll.
    pub area: Area,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CommunityCreate {
    pub name: String,
    #[serde(default)]
    pub address: String,
    /// Building names, e.g. ["1栋", "2栋"]; more can be added later or created by an import.
    #[serde(default)]
    pub buildings: Vec<String>,
    #[serde(default)]
    pub settings: RollSettings,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CommunitySettingsUpdate {
    #[ts(type = "number")]
    pub community_id: i64,
    pub settings: RollSettings,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CommunityRef {
    #[ts(type = "number")]
    pub community_id: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BuildingAdd {
    #[ts(type = "number")]
    pub community_id: i64,
    pub names: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RollQuery {
    #[ts(type = "number")]
    pub community_id: i64,
    /// Only this building's roll (for votes of one building's owners); none: the whole community.
    #[serde(default)]
    pub building: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BuildingStat {
    pub building: String,
    pub units: u32,
    pub persons: u32,
    pub area: Area,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RollSummary {
    #[ts(type = "number")]
    pub community_id: i64,
    pub building: Option<String>,
    pub settings: RollSettings,
    /// N.
    pub persons: u32,
    /// A.
    pub area: Area,
    pub units: u32,
    pub parking_excluded: u32,
    pub ownerless: Vec<String>,
    /// Why N is smaller than the number of units: every merge, explained.
    pub merges: Vec<Merge>,
    pub buildings: Vec<BuildingStat>,
    /// Hash of the canonical roll: the same roll always gives the same digest.
    pub digest: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UnitQuery {
    #[ts(type = "number")]
    pub community_id: i64,
    #[serde(default)]
    pub building: Option<String>,
    /// Matches unit number or a person's name.
    #[serde(default)]
    pub search: Option<String>,
    #[serde(default)]
    pub offset: u32,
    #[serde(default)]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PersonBrief {
    #[ts(type = "number")]
    pub person_id: i64,
    pub name: String,
    pub relation: Relation,
    pub designated_voter: bool,
    pub is_developer: bool,
    /// "138****5678": never the full number on screen.
    pub phone_masked: String,
    /// Last four characters of the identity number, or "".
    pub id_tail: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UnitRow {
    #[ts(type = "number")]
    pub unit_id: i64,
    pub building: String,
    pub number: String,
    pub kind: UnitKind,
    pub area: Area,
    pub area_source: AreaSource,
    pub status: UnitStatus,
    pub people: Vec<PersonBrief>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UnitPage {
    pub total: u32,
    pub offset: u32,
    pub units: Vec<UnitRow>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportOptions {
    /// Create buildings the file names but the community does not have yet.
    #[serde(default)]
    pub create_buildings: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportRequest {
    #[ts(type = "number")]
    pub community_id: i64,
    pub file_name: String,
    /// The file's bytes, base64 (standard alphabet).
    pub content_base64: String,
    #[serde(default)]
    pub options: ImportOptions,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportCommit {
    pub request: ImportRequest,
    /// The preview's `plan_digest`: the commit refuses if the file or the roll changed since.
    pub plan_digest: String,
    /// A client-chosen id to poll `job_progress` with while the import runs.
    #[serde(default)]
    pub job_id: Option<String>,
}

/// A problem with a row, with its message in the caller's language.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ProblemView {
    pub problem: RowProblem,
    /// The column's header as the import format names it (e.g. "面积").
    pub column_label: Option<String>,
    pub message: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NoticeView {
    pub notice: RosterNotice,
    pub message: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportPreview {
    pub file_name: String,
    pub format: String,
    pub encoding: String,
    pub rows_read: u32,
    pub units_in_file: u32,
    pub new_units: u32,
    pub changed_units: u32,
    pub unchanged_units: u32,
    /// Units the community has that the file does not mention: kept as they are.
    pub absent_units: Vec<String>,
    pub new_buildings: Vec<String>,
    pub problems: Vec<ProblemView>,
    pub notices: Vec<NoticeView>,
    /// The roll after the import: N and A.
    pub persons_after: u32,
    pub area_after: Area,
    pub persons_before: u32,
    pub area_before: Area,
    /// The first rows as they will be stored, for the user to eyeball.
    pub sample: Vec<UnitRow>,
    pub can_commit: bool,
    pub plan_digest: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportOutcome {
    #[ts(type = "number")]
    pub event_seq: i64,
    pub new_units: u32,
    pub changed_units: u32,
    pub persons: u32,
    pub area: Area,
    pub digest: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct JobQuery {
    pub job_id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct JobProgress {
    pub job_id: String,
    /// "parse" | "check" | "write" | "done" | "unknown"
    pub phase: String,
    pub done: u32,
    pub total: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExportFormat {
    /// UTF-8 CSV with BOM, in the import layout (opens in Chinese Excel, re-imports unchanged).
    #[default]
    Csv,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExportRequest {
    #[ts(type = "number")]
    pub community_id: i64,
    #[serde(default)]
    pub format: ExportFormat,
    /// Also write the file into the user's Downloads folder (the desktop app has no browser
    /// download); the result says where.
    #[serde(default)]
    pub save_to_downloads: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExportFile {
    pub file_name: String,
    pub mime: String,
    pub content_base64: String,
    pub saved_to: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RoleEntry {
    #[ts(type = "number")]
    pub role_id: i64,
    #[ts(type = "number")]
    pub person_id: i64,
    pub name: String,
    pub role: Role,
    /// For building heads: their building.
    pub building: Option<String>,
    /// The person's units, e.g. ["3栋 1201"].
    pub units: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RoleAssign {
    #[ts(type = "number")]
    pub community_id: i64,
    #[ts(type = "number")]
    pub person_id: i64,
    pub role: Role,
    #[serde(default)]
    pub building: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RoleRemove {
    #[ts(type = "number")]
    pub community_id: i64,
    #[ts(type = "number")]
    pub role_id: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PersonQuery {
    #[ts(type = "number")]
    pub community_id: i64,
    /// Name, or unit number such as "1201" or "3栋 1201".
    pub search: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PersonHit {
    pub person: PersonBrief,
    pub units: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum AuditProblemKind {
    /// The row's content no longer matches its hash: edited in place.
    Edited,
    /// A sequence number is missing: a row was deleted.
    Missing { expected_seq: i64 },
    /// The row's link to its predecessor is broken: rows reordered or replaced.
    Relinked,
    /// The append-only guard (triggers) on the log was removed.
    GuardRemoved,
    /// A community's roll tables differ from what the log last recorded.
    RollChanged { community: String },
    /// The newest roll-changing event of a community recorded a roll digest version this build
    /// does not know (a database written by a newer Yishi): the roll cannot be checked.
    RollDigestUnknown {
        community: String,
        #[ts(type = "number")]
        version: i64,
    },
    /// The newest event is not the head the caller expected: the log was cut short.
    HeadMismatch { expected: String },
    /// Final minutes whose text no longer matches the hash recorded when they were fixed.
    MinutesChanged {
        #[ts(type = "number")]
        minutes_id: i64,
    },
    /// The sealed recovery copy of the secrets (`settings.recovery_escrow`) is not the one the
    /// event at `seq` issued: `how` is "replaced" or "deleted".
    EscrowChanged { how: String },
    /// A row of a consent table (住改商) edited, deleted or inserted outside the app: `how` is
    /// "edited", "deleted" or "unlogged"; the guards being gone shows as table "triggers".
    ConsentRowChanged {
        table: String,
        #[ts(type = "number")]
        row_id: i64,
        how: String,
    },
    /// A row of a table with legal meaning (`store::ledger::TABLES`) that differs from what the
    /// log last recorded of it. `key` is the row's primary key as JSON (`[12]`, `[3, 7]`);
    /// `how`: "edited" (differs from its logged digest), "unlogged" (no event logged it: written
    /// outside the app), "deleted" (logged, now gone), "found_edited" / "found_deleted" /
    /// "found_unlogged" (the event at `seq` found it so when the app next changed the row, and
    /// named it; "found_more": `key` more than it lists), "journal" (a change-journal row no
    /// event took up: a write outside the app).
    RowChanged {
        table: String,
        key: String,
        how: String,
    },
    /// The row digests the event at `seq` recorded no longer match the ledger's history (the
    /// history was edited outside the app), or history rows that no event recorded.
    LedgerChanged,
    /// A trigger, table, index or view that differs from what the migrations make: `how` is
    /// "missing", "changed" or "extra"; `object` is SQLite's type ("trigger", "table", ...) (a guard dropped or replaced, a journal trigger silenced).
    SchemaChanged {
        object: String,
        name: String,
        how: String,
    },
    /// The log does not extend a checkpoint given to check it against: `how` is "shorter"
    /// (rolled back), "rewritten" (its first `tree_size` events changed) or "not_root" (the
    /// checkpoint is not signed by a root key of this database).
    Checkpoint {
        #[ts(type = "number")]
        tree_size: i64,
        how: String,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AuditProblem {
    /// The event at which the problem shows (the first one whose row is wrong).
    #[ts(type = "number | null")]
    pub seq: Option<i64>,
    pub kind: AuditProblemKind,
    pub message: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AuditReport {
    pub ok: bool,
    #[ts(type = "number")]
    pub events: i64,
    pub head_hash: String,
    pub problems: Vec<AuditProblem>,
    /// One-line verdict in the caller's language.
    pub summary: String,
    /// The check against a checkpoint, when one was given.
    #[serde(default)]
    pub checkpoint: Option<crate::ops::anchor::checkpoint::CheckpointCheck>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AuditQuery {
    /// A head hash written down or published earlier: also detects a log cut short.
    #[serde(default)]
    pub expect_head: Option<String>,
    /// A checkpoint kept outside the laptop: the exported file's JSON, or the printed
    /// "SIZE / SHORT HASH". The log must extend it (no rollback, no rewrite).
    #[serde(default)]
    pub checkpoint: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EventQuery {
    #[serde(default)]
    #[ts(type = "number | null")]
    pub community_id: Option<i64>,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub before_seq: Option<i64>,
    #[serde(default)]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EventView {
    #[ts(type = "number")]
    pub seq: i64,
    pub at: String,
    pub actor: String,
    #[ts(type = "number | null")]
    pub community_id: Option<i64>,
    pub kind: String,
    /// A readable line describing the change, in the caller's language.
    pub description: String,
    pub hash: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EventPage {
    pub events: Vec<EventView>,
    #[ts(type = "number")]
    pub total: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupInfo {
    pub path: String,
    pub file_name: String,
    #[ts(type = "number")]
    pub bytes: u64,
    pub created_at: String,
    #[ts(type = "number")]
    pub events: i64,
    pub head_hash: String,
}

/// Column labels for problem reports: the canonical header of the import format.
pub fn column_label(column: RosterColumn) -> &'static str {
    crate::formats::roster::canonical_header(column)
}
