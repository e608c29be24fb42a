//! Restoring a backup so that history cannot quietly roll back.
//!
//! The backup is named inside the backups folder (`backup::backup_path`), copied beside the live
//! database, and that copy is checked: an SQLite database of this app whose migrations this
//! version knows and whose schema is exactly theirs, and whose record passes `audit verify`.
//! Its event log is then compared with the live one. A backup whose log is an earlier part of
//! the live log (older), or parts from it (fork), would discard live events: what they are
//! (ballots, signatures, minutes, votes opened and closed, receipts handed out) is shown first
//! (`backup_restore_preview`), and the host must sign a confirmation naming both heads and the
//! counts. After the swap the restored log records `backup.restored` with the confirmation, the
//! discarded head, the counts and every receipt issued after the backup (`restored_over`); the
//! replaced database is kept in the backups folder as `replaced-<time>.db`.

use super::backup::{self as files, backup_path, looks_like_sqlite, stamp};
use super::error::RestoreProblem;
use super::types::*;
use crate::crypto::chain::GENESIS;
use crate::crypto::signing::Document;
use crate::lang::Lang;
use crate::ops::types::AuditReport;
use crate::ops::{Caller, Ctx, KeyProblem, OpError, OpResult};
use crate::store::backup::{self, SchemaProblem};
use crate::store::events::{self, EventRow, NewEvent};
use crate::store::{Store, community, keys as key_store};
use chrono::SecondsFormat;
use serde_json::json;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// A checked backup's log and signatures.
struct Checked {
    report: AuditReport,
    rows: Vec<EventRow>,
    signatures: HashSet<String>,
}

/// Opens a candidate file read-only and checks everything about it; the error names what failed.
async fn check_candidate(path: &Path, shown: &str, lang: Lang) -> OpResult<Checked> {
    if !looks_like_sqlite(path) {
        return Err(OpError::Restore(RestoreProblem::NotADatabase(shown.into())));
    }
    let candidate = Store::open_existing_read_only(path)
        .await
        .map_err(|_| OpError::Restore(RestoreProblem::NotADatabase(shown.into())))?;
    let checked = check_open(&candidate, shown, lang).await;
    candidate.close().await;
    checked
}

