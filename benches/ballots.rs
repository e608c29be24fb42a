//! Ballot benchmarks (prints figures; run with `cargo bench --bench ballots`):
//! 1. verifying a 10,000-ballot record (`formats::record::verify_record`, signatures checked
//!    strictly in batches with the record's eighths, docs/signing.md §8.3) next to raw
//!    ed25519-dalek verification of the same signatures (batch, and strict one by one);
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
            eighth: None,
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
            r_eighth: None,
        });
    }
    let mut r = VoteRecord {
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
            eighth: None,
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
    // As `ops::votes::vote_record` exports it: with the eighths (docs/signing.md §8.3).
    let plain = record_with(n);
    let mut r = plain.clone();
    let t = Instant::now();
    record::add_eighths(&mut r);
    let eighths = t.elapsed().as_secs_f64();
    let items: Vec<(VerifyingKey, Vec<u8>, Signature)> = r
        .ballots
        .iter()
        .filter_map(|b| b.signed.as_ref())
        .map(|s| {
            let key = PublicKey::parse(&s.public_key).expect("key");
            let sig: [u8; 64] = hex::decode(&s.signature)
                .expect("hex")
                .try_into()
                .expect("64 bytes");
            (
                VerifyingKey::from_bytes(&key.0).expect("point"),
                s.document.bytes(),
                Signature::from_bytes(&sig),
            )
        })
        .collect();
    let runs = 9;
    let threads = std::thread::available_parallelism()
        .map(|x| x.get())
        .unwrap_or(1);
    let json = serde_json::to_vec(&r).expect("record json");
    let (mut ours, mut ours_cpu, mut parsed, mut one_by_one) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut batch, mut batch_decoding, mut batch_all, mut strict_all) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let key_bytes: Vec<[u8; 32]> = items.iter().map(|(k, _, _)| k.to_bytes()).collect();
    for _ in 0..runs {
        let (t, cpu) = (Instant::now(), cpu_seconds());
        let verdict = record::verify_record(&r);
        ours.push(t.elapsed().as_secs_f64());
        ours_cpu.push(cpu_seconds() - cpu);
        assert!(
            verdict.discrepancies.is_empty(),
            "the benchmark record verifies"
        );
        let t = Instant::now();
        let read: VoteRecord = serde_json::from_slice(&json).expect("record parses");
        assert!(record::verify_record(&read).discrepancies.is_empty());
        parsed.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        assert!(record::verify_record(&plain).discrepancies.is_empty());
        one_by_one.push(t.elapsed().as_secs_f64());
        let msgs: Vec<&[u8]> = items.iter().map(|(_, m, _)| m.as_slice()).collect();
        let sigs: Vec<Signature> = items.iter().map(|(_, _, s)| *s).collect();
        let keys: Vec<VerifyingKey> = items.iter().map(|(k, _, _)| *k).collect();
        let t = Instant::now();
        ed25519_dalek::verify_batch(&msgs, &sigs, &keys).expect("batch verifies");
        batch.push(t.elapsed().as_secs_f64());
        // The same, starting from the bytes the record holds, as a verifier must: each key
        // decoded (a point decompression) before the batch.
        let t = Instant::now();
        let decoded: Vec<VerifyingKey> = key_bytes
            .iter()
            .map(|k| VerifyingKey::from_bytes(k).expect("point"))
            .collect();
        ed25519_dalek::verify_batch(&msgs, &sigs, &decoded).expect("batch verifies");
        batch_decoding.push(t.elapsed().as_secs_f64());
        let chunk = items.len().div_ceil(threads);
        let t = Instant::now();
        std::thread::scope(|s| {
            for c in 0..threads {
                let range = (c * chunk).min(items.len())..((c + 1) * chunk).min(items.len());
                let (m, g, k) = (&msgs[range.clone()], &sigs[range.clone()], &keys[range]);
                s.spawn(move || ed25519_dalek::verify_batch(m, g, k).expect("batch verifies"));
            }
        });
        batch_all.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        std::thread::scope(|s| {
            for c in items.chunks(chunk) {
                s.spawn(move || {
                    for (k, m, sig) in c {
                        k.verify_strict(m, sig).expect("verifies");
                    }
                });
            }
        });
        strict_all.push(t.elapsed().as_secs_f64());
    }
    let (ours_runs, batch_runs, decoding_runs) =
        (ours.clone(), batch.clone(), batch_decoding.clone());
    let ratio =
        |raw: &[f64], us: &[f64]| median(raw.iter().zip(us).map(|(r, u)| r / u * 100.0).collect());
    let (o, o_cpu, p, obo) = (
        median(ours),
        median(ours_cpu),
        median(parsed),
        median(one_by_one),
    );
    let (b, bd, ba, sa) = (
        median(batch),
        median(batch_decoding),
        median(batch_all),
        median(strict_all),
    );
    let line = |what: &str, secs: f64, unit: &str| {
        println!(
            "  {what:<62} {:8.1} ms  {:9.0} {unit}/s",
            secs * 1e3,
            n as f64 / secs
        )
    };
    println!("verify a {n}-ballot record (median of {runs}, {threads} cores):");
    line(
        &format!("yishi verify_record (all checks, strict, batched, {threads} threads)"),
        o,
        "ballots",
    );
    println!(
        "  {:<62} {:8.1} ms  ({:.1} µs per ballot)",
        "  of which CPU time, all threads",
        o_cpu * 1e3,
        o_cpu * 1e6 / n as f64
    );
    line("yishi parse the JSON record + verify_record", p, "ballots");
    line(
        "yishi verify_record without eighths (strict one by one)",
        obo,
        "ballots",
    );
    line(
        "yishi add_eighths (once, when the record is exported)",
        eighths,
        "ballots",
    );
    line("raw ed25519-dalek verify_batch (one thread)", b, "sig");
    line(
        "raw ed25519-dalek verify_batch, keys decoded first (one thread)",
        bd,
        "sig",
    );
    line(
        &format!("raw ed25519-dalek verify_batch ({threads} threads)"),
        ba,
        "sig",
    );
    line(
        &format!("raw ed25519-dalek verify_strict one by one ({threads} threads)"),
        sa,
        "sig",
    );
    // Ratios per run (ours and raw measured back to back), then their median: steadier than
    // the ratio of medians when the machine's speed drifts.
    println!(
        "  throughput vs raw batch, one thread: {:.0}% (target >= 70%; median of per-run ratios)",
        ratio(&batch_runs, &ours_runs)
    );
    println!(
        "  throughput vs raw batch with the keys decoded, one thread: {:.0}% (median of per-run ratios)",
        ratio(&decoding_runs, &ours_runs)
    );
    println!(
        "  throughput vs raw batch on all {threads} cores: {:.0}%",
        ba / o * 100.0
    );
    println!(
        "  throughput vs raw strict one-by-one on all {threads} cores: {:.0}%",
        sa / o * 100.0
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
