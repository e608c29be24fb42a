//! Where a bundle is kept: the OS keystore on Windows (Credential Manager) and macOS (Keychain),
//! through `keyring` with each backend named explicitly (its default stores nothing); elsewhere,
//! and on Linux (Secret Service needs a running keyring daemon, which a laptop in a residents'
//! committee office often lacks), a user-only file `<database folder>/secrets/<database id>.json`
//! (file 0600, folder 0700). `YISHI_SECRETS=file` picks the file on every system.

use super::{Bundle, SecretsError, is_database_id};
use std::path::{Path, PathBuf};

/// The service name under which the OS keystore holds bundles.
pub const SERVICE: &str = "yishi";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Keystore {
    /// User-only files in this folder.
    Folder(PathBuf),
    /// The OS keystore.
    #[cfg(any(windows, target_os = "macos"))]
    Os,
}

fn ks(e: impl std::fmt::Display) -> SecretsError {
    SecretsError::Keystore(e.to_string())
}

impl Keystore {
    /// The keystore for the database at `db`.
    pub fn for_database(db: &Path) -> Keystore {
        #[cfg(any(windows, target_os = "macos"))]
        if std::env::var("YISHI_SECRETS").as_deref() != Ok("file") {
            return Keystore::Os;
        }
        Keystore::Folder(Self::folder_beside(db))
    }

    /// `secrets/` in the database's folder.
    pub fn folder_beside(db: &Path) -> PathBuf {
        db.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(|p| p.join("secrets"))
            .unwrap_or_else(|| PathBuf::from("secrets"))
    }

    /// Where a bundle is (for messages): a file path, or the keystore's name.
    pub fn describe(&self, database_id: &str) -> String {
        match self {
            Keystore::Folder(dir) => dir
                .join(format!("{database_id}.json"))
                .display()
                .to_string(),
            #[cfg(any(windows, target_os = "macos"))]
            Keystore::Os => format!("OS keystore: {SERVICE} / database-{database_id}"),
        }
    }

    /// The bundle of `database_id`, if this keystore has it.
    pub fn load(&self, database_id: &str) -> Result<Option<Bundle>, SecretsError> {
        if !is_database_id(database_id) {
            return Err(SecretsError::Damaged);
        }
        let text = match self {
            Keystore::Folder(dir) => {
                let path = dir.join(format!("{database_id}.json"));
                match std::fs::read_to_string(&path) {
                    Ok(t) => zeroize::Zeroizing::new(t),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                    Err(e) => return Err(ks(e)),
                }
            }
            #[cfg(any(windows, target_os = "macos"))]
            Keystore::Os => {
                let entry =
                    keyring::Entry::new(SERVICE, &format!("database-{database_id}")).map_err(ks)?;
                match entry.get_password() {
                    Ok(t) => zeroize::Zeroizing::new(t),
                    Err(keyring::Error::NoEntry) => return Ok(None),
                    Err(e) => return Err(ks(e)),
                }
            }
        };
        let bundle = Bundle::from_json(&text)?;
        if bundle.database_id() != database_id {
            return Err(SecretsError::Damaged);
        }
        Ok(Some(bundle))
    }

    /// Stores `bundle` (replacing any bundle of the same database), durably.
    pub fn save(&self, bundle: &Bundle) -> Result<(), SecretsError> {
        let json = bundle.to_json();
        match self {
            Keystore::Folder(dir) => {
                crate::store::private::own_dir(dir).map_err(ks)?;
                let id = bundle.database_id();
                let staging = dir.join(format!("{id}.json.tmp"));
                crate::store::private::write(&staging, json.as_bytes()).map_err(ks)?;
                std::fs::rename(&staging, dir.join(format!("{id}.json"))).map_err(ks)?;
                Ok(())
            }
            #[cfg(any(windows, target_os = "macos"))]
            Keystore::Os => {
                let entry =
                    keyring::Entry::new(SERVICE, &format!("database-{}", bundle.database_id()))
                        .map_err(ks)?;
                entry.set_password(&json).map_err(ks)?;
                // Read back: a backend that silently stores nothing is an error, not a loss.
                match entry.get_password() {
                    Ok(back) if back == *json => Ok(()),
                    _ => Err(SecretsError::Keystore(
                        "the OS keystore did not keep the secrets".into(),
                    )),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Windows Credential Manager keeps at most 2,560 bytes per credential
    /// (`CRED_MAX_CREDENTIAL_BLOB_SIZE`), and keyring's windows-native backend stores the text as
    /// UTF-16: a bundle must fit, or saving fails on Windows only (never seen on Linux).
    #[test]
    fn a_bundle_fits_in_one_windows_credential() {
        let b = Bundle::generate(&super::super::new_database_id());
        let utf16_bytes = b.to_json().encode_utf16().count() * 2;
        assert!(utf16_bytes <= 2560, "{utf16_bytes} bytes");
    }

    /// The real Credential Manager / Keychain: compiled and run only on Windows and macOS (the
    /// release workflow's `cargo test`, the rest of which runs with `YISHI_SECRETS=file`).
    #[cfg(any(windows, target_os = "macos"))]
    #[test]
    fn the_os_keystore_keeps_a_bundle() {
        let b = Bundle::generate(&super::super::new_database_id());
        let saved = Keystore::Os.save(&b);
        let back = Keystore::Os.load(b.database_id());
        let _ = keyring::Entry::new(SERVICE, &format!("database-{}", b.database_id()))
            .and_then(|e| e.delete_credential());
        saved.expect("the OS keystore saves a bundle");
        assert_eq!(back, Ok(Some(b)));
        assert_eq!(
            Keystore::Os.load(&super::super::new_database_id()),
            Ok(None)
        );
    }

    #[test]
    fn folder_keystore_keeps_user_only_files() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Keystore::Folder(dir.path().join("secrets"));
        let b = Bundle::generate(&super::super::new_database_id());
        assert_eq!(store.load(b.database_id()), Ok(None));
        store.save(&b).expect("saves");
        assert_eq!(store.load(b.database_id()), Ok(Some(b.clone())));
        #[cfg(unix)]
        {
            use crate::store::private::mode_of;
            assert_eq!(mode_of(&dir.path().join("secrets")), Some(0o700));
            let file = dir
                .path()
                .join("secrets")
                .join(format!("{}.json", b.database_id()));
            assert_eq!(mode_of(&file), Some(0o600));
        }
        assert_eq!(store.load("../x"), Err(SecretsError::Damaged));
    }
}
