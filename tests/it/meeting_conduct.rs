//! The conduct rules bind a meeting: a speech that runs to its limit is cut off by the rule, a
//! person may speak only so many times on an item (points of order apart), and warnings that
//! cite the rule take the floor away for the item at the configured count. All of it lands in
//! the minutes. The demo community adopted its conduct rules (阳光山庄议事会会议发言规则), so
//! every limit and warning cites their article.

use crate::common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use common::fresh;
use yishi::domain::meeting::MeetingKind;
use yishi::lang::Lang;
use yishi::ops::meetings::*;
use yishi::ops::types::Role;
use yishi::ops::{self, Caller};

fn t(min: i64, sec: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 11, 0, 0)
        .single()
        .expect("time")
        + Duration::minutes(min)
        + Duration::seconds(sec)
}

fn by(min: i64, sec: i64) -> Caller {
    Caller::new("主持人", t(min, sec))
}

struct Running {
    db: common::TestDb,
    meeting: i64,
    item: i64,
    a: i64,
    b: i64,
}

/// A committee meeting (announced 8 days ahead) running its first item.
async fn running() -> Running {
    let db = fresh().await;
    let early = Caller::new("主持人", t(0, 0) - Duration::days(8));
    let c = crate::common::demo_without_keys(&db.ctx, &early)
        .await
        .expect("demo")
        .id;
    let roles = ops::access::role_list(&db.ctx, c).await.expect("roles");
    let committee: Vec<i64> = roles
        .iter()
        .filter(|r| r.role == Role::OwnersCommittee)
        .map(|r| r.person_id)
        .collect();
    let host = roles.iter().find(|r| r.role == Role::Host).expect("host");
    let d = ops::meetings::meeting_schedule(
        &db.ctx,
        &early,
        MeetingSchedule {
            community_id: c,
            kind: MeetingKind::Committee,
            mode: MeetingMode::InPerson,
            title: "业主委员会会议".into(),
            place: "业委会办公室".into(),
            starts_at: "2026-11-20T19:00".into(),
            host_id: Some(host.person_id),
            secretary_id: None,
            entitled: None,
            residents_mode: None,
        },
        Lang::Zh,
    )
    .await
    .expect("schedule");
    let meeting = d.summary.meeting_id;
    let d = ops::meetings::agenda_add(
        &db.ctx,
        &early,
        AgendaAdd {
            meeting_id: meeting,
            title: "小区停车收费标准".into(),
            matter_id: None,
            planned_minutes: 15,
        },
        Lang::Zh,
    )
    .await
    .expect("agenda");
    let item = d.agenda[0].item_id;
    let d = ops::meetings::meeting_announce(
        &db.ctx,
        &early,
        MeetingAnnounce {
            meeting_id: meeting,
            accept_short_notice: false,
        },
        Lang::Zh,
    )
    .await
    .expect("7 days' notice kept");
    assert!(d.summary.notice.expect("checked").ok);
    ops::meetings::meeting_start(&db.ctx, &by(0, 0), meeting, Lang::Zh)
        .await
        .expect("start");
    for p in &committee {
        ops::meetings::attendance_add(
            &db.ctx,
            &by(0, 1),
            AttendanceAdd {
                meeting_id: meeting,
                person_id: *p,
                reason: "委员本人到场，尚未登记密钥".into(),
                proxy_for: None,
                scan_sha256: None,
            },
            Lang::Zh,
        )
        .await
        .expect("present");
    }
    Running {
        db,
        meeting,
        item,
        a: committee[0],
        b: committee[1],
    }
}

async fn speak(r: &Running, person: i64, point: bool, from: i64, secs: i64) -> MeetingDetail {
    let d = ops::meetings::speaker_add(
        &r.db.ctx,
        &by(from, 0),
        SpeakerAdd {
            item_id: r.item,
            person_id: person,
            point_of_order: point,
        },
        Lang::Zh,
    )
    .await
    .expect("on the list");
    let id = *d.queue.last().expect("queued");
    ops::meetings::speaker_start(&r.db.ctx, &by(from, 1), id, Lang::Zh)
        .await
        .expect("floor");
    ops::meetings::speaker_stop(&r.db.ctx, &by(from, 1 + secs), id, Lang::Zh)
        .await
        .expect("stop")
}

