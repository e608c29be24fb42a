//! The frozen vectors of `docs/signing-vectors.json` against the Rust implementation: RFC 8032's
//! Ed25519 vectors through ed25519-dalek, and Yishi's documents through
//! `yishi::crypto::signing` (canonical bytes, hash, deterministic signature, key text and
//! fingerprint, strict verification). `tests/crosscheck/test_vectors.py` checks the same file
//! with an independent Python implementation.

use ed25519_dalek::{Signer, SigningKey};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use yishi::crypto::signing::{
    self, Document, FieldValue, KeyTextError, PublicKey, VerifyError, sign_with_seed,
};
use yishi::formats::signed::SignedFile;

#[derive(Deserialize)]
struct Vectors {
    rfc8032_ed25519: Vec<RfcVector>,
    documents: Vec<DocVector>,
    strict_rejections: Vec<Rejection>,
    public_key_texts: Vec<KeyText>,
    signed_files: Vec<SignedFileVector>,
    convention_versions: Vec<ConventionVersionVector>,
    roll_digests: Vec<RollDigestVector>,
}

#[derive(Deserialize)]
struct RollDigestVector {
    name: String,
    version: i64,
    parking_counts: bool,
    lines: Vec<RollLineVector>,
    bytes_hex: String,
    hash_hex: String,
}

#[derive(Deserialize)]
struct RollLineVector {
    building: String,
    number: String,
    entrance: String,
    kind: String,
    area_centi: i64,
    area_source: String,
    status: String,
    people: Vec<RollPersonVector>,
}

#[derive(Deserialize)]
struct RollPersonVector {
    id_digest: String,
    name: String,
    relation: String,
    designated_voter: bool,
    adult_from: Option<String>,
    lives_there: Option<bool>,
}

#[derive(Deserialize)]
struct ConventionVersionVector {
    name: String,
    version: ConventionVersion,
    bytes_hex: String,
    hash_hex: String,
}

#[derive(Deserialize)]
struct ConventionVersion {
    community: String,
    kind: yishi::domain::convention::ConventionKind,
    title: String,
    number: i64,
    articles: Vec<yishi::domain::convention::Article>,
}

#[derive(Deserialize)]
struct RfcVector {
    name: String,
    secret_key_hex: String,
    public_key_hex: String,
    message_hex: String,
    signature_hex: String,
}

#[derive(Deserialize)]
struct DocVector {
    name: String,
    seed_label: Option<String>,
    seed_hex: String,
    document: serde_json::Value,
    bytes_hex: String,
    hash_hex: String,
    public_key_hex: String,
    public_key_text: String,
    fingerprint: String,
    signature_hex: String,
}

#[derive(Deserialize)]
struct Rejection {
    name: String,
    public_key_hex: String,
    document: Document,
    signature_hex: String,
    expect: String,
}

#[derive(Deserialize)]
struct KeyText {
    input: String,
    expect: String,
    hex: Option<String>,
}

#[derive(Deserialize)]
struct SignedFileVector {
    name: String,
    valid: bool,
    file: serde_json::Value,
}

fn vectors() -> Vectors {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/signing-vectors.json");
    let text = std::fs::read_to_string(&path).expect("read docs/signing-vectors.json");
    serde_json::from_str(&text).expect("docs/signing-vectors.json parses")
}

fn unhex<const N: usize>(text: &str) -> [u8; N] {
    hex::decode(text).expect("hex").try_into().expect("length")
}

fn key_of(hex_text: &str) -> PublicKey {
    PublicKey(unhex::<32>(hex_text))
}

