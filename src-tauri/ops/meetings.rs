//! Meetings: scheduling with the notice rules, the agenda (time boxes, reorder, running time),
//! announcement, the printable notice, attendance and the quorum, and the live view every
//! screen (and the projector) reads. Speakers are in `speakers`, minutes in `minutes`.

use super::meeting_docs::{attendee_ids, signature_ref};
use super::meeting_types::{
    AgendaAdd, AgendaItemView, AgendaOrder, AttendHow, AttendanceAdd, AttendeeView, ConductView,
    MeetingAnnounce, MeetingDetail, MeetingMode, MeetingSchedule, MeetingStatus, MeetingSummary,
    NoticePreview, PersonRef, SpeechKind, SpeechStatus, SpeechView, WarningView,
};
use super::types::ExportFile;
use super::{Caller, Ctx, FlowProblem, Missing, OpError, OpResult};
use crate::domain::calendar::{HolidayCalendar, NoticeCheck, notice_check};
use crate::domain::conduct::{ConductRule, ConductRules};
use crate::domain::meeting::{self, MeetingKind, Quorum};
use crate::lang::Lang;
use crate::store::meetings::{self as store, MeetingRow};
use crate::store::{matters as matter_store, roles as role_store};
use base64::Engine;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, SecondsFormat, Utc};
use serde_json::json;
use sqlx::SqliteConnection;

/// Community time (China Standard Time, UTC+8): meeting times and notice days are local.
pub(crate) fn local(now: DateTime<Utc>) -> NaiveDateTime {
    now.with_timezone(&FixedOffset::east_opt(8 * 3600).expect("UTC+8"))
        .naive_local()
}

pub(crate) fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub(crate) fn parse_stamp(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

pub(crate) fn calendar() -> HolidayCalendar {
    HolidayCalendar::official_cn().unwrap_or_else(|_| HolidayCalendar::empty())
}

fn parse_local(text: &str) -> OpResult<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M")
        .map_err(|_| OpError::Flow(FlowProblem::BadDate(text.to_string())))
}

pub(crate) fn parse_date(text: &str) -> OpResult<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| OpError::Flow(FlowProblem::BadDate(text.to_string())))
}

pub(crate) fn kind_of(row: &MeetingRow) -> MeetingKind {
    MeetingKind::from_key(&row.kind).unwrap_or(MeetingKind::Residents)
}

pub(crate) async fn meeting_in(conn: &mut SqliteConnection, id: i64) -> OpResult<MeetingRow> {
    store::get(conn, id)
        .await?
        .ok_or(OpError::Flow(FlowProblem::NoSuchMeeting(id)))
}

pub(crate) async fn item_in(
    conn: &mut SqliteConnection,
    item_id: i64,
) -> OpResult<(store::ItemRow, MeetingRow)> {
    let item = store::item(conn, item_id)
        .await?
        .ok_or(OpError::Flow(FlowProblem::NoSuchItem(item_id)))?;
    let meeting = meeting_in(conn, item.meeting_id).await?;
    Ok((item, meeting))
}

/// The meeting is under way (started, not ended).
pub(crate) fn require_running(m: &MeetingRow) -> OpResult<()> {
    match m.status.as_str() {
        "running" => Ok(()),
        "ended" => Err(OpError::Flow(FlowProblem::MeetingEnded)),
        _ => Err(OpError::Flow(FlowProblem::MeetingNotRunning)),
    }
}

pub(crate) fn require_live(m: &MeetingRow) -> OpResult<()> {
    if m.status == "ended" {
        return Err(OpError::Flow(FlowProblem::MeetingEnded));
    }
    Ok(())
}

/// The notice check of a meeting: against the day it was announced, or today before that.
fn notice_of(row: &MeetingRow, now: DateTime<Utc>) -> Option<NoticeCheck> {
    let rule = kind_of(row).notice_rule()?;
    let day = parse_local(&row.starts_at).ok()?.date();
    let given = row
        .notice_given_on
        .as_deref()
        .and_then(|d| parse_date(d).ok())
        .unwrap_or_else(|| local(now).date());
    Some(notice_check(given, day, rule, &calendar()))
}

