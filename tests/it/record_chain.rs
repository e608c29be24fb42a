//! The record verifier runs the whole certificate chain from the record's root (issue 14):
//! a registrar removed during the vote whose later enrolments are used, an enrolment used
//! outside its validity window, an enrolment naming another registrar than its signer, a
//! registrar certifying their own key and a backdated enrolment are each refused and named, by
//! `verify_record`, by `yishi verify` and by the independent Python verifier. Each case differs
//! from a record that passes all three in that one thing.
//!
//! The records are built from a real one (its roll, vote and window) with keys made here: a root
//! of the test's own signs the manifest and the role certificates, a registrar's key signs the
//! enrolments, and every ballot and the result are signed again.

use crate::record_anchor::{
    by, close, exported, file_ballot, public, python_with_cryptography, seed, setup, yishi_verify,
};
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use std::process::Command;
use yishi::crypto::certs::{EnrolmentCert, Revocation, RoleCert};
use yishi::crypto::signing::{Document, sign_with_seed};
use yishi::formats::manifest::{self, ManifestFields, ManifestKey, ManifestOfficer};
use yishi::formats::record::{
    self, BallotFields, Binding, RecordBallot, RecordCert, RecordKey, RecordResult, VoteRecord,
    verify_record,
};
use yishi::formats::signed::SignedFile;
use yishi::ops;

const ROOT: u32 = 900_000;
const REGISTRAR: u32 = 500;
/// The registrar's person id (nobody on the roll), unless a case makes them a voter.
const REGISTRAR_ID: i64 = 9_001;

fn voter_key(i: usize) -> u32 {
    1000 + i as u32
}

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn cert(kind: &str, signer: u32, doc: Document) -> RecordCert {
    let (key, signature) = sign_with_seed(&seed(signer), &doc);
    RecordCert {
        kind: kind.into(),
        signed: SignedFile::new(doc, &key, signature),
    }
}

fn role(community: &str, person_id: i64, role: &str, key: u32) -> RecordCert {
    let doc = RoleCert {
        community: community.into(),
        root: public(ROOT),
        person_id,
        holder: String::new(),
        role: role.into(),
        building: String::new(),
        public_key: public(key),
        valid_from: "2026-01-01T00:00:00Z".into(),
        valid_until: String::new(),
        issued_at: "2026-01-01T00:00:00Z".into(),
    }
    .document();
    cert("role", ROOT, doc)
}

/// An enrolment of `key` for `person_id`, signed by `signer`'s key, naming `registrar_id`.
#[derive(Clone, Copy)]
struct Enrol {
    person_id: i64,
    key: u32,
    signer: u32,
    registrar_id: i64,
    issued: DateTime<Utc>,
    until: Option<DateTime<Utc>>,
}

fn enrolment(community: &str, e: &Enrol) -> RecordCert {
    let doc = EnrolmentCert {
        community: community.into(),
        root: public(ROOT),
        person_id: e.person_id,
        holder: String::new(),
        units: String::new(),
        public_key: public(e.key),
        check_method: "id_card".into(),
        valid_from: stamp(e.issued),
        valid_until: e.until.map(stamp).unwrap_or_default(),
        registrar_id: e.registrar_id,
        registrar: "登记员".into(),
        issued_at: stamp(e.issued),
    }
    .document();
    cert("enrolment", e.signer, doc)
}

/// The root ends the offices of `key` at `at`.
fn root_revokes(community: &str, person_id: i64, key: u32, at: DateTime<Utc>) -> RecordCert {
    let doc = Revocation {
        community: community.into(),
        root: public(ROOT),
        person_id,
        public_key: public(key),
        reason: "removed from office".into(),
        revoked_at: stamp(at),
        by_id: 0,
        by: String::new(),
    }
    .document();
    cert("revocation", ROOT, doc)
}

/// What one case changes about the record that passes.
struct Case {
    /// The registrar's person id (a voter's for self-certification).
    registrar_id: i64,
    /// Entry 0's enrolment, as the case makes it.
    first: Box<dyn Fn(&Enrol) -> Enrol>,
    /// Entry 0's key is in the manifest's list.
    first_listed: bool,
    /// The root removes the registrar from office at this many minutes after the opening.
    registrar_removed: Option<i64>,
}

