//! The tally's legal boundaries, case by case: what a court would check.
//!
//! Rolls are built programmatically from groups `(persons, total area in 0.01 m², vote)`: each
//! group's area is spread over its persons exactly (no rounding: the remainder goes one 0.01 m²
//! at a time), so a case states Pn, Pa, Yn, Ya directly. DOMAIN.md's A小区 has N = 459 and
//! A = 45,000.00; `a_xiaoqu` adds the non-voting remainder so every case keeps those totals.

use yishi::domain::area::Area;
use yishi::domain::roll::{RollOwner, RollSettings, RollUnit, count_roll};
use yishi::domain::roster::{UnitKind, UnitStatus};
use yishi::domain::vote::{
    BallotPolicy, Choice, ElectionInput, MatterCategory, ProposalContext, ResidentsMode, RollEntry,
    Rule, Scope, Tally, TallyError, TallyInput, VoteSettings, VoteTest, election_block,
    propose_rule, resolve_ballots, result_block, tally, tally_election,
};
use yishi::lang::Lang;

const Y: Option<Choice> = Some(Choice::Agree);
const O: Option<Choice> = Some(Choice::Oppose);
const AB: Option<Choice> = Some(Choice::Abstain);
const NV: Option<Choice> = None;

const A_N: u32 = 459;
const A_A: i64 = 4_500_000;

/// (persons, area in 0.01 m², vote or None for a non-voter)
type Group = (u32, i64, Option<Choice>);

/// `total` spread over `count` persons: equal shares, the remainder one hundredth each.
fn spread(count: u32, total: i64) -> Vec<i64> {
    assert!(count > 0 || total == 0, "area without persons");
    if count == 0 {
        return Vec::new();
    }
    let base = total / i64::from(count);
    let extra = total % i64::from(count);
    (0..i64::from(count))
        .map(|i| base + i64::from(i < extra))
        .collect()
}

struct Built {
    roll: Vec<RollEntry>,
    ballots: Vec<(i64, Choice)>,
    non_voters: Vec<i64>,
}

fn build(groups: &[Group]) -> Built {
    let mut b = Built {
        roll: Vec::new(),
        ballots: Vec::new(),
        non_voters: Vec::new(),
    };
    let mut id = 1000;
    for &(persons, area, vote) in groups {
        for share in spread(persons, area) {
            id += 1;
            b.roll.push(RollEntry {
                person_id: id,
                area: Area(share),
            });
            match vote {
                Some(c) => b.ballots.push((id, c)),
                None => b.non_voters.push(id),
            }
        }
    }
    b
}

/// The voting groups plus A小区's non-voting remainder (N = 459, A = 45,000.00).
fn a_xiaoqu(voting: &[Group]) -> Vec<Group> {
    let persons: u32 = voting.iter().map(|g| g.0).sum();
    let area: i64 = voting.iter().map(|g| g.1).sum();
    let mut all = voting.to_vec();
    if persons < A_N {
        all.push((A_N - persons, A_A - area, NV));
    } else {
        assert_eq!((persons, area), (A_N, A_A), "groups exceed A小区");
    }
    all
}

fn run(groups: &[Group], settings: &VoteSettings, refused: u32) -> Tally {
    let b = build(groups);
    tally(
        &TallyInput {
            roll: &b.roll,
            ballots: &b.ballots,
            served_non_voters: Some(&b.non_voters),
            refused,
        },
        settings,
    )
    .expect("the case tallies")
}

struct Case {
    name: &'static str,
    rule: Rule,
    groups: Vec<Group>,
    quorum: bool,
    passed: bool,
    /// (persons, area) of `quorum_line`
    quorum_line: (u32, i64),
    /// (persons, area) of `pass_line`
    pass_line: (u32, i64),
}

fn case(
    name: &'static str,
    rule: Rule,
    groups: Vec<Group>,
    quorum: bool,
    passed: bool,
    quorum_line: (u32, i64),
    pass_line: (u32, i64),
) -> Case {
    Case {
        name,
        rule,
        groups,
        quorum,
        passed,
        quorum_line,
        pass_line,
    }
}

fn check_cases(cases: Vec<Case>) {
    for c in cases {
        let t = run(&c.groups, &VoteSettings::new(c.rule.clone()), 0);
        let got = (
            t.quorum_met,
            t.passed,
            (t.quorum_line.persons, t.quorum_line.area.0),
            (t.pass_line.persons, t.pass_line.area.0),
        );
        assert_eq!(
            got,
            (c.quorum, c.passed, c.quorum_line, c.pass_line),
            "case: {}\n{}",
            c.name,
            result_block(&t, &VoteSettings::new(c.rule.clone()), Lang::En)
        );
        // The reported verdicts are exactly the inequalities' conjunctions.
        let holds = |test| {
            t.deciding
                .iter()
                .filter(|i| i.test == test)
                .all(|i| i.holds)
        };
        assert_eq!(t.quorum_met, holds(VoteTest::Quorum), "case: {}", c.name);
        assert_eq!(
            t.passed,
            t.quorum_met && holds(VoteTest::Pass),
            "case: {}",
            c.name
        );
        // Counts add up: Pn = Yn + On + abstentions, and the same for areas.
        assert_eq!(t.pn, t.yn + t.on + t.abstain_n, "case: {}", c.name);
        assert_eq!(t.pa.0, t.ya.0 + t.oa.0 + t.abstain_a.0, "case: {}", c.name);
    }
}

// ---------------------------------------------------------------------------------------------
// A小区 (DOMAIN.md worked cases)
// ---------------------------------------------------------------------------------------------

const Q306: (u32, i64) = (306, 3_000_000);

