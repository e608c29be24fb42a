//! PINs that resist guessing (issue 13): every attempt is counted before its key derivation runs,
//! so no burst of concurrent guesses gets past the waits or the limit; derivations run a few at a
//! time; a locked key opens only after a host unlocks it; weak PINs are refused; the derivation
//! cost is calibrated and kept, practice keys stay out of real communities, and keys sealed under
//! an older cost are re-sealed at their next right PIN.

use crate::common::{self, caller, fresh};
use chrono::Duration;
use yishi::crypto::sealed::{CALIBRATION_MEMORY_KIB, Cost, SealedSecret};
use yishi::domain::pin::{MAX_ATTEMPTS, retry_delay_secs};
use yishi::lang::Lang;
use yishi::ops::keys::{HostApproval, IdCheck, KeyEnrol, KeyUnlock};
use yishi::ops::{self, Caller, ErrorCode, OpError};
use yishi::store::Store;

const PIN: &str = "480317";
const HOST_PIN: &str = "739205";
const WRONG: &str = "903817";

struct Keys {
    db: common::TestDb,
    community: i64,
    owner: i64,
    owner_key: i64,
    host_key: i64,
}

async fn enrol(db: &common::TestDb, c: i64, person_id: i64, pin: &str) -> Result<i64, OpError> {
    ops::keys::key_enrol(
        &db.ctx,
        &caller(),
        KeyEnrol {
            community_id: c,
            person_id,
            pin: pin.into(),
            checked_by: "记录员 李梅".into(),
            check: IdCheck::IdCard,
            registrar: None,
        },
    )
    .await
    .map(|k| k.key_id)
}

async fn owner_in(db: &common::TestDb, c: i64, search: &str) -> i64 {
    ops::roll::person_search(
        &db.ctx,
        ops::types::PersonQuery {
            community_id: c,
            search: search.into(),
        },
    )
    .await
    .expect("search")[0]
        .person
        .person_id
}

async fn setup() -> Keys {
    let db = fresh().await;
    let c = crate::common::demo_without_keys(&db.ctx, &caller())
        .await
        .expect("demo")
        .id;
    let host = ops::access::role_list(&db.ctx, c)
        .await
        .expect("roles")
        .iter()
        .find(|r| r.role == ops::types::Role::Host)
        .expect("host")
        .person_id;
    let owner = owner_in(&db, c, "1栋 301").await;
    let host_key = enrol(&db, c, host, HOST_PIN).await.expect("host key");
    let owner_key = enrol(&db, c, owner, PIN).await.expect("owner key");
    Keys {
        db,
        community: c,
        owner,
        owner_key,
        host_key,
    }
}

/// (attempts counted, locked) as stored.
async fn counted(store: &Store, key_id: i64) -> (i64, bool) {
    let row = yishi::store::keys::get(&mut store.reader().acquire().await.expect("conn"), key_id)
        .await
        .expect("read")
        .expect("key");
    (row.failed_attempts, row.locked)
}

/// Runs an SQL change as a test fixture (with the event every change needs).
async fn fixture_sql(store: &Store, sql: &str) {
    let mut tx = store.begin().await.expect("begin");
    sqlx::query(sql).execute(tx.conn()).await.expect(sql);
    yishi::store::events::append(
        &mut tx,
        yishi::store::events::NewEvent {
            at: caller().now,
            actor: "测试",
            community_id: None,
            kind: "test.fixture",
            payload: serde_json::json!({ "sql": sql }),
        },
    )
    .await
    .expect("event");
    tx.commit().await.expect("commit");
}

/// `n` PIN checks at once, all at the instant `by.now`; their error codes (None: the PIN opened).
async fn burst(
    store: &Store,
    secrets: &std::sync::Arc<yishi::secrets::Bundle>,
    by: &Caller,
    key_id: i64,
    pin: &str,
    n: usize,
) -> Vec<Option<ErrorCode>> {
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..n {
        let (store, secrets, by, pin) =
            (store.clone(), secrets.clone(), by.clone(), pin.to_string());
        set.spawn(async move {
            ops::keys::check_pin(&store, &secrets, &by, key_id, &pin)
                .await
                .err()
                .map(|e| e.code())
        });
    }
    set.join_all().await
}

