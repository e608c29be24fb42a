//! Upgrades that keep every record. Before `Store::open` runs a migration on a database that
//! already has a schema, it copies the database into the backups folder beside it, checks the
//! copy (opened read-only: the same migrations, the same number of events, the same head, an
//! unbroken hash chain) and only then migrates; the copy is reported (`UpgradeBackup`), logged,
//! and recorded by a `store.upgraded` event once the migration is done. A database that holds a
//! migration this version does not know (a newer release wrote it) is refused before anything
//! touches it: not migrated, not backed up, not even its file mode changed.

use super::{StoreError, StoreResult, backup, events};
use crate::crypto::chain::{GENESIS, event_hash};
use chrono::{DateTime, Utc};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};
use std::path::{Path, PathBuf};

/// The verified copy made before a migration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpgradeBackup {
    /// Where the copy is (in the backups folder beside the database).
    pub path: PathBuf,
    /// The newest migration the database had.
    pub from_migration: i64,
    /// The newest migration after the upgrade.
    pub to_migration: i64,
    /// The copy's events and the hash of its last one (those of the database before migrating).
    pub events: i64,
    pub head_hash: String,
}

/// What opening a file will do to its schema.
#[derive(Debug)]
pub(super) enum Plan {
    /// No file, an empty one, or one without migrations yet: migrated from nothing, no copy.
    New,
    /// Every migration of this version is applied.
    UpToDate,
    /// Migrations to run on a database that has a schema: copy first.
    Upgrade { applied: Vec<i64> },
}

/// The backups folder of the database at `db` (the app's and the CLI's `backups/` beside it).
pub fn backup_dir_for(db: &Path) -> PathBuf {
    db.parent()
        .map(|d| d.join("backups"))
        .unwrap_or_else(|| PathBuf::from("backups"))
}

/// Reads the file's applied migrations without changing it. A migration this version does not
/// know refuses the file (`StoreError::NewerSchema`).
pub(super) async fn plan(path: &Path) -> StoreResult<Plan> {
    if std::fs::metadata(path).map(|m| m.len()).unwrap_or(0) == 0 {
        return Ok(Plan::New);
    }
    // Read-only, as it stands with its -wal (the same way `open_existing_live` reads).
    let opts = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(false);
    let mut conn = match SqliteConnection::connect_with(&opts.clone().read_only(true)).await {
        Ok(c) => c,
        // A -wal without its -shm cannot be read read-only: read it as the open below will.
        Err(_) => SqliteConnection::connect_with(&opts).await?,
    };
    let applied = applied_migrations(&mut conn).await;
    conn.close().await?;
    let Some(applied) = applied? else {
        return Ok(Plan::New);
    };
    let known: Vec<i64> = backup::MIGRATOR.iter().map(|m| m.version).collect();
    if let Some(&unknown) = applied.iter().find(|v| !known.contains(v)) {
        return Err(StoreError::NewerSchema {
            migration: unknown,
            newest_known: known.iter().copied().max().unwrap_or(0),
        });
    }
    if applied.is_empty() {
        return Ok(Plan::New);
    }
    if known.iter().all(|v| applied.contains(v)) {
        return Ok(Plan::UpToDate);
    }
    Ok(Plan::Upgrade { applied })
}

/// The versions in `_sqlx_migrations`, or `None` when the file has no such table.
async fn applied_migrations(conn: &mut SqliteConnection) -> StoreResult<Option<Vec<i64>>> {
    let has: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
    )
    .fetch_one(&mut *conn)
    .await?;
    if has == 0 {
        return Ok(None);
    }
    Ok(Some(
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&mut *conn)
            .await?,
    ))
}

/// Copies the database (through `pool`, before any migration) into its backups folder as
/// `before-upgrade-<time>-m<from>.db`, then checks the copy. A copy that does not check out is
/// removed and the open fails (`StoreError::UpgradeBackup`): nothing is migrated.
pub(super) async fn backup_before(
    pool: &sqlx::SqlitePool,
    db: &Path,
    applied: &[i64],
    now: DateTime<Utc>,
) -> StoreResult<UpgradeBackup> {
    let from_migration = applied.iter().copied().max().unwrap_or(0);
    let to_migration = backup::MIGRATOR
        .iter()
        .map(|m| m.version)
        .max()
        .unwrap_or(0);
    let live = live_events(pool).await?;
    let dir = backup_dir_for(db);
    let mut path = dir.join(format!(
        "before-upgrade-{}-m{from_migration}.db",
        now.format("%Y%m%d-%H%M%S-%3f")
    ));
    let mut n = 1;
    while path.exists() {
        n += 1;
        path = dir.join(format!(
            "before-upgrade-{}-m{from_migration}-{n}.db",
            now.format("%Y%m%d-%H%M%S-%3f")
        ));
    }
    backup::vacuum_into(pool, &path).await?;
    match verify_copy(&path, applied, &live).await {
        Ok(()) => Ok(UpgradeBackup {
            path,
            from_migration,
            to_migration,
            events: live.0,
            head_hash: live.1,
        }),
        Err(detail) => {
            let _ = std::fs::remove_file(&path);
            Err(StoreError::UpgradeBackup(detail))
        }
    }
}

