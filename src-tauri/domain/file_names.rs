//! File names built from user text (a community's name in an export, a name the window asks to
//! save under): one component that stays inside the folder it is joined to on Windows, macOS
//! and Linux. No separators, no `..`, no control characters, none of the characters Windows
//! refuses, no name Windows reserves for a device (CON, NUL, COM1…), no trailing dot or space
//! (Windows drops them), at most `MAX_BYTES` bytes (file systems allow 255).

/// Bytes of a file name at most; CJK characters take three each, so about 60 of them. Leaves
/// room for the " (12)" `save_into` adds to avoid overwriting.
pub const MAX_BYTES: usize = 180;

/// What a name that cleans down to nothing becomes.
pub const FALLBACK: &str = "yishi-export";

/// Names Windows keeps for devices, with or without an extension (`nul.txt` is the device too).
const RESERVED: [&str; 4] = ["CON", "PRN", "AUX", "NUL"];

fn reserved(stem: &str) -> bool {
    let upper = stem.trim_end_matches([' ', '.']).to_ascii_uppercase();
    if RESERVED.contains(&upper.as_str()) {
        return true;
    }
    // COM0-9 and LPT0-9, and the superscript digits Windows also treats as ports.
    ["COM", "LPT"].iter().any(|p| {
        let mut rest = upper.strip_prefix(p).unwrap_or("").chars();
        upper.starts_with(p)
            && matches!(rest.next(), Some('0'..='9' | '¹' | '²' | '³'))
            && rest.next().is_none()
    })
}

/// The last part of `name` (after any `/` or `\`) made safe; never empty, never `.` or `..`.
pub fn safe_file_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .map(|c| match c {
            ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            // Direction overrides make "exe.txt" show as "txt.exe".
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => '_',
            c => c,
        })
        .collect();
    let cleaned = cleaned.trim().trim_matches('.').trim();
    let mut out = shorten(cleaned, MAX_BYTES);
    // Cutting may leave a trailing dot or space again.
    while out.ends_with(['.', ' ']) {
        out.pop();
    }
    if out.is_empty() {
        return FALLBACK.to_string();
    }
    let stem = out.split('.').next().unwrap_or("");
    if reserved(stem) {
        out.insert(0, '_');
    }
    out
}

/// At most `max` bytes, cut at a character boundary, keeping a short extension (".html").
fn shorten(name: &str, max: usize) -> String {
    if name.len() <= max {
        return name.to_string();
    }
    let ext = match name.rfind('.') {
        Some(i) if i > 0 && name.len() - i <= 10 => &name[i..],
        _ => "",
    };
    let mut cut = max - ext.len();
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}{ext}", name[..cut].trim_end())
}

/// Whether `name` is already one safe component: `safe_file_name` leaves it unchanged.
pub fn is_safe(name: &str) -> bool {
    safe_file_name(name) == name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_escapes_become_one_plain_name() {
        for (hostile, want) in [
            ("../../x", "x"),
            ("..\\..\\x", "x"),
            ("/etc/passwd", "passwd"),
            ("C:\\Windows\\x.csv", "x.csv"),
            ("..", FALLBACK),
            ("...", FALLBACK),
            ("", FALLBACK),
            ("a\0b", "a_b"),
            ("名\n册\r.csv", "名_册_.csv"),
            ("x:y*?.html", "x_y__.html"),
            ("CON", "_CON"),
            ("nul.txt", "_nul.txt"),
            ("com1.csv", "_com1.csv"),
            ("LPT9", "_LPT9"),
            ("COM10", "COM10"),
            ("console.csv", "console.csv"),
            ("报告. . ", "报告"),
            ("a\u{202E}lmth.exe", "a_lmth.exe"),
        ] {
            let got = safe_file_name(hostile);
            assert_eq!(got, want, "{hostile:?}");
            assert!(is_safe(&got), "{got:?} is stable");
        }
    }

    #[test]
    fn long_names_are_cut_at_a_character_keeping_the_extension() {
        let long = format!("{}-名册.csv", "阳光山庄".repeat(40));
        let got = safe_file_name(&long);
        assert!(got.len() <= MAX_BYTES, "{}", got.len());
        assert!(
            got.ends_with(".csv") && got.starts_with("阳光山庄"),
            "{got}"
        );
        assert!(is_safe(&got));
        let no_ext = "x".repeat(400);
        assert_eq!(safe_file_name(&no_ext).len(), MAX_BYTES);
    }
}
