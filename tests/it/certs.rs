//! Certified keys on the demo community: role certificates made and ended by the root, enrolment
//! certificates signed by the registrar at the desk (refused without their PIN, a wrong PIN
//! counted, another operator refused), `crypto::certs::check_chain` accepting the app's
//! certificates and refusing forged, out-of-office and revoked ones, root rotation.

use crate::common::{TestDb, at, fresh};
use chrono::{DateTime, Duration, Utc};
use yishi::crypto::certs::{
    Cert, CertProblem as ChainProblem, ChainReport, EnrolmentCert, check_chain,
};
use yishi::crypto::signing::{PublicKey, sign_with_seed};
use yishi::domain::access::Party;
use yishi::domain::states::Role;
use yishi::lang::Lang;
use yishi::ops::keys::{
    CertProblem, CertQuery, HostApproval, IdCheck, KeyEnrol, KeyReceiptQuery, KeyRevoke, KeyRotate,
    KeyView, RegistrarSign, RootQuery, RootRotate,
};
use yishi::ops::types::{RoleAssign, RoleRemove};
use yishi::ops::{self, Caller, KeyProblem, OpError, Operator};

const MEMBER_PIN: &str = "pine-cone-2718";

struct Demo {
    db: TestDb,
    c: i64,
    host: Officer,
    registrar: Officer,
}

#[derive(Clone)]
struct Officer {
    person_id: i64,
    name: String,
    key_id: i64,
    pin: String,
    role: Role,
}

impl Officer {
    /// This officer signed in at `now`.
    fn at(&self, c: i64, now: DateTime<Utc>) -> Caller {
        Caller::signed_in(
            Operator {
                person_id: self.person_id,
                community_id: c,
                name: self.name.clone(),
                parties: vec![Party::of_role(self.role)],
            },
            now,
        )
    }

    fn signs(&self) -> RegistrarSign {
        RegistrarSign {
            key_id: self.key_id,
            pin: self.pin.clone(),
        }
    }
}

async fn demo() -> Demo {
    let db = fresh().await;
    let c = ops::demo::demo_load(&db.ctx, &Caller::new("演示", at(20, 9)))
        .await
        .expect("demo")
        .id;
    let keys = ops::keys::key_list(&db.ctx, c).await.expect("keys");
    let ops_ = ops::demo::demo_operators(&db.ctx, c)
        .await
        .expect("operators");
    let officer = |role: Role| {
        let o = ops_.iter().find(|o| o.role == role).expect("demo office");
        let key = keys
            .iter()
            .find(|k| k.person_id == o.person_id && k.status == ops::keys::KeyStatus::Active)
            .expect("officer's key");
        Officer {
            person_id: o.person_id,
            name: o.name.clone(),
            key_id: key.key_id,
            pin: o.pin.clone(),
            role,
        }
    };
    let (host, registrar) = (officer(Role::Host), officer(Role::Registrar));
    Demo {
        db,
        c,
        host,
        registrar,
    }
}

/// A member on the roll with no office and no key.
async fn member_without_key(d: &Demo) -> i64 {
    let store = d.db.ctx.store().await;
    let mut conn = store.reader().acquire().await.expect("conn");
    sqlx::query_scalar(
        "SELECT p.id FROM persons p JOIN unit_people up ON up.person_id = p.id
         WHERE p.community_id = ? AND NOT EXISTS (SELECT 1 FROM roles r WHERE r.person_id = p.id)
           AND NOT EXISTS (SELECT 1 FROM signing_keys k WHERE k.person_id = p.id)
         ORDER BY p.id LIMIT 1",
    )
    .bind(d.c)
    .fetch_one(&mut *conn)
    .await
    .expect("a member without office or key")
}

fn enrol(d: &Demo, person_id: i64, registrar: Option<RegistrarSign>) -> KeyEnrol {
    KeyEnrol {
        community_id: d.c,
        person_id,
        pin: MEMBER_PIN.into(),
        checked_by: "登记员".into(),
        check: IdCheck::IdCard,
        registrar,
    }
}

