//! Signing keys and signatures as stored. The store keeps sealed secrets as opaque text; only
//! `crypto` can open them.

use super::StoreResult;
use super::typed::{At, key, stamp};
use crate::domain::states::{KeyOrigin, KeyStatus};
use chrono::{DateTime, Utc};
use sqlx::{Row, SqliteConnection};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRow {
    pub id: i64,
    pub community_id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub public_key: String,
    pub origin: KeyOrigin,
    pub sealed_secret: Option<String>,
    pub status: KeyStatus,
    pub failed_attempts: i64,
    pub locked: bool,
    pub checked_by: String,
    pub check_method: String,
    pub enrolled_at: String,
    pub ended_at: Option<DateTime<Utc>>,
    pub end_reason: Option<String>,
}

const KEY_COLUMNS: &str = "k.id, k.community_id, k.person_id, p.name AS person_name, k.public_key, k.origin,
    k.sealed_secret, k.status, k.failed_attempts, k.locked, k.checked_by, k.check_method, k.enrolled_at,
    k.ended_at, k.end_reason";

fn key_row(r: &sqlx::sqlite::SqliteRow) -> StoreResult<KeyRow> {
    let id: i64 = r.try_get("id")?;
    let at = At::new("signing_keys", id);
    Ok(KeyRow {
        id,
        community_id: r.try_get("community_id")?,
        person_id: r.try_get("person_id")?,
        person_name: r.try_get("person_name")?,
        public_key: r.try_get("public_key")?,
        origin: at.parse("origin", &r.try_get::<String, _>("origin")?)?,
        sealed_secret: r.try_get("sealed_secret")?,
        status: at.parse("status", &r.try_get::<String, _>("status")?)?,
        failed_attempts: r.try_get("failed_attempts")?,
        locked: r.try_get::<i64, _>("locked")? == 1,
        checked_by: r.try_get("checked_by")?,
        check_method: r.try_get("check_method")?,
        enrolled_at: r.try_get("enrolled_at")?,
        ended_at: at.instant_opt(
            "ended_at",
            r.try_get::<Option<String>, _>("ended_at")?.as_deref(),
        )?,
        end_reason: r.try_get("end_reason")?,
    })
}

