//! The voting roll (司法解释 Arts. 8-9), table-driven through one `check` helper.

use yishi::domain::area::Area;
use yishi::domain::roll::{Merge, RollOwner, RollSettings, RollUnit, count_roll};
use yishi::domain::roster::{UnitKind, UnitStatus};

/// A unit in a case table: (owners by person id, area in 0.01 m², kind).
struct U(&'static [i64], i64, UnitKind);

const R: UnitKind = UnitKind::Residence;
const P: UnitKind = UnitKind::Parking;
const DEV: i64 = 999;

fn units(spec: &[U]) -> Vec<RollUnit> {
    spec.iter()
        .enumerate()
        .map(|(i, U(owners, area, kind))| RollUnit {
            unit_id: i as i64,
            label: format!("1栋 {}", 101 + i),
            building: "1栋".into(),
            kind: *kind,
            status: if owners.contains(&DEV) {
                UnitStatus::Unsold
            } else {
                UnitStatus::Delivered
            },
            area: Area(*area),
            owners: owners
                .iter()
                .enumerate()
                .map(|(k, id)| RollOwner {
                    person_id: *id,
                    name: format!("人{id}"),
                    is_developer: *id == DEV,
                    designated_voter: k == 0,
                })
                .collect(),
        })
        .collect()
}

fn check(spec: &[U], parking_counts: bool, want_n: u32, want_a: i64) {
    let got = count_roll(&units(spec), RollSettings { parking_counts });
    assert_eq!(
        (got.persons, got.area.0),
        (want_n, want_a),
        "N and A for {} units, parking_counts={parking_counts}",
        spec.len()
    );
}

#[test]
fn counting_table() {
    let cases: &[(&str, &[U], bool, u32, i64)] = &[
        (
            "one unit is one person",
            &[U(&[1], 9000, R)],
            false,
            1,
            9000,
        ),
        (
            "distinct owners",
            &[U(&[1], 9000, R), U(&[2], 8000, R)],
            false,
            2,
            17000,
        ),
        (
            "one buyer of two units is one person",
            &[U(&[1], 9000, R), U(&[1], 8000, R)],
            false,
            1,
            17000,
        ),
        (
            "co-owned unit is one person",
            &[U(&[1, 2], 9000, R)],
            false,
            1,
            9000,
        ),
        (
            "same co-owners of two units: one person",
            &[U(&[1, 2], 9000, R), U(&[2, 1], 100, R)],
            false,
            1,
            9100,
        ),
        (
            "co-owner who also owns alone: two persons",
            &[U(&[1, 2], 9000, R), U(&[1], 100, R)],
            false,
            2,
            9100,
        ),
        (
            "developer's units are one person",
            &[
                U(&[DEV], 9000, R),
                U(&[DEV], 9000, R),
                U(&[DEV], 9000, R),
                U(&[5], 1, R),
            ],
            false,
            2,
            27001,
        ),
        (
            "parking excluded by default setting",
            &[U(&[1], 9000, R), U(&[2], 1200, P)],
            false,
            1,
            9000,
        ),
        (
            "parking included when the community says so",
            &[U(&[1], 9000, R), U(&[2], 1200, P)],
            true,
            2,
            10200,
        ),
        (
            "ownerless unit does not count",
            &[U(&[], 9000, R), U(&[1], 1, R)],
            false,
            1,
            1,
        ),
        ("empty roll", &[], false, 0, 0),
    ];
    for (name, spec, parking, n, a) in cases {
        let got = count_roll(
            &units(spec),
            RollSettings {
                parking_counts: *parking,
            },
        );
        assert_eq!((got.persons, got.area.0), (*n, *a), "case: {name}");
    }
}

/// DOMAIN.md's A小区: 500 units, 45,000.00 m²; the developer holds 40 unsold units (3,600.00 m²);
/// owner X holds 3 units (300.00 m²); the other 457 units have 457 distinct owners.
#[test]
fn a_community_is_459_persons_and_45000_square_metres() {
    let mut spec: Vec<U> = Vec::new();
    for _ in 0..40 {
        spec.push(U(&[DEV], 9000, R));
    }
    for _ in 0..3 {
        spec.push(U(&[7], 10000, R));
    }
    // 457 distinct owners share 45,000 - 3,600 - 300 = 41,100.00 m²: 4,110,000 centi.
    let ids: &'static [i64] = Box::leak((1000..1457).collect::<Vec<i64>>().into_boxed_slice());
    let mut remaining = 4_110_000;
    for (i, id) in ids.iter().enumerate() {
        let area = if i == ids.len() - 1 { remaining } else { 8993 };
        remaining -= area;
        spec.push(U(std::slice::from_ref(id), area, R));
    }
    assert_eq!(spec.len(), 500);
    check(&spec, false, 459, 4_500_000);
    let got = count_roll(&units(&spec), RollSettings::default());
    assert_eq!(Area(got.area.0).grouped(), "45,000.00");
    assert!(
        got.merges
            .iter()
            .any(|m| matches!(m, Merge::Developer { units: 40, area, .. } if area.0 == 360_000)),
        "developer merge explained"
    );
    assert!(got.merges.iter().any(|m| matches!(m, Merge::MultiUnit { labels, area, .. } if labels.len() == 3 && area.0 == 30_000)), "X's units explained");
}

#[test]
fn an_undelivered_unit_counts_with_the_developer_whoever_the_file_names() {
    let mut u = units(&[
        U(&[DEV], 9000, R),
        U(&[DEV], 9000, R),
        U(&[42], 8000, R),
        U(&[5], 100, R),
    ]);
    u[2].status = UnitStatus::Undelivered;
    let got = count_roll(&u, RollSettings::default());
    assert_eq!(
        (got.persons, got.area.0),
        (2, 26100),
        "developer (3 units) + owner 5"
    );
    assert!(
        got.merges
            .iter()
            .any(|m| matches!(m, Merge::Developer { units: 3, name, .. } if name == "人999"))
    );
}

#[test]
fn co_owned_unit_votes_through_the_designated_owner() {
    let mut u = units(&[U(&[1, 2], 9000, R)]);
    u[0].owners[0].designated_voter = false;
    u[0].owners[1].designated_voter = true;
    let got = count_roll(&u, RollSettings::default());
    assert_eq!(got.voters[0].person_id, 2);
    assert!(matches!(&got.merges[0], Merge::CoOwned { voter, .. } if voter == "人2"));
}
