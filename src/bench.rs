//! `sellerdeck bench WORKBOOK`: how fast the cockpit's refreshes are on a real
//! workbook — the median of a few runs for each panel at each level and grain,
//! a period switch, the trend query and a cold open.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::catalogue::Panel;
use crate::domain::MetricId;
use crate::metrics::engine::{Level, Needs};
use crate::metrics::report::{self, Request};
use crate::period::{CompareMode, Grain, Period};
use crate::util::date_of;
use crate::workbook::Workbook;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

/// Times `f` `runs` times and returns the median.
pub fn time<T>(runs: usize, mut f: impl FnMut() -> Result<T>) -> Result<Duration> {
    let mut v = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        f()?;
        v.push(t.elapsed());
    }
    Ok(median(v))
}

/// Runs the benchmark and returns the printed table.
pub fn run(path: &Path, runs: usize, panels: &[Panel]) -> Result<String> {
    let mut out = String::new();
    let cold = time(runs, || {
        let wb = Workbook::open_read(path)?;
        wb.master()
    })?;
    let wb = Workbook::open_read(path)?;
    let master = wb.master()?;
    let newest = wb.data_range()?.context("the workbook has no data")?.1;
    let orders = wb.order_count()?;
    let _ = writeln!(
        out,
        "{}: {orders} orders, newest {}; median of {runs} runs, milliseconds\n",
        path.display(),
        date_of(newest)
    );
    let _ = writeln!(
        out,
        "cold open (open + reference data)            {:>8}",
        ms(cold)
    );
    let grains = [Grain::Month, Grain::Quarter, Grain::Year];
    let _ = writeln!(
        out,
        "\n{:<12} {:<8} {:>9} {:>9} {:>9}",
        "panel", "level", "month", "quarter", "year"
    );
    for &panel in panels {
        for level in [Level::Channel, Level::Store, Level::Sku] {
            let mut cells = Vec::new();
            for g in grains {
                let req = Request {
                    period: Period::containing(g, date_of(newest)),
                    compare: CompareMode::Prev,
                    level,
                    under: vec![],
                    all_rows: false,
                };
                let d = time(runs, || {
                    report::build_for(&wb, &master, &req, Needs::of_panel(Some(panel)))
                })?;
                cells.push(ms(d));
            }
            let _ = writeln!(
                out,
                "{:<12} {:<8} {:>9} {:>9} {:>9}",
                panel.id(),
                level.name(),
                cells[0],
                cells[1],
                cells[2]
            );
        }
    }
    // A period switch: the growth panel at channel level, stepping back one month each run.
    let mut p = Period::containing(Grain::Month, date_of(newest));
    let switch = time(runs, || {
        p = p.previous();
        let req = Request {
            period: p,
            compare: CompareMode::Prev,
            level: Level::Channel,
            under: vec![],
            all_rows: false,
        };
        report::build_for(&wb, &master, &req, Needs::of_panel(Some(Panel::Growth)))
    })?;
    let _ = writeln!(
        out,
        "\nperiod switch (growth, channel, month)       {:>8}",
        ms(switch)
    );
    let req = Request {
        period: Period::containing(Grain::Month, date_of(newest)),
        compare: CompareMode::Prev,
        level: Level::Channel,
        under: vec![],
        all_rows: false,
    };
    let trend = time(runs, || {
        report::trend(&wb, &master, &req, "", MetricId::Gmv, 36)
    })?;
    let _ = writeln!(
        out,
        "trend: gmv over 36 months                    {:>8}",
        ms(trend)
    );
    Ok(out)
}