/// The live database's event count and head (0 and GENESIS when it has no event table yet).
async fn live_events(pool: &sqlx::SqlitePool) -> StoreResult<(i64, String)> {
    let mut conn = pool.acquire().await?;
    let has: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'events'",
    )
    .fetch_one(&mut *conn)
    .await?;
    if has == 0 {
        return Ok((0, GENESIS.to_string()));
    }
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM events")
        .fetch_one(&mut *conn)
        .await?;
    let (_, head) = events::head(&mut conn).await?;
    Ok((count, head))
}

/// The copy, opened read-only and immutable: its migrations are `applied`, it holds `live`'s
/// events with the same head, and every event's hash and link recompute (the chain part of
/// `yishi audit verify`, which works on any schema). `Err` says what differs.
async fn verify_copy(path: &Path, applied: &[i64], live: &(i64, String)) -> Result<(), String> {
    let copy = super::Store::open_existing_read_only(path)
        .await
        .map_err(|e| format!("the copy does not open: {e}"))?;
    let checked = async {
        let mut conn = copy.reader().acquire().await?;
        let found = applied_migrations(&mut conn).await?.unwrap_or_default();
        if found != applied {
            return Ok(Some(format!(
                "the copy holds migrations {found:?}, the database {applied:?}"
            )));
        }
        drop(conn);
        if live.0 == 0 {
            return Ok(None);
        }
        let rows = events::all(copy.reader()).await?;
        let mut prev = GENESIS.to_string();
        for (i, row) in rows.iter().enumerate() {
            if row.seq != i as i64 + 1
                || row.prev_hash != prev
                || event_hash(&row.fields()) != row.hash
            {
                return Ok(Some(format!(
                    "event #{} of the copy does not verify (the record chain is broken)",
                    row.seq
                )));
            }
            prev = row.hash.clone();
        }
        if rows.len() as i64 != live.0 || prev != live.1 {
            return Ok(Some(format!(
                "the copy has {} events ending in {}, the database {} ending in {}",
                rows.len(),
                prev,
                live.0,
                live.1
            )));
        }
        StoreResult::Ok(None)
    }
    .await;
    copy.close().await;
    match checked {
        Ok(None) => Ok(()),
        Ok(Some(detail)) => Err(detail),
        Err(e) => Err(format!("the copy cannot be read: {e}")),
    }
}

/// Records the upgrade in the log (after the migration, so under the new schema).
pub(super) async fn record(store: &super::Store, b: &UpgradeBackup) -> StoreResult<()> {
    let mut tx = store.begin().await?;
    events::append(
        &mut tx,
        events::NewEvent {
            at: Utc::now(),
            actor: "yishi",
            community_id: None,
            kind: "store.upgraded",
            payload: serde_json::json!({
                "from_migration": b.from_migration,
                "to_migration": b.to_migration,
                "backup_file": b.path.file_name().map(|f| f.to_string_lossy().to_string()),
                "backup_events": b.events,
                "backup_head": b.head_hash,
            }),
        },
    )
    .await?;
    tx.commit().await
}

/// Refuses a database, already open read-only, that a newer release migrated
/// (`StoreError::NewerSchema`): what `yishi audit verify` checks before reading it by this
/// version's rules. Reads only.
pub(crate) async fn refuse_newer(store: &super::Store) -> StoreResult<()> {
    let mut conn = store.reader().acquire().await?;
    let Some(applied) = applied_migrations(&mut conn).await? else {
        return Ok(());
    };
    let known: Vec<i64> = backup::MIGRATOR.iter().map(|m| m.version).collect();
    if let Some(&unknown) = applied.iter().find(|v| !known.contains(v)) {
        return Err(StoreError::NewerSchema {
            migration: unknown,
            newest_known: known.iter().copied().max().unwrap_or(0),
        });
    }
    Ok(())
}