impl Case {
    fn passing() -> Case {
        Case {
            registrar_id: REGISTRAR_ID,
            first: Box::new(|e| *e),
            first_listed: true,
            registrar_removed: None,
        }
    }
}

/// A record like `real` (roll, vote, window), every entry's voter casting one ballot 5 minutes
/// after the opening with a key enrolled a day before it by the registrar and listed in the
/// manifest, except as `case` says.
fn build(real: &VoteRecord, case: &Case) -> VoteRecord {
    let mut r = real.clone();
    // The record is re-signed by the test's own root: the real checkpoint (signed by the real
    // root) and its proofs are not this record's.
    r.checkpoint = None;
    r.event_proofs.clear();
    r.consistency.clear();
    let community = r.community.clone();
    let opened: DateTime<Utc> = r.vote.opened_at.parse().expect("opened_at");
    let entries = r.roll.entries.clone();
    let part = r.manifest.as_mut().expect("a v2 record");
    let mut officers: Vec<ManifestOfficer> = part
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
    let mut certs: Vec<RecordCert> = officers
        .iter()
        .enumerate()
        .map(|(i, o)| role(&community, o.person_id, &o.role, i as u32))
        .collect();
    officers.push(ManifestOfficer {
        role: "registrar".into(),
        person_id: case.registrar_id,
        public_key: public(REGISTRAR).hex(),
    });
    certs.push(role(&community, case.registrar_id, "registrar", REGISTRAR));
    if let Some(min) = case.registrar_removed {
        certs.push(root_revokes(
            &community,
            case.registrar_id,
            REGISTRAR,
            opened + Duration::minutes(min),
        ));
    }
    let mut listed = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let plain = Enrol {
            person_id: e.voter(),
            key: voter_key(i),
            signer: REGISTRAR,
            registrar_id: case.registrar_id,
            issued: opened - Duration::days(1),
            until: None,
        };
        let enrol = if i == 0 { (case.first)(&plain) } else { plain };
        let c = enrolment(&community, &enrol);
        let hash = c.signed.document.hash_hex();
        certs.push(c);
        listed.push(if i == 0 && !case.first_listed {
            Vec::new()
        } else {
            vec![ManifestKey {
                public_key: public(voter_key(i)).hex(),
                cert: hash,
            }]
        });
    }
    for (e, keys) in part.manifest.entries.iter_mut().zip(listed) {
        e.keys = keys;
    }
    part.manifest.others.clear();
    part.manifest.officers = officers.clone();
    let doc = manifest::manifest_document(&ManifestFields {
        community: &community,
        root: &public(ROOT),
        vote: &r.vote,
        scope: r.roll.scope.as_deref(),
        roll_hash: &r.roll.hash,
        entries: &part.manifest.entries,
        others: &part.manifest.others,
        officers: &part.manifest.officers,
    });
    let (root, signature) = sign_with_seed(&seed(ROOT), &doc);
    part.manifest.signed = SignedFile::new(doc, &root, signature);
    part.root.public_key = root.text();
    part.root.handovers.clear();
    part.certificates = certs;
    let manifest_hash = part.manifest.hash();
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
            public_key: if o.role == "registrar" {
                public(REGISTRAR).text()
            } else {
                public(i as u32).text()
            },
            ended_at: None,
        }))
        .collect();
    let signed_at = stamp(opened + Duration::minutes(5));
    r.ballots = entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let key = public(voter_key(i));
            let doc = record::ballot_document_v3(
                &BallotFields {
                    community: &community,
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
                    person_seq: 1,
                },
            );
            let (key, signature) = sign_with_seed(&seed(voter_key(i)), &doc);
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
                person_seq: Some(1),
            }
        })
        .collect();
    // The result is the recount of what verifies, so the case's refusal is the only problem.
    r.result = None;
    let outcome = verify_record(&r).recount.expect("the ballots recount");
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

