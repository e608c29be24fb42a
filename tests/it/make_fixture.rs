//! TEMPORARY generator of `tests/fixtures/release-2026-12.db` (issue 12, "a database made by
//! today's release"). It runs only with `YISHI_MAKE_FIXTURE=1`:
//!
//! `YISHI_MAKE_FIXTURE=1 cargo test --test it make_fixture:: -- --nocapture`
//!
//! It is removed in the commit after the one that adds the database: it would otherwise have to
//! follow every later API. The database is what is kept; `old_database.rs` checks it.

use chrono::{DateTime, Duration, TimeZone, Utc};
use std::collections::BTreeMap;
use std::path::PathBuf;
use yishi::crypto::canonical::sha256_hex;
use yishi::crypto::signing::sign_with_seed;
use yishi::domain::convention::{ConventionKind, Instrument};
use yishi::domain::vote::{BallotPolicy, MatterCategory, Rule, VoteSettings};
use yishi::lang::Lang;
use yishi::ops::conventions::*;
use yishi::ops::keys::*;
use yishi::ops::meetings::*;
use yishi::ops::types::{PersonQuery, Role};
use yishi::ops::votes::*;
use yishi::ops::{self, Caller, Ctx};

const PIN: &str = "135790";

/// China time (UTC+8) on a day of November 2026.
fn t(day: u32, hour: u32, min: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0)
        .single()
        .expect("valid time")
        - Duration::hours(8)
        + Duration::minutes(min)
}

fn by(day: u32, hour: u32, min: i64) -> Caller {
    Caller::new("社区工作人员", t(day, hour, min))
}

/// How a person signs: a PIN key held by the app (kiosk), or a key they brought (a seed).
#[derive(Clone, Copy)]
enum Signer {
    Pin,
    Seed([u8; 32]),
}

/// The demo's own key scheme for keys residents brought (ops/demo/conventions.rs).
fn demo_seed(person_id: i64) -> [u8; 32] {
    let mut seed = [0u8; 32];
    hex::decode_to_slice(
        sha256_hex(format!("yishi-demo-key:{person_id}").as_bytes()),
        &mut seed,
    )
    .expect("32 bytes");
    seed
}

struct G {
    ctx: Ctx,
    c: i64,
    community: String,
    signers: BTreeMap<i64, Signer>,
}

impl G {
    async fn pin_enrol(&mut self, person_id: i64, when: &Caller) -> i64 {
        let k = ops::keys::key_enrol(
            &self.ctx,
            when,
            KeyEnrol {
                community_id: self.c,
                person_id,
                pin: PIN.into(),
                checked_by: "记录员".into(),
                check: IdCheck::IdCard,
            },
        )
        .await
        .expect("enrol a PIN key");
        self.signers.insert(person_id, Signer::Pin);
        k.key_id
    }

    /// A key the person brought: enrolled now, or already enrolled by the demo (same seed).
    async fn own_key(&mut self, person_id: i64, when: &Caller) -> Signer {
        if let Some(s) = self.signers.get(&person_id) {
            return *s;
        }
        let seed = demo_seed(person_id);
        let holder = {
            let store = self.ctx.store().await;
            let mut conn = store.reader().acquire().await.expect("conn");
            yishi::store::roles::person_community(&mut conn, person_id)
                .await
                .expect("person")
                .expect("exists")
                .1
        };
        // Refused only when the demo already enrolled this very seed for a tenant.
        let _ = ops::keys::key_enrol_public(
            &self.ctx,
            when,
            KeyEnrolPublic {
                community_id: self.c,
                person_id,
                public_key: ops::keys::possession_line_from_seed(
                    &seed,
                    &self.community,
                    &holder,
                    when.now.timestamp(),
                ),
                checked_by: "记录员".into(),
                check: IdCheck::IdCard,
            },
        )
        .await;
        self.signers.insert(person_id, Signer::Seed(seed));
        Signer::Seed(seed)
    }

