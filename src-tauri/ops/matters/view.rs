//! A matter as the screens see it, rebuilt from the record: the state folded from its steps,
//! the timeline with every signature re-verified, the newest three-party proposal and which
//! parties signed it, the meetings that had it on their agenda, its files and votes.

use crate::domain::flow::{Action, Decision, MatterState, Party, Stage};
use crate::lang::Lang;
use crate::ops::context::{local, parse_date, parse_stamp};
use crate::ops::meetings::{
    MatterDetail, MatterFile, MatterMeetingRef, MatterSummary, PartySigned, ProposalView,
    TimelineEntry, UrgentSigned,
};
use crate::ops::meetings::{party_role, signature_ref};
use crate::ops::{FlowProblem, OpError, OpResult};
use crate::store::keys as key_store;
use crate::store::matters::{self as store, MatterRow};
use crate::store::meetings as meeting_store;
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::SqliteConnection;

/// A stage named in a signed document's text (rows carry a parsed `Stage`).
pub(crate) fn stage_of(text: &str) -> Option<Stage> {
    serde_json::from_value(json!(text)).ok()
}

pub(crate) async fn matter_in(conn: &mut SqliteConnection, id: i64) -> OpResult<MatterRow> {
    store::get(conn, id)
        .await?
        .ok_or(OpError::Flow(FlowProblem::NoSuchMatter(id)))
}

/// The matter rebuilt from its stored steps.
pub(crate) async fn state_of(
    conn: &mut SqliteConnection,
    row: &MatterRow,
) -> OpResult<MatterState> {
    let raised_at = parse_stamp(&row.raised_at).unwrap_or_default();
    let mut state = MatterState::raised(row.id, &row.title, &row.raised_by, raised_at);
    for step in store::steps(conn, row.id).await? {
        let t = serde_json::from_str(&step.transition)
            .map_err(|e| OpError::Storage(crate::store::StoreError::Corrupt(e.to_string())))?;
        state.apply(t).map_err(OpError::Gate)?;
    }
    Ok(state)
}

pub(crate) fn summary(row: &MatterRow, today: chrono::NaiveDate, lang: Lang) -> MatterSummary {
    let stage = row.stage;
    let overdue = stage == Stage::CarryingOut
        && row
            .due_date
            .as_deref()
            .and_then(|d| parse_date(d).ok())
            .is_some_and(|d| today > d);
    MatterSummary {
        matter_id: row.id,
        title: row.title.clone(),
        category: row.category,
        stage,
        stage_label: stage.label(lang).to_string(),
        buildings: serde_json::from_str(&row.buildings).unwrap_or_default(),
        raised_by: row.raised_by.clone(),
        raised_at: row.raised_at.clone(),
        due: row.due_date.clone(),
        overdue,
        urgent: row.urgent,
        updated_at: row.updated_at.clone(),
    }
}

/// The newest proposal with its valid party signatures (one per party, the first made).
pub(crate) async fn proposal_view(
    conn: &mut SqliteConnection,
    row: &MatterRow,
) -> OpResult<Option<(ProposalView, Vec<i64>)>> {
    let Some(p) = store::proposal(conn, row.id).await? else {
        return Ok(None);
    };
    let sigs = key_store::subject_signatures(conn, row.community_id, &format!("proposal:{}", p.id))
        .await?;
    let mut signed: Vec<PartySigned> = Vec::new();
    let mut ids = Vec::new();
    for s in &sigs {
        let r = signature_ref(s);
        let doc: Option<crate::crypto::signing::Document> = serde_json::from_str(&s.document).ok();
        let party = doc
            .as_ref()
            .and_then(|d| d.get_text("party"))
            .and_then(|k| Party::ALL.into_iter().find(|p| party_role(*p) == k));
        let hash_ok = doc
            .as_ref()
            .and_then(|d| d.get_text("proposal_hash"))
            .is_some_and(|h| h == p.text_hash);
        if let (Some(party), true, true) = (party, r.valid, hash_ok) {
            if !signed.iter().any(|x| x.party == party) {
                ids.push(r.signature_id);
                signed.push(PartySigned {
                    party,
                    party_label: party.label(Lang::Zh).to_string(),
                    signature: r,
                });
            }
        }
    }
    let missing = Party::ALL
        .into_iter()
        .filter(|p| !signed.iter().any(|x| x.party == *p))
        .collect();
    Ok(Some((
        ProposalView {
            proposal_id: p.id,
            text: p.text,
            text_hash: p.text_hash,
            created_at: p.created_at,
            created_by: p.created_by,
            signed,
            missing,
        },
        ids,
    )))
}

