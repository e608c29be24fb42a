//! Secrets kept outside the database (issue 13): a stolen database file alone opens no key and
//! enumerates no ID number; the recovery code brings the secrets back from a backup; identity
//! digests are keyed (and an old database is migrated, still passing its audit); files are
//! user-only.

use crate::common::{self, caller};
use std::path::{Path, PathBuf};
use yishi::crypto::canonical::identity_digest;
use yishi::lang::Lang;
use yishi::ops::keys::{IdCheck, KeyEnrol, KeyRotate};
use yishi::ops::recovery::SecretsRecover;
use yishi::ops::{self, Ctx, ErrorCode, OpError, SecretsProblem};
use yishi::secrets::Keystore;

const ROSTER: &str = "楼栋,房号,类型,面积,面积来源,房屋状态,姓名,证件号,电话,身份,投票人
1栋,101,住宅,89.50,登记,已交付,陈建华,500113196805043319,,业主,
1栋,102,住宅,118.20,登记,已交付,刘秀兰,500113197208111429,,业主,
1栋,201,住宅,95.36,登记,已交付,张国庆,500106196910015172,,业主,
1栋,101,住宅,89.50,登记,已交付,赵小雨,,,住户,
";
const IDS: [&str; 3] = [
    "500113196805043319",
    "500113197208111429",
    "500106196910015172",
];
const PIN: &str = "735190";

/// A database with a community, its roster, and a key sealed under `PIN` for 陈建华.
async fn community_with_key() -> (common::TestDb, i64, i64) {
    let db = common::fresh().await;
    let c = common::import_roster(&db, &caller(), "一号小区", ROSTER).await;
    let p = common::person_named(&db, c, "陈建华").await;
    let key = ops::keys::key_enrol(
        &db.ctx,
        &caller(),
        KeyEnrol {
            community_id: c,
            person_id: p,
            pin: PIN.into(),
            checked_by: "记录员 李梅".into(),
            check: IdCheck::IdCard,
            registrar: None,
        },
    )
    .await
    .expect("enrol");
    (db, c, key.key_id)
}

async fn rotate(ctx: &Ctx, c: i64, key_id: i64, pin: &str) -> Result<i64, OpError> {
    ops::keys::key_rotate(
        ctx,
        &caller(),
        KeyRotate {
            community_id: c,
            key_id,
            pin: pin.into(),
            new_pin: "468024".into(),
            registrar: None,
        },
    )
    .await
    .map(|k| k.key_id)
}

async fn scalar(path: &Path, sql: &str) -> String {
    use sqlx::Connection;
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .expect("open directly");
    sqlx::query_scalar(sql)
        .fetch_one(&mut conn)
        .await
        .expect("query")
}

async fn exec(path: &Path, sql: &str) {
    use sqlx::Connection;
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .expect("open directly");
    sqlx::raw_sql(sql).execute(&mut conn).await.expect("sql");
}

/// The database file copied alone (as a thief or a careless share would) into a fresh folder.
async fn steal(db: &common::TestDb) -> (tempfile::TempDir, PathBuf) {
    let backup = ops::record::backup_create(&db.ctx, common::at(22, 10), None)
        .await
        .expect("backup");
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("stolen.db");
    std::fs::copy(&backup.path, &path).expect("copy");
    (dir, path)
}

