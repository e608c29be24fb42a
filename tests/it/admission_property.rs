//! One admission rule, two paths: random sequences of ballot events (own ballots, proxy ballots
//! before and after their authorisation expires, authorisations over the proxy limit, ballots
//! outside the window, repeated ballots, people who are not on the roll) go through the live
//! operations on a small imported roll, and the very same signed ballots, every one of them
//! (admitted or not), go through `verify_record` in an exported record. Both must admit the
//! same ballots, and both must agree with an independent model of the rule and of the count.

use crate::common;

use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::collections::BTreeMap;
use yishi::crypto::signing::sign_with_seed;
use yishi::domain::area::Area;
use yishi::domain::vote::{BallotPolicy, MatterCategory, Rule, VoteSettings};
use yishi::formats::record::{self, Outcome, RecordBallot, RollSnapshotEntry};
use yishi::formats::signed::SignedFile;
use yishi::lang::Lang;
use yishi::ops::keys::*;
use yishi::ops::types::{Role, RoleAssign};
use yishi::ops::votes::*;
use yishi::ops::{self, Caller};

/// Five sole owners, two residents who are not on the owners' roll (they may be proxies), and
/// the host and the secretary (residents too).
const ROSTER: &str = "楼栋,房号,类型,面积,面积来源,房屋状态,姓名,证件号,电话,身份,投票人
1栋,101,住宅,89.50,登记,已交付,陈建华,500113196805043319,,业主,
1栋,102,住宅,118.20,登记,已交付,刘秀兰,500113197208111429,,业主,
1栋,201,住宅,95.36,登记,已交付,张国庆,500106196910015172,,业主,
1栋,202,住宅,132.08,登记,已交付,黄德明,500112198001273955,,业主,
1栋,301,住宅,60.00,登记,已交付,杨春梅,500113198604150467,,业主,
1栋,101,住宅,89.50,登记,已交付,赵小雨,,,住户,
1栋,102,住宅,118.20,登记,已交付,钱多多,,,住户,
1栋,201,住宅,95.36,登记,已交付,孙主持,,,住户,
1栋,202,住宅,132.08,登记,已交付,李记录,,,住户,
1栋,301,住宅,60.00,登记,已交付,周计票,,,住户,
";
const OWNERS: [&str; 5] = ["陈建华", "刘秀兰", "张国庆", "黄德明", "杨春梅"];
const OTHERS: [&str; 2] = ["赵小雨", "钱多多"];
const ACTORS: usize = 7;
const PIN: &str = "482913";

/// One attempt: `actor` (0-4 owners, 5-6 residents) casts `choice` for owner `for_owner` (or
/// for themselves), `delta` minutes after the previous attempt.
#[derive(Debug, Clone)]
struct Event {
    actor: usize,
    for_owner: Option<usize>,
    choice: usize,
    delta: i64,
}

/// An authorisation the host tries to register: owner, proxy (an actor), minutes it lasts.
#[derive(Debug, Clone)]
struct ProxyAsk {
    owner: usize,
    proxy: usize,
    lasts: i64,
}

#[derive(Debug, Clone)]
struct Case {
    last_stands: bool,
    proxy_limit: Option<u32>,
    proxies: Vec<ProxyAsk>,
    events: Vec<Event>,
}

fn case() -> impl Strategy<Value = Case> {
    let event = (
        0..ACTORS,
        prop::option::weighted(0.4, 0..5usize),
        0..3usize,
        0..70i64,
    )
        .prop_map(|(actor, for_owner, choice, delta)| Event {
            actor,
            for_owner,
            choice,
            delta,
        });
    let proxy = (0..5usize, 0..ACTORS, 60..400i64).prop_map(|(owner, proxy, lasts)| ProxyAsk {
        owner,
        proxy,
        lasts,
    });
    (
        any::<bool>(),
        prop::option::of(1..3u32),
        prop::collection::vec(proxy, 0..5),
        prop::collection::vec(event, 1..12),
    )
        .prop_map(|(last_stands, proxy_limit, proxies, events)| Case {
            last_stands,
            proxy_limit,
            proxies,
            events,
        })
}

