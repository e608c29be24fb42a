//! Dates as the Civil Code counts them (民法典 Arts. 201-203) and the notice rules of meetings,
//! case by case. Each row names the rule it pins; weekdays are written next to the dates so a
//! reader can check the rest-day moves by eye.

use chrono::NaiveDate;
use yishi::domain::calendar::{
    HolidayCalendar, NoticeRule, Period, earliest_meeting_date, notice_check, period_end,
    publication_deadline,
};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn check(case: &str, got: NaiveDate, want: &str) {
    assert_eq!(got, d(want), "{case}");
}

/// Weekends only, every year (worked examples; the app itself never assumes this).
fn plain() -> HolidayCalendar {
    HolidayCalendar::weekends_only()
}

/// A synthetic year: a 7-day National Day block Fri 2027-10-01 .. Thu 2027-10-07 and one
/// make-up working Saturday, 2027-10-09.
fn synthetic() -> HolidayCalendar {
    HolidayCalendar::parse("2027-10-01..2027-10-07 +2027-10-09  # 国庆节 (synthetic)")
        .expect("synthetic calendar parses")
}

/// The years shipped with the app (data/holidays/2025.json, 2026.json).
fn official() -> HolidayCalendar {
    HolidayCalendar::builtin()
}

#[test]
fn period_ends() {
    use Period::*;
    #[rustfmt::skip]
    let cases: &[(&str, &str, Period, HolidayCalendar, &str)] = &[
        // Art. 202: the corresponding day, or the month's last day when there is none.
        ("Jan 31 + 1 month: no Feb 31, Feb 28 (Fri)", "2025-01-31", Months(1), plain(), "2025-02-28"),
        ("Jan 31 + 1 month in a leap year: Feb 29 (Tue)", "2028-01-31", Months(1), plain(), "2028-02-29"),
        ("Mar 31 + 1 month: Apr 30 (Thu)", "2026-03-31", Months(1), plain(), "2026-04-30"),
        ("Aug 31 + 1 month: Sep 30 (Tue)", "2025-08-31", Months(1), plain(), "2025-09-30"),
        ("Feb 28 + 1 month: the 28th corresponds, Mar 28 (Fri)", "2025-02-28", Months(1), plain(), "2025-03-28"),
        ("12 months equal 1 year", "2027-02-28", Months(12), plain(), "2028-02-28"),
        // Years and leap days.
        ("Feb 29 + 1 year: no Feb 29, Feb 28 2029 (Wed)", "2028-02-29", Years(1), plain(), "2029-02-28"),
        ("Feb 29 + 4 years: Feb 29 2028 (Tue)", "2024-02-29", Years(4), plain(), "2028-02-29"),
        ("Feb 28 2027 + 1 year: Feb 28 2028 (Mon)", "2027-02-28", Years(1), plain(), "2028-02-28"),
        // Art. 201: days from the next day; across month and year ends and leap days.
        ("Feb 27 2028 + 3 days crosses a Feb 29: Mar 1 (Wed)", "2028-02-27", Days(3), plain(), "2028-03-01"),
        ("Feb 27 2027 + 3 days: Mar 2 (Tue)", "2027-02-27", Days(3), plain(), "2027-03-02"),
        ("Jan 30 + 3 days crosses a month end: Feb 2 (Mon)", "2026-01-30", Days(3), plain(), "2026-02-02"),
        ("Dec 25 + 10 days crosses the year: Sun Jan 4 moves to Mon Jan 5", "2025-12-25", Days(10), plain(), "2026-01-05"),
        ("zero length: no period, the start itself", "2026-03-07", Days(0), plain(), "2026-03-07"),
        // Art. 203: a rest day moves to the next working day; make-up days are working days.
        ("Jan 31 2026 + 1 month: Sat Feb 28 moves to Mon Mar 2", "2026-01-31", Months(1), plain(), "2026-03-02"),
        ("... but Sat Feb 28 2026 is an official make-up working day", "2026-01-31", Months(1), official(), "2026-02-28"),
        ("Dec 25 + 10 days: Sun Jan 4 2026 is a make-up working day", "2025-12-25", Days(10), official(), "2026-01-04"),
        ("ends inside the synthetic block: to Fri Oct 8", "2027-09-25", Days(7), synthetic(), "2027-10-08"),
        ("ends on the make-up Saturday: stays", "2027-10-02", Days(7), synthetic(), "2027-10-09"),
        ("ends on the Sunday after the make-up Saturday: Mon Oct 11", "2027-10-03", Days(7), synthetic(), "2027-10-11"),
        ("official 2026 National Day block: Oct 3 moves to Thu Oct 8", "2026-09-03", Months(1), official(), "2026-10-08"),
    ];
    for (case, start, length, cal, want) in cases {
        check(case, period_end(d(start), *length, cal).expect(case), want);
    }
}

