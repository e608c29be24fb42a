//! Holidays as data: a year with no schedule is refused (never guessed) wherever a date is
//! counted; a checked file adds its year, is logged, and is then used; bad files are refused
//! with nothing saved; a host's signed reason lets one meeting go on and is printed on its
//! notice; the warning opens on 1 November before a missing year; the CLI's exit codes.
//! Missing years are 2099 (nobody will load it); loaded years are synthetic 2098 files. Every
//! time is passed in: nothing here reads today's date.

use crate::common;

use base64::Engine;
use chrono::{DateTime, Duration, TimeZone, Utc};
use common::fresh;
use yishi::domain::holidays::GapKind;
use yishi::domain::meeting::MeetingKind;
use yishi::lang::Lang;
use yishi::ops::calendar::{CalendarLoad, CalendarYears};
use yishi::ops::keys::*;
use yishi::ops::meetings::*;
use yishi::ops::types::{EventQuery, Role};
use yishi::ops::{self, Caller, ErrorCode, OpError};

const PIN: &str = "246810";

/// China time (UTC+8) on the given day.
fn cn(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .expect("valid time")
        - Duration::hours(8)
}

fn by(now: DateTime<Utc>) -> Caller {
    Caller::new("测试主持人", now)
}

/// A synthetic 2098: New Year's Day (a Wednesday) and a make-up working Saturday, 4 January.
const Y2098: &str = r#"{
  "format": "yishi/holidays/v1",
  "year": 2098,
  "source": { "title": "测试用虚构的2098年安排（非官方）", "issued": "2097-11-01" },
  "holidays": [
    { "name": "元旦", "from": "2098-01-01", "to": "2098-01-03" },
    { "name": "国庆节", "from": "2098-10-01", "to": "2098-10-07" }
  ],
  "makeup_workdays": [ { "date": "2098-01-04", "for": "元旦" } ]
}"#;

fn load(text: &str) -> CalendarLoad {
    CalendarLoad {
        file_name: "2098.json".into(),
        content: text.into(),
        replace: false,
    }
}

fn code(e: &OpError) -> ErrorCode {
    e.code()
}

async fn events(db: &common::TestDb) -> Vec<yishi::ops::types::EventView> {
    ops::record::event_list(
        &db.ctx,
        EventQuery {
            community_id: None,
            before_seq: None,
            limit: Some(500),
        },
        Lang::En,
    )
    .await
    .expect("events")
    .events
}

fn years(y: &CalendarYears) -> Vec<i32> {
    y.years.iter().map(|v| v.year).collect()
}

fn preview(starts_at: &str) -> NoticePreview {
    NoticePreview {
        kind: MeetingKind::OwnersAssembly,
        starts_at: starts_at.into(),
    }
}

