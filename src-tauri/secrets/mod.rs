//! The secrets a database needs that are kept OUTSIDE its file, so that a copied database or
//! backup alone gives up neither a PIN nor an identity number.
//!
//! A `Bundle` belongs to one database (named by the random id in its `settings` row) and holds:
//! - a 32-byte **pepper**: a PIN is bound to it before Argon2 (`pin_input`), so guessing PINs
//!   offline needs the pepper as well as the file;
//! - a 32-byte **identity-digest master**: each community's key is derived from it
//!   (`id_key`), and `persons.id_digest` is HMAC-SHA256(community key, SHA-256(ID number)),
//!   so a digest cannot be enumerated back to an ID number without the key.
//!
//! The bundle lives in the OS keystore, or in a user-only file (`keystore.rs`). It never changes
//! after it is made, so one copy sealed under the **recovery code** (`escrow`) stays good; that
//! copy is kept in the database (`settings`), hence in every backup. A lost bundle comes back
//! from any backup (or the database itself) and the code: `yishi recover`.
//!
//! Invariant: secret bytes live in `Zeroizing` buffers; `Debug` never prints them.

pub mod escrow;
pub mod keystore;

use crate::crypto::canonical::Canonical;
pub use crate::crypto::canonical::{IdKey, KEYED_PREFIX, keyed_digest_in};
use hmac::{Hmac, Mac};
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use zeroize::Zeroizing;

pub use escrow::{issue_recovery_code, normalise_code};
pub use keystore::Keystore;

type HmacSha256 = Hmac<Sha256>;

/// The version of the bundle's stored form.
pub const BUNDLE_VERSION: u32 = 1;

/// Why secrets could not be read, written or recovered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretsError {
    #[error("the secrets store failed: {0}")]
    Keystore(String),
    #[error("the stored secrets are damaged")]
    Damaged,
    #[error("the recovery code is not well formed")]
    MalformedCode,
    #[error("wrong recovery code")]
    WrongCode,
    #[error("the recovery data is damaged")]
    EscrowDamaged,
}

/// One database's secrets.
#[derive(Clone, PartialEq, Eq)]
pub struct Bundle {
    database_id: String,
    pepper: Zeroizing<[u8; 32]>,
    id_master: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for Bundle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bundle")
            .field("database_id", &self.database_id)
            .finish_non_exhaustive()
    }
}

#[derive(Serialize, Deserialize)]
struct BundleFile {
    version: u32,
    database_id: String,
    pepper: String,
    id_key: String,
}

/// Whether a text is a database id: 32 lowercase hex characters (safe in a file name).
pub fn is_database_id(text: &str) -> bool {
    text.len() == 32
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A new random database id.
pub fn new_database_id() -> String {
    let mut id = [0u8; 16];
    OsRng.fill_bytes(&mut id);
    hex::encode(id)
}

fn hex32(text: &str) -> Result<Zeroizing<[u8; 32]>, SecretsError> {
    let bytes = Zeroizing::new(hex::decode(text).map_err(|_| SecretsError::Damaged)?);
    let arr: [u8; 32] = bytes
        .as_slice()
        .try_into()
        .map_err(|_| SecretsError::Damaged)?;
    Ok(Zeroizing::new(arr))
}

fn hmac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(key).expect("HMAC takes a key of any length");
    for p in parts {
        mac.update(p);
    }
    mac.finalize().into_bytes().into()
}

impl Bundle {
    /// Fresh random secrets for the database `database_id`.
    pub fn generate(database_id: &str) -> Bundle {
        let mut pepper = Zeroizing::new([0u8; 32]);
        let mut id_master = Zeroizing::new([0u8; 32]);
        OsRng.fill_bytes(pepper.as_mut());
        OsRng.fill_bytes(id_master.as_mut());
        Bundle {
            database_id: database_id.to_string(),
            pepper,
            id_master,
        }
    }

    pub fn database_id(&self) -> &str {
        &self.database_id
    }

