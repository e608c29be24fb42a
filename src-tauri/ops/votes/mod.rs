//! Votes: create (rule proposal), open (frozen roll), cast (the one admission gate), proxies, the 从众 clause's service records, close (recount, signed result), records and notices.
//!
//! The feature's operations are re-exported here, so callers name `ops::votes::<operation>`.

pub mod cast;
pub mod close;
pub mod entries;
pub mod links;
pub(crate) mod manifest;
pub mod open;
pub mod proxies;
pub mod served;
pub mod statement;
pub mod types;

pub use cast::*;
pub use close::*;
pub use entries::*;
pub(crate) use links::*;
pub use open::*;
pub use proxies::*;
pub use served::*;
pub(crate) use statement::*;
pub use types::*;