#[test]
fn rfc8032_vectors_match_ed25519_dalek() {
    let v = vectors();
    assert_eq!(v.rfc8032_ed25519.len(), 3);
    for t in &v.rfc8032_ed25519 {
        let secret = SigningKey::from_bytes(&unhex::<32>(&t.secret_key_hex));
        let message = hex::decode(&t.message_hex).expect("hex");
        assert_eq!(
            hex::encode(secret.verifying_key().to_bytes()),
            t.public_key_hex,
            "{}: public key",
            t.name
        );
        let signature = secret.sign(&message);
        assert_eq!(
            hex::encode(signature.to_bytes()),
            t.signature_hex,
            "{}: signature",
            t.name
        );
        secret
            .verifying_key()
            .verify_strict(&message, &signature)
            .unwrap_or_else(|e| panic!("{}: verify_strict: {e}", t.name));
        let mut other = message.clone();
        other.push(0);
        assert!(
            secret
                .verifying_key()
                .verify_strict(&other, &signature)
                .is_err(),
            "{}: another message",
            t.name
        );
        // The raw-bytes batch check of signing.rs accepts them too.
        let item = (
            key_of(&t.public_key_hex),
            message,
            unhex::<64>(&t.signature_hex),
        );
        assert!(signing::verify_batch(&[item]), "{}: verify_batch", t.name);
    }
}

fn seed_of(v: &DocVector) -> [u8; 32] {
    let seed: [u8; 32] = match &v.seed_label {
        Some(label) => Sha256::digest(label.as_bytes()).into(),
        None => std::array::from_fn(|i| i as u8 + 1),
    };
    assert_eq!(hex::encode(seed), v.seed_hex, "{}: seed rule", v.name);
    seed
}

fn document_of(v: &DocVector) -> Document {
    let doc: Document = serde_json::from_value(v.document.clone()).expect("document JSON");
    // The JSON form in the vectors is exactly what serde writes for `Document`.
    assert_eq!(
        serde_json::to_value(&doc).expect("serialise"),
        v.document,
        "{}: JSON form",
        v.name
    );
    doc
}

#[test]
fn document_vectors_reproduce() {
    let v = vectors();
    assert!(v.documents.len() >= 5);
    for t in &v.documents {
        let seed = seed_of(t);
        let doc = document_of(t);
        assert!(doc.context_is_valid(), "{}: context", t.name);
        assert_eq!(hex::encode(doc.bytes()), t.bytes_hex, "{}: bytes", t.name);
        assert_eq!(doc.hash_hex(), t.hash_hex, "{}: hash", t.name);
        assert_eq!(
            hex::encode(Sha256::digest(doc.bytes())),
            t.hash_hex,
            "{}: hash is SHA-256 of the bytes",
            t.name
        );
        let (public, signature) = sign_with_seed(&seed, &doc);
        assert_eq!(public.hex(), t.public_key_hex, "{}: public key", t.name);
        assert_eq!(signature, t.signature_hex, "{}: signature", t.name);
        assert_eq!(public.text(), t.public_key_text, "{}: key text", t.name);
        assert_eq!(
            public.fingerprint(),
            t.fingerprint,
            "{}: fingerprint",
            t.name
        );
        let digest = Sha256::digest(public.0);
        let expected_fp = hex::encode_upper(&digest[..8]);
        assert_eq!(
            t.fingerprint.replace(' ', ""),
            expected_fp,
            "{}: fingerprint rule",
            t.name
        );
        assert_eq!(
            PublicKey::parse(&t.public_key_text),
            Ok(public),
            "{}: parse text",
            t.name
        );
        assert_eq!(
            PublicKey::parse(&t.public_key_hex),
            Ok(public),
            "{}: parse hex",
            t.name
        );
        assert_eq!(
            signing::verify(&public, &doc, &signature),
            Ok(()),
            "{}: verify",
            t.name
        );
        // Same signature with ed25519-dalek directly over the canonical bytes.
        let direct = SigningKey::from_bytes(&seed).sign(&hex::decode(&t.bytes_hex).expect("hex"));
        assert_eq!(
            hex::encode(direct.to_bytes()),
            t.signature_hex,
            "{}: dalek",
            t.name
        );
    }
}

