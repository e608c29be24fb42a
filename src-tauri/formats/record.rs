//! The self-contained record of one vote (`yishi-vote-record/v1`, documented in
//! docs/record-format.md) and the check anyone can run on it offline: every signature, every
//! voter's eligibility, one ballot per person, the rule and the arithmetic.
//!
//! Invariant: `verify_record` uses nothing but the record itself: no database, no clock.

use super::manifest::RecordManifest;
use super::record_v2;
use super::signed::SignedFile;
use crate::crypto::canonical::Canonical;
use crate::crypto::signing::{Document, PublicKey};
use crate::domain::area::Area;
use crate::domain::time::parse_instant;
use crate::domain::vote::{
    self, BallotPolicy, Choice, ElectionTally, RollEntry, Tally, VoteSettings,
};
use crate::lang::Lang;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use ts_rs::TS;

pub const RECORD_FORMAT: &str = "yishi-vote-record/v1";
/// Records of votes opened with a manifest (ballots v3, result v2): docs/record-format.md.
pub const RECORD_FORMAT_V2: &str = "yishi-vote-record/v2";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum VoteKind {
    Question,
    Election {
        candidates: Vec<String>,
        seats: u32,
        max_approvals: u32,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RollSnapshotEntry {
    /// The roll entry: the legal person counted in N (a sole owner, a group of co-owners, the
    /// developer). In rolls frozen before roll entries were kept apart (no `voter_id`), the
    /// entry is the person who votes and this is that person's id.
    #[ts(type = "number")]
    pub person_id: i64,
    pub name: String,
    pub units: Vec<String>,
    pub area: Area,
    /// The person who casts this entry's own ballot (the sole owner, the designated co-owner,
    /// the developer's representative). `None` in rolls frozen before: the entry's own id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(type = "number | null")]
    pub voter_id: Option<i64>,
    /// Rolls frozen with a manifest: the salted commitment to the entry's name, which the roll
    /// hash (`yishi/vote-roll/v3`) binds in place of the name, so that a copy for anyone can
    /// leave names out and still verify. `None` in rolls frozen before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub committed: Option<NameCommitment>,
}

/// `commitment` = canonical SHA-256, context `yishi/name-commitment/v1`, over the salt (text,
/// 32 hex) then the name (text). The copy for anyone drops `salt` and blanks the name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NameCommitment {
    pub commitment: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salt: Option<String>,
}

pub fn name_commitment(salt: &str, name: &str) -> String {
    Canonical::new("yishi/name-commitment/v1")
        .text(salt)
        .text(name)
        .sha256_hex()
}

impl RollSnapshotEntry {
    /// The person who casts this entry's own ballot.
    pub fn voter(&self) -> i64 {
        self.voter_id.unwrap_or(self.person_id)
    }
}

/// The hash published when voting opens. A roll whose entries name the person who votes for
/// them (`voter_id`, every roll frozen since roll entries were kept apart) is hashed as
/// `yishi/vote-roll/v2`, each entry followed by that person's id; older rolls as v1.
pub fn roll_hash(scope: Option<&str>, entries: &[RollSnapshotEntry]) -> String {
    if entries.iter().any(|e| e.committed.is_some()) {
        return roll_hash_v3(scope, entries);
    }
    let v2 = entries.iter().any(|e| e.voter_id.is_some());
    let context = if v2 {
        "yishi/vote-roll/v2"
    } else {
        "yishi/vote-roll/v1"
    };
    let mut c = Canonical::new(context)
        .text(scope.unwrap_or(""))
        .int(entries.len() as i64);
    for e in entries {
        c = c
            .int(e.person_id)
            .text(&e.name)
            .text(&e.units.join("、"))
            .int(e.area.0);
        if v2 {
            c = c.int(e.voter());
        }
    }
    c.sha256_hex()
}

/// `yishi/vote-roll/v3` (rolls frozen with a manifest): per entry its id, the name's
/// commitment, the units, the area and the voter's id. No name, so a copy without names
/// verifies the same way.
fn roll_hash_v3(scope: Option<&str>, entries: &[RollSnapshotEntry]) -> String {
    let mut c = Canonical::new("yishi/vote-roll/v3")
        .text(scope.unwrap_or(""))
        .int(entries.len() as i64);
    for e in entries {
        c = c
            .int(e.person_id)
            .text(e.committed.as_ref().map_or("", |n| n.commitment.as_str()))
            .text(&e.units.join("、"))
            .int(e.area.0)
            .int(e.voter());
    }
    c.sha256_hex()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordVote {
    pub id: i64,
    pub title: String,
    pub motion: String,
    pub kind: VoteKind,
    pub settings: VoteSettings,
    pub opened_at: String,
    pub closed_at: String,
    /// The scheduled window (RFC 3339). Records made before these were kept lack them; the
    /// window is then the actual opening to the actual close.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closes_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordRoll {
    pub scope: Option<String>,
    pub hash: String,
    pub entries: Vec<RollSnapshotEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordKey {
    pub person_id: i64,
    pub public_key: String,
    pub ended_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordProxy {
    pub owner_id: i64,
    pub proxy_id: i64,
    pub scan_sha256: String,
    pub scope: String,
    pub expires_at: String,
    /// v2 records: the signed authorisation (`yishi/proxy/v1`), by the owner's own key or by
    /// two officers of the manifest (docs/record-format.md §Proxies). Absent in v1 records and
    /// in v2 records made before proxies were signed (a v2 record is then refused).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signed: Vec<SignedFile>,
}

/// The context of a signed proxy authorisation.
pub const PROXY_CONTEXT: &str = "yishi/proxy/v1";

/// What a proxy authorisation (`yishi/proxy/v1`) binds.
pub struct ProxyFields<'a> {
    pub community: &'a str,
    pub vote_id: i64,
    pub manifest_hash: &'a str,
    pub entry: &'a RollSnapshotEntry,
    pub proxy_id: i64,
    pub scope: &'a str,
    pub expires_at: &'a str,
    pub scan_sha256: &'a str,
    pub registered_at: &'a str,
}

/// `yishi/proxy/v1`: the written authorisation (委托书) of one roll entry to one person for one
/// vote, as registered: signed by the owner's own key or by two officers of the manifest.
pub fn proxy_document(f: &ProxyFields<'_>) -> Document {
    Document::new(PROXY_CONTEXT)
        .text("alg", "ed25519")
        .text("community", f.community)
        .int("vote_id", f.vote_id)
        .text("manifest_hash", f.manifest_hash)
        .int("entry_id", f.entry.person_id)
        .text("entry_units", f.entry.units.join("、"))
        .int("proxy_id", f.proxy_id)
        .text("scope", f.scope)
        .text("expires_at", f.expires_at)
        .text("scan_sha256", f.scan_sha256)
        .text("registered_at", f.registered_at)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordBallot {
    pub seq: u32,
    pub person_id: i64,
    pub cast_by: i64,
    pub channel: String,
    pub choice: String,
    pub receipt: String,
    /// Kiosk and file ballots: the voter's (or proxy's) signed ballot.
    pub signed: Option<SignedFile>,
    /// Paper ballots: the scan's hash and the two witnesses' signatures of the same entry.
    pub scan_sha256: Option<String>,
    pub witnesses: Vec<SignedFile>,
    /// Ballots v3: this ballot's number among its roll entry's ballots (1, 2, …; proxies count
    /// under the entry), as the ballot document signs it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_seq: Option<u32>,
}

/// An owner served the ballot who did not vote (从众 clause), with how and the evidence's hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordServed {
    pub person_id: i64,
    pub method: String,
    pub evidence_sha256: String,
    pub served_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordRefusal {
    pub person_id: Option<i64>,
    pub reason: String,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    Question(Tally),
    Election(ElectionTally),
}

impl Outcome {
    pub fn passed(&self) -> bool {
        match self {
            Outcome::Question(t) => t.passed,
            Outcome::Election(e) => e.candidates.iter().any(|c| c.elected),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordResult {
    pub outcome: Outcome,
    /// `yishi/result/v1`, signed by the host and the secretary.
    pub signatures: Vec<SignedFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteRecord {
    pub format: String,
    pub community: String,
    pub vote: RecordVote,
    pub roll: RecordRoll,
    pub keys: Vec<RecordKey>,
    pub proxies: Vec<RecordProxy>,
    pub ballots: Vec<RecordBallot>,
    pub refused: Vec<RecordRefusal>,
    /// Served non-voters, only when the vote's settings switch the 从众 clause on; absent
    /// otherwise, so records without it are unchanged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub served: Vec<RecordServed>,
    pub result: Option<RecordResult>,
    /// Records v2: the root-signed manifest, the root, and the certificates the keys need.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifest: Option<RecordManifestPart>,
    /// Records v2 exported since issue 14's hand-over work: the community's newest checkpoint
    /// at export (a `yishi/checkpoint/v1` signed file) and the vote's events with their
    /// inclusion proofs in it (`formats::record_checkpoint` checks them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkpoint: Option<SignedFile>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub event_proofs: Vec<super::checkpoint::EventProof>,
    /// RFC 9162 consistency proofs from the community's earlier checkpoints since the vote's
    /// opening (printed on its notices) to the record's checkpoint.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consistency: Vec<super::checkpoint::ConsistencyProof>,
}

/// What a v2 record carries to be checked against a posted notice: the manifest with its
/// lists, the community's root (and the hand-overs from earlier roots) and the certificates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordManifestPart {
    #[serde(flatten)]
    pub manifest: RecordManifest,
    pub root: RecordRoot,
    #[serde(default)]
    pub certificates: Vec<RecordCert>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordRoot {
    /// `yishi-key:v1:<hex>`: the root that signed the manifest.
    pub public_key: String,
    pub generation: i64,
    /// Signed `yishi/root-handover/v1` documents from the first root to this one, oldest first.
    #[serde(default)]
    pub handovers: Vec<SignedFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordCert {
    /// `role`, `enrolment` or `revocation`.
    pub kind: String,
    pub signed: SignedFile,
}

/// The ballot document a voter signs: it binds the vote, the frozen roll and the motion text,
/// so a ballot cannot be replayed into another vote.
pub struct BallotFields<'a> {
    pub community: &'a str,
    pub vote: &'a RecordVote,
    pub roll_hash: &'a str,
    pub voter: &'a RollSnapshotEntry,
    pub cast_by_id: i64,
    pub cast_by: &'a str,
    pub choice: &'a str,
    pub public_key: &'a PublicKey,
    pub signed_at: &'a str,
}

/// `yishi/ballot/v2` names the roll entry the ballot counts for (`entry_id`, `entry`,
/// `entry_units`) apart from the person who signs (`cast_by_id`, `cast_by`); `yishi/ballot/v1`,
/// for rolls frozen before roll entries were kept apart, named the voter as a person. Which one
/// follows from the roll entry, so a verifier rebuilds exactly what was signed.
pub fn ballot_document(f: &BallotFields<'_>) -> Document {
    let d = if f.voter.voter_id.is_some() {
        Document::new("yishi/ballot/v2")
            .text("community", f.community)
            .int("vote_id", f.vote.id)
            .text("title", f.vote.title.as_str())
            .text("motion", f.vote.motion.as_str())
            .text("roll_hash", f.roll_hash)
            .int("entry_id", f.voter.person_id)
            .text("entry", f.voter.name.as_str())
            .text("entry_units", f.voter.units.join("、"))
    } else {
        Document::new("yishi/ballot/v1")
            .text("community", f.community)
            .int("vote_id", f.vote.id)
            .text("title", f.vote.title.as_str())
            .text("motion", f.vote.motion.as_str())
            .text("roll_hash", f.roll_hash)
            .int("voter_id", f.voter.person_id)
            .text("voter", f.voter.name.as_str())
            .text("voter_units", f.voter.units.join("、"))
    };
    d.int("cast_by_id", f.cast_by_id)
        .text("cast_by", f.cast_by)
        .text("choice", f.choice)
        .text("public_key", f.public_key.hex())
        .text("signed_at", f.signed_at)
}

/// What a v3 ballot binds beyond v2's fields: the manifest posted when the vote opened, and the
/// ballot's number among its roll entry's ballots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding<'a> {
    pub manifest_hash: &'a str,
    pub person_seq: u32,
}

/// `yishi/ballot/v3` (votes opened with a manifest): the manifest hash binds the vote, the
/// motion, the settings and the roll; the entry is named by id and units only (no personal
/// names, so the copy for anyone verifies); `seq` orders the entry's ballots, so an older
/// ballot cannot be submitted again as the newest.
pub fn ballot_document_v3(f: &BallotFields<'_>, bind: Binding<'_>) -> Document {
    Document::new("yishi/ballot/v3")
        .text("alg", "ed25519")
        .text("community", f.community)
        .int("vote_id", f.vote.id)
        .text("manifest_hash", bind.manifest_hash)
        .int("entry_id", f.voter.person_id)
        .text("entry_units", f.voter.units.join("、"))
        .int("seq", i64::from(bind.person_seq))
        .int("cast_by_id", f.cast_by_id)
        .text("choice", f.choice)
        .text("public_key", f.public_key.hex())
        .text("signed_at", f.signed_at)
}

/// The ballot document of the version the vote calls for: v3 with a manifest, else v2/v1.
pub fn ballot_document_for(f: &BallotFields<'_>, bind: Option<Binding<'_>>) -> Document {
    match bind {
        Some(b) => ballot_document_v3(f, b),
        None => ballot_document(f),
    }
}

/// `yishi/paper-ballot/v3`: the paper entry of a vote opened with a manifest.
pub fn paper_document_v3(
    community: &str,
    vote: &RecordVote,
    voter: &RollSnapshotEntry,
    choice: &str,
    scan_sha256: &str,
    bind: Binding<'_>,
) -> Document {
    Document::new("yishi/paper-ballot/v3")
        .text("alg", "ed25519")
        .text("community", community)
        .int("vote_id", vote.id)
        .text("manifest_hash", bind.manifest_hash)
        .int("entry_id", voter.person_id)
        .text("entry_units", voter.units.join("、"))
        .int("seq", i64::from(bind.person_seq))
        .text("choice", choice)
        .text("scan_sha256", scan_sha256)
}

/// `yishi/paper-ballot/v4`: v3 and the time the paper ballot was entered, so that a verifier
/// can check its window and that it does not follow a signed ballot of the same entry.
pub fn paper_document_v4(
    community: &str,
    vote: &RecordVote,
    voter: &RollSnapshotEntry,
    choice: &str,
    scan_sha256: &str,
    bind: Binding<'_>,
    entered_at: &str,
) -> Document {
    let mut d = paper_document_v3(community, vote, voter, choice, scan_sha256, bind);
    d.context = "yishi/paper-ballot/v4".into();
    d.text("entered_at", entered_at)
}

/// The entry two witnesses sign for a paper ballot: `yishi/paper-ballot/v2` names the roll
/// entry (as the ballot does), v1 for rolls frozen before.
pub fn paper_document(
    community: &str,
    vote: &RecordVote,
    roll_hash: &str,
    voter: &RollSnapshotEntry,
    choice: &str,
    scan_sha256: &str,
) -> Document {
    let d = if voter.voter_id.is_some() {
        Document::new("yishi/paper-ballot/v2")
            .text("community", community)
            .int("vote_id", vote.id)
            .text("motion", vote.motion.as_str())
            .text("roll_hash", roll_hash)
            .int("entry_id", voter.person_id)
            .text("entry", voter.name.as_str())
            .text("entry_units", voter.units.join("、"))
    } else {
        Document::new("yishi/paper-ballot/v1")
            .text("community", community)
            .int("vote_id", vote.id)
            .text("motion", vote.motion.as_str())
            .text("roll_hash", roll_hash)
            .int("voter_id", voter.person_id)
            .text("voter", voter.name.as_str())
            .text("voter_units", voter.units.join("、"))
    };
    d.text("choice", choice).text("scan_sha256", scan_sha256)
}

/// Hash over the accepted ballots in order: the result document binds exactly this set.
pub fn ballots_hash(ballots: &[RecordBallot]) -> String {
    let mut c = Canonical::new("yishi/ballot-list/v1").int(ballots.len() as i64);
    for b in ballots {
        c = c.int(i64::from(b.seq)).int(b.person_id).text(&b.receipt);
    }
    c.sha256_hex()
}

/// Hash over the accepted ballots of a v2 record (context `yishi/ballot-list/v2`): the count,
/// then per ballot its seq, entry id, person seq and receipt.
pub fn ballots_hash_v2(ballots: &[RecordBallot]) -> String {
    let mut c = Canonical::new("yishi/ballot-list/v2").int(ballots.len() as i64);
    for b in ballots {
        c = c
            .int(i64::from(b.seq))
            .int(b.person_id)
            .int(i64::from(b.person_seq.unwrap_or(0)))
            .text(&b.receipt);
    }
    c.sha256_hex()
}

/// `yishi/result/v2`: what the manifest's officers sign (host, secretary and a counter or
/// scrutineer); binds the manifest hash instead of repeating the motion and roll.
pub fn result_document_v2(
    community: &str,
    vote: &RecordVote,
    manifest_hash: &str,
    ballots: &[RecordBallot],
    outcome: &Outcome,
) -> Document {
    let outcome_json = serde_json::to_string(outcome).unwrap_or_default();
    Document::new("yishi/result/v2")
        .text("alg", "ed25519")
        .text("hash_alg", "sha256")
        .text("community", community)
        .int("vote_id", vote.id)
        .text("manifest_hash", manifest_hash)
        .text("ballots_hash", ballots_hash_v2(ballots))
        .text("outcome", outcome_json)
        .text("passed", if outcome.passed() { "yes" } else { "no" })
        .text("closed_at", vote.closed_at.as_str())
}

/// The result document of the version the record calls for.
pub fn result_document_for(r: &VoteRecord, outcome: &Outcome) -> Document {
    match &r.manifest {
        Some(m) => result_document_v2(
            &r.community,
            &r.vote,
            &m.manifest.hash(),
            &r.ballots,
            outcome,
        ),
        None => result_document(&r.community, &r.vote, &r.roll.hash, &r.ballots, outcome),
    }
}

/// The result document the host and the secretary sign.
pub fn result_document(
    community: &str,
    vote: &RecordVote,
    roll_hash: &str,
    ballots: &[RecordBallot],
    outcome: &Outcome,
) -> Document {
    let outcome_json = serde_json::to_string(outcome).unwrap_or_default();
    Document::new("yishi/result/v1")
        .text("community", community)
        .int("vote_id", vote.id)
        .text("motion", vote.motion.as_str())
        .text("roll_hash", roll_hash)
        .text("ballots_hash", ballots_hash(ballots))
        .text("outcome", outcome_json)
        .text("passed", if outcome.passed() { "yes" } else { "no" })
        .text("closed_at", vote.closed_at.as_str())
}

/// Parses a stored choice: "agree" | "oppose" | "abstain" | "approve:0,2".
pub enum ParsedChoice {
    Question(Choice),
    Approvals(Vec<u32>),
}

pub fn parse_choice(text: &str) -> Option<ParsedChoice> {
    match text {
        "agree" => Some(ParsedChoice::Question(Choice::Agree)),
        "oppose" => Some(ParsedChoice::Question(Choice::Oppose)),
        "abstain" => Some(ParsedChoice::Question(Choice::Abstain)),
        other => {
            let list = other.strip_prefix("approve:")?;
            if list.is_empty() {
                return Some(ParsedChoice::Approvals(Vec::new()));
            }
            list.split(',')
                .map(|x| x.parse::<u32>().ok())
                .collect::<Option<Vec<u32>>>()
                .map(ParsedChoice::Approvals)
        }
    }
}

/// One thing wrong with a record, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discrepancy {
    pub zh: String,
    pub en: String,
}

impl Discrepancy {
    pub fn new(zh: String, en: String) -> Discrepancy {
        Discrepancy { zh, en }
    }

    pub fn message(&self, lang: Lang) -> String {
        lang.pick(&self.zh, &self.en).clone()
    }
}

pub struct RecordVerdict {
    pub discrepancies: Vec<Discrepancy>,
    /// What verify reports without failing: keys enrolled after the notice, the versions used.
    pub notes: Vec<Discrepancy>,
    /// The result recomputed from the ballots that check out.
    pub recount: Option<Outcome>,
}

/// Re-checks a whole record. See module docs. A record written while exports carried
/// "eighths" (`eighth` on keys, `r_eighth` on ballots) verifies the same: those fields are
/// ignored (docs/record-format.md).
pub fn verify_record(r: &VoteRecord) -> RecordVerdict {
    let mut found = Vec::new();
    let mut notes = Vec::new();
    let expected_format = if r.manifest.is_some() {
        RECORD_FORMAT_V2
    } else {
        RECORD_FORMAT
    };
    if r.format != expected_format {
        found.push(Discrepancy::new(
            format!("文件格式不是 {expected_format}"),
            format!("the format is not {expected_format}"),
        ));
        return RecordVerdict {
            discrepancies: found,
            recount: None,
            notes,
        };
    }
    found.extend(record_v2::order_problems(r));
    let certs = r.manifest.as_ref().map(|m| {
        found.extend(record_v2::manifest_problems(r, m));
        let c = record_v2::certs(m);
        found.extend(c.problems.iter().cloned());
        c
    });
    let computed = roll_hash(r.roll.scope.as_deref(), &r.roll.entries);
    if computed != r.roll.hash {
        found.push(Discrepancy::new(
            "冻结名册的哈希与名册内容不符：名册被改动过".into(),
            "the frozen roll's hash does not match its entries: the roll was altered".into(),
        ));
    }
    // A name the record shows is the one the roll hash committed to (the copy for anyone shows
    // none: no name, no salt).
    for e in &r.roll.entries {
        let bound = match &e.committed {
            None => true,
            Some(NameCommitment {
                salt: Some(salt),
                commitment,
            }) => name_commitment(salt, &e.name) == *commitment,
            Some(NameCommitment { salt: None, .. }) => e.name.is_empty(),
        };
        if !bound {
            found.push(Discrepancy::new(
                format!("名册条目 {} 的姓名与冻结名册所承诺的不符", e.person_id),
                format!(
                    "entry {}'s name is not the one the frozen roll committed to",
                    e.person_id
                ),
            ));
        }
    }
    // The scope the settings claim must be the one the roll was frozen (and its hash signed)
    // for: an owners' vote over one building or entrance counts that scope's roll only.
    let settings = &r.vote.settings;
    if settings.rule.counts_area() && r.roll.scope != settings.scope.roll_key() {
        let shown = |s: Option<&str>| s.unwrap_or("全体").to_string();
        found.push(Discrepancy::new(
            format!(
                "表决设置的范围（{}）与冻结名册的范围（{}）不符",
                shown(settings.scope.roll_key().as_deref()),
                shown(r.roll.scope.as_deref())
            ),
            format!(
                "the settings' scope ({}) is not the frozen roll's scope ({})",
                settings.scope.roll_key().as_deref().unwrap_or("community"),
                r.roll.scope.as_deref().unwrap_or("community")
            ),
        ));
    }
    let roll: BTreeMap<i64, &RollSnapshotEntry> =
        r.roll.entries.iter().map(|e| (e.person_id, e)).collect();
    if roll.len() != r.roll.entries.len() {
        found.push(Discrepancy::new(
            "冻结名册中有人重复出现".into(),
            "a person appears twice in the frozen roll".into(),
        ));
    }
    let ix = Index::new(r, roll);
    let mut intact: Vec<&RecordBallot> = Vec::new();
    for (b, verdict) in r.ballots.iter().zip(check_all(r, &ix)) {
        match verdict {
            Ok(()) => intact.push(b),
            Err(d) => found.push(d),
        }
    }
    // A v2 record: each key is the manifest's or a registrar's of this vote; witnesses are
    // its officers.
    if let (Some(m), Some(certs)) = (&r.manifest, &certs) {
        notes.extend(record_v2::chain_notes(r, m, certs));
        let mut root_word = 0usize;
        intact.retain(|b| {
            let vouched = match (&b.signed, b.channel.as_str()) {
                (_, "paper") => record_v2::witnesses_are_officers(r, m, certs, b).map(|_| None),
                (Some(signed), _) => record_v2::key_vouched(r, m, certs, b, signed).map(Some),
                (None, _) => Ok(None),
            };
            match vouched {
                Ok(Some(record_v2::Vouched::Enrolled {
                    registrar_id,
                    issued_at,
                })) => {
                    notes.push(bad(
                        b.seq,
                        &format!(
                            "签名密钥是清单公布之后由登记员（编号 {registrar_id}）于 {issued_at} 登记的"
                        ),
                        &format!(
                            "the key was enrolled after the notice, by registrar #{registrar_id} at {issued_at}"
                        ),
                    ));
                    true
                }
                Ok(Some(record_v2::Vouched::RootWord)) => {
                    root_word += 1;
                    true
                }
                Ok(_) => true,
                Err(d) => {
                    found.push(d);
                    false
                }
            }
        });
        if root_word > 0 {
            notes.push(Discrepancy::new(
                format!("{root_word} 张选票由升级时凭根密钥认证、未经登记员核验的密钥签署"),
                format!(
                    "{root_word} ballots are signed by keys certified at upgrade, not by a registrar"
                ),
            ));
        }
    }
    notes.extend(versions_note(r));
    // A v2 record's proxies: each authorisation signed and bound to this record, or it
    // authorises nothing.
    let proxies = match (&r.manifest, &certs) {
        (Some(m), Some(certs)) => {
            let check = record_v2::proxy_check(r, m, certs);
            found.extend(check.problems);
            notes.extend(check.notes);
            Some(check.registered)
        }
        _ => None,
    };
    let good = match admitted(r, &ix, &intact, proxies.as_deref()) {
        Ok(good) => good,
        Err(d) => {
            found.push(d);
            Vec::new()
        }
    };
    let good: Vec<&RecordBallot> = intact
        .into_iter()
        .zip(good)
        .filter_map(|(b, verdict)| match verdict {
            Ok(()) => Some(b),
            Err(refusal) => {
                let (zh, en) = (refusal.text(Lang::Zh), refusal.text(Lang::En));
                // Refusals about a proxy or paper name the entry, so the owner finds them.
                let about_entry = matches!(
                    refusal,
                    vote::Refusal::NoProxy
                        | vote::Refusal::ProxyExpired { .. }
                        | vote::Refusal::ProxyNotYetRegistered { .. }
                        | vote::Refusal::OverProxyLimit { .. }
                        | vote::Refusal::PaperAfterSigned { .. }
                );
                found.push(if about_entry {
                    let entry = b.person_id;
                    bad(
                        b.seq,
                        &format!("名册条目 {entry}：{zh}"),
                        &format!("entry {entry}: {en}"),
                    )
                } else {
                    bad(b.seq, &zh, &en)
                });
                None
            }
        })
        .collect();
    notes.extend(paper_overrides(&good));
    let recount = recount(r, &good).map_err(|d| found.push(d)).ok();
    if let (Some(result), Some(recount)) = (&r.result, &recount) {
        if &result.outcome != recount {
            found.push(Discrepancy::new(
                "公布的结果与按选票重新计算的结果不一致".into(),
                "the published result differs from the recount of the ballots".into(),
            ));
        }
        match &r.manifest {
            Some(m) => {
                let expected = result_document_for(r, &result.outcome);
                if let Some(certs) = &certs {
                    found.extend(record_v2::result_problems(r, m, certs, result, &expected));
                }
            }
            None => found.extend(check_result_signatures(r, &ix, result)),
        }
    }
    RecordVerdict {
        discrepancies: found,
        recount,
        notes,
    }
}

/// Paper ballots without a time (`yishi/paper-ballot/v3` and older) that follow a ballot of the
/// same entry signed with a key: under the rules such records were made by, a later paper ballot
/// could replace the owner's signed one. They still count as they did; each is named so the
/// owner can check it. (Paper v4 ballots are refused instead: `domain::vote::admit`.)
fn paper_overrides(good: &[&RecordBallot]) -> Vec<Discrepancy> {
    let mut signed: BTreeMap<i64, u32> = BTreeMap::new();
    let mut found = Vec::new();
    for b in good {
        if b.channel != "paper" {
            signed.insert(b.person_id, b.seq);
        } else if let Some(earlier) = signed.get(&b.person_id) {
            if paper_entered_at(b).is_none() {
                let entry = b.person_id;
                found.push(bad(
                    b.seq,
                    &format!(
                        "名册条目 {entry} 的纸质票录入在该户第 {earlier} 张签名选票之后（旧格式，没有录入时间），可能取代了业主签名的选票，请业主核对"
                    ),
                    &format!(
                        "entry {entry}'s paper ballot was entered after its signed ballot #{earlier} (an older format without an entry time) and may override it: the owner should check it"
                    ),
                ));
            }
        }
    }
    found
}

/// Which statement versions the record's ballots and result use (verify says so).
fn versions_note(r: &VoteRecord) -> Option<Discrepancy> {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for b in &r.ballots {
        let context = match &b.signed {
            Some(s) => s.document.context.as_str(),
            None => b
                .witnesses
                .first()
                .map_or("?", |w| w.document.context.as_str()),
        };
        *count.entry(context).or_default() += 1;
    }
    if let Some(s) = r.result.as_ref().and_then(|x| x.signatures.first()) {
        count.entry(s.document.context.as_str()).or_insert(1);
    }
    (!count.is_empty()).then(|| {
        let list = count
            .iter()
            .map(|(c, n)| format!("{c} × {n}"))
            .collect::<Vec<_>>()
            .join(", ");
        Discrepancy::new(
            format!("所用格式：{list}"),
            format!("versions used: {list}"),
        )
    })
}

/// The copy for anyone (个人信息保护法): roll entries by id, units and area, without names. Only
/// a roll frozen with name commitments (`yishi/vote-roll/v3`) can leave names out and still
/// verify: each name and its salt are dropped, the commitment stays. Older rolls hash their
/// names and are left as they are. Returns whether the names were left out.
pub fn leave_out_names(r: &mut VoteRecord) -> bool {
    if r.roll.entries.is_empty() || r.roll.entries.iter().any(|e| e.committed.is_none()) {
        return false;
    }
    for e in &mut r.roll.entries {
        e.name.clear();
        if let Some(c) = &mut e.committed {
            c.salt = None;
        }
    }
    true
}

fn bad(seq: u32, zh: &str, en: &str) -> Discrepancy {
    Discrepancy::new(
        format!("第 {seq} 张选票：{zh}"),
        format!("ballot #{seq}: {en}"),
    )
}

/// Lookups the checks need, built once: the roll by person and every key parsed once.
struct Index<'a> {
    roll: BTreeMap<i64, &'a RollSnapshotEntry>,
    /// Each key's holder and when it ended, by the key's bytes.
    holders: std::collections::HashMap<[u8; 32], (i64, Option<&'a str>)>,
    known: BTreeSet<[u8; 32]>,
    /// A v2 record's manifest hash, which its ballots bind.
    manifest_hash: Option<String>,
}

impl<'a> Index<'a> {
    /// Keys are only read as bytes here; each is decompressed where a signature needs it, on
    /// the core checking that signature.
    fn new(r: &'a VoteRecord, roll: BTreeMap<i64, &'a RollSnapshotEntry>) -> Index<'a> {
        let mut holders = std::collections::HashMap::with_capacity(r.keys.len());
        let mut known = BTreeSet::new();
        for k in &r.keys {
            let Ok(key) = PublicKey::parse_bytes(&k.public_key) else {
                continue;
            };
            holders.insert(key.0, (k.person_id, k.ended_at.as_deref()));
            known.insert(key.0);
        }
        Index {
            roll,
            holders,
            known,
            manifest_hash: r.manifest.as_ref().map(|m| m.manifest.hash()),
        }
    }
}

/// An instant from the record's RFC 3339 text.
fn instant(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The admission rule (`domain::vote::admit`) folded over the ballots whose signatures and
/// contents check out, in the order they were received: the same rule the app applied when
/// each was cast. `Err` when the vote's own times cannot be read.
fn admitted(
    r: &VoteRecord,
    ix: &Index<'_>,
    intact: &[&RecordBallot],
    registered: Option<&[Option<DateTime<Utc>>]>,
) -> Result<Vec<Result<(), vote::Refusal>>, Discrepancy> {
    let unreadable = |what: &str| {
        Discrepancy::new(
            format!("表决的时间“{what}”无法识别"),
            format!("the vote's time \"{what}\" cannot be read"),
        )
    };
    let opened = instant(&r.vote.opened_at).ok_or_else(|| unreadable(&r.vote.opened_at))?;
    let closed = match r.vote.closed_at.as_str() {
        "" => None,
        text => Some(instant(text).ok_or_else(|| unreadable(text))?),
    };
    let scheduled = match (&r.vote.opens_at, &r.vote.closes_at) {
        (Some(from), Some(to)) => Some((
            instant(from).ok_or_else(|| unreadable(from))?,
            instant(to).ok_or_else(|| unreadable(to))?,
        )),
        _ => None,
    };
    // An unreadable end or expiry counts as long past: it admits nothing.
    let past = DateTime::<Utc>::MIN_UTC;
    let roll: BTreeMap<i64, i64> = ix.roll.iter().map(|(id, e)| (*id, e.voter())).collect();
    // A v2 record: only the authorisations that verify (`record_v2::proxy_check`), each from
    // the time it was registered; a v1 record: every row, as before.
    let proxies: Vec<vote::Authorisation> = r
        .proxies
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let registered_at = match registered {
                Some(list) => Some(list.get(i).copied().flatten()?),
                None => None,
            };
            Some(vote::Authorisation {
                owner: p.owner_id,
                proxy: p.proxy_id,
                expires_at: instant(&p.expires_at).unwrap_or(past),
                registered_at,
            })
        })
        .collect();
    let rules = vote::AdmissionRules {
        roll: &roll,
        window: vote::Window::new(scheduled, opened, closed),
        proxies: &proxies,
        proxy_limit: r.vote.settings.proxy_limit,
        policy: r.vote.settings.ballot_policy,
    };
    let events: Vec<vote::BallotEvent> = intact
        .iter()
        .map(|b| {
            let (at, proof) = match &b.signed {
                Some(signed) if b.channel != "paper" => {
                    let holder = PublicKey::parse_bytes(&signed.public_key)
                        .ok()
                        .and_then(|k| ix.holders.get(&k.0));
                    let at = signed
                        .document
                        .get_text("signed_at")
                        .map(|t| instant(t).unwrap_or(past));
                    let proof = vote::Proof::Key {
                        holder: holder.map(|h| h.0),
                        ended_at: holder
                            .and_then(|h| h.1)
                            .map(|end| instant(end).unwrap_or(past)),
                    };
                    (at, proof)
                }
                _ => (
                    paper_entered_at(b).map(|t| instant(t).unwrap_or(past)),
                    vote::Proof::Witnessed,
                ),
            };
            vote::BallotEvent {
                voter: b.person_id,
                cast_by: b.cast_by,
                at,
                proof,
            }
        })
        .collect();
    Ok(vote::admit_all(&rules, &events))
}

/// `f` over `items` in shares, on the machine's cores (up to 8), each core taking the next share
/// when it is done with one; the results in order, or `None` if a share's thread failed.
pub(super) fn in_parallel<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&[T]) -> Vec<R> + Sync,
) -> Option<Vec<R>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    // A few shares per core evens out cores of uneven speed (or busy with other work).
    let size = items.len().div_ceil(threads * 4).max(256);
    let shares: Vec<&[T]> = items.chunks(size).collect();
    let next = AtomicUsize::new(0);
    let done: Vec<Vec<(usize, Vec<R>)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads.min(shares.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(share) = shares.get(i) else { break };
                        out.push((i, f(share)));
                    }
                    out
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().ok())
            .collect::<Option<Vec<_>>>()
    })?;
    let mut all: Vec<(usize, Vec<R>)> = done.into_iter().flatten().collect();
    all.sort_by_key(|(i, _)| *i);
    (all.len() == shares.len()).then(|| all.into_iter().flat_map(|(_, v)| v).collect())
}

