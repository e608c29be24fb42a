//! Meetings: scheduling and notice, agenda, attendance and quorum, timed speakers, minutes fixed by their hash and signed, the flow's signed documents, the live view.
//!
//! The feature's operations are re-exported here, so callers name `ops::meetings::<operation>`.

pub mod calendar;
pub mod docs;
pub mod minutes;
pub mod print;
pub mod schedule;
pub mod speakers;
pub mod statement;
pub mod types;
pub mod view;

pub(crate) use docs::*;
pub use minutes::*;
pub use schedule::*;
pub use speakers::*;
pub(crate) use statement::*;
pub use types::*;
pub(crate) use view::*;
