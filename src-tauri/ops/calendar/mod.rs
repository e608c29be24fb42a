//! Holiday schedules: which years the app has (built in, or loaded from a file and stored with
//! its SHA-256, who loaded it and when), loading a year after checking it, the calendar every
//! date computation uses, the warning before a missing year, and the host's signed statements
//! that let one meeting go on through a missing year (`yishi/calendar-override/v1`).

use crate::crypto::canonical::sha256_hex;
use crate::domain::calendar::HolidayCalendar;
use crate::domain::holidays::{
    HolidayRange, MakeupDay, MissingYear, ScheduleError, YearGap, YearSchedule, year_gap,
};
use crate::lang::Lang;
use crate::ops::{Caller, Ctx, ErrorCode, OpError, OpResult, log_global};
use crate::store::StoreError;
use crate::store::holidays::{self as store, NewHoliday};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::SqliteConnection;
use ts_rs::TS;

/// Why a calendar operation, or a date computation, was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarProblem {
    /// A computation reached a year with no schedule.
    Missing(MissingYear),
    /// The file was refused by its checks.
    BadFile(ScheduleError),
    /// The year is already present; loading again needs `replace`.
    YearPresent { year: i32, builtin: bool },
    /// The file is not UTF-8 text.
    NotText,
    /// The same file is already the one in force.
    SameFile { year: i32 },
    /// A statement to go on without a year was asked for a year that has its schedule.
    NotMissing { year: i32 },
}

impl CalendarProblem {
    pub fn code(&self) -> ErrorCode {
        match self {
            CalendarProblem::Missing(_) => ErrorCode::CalendarMissing,
            CalendarProblem::YearPresent { .. }
            | CalendarProblem::SameFile { .. }
            | CalendarProblem::NotMissing { .. } => ErrorCode::Conflict,
            CalendarProblem::BadFile(_) | CalendarProblem::NotText => ErrorCode::InvalidInput,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            CalendarProblem::Missing(m) => m.message(lang),
            CalendarProblem::BadFile(e) => e.message(lang),
            CalendarProblem::YearPresent { year, builtin } => {
                let (zh, en) = match builtin {
                    true => ("本应用自带", "is built into the app"),
                    false => ("已载入", "is already loaded"),
                };
                lang.pick(
                    format!("{year} 年的节假日安排{zh}，本次未保存。如国务院办公厅发布了更正通知，请勾选“替换”（命令行加 --replace）后重新载入，原安排仍留在记录中。"),
                    format!("The {year} holiday schedule {en}; nothing was saved. If the State Council general office published a correction, tick Replace (--replace on the command line) and load again; the old schedule stays on the record."),
                )
            }
            CalendarProblem::NotText => lang.pick(
                "文件不是 UTF-8 文本，无法作为节假日安排读取。请用文本编辑器另存为 UTF-8 的 .json 文件后重新载入。".into(),
                "The file is not UTF-8 text and cannot be read as a holiday schedule. Save it as a UTF-8 .json file and load it again.".into(),
            ),
            CalendarProblem::NotMissing { year } => lang.pick(
                format!("{year} 年的节假日安排已经载入，按安排计算即可，无需签署说明。"),
                format!("The {year} holiday schedule is loaded; dates are counted with it and no statement is needed."),
            ),
            CalendarProblem::SameFile { year } => lang.pick(
                format!("这个文件与正在使用的 {year} 年安排完全相同，无需重复载入。"),
                format!("This file is identical to the {year} schedule in force; there is nothing to load."),
            ),
        }
    }
}

impl From<MissingYear> for OpError {
    fn from(m: MissingYear) -> OpError {
        OpError::Calendar(CalendarProblem::Missing(m))
    }
}