const CHOICES: [&str; 3] = ["agree", "oppose", "abstain"];

fn t0() -> DateTime<Utc> {
    common::at(22, 8)
}

fn when(t: DateTime<Utc>) -> Caller {
    Caller::new("测试主持人", t)
}

fn seed(actor: usize) -> [u8; 32] {
    [actor as u8 + 11; 32]
}

/// The window: 09:00 to 13:00; attempts start at 08:30.
fn opens() -> DateTime<Utc> {
    t0() + Duration::hours(1)
}
fn closes() -> DateTime<Utc> {
    t0() + Duration::hours(5)
}

/// The rule as the statute and the settings say it, written out independently of the app:
/// which attempts are admitted, given the authorisations that were registered.
fn model_admitted(c: &Case, registered: &[(usize, usize, DateTime<Utc>)]) -> Vec<bool> {
    let mut own: BTreeMap<usize, bool> = BTreeMap::new();
    let mut any: BTreeMap<usize, bool> = BTreeMap::new();
    let mut t = t0() + Duration::minutes(30);
    let mut out = Vec::new();
    for e in &c.events {
        t += Duration::minutes(e.delta);
        let voter = e.for_owner.unwrap_or(e.actor);
        let is_own = voter == e.actor;
        let on_roll = voter < 5;
        let in_window = t >= opens() && t <= closes();
        let authorised = is_own
            || registered
                .iter()
                .any(|(o, p, exp)| *o == voter && *p == e.actor && t <= *exp);
        let repeat_ok = c.last_stands
            || if is_own {
                !own.get(&voter).copied().unwrap_or(false)
            } else {
                !any.get(&voter).copied().unwrap_or(false)
            };
        let ok = on_roll && in_window && authorised && repeat_ok;
        if ok {
            any.insert(voter, true);
            if is_own {
                own.insert(voter, true);
            }
        }
        out.push(ok);
    }
    out
}

/// The count from the admitted attempts, independently: per owner the own ballot beats a
/// proxy's, then the first or the last stands. Returns (Pn, Pa, Yn, Ya, On).
fn model_count(c: &Case, admitted: &[bool], areas: &[Area; 5]) -> (u32, Area, u32, Area, u32) {
    let mut stand: BTreeMap<usize, (bool, usize)> = BTreeMap::new();
    for (e, _) in c.events.iter().zip(admitted).filter(|(_, ok)| **ok) {
        let voter = e.for_owner.unwrap_or(e.actor);
        let is_own = voter == e.actor;
        let replace = match stand.get(&voter) {
            None => true,
            Some((held_own, _)) if is_own != *held_own => is_own,
            Some(_) => c.last_stands,
        };
        if replace {
            stand.insert(voter, (is_own, e.choice));
        }
    }
    let (mut pn, mut pa, mut yn, mut ya, mut on) = (0, Area(0), 0, Area(0), 0);
    for (voter, (_, choice)) in stand {
        pn += 1;
        pa = Area(pa.0 + areas[voter].0);
        match CHOICES[choice] {
            "agree" => {
                yn += 1;
                ya = Area(ya.0 + areas[voter].0);
            }
            "oppose" => on += 1,
            _ => {}
        }
    }
    (pn, pa, yn, ya, on)
}

struct World {
    db: common::TestDb,
    c: i64,
    actors: Vec<i64>,
    names: Vec<String>,
    host: i64,
    secretary: i64,
    /// The result's third signer.
    counter: i64,
}

