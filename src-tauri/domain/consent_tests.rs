use super::*;
use crate::domain::area::Area;
use crate::domain::roster::{UnitKind, UnitStatus};
use chrono::TimeZone;

fn owner(id: i64, name: &str, designated: bool) -> RollOwner {
    RollOwner {
        person_id: id,
        name: name.into(),
        is_developer: false,
        designated_voter: designated,
    }
}

fn unit(id: i64, building: &str, number: &str, owners: Vec<RollOwner>) -> RollUnit {
    RollUnit {
        unit_id: id,
        label: format!("{building} {number}"),
        building: building.into(),
        kind: UnitKind::Residence,
        status: UnitStatus::Delivered,
        area: Area(9000),
        owners,
    }
}

/// 1栋: 101 王 (applicant), 102 王 again (same entry), 201 吴 alone, 202 吴+肖 (吴 designated),
/// 301 the developer (unsold); 2栋 101 李.
fn roll() -> Vec<RollUnit> {
    let mut dev = unit(
        6,
        "1栋",
        "301",
        vec![RollOwner {
            person_id: 9,
            name: "开发商".into(),
            is_developer: true,
            designated_voter: false,
        }],
    );
    dev.status = UnitStatus::Unsold;
    vec![
        unit(1, "1栋", "101", vec![owner(1, "王", false)]),
        unit(2, "1栋", "102", vec![owner(1, "王", false)]),
        unit(3, "1栋", "201", vec![owner(2, "吴", false)]),
        unit(
            4,
            "1栋",
            "202",
            vec![owner(2, "吴", true), owner(3, "肖", false)],
        ),
        dev,
        unit(7, "2栋", "101", vec![owner(4, "李", false)]),
    ]
}

#[test]
fn interested_is_every_other_entry_of_the_building() {
    let parties = interested(&roll(), 1).expect("computable");
    let keys: Vec<&str> = parties.iter().map(|p| p.key.as_str()).collect();
    // 王's second unit is the applicant's own entry; 吴 alone and 吴+肖 are two entries; 2栋 is out.
    assert_eq!(keys, ["owners:2", "owners:2+3", "developer"]);
    assert_eq!(parties[1].units, ["1栋 202"]);
    assert_eq!(parties[2].members[0].name, "开发商");
    assert!(parties.iter().all(|p| p.basis == Basis::SameBuilding));
}

#[test]
fn interested_refuses_what_it_cannot_complete() {
    let mut r = roll();
    assert_eq!(interested(&r, 99), Err(InterestError::NoSuchUnit(99)));
    r[3].owners.clear();
    assert_eq!(
        interested(&r, 1),
        Err(InterestError::OwnerlessUnit("1栋 202".into()))
    );
    assert_eq!(
        interested(&roll(), 7),
        Err(InterestError::NoOtherOwner("2栋".into()))
    );
}

#[test]
fn signers_follow_the_co_owner_rule() {
    let parties = interested(&roll(), 1).expect("computable");
    assert_eq!(parties[1].signers(CoOwnerRule::DesignatedVoter), [2]);
    assert_eq!(parties[1].signers(CoOwnerRule::EveryCoOwner), [2, 3]);
}

fn t(min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 10, min, 0)
        .single()
        .expect("valid")
}

fn ans(party: &str, person: i64, answer: Answer, min: u32) -> SignedAnswer {
    SignedAnswer {
        party: party.into(),
        person_id: person,
        answer,
        at: t(min),
    }
}

use Answer::{Consent as C, Refuse as R};

/// (what, answers, rule, deadline minute, now minute, status, decided minute)
type Case = (
    &'static str,
    Vec<SignedAnswer>,
    CoOwnerRule,
    u32,
    u32,
    Status,
    Option<u32>,
);

