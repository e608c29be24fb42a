//! The shared context every feature acts in: the community an operation acts on, time stamps in
//! the store's form, community-local time, and the units a person signs for.
//!
//! Invariant: this module names no feature (`crate::ops::<feature>`); features borrow these
//! helpers from here instead of from each other, so no circle runs through them.

use crate::ops::{FlowProblem, Missing, OpError, OpResult, VoteProblem};
use crate::store::community::{self, CommunityRow};
use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, Utc};
use sqlx::SqliteConnection;

/// Loads a community or says it does not exist.
pub(crate) async fn require(conn: &mut SqliteConnection, id: i64) -> OpResult<CommunityRow> {
    community::get(conn, id)
        .await?
        .ok_or(OpError::NotFound(Missing::Community(id)))
}

/// A person's units as labels ("3栋 1201").
pub(crate) async fn unit_labels(
    conn: &mut SqliteConnection,
    person_id: i64,
) -> OpResult<Vec<String>> {
    Ok(crate::store::roll::units_of_person(conn, person_id).await?)
}

/// An instant as the store keeps it: RFC 3339, UTC, whole seconds.
pub(crate) fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// An RFC 3339 instant given by a user (a vote's window, a time of day), or an error naming it.
pub(crate) fn parse_time(text: &str) -> OpResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| OpError::Vote(VoteProblem::BadTime(text.to_string())))
}

/// A stored instant, if it is one.
pub(crate) fn parse_stamp(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Community time (China Standard Time, UTC+8, `domain::time`): meeting times and notice days
/// are local there, whatever zone the computer is set to.
pub(crate) fn local(now: DateTime<Utc>) -> NaiveDateTime {
    crate::domain::time::local_in(now, crate::domain::time::community_zone())
}

/// A calendar day ("2026-03-01") given by a user, or an error naming it.
pub(crate) fn parse_date(text: &str) -> OpResult<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| OpError::Flow(FlowProblem::BadDate(text.to_string())))
}
