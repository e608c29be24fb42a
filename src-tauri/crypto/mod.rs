//! Hashing and (later) signing over canonical bytes.
//!
//! Invariant: every byte string that is hashed or signed is built here, from a versioned,
//! domain-separated encoding that never changes once released (a new version gets a new context
//! string). Nothing outside this module decides how a record is serialised for hashing, and
//! nothing outside it holds a secret key: `signing` signs and verifies, `sealed` keeps secrets
//! encrypted under the holder's PIN.

pub mod anchor;
pub mod canonical;
pub mod certs;
pub mod chain;
pub mod convention;
pub mod merkle;
pub mod sealed;
pub mod signing;
