//! Restore cannot quietly roll history back: only files in the backups folder (or taken into
//! it), only a backup that checks out, and an older or forked backup only with the host's
//! signed confirmation, recorded in the restored log with the discarded head and every receipt
//! issued after the backup; the replaced database is kept.

use crate::common::{self, TestDb, at, fresh};
use chrono::Duration;
use yishi::crypto::signing::{Document, PublicKey, verify};
use yishi::domain::states::Role;
use yishi::lang::Lang;
use yishi::ops::keys::{HostApproval, IdCheck, KeyEnrol};
use yishi::ops::record::{BackupRef, BackupRestore, BackupUpload, RestoreRelation};
use yishi::ops::types::BackupInfo;
use yishi::ops::{self, Caller, ErrorCode, OpError};
use yishi::store::events;

pub const HOST_PIN: &str = "738291";

/// Enrols a key (PIN `HOST_PIN`) for the person holding the host role in community `c`.
pub async fn enrol_host(db: &TestDb, c: i64) -> i64 {
    let host = ops::access::role_list(&db.ctx, c)
        .await
        .expect("roles")
        .into_iter()
        .find(|r| r.role == Role::Host)
        .expect("the community has a host")
        .person_id;
    ops::keys::key_enrol(
        &db.ctx,
        &common::caller(),
        KeyEnrol {
            community_id: c,
            person_id: host,
            pin: HOST_PIN.into(),
            checked_by: "记录员".into(),
            check: IdCheck::IdCard,
            registrar: None,
        },
    )
    .await
    .expect("enrol the host's key")
    .key_id
}

/// The person holding the host office in community `c`.
pub async fn host_person(db: &TestDb, c: i64) -> i64 {
    ops::access::role_list(&db.ctx, c)
        .await
        .expect("roles")
        .into_iter()
        .find(|r| r.role == Role::Host)
        .expect("the community has a host")
        .person_id
}

pub fn host_confirms(key_id: i64) -> HostApproval {
    HostApproval {
        host_key_id: key_id,
        host_pin: HOST_PIN.into(),
    }
}

fn restore(file_name: &str, confirmation: Option<HostApproval>) -> BackupRestore {
    BackupRestore {
        file_name: file_name.into(),
        expect_live_head: None,
        confirmation,
    }
}

fn by(minute: i64) -> Caller {
    Caller::new("测试主持人", at(22, 9) + Duration::minutes(minute))
}

/// (events, head hash) of the live log.
async fn live_head(db: &TestDb) -> (i64, String) {
    let store = db.ctx.store().await;
    events::head_of(store.reader()).await.expect("head")
}

async fn backup(db: &TestDb, minute: i64) -> BackupInfo {
    ops::record::backup_create(&db.ctx, by(minute).now, None)
        .await
        .expect("backup")
}

fn code(r: Result<impl std::fmt::Debug, OpError>) -> ErrorCode {
    r.expect_err("refused").code()
}

#[tokio::test]
async fn only_a_plain_file_in_the_backups_folder_can_be_named() {
    let db = fresh().await;
    ops::roll::community_create(
        &db.ctx,
        &by(0),
        ops::types::CommunityCreate {
            name: "甲小区".into(),
            address: String::new(),
            buildings: vec!["1栋".into()],
            settings: Default::default(),
        },
    )
    .await
    .expect("community");
    let b = backup(&db, 1).await;
    let before = live_head(&db).await;
    // A copy outside the folder, named by absolute path, by `..`, or through a sub-folder.
    let outside = db.dir.path().join("outside.db");
    std::fs::copy(&b.path, &outside).expect("copy");
    std::fs::create_dir_all(db.ctx.backup_dir().join("sub")).expect("sub-folder");
    std::fs::copy(&b.path, db.ctx.backup_dir().join("sub/inner.db")).expect("copy");
    for name in [
        outside.display().to_string(),
        b.path.clone(),
        "../outside.db".into(),
        "..\\outside.db".into(),
        "sub/inner.db".into(),
        ".hidden.db".into(),
        "yishi.sqlite".into(),
        String::new(),
    ] {
        let preview = ops::record::backup_restore_preview(
            &db.ctx,
            BackupRef {
                file_name: name.clone(),
            },
            Lang::En,
        )
        .await;
        assert_eq!(
            code(preview),
            ErrorCode::InvalidInput,
            "preview of {name:?}"
        );
        let r = ops::record::backup_restore(&db.ctx, &by(2), restore(&name, None), Lang::En).await;
        assert_eq!(code(r), ErrorCode::InvalidInput, "restore of {name:?}");
    }
    let missing =
        ops::record::backup_restore(&db.ctx, &by(2), restore("nope.db", None), Lang::En).await;
    assert_eq!(code(missing), ErrorCode::NotFound);
    // A symbolic link in the folder (here to the outside copy) is neither listed nor restored.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&outside, db.ctx.backup_dir().join("link.db")).expect("link");
        let listed = ops::record::backup_list(&db.ctx).await.expect("list");
        assert!(
            listed.iter().all(|l| l.file_name != "link.db"),
            "{listed:?}"
        );
        let r =
            ops::record::backup_restore(&db.ctx, &by(3), restore("link.db", None), Lang::En).await;
        let err = r.expect_err("a symlink is refused");
        assert_eq!(err.code(), ErrorCode::InvalidInput);
        assert!(
            err.message(Lang::En).contains("symbolic link"),
            "{}",
            err.message(Lang::En)
        );
    }
    assert_eq!(live_head(&db).await, before, "nothing changed");
}

