//! Keys and signatures through the operations, on a real database: enrolment, kiosk signing,
//! wrong PINs and the lock, host-signed unlock and revocation, rotation, keys brought from
//! outside, and tampering with any signed field.

use crate::common;

use common::{caller, fresh};
use yishi::crypto::signing::{Document, PublicKey, sign_with_seed};
use yishi::lang::Lang;
use yishi::ops::keys::*;
use yishi::ops::types::PersonQuery;
use yishi::ops::{self, ErrorCode};

struct Demo {
    db: common::TestDb,
    community: i64,
    host: i64,
    owner: i64,
    statement: i64,
}

const HOST_PIN: &str = "246810";
const PIN: &str = "135790";

async fn person(db: &common::TestDb, community: i64, search: &str) -> i64 {
    ops::roll::person_search(
        &db.ctx,
        PersonQuery {
            community_id: community,
            search: search.into(),
        },
    )
    .await
    .expect("search")[0]
        .person
        .person_id
}

async fn setup() -> Demo {
    let db = fresh().await;
    let c = crate::common::demo_without_keys(&db.ctx, &caller())
        .await
        .expect("demo")
        .id;
    let roles = ops::access::role_list(&db.ctx, c).await.expect("roles");
    let host = roles
        .iter()
        .find(|r| r.role == ops::types::Role::Host)
        .expect("the demo has a host")
        .person_id;
    let owner = person(&db, c, "1栋 301").await;
    assert_ne!(host, owner);
    for (p, pin) in [(host, HOST_PIN), (owner, PIN)] {
        let input = KeyEnrol {
            community_id: c,
            person_id: p,
            pin: pin.into(),
            checked_by: "记录员 李梅".into(),
            check: IdCheck::IdCard,
            registrar: None,
        };
        ops::keys::key_enrol(&db.ctx, &caller(), input)
            .await
            .expect("enrol");
    }
    let statement = ops::signing::statement_create(
        &db.ctx,
        &caller(),
        StatementCreate {
            community_id: c,
            title: "加装电梯知情确认".into(),
            body: "本人已知悉3栋加装电梯方案。".into(),
        },
    )
    .await
    .expect("statement")
    .statement_id;
    Demo {
        db,
        community: c,
        host,
        owner,
        statement,
    }
}

fn request(d: &Demo, person_id: i64) -> SignRequest {
    SignRequest {
        community_id: d.community,
        person_id,
        subject: SignSubject::Statement {
            statement_id: d.statement,
        },
    }
}

async fn try_sign(d: &Demo, person_id: i64, pin: &str) -> Result<Receipt, ops::OpError> {
    try_sign_by(d, &caller(), person_id, pin).await
}

async fn try_sign_by(
    d: &Demo,
    by: &ops::Caller,
    person_id: i64,
    pin: &str,
) -> Result<Receipt, ops::OpError> {
    let preview = ops::signing::sign_preview(&d.db.ctx, by, request(d, person_id), Lang::Zh)
        .await
        .expect("preview");
    ops::signing::sign(
        &d.db.ctx,
        by,
        SignSubmit {
            request: request(d, person_id),
            signed_at: preview.signed_at,
            document_hash: preview.document_hash,
            pin: pin.into(),
        },
    )
    .await
}

async fn key_of(d: &Demo, person_id: i64) -> KeyView {
    ops::keys::key_list(&d.db.ctx, d.community)
        .await
        .expect("keys")
        .into_iter()
        .find(|k| k.person_id == person_id && k.status == KeyStatus::Active)
        .expect("active key")
}

async fn signatures(d: &Demo) -> Vec<SignatureView> {
    ops::signing::signature_list(
        &d.db.ctx,
        SignatureQuery {
            community_id: d.community,
            subject: Some(format!("statement:{}", d.statement)),
            offset: 0,
            limit: None,
        },
        Lang::Zh,
    )
    .await
    .expect("list")
    .items
}

