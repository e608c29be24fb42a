//! The one place that signs and verifies (Ed25519, RFC 8032, via ed25519-dalek).
//!
//! What is signed is a `Document`: a context string naming its kind and version
//! (`yishi/<kind>/v<N>`) and an ordered list of named, typed fields. Its canonical bytes are the
//! encoding of `canonical.rs` with each field written as its name then its value, so a verifier
//! needs only the document's JSON and `docs/signing.md` to rebuild the exact bytes.
//!
//! Invariants: no other module holds a `SigningKey`; a secret exists in clear only inside
//! `SealedSecret::sign` and is wiped when it returns; verification is strict (no malleable or
//! small-order signatures).

use super::canonical::Canonical;
use super::sealed::{SealError, SealedSecret};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;
use zeroize::Zeroizing;

/// One field's value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
#[ts(export)]
pub enum FieldValue {
    Text(String),
    Int(#[ts(type = "number")] i64),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Field {
    pub name: String,
    pub value: FieldValue,
}

/// Something to be signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Document {
    pub context: String,
    pub fields: Vec<Field>,
}

impl Document {
    pub fn new(context: &str) -> Document {
        Document {
            context: context.to_string(),
            fields: Vec::new(),
        }
    }

    pub fn text(mut self, name: &str, value: impl Into<String>) -> Document {
        self.fields.push(Field {
            name: name.into(),
            value: FieldValue::Text(value.into()),
        });
        self
    }

    pub fn int(mut self, name: &str, value: i64) -> Document {
        self.fields.push(Field {
            name: name.into(),
            value: FieldValue::Int(value),
        });
        self
    }

    pub fn get_text(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.name == name)
            .and_then(|f| match &f.value {
                FieldValue::Text(t) => Some(t.as_str()),
                FieldValue::Int(_) => None,
            })
    }

    pub fn get_int(&self, name: &str) -> Option<i64> {
        self.fields
            .iter()
            .find(|f| f.name == name)
            .and_then(|f| match f.value {
                FieldValue::Int(i) => Some(i),
                FieldValue::Text(_) => None,
            })
    }

    /// Whether the context has the form `yishi/<kind>/v<digits>`.
    pub fn context_is_valid(&self) -> bool {
        let parts: Vec<&str> = self.context.split('/').collect();
        parts.len() == 3
            && parts[0] == "yishi"
            && !parts[1].is_empty()
            && parts[1]
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'-')
            && parts[2]
                .strip_prefix('v')
                .is_some_and(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
    }

    /// The exact bytes that are signed.
    pub fn bytes(&self) -> Vec<u8> {
        let mut c = Canonical::new(&self.context).int(self.fields.len() as i64);
        for f in &self.fields {
            c = c.text(&f.name);
            c = match &f.value {
                FieldValue::Text(t) => c.text(t),
                FieldValue::Int(i) => c.int(*i),
            };
        }
        c.bytes().to_vec()
    }

    /// Hex SHA-256 of the signed bytes: the receipt a signer keeps.
    pub fn hash_hex(&self) -> String {
        hex::encode(Sha256::digest(self.bytes()))
    }
}

/// A public key as people handle it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(pub [u8; 32]);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyTextError {
    #[error("not a public key: expected 64 hex characters, optionally after 'yishi-key:v1:'")]
    Malformed,
    #[error("not a valid Ed25519 point")]
    NotAPoint,
    #[error("a weak (small-order) key")]
    Weak,
}

impl PublicKey {
    /// Accepts `yishi-key:v1:<64 hex>` (our QR/file form) or bare 64 hex, spaces and dashes ignored.
    pub fn parse(text: &str) -> Result<PublicKey, KeyTextError> {
        Ok(Self::parse_prepared(text)?.public)
    }

    pub fn hex(&self) -> String {
        hex::encode(self.0)
    }

    /// The form put in files and QR codes.
    pub fn text(&self) -> String {
        format!("yishi-key:v1:{}", self.hex())
    }