/// The community's roots (every generation) and certificates, checked as a verifier would.
async fn chain(d: &Demo) -> (Vec<PublicKey>, Vec<Cert>, ChainReport) {
    let store = d.db.ctx.store().await;
    let mut conn = store.reader().acquire().await.expect("conn");
    let roots: Vec<PublicKey> = ops::anchor::root_history(&mut conn, d.c)
        .await
        .expect("roots")
        .into_iter()
        .map(|r| r.info.public)
        .collect();
    let certs: Vec<Cert> = ops::anchor::stored_certs(&mut conn, d.c, None)
        .await
        .expect("certs");
    let report = check_chain(&roots, &certs);
    (roots, certs, report)
}

fn public(k: &KeyView) -> PublicKey {
    PublicKey::parse(&k.public_key).expect("key")
}

async fn key_of(d: &Demo, person_id: i64) -> KeyView {
    ops::keys::key_list(&d.db.ctx, d.c)
        .await
        .expect("keys")
        .into_iter()
        .find(|k| k.person_id == person_id && k.status == ops::keys::KeyStatus::Active)
        .expect("an active key")
}

#[tokio::test]
async fn the_demo_certifies_its_officers_and_members() {
    let d = demo().await;
    let (roots, certs, report) = chain(&d).await;
    assert_eq!(roots.len(), 1, "one root generation");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let now = at(22, 9);
    for o in ops::demo::demo_operators(&d.db.ctx, d.c)
        .await
        .expect("ops")
    {
        let key = public(&key_of(&d, o.person_id).await);
        if ops::keys::certify::CERTIFIED_OFFICES.contains(&o.role) {
            report
                .officer_valid_at(&[o.role.key()], &key, now)
                .unwrap_or_else(|e| panic!("{:?} certified: {e}", o.role));
        }
        report
            .key_valid_at(o.person_id, &key, now)
            .unwrap_or_else(|e| panic!("{}'s key enrolled: {e}", o.name));
    }
    // Every active key of the demo (officers and the members who acknowledged a convention).
    let keys = ops::keys::key_list(&d.db.ctx, d.c).await.expect("keys");
    assert!(keys.len() > 11, "members too: {}", keys.len());
    for k in keys
        .iter()
        .filter(|k| k.status == ops::keys::KeyStatus::Active)
    {
        assert!(k.certificate.is_some(), "{} certified", k.person_name);
        report
            .key_valid_at(k.person_id, &public(k), now)
            .unwrap_or_else(|e| panic!("{}: {e}", k.person_name));
    }
    assert!(certs.len() >= keys.len());
}

