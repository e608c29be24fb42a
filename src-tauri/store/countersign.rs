//! Countersignatures of root hand-overs (migration 0018), append-only.

use super::StoreResult;
use super::typed::stamp;
use chrono::{DateTime, Utc};
use sqlx::{Row, SqliteConnection};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Countersignature {
    pub generation: i64,
    /// Hex of the countersigner's key.
    pub public_key: String,
    pub document_hash: String,
    pub signature: String,
    pub filed_at: String,
}

/// Files one; `false` when this key already countersigned this generation.
pub async fn insert(
    conn: &mut SqliteConnection,
    community_id: i64,
    c: &Countersignature,
    at: DateTime<Utc>,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "INSERT INTO root_countersignatures
           (community_id, generation, public_key, document_hash, signature, filed_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
    )
    .bind(community_id)
    .bind(c.generation)
    .bind(&c.public_key)
    .bind(&c.document_hash)
    .bind(&c.signature)
    .bind(stamp(at))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The community's countersignatures, by generation.
pub async fn list(
    conn: &mut SqliteConnection,
    community_id: i64,
) -> StoreResult<Vec<Countersignature>> {
    let rows = sqlx::query(
        "SELECT generation, public_key, document_hash, signature, filed_at
         FROM root_countersignatures WHERE community_id = ? ORDER BY generation, id",
    )
    .bind(community_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Countersignature {
                generation: r.try_get("generation")?,
                public_key: r.try_get("public_key")?,
                document_hash: r.try_get("document_hash")?,
                signature: r.try_get("signature")?,
                filed_at: r.try_get("filed_at")?,
            })
        })
        .collect()
}
