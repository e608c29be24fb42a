//! Encrypted backups that live off the laptop (issue 14, "Losing the laptop"): exported under
//! the database's current recovery code, opened again by an upload, by `backup restore` and by
//! `recover` on a new laptop; a wrong code, a truncated or garbled file, an oversized one and a
//! valid container around something that is not a database are refused, changing nothing.

use crate::common::{self, TestDb, at, caller, fresh};
use std::path::Path;
use yishi::lang::Lang;
use yishi::ops::record::{BackupExported, BackupUpload, RestoreRelation};
use yishi::ops::{self, ErrorCode, OpError, SecretsProblem};
use yishi::secrets::Keystore;
use yishi::secrets::sealed_backup;

/// A database with the demo community and a recovery code; returns the code.
async fn with_code() -> (TestDb, String) {
    let db = fresh().await;
    common::demo_without_keys(&db.ctx, &caller())
        .await
        .expect("demo");
    let code = ops::recovery::recovery_code_renew(&db.ctx, &caller())
        .await
        .expect("code")
        .code;
    (db, code)
}

async fn export(db: &TestDb, code: &str, to: &Path) -> Result<BackupExported, OpError> {
    ops::record::backup_export_to(&db.ctx, at(22, 10), code, to).await
}

fn code_of(r: Result<impl std::fmt::Debug, OpError>) -> ErrorCode {
    r.expect_err("refused").code()
}

/// Every file in the backups folder (nothing refused may leave one).
fn folder(db: &TestDb) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(db.ctx.backup_dir())
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().to_string())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

async fn upload(
    db: &TestDb,
    bytes: &[u8],
    code: Option<&str>,
) -> Result<ops::types::BackupInfo, OpError> {
    ops::record::backup_upload(
        &db.ctx,
        at(22, 11),
        BackupUpload {
            file_name: "U盘备份.yishi-backup".into(),
            content_base64: common::b64(bytes),
            code: code.map(str::to_string),
        },
    )
    .await
}

#[tokio::test]
async fn an_exported_backup_round_trips_through_an_upload_with_its_code_only() {
    let (db, code) = with_code().await;
    let usb = tempfile::tempdir().expect("usb");
    let done = export(&db, &code, usb.path()).await.expect("export");
    let file = Path::new(&done.saved_to);
    assert_eq!(file.parent(), Some(usb.path()));
    assert!(
        done.file_name.ends_with(".yishi-backup"),
        "{}",
        done.file_name
    );
    let bytes = std::fs::read(file).expect("read");
    assert!(sealed_backup::is_sealed(&bytes));
    assert_eq!(bytes.len() as u64, done.bytes);
    assert!(
        !bytes.windows(15).any(|w| w == b"SQLite format 3"),
        "the database is not readable in the file"
    );
    // The live head when it was made, and the temporary copy is gone.
    let store = db.ctx.store().await;
    let (events, head) = yishi::store::events::head_of(store.reader())
        .await
        .expect("head");
    drop(store);
    assert_eq!((done.events, done.head_hash.clone()), (events, head));
    assert!(folder(&db).is_empty(), "{:?}", folder(&db));
    // Another export never overwrites the first.
    let second = export(&db, &code, usb.path()).await.expect("again");
    assert_ne!(second.saved_to, done.saved_to);

    // Without the code, with a wrong one, with a malformed one: refused, nothing written.
    let without = upload(&db, &bytes, None).await.expect_err("needs the code");
    assert_eq!(without.code(), ErrorCode::InvalidInput);
    assert!(
        without.message(Lang::Zh).contains("恢复码"),
        "{}",
        without.message(Lang::Zh)
    );
    let wrong = upload(&db, &bytes, Some(&yishi::secrets::issue_recovery_code()))
        .await
        .expect_err("wrong code");
    assert!(
        wrong.message(Lang::En).contains("does not open"),
        "{}",
        wrong.message(Lang::En)
    );
    assert!(wrong.message(Lang::Zh).contains("打不开"));
    assert!(matches!(
        upload(&db, &bytes, Some("12345")).await,
        Err(OpError::Secrets(SecretsProblem::MalformedCode))
    ));
    assert!(folder(&db).is_empty(), "{:?}", folder(&db));

    // With the code as written on the sheet, in lower case with spaces.
    let typed = code.to_lowercase().replace('-', " ");
    let taken = upload(&db, &bytes, Some(&typed)).await.expect("opens");
    assert!(taken.file_name.starts_with("uploaded-") && taken.file_name.ends_with(".db"));
    assert_eq!(taken.head_hash, done.head_hash);
    let preview = ops::record::backup_restore_preview(
        &db.ctx,
        ops::record::BackupRef {
            file_name: taken.file_name,
        },
        Lang::En,
    )
    .await
    .expect("preview");
    assert_eq!(preview.relation, RestoreRelation::Same);
    assert!(preview.backup_report.ok);
}

