//! A record checked against what was posted when the vote opened (issue 14). A forger who
//! replaces 400 ballots and the result with ones signed by freshly made keys, and re-signs
//! everything they can without the community's root or a registrar's key, is refused once the
//! verifier is given the posted manifest hash or root fingerprint; without one, verify passes
//! only with the "internal consistency only" warning. A replayed earlier ballot is refused
//! live; duplicated, dropped and reordered ballots are each named.

use crate::common;

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use common::{at, fresh};
use std::process::Command;
use yishi::crypto::signing::{PublicKey, sign_with_seed};
use yishi::domain::vote::{BallotPolicy, MatterCategory, Rule, VoteSettings};
use yishi::formats::manifest::{self, ManifestFields, ManifestKey, ManifestOfficer};
use yishi::formats::record::{
    self, BallotFields, Binding, RecordBallot, RecordKey, RecordResult, VoteRecord, verify_record,
};
use yishi::formats::signed::SignedFile;
use yishi::lang::Lang;
use yishi::ops::keys::*;
use yishi::ops::types::Role;
use yishi::ops::votes::*;
use yishi::ops::{self, Caller, OpError, VoteProblem};

pub(crate) const PIN: &str = "482913";

pub(crate) fn by(hour: u32, min: i64) -> Caller {
    Caller::new("测试主持人", at(22, hour) + Duration::minutes(min))
}

pub(crate) struct Setup {
    pub(crate) db: common::TestDb,
    pub(crate) c: i64,
    pub(crate) v: i64,
    /// Host, secretary, scrutineer: (person, kiosk key).
    pub(crate) officers: [(i64, i64); 3],
    /// Owners with their own keys (seeds), for file ballots.
    pub(crate) owners: Vec<(i64, [u8; 32])>,
}

pub(crate) async fn enrol(db: &common::TestDb, c: i64, person_id: i64) -> i64 {
    let input = KeyEnrol {
        community_id: c,
        person_id,
        pin: PIN.into(),
        checked_by: "记录员".into(),
        check: IdCheck::IdCard,
        registrar: None,
    };
    ops::keys::key_enrol(&db.ctx, &by(9, 0), input)
        .await
        .expect("enrol")
        .key_id
}

/// The demo community, three officers with keys, three owners with their own keys, and a
/// last-ballot-stands vote open from 09:30 to 18:00.
pub(crate) async fn setup() -> Setup {
    let s = setup_community().await;
    open_vote(s).await
}

/// The community, officers and owners of [`setup`], before the vote is created (`v` is 0).
pub(crate) async fn setup_community() -> Setup {
    let db = fresh().await;
    let c = common::demo_without_keys(&db.ctx, &by(8, 0))
        .await
        .expect("demo")
        .id;
    let roles = ops::access::role_list(&db.ctx, c).await.expect("roles");
    let find = |r: Role| roles.iter().find(|x| x.role == r).expect("role").person_id;
    let mut officers = [(0, 0); 3];
    for (i, role) in [Role::Host, Role::Secretary, Role::Scrutineer]
        .into_iter()
        .enumerate()
    {
        let p = find(role);
        officers[i] = (p, enrol(&db, c, p).await);
    }
    let staff: Vec<i64> = roles.iter().map(|r| r.person_id).collect();
    let mut owners = Vec::new();
    for label in ["1栋 301", "2栋 501", "3栋 1201"] {
        let p = ops::roll::person_search(
            &db.ctx,
            ops::types::PersonQuery {
                community_id: c,
                search: label.into(),
            },
        )
        .await
        .expect("search")[0]
            .person
            .person_id;
        assert!(!staff.contains(&p), "{label} holds no office");
        let seed = [owners.len() as u8 + 40; 32];
        common::enrol_seed(&db, &by(9, 1), c, p, &seed).await;
        owners.push((p, seed));
    }
    Setup {
        db,
        c,
        v: 0,
        officers,
        owners,
    }
}

