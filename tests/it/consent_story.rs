//! 住改商 on the demo community (民法典 Art. 279): a request for a unit of 1栋 whose interested
//! list is every other owner of 1栋 (counted here independently of `domain::consent`); consents
//! collected one by one; an outside owner added with a reason; the record exported, verified by
//! the app and by `yishi verify`, and a changed byte caught; a second request lapses in silence;
//! a third ends at one refusal; the audit names a consent row edited with plain SQL.

use crate::common;
use chrono::Duration;
use std::collections::BTreeSet;
use std::process::Command;
use yishi::crypto::signing::sign_with_seed;
use yishi::domain::consent::{Answer, Basis, CoOwnerRule, Status};
use yishi::formats::signed::SignedFile;
use yishi::lang::Lang;
use yishi::ops::consent::*;
use yishi::ops::keys::{SignRequest, SignSubject, SignedFileSubmit};
use yishi::ops::{self, Caller, ConsentProblem, OpError};

fn seed(person_id: i64) -> [u8; 32] {
    let mut s = [7u8; 32];
    s[..8].copy_from_slice(&person_id.to_be_bytes());
    s
}

async fn answer(
    db: &common::TestDb,
    by: &Caller,
    (c, consent_id, party_id): (i64, i64, i64),
    person_id: i64,
    answer: Answer,
) -> Result<(), OpError> {
    let request = SignRequest {
        community_id: c,
        person_id,
        subject: SignSubject::Consent {
            consent_id,
            party_id,
            answer,
        },
    };
    let preview = ops::signing::sign_preview(&db.ctx, by, request.clone(), Lang::En).await?;
    let (public, signature) = sign_with_seed(&seed(person_id), &preview.document);
    let file = SignedFile::new(preview.document, &public, signature);
    ops::signing::signature_submit(&db.ctx, by, SignedFileSubmit { request, file })
        .await
        .map(|_| ())
}

fn decided(e: &OpError) -> Option<Status> {
    match e {
        OpError::Consent(ConsentProblem::Decided(s)) => Some(*s),
        _ => None,
    }
}

fn yishi_verify(path: &std::path::Path) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_yishi"))
        .args(["--lang", "en", "verify", path.to_str().expect("utf-8 path")])
        .output()
        .expect("run yishi");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// Every other owner group of the building, straight from the stored roll: the test's own count.
async fn expected_parties(db: &common::TestDb, c: i64, unit_id: i64) -> BTreeSet<String> {
    let store = db.ctx.store().await;
    let mut conn = store.reader().acquire().await.expect("conn");
    let units = yishi::store::roll::units(&mut conn, c, None)
        .await
        .expect("units");
    let unit = units.iter().find(|u| u.unit_id == unit_id).expect("unit");
    let key = |u: &yishi::store::roll::StoredUnit| {
        if u.status != yishi::domain::roster::UnitStatus::Delivered
            || u.people
                .iter()
                .filter(|p| p.relation.is_owner())
                .all(|p| p.is_developer)
        {
            return "developer".to_string();
        }
        let ids: BTreeSet<i64> = u
            .people
            .iter()
            .filter(|p| p.relation.is_owner())
            .map(|p| p.person_id)
            .collect();
        format!(
            "owners:{}",
            ids.iter().map(i64::to_string).collect::<Vec<_>>().join("+")
        )
    };
    let own = key(unit);
    units
        .iter()
        .filter(|u| u.building == unit.building)
        .map(key)
        .filter(|k| *k != own)
        .collect()
}

async fn enrol_all(db: &common::TestDb, by: &Caller, c: i64, ids: impl Iterator<Item = i64>) {
    for id in ids {
        common::enrol_seed(db, by, c, id, &seed(id)).await;
    }
}

