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
        "hide a trigger under a name that looks like SQLite's own",
        "CREATE TRIGGER sqliteX_t AFTER INSERT ON checkpoints BEGIN UPDATE roles SET role = 'host' WHERE id = 1; END;",
        "has a trigger sqliteX_t that no migration makes",
    ),
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
        out.contains(
            "(consent_parties row 53) was logged by no event: it was written outside the app"
        ),
        "{out}"
    );
    assert!(
        out.contains("consent_requests_no_update (trigger) is missing"),
        "{out}"
    );
    // Each change is named once: the older per-consent check defers to the ledger and to the
    // schema check for what they already name.
    let listed = |needle: &str| {
        out.lines()
            .filter(|l| l.starts_with("  - ") && l.contains(needle))
            .count()
    };
    assert_eq!(listed("(consent_requests row 1) differs from"), 1, "{out}");
    assert_eq!(
        listed("(consent_parties row 53) was logged by no event"),
        1,
        "{out}"
    );
    assert!(
        !out.contains("guards (triggers) of the change-of-use tables were removed"),
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

// ---- The row ledger (issue 14): every table with legal meaning, loop over the registry. ----

use yishi::lang::Lang;
use yishi::store::ledger::{self, TABLES};

/// One row, logged through an ordinary write transaction, for each table the release database
/// (votes, ballots, proxies, meetings, minutes, conventions, violations) has none of.
const SEED: &str = "
INSERT INTO statements (community_id, title, body, created_at, created_by)
    VALUES (1, '承诺书', '本人承诺', '2026-12-01T00:00:00Z', '主持人');
INSERT INTO matter_files (matter_id, name, sha256, size, content, added_at, added_by)
    VALUES ((SELECT MIN(id) FROM matters), 'a.pdf', 'ab', 1, X'00', '2026-12-01T00:00:00Z', '主持人');
INSERT INTO proposals (matter_id, text, text_hash, created_at, created_by)
    VALUES ((SELECT MIN(id) FROM matters), '方案', 'cd', '2026-12-01T00:00:00Z', '主持人');
INSERT INTO warnings (meeting_id, item_id, person_id, note, citation, floor_lost, at, by_actor)
    VALUES ((SELECT MIN(id) FROM meetings), (SELECT MIN(id) FROM agenda_items),
            (SELECT MIN(id) FROM persons), '超时', '第 3 条', 0, '2026-12-01T00:00:00Z', '主持人');
INSERT INTO addenda (minutes_id, text, text_hash, created_at, created_by)
    VALUES ((SELECT MIN(id) FROM minutes), '补充', 'ef', '2026-12-01T00:00:00Z', '主持人');
INSERT INTO attendance (meeting_id, person_id, how, reason, at, by_actor)
    VALUES ((SELECT MIN(id) FROM meetings), (SELECT MIN(id) FROM persons), 'secretary', '手伤',
            '2026-12-01T00:00:00Z', '书记员');
INSERT INTO refused_ballots (vote_id, person_id, reason, at)
    VALUES ((SELECT MIN(id) FROM votes), NULL, 'closed', '2026-12-01T00:00:00Z');
INSERT INTO vote_served (vote_id, person_id, method, evidence_sha256, served_at, recorded_at, recorded_by)
    VALUES ((SELECT MIN(id) FROM votes), 424242, 'post', 'aa', '2026-12-01', '2026-12-01T00:00:00Z', '主持人');
INSERT INTO roll_entries (id, community_id, owners, created_at)
    VALUES (1000000001, 1, '1', '2026-12-01T00:00:00Z');
INSERT INTO holiday_schedules (year, content, sha256, title, loaded_at, loaded_by)
    VALUES (2027, '{}', 'bb', '2027', '2026-12-01T00:00:00Z', '主持人');
INSERT INTO consent_requests (community_id, unit_id, unit_label, applicant, business, deadline,
        co_owners, roll_extract, roll_hash, opened_at, opened_by)
    VALUES (1, (SELECT MIN(id) FROM units), '1-101', '申请人', '茶室', '2026-12-20',
            'designated_voter', '[]', 'cc', '2026-12-01T00:00:00Z', '主持人');
INSERT INTO consent_parties (consent_id, party_key, basis, units, members, added_at, added_by)
    VALUES ((SELECT MAX(id) FROM consent_requests), 'owners:1', 'same_building', '[]', '[]',
            '2026-12-01T00:00:00Z', '主持人');
INSERT INTO consent_answers (consent_id, party_id, person_id, answer, signature_id, signed_at)
    VALUES ((SELECT MAX(id) FROM consent_requests), (SELECT MAX(id) FROM consent_parties),
            (SELECT MIN(id) FROM persons), 'consent', (SELECT MAX(id) FROM signatures),
            '2026-12-01T00:00:00Z');
INSERT INTO checkpoints (community_id, tree_size, root_hash, head_event_hash, made_at, reason,
        signer_key, signed_file)
    VALUES (1, 1, 'dd', 'ee', '2026-12-01T00:00:00Z', 'backup', 'ff', '{}');
INSERT INTO root_countersignatures (community_id, generation, public_key, document_hash,
        signature, filed_at)
    VALUES (1, 1, 'ab', 'cd', 'ef', '2026-12-01T00:00:00Z');
INSERT INTO vote_manifests (vote_id, document, root_key, signature, entries, others, officers,
        hash, created_at)
    VALUES ((SELECT MIN(id) FROM votes), '{}', 'ab', 'cd', '[]', '[]', '[]', 'ef',
            '2026-12-01T00:00:00Z');
";

/// The release database (tests/fixtures/release-2026-12.db) opened with today's code (its rows
/// baselined), with `SEED` logged: every registered table has rows. Closed, so it can be copied.
async fn rich() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("base.db");
    std::fs::write(&path, common::fixture("release-2026-12.db")).expect("copy the fixture");
    let ctx = yishi::ops::Ctx::open(&path)
        .await
        .expect("open and migrate");
    {
        let store = ctx.store().await;
        let mut tx = store.begin().await.expect("begin");
        sqlx::raw_sql(SEED).execute(tx.conn()).await.expect("seed");
        common::test_event(&mut tx, &common::caller(), 1, "test.seeded").await;
        tx.commit().await.expect("commit");
        store.close().await;
    }
    (dir, path)
}