#[tokio::test]
async fn a_damaged_foreign_or_newer_file_is_refused_and_the_live_database_is_untouched() {
    use sqlx::Connection;
    let db = fresh().await;
    crate::common::demo_without_keys(&db.ctx, &by(0))
        .await
        .expect("demo");
    let b = backup(&db, 1).await;
    let dir = db.ctx.backup_dir().to_path_buf();
    let before = live_head(&db).await;
    let live_bytes = std::fs::read(&db.path).expect("live file");

    std::fs::write(
        dir.join("garbage.db"),
        b"this is not a database at all, just text",
    )
    .unwrap();
    let real = std::fs::read(&b.path).expect("backup bytes");
    std::fs::write(dir.join("truncated.db"), &real[..real.len() / 3]).unwrap();
    let edit = async |name: &str, sql: &str| {
        let path = dir.join(name);
        std::fs::copy(&b.path, &path).expect("copy");
        let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
            .await
            .expect("open");
        sqlx::raw_sql(sql).execute(&mut conn).await.expect("edit");
        conn.close().await.expect("close");
    };
    edit(
        "newer.db",
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (9999, 'from the future', 1, x'00', 0);",
    )
    .await;
    edit(
        "trigger.db",
        "CREATE TRIGGER sneaky AFTER INSERT ON events BEGIN DELETE FROM ballots; END;",
    )
    .await;
    edit(
        "rolled.db",
        "DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq = (SELECT MAX(seq) FROM events);",
    )
        .await;
    {
        let path = dir.join("foreign.db");
        let mut conn =
            sqlx::SqliteConnection::connect(&format!("sqlite://{}?mode=rwc", path.display()))
                .await
                .expect("create");
        sqlx::raw_sql("CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('hello');")
            .execute(&mut conn)
            .await
            .expect("write");
        conn.close().await.expect("close");
    }
    for (name, words) in [
        ("garbage.db", "not a database"),
        ("truncated.db", "not a database"),
        ("foreign.db", "not a Yishi database"),
        ("newer.db", "migration 9999"),
        ("trigger.db", "trigger sneaky is extra"),
        ("rolled.db", "does not verify"),
    ] {
        let preview = ops::record::backup_restore_preview(
            &db.ctx,
            BackupRef {
                file_name: name.into(),
            },
            Lang::En,
        )
        .await
        .expect_err(name);
        assert_eq!(preview.code(), ErrorCode::Integrity, "{name}");
        assert!(
            preview.message(Lang::En).contains(words),
            "{name}: {}",
            preview.message(Lang::En)
        );
        let key = HostApproval {
            host_key_id: 1,
            host_pin: HOST_PIN.into(),
        };
        let err = ops::record::backup_restore(&db.ctx, &by(2), restore(name, Some(key)), Lang::En)
            .await
            .expect_err(name);
        assert_eq!(
            err.code(),
            ErrorCode::Integrity,
            "{name}: {}",
            err.message(Lang::En)
        );
        assert!(
            err.message(Lang::En).contains("unchanged"),
            "{}",
            err.message(Lang::En)
        );
        assert_eq!(
            live_head(&db).await,
            before,
            "{name}: the live log is unchanged"
        );
    }
    // Not even a byte of the live file changed, and nothing was left beside it.
    drop(db.ctx.store().await);
    assert_eq!(std::fs::read(&db.path).expect("live file"), live_bytes);
    let beside: Vec<_> = std::fs::read_dir(db.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("restore"))
        .collect();
    assert!(beside.is_empty(), "staged copies removed: {beside:?}");
    let report = ops::record::audit_verify(&db.ctx, None, Lang::En)
        .await
        .expect("audit");
    assert!(report.ok, "{:?}", report.problems);
}

