//! Tests of `vote`'s internals: thresholds are least solutions, the helpers are exact, the
//! printed block aligns. The legal cases are in `tests/tally_cases.rs`.

use super::*;

fn spec(c: i128, rel: Rel, d: i128, y: i128, x: i128) -> Spec {
    Spec {
        lhs: (c, "X", x),
        rel,
        rhs: (d, "Y", y),
        area: false,
    }
}

#[test]
fn every_threshold_is_the_least_solution() {
    for (c, d) in [(3, 2), (2, 1), (4, 3), (1, 1)] {
        for rel in [Rel::AtLeast, Rel::MoreThan] {
            for y in 0..=1_000 {
                let least = spec(c, rel, d, y, 0).least();
                assert!(
                    spec(c, rel, d, y, least).holds(),
                    "{c}·{least} {rel:?} {d}·{y}"
                );
                if least > 0 {
                    assert!(
                        !spec(c, rel, d, y, least - 1).holds(),
                        "{c}·{} {rel:?} {d}·{y} should fail",
                        least - 1
                    );
                }
            }
        }
    }
}

#[test]
fn thresholds_match_brute_force_tallies() {
    // For every N up to 30 and every Pn, the quorum holds exactly from quorum_line on, and
    // for every Yn the ordinary and major rules pass exactly from pass_line on.
    for n in 1..=30u32 {
        let roll: Vec<RollEntry> = (0..n)
            .map(|i| RollEntry {
                person_id: i64::from(i),
                area: Area(100),
            })
            .collect();
        for pn in 0..=n {
            for yn in 0..=pn {
                let ballots: Vec<(i64, Choice)> = (0..pn)
                    .map(|i| {
                        let c = if i < yn {
                            Choice::Agree
                        } else {
                            Choice::Oppose
                        };
                        (i64::from(i), c)
                    })
                    .collect();
                let input = TallyInput {
                    roll: &roll,
                    ballots: &ballots,
                    served_non_voters: None,
                    refused: 0,
                };
                for rule in [Rule::OwnersOrdinary, Rule::OwnersMajor] {
                    let t = tally(&input, &VoteSettings::new(rule.clone())).expect("tallies");
                    assert_eq!(t.quorum_met, pn >= t.quorum_line.persons, "N={n} Pn={pn}");
                    assert_eq!(
                        t.quorum_met,
                        t.pa >= t.quorum_line.area,
                        "areas are uniform, so the area test agrees"
                    );
                    let pass = yn >= t.pass_line.persons && t.ya >= t.pass_line.area;
                    assert_eq!(
                        t.passed,
                        t.quorum_met && pass,
                        "{rule:?} N={n} Pn={pn} Yn={yn}"
                    );
                }
            }
        }
    }
}

#[test]
fn leader_needs_a_strict_maximum() {
    assert_eq!(leader([3, 2, 1]), Some(Choice::Agree));
    assert_eq!(leader([0, 0, 1]), Some(Choice::Abstain));
    assert_eq!(leader([2, 2, 1]), None);
    assert_eq!(leader([0, 0, 0]), None);
}

#[test]
fn grouped_centi_matches_area_grouped() {
    for v in [
        0,
        1,
        99,
        100,
        99_999,
        4_500_000,
        123_456_789,
        100_000_000_000,
    ] {
        assert_eq!(grouped_centi(i128::from(v)), Area(v).grouped());
    }
    assert_eq!(grouped_centi(-150), "-1.50");
    assert_eq!(
        grouped_centi(i128::from(i64::MAX) * 4),
        "368,934,881,474,191,032.28"
    );
}

#[test]
fn equal_sequences_resolve_by_input_order() {
    let cast = [(1, 7, Choice::Agree, false), (1, 7, Choice::Oppose, false)];
    assert_eq!(
        resolve_ballots(&cast, BallotPolicy::FirstStands),
        vec![(1, Choice::Agree)]
    );
    assert_eq!(
        resolve_ballots(&cast, BallotPolicy::LastStands),
        vec![(1, Choice::Oppose)]
    );
    assert!(resolve_ballots(&[], BallotPolicy::LastStands).is_empty());
}

