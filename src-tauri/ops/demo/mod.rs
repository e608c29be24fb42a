//! The demo community: loaded on request, it uses every feature and no feature uses it.
//!
//! The feature's operations are re-exported here, so callers name `ops::demo::<operation>`.

pub mod community;
pub mod conventions;

pub use community::*;
pub(crate) use conventions::*;