#[tokio::test]
async fn an_older_backup_is_restored_only_with_the_hosts_signed_confirmation() {
    let db = fresh().await;
    let start = by(0);
    // Keys are enrolled before the vote opens: its manifest lists them.
    let (c, voters) = common::demo_roll(&db, &start).await;
    let host_key = enrol_host(&db, c).await;
    let mut seeds = Vec::new();
    let keyed: Vec<i64> = ops::keys::key_list(&db.ctx, c)
        .await
        .expect("keys")
        .iter()
        .map(|k| k.person_id)
        .collect();
    let members = voters.iter().filter(|e| !keyed.contains(&e.voter()));
    for (i, e) in members.take(2).enumerate() {
        let seed = [i as u8 + 41; 32];
        common::enrol_seed(&db, &start, c, e.voter(), &seed).await;
        seeds.push((e.voter(), seed));
    }
    let (v, _) = common::open_vote_in(&db, &start, c, "续聘物业").await;
    let b = backup(&db, 1).await;
    // After the backup: two members vote and get receipts.
    let mut receipts = Vec::new();
    for (person, seed) in &seeds {
        let ballot = common::signed_ballot(&db, &start, (c, v), *person, seed, "agree").await;
        let r = ops::signing::signature_submit(&db.ctx, &start, ballot)
            .await
            .expect("ballot");
        receipts.push(r.document_hash);
    }
    let (live_events, live_head_hash) = live_head(&db).await;

    let preview = ops::record::backup_restore_preview(
        &db.ctx,
        BackupRef {
            file_name: b.file_name.clone(),
        },
        Lang::Zh,
    )
    .await
    .expect("preview");
    assert_eq!(preview.relation, RestoreRelation::Older);
    assert!(preview.needs_confirmation);
    assert_eq!(preview.live_head, live_head_hash);
    assert_eq!(preview.backup_head, b.head_hash);
    assert_eq!(preview.common_events, b.events);
    assert_eq!(preview.discarded.events, live_events - b.events);
    assert_eq!(preview.discarded.ballots, 2);
    assert_eq!(
        preview.discarded.signatures, 2,
        "each signed ballot stores a signature"
    );
    assert_eq!(preview.discarded.receipts, 2);
    let shown: Vec<&str> = preview
        .receipts
        .iter()
        .map(|r| r.receipt.as_str())
        .collect();
    assert_eq!(
        shown,
        receipts.iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert!(preview.receipts.iter().all(|r| r.vote_id == Some(v)));
    assert!(preview.hosts.iter().any(|h| h.key_id == host_key));
    assert!(
        preview.summary.iter().any(|l| l.contains("2 张选票")),
        "{:?}",
        preview.summary
    );

    // Without a confirmation: refused, nothing changed.
    let err = ops::record::backup_restore(&db.ctx, &by(2), restore(&b.file_name, None), Lang::En)
        .await
        .expect_err("needs the host");
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert!(
        err.message(Lang::En).contains("2 ballots"),
        "{}",
        err.message(Lang::En)
    );
    assert_eq!(live_head(&db).await, (live_events, live_head_hash.clone()));
    // A key that is not a host's cannot confirm.
    let member_key = ops::keys::key_list(&db.ctx, c)
        .await
        .expect("keys")
        .into_iter()
        .find(|k| k.key_id != host_key && k.status == ops::keys::KeyStatus::Active)
        .expect("a member's key")
        .key_id;
    let not_host = HostApproval {
        host_key_id: member_key,
        host_pin: HOST_PIN.into(),
    };
    let r = ops::record::backup_restore(
        &db.ctx,
        &by(2),
        restore(&b.file_name, Some(not_host)),
        Lang::En,
    )
    .await;
    assert_eq!(code(r), ErrorCode::InvalidInput);
    // A wrong PIN: refused (and logged in the live log, which moves the head).
    let wrong = HostApproval {
        host_key_id: host_key,
        host_pin: "000000".into(),
    };
    let r = ops::record::backup_restore(
        &db.ctx,
        &by(3),
        restore(&b.file_name, Some(wrong)),
        Lang::En,
    )
    .await;
    assert_eq!(code(r), ErrorCode::WrongPin);
    // The confirmation given for the earlier preview no longer matches the live log.
    let stale = BackupRestore {
        file_name: b.file_name.clone(),
        expect_live_head: Some(live_head_hash.clone()),
        confirmation: Some(host_confirms(host_key)),
    };
    let r = ops::record::backup_restore(&db.ctx, &by(4), stale, Lang::En).await;
    assert_eq!(code(r), ErrorCode::StalePreview);

    let (events_now, head_now) = live_head(&db).await;
    let done = ops::record::backup_restore(
        &db.ctx,
        &by(5),
        BackupRestore {
            file_name: b.file_name.clone(),
            expect_live_head: Some(head_now.clone()),
            confirmation: Some(host_confirms(host_key)),
        },
        Lang::En,
    )
    .await
    .expect("restored with the host's confirmation");
    assert!(done.report.ok, "{:?}", done.report.problems);
    assert_eq!(done.relation, RestoreRelation::Older);
    assert_eq!(done.discarded_head, head_now);
    assert_eq!(done.discarded.ballots, 2);
    let audit = ops::record::audit_verify(&db.ctx, None, Lang::En)
        .await
        .expect("audit");
    assert!(audit.ok, "{:?}", audit.problems);

    // The restored log is the backup's plus one `backup.restored` event saying it all.
    let rows = {
        let store = db.ctx.store().await;
        events::all(store.reader()).await.expect("events")
    };
    assert_eq!(rows.len() as i64, b.events + 1);
    assert_eq!(rows[b.events as usize - 1].hash, b.head_hash);
    let last = rows.last().expect("event");
    assert_eq!(last.kind, "backup.restored");
    let p: serde_json::Value = serde_json::from_str(&last.payload).expect("payload");
    assert_eq!(p["discarded_head"], head_now.as_str());
    assert_eq!(p["restored_head"], b.head_hash.as_str());
    assert_eq!(p["discarded_events"], events_now - b.events);
    assert_eq!(p["counts"]["ballots"], 2);
    let flagged: Vec<&str> = p["restored_over"]
        .as_array()
        .expect("receipts")
        .iter()
        .map(|r| r["receipt"].as_str().expect("hash"))
        .collect();
    assert_eq!(
        flagged,
        receipts.iter().map(String::as_str).collect::<Vec<_>>()
    );
    // The confirmation is the host's signature over a document naming both heads.
    let conf = &p["confirmation"];
    let doc: Document = serde_json::from_value(conf["document"].clone()).expect("document");
    assert_eq!(doc.get_text("discarded_head"), Some(head_now.as_str()));
    assert_eq!(doc.get_text("backup_head"), Some(b.head_hash.as_str()));
    assert_eq!(doc.get_int("ballots"), Some(2));
    assert_eq!(doc.get_int("receipts"), Some(2));
    let public = PublicKey::parse(conf["host_public_key"].as_str().expect("key")).expect("key");
    verify(
        &public,
        &doc,
        conf["signature"].as_str().expect("signature"),
    )
    .expect("the host's signature verifies");
    // The replaced database is kept whole (readable by the user only, like the restored live
    // file): its head is the discarded one.
    let kept = db.ctx.backup_dir().join(&done.replaced_kept_as);
    #[cfg(unix)]
    for file in [&kept, &db.path] {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(file).expect("file").permissions().mode();
        assert_eq!(mode & 0o077, 0, "{}: {mode:o}", file.display());
    }
    assert!(done.replaced_kept_as.starts_with("replaced-"));
    let old = yishi::store::Store::open_existing_read_only(&kept)
        .await
        .expect("kept");
    assert_eq!(
        events::head_of(old.reader()).await.expect("head"),
        (events_now, head_now)
    );
    old.close().await;
}

#[tokio::test]
async fn a_forked_backup_is_refused_without_confirmation_and_a_same_or_newer_one_needs_none() {
    let db = fresh().await;
    let c = crate::common::demo_without_keys(&db.ctx, &by(0))
        .await
        .expect("demo")
        .id;
    let host_key = enrol_host(&db, c).await;
    let a = backup(&db, 1).await;
    // The same head: restored without any confirmation, and still logged.
    let same = ops::record::backup_restore(&db.ctx, &by(2), restore(&a.file_name, None), Lang::En)
        .await
        .expect("same head needs no confirmation");
    assert_eq!(same.relation, RestoreRelation::Same);
    assert_eq!(same.discarded.events, 0);
    // Now the live log is A + `backup.restored`. B: the live log plus a settings change.
    ops::roll::community_settings(
        &db.ctx,
        &by(3),
        ops::types::CommunitySettingsUpdate {
            community_id: c,
            settings: yishi::domain::roll::RollSettings {
                parking_counts: true,
            },
        },
    )
    .await
    .expect("settings");
    let b = backup(&db, 4).await;
    // Back to A (older: confirmed), so B and the live log part after A's events.
    ops::record::backup_restore(
        &db.ctx,
        &by(5),
        restore(&a.file_name, Some(host_confirms(host_key))),
        Lang::En,
    )
    .await
    .expect("restore A");
    let preview = ops::record::backup_restore_preview(
        &db.ctx,
        BackupRef {
            file_name: b.file_name.clone(),
        },
        Lang::En,
    )
    .await
    .expect("preview B");
    assert_eq!(preview.relation, RestoreRelation::Fork);
    assert!(preview.needs_confirmation);
    // B holds A, the first `backup.restored`, the settings change and B's own checkpoint (each
    // backup logs one first); the live log holds A and the second `backup.restored`.
    assert_eq!(preview.common_events, a.events);
    assert_eq!(preview.backup_only_events, 3);
    assert_eq!(preview.discarded.events, 1);
    assert_eq!(preview.discarded_kinds[0].kind, "backup.restored");
    let before = live_head(&db).await;
    let err = ops::record::backup_restore(&db.ctx, &by(6), restore(&b.file_name, None), Lang::En)
        .await
        .expect_err("a fork needs the host");
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert!(
        err.message(Lang::En).contains("forks"),
        "{}",
        err.message(Lang::En)
    );
    assert_eq!(live_head(&db).await, before);
    let done = ops::record::backup_restore(
        &db.ctx,
        &by(7),
        restore(&b.file_name, Some(host_confirms(host_key))),
        Lang::En,
    )
    .await
    .expect("fork restored with confirmation");
    assert_eq!(done.relation, RestoreRelation::Fork);
    assert!(done.report.ok, "{:?}", done.report.problems);

    // On a new computer (an empty database) every backup is newer: nothing is discarded.
    // Same user, same keystore (the secrets travel with the user, not the database file: on
    // another user's computer `secrets_recover` with the code comes first, tests/it/secrets.rs).
    let other = fresh().await;
    std::fs::create_dir_all(other.ctx.backup_dir()).unwrap();
    std::fs::copy(&b.path, other.ctx.backup_dir().join(&b.file_name)).unwrap();
    let theirs = yishi::secrets::Keystore::folder_beside(&db.path);
    let ours = yishi::secrets::Keystore::folder_beside(&other.path);
    for entry in std::fs::read_dir(&theirs).expect("secrets folder") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), ours.join(entry.file_name())).expect("copy the secrets");
    }
    let newer =
        ops::record::backup_restore(&other.ctx, &by(8), restore(&b.file_name, None), Lang::En)
            .await
            .expect("a newer backup needs no confirmation");
    assert_eq!(newer.relation, RestoreRelation::Newer);
    assert!(newer.report.ok);
    assert_eq!(newer.report.events, b.events + 1);
}

