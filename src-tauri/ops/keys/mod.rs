//! Members' signing keys: enrolment (with proof of possession), rotation, revocation, PIN lock and unlock, and signing with a stored key.
//!
//! The feature's operations are re-exported here, so callers name `ops::keys::<operation>`.

pub mod cert_error;
pub mod cert_types;
pub mod certificates;
pub mod certify;
pub mod ending;
pub mod lifecycle;
pub(crate) mod pepper;
pub mod pin;
pub mod root;
pub mod types;

pub use cert_error::CertProblem;
pub use cert_types::*;
pub use certificates::*;
pub use ending::*;
pub use lifecycle::*;
pub use pin::*;
pub use root::*;
pub use types::*;