#[tokio::test]
async fn enrol_sign_and_verify() {
    let d = setup().await;
    let key = key_of(&d, d.owner).await;
    assert_eq!(key.origin, KeyOrigin::Enrolled);
    assert_eq!(
        (key.checked_by.as_str(), key.check_method.as_str()),
        ("记录员 李梅", "id_card")
    );
    assert!(key.qr_svg.starts_with("<?xml") || key.qr_svg.contains("<svg"));
    let preview = ops::signing::sign_preview(&d.db.ctx, &caller(), request(&d, d.owner), Lang::Zh)
        .await
        .expect("preview");
    assert!(preview.blocker.is_none());
    assert!(
        preview
            .lines
            .iter()
            .any(|l| l.label == "内容" && l.value.contains("加装电梯"))
    );
    assert!(preview.lines.iter().any(|l| l.label == "签名人"));
    let receipt = try_sign(&d, d.owner, PIN).await.expect("sign");
    assert_eq!(receipt.short_code.len(), 14);
    assert_eq!(
        receipt.document_hash, preview.document_hash,
        "the receipt is the hash of what was shown"
    );
    let list = signatures(&d).await;
    assert_eq!(list.len(), 1);
    assert!(list[0].valid, "{}", list[0].verdict);
    assert_eq!(list[0].fingerprint, key.fingerprint);
    // The secret is stored only sealed: the database never holds the seed in clear.
    let store = d.db.ctx.store().await;
    let sealed: String = sqlx::query_scalar("SELECT sealed_secret FROM signing_keys WHERE id = ?")
        .bind(key.key_id)
        .fetch_one(store.reader())
        .await
        .expect("row");
    // A test community is a practice one: its keys are sealed at the marked practice cost, under
    // the PIN bound to the database's pepper, kept outside it (tests/it/secrets.rs).
    assert!(
        sealed.starts_with("peppered-v1:argon2id$v=19$m=64,t=1,p=1,practice=1$"),
        "{sealed}"
    );
    let again = try_sign(&d, d.owner, PIN)
        .await
        .expect_err("a second signature of the same document");
    assert_eq!(again.code(), ErrorCode::Conflict);
}

/// The UI checks a new PIN before sending it; its minimum is `domain::pin`'s.
#[test]
fn the_ui_pin_minimum_is_the_policy() {
    let ts = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/ui/src/views/sign/pin.ts"
    ))
    .expect("ui/src/views/sign/pin.ts");
    let min = yishi::domain::pin::MIN_CHARS;
    assert!(
        ts.contains(&format!("export const MIN_PIN_CHARS = {min};")),
        "ui/src/views/sign/pin.ts must say MIN_PIN_CHARS = {min}"
    );
}

/// The count, the waits and the lock the store decides in SQL are `domain::pin`'s rules: each
/// attempt is counted before it is tried, a try inside the wait is refused with the seconds left
/// (and not counted), and the key locks at `MAX_ATTEMPTS`.
#[tokio::test]
async fn the_stored_lock_follows_the_pin_policy() {
    use yishi::domain::pin::{MAX_ATTEMPTS, locked_after, remaining_attempts, retry_delay_secs};
    use yishi::store::keys::{AttemptRefused, attempt_failed, begin_attempt};
    let d = setup().await;
    let key = key_of(&d, d.owner).await;
    let store = d.db.ctx.store().await;
    let mut tx = store.begin().await.expect("begin");
    let mut t = caller().now;
    let secs = chrono::Duration::seconds;
    for n in 1..=MAX_ATTEMPTS {
        let counted = begin_attempt(tx.conn(), key.key_id, t).await.expect("gate");
        assert_eq!(counted, Ok(n), "attempt #{n}");
        let (failures, locked) = attempt_failed(tx.conn(), key.key_id).await.expect("count");
        assert_eq!((failures, locked), (n, locked_after(n)), "wrong PIN #{n}");
        assert_eq!(remaining_attempts(failures), (MAX_ATTEMPTS - n).max(0));
        let wait = retry_delay_secs(n);
        if !locked && wait > 0 {
            for early in [0, wait - 1] {
                assert_eq!(
                    begin_attempt(tx.conn(), key.key_id, t + secs(early))
                        .await
                        .expect("gate"),
                    Err(AttemptRefused::Wait {
                        seconds: wait - early
                    }),
                    "{early} s after wrong PIN #{n}"
                );
            }
            // Set back, the clock waits the whole delay, no more.
            assert_eq!(
                begin_attempt(tx.conn(), key.key_id, t - secs(3600))
                    .await
                    .expect("gate"),
                Err(AttemptRefused::Wait { seconds: wait })
            );
        }
        t += secs(wait);
    }
    assert_eq!(
        begin_attempt(tx.conn(), key.key_id, t + secs(86_400))
            .await
            .expect("gate"),
        Err(AttemptRefused::Locked)
    );
    // Dropped without an event: rolled back.
}