#[test]
fn a_xiaoqu_quorum_is_306_persons_and_30000_m2() {
    let ord = || Rule::OwnersOrdinary;
    check_cases(vec![
        // Exactly two thirds in both: 3·306 = 918 = 2·459; 3·30,000.00 = 2·45,000.00.
        case(
            "exactly 2/3 persons and area passes the quorum",
            ord(),
            a_xiaoqu(&[(306, 3_000_000, Y)]),
            true,
            true,
            Q306,
            (154, 1_500_001),
        ),
        case(
            "305 persons fails",
            ord(),
            a_xiaoqu(&[(305, 3_000_000, Y)]),
            false,
            false,
            Q306,
            (153, 1_500_001),
        ),
        case(
            "307 persons",
            ord(),
            a_xiaoqu(&[(307, 3_000_000, Y)]),
            true,
            true,
            Q306,
            (154, 1_500_001),
        ),
        case(
            "29,999.99 m² fails",
            ord(),
            a_xiaoqu(&[(306, 2_999_999, Y)]),
            false,
            false,
            Q306,
            (154, 1_500_000),
        ),
        case(
            "30,000.01 m²",
            ord(),
            a_xiaoqu(&[(306, 3_000_001, Y)]),
            true,
            true,
            Q306,
            (154, 1_500_001),
        ),
        case(
            "abstentions alone make the quorum (they participate)",
            ord(),
            a_xiaoqu(&[(306, 3_000_000, AB)]),
            true,
            false,
            Q306,
            (154, 1_500_001),
        ),
        case(
            "nobody votes",
            ord(),
            a_xiaoqu(&[]),
            false,
            false,
            Q306,
            (1, 1),
        ),
        case(
            "everybody votes",
            Rule::OwnersMajor,
            a_xiaoqu(&[(345, 3_375_000, Y), (114, 1_125_000, O)]),
            true,
            true,
            Q306,
            (345, 3_375_000),
        ),
    ]);
}

#[test]
fn a_xiaoqu_ordinary_needs_161_and_15750_01() {
    let ord = || Rule::OwnersOrdinary;
    // Pn = 320, Pa = 31,500.00 in every case; the rest of the 320 oppose.
    let p = |yn: u32, ya: i64| a_xiaoqu(&[(yn, ya, Y), (320 - yn, 3_150_000 - ya, O)]);
    let line = (161, 1_575_001);
    check_cases(vec![
        case(
            "161 and 15,750.01 pass",
            ord(),
            p(161, 1_575_001),
            true,
            true,
            Q306,
            line,
        ),
        case(
            "162 and 15,750.02 pass",
            ord(),
            p(162, 1_575_002),
            true,
            true,
            Q306,
            line,
        ),
        case(
            "160 (exactly half) fails",
            ord(),
            p(160, 1_575_001),
            true,
            false,
            Q306,
            line,
        ),
        case(
            "15,750.00 (exactly half) fails",
            ord(),
            p(161, 1_575_000),
            true,
            false,
            Q306,
            line,
        ),
        case(
            "15,749.99 fails",
            ord(),
            p(161, 1_574_999),
            true,
            false,
            Q306,
            line,
        ),
        case(
            "one building is the ordinary rule",
            Rule::OwnersOrdinary,
            p(161, 1_575_001),
            true,
            true,
            Q306,
            line,
        ),
        case(
            "one building, exactly half fails",
            Rule::OwnersOrdinary,
            p(160, 1_575_000),
            true,
            false,
            Q306,
            line,
        ),
    ]);
}

#[test]
fn a_xiaoqu_major_needs_240_and_23625_00() {
    let maj = || Rule::OwnersMajor;
    let p = |yn: u32, ya: i64| a_xiaoqu(&[(yn, ya, Y), (320 - yn, 3_150_000 - ya, O)]);
    let line = (240, 2_362_500);
    check_cases(vec![
        case(
            "exactly 3/4 in both passes",
            maj(),
            p(240, 2_362_500),
            true,
            true,
            Q306,
            line,
        ),
        case(
            "241 and 23,625.01",
            maj(),
            p(241, 2_362_501),
            true,
            true,
            Q306,
            line,
        ),
        case(
            "239 fails",
            maj(),
            p(239, 2_362_500),
            true,
            false,
            Q306,
            line,
        ),
        case(
            "23,624.99 fails",
            maj(),
            p(240, 2_362_499),
            true,
            false,
            Q306,
            line,
        ),
        case(
            "what passes ordinary fails major",
            maj(),
            p(161, 1_575_001),
            true,
            false,
            Q306,
            line,
        ),
    ]);
}

#[test]
fn a_xiaoqu_from_the_real_roll() {
    // 40 unsold developer units of 90.00 (3,600.00), owner X with 3 units of 100.00, and 457
    // distinct owners: 456 of 90.00 and one of 60.00. count_roll merges them into N = 459.
    let mut units = Vec::new();
    let mut unit = |owner: i64, developer: bool, area: i64| {
        let id = units.len() as i64;
        units.push(RollUnit {
            unit_id: id,
            label: format!("{}栋 {}", id / 100 + 1, 101 + id % 100),
            building: format!("{}栋", id / 100 + 1),
            kind: UnitKind::Residence,
            status: if developer {
                UnitStatus::Unsold
            } else {
                UnitStatus::Delivered
            },
            area: Area(area),
            owners: vec![RollOwner {
                person_id: owner,
                name: format!("业主{owner}"),
                is_developer: developer,
                designated_voter: true,
            }],
        });
    };
    for _ in 0..40 {
        unit(1, true, 9_000);
    }
    for _ in 0..3 {
        unit(2, false, 10_000);
    }
    for k in 0..457 {
        unit(100 + k, false, if k == 0 { 6_000 } else { 9_000 });
    }
    let counted = count_roll(&units, RollSettings::default());
    assert_eq!((counted.persons, counted.area), (459, Area(4_500_000)));
    let roll: Vec<RollEntry> = counted
        .voters
        .iter()
        .map(|v| RollEntry {
            person_id: v.person_id,
            area: v.area,
        })
        .collect();
    // The developer and X abstain, 318 ordinary owners vote: 160 agree and 158 oppose.
    // Pn = 320, Pa = 3,600.00 + 300.00 + 318 owners' area.
    let mut ballots = vec![(1, Choice::Abstain), (2, Choice::Abstain)];
    ballots.extend((0..160).map(|k| (101 + k, Choice::Agree)));
    ballots.extend((160..318).map(|k| (101 + k, Choice::Oppose)));
    let t = tally(
        &TallyInput {
            roll: &roll,
            ballots: &ballots,
            served_non_voters: None,
            refused: 0,
        },
        &VoteSettings::new(Rule::OwnersOrdinary),
    )
    .expect("tallies");
    assert_eq!((t.n, t.a), (459, Area(4_500_000)));
    assert_eq!((t.pn, t.pa), (320, Area(360_000 + 30_000 + 318 * 9_000)));
    assert_eq!(t.quorum_line.persons, 306);
    assert_eq!(t.quorum_line.area, Area(3_000_000));
    assert!(t.quorum_met);
    // 160 of 320 is exactly half: 过半数 excludes it, whatever the area.
    assert_eq!(t.yn, 160);
    assert!(!t.passed);
    assert_eq!(t.pass_line.persons, 161);
}

