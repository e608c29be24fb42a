//! A residents' civility convention from suggestions to a draft, a review, a frozen text, its
//! adoption by a real residents' meeting vote (signed ballots, closed by host and secretary),
//! filing, publication and acknowledgements (kiosk and a member's own signed file); then an
//! amendment through the same path and re-acknowledgement. Every step out of order is refused
//! with a message that says what to do.

use crate::common;

use chrono::Duration;
use common::{at, b64, fixture, fresh};
use yishi::crypto::signing::sign_with_seed;
use yishi::domain::convention::{ConventionKind, Instrument};
use yishi::domain::convention_diff::ChangeKind;
use yishi::lang::Lang;
use yishi::ops::conventions::*;
use yishi::ops::keys::*;
use yishi::ops::types::{
    CommunityCreate, ImportCommit, ImportOptions, ImportRequest, Role, RoleAssign,
};
use yishi::ops::votes::VoteClose;
use yishi::ops::{self, Caller, ConventionProblem, ErrorCode, OpError};

const PIN: &str = "246810";

fn by(day: u32, hour: u32, min: i64) -> Caller {
    Caller::new("社区书记", at(day, hour) + Duration::minutes(min))
}

struct S {
    db: common::TestDb,
    c: i64,
    host: (i64, i64),
    secretary: (i64, i64),
    /// The result's third signer (a counter), an officer before any vote opens.
    counter: (i64, i64),
    /// (person, key) of residents with keys, host and secretary excluded.
    voters: Vec<(i64, i64)>,
    /// A resident with a key they brought (seed below).
    own: i64,
}

const OWN_SEED: [u8; 32] = [42u8; 32];

async fn setup() -> S {
    let db = fresh().await;
    let c = ops::roll::community_create(
        &db.ctx,
        &by(20, 8, 0),
        CommunityCreate {
            name: "莲花小区".into(),
            address: "重庆市".into(),
            buildings: vec![],
            settings: Default::default(),
        },
    )
    .await
    .expect("community")
    .id;
    let req = ImportRequest {
        community_id: c,
        file_name: "roster-small.csv".into(),
        content_base64: b64(&fixture("roster-small.csv")),
        options: ImportOptions {
            create_buildings: true,
        },
    };
    let preview = ops::roll::roll_import_preview(&db.ctx, req.clone(), Lang::Zh)
        .await
        .expect("preview");
    ops::roll::roll_import_commit(
        &db.ctx,
        &by(20, 8, 1),
        ImportCommit {
            request: req,
            plan_digest: preview.plan_digest,
            job_id: None,
        },
        Lang::Zh,
    )
    .await
    .expect("import");
    let mut people: Vec<i64> = {
        let store = db.ctx.store().await;
        let mut conn = store.reader().acquire().await.expect("conn");
        let units = yishi::store::roll::units(&mut conn, c, None)
            .await
            .expect("units");
        units
            .iter()
            .flat_map(|u| u.people.iter())
            .filter(|p| !p.is_developer)
            .map(|p| p.person_id)
            .collect()
    };
    people.sort();
    people.dedup();
    let mut keys = Vec::new();
    let own = people.pop().expect("someone");
    for &p in &people {
        let k = ops::keys::key_enrol(
            &db.ctx,
            &by(20, 9, 0),
            KeyEnrol {
                community_id: c,
                person_id: p,
                pin: PIN.into(),
                checked_by: "记录员".into(),
                check: IdCheck::IdCard,
                registrar: None,
            },
        )
        .await
        .expect("enrol");
        keys.push((p, k.key_id));
    }
    let own_name = {
        let store = db.ctx.store().await;
        let mut conn = store.reader().acquire().await.expect("conn");
        yishi::store::roles::person_community(&mut conn, own)
            .await
            .expect("person")
            .expect("exists")
            .1
    };
    ops::keys::key_enrol_public(
        &db.ctx,
        &by(20, 9, 0),
        KeyEnrolPublic {
            community_id: c,
            person_id: own,
            public_key: ops::keys::possession_line_from_seed(&OWN_SEED, "莲花小区", &own_name, 0),
            checked_by: "记录员".into(),
            check: IdCheck::KnownInPerson,
            registrar: None,
        },
    )
    .await
    .expect("own key");
    let host = keys.remove(0);
    let secretary = keys.remove(0);
    let counter = keys.remove(0);
    for (p, role) in [
        (host.0, Role::Host),
        (secretary.0, Role::Secretary),
        (counter.0, Role::Counter),
    ] {
        ops::access::role_assign(
            &db.ctx,
            &by(20, 9, 5),
            RoleAssign {
                community_id: c,
                person_id: p,
                role,
                building: None,
            },
        )
        .await
        .expect("role");
    }
    S {
        db,
        c,
        host,
        secretary,
        counter,
        voters: keys,
        own,
    }
}