#[tokio::test]
async fn a_stolen_database_opens_no_key_and_refuses_to_open() {
    let (db, c, key_id) = community_with_key().await;
    let code = ops::recovery::recovery_code_renew(&db.ctx, &caller())
        .await
        .expect("code")
        .code;
    let status = ops::recovery::secrets_status(&db.ctx)
        .await
        .expect("status");
    assert!(status.recovery_code_issued);
    assert!(
        status
            .kept_in
            .ends_with(&format!("{}.json", status.database_id))
    );
    let (_dir, stolen) = steal(&db).await;

    // Opening the copy without its secrets refuses, says to recover, and makes none.
    let err = Ctx::open(&stolen).await.err().expect("refused");
    assert!(
        matches!(
            &err,
            OpError::Secrets(SecretsProblem::Missing {
                recoverable: true,
                ..
            })
        ),
        "{err:?}"
    );
    assert_eq!(err.code(), ErrorCode::Integrity);
    assert!(
        err.message(Lang::En).contains("yishi recover"),
        "{}",
        err.message(Lang::En)
    );
    assert!(err.message(Lang::Zh).contains("恢复码"));
    assert!(
        !Keystore::folder_beside(&stolen).exists(),
        "no new secrets were made"
    );

    // The sealed key itself, with the right PIN, does not open without the pepper.
    let sealed = scalar(
        &stolen,
        &format!("SELECT sealed_secret FROM signing_keys WHERE id = {key_id}"),
    )
    .await;
    let inner = sealed
        .strip_prefix("peppered-v1:")
        .expect("sealed under the pepper");
    let public = yishi::crypto::signing::PublicKey::parse(
        &scalar(
            &stolen,
            &format!("SELECT public_key FROM signing_keys WHERE id = {key_id}"),
        )
        .await,
    )
    .expect("key");
    let secret = yishi::crypto::sealed::SealedSecret::from_text(inner).expect("parses");
    let doc = yishi::crypto::signing::Document::new("yishi/probe/v1");
    assert_eq!(
        secret.sign(PIN, &public, &doc),
        Err(yishi::crypto::sealed::SealError::WrongPin)
    );

    // A thief who deletes the database's id gets fresh secrets, and still no key opens.
    exec(&stolen, "DELETE FROM settings WHERE name = 'database_id'").await;
    let thief = Ctx::open(&stolen).await.expect("opens with new secrets");
    let err = rotate(&thief, c, key_id, PIN).await.expect_err("no key");
    assert_eq!(err.code(), ErrorCode::WrongPin, "{err:?}");

    // Where the secrets are, the same PIN works.
    rotate(&db.ctx, c, key_id, PIN)
        .await
        .expect("the owner's key opens");
    drop(code);
}

#[tokio::test]
async fn recovery_from_a_backup_restores_keys_and_digests_and_a_wrong_code_changes_nothing() {
    let (db, c, key_id) = community_with_key().await;
    let issued = ops::recovery::recovery_code_renew(&db.ctx, &caller())
        .await
        .expect("code");
    let backup = ops::record::backup_create(&db.ctx, common::at(22, 10), None)
        .await
        .expect("backup");
    let export_before = ops::roll::roll_export(
        &db.ctx,
        ops::types::ExportRequest {
            community_id: c,
            format: Default::default(),
            save_to_downloads: false,
        },
    )
    .await
    .expect("export")
    .content_base64;

    // A new laptop: nothing but the backup file.
    let laptop = tempfile::tempdir().expect("dir");
    let db_path = laptop.path().join("yishi.db");
    let keystore = Keystore::for_database(&db_path);
    let wrong = yishi::secrets::issue_recovery_code();
    let err = ops::recovery::recover(&keystore, Path::new(&backup.path), &wrong, Some(&db_path))
        .await
        .expect_err("wrong code");
    assert!(
        matches!(err, OpError::Secrets(SecretsProblem::WrongCode)),
        "{err:?}"
    );
    assert!(err.message(Lang::En).contains("nothing was changed"));
    assert!(!db_path.exists(), "the wrong code put nothing in place");
    assert!(!Keystore::folder_beside(&db_path).exists());
    let err = ops::recovery::recover(&keystore, Path::new(&backup.path), "not a code", None)
        .await
        .expect_err("malformed");
    assert!(matches!(
        err,
        OpError::Secrets(SecretsProblem::MalformedCode)
    ));

    // The code as written down, typed in lower case with spaces.
    let typed = issued.code.to_lowercase().replace('-', " ");
    let outcome =
        ops::recovery::recover(&keystore, Path::new(&backup.path), &typed, Some(&db_path))
            .await
            .expect("recovered");
    assert!(outcome.installed);
    assert_eq!(outcome.database_id, issued.database_id);
    assert_eq!(
        outcome.database_copied_to.as_deref(),
        Some(db_path.display().to_string().as_str())
    );
    let again = ops::recovery::recover(&keystore, Path::new(&backup.path), &typed, None)
        .await
        .expect("again");
    assert!(!again.installed, "the same secrets are already there");

    let ctx = Ctx::open(&db_path)
        .await
        .expect("opens with the recovered secrets");
    let fresh = common::fresh().await;
    let status = ops::recovery::secrets_status(&fresh.ctx)
        .await
        .expect("status");
    assert!(
        !status.recovery_code_issued,
        "a new database has no code yet"
    );
    // Keys: the same PIN opens the key.
    rotate(&ctx, c, key_id, PIN)
        .await
        .expect("the key works after recovery");
    // Digests: the export is the same, and re-importing it finds the same persons.
    let export_after = ops::roll::roll_export(
        &ctx,
        ops::types::ExportRequest {
            community_id: c,
            format: Default::default(),
            save_to_downloads: false,
        },
    )
    .await
    .expect("export")
    .content_base64;
    assert_eq!(export_before, export_after);
    let preview = ops::roll::roll_import_preview(
        &ctx,
        ops::types::ImportRequest {
            community_id: c,
            file_name: "roster.csv".into(),
            content_base64: common::b64(ROSTER.as_bytes()),
            options: ops::types::ImportOptions {
                create_buildings: false,
            },
        },
        Lang::En,
    )
    .await
    .expect("preview");
    assert_eq!(preview.new_units, 0);
    assert_eq!(
        preview.changed_units, 0,
        "the ID numbers still find their persons"
    );
    let report = ops::record::audit_verify(&ctx, None, Lang::En)
        .await
        .expect("audit");
    assert!(report.ok, "{report:?}");
}

