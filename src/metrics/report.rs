//! A report: every catalogue metric for the rows of one drill level in one
//! period, with its comparison value, change, target and attainment, plus the
//! alerts they raise. This is the view-independent result that the cockpit,
//! `report` and `render` all show.

use std::collections::{BTreeMap, HashMap};

use anyhow::{Result, bail};
use rust_decimal::Decimal;

use super::engine::{Engine, Gaps, Level, Needs, RowKey, Scope, UNATTRIBUTED};
use super::parts::Parts;
use crate::catalogue::{
    self, ACQUISITION_PREFIX, CATALOGUE, Direction, Health, MetricDef, MetricId, Thresholds,
};
use crate::domain::Under;
use crate::period::{CompareMode, Grain, Period, Window};
use crate::util::{change, date_of, day_of};
use crate::workbook::query::Target;
use crate::workbook::{Master, Workbook};

#[derive(Debug, Clone)]
pub struct Request {
    pub period: Period,
    pub compare: CompareMode,
    pub level: Level,
    pub under: Vec<String>,
    pub all_rows: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct MetricValue {
    pub value: Option<Decimal>,
    pub compare: Option<Decimal>,
    pub change: Option<Decimal>,
    /// (pro-rated target, attainment) when a target applies.
    pub target: Option<(Decimal, Option<Decimal>)>,
    /// The value still changes: its period ended within `maturity_days` of the data end.
    pub maturing: bool,
    /// The count a ratio or mean is over (rule 18), in P and in the comparison period.
    pub base: Option<(i64, i64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub key: String,
    pub label: String,
    pub path: Vec<String>,
    pub unattributed: bool,
    pub metrics: BTreeMap<String, MetricValue>,
}

impl Row {
    pub fn get(&self, id: MetricId) -> Option<&MetricValue> {
        self.metrics.get(id.as_str())
    }
    pub fn value(&self, id: MetricId) -> Option<Decimal> {
        self.get(id).and_then(|m| m.value)
    }
    /// A value by its key as reports spell it: a catalogue id or a dynamic
    /// `new_by_acquisition.<value>` key.
    pub fn get_key(&self, key: &str) -> Option<&MetricValue> {
        self.metrics.get(key)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    pub path: Vec<String>,
    pub row: String,
    pub metric: MetricId,
    pub value: Option<Decimal>,
    pub rule: String,
    /// Estimated money at stake in base currency (rule 18); lists are sorted by it.
    pub impact: Option<Decimal>,
    /// The base `n` of a ratio or mean.
    pub base: Option<i64>,
    /// The child row whose alert of the same cause explains this one (its path), in
    /// the ranked list across levels; empty when the cause is the row itself.
    pub cause: Vec<String>,
    /// The row's other metrics alerting for the same cause (`acos` for a `roas` alert).
    pub also: Vec<MetricId>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub base_currency: String,
    /// The period as named (`2026-Q4`).
    pub period: Period,
    /// The dates computed: the period cut to the data end while it runs (rule 13).
    pub span: Period,
    /// The period runs past the data end, and both periods are cut.
    pub running: bool,
    /// Until which date the maturing metrics of this period still change (rule 18).
    pub maturing_until: Option<chrono::NaiveDate>,
    pub compare_mode: CompareMode,
    pub compare: Period,
    pub level: Level,
    pub under: Vec<String>,
    pub total: Row,
    pub rows: Vec<Row>,
    pub alerts: Vec<Alert>,
    pub warnings: Vec<String>,
    pub missing_costs: Vec<String>,
    /// External KPIs (metrics.csv) in scope: newest value in P and in the comparison period.
    pub external: Vec<External>,
}

/// One external time series (brand search volume, followers ...) for the report period.
#[derive(Debug, Clone, PartialEq)]
pub struct External {
    pub metric: String,
    pub level: String,
    pub key: String,
    /// (date, value) of the newest point dated in P / in the comparison period.
    pub value: Option<(chrono::NaiveDate, Decimal)>,
    pub compare: Option<(chrono::NaiveDate, Decimal)>,
    /// (target, attainment) from targets.csv for this period, level and key.
    pub target: Option<(Decimal, Option<Decimal>)>,
    /// Health by the `threshold.<metric>` setting, when one is set.
    pub health: Option<Health>,
}

impl External {
    pub fn change(&self) -> Option<Decimal> {
        change(self.value.map(|v| v.1), self.compare.map(|v| v.1))
    }
}

/// The newest point of every external series in each period (the scope's own level
/// and key only: total without `--under`, else the channel or store it names).
fn externals(wb: &Workbook, master: &Master, req: &Request, cmp: &Period) -> Result<Vec<External>> {
    let (lvl, key) = Under::of(&req.under).node();
    type Series = BTreeMap<(String, String, String), (chrono::NaiveDate, Decimal)>;
    let newest = |p: &Period| -> Result<Series> {
        let mut m = BTreeMap::new();
        for e in wb.external_metrics(day_of(p.start), day_of(p.end))? {
            if e.level != lvl || e.key != key {
                continue;
            }
            if let Some(v) = crate::util::parse_plain_decimal(&e.value) {
                m.insert((e.metric, e.level, e.key), (date_of(e.day), v)); // ordered by day: the last wins
            }
        }
        Ok(m)
    };
    let (cur, prev) = (newest(&req.period)?, newest(cmp)?);
    let targets = if req.period.grain == Grain::Custom {
        vec![]
    } else {
        wb.targets(&req.period.label())?
    };
    let mut keys: Vec<&(String, String, String)> = cur.keys().chain(prev.keys()).collect();
    keys.sort();
    keys.dedup();
    Ok(keys
        .into_iter()
        .map(|k| {
            let value = cur.get(k).copied();
            let th = master
                .thresholds
                .iter()
                .find(|(id, _)| *id == k.0)
                .and_then(|(_, v)| catalogue::external_thresholds(v));
            let target = targets
                .iter()
                .find(|t| t.metric == k.0 && t.level == k.1 && t.key == k.2)
                .and_then(|t| crate::util::parse_plain_decimal(&t.target))
                .map(|goal| {
                    // attainment the way the thresholds point (higher is better by default)
                    let lower = matches!(th, Some(Thresholds::Lower { .. }));
                    let v = value.map(|v| v.1);
                    let att = if lower {
                        crate::util::div(Some(goal), v)
                    } else {
                        crate::util::div(v, Some(goal))
                    };
                    (goal, att)
                });
            External {
                metric: k.0.clone(),
                level: k.1.clone(),
                key: k.2.clone(),
                value,
                compare: prev.get(k).copied(),
                target,
                health: th.zip(value).map(|(t, v)| t.health(v.1)),
            }
        })
        .collect())
}

/// Resolves an `--under` path (`Amazon`, `Amazon/AMZ-US`, or a bare store id) against the master data.
pub fn resolve_under(master: &Master, path: &str) -> Result<Vec<String>> {
    let parts: Vec<&str> = path
        .split('/')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    match parts.as_slice() {
        [] => Ok(vec![]),
        [one] => {
            if let Some(ch) = master
                .channels()
                .into_iter()
                .find(|c| c.eq_ignore_ascii_case(one))
            {
                return Ok(vec![ch]);
            }
            if let Some(s) = master
                .stores
                .iter()
                .find(|s| s.store_id.eq_ignore_ascii_case(one))
            {
                return Ok(vec![s.channel.clone(), s.store_id.clone()]);
            }
            bail!(
                "--under {path}: no channel or store of that name (channels: {})",
                master.channels().join(", ")
            )
        }
        [ch, st] => match master
            .stores
            .iter()
            .find(|s| s.store_id.eq_ignore_ascii_case(st) && s.channel.eq_ignore_ascii_case(ch))
        {
            Some(s) => Ok(vec![s.channel.clone(), s.store_id.clone()]),
            None => bail!("--under {path}: no store {st} in channel {ch}"),
        },
        _ => bail!("--under {path}: a path is CHANNEL or CHANNEL/STORE"),
    }
}

/// The level a scope lists by default: below the scope node.
pub fn check_level(level: Level, under: &[String]) -> Result<()> {
    if !Under::of(under).lists(level) {
        bail!(
            "--level {} cannot be listed under {}: choose a level below it",
            level.name(),
            under.join("/")
        );
    }
    Ok(())
}

pub(crate) fn thresholds_of(master: &Master, m: &MetricDef) -> Option<Thresholds> {
    master
        .thresholds
        .iter()
        .find(|(id, _)| id == m.id.as_str())
        .and_then(|(_, v)| Thresholds::parse_override(v, m.dir))
        .or(m.thresholds)
}

pub fn health(master: &Master, m: &MetricDef, v: Option<Decimal>) -> Option<Health> {
    Some(thresholds_of(master, m)?.health(v?))
}

/// The report with every metric of the catalogue.
pub fn build(wb: &Workbook, master: &Master, req: &Request) -> Result<Report> {
    build_for(wb, master, req, Needs::ALL)
}

/// The report with the metrics whose facts `needs` covers (a panel's refresh);
/// the others are left out of the rows, never shown with partial data.
pub fn build_for(wb: &Workbook, master: &Master, req: &Request, needs: Needs) -> Result<Report> {
    check_level(req.level, &req.under)?;
    let win = window(master, req)?;
    let cmp = win.cmp;
    let scope = Scope {
        level: req.level,
        under: req.under.clone(),
    };
    let mut engine = Engine::new(wb, master, scope);
    engine.needs = needs;
    let cur = engine.compute(&win.cur, Some(&cmp))?;
    let prev = engine.compute(&cmp, None)?;
    let maturing = maturing_until(master, &win);
    let targets = if req.period.grain == Grain::Custom {
        vec![]
    } else {
        wb.targets(&req.period.label())?
    };
    let rb = RowBuilder::new(master, req, needs, [&cur, &prev], &targets, &win, maturing);

    let mut total = rb.row(&RowKey::Total, total_target(req));
    total.key = match req.under.last() {
        Some(k) => k.clone(),
        None => "(total)".into(),
    };
    let mut rows: Vec<Row> = drill_keys(master, req, &cur, &prev)
        .iter()
        .map(|k| rb.row(k, drill_target(req, k)))
        .collect();
    // Biggest first by gmv; (unattributed) last.
    rows.sort_by(|a, b| {
        a.unattributed
            .cmp(&b.unattributed)
            .then_with(|| b.value(MetricId::Gmv).cmp(&a.value(MetricId::Gmv)))
            .then_with(|| a.key.cmp(&b.key))
    });

    let ctx = super::alerts::Context::new(master, win.cur.days(), req.level);
    let alerts = super::alerts::of_rows(master, &ctx, std::iter::once(&total).chain(rows.iter()));
    let (warnings, missing_costs) = gap_warnings(&engine.gaps);
    Ok(Report {
        base_currency: master.base_currency.clone(),
        period: req.period,
        span: win.cur,
        running: win.running,
        maturing_until: maturing,
        compare_mode: req.compare,
        compare: cmp,
        level: req.level,
        under: req.under.clone(),
        total,
        rows,
        alerts,
        warnings,
        missing_costs,
        external: externals(wb, master, req, &cmp)?,
    })
}

/// The (level, key) the total (scope) row's targets are set for.
fn total_target(req: &Request) -> Option<(&'static str, &str)> {
    Some(Under::of(&req.under).node())
}

/// The (level, key) a drill row's targets are set for (SKU targets: unscoped only).
fn drill_target<'k>(req: &Request, k: &'k RowKey) -> Option<(&'static str, &'k str)> {
    match (k, req.level) {
        (RowKey::Entity(e), Level::Channel) => Some(("channel", e.as_str())),
        (RowKey::Entity(e), Level::Store) => Some(("store", e.as_str())),
        (RowKey::Entity(e), Level::Sku) if req.under.is_empty() => Some(("sku", e.as_str())),
        _ => None,
    }
}

/// Drill rows: rule 4 (non-zero additive metric now or then) or every entity with --all-rows.
fn drill_keys(
    master: &Master,
    req: &Request,
    cur: &HashMap<RowKey, Parts>,
    prev: &HashMap<RowKey, Parts>,
) -> Vec<RowKey> {
    if req.level == Level::Total {
        return Vec::new();
    }
    let sku_level = req.level == Level::Sku;
    let empty = Parts::default();
    let mut seen: Vec<RowKey> = cur
        .keys()
        .chain(prev.keys())
        .filter(|k| **k != RowKey::Total)
        .cloned()
        .collect();
    if req.all_rows {
        seen.extend(entities(master, req).into_iter().map(RowKey::Entity));
    }
    seen.sort();
    seen.dedup();
    seen.retain(|k| {
        req.all_rows && *k != RowKey::Unattributed || {
            let a = cur.get(k).unwrap_or(&empty);
            let b = prev.get(k).unwrap_or(&empty);
            nonzero(a, sku_level) || nonzero(b, sku_level)
        }
    });
    seen
}

/// The user-facing lines for the engine's gaps, and the SKUs without a cost.
fn gap_warnings(gaps: &Gaps) -> (Vec<String>, Vec<String>) {
    let mut warnings = Vec::new();
    for (c, days) in &gaps.fx {
        let (first, last) = (days.first().unwrap(), days.last().unwrap());
        warnings.push(if first == last {
            format!("no FX rate for {c} on or before {}", date_of(*first))
        } else {
            format!(
                "no FX rate for {c} on or before {} ({} days up to {})",
                date_of(*first),
                days.len(),
                date_of(*last)
            )
        });
    }
    let missing_costs: Vec<String> = gaps.missing_costs.iter().cloned().collect();
    if !missing_costs.is_empty() {
        warnings.push(format!(
            "{} SKU{} sold or stocked without a cost: {}",
            missing_costs.len(),
            if missing_costs.len() == 1 { "" } else { "s" },
            missing_costs.join(", ")
        ));
    }
    (warnings, missing_costs)
}

/// A metric undefined on a row whatever its parts say (the catalogue's `sku_only`
/// and `not_on_skus`).
fn undefined_on(m: &MetricDef, sku_row: bool) -> bool {
    (m.sku_only && !sku_row) || (m.not_on_skus && sku_row)
}

/// Makes the rows of one report from the engine's parts of both periods.
struct RowBuilder<'r> {
    master: &'r Master,
    req: &'r Request,
    needs: Needs,
    sku_level: bool,
    cur: &'r HashMap<RowKey, Parts>,
    prev: &'r HashMap<RowKey, Parts>,
    /// A row without facts in a period still has its share of the scope (0 of it).
    idle: [Parts; 2],
    empty: Parts,
    /// Acquisition values seen anywhere (dynamic metrics).
    acquisitions: Vec<String>,
    targets: &'r [Target],
    /// target pace (rule 13): elapsed days of the cut period / days of the whole one
    pace: Decimal,
    maturing: bool,
}

impl<'r> RowBuilder<'r> {
    fn new(
        master: &'r Master,
        req: &'r Request,
        needs: Needs,
        [cur, prev]: [&'r HashMap<RowKey, Parts>; 2],
        targets: &'r [Target],
        win: &Window,
        maturing: Option<chrono::NaiveDate>,
    ) -> RowBuilder<'r> {
        let mut acquisitions: Vec<String> = if !needs.new_customers {
            vec![]
        } else {
            cur.values()
                .chain(prev.values())
                .flat_map(|p| p.new_by_acquisition.keys().cloned())
                .collect()
        };
        acquisitions.sort();
        acquisitions.dedup();
        let idle_in = |set: &HashMap<RowKey, Parts>| Parts {
            scope: set.get(&RowKey::Total).cloned().map(std::sync::Arc::new),
            ..Parts::default()
        };
        RowBuilder {
            master,
            req,
            needs,
            sku_level: req.level == Level::Sku,
            cur,
            prev,
            idle: [idle_in(cur), idle_in(prev)],
            empty: Parts::default(),
            acquisitions,
            targets,
            pace: Decimal::from(win.cur.days()) / Decimal::from(win.period.days()),
            maturing: maturing.is_some(),
        }
    }

