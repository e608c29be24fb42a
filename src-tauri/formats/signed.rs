//! The signed-file form: a document, the public key and the signature, self-contained so that
//! anyone can re-check it offline (`yishi keys verify`, or any tool following docs/signing.md).

use crate::crypto::signing::{self, Document, PublicKey};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub const SIGNED_FORMAT: &str = "yishi-signed/v1";

/// A signature made outside the app by a member's own key (`yishi keys sign`), or exported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SignedFile {
    /// Always "yishi-signed/v1".
    pub format: String,
    pub document: Document,
    pub public_key: String,
    pub signature: String,
}

impl SignedFile {
    pub fn new(document: Document, public: &PublicKey, signature: String) -> SignedFile {
        SignedFile {
            format: SIGNED_FORMAT.into(),
            document,
            public_key: public.text(),
            signature,
        }
    }

    /// The signer's key, if the file verifies.
    pub fn verify(&self) -> Result<PublicKey, signing::VerifyError> {
        if self.format != SIGNED_FORMAT {
            return Err(signing::VerifyError::Malformed);
        }
        let key =
            PublicKey::parse(&self.public_key).map_err(|_| signing::VerifyError::Malformed)?;
        signing::verify(&key, &self.document, &self.signature)?;
        Ok(key)
    }
}