    /// The stored form (JSON). Holds the secrets in clear: only for the keystore and the escrow.
    pub fn to_json(&self) -> Zeroizing<String> {
        let file = BundleFile {
            version: BUNDLE_VERSION,
            database_id: self.database_id.clone(),
            pepper: hex::encode(self.pepper.as_ref()),
            id_key: hex::encode(self.id_master.as_ref()),
        };
        let text = serde_json::to_string_pretty(&file).expect("a bundle always serialises");
        let BundleFile { pepper, id_key, .. } = file;
        drop(Zeroizing::new(pepper));
        drop(Zeroizing::new(id_key));
        Zeroizing::new(text)
    }

    pub fn from_json(text: &str) -> Result<Bundle, SecretsError> {
        let file: BundleFile = serde_json::from_str(text).map_err(|_| SecretsError::Damaged)?;
        if file.version != BUNDLE_VERSION || !is_database_id(&file.database_id) {
            return Err(SecretsError::Damaged);
        }
        let pepper = hex32(&file.pepper)?;
        let id_master = hex32(&file.id_key)?;
        drop(Zeroizing::new(file.pepper));
        drop(Zeroizing::new(file.id_key));
        Ok(Bundle {
            database_id: file.database_id,
            pepper,
            id_master,
        })
    }

    /// What Argon2 receives instead of the bare PIN: HMAC-SHA256(pepper, context ‖ PIN), in
    /// base64. Without the pepper a guess at the PIN cannot even be tried against a sealed key.
    pub fn pin_input(&self, pin: &str) -> Zeroizing<String> {
        use base64::Engine;
        let mac = Zeroizing::new(hmac(
            self.pepper.as_ref(),
            &[b"yishi/pin-pepper/v1\0", pin.as_bytes()],
        ));
        Zeroizing::new(base64::engine::general_purpose::STANDARD_NO_PAD.encode(mac.as_ref()))
    }

    /// The identity-digest key of one community.
    pub fn id_key(&self, community_id: i64) -> IdKey {
        let label = Canonical::new("yishi/id-key/v1").int(community_id);
        IdKey::new(hmac(self.id_master.as_ref(), &[label.bytes()]))
    }

    /// The key that seals secrets the database stores but must not open alone (a community
    /// root's secret): derived from the identity master for one purpose and one id.
    pub fn wrap_key(&self, purpose: &str, id: i64) -> Zeroizing<[u8; 32]> {
        let label = Canonical::new("yishi/wrap-key/v1").text(purpose).int(id);
        Zeroizing::new(hmac(self.id_master.as_ref(), &[label.bytes()]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundle_round_trips_and_hides_its_secrets() {
        let b = Bundle::generate(&new_database_id());
        let back = Bundle::from_json(&b.to_json()).expect("parses");
        assert_eq!(b, back);
        assert!(!format!("{b:?}").contains(&hex::encode(b.pepper.as_ref())));
        assert_eq!(Bundle::from_json("{}"), Err(SecretsError::Damaged));
        let text = b.to_json().replace(&b.database_id, "../../etc/passwd");
        assert_eq!(Bundle::from_json(&text), Err(SecretsError::Damaged));
    }

    #[test]
    fn pin_input_depends_on_the_pepper() {
        let a = Bundle::generate(&new_database_id());
        let b = Bundle::generate(&new_database_id());
        assert_eq!(*a.pin_input("135790"), *a.pin_input("135790"));
        assert_ne!(*a.pin_input("135790"), *b.pin_input("135790"));
        assert_ne!(*a.pin_input("135790"), *a.pin_input("135791"));
        assert_ne!(*a.pin_input("135790"), "135790");
    }

    #[test]
    fn id_keys_differ_per_community_and_from_the_plain_digest() {
        let b = Bundle::generate(&new_database_id());
        let plain = crate::crypto::canonical::identity_digest("110101199001011234");
        let one = b.id_key(1).digest(&plain);
        let two = b.id_key(2).digest(&plain);
        assert_ne!(one, two);
        assert_ne!(one, plain);
        assert_eq!(one, b.id_key(1).digest(&plain));
        assert_eq!(one.len(), 64);
        let other = Bundle::generate(&new_database_id());
        assert_ne!(one, other.id_key(1).digest(&plain));
        assert_eq!(
            keyed_digest_in(&format!("{KEYED_PREFIX}{}", one.to_uppercase())),
            Some(one.clone())
        );
        assert_eq!(keyed_digest_in(&format!("sha256:{one}")), None);
    }
}
