//! One year's statutory holidays and make-up working days, as the State Council's general office
//! publishes them each year (国务院办公厅关于XXXX年部分节假日安排的通知): the data file format
//! (`data/holidays/YYYY.json`, documented in `docs/holidays.md`), its checks, the years built
//! into the binary, and the warning shown while the coming year is still missing.
//!
//! A year is never guessed: [`crate::domain::calendar::HolidayCalendar`] covers exactly the
//! years whose schedule it was given, and refuses a question about any other year.

use crate::lang::Lang;
use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The `format` value of a version 1 file.
pub const FORMAT_V1: &str = "yishi/holidays/v1";

/// A holiday block longer than this is refused as a typing mistake (the longest published so far
/// is the 2020 Spring Festival with its extension, 10 days).
pub const MAX_BLOCK_DAYS: i64 = 14;

/// The years shipped with the app, embedded at build time: (year, file text).
pub const BUILTIN: &[(i32, &str)] = &[
    (2025, include_str!("../../data/holidays/2025.json")),
    (2026, include_str!("../../data/holidays/2026.json")),
];

/// Where a schedule comes from: the State Council notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ScheduleSource {
    /// The notice's title, e.g. 国务院办公厅关于2026年部分节假日安排的通知 (must name the year).
    pub title: String,
    /// The day the notice was issued (YYYY-MM-DD).
    #[ts(type = "string")]
    pub issued: NaiveDate,
    /// The document number (e.g. 国办发明电〔2025〕7号) when known.
    #[serde(default)]
    pub number: Option<String>,
    /// Where the text was read.
    #[serde(default)]
    pub url: Option<String>,
    /// Anything else worth keeping (who reprinted it, a quote of the notice).
    #[serde(default)]
    pub note: Option<String>,
}

/// A block of holidays, both ends included (放假调休, e.g. 国庆节 10月1日至7日).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct HolidayRange {
    pub name: String,
    #[ts(type = "string")]
    pub from: NaiveDate,
    #[ts(type = "string")]
    pub to: NaiveDate,
}

/// A Saturday or Sunday worked in exchange for a holiday (调休上班).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct MakeupDay {
    #[ts(type = "string")]
    pub date: NaiveDate,
    /// The holiday it makes up for, as the notice says.
    #[serde(default, rename = "for")]
    pub for_holiday: Option<String>,
}

/// One year's schedule: the content of `data/holidays/YYYY.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct YearSchedule {
    pub format: String,
    pub year: i32,
    pub source: ScheduleSource,
    pub holidays: Vec<HolidayRange>,
    pub makeup_workdays: Vec<MakeupDay>,
}

/// Why a schedule file was refused. Each names what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("not a schedule file: {detail}")]
    Json { detail: String },
    #[error("format {found:?} is not {FORMAT_V1}")]
    Format { found: String },
    #[error("year {year} is out of range")]
    Year { year: i32 },
    #[error("the source title does not name {year}")]
    Title { year: i32 },
    #[error("a holiday block has no name")]
    NoName { from: NaiveDate },
    #[error("no holidays listed")]
    NoHolidays,
    #[error("{date} is not in {year}")]
    OutsideYear { date: NaiveDate, year: i32 },
    #[error("{name}: {from} .. {to} runs backwards")]
    Backwards {
        name: String,
        from: NaiveDate,
        to: NaiveDate,
    },
    #[error("{name}: {from} .. {to} is longer than {MAX_BLOCK_DAYS} days")]
    TooLong {
        name: String,
        from: NaiveDate,
        to: NaiveDate,
    },
    #[error("{name} ({from}) does not come after {previous} ({previous_to})")]
    Unordered {
        name: String,
        from: NaiveDate,
        previous: String,
        previous_to: NaiveDate,
    },
    #[error("make-up working day {date} is out of order or repeated")]
    MakeupUnordered { date: NaiveDate },
    #[error("{date} is both a holiday and a make-up working day")]
    Both { date: NaiveDate },
    #[error("make-up working day {date} is not a Saturday or Sunday")]
    MakeupNotWeekend { date: NaiveDate },
}

