//! Saving an exported file (notice, minutes, vote record, roll) where a person will find it: the
//! desktop app has no browser download, so it writes into the Downloads folder.

use crate::ops::{Invalid, OpError, OpResult};
use base64::Engine;
use std::path::{Path, PathBuf};

/// A file name safe on Windows, macOS and Linux (`domain::file_names::safe_file_name`): one
/// component, nothing that climbs out of or names a device instead of a file in its folder.
pub fn safe_name(name: &str) -> String {
    crate::domain::file_names::safe_file_name(name)
}

/// Writes `content_base64` as `name` into `dir`, never over an existing file ("名 (2).html").
pub fn save_into(dir: &Path, name: &str, content_base64: &str) -> OpResult<PathBuf> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(content_base64.trim())
        .map_err(|_| OpError::Invalid(Invalid::Base64))?;
    save_bytes_into(dir, name, &bytes)
}

/// Writes `bytes` as `name` (made safe) into `dir`, never over an existing file or through a
/// link: the file is created new ("名 (2).html" when the name is taken), and its path is
/// checked to be directly inside `dir`.
pub fn save_bytes_into(dir: &Path, name: &str, bytes: &[u8]) -> OpResult<PathBuf> {
    use std::io::Write;
    crate::store::private::create_dir(dir).map_err(crate::store::StoreError::from)?;
    let name = safe_name(name);
    let (stem, ext) = match name.rfind('.') {
        Some(i) if i > 0 => (&name[..i], &name[i..]),
        _ => (name.as_str(), ""),
    };
    for n in 1..10_000 {
        let candidate = if n == 1 {
            name.clone()
        } else {
            format!("{stem} ({n}){ext}")
        };
        let path = dir.join(&candidate);
        if path.parent() != Some(dir)
            || path.file_name().and_then(|f| f.to_str()) != Some(candidate.as_str())
        {
            // safe_name makes one plain component; this is the last line of defence.
            return Err(OpError::Invalid(Invalid::UnsafeFileName));
        }
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                file.write_all(bytes)
                    .and_then(|_| file.sync_all())
                    .map_err(crate::store::StoreError::from)?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(crate::store::StoreError::from(e).into()),
        }
    }
    Err(OpError::Invalid(Invalid::UnsafeFileName))
}

/// The Downloads folder, or `fallback` where the system has none.
pub fn downloads(fallback: &Path) -> PathBuf {
    dirs::download_dir().unwrap_or_else(|| fallback.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_made_safe_and_never_overwrite() {
        assert_eq!(safe_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_name("C:\\x\\会议记录:1?.html"), "会议记录_1_.html");
        assert_eq!(safe_name("..."), "yishi-export");
        let dir = tempfile::tempdir().expect("dir");
        let a = save_into(dir.path(), "通知.html", "aGk=").expect("saved");
        let b = save_into(dir.path(), "通知.html", "aGk=").expect("saved again");
        assert_eq!(a.file_name().and_then(|n| n.to_str()), Some("通知.html"));
        assert_eq!(
            b.file_name().and_then(|n| n.to_str()),
            Some("通知 (2).html")
        );
        assert_eq!(std::fs::read(&b).expect("read"), b"hi");
        assert!(save_into(dir.path(), "x", "%%%").is_err());
    }

    #[test]
    fn a_path_escaping_name_stays_in_its_folder() {
        let root = tempfile::tempdir().expect("dir");
        let dir = root.path().join("downloads");
        let escapes = [
            "../../x-名册.csv",
            "..\\..\\x-名册.csv",
            "/tmp/x-名册.csv",
            "C:\\x-名册.csv",
            "x\0-名册.csv",
            "..",
            "NUL.csv",
        ];
        for name in escapes {
            let path = save_bytes_into(&dir, name, b"hi").expect(name);
            assert_eq!(path.parent(), Some(dir.as_path()), "{name}: {path:?}");
        }
        let outside: Vec<_> = std::fs::read_dir(root.path())
            .expect("list")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name())
            .collect();
        assert_eq!(outside, vec![std::ffi::OsString::from("downloads")]);
        assert_eq!(
            std::fs::read_dir(&dir).expect("list").count(),
            escapes.len()
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_under_the_name_is_not_written_through() {
        let root = tempfile::tempdir().expect("dir");
        let target = root.path().join("victim");
        std::fs::write(&target, b"keep").expect("victim");
        let dir = root.path().join("downloads");
        std::fs::create_dir_all(&dir).expect("dir");
        std::os::unix::fs::symlink(&target, dir.join("x.csv")).expect("link");
        let path = save_bytes_into(&dir, "x.csv", b"new").expect("saved beside");
        assert_eq!(path, dir.join("x (2).csv"));
        assert_eq!(std::fs::read(&target).expect("victim"), b"keep");
    }
}