#[tokio::test]
async fn wrong_pins_are_logged_and_lock_the_key_until_the_host_unlocks_it() {
    let d = setup().await;
    // A minute between tries: every wait (at most 60 s) has passed.
    let at = |n: i64| ops::Caller::new("测试主持人", caller().now + chrono::Duration::minutes(n));
    for remaining in (1..=4).rev() {
        let err = try_sign_by(&d, &at(5 - remaining), d.owner, "000000")
            .await
            .expect_err("wrong pin");
        assert_eq!(err.code(), ErrorCode::WrongPin);
        assert!(
            err.message(Lang::Zh)
                .contains(&format!("还可以再试 {remaining} 次")),
            "{}",
            err.message(Lang::Zh)
        );
    }
    let err = try_sign_by(&d, &at(5), d.owner, "000000")
        .await
        .expect_err("fifth wrong pin");
    assert_eq!(err.code(), ErrorCode::KeyLocked);
    let err = try_sign_by(&d, &at(60), d.owner, PIN)
        .await
        .expect_err("locked even with the right pin");
    assert_eq!(err.code(), ErrorCode::KeyLocked);
    let events = ops::record::event_list(
        &d.db.ctx,
        ops::types::EventQuery {
            community_id: Some(d.community),
            before_seq: None,
            limit: Some(50),
        },
        Lang::Zh,
    )
    .await
    .expect("events");
    let failures = events
        .events
        .iter()
        .filter(|e| e.kind == "key.pin_failed")
        .count();
    let locks = events
        .events
        .iter()
        .filter(|e| e.kind == "key.locked")
        .count();
    assert_eq!((failures, locks), (4, 1), "every attempt is in the log");

    // Someone who is not the host cannot unlock, even with a correct PIN.
    let owner_key = key_of(&d, d.owner).await;
    let not_host = KeyUnlock {
        community_id: d.community,
        key_id: owner_key.key_id,
        host: HostApproval {
            host_key_id: owner_key.key_id,
            host_pin: PIN.into(),
        },
    };
    assert_eq!(
        ops::keys::key_unlock(&d.db.ctx, &caller(), not_host)
            .await
            .expect_err("not host")
            .code(),
        ErrorCode::InvalidInput
    );
    let host_key = key_of(&d, d.host).await;
    let unlock = KeyUnlock {
        community_id: d.community,
        key_id: owner_key.key_id,
        host: HostApproval {
            host_key_id: host_key.key_id,
            host_pin: HOST_PIN.into(),
        },
    };
    let unlocked = ops::keys::key_unlock(&d.db.ctx, &caller(), unlock)
        .await
        .expect("host unlocks");
    assert!(!unlocked.locked && unlocked.failed_attempts == 0);
    try_sign(&d, d.owner, PIN)
        .await
        .expect("signs after unlock");
}

