//! Tests of `demo`: the demo roster is clean, deterministic and shaped like a real community.

use super::*;
use crate::domain::roster::{RosterContext, RosterNotice, check_roster};
use std::collections::BTreeMap;

fn units(rows: &[RosterRow]) -> BTreeSet<(String, String)> {
    rows.iter()
        .map(|r| (r.building.clone(), r.unit.clone()))
        .collect()
}

#[test]
fn the_demo_roster_passes_check_roster() {
    let rows = demo_roster();
    let buildings: BTreeSet<String> = rows.iter().map(|r| r.building.clone()).collect();
    let want: BTreeSet<String> = [
        "1栋",
        "2栋",
        "3栋",
        "4栋",
        "5栋",
        "6栋",
        "商业楼",
        "地下车库",
    ]
    .map(String::from)
    .into();
    assert_eq!(buildings, want);
    let plan = check_roster(
        rows.clone(),
        &RosterContext {
            known_buildings: Some(&buildings),
        },
    );
    assert_eq!(plan.problems, vec![]);
    assert_eq!(plan.units.len(), 6 * 18 * 3 + 10 + 40);
    let defaulted = plan
        .notices
        .iter()
        .filter(|n| matches!(n, RosterNotice::VoterDefaulted { .. }))
        .count();
    assert!(
        defaulted >= 1,
        "some co-owned unit names no voter, to show the notice"
    );
}

#[test]
fn rows_are_numbered_like_a_file_and_deterministic() {
    let rows = demo_roster();
    assert!(rows.iter().enumerate().all(|(i, r)| r.line == i as u32 + 2));
    assert_eq!(rows, demo_roster());
    assert_ne!(
        generate_roster(&RosterSpec {
            shops: 0,
            ..demo_spec()
        }),
        rows
    );
}

#[test]
fn the_demo_has_every_case_the_roll_rules_care_about() {
    let rows = demo_roster();
    let in_building = |b: &'static str| rows.iter().filter(move |r| r.building == b);
    assert!(
        in_building("6栋")
            .all(|r| r.relation == Relation::Developer && r.status == UnitStatus::Unsold)
    );
    assert_eq!(in_building("6栋").count(), 54);
    assert!(in_building("商业楼").all(|r| r.kind == UnitKind::Shop));
    assert!(
        in_building("地下车库").all(|r| r.kind == UnitKind::Parking && r.unit.starts_with("B1-"))
    );
    assert_eq!(
        in_building("1栋").next().map(|r| r.unit.as_str()),
        Some("101")
    );
    assert!(in_building("1栋").any(|r| r.unit == "1803"));

    let mut people_per_unit: BTreeMap<(String, String), u32> = BTreeMap::new();
    let mut units_per_owner: BTreeMap<&str, BTreeSet<(String, String)>> = BTreeMap::new();
    for r in rows
        .iter()
        .filter(|r| r.kind == UnitKind::Residence && r.relation == Relation::Owner)
    {
        *people_per_unit
            .entry((r.building.clone(), r.unit.clone()))
            .or_default() += 1;
        units_per_owner
            .entry(&r.id_number)
            .or_default()
            .insert((r.building.clone(), r.unit.clone()));
    }
    let sold = people_per_unit.len() as f64;
    let co_owned = people_per_unit.values().filter(|n| **n == 2).count() as f64;
    assert!(
        (0.04..=0.13).contains(&(co_owned / sold)),
        "co-owned share {}",
        co_owned / sold
    );
    let multi = units_per_owner.values().filter(|u| u.len() >= 2).count();
    assert!(
        (2..=20).contains(&multi),
        "{multi} owners hold several homes"
    );
    assert!(units_per_owner.values().all(|u| u.len() <= 3));
    let residents = rows
        .iter()
        .filter(|r| r.relation == Relation::Resident)
        .count();
    assert!(residents >= 5, "{residents} residents");
    assert!(
        rows.iter()
            .any(|r| r.status == UnitStatus::Undelivered && r.relation == Relation::Developer)
    );
    let sources: BTreeSet<AreaSource> = rows.iter().map(|r| r.area_source).collect();
    assert_eq!(sources.len(), 3);
}

#[test]
fn values_look_real() {
    let rows = demo_roster();
    for r in rows.iter().filter(|r| r.kind == UnitKind::Residence) {
        assert!((6000..=14599).contains(&r.area.centi()), "{r:?}");
    }
    let areas: BTreeSet<i64> = rows.iter().map(|r| r.area.centi()).collect();
    assert!(
        areas.len() > 40 && areas.iter().any(|a| a % 100 != 0),
        "areas vary, with decimals"
    );
    for r in rows
        .iter()
        .filter(|r| !r.id_number.is_empty() && r.relation != Relation::Developer)
    {
        let id = &r.id_number;
        assert_eq!(id.len(), 18, "{id}");
        if r.name.ends_with("公司") {
            continue;
        }
        assert_eq!(id.chars().last(), Some(id_check_char(&id[..17])), "{id}");
        let year: u32 = id[6..10].parse().expect("digits");
        assert!((1950..=2000).contains(&year), "{id}");
        let phone_ok = r.phone.len() == 11
            && r.phone.starts_with('1')
            && r.phone.chars().all(|c| c.is_ascii_digit());
        assert!(phone_ok, "{}", r.phone);
        let chars = r.name.chars().count();
        assert!(
            (2..=3).contains(&chars) && !FAMOUS.contains(&r.name.as_str()),
            "{}",
            r.name
        );
    }
}

#[test]
fn check_characters_follow_the_standards() {
    // GB 11643's own example, and the code the fixtures use (computed independently in Python).
    assert_eq!(id_check_char("11010519491231002"), 'X');
    assert_eq!(uscc("500113", "MA5U7Q2X"), "91500113MA5U7Q2X59");
}

#[test]
fn the_bench_spec_gives_ten_thousand_clean_units() {
    let rows = generate_roster(&bench_spec_10k());
    assert_eq!(units(&rows).len(), 10_000);
    let plan = check_roster(
        rows,
        &RosterContext {
            known_buildings: None,
        },
    );
    assert_eq!(plan.problems, vec![]);
    assert_eq!(plan.units.len(), 10_000);
}