// ---------------------------------------------------------------------------------------------
// Abstentions, refused ballots, the developer
// ---------------------------------------------------------------------------------------------

#[test]
fn abstentions_participate_but_do_not_agree() {
    let ord = || Rule::OwnersOrdinary;
    let line = (161, 1_575_001);
    check_cases(vec![
        case(
            "161 agree, 159 abstain: passes",
            ord(),
            a_xiaoqu(&[(161, 1_575_001, Y), (159, 1_574_999, AB)]),
            true,
            true,
            Q306,
            line,
        ),
        case(
            "160 agree, 160 abstain, nobody opposes: fails (abstentions count in Pn)",
            ord(),
            a_xiaoqu(&[(160, 1_575_000, Y), (160, 1_575_000, AB)]),
            true,
            false,
            Q306,
            line,
        ),
    ]);
    let t = run(
        &a_xiaoqu(&[(160, 1_575_000, Y), (160, 1_575_000, AB)]),
        &VoteSettings::new(ord()),
        0,
    );
    assert_eq!((t.pn, t.yn, t.on, t.abstain_n), (320, 160, 0, 160));
    assert_eq!(t.abstain_a, Area(1_575_000));
}

#[test]
fn refused_ballots_do_not_participate() {
    // 305 valid ballots and 10 refused for identity: the quorum is still one person short.
    let t = run(
        &a_xiaoqu(&[(305, 3_100_000, Y)]),
        &VoteSettings::new(Rule::OwnersOrdinary),
        10,
    );
    assert_eq!((t.pn, t.refused), (305, 10));
    assert!(!t.quorum_met);
    assert!(!t.passed);
    let block = result_block(&t, &VoteSettings::new(Rule::OwnersOrdinary), Lang::Zh);
    assert!(block.contains("拒收（不计入参与）"), "{block}");
}

#[test]
fn the_developers_area() {
    // N = 100, A = 10,000.00; the developer is one person holding 4,000.00.
    let dev = |vote| (1, 400_000, vote);
    let ord = || Rule::OwnersOrdinary;
    check_cases(vec![
        case(
            "without the developer the area quorum is out of reach, though all 99 others vote",
            ord(),
            vec![dev(NV), (99, 600_000, Y)],
            false,
            false,
            (67, 666_667),
            (50, 300_001),
        ),
        case(
            "the developer and 10 owners agree: area passes, persons fail",
            ord(),
            vec![dev(Y), (10, 200_000, Y), (89, 400_000, O)],
            true,
            false,
            (67, 666_667),
            (51, 500_001),
        ),
        case(
            "the developer opposes alone: 99 owners with 60% of the area carry an ordinary matter",
            ord(),
            vec![dev(O), (99, 600_000, Y)],
            true,
            true,
            (67, 666_667),
            (51, 500_001),
        ),
        case(
            "the developer opposes a major matter: 60% of the area cannot reach 3/4",
            Rule::OwnersMajor,
            vec![dev(O), (99, 600_000, Y)],
            true,
            false,
            (67, 666_667),
            (75, 750_000),
        ),
    ]);
}

// ---------------------------------------------------------------------------------------------
// Meetings
// ---------------------------------------------------------------------------------------------

/// A meeting of `members` persons: `yes` agree, `no` oppose, `abstain` abstain, the rest absent.
fn meeting(members: u32, yes: u32, no: u32, abstain: u32) -> Vec<Group> {
    let absent = members - yes - no - abstain;
    vec![(yes, 0, Y), (no, 0, O), (abstain, 0, AB), (absent, 0, NV)]
}

#[test]
fn committee_meeting_both_variants() {
    let cm = |members, strict_majority| Rule::CommitteeMeeting {
        members,
        strict_majority,
    };
    check_cases(vec![
        // 5 members: quorum 3; yes ≥ 2.5 means 3 either way.
        case(
            "5: 2 present fails quorum",
            cm(5, false),
            meeting(5, 2, 0, 0),
            false,
            false,
            (3, 0),
            (3, 0),
        ),
        case(
            "5: 3 yes of 3 present",
            cm(5, false),
            meeting(5, 3, 0, 0),
            true,
            true,
            (3, 0),
            (3, 0),
        ),
        case(
            "5: 2 yes of 5 present fails",
            cm(5, false),
            meeting(5, 2, 3, 0),
            true,
            false,
            (3, 0),
            (3, 0),
        ),
        case(
            "5 strict: 3 yes",
            cm(5, true),
            meeting(5, 3, 2, 0),
            true,
            true,
            (3, 0),
            (3, 0),
        ),
        case(
            "5 strict: 2 yes fails",
            cm(5, true),
            meeting(5, 2, 1, 0),
            true,
            false,
            (3, 0),
            (3, 0),
        ),
        // 6 members: exactly half present is no quorum; exactly half yes is the split.
        case(
            "6: 3 present (exactly half) fails quorum",
            cm(6, false),
            meeting(6, 3, 0, 0),
            false,
            false,
            (4, 0),
            (3, 0),
        ),
        case(
            "6: 3 yes of 4 present passes (≥ half of all)",
            cm(6, false),
            meeting(6, 3, 1, 0),
            true,
            true,
            (4, 0),
            (3, 0),
        ),
        case(
            "6 strict: 3 yes of 4 present fails (> half)",
            cm(6, true),
            meeting(6, 3, 1, 0),
            true,
            false,
            (4, 0),
            (4, 0),
        ),
        case(
            "6 strict: 4 yes",
            cm(6, true),
            meeting(6, 4, 0, 0),
            true,
            true,
            (4, 0),
            (4, 0),
        ),
        case(
            "6: 3 yes of 6 present, 3 abstain",
            cm(6, false),
            meeting(6, 3, 0, 3),
            true,
            true,
            (4, 0),
            (3, 0),
        ),
        case(
            "6: 2 yes fails",
            cm(6, false),
            meeting(6, 2, 2, 0),
            true,
            false,
            (4, 0),
            (3, 0),
        ),
        // 7 members: quorum 4; yes ≥ 3.5 means 4 either way.
        case(
            "7: 3 present fails quorum",
            cm(7, false),
            meeting(7, 3, 0, 0),
            false,
            false,
            (4, 0),
            (4, 0),
        ),
        case(
            "7: 4 yes of 4",
            cm(7, false),
            meeting(7, 4, 0, 0),
            true,
            true,
            (4, 0),
            (4, 0),
        ),
        case(
            "7: 3 yes of 7 fails",
            cm(7, false),
            meeting(7, 3, 2, 2),
            true,
            false,
            (4, 0),
            (4, 0),
        ),
        case(
            "7 strict: 4 yes",
            cm(7, true),
            meeting(7, 4, 3, 0),
            true,
            true,
            (4, 0),
            (4, 0),
        ),
        case(
            "7 strict: 3 yes fails",
            cm(7, true),
            meeting(7, 3, 1, 0),
            true,
            false,
            (4, 0),
            (4, 0),
        ),
    ]);
}