#[tokio::test]
async fn a_backup_whose_secrets_are_missing_is_not_restored_until_recovered() {
    let (db, _c, _key) = community_with_key().await;
    let code = ops::recovery::recovery_code_renew(&db.ctx, &caller())
        .await
        .expect("code")
        .code;
    let backup = ops::record::backup_create(&db.ctx, common::at(22, 10), None)
        .await
        .expect("backup");
    // Another installation, with its own (different) database.
    let other = common::fresh().await;
    let before = other.ctx.secrets().database_id().to_string();
    // The file is brought into the other laptop's backups folder (as a picked file would be).
    std::fs::create_dir_all(other.ctx.backup_dir()).expect("backups folder");
    let name = std::path::Path::new(&backup.path)
        .file_name()
        .expect("name")
        .to_string_lossy()
        .to_string();
    std::fs::copy(&backup.path, other.ctx.backup_dir().join(&name)).expect("copy");
    let restore = || ops::record::BackupRestore {
        file_name: name.clone(),
        expect_live_head: None,
        confirmation: None,
    };
    let err = ops::record::backup_restore(&other.ctx, &caller(), restore(), Lang::En)
        .await
        .expect_err("refused");
    assert!(
        matches!(err, OpError::Secrets(SecretsProblem::BackupSecretsMissing)),
        "{err:?}"
    );
    assert_eq!(other.ctx.secrets().database_id(), before, "nothing changed");
    ops::recovery::secrets_recover(
        &other.ctx,
        SecretsRecover {
            backup_path: name.clone(),
            code,
        },
    )
    .await
    .expect("recover the backup's secrets");
    ops::record::backup_restore(&other.ctx, &caller(), restore(), Lang::En)
        .await
        .expect("restored");
    assert_eq!(
        other.ctx.secrets().database_id(),
        db.ctx.secrets().database_id(),
        "the restored database's secrets are in use"
    );
}

