//! One matter, a lift for building 3, from raised to evaluated: the party branch meeting, the
//! three-party joint meeting and the residents' meeting, each with signed sign-ins, timed
//! speakers and minutes finalised and signed by everyone who must sign; the gates refuse every
//! out-of-order step with a clear error; an urgent skip needs its signed reason and stays on the
//! timeline; a vote on an item that was not on the announced agenda is refused.

use crate::common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use common::fresh;
use yishi::domain::flow::Stage;
use yishi::domain::meeting::MeetingKind;
use yishi::domain::vote::{BallotPolicy, MatterCategory, Rule, VoteSettings};
use yishi::lang::Lang;
use yishi::ops::keys::*;
use yishi::ops::meetings::*;
use yishi::ops::types::{PersonQuery, Role};
use yishi::ops::votes::{VoteCreate, VoteKind};
use yishi::ops::{self, Caller, ErrorCode, OpError};

const PIN: &str = "246810";

fn t(day: u32, hour: u32, min: i64) -> DateTime<Utc> {
    // Hours are China time; UTC is 8 hours behind.
    Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0)
        .single()
        .expect("valid time")
        - Duration::hours(8)
        + Duration::minutes(min)
}

fn by(day: u32, hour: u32, min: i64) -> Caller {
    Caller::new("测试记录员", t(day, hour, min))
}

struct S {
    db: common::TestDb,
    c: i64,
    host: i64,
    secretary: i64,
    branch: i64,
    rc: i64,
    oc: i64,
    pc: i64,
    resident: i64,
}

async fn enrol(db: &common::TestDb, c: i64, person_id: i64) {
    ops::keys::key_enrol(
        &db.ctx,
        &by(1, 8, 0),
        KeyEnrol {
            community_id: c,
            person_id,
            pin: PIN.into(),
            checked_by: "记录员".into(),
            check: IdCheck::IdCard,
            registrar: None,
        },
    )
    .await
    .expect("enrol");
}

async fn setup() -> S {
    let db = fresh().await;
    let c = crate::common::demo_without_keys(&db.ctx, &by(1, 7, 0))
        .await
        .expect("demo")
        .id;
    let roles = ops::access::role_list(&db.ctx, c).await.expect("roles");
    let find = |r: Role| roles.iter().find(|x| x.role == r).expect("role").person_id;
    let resident = ops::roll::person_search(
        &db.ctx,
        PersonQuery {
            community_id: c,
            search: "3栋 1201".into(),
        },
    )
    .await
    .expect("search")[0]
        .person
        .person_id;
    let s = S {
        c,
        host: find(Role::Host),
        secretary: find(Role::Secretary),
        branch: find(Role::PartyBranch),
        rc: find(Role::ResidentsCommittee),
        oc: find(Role::OwnersCommittee),
        pc: find(Role::PropertyCompany),
        resident,
        db,
    };
    for p in [s.host, s.secretary, s.branch, s.rc, s.oc, s.pc, s.resident] {
        enrol(&s.db, c, p).await;
    }
    s
}

async fn sign(
    s: &S,
    person_id: i64,
    subject: SignSubject,
    when: &Caller,
) -> Result<Receipt, OpError> {
    let request = SignRequest {
        community_id: s.c,
        person_id,
        subject,
    };
    let preview = ops::signing::sign_preview(&s.db.ctx, when, request.clone(), Lang::Zh).await?;
    if let Some(blocker) = preview.blocker {
        panic!("cannot sign: {blocker}");
    }
    ops::signing::sign(
        &s.db.ctx,
        when,
        SignSubmit {
            request,
            signed_at: preview.signed_at,
            document_hash: preview.document_hash,
            pin: PIN.into(),
        },
    )
    .await
}

async fn act(
    s: &S,
    matter_id: i64,
    step: MatterStep,
    when: &Caller,
) -> Result<MatterDetail, OpError> {
    ops::matters::matter_act(&s.db.ctx, when, MatterAct { matter_id, step }, Lang::Zh).await
}

fn refused(r: Result<MatterDetail, OpError>, needle: &str) {
    let e = r.expect_err("the gate refuses");
    let msg = e.message(Lang::Zh);
    assert!(msg.contains(needle), "expected “{needle}” in: {msg}");
    assert!(!e.message(Lang::En).is_empty());
}

