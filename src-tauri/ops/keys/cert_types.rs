//! Argument and result types of the certificate and root operations (generated to TypeScript).

use crate::crypto::signing::Document;
use crate::formats::signed::SignedFile;
use crate::ops::keys::{IdCheck, RegistrarSign};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A registrar certifies a key that has no enrolment certificate (enrolled before certificates,
/// or by the app's setup), after checking the holder's identity again.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KeyCertify {
    #[ts(type = "number")]
    pub community_id: i64,
    #[ts(type = "number")]
    pub key_id: i64,
    pub check: IdCheck,
    pub registrar: RegistrarSign,
}

/// A community's certificates, or one person's.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CertQuery {
    #[ts(type = "number")]
    pub community_id: i64,
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub person_id: Option<i64>,
}

/// One certificate as the app shows it, re-checked against the community's roots.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CertView {
    #[ts(type = "number")]
    pub cert_id: i64,
    /// "role", "enrolment" or "revocation".
    pub kind: String,
    #[ts(type = "number")]
    pub person_id: i64,
    /// The holder's name as the certificate gives it (revocations name none: from the roll).
    pub holder: String,
    /// The office of a role certificate.
    pub role: Option<String>,
    /// The certified or revoked key (`yishi-key:v1:<hex>`) and its fingerprint.
    pub public_key: String,
    pub fingerprint: String,
    /// Who signed it: "根密钥 第 N 代" / "root generation N", or the registrar's or host's name.
    pub signed_by: String,
    pub signer_key: String,
    pub issued_at: String,
    /// SHA-256 of the signed document, and its short form.
    pub cert_hash: String,
    pub short_hash: String,
    /// The certificate as a signed file anyone can re-check (`yishi keys verify`).
    pub file: SignedFile,
    /// Re-checked now against the community's roots: signature, signer's standing, form.
    pub valid: bool,
    /// What is wrong with it, when not valid, in the caller's language.
    pub problem: Option<String>,
}

/// The enrolment receipt of a key.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KeyReceiptQuery {
    #[ts(type = "number")]
    pub community_id: i64,
    #[ts(type = "number")]
    pub key_id: i64,
    /// Also save the page and the certificate into Downloads.
    #[serde(default)]
    pub save_to_downloads: bool,
}

/// The member's signed enrolment receipt: a printable page and the certificate itself.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KeyReceipt {
    /// The printable page (HTML): name, units, key fingerprint, registrar, the community root's
    /// fingerprint, the certificate's hash and the notice of purpose.
    pub page: crate::ops::types::ExportFile,
    /// The enrolment certificate as a signed file (`yishi-signed/v1`), anyone can re-check.
    pub certificate: SignedFile,
    /// Where the certificate file was saved, when asked.
    pub certificate_saved_to: Option<String>,
    pub cert_hash: String,
    pub root_fingerprint: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RootQuery {
    #[ts(type = "number")]
    pub community_id: i64,
}

/// One generation of a community's root key.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RootGeneration {
    #[ts(type = "number")]
    pub generation: i64,
    pub public_key: String,
    /// Short form (eight groups of four hex digits) of SHA-256 over the key: what notices print.
    pub fingerprint: String,
    pub created_at: String,
    pub ended_at: Option<String>,
    /// The hand-over from the previous generation (`yishi/root-handover/v1`), when there was one.
    pub handover: Option<Document>,
    /// Who the hand-over names to countersign it ('' for none), and whether they have.
    pub countersigned_by: String,
    pub countersigned: bool,
}

/// The community's root: the current generation, its QR code and every generation before it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RootView {
    #[ts(type = "number")]
    pub community_id: i64,
    pub current: RootGeneration,
    /// The full SHA-256 of the current key as a QR code (SVG markup).
    pub qr_svg: String,
    pub history: Vec<RootGeneration>,
}

/// Rotating a community's root: a new generation, handed over by the old root.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RootRotate {
    #[ts(type = "number")]
    pub community_id: i64,
    pub reason: String,
    /// Who must countersign the hand-over (e.g. "某某街道办事处" and their key,
    /// `yishi-key:v1:<hex>`) when the old root may be in a thief's hands. Empty: none.
    #[serde(default)]
    pub countersigned_by: String,
}

/// The countersignature of a root hand-over: the hand-over signed (`yishi keys sign`) by the
/// party its `countersigned_by` names.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RootCountersign {
    #[ts(type = "number")]
    pub community_id: i64,
    #[ts(type = "number")]
    pub generation: i64,
    pub file: SignedFile,
}

/// One item of the notice of purpose shown at enrolment.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NoticeItem {
    pub title: String,
    pub text: String,
}
