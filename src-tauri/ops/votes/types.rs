//! Argument and result types of the vote operations (generated to TypeScript).

use crate::domain::area::Area;
use crate::domain::vote::{MatterCategory, ResidentsMode, RuleProposal, VoteSettings};
use crate::ops::keys::HostApproval;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use crate::formats::record::VoteKind;

pub use crate::domain::states::VoteStatus;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RuleQuery {
    #[ts(type = "number")]
    pub community_id: i64,
    pub category: MatterCategory,
    #[serde(default)]
    pub building: Option<String>,
    /// The entrance (单元) of `building` the matter concerns (a lift serves one entrance).
    #[serde(default)]
    pub entrance: Option<String>,
    /// For a residents' matter: how the meeting is composed (default: residents aged 18+).
    #[serde(default)]
    pub residents_mode: Option<ResidentsMode>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RuleAdvice {
    pub proposal: RuleProposal,
    /// Defaults to start from: first ballot stands, the 从众 clause off, no proxy limit.
    pub settings: VoteSettings,
    /// For a residents' matter: who is entitled today and what the roll could not tell.
    pub residents: Option<crate::domain::residents::Entitlement>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VoteCreate {
    #[ts(type = "number")]
    pub community_id: i64,
    pub title: String,
    /// The exact motion text; it is part of every ballot's signed bytes.
    pub motion: String,
    pub category: MatterCategory,
    pub kind: VoteKind,
    pub settings: VoteSettings,
    /// RFC 3339.
    pub opens_at: String,
    pub closes_at: String,
    /// 询异: days after closing during which objections may be raised (0: final at once).
    #[serde(default)]
    pub objection_days: u32,
    /// The meeting (or written consultation) and its agenda item the vote is taken under: the
    /// item must have been on the announced agenda.
    #[ts(type = "number | null")]
    #[serde(default)]
    pub agenda_item_id: Option<i64>,
    /// The matter whose residents' stage the vote decides.
    #[ts(type = "number | null")]
    #[serde(default)]
    pub matter_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VoteView {
    #[ts(type = "number")]
    pub vote_id: i64,
    #[ts(type = "number")]
    pub community_id: i64,
    pub title: String,
    pub motion: String,
    pub category: MatterCategory,
    pub kind: VoteKind,
    pub settings: VoteSettings,
    pub status: VoteStatus,
    pub opens_at: String,
    pub closes_at: String,
    pub objection_days: u32,
    /// When the result becomes final (closing + objection days), once closed.
    pub final_at: Option<String>,
    pub is_final: bool,
    /// Published when voting opens: the frozen roll's hash.
    pub roll_hash: Option<String>,
    /// Published when voting opens (votes opened with a manifest): the manifest hash, in full
    /// (for the QR code) and in its short form (to read aloud and compare with the notice).
    #[serde(default)]
    pub manifest_hash: Option<String>,
    #[serde(default)]
    pub manifest_short: Option<String>,
    pub created_at: String,
    pub created_by: String,
    pub ballots: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VoteRef {
    #[ts(type = "number")]
    pub vote_id: i64,
}

/// Live participation against the quorum line.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Participation {
    pub n: u32,
    pub a: Area,
    pub pn: u32,
    pub pa: Area,
    pub quorum_persons: u32,
    pub quorum_area: Area,
    pub refused: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BallotView {
    #[ts(type = "number")]
    pub ballot_id: i64,
    /// Unit numbers only: the public record names no one.
    pub units: Vec<String>,
    pub voter_name: String,
    pub by_proxy: bool,
    pub channel: String,
    pub choice: String,
    pub receipt: String,
    pub cast_at: String,
    /// Whether this ballot is the one counted for the person (policy and proxy overrides).
    pub counted: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ProxyAdd {
    #[ts(type = "number")]
    pub vote_id: i64,
    /// The roll entry the proxy votes for.
    #[ts(type = "number")]
    pub owner_id: i64,
    /// The person who may cast its ballot.
    #[ts(type = "number")]
    pub proxy_id: i64,
    /// The signed authorisation (委托书), scanned: only its hash is kept.
    pub scan_base64: String,
    pub scope: String,
    pub expires_at: String,
    /// Who signs the registration (`yishi/proxy/v1`): the owner with their own key, or two
    /// officers of the vote.
    pub signers: ProxySigners,
}

/// The signers of a proxy's authorisation (docs/record-format.md §Proxies): the entry's own
/// voter with their own key and PIN, or two different officers the vote's manifest lists (host,
/// secretary, registrar, counter, scrutineer), each with their key and PIN (the same bar as a
/// paper ballot: two people must collude).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum ProxySigners {
    Owner { key: HostApproval },
    Officers { officers: [HostApproval; 2] },
}

/// How the ballot was served on an owner (送达方式), for the 从众 clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ServiceMethod {
    /// 直接送达（本人签收）
    InPerson,
    /// 留置送达
    LeftAtHome,
    /// 邮寄送达
    Post,
    /// 电子送达（短信、微信等可查记录）
    Electronic,
}

impl ServiceMethod {
    pub fn key(self) -> &'static str {
        match self {
            ServiceMethod::InPerson => "in_person",
            ServiceMethod::LeftAtHome => "left_at_home",
            ServiceMethod::Post => "post",
            ServiceMethod::Electronic => "electronic",
        }
    }
}

/// Records that an owner was served the ballot (送达), with the proof (receipt, photo,
/// screenshot): only its hash is kept. Only while voting is open and only when the vote's
/// settings switch the 从众 clause on.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ServedAdd {
    #[ts(type = "number")]
    pub vote_id: i64,
    /// The roll entry served.
    #[ts(type = "number")]
    pub person_id: i64,
    pub method: ServiceMethod,
    pub evidence_base64: String,
    /// The day it was served, "YYYY-MM-DD".
    pub served_on: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ServedView {
    #[ts(type = "number")]
    pub person_id: i64,
    pub name: String,
    pub units: String,
    pub method: String,
    pub evidence_sha256: String,
    pub served_on: String,
    /// They voted after all: then they are not a non-voter and the clause does not touch them.
    pub voted: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ProxyView {
    #[ts(type = "number")]
    pub owner_id: i64,
    #[ts(type = "number")]
    pub proxy_id: i64,
    pub owner: String,
    pub owner_units: Vec<String>,
    pub proxy: String,
    pub scan_sha256: String,
    pub scope: String,
    pub expires_at: String,
    /// Who signed the registration (`yishi/proxy/v1`): the owner, or two officers, by name;
    /// empty for proxies registered before they were signed.
    pub signed_by: Vec<String>,
    /// When it was registered (the signed document's `registered_at`), or "".
    pub registered_at: String,
}

/// What the paper ballot shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum PaperMark {
    Agree,
    Oppose,
    Abstain,
    /// 空白票: counts as an abstention.
    Blank,
    /// 无法辨认: counts as an abstention.
    Illegible,
    /// Election: the candidates marked.
    Approvals {
        candidates: Vec<u32>,
    },
    /// The voter's identity could not be confirmed: not participating.
    IdentityFailed,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PaperBallot {
    #[ts(type = "number")]
    pub vote_id: i64,
    /// The person whose ballot it is.
    #[ts(type = "number")]
    pub person_id: i64,
    /// The roll entry it is for, when the person votes for several (alone and as a co-owners'
    /// designated voter); otherwise their only entry.
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub entry_id: Option<i64>,
    pub mark: PaperMark,
    /// Photo or scan of the ballot: only its SHA-256 is kept and signed.
    pub scan_base64: String,
    /// 唱票 and 计票: two witnesses sign the entry with their own keys.
    pub witnesses: [HostApproval; 2],
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VoteClose {
    #[ts(type = "number")]
    pub vote_id: i64,
    pub host: HostApproval,
    pub secretary: HostApproval,
    /// A counter or scrutineer: the third signer a vote opened with a manifest needs (three
    /// different people of the manifest's officers). Ignored for votes opened before.
    #[serde(default)]
    #[ts(optional)]
    pub officer: Option<HostApproval>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VoteDetail {
    pub vote: VoteView,
    pub participation: Option<Participation>,
    pub ballots: Vec<BallotView>,
    pub refused: Vec<String>,
    pub proxies: Vec<ProxyView>,
    /// Owners served the ballot (从众 clause on only).
    pub served: Vec<ServedView>,
    /// Once closed: the printed result block (the same text `yishi verify` prints).
    pub result_text: Option<String>,
    pub passed: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RecordCheckRequest {
    /// A record file (`yishi-vote-record/v1` or `/v2` JSON), base64.
    pub content_base64: String,
    /// The manifest hash from the posted notice (short form or full hex), if given.
    #[serde(default)]
    #[ts(optional)]
    pub manifest: Option<String>,
    /// The community root's fingerprint from the posted notice, if given.
    #[serde(default)]
    #[ts(optional)]
    pub root: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RecordCheck {
    pub ok: bool,
    pub discrepancies: Vec<String>,
    pub result_text: String,
    /// What the check reports without failing: keys enrolled after the notice, the statement
    /// versions the record uses.
    #[serde(default)]
    pub notes: Vec<String>,
    /// Set when no anchor was given (or the record has no manifest): the check covered the
    /// record's internal consistency only; names the manifest hash and root fingerprint to
    /// compare with the posted notice.
    #[serde(default)]
    pub unanchored: Option<String>,
}
