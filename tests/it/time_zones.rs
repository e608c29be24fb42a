//! Times from other zones. A vote's window, a proxy's expiry and a ballot's `signed_at` may be
//! written with any UTC offset (a client in Los Angeles writes `-08:00`); the app stores instants
//! in one UTC form and compares them as instants, so a ballot signed at 02:00-08:00 (10:00Z) is
//! inside a window opened at 09:30Z, and the vote closes and its record verifies.

use crate::common;

use chrono::{DateTime, Duration, FixedOffset, SecondsFormat, Utc};
use common::{at, fresh};
use yishi::crypto::signing::{Document, FieldValue, sign_with_seed};
use yishi::domain::vote::{BallotPolicy, MatterCategory, Rule, VoteSettings};
use yishi::formats::signed::SignedFile;
use yishi::lang::Lang;
use yishi::ops::keys::*;
use yishi::ops::types::Role;
use yishi::ops::votes::*;
use yishi::ops::{self, Caller};

const PIN: &str = "482913";

fn by(hour: u32, min: i64) -> Caller {
    Caller::new("测试主持人", at(22, hour) + Duration::minutes(min))
}

/// The same instant written as a client in UTC-8 would write it.
fn pacific(t: DateTime<Utc>) -> String {
    t.with_timezone(&FixedOffset::west_opt(8 * 3600).expect("UTC-8"))
        .to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// `doc` with its `signed_at` replaced by `signed_at` (what another device would have signed).
fn resigned(doc: &Document, signed_at: &str) -> Document {
    let mut doc = doc.clone();
    for f in &mut doc.fields {
        if f.name == "signed_at" {
            f.value = FieldValue::Text(signed_at.into());
        }
    }
    doc
}

async fn enrol(db: &common::TestDb, c: i64, person_id: i64) -> i64 {
    let input = KeyEnrol {
        community_id: c,
        person_id,
        pin: PIN.into(),
        checked_by: "记录员".into(),
        check: IdCheck::IdCard,
        registrar: None,
    };
    ops::keys::key_enrol(&db.ctx, &by(9, 0), input)
        .await
        .expect("enrol")
        .key_id
}

/// A vote created, signed and closed with every time written at UTC-8 closes and verifies.
#[tokio::test]
async fn a_vote_with_offset_times_closes_and_verifies() {
    let db = fresh().await;
    let c = crate::common::demo_without_keys(&db.ctx, &by(8, 0))
        .await
        .expect("demo")
        .id;
    let roles = ops::access::role_list(&db.ctx, c).await.expect("roles");
    let find = |r: Role| roles.iter().find(|x| x.role == r).expect("role").person_id;
    let (host, secretary) = (find(Role::Host), find(Role::Secretary));
    let host_key = enrol(&db, c, host).await;
    let secretary_key = enrol(&db, c, secretary).await;
    // The result's third signer: a scrutineer listed in the manifest at opening.
    let scrutineer = find(Role::Scrutineer);
    let scrutineer_key = enrol(&db, c, scrutineer).await;
    let create = VoteCreate {
        community_id: c,
        title: "续聘物业服务企业".into(),
        motion: "同意续聘".into(),
        category: MatterCategory::PropertyCompany,
        kind: VoteKind::Question,
        settings: VoteSettings {
            rule: Rule::OwnersOrdinary,
            ballot_policy: BallotPolicy::FirstStands,
            conformity_clause: false,
            proxy_limit: None,
            scope: Default::default(),
        },
        // 09:30Z .. 18:00Z, written by a client in Los Angeles.
        opens_at: pacific(at(22, 9) + Duration::minutes(30)),
        closes_at: pacific(at(22, 18)),
        objection_days: 0,
        agenda_item_id: None,
        matter_id: None,
    };
    assert_eq!(create.closes_at, "2026-11-22T10:00:00-08:00");
    let v = ops::votes::vote_create(&db.ctx, &by(9, 20), create)
        .await
        .expect("create")
        .vote_id;
    // Three owners enrol their own keys before the vote opens (its manifest lists them); the
    // roll is read from a first vote opened for that.
    let (roll_vote, _) = common::open_vote_in(&db, &by(9, 0), c, "名册").await;
    let voters = ops::votes::build_record(&db.ctx, roll_vote)
        .await
        .expect("record")
        .roll
        .entries;
    let members: Vec<_> = voters
        .iter()
        .filter(|e| e.voter() != host && e.voter() != secretary && e.voter() != scrutineer)
        .take(3)
        .cloned()
        .collect();
    for (i, e) in members.iter().enumerate() {
        common::enrol_seed(&db, &by(9, 25), c, e.voter(), &[i as u8 + 11; 32]).await;
    }
    let view = ops::votes::vote_open(&db.ctx, &by(9, 30), v)
        .await
        .expect("open");
    assert_eq!(
        view.closes_at, "2026-11-22T18:00:00Z",
        "stored in one UTC form"
    );
    // Three owners sign on their own devices at 10:00Z, 10:01Z, 10:02Z, written at UTC-8.
    let mut signed = 0;
    for (i, e) in members.iter().enumerate() {
        let seed = [i as u8 + 11; 32];
        let now = by(10, i as i64);
        let mut submit = common::signed_ballot(&db, &now, (c, v), e.voter(), &seed, "agree").await;
        let doc = resigned(&submit.file.document, &pacific(now.now));
        let (public, signature) = sign_with_seed(&seed, &doc);
        submit.file = SignedFile::new(doc, &public, signature);
        ops::signing::signature_submit(&db.ctx, &now, submit)
            .await
            .expect("a ballot signed at UTC-8 inside the window is admitted");
        signed += 1;
    }
    assert_eq!(signed, 3);
    // The signature rows keep the instant in the one UTC form; the documents keep their text.
    let page = ops::signing::signature_list(
        &db.ctx,
        SignatureQuery {
            community_id: c,
            subject: Some(format!("vote:{v}")),
            offset: 0,
            limit: Some(10),
        },
        Lang::En,
    )
    .await
    .expect("signatures");
    assert_eq!(page.items.len(), 3);
    for s in &page.items {
        assert!(s.valid, "{}", s.verdict);
        assert!(s.signed_at.starts_with("2026-11-22T10:0") && s.signed_at.ends_with('Z'));
    }
    let close = VoteClose {
        vote_id: v,
        host: HostApproval {
            host_key_id: host_key,
            host_pin: PIN.into(),
        },
        secretary: HostApproval {
            host_key_id: secretary_key,
            host_pin: PIN.into(),
        },
        officer: Some(HostApproval {
            host_key_id: scrutineer_key,
            host_pin: PIN.into(),
        }),
    };
    let closed = ops::votes::vote_close(&db.ctx, &by(18, 5), close, Lang::En)
        .await
        .expect("the vote closes");
    assert_eq!(
        closed.ballots.iter().filter(|b| b.counted).count(),
        3,
        "every ballot signed at UTC-8 is counted"
    );
    let file = ops::votes::vote_record(&db.ctx, v).await.expect("record");
    let check = ops::record::record_check(
        RecordCheckRequest {
            content_base64: file.content_base64,
            manifest: None,
            root: None,
        },
        Lang::En,
    )
    .expect("check");
    assert!(check.ok, "the exported record verifies: {check:?}");
}
