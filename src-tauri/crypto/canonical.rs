//! The canonical encoding: a context string, then each field as a tagged, length-prefixed value.
//!
//! `context \0` then for every field: one tag byte (`s` text, `i` signed integer, `n` absent),
//! for text an 8-byte big-endian length and the UTF-8 bytes, for integers 8 bytes big-endian.
//! Length prefixes make the encoding injective: no two field lists give the same bytes.

use sha2::{Digest, Sha256};

/// Builds canonical bytes field by field.
pub struct Canonical {
    bytes: Vec<u8>,
}

impl Canonical {
    pub fn new(context: &str) -> Canonical {
        let mut bytes = Vec::with_capacity(128);
        bytes.extend_from_slice(context.as_bytes());
        bytes.push(0);
        Canonical { bytes }
    }

    pub fn text(mut self, value: &str) -> Canonical {
        self.bytes.push(b's');
        self.bytes
            .extend_from_slice(&(value.len() as u64).to_be_bytes());
        self.bytes.extend_from_slice(value.as_bytes());
        self
    }

    pub fn int(mut self, value: i64) -> Canonical {
        self.bytes.push(b'i');
        self.bytes.extend_from_slice(&value.to_be_bytes());
        self
    }

    pub fn opt_int(self, value: Option<i64>) -> Canonical {
        match value {
            Some(v) => self.int(v),
            None => self.absent(),
        }
    }

    pub fn absent(mut self) -> Canonical {
        self.bytes.push(b'n');
        self
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Lowercase hex SHA-256 of the bytes.
    pub fn sha256_hex(&self) -> String {
        hex::encode(Sha256::digest(&self.bytes))
    }
}

/// Hex SHA-256 of arbitrary bytes (file digests, identity-number digests).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The stored key of a person's identity number: only this digest is kept, never the number.
/// An input already in the form `sha256:<64 hex>` (what the roll export writes) is taken as is,
/// so an exported roll re-imports onto the same persons.
pub fn identity_digest(id_number: &str) -> String {
    if let Some(hex_part) = id_number.strip_prefix("sha256:") {
        if hex_part.len() == 64 && hex_part.bytes().all(|b| b.is_ascii_hexdigit()) {
            return hex_part.to_ascii_lowercase();
        }
    }
    Canonical::new("yishi/person-id/v1")
        .text(id_number)
        .sha256_hex()
}

/// One community's key for identity digests (derived from the secrets kept outside the
/// database: `crate::secrets::Bundle::id_key`).
#[derive(Clone)]
pub struct IdKey(zeroize::Zeroizing<[u8; 32]>);

impl std::fmt::Debug for IdKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IdKey(..)")
    }
}

/// The prefix under which an export writes a keyed digest in the identity-number column; an
/// import takes such a value as the digest itself.
pub const KEYED_PREFIX: &str = "hmac-sha256:";

impl IdKey {
    pub fn new(bytes: [u8; 32]) -> IdKey {
        IdKey(zeroize::Zeroizing::new(bytes))
    }

    /// The stored digest of a person: HMAC-SHA256(key, the unkeyed digest's 32 bytes), in hex.
    /// `unkeyed` is `identity_digest` (or `resident_digest`) in hex. Without the key, a stored
    /// or exported digest cannot be checked against guessed identity numbers.
    pub fn digest(&self, unkeyed: &str) -> String {
        use hmac::Mac;
        let raw = hex::decode(unkeyed).unwrap_or_else(|_| unkeyed.as_bytes().to_vec());
        let mut mac = <hmac::Hmac<Sha256> as Mac>::new_from_slice(self.0.as_ref())
            .expect("HMAC takes a key of any length");
        mac.update(&raw);
        hex::encode(mac.finalize().into_bytes())
    }
}

/// A keyed digest as an export writes it (`hmac-sha256:<hex>`), if `text` is one.
pub fn keyed_digest_in(text: &str) -> Option<String> {
    let hex_part = text.trim().strip_prefix(KEYED_PREFIX)?;
    (hex_part.len() == 64 && hex_part.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| hex_part.to_ascii_lowercase())
}

/// The key of a resident listed without an identity number: unique per unit and name.
pub fn resident_digest(building: &str, unit: &str, name: &str) -> String {
    Canonical::new("yishi/resident/v1")
        .text(building)
        .text(unit)
        .text(name)
        .sha256_hex()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_is_injective_over_field_boundaries() {
        let a = Canonical::new("t/v1").text("ab").text("c");
        let b = Canonical::new("t/v1").text("a").text("bc");
        assert_ne!(a.bytes(), b.bytes());
        let c = Canonical::new("t/v1").opt_int(None).text("x");
        let d = Canonical::new("t/v1").text("x").opt_int(None);
        assert_ne!(c.bytes(), d.bytes());
    }

    #[test]
    fn encoding_is_frozen() {
        // If this changes, every stored hash breaks: make a new version instead.
        let c = Canonical::new("yishi/test/v1").text("议").int(-2).absent();
        assert_eq!(
            hex::encode(c.bytes()),
            "79697368692f746573742f763100730000000000000003e8aeae69fffffffffffffffe6e"
        );
    }
}