async fn world() -> World {
    let db = common::fresh().await;
    let by = when(t0() - Duration::hours(2));
    let c = common::import_roster(&db, &by, "一号小区", ROSTER).await;
    let mut actors = Vec::new();
    let mut names = Vec::new();
    for name in OWNERS.iter().chain(OTHERS.iter()) {
        let p = common::person_named(&db, c, name).await;
        common::enrol_seed(&db, &by, c, p, &seed(actors.len())).await;
        actors.push(p);
        names.push(name.to_string());
    }
    let mut officers = Vec::new();
    for (name, role) in [
        ("孙主持", Role::Host),
        ("李记录", Role::Secretary),
        ("周计票", Role::Counter),
    ] {
        let person_id = common::person_named(&db, c, name).await;
        ops::access::role_assign(
            &db.ctx,
            &by,
            RoleAssign {
                community_id: c,
                person_id,
                role,
                building: None,
            },
        )
        .await
        .expect("assign the role");
        let key = ops::keys::key_enrol(
            &db.ctx,
            &by,
            KeyEnrol {
                community_id: c,
                person_id,
                pin: PIN.into(),
                checked_by: "记录员".into(),
                check: IdCheck::IdCard,
                registrar: None,
            },
        )
        .await
        .expect("enrol the officer")
        .key_id;
        officers.push(key);
    }
    World {
        db,
        c,
        actors,
        names,
        host: officers[0],
        secretary: officers[1],
        counter: officers[2],
    }
}

/// One live attempt through preview, signing with the actor's own key and filing: the receipt's
/// hash if admitted.
async fn attempt(w: &World, v: i64, entries: &[i64], e: &Event, by: &Caller) -> Option<String> {
    // A ballot for someone else names their roll entry.
    let proxy_for = e.for_owner.filter(|o| *o != e.actor).map(|o| entries[o]);
    let request = SignRequest {
        community_id: w.c,
        person_id: w.actors[e.actor],
        subject: SignSubject::Ballot {
            vote_id: v,
            choice: CHOICES[e.choice].into(),
            proxy_for,
        },
    };
    let preview = ops::signing::sign_preview(&w.db.ctx, by, request.clone(), Lang::Zh)
        .await
        .ok()?;
    let (public, signature) = sign_with_seed(&seed(e.actor), &preview.document);
    let file = SignedFile::new(preview.document, &public, signature);
    ops::signing::signature_submit(&w.db.ctx, by, SignedFileSubmit { request, file })
        .await
        .ok()
        .map(|r| r.document_hash)
}

