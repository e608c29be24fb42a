//! Reading requests back: the live view (each interested owner, who signs for them, what they
//! signed), the list, and the exported record, which is checked with `verify_consent` before it
//! leaves, exactly as `yishi verify` will check it.

use super::error::status_words;
use super::open::{extract, load};
use super::types::{
    ConsentDetail, ConsentPartyView, ConsentQuery, ConsentRef, ConsentSignerView, ConsentSummary,
};
use crate::domain::consent::{Outcome, Status};
use crate::formats::consent::{
    CONSENT_RECORD_FORMAT, ConsentRecord, ConsentRecordRoll, ConsentSignature, verify_consent,
};
use crate::formats::record::RecordKey;
use crate::formats::signed::SignedFile;
use crate::lang::Lang;
use crate::ops::types::ExportFile;
use crate::ops::votes::RecordCheck;
use crate::ops::{Ctx, OpError, OpResult, VoteProblem};
use base64::Engine;
use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::SqliteConnection;
use std::collections::BTreeSet;

/// The outcome in one sentence.
pub fn summary(o: &Outcome, lang: Lang) -> String {
    let (zh, en) = status_words(o.status);
    let waiting = o.parties.iter().filter(|p| !p.consented).count();
    let consented = o.parties.len() - waiting;
    match o.status {
        Status::Pending => lang.pick(
            format!(
                "{zh}：{} 户利害关系业主中已有 {consented} 户同意。",
                o.parties.len()
            ),
            format!(
                "{en}: {consented} of {} interested owners consented.",
                o.parties.len()
            ),
        ),
        _ => lang.pick(
            format!("{zh}（{}）。", o.decided_at.as_deref().unwrap_or("")),
            format!("{en} ({}).", o.decided_at.as_deref().unwrap_or("")),
        ),
    }
}

pub(crate) async fn detail_of(
    conn: &mut SqliteConnection,
    consent_id: i64,
    now: DateTime<Utc>,
    lang: Lang,
) -> OpResult<ConsentDetail> {
    let state = load(conn, consent_id).await?;
    let outcome = state.outcome(now);
    let parties = state
        .parties
        .iter()
        .zip(&outcome.parties)
        .map(|(p, o)| ConsentPartyView {
            party_id: p.id,
            consented: o.consented,
            refused: o.refused,
            signers: p
                .party
                .signers(state.request.co_owners)
                .into_iter()
                .map(|id| {
                    let answer = state
                        .answers
                        .iter()
                        .find(|a| a.party_id == p.id && a.person_id == id);
                    ConsentSignerView {
                        person_id: id,
                        name: p
                            .party
                            .members
                            .iter()
                            .find(|m| m.person_id == id)
                            .map(|m| m.name.clone())
                            .unwrap_or_default(),
                        answer: answer.map(|a| a.answer),
                        signed_at: answer.map(|a| a.signed_at.clone()),
                    }
                })
                .collect(),
            party: p.party.clone(),
        })
        .collect();
    Ok(ConsentDetail {
        community_id: state.request.community_id,
        request: state.info(),
        roll_hash: state.request.roll_hash.clone(),
        opened_by: state.request.opened_by.clone(),
        parties,
        summary: summary(&outcome, lang),
        outcome,
    })
}

pub async fn consent_detail(
    ctx: &Ctx,
    now: DateTime<Utc>,
    input: ConsentRef,
    lang: Lang,
) -> OpResult<ConsentDetail> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    detail_of(&mut conn, input.consent_id, now, lang).await
}

pub async fn consent_list(
    ctx: &Ctx,
    now: DateTime<Utc>,
    input: ConsentQuery,
) -> OpResult<Vec<ConsentSummary>> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    crate::ops::context::require(&mut conn, input.community_id).await?;
    let mut out = Vec::new();
    for r in crate::store::consents::requests(&mut conn, input.community_id).await? {
        let state = load(&mut conn, r.id).await?;
        let o = state.outcome(now);
        out.push(ConsentSummary {
            consent_id: r.id,
            unit: r.unit_label.clone(),
            applicant: r.applicant.clone(),
            business: r.business.clone(),
            deadline: r.deadline.clone(),
            status: o.status,
            parties: o.parties.len() as u32,
            consented: o.parties.iter().filter(|p| p.consented).count() as u32,
        });
    }
    Ok(out)
}

