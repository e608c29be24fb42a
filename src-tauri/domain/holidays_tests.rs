//! The yearly schedule files: every check names what is wrong, the shipped years pass, and the
//! warning window before a missing year opens on 1 November.

use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

/// A well-formed synthetic file for `year` (tests only; never a real year's data).
fn good(year: i32) -> serde_json::Value {
    serde_json::json!({
        "format": FORMAT_V1,
        "year": year,
        "source": {"title": format!("测试用虚构安排 {year}"), "issued": format!("{}-11-01", year - 1)},
        "holidays": [
            {"name": "元旦", "from": format!("{year}-01-01"), "to": format!("{year}-01-01")},
            {"name": "国庆节", "from": format!("{year}-10-01"), "to": format!("{year}-10-07")},
        ],
        "makeup_workdays": [],
    })
}

fn parse(v: &serde_json::Value) -> Result<YearSchedule, ScheduleError> {
    YearSchedule::parse(&v.to_string())
}

#[test]
fn shipped_years_pass_their_own_checks() {
    let years: Vec<i32> = YearSchedule::builtins().iter().map(|s| s.year).collect();
    assert_eq!(years, [2025, 2026]);
    assert!(YearSchedule::builtin(2027).is_none(), "2027 is not guessed");
    let s = YearSchedule::builtin(2026).expect("2026");
    assert_eq!(s.source.issued, d("2025-11-04"));
    assert_eq!(s.holiday_dates().count(), 33);
    assert_eq!(s.makeup_workdays[0].for_holiday.as_deref(), Some("元旦"));
}

#[test]
fn every_check_names_what_is_wrong() {
    let with = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v = good(2098);
        f(&mut v);
        parse(&v)
    };
    assert!(parse(&good(2098)).is_ok());
    let cases: Vec<(Result<YearSchedule, ScheduleError>, ScheduleError)> = vec![
        (
            with(&|v| v["format"] = "yishi/holidays/v9".into()),
            ScheduleError::Format {
                found: "yishi/holidays/v9".into(),
            },
        ),
        (
            with(&|v| v["year"] = 20980.into()),
            ScheduleError::Year { year: 20980 },
        ),
        (
            with(&|v| v["source"]["title"] = "国务院办公厅关于部分节假日安排的通知".into()),
            ScheduleError::Title { year: 2098 },
        ),
        (
            with(&|v| v["holidays"] = serde_json::json!([])),
            ScheduleError::NoHolidays,
        ),
        (
            with(&|v| v["holidays"][1]["to"] = "2099-01-02".into()),
            ScheduleError::OutsideYear {
                date: d("2099-01-02"),
                year: 2098,
            },
        ),
        (
            with(&|v| v["holidays"][1]["to"] = "2098-09-30".into()),
            ScheduleError::Backwards {
                name: "国庆节".into(),
                from: d("2098-10-01"),
                to: d("2098-09-30"),
            },
        ),
        (
            with(&|v| v["holidays"][1]["to"] = "2098-10-20".into()),
            ScheduleError::TooLong {
                name: "国庆节".into(),
                from: d("2098-10-01"),
                to: d("2098-10-20"),
            },
        ),
        (
            with(&|v| {
                v["holidays"] = serde_json::json!([
                    {"name": "国庆节", "from": "2098-10-01", "to": "2098-10-07"},
                    {"name": "元旦", "from": "2098-01-01", "to": "2098-01-01"},
                ])
            }),
            ScheduleError::Unordered {
                name: "元旦".into(),
                from: d("2098-01-01"),
                previous: "国庆节".into(),
                previous_to: d("2098-10-07"),
            },
        ),
        (
            // 2098-10-04 is a Saturday inside the National Day block.
            with(&|v| v["makeup_workdays"] = serde_json::json!([{"date": "2098-10-04"}])),
            ScheduleError::Both {
                date: d("2098-10-04"),
            },
        ),
        (
            // 2098-10-08 is a Wednesday.
            with(&|v| v["makeup_workdays"] = serde_json::json!([{"date": "2098-10-08"}])),
            ScheduleError::MakeupNotWeekend {
                date: d("2098-10-08"),
            },
        ),
        (
            with(&|v| {
                v["makeup_workdays"] =
                    serde_json::json!([{"date": "2098-10-11"}, {"date": "2098-09-27"}])
            }),
            ScheduleError::MakeupUnordered {
                date: d("2098-09-27"),
            },
        ),
        (
            with(&|v| v["holidays"][0]["name"] = " ".into()),
            ScheduleError::NoName {
                from: d("2098-01-01"),
            },
        ),
    ];
    for (got, want) in cases {
        assert_eq!(got.as_ref().err(), Some(&want), "{want}");
        let (zh, en) = (want.message(Lang::Zh), want.message(Lang::En));
        assert!(
            zh.contains("未保存任何内容") && en.contains("Nothing was saved"),
            "{zh} / {en}"
        );
    }
    assert_eq!(d("2098-10-04").weekday(), Weekday::Sat);
    assert_eq!(d("2098-10-08").weekday(), Weekday::Wed);
    // Not JSON, a misspelt field, a date that does not exist: named by serde with the place.
    for text in [
        "{".to_string(),
        good(2098)
            .to_string()
            .replace("\"makeup_workdays\"", "\"makeup_days\""),
        good(2098).to_string().replace("2098-10-07", "2098-10-32"),
    ] {
        let e = YearSchedule::parse(&text).expect_err("refused");
        assert!(matches!(e, ScheduleError::Json { .. }), "{e}");
        assert!(
            e.message(Lang::Zh).contains("JSON"),
            "{}",
            e.message(Lang::Zh)
        );
    }
    let e = YearSchedule::parse(&good(2098).to_string().replace("makeup_workdays", "makeup"))
        .expect_err("unknown field");
    assert!(
        e.message(Lang::En).contains("makeup"),
        "{}",
        e.message(Lang::En)
    );
}

#[test]
fn the_warning_opens_on_the_first_of_november() {
    let has = |years: &'static [i32]| move |y: i32| years.contains(&y);
    assert_eq!(year_gap(d("2098-10-31"), has(&[2098])), None);
    let g = year_gap(d("2098-11-01"), has(&[2098])).expect("warned");
    assert_eq!((g.year, g.kind, g.days_left), (2099, GapKind::Coming, 61));
    assert!(
        g.message_zh.contains("2099") && g.message_zh.contains("yishi calendar load 2099.json")
    );
    assert!(
        g.message_en.contains("begins in 61 days"),
        "{}",
        g.message_en
    );
    let g = year_gap(d("2098-12-31"), has(&[2098])).expect("warned");
    assert_eq!(g.days_left, 1);
    assert_eq!(year_gap(d("2098-12-31"), has(&[2098, 2099])), None);
    let g = year_gap(d("2099-01-01"), has(&[2098])).expect("the year has begun");
    assert_eq!((g.year, g.kind, g.days_left), (2099, GapKind::Current, 0));
    assert!(g.message_en.contains("will be refused"), "{}", g.message_en);
    let g = year_gap(d("2099-06-15"), has(&[])).expect("current");
    assert_eq!((g.year, g.kind), (2099, GapKind::Current));
}
