//! The `record_v2` vectors of `docs/signing-vectors.json`: a complete small
//! `yishi-vote-record/v2` made from fixed seeds by the app's own builders, and every signed or
//! hashed structure in it with its bytes and hash: the name commitment, the roll v3 hash, the
//! manifest's three lists and their hashes, the manifest, role, enrolment and revocation
//! certificates, a root hand-over (signed by the old and the new root), ballots v3 (own and
//! proxy), a paper ballot v3 with two witnesses, the v2 ballot list and the result v2.
//! `tests/crosscheck/test_vectors.py` recomputes all of it from docs/signing.md and
//! docs/record-format.md and checks the record with the Python verifier (and its recount).
//! The test fails when the JSON is stale; `YISHI_BLESS=1` writes the computed section to
//! `target/record-vectors.json`, and its `record` in the app's member order to
//! `target/record-vectors-record.json`, for pasting when a format changes (it never should).

use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use yishi::crypto::certs::{EnrolmentCert, Revocation, RoleCert};
use yishi::crypto::signing::{Document, PublicKey, sign_with_seed};
use yishi::domain::area::Area;
use yishi::domain::vote::{BallotPolicy, Rule, VoteSettings};
use yishi::formats::handover::Handover;
use yishi::formats::manifest::{
    self, ManifestEntry, ManifestFields, ManifestKey, ManifestOfficer, ManifestPersonKeys,
    RecordManifest,
};
use yishi::formats::record::{
    self, BallotFields, Binding, NameCommitment, RecordBallot, RecordCert, RecordKey,
    RecordManifestPart, RecordProxy, RecordResult, RecordRoll, RecordRoot, RecordServed,
    RecordVote, RollSnapshotEntry, VoteKind, VoteRecord,
};
use yishi::formats::signed::SignedFile;

const COMMUNITY: &str = "阳光小区";

fn seed(who: &str) -> [u8; 32] {
    Sha256::digest(format!("yishi record vectors: {who}").as_bytes()).into()
}

fn key(who: &str) -> PublicKey {
    yishi::crypto::signing::public_of_seed(&seed(who))
}

/// A signed file of `doc` by `who`, and its vector (docs/signing.md §13's form).
fn signed(who: &str, name: &str, doc: Document, out: &mut Vec<Value>) -> SignedFile {
    let (public, signature) = sign_with_seed(&seed(who), &doc);
    out.push(json!({
        "name": name,
        "seed_label": format!("yishi record vectors: {who}"),
        "seed_hex": hex::encode(seed(who)),
        "document": doc,
        "bytes_hex": hex::encode(doc.bytes()),
        "hash_hex": doc.hash_hex(),
        "public_key_hex": public.hex(),
        "signature_hex": signature,
    }));
    SignedFile::new(doc, &public, signature)
}

