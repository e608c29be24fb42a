//! The only place with SQL. Opens the SQLite file with the settings legal records need (WAL,
//! foreign keys, `synchronous=FULL`), runs migrations, and hands out transactions.
//!
//! Invariant: every state change goes through a `WriteTx`, and a `WriteTx` cannot commit without
//! having appended at least one event to the hash-chained log (`events::append`). All writes use
//! one connection and `BEGIN IMMEDIATE`, so the chain never forks, even with the CLI running
//! beside the app. `Store::batched` (group commit, `writer.rs`) lets concurrent work share one
//! such transaction, each piece in its own savepoint, answered only once the commit is durable.

pub mod access;
pub mod backup;
pub mod certs;
pub mod checkpoints;
pub mod community;
pub mod consents;
pub mod conventions;
pub mod countersign;
pub mod events;
pub mod holidays;
pub mod keys;
pub mod ledger;
pub mod manifests;
pub mod matters;
pub mod meetings;
pub mod minutes;
pub mod private;
pub mod roles;
pub mod roll;
pub mod settings;
pub mod typed;
pub mod upgrade;
pub mod votes;
mod writer;

pub use writer::TxFuture;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("migration error: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The database holds a migration this version does not know: a newer release wrote it.
    /// Refused before anything touched the file.
    #[error(
        "the database was made by a newer version (migration {migration}; this version knows up to {newest_known})"
    )]
    NewerSchema { migration: i64, newest_known: i64 },
    /// The copy made before an upgrade did not verify: nothing was migrated.
    #[error("the backup made before the upgrade does not verify: {0}")]
    UpgradeBackup(String),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
    #[error("a write transaction was committed without an event")]
    NoEvent,
    /// The shared transaction this work was part of did not commit (group commit).
    #[error("the write was not saved: {0}")]
    Round(String),
    /// A kind, stage, status or time this version does not know (written by a newer version, or
    /// edited by hand). Nothing is defaulted: the operation stops and names the row.
    #[error("{table} row {id} holds {column} = {value:?}, which this version does not know")]
    UnknownValue {
        table: &'static str,
        column: &'static str,
        id: i64,
        value: String,
    },
}

pub type StoreResult<T> = Result<T, StoreError>;

/// An open database.
#[derive(Clone, Debug)]
pub struct Store {
    path: PathBuf,
    write: SqlitePool,
    read: SqlitePool,
    batcher: Arc<writer::Batcher>,
    key_work: Arc<keys::KeyWork>,
    /// The verified copy made before this open migrated the database, if it did.
    upgrade: Option<upgrade::UpgradeBackup>,
}

/// A write transaction that must record what it changed in the event log before commit.
pub struct WriteTx {
    tx: Transaction<'static, Sqlite>,
    events_appended: u32,
    /// Whether commit requires an event: false only for [`Store::begin_pin_counter`].
    needs_event: bool,
    /// The ledger journal's newest row when the transaction began: rows above it are this
    /// transaction's changes (`ledger::settle`); rows at or below it were written outside the app.
    journal_floor: i64,
    /// The newest event appended here (when, who, which community): a trailing `ledger.changed`
    /// event for changes made after it says the same.
    last_event: Option<(chrono::DateTime<chrono::Utc>, String, Option<i64>)>,
}

impl WriteTx {
    pub fn conn(&mut self) -> &mut sqlx::SqliteConnection {
        &mut self.tx
    }

    pub async fn commit(mut self) -> StoreResult<()> {
        if self.needs_event && self.events_appended == 0 {
            return Err(StoreError::NoEvent);
        }
        self.log_trailing_changes().await?;
        self.tx.commit().await?;
        Ok(())
    }

