//! Matters (议题) through the consultation flow. Each step the user asks for is completed from
//! the record (the minutes it cites must be final, signed by everyone who must sign, and of the
//! right kind of meeting with this matter on its agenda; the proposal's three signatures; the
//! vote's result; the urgent skip's signature) and then put to `domain::flow::next`, whose gate
//! has the last word. The steps are stored in order and the matter is rebuilt from them.

use crate::crypto::canonical::sha256_hex;
use crate::domain::flow::{Action, Decision, PartySignature, Stage, next};
use crate::lang::Lang;
use crate::ops::context::{local, parse_date, stamp};
use crate::ops::keys::SignSubject;
use crate::ops::log;
use crate::ops::meetings::{
    MatterAct, MatterBoard, MatterDetail, MatterFileAdd, MatterQuery, MatterRaise, MatterStep,
    MatterSummary, ProposalSet, StageCount,
};
use crate::ops::meetings::{signature_ref, stage_key};
use crate::ops::types::ExportFile;
use crate::ops::{Caller, Ctx, FlowProblem, Invalid, OpError, OpResult};
use crate::store::matters::{self as store, MatterRow};
use crate::store::meetings as meeting_store;
use base64::Engine;
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::SqliteConnection;
use std::collections::BTreeSet;

/// Attachments larger than this are refused (photos and scans, not videos).
const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

pub(crate) use crate::ops::matters::{detail_of, matter_in, proposal_view, state_of, summary};

fn empty(zh: &'static str, en: &'static str) -> OpError {
    OpError::Flow(FlowProblem::Empty { zh, en })
}

pub async fn matter_raise(
    ctx: &Ctx,
    by: &Caller,
    input: MatterRaise,
    lang: Lang,
) -> OpResult<MatterDetail> {
    let title = input.title.trim();
    if title.is_empty() {
        return Err(empty("议题名称", "the matter's title"));
    }
    if input.raised_by.trim().is_empty() {
        return Err(empty("提出人", "who raised it"));
    }
    let buildings: Vec<String> = input
        .buildings
        .iter()
        .map(|b| b.trim().to_string())
        .filter(|b| !b.is_empty())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    crate::ops::context::require(tx.conn(), input.community_id).await?;
    let at = stamp(by.now);
    let id = store::insert(
        tx.conn(),
        store::NewMatter {
            community_id: input.community_id,
            title,
            description: input.description.trim(),
            category: input.category,
            buildings: &serde_json::to_string(&buildings).unwrap_or_else(|_| "[]".into()),
            raised_by: input.raised_by.trim(),
            raised_at: &at,
            stage: Stage::Raised,
        },
    )
    .await?;
    log(
        &mut tx,
        by,
        input.community_id,
        "matter.raised",
        json!({
            "matter_id": id, "title": title, "category": input.category, "buildings": buildings,
            "raised_by": input.raised_by.trim(),
        }),
    )
    .await?;
    tx.commit().await?;
    drop(store);
    matter_detail(ctx, by, id, lang).await
}

pub async fn matter_list(
    ctx: &Ctx,
    by: &Caller,
    q: MatterQuery,
    lang: Lang,
) -> OpResult<MatterBoard> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    crate::ops::context::require(&mut conn, q.community_id).await?;
    let today = local(by.now).date();
    let all: Vec<MatterSummary> = store::list(&mut conn, q.community_id)
        .await?
        .iter()
        .map(|r| summary(r, today, lang))
        .collect();
    let per_stage = Stage::ALL
        .into_iter()
        .map(|s| StageCount {
            stage: s,
            label: s.label(lang).to_string(),
            count: all.iter().filter(|m| m.stage == s).count() as u32,
        })
        .collect();
    let buildings: BTreeSet<String> = all.iter().flat_map(|m| m.buildings.clone()).collect();
    let overdue = all.iter().filter(|m| m.overdue).count() as u32;
    let matters = all
        .into_iter()
        .filter(|m| q.stage.is_none_or(|s| m.stage == s))
        .filter(|m| {
            q.building
                .as_deref()
                .filter(|b| !b.is_empty())
                .is_none_or(|b| m.buildings.iter().any(|x| x == b))
        })
        .filter(|m| !q.overdue_only || m.overdue)
        .collect();
    Ok(MatterBoard {
        matters,
        per_stage,
        overdue,
        buildings: buildings.into_iter().collect(),
    })
}

