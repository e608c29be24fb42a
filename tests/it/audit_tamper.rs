//! Editing the database file directly, with plain SQL, is caught by `yishi audit verify`,
//! which names the event where the damage shows.

use crate::common;

use std::process::Command;
use yishi::ops;

/// A database with a few events: community created, demo roll imported, roles assigned.
async fn populated() -> common::TestDb {
    let db = common::fresh().await;
    ops::demo::demo_load(&db.ctx, &common::caller())
        .await
        .expect("demo loads");
    db
}

fn verify(path: &std::path::Path, extra: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_yishi"))
        .args([
            "--db",
            path.to_str().expect("utf-8 temp path"),
            "--lang",
            "en",
            "audit",
            "verify",
        ])
        .args(extra)
        .output()
        .expect("run yishi");
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

async fn tamper(path: &std::path::Path, sql: &str) {
    use sqlx::Connection;
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .expect("open directly");
    sqlx::raw_sql(sql)
        .execute(&mut conn)
        .await
        .expect("tamper SQL runs");
    conn.close().await.expect("close");
}

/// (what the intruder does, what verify must say)
const CASES: &[(&str, &str, &str)] = &[
    (
        "edit an event's payload",
        "DROP TRIGGER events_no_update; UPDATE events SET payload = replace(payload, '阳光山庄', '月光山庄') WHERE seq = 1;",
        "Event #1: its content does not match its hash",
    ),
    (
        "edit an event's actor",
        "DROP TRIGGER events_no_update; UPDATE events SET actor = '别人' WHERE seq = 3;",
        "Event #3: its content does not match its hash",
    ),
    (
        "delete an event",
        "DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq = 2;",
        "Event #3: event #2 before it is missing",
    ),
    (
        "swap two events",
        "DROP TRIGGER events_no_update; UPDATE events SET seq = -3 WHERE seq = 3; UPDATE events SET seq = 3 WHERE seq = 4; UPDATE events SET seq = 4 WHERE seq = -3;",
        "Event #3: its link to the previous event is broken",
    ),
    (
        "change a unit's area",
        "UPDATE units SET area_centi = area_centi + 1 WHERE id = 5;",
        "differs from the digest Event #",
    ),
    (
        "give a unit another owner",
        "UPDATE unit_people SET person_id = (SELECT MAX(id) FROM persons) WHERE rowid = (SELECT MIN(rowid) FROM unit_people WHERE unit_id = 7);",
        "changed outside the app",
    ),
    (
        "remove the append-only guard only",
        "DROP TRIGGER events_no_delete;",
        "append-only guard (triggers) was removed",
    ),
];

#[tokio::test]
async fn every_kind_of_tampering_is_named() {
    for (what, sql, expect) in CASES {
        let db = populated().await;
        let (ok, text) = verify(&db.path, &[]);
        assert!(ok, "{what}: the untouched database verifies:\n{text}");
        db.ctx.store().await.close().await;
        tamper(&db.path, sql).await;
        let (ok, text) = verify(&db.path, &[]);
        assert!(!ok, "{what}: verify must fail:\n{text}");
        assert!(
            text.contains(expect),
            "{what}: expected {expect:?} in:\n{text}"
        );
    }
}

#[tokio::test]
async fn a_log_cut_short_is_caught_against_a_written_down_head() {
    let db = populated().await;
    let report = ops::record::audit_verify(&db.ctx, None, yishi::lang::Lang::En)
        .await
        .expect("verify");
    assert!(report.ok);
    let head = report.head_hash.clone();
    db.ctx.store().await.close().await;
    let (ok, _) = verify(&db.path, &["--expect-head", &head]);
    assert!(ok, "the head matches before the cut");
    let last = report.events;
    tamper(
        &db.path,
        &format!("DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq = {last};"),
    )
    .await;
    let (ok, text) = verify(&db.path, &["--expect-head", &head]);
    assert!(!ok, "verify must fail:\n{text}");
    assert!(text.contains("may have been cut off"), "{text}");
}

#[tokio::test]
async fn the_app_itself_cannot_rewrite_history() {
    let db = populated().await;
    let store = db.ctx.store().await;
    let err = sqlx::query("UPDATE events SET actor = 'x' WHERE seq = 1")
        .execute(store.reader())
        .await;
    assert!(err.is_err(), "even a read connection cannot update");
    let mut tx = store.begin().await.expect("begin");
    let err = sqlx::query("DELETE FROM events WHERE seq = 1")
        .execute(tx.conn())
        .await
        .expect_err("the guard refuses");
    assert!(err.to_string().contains("append-only"), "{err}");
}

/// A 住改商 request's rows (migration 0012) edited or written outside the app are named by
/// table and row, at the event that recorded them.
#[tokio::test]
async fn consent_rows_changed_outside_the_app_are_named() {
    use yishi::domain::consent::CoOwnerRule;
    use yishi::ops::consent::{ConsentOpen, consent_open};
    let db = populated().await;
    let by = common::caller();
    let c = ops::roll::community_list(&db.ctx).await.expect("list")[0].id;
    let unit_id = {
        let store = db.ctx.store().await;
        let mut conn = store.reader().acquire().await.expect("conn");
        yishi::store::roll::units(&mut conn, c, Some("1栋"))
            .await
            .expect("units")[0]
            .unit_id
    };
    let open = ConsentOpen {
        community_id: c,
        unit_id,
        applicant: "申请人".into(),
        business: "茶室".into(),
        deadline: (by.now + chrono::Duration::days(10)).to_rfc3339(),
        co_owners: CoOwnerRule::EveryCoOwner,
    };
    consent_open(&db.ctx, &by, open, yishi::lang::Lang::En)
        .await
        .expect("open");
    assert!(verify(&db.path, &[]).0, "clean before tampering");
    tamper(
        &db.path,
        "DROP TRIGGER consent_requests_no_update; UPDATE consent_requests SET business = '酒吧' WHERE id = 1;
         INSERT INTO consent_parties (consent_id, party_key, basis, units, members, developer, added_at, added_by)
         VALUES (1, 'owners:999', 'same_building', '[]', '[]', 0, '2026-11-22T09:00:00Z', 'intruder');",
    )
    .await;
    let (ok, out) = verify(&db.path, &[]);
    assert!(!ok, "{out}");
    assert!(
        out.contains("change-of-use request (consent_requests row 1) differs from the digest"),
        "{out}"
    );
    assert!(
        out.contains("has no event: it was written outside the app"),
        "{out}"
    );
    assert!(
        out.contains("guards (triggers) of the change-of-use tables were removed"),
        "{out}"
    );
}

/// The newest roll-changing event of the (only) community: (seq, roll_digest_version).
async fn newest_roll_event(path: &std::path::Path) -> (i64, Option<i64>) {
    use sqlx::Connection;
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .expect("open directly");
    let row: (i64, Option<i64>) = sqlx::query_as(
        "SELECT seq, json_extract(payload, '$.roll_digest_version') FROM events
         WHERE json_extract(payload, '$.roll_digest') IS NOT NULL ORDER BY seq DESC LIMIT 1",
    )
    .fetch_one(&mut conn)
    .await
    .expect("a roll-changing event");
    conn.close().await.expect("close");
    row
}

/// Roll digest v2 (docs/signing.md §3.1) covers what decides an entrance vote and a residents'
/// meeting (migration 0010): a unit's entrance, the day a person turns 18 and whether they live
/// in the unit. Each edited with plain SQL after a v2 event is named as the community's roll.
#[tokio::test]
async fn entrance_adulthood_and_residence_edits_are_named() {
    const EDITS: &[(&str, &str)] = &[
        (
            "move a unit to another entrance",
            "UPDATE units SET entrance = '9单元' WHERE id = 5;",
        ),
        (
            "make an attached person a minor",
            "UPDATE persons SET adult_from = '2099-01-01'
             WHERE id = (SELECT person_id FROM unit_people WHERE unit_id = 5 LIMIT 1);",
        ),
        (
            "say an owner does (not) live in the unit",
            "UPDATE unit_people SET lives_there = CASE lives_there WHEN 1 THEN 0 ELSE 1 END
             WHERE rowid = (SELECT MIN(rowid) FROM unit_people WHERE unit_id = 5);",
        ),
    ];
    for (what, sql) in EDITS {
        let db = populated().await;
        db.ctx.store().await.close().await;
        let (seq, version) = newest_roll_event(&db.path).await;
        assert_eq!(version, Some(2), "new roll-changing events record v2");
        let (ok, text) = verify(&db.path, &[]);
        assert!(ok, "{what}: the untouched database verifies:\n{text}");
        tamper(&db.path, sql).await;
        let (ok, text) = verify(&db.path, &[]);
        assert!(!ok, "{what}: verify must fail:\n{text}");
        let expect = format!(
            "The roll of \"阳光山庄\" differs from the digest Event #{seq} recorded: it was changed outside the app."
        );
        assert!(
            text.contains(&expect),
            "{what}: expected {expect:?} in:\n{text}"
        );
    }
}

/// A roll row edited into a value no version writes (an unparseable date) is named as a changed
/// roll, not a failure of verify itself.
#[tokio::test]
async fn an_unreadable_roll_value_is_named_too() {
    let db = populated().await;
    db.ctx.store().await.close().await;
    tamper(
        &db.path,
        "UPDATE persons SET adult_from = 'soon'
         WHERE id = (SELECT person_id FROM unit_people WHERE unit_id = 5 LIMIT 1);",
    )
    .await;
    let (ok, text) = verify(&db.path, &[]);
    assert!(!ok, "{text}");
    assert!(
        text.contains("The roll of \"阳光山庄\" differs from the digest"),
        "{text}"
    );
}