/// A copy of `base` to tamper with.
fn copy_of(base: &std::path::Path, name: &str) -> std::path::PathBuf {
    let to = base.with_file_name(format!("{name}.db"));
    std::fs::copy(base, &to).expect("copy");
    for side in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{side}", to.display()));
    }
    to
}

/// `audit verify` through the library on a database file: (ok, every message).
async fn verify_file(path: &std::path::Path) -> (bool, String) {
    let store = yishi::store::Store::open(path).await.expect("open");
    let report = ops::record::verify_store(&store, None, Lang::En)
        .await
        .expect("verify runs");
    store.close().await;
    let text: Vec<String> = report.problems.iter().map(|p| p.message.clone()).collect();
    (report.ok, text.join("\n"))
}

async fn query_one(path: &std::path::Path, sql: &str) -> Option<String> {
    use sqlx::Connection;
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .expect("open directly");
    let v: Option<String> = sqlx::query_scalar(sql)
        .fetch_optional(&mut conn)
        .await
        .expect("query");
    conn.close().await.expect("close");
    v
}

/// SQL that drops the table's own guards (its triggers other than the ledger's).
async fn drop_guards(path: &std::path::Path, table: &str) -> String {
    use sqlx::Connection;
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .expect("open directly");
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND name NOT LIKE 'ledger_%'",
    )
    .bind(table)
    .fetch_all(&mut conn)
    .await
    .expect("triggers");
    conn.close().await.expect("close");
    names
        .iter()
        .map(|n| format!("DROP TRIGGER {n}; "))
        .collect()
}

fn key_where(t: &ledger::Table, key: &str) -> String {
    let cols: Vec<String> = t.key.iter().map(|k| k.to_string()).collect();
    format!("json_array({}) = '{key}'", cols.join(", "))
}

/// Changes a value the way an intruder would, whatever its type (CHECKs are off for them).
fn altered(col: &str, shift: i64) -> String {
    format!(
        "CASE typeof({col}) WHEN 'integer' THEN {col} + {shift} WHEN 'text' THEN {col} || ' ' \
         WHEN 'null' THEN 'x' ELSE {col} || X'00' END"
    )
}