#[test]
fn publication_within_three_days() {
    #[rustfmt::skip]
    let cases: &[(&str, &str, HolidayCalendar, &str)] = &[
        ("decided Thu: day 3 is Sun, moves to Mon", "2026-03-05", plain(), "2026-03-09"),
        ("decided Fri: day 3 is Mon", "2026-03-06", plain(), "2026-03-09"),
        ("decided Mon: day 3 is Thu", "2026-03-02", plain(), "2026-03-05"),
        ("decided Wed before a holiday block: Sat Oct 2 moves past the block to Fri Oct 8", "2027-09-29", synthetic(), "2027-10-08"),
        ("decided in the block: day 3 is the make-up Saturday, which is a working day", "2027-10-06", synthetic(), "2027-10-09"),
        ("decided on the block's last day: Sun Oct 10 moves to Mon Oct 11", "2027-10-07", synthetic(), "2027-10-11"),
        ("official 2026: decided Wed Sep 30, Oct 3 moves to Thu Oct 8", "2026-09-30", official(), "2026-10-08"),
        ("official 2026: decided Oct 7, day 3 is make-up Saturday Oct 10", "2026-10-07", official(), "2026-10-10"),
    ];
    for (case, decided, cal, want) in cases {
        check(
            case,
            publication_deadline(d(decided), cal).expect(case),
            want,
        );
    }
}

#[test]
fn earliest_meetings() {
    #[rustfmt::skip]
    let cases: &[(&str, &str, NoticeRule, HolidayCalendar, &str)] = &[
        ("15 days from Mon Mar 2: day 15 is Tue Mar 17, meeting from Wed Mar 18", "2026-03-02", NoticeRule::OwnersAssembly, plain(), "2026-03-18"),
        ("15 days from Fri Mar 6: day 15 is Sat Mar 21, moved to Mon Mar 23, meeting from Tue", "2026-03-06", NoticeRule::OwnersAssembly, plain(), "2026-03-24"),
        ("15 days from Wed Sep 16 2026: day 15 is Oct 1, the block ends Oct 7, meeting from Fri Oct 9", "2026-09-16", NoticeRule::OwnersAssembly, official(), "2026-10-09"),
        ("7 days from Mon Mar 2: day 7 is Mon Mar 9, meeting from Tue Mar 10", "2026-03-02", NoticeRule::CommitteeAgenda, plain(), "2026-03-10"),
        ("custom 10 days from Mon Mar 2: day 10 is Thu Mar 12", "2026-03-02", NoticeRule::Custom { days: 10 }, plain(), "2026-03-13"),
        ("custom 0 days: the notice day itself", "2026-03-07", NoticeRule::Custom { days: 0 }, plain(), "2026-03-07"),
        ("publication is a deadline: no wait", "2026-03-05", NoticeRule::Publication, plain(), "2026-03-05"),
    ];
    for (case, notice, rule, cal, want) in cases {
        check(
            case,
            earliest_meeting_date(d(notice), *rule, cal).expect(case),
            want,
        );
    }
}

/// (case, notice, meeting, rule, calendar, ok, counted days, earliest, extended)
type NoticeRow = (
    &'static str,
    &'static str,
    &'static str,
    NoticeRule,
    HolidayCalendar,
    bool,
    u32,
    &'static str,
    bool,
);

