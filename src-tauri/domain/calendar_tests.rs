//! Tests of `calendar`'s internals: the holiday text format, its refusals, the shipped official
//! data, refusal of uncovered years, and saturation at the end of time. The legal cases are in
//! `tests/it/date_rules.rs`.

use super::*;
use crate::domain::holidays::YearSchedule;

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
    assert_eq!(
        cal.is_rest_day(d("2027-10-01")),
        Ok(true),
        "a listed Friday"
    );
    assert_eq!(
        cal.is_rest_day(d("2027-10-09")),
        Ok(false),
        "a make-up Saturday"
    );
    assert_eq!(
        cal.is_rest_day(d("2027-10-10")),
        Ok(true),
        "an ordinary Sunday"
    );
    assert_eq!(
        cal.is_rest_day(d("2027-10-11")),
        Ok(false),
        "an ordinary Monday"
    );
    assert_eq!(
        cal.is_rest_day(d("2028-01-01")),
        Err(MissingYear { year: 2028 }),
        "the text names 2027 only"
    );
    assert_eq!(HolidayCalendar::parse(&cal.to_text()), Ok(cal.clone()));
    assert_eq!(HolidayCalendar::parse(""), Ok(HolidayCalendar::none()));
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

/// The data the app carried as text before the yearly files: the files must say exactly this.
const TODAY_2025: &str = "\
2025-01-01
2025-01-28..2025-02-04  +2025-01-26 +2025-02-08
2025-04-04..2025-04-06
2025-05-01..2025-05-05  +2025-04-27
2025-05-31..2025-06-02
2025-10-01..2025-10-08  +2025-09-28 +2025-10-11
";
const TODAY_2026: &str = "\
2026-01-01..2026-01-03  +2026-01-04
2026-02-15..2026-02-23  +2026-02-14 +2026-02-28
2026-04-04..2026-04-06
2026-05-01..2026-05-05  +2026-05-09
2026-06-19..2026-06-21
2026-09-25..2026-09-27
2026-10-01..2026-10-07  +2026-09-20 +2026-10-10
";

#[test]
fn official_data_matches_the_notices() {
    let y2025 = HolidayCalendar::from_schedules(&[YearSchedule::builtin(2025).expect("2025")]);
    let y2026 = HolidayCalendar::from_schedules(&[YearSchedule::builtin(2026).expect("2026")]);
    assert_eq!(
        y2025,
        HolidayCalendar::parse(TODAY_2025).expect("2025 text")
    );
    assert_eq!(
        y2026,
        HolidayCalendar::parse(TODAY_2026).expect("2026 text")
    );
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
    let both = HolidayCalendar::builtin();
    assert_eq!(both.holidays.len(), 61);
    assert_eq!(both.is_rest_day(d("2026-02-23")), Ok(true));
    assert_eq!(both.is_rest_day(d("2026-02-28")), Ok(false));
    assert_eq!(both.is_rest_day(d("2025-10-08")), Ok(true));
    assert_eq!(both.is_rest_day(d("2025-10-11")), Ok(false));
    for s in YearSchedule::builtins() {
        assert!(s.source.title.starts_with("国务院办公厅关于"), "{}", s.year);
    }
}

#[test]
fn a_year_without_a_schedule_is_refused_never_guessed() {
    let cal = HolidayCalendar::builtin();
    fn missing<T>() -> Result<T, MissingYear> {
        Err(MissingYear { year: 2099 })
    }
    assert_eq!(cal.is_rest_day(d("2099-01-01")), missing());
    assert_eq!(cal.roll_forward(d("2099-06-01")), missing());
    assert_eq!(
        period_end(d("2098-12-25"), Period::Days(10), &cal),
        missing()
    );
    // Only the days the count looks at matter: a start in a missing year is not looked at.
    let known = HolidayCalendar::parse("2099-05-01").expect("one day of 2099");
    assert_eq!(
        period_end(d("2098-12-30"), Period::Days(5), &known),
        Ok(d("2099-01-05"))
    );
    assert_eq!(
        notice_check(
            d("2099-03-02"),
            d("2099-04-01"),
            NoticeRule::OwnersAssembly,
            &cal
        )
        .map(|c| c.ok),
        missing()
    );
    assert_eq!(
        publication_deadline(d("2099-06-10"), &cal),
        Err(MissingYear { year: 2099 })
    );
    assert_eq!(
        HolidayCalendar::none().is_rest_day(d("2026-10-01")),
        Err(MissingYear { year: 2026 })
    );
    // A host's signed statement lets one meeting go on through 2099 as weekends only.
    let mut assumed = cal.clone();
    assumed.assume_weekends_only(2099);
    let c = notice_check(
        d("2099-03-06"),
        d("2099-03-24"),
        NoticeRule::OwnersAssembly,
        &assumed,
    )
    .expect("assumed");
    assert!(c.ok && c.extended, "{}", c.message_en);
    assert_eq!(c.assumed_years, [2099]);
    assert!(
        c.message_zh.contains("2099 年法定节假日安排未载入"),
        "{}",
        c.message_zh
    );
    assert!(
        c.message_en.contains("signed statement"),
        "{}",
        c.message_en
    );
    // An assumption never overrides a year that has its schedule.
    assumed.assume_weekends_only(2026);
    assert_eq!(assumed.is_rest_day(d("2026-10-05")), Ok(true));
    let ordinary = notice_check(
        d("2026-03-02"),
        d("2026-03-18"),
        NoticeRule::OwnersAssembly,
        &assumed,
    )
    .expect("2026");
    assert!(ordinary.assumed_years.is_empty());
}

#[test]
fn saturates_at_the_end_of_time() {
    let cal = HolidayCalendar::weekends_only();
    assert_eq!(
        period_end(d("2026-01-01"), Period::Days(u32::MAX), &cal),
        Ok(NaiveDate::MAX)
    );
    assert_eq!(
        period_end(d("2026-01-01"), Period::Years(u32::MAX), &cal),
        Ok(NaiveDate::MAX)
    );
    assert_eq!(cal.roll_forward(NaiveDate::MAX), Ok(NaiveDate::MAX));
    let c = notice_check(
        NaiveDate::MAX,
        NaiveDate::MIN,
        NoticeRule::OwnersAssembly,
        &cal,
    )
    .expect("weekends only covers every year");
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
