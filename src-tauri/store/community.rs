//! Communities and their buildings.

use super::StoreResult;
use crate::domain::roll::RollSettings;
use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::{Row, SqliteConnection, SqlitePool};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommunityRow {
    pub id: i64,
    pub name: String,
    pub address: String,
    pub settings: RollSettings,
}

fn to_row(r: &sqlx::sqlite::SqliteRow) -> StoreResult<CommunityRow> {
    Ok(CommunityRow {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        address: r.try_get("address")?,
        settings: RollSettings {
            parking_counts: r.try_get::<i64, _>("parking_counts")? == 1,
        },
    })
}

pub async fn list(pool: &SqlitePool) -> StoreResult<Vec<CommunityRow>> {
    let rows = sqlx::query("SELECT id, name, address, parking_counts FROM communities ORDER BY id")
        .fetch_all(pool)
        .await?;
    rows.iter().map(to_row).collect()
}

pub async fn get(conn: &mut SqliteConnection, id: i64) -> StoreResult<Option<CommunityRow>> {
    let row = sqlx::query("SELECT id, name, address, parking_counts FROM communities WHERE id = ?")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(to_row).transpose()
}

pub async fn find_by_name(
    conn: &mut SqliteConnection,
    name: &str,
) -> StoreResult<Option<CommunityRow>> {
    let row =
        sqlx::query("SELECT id, name, address, parking_counts FROM communities WHERE name = ?")
            .bind(name)
            .fetch_optional(conn)
            .await?;
    row.as_ref().map(to_row).transpose()
}

pub struct NewCommunity<'a> {
    pub name: &'a str,
    pub address: &'a str,
    pub settings: RollSettings,
    pub at: DateTime<Utc>,
}

pub async fn insert(conn: &mut SqliteConnection, c: NewCommunity<'_>) -> StoreResult<i64> {
    let id = sqlx::query(
        "INSERT INTO communities (name, address, parking_counts, created_at) VALUES (?, ?, ?, ?)",
    )
    .bind(c.name)
    .bind(c.address)
    .bind(i64::from(c.settings.parking_counts))
    .bind(c.at.to_rfc3339_opts(SecondsFormat::Millis, true))
    .execute(conn)
    .await?
    .last_insert_rowid();
    Ok(id)
}

pub async fn set_settings(
    conn: &mut SqliteConnection,
    id: i64,
    settings: RollSettings,
) -> StoreResult<()> {
    sqlx::query("UPDATE communities SET parking_counts = ? WHERE id = ?")
        .bind(i64::from(settings.parking_counts))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Building names of a community, in a natural order ("2栋" before "10栋").
pub async fn buildings(
    conn: &mut SqliteConnection,
    community_id: i64,
) -> StoreResult<Vec<(i64, String)>> {
    let rows = sqlx::query("SELECT id, name FROM buildings WHERE community_id = ?")
        .bind(community_id)
        .fetch_all(conn)
        .await?;
    let mut out: Vec<(i64, String)> = rows
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
        .collect::<StoreResult<_>>()?;
    out.sort_by(|a, b| natural_cmp(&a.1, &b.1));
    Ok(out)
}

/// Adds the buildings that do not exist yet; returns the names actually added.
pub async fn add_buildings(
    conn: &mut SqliteConnection,
    community_id: i64,
    names: &[String],
) -> StoreResult<Vec<String>> {
    let mut added = Vec::new();
    for name in names {
        let done =
            sqlx::query("INSERT OR IGNORE INTO buildings (community_id, name) VALUES (?, ?)")
                .bind(community_id)
                .bind(name)
                .execute(&mut *conn)
                .await?;
        if done.rows_affected() == 1 {
            added.push(name.clone());
        }
    }
    Ok(added)
}

/// Orders "2栋" before "10栋" and "B1-002" after "B1-001": digit runs compare as numbers.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    fn chunks(s: &str) -> Vec<(bool, String)> {
        let mut out: Vec<(bool, String)> = Vec::new();
        for c in s.chars() {
            let digit = c.is_ascii_digit();
            match out.last_mut() {
                Some((d, text)) if *d == digit => text.push(c),
                _ => out.push((digit, c.to_string())),
            }
        }
        out
    }
    let (ca, cb) = (chunks(a), chunks(b));
    for (x, y) in ca.iter().zip(cb.iter()) {
        let ord = match (x.0, y.0) {
            (true, true) => {
                let (xt, yt) = (x.1.trim_start_matches('0'), y.1.trim_start_matches('0'));
                xt.len().cmp(&yt.len()).then_with(|| xt.cmp(yt))
            }
            _ => x.1.cmp(&y.1),
        };
        if ord != std::cmp::Ordering::Equal {
            return ord;
        }
    }
    ca.len().cmp(&cb.len()).then_with(|| a.cmp(b))
}
