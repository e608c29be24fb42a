//! The vote manifest (`yishi/vote-manifest/v1`, docs/record-format.md §Manifest): what the
//! community's root key signs when a vote opens, so that a record can be checked against a
//! hash posted on the notice board before any ballot was cast. It names the vote, the exact
//! motion (by hash), every setting, the window, the frozen roll (by hash), the keys each roll
//! entry's voter may sign with, and the officers (with their keys) who may enrol more keys
//! during the vote and sign the result.
//!
//! The entries and officers lists are published in full (on the notice page and in the record);
//! the signed document carries their hashes. Neither list names anybody: entries are ids, units
//! and areas, officers are ids, roles and keys (个人信息保护法; docs/record-format.md §Privacy).
//!
//! Invariant: pure; nothing here reads a database or a clock.

use super::record::{RecordVote, VoteKind};
use super::signed::SignedFile;
use crate::crypto::canonical::{Canonical, sha256_hex};
use crate::crypto::signing::{Document, PublicKey};
use crate::domain::area::Area;
use crate::domain::vote::VoteSettings;
use serde::{Deserialize, Serialize};

pub const MANIFEST_CONTEXT: &str = "yishi/vote-manifest/v1";

/// One roll entry as the manifest lists it: no name (the roll hash binds the name through a
/// salted commitment), the keys the entry's voter held at opening.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    pub entry_id: i64,
    pub units: Vec<String>,
    pub area: Area,
    /// The person who casts the entry's own ballot.
    pub voter_id: i64,
    /// The voter's keys valid at opening.
    pub keys: Vec<ManifestKey>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestKey {
    /// 64 hex: the Ed25519 public key.
    pub public_key: String,
    /// Hex SHA-256 of the key's enrolment certificate document (`yishi/enrolment-cert/v1`), or
    /// `""` for a key enrolled before certificates existed, which only the root's signature on
    /// this manifest vouches for.
    pub cert: String,
}

/// The keys of a person who votes for no entry (a resident who may hold a proxy, an officer
/// who owns nothing), valid at opening.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestPersonKeys {
    pub person_id: i64,
    pub keys: Vec<ManifestKey>,
}

/// An officer of the vote: who may sign the result (host, secretary, counter, scrutineer) and
/// who may enrol keys during it (registrar, host).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestOfficer {
    /// `host`, `secretary`, `registrar`, `counter` or `scrutineer`.
    pub role: String,
    pub person_id: i64,
    /// 64 hex.
    pub public_key: String,
}

/// The manifest as a record and a notice carry it: the root-signed document and the two lists
/// whose hashes it signs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordManifest {
    pub signed: SignedFile,
    pub entries: Vec<ManifestEntry>,
    /// Keys of the community's other persons at opening (proxies may sign with them).
    #[serde(default)]
    pub others: Vec<ManifestPersonKeys>,
    pub officers: Vec<ManifestOfficer>,
}

impl RecordManifest {
    /// The manifest hash: SHA-256 of the signed document's canonical bytes (what ballots bind
    /// and notices print).
    pub fn hash(&self) -> String {
        self.signed.document.hash_hex()
    }
}

/// Hash of the entries list (context `yishi/manifest-entries/v1`).
pub fn entries_hash(entries: &[ManifestEntry]) -> String {
    let mut c = Canonical::new("yishi/manifest-entries/v1").int(entries.len() as i64);
    for e in entries {
        c = c
            .int(e.entry_id)
            .text(&e.units.join("、"))
            .int(e.area.0)
            .int(e.voter_id)
            .int(e.keys.len() as i64);
        for k in &e.keys {
            c = c.text(&k.public_key).text(&k.cert);
        }
    }
    c.sha256_hex()
}

/// Hash of the other persons' keys (context `yishi/manifest-others/v1`).
pub fn others_hash(others: &[ManifestPersonKeys]) -> String {
    let mut c = Canonical::new("yishi/manifest-others/v1").int(others.len() as i64);
    for o in others {
        c = c.int(o.person_id).int(o.keys.len() as i64);
        for k in &o.keys {
            c = c.text(&k.public_key).text(&k.cert);
        }
    }
    c.sha256_hex()
}

