//! Who holds which role in a community (host, secretary, party-branch member, party representatives),
//! and what each operation needs (`Access`, declared in the operations table).
//!
//! The feature's operations are re-exported here, so callers name `ops::access::<operation>`.

pub mod need;
pub mod roles;

pub use need::Access;
pub use roles::*;
