//! The record's integrity: `audit verify` over the event chain and state digests, the event list, backups and restore.
//!
//! The feature's operations are re-exported here, so callers name `ops::record::<operation>`.

pub mod audit;
pub mod backup;

pub use audit::*;
pub use backup::*;
