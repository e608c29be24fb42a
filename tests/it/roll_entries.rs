//! Roll entries and the humans who sign: one person who owns one unit alone and is the
//! designated voter of a co-owned unit is on the roll twice (DOMAIN.md: co-owners together are a
//! different buyer), and votes twice.

use crate::common;

use chrono::Duration;
use yishi::domain::vote::{MatterCategory, Rule, VoteSettings};
use yishi::ops::votes::*;
use yishi::ops::{self, Caller};

/// 吴 owns 1栋605 alone; 吴 (designated voter) and 肖 (co-owner) own 2栋2505.
const WU_AND_XIAO: &str = "楼栋,房号,类型,面积,面积来源,房屋状态,姓名,证件号,电话,身份,投票人
1栋,605,住宅,89.50,登记,已交付,吴建平,510107197709021733,,业主,
2栋,2505,住宅,132.08,登记,已交付,吴建平,510107197709021733,,业主,是
2栋,2505,住宅,132.08,登记,已交付,肖红,500113198803065521,,共有人,
";

pub(crate) async fn open_owners_vote(db: &common::TestDb, by: &Caller, c: i64) -> i64 {
    let create = VoteCreate {
        community_id: c,
        title: "续聘物业".into(),
        motion: "同意续聘".into(),
        category: MatterCategory::PropertyCompany,
        kind: VoteKind::Question,
        settings: VoteSettings::new(Rule::OwnersOrdinary),
        opens_at: (by.now - Duration::hours(1)).to_rfc3339(),
        closes_at: (by.now + Duration::hours(2)).to_rfc3339(),
        objection_days: 0,
        agenda_item_id: None,
        matter_id: None,
    };
    let v = ops::votes::vote_create(&db.ctx, by, create)
        .await
        .expect("create")
        .vote_id;
    ops::votes::vote_open(&db.ctx, by, v)
        .await
        .unwrap_or_else(|e| panic!("open: {}", e.message(yishi::lang::Lang::En)));
    v
}

#[tokio::test]
async fn a_sole_owner_who_also_votes_for_a_co_owned_unit_is_two_roll_entries() {
    let db = common::fresh().await;
    let by = common::caller();
    let c = common::import_roster(&db, &by, "吴肖小区", WU_AND_XIAO).await;
    let v = open_owners_vote(&db, &by, c).await;
    let record = ops::votes::build_record(&db.ctx, v).await.expect("record");
    let wu = common::person_named(&db, c, "吴建平").await;
    let entries = &record.roll.entries;
    assert_eq!(entries.len(), 2, "N = 2: 吴 alone, and 吴 with 肖");
    assert!(
        entries
            .iter()
            .all(|e| e.voter_id.unwrap_or(e.person_id) == wu),
        "吴 votes for both: {entries:?}"
    );
    assert_ne!(entries[0].person_id, entries[1].person_id);
    assert!(
        entries.iter().all(|e| e.person_id > 1_000_000_000),
        "an entry's id never meets a person's"
    );
}

#[tokio::test]
async fn wu_casts_one_ballot_for_each_entry_and_must_say_which() {
    let db = common::fresh().await;
    let by = common::caller();
    let c = common::import_roster(&db, &by, "吴肖小区", WU_AND_XIAO).await;
    let wu = common::person_named(&db, c, "吴建平").await;
    let seed = [7u8; 32];
    common::enrol_seed(&db, &by, c, wu, &seed).await;
    let v = open_owners_vote(&db, &by, c).await;
    let entries = ops::votes::build_record(&db.ctx, v)
        .await
        .expect("record")
        .roll
        .entries;
    // Without naming the entry, the preview asks which.
    let ask = yishi::ops::keys::SignRequest {
        community_id: c,
        person_id: wu,
        subject: yishi::ops::keys::SignSubject::Ballot {
            vote_id: v,
            choice: "agree".into(),
            proxy_for: None,
        },
    };
    let err = ops::signing::sign_preview(&db.ctx, &by, ask, yishi::lang::Lang::En)
        .await
        .expect_err("several entries");
    assert!(
        err.message(yishi::lang::Lang::En).contains("choose which"),
        "{}",
        err.message(yishi::lang::Lang::En)
    );
    for (e, choice) in entries.iter().zip(["agree", "oppose"]) {
        let ballot =
            common::signed_ballot_for(&db, &by, (c, v), wu, Some(e.person_id), &seed, choice).await;
        assert_eq!(ballot.file.document.context, "yishi/ballot/v3");
        assert_eq!(ballot.file.document.get_int("entry_id"), Some(e.person_id));
        ops::signing::signature_submit(&db.ctx, &by, ballot)
            .await
            .expect("吴 votes for this entry as its own voter");
    }
    let record = ops::votes::build_record(&db.ctx, v).await.expect("record");
    let verdict = yishi::formats::record::verify_record(&record);
    assert!(
        verdict.discrepancies.is_empty(),
        "{:?}",
        verdict.discrepancies
    );
    let Some(yishi::formats::record::Outcome::Question(t)) = verdict.recount else {
        panic!("a question's tally")
    };
    assert_eq!(
        (t.n, t.pn, t.yn, t.on),
        (2, 2, 1, 1),
        "two persons, both took part"
    );
}

