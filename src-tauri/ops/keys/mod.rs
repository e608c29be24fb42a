//! Members' signing keys: enrolment (with proof of possession), rotation, revocation, PIN lock and unlock, and signing with a stored key.
//!
//! The feature's operations are re-exported here, so callers name `ops::keys::<operation>`.

pub mod lifecycle;
pub(crate) mod pepper;
pub mod pin;
pub mod types;

pub use lifecycle::*;
pub use pin::*;
pub use types::*;
