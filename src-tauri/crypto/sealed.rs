//! A signing secret at rest: sealed under the holder's PIN or passphrase.
//!
//! Argon2id (memory-hard) derives a 32-byte key from the PIN and a random salt; XChaCha20-Poly1305
//! encrypts the 32-byte Ed25519 seed under it with a random nonce and the public key as
//! associated data, so a sealed secret cannot be moved onto another key's record. The text form
//! is `argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt b64>$<nonce b64>$<ciphertext b64>`, with
//! `,practice=1` after the lanes for a practice (demo, test) cost. The real cost is calibrated on
//! the host's computer ([`calibrate`]: one derivation takes at least [`MIN_DERIVATION`]) and kept
//! in each secret's text, so a secret sealed under an older or lower cost still opens.
//! Invariant: derived keys and opened seeds live in `Zeroizing` buffers only.

use super::signing::PublicKey;
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand_core::{OsRng, RngCore};
use zeroize::Zeroizing;

/// How costly one derivation is: Argon2id's memory (KiB), passes and lanes, and whether this is a
/// practice cost (demo and test communities only, refused in a real community).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cost {
    pub memory_kib: u32,
    pub passes: u32,
    pub lanes: u32,
    pub practice: bool,
}

impl Cost {
    /// What Yishi sealed under before costs were calibrated (OWASP's Argon2id minimum: 19 MiB, 2
    /// passes, 1 lane). Such keys still open, and are re-sealed at the calibrated cost at their next
    /// right PIN. Nothing weaker is a real key.
    pub const LEGACY: Cost = Cost {
        memory_kib: 19 * 1024,
        passes: 2,
        lanes: 1,
        practice: false,
    };

    /// The cost of demo and test keys: well under a millisecond, marked `practice=1` in the text.
    pub const PRACTICE: Cost = Cost {
        memory_kib: 64,
        passes: 1,
        lanes: 1,
        practice: true,
    };

    /// A real cost of `passes` over [`CALIBRATION_MEMORY_KIB`].
    pub const fn real(memory_kib: u32, passes: u32) -> Cost {
        Cost {
            memory_kib,
            passes,
            lanes: 1,
            practice: false,
        }
    }

    /// Practice cost, or weaker than anything a real Yishi ever sealed under (a `practice=1`
    /// mark removed by hand does not make a cheap key real).
    pub fn is_practice(&self) -> bool {
        self.practice
            || self.memory_kib < Cost::LEGACY.memory_kib
            || (self.memory_kib as u64) * (self.passes as u64)
                < (Cost::LEGACY.memory_kib as u64) * (Cost::LEGACY.passes as u64)
    }

    /// Whether a key sealed under `self` should be re-sealed under `current`: less memory or less
    /// work in all.
    pub fn weaker_than(&self, current: &Cost) -> bool {
        self.memory_kib < current.memory_kib
            || (self.memory_kib as u64) * (self.passes as u64)
                < (current.memory_kib as u64) * (current.passes as u64)
    }

    /// The `m=..,t=..,p=..` part of the text form (with `,practice=1` for a practice cost).
    pub fn text(&self) -> String {
        let practice = if self.practice { ",practice=1" } else { "" };
        format!(
            "m={},t={},p={}{practice}",
            self.memory_kib, self.passes, self.lanes
        )
    }
}

/// The memory a calibrated cost uses: 64 MiB (twice as many passes rather than less memory).
pub const CALIBRATION_MEMORY_KIB: u32 = 64 * 1024;
/// The least time one derivation must take at the calibrated cost on the host's computer.
pub const MIN_DERIVATION: std::time::Duration = std::time::Duration::from_millis(250);

/// The largest parameters a stored sealed secret may name: room for stronger settings later, but
/// a damaged or hostile record cannot make `open` allocate terabytes (an abort, not an error) or
/// run for days.
pub const MAX_MEMORY_KIB: u32 = 256 * 1024;
pub const MAX_PASSES: u32 = 16;
pub const MAX_LANES: u32 = 8;

/// The time of one derivation at `cost` on this computer (with a throw-away PIN and salt).
pub fn time_one(cost: &Cost) -> std::time::Duration {
    let started = std::time::Instant::now();
    let _ = derive(
        "calibration",
        &[7u8; 16],
        cost.memory_kib,
        cost.passes,
        cost.lanes,
    );
    started.elapsed()
}