#[tokio::test]
async fn enrolment_needs_the_signed_in_registrar_and_their_pin() {
    let d = demo().await;
    let m = member_without_key(&d).await;
    let now = at(22, 10);
    let registrar_at = d.registrar.at(d.c, now);
    // Without the registrar's signature: refused, nothing made.
    let e = ops::keys::key_enrol(&d.db.ctx, &registrar_at, enrol(&d, m, None))
        .await
        .expect_err("no registrar");
    assert!(
        matches!(e, OpError::Cert(CertProblem::RegistrarNeeded)),
        "{e:?}"
    );
    // A wrong PIN is counted on the registrar's key.
    let mut wrong = d.registrar.signs();
    wrong.pin = "not-the-pin-1".into();
    let e = ops::keys::key_enrol(&d.db.ctx, &registrar_at, enrol(&d, m, Some(wrong)))
        .await
        .expect_err("wrong PIN");
    assert!(
        matches!(e, OpError::Key(KeyProblem::WrongPin { remaining: 4 })),
        "{e:?}"
    );
    assert_eq!(key_of(&d, d.registrar.person_id).await.failed_attempts, 1);
    // The host signed in cannot sign with the registrar's key.
    let e = ops::keys::key_enrol(
        &d.db.ctx,
        &d.host.at(d.c, now + Duration::minutes(5)),
        enrol(&d, m, Some(d.registrar.signs())),
    )
    .await
    .expect_err("not the registrar signed in");
    assert!(
        matches!(e, OpError::Cert(CertProblem::SignerNotOperator)),
        "{e:?}"
    );
    // Nor can a person without a certifying office sign one.
    let secretary = ops::demo::demo_operators(&d.db.ctx, d.c)
        .await
        .expect("ops")
        .into_iter()
        .find(|o| o.role == Role::Secretary)
        .expect("secretary");
    let sec_key = key_of(&d, secretary.person_id).await;
    let sec = Officer {
        person_id: secretary.person_id,
        name: secretary.name.clone(),
        key_id: sec_key.key_id,
        pin: secretary.pin.clone(),
        role: Role::Secretary,
    };
    let e = ops::keys::key_enrol(
        &d.db.ctx,
        &sec.at(d.c, now + Duration::minutes(5)),
        enrol(&d, m, Some(sec.signs())),
    )
    .await
    .expect_err("a secretary does not certify");
    assert!(
        matches!(e, OpError::Cert(CertProblem::NotRegistrar { .. })),
        "{e:?}"
    );
    assert!(
        ops::keys::key_list(&d.db.ctx, d.c)
            .await
            .expect("keys")
            .iter()
            .all(|k| k.person_id != m),
        "no key was made by any refused attempt"
    );
    // The registrar signed in, with their PIN: enrolled and certified.
    let later = now + Duration::minutes(10);
    let key = ops::keys::key_enrol(
        &d.db.ctx,
        &d.registrar.at(d.c, later),
        enrol(&d, m, Some(d.registrar.signs())),
    )
    .await
    .expect("enrolled");
    let hash = key.certificate.clone().expect("certified");
    assert_eq!(
        key.checked_by, d.registrar.name,
        "the registrar who signed is recorded"
    );
    let certs = ops::keys::cert_list(
        &d.db.ctx,
        CertQuery {
            community_id: d.c,
            person_id: Some(m),
        },
        Lang::En,
    )
    .await
    .expect("certs");
    let cert = certs
        .iter()
        .find(|c| c.kind == "enrolment")
        .expect("an enrolment certificate");
    assert!(cert.valid, "{:?}", cert.problem);
    assert_eq!(cert.cert_hash, hash);
    assert_eq!(cert.signed_by, d.registrar.name);
    assert!(
        cert.file.verify().is_ok(),
        "a signed file anyone can re-check"
    );
    let doc = EnrolmentCert::from_document(&cert.file.document).expect("its form");
    assert_eq!(doc.registrar_id, d.registrar.person_id);
    assert_eq!(doc.check_method, "id_card");
    // Logged with its hash.
    let logged: i64 = {
        let store = d.db.ctx.store().await;
        let mut conn = store.reader().acquire().await.expect("conn");
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM events WHERE kind = 'cert.issued' AND json_extract(payload, '$.cert_hash') = ?",
        )
        .bind(&hash)
        .fetch_one(&mut *conn)
        .await
        .expect("events")
    };
    assert_eq!(logged, 1);
    let page = ops::record::event_list(
        &d.db.ctx,
        ops::types::EventQuery {
            community_id: Some(d.c),
            before_seq: None,
            limit: Some(20),
        },
        Lang::En,
    )
    .await
    .expect("events");
    let short = yishi::crypto::anchor::short_form(&hash);
    assert!(
        page.events.iter().any(
            |e| e.description.starts_with("Certificate issued: enrolment")
                && e.description.contains(&short)
        ),
        "the log names the certificate by its hash"
    );
    let (_, _, report) = chain(&d).await;
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    report
        .key_valid_at(m, &public(&key), later + Duration::seconds(1))
        .expect("valid for voting");
    // The member's receipt: their fingerprint, the registrar, the root and the notice.
    let receipt = ops::keys::key_receipt(
        &d.db.ctx,
        KeyReceiptQuery {
            community_id: d.c,
            key_id: key.key_id,
            save_to_downloads: false,
        },
    )
    .await
    .expect("receipt");
    let html = String::from_utf8(
        base64::Engine::decode(
            &base64::engine::general_purpose::STANDARD,
            &receipt.page.content_base64,
        )
        .expect("base64"),
    )
    .expect("utf-8");
    for needle in [
        key.fingerprint.as_str(),
        d.registrar.name.as_str(),
        receipt.root_fingerprint.as_str(),
        "个人信息处理告知",
        "Notice of purpose",
    ] {
        assert!(html.contains(needle), "the receipt shows {needle}");
    }
    assert_eq!(receipt.certificate, cert.file);
    // The same notice is shown at enrolment, in the operator's language.
    let notice = ops::keys::enrolment_notice(Lang::Zh);
    assert_eq!(notice.len(), 5);
    for item in &notice {
        assert!(
            html.contains(&item.text),
            "the receipt prints {}",
            item.title
        );
    }
}