/// Checks every ballot, spread over the machine's cores: each core takes a share of the
/// ballots and checks them one at a time, each signature strictly (docs/signing.md §8.2).
fn check_all(r: &VoteRecord, ix: &Index<'_>) -> Vec<Result<(), Discrepancy>> {
    in_parallel(&r.ballots, |share| {
        share.iter().map(|b| check_ballot(r, ix, b)).collect()
    })
    .unwrap_or_else(|| {
        r.ballots
            .iter()
            .map(|_| {
                Err(Discrepancy::new(
                    "核验线程出错".into(),
                    "a checking thread failed".into(),
                ))
            })
            .collect()
    })
}

/// Every integrity check of one ballot: its choice, its signature (strict, §8.2) or paper
/// witnesses, and that what was signed is exactly this ballot.
fn check_ballot(r: &VoteRecord, ix: &Index<'_>, b: &RecordBallot) -> Result<(), Discrepancy> {
    let seq = b.seq;
    // A voter off the frozen roll has no ballot to compare with: the admission rule refuses it.
    let Some(voter) = ix.roll.get(&b.person_id) else {
        return Ok(());
    };
    choice_ok(&r.vote.kind, &b.choice).ok_or_else(|| {
        bad(
            seq,
            "选项不是本次表决的有效选项",
            "the choice is not valid for this vote",
        )
    })?;
    match b.channel.as_str() {
        "kiosk" | "file" => {
            let signed = b
                .signed
                .as_ref()
                .ok_or_else(|| bad(seq, "缺少签名", "the signature is missing"))?;
            let d = &signed.document;
            let invalid = || bad(seq, "签名无效", "the signature does not verify");
            if signed.format != super::signed::SIGNED_FORMAT || !d.context_is_valid() {
                return Err(invalid());
            }
            let public = PublicKey::parse_bytes(&signed.public_key).map_err(|_| invalid())?;
            let key = public.prepare().map_err(|_| invalid())?;
            let bytes = d.bytes();
            key.verify_bytes(&bytes, &signed.signature)
                .map_err(|_| invalid())?;
            let bind = ix.manifest_hash.as_deref().map(|h| Binding {
                manifest_hash: h,
                person_seq: b.person_seq.unwrap_or(0),
            });
            signed_ballot_matches(r, b, voter, d, key.public, &bytes, bind)
        }
        "paper" => {
            let scan = b.scan_sha256.as_deref().ok_or_else(|| {
                bad(
                    seq,
                    "纸质票缺少扫描件哈希",
                    "the paper ballot lacks its scan hash",
                )
            })?;
            let entered_at = paper_entered_at(b);
            let expected = match &ix.manifest_hash {
                Some(h) => {
                    let bind = Binding {
                        manifest_hash: h,
                        person_seq: b.person_seq.unwrap_or(0),
                    };
                    match entered_at {
                        Some(at) => paper_document_v4(
                            &r.community,
                            &r.vote,
                            voter,
                            &b.choice,
                            scan,
                            bind,
                            at,
                        ),
                        None => {
                            paper_document_v3(&r.community, &r.vote, voter, &b.choice, scan, bind)
                        }
                    }
                }
                None => paper_document(&r.community, &r.vote, &r.roll.hash, voter, &b.choice, scan),
            };
            let mut witnesses = BTreeSet::new();
            for w in &b.witnesses {
                let key = w.verify().map_err(|_| {
                    bad(seq, "见证人签名无效", "a witness signature does not verify")
                })?;
                if w.document != expected || !ix.known.contains(&key.0) {
                    return Err(bad(
                        seq,
                        "见证人签署的内容与所记选票不符",
                        "a witness signed something other than the recorded ballot",
                    ));
                }
                witnesses.insert(key.0);
            }
            if witnesses.len() < 2 {
                return Err(bad(
                    seq,
                    "纸质票需要两位不同见证人签名",
                    "a paper ballot needs two different witnesses",
                ));
            }
            if b.receipt != expected.hash_hex() {
                return Err(bad(
                    seq,
                    "回执与纸质票记录不符",
                    "the receipt does not match the paper entry",
                ));
            }
            Ok(())
        }
        _ => Err(bad(seq, "未知的投票方式", "unknown channel")),
    }
}