/// Creates and opens [`setup`]'s vote at 09:30.
pub(crate) async fn open_vote(s: Setup) -> Setup {
    let Setup {
        db,
        c,
        officers,
        owners,
        ..
    } = s;
    let create = VoteCreate {
        community_id: c,
        title: "更换电梯".into(),
        motion: "同意使用维修资金更换 3 栋电梯".into(),
        category: MatterCategory::PropertyCompany,
        kind: VoteKind::Question,
        settings: VoteSettings {
            rule: Rule::OwnersOrdinary,
            scope: Default::default(),
            ballot_policy: BallotPolicy::LastStands,
            conformity_clause: false,
            proxy_limit: Some(3),
        },
        opens_at: "2026-11-22T09:30:00Z".into(),
        closes_at: "2026-11-22T18:00:00Z".into(),
        objection_days: 0,
        agenda_item_id: None,
        matter_id: None,
    };
    let v = ops::votes::vote_create(&db.ctx, &by(9, 20), create)
        .await
        .expect("create")
        .vote_id;
    let opened = ops::votes::vote_open(&db.ctx, &by(9, 30), v)
        .await
        .expect("open");
    let short = opened
        .manifest_short
        .expect("the manifest's short form is published");
    assert_eq!(short.len(), 39, "8 groups of 4 hex digits: {short}");
    Setup {
        db,
        c,
        v,
        officers,
        owners,
    }
}

pub(crate) async fn file_ballot(
    s: &Setup,
    owner: usize,
    choice: &str,
    when: Caller,
) -> SignedFileSubmit {
    let (p, seed) = s.owners[owner];
    common::signed_ballot(&s.db, &when, (s.c, s.v), p, &seed, choice).await
}

pub(crate) async fn close(s: &Setup) {
    let approval = |i: usize| HostApproval {
        host_key_id: s.officers[i].1,
        host_pin: PIN.into(),
    };
    let close = VoteClose {
        vote_id: s.v,
        host: approval(0),
        secretary: approval(1),
        officer: None,
    };
    let err = ops::votes::vote_close(&s.db.ctx, &by(18, 5), close, Lang::En)
        .await
        .expect_err("a vote opened with a manifest needs a third officer");
    assert!(
        matches!(err, OpError::Vote(VoteProblem::NotOfficer(_))),
        "{err:?}"
    );
    // The secretary's key as the third signer: three offices need three people.
    let close = VoteClose {
        vote_id: s.v,
        host: approval(0),
        secretary: approval(1),
        officer: Some(approval(1)),
    };
    ops::votes::vote_close(&s.db.ctx, &by(18, 5), close, Lang::En)
        .await
        .expect_err("the same person twice");
    let close = VoteClose {
        vote_id: s.v,
        host: approval(0),
        secretary: approval(1),
        officer: Some(approval(2)),
    };
    ops::votes::vote_close(&s.db.ctx, &by(18, 5), close, Lang::En)
        .await
        .expect("three officers close it");
}

pub(crate) async fn exported(s: &Setup) -> VoteRecord {
    use base64::Engine;
    let file = ops::votes::vote_record(&s.db.ctx, s.v)
        .await
        .expect("record");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(file.content_base64)
        .expect("base64");
    serde_json::from_slice(&bytes).expect("record JSON")
}

