//! Argument and result types of the key and signature operations (generated to TypeScript).

use crate::crypto::signing::Document;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use crate::domain::states::{KeyOrigin, KeyStatus};

/// How the secretary checked the person's identity before enrolling a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum IdCheck {
    /// 居民身份证原件
    IdCard,
    /// 户口簿
    HouseholdRegister,
    /// 不动产权证书
    PropertyCertificate,
    /// 护照或其他证件
    OtherDocument,
    /// 工作人员当面认识并确认
    KnownInPerson,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KeyEnrol {
    #[ts(type = "number")]
    pub community_id: i64,
    #[ts(type = "number")]
    pub person_id: i64,
    /// The person types it themselves; at least 6 characters, not a pattern, a common PIN or
    /// their birth date (`domain::pin`).
    pub pin: String,
    /// The secretary who checked the identity.
    pub checked_by: String,
    pub check: IdCheck,
    /// The registrar (or host) who checked the identity signs the enrolment certificate with
    /// their own key and PIN; they must be the signed-in operator. Only the app's own setup
    /// steps (first host, demo) enrol without it, and their keys stay uncertified until a
    /// registrar certifies them (`key_certify`).
    #[serde(default)]
    #[ts(optional)]
    pub registrar: Option<RegistrarSign>,
}

/// The registrar's (or host's) own key and PIN, signing an enrolment or revocation certificate.
/// The PIN is never logged.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RegistrarSign {
    #[ts(type = "number")]
    pub key_id: i64,
    pub pin: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KeyEnrolPublic {
    #[ts(type = "number")]
    pub community_id: i64,
    #[ts(type = "number")]
    pub person_id: i64,
    /// `yishi-key:v1:<64 hex>` or 64 hex characters, from the member's own Yishi.
    pub public_key: String,
    pub checked_by: String,
    pub check: IdCheck,
    /// As in `KeyEnrol`.
    #[serde(default)]
    #[ts(optional)]
    pub registrar: Option<RegistrarSign>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KeyView {
    #[ts(type = "number")]
    pub key_id: i64,
    #[ts(type = "number")]
    pub person_id: i64,
    pub person_name: String,
    pub units: Vec<String>,
    /// `yishi-key:v1:<hex>`.
    pub public_key: String,
    /// "3F9A 21C4 77BE 0D12": read aloud to compare.
    pub fingerprint: String,
    /// The public key as a QR code (SVG markup).
    pub qr_svg: String,
    pub origin: KeyOrigin,
    pub status: KeyStatus,
    pub locked: bool,
    #[ts(type = "number")]
    pub failed_attempts: i64,
    pub checked_by: String,
    pub check_method: String,
    pub enrolled_at: String,
    pub ended_at: Option<String>,
    pub end_reason: Option<String>,
    /// The hash of the key's enrolment certificate (`yishi/enrolment-cert/v1`), if it has one.
    pub certificate: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KeyRotate {
    #[ts(type = "number")]
    pub community_id: i64,
    #[ts(type = "number")]
    pub key_id: i64,
    pub pin: String,
    pub new_pin: String,
    /// The registrar (or host) at the desk certifies the new key (as in `KeyEnrol`).
    #[serde(default)]
    #[ts(optional)]
    pub registrar: Option<RegistrarSign>,
}

/// The host's own signature approving an action on someone's key. For a revocation, a
/// registrar's key is accepted too (the revocation certificate is theirs).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HostApproval {
    #[ts(type = "number")]
    pub host_key_id: i64,
    pub host_pin: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KeyRevoke {
    #[ts(type = "number")]
    pub community_id: i64,
    #[ts(type = "number")]
    pub key_id: i64,
    pub reason: String,
    pub host: HostApproval,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KeyUnlock {
    #[ts(type = "number")]
    pub community_id: i64,
    #[ts(type = "number")]
    pub key_id: i64,
    pub host: HostApproval,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StatementCreate {
    #[ts(type = "number")]
    pub community_id: i64,
    pub title: String,
    pub body: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StatementView {
    #[ts(type = "number")]
    pub statement_id: i64,
    pub title: String,
    pub body: String,
    pub created_at: String,
    pub created_by: String,
    #[ts(type = "number")]
    pub signatures: i64,
    /// The `subject` its signatures are filed under.
    pub subject: String,
}

/// What a person is asked to sign. Later kinds (ballots, minutes, sign-ins) join here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum SignSubject {
    Statement {
        #[ts(type = "number")]
        statement_id: i64,
    },
    /// A ballot: "agree" | "oppose" | "abstain", or "approve:0,2" in an election. With
    /// `proxy_for`, the signer casts it for that owner under a registered proxy.
    Ballot {
        #[ts(type = "number")]
        vote_id: i64,
        choice: String,
        /// The roll entry the ballot is for: one the signer votes for (needed when they vote
        /// for several), or one whose proxy they hold. `None`: the signer's only entry.
        #[ts(type = "number | null")]
        #[serde(default)]
        proxy_for: Option<i64>,
    },
    /// Attendance at a meeting (`yishi/sign-in/v1`).
    SignIn {
        #[ts(type = "number")]
        meeting_id: i64,
    },
    /// Final minutes, bound by their text hash (`yishi/minutes/v1`).
    Minutes {
        #[ts(type = "number")]
        minutes_id: i64,
    },
    /// A correction to final minutes (`yishi/addendum/v1`).
    Addendum {
        #[ts(type = "number")]
        addendum_id: i64,
    },
    /// A party's signature on the newest three-party proposal of a matter (`yishi/proposal/v1`).
    Proposal {
        #[ts(type = "number")]
        matter_id: i64,
        #[ts(type = "number")]
        proposal_id: i64,
    },
    /// The signed reason for skipping a matter's stage (`yishi/urgent-skip/v1`).
    UrgentSkip {
        #[ts(type = "number")]
        matter_id: i64,
        to: crate::domain::flow::Stage,
        reason: String,
    },
    /// A host's signed reason to go on with a meeting's dates through a year that has no holiday
    /// schedule, counting only Saturdays and Sundays as its rest days
    /// (`yishi/calendar-override/v1`); printed on the meeting's notice.
    CalendarOverride {
        #[ts(type = "number")]
        meeting_id: i64,
        year: i32,
        reason: String,
    },
    /// A household acknowledges a convention version in force (`yishi/convention-ack/v1`).
    Acknowledgement {
        #[ts(type = "number")]
        version_id: i64,
    },
    /// An interested owner's consent or refusal to a change of a home to business use
    /// (`yishi/consent/v1`), signed for one interested owner (`party_id`) of the request.
    Consent {
        #[ts(type = "number")]
        consent_id: i64,
        #[ts(type = "number")]
        party_id: i64,
        answer: crate::domain::consent::Answer,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SignRequest {
    #[ts(type = "number")]
    pub community_id: i64,
    #[ts(type = "number")]
    pub person_id: i64,
    pub subject: SignSubject,
}

/// One line of a document as the signer reads it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DocLine {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SignPreview {
    pub document: Document,
    /// The document in plain words, in the caller's language.
    pub lines: Vec<DocLine>,
    pub document_hash: String,
    pub signed_at: String,
    pub signer_name: String,
    #[ts(type = "number | null")]
    pub key_id: Option<i64>,
    pub fingerprint: Option<String>,
    /// Why this person cannot sign now (no key, locked, already signed), in the caller's language.
    pub blocker: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SignSubmit {
    pub request: SignRequest,
    /// From the preview: the document signed is exactly the one shown.
    pub signed_at: String,
    pub document_hash: String,
    pub pin: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Receipt {
    #[ts(type = "number")]
    pub signature_id: i64,
    pub document_hash: String,
    /// The first 12 hex digits of the hash in groups ("3F9A-21C4-77BE"): to write down.
    pub short_code: String,
    /// QR code (SVG) of `yishi-receipt:v1:<hash>`.
    pub qr_svg: String,
    pub signed_at: String,
    pub signer_name: String,
    pub fingerprint: String,
    /// A ballot of a vote opened with a manifest: the manifest's short form, to compare with
    /// the posted notice (docs/record-format.md §Manifest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifest: Option<String>,
    /// For a ballot: the community's newest checkpoint when the receipt was given (its size and
    /// short root hash are printed with the receipt); `None` for other signatures.
    #[serde(default)]
    pub checkpoint: Option<crate::ops::anchor::checkpoint::CheckpointRef>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SignatureQuery {
    #[ts(type = "number")]
    pub community_id: i64,
    #[serde(default)]
    pub subject: Option<String>,
    /// Rows to skip (newest first) and the page size (default 100, at most 500).
    #[serde(default)]
    pub offset: u32,
    #[serde(default)]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SignatureView {
    #[ts(type = "number")]
    pub signature_id: i64,
    #[ts(type = "number")]
    pub person_id: i64,
    pub signer_name: String,
    pub subject: String,
    pub context: String,
    pub signed_at: String,
    pub public_key: String,
    pub fingerprint: String,
    pub key_status: KeyStatus,
    pub key_ended_at: Option<String>,
    pub document_hash: String,
    pub signature: String,
    pub lines: Vec<DocLine>,
    /// Re-verified now: signature matches, document hash matches, key valid at signing time.
    pub valid: bool,
    pub verdict: String,
}

pub use crate::formats::signed::SignedFile;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SignedFileSubmit {
    pub request: SignRequest,
    pub file: SignedFile,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KeyQuery {
    #[ts(type = "number")]
    pub community_id: i64,
}