/// Owners the rosters draw from (names and identity numbers as in tests/fixtures).
const POOL: [(&str, &str); 5] = [
    ("吴建平", "510107197709021733"),
    ("肖红", "500113198803065521"),
    ("陈建华", "500113196805043319"),
    ("刘秀兰", "500113197208111429"),
    ("张国庆", "500106196910015172"),
];
const DEVELOPER: (&str, &str) = ("重庆晴川置业有限公司", "91500113MA5U7Q2X59");

/// One unit of a generated roster: held by the developer (unsold), or by one or two owners
/// from the pool; area in 0.01 m².
#[derive(Debug, Clone)]
enum Holder {
    Developer,
    Sole(usize),
    Co(usize, usize),
}

/// Who the roll entry of a unit is, computed from the roster alone: the developer, or the set of
/// owners (pool indices, ascending).
fn owners_of(h: &Holder) -> Option<Vec<usize>> {
    match *h {
        Holder::Developer => None,
        Holder::Sole(p) => Some(vec![p]),
        Holder::Co(p, q) => {
            let mut set = vec![p, q];
            set.sort_unstable();
            set.dedup();
            Some(set)
        }
    }
}

/// The co-owners' designated voter: fixed per set of owners, so every unit of the same set
/// names the same one.
fn designated(set: &[usize]) -> usize {
    set[set.iter().sum::<usize>() % set.len()]
}

fn roster_csv(units: &[(Holder, i64)]) -> String {
    let mut csv =
        String::from("楼栋,房号,类型,面积,面积来源,房屋状态,姓名,证件号,电话,身份,投票人\n");
    for (i, (holder, area)) in units.iter().enumerate() {
        let head = format!(
            "{}栋,{},住宅,{}.{:02},登记",
            i % 2 + 1,
            101 + i,
            area / 100,
            area % 100
        );
        match owners_of(holder) {
            None => csv.push_str(&format!(
                "{head},未售,{},{},,开发商,\n",
                DEVELOPER.0, DEVELOPER.1
            )),
            Some(set) => {
                let voter = designated(&set);
                for (k, p) in set.iter().enumerate() {
                    let relation = if k == 0 { "业主" } else { "共有人" };
                    let mark = if set.len() > 1 && *p == voter {
                        "是"
                    } else if set.len() > 1 {
                        "否"
                    } else {
                        ""
                    };
                    csv.push_str(&format!(
                        "{head},已交付,{},{},,{relation},{mark}\n",
                        POOL[*p].0, POOL[*p].1
                    ));
                }
            }
        }
    }
    csv
}

fn holder() -> impl proptest::strategy::Strategy<Value = Holder> {
    use proptest::prelude::*;
    prop_oneof![
        1 => Just(Holder::Developer),
        3 => (0..POOL.len()).prop_map(Holder::Sole),
        3 => (0..POOL.len(), 0..POOL.len()).prop_map(|(p, q)| Holder::Co(p, q)),
    ]
}

