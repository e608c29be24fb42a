//! One `pub async fn` per user operation. This is what the desktop app, the HTTP server, the
//! CLI and the tests call. Each mutating operation owns its transaction and appends its event in
//! it; time and the acting person come in through `Caller`, never read inside.

pub mod access;
pub mod anchor;
pub mod calendar;
pub mod consent;
pub(crate) mod context;
pub mod conventions;
pub mod demo;
pub mod documents;
mod error;
pub mod keys;
pub mod matters;
pub mod meetings;
pub mod record;
pub mod recovery;
pub mod roll;
pub mod signing;
pub mod types;
pub mod votes;

pub use consent::error::ConsentProblem;
pub use conventions::error::ConventionProblem;
pub use error::{
    ErrorCode, FlowProblem, Invalid, KeyProblem, Missing, OpError, OpResult, SecretsProblem,
    VoteProblem,
};

use crate::store::Store;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tokio::sync::{RwLock, RwLockReadGuard};
use types::JobProgress;

/// Every kind of document people sign, and the feature that owns it. Signing dispatches through
/// this table (`signing::statement::statement_for`) and names no feature itself; this is the one
/// place where the features are put together.
pub(crate) static STATEMENTS: &[&dyn signing::statement::Statement] = &[
    &signing::TextStatement,
    &votes::BallotStatement,
    &meetings::FlowStatement,
    &conventions::AckStatement,
    &consent::ConsentStatement,
];

/// Appends an event for a community in `tx`: who, when, what (`kind`) and its details.
pub(crate) async fn log(
    tx: &mut crate::store::WriteTx,
    by: &Caller,
    community_id: i64,
    kind: &str,
    payload: serde_json::Value,
) -> OpResult<()> {
    crate::store::events::append(
        tx,
        crate::store::events::NewEvent {
            at: by.now,
            actor: &by.actor,
            community_id: Some(community_id),
            kind,
            payload,
        },
    )
    .await?;
    Ok(())
}

/// Appends an event that belongs to no community (e.g. a holiday schedule loaded for all).
pub(crate) async fn log_global(
    tx: &mut crate::store::WriteTx,
    by: &Caller,
    kind: &str,
    payload: serde_json::Value,
) -> OpResult<()> {
    crate::store::events::append(
        tx,
        crate::store::events::NewEvent {
            at: by.now,
            actor: &by.actor,
            community_id: None,
            kind,
            payload,
        },
    )
    .await?;
    Ok(())
}

/// Who is acting, and when. Built at the edge: `commands::dispatch` and the CLI build it from a
/// signed-in session (`ops::access::guard`); tests and internal steps name an actor directly.
#[derive(Debug, Clone)]
pub struct Caller {
    /// Who the log records as acting: `name#person_id` for a signed-in person.
    pub actor: String,
    pub now: DateTime<Utc>,
    /// The signed-in person, when there is one.
    pub operator: Option<Operator>,
}

/// A signed-in person: whom the session is bound to, in which community, with which parties
/// (offices, and being on the roll) when the operation began.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operator {
    pub person_id: i64,
    pub community_id: i64,
    pub name: String,
    pub parties: Vec<crate::domain::access::Party>,
}

impl Operator {
    /// How the log names this person.
    pub fn actor(&self) -> String {
        format!("{}#{}", self.name, self.person_id)
    }
}

impl Caller {
    /// An actor named directly (tests, internal steps, the bootstrap before anyone is signed in).
    pub fn new(actor: impl Into<String>, now: DateTime<Utc>) -> Caller {
        let actor = actor.into();
        let actor = if actor.trim().is_empty() {
            "未署名操作人".to_string()
        } else {
            actor.trim().to_string()
        };
        Caller {
            actor,
            now,
            operator: None,
        }
    }

    /// A signed-in person acting.
    pub fn signed_in(operator: Operator, now: DateTime<Utc>) -> Caller {
        Caller {
            actor: operator.actor(),
            now,
            operator: Some(operator),
        }
    }
}

/// The application's state: the open database, its secrets (kept outside it), and the progress
/// of long operations.
pub struct Ctx {
    store: RwLock<Store>,
    backup_dir: PathBuf,
    /// The verified copy made when this open migrated the database (`store::upgrade`).
    upgraded: Option<crate::store::upgrade::UpgradeBackup>,
    jobs: Mutex<BTreeMap<String, JobProgress>>,
    sessions: access::session::Sessions,
    devices: access::devices::Devices,
    /// Communities created here are practice ones (`yishi demo`, tests, `serve --practice-keys`):
    /// their keys use the cheap practice cost, which a real community refuses.
    practice_keys: bool,
    keystore: crate::secrets::Keystore,
    secrets: std::sync::RwLock<Arc<crate::secrets::Bundle>>,
}

impl Ctx {
    /// This context for demos and tests: communities it creates are marked practice, and their
    /// keys are sealed at `crypto::sealed::Cost::PRACTICE` (fast), never accepted in a real one.
    pub fn with_practice_keys(mut self) -> Ctx {
        self.practice_keys = true;
        self
    }

    /// Whether communities created here are practice ones.
    pub fn practice_keys(&self) -> bool {
        self.practice_keys
    }