impl ScheduleError {
    /// What is wrong with the file and what to do, in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        let check = lang.pick(
            "请对照国务院办公厅通知原文改正文件（格式见 docs/holidays.md），再重新载入。本次未保存任何内容。",
            "Correct the file against the State Council notice (format: docs/holidays.md) and load it again. Nothing was saved.",
        );
        let (zh, en) = match self {
            ScheduleError::Json { detail } => (
                format!("文件不是有效的节假日安排文件（JSON）：{detail}。"),
                format!("The file is not a valid holiday schedule (JSON): {detail}."),
            ),
            ScheduleError::Format { found } => (
                format!("字段 format 为“{found}”，应为“{FORMAT_V1}”。"),
                format!("The field format is \"{found}\"; it must be \"{FORMAT_V1}\"."),
            ),
            ScheduleError::Year { year } => (
                format!("年份 {year} 不合理（应在 1949 至 9999 之间）。"),
                format!("The year {year} is not plausible (1949 to 9999)."),
            ),
            ScheduleError::Title { year } => (
                format!(
                    "source.title 须为通知标题并写明年份 {year}，如“国务院办公厅关于{year}年部分节假日安排的通知”。"
                ),
                format!(
                    "source.title must be the notice's title naming the year {year}, e.g. \"国务院办公厅关于{year}年部分节假日安排的通知\"."
                ),
            ),
            ScheduleError::NoName { from } => (
                format!("自 {from} 起的放假安排缺少节日名称（name）。"),
                format!("The holiday block starting {from} has no name."),
            ),
            ScheduleError::NoHolidays => (
                "文件没有列出任何放假日期（holidays 为空）。".to_string(),
                "The file lists no holidays (holidays is empty).".to_string(),
            ),
            ScheduleError::OutsideYear { date, year } => (
                format!("日期 {date} 不在 {year} 年内；每个文件只写一年的安排。"),
                format!("The date {date} is not in {year}; each file holds one year."),
            ),
            ScheduleError::Backwards { name, from, to } => (
                format!("{name}：{from} 至 {to} 的结束日早于开始日。"),
                format!("{name}: {from} to {to} ends before it starts."),
            ),
            ScheduleError::TooLong { name, from, to } => (
                format!("{name}：{from} 至 {to} 超过 {MAX_BLOCK_DAYS} 天，可能写错了日期。"),
                format!(
                    "{name}: {from} to {to} is longer than {MAX_BLOCK_DAYS} days; a date is probably wrong."
                ),
            ),
            ScheduleError::Unordered {
                name,
                from,
                previous,
                previous_to,
            } => (
                format!(
                    "{name}（{from} 起）应排在 {previous}（至 {previous_to}）之后且不得重叠；请按日期先后排列。"
                ),
                format!(
                    "{name} (from {from}) must come after {previous} (to {previous_to}) without overlap; list the blocks in date order."
                ),
            ),
            ScheduleError::MakeupUnordered { date } => (
                format!("调休上班日 {date} 重复或未按日期先后排列。"),
                format!("The make-up working day {date} is repeated or out of date order."),
            ),
            ScheduleError::Both { date } => (
                format!("{date} 同时被列为放假日和调休上班日。"),
                format!("{date} is listed both as a holiday and as a make-up working day."),
            ),
            ScheduleError::MakeupNotWeekend { date } => (
                format!("调休上班日 {date} 不是周六或周日（调休上班日总是周末）。"),
                format!(
                    "The make-up working day {date} is not a Saturday or Sunday (make-up days always are)."
                ),
            ),
        };
        format!("{} {check}", lang.pick(zh, en))
    }
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