#[tokio::test]
async fn check_chain_refuses_uncertified_signers_ended_offices_and_revoked_keys() {
    let d = demo().await;
    let m = member_without_key(&d).await;
    let t0 = at(22, 10);
    let key = ops::keys::key_enrol(
        &d.db.ctx,
        &d.registrar.at(d.c, t0),
        enrol(&d, m, Some(d.registrar.signs())),
    )
    .await
    .expect("enrolled");
    let (roots, certs, report) = chain(&d).await;
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let enrolment = certs
        .iter()
        .find(|c| c.doc.get_int("person_id") == Some(m))
        .expect("the member's certificate")
        .clone();

    // 1. A certificate signed by a key no role certificate certifies.
    let stranger = [42u8; 32];
    let (stranger_key, _) = sign_with_seed(&stranger, &enrolment.doc);
    let forged_doc = {
        let mut c = EnrolmentCert::from_document(&enrolment.doc).expect("form");
        c.public_key = stranger_key;
        c.document()
    };
    let (_, sig) = sign_with_seed(&stranger, &forged_doc);
    let mut with_forged = certs.clone();
    with_forged.push(Cert {
        id: 9001,
        kind: enrolment.kind,
        doc: forged_doc,
        signer_key: stranger_key,
        signature: sig,
    });
    let r = check_chain(&roots, &with_forged);
    assert!(
        r.problems
            .iter()
            .any(|p| matches!(p, ChainProblem::SignerNotInOffice { id: 9001, .. })),
        "{:?}",
        r.problems
    );
    assert!(
        r.key_valid_at(m, &stranger_key, t0 + Duration::hours(1))
            .is_err()
    );
    // The same certificate with a changed byte fails its signature.
    let mut altered = enrolment.clone();
    altered.id = 9002;
    altered.doc = {
        let mut c = EnrolmentCert::from_document(&enrolment.doc).expect("form");
        c.units.push('X');
        c.document()
    };
    let mut with_altered = certs.clone();
    with_altered.push(altered);
    let r = check_chain(&roots, &with_altered);
    assert!(
        r.problems
            .contains(&ChainProblem::BadSignature { id: 9002 })
    );

    // 2. The registrar's office ends; what they sign afterwards grants nothing.
    let t1 = t0 + Duration::hours(2);
    let role_id = ops::access::role_list(&d.db.ctx, d.c)
        .await
        .expect("roles")
        .into_iter()
        .find(|r| r.person_id == d.registrar.person_id && r.role == Role::Registrar)
        .expect("registrar office")
        .role_id;
    ops::access::role_remove(
        &d.db.ctx,
        &d.host.at(d.c, t1),
        RoleRemove {
            community_id: d.c,
            role_id,
        },
    )
    .await
    .expect("office removed");
    let (_, certs, report) = chain(&d).await;
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let reg_key = public(&key_of(&d, d.registrar.person_id).await);
    assert!(
        report
            .officer_valid_at(&["registrar"], &reg_key, t1 - Duration::seconds(1))
            .is_ok()
    );
    assert!(
        report
            .officer_valid_at(&["registrar"], &reg_key, t1)
            .is_err()
    );
    // The registrar's member key stays valid: the root ends offices, not enrolments.
    report
        .key_valid_at(d.registrar.person_id, &reg_key, t1 + Duration::hours(1))
        .expect("still a member");
    // The app refuses them; a certificate made with their key anyway is refused by the chain.
    let m2 = member_without_key(&d).await;
    let e = ops::keys::key_enrol(
        &d.db.ctx,
        &d.registrar.at(d.c, t1 + Duration::hours(1)),
        enrol(&d, m2, Some(d.registrar.signs())),
    )
    .await
    .expect_err("no longer a registrar");
    assert!(
        matches!(e, OpError::Cert(CertProblem::NotRegistrar { .. })),
        "{e:?}"
    );
    let late = {
        let mut c = EnrolmentCert::from_document(&enrolment.doc).expect("form");
        c.issued_at = "2026-11-22T13:00:00Z".into();
        c.valid_from = c.issued_at.clone();
        c.document()
    };
    let opened = {
        let store = d.db.ctx.store().await;
        ops::keys::check_pin(
            &store,
            &d.db.ctx.secrets(),
            &Caller::new("测试", t1 + Duration::hours(1)),
            d.registrar.key_id,
            &d.registrar.pin,
        )
        .await
        .expect("the registrar's key opens")
        .1
    };
    let mut with_late = certs.clone();
    with_late.push(Cert {
        id: 9003,
        kind: enrolment.kind,
        signature: opened.sign(&late),
        doc: late,
        signer_key: reg_key,
    });
    let r = check_chain(&roots, &with_late);
    assert!(
        r.problems
            .iter()
            .any(|p| matches!(p, ChainProblem::SignerNotInOffice { id: 9003, .. })),
        "{:?}",
        r.problems
    );

    // 3. The host revokes the member's key: valid before, not at or after.
    let t2 = t1 + Duration::hours(3);
    ops::keys::key_revoke(
        &d.db.ctx,
        &d.host.at(d.c, t2),
        KeyRevoke {
            community_id: d.c,
            key_id: key.key_id,
            reason: "lost".into(),
            host: HostApproval {
                host_key_id: d.host.key_id,
                host_pin: d.host.pin.clone(),
            },
        },
    )
    .await
    .expect("revoked");
    let (_, _, report) = chain(&d).await;
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let k = public(&key);
    assert!(
        report
            .key_valid_at(m, &k, t2 - Duration::seconds(1))
            .is_ok()
    );
    assert!(matches!(
        report.key_valid_at(m, &k, t2 + Duration::seconds(1)),
        Err(ChainProblem::NotValidAt { .. })
    ));

    // Certificates are append-only in the database.
    let store = d.db.ctx.store().await;
    let mut conn = store.reader().acquire().await.expect("conn");
    let edit = sqlx::query("UPDATE certificates SET document = '{}' WHERE id = 1")
        .execute(&mut *conn)
        .await;
    assert!(edit.is_err(), "certificates cannot be edited");
}

