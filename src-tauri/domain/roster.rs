//! The property company's roster: typed rows and the checks that need all rows at once.
//!
//! A roster row says "this person stands in this relation to this unit". Parsing text into rows
//! happens in `formats`; here rows are already typed, and `check_roster` groups them into units,
//! finding every problem that involves more than one row. Invariant: a `RosterPlan` without
//! problems has, for every unit, consistent attributes, at least one owner and exactly one voter.

use super::area::Area;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum UnitKind {
    /// 住宅
    Residence,
    /// 商铺
    Shop,
    /// 车位
    Parking,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AreaSource {
    /// 登记: the real-estate register (preferred by 司法解释 Art. 8)
    Register,
    /// 实测: surveyed
    Survey,
    /// 合同: the sale contract
    Contract,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum UnitStatus {
    /// 已交付
    Delivered,
    /// 未售 (still the developer's)
    Unsold,
    /// 已售未交付 (still the developer's for counting)
    Undelivered,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Relation {
    /// 业主 / 共有人
    Owner,
    /// 开发商 (owner of unsold or undelivered units)
    Developer,
    /// 住户: lives there, not an owner (votes in residents' meetings only)
    Resident,
}

impl Relation {
    pub fn is_owner(self) -> bool {
        matches!(self, Relation::Owner | Relation::Developer)
    }
}

/// One typed roster row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterRow {
    /// Line in the source file (1-based, the header is line 1).
    pub line: u32,
    pub building: String,
    pub unit: String,
    /// The entrance (单元) the unit is in, "2单元"; empty when the file does not say.
    pub entrance: String,
    pub kind: UnitKind,
    pub area: Area,
    pub area_source: AreaSource,
    pub status: UnitStatus,
    pub name: String,
    /// Normalised identity document number; empty when the file has none (residents only).
    pub id_number: String,
    pub phone: String,
    pub relation: Relation,
    /// "投票人 = 是": the co-owner designated to vote for a co-owned unit.
    pub designated_voter: bool,
    /// The day the person turns 18, from 出生日期 or the birth date inside an 18-digit ID number
    /// (residents' meetings count adults only); `None` when unknown.
    pub adult_from: Option<NaiveDate>,
    /// 是否居住: whether the person lives in the unit (residents' meetings count residents only);
    /// `None` when the file does not say.
    pub lives_there: Option<bool>,
}

/// Which column a problem is in, by the canonical header name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RosterColumn {
    Building,
    Unit,
    Kind,
    Area,
    AreaSource,
    Status,
    Name,
    IdNumber,
    Phone,
    Relation,
    Voter,
    /// 单元 (optional): folded into the unit number and kept as the unit's entrance.
    Entrance,
    /// 出生日期 (optional)
    BirthDate,
    /// 是否居住 (optional)
    LivesThere,
}

/// Why a row (or a group of rows) cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum ProblemReason {
    MissingValue,
    NegativeArea {
        text: String,
    },
    ZeroArea,
    TooManyDecimals {
        text: String,
    },
    NotANumber {
        text: String,
    },
    AreaTooLarge {
        text: String,
    },
    UnknownValue {
        text: String,
        allowed: Vec<String>,
    },
    /// The same unit appears again with different attributes (area, kind, status or source).
    DuplicateUnit {
        first_line: u32,
    },
    /// The same person is listed twice for the same unit.
    DuplicatePerson {
        first_line: u32,
    },
    UnknownBuilding {
        building: String,
    },
    /// A unit has no owner row (only residents, or nothing valid).
    MissingOwner,
    /// One identity number under two different names.
    ConflictingIdentifier {
        other_name: String,
        first_line: u32,
    },
    /// An owner row without an identity number: multi-unit owners could not be recognised.
    MissingIdentifier,
    /// A co-owned unit with more than one designated voter.
    SeveralVoters {
        first_line: u32,
    },
    /// The header row lacks a required column.
    MissingColumn,
    /// A row with more cells than the header.
    ExtraCells,
    /// A date that is not a calendar date (YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD or YYYY年M月D日).
    BadDate {
        text: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RowProblem {
    pub line: u32,
    pub column: Option<RosterColumn>,
    pub reason: ProblemReason,
}

/// A non-blocking remark shown in the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum RosterNotice {
    /// A co-owned unit named no voter; the first co-owner listed will vote.
    VoterDefaulted {
        line: u32,
        building: String,
        unit: String,
        voter: String,
    },
    /// The file has no area-source column; every area counts as registered area.
    AreaSourceAssumed,
}

/// A person as the plan will store them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedPerson {
    pub name: String,
    pub id_number: String,
    pub phone: String,
    pub relation: Relation,
    pub designated_voter: bool,
    pub adult_from: Option<NaiveDate>,
    pub lives_there: Option<bool>,
}

