//! Anchors held outside the laptop: each community's root key (`root.rs`), which certifies
//! officers and signs what is published, and the certificates that tie keys to people and
//! offices (`crypto::certs` checks them; `store::certs` keeps them). At the bottom of the feature
//! graph: it uses no other feature, and keys, votes, meetings and the record build on it.

pub mod root;

pub use crate::crypto::anchor::{Anchor, parse_anchor, short_form};
pub use root::{
    RootInfo, RootRecord, current_root, ensure_all_roots, ensure_root, file_cert, root_history,
    root_sign, stored_certs,
};