/// A paper ballot's entry time, when its witnesses signed `yishi/paper-ballot/v4` (older paper
/// ballots carry none).
pub fn paper_entered_at(b: &RecordBallot) -> Option<&str> {
    let d = &b.witnesses.first()?.document;
    (b.channel == "paper" && d.context == "yishi/paper-ballot/v4")
        .then(|| d.get_text("entered_at"))
        .flatten()
}

/// The checks of a signed ballot that follow its signature's: the document is exactly this
/// vote's ballot for this voter and choice, and the receipt is its hash. Whose key signed it
/// and when is the admission rule's to judge (`admitted`).
fn signed_ballot_matches(
    r: &VoteRecord,
    b: &RecordBallot,
    voter: &RollSnapshotEntry,
    d: &Document,
    key: PublicKey,
    bytes: &[u8],
    bind: Option<Binding<'_>>,
) -> Result<(), Discrepancy> {
    let seq = b.seq;
    let signed_at = d.get_text("signed_at").unwrap_or_default();
    let cast_by = d.get_text("cast_by").unwrap_or_default();
    let expected = ballot_document_for(
        &BallotFields {
            community: &r.community,
            vote: &r.vote,
            roll_hash: &r.roll.hash,
            voter,
            cast_by_id: b.cast_by,
            cast_by,
            choice: &b.choice,
            public_key: &key,
            signed_at,
        },
        bind,
    );
    if *d != expected {
        return Err(bad(
            seq,
            "签名的内容与本次表决、名册、议案或所记选项不符",
            "the signed ballot does not match this vote, roll, motion or recorded choice",
        ));
    }
    if b.receipt != crate::crypto::canonical::sha256_hex(bytes) {
        return Err(bad(
            seq,
            "回执与签名内容不符",
            "the receipt does not match the signed ballot",
        ));
    }
    Ok(())
}

