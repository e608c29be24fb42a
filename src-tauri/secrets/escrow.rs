//! The recovery code and the copy of the bundle sealed under it (the escrow).
//!
//! A code is 24 characters from an alphabet without look-alikes (no 0, O, 1, I), 5 bits each:
//! 120 random bits, written in six groups of four (`7KQ2-…`). Argon2id derives a 32-byte key
//! from the code and a random salt; XChaCha20-Poly1305 seals the bundle's JSON under it with the
//! database id as associated data. Text form, kept in the database's `settings`:
//! `yishi-escrow:v1$m=<KiB>,t=<passes>,p=<lanes>$<salt b64>$<nonce b64>$<ciphertext b64>`.

use super::{Bundle, SecretsError};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand_core::{OsRng, RngCore};
use zeroize::Zeroizing;

/// The code's alphabet: digits and capitals without 0, 1, I, O (32 characters).
pub const ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/// Characters in a code (not counting the hyphens between groups).
pub const CODE_CHARS: usize = 24;
const GROUP: usize = 4;

const PREFIX: &str = "yishi-escrow:v1";
const MEMORY_KIB: u32 = 19 * 1024;
const PASSES: u32 = 2;
const LANES: u32 = 1;

/// A new recovery code, grouped for reading aloud or writing down.
pub fn issue_recovery_code() -> Zeroizing<String> {
    let mut raw = Zeroizing::new([0u8; CODE_CHARS]);
    OsRng.fill_bytes(raw.as_mut());
    let mut out = Zeroizing::new(String::with_capacity(CODE_CHARS + CODE_CHARS / GROUP));
    for (i, b) in raw.iter().enumerate() {
        if i > 0 && i % GROUP == 0 {
            out.push('-');
        }
        // 256 is a multiple of 32: every character is equally likely.
        out.push(ALPHABET[usize::from(*b) % ALPHABET.len()] as char);
    }
    out
}

/// The code as typed (any case, spaces and hyphens anywhere) in its canonical form, or
/// `MalformedCode` when it has a character outside the alphabet or the wrong length.
pub fn normalise_code(text: &str) -> Result<Zeroizing<String>, SecretsError> {
    let mut out = Zeroizing::new(String::with_capacity(CODE_CHARS));
    for c in text.chars() {
        if c.is_whitespace() || c == '-' {
            continue;
        }
        let c = c.to_ascii_uppercase();
        if !c.is_ascii() || !ALPHABET.contains(&(c as u8)) {
            return Err(SecretsError::MalformedCode);
        }
        out.push(c);
    }
    if out.len() != CODE_CHARS {
        return Err(SecretsError::MalformedCode);
    }
    Ok(out)
}

fn derive(
    code: &str,
    salt: &[u8; 16],
    m: u32,
    t: u32,
    p: u32,
) -> Result<Zeroizing<[u8; 32]>, SecretsError> {
    let params = Params::new(m, t, p, Some(32)).map_err(|_| SecretsError::EscrowDamaged)?;
    let mut out = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(code.as_bytes(), salt, out.as_mut())
        .map_err(|_| SecretsError::EscrowDamaged)?;
    Ok(out)
}

/// Seals `bundle` under a recovery code (as given by `issue_recovery_code` or typed).
pub fn seal(bundle: &Bundle, code: &str) -> Result<String, SecretsError> {
    let code = normalise_code(code)?;
    let mut salt = [0u8; 16];
    let mut nonce = [0u8; 24];
    OsRng.fill_bytes(&mut salt);
    OsRng.fill_bytes(&mut nonce);
    let key = derive(&code, &salt, MEMORY_KIB, PASSES, LANES)?;
    let json = bundle.to_json();
    let ciphertext = XChaCha20Poly1305::new(key.as_ref().into())
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: json.as_bytes(),
                aad: bundle.database_id().as_bytes(),
            },
        )
        .map_err(|_| SecretsError::EscrowDamaged)?;
    Ok(format!(
        "{PREFIX}$m={MEMORY_KIB},t={PASSES},p={LANES}${}${}${}",
        B64.encode(salt),
        B64.encode(nonce),
        B64.encode(ciphertext)
    ))
}

