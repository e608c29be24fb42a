//! Meetings, agenda items, attendance, speeches, warnings, minutes and addenda as stored.

use super::StoreResult;
pub use super::minutes::*;
use super::typed::{At, key};
use crate::domain::flow::Stage;
use crate::domain::meeting::MeetingKind;
use crate::domain::states::{
    AttendHow, MeetingMode, MeetingStatus, SpeechKind, SpeechStatus, VoteStatus,
};
use sqlx::{Row, SqliteConnection};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingRow {
    pub id: i64,
    pub community_id: i64,
    pub kind: MeetingKind,
    pub mode: MeetingMode,
    pub title: String,
    pub place: String,
    pub starts_at: String,
    pub host_id: Option<i64>,
    pub secretary_id: Option<i64>,
    pub entitled: i64,
    /// A residents' meeting's composition (JSON of `ResidentsMode`); `None` before it existed.
    pub residents_mode: Option<String>,
    pub status: MeetingStatus,
    pub notice_given_on: Option<String>,
    pub notice_check: Option<String>,
    pub started_at: Option<String>,
    pub ended_at: Option<String>,
    pub current_item_id: Option<i64>,
    pub created_at: String,
    pub created_by: String,
}

fn meeting_row(r: &sqlx::sqlite::SqliteRow) -> StoreResult<MeetingRow> {
    let id: i64 = r.try_get("id")?;
    let at = At::new("meetings", id);
    let text = |c: &str| r.try_get::<String, _>(c);
    Ok(MeetingRow {
        id,
        community_id: r.try_get("community_id")?,
        kind: at.parse("kind", &text("kind")?)?,
        mode: at.parse("mode", &text("mode")?)?,
        title: r.try_get("title")?,
        place: r.try_get("place")?,
        starts_at: r.try_get("starts_at")?,
        host_id: r.try_get("host_id")?,
        secretary_id: r.try_get("secretary_id")?,
        entitled: r.try_get("entitled")?,
        residents_mode: r.try_get("residents_mode")?,
        status: at.parse("status", &text("status")?)?,
        notice_given_on: r.try_get("notice_given_on")?,
        notice_check: r.try_get("notice_check")?,
        started_at: r.try_get("started_at")?,
        ended_at: r.try_get("ended_at")?,
        current_item_id: r.try_get("current_item_id")?,
        created_at: r.try_get("created_at")?,
        created_by: r.try_get("created_by")?,
    })
}

pub struct NewMeeting<'a> {
    pub community_id: i64,
    pub kind: MeetingKind,
    pub mode: MeetingMode,
    pub title: &'a str,
    pub place: &'a str,
    pub starts_at: &'a str,
    pub host_id: Option<i64>,
    pub secretary_id: Option<i64>,
    pub entitled: i64,
    pub residents_mode: Option<&'a str>,
    pub created_at: &'a str,
    pub created_by: &'a str,
}

pub async fn insert(conn: &mut SqliteConnection, m: NewMeeting<'_>) -> StoreResult<i64> {
    Ok(sqlx::query(
        "INSERT INTO meetings (community_id, kind, mode, title, place, starts_at, host_id, secretary_id, entitled, residents_mode, status, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?)",
    )
    .bind(m.community_id)
    .bind(key(m.kind))
    .bind(key(m.mode))
    .bind(m.title)
    .bind(m.place)
    .bind(m.starts_at)
    .bind(m.host_id)
    .bind(m.secretary_id)
    .bind(m.entitled)
    .bind(m.residents_mode)
    .bind(m.created_at)
    .bind(m.created_by)
    .execute(conn)
    .await?
    .last_insert_rowid())
}

pub async fn get(conn: &mut SqliteConnection, id: i64) -> StoreResult<Option<MeetingRow>> {
    let row = sqlx::query("SELECT * FROM meetings WHERE id = ?")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(meeting_row).transpose()
}

