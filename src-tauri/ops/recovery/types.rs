//! Argument and result types of the secrets-recovery operations (generated to TypeScript).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A recovery code just issued: shown once, to be written down and kept apart from the laptop.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RecoveryCodeIssued {
    /// The database whose secrets the code recovers.
    pub database_id: String,
    /// 24 characters in six groups of four; never stored, shown this once.
    pub code: String,
}

/// Installs a database's secrets from a backup (or from the open database) and the code.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SecretsRecover {
    /// A backup file; empty for the open database itself.
    #[serde(default)]
    pub backup_path: String,
    pub code: String,
}

/// What a recovery did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RecoveryOutcome {
    /// The database whose secrets are now installed.
    pub database_id: String,
    /// False when the very same secrets were already installed.
    pub installed: bool,
    /// Where they are kept (a file path, or the OS keystore's entry).
    pub kept_in: String,
    /// Set when the backup was copied into place as the database (a new laptop).
    pub database_copied_to: Option<String>,
}

/// Where the open database's secrets are kept, and whether a recovery code protects them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SecretsStatus {
    pub database_id: String,
    /// A file path, or the OS keystore's entry.
    pub kept_in: String,
    /// False until a recovery code is issued: until then, losing this computer loses the keys.
    pub recovery_code_issued: bool,
}