    fn row(&self, key: &RowKey, target_level: Option<(&str, &str)>) -> Row {
        let unattributed = *key == RowKey::Unattributed;
        let total = *key == RowKey::Total;
        let pc = self
            .cur
            .get(key)
            .unwrap_or(if total { &self.empty } else { &self.idle[0] });
        let pp = self
            .prev
            .get(key)
            .unwrap_or(if total { &self.empty } else { &self.idle[1] });
        let sku_row = self.sku_level && matches!(key, RowKey::Entity(_));
        let mut metrics = BTreeMap::new();
        for m in CATALOGUE.iter().filter(|m| self.needs.covers(m.reads)) {
            let keep = !unattributed || m.is_additive_at(self.sku_level);
            let (v, c) = if keep && !undefined_on(m, sku_row) {
                ((m.calc)(pc), (m.calc)(pp))
            } else {
                (None, None)
            };
            metrics.insert(
                m.id.to_string(),
                self.value(m, [v, c], [pc, pp], target_level),
            );
        }
        // Not additive at SKU level: the (unattributed) SKU row has none.
        let shown = !(self.sku_level && unattributed);
        for a in &self.acquisitions {
            let count = |p: &Parts| Decimal::from(*p.new_by_acquisition.get(a).unwrap_or(&0));
            let v = shown.then(|| count(pc));
            let c = shown.then(|| count(pp));
            metrics.insert(
                format!("{ACQUISITION_PREFIX}{a}"),
                MetricValue {
                    value: v,
                    compare: c,
                    change: change(v, c),
                    target: None,
                    maturing: false,
                    base: None,
                },
            );
        }
        let (label, path) = describe(self.master, self.req, key);
        Row {
            key: key.as_str().to_string(),
            label,
            path,
            unattributed,
            metrics,
        }
    }