/// The key of the row a shifted copy makes: integers + 1,000,000, text + ' '.
fn shifted_key(key: &str) -> String {
    let parts: Vec<serde_json::Value> = serde_json::from_str(key).expect("key JSON");
    let parts: Vec<serde_json::Value> = parts
        .into_iter()
        .map(|v| match v {
            serde_json::Value::Number(n) => (n.as_i64().expect("int") + 1_000_000).into(),
            serde_json::Value::String(s) => format!("{s} ").into(),
            other => other,
        })
        .collect();
    serde_json::to_string(&parts).expect("json")
}

/// For every registered table: an UPDATE of a digested column, an INSERT and a DELETE made with
/// plain SQL (the table's guards dropped first) are each named by `audit verify` with the table
/// and the row. A table added to the registry is covered here without a new test; one with no
/// rows in the release database fails until `SEED` gives it one.
#[tokio::test]
async fn every_registered_table_edited_inserted_or_deleted_outside_the_app_is_named() {
    let (_dir, base) = rich().await;
    let (ok, text) = verify_file(&copy_of(&base, "clean")).await;
    assert!(ok, "the seeded release database verifies:\n{text}");
    let mut cases = 0;
    for t in TABLES {
        let order: Vec<&str> = t.key.to_vec();
        let key = query_one(
            &base,
            &format!(
                "SELECT json_array({}) FROM {} ORDER BY {} LIMIT 1",
                order.join(", "),
                t.name,
                order.join(", ")
            ),
        )
        .await
        .unwrap_or_else(|| panic!("{}: no row in the test database: add one to SEED", t.name));
        let guards = drop_guards(&base, t.name).await;
        let words = t.key_words(&key);
        let column = t
            .columns
            .iter()
            .find(|c| !t.key.contains(&c.name))
            .map(|c| c.name)
            .unwrap_or(t.columns[0].name);
        let all: Vec<String> = {
            use sqlx::Connection;
            let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", base.display()))
                .await
                .expect("open");
            let cols = sqlx::query_scalar("SELECT name FROM pragma_table_info(?) ORDER BY cid")
                .bind(t.name)
                .fetch_all(&mut conn)
                .await
                .expect("cols");
            conn.close().await.expect("close");
            cols
        };
        let shifted: Vec<String> = all.iter().map(|c| altered(c, 1_000_000)).collect();
        let new_key = shifted_key(&key);
        let edits = [
            (
                "update",
                format!(
                    "UPDATE {} SET {column} = {} WHERE {};",
                    t.name,
                    altered(column, 1_000_000),
                    key_where(t, &key)
                ),
                format!(
                    "The {} ({} row {words}) differs from the digest",
                    t.label.1, t.name
                ),
            ),
            (
                "insert",
                format!(
                    "INSERT INTO {} ({}) SELECT {} FROM {} WHERE {};",
                    t.name,
                    all.join(", "),
                    shifted.join(", "),
                    t.name,
                    key_where(t, &key)
                ),
                format!(
                    "The {} ({} row {}) was logged by no event",
                    t.label.1,
                    t.name,
                    t.key_words(&new_key)
                ),
            ),
            (
                "delete",
                format!("DELETE FROM {} WHERE {};", t.name, key_where(t, &key)),
                format!("The {} ({} row {words}) that Event #", t.label.1, t.name),
            ),
        ];
        for (how, sql, expect) in edits {
            let path = copy_of(&base, &format!("{}-{how}", t.name));
            tamper(
                &path,
                &format!(
                    "PRAGMA ignore_check_constraints = ON; PRAGMA foreign_keys = OFF; {guards}{sql}"
                ),
            )
            .await;
            let (ok, text) = verify_file(&path).await;
            assert!(!ok, "{} {how}: verify must fail", t.name);
            assert!(
                text.contains(&expect),
                "{} {how}: expected {expect:?} in:\n{text}",
                t.name
            );
            cases += 1;
            let _ = std::fs::remove_file(&path);
        }
    }
    assert_eq!(cases, TABLES.len() * 3);
}