#[tokio::test]
async fn the_rules_cut_speakers_off_and_warnings_land_in_the_minutes() {
    let r = running().await;
    let d = ops::meetings::meeting_detail(&r.db.ctx, &by(0, 2), r.meeting, Lang::Zh)
        .await
        .expect("detail");
    let q = d.quorum.expect("committee quorum");
    assert!(q.met, "{q:?}");
    // The demo community adopted its meeting conduct rules: each limit cites its article.
    assert_eq!(d.conduct.rules.speech_seconds, 180);
    assert!(
        d.conduct.speech_cite.contains("会议发言规则"),
        "{}",
        d.conduct.speech_cite
    );
    assert!(
        d.conduct.speech_cite.contains("第二条"),
        "{}",
        d.conduct.speech_cite
    );
    assert!(
        d.conduct.warnings_cite.contains("第四条"),
        "{}",
        d.conduct.warnings_cite
    );

    // A runs to the limit: the rule ends the speech.
    let d = speak(&r, r.a, false, 1, 180).await;
    let first = d.speeches.iter().find(|s| s.person_id == r.a).expect("a");
    assert_eq!(first.seconds_used, 180);
    assert!(matches!(first.status, SpeechStatus::Cut));
    speak(&r, r.a, false, 5, 60).await;
    // A third speech on the item is refused, citing the rule; a point of order is not.
    let e = ops::meetings::speaker_add(
        &r.db.ctx,
        &by(7, 0),
        SpeakerAdd {
            item_id: r.item,
            person_id: r.a,
            point_of_order: false,
        },
        Lang::Zh,
    )
    .await
    .expect_err("third speech");
    assert!(
        e.message(Lang::Zh).contains("最多 2 次"),
        "{}",
        e.message(Lang::Zh)
    );
    speak(&r, r.a, true, 8, 20).await;

    // B is warned twice while speaking: the second warning takes the floor for this item.
    let d = ops::meetings::speaker_add(
        &r.db.ctx,
        &by(10, 0),
        SpeakerAdd {
            item_id: r.item,
            person_id: r.b,
            point_of_order: false,
        },
        Lang::Zh,
    )
    .await
    .expect("b on the list");
    let b_speech = d.queue[0];
    ops::meetings::speaker_start(&r.db.ctx, &by(10, 1), b_speech, Lang::Zh)
        .await
        .expect("b speaks");
    let warn = |note: &str| SpeakerWarn {
        item_id: r.item,
        person_id: r.b,
        note: note.into(),
    };
    let d = ops::meetings::speaker_warn(&r.db.ctx, &by(10, 30), warn("人身攻击"), Lang::Zh)
        .await
        .expect("first warning");
    assert!(
        d.speeches
            .iter()
            .any(|s| s.speech_id == b_speech && matches!(s.status, SpeechStatus::Speaking))
    );
    let d = ops::meetings::speaker_warn(&r.db.ctx, &by(10, 50), warn("再次打断他人"), Lang::Zh)
        .await
        .expect("second warning");
    let cut = d
        .speeches
        .iter()
        .find(|s| s.speech_id == b_speech)
        .expect("b");
    assert!(matches!(cut.status, SpeechStatus::Cut));
    assert_eq!(cut.seconds_used, 49);
    assert!(d.warnings.iter().any(|w| w.floor_lost));
    let e = ops::meetings::speaker_add(
        &r.db.ctx,
        &by(11, 0),
        SpeakerAdd {
            item_id: r.item,
            person_id: r.b,
            point_of_order: true,
        },
        Lang::Zh,
    )
    .await
    .expect_err("floor lost");
    assert!(
        e.message(Lang::Zh).contains("不再给予发言"),
        "{}",
        e.message(Lang::Zh)
    );

    ops::meetings::meeting_end(&r.db.ctx, &by(20, 0), r.meeting, Lang::Zh)
        .await
        .expect("end");
    let d = ops::meetings::minutes_finalize(&r.db.ctx, &by(25, 0), r.meeting, Lang::Zh)
        .await
        .expect("finalize");
    let text = d.minutes.expect("minutes").text;
    assert!(
        text.contains("用时 3分00秒（限时 3分00秒），时间已到，依发言规则中止"),
        "{text}"
    );
    assert!(text.contains("程序问题"), "{text}");
    assert!(text.contains("因警告被停止发言"), "{text}");
    assert!(
        text.contains("警告：") && text.contains("再次打断他人"),
        "{text}"
    );
    assert!(text.contains("本项不再给予发言"), "{text}");
    assert!(
        text.contains("阳光山庄议事会会议发言规则》（第1版）第四条"),
        "{text}"
    );
    assert!(text.contains("法定人数"), "{text}");
}
