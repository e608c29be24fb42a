//! The `checkpoints` vectors of `docs/signing-vectors.json`: a small event log (each event's hash
//! from its fields), its RFC 9162 tree hashes for every size, inclusion and consistency proofs,
//! and a signed `yishi/checkpoint/v1`. `tests/crosscheck/test_vectors.py` recomputes all of it
//! independently. `YISHI_BLESS=1` writes the computed vector to
//! `target/checkpoint-vectors.json` for pasting when the format changes (it never should).

use serde_json::{Value, json};
use yishi::crypto::chain::{EventFields, GENESIS, event_hash};
use yishi::crypto::merkle::{self, Tree};
use yishi::crypto::signing::{PublicKey, sign_with_seed};
use yishi::formats::signed::SignedFile;
use yishi::ops::anchor::checkpoint::CheckpointHead;

const SEED: [u8; 32] = [0x5c; 32];
const INCLUSIONS: [(u64, u64); 5] = [(0, 7), (3, 7), (6, 7), (4, 5), (0, 1)];
const CONSISTENCIES: [(u64, u64); 6] = [(1, 7), (3, 7), (4, 7), (6, 7), (2, 5), (7, 7)];

fn computed() -> Value {
    let kinds = [
        ("community.created", Some(1), r#"{"name":"阳光山庄"}"#),
        ("root.created", Some(1), r#"{"generation":1}"#),
        ("roll.imported", Some(1), r#"{"units":3}"#),
        ("secrets.created", None, r#"{}"#),
        ("vote.opened", Some(1), r#"{"vote_id":1}"#),
        ("ballot.cast", Some(1), r#"{"receipt":"ab"}"#),
        ("vote.closed", Some(1), r#"{"vote_id":1,"passed":true}"#),
    ];
    let mut prev = GENESIS.to_string();
    let mut events = Vec::new();
    let mut hashes = Vec::new();
    for (i, (kind, community, payload)) in kinds.iter().enumerate() {
        let seq = i as i64 + 1;
        let at = format!("2026-11-22T10:00:0{i}.000Z");
        let hash = event_hash(&EventFields {
            seq,
            at: &at,
            actor: "主持人#7",
            community_id: *community,
            kind,
            payload,
            prev_hash: &prev,
        });
        events.push(json!({
            "seq": seq, "at": at, "actor": "主持人#7", "community_id": community,
            "kind": kind, "payload": payload, "prev_hash": prev, "hash": hash,
        }));
        hashes.push(merkle::from_hex(&hash).expect("hex"));
        prev = hash;
    }
    let tree = Tree::from_event_hashes(hashes.iter());
    let roots: Vec<String> = (0..=7)
        .map(|n| merkle::to_hex(&tree.root_at(n).expect("size")))
        .collect();
    let hexes = |v: Vec<merkle::Hash>| v.iter().map(merkle::to_hex).collect::<Vec<_>>();
    let inclusion: Vec<Value> = INCLUSIONS
        .iter()
        .map(|&(index, size)| {
            json!({ "index": index, "size": size,
                    "path": hexes(tree.inclusion_proof(index, size).expect("proof")) })
        })
        .collect();
    let consistency: Vec<Value> = CONSISTENCIES
        .iter()
        .map(|&(first, second)| {
            json!({ "first": first, "second": second,
                    "proof": hexes(tree.consistency_proof(first, second).expect("proof")) })
        })
        .collect();
    let (root_key, _) = sign_with_seed(&SEED, &yishi::crypto::signing::Document::new("yishi/x/v1"));
    let head = CheckpointHead {
        community: "阳光山庄".into(),
        root: root_key,
        tree_size: 7,
        root_hash: tree.root(),
        head_event_hash: prev.clone(),
        made_at: "2026-11-22T10:00:07.000Z".into(),
        reason: "vote_closed".into(),
    };
    let doc = head.document();
    let (public, signature) = sign_with_seed(&SEED, &doc);
    let file = SignedFile::new(doc.clone(), &public, signature);
    json!({
        "name": "seven events, signed at size 7",
        "seed_hex": hex::encode(SEED),
        "events": events,
        "roots": roots,
        "inclusion": inclusion,
        "consistency": consistency,
        "checkpoint": file,
        "checkpoint_bytes_hex": hex::encode(doc.bytes()),
        "checkpoint_hash_hex": doc.hash_hex(),
    })
}

#[test]
fn checkpoint_vectors_match() {
    let want = computed();
    if std::env::var("YISHI_BLESS").is_ok() {
        let out =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/checkpoint-vectors.json");
        std::fs::write(&out, serde_json::to_string_pretty(&want).expect("json")).expect("write");
    }
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/signing-vectors.json");
    let all: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json");
    let given = &all["checkpoints"][0];
    assert_eq!(
        given, &want,
        "docs/signing-vectors.json checkpoints[0] differs from the code"
    );
    // The vector's checkpoint verifies as a checkpoint, and its proofs by the RFC's algorithms.
    let file: SignedFile = serde_json::from_value(given["checkpoint"].clone()).expect("file");
    let head = CheckpointHead::from_signed(&file).expect("valid");
    assert_eq!(head.root, PublicKey::parse(&file.public_key).expect("key"));
    let root =
        |n: u64| merkle::from_hex(given["roots"][n as usize].as_str().expect("s")).expect("h");
    for c in given["consistency"].as_array().expect("array") {
        let (f, s) = (
            c["first"].as_u64().expect("n"),
            c["second"].as_u64().expect("n"),
        );
        let proof: Vec<merkle::Hash> = c["proof"]
            .as_array()
            .expect("a")
            .iter()
            .map(|h| merkle::from_hex(h.as_str().expect("s")).expect("h"))
            .collect();
        merkle::verify_consistency(f, s, &root(f), &root(s), &proof).expect("consistent");
    }
}