    /// 16 hex digits in groups of four, read aloud to compare ("3F9A 21C4 77BE 0D12"): the first
    /// 8 bytes of SHA-256 over the key.
    pub fn fingerprint(&self) -> String {
        let digest = Sha256::digest(self.0);
        let h = hex::encode_upper(&digest[..8]);
        h.as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A public key decompressed once, for checking many signatures by the same holder (a record's
/// ballots): same strict verification as `verify`, without re-parsing the key each time.
#[derive(Debug, Clone)]
pub struct PreparedKey {
    pub public: PublicKey,
    key: VerifyingKey,
}

impl PublicKey {
    /// Parses the text form and decompresses the point once (`parse` + `prepare` in one step).
    pub fn parse_prepared(text: &str) -> Result<PreparedKey, KeyTextError> {
        // The one place the text form is read: prefix optional, spaces, dashes and colons ignored.
        let t = text.trim();
        let t = t.strip_prefix("yishi-key:v1:").unwrap_or(t);
        let cleaned: String = t
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != ':')
            .collect();
        let bytes = hex::decode(&cleaned).map_err(|_| KeyTextError::Malformed)?;
        let arr: [u8; 32] = bytes.try_into().map_err(|_| KeyTextError::Malformed)?;
        PublicKey(arr).prepare()
    }

    pub fn prepare(&self) -> Result<PreparedKey, KeyTextError> {
        let key = VerifyingKey::from_bytes(&self.0).map_err(|_| KeyTextError::NotAPoint)?;
        if key.is_weak() {
            return Err(KeyTextError::Weak);
        }
        Ok(PreparedKey { public: *self, key })
    }
}

impl PreparedKey {
    /// Strictly verifies a hex signature over already-built document bytes.
    pub fn verify_bytes(&self, bytes: &[u8], signature_hex: &str) -> Result<(), VerifyError> {
        let raw = hex::decode(signature_hex.trim()).map_err(|_| VerifyError::Malformed)?;
        let arr: [u8; 64] = raw.try_into().map_err(|_| VerifyError::Malformed)?;
        self.key
            .verify_strict(bytes, &Signature::from_bytes(&arr))
            .map_err(|_| VerifyError::Mismatch)
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum VerifyError {
    #[error("the signature is not 64 bytes of hex")]
    Malformed,
    #[error("the signature does not match the document and key")]
    Mismatch,
    #[error("the document's context is not of the form yishi/<kind>/v<N>")]
    BadContext,
}

/// Checks a hex signature over a document with a public key.
pub fn verify(key: &PublicKey, doc: &Document, signature_hex: &str) -> Result<(), VerifyError> {
    if !doc.context_is_valid() {
        return Err(VerifyError::BadContext);
    }
    let bytes = hex::decode(signature_hex.trim()).map_err(|_| VerifyError::Malformed)?;
    let arr: [u8; 64] = bytes.try_into().map_err(|_| VerifyError::Malformed)?;
    let vk = VerifyingKey::from_bytes(&key.0).map_err(|_| VerifyError::Mismatch)?;
    vk.verify_strict(&doc.bytes(), &Signature::from_bytes(&arr))
        .map_err(|_| VerifyError::Mismatch)
}

/// Many signatures at once (a record's ballots) over their canonical bytes: true only if every
/// one passes the same strict check as `verify` (the caller checks each context). On failure,
/// callers fall back to `verify` to name the culprit.
///
/// Deliberately not `ed25519_dalek::verify_batch`: that check is not strict. It accepts a weak
/// (small-order) key, a small-order or non-canonically encoded R, and, in about half of all
/// batches, an R carrying a torsion component, all of which `verify_strict` (and OpenSSL, for
/// the last) rejects; a signer holding their own seed could craft a ballot the tally counts and
/// an auditor's independent check refuses. See docs/signing.md, "Strict verification".
pub fn verify_batch(items: &[(PublicKey, Vec<u8>, [u8; 64])]) -> bool {
    items.iter().all(|(k, m, s)| {
        VerifyingKey::from_bytes(&k.0)
            .is_ok_and(|vk| vk.verify_strict(m, &Signature::from_bytes(s)).is_ok())
    })
}

/// A new key pair whose secret is sealed under `pin` right away.
pub fn generate(pin: &str) -> Result<(PublicKey, SealedSecret), SealError> {
    let secret = SigningKey::generate(&mut rand_core::OsRng);
    let public = PublicKey(secret.verifying_key().to_bytes());
    let seed = Zeroizing::new(secret.to_bytes());
    Ok((public, SealedSecret::seal(&seed, pin, &public)?))
}

/// Signs with a seed held in clear (RFC 8032 vectors, and the member's own tool after unsealing).
pub fn sign_with_seed(seed: &[u8; 32], doc: &Document) -> (PublicKey, String) {
    let key = SigningKey::from_bytes(seed);
    let signature = key.sign(&doc.bytes());
    (
        PublicKey(key.verifying_key().to_bytes()),
        hex::encode(signature.to_bytes()),
    )
}

impl SealedSecret {
    /// Opens the secret with the PIN, signs, and wipes it. Wrong PIN -> `SealError::WrongPin`.
    pub fn sign(&self, pin: &str, public: &PublicKey, doc: &Document) -> Result<String, SealError> {
        let seed = self.open(pin, public)?;
        let key = SigningKey::from_bytes(&seed);
        if key.verifying_key().to_bytes() != public.0 {
            return Err(SealError::Corrupt);
        }
        Ok(hex::encode(key.sign(&doc.bytes()).to_bytes()))
    }
}

#[cfg(test)]
#[path = "signing_tests.rs"]
mod tests;