#[tokio::test]
async fn offices_are_certified_when_assigned_and_ended_when_removed() {
    let d = demo().await;
    let m = member_without_key(&d).await;
    let t0 = at(22, 10);
    let key = ops::keys::key_enrol(
        &d.db.ctx,
        &d.registrar.at(d.c, t0),
        enrol(&d, m, Some(d.registrar.signs())),
    )
    .await
    .expect("enrolled");
    let k = public(&key);
    let t1 = t0 + Duration::hours(1);
    for role in [Role::Counter, Role::Scrutineer] {
        ops::access::role_assign(
            &d.db.ctx,
            &d.host.at(d.c, t1),
            RoleAssign {
                community_id: d.c,
                person_id: m,
                role,
                building: None,
            },
        )
        .await
        .expect("assigned");
    }
    let (_, _, report) = chain(&d).await;
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert!(report.officer_valid_at(&["counter"], &k, t1).is_ok());
    assert!(report.officer_valid_at(&["scrutineer"], &k, t1).is_ok());
    // Removing one office: the root ends the key's offices and certifies the other again.
    let t2 = t1 + Duration::hours(1);
    let counter = ops::access::role_list(&d.db.ctx, d.c)
        .await
        .expect("roles")
        .into_iter()
        .find(|r| r.person_id == m && r.role == Role::Counter)
        .expect("counter")
        .role_id;
    ops::access::role_remove(
        &d.db.ctx,
        &d.host.at(d.c, t2),
        RoleRemove {
            community_id: d.c,
            role_id: counter,
        },
    )
    .await
    .expect("removed");
    let (_, _, report) = chain(&d).await;
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert!(
        report
            .officer_valid_at(&["counter"], &k, t2 - Duration::seconds(1))
            .is_ok()
    );
    assert!(report.officer_valid_at(&["counter"], &k, t2).is_err());
    assert!(
        report
            .officer_valid_at(&["scrutineer"], &k, t2 + Duration::hours(1))
            .is_ok()
    );
    assert!(report.key_valid_at(m, &k, t2 + Duration::hours(1)).is_ok());
    // Rotating the key (the registrar at the desk): the new key holds the office, the old none.
    let t3 = t2 + Duration::hours(1);
    let e = ops::keys::key_rotate(
        &d.db.ctx,
        &Caller::new("测试", t3),
        KeyRotate {
            community_id: d.c,
            key_id: key.key_id,
            pin: MEMBER_PIN.into(),
            new_pin: "walnut-tree-3141".into(),
            registrar: None,
        },
    )
    .await
    .expect_err("a certified key needs the registrar to rotate");
    assert!(
        matches!(e, OpError::Cert(CertProblem::RegistrarNeeded)),
        "{e:?}"
    );
    let fresh_key = ops::keys::key_rotate(
        &d.db.ctx,
        &d.registrar.at(d.c, t3),
        KeyRotate {
            community_id: d.c,
            key_id: key.key_id,
            pin: MEMBER_PIN.into(),
            new_pin: "walnut-tree-3141".into(),
            registrar: Some(d.registrar.signs()),
        },
    )
    .await
    .expect("rotated");
    let k2 = public(&fresh_key);
    let (_, _, report) = chain(&d).await;
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let after = t3 + Duration::seconds(1);
    assert!(report.key_valid_at(m, &k2, after).is_ok());
    assert!(report.key_valid_at(m, &k, after).is_err());
    assert!(report.officer_valid_at(&["scrutineer"], &k2, after).is_ok());
    assert!(report.officer_valid_at(&["scrutineer"], &k, after).is_err());
}