fn python(r: &VoteRecord, dir: &std::path::Path) -> Option<(bool, String)> {
    let python = python_with_cryptography()?;
    let path = dir.join("py-record.json");
    std::fs::write(&path, serde_json::to_vec(r).expect("json")).expect("write");
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/crosscheck/yishi_record.py");
    let out = Command::new(python)
        .arg(script)
        .arg(&path)
        .output()
        .expect("run python");
    Some((
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    ))
}

/// The three verifiers refuse `r`, each naming `rust` (verify_record and `yishi verify`) and
/// `py` (the Python verifier).
fn refused(r: &VoteRecord, dir: &std::path::Path, rust: &[&str], py: &[&str]) {
    let v = verify_record(r);
    for needle in rust {
        assert!(
            v.discrepancies.iter().any(|d| d.en.contains(needle)),
            "verify_record names {needle:?}: {:?}",
            v.discrepancies
        );
    }
    let (ok, out) = yishi_verify(r, dir, &[]);
    assert!(!ok, "yishi verify refuses it: {out}");
    for needle in rust {
        assert!(out.contains(needle), "yishi verify names {needle:?}: {out}");
    }
    if let Some((ok, out)) = python(r, dir) {
        assert!(!ok, "python refuses it: {out}");
        for needle in py {
            assert!(out.contains(needle), "python names {needle:?}: {out}");
        }
    }
}

fn passes(r: &VoteRecord, dir: &std::path::Path) -> record::RecordVerdict {
    let v = verify_record(r);
    assert!(v.discrepancies.is_empty(), "{:?}", v.discrepancies);
    let (ok, out) = yishi_verify(r, dir, &[]);
    assert!(ok, "yishi verify accepts it: {out}");
    if let Some((ok, out)) = python(r, dir) {
        assert!(ok, "python accepts it: {out}");
    }
    v
}

async fn real_record() -> VoteRecord {
    let s = setup().await;
    let b = file_ballot(&s, 0, "agree", by(10, 0)).await;
    ops::signing::signature_submit(&s.db.ctx, &by(10, 0), b)
        .await
        .expect("ballot");
    close(&s).await;
    exported(&s).await
}

#[tokio::test]
async fn the_verifiers_run_the_whole_chain() {
    let real = real_record().await;
    let dir = tempfile::tempdir().expect("dir");
    let opened: DateTime<Utc> = real.vote.opened_at.parse().expect("opened_at");
    let minutes = move |m: i64| opened + Duration::minutes(m);

    // The record every case departs from passes all three.
    passes(&build(&real, &Case::passing()), dir.path());

    // A registrar removed from office 2 minutes into the vote: an enrolment they signed at 1
    // minute still counts (named as after the notice), one at 3 minutes does not.
    let removed = |at: i64| Case {
        first: Box::new(move |e| Enrol {
            issued: minutes(at),
            ..*e
        }),
        first_listed: false,
        registrar_removed: Some(2),
        ..Case::passing()
    };
    let v = passes(&build(&real, &removed(1)), dir.path());
    assert!(
        v.notes.iter().any(|n| n
            .en
            .contains("office (registrar) was removed during the vote")),
        "the removed office is named: {:?}",
        v.notes
    );
    assert!(v.notes.iter().any(|n| n.en.contains("after the notice")));
    refused(
        &build(&real, &removed(3)),
        dir.path(),
        &[
            "its signer held no registrar or host certificate",
            "ballot #1: the key is neither in the manifest",
        ],
        &[
            "its signer held no registrar or host certificate",
            "ballot #1: the key is neither in the manifest",
            "office (registrar) was removed during the vote",
        ],
    );

    // An enrolment that ended a minute after the opening, used at 5 minutes.
    let window = Case {
        first: Box::new(move |e| Enrol {
            until: Some(minutes(1)),
            ..*e
        }),
        ..Case::passing()
    };
    refused(
        &build(&real, &window),
        dir.path(),
        &[
            "ballot #1: the key is in the manifest, but its enrolment does not hold when it signed",
            "was not certified at",
        ],
        &["ballot #1: the key is in the manifest, but it was not certified at"],
    );
    // … and one not valid yet when the key signed (valid_from after the signature).
    let early = Case {
        first: Box::new(move |e| Enrol {
            issued: minutes(6),
            ..*e
        }),
        first_listed: false,
        ..Case::passing()
    };
    refused(
        &build(&real, &early),
        dir.path(),
        &["ballot #1: the key is neither in the manifest"],
        &["ballot #1: the key is neither in the manifest"],
    );

    // An enrolment naming another registrar than the key that signed it.
    let mismatch = Case {
        first: Box::new(|e| Enrol {
            registrar_id: 4242,
            ..*e
        }),
        ..Case::passing()
    };
    refused(
        &build(&real, &mismatch),
        dir.path(),
        &[
            "the registrar it names is not the signing key's holder",
            "ballot #1:",
        ],
        &[
            "the registrar it names is not the signing key's holder",
            "ballot #1:",
        ],
    );

    // The registrar is entry 0's voter and certified their own key.
    let first_voter = real.roll.entries[0].voter();
    let own = Case {
        registrar_id: first_voter,
        ..Case::passing()
    };
    let msg = format!("registrar #{first_voter} certified their own key");
    refused(
        &build(&real, &own),
        dir.path(),
        &[&msg, "ballot #1:"],
        &[&msg, "ballot #1:"],
    );

    // A key the manifest does not list, enrolled with a time before the opening.
    let backdated = Case {
        first: Box::new(move |e| Enrol {
            issued: minutes(-60),
            ..*e
        }),
        first_listed: false,
        ..Case::passing()
    };
    let entry = real.roll.entries[0].person_id;
    let msg = format!("entry {entry}'s key was enrolled by registrar #{REGISTRAR_ID}");
    refused(
        &build(&real, &backdated),
        dir.path(),
        &[&msg, "a backdated enrolment"],
        &[&msg, "a backdated enrolment"],
    );
}