fn step_lines(action: &Action, lang: Lang) -> Vec<String> {
    let l = |zh: &str, en: &str, v: &str| format!("{}：{v}", lang.pick(zh, en));
    match action {
        Action::TakeUp { by } => vec![l("受理人", "Taken up by", by)],
        Action::Forward { direction, minutes } => vec![
            l("工作方向", "Direction", direction),
            l("会议记录", "Minutes", minutes),
        ],
        Action::Return { reason, minutes } => {
            vec![
                l("退回理由", "Reason", reason),
                l("会议记录", "Minutes", minutes),
            ]
        }
        Action::Merge {
            into_matter_id,
            minutes,
        } => vec![
            l("并入议题", "Merged into", &format!("#{into_matter_id}")),
            l("会议记录", "Minutes", minutes),
        ],
        Action::Agreed {
            proposal_hash,
            signatures,
            minutes,
        } => {
            let mut v = vec![l("方案哈希", "Proposal hash", proposal_hash)];
            for s in signatures {
                v.push(l(
                    s.party.label(Lang::Zh),
                    s.party.label(Lang::En),
                    &s.signer,
                ));
            }
            v.push(l("会议记录", "Minutes", minutes));
            v
        }
        Action::Disagreed {
            positions,
            returned,
            minutes,
        } => {
            let mut v: Vec<String> = positions
                .iter()
                .map(|p| {
                    l(
                        p.party.label(Lang::Zh),
                        p.party.label(Lang::En),
                        &p.position,
                    )
                })
                .collect();
            if *returned {
                v.push(
                    lang.pick("退回党组织重新研究", "returned to the party branch")
                        .into(),
                );
            }
            v.push(l("会议记录", "Minutes", minutes));
            v
        }
        Action::Decided { decision, passed } => {
            let how = match decision {
                Decision::Vote { vote_id } => format!("{} #{vote_id}", lang.pick("表决", "vote")),
                Decision::ResidentsMeeting { minutes } => minutes.clone(),
            };
            vec![
                l("决定方式", "Decided by", &how),
                l(
                    "结果",
                    "Result",
                    if *passed {
                        lang.pick("通过", "passed")
                    } else {
                        lang.pick("未通过", "not passed")
                    },
                ),
            ]
        }
        Action::Assign { responsible, due } => vec![
            l("责任方", "Responsible", responsible),
            l("办理期限", "Due", &due.to_string()),
        ],
        Action::Progress { note, by } => vec![l("进展", "Progress", note), l("登记人", "By", by)],
        Action::Done { summary } => vec![l("办结说明", "Summary", summary)],
        Action::Evaluation {
            satisfied,
            summary,
            rework_due,
        } => {
            let mut v = vec![
                l(
                    "评议",
                    "Evaluation",
                    if *satisfied {
                        lang.pick("满意", "satisfied")
                    } else {
                        lang.pick("不满意", "unsatisfied")
                    },
                ),
                l("说明", "Summary", summary),
            ];
            if let Some(d) = rework_due {
                v.push(l("整改期限", "Rework due", &d.to_string()));
            }
            v
        }
        Action::UrgentSkip {
            reason, signed_by, ..
        } => vec![
            l("紧急理由", "Reason", reason),
            l("签名", "Signed by", signed_by),
        ],
    }
}

pub(crate) async fn detail_of(
    conn: &mut SqliteConnection,
    id: i64,
    now: DateTime<Utc>,
    lang: Lang,
) -> OpResult<MatterDetail> {
    let row = matter_in(conn, id).await?;
    let state = state_of(conn, &row).await?;
    let mut timeline = Vec::new();
    for step in store::steps(conn, row.id).await? {
        let t: crate::domain::flow::Transition = serde_json::from_str(&step.transition)
            .map_err(|e| OpError::Storage(crate::store::StoreError::Corrupt(e.to_string())))?;
        let refs: serde_json::Value = serde_json::from_str(&step.refs).unwrap_or(json!({}));
        let mut signatures = Vec::new();
        for sid in refs["signature_ids"].as_array().into_iter().flatten() {
            if let Some(s) =
                key_store::signature(conn, row.community_id, sid.as_i64().unwrap_or(0)).await?
            {
                signatures.push(signature_ref(&s));
            }
        }
        timeline.push(TimelineEntry {
            at: step.at,
            actor: step.actor,
            from: t.from,
            to: t.to,
            title: t.action.kind().label(lang).to_string(),
            lines: step_lines(&t.action, lang),
            urgent: t.urgent.clone(),
            signatures,
        });
    }
    let proposal = proposal_view(conn, &row).await?.map(|(p, _)| p);
    let files = store::files(conn, row.id)
        .await?
        .into_iter()
        .map(|f| MatterFile {
            file_id: f.id,
            name: f.name,
            sha256: f.sha256,
            size: f.size,
            added_at: f.added_at,
            added_by: f.added_by,
        })
        .collect();
    let mut meetings = Vec::new();
    for item in meeting_store::items_of_matter(conn, row.id).await? {
        let m = crate::ops::meetings::meeting_in(conn, item.meeting_id).await?;
        let minutes = crate::ops::meetings::minutes_view(conn, &m, now).await?;
        meetings.push(MatterMeetingRef {
            meeting_id: m.id,
            meeting_title: m.title.clone(),
            kind: m.kind,
            starts_at: m.starts_at.clone(),
            item_id: item.id,
            stage: item.matter_stage,
            minutes_id: minutes.as_ref().map(|x| x.minutes_id),
            minutes_complete: minutes.as_ref().is_some_and(|x| x.complete),
        });
    }
    let votes = meeting_store::linked_votes(conn, None, Some(row.id))
        .await?
        .into_iter()
        .map(|v| v.0)
        .collect();
    let mut urgent_signed = Vec::new();
    let prefix = format!("urgent:{}:", row.id);
    for s in key_store::prefixed_signatures(conn, row.community_id, &prefix).await? {
        let doc: Option<crate::crypto::signing::Document> = serde_json::from_str(&s.document).ok();
        let field = |name: &str| {
            doc.as_ref()
                .and_then(|d| d.get_text(name))
                .map(str::to_string)
                .unwrap_or_default()
        };
        let r = signature_ref(&s);
        let to = stage_of(&field("to"));
        if let Some(to) = to.filter(|_| r.valid && stage_of(&field("from")) == Some(row.stage)) {
            urgent_signed.push(UrgentSigned {
                to,
                reason: field("reason"),
                signature: r,
            });
        }
    }
    let today = local(now).date();
    Ok(MatterDetail {
        urgent_signed,
        summary: summary(&row, today, lang),
        description: row.description.clone(),
        waiting_for: state.stage.pending(lang).to_string(),
        state,
        timeline,
        proposal,
        files,
        meetings,
        votes,
    })
}