pub async fn matter_detail(
    ctx: &Ctx,
    by: &Caller,
    matter_id: i64,
    lang: Lang,
) -> OpResult<MatterDetail> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    detail_of(&mut conn, matter_id, by.now, lang).await
}

/// The minutes a step cites: final, signed by all who must sign, of a meeting that decides
/// `stage` and had this matter on its agenda. Returns the reference kept in the step.
async fn cited_minutes(
    conn: &mut SqliteConnection,
    matter: &MatterRow,
    minutes_id: i64,
    stage: Stage,
    now: DateTime<Utc>,
    lang: Lang,
) -> OpResult<String> {
    let (view, m) = crate::ops::meetings::minutes_in(conn, minutes_id, now).await?;
    if m.community_id != matter.community_id {
        return Err(OpError::Flow(FlowProblem::NoSuchMinutes(minutes_id)));
    }
    let kind = m.kind;
    if kind.decides() != Some(stage) {
        let expected = crate::domain::meeting::MeetingKind::ALL
            .into_iter()
            .filter(|k| k.decides() == Some(stage))
            .map(|k| k.label(lang))
            .collect::<Vec<_>>()
            .join(lang.pick("或", " or "));
        return Err(OpError::Flow(FlowProblem::MinutesWrongKind { expected }));
    }
    if !meeting_store::items(conn, m.id)
        .await?
        .iter()
        .any(|i| i.matter_id == Some(matter.id))
    {
        return Err(OpError::Flow(FlowProblem::MatterNotOnAgenda));
    }
    if !view.complete {
        return Err(OpError::Flow(FlowProblem::MinutesIncomplete(
            view.missing.iter().map(|p| p.name.clone()).collect(),
        )));
    }
    Ok(format!(
        "{} #{} {}（会议记录 #{}，SHA-256 {}）",
        kind.label(Lang::Zh),
        m.id,
        m.title,
        view.minutes_id,
        view.text_hash
    ))
}

