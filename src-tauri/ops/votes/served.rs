//! Service of the ballot (送达) for the 从众 clause (指导规则 Art. 26): when a vote's settings
//! switch the clause on, owners served the ballot who do not vote are deemed to follow the
//! choice that leads among the ballots in both persons and area. Each service is recorded with
//! its method and the evidence's hash; the record carries those who did not vote, and the
//! verifier counts them exactly as closing did.

use crate::crypto::canonical::sha256_hex;
use crate::domain::states::{VoteForm, VoteStatus};
use crate::lang::Lang;
use crate::ops::votes::{ServedAdd, VoteDetail};
use crate::ops::votes::{require_vote, settings_of, stamp};
use crate::ops::{Caller, Ctx, FlowProblem, OpError, OpResult, VoteProblem};
use crate::store::events::{self, NewEvent};
use crate::store::votes as vote_store;
use base64::Engine;
use serde_json::json;

pub async fn served_add(
    ctx: &Ctx,
    by: &Caller,
    input: ServedAdd,
    lang: Lang,
) -> OpResult<VoteDetail> {
    let evidence = base64::engine::general_purpose::STANDARD
        .decode(input.evidence_base64.trim())
        .map_err(|_| OpError::Invalid(crate::ops::Invalid::Base64))?;
    if evidence.is_empty() {
        return Err(OpError::Vote(VoteProblem::ScanMissing));
    }
    let served_on = crate::ops::context::parse_date(&input.served_on)?;
    if served_on > crate::ops::context::local(by.now).date() {
        return Err(OpError::Flow(FlowProblem::BadDate(input.served_on.clone())));
    }
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    let row = require_vote(tx.conn(), input.vote_id).await?;
    if row.status != VoteStatus::Open {
        return Err(OpError::Vote(VoteProblem::NotOpen));
    }
    let settings = settings_of(&row)?;
    if !settings.conformity_clause
        || !settings.rule.allows_conformity()
        || row.kind != VoteForm::Question
    {
        return Err(OpError::Vote(VoteProblem::ConformityOff));
    }
    // The roll entry served (a person who votes for one entry names it too).
    let entry = crate::ops::votes::resolve_entry(tx.conn(), input.vote_id, input.person_id)
        .await?
        .ok_or(OpError::Vote(VoteProblem::NotOnRoll))?;
    let input = ServedAdd {
        person_id: entry.person_id,
        ..input
    };
    if vote_store::ballots(tx.conn(), input.vote_id)
        .await?
        .iter()
        .any(|b| b.person_id == input.person_id)
    {
        return Err(OpError::Vote(VoteProblem::ServedVoted));
    }
    let hash = sha256_hex(&evidence);
    let added = vote_store::insert_served(
        tx.conn(),
        input.vote_id,
        input.person_id,
        input.method.key(),
        &hash,
        &served_on.to_string(),
        &stamp(by.now),
        &by.actor,
    )
    .await?;
    if !added {
        return Err(OpError::Vote(VoteProblem::AlreadyServed));
    }
    events::append(
        &mut tx,
        NewEvent {
            at: by.now,
            actor: &by.actor,
            community_id: Some(row.community_id),
            kind: "vote.served",
            payload: json!({ "vote_id": input.vote_id, "person_id": input.person_id,
                         "method": input.method.key(), "evidence_sha256": hash,
                         "served_on": served_on.to_string() }),
        },
    )
    .await?;
    tx.commit().await?;
    drop(store);
    crate::ops::votes::vote_detail(ctx, by.now, input.vote_id, lang).await
}