/// Opens an escrow with the code. `WrongCode` when the code does not open it; the bundle must
/// belong to `database_id`.
pub fn open(text: &str, code: &str, database_id: &str) -> Result<Bundle, SecretsError> {
    let code = normalise_code(code)?;
    let parts: Vec<&str> = text.trim().split('$').collect();
    let [prefix, params, salt, nonce, ct] = parts.as_slice() else {
        return Err(SecretsError::EscrowDamaged);
    };
    if *prefix != PREFIX {
        return Err(SecretsError::EscrowDamaged);
    }
    let (mut m, mut t, mut p) = (None, None, None);
    for kv in params.split(',') {
        let (k, v) = kv.split_once('=').ok_or(SecretsError::EscrowDamaged)?;
        let v: u32 = v.parse().map_err(|_| SecretsError::EscrowDamaged)?;
        match k {
            "m" => m = Some(v),
            "t" => t = Some(v),
            "p" => p = Some(v),
            _ => return Err(SecretsError::EscrowDamaged),
        }
    }
    let (Some(m), Some(t), Some(p)) = (m, t, p) else {
        return Err(SecretsError::EscrowDamaged);
    };
    // A hostile file cannot make the check allocate or run without bound.
    if m > 256 * 1024 || t > 16 || p > 8 {
        return Err(SecretsError::EscrowDamaged);
    }
    let decode = |s: &str| B64.decode(s).map_err(|_| SecretsError::EscrowDamaged);
    let salt: [u8; 16] = decode(salt)?
        .try_into()
        .map_err(|_| SecretsError::EscrowDamaged)?;
    let nonce: [u8; 24] = decode(nonce)?
        .try_into()
        .map_err(|_| SecretsError::EscrowDamaged)?;
    let ct = decode(ct)?;
    let key = derive(&code, &salt, m, t, p)?;
    let plain = Zeroizing::new(
        XChaCha20Poly1305::new(key.as_ref().into())
            .decrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: &ct,
                    aad: database_id.as_bytes(),
                },
            )
            .map_err(|_| SecretsError::WrongCode)?,
    );
    let text = std::str::from_utf8(&plain).map_err(|_| SecretsError::EscrowDamaged)?;
    let bundle = Bundle::from_json(text).map_err(|_| SecretsError::EscrowDamaged)?;
    if bundle.database_id() != database_id {
        return Err(SecretsError::EscrowDamaged);
    }
    Ok(bundle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_grouped_from_the_alphabet_and_normalise() {
        let code = issue_recovery_code();
        assert_eq!(code.len(), CODE_CHARS + CODE_CHARS / GROUP - 1);
        assert_eq!(code.split('-').count(), CODE_CHARS / GROUP);
        let typed = code.to_lowercase().replace('-', " ");
        assert_eq!(
            *normalise_code(&typed).expect("normalises"),
            code.replace('-', "")
        );
        assert_ne!(*issue_recovery_code(), *code);
        for bad in ["", "ABCD", &format!("{}0", &code[..code.len() - 1])] {
            assert_eq!(
                normalise_code(bad),
                Err(SecretsError::MalformedCode),
                "{bad}"
            );
        }
    }

    #[test]
    fn escrow_opens_with_the_code_only() {
        let b = Bundle::generate(&super::super::new_database_id());
        let code = issue_recovery_code();
        let text = seal(&b, &code).expect("seals");
        assert!(!text.contains(&*b.to_json()));
        assert_eq!(open(&text, &code, b.database_id()).expect("opens"), b);
        let other = issue_recovery_code();
        assert_eq!(
            open(&text, &other, b.database_id()),
            Err(SecretsError::WrongCode)
        );
        // Moved onto another database, it does not open.
        assert_eq!(
            open(&text, &code, &super::super::new_database_id()),
            Err(SecretsError::WrongCode)
        );
        assert_eq!(
            open(
                "yishi-escrow:v1$m=999999999,t=1,p=1$a$b$c",
                &code,
                b.database_id()
            ),
            Err(SecretsError::EscrowDamaged)
        );
    }
}