/// The edits the review found undetected, each named by table and row.
#[tokio::test]
async fn the_reviews_undetected_edits_are_named() {
    let (_dir, base) = rich().await;
    const EDITS: &[(&str, &str, &str)] = &[
        (
            "a ballot's choice",
            "DROP TRIGGER ballots_no_update; UPDATE ballots SET choice = 'against' WHERE id = 1;",
            "The ballot (ballots row 1) differs",
        ),
        (
            "a signature",
            "DROP TRIGGER signatures_no_update; UPDATE signatures SET signature = upper(signature) WHERE id = 1;",
            "The signature (signatures row 1) differs",
        ),
        (
            "a signing key",
            "UPDATE signing_keys SET public_key = 'ed25519:forged' WHERE id = 1;",
            "The signing key (signing_keys row 1) differs",
        ),
        (
            "a role",
            "UPDATE roles SET role = 'committee_director' WHERE id = 1;",
            "The office (role) (roles row 1) differs",
        ),
        (
            "a vote's motion",
            "UPDATE votes SET motion = '另一个议案' WHERE id = 1;",
            "The vote (votes row 1) differs",
        ),
        (
            "a vote's settings",
            "UPDATE votes SET settings = replace(settings, 'owners', 'xowners') WHERE id = 1;",
            "The vote (votes row 1) differs",
        ),
        (
            "a vote's status",
            "UPDATE votes SET status = 'open' WHERE id = 1;",
            "The vote (votes row 1) differs",
        ),
        (
            "a vote's result",
            "UPDATE votes SET result = NULL WHERE id = 1;",
            "The vote (votes row 1) differs",
        ),
        (
            "a vote's frozen roll snapshot",
            "UPDATE votes SET roll_snapshot = '[]' WHERE id = 1;",
            "The vote (votes row 1) differs",
        ),
        (
            "a vote's frozen roll entry",
            "UPDATE vote_roll SET entry = '{}' WHERE vote_id = 1 AND entry_id = (SELECT MIN(entry_id) FROM vote_roll WHERE vote_id = 1);",
            "The entry of a vote's frozen roll (vote_roll row vote_id=1, entry_id=",
        ),
        (
            "the developer flag",
            "UPDATE persons SET is_developer = 1 WHERE id = 2;",
            "The person on the roll (persons row 2) differs",
        ),
        (
            "a proxy",
            "UPDATE proxies SET proxy_id = 3 WHERE id = 1;",
            "The proxy (proxies row 1) differs",
        ),
    ];
    for (what, sql, expect) in EDITS {
        let path = copy_of(&base, "review");
        tamper(&path, sql).await;
        let (ok, text) = verify_file(&path).await;
        assert!(!ok, "{what}: verify must fail");
        assert!(
            text.contains(expect),
            "{what}: expected {expect:?} in:\n{text}"
        );
    }
}

/// Every guard trigger the migrations make, and every journal trigger, is checked present with
/// its SQL: dropped, or replaced by one that does nothing, it is named.
#[tokio::test]
async fn a_dropped_or_emptied_trigger_is_named() {
    let (_dir, base) = rich().await;
    let names: Vec<String> = {
        use sqlx::Connection;
        let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", base.display()))
            .await
            .expect("open");
        let n = sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name",
        )
        .fetch_all(&mut conn)
        .await
        .expect("triggers");
        conn.close().await.expect("close");
        n
    };
    assert!(
        names.len() > 150,
        "guards and journal triggers: {}",
        names.len()
    );
    for name in [
        "ballots_no_update",
        "ledger_votes_update",
        "minutes_fixed",
        "ledger_history_no_delete",
    ] {
        assert!(names.iter().any(|n| n == name), "{name}");
        let path = copy_of(&base, "dropped");
        tamper(&path, &format!("DROP TRIGGER {name};")).await;
        let (ok, text) = verify_file(&path).await;
        assert!(!ok, "drop {name}");
        assert!(
            text.contains(&format!("{name} (trigger) is missing")),
            "drop {name}:\n{text}"
        );
    }
    let path = copy_of(&base, "emptied");
    tamper(
        &path,
        "DROP TRIGGER signatures_no_delete;
         CREATE TRIGGER signatures_no_delete BEFORE DELETE ON signatures BEGIN SELECT 1; END;
         DROP TRIGGER ledger_ballots_insert;
         CREATE TRIGGER ledger_ballots_insert AFTER INSERT ON ballots BEGIN SELECT 1; END;",
    )
    .await;
    let (ok, text) = verify_file(&path).await;
    assert!(!ok);
    for name in ["signatures_no_delete", "ledger_ballots_insert"] {
        assert!(
            text.contains(&format!(
                "{name} (trigger) differs from what the migrations make"
            )),
            "{name}:\n{text}"
        );
    }
}

