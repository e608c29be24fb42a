//! Anchors held outside the laptop: each community's root key (`root.rs`), which certifies
//! officers and signs what is published, the certificates that tie keys to people and offices
//! (`crypto::certs` checks them; `store::certs` keeps them), and the signed checkpoints over the
//! log (`checkpoint.rs`) with the receipt check built on them (`receipt.rs`). At the bottom of
//! the feature graph: it uses no other feature, and keys, votes, meetings and the record build
//! on it.

pub mod checkpoint;
pub mod receipt;
pub mod root;

pub use crate::crypto::anchor::{Anchor, parse_anchor, short_form};
pub use root::{
    RootInfo, RootRecord, current_root, ensure_all_roots, ensure_root, file_cert, root_history,
    root_sign, stored_certs,
};

/// Every root key (all generations) a community has had.
pub async fn root_keys(
    conn: &mut sqlx::SqliteConnection,
    community_id: i64,
) -> crate::ops::OpResult<Vec<crate::crypto::signing::PublicKey>> {
    Ok(root_history(conn, community_id)
        .await?
        .into_iter()
        .map(|r| r.info.public)
        .collect())
}