#[tokio::test]
async fn keyed_digests_differ_per_community_and_no_export_carries_an_enumerable_one() {
    let db = common::fresh().await;
    let one = common::import_roster(&db, &caller(), "一号小区", ROSTER).await;
    let two = common::import_roster(&db, &caller(), "二号小区", ROSTER).await;
    let digests = |c: i64| {
        let db = &db;
        async move {
            let store = db.ctx.store().await;
            let mut conn = store.reader().acquire().await.expect("conn");
            yishi::store::roll::person_digests(&mut conn, c)
                .await
                .expect("digests")
                .into_iter()
                .map(|(_, d)| d)
                .collect::<Vec<_>>()
        }
    };
    let (d1, d2) = (digests(one).await, digests(two).await);
    assert_eq!(d1.len(), 4);
    for d in &d1 {
        assert!(
            !d2.contains(d),
            "the same person has a different digest in each community"
        );
    }
    // The unkeyed forms a thief could compute from guessed ID numbers.
    let enumerable: Vec<String> = IDS
        .iter()
        .flat_map(|id| {
            [
                identity_digest(id),
                yishi::crypto::canonical::sha256_hex(id.as_bytes()),
            ]
        })
        .collect();
    for e in &enumerable {
        assert!(
            !d1.contains(e) && !d2.contains(e),
            "stored digests are keyed"
        );
    }
    let key = db.ctx.secrets().id_key(one);
    assert!(d1.contains(&key.digest(&identity_digest(IDS[0]))));

    // Every export: the roll (CSV), the event log, a backup file, the database file itself.
    let mut texts = Vec::new();
    for c in [one, two] {
        let file = ops::roll::roll_export(
            &db.ctx,
            ops::types::ExportRequest {
                community_id: c,
                format: Default::default(),
                save_to_downloads: false,
            },
        )
        .await
        .expect("export");
        let bytes = base64::Engine::decode(
            &base64::engine::general_purpose::STANDARD,
            file.content_base64,
        )
        .expect("b64");
        let csv = String::from_utf8_lossy(&bytes).to_string();
        assert!(
            csv.contains(yishi::crypto::canonical::KEYED_PREFIX),
            "{csv}"
        );
        for id in IDS {
            assert!(!csv.contains(id));
        }
        texts.push(csv);
        let events = ops::record::event_list(
            &db.ctx,
            ops::types::EventQuery {
                community_id: Some(c),
                before_seq: None,
                limit: Some(500),
            },
            Lang::Zh,
        )
        .await
        .expect("events");
        texts.push(serde_json::to_string(&events).expect("json"));
    }
    let backup = ops::record::backup_create(&db.ctx, common::at(22, 10), None)
        .await
        .expect("backup");
    texts.push(String::from_utf8_lossy(&std::fs::read(&backup.path).expect("read")).to_string());
    for text in &texts {
        for e in &enumerable {
            assert!(!text.contains(e.as_str()), "an export carries {e}");
        }
    }
    // The exported keyed digest re-imports onto the same persons.
    let preview = ops::roll::roll_import_preview(
        &db.ctx,
        ops::types::ImportRequest {
            community_id: one,
            file_name: "export.csv".into(),
            content_base64: common::b64(texts[0].as_bytes()),
            options: ops::types::ImportOptions {
                create_buildings: false,
            },
        },
        Lang::En,
    )
    .await
    .expect("preview");
    assert_eq!((preview.new_units, preview.changed_units), (0, 0));
}

