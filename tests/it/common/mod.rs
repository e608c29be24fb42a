//! Shared helpers for integration tests: a fresh database in a temp dir, a fixed clock.
#![allow(dead_code)]

use chrono::{DateTime, TimeZone, Utc};
use std::path::PathBuf;
use yishi::ops::{Caller, Ctx};

pub struct TestDb {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
    pub ctx: Ctx,
}

pub async fn fresh() -> TestDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("yishi.db");
    // Practice keys: communities made here seal keys at the cheap practice cost (fast tests).
    let ctx = Ctx::open(&path)
        .await
        .expect("open a fresh database")
        .with_practice_keys();
    TestDb { dir, path, ctx }
}

pub fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0)
        .single()
        .expect("valid test time")
}

pub fn caller() -> Caller {
    Caller::new("测试主持人", at(22, 9))
}

pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .expect("fixture exists")
}

pub fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The demo community with a question vote (first ballot stands) open from an hour before
/// `by.now` to two hours after: (community, vote, the frozen roll's entries).
pub async fn open_demo_vote(
    db: &TestDb,
    by: &Caller,
    title: &str,
) -> (i64, i64, Vec<yishi::formats::record::RollSnapshotEntry>) {
    let c = crate::common::demo_without_keys(&db.ctx, by)
        .await
        .expect("demo")
        .id;
    let (v, voters) = open_vote_in(db, by, c, title).await;
    (c, v, voters)
}

/// The demo community and its roll as a vote would freeze it, read from a first vote opened
/// for that: for tests that enrol members' keys before the vote they use opens (a vote's
/// manifest lists the keys valid at its opening; a key enrolled later needs a registrar's
/// certificate).
pub async fn demo_roll(
    db: &TestDb,
    by: &Caller,
) -> (i64, Vec<yishi::formats::record::RollSnapshotEntry>) {
    let (c, _, voters) = open_demo_vote(db, by, "名册").await;
    (c, voters)
}

/// A question vote (first ballot stands) in community `c`, open from an hour before `by.now`
/// to two hours after: (vote, the frozen roll's entries).
pub async fn open_vote_in(
    db: &TestDb,
    by: &Caller,
    c: i64,
    title: &str,
) -> (i64, Vec<yishi::formats::record::RollSnapshotEntry>) {
    use yishi::domain::vote::{MatterCategory, Rule, VoteSettings};
    use yishi::ops::{self, votes::*};
    let create = VoteCreate {
        community_id: c,
        title: title.into(),
        motion: "同意".into(),
        category: MatterCategory::PropertyCompany,
        kind: VoteKind::Question,
        settings: VoteSettings::new(Rule::OwnersOrdinary),
        opens_at: (by.now - chrono::Duration::hours(1)).to_rfc3339(),
        closes_at: (by.now + chrono::Duration::hours(2)).to_rfc3339(),
        objection_days: 0,
        agenda_item_id: None,
        matter_id: None,
    };
    let v = ops::votes::vote_create(&db.ctx, by, create)
        .await
        .expect("create")
        .vote_id;
    ops::votes::vote_open(&db.ctx, by, v).await.expect("open");
    let voters = ops::votes::build_record(&db.ctx, v)
        .await
        .expect("record")
        .roll
        .entries;
    (v, voters)
}

/// Enrols the public key of `seed` (a member's own key) for a person.
pub async fn enrol_seed(db: &TestDb, by: &Caller, c: i64, person_id: i64, seed: &[u8; 32]) {
    use yishi::ops::keys::{IdCheck, KeyEnrolPublic};
    let (community, holder) = {
        let store = db.ctx.store().await;
        let mut conn = store.reader().acquire().await.expect("conn");
        let holder = yishi::store::roles::person_community(&mut conn, person_id)
            .await
            .expect("person")
            .expect("exists")
            .1;
        let community = yishi::store::community::get(&mut conn, c)
            .await
            .expect("community")
            .expect("exists")
            .name;
        (community, holder)
    };
    let enrol = KeyEnrolPublic {
        community_id: c,
        person_id,
        public_key: yishi::ops::keys::possession_line_from_seed(seed, &community, &holder, 0),
        checked_by: "记录员".into(),
        check: IdCheck::IdCard,
        registrar: None,
    };
    yishi::ops::keys::key_enrol_public(&db.ctx, by, enrol)
        .await
        .expect("enrol");
}

/// A ballot file signed with `seed`, exactly as the member's own Yishi makes it from the preview.
pub async fn signed_ballot(
    db: &TestDb,
    by: &Caller,
    (c, v): (i64, i64),
    person_id: i64,
    seed: &[u8; 32],
    choice: &str,
) -> yishi::ops::keys::SignedFileSubmit {
    signed_ballot_for(db, by, (c, v), person_id, None, seed, choice).await
}

