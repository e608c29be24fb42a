//! Argument and result types of the backup and restore operations (generated to TypeScript).

use crate::ops::keys::HostApproval;
use crate::ops::types::AuditReport;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Names one backup in the backups folder: a file name exactly as `backup_list` gives it (no
/// folder, no `..`; a symbolic link is refused).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupRef {
    pub file_name: String,
}

/// Restores a backup from the backups folder.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupRestore {
    /// A file name from `backup_list`.
    pub file_name: String,
    /// The live head the preview showed; the restore is refused if the live log moved since.
    #[serde(default)]
    pub expect_live_head: Option<String>,
    /// The host's key and PIN: needed when the restore would discard events (an older or a
    /// forked backup), who then signs what is discarded.
    #[serde(default)]
    pub confirmation: Option<HostApproval>,
}

/// A backup file the user picked on their computer, sent as bytes; it is written into the
/// backups folder under a safe name before anything else looks at it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupUpload {
    /// The picked file's name (only used, cleaned, inside the stored name).
    pub file_name: String,
    pub content_base64: String,
    /// The recovery code, for an encrypted backup (`backup_export`); ignored for a plain one.
    #[serde(default)]
    pub code: Option<String>,
}

/// Makes an encrypted backup (to keep on a USB drive) under the database's current recovery
/// code.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupExport {
    pub code: String,
}

/// An encrypted backup just written.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupExported {
    /// Where it was saved (the Downloads folder from the app).
    pub saved_to: String,
    pub file_name: String,
    #[ts(type = "number")]
    pub bytes: u64,
    /// The copy's events and head hash (write the head down with the file).
    #[ts(type = "number")]
    pub events: i64,
    pub head_hash: String,
    pub database_id: String,
}

/// How a backup's event log stands to the live one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RestoreRelation {
    /// The same head: nothing changes in the log.
    Same,
    /// The live log is the start of the backup's: nothing is discarded.
    Newer,
    /// The backup's log is the start of the live one: the live events after it are discarded.
    Older,
    /// The logs part after a common start: the live events after it are discarded and the
    /// backup's own come back.
    Fork,
}

/// What restoring would take out of the live log, counted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DiscardCounts {
    #[ts(type = "number")]
    pub events: i64,
    /// Ballots cast (`ballot.cast`), on paper or signed.
    #[ts(type = "number")]
    pub ballots: i64,
    /// Stored signatures (of ballots, statements, approvals) the backup does not hold.
    #[ts(type = "number")]
    pub signatures: i64,
    /// Minutes written, fixed, published or amended (`minutes.*`).
    #[ts(type = "number")]
    pub minutes: i64,
    #[ts(type = "number")]
    pub votes_opened: i64,
    #[ts(type = "number")]
    pub votes_closed: i64,
    /// Ballots served on owners (送达, `vote.served`): who is deemed to follow the majority.
    #[ts(type = "number")]
    pub served: i64,
    /// Receipts handed to people (ballots and signed documents) after the backup.
    #[ts(type = "number")]
    pub receipts: i64,
}

/// One kind of event and how many of it would be discarded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KindCount {
    pub kind: String,
    #[ts(type = "number")]
    pub count: i64,
}

/// A receipt someone holds that the restored database will not: flagged `restored_over` in the
/// restored log so it can still be explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DiscardedReceipt {
    /// The live event that issued it.
    #[ts(type = "number")]
    pub seq: i64,
    pub at: String,
    /// `ballot` or `signature`.
    pub kind: String,
    #[ts(type = "number | null")]
    pub community_id: Option<i64>,
    /// The document hash the receipt shows.
    pub receipt: String,
    /// Its first 12 hex digits in groups, as printed on the receipt.
    pub short_code: String,
    #[ts(type = "number | null")]
    pub vote_id: Option<i64>,
    /// What was signed (`statement:3`, ...) for a signature receipt.
    pub subject: Option<String>,
}

/// A host key that can sign the confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HostChoice {
    #[ts(type = "number")]
    pub key_id: i64,
    pub person_name: String,
    pub community_name: String,
    pub fingerprint: String,
}

/// What restoring a backup would do, in numbers and in plain words.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RestorePreview {
    pub file_name: String,
    #[ts(type = "number")]
    pub backup_events: i64,
    pub backup_head: String,
    #[ts(type = "number")]
    pub live_events: i64,
    /// The live head: discarded when the relation is `older` or `fork`.
    pub live_head: String,
    /// Events both logs share from the start.
    #[ts(type = "number")]
    pub common_events: i64,
    /// Events only the backup has (`newer` and `fork`).
    #[ts(type = "number")]
    pub backup_only_events: i64,
    pub relation: RestoreRelation,
    /// Whether the host must sign a confirmation (`older` and `fork`).
    pub needs_confirmation: bool,
    pub discarded: DiscardCounts,
    pub discarded_kinds: Vec<KindCount>,
    pub receipts: Vec<DiscardedReceipt>,
    /// Host keys (in the live database) that can sign the confirmation.
    pub hosts: Vec<HostChoice>,
    /// The backup's own audit (it passed, or the preview would have been refused).
    pub backup_report: AuditReport,
    /// The preview in plain words, one paragraph a line, in the caller's language.
    pub summary: Vec<String>,
}

/// What a restore did.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RestoreOutcome {
    pub relation: RestoreRelation,
    pub discarded: DiscardCounts,
    /// The head that is no longer the live one (also in the `backup.restored` event).
    pub discarded_head: String,
    /// The replaced live database, kept in the backups folder.
    pub replaced_kept_as: String,
    /// The restored log's audit, after the `backup.restored` event.
    pub report: AuditReport,
}