/// Whether a stored choice is valid for a vote of this kind (an election ballot approves at most
/// `max_approvals` distinct, existing candidates).
pub fn choice_ok(kind: &VoteKind, choice: &str) -> Option<()> {
    match (kind, parse_choice(choice)?) {
        (VoteKind::Question, ParsedChoice::Question(_)) => Some(()),
        (
            VoteKind::Election {
                candidates,
                max_approvals,
                ..
            },
            ParsedChoice::Approvals(list),
        ) => {
            let distinct: BTreeSet<u32> = list.iter().copied().collect();
            (distinct.len() == list.len()
                && list.len() as u32 <= *max_approvals
                && list.iter().all(|c| (*c as usize) < candidates.len()))
            .then_some(())
        }
        _ => None,
    }
}

/// Recounts from the ballots that checked out, resolving first/last-stands and proxy overrides.
pub fn recount(r: &VoteRecord, good: &[&RecordBallot]) -> Result<Outcome, Discrepancy> {
    let roll: Vec<RollEntry> = r
        .roll
        .entries
        .iter()
        .map(|e| RollEntry {
            person_id: e.person_id,
            area: e.area,
        })
        .collect();
    // Ballots turned away after closing are on the record but not part of the result.
    let refused = r
        .refused
        .iter()
        .filter(|x| {
            r.vote.closed_at.is_empty()
                || parse_instant(&x.at)
                    .zip(parse_instant(&r.vote.closed_at))
                    .is_some_and(|(at, closed)| at <= closed)
        })
        .count() as u32;
    let voters: BTreeMap<i64, i64> = r
        .roll
        .entries
        .iter()
        .map(|e| (e.person_id, e.voter()))
        .collect();
    // An own ballot is one cast by the person who votes for the entry.
    let order = |b: &RecordBallot| {
        let own = voters.get(&b.person_id) == Some(&b.cast_by);
        (b.person_id, u64::from(b.seq), own)
    };
    let fail = |e: vote::TallyError| {
        Discrepancy::new(format!("无法计票：{e}"), format!("cannot tally: {e}"))
    };
    match &r.vote.kind {
        VoteKind::Question => {
            let cast: Vec<(i64, u64, Choice, bool)> = good
                .iter()
                .filter_map(|b| match parse_choice(&b.choice) {
                    Some(ParsedChoice::Question(c)) => {
                        let (p, s, own) = order(b);
                        Some((p, s, c, own))
                    }
                    _ => None,
                })
                .collect();
            let ballots = vote::resolve_ballots(&cast, r.vote.settings.ballot_policy);
            let served: Vec<i64> = r.served.iter().map(|s| s.person_id).collect();
            let input = vote::TallyInput {
                roll: &roll,
                ballots: &ballots,
                served_non_voters: (!served.is_empty()).then_some(served.as_slice()),
                refused,
            };
            vote::tally(&input, &r.vote.settings)
                .map(Outcome::Question)
                .map_err(fail)
        }
        VoteKind::Election {
            candidates,
            seats,
            max_approvals,
        } => {
            // Resolve which ballot counts per person with the same policy, then take its list.
            let cast: Vec<(i64, u64, Choice, bool)> = good
                .iter()
                .map(|b| {
                    let (p, s, own) = order(b);
                    (p, s, Choice::Agree, own)
                })
                .collect();
            let winners = resolve_seq(&cast, r.vote.settings.ballot_policy);
            let ballots: Vec<(i64, Vec<u32>)> = good
                .iter()
                .filter(|b| winners.contains(&(b.person_id, u64::from(b.seq))))
                .filter_map(|b| match parse_choice(&b.choice) {
                    Some(ParsedChoice::Approvals(list)) => Some((b.person_id, list)),
                    _ => None,
                })
                .collect();
            let input = vote::ElectionInput {
                roll: &roll,
                ballots: &ballots,
                candidates: candidates.len() as u32,
                max_approvals: *max_approvals,
                refused,
            };
            vote::tally_election(&input, *seats, &r.vote.settings)
                .map(Outcome::Election)
                .map_err(fail)
        }
    }
}