pub(crate) async fn summary(
    conn: &mut SqliteConnection,
    row: &MeetingRow,
    now: DateTime<Utc>,
    lang: Lang,
) -> OpResult<MeetingSummary> {
    let items = store::items(conn, row.id).await?.len() as u32;
    let minutes = match store::minutes_of_meeting(conn, row.id).await? {
        None => "none",
        Some(m) if m.published_on.is_some() => "published",
        Some(_) => "final",
    };
    Ok(MeetingSummary {
        meeting_id: row.id,
        kind: kind_of(row),
        kind_label: kind_of(row).label(lang).to_string(),
        mode: if row.mode == "written" {
            MeetingMode::Written
        } else {
            MeetingMode::InPerson
        },
        title: row.title.clone(),
        place: row.place.clone(),
        starts_at: row.starts_at.clone(),
        status: match row.status.as_str() {
            "announced" => MeetingStatus::Announced,
            "running" => MeetingStatus::Running,
            "ended" => MeetingStatus::Ended,
            _ => MeetingStatus::Draft,
        },
        notice_given_on: row.notice_given_on.clone(),
        notice: notice_of(row, now),
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
        .filter(|r| r.role == "owners_committee")
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
    super::convention_practice::conduct_rules(conn, community_id).await
}

fn seconds_between(from: Option<&str>, to: Option<&str>, now: DateTime<Utc>) -> u32 {
    let Some(start) = from.and_then(parse_stamp) else {
        return 0;
    };
    let end = to.and_then(parse_stamp).unwrap_or(now);
    meeting::elapsed(start.timestamp(), end.timestamp())
}

pub(crate) fn speech_view(s: &store::SpeechRow, now: DateTime<Utc>) -> SpeechView {
    let status = match s.status.as_str() {
        "speaking" => SpeechStatus::Speaking,
        "done" => SpeechStatus::Done,
        "withdrawn" => SpeechStatus::Withdrawn,
        "cut" => SpeechStatus::Cut,
        _ => SpeechStatus::Queued,
    };
    let used = match s.seconds_used {
        Some(u) => u32::try_from(u.max(0)).unwrap_or(u32::MAX),
        None => seconds_between(s.started_at.as_deref(), s.ended_at.as_deref(), now),
    };
    SpeechView {
        speech_id: s.id,
        item_id: s.item_id,
        person_id: s.person_id,
        name: s.name.clone(),
        kind: if s.kind == "point_of_order" {
            SpeechKind::PointOfOrder
        } else {
            SpeechKind::Speech
        },
        status,
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
        .filter(|s| s.item_id == item_id && s.status == "queued")
        .map(|s| (s.kind == "point_of_order", s.queued_at.clone(), s.id))
        .collect();
    meeting::queue_order(&mut q);
    q.into_iter().map(|x| x.2).collect()
}

pub(crate) async fn attendance_views(
    conn: &mut SqliteConnection,
    community_id: i64,
    meeting_id: i64,
) -> OpResult<Vec<AttendeeView>> {
    let mut out: Vec<AttendeeView> =
        store::subject_signatures(conn, community_id, &format!("sign-in:{meeting_id}"))
            .await?
            .iter()
            .map(|s| AttendeeView {
                person_id: s.person_id,
                name: s.person_name.clone(),
                how: AttendHow::Signed,
                reason: String::new(),
                proxy_for: None,
                signature: Some(signature_ref(s)),
                at: s.signed_at.clone(),
            })
            .collect();
    for a in store::attendance(conn, meeting_id).await? {
        out.push(AttendeeView {
            person_id: a.person_id,
            name: a.name,
            how: if a.proxy_for.is_some() {
                AttendHow::Proxy
            } else {
                AttendHow::Secretary
            },
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
    let kind = kind_of(row);
    if !kind.has_quorum() {
        return Ok(None);
    }
    let entitled = match kind {
        MeetingKind::Committee => members(conn, row.community_id).await?,
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
            matter_stage: i
                .matter_stage
                .as_deref()
                .and_then(|s| serde_json::from_value(json!(s)).ok()),
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
        minutes: super::minutes::minutes_view(conn, &row, now).await?,
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

/// The notice check for a meeting not yet scheduled, as if notice were given today; `None` for
/// kinds without a statutory notice period.
pub fn notice_preview(by: &Caller, input: NoticePreview) -> OpResult<Option<NoticeCheck>> {
    let day = parse_local(&input.starts_at)?.date();
    Ok(input
        .kind
        .notice_rule()
        .map(|rule| notice_check(local(by.now).date(), day, rule, &calendar())))
}

pub async fn meeting_detail(
    ctx: &Ctx,
    by: &Caller,
    meeting_id: i64,
    lang: Lang,
) -> OpResult<MeetingDetail> {
    fresh(ctx, meeting_id, by, lang).await
}

pub async fn meeting_list(
    ctx: &Ctx,
    by: &Caller,
    community_id: i64,
    lang: Lang,
) -> OpResult<Vec<MeetingSummary>> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    super::community::require(&mut conn, community_id).await?;
    let mut out = Vec::new();
    for row in store::list(&mut conn, community_id).await? {
        out.push(summary(&mut conn, &row, by.now, lang).await?);
    }
    Ok(out)
}

pub(crate) use super::log;

async fn check_person(
    conn: &mut SqliteConnection,
    community_id: i64,
    id: Option<i64>,
) -> OpResult<()> {
    if let Some(id) = id {
        role_store::person_community(conn, id)
            .await?
            .filter(|(c, _)| *c == community_id)
            .ok_or(OpError::NotFound(Missing::Person(id)))?;
    }
    Ok(())
}

pub async fn meeting_schedule(
    ctx: &Ctx,
    by: &Caller,
    input: MeetingSchedule,
    lang: Lang,
) -> OpResult<MeetingDetail> {
    let title = input.title.trim();
    if title.is_empty() {
        return Err(OpError::Flow(FlowProblem::Empty {
            zh: "会议名称",
            en: "the meeting's title",
        }));
    }
    if input.place.trim().is_empty() {
        return Err(OpError::Flow(FlowProblem::Empty {
            zh: "会议地点",
            en: "the place",
        }));
    }
    let starts = parse_local(&input.starts_at)?;
    let mode = match (input.mode, input.kind) {
        (MeetingMode::Written, MeetingKind::OwnersAssembly) => "written",
        _ => "in_person",
    };
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    super::community::require(tx.conn(), input.community_id).await?;
    check_person(tx.conn(), input.community_id, input.host_id).await?;
    check_person(tx.conn(), input.community_id, input.secretary_id).await?;
    let starts_at = starts.format("%Y-%m-%dT%H:%M").to_string();
    let id = store::insert(
        tx.conn(),
        store::NewMeeting {
            community_id: input.community_id,
            kind: input.kind.key(),
            mode,
            title,
            place: input.place.trim(),
            starts_at: &starts_at,
            host_id: input.host_id,
            secretary_id: input.secretary_id,
            entitled: i64::from(input.entitled.unwrap_or(0)),
            created_at: &stamp(by.now),
            created_by: &by.actor,
        },
    )
    .await?;
    log(
        &mut tx,
        by,
        input.community_id,
        "meeting.scheduled",
        json!({
            "meeting_id": id, "kind": input.kind.key(), "title": title, "starts_at": starts_at,
        }),
    )
    .await?;
    tx.commit().await?;
    drop(store);
    fresh(ctx, id, by, lang).await
}

pub async fn agenda_add(
    ctx: &Ctx,
    by: &Caller,
    input: AgendaAdd,
    lang: Lang,
) -> OpResult<MeetingDetail> {
    let title = input.title.trim();
    if title.is_empty() {
        return Err(OpError::Flow(FlowProblem::Empty {
            zh: "议程项名称",
            en: "the item's title",
        }));
    }
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    let m = meeting_in(tx.conn(), input.meeting_id).await?;
    require_live(&m)?;
    let stage = match input.matter_id {
        Some(id) => Some(
            matter_store::get(tx.conn(), id)
                .await?
                .filter(|x| x.community_id == m.community_id)
                .ok_or(OpError::Flow(FlowProblem::NoSuchMatter(id)))?
                .stage,
        ),
        None => None,
    };
    let planned = i64::from(input.planned_minutes.clamp(1, 600));
    let item = store::insert_item(
        tx.conn(),
        store::NewItem {
            meeting_id: m.id,
            title,
            matter_id: input.matter_id,
            matter_stage: stage.as_deref(),
            planned_minutes: planned,
        },
    )
    .await?;
    log(
        &mut tx,
        by,
        m.community_id,
        "meeting.agenda_added",
        json!({
            "meeting_id": m.id, "item_id": item, "title": title, "matter_id": input.matter_id,
            "planned_minutes": planned, "after_notice": m.status != "draft",
        }),
    )
    .await?;
    tx.commit().await?;
    drop(store);
    fresh(ctx, m.id, by, lang).await
}

pub async fn agenda_order(
    ctx: &Ctx,
    by: &Caller,
    input: AgendaOrder,
    lang: Lang,
) -> OpResult<MeetingDetail> {
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    let m = meeting_in(tx.conn(), input.meeting_id).await?;
    require_live(&m)?;
    let mut now_ids: Vec<i64> = store::items(tx.conn(), m.id)
        .await?
        .iter()
        .map(|i| i.id)
        .collect();
    let mut asked = input.order.clone();
    now_ids.sort_unstable();
    asked.sort_unstable();
    if now_ids != asked {
        return Err(OpError::Flow(FlowProblem::AgendaOrderMismatch));
    }
    store::set_positions(tx.conn(), &input.order).await?;
    log(
        &mut tx,
        by,
        m.community_id,
        "meeting.agenda_reordered",
        json!({
            "meeting_id": m.id, "order": input.order,
        }),
    )
    .await?;
    tx.commit().await?;
    drop(store);
    fresh(ctx, m.id, by, lang).await
}

/// Removes an item before the notice goes out; after that the announced agenda stands.
pub async fn agenda_remove(
    ctx: &Ctx,
    by: &Caller,
    item_id: i64,
    lang: Lang,
) -> OpResult<MeetingDetail> {
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    let (item, m) = item_in(tx.conn(), item_id).await?;
    if m.status != "draft" {
        return Err(OpError::Flow(FlowProblem::MeetingNotDraft));
    }
    store::remove_item(tx.conn(), item.id).await?;
    log(
        &mut tx,
        by,
        m.community_id,
        "meeting.agenda_removed",
        json!({
            "meeting_id": m.id, "item_id": item.id, "title": item.title,
        }),
    )
    .await?;
    tx.commit().await?;
    drop(store);
    fresh(ctx, m.id, by, lang).await
}

/// Gives notice: the agenda as it stands becomes the announced agenda. A short notice is
/// refused unless accepted, and then stays on the record with the check that found it short.
pub async fn meeting_announce(
    ctx: &Ctx,
    by: &Caller,
    input: MeetingAnnounce,
    lang: Lang,
) -> OpResult<MeetingDetail> {
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    let m = meeting_in(tx.conn(), input.meeting_id).await?;
    if m.status != "draft" {
        return Err(OpError::Flow(FlowProblem::MeetingNotDraft));
    }
    if store::items(tx.conn(), m.id).await?.is_empty() {
        return Err(OpError::Flow(FlowProblem::AgendaEmpty));
    }
    let today = local(by.now).date();
    let mut announced = m.clone();
    announced.notice_given_on = Some(today.to_string());
    let check = notice_of(&announced, by.now);
    if let Some(c) = check.as_ref().filter(|c| !c.ok) {
        if !input.accept_short_notice {
            return Err(OpError::Flow(FlowProblem::ShortNotice {
                zh: c.message_zh.clone(),
                en: c.message_en.clone(),
            }));
        }
    }
    let check_json = serde_json::to_string(&check).unwrap_or_default();
    store::set_announced(tx.conn(), m.id, &today.to_string(), &check_json).await?;
    log(
        &mut tx,
        by,
        m.community_id,
        "meeting.announced",
        json!({
            "meeting_id": m.id, "notice_given_on": today.to_string(), "notice": check,
            "short_notice_accepted": check.as_ref().is_some_and(|c| !c.ok),
        }),
    )
    .await?;
    tx.commit().await?;
    drop(store);
    fresh(ctx, m.id, by, lang).await
}

pub async fn meeting_start(
    ctx: &Ctx,
    by: &Caller,
    meeting_id: i64,
    lang: Lang,
) -> OpResult<MeetingDetail> {
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    let m = meeting_in(tx.conn(), meeting_id).await?;
    match m.status.as_str() {
        "announced" => {}
        "draft" => return Err(OpError::Flow(FlowProblem::MeetingNotStarted)),
        "running" => return Err(OpError::Flow(FlowProblem::MeetingNotDraft)),
        _ => return Err(OpError::Flow(FlowProblem::MeetingEnded)),
    }
    let at = stamp(by.now);
    store::set_running(tx.conn(), m.id, &at).await?;
    if let Some(first) = store::items(tx.conn(), m.id).await?.first() {
        store::set_current(tx.conn(), m.id, first.id, &at).await?;
    }
    log(
        &mut tx,
        by,
        m.community_id,
        "meeting.started",
        json!({ "meeting_id": m.id }),
    )
    .await?;
    tx.commit().await?;
    drop(store);
    fresh(ctx, m.id, by, lang).await
}

/// Moves the meeting to an item (in any order: the chair may take items out of turn).
pub async fn meeting_item_start(
    ctx: &Ctx,
    by: &Caller,
    item_id: i64,
    lang: Lang,
) -> OpResult<MeetingDetail> {
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    let (item, m) = item_in(tx.conn(), item_id).await?;
    require_running(&m)?;
    if let Some(s) = store::speeches(tx.conn(), m.id)
        .await?
        .into_iter()
        .find(|s| s.status == "speaking")
    {
        return Err(OpError::Flow(FlowProblem::AlreadySpeaking(s.name)));
    }
    store::set_current(tx.conn(), m.id, item.id, &stamp(by.now)).await?;
    log(
        &mut tx,
        by,
        m.community_id,
        "meeting.item_started",
        json!({
            "meeting_id": m.id, "item_id": item.id, "title": item.title,
        }),
    )
    .await?;
    tx.commit().await?;
    drop(store);
    fresh(ctx, m.id, by, lang).await
}

pub async fn meeting_end(
    ctx: &Ctx,
    by: &Caller,
    meeting_id: i64,
    lang: Lang,
) -> OpResult<MeetingDetail> {
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    let m = meeting_in(tx.conn(), meeting_id).await?;
    require_running(&m)?;
    let at = stamp(by.now);
    for s in store::speeches(tx.conn(), m.id).await? {
        match s.status.as_str() {
            "speaking" => {
                let used = seconds_between(s.started_at.as_deref(), None, by.now);
                store::end_speech(tx.conn(), s.id, "done", &at, Some(i64::from(used))).await?
            }
            "queued" => store::end_speech(tx.conn(), s.id, "withdrawn", &at, None).await?,
            _ => {}
        }
    }
    store::set_ended(tx.conn(), m.id, &at).await?;
    log(
        &mut tx,
        by,
        m.community_id,
        "meeting.ended",
        json!({ "meeting_id": m.id }),
    )
    .await?;
    tx.commit().await?;
    drop(store);
    fresh(ctx, m.id, by, lang).await
}

/// The secretary records someone present who cannot sign (with the reason), or a proxy
/// attending for another under a written authorisation.
pub async fn attendance_add(
    ctx: &Ctx,
    by: &Caller,
    input: AttendanceAdd,
    lang: Lang,
) -> OpResult<MeetingDetail> {
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    let m = meeting_in(tx.conn(), input.meeting_id).await?;
    require_live(&m)?;
    if m.status == "draft" {
        return Err(OpError::Flow(FlowProblem::MeetingNotStarted));
    }
    check_person(tx.conn(), m.community_id, Some(input.person_id)).await?;
    check_person(tx.conn(), m.community_id, input.proxy_for).await?;
    let (_, name) = role_store::person_community(tx.conn(), input.person_id)
        .await?
        .ok_or(OpError::NotFound(Missing::Person(input.person_id)))?;
    let reason = input.reason.trim();
    let scan = input
        .scan_sha256
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    match input.proxy_for {
        Some(_) if scan.is_none() => {
            return Err(OpError::Flow(FlowProblem::Empty {
                zh: "委托书扫描件（或照片）的哈希",
                en: "the hash of the authorisation's scan or photo",
            }));
        }
        None if reason.is_empty() => {
            return Err(OpError::Flow(FlowProblem::Empty {
                zh: "代为登记的原因（如：未登记密钥、行动不便）",
                en: "why the secretary records them (e.g. no key enrolled)",
            }));
        }
        _ => {}
    }
    if input.proxy_for.is_none()
        && attendee_ids(tx.conn(), m.community_id, m.id)
            .await?
            .contains(&input.person_id)
    {
        return Err(OpError::Flow(FlowProblem::AlreadyAttending(name)));
    }
    let how = if input.proxy_for.is_some() {
        "proxy"
    } else {
        "secretary"
    };
    store::insert_attendance(
        tx.conn(),
        store::NewAttendance {
            meeting_id: m.id,
            person_id: input.person_id,
            how,
            reason,
            proxy_for: input.proxy_for,
            scan_sha256: scan,
            at: &stamp(by.now),
            by_actor: &by.actor,
        },
    )
    .await?;
    log(
        &mut tx,
        by,
        m.community_id,
        "meeting.attendance",
        json!({
            "meeting_id": m.id, "person_id": input.person_id, "how": how, "reason": reason,
            "proxy_for": input.proxy_for, "scan_sha256": scan,
        }),
    )
    .await?;
    tx.commit().await?;
    drop(store);
    fresh(ctx, m.id, by, lang).await
}

/// Where a new vote belongs: (meeting, agenda item, matter). An item that was not on the
/// announced agenda cannot be voted on (Beijing Art. 35, Hangzhou Art. 19); the matter defaults
/// to the item's.
pub(crate) async fn vote_links(
    conn: &mut SqliteConnection,
    community_id: i64,
    item_id: Option<i64>,
    matter_id: Option<i64>,
) -> OpResult<(Option<i64>, Option<i64>, Option<i64>)> {
    let (mut meeting, mut matter) = (None, matter_id);
    if let Some(item_id) = item_id {
        let (item, m) = item_in(conn, item_id).await?;
        if m.community_id != community_id {
            return Err(OpError::Flow(FlowProblem::NoSuchItem(item_id)));
        }
        if !item.announced || m.status == "draft" {
            return Err(OpError::Flow(FlowProblem::NotOnAnnouncedAgenda));
        }
        meeting = Some(m.id);
        matter = matter.or(item.matter_id);
    }
    if let Some(id) = matter {
        matter_store::get(conn, id)
            .await?
            .filter(|x| x.community_id == community_id)
            .ok_or(OpError::Flow(FlowProblem::NoSuchMatter(id)))?;
    }
    Ok((meeting, item_id, matter))
}

/// The notice for the bulletin board: a print-ready HTML page in Chinese.
pub async fn meeting_notice(ctx: &Ctx, by: &Caller, meeting_id: i64) -> OpResult<ExportFile> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    let m = meeting_in(&mut conn, meeting_id).await?;
    let community = super::community::require(&mut conn, m.community_id).await?;
    let d = detail_of(&mut conn, meeting_id, by.now, Lang::Zh).await?;
    let html = super::print::meeting_notice(&super::print::NoticePage {
        community: &community.name,
        detail: &d,
        today: &local(by.now).date().to_string(),
    });
    Ok(ExportFile {
        file_name: format!("会议通知-{}-{}.html", m.id, digits(&m.starts_at)),
        mime: "text/html".into(),
        content_base64: base64::engine::general_purpose::STANDARD.encode(html.as_bytes()),
        saved_to: None,
    })
}

fn digits(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_digit()).take(8).collect()
}
