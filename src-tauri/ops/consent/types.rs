//! Arguments and results of the consent operations (exported to TypeScript).

use crate::domain::consent::{Answer, CoOwnerRule, Outcome, Party, Status};
use crate::formats::consent::ConsentRequestInfo;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConsentOpen {
    #[ts(type = "number")]
    pub community_id: i64,
    /// The unit that would change use.
    #[ts(type = "number")]
    pub unit_id: i64,
    /// Who asks (the owner, or the tenant with the owner's leave), as written on the request.
    pub applicant: String,
    /// The business described: what, hours, noise, smells, visitors.
    pub business: String,
    /// The last moment a signature counts (RFC 3339; a bare local date-time is read as +08:00).
    pub deadline: String,
    pub co_owners: CoOwnerRule,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConsentAddParty {
    #[ts(type = "number")]
    pub consent_id: i64,
    /// An owner outside the building who showed harm.
    #[ts(type = "number")]
    pub person_id: i64,
    /// Which of their units is harmed, when they own several with different co-owners.
    #[ts(type = "number | null")]
    #[serde(default)]
    pub unit_id: Option<i64>,
    pub reason: String,
    /// SHA-256 (64 hex) of the evidence they showed (photo, survey, letter).
    pub evidence_sha256: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConsentRef {
    #[ts(type = "number")]
    pub consent_id: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConsentQuery {
    #[ts(type = "number")]
    pub community_id: i64,
}

/// One person who signs for an interested owner, and what they signed.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConsentSignerView {
    #[ts(type = "number")]
    pub person_id: i64,
    pub name: String,
    pub answer: Option<Answer>,
    pub signed_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConsentPartyView {
    #[ts(type = "number")]
    pub party_id: i64,
    pub party: Party,
    pub consented: bool,
    pub refused: bool,
    pub signers: Vec<ConsentSignerView>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConsentDetail {
    #[ts(type = "number")]
    pub community_id: i64,
    pub request: ConsentRequestInfo,
    pub roll_hash: String,
    pub opened_by: String,
    pub parties: Vec<ConsentPartyView>,
    pub outcome: Outcome,
    /// The outcome in plain words, in the caller's language.
    pub summary: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConsentSummary {
    #[ts(type = "number")]
    pub consent_id: i64,
    pub unit: String,
    pub applicant: String,
    pub business: String,
    pub deadline: String,
    pub status: Status,
    pub parties: u32,
    pub consented: u32,
}