#[test]
fn residents_meeting_at_exactly_half() {
    let rm = |entitled| Rule::ResidentsMeeting {
        entitled,
        mode: ResidentsMode::Adults,
    };
    check_cases(vec![
        case(
            "10: 5 present (exactly half) fails quorum",
            rm(10),
            meeting(10, 5, 0, 0),
            false,
            false,
            (6, 0),
            (3, 0),
        ),
        case(
            "10: 6 present, 3 yes (exactly half of present) fails",
            rm(10),
            meeting(10, 3, 3, 0),
            true,
            false,
            (6, 0),
            (4, 0),
        ),
        case(
            "10: 6 present, 4 yes passes",
            rm(10),
            meeting(10, 4, 2, 0),
            true,
            true,
            (6, 0),
            (4, 0),
        ),
        case(
            "10: 6 present, 3 yes, 3 abstain fails",
            rm(10),
            meeting(10, 3, 0, 3),
            true,
            false,
            (6, 0),
            (4, 0),
        ),
        case(
            "11: 6 present, 4 yes",
            rm(11),
            meeting(11, 4, 1, 1),
            true,
            true,
            (6, 0),
            (4, 0),
        ),
        case(
            "11: 7 present, 4 yes",
            rm(11),
            meeting(11, 4, 3, 0),
            true,
            true,
            (6, 0),
            (4, 0),
        ),
        case(
            "11: 8 present, 4 yes (exactly half) fails",
            rm(11),
            meeting(11, 4, 4, 0),
            true,
            false,
            (6, 0),
            (5, 0),
        ),
    ]);
}

#[test]
fn meetings_ignore_areas_and_need_the_rule_to_match_the_roll() {
    // Areas passed by mistake do not count at a meeting.
    let t = run(
        &[(4, 1_000_000, Y), (3, 1, O)],
        &VoteSettings::new(Rule::CommitteeMeeting {
            members: 7,
            strict_majority: true,
        }),
        0,
    );
    assert_eq!((t.a, t.pa, t.ya), (Area(0), Area(0), Area(0)));
    assert!(t.passed);
    let b = build(&meeting(6, 3, 0, 0));
    let err = tally(
        &TallyInput {
            roll: &b.roll,
            ballots: &b.ballots,
            served_non_voters: None,
            refused: 0,
        },
        &VoteSettings::new(Rule::CommitteeMeeting {
            members: 7,
            strict_majority: false,
        }),
    );
    assert_eq!(err, Err(TallyError::RollSizeMismatch { rule: 7, roll: 6 }));
}

// ---------------------------------------------------------------------------------------------
// Inequalities as printed
// ---------------------------------------------------------------------------------------------

#[test]
fn inequalities_read_with_their_figures() {
    let t = run(
        &a_xiaoqu(&[(160, 1_575_000, Y), (160, 1_575_000, O)]),
        &VoteSettings::new(Rule::OwnersOrdinary),
        0,
    );
    let texts: Vec<(&str, bool)> = t
        .deciding
        .iter()
        .map(|i| (i.text.as_str(), i.holds))
        .collect();
    assert_eq!(
        texts,
        vec![
            ("3·Pn ≥ 2·N: 3×320 = 960 ≥ 2×459 = 918", true),
            (
                "3·Pa ≥ 2·A: 3×31,500.00 = 94,500.00 ≥ 2×45,000.00 = 90,000.00",
                true
            ),
            ("2·Yn > Pn: 2×160 = 320 ≤ 320", false),
            ("2·Ya > Pa: 2×15,750.00 = 31,500.00 ≤ 31,500.00", false),
        ]
    );
    let t = run(
        &a_xiaoqu(&[(305, 2_999_999, Y)]),
        &VoteSettings::new(Rule::OwnersMajor),
        0,
    );
    assert_eq!(t.deciding[0].text, "3·Pn ≥ 2·N: 3×305 = 915 < 2×459 = 918");
    assert_eq!(
        t.deciding[1].text,
        "3·Pa ≥ 2·A: 3×29,999.99 = 89,999.97 < 2×45,000.00 = 90,000.00"
    );
    assert_eq!(
        t.deciding[2].text,
        "4·Yn ≥ 3·Pn: 4×305 = 1220 ≥ 3×305 = 915"
    );
}

