//! The independent Python recount (`tests/crosscheck/yishi_tally.py`, through
//! `yishi_record.py`) on records the app exported, one per rule kind: owners' ordinary and
//! major rules (a building's scope, first-stands), a committee meeting, a residents' meeting,
//! an election, and the 从众 clause with a served owner (last-stands, a ballot replaced). Each
//! record verifies in Rust and in Python; then the outcome is edited (a count, `passed`, an
//! area sum, a candidate's figures) with the signatures left as they are, and Python names the
//! member whose figure does not follow from the ballots. Skipped where Python with
//! `cryptography` is missing.

use crate::common;

use chrono::Duration;
use common::{at, fresh};
use std::process::Command;
use yishi::domain::area::Area;
use yishi::domain::vote::{BallotPolicy, MatterCategory, Rule, Scope, VoteSettings};
use yishi::formats::record::{self, VoteKind, VoteRecord, verify_record};
use yishi::lang::Lang;
use yishi::ops::keys::{HostApproval, IdCheck, KeyEnrol};
use yishi::ops::types::Role;
use yishi::ops::votes::{RuleQuery, ServedAdd, ServiceMethod, VoteClose, VoteCreate, build_record};
use yishi::ops::{self, Caller};

const PIN: &str = "482913";

fn by(hour: u32, min: i64) -> Caller {
    Caller::new("测试主持人", at(22, hour) + Duration::minutes(min))
}

fn python() -> Option<String> {
    for exe in ["python3", "python"] {
        let ok = Command::new(exe)
            .args(["-c", "import cryptography"])
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return Some(exe.into());
        }
    }
    None
}