#[tokio::test]
async fn an_older_key_opens_with_the_bare_pin_once_and_is_peppered_after() {
    let (db, c, key_id) = community_with_key().await;
    // A key sealed before the pepper existed: under the bare PIN, without the mark.
    let (public, sealed) =
        yishi::crypto::signing::generate(PIN, yishi::crypto::sealed::Cost::PRACTICE)
            .expect("generate");
    db.ctx.store().await.close().await;
    exec(
        &db.path,
        &format!(
            "UPDATE signing_keys SET public_key = '{}', sealed_secret = '{}' WHERE id = {key_id}",
            public.hex(),
            sealed.to_text()
        ),
    )
    .await;
    let ctx = Ctx::open(&db.path).await.expect("reopen");
    // A wrong PIN is still wrong, and changes nothing.
    let err = rotate(&ctx, c, key_id, "999999").await.expect_err("wrong");
    assert_eq!(err.code(), ErrorCode::WrongPin);
    let still = scalar(
        &db.path,
        &format!("SELECT sealed_secret FROM signing_keys WHERE id = {key_id}"),
    )
    .await;
    assert_eq!(still, sealed.to_text());
    rotate(&ctx, c, key_id, PIN)
        .await
        .expect("opens with the bare PIN");
    // Sealed again under the pepper before the rotation ended it (which wipes the secret).
    let logged = scalar(
        &db.path,
        "SELECT group_concat(kind, ' ') FROM events WHERE kind IN ('key.resealed', 'key.rotated') ORDER BY seq",
    )
    .await;
    assert_eq!(logged, "key.resealed key.rotated");
    let payload = scalar(
        &db.path,
        "SELECT payload FROM events WHERE kind = 'key.resealed'",
    )
    .await;
    assert!(payload.contains("\"peppered\":true"), "{payload}");
}

#[tokio::test]
async fn the_release_database_is_keyed_once_and_passes_its_audit() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("yishi.db");
    std::fs::write(&path, common::fixture("release-2026-12.db")).expect("copy");
    let unkeyed: Vec<String> = {
        use sqlx::Connection;
        let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
            .await
            .expect("open");
        sqlx::query_scalar("SELECT id_digest FROM persons")
            .fetch_all(&mut conn)
            .await
            .expect("digests")
    };
    assert!(!unkeyed.is_empty());
    let ctx = Ctx::open(&path).await.expect("open and migrate");
    let report = ops::record::audit_verify(&ctx, None, Lang::En)
        .await
        .expect("audit");
    assert!(report.ok, "{report:?}");
    ctx.store().await.close().await;
    let keyed = scalar(&path, "SELECT group_concat(id_digest) FROM persons").await;
    for d in &unkeyed {
        assert!(!keyed.contains(d.as_str()));
    }
    // Gone from the file, its free pages and the -wal.
    let mut bytes = std::fs::read(&path).expect("db");
    bytes.extend(std::fs::read(format!("{}-wal", path.display())).unwrap_or_default());
    let text = String::from_utf8_lossy(&bytes);
    for d in &unkeyed {
        assert!(!text.contains(d.as_str()), "{d} is still in the file");
    }
    // Once: reopening changes nothing.
    let count = scalar(
        &path,
        "SELECT CAST(COUNT(*) AS TEXT) FROM events WHERE kind = 'persons.id_digests_keyed'",
    )
    .await;
    let ctx = Ctx::open(&path).await.expect("reopen");
    ctx.store().await.close().await;
    assert_eq!(
        count,
        scalar(
            &path,
            "SELECT CAST(COUNT(*) AS TEXT) FROM events WHERE kind = 'persons.id_digests_keyed'"
        )
        .await
    );
    // A roll edit is still caught after the migration.
    exec(
        &path,
        "UPDATE persons SET name = name || '改' WHERE id = (SELECT MIN(person_id) FROM unit_people)",
    )
    .await;
    let ctx = Ctx::open(&path).await.expect("reopen");
    let report = ops::record::audit_verify(&ctx, None, Lang::En)
        .await
        .expect("audit");
    assert!(!report.ok, "an edited roll must fail the audit");
}

#[tokio::test]
async fn a_roll_edited_before_the_migration_is_not_laundered_by_it() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("yishi.db");
    std::fs::write(&path, common::fixture("release-2026-12.db")).expect("copy");
    exec(
        &path,
        "UPDATE persons SET name = name || '改' WHERE id = (SELECT MIN(person_id) FROM unit_people)",
    )
    .await;
    let ctx = Ctx::open(&path).await.expect("open and migrate");
    let report = ops::record::audit_verify(&ctx, None, Lang::En)
        .await
        .expect("audit");
    assert!(
        !report.ok,
        "the edit made before the upgrade is still named"
    );
}