async fn roster_case(
    units: Vec<(Holder, i64)>,
    offset: usize,
) -> Result<(), proptest::test_runner::TestCaseError> {
    use proptest::{prop_assert, prop_assert_eq};
    use std::collections::BTreeMap;
    let db = common::fresh().await;
    let by = common::caller();
    let c = common::import_roster(&db, &by, "生成的小区", &roster_csv(&units)).await;
    // The independent count: one person per distinct set of owners, the developer's units one.
    let mut expected: BTreeMap<Option<Vec<usize>>, i64> = BTreeMap::new();
    for (h, area) in &units {
        *expected.entry(owners_of(h)).or_default() += area;
    }
    let choice_of = |key: &Option<Vec<usize>>| {
        let pos = expected.keys().position(|k| k == key).unwrap_or(0);
        ["agree", "oppose", "abstain"][(pos + offset) % 3]
    };
    // Every person who may sign, with a key.
    let mut people: BTreeMap<String, (i64, [u8; 32])> = BTreeMap::new();
    let names: Vec<&str> = POOL.iter().map(|p| p.0).chain([DEVELOPER.0]).collect();
    for (i, name) in names.iter().enumerate() {
        let used = units.iter().any(|(h, _)| match owners_of(h) {
            None => *name == DEVELOPER.0,
            Some(set) => set.iter().any(|p| POOL[*p].0 == *name),
        });
        if used {
            let id = common::person_named(&db, c, name).await;
            let seed = [i as u8 + 40; 32];
            common::enrol_seed(&db, &by, c, id, &seed).await;
            people.insert(name.to_string(), (id, seed));
        }
    }
    let v = open_owners_vote(&db, &by, c).await;
    let entries = ops::votes::build_record(&db.ctx, v)
        .await
        .expect("record")
        .roll
        .entries;
    prop_assert_eq!(entries.len(), expected.len(), "N");
    let a: i64 = entries.iter().map(|e| e.area.0).sum();
    prop_assert_eq!(a, units.iter().map(|(_, a)| a).sum::<i64>(), "A");
    let label = |i: usize| format!("{}栋 {}", i % 2 + 1, 101 + i);
    let (mut yn, mut ya) = (0u32, 0i64);
    for e in &entries {
        // The entry is exactly the units of one set of owners, voted by the right person.
        let keys: Vec<Option<Vec<usize>>> = e
            .units
            .iter()
            .map(|l| {
                let i = (0..units.len())
                    .find(|i| label(*i) == *l)
                    .expect("a unit of the roster");
                owners_of(&units[i].0)
            })
            .collect();
        let key = keys[0].clone();
        prop_assert!(
            keys.iter().all(|k| *k == key),
            "one legal person per entry: {:?}",
            e
        );
        prop_assert_eq!(e.area.0, expected[&key], "the entry's area");
        let signer = match &key {
            None => DEVELOPER.0,
            Some(set) => POOL[designated(set)].0,
        };
        let (signer_id, seed) = people[signer];
        prop_assert_eq!(e.voter(), signer_id, "who votes for {:?}", e);
        let choice = choice_of(&key);
        if choice == "agree" {
            yn += 1;
            ya += e.area.0;
        }
        let ballot = common::signed_ballot_for(
            &db,
            &by,
            (c, v),
            signer_id,
            Some(e.person_id),
            &seed,
            choice,
        )
        .await;
        ops::signing::signature_submit(&db.ctx, &by, ballot)
            .await
            .map_err(|e| {
                proptest::test_runner::TestCaseError::fail(e.message(yishi::lang::Lang::En))
            })?;
    }
    let record = ops::votes::build_record(&db.ctx, v).await.expect("record");
    let verdict = yishi::formats::record::verify_record(&record);
    prop_assert!(
        verdict.discrepancies.is_empty(),
        "{:?}",
        verdict.discrepancies
    );
    let Some(yishi::formats::record::Outcome::Question(t)) = verdict.recount else {
        return Err(proptest::test_runner::TestCaseError::fail(
            "a question's tally",
        ));
    };
    let n = expected.len() as u32;
    prop_assert_eq!(
        (t.n, t.a.0, t.pn, t.pa.0, t.yn, t.ya.0),
        (n, a, n, a, yn, ya),
        "the tally against the independent count"
    );
    Ok(())
}

