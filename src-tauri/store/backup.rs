//! Consistent copies of the live database, and putting one back.
//!
//! A backup is made with `VACUUM INTO`, which SQLite runs as one read transaction: the copy is a
//! consistent snapshot even while the app keeps writing, and it is a compact, self-contained
//! file (no -wal beside it). Restoring swaps files only after the caller has verified the copy.

use super::{Store, StoreResult};
use std::path::Path;

/// Writes a consistent copy of the live database to `target` (which must not exist), readable
/// by the user only (`VACUUM INTO` fills the empty user-only file made here).
pub async fn backup_into(store: &Store, target: &Path) -> StoreResult<u64> {
    vacuum_into(store.reader(), target).await
}

/// `VACUUM INTO` through `pool` into `target`, a new (or empty) file made user-only first.
pub(super) async fn vacuum_into(pool: &sqlx::SqlitePool, target: &Path) -> StoreResult<u64> {
    if let Some(dir) = target.parent() {
        super::private::create_dir(dir)?;
    }
    if target.exists() {
        // SQLite refuses a file that is not empty; an empty one is filled, made user-only.
        super::private::restrict(target)?;
    } else {
        drop(super::private::create(target)?);
    }
    sqlx::query("VACUUM INTO ?")
        .bind(target.to_string_lossy().to_string())
        .execute(pool)
        .await?;
    Ok(std::fs::metadata(target)?.len())
}

/// Replaces the database file at `live` with `source`: copied beside it first, flushed, then
/// renamed over it, so a crash leaves either the old or the new file, never half of one.
/// The store on `live` must be closed.
pub fn replace_file(source: &Path, live: &Path) -> StoreResult<()> {
    let staging = live.with_extension("restore-tmp");
    std::fs::copy(source, &staging)?;
    // `copy` carries the source's mode over; the live database is the user's only.
    super::private::restrict(&staging)?;
    std::fs::File::open(&staging)?.sync_all()?;
    for suffix in ["-wal", "-shm"] {
        let side = Path::new(&format!("{}{suffix}", live.display())).to_path_buf();
        if side.exists() {
            std::fs::remove_file(side)?;
        }
    }
    std::fs::rename(&staging, live)?;
    Ok(())
}

/// Copies `source` beside the live database under a fresh name and flushes it: the copy is what
/// gets verified and then renamed over the live file, so the file checked is the file restored
/// (a backup changed on disk after its check cannot slip in).
pub fn stage_beside(source: &Path, live: &Path, tag: &str) -> StoreResult<std::path::PathBuf> {
    let staging = live.with_extension(format!("restore-{tag}.tmp"));
    let mut from = std::fs::File::open(source)?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    // It becomes the live database: readable by the user only.
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut to = options.open(&staging)?;
    std::io::copy(&mut from, &mut to)?;
    to.sync_all()?;
    Ok(staging)
}

/// Renames a staged copy (`stage_beside`) over the live database; the store on `live` must be
/// closed. A crash leaves either the old or the new file, never half of one.
pub fn swap_in(staged: &Path, live: &Path) -> StoreResult<()> {
    for suffix in ["-wal", "-shm"] {
        let side = Path::new(&format!("{}{suffix}", live.display())).to_path_buf();
        if side.exists() {
            std::fs::remove_file(side)?;
        }
    }
    std::fs::rename(staged, live)?;
    Ok(())
}

/// What makes a file not a database of this app, as the schema check finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaProblem {
    /// No migration table or no event log: another program's SQLite file.
    NotYishi,
    /// A migration this version does not have (a newer Yishi wrote the file).
    UnknownMigration(i64),
    /// A migration whose recorded checksum differs from this version's, or that did not finish.
    ChangedMigration(i64),
    /// A table, index, trigger or view that the file's migrations do not create, or create
    /// differently (extra tables are tolerated; extra triggers and views are not: they would run
    /// inside the app once restored).
    Object {
        kind: String,
        name: String,
        how: &'static str,
    },
}

pub(crate) static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

