//! Upgrades keep every record (issue 19): before a database with a schema is migrated, a verified
//! copy goes into the backups folder and is reported; a database from a newer release is refused
//! and left byte for byte as it was; a copy that does not verify stops the upgrade. Also: a data
//! folder whose path has Chinese characters and spaces works end to end through the CLI.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;
use yishi::lang::Lang;
use yishi::ops::{self, Ctx, OpError};
use yishi::store::{Store, StoreError};

const FIXTURE: &str = "release-2026-12.db";
/// The fixture's chain (tests/fixtures/release-2026-12.md).
const EVENTS: i64 = 469;
const HEAD: &str = "47b11264cb0fc7b23b6ff12e37fcd6edec8b89a95a14bf6244b0a2c75547f290";

fn copy_fixture(dir: &Path) -> PathBuf {
    let path = dir.join("yishi.db");
    std::fs::write(&path, common::fixture(FIXTURE)).expect("copy the fixture");
    path
}

fn backups(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir.join("backups")) else {
        return Vec::new();
    };
    let mut v: Vec<PathBuf> = entries.map(|e| e.expect("entry").path()).collect();
    v.sort();
    v
}

async fn sql(path: &Path, statements: &str) {
    use sqlx::Connection;
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .expect("open directly");
    sqlx::raw_sql(statements)
        .execute(&mut conn)
        .await
        .expect("plain SQL runs");
    conn.close().await.expect("close");
}

fn yishi(db: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_yishi"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("YISHI_DB")
        .env("YISHI_PIN", "demo-host-2026")
        .output()
        .expect("run yishi");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn the_release_database_is_backed_up_and_verified_before_it_is_migrated() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = copy_fixture(dir.path());
    assert!(backups(dir.path()).is_empty());

    let ctx = Ctx::open(&path).await.expect("open and migrate");
    let b = ctx
        .upgrade_backup()
        .expect("an upgrade makes a backup")
        .clone();
    assert_eq!(backups(dir.path()), vec![b.path.clone()]);
    assert_eq!(b.path.parent(), Some(ctx.backup_dir()));
    let name = b.path.file_name().unwrap().to_string_lossy().to_string();
    assert!(
        name.starts_with("before-upgrade-") && name.ends_with("-m6.db"),
        "{name}"
    );
    assert_eq!(
        (b.from_migration, b.events, b.head_hash.as_str()),
        (6, EVENTS, HEAD)
    );
    assert!(b.to_migration > 6);
    #[cfg(unix)]
    assert_eq!(yishi::store::private::mode_of(&b.path), Some(0o600));

    // The copy is the release's database as it was: its migrations, its chain, its head.
    let copy = Store::open_existing_read_only(&b.path).await.expect("copy");
    let versions: Vec<i64> = sqlx::query_scalar("SELECT version FROM _sqlx_migrations")
        .fetch_all(copy.reader())
        .await
        .unwrap();
    assert_eq!(versions, (1..=6).collect::<Vec<_>>());
    let (events, head) = yishi::store::events::head_of(copy.reader()).await.unwrap();
    assert_eq!((events, head.as_str()), (EVENTS, HEAD));
    let rows = yishi::store::events::all(copy.reader()).await.unwrap();
    assert!(ops::record::audit::check_chain(&rows).is_empty());
    copy.close().await;

    // The upgraded database records where the copy is, and its audit passes.
    let report = ops::record::audit_verify(&ctx, None, Lang::En)
        .await
        .expect("audit");
    assert!(report.ok, "{report:?}");
    let payload: String = {
        let store = ctx.store().await;
        sqlx::query_scalar("SELECT payload FROM events WHERE kind = 'store.upgraded'")
            .fetch_one(store.reader())
            .await
            .expect("one store.upgraded event")
    };
    let payload: serde_json::Value = serde_json::from_str(&payload).unwrap();
    assert_eq!(payload["backup_file"], name.as_str());
    assert_eq!(payload["backup_head"], HEAD);
    assert_eq!(payload["from_migration"], 6);
    // It is an ordinary backup: listed, and restorable by name.
    let listed = ops::record::backup_list(&ctx).await.expect("list");
    assert!(listed.iter().any(|i| i.file_name == name), "{listed:?}");
    assert!(ctx.upgrade_notice(Lang::Zh).unwrap().contains(&name));
    // The app's first screen learns it from app_info, to tell the host where the copy is.
    let info = ops::roll::app_info(&ctx, &common::caller())
        .await
        .expect("info");
    let up = info.upgraded.expect("the upgrade is reported");
    assert!(up.backup.ends_with(&name), "{}", up.backup);
    assert_eq!(up.from_migration, 6);
    ctx.store().await.close().await;
    drop(ctx);

    // Opened again: nothing to migrate, no second copy.
    let again = Ctx::open(&path).await.expect("reopen");
    assert!(again.upgrade_backup().is_none());
    let info = ops::roll::app_info(&again, &common::caller())
        .await
        .expect("info");
    assert!(info.upgraded.is_none());
    assert_eq!(backups(dir.path()).len(), 1);
}

