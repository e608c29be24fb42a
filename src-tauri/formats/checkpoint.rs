//! The signed tree head (`yishi/checkpoint/v1`) and an event's inclusion proof
//! (`yishi-inclusion/v1`) as documents: reading a signed checkpoint and checking a proof need
//! nothing but the bytes (docs/record-format.md, "Checkpoints"). Pure; `ops::anchor::checkpoint`
//! makes and stores them, `record_checkpoint` checks the ones a vote record carries.

use crate::crypto::merkle::{self, Hash};
use crate::crypto::signing::{Document, PublicKey};
use crate::formats::signed::SignedFile;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The signed document's context.
pub const CHECKPOINT_CONTEXT: &str = "yishi/checkpoint/v1";
/// The export format of a consistency proof.
pub const CONSISTENCY_FORMAT: &str = "yishi-consistency/v1";
/// The export format of an event's inclusion proof.
pub const INCLUSION_FORMAT: &str = "yishi-inclusion/v1";

/// The fields of a `yishi/checkpoint/v1` document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointHead {
    pub community: String,
    pub root: PublicKey,
    pub tree_size: u64,
    pub root_hash: Hash,
    pub head_event_hash: String,
    pub made_at: String,
    pub reason: String,
}

impl CheckpointHead {
    /// The document the root signs. Field order is part of the format (docs/record-format.md).
    pub fn document(&self) -> Document {
        Document::new(CHECKPOINT_CONTEXT)
            .text("community", &self.community)
            .text("root", self.root.hex())
            .text("alg", "ed25519")
            .text("hash_alg", "sha256")
            .int("tree_size", self.tree_size as i64)
            .text("root_hash", merkle::to_hex(&self.root_hash))
            .text("head_event_hash", &self.head_event_hash)
            .text("made_at", &self.made_at)
            .text("reason", &self.reason)
    }

    /// Reads a signed checkpoint file: the signature must verify (strict RFC 8032), the document
    /// must be exactly a `yishi/checkpoint/v1` with its fields in order, and its `root` must be
    /// the key that signed. Whether that key is this community's root is the caller's question.
    pub fn from_signed(file: &SignedFile) -> Result<CheckpointHead, String> {
        let signer = file
            .verify()
            .map_err(|e| format!("the signature does not verify ({e:?})"))?;
        let d = &file.document;
        if d.context != CHECKPOINT_CONTEXT {
            return Err(format!("the document is a {}, not a checkpoint", d.context));
        }
        let names: Vec<&str> = d.fields.iter().map(|f| f.name.as_str()).collect();
        let want = [
            "community",
            "root",
            "alg",
            "hash_alg",
            "tree_size",
            "root_hash",
            "head_event_hash",
            "made_at",
            "reason",
        ];
        if names != want {
            return Err(format!("unexpected fields {names:?}"));
        }
        let text = |n: &str| {
            d.get_text(n)
                .ok_or_else(|| format!("field {n} is not text"))
        };
        if text("alg")? != "ed25519" || text("hash_alg")? != "sha256" {
            return Err("unknown algorithm".into());
        }
        let root = PublicKey::parse(text("root")?).map_err(|_| "malformed root key".to_string())?;
        if root != signer {
            return Err("signed by a key other than the root it names".into());
        }
        let tree_size =
            d.get_int("tree_size")
                .filter(|s| *s >= 1)
                .ok_or("tree_size is not a count of at least one event")? as u64;
        let root_hash = merkle::from_hex(text("root_hash")?).ok_or("malformed root_hash")?;
        Ok(CheckpointHead {
            community: text("community")?.to_string(),
            root,
            tree_size,
            root_hash,
            head_event_hash: text("head_event_hash")?.to_string(),
            made_at: text("made_at")?.to_string(),
            reason: text("reason")?.to_string(),
        })
    }
}

/// One event with its inclusion proof in a tree of `tree_size` events: everything an outside
/// verifier needs to recompute the event's hash (docs/signing.md) and then the tree hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EventProof {
    /// Always "yishi-inclusion/v1".
    pub format: String,
    #[ts(type = "number")]
    pub seq: i64,
    pub at: String,
    pub actor: String,
    #[ts(type = "number | null")]
    pub community_id: Option<i64>,
    pub kind: String,
    pub payload: String,
    pub prev_hash: String,
    pub hash: String,
    #[ts(type = "number")]
    pub tree_size: i64,
    pub root_hash: String,
    /// PATH(seq - 1, D[tree_size]), leaf side first, hex.
    pub path: Vec<String>,
}

/// Checks an event proof on its own: the event's fields give its hash, and the path leads from
/// that leaf to `root_hash` (compare `root_hash` with a signed checkpoint of the same size).
pub fn verify_event_proof(p: &EventProof) -> Result<(), String> {
    let fields = crate::crypto::chain::EventFields {
        seq: p.seq,
        at: &p.at,
        actor: &p.actor,
        community_id: p.community_id,
        kind: &p.kind,
        payload: &p.payload,
        prev_hash: &p.prev_hash,
    };
    if crate::crypto::chain::event_hash(&fields) != p.hash {
        return Err("the event's fields do not give its hash".into());
    }
    let leaf = merkle::leaf_hash(&merkle::from_hex(&p.hash).ok_or("malformed event hash")?);
    let path: Vec<Hash> = p
        .path
        .iter()
        .map(|h| merkle::from_hex(h).ok_or("malformed proof hash"))
        .collect::<Result<_, _>>()?;
    let root = merkle::from_hex(&p.root_hash).ok_or("malformed root hash")?;
    if p.seq < 1 || p.tree_size < 0 {
        return Err("bad sequence number or size".into());
    }
    merkle::verify_inclusion(p.seq as u64 - 1, p.tree_size as u64, &leaf, &path, &root)
        .map_err(|e| e.to_string())
}

/// An RFC 9162 consistency proof between two sizes of this log, with both tree hashes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConsistencyProof {
    /// Always "yishi-consistency/v1".
    pub format: String,
    pub hash_alg: String,
    #[ts(type = "number")]
    pub first_size: i64,
    pub first_root_hash: String,
    #[ts(type = "number")]
    pub second_size: i64,
    pub second_root_hash: String,
    pub proof: Vec<String>,
}

/// Checks a consistency proof on its own (RFC 9162 §2.1.4.2): the tree of `first_size` events
/// with `first_root_hash` is a prefix of the one of `second_size` with `second_root_hash`.
pub fn verify_consistency_proof(p: &ConsistencyProof) -> Result<(), String> {
    if p.format != CONSISTENCY_FORMAT || p.hash_alg != "sha256" {
        return Err("not a yishi-consistency/v1 proof".into());
    }
    if p.first_size < 1 || p.second_size < p.first_size {
        return Err("bad sizes".into());
    }
    let hash = |h: &str| merkle::from_hex(h).ok_or("malformed hash");
    let proof: Vec<Hash> = p.proof.iter().map(|h| hash(h)).collect::<Result<_, _>>()?;
    merkle::verify_consistency(
        p.first_size as u64,
        p.second_size as u64,
        &hash(&p.first_root_hash)?,
        &hash(&p.second_root_hash)?,
        &proof,
    )
    .map_err(|e| e.to_string())
}