    /// Opens the database at `db` (creating it) with backups kept beside it, and its secrets
    /// from this system's keystore (`secrets::Keystore::for_database`).
    pub async fn open(db: &std::path::Path) -> OpResult<Ctx> {
        Ctx::open_with(db, crate::secrets::Keystore::for_database(db)).await
    }

    /// `open` with the secrets kept in `keystore`. Refuses a database whose secrets are not
    /// there (`SecretsProblem::Missing`: recover them with the code), changing nothing.
    pub async fn open_with(
        db: &std::path::Path,
        keystore: crate::secrets::Keystore,
    ) -> OpResult<Ctx> {
        let store = Store::open(db).await?;
        let bundle = match recovery::open_secrets(&store, &keystore, Utc::now()).await {
            Ok(b) => b,
            Err(e) => {
                store.close().await;
                return Err(e);
            }
        };
        // Communities made before root keys existed get theirs now (logged).
        if let Err(e) =
            anchor::ensure_all_roots(&store, &bundle, recovery::OPENING_ACTOR, Utc::now()).await
        {
            store.close().await;
            return Err(e);
        }
        // Office holders' keys the root has not certified yet (offices from before certificates).
        if let Err(e) =
            keys::certify::certify_all_offices(&store, &bundle, recovery::OPENING_ACTOR, Utc::now())
                .await
        {
            store.close().await;
            return Err(e);
        }
        let backup_dir = crate::store::upgrade::backup_dir_for(db);
        let upgraded = store.upgrade_backup().cloned();
        Ok(Ctx {
            upgraded,
            store: RwLock::new(store),
            backup_dir,
            jobs: Mutex::new(BTreeMap::new()),
            sessions: access::session::Sessions::default(),
            devices: access::devices::Devices::default(),
            practice_keys: false,
            keystore,
            secrets: std::sync::RwLock::new(Arc::new(bundle)),
        })
    }

    /// The store for the length of one operation; a restore waits until no operation holds it.
    pub async fn store(&self) -> RwLockReadGuard<'_, Store> {
        self.store.read().await
    }

    /// The open database's secrets (pepper, identity-digest keys).
    pub fn secrets(&self) -> Arc<crate::secrets::Bundle> {
        self.secrets
            .read()
            .expect("secrets lock is never poisoned: no panics while held")
            .clone()
    }

    /// Where this database's secrets are kept.
    pub fn keystore(&self) -> &crate::secrets::Keystore {
        &self.keystore
    }

    /// After a restore replaced the database: its secrets.
    pub(crate) fn set_secrets(&self, bundle: crate::secrets::Bundle) {
        *self
            .secrets
            .write()
            .expect("secrets lock is never poisoned: no panics while held") = Arc::new(bundle);
    }

    pub fn backup_dir(&self) -> &std::path::Path {
        &self.backup_dir
    }

    /// The verified backup made before this open upgraded the database's schema, if it did.
    pub fn upgrade_backup(&self) -> Option<&crate::store::upgrade::UpgradeBackup> {
        self.upgraded.as_ref()
    }

    /// The line the CLI and the desktop app show after an upgrade: where the copy is.
    pub fn upgrade_notice(&self, lang: crate::lang::Lang) -> Option<String> {
        self.upgraded.as_ref().map(|b| {
            lang.pick(
                format!(
                    "数据库已升级（第 {} 号 → 第 {} 号数据库升级）。升级前已自动备份并核验：{}",
                    b.from_migration,
                    b.to_migration,
                    b.path.display()
                ),
                format!(
                    "The database was upgraded (migration {} → {}). A verified backup was made first: {}",
                    b.from_migration,
                    b.to_migration,
                    b.path.display()
                ),
            )
        })
    }

    /// The signed-in sessions (kept in memory: a restart signs everyone out).
    pub fn sessions(&self) -> &access::session::Sessions {
        &self.sessions
    }

    /// The devices paired for the meeting-room network (in memory, like sessions).
    pub fn devices(&self) -> &access::devices::Devices {
        &self.devices
    }

    fn set_job(&self, progress: JobProgress) {
        let mut jobs = self
            .jobs
            .lock()
            .expect("job table lock is never poisoned: no panics while held");
        // Keep the table small: finished jobs are only polled for a moment.
        if jobs.len() > 64 {
            let done: Vec<String> = jobs
                .iter()
                .filter(|(_, p)| p.phase == "done")
                .map(|(k, _)| k.clone())
                .collect();
            for k in done {
                jobs.remove(&k);
            }
        }
        jobs.insert(progress.job_id.clone(), progress);
    }

    fn job(&self, job_id: &str) -> Option<JobProgress> {
        self.jobs
            .lock()
            .expect("job table lock is never poisoned: no panics while held")
            .get(job_id)
            .cloned()
    }
}

/// `job_progress`: how far a long operation has come.
pub fn job_progress(ctx: &Ctx, q: types::JobQuery) -> JobProgress {
    ctx.job(&q.job_id).unwrap_or(JobProgress {
        job_id: q.job_id,
        phase: "unknown".into(),
        done: 0,
        total: 0,
    })
}
