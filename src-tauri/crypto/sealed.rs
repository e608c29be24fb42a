//! A signing secret at rest: sealed under the holder's PIN or passphrase.
//!
//! Argon2id (memory-hard) derives a 32-byte key from the PIN and a random salt; XChaCha20-Poly1305
//! encrypts the 32-byte Ed25519 seed under it with a random nonce and the public key as
//! associated data, so a sealed secret cannot be moved onto another key's record. The text form
//! is `argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt b64>$<nonce b64>$<ciphertext b64>`.
//! Invariant: derived keys and opened seeds live in `Zeroizing` buffers only.

use super::signing::PublicKey;
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand_core::{OsRng, RngCore};
use zeroize::Zeroizing;

/// OWASP's Argon2id recommendation: 19 MiB, 2 passes, 1 lane.
pub const MEMORY_KIB: u32 = 19 * 1024;
pub const PASSES: u32 = 2;
pub const LANES: u32 = 1;
/// The largest parameters a stored sealed secret may name: room for stronger settings later, but
/// a damaged or hostile record cannot make `open` allocate terabytes (an abort, not an error) or
/// run for days.
pub const MAX_MEMORY_KIB: u32 = 256 * 1024;
pub const MAX_PASSES: u32 = 16;
pub const MAX_LANES: u32 = 8;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedSecret {
    memory_kib: u32,
    passes: u32,
    lanes: u32,
    salt: [u8; 16],
    nonce: [u8; 24],
    ciphertext: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    #[error("wrong PIN")]
    WrongPin,
    #[error("the PIN is too short")]
    PinTooShort,
    #[error("the sealed secret is damaged")]
    Corrupt,
}

fn derive(
    pin: &str,
    salt: &[u8; 16],
    m: u32,
    t: u32,
    p: u32,
) -> Result<Zeroizing<[u8; 32]>, SealError> {
    let params = Params::new(m, t, p, Some(32)).map_err(|_| SealError::Corrupt)?;
    let mut out = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(pin.as_bytes(), salt, out.as_mut())
        .map_err(|_| SealError::Corrupt)?;
    Ok(out)
}

/// Whether a PIN is acceptable for a new key: the policy is `domain::pin`'s; sealing refuses
/// what it refuses.
pub fn check_pin(pin: &str) -> Result<(), SealError> {
    crate::domain::pin::check_new_pin(pin).map_err(|_| SealError::PinTooShort)
}

impl SealedSecret {
    pub fn seal(seed: &[u8; 32], pin: &str, public: &PublicKey) -> Result<SealedSecret, SealError> {
        check_pin(pin)?;
        let mut salt = [0u8; 16];
        let mut nonce = [0u8; 24];
        OsRng.fill_bytes(&mut salt);
        OsRng.fill_bytes(&mut nonce);
        let key = derive(pin, &salt, MEMORY_KIB, PASSES, LANES)?;
        let cipher = XChaCha20Poly1305::new(key.as_ref().into());
        let ciphertext = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: seed,
                    aad: &public.0,
                },
            )
            .map_err(|_| SealError::Corrupt)?;
        Ok(SealedSecret {
            memory_kib: MEMORY_KIB,
            passes: PASSES,
            lanes: LANES,
            salt,
            nonce,
            ciphertext,
        })
    }

    /// The seed, if the PIN is right.
    pub(super) fn open(
        &self,
        pin: &str,
        public: &PublicKey,
    ) -> Result<Zeroizing<[u8; 32]>, SealError> {
        let key = derive(pin, &self.salt, self.memory_kib, self.passes, self.lanes)?;
        let cipher = XChaCha20Poly1305::new(key.as_ref().into());
        let plain = Zeroizing::new(
            cipher
                .decrypt(
                    XNonce::from_slice(&self.nonce),
                    Payload {
                        msg: &self.ciphertext,
                        aad: &public.0,
                    },
                )
                .map_err(|_| SealError::WrongPin)?,
        );
        let seed: [u8; 32] = plain
            .as_slice()
            .try_into()
            .map_err(|_| SealError::Corrupt)?;
        Ok(Zeroizing::new(seed))
    }

    /// The same secret sealed under another PIN input (binding an older key to the pepper):
    /// opened and sealed again here, so the seed never leaves this module.
    pub fn reseal(
        &self,
        pin: &str,
        new_pin: &str,
        public: &PublicKey,
    ) -> Result<SealedSecret, SealError> {
        let seed = self.open(pin, public)?;
        SealedSecret::seal(&seed, new_pin, public)
    }

    pub fn to_text(&self) -> String {
        format!(
            "argon2id$v=19$m={},t={},p={}${}${}${}",
            self.memory_kib,
            self.passes,
            self.lanes,
            B64.encode(self.salt),
            B64.encode(self.nonce),
            B64.encode(&self.ciphertext)
        )
    }

    pub fn from_text(text: &str) -> Result<SealedSecret, SealError> {
        let parts: Vec<&str> = text.trim().split('$').collect();
        let [alg, version, params, salt, nonce, ct] = parts.as_slice() else {
            return Err(SealError::Corrupt);
        };
        if *alg != "argon2id" || *version != "v=19" {
            return Err(SealError::Corrupt);
        }
        let mut m = None;
        let mut t = None;
        let mut p = None;
        for kv in params.split(',') {
            let (k, v) = kv.split_once('=').ok_or(SealError::Corrupt)?;
            let v: u32 = v.parse().map_err(|_| SealError::Corrupt)?;
            match k {
                "m" => m = Some(v),
                "t" => t = Some(v),
                "p" => p = Some(v),
                _ => return Err(SealError::Corrupt),
            }
        }
        let (Some(m), Some(t), Some(p)) = (m, t, p) else {
            return Err(SealError::Corrupt);
        };
        if m > MAX_MEMORY_KIB || t > MAX_PASSES || p > MAX_LANES {
            return Err(SealError::Corrupt);
        }
        let decode = |s: &str| B64.decode(s).map_err(|_| SealError::Corrupt);
        Ok(SealedSecret {
            memory_kib: m,
            passes: t,
            lanes: p,
            salt: decode(salt)?.try_into().map_err(|_| SealError::Corrupt)?,
            nonce: decode(nonce)?.try_into().map_err(|_| SealError::Corrupt)?,
            ciphertext: decode(ct)?,
        })
    }
}

#[cfg(test)]
#[path = "sealed_tests.rs"]
mod tests;
