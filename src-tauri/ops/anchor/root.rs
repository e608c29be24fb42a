//! A community's root key: made with the community (or, for one made before roots existed, at
//! the first start after), its secret random and stored sealed under a key derived from the
//! secrets bundle kept outside the database (`Bundle::wrap_key`). It signs role certificates,
//! revocations of offices, vote manifests and checkpoints. Its fingerprint (the short form of
//! SHA-256 over the key) is printed on every notice and published document.

use crate::crypto::anchor::{key_fingerprint_hex, short_form, unwrap, wrap};
use crate::crypto::certs::{Cert, CertKind};
use crate::crypto::signing::{self, Document, PublicKey};
use crate::formats::signed::SignedFile;
use crate::ops::SecretsProblem;
use crate::ops::{Caller, OpError, OpResult};
use crate::secrets::Bundle;
use crate::store::certs::{self as cert_store, CertRow, NewCert, NewRoot, RootRow};
use crate::store::events::{self, NewEvent};
use crate::store::{Store, StoreError, WriteTx, community};
use chrono::{DateTime, SecondsFormat, Utc};
use rand_core::{OsRng, RngCore};
use serde_json::json;
use sqlx::SqliteConnection;
use zeroize::Zeroizing;

/// A community's current root, as shown and printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RootInfo {
    pub community_id: i64,
    pub generation: i64,
    pub public: PublicKey,
    /// The short form of SHA-256 over the 32 key bytes (`crypto::anchor::short_form`).
    pub fingerprint: String,
    /// The same in full hex (what a QR code and `--root` take).
    pub fingerprint_hex: String,
    pub created_at: String,
}

/// One generation, with when it ended and the hand-over that made it (after the first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RootRecord {
    pub info: RootInfo,
    pub ended_at: Option<String>,
    /// The `yishi/root-handover/v1` signed files (JSON), as stored.
    pub handover: Option<String>,
}

fn info_of(row: &RootRow) -> OpResult<RootInfo> {
    let public = PublicKey::parse(&row.public_key)
        .map_err(|_| StoreError::Corrupt(format!("community_roots {}", row.id)))?;
    let hex = key_fingerprint_hex(&public.0);
    Ok(RootInfo {
        community_id: row.community_id,
        generation: row.generation,
        public,
        fingerprint: short_form(&hex),
        fingerprint_hex: hex,
        created_at: row.created_at.clone(),
    })
}

/// What the sealed secret is bound to: a sealed root cannot be moved to another row.
fn label(community_id: i64, generation: i64, public_hex: &str) -> Vec<u8> {
    format!("yishi/root/v1:{community_id}:{generation}:{public_hex}").into_bytes()
}

pub async fn current_root(
    conn: &mut SqliteConnection,
    community_id: i64,
) -> OpResult<Option<RootInfo>> {
    cert_store::current_root(conn, community_id)
        .await?
        .as_ref()
        .map(info_of)
        .transpose()
}

pub async fn root_history(
    conn: &mut SqliteConnection,
    community_id: i64,
) -> OpResult<Vec<RootRecord>> {
    cert_store::roots(conn, community_id)
        .await?
        .iter()
        .map(|r| {
            Ok(RootRecord {
                info: info_of(r)?,
                ended_at: r.ended_at.clone(),
                handover: r.handover.clone(),
            })
        })
        .collect()
}

/// A fresh random root secret, sealed for `(community_id, generation)`.
pub(crate) fn new_sealed_root(
    secrets: &Bundle,
    community_id: i64,
    generation: i64,
) -> (PublicKey, String) {
    let mut seed = Zeroizing::new([0u8; 32]);
    OsRng.fill_bytes(seed.as_mut());
    let public = signing::public_of_seed(&seed);
    let key = secrets.wrap_key("root", community_id);
    let sealed = wrap(&key, &label(community_id, generation, &public.hex()), &seed);
    (public, sealed)
}

