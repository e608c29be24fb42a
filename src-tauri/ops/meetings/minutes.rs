//! Minutes (会议记录): drafted from the meeting itself (agenda, attendance, speakers and times,
//! warnings, votes) with the secretary's substance per item; finalised, which fixes the text by
//! its SHA-256; signed by those who must sign; corrected only by signed addenda; published
//! within 3 days (Civil Code Arts. 201-203), and exported as a print-ready page whose hash and
//! signature fingerprints match the record.

use crate::crypto::canonical::sha256_hex;
use crate::domain::calendar::{NoticeRule, notice_check, publication_deadline};
use crate::domain::meeting::{
    AttendanceLine, ItemMinutes, MatterRef, MinutesInput, NoticeLine, Presence, SpeechLine,
    VoteBlock, WarningLine, compose_minutes, elapsed,
};
use crate::domain::states::{MeetingStatus, SpeechKind, SpeechStatus, VoteStatus};
use crate::lang::Lang;
use crate::ops::meetings::{
    AddendumAdd, AddendumView, ItemNotes, MeetingDetail, MinutesPublish, MinutesView, PersonRef,
};
use crate::ops::meetings::{
    attendance_views, conduct_rules, fresh, local, log, meeting_in, parse_date, quorum_of, stamp,
};
use crate::ops::meetings::{attendee_ids, signature_ref};
use crate::ops::types::ExportFile;
use crate::ops::{Caller, Ctx, FlowProblem, OpError, OpResult};
use crate::store::meetings::{self as store, MeetingRow, MinutesRow};
use crate::store::{matters as matter_store, roles as role_store};
use base64::Engine;
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::SqliteConnection;
use std::collections::BTreeMap;

/// Who must sign: host and secretary always; every attendee of a small body.
pub(crate) async fn required_signers(
    conn: &mut SqliteConnection,
    m: &MeetingRow,
) -> OpResult<Vec<PersonRef>> {
    let mut ids: Vec<i64> = [m.host_id, m.secretary_id].into_iter().flatten().collect();
    if m.kind.all_attendees_sign() {
        ids.extend(attendee_ids(conn, m.community_id, m.id).await?);
    }
    let mut out: Vec<PersonRef> = Vec::new();
    for id in ids {
        if out.iter().any(|p| p.person_id == id) {
            continue;
        }
        if let Some((_, name)) = role_store::person_community(conn, id).await? {
            out.push(PersonRef {
                person_id: id,
                name,
            });
        }
    }
    Ok(out)
}

async fn view(
    conn: &mut SqliteConnection,
    m: &MeetingRow,
    mn: MinutesRow,
    now: DateTime<Utc>,
) -> OpResult<MinutesView> {
    let required = required_signers(conn, m).await?;
    let sigs: Vec<_> =
        crate::store::keys::subject_signatures(conn, m.community_id, &format!("minutes:{}", mn.id))
            .await?
            .iter()
            .map(signature_ref)
            .collect();
    let missing: Vec<PersonRef> = required
        .iter()
        .filter(|p| !sigs.iter().any(|s| s.valid && s.person_id == p.person_id))
        .cloned()
        .collect();
    let mut addenda = Vec::new();
    for a in store::addenda(conn, mn.id).await? {
        let signatures = crate::store::keys::subject_signatures(
            conn,
            m.community_id,
            &format!("addendum:{}", a.id),
        )
        .await?
        .iter()
        .map(signature_ref)
        .collect();
        addenda.push(AddendumView {
            addendum_id: a.id,
            text: a.text,
            text_hash: a.text_hash,
            created_at: a.created_at,
            created_by: a.created_by,
            signatures,
        });
    }
    // The day the minutes were fixed, in the community (UTC+8), whatever the computer's zone.
    let decided =
        crate::domain::time::text_date_in(&mn.finalized_at, crate::domain::time::community_zone());
    let deadline = parse_date(&mn.publish_by).ok();
    let (cal, _) =
        crate::ops::meetings::calendar::meeting_calendar(conn, m.community_id, m.id).await?;
    // A check that reaches a year with no schedule is not shown (never guessed).
    let publication = match (decided, mn.published_on.as_deref()) {
        (Some(d), Some(p)) => parse_date(p)
            .ok()
            .and_then(|p| notice_check(d, p, NoticeRule::Publication, &cal).ok()),
        _ => None,
    };
    let today = local(now).date();
    Ok(MinutesView {
        minutes_id: mn.id,
        meeting_id: m.id,
        text: mn.text,
        text_hash: mn.text_hash,
        finalized_at: mn.finalized_at,
        finalized_by: mn.finalized_by,
        publication_overdue: mn.published_on.is_none() && deadline.is_some_and(|d| today > d),
        publish_by: mn.publish_by,
        published_on: mn.published_on,
        publication,
        complete: missing.is_empty(),
        required,
        signatures: sigs,
        missing,
        addenda,
    })
}