#[tokio::test]
async fn only_the_current_recovery_code_seals() {
    let db = fresh().await;
    common::demo_without_keys(&db.ctx, &caller())
        .await
        .expect("demo");
    let usb = tempfile::tempdir().expect("usb");
    let code = yishi::secrets::issue_recovery_code();
    // No code issued yet: nothing to seal under.
    assert!(matches!(
        export(&db, &code, usb.path()).await,
        Err(OpError::Secrets(SecretsProblem::NoEscrow))
    ));
    let old = ops::recovery::recovery_code_renew(&db.ctx, &caller())
        .await
        .expect("code")
        .code;
    let new = ops::recovery::recovery_code_renew(&db.ctx, &caller())
        .await
        .expect("code")
        .code;
    for not_current in [old.as_str(), code.as_str()] {
        let err = export(&db, not_current, usb.path())
            .await
            .expect_err("not the current code");
        assert_eq!(err.code(), ErrorCode::InvalidInput);
        assert!(err.message(Lang::Zh).contains("当前的恢复码"));
    }
    assert_eq!(std::fs::read_dir(usb.path()).unwrap().count(), 0);
    // An existing file is never overwritten.
    let taken = usb.path().join("taken.yishi-backup");
    std::fs::write(&taken, b"mine").unwrap();
    assert!(export(&db, &new, &taken).await.is_err());
    assert_eq!(std::fs::read(&taken).unwrap(), b"mine");
    let named = usb.path().join("mine.yishi-backup");
    let done = export(&db, &new, &named).await.expect("to a new file");
    assert_eq!(Path::new(&done.saved_to), named);
}

#[tokio::test]
async fn truncated_garbled_oversized_and_non_database_files_are_refused() {
    let (db, code) = with_code().await;
    let usb = tempfile::tempdir().expect("usb");
    let done = export(&db, &code, usb.path()).await.expect("export");
    let bytes = std::fs::read(&done.saved_to).expect("read");

    let truncated = &bytes[..bytes.len() - 100];
    let mut garbled = bytes.clone();
    let middle = garbled.len() / 2;
    garbled[middle] ^= 0x40;
    for (what, file) in [("truncated", truncated.to_vec()), ("garbled", garbled)] {
        let err = upload(&db, &file, Some(&code)).await.expect_err(what);
        assert_eq!(err.code(), ErrorCode::Integrity, "{what}");
        assert!(
            err.message(Lang::En).contains("damaged or incomplete"),
            "{what}"
        );
        assert!(err.message(Lang::Zh).contains("损坏或不完整"), "{what}");
    }
    // A valid container (right code, intact) around something that is not a database.
    let not_db =
        sealed_backup::seal(b"these are not the pages of a database", &code).expect("seal");
    assert_eq!(
        code_of(upload(&db, &not_db, Some(&code)).await),
        ErrorCode::Integrity
    );
    // An SQLite file of another application, sealed the same way.
    let other = tempfile::tempdir().expect("dir");
    let path = other.path().join("other.db");
    {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=rwc", path.display()))
            .await
            .expect("sqlite");
        sqlx::query("CREATE TABLE t (x)")
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    }
    let foreign = sealed_backup::seal(&std::fs::read(&path).unwrap(), &code).expect("seal");
    let err = upload(&db, &foreign, Some(&code))
        .await
        .expect_err("not Yishi's");
    assert!(
        err.message(Lang::En).contains("not a Yishi database"),
        "{}",
        err.message(Lang::En)
    );
    // Larger than the screen may send.
    let mut huge = bytes.clone();
    huge.resize(ops::record::MAX_UPLOAD_BYTES + 1024, 0);
    assert_eq!(
        code_of(upload(&db, &huge, Some(&code)).await),
        ErrorCode::InvalidInput
    );
    assert!(
        folder(&db).is_empty(),
        "nothing refused was kept: {:?}",
        folder(&db)
    );

    // The command line's path: a file above the limit is refused before it is read, and a
    // damaged one names itself; nothing lands in the backups folder.
    let big = usb.path().join("big.yishi-backup");
    std::fs::write(&big, &bytes[..sealed_backup::HEADER_LEN]).unwrap();
    // Sparse: no disk is used for the length.
    std::fs::OpenOptions::new()
        .write(true)
        .open(&big)
        .unwrap()
        .set_len(ops::record::sealed::MAX_SEALED_FILE_BYTES + 1)
        .unwrap();
    let err = ops::record::backup_take_in_file(&db.ctx, &caller(), &big, Some(&code))
        .await
        .expect_err("too large");
    assert!(
        err.message(Lang::En).contains("larger than"),
        "{}",
        err.message(Lang::En)
    );
    let cut = usb.path().join("cut.yishi-backup");
    std::fs::write(&cut, truncated).unwrap();
    let err = ops::record::backup_take_in_file(&db.ctx, &caller(), &cut, Some(&code))
        .await
        .expect_err("truncated");
    assert!(err.message(Lang::En).contains("cut.yishi-backup"));
    assert!(matches!(
        ops::record::backup_take_in_file(&db.ctx, &caller(), &cut, None).await,
        Err(OpError::Restore(_))
    ));
    assert!(folder(&db).is_empty(), "{:?}", folder(&db));
}