impl YearSchedule {
    /// Reads and checks a file: valid JSON of this shape (unknown fields refused), the format,
    /// a plausible year named in the source title, every date inside the year, named blocks in
    /// date order without overlap and at most [`MAX_BLOCK_DAYS`] long, make-up days in order,
    /// each a Saturday or Sunday, and no day both a holiday and a make-up working day.
    pub fn parse(text: &str) -> Result<YearSchedule, ScheduleError> {
        let s: YearSchedule =
            serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
                ScheduleError::Json {
                    detail: e.to_string(),
                }
            })?;
        s.check()?;
        Ok(s)
    }

    /// The checks of [`YearSchedule::parse`] on a value.
    pub fn check(&self) -> Result<(), ScheduleError> {
        let year = self.year;
        if self.format != FORMAT_V1 {
            return Err(ScheduleError::Format {
                found: self.format.clone(),
            });
        }
        if !(1949..=9999).contains(&year) {
            return Err(ScheduleError::Year { year });
        }
        if !self.source.title.contains(&year.to_string()) {
            return Err(ScheduleError::Title { year });
        }
        if self.holidays.is_empty() {
            return Err(ScheduleError::NoHolidays);
        }
        let inside = |date: NaiveDate| match date.year() == year {
            true => Ok(()),
            false => Err(ScheduleError::OutsideYear { date, year }),
        };
        let mut previous: Option<&HolidayRange> = None;
        for r in &self.holidays {
            if r.name.trim().is_empty() {
                return Err(ScheduleError::NoName { from: r.from });
            }
            inside(r.from)?;
            inside(r.to)?;
            let (name, from, to) = (r.name.clone(), r.from, r.to);
            if r.to < r.from {
                return Err(ScheduleError::Backwards { name, from, to });
            }
            if (r.to - r.from).num_days() + 1 > MAX_BLOCK_DAYS {
                return Err(ScheduleError::TooLong { name, from, to });
            }
            if let Some(p) = previous.filter(|p| r.from <= p.to) {
                return Err(ScheduleError::Unordered {
                    name,
                    from,
                    previous: p.name.clone(),
                    previous_to: p.to,
                });
            }
            previous = Some(r);
        }
        let mut last: Option<NaiveDate> = None;
        for m in &self.makeup_workdays {
            let date = m.date;
            inside(date)?;
            if last.is_some_and(|l| date <= l) {
                return Err(ScheduleError::MakeupUnordered { date });
            }
            last = Some(date);
            if self.is_holiday(date) {
                return Err(ScheduleError::Both { date });
            }
            if !is_weekend(date) {
                return Err(ScheduleError::MakeupNotWeekend { date });
            }
        }
        Ok(())
    }

    fn is_holiday(&self, d: NaiveDate) -> bool {
        self.holidays.iter().any(|r| r.from <= d && d <= r.to)
    }

    /// Every holiday of the year, in order.
    pub fn holiday_dates(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.holidays.iter().flat_map(|r| {
            r.from
                .iter_days()
                .take_while(move |d| *d <= r.to)
                .collect::<Vec<_>>()
        })
    }

    /// The built-in schedule of `year`, if the app ships one.
    pub fn builtin(year: i32) -> Option<YearSchedule> {
        Self::builtins().iter().find(|s| s.year == year).cloned()
    }

    /// Every built-in schedule, parsed once (every meeting view counts dates with them), in the
    /// order of [`BUILTIN`].
    pub fn builtins() -> &'static [YearSchedule] {
        static PARSED: std::sync::OnceLock<Vec<YearSchedule>> = std::sync::OnceLock::new();
        PARSED.get_or_init(|| {
            BUILTIN
                .iter()
                .map(|(_, text)| {
                    YearSchedule::parse(text).expect("built-in schedules are checked by tests")
                })
                .collect()
        })
    }
}

/// A date computation reached a year whose schedule the app does not have. It refuses rather
/// than guess: the host loads the year (or, for one meeting, signs a reason to go on).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize, Deserialize, TS)]
#[error("no holiday schedule for {year}")]
#[ts(export)]
pub struct MissingYear {
    pub year: i32,
}