pub(crate) async fn minutes_view(
    conn: &mut SqliteConnection,
    m: &MeetingRow,
    now: DateTime<Utc>,
) -> OpResult<Option<MinutesView>> {
    match store::minutes_of_meeting(conn, m.id).await? {
        Some(mn) => Ok(Some(view(conn, m, mn, now).await?)),
        None => Ok(None),
    }
}

/// The minutes with their meeting, checked to belong to the community.
pub(crate) async fn minutes_in(
    conn: &mut SqliteConnection,
    minutes_id: i64,
    now: DateTime<Utc>,
) -> OpResult<(MinutesView, MeetingRow)> {
    let mn = store::minutes(conn, minutes_id)
        .await?
        .ok_or(OpError::Flow(FlowProblem::NoSuchMinutes(minutes_id)))?;
    let m = meeting_in(conn, mn.meeting_id).await?;
    Ok((view(conn, &m, mn, now).await?, m))
}

/// The secretary's substance for one item, and the decision in words. Only before final.
pub async fn item_notes(
    ctx: &Ctx,
    by: &Caller,
    input: ItemNotes,
    lang: Lang,
) -> OpResult<MeetingDetail> {
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    let (item, m) = crate::ops::meetings::item_in(tx.conn(), input.item_id).await?;
    if store::minutes_of_meeting(tx.conn(), m.id).await?.is_some() {
        return Err(OpError::Flow(FlowProblem::MinutesFinal));
    }
    store::set_notes(
        tx.conn(),
        item.id,
        input.notes.trim(),
        input.decision.trim(),
    )
    .await?;
    log(
        &mut tx,
        by,
        m.community_id,
        "minutes.notes",
        json!({
            "meeting_id": m.id, "item_id": item.id,
            "notes_sha256": sha256_hex(input.notes.trim().as_bytes()),
            "decision": input.decision.trim(),
        }),
    )
    .await?;
    tx.commit().await?;
    drop(store);
    fresh(ctx, m.id, by, lang).await
}

/// The vote results to print under each agenda item, read under the caller's store guard.
async fn vote_blocks(
    store: &crate::store::Store,
    meeting_id: i64,
) -> OpResult<BTreeMap<i64, Vec<VoteBlock>>> {
    let mut conn = store.reader().acquire().await?;
    let linked = store::linked_votes(&mut conn, Some(meeting_id), None).await?;
    let mut out: BTreeMap<i64, Vec<VoteBlock>> = BTreeMap::new();
    for (vote_id, item_id, _, status, _) in linked {
        let Some(item_id) = item_id else { continue };
        let block = if status == VoteStatus::Closed {
            let record = crate::ops::votes::record_in(&mut conn, vote_id).await?;
            match record.result.as_ref() {
                Some(r) => VoteBlock::Result {
                    vote_id,
                    result: crate::ops::votes::result_text(&record, &r.outcome, Lang::Zh),
                },
                None => VoteBlock::NoResult { vote_id },
            }
        } else {
            VoteBlock::NotClosed { vote_id, status }
        };
        out.entry(item_id).or_default().push(block);
    }
    Ok(out)
}

