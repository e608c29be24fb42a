//! The live view of a meeting, built from the record: its summary and notice check, the agenda
//! with running time against plan, attendance (signed sign-ins and the secretary's entries)
//! and the quorum, the speakers' queue, the conduct rules that bind it, and its minutes. Every
//! screen and the projector read this; every meeting operation returns it.

use crate::domain::calendar::{HolidayCalendar, MissingYear, NoticeCheck, notice_check};
use crate::domain::conduct::{ConductRule, ConductRules};
use crate::domain::meeting::{self, MeetingKind, Quorum};
use crate::lang::Lang;
use crate::ops::meetings::signature_ref;
use crate::ops::meetings::{
    AgendaItemView, AttendHow, AttendeeView, ConductView, MeetingDetail, MeetingSummary, PersonRef,
    SpeechKind, SpeechStatus, SpeechView, WarningView,
};
use crate::ops::meetings::{local, meeting_in, parse_date, parse_local, parse_stamp, stamp};
use crate::ops::{Caller, Ctx, OpError, OpResult};
use crate::store::meetings::{self as store, MeetingRow};
use crate::store::{matters as matter_store, roles as role_store};
use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

/// The notice check of a meeting: against the day it was announced, or today before that.
/// `cal` is the meeting's calendar (`ops::calendar::meeting_calendar`); a year it lacks is
/// refused, never guessed.
pub(crate) fn notice_of(
    row: &MeetingRow,
    now: DateTime<Utc>,
    cal: &HolidayCalendar,
) -> Result<Option<NoticeCheck>, MissingYear> {
    let Some(rule) = row.kind.notice_rule() else {
        return Ok(None);
    };
    let Ok(day) = parse_local(&row.starts_at).map(|t| t.date()) else {
        return Ok(None);
    };
    let given = row
        .notice_given_on
        .as_deref()
        .and_then(|d| parse_date(d).ok())
        .unwrap_or_else(|| local(now).date());
    notice_check(given, day, rule, cal).map(Some)
}

pub(crate) async fn summary(
    conn: &mut SqliteConnection,
    row: &MeetingRow,
    now: DateTime<Utc>,
    lang: Lang,
) -> OpResult<MeetingSummary> {
    let items = store::items(conn, row.id).await?.len() as u32;
    let (cal, calendar_overrides) =
        crate::ops::meetings::calendar::meeting_calendar(conn, row.community_id, row.id).await?;
    let (notice, calendar_missing) = match notice_of(row, now, &cal) {
        Ok(n) => (n, None),
        Err(m) => (
            None,
            Some(crate::ops::calendar::MissingYearNote::new(m, lang)),
        ),
    };
    let minutes = match store::minutes_of_meeting(conn, row.id).await? {
        None => "none",
        Some(m) if m.published_on.is_some() => "published",
        Some(_) => "final",
    };
    Ok(MeetingSummary {
        meeting_id: row.id,
        kind: row.kind,
        kind_label: row.kind.label(lang).to_string(),
        mode: row.mode,
        title: row.title.clone(),
        place: row.place.clone(),
        starts_at: row.starts_at.clone(),
        status: row.status,
        notice_given_on: row.notice_given_on.clone(),
        notice,
        calendar_missing,
        calendar_overrides,
        items,
        minutes: minutes.to_string(),
    })
}

pub(crate) async fn person(
    conn: &mut SqliteConnection,
    id: Option<i64>,
) -> OpResult<Option<PersonRef>> {
    let Some(id) = id else { return Ok(None) };
    Ok(role_store::person_community(conn, id)
        .await?
        .map(|(_, name)| PersonRef {
            person_id: id,
            name,
        }))
}

/// The committee's members, counted from the roles.
async fn members(conn: &mut SqliteConnection, community_id: i64) -> OpResult<u32> {
    let ids: std::collections::BTreeSet<i64> = role_store::list(conn, community_id)
        .await?
        .into_iter()
        .filter(|r| r.role == crate::domain::states::Role::OwnersCommittee)
        .map(|r| r.person_id)
        .collect();
    Ok(ids.len() as u32)
}