#[test]
fn any_changed_signature_byte_fails() {
    for t in &vectors().documents {
        let doc = document_of(t);
        let public = key_of(&t.public_key_hex);
        let signature = unhex::<64>(&t.signature_hex);
        for i in 0..64 {
            for mask in [0x01u8, 0x80, 0xff] {
                let mut bad = signature;
                bad[i] ^= mask;
                assert_eq!(
                    signing::verify(&public, &doc, &hex::encode(bad)),
                    Err(VerifyError::Mismatch),
                    "{}: byte {i} ^ {mask:#04x}",
                    t.name
                );
            }
        }
    }
}

/// Every way of changing a document that a verifier must notice.
fn mutations(doc: &Document) -> Vec<(String, Document)> {
    let mut out = Vec::new();
    let mut push = |what: String, d: Document| out.push((what, d));
    for i in 0..doc.fields.len() {
        let mut d = doc.clone();
        d.fields[i].value = match &doc.fields[i].value {
            FieldValue::Text(t) => FieldValue::Text(format!("{t}x")),
            FieldValue::Int(n) => FieldValue::Int(n.wrapping_add(1)),
        };
        push(format!("value of field {i}"), d);
        let mut d = doc.clone();
        d.fields[i].value = match &doc.fields[i].value {
            FieldValue::Text(t) if !t.is_empty() => FieldValue::Text(
                t[..t.len() - t.chars().last().map_or(0, char::len_utf8)].to_string(),
            ),
            FieldValue::Text(_) => FieldValue::Text(" ".into()),
            FieldValue::Int(n) => FieldValue::Int(n.wrapping_neg().wrapping_sub(1)),
        };
        push(format!("value of field {i}, shortened or negated"), d);
        let mut d = doc.clone();
        d.fields[i].value = match &doc.fields[i].value {
            FieldValue::Text(t) => FieldValue::Int(t.parse().unwrap_or(0)),
            FieldValue::Int(n) => FieldValue::Text(n.to_string()),
        };
        push(format!("type of field {i}"), d);
        let mut d = doc.clone();
        d.fields[i].name.push('_');
        push(format!("name of field {i}"), d);
        let mut d = doc.clone();
        d.fields.remove(i);
        push(format!("field {i} removed"), d);
        let mut d = doc.clone();
        d.fields.insert(i, doc.fields[i].clone());
        push(format!("field {i} repeated"), d);
        if i + 1 < doc.fields.len() && doc.fields[i] != doc.fields[i + 1] {
            let mut d = doc.clone();
            d.fields.swap(i, i + 1);
            push(format!("fields {i} and {} swapped", i + 1), d);
        }
    }
    let mut d = doc.clone();
    d.fields.push(signing::Field {
        name: "extra".into(),
        value: FieldValue::Text(String::new()),
    });
    push("a field appended".into(), d);
    let mut d = doc.clone();
    d.context = bump_version(&doc.context);
    push("context version".into(), d);
    let mut d = doc.clone();
    d.context = doc.context.replacen("yishi/", "yishi/x", 1);
    push("context kind".into(), d);
    out
}

fn bump_version(context: &str) -> String {
    let (head, version) = context.rsplit_once("/v").expect("versioned context");
    let n: u64 = version.parse().expect("version number");
    format!("{head}/v{}", n + 1)
}

#[test]
fn any_changed_field_or_context_fails() {
    for t in &vectors().documents {
        let doc = document_of(t);
        let public = key_of(&t.public_key_hex);
        for (what, changed) in mutations(&doc) {
            assert_ne!(
                changed.bytes(),
                doc.bytes(),
                "{}: {what} changes the bytes",
                t.name
            );
            assert_ne!(
                changed.hash_hex(),
                doc.hash_hex(),
                "{}: {what} changes the hash",
                t.name
            );
            assert_eq!(
                signing::verify(&public, &changed, &t.signature_hex),
                Err(VerifyError::Mismatch),
                "{}: {what}",
                t.name
            );
        }
        // Another vector's key never accepts this signature.
        let other = sign_with_seed(&[7u8; 32], &doc).0;
        assert_eq!(
            signing::verify(&other, &doc, &t.signature_hex),
            Err(VerifyError::Mismatch)
        );
    }
}

