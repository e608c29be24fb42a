//! Dates as the Civil Code counts them (民法典 Arts. 200-204), and the notice rules of meetings.
//!
//! Everything works on `NaiveDate`: a community's local calendar dates. The caller converts an
//! instant to the Asia/Shanghai date before calling.
//!
//! # The statute
//! * Art. 201: "按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算。" The triggering day
//!   is not counted; day 1 is the next day.
//! * Art. 202: "按照年、月计算期间的，到期月的对应日为期间的最后一日；没有对应日的，月末日为期间
//!   的最后一日。" Jan 31 + 1 month ends Feb 28 (Feb 29 in a leap year); Feb 28 + 1 month ends
//!   Mar 28, because the corresponding day of the 28th is the 28th.
//! * Art. 203: "期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日。期间的最后
//!   一日的截止时间为二十四时。" A last day that is a rest day moves to the next day that is not
//!   one; the period runs to the end (24:00) of its last day.
//!
//! "法定休假日" here covers the weekly rest days (Saturday, Sunday; the pre-Code judicial opinion
//! on the General Principles spoke of "星期日或者其他法定休假日") and the statutory holidays the State Council announces each
//! year, whole blocks included (commentaries move a period ending on 2020-10-01 to 2020-10-08,
//! "国庆节假期结束后的第一日"), with its make-up working days (调休上班) counted as working days.
//! Holidays vary by year, so they are data: one file per year (`data/holidays/YYYY.json`,
//! [`crate::domain::holidays`]), never guessed. A computation that reaches a day of a year with
//! no schedule fails with [`MissingYear`] naming the year; the caller refuses and says how to
//! load it.
//!
//! # Counting "at least N days before the meeting"
//! 物业管理条例 Art. 14: "召开业主大会会议，应当于会议召开15日以前通知全体业主。" The notice opens a
//! period of 15 days counted under Arts. 201-203, and the meeting may be held only once that
//! period has fully run:
//! * notice given on day D: D is not counted (Art. 201); day 1 is D+1, day 15 is D+15;
//! * the period ends at 24:00 of D+15 (Art. 203 ¶2), so a meeting on D+15 would sit inside it;
//!   the earliest meeting day is D+16. The 15 counted days lie strictly between the notice day
//!   and the meeting day, and neither of those two days counts. Counting backwards from the
//!   meeting gives the same answer (the meeting day is "开始的当日", not counted; D+1 is then
//!   the 15th day before it), and "15日以前" includes 15 itself (as "以上", "以内", "届满"
//!   do under Art. 1259, which does not list "以前"): exactly 15 clear days suffice, 14 do not;
//! * if the 15th day is a rest day, Art. 203 ¶1 moves the period's last day to the next working
//!   day W, and the meeting may be held from W+1. The Code does not exempt notice periods from
//!   Art. 203 and Art. 204 yields only to a law that provides otherwise, which Art. 14 does not.
//!   This is the cautious reading: a meeting a day later than strictly needed is lawful under
//!   every reading; a decision of a meeting held a day too early can be revoked for breach of
//!   the statutory procedure (民法典 Art. 280 ¶2; 司法解释 Art. 12).
//!
//! The committee's agenda (指导规则 Art. 39, "会议召开7日前…公告") is counted the same way
//! with 7. Publication of decisions ("自作出决定之日起3日内…公告") is a deadline, not a lead
//! time: the decision day is not counted and the last day is decided + 3, moved by Art. 203.
//!
//! Invariants: pure functions of their arguments; a period's end is never before its start;
//! arithmetic past the last representable date saturates at `NaiveDate::MAX` instead of
//! panicking.

use crate::lang::Lang;
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use ts_rs::TS;