#[test]
fn the_result_block_says_everything() {
    let settings = VoteSettings::new(Rule::OwnersOrdinary);
    let t = run(
        &a_xiaoqu(&[(200, 2_000_000, Y), (80, 800_000, O), (40, 350_000, AB)]),
        &settings,
        3,
    );
    let zh = result_block(&t, &settings, Lang::Zh);
    let en = result_block(&t, &settings, Lang::En);
    println!("{zh}\n{en}");
    for want in [
        "《民法典》第二百七十八条",
        "45,000.00",
        "31,500.00",
        "20,000.00",
        "法定参与：已达到（至少须 306 人且 30,000.00 ㎡）",
        "表决结果：通过（同意至少须 161 人且 15,750.01 ㎡）",
        "✓ 3·Pn ≥ 2·N: 3×320 = 960 ≥ 2×459 = 918",
        "以首次投票为准",
        "从众条款：关闭",
    ] {
        assert!(zh.contains(want), "missing {want:?} in\n{zh}");
    }
    for want in [
        "Civil Code Art. 278",
        "Quorum (taking part): met (needs at least 306 persons and 30,000.00 m²)",
        "Result: PASSED (agreeing needs at least 161 persons and 15,750.01 m²)",
        "Refused (not counted)",
    ] {
        assert!(en.contains(want), "missing {want:?} in\n{en}");
    }
    assert!(
        !en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "one language per call:\n{en}"
    );
}

// ---------------------------------------------------------------------------------------------
// Elections
// ---------------------------------------------------------------------------------------------

/// Groups approving the same candidates: (persons, area, approvals); `None` = no ballot.
fn election(
    groups: &[(u32, i64, Option<&[u32]>)],
    candidates: u32,
    max_approvals: u32,
    seats: u32,
    rule: Rule,
) -> Result<yishi::domain::vote::ElectionTally, TallyError> {
    let mut roll = Vec::new();
    let mut ballots = Vec::new();
    let mut id = 0;
    for &(persons, area, approvals) in groups {
        for share in spread(persons, area) {
            id += 1;
            roll.push(RollEntry {
                person_id: id,
                area: Area(share),
            });
            if let Some(a) = approvals {
                ballots.push((id, a.to_vec()));
            }
        }
    }
    tally_election(
        &ElectionInput {
            roll: &roll,
            ballots: &ballots,
            candidates,
            max_approvals,
            refused: 0,
        },
        seats,
        &VoteSettings::new(rule),
    )
}

#[test]
fn election_tie_at_the_last_seat_is_flagged_not_broken() {
    // 100 owners, 10,000.00 m², all vote, two seats. Candidate 0: 80 persons; 1 and 2: 60 each
    // with equal area; 3: none. 0 is elected; 1 and 2 tie for the second seat.
    let t = election(
        &[
            (40, 400_000, Some(&[0, 1])),
            (40, 400_000, Some(&[0, 2])),
            (20, 200_000, Some(&[1, 2])),
        ],
        4,
        2,
        2,
        Rule::OwnersOrdinary,
    )
    .expect("tallies");
    let got: Vec<(u32, u32, bool, bool, bool, u32)> = t
        .candidates
        .iter()
        .map(|c| (c.candidate, c.yn, c.passes_rule, c.elected, c.tied, c.rank))
        .collect();
    assert_eq!(
        got,
        vec![
            (0, 80, true, true, false, 1),
            (1, 60, true, false, true, 2),
            (2, 60, true, false, true, 2),
            (3, 0, false, false, false, 4),
        ],
        "{}",
        election_block(&t, &VoteSettings::new(Rule::OwnersOrdinary), &[], Lang::En)
    );
    assert!(t.ties_flagged);
    assert_eq!(t.seats_filled, 1);
    let names: Vec<String> = ["张明", "李红", "王芳", "赵强"].map(String::from).to_vec();
    let block = election_block(
        &t,
        &VoteSettings::new(Rule::OwnersOrdinary),
        &names,
        Lang::Zh,
    );
    println!("{block}");
    assert!(block.contains("票数相同"), "{block}");

    // Three candidates level for two seats: nobody is elected; the rules must settle it.
    let three = election(
        &[
            (20, 200_000, Some(&[0, 1])),
            (20, 200_000, Some(&[0, 2])),
            (20, 200_000, Some(&[0, 3])),
            (40, 400_000, Some(&[1, 2])),
        ],
        4,
        2,
        2,
        Rule::OwnersOrdinary,
    )
    .expect("tallies");
    let flags: Vec<(u32, bool, bool)> = three
        .candidates
        .iter()
        .map(|c| (c.yn, c.elected, c.tied))
        .collect();
    assert_eq!(
        flags,
        vec![
            (60, false, true),
            (60, false, true),
            (60, false, true),
            (20, false, false)
        ]
    );
    assert_eq!(three.seats_filled, 0);
}

#[test]
fn election_ranks_by_persons_then_area_and_flags_only_boundary_ties() {
    let groups: &[(u32, i64, Option<&[u32]>)] = &[
        (30, 300_000, Some(&[0, 1])),
        (30, 300_000, Some(&[0, 2])),
        (40, 400_000, Some(&[1, 2])),
    ];
    // 0: 60 persons / 6,000.00; 1: 70 / 7,000.00; 2: 70 / 7,000.00.
    let three = election(groups, 3, 2, 3, Rule::OwnersOrdinary).expect("tallies");
    assert!(three.candidates.iter().all(|c| c.elected && !c.tied));
    assert!(!three.ties_flagged);
    let one = election(groups, 3, 2, 1, Rule::OwnersOrdinary).expect("tallies");
    let flags: Vec<(bool, bool)> = one.candidates.iter().map(|c| (c.elected, c.tied)).collect();
    assert_eq!(flags, vec![(false, false), (false, true), (false, true)]);
    assert!(one.ties_flagged);
    let two = election(groups, 3, 2, 2, Rule::OwnersOrdinary).expect("tallies");
    let flags: Vec<(bool, bool)> = two.candidates.iter().map(|c| (c.elected, c.tied)).collect();
    assert_eq!(flags, vec![(false, false), (true, false), (true, false)]);

    // Same persons, different area: the area decides, no tie.
    let by_area = election(
        &[
            (30, 350_000, Some(&[0])),
            (30, 250_000, Some(&[1])),
            (40, 400_000, Some(&[0, 1])),
        ],
        2,
        2,
        1,
        Rule::OwnersOrdinary,
    )
    .expect("tallies");
    let flags: Vec<(u32, i64, bool, bool)> = by_area
        .candidates
        .iter()
        .map(|c| (c.yn, c.ya.0, c.elected, c.tied))
        .collect();
    assert_eq!(
        flags,
        vec![(70, 750_000, true, false), (70, 650_000, false, false)]
    );
}