/// The history itself: a digest rewritten to match an edited ballot hides the row, but not the
/// set the event recorded; a history row deleted is named too.
#[tokio::test]
async fn editing_the_ledger_history_is_named() {
    let (_dir, base) = rich().await;
    let path = copy_of(&base, "history");
    tamper(
        &path,
        "DROP TRIGGER ballots_no_update; DROP TRIGGER ledger_history_no_update;
         UPDATE ballots SET choice = 'against' WHERE id = 1;
         DELETE FROM ledger_journal;",
    )
    .await;
    // The intruder recomputes the row's digest as the app would and writes it into the history.
    let values: Vec<String> = {
        use sqlx::{Connection, Row};
        let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
            .await
            .expect("open");
        let t = ledger::table("ballots").expect("registered");
        let cols: Vec<String> = t
            .columns
            .iter()
            .map(|c| format!("quote({})", c.name))
            .collect();
        let row = sqlx::query(&format!(
            "SELECT {} FROM ballots WHERE id = 1",
            cols.join(", ")
        ))
        .fetch_one(&mut conn)
        .await
        .expect("row");
        let v = (0..cols.len())
            .map(|i| row.try_get::<String, _>(i).expect("text"))
            .collect();
        conn.close().await.expect("close");
        v
    };
    let digest = ledger::table("ballots")
        .expect("registered")
        .digest("[1]", 1, &values);
    tamper(
        &path,
        &format!(
            "UPDATE ledger_history SET digest = '{digest}' WHERE tbl = 'ballots' AND key = '[1]'
               AND seq = (SELECT MAX(seq) FROM ledger_history WHERE tbl = 'ballots' AND key = '[1]');"
        ),
    )
    .await;
    let (ok, text) = verify_file(&path).await;
    assert!(!ok, "{text}");
    assert!(
        !text.contains("(ballots row 1) differs"),
        "the row itself now matches:\n{text}"
    );
    assert!(
        text.contains("the set of row digests it recorded no longer matches the ledger history"),
        "{text}"
    );
    let path = copy_of(&base, "history-deleted");
    tamper(
        &path,
        "DROP TRIGGER ledger_history_no_delete;
         DELETE FROM ledger_history WHERE tbl = 'votes' AND key = '[2]';",
    )
    .await;
    let (ok, text) = verify_file(&path).await;
    assert!(!ok);
    assert!(
        text.contains("no longer matches the ledger history"),
        "{text}"
    );
    assert!(
        text.contains("The vote (votes row 2) was logged by no event"),
        "{text}"
    );
}

/// An edit made with the journal triggers in place leaves a journal row; deleting it hides
/// nothing (the row's digest still differs), and the app's next transaction does not take it up.
#[tokio::test]
async fn deleting_journal_rows_hides_nothing_and_the_app_never_sweeps_them_up() {
    let (_dir, base) = rich().await;
    let path = copy_of(&base, "journal");
    tamper(&path, "UPDATE meetings SET place = '别处' WHERE id = 1;").await;
    let (ok, text) = verify_file(&path).await;
    assert!(!ok);
    assert!(
        text.contains("A change to the meeting (meetings row 1) sits in the change journal"),
        "{text}"
    );
    // The app writes something else: the foreign journal row stays foreign.
    {
        let store = yishi::store::Store::open(&path).await.expect("open");
        let mut tx = store.begin().await.expect("begin");
        sqlx::query("UPDATE matters SET urgent = 1 WHERE id = 1")
            .execute(tx.conn())
            .await
            .expect("app change");
        common::test_event(&mut tx, &common::caller(), 1, "test.changed").await;
        tx.commit().await.expect("commit");
        store.close().await;
    }
    let (_, text) = verify_file(&path).await;
    assert!(
        text.contains("(meetings row 1) sits in the change journal"),
        "{text}"
    );
    assert!(
        text.contains("The meeting (meetings row 1) differs"),
        "{text}"
    );
    assert!(
        !text.contains("matters row 1"),
        "the app's own change is logged:\n{text}"
    );
    tamper(&path, "DELETE FROM ledger_journal;").await;
    let (ok, text) = verify_file(&path).await;
    assert!(!ok);
    assert!(
        text.contains("The meeting (meetings row 1) differs"),
        "{text}"
    );
}