pub(crate) fn yishi_verify(r: &VoteRecord, dir: &std::path::Path, args: &[&str]) -> (bool, String) {
    let path = dir.join("record.json");
    std::fs::write(&path, serde_json::to_vec_pretty(r).expect("json")).expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_yishi"))
        .args(["--lang", "en", "verify", path.to_str().expect("utf-8")])
        .args(args)
        .output()
        .expect("run yishi");
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// A fresh key for the forger, from a number.
pub(crate) fn seed(n: u32) -> [u8; 32] {
    let mut s = [7u8; 32];
    s[..4].copy_from_slice(&n.to_le_bytes());
    s
}

pub(crate) fn public(n: u32) -> PublicKey {
    yishi::crypto::signing::public_of_seed(&seed(n))
}

/// What a forger without the root or any registrar's key can make from a real record: 400
/// ballots (every entry once, then the first entries again) and the result, all signed by keys
/// made now; the keys listed as the voters'. With `new_root`, the forger also makes a root of
/// their own and signs a new manifest listing the new keys and officers.
pub(crate) fn forge(real: &VoteRecord, new_root: bool) -> VoteRecord {
    let mut r = real.clone();
    if new_root {
        // The real checkpoint is signed by the real root: a forger with a root of their own
        // leaves it out (or signs their own tree, which no posted checkpoint matches).
        r.checkpoint = None;
        r.event_proofs.clear();
    }
    let part = r.manifest.as_mut().expect("a v2 record");
    let entries = r.roll.entries.clone();
    let voter_key = |i: usize| 1000 + i as u32;
    // The same officers, with keys made now.
    let officers: Vec<ManifestOfficer> = part
        .manifest
        .officers
        .iter()
        .filter(|o| ["host", "secretary", "scrutineer"].contains(&o.role.as_str()))
        .enumerate()
        .map(|(i, o)| ManifestOfficer {
            role: o.role.clone(),
            person_id: o.person_id,
            public_key: public(i as u32).hex(),
        })
        .collect();
    assert_eq!(officers.len(), 3);
    r.keys = entries
        .iter()
        .enumerate()
        .map(|(i, e)| RecordKey {
            person_id: e.voter(),
            public_key: public(voter_key(i)).text(),
            ended_at: None,
        })
        .chain(officers.iter().enumerate().map(|(i, o)| RecordKey {
            person_id: o.person_id,
            public_key: public(i as u32).text(),
            ended_at: None,
        }))
        .collect();
    if new_root {
        for (i, e) in part.manifest.entries.iter_mut().enumerate() {
            e.keys = vec![ManifestKey {
                public_key: public(voter_key(i)).hex(),
                cert: String::new(),
            }];
        }
        part.manifest.others.clear();
        part.manifest.officers = officers.clone();
        let root = public(999_999);
        let doc = manifest::manifest_document(&ManifestFields {
            community: &r.community,
            root: &root,
            vote: &r.vote,
            scope: r.roll.scope.as_deref(),
            roll_hash: &r.roll.hash,
            entries: &part.manifest.entries,
            others: &part.manifest.others,
            officers: &part.manifest.officers,
        });
        let (root, signature) = sign_with_seed(&seed(999_999), &doc);
        part.manifest.signed = SignedFile::new(doc, &root, signature);
        part.root.public_key = root.text();
        part.root.handovers.clear();
        // The forger's root certifies the forger's officers too (the verifier runs the chain).
        part.certificates = officers
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let doc = yishi::crypto::certs::RoleCert {
                    community: r.community.clone(),
                    root,
                    person_id: o.person_id,
                    holder: String::new(),
                    role: o.role.clone(),
                    building: String::new(),
                    public_key: public(i as u32),
                    valid_from: "2026-01-01T00:00:00Z".into(),
                    valid_until: String::new(),
                    issued_at: "2026-01-01T00:00:00Z".into(),
                }
                .document();
                let (k, signature) = sign_with_seed(&seed(999_999), &doc);
                record::RecordCert {
                    kind: "role".into(),
                    signed: SignedFile::new(doc, &k, signature),
                }
            })
            .collect();
    }
    let manifest_hash = part.manifest.hash();
    let opened: DateTime<Utc> = r.vote.opened_at.parse().expect("opened_at");
    let signed_at = (opened + Duration::minutes(5)).to_rfc3339_opts(SecondsFormat::Secs, true);
    r.ballots = (0..400)
        .map(|i| {
            let n = i % entries.len();
            let e = &entries[n];
            let person_seq = (i / entries.len()) as u32 + 1;
            let key = public(voter_key(n));
            let doc = record::ballot_document_v3(
                &BallotFields {
                    community: &r.community,
                    vote: &r.vote,
                    roll_hash: &r.roll.hash,
                    voter: e,
                    cast_by_id: e.voter(),
                    cast_by: "",
                    choice: "agree",
                    public_key: &key,
                    signed_at: &signed_at,
                },
                Binding {
                    manifest_hash: &manifest_hash,
                    person_seq,
                },
            );
            let (key, signature) = sign_with_seed(&seed(voter_key(n)), &doc);
            RecordBallot {
                seq: i as u32 + 1,
                person_id: e.person_id,
                cast_by: e.voter(),
                channel: "kiosk".into(),
                choice: "agree".into(),
                receipt: doc.hash_hex(),
                signed: Some(SignedFile::new(doc, &key, signature)),
                scan_sha256: None,
                witnesses: Vec::new(),
                person_seq: Some(person_seq),
            }
        })
        .collect();
    r.result = None;
    let outcome = verify_record(&r)
        .recount
        .expect("the forged ballots recount");
    let doc = record::result_document_for(&r, &outcome);
    let signatures = (0..3)
        .map(|i| {
            let (key, signature) = sign_with_seed(&seed(i), &doc);
            SignedFile::new(doc.clone(), &key, signature)
        })
        .collect();
    r.result = Some(RecordResult {
        outcome,
        signatures,
    });
    r
}