#[tokio::test]
async fn a_revoked_key_keeps_its_old_signatures_and_makes_no_new_ones() {
    let d = setup().await;
    try_sign(&d, d.owner, PIN)
        .await
        .expect("sign before revocation");
    let key = key_of(&d, d.owner).await;
    let host_key = key_of(&d, d.host).await;
    let revoke = KeyRevoke {
        community_id: d.community,
        key_id: key.key_id,
        reason: "手机丢失，密钥可能泄露".into(),
        host: HostApproval {
            host_key_id: host_key.key_id,
            host_pin: HOST_PIN.into(),
        },
    };
    let revoked = ops::keys::key_revoke(&d.db.ctx, &caller(), revoke)
        .await
        .expect("revoke");
    assert_eq!(revoked.status, KeyStatus::Revoked);
    let old = signatures(&d).await;
    assert!(
        old[0].valid,
        "made before the revocation: still valid: {}",
        old[0].verdict
    );
    assert_eq!(old[0].key_status, KeyStatus::Revoked);
    let statement2 = ops::signing::statement_create(
        &d.db.ctx,
        &caller(),
        StatementCreate {
            community_id: d.community,
            title: "第二份".into(),
            body: "内容".into(),
        },
    )
    .await
    .expect("statement");
    let req = SignRequest {
        community_id: d.community,
        person_id: d.owner,
        subject: SignSubject::Statement {
            statement_id: statement2.statement_id,
        },
    };
    let preview = ops::signing::sign_preview(&d.db.ctx, &caller(), req.clone(), Lang::Zh)
        .await
        .expect("preview");
    assert!(
        preview.blocker.is_some(),
        "no active key: the kiosk says so"
    );
    let err = ops::signing::sign(
        &d.db.ctx,
        &caller(),
        SignSubmit {
            request: req,
            signed_at: preview.signed_at,
            document_hash: preview.document_hash,
            pin: PIN.into(),
        },
    )
    .await
    .expect_err("refused");
    assert_eq!(err.code(), ErrorCode::NotFound);
    // Re-enrolment after a forgotten PIN or a revocation gives a new key.
    let again = KeyEnrol {
        community_id: d.community,
        person_id: d.owner,
        pin: "864209".into(),
        checked_by: "记录员 李梅".into(),
        check: IdCheck::HouseholdRegister,
        registrar: None,
    };
    let new_key = ops::keys::key_enrol(&d.db.ctx, &caller(), again)
        .await
        .expect("re-enrol");
    assert_ne!(new_key.public_key, key.public_key);
}

#[tokio::test]
async fn rotation_gives_a_new_key_authorised_by_the_old_one() {
    let d = setup().await;
    let old = key_of(&d, d.owner).await;
    let rotated = ops::keys::key_rotate(
        &d.db.ctx,
        &caller(),
        KeyRotate {
            community_id: d.community,
            key_id: old.key_id,
            pin: PIN.into(),
            new_pin: "975310".into(),
            registrar: None,
        },
    )
    .await
    .expect("rotate");
    assert_ne!(rotated.public_key, old.public_key);
    let keys = ops::keys::key_list(&d.db.ctx, d.community)
        .await
        .expect("keys");
    assert_eq!(
        keys.iter()
            .find(|k| k.key_id == old.key_id)
            .expect("old")
            .status,
        KeyStatus::Replaced
    );
    assert_eq!(
        try_sign(&d, d.owner, PIN)
            .await
            .expect_err("old pin")
            .code(),
        ErrorCode::WrongPin
    );
    try_sign(&d, d.owner, "975310")
        .await
        .expect("new pin signs");
}

