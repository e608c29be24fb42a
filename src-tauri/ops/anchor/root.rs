//! TEMPORARY development stand-in for the lead's `ops/anchor/root.rs` (CONTRACT.md), removed at
//! the merge of main: a per-community key derived from the community id. Never merged.

use crate::crypto::signing::{Document, PublicKey, sign_with_seed};
use crate::formats::signed::SignedFile;
use crate::ops::{Caller, OpResult};
use crate::secrets::Bundle;
use crate::store::WriteTx;
use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;

pub struct RootInfo {
    pub community_id: i64,
    pub generation: i64,
    pub public: PublicKey,
    pub fingerprint: String,
    pub created_at: String,
}

fn seed(community_id: i64) -> [u8; 32] {
    Sha256::digest(format!("shim-root-{community_id}")).into()
}

fn info(community_id: i64) -> RootInfo {
    let (public, _) = sign_with_seed(&seed(community_id), &Document::new("yishi/x/v1"));
    RootInfo {
        community_id,
        generation: 1,
        fingerprint: super::short_form(&crate::crypto::canonical::sha256_hex(&public.0)),
        public,
        created_at: String::new(),
    }
}

pub async fn current_root(
    _conn: &mut SqliteConnection,
    community_id: i64,
) -> OpResult<Option<RootInfo>> {
    Ok(Some(info(community_id)))
}

pub async fn ensure_root(
    _tx: &mut WriteTx,
    _secrets: &Bundle,
    community_id: i64,
    _by: &Caller,
) -> OpResult<RootInfo> {
    Ok(info(community_id))
}

pub async fn root_sign(
    _conn: &mut SqliteConnection,
    _secrets: &Bundle,
    community_id: i64,
    doc: &Document,
) -> OpResult<(RootInfo, SignedFile)> {
    let (public, sig) = sign_with_seed(&seed(community_id), doc);
    Ok((
        info(community_id),
        SignedFile::new(doc.clone(), &public, sig),
    ))
}

pub async fn root_keys(
    _conn: &mut SqliteConnection,
    community_id: i64,
) -> OpResult<Vec<PublicKey>> {
    Ok(vec![info(community_id).public])
}
