//! Who is entitled at a residents' meeting (城市居民委员会组织法 Art. 9), by the meeting's mode.
//!
//! Residents are the people who live in the community's homes: tenants and other 住户 included,
//! owners who live elsewhere excluded, the developer never a resident. Under
//! [`ResidentsMode::Adults`] every resident aged 18 or over on the meeting's day is entitled;
//! under [`ResidentsMode::Households`] each household (a home with at least one adult resident)
//! sends one representative; under [`ResidentsMode::GroupRepresentatives`] each residents' group
//! elects two or three, which the roll does not know, so N is the host's groups × per group.
//!
//! The roll may not say a person's age or whether an owner lives in the unit (the roster columns
//! 出生日期 and 是否居住 are optional). Such a person is counted, never silently dropped: counting
//! them can only make the quorum harder, and the result says how many were unknown so the
//! committee can complete the roll.
//!
//! Invariant: a pure function of its arguments; a person living in several homes is entitled
//! once; a household's representative represents one household only.

use super::roster::Relation;
use super::vote::ResidentsMode;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use ts_rs::TS;

/// A person attached to a home, as the entitlement sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HomePerson {
    pub person_id: i64,
    pub name: String,
    pub relation: Relation,
    /// Whether they live there; `None` when the roll does not say.
    pub lives_there: Option<bool>,
    /// The day they turn 18; `None` when the roll does not say.
    pub adult_from: Option<NaiveDate>,
}

/// A home (a residence unit) with everyone attached to it, in roll order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Home {
    /// "3栋 1201".
    pub label: String,
    pub people: Vec<HomePerson>,
}

/// One entitled person (or household representative) on a residents' meeting's roll.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EntitledResident {
    #[ts(type = "number")]
    pub person_id: i64,
    pub name: String,
    /// The homes they live in (adults mode), or the household they represent.
    pub homes: Vec<String>,
}

/// Who is entitled, and what the count could not know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Entitlement {
    pub mode: ResidentsMode,
    /// N for the meeting's quorum and the vote.
    pub entitled: u32,
    /// The entitled persons (adults) or household representatives; empty for group
    /// representatives, whom the roll does not know.
    pub persons: Vec<EntitledResident>,
    /// Minors left out (their 18th birthday is after the day).
    pub minors: u32,
    /// Owners left out because the roll says they do not live there.
    pub non_resident_owners: u32,
    /// Counted although the roll has no birth date for them.
    pub unknown_age: u32,
    /// Owners counted although the roll does not say whether they live there.
    pub unknown_residence: u32,
    /// Households whose every adult already represents another household: counted in N, but
    /// nobody is on the roll for them.
    pub unrepresented_households: u32,
}

enum Verdict {
    Entitled {
        age_unknown: bool,
        home_unknown: bool,
    },
    Minor,
    NotResident,
    Developer,
}

fn judge(p: &HomePerson, on: NaiveDate) -> Verdict {
    let lives = match (p.relation, p.lives_there) {
        (Relation::Developer, _) => return Verdict::Developer,
        (_, Some(false)) => return Verdict::NotResident,
        (Relation::Resident, _) | (_, Some(true)) => Some(true),
        (Relation::Owner, None) => None,
    };
    match p.adult_from {
        Some(day) if day > on => Verdict::Minor,
        known => Verdict::Entitled {
            age_unknown: known.is_none(),
            home_unknown: lives.is_none(),
        },
    }
}

