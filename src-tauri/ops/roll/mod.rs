//! Communities, buildings and the owners' roll: roster import (preview, commit), units, persons, export.
//!
//! The feature's operations are re-exported here, so callers name `ops::roll::<operation>`.

pub mod community;
pub mod import;
pub mod units;

pub use community::*;
pub use import::*;
pub use units::*;
