//! Report periods: calendar units and custom ranges, their comparison periods
//! (previous / year over year) and their labels (`2026`, `2026-Q4`, `2026-11`,
//! `2026-W47`, `2026-11-21`, `2026-11-01..2026-11-21`).

use std::fmt;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Grain {
    Day,
    Week,
    Month,
    Quarter,
    Year,
    Custom,
}

impl Grain {
    /// The cycle of grains the cockpit's `p` key walks through.
    pub fn next(self) -> Grain {
        match self {
            Grain::Day => Grain::Week,
            Grain::Week => Grain::Month,
            Grain::Month => Grain::Quarter,
            Grain::Quarter => Grain::Year,
            Grain::Year | Grain::Custom => Grain::Day,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Grain::Day => "day",
            Grain::Week => "week",
            Grain::Month => "month",
            Grain::Quarter => "quarter",
            Grain::Year => "year",
            Grain::Custom => "custom",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum CompareMode {
    #[default]
    Prev,
    Yoy,
}

impl CompareMode {
    pub fn parse(s: &str) -> Option<CompareMode> {
        match s.to_ascii_lowercase().as_str() {
            "prev" | "previous" => Some(CompareMode::Prev),
            "yoy" => Some(CompareMode::Yoy),
            _ => None,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            CompareMode::Prev => "prev",
            CompareMode::Yoy => "yoy",
        }
    }
    pub fn toggle(self) -> CompareMode {
        match self {
            CompareMode::Prev => CompareMode::Yoy,
            CompareMode::Yoy => CompareMode::Prev,
        }
    }
}

/// A closed range of calendar dates with the unit it was named by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    pub grain: Grain,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn month_end(y: i32, m: u32) -> NaiveDate {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    ymd(ny, nm, 1).unwrap() - Duration::days(1)
}

fn iso_weeks_in(year: i32) -> u32 {
    // Dec 28 is always in the last ISO week of its year.
    ymd(year, 12, 28).unwrap().iso_week().week()
}

impl Period {
    pub fn day(d: NaiveDate) -> Period {
        Period {
            grain: Grain::Day,
            start: d,
            end: d,
        }
    }

    pub fn week(year: i32, week: u32) -> Option<Period> {
        let start = NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)?;
        Some(Period {
            grain: Grain::Week,
            start,
            end: start + Duration::days(6),
        })
    }

    pub fn month(year: i32, month: u32) -> Option<Period> {
        Some(Period {
            grain: Grain::Month,
            start: ymd(year, month, 1)?,
            end: month_end(year, month),
        })
    }

    pub fn quarter(year: i32, q: u32) -> Option<Period> {
        if !(1..=4).contains(&q) {
            return None;
        }
        let m = (q - 1) * 3 + 1;
        Some(Period {
            grain: Grain::Quarter,
            start: ymd(year, m, 1)?,
            end: month_end(year, m + 2),
        })
    }

    pub fn year(year: i32) -> Option<Period> {
        Some(Period {
            grain: Grain::Year,
            start: ymd(year, 1, 1)?,
            end: ymd(year, 12, 31)?,
        })
    }

    pub fn custom(start: NaiveDate, end: NaiveDate) -> Option<Period> {
        (start <= end).then_some(Period {
            grain: Grain::Custom,
            start,
            end,
        })
    }

    /// The calendar unit of `grain` that contains `d` (custom: the single day).
    pub fn containing(grain: Grain, d: NaiveDate) -> Period {
        match grain {
            Grain::Day | Grain::Custom => Period::day(d),
            Grain::Week => {
                let w = d.iso_week();
                Period::week(w.year(), w.week()).unwrap()
            }
            Grain::Month => Period::month(d.year(), d.month()).unwrap(),
            Grain::Quarter => Period::quarter(d.year(), (d.month() - 1) / 3 + 1).unwrap(),
            Grain::Year => Period::year(d.year()).unwrap(),
        }
    }

    /// Parses the command-line syntax of the data contract.
    pub fn parse(s: &str) -> Option<Period> {
        let s = s.trim();
        if let Some((a, b)) = s.split_once("..") {
            return Period::custom(crate::util::parse_date(a)?, crate::util::parse_date(b)?);
        }
        if let Some(d) = crate::util::parse_date(s) {
            return Some(Period::day(d));
        }
        let num = |t: &str| -> Option<u32> {
            (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())).then(|| t.parse().ok())?
        };
        let (y, rest) = match s.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (s, None),
        };
        if y.len() != 4 {
            return None;
        }
        let year = num(y)? as i32;
        match rest {
            None => Period::year(year),
            Some(r) if r.starts_with(['Q', 'q']) => Period::quarter(year, num(&r[1..])?),
            Some(r) if r.starts_with(['W', 'w']) && r.len() == 3 => {
                let w = num(&r[1..])?;
                (w >= 1 && w <= iso_weeks_in(year)).then(|| Period::week(year, w))?
            }
            Some(r) if r.len() == 2 => Period::month(year, num(r)?),
            _ => None,
        }
    }

    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.end
    }

    /// The unit before (calendar units) or the same number of days right before (custom).
    pub fn previous(&self) -> Period {
        match self.grain {
            Grain::Custom => {
                let n = self.days();
                Period {
                    grain: Grain::Custom,
                    start: self.start - Duration::days(n),
                    end: self.start - Duration::days(1),
                }
            }
            g => Period::containing(g, self.start - Duration::days(1)),
        }
    }

    /// The unit after (calendar units) or the same number of days right after (custom).
    pub fn next(&self) -> Period {
        match self.grain {
            Grain::Custom => {
                let n = self.days();
                Period {
                    grain: Grain::Custom,
                    start: self.end + Duration::days(1),
                    end: self.end + Duration::days(n),
                }
            }
            g => Period::containing(g, self.end + Duration::days(1)),
        }
    }

    /// The same calendar unit one year earlier (spec, periods rule 12).
    pub fn year_ago(&self) -> Period {
        let shift = shift_year_back;
        match self.grain {
            Grain::Day => Period::day(shift(self.start)),
            Grain::Week => {
                let w = self.start.iso_week();
                let y = w.year() - 1;
                let week = w.week().min(iso_weeks_in(y));
                Period::week(y, week).unwrap()
            }
            Grain::Month => Period::month(self.start.year() - 1, self.start.month()).unwrap(),
            Grain::Quarter => {
                Period::quarter(self.start.year() - 1, (self.start.month() - 1) / 3 + 1).unwrap()
            }
            Grain::Year => Period::year(self.start.year() - 1).unwrap(),
            Grain::Custom => Period {
                grain: Grain::Custom,
                start: shift(self.start),
                end: shift(self.end),
            },
        }
    }

    pub fn compare(&self, mode: CompareMode) -> Period {
        match mode {
            CompareMode::Prev => self.previous(),
            CompareMode::Yoy => self.year_ago(),
        }
    }

    /// Label in the command-line syntax; targets attach to a period by this label.
    pub fn label(&self) -> String {
        match self.grain {
            Grain::Day => self.start.format("%Y-%m-%d").to_string(),
            Grain::Week => {
                let w = self.start.iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            }
            Grain::Month => self.start.format("%Y-%m").to_string(),
            Grain::Quarter => format!(
                "{}-Q{}",
                self.start.year(),
                (self.start.month() - 1) / 3 + 1
            ),
            Grain::Year => format!("{}", self.start.year()),
            Grain::Custom => format!(
                "{}..{}",
                self.start.format("%Y-%m-%d"),
                self.end.format("%Y-%m-%d")
            ),
        }
    }

    /// The last `n` periods of the same grain ending with this one, oldest first.
    pub fn trailing(&self, n: usize) -> Vec<Period> {
        let mut v = Vec::with_capacity(n);
        let mut p = *self;
        for _ in 0..n {
            v.push(p);
            p = p.previous();
        }
        v.reverse();
        v
    }
}

