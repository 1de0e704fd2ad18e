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
use crate::workbook::{Master, Workbook};

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

/// Everything a view of the cockpit asks the worker for (its report, cards'
/// trends, alert list, cohorts …), answered in this thread without a cache.
fn view(
    wb: &Workbook,
    master: &std::sync::Arc<Master>,
    panel: Panel,
    level: Level,
    period: Period,
) {
    let mut app = crate::app::App::new(
        String::new(),
        period,
        crate::domain::Lang::En,
        true,
        crate::app::ColorMode::Never,
    );
    app.tab = Panel::ALL.iter().position(|p| *p == panel).unwrap_or(0);
    app.stacks[app.tab] = vec![crate::app::LevelState {
        level,
        ..crate::app::LevelState::top()
    }];
    crate::worker::fill_sync(wb, master, &mut app);
}

/// Runs the benchmark and returns the printed table.
pub fn run(path: &Path, runs: usize, panels: &[Panel]) -> Result<String> {
    let mut out = String::new();
    let cold = time(runs, || {
        let wb = Workbook::open_read(path)?;
        wb.master()
    })?;
    let wb = Workbook::open_read(path)?;
    let master = std::sync::Arc::new(wb.master()?);
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
    let newest_date = date_of(newest);
    let mut periods: Vec<(&str, Period)> = [
        ("day", Grain::Day),
        ("week", Grain::Week),
        ("month", Grain::Month),
        ("quarter", Grain::Quarter),
        ("year", Grain::Year),
    ]
    .into_iter()
    .map(|(n, g)| (n, Period::containing(g, newest_date)))
    .collect();
    // a custom range across month ends: 45 days ending 10 days before the newest
    let end = newest_date - chrono::Days::new(10);
    if let Some(p) = Period::custom(end - chrono::Days::new(44), end) {
        periods.push(("45 days", p));
    }
    let _ = write!(
        out,
        "\nwhole view (every query the cockpit sends for it)\n{:<12} {:<8}",
        "panel", "level"
    );
    for (n, _) in &periods {
        let _ = write!(out, " {n:>9}");
    }
    let _ = writeln!(out);
    for &panel in panels {
        for level in [Level::Channel, Level::Store, Level::Sku] {
            let _ = write!(out, "{:<12} {:<8}", panel.id(), level.name());
            for (_, period) in &periods {
                let d = time(runs, || {
                    view(&wb, &master, panel, level, *period);
                    Ok(())
                })?;
                let _ = write!(out, " {:>9}", ms(d));
            }
            let _ = writeln!(out);
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