async fn compose(
    conn: &mut SqliteConnection,
    m: &MeetingRow,
    votes: &BTreeMap<i64, Vec<VoteBlock>>,
    now: DateTime<Utc>,
) -> OpResult<String> {
    let community = crate::ops::context::require(conn, m.community_id).await?;
    let host = crate::ops::meetings::person(conn, m.host_id)
        .await?
        .map(|p| p.name);
    let secretary = crate::ops::meetings::person(conn, m.secretary_id)
        .await?
        .map(|p| p.name);
    let attendance = attendance_views(conn, m.community_id, m.id).await?;
    let quorum = quorum_of(conn, m, &attendance).await?;
    let rules = conduct_rules(conn, m.community_id).await?;
    let speeches = store::speeches(conn, m.id).await?;
    let warnings = store::warnings(conn, m.id).await?;
    let mut items = Vec::new();
    for i in store::items(conn, m.id).await? {
        let matter = match i.matter_id {
            Some(id) => matter_store::get(conn, id).await?.map(|x| MatterRef {
                id: x.id,
                title: x.title,
            }),
            None => None,
        };
        let used = i
            .started_at
            .as_deref()
            .and_then(crate::ops::context::parse_stamp)
            .map(|s| {
                let end = i
                    .ended_at
                    .as_deref()
                    .and_then(crate::ops::context::parse_stamp)
                    .unwrap_or(now);
                elapsed(s.timestamp(), end.timestamp())
            });
        items.push(ItemMinutes {
            position: u32::try_from(i.position).unwrap_or(0),
            title: i.title.clone(),
            matter,
            announced: i.announced,
            planned_minutes: u32::try_from(i.planned_minutes).unwrap_or(0),
            used_seconds: used,
            speeches: speeches
                .iter()
                .filter(|s| {
                    s.item_id == i.id && matches!(s.status, SpeechStatus::Done | SpeechStatus::Cut)
                })
                .map(|s| SpeechLine {
                    name: s.name.clone(),
                    point_of_order: s.kind == SpeechKind::PointOfOrder,
                    seconds: u32::try_from(s.seconds_used.unwrap_or(0).max(0)).unwrap_or(0),
                    limit: u32::try_from(s.limit_seconds.max(0)).unwrap_or(0),
                    cut: s.status == SpeechStatus::Cut,
                })
                .collect(),
            warnings: warnings
                .iter()
                .filter(|w| w.item_id == i.id)
                .map(|w| WarningLine {
                    name: w.name.clone(),
                    note: w.note.clone(),
                    citation: w.citation.clone(),
                    floor_lost: w.floor_lost,
                })
                .collect(),
            votes: votes.get(&i.id).cloned().unwrap_or_default(),
            notes: i.notes,
            decision: i.decision,
        });
    }
    let notice = m.notice_given_on.as_ref().map(|d| NoticeLine {
        given_on: d.clone(),
        check: m
            .notice_check
            .as_deref()
            .and_then(|c| {
                serde_json::from_str::<Option<crate::domain::calendar::NoticeCheck>>(c).ok()
            })
            .flatten()
            .map(|c| c.message_zh),
    });
    let input = MinutesInput {
        community: community.name,
        meeting_id: m.id,
        kind: m.kind,
        title: m.title.clone(),
        place: m.place.clone(),
        starts_at: m.starts_at.clone(),
        started_at: m.started_at.clone(),
        ended_at: m.ended_at.clone(),
        host,
        secretary,
        notice,
        attendance: attendance
            .iter()
            .map(|a| AttendanceLine {
                name: a.name.clone(),
                how: match (&a.signature, &a.proxy_for) {
                    (Some(s), _) => Presence::Signed {
                        fingerprint: s.fingerprint.clone(),
                    },
                    (None, Some(p)) => Presence::ProxyFor {
                        principal: p.name.clone(),
                    },
                    (None, None) => Presence::Registered {
                        reason: a.reason.clone(),
                    },
                },
            })
            .collect(),
        quorum,
        conduct: rules,
        items,
    };
    Ok(compose_minutes(&input))
}

/// The draft as it would be fixed now, for the secretary to read before finalising.
pub async fn minutes_draft(ctx: &Ctx, by: &Caller, meeting_id: i64) -> OpResult<String> {
    let store = ctx.store().await;
    let votes = vote_blocks(&store, meeting_id).await?;
    let mut conn = store.reader().acquire().await?;
    let m = meeting_in(&mut conn, meeting_id).await?;
    if let Some(mn) = store::minutes_of_meeting(&mut conn, m.id).await? {
        return Ok(mn.text);
    }
    compose(&mut conn, &m, &votes, by.now).await
}