pub(crate) fn conduct_view(rules: ConductRules, lang: Lang) -> ConductView {
    ConductView {
        speech_cite: rules.cite(ConductRule::SpeechTime, lang),
        speeches_cite: rules.cite(ConductRule::SpeechesPerItem, lang),
        warnings_cite: rules.cite(ConductRule::Warnings, lang),
        rules,
    }
}

/// The rules that bind this community's meetings (an adopted convention, or the defaults).
pub(crate) async fn conduct_rules(
    conn: &mut SqliteConnection,
    community_id: i64,
) -> OpResult<ConductRules> {
    crate::ops::conventions::conduct_rules(conn, community_id).await
}

pub(crate) fn seconds_between(from: Option<&str>, to: Option<&str>, now: DateTime<Utc>) -> u32 {
    let Some(start) = from.and_then(parse_stamp) else {
        return 0;
    };
    let end = to.and_then(parse_stamp).unwrap_or(now);
    meeting::elapsed(start.timestamp(), end.timestamp())
}

pub(crate) fn speech_view(s: &store::SpeechRow, now: DateTime<Utc>) -> SpeechView {
    let used = match s.seconds_used {
        Some(u) => u32::try_from(u.max(0)).unwrap_or(u32::MAX),
        None => seconds_between(s.started_at.as_deref(), s.ended_at.as_deref(), now),
    };
    SpeechView {
        speech_id: s.id,
        item_id: s.item_id,
        person_id: s.person_id,
        name: s.name.clone(),
        kind: s.kind,
        status: s.status,
        limit_seconds: u32::try_from(s.limit_seconds.max(0)).unwrap_or(0),
        queued_at: s.queued_at.clone(),
        started_at: s.started_at.clone(),
        ended_at: s.ended_at.clone(),
        seconds_used: used,
    }
}

/// The queued speeches of an item in the order they get the floor.
pub(crate) fn queue_of(speeches: &[store::SpeechRow], item_id: i64) -> Vec<i64> {
    let mut q: Vec<(bool, String, i64)> = speeches
        .iter()
        .filter(|s| s.item_id == item_id && s.status == SpeechStatus::Queued)
        .map(|s| {
            (
                s.kind == SpeechKind::PointOfOrder,
                s.queued_at.clone(),
                s.id,
            )
        })
        .collect();
    meeting::queue_order(&mut q);
    q.into_iter().map(|x| x.2).collect()
}

pub(crate) async fn attendance_views(
    conn: &mut SqliteConnection,
    community_id: i64,
    meeting_id: i64,
) -> OpResult<Vec<AttendeeView>> {
    let mut out: Vec<AttendeeView> = crate::store::keys::subject_signatures(
        conn,
        community_id,
        &format!("sign-in:{meeting_id}"),
    )
    .await?
    .iter()
    .map(|s| AttendeeView {
        person_id: s.person_id,
        name: s.person_name.clone(),
        how: AttendHow::Signed,
        reason: String::new(),
        proxy_for: None,
        signature: Some(signature_ref(s)),
        at: stamp(s.signed_at),
    })
    .collect();
    for a in store::attendance(conn, meeting_id).await? {
        out.push(AttendeeView {
            person_id: a.person_id,
            name: a.name,
            how: a.how,
            reason: a.reason,
            proxy_for: a.proxy_for.map(|id| PersonRef {
                person_id: id,
                name: a.proxy_for_name.unwrap_or_default(),
            }),
            signature: None,
            at: a.at,
        });
    }
    out.sort_by(|a, b| a.at.cmp(&b.at));
    Ok(out)
}

/// Present for the quorum: each attendee once, plus each person a proxy attends for.
pub(crate) fn present_count(attendance: &[AttendeeView]) -> u32 {
    let mut ids = std::collections::BTreeSet::new();
    for a in attendance {
        ids.insert(a.person_id);
        if let Some(p) = &a.proxy_for {
            ids.insert(p.person_id);
        }
    }
    ids.len() as u32
}