#[test]
fn strict_rejections_are_rejected_one_by_one_and_in_batches() {
    let v = vectors();
    let good: Vec<(PublicKey, Vec<u8>, [u8; 64])> = v
        .documents
        .iter()
        .map(|t| {
            (
                key_of(&t.public_key_hex),
                hex::decode(&t.bytes_hex).expect("hex"),
                unhex::<64>(&t.signature_hex),
            )
        })
        .collect();
    assert!(
        signing::verify_batch(&good),
        "all document vectors in one batch"
    );
    assert!(signing::verify_batch(&[]), "an empty batch");
    for r in &v.strict_rejections {
        let public = key_of(&r.public_key_hex);
        let expected = match r.expect.as_str() {
            "mismatch" => VerifyError::Mismatch,
            "malformed" => VerifyError::Malformed,
            "bad_context" => VerifyError::BadContext,
            other => panic!("{}: unknown expectation {other}", r.name),
        };
        assert_eq!(
            signing::verify(&public, &r.document, &r.signature_hex),
            Err(expected),
            "{}",
            r.name
        );
        let Ok(bytes) = hex::decode(&r.signature_hex) else {
            continue;
        };
        let Ok(signature) = <[u8; 64]>::try_from(bytes) else {
            continue;
        };
        if r.expect == "bad_context" {
            // The batch check sees only bytes: it has no context to judge.
            continue;
        }
        let item = (public, r.document.bytes(), signature);
        assert!(
            !signing::verify_batch(std::slice::from_ref(&item)),
            "{}: alone in a batch",
            r.name
        );
        let mut mixed = good.clone();
        mixed.insert(mixed.len() / 2, item);
        assert!(
            !signing::verify_batch(&mixed),
            "{}: among valid ones",
            r.name
        );
    }
}

#[test]
fn public_key_texts_parse_as_specified() {
    for t in &vectors().public_key_texts {
        let got = PublicKey::parse(&t.input);
        match t.expect.as_str() {
            "ok" => {
                let key = got.unwrap_or_else(|e| panic!("{:?}: {e}", t.input));
                assert_eq!(Some(key.hex()), t.hex, "{:?}", t.input);
            }
            "malformed" => assert_eq!(got, Err(KeyTextError::Malformed), "{:?}", t.input),
            "not_a_point" => assert_eq!(got, Err(KeyTextError::NotAPoint), "{:?}", t.input),
            "weak" => assert_eq!(got, Err(KeyTextError::Weak), "{:?}", t.input),
            other => panic!("unknown expectation {other}"),
        }
    }
}

#[test]
fn signed_files_verify_as_specified() {
    for t in &vectors().signed_files {
        let file: SignedFile = serde_json::from_value(t.file.clone()).expect("a SignedFile");
        assert_eq!(
            serde_json::to_value(&file).expect("serialise"),
            t.file,
            "{}: form",
            t.name
        );
        let valid = file.format == "yishi-signed/v1"
            && PublicKey::parse(&file.public_key)
                .is_ok_and(|key| signing::verify(&key, &file.document, &file.signature).is_ok());
        assert_eq!(valid, t.valid, "{}", t.name);
        assert_eq!(
            file.verify().is_ok(),
            t.valid,
            "{}: SignedFile::verify",
            t.name
        );
    }
}

/// The hash that fixes a convention version's text (an adoption vote's motion and every
/// acknowledgement carry it) against the vectors written from the specification.
#[test]
fn convention_version_hashes_match_the_vectors() {
    use yishi::crypto::convention::{VersionText, version_bytes, version_hash};
    let v = vectors();
    assert!(v.convention_versions.len() >= 3);
    for c in &v.convention_versions {
        let text = VersionText {
            community: &c.version.community,
            kind: c.version.kind,
            title: &c.version.title,
            number: c.version.number,
            articles: &c.version.articles,
        };
        assert_eq!(
            hex::encode(version_bytes(&text)),
            c.bytes_hex,
            "{}: bytes",
            c.name
        );
        assert_eq!(version_hash(&text), c.hash_hex, "{}: hash", c.name);
    }
}

