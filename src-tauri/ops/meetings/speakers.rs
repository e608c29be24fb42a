//! The floor: the list of speakers per agenda item, speeches timed against the conduct rules,
//! points of order that jump the queue, and warnings that cite the rule and, at the configured
//! count, take the floor away for the rest of the item. Everything lands in the minutes.

use crate::domain::conduct::{self, ConductRule};
use crate::domain::meeting;
use crate::domain::states::{SpeechKind, SpeechStatus};
use crate::lang::Lang;
use crate::ops::meetings::{MeetingDetail, SpeakerAdd, SpeakerWarn};
use crate::ops::meetings::{conduct_rules, fresh, item_in, log, meeting_in, stamp};
use crate::ops::{Caller, Ctx, FlowProblem, Missing, OpError, OpResult};
use crate::store::meetings::{self as store, MeetingRow, SpeechRow};
use crate::store::roles as role_store;
use serde_json::json;
use sqlx::SqliteConnection;

/// A point of order is short: a minute, or the speech limit if that is shorter.
const POINT_OF_ORDER_SECONDS: u32 = 60;

use crate::ops::meetings::require_running as running;

fn current(m: &MeetingRow, item_id: i64) -> OpResult<()> {
    running(m)?;
    if m.current_item_id != Some(item_id) {
        return Err(OpError::Flow(FlowProblem::ItemNotCurrent));
    }
    Ok(())
}

async fn warnings_of(
    conn: &mut SqliteConnection,
    meeting_id: i64,
    item_id: i64,
    person_id: i64,
) -> OpResult<u32> {
    Ok(store::warnings(conn, meeting_id)
        .await?
        .iter()
        .filter(|w| w.item_id == item_id && w.person_id == person_id)
        .count() as u32)
}

fn used_seconds(s: &SpeechRow, now: chrono::DateTime<chrono::Utc>) -> i64 {
    let start = s
        .started_at
        .as_deref()
        .and_then(crate::ops::context::parse_stamp)
        .map(|t| t.timestamp())
        .unwrap_or(now.timestamp());
    i64::from(meeting::elapsed(start, now.timestamp()))
}

pub async fn speaker_add(
    ctx: &Ctx,
    by: &Caller,
    input: SpeakerAdd,
    lang: Lang,
) -> OpResult<MeetingDetail> {
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    let (item, m) = item_in(tx.conn(), input.item_id).await?;
    current(&m, item.id)?;
    role_store::person_community(tx.conn(), input.person_id)
        .await?
        .filter(|(c, _)| *c == m.community_id)
        .ok_or(OpError::NotFound(Missing::Person(input.person_id)))?;
    let speeches = store::speeches(tx.conn(), m.id).await?;
    let mine = |s: &&SpeechRow| s.item_id == item.id && s.person_id == input.person_id;
    let spoken = speeches
        .iter()
        .filter(mine)
        .filter(|s| s.kind == SpeechKind::Speech && s.status != SpeechStatus::Withdrawn)
        .count() as u32;
    let warned = warnings_of(tx.conn(), m.id, item.id, input.person_id).await?;
    let rules = conduct_rules(tx.conn(), m.community_id).await?;
    conduct::may_speak(&rules, spoken, warned, input.point_of_order, lang).map_err(|e| {
        OpError::Flow(FlowProblem::Floor {
            zh: e.message(Lang::Zh),
            en: e.message(Lang::En),
        })
    })?;
    let (kind, limit) = if input.point_of_order {
        (
            SpeechKind::PointOfOrder,
            POINT_OF_ORDER_SECONDS.min(rules.speech_seconds),
        )
    } else {
        (SpeechKind::Speech, rules.speech_seconds)
    };
    let id = store::insert_speech(
        tx.conn(),
        m.id,
        item.id,
        input.person_id,
        kind,
        i64::from(limit),
        &stamp(by.now),
    )
    .await?;
    log(
        &mut tx,
        by,
        m.community_id,
        "meeting.speaker_added",
        json!({
            "meeting_id": m.id, "item_id": item.id, "speech_id": id, "person_id": input.person_id,
            "kind": kind, "limit_seconds": limit,
        }),
    )
    .await?;
    tx.commit().await?;
    drop(store);
    fresh(ctx, m.id, by, lang).await
}

async fn speech_in(
    conn: &mut SqliteConnection,
    speech_id: i64,
) -> OpResult<(SpeechRow, MeetingRow)> {
    let s = store::speech(conn, speech_id)
        .await?
        .ok_or(OpError::Flow(FlowProblem::NoSuchSpeech(speech_id)))?;
    let m = meeting_in(conn, s.meeting_id).await?;
    Ok((s, m))
}

