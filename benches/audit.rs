//! Audit benchmarks (prints figures; `cargo bench --bench audit`):
//! 1. `audit verify` of a database whose log has 100,000 events (`-- verify`): a 2,000-unit roll
//!    imported through the operations layer, an open vote, then many small changes each logged
//!    by its own event through the store's ordinary write path (phone numbers, offices given and
//!    taken back, paper ballots), 200 events per transaction so the build takes seconds, not an
//!    fsync per event. Every change goes through the row ledger like any other.
//! 2. What the ledger costs per write (`-- cast`): signed ballots filed one after another through
//!    `ops::signing::signature_submit`, with the ledger's triggers, then on a second vote with
//!    them dropped (the journal then stays empty: what remains is the ledger's three small
//!    queries per transaction).
//!
//! Set `YISHI_BENCH_EVENTS` for another log length.

use sha2::{Digest, Sha256};
use std::time::Instant;
use yishi::crypto::signing::{PublicKey, sign_with_seed};
use yishi::domain::vote::{BallotPolicy, Rule, VoteSettings};
use yishi::formats::signed::SignedFile;
use yishi::ops::keys::{IdCheck, KeyEnrolPublic, SignRequest, SignSubject, SignedFileSubmit};
use yishi::ops::types::{CommunityCreate, ImportCommit, ImportOptions, ImportRequest};
use yishi::ops::votes::{VoteCreate, VoteKind};
use yishi::ops::{self, Caller, Ctx};
use yishi::store::events::{NewEvent, append};

fn by(min: i64) -> Caller {
    Caller::new(
        "基准",
        chrono::DateTime::parse_from_rfc3339("2026-11-22T10:00:00Z")
            .expect("time")
            .with_timezone(&chrono::Utc)
            + chrono::Duration::minutes(min),
    )
}

fn settings() -> VoteSettings {
    VoteSettings {
        rule: Rule::OwnersOrdinary,
        scope: Default::default(),
        ballot_policy: BallotPolicy::FirstStands,
        conformity_clause: false,
        proxy_limit: None,
    }
}

/// A community with a 2,000-unit roll and `votes` open votes: (community, votes).
async fn community(ctx: &Ctx, votes: usize) -> (i64, Vec<i64>) {
    use base64::Engine;
    let spec = yishi::domain::demo::RosterSpec {
        buildings: 10,
        floors: 20,
        units_per_floor: 10,
        developer_unsold_building: false,
        shops: 0,
        parking: 0,
    };
    let csv = yishi::formats::export::roster_csv(&yishi::domain::demo::generate_roster(&spec));
    let c = ops::roll::community_create(
        ctx,
        &by(0),
        CommunityCreate {
            name: "基准小区".into(),
            address: String::new(),
            buildings: vec![],
            settings: Default::default(),
        },
    )
    .await
    .expect("community")
    .id;
    let request = ImportRequest {
        community_id: c,
        file_name: "bench.csv".into(),
        content_base64: base64::engine::general_purpose::STANDARD.encode(csv),
        options: ImportOptions {
            create_buildings: true,
        },
    };
    let preview = ops::roll::roll_import_preview(ctx, request.clone(), yishi::lang::Lang::Zh)
        .await
        .expect("preview");
    ops::roll::roll_import_commit(
        ctx,
        &by(0),
        ImportCommit {
            request,
            plan_digest: preview.plan_digest,
            job_id: None,
        },
        yishi::lang::Lang::Zh,
    )
    .await
    .expect("import");
    let create = VoteCreate {
        community_id: c,
        title: "续聘物业".into(),
        motion: "同意续聘".into(),
        category: yishi::domain::vote::MatterCategory::PropertyCompany,
        kind: VoteKind::Question,
        settings: settings(),
        opens_at: "2026-11-22T09:00:00Z".into(),
        closes_at: "2026-11-22T18:00:00Z".into(),
        objection_days: 0,
        agenda_item_id: None,
        matter_id: None,
    };
    let mut ids = Vec::new();
    for _ in 0..votes {
        let v = ops::votes::vote_create(ctx, &by(1), create.clone())
            .await
            .expect("vote")
            .vote_id;
        ops::votes::vote_open(ctx, &by(2), v).await.expect("open");
        ids.push(v);
    }
    (c, ids)
}

