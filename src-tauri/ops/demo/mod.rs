//! The demo community: loaded on request, it uses every feature and no feature uses it.
//!
//! The feature's operations are re-exported here, so callers name `ops::demo::<operation>`.

pub mod conventions;

pub(crate) use conventions::*;