/// Schedules, announces and runs a meeting about `matter_id` with the given attendees signing
/// in; two speeches (one a point of order); minutes finalised. Returns (meeting, minutes id).
async fn hold(
    s: &S,
    kind: MeetingKind,
    title: &str,
    day: u32,
    matter_id: i64,
    attendees: &[i64],
) -> (MeetingDetail, i64) {
    let d = ops::meetings::meeting_schedule(
        &s.db.ctx,
        &by(day - 1, 9, 0),
        MeetingSchedule {
            community_id: s.c,
            kind,
            mode: MeetingMode::InPerson,
            title: title.into(),
            place: "社区议事亭".into(),
            starts_at: format!("2026-11-{day:02}T19:00"),
            host_id: Some(s.host),
            secretary_id: Some(s.secretary),
            entitled: Some(6),
            residents_mode: None,
        },
        Lang::Zh,
    )
    .await
    .expect("schedule");
    let m = d.summary.meeting_id;
    let d = ops::meetings::agenda_add(
        &s.db.ctx,
        &by(day - 1, 9, 1),
        AgendaAdd {
            meeting_id: m,
            title: "3栋加装电梯".into(),
            matter_id: Some(matter_id),
            planned_minutes: 20,
        },
        Lang::Zh,
    )
    .await
    .expect("agenda");
    let item = d.agenda[0].item_id;
    ops::meetings::meeting_announce(
        &s.db.ctx,
        &by(day - 1, 9, 2),
        MeetingAnnounce {
            meeting_id: m,
            accept_short_notice: false,
        },
        Lang::Zh,
    )
    .await
    .expect("announce: no notice period for this kind");
    let d = ops::meetings::meeting_start(&s.db.ctx, &by(day, 19, 0), m, Lang::Zh)
        .await
        .expect("start");
    assert_eq!(d.current_item_id, Some(item));
    for (i, p) in attendees.iter().enumerate() {
        sign(
            s,
            *p,
            SignSubject::SignIn { meeting_id: m },
            &by(day, 19, i as i64),
        )
        .await
        .expect("sign in");
    }
    let speaker = attendees[0];
    let add = |p: i64, point: bool| SpeakerAdd {
        item_id: item,
        person_id: p,
        point_of_order: point,
    };
    ops::meetings::speaker_add(&s.db.ctx, &by(day, 19, 5), add(speaker, false), Lang::Zh)
        .await
        .expect("first speaker");
    let d = ops::meetings::speaker_add(
        &s.db.ctx,
        &by(day, 19, 6),
        add(attendees[1], true),
        Lang::Zh,
    )
    .await
    .expect("point of order");
    // The point of order jumps the queue.
    let first = d.queue[0];
    assert_eq!(
        d.speeches
            .iter()
            .find(|x| x.speech_id == first)
            .map(|x| x.person_id),
        Some(attendees[1])
    );
    ops::meetings::speaker_start(&s.db.ctx, &by(day, 19, 7), first, Lang::Zh)
        .await
        .expect("floor");
    ops::meetings::speaker_stop(&s.db.ctx, &by(day, 19, 8), first, Lang::Zh)
        .await
        .expect("stop");
    let d = ops::meetings::meeting_detail(&s.db.ctx, &by(day, 19, 8), m, Lang::Zh)
        .await
        .expect("detail");
    let next = d.queue[0];
    ops::meetings::speaker_start(&s.db.ctx, &by(day, 19, 9), next, Lang::Zh)
        .await
        .expect("floor");
    ops::meetings::speaker_stop(
        &s.db.ctx,
        &(Caller::new("测试记录员", t(day, 19, 9) + Duration::seconds(150))),
        next,
        Lang::Zh,
    )
    .await
    .expect("stop");
    ops::meetings::item_notes(
        &s.db.ctx,
        &by(day, 19, 30),
        ItemNotes {
            item_id: item,
            notes: format!("{title}：讨论了井道位置和费用分摊。"),
            decision: "同意进入下一阶段".into(),
        },
        Lang::Zh,
    )
    .await
    .expect("notes");
    ops::meetings::meeting_end(&s.db.ctx, &by(day, 20, 0), m, Lang::Zh)
        .await
        .expect("end");
    let d = ops::meetings::minutes_finalize(&s.db.ctx, &by(day, 20, 10), m, Lang::Zh)
        .await
        .expect("finalize");
    let minutes = d.minutes.clone().expect("final minutes");
    assert!(
        minutes.text.contains("用时 2分30秒（限时 3分00秒）"),
        "{}",
        minutes.text
    );
    assert!(minutes.text.contains("程序问题"), "{}", minutes.text);
    assert_eq!(minutes.text_hash.len(), 64);
    assert!(!minutes.complete, "nobody has signed yet");
    (d, minutes.minutes_id)
}