async fn check_open(candidate: &Store, shown: &str, lang: Lang) -> OpResult<Checked> {
    let problems = backup::schema_problems(candidate)
        .await
        .map_err(|_| OpError::Restore(RestoreProblem::NotADatabase(shown.into())))?;
    // A file that is not this app's, or is a newer version's, is not read any further.
    if let Some(first) = problems
        .iter()
        .find(|p| !matches!(p, SchemaProblem::Object { .. }))
    {
        return Err(schema_error(first, shown, lang));
    }
    // The record's own check names an edited row best, so it speaks first.
    let report = super::verify_store(candidate, None, lang).await?;
    // A schema object that differs (the audit also names it) is said in the restore's words.
    let only_schema = report.problems.iter().all(|p| {
        matches!(
            p.kind,
            crate::ops::types::AuditProblemKind::SchemaChanged { .. }
        )
    });
    if !report.ok && (!only_schema || problems.is_empty()) {
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
    if let Some(first) = problems.first() {
        return Err(schema_error(first, shown, lang));
    }
    Ok(Checked {
        report,
        rows: events::all(candidate.reader()).await?,
        signatures: backup::signature_values(candidate).await?,
    })
}

fn schema_error(problem: &SchemaProblem, shown: &str, lang: Lang) -> OpError {
    OpError::Restore(match problem {
        SchemaProblem::NotYishi => RestoreProblem::NotYishi(shown.into()),
        SchemaProblem::UnknownMigration(v) => RestoreProblem::NewerVersion {
            file: shown.into(),
            migration: *v,
        },
        SchemaProblem::ChangedMigration(v) => RestoreProblem::Schema {
            file: shown.into(),
            detail: lang.pick(
                format!("第 {v} 号数据库升级的记录与本版本不符"),
                format!("migration {v} differs from this version's"),
            ),
        },
        SchemaProblem::Object { kind, name, how } => RestoreProblem::Schema {
            file: shown.into(),
            detail: lang.pick(
                format!(
                    "{kind} {name} {}",
                    match *how {
                        "missing" => "缺失",
                        "extra" => "是多出来的",
                        _ => "被改过",
                    }
                ),
                format!("{kind} {name} is {how}"),
            ),
        },
    })
}

/// The comparison of the two logs.
struct Comparison {
    relation: RestoreRelation,
    common: usize,
    backup_events: i64,
    backup_head: String,
    live_events: i64,
    live_head: String,
    discarded: DiscardCounts,
    kinds: Vec<KindCount>,
    receipts: Vec<DiscardedReceipt>,
}

impl Comparison {
    fn needs_confirmation(&self) -> bool {
        matches!(
            self.relation,
            RestoreRelation::Older | RestoreRelation::Fork
        )
    }
}

fn head(rows: &[EventRow]) -> String {
    rows.last()
        .map(|r| r.hash.clone())
        .unwrap_or_else(|| GENESIS.to_string())
}

fn short_code(hash: &str) -> String {
    let s = hash.get(..12).unwrap_or(hash).to_uppercase();
    if s.len() < 12 {
        return s;
    }
    format!("{}-{}-{}", &s[..4], &s[4..8], &s[8..12])
}

/// Compares the logs by hash (each hash covers all before it, so equal hashes mean an equal
/// start) and counts what the live log would lose.
fn compare(
    backup: &[EventRow],
    backup_sigs: &HashSet<String>,
    live: &[EventRow],
    live_sigs: &HashSet<String>,
) -> Comparison {
    let common = backup
        .iter()
        .zip(live)
        .take_while(|(b, l)| b.seq == l.seq && b.hash == l.hash)
        .count();
    let relation = match (common == backup.len(), common == live.len()) {
        (true, true) => RestoreRelation::Same,
        (false, true) => RestoreRelation::Newer,
        (true, false) => RestoreRelation::Older,
        (false, false) => RestoreRelation::Fork,
    };
    let lost = &live[common..];
    let mut discarded = DiscardCounts {
        events: lost.len() as i64,
        signatures: live_sigs.difference(backup_sigs).count() as i64,
        ..Default::default()
    };
    let mut kinds: BTreeMap<&str, i64> = BTreeMap::new();
    let mut receipts = Vec::new();
    for row in lost {
        *kinds.entry(row.kind.as_str()).or_default() += 1;
        let p: serde_json::Value = serde_json::from_str(&row.payload).unwrap_or_default();
        let receipt = |kind: &str, hash: Option<&str>, subject: Option<String>| {
            hash.map(|h| DiscardedReceipt {
                seq: row.seq,
                at: row.at.clone(),
                kind: kind.into(),
                community_id: row.community_id,
                receipt: h.to_string(),
                short_code: short_code(h),
                vote_id: p.get("vote_id").and_then(|v| v.as_i64()),
                subject,
            })
        };
        match row.kind.as_str() {
            "ballot.cast" => {
                discarded.ballots += 1;
                receipts.extend(receipt("ballot", p["receipt"].as_str(), None));
            }
            "signature.made" => receipts.extend(receipt(
                "signature",
                p["document_sha256"].as_str(),
                p["subject"].as_str().map(str::to_string),
            )),
            "vote.opened" => discarded.votes_opened += 1,
            "vote.served" => discarded.served += 1,
            "vote.closed" => discarded.votes_closed += 1,
            k if k.starts_with("minutes.") => discarded.minutes += 1,
            _ => {}
        }
    }
    discarded.receipts = receipts.len() as i64;
    Comparison {
        relation,
        common,
        backup_events: backup.len() as i64,
        backup_head: head(backup),
        live_events: live.len() as i64,
        live_head: head(live),
        discarded,
        kinds: kinds
            .into_iter()
            .map(|(kind, count)| KindCount {
                kind: kind.to_string(),
                count,
            })
            .collect(),
        receipts,
    }
}

async fn live_side(store: &Store) -> OpResult<(Vec<EventRow>, HashSet<String>)> {
    Ok((
        events::all(store.reader()).await?,
        backup::signature_values(store).await?,
    ))
}

/// The preview in plain words.
fn summary(file: &str, c: &Comparison, lang: Lang) -> Vec<String> {
    let d = &c.discarded;
    let backup_only = c.backup_events - c.common as i64;
    let mut lines = vec![lang.pick(
        format!(
            "备份“{file}”有 {} 条事件；当前数据库有 {} 条事件，两者前 {} 条相同。",
            c.backup_events, c.live_events, c.common
        ),
        format!(
            "Backup \"{file}\" has {} events; the live database has {}; the first {} are the same.",
            c.backup_events, c.live_events, c.common
        ),
    )];
    lines.push(match c.relation {
        RestoreRelation::Same => lang.pick(
            "两者的记录完全相同：恢复不会撤下任何记录，无需签署确认。".into(),
            "The two logs are identical: restoring discards nothing and needs no signed confirmation.".into(),
        ),
        RestoreRelation::Newer => lang.pick(
            format!("当前记录是这份备份的前一部分，备份多出 {backup_only} 条事件：恢复不会撤下任何记录，无需签署确认。"),
            format!("The live log is an earlier part of this backup, which has {backup_only} more events: restoring discards nothing and needs no signed confirmation."),
        ),
        RestoreRelation::Older => lang.pick(
            format!("这份备份比当前记录旧：恢复将撤下备份之后的 {} 条事件。", d.events),
            format!("This backup is older than the live log: restoring discards the {} events made after it.", d.events),
        ),
        RestoreRelation::Fork => lang.pick(
            format!("这份备份与当前记录在第 {} 条事件之后分叉：恢复将撤下当前记录中备份没有的 {} 条事件，并换上备份中当前没有的 {backup_only} 条事件。", c.common, d.events),
            format!("This backup parts from the live log after event {}: restoring discards the {} live events the backup lacks and brings back the backup's own {backup_only}.", c.common, d.events),
        ),
    });
    if c.needs_confirmation() {
        lines.push(lang.pick(
            format!("将被撤下：{} 张选票、{} 个签名、{} 项会议记录操作、开启表决 {} 次、结束表决 {} 次、送达记录 {} 条。", d.ballots, d.signatures, d.minutes, d.votes_opened, d.votes_closed, d.served),
            format!("Discarded: {} ballots, {} signatures, {} minutes actions, {} votes opened, {} votes closed, {} ballots served.", d.ballots, d.signatures, d.minutes, d.votes_opened, d.votes_closed, d.served),
        ));
        if d.receipts > 0 {
            lines.push(lang.pick(
                format!("备份之后已发出 {} 张回执（选票或签名）。它们不会被悄悄丢掉：恢复后的记录会逐一列出并标记为“恢复时撤下”，持有人可凭回执查证。", d.receipts),
                format!("{} receipts (ballots or signatures) were handed out after the backup. They are not silently lost: the restored log lists each one, flagged restored_over, so a holder can still have theirs explained.", d.receipts),
            ));
        }
        lines.push(lang.pick(
            format!("被替换的当前数据库会另存为 replaced-….db 保留在备份文件夹中；最新事件哈希 {} 会记入恢复后的记录。", short_code(&c.live_head)),
            format!("The replaced live database is kept in the backups folder as replaced-….db; its head {} is recorded in the restored log.", short_code(&c.live_head)),
        ));
        lines.push(lang.pick(
            "需要主持人用自己的密钥和 PIN 签署确认，才能恢复。".into(),
            "The host must sign a confirmation with their key and PIN to restore it.".into(),
        ));
    }
    lines
}

/// Active host keys of every community in the live database.
async fn host_choices(ctx: &Ctx) -> OpResult<Vec<HostChoice>> {
    let communities = {
        let store = ctx.store().await;
        community::list(store.reader()).await?
    };
    let mut out = Vec::new();
    for c in communities {
        for k in crate::ops::keys::host_keys(ctx, c.id).await? {
            out.push(HostChoice {
                key_id: k.key_id,
                person_name: k.person_name,
                community_name: c.name.clone(),
                fingerprint: k.fingerprint,
            });
        }
    }
    Ok(out)
}

/// `backup_restore_preview`: checks the backup and says what restoring it would discard.
/// Changes nothing.
pub async fn backup_restore_preview(
    ctx: &Ctx,
    input: BackupRef,
    lang: Lang,
) -> OpResult<RestorePreview> {
    let path = backup_path(ctx, &input.file_name)?;
    let name = input.file_name.trim().to_string();
    let checked = check_candidate(&path, &name, lang).await?;
    let (live, live_sigs) = {
        let store = ctx.store().await;
        live_side(&store).await?
    };
    let c = compare(&checked.rows, &checked.signatures, &live, &live_sigs);
    let hosts = if c.needs_confirmation() {
        host_choices(ctx).await?
    } else {
        Vec::new()
    };
    Ok(RestorePreview {
        summary: summary(&name, &c, lang),
        file_name: name,
        backup_events: c.backup_events,
        backup_head: c.backup_head.clone(),
        live_events: c.live_events,
        live_head: c.live_head.clone(),
        common_events: c.common as i64,
        backup_only_events: c.backup_events - c.common as i64,
        relation: c.relation,
        needs_confirmation: c.needs_confirmation(),
        discarded: c.discarded,
        discarded_kinds: c.kinds,
        receipts: c.receipts,
        hosts,
        backup_report: checked.report,
    })
}

/// What the host signs: the backup, both heads, and what is discarded (the receipts by a hash
/// of their list, so the list itself is bound too).
fn confirmation_document(
    file: &str,
    c: &Comparison,
    host: &key_store::KeyRow,
    at: &str,
) -> Document {
    let receipts: Vec<&str> = c.receipts.iter().map(|r| r.receipt.as_str()).collect();
    let d = &c.discarded;
    Document::new("yishi/restore/v1")
        .text("backup_file", file)
        .text(
            "relation",
            match c.relation {
                RestoreRelation::Same => "same",
                RestoreRelation::Newer => "newer",
                RestoreRelation::Older => "older",
                RestoreRelation::Fork => "fork",
            },
        )
        .text("backup_head", c.backup_head.as_str())
        .int("backup_events", c.backup_events)
        .text("discarded_head", c.live_head.as_str())
        .int("live_events", c.live_events)
        .int("common_events", c.common as i64)
        .int("discarded_events", d.events)
        .int("ballots", d.ballots)
        .int("signatures", d.signatures)
        .int("minutes", d.minutes)
        .int("votes_opened", d.votes_opened)
        .int("votes_closed", d.votes_closed)
        .int("served", d.served)
        .int("receipts", d.receipts)
        .text(
            "receipts_sha256",
            crate::crypto::canonical::sha256_hex(receipts.join("\n").as_bytes()),
        )
        .text("host", host.person_name.as_str())
        .text("host_public_key", host.public_key.as_str())
        .text("confirmed_at", at)
}

/// `backup_restore`: replaces the live database with a checked backup. An older or forked
/// backup needs the host's signed confirmation. Whatever fails before the swap leaves the live
/// database as it was.
pub async fn backup_restore(
    ctx: &Ctx,
    by: &Caller,
    input: BackupRestore,
    lang: Lang,
) -> OpResult<RestoreOutcome> {
    let source = backup_path(ctx, &input.file_name)?;
    let name = input.file_name.trim().to_string();
    // The backup's secrets must be here, or its keys and ID digests would not work.
    crate::ops::recovery::check_backup_secrets(ctx, &source).await?;
    // No operation runs from here until the restored database is open.
    let mut guard = ctx.store.write().await;
    let live = guard.path().to_path_buf();
    let staged = backup::stage_beside(&source, &live, &stamp(by.now))?;
    let result = restore_staged(ctx, &mut guard, by, &input, &name, &staged, lang).await;
    if staged.exists() {
        let _ = std::fs::remove_file(&staged);
    }
    result
}

async fn restore_staged(
    ctx: &Ctx,
    guard: &mut Store,
    by: &Caller,
    input: &BackupRestore,
    name: &str,
    staged: &Path,
    lang: Lang,
) -> OpResult<RestoreOutcome> {
    let checked = check_candidate(staged, name, lang).await?;
    let (live_rows, live_sigs) = live_side(guard).await?;
    let c = compare(&checked.rows, &checked.signatures, &live_rows, &live_sigs);
    drop(live_rows);
    if let Some(expected) = input.expect_live_head.as_deref().map(str::trim)
        && !expected.is_empty()
        && !expected.eq_ignore_ascii_case(&c.live_head)
    {
        return Err(OpError::Restore(RestoreProblem::LiveMoved {
            expected: expected.to_string(),
            found: c.live_head.clone(),
        }));
    }
    let at = by.now.to_rfc3339_opts(SecondsFormat::Secs, true);
    let confirmation = if c.needs_confirmation() {
        let Some(host) = &input.confirmation else {
            return Err(OpError::Restore(RestoreProblem::NeedsConfirmation {
                relation: c.relation,
                events: c.discarded.events,
                ballots: c.discarded.ballots,
                receipts: c.discarded.receipts,
            }));
        };
        let host_row = {
            let mut conn = guard.reader().acquire().await?;
            key_store::get(&mut conn, host.host_key_id)
                .await?
                .ok_or(OpError::Key(KeyProblem::NotHost))?
        };
        // The host who confirms is the signed-in person restoring, not another key they know.
        if by
            .operator
            .as_ref()
            .is_some_and(|op| op.person_id != host_row.person_id)
        {
            return Err(OpError::Key(KeyProblem::NotHost));
        }
        let community_id = host_row.community_id;
        let doc = confirmation_document(name, &c, &host_row, &at);
        // `host_signs` checks the key's holder is a host of its community, then signs.
        let (key, doc, signature) = crate::ops::keys::host_signs(
            guard,
            &ctx.secrets(),
            by,
            community_id,
            host,
            move |_| doc.clone(),
        )
        .await?;
        Some(json!({
            "document": doc,
            "document_sha256": doc.hash_hex(),
            "signature": signature,
            "host": key.person_name,
            "host_key_id": key.id,
            "host_public_key": key.public_key,
            "community_id": community_id,
        }))
    } else {
        None
    };

    // The replaced database, kept whole: the discarded part still exists.
    let kept_name = format!("replaced-{}.db", stamp(by.now));
    let kept = ctx.backup_dir().join(&kept_name);
    backup::backup_into(guard, &kept).await?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o600))
            .map_err(crate::store::StoreError::from)?;
    }
    guard.close().await;
    let swapped = backup::swap_in(staged, guard.path());
    let live = guard.path().to_path_buf();
    match (swapped, Store::open(&live).await) {
        (Ok(()), Ok(store)) => *guard = store,
        (swapped, opened) => {
            // Put the kept copy back so the app goes on with the database it had.
            if let Ok(store) = opened {
                store.close().await;
            }
            let back = backup::stage_beside(&kept, &live, &format!("{}-back", stamp(by.now)))
                .and_then(|b| backup::swap_in(&b, &live));
            *guard = Store::open(&live).await?;
            back?;
            swapped?;
            return Err(OpError::Restore(RestoreProblem::NotADatabase(name.into())));
        }
    }
    let d = &c.discarded;
    let mut tx = guard.begin().await?;
    events::append(
        &mut tx,
        NewEvent {
            at: by.now,
            actor: &by.actor,
            community_id: None,
            kind: "backup.restored",
            payload: json!({
                "file_name": name,
                "relation": c.relation,
                "restored_head": c.backup_head,
                "restored_events": c.backup_events,
                "discarded_head": c.live_head,
                "discarded_events": d.events,
                "common_events": c.common,
                "counts": d,
                "kinds": c.kinds,
                "restored_over": c.receipts,
                "replaced_kept_as": kept_name,
                "confirmation": confirmation,
            }),
        },
    )
    .await?;
    tx.commit().await?;
    // The restored database's secrets (made for a backup that predates them).
    let bundle = crate::ops::recovery::open_secrets(guard, ctx.keystore(), by.now).await?;
    ctx.set_secrets(bundle);
    let report = super::verify_store(guard, None, lang).await?;
    Ok(RestoreOutcome {
        relation: c.relation,
        discarded: c.discarded,
        discarded_head: c.live_head,
        replaced_kept_as: kept_name,
        report,
    })
}