type SchemaRow = (String, String, Option<String>);

/// Every object but SQLite's own (whose names SQLite reserves: `sqlite_` exactly, in any case;
/// not a LIKE pattern, where `_` would match any character and hide `sqliteX_…`).
async fn schema_of(conn: &mut sqlx::SqliteConnection) -> StoreResult<Vec<SchemaRow>> {
    Ok(sqlx::query_as::<_, SchemaRow>(
        "SELECT type, name, sql FROM sqlite_master
         WHERE lower(substr(name, 1, 7)) != 'sqlite_' AND name != '_sqlx_migrations'
         ORDER BY type, name",
    )
    .fetch_all(conn)
    .await?)
}

async fn table_exists(conn: &mut sqlx::SqliteConnection, name: &str) -> StoreResult<bool> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?")
            .bind(name)
            .fetch_one(conn)
            .await?;
    Ok(n > 0)
}

/// Checks that `candidate` is a database of this app: its migrations are all known to this
/// version with unchanged checksums, and its schema is exactly what those migrations create
/// (rebuilt in memory to compare). Empty when it is.
pub async fn schema_problems(candidate: &Store) -> StoreResult<Vec<SchemaProblem>> {
    let mut conn = candidate.reader().acquire().await?;
    if !table_exists(&mut conn, "_sqlx_migrations").await?
        || !table_exists(&mut conn, "events").await?
    {
        return Ok(vec![SchemaProblem::NotYishi]);
    }
    let applied: Vec<(i64, Vec<u8>, bool)> =
        sqlx::query_as("SELECT version, checksum, success FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&mut *conn)
            .await?;
    let mut problems = Vec::new();
    for (version, checksum, success) in &applied {
        match MIGRATOR.iter().find(|m| m.version == *version) {
            None => problems.push(SchemaProblem::UnknownMigration(*version)),
            Some(m) if !success || m.checksum.as_ref() != checksum.as_slice() => {
                problems.push(SchemaProblem::ChangedMigration(*version))
            }
            Some(_) => {}
        }
    }
    if !problems.is_empty() {
        return Ok(problems);
    }
    // The schema those migrations make, built in a private in-memory database.
    use sqlx::Connection;
    let mut fresh = sqlx::SqliteConnection::connect("sqlite::memory:").await?;
    let versions: Vec<i64> = applied.iter().map(|(v, _, _)| *v).collect();
    for m in MIGRATOR.iter() {
        if versions.contains(&m.version) {
            // As sqlx runs a migration: the whole file as one multi-statement execute.
            sqlx::Executor::execute(&mut fresh, &*m.sql).await?;
        }
    }
    let expected = schema_of(&mut fresh).await?;
    fresh.close().await?;
    let found = schema_of(&mut conn).await?;
    for (kind, name, sql) in &expected {
        match found.iter().find(|(k, n, _)| k == kind && n == name) {
            None => problems.push(SchemaProblem::Object {
                kind: kind.clone(),
                name: name.clone(),
                how: "missing",
            }),
            Some((_, _, s)) if s != sql => problems.push(SchemaProblem::Object {
                kind: kind.clone(),
                name: name.clone(),
                how: "changed",
            }),
            Some(_) => {}
        }
    }
    for (kind, name, _) in &found {
        let known = expected.iter().any(|(k, n, _)| k == kind && n == name);
        if !known && (kind == "trigger" || kind == "view") {
            problems.push(SchemaProblem::Object {
                kind: kind.clone(),
                name: name.clone(),
                how: "extra",
            });
        }
    }
    Ok(problems)
}

/// Every stored signature value (to tell which signatures a restore would drop).
pub async fn signature_values(store: &Store) -> StoreResult<std::collections::HashSet<String>> {
    let mut conn = store.reader().acquire().await?;
    if !table_exists(&mut conn, "signatures").await? {
        return Ok(Default::default());
    }
    Ok(
        sqlx::query_scalar::<_, String>("SELECT signature FROM signatures")
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .collect(),
    )
}
