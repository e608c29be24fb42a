//! The event log's hash chain and the roll's digest.
//!
//! Each event's hash covers its own fields and its predecessor's hash, so editing, deleting or
//! reordering any row breaks the chain from that row on. The roll digest is the hash of the
//! canonical roll; the log records it after every roll change, so edits made to the roll tables
//! outside the app are caught too.

use super::canonical::Canonical;

/// The predecessor hash of the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

const EVENT_CONTEXT: &str = "yishi/event/v1";
const ROLL_CONTEXT: &str = "yishi/roll/v1";

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

/// One unit of the roll, with everyone attached, in a fixed field order.
pub struct RollLine<'a> {
    pub building: &'a str,
    pub number: &'a str,
    pub kind: &'a str,
    pub area_centi: i64,
    pub area_source: &'a str,
    pub status: &'a str,
    /// (id_digest, name, relation, designated_voter) sorted by id_digest.
    pub people: Vec<(&'a str, &'a str, &'a str, bool)>,
}

/// Digest of a whole roll. `lines` must be sorted by (building, number); `parking_counts` is
/// part of the roll because it changes N and A.
pub fn roll_digest<'a>(
    parking_counts: bool,
    lines: impl IntoIterator<Item = RollLine<'a>>,
) -> String {
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
        for (digest, name, relation, voter) in line.people {
            c = c
                .text(digest)
                .text(name)
                .text(relation)
                .int(i64::from(voter));
        }
    }
    c.sha256_hex()
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