    /// Changes made after the transaction's last event are logged by one more event
    /// (`ledger.changed`, same actor and time), so no change commits without its digest.
    async fn log_trailing_changes(&mut self) -> StoreResult<()> {
        if !ledger::pending(&mut self.tx, self.journal_floor).await? {
            return Ok(());
        }
        let (at, actor, community_id) = self
            .last_event
            .clone()
            .unwrap_or_else(|| (chrono::Utc::now(), "yishi".to_string(), None));
        events::append(
            self,
            events::NewEvent {
                at,
                actor: &actor,
                community_id,
                kind: "ledger.changed",
                payload: serde_json::json!({}),
            },
        )
        .await?;
        Ok(())
    }

    /// Commits only `ledger_versions` bookkeeping (`ledger::bring_up_to_date` found nothing to
    /// log); refused (`NoEvent`) if anything with legal meaning changed.
    pub(crate) async fn commit_ledger_versions(self) -> StoreResult<()> {
        let mut this = self;
        if ledger::pending(&mut this.tx, this.journal_floor).await? {
            return Err(StoreError::NoEvent);
        }
        this.tx.commit().await?;
        Ok(())
    }

    /// Commits settings made when a database is created, before it has any history (like its
    /// schema, they owe no event). Refused (`NoEvent`) once the log has an event.
    pub async fn commit_initial(mut self) -> StoreResult<()> {
        let events: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM events")
            .fetch_one(self.conn())
            .await?;
        if self.events_appended == 0 && events > 0 {
            return Err(StoreError::NoEvent);
        }
        self.log_trailing_changes().await?;
        self.tx.commit().await?;
        Ok(())
    }
}

/// The migrations a database has run (none for a new file).
async fn applied_migrations(pool: &SqlitePool) -> StoreResult<Vec<i64>> {
    let has: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
    )
    .fetch_one(pool)
    .await?;
    if has == 0 {
        return Ok(Vec::new());
    }
    Ok(
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = 1")
            .fetch_all(pool)
            .await?,
    )
}