/// The roll digest the log records after every roll change (docs/signing.md §3.1), in both
/// versions, against the vectors written from the specification by the Python implementation:
/// version 1 stays what databases made before migration 0010 recorded.
#[test]
fn roll_digests_match_the_vectors() {
    use yishi::crypto::chain::{RollDigestVersion, RollLine, RollPerson, roll_bytes, roll_digest};
    let v = vectors();
    assert!(v.roll_digests.len() >= 3);
    for r in &v.roll_digests {
        let version = RollDigestVersion::from_number(r.version).expect("a known version");
        let lines = || {
            r.lines.iter().map(|u| RollLine {
                building: &u.building,
                number: &u.number,
                entrance: &u.entrance,
                kind: &u.kind,
                area_centi: u.area_centi,
                area_source: &u.area_source,
                status: &u.status,
                people: u
                    .people
                    .iter()
                    .map(|p| RollPerson {
                        id_digest: &p.id_digest,
                        name: &p.name,
                        relation: &p.relation,
                        designated_voter: p.designated_voter,
                        adult_from: p.adult_from.as_deref(),
                        lives_there: p.lives_there,
                    })
                    .collect(),
            })
        };
        assert_eq!(
            hex::encode(roll_bytes(version, r.parking_counts, lines()).bytes()),
            r.bytes_hex,
            "{}: bytes",
            r.name
        );
        assert_eq!(
            roll_digest(version, r.parking_counts, lines()),
            r.hash_hex,
            "{}: hash",
            r.name
        );
    }
    let versions: std::collections::BTreeSet<i64> =
        v.roll_digests.iter().map(|r| r.version).collect();
    assert_eq!(versions.into_iter().collect::<Vec<_>>(), [1, 2]);
}

/// The ballot a member signs, as `formats::record::ballot_document` builds it: v2 for a roll
/// entry with the person who votes for it (吴 voting for the co-owned 2栋2505 with 肖), v1 for
/// a roll frozen before roll entries were kept apart.
fn ballot_for(v2: bool, seed: &[u8; 32]) -> Document {
    use yishi::domain::area::Area;
    use yishi::domain::vote::{Rule, VoteSettings};
    use yishi::formats::record::{self, RecordVote, RollSnapshotEntry, VoteKind};
    let vote = RecordVote {
        id: 7,
        title: "续聘物业服务企业".into(),
        motion: "同意续聘阳光物业，服务期三年。".into(),
        kind: VoteKind::Question,
        settings: VoteSettings::new(Rule::OwnersOrdinary),
        opened_at: "2026-11-22T09:30:00Z".into(),
        closed_at: String::new(),
        opens_at: None,
        closes_at: None,
    };
    let entry = RollSnapshotEntry {
        person_id: if v2 { 12 } else { 3 },
        name: "吴建平".into(),
        units: vec!["2栋 2505".into()],
        area: Area(13208),
        voter_id: v2.then_some(3),
        committed: None,
    };
    let public = PublicKey(SigningKey::from_bytes(seed).verifying_key().to_bytes());
    record::ballot_document(&record::BallotFields {
        community: "阳光小区",
        vote: &vote,
        roll_hash: &"ab".repeat(32),
        voter: &entry,
        cast_by_id: 3,
        cast_by: "吴建平",
        choice: "agree",
        public_key: &public,
        signed_at: "2026-11-22T10:00:00Z",
    })
}

#[test]
fn the_ballot_vectors_are_what_the_app_signs() {
    let v = vectors();
    for (name, v2) in [("ballot-v1", false), ("ballot-v2", true)] {
        let t = v
            .documents
            .iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("vector {name}"));
        let doc = ballot_for(v2, &seed_of(t));
        assert_eq!(doc, document_of(t), "{name}");
        let context = if v2 {
            "yishi/ballot/v2"
        } else {
            "yishi/ballot/v1"
        };
        assert_eq!(doc.context, context);
    }
}