pub async fn list(conn: &mut SqliteConnection, community_id: i64) -> StoreResult<Vec<KeyRow>> {
    let rows = sqlx::query(&format!(
        "SELECT {KEY_COLUMNS} FROM signing_keys k JOIN persons p ON p.id = k.person_id
         WHERE k.community_id = ? ORDER BY p.name, k.id"
    ))
    .bind(community_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(key_row).collect()
}

pub async fn get(conn: &mut SqliteConnection, key_id: i64) -> StoreResult<Option<KeyRow>> {
    let row = sqlx::query(&format!("SELECT {KEY_COLUMNS} FROM signing_keys k JOIN persons p ON p.id = k.person_id WHERE k.id = ?"))
        .bind(key_id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(key_row).transpose()
}

pub async fn active_for(
    conn: &mut SqliteConnection,
    person_id: i64,
) -> StoreResult<Option<KeyRow>> {
    let row = sqlx::query(&format!(
        "SELECT {KEY_COLUMNS} FROM signing_keys k JOIN persons p ON p.id = k.person_id
         WHERE k.person_id = ? AND k.status = 'active'"
    ))
    .bind(person_id)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(key_row).transpose()
}

pub async fn by_public_key(
    conn: &mut SqliteConnection,
    public_key: &str,
) -> StoreResult<Option<KeyRow>> {
    let row = sqlx::query(&format!("SELECT {KEY_COLUMNS} FROM signing_keys k JOIN persons p ON p.id = k.person_id WHERE k.public_key = ?"))
        .bind(public_key)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(key_row).transpose()
}

pub struct NewKey<'a> {
    pub community_id: i64,
    pub person_id: i64,
    pub public_key: &'a str,
    pub origin: KeyOrigin,
    pub sealed_secret: Option<&'a str>,
    pub checked_by: &'a str,
    pub check_method: &'a str,
    pub enrolled_at: &'a str,
}

pub async fn insert(conn: &mut SqliteConnection, k: NewKey<'_>) -> StoreResult<i64> {
    Ok(sqlx::query(
        "INSERT INTO signing_keys (community_id, person_id, public_key, origin, sealed_secret, status, checked_by, check_method, enrolled_at)
         VALUES (?, ?, ?, ?, ?, 'active', ?, ?, ?)",
    )
    .bind(k.community_id)
    .bind(k.person_id)
    .bind(k.public_key)
    .bind(key(k.origin))
    .bind(k.sealed_secret)
    .bind(k.checked_by)
    .bind(k.check_method)
    .bind(k.enrolled_at)
    .execute(conn)
    .await?
    .last_insert_rowid())
}

/// Records a wrong PIN and, in the same statement, locks the key when the count reaches
/// `domain::pin::MAX_ATTEMPTS` (two wrong PINs at once cannot both see the old count).
/// Returns (failures, locked).
pub async fn record_failure(conn: &mut SqliteConnection, key_id: i64) -> StoreResult<(i64, bool)> {
    let row = sqlx::query(
        "UPDATE signing_keys SET failed_attempts = failed_attempts + 1,
           locked = CASE WHEN failed_attempts + 1 >= ? THEN 1 ELSE locked END
         WHERE id = ? RETURNING failed_attempts, locked",
    )
    .bind(crate::domain::pin::MAX_ATTEMPTS)
    .bind(key_id)
    .fetch_one(conn)
    .await?;
    Ok((
        row.try_get("failed_attempts")?,
        row.try_get::<i64, _>("locked")? == 1,
    ))
}

pub async fn reset_failures(conn: &mut SqliteConnection, key_id: i64) -> StoreResult<()> {
    sqlx::query("UPDATE signing_keys SET failed_attempts = 0, locked = 0 WHERE id = ?")
        .bind(key_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Replaces a key's sealed secret (the same secret sealed anew, e.g. under the pepper), only if
/// it still holds `old`: a concurrent change wins and this one is skipped. Whether it replaced.
pub async fn replace_sealed(
    conn: &mut SqliteConnection,
    key_id: i64,
    old: &str,
    new: &str,
) -> StoreResult<bool> {
    let done =
        sqlx::query("UPDATE signing_keys SET sealed_secret = ? WHERE id = ? AND sealed_secret = ?")
            .bind(new)
            .bind(key_id)
            .bind(old)
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Ends a key's life: `revoked` or `replaced`, with when and why.
pub async fn end(
    conn: &mut SqliteConnection,
    key_id: i64,
    status: KeyStatus,
    at: DateTime<Utc>,
    reason: &str,
) -> StoreResult<()> {
    sqlx::query("UPDATE signing_keys SET status = ?, ended_at = ?, end_reason = ?, sealed_secret = NULL WHERE id = ? AND status = 'active'")
        .bind(key(status))
        .bind(stamp(at))
        .bind(reason)
        .bind(key_id)
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureRow {
    pub id: i64,
    pub community_id: i64,
    pub key_id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub subject: String,
    pub document: String,
    pub document_hash: String,
    pub signature: String,
    pub signed_at: DateTime<Utc>,
    pub public_key: String,
    pub key_status: KeyStatus,
    pub key_ended_at: Option<DateTime<Utc>>,
}

pub struct NewSignature<'a> {
    pub community_id: i64,
    pub key_id: i64,
    pub person_id: i64,
    pub subject: &'a str,
    pub document: &'a str,
    pub document_hash: &'a str,
    pub signature: &'a str,
    pub signed_at: DateTime<Utc>,
}

pub async fn insert_signature(
    conn: &mut SqliteConnection,
    s: NewSignature<'_>,
) -> StoreResult<i64> {
    Ok(sqlx::query(
        "INSERT INTO signatures (community_id, key_id, person_id, subject, document, document_hash, signature, signed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(s.community_id)
    .bind(s.key_id)
    .bind(s.person_id)
    .bind(s.subject)
    .bind(s.document)
    .bind(s.document_hash)
    .bind(s.signature)
    .bind(stamp(s.signed_at))
    .execute(conn)
    .await?
    .last_insert_rowid())
}

/// Every signature filed under a vote (`vote:<id>` and `vote:<id>:…`), with no page limit: a
/// vote's record must carry all of them.
pub async fn vote_signatures(
    conn: &mut SqliteConnection,
    community_id: i64,
    vote_id: i64,
) -> StoreResult<Vec<SignatureRow>> {
    let rows = sqlx::query(&format!(
        "{SIGNATURE_SELECT} WHERE s.community_id = ?1 AND (s.subject = ?2 OR s.subject LIKE ?3) ORDER BY s.id"
    ))
    .bind(community_id)
    .bind(format!("vote:{vote_id}"))
    .bind(format!("vote:{vote_id}:%"))
    .fetch_all(conn)
    .await?;
    rows.iter().map(signature_row).collect()
}

const SIGNATURE_SELECT: &str = "SELECT s.id, s.community_id, s.key_id, s.person_id, p.name AS person_name, s.subject, s.document,
        s.document_hash, s.signature, s.signed_at, k.public_key, k.status AS key_status, k.ended_at AS key_ended_at
    FROM signatures s JOIN persons p ON p.id = s.person_id JOIN signing_keys k ON k.id = s.key_id";

fn signature_row(r: &sqlx::sqlite::SqliteRow) -> StoreResult<SignatureRow> {
    let id: i64 = r.try_get("id")?;
    let at = At::new("signatures", id);
    let key_at = At::new("signing_keys", r.try_get("key_id")?);
    Ok(SignatureRow {
        id,
        community_id: r.try_get("community_id")?,
        key_id: r.try_get("key_id")?,
        person_id: r.try_get("person_id")?,
        person_name: r.try_get("person_name")?,
        subject: r.try_get("subject")?,
        document: r.try_get("document")?,
        document_hash: r.try_get("document_hash")?,
        signature: r.try_get("signature")?,
        signed_at: at.instant("signed_at", &r.try_get::<String, _>("signed_at")?)?,
        public_key: r.try_get("public_key")?,
        key_status: key_at.parse("status", &r.try_get::<String, _>("key_status")?)?,
        key_ended_at: key_at.instant_opt(
            "ended_at",
            r.try_get::<Option<String>, _>("key_ended_at")?.as_deref(),
        )?,
    })
}

/// One page of a community's signatures, optionally of one subject, newest first, and how many
/// there are in all.
pub async fn signature_page(
    conn: &mut SqliteConnection,
    community_id: i64,
    subject: Option<&str>,
    offset: u32,
    limit: u32,
) -> StoreResult<(Vec<SignatureRow>, i64)> {
    let rows = sqlx::query(&format!(
        "{SIGNATURE_SELECT} WHERE s.community_id = ?1 AND (?2 IS NULL OR s.subject = ?2)
         ORDER BY s.id DESC LIMIT ?3 OFFSET ?4"
    ))
    .bind(community_id)
    .bind(subject)
    .bind(i64::from(limit))
    .bind(i64::from(offset))
    .fetch_all(&mut *conn)
    .await?;
    let total: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM signatures WHERE community_id = ?1 AND (?2 IS NULL OR subject = ?2)",
    )
    .bind(community_id)
    .bind(subject)
    .fetch_one(conn)
    .await?;
    Ok((
        rows.iter().map(signature_row).collect::<StoreResult<_>>()?,
        total,
    ))
}

/// Up to `limit` signatures of a community with ids below `before` (all when `None`), newest
/// first: keyset pages for reading every signature without holding them all.
pub async fn signatures_before(
    conn: &mut SqliteConnection,
    community_id: i64,
    before: Option<i64>,
    limit: u32,
) -> StoreResult<Vec<SignatureRow>> {
    let rows = sqlx::query(&format!(
        "{SIGNATURE_SELECT} WHERE s.community_id = ?1 AND (?2 IS NULL OR s.id < ?2)
         ORDER BY s.id DESC LIMIT ?3"
    ))
    .bind(community_id)
    .bind(before)
    .bind(i64::from(limit))
    .fetch_all(conn)
    .await?;
    rows.iter().map(signature_row).collect()
}

/// Every signature filed under exactly `subject`, oldest first, with no page limit.
pub async fn subject_signatures(
    conn: &mut SqliteConnection,
    community_id: i64,
    subject: &str,
) -> StoreResult<Vec<SignatureRow>> {
    let rows = sqlx::query(&format!(
        "{SIGNATURE_SELECT} WHERE s.community_id = ?1 AND s.subject = ?2 ORDER BY s.id"
    ))
    .bind(community_id)
    .bind(subject)
    .fetch_all(conn)
    .await?;
    rows.iter().map(signature_row).collect()
}

/// Every signature filed under a subject starting with `prefix`, oldest first.
pub async fn prefixed_signatures(
    conn: &mut SqliteConnection,
    community_id: i64,
    prefix: &str,
) -> StoreResult<Vec<SignatureRow>> {
    let rows = sqlx::query(&format!(
        "{SIGNATURE_SELECT} WHERE s.community_id = ?1 AND substr(s.subject, 1, length(?2)) = ?2 ORDER BY s.id"
    ))
    .bind(community_id)
    .bind(prefix)
    .fetch_all(conn)
    .await?;
    rows.iter().map(signature_row).collect()
}

/// One signature of a community by its id.
pub async fn signature(
    conn: &mut SqliteConnection,
    community_id: i64,
    id: i64,
) -> StoreResult<Option<SignatureRow>> {
    let row = sqlx::query(&format!(
        "{SIGNATURE_SELECT} WHERE s.community_id = ?1 AND s.id = ?2"
    ))
    .bind(community_id)
    .bind(id)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(signature_row).transpose()
}

/// When a person signed a subject, if they did (their newest signature of it).
pub async fn signed_at(
    conn: &mut SqliteConnection,
    community_id: i64,
    subject: &str,
    person_id: i64,
) -> StoreResult<Option<String>> {
    Ok(sqlx::query_scalar(
        "SELECT signed_at FROM signatures WHERE community_id = ? AND subject = ? AND person_id = ?
         ORDER BY id DESC LIMIT 1",
    )
    .bind(community_id)
    .bind(subject)
    .bind(person_id)
    .fetch_optional(conn)
    .await?)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementRow {
    pub id: i64,
    pub community_id: i64,
    pub title: String,
    pub body: String,
    pub created_at: String,
    pub created_by: String,
    pub signatures: i64,
}

pub async fn insert_statement(
    conn: &mut SqliteConnection,
    community_id: i64,
    title: &str,
    body: &str,
    at: &str,
    by: &str,
) -> StoreResult<i64> {
    Ok(sqlx::query("INSERT INTO statements (community_id, title, body, created_at, created_by) VALUES (?, ?, ?, ?, ?)")
        .bind(community_id)
        .bind(title)
        .bind(body)
        .bind(at)
        .bind(by)
        .execute(conn)
        .await?
        .last_insert_rowid())
}

pub async fn statements(
    conn: &mut SqliteConnection,
    community_id: i64,
    id: Option<i64>,
) -> StoreResult<Vec<StatementRow>> {
    let rows = sqlx::query(
        "SELECT st.id, st.community_id, st.title, st.body, st.created_at, st.created_by,
                (SELECT COUNT(*) FROM signatures s WHERE s.community_id = st.community_id AND s.subject = 'statement:' || st.id) AS signatures
         FROM statements st WHERE st.community_id = ?1 AND (?2 IS NULL OR st.id = ?2) ORDER BY st.id DESC",
    )
    .bind(community_id)
    .bind(id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(StatementRow {
                id: r.try_get("id")?,
                community_id: r.try_get("community_id")?,
                title: r.try_get("title")?,
                body: r.try_get("body")?,
                created_at: r.try_get("created_at")?,
                created_by: r.try_get("created_by")?,
                signatures: r.try_get("signatures")?,
            })
        })
        .collect()
}
