//! Evaluating a convention (评约): violations per article and per building in a period, the
//! trend against the previous period of the same length ("violations down 58%"), and how many
//! households have acknowledged the adopted version, per building.
//!
//! Invariants: pure; integers only. A percentage shown is computed with integer arithmetic:
//! a trend is |current − previous| · 100 / previous rounded half up (and says whether it was
//! exact); a coverage is acknowledged · 100 / households rounded down, so 100% means everyone.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// A period of calendar days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// Whole calendar months (from the 1st to a month's last day): how many.
    fn whole_months(&self) -> Option<u32> {
        let next = self.to.succ_opt()?;
        if self.from.day() != 1 || next.day() != 1 {
            return None;
        }
        let months =
            (next.year() - self.from.year()) * 12 + next.month() as i32 - self.from.month() as i32;
        u32::try_from(months).ok().filter(|m| *m > 0)
    }

    /// The period just before, of the same length: the same number of whole months when this
    /// one is whole months (October after September), else the same number of days.
    pub fn previous(&self) -> Period {
        if let Some(m) = self.whole_months() {
            if let Some(from) = self.from.checked_sub_months(Months::new(m)) {
                return Period {
                    from,
                    to: self.from.pred_opt().unwrap_or(self.from),
                };
            }
        }
        let days = (self.to - self.from).num_days() + 1;
        let to = self.from.pred_opt().unwrap_or(self.from);
        Period {
            from: to - chrono::Duration::days(days - 1),
            to,
        }
    }
}

/// One recorded violation as the report needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViolationFact {
    pub article: u32,
    /// The building of the unit or building named; `None` for a public place.
    pub building: Option<String>,
    pub on: NaiveDate,
    pub persuaded: bool,
}

