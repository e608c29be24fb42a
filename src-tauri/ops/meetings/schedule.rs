//! Meetings: scheduling with the notice rules, the agenda (time boxes, reorder, running time),
//! announcement, the printable notice, attendance and the quorum, and the live view every
//! screen (and the projector) reads. Speakers are in `speakers`, minutes in `minutes`.

use crate::domain::calendar::{NoticeCheck, notice_check};
use crate::domain::meeting::MeetingKind;
use crate::domain::states::{AttendHow, MeetingStatus, SpeechStatus};
use crate::lang::Lang;
use crate::ops::meetings::attendee_ids;
use crate::ops::meetings::{
    AgendaAdd, AgendaOrder, AttendanceAdd, MeetingAnnounce, MeetingDetail, MeetingMode,
    MeetingSchedule, MeetingSummary, NoticePreview,
};
use crate::ops::types::ExportFile;
use crate::ops::{Caller, Ctx, FlowProblem, Missing, OpError, OpResult};
use crate::store::meetings::{self as store, MeetingRow};
use crate::store::{matters as matter_store, roles as role_store};
use base64::Engine;
use chrono::NaiveDateTime;
use serde_json::json;
use sqlx::SqliteConnection;

pub(crate) use crate::ops::context::{local, parse_date, parse_stamp, stamp};

pub(crate) fn parse_local(text: &str) -> OpResult<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M")
        .map_err(|_| OpError::Flow(FlowProblem::BadDate(text.to_string())))
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
    match m.status {
        MeetingStatus::Running => Ok(()),
        MeetingStatus::Ended => Err(OpError::Flow(FlowProblem::MeetingEnded)),
        MeetingStatus::Draft | MeetingStatus::Announced => {
            Err(OpError::Flow(FlowProblem::MeetingNotRunning))
        }
    }
}

pub(crate) fn require_live(m: &MeetingRow) -> OpResult<()> {
    if m.status == MeetingStatus::Ended {
        return Err(OpError::Flow(FlowProblem::MeetingEnded));
    }
    Ok(())
}

/// The notice check for a meeting not yet scheduled, as if notice were given today; `None` for
/// kinds without a statutory notice period. A year with no holiday schedule is refused
/// (`ErrorCode::CalendarMissing`, naming the year).
pub async fn notice_preview(
    ctx: &Ctx,
    by: &Caller,
    input: NoticePreview,
) -> OpResult<Option<NoticeCheck>> {
    let day = parse_local(&input.starts_at)?.date();
    let Some(rule) = input.kind.notice_rule() else {
        return Ok(None);
    };
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    let cal = crate::ops::calendar::calendar_in(&mut conn).await?;
    Ok(Some(notice_check(local(by.now).date(), day, rule, &cal)?))
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
    crate::ops::context::require(&mut conn, community_id).await?;
    let mut out = Vec::new();
    for row in store::list(&mut conn, community_id).await? {
        out.push(summary(&mut conn, &row, by.now, lang).await?);
    }
    Ok(out)
}