    async fn sign(&self, person_id: i64, subject: SignSubject, when: &Caller) -> Receipt {
        let request = SignRequest {
            community_id: self.c,
            person_id,
            subject,
        };
        let preview = ops::signing::sign_preview(&self.ctx, when, request.clone(), Lang::Zh)
            .await
            .expect("preview");
        match self.signers.get(&person_id).copied().expect("has a key") {
            Signer::Pin => {
                assert!(preview.blocker.is_none(), "{:?}", preview.blocker);
                ops::signing::sign(
                    &self.ctx,
                    when,
                    SignSubmit {
                        request,
                        signed_at: preview.signed_at,
                        document_hash: preview.document_hash,
                        pin: PIN.into(),
                    },
                )
                .await
                .expect("kiosk signature")
            }
            Signer::Seed(seed) => {
                let (public, signature) = sign_with_seed(&seed, &preview.document);
                let file = SignedFile::new(preview.document, &public, signature);
                ops::signing::signature_submit(&self.ctx, when, SignedFileSubmit { request, file })
                    .await
                    .expect("signed file")
            }
        }
    }

    async fn person(&self, label: &str) -> i64 {
        ops::roll::person_search(
            &self.ctx,
            PersonQuery {
                community_id: self.c,
                search: label.into(),
            },
        )
        .await
        .expect("search")[0]
            .person
            .person_id
    }
}

fn approval(key: i64) -> HostApproval {
    HostApproval {
        host_key_id: key,
        host_pin: PIN.into(),
    }
}