/// A community's rest-day data: statutory holidays and make-up working days (调休上班), and the
/// years it covers. A question about a day of a year it does not cover is answered with
/// [`MissingYear`], never with a guess: the caller refuses and says how to load the year.
///
/// Built from the yearly data files ([`HolidayCalendar::from_schedules`], see
/// `crate::domain::holidays`), or for tests and worked examples from the short text format read
/// by [`HolidayCalendar::parse`] (covering the years its dates name) or
/// [`HolidayCalendar::weekends_only`] (every year, Saturdays and Sundays only).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HolidayCalendar {
    holidays: BTreeSet<NaiveDate>,
    makeup_workdays: BTreeSet<NaiveDate>,
    covered: Coverage,
    /// Years a host's signed statement lets a computation treat as weekends only.
    assumed: BTreeSet<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Coverage {
    /// Every year (weekends only outside the listed days): tests and worked examples.
    All,
    Years(BTreeSet<i32>),
}

impl Default for Coverage {
    fn default() -> Self {
        Coverage::Years(BTreeSet::new())
    }
}

pub use crate::domain::holidays::MissingYear;
use crate::domain::holidays::YearSchedule;

/// Why holiday data in the short text format was refused. `line` is 1-based; `None` for lists
/// given directly.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("line {line}: {text:?} is not a date or a forward range of at most 366 days")]
    BadItem { line: usize, text: String },
    #[error("{date} is listed both as a holiday and as a make-up working day")]
    Conflict {
        date: NaiveDate,
        line: Option<usize>,
    },
    #[error("make-up working day {date} is not a Saturday or Sunday")]
    MakeupNotWeekend {
        date: NaiveDate,
        line: Option<usize>,
    },
}

impl CalendarError {
    /// What is wrong and what to do.
    pub fn message(&self, lang: Lang) -> String {
        let (zh, en) = match self {
            CalendarError::BadItem { line, text } => (
                format!(
                    "第 {line} 行：“{text}”不是日期或日期范围。请写成 2026-10-01、2026-10-01..2026-10-07（不超过 366 天）或调休上班日 +2026-10-10。"
                ),
                format!(
                    "Line {line}: \"{text}\" is not a date or range. Write 2026-10-01, 2026-10-01..2026-10-07 (at most 366 days) or a make-up working day +2026-10-10."
                ),
            ),
            CalendarError::Conflict { date, .. } => (
                format!("{date} 同时被列为放假日和调休上班日，请按国务院通知删去其一。"),
                format!(
                    "{date} is both a holiday and a make-up working day; keep the one the State Council notice gives."
                ),
            ),
            CalendarError::MakeupNotWeekend { date, .. } => (
                format!("调休上班日 {date} 不是周六或周日，请核对通知原文。"),
                format!(
                    "Make-up working day {date} is not a Saturday or Sunday; check the notice."
                ),
            ),
        };
        match self {
            CalendarError::Conflict { line: Some(l), .. }
            | CalendarError::MakeupNotWeekend { line: Some(l), .. } => {
                lang.pick(format!("第 {l} 行：{zh}"), format!("Line {l}: {en}"))
            }
            _ => lang.pick(zh, en),
        }
    }
}

impl HolidayCalendar {
    /// Covers no year: every question is refused until schedules are added.
    pub fn none() -> HolidayCalendar {
        HolidayCalendar::default()
    }

    /// Every year, Saturdays and Sundays only. For tests and worked examples of the statute;
    /// never for a community's real dates (it would silently ignore the Spring Festival).
    pub fn weekends_only() -> HolidayCalendar {
        HolidayCalendar {
            covered: Coverage::All,
            ..HolidayCalendar::default()
        }
    }

    /// The years shipped with the app (`data/holidays/*.json`, embedded at build time).
    pub fn builtin() -> HolidayCalendar {
        HolidayCalendar::from_schedules(YearSchedule::builtins())
    }

    /// Exactly the years given, each as its checked schedule says.
    pub fn from_schedules(schedules: &[YearSchedule]) -> HolidayCalendar {
        let mut cal = HolidayCalendar::none();
        for s in schedules {
            cal.add_schedule(s);
        }
        cal
    }