async fn sign_minutes(s: &S, d: &MeetingDetail, minutes_id: i64, day: u32) {
    let required = d.minutes.as_ref().expect("minutes").required.clone();
    for (i, p) in required.iter().enumerate() {
        sign(
            s,
            p.person_id,
            SignSubject::Minutes { minutes_id },
            &by(day, 21, i as i64),
        )
        .await
        .expect("sign minutes");
    }
    let d =
        ops::meetings::meeting_detail(&s.db.ctx, &by(day, 22, 0), d.summary.meeting_id, Lang::Zh)
            .await
            .expect("detail");
    let m = d.minutes.expect("minutes");
    assert!(m.complete, "missing: {:?}", m.missing);
    assert!(m.signatures.iter().all(|x| x.valid));
}

#[tokio::test]
async fn a_lift_for_building_3_from_raised_to_evaluated() {
    let s = setup().await;
    let d = ops::matters::matter_raise(
        &s.db.ctx,
        &by(2, 9, 0),
        MatterRaise {
            community_id: s.c,
            title: "3栋加装电梯".into(),
            description: "3栋住户多为老人，上下楼困难，希望加装电梯。".into(),
            category: MatterCategory::BuildingCommonParts,
            buildings: vec!["3栋".into()],
            raised_by: "3栋楼栋长 王建国".into(),
        },
        Lang::Zh,
    )
    .await
    .expect("raise");
    let lift = d.summary.matter_id;
    assert_eq!(d.state.stage, Stage::Raised);

    // Out of order: nothing but taking it up works now.
    refused(
        act(
            &s,
            lift,
            MatterStep::Done {
                summary: "x".into(),
            },
            &by(2, 9, 1),
        )
        .await,
        "说事",
    );
    refused(
        act(
            &s,
            lift,
            MatterStep::Assign {
                responsible: "物业".into(),
                due: "2026-12-30".into(),
            },
            &by(2, 9, 1),
        )
        .await,
        "说事",
    );
    act(&s, lift, MatterStep::TakeUp, &by(2, 10, 0))
        .await
        .expect("take up");

    // 1. The party branch meeting.
    let (branch, branch_minutes) = hold(
        &s,
        MeetingKind::PartyBranch,
        "党支部会议",
        4,
        lift,
        &[s.branch, s.host, s.secretary],
    )
    .await;
    let forward = |minutes_id| MatterStep::Forward {
        direction: "先摸排3栋住户意愿，请物业评估井道位置".into(),
        minutes_id,
    };
    // Minutes not yet signed by all attendees are refused.
    let e = act(&s, lift, forward(branch_minutes), &by(4, 21, 0))
        .await
        .expect_err("unsigned minutes");
    assert!(
        e.message(Lang::Zh).contains("缺以下人员签名"),
        "{}",
        e.message(Lang::Zh)
    );
    // Someone who was not there may not sign them.
    let e = sign(
        &s,
        s.pc,
        SignSubject::Minutes {
            minutes_id: branch_minutes,
        },
        &by(4, 20, 30),
    )
    .await
    .expect_err("not an attendee");
    assert!(
        e.message(Lang::Zh).contains("没有出席"),
        "{}",
        e.message(Lang::Zh)
    );
    sign_minutes(&s, &branch, branch_minutes, 4).await;
    // Final minutes never change: notes are refused; a correction is a signed addendum.
    let item = branch.agenda[0].item_id;
    let e = ops::meetings::item_notes(
        &s.db.ctx,
        &by(5, 9, 0),
        ItemNotes {
            item_id: item,
            notes: "改写".into(),
            decision: String::new(),
        },
        Lang::Zh,
    )
    .await
    .expect_err("final");
    assert!(e.message(Lang::Zh).contains("补充说明"));
    let d = ops::meetings::addendum_add(
        &s.db.ctx,
        &by(5, 9, 5),
        AddendumAdd {
            minutes_id: branch_minutes,
            text: "更正：会议实际结束时间为20:05。".into(),
        },
        Lang::Zh,
    )
    .await
    .expect("addendum");
    let addendum = d.minutes.as_ref().expect("minutes").addenda[0].addendum_id;
    sign(
        &s,
        s.secretary,
        SignSubject::Addendum {
            addendum_id: addendum,
        },
        &by(5, 9, 6),
    )
    .await
    .expect("sign addendum");
    let d = act(&s, lift, forward(branch_minutes), &by(5, 10, 0))
        .await
        .expect("forward");
    assert_eq!(d.state.stage, Stage::ThreeParties);

    // 2. The three parties: a proposal all three sign, and the joint meeting's minutes.
    // Citing the branch's minutes for the three-party stage is refused.
    refused(
        act(
            &s,
            lift,
            MatterStep::Agreed {
                minutes_id: branch_minutes,
            },
            &by(5, 11, 0),
        )
        .await,
        "三方联席会议",
    );
    let d = ops::matters::proposal_set(
        &s.db.ctx,
        &by(6, 9, 0),
        ProposalSet {
            matter_id: lift,
            text: "在3栋北侧加装电梯一部；费用按楼层分摊，维修资金补贴30%。".into(),
        },
        Lang::Zh,
    )
    .await
    .expect("proposal");
    let proposal = d.proposal.expect("proposal").proposal_id;
    let e = sign(
        &s,
        s.resident,
        SignSubject::Proposal {
            matter_id: lift,
            proposal_id: proposal,
        },
        &by(6, 9, 5),
    )
    .await
    .expect_err("not a party's representative");
    assert!(
        e.message(Lang::Zh)
            .contains("不是居委会、业委会或物业的代表")
    );
    let (joint, joint_minutes) = hold(
        &s,
        MeetingKind::Joint,
        "三方联席会议",
        8,
        lift,
        &[s.rc, s.oc, s.pc],
    )
    .await;
    sign_minutes(&s, &joint, joint_minutes, 8).await;
    for (i, p) in [s.rc, s.oc].into_iter().enumerate() {
        sign(
            &s,
            p,
            SignSubject::Proposal {
                matter_id: lift,
                proposal_id: proposal,
            },
            &by(8, 22, i as i64),
        )
        .await
        .expect("party signs");
    }
    let e = act(
        &s,
        lift,
        MatterStep::Agreed {
            minutes_id: joint_minutes,
        },
        &by(8, 23, 0),
    )
    .await
    .expect_err("property company has not signed");
    assert!(matches!(e, OpError::Gate(_)));
    assert!(
        e.message(Lang::Zh).contains("物业"),
        "{}",
        e.message(Lang::Zh)
    );
    sign(
        &s,
        s.pc,
        SignSubject::Proposal {
            matter_id: lift,
            proposal_id: proposal,
        },
        &by(8, 23, 5),
    )
    .await
    .expect("property company signs");
    let d = act(
        &s,
        lift,
        MatterStep::Agreed {
            minutes_id: joint_minutes,
        },
        &by(9, 9, 0),
    )
    .await
    .expect("agreed");
    assert_eq!(d.state.stage, Stage::Residents);
    let p = ops::matters::matter_detail(&s.db.ctx, &by(9, 9, 1), lift, Lang::Zh)
        .await
        .expect("detail");
    let agreed = p.timeline.last().expect("agreed step");
    assert_eq!(
        agreed.signatures.len(),
        3,
        "the three parties' signatures are on the timeline"
    );
    assert!(agreed.signatures.iter().all(|x| x.valid));
    assert!(p.proposal.expect("proposal").missing.is_empty());

    // 3. Residents decide at a residents' meeting (quorum shown live).
    let (residents, residents_minutes) = hold(
        &s,
        MeetingKind::Residents,
        "居民会议",
        12,
        lift,
        &[s.resident, s.rc, s.oc, s.host],
    )
    .await;
    let q = residents.quorum.expect("a residents' meeting has a quorum");
    assert_eq!((q.present, q.entitled, q.needed, q.met), (4, 6, 4, true));
    let d = ops::meetings::meeting_detail(
        &s.db.ctx,
        &by(12, 21, 0),
        residents.summary.meeting_id,
        Lang::Zh,
    )
    .await
    .expect("detail");
    let required: Vec<i64> = d
        .minutes
        .expect("minutes")
        .required
        .iter()
        .map(|p| p.person_id)
        .collect();
    assert_eq!(
        required,
        vec![s.host, s.secretary],
        "large meetings: host and secretary sign"
    );
    sign_minutes(&s, &residents, residents_minutes, 12).await;
    let d = act(
        &s,
        lift,
        MatterStep::DecidedByMeeting {
            minutes_id: residents_minutes,
            passed: true,
        },
        &by(13, 9, 0),
    )
    .await
    .expect("decided");
    assert_eq!(d.state.stage, Stage::CarryingOut);

    // 4. Carried out: assignment first, progress before done.
    refused(
        act(
            &s,
            lift,
            MatterStep::Done {
                summary: "完成".into(),
            },
            &by(13, 9, 1),
        )
        .await,
        "",
    );
    act(
        &s,
        lift,
        MatterStep::Assign {
            responsible: "阳光物业".into(),
            due: "2026-11-20".into(),
        },
        &by(13, 10, 0),
    )
    .await
    .expect("assign");
    let board = ops::matters::matter_list(
        &s.db.ctx,
        &by(21, 9, 0),
        MatterQuery {
            community_id: s.c,
            stage: None,
            building: Some("3栋".into()),
            overdue_only: true,
        },
        Lang::Zh,
    )
    .await
    .expect("board");
    assert_eq!(
        board.matters.len(),
        1,
        "due 2026-11-20, overdue from the 21st"
    );
    assert_eq!(board.overdue, 1);
    act(
        &s,
        lift,
        MatterStep::Progress {
            note: "井道施工完成".into(),
        },
        &by(21, 10, 0),
    )
    .await
    .expect("progress");
    let d = act(
        &s,
        lift,
        MatterStep::Done {
            summary: "电梯已验收投入使用".into(),
        },
        &by(24, 10, 0),
    )
    .await
    .expect("done");
    assert_eq!(d.state.stage, Stage::Evaluated);
    let d = act(
        &s,
        lift,
        MatterStep::Evaluation {
            satisfied: true,
            summary: "住户满意".into(),
            rework_due: None,
        },
        &by(26, 10, 0),
    )
    .await
    .expect("evaluated");
    assert_eq!(d.state.stage, Stage::Closed);
    let kinds: Vec<&str> = d.timeline.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(kinds.len(), 8, "every step is on the timeline: {kinds:?}");
    refused(act(&s, lift, MatterStep::TakeUp, &by(26, 11, 0)).await, "");

    // The minutes export carries the hash and every fingerprint; publication is tracked.
    let f = ops::meetings::minutes_export(&s.db.ctx, &by(13, 9, 0), joint_minutes)
        .await
        .expect("export");
    let html = String::from_utf8(common_b64_decode(&f.content_base64)).expect("utf-8");
    let jm =
        ops::meetings::meeting_detail(&s.db.ctx, &by(13, 9, 0), joint.summary.meeting_id, Lang::Zh)
            .await
            .expect("detail")
            .minutes
            .expect("minutes");
    assert!(html.contains(&jm.text_hash));
    for sig in &jm.signatures {
        assert!(html.contains(&sig.fingerprint));
    }
    assert!(
        jm.publication_overdue,
        "finalised on the 8th, not published by the 11th"
    );
    let d = ops::meetings::minutes_publish(
        &s.db.ctx,
        &by(13, 9, 5),
        MinutesPublish {
            minutes_id: joint_minutes,
            on: Some("2026-11-10".into()),
        },
        Lang::Zh,
    )
    .await
    .expect("publish");
    let pm = d.minutes.expect("minutes");
    assert!(
        pm.publication.expect("checked").ok,
        "published within 3 days"
    );

    // The whole story is on the hash chain.
    let report = ops::record::audit_verify(&s.db.ctx, None, Lang::Zh)
        .await
        .expect("audit");
    assert!(report.ok, "{report:?}");

    // Final minutes edited outside the app are caught, naming the minutes.
    {
        use sqlx::Connection;
        let url = format!("sqlite://{}", s.db.path.display());
        let mut conn = sqlx::SqliteConnection::connect(&url).await.expect("open");
        sqlx::raw_sql(&format!(
            "DROP TRIGGER minutes_fixed; UPDATE minutes SET text = replace(text, '同意', '反对') WHERE id = {joint_minutes};"
        ))
        .execute(&mut conn)
        .await
        .expect("tamper");
        conn.close().await.expect("close");
    }
    let report = ops::record::audit_verify(&s.db.ctx, None, Lang::Zh)
        .await
        .expect("audit");
    let needle = format!("第 {joint_minutes} 号会议记录");
    assert!(!report.ok);
    assert!(
        report.problems.iter().any(|p| p.message.contains(&needle)),
        "{report:?}"
    );
}