fn problem(e: &OpError) -> &ConventionProblem {
    match e {
        OpError::Convention(p) => p,
        other => panic!("expected a convention problem, got {other:?}"),
    }
}

fn articles(texts: &[&str]) -> Vec<ArticleInput> {
    texts
        .iter()
        .map(|t| ArticleInput {
            text: (*t).into(),
            rule: None,
        })
        .collect()
}

async fn kiosk(s: &S, person: i64, subject: SignSubject, when: Caller) -> Result<Receipt, OpError> {
    let request = SignRequest {
        community_id: s.c,
        person_id: person,
        subject,
    };
    let p = ops::signing::sign_preview(&s.db.ctx, &when, request.clone(), Lang::Zh).await?;
    ops::signing::sign(
        &s.db.ctx,
        &when,
        SignSubmit {
            request,
            signed_at: p.signed_at,
            document_hash: p.document_hash,
            pin: PIN.into(),
        },
    )
    .await
}

/// Runs the linked adoption vote: open, every voter agrees at the kiosk, host and secretary close.
async fn run_vote(s: &S, vote_id: i64, day: u32) {
    ops::votes::vote_open(&s.db.ctx, &by(day, 10, 0), vote_id)
        .await
        .expect("open");
    for (i, (p, _)) in s.voters.iter().chain([&s.host, &s.secretary]).enumerate() {
        let subject = SignSubject::Ballot {
            vote_id,
            choice: "agree".into(),
            proxy_for: None,
        };
        kiosk(s, *p, subject, by(day, 10, 5 + i as i64))
            .await
            .expect("ballot");
    }
    let close = VoteClose {
        vote_id,
        host: HostApproval {
            host_key_id: s.host.1,
            host_pin: PIN.into(),
        },
        secretary: HostApproval {
            host_key_id: s.secretary.1,
            host_pin: PIN.into(),
        },
        officer: Some(HostApproval {
            host_key_id: s.counter.1,
            host_pin: PIN.into(),
        }),
    };
    let closed = ops::votes::vote_close(&s.db.ctx, &by(day, 18, 5), close, Lang::Zh)
        .await
        .expect("close");
    assert_eq!(closed.passed, Some(true), "{:?}", closed.result_text);
}

async fn adoption_vote(
    s: &S,
    version_id: i64,
    instrument: Instrument,
    day: u32,
) -> Result<ConventionDetail, OpError> {
    let input = AdoptionVote {
        version_id,
        instrument,
        opens_at: format!("2026-11-{day}T09:00:00Z"),
        closes_at: format!("2026-11-{day}T18:00:00Z"),
        objection_days: 0,
        agenda_item_id: None,
        matter_id: None,
    };
    ops::conventions::convention_adoption_vote(&s.db.ctx, &by(day, 8, 0), input, Lang::Zh).await
}