/// Gives the floor to a queued speaker (the chair may take anyone from the list).
pub async fn speaker_start(
    ctx: &Ctx,
    by: &Caller,
    speech_id: i64,
    lang: Lang,
) -> OpResult<MeetingDetail> {
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    let (s, m) = speech_in(tx.conn(), speech_id).await?;
    current(&m, s.item_id)?;
    if s.status != SpeechStatus::Queued {
        return Err(OpError::Flow(FlowProblem::SpeechNotQueued));
    }
    if let Some(other) = store::speeches(tx.conn(), m.id)
        .await?
        .into_iter()
        .find(|x| x.status == SpeechStatus::Speaking)
    {
        return Err(OpError::Flow(FlowProblem::AlreadySpeaking(other.name)));
    }
    store::start_speech(tx.conn(), s.id, &stamp(by.now)).await?;
    log(
        &mut tx,
        by,
        m.community_id,
        "meeting.speech_started",
        json!({
            "meeting_id": m.id, "item_id": s.item_id, "speech_id": s.id, "person_id": s.person_id,
        }),
    )
    .await?;
    tx.commit().await?;
    drop(store);
    fresh(ctx, m.id, by, lang).await
}

/// Ends the running speech. A speech that ran to its limit is recorded as cut off by the rule.
pub async fn speaker_stop(
    ctx: &Ctx,
    by: &Caller,
    speech_id: i64,
    lang: Lang,
) -> OpResult<MeetingDetail> {
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    let (s, m) = speech_in(tx.conn(), speech_id).await?;
    running(&m)?;
    if s.status != SpeechStatus::Speaking {
        return Err(OpError::Flow(FlowProblem::SpeechNotRunning));
    }
    let used = used_seconds(&s, by.now);
    let status = if used >= s.limit_seconds {
        SpeechStatus::Cut
    } else {
        SpeechStatus::Done
    };
    store::end_speech(tx.conn(), s.id, status, &stamp(by.now), Some(used)).await?;
    log(
        &mut tx,
        by,
        m.community_id,
        "meeting.speech_ended",
        json!({
            "meeting_id": m.id, "item_id": s.item_id, "speech_id": s.id, "person_id": s.person_id,
            "seconds_used": used, "limit_seconds": s.limit_seconds, "status": status,
        }),
    )
    .await?;
    tx.commit().await?;
    drop(store);
    fresh(ctx, m.id, by, lang).await
}

pub async fn speaker_withdraw(
    ctx: &Ctx,
    by: &Caller,
    speech_id: i64,
    lang: Lang,
) -> OpResult<MeetingDetail> {
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    let (s, m) = speech_in(tx.conn(), speech_id).await?;
    running(&m)?;
    if s.status != SpeechStatus::Queued {
        return Err(OpError::Flow(FlowProblem::SpeechNotQueued));
    }
    store::end_speech(
        tx.conn(),
        s.id,
        SpeechStatus::Withdrawn,
        &stamp(by.now),
        None,
    )
    .await?;
    log(
        &mut tx,
        by,
        m.community_id,
        "meeting.speech_withdrawn",
        json!({
            "meeting_id": m.id, "speech_id": s.id, "person_id": s.person_id,
        }),
    )
    .await?;
    tx.commit().await?;
    drop(store);
    fresh(ctx, m.id, by, lang).await
}

/// A warning citing the conduct rule; at the configured count the person loses the floor for
/// the item: a running speech of theirs is cut and their queued ones are taken off the list.
pub async fn speaker_warn(
    ctx: &Ctx,
    by: &Caller,
    input: SpeakerWarn,
    lang: Lang,
) -> OpResult<MeetingDetail> {
    let note = input.note.trim();
    if note.is_empty() {
        return Err(OpError::Flow(FlowProblem::Empty {
            zh: "警告的事由",
            en: "what the warning is for",
        }));
    }
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    let (item, m) = item_in(tx.conn(), input.item_id).await?;
    current(&m, item.id)?;
    role_store::person_community(tx.conn(), input.person_id)
        .await?
        .filter(|(c, _)| *c == m.community_id)
        .ok_or(OpError::NotFound(Missing::Person(input.person_id)))?;
    let rules = conduct_rules(tx.conn(), m.community_id).await?;
    let count = warnings_of(tx.conn(), m.id, item.id, input.person_id).await? + 1;
    let lost = conduct::loses_floor(&rules, count);
    let citation = rules.cite(ConductRule::Warnings, Lang::Zh);
    let at = stamp(by.now);
    if lost {
        for s in store::speeches(tx.conn(), m.id).await? {
            if s.item_id != item.id || s.person_id != input.person_id {
                continue;
            }
            match s.status {
                SpeechStatus::Speaking => {
                    let used = used_seconds(&s, by.now);
                    store::end_speech(tx.conn(), s.id, SpeechStatus::Cut, &at, Some(used)).await?
                }
                SpeechStatus::Queued => {
                    store::end_speech(tx.conn(), s.id, SpeechStatus::Withdrawn, &at, None).await?
                }
                SpeechStatus::Done | SpeechStatus::Withdrawn | SpeechStatus::Cut => {}
            }
        }
    }
    store::insert_warning(
        tx.conn(),
        m.id,
        item.id,
        input.person_id,
        note,
        &citation,
        lost,
        &at,
        &by.actor,
    )
    .await?;
    log(
        &mut tx,
        by,
        m.community_id,
        "meeting.warning",
        json!({
            "meeting_id": m.id, "item_id": item.id, "person_id": input.person_id, "note": note,
            "citation": citation, "count": count, "floor_lost": lost,
        }),
    )
    .await?;
    tx.commit().await?;
    drop(store);
    fresh(ctx, m.id, by, lang).await
}
