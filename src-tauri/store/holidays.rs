//! Holiday schedule files loaded after release (`holiday_schedules`, append-only). The newest
//! row of a year is in force; the years shipped with the app are not stored.

use super::StoreResult;
use sqlx::{Row, SqliteConnection};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolidayRow {
    pub id: i64,
    pub year: i32,
    pub content: String,
    pub sha256: String,
    pub title: String,
    pub loaded_at: String,
    pub loaded_by: String,
    pub replaces: Option<i64>,
}

/// The row in force for each year (the newest), by year.
pub async fn current(conn: &mut SqliteConnection) -> StoreResult<Vec<HolidayRow>> {
    let rows = sqlx::query(
        "SELECT id, year, content, sha256, title, loaded_at, loaded_by, replaces
         FROM holiday_schedules h
         WHERE id = (SELECT MAX(id) FROM holiday_schedules WHERE year = h.year)
         ORDER BY year",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(HolidayRow {
                id: r.try_get("id")?,
                year: r.try_get("year")?,
                content: r.try_get("content")?,
                sha256: r.try_get("sha256")?,
                title: r.try_get("title")?,
                loaded_at: r.try_get("loaded_at")?,
                loaded_by: r.try_get("loaded_by")?,
                replaces: r.try_get("replaces")?,
            })
        })
        .collect()
}

pub struct NewHoliday<'a> {
    pub year: i32,
    pub content: &'a str,
    pub sha256: &'a str,
    pub title: &'a str,
    pub loaded_at: &'a str,
    pub loaded_by: &'a str,
    pub replaces: Option<i64>,
}

pub async fn insert(conn: &mut SqliteConnection, h: NewHoliday<'_>) -> StoreResult<i64> {
    let id = sqlx::query(
        "INSERT INTO holiday_schedules (year, content, sha256, title, loaded_at, loaded_by, replaces)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(h.year)
    .bind(h.content)
    .bind(h.sha256)
    .bind(h.title)
    .bind(h.loaded_at)
    .bind(h.loaded_by)
    .bind(h.replaces)
    .execute(&mut *conn)
    .await?
    .last_insert_rowid();
    Ok(id)
}