/// One household (unit) and whether it acknowledged the adopted version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdFact {
    pub building: String,
    pub acknowledged: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TrendDirection {
    Down,
    Up,
    Same,
    /// None before, some now: no percentage exists.
    New,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Trend {
    pub previous: u32,
    pub current: u32,
    pub direction: TrendDirection,
    /// |current − previous| · 100 / previous, rounded half up; `None` when previous is 0.
    pub percent: Option<u32>,
    /// Whether `percent` is exact (no rounding happened).
    pub exact: bool,
}

pub fn trend(previous: u32, current: u32) -> Trend {
    let direction = match current.cmp(&previous) {
        std::cmp::Ordering::Less => TrendDirection::Down,
        std::cmp::Ordering::Equal => TrendDirection::Same,
        std::cmp::Ordering::Greater if previous == 0 => TrendDirection::New,
        std::cmp::Ordering::Greater => TrendDirection::Up,
    };
    let (percent, exact) = if previous == 0 {
        (None, true)
    } else {
        let diff = u64::from(current.abs_diff(previous)) * 100;
        let p = u64::from(previous);
        // Half up: floor((2·diff + p) / (2·p)).
        let rounded = (2 * diff + p) / (2 * p);
        (u32::try_from(rounded).ok(), diff % p == 0)
    };
    Trend {
        previous,
        current,
        direction,
        percent,
        exact,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Coverage {
    pub households: u32,
    pub acknowledged: u32,
    /// acknowledged · 100 / households, rounded down (0 when there are no households).
    pub percent: u32,
}

pub fn coverage(households: u32, acknowledged: u32) -> Coverage {
    let percent = if households == 0 {
        0
    } else {
        (u64::from(acknowledged) * 100 / u64::from(households)) as u32
    };
    Coverage {
        households,
        acknowledged,
        percent,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ArticleCount {
    pub article: u32,
    pub trend: Trend,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BuildingCount {
    /// `None`: public places (not attributed to a building).
    pub building: Option<String>,
    pub trend: Trend,
    /// Households of the building and how many acknowledged (none for public places).
    pub coverage: Option<Coverage>,
}

/// The figures of one period's report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Evaluation {
    pub total: Trend,
    /// Violations in the period where persuasion (劝导) was given.
    pub persuaded: u32,
    pub by_article: Vec<ArticleCount>,
    pub by_building: Vec<BuildingCount>,
    pub coverage: Coverage,
}

/// Computes the report. `articles` lists every article number of the adopted version (so an
/// article without violations shows 0); `buildings` gives the order (natural order of the roll).
pub fn evaluate(
    period: Period,
    articles: &[u32],
    buildings: &[String],
    violations: &[ViolationFact],
    households: &[HouseholdFact],
) -> Evaluation {
    let prev = period.previous();
    let mut per_article: BTreeMap<u32, (u32, u32)> =
        articles.iter().map(|a| (*a, (0, 0))).collect();
    let mut per_building: BTreeMap<Option<String>, (u32, u32)> = BTreeMap::new();
    let (mut cur_total, mut prev_total, mut persuaded) = (0u32, 0u32, 0u32);
    for v in violations {
        let (in_cur, in_prev) = (period.contains(v.on), prev.contains(v.on));
        if !in_cur && !in_prev {
            continue;
        }
        let a = per_article.entry(v.article).or_default();
        let b = per_building.entry(v.building.clone()).or_default();
        if in_cur {
            a.1 += 1;
            b.1 += 1;
            cur_total += 1;
            persuaded += u32::from(v.persuaded);
        } else {
            a.0 += 1;
            b.0 += 1;
            prev_total += 1;
        }
    }
    let mut homes: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
    for h in households {
        let e = homes.entry(h.building.as_str()).or_default();
        e.0 += 1;
        e.1 += u32::from(h.acknowledged);
    }
    let mut by_building: Vec<BuildingCount> = buildings
        .iter()
        .map(|b| {
            let (p, c) = per_building.remove(&Some(b.clone())).unwrap_or_default();
            BuildingCount {
                building: Some(b.clone()),
                trend: trend(p, c),
                coverage: homes.get(b.as_str()).map(|(n, k)| coverage(*n, *k)),
            }
        })
        .collect();
    // Buildings no longer on the roll, then public places last.
    let mut rest: Vec<_> = per_building.into_iter().collect();
    rest.sort_by_key(|(b, _)| b.is_none());
    by_building.extend(rest.into_iter().map(|(building, (p, c))| BuildingCount {
        building,
        trend: trend(p, c),
        coverage: None,
    }));
    let (n, k) = homes
        .values()
        .fold((0, 0), |(n, k), (hn, hk)| (n + hn, k + hk));
    Evaluation {
        total: trend(prev_total, cur_total),
        persuaded,
        by_article: per_article
            .into_iter()
            .map(|(article, (p, c))| ArticleCount {
                article,
                trend: trend(p, c),
            })
            .collect(),
        by_building,
        coverage: coverage(n, k),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn trends_are_exact_integers() {
        // (previous, current, direction, percent, exact)
        let cases = [
            (120, 50, TrendDirection::Down, Some(58), false), // 58.33…
            (100, 42, TrendDirection::Down, Some(58), true),
            (3, 2, TrendDirection::Down, Some(33), false),
            (8, 7, TrendDirection::Down, Some(13), false), // 12.5 rounds half up
            (4, 6, TrendDirection::Up, Some(50), true),
            (0, 5, TrendDirection::New, None, true),
            (0, 0, TrendDirection::Same, None, true),
            (7, 7, TrendDirection::Same, Some(0), true),
        ];
        for (p, c, dir, pct, exact) in cases {
            let t = trend(p, c);
            assert_eq!(
                (t.direction, t.percent, t.exact),
                (dir, pct, exact),
                "{p} -> {c}"
            );
        }
    }

    #[test]
    fn coverage_rounds_down_so_100_means_everyone() {
        assert_eq!(coverage(200, 199).percent, 99);
        assert_eq!(coverage(3, 3).percent, 100);
        assert_eq!(coverage(0, 0).percent, 0);
        assert_eq!(coverage(3, 1).percent, 33);
    }

    #[test]
    fn previous_period_has_the_same_length() {
        let cases = [
            (
                (d(2026, 10, 1), d(2026, 10, 31)),
                (d(2026, 9, 1), d(2026, 9, 30)),
            ),
            (
                (d(2026, 3, 1), d(2026, 3, 31)),
                (d(2026, 2, 1), d(2026, 2, 28)),
            ),
            (
                (d(2026, 7, 1), d(2026, 9, 30)),
                (d(2026, 4, 1), d(2026, 6, 30)),
            ),
            (
                (d(2026, 10, 8), d(2026, 10, 14)),
                (d(2026, 10, 1), d(2026, 10, 7)),
            ),
        ];
        for ((f, t), (pf, pt)) in cases {
            let p = Period { from: f, to: t }.previous();
            assert_eq!((p.from, p.to), (pf, pt), "{f}..{t}");
        }
    }

    #[test]
    fn report_counts_per_article_and_building() {
        let v = |article, building: Option<&str>, on, persuaded| ViolationFact {
            article,
            building: building.map(str::to_string),
            on,
            persuaded,
        };
        let violations = [
            v(1, Some("1栋"), d(2026, 9, 3), true),
            v(1, Some("1栋"), d(2026, 9, 20), true),
            v(2, None, d(2026, 9, 21), false),
            v(2, Some("2栋"), d(2026, 9, 30), true),
            v(1, Some("2栋"), d(2026, 10, 2), true),
            v(3, None, d(2026, 10, 31), false),
            v(3, None, d(2026, 11, 1), false), // outside both periods
        ];
        let homes = [
            HouseholdFact {
                building: "1栋".into(),
                acknowledged: true,
            },
            HouseholdFact {
                building: "1栋".into(),
                acknowledged: false,
            },
            HouseholdFact {
                building: "2栋".into(),
                acknowledged: true,
            },
        ];
        let r = evaluate(
            Period {
                from: d(2026, 10, 1),
                to: d(2026, 10, 31),
            },
            &[1, 2, 3, 4],
            &["1栋".into(), "2栋".into()],
            &violations,
            &homes,
        );
        assert_eq!(
            (r.total.previous, r.total.current, r.total.percent),
            (4, 2, Some(50))
        );
        assert_eq!(r.persuaded, 1);
        let art: Vec<_> = r
            .by_article
            .iter()
            .map(|a| (a.article, a.trend.previous, a.trend.current))
            .collect();
        assert_eq!(art, vec![(1, 2, 1), (2, 2, 0), (3, 0, 1), (4, 0, 0)]);
        let b: Vec<_> = r
            .by_building
            .iter()
            .map(|b| {
                (
                    b.building.clone(),
                    b.trend.previous,
                    b.trend.current,
                    b.coverage.map(|c| c.percent),
                )
            })
            .collect();
        assert_eq!(
            b,
            vec![
                (Some("1栋".into()), 2, 0, Some(50)),
                (Some("2栋".into()), 1, 1, Some(100)),
                (None, 1, 1, None),
            ]
        );
        assert_eq!(r.coverage, coverage(3, 2));
    }
}