#[cfg(unix)]
#[tokio::test]
async fn database_backups_exports_and_secrets_are_user_only() {
    use yishi::store::private::mode_of;
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("data").join("yishi.db");
    let ctx = Ctx::open(&path).await.expect("open");
    let c = ops::roll::community_create(
        &ctx,
        &caller(),
        ops::types::CommunityCreate {
            name: "一号小区".into(),
            address: String::new(),
            buildings: vec!["1栋".into()],
            settings: Default::default(),
        },
    )
    .await
    .expect("community")
    .id;
    assert!(c > 0);
    let backup = ops::record::backup_create(&ctx, common::at(22, 10), None)
        .await
        .expect("backup");
    let data = dir.path().join("data");
    assert_eq!(mode_of(&data), Some(0o700));
    assert_eq!(mode_of(&path), Some(0o600));
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    assert!(wal.exists());
    assert_eq!(mode_of(&wal), Some(0o600));
    assert_eq!(mode_of(&data.join("backups")), Some(0o700));
    assert_eq!(mode_of(Path::new(&backup.path)), Some(0o600));
    let secrets = Keystore::folder_beside(&path);
    assert_eq!(mode_of(&secrets), Some(0o700));
    let file = secrets.join(format!("{}.json", ctx.secrets().database_id()));
    assert_eq!(mode_of(&file), Some(0o600));

    // A database an older version left world-readable is tightened when opened.
    drop(ctx);
    std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o644))
        .expect("chmod");
    let _ctx = Ctx::open(&path).await.expect("reopen");
    assert_eq!(mode_of(&path), Some(0o600));

    // Files the CLI exports (a member's key file holds a sealed secret).
    let key_file = dir.path().join("my.key.json");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_yishi"))
        .arg("--db")
        .arg(dir.path().join("cli").join("yishi.db"))
        .args([
            "keys",
            "generate",
            "--holder",
            "陈建华",
            "--community",
            "一号小区",
            "--out",
        ])
        .arg(&key_file)
        .env("YISHI_PIN", PIN)
        .env("HOME", dir.path())
        .output()
        .expect("run yishi");
    if key_file.exists() {
        assert_eq!(mode_of(&key_file), Some(0o600));
    } else {
        panic!(
            "key generate wrote no file: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// `yishi recover` after a reinstall: the secrets folder is gone, the database refuses to open
/// and says to recover; the code typed on standard input brings the secrets back.
#[tokio::test]
async fn the_command_line_recovers_after_a_reinstall() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let (db, _c, _key) = community_with_key().await;
    let code = ops::recovery::recovery_code_renew(&db.ctx, &caller())
        .await
        .expect("code")
        .code;
    db.ctx.store().await.close().await;
    std::fs::remove_dir_all(Keystore::folder_beside(&db.path)).expect("the reinstall");
    // The code was written to the -wal, not yet into the file: recovery reads it there too.
    assert!(PathBuf::from(format!("{}-wal", db.path.display())).exists());
    let yishi = |args: &[&str], input: Option<&str>| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_yishi"))
            .args(["--db", db.path.to_str().expect("utf-8"), "--lang", "en"])
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run yishi");
        if let Some(text) = input {
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(text.as_bytes())
                .expect("write");
        }
        let out = child.wait_with_output().expect("wait");
        (
            out.status.code(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        )
    };
    // Anything that opens the database for work refuses without its secrets (`audit verify`
    // reads the file as it is and needs none).
    let (status, text) = yishi(&["community", "list"], None);
    assert_eq!(status, Some(2), "{text}");
    assert!(text.contains("yishi recover"), "{text}");
    let wrong = format!("{}\n", yishi::secrets::issue_recovery_code().as_str());
    let (status, text) = yishi(&["recover"], Some(&wrong));
    assert_eq!(status, Some(2), "{text}");
    assert!(text.contains("Wrong recovery code"), "{text}");
    let (status, text) = yishi(&["recover"], Some(&format!("{code}\n")));
    assert_eq!(status, Some(0), "{text}");
    assert!(text.contains("recovered"), "{text}");
    let (status, text) = yishi(&["audit", "verify"], None);
    assert_eq!(status, Some(0), "{text}");
}
