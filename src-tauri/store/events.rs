//! The append-only event log: appending inside a write transaction, reading pages, and reading
//! every row back for `audit verify`.

use super::{StoreResult, WriteTx};
use crate::crypto::chain::{EventFields, GENESIS, event_hash};
use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::{Row, SqliteConnection, SqlitePool};

/// What the caller says about a change.
pub struct NewEvent<'a> {
    pub at: DateTime<Utc>,
    pub actor: &'a str,
    pub community_id: Option<i64>,
    /// Dotted name, e.g. "roll.imported".
    pub kind: &'a str,
    pub payload: serde_json::Value,
}

/// A stored event, exactly as the row holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub community_id: Option<i64>,
    pub kind: String,
    pub payload: String,
    pub prev_hash: String,
    pub hash: String,
}

impl EventRow {
    pub fn fields(&self) -> EventFields<'_> {
        EventFields {
            seq: self.seq,
            at: &self.at,
            actor: &self.actor,
            community_id: self.community_id,
            kind: &self.kind,
            payload: &self.payload,
            prev_hash: &self.prev_hash,
        }
    }
}

/// Appends one event after the current head and returns its sequence number.
///
/// The rows the transaction changed since its last event (the ledger's journal) are logged
/// under this event first, and its payload (a JSON object) records their count and set digest
/// as `ledger` (`store::ledger::settle`).
pub async fn append(tx: &mut WriteTx, event: NewEvent<'_>) -> StoreResult<i64> {
    append_inner(tx, event, None).await
}

/// `append` for an event whose ledger set the caller already logged (`audit.baseline`).
pub(crate) async fn append_with_ledger(
    tx: &mut WriteTx,
    event: NewEvent<'_>,
    settled: super::ledger::Settled,
) -> StoreResult<i64> {
    append_inner(tx, event, Some(settled)).await
}

async fn append_inner(
    tx: &mut WriteTx,
    mut event: NewEvent<'_>,
    settled: Option<super::ledger::Settled>,
) -> StoreResult<i64> {
    let floor = tx.journal_floor;
    let conn = tx.conn();
    let (last_seq, prev_hash) = head(conn).await?;
    let seq = last_seq + 1;
    let settled = match settled {
        Some(s) => Some(s),
        // A payload that is not an object cannot carry the set: its changes wait for the next
        // event (or the trailing one at commit).
        None if event.payload.is_object() => super::ledger::settle(conn, floor, seq).await?,
        None => None,
    };
    if let Some(s) = settled {
        event.payload["ledger"] = s.to_json();
    }
    let at = event.at.to_rfc3339_opts(SecondsFormat::Millis, true);
    let payload = event.payload.to_string();
    let hash = event_hash(&EventFields {
        seq,
        at: &at,
        actor: event.actor,
        community_id: event.community_id,
        kind: event.kind,
        payload: &payload,
        prev_hash: &prev_hash,
    });
    sqlx::query(
        "INSERT INTO events (seq, at, actor, community_id, kind, payload, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(seq)
    .bind(&at)
    .bind(event.actor)
    .bind(event.community_id)
    .bind(event.kind)
    .bind(&payload)
    .bind(&prev_hash)
    .bind(&hash)
    .execute(&mut *conn)
    .await?;
    tx.events_appended += 1;
    tx.last_event = Some((event.at, event.actor.to_string(), event.community_id));
    Ok(seq)
}

/// The newest event's (seq, hash), or (0, GENESIS) for an empty log.
pub async fn head(conn: &mut SqliteConnection) -> StoreResult<(i64, String)> {
    let row = sqlx::query("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")
        .fetch_optional(conn)
        .await?;
    Ok(match row {
        Some(r) => (r.try_get("seq")?, r.try_get("hash")?),
        None => (0, GENESIS.to_string()),
    })
}

pub async fn head_of(pool: &SqlitePool) -> StoreResult<(i64, String)> {
    let mut conn = pool.acquire().await?;
    head(&mut conn).await
}

fn to_row(r: &sqlx::sqlite::SqliteRow) -> StoreResult<EventRow> {
    Ok(EventRow {
        seq: r.try_get("seq")?,
        at: r.try_get("at")?,
        actor: r.try_get("actor")?,
        community_id: r.try_get("community_id")?,
        kind: r.try_get("kind")?,
        payload: r.try_get("payload")?,
        prev_hash: r.try_get("prev_hash")?,
        hash: r.try_get("hash")?,
    })
}

const COLUMNS: &str = "seq, at, actor, community_id, kind, payload, prev_hash, hash";

/// Every event in the order of the rows' sequence numbers (the audit re-walks them all).
pub async fn all(pool: &SqlitePool) -> StoreResult<Vec<EventRow>> {
    let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM events ORDER BY seq"))
        .fetch_all(pool)
        .await?;
    rows.iter().map(to_row).collect()
}

/// The events with the given sequence numbers, in `seq` order (missing ones are left out).
pub async fn rows_by_seq(conn: &mut SqliteConnection, seqs: &[i64]) -> StoreResult<Vec<EventRow>> {
    let mut out = Vec::with_capacity(seqs.len());
    for seq in seqs {
        if let Some(r) = sqlx::query(&format!("SELECT {COLUMNS} FROM events WHERE seq = ?"))
            .bind(seq)
            .fetch_optional(&mut *conn)
            .await?
        {
            out.push(to_row(&r)?);
        }
    }
    out.sort_by_key(|r| r.seq);
    Ok(out)
}

/// The sequence numbers of a vote's events of the given kinds (payload `vote_id`), in order:
/// what a vote record carries with inclusion proofs.
pub async fn vote_event_seqs(
    conn: &mut SqliteConnection,
    community_id: i64,
    vote_id: i64,
    kinds: &[&str],
) -> StoreResult<Vec<i64>> {
    if kinds.is_empty() {
        return Ok(Vec::new());
    }
    let marks = vec!["?"; kinds.len()].join(", ");
    let sql = format!(
        "SELECT seq FROM events WHERE community_id = ? AND kind IN ({marks})
           AND json_valid(payload) AND json_extract(payload, '$.vote_id') = ? ORDER BY seq"
    );
    let mut q = sqlx::query_scalar(&sql).bind(community_id);
    for kind in kinds {
        q = q.bind(*kind);
    }
    Ok(q.bind(vote_id).fetch_all(conn).await?)
}

/// Newest first, optionally one community's, before a sequence number.
pub async fn page(
    pool: &SqlitePool,
    community_id: Option<i64>,
    before_seq: Option<i64>,
    limit: u32,
) -> StoreResult<(Vec<EventRow>, i64)> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM events
         WHERE (?1 IS NULL OR community_id = ?1) AND (?2 IS NULL OR seq < ?2)
         ORDER BY seq DESC LIMIT ?3"
    ))
    .bind(community_id)
    .bind(before_seq)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    let total: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM events WHERE (?1 IS NULL OR community_id = ?1)")
            .bind(community_id)
            .fetch_one(pool)
            .await?;
    Ok((rows.iter().map(to_row).collect::<StoreResult<_>>()?, total))
}