    /// One metric's value on a row: (value, comparison) and the parts they are of.
    fn value(
        &self,
        m: &MetricDef,
        [v, c]: [Option<Decimal>; 2],
        [pc, pp]: [&Parts; 2],
        target_level: Option<(&str, &str)>,
    ) -> MetricValue {
        let (c, ch) = if !m.compared {
            (None, None)
        } else {
            (c, change(v, c))
        };
        MetricValue {
            value: v,
            compare: c,
            change: ch,
            target: target_level.and_then(|(lvl, k)| self.target(m, v, lvl, k)),
            maturing: self.maturing && m.matures(),
            base: m.base.map(|b| (b(pc), b(pp))),
        }
    }

    /// (pro-rated target, attainment) of a metric's value at (level, key), if set.
    fn target(
        &self,
        m: &MetricDef,
        v: Option<Decimal>,
        lvl: &str,
        k: &str,
    ) -> Option<(Decimal, Option<Decimal>)> {
        let t = self
            .targets
            .iter()
            .find(|t| t.metric == m.id.as_str() && t.level == lvl && t.key == k)?;
        let mut goal: Decimal = crate::util::parse_plain_decimal(&t.target)?;
        if m.is_additive_at(lvl == "sku") {
            goal *= self.pace;
        }
        let att = match m.dir {
            Direction::Up => crate::util::div(v, Some(goal)),
            Direction::Down => crate::util::div(Some(goal), v),
            Direction::Neutral => None,
        };
        Some((goal, att))
    }
}

/// The request's window (rule 13); a period that starts after the data end is refused.
pub fn window(master: &Master, req: &Request) -> Result<Window> {
    req.period
        .window(req.compare, master.data_end())
        .map_err(|f| {
            anyhow::anyhow!(
                "{} starts after the data end {}: there is nothing to report yet",
                req.period.label(),
                f.data_end
            )
        })
}

/// The date until which a window's maturing metrics still change, when it ends
/// within `maturity_days` of the data end (kpi-spec rule 18).
pub fn maturing_until(master: &Master, win: &Window) -> Option<chrono::NaiveDate> {
    let until = win.cur.end + chrono::Duration::days(master.maturity_days);
    master.data_end().filter(|end| *end < until).map(|_| until)
}

fn nonzero(p: &Parts, sku_level: bool) -> bool {
    CATALOGUE
        .iter()
        .filter(|m| m.is_additive_at(sku_level))
        .any(|m| (m.calc)(p).is_some_and(|v| !v.is_zero()))
        || (!sku_level && p.new_by_acquisition.values().any(|n| *n != 0))
}

/// Every entity of the master data in scope at the request's level.
fn entities(master: &Master, req: &Request) -> Vec<String> {
    let under = Under::of(&req.under);
    let stores = master
        .stores
        .iter()
        .filter(|s| under.has_store(&s.channel, &s.store_id));
    match req.level {
        Level::Total => vec![],
        Level::Channel => master.channels(),
        Level::Store => stores.map(|s| s.store_id.clone()).collect(),
        Level::Sku => master.skus.iter().map(|s| s.sku.clone()).collect(),
    }
}

fn describe(master: &Master, req: &Request, key: &RowKey) -> (String, Vec<String>) {
    match key {
        RowKey::Total => {
            let label = match Under::of(&req.under) {
                Under::All => "All".to_string(),
                Under::Channel(ch) => ch.to_string(),
                Under::Store { store, .. } => master
                    .store(store)
                    .map_or(store.to_string(), |s| s.name.clone()),
            };
            (label, req.under.clone())
        }
        RowKey::Unattributed => (UNATTRIBUTED.into(), vec![UNATTRIBUTED.into()]),
        RowKey::Entity(e) => match req.level {
            Level::Channel => (e.clone(), vec![e.clone()]),
            Level::Store => {
                let s = master.store(e);
                (
                    s.map(|s| s.name.clone()).unwrap_or(e.clone()),
                    vec![s.map(|s| s.channel.clone()).unwrap_or_default(), e.clone()],
                )
            }
            _ => {
                let title = master
                    .sku(e)
                    .map(|s| s.title.clone())
                    .filter(|t| !t.is_empty())
                    .unwrap_or(e.clone());
                let mut path = req.under.clone();
                path.push(e.clone());
                (title, path)
            }
        },
    }
}

/// Sparkline/trend values: one metric of one row over the trailing `n` periods.
pub fn trend(
    wb: &Workbook,
    master: &Master,
    req: &Request,
    row_key: &str,
    metric: MetricId,
    n: usize,
) -> Result<Vec<Option<Decimal>>> {
    let mut v = trends(wb, master, req, row_key, &[metric], n)?;
    Ok(v.pop().unwrap_or_default())
}

/// The trends of several metrics of one row, one per metric in `metrics`' order:
/// each trailing period is computed once, for the union of what the metrics read
/// (the Overview's cards share their periods).
pub fn trends(
    wb: &Workbook,
    master: &Master,
    req: &Request,
    row_key: &str,
    metrics: &[MetricId],
    n: usize,
) -> Result<Vec<Vec<Option<Decimal>>>> {
    let mut out = vec![Vec::with_capacity(n); metrics.len()];
    let scope = Scope {
        level: req.level,
        under: req.under.clone(),
    };
    let mut engine = Engine::new(wb, master, scope);
    engine.needs = metrics
        .iter()
        .fold(Needs::NONE, |acc, m| acc.union(m.def().reads));
    let key = if row_key.is_empty() {
        RowKey::Total
    } else if row_key == UNATTRIBUTED {
        RowKey::Unattributed
    } else {
        RowKey::Entity(row_key.to_string())
    };
    for p in req.period.trailing(n) {
        // a running period is cut at the data end; one after it has no value
        let Ok(w) = p.window(req.compare, master.data_end()) else {
            out.iter_mut().for_each(|v| v.push(None));
            continue;
        };
        let rows: HashMap<RowKey, Parts> = engine.compute(&w.cur, None)?;
        let none = Parts::default();
        let parts = rows.get(&key).unwrap_or(&none);
        for (v, m) in out.iter_mut().zip(metrics) {
            v.push((m.def().calc)(parts));
        }
    }
    Ok(out)
}