#[test]
fn election_most_votes_but_below_the_legal_line() {
    // N = 100, A = 10,000.00. The developer (one person, 5,000.00) and 69 owners of 50.00 vote.
    // Candidate 0: 65 persons but 3,250.00 of Pa = 8,450.00: the most votes, fails the area test.
    // Candidate 1: the developer and 45 owners: fewer persons, passes both and is elected.
    let t = election(
        &[
            (1, 500_000, Some(&[1])),
            (45, 225_000, Some(&[0, 1])),
            (20, 100_000, Some(&[0])),
            (4, 20_000, Some(&[])),
            (30, 155_000, None),
        ],
        2,
        2,
        1,
        Rule::OwnersOrdinary,
    )
    .expect("tallies");
    assert!(t.quorum_met);
    // The empty ballots took part: Pn counts them.
    assert_eq!((t.pn, t.pa), (70, Area(845_000)));
    assert_eq!((t.pass_line.persons, t.pass_line.area), (36, Area(422_501)));
    let c0 = &t.candidates[0];
    let c1 = &t.candidates[1];
    assert_eq!(
        (c0.yn, c0.ya, c0.rank, c0.passes_rule, c0.elected),
        (65, Area(325_000), 1, false, false)
    );
    assert_eq!(
        (c1.yn, c1.ya, c1.rank, c1.passes_rule, c1.elected),
        (46, Area(725_000), 2, true, true)
    );
    assert_eq!(
        c0.checks[1].text,
        "2·Ya > Pa: 2×3,250.00 = 6,500.00 ≤ 8,450.00"
    );
    assert_eq!(t.seats_filled, 1);
}

#[test]
fn election_k_approvals_and_quorum() {
    let over = election(
        &[(10, 100_000, Some(&[0, 1, 2]))],
        3,
        2,
        2,
        Rule::OwnersOrdinary,
    );
    assert_eq!(
        over.map(|_| ()),
        Err(TallyError::TooManyApprovals {
            person_id: 1,
            approved: 3,
            max: 2
        })
    );
    let exactly_k = election(
        &[(10, 100_000, Some(&[0, 1]))],
        3,
        2,
        2,
        Rule::OwnersOrdinary,
    )
    .expect("k approvals are allowed");
    assert_eq!(exactly_k.seats_filled, 2);
    let unknown = election(&[(1, 100, Some(&[3]))], 3, 2, 2, Rule::OwnersOrdinary);
    assert_eq!(
        unknown.map(|_| ()),
        Err(TallyError::UnknownCandidate {
            person_id: 1,
            candidate: 3
        })
    );
    let twice = election(&[(1, 100, Some(&[1, 1]))], 3, 2, 2, Rule::OwnersOrdinary);
    assert_eq!(
        twice.map(|_| ()),
        Err(TallyError::DuplicateApproval {
            person_id: 1,
            candidate: 1
        })
    );
    // 66 of 100 took part: no quorum, nobody elected although candidate 0 has every vote.
    let t = election(
        &[(66, 660_000, Some(&[0])), (34, 340_000, None)],
        2,
        1,
        1,
        Rule::OwnersOrdinary,
    )
    .expect("tallies");
    assert!(!t.quorum_met);
    assert!(t.candidates[0].passes_rule);
    assert!(t.candidates.iter().all(|c| !c.elected && !c.tied));
    assert_eq!(t.quorum_line.persons, 67);
}

// ---------------------------------------------------------------------------------------------
// Repeated ballots and proxies
// ---------------------------------------------------------------------------------------------

#[test]
fn first_stands_and_last_stands() {
    use Choice::{Abstain, Agree, Oppose};
    // (person, sequence, choice, in person)
    let cast = [
        (1, 5, Oppose, true),
        (1, 1, Agree, true),
        (1, 9, Abstain, true),
        (2, 3, Agree, true),
    ];
    assert_eq!(
        resolve_ballots(&cast, BallotPolicy::FirstStands),
        vec![(1, Agree), (2, Agree)]
    );
    assert_eq!(
        resolve_ballots(&cast, BallotPolicy::LastStands),
        vec![(1, Abstain), (2, Agree)]
    );
}

#[test]
fn the_owners_own_ballot_overrides_a_proxys() {
    use Choice::{Agree, Oppose};
    let cast = [
        // Person 1: the proxy votes first, the owner later.
        (1, 1, Agree, false),
        (1, 2, Oppose, true),
        // Person 2: the owner votes first, the proxy later.
        (2, 3, Oppose, true),
        (2, 4, Agree, false),
        // Person 3: only the proxy, twice.
        (3, 5, Agree, false),
        (3, 6, Oppose, false),
    ];
    for (policy, third) in [
        (BallotPolicy::FirstStands, Agree),
        (BallotPolicy::LastStands, Oppose),
    ] {
        assert_eq!(
            resolve_ballots(&cast, policy),
            vec![(1, Oppose), (2, Oppose), (3, third)],
            "{policy:?}"
        );
    }
    // Order of arrival in the list does not matter, only the sequence.
    let mut reversed = cast;
    reversed.reverse();
    assert_eq!(
        resolve_ballots(&reversed, BallotPolicy::LastStands),
        resolve_ballots(&cast, BallotPolicy::LastStands)
    );
}

// ---------------------------------------------------------------------------------------------
// The 从众 clause (unsettled: a setting, off by default)
// ---------------------------------------------------------------------------------------------

