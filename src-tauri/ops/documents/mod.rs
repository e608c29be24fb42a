//! Printable pages (notices, minutes) and saving exports into the user's Downloads folder from the desktop window.
//!
//! The feature's operations are re-exported here, so callers name `ops::documents::<operation>`.

pub mod files;
pub mod print;

pub use files::*;
pub(crate) use print::*;
