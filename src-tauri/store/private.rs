//! Files only their user may read: the database (and its -wal/-shm, which SQLite creates with
//! the database file's mode), backups, exported key files, the secrets bundle and the logs.
//!
//! On unix, files are created with mode 0600 and the folders the app creates with 0700. On other
//! systems the files are created normally: Windows gives files under the user's profile (the app
//! data, downloads and home folders) only that user's access through the folder's inherited ACL.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

/// Mode of a user-only file.
pub const FILE_MODE: u32 = 0o600;
/// Mode of a user-only folder.
pub const DIR_MODE: u32 = 0o700;

/// Creates `dir` (and its parents) if missing; every folder this call creates is user-only.
/// An existing folder is left as it is: it may be the user's own (a downloads folder).
pub fn create_dir(dir: &Path) -> io::Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    // Every folder this creates is user-only, parents included (a data folder made on the way
    // to its `logs/` or `backups/` must not be left readable by all).
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(DIR_MODE);
    }
    builder.create(dir)?;
    set_mode(dir, DIR_MODE)
}

/// Creates `dir` if missing and makes it user-only either way (a folder only the app uses).
pub fn own_dir(dir: &Path) -> io::Result<()> {
    create_dir(dir)?;
    set_mode(dir, DIR_MODE)
}

/// Opens `path` for writing, truncated, as a user-only file (an existing file is made
/// user-only before anything is written to it).
pub fn create(path: &Path) -> io::Result<File> {
    if path.exists() {
        restrict(path)?;
    }
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(FILE_MODE);
    }
    options.open(path)
}

/// Writes `bytes` to a user-only file at `path` (replacing it).
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Makes an existing file user-only; nothing for a missing one.
pub fn restrict(path: &Path) -> io::Result<()> {
    if path.exists() {
        set_mode(path, FILE_MODE)?;
    }
    Ok(())
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> io::Result<()> {
    Ok(())
}

/// The permission bits of a file or folder (unix); `None` elsewhere.
pub fn mode_of(path: &Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path)
            .ok()
            .map(|m| m.permissions().mode() & 0o777)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}