#[test]
fn conformity_clause_only_when_on() {
    // 250 of 459 vote (no quorum); 200 agree. 153 non-voters were served.
    let groups = a_xiaoqu(&[(200, 2_000_000, Y), (50, 400_000, O), (153, 1_500_000, NV)]);
    let b = build(&groups);
    let served: Vec<i64> = b.non_voters[..153].to_vec();
    let input = TallyInput {
        roll: &b.roll,
        ballots: &b.ballots,
        served_non_voters: Some(&served),
        refused: 0,
    };
    let off = VoteSettings::new(Rule::OwnersOrdinary);
    assert!(!off.conformity_clause, "off by default");
    let t = tally(&input, &off).expect("tallies");
    assert_eq!(
        (t.pn, t.quorum_met, t.conformity.clone()),
        (250, false, None)
    );

    let on = VoteSettings {
        conformity_clause: true,
        ..off.clone()
    };
    let t = tally(&input, &on).expect("tallies");
    let c = t.conformity.clone().expect("applied");
    assert_eq!(
        (c.served, c.side, c.persons, c.area),
        (153, Some(Choice::Agree), 153, Area(1_500_000))
    );
    assert_eq!(
        (t.pn, t.pa, t.yn, t.ya),
        (403, Area(3_900_000), 353, Area(3_500_000))
    );
    assert!(t.quorum_met && t.passed);
    let block = result_block(&t, &on, Lang::Zh);
    assert!(block.contains("按已表决多数（同意）计入 153 人"), "{block}");

    // No single majority in both persons and area: nobody is deemed to have voted.
    let split = a_xiaoqu(&[
        (200, 1_000_000, Y),
        (50, 1_400_000, O),
        (153, 1_500_000, NV),
    ]);
    let b = build(&split);
    let served: Vec<i64> = b.non_voters[..153].to_vec();
    let t = tally(
        &TallyInput {
            roll: &b.roll,
            ballots: &b.ballots,
            served_non_voters: Some(&served),
            refused: 0,
        },
        &on,
    )
    .expect("tallies");
    let c = t.conformity.clone().expect("reported");
    assert_eq!((c.side, c.persons, t.pn), (None, 0, 250));

    // A served "non-voter" who voted is a caller error.
    let b = build(&groups);
    let wrong = [b.ballots[0].0];
    assert_eq!(
        tally(
            &TallyInput {
                roll: &b.roll,
                ballots: &b.ballots,
                served_non_voters: Some(&wrong),
                refused: 0,
            },
            &on,
        ),
        Err(TallyError::ServedButVoted {
            person_id: b.ballots[0].0
        })
    );

    // Meetings never apply it.
    let b = build(&meeting(6, 2, 0, 0));
    let t = tally(
        &TallyInput {
            roll: &b.roll,
            ballots: &b.ballots,
            served_non_voters: Some(&b.non_voters),
            refused: 0,
        },
        &VoteSettings {
            conformity_clause: true,
            ..VoteSettings::new(Rule::CommitteeMeeting {
                members: 6,
                strict_majority: false,
            })
        },
    )
    .expect("tallies");
    assert_eq!((t.conformity, t.pn, t.quorum_met), (None, 2, false));
}

// ---------------------------------------------------------------------------------------------
// Errors and rule proposals
// ---------------------------------------------------------------------------------------------

#[test]
fn caller_errors_are_errors() {
    let roll = [
        RollEntry {
            person_id: 1,
            area: Area(100),
        },
        RollEntry {
            person_id: 2,
            area: Area(100),
        },
    ];
    let s = VoteSettings::new(Rule::OwnersOrdinary);
    let go = |roll: &[RollEntry], ballots: &[(i64, Choice)]| {
        tally(
            &TallyInput {
                roll,
                ballots,
                served_non_voters: None,
                refused: 0,
            },
            &s,
        )
        .map(|_| ())
    };
    assert_eq!(
        go(&roll, &[(3, Choice::Agree)]),
        Err(TallyError::NotOnRoll { person_id: 3 })
    );
    assert_eq!(
        go(&roll, &[(1, Choice::Agree), (1, Choice::Oppose)]),
        Err(TallyError::DuplicateBallot { person_id: 1 })
    );
    assert_eq!(go(&[], &[]), Err(TallyError::EmptyRoll));
    assert_eq!(
        go(&[roll[0], roll[0]], &[]),
        Err(TallyError::DuplicateRollEntry { person_id: 1 })
    );
    assert_eq!(
        go(
            &[RollEntry {
                person_id: 9,
                area: Area(-1)
            }],
            &[]
        ),
        Err(TallyError::NegativeArea { person_id: 9 })
    );
    let m = TallyError::DuplicateBallot { person_id: 1 };
    assert!(m.message(Lang::Zh).contains("两张表决票"));
    assert!(m.message(Lang::En).contains("Two ballots"));
}