#[test]
fn the_cli_says_where_the_pre_upgrade_backup_is() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = copy_fixture(dir.path());
    // Any command that opens the database migrates it (`audit verify` reads it as it is).
    let (ok, stdout, stderr) = yishi(&path, &["--lang", "en", "community", "list"]);
    assert!(ok, "{stdout}{stderr}");
    let made = backups(dir.path());
    assert_eq!(made.len(), 1);
    assert!(
        stderr.contains("A verified backup was made first")
            && stderr.contains(&made[0].display().to_string()),
        "{stderr}"
    );
    // The command's own output is unchanged by the notice.
    assert!(!stdout.contains("verified backup"), "{stdout}");
    let (ok, _, stderr) = yishi(&path, &["--lang", "en", "audit", "verify"]);
    assert!(ok && !stderr.contains("backup"), "{stderr}");
}

#[tokio::test]
async fn a_database_from_a_newer_release_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("yishi.db");
    {
        let ctx = Ctx::open(&path).await.expect("a current database");
        ctx.store().await.close().await;
    }
    sql(
        &path,
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (9999, 'from a newer release', 1, x'00', 0);",
    )
    .await;
    assert!(!Path::new(&format!("{}-wal", path.display())).exists());
    let before = std::fs::read(&path).expect("bytes");
    let backups_before = backups(dir.path());

    let err = Ctx::open(&path).await.err().expect("refused");
    assert!(
        matches!(
            err,
            OpError::Storage(StoreError::NewerSchema {
                migration: 9999,
                ..
            })
        ),
        "{err:?}"
    );
    assert!(
        err.message(Lang::Zh).contains("更新版本的议事厅"),
        "{}",
        err.message(Lang::Zh)
    );
    assert!(err.message(Lang::En).contains("newer version"));
    assert_eq!(err.code(), ops::ErrorCode::Integrity);
    assert_eq!(
        std::fs::read(&path).expect("bytes"),
        before,
        "the file is untouched"
    );
    assert_eq!(backups(dir.path()), backups_before, "no copy is made");

    // Through the CLI: a clear message, a failing exit, the file still untouched.
    let (ok, _, stderr) = yishi(&path, &["--lang", "en", "audit", "verify"]);
    assert!(!ok);
    assert!(
        stderr.contains("made by a newer version of Yishi"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&path).expect("bytes"), before);
}

#[tokio::test]
async fn a_copy_that_does_not_verify_stops_the_upgrade() {
    // A release database whose chain was edited outside the app: the copy's chain does not
    // recompute, so nothing is migrated and no copy is left.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = copy_fixture(dir.path());
    sql(
        &path,
        "DROP TRIGGER IF EXISTS events_no_update;
         UPDATE events SET payload = '{}' WHERE seq = 5;",
    )
    .await;
    let err = Ctx::open(&path).await.err().expect("refused");
    assert!(
        matches!(&err, OpError::Storage(StoreError::UpgradeBackup(d)) if d.contains("#5")),
        "{err:?}"
    );
    assert!(err.message(Lang::Zh).contains("没有升级"));
    assert!(backups(dir.path()).is_empty(), "{:?}", backups(dir.path()));
    let copy = Store::open_existing_read_only(&path).await.expect("open");
    let newest: i64 = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
        .fetch_one(copy.reader())
        .await
        .unwrap();
    assert_eq!(newest, 6, "not migrated");
}