/// Fixes the text: its hash is computed and stored, and it never changes again.
pub async fn minutes_finalize(
    ctx: &Ctx,
    by: &Caller,
    meeting_id: i64,
    lang: Lang,
) -> OpResult<MeetingDetail> {
    let store = ctx.store().await;
    let votes = vote_blocks(&store, meeting_id).await?;
    let mut tx = store.begin().await?;
    let m = meeting_in(tx.conn(), meeting_id).await?;
    if m.status != MeetingStatus::Ended {
        return Err(OpError::Flow(FlowProblem::MeetingNotEnded));
    }
    if store::minutes_of_meeting(tx.conn(), m.id).await?.is_some() {
        return Err(OpError::Flow(FlowProblem::MinutesFinal));
    }
    let text = compose(tx.conn(), &m, &votes, by.now).await?;
    let hash = sha256_hex(text.as_bytes());
    let decided = local(by.now).date();
    let (cal, _) =
        crate::ops::meetings::calendar::meeting_calendar(tx.conn(), m.community_id, m.id).await?;
    let publish_by = publication_deadline(decided, &cal)?.to_string();
    let id = store::insert_minutes(
        tx.conn(),
        m.id,
        &text,
        &hash,
        &stamp(by.now),
        &by.actor,
        &publish_by,
    )
    .await?;
    log(
        &mut tx,
        by,
        m.community_id,
        "minutes.finalized",
        json!({
            "meeting_id": m.id, "minutes_id": id, "text_sha256": hash, "publish_by": publish_by,
        }),
    )
    .await?;
    tx.commit().await?;
    drop(store);
    fresh(ctx, m.id, by, lang).await
}

pub async fn addendum_add(
    ctx: &Ctx,
    by: &Caller,
    input: AddendumAdd,
    lang: Lang,
) -> OpResult<MeetingDetail> {
    let text = input.text.trim();
    if text.is_empty() {
        return Err(OpError::Flow(FlowProblem::Empty {
            zh: "补充说明的内容",
            en: "the addendum's text",
        }));
    }
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    let mn = store::minutes(tx.conn(), input.minutes_id)
        .await?
        .ok_or(OpError::Flow(FlowProblem::NoSuchMinutes(input.minutes_id)))?;
    let m = meeting_in(tx.conn(), mn.meeting_id).await?;
    let hash = sha256_hex(text.as_bytes());
    let id =
        store::insert_addendum(tx.conn(), mn.id, text, &hash, &stamp(by.now), &by.actor).await?;
    log(
        &mut tx,
        by,
        m.community_id,
        "minutes.addendum",
        json!({
            "minutes_id": mn.id, "addendum_id": id, "text_sha256": hash,
        }),
    )
    .await?;
    tx.commit().await?;
    drop(store);
    fresh(ctx, m.id, by, lang).await
}

/// Records the day the minutes went on the bulletin board.
pub async fn minutes_publish(
    ctx: &Ctx,
    by: &Caller,
    input: MinutesPublish,
    lang: Lang,
) -> OpResult<MeetingDetail> {
    let on = match input.on.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(d) => parse_date(d)?,
        None => local(by.now).date(),
    };
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    let mn = store::minutes(tx.conn(), input.minutes_id)
        .await?
        .ok_or(OpError::Flow(FlowProblem::NoSuchMinutes(input.minutes_id)))?;
    if mn.published_on.is_some() {
        return Err(OpError::Flow(FlowProblem::AlreadyPublished));
    }
    let m = meeting_in(tx.conn(), mn.meeting_id).await?;
    store::set_published(tx.conn(), mn.id, &on.to_string()).await?;
    log(
        &mut tx,
        by,
        m.community_id,
        "minutes.published",
        json!({
            "minutes_id": mn.id, "published_on": on.to_string(), "publish_by": mn.publish_by,
            "late": parse_date(&mn.publish_by).is_ok_and(|d| on > d),
        }),
    )
    .await?;
    tx.commit().await?;
    drop(store);
    fresh(ctx, m.id, by, lang).await
}

/// The final minutes for the bulletin board and the archive: print-ready HTML in Chinese with
/// the text's SHA-256, every signature's fingerprint, and the addenda.
pub async fn minutes_export(ctx: &Ctx, by: &Caller, minutes_id: i64) -> OpResult<ExportFile> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    let (view, m) = minutes_in(&mut conn, minutes_id, by.now).await?;
    let html = crate::ops::meetings::print::minutes_page(&m.title, &view);
    drop(conn);
    drop(store);
    let cp = crate::ops::anchor::checkpoint::checkpoint_for_print(ctx, by, m.community_id).await?;
    let html = crate::ops::anchor::checkpoint::with_block(html, &cp);
    Ok(ExportFile {
        file_name: format!("会议记录-{}-{}.html", m.id, &view.text_hash[..12]),
        mime: "text/html".into(),
        content_base64: base64::engine::general_purpose::STANDARD.encode(html.as_bytes()),
        saved_to: None,
    })
}
