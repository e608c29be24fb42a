//! A meeting's holiday calendar: every year present, plus each missing year for which a host
//! signed a reason to go on (`yishi/calendar-override/v1`), counted as weekends only for this
//! meeting. Meetings ask the calendar feature for the schedules; the calendar never asks meetings.

use crate::crypto::canonical::sha256_hex;
use crate::domain::calendar::HolidayCalendar;
use crate::ops::OpResult;
use crate::ops::calendar::CalendarOverrideView;
use sqlx::SqliteConnection;

/// Where a meeting's statements for `year` are filed: `calendar-override:<meeting>:<year>:<reason>`.
pub(crate) fn override_subject(meeting_id: i64, year: i32, reason: &str) -> String {
    format!(
        "calendar-override:{meeting_id}:{year}:{}",
        &sha256_hex(reason.trim().as_bytes())[..16]
    )
}

/// The calendar for one meeting's dates: every year present, plus each missing year a host has
/// signed a valid statement for (counted as weekends only), and those statements.
pub(crate) async fn meeting_calendar(
    conn: &mut SqliteConnection,
    community_id: i64,
    meeting_id: i64,
) -> OpResult<(HolidayCalendar, Vec<CalendarOverrideView>)> {
    let mut cal = crate::ops::calendar::calendar_in(conn).await?;
    let prefix = format!("calendar-override:{meeting_id}:");
    let mut overrides = Vec::new();
    for s in crate::store::keys::prefixed_signatures(conn, community_id, &prefix).await? {
        let r = super::docs::signature_ref(&s);
        let doc: Option<crate::crypto::signing::Document> = serde_json::from_str(&s.document).ok();
        let (Some(doc), true) = (doc, r.valid) else {
            continue;
        };
        let (Some(year), Some(reason)) = (
            doc.get_int("year").and_then(|y| i32::try_from(y).ok()),
            doc.get_text("reason"),
        ) else {
            continue;
        };
        if doc.context != "yishi/calendar-override/v1"
            || doc.get_int("meeting_id") != Some(meeting_id)
        {
            continue;
        }
        let in_use = !cal.has_schedule(year);
        cal.assume_weekends_only(year);
        overrides.push(CalendarOverrideView {
            year,
            reason: reason.to_string(),
            signature_id: r.signature_id,
            signer: r.signer,
            fingerprint: r.fingerprint,
            signed_at: r.signed_at,
            in_use,
        });
    }
    Ok((cal, overrides))
}
