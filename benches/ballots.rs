//! Ballot benchmarks (prints figures; run with `cargo bench --bench ballots`):
//! 1. verifying a 10,000-ballot v2 record with its manifest, the officers' role certificates,
//!    an enrolment certificate per voter's key and the result (`formats::record::verify_record`:
//!    every check, each signature by ed25519-dalek's `verify_strict`, on all cores) next to raw
//!    `verify_strict` of every signature it checks (manifest, certificates, ballots, result) on
//!    all cores in the same run (the ceiling; docs/perf.md, docs/record-format.md "Verification
//!    speed");
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

const COMMUNITY: &str = "基准小区";

fn public(seed: &[u8; 32]) -> PublicKey {
    PublicKey(SigningKey::from_bytes(seed).verifying_key().to_bytes())
}

/// A closed v2 vote with `n` signed ballots, built in memory as the app exports one: a roll of
/// `n` entries with salted name commitments (roll v3), a manifest signed by the community's
/// root listing the entries, the officers (host, secretary, scrutineer, registrar) and the keys
/// valid at opening; role certificates for the officers (by the root); an enrolment certificate
/// for every voter's key by the registrar (nine in ten issued before opening and listed in the
/// manifest with their hash, one in ten issued during the vote and vouched for by the
/// certificate alone); `n` ballots v3 and the result v2 signed by three officers.
fn record_v2_with(n: u64) -> VoteRecord {
    use yishi::crypto::certs::{EnrolmentCert, RoleCert};
    use yishi::formats::manifest::{
        self, ManifestEntry, ManifestFields, ManifestKey, ManifestOfficer, RecordManifest,
    };
    use yishi::formats::record::{
        Binding, NameCommitment, RecordCert, RecordManifestPart, RecordRoot,
    };
    let root_seed: [u8; 32] = Sha256::digest("bench-root").into();
    let root = public(&root_seed);
    let entries: Vec<RollSnapshotEntry> = (1..=n)
        .map(|i| {
            let name = format!("业主{i}");
            let salt = hex::encode(&Sha256::digest(format!("salt-{i}"))[..16]);
            RollSnapshotEntry {
                person_id: i as i64,
                committed: Some(NameCommitment {
                    commitment: record::name_commitment(&salt, &name),
                    salt: Some(salt),
                }),
                name,
                units: vec![format!("{}栋 {}", i % 20 + 1, 100 + i)],
                area: Area(8000 + (i as i64 * 37) % 4000),
                voter_id: Some(i as i64),
            }
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
        opens_at: Some("2026-11-22T09:00:00Z".into()),
        closes_at: Some("2026-11-22T18:00:00Z".into()),
    };
    let hash = record::roll_hash(None, &entries);
    let officer_roles = ["host", "secretary", "scrutineer", "registrar"];
    let officer_seed =
        |i: usize| -> [u8; 32] { Sha256::digest(format!("bench-officer-{i}")).into() };
    let officer_id = |i: usize| 900_000 + i as i64;
    let registrar_seed = officer_seed(3);
    let mut keys = Vec::new();
    let mut certificates = Vec::new();
    for (i, role) in officer_roles.iter().enumerate() {
        let key = public(&officer_seed(i));
        keys.push(RecordKey {
            person_id: officer_id(i),
            public_key: key.text(),
            ended_at: None,
        });
        let doc = RoleCert {
            community: COMMUNITY.into(),
            root,
            person_id: officer_id(i),
            holder: format!("职员{i}"),
            role: (*role).into(),
            building: String::new(),
            public_key: key,
            valid_from: "2026-11-01T00:00:00Z".into(),
            valid_until: String::new(),
            issued_at: "2026-11-01T00:00:00Z".into(),
        }
        .document();
        let (_, sig) = sign_with_seed(&root_seed, &doc);
        certificates.push(RecordCert {
            kind: "role".into(),
            signed: SignedFile::new(doc, &root, sig),
        });
    }
    let listed_until = n - n / 10;
    let mut manifest_entries = Vec::new();
    for e in &entries {
        let s = seed(e.person_id as u64);
        let key = public(&s);
        keys.push(RecordKey {
            person_id: e.person_id,
            public_key: key.text(),
            ended_at: None,
        });
        let listed = (e.person_id as u64) <= listed_until;
        let issued: String = if listed {
            "2026-11-20T10:00:00Z".into()
        } else {
            "2026-11-22T09:30:00Z".into()
        };
        let doc = EnrolmentCert {
            community: COMMUNITY.into(),
            root,
            person_id: e.person_id,
            holder: e.name.clone(),
            units: e.units.join("、"),
            public_key: key,
            check_method: "id_card".into(),
            // As the app writes them: valid from the moment of issue, no end.
            valid_from: issued.clone(),
            valid_until: String::new(),
            registrar_id: officer_id(3),
            registrar: "职员3".into(),
            issued_at: issued,
        }
        .document();
        let (registrar, sig) = sign_with_seed(&registrar_seed, &doc);
        manifest_entries.push(ManifestEntry {
            entry_id: e.person_id,
            units: e.units.clone(),
            area: e.area,
            voter_id: e.voter(),
            keys: if listed {
                vec![ManifestKey {
                    public_key: key.hex(),
                    cert: doc.hash_hex(),
                }]
            } else {
                Vec::new()
            },
        });
        certificates.push(RecordCert {
            kind: "enrolment".into(),
            signed: SignedFile::new(doc, &registrar, sig),
        });
    }
    let officers: Vec<ManifestOfficer> = officer_roles
        .iter()
        .enumerate()
        .map(|(i, role)| ManifestOfficer {
            role: (*role).into(),
            person_id: officer_id(i),
            public_key: public(&officer_seed(i)).hex(),
        })
        .collect();
    let doc = manifest::manifest_document(&ManifestFields {
        community: COMMUNITY,
        root: &root,
        vote: &vote,
        scope: None,
        roll_hash: &hash,
        entries: &manifest_entries,
        others: &[],
        officers: &officers,
    });
    let (_, sig) = sign_with_seed(&root_seed, &doc);
    let manifest = RecordManifest {
        signed: SignedFile::new(doc, &root, sig),
        entries: manifest_entries,
        others: Vec::new(),
        officers,
    };
    let manifest_hash = manifest.hash();
    let mut ballots = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let s = seed(e.person_id as u64);
        let key = public(&s);
        let choice = ["agree", "agree", "oppose", "abstain"][i % 4];
        let doc = record::ballot_document_v3(
            &BallotFields {
                community: COMMUNITY,
                vote: &vote,
                roll_hash: &hash,
                voter: e,
                cast_by_id: e.voter(),
                cast_by: "",
                choice,
                public_key: &key,
                signed_at: "2026-11-22T10:00:00Z",
            },
            Binding {
                manifest_hash: &manifest_hash,
                person_seq: 1,
            },
        );
        let (_, signature) = sign_with_seed(&s, &doc);
        ballots.push(RecordBallot {
            seq: i as u32 + 1,
            person_id: e.person_id,
            cast_by: e.voter(),
            channel: "file".into(),
            choice: choice.into(),
            receipt: doc.hash_hex(),
            signed: Some(SignedFile::new(doc, &key, signature)),
            scan_sha256: None,
            witnesses: Vec::new(),
            person_seq: Some(1),
        });
    }
    let mut r = VoteRecord {
        checkpoint: None,
        event_proofs: Vec::new(),
        consistency: Vec::new(),
        served: Vec::new(),
        format: record::RECORD_FORMAT_V2.into(),
        community: COMMUNITY.into(),
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
        manifest: Some(RecordManifestPart {
            manifest,
            root: RecordRoot {
                public_key: root.text(),
                generation: 1,
                handovers: Vec::new(),
            },
            certificates,
        }),
    };
    let all: Vec<&RecordBallot> = r.ballots.iter().collect();
    let outcome = record::recount(&r, &all).expect("recount");
    let doc = record::result_document_for(&r, &outcome);
    let signatures = (0..3)
        .map(|i| {
            let (key, sig) = sign_with_seed(&officer_seed(i), &doc);
            SignedFile::new(doc.clone(), &key, sig)
        })
        .collect();
    r.result = Some(RecordResult {
        outcome,
        signatures,
    });
    r
}

