//! Who may act: office holders (`roles`), sign-in and sessions (`session`), and the guard that
//! checks every operation against the role matrix (`domain::access`) before it runs (`guard`).
//!
//! The feature's operations are re-exported here, so callers name `ops::access::<operation>`.

pub mod devices;
pub mod error;
pub mod guard;
pub mod roles;
pub mod session;

pub use devices::*;
pub use error::AccessProblem;
pub use roles::*;
pub use session::*;
