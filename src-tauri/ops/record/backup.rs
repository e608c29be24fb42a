//! Backups: a consistent copy of the live database, the list of copies, a file picked on the
//! computer taken into the backups folder, and the one way a backup is named for a restore (a
//! plain file name inside the backups folder). Restoring is `restore.rs`.

use super::error::RestoreProblem;
use super::types::BackupUpload;
use crate::ops::types::BackupInfo;
use crate::ops::{Ctx, Missing, OpError, OpResult};
use crate::store::{Store, backup, events};
use base64::Engine;
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

/// The largest backup the screen may send (base64 in a JSON body under the server's limit).
pub const MAX_UPLOAD_BYTES: usize = 48 * 1024 * 1024;

/// The first bytes of every SQLite database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

pub(crate) fn stamp(now: DateTime<Utc>) -> String {
    now.format("%Y%m%d-%H%M%S-%3f").to_string()
}

async fn info(path: &Path) -> OpResult<BackupInfo> {
    let store = Store::open_existing_read_only(path).await?;
    let (events, head_hash) = events::head_of(store.reader()).await?;
    store.close().await;
    let meta = std::fs::metadata(path).map_err(crate::store::StoreError::from)?;
    let created: DateTime<Utc> = meta
        .modified()
        .map(DateTime::<Utc>::from)
        .unwrap_or_default();
    Ok(BackupInfo {
        path: path.display().to_string(),
        file_name: path
            .file_name()
            .map(|f| f.to_string_lossy().to_string())
            .unwrap_or_default(),
        bytes: meta.len(),
        created_at: created.to_rfc3339(),
        events,
        head_hash,
    })
}

/// Writes a consistent copy into `target`, or into the backup folder when `None`.
pub async fn backup_create(
    ctx: &Ctx,
    now: DateTime<Utc>,
    target: Option<PathBuf>,
) -> OpResult<BackupInfo> {
    let path = target.unwrap_or_else(|| ctx.backup_dir().join(format!("yishi-{}.db", stamp(now))));
    {
        let store = ctx.store().await;
        // Each community's root signs the log the backup holds (a backup is never refused for
        // the clock: behind the last checkpoint, it is made without one).
        crate::ops::anchor::checkpoint::checkpoint_all(
            &store,
            &ctx.secrets(),
            crate::ops::anchor::checkpoint::Reason::Backup,
            &crate::ops::Caller::new("yishi", now),
        )
        .await?;
        backup::backup_into(&store, &path).await?;
    }
    info(&path).await
}

pub async fn backup_list(ctx: &Ctx) -> OpResult<Vec<BackupInfo>> {
    let dir = ctx.backup_dir();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    // Plain files only: a symbolic link in the folder is neither listed nor restorable.
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "db"))
        .collect();
    paths.sort();
    paths.reverse();
    let mut out = Vec::new();
    for p in paths {
        // A file that is not a Yishi database is simply not listed.
        if let Ok(i) = info(&p).await {
            out.push(i);
        }
    }
    Ok(out)
}

/// The backup named `file_name` in the backups folder: a plain `.db` file name (no folder, no
/// `..`, nothing hidden), naming a regular file there (a symbolic link is refused).
pub fn backup_path(ctx: &Ctx, file_name: &str) -> OpResult<PathBuf> {
    let name = file_name.trim();
    let bad = || OpError::Restore(RestoreProblem::BadName(name.to_string()));
    if name.is_empty()
        || name.len() > 255
        || name.starts_with('.')
        || name.contains(['/', '\\', ':', '\0'])
        || name.contains("..")
        || !name.ends_with(".db")
        || Path::new(name).file_name() != Some(std::ffi::OsStr::new(name))
    {
        return Err(bad());
    }
    let path = ctx.backup_dir().join(name);
    let meta = match std::fs::symlink_metadata(&path) {
        Ok(m) => m,
        Err(_) => return Err(OpError::NotFound(Missing::BackupFile(name.to_string()))),
    };
    if !meta.file_type().is_file() {
        return Err(OpError::Restore(RestoreProblem::NotAFile(name.to_string())));
    }
    Ok(path)
}

/// Whether the file starts like an SQLite database.
pub(crate) fn looks_like_sqlite(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && &head == SQLITE_MAGIC
}

/// A name made of the picked file's name: letters and digits kept (any script), the rest `-`,
/// at most 40 characters; never a path.
fn clean_stem(file_name: &str) -> String {
    let stem = Path::new(file_name.trim())
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let cleaned: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .take(40)
        .collect();
    let cleaned = cleaned.trim_matches('-').to_string();
    if cleaned.is_empty() {
        "backup".into()
    } else {
        cleaned
    }
}

/// Writes `bytes` as a new file in the backups folder named `<prefix>-<time>-<picked name>.db`,
/// readable by the user only, never over an existing file.
pub(crate) fn take_in(
    ctx: &Ctx,
    now: DateTime<Utc>,
    prefix: &str,
    picked: &str,
    bytes: &[u8],
) -> OpResult<PathBuf> {
    let dir = ctx.backup_dir();
    crate::store::private::create_dir(dir).map_err(crate::store::StoreError::from)?;
    let path = dir.join(format!("{prefix}-{}-{}.db", stamp(now), clean_stem(picked)));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let written = (|| {
        use std::io::Write;
        let mut f = options.open(&path)?;
        f.write_all(bytes)?;
        f.sync_all()
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&path);
        return Err(crate::store::StoreError::from(e).into());
    }
    Ok(path)
}

/// `backup_upload`: a backup file picked on the computer (a plain `.db`, or an encrypted backup
/// with its recovery code), checked to be an SQLite file and written into the backups folder as
/// `uploaded-<time>-<name>.db`; then it is listed and can be previewed and restored like any
/// other. Nothing else changes.
pub async fn backup_upload(
    ctx: &Ctx,
    now: DateTime<Utc>,
    input: BackupUpload,
) -> OpResult<BackupInfo> {
    // Checked on the text first, so an oversized body is refused before it is decoded.
    if input.content_base64.len() / 4 * 3 > MAX_UPLOAD_BYTES + 3 {
        return Err(too_large());
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(input.content_base64.trim())
        .map_err(|_| OpError::Invalid(crate::ops::Invalid::Base64))?;
    if bytes.is_empty() {
        return Err(OpError::Restore(RestoreProblem::Empty));
    }
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(too_large());
    }
    // An encrypted backup (from a USB drive) is opened with the recovery code first; a wrong
    // code or a damaged file writes nothing.
    let shown = input.file_name.trim();
    let bytes = if crate::secrets::sealed_backup::is_sealed(&bytes) {
        super::sealed::open_sealed(bytes, input.code.as_deref(), shown).await?
    } else {
        zeroize::Zeroizing::new(bytes)
    };
    if !bytes.starts_with(SQLITE_MAGIC) {
        return Err(OpError::Restore(RestoreProblem::NotADatabase(
            input.file_name.trim().to_string(),
        )));
    }
    let path = take_in(ctx, now, "uploaded", &input.file_name, &bytes)?;
    match info(&path).await {
        Ok(i) => Ok(i),
        Err(_) => {
            // Kept out of the folder: it would never be listed anyway.
            let _ = std::fs::remove_file(&path);
            Err(OpError::Restore(RestoreProblem::NotYishi(
                input.file_name.trim().to_string(),
            )))
        }
    }
}

fn too_large() -> OpError {
    OpError::Restore(RestoreProblem::TooLarge {
        limit_mib: (MAX_UPLOAD_BYTES / (1024 * 1024)) as u64,
    })
}