/// A key listed in the manifest with no enrolment certificate (enrolled before certificates):
/// verify passes and counts it in a note; so does the Python verifier.
#[tokio::test]
async fn keys_on_the_roots_word_are_counted() {
    let real = real_record().await;
    let dir = tempfile::tempdir().expect("dir");
    let mut r = build(&real, &Case::passing());
    // The same record with entry 0's key listed without a certificate: rebuild the manifest
    // and everything that binds it.
    let part = r.manifest.as_mut().expect("v2");
    part.manifest.entries[0].keys[0].cert = String::new();
    let doc = manifest::manifest_document(&ManifestFields {
        community: &r.community,
        root: &public(ROOT),
        vote: &r.vote,
        scope: r.roll.scope.as_deref(),
        roll_hash: &r.roll.hash,
        entries: &part.manifest.entries,
        others: &part.manifest.others,
        officers: &part.manifest.officers,
    });
    let (root, signature) = sign_with_seed(&seed(ROOT), &doc);
    part.manifest.signed = SignedFile::new(doc, &root, signature);
    // Ballots bind the manifest hash: the case's builder signs them again.
    let hash = part.manifest.hash();
    let entries = r.roll.entries.clone();
    for (i, b) in r.ballots.iter_mut().enumerate() {
        let signed = b.signed.as_ref().expect("signed");
        let key = public(voter_key(i));
        let doc = record::ballot_document_v3(
            &BallotFields {
                community: &r.community,
                vote: &r.vote,
                roll_hash: &r.roll.hash,
                voter: &entries[i],
                cast_by_id: entries[i].voter(),
                cast_by: "",
                choice: "agree",
                public_key: &key,
                signed_at: signed.document.get_text("signed_at").expect("time"),
            },
            Binding {
                manifest_hash: &hash,
                person_seq: 1,
            },
        );
        let (key, signature) = sign_with_seed(&seed(voter_key(i)), &doc);
        b.receipt = doc.hash_hex();
        b.signed = Some(SignedFile::new(doc, &key, signature));
    }
    let outcome = r.result.as_ref().expect("result").outcome.clone();
    let doc = record::result_document_for(&r, &outcome);
    r.result.as_mut().expect("result").signatures = (0..3)
        .map(|i| {
            let (key, signature) = sign_with_seed(&seed(i), &doc);
            SignedFile::new(doc.clone(), &key, signature)
        })
        .collect();
    let v = passes(&r, dir.path());
    let voter = entries[0].voter();
    assert!(
        v.notes.iter().any(|n| n.en.contains(&format!(
            "certified at upgrade, not by a registrar: 1 keys (persons #{voter})"
        ))),
        "{:?}",
        v.notes
    );
    assert!(v.notes.iter().any(|n| {
        n.en.contains("1 ballots are signed by keys certified at upgrade")
    }));
    if let Some((_, out)) = python(&r, dir.path()) {
        assert!(
            out.contains("certified at upgrade, not by a registrar: 1 keys"),
            "{out}"
        );
    }
}