pub(crate) async fn quorum_of(
    conn: &mut SqliteConnection,
    row: &MeetingRow,
    attendance: &[AttendeeView],
) -> OpResult<Option<Quorum>> {
    let kind = row.kind;
    if !kind.has_quorum() {
        return Ok(None);
    }
    let counted_mode = row
        .residents_mode
        .as_deref()
        .and_then(|m| serde_json::from_str::<crate::domain::vote::ResidentsMode>(m).ok())
        .filter(|m| m.fixed_entitled().is_none());
    let entitled = match (kind, counted_mode) {
        (MeetingKind::Committee, _) => members(conn, row.community_id).await?,
        // Counted again from the roll as it is now, on the meeting's day (ages change).
        (MeetingKind::Residents, Some(mode)) => {
            let day = chrono::NaiveDate::parse_from_str(
                row.starts_at.get(..10).unwrap_or_default(),
                "%Y-%m-%d",
            )
            .map_err(|e| {
                OpError::Storage(crate::store::StoreError::Corrupt(format!(
                    "meetings.starts_at of meeting {}: {e}",
                    row.id
                )))
            })?;
            crate::ops::votes::residents(conn, row.community_id, mode, day)
                .await?
                .entitled
        }
        _ => u32::try_from(row.entitled.max(0)).unwrap_or(0),
    };
    Ok(Some(meeting::quorum(present_count(attendance), entitled)))
}

pub(crate) async fn agenda_views(
    conn: &mut SqliteConnection,
    row: &MeetingRow,
    now: DateTime<Utc>,
) -> OpResult<Vec<AgendaItemView>> {
    let votes = store::linked_votes(conn, Some(row.id), None).await?;
    let mut out = Vec::new();
    for i in store::items(conn, row.id).await? {
        let matter_title = match i.matter_id {
            Some(id) => matter_store::get(conn, id).await?.map(|m| m.title),
            None => None,
        };
        out.push(AgendaItemView {
            item_id: i.id,
            position: u32::try_from(i.position).unwrap_or(0),
            title: i.title,
            matter_id: i.matter_id,
            matter_title,
            matter_stage: i.matter_stage,
            planned_minutes: u32::try_from(i.planned_minutes).unwrap_or(0),
            announced: i.announced,
            used_seconds: seconds_between(i.started_at.as_deref(), i.ended_at.as_deref(), now),
            started_at: i.started_at,
            ended_at: i.ended_at,
            notes: i.notes,
            decision: i.decision,
            votes: votes
                .iter()
                .filter(|v| v.1 == Some(i.id))
                .map(|v| v.0)
                .collect(),
        });
    }
    Ok(out)
}

pub(crate) async fn detail_of(
    conn: &mut SqliteConnection,
    meeting_id: i64,
    now: DateTime<Utc>,
    lang: Lang,
) -> OpResult<MeetingDetail> {
    let row = meeting_in(conn, meeting_id).await?;
    let attendance = attendance_views(conn, row.community_id, row.id).await?;
    let speeches = store::speeches(conn, row.id).await?;
    let queue = row
        .current_item_id
        .map(|id| queue_of(&speeches, id))
        .unwrap_or_default();
    let rules = conduct_rules(conn, row.community_id).await?;
    Ok(MeetingDetail {
        summary: summary(conn, &row, now, lang).await?,
        host: person(conn, row.host_id).await?,
        secretary: person(conn, row.secretary_id).await?,
        started_at: row.started_at.clone(),
        ended_at: row.ended_at.clone(),
        agenda: agenda_views(conn, &row, now).await?,
        current_item_id: row.current_item_id,
        quorum: quorum_of(conn, &row, &attendance).await?,
        attendance,
        speeches: speeches.iter().map(|s| speech_view(s, now)).collect(),
        queue,
        warnings: store::warnings(conn, row.id)
            .await?
            .into_iter()
            .map(|w| WarningView {
                item_id: w.item_id,
                person_id: w.person_id,
                name: w.name,
                note: w.note,
                citation: w.citation,
                floor_lost: w.floor_lost,
                at: w.at,
            })
            .collect(),
        conduct: conduct_view(rules, lang),
        minutes: crate::ops::meetings::minutes_view(conn, &row, now).await?,
        now: stamp(now),
    })
}

/// Re-reads the meeting after a change (on the write connection, before commit is fine too).
pub(crate) async fn fresh(
    ctx: &Ctx,
    meeting_id: i64,
    by: &Caller,
    lang: Lang,
) -> OpResult<MeetingDetail> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    detail_of(&mut conn, meeting_id, by.now, lang).await
}