#[tokio::test]
async fn a_convention_from_suggestions_to_re_acknowledgement() {
    let s = setup().await;
    let ctx = &s.db.ctx;
    let (at_freeze, at_save) = (by(20, 12, 0), by(20, 13, 0));
    let create = ConventionCreate {
        community_id: s.c,
        kind: ConventionKind::ResidentsConvention,
        title: "莲花小区文明公约".into(),
        articles: articles(&[
            "爱护公共绿化，不毁绿种菜。",
            "不高空抛物。",
            "文明养犬，出门牵绳。",
        ]),
    };
    let d = ops::conventions::convention_create(ctx, &by(20, 10, 0), create, Lang::Zh)
        .await
        .expect("create");
    let cid = d.convention_id;
    let v1 = d.versions[0].version_id;
    assert_eq!(d.versions[0].status, VersionStatus::Draft);
    assert_eq!(
        d.instruments.len(),
        1,
        "a residents' convention has one lawful instrument"
    );

    // Suggestions, on an article and in general.
    let suggest = |article, text: &str| SuggestionAdd {
        convention_id: cid,
        article,
        author: "3栋 住户".into(),
        person_id: None,
        text: text.into(),
    };
    ops::conventions::convention_suggest(
        ctx,
        &by(20, 11, 0),
        suggest(Some(3), "养犬须及时清理粪便"),
        Lang::Zh,
    )
    .await
    .expect("suggest");
    let e =
        ops::conventions::convention_suggest(ctx, &by(20, 11, 0), suggest(Some(9), "x"), Lang::Zh)
            .await
            .expect_err("no article 9");
    assert_eq!(problem(&e), &ConventionProblem::NoSuchArticle(9));

    // Out of order: no freeze before a review, no vote before a freeze.
    let freeze = |id| {
        ops::conventions::convention_freeze(
            ctx,
            &at_freeze,
            VersionRef { version_id: id },
            Lang::Zh,
        )
    };
    let e = freeze(v1).await.expect_err("not reviewed");
    assert_eq!(problem(&e), &ConventionProblem::NotReviewed);
    assert!(
        e.message(Lang::Zh).contains("审查"),
        "{}",
        e.message(Lang::Zh)
    );
    let e = adoption_vote(&s, v1, Instrument::ResidentsMeeting, 21)
        .await
        .expect_err("not frozen");
    assert_eq!(problem(&e), &ConventionProblem::NotFrozen);

    // The draft takes the suggestion; a review approves it; a later edit needs a new review.
    let save = |id, texts: &[&str]| {
        ops::conventions::convention_articles_save(
            ctx,
            &at_save,
            ArticlesSave {
                version_id: id,
                articles: articles(texts),
            },
            Lang::Zh,
        )
    };
    save(
        v1,
        &[
            "爱护公共绿化，不毁绿种菜。",
            "不高空抛物。",
            "文明养犬，出门牵绳，及时清理粪便。",
        ],
    )
    .await
    .expect("edit");
    let review = |id, approved| ReviewRecord {
        version_id: id,
        reviewer: "王主任".into(),
        organisation: "莲花街道党工委".into(),
        comments: "同意".into(),
        approved,
    };
    ops::conventions::convention_review(ctx, &by(20, 14, 0), review(v1, true), Lang::Zh)
        .await
        .expect("review");
    save(
        v1,
        &[
            "爱护公共绿化，不毁绿种菜。",
            "严禁高空抛物。",
            "文明养犬，出门牵绳，及时清理粪便。",
        ],
    )
    .await
    .expect("edit after review");
    assert_eq!(
        problem(&freeze(v1).await.expect_err("outdated")),
        &ConventionProblem::ReviewOutdated
    );
    ops::conventions::convention_review(ctx, &by(20, 15, 0), review(v1, true), Lang::Zh)
        .await
        .expect("review again");
    let d = freeze(v1).await.expect("freeze");
    let hash1 = d.versions[0].hash.clone().expect("hash");
    assert_eq!(d.versions[0].status, VersionStatus::Frozen);
    let e = save(v1, &["改"]).await.expect_err("frozen");
    assert_eq!(problem(&e), &ConventionProblem::NotDraft);
    assert_eq!(e.code(), ErrorCode::Conflict);

    // The organiser must choose a lawful instrument; the vote carries the hash in its motion.
    let e = adoption_vote(&s, v1, Instrument::OwnersVote, 21)
        .await
        .expect_err("wrong instrument");
    assert!(matches!(
        problem(&e),
        ConventionProblem::InstrumentNotAllowed { .. }
    ));
    let d = adoption_vote(&s, v1, Instrument::ResidentsMeeting, 21)
        .await
        .expect("vote created");
    let vote = d.versions[0].vote.clone().expect("linked");
    let e = ops::conventions::convention_adopt(
        ctx,
        &by(21, 9, 0),
        VersionRef { version_id: v1 },
        Lang::Zh,
    )
    .await
    .expect_err("not closed");
    assert_eq!(problem(&e), &ConventionProblem::VoteNotClosed);
    let notice = NoticeInput {
        version_id: v1,
        place: "莲花街道办事处".into(),
        day: "2026-11-22".into(),
        reference: "莲街备〔2026〕12号".into(),
    };
    let e = ops::conventions::convention_file(ctx, &by(21, 9, 0), notice.clone(), Lang::Zh)
        .await
        .expect_err("not adopted");
    assert_eq!(problem(&e), &ConventionProblem::NotAdopted);
    let ack = |v| SignSubject::Acknowledgement { version_id: v };
    let e = kiosk(&s, s.voters[0].0, ack(v1), by(21, 9, 1))
        .await
        .expect_err("ack before adoption");
    assert_eq!(problem(&e), &ConventionProblem::NotAdopted);

    run_vote(&s, vote.vote_id, 21).await;
    let d = ops::conventions::convention_adopt(
        ctx,
        &by(21, 19, 0),
        VersionRef { version_id: v1 },
        Lang::Zh,
    )
    .await
    .expect("adopt");
    assert_eq!(d.versions[0].status, VersionStatus::Adopted);
    ops::conventions::convention_file(ctx, &by(22, 9, 0), notice, Lang::Zh)
        .await
        .expect("file");
    let publish = NoticeInput {
        version_id: v1,
        place: "小区公告栏".into(),
        day: "2026-11-22".into(),
        reference: String::new(),
    };
    let d = ops::conventions::convention_publish(ctx, &by(22, 9, 5), publish, Lang::Zh)
        .await
        .expect("publish");
    assert_eq!(d.versions[0].filings[0].reference, "莲街备〔2026〕12号");

    // Acknowledgements: at the kiosk, and a member's own signed file.
    for (i, (p, _)) in s.voters.iter().take(3).enumerate() {
        let r = kiosk(&s, *p, ack(v1), by(22, 10, i as i64))
            .await
            .expect("ack");
        assert_eq!(r.short_code.len(), 14);
    }
    let again = kiosk(&s, s.voters[0].0, ack(v1), by(22, 10, 30))
        .await
        .expect_err("twice");
    assert_eq!(again.code(), ErrorCode::Conflict);
    let request = SignRequest {
        community_id: s.c,
        person_id: s.own,
        subject: ack(v1),
    };
    let preview = ops::signing::sign_preview(ctx, &by(22, 11, 0), request.clone(), Lang::Zh)
        .await
        .expect("preview");
    assert_eq!(preview.document.context, "yishi/convention-ack/v1");
    assert_eq!(
        preview.document.get_text("version_hash"),
        Some(hash1.as_str())
    );
    let (public, signature) = sign_with_seed(&OWN_SEED, &preview.document);
    let file = SignedFile {
        format: "yishi-signed/v1".into(),
        document: preview.document.clone(),
        public_key: public.text(),
        signature,
    };
    ops::signing::signature_submit(ctx, &by(22, 11, 2), SignedFileSubmit { request, file })
        .await
        .expect("own file");
    let cov = ops::conventions::convention_coverage(ctx, VersionRef { version_id: v1 })
        .await
        .expect("coverage");
    assert!(cov.total.acknowledged >= 3, "{:?}", cov.total);
    let missing: usize = cov.buildings.iter().map(|b| b.missing.len()).sum();
    assert_eq!(
        missing as u32 + cov.total.acknowledged,
        cov.total.households
    );

    // Amendment: a new draft through the same path; only one at a time.
    let d = ops::conventions::convention_amend(
        ctx,
        &by(23, 9, 0),
        ConventionRef { convention_id: cid },
        Lang::Zh,
    )
    .await
    .expect("amend");
    let v2 = d.versions[1].version_id;
    let e = ops::conventions::convention_amend(
        ctx,
        &by(23, 9, 1),
        ConventionRef { convention_id: cid },
        Lang::Zh,
    )
    .await
    .expect_err("one at a time");
    assert_eq!(
        problem(&e),
        &ConventionProblem::DraftInProgress { number: 2 }
    );
    save(
        v2,
        &[
            "爱护公共绿化，不毁绿种菜。",
            "垃圾分类投放。",
            "严禁高空抛物。",
            "文明养犬，出门牵绳，及时清理粪便。",
        ],
    )
    .await
    .expect("edit v2");
    ops::conventions::convention_review(ctx, &by(23, 10, 0), review(v2, true), Lang::Zh)
        .await
        .expect("review v2");
    freeze(v2).await.expect("freeze v2");
    let diff = ops::conventions::convention_diff(
        ctx,
        DiffQuery {
            from_version_id: v1,
            to_version_id: v2,
        },
    )
    .await
    .expect("diff");
    let kinds: Vec<_> = diff.changes.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        vec![
            ChangeKind::Unchanged,
            ChangeKind::Added,
            ChangeKind::Unchanged,
            ChangeKind::Unchanged
        ]
    );
    let d = adoption_vote(&s, v2, Instrument::ResidentsMeeting, 24)
        .await
        .expect("vote v2");
    run_vote(&s, d.versions[1].vote.clone().expect("linked").vote_id, 24).await;
    let d = ops::conventions::convention_adopt(
        ctx,
        &by(24, 19, 0),
        VersionRef { version_id: v2 },
        Lang::Zh,
    )
    .await
    .expect("adopt v2");
    assert_eq!(
        (d.versions[0].status, d.versions[1].status),
        (VersionStatus::Superseded, VersionStatus::Adopted)
    );

    // Version 1 can no longer be acknowledged; households that accepted it are asked again.
    let e = kiosk(&s, s.voters[5].0, ack(v1), by(25, 9, 0))
        .await
        .expect_err("superseded");
    assert_eq!(
        problem(&e),
        &ConventionProblem::NotInForce {
            number: 1,
            current: 2
        }
    );
    let cov = ops::conventions::convention_coverage(ctx, VersionRef { version_id: v2 })
        .await
        .expect("coverage v2");
    assert_eq!(cov.total.acknowledged, 0);
    let asked_again = cov
        .buildings
        .iter()
        .flat_map(|b| &b.missing)
        .filter(|m| m.accepted_version == Some(1))
        .count();
    assert!(asked_again >= 3, "{asked_again}");
    kiosk(&s, s.voters[0].0, ack(v2), by(25, 9, 5))
        .await
        .expect("re-acknowledge");
    let cov = ops::conventions::convention_coverage(ctx, VersionRef { version_id: v2 })
        .await
        .expect("coverage v2");
    assert!(cov.total.acknowledged >= 1);

    // No conduct convention here: meetings keep the defaults, and say so.
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await.expect("conn");
    let rules = ops::conventions::conduct_rules(&mut conn, s.c)
        .await
        .expect("rules");
    assert_eq!(rules, yishi::domain::conduct::ConductRules::default());
}

