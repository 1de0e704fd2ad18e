//! The query worker: one thread owns the read-only workbook, runs the app's
//! queries in order, drops the ones a newer view has superseded, keeps a
//! small LRU cache of answers, and polls `data_version` for live reload.
//! The UI thread never waits on it.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Result;
use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};

use crate::app::{Answer, Campaign, Query};
use crate::catalogue::Panel;
use crate::metrics::engine::Needs;
use crate::metrics::report::{self, Request as ReportRequest};
use crate::metrics::{cohorts, engine::Level};
use crate::util::{day_of, micro_to_dec};
use crate::workbook::{Master, Workbook};

/// A message to the worker.
#[derive(Debug, Clone)]
pub enum Request {
    /// A query of the app at a generation.
    Query(u64, Query),
    /// Drop the caches and read the master data again.
    Reload,
}

const CACHE: usize = 48;
const POLL: Duration = Duration::from_secs(2);

/// The worker thread's name (the cockpit's panic hook leaves its panics to it).
pub const THREAD: &str = "sellerdeck-worker";

/// Runs one query against the workbook (also used synchronously by `render`).
/// A panic inside becomes an error answer: the cockpit shows it and stays usable.
pub fn execute(wb: &Workbook, master: &Master, q: &Query) -> Answer {
    let res = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(wb, master, q)))
        .unwrap_or_else(|p| Err(anyhow::anyhow!("internal error: {}", panic_text(&*p))));
    match res {
        Ok(a) => a,
        Err(e) => match q {
            Query::Report(k) => Answer::Report(k.clone(), Err(format!("{e:#}"))),
            _ => Answer::Failed(q.clone(), format!("{e:#}")),
        },
    }
}

/// The message of a panic's payload.
pub fn panic_text(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "a panic".into())
}

/// A report of the view `k` with the metrics `needs` covers.
fn report_answer(wb: &Workbook, master: &Master, k: &crate::app::ViewKey, needs: Needs) -> Answer {
    let req = ReportRequest {
        period: k.period,
        compare: k.compare,
        level: k.level,
        under: k.under.clone(),
        all_rows: false,
    };
    let res = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        report::build_for(wb, master, &req, needs)
    }))
    .unwrap_or_else(|p| Err(anyhow::anyhow!("internal error: {}", panic_text(&*p))));
    match res {
        Ok(r) => Answer::Report(k.clone(), Ok(Arc::new(r))),
        Err(e) => Answer::Report(k.clone(), Err(format!("{e:#}"))),
    }
}

fn run(wb: &Workbook, master: &Master, q: &Query) -> Result<Answer> {
    Ok(match q {
        Query::Report(k) => {
            // A panel computes only what its metrics need; the overview everything but
            // the customer metrics (which read the period's orders), so its alert list
            // covers every other metric.
            // A panel computes only what its metrics need; the overview what the
            // ranked alert list covers (the list itself is its own query).
            let needs = match k.panel {
                Panel::Overview => crate::metrics::alerts::NEEDS,
                p => Needs::of_panel(Some(p)),
            };
            report_answer(wb, master, k, needs)
        }
        Query::Trend(t) => {
            // The total row is computed at the total level: cheaper and the same numbers.
            let (level, row) = if t.row.is_empty() {
                (Level::Total, "")
            } else {
                (t.view.level, t.row.as_str())
            };
            let req = ReportRequest {
                period: t.view.period,
                compare: t.view.compare,
                level,
                under: t.view.under.clone(),
                all_rows: false,
            };
            let v = report::trend(wb, master, &req, row, t.metric, crate::app::TREND_LEN)?;
            Answer::Trend(t.clone(), v)
        }
        Query::Cohorts { end, under } => {
            let c = cohorts::cohorts(wb, master, end.end, under)?;
            Answer::Cohorts(q.clone(), Arc::new(c))
        }
        Query::Campaigns { store, period } => {
            let rows = wb.campaigns(store, day_of(period.start), day_of(period.end))?;
            let v = rows
                .into_iter()
                .map(|c| Campaign {
                    name: c.campaign,
                    spend: micro_to_dec(c.spend),
                    ad_sales: micro_to_dec(c.ad_sales),
                    spend_with_sales: micro_to_dec(c.spend_with_sales),
                    clicks: c.clicks,
                    impressions: c.impressions,
                })
                .collect();
            Answer::Campaigns(q.clone(), Arc::new(v))
        }
        Query::Alerts {
            period,
            compare,
            under,
        } => {
            let v = crate::metrics::alerts::ranked(wb, master, *period, *compare, under)?;
            Answer::Alerts(q.clone(), Arc::new(v))
        }
        Query::Actions {
            kind,
            period,
            compare,
            under,
        } => {
            let l = crate::metrics::actions::list(wb, master, *kind, *period, *compare, under)?;
            Answer::Actions(q.clone(), Arc::new(l))
        }
        Query::Latest => Answer::Latest(wb.data_range()?.map(|r| r.1)),
    })
}

