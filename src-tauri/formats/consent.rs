//! The self-contained record of one request to change a home to business use
//! (`yishi-consent-record/v1`, docs/record-format.md) and the check anyone can run on it offline:
//! the interested list is complete against the record's roll extract, every signature verifies
//! over exactly the `yishi/consent/v1` document the app shows, each signer may sign for their
//! owner, and the outcome follows from the signatures (`domain::consent::outcome`).
//!
//! Invariant: `verify_consent` uses nothing but the record: no database, no clock (the record's
//! `as_of` is the time the outcome was stated for).

use super::record::{Discrepancy, RecordKey};
use super::signed::SignedFile;
use crate::crypto::canonical::Canonical;
use crate::crypto::signing::{Document, PublicKey};
use crate::domain::area::Area;
use crate::domain::consent::{
    self, Answer, Basis, CoOwnerRule, InterestError, Outcome, Party, SignedAnswer, Terms,
};
use crate::domain::roll::{RollOwner, RollUnit};
use crate::domain::roster::{UnitKind, UnitStatus};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use ts_rs::TS;

pub const CONSENT_RECORD_FORMAT: &str = "yishi-consent-record/v1";
/// The frozen statement each interested owner signs (docs/signing.md, vectors in
/// docs/signing-vectors.json).
pub const CONSENT_CONTEXT: &str = "yishi/consent/v1";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConsentRollOwner {
    #[ts(type = "number")]
    pub person_id: i64,
    pub name: String,
    pub is_developer: bool,
    pub designated_voter: bool,
}

/// One unit of the building as the roll stood when the request opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConsentRollUnit {
    #[ts(type = "number")]
    pub unit_id: i64,
    pub label: String,
    pub building: String,
    pub kind: UnitKind,
    pub status: UnitStatus,
    pub area: Area,
    pub owners: Vec<ConsentRollOwner>,
}

impl ConsentRollUnit {
    pub fn from_roll(u: &RollUnit) -> ConsentRollUnit {
        ConsentRollUnit {
            unit_id: u.unit_id,
            label: u.label.clone(),
            building: u.building.clone(),
            kind: u.kind,
            status: u.status,
            area: u.area,
            owners: u
                .owners
                .iter()
                .map(|o| ConsentRollOwner {
                    person_id: o.person_id,
                    name: o.name.clone(),
                    is_developer: o.is_developer,
                    designated_voter: o.designated_voter,
                })
                .collect(),
        }
    }

    pub fn to_roll(&self) -> RollUnit {
        RollUnit {
            unit_id: self.unit_id,
            label: self.label.clone(),
            building: self.building.clone(),
            kind: self.kind,
            status: self.status,
            area: self.area,
            owners: self
                .owners
                .iter()
                .map(|o| RollOwner {
                    person_id: o.person_id,
                    name: o.name.clone(),
                    is_developer: o.is_developer,
                    designated_voter: o.designated_voter,
                })
                .collect(),
        }
    }
}

