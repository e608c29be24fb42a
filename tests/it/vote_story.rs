//! A vote from opening to a verified record: kiosk, paper and proxy ballots; every kind of bad
//! ballot refused and logged; the result signed by host and secretary; the exported record
//! re-checked by the real `yishi verify`, which fails once a single byte is flipped.

use crate::common;

use chrono::Duration;
use common::{at, fresh};
use std::process::Command;
use yishi::domain::vote::{BallotPolicy, MatterCategory, Rule, VoteSettings};
use yishi::lang::Lang;
use yishi::ops::keys::*;
use yishi::ops::types::{PersonQuery, Role};
use yishi::ops::votes::*;
use yishi::ops::{self, Caller, ErrorCode};

const PIN: &str = "482913";

struct Setup {
    db: common::TestDb,
    c: i64,
    host: (i64, i64),
    secretary: (i64, i64),
    /// The result's third signer (a scrutineer), enrolled before any vote opens.
    scrutineer: (i64, i64),
    owners: Vec<i64>,
}

fn by(hour: u32, min: i64) -> Caller {
    Caller::new("测试主持人", at(22, hour) + Duration::minutes(min))
}

async fn person(db: &common::TestDb, c: i64, label: &str) -> i64 {
    ops::roll::person_search(
        &db.ctx,
        PersonQuery {
            community_id: c,
            search: label.into(),
        },
    )
    .await
    .expect("search")[0]
        .person
        .person_id
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

async fn setup() -> Setup {
    let db = fresh().await;
    let c = crate::common::demo_without_keys(&db.ctx, &by(8, 0))
        .await
        .expect("demo")
        .id;
    let roles = ops::access::role_list(&db.ctx, c).await.expect("roles");
    let find = |r: Role| {
        roles
            .iter()
            .find(|x| x.role == r)
            .expect("demo role")
            .person_id
    };
    let (host, secretary) = (find(Role::Host), find(Role::Secretary));
    let host_key = enrol(&db, c, host).await;
    let secretary_key = enrol(&db, c, secretary).await;
    let scrutineer = find(Role::Scrutineer);
    let scrutineer_key = enrol(&db, c, scrutineer).await;
    let mut owners = Vec::new();
    for label in ["1栋 301", "1栋 302", "2栋 501", "3栋 1201", "4栋 601"] {
        let p = person(&db, c, label).await;
        if p != host && p != secretary && p != scrutineer && !owners.contains(&p) {
            enrol(&db, c, p).await;
            owners.push(p);
        }
    }
    Setup {
        db,
        c,
        host: (host, host_key),
        secretary: (secretary, secretary_key),
        scrutineer: (scrutineer, scrutineer_key),
        owners,
    }
}

fn settings(policy: BallotPolicy) -> VoteSettings {
    VoteSettings {
        rule: Rule::OwnersOrdinary,
        scope: Default::default(),
        ballot_policy: policy,
        conformity_clause: false,
        proxy_limit: Some(3),
    }
}

async fn open_vote(s: &Setup, motion: &str) -> VoteView {
    let create = VoteCreate {
        community_id: s.c,
        title: "续聘物业服务企业".into(),
        motion: motion.into(),
        category: MatterCategory::PropertyCompany,
        kind: VoteKind::Question,
        settings: settings(BallotPolicy::FirstStands),
        opens_at: "2026-11-22T09:30:00Z".into(),
        closes_at: "2026-11-22T18:00:00Z".into(),
        objection_days: 3,
        agenda_item_id: None,
        matter_id: None,
    };
    let v = ops::votes::vote_create(&s.db.ctx, &by(9, 20), create)
        .await
        .expect("create");
    let v = ops::votes::vote_open(&s.db.ctx, &by(9, 30), v.vote_id)
        .await
        .expect("open");
    assert!(
        v.roll_hash.as_deref().is_some_and(|h| h.len() == 64),
        "the frozen roll's hash is published"
    );
    v
}

async fn kiosk(
    s: &Setup,
    vote_id: i64,
    person_id: i64,
    choice: &str,
    proxy_for: Option<i64>,
    when: Caller,
) -> Result<Receipt, ops::OpError> {
    let request = SignRequest {
        community_id: s.c,
        person_id,
        subject: SignSubject::Ballot {
            vote_id,
            choice: choice.into(),
            proxy_for,
        },
    };
    let preview = ops::signing::sign_preview(&s.db.ctx, &when, request.clone(), Lang::Zh).await?;
    ops::signing::sign(
        &s.db.ctx,
        &when,
        SignSubmit {
            request,
            signed_at: preview.signed_at,
            document_hash: preview.document_hash,
            pin: PIN.into(),
        },
    )
    .await
}

fn yishi_verify(path: &std::path::Path) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_yishi"))
        .args(["--lang", "en", "verify", path.to_str().expect("utf-8 path")])
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

#[tokio::test]
async fn a_vote_from_opening_to_a_verified_record() {
    let s = setup().await;
    let vote = open_vote(&s, "同意续聘阳光物业，服务期三年，物业费不变。").await;
    let other = open_vote(&s, "另一项议案").await;
    let v = vote.vote_id;
    let [a, b, c, d, ..] = s.owners[..] else {
        panic!("four owners enrolled")
    };

    // Kiosk ballots with receipts.
    let r1 = kiosk(&s, v, a, "agree", None, by(10, 0))
        .await
        .expect("a votes");
    kiosk(&s, v, b, "oppose", None, by(10, 5))
        .await
        .expect("b votes");
    kiosk(&s, v, s.host.0, "agree", None, by(10, 6))
        .await
        .expect("host votes");
    assert_eq!(r1.short_code.len(), 14);

    // Refused, each with a clear reason: second ballot under first-stands, wrong choice,
    // outside the window, and someone not on the frozen roll.
    let again = kiosk(&s, v, a, "oppose", None, by(10, 10))
        .await
        .expect_err("second ballot");
    assert!(
        again.message(Lang::Zh).contains("第一次投票为准"),
        "{}",
        again.message(Lang::Zh)
    );
    assert_eq!(
        kiosk(&s, v, c, "maybe", None, by(10, 11))
            .await
            .expect_err("bad choice")
            .code(),
        ErrorCode::InvalidInput
    );
    let late = kiosk(&s, v, c, "agree", None, by(18, 30))
        .await
        .expect_err("after close");
    assert!(
        late.message(Lang::En).contains("only accepted between"),
        "{}",
        late.message(Lang::En)
    );

    // A proxy casts for d; then d's own ballot overrides it.
    ops::votes::proxy_add(
        &s.db.ctx,
        &by(10, 20),
        ProxyAdd {
            vote_id: v,
            // A screen that picks the owner as a person: their one roll entry is meant.
            owner_id: d,
            proxy_id: c,
            scan_base64: common::b64(b"scan of the signed authorisation"),
            scope: "本次表决".into(),
            expires_at: "2026-11-23T00:00:00Z".into(),
            signers: ProxySigners::Officers {
                officers: [
                    HostApproval {
                        host_key_id: s.host.1,
                        host_pin: PIN.into(),
                    },
                    HostApproval {
                        host_key_id: s.secretary.1,
                        host_pin: PIN.into(),
                    },
                ],
            },
        },
    )
    .await
    .expect("proxy");
    let d_entry = common::entry_of(&s.db, v, d).await;
    kiosk(&s, v, c, "oppose", Some(d_entry), by(10, 25))
        .await
        .expect("proxy ballot");
    kiosk(&s, v, d, "agree", None, by(10, 30))
        .await
        .expect("the owner's own ballot overrides the proxy's");

    // A ballot signed for another vote is refused when filed against this one.
    let stray = ops::signing::sign_preview(
        &s.db.ctx,
        &by(10, 40),
        SignRequest {
            community_id: s.c,
            person_id: c,
            subject: SignSubject::Ballot {
                vote_id: other.vote_id,
                choice: "agree".into(),
                proxy_for: None,
            },
        },
        Lang::Zh,
    )
    .await
    .expect("preview for the other vote");
    let file = SignedFile {
        format: "yishi-signed/v1".into(),
        document: stray.document.clone(),
        public_key: format!(
            "yishi-key:v1:{}",
            stray.document.get_text("public_key").unwrap_or_default()
        ),
        signature: "00".repeat(64),
    };
    let err = ops::signing::signature_submit(
        &s.db.ctx,
        &by(10, 41),
        SignedFileSubmit {
            request: SignRequest {
                community_id: s.c,
                person_id: c,
                subject: SignSubject::Ballot {
                    vote_id: v,
                    choice: "agree".into(),
                    proxy_for: None,
                },
            },
            file,
        },
    )
    .await;
    assert!(err.is_err(), "bad signature and wrong vote refused");

    // A paper ballot, blank (an abstention), witnessed by host and secretary.
    let paper_voter = person(&s.db, s.c, "5栋 101").await;
    let witnesses = [
        HostApproval {
            host_key_id: s.host.1,
            host_pin: PIN.into(),
        },
        HostApproval {
            host_key_id: s.secretary.1,
            host_pin: PIN.into(),
        },
    ];
    ops::votes::paper_ballot(
        &s.db.ctx,
        &by(11, 0),
        PaperBallot {
            vote_id: v,
            person_id: paper_voter,
            entry_id: None,
            mark: PaperMark::Blank,
            scan_base64: common::b64(b"photo"),
            witnesses,
        },
    )
    .await
    .expect("paper ballot");

    let detail = ops::votes::vote_detail(&s.db.ctx, by(11, 5).now, v, Lang::Zh)
        .await
        .expect("detail");
    let live = detail.participation.expect("live participation");
    assert_eq!(live.pn, 5, "a, b, host, d (own ballot), the paper voter");
    assert!(
        detail.refused.len() >= 3,
        "refusals are on the record: {:?}",
        detail.refused
    );
    assert_eq!(detail.ballots.iter().filter(|b| b.counted).count(), 5);

    // Close: host and secretary sign the result.
    let close = VoteClose {
        vote_id: v,
        host: HostApproval {
            host_key_id: s.host.1,
            host_pin: PIN.into(),
        },
        secretary: HostApproval {
            host_key_id: s.secretary.1,
            host_pin: PIN.into(),
        },
        officer: Some(HostApproval {
            host_key_id: s.scrutineer.1,
            host_pin: PIN.into(),
        }),
    };
    let closed = ops::votes::vote_close(&s.db.ctx, &by(18, 5), close, Lang::En)
        .await
        .expect("close");
    assert_eq!(closed.passed, Some(false), "5 of 272 persons is no quorum");
    let text = closed.result_text.expect("result block");
    assert!(text.contains("Pn") || text.contains("quorum"), "{text}");
    let after = kiosk(&s, v, c, "agree", None, by(18, 10))
        .await
        .expect_err("closed");
    assert_eq!(after.code(), ErrorCode::Conflict);
    let notice = ops::votes::vote_notice(&s.db.ctx, &by(18, 20), v, Lang::Zh)
        .await
        .expect("notice");
    assert!(notice.file_name.ends_with("公示.html"));

    // The exported record verifies offline; one flipped byte does not.
    let file = ops::votes::vote_record(&s.db.ctx, v).await.expect("record");
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(file.content_base64)
        .expect("b64");
    let path = s.db.dir.path().join("record.json");
    std::fs::write(&path, &bytes).expect("write");
    let (ok, out) = yishi_verify(&path);
    assert!(ok, "{out}");
    assert!(
        out.contains("Internally consistent") && out.contains("posted notice"),
        "without an anchor, verify says what it did not check: {out}"
    );
    let text = String::from_utf8(bytes).expect("utf-8");
    old_eighths_are_ignored(&text);
    let flipped = text.replacen("\"oppose\"", "\"agree\"", 1);
    assert_ne!(flipped, text);
    std::fs::write(&path, flipped).expect("write");
    let (ok, out) = yishi_verify(&path);
    assert!(!ok, "a changed choice must fail:\n{out}");
    assert!(
        out.contains("ballot #"),
        "the discrepancy names the ballot:\n{out}"
    );
    // And the whole chain still verifies.
    assert!(
        ops::record::audit_verify(&s.db.ctx, None, Lang::Zh)
            .await
            .expect("audit")
            .ok
    );
}

/// The export writes no "eighths" any more (docs/record-format.md); a record written while it
/// did (`eighth` on each key, `r_eighth` on each signed ballot) verifies the same, whatever those
/// fields hold, and a bad signature is still named.
fn old_eighths_are_ignored(text: &str) {
    use yishi::formats::record::{VoteRecord, verify_record};
    assert!(!text.contains("eighth"), "the export writes no eighths");
    let record: VoteRecord = serde_json::from_str(text).expect("record");
    let verdict = verify_record(&record);
    assert!(verdict.discrepancies.is_empty());
    let signed: Vec<usize> = (0..record.ballots.len())
        .filter(|i| record.ballots[*i].signed.is_some())
        .collect();
    assert!(signed.len() >= 2, "the story has signed ballots");

    let mut old: serde_json::Value = serde_json::from_str(text).expect("json");
    for (i, k) in old["keys"]
        .as_array_mut()
        .expect("keys")
        .iter_mut()
        .enumerate()
    {
        k["eighth"] = format!("{i:064x}").into();
    }
    for b in old["ballots"].as_array_mut().expect("ballots") {
        if !b["signed"].is_null() {
            b["r_eighth"] = "not even hex".into();
        }
    }
    let old_text = old.to_string();
    assert!(old_text.contains("r_eighth"));
    let read: VoteRecord = serde_json::from_str(&old_text).expect("an old record still reads");
    assert_eq!(read, record, "the eighths are dropped on reading");
    let v = verify_record(&read);
    assert!(v.discrepancies.is_empty());
    assert_eq!(v.recount, verdict.recount);

    // One signature changed: that ballot, and only it.
    let mut forged = read.clone();
    let b = &mut forged.ballots[signed[1]];
    let seq = b.seq;
    let sig = &mut b.signed.as_mut().expect("signed").signature;
    let last = if sig.ends_with('0') { "1" } else { "0" };
    sig.replace_range(sig.len() - 1.., last);
    let v = verify_record(&forged);
    let bad: Vec<String> = v
        .discrepancies
        .iter()
        .map(|d| d.message(Lang::En))
        .filter(|m| m.starts_with("ballot #"))
        .collect();
    assert_eq!(
        bad,
        vec![format!("ballot #{seq}: the signature does not verify")]
    );
}

#[tokio::test]
async fn served_non_voters_follow_the_lead_under_the_conformity_clause() {
    let s = setup().await;
    let mut settings = settings(BallotPolicy::FirstStands);
    settings.conformity_clause = true;
    let v = ops::votes::vote_create(
        &s.db.ctx,
        &by(9, 20),
        VoteCreate {
            community_id: s.c,
            title: "更换小区门禁".into(),
            motion: "同意使用公共收益更换小区门禁系统。".into(),
            category: MatterCategory::Other,
            kind: VoteKind::Question,
            settings,
            opens_at: "2026-11-22T09:30:00Z".into(),
            closes_at: "2026-11-22T18:00:00Z".into(),
            objection_days: 0,
            agenda_item_id: None,
            matter_id: None,
        },
    )
    .await
    .expect("create");
    let v = ops::votes::vote_open(&s.db.ctx, &by(9, 30), v.vote_id)
        .await
        .expect("open")
        .vote_id;
    let [a, b, c, d, ..] = s.owners[..] else {
        panic!("four owners enrolled")
    };
    kiosk(&s, v, a, "agree", None, by(10, 0)).await.expect("a");
    kiosk(&s, v, b, "agree", None, by(10, 1)).await.expect("b");
    kiosk(&s, v, s.host.0, "oppose", None, by(10, 2))
        .await
        .expect("host");
    let (a_entry, c_entry, d_entry) = (
        common::entry_of(&s.db, v, a).await,
        common::entry_of(&s.db, v, c).await,
        common::entry_of(&s.db, v, d).await,
    );
    // Service is recorded for the roll entry.
    let serve = |person_id| ServedAdd {
        vote_id: v,
        person_id,
        method: ServiceMethod::LeftAtHome,
        evidence_base64: common::b64(b"photo of the ballot left at the door"),
        served_on: "2026-11-22".into(),
    };
    let e = ops::votes::served_add(&s.db.ctx, &by(11, 0), serve(a_entry), Lang::Zh)
        .await
        .expect_err("a voted");
    assert!(
        e.message(Lang::Zh).contains("已经投票"),
        "{}",
        e.message(Lang::Zh)
    );
    ops::votes::served_add(&s.db.ctx, &by(11, 1), serve(c_entry), Lang::Zh)
        .await
        .expect("c served");
    let detail = ops::votes::served_add(&s.db.ctx, &by(11, 2), serve(d_entry), Lang::Zh)
        .await
        .expect("d served");
    assert_eq!(detail.served.len(), 2);
    let e = ops::votes::served_add(&s.db.ctx, &by(11, 3), serve(d_entry), Lang::Zh)
        .await
        .expect_err("twice");
    assert!(e.message(Lang::Zh).contains("已经登记过"));
    // d votes after all: no longer a non-voter.
    kiosk(&s, v, d, "agree", None, by(12, 0)).await.expect("d");
    let close = VoteClose {
        vote_id: v,
        host: HostApproval {
            host_key_id: s.host.1,
            host_pin: PIN.into(),
        },
        secretary: HostApproval {
            host_key_id: s.secretary.1,
            host_pin: PIN.into(),
        },
        officer: Some(HostApproval {
            host_key_id: s.scrutineer.1,
            host_pin: PIN.into(),
        }),
    };
    ops::votes::vote_close(&s.db.ctx, &by(18, 5), close, Lang::Zh)
        .await
        .expect("close");
    let file = ops::votes::vote_record(&s.db.ctx, v).await.expect("record");
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(file.content_base64)
        .expect("b64");
    let record: yishi::formats::record::VoteRecord =
        serde_json::from_slice(&bytes).expect("record JSON");
    let served: Vec<i64> = record.served.iter().map(|x| x.person_id).collect();
    assert_eq!(
        served,
        vec![c_entry],
        "only the served owner who did not vote"
    );
    let Some(yishi::formats::record::Outcome::Question(t)) =
        record.result.as_ref().map(|r| r.outcome.clone())
    else {
        panic!("a question's result")
    };
    let conformity = t.conformity.expect("the clause applied");
    assert_eq!((conformity.served, conformity.persons), (1, 1));
    assert_eq!(conformity.side, Some(yishi::domain::vote::Choice::Agree));
    assert_eq!((t.pn, t.yn), (5, 4), "c is deemed to agree with the lead");
    let path = s.db.dir.path().join("served.json");
    std::fs::write(&path, &bytes).expect("write");
    let (ok, out) = yishi_verify(&path);
    assert!(ok, "{out}");
    // Dropping the service record changes the count: the verifier notices.
    let mut tampered = record.clone();
    tampered.served.clear();
    std::fs::write(&path, serde_json::to_vec(&tampered).expect("json")).expect("write");
    let (ok, out) = yishi_verify(&path);
    assert!(!ok, "{out}");
}
