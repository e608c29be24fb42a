//! The event log's hash chain and the roll's digest.
//!
//! Each event's hash covers its own fields and its predecessor's hash, so editing, deleting or
//! reordering any row breaks the chain from that row on. The roll digest is the hash of the
//! canonical roll; the log records it (and its version) after every roll change, so edits made to
//! the roll tables outside the app are caught too.

use super::canonical::Canonical;

/// The predecessor hash of the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

const EVENT_CONTEXT: &str = "yishi/event/v1";
const ROLL_CONTEXT: &str = "yishi/roll/v1";
const ROLL_CONTEXT_V2: &str = "yishi/roll/v2";

/// The fields of one event as they are hashed.
pub struct EventFields<'a> {
    pub seq: i64,
    pub at: &'a str,
    pub actor: &'a str,
    pub community_id: Option<i64>,
    pub kind: &'a str,
    pub payload: &'a str,
    pub prev_hash: &'a str,
}

pub fn event_hash(e: &EventFields<'_>) -> String {
    Canonical::new(EVENT_CONTEXT)
        .int(e.seq)
        .text(e.at)
        .text(e.actor)
        .opt_int(e.community_id)
        .text(e.kind)
        .text(e.payload)
        .text(e.prev_hash)
        .sha256_hex()
}

/// The versions of the roll digest. Each event that records a digest says which one
/// (`roll_digest_version` in its payload, absent = 1); `audit verify` recomputes that version.
/// An encoding never changes once released: a new version has its own context string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RollDigestVersion {
    /// `yishi/roll/v1`: units, areas, statuses and owners, plus the parking setting.
    V1,
    /// `yishi/roll/v2`: v1 plus each unit's entrance (单元) and, for each person on a unit, the
    /// day they turn 18 and whether they live there (migration 0010), which decide entrance
    /// votes and residents' meetings.
    V2,
}

impl RollDigestVersion {
    /// The version new events record.
    pub const CURRENT: RollDigestVersion = RollDigestVersion::V2;

    /// The number written into an event's payload.
    pub fn number(self) -> i64 {
        match self {
            RollDigestVersion::V1 => 1,
            RollDigestVersion::V2 => 2,
        }
    }

    /// The version an event's payload names; `None` for a number this build does not know.
    pub fn from_number(n: i64) -> Option<RollDigestVersion> {
        match n {
            1 => Some(RollDigestVersion::V1),
            2 => Some(RollDigestVersion::V2),
            _ => None,
        }
    }
}

/// A person attached to a unit, as the roll digest covers them.
pub struct RollPerson<'a> {
    pub id_digest: &'a str,
    pub name: &'a str,
    pub relation: &'a str,
    pub designated_voter: bool,
    /// The day the person turns 18, "YYYY-MM-DD"; `None` when unknown (v2 only).
    pub adult_from: Option<&'a str>,
    /// Whether the person lives in this unit; `None` when the roster did not say (v2 only).
    pub lives_there: Option<bool>,
}

/// One unit of the roll, with everyone attached, in a fixed field order.
pub struct RollLine<'a> {
    pub building: &'a str,
    pub number: &'a str,
    /// The entrance (单元), empty when unknown (v2 only).
    pub entrance: &'a str,
    pub kind: &'a str,
    pub area_centi: i64,
    pub area_source: &'a str,
    pub status: &'a str,
    /// Sorted by `id_digest`.
    pub people: Vec<RollPerson<'a>>,
}

/// Digest of a whole roll in the given version. `lines` must be sorted by (building, number);
/// `parking_counts` is part of the roll because it changes N and A. Bytes: docs/signing.md §3.1.
pub fn roll_digest<'a>(
    version: RollDigestVersion,
    parking_counts: bool,
    lines: impl IntoIterator<Item = RollLine<'a>>,
) -> String {
    roll_bytes(version, parking_counts, lines).sha256_hex()
}

/// The canonical bytes a roll digest hashes.
pub fn roll_bytes<'a>(
    version: RollDigestVersion,
    parking_counts: bool,
    lines: impl IntoIterator<Item = RollLine<'a>>,
) -> Canonical {
    match version {
        RollDigestVersion::V1 => roll_v1(parking_counts, lines),
        RollDigestVersion::V2 => roll_v2(parking_counts, lines),
    }
}

/// `yishi/roll/v1`, frozen: what databases made before migration 0010 recorded.
fn roll_v1<'a>(parking_counts: bool, lines: impl IntoIterator<Item = RollLine<'a>>) -> Canonical {
    let mut c = Canonical::new(ROLL_CONTEXT).int(i64::from(parking_counts));
    for line in lines {
        c = c
            .text(line.building)
            .text(line.number)
            .text(line.kind)
            .int(line.area_centi)
            .text(line.area_source)
            .text(line.status)
            .int(line.people.len() as i64);
        for p in line.people {
            c = c
                .text(p.id_digest)
                .text(p.name)
                .text(p.relation)
                .int(i64::from(p.designated_voter));
        }
    }
    c
}

/// `yishi/roll/v2`: v1's fields plus the entrance after the unit number, and after each
/// person's voter flag the day they turn 18 (text or absent) and whether they live there
/// (int 0/1 or absent).
fn roll_v2<'a>(parking_counts: bool, lines: impl IntoIterator<Item = RollLine<'a>>) -> Canonical {
    let mut c = Canonical::new(ROLL_CONTEXT_V2).int(i64::from(parking_counts));
    for line in lines {
        c = c
            .text(line.building)
            .text(line.number)
            .text(line.entrance)
            .text(line.kind)
            .int(line.area_centi)
            .text(line.area_source)
            .text(line.status)
            .int(line.people.len() as i64);
        for p in line.people {
            c = c
                .text(p.id_digest)
                .text(p.name)
                .text(p.relation)
                .int(i64::from(p.designated_voter));
            c = match p.adult_from {
                Some(day) => c.text(day),
                None => c.absent(),
            };
            c = c.opt_int(p.lives_there.map(i64::from));
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(payload: &str) -> EventFields<'_> {
        EventFields {
            seq: 1,
            at: "2026-11-22T10:00:00.000Z",
            actor: "主持人",
            community_id: Some(1),
            kind: "community.created",
            payload,
            prev_hash: GENESIS,
        }
    }

    #[test]
    fn any_field_changes_the_hash() {
        let base = event_hash(&fields("{}"));
        assert_ne!(base, event_hash(&fields("{ }")));
        let mut f = fields("{}");
        f.seq = 2;
        assert_ne!(base, event_hash(&f));
        let mut f = fields("{}");
        f.community_id = None;
        assert_ne!(base, event_hash(&f));
        assert_eq!(base, event_hash(&fields("{}")), "hashing is deterministic");
    }
}