/// The same for a named roll entry (`for_entry`: one the person votes for, or holds a proxy of).
pub async fn signed_ballot_for(
    db: &TestDb,
    by: &Caller,
    (c, v): (i64, i64),
    person_id: i64,
    for_entry: Option<i64>,
    seed: &[u8; 32],
    choice: &str,
) -> yishi::ops::keys::SignedFileSubmit {
    use yishi::crypto::signing::sign_with_seed;
    use yishi::formats::signed::SignedFile;
    use yishi::ops::keys::{SignRequest, SignSubject, SignedFileSubmit};
    let request = SignRequest {
        community_id: c,
        person_id,
        subject: SignSubject::Ballot {
            vote_id: v,
            choice: choice.into(),
            proxy_for: for_entry,
        },
    };
    let preview =
        yishi::ops::signing::sign_preview(&db.ctx, by, request.clone(), yishi::lang::Lang::Zh)
            .await
            .expect("preview");
    let (public, signature) = sign_with_seed(seed, &preview.document);
    let file = SignedFile::new(preview.document, &public, signature);
    SignedFileSubmit { request, file }
}

/// A new community with `csv` (a roster in the layout of docs/roll-import.md) imported through
/// the ordinary preview and commit; returns the community's id.
pub async fn import_roster(db: &TestDb, by: &Caller, name: &str, csv: &str) -> i64 {
    use yishi::ops::types::{CommunityCreate, ImportCommit, ImportOptions, ImportRequest};
    let c = yishi::ops::roll::community_create(
        &db.ctx,
        by,
        CommunityCreate {
            name: name.into(),
            address: String::new(),
            buildings: Vec::new(),
            settings: Default::default(),
        },
    )
    .await
    .expect("create the community")
    .id;
    let request = ImportRequest {
        community_id: c,
        file_name: "roster.csv".into(),
        content_base64: b64(csv.as_bytes()),
        options: ImportOptions {
            create_buildings: true,
        },
    };
    let preview =
        yishi::ops::roll::roll_import_preview(&db.ctx, request.clone(), yishi::lang::Lang::En)
            .await
            .expect("preview the roster");
    yishi::ops::roll::roll_import_commit(
        &db.ctx,
        by,
        ImportCommit {
            request,
            plan_digest: preview.plan_digest,
            job_id: None,
        },
        yishi::lang::Lang::En,
    )
    .await
    .expect("import the roster");
    c
}

/// The id of the person named `name` in community `c`.
pub async fn person_named(db: &TestDb, c: i64, name: &str) -> i64 {
    let hits = yishi::ops::roll::person_search(
        &db.ctx,
        yishi::ops::types::PersonQuery {
            community_id: c,
            search: name.into(),
        },
    )
    .await
    .expect("search");
    hits.iter()
        .find(|h| h.person.name == name)
        .unwrap_or_else(|| panic!("{name} is in the community"))
        .person
        .person_id
}

/// The roll entry of a vote's frozen roll whose own ballot `person_id` casts (their only one).
pub async fn entry_of(db: &TestDb, vote_id: i64, person_id: i64) -> i64 {
    let record = yishi::ops::votes::build_record(&db.ctx, vote_id)
        .await
        .expect("record");
    let mine: Vec<i64> = record
        .roll
        .entries
        .iter()
        .filter(|e| e.voter() == person_id)
        .map(|e| e.person_id)
        .collect();
    assert_eq!(mine.len(), 1, "person {person_id} votes for one entry");
    mine[0]
}

/// Signs in as the demo community's office holder with `role` (demo PIN) at `now`; returns
/// (person id, session token).
pub async fn demo_sign_in(
    ctx: &Ctx,
    community_id: i64,
    role: yishi::domain::states::Role,
    now: DateTime<Utc>,
) -> (i64, String) {
    let op = yishi::ops::demo::demo_operators(ctx, community_id)
        .await
        .expect("demo operators")
        .into_iter()
        .find(|o| o.role == role)
        .unwrap_or_else(|| panic!("the demo has a {role:?} who can sign in"));
    let signed = yishi::ops::access::session_sign_in(
        ctx,
        now,
        yishi::ops::access::SignIn {
            community_id,
            person_id: op.person_id,
            pin: op.pin,
        },
    )
    .await
    .expect("demo sign-in");
    (op.person_id, signed.token)
}