fn bench_verify() {
    let target: i64 = std::env::var("YISHI_BENCH_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let dir = tempfile::tempdir().expect("temp dir");
        let ctx = Ctx::open(&dir.path().join("bench.db")).await.expect("db");
        let (c, votes) = community(&ctx, 1).await;
        let vote = votes[0];
        let store = ctx.store().await;
        let roll: Vec<(i64, i64)> =
            sqlx::query_as("SELECT entry_id, voter_id FROM vote_roll WHERE vote_id = ?")
                .bind(vote)
                .fetch_all(store.reader())
                .await
                .expect("roll");
        let persons: Vec<i64> = sqlx::query_scalar("SELECT id FROM persons WHERE community_id = ?")
            .bind(c)
            .fetch_all(store.reader())
            .await
            .expect("persons");
        let t = Instant::now();
        let caller = by(5);
        let mut i: usize = 0;
        let mut ballots = 0;
        loop {
            let (seq, _) = yishi::store::events::head_of(store.reader())
                .await
                .expect("head");
            if seq >= target {
                break;
            }
            let mut tx = store.begin().await.expect("begin");
            for _ in 0..200.min(target - seq) {
                let p = persons[i % persons.len()];
                let (kind, payload) = match i % 3 {
                    0 => {
                        sqlx::query("UPDATE persons SET phone = ? WHERE id = ?")
                            .bind(format!("139{:08}", i))
                            .bind(p)
                            .execute(tx.conn())
                            .await
                            .expect("phone");
                        ("person.phone_changed", serde_json::json!({ "person_id": p }))
                    }
                    1 => {
                        // An office given, or taken back the next time round.
                        let gone = sqlx::query(
                            "DELETE FROM roles WHERE community_id = ? AND person_id = ? AND role = 'building_head'",
                        )
                        .bind(c)
                        .bind(p)
                        .execute(tx.conn())
                        .await
                        .expect("role")
                        .rows_affected();
                        if gone == 0 {
                            sqlx::query(
                                "INSERT INTO roles (community_id, person_id, role, building_id) VALUES (?, ?, 'building_head', NULL)",
                            )
                            .bind(c)
                            .bind(p)
                            .execute(tx.conn())
                            .await
                            .expect("role");
                        }
                        (
                            if gone == 0 { "role.assigned" } else { "role.removed" },
                            serde_json::json!({ "person_id": p, "role": "building_head" }),
                        )
                    }
                    _ => {
                        let (entry, voter) = roll[ballots % roll.len()];
                        ballots += 1;
                        sqlx::query(
                            "INSERT INTO ballots (vote_id, person_id, cast_by, channel, choice, scan_sha256, receipt, cast_at)
                             VALUES (?, ?, ?, 'paper', 'agree', ?, ?, '2026-11-22T10:05:00Z')",
                        )
                        .bind(vote)
                        .bind(entry)
                        .bind(voter)
                        .bind(hex::encode(Sha256::digest(format!("scan-{i}"))))
                        .bind(hex::encode(Sha256::digest(format!("receipt-{i}"))))
                        .execute(tx.conn())
                        .await
                        .expect("ballot");
                        ("ballot.cast", serde_json::json!({ "vote_id": vote, "entry_id": entry }))
                    }
                };
                append(
                    &mut tx,
                    NewEvent {
                        at: caller.now,
                        actor: &caller.actor,
                        community_id: Some(c),
                        kind,
                        payload,
                    },
                )
                .await
                .expect("event");
                i += 1;
            }
            tx.commit().await.expect("commit");
        }
        let built = t.elapsed().as_secs_f64();
        let (events, _) = yishi::store::events::head_of(store.reader())
            .await
            .expect("head");
        let history: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ledger_history")
            .fetch_one(store.reader())
            .await
            .expect("history");
        let size = std::fs::metadata(store.path()).map(|m| m.len()).unwrap_or(0);
        println!(
            "built a {events}-event log in {built:.1} s ({} changes, {history} ledger history rows, {:.1} MB)",
            i,
            size as f64 / 1e6
        );
        let mut times = Vec::new();
        for _ in 0..3 {
            let (t, cpu) = (Instant::now(), cpu_seconds());
            let report = ops::record::verify_store(&store, None, yishi::lang::Lang::En)
                .await
                .expect("verify");
            times.push((t.elapsed().as_secs_f64(), cpu_seconds() - cpu));
            assert!(report.ok, "{}", report.summary);
        }
        times.sort_by(|a, b| a.0.total_cmp(&b.0));
        println!(
            "audit verify of {events} events (chain, every registered row, history sets, schema): median {:.2} s wall, {:.2} s CPU; best {:.2} s wall",
            times[1].0, times[1].1, times[0].0
        );
    });
}