    /// Adds (or replaces) one year.
    pub fn add_schedule(&mut self, s: &YearSchedule) {
        self.holidays.retain(|d| d.year() != s.year);
        self.makeup_workdays.retain(|d| d.year() != s.year);
        self.holidays.extend(s.holiday_dates());
        self.makeup_workdays
            .extend(s.makeup_workdays.iter().map(|m| m.date));
        self.assumed.remove(&s.year);
        if let Coverage::Years(y) = &mut self.covered {
            y.insert(s.year);
        }
    }

    /// Lets computations go on through a year with no schedule, counting only Saturdays and
    /// Sundays as rest days: what a host's signed statement allows for one meeting. A year that
    /// has a schedule is left as it is.
    pub fn assume_weekends_only(&mut self, year: i32) {
        if !self.has_schedule(year) {
            self.assumed.insert(year);
        }
    }

    /// Whether the year's own schedule is present.
    pub fn has_schedule(&self, year: i32) -> bool {
        match &self.covered {
            Coverage::All => true,
            Coverage::Years(y) => y.contains(&year),
        }
    }

    /// Whether questions about the year are answered (its schedule, or an assumption).
    pub fn covers(&self, year: i32) -> bool {
        self.has_schedule(year) || self.assumed.contains(&year)
    }

    /// The years assumed to be weekends only, between `from` and `to` (inclusive).
    pub fn assumed_between(&self, from: NaiveDate, to: NaiveDate) -> Vec<i32> {
        self.assumed
            .iter()
            .copied()
            .filter(|y| (from.year()..=to.year()).contains(y))
            .collect()
    }

    /// From explicit lists; refuses a date in both lists and a make-up day on a weekday. Covers
    /// the years the dates name.
    pub fn from_lists(
        holidays: impl IntoIterator<Item = NaiveDate>,
        makeup_workdays: impl IntoIterator<Item = NaiveDate>,
    ) -> Result<HolidayCalendar, CalendarError> {
        let mut cal = HolidayCalendar::none();
        for d in holidays {
            cal.add(d, false, None)?;
        }
        for d in makeup_workdays {
            cal.add(d, true, None)?;
        }
        Ok(cal)
    }

    /// The short text format, for tests and worked examples: items separated by spaces or
    /// lines, `#` to the end of a line is a comment; `2026-10-01` is a holiday,
    /// `2026-10-01..2026-10-07` an inclusive range (at most 366 days), `+2026-10-10` a make-up
    /// working day. The calendar covers the years its dates name, and no other.
    pub fn parse(text: &str) -> Result<HolidayCalendar, CalendarError> {
        let mut cal = HolidayCalendar::none();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            for item in raw.split('#').next().unwrap_or("").split_whitespace() {
                let bad = || CalendarError::BadItem {
                    line,
                    text: item.to_string(),
                };
                let (makeup, body) = match item.strip_prefix('+') {
                    Some(rest) => (true, rest),
                    None => (false, item),
                };
                let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| bad());
                let (first, last) = match body.split_once("..") {
                    Some((a, b)) => (date(a)?, date(b)?),
                    None => (date(body)?, date(body)?),
                };
                let span = usize::try_from((last - first).num_days()).map_err(|_| bad())?;
                if span >= 366 {
                    return Err(bad());
                }
                for d in first.iter_days().take(span + 1) {
                    cal.add(d, makeup, Some(line))?;
                }
            }
        }
        Ok(cal)
    }

    /// The data in the text format, one date a line; `parse(&cal.to_text())` gives `cal` back
    /// when it covers exactly the years its dates name.
    pub fn to_text(&self) -> String {
        let holidays = self.holidays.iter().map(|d| format!("{d}\n"));
        let makeup = self.makeup_workdays.iter().map(|d| format!("+{d}\n"));
        holidays.chain(makeup).collect()
    }

    fn add(
        &mut self,
        d: NaiveDate,
        makeup: bool,
        line: Option<usize>,
    ) -> Result<(), CalendarError> {
        let (this, other) = match makeup {
            true => (&mut self.makeup_workdays, &self.holidays),
            false => (&mut self.holidays, &self.makeup_workdays),
        };
        if other.contains(&d) {
            return Err(CalendarError::Conflict { date: d, line });
        }
        if makeup && !is_weekend(d) {
            return Err(CalendarError::MakeupNotWeekend { date: d, line });
        }
        this.insert(d);
        if let Coverage::Years(y) = &mut self.covered {
            y.insert(d.year());
        }
        Ok(())
    }

    /// A listed holiday, or a Saturday or Sunday that is not a make-up working day; refused
    /// for a year the calendar does not cover.
    pub fn is_rest_day(&self, date: NaiveDate) -> Result<bool, MissingYear> {
        if !self.covers(date.year()) {
            return Err(MissingYear { year: date.year() });
        }
        Ok(self.holidays.contains(&date)
            || (is_weekend(date) && !self.makeup_workdays.contains(&date)))
    }

    /// `date` itself if it is a working day, else the first working day after it (Art. 203).
    pub fn roll_forward(&self, date: NaiveDate) -> Result<NaiveDate, MissingYear> {
        let mut d = date;
        while self.is_rest_day(d)? {
            match d.succ_opt() {
                Some(next) => d = next,
                None => return Ok(NaiveDate::MAX),
            }
        }
        Ok(d)
    }
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// A period's length as the Code counts it (Art. 200: years, months, days).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Days(u32),
    Months(u32),
    Years(u32),
}