/// One year the app has, with where it came from.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CalendarYearView {
    pub year: i32,
    /// Shipped with the app (`data/holidays/YEAR.json`) rather than loaded.
    pub builtin: bool,
    pub title: String,
    #[ts(type = "string")]
    pub issued: chrono::NaiveDate,
    pub number: Option<String>,
    pub url: Option<String>,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    pub loaded_at: Option<String>,
    pub loaded_by: Option<String>,
    /// Whether this load replaced an earlier schedule of the same year (loaded or built in).
    pub replaced: bool,
    pub holidays: Vec<HolidayRange>,
    pub makeup_workdays: Vec<MakeupDay>,
    /// Days off in the year's holiday blocks.
    pub holiday_days: u32,
}

/// The years present and the warning about a missing one, if any.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CalendarYears {
    pub years: Vec<CalendarYearView>,
    pub warning: Option<YearGap>,
}

/// A schedule file to check and add.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CalendarLoad {
    pub file_name: String,
    /// The file's text (UTF-8 JSON).
    pub content: String,
    /// Replace a year already present (a correction the State Council published).
    #[serde(default)]
    pub replace: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CalendarYearQuery {
    pub year: i32,
}

/// A year a meeting's dates reach that has no schedule (and no host's statement), in the
/// caller's language: shown instead of the notice check.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MissingYearNote {
    pub year: i32,
    pub message: String,
}

impl MissingYearNote {
    pub fn new(m: MissingYear, lang: Lang) -> MissingYearNote {
        MissingYearNote {
            year: m.year,
            message: m.message(lang),
        }
    }
}

/// A host's signed statement letting one meeting go on through a missing year.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CalendarOverrideView {
    pub year: i32,
    pub reason: String,
    #[ts(type = "number")]
    pub signature_id: i64,
    pub signer: String,
    pub fingerprint: String,
    pub signed_at: String,
    /// Whether the year is still missing (once loaded, the statement is no longer used).
    pub in_use: bool,
}

fn view(s: &YearSchedule, sha256: String, row: Option<&store::HolidayRow>) -> CalendarYearView {
    CalendarYearView {
        year: s.year,
        builtin: row.is_none(),
        title: s.source.title.clone(),
        issued: s.source.issued,
        number: s.source.number.clone(),
        url: s.source.url.clone(),
        sha256,
        loaded_at: row.map(|r| r.loaded_at.clone()),
        loaded_by: row.map(|r| r.loaded_by.clone()),
        replaced: row.is_some_and(|r| {
            r.replaces.is_some()
                || crate::domain::holidays::BUILTIN
                    .iter()
                    .any(|b| b.0 == s.year)
        }),
        holidays: s.holidays.clone(),
        makeup_workdays: s.makeup_workdays.clone(),
        holiday_days: s.holiday_dates().count() as u32,
    }
}

/// Every year present: built-in years, then loaded ones (a loaded year replaces a built-in one).
async fn schedules(
    conn: &mut SqliteConnection,
) -> OpResult<Vec<(YearSchedule, CalendarYearView, Option<i64>)>> {
    let mut out: Vec<(YearSchedule, CalendarYearView, Option<i64>)> = YearSchedule::builtins()
        .iter()
        .zip(crate::domain::holidays::BUILTIN)
        .map(|(s, (_, text))| {
            let v = view(s, sha256_hex(text.as_bytes()), None);
            (s.clone(), v, None)
        })
        .collect();
    for row in store::current(conn).await? {
        let s = YearSchedule::parse(&row.content).map_err(|e| {
            OpError::Storage(StoreError::Corrupt(format!(
                "holiday schedule #{} ({}): {e}",
                row.id, row.year
            )))
        })?;
        let v = view(&s, row.sha256.clone(), Some(&row));
        out.retain(|(x, _, _)| x.year != s.year);
        out.push((s, v, Some(row.id)));
    }
    out.sort_by_key(|(s, _, _)| s.year);
    Ok(out)
}

/// The calendar of every year present. Date computations use this and nothing else.
pub(crate) async fn calendar_in(conn: &mut SqliteConnection) -> OpResult<HolidayCalendar> {
    let all: Vec<YearSchedule> = schedules(conn).await?.into_iter().map(|x| x.0).collect();
    Ok(HolidayCalendar::from_schedules(&all))
}