/// Hash of the officers list (context `yishi/manifest-officers/v1`).
pub fn officers_hash(officers: &[ManifestOfficer]) -> String {
    let mut c = Canonical::new("yishi/manifest-officers/v1").int(officers.len() as i64);
    for o in officers {
        c = c.text(&o.role).int(o.person_id).text(&o.public_key);
    }
    c.sha256_hex()
}

/// What the root signs when a vote opens.
pub struct ManifestFields<'a> {
    pub community: &'a str,
    pub root: &'a PublicKey,
    pub vote: &'a RecordVote,
    pub scope: Option<&'a str>,
    pub roll_hash: &'a str,
    pub entries: &'a [ManifestEntry],
    pub others: &'a [ManifestPersonKeys],
    pub officers: &'a [ManifestOfficer],
}

pub fn manifest_document(f: &ManifestFields<'_>) -> Document {
    Document::new(MANIFEST_CONTEXT)
        .text("alg", "ed25519")
        .text("hash_alg", "sha256")
        .text("community", f.community)
        .text("root", f.root.hex())
        .text("root_fingerprint", key_fingerprint(f.root))
        .int("vote_id", f.vote.id)
        .text("title", f.vote.title.as_str())
        .text("motion_sha256", sha256_hex(f.vote.motion.as_bytes()))
        .text("kind", json_text(&f.vote.kind))
        .text("settings", json_text(&f.vote.settings))
        .text("scope", f.scope.unwrap_or(""))
        .text("roll_hash", f.roll_hash)
        .text("opens_at", f.vote.opens_at.as_deref().unwrap_or(""))
        .text("closes_at", f.vote.closes_at.as_deref().unwrap_or(""))
        .text("opened_at", f.vote.opened_at.as_str())
        .int("entries", f.entries.len() as i64)
        .text("entries_hash", entries_hash(f.entries))
        .text("others_hash", others_hash(f.others))
        .text("officers_hash", officers_hash(f.officers))
}

fn json_text<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

pub use crate::crypto::anchor::short_form;

/// A root key's fingerprint as printed: the short form of SHA-256 over its 32 bytes.
pub fn key_fingerprint(key: &PublicKey) -> String {
    short_form(&crate::crypto::anchor::key_fingerprint_hex(&key.0))
}

/// What the manifest says, read back for comparison with the record (`None` for a field that
/// is missing or unreadable).
pub struct ManifestClaims {
    pub kind: Option<VoteKind>,
    pub settings: Option<VoteSettings>,
}

pub fn claims(doc: &Document) -> ManifestClaims {
    ManifestClaims {
        kind: doc
            .get_text("kind")
            .and_then(|t| serde_json::from_str(t).ok()),
        settings: doc
            .get_text("settings")
            .and_then(|t| serde_json::from_str(t).ok()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::signing::public_of_seed;

    #[test]
    fn lists_hash_every_field() {
        let entry = ManifestEntry {
            entry_id: 1_000_000_001,
            units: vec!["1栋 101".into()],
            area: Area(8950),
            voter_id: 7,
            keys: vec![ManifestKey {
                public_key: public_of_seed(&[1; 32]).hex(),
                cert: String::new(),
            }],
        };
        let base = entries_hash(std::slice::from_ref(&entry));
        let mut other = entry.clone();
        other.keys[0].public_key = public_of_seed(&[2; 32]).hex();
        assert_ne!(
            entries_hash(&[other]),
            base,
            "a key swapped changes the hash"
        );
        let mut other = entry.clone();
        other.area = Area(8951);
        assert_ne!(entries_hash(&[other]), base, "the area is bound");
        let officer = ManifestOfficer {
            role: "host".into(),
            person_id: 3,
            public_key: public_of_seed(&[3; 32]).hex(),
        };
        let mut other = officer.clone();
        other.role = "counter".into();
        assert_ne!(officers_hash(&[officer]), officers_hash(&[other]));
    }
}