#[tokio::test]
async fn a_picked_file_is_taken_into_the_backups_folder_under_a_safe_name() {
    let db = fresh().await;
    crate::common::demo_without_keys(&db.ctx, &by(0))
        .await
        .expect("demo");
    let b = backup(&db, 1).await;
    let bytes = std::fs::read(&b.path).expect("bytes");
    let taken = ops::record::backup_upload(
        &db.ctx,
        by(2).now,
        BackupUpload {
            file_name: "../../家里 的/备份?.db".into(),
            content_base64: common::b64(&bytes),
            code: None,
        },
    )
    .await
    .expect("upload");
    assert!(
        taken.file_name.starts_with("uploaded-"),
        "{}",
        taken.file_name
    );
    assert!(
        !taken.file_name.contains(['/', '\\', '?', ' ']),
        "{}",
        taken.file_name
    );
    assert!(taken.file_name.ends_with("备份.db"), "{}", taken.file_name);
    assert_eq!(
        std::path::Path::new(&taken.path).parent(),
        Some(db.ctx.backup_dir())
    );
    assert_eq!(taken.head_hash, b.head_hash);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&taken.path).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "readable by the user only: {mode:o}");
    }
    let preview = ops::record::backup_restore_preview(
        &db.ctx,
        BackupRef {
            file_name: taken.file_name.clone(),
        },
        Lang::En,
    )
    .await
    .expect("preview the upload");
    assert_eq!(preview.relation, RestoreRelation::Same);
    // Not a database, empty, or too large: refused, nothing written.
    let listed = ops::record::backup_list(&db.ctx).await.expect("list").len();
    for (content, expected) in [
        (common::b64(b"hello, not sqlite"), ErrorCode::Integrity),
        (String::new(), ErrorCode::InvalidInput),
        (
            "A".repeat((ops::record::MAX_UPLOAD_BYTES + 16) / 3 * 4),
            ErrorCode::InvalidInput,
        ),
    ] {
        let r = ops::record::backup_upload(
            &db.ctx,
            by(3).now,
            BackupUpload {
                file_name: "x.db".into(),
                content_base64: content,
                code: None,
            },
        )
        .await;
        assert_eq!(code(r), expected);
    }
    assert_eq!(
        ops::record::backup_list(&db.ctx).await.expect("list").len(),
        listed
    );
    let files = std::fs::read_dir(db.ctx.backup_dir()).unwrap().count();
    assert_eq!(files, listed, "no refused upload left a file");
}

