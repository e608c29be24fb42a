//! Tests of `calendar`'s internals: the holiday text format, its refusals, the shipped official
//! data, and saturation at the end of time. The legal cases are in `tests/date_rules.rs`.

use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

#[test]
fn parses_dates_ranges_makeup_days_and_comments() {
    let cal = HolidayCalendar::parse(
        "# 2027 (synthetic)\n\n  2027-10-01..2027-10-03 +2027-10-09 # 国庆\n2027-12-31\n+2027-09-26\n",
    )
    .expect("parses");
    let holidays: Vec<_> = cal.holidays.iter().map(|x| x.to_string()).collect();
    assert_eq!(
        holidays,
        ["2027-10-01", "2027-10-02", "2027-10-03", "2027-12-31"]
    );
    assert_eq!(
        cal.makeup_workdays.iter().copied().collect::<Vec<_>>(),
        [d("2027-09-26"), d("2027-10-09")]
    );
    assert!(cal.is_rest_day(d("2027-10-01")), "a listed Friday");
    assert!(!cal.is_rest_day(d("2027-10-09")), "a make-up Saturday");
    assert!(cal.is_rest_day(d("2027-10-10")), "an ordinary Sunday");
    assert!(!cal.is_rest_day(d("2027-10-11")), "an ordinary Monday");
    assert_eq!(HolidayCalendar::parse(&cal.to_text()), Ok(cal.clone()));
    assert_eq!(HolidayCalendar::parse(""), Ok(HolidayCalendar::empty()));
}

#[test]
fn refuses_bad_data_with_the_line() {
    let cases: &[(&str, CalendarError)] = &[
        (
            "2026-10-01\n2026-13-01",
            CalendarError::BadItem {
                line: 2,
                text: "2026-13-01".into(),
            },
        ),
        (
            "2026/10/01",
            CalendarError::BadItem {
                line: 1,
                text: "2026/10/01".into(),
            },
        ),
        (
            "2026-10-07..2026-10-01",
            CalendarError::BadItem {
                line: 1,
                text: "2026-10-07..2026-10-01".into(),
            },
        ),
        (
            "2026-01-01..2027-01-02",
            CalendarError::BadItem {
                line: 1,
                text: "2026-01-01..2027-01-02".into(),
            },
        ),
        (
            "2026-10-10\n+2026-10-10",
            CalendarError::Conflict {
                date: d("2026-10-10"),
                line: Some(2),
            },
        ),
        (
            "+2026-10-08",
            CalendarError::MakeupNotWeekend {
                date: d("2026-10-08"),
                line: Some(1),
            },
        ),
    ];
    for (text, want) in cases {
        assert_eq!(HolidayCalendar::parse(text).as_ref(), Err(want), "{text:?}");
    }
    let e = HolidayCalendar::parse("x\n+2026-10-08").expect_err("bad");
    assert!(
        e.message(Lang::Zh).starts_with("第 1 行"),
        "{}",
        e.message(Lang::Zh)
    );
    let e = HolidayCalendar::parse("+2026-10-08").expect_err("bad");
    assert_eq!(
        e.message(Lang::En),
        "Line 1: Make-up working day 2026-10-08 is not a Saturday or Sunday; check the notice."
    );
    let e = HolidayCalendar::from_lists([d("2026-10-10")], [d("2026-10-10")]).expect_err("both");
    assert_eq!(
        e,
        CalendarError::Conflict {
            date: d("2026-10-10"),
            line: None
        }
    );
    assert!(e.message(Lang::Zh).starts_with("2026-10-10 同时"));
}

#[test]
fn official_data_matches_the_notices() {
    let y2025 = HolidayCalendar::parse(OFFICIAL_CN_2025).expect("2025");
    let y2026 = HolidayCalendar::parse(OFFICIAL_CN_2026).expect("2026");
    // 2025: 1 + 8 + 3 + 5 + 3 + 8 days off; 5 make-up days. 2026: 3 + 9 + 3 + 5 + 3 + 3 + 7; 6.
    assert_eq!((y2025.holidays.len(), y2025.makeup_workdays.len()), (28, 5));
    assert_eq!((y2026.holidays.len(), y2026.makeup_workdays.len()), (33, 6));
    // The weekdays the notices print next to their dates.
    for (date, weekday) in [
        ("2025-01-01", Weekday::Wed),
        ("2025-01-28", Weekday::Tue),
        ("2025-02-04", Weekday::Tue),
        ("2025-10-08", Weekday::Wed),
        ("2026-01-01", Weekday::Thu),
        ("2026-02-15", Weekday::Sun),
        ("2026-02-23", Weekday::Mon),
        ("2026-10-01", Weekday::Thu),
        ("2026-10-07", Weekday::Wed),
    ] {
        assert_eq!(d(date).weekday(), weekday, "{date}");
    }
    let both = HolidayCalendar::official_cn().expect("both years");
    assert_eq!(both.holidays.len(), 61);
    assert!(both.is_rest_day(d("2026-02-23")) && !both.is_rest_day(d("2026-02-28")));
    assert!(both.is_rest_day(d("2025-10-08")) && !both.is_rest_day(d("2025-10-11")));
}

#[test]
fn saturates_at_the_end_of_time() {
    let cal = HolidayCalendar::empty();
    assert_eq!(
        period_end(d("2026-01-01"), Period::Days(u32::MAX), &cal),
        NaiveDate::MAX
    );
    assert_eq!(
        period_end(d("2026-01-01"), Period::Years(u32::MAX), &cal),
        NaiveDate::MAX
    );
    assert_eq!(cal.roll_forward(NaiveDate::MAX), NaiveDate::MAX);
    let c = notice_check(
        NaiveDate::MAX,
        NaiveDate::MIN,
        NoticeRule::OwnersAssembly,
        &cal,
    );
    assert!(!c.ok && c.counted_days == 0 && c.earliest_allowed == NaiveDate::MAX);
}

#[test]
fn labels_and_citations_exist_in_both_languages() {
    for rule in [
        NoticeRule::OwnersAssembly,
        NoticeRule::CommitteeAgenda,
        NoticeRule::Publication,
        NoticeRule::Custom { days: 10 },
    ] {
        for lang in [Lang::Zh, Lang::En] {
            assert!(!rule.label(lang).is_empty() && !rule.citation(lang).is_empty());
        }
    }
    assert_eq!(
        NoticeRule::Custom { days: 10 }.label(Lang::Zh),
        "议事规则规定的通知期（会议召开10日以前）"
    );
    let json = serde_json::to_string(&NoticeRule::Custom { days: 10 }).expect("json");
    assert_eq!(json, r#"{"kind":"custom","days":10}"#);
}
