//! Signed statements at the kiosk or from a member's own key, and reading signatures back (verified on the spot).
//! Generic: each feature hands signing a typed statement (`statement.rs`); signing names no feature.
//!
//! The feature's operations are re-exported here, so callers name `ops::signing::<operation>`.

pub mod signatures;
pub mod statement;
pub mod submit;

pub use signatures::*;
pub use submit::*;