fn says(verdict: &record::RecordVerdict, needle: &str) -> bool {
    verdict.discrepancies.iter().any(|d| d.en.contains(needle))
}

#[tokio::test]
async fn a_forged_record_is_refused_given_the_posted_manifest_or_root() {
    let s = setup().await;
    let ballot = file_ballot(&s, 0, "oppose", by(10, 0)).await;
    ops::signing::signature_submit(&s.db.ctx, &by(10, 0), ballot)
        .await
        .expect("a ballot");
    let ballot = file_ballot(&s, 1, "oppose", by(10, 5)).await;
    ops::signing::signature_submit(&s.db.ctx, &by(10, 5), ballot)
        .await
        .expect("a ballot");
    close(&s).await;
    let real = exported(&s).await;
    assert_eq!(real.format, record::RECORD_FORMAT_V2);
    let part = real
        .manifest
        .as_ref()
        .expect("the manifest travels in the record");
    let facts = yishi::formats::record_v2::facts(part);
    let v = verify_record(&real);
    assert!(v.discrepancies.is_empty(), "{:?}", v.discrepancies);
    assert!(
        v.notes
            .iter()
            .any(|n| n.en.contains("yishi/ballot/v3 × 2") && n.en.contains("yishi/result/v2")),
        "verify says which versions the record uses: {:?}",
        v.notes
    );
    assert!(
        !real.outcome_passed(),
        "two opposing ballots: the real vote did not pass"
    );

    let dir = tempfile::tempdir().expect("dir");
    let (ok, out) = yishi_verify(&real, dir.path(), &[]);
    assert!(ok, "{out}");
    assert!(
        out.contains("only the record's internal consistency")
            && out.contains(&facts.manifest_short),
        "unanchored, verify says so and prints the manifest hash: {out}"
    );
    let (ok, out) = yishi_verify(&real, dir.path(), &["--manifest", &facts.manifest_short]);
    assert!(ok, "anchored by the posted short form: {out}");
    assert!(out.contains("Verified"), "{out}");
    assert!(!out.contains("internal consistency"), "{out}");
    let (ok, out) = yishi_verify(&real, dir.path(), &["--root", &facts.root_fingerprint]);
    assert!(ok, "anchored by the root's fingerprint: {out}");

    // The forger keeps the real manifest: the new keys are not the ones it lists.
    let forged = forge(&real, false);
    assert_eq!(forged.ballots.len(), 400);
    let v = verify_record(&forged);
    assert!(
        says(&v, "neither in the manifest"),
        "keys the manifest does not list are refused even unanchored: {:?}",
        &v.discrepancies[..3]
    );
    assert!(says(&v, "not by an officer listed in the manifest"));

    // The forger makes a root of their own and a manifest listing their keys: consistent.
    let forged = forge(&real, true);
    let v = verify_record(&forged);
    assert!(v.discrepancies.is_empty(), "{:?}", v.discrepancies);
    assert!(
        forged.outcome_passed(),
        "the forgery turns the result around"
    );
    let (ok, out) = yishi_verify(&forged, dir.path(), &[]);
    assert!(
        ok && out.contains("only the record's internal consistency"),
        "unanchored, the forgery passes only with the warning: {out}"
    );
    let (ok, out) = yishi_verify(&forged, dir.path(), &["--manifest", &facts.manifest_hash]);
    assert!(!ok, "the posted manifest hash refuses it: {out}");
    assert!(out.contains("is not the posted"), "{out}");
    let (ok, out) = yishi_verify(&forged, dir.path(), &["--manifest", &facts.manifest_short]);
    assert!(!ok, "so does its short form: {out}");
    let (ok, out) = yishi_verify(&forged, dir.path(), &["--root", &facts.root_fingerprint]);
    assert!(!ok, "the posted root fingerprint refuses it: {out}");
    assert!(out.contains("not signed by this community's root"), "{out}");
    let (ok, out) = yishi_verify(&real, dir.path(), &["--manifest", "3F9A 21C4"]);
    assert!(!ok && out.contains("is not a manifest hash"), "{out}");

    // A fixture for the Python cross-check in CI (tests/crosscheck/test_vectors.py).
    if std::env::var("YISHI_BLESS").is_ok() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/records");
        std::fs::create_dir_all(&dir).expect("fixtures dir");
        std::fs::write(
            dir.join("vote-v2.json"),
            serde_json::to_vec_pretty(&real).expect("json"),
        )
        .expect("write fixture");
        std::fs::write(dir.join("vote-v2.manifest"), &facts.manifest_hash).expect("write");
    }

    // The independent Python verifier (tests/crosscheck/yishi_record.py) agrees, where it runs.
    if let Some(python) = python_with_cryptography() {
        let run = |r: &VoteRecord, args: &[&str]| {
            let path = dir.path().join("py-record.json");
            std::fs::write(&path, serde_json::to_vec(r).expect("json")).expect("write");
            let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/crosscheck/yishi_record.py");
            let out = Command::new(&python)
                .arg(script)
                .arg(&path)
                .args(args)
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
        };
        let (ok, out) = run(&real, &["--manifest", &facts.manifest_short]);
        assert!(ok, "python accepts the real record: {out}");
        let (ok, out) = run(&real, &["--root", &facts.root_fingerprint]);
        assert!(ok, "python accepts the real root: {out}");
        let (ok, out) = run(&forged, &[]);
        assert!(ok && out.contains("internal consistency only"), "{out}");
        let (ok, out) = run(&forged, &["--manifest", &facts.manifest_hash]);
        assert!(
            !ok && out.contains("is not the posted"),
            "python refuses the forgery: {out}"
        );
        let (ok, out) = run(&forged, &["--root", &facts.root_fingerprint]);
        assert!(!ok, "python refuses the forger's root: {out}");
        let (ok, out) = run(&forge(&real, false), &[]);
        assert!(!ok && out.contains("neither in the manifest"), "{out}");
    }

    // The copy for anyone names no one; the owners' inspection copy names the entries; both
    // verify the same way, and a name changed in the inspection copy is caught.
    assert!(
        real.roll
            .entries
            .iter()
            .all(|e| e.name.is_empty() && e.committed.as_ref().is_some_and(|c| c.salt.is_none()))
    );
    let text = serde_json::to_string(&real).expect("json");
    let someone = ops::votes::build_record(&s.db.ctx, s.v)
        .await
        .expect("record")
        .roll
        .entries[0]
        .name
        .clone();
    assert!(
        !someone.is_empty() && !text.contains(&someone),
        "no name in the copy for anyone"
    );
    let inspection: VoteRecord = {
        let file = ops::votes::vote_record_inspection(&s.db.ctx, s.v)
            .await
            .expect("inspection copy");
        serde_json::from_slice(
            &base64::Engine::decode(
                &base64::engine::general_purpose::STANDARD,
                file.content_base64,
            )
            .expect("base64"),
        )
        .expect("json")
    };
    assert_eq!(inspection.roll.entries[0].name, someone);
    let v = verify_record(&inspection);
    assert!(v.discrepancies.is_empty(), "{:?}", v.discrepancies);
    let mut renamed = inspection.clone();
    renamed.roll.entries[0].name = "冒名".into();
    assert!(
        says(
            &verify_record(&renamed),
            "name is not the one the frozen roll committed to"
        ),
        "a changed name is caught"
    );

    // The app's record check takes the same anchors.
    use base64::Engine;
    let content = base64::engine::general_purpose::STANDARD
        .encode(serde_json::to_vec(&forged).expect("json"));
    let check = ops::record::record_check(
        RecordCheckRequest {
            content_base64: content,
            manifest: Some(facts.manifest_short.clone()),
            root: None,
        },
        Lang::Zh,
    )
    .expect("check");
    assert!(!check.ok && check.unanchored.is_none(), "{check:?}");
}