/// The last day of a period triggered on `start` (Arts. 201-203); it runs to 24:00 of that day.
///
/// Days: `start + n`. Months and years: the corresponding day of the last month, or that
/// month's last day (Art. 202). Then a rest day moves to the next working day (Art. 203). A
/// zero length is no period at all and returns `start` unchanged.
pub fn period_end(
    start: NaiveDate,
    length: Period,
    cal: &HolidayCalendar,
) -> Result<NaiveDate, MissingYear> {
    let last = match length {
        Period::Days(0) | Period::Months(0) | Period::Years(0) => return Ok(start),
        Period::Days(n) => start.checked_add_days(Days::new(u64::from(n))),
        Period::Months(n) => start.checked_add_months(Months::new(n)),
        Period::Years(n) => n
            .checked_mul(12)
            .and_then(|m| start.checked_add_months(Months::new(m))),
    };
    cal.roll_forward(last.unwrap_or(NaiveDate::MAX))
}

/// The last day to publish a decision made on `decided`: 3 days, the decision day not counted
/// (Art. 201), moved past rest days (Art. 203). 指导规则 Art. 39; Beijing Art. 37.
pub fn publication_deadline(
    decided: NaiveDate,
    cal: &HolidayCalendar,
) -> Result<NaiveDate, MissingYear> {
    period_end(
        decided,
        Period::Days(NoticeRule::Publication.required_days()),
        cal,
    )
}

/// The notice rules a meeting or decision must keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum NoticeRule {
    /// 物业管理条例 Art. 14: owners notified at least 15 days before an owners' assembly.
    OwnersAssembly,
    /// 指导规则 Art. 39: a committee meeting's contents and agenda public 7 days before.
    CommitteeAgenda,
    /// 指导规则 Art. 39, Beijing Art. 37: decisions published within 3 days (a deadline).
    Publication,
    /// A lead time the community's adopted rules of procedure set.
    Custom { days: u32 },
}

impl NoticeRule {
    pub fn required_days(self) -> u32 {
        match self {
            NoticeRule::OwnersAssembly => 15,
            NoticeRule::CommitteeAgenda => 7,
            NoticeRule::Publication => 3,
            NoticeRule::Custom { days } => days,
        }
    }

    /// A deadline after the event (publication) rather than a lead time before a meeting.
    pub fn is_deadline(self) -> bool {
        self == NoticeRule::Publication
    }