/// This process's CPU time so far (user + system), from /proc (0 elsewhere): unlike wall time,
/// not inflated by other work on a shared machine.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn seed(i: u64) -> [u8; 32] {
    Sha256::digest(format!("bench-voter-{i}")).into()
}

/// `n` paper ballots written through the store's write path, 200 events to a transaction (so
/// the fsync is shared and what is left is the work per write): ballots per second.
async fn fast_ballots(ctx: &Ctx, c: i64, vote: i64, n: usize) -> f64 {
    let store = ctx.store().await;
    let roll: Vec<(i64, i64)> =
        sqlx::query_as("SELECT entry_id, voter_id FROM vote_roll WHERE vote_id = ?")
            .bind(vote)
            .fetch_all(store.reader())
            .await
            .expect("roll");
    let (t, cpu) = (Instant::now(), cpu_seconds());
    let mut i = 0;
    while i < n {
        let mut tx = store.begin().await.expect("begin");
        for _ in 0..200.min(n - i) {
            let (entry, voter) = roll[i % roll.len()];
            sqlx::query(
                "INSERT INTO ballots (vote_id, person_id, cast_by, channel, choice, scan_sha256, receipt, cast_at)
                 VALUES (?, ?, ?, 'paper', 'agree', ?, ?, '2026-11-22T10:05:00Z')",
            )
            .bind(vote)
            .bind(entry)
            .bind(voter)
            .bind(hex::encode(Sha256::digest(format!("scan-{vote}-{i}"))))
            .bind(hex::encode(Sha256::digest(format!("receipt-{vote}-{i}"))))
            .execute(tx.conn())
            .await
            .expect("ballot");
            append(
                &mut tx,
                NewEvent {
                    at: by(12).now,
                    actor: "基准",
                    community_id: Some(c),
                    kind: "ballot.cast",
                    payload: serde_json::json!({ "vote_id": vote, "entry_id": entry }),
                },
            )
            .await
            .expect("event");
            i += 1;
        }
        tx.commit().await.expect("commit");
    }
    let (wall, cpu) = (t.elapsed().as_secs_f64(), cpu_seconds() - cpu);
    println!(
        "    {n} ballots: {wall:.2} s wall, {cpu:.2} s CPU ({:.3} ms CPU each)",
        cpu * 1e3 / n as f64
    );
    n as f64 / wall
}

