//! A backup encrypted under the recovery code, to keep off the laptop (a USB drive held by the
//! owners' committee). Documented byte by byte in docs/security.md, "Encrypted backups".
//!
//! Layout (integers little-endian), 110 bytes of header then the ciphertext:
//!
//! | offset | bytes | field |
//! |---|---|---|
//! | 0 | 16 | magic `yishi-backup-enc` (ASCII) |
//! | 16 | 2 | version, 1 = Argon2id v1.3 + XChaCha20-Poly1305 |
//! | 18 | 4 | Argon2id memory, KiB |
//! | 22 | 4 | Argon2id passes |
//! | 26 | 4 | Argon2id lanes |
//! | 30 | 16 | salt (random) |
//! | 46 | 24 | nonce (random) |
//! | 70 | 32 | code check: bytes 32..64 of the Argon2id output |
//! | 102 | 8 | length of the ciphertext (the database plus the 16-byte tag) |
//! | 110 | … | XChaCha20-Poly1305 ciphertext of the SQLite file; associated data: bytes 0..110 |
//!
//! Argon2id derives 64 bytes from the recovery code in its canonical form (24 characters, no
//! hyphens, upper case) and the salt: the first 32 are the encryption key, the last 32 the code
//! check, so a wrong code is told apart from a damaged file without trying to decrypt.
//!
//! Invariant: `open` returns the exact bytes `seal` was given, or an error; it never allocates
//! or derives beyond the bounds below, whatever the file says.

use super::escrow::normalise_code;
use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand_core::{OsRng, RngCore};
use zeroize::Zeroizing;

pub const MAGIC: &[u8; 16] = b"yishi-backup-enc";
pub const VERSION: u16 = 1;
pub const HEADER_LEN: usize = 110;
/// The suffix of an encrypted backup's file name.
pub const EXTENSION: &str = "yishi-backup";
/// The largest database sealed or opened (held in memory whole).
pub const MAX_DATABASE_BYTES: usize = 512 * 1024 * 1024;
const TAG_LEN: usize = 16;

const MEMORY_KIB: u32 = 19 * 1024;
const PASSES: u32 = 2;
const LANES: u32 = 1;

/// Why an encrypted backup could not be made or opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealedBackupError {
    #[error("the recovery code is not well formed")]
    MalformedCode,
    #[error("the recovery code does not open this backup")]
    WrongCode,
    #[error("the encrypted backup is damaged or incomplete")]
    Damaged,
    #[error("the backup is larger than {} MiB", MAX_DATABASE_BYTES / (1024 * 1024))]
    TooLarge,
}

/// Whether `bytes` start like an encrypted backup (whatever follows).
pub fn is_sealed(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

struct Header {
    m: u32,
    t: u32,
    p: u32,
    salt: [u8; 16],
    nonce: [u8; 24],
    check: [u8; 32],
    length: u64,
}

impl Header {
    fn bytes(&self) -> [u8; HEADER_LEN] {
        let mut h = [0u8; HEADER_LEN];
        h[..16].copy_from_slice(MAGIC);
        h[16..18].copy_from_slice(&VERSION.to_le_bytes());
        h[18..22].copy_from_slice(&self.m.to_le_bytes());
        h[22..26].copy_from_slice(&self.t.to_le_bytes());
        h[26..30].copy_from_slice(&self.p.to_le_bytes());
        h[30..46].copy_from_slice(&self.salt);
        h[46..70].copy_from_slice(&self.nonce);
        h[70..102].copy_from_slice(&self.check);
        h[102..110].copy_from_slice(&self.length.to_le_bytes());
        h
    }

    fn parse(bytes: &[u8]) -> Result<Header, SealedBackupError> {
        let damaged = SealedBackupError::Damaged;
        let h = bytes.get(..HEADER_LEN).ok_or(damaged.clone())?;
        if &h[..16] != MAGIC || u16::from_le_bytes([h[16], h[17]]) != VERSION {
            return Err(damaged);
        }
        let u32_at = |i: usize| u32::from_le_bytes(h[i..i + 4].try_into().unwrap_or_default());
        let arr = |from: usize| -> [u8; 32] { h[from..from + 32].try_into().unwrap_or([0; 32]) };
        let mut salt = [0u8; 16];
        salt.copy_from_slice(&h[30..46]);
        let mut nonce = [0u8; 24];
        nonce.copy_from_slice(&h[46..70]);
        let mut length = [0u8; 8];
        length.copy_from_slice(&h[102..110]);
        Ok(Header {
            m: u32_at(18),
            t: u32_at(22),
            p: u32_at(26),
            salt,
            nonce,
            check: arr(70),
            length: u64::from_le_bytes(length),
        })
    }
}

/// The encryption key and the code check, from the code and the header's parameters.
fn derive(
    code: &str,
    salt: &[u8; 16],
    m: u32,
    t: u32,
    p: u32,
) -> Result<(Zeroizing<[u8; 32]>, [u8; 32]), SealedBackupError> {
    let code = normalise_code(code).map_err(|_| SealedBackupError::MalformedCode)?;
    // A hostile header cannot make the check allocate or run without bound.
    if m > 256 * 1024 || t > 16 || p > 8 {
        return Err(SealedBackupError::Damaged);
    }
    let params = Params::new(m, t, p, Some(64)).map_err(|_| SealedBackupError::Damaged)?;
    let mut out = Zeroizing::new([0u8; 64]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(code.as_bytes(), salt, out.as_mut())
        .map_err(|_| SealedBackupError::Damaged)?;
    let mut key = Zeroizing::new([0u8; 32]);
    key.copy_from_slice(&out[..32]);
    let mut check = [0u8; 32];
    check.copy_from_slice(&out[32..]);
    Ok((key, check))
}

/// The database `bytes` encrypted under the recovery `code`.
pub fn seal(bytes: &[u8], code: &str) -> Result<Vec<u8>, SealedBackupError> {
    if bytes.len() > MAX_DATABASE_BYTES {
        return Err(SealedBackupError::TooLarge);
    }
    let mut salt = [0u8; 16];
    let mut nonce = [0u8; 24];
    OsRng.fill_bytes(&mut salt);
    OsRng.fill_bytes(&mut nonce);
    let (key, check) = derive(code, &salt, MEMORY_KIB, PASSES, LANES)?;
    let header = Header {
        m: MEMORY_KIB,
        t: PASSES,
        p: LANES,
        salt,
        nonce,
        check,
        length: (bytes.len() + TAG_LEN) as u64,
    }
    .bytes();
    let ciphertext = XChaCha20Poly1305::new(key.as_ref().into())
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: bytes,
                aad: &header,
            },
        )
        .map_err(|_| SealedBackupError::TooLarge)?;
    let mut out = Vec::with_capacity(HEADER_LEN + ciphertext.len());
    out.extend_from_slice(&header);
    out.extend_from_slice(&ciphertext);
    Ok(out)
}