/// Which (person, seq) ballot counts per person: an own ballot beats a proxy's; then policy.
pub fn resolve_seq(
    cast: &[(i64, u64, Choice, bool)],
    policy: BallotPolicy,
) -> BTreeSet<(i64, u64)> {
    let mut best: BTreeMap<i64, (bool, u64)> = BTreeMap::new();
    for (person, seq, _, own) in cast {
        let better = match best.get(person) {
            None => true,
            Some((best_own, best_seq)) => match (own, best_own) {
                (true, false) => true,
                (false, true) => false,
                _ => match policy {
                    BallotPolicy::FirstStands => seq < best_seq,
                    BallotPolicy::LastStands => seq > best_seq,
                },
            },
        };
        if better {
            best.insert(*person, (*own, *seq));
        }
    }
    best.into_iter().map(|(p, (_, s))| (p, s)).collect()
}

fn check_result_signatures(
    r: &VoteRecord,
    ix: &Index<'_>,
    result: &RecordResult,
) -> Vec<Discrepancy> {
    let expected = result_document(
        &r.community,
        &r.vote,
        &r.roll.hash,
        &r.ballots,
        &result.outcome,
    );
    let mut signers = BTreeSet::new();
    let mut found = Vec::new();
    for s in &result.signatures {
        match s.verify() {
            Ok(key) if s.document == expected && ix.known.contains(&key.0) => {
                signers.insert(key.0);
            }
            _ => found.push(Discrepancy::new(
                "结果上的一个签名无效或签的不是此结果".into(),
                "a signature on the result is invalid or signs something else".into(),
            )),
        }
    }
    if signers.len() < 2 {
        found.push(Discrepancy::new(
            "结果需要主持人和记录员两人签名".into(),
            "the result needs the host's and the secretary's signatures".into(),
        ));
    }
    found
}
