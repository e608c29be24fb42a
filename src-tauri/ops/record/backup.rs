//! Backups: a consistent copy of the live database, the list of copies, and restoring one only
//! after its record chain verifies. The database being replaced is itself backed up first.

use crate::lang::Lang;
use crate::ops::types::{AuditReport, BackupInfo, BackupRestore};
use crate::ops::{Caller, Ctx, Missing, OpError, OpResult};
use crate::store::events::{self, NewEvent};
use crate::store::{Store, backup};
use chrono::{DateTime, Utc};
use serde_json::json;
use std::path::{Path, PathBuf};

fn stamp(now: DateTime<Utc>) -> String {
    now.format("%Y%m%d-%H%M%S-%3f").to_string()
}

async fn info(path: &Path) -> OpResult<BackupInfo> {
    let store = Store::open_existing_read_only(path).await?;
    let (events, head_hash) = events::head_of(store.reader()).await?;
    store.close().await;
    let meta = std::fs::metadata(path).map_err(crate::store::StoreError::from)?;
    let created: DateTime<Utc> = meta
        .modified()
        .map(DateTime::<Utc>::from)
        .unwrap_or_default();
    Ok(BackupInfo {
        path: path.display().to_string(),
        file_name: path
            .file_name()
            .map(|f| f.to_string_lossy().to_string())
            .unwrap_or_default(),
        bytes: meta.len(),
        created_at: created.to_rfc3339(),
        events,
        head_hash,
    })
}

/// Writes a consistent copy into `target`, or into the backup folder when `None`.
pub async fn backup_create(
    ctx: &Ctx,
    now: DateTime<Utc>,
    target: Option<PathBuf>,
) -> OpResult<BackupInfo> {
    let path = target.unwrap_or_else(|| ctx.backup_dir().join(format!("yishi-{}.db", stamp(now))));
    {
        let store = ctx.store().await;
        backup::backup_into(&store, &path).await?;
    }
    info(&path).await
}

pub async fn backup_list(ctx: &Ctx) -> OpResult<Vec<BackupInfo>> {
    let dir = ctx.backup_dir();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "db"))
        .collect();
    paths.sort();
    paths.reverse();
    let mut out = Vec::new();
    for p in paths {
        // A file that is not a Yishi database is simply not listed.
        if let Ok(i) = info(&p).await {
            out.push(i);
        }
    }
    Ok(out)
}

/// Replaces the live database with a verified backup. Refuses, changing nothing, when the
/// backup's chain or rolls do not verify.
pub async fn backup_restore(
    ctx: &Ctx,
    by: &Caller,
    input: BackupRestore,
    lang: Lang,
) -> OpResult<AuditReport> {
    let source = PathBuf::from(input.path.trim());
    if !source.is_file() {
        return Err(OpError::NotFound(Missing::BackupFile(input.path)));
    }
    let candidate = Store::open_existing_read_only(&source).await?;
    let report = crate::ops::record::verify_store(&candidate, None, lang).await;
    candidate.close().await;
    let report = report?;
    if !report.ok {
        let first = report
            .problems
            .first()
            .map(|p| p.message.clone())
            .unwrap_or_default();
        return Err(OpError::BackupDoesNotVerify {
            problems: report.problems.len(),
            first,
        });
    }
    // The backup's secrets must be here, or its keys and ID digests would not work.
    crate::ops::recovery::check_backup_secrets(ctx, &source).await?;
    let mut guard = ctx.store.write().await;
    let live = guard.path().to_path_buf();
    let safety = ctx
        .backup_dir()
        .join(format!("before-restore-{}.db", stamp(by.now)));
    backup::backup_into(&guard, &safety).await?;
    guard.close().await;
    let replaced = backup::replace_file(&source, &live);
    // Whatever happened, reopen the live file so the app keeps working.
    *guard = Store::open(&live).await?;
    replaced?;
    let mut tx = guard.begin().await?;
    events::append(&mut tx, NewEvent {
        at: by.now,
        actor: &by.actor,
        community_id: None,
        kind: "backup.restored",
        payload: json!({ "file_name": source.file_name().map(|f| f.to_string_lossy().to_string()), "restored_head": report.head_hash,
                         "previous_database_kept_as": safety.display().to_string() }),
    })
    .await?;
    tx.commit().await?;
    // The restored database's secrets (made for a backup that predates them).
    let bundle = crate::ops::recovery::open_secrets(&guard, ctx.keystore(), by.now).await?;
    ctx.set_secrets(bundle);
    crate::ops::record::verify_store(&guard, None, lang).await
}
