//! A consent or refusal is a signature like any other (`SignSubject::Consent`, kiosk or own
//! key): the signing path asks `document_for` for the exact `yishi/consent/v1` document and,
//! inside the signature's transaction, `on_signed` records the answer and its event.
//!
//! Invariant: an answer is stored only while the request is pending, by one of its party's
//! signers, at most once per signer and party (the signature's subject is per party).

use super::error::ConsentProblem as P;
use super::open::{err, load};
use crate::crypto::signing::{Document, PublicKey};
use crate::domain::consent::{Answer, Status};
use crate::formats::consent::{ConsentFields, consent_document, parse_instant};
use crate::ops::keys::{SignRequest, SignSubject};
use crate::ops::{Caller, OpResult};
use crate::store::WriteTx;
use crate::store::consents::{self as store, AnswerRow};
use serde_json::json;
use sqlx::SqliteConnection;

/// The signature subject: one answer per signer and interested owner.
pub fn subject_key(consent_id: i64, party_id: i64) -> String {
    format!("consent:{consent_id}:party:{party_id}")
}

/// The document `req.person_id` signs to answer for party `party_id` at `signed_at`.
pub(crate) async fn document_for(
    conn: &mut SqliteConnection,
    req: &SignRequest,
    (consent_id, party_id, answer): (i64, i64, Answer),
    public: &PublicKey,
    signed_at: &str,
) -> OpResult<Document> {
    let state = load(conn, consent_id).await?;
    if state.request.community_id != req.community_id {
        return Err(err(P::NoSuchRequest(consent_id)));
    }
    let party = state
        .parties
        .iter()
        .find(|p| p.id == party_id)
        .ok_or(err(P::NoSuchParty(party_id)))?;
    let member = party
        .party
        .members
        .iter()
        .find(|m| m.person_id == req.person_id);
    let signs = party
        .party
        .signers(state.request.co_owners)
        .contains(&req.person_id);
    let Some(member) = member.filter(|_| signs) else {
        let name = crate::store::roles::person_community(conn, req.person_id)
            .await?
            .map(|(_, n)| n)
            .unwrap_or_default();
        return Err(err(P::NotASigner { name }));
    };
    let at = parse_instant(signed_at).ok_or(err(P::BadDeadline(signed_at.to_string())))?;
    let status = state.outcome(at).status;
    if status != Status::Pending {
        return Err(err(P::Decided(status)));
    }
    let community = crate::ops::context::require(conn, req.community_id).await?;
    Ok(consent_document(&ConsentFields {
        community: &community.name,
        request: &state.info(),
        roll_hash: &state.request.roll_hash,
        party: &party.party,
        answer,
        signer_id: req.person_id,
        signer: &member.name,
        public_key: public,
        signed_at,
    }))
}

/// Called in the signature's transaction: records the answer, re-checking against the rows
/// this transaction sees (a refusal may have landed since the preview).
pub(crate) async fn on_signed(
    tx: &mut WriteTx,
    by: &Caller,
    req: &SignRequest,
    signature_id: i64,
    signed_at: &str,
) -> OpResult<()> {
    let SignSubject::Consent {
        consent_id,
        party_id,
        answer,
    } = req.subject
    else {
        return Ok(());
    };
    let state = load(tx.conn(), consent_id).await?;
    // Pending now, not only when the file says it was signed: an answer filed after the
    // deadline or after a refusal does not count, whatever date its signer wrote in it.
    let status = state.outcome(by.now).status;
    if status != Status::Pending {
        return Err(err(P::Decided(status)));
    }
    let mut row = AnswerRow {
        id: 0,
        consent_id,
        party_id,
        person_id: req.person_id,
        answer,
        signature_id,
        signed_at: signed_at.to_string(),
    };
    row.id = store::insert_answer(tx.conn(), &row).await?;
    let after = load(tx.conn(), consent_id).await?.outcome(by.now);
    crate::ops::log(
        tx,
        by,
        req.community_id,
        "consent.answered",
        json!({
            "consent_id": consent_id, "party_id": party_id, "answer_id": row.id,
            "answer": answer.as_str(), "signature_id": signature_id,
            "row_sha256": store::answer_digest(&row), "status": after.status.as_str(),
        }),
    )
    .await?;
    Ok(())
}

/// A consent document's value in plain words for the signer (answer and setting in words,
/// keys as fingerprints).
pub fn field_value(name: &str, value: &str, lang: crate::lang::Lang) -> String {
    let words = match (name, value) {
        ("answer", "consent") => Some((
            "同意改为经营用房",
            "I CONSENT to the change to business use",
        )),
        ("answer", "refuse") => Some(("不同意改为经营用房", "I REFUSE the change to business use")),
        ("co_owners", "designated_voter") => {
            Some(("共有房屋由指定投票人签署", "the designated co-owner signs"))
        }
        ("co_owners", "every_co_owner") => Some(("每位共有人均须签署", "every co-owner signs")),
        _ => None,
    };
    if let Some((zh, en)) = words {
        return lang.pick(zh, en).to_string();
    }
    if name.ends_with("public_key") {
        return PublicKey::parse(value)
            .map(|k| k.fingerprint())
            .unwrap_or_else(|_| value.to_string());
    }
    value.to_string()
}