#[test]
fn notice_checks() {
    #[rustfmt::skip]
    let cases: &[NoticeRow] = &[
        ("exactly on the boundary: 15 clear days", "2026-03-02", "2026-03-18", NoticeRule::OwnersAssembly, plain(), true, 15, "2026-03-18", false),
        ("one day short: the meeting on day 15 itself", "2026-03-02", "2026-03-17", NoticeRule::OwnersAssembly, plain(), false, 14, "2026-03-18", false),
        ("well ahead", "2026-03-02", "2026-04-02", NoticeRule::OwnersAssembly, plain(), true, 30, "2026-03-18", false),
        ("15 clear days but day 15 is a Saturday (Art. 203)", "2026-03-06", "2026-03-22", NoticeRule::OwnersAssembly, plain(), false, 15, "2026-03-24", true),
        ("after the moved last day", "2026-03-06", "2026-03-24", NoticeRule::OwnersAssembly, plain(), true, 17, "2026-03-24", true),
        ("committee agenda: 7 clear days", "2026-03-02", "2026-03-10", NoticeRule::CommitteeAgenda, plain(), true, 7, "2026-03-10", false),
        ("committee agenda: 6 days", "2026-03-02", "2026-03-09", NoticeRule::CommitteeAgenda, plain(), false, 6, "2026-03-10", false),
        ("meeting before the notice", "2026-03-02", "2026-03-01", NoticeRule::OwnersAssembly, plain(), false, 0, "2026-03-18", false),
        ("holiday block pushes the assembly", "2026-09-16", "2026-10-02", NoticeRule::OwnersAssembly, official(), false, 15, "2026-10-09", true),
    ];
    for (case, notice, meeting, rule, cal, ok, counted, earliest, extended) in cases {
        let c = notice_check(d(notice), d(meeting), *rule, cal).expect(case);
        assert_eq!(c.ok, *ok, "{case}: {}", c.message_en);
        assert_eq!(c.counted_days, *counted, "{case}");
        assert_eq!(c.required_days, rule.required_days(), "{case}");
        check(case, c.earliest_allowed, earliest);
        assert_eq!(c.extended, *extended, "{case}");
        assert_eq!(c.latest_allowed, None, "{case}");
        assert_eq!(
            c.period_last_day.succ_opt(),
            Some(c.earliest_allowed),
            "{case}"
        );
        let (zh_ok, en_ok) = (
            c.message_zh.contains("通知期不足"),
            c.message_en.contains("too short"),
        );
        assert_eq!(
            (zh_ok, en_ok),
            (!ok, !ok),
            "{case}: {} / {}",
            c.message_zh,
            c.message_en
        );
    }
}

#[test]
fn publication_checks() {
    #[rustfmt::skip]
    let cases: &[(&str, &str, &str, HolidayCalendar, bool, u32, &str)] = &[
        ("same day", "2026-03-05", "2026-03-05", plain(), true, 0, "2026-03-09"),
        ("on the moved last day", "2026-03-05", "2026-03-09", plain(), true, 4, "2026-03-09"),
        ("one day late", "2026-03-05", "2026-03-10", plain(), false, 5, "2026-03-09"),
        ("before the decision", "2026-03-05", "2026-03-04", plain(), false, 0, "2026-03-09"),
        ("after the holiday block, on time", "2027-09-29", "2027-10-08", synthetic(), true, 9, "2027-10-08"),
    ];
    for (case, decided, published, cal, ok, counted, latest) in cases {
        let c = notice_check(d(decided), d(published), NoticeRule::Publication, cal).expect(case);
        assert_eq!(c.ok, *ok, "{case}: {}", c.message_en);
        assert_eq!(c.counted_days, *counted, "{case}");
        assert_eq!(c.latest_allowed, Some(d(latest)), "{case}");
        assert_eq!(c.earliest_allowed, d(decided), "{case}");
    }
}

#[test]
fn the_messages_explain_the_count() {
    let c = notice_check(
        d("2026-03-06"),
        d("2026-03-22"),
        NoticeRule::OwnersAssembly,
        &plain(),
    )
    .expect("weekends only");
    assert_eq!(
        c.message_zh,
        "通知期不足：《物业管理条例》第十四条要求于会议召开15日以前通知。通知日 2026-03-06 不计入，\
         自次日起算，第 15 日为 2026-03-21，为休息日，依《民法典》第二百零三条顺延至 2026-03-23。\
         会议最早可于 2026-03-24 召开，所定的 2026-03-22 过早。请将会议改在 2026-03-24 或以后，\
         或重新发出通知。"
    );
    assert_eq!(
        c.message_en,
        "Notice too short: Property Management Regulations Art. 14 requires notice at least 15 \
         days before the meeting. The notice day 2026-03-06 is not counted; day 15 is 2026-03-21, \
         a rest day, which Civil Code Art. 203 moves to 2026-03-23. The meeting may be held on \
         2026-03-24 at the earliest, so 2026-03-22 is too early. Move the meeting to 2026-03-24 \
         or later, or give notice again."
    );
    let ok = notice_check(
        d("2026-03-02"),
        d("2026-03-18"),
        NoticeRule::OwnersAssembly,
        &plain(),
    )
    .expect("weekends only");
    assert_eq!(
        ok.message_zh,
        "通知日 2026-03-02 不计入，至会议日 2026-03-18 之间共 15 日，满足《物业管理条例》第十四条\
         “会议召开15日以前”通知的要求。"
    );
}
