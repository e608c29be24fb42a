//! Matters (议题) through the consultation flow: steps checked against the record, and the matter rebuilt from its steps.
//!
//! The feature's operations are re-exported here, so callers name `ops::matters::<operation>`.

pub mod error;
pub mod steps;
pub mod view;

pub use error::*;
pub use steps::*;
pub(crate) use view::*;