/// Laundering: a row edited outside the app, then changed by the app. The app does its work (a
/// meeting may be live), and its event names the row as found edited, forever.
#[tokio::test]
async fn an_edit_laundered_through_a_later_app_change_is_named_forever() {
    let (_dir, base) = rich().await;
    let path = copy_of(&base, "laundered");
    tamper(
        &path,
        "UPDATE roles SET role = 'committee_director' WHERE id = 1; DELETE FROM ledger_journal;",
    )
    .await;
    {
        let store = yishi::store::Store::open(&path).await.expect("open");
        let mut tx = store.begin().await.expect("begin");
        sqlx::query("UPDATE roles SET building_id = NULL WHERE id = 1")
            .execute(tx.conn())
            .await
            .expect("app change");
        common::test_event(&mut tx, &common::caller(), 1, "test.changed").await;
        tx.commit().await.expect("the app's work is not refused");
        store.close().await;
    }
    let (ok, text) = verify_file(&path).await;
    assert!(!ok);
    assert!(
        text.contains("found, when the app next logged the office (role) (roles row 1), that it had been edited outside the app"),
        "{text}"
    );
    assert!(
        !text.contains("(roles row 1) differs"),
        "the row is logged anew:\n{text}"
    );
}

/// The PIN counter's transaction (no event) journals nothing; the baseline is written once.
#[tokio::test]
async fn the_pin_counter_does_not_journal_and_the_baseline_is_written_once() {
    let (_dir, base) = rich().await;
    let path = copy_of(&base, "pins");
    let store = yishi::store::Store::open(&path).await.expect("open");
    let baselines: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM events WHERE kind = 'audit.baseline'")
            .fetch_one(store.reader())
            .await
            .expect("count");
    assert_eq!(
        baselines, 1,
        "one baseline for the release's rows, not one per open"
    );
    let (seq, payload): (i64, String) =
        sqlx::query_as("SELECT seq, payload FROM events WHERE kind = 'audit.baseline'")
            .fetch_one(store.reader())
            .await
            .expect("baseline");
    let p: serde_json::Value = serde_json::from_str(&payload).expect("json");
    let logged: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ledger_history WHERE seq = ?")
        .bind(seq)
        .fetch_one(store.reader())
        .await
        .expect("count");
    assert_eq!(p["ledger"]["rows"].as_i64(), Some(logged));
    assert!(
        logged > 2000,
        "the release's rows are all digested: {logged}"
    );
    let events: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM events")
        .fetch_one(store.reader())
        .await
        .expect("count");
    let mut tx = store.begin_pin_counter().await.expect("begin");
    sqlx::query(
        "UPDATE signing_keys SET failed_attempts = failed_attempts + 1, last_attempt_at = '2026-12-01T00:00:00Z' WHERE id = 1",
    )
    .execute(tx.conn())
    .await
    .expect("count an attempt");
    tx.commit().await.expect("commits without an event");
    let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM events")
        .fetch_one(store.reader())
        .await
        .expect("count");
    assert_eq!(after, events, "no event for the counter");
    store.close().await;
    let (ok, text) = verify_file(&path).await;
    assert!(ok, "{text}");
}

/// Changes made after a transaction's last event get a trailing `ledger.changed` event.
#[tokio::test]
async fn a_change_after_the_last_event_is_logged_by_a_trailing_event() {
    let (_dir, base) = rich().await;
    let path = copy_of(&base, "trailing");
    let store = yishi::store::Store::open(&path).await.expect("open");
    let mut tx = store.begin().await.expect("begin");
    common::test_event(&mut tx, &common::caller(), 1, "test.first").await;
    sqlx::query("UPDATE matters SET urgent = 1 WHERE id = 1")
        .execute(tx.conn())
        .await
        .expect("change after the event");
    tx.commit().await.expect("commit");
    let kind: String = sqlx::query_scalar("SELECT kind FROM events ORDER BY seq DESC LIMIT 1")
        .fetch_one(store.reader())
        .await
        .expect("last");
    assert_eq!(kind, "ledger.changed");
    store.close().await;
    let (ok, text) = verify_file(&path).await;
    assert!(ok, "{text}");
}

/// A lowered digest version (or lost bookkeeping) makes the next open check the table first and
/// re-baseline it: what it found edited is named by that baseline, forever.
#[tokio::test]
async fn a_rebaseline_checks_first_and_names_what_it_found() {
    let (_dir, base) = rich().await;
    let path = copy_of(&base, "rebaseline");
    tamper(
        &path,
        "DROP TRIGGER ballots_no_update; UPDATE ballots SET choice = 'against' WHERE id = 2;
         DELETE FROM ledger_journal; DELETE FROM ledger_versions WHERE tbl = 'ballots';",
    )
    .await;
    let (ok, text) = verify_file(&path).await;
    assert!(!ok);
    assert!(
        text.contains("found, when the app next logged the ballot (ballots row 2), that it had been edited outside the app"),
        "{text}"
    );
    assert!(!text.contains("(ballots row 2) differs"), "{text}");
    assert!(
        text.contains("ballots_no_update (trigger) is missing"),
        "{text}"
    );
}

