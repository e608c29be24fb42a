//! Consistent copies of the live database, and putting one back.
//!
//! A backup is made with `VACUUM INTO`, which SQLite runs as one read transaction: the copy is a
//! consistent snapshot even while the app keeps writing, and it is a compact, self-contained
//! file (no -wal beside it). Restoring swaps files only after the caller has verified the copy.

use super::{Store, StoreResult};
use std::path::Path;

/// Writes a consistent copy of the live database to `target` (which must not exist), readable
/// by the user only (`VACUUM INTO` fills the empty user-only file made here).
pub async fn backup_into(store: &Store, target: &Path) -> StoreResult<u64> {
    if let Some(dir) = target.parent() {
        super::private::create_dir(dir)?;
    }
    if target.exists() {
        // SQLite refuses a file that is not empty; an empty one is filled, made user-only.
        super::private::restrict(target)?;
    } else {
        drop(super::private::create(target)?);
    }
    sqlx::query("VACUUM INTO ?")
        .bind(target.to_string_lossy().to_string())
        .execute(store.reader())
        .await?;
    Ok(std::fs::metadata(target)?.len())
}

/// Replaces the database file at `live` with `source`: copied beside it first, flushed, then
/// renamed over it, so a crash leaves either the old or the new file, never half of one.
/// The store on `live` must be closed.
pub fn replace_file(source: &Path, live: &Path) -> StoreResult<()> {
    let staging = live.with_extension("restore-tmp");
    std::fs::copy(source, &staging)?;
    // `copy` carries the source's mode over; the live database is the user's only.
    super::private::restrict(&staging)?;
    std::fs::File::open(&staging)?.sync_all()?;
    for suffix in ["-wal", "-shm"] {
        let side = Path::new(&format!("{}{suffix}", live.display())).to_path_buf();
        if side.exists() {
            std::fs::remove_file(side)?;
        }
    }
    std::fs::rename(&staging, live)?;
    Ok(())
}