#[tokio::test]
async fn a_loaded_year_is_logged_and_then_counted_with() {
    let db = fresh().await;
    let when = by(cn(2097, 12, 20, 10, 0));
    // Notice on Fri 2097-12-20: day 15 is Sat 2098-01-04. Without 2098 that is refused.
    let e = ops::meetings::notice_preview(&db.ctx, &when, preview("2098-01-06T19:00"))
        .await
        .expect_err("2098 is missing");
    assert_eq!(code(&e), ErrorCode::CalendarMissing);
    for lang in [Lang::Zh, Lang::En] {
        let m = e.message(lang);
        assert!(
            m.contains("2098") && m.contains("yishi calendar load 2098.json"),
            "{m}"
        );
    }
    let before = events(&db).await.len();
    let v = ops::calendar::calendar_load(&db.ctx, &when, load(Y2098))
        .await
        .expect("a good file loads");
    assert_eq!((v.year, v.builtin, v.holiday_days), (2098, false, 10));
    assert_eq!(v.loaded_by.as_deref(), Some("测试主持人"));
    assert_eq!(
        v.sha256,
        yishi::crypto::canonical::sha256_hex(Y2098.as_bytes())
    );
    let log = events(&db).await;
    assert_eq!(log.len(), before + 1);
    assert_eq!(log[0].kind, "calendar.loaded");
    assert!(
        log[0].description.contains(&v.sha256),
        "{}",
        log[0].description
    );
    assert_eq!(log[0].community_id, None);
    let all = ops::calendar::calendar_years(&db.ctx, &when)
        .await
        .expect("years");
    assert_eq!(years(&all), [2025, 2026, 2098]);
    assert!(all.years[0].builtin && !all.years[2].builtin);
    // The file's make-up Saturday is a working day: the period ends on it, meeting from Sun 5th.
    let c = ops::meetings::notice_preview(&db.ctx, &when, preview("2098-01-05T19:00"))
        .await
        .expect("2098 is loaded")
        .expect("an assembly has a notice rule");
    assert!(
        c.ok && !c.extended && c.assumed_years.is_empty(),
        "{}",
        c.message_en
    );
    assert_eq!(c.earliest_allowed.to_string(), "2098-01-05");
    // Notice on Wed 2097-12-17: day 15 is 1 January, the block runs to the 3rd, then the
    // make-up Saturday: the last day is 4 January.
    let c = ops::meetings::notice_preview(
        &db.ctx,
        &by(cn(2097, 12, 17, 10, 0)),
        preview("2098-01-04T19:00"),
    )
    .await
    .expect("counted")
    .expect("rule");
    assert!(!c.ok && c.extended, "{}", c.message_en);
    assert_eq!(c.period_last_day.to_string(), "2098-01-04");
    // The store refuses to change or delete a loaded schedule.
    let store = yishi::store::Store::open(&db.path).await.expect("open");
    let mut tx = store.begin().await.expect("tx");
    let edit = sqlx::query("UPDATE holiday_schedules SET content = '{}'")
        .execute(tx.conn())
        .await;
    assert!(edit.is_err(), "append-only");
    let shown = ops::calendar::calendar_show(&db.ctx, 2098)
        .await
        .expect("show");
    assert_eq!(shown.makeup_workdays[0].date.to_string(), "2098-01-04");
}

#[tokio::test]
async fn bad_files_are_refused_and_nothing_is_saved() {
    let db = fresh().await;
    let when = by(cn(2097, 12, 1, 10, 0));
    let before_events = events(&db).await.len();
    let before = years(
        &ops::calendar::calendar_years(&db.ctx, &when)
            .await
            .expect("years"),
    );
    let cases: &[(&str, String, &str)] = &[
        ("not JSON", "{ year: 2098".into(), "JSON"),
        (
            "a typo in a field",
            Y2098.replace("makeup_workdays", "makeup_days"),
            "makeup_days",
        ),
        (
            "a date outside the year",
            Y2098.replace("2098-10-07", "2099-10-07"),
            "2099-10-07",
        ),
        (
            "a day both off and worked",
            Y2098.replace("\"2098-01-04\", \"for\"", "\"2098-01-03\", \"for\""),
            "2098-01-03",
        ),
        (
            "a make-up day on a weekday",
            Y2098.replace("\"2098-01-04\", \"for\"", "\"2098-01-06\", \"for\""),
            "2098-01-06",
        ),
        (
            "blocks out of order",
            Y2098.replace(
                "\"元旦\", \"from\": \"2098-01-01\", \"to\": \"2098-01-03\"",
                "\"元旦\", \"from\": \"2098-11-01\", \"to\": \"2098-11-03\"",
            ),
            "国庆节",
        ),
        (
            "a title without the year",
            Y2098.replace("测试用虚构的2098年安排（非官方）", "部分节假日安排"),
            "2098",
        ),
    ];
    for (case, text, needle) in cases {
        let e = ops::calendar::calendar_load(&db.ctx, &when, load(text))
            .await
            .expect_err(case);
        assert_eq!(code(&e), ErrorCode::InvalidInput, "{case}");
        for lang in [Lang::Zh, Lang::En] {
            let m = e.message(lang);
            assert!(m.contains(needle), "{case}: {m}");
        }
        assert!(e.message(Lang::En).contains("Nothing was saved"), "{case}");
    }
    // The shipped 2026 file again: identical, nothing to do. Another 2026: needs replace.
    let same = yishi::domain::holidays::BUILTIN[1].1;
    let e = ops::calendar::calendar_load(&db.ctx, &when, load(same))
        .await
        .expect_err("same file");
    assert_eq!(code(&e), ErrorCode::Conflict);
    let corrected = same.replace("\"2026-10-07\" }", "\"2026-10-08\" }");
    let e = ops::calendar::calendar_load(&db.ctx, &when, load(&corrected))
        .await
        .expect_err("present");
    assert_eq!(code(&e), ErrorCode::Conflict);
    assert!(
        e.message(Lang::En).contains("--replace"),
        "{}",
        e.message(Lang::En)
    );
    assert_eq!(
        events(&db).await.len(),
        before_events,
        "no event for a refusal"
    );
    let after = ops::calendar::calendar_years(&db.ctx, &when)
        .await
        .expect("years");
    assert_eq!(years(&after), before);
    assert!(after.years.iter().all(|y| y.builtin));
    // With replace, the correction is in force and the replaced file stays on the record.
    let v = ops::calendar::calendar_load(
        &db.ctx,
        &when,
        CalendarLoad {
            replace: true,
            ..load(&corrected)
        },
    )
    .await
    .expect("replace");
    assert!(v.replaced && !v.builtin);
    let c = ops::meetings::notice_preview(
        &db.ctx,
        &by(cn(2026, 9, 22, 10, 0)),
        preview("2026-10-09T19:00"),
    )
    .await
    .expect("2026")
    .expect("rule");
    assert_eq!(
        c.period_last_day.to_string(),
        "2026-10-09",
        "day 15 is Oct 7; the 8th is now off; the 9th is a Friday"
    );
}