/// A report period as computed (kpi-spec rule 13): the named period, the dates it
/// covers (cut to the data end while it is running) and its like-for-like comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Window {
    /// The period as named (its label carries targets).
    pub period: Period,
    /// The dates computed: `period`, cut to `[start, data end]` when it is running.
    pub cur: Period,
    /// The comparison period, cut to the same number of days when `cur` is.
    pub cmp: Period,
    pub running: bool,
}

/// Why a period cannot be computed: it starts after the data end (rule 13).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Future {
    pub data_end: NaiveDate,
}

impl Period {
    /// The period with its end cut to `end` (kept whole when it ends earlier).
    fn cut_at(&self, end: NaiveDate) -> Period {
        Period {
            end: self.end.min(end),
            ..*self
        }
    }

    /// Rule 13: the window of this period compared by `mode`, given the data end
    /// (None: an empty workbook, nothing is cut).
    pub fn window(&self, mode: CompareMode, data_end: Option<NaiveDate>) -> Result<Window, Future> {
        let whole = Window {
            period: *self,
            cur: *self,
            cmp: self.compare(mode),
            running: false,
        };
        let Some(data_end) = data_end else {
            return Ok(whole);
        };
        if self.start > data_end {
            return Err(Future { data_end });
        }
        if self.end <= data_end {
            return Ok(whole);
        }
        let cur = self.cut_at(data_end);
        let n = cur.days();
        let first_n = |p: Period| p.cut_at(p.start + Duration::days(n - 1));
        let cmp = match (self.grain, mode) {
            (Grain::Custom, CompareMode::Prev) => cur.previous(),
            (Grain::Custom, CompareMode::Yoy) => cur.year_ago(),
            // an ISO week: the same weekdays of its comparison week
            (Grain::Week, CompareMode::Yoy) => first_n(self.year_ago()),
            (_, CompareMode::Prev) => first_n(self.previous()),
            // calendar units: both ends of the cut period one year back (rule 12)
            (_, CompareMode::Yoy) => Period {
                grain: self.grain,
                start: self.year_ago().start,
                end: shift_year_back(cur.end),
            },
        };
        Ok(Window {
            period: *self,
            cur,
            cmp,
            running: true,
        })
    }
}