/// Whether both append-only triggers are still in the schema.
pub async fn guards_present(pool: &SqlitePool) -> StoreResult<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'
         AND name IN ('events_no_update', 'events_no_delete') AND tbl_name = 'events'",
    )
    .fetch_one(pool)
    .await?;
    Ok(n == 2)
}

/// The newest event of a community that recorded a roll digest: its seq, the digest, and the
/// digest's version number (`roll_digest_version`; events written before version 2 have none,
/// which means 1).
pub async fn last_roll_digest(
    pool: &SqlitePool,
    community_id: i64,
) -> StoreResult<Option<(i64, String, i64)>> {
    let mut conn = pool.acquire().await?;
    last_roll_digest_in(&mut conn, community_id).await
}

/// `last_roll_digest` on a given connection (inside a write transaction).
pub async fn last_roll_digest_in(
    conn: &mut SqliteConnection,
    community_id: i64,
) -> StoreResult<Option<(i64, String, i64)>> {
    let row = sqlx::query(
        "SELECT seq, json_extract(payload, '$.roll_digest') AS digest,
                COALESCE(json_extract(payload, '$.roll_digest_version'), 1) AS version
         FROM events
         WHERE community_id = ? AND json_extract(payload, '$.roll_digest') IS NOT NULL
         ORDER BY seq DESC LIMIT 1",
    )
    .bind(community_id)
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        Ok((
            r.try_get("seq")?,
            r.try_get("digest")?,
            r.try_get("version")?,
        ))
    })
    .transpose()
}

/// For deciding whether identity digests still need keying (`ops::recovery`): how many
/// `secrets.created` events the log has, and how many events say the digests are keyed (a
/// `persons.id_digests_keyed`, or a `secrets.created` made with `id_digests` = `scheme`).
pub async fn id_digest_marks(conn: &mut SqliteConnection, scheme: &str) -> StoreResult<(i64, i64)> {
    Ok(sqlx::query_as(
        "SELECT
           (SELECT COUNT(*) FROM events WHERE kind = 'secrets.created'),
           (SELECT COUNT(*) FROM events WHERE kind = 'persons.id_digests_keyed'
               OR (kind = 'secrets.created' AND json_extract(payload, '$.id_digests') = ?))",
    )
    .bind(scheme)
    .fetch_one(conn)
    .await?)
}