/// The whole record of a request as of `now`.
pub async fn build_consent_record(
    ctx: &Ctx,
    consent_id: i64,
    now: DateTime<Utc>,
) -> OpResult<ConsentRecord> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    let state = load(&mut conn, consent_id).await?;
    let community_id = state.request.community_id;
    let community = crate::ops::context::require(&mut conn, community_id).await?;
    let mut signatures = Vec::with_capacity(state.answers.len());
    let mut signers = BTreeSet::new();
    for a in &state.answers {
        let sig = crate::store::keys::signature(&mut conn, community_id, a.signature_id)
            .await?
            .ok_or_else(|| inconsistent(format!("signature {} is missing", a.signature_id)))?;
        let document = serde_json::from_str(&sig.document)
            .map_err(|e| inconsistent(format!("signature {}: {e}", sig.id)))?;
        let public = crate::crypto::signing::PublicKey::parse_bytes(&sig.public_key)
            .map_err(|e| inconsistent(format!("signature {}: {e}", sig.id)))?;
        let party = state
            .parties
            .iter()
            .find(|p| p.id == a.party_id)
            .ok_or_else(|| inconsistent(format!("answer {} has no party", a.id)))?;
        signers.insert(a.person_id);
        signatures.push(ConsentSignature {
            party: party.party.key.clone(),
            person_id: a.person_id,
            answer: a.answer,
            signed: SignedFile::new(document, &public, sig.signature),
        });
    }
    let keys = crate::store::keys::list(&mut conn, community_id)
        .await?
        .into_iter()
        .filter(|k| signers.contains(&k.person_id))
        .map(|k| RecordKey {
            person_id: k.person_id,
            public_key: k.public_key,
            ended_at: k.ended_at.map(crate::ops::context::stamp),
        })
        .collect();
    let info = state.info();
    Ok(ConsentRecord {
        format: CONSENT_RECORD_FORMAT.into(),
        community: community.name,
        roll: ConsentRecordRoll {
            building: info.building.clone(),
            hash: state.request.roll_hash.clone(),
            units: extract(&state.request),
        },
        request: info,
        parties: state.party_list(),
        keys,
        signatures,
        as_of: now.to_rfc3339_opts(SecondsFormat::Secs, true),
        outcome: state.outcome(now),
    })
}

fn inconsistent(what: String) -> OpError {
    OpError::Vote(VoteProblem::RecordInconsistent(what))
}

/// `consent_record`: the record as a JSON file, refused if it would not verify.
pub async fn consent_record(
    ctx: &Ctx,
    now: DateTime<Utc>,
    input: ConsentRef,
    lang: Lang,
) -> OpResult<ExportFile> {
    let record = build_consent_record(ctx, input.consent_id, now).await?;
    if let Some(first) = verify_consent(&record).discrepancies.first() {
        return Err(inconsistent(first.message(lang)));
    }
    let text = serde_json::to_string_pretty(&record).map_err(|e| OpError::BadArguments {
        op: "consent_record".into(),
        detail: e.to_string(),
    })?;
    Ok(ExportFile {
        file_name: crate::domain::file_names::safe_file_name(&format!(
            "{}-住改商{}-记录.json",
            record.community, input.consent_id
        )),
        mime: "application/json".into(),
        content_base64: base64::engine::general_purpose::STANDARD.encode(text),
        saved_to: None,
    })
}

/// Checks a consent record file (what `yishi verify` and the record-check screen run).
pub fn check_consent_bytes(bytes: &[u8], lang: Lang) -> RecordCheck {
    let record: ConsentRecord = match serde_json::from_slice(bytes) {
        Ok(r) => r,
        Err(e) => {
            return RecordCheck {
                notes: Vec::new(),
                unanchored: None,
                ok: false,
                discrepancies: vec![lang.pick(
                    format!("不是有效的住改商同意记录文件：{e}"),
                    format!("Not a valid change-of-use consent record file: {e}"),
                )],
                result_text: String::new(),
            };
        }
    };
    let verdict = verify_consent(&record);
    let discrepancies: Vec<String> = verdict
        .discrepancies
        .iter()
        .map(|d| d.message(lang))
        .collect();
    let result_text = verdict
        .recount
        .as_ref()
        .map(|o| {
            lang.pick(
                format!(
                    "住改商申请 #{}（{}，{}）：{}",
                    record.request.id,
                    record.request.unit,
                    record.request.business,
                    summary(o, lang)
                ),
                format!(
                    "Change-of-use request #{} ({}, {}): {}",
                    record.request.id,
                    record.request.unit,
                    record.request.business,
                    summary(o, lang)
                ),
            )
        })
        .unwrap_or_default();
    RecordCheck {
        notes: Vec::new(),
        unanchored: None,
        ok: discrepancies.is_empty(),
        discrepancies,
        result_text,
    }
}
