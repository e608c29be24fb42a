//! `yishi calendar`: the statutory holiday schedules the app counts periods with. `show YEAR`
//! prints one year (exit 1 naming a missing year), `load FILE` checks a file and adds its year
//! (exit 1 naming what is wrong, nothing saved), `list` shows the years present.

use crate::domain::holidays::YearGap;
use crate::lang::Lang;
use crate::ops::calendar::{CalendarLoad, CalendarProblem, CalendarYearView};
use crate::ops::{self, Caller, Ctx, OpError};
use chrono::Datelike;
use clap::Subcommand;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub enum CalendarCmd {
    /// Print a year's holidays and make-up working days; exit 1 if the year is missing.
    Show { year: i32 },
    /// Check a schedule file (docs/holidays.md) and add its year; exit 1 if it is refused.
    Load {
        file: PathBuf,
        /// Replace a year already present (a correction the State Council published).
        #[arg(long)]
        replace: bool,
    },
    /// List the years present and warn about a missing current or coming year.
    List,
}

fn weekday(d: chrono::NaiveDate, lang: Lang) -> &'static str {
    let i = d.weekday().num_days_from_monday() as usize;
    lang.pick(
        ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][i],
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][i],
    )
}

fn origin(v: &CalendarYearView, lang: Lang) -> String {
    match (&v.loaded_at, &v.loaded_by) {
        (Some(at), Some(by)) => {
            lang.pick(format!("载入：{at}，{by}"), format!("loaded {at} by {by}"))
        }
        _ => lang.pick("随应用提供".into(), "built in".into()),
    }
}

fn print_year(v: &CalendarYearView, lang: Lang) {
    println!("{}  {}", v.year, v.title);
    println!(
        "  {}: {}{}{}",
        lang.pick("发布", "issued"),
        v.issued,
        v.number
            .as_deref()
            .map(|n| format!("  {n}"))
            .unwrap_or_default(),
        v.url
            .as_deref()
            .map(|u| format!("  {u}"))
            .unwrap_or_default()
    );
    println!("  SHA-256 {}  ({})", v.sha256, origin(v, lang));
    println!("  {}", lang.pick("放假：", "Holidays:"));
    for h in &v.holidays {
        let days = (h.to - h.from).num_days() + 1;
        println!(
            "    {} {} {} {} {}  {}{}",
            h.from,
            weekday(h.from, lang),
            lang.pick("至", "to"),
            h.to,
            weekday(h.to, lang),
            h.name,
            lang.pick(format!("（{days} 天）"), format!(" ({days} days)"))
        );
    }
    println!("  {}", lang.pick("调休上班：", "Make-up working days:"));
    if v.makeup_workdays.is_empty() {
        println!("    {}", lang.pick("（无）", "(none)"));
    }
    for m in &v.makeup_workdays {
        println!(
            "    {} {}  {}",
            m.date,
            weekday(m.date, lang),
            m.for_holiday.as_deref().unwrap_or("")
        );
    }
}

fn print_warning(w: &Option<YearGap>, lang: Lang) {
    if let Some(w) = w {
        eprintln!("{}", lang.pick(&w.message_zh, &w.message_en));
    }
}

pub async fn run(
    ctx: &Ctx,
    by: &Caller,
    cmd: CalendarCmd,
    lang: Lang,
) -> Result<ExitCode, OpError> {
    match cmd {
        CalendarCmd::Show { year } => match ops::calendar::calendar_show(ctx, year).await {
            Ok(v) => {
                print_year(&v, lang);
                Ok(ExitCode::SUCCESS)
            }
            Err(e @ OpError::Calendar(CalendarProblem::Missing(_))) => {
                eprintln!("{}", e.message(lang));
                Ok(ExitCode::from(1))
            }
            Err(e) => Err(e),
        },
        CalendarCmd::Load { file, replace } => {
            let bytes = match std::fs::read(&file) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!(
                        "{}",
                        lang.pick(
                            format!("无法读取文件 {}：{e}。请检查路径。", file.display()),
                            format!(
                                "Cannot read the file {}: {e}. Check the path.",
                                file.display()
                            )
                        )
                    );
                    return Ok(ExitCode::from(2));
                }
            };
            let content = match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(_) => {
                    eprintln!(
                        "{}",
                        OpError::Calendar(CalendarProblem::NotText).message(lang)
                    );
                    return Ok(ExitCode::from(1));
                }
            };
            let input = CalendarLoad {
                file_name: file
                    .file_name()
                    .map(|f| f.to_string_lossy().to_string())
                    .unwrap_or_default(),
                content,
                replace,
            };
            match ops::calendar::calendar_load(ctx, by, input).await {
                Ok(v) => {
                    println!(
                        "{}",
                        lang.pick(
                            format!("已载入 {} 年节假日安排（已记入日志）。", v.year),
                            format!("Loaded the {} holiday schedule (logged).", v.year)
                        )
                    );
                    print_year(&v, lang);
                    Ok(ExitCode::SUCCESS)
                }
                Err(e @ OpError::Calendar(_)) => {
                    eprintln!("{}: {}", file.display(), e.message(lang));
                    Ok(ExitCode::from(1))
                }
                Err(e) => Err(e),
            }
        }
        CalendarCmd::List => {
            let years = ops::calendar::calendar_years(ctx, by).await?;
            for v in &years.years {
                println!("{}  {}  ({})", v.year, v.title, origin(v, lang));
            }
            print_warning(&years.warning, lang);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Whether the command changes the record (and so needs a signed-in host).
pub fn changes(cmd: &CalendarCmd) -> bool {
    matches!(cmd, CalendarCmd::Load { .. })
}