#[tokio::test]
async fn rotating_the_root_hands_over_and_recertifies_the_officers() {
    let d = demo().await;
    let before = ops::keys::root_show(&d.db.ctx, RootQuery { community_id: d.c })
        .await
        .expect("root");
    assert_eq!(before.current.generation, 1);
    assert!(before.qr_svg.contains("<svg"));
    let t = at(23, 9);
    let after = ops::keys::root_rotate(
        &d.db.ctx,
        &d.host.at(d.c, t),
        RootRotate {
            community_id: d.c,
            reason: "年度更换".into(),
            countersigned_by: String::new(),
        },
    )
    .await
    .expect("rotated");
    assert_eq!(after.current.generation, 2);
    assert_ne!(after.current.fingerprint, before.current.fingerprint);
    assert_eq!(after.history.len(), 2);
    let (roots, certs, report) = chain(&d).await;
    assert_eq!(roots.len(), 2);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    // The hand-over is signed by both roots.
    let handover = yishi::ops::keys::handover_check(&d.db.ctx, d.c)
        .await
        .expect("hand-overs verify");
    assert_eq!(handover, 1);
    // Every officer holds a role certificate from the new root.
    let host_key = public(&key_of(&d, d.host.person_id).await);
    let by_new = certs.iter().any(|c| {
        c.signer_key == roots[1] && c.doc.get_text("public_key") == Some(host_key.hex().as_str())
    });
    assert!(by_new, "the host re-certified by generation 2");
    assert!(
        report
            .officer_valid_at(&["host"], &host_key, t + Duration::seconds(1))
            .is_ok()
    );
    // Members' enrolments under generation 1 stay valid through the hand-over.
    let reg = public(&key_of(&d, d.registrar.person_id).await);
    assert!(
        report
            .key_valid_at(d.registrar.person_id, &reg, t + Duration::hours(1))
            .is_ok()
    );
}

async fn head_seq(ctx: &yishi::ops::Ctx) -> i64 {
    let store = ctx.store().await;
    yishi::store::events::head_of(store.reader())
        .await
        .expect("head")
        .0
}

#[tokio::test]
async fn a_release_database_gets_its_roots_and_office_certificates_at_the_first_start() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("yishi.db");
    std::fs::write(&path, crate::common::fixture("release-2026-12.db")).expect("copy");
    let ctx = yishi::ops::Ctx::open(&path)
        .await
        .expect("open and migrate");
    let communities = ops::roll::community_list(&ctx).await.expect("communities");
    assert!(!communities.is_empty());
    let mut officers_with_keys = 0;
    for c in &communities {
        let root = ops::keys::root_show(&ctx, RootQuery { community_id: c.id })
            .await
            .expect("a root was made");
        assert_eq!(root.current.generation, 1);
        let certs = ops::keys::cert_list(
            &ctx,
            CertQuery {
                community_id: c.id,
                person_id: None,
            },
            Lang::Zh,
        )
        .await
        .expect("certs");
        assert!(certs.iter().all(|c| c.valid), "{certs:?}");
        let keys = ops::keys::key_list(&ctx, c.id).await.expect("keys");
        for r in ops::access::role_list(&ctx, c.id).await.expect("roles") {
            if !ops::keys::certify::CERTIFIED_OFFICES.contains(&r.role) {
                continue;
            }
            let Some(k) = keys
                .iter()
                .find(|k| k.person_id == r.person_id && k.status == ops::keys::KeyStatus::Active)
            else {
                continue;
            };
            officers_with_keys += 1;
            assert!(
                certs.iter().any(|c| c.kind == "role"
                    && c.role.as_deref() == Some(r.role.key())
                    && c.public_key == k.public_key),
                "{} is certified as {:?}",
                r.name,
                r.role
            );
        }
        // Members' keys from before certificates wait for a registrar: none is certified alone.
        assert!(certs.iter().all(|c| c.kind != "enrolment"));
    }
    assert!(
        officers_with_keys > 0,
        "the release has office holders with keys"
    );
    // A second start certifies nothing more.
    let first = head_seq(&ctx).await;
    ctx.store().await.close().await;
    let ctx = yishi::ops::Ctx::open(&path).await.expect("reopen");
    assert_eq!(
        head_seq(&ctx).await,
        first,
        "nothing new at the second start"
    );
}