#[test]
fn rules_proposed_by_article() {
    let ctx = || ProposalContext {
        building: Some("3栋".into()),
        entrance: None,
        committee_members: 7,
        residents_entitled: 1200,
        residents_mode: ResidentsMode::Households,
    };
    let table = [
        (
            MatterCategory::RulesOfProcedure,
            Rule::OwnersOrdinary,
            "第一项",
            "item 1",
        ),
        (
            MatterCategory::ManagementStatute,
            Rule::OwnersOrdinary,
            "第二项",
            "item 2",
        ),
        (
            MatterCategory::ElectCommittee,
            Rule::OwnersOrdinary,
            "第三项",
            "item 3",
        ),
        (
            MatterCategory::PropertyCompany,
            Rule::OwnersOrdinary,
            "第四项",
            "item 4",
        ),
        (
            MatterCategory::UseRepairFund,
            Rule::OwnersOrdinary,
            "第五项",
            "item 5",
        ),
        (
            MatterCategory::RaiseRepairFund,
            Rule::OwnersMajor,
            "第六项",
            "item 6",
        ),
        (
            MatterCategory::Rebuild,
            Rule::OwnersMajor,
            "第七项",
            "item 7",
        ),
        (
            MatterCategory::ChangeUseOfCommonParts,
            Rule::OwnersMajor,
            "第八项",
            "item 8",
        ),
        (
            MatterCategory::Other,
            Rule::OwnersOrdinary,
            "第九项",
            "item 9",
        ),
        (
            MatterCategory::BuildingCommonParts,
            Rule::OwnersOrdinary,
            "第六十九条",
            "Art. 69",
        ),
        (
            MatterCategory::InstallLift,
            Rule::OwnersMajor,
            "第七项",
            "item 7",
        ),
        (
            MatterCategory::CommitteeBusiness,
            Rule::CommitteeMeeting {
                members: 7,
                strict_majority: false,
            },
            "第三十八条",
            "Art. 38",
        ),
        (
            MatterCategory::ResidentsAffairs,
            Rule::ResidentsMeeting {
                entitled: 1200,
                mode: ResidentsMode::Households,
            },
            "第九条",
            "Art. 9",
        ),
    ];
    for (category, rule, zh, en) in table {
        let p = propose_rule(category, ctx());
        assert_eq!(p.rule, rule, "{category:?}");
        let owners = matches!(rule, Rule::OwnersOrdinary | Rule::OwnersMajor);
        let building = Scope::Building {
            building: "3栋".into(),
        };
        assert_eq!(
            p.scope,
            if owners { building } else { Scope::Community },
            "{category:?}: an owners' matter of one building counts over its roll"
        );
        assert!(p.reason_zh.contains(zh), "{category:?}: {}", p.reason_zh);
        assert!(p.reason_en.contains(en), "{category:?}: {}", p.reason_en);
    }
    let no_building = propose_rule(
        MatterCategory::BuildingCommonParts,
        ProposalContext {
            building: None,
            ..ctx()
        },
    );
    assert_eq!(no_building.rule, Rule::OwnersOrdinary);
    assert_eq!(no_building.scope, Scope::Community);
    // A lift serving one entrance: major, over that entrance, and the reason says why.
    let lift = propose_rule(
        MatterCategory::InstallLift,
        ProposalContext {
            entrance: Some("2单元".into()),
            ..ctx()
        },
    );
    assert_eq!(lift.rule, Rule::OwnersMajor);
    assert_eq!(
        lift.scope,
        Scope::Entrance {
            building: "3栋".into(),
            entrance: "2单元".into()
        }
    );
    assert!(lift.reason_zh.contains("加装电梯") && lift.reason_zh.contains("3栋2单元"));
    assert!(lift.reason_en.contains("three quarters") && lift.reason_en.contains("entrance 2单元"));
    let lift_anywhere = propose_rule(
        MatterCategory::InstallLift,
        ProposalContext {
            building: None,
            ..ctx()
        },
    );
    assert_eq!(lift_anywhere.rule, Rule::OwnersMajor);
    assert_eq!(lift_anywhere.scope, Scope::Community);
    assert!(lift_anywhere.reason_zh.contains("请指定电梯服务的楼栋"));
}

#[test]
fn settings_serialise_as_the_ui_sees_them() {
    let s = VoteSettings {
        rule: Rule::CommitteeMeeting {
            members: 7,
            strict_majority: true,
        },
        scope: Scope::Community,
        ballot_policy: BallotPolicy::LastStands,
        conformity_clause: false,
        proxy_limit: Some(3),
    };
    let json = serde_json::to_value(&s).expect("serialises");
    assert_eq!(
        json,
        serde_json::json!({
            "rule": {"kind": "committee_meeting", "members": 7, "strict_majority": true},
            "scope": {"kind": "community"},
            "ballot_policy": "last_stands",
            "conformity_clause": false,
            "proxy_limit": 3
        })
    );
    let back: VoteSettings = serde_json::from_value(json).expect("deserialises");
    assert_eq!(back, s);
    assert!(s.proxy_allows(2) && !s.proxy_allows(3));
    let ordinary: Rule = serde_json::from_str(r#"{"kind":"owners_ordinary"}"#).expect("parses");
    assert_eq!(ordinary, Rule::OwnersOrdinary);
}

#[test]
fn settings_written_before_scopes_still_read() {
    // A record or database row from before scopes: no `scope`, the old building rule, and a
    // residents' meeting without a mode.
    let old_building: VoteSettings = serde_json::from_str(
        r#"{"rule":{"kind":"one_building","building":"3栋"},"ballot_policy":"first_stands","conformity_clause":false,"proxy_limit":null}"#,
    )
    .expect("old building rule parses");
    assert_eq!(old_building.rule, Rule::OwnersOrdinary);
    assert_eq!(
        old_building.scope,
        Scope::Building {
            building: "3栋".into()
        }
    );
    let old_owners: VoteSettings =
        serde_json::from_str(r#"{"rule":{"kind":"owners_major"},"ballot_policy":"last_stands"}"#)
            .expect("old owners' rule parses");
    assert_eq!(old_owners.rule, Rule::OwnersMajor);
    assert_eq!(old_owners.scope, Scope::Community);
    let old_residents: VoteSettings = serde_json::from_str(
        r#"{"rule":{"kind":"residents_meeting","entitled":40},"ballot_policy":"first_stands"}"#,
    )
    .expect("old residents' rule parses");
    assert_eq!(
        old_residents.rule,
        Rule::ResidentsMeeting {
            entitled: 40,
            mode: ResidentsMode::Adults
        }
    );
    // Scope and rule are orthogonal and round-trip.
    let entrance = VoteSettings::new(Rule::OwnersMajor).scoped(Scope::Entrance {
        building: "3栋".into(),
        entrance: "2单元".into(),
    });
    let text = serde_json::to_string(&entrance).expect("serialises");
    assert_eq!(
        serde_json::from_str::<VoteSettings>(&text).expect("reads back"),
        entrance
    );
    assert!(entrance.rule_label(Lang::Zh).contains("3栋2单元"));
    assert_eq!(entrance.scope.roll_key().as_deref(), Some("3栋/2单元"));
    // A meeting's rule takes no building scope.
    assert!(
        !VoteSettings::new(Rule::CommitteeMeeting {
            members: 5,
            strict_majority: false
        })
        .scoped(Scope::Building {
            building: "3栋".into()
        })
        .scope_fits_rule()
    );
}