fn options(path: &Path, create: bool) -> StoreResult<SqliteConnectOptions> {
    // The path as a file name, not inside a URL: a folder named with `?`, `#` or `%` stays itself.
    Ok(SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(create)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10)))
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    /// The file (and the -wal/-shm SQLite makes with its mode) is readable by the user only; a
    /// folder this creates is too (`private`).
    ///
    /// A database from a newer release (a migration this version does not know) is refused,
    /// untouched (`StoreError::NewerSchema`). Before migrating a database that has a schema, a
    /// verified copy goes into the backups folder beside it (`upgrade`; `Store::upgrade_backup`).
    pub async fn open(path: &Path) -> StoreResult<Store> {
        let plan = upgrade::plan(path).await?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            private::create_dir(dir)?;
        }
        if path.exists() {
            // A database made by an older version was world-readable: tighten it.
            private::restrict(path)?;
            for suffix in ["-wal", "-shm"] {
                private::restrict(Path::new(&format!("{}{suffix}", path.display())))?;
            }
        } else {
            // An empty file is an empty database to SQLite; made here, it is user-only.
            drop(private::create(path)?);
        }
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options(path, true)?)
            .await?;
        let before = applied_migrations(&write).await?;
        let upgraded = match &plan {
            upgrade::Plan::Upgrade { applied } => {
                match upgrade::backup_before(&write, path, applied, chrono::Utc::now()).await {
                    Ok(b) => Some(b),
                    Err(e) => {
                        write.close().await;
                        return Err(e);
                    }
                }
            }
            upgrade::Plan::New | upgrade::Plan::UpToDate => None,
        };
        if let Some(b) = &upgraded {
            tracing::info!(
                backup = %b.path.display(),
                from = b.from_migration,
                to = b.to_migration,
                events = b.events,
                "database upgrade: verified backup made before migrating"
            );
        }
        backup::MIGRATOR.run(&write).await?;
        let fresh: Vec<i64> = applied_migrations(&write)
            .await?
            .into_iter()
            .filter(|v| !before.contains(v))
            .collect();
        let read = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options(path, false)?.read_only(true))
            .await?;
        let mut store = Store {
            path: path.to_path_buf(),
            write,
            read,
            batcher: Arc::default(),
            key_work: Arc::default(),
            upgrade: None,
        };
        // Rows made before the ledger (or before a table's digest version) are logged once.
        ledger::bring_up_to_date(&store, &fresh).await?;
        if let Some(b) = upgraded {
            upgrade::record(&store, &b).await?;
            store.upgrade = Some(b);
        }
        Ok(store)
    }

    /// Opens an existing file without migrating or creating it (to inspect a backup).
    pub async fn open_existing_read_only(path: &Path) -> StoreResult<Store> {
        if !path.is_file() {
            return Err(StoreError::Io(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                path.display().to_string(),
            )));
        }
        let opts = SqliteConnectOptions::new()
            .filename(path)
            .read_only(true)
            .immutable(true);
        let read = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(opts)
            .await?;
        Ok(Store {
            path: path.to_path_buf(),
            write: read.clone(),
            read,
            batcher: Arc::default(),
            key_work: Arc::default(),
            upgrade: None,
        })
    }

    /// Key derivations' permits, queue and count, and the calibrated key cost (`keys::KeyWork`).
    pub fn key_work(&self) -> &keys::KeyWork {
        &self.key_work
    }

    /// Opens an existing database read-only, as it stands with its -wal (a live database that
    /// cannot be opened normally, e.g. to read its settings before its secrets are recovered).
    /// A file without a -wal beside it (a backup) is opened as `open_existing_read_only`.
    pub async fn open_existing_live(path: &Path) -> StoreResult<Store> {
        if !Path::new(&format!("{}-wal", path.display())).exists() {
            return Store::open_existing_read_only(path).await;
        }
        let read = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options(path, false)?.read_only(true))
            .await?;
        Ok(Store {
            path: path.to_path_buf(),
            write: read.clone(),
            read,
            batcher: Arc::default(),
            key_work: Arc::default(),
            upgrade: None,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The verified copy this open made before migrating (None when nothing was migrated).
    pub fn upgrade_backup(&self) -> Option<&upgrade::UpgradeBackup> {
        self.upgrade.as_ref()
    }

    pub fn reader(&self) -> &SqlitePool {
        &self.read
    }

    pub async fn begin(&self) -> StoreResult<WriteTx> {
        self.begin_tx(true).await
    }

    async fn begin_tx(&self, needs_event: bool) -> StoreResult<WriteTx> {
        let mut tx = self.write.begin_with("BEGIN IMMEDIATE").await?;
        let journal_floor = ledger::journal_top(&mut tx).await?;
        Ok(WriteTx {
            tx,
            events_appended: 0,
            needs_event,
            journal_floor,
            last_event: None,
        })
    }

    /// A write transaction that may commit without an event: ONLY for a key's PIN attempt
    /// counter (`keys::begin_attempt`, `attempt_succeeded`), which guards a key and records
    /// nothing of legal meaning. It must be durable before the key derivation runs; logging every
    /// attempt would add two events per signature. Wrong PINs and locks are logged as events.
    /// Its updates do not journal: the ledger's update trigger on `signing_keys` leaves the
    /// counter's columns out (`ledger::TABLES`); were anything journalled, commit logs it.
    pub async fn begin_pin_counter(&self) -> StoreResult<WriteTx> {
        self.begin_tx(false).await
    }

    /// Rewrites the file without its free pages and empties the -wal (`VACUUM`, then a
    /// truncating checkpoint), so values an update replaced are gone from the disk (after the
    /// identity digests are keyed, the unkeyed ones).
    pub async fn compact(&self) -> StoreResult<()> {
        sqlx::query("VACUUM").execute(&self.write).await?;
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Closes both pools (before the file is replaced by a restore).
    pub async fn close(&self) {
        self.write.close().await;
        self.read.close().await;
    }
}

/// The database used when none is given: the OS application-data folder.
pub fn default_path() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("yishi")
        .join("yishi.db")
}
