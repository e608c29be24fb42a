//! Encrypted backups that can live off the laptop (`secrets::sealed_backup`): a consistent copy
//! of the live database encrypted under the recovery code, saved into Downloads (the backups
//! screen) or any path (`yishi backup export --to`), and opened again when a restore or an
//! upload is given one with its code. The plain backups folder is unchanged.
//!
//! Invariant: only the database's current recovery code seals (checked against the escrow in
//! the database), so the code that opens the file also opens the secrets inside it; a file that
//! does not open changes nothing.

use super::backup::stamp;
use super::error::RestoreProblem;
use super::types::BackupExported;
use crate::ops::{Ctx, OpError, OpResult};
use crate::secrets::sealed_backup::{self, SealedBackupError};
use crate::store::{Store, backup, events};
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// The largest encrypted backup read: the largest database plus the header and the tag.
pub const MAX_SEALED_FILE_BYTES: u64 =
    (sealed_backup::MAX_DATABASE_BYTES + sealed_backup::HEADER_LEN + 16) as u64;

fn limit_mib() -> u64 {
    (sealed_backup::MAX_DATABASE_BYTES / (1024 * 1024)) as u64
}

fn problem(e: SealedBackupError, shown: &str) -> OpError {
    match e {
        SealedBackupError::MalformedCode => {
            OpError::Secrets(crate::ops::SecretsProblem::MalformedCode)
        }
        SealedBackupError::WrongCode => {
            OpError::Restore(RestoreProblem::SealedWrongCode(shown.into()))
        }
        SealedBackupError::Damaged => OpError::Restore(RestoreProblem::SealedDamaged(shown.into())),
        SealedBackupError::TooLarge => OpError::Restore(RestoreProblem::SealedTooLarge {
            limit_mib: limit_mib(),
        }),
    }
}

/// A consistent copy of the live database, encrypted under `code`, which must be the database's
/// current recovery code. Returns the file's bytes, the copy's event count and head.
async fn sealed_copy(
    ctx: &Ctx,
    now: DateTime<Utc>,
    code: &str,
) -> OpResult<(Vec<u8>, i64, String)> {
    if !crate::ops::recovery::code_is_this_databases(ctx, code).await? {
        return Err(OpError::Restore(RestoreProblem::NotCurrentCode));
    }
    // The copy is made in the backups folder (user-only) under a name it never lists, read, and
    // removed whatever happens.
    let temp = ctx
        .backup_dir()
        .join(format!("export-{}.db.tmp", stamp(now)));
    let read = async {
        {
            let store = ctx.store().await;
            backup::backup_into(&store, &temp).await?;
        }
        let copy = Store::open_existing_read_only(&temp).await?;
        let head = events::head_of(copy.reader()).await;
        copy.close().await;
        let (count, head) = head?;
        let bytes = Zeroizing::new(std::fs::read(&temp).map_err(crate::store::StoreError::from)?);
        OpResult::Ok((bytes, count, head))
    }
    .await;
    let _ = std::fs::remove_file(&temp);
    for side in ["-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(format!("{}{side}", temp.display()));
    }
    let (bytes, count, head) = read?;
    let code = Zeroizing::new(code.to_string());
    let sealed = tokio::task::spawn_blocking(move || sealed_backup::seal(&bytes, &code))
        .await
        .map_err(|_| problem(SealedBackupError::Damaged, ""))?
        .map_err(|e| problem(e, ""))?;
    Ok((sealed, count, head))
}

fn exported(ctx: &Ctx, path: &Path, bytes: usize, events: i64, head: String) -> BackupExported {
    BackupExported {
        saved_to: path.display().to_string(),
        file_name: path
            .file_name()
            .map(|f| f.to_string_lossy().to_string())
            .unwrap_or_default(),
        bytes: bytes as u64,
        events,
        head_hash: head,
        database_id: ctx.secrets().database_id().to_string(),
    }
}

fn file_name(now: DateTime<Utc>) -> String {
    format!("yishi-{}.{}", stamp(now), sealed_backup::EXTENSION)
}

/// `backup_export`: an encrypted backup saved into the Downloads folder (from there, onto a USB
/// drive). Changes nothing in the database.
pub async fn backup_export(
    ctx: &Ctx,
    now: DateTime<Utc>,
    input: super::types::BackupExport,
) -> OpResult<BackupExported> {
    let (sealed, events, head) = sealed_copy(ctx, now, &input.code).await?;
    let dir = crate::ops::documents::downloads(ctx.backup_dir());
    let path = crate::ops::documents::save_bytes_into(&dir, &file_name(now), &sealed)?;
    Ok(exported(ctx, &path, sealed.len(), events, head))
}