#[tokio::test]
async fn a_key_brought_from_outside_signs_files_that_verify() {
    let d = setup().await;
    let other = person(&d.db, d.community, "2栋 501").await;
    let hit = ops::roll::person_search(
        &d.db.ctx,
        PersonQuery {
            community_id: d.community,
            search: "2栋 501".into(),
        },
    )
    .await
    .expect("search");
    let name = hit[0].person.name.clone();
    let seed = [7u8; 32];
    let (public, _) = sign_with_seed(&seed, &Document::new("yishi/probe/v1"));
    let enrol = |public_key: String| KeyEnrolPublic {
        community_id: d.community,
        person_id: other,
        public_key,
        checked_by: "记录员 李梅".into(),
        check: IdCheck::KnownInPerson,
        registrar: None,
    };
    // A bare public key proves nothing: whoever holds the secret must sign their own name.
    let bare = ops::keys::key_enrol_public(&d.db.ctx, &caller(), enrol(public.text()))
        .await
        .expect_err("no proof");
    assert!(
        bare.message(Lang::Zh).contains("持有证明"),
        "{}",
        bare.message(Lang::Zh)
    );
    // A proof made for someone else (or another community) does not enrol here.
    let someone = ops::keys::possession_line_from_seed(&seed, "阳光山庄", "别人", 0);
    let wrong = ops::keys::key_enrol_public(&d.db.ctx, &caller(), enrol(someone))
        .await
        .expect_err("proof for another name");
    assert!(
        wrong.message(Lang::Zh).contains("持有证明不符"),
        "{}",
        wrong.message(Lang::Zh)
    );
    let input = enrol(ops::keys::possession_line_from_seed(
        &seed,
        "阳光山庄",
        &name,
        0,
    ));
    let key = ops::keys::key_enrol_public(&d.db.ctx, &caller(), input)
        .await
        .expect("enrol public");
    assert_eq!(key.origin, KeyOrigin::Brought);
    assert_eq!(key.fingerprint, public.fingerprint());
    // The kiosk cannot sign for it: the secret is not here.
    let preview = ops::signing::sign_preview(&d.db.ctx, &caller(), request(&d, other), Lang::Zh)
        .await
        .expect("preview");
    assert!(preview.blocker.is_some());
    // The member signs the previewed document at home and the host files it.
    let (_, signature) = sign_with_seed(&seed, &preview.document);
    let file = SignedFile {
        format: "yishi-signed/v1".into(),
        document: preview.document.clone(),
        public_key: public.text(),
        signature: signature.clone(),
    };
    ops::signing::signature_submit(
        &d.db.ctx,
        &caller(),
        SignedFileSubmit {
            request: request(&d, other),
            file,
        },
    )
    .await
    .expect("filed");
    assert!(signatures(&d).await[0].valid);
    // Someone else's signature over the same document is refused.
    let (_, forged) = sign_with_seed(&[9u8; 32], &preview.document);
    let file = SignedFile {
        format: "yishi-signed/v1".into(),
        document: preview.document,
        public_key: public.text(),
        signature: forged,
    };
    let d2 = ops::signing::signature_submit(
        &d.db.ctx,
        &caller(),
        SignedFileSubmit {
            request: request(&d, other),
            file,
        },
    )
    .await;
    assert!(d2.is_err());
    let dup = KeyEnrolPublic {
        community_id: d.community,
        person_id: d.owner,
        public_key: public.hex(),
        checked_by: "x".into(),
        check: IdCheck::IdCard,
        registrar: None,
    };
    assert!(
        ops::keys::key_enrol_public(&d.db.ctx, &caller(), dup)
            .await
            .is_err(),
        "the owner already has a key / the key is taken"
    );
    assert!(PublicKey::parse("yishi-key:v1:1234").is_err());
}

/// A flipped byte in any signed field of a stored signature is caught on the spot.
#[tokio::test]
async fn a_flipped_byte_in_any_signed_field_is_refused() {
    let d = setup().await;
    try_sign(&d, d.owner, PIN).await.expect("sign");
    let original = signatures(&d).await.remove(0);
    let doc: String = {
        let store = d.db.ctx.store().await;
        sqlx::query_scalar("SELECT document FROM signatures WHERE id = ?")
            .bind(original.signature_id)
            .fetch_one(store.reader())
            .await
            .expect("doc")
    };
    let parsed: Document = serde_json::from_str(&doc).expect("json");
    for i in 0..parsed.fields.len() {
        let mut changed = parsed.clone();
        match &mut changed.fields[i].value {
            yishi::crypto::signing::FieldValue::Text(t) => t.push('x'),
            yishi::crypto::signing::FieldValue::Int(n) => *n += 1,
        }
        let json = serde_json::to_string(&changed).expect("json");
        use sqlx::Connection;
        let mut conn =
            sqlx::SqliteConnection::connect(&format!("sqlite://{}", d.db.path.display()))
                .await
                .expect("side connection");
        sqlx::raw_sql("DROP TRIGGER IF EXISTS signatures_no_update")
            .execute(&mut conn)
            .await
            .expect("drop guard");
        sqlx::query("UPDATE signatures SET document = ? WHERE id = ?")
            .bind(&json)
            .bind(original.signature_id)
            .execute(&mut conn)
            .await
            .expect("tamper");
        conn.close().await.expect("close");
        let now = signatures(&d).await.remove(0);
        assert!(
            !now.valid,
            "field {} changed but verified: {}",
            parsed.fields[i].name, now.verdict
        );
    }
    // And a flipped byte in the signature itself.
    let mut sig = hex::decode(&original.signature).expect("hex");
    sig[10] ^= 1;
    let key = PublicKey::parse(&original.public_key).expect("key");
    assert!(yishi::crypto::signing::verify(&key, &parsed, &hex::encode(sig)).is_err());
    assert!(yishi::crypto::signing::verify(&key, &parsed, &original.signature).is_ok());
}