#[test]
fn a_data_folder_with_chinese_and_spaces_works_through_the_cli() {
    let root = tempfile::tempdir().expect("temp dir");
    let dir = root.path().join("测试 目录").join("议事 厅");
    let db = dir.join("议事 厅.db");
    let (ok, out, err) = yishi(&db, &["--lang", "en", "demo"]);
    assert!(ok, "{out}{err}");
    assert!(db.is_file());
    let host = out
        .lines()
        .find(|l| l.contains("meeting host"))
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or_else(|| panic!("the demo prints its host: {out}"))
        .to_string();
    let (ok, out, err) = yishi(&db, &["--as", &host, "backup", "create"]);
    assert!(ok, "{out}{err}");
    let made = backups(&dir);
    assert_eq!(made.len(), 1, "{made:?}");
    let export = dir.join("导出 名册.csv");
    let (ok, out, err) = yishi(
        &db,
        &[
            "--as",
            &host,
            "roll",
            "export",
            "--community",
            "1",
            "--out",
            export.to_str().unwrap(),
        ],
    );
    assert!(ok, "{out}{err}");
    let csv = std::fs::read(&export).expect("the export");
    assert!(csv.len() > 100);
    let (ok, out, err) = yishi(&db, &["audit", "verify"]);
    assert!(ok, "{out}{err}");
    // The backup restores by its file name from that folder.
    let name = made[0].file_name().unwrap().to_str().unwrap().to_string();
    let (ok, out, err) = yishi(
        &db,
        &["--lang", "en", "--as", &host, "backup", "restore", &name],
    );
    assert!(ok, "{out}{err}");
    #[cfg(unix)]
    {
        assert_eq!(yishi::store::private::mode_of(&db), Some(0o600));
        assert_eq!(yishi::store::private::mode_of(&made[0]), Some(0o600));
        assert_eq!(yishi::store::private::mode_of(&dir), Some(0o700));
    }
}

#[cfg(unix)]
#[test]
fn folders_made_on_the_way_to_the_database_are_user_only() {
    let root = tempfile::tempdir().expect("temp dir");
    let data = root.path().join("数据 A");
    let db = data.join("sub").join("yishi.db");
    let picked = yishi::store::private::mode_of(root.path());
    let (ok, out, err) = yishi(&db, &["--lang", "en", "community", "list"]);
    assert!(ok, "{out}{err}");
    for d in [&data, &data.join("sub"), &data.join("sub").join("logs")] {
        assert_eq!(
            yishi::store::private::mode_of(d),
            Some(0o700),
            "{}",
            d.display()
        );
    }
    // The folder the user picked already existed: left as it was.
    assert_eq!(yishi::store::private::mode_of(root.path()), picked);
}

#[tokio::test]
async fn a_folder_named_with_url_characters_is_opened_where_it_is() {
    // `?`, `#` and `%41` would be cut off or decoded inside a `sqlite://` URL.
    let root = tempfile::tempdir().expect("temp dir");
    let odd = if cfg!(windows) {
        "a#b%41 c"
    } else {
        "a?b#c%41 d"
    };
    let dir = root.path().join(odd);
    let db = dir.join("yishi.db");
    let ctx = Ctx::open(&db).await.expect("open");
    ctx.store().await.close().await;
    drop(ctx);
    assert!(db.is_file(), "the database is where it was asked to be");
    let entries: Vec<_> = std::fs::read_dir(root.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(entries, vec![std::ffi::OsString::from(odd)]);
    let again = Ctx::open(&db).await.expect("reopen");
    assert!(again.upgrade_backup().is_none());
}
