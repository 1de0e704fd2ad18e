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

use crate::app::{Answer, Campaign, Query, TrendKey};
use crate::domain::MetricId;
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
    match caught(|| run(wb, master, q)) {
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

/// `f`'s result, with a panic inside it turned into an error.
fn caught<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|p| Err(anyhow::anyhow!("internal error: {}", panic_text(&*p))))
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
    match caught(|| report::build_for(wb, master, &req, needs)) {
        Ok(r) => Answer::Report(k.clone(), Ok(Arc::new(r))),
        Err(e) => Answer::Report(k.clone(), Err(format!("{e:#}"))),
    }
}

/// The trends of one row of one view, for several metrics at once (see `report::trends`).
fn trends(
    wb: &Workbook,
    master: &Master,
    ts: &[&TrendKey],
) -> Result<Vec<Vec<Option<rust_decimal::Decimal>>>> {
    let Some(t) = ts.first() else {
        return Ok(vec![]);
    };
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
    let metrics: Vec<MetricId> = ts.iter().map(|t| t.metric).collect();
    report::trends(wb, master, &req, row, &metrics, crate::app::TREND_LEN)
}

/// Answers the trend queries among `qs` that share a view and row together, one
/// computation per trailing period for all their metrics (the Overview asks for one
/// trend per card). Other queries, and a trend alone in its group, are left out.
fn shared_trends(wb: &Workbook, master: &Master, qs: &[&Query]) -> Vec<(Query, Answer)> {
    let mut groups: Vec<Vec<&TrendKey>> = Vec::new();
    for q in qs {
        let Query::Trend(t) = q else { continue };
        match groups
            .iter_mut()
            .find(|g| g[0].view == t.view && g[0].row == t.row)
        {
            Some(g) if !g.iter().any(|u| u.metric == t.metric) => g.push(t),
            Some(_) => {}
            None => groups.push(vec![t]),
        }
    }
    let mut out = Vec::new();
    for g in groups.into_iter().filter(|g| g.len() > 1) {
        // On an error each trend is left to run alone, which reports it.
        if let Ok(vs) = caught(|| trends(wb, master, &g)) {
            for (t, v) in g.into_iter().zip(vs) {
                out.push((Query::Trend(t.clone()), Answer::Trend(t.clone(), v)));
            }
        }
    }
    out
}

fn run(wb: &Workbook, master: &Master, q: &Query) -> Result<Answer> {
    Ok(match q {
        Query::Report(k) => {
            // A tab computes only what it needs (see `app::tabs`).
            report_answer(wb, master, k, crate::app::tabs::of(k.panel).needs())
        }
        Query::Trend(t) => {
            let mut v = trends(wb, master, &[t])?;
            Answer::Trend(t.clone(), v.pop().unwrap_or_default())
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
        let live: Vec<&Query> = (0..queries.len())
            .filter(|&i| !superseded(&queries, i, newest))
            .map(|i| &queries[i].1)
            .filter(|q| !cache.iter().any(|(k, _)| k == *q))
            .collect();
        for (q, a) in shared_trends(&wb, &master, &live) {
            remember(&mut cache, q, a);
        }
        for (i, (_, q)) in queries.iter().enumerate() {
            if superseded(&queries, i, newest) {
                notify(Answer::Failed(q.clone(), String::new()));
                continue;
            }
            answer(&wb, &master, &mut cache, q, notify);
        }
        // what the batch read stays in the answers' cache, not in the memo
        wb.forget_memo();
    }
}

/// Whether query `i` of a batch is superseded: of an older view than the newest
/// generation, or a trend of a row the cursor already left (a later trend of the
/// same view and metric for another row). `Latest` never is.
fn superseded(queries: &[(u64, Query)], i: usize, newest: u64) -> bool {
    let (g, q) = &queries[i];
    let left = |t: &crate::app::TrendKey| {
        !t.row.is_empty()
            && queries[i + 1..].iter().any(|(_, l)| {
                matches!(l, Query::Trend(u) if u.view == t.view && u.metric == t.metric && u.row != t.row)
            })
    };
    let old = *g < newest || matches!(q, Query::Trend(t) if left(t));
    old && !matches!(q, Query::Latest)
}

/// Answers one query from the cache, else runs it (after the tab's quicker
/// first answer, if it has one) and caches what is worth keeping.
fn answer(
    wb: &Workbook,
    master: &Master,
    cache: &mut VecDeque<(Query, Answer)>,
    q: &Query,
    notify: &dyn Fn(Answer),
) {
    if let Some(pos) = cache.iter().position(|(k, _)| k == q) {
        let hit = cache.remove(pos).expect("position is valid");
        notify(hit.1.clone());
        cache.push_back(hit);
        return;
    }
    // A tab may want a quicker first answer (the Overview: its cards).
    if let Query::Report(k) = q
        && let Some(first) = crate::app::tabs::of(k.panel).first_needs()
    {
        notify(report_answer(wb, master, k, first));
    }
    let a = execute(wb, master, q);
    let cacheable = !matches!(q, Query::Latest)
        && !matches!(&a, Answer::Failed(..) | Answer::Report(_, Err(_)));
    if cacheable {
        remember(cache, q.clone(), a.clone());
    }
    notify(a);
}

/// Keeps an answer in the cache, dropping the oldest when it is full.
fn remember(cache: &mut VecDeque<(Query, Answer)>, q: Query, a: Answer) {
    if cache.len() >= CACHE {
        cache.pop_front();
    }
    cache.push_back((q, a));
}

/// Answers every query the app needs, synchronously (for `render` and tests).
pub fn fill_sync(wb: &Workbook, master: &Arc<Master>, app: &mut crate::app::App) {
    crate::app::apply(app, Answer::Master(master.clone()));
    for _ in 0..8 {
        let qs = crate::app::needs(app);
        if qs.is_empty() {
            break;
        }
        let shared = shared_trends(wb, master, &qs.iter().collect::<Vec<_>>());
        for q in qs {
            let a = match shared.iter().find(|(k, _)| *k == q) {
                Some((_, a)) => a.clone(),
                None => execute(wb, master, &q),
            };
            crate::app::apply(app, a);
        }
    }
    app.pending.clear();
}