/// A unit with everyone attached to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedUnit {
    pub line: u32,
    pub building: String,
    pub unit: String,
    pub entrance: String,
    pub kind: UnitKind,
    pub area: Area,
    pub area_source: AreaSource,
    pub status: UnitStatus,
    pub people: Vec<PlannedPerson>,
}

#[derive(Debug, Clone, Default)]
pub struct RosterPlan {
    pub units: Vec<PlannedUnit>,
    pub problems: Vec<RowProblem>,
    pub notices: Vec<RosterNotice>,
}

/// What `check_roster` needs to know about the community.
pub struct RosterContext<'a> {
    /// Buildings already defined; `None` means new buildings are created from the file.
    pub known_buildings: Option<&'a BTreeSet<String>>,
}

/// Groups rows into units and reports every cross-row problem, with the line it is on.
pub fn check_roster(rows: Vec<RosterRow>, ctx: &RosterContext<'_>) -> RosterPlan {
    let mut plan = RosterPlan::default();
    let mut by_unit: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut names_by_id: BTreeMap<String, (String, u32)> = BTreeMap::new();
    for row in rows {
        let problem = |column, reason| RowProblem {
            line: row.line,
            column,
            reason,
        };
        if let Some(known) = ctx.known_buildings {
            if !known.contains(&row.building) {
                plan.problems.push(problem(
                    Some(RosterColumn::Building),
                    ProblemReason::UnknownBuilding {
                        building: row.building.clone(),
                    },
                ));
                continue;
            }
        }
        if row.relation.is_owner() && row.id_number.is_empty() {
            plan.problems.push(problem(
                Some(RosterColumn::IdNumber),
                ProblemReason::MissingIdentifier,
            ));
            continue;
        }
        if !row.id_number.is_empty() {
            match names_by_id.get(&row.id_number) {
                Some((name, first_line)) if *name != row.name => {
                    plan.problems.push(problem(
                        Some(RosterColumn::IdNumber),
                        ProblemReason::ConflictingIdentifier {
                            other_name: name.clone(),
                            first_line: *first_line,
                        },
                    ));
                    continue;
                }
                Some(_) => {}
                None => {
                    names_by_id.insert(row.id_number.clone(), (row.name.clone(), row.line));
                }
            }
        }
        let key = (row.building.clone(), row.unit.clone());
        let person = PlannedPerson {
            name: row.name.clone(),
            id_number: row.id_number.clone(),
            phone: row.phone.clone(),
            relation: row.relation,
            designated_voter: row.designated_voter,
            adult_from: row.adult_from,
            lives_there: row.lives_there,
        };
        match by_unit.get(&key) {
            None => {
                by_unit.insert(key, plan.units.len());
                plan.units.push(PlannedUnit {
                    line: row.line,
                    building: row.building,
                    unit: row.unit,
                    entrance: row.entrance,
                    kind: row.kind,
                    area: row.area,
                    area_source: row.area_source,
                    status: row.status,
                    people: vec![person],
                });
            }
            Some(&index) => {
                let unit = &mut plan.units[index];
                let same_attributes = unit.kind == row.kind
                    && unit.area == row.area
                    && unit.area_source == row.area_source
                    && unit.status == row.status;
                if !same_attributes {
                    plan.problems.push(problem(
                        None,
                        ProblemReason::DuplicateUnit {
                            first_line: unit.line,
                        },
                    ));
                    continue;
                }
                let same_person = unit.people.iter().any(|p| {
                    (!p.id_number.is_empty() && p.id_number == person.id_number)
                        || (p.id_number.is_empty()
                            && person.id_number.is_empty()
                            && p.name == person.name)
                });
                if same_person {
                    plan.problems.push(problem(
                        Some(RosterColumn::Name),
                        ProblemReason::DuplicatePerson {
                            first_line: unit.line,
                        },
                    ));
                    continue;
                }
                unit.people.push(person);
            }
        }
    }
    for unit in &mut plan.units {
        settle_voter(unit, &mut plan.problems, &mut plan.notices);
    }
    plan.problems.sort_by_key(|p| (p.line, p.column));
    plan
}