pub(crate) use crate::ops::log;
use crate::ops::meetings::view::{detail_of, fresh, notice_of, seconds_between, summary};

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
        (MeetingMode::Written, MeetingKind::OwnersAssembly) => MeetingMode::Written,
        _ => MeetingMode::InPerson,
    };
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    crate::ops::context::require(tx.conn(), input.community_id).await?;
    check_person(tx.conn(), input.community_id, input.host_id).await?;
    check_person(tx.conn(), input.community_id, input.secretary_id).await?;
    let starts_at = starts.format("%Y-%m-%dT%H:%M").to_string();
    // A residents' meeting with a mode counts those entitled itself, on the meeting's day.
    let residents_mode = match (input.kind, input.residents_mode) {
        (MeetingKind::Residents, Some(mode)) => {
            if !mode.is_valid() {
                return Err(OpError::Vote(crate::ops::VoteProblem::BadResidentsMode));
            }
            Some(mode)
        }
        _ => None,
    };
    let entitled = match residents_mode {
        Some(mode) => {
            crate::ops::votes::residents(tx.conn(), input.community_id, mode, starts.date())
                .await?
                .entitled
        }
        None => input.entitled.unwrap_or(0),
    };
    let mode_json = residents_mode.map(|m| serde_json::to_string(&m).unwrap_or_default());
    let id = store::insert(
        tx.conn(),
        store::NewMeeting {
            community_id: input.community_id,
            kind: input.kind,
            mode,
            title,
            place: input.place.trim(),
            starts_at: &starts_at,
            host_id: input.host_id,
            secretary_id: input.secretary_id,
            entitled: i64::from(entitled),
            residents_mode: mode_json.as_deref(),
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
            matter_stage: stage,
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
            "planned_minutes": planned, "after_notice": m.status != MeetingStatus::Draft,
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
    if m.status != MeetingStatus::Draft {
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
    if m.status != MeetingStatus::Draft {
        return Err(OpError::Flow(FlowProblem::MeetingNotDraft));
    }
    if store::items(tx.conn(), m.id).await?.is_empty() {
        return Err(OpError::Flow(FlowProblem::AgendaEmpty));
    }
    let today = local(by.now).date();
    let mut announced = m.clone();
    announced.notice_given_on = Some(today.to_string());
    // A year with no schedule is refused unless a host signed a reason for this meeting.
    let (cal, overrides) =
        crate::ops::meetings::calendar::meeting_calendar(tx.conn(), m.community_id, m.id).await?;
    let check = notice_of(&announced, by.now, &cal)?;
    let used: Vec<_> = overrides
        .iter()
        .filter(|o| {
            check
                .as_ref()
                .is_some_and(|c| c.assumed_years.contains(&o.year))
        })
        .map(|o| {
            json!({
                "year": o.year, "reason": o.reason, "signature_id": o.signature_id,
                "signer": o.signer, "fingerprint": o.fingerprint,
            })
        })
        .collect();
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
            "calendar_overrides": used,
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
    match m.status {
        MeetingStatus::Announced => {}
        MeetingStatus::Draft => return Err(OpError::Flow(FlowProblem::MeetingNotStarted)),
        MeetingStatus::Running => return Err(OpError::Flow(FlowProblem::MeetingNotDraft)),
        MeetingStatus::Ended => return Err(OpError::Flow(FlowProblem::MeetingEnded)),
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
        .find(|s| s.status == SpeechStatus::Speaking)
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
        match s.status {
            SpeechStatus::Speaking => {
                let used = seconds_between(s.started_at.as_deref(), None, by.now);
                store::end_speech(
                    tx.conn(),
                    s.id,
                    SpeechStatus::Done,
                    &at,
                    Some(i64::from(used)),
                )
                .await?
            }
            SpeechStatus::Queued => {
                store::end_speech(tx.conn(), s.id, SpeechStatus::Withdrawn, &at, None).await?
            }
            SpeechStatus::Done | SpeechStatus::Withdrawn | SpeechStatus::Cut => {}
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
    if m.status == MeetingStatus::Draft {
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
        AttendHow::Proxy
    } else {
        AttendHow::Secretary
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

/// The notice for the bulletin board: a print-ready HTML page in Chinese.
pub async fn meeting_notice(ctx: &Ctx, by: &Caller, meeting_id: i64) -> OpResult<ExportFile> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    let m = meeting_in(&mut conn, meeting_id).await?;
    let community = crate::ops::context::require(&mut conn, m.community_id).await?;
    let d = detail_of(&mut conn, meeting_id, by.now, Lang::Zh).await?;
    let html =
        crate::ops::meetings::print::meeting_notice(&crate::ops::meetings::print::NoticePage {
            community: &community.name,
            detail: &d,
            today: &local(by.now).date().to_string(),
        });
    drop(conn);
    drop(store);
    let cp = crate::ops::anchor::checkpoint::checkpoint_for_print(ctx, by, m.community_id).await?;
    let html = crate::ops::anchor::checkpoint::with_block(html, &cp);
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
