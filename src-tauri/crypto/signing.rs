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
use super::sealed::{Cost, SealError, SealedSecret};
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
    /// Shown, by an eighth, to lie in the prime-order subgroup (`batch`).
    subgroup: bool,
}

impl PublicKey {
    /// Parses the text form and decompresses the point once (`parse` + `prepare` in one step).
    pub fn parse_prepared(text: &str) -> Result<PreparedKey, KeyTextError> {
        Self::parse_bytes(text)?.prepare()
    }

    /// The 32 bytes of the text form, without checking that they are a usable point (a
    /// signature check with them does; `parse` checks both).
    pub fn parse_bytes(text: &str) -> Result<PublicKey, KeyTextError> {
        // The one place the text form is read: prefix optional, spaces, dashes and colons ignored.
        let t = text.trim();
        let t = t.strip_prefix("yishi-key:v1:").unwrap_or(t);
        let mut arr = [0u8; 32];
        if hex::decode_to_slice(t, &mut arr).is_ok() {
            // The usual case (files, records): 64 hex digits and nothing else.
            return Ok(PublicKey(arr));
        }
        let cleaned: String = t
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != ':')
            .collect();
        hex::decode_to_slice(&cleaned, &mut arr).map_err(|_| KeyTextError::Malformed)?;
        Ok(PublicKey(arr))
    }

    pub fn prepare(&self) -> Result<PreparedKey, KeyTextError> {
        let key = VerifyingKey::from_bytes(&self.0).map_err(|_| KeyTextError::NotAPoint)?;
        if key.is_weak() {
            return Err(KeyTextError::Weak);
        }
        Ok(PreparedKey {
            public: *self,
            key,
            subgroup: false,
        })
    }
}

impl PreparedKey {
    /// Takes the key's eighth (docs/signing.md §8.3), when the record has one: a valid one lets
    /// this key's signatures join a batch; a wrong one is ignored.
    pub fn with_eighth(mut self, eighth: Option<&str>) -> PreparedKey {
        let point = self.key.to_edwards();
        self.subgroup =
            eighth.is_some_and(|q| super::batch::proven_in_subgroup(&point, &self.public.0, q));
        self
    }

    pub(super) fn verifying_key(&self) -> &VerifyingKey {
        &self.key
    }

    /// The key as a point, if shown to lie in the prime-order subgroup.
    pub(super) fn subgroup_point(&self) -> Option<curve25519_dalek::edwards::EdwardsPoint> {
        self.subgroup.then(|| self.key.to_edwards())
    }

    /// Strictly verifies a hex signature over already-built document bytes.
    pub fn verify_bytes(&self, bytes: &[u8], signature_hex: &str) -> Result<(), VerifyError> {
        strict(&self.key, bytes, &signature_bytes(signature_hex)?)
    }
}

/// The 64 signature bytes from their hex text (white space around it ignored).
pub(super) fn signature_bytes(signature_hex: &str) -> Result<[u8; 64], VerifyError> {
    let mut arr = [0u8; 64];
    hex::decode_to_slice(signature_hex.trim(), &mut arr).map_err(|_| VerifyError::Malformed)?;
    Ok(arr)
}

/// The canonical encodings of the eight points of order dividing 8 (the whole torsion subgroup
/// E[8]): the neutral element, the point of order 2, two of order 4, four of order 8.
const SMALL_ORDER: [[u8; 32]; 8] = {
    let mut t = [[0u8; 32]; 8];
    t[0][0] = 1; // (0, 1): order 1
    let mut i = 0;
    while i < 32 {
        t[1][i] = 0xff; // (0, -1): order 2, y = p - 1
        i += 1;
    }
    t[1][0] = 0xec;
    t[1][31] = 0x7f;
    t[3][31] = 0x80; // t[2], t[3]: (±sqrt(-1), 0), order 4
    t[4] = ORDER8;
    t[5] = ORDER8;
    t[5][31] |= 0x80;
    t[6] = ORDER8_NEG_Y;
    t[7] = ORDER8_NEG_Y;
    t[7][31] |= 0x80;
    t
};
const ORDER8: [u8; 32] = [
    0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67, 0x0f,
    0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0x7a,
];
const ORDER8_NEG_Y: [u8; 32] = [
    0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98, 0xf0,
    0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05,
];