/// `yishi/consent/v1` (住改商) is frozen: `formats::consent::consent_document` rebuilds the two
/// vectors (written from the specification by the Python implementation) field for field, and
/// the verifier of the consent record accepts their signatures.
#[test]
fn consent_vectors_are_the_frozen_statement() {
    use yishi::domain::consent::{Answer, Basis, CoOwnerRule, Party, PartyMember};
    use yishi::formats::consent::{ConsentFields, ConsentRequestInfo, consent_document};
    let v = vectors();
    let mut seen = 0;
    for t in v
        .documents
        .iter()
        .filter(|t| t.name == "consent" || t.name == "refusal")
    {
        seen += 1;
        let doc = document_of(t);
        let text = |name: &str| doc.get_text(name).expect("text field").to_string();
        let request = ConsentRequestInfo {
            id: doc.get_int("consent_id").expect("consent_id"),
            unit_id: 0,
            unit: text("unit"),
            building: String::new(),
            applicant: text("applicant"),
            business: text("business"),
            deadline: text("deadline"),
            co_owners: CoOwnerRule::parse(&text("co_owners")).expect("setting"),
            opened_at: String::new(),
        };
        let party = Party {
            key: text("party"),
            basis: Basis::SameBuilding,
            units: text("party_units")
                .split('、')
                .map(str::to_string)
                .collect(),
            members: vec![PartyMember {
                person_id: doc.get_int("signer_id").expect("signer_id"),
                name: text("signer"),
                designated_voter: true,
            }],
            developer: false,
        };
        let public = key_of(&t.public_key_hex);
        let rebuilt = consent_document(&ConsentFields {
            community: &text("community"),
            request: &request,
            roll_hash: &text("roll_hash"),
            party: &party,
            answer: Answer::parse(&text("answer")).expect("answer"),
            signer_id: party.members[0].person_id,
            signer: &party.members[0].name,
            public_key: &public,
            signed_at: &text("signed_at"),
        });
        assert_eq!(
            rebuilt, doc,
            "{}: the builder drifted from the frozen vector",
            t.name
        );
        assert_eq!(
            hex::encode(rebuilt.bytes()),
            t.bytes_hex,
            "{}: bytes",
            t.name
        );
        signing::verify(&public, &rebuilt, &t.signature_hex)
            .unwrap_or_else(|e| panic!("{}: {e:?}", t.name));
    }
    assert_eq!(
        seen, 2,
        "the consent and refusal vectors are in docs/signing-vectors.json"
    );
}