#[tokio::test]
async fn a_new_laptop_recovers_everything_from_the_usb_file_and_the_code() {
    let (db, code) = with_code().await;
    let usb = tempfile::tempdir().expect("usb");
    let done = export(&db, &code, usb.path()).await.expect("export");
    let file = Path::new(&done.saved_to);

    let laptop = tempfile::tempdir().expect("laptop");
    let db_path = laptop.path().join("data").join("yishi.db");
    let keystore = Keystore::for_database(&db_path);
    // A wrong code puts nothing in place and installs nothing.
    let wrong = yishi::secrets::issue_recovery_code();
    let err = ops::record::sealed::recover_from(&keystore, file, &wrong, Some(&db_path))
        .await
        .expect_err("wrong code");
    assert!(matches!(err, OpError::Restore(_)), "{err:?}");
    assert!(!db_path.exists());
    assert!(!Keystore::folder_beside(&db_path).exists());

    let outcome = ops::record::sealed::recover_from(&keystore, file, &code, Some(&db_path))
        .await
        .expect("recovered");
    assert!(outcome.installed);
    assert_eq!(outcome.database_id, done.database_id);
    assert!(db_path.exists());
    let leftovers: Vec<_> = std::fs::read_dir(db_path.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let ctx = ops::Ctx::open(&db_path)
        .await
        .expect("opens with its secrets");
    let report = ops::record::audit_verify(&ctx, Some(&done.head_hash), Lang::En)
        .await
        .expect("audit");
    assert!(report.ok, "{report:?}");
}

#[test]
fn the_command_line_exports_and_restores_an_encrypted_backup() {
    use std::process::Command;
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("live").join("yishi.db");
    let yishi = |args: &[&str], code: Option<&str>| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_yishi"));
        cmd.arg("--db")
            .arg(&db)
            .args(["--lang", "en"])
            .args(args)
            .env("YISHI_PIN", common::DEMO_HOST_PIN)
            .env_remove("YISHI_RECOVERY_CODE");
        if let Some(code) = code {
            cmd.env("YISHI_RECOVERY_CODE", code);
        }
        let out = cmd.output().expect("run yishi");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).to_string()
                + &String::from_utf8_lossy(&out.stderr),
        )
    };
    let (status, out) = yishi(&["demo"], None);
    assert_eq!(status, Some(0), "{out}");
    let (host, _) = common::demo_host_in(&out);
    let (status, out) = yishi(&["--as", &host, "recovery-code"], None);
    assert_eq!(status, Some(0), "{out}");
    let code = out.lines().next().expect("the code").trim().to_string();
    let usb = dir.path().join("usb");
    std::fs::create_dir_all(&usb).unwrap();
    let (status, out) = yishi(
        &["backup", "export", "--to", usb.to_str().unwrap()],
        Some(&code),
    );
    assert_ne!(status, Some(0), "an export needs a signed-in host: {out}");
    let (status, out) = yishi(
        &[
            "--as",
            &host,
            "backup",
            "export",
            "--to",
            usb.to_str().unwrap(),
        ],
        Some(&code),
    );
    assert_eq!(status, Some(0), "{out}");
    let file = std::fs::read_dir(&usb)
        .unwrap()
        .next()
        .expect("a file")
        .unwrap()
        .path();
    let wrong = yishi::secrets::issue_recovery_code().to_string();
    let (status, out) = yishi(
        &[
            "--as",
            &host,
            "backup",
            "restore",
            file.to_str().unwrap(),
            "--preview",
        ],
        Some(&wrong),
    );
    assert_eq!(status, Some(2), "{out}");
    assert!(out.contains("does not open"), "{out}");
    let (status, out) = yishi(
        &[
            "--as",
            &host,
            "backup",
            "restore",
            file.to_str().unwrap(),
            "--preview",
        ],
        Some(&code),
    );
    assert_eq!(status, Some(0), "{out}");
}