async fn run(c: Case) -> Result<(), TestCaseError> {
    let w = world().await;
    let settings = VoteSettings {
        ballot_policy: if c.last_stands {
            BallotPolicy::LastStands
        } else {
            BallotPolicy::FirstStands
        },
        proxy_limit: c.proxy_limit,
        ..VoteSettings::new(Rule::OwnersOrdinary)
    };
    let create = VoteCreate {
        community_id: w.c,
        title: "续聘物业".into(),
        motion: "同意续聘".into(),
        category: MatterCategory::PropertyCompany,
        kind: VoteKind::Question,
        settings,
        opens_at: opens().to_rfc3339(),
        closes_at: closes().to_rfc3339(),
        objection_days: 0,
        agenda_item_id: None,
        matter_id: None,
    };
    let v = ops::votes::vote_create(&w.db.ctx, &when(t0()), create)
        .await
        .expect("create")
        .vote_id;
    ops::votes::vote_open(&w.db.ctx, &when(t0()), v)
        .await
        .expect("open");
    // Each owner's roll entry (they own one unit alone: one entry each, voted by them).
    let mut entries = Vec::new();
    for o in 0..5 {
        entries.push(common::entry_of(&w.db, v, w.actors[o]).await);
    }

    // Authorisations: the app refuses duplicates, self-proxies and those over the limit at
    // registration; the model keeps exactly what the app registered.
    let registered_at = t0() + Duration::minutes(5);
    let mut registered = Vec::new();
    for p in &c.proxies {
        let expires = registered_at + Duration::minutes(p.lasts);
        let ok = ops::votes::proxy_add(
            &w.db.ctx,
            &when(registered_at),
            ProxyAdd {
                vote_id: v,
                owner_id: entries[p.owner],
                proxy_id: w.actors[p.proxy],
                scan_base64: common::b64(b"authorisation"),
                scope: "本次表决".into(),
                expires_at: expires.to_rfc3339(),
                signers: ProxySigners::Officers {
                    officers: [w.host, w.secretary].map(|k| HostApproval {
                        host_key_id: k,
                        host_pin: PIN.into(),
                    }),
                },
            },
        )
        .await
        .is_ok();
        let carried = registered.iter().filter(|(_, x, _)| *x == p.proxy).count() as u32;
        let expected = p.owner != p.proxy
            && !registered.iter().any(|(o, _, _)| *o == p.owner)
            && c.proxy_limit.is_none_or(|l| carried < l);
        prop_assert_eq!(ok, expected, "registering {:?}", p);
        if ok {
            registered.push((p.owner, p.proxy, expires));
        }
    }

    // The live path.
    let mut t = t0() + Duration::minutes(30);
    let mut live = Vec::new();
    let mut times = Vec::new();
    for e in &c.events {
        t += Duration::minutes(e.delta);
        times.push(t);
        live.push(attempt(&w, v, &entries, e, &when(t)).await);
    }
    let admitted: Vec<bool> = live.iter().map(Option::is_some).collect();
    prop_assert_eq!(&admitted, &model_admitted(&c, &registered), "live vs model");

    let close = VoteClose {
        vote_id: v,
        host: HostApproval {
            host_key_id: w.host,
            host_pin: PIN.into(),
        },
        secretary: HostApproval {
            host_key_id: w.secretary,
            host_pin: PIN.into(),
        },
        officer: Some(HostApproval {
            host_key_id: w.counter,
            host_pin: PIN.into(),
        }),
    };
    ops::votes::vote_close(
        &w.db.ctx,
        &when(t0() + Duration::hours(12)),
        close,
        Lang::En,
    )
    .await
    .expect("close: the app's own record check passes");

    // Export and verify: the record holds exactly the admitted ballots, in order, and checks.
    let exported = ops::votes::build_record(&w.db.ctx, v)
        .await
        .expect("record");
    let receipts: Vec<&str> = exported
        .ballots
        .iter()
        .map(|b| b.receipt.as_str())
        .collect();
    let live_receipts: Vec<&str> = live.iter().flatten().map(String::as_str).collect();
    prop_assert_eq!(
        &receipts,
        &live_receipts,
        "the record holds the live ballots"
    );
    let verdict = record::verify_record(&exported);
    prop_assert!(
        verdict.discrepancies.is_empty(),
        "{:?}",
        verdict.discrepancies
    );
    let published = exported.result.as_ref().expect("closed").outcome.clone();
    prop_assert_eq!(verdict.recount.as_ref(), Some(&published));

    // Every attempt, admitted or not, signed and put in the record: the verifier must admit
    // exactly the ones the app admitted, and count the same result.
    let roll: BTreeMap<i64, RollSnapshotEntry> = exported
        .roll
        .entries
        .iter()
        .map(|e| (e.person_id, e.clone()))
        .collect();
    let mut all = exported.clone();
    all.result = None;
    // Ballots v3 bind the manifest and number each entry's ballots in order.
    let manifest_hash = all.manifest.as_ref().map(|m| m.manifest.hash());
    let mut counts: BTreeMap<i64, u32> = BTreeMap::new();
    all.ballots = c
        .events
        .iter()
        .zip(&times)
        .enumerate()
        .map(|(i, (e, at))| {
            let voter_idx = e.for_owner.unwrap_or(e.actor);
            // Someone off the roll: an id no roll entry has.
            let voter_id = entries
                .get(voter_idx)
                .copied()
                .unwrap_or(1_000_000 + w.actors[voter_idx]);
            let voter = roll.get(&voter_id).cloned().unwrap_or(RollSnapshotEntry {
                person_id: voter_id,
                name: w.names[e.for_owner.unwrap_or(e.actor)].clone(),
                units: Vec::new(),
                area: Area(0),
                voter_id: None,
                committed: None,
            });
            let public = yishi::crypto::signing::PublicKey(
                ed25519_dalek::SigningKey::from_bytes(&seed(e.actor))
                    .verifying_key()
                    .to_bytes(),
            );
            // The number the live preview gave it: one more than the entry's admitted ballots.
            let person_seq = counts.get(&voter_id).copied().unwrap_or(0) + 1;
            if live[i].is_some() {
                counts.insert(voter_id, person_seq);
            }
            let doc = record::ballot_document_for(
                &record::BallotFields {
                    community: &all.community,
                    vote: &all.vote,
                    roll_hash: &all.roll.hash,
                    voter: &voter,
                    cast_by_id: w.actors[e.actor],
                    cast_by: &w.names[e.actor],
                    choice: CHOICES[e.choice],
                    public_key: &public,
                    signed_at: &at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                },
                manifest_hash.as_deref().map(|h| record::Binding {
                    manifest_hash: h,
                    person_seq,
                }),
            );
            let (public, signature) = sign_with_seed(&seed(e.actor), &doc);
            RecordBallot {
                seq: i as u32 + 1,
                person_id: voter_id,
                cast_by: w.actors[e.actor],
                channel: "file".into(),
                choice: CHOICES[e.choice].into(),
                receipt: doc.hash_hex(),
                signed: Some(SignedFile::new(doc, &public, signature)),
                scan_sha256: None,
                witnesses: Vec::new(),
                person_seq: manifest_hash.as_ref().map(|_| person_seq),
            }
        })
        .collect();
    let verdict = record::verify_record(&all);
    // A refused attempt carries the number the next admitted ballot took: the order checks
    // name that pair (a real record never holds refused attempts); admission is compared here.
    let order = |d: &&record::Discrepancy| {
        d.en.contains("'s ballot number") || d.en.contains("'s ballots have a gap")
    };
    let named: std::collections::BTreeSet<u32> = verdict
        .discrepancies
        .iter()
        .filter(|d| !order(d))
        .filter_map(|d| {
            d.en.strip_prefix("ballot #")?
                .split(':')
                .next()?
                .parse()
                .ok()
        })
        .collect();
    let verified: Vec<bool> = (1..=c.events.len() as u32)
        .map(|seq| !named.contains(&seq))
        .collect();
    prop_assert_eq!(
        &verified,
        &admitted,
        "verify vs live: {:?}",
        verdict.discrepancies
    );
    for (b, live_receipt) in all.ballots.iter().zip(&live) {
        if let Some(r) = live_receipt {
            prop_assert_eq!(&b.receipt, r, "the same signed bytes");
        }
    }
    prop_assert_eq!(verdict.recount.as_ref(), Some(&published));

    // And the count, independently.
    let mut areas = [Area(0); 5];
    for (i, a) in areas.iter_mut().enumerate() {
        *a = roll[&entries[i]].area;
    }
    let Outcome::Question(tally) = &published else {
        return Err(TestCaseError::fail("a question vote"));
    };
    prop_assert_eq!(
        (tally.pn, tally.pa, tally.yn, tally.ya, tally.on),
        model_count(&c, &admitted, &areas)
    );
    prop_assert_eq!((tally.n, tally.a), (5, areas.iter().copied().sum::<Area>()));
    Ok(())
}

#[test]
fn live_admission_and_the_record_check_agree_on_random_ballot_sequences() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let cases = std::env::var("YISHI_PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(12);
    let mut runner = TestRunner::new(Config {
        cases,
        max_shrink_iters: 64,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&case(), |c| rt.block_on(run(c)));
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// The drift this rule removed: a proxy ballot signed after the authorisation expired is refused
/// live, and now `verify_record` refuses it too.
#[test]
fn an_expired_proxy_is_refused_live_and_by_the_record_check() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    // Registered at 08:05 for an hour (until 09:05); the resident (actor 5) casts for owner 0 at
    // 09:30, inside the voting window but after the authorisation expired.
    let c = Case {
        last_stands: false,
        proxy_limit: None,
        proxies: vec![ProxyAsk {
            owner: 0,
            proxy: 5,
            lasts: 60,
        }],
        events: vec![Event {
            actor: 5,
            for_owner: Some(0),
            choice: 0,
            delta: 60,
        }],
    };
    assert_eq!(
        model_admitted(&c, &[(0, 5, t0() + Duration::minutes(65))]),
        vec![false],
        "expired"
    );
    rt.block_on(run(c))
        .expect("live and verify agree: both refuse");
}