/// Turns the user's step into the flow's action, checked against the record.
async fn action_for(
    conn: &mut SqliteConnection,
    by: &Caller,
    matter: &MatterRow,
    step: &MatterStep,
    lang: Lang,
) -> OpResult<(Action, serde_json::Value)> {
    let now = by.now;
    let text = |s: &str, zh: &'static str, en: &'static str| {
        let t = s.trim();
        if t.is_empty() {
            Err(empty(zh, en))
        } else {
            Ok(t.to_string())
        }
    };
    Ok(match step {
        MatterStep::TakeUp => (
            Action::TakeUp {
                by: by.actor.clone(),
            },
            json!({}),
        ),
        MatterStep::Forward {
            direction,
            minutes_id,
        } => (
            Action::Forward {
                direction: text(direction, "工作方向", "the direction")?,
                minutes: cited_minutes(conn, matter, *minutes_id, Stage::PartyBranch, now, lang)
                    .await?,
            },
            json!({ "minutes_id": minutes_id }),
        ),
        MatterStep::Return { reason, minutes_id } => (
            Action::Return {
                reason: text(reason, "退回理由", "the reason")?,
                minutes: cited_minutes(conn, matter, *minutes_id, Stage::PartyBranch, now, lang)
                    .await?,
            },
            json!({ "minutes_id": minutes_id }),
        ),
        MatterStep::Merge {
            into_matter_id,
            minutes_id,
        } => {
            let into = matter_in(conn, *into_matter_id).await?;
            if into.community_id != matter.community_id {
                return Err(OpError::Flow(FlowProblem::NoSuchMatter(*into_matter_id)));
            }
            (
                Action::Merge {
                    into_matter_id: into.id,
                    minutes: cited_minutes(
                        conn,
                        matter,
                        *minutes_id,
                        Stage::PartyBranch,
                        now,
                        lang,
                    )
                    .await?,
                },
                json!({ "minutes_id": minutes_id }),
            )
        }
        MatterStep::Agreed { minutes_id } => {
            let minutes =
                cited_minutes(conn, matter, *minutes_id, Stage::ThreeParties, now, lang).await?;
            let (p, ids) = proposal_view(conn, matter)
                .await?
                .ok_or(OpError::Flow(FlowProblem::ProposalMissing))?;
            let signatures = p
                .signed
                .iter()
                .map(|s| PartySignature {
                    party: s.party,
                    signer: s.signature.signer.clone(),
                    signature: format!(
                        "signature #{} {}",
                        s.signature.signature_id, s.signature.document_hash
                    ),
                })
                .collect();
            (
                Action::Agreed {
                    proposal_hash: p.text_hash,
                    signatures,
                    minutes,
                },
                json!({ "minutes_id": minutes_id, "signature_ids": ids, "proposal_id": p.proposal_id }),
            )
        }
        MatterStep::Disagreed {
            positions,
            returned,
            minutes_id,
        } => (
            Action::Disagreed {
                positions: positions.clone(),
                returned: *returned,
                minutes: cited_minutes(conn, matter, *minutes_id, Stage::ThreeParties, now, lang)
                    .await?,
            },
            json!({ "minutes_id": minutes_id }),
        ),
        MatterStep::DecidedByVote { vote_id } => {
            let linked = meeting_store::linked_votes(conn, None, Some(matter.id)).await?;
            if !linked.iter().any(|v| v.0 == *vote_id) {
                return Err(OpError::Flow(FlowProblem::VoteNotForMatter));
            }
            let record = crate::ops::votes::record_in(conn, *vote_id).await?;
            let passed = record
                .result
                .as_ref()
                .map(|r| r.outcome.passed())
                .ok_or(OpError::Flow(FlowProblem::VoteNotClosed))?;
            (
                Action::Decided {
                    decision: Decision::Vote { vote_id: *vote_id },
                    passed,
                },
                json!({ "vote_id": vote_id }),
            )
        }
        MatterStep::DecidedByMeeting { minutes_id, passed } => (
            Action::Decided {
                decision: Decision::ResidentsMeeting {
                    minutes: cited_minutes(conn, matter, *minutes_id, Stage::Residents, now, lang)
                        .await?,
                },
                passed: *passed,
            },
            json!({ "minutes_id": minutes_id }),
        ),
        MatterStep::Assign { responsible, due } => (
            Action::Assign {
                responsible: text(responsible, "责任方", "the responsible party")?,
                due: parse_date(due)?,
            },
            json!({}),
        ),
        MatterStep::Progress { note } => (
            Action::Progress {
                note: text(note, "进展说明", "the progress note")?,
                by: by.actor.clone(),
            },
            json!({}),
        ),
        MatterStep::Done { summary } => (
            Action::Done {
                summary: text(summary, "办结说明", "the summary")?,
            },
            json!({}),
        ),
        MatterStep::Evaluation {
            satisfied,
            summary,
            rework_due,
        } => (
            Action::Evaluation {
                satisfied: *satisfied,
                summary: text(summary, "评议意见", "the evaluation")?,
                rework_due: match rework_due.as_deref().filter(|d| !d.trim().is_empty()) {
                    Some(d) => Some(parse_date(d)?),
                    None => None,
                },
            },
            json!({}),
        ),
        MatterStep::UrgentSkip {
            to,
            reason,
            signature_id,
        } => {
            let expected = crate::ops::meetings::subject_key(&SignSubject::UrgentSkip {
                matter_id: matter.id,
                to: *to,
                reason: reason.clone(),
            });
            let sig = crate::store::keys::signature(conn, matter.community_id, *signature_id)
                .await?
                .filter(|s| Some(&s.subject) == expected.as_ref())
                .ok_or(OpError::Flow(FlowProblem::UrgentSignatureMismatch))?;
            let r = signature_ref(&sig);
            if !r.valid {
                return Err(OpError::Flow(FlowProblem::UrgentSignatureMismatch));
            }
            (
                Action::UrgentSkip {
                    to: *to,
                    reason: reason.trim().to_string(),
                    signed_by: format!(
                        "{}（签名 #{}，指纹 {}）",
                        r.signer, r.signature_id, r.fingerprint
                    ),
                },
                json!({ "signature_ids": [signature_id] }),
            )
        }
    })
}