/// The record and the section of the vectors file.
fn computed() -> (VoteRecord, Value) {
    let mut docs = Vec::new();
    let root = key("root 2");
    // Officers: (role, person id, who).
    let officers_of = [
        ("host", 1, "host"),
        ("secretary", 2, "secretary"),
        ("scrutineer", 4, "scrutineer"),
        ("registrar", 5, "registrar"),
    ];
    let salt = |i: i64| hex::encode(&Sha256::digest(format!("salt {i}"))[..16]);
    // Four entries: 甲 votes with their own key; 乙's proxy (person 60) votes, then 乙 votes
    // and overrides it; 丙 votes on paper; 丁 did not vote and was served (从众).
    let people = [
        (101, "甲一", "1栋 101", 12000, 11),
        (102, "乙二", "1栋 102", 9000, 12),
        (103, "丙三", "2栋 201", 10000, 13),
        (104, "丁四", "2栋 202", 8000, 14),
    ];
    let entries: Vec<RollSnapshotEntry> = people
        .iter()
        .map(|&(id, name, unit, area, voter)| RollSnapshotEntry {
            person_id: id,
            name: name.into(),
            units: vec![unit.into()],
            area: Area(area),
            voter_id: Some(voter),
            committed: Some(NameCommitment {
                commitment: record::name_commitment(&salt(id), name),
                salt: Some(salt(id)),
            }),
        })
        .collect();
    let roll_hash = record::roll_hash(None, &entries);
    let vote = RecordVote {
        id: 7,
        title: "续聘物业服务企业".into(),
        motion: "同意续聘阳光物业，服务期三年。".into(),
        kind: VoteKind::Question,
        settings: VoteSettings {
            rule: Rule::OwnersOrdinary,
            scope: Default::default(),
            ballot_policy: BallotPolicy::LastStands,
            conformity_clause: true,
            proxy_limit: Some(2),
        },
        opened_at: "2026-11-22T09:30:00Z".into(),
        closed_at: "2026-11-22T18:05:00Z".into(),
        opens_at: Some("2026-11-22T09:30:00Z".into()),
        closes_at: Some("2026-11-22T18:00:00Z".into()),
    };

    // The root hand-over from generation 1 to 2, signed by both roots.
    let handover = Handover {
        community: COMMUNITY.into(),
        generation: 2,
        old_root: key("root 1"),
        new_root: root,
        reason: "换届：新的根密钥保管人".into(),
        countersigned_by: String::new(),
        handed_over_at: "2026-11-01T08:00:00Z".into(),
    }
    .document();
    let handovers = vec![
        signed(
            "root 1",
            "root-handover (old root)",
            handover.clone(),
            &mut docs,
        ),
        signed("root 2", "root-handover (new root)", handover, &mut docs),
    ];

    // Role certificates (by the root), enrolment certificates (by the registrar) and a
    // revocation of a member's earlier key (by the registrar).
    let mut certificates = Vec::new();
    let mut keys = Vec::new();
    for (role, person, who) in officers_of {
        let doc = RoleCert {
            community: COMMUNITY.into(),
            root,
            person_id: person,
            holder: format!("职员{person}"),
            role: role.into(),
            building: String::new(),
            public_key: key(who),
            valid_from: "2026-11-02T09:00:00Z".into(),
            valid_until: String::new(),
            issued_at: "2026-11-02T09:00:00Z".into(),
        }
        .document();
        certificates.push(RecordCert {
            kind: "role".into(),
            signed: signed("root 2", &format!("role-cert ({role})"), doc, &mut docs),
        });
        keys.push(RecordKey {
            person_id: person,
            public_key: key(who).text(),
            ended_at: None,
        });
    }
    let enrol = |person: i64, holder: &str, units: &str, who: &str, at: &str| EnrolmentCert {
        community: COMMUNITY.into(),
        root,
        person_id: person,
        holder: holder.into(),
        units: units.into(),
        public_key: key(who),
        check_method: "id_card".into(),
        valid_from: at.into(),
        valid_until: String::new(),
        registrar_id: 5,
        registrar: "职员5".into(),
        issued_at: at.into(),
    };
    // 甲's key, enrolled before opening (listed with its certificate's hash).
    let jia = enrol(11, "甲一", "1栋 101", "voter 11", "2026-11-10T10:00:00Z").document();
    let jia_cert = jia.hash_hex();
    // 乙's key, enrolled during the vote (vouched for by the certificate alone).
    let yi = enrol(
        12,
        "乙二",
        "1栋 102",
        "voter 12",
        "2026-11-22T10:15:00.250Z",
    )
    .document();
    for (name, doc) in [
        ("enrolment-cert (before opening)", jia),
        ("enrolment-cert (during the vote)", yi),
    ] {
        certificates.push(RecordCert {
            kind: "enrolment".into(),
            signed: signed("registrar", name, doc, &mut docs),
        });
    }
    let revocation = Revocation {
        community: COMMUNITY.into(),
        root,
        person_id: 12,
        public_key: key("voter 12 lost"),
        reason: "手机丢失".into(),
        revoked_at: "2026-11-22T10:14:00Z".into(),
        by_id: 5,
        by: "职员5".into(),
    }
    .document();
    certificates.push(RecordCert {
        kind: "revocation".into(),
        signed: signed("registrar", "revocation-cert", revocation, &mut docs),
    });
    for (person, who, ended) in [
        (11, "voter 11", None),
        (12, "voter 12 lost", Some("2026-11-22T10:14:00Z")),
        (12, "voter 12", None),
        (60, "proxy 60", None),
    ] {
        keys.push(RecordKey {
            person_id: person,
            public_key: key(who).text(),
            ended_at: ended.map(str::to_string),
        });
    }

    // The manifest and its three lists.
    let manifest_entries: Vec<ManifestEntry> = entries
        .iter()
        .map(|e| ManifestEntry {
            entry_id: e.person_id,
            units: e.units.clone(),
            area: e.area,
            voter_id: e.voter(),
            keys: match e.voter() {
                11 => vec![ManifestKey {
                    public_key: key("voter 11").hex(),
                    cert: jia_cert.clone(),
                }],
                12 => vec![ManifestKey {
                    public_key: key("voter 12 lost").hex(),
                    cert: String::new(),
                }],
                _ => Vec::new(),
            },
        })
        .collect();
    let others = vec![ManifestPersonKeys {
        person_id: 60,
        keys: vec![ManifestKey {
            public_key: key("proxy 60").hex(),
            cert: String::new(),
        }],
    }];
    let officers: Vec<ManifestOfficer> = officers_of
        .iter()
        .map(|&(role, person, who)| ManifestOfficer {
            role: role.into(),
            person_id: person,
            public_key: key(who).hex(),
        })
        .collect();
    let doc = manifest::manifest_document(&ManifestFields {
        community: COMMUNITY,
        root: &root,
        vote: &vote,
        scope: None,
        roll_hash: &roll_hash,
        entries: &manifest_entries,
        others: &others,
        officers: &officers,
    });
    let manifest = RecordManifest {
        signed: signed("root 2", "vote-manifest", doc, &mut docs),
        entries: manifest_entries,
        others,
        officers,
    };
    let manifest_hash = manifest.hash();

    // Ballots: (entry index, cast by, who signs, choice, person seq, signed at).
    let mut ballots = Vec::new();
    let casts = [
        (0, 11, "voter 11", "agree", 1, "2026-11-22T10:00:00Z"),
        (1, 60, "proxy 60", "oppose", 1, "2026-11-22T10:05:00Z"),
        (1, 12, "voter 12", "agree", 2, "2026-11-22T10:20:00.5Z"),
    ];
    for (seq, &(i, cast_by, who, choice, person_seq, at)) in casts.iter().enumerate() {
        let doc = record::ballot_document_v3(
            &BallotFields {
                community: COMMUNITY,
                vote: &vote,
                roll_hash: &roll_hash,
                voter: &entries[i],
                cast_by_id: cast_by,
                cast_by: "",
                choice,
                public_key: &key(who),
                signed_at: at,
            },
            Binding {
                manifest_hash: &manifest_hash,
                person_seq,
            },
        );
        let receipt = doc.hash_hex();
        let name = format!("ballot-v3 (seq {})", seq + 1);
        ballots.push(RecordBallot {
            seq: seq as u32 + 1,
            person_id: entries[i].person_id,
            cast_by,
            channel: "file".into(),
            choice: choice.into(),
            receipt,
            signed: Some(signed(who, &name, doc, &mut docs)),
            scan_sha256: None,
            witnesses: Vec::new(),
            person_seq: Some(person_seq),
        });
    }
    let scan = hex::encode(Sha256::digest("丙三的纸质表决票扫描件"));
    let paper = record::paper_document_v3(
        COMMUNITY,
        &vote,
        &entries[2],
        "abstain",
        &scan,
        Binding {
            manifest_hash: &manifest_hash,
            person_seq: 1,
        },
    );
    ballots.push(RecordBallot {
        seq: 4,
        person_id: entries[2].person_id,
        cast_by: entries[2].voter(),
        channel: "paper".into(),
        choice: "abstain".into(),
        receipt: paper.hash_hex(),
        signed: None,
        scan_sha256: Some(scan),
        witnesses: vec![
            signed("host", "paper-ballot-v3 (host)", paper.clone(), &mut docs),
            signed("secretary", "paper-ballot-v3 (secretary)", paper, &mut docs),
        ],
        person_seq: Some(1),
    });

    let mut r = VoteRecord {
        format: record::RECORD_FORMAT_V2.into(),
        community: COMMUNITY.into(),
        vote,
        roll: RecordRoll {
            scope: None,
            hash: roll_hash.clone(),
            entries,
        },
        keys,
        proxies: vec![RecordProxy {
            owner_id: 102,
            proxy_id: 60,
            scan_sha256: hex::encode(Sha256::digest("乙二的委托书")),
            scope: "this_vote".into(),
            expires_at: "2026-11-22T18:00:00Z".into(),
            signed: Vec::new(),
        }],
        ballots,
        refused: vec![record::RecordRefusal {
            person_id: Some(104),
            reason: "签名时间不在投票期内".into(),
            at: "2026-11-22T09:29:59.999Z".into(),
        }],
        served: vec![RecordServed {
            person_id: 104,
            method: "left_at_home".into(),
            evidence_sha256: hex::encode(Sha256::digest("送达照片")),
            served_at: "2026-11-20".into(),
        }],
        result: None,
        manifest: None,
        checkpoint: None,
        event_proofs: Vec::new(),
        consistency: Vec::new(),
    };
    // 乙's written proxy to person 60, registered during the vote and signed by two officers of
    // the manifest (`yishi/proxy/v1`).
    {
        let entry = r
            .roll
            .entries
            .iter()
            .find(|e| e.person_id == 102)
            .expect("乙's entry")
            .clone();
        let p = &r.proxies[0];
        let doc = record::proxy_document(&record::ProxyFields {
            community: COMMUNITY,
            vote_id: r.vote.id,
            manifest_hash: &manifest_hash,
            entry: &entry,
            proxy_id: p.proxy_id,
            scope: &p.scope,
            expires_at: &p.expires_at,
            scan_sha256: &p.scan_sha256,
            registered_at: "2026-11-22T09:45:00Z",
        });
        let files = ["host", "secretary"]
            .into_iter()
            .map(|who| signed(who, &format!("proxy-v1 ({who})"), doc.clone(), &mut docs))
            .collect();
        r.proxies[0].signed = files;
    }
    r.manifest = Some(RecordManifestPart {
        manifest,
        root: RecordRoot {
            public_key: root.text(),
            generation: 2,
            handovers,
        },
        certificates,
    });
    let good: Vec<&RecordBallot> = r.ballots.iter().collect();
    let outcome = record::recount(&r, &good).expect("recount");
    let result = record::result_document_for(&r, &outcome);
    let signatures = ["host", "secretary", "scrutineer"]
        .into_iter()
        .map(|who| {
            signed(
                who,
                &format!("result-v2 ({who})"),
                result.clone(),
                &mut docs,
            )
        })
        .collect();
    r.result = Some(RecordResult {
        outcome,
        signatures,
    });
    let m = &r.manifest.as_ref().expect("v2").manifest;
    let section = json!({
        "description": "A complete yishi-vote-record/v2 from fixed seeds (seed = SHA-256 of the UTF-8 seed_label), with every signed or hashed structure in it: docs/record-format.md and docs/signing.md §11.",
        "name_commitments": r.roll.entries.iter().map(|e| {
            let c = e.committed.as_ref().expect("committed");
            json!({"salt": c.salt, "name": e.name, "commitment": c.commitment})
        }).collect::<Vec<_>>(),
        "roll_hash_v3": roll_hash,
        "entries_hash": manifest::entries_hash(&m.entries),
        "others_hash": manifest::others_hash(&m.others),
        "officers_hash": manifest::officers_hash(&m.officers),
        "manifest_hash": m.hash(),
        "root_fingerprint": hex::encode(Sha256::digest(root.0)),
        "ballots_hash_v2": record::ballots_hash_v2(&r.ballots),
        "documents": docs,
        "record": r,
    });
    (r, section)
}

