//! The store on real SQLite files: settings, the chain, imports (atomic, idempotent, stale
//! previews refused), several communities, backups and restores.

use crate::common;

use common::{b64, caller, fixture, fresh};
use yishi::domain::roll::RollSettings;
use yishi::lang::Lang;
use yishi::ops::types::*;
use yishi::ops::{self, ErrorCode, OpError};

async fn community(db: &common::TestDb, name: &str) -> i64 {
    let input = CommunityCreate {
        name: name.into(),
        address: String::new(),
        buildings: vec!["1栋".into(), "2栋".into(), "3栋".into()],
        settings: RollSettings::default(),
    };
    ops::roll::community_create(&db.ctx, &caller(), input)
        .await
        .expect("create")
        .id
}

fn request(community_id: i64, file: &str) -> ImportRequest {
    ImportRequest {
        community_id,
        file_name: file.into(),
        content_base64: b64(&fixture(file)),
        options: ImportOptions::default(),
    }
}

async fn import(
    db: &common::TestDb,
    community_id: i64,
    file: &str,
) -> Result<ImportOutcome, OpError> {
    let req = request(community_id, file);
    let preview = ops::roll::roll_import_preview(&db.ctx, req.clone(), Lang::Zh).await?;
    ops::roll::roll_import_commit(
        &db.ctx,
        &caller(),
        ImportCommit {
            request: req,
            plan_digest: preview.plan_digest,
            job_id: Some("t".into()),
        },
        Lang::Zh,
    )
    .await
}

async fn event_count(db: &common::TestDb) -> i64 {
    ops::roll::app_info(&db.ctx, &common::caller())
        .await
        .expect("info")
        .events
}

#[tokio::test]
async fn the_database_runs_with_legal_record_settings() {
    let db = fresh().await;
    let store = db.ctx.store().await;
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(store.reader())
        .await
        .expect("pragma");
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(store.reader())
        .await
        .expect("pragma");
    let sync: i64 = sqlx::query_scalar("PRAGMA synchronous")
        .fetch_one(store.reader())
        .await
        .expect("pragma");
    assert_eq!(
        (mode.as_str(), fk, sync),
        ("wal", 1, 2),
        "WAL, foreign keys on, synchronous=FULL"
    );
}

#[tokio::test]
async fn every_change_is_chained_in_the_log() {
    let db = fresh().await;
    let id = community(&db, "甲小区").await;
    import(&db, id, "roster-small.csv").await.expect("import");
    ops::roll::community_settings(
        &db.ctx,
        &caller(),
        CommunitySettingsUpdate {
            community_id: id,
            settings: RollSettings {
                parking_counts: true,
            },
        },
    )
    .await
    .expect("settings");
    let page = ops::record::event_list(
        &db.ctx,
        EventQuery {
            community_id: None,
            before_seq: None,
            limit: None,
        },
        Lang::Zh,
    )
    .await
    .expect("events");
    let kinds: Vec<&str> = page.events.iter().rev().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "community.created",
            "root.created",
            "roll.imported",
            "community.settings_changed"
        ]
    );
    assert!(page.events.iter().all(|e| e.actor == "测试主持人"));
    let report = ops::record::audit_verify(&db.ctx, None, Lang::Zh)
        .await
        .expect("verify");
    assert!(report.ok, "{:?}", report.problems);
}

#[tokio::test]
async fn the_same_roster_in_utf8_gbk_and_xlsx_gives_the_same_roll() {
    // One community: its identity digests are keyed with its own key, so the same roll has the
    // same digest there (and only there).
    let mut digests = Vec::new();
    let db = fresh().await;
    let id = community(&db, "乙小区").await;
    for file in [
        "roster-small.csv",
        "roster-small-gbk.csv",
        "roster-small.xlsx",
    ] {
        let out = import(&db, id, file)
            .await
            .unwrap_or_else(|e| panic!("{file}: {}", e.message(Lang::En)));
        digests.push((out.persons, out.area, out.digest));
    }
    assert_eq!(digests[0], digests[1], "GBK equals UTF-8");
    assert_eq!(digests[0], digests[2], "XLSX equals UTF-8");
}

#[tokio::test]
async fn reimporting_updates_instead_of_duplicating() {
    let db = fresh().await;
    let id = community(&db, "丙小区").await;
    let first = import(&db, id, "roster-small.csv")
        .await
        .expect("first import");
    let units_before = ops::roll::unit_list(
        &db.ctx,
        UnitQuery {
            community_id: id,
            building: None,
            search: None,
            offset: 0,
            limit: None,
        },
    )
    .await
    .expect("units")
    .total;
    let preview =
        ops::roll::roll_import_preview(&db.ctx, request(id, "roster-small.csv"), Lang::Zh)
            .await
            .expect("preview");
    assert_eq!((preview.new_units, preview.changed_units), (0, 0));
    assert_eq!(preview.unchanged_units, units_before);
    let second = import(&db, id, "roster-small.csv")
        .await
        .expect("second import");
    let units_after = ops::roll::unit_list(
        &db.ctx,
        UnitQuery {
            community_id: id,
            building: None,
            search: None,
            offset: 0,
            limit: None,
        },
    )
    .await
    .expect("units")
    .total;
    assert_eq!(units_before, units_after);
    assert_eq!(
        (first.persons, first.area, &first.digest),
        (second.persons, second.area, &second.digest)
    );
}