/// The warning for the community's local date at `now`.
pub(crate) fn warning_at(cal: &HolidayCalendar, now: DateTime<Utc>) -> Option<YearGap> {
    year_gap(crate::ops::context::local(now).date(), |y| {
        cal.has_schedule(y)
    })
}

/// The warning about a missing current or coming year, for `app_info` and the meetings screen.
pub(crate) async fn warning_in(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
) -> OpResult<Option<YearGap>> {
    Ok(warning_at(&calendar_in(conn).await?, now))
}

/// `calendar_years`: the years present (built in or loaded) and the warning, if any.
pub async fn calendar_years(ctx: &Ctx, by: &Caller) -> OpResult<CalendarYears> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    let all = schedules(&mut conn).await?;
    let cal = HolidayCalendar::from_schedules(&all.iter().map(|x| x.0.clone()).collect::<Vec<_>>());
    Ok(CalendarYears {
        warning: warning_at(&cal, by.now),
        years: all.into_iter().map(|x| x.1).collect(),
    })
}

/// `calendar_show`: one year's schedule, or [`CalendarProblem::Missing`] naming the year.
pub async fn calendar_show(ctx: &Ctx, year: i32) -> OpResult<CalendarYearView> {
    let store = ctx.store().await;
    let mut conn = store.reader().acquire().await?;
    schedules(&mut conn)
        .await?
        .into_iter()
        .find(|x| x.0.year == year)
        .map(|x| x.1)
        .ok_or(OpError::Calendar(CalendarProblem::Missing(MissingYear {
            year,
        })))
}

/// `calendar_load`: checks a file (see `YearSchedule::parse`) and adds its year, logging
/// `calendar.loaded` with the file's SHA-256. A year already present is refused unless
/// `replace` is set; a refused file saves nothing.
pub async fn calendar_load(
    ctx: &Ctx,
    by: &Caller,
    input: CalendarLoad,
) -> OpResult<CalendarYearView> {
    let schedule = YearSchedule::parse(&input.content)
        .map_err(|e| OpError::Calendar(CalendarProblem::BadFile(e)))?;
    let sha256 = sha256_hex(input.content.as_bytes());
    let store = ctx.store().await;
    let mut tx = store.begin().await?;
    let present = schedules(tx.conn())
        .await?
        .into_iter()
        .find(|x| x.0.year == schedule.year);
    if let Some((_, v, _)) = &present {
        if v.sha256 == sha256 {
            return Err(OpError::Calendar(CalendarProblem::SameFile {
                year: schedule.year,
            }));
        }
        if !input.replace {
            return Err(OpError::Calendar(CalendarProblem::YearPresent {
                year: schedule.year,
                builtin: v.builtin,
            }));
        }
    }
    let replaces = present.as_ref().and_then(|x| x.2);
    let loaded_at = crate::ops::context::stamp(by.now);
    let id = store::insert(
        tx.conn(),
        NewHoliday {
            year: schedule.year,
            content: &input.content,
            sha256: &sha256,
            title: &schedule.source.title,
            loaded_at: &loaded_at,
            loaded_by: &by.actor,
            replaces,
        },
    )
    .await?;
    log_global(
        &mut tx,
        by,
        "calendar.loaded",
        json!({
            "schedule_id": id,
            "year": schedule.year,
            "file_name": input.file_name,
            "sha256": sha256,
            "title": schedule.source.title,
            "issued": schedule.source.issued.to_string(),
            "number": schedule.source.number,
            "holidays": schedule.holiday_dates().count(),
            "makeup_workdays": schedule.makeup_workdays.len(),
            "replaces": present.as_ref().map(|x| json!({
                "sha256": x.1.sha256, "builtin": x.1.builtin, "schedule_id": x.2,
            })),
        }),
    )
    .await?;
    tx.commit().await?;
    let row = store::HolidayRow {
        id,
        year: schedule.year,
        content: input.content.clone(),
        sha256: sha256.clone(),
        title: schedule.source.title.clone(),
        loaded_at,
        loaded_by: by.actor.clone(),
        replaces,
    };
    Ok(view(&schedule, sha256, Some(&row)))
}
