//! Vote manifests as stored (migration 0020): the root-signed document and its two lists, as
//! JSON text written by `ops::votes`; this module does not interpret them.

use super::StoreResult;
use sqlx::SqliteConnection;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestRow {
    pub vote_id: i64,
    pub document: String,
    pub root_key: String,
    pub signature: String,
    pub entries: String,
    pub others: String,
    pub officers: String,
    pub hash: String,
    pub created_at: String,
}

pub async fn insert(conn: &mut SqliteConnection, m: &ManifestRow) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO vote_manifests (vote_id, document, root_key, signature, entries, others, officers, hash, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(m.vote_id)
    .bind(&m.document)
    .bind(&m.root_key)
    .bind(&m.signature)
    .bind(&m.entries)
    .bind(&m.others)
    .bind(&m.officers)
    .bind(&m.hash)
    .bind(&m.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn get(conn: &mut SqliteConnection, vote_id: i64) -> StoreResult<Option<ManifestRow>> {
    #[allow(clippy::type_complexity)]
    let row: Option<(i64, String, String, String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT vote_id, document, root_key, signature, entries, others, officers, hash, created_at \
         FROM vote_manifests WHERE vote_id = ?",
    )
    .bind(vote_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(
        |(vote_id, document, root_key, signature, entries, others, officers, hash, created_at)| {
            ManifestRow {
                vote_id,
                document,
                root_key,
                signature,
                entries,
                others,
                officers,
                hash,
                created_at,
            }
        },
    ))
}

/// The manifest hash of a vote, if it was opened with one.
pub async fn hash(conn: &mut SqliteConnection, vote_id: i64) -> StoreResult<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT hash FROM vote_manifests WHERE vote_id = ?")
            .bind(vote_id)
            .fetch_optional(conn)
            .await?,
    )
}