/// The same month and day one year earlier (Feb 29 → Feb 28).
fn shift_year_back(d: NaiveDate) -> NaiveDate {
    ymd(d.year() - 1, d.month(), d.day()).unwrap_or_else(|| ymd(d.year() - 1, 2, 28).unwrap())
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        Period::parse(s).unwrap_or_else(|| panic!("parse {s}"))
    }
    fn d(s: &str) -> NaiveDate {
        crate::util::parse_date(s).unwrap()
    }

    #[test]
    fn parses_every_syntax() {
        assert_eq!(
            (p("2026").start, p("2026").end),
            (d("2026-01-01"), d("2026-12-31"))
        );
        assert_eq!(
            (p("2026-Q4").start, p("2026-Q4").end),
            (d("2026-10-01"), d("2026-12-31"))
        );
        assert_eq!(
            (p("2024-02").start, p("2024-02").end),
            (d("2024-02-01"), d("2024-02-29"))
        );
        assert_eq!(
            (p("2026-W35").start, p("2026-W35").end),
            (d("2026-08-24"), d("2026-08-30"))
        );
        assert_eq!(p("2026-11-21").days(), 1);
        assert_eq!(p("2026-03-25..2026-04-05").days(), 12);
        for bad in [
            "2026-13",
            "2026-Q5",
            "2026-W54",
            "2025-W53",
            "2026-11-31",
            "26",
            "2026-10..2026-09-01",
        ] {
            assert!(Period::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn iso_week_53() {
        // 2026 has 53 ISO weeks (Jan 1 2026 is a Thursday); 2025 has 52.
        let w = p("2026-W53");
        assert_eq!((w.start, w.end), (d("2026-12-28"), d("2027-01-03")));
        assert_eq!(w.year_ago().label(), "2025-W52");
        assert_eq!(w.previous().label(), "2026-W52");
        assert_eq!(w.next().label(), "2027-W01");
        assert_eq!(p("2027-W01").previous().label(), "2026-W53");
    }

    #[test]
    fn quarter_and_month_boundaries() {
        assert_eq!(p("2026-Q1").previous().label(), "2025-Q4");
        assert_eq!(p("2026-Q1").previous().end, d("2025-12-31"));
        assert_eq!(p("2026-03").previous().label(), "2026-02");
        assert_eq!(p("2026-01").previous().label(), "2025-12");
        assert_eq!(p("2026-12").next().label(), "2027-01");
        assert_eq!(p("2026-Q3").year_ago().label(), "2025-Q3");
    }

    #[test]
    fn leap_day_year_over_year() {
        assert_eq!(p("2024-02-29").year_ago().label(), "2023-02-28");
        assert_eq!(p("2025-02-28").year_ago().label(), "2024-02-28");
        let c = p("2024-02-20..2024-02-29").year_ago();
        assert_eq!((c.start, c.end), (d("2023-02-20"), d("2023-02-28")));
        assert_eq!(p("2024-02").year_ago().end, d("2023-02-28"));
    }

    fn window(s: &str, mode: CompareMode, end: &str) -> (String, String, String, String, bool) {
        let w = p(s).window(mode, Some(d(end))).unwrap();
        let f = |x: NaiveDate| x.to_string();
        (
            f(w.cur.start),
            f(w.cur.end),
            f(w.cmp.start),
            f(w.cmp.end),
            w.running,
        )
    }

    #[test]
    fn running_periods_are_cut_like_for_like() {
        let own = |a: &str, b: &str, c: &str, e: &str, r| {
            (
                a.to_string(),
                b.to_string(),
                c.to_string(),
                e.to_string(),
                r,
            )
        };
        // a running quarter: 32 days, compared with the previous quarter's first 32 days
        assert_eq!(
            window("2026-Q4", CompareMode::Prev, "2026-11-01"),
            own("2026-10-01", "2026-11-01", "2026-07-01", "2026-08-01", true)
        );
        // a running year against the same dates a year back
        assert_eq!(
            window("2026", CompareMode::Yoy, "2026-11-01"),
            own("2026-01-01", "2026-11-01", "2025-01-01", "2025-11-01", true)
        );
        // previous of a running month never runs past that month's end (31 vs 28 days)
        assert_eq!(
            window("2026-03", CompareMode::Prev, "2026-03-31"),
            own(
                "2026-03-01",
                "2026-03-31",
                "2026-02-01",
                "2026-02-28",
                false
            )
        );
        assert_eq!(
            window("2026-03", CompareMode::Prev, "2026-03-30"),
            own("2026-03-01", "2026-03-30", "2026-02-01", "2026-02-28", true)
        );
        // a custom range crossing the data end: the 13 days right before the cut range
        assert_eq!(
            window("2026-10-20..2026-11-10", CompareMode::Prev, "2026-11-01"),
            own("2026-10-20", "2026-11-01", "2026-10-07", "2026-10-19", true)
        );
        // an ISO week year over year: the same weekdays of the comparison week
        assert_eq!(
            window("2026-W44", CompareMode::Yoy, "2026-10-28"),
            own("2026-10-26", "2026-10-28", "2025-10-27", "2025-10-29", true)
        );
        // a leap day at the cut end maps to Feb 28
        assert_eq!(
            window("2024-02", CompareMode::Yoy, "2024-02-29"),
            own(
                "2024-02-01",
                "2024-02-29",
                "2023-02-01",
                "2023-02-28",
                false
            )
        );
        assert_eq!(
            window("2024-Q1", CompareMode::Yoy, "2024-02-29"),
            own("2024-01-01", "2024-02-29", "2023-01-01", "2023-02-28", true)
        );
        // closed periods are untouched; future ones are refused
        assert_eq!(
            window("2026-09", CompareMode::Prev, "2026-11-01"),
            own(
                "2026-09-01",
                "2026-09-30",
                "2026-08-01",
                "2026-08-31",
                false
            )
        );
        assert_eq!(
            p("2026-12").window(CompareMode::Prev, Some(d("2026-11-01"))),
            Err(Future {
                data_end: d("2026-11-01")
            })
        );
        assert!(
            !p("2026-12")
                .window(CompareMode::Prev, None)
                .unwrap()
                .running
        );
    }

    #[test]
    fn custom_previous_is_same_length_even_for_a_whole_month() {
        let c = p("2026-10-01..2026-10-31").previous();
        assert_eq!((c.start, c.end), (d("2026-08-31"), d("2026-09-30")));
        let c = p("2026-03-25..2026-04-05").previous();
        assert_eq!((c.start, c.end), (d("2026-03-13"), d("2026-03-24")));
    }
}