#[tokio::test]
async fn home_to_business_consent_story() {
    let db = common::fresh().await;
    let by = common::caller();
    let c = crate::common::demo_without_keys(&db.ctx, &by)
        .await
        .expect("demo")
        .id;
    let units = {
        let store = db.ctx.store().await;
        let mut conn = store.reader().acquire().await.expect("conn");
        yishi::store::roll::units(&mut conn, c, Some("1栋"))
            .await
            .expect("units")
    };
    let sole = |u: &&yishi::store::roll::StoredUnit| {
        u.people.iter().filter(|p| p.relation.is_owner()).count() == 1
    };
    // Everyone who owns in 1栋 holds their own key (a file signed at home, like a ballot).
    let owners: BTreeSet<i64> = units
        .iter()
        .flat_map(|u| {
            u.people
                .iter()
                .filter(|p| p.relation.is_owner())
                .map(|p| p.person_id)
        })
        .collect();
    enrol_all(&db, &by, c, owners.iter().copied()).await;
    let mut singles = units.iter().filter(sole);
    let (first, second, third) = (
        singles.next().expect("a sole-owned unit"),
        singles.next().expect("another"),
        singles.next().expect("a third"),
    );

    // 1. A request for a unit: the list is every other owner of 1栋, computed, not typed.
    let open = |unit_id: i64, co_owners: CoOwnerRule, hours: i64| ConsentOpen {
        community_id: c,
        unit_id,
        applicant: "申请人".into(),
        business: "社区便利店，营业 8:00-21:00，不做餐饮".into(),
        deadline: (by.now + Duration::hours(hours)).to_rfc3339(),
        co_owners,
    };
    let detail = consent_open(
        &db.ctx,
        &by,
        open(first.unit_id, CoOwnerRule::DesignatedVoter, 48),
        Lang::En,
    )
    .await
    .expect("open");
    let id = detail.request.id;
    let listed: BTreeSet<String> = detail.parties.iter().map(|p| p.party.key.clone()).collect();
    assert_eq!(listed, expected_parties(&db, c, first.unit_id).await);
    assert!(
        listed.len() > 40,
        "1栋 has about fifty owners: {}",
        listed.len()
    );
    assert!(
        detail
            .parties
            .iter()
            .all(|p| p.party.basis == Basis::SameBuilding)
    );
    assert_eq!(detail.outcome.status, Status::Pending);

    // 2. An outside owner who showed harm, with a reason and an evidence hash.
    let outsider = {
        let store = db.ctx.store().await;
        let mut conn = store.reader().acquire().await.expect("conn");
        let two = yishi::store::roll::units(&mut conn, c, Some("2栋"))
            .await
            .expect("2栋");
        two.iter()
            .find(sole)
            .and_then(|u| u.people.iter().find(|p| p.relation.is_owner()))
            .expect("a sole owner in 2栋")
            .person_id
    };
    let add = |reason: &str, evidence: String| ConsentAddParty {
        consent_id: id,
        person_id: outsider,
        unit_id: None,
        reason: reason.into(),
        evidence_sha256: evidence,
    };
    let bad = consent_add_party(&db.ctx, &by, add("噪音", "12ab".into()), Lang::En).await;
    assert!(matches!(
        bad,
        Err(OpError::Consent(ConsentProblem::BadEvidence))
    ));
    let evidence = yishi::crypto::canonical::sha256_hex("照片".as_bytes());
    let detail = consent_add_party(
        &db.ctx,
        &by,
        add("顾客排队堵住 2栋入口", evidence.clone()),
        Lang::En,
    )
    .await
    .expect("add outsider");
    let outside = detail.parties.last().expect("added");
    assert!(
        matches!(&outside.party.basis, Basis::ShownHarm { reason, .. } if reason.contains("2栋"))
    );
    let again = consent_add_party(&db.ctx, &by, add("再次", evidence), Lang::En).await;
    assert!(matches!(
        again,
        Err(OpError::Consent(ConsentProblem::AlreadyListed { .. }))
    ));

    // 3. Consents collected: every signer of every interested owner, pending until the last.
    let signers: Vec<(i64, i64)> = detail
        .parties
        .iter()
        .flat_map(|p| p.signers.iter().map(move |s| (p.party_id, s.person_id)))
        .collect();
    common::enrol_seed(&db, &by, c, outsider, &seed(outsider)).await;
    // A co-owner who is not the designated voter may not sign for the unit.
    if let Some(p) = detail.parties.iter().find(|p| p.party.members.len() > 1) {
        let other = p
            .party
            .members
            .iter()
            .find(|m| m.person_id != p.signers[0].person_id)
            .expect("co-owner");
        let e = answer(
            &db,
            &by,
            (c, id, p.party_id),
            other.person_id,
            Answer::Consent,
        )
        .await;
        assert!(
            matches!(e, Err(OpError::Consent(ConsentProblem::NotASigner { .. }))),
            "{e:?}"
        );
    }
    for (n, (party_id, person)) in signers.iter().enumerate() {
        let at = Caller::new("记录员", by.now + Duration::minutes(n as i64 + 1));
        answer(&db, &at, (c, id, *party_id), *person, Answer::Consent)
            .await
            .expect("consent");
        let d = consent_detail(&db.ctx, at.now, ConsentRef { consent_id: id }, Lang::En)
            .await
            .expect("detail");
        let want = if n + 1 == signers.len() {
            Status::Consented
        } else {
            Status::Pending
        };
        assert_eq!(
            d.outcome.status,
            want,
            "after {} of {}",
            n + 1,
            signers.len()
        );
    }
    let later = by.now + Duration::hours(1);

    // 4. The record exports, verifies, and a changed byte is caught.
    let file = consent_record(&db.ctx, later, ConsentRef { consent_id: id }, Lang::En)
        .await
        .expect("record");
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(file.content_base64)
        .expect("base64");
    let check = ops::record::check_record_bytes(&bytes, Lang::En);
    assert!(check.ok, "{:?}", check.discrepancies);
    assert!(
        check.result_text.contains("consented"),
        "{}",
        check.result_text
    );
    let good = db.dir.path().join("consent.json");
    std::fs::write(&good, &bytes).expect("write");
    let (ok, out) = yishi_verify(&good);
    assert!(ok, "{out}");
    let text = String::from_utf8(bytes.clone()).expect("utf-8");
    for (what, from, to) in [
        ("the business", "不做餐饮", "可做餐饮"),
        (
            "an answer",
            "\"answer\": \"consent\"",
            "\"answer\": \"refuse\"",
        ),
        (
            "a roll owner",
            "\"designated_voter\": false",
            "\"designated_voter\": true",
        ),
    ] {
        assert!(text.contains(from), "{what}: {from}");
        let changed = text.replacen(from, to, 1);
        let check = ops::record::check_record_bytes(changed.as_bytes(), Lang::En);
        assert!(!check.ok, "{what} changed but the record still verifies");
        let path = db.dir.path().join("changed.json");
        std::fs::write(&path, changed).expect("write");
        let (ok, out) = yishi_verify(&path);
        assert!(
            !ok,
            "yishi verify accepted a record with {what} changed: {out}"
        );
    }
    // Dropping an interested owner from the list is named as an incomplete list.
    let mut record: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
    record["parties"].as_array_mut().expect("parties").remove(0);
    let check = ops::record::check_record_bytes(record.to_string().as_bytes(), Lang::En);
    assert!(
        check.discrepancies.iter().any(|d| d.contains("incomplete")),
        "{:?}",
        check.discrepancies
    );

    // 5. A second request lapses at the deadline with silence.
    let detail = consent_open(
        &db.ctx,
        &by,
        open(second.unit_id, CoOwnerRule::EveryCoOwner, 2),
        Lang::En,
    )
    .await
    .expect("open second");
    let second_id = detail.request.id;
    let p0 = &detail.parties[0];
    answer(
        &db,
        &by,
        (c, second_id, p0.party_id),
        p0.signers[0].person_id,
        Answer::Consent,
    )
    .await
    .expect("one consent");
    let after = by.now + Duration::hours(3);
    let d = consent_detail(
        &db.ctx,
        after,
        ConsentRef {
            consent_id: second_id,
        },
        Lang::En,
    )
    .await
    .expect("detail");
    assert_eq!(d.outcome.status, Status::Lapsed);
    let late = Caller::new("记录员", after);
    let p1 = &detail.parties[1];
    let e = answer(
        &db,
        &late,
        (c, second_id, p1.party_id),
        p1.signers[0].person_id,
        Answer::Consent,
    )
    .await
    .expect_err("too late");
    assert_eq!(decided(&e), Some(Status::Lapsed));
    let file = consent_record(
        &db.ctx,
        after,
        ConsentRef {
            consent_id: second_id,
        },
        Lang::En,
    )
    .await
    .expect("lapsed record");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(file.content_base64)
        .expect("b64");
    let check = ops::record::check_record_bytes(&bytes, Lang::En);
    assert!(
        check.ok && check.result_text.contains("lapsed"),
        "{check:?}"
    );

    // 6. A third request: one refusal ends it at once.
    let detail = consent_open(
        &db.ctx,
        &by,
        open(third.unit_id, CoOwnerRule::DesignatedVoter, 48),
        Lang::En,
    )
    .await
    .expect("open third");
    let third_id = detail.request.id;
    let (pa, pb, pc) = (&detail.parties[0], &detail.parties[1], &detail.parties[2]);
    answer(
        &db,
        &by,
        (c, third_id, pa.party_id),
        pa.signers[0].person_id,
        Answer::Consent,
    )
    .await
    .expect("consent");
    answer(
        &db,
        &by,
        (c, third_id, pb.party_id),
        pb.signers[0].person_id,
        Answer::Refuse,
    )
    .await
    .expect("refusal");
    let d = consent_detail(
        &db.ctx,
        by.now,
        ConsentRef {
            consent_id: third_id,
        },
        Lang::En,
    )
    .await
    .expect("detail");
    assert_eq!(d.outcome.status, Status::Refused);
    assert_eq!(d.outcome.refused_by.as_deref(), Some(pb.party.key.as_str()));
    let e = answer(
        &db,
        &by,
        (c, third_id, pc.party_id),
        pc.signers[0].person_id,
        Answer::Consent,
    )
    .await
    .expect_err("ended");
    assert_eq!(decided(&e), Some(Status::Refused));
    let list = consent_list(&db.ctx, by.now, ConsentQuery { community_id: c })
        .await
        .expect("list");
    assert_eq!(list.len(), 3);

    // 7. The log holds it all; a consent row edited or deleted with plain SQL is named.
    let report = ops::record::audit_verify(&db.ctx, None, Lang::En)
        .await
        .expect("audit");
    assert!(report.ok, "{:?}", report.problems);
    tamper(
        &db.path,
        "DROP TRIGGER consent_answers_no_update; UPDATE consent_answers SET answer = 'refuse' WHERE id = 1;
         DROP TRIGGER consent_parties_no_delete; DELETE FROM consent_parties WHERE id = (SELECT MAX(id) FROM consent_parties);",
    )
    .await;
    let out = Command::new(env!("CARGO_BIN_EXE_yishi"))
        .args([
            "--db",
            db.path.to_str().expect("utf-8"),
            "--lang",
            "en",
            "audit",
            "verify",
        ])
        .output()
        .expect("run yishi");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{text}");
    assert!(
        text.contains("change-of-use answer (consent_answers row 1)"),
        "{text}"
    );
    assert!(text.contains("edited outside the app"), "{text}");
    assert!(
        text.contains("consent_parties row") && text.contains("deleted outside the app"),
        "{text}"
    );
    // The dropped guards are named once, by the schema check.
    assert!(
        text.contains("(trigger) is missing") && text.contains("consent_"),
        "{text}"
    );
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