impl MissingYear {
    /// Which year is missing, why it matters and how to load it (or go on with a signed reason).
    pub fn message(&self, lang: Lang) -> String {
        let y = self.year;
        lang.pick(
            format!(
                "缺少 {y} 年的法定节假日和调休安排，无法按《民法典》第二百零三条确定期间的最后一日，本次未做任何改动。请取得《国务院办公厅关于{y}年部分节假日安排的通知》，按 docs/holidays.md 写成 {y}.json，在“会议”页的“节假日安排”中载入，或运行 yishi calendar load {y}.json。确需先行的，可由主持人为本会议签署说明理由（{y} 年按仅周六、周日为休息日计算），理由将印在会议通知上。"
            ),
            format!(
                "The statutory holidays and make-up working days of {y} are missing, so the last day of the period (Civil Code Art. 203) cannot be fixed; nothing was changed. Get the State Council general office's notice on the {y} holidays (国务院办公厅关于{y}年部分节假日安排的通知), write it as {y}.json as docs/holidays.md describes, and load it under Meetings → Holiday schedules or with yishi calendar load {y}.json. If the meeting cannot wait, the host may sign a reason for this meeting ({y} then counts only Saturdays and Sundays as rest days); the reason is printed on the notice."
            ),
        )
    }
}

/// Whether the warning is about the year under way or the one coming.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum GapKind {
    /// The current year has no schedule: every period reaching a rest day is refused now.
    Current,
    /// The coming year has no schedule yet, and it is close.
    Coming,
}

/// The warning shown from [`WARN_FROM`] of the year before a missing year, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct YearGap {
    pub year: i32,
    pub kind: GapKind,
    /// Days from today to 1 January of `year` (0 or less when it has begun).
    #[ts(type = "number")]
    pub days_left: i64,
    pub message_zh: String,
    pub message_en: String,
}

/// From this day (month, day) of a year, a missing next year is warned about. The State
/// Council has published the coming year's notice in November or December.
pub const WARN_FROM: (u32, u32) = (11, 1);

/// The warning for `today` (the community's local date) given which years are present: the
/// current year when it is missing, else the next year from [`WARN_FROM`] on; `None` otherwise.
pub fn year_gap(today: NaiveDate, has_year: impl Fn(i32) -> bool) -> Option<YearGap> {
    let this = today.year();
    let (year, kind) = if !has_year(this) {
        (this, GapKind::Current)
    } else {
        let from = NaiveDate::from_ymd_opt(this, WARN_FROM.0, WARN_FROM.1)?;
        if today < from || has_year(this + 1) {
            return None;
        }
        (this + 1, GapKind::Coming)
    };
    let jan1 = NaiveDate::from_ymd_opt(year, 1, 1)?;
    let days_left = (jan1 - today).num_days();
    let (zh, en) = match kind {
        GapKind::Current => (
            format!(
                "尚未载入 {year} 年的法定节假日安排：涉及 {year} 年日期的通知期、公告期限将无法计算，相关操作会被拒绝。"
            ),
            format!(
                "The {year} holiday schedule is not loaded: notice periods and publication deadlines reaching {year} cannot be computed and will be refused."
            ),
        ),
        GapKind::Coming => (
            format!(
                "还有 {days_left} 天进入 {year} 年，尚未载入 {year} 年的法定节假日安排：截止日落在 {year} 年的通知期（如 12 月中旬以后发出的 15 日通知）将无法计算。"
            ),
            format!(
                "{year} begins in {days_left} days and its holiday schedule is not loaded: notice periods ending in {year} (such as a 15-day notice given after mid-December) cannot be computed."
            ),
        ),
    };
    let how_zh = format!(
        "请在国务院办公厅发布通知后，于“会议”页的“节假日安排”载入 {year}.json（或运行 yishi calendar load {year}.json）。"
    );
    let how_en = format!(
        "Once the State Council general office publishes its notice, load {year}.json under Meetings → Holiday schedules (or run yishi calendar load {year}.json)."
    );
    Some(YearGap {
        year,
        kind,
        days_left,
        message_zh: format!("{zh}{how_zh}"),
        message_en: format!("{en} {how_en}"),
    })
}

#[cfg(test)]
#[path = "holidays_tests.rs"]
mod tests;