#[test]
fn rosters_of_sole_co_owned_and_developer_units_count_and_vote_by_roll_entry() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let cases = std::env::var("YISHI_PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10);
    let mut runner = TestRunner::new(Config {
        cases,
        max_shrink_iters: 64,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (
        prop::collection::vec((holder(), 3000..15000i64), 1..9),
        0..3usize,
    );
    let result = runner.run(&strategy, |(units, offset)| {
        rt.block_on(roster_case(units, offset))
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// A database made by the migrations before roll entries (0001-0006), holding a vote with its
/// frozen roll, a proxy, two ballots and a service record, is brought up to date by 0007 without
/// losing a row: entries keep the person ids they were frozen with, each voted by that person,
/// and ballots and service records stay append-only.
#[tokio::test]
async fn migration_0007_keeps_every_vote_row_of_an_older_database() {
    use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
    use std::borrow::Cow;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("old.db");
    {
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(
                SqliteConnectOptions::new()
                    .filename(&path)
                    .create_if_missing(true)
                    .foreign_keys(true),
            )
            .await
            .expect("old database");
        let mut old = sqlx::migrate::Migrator::new(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations"),
        )
        .await
        .expect("migrations");
        old.migrations = Cow::Owned(
            old.migrations
                .iter()
                .filter(|m| m.version <= 6)
                .cloned()
                .collect(),
        );
        old.run(&pool).await.expect("migrations 0001-0006");
        for sql in [
            "INSERT INTO communities (id, name, created_at) VALUES (1, '旧小区', '2026-11-01T00:00:00Z')",
            "INSERT INTO persons (id, community_id, name, id_digest) VALUES (5, 1, '甲', 'd5'), (6, 1, '乙', 'd6'), (7, 1, '丙', 'd7')",
            "INSERT INTO votes (id, community_id, title, motion, kind, category, settings, status, opens_at, closes_at, created_at, created_by) VALUES (1, 1, 't', 'm', 'question', 'property_company', '{}', 'closed', '2026-11-02T00:00:00Z', '2026-11-03T00:00:00Z', '2026-11-01T00:00:00Z', 'host')",
            "INSERT INTO vote_roll (vote_id, person_id, entry) VALUES (1, 5, '{\"person_id\":5}'), (1, 6, '{\"person_id\":6}')",
            "INSERT INTO proxies (vote_id, owner_id, proxy_id, scan_sha256, scope, expires_at, created_at) VALUES (1, 6, 7, 'ab', '本次表决', '2026-11-03T00:00:00Z', '2026-11-02T00:00:00Z')",
            "INSERT INTO ballots (id, vote_id, person_id, cast_by, channel, choice, receipt, cast_at) VALUES (1, 1, 5, 5, 'kiosk', 'agree', 'r1', '2026-11-02T01:00:00Z'), (2, 1, 6, 7, 'kiosk', 'oppose', 'r2', '2026-11-02T02:00:00Z')",
            "INSERT INTO vote_served (vote_id, person_id, method, evidence_sha256, served_at, recorded_at, recorded_by) VALUES (1, 5, 'in_person', 'e', '2026-11-02', '2026-11-02T00:00:00Z', 'host')",
        ] {
            sqlx::query(sql).execute(&pool).await.expect(sql);
        }
        pool.close().await;
    }
    let ctx = yishi::ops::Ctx::open(&path)
        .await
        .expect("migrate to today");
    let store = ctx.store().await;
    let roll: Vec<(i64, i64, String)> =
        sqlx::query_as("SELECT entry_id, voter_id, entry FROM vote_roll ORDER BY entry_id")
            .fetch_all(store.reader())
            .await
            .expect("roll");
    assert_eq!(
        roll,
        vec![
            (5, 5, "{\"person_id\":5}".to_string()),
            (6, 6, "{\"person_id\":6}".to_string())
        ]
    );
    let ballots: Vec<(i64, i64, i64, String, String)> =
        sqlx::query_as("SELECT id, person_id, cast_by, choice, receipt FROM ballots ORDER BY id")
            .fetch_all(store.reader())
            .await
            .expect("ballots");
    assert_eq!(
        ballots,
        vec![
            (1, 5, 5, "agree".into(), "r1".into()),
            (2, 6, 7, "oppose".into(), "r2".into())
        ]
    );
    let proxies: Vec<(i64, i64)> = sqlx::query_as("SELECT owner_id, proxy_id FROM proxies")
        .fetch_all(store.reader())
        .await
        .expect("proxies");
    assert_eq!(proxies, vec![(6, 7)]);
    let served: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM vote_served")
        .fetch_one(store.reader())
        .await
        .expect("served");
    assert_eq!(served, 1);
    let mut tx = store.begin().await.expect("write");
    for sql in [
        "UPDATE ballots SET choice = 'agree' WHERE id = 2",
        "DELETE FROM ballots WHERE id = 1",
        "UPDATE vote_served SET method = 'x'",
    ] {
        assert!(
            sqlx::query(sql).execute(tx.conn()).await.is_err(),
            "{sql} is refused"
        );
    }
}

/// A record made before roll entries were kept apart (a v1 roll without `voter_id`, v1 ballots
/// naming the voter as a person, one cast by a proxy) still verifies; the same ballots against
/// a roll that names its voters (v2) are not the ballots that roll calls for.
#[test]
fn records_from_before_roll_entries_still_verify() {
    use yishi::crypto::signing::{PublicKey, sign_with_seed};
    use yishi::domain::area::Area;
    use yishi::formats::record::{self, *};
    use yishi::formats::signed::SignedFile;
    let entries: Vec<RollSnapshotEntry> = (1..=3)
        .map(|i| RollSnapshotEntry {
            person_id: i,
            name: format!("业主{i}"),
            units: vec![format!("1栋 {}", 100 + i)],
            area: Area(9000 + i),
            voter_id: None,
            committed: None,
        })
        .collect();
    let vote = RecordVote {
        id: 1,
        title: "续聘物业".into(),
        motion: "同意续聘".into(),
        kind: VoteKind::Question,
        settings: VoteSettings::new(Rule::OwnersOrdinary),
        opened_at: "2026-11-22T09:00:00Z".into(),
        closed_at: "2026-11-22T18:00:00Z".into(),
        opens_at: None,
        closes_at: None,
    };
    let key = |person: i64| {
        let seed = [person as u8; 32];
        let public = PublicKey(
            ed25519_dalek::SigningKey::from_bytes(&seed)
                .verifying_key()
                .to_bytes(),
        );
        (seed, public)
    };
    // 业主1 and 业主2 vote themselves; person 9 (not on the roll) votes for 业主3 by proxy.
    let ballots_for = |entries: &[RollSnapshotEntry], hash: &str| -> Vec<RecordBallot> {
        [(1i64, 1i64), (2, 2), (3, 9)]
            .iter()
            .enumerate()
            .map(|(i, (entry, by))| {
                let (seed, public) = key(*by);
                let doc = record::ballot_document(&BallotFields {
                    community: "旧小区",
                    vote: &vote,
                    roll_hash: hash,
                    voter: &entries[*entry as usize - 1],
                    cast_by_id: *by,
                    cast_by: "某人",
                    choice: "agree",
                    public_key: &public,
                    signed_at: "2026-11-22T10:00:00Z",
                });
                let (_, signature) = sign_with_seed(&seed, &doc);
                RecordBallot {
                    seq: i as u32 + 1,
                    person_id: *entry,
                    cast_by: *by,
                    channel: "file".into(),
                    choice: "agree".into(),
                    receipt: doc.hash_hex(),
                    signed: Some(SignedFile::new(doc, &public, signature)),
                    scan_sha256: None,
                    witnesses: Vec::new(),
                    person_seq: None,
                }
            })
            .collect()
    };
    let hash = record::roll_hash(None, &entries);
    let old = VoteRecord {
        checkpoint: None,
        event_proofs: Vec::new(),
        consistency: Vec::new(),
        served: Vec::new(),
        format: record::RECORD_FORMAT.into(),
        community: "旧小区".into(),
        vote: vote.clone(),
        roll: RecordRoll {
            scope: None,
            hash: hash.clone(),
            entries: entries.clone(),
        },
        keys: [1, 2, 9]
            .iter()
            .map(|p| RecordKey {
                person_id: *p,
                public_key: key(*p).1.text(),
                ended_at: None,
            })
            .collect(),
        proxies: vec![RecordProxy {
            owner_id: 3,
            proxy_id: 9,
            scan_sha256: "ab".into(),
            scope: "本次表决".into(),
            expires_at: "2026-11-22T12:00:00Z".into(),
            signed: Vec::new(),
        }],
        ballots: ballots_for(&entries, &hash),
        refused: Vec::new(),
        result: None,
        manifest: None,
    };
    assert!(old.ballots.iter().all(|b| {
        b.signed
            .as_ref()
            .is_some_and(|s| s.document.context == "yishi/ballot/v1")
    }));
    let verdict = verify_record(&old);
    assert!(
        verdict.discrepancies.is_empty(),
        "{:?}",
        verdict.discrepancies
    );
    let Some(Outcome::Question(t)) = verdict.recount else {
        panic!("a tally")
    };
    assert_eq!((t.n, t.pn, t.yn), (3, 3, 3));

    // The same v1 ballots under a roll that names its voters: a v2 roll calls for v2 ballots.
    let mut v2 = old.clone();
    for e in &mut v2.roll.entries {
        e.voter_id = Some(e.person_id);
    }
    v2.roll.hash = record::roll_hash(None, &v2.roll.entries);
    assert_ne!(v2.roll.hash, hash, "the v2 roll hash covers who votes");
    let verdict = verify_record(&v2);
    assert_eq!(
        verdict.discrepancies.len(),
        3,
        "{:?}",
        verdict.discrepancies
    );
    // And re-signed as v2, they verify.
    v2.ballots = ballots_for(&v2.roll.entries, &v2.roll.hash);
    assert!(v2.ballots.iter().all(|b| {
        b.signed
            .as_ref()
            .is_some_and(|s| s.document.context == "yishi/ballot/v2")
    }));
    assert!(verify_record(&v2).discrepancies.is_empty());
}

/// `vote_entries`: what the kiosk offers under "for which home": 吴 his two entries, 肖 the one
/// whose written proxy she holds; an entry with a ballot says so.
#[tokio::test]
async fn vote_entries_lists_own_entries_and_held_proxies_with_what_has_voted() {
    let db = common::fresh().await;
    let by = common::caller();
    let c = common::import_roster(&db, &by, "吴肖小区", WU_AND_XIAO).await;
    let wu = common::person_named(&db, c, "吴建平").await;
    let xiao = common::person_named(&db, c, "肖红").await;
    let seed = [9u8; 32];
    common::enrol_seed(&db, &by, c, wu, &seed).await;
    let officers = common::two_officers(&db, c, "482913").await;
    let v = open_owners_vote(&db, &by, c).await;
    let ask = |person_id| VoteEntriesQuery {
        vote_id: v,
        person_id,
    };
    let wu_entries = vote_entries(&db.ctx, ask(wu)).await.expect("entries");
    let units: Vec<String> = wu_entries.iter().map(|e| e.units.join("、")).collect();
    assert_eq!(units.len(), 2, "吴 votes for two homes: {units:?}");
    assert!(units.iter().any(|u| u.contains("605")) && units.iter().any(|u| u.contains("2505")));
    assert!(
        wu_entries
            .iter()
            .all(|e| e.how == VoteEntryHow::Own && !e.voted)
    );
    let shared_flags: Vec<(bool, bool)> = wu_entries
        .iter()
        .map(|e| (e.units.iter().any(|u| u.contains("2505")), e.co_owned))
        .collect();
    assert!(
        shared_flags.iter().all(|(is_2505, co)| is_2505 == co),
        "2505 is co-owned, 605 is not: {shared_flags:?}"
    );
    assert!(
        vote_entries(&db.ctx, ask(xiao))
            .await
            .expect("entries")
            .is_empty(),
        "肖 votes for no entry herself: 吴 is 2505's designated voter"
    );

    // 吴 gives 肖 a written proxy for 1栋605.
    let alone = wu_entries
        .iter()
        .find(|e| e.units.iter().any(|u| u.contains("605")))
        .expect("605")
        .entry_id;
    ops::votes::proxy_add(
        &db.ctx,
        &by,
        ProxyAdd {
            vote_id: v,
            owner_id: alone,
            proxy_id: xiao,
            scan_base64: "iVBORw0KGgo=".into(),
            scope: "本次表决".into(),
            expires_at: (by.now + Duration::days(3)).to_rfc3339(),
            signers: officers,
        },
    )
    .await
    .unwrap_or_else(|e| panic!("proxy: {}", e.message(yishi::lang::Lang::En)));
    let held = vote_entries(&db.ctx, ask(xiao)).await.expect("entries");
    assert_eq!(held.len(), 1);
    assert_eq!(
        (held[0].entry_id, held[0].how),
        (alone, VoteEntryHow::Proxy)
    );

    // 吴 votes for 2栋2505: that entry says voted, 605 does not.
    let shared = wu_entries
        .iter()
        .find(|e| e.entry_id != alone)
        .expect("2505");
    let ballot =
        common::signed_ballot_for(&db, &by, (c, v), wu, Some(shared.entry_id), &seed, "agree")
            .await;
    ops::signing::signature_submit(&db.ctx, &by, ballot)
        .await
        .expect("吴 votes for 2505");
    let after = vote_entries(&db.ctx, ask(wu)).await.expect("entries");
    let voted: Vec<(i64, bool)> = after.iter().map(|e| (e.entry_id, e.voted)).collect();
    assert!(
        voted.contains(&(shared.entry_id, true)) && voted.contains(&(alone, false)),
        "{voted:?}"
    );
}