/// `yishi_record.py` on a record, written as the app exports it: (exit 0, output).
fn python_check(py: &str, r: &VoteRecord, dir: &std::path::Path) -> (bool, String) {
    let path = dir.join("recount.json");
    std::fs::write(&path, serde_json::to_vec(r).expect("json")).expect("write");
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/crosscheck/yishi_record.py");
    let out = Command::new(py)
        .arg(script)
        .arg(&path)
        .output()
        .expect("run python");
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

struct Case {
    name: &'static str,
    category: MatterCategory,
    kind: VoteKind,
    settings: VoteSettings,
    /// Choices of the first voters, in turn; `None` serves that entry instead (从众).
    choices: Vec<Option<&'static str>>,
    /// Ballots cast again afterwards: (voter index, choice).
    again: Vec<(usize, &'static str)>,
}

/// The demo community, its host, secretary and scrutineer with PIN keys, `case`'s vote opened
/// with the members' own keys enrolled beforehand (listed in the manifest), the ballots cast
/// with those keys, closed by the three officers and exported.
async fn exported(case: &Case) -> VoteRecord {
    let db = fresh().await;
    let c = common::demo_without_keys(&db.ctx, &by(8, 0))
        .await
        .expect("demo")
        .id;
    let roles = ops::access::role_list(&db.ctx, c).await.expect("roles");
    let find = |r: Role| roles.iter().find(|x| x.role == r).expect("role").person_id;
    let mut officers = Vec::new();
    for role in [Role::Host, Role::Secretary, Role::Scrutineer] {
        let p = find(role);
        let key = ops::keys::key_enrol(
            &db.ctx,
            &by(8, 10),
            KeyEnrol {
                community_id: c,
                person_id: p,
                pin: PIN.into(),
                checked_by: "记录员".into(),
                check: IdCheck::IdCard,
                registrar: None,
            },
        )
        .await
        .expect("enrol officer")
        .key_id;
        officers.push((p, key));
    }
    let officer_ids: Vec<i64> = officers.iter().map(|o| o.0).collect();
    let create = |title: &str| VoteCreate {
        community_id: c,
        title: title.into(),
        motion: format!("{}：同意", case.name),
        category: case.category,
        kind: case.kind.clone(),
        settings: case.settings.clone(),
        opens_at: "2026-11-22T09:30:00Z".into(),
        closes_at: "2026-11-22T18:00:00Z".into(),
        objection_days: 0,
        agenda_item_id: None,
        matter_id: None,
    };
    // A first vote with the same settings, to learn the roll the real one freezes.
    let probe = ops::votes::vote_create(&db.ctx, &by(9, 20), create("名册"))
        .await
        .expect("create the probe")
        .vote_id;
    ops::votes::vote_open(&db.ctx, &by(9, 30), probe)
        .await
        .expect("open the probe");
    let roll = build_record(&db.ctx, probe)
        .await
        .expect("probe")
        .roll
        .entries;
    let voters: Vec<(i64, i64, [u8; 32])> = roll
        .iter()
        .filter(|e| !officer_ids.contains(&e.voter()))
        .take(case.choices.len())
        .enumerate()
        .map(|(i, e)| (e.person_id, e.voter(), [i as u8 + 60; 32]))
        .collect();
    assert_eq!(
        voters.len(),
        case.choices.len(),
        "{}: enough voters",
        case.name
    );
    for (_, voter, seed) in &voters {
        common::enrol_seed(&db, &by(9, 31), c, *voter, seed).await;
    }
    let v = ops::votes::vote_create(&db.ctx, &by(9, 32), create(case.name))
        .await
        .expect("create")
        .vote_id;
    ops::votes::vote_open(&db.ctx, &by(9, 33), v)
        .await
        .expect("open");
    let cast = |i: usize, choice: &'static str, minute: i64| {
        let (entry, voter, seed) = voters[i];
        let db = &db;
        async move {
            let when = by(10, minute);
            let f = common::signed_ballot_for(db, &when, (c, v), voter, Some(entry), &seed, choice)
                .await;
            ops::signing::signature_submit(&db.ctx, &when, f)
                .await
                .unwrap_or_else(|e| panic!("ballot of entry {entry}: {e:?}"));
        }
    };
    for (i, choice) in case.choices.iter().enumerate() {
        match choice {
            Some(choice) => cast(i, choice, i as i64).await,
            None => {
                ops::votes::served_add(
                    &db.ctx,
                    &by(10, i as i64),
                    ServedAdd {
                        vote_id: v,
                        person_id: voters[i].0,
                        method: ServiceMethod::LeftAtHome,
                        evidence_base64: common::b64("送达照片".as_bytes()),
                        served_on: "2026-11-22".into(),
                    },
                    Lang::En,
                )
                .await
                .expect("served");
            }
        }
    }
    for (n, (i, choice)) in case.again.iter().enumerate() {
        cast(*i, choice, 30 + n as i64).await;
    }
    let approval = |i: usize| HostApproval {
        host_key_id: officers[i].1,
        host_pin: PIN.into(),
    };
    ops::votes::vote_close(
        &db.ctx,
        &by(18, 5),
        VoteClose {
            vote_id: v,
            host: approval(0),
            secretary: approval(1),
            officer: Some(approval(2)),
        },
        Lang::En,
    )
    .await
    .expect("three officers close it");
    use base64::Engine;
    let file = ops::votes::vote_record(&db.ctx, v).await.expect("record");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(file.content_base64)
        .expect("base64");
    serde_json::from_slice(&bytes).expect("record JSON")
}

/// The rule the app proposes for a category (a committee's members, the residents entitled).
async fn advised(category: MatterCategory) -> Rule {
    let db = fresh().await;
    let c = common::demo_without_keys(&db.ctx, &by(8, 0))
        .await
        .expect("demo")
        .id;
    ops::votes::rule_advice(
        &db.ctx,
        RuleQuery {
            community_id: c,
            category,
            building: None,
            entrance: None,
            residents_mode: None,
        },
    )
    .await
    .expect("advice")
    .proposal
    .rule
}

#[tokio::test]
async fn the_python_recount_agrees_on_every_rule_and_names_an_edited_outcome() {
    let Some(py) = python() else {
        eprintln!("skipped: no Python with the cryptography package");
        return;
    };
    let settings = |rule: Rule, policy: BallotPolicy| VoteSettings {
        rule,
        scope: Scope::Community,
        ballot_policy: policy,
        conformity_clause: false,
        proxy_limit: None,
    };
    let committee = advised(MatterCategory::CommitteeBusiness).await;
    let residents = advised(MatterCategory::ResidentsAffairs).await;
    assert!(
        matches!(committee, Rule::CommitteeMeeting { .. }),
        "{committee:?}"
    );
    assert!(
        matches!(residents, Rule::ResidentsMeeting { .. }),
        "{residents:?}"
    );
    let (a, o, ab) = (Some("agree"), Some("oppose"), Some("abstain"));
    let cases = vec![
        Case {
            name: "一般事项（3栋，先投为准）",
            category: MatterCategory::BuildingCommonParts,
            kind: VoteKind::Question,
            settings: VoteSettings {
                scope: Scope::Building {
                    building: "3栋".into(),
                },
                ..settings(Rule::OwnersOrdinary, BallotPolicy::FirstStands)
            },
            choices: vec![a, a, o, ab],
            again: vec![],
        },
        Case {
            name: "重大事项",
            category: MatterCategory::RaiseRepairFund,
            kind: VoteKind::Question,
            settings: settings(Rule::OwnersMajor, BallotPolicy::LastStands),
            choices: vec![a, a, a, o],
            again: vec![(3, "agree")],
        },
        Case {
            name: "业主委员会会议",
            category: MatterCategory::CommitteeBusiness,
            kind: VoteKind::Question,
            settings: settings(committee, BallotPolicy::FirstStands),
            choices: vec![a, o],
            again: vec![],
        },
        Case {
            name: "居民会议",
            category: MatterCategory::ResidentsAffairs,
            kind: VoteKind::Question,
            settings: settings(residents, BallotPolicy::FirstStands),
            choices: vec![a, o, a],
            again: vec![],
        },
        Case {
            name: "选举",
            category: MatterCategory::ElectCommittee,
            kind: VoteKind::Election {
                candidates: vec!["张明".into(), "李华".into(), "王芳".into()],
                seats: 2,
                max_approvals: 2,
            },
            settings: settings(Rule::OwnersOrdinary, BallotPolicy::LastStands),
            choices: vec![
                Some("approve:0,1"),
                Some("approve:0"),
                Some("approve:2"),
                Some("approve:"),
            ],
            again: vec![(2, "approve:0,2")],
        },
        Case {
            name: "从众条款",
            category: MatterCategory::PropertyCompany,
            kind: VoteKind::Question,
            settings: VoteSettings {
                conformity_clause: true,
                ..settings(Rule::OwnersOrdinary, BallotPolicy::LastStands)
            },
            choices: vec![a, a, o, None, None],
            again: vec![(2, "agree")],
        },
    ];
    let dir = tempfile::tempdir().expect("dir");
    for case in &cases {
        let r = exported(case).await;
        let verdict = verify_record(&r);
        assert!(
            verdict.discrepancies.is_empty(),
            "{}: {:?}",
            case.name,
            verdict.discrepancies
        );
        let (ok, out) = python_check(&py, &r, dir.path());
        assert!(
            ok,
            "{}: Python accepts the exported record: {out}",
            case.name
        );
        // Edits of the outcome, the signatures left as they are (the record's own member
        // order kept: the result signs the outcome's JSON text).
        let mut edits: Vec<(&str, VoteRecord)> = Vec::new();
        let mut edit = |path: &'static str, f: &dyn Fn(&mut record::Outcome)| {
            let mut changed = r.clone();
            f(&mut changed.result.as_mut().expect("result").outcome);
            edits.push((path, changed));
        };
        if matches!(r.vote.kind, VoteKind::Question) {
            type O = record::Outcome;
            let q = |f: fn(&mut yishi::domain::vote::Tally)| {
                move |o: &mut O| {
                    if let O::Question(t) = o {
                        f(t)
                    }
                }
            };
            edit("outcome.yn", &q(|t| t.yn += 1));
            edit("outcome.passed", &q(|t| t.passed = !t.passed));
            edit("outcome.a", &q(|t| t.a = Area(t.a.0 + 1)));
            edit("outcome.oa", &q(|t| t.oa = Area(t.oa.0 + 1)));
            edit(
                "outcome.pass_line.persons",
                &q(|t| t.pass_line.persons += 1),
            );
        } else {
            type O = record::Outcome;
            let e = |f: fn(&mut yishi::domain::vote::ElectionTally)| {
                move |o: &mut O| {
                    if let O::Election(t) = o {
                        f(t)
                    }
                }
            };
            edit("outcome.candidates[1].yn", &e(|t| t.candidates[1].yn += 1));
            edit(
                "outcome.candidates[0].elected",
                &e(|t| t.candidates[0].elected = !t.candidates[0].elected),
            );
            edit("outcome.pa", &e(|t| t.pa = Area(t.pa.0 + 1)));
        }
        for (path, changed) in edits {
            let (ok, out) = python_check(&py, &changed, dir.path());
            assert!(
                !ok && out.contains(&format!("! {path} is ")),
                "{}: Python names the edited {path}: {out}",
                case.name
            );
        }
        // What each case is there for.
        let o = &r.result.as_ref().expect("result").outcome;
        let o = serde_json::to_value(o).expect("json");
        match case.name {
            "从众条款" => assert_eq!(o["conformity"]["served"], 2, "{o}"),
            "选举" => assert_eq!(o["candidates"][0]["yn"], 3, "{o}"),
            "重大事项" => assert_eq!(o["on"], 0, "the replaced ballot: {o}"),
            _ => {}
        }
    }
}