#[test]
fn the_command_line_copies_a_named_file_into_the_backups_folder_first() {
    use std::process::Command;
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("live").join("yishi.db");
    let yishi = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_yishi"))
            .arg("--db")
            .arg(&db)
            .args(["--lang", "en"])
            .args(args)
            .env("YISHI_PIN", crate::common::DEMO_HOST_PIN)
            .output()
            .expect("run yishi");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).to_string()
                + &String::from_utf8_lossy(&out.stderr),
        )
    };
    let (status, out) = yishi(&["demo"]);
    assert_eq!(status, Some(0), "{out}");
    let (host, _) = crate::common::demo_host_in(&out);
    let elsewhere = dir.path().join("usb").join("copy.db");
    std::fs::create_dir_all(elsewhere.parent().unwrap()).unwrap();
    let (status, out) = yishi(&["backup", "create", "--out", elsewhere.to_str().unwrap()]);
    assert_ne!(status, Some(0), "a backup needs a signed-in host: {out}");
    assert!(out.contains("--as"), "{out}");
    let (status, out) = yishi(&[
        "--as",
        &host,
        "backup",
        "create",
        "--out",
        elsewhere.to_str().unwrap(),
    ]);
    assert_eq!(status, Some(0), "{out}");
    let (status, out) = yishi(&[
        "--as",
        &host,
        "backup",
        "restore",
        elsewhere.to_str().unwrap(),
    ]);
    assert_eq!(status, Some(0), "{out}");
    let folder = dir.path().join("live").join("backups");
    let names: Vec<String> = std::fs::read_dir(&folder)
        .expect("backups folder")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("imported-") && n.ends_with("copy.db")),
        "{names:?}"
    );
    assert!(
        names.iter().any(|n| n.starts_with("replaced-")),
        "{names:?}"
    );
    // The same file again is older now (the restore was logged): refused without --host-key.
    let (status, out) = yishi(&[
        "--as",
        &host,
        "backup",
        "restore",
        elsewhere.to_str().unwrap(),
    ]);
    assert_ne!(status, Some(0), "{out}");
    assert!(out.contains("The host must"), "{out}");
}