/// A real cost at which one derivation takes at least `target` here, and what it measured:
/// 64 MiB and as many passes as needed (then more memory, up to the maxima, on a computer so fast
/// that 16 passes are not enough). Runs a few derivations; call it off the async threads.
pub fn calibrate(target: std::time::Duration) -> (Cost, std::time::Duration) {
    let mut cost = Cost::real(CALIBRATION_MEMORY_KIB, 1);
    loop {
        let took = time_one(&cost);
        if took >= target {
            return (cost, took);
        }
        if cost.passes >= MAX_PASSES {
            if cost.memory_kib >= MAX_MEMORY_KIB {
                return (cost, took);
            }
            cost = Cost::real((cost.memory_kib * 2).min(MAX_MEMORY_KIB), cost.passes);
            continue;
        }
        // Passes scale the time linearly: aim 10% over the target, and always move on.
        let per_pass = took.as_secs_f64() / f64::from(cost.passes);
        let wanted = (target.as_secs_f64() * 1.1 / per_pass.max(1e-6)).ceil();
        let next = (wanted as u32).clamp(cost.passes + 1, MAX_PASSES);
        cost = Cost::real(cost.memory_kib, next);
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedSecret {
    memory_kib: u32,
    passes: u32,
    lanes: u32,
    practice: bool,
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
    #[error("the PIN is too easy to guess")]
    PinTooWeak,
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

/// Whether a PIN is acceptable for a new key: the policy is `domain::pin`'s (without a birth
/// date: `ops::keys` checks that one); sealing refuses what it refuses.
pub fn check_pin(pin: &str) -> Result<(), SealError> {
    use crate::domain::pin::PinProblem;
    match crate::domain::pin::check_new_pin(pin, None) {
        Ok(()) => Ok(()),
        Err(PinProblem::TooShort { .. }) => Err(SealError::PinTooShort),
        Err(_) => Err(SealError::PinTooWeak),
    }
}

impl SealedSecret {
    /// Seals a new key's seed under a new PIN (checked against the PIN policy) at `cost`.
    pub fn seal(
        seed: &[u8; 32],
        pin: &str,
        public: &PublicKey,
        cost: Cost,
    ) -> Result<SealedSecret, SealError> {
        check_pin(pin)?;
        Self::seal_unchecked(seed, pin, public, cost)
    }

    /// Seals under a PIN already in use (re-sealing at a higher cost): a PIN chosen before the
    /// policy grew stricter is kept, not refused at the holder's next signature.
    pub(super) fn seal_unchecked(
        seed: &[u8; 32],
        pin: &str,
        public: &PublicKey,
        cost: Cost,
    ) -> Result<SealedSecret, SealError> {
        if cost.memory_kib > MAX_MEMORY_KIB || cost.passes > MAX_PASSES || cost.lanes > MAX_LANES {
            return Err(SealError::Corrupt);
        }
        let mut salt = [0u8; 16];
        let mut nonce = [0u8; 24];
        OsRng.fill_bytes(&mut salt);
        OsRng.fill_bytes(&mut nonce);
        let key = derive(pin, &salt, cost.memory_kib, cost.passes, cost.lanes)?;
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
            memory_kib: cost.memory_kib,
            passes: cost.passes,
            lanes: cost.lanes,
            practice: cost.practice,
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

    /// The cost this secret was sealed under.
    pub fn cost(&self) -> Cost {
        Cost {
            memory_kib: self.memory_kib,
            passes: self.passes,
            lanes: self.lanes,
            practice: self.practice,
        }
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
        SealedSecret::seal(&seed, new_pin, public, self.cost())
    }

    pub fn to_text(&self) -> String {
        format!(
            "argon2id$v=19${}${}${}${}",
            self.cost().text(),
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
        let mut practice = false;
        for kv in params.split(',') {
            let (k, v) = kv.split_once('=').ok_or(SealError::Corrupt)?;
            let v: u32 = v.parse().map_err(|_| SealError::Corrupt)?;
            match k {
                "m" => m = Some(v),
                "t" => t = Some(v),
                "p" => p = Some(v),
                "practice" if v == 1 => practice = true,
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
            practice,
            salt: decode(salt)?.try_into().map_err(|_| SealError::Corrupt)?,
            nonce: decode(nonce)?.try_into().map_err(|_| SealError::Corrupt)?,
            ciphertext: decode(ct)?,
        })
    }
}

#[cfg(test)]
#[path = "sealed_tests.rs"]
mod tests;