/// A small fixed generator (no dependency, the same cases on every run).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
}

/// 400 random small records (every rule, both policies, the 从众 clause with served owners,
/// proxies' ballots overridden by owners', elections with ties at the last seat), each with the
/// outcome `formats::record::recount` computes; the Python recount must give every member of
/// every outcome, from the rules in docs/record-format.md alone.
#[test]
fn the_python_recount_equals_the_rust_recount_on_random_records() {
    use yishi::domain::vote::ResidentsMode;
    use yishi::formats::record::{
        RecordBallot, RecordRefusal, RecordResult, RecordRoll, RecordServed, RecordVote,
        RollSnapshotEntry,
    };
    let Some(py) = python() else {
        eprintln!("skipped: no Python with the cryptography package");
        return;
    };
    let mut g = Lcg(14);
    let mut cases = Vec::new();
    for n in 0..400u64 {
        let size = 1 + g.below(12) as i64;
        let rule = match n % 5 {
            0 | 4 => Rule::OwnersOrdinary,
            1 => Rule::OwnersMajor,
            2 => Rule::CommitteeMeeting {
                members: size as u32,
                strict_majority: g.below(2) == 1,
            },
            _ => Rule::ResidentsMeeting {
                entitled: size as u32,
                mode: ResidentsMode::Households,
            },
        };
        let election = n % 4 == 3;
        let candidates = 1 + g.below(4) as usize;
        let max_approvals = 1 + g.below(candidates as u64) as u32;
        let kind = if election {
            VoteKind::Election {
                candidates: (0..candidates).map(|c| format!("候选人{c}")).collect(),
                seats: 1 + g.below(candidates as u64) as u32,
                max_approvals,
            }
        } else {
            VoteKind::Question
        };
        let policy = if g.below(2) == 0 {
            BallotPolicy::FirstStands
        } else {
            BallotPolicy::LastStands
        };
        // Areas from a few values (all equal in half the elections) so that ties in persons and
        // area happen.
        let same = election && g.below(2) == 0;
        let entries: Vec<RollSnapshotEntry> = (1..=size)
            .map(|i| RollSnapshotEntry {
                person_id: i,
                name: String::new(),
                units: vec![format!("{i}号")],
                area: Area(if same {
                    10000
                } else {
                    [5000, 7500, 10000, 12345][g.below(4) as usize]
                }),
                voter_id: Some(100 + i),
                committed: None,
            })
            .collect();
        let mut ballots = Vec::new();
        let mut voted = std::collections::BTreeSet::new();
        for _ in 0..g.below(2 * size as u64 + 1) {
            let e = &entries[g.below(size as u64) as usize];
            let choice = if election {
                let mut picks: Vec<usize> = (0..candidates).collect();
                let take = g.below(u64::from(max_approvals) + 1) as usize;
                let mut chosen = Vec::new();
                for _ in 0..take {
                    chosen.push(picks.remove(g.below(picks.len() as u64) as usize));
                }
                format!(
                    "approve:{}",
                    chosen
                        .iter()
                        .map(|c| c.to_string())
                        .collect::<Vec<_>>()
                        .join(",")
                )
            } else {
                ["agree", "oppose", "abstain"][g.below(3) as usize].to_string()
            };
            voted.insert(e.person_id);
            ballots.push(RecordBallot {
                seq: ballots.len() as u32 + 1,
                person_id: e.person_id,
                // One ballot in four is a proxy's (person 900).
                cast_by: if g.below(4) == 0 { 900 } else { e.voter() },
                channel: "file".into(),
                choice,
                receipt: format!("{:064x}", n * 1000 + ballots.len() as u64),
                signed: None,
                scan_sha256: None,
                witnesses: Vec::new(),
                person_seq: None,
            });
        }
        let conformity = !election && g.below(2) == 1;
        let served: Vec<RecordServed> = if conformity && rule.counts_area() {
            entries
                .iter()
                .filter(|e| !voted.contains(&e.person_id) && g.below(2) == 1)
                .map(|e| RecordServed {
                    person_id: e.person_id,
                    method: "post".into(),
                    evidence_sha256: "ab".repeat(32),
                    served_at: "2026-11-20".into(),
                })
                .collect()
        } else {
            Vec::new()
        };
        let refused = (0..g.below(3))
            .map(|i| RecordRefusal {
                person_id: None,
                reason: "签名时间不在投票期内".into(),
                at: if i == 0 {
                    "2026-11-22T18:00:00.001Z".into()
                } else {
                    "2026-11-22T17:59:59.999+00:00".into()
                },
            })
            .collect();
        let mut r = VoteRecord {
            format: record::RECORD_FORMAT.into(),
            community: "随机小区".into(),
            vote: RecordVote {
                id: n as i64,
                title: "随机".into(),
                motion: "随机".into(),
                kind,
                settings: VoteSettings {
                    rule,
                    scope: Scope::Community,
                    ballot_policy: policy,
                    conformity_clause: conformity,
                    proxy_limit: None,
                },
                opened_at: "2026-11-22T09:00:00Z".into(),
                closed_at: "2026-11-22T18:00:00Z".into(),
                opens_at: None,
                closes_at: None,
            },
            roll: RecordRoll {
                scope: None,
                hash: String::new(),
                entries,
            },
            keys: Vec::new(),
            proxies: Vec::new(),
            ballots,
            refused,
            served,
            result: None,
            manifest: None,
            checkpoint: None,
            event_proofs: Vec::new(),
            consistency: Vec::new(),
        };
        let all: Vec<&RecordBallot> = r.ballots.iter().collect();
        let outcome = record::recount(&r, &all).expect("recount");
        r.result = Some(RecordResult {
            outcome,
            signatures: Vec::new(),
        });
        cases.push(r);
    }
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("cases.json");
    std::fs::write(&path, serde_json::to_vec(&cases).expect("json")).expect("write");
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/crosscheck/yishi_tally.py");
    let out = Command::new(&py)
        .arg(script)
        .arg(&path)
        .output()
        .expect("run python");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && text.contains("400 cases, 0 differ"),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The cases cover what they are for.
    let json = serde_json::to_value(&cases).expect("json");
    let outcomes: Vec<&serde_json::Value> = json
        .as_array()
        .expect("list")
        .iter()
        .map(|c| &c["result"]["outcome"])
        .collect();
    assert!(
        outcomes.iter().any(|o| o["ties_flagged"] == true),
        "a tie at the last seat"
    );
    assert!(outcomes.iter().any(
        |o| o["conformity"]["side"].is_string() && o["conformity"]["served"].as_u64() > Some(0)
    ));
    assert!(
        outcomes.iter().any(|o| o["passed"] == true)
            && outcomes.iter().any(|o| o["passed"] == false)
    );
}