#[tokio::test]
async fn through_the_operations_table_a_path_is_refused_and_the_preview_is_plain_json() {
    use serde_json::json;
    use yishi::commands::{Request, dispatch};
    let db = fresh().await;
    let c = ops::demo::demo_load(&db.ctx, &by(0))
        .await
        .expect("demo")
        .id;
    let (_, token) = crate::common::demo_sign_in(&db.ctx, c, Role::Host, by(2).now).await;
    let b = backup(&db, 1).await;
    let before = live_head(&db).await;
    let call = |op: &'static str, args: serde_json::Value| {
        dispatch(
            &db.ctx,
            Request {
                op,
                args,
                session: Some(&token),
                lang: Lang::En,
                now: by(2).now,
            },
        )
    };
    // The old argument shape (any path the app can read) is no longer accepted.
    let old = call("backup_restore", json!({ "path": b.path })).await;
    assert_eq!(old.expect_err("old shape").code, ErrorCode::InvalidInput);
    let escape = call("backup_restore", json!({ "file_name": "../yishi.db" })).await;
    assert_eq!(escape.expect_err("escape").code, ErrorCode::InvalidInput);
    let preview = call(
        "backup_restore_preview",
        json!({ "file_name": b.file_name }),
    )
    .await
    .expect("preview");
    assert_eq!(preview["relation"], "same");
    assert_eq!(preview["needs_confirmation"], false);
    assert_eq!(live_head(&db).await, before);
}