/// Makes the community's root if it has none, inside the caller's transaction (appends
/// `root.created`). Returns the current root either way.
pub async fn ensure_root(
    tx: &mut WriteTx,
    secrets: &Bundle,
    community_id: i64,
    by: &Caller,
) -> OpResult<RootInfo> {
    if let Some(root) = current_root(tx.conn(), community_id).await? {
        return Ok(root);
    }
    let (public, sealed) = new_sealed_root(secrets, community_id, 1);
    let at = by.now.to_rfc3339_opts(SecondsFormat::Secs, true);
    cert_store::insert_root(
        tx.conn(),
        NewRoot {
            community_id,
            generation: 1,
            public_key: &public.hex(),
            sealed_secret: &sealed,
            created_at: &at,
            handover: None,
        },
    )
    .await?;
    let hex = key_fingerprint_hex(&public.0);
    events::append(
        tx,
        NewEvent {
            at: by.now,
            actor: &by.actor,
            community_id: Some(community_id),
            kind: "root.created",
            payload: json!({
                "generation": 1,
                "public_key": public.hex(),
                "fingerprint": hex,
            }),
        },
    )
    .await?;
    current_root(tx.conn(), community_id)
        .await?
        .ok_or_else(|| StoreError::Corrupt("community_roots".into()).into())
}

/// Gives every community made before roots existed its root (at start-up, logged).
pub async fn ensure_all_roots(
    store: &Store,
    secrets: &Bundle,
    actor: &str,
    now: DateTime<Utc>,
) -> OpResult<()> {
    let missing = {
        let mut conn = store.reader().acquire().await?;
        cert_store::communities_without_root(&mut conn).await?
    };
    if missing.is_empty() {
        return Ok(());
    }
    let mut tx = store.begin().await?;
    let by = Caller::new(actor, now);
    for community_id in missing {
        ensure_root(&mut tx, secrets, community_id, &by).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Signs `doc` with the community's current root. Returns the root and the signed file.
pub async fn root_sign(
    conn: &mut SqliteConnection,
    secrets: &Bundle,
    community_id: i64,
    doc: &Document,
) -> OpResult<(RootInfo, SignedFile)> {
    let row = cert_store::current_root(conn, community_id)
        .await?
        .ok_or_else(|| StoreError::Corrupt(format!("community {community_id} has no root key")))?;
    let info = info_of(&row)?;
    let key = secrets.wrap_key("root", community_id);
    let opened = unwrap(
        &key,
        &label(community_id, row.generation, &row.public_key),
        &row.sealed_secret,
    )
    .ok()
    .map(|seed| signing::sign_with_seed(&seed, doc))
    .filter(|(public, _)| *public == info.public);
    let Some((public, signature)) = opened else {
        let name = community::get(conn, community_id)
            .await?
            .map(|c| c.name)
            .unwrap_or_default();
        return Err(OpError::Secrets(SecretsProblem::RootSealed {
            community: name,
        }));
    };
    Ok((
        info.clone(),
        SignedFile::new(doc.clone(), &public, signature),
    ))
}

/// Files a signed certificate (inside the caller's transaction; the caller logs the act).
pub async fn file_cert(
    conn: &mut SqliteConnection,
    community_id: i64,
    kind: CertKind,
    person_id: i64,
    subject: &PublicKey,
    signed: &SignedFile,
) -> OpResult<i64> {
    let signer = PublicKey::parse(&signed.public_key)
        .map_err(|_| StoreError::Corrupt("certificate signer".into()))?;
    let issued_at = signed
        .document
        .get_text("issued_at")
        .or_else(|| signed.document.get_text("revoked_at"))
        .unwrap_or_default()
        .to_string();
    let document = serde_json::to_string(&signed.document)
        .map_err(|e| StoreError::Corrupt(format!("certificate document: {e}")))?;
    Ok(cert_store::insert_cert(
        conn,
        NewCert {
            community_id,
            kind: kind.as_str(),
            person_id,
            public_key: &subject.hex(),
            signer_key: &signer.hex(),
            document: &document,
            document_hash: &signed.document.hash_hex(),
            signature: &signed.signature,
            issued_at: &issued_at,
        },
    )
    .await?)
}

/// A stored certificate as `crypto::certs::check_chain` takes it.
pub fn cert_of(row: &CertRow) -> OpResult<Cert> {
    let corrupt = || OpError::from(StoreError::Corrupt(format!("certificates {}", row.id)));
    Ok(Cert {
        id: row.id,
        kind: CertKind::parse(&row.kind).ok_or_else(corrupt)?,
        doc: serde_json::from_str(&row.document).map_err(|_| corrupt())?,
        signer_key: PublicKey::parse(&row.signer_key).map_err(|_| corrupt())?,
        signature: row.signature.clone(),
    })
}

/// A community's certificates (optionally one person's), ready for `check_chain`.
pub async fn stored_certs(
    conn: &mut SqliteConnection,
    community_id: i64,
    person_id: Option<i64>,
) -> OpResult<Vec<Cert>> {
    cert_store::certs(conn, community_id, person_id)
        .await?
        .iter()
        .map(cert_of)
        .collect()
}