fn bench_cast() {
    let n = 300;
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let dir = tempfile::tempdir().expect("temp dir");
        let ctx = Ctx::open(&dir.path().join("bench.db")).await.expect("db");
        let (c, votes) = community(&ctx, 2).await;
        let voters = ops::votes::build_record(&ctx, votes[0])
            .await
            .expect("record")
            .roll
            .entries;
        let mut files: Vec<Vec<SignedFileSubmit>> = vec![Vec::new(), Vec::new()];
        for (i, e) in voters.iter().take(n).enumerate() {
            // The person who signs for the roll entry.
            let person = e.voter_id.unwrap_or(e.person_id);
            let s = seed(i as u64 + 1);
            let public = PublicKey(
                ed25519_dalek::SigningKey::from_bytes(&s)
                    .verifying_key()
                    .to_bytes(),
            );
            ops::keys::key_enrol_public(
                &ctx,
                &by(3),
                KeyEnrolPublic {
                    community_id: c,
                    person_id: person,
                    public_key: ops::keys::possession_line_from_seed(&s, "基准小区", &e.name, 0),
                    checked_by: "基准".into(),
                    check: IdCheck::IdCard,
                    registrar: None,
                },
            )
            .await
            .expect("enrol");
            for (k, v) in votes.iter().enumerate() {
                let req = SignRequest {
                    community_id: c,
                    person_id: person,
                    subject: SignSubject::Ballot {
                        vote_id: *v,
                        choice: "agree".into(),
                        proxy_for: None,
                    },
                };
                let preview = ops::signing::sign_preview(
                    &ctx,
                    &by(10),
                    req.clone(),
                    yishi::lang::Lang::Zh,
                )
                .await
                .expect("preview");
                let (_, signature) = sign_with_seed(&s, &preview.document);
                files[k].push(SignedFileSubmit {
                    request: req,
                    file: SignedFile::new(preview.document, &public, signature),
                });
            }
        }
        let without = files.pop().expect("second vote");
        let with = files.pop().expect("first vote");
        let cast = |batch: Vec<SignedFileSubmit>| {
            let ctx = &ctx;
            async move {
                let t = Instant::now();
                let n = batch.len();
                for f in batch {
                    ops::signing::signature_submit(ctx, &by(11), f)
                        .await
                        .expect("ballot accepted");
                }
                n as f64 / t.elapsed().as_secs_f64()
            }
        };
        let rate_with = cast(with).await;
        let fast_with = fast_ballots(&ctx, c, votes[0], 20_000).await;
        {
            // The ledger's triggers dropped (only here, to measure): the journal stays empty.
            let store = ctx.store().await;
            let mut tx = store.begin().await.expect("begin");
            let names: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'ledger\\_%' ESCAPE '\\' AND name NOT LIKE 'ledger_history%'",
            )
            .fetch_all(tx.conn())
            .await
            .expect("triggers");
            for name in names {
                sqlx::query(&format!("DROP TRIGGER {name}"))
                    .execute(tx.conn())
                    .await
                    .expect("drop");
            }
            append(
                &mut tx,
                NewEvent {
                    at: by(10).now,
                    actor: "基准",
                    community_id: Some(c),
                    kind: "bench.ledger_off",
                    payload: serde_json::json!({}),
                },
            )
            .await
            .expect("event");
            tx.commit().await.expect("commit");
        }
        let rate_without = cast(without).await;
        let fast_without = fast_ballots(&ctx, c, votes[1], 20_000).await;
        println!(
            "signed ballots filed one after another (signature_submit, one commit and fsync each), {n} per run:"
        );
        println!("  with the row ledger:        {rate_with:7.0} ballots/s");
        println!("  ledger triggers dropped:    {rate_without:7.0} ballots/s");
        println!(
            "  difference per ballot:      {:+.2} ms (the fsync dominates: noise on a shared disk)",
            (1.0 / rate_with - 1.0 / rate_without) * 1e3,
        );
        println!("paper ballots with their events through the store, 200 to a commit, 20,000 per run:");
        println!("  with the row ledger:        {fast_with:7.0} ballots/s");
        println!("  ledger triggers dropped:    {fast_without:7.0} ballots/s");
        println!(
            "  ledger cost per ballot:     {:+.3} ms ({:.0}% fewer ballots/s)",
            (1.0 / fast_with - 1.0 / fast_without) * 1e3,
            (1.0 - fast_with / fast_without) * 100.0
        );
    });
}

/// `cargo bench --bench audit` runs both; `-- verify` or `-- cast` runs one.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let only = |what: &str| {
        !args.iter().any(|a| a == "verify" || a == "cast") || args.iter().any(|a| a == what)
    };
    if only("cast") {
        bench_cast();
    }
    if only("verify") {
        bench_verify();
    }
}