/// Exactly `VerifyingKey::verify_strict` (docs/signing.md §8.2), without decoding R. The
/// cofactorless check (`verify`: canonical S, then `encode([S]B - [k]A) == R_bytes` byte for
/// byte) only passes when `R_bytes` is the canonical encoding of a point, so R is small-order
/// exactly when `R_bytes` is one of the eight canonical encodings of E[8]: comparing bytes
/// replaces decompressing R (a field exponentiation, a sixth of the cost of a verification).
pub(super) fn strict(key: &VerifyingKey, bytes: &[u8], sig: &[u8; 64]) -> Result<(), VerifyError> {
    if key.is_weak() {
        return Err(VerifyError::Mismatch);
    }
    ed25519_dalek::Verifier::verify(key, bytes, &Signature::from_bytes(sig))
        .map_err(|_| VerifyError::Mismatch)?;
    if SMALL_ORDER.iter().any(|t| t[..] == sig[..32]) {
        return Err(VerifyError::Mismatch);
    }
    Ok(())
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
    let arr = signature_bytes(signature_hex)?;
    let vk = VerifyingKey::from_bytes(&key.0).map_err(|_| VerifyError::Mismatch)?;
    strict(&vk, &doc.bytes(), &arr)
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
    items
        .iter()
        .all(|(k, m, s)| VerifyingKey::from_bytes(&k.0).is_ok_and(|vk| strict(&vk, m, s).is_ok()))
}

/// A new key pair whose secret is sealed under `pin` at `cost` right away.
pub fn generate(pin: &str, cost: Cost) -> Result<(PublicKey, SealedSecret), SealError> {
    let secret = SigningKey::generate(&mut rand_core::OsRng);
    let public = PublicKey(secret.verifying_key().to_bytes());
    let seed = Zeroizing::new(secret.to_bytes());
    Ok((public, SealedSecret::seal(&seed, pin, &public, cost)?))
}

/// A new key pair whose secret is sealed under `pin` at `cost`, also returned opened (to sign its
/// enrolment without a second derivation).
pub fn generate_opened(pin: &str, cost: Cost) -> Result<(OpenedKey, SealedSecret), SealError> {
    let secret = SigningKey::generate(&mut rand_core::OsRng);
    let public = PublicKey(secret.verifying_key().to_bytes());
    let seed = Zeroizing::new(secret.to_bytes());
    let sealed = SealedSecret::seal(&seed, pin, &public, cost)?;
    Ok((OpenedKey { seed, public }, sealed))
}

/// Signs with a seed held in clear (RFC 8032 vectors, and the member's own tool after unsealing).
/// The public key of a seed (a community root's, whose secret is sealed by `crypto::anchor`).
pub fn public_of_seed(seed: &[u8; 32]) -> PublicKey {
    PublicKey(SigningKey::from_bytes(seed).verifying_key().to_bytes())
}

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
        Ok(self.unseal(pin, public)?.sign(doc))
    }

    /// Opens the secret with the PIN (one derivation) into a key that can sign and be re-sealed;
    /// the seed is wiped when it is dropped. Wrong PIN -> `SealError::WrongPin`.
    pub fn unseal(&self, pin: &str, public: &PublicKey) -> Result<OpenedKey, SealError> {
        let seed = self.open(pin, public)?;
        let key = SigningKey::from_bytes(&seed);
        if key.verifying_key().to_bytes() != public.0 {
            return Err(SealError::Corrupt);
        }
        Ok(OpenedKey {
            seed,
            public: *public,
        })
    }
}

/// A stored key opened with its right PIN: signs, or is sealed again under a new cost. Holds the
/// seed in a `Zeroizing` buffer (wiped on drop); `Debug` shows only the public key.
pub struct OpenedKey {
    seed: Zeroizing<[u8; 32]>,
    public: PublicKey,
}

impl std::fmt::Debug for OpenedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "OpenedKey({})", self.public.hex())
    }
}

impl OpenedKey {
    pub fn public(&self) -> PublicKey {
        self.public
    }

    /// A hex signature of `doc`.
    pub fn sign(&self, doc: &Document) -> String {
        let key = SigningKey::from_bytes(&self.seed);
        hex::encode(key.sign(&doc.bytes()).to_bytes())
    }

    /// The same secret sealed again under the same PIN (already checked: it opened this key) at
    /// `cost`, with a fresh salt and nonce.
    pub fn reseal(&self, pin: &str, cost: Cost) -> Result<SealedSecret, SealError> {
        SealedSecret::seal_unchecked(&self.seed, pin, &self.public, cost)
    }
}

#[cfg(test)]
#[path = "signing_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "strict_tests.rs"]
mod strict_tests;
