//! The record's integrity: `audit verify` over the event chain and state digests, the event list, backups and a restore that cannot quietly roll history back, and checking an exported record file of any kind.
//!
//! The feature's operations are re-exported here, so callers name `ops::record::<operation>`.

pub mod audit;
pub mod backup;
pub mod check;
pub mod error;
pub mod restore;
pub mod sealed;
pub mod types;

pub use audit::*;
pub use backup::*;
pub use check::*;
pub use restore::*;
pub use sealed::{backup_export, backup_export_to};
pub use types::*;