/// For the command line: an encrypted backup written to `to`, a folder (a new file named by
/// the time in it) or a new file's path (never over an existing file).
pub async fn backup_export_to(
    ctx: &Ctx,
    now: DateTime<Utc>,
    code: &str,
    to: &Path,
) -> OpResult<BackupExported> {
    let (sealed, events, head) = sealed_copy(ctx, now, code).await?;
    let path: PathBuf = if to.is_dir() {
        crate::ops::documents::save_bytes_into(to, &file_name(now), &sealed)?
    } else {
        use std::io::Write;
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(to)
            .and_then(|mut f| {
                f.write_all(&sealed)?;
                f.sync_all()
            });
        if let Err(e) = written {
            if e.kind() != std::io::ErrorKind::AlreadyExists {
                let _ = std::fs::remove_file(to);
            }
            return Err(crate::store::StoreError::from(e).into());
        }
        to.to_path_buf()
    };
    Ok(exported(ctx, &path, sealed.len(), events, head))
}

/// Whether the file at `path` is an encrypted backup (by its first bytes).
pub fn is_sealed_file(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && sealed_backup::is_sealed(&head)
}

/// The database inside an encrypted backup's `bytes`, opened with `code`; `shown` names the file
/// in errors. No code: says the file is encrypted and asks for it.
pub async fn open_sealed(
    bytes: Vec<u8>,
    code: Option<&str>,
    shown: &str,
) -> OpResult<Zeroizing<Vec<u8>>> {
    let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) else {
        return Err(OpError::Restore(RestoreProblem::Encrypted(shown.into())));
    };
    let code = Zeroizing::new(code.to_string());
    tokio::task::spawn_blocking(move || sealed_backup::open(&bytes, &code))
        .await
        .map_err(|_| problem(SealedBackupError::Damaged, shown))?
        .map_err(|e| problem(e, shown))
}

/// Reads an encrypted backup file (refused, unread, above the limit) and opens it with `code`.
pub async fn open_sealed_file(
    path: &Path,
    code: Option<&str>,
    shown: &str,
) -> OpResult<Zeroizing<Vec<u8>>> {
    let len = std::fs::metadata(path)
        .map_err(crate::store::StoreError::from)?
        .len();
    if len > MAX_SEALED_FILE_BYTES {
        return Err(problem(SealedBackupError::TooLarge, shown));
    }
    let bytes = std::fs::read(path).map_err(crate::store::StoreError::from)?;
    open_sealed(bytes, code, shown).await
}

/// `yishi recover` from a backup that may be encrypted (a new laptop, the USB drive's file):
/// an encrypted one is opened with the same recovery code into a user-only file beside `db`
/// (or in the temporary folder), and recovery proceeds from that copy (`recovery::recover`:
/// installs its secrets and, with no database at `db` yet, puts it in place). The copy is
/// removed afterwards; a wrong code or a damaged file changes nothing.
pub async fn recover_from(
    keystore: &crate::secrets::Keystore,
    source: &Path,
    code: &str,
    db: Option<&Path>,
) -> OpResult<crate::ops::recovery::RecoveryOutcome> {
    if !is_sealed_file(source) {
        return crate::ops::recovery::recover(keystore, source, code, db).await;
    }
    crate::secrets::normalise_code(code)
        .map_err(|_| OpError::Secrets(crate::ops::SecretsProblem::MalformedCode))?;
    let shown = source.display().to_string();
    let bytes = open_sealed_file(source, Some(code), &shown).await?;
    if !bytes.starts_with(b"SQLite format 3\0") {
        return Err(OpError::Restore(RestoreProblem::NotADatabase(shown)));
    }
    let dir = db
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_else(std::env::temp_dir);
    crate::store::private::create_dir(&dir).map_err(crate::store::StoreError::from)?;
    let temp = dir.join(format!(
        "recover-{}.db.tmp",
        hex::encode(rand_core::RngCore::next_u64(&mut rand_core::OsRng).to_le_bytes())
    ));
    let written = (|| {
        use std::io::Write;
        let mut f = crate::store::private::create(&temp)?;
        f.write_all(&bytes)?;
        f.sync_all()
    })();
    let outcome = match written {
        Ok(()) => crate::ops::recovery::recover(keystore, &temp, code, db).await,
        Err(e) => Err(crate::store::StoreError::from(e).into()),
    };
    let _ = std::fs::remove_file(&temp);
    for side in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{side}", temp.display()));
    }
    outcome
}