#[tokio::test]
async fn make_the_release_fixture() {
    if std::env::var("YISHI_MAKE_FIXTURE").as_deref() != Ok("1") {
        eprintln!("skipped: set YISHI_MAKE_FIXTURE=1 to write tests/fixtures/release-2026-12.db");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let work = dir.path().join("yishi.db");
    let ctx = Ctx::open(&work).await.expect("open");

    // The demo community, loaded on 1 November; its party branch meeting is on the 4th.
    let summary = ops::roll::demo_load(&ctx, &by(1, 9, 0))
        .await
        .expect("demo");
    let mut g = G {
        ctx,
        c: summary.id,
        community: summary.name.clone(),
        signers: BTreeMap::new(),
    };
    let roles = ops::access::role_list(&g.ctx, g.c).await.expect("roles");
    let find = |r: Role| roles.iter().find(|x| x.role == r).expect("role").person_id;
    let (host, secretary, branch) = (
        find(Role::Host),
        find(Role::Secretary),
        find(Role::PartyBranch),
    );
    let host_key = g.pin_enrol(host, &by(1, 10, 0)).await;
    let secretary_key = g.pin_enrol(secretary, &by(1, 10, 1)).await;
    if !g.signers.contains_key(&branch) {
        g.pin_enrol(branch, &by(1, 10, 2)).await;
    }
    let mut owners = Vec::new();
    for label in ["1栋 301", "1栋 302", "2栋 501", "3栋 1201"] {
        let p = g.person(label).await;
        if !g.signers.contains_key(&p) {
            g.pin_enrol(p, &by(1, 10, 5)).await;
            owners.push(p);
        }
    }

    // 1. The demo's party branch meeting about the lift: held, minutes final and signed, and the
    // matter forwarded citing them.
    let meeting = ops::meetings::meeting_list(&g.ctx, &by(4, 18, 0), g.c, Lang::Zh)
        .await
        .expect("meetings")
        .into_iter()
        .find(|m| m.title.contains("党支部会议"))
        .expect("the demo's party branch meeting")
        .meeting_id;
    let d = ops::meetings::meeting_start(&g.ctx, &by(4, 19, 0), meeting, Lang::Zh)
        .await
        .expect("start");
    let item = d.current_item_id.expect("first item");
    let attendees: Vec<i64> = {
        let mut a = vec![branch, host, secretary];
        a.dedup();
        a
    };
    for (i, p) in attendees.iter().enumerate() {
        g.sign(
            *p,
            SignSubject::SignIn {
                meeting_id: meeting,
            },
            &by(4, 19, 1 + i as i64),
        )
        .await;
    }
    let d = ops::meetings::speaker_add(
        &g.ctx,
        &by(4, 19, 10),
        SpeakerAdd {
            item_id: item,
            person_id: branch,
            point_of_order: false,
        },
        Lang::Zh,
    )
    .await
    .expect("speaker");
    let speech = *d.queue.last().expect("queued");
    ops::meetings::speaker_start(&g.ctx, &by(4, 19, 11), speech, Lang::Zh)
        .await
        .expect("floor");
    ops::meetings::speaker_stop(
        &g.ctx,
        &Caller::new("社区工作人员", t(4, 19, 11) + Duration::seconds(150)),
        speech,
        Lang::Zh,
    )
    .await
    .expect("stop");
    ops::meetings::item_notes(
        &g.ctx,
        &by(4, 19, 40),
        ItemNotes {
            item_id: item,
            notes: "讨论了3栋加装电梯的井道位置和费用分摊，先摸排住户意愿。".into(),
            decision: "同意进入三方协商".into(),
        },
        Lang::Zh,
    )
    .await
    .expect("notes");
    ops::meetings::meeting_end(&g.ctx, &by(4, 20, 0), meeting, Lang::Zh)
        .await
        .expect("end");
    let d = ops::meetings::minutes_finalize(&g.ctx, &by(4, 20, 10), meeting, Lang::Zh)
        .await
        .expect("finalize");
    let minutes = d.minutes.expect("minutes");
    for (i, p) in minutes.required.iter().enumerate() {
        g.sign(
            p.person_id,
            SignSubject::Minutes {
                minutes_id: minutes.minutes_id,
            },
            &by(4, 21, i as i64),
        )
        .await;
    }
    let d = ops::meetings::meeting_detail(&g.ctx, &by(4, 22, 0), meeting, Lang::Zh)
        .await
        .expect("detail");
    let m = d.minutes.expect("minutes");
    assert!(m.complete, "missing: {:?}", m.missing);
    let lift = d.agenda[0].matter_id.expect("the lift matter");
    ops::matters::matter_act(
        &g.ctx,
        &by(5, 10, 0),
        MatterAct {
            matter_id: lift,
            step: MatterStep::Forward {
                direction: "先摸排3栋住户意愿，请物业评估井道位置".into(),
                minutes_id: m.minutes_id,
            },
        },
        Lang::Zh,
    )
    .await
    .expect("forward");

    // 2. An owners' vote on 10 November: kiosk ballots of every choice, a proxy's ballot, a
    // member's own signed file, a witnessed paper ballot; closed and signed by host and secretary.
    let v = ops::votes::vote_create(
        &g.ctx,
        &by(10, 9, 0),
        VoteCreate {
            community_id: g.c,
            title: "续聘物业服务企业".into(),
            motion: "同意续聘阳光物业，服务期三年，物业费不变。".into(),
            category: MatterCategory::PropertyCompany,
            kind: VoteKind::Question,
            settings: VoteSettings {
                rule: Rule::OwnersOrdinary,
                ballot_policy: BallotPolicy::FirstStands,
                conformity_clause: false,
                proxy_limit: Some(3),
            },
            opens_at: t(10, 9, 30).to_rfc3339(),
            closes_at: t(10, 18, 0).to_rfc3339(),
            objection_days: 3,
            agenda_item_id: None,
            matter_id: None,
        },
    )
    .await
    .expect("create")
    .vote_id;
    ops::votes::vote_open(&g.ctx, &by(10, 9, 30), v)
        .await
        .expect("open");
    let ballot = |choice: &str, proxy_for| SignSubject::Ballot {
        vote_id: v,
        choice: choice.into(),
        proxy_for,
    };
    let [a, b, c, d_owner] = owners[..] else {
        panic!("four owners with PIN keys: {owners:?}")
    };
    g.sign(a, ballot("agree", None), &by(10, 10, 0)).await;
    g.sign(b, ballot("oppose", None), &by(10, 10, 5)).await;
    g.sign(host, ballot("agree", None), &by(10, 10, 6)).await;
    g.sign(c, ballot("abstain", None), &by(10, 10, 7)).await;
    ops::votes::proxy_add(
        &g.ctx,
        &by(10, 10, 20),
        ProxyAdd {
            vote_id: v,
            owner_id: d_owner,
            proxy_id: c,
            scan_base64: b64(b"scan of the signed authorisation"),
            scope: "本次表决".into(),
            expires_at: t(11, 0, 0).to_rfc3339(),
        },
    )
    .await
    .expect("proxy");
    g.sign(c, ballot("oppose", Some(d_owner)), &by(10, 10, 25))
        .await;
    let own = g.person("4栋 601").await;
    g.own_key(own, &by(10, 10, 30)).await;
    g.sign(own, ballot("agree", None), &by(10, 10, 35)).await;
    let paper_voter = g.person("5栋 101").await;
    ops::votes::paper_ballot(
        &g.ctx,
        &by(10, 11, 0),
        PaperBallot {
            vote_id: v,
            person_id: paper_voter,
            mark: PaperMark::Agree,
            scan_base64: b64(b"photo of the paper ballot"),
            witnesses: [approval(host_key), approval(secretary_key)],
        },
    )
    .await
    .expect("paper ballot");
    let closed = ops::votes::vote_close(
        &g.ctx,
        &by(10, 18, 5),
        VoteClose {
            vote_id: v,
            host: approval(host_key),
            secretary: approval(secretary_key),
        },
        Lang::Zh,
    )
    .await
    .expect("close");
    println!("owners' vote #{v}: passed {:?}", closed.passed);

    // 3. The civility convention, adopted on paper by the demo, amended and the new version
    // adopted by a residents' meeting vote on 16 November.
    let civility = ops::conventions::convention_list(&g.ctx, g.c, Lang::Zh)
        .await
        .expect("conventions")
        .into_iter()
        .find(|x| x.kind == ConventionKind::ResidentsConvention)
        .expect("the civility convention")
        .convention_id;
    let d = ops::conventions::convention_amend(
        &g.ctx,
        &by(12, 9, 0),
        ConventionRef {
            convention_id: civility,
        },
        Lang::Zh,
    )
    .await
    .expect("amend");
    let v2 = d.versions.last().expect("new draft").version_id;
    let mut texts: Vec<String> = d
        .versions
        .last()
        .expect("draft")
        .articles
        .iter()
        .map(|a| a.text.clone())
        .collect();
    texts.push("电动车不得进楼入户充电，在东门集中充电桩充电。".into());
    ops::conventions::convention_articles_save(
        &g.ctx,
        &by(12, 9, 30),
        ArticlesSave {
            version_id: v2,
            articles: texts
                .into_iter()
                .map(|text| ArticleInput { text, rule: None })
                .collect(),
        },
        Lang::Zh,
    )
    .await
    .expect("edit");
    ops::conventions::convention_review(
        &g.ctx,
        &by(13, 10, 0),
        ReviewRecord {
            version_id: v2,
            reviewer: "王主任".into(),
            organisation: "街道党工委".into(),
            comments: "同意提交居民会议表决".into(),
            approved: true,
        },
        Lang::Zh,
    )
    .await
    .expect("review");
    ops::conventions::convention_freeze(
        &g.ctx,
        &by(13, 11, 0),
        VersionRef { version_id: v2 },
        Lang::Zh,
    )
    .await
    .expect("freeze");
    let d = ops::conventions::convention_adoption_vote(
        &g.ctx,
        &by(14, 9, 0),
        AdoptionVote {
            version_id: v2,
            instrument: Instrument::ResidentsMeeting,
            opens_at: t(16, 9, 0).to_rfc3339(),
            closes_at: t(16, 18, 0).to_rfc3339(),
            objection_days: 0,
            agenda_item_id: None,
            matter_id: None,
        },
        Lang::Zh,
    )
    .await
    .expect("adoption vote");
    let av = d
        .versions
        .last()
        .and_then(|x| x.vote.clone())
        .expect("linked")
        .vote_id;
    ops::votes::vote_open(&g.ctx, &by(16, 9, 0), av)
        .await
        .expect("open");
    let roll: Vec<i64> = ops::votes::build_record(&g.ctx, av)
        .await
        .expect("record")
        .roll
        .entries
        .iter()
        .map(|e| e.person_id)
        .collect();
    // Three in five of those entitled take part: most agree, some oppose or abstain.
    let taking_part = roll.len() * 3 / 5 + 1;
    for (i, p) in roll.iter().take(taking_part).enumerate() {
        let when = Caller::new(
            "社区工作人员",
            t(16, 9, 5) + Duration::seconds(40 * i as i64),
        );
        g.own_key(*p, &when).await;
        let choice = match i % 10 {
            3 => "oppose",
            7 => "abstain",
            _ => "agree",
        };
        let subject = SignSubject::Ballot {
            vote_id: av,
            choice: choice.into(),
            proxy_for: None,
        };
        g.sign(*p, subject, &when).await;
    }
    let closed = ops::votes::vote_close(
        &g.ctx,
        &by(16, 18, 5),
        VoteClose {
            vote_id: av,
            host: approval(host_key),
            secretary: approval(secretary_key),
        },
        Lang::Zh,
    )
    .await
    .expect("close");
    assert_eq!(closed.passed, Some(true), "{:?}", closed.result_text);
    ops::conventions::convention_adopt(
        &g.ctx,
        &by(16, 19, 0),
        VersionRef { version_id: v2 },
        Lang::Zh,
    )
    .await
    .expect("adopt");
    ops::conventions::convention_file(
        &g.ctx,
        &by(17, 9, 0),
        NoticeInput {
            version_id: v2,
            place: "街道办事处".into(),
            day: "2026-11-17".into(),
            reference: "街备〔2026〕31号".into(),
        },
        Lang::Zh,
    )
    .await
    .expect("file");
    ops::conventions::convention_publish(
        &g.ctx,
        &by(17, 9, 5),
        NoticeInput {
            version_id: v2,
            place: "小区公告栏".into(),
            day: "2026-11-17".into(),
            reference: String::new(),
        },
        Lang::Zh,
    )
    .await
    .expect("publish");

    let report = ops::record::audit_verify(&g.ctx, None, Lang::En)
        .await
        .expect("audit");
    assert!(report.ok, "{report:?}");
    println!(
        "community #{} {}; owners' vote #{v}; adoption vote #{av} ({} of {} took part); \
         meeting #{meeting}, minutes #{}; convention #{civility} version #{v2}; {} events, head {}",
        g.c,
        g.community,
        taking_part,
        roll.len(),
        m.minutes_id,
        report.events,
        report.head_hash
    );

    // One compact file, no WAL beside it.
    g.ctx.store().await.close().await;
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/release-2026-12.db");
    let _ = std::fs::remove_file(&out);
    {
        use sqlx::Connection;
        let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", work.display()))
            .await
            .expect("open directly");
        sqlx::query("VACUUM INTO ?")
            .bind(out.to_str().expect("utf-8 path"))
            .execute(&mut conn)
            .await
            .expect("vacuum into");
        conn.close().await.expect("close");
    }
    println!(
        "wrote {} ({} bytes)",
        out.display(),
        std::fs::metadata(&out).expect("written").len()
    );
}

fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