fn common_b64_decode(s: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(s)
        .expect("base64")
}

#[tokio::test]
async fn urgent_skip_needs_a_signed_reason_and_unannounced_items_cannot_be_voted_on() {
    let s = setup().await;
    let d = ops::matters::matter_raise(
        &s.db.ctx,
        &by(2, 9, 0),
        MatterRaise {
            community_id: s.c,
            title: "2栋外墙脱落抢修".into(),
            description: "外墙瓷砖脱落，危及行人。".into(),
            category: MatterCategory::UseRepairFund,
            buildings: vec!["2栋".into()],
            raised_by: "网格员".into(),
        },
        Lang::Zh,
    )
    .await
    .expect("raise");
    let m = d.summary.matter_id;
    let reason = "外墙随时可能继续脱落，危及行人安全，须立即抢修".to_string();
    // A signature for another reason does not do.
    let other = sign(
        &s,
        s.host,
        SignSubject::UrgentSkip {
            matter_id: m,
            to: Stage::CarryingOut,
            reason: "别的理由".into(),
        },
        &by(2, 9, 5),
    )
    .await
    .expect("signed");
    refused(
        act(
            &s,
            m,
            MatterStep::UrgentSkip {
                to: Stage::CarryingOut,
                reason: reason.clone(),
                signature_id: other.signature_id,
            },
            &by(2, 9, 6),
        )
        .await,
        "紧急跳过说明",
    );
    // Only a host or a party-branch member may sign the reason.
    let e = sign(
        &s,
        s.resident,
        SignSubject::UrgentSkip {
            matter_id: m,
            to: Stage::CarryingOut,
            reason: reason.clone(),
        },
        &by(2, 9, 7),
    )
    .await
    .expect_err("resident");
    assert!(e.message(Lang::Zh).contains("不是主持人或党支部成员"));
    let r = sign(
        &s,
        s.branch,
        SignSubject::UrgentSkip {
            matter_id: m,
            to: Stage::CarryingOut,
            reason: reason.clone(),
        },
        &by(2, 9, 8),
    )
    .await
    .expect("branch signs");
    let d = act(
        &s,
        m,
        MatterStep::UrgentSkip {
            to: Stage::CarryingOut,
            reason: reason.clone(),
            signature_id: r.signature_id,
        },
        &by(2, 9, 9),
    )
    .await
    .expect("skip");
    assert_eq!(d.state.stage, Stage::CarryingOut);
    assert!(d.summary.urgent);
    let step = d.timeline.last().expect("skip");
    let urgent = step.urgent.as_ref().expect("kept forever");
    assert_eq!(
        urgent.skipped,
        vec![Stage::PartyBranch, Stage::ThreeParties, Stage::Residents]
    );
    assert_eq!(step.signatures.len(), 1);

    // An owners' assembly needs 15 days' notice: a short notice is refused unless accepted.
    let d = ops::meetings::meeting_schedule(
        &s.db.ctx,
        &by(2, 10, 0),
        MeetingSchedule {
            community_id: s.c,
            kind: MeetingKind::OwnersAssembly,
            mode: MeetingMode::Written,
            title: "业主大会".into(),
            place: "书面征求意见".into(),
            starts_at: "2026-11-10T09:00".into(),
            host_id: Some(s.host),
            secretary_id: Some(s.secretary),
            entitled: None,
            residents_mode: None,
        },
        Lang::Zh,
    )
    .await
    .expect("schedule");
    let meeting = d.summary.meeting_id;
    assert!(!d.summary.notice.as_ref().expect("checked").ok);
    ops::meetings::agenda_add(
        &s.db.ctx,
        &by(2, 10, 1),
        AgendaAdd {
            meeting_id: meeting,
            title: "使用维修资金抢修外墙".into(),
            matter_id: Some(m),
            planned_minutes: 30,
        },
        Lang::Zh,
    )
    .await
    .expect("item");
    let e = ops::meetings::meeting_announce(
        &s.db.ctx,
        &by(2, 10, 2),
        MeetingAnnounce {
            meeting_id: meeting,
            accept_short_notice: false,
        },
        Lang::Zh,
    )
    .await
    .expect_err("short notice");
    assert!(
        e.message(Lang::Zh).contains("通知期不足"),
        "{}",
        e.message(Lang::Zh)
    );
    let d = ops::meetings::meeting_announce(
        &s.db.ctx,
        &by(2, 10, 3),
        MeetingAnnounce {
            meeting_id: meeting,
            accept_short_notice: true,
        },
        Lang::Zh,
    )
    .await
    .expect("announced anyway, on the record");
    let announced = d.agenda[0].item_id;
    let d = ops::meetings::agenda_add(
        &s.db.ctx,
        &by(3, 10, 0),
        AgendaAdd {
            meeting_id: meeting,
            title: "临时动议：更换电梯维保公司".into(),
            matter_id: None,
            planned_minutes: 10,
        },
        Lang::Zh,
    )
    .await
    .expect("late item");
    let late = d
        .agenda
        .iter()
        .find(|i| !i.announced)
        .expect("late item")
        .item_id;
    let vote = |item: i64| VoteCreate {
        community_id: s.c,
        title: "外墙抢修".into(),
        motion: "同意使用维修资金抢修2栋外墙".into(),
        category: MatterCategory::UseRepairFund,
        kind: VoteKind::Question,
        settings: VoteSettings {
            rule: Rule::OwnersOrdinary,
            scope: Default::default(),
            ballot_policy: BallotPolicy::FirstStands,
            conformity_clause: false,
            proxy_limit: None,
        },
        opens_at: "2026-11-10T01:00:00Z".into(),
        closes_at: "2026-11-20T01:00:00Z".into(),
        objection_days: 0,
        agenda_item_id: Some(item),
        matter_id: None,
    };
    let e = ops::votes::vote_create(&s.db.ctx, &by(3, 11, 0), vote(late))
        .await
        .expect_err("not announced");
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert!(
        e.message(Lang::Zh).contains("没有列入公告的议程"),
        "{}",
        e.message(Lang::Zh)
    );
    let v = ops::votes::vote_create(&s.db.ctx, &by(3, 11, 1), vote(announced))
        .await
        .expect("announced item");
    let d = ops::matters::matter_detail(&s.db.ctx, &by(3, 11, 2), m, Lang::Zh)
        .await
        .expect("detail");
    assert_eq!(
        d.votes,
        vec![v.vote_id],
        "the vote belongs to the item's matter"
    );
    let board = ops::matters::matter_list(
        &s.db.ctx,
        &by(3, 12, 0),
        MatterQuery {
            community_id: s.c,
            stage: Some(Stage::CarryingOut),
            building: None,
            overdue_only: false,
        },
        Lang::Zh,
    )
    .await
    .expect("board");
    assert!(board.matters.iter().any(|x| x.matter_id == m && x.urgent));
}