trait Passed {
    fn outcome_passed(&self) -> bool;
}

impl Passed for VoteRecord {
    fn outcome_passed(&self) -> bool {
        self.result.as_ref().is_some_and(|r| r.outcome.passed())
    }
}

#[tokio::test]
async fn an_earlier_ballot_submitted_again_is_refused() {
    let s = setup().await;
    let first = file_ballot(&s, 0, "agree", by(10, 0)).await;
    let receipt = ops::signing::signature_submit(&s.db.ctx, &by(10, 0), first.clone())
        .await
        .expect("the first ballot");
    assert!(
        receipt.manifest.as_deref().is_some_and(|m| m.len() == 39),
        "the receipt names the manifest: {receipt:?}"
    );
    let second = file_ballot(&s, 0, "oppose", by(10, 10)).await;
    ops::signing::signature_submit(&s.db.ctx, &by(10, 10), second.clone())
        .await
        .expect("last ballot stands: a new ballot replaces the first");
    for (old, when) in [(first, by(10, 20)), (second, by(10, 21))] {
        let err = ops::signing::signature_submit(&s.db.ctx, &when, old)
            .await
            .expect_err("an earlier signed ballot submitted again");
        assert!(
            matches!(err, OpError::Vote(VoteProblem::OlderBallot)),
            "{err:?}"
        );
        assert!(
            err.message(Lang::En)
                .contains("older than your current ballot")
        );
        assert!(err.message(Lang::Zh).contains("比您当前的选票更早"));
    }
    // A key enrolled after the notice with no registrar's certificate cannot vote.
    let late = ops::roll::person_search(
        &s.db.ctx,
        ops::types::PersonQuery {
            community_id: s.c,
            search: "4栋 601".into(),
        },
    )
    .await
    .expect("search")[0]
        .person
        .person_id;
    common::enrol_seed(&s.db, &by(10, 25), s.c, late, &[77; 32]).await;
    let ask = SignRequest {
        community_id: s.c,
        person_id: late,
        subject: SignSubject::Ballot {
            vote_id: s.v,
            choice: "agree".into(),
            proxy_for: None,
        },
    };
    let err = ops::signing::sign_preview(&s.db.ctx, &by(10, 26), ask, Lang::En)
        .await
        .expect_err("not in the manifest, not certified");
    assert!(
        matches!(err, OpError::Vote(VoteProblem::KeyNotInManifest)),
        "{err:?}"
    );
    let detail = ops::votes::vote_detail(&s.db.ctx, by(10, 30).now, s.v, Lang::Zh)
        .await
        .expect("detail");
    assert_eq!(detail.ballots.len(), 2, "the replays are not ballots");
    assert!(
        detail.refused.iter().filter(|r| r.contains("更早")).count() == 2,
        "each replay is a refusal on the record: {:?}",
        detail.refused
    );
    close(&s).await;
    let r = exported(&s).await;
    assert_eq!(
        r.ballots.iter().map(|b| b.person_seq).collect::<Vec<_>>(),
        vec![Some(1), Some(2)]
    );
    assert!(verify_record(&r).discrepancies.is_empty());
}