#[tokio::test]
async fn a_roster_with_problems_writes_nothing() {
    let db = fresh().await;
    let id = community(&db, "丁小区").await;
    let before = event_count(&db).await;
    let req = request(id, "roster-bad.csv");
    let preview = ops::roll::roll_import_preview(&db.ctx, req.clone(), Lang::Zh)
        .await
        .expect("preview");
    assert!(!preview.can_commit);
    assert!(
        preview.problems.len() >= 7,
        "every problem reported: {:#?}",
        preview.problems
    );
    assert!(
        preview
            .problems
            .iter()
            .all(|p| p.problem.line >= 2 && !p.message.is_empty())
    );
    let err = ops::roll::roll_import_commit(
        &db.ctx,
        &caller(),
        ImportCommit {
            request: req,
            plan_digest: preview.plan_digest,
            job_id: None,
        },
        Lang::Zh,
    )
    .await
    .expect_err("refused");
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert_eq!(event_count(&db).await, before, "no event, no change");
    let summary = ops::roll::roll_summary(
        &db.ctx,
        RollQuery {
            community_id: id,
            building: None,
        },
    )
    .await
    .expect("summary");
    assert_eq!(summary.units, 0);
}

#[tokio::test]
async fn a_commit_after_the_roll_changed_is_refused_as_stale() {
    let db = fresh().await;
    let id = community(&db, "戊小区").await;
    let req = request(id, "roster-small.csv");
    let preview = ops::roll::roll_import_preview(&db.ctx, req.clone(), Lang::Zh)
        .await
        .expect("preview");
    ops::roll::community_settings(
        &db.ctx,
        &caller(),
        CommunitySettingsUpdate {
            community_id: id,
            settings: RollSettings {
                parking_counts: true,
            },
        },
    )
    .await
    .expect("settings");
    let err = ops::roll::roll_import_commit(
        &db.ctx,
        &caller(),
        ImportCommit {
            request: req,
            plan_digest: preview.plan_digest,
            job_id: None,
        },
        Lang::En,
    )
    .await
    .expect_err("stale");
    assert_eq!(err.code(), ErrorCode::StalePreview);
    assert!(err.message(Lang::En).contains("Preview again"));
}

#[tokio::test]
async fn several_communities_live_in_one_database() {
    let db = fresh().await;
    let a = community(&db, "一号小区").await;
    let b = community(&db, "二号小区").await;
    import(&db, a, "roster-small.csv").await.expect("import a");
    let list = ops::roll::community_list(&db.ctx).await.expect("list");
    let (ca, cb) = (
        list.iter().find(|c| c.id == a).expect("a"),
        list.iter().find(|c| c.id == b).expect("b"),
    );
    assert!(
        ca.persons > 0 && cb.persons == 0,
        "b's roll untouched by a's import"
    );
    let dup = ops::roll::community_create(
        &db.ctx,
        &caller(),
        CommunityCreate {
            name: "一号小区".into(),
            address: String::new(),
            buildings: vec![],
            settings: RollSettings::default(),
        },
    )
    .await;
    assert_eq!(dup.expect_err("duplicate name").code(), ErrorCode::Conflict);
}

#[tokio::test]
async fn an_older_backup_needs_a_confirmation_and_a_tampered_backup_is_refused() {
    let db = fresh().await;
    let id = community(&db, "己小区").await;
    import(&db, id, "roster-small.csv").await.expect("import");
    let backup = ops::record::backup_create(&db.ctx, common::at(22, 10), None)
        .await
        .expect("backup");
    assert!(backup.events >= 2);
    // Change the live roll after the backup.
    ops::roll::community_settings(
        &db.ctx,
        &caller(),
        CommunitySettingsUpdate {
            community_id: id,
            settings: RollSettings {
                parking_counts: true,
            },
        },
    )
    .await
    .expect("settings");
    // The backup is older than the live log now: without the host's signed confirmation it is
    // not restored (tests/it/restore.rs restores with one).
    let refused = ops::record::backup_restore(
        &db.ctx,
        &caller(),
        ops::record::BackupRestore {
            file_name: backup.file_name.clone(),
            expect_live_head: None,
            confirmation: None,
        },
        Lang::Zh,
    )
    .await
    .expect_err("an older backup needs a confirmation");
    assert_eq!(refused.code(), ErrorCode::Conflict);
    let summary = ops::roll::roll_summary(
        &db.ctx,
        RollQuery {
            community_id: id,
            building: None,
        },
    )
    .await
    .expect("summary");
    assert!(
        summary.settings.parking_counts,
        "the live database is as it was"
    );

    // A backup edited by hand is refused and the live database is left as it is.
    let tampered = db.ctx.backup_dir().join("tampered.db");
    std::fs::copy(&backup.path, &tampered).expect("copy");
    {
        use sqlx::Connection;
        let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", tampered.display()))
            .await
            .expect("open");
        sqlx::raw_sql(
            "DROP TRIGGER events_no_update; UPDATE events SET actor = '伪造' WHERE seq = 2;",
        )
        .execute(&mut conn)
        .await
        .expect("tamper");
        conn.close().await.expect("close");
    }
    let before = event_count(&db).await;
    let err = ops::record::backup_restore(
        &db.ctx,
        &caller(),
        ops::record::BackupRestore {
            file_name: "tampered.db".into(),
            expect_live_head: None,
            confirmation: None,
        },
        Lang::Zh,
    )
    .await
    .expect_err("refused");
    assert_eq!(err.code(), ErrorCode::Integrity);
    assert!(
        err.message(Lang::Zh).contains("第 2 号事件"),
        "{}",
        err.message(Lang::Zh)
    );
    assert_eq!(event_count(&db).await, before);
}
