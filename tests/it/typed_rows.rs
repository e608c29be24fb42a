//! Typed rows: kinds and statuses are parsed where rows are read. A value this version does not
//! know (written by hand with plain SQL here) is an error naming the table, the row and the value,
//! in Chinese and English, never a default (an unknown meeting kind used to become a residents'
//! meeting). Stored times written with an offset are read as the instants they are.

use crate::common;

use common::{caller, fresh};
use yishi::domain::meeting::MeetingKind;
use yishi::lang::Lang;
use yishi::ops::meetings::{MeetingMode, MeetingSchedule};
use yishi::ops::{self, ErrorCode};

/// Runs `statement` directly on the file, past the schema's CHECK constraints (as a newer
/// version whose schema allows more values, or a hand edit, could leave the row).
async fn sql(path: &std::path::Path, statement: &str) {
    use sqlx::Connection;
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .expect("open directly");
    let statement = format!("PRAGMA ignore_check_constraints = ON; {statement}");
    sqlx::raw_sql(&statement)
        .execute(&mut conn)
        .await
        .expect("SQL runs");
    conn.close().await.expect("close");
}

fn names(err: &ops::OpError, lang: Lang, parts: &[&str]) {
    let text = err.message(lang);
    for p in parts {
        assert!(text.contains(p), "{p:?} missing from {text}");
    }
}

#[tokio::test]
async fn an_unknown_meeting_kind_is_an_error_naming_the_row() {
    let db = fresh().await;
    let by = caller();
    let c = ops::demo::demo_load(&db.ctx, &by).await.expect("demo").id;
    let m = ops::meetings::meeting_schedule(
        &db.ctx,
        &by,
        MeetingSchedule {
            community_id: c,
            kind: MeetingKind::Committee,
            mode: MeetingMode::InPerson,
            title: "业主委员会会议".into(),
            place: "业委会办公室".into(),
            starts_at: "2026-12-20T19:00".into(),
            host_id: None,
            secretary_id: None,
            entitled: None,
            residents_mode: None,
        },
        Lang::Zh,
    )
    .await
    .expect("schedule")
    .summary
    .meeting_id;
    let before = ops::meetings::meeting_detail(&db.ctx, &by, m, Lang::En)
        .await
        .expect("detail");
    assert_eq!(before.summary.kind, MeetingKind::Committee);

    sql(
        &db.path,
        &format!("UPDATE meetings SET kind = 'town_hall' WHERE id = {m}"),
    )
    .await;
    let err = ops::meetings::meeting_detail(&db.ctx, &by, m, Lang::En)
        .await
        .expect_err("an unknown kind is not read as a residents' meeting");
    assert_eq!(err.code(), ErrorCode::Storage);
    names(
        &err,
        Lang::En,
        &[
            "meetings",
            &format!("row {m}"),
            "town_hall",
            "does not know",
        ],
    );
    names(
        &err,
        Lang::Zh,
        &["meetings", &format!("第 {m} 行"), "town_hall", "不认识"],
    );
    let err = ops::meetings::meeting_list(&db.ctx, &by, c, Lang::En)
        .await
        .expect_err("the list stops too");
    names(&err, Lang::En, &["town_hall"]);
}

#[tokio::test]
async fn an_unknown_vote_status_or_kind_is_an_error_naming_the_row() {
    let db = fresh().await;
    let by = caller();
    let (c, v, _) = common::open_demo_vote(&db, &by, "类型").await;
    let views = ops::votes::vote_list(&db.ctx, by.now, c)
        .await
        .expect("list");
    assert_eq!(views[0].status, ops::votes::VoteStatus::Open);

    sql(
        &db.path,
        &format!("UPDATE votes SET status = 'paused' WHERE id = {v}"),
    )
    .await;
    let err = ops::votes::vote_list(&db.ctx, by.now, c)
        .await
        .expect_err("an unknown status is not read as closed");
    names(
        &err,
        Lang::En,
        &["votes", &format!("row {v}"), "status", "paused"],
    );

    sql(
        &db.path,
        &format!("UPDATE votes SET status = 'open', kind = 'referendum' WHERE id = {v}"),
    )
    .await;
    let err = ops::votes::vote_detail(&db.ctx, by.now, v, Lang::Zh)
        .await
        .expect_err("an unknown kind is not read as a question");
    assert_eq!(err.code(), ErrorCode::Storage);
    names(&err, Lang::Zh, &["votes", "referendum", "不认识"]);
}

/// A time stored with an offset (as an older version or another tool may have written it) is
/// read as the instant it names and shown in the one UTC form.
#[tokio::test]
async fn stored_offset_times_are_read_as_instants() {
    let db = fresh().await;
    let by = caller();
    let (c, v, _) = common::open_demo_vote(&db, &by, "时区").await;
    // by.now is 2026-11-22T09:00Z; the window closes at 11:00Z, written here at UTC-8.
    sql(
        &db.path,
        &format!("UPDATE votes SET closes_at = '2026-11-22T03:00:00-08:00' WHERE id = {v}"),
    )
    .await;
    let view = ops::votes::vote_list(&db.ctx, by.now, c)
        .await
        .expect("list")
        .remove(0);
    assert_eq!(view.closes_at, "2026-11-22T11:00:00Z");
    sql(
        &db.path,
        &format!("UPDATE votes SET closes_at = 'next Tuesday' WHERE id = {v}"),
    )
    .await;
    let err = ops::votes::vote_list(&db.ctx, by.now, c)
        .await
        .expect_err("a time that is not one is an error");
    names(&err, Lang::En, &["votes", "closes_at", "next Tuesday"]);
}

#[tokio::test]
async fn an_unknown_convention_kind_is_an_error_naming_the_row() {
    use yishi::domain::convention::ConventionKind;
    use yishi::ops::conventions::ConventionCreate;
    let db = fresh().await;
    let by = caller();
    let c = ops::demo::demo_load(&db.ctx, &by).await.expect("demo").id;
    let made = ops::conventions::convention_create(
        &db.ctx,
        &by,
        ConventionCreate {
            community_id: c,
            kind: ConventionKind::ResidentsConvention,
            title: "文明公约（类型测试）".into(),
            articles: Vec::new(),
        },
        Lang::Zh,
    )
    .await
    .expect("create");
    let id = made.convention_id;
    sql(
        &db.path,
        &format!("UPDATE conventions SET kind = 'charter' WHERE id = {id}"),
    )
    .await;
    let err = ops::conventions::convention_list(&db.ctx, c, Lang::En)
        .await
        .expect_err("an unknown convention kind stops the list");
    assert_eq!(err.code(), ErrorCode::Storage);
    names(
        &err,
        Lang::En,
        &["conventions", &format!("row {id}"), "kind", "charter"],
    );
}