/// For the command line: the operator named a file at the terminal. A name in the backups
/// folder is used as it is; any other file is first copied into the folder
/// (`imported-<time>-<name>.db`) and restored from there; an encrypted backup is opened with
/// `code` and its database taken in the same way. Returns the name in the folder.
pub async fn backup_take_in_file(
    ctx: &Ctx,
    by: &Caller,
    file: &Path,
    code: Option<&str>,
) -> OpResult<String> {
    let shown = file.display().to_string();
    if super::sealed::is_sealed_file(file) {
        let bytes = super::sealed::open_sealed_file(file, code, &shown).await?;
        let picked = file
            .file_name()
            .map(|f| f.to_string_lossy().to_string())
            .unwrap_or_default();
        if !bytes.starts_with(b"SQLite format 3\0") {
            return Err(OpError::Restore(RestoreProblem::NotADatabase(shown)));
        }
        let path = files::take_in(ctx, by.now, "imported", &picked, &bytes)?;
        return Ok(path
            .file_name()
            .map(|f| f.to_string_lossy().to_string())
            .unwrap_or_default());
    }
    let in_folder = |p: &Path| {
        let dir = std::fs::canonicalize(ctx.backup_dir()).ok();
        let real = std::fs::canonicalize(p).ok();
        match (dir, real) {
            (Some(d), Some(r)) => r.parent() == Some(d.as_path()),
            _ => false,
        }
    };
    let is_plain = std::fs::symlink_metadata(file).is_ok_and(|m| m.file_type().is_file());
    if is_plain && in_folder(file) {
        let name = file
            .file_name()
            .map(|f| f.to_string_lossy().to_string())
            .unwrap_or_default();
        backup_path(ctx, &name)?;
        return Ok(name);
    }
    if !file.exists() {
        // A bare name from `yishi backup list`.
        let name = file.to_str().unwrap_or_default();
        backup_path(ctx, name)?;
        return Ok(name.trim().to_string());
    }
    let bytes = std::fs::read(file).map_err(crate::store::StoreError::from)?;
    if bytes.is_empty() {
        return Err(OpError::Restore(RestoreProblem::Empty));
    }
    let picked = file
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_default();
    let path = files::take_in(ctx, by.now, "imported", &picked, &bytes)?;
    if !looks_like_sqlite(&path) {
        let _ = std::fs::remove_file(&path);
        return Err(OpError::Restore(RestoreProblem::NotADatabase(shown)));
    }
    Ok(path
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(seq: i64, hash: &str, kind: &str, payload: serde_json::Value) -> EventRow {
        EventRow {
            seq,
            at: format!("2026-11-22T09:00:{seq:02}.000Z"),
            actor: "t".into(),
            community_id: Some(1),
            kind: kind.into(),
            payload: payload.to_string(),
            prev_hash: String::new(),
            hash: hash.into(),
        }
    }

    fn sigs(v: &[&str]) -> HashSet<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn relations_and_what_each_discards() {
        let base = vec![
            row(1, "a", "community.created", json!({})),
            row(2, "b", "vote.opened", json!({ "vote_id": 2 })),
        ];
        let mut live = base.clone();
        live.extend([
            row(
                3,
                "c",
                "ballot.cast",
                json!({ "vote_id": 2, "receipt": "ab12cd34ef56aa" }),
            ),
            row(4, "d", "vote.served", json!({ "vote_id": 2 })),
            row(5, "e", "minutes.finalized", json!({})),
            row(
                6,
                "f",
                "signature.made",
                json!({ "subject": "statement:3", "document_sha256": "99887766554433" }),
            ),
            row(7, "g", "vote.closed", json!({ "vote_id": 2 })),
        ]);
        let older = compare(&base, &sigs(&["s1"]), &live, &sigs(&["s1", "s2", "s3"]));
        assert_eq!(older.relation, RestoreRelation::Older);
        assert!(older.needs_confirmation());
        assert_eq!(older.common, 2);
        assert_eq!(older.live_head, "g");
        let d = &older.discarded;
        assert_eq!(
            (
                d.events,
                d.ballots,
                d.served,
                d.minutes,
                d.votes_opened,
                d.votes_closed
            ),
            (5, 1, 1, 1, 0, 1)
        );
        assert_eq!(d.signatures, 2);
        assert_eq!(d.receipts, 2);
        assert_eq!(older.receipts[0].short_code, "AB12-CD34-EF56");
        assert_eq!(older.receipts[0].vote_id, Some(2));
        assert_eq!(older.receipts[1].subject.as_deref(), Some("statement:3"));

        let newer = compare(&live, &sigs(&[]), &base, &sigs(&[]));
        assert_eq!(newer.relation, RestoreRelation::Newer);
        assert!(!newer.needs_confirmation());
        assert_eq!(newer.discarded, DiscardCounts::default());

        let same = compare(&live, &sigs(&[]), &live, &sigs(&[]));
        assert_eq!(same.relation, RestoreRelation::Same);

        let mut other = base.clone();
        other.push(row(3, "x", "vote.closed", json!({})));
        let fork = compare(&other, &sigs(&[]), &live, &sigs(&[]));
        assert_eq!(fork.relation, RestoreRelation::Fork);
        assert!(fork.needs_confirmation());
        assert_eq!((fork.common, fork.discarded.events), (2, 5));
        // An empty live log (a new computer) is the start of every backup.
        assert_eq!(
            compare(&live, &sigs(&[]), &[], &sigs(&[])).relation,
            RestoreRelation::Newer
        );
    }
}