/// Laundering through a real operation: a person's phone edited with plain SQL, then the same
/// roster imported again (the import rewrites the person). The import is not refused, its
/// `roll.imported` event names the person as found edited, and the audit says so for ever.
#[tokio::test]
async fn an_edit_laundered_by_a_roster_reimport_is_named_by_the_import() {
    let db = common::fresh().await;
    let by = common::caller();
    let csv = String::from_utf8(common::fixture("roster-small.csv")).expect("utf-8");
    let c = common::import_roster(&db, &by, "乙小区", &csv).await;
    let person = common::person_named(&db, c, "刘秀兰").await;
    db.ctx.store().await.close().await;
    assert!(verify_file(&db.path).await.0, "clean before tampering");
    tamper(
        &db.path,
        &format!("UPDATE persons SET phone = '10000000000' WHERE id = {person}; DELETE FROM ledger_journal;"),
    )
    .await;
    let ctx = yishi::ops::Ctx::open(&db.path)
        .await
        .expect("reopen")
        .with_practice_keys();
    let request = yishi::ops::types::ImportRequest {
        community_id: c,
        file_name: "roster.csv".into(),
        content_base64: common::b64(csv.as_bytes()),
        options: yishi::ops::types::ImportOptions {
            create_buildings: true,
        },
    };
    let preview = ops::roll::roll_import_preview(&ctx, request.clone(), Lang::En)
        .await
        .expect("preview");
    ops::roll::roll_import_commit(
        &ctx,
        &by,
        yishi::ops::types::ImportCommit {
            request,
            plan_digest: preview.plan_digest,
            job_id: None,
        },
        Lang::En,
    )
    .await
    .expect("the import is not refused");
    let report = ops::record::audit_verify(&ctx, None, Lang::En)
        .await
        .expect("verify");
    let text: Vec<String> = report.problems.iter().map(|p| p.message.clone()).collect();
    let text = text.join("\n");
    assert!(!report.ok);
    let found = report
        .problems
        .iter()
        .find(|p| {
            matches!(&p.kind, yishi::ops::types::AuditProblemKind::RowChanged { table, key, how }
                if table == "persons" && *key == format!("[{person}]") && how == "found_edited")
        })
        .unwrap_or_else(|| panic!("the person is named as found edited:\n{text}"));
    let kind: String = sqlx::query_scalar("SELECT kind FROM events WHERE seq = ?")
        .bind(found.seq.expect("at an event"))
        .fetch_one(ctx.store().await.reader())
        .await
        .expect("event");
    assert_eq!(kind, "roll.imported", "{text}");
    assert!(
        !text.contains(&format!("(persons row {person}) differs")),
        "the row is logged anew:\n{text}"
    );
}

/// The sealed recovery copy (`settings.recovery_escrow`) replaced or deleted outside the app is
/// named at the event that issued the recovery code.
#[tokio::test]
async fn the_recovery_copy_replaced_outside_the_app_is_named() {
    let db = populated().await;
    ops::recovery::recovery_code_renew(&db.ctx, &common::caller())
        .await
        .expect("issue a recovery code");
    assert!(verify(&db.path, &[]).0, "clean before tampering");
    tamper(
        &db.path,
        "UPDATE settings SET value = value || 'x' WHERE name = 'recovery_escrow';",
    )
    .await;
    let (ok, out) = verify(&db.path, &[]);
    assert!(!ok, "{out}");
    assert!(
        out.contains("sealed recovery copy of the secrets in the database is not the one issued"),
        "{out}"
    );
    tamper(
        &db.path,
        "DELETE FROM settings WHERE name = 'recovery_escrow';",
    )
    .await;
    let (ok, out) = verify(&db.path, &[]);
    assert!(!ok, "{out}");
    assert!(out.contains("is gone from the database"), "{out}");
}