#[tokio::test]
async fn the_demo_has_an_adopted_convention_with_two_periods_of_violations() {
    let db = fresh().await;
    let when = by(23, 9, 0);
    let c = crate::common::demo_without_keys(&db.ctx, &when)
        .await
        .expect("demo")
        .id;
    let list = ops::conventions::convention_list(&db.ctx, c, Lang::Zh)
        .await
        .expect("list");
    let civility = list
        .iter()
        .find(|x| x.kind == ConventionKind::ResidentsConvention)
        .expect("civility convention");
    assert_eq!(civility.status, VersionStatus::Adopted);
    let cov = civility.coverage.expect("coverage");
    assert!(
        cov.acknowledged >= 10 && cov.acknowledged < cov.households,
        "{cov:?}"
    );
    let q = PeriodQuery {
        convention_id: civility.convention_id,
        from: "2026-10-01".into(),
        to: "2026-10-31".into(),
    };
    let r = ops::conventions::convention_report(&db.ctx, q, Lang::Zh)
        .await
        .expect("report");
    assert_eq!(
        (
            r.previous_from.as_str(),
            r.figures.total.previous,
            r.figures.total.current
        ),
        ("2026-09-01", 12, 5)
    );
    assert_eq!(r.figures.total.percent, Some(58));
    assert!(r.headline.contains("下降约 58%"), "{}", r.headline);
    let store = db.ctx.store().await;
    let mut conn = store.reader().acquire().await.expect("conn");
    let rules = ops::conventions::conduct_rules(&mut conn, c)
        .await
        .expect("rules");
    assert_eq!(rules.speech_seconds, 180);
    assert!(
        rules
            .cite(yishi::domain::conduct::ConductRule::SpeechTime, Lang::Zh)
            .contains("第二条")
    );
}