/// The documents of votes opened with a manifest, as the app builds them from fixed inputs:
/// `yishi/vote-manifest/v1`, `yishi/ballot/v3`, `yishi/paper-ballot/v3`, `yishi/result/v2`.
fn manifest_documents() -> Vec<(&'static str, Document)> {
    use yishi::domain::area::Area;
    use yishi::domain::vote::{Rule, VoteSettings};
    use yishi::formats::manifest::{
        self, ManifestEntry, ManifestFields, ManifestKey, ManifestOfficer,
    };
    use yishi::formats::record::{self, Binding, RecordVote, RollSnapshotEntry, VoteKind};
    let seed = |label: &str| -> [u8; 32] { Sha256::digest(label.as_bytes()).into() };
    let public = |label: &str| {
        PublicKey(
            SigningKey::from_bytes(&seed(label))
                .verifying_key()
                .to_bytes(),
        )
    };
    let vote = RecordVote {
        id: 7,
        title: "续聘物业服务企业".into(),
        motion: "同意续聘阳光物业，服务期三年。".into(),
        kind: VoteKind::Question,
        settings: VoteSettings::new(Rule::OwnersOrdinary),
        opened_at: "2026-11-22T09:30:00Z".into(),
        closed_at: "2026-11-22T18:05:00Z".into(),
        opens_at: Some("2026-11-22T09:30:00Z".into()),
        closes_at: Some("2026-11-22T18:00:00Z".into()),
    };
    let salt = "00112233445566778899aabbccddeeff";
    let entry = RollSnapshotEntry {
        person_id: 1_000_000_012,
        name: "吴建平".into(),
        units: vec!["2栋 2505".into()],
        area: Area(13208),
        voter_id: Some(3),
        committed: Some(record::NameCommitment {
            commitment: record::name_commitment(salt, "吴建平"),
            salt: Some(salt.into()),
        }),
    };
    let roll_hash = record::roll_hash(None, std::slice::from_ref(&entry));
    let entries = vec![ManifestEntry {
        entry_id: entry.person_id,
        units: entry.units.clone(),
        area: entry.area,
        voter_id: 3,
        keys: vec![ManifestKey {
            public_key: public("yishi vectors: ballot v3").hex(),
            cert: String::new(),
        }],
    }];
    let officers = vec![
        ManifestOfficer {
            role: "host".into(),
            person_id: 1,
            public_key: public("yishi vectors: host").hex(),
        },
        ManifestOfficer {
            role: "secretary".into(),
            person_id: 2,
            public_key: public("yishi vectors: secretary").hex(),
        },
        ManifestOfficer {
            role: "scrutineer".into(),
            person_id: 4,
            public_key: public("yishi vectors: scrutineer").hex(),
        },
    ];
    let manifest = manifest::manifest_document(&ManifestFields {
        community: "阳光小区",
        root: &public("yishi vectors: vote manifest"),
        vote: &vote,
        scope: None,
        roll_hash: &roll_hash,
        entries: &entries,
        others: &[],
        officers: &officers,
    });
    let manifest_hash = manifest.hash_hex();
    let bind = Binding {
        manifest_hash: &manifest_hash,
        person_seq: 2,
    };
    let ballot = record::ballot_document_v3(
        &record::BallotFields {
            community: "阳光小区",
            vote: &vote,
            roll_hash: &roll_hash,
            voter: &entry,
            cast_by_id: 3,
            cast_by: "吴建平",
            choice: "oppose",
            public_key: &public("yishi vectors: ballot v3"),
            signed_at: "2026-11-22T10:00:00Z",
        },
        bind,
    );
    let paper =
        record::paper_document_v3("阳光小区", &vote, &entry, "agree", &"cd".repeat(32), bind);
    let b = record::RecordBallot {
        seq: 1,
        person_id: entry.person_id,
        cast_by: 3,
        channel: "kiosk".into(),
        choice: "oppose".into(),
        receipt: ballot.hash_hex(),
        signed: None,
        scan_sha256: None,
        witnesses: Vec::new(),
        person_seq: Some(2),
    };
    // One entry, one opposing ballot: the tally as the domain computes it.
    let roll = [yishi::domain::vote::RollEntry {
        person_id: entry.person_id,
        area: entry.area,
    }];
    let input = yishi::domain::vote::TallyInput {
        roll: &roll,
        ballots: &[(entry.person_id, yishi::domain::vote::Choice::Oppose)],
        served_non_voters: None,
        refused: 0,
    };
    let outcome = record::Outcome::Question(
        yishi::domain::vote::tally(&input, &vote.settings).expect("tally"),
    );
    let result = record::result_document_v2("阳光小区", &vote, &manifest_hash, &[b], &outcome);
    vec![
        ("vote-manifest", manifest),
        ("ballot-v3", ballot),
        ("paper-ballot-v3", paper),
        ("result-v2", result),
    ]
}

#[test]
fn the_manifest_vectors_are_what_the_app_signs() {
    let v = vectors();
    let built = manifest_documents();
    if std::env::var("YISHI_PRINT_VECTORS").is_ok() {
        for (name, doc) in &built {
            println!(
                "VECTOR {name} {}",
                serde_json::to_string(doc).expect("json")
            );
        }
    }
    for (name, doc) in built {
        let t = v
            .documents
            .iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("vector {name}"));
        assert_eq!(doc, document_of(t), "{name}");
        assert_eq!(
            t.seed_label.as_deref(),
            Some(format!("yishi vectors: {}", name.replace('-', " ")).as_str()),
            "{name}: seed label"
        );
    }
}
