//! Saving an exported file (notice, minutes, vote record, roll) where a person will find it: the
//! desktop app has no browser download, so it writes into the Downloads folder.

use crate::ops::{Invalid, OpError, OpResult};
use base64::Engine;
use std::path::{Path, PathBuf};

/// A file name safe on Windows, macOS and Linux: the last path component, with characters those
/// systems refuse replaced.
pub fn safe_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .map(|c| match c {
            ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let cleaned = cleaned.trim().trim_matches('.').to_string();
    if cleaned.is_empty() {
        "yishi-export".into()
    } else {
        cleaned
    }
}

/// Writes `content_base64` as `name` into `dir`, never over an existing file ("名 (2).html").
pub fn save_into(dir: &Path, name: &str, content_base64: &str) -> OpResult<PathBuf> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(content_base64.trim())
        .map_err(|_| OpError::Invalid(Invalid::Base64))?;
    std::fs::create_dir_all(dir).map_err(crate::store::StoreError::from)?;
    let name = safe_name(name);
    let (stem, ext) = match name.rfind('.') {
        Some(i) if i > 0 => (&name[..i], &name[i..]),
        _ => (name.as_str(), ""),
    };
    let mut path = dir.join(&name);
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{stem} ({n}){ext}"));
        n += 1;
    }
    std::fs::write(&path, &bytes).map_err(crate::store::StoreError::from)?;
    Ok(path)
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
}