/// Every unit needs an owner, and a co-owned unit exactly one designated voter.
fn settle_voter(
    unit: &mut PlannedUnit,
    problems: &mut Vec<RowProblem>,
    notices: &mut Vec<RosterNotice>,
) {
    let owners: Vec<usize> = (0..unit.people.len())
        .filter(|i| unit.people[*i].relation.is_owner())
        .collect();
    if owners.is_empty() {
        problems.push(RowProblem {
            line: unit.line,
            column: Some(RosterColumn::Relation),
            reason: ProblemReason::MissingOwner,
        });
        return;
    }
    let designated: Vec<usize> = owners
        .iter()
        .copied()
        .filter(|i| unit.people[*i].designated_voter)
        .collect();
    match designated.len() {
        0 => {
            let first = owners[0];
            unit.people[first].designated_voter = true;
            if owners.len() > 1 {
                notices.push(RosterNotice::VoterDefaulted {
                    line: unit.line,
                    building: unit.building.clone(),
                    unit: unit.unit.clone(),
                    voter: unit.people[first].name.clone(),
                });
            }
        }
        1 => {}
        _ => problems.push(RowProblem {
            line: unit.line,
            column: Some(RosterColumn::Voter),
            reason: ProblemReason::SeveralVoters {
                first_line: unit.line,
            },
        }),
    }
    // Residents never vote in owners' votes, whatever the file says.
    for person in &mut unit.people {
        if !person.relation.is_owner() {
            person.designated_voter = false;
        }
    }
}

/// The entrance a unit number starts with: "2单元1201" is in "2单元"; a number without a
/// leading "<digits>单元" has none (""). The same rule migrated the existing units
/// (migrations/0010_entrances.sql).
pub fn entrance_of_number(number: &str) -> String {
    match number.find("单元") {
        Some(at) if at > 0 && number[..at].chars().all(|c| c.is_ascii_digit()) => {
            number[..at + "单元".len()].to_string()
        }
        _ => String::new(),
    }
}

/// The birth date inside an 18-digit resident ID number (digits 7-14, YYYYMMDD), if it is a
/// real date. Only this date is ever derived; the number itself is kept as a digest.
pub fn birth_date_of_id(id: &str) -> Option<NaiveDate> {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() != 18 || !chars[..17].iter().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let digits: String = chars[6..14].iter().collect();
    NaiveDate::parse_from_str(&digits, "%Y%m%d").ok()
}

/// The day someone born on `birth` turns 18 (周岁): the same month and day 18 years on; one born
/// on 29 February turns 18 on 1 March of a common year.
pub fn adult_from(birth: NaiveDate) -> NaiveDate {
    let year = birth.year() + 18;
    birth.with_year(year).unwrap_or_else(|| {
        NaiveDate::from_ymd_opt(year, 3, 1).expect("1 March exists in every year")
    })
}

#[cfg(test)]
mod age_tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn entrance_is_the_leading_digits_and_danyuan() {
        assert_eq!(entrance_of_number("2单元1201"), "2单元");
        assert_eq!(entrance_of_number("12单元301"), "12单元");
        assert_eq!(entrance_of_number("1201"), "");
        assert_eq!(entrance_of_number("A1201"), "");
        assert_eq!(entrance_of_number("单元1201"), "");
        assert_eq!(entrance_of_number("东2单元1201"), "");
    }

    #[test]
    fn birth_date_comes_from_an_eighteen_digit_id_only() {
        assert_eq!(
            birth_date_of_id("11010519491231002X"),
            Some(d(1949, 12, 31))
        );
        assert_eq!(birth_date_of_id("110105194913310021"), None);
        assert_eq!(birth_date_of_id("110105491231002"), None);
        assert_eq!(birth_date_of_id("sha256:abcd"), None);
    }

    #[test]
    fn eighteen_on_the_birthday_and_leap_day_on_first_of_march() {
        assert_eq!(adult_from(d(2008, 12, 7)), d(2026, 12, 7));
        assert_eq!(adult_from(d(2008, 2, 29)), d(2026, 3, 1));
        assert_eq!(adult_from(d(2004, 2, 29)), d(2022, 3, 1));
    }
}