/// A row written past the triggers into a table the ledger has not logged yet, with that
/// table's `ledger_versions` row deleted to force a re-baseline at the next open, is not
/// laundered: the baseline names it, and so does every later audit.
#[tokio::test]
async fn deleting_a_tables_ledger_version_does_not_launder_a_forged_row() {
    let db = populated().await;
    db.ctx.store().await.close().await;
    tamper(
        &db.path,
        "INSERT INTO votes (id, community_id, title, motion, kind, category, settings, status, opens_at,
                            closes_at, created_at, created_by, result)
         VALUES (1, 1, '更换物业', '更换物业公司', 'question', 'major', '{}', 'closed',
                 '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', '2026-01-01T00:00:00Z', '孙秀婷#1',
                 '{\"passed\":true}');
         DELETE FROM ledger_journal;
         DELETE FROM ledger_versions WHERE tbl = 'votes';",
    )
    .await;
    // `audit verify` reads the file as it is and changes nothing.
    let (ok, out) = verify(&db.path, &[]);
    assert!(!ok, "{out}");
    assert!(out.contains("(votes row 1)"), "{out}");
    // The app's next open re-baselines the table, naming the row it could not have logged.
    let ctx = yishi::ops::Ctx::open(&db.path).await.expect("open");
    ctx.store().await.close().await;
    let (ok, out) = verify(&db.path, &[]);
    assert!(!ok, "{out}");
    assert!(out.contains("(votes row 1)"), "{out}");
}

/// `yishi audit verify` never changes the file it checks.
#[tokio::test]
async fn audit_verify_leaves_the_file_as_it_was() {
    let db = populated().await;
    db.ctx.store().await.close().await;
    tamper(&db.path, "DELETE FROM ledger_versions WHERE tbl = 'votes';").await;
    let bytes = |p: &std::path::Path| {
        let wal = std::path::PathBuf::from(format!("{}-wal", p.display()));
        (std::fs::read(p).expect("db"), std::fs::read(wal).ok())
    };
    let before = bytes(&db.path);
    let (_, out) = verify(&db.path, &[]);
    assert!(out.contains("events"), "{out}");
    assert!(
        before == bytes(&db.path),
        "the database changed under audit verify"
    );
}

/// Deleting the `id_digests` setting does not make the next open key every identity digest a
/// second time: the log says they are keyed.
#[tokio::test]
async fn a_deleted_id_digests_setting_does_not_re_key_the_digests() {
    let db = populated().await;
    let digests = |path: std::path::PathBuf| async move {
        use sqlx::Connection;
        let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
            .await
            .expect("open");
        let d: Vec<(i64, String)> = sqlx::query_as("SELECT id, id_digest FROM persons ORDER BY id")
            .fetch_all(&mut conn)
            .await
            .expect("digests");
        conn.close().await.expect("close");
        d
    };
    db.ctx.store().await.close().await;
    let before = digests(db.path.clone()).await;
    assert!(!before.is_empty());
    tamper(&db.path, "DELETE FROM settings WHERE name = 'id_digests';").await;
    let ctx = yishi::ops::Ctx::open(&db.path).await.expect("reopens");
    ctx.store().await.close().await;
    assert_eq!(
        before,
        digests(db.path.clone()).await,
        "digests keyed twice"
    );
}

/// An office written into the file outside the app is not certified by the root when the app
/// next opens (the roles row is named by the audit; no `cert.issued` follows it).
#[tokio::test]
async fn an_office_inserted_outside_the_app_is_not_certified_at_open() {
    let db = populated().await;
    db.ctx.store().await.close().await;
    tamper(
        &db.path,
        "INSERT INTO roles (community_id, person_id, role)
           SELECT 1, k.person_id, 'host' FROM signing_keys k
           WHERE k.status = 'active' AND k.person_id NOT IN (SELECT person_id FROM roles)
           LIMIT 1;
         DELETE FROM ledger_journal;",
    )
    .await;
    let count = |path: std::path::PathBuf| async move {
        use sqlx::Connection;
        let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
            .await
            .expect("open");
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM events WHERE kind = 'cert.issued'")
            .fetch_one(&mut conn)
            .await
            .expect("count");
        conn.close().await.expect("close");
        n
    };
    let before = count(db.path.clone()).await;
    let ctx = yishi::ops::Ctx::open(&db.path).await.expect("opens");
    ctx.store().await.close().await;
    assert_eq!(
        before,
        count(db.path.clone()).await,
        "the root certified a forged office"
    );
    let (ok, out) = verify(&db.path, &[]);
    assert!(!ok && out.contains("roles row"), "{out}");
}
