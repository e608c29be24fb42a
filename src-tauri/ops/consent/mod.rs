//! Changing a home to business use (住改商, 民法典 Art. 279; 司法解释 Art. 11): opening a
//! request with its interested owners from the roll, adding an outside owner who showed harm,
//! the signed consent or refusal (through the one signing path: `SignSubject::Consent`), the
//! live view, and the exported record (`formats::consent`).
//!
//! The feature's operations are re-exported here, so callers name `ops::consent::<operation>`.

pub mod error;
pub mod open;
pub mod sign;
pub mod statement;
pub mod types;
pub mod view;

pub use error::*;
pub use open::*;
pub use sign::*;
pub(crate) use statement::*;
pub use types::*;
pub use view::*;