    pub fn label(self, lang: Lang) -> String {
        let (zh, en) = match self {
            NoticeRule::OwnersAssembly => (
                "业主大会会议通知（会议召开15日以前）",
                "Owners' assembly notice (at least 15 days before)",
            ),
            NoticeRule::CommitteeAgenda => (
                "业主委员会会议内容和议程公告（会议召开7日前）",
                "Owners' committee agenda made public (7 days before)",
            ),
            NoticeRule::Publication => (
                "会议决定公告（作出决定之日起3日内）",
                "Publication of decisions (within 3 days of the decision)",
            ),
            NoticeRule::Custom { days } => {
                return lang.pick(
                    format!("议事规则规定的通知期（会议召开{days}日以前）"),
                    format!(
                        "Notice period of the rules of procedure (at least {days} days before)"
                    ),
                );
            }
        };
        lang.pick(zh, en).to_string()
    }

    pub fn citation(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            NoticeRule::OwnersAssembly => (
                "《物业管理条例》第十四条",
                "Property Management Regulations Art. 14",
            ),
            NoticeRule::CommitteeAgenda => (
                "《业主大会和业主委员会指导规则》第三十九条",
                "Guiding Rules for Owners' Assemblies and Committees Art. 39",
            ),
            NoticeRule::Publication => (
                "《业主大会和业主委员会指导规则》第三十九条；《北京市物业管理条例》第三十七条",
                "Guiding Rules Art. 39; Beijing Property Management Regulations Art. 37",
            ),
            NoticeRule::Custom { .. } => ("本小区议事规则", "the community's rules of procedure"),
        };
        lang.pick(zh, en)
    }
}

/// The earliest day a meeting may be held after notice given on `notice_given`: the day after
/// the notice period's last day (see the module doc). A zero lead time allows the notice day
/// itself. For [`NoticeRule::Publication`], a deadline, it is the decision day itself.
pub fn earliest_meeting_date(
    notice_given: NaiveDate,
    kind: NoticeRule,
    cal: &HolidayCalendar,
) -> Result<NaiveDate, MissingYear> {
    let days = kind.required_days();
    if kind.is_deadline() || days == 0 {
        return Ok(notice_given);
    }
    let last = period_end(notice_given, Period::Days(days), cal)?;
    Ok(last.succ_opt().unwrap_or(NaiveDate::MAX))
}

/// Whether a meeting (or, for [`NoticeRule::Publication`], a publication) keeps the rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NoticeCheck {
    pub ok: bool,
    pub required_days: u32,
    /// Lead times: whole days strictly between the notice day and the meeting day. Publication:
    /// days from the decision day (not counted) to the publication day (counted).
    pub counted_days: u32,
    /// Lead times: the earliest lawful meeting day. Publication: the decision day.
    #[ts(type = "string")]
    pub earliest_allowed: NaiveDate,
    /// Publication only: the last day to publish.
    #[ts(type = "string | null")]
    pub latest_allowed: Option<NaiveDate>,
    /// The period's last day after Art. 203 (lead times: the day before `earliest_allowed`).
    #[ts(type = "string")]
    pub period_last_day: NaiveDate,
    /// Whether Art. 203 moved the last day past rest days.
    pub extended: bool,
    /// Years the count reached without a schedule, counted as weekends only under a host's
    /// signed statement (see `SignSubject::CalendarOverride`); empty in the ordinary case.
    #[serde(default)]
    pub assumed_years: Vec<i32>,
    pub message_zh: String,
    pub message_en: String,
}

