//! Who holds which role in a community (host, secretary, party-branch member, party representatives).
//!
//! The feature's operations are re-exported here, so callers name `ops::access::<operation>`.

pub mod roles;

pub use roles::*;