#[test]
fn the_tally_ignores_input_order() {
    let roll: Vec<RollEntry> = (0..50)
        .map(|i| RollEntry {
            person_id: i * 7,
            area: Area(1_000 + i * 13),
        })
        .collect();
    let ballots: Vec<(i64, Choice)> = (0..40)
        .map(|i| {
            let c = [Choice::Agree, Choice::Oppose, Choice::Abstain][(i % 3) as usize];
            (i * 7, c)
        })
        .collect();
    let settings = VoteSettings::new(Rule::OwnersOrdinary);
    let go = |roll: &[RollEntry], ballots: &[(i64, Choice)]| {
        tally(
            &TallyInput {
                roll,
                ballots,
                served_non_voters: None,
                refused: 0,
            },
            &settings,
        )
        .expect("tallies")
    };
    let mut roll_rev = roll.clone();
    roll_rev.reverse();
    let mut ballots_rev = ballots.clone();
    ballots_rev.reverse();
    assert_eq!(go(&roll, &ballots), go(&roll_rev, &ballots_rev));
}

#[test]
fn labels_exist_in_both_languages() {
    for c in MatterCategory::ALL {
        assert!(!c.label(Lang::Zh).is_empty() && !c.label(Lang::En).is_empty());
        let p = propose_rule(
            c,
            ProposalContext {
                entrance: None,
                residents_mode: Default::default(),
                building: Some("1栋".into()),
                committee_members: 5,
                residents_entitled: 300,
            },
        );
        assert!(!p.reason_zh.is_empty() && !p.reason_en.is_empty(), "{c:?}");
        assert!(
            !p.reason_en.contains('?') && !p.reason_zh.contains('?'),
            "{c:?}"
        );
        assert_ne!(p.rule.label(Lang::Zh), p.rule.label(Lang::En));
        assert_ne!(p.rule.citation(Lang::Zh), p.rule.citation(Lang::En));
    }
    for c in [Choice::Agree, Choice::Oppose, Choice::Abstain] {
        assert_ne!(c.label(Lang::Zh), c.label(Lang::En));
    }
}

#[test]
fn the_block_aligns_in_a_terminal() {
    let roll: Vec<RollEntry> = (0..459)
        .map(|i| RollEntry {
            person_id: i,
            area: Area(if i == 0 {
                360_000
            } else {
                9_000 + (i % 3) * 10
            }),
        })
        .collect();
    let ballots: Vec<(i64, Choice)> = (0..320)
        .map(|i| {
            let c = if i < 200 {
                Choice::Agree
            } else if i < 280 {
                Choice::Oppose
            } else {
                Choice::Abstain
            };
            (i, c)
        })
        .collect();
    let settings = VoteSettings::new(Rule::OwnersMajor);
    let t = tally(
        &TallyInput {
            roll: &roll,
            ballots: &ballots,
            served_non_voters: None,
            refused: 2,
        },
        &settings,
    )
    .expect("tallies");
    for lang in [Lang::Zh, Lang::En] {
        let block = result_block(&t, &settings, lang);
        let table: Vec<&str> = block
            .lines()
            .skip(4)
            .take_while(|l| !l.is_empty())
            .collect();
        assert_eq!(table.len(), 7, "{block}");
        // Persons end at one column, areas at another, whatever the script of the label.
        for l in &table[1..] {
            let first_num_end = LABEL_W + PERSONS_W;
            let prefix: String = {
                let mut w = 0;
                l.chars()
                    .take_while(|c| {
                        w += char_width(*c);
                        w <= first_num_end
                    })
                    .collect()
            };
            assert!(
                prefix.ends_with(|c: char| c.is_ascii_digit()),
                "persons column misaligned in {l:?}\n{block}"
            );
            if !l.contains("拒收") && !l.contains("Refused") {
                assert_eq!(width(l), LABEL_W + PERSONS_W + AREA_W, "{l:?}\n{block}");
            }
        }
    }
}