/// Starts the worker on `path`; answers go to `notify`. The thread ends when
/// the returned sender is dropped.
pub fn spawn(path: PathBuf, notify: impl Fn(Answer) + Send + 'static) -> Result<Sender<Request>> {
    let wb = Workbook::open_read(&path)?;
    let (tx, rx) = crossbeam_channel::unbounded();
    std::thread::Builder::new()
        .name(THREAD.into())
        .spawn(move || {
            // Queries catch their own panics; this catches the rest (master data, polling).
            let res = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                worker(&path, wb, rx, &notify)
            }))
            .unwrap_or_else(|p| Err(anyhow::anyhow!("internal error: {}", panic_text(&*p))));
            if let Err(e) = res {
                notify(Answer::Failed(Query::Latest, format!("worker: {e:#}")));
            }
        })?;
    Ok(tx)
}

fn worker(
    _path: &Path,
    wb: Workbook,
    rx: Receiver<Request>,
    notify: &dyn Fn(Answer),
) -> Result<()> {
    let mut master = Arc::new(wb.master()?);
    notify(Answer::Master(master.clone()));
    let mut version = wb.data_version()?;
    let mut last_poll = Instant::now();
    let mut cache: VecDeque<(Query, Answer)> = VecDeque::new();
    loop {
        let first = match rx.recv_timeout(POLL) {
            Ok(r) => Some(r),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        };
        if last_poll.elapsed() >= POLL {
            last_poll = Instant::now();
            let v = wb.data_version()?;
            if v != version {
                version = v;
                cache.clear();
                master = Arc::new(wb.master()?);
                notify(Answer::Master(master.clone()));
                notify(Answer::DataChanged);
            }
        }
        let Some(first) = first else { continue };
        let mut batch = vec![first];
        batch.extend(rx.try_iter());
        let newest = batch
            .iter()
            .filter_map(|r| match r {
                Request::Query(g, _) => Some(*g),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        let queries: Vec<(u64, Query)> = batch
            .into_iter()
            .filter_map(|r| match r {
                Request::Query(g, q) => Some((g, q)),
                Request::Reload => {
                    cache.clear();
                    if let Ok(m) = wb.master() {
                        master = Arc::new(m);
                        notify(Answer::Master(master.clone()));
                    }
                    None
                }
            })
            .collect();
        for (i, (g, q)) in queries.iter().enumerate() {
            // Superseded: an older view, or a trend of a row the cursor already left.
            let superseded = *g < newest
                || matches!(q, Query::Trend(t) if queries[i + 1..].iter().any(|(_, l)| matches!(l,
                    Query::Trend(u) if u.view == t.view && u.metric == t.metric && u.row != t.row && !t.row.is_empty())));
            if superseded && !matches!(q, Query::Latest) {
                notify(Answer::Failed(q.clone(), String::new()));
                continue;
            }
            if let Some(pos) = cache.iter().position(|(k, _)| k == q) {
                let hit = cache.remove(pos).expect("position is valid");
                notify(hit.1.clone());
                cache.push_back(hit);
                continue;
            }
            if let Query::Report(k) = q
                && k.panel == Panel::Overview
            {
                // The cards first (their own metrics only: fast on any workbook),
                // then the same view again with every alert.
                notify(report_answer(
                    &wb,
                    &master,
                    k,
                    Needs::of_panel(Some(Panel::Overview)),
                ));
            }
            let a = execute(&wb, &master, q);
            let cacheable = !matches!(q, Query::Latest)
                && !matches!(&a, Answer::Failed(..) | Answer::Report(_, Err(_)));
            if cacheable {
                if cache.len() >= CACHE {
                    cache.pop_front();
                }
                cache.push_back((q.clone(), a.clone()));
            }
            notify(a);
        }
    }
}

/// Answers every query the app needs, synchronously (for `render` and tests).
pub fn fill_sync(wb: &Workbook, master: &Arc<Master>, app: &mut crate::app::App) {
    crate::app::apply(app, Answer::Master(master.clone()));
    for _ in 0..8 {
        let qs = crate::app::needs(app);
        if qs.is_empty() {
            break;
        }
        for q in qs {
            let a = execute(wb, master, &q);
            crate::app::apply(app, a);
        }
    }
    app.pending.clear();
}