fn word<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The hash of the building's roll extract: every consent signature binds it.
pub fn roll_hash(building: &str, units: &[ConsentRollUnit]) -> String {
    let mut c = Canonical::new("yishi/consent-roll/v1")
        .text(building)
        .int(units.len() as i64);
    for u in units {
        c = c
            .int(u.unit_id)
            .text(&u.label)
            .text(&u.building)
            .text(&word(&u.kind))
            .text(&word(&u.status))
            .int(u.area.0)
            .int(u.owners.len() as i64);
        for o in &u.owners {
            c = c
                .int(o.person_id)
                .text(&o.name)
                .int(i64::from(o.is_developer))
                .int(i64::from(o.designated_voter));
        }
    }
    c.sha256_hex()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConsentRequestInfo {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub unit_id: i64,
    /// "3栋 1201": the unit that changes use.
    pub unit: String,
    pub building: String,
    pub applicant: String,
    /// The business as described by the applicant.
    pub business: String,
    /// The last instant a signature counts (RFC 3339, UTC).
    pub deadline: String,
    pub co_owners: CoOwnerRule,
    pub opened_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRecordRoll {
    pub building: String,
    pub hash: String,
    pub units: Vec<ConsentRollUnit>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentSignature {
    pub party: String,
    pub person_id: i64,
    pub answer: Answer,
    pub signed: SignedFile,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRecord {
    pub format: String,
    pub community: String,
    pub request: ConsentRequestInfo,
    pub roll: ConsentRecordRoll,
    /// Every interested owner with why they are on the list.
    pub parties: Vec<Party>,
    pub keys: Vec<RecordKey>,
    pub signatures: Vec<ConsentSignature>,
    /// The time the outcome is stated for.
    pub as_of: String,
    pub outcome: Outcome,
}

/// What a consent document binds.
pub struct ConsentFields<'a> {
    pub community: &'a str,
    pub request: &'a ConsentRequestInfo,
    pub roll_hash: &'a str,
    pub party: &'a Party,
    pub answer: Answer,
    pub signer_id: i64,
    pub signer: &'a str,
    pub public_key: &'a PublicKey,
    pub signed_at: &'a str,
}

/// `yishi/consent/v1`: frozen field order (docs/signing.md).
pub fn consent_document(f: &ConsentFields<'_>) -> Document {
    Document::new(CONSENT_CONTEXT)
        .text("community", f.community)
        .int("consent_id", f.request.id)
        .text("unit", f.request.unit.as_str())
        .text("applicant", f.request.applicant.as_str())
        .text("business", f.request.business.as_str())
        .text("deadline", f.request.deadline.as_str())
        .text("co_owners", f.request.co_owners.as_str())
        .text("roll_hash", f.roll_hash)
        .text("party", f.party.key.as_str())
        .text("party_units", f.party.units.join("、"))
        .text("answer", f.answer.as_str())
        .int("signer_id", f.signer_id)
        .text("signer", f.signer)
        .text("public_key", f.public_key.hex())
        .text("signed_at", f.signed_at)
}

pub fn parse_instant(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Why the interested list cannot be computed, in both languages.
pub fn interest_message(e: &InterestError) -> (String, String) {
    match e {
        InterestError::NoSuchUnit(id) => (
            format!("名册中没有编号为 {id} 的房屋"),
            format!("the roll has no unit #{id}"),
        ),
        InterestError::ApplicantOwnerless(l) => (
            format!("申请改变用途的房屋 {l} 在名册上没有业主"),
            format!("the unit {l} that would change use has no owner on the roll"),
        ),
        InterestError::OwnerlessUnit(l) => (
            format!("同一楼栋的 {l} 在名册上没有业主，利害关系业主名单无法完整"),
            format!(
                "{l} in the same building has no owner on the roll, so the interested list cannot be complete"
            ),
        ),
        InterestError::NoOtherOwner(b) => (
            format!("{b} 除申请人外没有其他业主"),
            format!("{b} has no owner other than the applicant"),
        ),
    }
}

pub struct ConsentVerdict {
    pub discrepancies: Vec<Discrepancy>,
    /// The outcome recomputed from the signatures that check out, at the record's `as_of`.
    pub recount: Option<Outcome>,
}

fn d(zh: String, en: String) -> Discrepancy {
    Discrepancy::new(zh, en)
}

/// Re-checks a whole consent record. See the module docs.
pub fn verify_consent(r: &ConsentRecord) -> ConsentVerdict {
    let mut found = Vec::new();
    if r.format != CONSENT_RECORD_FORMAT {
        found.push(d(
            format!("文件格式不是 {CONSENT_RECORD_FORMAT}"),
            format!("the format is not {CONSENT_RECORD_FORMAT}"),
        ));
        return ConsentVerdict {
            discrepancies: found,
            recount: None,
        };
    }
    if roll_hash(&r.roll.building, &r.roll.units) != r.roll.hash {
        found.push(d(
            "名册摘录的哈希与内容不符：名册被改动过".into(),
            "the roll extract's hash does not match its units: the roll was altered".into(),
        ));
    }
    if r.roll.units.iter().any(|u| u.building != r.roll.building)
        || r.request.building != r.roll.building
    {
        found.push(d(
            "名册摘录中有不属于申请房屋所在楼栋的房屋".into(),
            "the roll extract holds units outside the applicant's building".into(),
        ));
    }
    found.extend(check_parties(r));
    let (good, bad) = check_signatures(r);
    found.extend(bad);
    let times = (parse_instant(&r.request.deadline), parse_instant(&r.as_of));
    let recount = match times {
        (Some(deadline), Some(now)) => Some(consent::outcome(
            &r.parties,
            &good,
            Terms {
                rule: r.request.co_owners,
                deadline,
                now,
            },
        )),
        _ => {
            found.push(d(
                "截止时间或结论时间格式不对".into(),
                "the deadline or the as-of time is not a valid time".into(),
            ));
            None
        }
    };
    if let Some(o) = &recount {
        if o != &r.outcome {
            found.push(d(
                format!(
                    "记录所载结论（{}）与按签名重新得出的结论（{}）不一致",
                    r.outcome.status.as_str(),
                    o.status.as_str()
                ),
                format!(
                    "the stated outcome ({}) differs from the one the signatures give ({})",
                    r.outcome.status.as_str(),
                    o.status.as_str()
                ),
            ));
        }
    }
    ConsentVerdict {
        discrepancies: found,
        recount,
    }
}

/// The list must hold every entry the roll extract makes interested, exactly as the roll gives
/// it, and outside owners only with a reason and an evidence hash.
fn check_parties(r: &ConsentRecord) -> Vec<Discrepancy> {
    let mut found = Vec::new();
    let roll: Vec<RollUnit> = r.roll.units.iter().map(ConsentRollUnit::to_roll).collect();
    let computed = match consent::interested(&roll, r.request.unit_id) {
        Ok(c) => c,
        Err(e) => {
            let (zh, en) = interest_message(&e);
            return vec![d(
                format!("无法由名册摘录得出利害关系业主：{zh}"),
                format!("the interested owners cannot be derived from the roll extract: {en}"),
            )];
        }
    };
    let listed: BTreeMap<&str, &Party> = r.parties.iter().map(|p| (p.key.as_str(), p)).collect();
    if listed.len() != r.parties.len() {
        found.push(d(
            "利害关系业主名单中有重复".into(),
            "an owner appears twice on the interested list".into(),
        ));
    }
    for c in &computed {
        match listed.get(c.key.as_str()) {
            Some(p) if p.basis == Basis::SameBuilding && p.members == c.members => {}
            Some(_) => found.push(d(
                format!("利害关系业主 {} 与名册摘录不符", c.units.join("、")),
                format!(
                    "interested owner {} differs from the roll extract",
                    c.units.join(", ")
                ),
            )),
            None => found.push(d(
                format!("名单缺少同楼栋业主 {}：名单不完整", c.units.join("、")),
                format!(
                    "the list leaves out {} of the same building: it is incomplete",
                    c.units.join(", ")
                ),
            )),
        }
    }
    let by_law: BTreeSet<&str> = computed.iter().map(|c| c.key.as_str()).collect();
    for p in &r.parties {
        match &p.basis {
            Basis::SameBuilding if !by_law.contains(p.key.as_str()) => found.push(d(
                format!("{} 被列为同楼栋业主，但名册摘录中不是", p.units.join("、")),
                format!(
                    "{} is listed as an owner of the building but the roll extract says otherwise",
                    p.units.join(", ")
                ),
            )),
            Basis::ShownHarm {
                reason,
                evidence_sha256,
                ..
            } if reason.trim().is_empty()
                || evidence_sha256.len() != 64
                || !evidence_sha256.bytes().all(|b| b.is_ascii_hexdigit()) =>
            {
                found.push(d(
                    format!("楼外业主 {} 缺少受影响的理由或证据哈希", p.units.join("、")),
                    format!(
                        "outside owner {} lacks a reason or an evidence hash",
                        p.units.join(", ")
                    ),
                ))
            }
            _ => {}
        }
    }
    found
}

/// Each signature against the key list, the rebuilt document and the party's signers.
fn check_signatures(r: &ConsentRecord) -> (Vec<SignedAnswer>, Vec<Discrepancy>) {
    let parties: BTreeMap<&str, &Party> = r.parties.iter().map(|p| (p.key.as_str(), p)).collect();
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for (i, s) in r.signatures.iter().enumerate() {
        let n = i + 1;
        match check_one(r, &parties, s) {
            Ok(a) => good.push(a),
            Err((zh, en)) => bad.push(d(
                format!("第 {n} 个签名：{zh}"),
                format!("signature #{n}: {en}"),
            )),
        }
    }
    (good, bad)
}

fn check_one(
    r: &ConsentRecord,
    parties: &BTreeMap<&str, &Party>,
    s: &ConsentSignature,
) -> Result<SignedAnswer, (String, String)> {
    let e = |zh: &str, en: &str| (zh.to_string(), en.to_string());
    let key = s
        .signed
        .verify()
        .map_err(|_| e("签名与文件或公钥不符", "does not verify"))?;
    let signed_at = s.signed.document.get_text("signed_at").unwrap_or_default();
    let at = parse_instant(signed_at).ok_or_else(|| e("签署时间无效", "no valid signing time"))?;
    let valid_key = r.keys.iter().any(|k| {
        k.person_id == s.person_id
            && PublicKey::parse_bytes(&k.public_key).is_ok_and(|p| p == key)
            && k.ended_at
                .as_deref()
                .and_then(parse_instant)
                .is_none_or(|end| at < end)
    });
    if !valid_key {
        return Err(e(
            "签名所用密钥不是签名人当时有效的密钥",
            "the key is not one the signer held at the time",
        ));
    }
    let party = parties.get(s.party.as_str()).ok_or_else(|| {
        e(
            "签名人代表的业主不在利害关系名单上",
            "signs for an owner not on the list",
        )
    })?;
    let member = party
        .members
        .iter()
        .find(|m| m.person_id == s.person_id)
        .ok_or_else(|| {
            e(
                "签名人不是该业主（或共有人）",
                "the signer is not that owner or a co-owner",
            )
        })?;
    if !party.signers(r.request.co_owners).contains(&s.person_id) {
        return Err(e(
            "按本申请的共有人设置，此人不能代表该业主签署",
            "under this request's co-owner setting this person does not sign for that owner",
        ));
    }
    let expected = consent_document(&ConsentFields {
        community: &r.community,
        request: &r.request,
        roll_hash: &r.roll.hash,
        party,
        answer: s.answer,
        signer_id: s.person_id,
        signer: &member.name,
        public_key: &key,
        signed_at,
    });
    if expected != s.signed.document {
        return Err(e(
            "签署的内容与本申请、该业主或所载意见不符",
            "the signed document does not match this request, that owner or the stated answer",
        ));
    }
    Ok(SignedAnswer {
        party: s.party.clone(),
        person_id: s.person_id,
        answer: s.answer,
        at,
    })
}