/// The database inside an encrypted backup, opened with the recovery `code`. The header and the
/// length are checked before the (deliberately slow) derivation, the code check before
/// decrypting; the tag covers the header, so no byte of the file can change unnoticed.
pub fn open(file: &[u8], code: &str) -> Result<Zeroizing<Vec<u8>>, SealedBackupError> {
    normalise_code(code).map_err(|_| SealedBackupError::MalformedCode)?;
    let header = Header::parse(file)?;
    let body = &file[HEADER_LEN..];
    if header.length != body.len() as u64 || body.len() < TAG_LEN {
        return Err(SealedBackupError::Damaged);
    }
    if body.len() - TAG_LEN > MAX_DATABASE_BYTES {
        return Err(SealedBackupError::TooLarge);
    }
    let (key, check) = derive(code, &header.salt, header.m, header.t, header.p)?;
    // Not secret: anyone holding the file reads it, and each guess costs a derivation.
    if check != header.check {
        return Err(SealedBackupError::WrongCode);
    }
    XChaCha20Poly1305::new(key.as_ref().into())
        .decrypt(
            XNonce::from_slice(&header.nonce),
            Payload {
                msg: body,
                aad: &file[..HEADER_LEN],
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| SealedBackupError::Damaged)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::issue_recovery_code;

    #[test]
    fn round_trip_with_the_code_in_any_form() {
        let code = issue_recovery_code();
        let db = b"SQLite format 3\0 and the rest of a database".to_vec();
        let sealed = seal(&db, &code).expect("seals");
        assert!(is_sealed(&sealed));
        assert_eq!(sealed.len(), HEADER_LEN + db.len() + TAG_LEN);
        assert!(!sealed.windows(15).any(|w| w == &db[..15]), "encrypted");
        let typed = code.to_lowercase().replace('-', " ");
        assert_eq!(*open(&sealed, &typed).expect("opens"), db);
        // Two exports of the same database differ (fresh salt and nonce).
        assert_ne!(seal(&db, &code).expect("seals"), sealed);
    }

    #[test]
    fn wrong_code_damage_and_hostile_headers_are_told_apart() {
        let code = issue_recovery_code();
        let sealed = seal(b"SQLite format 3\0...", &code).expect("seals");
        assert_eq!(
            open(&sealed, &issue_recovery_code()),
            Err(SealedBackupError::WrongCode)
        );
        assert_eq!(open(&sealed, "1234"), Err(SealedBackupError::MalformedCode));
        // Truncated anywhere, or one byte longer.
        for cut in [0, 10, HEADER_LEN - 1, HEADER_LEN, sealed.len() - 1] {
            assert_eq!(
                open(&sealed[..cut], &code),
                Err(SealedBackupError::Damaged),
                "{cut}"
            );
        }
        let mut longer = sealed.clone();
        longer.push(0);
        assert_eq!(open(&longer, &code), Err(SealedBackupError::Damaged));
        // A flipped bit in the ciphertext, the tag, the nonce or the length field.
        for at in [HEADER_LEN + 3, sealed.len() - 1, 50, 102] {
            let mut garbled = sealed.clone();
            garbled[at] ^= 1;
            assert_eq!(
                open(&garbled, &code),
                Err(SealedBackupError::Damaged),
                "{at}"
            );
        }
        // A flipped bit in the salt or the check reads as a wrong code (the check fails).
        for at in [31, 80] {
            let mut garbled = sealed.clone();
            garbled[at] ^= 1;
            assert_eq!(open(&garbled, &code), Err(SealedBackupError::WrongCode));
        }
        // Parameters asking for unbounded work are refused before any derivation.
        let mut greedy = sealed.clone();
        greedy[18..22].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(open(&greedy, &code), Err(SealedBackupError::Damaged));
        let mut version = sealed.clone();
        version[16] = 2;
        assert_eq!(open(&version, &code), Err(SealedBackupError::Damaged));
        // A length claiming more than the limit.
        let mut huge = sealed.clone();
        huge[102..110].copy_from_slice(&(u64::MAX).to_le_bytes());
        assert_eq!(open(&huge, &code), Err(SealedBackupError::Damaged));
    }
}
