//! Matters (议题), their steps, attached files and three-party proposals as stored. Steps are
//! `domain::flow::Transition` JSON written by `ops`; the matter row caches the folded stage.

use super::StoreResult;
use super::typed::{At, key};
use crate::domain::flow::Stage;
use crate::domain::vote::MatterCategory;
use sqlx::{Row, SqliteConnection};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatterRow {
    pub id: i64,
    pub community_id: i64,
    pub title: String,
    pub description: String,
    pub category: MatterCategory,
    pub buildings: String,
    pub raised_by: String,
    pub raised_at: String,
    pub stage: Stage,
    pub due_date: Option<String>,
    pub urgent: bool,
    pub updated_at: String,
}

fn matter_row(r: &sqlx::sqlite::SqliteRow) -> StoreResult<MatterRow> {
    let id: i64 = r.try_get("id")?;
    let at = At::new("matters", id);
    Ok(MatterRow {
        id,
        community_id: r.try_get("community_id")?,
        title: r.try_get("title")?,
        description: r.try_get("description")?,
        category: at.parse("category", &r.try_get::<String, _>("category")?)?,
        buildings: r.try_get("buildings")?,
        raised_by: r.try_get("raised_by")?,
        raised_at: r.try_get("raised_at")?,
        stage: at.parse("stage", &r.try_get::<String, _>("stage")?)?,
        due_date: r.try_get("due_date")?,
        urgent: r.try_get::<i64, _>("urgent")? != 0,
        updated_at: r.try_get("updated_at")?,
    })
}

pub struct NewMatter<'a> {
    pub community_id: i64,
    pub title: &'a str,
    pub description: &'a str,
    pub category: MatterCategory,
    pub buildings: &'a str,
    pub raised_by: &'a str,
    pub raised_at: &'a str,
    pub stage: Stage,
}

pub async fn insert(conn: &mut SqliteConnection, m: NewMatter<'_>) -> StoreResult<i64> {
    Ok(sqlx::query(
        "INSERT INTO matters (community_id, title, description, category, buildings, raised_by, raised_at, stage, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(m.community_id)
    .bind(m.title)
    .bind(m.description)
    .bind(key(m.category))
    .bind(m.buildings)
    .bind(m.raised_by)
    .bind(m.raised_at)
    .bind(key(m.stage))
    .bind(m.raised_at)
    .execute(conn)
    .await?
    .last_insert_rowid())
}

pub async fn get(conn: &mut SqliteConnection, id: i64) -> StoreResult<Option<MatterRow>> {
    let row = sqlx::query("SELECT * FROM matters WHERE id = ?")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(matter_row).transpose()
}

pub async fn list(conn: &mut SqliteConnection, community_id: i64) -> StoreResult<Vec<MatterRow>> {
    let rows = sqlx::query("SELECT * FROM matters WHERE community_id = ? ORDER BY id DESC")
        .bind(community_id)
        .fetch_all(conn)
        .await?;
    rows.iter().map(matter_row).collect()
}

/// Refreshes the cached fold after a step.
pub async fn set_fold(
    conn: &mut SqliteConnection,
    id: i64,
    stage: Stage,
    due_date: Option<&str>,
    urgent: bool,
    at: &str,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE matters SET stage = ?, due_date = ?, urgent = MAX(urgent, ?), updated_at = ? WHERE id = ?",
    )
    .bind(key(stage))
    .bind(due_date)
    .bind(i64::from(urgent))
    .bind(at)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepRow {
    pub id: i64,
    pub transition: String,
    pub actor: String,
    pub refs: String,
    pub at: String,
}

pub async fn insert_step(
    conn: &mut SqliteConnection,
    matter_id: i64,
    transition: &str,
    actor: &str,
    refs: &str,
    at: &str,
) -> StoreResult<i64> {
    Ok(sqlx::query(
        "INSERT INTO matter_steps (matter_id, transition, actor, refs, at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(matter_id)
    .bind(transition)
    .bind(actor)
    .bind(refs)
    .bind(at)
    .execute(conn)
    .await?
    .last_insert_rowid())
}

pub async fn steps(conn: &mut SqliteConnection, matter_id: i64) -> StoreResult<Vec<StepRow>> {
    let rows = sqlx::query(
        "SELECT id, transition, actor, refs, at FROM matter_steps WHERE matter_id = ? ORDER BY id",
    )
    .bind(matter_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(StepRow {
                id: r.try_get("id")?,
                transition: r.try_get("transition")?,
                actor: r.try_get("actor")?,
                refs: r.try_get("refs")?,
                at: r.try_get("at")?,
            })
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRow {
    pub id: i64,
    pub name: String,
    pub sha256: String,
    pub size: i64,
    pub added_at: String,
    pub added_by: String,
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_file(
    conn: &mut SqliteConnection,
    matter_id: i64,
    name: &str,
    sha256: &str,
    content: &[u8],
    at: &str,
    by: &str,
) -> StoreResult<i64> {
    Ok(sqlx::query(
        "INSERT INTO matter_files (matter_id, name, sha256, size, content, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(matter_id)
    .bind(name)
    .bind(sha256)
    .bind(content.len() as i64)
    .bind(content)
    .bind(at)
    .bind(by)
    .execute(conn)
    .await?
    .last_insert_rowid())
}

pub async fn files(conn: &mut SqliteConnection, matter_id: i64) -> StoreResult<Vec<FileRow>> {
    let rows = sqlx::query(
        "SELECT id, name, sha256, size, added_at, added_by FROM matter_files WHERE matter_id = ? ORDER BY id",
    )
    .bind(matter_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(FileRow {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                sha256: r.try_get("sha256")?,
                size: r.try_get("size")?,
                added_at: r.try_get("added_at")?,
                added_by: r.try_get("added_by")?,
            })
        })
        .collect()
}

/// A file's bytes, with its matter.
pub async fn file_content(
    conn: &mut SqliteConnection,
    file_id: i64,
) -> StoreResult<Option<(i64, String, Vec<u8>)>> {
    let row = sqlx::query("SELECT matter_id, name, content FROM matter_files WHERE id = ?")
        .bind(file_id)
        .fetch_optional(conn)
        .await?;
    row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
        .transpose()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalRow {
    pub id: i64,
    pub matter_id: i64,
    pub text: String,
    pub text_hash: String,
    pub created_at: String,
    pub created_by: String,
}

pub async fn insert_proposal(
    conn: &mut SqliteConnection,
    matter_id: i64,
    text: &str,
    text_hash: &str,
    at: &str,
    by: &str,
) -> StoreResult<i64> {
    Ok(sqlx::query(
        "INSERT INTO proposals (matter_id, text, text_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(matter_id)
    .bind(text)
    .bind(text_hash)
    .bind(at)
    .bind(by)
    .execute(conn)
    .await?
    .last_insert_rowid())
}

/// The newest proposal text of a matter.
pub async fn proposal(
    conn: &mut SqliteConnection,
    matter_id: i64,
) -> StoreResult<Option<ProposalRow>> {
    let row = sqlx::query("SELECT * FROM proposals WHERE matter_id = ? ORDER BY id DESC LIMIT 1")
        .bind(matter_id)
        .fetch_optional(conn)
        .await?;
    row.map(|r| {
        Ok(ProposalRow {
            id: r.try_get("id")?,
            matter_id: r.try_get("matter_id")?,
            text: r.try_get("text")?,
            text_hash: r.try_get("text_hash")?,
            created_at: r.try_get("created_at")?,
            created_by: r.try_get("created_by")?,
        })
    })
    .transpose()
}