/// The record carries the chain of a key enrolled during the vote by a registrar who took
/// office after the opening (so the manifest does not list them): the registrar's role
/// certificate travels too, and all three verifiers accept the ballot, naming the enrolment.
#[tokio::test]
async fn an_enrolment_during_the_vote_travels_with_its_chain() {
    use crate::record_anchor::PIN;
    use yishi::ops::keys::{IdCheck, KeyEnrolPublic, RegistrarSign};
    let s = setup().await;
    let roles = ops::access::role_list(&s.db.ctx, s.c).await.expect("roles");
    let registrar = roles
        .iter()
        .find(|r| r.role == yishi::ops::types::Role::Registrar)
        .expect("the demo's registrar")
        .person_id;
    // The registrar gets a key (and so a role certificate) at 10:20, after the opening.
    let registrar_key = ops::keys::key_enrol(
        &s.db.ctx,
        &by(10, 20),
        yishi::ops::keys::KeyEnrol {
            community_id: s.c,
            person_id: registrar,
            pin: PIN.into(),
            checked_by: "记录员".into(),
            check: IdCheck::IdCard,
            registrar: None,
        },
    )
    .await
    .expect("the registrar's key")
    .key_id;
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
    let seed_late = [78u8; 32];
    let (community, holder) = {
        let store = s.db.ctx.store().await;
        let mut conn = store.reader().acquire().await.expect("conn");
        let holder = yishi::store::roles::person_community(&mut conn, late)
            .await
            .expect("person")
            .expect("exists")
            .1;
        let community = yishi::store::community::get(&mut conn, s.c)
            .await
            .expect("community")
            .expect("exists")
            .name;
        (community, holder)
    };
    ops::keys::key_enrol_public(
        &s.db.ctx,
        &by(10, 25),
        KeyEnrolPublic {
            community_id: s.c,
            person_id: late,
            public_key: ops::keys::possession_line_from_seed(&seed_late, &community, &holder, 0),
            checked_by: "登记员".into(),
            check: IdCheck::IdCard,
            registrar: Some(RegistrarSign {
                key_id: registrar_key,
                pin: PIN.into(),
            }),
        },
    )
    .await
    .expect("the registrar enrols a key during the vote");
    let b = crate::common::signed_ballot(&s.db, &by(10, 26), (s.c, s.v), late, &seed_late, "agree")
        .await;
    ops::signing::signature_submit(&s.db.ctx, &by(10, 26), b)
        .await
        .expect("the key enrolled during the vote signs a ballot");
    close(&s).await;
    let r = exported(&s).await;
    let part = r.manifest.as_ref().expect("v2");
    assert!(
        !part
            .manifest
            .officers
            .iter()
            .any(|o| o.person_id == registrar),
        "the registrar took office after the opening"
    );
    let carries_role = part
        .certificates
        .iter()
        .any(|c| c.kind == "role" && c.signed.document.get_int("person_id") == Some(registrar));
    assert!(carries_role, "the registrar's role certificate travels");
    let dir = tempfile::tempdir().expect("dir");
    let v = passes(&r, dir.path());
    assert!(
        v.notes.iter().any(|n| n.en.contains(&format!(
            "enrolled after the notice, by registrar #{registrar}"
        ))),
        "{:?}",
        v.notes
    );
    // Without the registrar's role certificate, the enrolment grants nothing.
    let mut cut = r.clone();
    cut.manifest.as_mut().expect("v2").certificates.retain(|c| {
        !(c.kind == "role" && c.signed.document.get_int("person_id") == Some(registrar))
    });
    refused(
        &cut,
        dir.path(),
        &["its signer held no registrar or host certificate"],
        &["its signer held no registrar or host certificate"],
    );
}
