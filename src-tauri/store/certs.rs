//! Community root keys and certificates (`migrations/0016_certificates.sql`).

use super::StoreResult;
use sqlx::{Row, SqliteConnection};

/// One generation of a community's root key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RootRow {
    pub id: i64,
    pub community_id: i64,
    pub generation: i64,
    /// Hex of the 32 key bytes.
    pub public_key: String,
    pub sealed_secret: String,
    pub created_at: String,
    pub ended_at: Option<String>,
    /// The hand-over document (JSON) for generations after the first.
    pub handover: Option<String>,
}

fn root_row(r: &sqlx::sqlite::SqliteRow) -> StoreResult<RootRow> {
    Ok(RootRow {
        id: r.try_get("id")?,
        community_id: r.try_get("community_id")?,
        generation: r.try_get("generation")?,
        public_key: r.try_get("public_key")?,
        sealed_secret: r.try_get("sealed_secret")?,
        created_at: r.try_get("created_at")?,
        ended_at: r.try_get("ended_at")?,
        handover: r.try_get("handover")?,
    })
}

const ROOT_COLUMNS: &str =
    "id, community_id, generation, public_key, sealed_secret, created_at, ended_at, handover";

/// Every generation of a community's root, oldest first.
pub async fn roots(conn: &mut SqliteConnection, community_id: i64) -> StoreResult<Vec<RootRow>> {
    let rows = sqlx::query(&format!(
        "SELECT {ROOT_COLUMNS} FROM community_roots WHERE community_id = ? ORDER BY generation"
    ))
    .bind(community_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(root_row).collect()
}

/// The current (newest, not ended) root.
pub async fn current_root(
    conn: &mut SqliteConnection,
    community_id: i64,
) -> StoreResult<Option<RootRow>> {
    let row = sqlx::query(&format!(
        "SELECT {ROOT_COLUMNS} FROM community_roots
         WHERE community_id = ? AND ended_at IS NULL ORDER BY generation DESC LIMIT 1"
    ))
    .bind(community_id)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(root_row).transpose()
}

pub struct NewRoot<'a> {
    pub community_id: i64,
    pub generation: i64,
    pub public_key: &'a str,
    pub sealed_secret: &'a str,
    pub created_at: &'a str,
    pub handover: Option<&'a str>,
}

pub async fn insert_root(conn: &mut SqliteConnection, r: NewRoot<'_>) -> StoreResult<i64> {
    let id = sqlx::query(
        "INSERT INTO community_roots (community_id, generation, public_key, sealed_secret,
             created_at, handover) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(r.community_id)
    .bind(r.generation)
    .bind(r.public_key)
    .bind(r.sealed_secret)
    .bind(r.created_at)
    .bind(r.handover)
    .execute(conn)
    .await?
    .last_insert_rowid();
    Ok(id)
}

/// Ends a generation (a hand-over made a newer one).
pub async fn end_root(conn: &mut SqliteConnection, root_id: i64, at: &str) -> StoreResult<()> {
    sqlx::query("UPDATE community_roots SET ended_at = ? WHERE id = ? AND ended_at IS NULL")
        .bind(at)
        .bind(root_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Communities without a root yet (made before roots existed).
pub async fn communities_without_root(conn: &mut SqliteConnection) -> StoreResult<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM communities c
         WHERE NOT EXISTS (SELECT 1 FROM community_roots r WHERE r.community_id = c.id)
         ORDER BY id",
    )
    .fetch_all(conn)
    .await?)
}

/// One stored certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertRow {
    pub id: i64,
    pub community_id: i64,
    /// `role`, `enrolment` or `revocation`.
    pub kind: String,
    pub person_id: i64,
    pub public_key: String,
    pub signer_key: String,
    /// The signed `Document` as JSON.
    pub document: String,
    pub document_hash: String,
    pub signature: String,
    pub issued_at: String,
}

fn cert_row(r: &sqlx::sqlite::SqliteRow) -> StoreResult<CertRow> {
    Ok(CertRow {
        id: r.try_get("id")?,
        community_id: r.try_get("community_id")?,
        kind: r.try_get("kind")?,
        person_id: r.try_get("person_id")?,
        public_key: r.try_get("public_key")?,
        signer_key: r.try_get("signer_key")?,
        document: r.try_get("document")?,
        document_hash: r.try_get("document_hash")?,
        signature: r.try_get("signature")?,
        issued_at: r.try_get("issued_at")?,
    })
}

const CERT_COLUMNS: &str = "id, community_id, kind, person_id, public_key, signer_key, document,
    document_hash, signature, issued_at";

pub struct NewCert<'a> {
    pub community_id: i64,
    pub kind: &'a str,
    pub person_id: i64,
    pub public_key: &'a str,
    pub signer_key: &'a str,
    pub document: &'a str,
    pub document_hash: &'a str,
    pub signature: &'a str,
    pub issued_at: &'a str,
}

pub async fn insert_cert(conn: &mut SqliteConnection, c: NewCert<'_>) -> StoreResult<i64> {
    let id = sqlx::query(
        "INSERT INTO certificates (community_id, kind, person_id, public_key, signer_key,
             document, document_hash, signature, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(c.community_id)
    .bind(c.kind)
    .bind(c.person_id)
    .bind(c.public_key)
    .bind(c.signer_key)
    .bind(c.document)
    .bind(c.document_hash)
    .bind(c.signature)
    .bind(c.issued_at)
    .execute(conn)
    .await?
    .last_insert_rowid();
    Ok(id)
}

/// A community's certificates in the order they were issued, optionally one person's.
pub async fn certs(
    conn: &mut SqliteConnection,
    community_id: i64,
    person_id: Option<i64>,
) -> StoreResult<Vec<CertRow>> {
    let rows = sqlx::query(&format!(
        "SELECT {CERT_COLUMNS} FROM certificates
         WHERE community_id = ?1 AND (?2 IS NULL OR person_id = ?2) ORDER BY id"
    ))
    .bind(community_id)
    .bind(person_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(cert_row).collect()
}

/// The certificates that name a key (as certified or revoked), oldest first.
pub async fn certs_of_key(
    conn: &mut SqliteConnection,
    public_key_hex: &str,
) -> StoreResult<Vec<CertRow>> {
    let rows = sqlx::query(&format!(
        "SELECT {CERT_COLUMNS} FROM certificates WHERE public_key = ? ORDER BY id"
    ))
    .bind(public_key_hex)
    .fetch_all(conn)
    .await?;
    rows.iter().map(cert_row).collect()
}