#[test]
fn record_vectors_match_and_the_record_verifies() {
    let (r, want) = computed();
    let verdict = record::verify_record(&r);
    assert!(
        verdict.discrepancies.is_empty(),
        "{:?}",
        verdict.discrepancies
    );
    // The vector exercises what it says: the proxy's ballot overridden by the owner's, the
    // 从众 clause with a served owner, a paper ballot, and a key enrolled during the vote.
    let Some(record::Outcome::Question(t)) = verdict.recount else {
        panic!("a question's recount");
    };
    assert_eq!((t.yn, t.on, t.abstain_n), (3, 0, 1), "{t:?}");
    assert_eq!(t.conformity.map(|c| (c.served, c.persons)), Some((1, 1)));
    assert!(verdict.notes.iter().any(|n| n.en.contains("enrolled")));
    if std::env::var("YISHI_BLESS").is_ok() {
        let out =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/record-vectors.json");
        std::fs::write(&out, serde_json::to_string_pretty(&want).expect("json")).expect("write");
        // The record with its members in the order the app writes them (a JSON value would
        // sort them, and the result signs the outcome's text): paste it as `record`.
        let out = out.with_file_name("record-vectors-record.json");
        std::fs::write(&out, serde_json::to_string_pretty(&r).expect("json")).expect("write");
    }
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/signing-vectors.json");
    let all: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json");
    assert_eq!(
        all["record_v2"], want,
        "docs/signing-vectors.json record_v2 differs from the code: run YISHI_BLESS=1 cargo test --test it record_vectors and paste target/record-vectors.json"
    );
}
