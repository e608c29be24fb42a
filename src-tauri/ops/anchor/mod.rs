//! Anchors the record to things kept outside the laptop: the community's root key and the
//! signed checkpoints over the log (`checkpoint`).

pub mod checkpoint;
pub mod receipt;
mod root;

pub use root::*;

/// The first 128 bits of a hex SHA-256 as 8 groups of 4 uppercase hex digits.
pub fn short_form(hex_sha256: &str) -> String {
    let digits: Vec<char> = hex_sha256
        .chars()
        .filter(|c| c.is_ascii_hexdigit())
        .take(32)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    digits
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}