/// Checks a meeting day against the day notice was given. For [`NoticeRule::Publication`] the
/// first date is the decision day and the second the publication day.
pub fn notice_check(
    notice_given: NaiveDate,
    meeting: NaiveDate,
    kind: NoticeRule,
    cal: &HolidayCalendar,
) -> Result<NoticeCheck, MissingYear> {
    let n = kind.required_days();
    let plain = notice_given
        .checked_add_days(Days::new(u64::from(n)))
        .unwrap_or(NaiveDate::MAX);
    let last = period_end(notice_given, Period::Days(n), cal)?;
    let extended = last != plain;
    let (moved_zh, moved_en) = match extended {
        true => (
            format!("，为休息日，依《民法典》第二百零三条顺延至 {last}"),
            format!(", a rest day, which Civil Code Art. 203 moves to {last}"),
        ),
        false => (String::new(), String::new()),
    };
    let (rule_zh, rule_en) = (kind.citation(Lang::Zh), kind.citation(Lang::En));
    let gap = (meeting - notice_given).num_days();
    let days = |d: i64| u32::try_from(d.max(0)).unwrap_or(u32::MAX);
    let (ok, counted, earliest, latest, zh, en);
    if kind.is_deadline() {
        (ok, counted, earliest, latest) = (
            gap >= 0 && meeting <= last,
            days(gap),
            notice_given,
            Some(last),
        );
        (zh, en) = if ok {
            (
                format!(
                    "决定于 {notice_given} 作出，{meeting} 公告，在 {n} 日期限（至 {last}）内，符合{rule_zh}。"
                ),
                format!(
                    "Decided on {notice_given}, published on {meeting}: within the {n}-day limit (to {last}) of {rule_en}."
                ),
            )
        } else {
            (
                format!(
                    "公告日不符合{rule_zh}：须自作出决定之日起 {n} 日内公告。决定日 {notice_given} 不计入，第 {n} 日为 {plain}{moved_zh}。公告日 {meeting} 不在 {notice_given} 至 {last} 之间。请核对日期；已逾期的，立即公告并在记录中说明原因。"
                ),
                format!(
                    "The publication date breaks {rule_en}: publish within {n} days of the decision. The decision day {notice_given} is not counted; day {n} is {plain}{moved_en}. {meeting} is not between {notice_given} and {last}. Check the dates; if late, publish now and record why."
                ),
            )
        };
    } else {
        earliest = earliest_meeting_date(notice_given, kind, cal)?;
        (ok, counted, latest) = (meeting >= earliest, days(gap - 1), None);
        (zh, en) = if ok {
            (
                format!(
                    "通知日 {notice_given} 不计入，至会议日 {meeting} 之间共 {counted} 日，满足{rule_zh}“会议召开{n}日以前”通知的要求。"
                ),
                format!(
                    "The notice day {notice_given} is not counted; {counted} clear days lie before the meeting on {meeting}, meeting the {n}-day notice of {rule_en}."
                ),
            )
        } else {
            (
                format!(
                    "通知期不足：{rule_zh}要求于会议召开{n}日以前通知。通知日 {notice_given} 不计入，自次日起算，第 {n} 日为 {plain}{moved_zh}。会议最早可于 {earliest} 召开，所定的 {meeting} 过早。请将会议改在 {earliest} 或以后，或重新发出通知。"
                ),
                format!(
                    "Notice too short: {rule_en} requires notice at least {n} days before the meeting. The notice day {notice_given} is not counted; day {n} is {plain}{moved_en}. The meeting may be held on {earliest} at the earliest, so {meeting} is too early. Move the meeting to {earliest} or later, or give notice again."
                ),
            )
        };
    }
    let assumed_years = cal.assumed_between(notice_given, last);
    let (mut zh, mut en) = (zh, en);
    for y in &assumed_years {
        zh.push_str(&format!(
            "（{y} 年法定节假日安排未载入，依主持人签署的说明，{y} 年仅按周六、周日为休息日计算。）"
        ));
        en.push_str(&format!(
            " ({y} has no holiday schedule loaded; under the host's signed statement only Saturdays and Sundays of {y} count as rest days.)"
        ));
    }
    Ok(NoticeCheck {
        ok,
        required_days: n,
        counted_days: counted,
        earliest_allowed: earliest,
        latest_allowed: latest,
        period_last_day: last,
        extended,
        assumed_years,
        message_zh: zh,
        message_en: en,
    })
}

#[cfg(test)]
#[path = "calendar_tests.rs"]
mod tests;