#[tokio::test]
async fn yishi_root_shows_the_fingerprint_and_rotates_as_the_host() {
    use std::process::Command;
    let d = demo().await;
    let shown = ops::keys::root_show(&d.db.ctx, RootQuery { community_id: d.c })
        .await
        .expect("root");
    d.db.ctx.store().await.close().await;
    let run = |args: &[&str], pin: Option<&str>| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_yishi"));
        cmd.args(["--db", d.db.path.to_str().expect("utf-8"), "--lang", "en"])
            .args(args)
            .env_remove("YISHI_PIN")
            .env_remove("YISHI_AS");
        if let Some(pin) = pin {
            cmd.env("YISHI_PIN", pin);
        }
        let out = cmd.output().expect("run yishi");
        (
            out.status.code(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        )
    };
    let c = d.c.to_string();
    let (code, out) = run(&["root", "show", "--community", &c], None);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains(&shown.current.fingerprint), "{out}");
    // Rotating needs a signed-in host.
    let (code, out) = run(
        &["root", "rotate", "--community", &c, "--reason", "test"],
        None,
    );
    assert_ne!(code, Some(0), "refused without --as: {out}");
    let host = d.host.person_id.to_string();
    let (code, out) = run(
        &[
            "--as",
            &host,
            "root",
            "rotate",
            "--community",
            &c,
            "--reason",
            "yearly",
        ],
        Some(&d.host.pin),
    );
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("#2"), "generation 2 listed: {out}");
    assert!(
        !out.contains(&format!("Root fingerprint: {}", shown.current.fingerprint)),
        "{out}"
    );
}

#[tokio::test]
async fn a_hand_over_naming_the_street_office_takes_only_their_countersignature() {
    use yishi::formats::signed::SignedFile;
    use yishi::ops::keys::RootCountersign;
    let d = demo().await;
    let street = [77u8; 32];
    let (street_key, _) = sign_with_seed(
        &street,
        &yishi::crypto::signing::Document::new("yishi/probe/v1"),
    );
    let by = d.host.at(d.c, at(23, 9));
    // A countersigner without a key to check them by is refused.
    let e = ops::keys::root_rotate(
        &d.db.ctx,
        &by,
        RootRotate {
            community_id: d.c,
            reason: "笔记本被盗".into(),
            countersigned_by: "某某街道办事处".into(),
        },
    )
    .await
    .expect_err("no key named");
    assert!(
        matches!(e, OpError::Cert(CertProblem::CountersignatureInvalid)),
        "{e:?}"
    );
    let view = ops::keys::root_rotate(
        &d.db.ctx,
        &by,
        RootRotate {
            community_id: d.c,
            reason: "笔记本被盗".into(),
            countersigned_by: format!("某某街道办事处 {}", street_key.text()),
        },
    )
    .await
    .expect("rotated");
    let g2 = view.history.last().expect("generation 2").clone();
    assert!(!g2.countersigned, "not countersigned yet");
    let doc = g2.handover.clone().expect("a hand-over");
    let file_by = |seed: &[u8; 32], doc: &yishi::crypto::signing::Document| {
        let (k, sig) = sign_with_seed(seed, doc);
        SignedFile::new(doc.clone(), &k, sig)
    };
    let submit = |file: SignedFile| {
        ops::keys::root_countersign(
            &d.db.ctx,
            &by,
            RootCountersign {
                community_id: d.c,
                generation: 2,
                file,
            },
        )
    };
    // Someone else's signature, or the office's on another document: refused.
    let e = submit(file_by(&[78u8; 32], &doc))
        .await
        .expect_err("another key");
    assert!(
        matches!(e, OpError::Cert(CertProblem::CountersignatureInvalid)),
        "{e:?}"
    );
    let other = yishi::crypto::signing::Document::new("yishi/root-handover/v1").text("x", "y");
    let e = submit(file_by(&street, &other))
        .await
        .expect_err("another document");
    assert!(
        matches!(e, OpError::Cert(CertProblem::CountersignatureInvalid)),
        "{e:?}"
    );
    let mut forged = file_by(&street, &doc);
    let flipped = if forged.signature.starts_with('0') {
        "1"
    } else {
        "0"
    };
    forged.signature.replace_range(0..1, flipped);
    assert!(submit(forged).await.is_err(), "a changed signature");
    // The named office's own signature over the hand-over: filed and shown.
    let view = submit(file_by(&street, &doc)).await.expect("countersigned");
    let g2 = view.history.last().expect("generation 2");
    assert!(g2.countersigned && g2.countersigned_by.starts_with("某某街道办事处"));
    assert_eq!(
        ops::keys::handover_check(&d.db.ctx, d.c)
            .await
            .expect("verifies"),
        1
    );
}