/// The demo community with its demo operators' keys revoked, for the stories that enrol keys of
/// their own (known seeds, their own PINs) for the demo's office holders.
pub async fn demo_without_keys(
    ctx: &Ctx,
    by: &Caller,
) -> yishi::ops::OpResult<yishi::ops::types::CommunitySummary> {
    let c = yishi::ops::demo::demo_load(ctx, by).await?;
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    sqlx::query(
        "UPDATE signing_keys SET status = 'revoked', ended_at = ?, end_reason = 'test: the story enrols its own keys' WHERE community_id = ? AND status = 'active'",
    )
    .bind(by.now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
    .bind(c.id)
    .execute(tx.conn())
    .await?;
    test_event(&mut tx, by, c.id, "test.demo_keys_revoked").await;
    tx.commit().await?;
    Ok(c)
}

/// Logs what a test changed directly (every write transaction records an event).
pub async fn test_event(tx: &mut yishi::store::WriteTx, by: &Caller, c: i64, kind: &str) {
    yishi::store::events::append(
        tx,
        yishi::store::events::NewEvent {
            at: by.now,
            actor: &by.actor,
            community_id: Some(c),
            kind,
            payload: serde_json::json!({}),
        },
    )
    .await
    .expect("test event");
}

/// A person of community `c` holding exactly `role` (not on the roll, so not a member) with a
/// key under `pin`; returns their id.
pub async fn office_holder(
    ctx: &Ctx,
    c: i64,
    role: Option<yishi::domain::states::Role>,
    n: usize,
    pin: &str,
) -> i64 {
    let by = caller();
    let person = {
        let store = ctx.store().await;
        let mut tx = store.begin().await.expect("tx");
        let id = format!("11010119800101{n:04}");
        let p = yishi::store::roll::office_holder(
            tx.conn(),
            c,
            &format!("测试{n}"),
            &yishi::crypto::canonical::identity_digest(&id),
            &id,
        )
        .await
        .expect("person");
        test_event(&mut tx, &by, c, "test.office_holder").await;
        tx.commit().await.expect("commit");
        p
    };
    yishi::ops::keys::key_enrol(
        ctx,
        &by,
        yishi::ops::keys::KeyEnrol {
            community_id: c,
            person_id: person,
            pin: pin.into(),
            checked_by: "测试".into(),
            check: yishi::ops::keys::IdCheck::KnownInPerson,
            registrar: None,
        },
    )
    .await
    .expect("enrol");
    if let Some(role) = role {
        yishi::ops::access::role_assign(
            ctx,
            &by,
            yishi::ops::types::RoleAssign {
                community_id: c,
                person_id: person,
                role,
                building: (role == yishi::domain::states::Role::BuildingHead)
                    .then(|| "1栋".to_string()),
            },
        )
        .await
        .expect("assign");
    }
    person
}

/// The demo host's number and name from what `yishi demo` prints (the `--as N name host PIN`
/// line), for command-line tests that sign in as the host.
pub fn demo_host_in(out: &str) -> (String, String) {
    let line = out
        .lines()
        .find(|l| l.contains("meeting host"))
        .unwrap_or_else(|| panic!("yishi demo prints its host: {out}"));
    let mut words = line.split_whitespace().skip(1);
    let id = words.next().expect("number").to_string();
    let name = words.next().expect("name").to_string();
    (id, name)
}

/// The demo host's PIN (DEMO ONLY).
pub const DEMO_HOST_PIN: &str = "demo-host-2026";

/// The active key of a person (its id).
pub async fn active_key(db: &TestDb, person_id: i64) -> i64 {
    let store = db.ctx.store().await;
    let mut conn = store.reader().acquire().await.expect("conn");
    sqlx::query_scalar("SELECT id FROM signing_keys WHERE person_id = ? AND status = 'active' ORDER BY id DESC LIMIT 1")
        .bind(person_id)
        .fetch_one(&mut *conn)
        .await
        .expect("an active key")
}

/// A counter and a scrutineer (not on the roll) with keys under `pin`, made before a vote opens
/// so that its manifest lists them: the two officers who sign a proxy's registration.
pub async fn two_officers(db: &TestDb, c: i64, pin: &str) -> yishi::ops::votes::ProxySigners {
    use yishi::domain::states::Role;
    let mut officers = Vec::new();
    for (n, role) in [(9101, Role::Counter), (9102, Role::Scrutineer)] {
        let p = office_holder(&db.ctx, c, Some(role), n, pin).await;
        officers.push(yishi::ops::keys::HostApproval {
            host_key_id: active_key(db, p).await,
            host_pin: pin.into(),
        });
    }
    let [a, b]: [yishi::ops::keys::HostApproval; 2] = officers.try_into().expect("two");
    yishi::ops::votes::ProxySigners::Officers { officers: [a, b] }
}