pub async fn list(conn: &mut SqliteConnection, community_id: i64) -> StoreResult<Vec<MeetingRow>> {
    let rows = sqlx::query(
        "SELECT * FROM meetings WHERE community_id = ? ORDER BY starts_at DESC, id DESC",
    )
    .bind(community_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(meeting_row).collect()
}

pub async fn set_announced(
    conn: &mut SqliteConnection,
    id: i64,
    notice_given_on: &str,
    notice_check: &str,
) -> StoreResult<()> {
    sqlx::query("UPDATE meetings SET status = 'announced', notice_given_on = ?, notice_check = ? WHERE id = ?")
        .bind(notice_given_on)
        .bind(notice_check)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE agenda_items SET announced = 1 WHERE meeting_id = ? AND removed = 0")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_running(conn: &mut SqliteConnection, id: i64, at: &str) -> StoreResult<()> {
    sqlx::query("UPDATE meetings SET status = 'running', started_at = ? WHERE id = ?")
        .bind(at)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_ended(conn: &mut SqliteConnection, id: i64, at: &str) -> StoreResult<()> {
    sqlx::query(
        "UPDATE meetings SET status = 'ended', ended_at = ?, current_item_id = NULL WHERE id = ?",
    )
    .bind(at)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE agenda_items SET ended_at = ? WHERE meeting_id = ? AND started_at IS NOT NULL AND ended_at IS NULL")
        .bind(at)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Makes `item_id` the current item: the running one ends at `at`.
pub async fn set_current(
    conn: &mut SqliteConnection,
    meeting_id: i64,
    item_id: i64,
    at: &str,
) -> StoreResult<()> {
    sqlx::query("UPDATE agenda_items SET ended_at = ? WHERE meeting_id = ? AND started_at IS NOT NULL AND ended_at IS NULL AND id <> ?")
        .bind(at)
        .bind(meeting_id)
        .bind(item_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE agenda_items SET started_at = COALESCE(started_at, ?), ended_at = NULL WHERE id = ?")
        .bind(at)
        .bind(item_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE meetings SET current_item_id = ? WHERE id = ?")
        .bind(item_id)
        .bind(meeting_id)
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRow {
    pub id: i64,
    pub meeting_id: i64,
    pub position: i64,
    pub title: String,
    pub matter_id: Option<i64>,
    pub matter_stage: Option<Stage>,
    pub planned_minutes: i64,
    pub announced: bool,
    pub started_at: Option<String>,
    pub ended_at: Option<String>,
    pub notes: String,
    pub decision: String,
}

fn item_row(r: &sqlx::sqlite::SqliteRow) -> StoreResult<ItemRow> {
    let id: i64 = r.try_get("id")?;
    Ok(ItemRow {
        id,
        meeting_id: r.try_get("meeting_id")?,
        position: r.try_get("position")?,
        title: r.try_get("title")?,
        matter_id: r.try_get("matter_id")?,
        matter_stage: r
            .try_get::<Option<String>, _>("matter_stage")?
            .map(|s| At::new("agenda_items", id).parse("matter_stage", &s))
            .transpose()?,
        planned_minutes: r.try_get("planned_minutes")?,
        announced: r.try_get::<i64, _>("announced")? != 0,
        started_at: r.try_get("started_at")?,
        ended_at: r.try_get("ended_at")?,
        notes: r.try_get("notes")?,
        decision: r.try_get("decision")?,
    })
}

pub struct NewItem<'a> {
    pub meeting_id: i64,
    pub title: &'a str,
    pub matter_id: Option<i64>,
    pub matter_stage: Option<Stage>,
    pub planned_minutes: i64,
}

/// Appends an item at the end of the agenda.
pub async fn insert_item(conn: &mut SqliteConnection, i: NewItem<'_>) -> StoreResult<i64> {
    Ok(sqlx::query(
        "INSERT INTO agenda_items (meeting_id, position, title, matter_id, matter_stage, planned_minutes)
         VALUES (?1, (SELECT COALESCE(MAX(position), 0) + 1 FROM agenda_items WHERE meeting_id = ?1 AND removed = 0), ?2, ?3, ?4, ?5)",
    )
    .bind(i.meeting_id)
    .bind(i.title)
    .bind(i.matter_id)
    .bind(i.matter_stage.map(key))
    .bind(i.planned_minutes)
    .execute(conn)
    .await?
    .last_insert_rowid())
}

/// The agenda in order (removed items left out).
pub async fn items(conn: &mut SqliteConnection, meeting_id: i64) -> StoreResult<Vec<ItemRow>> {
    let rows = sqlx::query(
        "SELECT * FROM agenda_items WHERE meeting_id = ? AND removed = 0 ORDER BY position, id",
    )
    .bind(meeting_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(item_row).collect()
}

pub async fn item(conn: &mut SqliteConnection, item_id: i64) -> StoreResult<Option<ItemRow>> {
    let row = sqlx::query("SELECT * FROM agenda_items WHERE id = ? AND removed = 0")
        .bind(item_id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(item_row).transpose()
}

/// Agenda items (of any meeting) that take up a matter, oldest first.
pub async fn items_of_matter(
    conn: &mut SqliteConnection,
    matter_id: i64,
) -> StoreResult<Vec<ItemRow>> {
    let rows =
        sqlx::query("SELECT * FROM agenda_items WHERE matter_id = ? AND removed = 0 ORDER BY id")
            .bind(matter_id)
            .fetch_all(conn)
            .await?;
    rows.iter().map(item_row).collect()
}

pub async fn set_positions(conn: &mut SqliteConnection, order: &[i64]) -> StoreResult<()> {
    for (i, id) in order.iter().enumerate() {
        sqlx::query("UPDATE agenda_items SET position = ? WHERE id = ?")
            .bind(i as i64 + 1)
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub async fn remove_item(conn: &mut SqliteConnection, item_id: i64) -> StoreResult<()> {
    sqlx::query("UPDATE agenda_items SET removed = 1 WHERE id = ?")
        .bind(item_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_notes(
    conn: &mut SqliteConnection,
    item_id: i64,
    notes: &str,
    decision: &str,
) -> StoreResult<()> {
    sqlx::query("UPDATE agenda_items SET notes = ?, decision = ? WHERE id = ?")
        .bind(notes)
        .bind(decision)
        .bind(item_id)
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceRow {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    pub how: AttendHow,
    pub reason: String,
    pub proxy_for: Option<i64>,
    pub proxy_for_name: Option<String>,
    pub scan_sha256: Option<String>,
    pub at: String,
    pub by_actor: String,
}

pub struct NewAttendance<'a> {
    pub meeting_id: i64,
    pub person_id: i64,
    pub how: AttendHow,
    pub reason: &'a str,
    pub proxy_for: Option<i64>,
    pub scan_sha256: Option<&'a str>,
    pub at: &'a str,
    pub by_actor: &'a str,
}

pub async fn insert_attendance(
    conn: &mut SqliteConnection,
    a: NewAttendance<'_>,
) -> StoreResult<i64> {
    Ok(sqlx::query(
        "INSERT INTO attendance (meeting_id, person_id, how, reason, proxy_for, scan_sha256, at, by_actor)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(a.meeting_id)
    .bind(a.person_id)
    .bind(key(a.how))
    .bind(a.reason)
    .bind(a.proxy_for)
    .bind(a.scan_sha256)
    .bind(a.at)
    .bind(a.by_actor)
    .execute(conn)
    .await?
    .last_insert_rowid())
}

pub async fn attendance(
    conn: &mut SqliteConnection,
    meeting_id: i64,
) -> StoreResult<Vec<AttendanceRow>> {
    let rows = sqlx::query(
        "SELECT a.id, a.person_id, p.name, a.how, a.reason, a.proxy_for, q.name AS proxy_for_name, a.scan_sha256, a.at, a.by_actor
         FROM attendance a JOIN persons p ON p.id = a.person_id LEFT JOIN persons q ON q.id = a.proxy_for
         WHERE a.meeting_id = ? ORDER BY a.id",
    )
    .bind(meeting_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            Ok(AttendanceRow {
                id,
                person_id: r.try_get("person_id")?,
                name: r.try_get("name")?,
                how: At::new("attendance", id).parse("how", &r.try_get::<String, _>("how")?)?,
                reason: r.try_get("reason")?,
                proxy_for: r.try_get("proxy_for")?,
                proxy_for_name: r.try_get("proxy_for_name")?,
                scan_sha256: r.try_get("scan_sha256")?,
                at: r.try_get("at")?,
                by_actor: r.try_get("by_actor")?,
            })
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeechRow {
    pub id: i64,
    pub meeting_id: i64,
    pub item_id: i64,
    pub person_id: i64,
    pub name: String,
    pub kind: SpeechKind,
    pub status: SpeechStatus,
    pub limit_seconds: i64,
    pub queued_at: String,
    pub started_at: Option<String>,
    pub ended_at: Option<String>,
    pub seconds_used: Option<i64>,
}

pub async fn insert_speech(
    conn: &mut SqliteConnection,
    meeting_id: i64,
    item_id: i64,
    person_id: i64,
    kind: SpeechKind,
    limit_seconds: i64,
    at: &str,
) -> StoreResult<i64> {
    Ok(sqlx::query(
        "INSERT INTO speeches (meeting_id, item_id, person_id, kind, status, limit_seconds, queued_at)
         VALUES (?, ?, ?, ?, 'queued', ?, ?)",
    )
    .bind(meeting_id)
    .bind(item_id)
    .bind(person_id)
    .bind(key(kind))
    .bind(limit_seconds)
    .bind(at)
    .execute(conn)
    .await?
    .last_insert_rowid())
}

const SPEECH_SELECT: &str =
    "SELECT s.id, s.meeting_id, s.item_id, s.person_id, p.name, s.kind, s.status, s.limit_seconds,
        s.queued_at, s.started_at, s.ended_at, s.seconds_used
    FROM speeches s JOIN persons p ON p.id = s.person_id";

fn speech_row(r: &sqlx::sqlite::SqliteRow) -> StoreResult<SpeechRow> {
    let id: i64 = r.try_get("id")?;
    let at = At::new("speeches", id);
    Ok(SpeechRow {
        id,
        meeting_id: r.try_get("meeting_id")?,
        item_id: r.try_get("item_id")?,
        person_id: r.try_get("person_id")?,
        name: r.try_get("name")?,
        kind: at.parse("kind", &r.try_get::<String, _>("kind")?)?,
        status: at.parse("status", &r.try_get::<String, _>("status")?)?,
        limit_seconds: r.try_get("limit_seconds")?,
        queued_at: r.try_get("queued_at")?,
        started_at: r.try_get("started_at")?,
        ended_at: r.try_get("ended_at")?,
        seconds_used: r.try_get("seconds_used")?,
    })
}

pub async fn speeches(conn: &mut SqliteConnection, meeting_id: i64) -> StoreResult<Vec<SpeechRow>> {
    let rows = sqlx::query(&format!(
        "{SPEECH_SELECT} WHERE s.meeting_id = ? ORDER BY s.id"
    ))
    .bind(meeting_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(speech_row).collect()
}

/// One speech by its id.
pub async fn speech(conn: &mut SqliteConnection, id: i64) -> StoreResult<Option<SpeechRow>> {
    let row = sqlx::query(&format!("{SPEECH_SELECT} WHERE s.id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(speech_row).transpose()
}

pub async fn start_speech(conn: &mut SqliteConnection, id: i64, at: &str) -> StoreResult<()> {
    sqlx::query("UPDATE speeches SET status = 'speaking', started_at = ? WHERE id = ?")
        .bind(at)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends a speech (`done` or `cut`) or takes a queued one off the list (`withdrawn`).
pub async fn end_speech(
    conn: &mut SqliteConnection,
    id: i64,
    status: SpeechStatus,
    at: &str,
    seconds_used: Option<i64>,
) -> StoreResult<()> {
    sqlx::query("UPDATE speeches SET status = ?, ended_at = ?, seconds_used = ? WHERE id = ?")
        .bind(key(status))
        .bind(at)
        .bind(seconds_used)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarningRow {
    pub id: i64,
    pub item_id: i64,
    pub person_id: i64,
    pub name: String,
    pub note: String,
    pub citation: String,
    pub floor_lost: bool,
    pub at: String,
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_warning(
    conn: &mut SqliteConnection,
    meeting_id: i64,
    item_id: i64,
    person_id: i64,
    note: &str,
    citation: &str,
    floor_lost: bool,
    at: &str,
    by: &str,
) -> StoreResult<i64> {
    Ok(sqlx::query(
        "INSERT INTO warnings (meeting_id, item_id, person_id, note, citation, floor_lost, at, by_actor)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(meeting_id)
    .bind(item_id)
    .bind(person_id)
    .bind(note)
    .bind(citation)
    .bind(i64::from(floor_lost))
    .bind(at)
    .bind(by)
    .execute(conn)
    .await?
    .last_insert_rowid())
}

pub async fn warnings(
    conn: &mut SqliteConnection,
    meeting_id: i64,
) -> StoreResult<Vec<WarningRow>> {
    let rows = sqlx::query(
        "SELECT w.id, w.item_id, w.person_id, p.name, w.note, w.citation, w.floor_lost, w.at
         FROM warnings w JOIN persons p ON p.id = w.person_id WHERE w.meeting_id = ? ORDER BY w.id",
    )
    .bind(meeting_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(WarningRow {
                id: r.try_get("id")?,
                item_id: r.try_get("item_id")?,
                person_id: r.try_get("person_id")?,
                name: r.try_get("name")?,
                note: r.try_get("note")?,
                citation: r.try_get("citation")?,
                floor_lost: r.try_get::<i64, _>("floor_lost")? != 0,
                at: r.try_get("at")?,
            })
        })
        .collect()
}

/// Links a vote to its meeting, agenda item and matter.
pub async fn link_vote(
    conn: &mut SqliteConnection,
    vote_id: i64,
    meeting_id: Option<i64>,
    item_id: Option<i64>,
    matter_id: Option<i64>,
) -> StoreResult<()> {
    sqlx::query("UPDATE votes SET meeting_id = ?, agenda_item_id = ?, matter_id = ? WHERE id = ?")
        .bind(meeting_id)
        .bind(item_id)
        .bind(matter_id)
        .bind(vote_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// (vote id, agenda item id, matter id, status, result JSON) of the votes linked to a meeting or
/// a matter.
pub async fn linked_votes(
    conn: &mut SqliteConnection,
    meeting_id: Option<i64>,
    matter_id: Option<i64>,
) -> StoreResult<Vec<(i64, Option<i64>, Option<i64>, VoteStatus, Option<String>)>> {
    let rows = sqlx::query(
        "SELECT id, agenda_item_id, matter_id, status, result FROM votes
         WHERE (?1 IS NOT NULL AND meeting_id = ?1) OR (?2 IS NOT NULL AND matter_id = ?2) ORDER BY id",
    )
    .bind(meeting_id)
    .bind(matter_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            let id: i64 = r.try_get(0)?;
            Ok((
                id,
                r.try_get(1)?,
                r.try_get(2)?,
                At::new("votes", id).parse("status", &r.try_get::<String, _>(3)?)?,
                r.try_get(4)?,
            ))
        })
        .collect()
}

/// Where an agenda item sits, as a vote taken on it needs to know: its meeting, community, and
/// whether it was on the announced agenda of a meeting past its draft.
#[derive(Debug, Clone)]
pub struct AgendaPlace {
    pub item_id: i64,
    pub meeting_id: i64,
    pub community_id: i64,
    /// The item was on the agenda when the meeting was announced.
    pub announced: bool,
    /// The meeting's status.
    pub meeting_status: MeetingStatus,
    pub matter_id: Option<i64>,
}

/// The place of a (not removed) agenda item, one query.
pub async fn agenda_place(
    conn: &mut SqliteConnection,
    item_id: i64,
) -> StoreResult<Option<AgendaPlace>> {
    let row = sqlx::query(
        "SELECT i.id, i.meeting_id, m.community_id, i.announced, m.status, i.matter_id
         FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id
         WHERE i.id = ? AND i.removed = 0",
    )
    .bind(item_id)
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        let meeting_id: i64 = r.try_get(1)?;
        let status: String = r.try_get(4)?;
        Ok(AgendaPlace {
            item_id: r.try_get(0)?,
            meeting_id,
            community_id: r.try_get(2)?,
            announced: r.try_get::<i64, _>(3)? != 0,
            meeting_status: crate::store::typed::At::new("meetings", meeting_id)
                .parse("status", &status)?,
            matter_id: r.try_get(5)?,
        })
    })
    .transpose()
}