#[tokio::test]
async fn a_key_from_before_certificates_is_certified_once_by_a_registrar() {
    let d = demo().await;
    let m = member_without_key(&d).await;
    // Enrolled by a setup step (no operator): no certificate yet.
    let key = ops::keys::key_enrol(
        &d.db.ctx,
        &Caller::new("设置", at(22, 9)),
        enrol(&d, m, None),
    )
    .await
    .expect("enrolled");
    assert!(key.certificate.is_none());
    let (_, _, report) = chain(&d).await;
    assert!(
        report.key_valid_at(m, &public(&key), at(22, 10)).is_err(),
        "not valid for voting"
    );
    let input = || yishi::ops::keys::KeyCertify {
        community_id: d.c,
        key_id: key.key_id,
        check: IdCheck::HouseholdRegister,
        registrar: d.registrar.signs(),
    };
    let first = d.registrar.at(d.c, at(22, 10));
    let certified = ops::keys::key_certify(&d.db.ctx, &first, input())
        .await
        .expect("certified");
    assert!(certified.certificate.is_some());
    let (_, _, report) = chain(&d).await;
    assert!(report.key_valid_at(m, &public(&key), at(22, 11)).is_ok());
    let again = d.registrar.at(d.c, at(22, 11));
    let e = ops::keys::key_certify(&d.db.ctx, &again, input())
        .await
        .expect_err("once");
    assert!(
        matches!(e, OpError::Cert(CertProblem::AlreadyCertified { .. })),
        "{e:?}"
    );
}

/// Nobody certifies their own key: the registrar rotating their own key and signing the new
/// key's enrolment themselves is refused (zh/en saying who can), nothing changes; the host
/// signs it instead (the chain refusing a self-certified enrolment is in `crypto::certs`'s unit
/// tests and `record_chain`).
#[tokio::test]
async fn a_registrar_cannot_certify_their_own_key() {
    let d = demo().await;
    let t = at(22, 11);
    let rotate = |signer: &Officer| KeyRotate {
        community_id: d.c,
        key_id: d.registrar.key_id,
        pin: d.registrar.pin.clone(),
        new_pin: "walnut-tree-3141".into(),
        registrar: Some(signer.signs()),
    };
    let e = ops::keys::key_rotate(&d.db.ctx, &d.registrar.at(d.c, t), rotate(&d.registrar))
        .await
        .expect_err("the registrar certifies their own new key");
    assert!(
        matches!(e, OpError::Cert(CertProblem::SelfCertification { .. })),
        "{e:?}"
    );
    let OpError::Cert(p) = &e else { unreachable!() };
    assert!(
        p.message(Lang::En)
            .contains("another registrar or the host")
    );
    assert!(p.message(Lang::Zh).contains("另一名登记员或主持人"));
    // Nothing changed: the old key is still the registrar's active key.
    let still = key_of(&d, d.registrar.person_id).await;
    assert_eq!(still.key_id, d.registrar.key_id);
    // The host at the desk certifies it.
    let fresh_key = ops::keys::key_rotate(&d.db.ctx, &d.host.at(d.c, t), rotate(&d.host))
        .await
        .expect("the host certifies the registrar's new key");
    let (_, _, report) = chain(&d).await;
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert!(
        report
            .key_valid_at(
                d.registrar.person_id,
                &public(&fresh_key),
                t + Duration::seconds(1)
            )
            .is_ok()
    );
}