pub async fn matter_act(
    ctx: &Ctx,
    by: &Caller,
    input: MatterAct,
    lang: Lang,
) -> OpResult<MatterDetail> {
    // One store guard for the whole operation (never a second one while it is held: a restore
    // waiting for the write lock would deadlock them). Votes are read through their record
    // before the write transaction starts.
    let store = ctx.store().await;
    let (action, refs) = {
        let mut conn = store.reader().acquire().await?;
        let matter = matter_in(&mut conn, input.matter_id).await?;
        action_for(&mut conn, by, &matter, &input.step, lang).await?
    };
    let mut tx = store.begin().await?;
    let matter = matter_in(tx.conn(), input.matter_id).await?;
    let state = state_of(tx.conn(), &matter).await?;
    let t = next(&state, &action, by.now).map_err(OpError::Gate)?;
    let mut after = state.clone();
    after.apply(t.clone()).map_err(OpError::Gate)?;
    let at = stamp(by.now);
    let transition = serde_json::to_string(&t).unwrap_or_default();
    store::insert_step(
        tx.conn(),
        matter.id,
        &transition,
        &by.actor,
        &refs.to_string(),
        &at,
    )
    .await?;
    let due = after.assignment.as_ref().map(|a| a.due.to_string());
    store::set_fold(
        tx.conn(),
        matter.id,
        after.stage,
        due.as_deref(),
        t.urgent.is_some(),
        &at,
    )
    .await?;
    log(
        &mut tx,
        by,
        matter.community_id,
        "matter.step",
        json!({
            "matter_id": matter.id, "from": stage_key(t.from), "to": stage_key(t.to),
            "transition_sha256": sha256_hex(transition.as_bytes()), "refs": refs,
        }),
    )
    .await?;
    tx.commit().await?;
    drop(store);
    matter_detail(ctx, by, input.matter_id, lang).await
}

/// Writes (or rewrites) the three parties' proposal; signatures on an older text no longer count.
pub async fn proposal_set(
    ctx: &Ctx,
    by: &Caller,
    input: ProposalSet,
    lang: Lang,
) -> OpResult<MatterDetail> {
    let text = input.text.trim();
    if text.is_empty() {
        return Err(empty("方案内容", "the proposal's text"));
    }
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    let matter = matter_in(tx.conn(), input.matter_id).await?;
    if matter.stage != Stage::ThreeParties {
        return Err(OpError::Flow(FlowProblem::ProposalStage));
    }
    let hash = sha256_hex(text.as_bytes());
    let id = store::insert_proposal(tx.conn(), matter.id, text, &hash, &stamp(by.now), &by.actor)
        .await?;
    log(
        &mut tx,
        by,
        matter.community_id,
        "matter.proposal",
        json!({
            "matter_id": matter.id, "proposal_id": id, "text_sha256": hash,
        }),
    )
    .await?;
    tx.commit().await?;
    drop(store);
    matter_detail(ctx, by, input.matter_id, lang).await
}

pub async fn matter_file_add(
    ctx: &Ctx,
    by: &Caller,
    input: MatterFileAdd,
    lang: Lang,
) -> OpResult<MatterDetail> {
    let name = input.name.trim();
    if name.is_empty() {
        return Err(empty("附件名称", "the file's name"));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(input.content_base64.trim())
        .map_err(|_| OpError::Invalid(Invalid::Base64))?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(OpError::Invalid(Invalid::FileTooLarge));
    }
    let hash = sha256_hex(&bytes);
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    let matter = matter_in(tx.conn(), input.matter_id).await?;
    let id = store::insert_file(
        tx.conn(),
        matter.id,
        name,
        &hash,
        &bytes,
        &stamp(by.now),
        &by.actor,
    )
    .await?;
    log(&mut tx, by, matter.community_id, "matter.file", json!({
        "matter_id": matter.id, "file_id": id, "name": name, "sha256": hash, "size": bytes.len(),
    }))
    .await?;
    tx.commit().await?;
    drop(store);
    matter_detail(ctx, by, input.matter_id, lang).await
}

pub async fn matter_file(ctx: &Ctx, file_id: i64) -> OpResult<ExportFile> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    let (_, name, bytes) = store::file_content(&mut conn, file_id)
        .await?
        .ok_or(OpError::Flow(FlowProblem::NoSuchFile(file_id)))?;
    let mime = match name
        .rsplit('.')
        .next()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("png") => "image/png",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    };
    Ok(ExportFile {
        file_name: name,
        mime: mime.into(),
        content_base64: base64::engine::general_purpose::STANDARD.encode(&bytes),
        saved_to: None,
    })
}