#[tokio::test]
async fn duplicates_gaps_and_reorders_are_named() {
    let s = setup().await;
    for (owner, choice, min) in [
        (0, "agree", 0),
        (1, "agree", 1),
        (0, "oppose", 2),
        (2, "agree", 3),
    ] {
        let b = file_ballot(&s, owner, choice, by(10, min)).await;
        ops::signing::signature_submit(&s.db.ctx, &by(10, min), b)
            .await
            .expect("ballot");
    }
    close(&s).await;
    let real = exported(&s).await;
    assert!(verify_record(&real).discrepancies.is_empty());
    let entry = real.ballots[0].person_id;
    let renumber = |r: &mut VoteRecord| {
        for (i, b) in r.ballots.iter_mut().enumerate() {
            b.seq = i as u32 + 1;
        }
    };
    let named = |r: &VoteRecord, needle: &str| {
        let v = verify_record(r);
        assert!(
            v.discrepancies.iter().any(|d| d.en.contains(needle)),
            "{needle}: {:?}",
            v.discrepancies
        );
    };

    // The same ballot twice.
    let mut dup = real.clone();
    let mut again = dup.ballots[0].clone();
    again.seq = 5;
    dup.ballots.push(again);
    named(
        &dup,
        "ballot #5: the same ballot as ballot #1 (same receipt)",
    );
    named(
        &dup,
        &format!("ballot #5: entry {entry}'s ballot number 1 appears twice"),
    );

    // The entry's first ballot dropped (and the record renumbered to hide it).
    let mut gap = real.clone();
    gap.ballots.remove(0);
    renumber(&mut gap);
    named(
        &gap,
        &format!("entry {entry}'s ballots have a gap: numbers 1 to 1 are not in the record"),
    );

    // A ballot dropped without renumbering: the record's own numbering shows it.
    let mut skipped = real.clone();
    skipped.ballots.remove(1);
    named(&skipped, "ballot #3: at position 2 its seq should be 2");

    // The entry's two ballots swapped (renumbered): out of order.
    let mut reorder = real.clone();
    reorder.ballots.swap(0, 2);
    renumber(&mut reorder);
    named(
        &reorder,
        &format!(
            "ballot #3: entry {entry}'s ballots are out of order: number 1 comes after number 2"
        ),
    );
}

