//! Who may act: every operation of the table run by every party (and by nobody), against the
//! role matrix in `domain/access.rs`; sessions that end; records of another community; the
//! first-run setup; witnesses who are other people.

use crate::common::{at, caller, fresh};
use serde_json::{Value, json};
use yishi::commands::{Request, dispatch, ops_table};
use yishi::domain::access::{Action, Party, allows};
use yishi::domain::states::Role;
use yishi::lang::Lang;
use yishi::ops::{Ctx, ErrorCode};

async fn call(
    ctx: &Ctx,
    token: Option<&str>,
    op: &str,
    args: Value,
) -> Result<Value, yishi::commands::ApiError> {
    call_at(ctx, token, op, args, at(22, 9)).await
}

async fn call_at(
    ctx: &Ctx,
    token: Option<&str>,
    op: &str,
    args: Value,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Value, yishi::commands::ApiError> {
    dispatch(
        ctx,
        Request {
            op,
            args,
            session: token,
            lang: Lang::En,
            now,
        },
    )
    .await
}

async fn head(ctx: &Ctx) -> (i64, String) {
    let store = ctx.store().await;
    yishi::store::events::head_of(store.reader())
        .await
        .expect("head")
}

async fn sign_in(ctx: &Ctx, c: i64, person: i64, pin: &str) -> String {
    yishi::ops::access::session_sign_in(
        ctx,
        at(22, 9),
        yishi::ops::access::SignIn {
            community_id: c,
            person_id: person,
            pin: pin.into(),
        },
    )
    .await
    .expect("sign in")
    .token
}

/// A member on the roll without any office, with a key.
async fn plain_member(ctx: &Ctx, c: i64, pin: &str) -> i64 {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await.expect("conn");
    let id: i64 = sqlx::query_scalar(
        "SELECT p.id FROM persons p JOIN unit_people up ON up.person_id = p.id
         WHERE p.community_id = ? AND NOT EXISTS (SELECT 1 FROM roles r WHERE r.person_id = p.id)
           AND NOT EXISTS (SELECT 1 FROM signing_keys k WHERE k.person_id = p.id)
         ORDER BY p.id LIMIT 1",
    )
    .bind(c)
    .fetch_one(&mut *conn)
    .await
    .expect("a member without office");
    drop(conn);
    drop(store);
    yishi::ops::keys::key_enrol(
        ctx,
        &caller(),
        yishi::ops::keys::KeyEnrol {
            community_id: c,
            person_id: id,
            pin: pin.into(),
            checked_by: "测试".into(),
            check: yishi::ops::keys::IdCheck::IdCard,
            registrar: None,
        },
    )
    .await
    .expect("enrol member");
    id
}

fn role_of(p: Party) -> Option<Role> {
    Some(match p {
        Party::Host => Role::Host,
        Party::Secretary => Role::Secretary,
        Party::Registrar => Role::Registrar,
        Party::Counter => Role::Counter,
        Party::Scrutineer => Role::Scrutineer,
        Party::BuildingHead => Role::BuildingHead,
        Party::Committee => Role::OwnersCommittee,
        Party::Observer => Role::Observer,
        Party::Member => return None,
    })
}

/// Example arguments pointed at community `c` (the table's examples say community 1).
fn aimed(example: Value, c: i64) -> Value {
    match example {
        Value::Object(mut map) => {
            if map.contains_key("community_id") {
                map.insert("community_id".into(), json!(c));
            }
            for v in map.values_mut() {
                if v.is_object() {
                    *v = aimed(v.take(), c);
                }
            }
            Value::Object(map)
        }
        other => other,
    }
}

#[tokio::test]
async fn every_operation_as_every_party_follows_the_matrix() {
    let db = fresh().await;
    let ctx = &db.ctx;
    let c = yishi::ops::demo::demo_load(ctx, &caller())
        .await
        .expect("demo")
        .id;
    let pin = "matrix-pin-7413";
    let mut tokens: Vec<(Party, String, i64)> = Vec::new();
    for (n, party) in Party::ALL.into_iter().enumerate() {
        let person = match role_of(party) {
            Some(role) => crate::common::office_holder(ctx, c, Some(role), n, pin).await,
            None => plain_member(ctx, c, pin).await,
        };
        tokens.push((party, sign_in(ctx, c, person, pin).await, person));
    }
    // Operations on one's own data: each party asks about themself (others' is refused to a
    // plain member: tested below).
    let own_data = ["vote_entries"];
    let mut checked = 0;
    for spec in ops_table() {
        let args = aimed((spec.example)(), c);
        // Nobody signed in: only public operations run, and, while only the demo is here (its
        // host's PIN is public), the first-run setup of a community.
        if spec.action != Action::Public && spec.action != Action::CreateCommunity {
            let before = head(ctx).await;
            let e = call(ctx, None, spec.name, args.clone())
                .await
                .expect_err(spec.name);
            assert_eq!(
                e.code,
                ErrorCode::SignInRequired,
                "{} without a session: {}",
                spec.name,
                e.message
            );
            assert_eq!(
                head(ctx).await,
                before,
                "{} changed something without a session",
                spec.name
            );
        }
        // Signing out would end the sessions this test goes on with (tested on its own below).
        if spec.name == "session_sign_out" {
            checked += tokens.len();
            continue;
        }
        for (party, token, person) in &tokens {
            let expected = allows(&[*party], spec.action);
            let before = head(ctx).await;
            let mut args = args.clone();
            if own_data.contains(&spec.name) {
                args["person_id"] = json!(person);
            }
            let result = call(ctx, Some(token), spec.name, args).await;
            match result {
                Err(e) if e.code == ErrorCode::Forbidden || e.code == ErrorCode::SignInRequired => {
                    assert!(
                        !expected,
                        "{} as {party:?} refused though the matrix allows it: {}",
                        spec.name, e.message
                    );
                    assert_eq!(e.code, ErrorCode::Forbidden, "{}: {}", spec.name, e.message);
                    assert_eq!(
                        head(ctx).await,
                        before,
                        "{} as {party:?} was refused but logged",
                        spec.name
                    );
                }
                _ => assert!(
                    expected,
                    "{} ran as {party:?} though the matrix forbids it ({:?})",
                    spec.name, spec.action
                ),
            }
            checked += 1;
        }
    }
    assert_eq!(checked, ops_table().len() * Party::ALL.len());
}

#[tokio::test]
async fn a_refusal_names_the_office_that_may() {
    let db = fresh().await;
    let ctx = &db.ctx;
    let c = yishi::ops::demo::demo_load(ctx, &caller())
        .await
        .expect("demo")
        .id;
    let (_, token) = crate::common::demo_sign_in(ctx, c, Role::BuildingHead, at(22, 9)).await;
    let e = call(ctx, Some(&token), "backup_create", json!({}))
        .await
        .expect_err("a building head does not back up");
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert!(e.message.contains("host"), "{}", e.message);
    assert!(e.reference.is_none());
}

#[tokio::test]
async fn another_communitys_records_are_out_of_reach() {
    let db = fresh().await;
    let ctx = &db.ctx;
    let a = yishi::ops::demo::demo_load(ctx, &caller())
        .await
        .expect("demo")
        .id;
    let (_, host_a) = crate::common::demo_sign_in(ctx, a, Role::Host, at(22, 9)).await;
    let b = call(
        ctx,
        Some(&host_a),
        "community_setup",
        json!({ "community": { "name": "绿城花园", "address": "", "buildings": ["1栋"], "settings": { "parking_counts": false } },
                "host": { "name": "李主任", "id_number": "110101197505050022", "pin": "lvcheng-host-88" } }),
    )
    .await
    .expect("a host adds a community with its own first host");
    let b_id = b["community"]["id"].as_i64().expect("id");
    let host_b = b["signed_in"]["token"]
        .as_str()
        .expect("the new host is signed in")
        .to_string();
    // Host A reads and changes only A.
    let e = call(
        ctx,
        Some(&host_a),
        "role_list",
        json!({ "community_id": b_id }),
    )
    .await
    .expect_err("B's roles");
    assert_eq!(e.code, ErrorCode::Forbidden);
    let e = call(
        ctx,
        Some(&host_a),
        "community_settings",
        json!({ "community_id": b_id, "settings": { "parking_counts": true } }),
    )
    .await
    .expect_err("B's settings");
    assert_eq!(e.code, ErrorCode::Forbidden);
    // Nested ids count too: A's host key approving in B.
    let a_key = call(
        ctx,
        Some(&host_a),
        "host_keys",
        json!({ "community_id": a }),
    )
    .await
    .expect("A's host keys")[0]["key_id"]
        .as_i64()
        .expect("key id");
    let e = call(
        ctx,
        Some(&host_b),
        "key_unlock",
        json!({ "community_id": b_id, "key_id": a_key, "host": { "host_key_id": a_key, "host_pin": "x" } }),
    )
    .await
    .expect_err("A's key named in B");
    assert_eq!(e.code, ErrorCode::Forbidden);
    call(
        ctx,
        Some(&host_b),
        "role_list",
        json!({ "community_id": b_id }),
    )
    .await
    .expect("B's host reads B");
}

#[tokio::test]
async fn sessions_end_when_idle_signed_out_or_revoked() {
    let db = fresh().await;
    let ctx = &db.ctx;
    let c = yishi::ops::demo::demo_load(ctx, &caller())
        .await
        .expect("demo")
        .id;
    let t0 = at(22, 9);
    let (_, token) = crate::common::demo_sign_in(ctx, c, Role::Secretary, t0).await;
    let q = json!({ "community_id": c });
    call_at(
        ctx,
        Some(&token),
        "role_list",
        q.clone(),
        t0 + chrono::Duration::minutes(14),
    )
    .await
    .expect("used within the idle time");
    call_at(
        ctx,
        Some(&token),
        "role_list",
        q.clone(),
        t0 + chrono::Duration::minutes(28),
    )
    .await
    .expect("each call restarts the idle clock");
    let e = call_at(
        ctx,
        Some(&token),
        "role_list",
        q.clone(),
        t0 + chrono::Duration::minutes(44),
    )
    .await
    .expect_err("idle for 16 minutes");
    assert_eq!(e.code, ErrorCode::SignInRequired);
    assert!(e.message.contains("ended"), "{}", e.message);

    let (_, token) = crate::common::demo_sign_in(ctx, c, Role::Secretary, t0).await;
    let state = call(ctx, Some(&token), "session_state", json!({}))
        .await
        .expect("state");
    assert_eq!(state["operator"]["roles"], json!(["secretary"]));
    assert_eq!(
        call(ctx, Some(&token), "session_sign_out", json!({}))
            .await
            .expect("out"),
        json!(true)
    );
    let e = call(ctx, Some(&token), "role_list", q.clone())
        .await
        .expect_err("signed out");
    assert_eq!(e.code, ErrorCode::SignInRequired);
    let state = call(ctx, Some(&token), "session_state", json!({}))
        .await
        .expect("state");
    assert!(state["operator"].is_null());

    // A revoked key ends its holder's session at their next call.
    let (secretary, token) = crate::common::demo_sign_in(ctx, c, Role::Secretary, t0).await;
    let (_, host) = crate::common::demo_sign_in(ctx, c, Role::Host, t0).await;
    let keys = call(ctx, Some(&host), "key_list", q.clone())
        .await
        .expect("keys");
    let key_id = keys
        .as_array()
        .expect("list")
        .iter()
        .find(|k| k["person_id"] == secretary && k["status"] == "active")
        .and_then(|k| k["key_id"].as_i64())
        .expect("the secretary's key");
    let host_op = yishi::ops::demo::demo_operators(ctx, c)
        .await
        .expect("ops")
        .into_iter()
        .find(|o| o.role == Role::Host)
        .expect("host");
    let host_key = call(ctx, Some(&host), "host_keys", q.clone())
        .await
        .expect("host keys")[0]["key_id"]
        .as_i64()
        .expect("host key");
    call(
        ctx,
        Some(&host),
        "key_revoke",
        json!({ "community_id": c, "key_id": key_id, "reason": "lost",
                "host": { "host_key_id": host_key, "host_pin": host_op.pin } }),
    )
    .await
    .expect("revoke");
    let e = call(ctx, Some(&token), "role_list", q)
        .await
        .expect_err("revoked");
    assert_eq!(e.code, ErrorCode::SignInRequired);
}

#[tokio::test]
async fn the_first_run_sets_up_one_host_without_a_session_and_then_never_again() {
    let db = fresh().await;
    let ctx = &db.ctx;
    let state = call(ctx, None, "session_state", json!({}))
        .await
        .expect("state");
    assert_eq!(state["first_run"], true);
    let setup = json!({ "community": { "name": "幸福里", "address": "", "buildings": ["1栋"], "settings": { "parking_counts": false } },
                        "host": { "name": "赵主任", "id_number": "110101196912120033", "pin": "xingfuli-host-61" } });
    let done = call(ctx, None, "community_setup", setup.clone())
        .await
        .expect("first run");
    let token = done["signed_in"]["token"]
        .as_str()
        .expect("token")
        .to_string();
    assert_eq!(done["signed_in"]["operator"]["roles"], json!(["host"]));
    let state = call(ctx, Some(&token), "session_state", json!({}))
        .await
        .expect("state");
    assert_eq!(state["first_run"], false);
    assert_eq!(state["operator"]["name"], "赵主任");
    // The first host's identity digest is keyed like every other (an unkeyed SHA-256 of an ID
    // number can be searched offline).
    {
        let store = ctx.store().await;
        let stored: String =
            sqlx::query_scalar("SELECT id_digest FROM persons WHERE name = '赵主任'")
                .fetch_one(store.reader())
                .await
                .expect("host row");
        let unkeyed = yishi::crypto::canonical::identity_digest("110101196912120033");
        assert_ne!(stored, unkeyed);
        let community_id: i64 =
            sqlx::query_scalar("SELECT id FROM communities WHERE name = '幸福里'")
                .fetch_one(store.reader())
                .await
                .expect("community");
        assert_eq!(stored, ctx.secrets().id_key(community_id).digest(&unkeyed));
    }
    // Without a session, nobody can add another community or claim this one now.
    let mut again = setup.clone();
    again["community"]["name"] = json!("第二个");
    let e = call(ctx, None, "community_setup", again)
        .await
        .expect_err("second setup");
    assert_eq!(e.code, ErrorCode::SignInRequired);
    let c = done["community"]["id"].as_i64().expect("id");
    let e = call(
        ctx,
        None,
        "host_claim",
        json!({ "community_id": c, "host": { "name": "冒名者", "id_number": "110101199901010044", "pin": "impostor-host-9" } }),
    )
    .await
    .expect_err("the community has a host");
    assert_eq!(e.code, ErrorCode::Conflict);
    // The log names the setup and the sign-in.
    let events = call(ctx, Some(&token), "audit_verify", json!({}))
        .await
        .expect("audit");
    assert_eq!(events["ok"], true, "{events}");
}

#[tokio::test]
async fn a_community_without_a_host_can_be_claimed_once() {
    let db = fresh().await;
    let ctx = &db.ctx;
    // A community as an older release made it: no host with a key.
    let c = yishi::ops::roll::community_create(
        ctx,
        &caller(),
        yishi::ops::types::CommunityCreate {
            name: "旧小区".into(),
            address: String::new(),
            buildings: vec!["1栋".into()],
            settings: Default::default(),
        },
    )
    .await
    .expect("create")
    .id;
    let claim = |pin: &str| json!({ "community_id": c, "host": { "name": "钱主任", "id_number": "110101197001010055", "pin": pin } });
    let done = call(ctx, None, "host_claim", claim("qian-host-2026"))
        .await
        .expect("claim");
    assert_eq!(done["signed_in"]["operator"]["name"], "钱主任");
    let e = call(ctx, None, "host_claim", claim("other-host-2026"))
        .await
        .expect_err("claimed");
    assert_eq!(e.code, ErrorCode::Conflict);
}

#[tokio::test]
async fn a_witness_is_another_person_with_an_office_that_may_witness() {
    let db = fresh().await;
    let ctx = &db.ctx;
    let c = yishi::ops::demo::demo_load(ctx, &caller())
        .await
        .expect("demo")
        .id;
    let by = caller();
    let ops = yishi::ops::demo::demo_operators(ctx, c).await.expect("ops");
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await.expect("conn");
    let who = |r: Role| ops.iter().find(|o| o.role == r).expect("office").person_id;
    let counter = yishi::ops::Caller::signed_in(
        yishi::ops::Operator {
            person_id: who(Role::Counter),
            community_id: c,
            name: "计票".into(),
            parties: vec![Party::Counter],
        },
        by.now,
    );
    // The counter entering cannot witness their own entry.
    let e = yishi::ops::votes::check_witness(&mut conn, &counter, who(Role::Counter))
        .await
        .expect_err("self");
    assert_eq!(e.code(), ErrorCode::Forbidden);
    yishi::ops::votes::check_witness(&mut conn, &counter, who(Role::Scrutineer))
        .await
        .expect("the scrutineer witnesses");
    // A building head holds no witnessing office.
    let e = yishi::ops::votes::check_witness(&mut conn, &counter, who(Role::BuildingHead))
        .await
        .expect_err("building head");
    assert_eq!(e.code(), ErrorCode::Forbidden);
}

#[tokio::test]
async fn a_wrong_pin_does_not_sign_in_and_counts() {
    let db = fresh().await;
    let ctx = &db.ctx;
    let c = yishi::ops::demo::demo_load(ctx, &caller())
        .await
        .expect("demo")
        .id;
    let host = yishi::ops::demo::demo_operators(ctx, c)
        .await
        .expect("ops")
        .into_iter()
        .find(|o| o.role == Role::Host)
        .expect("host");
    let e = call(
        ctx,
        None,
        "session_sign_in",
        json!({ "community_id": c, "person_id": host.person_id, "pin": "not-the-pin-1" }),
    )
    .await
    .expect_err("wrong");
    assert_eq!(e.code, ErrorCode::WrongPin);
    let list = call(ctx, None, "sign_in_list", json!({ "community_id": c }))
        .await
        .expect("list");
    assert!(
        list.as_array()
            .expect("list")
            .iter()
            .any(|p| p["person_id"] == host.person_id),
        "{list}"
    );
}

#[tokio::test]
async fn the_recovery_code_names_a_new_host_when_none_can_sign_in() {
    let db = fresh().await;
    let ctx = &db.ctx;
    let done = call(
        ctx,
        None,
        "community_setup",
        json!({ "community": { "name": "恢复小区", "address": "", "buildings": ["1栋"], "settings": { "parking_counts": false } },
                "host": { "name": "孙主任", "id_number": "110101197203030066", "pin": "sun-host-pin-41" } }),
    )
    .await
    .expect("first run");
    let code = done["recovery_code"]
        .as_str()
        .expect("the first host gets the code")
        .to_string();
    let c = done["community"]["id"].as_i64().expect("id");
    // A second setup by a host issues no second code.
    let token = done["signed_in"]["token"].as_str().expect("token");
    let more = call(
        ctx,
        Some(token),
        "community_setup",
        json!({ "community": { "name": "第二小区", "address": "", "buildings": ["1栋"], "settings": { "parking_counts": false } },
                "host": { "name": "周主任", "id_number": "110101197404040077", "pin": "zhou-host-pin-52" } }),
    )
    .await
    .expect("a host adds a community");
    assert!(more["recovery_code"].is_null(), "{more}");
    let new_host =
        json!({ "name": "吴主任", "id_number": "110101197505050088", "pin": "wu-host-pin-63" });
    // While a host can sign in, the code names nobody (that host names a second one).
    let e = call(
        ctx,
        None,
        "host_recover",
        json!({ "community_id": c, "recovery_code": code, "host": new_host }),
    )
    .await
    .expect_err("a host can still sign in");
    assert_eq!(e.code, ErrorCode::Conflict, "{}", e.message);
    // The only host's key is locked (five wrong PINs, as the PIN tests show): nobody can sign in.
    {
        let store = ctx.store().await;
        let mut tx = store.begin().await.expect("tx");
        sqlx::query("UPDATE signing_keys SET locked = 1 WHERE person_id = ?")
            .bind(done["host_person_id"].as_i64().expect("host"))
            .execute(tx.conn())
            .await
            .expect("lock");
        crate::common::test_event(&mut tx, &caller(), c, "test.host_locked").await;
        tx.commit().await.expect("commit");
    }
    let e = call(
        ctx,
        None,
        "host_recover",
        json!({ "community_id": c, "recovery_code": "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF", "host": new_host }),
    )
    .await
    .expect_err("a wrong code");
    assert_eq!(e.code, ErrorCode::InvalidInput, "{}", e.message);
    let named = call(
        ctx,
        None,
        "host_recover",
        json!({ "community_id": c, "recovery_code": code.to_lowercase(), "host": new_host }),
    )
    .await
    .expect("the right code, in any case");
    assert_eq!(named["signed_in"]["operator"]["name"], "吴主任");
    assert_eq!(named["signed_in"]["operator"]["roles"], json!(["host"]));
}

#[tokio::test]
async fn the_demo_host_reaches_no_further_than_the_demo_and_the_last_host_stays() {
    let db = fresh().await;
    let ctx = &db.ctx;
    // A real community with its first host, then the demo beside it.
    let done = call(
        ctx,
        None,
        "community_setup",
        json!({ "community": { "name": "真小区", "address": "", "buildings": ["1栋"], "settings": { "parking_counts": false } },
                "host": { "name": "郑主任", "id_number": "110101197606060099", "pin": "zheng-host-pin-74" } }),
    )
    .await
    .expect("first run");
    let real = done["community"]["id"].as_i64().expect("id");
    let real_host = done["signed_in"]["token"]
        .as_str()
        .expect("token")
        .to_string();
    let demo = call(ctx, Some(&real_host), "demo_load", json!({}))
        .await
        .expect("the real host loads the demo")["id"]
        .as_i64()
        .expect("demo id");
    let (_, demo_host) = crate::common::demo_sign_in(ctx, demo, Role::Host, at(22, 9)).await;
    // Anyone can read the demo host's PIN: it reaches nothing beyond the demo.
    for (op, args) in [
        ("backup_create", json!({})),
        ("recovery_code_renew", json!({})),
        ("backup_list", json!({})),
    ] {
        let e = call(ctx, Some(&demo_host), op, args).await.expect_err(op);
        assert_eq!(e.code, ErrorCode::Forbidden, "{op}: {}", e.message);
        assert!(e.message.contains("demo"), "{op}: {}", e.message);
    }
    // Nor the real community's log: event_list reads the signed-in person's own community.
    let page = call(ctx, Some(&demo_host), "event_list", json!({ "limit": 500 }))
        .await
        .expect("the demo's log");
    assert!(
        page["events"]
            .as_array()
            .expect("events")
            .iter()
            .all(|e| e["community_id"] == demo),
        "{page}"
    );
    // The last host who can sign in keeps the office; a community that had a host is not
    // claimed by a stranger.
    let roles = call(
        ctx,
        Some(&real_host),
        "role_list",
        json!({ "community_id": real }),
    )
    .await
    .expect("roles");
    let role_id = roles[0]["role_id"].as_i64().expect("the host's role");
    let e = call(
        ctx,
        Some(&real_host),
        "role_remove",
        json!({ "community_id": real, "role_id": role_id }),
    )
    .await
    .expect_err("the last host");
    assert_eq!(e.code, ErrorCode::InvalidInput, "{}", e.message);
    let e = call(
        ctx,
        None,
        "host_claim",
        json!({ "community_id": real, "host": { "name": "冒名者", "id_number": "110101199901010044", "pin": "impostor-host-9x" } }),
    )
    .await
    .expect_err("claimed before");
    assert_eq!(e.code, ErrorCode::Conflict);
}

#[tokio::test]
async fn a_member_reads_only_their_own_roll_entries() {
    let db = fresh().await;
    let ctx = &db.ctx;
    let by = caller();
    let (c, v, voters) = crate::common::open_demo_vote(&db, &by, "本人查询").await;
    let pin = "member-pin-8642";
    let me = voters[0].voter();
    let other = voters[1].voter();
    yishi::ops::keys::key_enrol(
        ctx,
        &by,
        yishi::ops::keys::KeyEnrol {
            community_id: c,
            person_id: me,
            pin: pin.into(),
            checked_by: "测试".into(),
            check: yishi::ops::keys::IdCheck::IdCard,
            registrar: None,
        },
    )
    .await
    .expect("enrol");
    let token = sign_in(ctx, c, me, pin).await;
    call(
        ctx,
        Some(&token),
        "vote_entries",
        json!({ "vote_id": v, "person_id": me }),
    )
    .await
    .expect("my own entries");
    let e = call(
        ctx,
        Some(&token),
        "vote_entries",
        json!({ "vote_id": v, "person_id": other }),
    )
    .await
    .expect_err("someone else's");
    assert_eq!(e.code, ErrorCode::Forbidden);
}
