//! Anchors people can compare by eye: the short form of a hash or key fingerprint printed on
//! notices and receipts, and the sealing of a community root's secret under a key kept outside
//! the database.
//!
//! The short form is the first 128 bits of a SHA-256 as eight groups of four uppercase hex
//! digits ("3F9A 21C4 77BE 0D12 9A0B 44E1 C2D3 8F70"). 128 bits is far beyond what anyone can
//! match by trying keys or manifests; QR codes carry the full 64-digit hex.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// The number of hex digits in the short form.
pub const SHORT_DIGITS: usize = 32;

/// The short form of a 64-hex SHA-256 (any case). Text that is not 64 hex is returned as is.
pub fn short_form(hex_sha256: &str) -> String {
    let h = hex_sha256.trim();
    if h.len() != 64 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
        return h.to_string();
    }
    let upper = h[..SHORT_DIGITS].to_ascii_uppercase();
    upper
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The fingerprint of a root (or any) public key: SHA-256 over its 32 bytes, in full hex.
pub fn key_fingerprint_hex(public: &[u8; 32]) -> String {
    hex::encode(Sha256::digest(public))
}

/// An anchor as a person typed or scanned it: the full 64-hex form, or the short form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
    Full(String),
    /// The first `SHORT_DIGITS` hex digits, lowercase.
    Short(String),
}

/// Reads an anchor: spaces, dashes and colons ignored, any case, an optional `sha256:` prefix.
/// `None` when it is neither 64 nor 32 hex digits.
pub fn parse_anchor(text: &str) -> Option<Anchor> {
    let t = text.trim();
    let t = t.strip_prefix("sha256:").unwrap_or(t);
    let cleaned: String = t
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != ':')
        .collect::<String>()
        .to_ascii_lowercase();
    if !cleaned.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    match cleaned.len() {
        64 => Some(Anchor::Full(cleaned)),
        SHORT_DIGITS => Some(Anchor::Short(cleaned)),
        _ => None,
    }
}

impl Anchor {
    /// Whether a full hex hash is the one this anchor names.
    pub fn matches(&self, full_hex: &str) -> bool {
        let full = full_hex.to_ascii_lowercase();
        match self {
            Anchor::Full(h) => *h == full,
            Anchor::Short(s) => full.len() == 64 && full.starts_with(s.as_str()),
        }
    }
}

/// The text form of a sealed root secret: `xchacha20poly1305:v1:<nonce hex>:<ciphertext hex>`.
const WRAP_PREFIX: &str = "xchacha20poly1305:v1:";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WrapError {
    #[error("the sealed secret is not in a known form")]
    Malformed,
    #[error("the sealed secret does not open with this computer's secrets")]
    WrongKey,
}

/// Seals a 32-byte secret under `key`, bound to `label` (associated data: e.g. the community
/// and generation, so a sealed root cannot be moved to another row).
pub fn wrap(key: &[u8; 32], label: &[u8], secret: &[u8; 32]) -> String {
    let cipher = XChaCha20Poly1305::new(key.into());
    let mut nonce = [0u8; 24];
    OsRng.fill_bytes(&mut nonce);
    let sealed = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: secret,
                aad: label,
            },
        )
        .expect("XChaCha20-Poly1305 encrypts any 32 bytes");
    format!(
        "{WRAP_PREFIX}{}:{}",
        hex::encode(nonce),
        hex::encode(sealed)
    )
}

/// Opens what `wrap` sealed with the same key and label.
pub fn unwrap(key: &[u8; 32], label: &[u8], text: &str) -> Result<Zeroizing<[u8; 32]>, WrapError> {
    let rest = text.strip_prefix(WRAP_PREFIX).ok_or(WrapError::Malformed)?;
    let (nonce_hex, sealed_hex) = rest.split_once(':').ok_or(WrapError::Malformed)?;
    let mut nonce = [0u8; 24];
    hex::decode_to_slice(nonce_hex, &mut nonce).map_err(|_| WrapError::Malformed)?;
    let sealed = hex::decode(sealed_hex).map_err(|_| WrapError::Malformed)?;
    let cipher = XChaCha20Poly1305::new(key.into());
    let opened = Zeroizing::new(
        cipher
            .decrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: &sealed,
                    aad: label,
                },
            )
            .map_err(|_| WrapError::WrongKey)?,
    );
    let arr: [u8; 32] = opened
        .as_slice()
        .try_into()
        .map_err(|_| WrapError::Malformed)?;
    Ok(Zeroizing::new(arr))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_form_and_anchor_parsing() {
        let h = "3f9a21c477be0d129a0b44e1c2d38f70aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        let s = short_form(h);
        assert_eq!(s, "3F9A 21C4 77BE 0D12 9A0B 44E1 C2D3 8F70");
        assert!(parse_anchor(&s).expect("short").matches(h));
        assert!(parse_anchor(h).expect("full").matches(&h.to_uppercase()));
        assert!(
            !parse_anchor(&s)
                .expect("short")
                .matches(&h.replace("3f9a", "3f9b"))
        );
        assert_eq!(parse_anchor("3F9A 21C4"), None);
        assert_eq!(parse_anchor("zz"), None);
        assert_eq!(short_form("not a hash"), "not a hash");
    }

    #[test]
    fn wrap_round_trips_and_binds_key_and_label() {
        let key = [7u8; 32];
        let secret = [9u8; 32];
        let text = wrap(&key, b"root:1:1", &secret);
        assert_eq!(*unwrap(&key, b"root:1:1", &text).expect("opens"), secret);
        assert_eq!(
            unwrap(&[8u8; 32], b"root:1:1", &text),
            Err(WrapError::WrongKey)
        );
        assert_eq!(unwrap(&key, b"root:2:1", &text), Err(WrapError::WrongKey));
        assert_eq!(
            unwrap(&key, b"root:1:1", "garbage"),
            Err(WrapError::Malformed)
        );
    }
}