/// Every signed file a v2 record's verification checks: the manifest, the certificates, the
/// ballots and the result's signatures.
fn signed_files(r: &VoteRecord) -> Vec<&SignedFile> {
    let m = r.manifest.as_ref().expect("a v2 record");
    std::iter::once(&m.manifest.signed)
        .chain(m.certificates.iter().map(|c| &c.signed))
        .chain(r.ballots.iter().filter_map(|b| b.signed.as_ref()))
        .chain(r.result.iter().flat_map(|x| x.signatures.iter()))
        .collect()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn bench_verify() {
    let n = 10_000;
    let t = Instant::now();
    let r = record_v2_with(n);
    let built = t.elapsed().as_secs_f64();
    let part = r.manifest.as_ref().expect("v2");
    let v = record::verify_record(&r);
    assert!(
        v.discrepancies.is_empty(),
        "{:?}",
        &v.discrepancies[..v.discrepancies.len().min(5)]
    );
    let items: Vec<([u8; 32], Vec<u8>, Signature)> = signed_files(&r)
        .into_iter()
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
    let sigs = items.len();
    let line = |what: &str, i: usize, unit: &str| {
        let count = if unit == "sig" { sigs } else { n as usize } as f64;
        let v = wall(i);
        let md = median(v.clone());
        let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = v.iter().copied().fold(0.0, f64::max);
        println!(
            "  {what:<58} {:7.1} ms ({:.0}-{:.0})  {:6.0} {unit}/s  CPU {:.1} us/{unit}",
            md * 1e3,
            lo * 1e3,
            hi * 1e3,
            count / md,
            median(cpu(i)) * 1e6 / count
        )
    };
    println!(
        "verify a {n}-ballot v2 record: manifest, {} certificates ({} role), {} result signatures; {sigs} signatures in all (built in {:.1} s; median of {runs} runs, min-max in brackets, {threads} cores):",
        part.certificates.len(),
        part.certificates
            .iter()
            .filter(|c| c.kind == "role")
            .count(),
        r.result.as_ref().map_or(0, |x| x.signatures.len()),
        built
    );
    line(
        "yishi verify_record (every check, verify_strict)",
        0,
        "ballots",
    );
    line("yishi parse the JSON record + verify_record", 1, "ballots");
    line(
        "raw verify_strict of those signatures, keys decoded before",
        2,
        "sig",
    );
    line(
        "raw verify_strict of those signatures, keys decoded",
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
        "CPU, raw (decoding) / verify_record:",
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
