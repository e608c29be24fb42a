//! Final minutes (text fixed by its hash) and their signed addenda as stored.

use super::StoreResult;
use sqlx::{Row, SqliteConnection};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinutesRow {
    pub id: i64,
    pub meeting_id: i64,
    pub text: String,
    pub text_hash: String,
    pub finalized_at: String,
    pub finalized_by: String,
    pub publish_by: String,
    pub published_on: Option<String>,
}

fn minutes_row(r: &sqlx::sqlite::SqliteRow) -> StoreResult<MinutesRow> {
    Ok(MinutesRow {
        id: r.try_get("id")?,
        meeting_id: r.try_get("meeting_id")?,
        text: r.try_get("text")?,
        text_hash: r.try_get("text_hash")?,
        finalized_at: r.try_get("finalized_at")?,
        finalized_by: r.try_get("finalized_by")?,
        publish_by: r.try_get("publish_by")?,
        published_on: r.try_get("published_on")?,
    })
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_minutes(
    conn: &mut SqliteConnection,
    meeting_id: i64,
    text: &str,
    text_hash: &str,
    at: &str,
    by: &str,
    publish_by: &str,
) -> StoreResult<i64> {
    Ok(sqlx::query(
        "INSERT INTO minutes (meeting_id, text, text_hash, finalized_at, finalized_by, publish_by) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(meeting_id)
    .bind(text)
    .bind(text_hash)
    .bind(at)
    .bind(by)
    .bind(publish_by)
    .execute(conn)
    .await?
    .last_insert_rowid())
}

pub async fn minutes_of_meeting(
    conn: &mut SqliteConnection,
    meeting_id: i64,
) -> StoreResult<Option<MinutesRow>> {
    let row = sqlx::query("SELECT * FROM minutes WHERE meeting_id = ?")
        .bind(meeting_id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(minutes_row).transpose()
}

pub async fn minutes(conn: &mut SqliteConnection, id: i64) -> StoreResult<Option<MinutesRow>> {
    let row = sqlx::query("SELECT * FROM minutes WHERE id = ?")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(minutes_row).transpose()
}

pub async fn set_published(conn: &mut SqliteConnection, id: i64, on: &str) -> StoreResult<()> {
    sqlx::query("UPDATE minutes SET published_on = ? WHERE id = ?")
        .bind(on)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddendumRow {
    pub id: i64,
    pub minutes_id: i64,
    pub text: String,
    pub text_hash: String,
    pub created_at: String,
    pub created_by: String,
}

fn addendum_row(r: &sqlx::sqlite::SqliteRow) -> StoreResult<AddendumRow> {
    Ok(AddendumRow {
        id: r.try_get("id")?,
        minutes_id: r.try_get("minutes_id")?,
        text: r.try_get("text")?,
        text_hash: r.try_get("text_hash")?,
        created_at: r.try_get("created_at")?,
        created_by: r.try_get("created_by")?,
    })
}

pub async fn insert_addendum(
    conn: &mut SqliteConnection,
    minutes_id: i64,
    text: &str,
    text_hash: &str,
    at: &str,
    by: &str,
) -> StoreResult<i64> {
    Ok(sqlx::query(
        "INSERT INTO addenda (minutes_id, text, text_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(minutes_id)
    .bind(text)
    .bind(text_hash)
    .bind(at)
    .bind(by)
    .execute(conn)
    .await?
    .last_insert_rowid())
}

pub async fn addenda(
    conn: &mut SqliteConnection,
    minutes_id: i64,
) -> StoreResult<Vec<AddendumRow>> {
    let rows = sqlx::query("SELECT * FROM addenda WHERE minutes_id = ? ORDER BY id")
        .bind(minutes_id)
        .fetch_all(conn)
        .await?;
    rows.iter().map(addendum_row).collect()
}

pub async fn addendum(conn: &mut SqliteConnection, id: i64) -> StoreResult<Option<AddendumRow>> {
    let row = sqlx::query("SELECT * FROM addenda WHERE id = ?")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(addendum_row).transpose()
}

/// Every final minutes' (id, text, stored hash, hash recorded in the log when fixed, that
/// event's seq), for the audit.
pub async fn minutes_audit(
    pool: &sqlx::SqlitePool,
) -> StoreResult<Vec<(i64, String, String, Option<String>, Option<i64>)>> {
    let rows = sqlx::query(
        "SELECT m.id, m.text, m.text_hash, e.hash_logged, e.seq FROM minutes m LEFT JOIN (
             SELECT seq, json_extract(payload, '$.minutes_id') AS mid,
                    json_extract(payload, '$.text_sha256') AS hash_logged
             FROM events WHERE kind = 'minutes.finalized') e ON e.mid = m.id
         ORDER BY m.id",
    )
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get(0)?,
                r.try_get(1)?,
                r.try_get(2)?,
                r.try_get(3)?,
                r.try_get(4)?,
            ))
        })
        .collect()
}
