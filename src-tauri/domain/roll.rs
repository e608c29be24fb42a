//! The voting roll derived from the community's units (司法解释 Arts. 8-9).
//!
//! Persons N: one unit is one person; a co-owned unit is one person (its designated voter
//! votes); one owner (or the same group of co-owners) holding several units is one person; all
//! of the developer's units together are one person. Area A: the sum of the counted units' areas.
//! Parking spaces count only when the community's setting says so.
//!
//! Invariant: `count_roll` is a pure function of its input; every merge it makes is listed in
//! `RollCount::merges` so the UI can explain why N is what it is.

use super::area::Area;
use super::roster::{UnitKind, UnitStatus};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// A unit as the roll sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollUnit {
    pub unit_id: i64,
    /// "3栋 1201" style label for explanations.
    pub label: String,
    pub building: String,
    pub kind: UnitKind,
    pub status: UnitStatus,
    pub area: Area,
    pub owners: Vec<RollOwner>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollOwner {
    pub person_id: i64,
    pub name: String,
    pub is_developer: bool,
    pub designated_voter: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RollSettings {
    /// Whether parking spaces count toward N and A (a community setting).
    pub parking_counts: bool,
}

/// One voting person of the roll.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Voter {
    /// The person who casts the vote (the designated co-owner for a co-owned unit).
    #[ts(type = "number")]
    pub person_id: i64,
    pub name: String,
    #[ts(type = "Array<number>")]
    pub unit_ids: Vec<i64>,
    pub area: Area,
    pub is_developer: bool,
    /// Who this legal person is: the owners' person ids, ascending (empty for the developer,
    /// whose units are one person whoever holds them). Same owners, same roll entry.
    #[ts(type = "Array<number>")]
    pub owners: Vec<i64>,
}

/// Why several units or owners were counted as one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum Merge {
    /// All the developer's unsold or undelivered units count as one person (Art. 9).
    Developer {
        name: String,
        units: u32,
        area: Area,
    },
    /// One owner (or the same co-owners) holding several units counts once (Art. 9).
    MultiUnit {
        name: String,
        labels: Vec<String>,
        area: Area,
    },
    /// A co-owned unit counts once; its co-owners designated who votes (Art. 9).
    CoOwned {
        label: String,
        owners: Vec<String>,
        voter: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RollCount {
    /// N: persons.
    pub persons: u32,
    /// A: total area.
    pub area: Area,
    /// Units counted.
    pub units: u32,
    /// Parking spaces left out by the community setting.
    pub parking_excluded: u32,
    /// Units with no owner (cannot vote; shown so they get fixed).
    pub ownerless: Vec<String>,
    pub voters: Vec<Voter>,
    pub merges: Vec<Merge>,
}

/// Derives N and A with every merge explained.
pub fn count_roll(units: &[RollUnit], settings: RollSettings) -> RollCount {
    let mut groups: BTreeMap<Vec<i64>, Vec<&RollUnit>> = BTreeMap::new();
    let mut parking_excluded = 0;
    let mut ownerless = Vec::new();
    let mut merges = Vec::new();
    for unit in units {
        if unit.kind == UnitKind::Parking && !settings.parking_counts {
            parking_excluded += 1;
            continue;
        }
        if unit.owners.is_empty() {
            ownerless.push(unit.label.clone());
            continue;
        }
        let mut key: Vec<i64> = if developer_holds(unit) {
            // Everything the developer still holds, unsold or sold but undelivered, is one
            // person, whoever the file names on an undelivered unit.
            vec![DEVELOPER_KEY]
        } else {
            unit.owners.iter().map(|o| o.person_id).collect()
        };
        key.sort_unstable();
        key.dedup();
        if key.len() > 1 {
            merges.push(Merge::CoOwned {
                label: unit.label.clone(),
                owners: unit.owners.iter().map(|o| o.name.clone()).collect(),
                voter: voter_of(unit).name.clone(),
            });
        }
        groups.entry(key).or_default().push(unit);
    }
    let mut voters = Vec::with_capacity(groups.len());
    for (key, group) in &groups {
        let area: Area = group.iter().map(|u| u.area).sum();
        let is_developer = group.iter().any(|u| developer_holds(u));
        let first = if is_developer {
            group
                .iter()
                .flat_map(|u| u.owners.iter())
                .find(|o| o.is_developer)
                .unwrap_or_else(|| voter_of(group[0]))
        } else {
            voter_of(group[0])
        };
        if group.len() > 1 {
            merges.push(if is_developer {
                Merge::Developer {
                    name: first.name.clone(),
                    units: group.len() as u32,
                    area,
                }
            } else {
                Merge::MultiUnit {
                    name: first.name.clone(),
                    labels: group.iter().map(|u| u.label.clone()).collect(),
                    area,
                }
            });
        }
        voters.push(Voter {
            person_id: first.person_id,
            name: first.name.clone(),
            unit_ids: group.iter().map(|u| u.unit_id).collect(),
            area,
            is_developer,
            owners: if is_developer {
                Vec::new()
            } else {
                key.clone()
            },
        });
    }
    merges.sort_by_key(merge_order);
    RollCount {
        persons: voters.len() as u32,
        area: voters.iter().map(|v| v.area).sum(),
        units: voters.iter().map(|v| v.unit_ids.len() as u32).sum(),
        parking_excluded,
        ownerless,
        voters,
        merges,
    }
}

/// Developer first, then multi-unit owners, then co-owned units.
fn merge_order(m: &Merge) -> u8 {
    match m {
        Merge::Developer { .. } => 0,
        Merge::MultiUnit { .. } => 1,
        Merge::CoOwned { .. } => 2,
    }
}

fn voter_of(unit: &RollUnit) -> &RollOwner {
    unit.owners
        .iter()
        .find(|o| o.designated_voter)
        .or_else(|| unit.owners.first())
        .expect("ownerless units are filtered out before")
}

/// Whether a unit's status makes it the developer's for counting.
pub fn held_by_developer(status: UnitStatus) -> bool {
    matches!(status, UnitStatus::Unsold | UnitStatus::Undelivered)
}

/// The group key of every unit the developer still holds.
const DEVELOPER_KEY: i64 = i64::MIN;

/// Whether the developer still holds the unit for counting: unsold, sold but not delivered,
/// or owned by the developer outright.
fn developer_holds(unit: &RollUnit) -> bool {
    held_by_developer(unit.status) || unit.owners.iter().all(|o| o.is_developer)
}
