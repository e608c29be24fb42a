//! Civility conventions: drafting (articles, suggestions, reviews, freezing), adoption by a lawful instrument, filing and publication, acknowledgements, violations and the evaluation report.
//!
//! The feature's operations are re-exported here, so callers name `ops::conventions::<operation>`.

pub mod adopt;
pub mod drafting;
pub mod error;
pub mod practice;
pub mod state;
pub mod statement;
pub mod types;
pub mod view;

pub use adopt::*;
pub use drafting::*;
pub use error::*;
pub use practice::*;
pub(crate) use state::*;
pub(crate) use statement::*;
pub use types::*;
pub(crate) use view::*;