#[tokio::test]
async fn the_command_line_restores_an_older_backup_with_the_hosts_key_and_pin() {
    use std::process::Command;
    let db = fresh().await;
    let c = crate::common::demo_without_keys(&db.ctx, &by(0))
        .await
        .expect("demo")
        .id;
    let host_key = enrol_host(&db, c).await;
    let b = backup(&db, 1).await;
    ops::roll::community_settings(
        &db.ctx,
        &by(2),
        ops::types::CommunitySettingsUpdate {
            community_id: c,
            settings: yishi::domain::roll::RollSettings {
                parking_counts: true,
            },
        },
    )
    .await
    .expect("settings");
    let (events, head) = live_head(&db).await;
    let host = host_person(&db, c).await.to_string();
    db.ctx.store().await.close().await;
    let yishi = |args: &[&str], pin: Option<&str>| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_yishi"));
        cmd.arg("--db")
            .arg(&db.path)
            .args(["--lang", "en"])
            .args(args);
        match pin {
            Some(p) => cmd.env("YISHI_PIN", p),
            None => cmd.env_remove("YISHI_PIN"),
        };
        let out = cmd.output().expect("run yishi");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).to_string()
                + &String::from_utf8_lossy(&out.stderr),
        )
    };
    let key = host_key.to_string();
    let (status, out) = yishi(
        &[
            "--as",
            &host,
            "backup",
            "restore",
            &b.file_name,
            "--preview",
        ],
        Some(HOST_PIN),
    );
    assert_eq!(status, Some(0), "{out}");
    assert!(out.contains("older than the live log"), "{out}");
    assert!(
        out.contains(&format!("  {key}  ")),
        "the host key is offered: {out}"
    );
    let (status, out) = yishi(
        &["--as", &host, "backup", "restore", &b.file_name],
        Some(HOST_PIN),
    );
    assert_ne!(status, Some(0), "{out}");
    let (status, out) = yishi(
        &[
            "--as",
            &host,
            "backup",
            "restore",
            &b.file_name,
            "--host-key",
            &key,
        ],
        Some("000000"),
    );
    assert_ne!(status, Some(0), "a wrong PIN: {out}");
    let (status, out) = yishi(
        &[
            "--as",
            &host,
            "backup",
            "restore",
            &b.file_name,
            "--host-key",
            &key,
        ],
        Some(HOST_PIN),
    );
    assert_eq!(status, Some(0), "{out}");
    assert!(out.contains("replaced-"), "{out}");
    // Opened as the app opens it (the CLI's last writes may still be in the -wal file).
    let restored = yishi::store::Store::open(&db.path).await.expect("open");
    let rows = events::all(restored.reader()).await.expect("events");
    restored.close().await;
    let last = rows.last().expect("event");
    assert_eq!(last.kind, "backup.restored");
    let p: serde_json::Value = serde_json::from_str(&last.payload).expect("payload");
    // The wrong PIN at sign-in was logged in the live log before the restore: one more event
    // discarded (signing in itself changes no record).
    assert_eq!(p["discarded_events"], events + 1 - b.events);
    assert_ne!(p["discarded_head"], head.as_str());
    assert!(p["confirmation"]["signature"].is_string());
}