fn tally(codes: &[Option<ErrorCode>], code: Option<ErrorCode>) -> usize {
    codes.iter().filter(|c| **c == code).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_concurrent_wrong_pins_count_exactly_to_the_limit() {
    let k = setup().await;
    let store = k.db.ctx.store().await.clone();
    let secrets = k.db.ctx.secrets();
    let start = store.key_work().derivations();
    let t0 = caller().now;
    let at = |s: i64| Caller::new("猜测者", t0 + Duration::seconds(s));
    // All at one instant: the first three tries have no wait, the fourth must wait 15 s, so
    // exactly three are counted and derived; the rest are refused before counting.
    let first = burst(&store, &secrets, &at(0), k.owner_key, WRONG, 200).await;
    assert_eq!(tally(&first, Some(ErrorCode::WrongPin)), 3, "{first:?}");
    assert_eq!(tally(&first, Some(ErrorCode::TryLater)), 197);
    assert_eq!(counted(&store, k.owner_key).await, (3, false));
    assert_eq!(store.key_work().derivations() - start, 3);
    // 15 s on: exactly one more; 60 s after that: exactly the fifth, which locks.
    let wait3 = retry_delay_secs(3);
    let second = burst(&store, &secrets, &at(wait3), k.owner_key, WRONG, 200).await;
    assert_eq!(tally(&second, Some(ErrorCode::WrongPin)), 1, "{second:?}");
    assert_eq!(tally(&second, Some(ErrorCode::TryLater)), 199);
    assert_eq!(counted(&store, k.owner_key).await, (4, false));
    let third = burst(
        &store,
        &secrets,
        &at(wait3 + retry_delay_secs(4)),
        k.owner_key,
        WRONG,
        200,
    )
    .await;
    // The fifth says the key is locked; those queued behind it find it locked (or are told to
    // wait); none of them is counted or derived.
    assert_eq!(
        tally(&third, Some(ErrorCode::KeyLocked)) + tally(&third, Some(ErrorCode::TryLater)),
        200,
        "{third:?}"
    );
    assert!(tally(&third, Some(ErrorCode::KeyLocked)) >= 1);
    assert_eq!(counted(&store, k.owner_key).await, (MAX_ATTEMPTS, true));
    assert_eq!(
        store.key_work().derivations() - start,
        MAX_ATTEMPTS as u64,
        "600 guesses, 5 derivations"
    );
    // Locked: even the right PIN, a day later, all at once, runs no derivation.
    let locked = burst(&store, &secrets, &at(86_400), k.owner_key, PIN, 200).await;
    assert_eq!(tally(&locked, Some(ErrorCode::KeyLocked)), 200);
    assert_eq!(store.key_work().derivations() - start, MAX_ATTEMPTS as u64);

    // Only a host unlocks it, signing for it; the log says who.
    let unlock = |host_key_id, host_pin: &str| KeyUnlock {
        community_id: k.community,
        key_id: k.owner_key,
        host: HostApproval {
            host_key_id,
            host_pin: host_pin.into(),
        },
    };
    let host_by = Caller::new("主持人 王芳", t0 + Duration::days(1));
    let err = ops::keys::key_unlock(&k.db.ctx, &host_by, unlock(k.owner_key, PIN))
        .await
        .expect_err("the holder cannot unlock their own key");
    assert!(
        matches!(err, OpError::Key(ops::KeyProblem::NotHost)),
        "{err:?}"
    );
    let view = ops::keys::key_unlock(&k.db.ctx, &host_by, unlock(k.host_key, HOST_PIN))
        .await
        .expect("the host unlocks");
    assert!(!view.locked && view.failed_attempts == 0);
    let events = ops::record::event_list(
        &k.db.ctx,
        ops::types::EventQuery {
            community_id: Some(k.community),
            before_seq: None,
            limit: Some(200),
        },
        Lang::Zh,
    )
    .await
    .expect("events");
    let unlocked = events
        .events
        .iter()
        .find(|e| e.kind == "key.unlocked")
        .expect("the unlock is logged");
    assert_eq!(unlocked.actor, "主持人 王芳");
    let attempts = events
        .events
        .iter()
        .filter(|e| e.kind == "key.pin_failed" || e.kind == "key.locked")
        .count();
    // Five counted wrong guesses are logged (right PINs count without an event).
    assert_eq!(attempts, 5);
    let (_, opened) = ops::keys::check_pin(&store, &secrets, &host_by, k.owner_key, PIN)
        .await
        .expect("the right PIN opens after the unlock");
    drop(opened);
    assert_eq!(counted(&store, k.owner_key).await, (0, false));
}

#[tokio::test]
async fn a_try_inside_the_wait_is_refused_with_the_time_left_and_not_counted() {
    let k = setup().await;
    let store = k.db.ctx.store().await.clone();
    let secrets = k.db.ctx.secrets();
    let t0 = caller().now;
    let at = |s: i64| Caller::new("本人", t0 + Duration::seconds(s));
    for n in 1..=3 {
        let err = ops::keys::check_pin(&store, &secrets, &at(0), k.owner_key, WRONG)
            .await
            .expect_err("wrong");
        assert_eq!(err.code(), ErrorCode::WrongPin, "{n}");
    }
    // The third wrong PIN's message already says to wait.
    let before = store.key_work().derivations();
    let err = ops::keys::check_pin(&store, &secrets, &at(5), k.owner_key, PIN)
        .await
        .expect_err("inside the wait, even the right PIN");
    assert_eq!(err.code(), ErrorCode::TryLater);
    assert!(
        err.message(Lang::Zh).contains("10 秒后再试"),
        "{}",
        err.message(Lang::Zh)
    );
    assert!(
        err.message(Lang::En).contains("try again in 10 seconds"),
        "{}",
        err.message(Lang::En)
    );
    assert_eq!(
        counted(&store, k.owner_key).await,
        (3, false),
        "not counted"
    );
    assert_eq!(store.key_work().derivations(), before, "nothing derived");
    // After the wait the right PIN opens and the count starts again.
    ops::keys::check_pin(&store, &secrets, &at(15), k.owner_key, PIN)
        .await
        .expect("after the wait");
    assert_eq!(counted(&store, k.owner_key).await, (0, false));
}

#[tokio::test]
async fn the_wrong_pin_message_names_the_wait_before_the_next_try() {
    let k = setup().await;
    let store = k.db.ctx.store().await.clone();
    let secrets = k.db.ctx.secrets();
    let mut last = None;
    for _ in 0..3 {
        last = Some(
            ops::keys::check_pin(&store, &secrets, &caller(), k.owner_key, WRONG)
                .await
                .expect_err("wrong"),
        );
    }
    let msg = last.expect("three").message(Lang::En);
    assert!(
        msg.contains("2 tries left") && msg.contains("Wait 15 seconds"),
        "{msg}"
    );
}

#[tokio::test]
async fn weak_pins_are_refused_at_enrolment_and_rotation_naming_the_reason() {
    let k = setup().await;
    let c = k.community;
    let other = owner_in(&k.db, c, "2栋 501").await;
    // The demo roll knows this person's birth date (adult_from is their 18th birthday).
    let adult: String = {
        let store = k.db.ctx.store().await;
        sqlx::query_scalar("SELECT adult_from FROM persons WHERE id = ?")
            .bind(other)
            .fetch_one(store.reader())
            .await
            .expect("adult_from")
    };
    let adult = chrono::NaiveDate::parse_from_str(&adult, "%Y-%m-%d").expect("date");
    let birth = yishi::domain::pin::births_from_adult_from(adult)[0];
    let (zh_birth, en_birth) = ("出生日期", "birth date");
    let cases = [
        ("123456".to_string(), "连续的数字", "straight up or down"),
        (
            "000000".to_string(),
            "同一个数字",
            "one digit or character repeated",
        ),
        ("121212".to_string(), "重复的一组", "a group repeated"),
        ("112233".to_string(), "最常被使用", "most commonly chosen"),
        (birth.format("%Y%m%d").to_string(), zh_birth, en_birth),
        (birth.format("%y%m%d").to_string(), zh_birth, en_birth),
        (birth.format("%d%m%y").to_string(), zh_birth, en_birth),
    ];
    for (pin, zh, en) in &cases {
        let err = enrol(&k.db, c, other, pin).await.expect_err(pin);
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{pin}");
        assert!(
            err.message(Lang::Zh).contains(zh),
            "{pin}: {}",
            err.message(Lang::Zh)
        );
        assert!(
            err.message(Lang::En).contains(en),
            "{pin}: {}",
            err.message(Lang::En)
        );
    }
    // Nothing was enrolled; a good PIN is.
    enrol(&k.db, c, other, "586203").await.expect("a good PIN");
    // Rotation checks the new PIN the same way, before the old one is even tried.
    let err = ops::keys::key_rotate(
        &k.db.ctx,
        &caller(),
        ops::keys::KeyRotate {
            community_id: c,
            key_id: k.owner_key,
            pin: PIN.into(),
            new_pin: "654321".into(),
            registrar: None,
        },
    )
    .await
    .expect_err("weak new PIN");
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    let store = k.db.ctx.store().await;
    assert_eq!(counted(&store, k.owner_key).await, (0, false));
    let _ = k.owner;
}

#[tokio::test]
async fn a_practice_key_is_refused_in_a_real_community() {
    let k = setup().await;
    let store = k.db.ctx.store().await.clone();
    let secrets = k.db.ctx.secrets();
    // The community is made real (as if a practice key had been carried into one).
    fixture_sql(
        &store,
        &format!(
            "UPDATE communities SET practice = 0 WHERE id = {}",
            k.community
        ),
    )
    .await;
    let before = store.key_work().derivations();
    let err = ops::keys::check_pin(&store, &secrets, &caller(), k.owner_key, PIN)
        .await
        .expect_err("practice key in a real community");
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert!(
        err.message(Lang::Zh).contains("正式小区不接受"),
        "{}",
        err.message(Lang::Zh)
    );
    assert!(
        err.message(Lang::En)
            .contains("real community does not accept")
    );
    assert_eq!(store.key_work().derivations(), before);
    assert_eq!(counted(&store, k.owner_key).await, (0, false));
    // The mark removed by hand changes nothing: the cost itself is a practice one.
    fixture_sql(
        &store,
        &format!(
            "UPDATE signing_keys SET sealed_secret = replace(sealed_secret, ',practice=1', '') WHERE id = {}",
            k.owner_key
        ),
    )
    .await;
    let err = ops::keys::check_pin(&store, &secrets, &caller(), k.owner_key, PIN)
        .await
        .expect_err("unmarked cheap key");
    assert!(
        matches!(err, OpError::Key(ops::KeyProblem::PracticeKey { .. })),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_key_sealed_under_an_older_cost_opens_and_is_resealed_at_the_current_one() {
    let k = setup().await;
    let store = k.db.ctx.store().await.clone();
    let secrets = k.db.ctx.secrets();
    // A real community whose calibrated cost is kept (24 MiB, 2 passes: above the legacy one,
    // cheap enough for a test), and a key sealed under the legacy cost (19 MiB, 2 passes).
    let (public, legacy) = yishi::crypto::signing::generate(PIN, Cost::LEGACY).expect("legacy key");
    let legacy_text = legacy.to_text();
    assert!(legacy_text.starts_with("argon2id$v=19$m=19456,t=2,p=1$"));
    for sql in [
        format!("UPDATE communities SET practice = 0 WHERE id = {}", k.community),
        "INSERT INTO key_cost (id, memory_kib, passes, lanes, measured_ms, calibrated_at) VALUES (1, 24576, 2, 1, 300, '2026-11-01T00:00:00Z')".to_string(),
        format!(
            "UPDATE signing_keys SET public_key = '{}', sealed_secret = '{legacy_text}' WHERE id = {}",
            public.hex(),
            k.owner_key
        ),
    ] {
        fixture_sql(&store, &sql).await;
    }
    let (_, opened) = ops::keys::check_pin(&store, &secrets, &caller(), k.owner_key, PIN)
        .await
        .expect("the old key opens");
    assert_eq!(opened.public(), public);
    let now: String = sqlx::query_scalar("SELECT sealed_secret FROM signing_keys WHERE id = ?")
        .bind(k.owner_key)
        .fetch_one(store.reader())
        .await
        .expect("row");
    // Re-sealed at the current cost, under the PIN bound to the database's pepper.
    let now = now
        .strip_prefix("peppered-v1:")
        .unwrap_or_else(|| panic!("peppered: {now}"))
        .to_string();
    assert!(now.starts_with("argon2id$v=19$m=24576,t=2,p=1$"), "{now}");
    let resealed = SealedSecret::from_text(&now).expect("text");
    assert_eq!(resealed.cost(), Cost::real(24576, 2));
    // It still opens with the same PIN, now without re-sealing, and signs for the same key.
    let doc = yishi::crypto::signing::Document::new("yishi/test/v1").text("a", "b");
    let (_, again) = ops::keys::check_pin(&store, &secrets, &caller(), k.owner_key, PIN)
        .await
        .expect("opens again");
    assert!(yishi::crypto::signing::verify(&public, &doc, &again.sign(&doc)).is_ok());
    let kinds: Vec<String> = sqlx::query_scalar(
        "SELECT kind FROM events WHERE kind IN ('key.resealed', 'key.pin_accepted') ORDER BY seq",
    )
    .fetch_all(store.reader())
    .await
    .expect("events");
    assert_eq!(
        kinds,
        ["key.resealed"],
        "a right PIN is logged only when it re-seals"
    );
}

#[tokio::test]
async fn calibration_keeps_a_cost_of_at_least_250_ms_with_64_mib() {
    // A real context: communities it creates are real and their keys use the calibrated cost.
    let dir = tempfile::tempdir().expect("dir");
    let ctx = ops::Ctx::open(&dir.path().join("real.db"))
        .await
        .expect("db");
    assert!(!ctx.practice_keys());
    let store = ctx.store().await.clone();
    let cost = ops::keys::calibrated_cost(&store, &caller())
        .await
        .expect("calibrates");
    let (m, t, p, ms) =
        yishi::store::keys::key_cost(&mut store.reader().acquire().await.expect("conn"))
            .await
            .expect("read")
            .expect("kept");
    assert_eq!((m, t, p), (cost.memory_kib, cost.passes, cost.lanes));
    assert!(m >= CALIBRATION_MEMORY_KIB, "{m} KiB");
    assert!(ms >= 250, "one derivation measured {ms} ms");
    assert!(!cost.is_practice() && Cost::LEGACY.weaker_than(&cost));
    // Kept: a second call (and a reopened database) uses it without measuring again.
    assert_eq!(
        ops::keys::calibrated_cost(&store, &caller())
            .await
            .expect("kept"),
        cost
    );
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM events WHERE kind = 'keys.cost_calibrated'")
            .fetch_one(store.reader())
            .await
            .expect("count");
    assert_eq!(n, 1);
    // A community made here is real.
    let c = ops::roll::community_create(
        &ctx,
        &caller(),
        ops::types::CommunityCreate {
            name: "正式小区".into(),
            address: String::new(),
            buildings: vec!["1栋".into()],
            settings: Default::default(),
        },
    )
    .await
    .expect("community")
    .id;
    let practice = yishi::store::keys::community_is_practice(
        &mut store.reader().acquire().await.expect("conn"),
        c,
    )
    .await
    .expect("read");
    assert!(!practice);
    assert_eq!(
        ops::keys::cost_for(&store, &caller(), c)
            .await
            .expect("cost"),
        cost
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn derivations_run_two_at_a_time_and_a_full_queue_is_refused_before_counting() {
    use yishi::store::keys::{DERIVATION_PERMITS, MAX_WAITING};
    let k = setup().await;
    let store = k.db.ctx.store().await.clone();
    let secrets = k.db.ctx.secrets();
    let work = store.key_work();
    // Every slot taken, the queue filled by waiting checks.
    let held: Vec<_> = futures_permits(work, DERIVATION_PERMITS).await;
    let mut waiting = tokio::task::JoinSet::new();
    for _ in 0..MAX_WAITING {
        let store = store.clone();
        waiting.spawn(async move {
            let _p = store
                .key_work()
                .permit()
                .await
                .expect("queued, then served");
        });
    }
    // Let them all queue.
    while work.waiting() < MAX_WAITING {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    // One more PIN check is refused at once, not counted, nothing derived.
    let before = work.derivations();
    let err = ops::keys::check_pin(&store, &secrets, &caller(), k.owner_key, PIN)
        .await
        .expect_err("busy");
    assert!(
        matches!(err, OpError::Key(ops::KeyProblem::Busy)),
        "{err:?}"
    );
    assert_eq!(err.code(), ErrorCode::TryLater);
    assert!(
        err.message(Lang::En)
            .contains("Nothing was tried or counted")
    );
    assert_eq!(counted(&store, k.owner_key).await, (0, false));
    assert_eq!(work.derivations(), before);
    // Freed, the queue drains and checks run again.
    drop(held);
    waiting.join_all().await;
    ops::keys::check_pin(&store, &secrets, &caller(), k.owner_key, PIN)
        .await
        .expect("served again");
}

async fn futures_permits(
    work: &yishi::store::keys::KeyWork,
    n: usize,
) -> Vec<yishi::store::keys::DerivationPermit<'_>> {
    let mut out = Vec::new();
    for _ in 0..n {
        out.push(work.permit().await.expect("free slot"));
    }
    out
}

/// A right PIN finishing after the key locked (wrong guesses in flight beside it) leaves it
/// locked: only a host's unlock clears the lock.
#[tokio::test]
async fn a_right_pin_does_not_undo_a_lock_set_meanwhile() {
    use yishi::store::keys::{attempt_failed, attempt_succeeded, begin_attempt};
    let k = setup().await;
    let store = k.db.ctx.store().await;
    let mut tx = store.begin().await.expect("begin");
    let now = caller().now;
    // The right PIN's attempt is counted first, then four wrong ones pass the gate with it.
    for n in 1..=3 {
        assert_eq!(
            begin_attempt(tx.conn(), k.owner_key, now)
                .await
                .expect("gate"),
            Ok(n)
        );
    }
    for _ in 0..2 {
        attempt_failed(tx.conn(), k.owner_key).await.expect("wrong");
    }
    let later = now + Duration::seconds(120);
    assert_eq!(
        begin_attempt(tx.conn(), k.owner_key, later)
            .await
            .expect("gate"),
        Ok(4)
    );
    let later = later + Duration::seconds(120);
    assert_eq!(
        begin_attempt(tx.conn(), k.owner_key, later)
            .await
            .expect("gate"),
        Ok(5)
    );
    assert_eq!(
        attempt_failed(tx.conn(), k.owner_key).await.expect("wrong"),
        (5, true)
    );
    attempt_succeeded(tx.conn(), k.owner_key)
        .await
        .expect("right");
    let row = yishi::store::keys::get(tx.conn(), k.owner_key)
        .await
        .expect("read")
        .expect("key");
    assert!(row.locked && row.failed_attempts == 5);
    // Dropped without an event: rolled back.
}