struct Demo {
    db: common::TestDb,
    c: i64,
    host: i64,
    secretary: i64,
}

async fn demo(now: DateTime<Utc>) -> Demo {
    let db = fresh().await;
    let early = by(now - Duration::days(1));
    let c = crate::common::demo_without_keys(&db.ctx, &early)
        .await
        .expect("demo")
        .id;
    let roles = ops::access::role_list(&db.ctx, c).await.expect("roles");
    let find = |r: Role| roles.iter().find(|x| x.role == r).expect("role").person_id;
    let (host, secretary) = (find(Role::Host), find(Role::Secretary));
    for p in [host, secretary] {
        ops::keys::key_enrol(
            &db.ctx,
            &early,
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
    }
    Demo {
        db,
        c,
        host,
        secretary,
    }
}

async fn assembly(d: &Demo, when: &Caller, starts_at: &str) -> i64 {
    let m = ops::meetings::meeting_schedule(
        &d.db.ctx,
        when,
        MeetingSchedule {
            community_id: d.c,
            kind: MeetingKind::OwnersAssembly,
            mode: MeetingMode::InPerson,
            title: "业主大会会议".into(),
            place: "小区会所".into(),
            starts_at: starts_at.into(),
            host_id: Some(d.host),
            secretary_id: Some(d.secretary),
            entitled: None,
            residents_mode: None,
        },
        Lang::Zh,
    )
    .await
    .expect("schedule")
    .summary
    .meeting_id;
    ops::meetings::agenda_add(
        &d.db.ctx,
        when,
        AgendaAdd {
            meeting_id: m,
            title: "续聘物业服务企业".into(),
            matter_id: None,
            planned_minutes: 30,
        },
        Lang::Zh,
    )
    .await
    .expect("agenda");
    m
}

async fn sign(
    d: &Demo,
    person_id: i64,
    subject: SignSubject,
    when: &Caller,
) -> Result<Receipt, OpError> {
    let request = SignRequest {
        community_id: d.c,
        person_id,
        subject,
    };
    let preview = ops::signing::sign_preview(&d.db.ctx, when, request.clone(), Lang::Zh).await?;
    assert!(preview.blocker.is_none(), "{:?}", preview.blocker);
    ops::signing::sign(
        &d.db.ctx,
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

async fn announce(d: &Demo, when: &Caller, meeting_id: i64) -> Result<MeetingDetail, OpError> {
    ops::meetings::meeting_announce(
        &d.db.ctx,
        when,
        MeetingAnnounce {
            meeting_id,
            accept_short_notice: false,
        },
        Lang::Zh,
    )
    .await
}

#[tokio::test]
async fn a_missing_year_is_refused_until_the_host_signs_a_reason_printed_on_the_notice() {
    let now = cn(2099, 3, 6, 10, 0);
    let d = demo(now).await;
    let when = by(now);
    let m = assembly(&d, &when, "2099-03-24T19:00").await;
    let other = assembly(&d, &when, "2099-03-25T19:00").await;
    // Refused, naming the year, in both languages; nothing announced.
    let e = announce(&d, &when, m).await.expect_err("2099 is missing");
    assert_eq!(code(&e), ErrorCode::CalendarMissing);
    assert!(
        e.message(Lang::Zh).contains("缺少 2099 年"),
        "{}",
        e.message(Lang::Zh)
    );
    assert!(
        e.message(Lang::En).contains("of 2099 are missing"),
        "{}",
        e.message(Lang::En)
    );
    let view = ops::meetings::meeting_detail(&d.db.ctx, &when, m, Lang::En)
        .await
        .expect("the screen still opens");
    assert!(matches!(view.summary.status, MeetingStatus::Draft));
    assert!(view.summary.notice.is_none());
    assert_eq!(
        view.summary.calendar_missing.as_ref().map(|x| x.year),
        Some(2099)
    );
    // Only a host signs it; an empty reason and a year that has its schedule are refused.
    let reason = "物业合同12月31日到期，须在到期前表决续聘；2099年安排尚未发布。";
    let subject = |year: i32, reason: &str| SignSubject::CalendarOverride {
        meeting_id: m,
        year,
        reason: reason.into(),
    };
    let e = sign(&d, d.secretary, subject(2099, reason), &when)
        .await
        .expect_err("not a host");
    assert!(
        e.message(Lang::En).contains("host"),
        "{}",
        e.message(Lang::En)
    );
    assert!(sign(&d, d.host, subject(2099, "  "), &when).await.is_err());
    let e = sign(&d, d.host, subject(2026, reason), &when)
        .await
        .expect_err("2026 is loaded");
    assert_eq!(code(&e), ErrorCode::Conflict);
    let receipt = sign(&d, d.host, subject(2099, reason), &when)
        .await
        .expect("host signs");
    // Now the meeting goes on, counting 2099 as weekends only: notice on Fri 6 March, day 15 is
    // Sat 21 March, moved to Mon 23; the meeting on Tue 24 keeps the notice.
    let view = announce(&d, &when, m)
        .await
        .expect("announced with the signed reason");
    let check = view.summary.notice.clone().expect("checked");
    assert!(check.ok && check.extended, "{}", check.message_en);
    assert_eq!(check.assumed_years, [2099]);
    assert!(
        check.message_zh.contains("依主持人签署的说明"),
        "{}",
        check.message_zh
    );
    assert_eq!(view.summary.calendar_overrides.len(), 1);
    assert_eq!(
        view.summary.calendar_overrides[0].fingerprint,
        receipt.fingerprint
    );
    // Kept in the record: the announcement's event names the statement.
    let log = ops::record::event_list(
        &d.db.ctx,
        EventQuery {
            community_id: Some(d.c),
            before_seq: None,
            limit: Some(5),
        },
        Lang::En,
    )
    .await
    .expect("events");
    assert_eq!(log.events[0].kind, "meeting.announced");
    // Printed on the notice, with the signer and the key's fingerprint.
    let file = ops::meetings::meeting_notice(&d.db.ctx, &when, m)
        .await
        .expect("notice");
    let html = String::from_utf8(
        base64::engine::general_purpose::STANDARD
            .decode(file.content_base64)
            .expect("base64"),
    )
    .expect("utf-8");
    assert!(html.contains("2099 年法定节假日安排尚未载入"), "{html}");
    assert!(html.contains(reason), "{html}");
    assert!(html.contains(&receipt.fingerprint), "{html}");
    assert!(html.contains(&receipt.signer_name), "{html}");
    // The statement is tied to its meeting: the other meeting is still refused.
    let e = announce(&d, &when, other)
        .await
        .expect_err("not this meeting's statement");
    assert_eq!(code(&e), ErrorCode::CalendarMissing);
}

#[tokio::test]
async fn the_warning_opens_weeks_before_a_missing_year() {
    let db = fresh().await;
    ops::calendar::calendar_load(&db.ctx, &by(cn(2097, 11, 20, 9, 0)), load(Y2098))
        .await
        .expect("load 2098");
    let warning = async |now: DateTime<Utc>| {
        let info = ops::roll::app_info(&db.ctx, &by(now)).await.expect("info");
        let years = ops::calendar::calendar_years(&db.ctx, &by(now))
            .await
            .expect("years");
        assert_eq!(info.calendar_warning, years.warning);
        info.calendar_warning
    };
    assert_eq!(warning(cn(2098, 10, 31, 23, 59)).await, None);
    // 00:30 on 1 November in China is still 31 October in UTC: the community's date counts.
    let w = warning(cn(2098, 11, 1, 0, 30)).await.expect("warned");
    assert_eq!((w.year, w.kind, w.days_left), (2099, GapKind::Coming, 61));
    assert!(w.message_zh.contains("2099") && w.message_en.contains("2099"));
    let w = warning(cn(2099, 1, 1, 9, 0))
        .await
        .expect("the year has begun");
    assert_eq!((w.year, w.kind), (2099, GapKind::Current));
    // Before the current year is loaded, that is the warning.
    let w = warning(cn(2097, 12, 1, 9, 0))
        .await
        .expect("2097 is missing");
    assert_eq!((w.year, w.kind), (2097, GapKind::Current));
}

fn yishi(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_yishi"))
        .args([
            "--db",
            dir.join("cli.db").to_str().expect("utf-8 path"),
            "--lang",
            "en",
        ])
        .args(args)
        .env("YISHI_PIN", "demo-host-2026")
        .output()
        .expect("run yishi");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn the_command_line_shows_and_loads_years_with_exit_codes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).expect("write");
        p.to_str().expect("utf-8").to_string()
    };
    // Loading changes the record: the demo's host signs in (`--as`, PIN from YISHI_PIN).
    let (code, out, err) = yishi(dir.path(), &["demo"]);
    assert_eq!(code, Some(0), "{out}{err}");
    let host_line = out
        .lines()
        .find(|l| l.contains("meeting host"))
        .unwrap_or_else(|| panic!("the demo prints its host: {out}"));
    assert!(host_line.contains("demo-host-2026"), "{host_line}");
    let host = host_line
        .split_whitespace()
        .nth(1)
        .expect("--as NUMBER")
        .to_string();
    let host_name = host_line
        .split_whitespace()
        .nth(2)
        .expect("name")
        .to_string();
    let (code, _, err) = yishi(dir.path(), &["calendar", "load", "/nonexistent/2098.json"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("--as"),
        "without --as the command says to sign in: {err}"
    );
    let (code, out, _) = yishi(dir.path(), &["calendar", "show", "2026"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("国庆节") && out.contains("2026-10-01 Thu to 2026-10-07 Wed"),
        "{out}"
    );
    assert!(out.contains("2026-10-10 Sat"), "{out}");
    let (code, out, err) = yishi(dir.path(), &["calendar", "show", "2099"]);
    assert_eq!(code, Some(1), "{out}{err}");
    assert!(
        err.contains("2099") && err.contains("yishi calendar load 2099.json"),
        "{err}"
    );
    let bad = file(
        "bad.json",
        &Y2098.replace("\"2098-01-04\", \"for\"", "\"2098-01-06\", \"for\""),
    );
    let (code, _, err) = yishi(dir.path(), &["--as", &host, "calendar", "load", &bad]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("2098-01-06") && err.contains("not a Saturday or Sunday"),
        "{err}"
    );
    let (code, _, _) = yishi(dir.path(), &["calendar", "show", "2098"]);
    assert_eq!(code, Some(1), "the bad file saved nothing");
    let (code, _, err) = yishi(
        dir.path(),
        &["--as", &host, "calendar", "load", "/nonexistent/2098.json"],
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("Cannot read the file"), "{err}");
    let good = file("2098.json", Y2098);
    let (code, out, err) = yishi(dir.path(), &["--as", &host, "calendar", "load", &good]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.contains("Loaded the 2098 holiday schedule"), "{out}");
    let (code, out, _) = yishi(dir.path(), &["calendar", "show", "2098"]);
    assert_eq!(code, Some(0));
    assert!(
        out.contains("loaded") && out.contains(&format!("by {host_name}#{host}")),
        "{out}"
    );
    let (code, _, err) = yishi(dir.path(), &["--as", &host, "calendar", "load", &good]);
    assert_eq!(
        code,
        Some(1),
        "loading the same file again is refused: {err}"
    );
    let (code, out, _) = yishi(dir.path(), &["calendar", "list"]);
    assert_eq!(code, Some(0));
    assert!(
        out.contains("2025") && out.contains("2026") && out.contains("2098"),
        "{out}"
    );
    let (code, out, _) = yishi(dir.path(), &["audit", "verify"]);
    assert_eq!(code, Some(0), "{out}");
}