/// Those entitled at a residents' meeting held on `on` (a date in the community's time zone).
pub fn entitled_residents(homes: &[Home], mode: ResidentsMode, on: NaiveDate) -> Entitlement {
    let mut out = Entitlement {
        mode,
        entitled: 0,
        persons: Vec::new(),
        minors: 0,
        non_resident_owners: 0,
        unknown_age: 0,
        unknown_residence: 0,
        unrepresented_households: 0,
    };
    // Each person is judged once (the first home they appear in decides their age; residence
    // is per home).
    let mut minors = BTreeSet::new();
    let mut non_resident = BTreeSet::new();
    let mut age_unknown = BTreeSet::new();
    let mut home_unknown = BTreeSet::new();
    let mut adults: BTreeMap<i64, EntitledResident> = BTreeMap::new();
    let mut order: Vec<i64> = Vec::new();
    let mut households: Vec<(String, Vec<i64>)> = Vec::new();
    for home in homes {
        let mut members = Vec::new();
        for p in &home.people {
            match judge(p, on) {
                Verdict::Entitled {
                    age_unknown: a,
                    home_unknown: h,
                } => {
                    if a {
                        age_unknown.insert(p.person_id);
                    }
                    if h {
                        home_unknown.insert(p.person_id);
                    }
                    let e = adults.entry(p.person_id).or_insert_with(|| {
                        order.push(p.person_id);
                        EntitledResident {
                            person_id: p.person_id,
                            name: p.name.clone(),
                            homes: Vec::new(),
                        }
                    });
                    e.homes.push(home.label.clone());
                    members.push(p.person_id);
                }
                Verdict::Minor => {
                    minors.insert(p.person_id);
                }
                Verdict::NotResident => {
                    non_resident.insert(p.person_id);
                }
                Verdict::Developer => {}
            }
        }
        if !members.is_empty() {
            households.push((home.label.clone(), members));
        }
    }
    // A person entitled through another home is neither a minor nor a non-resident.
    out.minors = minors.iter().filter(|id| !adults.contains_key(id)).count() as u32;
    out.non_resident_owners = non_resident
        .iter()
        .filter(|id| !adults.contains_key(id))
        .count() as u32;
    out.unknown_age = age_unknown.len() as u32;
    out.unknown_residence = home_unknown.len() as u32;
    match mode {
        ResidentsMode::Adults => {
            out.persons = order.iter().filter_map(|id| adults.remove(id)).collect();
            out.entitled = out.persons.len() as u32;
        }
        ResidentsMode::Households => {
            let mut used = BTreeSet::new();
            for (label, members) in &households {
                match members.iter().find(|id| !used.contains(*id)) {
                    Some(rep) => {
                        used.insert(*rep);
                        out.persons.push(EntitledResident {
                            person_id: *rep,
                            name: adults.get(rep).map(|a| a.name.clone()).unwrap_or_default(),
                            homes: vec![label.clone()],
                        });
                    }
                    None => out.unrepresented_households += 1,
                }
            }
            out.entitled = households.len() as u32;
        }
        ResidentsMode::GroupRepresentatives { .. } => {
            out.entitled = mode.fixed_entitled().unwrap_or(0);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    fn person(
        id: i64,
        relation: Relation,
        lives: Option<bool>,
        adult_from: Option<NaiveDate>,
    ) -> HomePerson {
        HomePerson {
            person_id: id,
            name: format!("p{id}"),
            relation,
            lives_there: lives,
            adult_from,
        }
    }

    /// 1201: an owner who lives there, her 17-year-old son, a tenant couple is elsewhere.
    /// 1202: an owner living elsewhere and two adult tenants. 1203: only a minor and the
    /// owner who lives elsewhere. 1204: owner with unknown residence and age. Developer unit.
    fn homes() -> Vec<Home> {
        let meeting = d(2026, 12, 20);
        let adult = Some(d(1990, 1, 1));
        let turns_18_after = Some(meeting.succ_opt().expect("day"));
        let turns_18_on = Some(meeting);
        vec![
            Home {
                label: "1栋 1201".into(),
                people: vec![
                    person(1, Relation::Owner, Some(true), adult),
                    person(2, Relation::Resident, Some(true), turns_18_after),
                    person(3, Relation::Resident, Some(true), turns_18_on),
                ],
            },
            Home {
                label: "1栋 1202".into(),
                people: vec![
                    person(4, Relation::Owner, Some(false), adult),
                    person(5, Relation::Resident, Some(true), adult),
                    person(6, Relation::Resident, Some(true), None),
                ],
            },
            Home {
                label: "1栋 1203".into(),
                people: vec![
                    person(4, Relation::Owner, Some(false), adult),
                    person(7, Relation::Resident, Some(true), turns_18_after),
                ],
            },
            Home {
                label: "1栋 1204".into(),
                people: vec![person(8, Relation::Owner, None, None)],
            },
            Home {
                label: "1栋 1205".into(),
                people: vec![person(9, Relation::Developer, None, adult)],
            },
        ]
    }

    #[test]
    fn adults_mode_counts_adult_residents_and_tenants_only() {
        let e = entitled_residents(&homes(), ResidentsMode::Adults, d(2026, 12, 20));
        let ids: Vec<i64> = e.persons.iter().map(|p| p.person_id).collect();
        // 1 (owner living there), 3 (18 today), 5 and 6 (tenants), 8 (unknown, counted).
        assert_eq!(ids, vec![1, 3, 5, 6, 8]);
        assert_eq!(e.entitled, 5);
        assert_eq!((e.minors, e.non_resident_owners), (2, 1));
        assert_eq!((e.unknown_age, e.unknown_residence), (2, 1));
    }

    #[test]
    fn households_mode_counts_homes_with_an_adult_resident() {
        let e = entitled_residents(&homes(), ResidentsMode::Households, d(2026, 12, 20));
        // 1201, 1202 and 1204; 1203 has only a minor living there; 1205 is the developer's.
        assert_eq!(e.entitled, 3);
        let reps: Vec<(i64, &str)> = e
            .persons
            .iter()
            .map(|p| (p.person_id, p.homes[0].as_str()))
            .collect();
        assert_eq!(
            reps,
            vec![(1, "1栋 1201"), (5, "1栋 1202"), (8, "1栋 1204")]
        );
    }

    #[test]
    fn a_day_later_the_son_is_an_adult() {
        let e = entitled_residents(&homes(), ResidentsMode::Adults, d(2026, 12, 21));
        assert_eq!(e.entitled, 7);
        assert_eq!(e.minors, 0);
        let h = entitled_residents(&homes(), ResidentsMode::Households, d(2026, 12, 21));
        assert_eq!(h.entitled, 4, "1203 now has an adult resident");
    }

    #[test]
    fn group_representatives_are_groups_times_per_group() {
        let mode = ResidentsMode::GroupRepresentatives {
            groups: 7,
            per_group: 3,
        };
        let e = entitled_residents(&homes(), mode, d(2026, 12, 20));
        assert_eq!(e.entitled, 21);
        assert!(e.persons.is_empty());
        assert!(mode.is_valid());
        assert!(
            !ResidentsMode::GroupRepresentatives {
                groups: 7,
                per_group: 4
            }
            .is_valid()
        );
        assert!(
            !ResidentsMode::GroupRepresentatives {
                groups: 0,
                per_group: 2
            }
            .is_valid()
        );
    }

    #[test]
    fn one_adult_living_in_two_homes_is_entitled_once_and_represents_one() {
        let adult = Some(d(1980, 5, 5));
        let two = vec![
            Home {
                label: "2栋 101".into(),
                people: vec![person(1, Relation::Resident, Some(true), adult)],
            },
            Home {
                label: "2栋 102".into(),
                people: vec![person(1, Relation::Resident, Some(true), adult)],
            },
        ];
        let a = entitled_residents(&two, ResidentsMode::Adults, d(2026, 1, 1));
        assert_eq!(a.entitled, 1);
        assert_eq!(a.persons[0].homes.len(), 2);
        let h = entitled_residents(&two, ResidentsMode::Households, d(2026, 1, 1));
        assert_eq!(
            (h.entitled, h.persons.len(), h.unrepresented_households),
            (2, 1, 1)
        );
    }
}
