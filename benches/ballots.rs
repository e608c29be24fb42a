//! Ballot benchmarks (prints figures; run with `cargo bench --bench ballots`):
//! 1. verifying a 10,000-ballot record (`formats::record::verify_record`: every check, each
//!    signature by ed25519-dalek's `verify_strict`, on all cores) next to raw `verify_strict` of
//!    the same signatures on all cores (the ceiling; docs/record-format.md "Verification speed");
//! 2. ballots cast through the operations layer into the durable store (signed with the
//!    members' own keys and filed with `signature_submit`; kiosk ballots add Argon2id's
//!    deliberate cost per PIN on top of this): one client casting in turn, then many clients
//!    at once as a kiosk/LAN server sees them (group commit).

use ed25519_dalek::{Signature, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};
use std::time::Instant;
use yishi::crypto::signing::{PublicKey, sign_with_seed};
use yishi::domain::area::Area;
use yishi::domain::vote::{BallotPolicy, Rule, VoteSettings};
use yishi::formats::record::{
    self, BallotFields, RecordBallot, RecordKey, RecordResult, RecordRoll, RecordVote,
    RollSnapshotEntry, VoteKind, VoteRecord,
};
use yishi::formats::signed::SignedFile;

fn seed(i: u64) -> [u8; 32] {
    Sha256::digest(format!("bench-voter-{i}")).into()
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

/// A closed vote with `n` signed ballots, built in memory.
fn record_with(n: u64) -> VoteRecord {
    let entries: Vec<RollSnapshotEntry> = (1..=n)
        .map(|i| RollSnapshotEntry {
            person_id: i as i64,
            name: format!("业主{i}"),
            units: vec![format!("{}栋 {}", i % 20 + 1, 100 + i)],
            area: Area(8000 + (i as i64 * 37) % 4000),
            voter_id: None,
            committed: None,
        })
        .collect();
    let vote = RecordVote {
        id: 1,
        title: "续聘物业".into(),
        motion: "同意续聘".into(),
        kind: VoteKind::Question,
        settings: settings(),
        opened_at: "2026-11-22T09:00:00Z".into(),
        closed_at: "2026-11-22T18:00:00Z".into(),
        opens_at: None,
        closes_at: None,
    };
    let hash = record::roll_hash(None, &entries);
    let mut keys = Vec::new();
    let mut ballots = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let s = seed(i as u64 + 1);
        let public = PublicKey(SigningKey::from_bytes(&s).verifying_key().to_bytes());
        keys.push(RecordKey {
            person_id: e.person_id,
            public_key: public.text(),
            ended_at: None,
        });
        let choice = ["agree", "agree", "oppose", "abstain"][i % 4];
        let doc = record::ballot_document(&BallotFields {
            community: "基准小区",
            vote: &vote,
            roll_hash: &hash,
            voter: e,
            cast_by_id: e.person_id,
            cast_by: &e.name,
            choice,
            public_key: &public,
            signed_at: "2026-11-22T10:00:00Z",
        });
        let (_, signature) = sign_with_seed(&s, &doc);
        ballots.push(RecordBallot {
            seq: i as u32 + 1,
            person_id: e.person_id,
            cast_by: e.person_id,
            channel: "file".into(),
            choice: choice.into(),
            receipt: doc.hash_hex(),
            signed: Some(SignedFile::new(doc, &public, signature)),
            scan_sha256: None,
            witnesses: Vec::new(),
            person_seq: None,
        });
    }
    let mut r = VoteRecord {
        checkpoint: None,
        event_proofs: Vec::new(),
        consistency: Vec::new(),
        served: Vec::new(),
        format: record::RECORD_FORMAT.into(),
        community: "基准小区".into(),
        vote,
        roll: RecordRoll {
            scope: None,
            hash,
            entries,
        },
        keys,
        proxies: Vec::new(),
        ballots,
        refused: Vec::new(),
        result: None,
        manifest: None,
    };
    let all: Vec<&RecordBallot> = r.ballots.iter().collect();
    let outcome = record::recount(&r, &all).expect("recount");
    let doc = record::result_document(&r.community, &r.vote, &r.roll.hash, &r.ballots, &outcome);
    let mut signatures = Vec::new();
    for (k, who) in [(n + 1, "主持人"), (n + 2, "记录员")] {
        let s = seed(k);
        let (public, sig) = sign_with_seed(&s, &doc);
        r.keys.push(RecordKey {
            person_id: k as i64,
            public_key: public.text(),
            ended_at: None,
        });
        signatures.push(SignedFile::new(doc.clone(), &public, sig));
        let _ = who;
    }
    r.result = Some(RecordResult {
        outcome,
        signatures,
    });
    r
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn bench_verify() {
    let n = 10_000;
    let r = record_with(n);
    let items: Vec<([u8; 32], Vec<u8>, Signature)> = r
        .ballots
        .iter()
        .filter_map(|b| b.signed.as_ref())
        .map(|s| {
            let key = PublicKey::parse(&s.public_key).expect("key");
            let sig: [u8; 64] = hex::decode(&s.signature)
                .expect("hex")
                .try_into()
                .expect("64 bytes");
            (key.0, s.document.bytes(), Signature::from_bytes(&sig))
        })
        .collect();
    let decoded: Vec<VerifyingKey> = items
        .iter()
        .map(|(k, _, _)| VerifyingKey::from_bytes(k).expect("point"))
        .collect();
    let runs = 9;
    let threads = std::thread::available_parallelism()
        .map(|x| x.get())
        .unwrap_or(1);
    let json = serde_json::to_vec(&r).expect("record json");
    let chunk = items.len().div_ceil(threads);
    // The ceiling: ed25519-dalek's verify_strict over the same signatures, split evenly over all
    // cores; `decode` also decompresses each key from the record's bytes, as any verifier must.
    let raw_strict = |decode: bool| {
        std::thread::scope(|s| {
            for (c, keys) in items.chunks(chunk).zip(decoded.chunks(chunk)) {
                s.spawn(move || {
                    for ((bytes, m, sig), k) in c.iter().zip(keys) {
                        let key = if decode {
                            VerifyingKey::from_bytes(bytes).expect("point")
                        } else {
                            *k
                        };
                        key.verify_strict(m, sig).expect("verifies");
                    }
                });
            }
        });
        true
    };
    // (wall seconds, CPU seconds of all threads)
    let timed = |f: &dyn Fn() -> bool| {
        let (t, cpu) = (Instant::now(), cpu_seconds());
        assert!(f(), "the benchmark record verifies");
        (t.elapsed().as_secs_f64(), cpu_seconds() - cpu)
    };
    let ok = |v: record::RecordVerdict| v.discrepancies.is_empty();
    let mut m: [Vec<(f64, f64)>; 4] = Default::default();
    for run in 0..runs {
        // Alternate the order so that a drift of the machine's speed favours neither.
        let mut steps = vec![0, 1, 2, 3];
        if run % 2 == 1 {
            steps.reverse();
        }
        for step in steps {
            m[step].push(match step {
                0 => timed(&|| ok(record::verify_record(&r))),
                1 => timed(&|| {
                    let read: VoteRecord = serde_json::from_slice(&json).expect("record parses");
                    ok(record::verify_record(&read))
                }),
                2 => timed(&|| raw_strict(false)),
                _ => timed(&|| raw_strict(true)),
            });
        }
    }
    let wall = |i: usize| m[i].iter().map(|x| x.0).collect::<Vec<f64>>();
    let cpu = |i: usize| m[i].iter().map(|x| x.1).collect::<Vec<f64>>();
    // Ratios per run (measured back to back), then their median and range: steadier than the
    // ratio of medians when the machine's speed drifts.
    let ratio = |num: &[f64], den: &[f64]| {
        let mut v: Vec<f64> = num.iter().zip(den).map(|(x, y)| x / y).collect();
        v.sort_by(|x, y| x.total_cmp(y));
        (median(v.clone()), v[0], v[v.len() - 1])
    };
    let line = |what: &str, i: usize, unit: &str| {
        let v = wall(i);
        let md = median(v.clone());
        let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = v.iter().copied().fold(0.0, f64::max);
        println!(
            "  {what:<58} {:7.1} ms ({:.0}-{:.0})  {:6.0} {unit}/s  CPU {:.1} us/sig",
            md * 1e3,
            lo * 1e3,
            hi * 1e3,
            n as f64 / md,
            median(cpu(i)) * 1e6 / n as f64
        )
    };
    println!(
        "verify a {n}-ballot record (median of {runs} runs, min-max in brackets, {threads} cores):"
    );
    line(
        "yishi verify_record (every check, verify_strict)",
        0,
        "ballots",
    );
    line("yishi parse the JSON record + verify_record", 1, "ballots");
    line("raw verify_strict, keys decoded beforehand", 2, "sig");
    line(
        "raw verify_strict, each key decoded from its bytes",
        3,
        "sig",
    );
    let show = |what: &str, (md, lo, hi): (f64, f64, f64), target: &str| {
        println!(
            "  {what:<58} {:5.0}% (per-run {:.0}-{:.0}%){target}",
            md * 100.0,
            lo * 100.0,
            hi * 100.0
        )
    };
    show(
        "throughput vs raw, keys decoded from their bytes:",
        ratio(&wall(3), &wall(0)),
        "  target >= 80%",
    );
    show(
        "throughput vs raw, keys decoded beforehand:",
        ratio(&wall(2), &wall(0)),
        "",
    );
    show(
        "CPU per signature, raw (decoding) / verify_record:",
        ratio(&cpu(3), &cpu(0)),
        "",
    );
}

/// CPU seconds this process has used (user + system), from /proc; 0 where there is none.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which is in parentheses): utime and stime are 14 and 15.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn bench_cast() {
    use yishi::ops::keys::{IdCheck, KeyEnrolPublic, SignRequest, SignSubject, SignedFileSubmit};
    use yishi::ops::types::{CommunityCreate, ImportCommit, ImportOptions, ImportRequest};
    use yishi::ops::votes::VoteCreate;
    use yishi::ops::{self, Caller, Ctx};
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let dir = tempfile::tempdir().expect("temp dir");
        let ctx = Ctx::open(&dir.path().join("bench.db")).await.expect("db");
        let by = |min: i64| Caller::new("基准", chrono::DateTime::parse_from_rfc3339("2026-11-22T10:00:00Z").expect("time").with_timezone(&chrono::Utc) + chrono::Duration::minutes(min));
        let spec = yishi::domain::demo::RosterSpec { buildings: 10, floors: 20, units_per_floor: 10, developer_unsold_building: false, shops: 0, parking: 0 };
        let csv = yishi::formats::export::roster_csv(&yishi::domain::demo::generate_roster(&spec));
        let c = ops::roll::community_create(&ctx, &by(0), CommunityCreate { name: "基准小区".into(), address: String::new(), buildings: vec![], settings: Default::default() }).await.expect("community").id;
        use base64::Engine;
        let request = ImportRequest { community_id: c, file_name: "bench.csv".into(), content_base64: base64::engine::general_purpose::STANDARD.encode(csv), options: ImportOptions { create_buildings: true } };
        let preview = ops::roll::roll_import_preview(&ctx, request.clone(), yishi::lang::Lang::Zh).await.expect("preview");
        ops::roll::roll_import_commit(&ctx, &by(0), ImportCommit { request, plan_digest: preview.plan_digest, job_id: None }, yishi::lang::Lang::Zh).await.expect("import");
        let create = VoteCreate { community_id: c, title: "续聘物业".into(), motion: "同意续聘".into(), category: yishi::domain::vote::MatterCategory::PropertyCompany, kind: VoteKind::Question, settings: settings(), opens_at: "2026-11-22T09:00:00Z".into(), closes_at: "2026-11-22T18:00:00Z".into(), objection_days: 0, agenda_item_id: None, matter_id: None };
        let mut votes = Vec::new();
        for _ in 0..2 {
            let v = ops::votes::vote_create(&ctx, &by(1), create.clone()).await.expect("vote").vote_id;
            ops::votes::vote_open(&ctx, &by(2), v).await.expect("open");
            votes.push(v);
        }
        let voters = ops::votes::build_record(&ctx, votes[0]).await.expect("record").roll.entries;
        let mut files: Vec<Vec<SignedFileSubmit>> = vec![Vec::new(), Vec::new()];
        for (i, e) in voters.iter().enumerate() {
            let s = seed(i as u64 + 1);
            let public = PublicKey(SigningKey::from_bytes(&s).verifying_key().to_bytes());
            ops::keys::key_enrol_public(&ctx, &by(3), KeyEnrolPublic { community_id: c, person_id: e.person_id, public_key: ops::keys::possession_line_from_seed(&s, "基准小区", &e.name, 0), checked_by: "基准".into(), check: IdCheck::IdCard, registrar: None }).await.expect("enrol");
            for (k, v) in votes.iter().enumerate() {
                let req = SignRequest { community_id: c, person_id: e.person_id, subject: SignSubject::Ballot { vote_id: *v, choice: "agree".into(), proxy_for: None } };
                let preview = ops::signing::sign_preview(&ctx, &by(10), req.clone(), yishi::lang::Lang::Zh).await.expect("preview");
                let (_, signature) = sign_with_seed(&s, &preview.document);
                files[k].push(SignedFileSubmit { request: req, file: SignedFile::new(preview.document, &public, signature) });
            }
        }
        let ctx = std::sync::Arc::new(ctx);
        let concurrent = files.pop().expect("second vote");
        let one_by_one: Vec<SignedFileSubmit> = files.pop().expect("first vote").into_iter().take(500).collect();

        // A single client, one ballot after another: every ballot is its own commit and fsync.
        let n = one_by_one.len();
        let t = Instant::now();
        for f in one_by_one {
            ops::signing::signature_submit(&ctx, &by(11), f).await.expect("ballot accepted");
        }
        let took = t.elapsed().as_secs_f64();
        println!("cast signed ballots through ops::signing::signature_submit into SQLite (WAL, synchronous=FULL), file-signed, {} worker threads:", std::thread::available_parallelism().map(|x| x.get()).unwrap_or(1));
        println!("  one client, {n} ballots in turn:        {:8.1} ms  {:6.0} ballots/s  (one commit and fsync each)", took * 1e3, n as f64 / took);

        // Many clients at once (kiosks and phones on the LAN server): concurrent ballots share
        // commits (group commit, store/writer.rs).
        let n = concurrent.len();
        let clients = 64;
        let mut queues: Vec<Vec<SignedFileSubmit>> = (0..clients).map(|_| Vec::new()).collect();
        for (i, f) in concurrent.into_iter().enumerate() {
            queues[i % clients].push(f);
        }
        let (commits0, pieces0) = ctx.store().await.group_commits();
        let t = Instant::now();
        let tasks: Vec<_> = queues
            .into_iter()
            .map(|q| {
                let ctx = ctx.clone();
                tokio::spawn(async move {
                    for f in q {
                        ops::signing::signature_submit(&ctx, &by(11), f).await.expect("ballot accepted");
                    }
                })
            })
            .collect();
        for task in tasks {
            task.await.expect("client task");
        }
        let took = t.elapsed().as_secs_f64();
        let (commits, pieces) = ctx.store().await.group_commits();
        let (commits, pieces) = (commits - commits0, pieces - pieces0);
        println!("  {clients} clients at once, {n} ballots:   {:8.1} ms  {:6.0} ballots/s  (target >= 500/s)", took * 1e3, n as f64 / took);
        println!("  group commit: {commits} commits held the {pieces} ballots, {:.1} per commit", pieces as f64 / commits.max(1) as f64);
        let record = ops::votes::build_record(&ctx, votes[1]).await.expect("record");
        assert_eq!(record.ballots.len(), n, "every ballot is in the record");
        assert!(ops::record::audit_verify(&ctx, None, yishi::lang::Lang::En).await.expect("audit").ok, "the log verifies");
    });
}

/// `cargo bench --bench ballots` runs both; `-- verify` or `-- cast` runs one.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let only = |what: &str| {
        !args.iter().any(|a| a == "verify" || a == "cast") || args.iter().any(|a| a == what)
    };
    if only("verify") {
        bench_verify();
    }
    if only("cast") {
        bench_cast();
    }
}