#[tokio::test]
async fn short_pins_and_strangers_are_refused_with_clear_messages() {
    let d = setup().await;
    let other = person(&d.db, d.community, "2栋 501").await;
    let short = KeyEnrol {
        community_id: d.community,
        person_id: other,
        pin: "123".into(),
        checked_by: "李梅".into(),
        check: IdCheck::IdCard,
        registrar: None,
    };
    let err = ops::keys::key_enrol(&d.db.ctx, &caller(), short)
        .await
        .expect_err("short pin");
    assert!(err.message(Lang::En).contains("at least 6"));
    let twice = KeyEnrol {
        community_id: d.community,
        person_id: d.owner,
        pin: "864209".into(),
        checked_by: "李梅".into(),
        check: IdCheck::IdCard,
        registrar: None,
    };
    let err = ops::keys::key_enrol(&d.db.ctx, &caller(), twice)
        .await
        .expect_err("already has a key");
    assert_eq!(err.code(), ErrorCode::Conflict);
}

/// The panel reads pages (offset/limit, with the total); the export reads every signature.
#[tokio::test]
async fn signatures_are_paged_and_exported_whole() {
    let db = fresh().await;
    let by = ops::Caller::new("测试", chrono::Utc::now());
    // The voters' own keys are enrolled before the vote opens: its manifest lists them.
    let (c, voters) = common::demo_roll(&db, &by).await;
    for (i, e) in voters.iter().take(7).enumerate() {
        common::enrol_seed(&db, &by, c, e.voter(), &[i as u8 + 1; 32]).await;
    }
    let (v, voters) = common::open_vote_in(&db, &by, c, "分页").await;
    for (i, e) in voters.iter().take(7).enumerate() {
        let seed = [i as u8 + 1; 32];
        let ballot = common::signed_ballot(&db, &by, (c, v), e.voter(), &seed, "agree").await;
        ops::signing::signature_submit(&db.ctx, &by, ballot)
            .await
            .expect("ballot");
    }
    let mut seen = Vec::new();
    for (offset, expect) in [(0, 3), (3, 3), (6, 1), (9, 0)] {
        let q = SignatureQuery {
            community_id: c,
            subject: Some(format!("vote:{v}")),
            offset,
            limit: Some(3),
        };
        let page = ops::signing::signature_list(&db.ctx, q, Lang::En)
            .await
            .expect("page");
        assert_eq!(
            (page.total, page.items.len()),
            (7, expect),
            "offset {offset}"
        );
        assert!(page.items.iter().all(|s| s.valid));
        seen.extend(page.items.iter().map(|s| s.signature_id));
    }
    let mut sorted = seen.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    sorted.dedup();
    assert_eq!(seen, sorted, "newest first, no row twice");
    let all = SignatureQuery {
        community_id: c,
        subject: None,
        offset: 0,
        limit: Some(1),
    };
    let total = ops::signing::signature_list(&db.ctx, all, Lang::En)
        .await
        .expect("page")
        .total;
    let files = ops::signing::signature_files(&db.ctx, c)
        .await
        .expect("export");
    assert_eq!(files.len() as i64, total);
    assert!(files.iter().all(|f| f.verify().is_ok()));
}