#[test]
fn outcome_table() {
    let parties = interested(&roll(), 1).expect("computable");
    let all_designated = vec![
        ans("owners:2", 2, C, 1),
        ans("owners:2+3", 2, C, 2),
        ans("developer", 9, C, 3),
    ];
    let mut with_xiao = all_designated.clone();
    with_xiao.push(ans("owners:2+3", 3, C, 4));
    let mut refused_after_consent = with_xiao.clone();
    refused_after_consent.push(ans("developer", 9, R, 5));
    use CoOwnerRule::{DesignatedVoter as D, EveryCoOwner as E};
    use Status::*;
    // (what, answers, rule, deadline minute, now minute, status, decided minute)
    let cases: Vec<Case> = vec![
        ("nobody yet", vec![], D, 30, 10, Pending, None),
        ("silence at the deadline", vec![], D, 30, 30, Pending, None),
        (
            "silence after the deadline",
            vec![],
            D,
            30,
            31,
            Lapsed,
            Some(30),
        ),
        (
            "all designated consent",
            all_designated.clone(),
            D,
            30,
            10,
            Consented,
            Some(3),
        ),
        (
            "designated is not enough for every co-owner",
            all_designated.clone(),
            E,
            30,
            10,
            Pending,
            None,
        ),
        (
            "every co-owner, lapsed",
            all_designated.clone(),
            E,
            30,
            40,
            Lapsed,
            Some(30),
        ),
        (
            "every co-owner consents",
            with_xiao.clone(),
            E,
            30,
            10,
            Consented,
            Some(4),
        ),
        (
            "one refusal ends it",
            vec![ans("owners:2", 2, C, 1), ans("developer", 9, R, 2)],
            D,
            30,
            10,
            Refused,
            Some(2),
        ),
        (
            "refusal after the deadline does not count",
            vec![ans("developer", 9, R, 31)],
            D,
            30,
            40,
            Lapsed,
            Some(30),
        ),
        (
            "consent after the deadline does not count",
            vec![
                ans("owners:2", 2, C, 1),
                ans("owners:2+3", 2, C, 2),
                ans("developer", 9, C, 31),
            ],
            D,
            30,
            40,
            Lapsed,
            Some(30),
        ),
        (
            "consent exactly at the deadline counts",
            vec![
                ans("owners:2", 2, C, 1),
                ans("owners:2+3", 2, C, 2),
                ans("developer", 9, C, 30),
            ],
            D,
            30,
            40,
            Consented,
            Some(30),
        ),
        (
            "a non-designated co-owner's refusal is not counted under the designated rule",
            vec![ans("owners:2+3", 3, R, 1)],
            D,
            30,
            10,
            Pending,
            None,
        ),
        (
            "a co-owner's refusal ends it under the every-co-owner rule",
            vec![ans("owners:2+3", 3, R, 1)],
            E,
            30,
            10,
            Refused,
            Some(1),
        ),
        (
            "a refusal after full consent changes nothing",
            refused_after_consent,
            E,
            30,
            10,
            Consented,
            Some(4),
        ),
        (
            "a signature from an outsider is ignored",
            vec![ans("owners:4", 4, R, 1)],
            D,
            30,
            10,
            Pending,
            None,
        ),
        (
            "a signature after now is not yet counted",
            vec![ans("developer", 9, R, 20)],
            D,
            30,
            10,
            Pending,
            None,
        ),
        (
            "the first answer of a person stands",
            vec![ans("developer", 9, C, 1), ans("developer", 9, R, 2)],
            D,
            30,
            10,
            Pending,
            None,
        ),
    ];
    for (what, answers, rule, deadline, now, status, decided) in cases {
        let o = outcome(
            &parties,
            &answers,
            Terms {
                rule,
                deadline: t(deadline),
                now: t(now),
            },
        );
        assert_eq!(o.status, status, "{what}");
        assert_eq!(o.decided_at, decided.map(|m| stamp(t(m))), "{what}");
    }
}

#[test]
fn outcome_names_the_refusal_and_who_is_waiting() {
    let parties = interested(&roll(), 1).expect("computable");
    let o = outcome(
        &parties,
        &[ans("owners:2", 2, C, 1), ans("owners:2+3", 3, R, 2)],
        Terms {
            rule: CoOwnerRule::EveryCoOwner,
            deadline: t(30),
            now: t(10),
        },
    );
    assert_eq!(o.refused_by.as_deref(), Some("owners:2+3"));
    assert_eq!(o.refused_signer, Some(3));
    assert!(o.parties[0].consented);
    assert!(o.parties[1].refused && !o.parties[1].consented);
    assert_eq!(o.parties[1].waiting, [2]);
    assert_eq!(o.parties[2].waiting, [9]);
}

#[test]
fn an_outside_owner_must_consent_too() {
    let mut parties = interested(&roll(), 1).expect("computable");
    let mut li = entries_of(&roll(), 4).remove(0);
    li.basis = Basis::ShownHarm {
        reason: "油烟".into(),
        evidence_sha256: "a".repeat(64),
        added_at: stamp(t(0)),
    };
    assert_eq!(li.key, "owners:4");
    parties.push(li);
    let answers = vec![
        ans("owners:2", 2, C, 1),
        ans("owners:2+3", 2, C, 2),
        ans("developer", 9, C, 3),
    ];
    let terms = Terms {
        rule: CoOwnerRule::DesignatedVoter,
        deadline: t(30),
        now: t(10),
    };
    assert_eq!(outcome(&parties, &answers, terms).status, Status::Pending);
    let mut more = answers.clone();
    more.push(ans("owners:4", 4, C, 4));
    assert_eq!(outcome(&parties, &more, terms).status, Status::Consented);
}