/// `python3` if it can import `cryptography` (the cross-check's one dependency).
pub(crate) fn python_with_cryptography() -> Option<String> {
    let ok = Command::new("python3")
        .args(["-c", "import cryptography"])
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then(|| "python3".to_string())
}

/// Each part the manifest binds, changed in the record (or in the manifest's lists), is named.
#[tokio::test]
async fn every_part_the_manifest_binds_is_checked() {
    let s = setup().await;
    let b = file_ballot(&s, 0, "agree", by(10, 0)).await;
    ops::signing::signature_submit(&s.db.ctx, &by(10, 0), b)
        .await
        .expect("ballot");
    close(&s).await;
    let real = exported(&s).await;
    assert!(verify_record(&real).discrepancies.is_empty());
    let named = |r: &VoteRecord, needle: &str| {
        let v = verify_record(r);
        assert!(
            v.discrepancies.iter().any(|d| d.en.contains(needle)),
            "{needle}: {:?}",
            v.discrepancies
        );
    };
    let part = |r: &mut VoteRecord| r.manifest.as_mut().expect("v2").clone();
    let mut r = real.clone();
    r.vote.settings.ballot_policy = BallotPolicy::FirstStands;
    named(&r, "manifest: the rule and settings differs");
    let mut r = real.clone();
    r.vote.motion.push('。');
    named(&r, "manifest: the motion text (hash) differs");
    let mut r = real.clone();
    r.vote.closes_at = Some("2026-11-22T23:00:00Z".into());
    named(&r, "manifest: the scheduled close differs");
    let mut r = real.clone();
    r.vote.title = "另一项表决".into();
    named(&r, "manifest: the title differs");
    // A key added to an entry's list: the list no longer has the hash the root signed.
    let mut r = real.clone();
    let mut m = part(&mut r);
    m.manifest.entries[0].keys.push(ManifestKey {
        public_key: public(5).hex(),
        cert: String::new(),
    });
    r.manifest = Some(m);
    named(&r, "manifest: the entries list differs");
    // An officer added.
    let mut r = real.clone();
    let mut m = part(&mut r);
    m.manifest.officers.push(ManifestOfficer {
        role: "counter".into(),
        person_id: 1,
        public_key: public(6).hex(),
    });
    r.manifest = Some(m);
    named(&r, "manifest: the officers list differs");
    // The manifest re-signed by another key, the root left as it was.
    let mut r = real.clone();
    let mut m = part(&mut r);
    let (key, signature) = sign_with_seed(&seed(7), &m.manifest.signed.document);
    m.manifest.signed = SignedFile::new(m.manifest.signed.document.clone(), &key, signature);
    r.manifest = Some(m);
    named(&r, "not signed by the record's root");
    // A v2 record claiming to be v1, and a ballot's entry number changed alone.
    let mut r = real.clone();
    r.format = record::RECORD_FORMAT.into();
    named(&r, "the format is not yishi-vote-record/v2");
    let mut r = real.clone();
    r.ballots[0].person_seq = Some(2);
    named(&r, "ballot #1: the signed ballot does not match");
}
