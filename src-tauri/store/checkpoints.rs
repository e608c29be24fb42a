//! Signed checkpoints over the event log (migration 0017): append, the newest, and the leaves of
//! the Merkle tree (every event's hash, in `seq` order).

use super::{StoreError, StoreResult};
use crate::crypto::merkle::{self, Hash};
use sqlx::{Row, SqliteConnection};

/// One stored checkpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointRow {
    pub id: i64,
    pub community_id: i64,
    pub tree_size: i64,
    pub root_hash: String,
    pub head_event_hash: String,
    pub made_at: String,
    pub reason: String,
    pub signer_key: String,
    /// The signed file's JSON, as exported.
    pub signed_file: String,
}

/// What a new checkpoint stores.
pub struct NewCheckpoint<'a> {
    pub community_id: i64,
    pub tree_size: i64,
    pub root_hash: &'a str,
    pub head_event_hash: &'a str,
    pub made_at: &'a str,
    pub reason: &'a str,
    pub signer_key: &'a str,
    pub signed_file: &'a str,
}

pub async fn insert(conn: &mut SqliteConnection, c: &NewCheckpoint<'_>) -> StoreResult<i64> {
    let id = sqlx::query(
        "INSERT INTO checkpoints (community_id, tree_size, root_hash, head_event_hash, made_at,
                                  reason, signer_key, signed_file)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(c.community_id)
    .bind(c.tree_size)
    .bind(c.root_hash)
    .bind(c.head_event_hash)
    .bind(c.made_at)
    .bind(c.reason)
    .bind(c.signer_key)
    .bind(c.signed_file)
    .execute(conn)
    .await?
    .last_insert_rowid();
    Ok(id)
}

const COLUMNS: &str = "id, community_id, tree_size, root_hash, head_event_hash, made_at, reason, \
                       signer_key, signed_file";

fn to_row(r: &sqlx::sqlite::SqliteRow) -> StoreResult<CheckpointRow> {
    Ok(CheckpointRow {
        id: r.try_get("id")?,
        community_id: r.try_get("community_id")?,
        tree_size: r.try_get("tree_size")?,
        root_hash: r.try_get("root_hash")?,
        head_event_hash: r.try_get("head_event_hash")?,
        made_at: r.try_get("made_at")?,
        reason: r.try_get("reason")?,
        signer_key: r.try_get("signer_key")?,
        signed_file: r.try_get("signed_file")?,
    })
}

/// A community's newest checkpoint.
pub async fn latest(
    conn: &mut SqliteConnection,
    community_id: i64,
) -> StoreResult<Option<CheckpointRow>> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM checkpoints WHERE community_id = ? ORDER BY id DESC LIMIT 1"
    ))
    .bind(community_id)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(to_row).transpose()
}

/// Every checkpoint, newest `made_at` first (the audit checks them all).
pub async fn all_newest_first(conn: &mut SqliteConnection) -> StoreResult<Vec<CheckpointRow>> {
    newest_first_page(conn, 0, i64::MAX).await
}

/// `limit` checkpoints, newest `made_at` first, after skipping `offset` (the clock check reads
/// a few at a time until one is genuine, not every checkpoint on each change).
pub async fn newest_first_page(
    conn: &mut SqliteConnection,
    offset: i64,
    limit: i64,
) -> StoreResult<Vec<CheckpointRow>> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM checkpoints ORDER BY made_at DESC, id DESC LIMIT ? OFFSET ?"
    ))
    .bind(limit)
    .bind(offset)
    .fetch_all(conn)
    .await?
    .iter()
    .map(to_row)
    .collect()
}

/// The tree sizes of a community's checkpoints between `from` and `to` (inclusive), ascending,
/// each once.
pub async fn sizes_between(
    conn: &mut SqliteConnection,
    community_id: i64,
    from: i64,
    to: i64,
) -> StoreResult<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT tree_size FROM checkpoints
         WHERE community_id = ? AND tree_size BETWEEN ? AND ? ORDER BY tree_size",
    )
    .bind(community_id)
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await?)
}

/// One checkpoint by id.
pub async fn by_id(conn: &mut SqliteConnection, id: i64) -> StoreResult<Option<CheckpointRow>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM checkpoints WHERE id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(to_row).transpose()
}

/// Every event's hash in `seq` order, as the tree's leaves (32 raw bytes each). A hash that is not
/// 64 hex digits, or a gap in `seq`, is reported (`audit verify` names such rows in detail).
pub async fn event_hashes(conn: &mut SqliteConnection) -> StoreResult<Vec<Hash>> {
    let rows: Vec<(i64, String)> = sqlx::query_as("SELECT seq, hash FROM events ORDER BY seq")
        .fetch_all(conn)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for (i, (seq, hash)) in rows.iter().enumerate() {
        if *seq != i as i64 + 1 {
            return Err(StoreError::Corrupt(format!(
                "event #{} is missing: the log has a gap before #{seq}",
                i + 1
            )));
        }
        out.push(
            merkle::from_hex(hash)
                .ok_or_else(|| StoreError::Corrupt(format!("event #{seq} has a malformed hash")))?,
        );
    }
    Ok(out)
}

/// The hashes of the rows as they are, in `seq` order, whatever gaps (for checking a log that
/// may have been tampered with against a checkpoint); a malformed hash ends the list.
pub async fn event_hashes_as_stored(conn: &mut SqliteConnection) -> StoreResult<Vec<Hash>> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT hash FROM events ORDER BY seq")
        .fetch_all(conn)
        .await?;
    Ok(rows.iter().map_while(|(h,)| merkle::from_hex(h)).collect())
}

/// Whether both append-only triggers are still on `checkpoints`.
pub async fn guards_present(conn: &mut SqliteConnection) -> StoreResult<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'
         AND name IN ('checkpoints_no_update', 'checkpoints_no_delete') AND tbl_name = 'checkpoints'",
    )
    .fetch_one(conn)
    .await?;
    Ok(n == 2)
}
