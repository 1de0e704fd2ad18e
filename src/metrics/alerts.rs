//! Alerts a seller can act on (kpi-spec rule 18): the spec's three alert rules over
//! report rows, with enough base, a change that matters and no maturing values; one
//! alert per cause on a row; each with its money at stake; and the ranked list across
//! every level of a scope, where an alert whose cause is one child row is shown once,
//! at the parent, naming the child's path.

use std::collections::BTreeMap;

use anyhow::Result;
use rust_decimal::Decimal;

use super::engine::{Level, Needs};
use super::report::{self, Alert, Report, Request, Row};
use crate::catalogue::{self, CATALOGUE, Direction, Health, Impact, MetricDef, Thresholds, Unit};
use crate::domain::MetricId;
use crate::period::{CompareMode, Period};
use crate::workbook::{Master, Workbook};

/// The metrics the ranked list covers: all but the customer metrics, which read every
/// order of the period (the same in the cockpit and `report --alerts`). Nor the
/// acquisition mix of new customers: no catalogue metric reads it (its rows are the
/// Customers tab's), and it would cost a pass over the customer index per report.
pub const NEEDS: Needs = Needs {
    customers: false,
    customer_gmv: false,
    new_customers: false,
    retention: false,
    ..Needs::ALL
};

/// Default yearly carrying cost of stock, as a share of its value (setting
/// `alert.carrying_cost`): storage, capital and shrinkage.
pub const CARRYING_COST: Decimal = Decimal::from_parts(25, 0, 0, false, 2);

/// Default least money at stake of an alert: 0.1% of the scope's net sales.
pub const MIN_IMPACT: Decimal = Decimal::from_parts(1, 0, 0, false, 3);

/// What the alert rules need besides the rows.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    pub min_base: i64,
    /// Days of the (cut) period: the carrying cost of overstock is over them.
    pub days: i64,
    pub carrying_cost: Decimal,
    /// A SKU row raises only alerts with money at stake.
    pub sku_rows: bool,
    /// The least money at stake an alert needs, as a share of the scope's net sales
    /// (setting `alert.min_impact`).
    pub min_impact: Decimal,
    /// The net sales that share is of; `None`: the first row's (the report's scope).
    pub scope_net_sales: Option<Decimal>,
    /// The gmv per order an order at stake is worth on a row without orders (a
    /// listing with sessions and no sale): the scope's.
    pub aov: Option<Decimal>,
}

impl Context {
    pub fn new(master: &Master, days: i64, level: Level) -> Context {
        Context {
            min_base: master.min_base,
            days,
            carrying_cost: master
                .setting_decimal("alert.carrying_cost")
                .unwrap_or(CARRYING_COST),
            sku_rows: level == Level::Sku,
            min_impact: master
                .setting_decimal("alert.min_impact")
                .unwrap_or(MIN_IMPACT),
            scope_net_sales: None,
            aov: None,
        }
    }
}

/// The alerts of `rows` (the scope row first): every rule-18 alert of a row, one per
/// cause (the one with the most money at stake, naming the others in `also`), sorted
/// by money at stake, biggest first.
pub fn of_rows<'a>(
    master: &Master,
    ctx: &Context,
    rows: impl Iterator<Item = &'a Row>,
) -> Vec<Alert> {
    let mut ctx = *ctx;
    let ctx = &mut ctx;
    let mut out = Vec::new();
    let mut scope_net_sales = None;
    let mut first = true;
    for row in rows {
        if first {
            scope_net_sales = ctx.scope_net_sales.or(row.value(MetricId::NetSales));
            ctx.aov = ctx.aov.or(row.value(MetricId::Aov));
        }
        let sku_row = ctx.sku_rows && !first;
        first = false;
        if row.unattributed {
            continue;
        }
        let floor = scope_net_sales.map(|ns| ns.abs() * ctx.min_impact);
        let raw = row_alerts(master, ctx, row, scope_net_sales);
        out.extend(
            one_per_cause(raw, sku_row)
                .into_iter()
                .filter(|a| a.impact.is_none_or(|i| floor.is_none_or(|f| i >= f))),
        );
    }
    sort(&mut out);
    out
}

fn sort(v: &mut [Alert]) {
    v.sort_by(|a, b| {
        b.impact
            .cmp(&a.impact)
            .then_with(|| a.path.cmp(&b.path))
            .then_with(|| a.metric.as_str().cmp(b.metric.as_str()))
    });
}

/// Every alert of one row, before grouping by cause.
fn row_alerts(
    master: &Master,
    ctx: &Context,
    row: &Row,
    scope_net_sales: Option<Decimal>,
) -> Vec<Alert> {
    let mut out = Vec::new();
    let limit = Decimal::new(3, 1);
    let enough = |n: i64| n >= ctx.min_base;
    for m in CATALOGUE {
        let Some(mv) = row.get(m.id) else {
            continue;
        };
        let based_now = mv.base.is_none_or(|(n, _)| enough(n));
        let based_both = mv.base.is_none_or(|(n, c)| enough(n) && enough(c));
        let mut push = |rule: String, impact: Option<Decimal>| {
            out.push(Alert {
                path: row.path.clone(),
                row: row.key.clone(),
                metric: m.id,
                value: mv.value,
                rule,
                impact,
                base: mv.base.map(|b| b.0),
                cause: vec![],
                also: vec![],
            })
        };
        if let (Some(th), Some(v)) = (report::thresholds_of(master, m), mv.value)
            && !mv.maturing
            && based_now
            && th.health(v) == Health::Bad
        {
            push(th.bad_rule(m.unit), band_impact(ctx, row, m, &th, v));
        }
        if let Some((goal, Some(att))) = mv.target
            && att < Decimal::new(9, 1)
        {
            let gap = mv.value.map(|v| (goal - v).abs());
            push(
                format!(
                    "misses target pace by {}",
                    crate::format::plain(Some(Decimal::ONE - att), Unit::Percent)
                ),
                gap.and_then(|g| money_of(ctx, row, m, g)),
            );
        }
        if let (Some(ch), Some(v), Some(c)) = (mv.change, mv.value, mv.compare)
            && !mv.maturing
            && based_both
            && matters(m, (v - c).abs(), scope_net_sales, ctx.min_base)
        {
            let against = match m.dir {
                Direction::Up => ch < -limit,
                Direction::Down => ch > limit,
                Direction::Neutral => false,
            };
            if against {
                push(
                    format!("moved {} vs comparison", crate::format::signed_pct(ch)),
                    money_of(ctx, row, m, (v - c).abs()),
                );
            }
        }
    }
    out
}

/// One alert per cause of a row: the one with the most money at stake; the other
/// metrics of that cause are named in `also`. A SKU row keeps only alerts with money.
fn one_per_cause(raw: Vec<Alert>, sku_row: bool) -> Vec<Alert> {
    let mut by_cause: BTreeMap<&str, Vec<&Alert>> = BTreeMap::new();
    for a in &raw {
        by_cause
            .entry(a.metric.def().cause_key())
            .or_default()
            .push(a);
    }
    let mut out = Vec::new();
    for (_, group) in by_cause {
        let Some(best) = group.iter().max_by(|a, b| {
            a.impact
                .cmp(&b.impact)
                .then_with(|| b.metric.as_str().cmp(a.metric.as_str()))
        }) else {
            continue;
        };
        if sku_row && best.impact.is_none() {
            continue;
        }
        let mut a = (*best).clone();
        for o in &group {
            if o.metric != a.metric && !a.also.contains(&o.metric) {
                a.also.push(o.metric);
            }
        }
        out.push(a);
    }
    out
}

/// Rule 18's "a change that matters": 1 point for a %, 1% of the scope's net sales for
/// money, `min_base` for a count; other units need only their base.
fn matters(m: &MetricDef, delta: Decimal, scope_net_sales: Option<Decimal>, min_base: i64) -> bool {
    match m.unit {
        Unit::Percent => delta >= Decimal::new(1, 2),
        Unit::Money => scope_net_sales.is_none_or(|ns| delta >= ns.abs() * Decimal::new(1, 2)),
        Unit::Count | Unit::Units => delta >= Decimal::from(min_base),
        _ => true,
    }
}

/// The money a gap of `delta` in metric `m` stands for in `row` (base currency), by the
/// metric's impact rule in the catalogue.
fn money_of(ctx: &Context, row: &Row, m: &MetricDef, delta: Decimal) -> Option<Decimal> {
    let positive = |id: MetricId| row.value(id).filter(|v| !v.is_zero());
    match m.impact {
        Impact::Money => Some(delta),
        Impact::Of(of) => delta.checked_mul(row.value(of)?.abs()),
        Impact::StockOut => match row.value(MetricId::StockoutLoss) {
            Some(loss) if loss > Decimal::ZERO => Some(loss),
            _ => orders_at_stake(ctx, row, m, delta),
        },
        Impact::Orders => orders_at_stake(ctx, row, m, delta),
        Impact::PerUnit => delta
            .checked_mul(row.value(MetricId::Gmv)?)?
            .checked_div(positive(m.id)?.abs()),
        Impact::Overstock => {
            let share = match m.unit {
                // a rate of SKUs: that share of the stock
                Unit::Percent => delta,
                _ => delta.checked_div(positive(m.id)?.abs())?,
            };
            let year = ctx.carrying_cost * Decimal::from(ctx.days) / Decimal::from(365);
            share
                .min(Decimal::ONE)
                .checked_mul(row.value(MetricId::InventoryValue)?)?
                .checked_mul(year)
        }
        Impact::None => None,
    }
}

/// A rate's gap as orders at stake: gap × n × the row's gmv per order (the scope's
/// when the row has none).
fn orders_at_stake(ctx: &Context, row: &Row, m: &MetricDef, delta: Decimal) -> Option<Decimal> {
    let positive = |id: MetricId| row.value(id).filter(|v| !v.is_zero());
    let n = Decimal::from(m.base.and(row.get(m.id)?.base)?.0);
    let per_order = match positive(MetricId::Orders) {
        Some(o) => row.value(MetricId::Gmv)?.checked_div(o)?,
        None => ctx.aov?,
    };
    let points = if m.unit == Unit::Points {
        Decimal::ONE_HUNDRED
    } else {
        Decimal::ONE
    };
    delta
        .checked_div(points)?
        .checked_mul(n)?
        .checked_mul(per_order)
}

/// The money at stake of `m`'s value in `row` when it is in its bad band.
pub fn bad_band_money(master: &Master, ctx: &Context, row: &Row, m: &MetricDef) -> Option<Decimal> {
    let th = report::thresholds_of(master, m)?;
    let v = row.value(m.id)?;
    band_impact(ctx, row, m, &th, v)
}

/// A bad value's money at stake: its distance from the good boundary.
fn band_impact(
    ctx: &Context,
    row: &Row,
    m: &MetricDef,
    th: &Thresholds,
    v: Decimal,
) -> Option<Decimal> {
    let good = match *th {
        Thresholds::Higher { good, .. } | Thresholds::Lower { good, .. } => good,
        Thresholds::Band {
            good_lo, good_hi, ..
        } => {
            if v < good_lo {
                good_lo
            } else {
                good_hi
            }
        }
    };
    money_of(ctx, row, m, (v - good).abs())
}

/// The ranked alert list of a scope across every level below it (total, channels,
/// stores, each store's SKUs): the cockpit's Overview and `report --alerts` show it.
/// An alert whose cause is one child row (that child has an alert of the same cause
/// with at least half its money at stake) is shown once, at the parent, with the
/// child's path in `cause`.
pub fn ranked(
    wb: &Workbook,
    master: &Master,
    period: Period,
    compare: CompareMode,
    under: &[String],
) -> Result<Vec<Alert>> {
    let req = |level: Level, under: Vec<String>| Request {
        period,
        compare,
        level,
        under,
        all_rows: false,
    };
    let mut reqs: Vec<Request> = match under {
        [] => vec![req(Level::Channel, vec![]), req(Level::Store, vec![])],
        [_] => vec![req(Level::Store, under.to_vec())],
        _ => vec![],
    };
    reqs.extend(
        stores_in(master, under)
            .into_iter()
            .map(|st| req(Level::Sku, st)),
    );
    let reports = build_all(wb, master, &reqs)?;
    // Every node's alerts, by path; the scope row once (from the first report).
    // "Matters" and the least money at stake are of the ranked scope's net sales.
    let scope_net_sales = reports
        .first()
        .and_then(|r| r.total.value(MetricId::NetSales));
    let mut nodes: BTreeMap<Vec<String>, Vec<Alert>> = BTreeMap::new();
    for (i, rep) in reports.iter().enumerate() {
        let ctx = Context {
            scope_net_sales,
            ..Context::new(master, rep.span.days(), rep.level)
        };
        let rows = std::iter::once(&rep.total).chain(rep.rows.iter());
        for a in of_rows(master, &ctx, rows) {
            if i > 0 && a.path == rep.total.path {
                continue; // a parent already listed in an earlier report
            }
            nodes.entry(a.path.clone()).or_default().push(a);
        }
    }
    Ok(merge_causes(nodes))
}

/// The reports of `reqs`, in order. With several, a second thread on its own
/// read connection builds every other one: the reports are independent, and the
/// machine has a second core. (Both connections read the same committed data unless
/// an import commits in between; the cockpit then reloads and asks again.)
fn build_all(wb: &Workbook, master: &Master, reqs: &[Request]) -> Result<Vec<Report>> {
    let one = |wb: &Workbook, i: usize| report::build_for(wb, master, &reqs[i], NEEDS);
    if reqs.len() < 3 {
        return (0..reqs.len()).map(|i| one(wb, i)).collect();
    }
    // the first report reads the customer index; the sibling connection shares it
    let first = one(wb, 0)?;
    let wb2 = wb.open_sibling()?;
    let (odd, even) = std::thread::scope(|s| {
        let helper = s.spawn(move || -> Result<Vec<Report>> {
            (1..reqs.len()).step_by(2).map(|i| one(&wb2, i)).collect()
        });
        let even: Result<Vec<Report>> = std::iter::once(Ok(first))
            .chain((2..reqs.len()).step_by(2).map(|i| one(wb, i)))
            .collect();
        (helper.join(), even)
    });
    // a panic of the helper thread goes on in this one (the worker catches it)
    let odd = odd.unwrap_or_else(|p| std::panic::resume_unwind(p))?;
    let mut out = Vec::with_capacity(reqs.len());
    let (mut e, mut o) = (even?.into_iter(), odd.into_iter());
    for i in 0..reqs.len() {
        out.extend(if i % 2 == 0 { e.next() } else { o.next() });
    }
    Ok(out)
}

/// The `[channel, store]` paths of the stores in a scope.
pub fn stores_in(master: &Master, under: &[String]) -> Vec<Vec<String>> {
    match crate::domain::Under::of(under) {
        crate::domain::Under::Store { channel, store } => {
            vec![vec![channel.to_string(), store.to_string()]]
        }
        scope => master
            .stores
            .iter()
            .filter(|s| scope.has_store(&s.channel, &s.store_id))
            .map(|s| vec![s.channel.clone(), s.store_id.clone()])
            .collect(),
    }
}

/// Bottom-up: a parent alert absorbs the child alert of the same cause that holds at
/// least half its money at stake, and names the child's path (or the child's cause).
fn merge_causes(mut nodes: BTreeMap<Vec<String>, Vec<Alert>>) -> Vec<Alert> {
    let depth = nodes.keys().map(Vec::len).max().unwrap_or(0);
    for d in (0..depth).rev() {
        let parents: Vec<Vec<String>> = nodes.keys().filter(|p| p.len() == d).cloned().collect();
        for p in parents {
            let children: Vec<Vec<String>> = nodes
                .keys()
                .filter(|c| {
                    c.len() == d + 1
                        && c.starts_with(&p)
                        && !c.contains(&super::engine::UNATTRIBUTED.to_string())
                })
                .cloned()
                .collect();
            let mut alerts = nodes.remove(&p).unwrap_or_default();
            for a in &mut alerts {
                let cause = a.metric.def().cause_key();
                let mut best: Option<(Vec<String>, usize)> = None;
                for c in &children {
                    for (j, ca) in nodes[c].iter().enumerate() {
                        if ca.metric.def().cause_key() != cause {
                            continue;
                        }
                        let holds = match (a.impact, ca.impact) {
                            (Some(pa), Some(cb)) => cb * Decimal::TWO >= pa,
                            (None, _) => true,
                            (Some(_), None) => false,
                        };
                        let better = best
                            .as_ref()
                            .is_none_or(|(bc, bj)| nodes[bc][*bj].impact < ca.impact);
                        if holds && better {
                            best = Some((c.clone(), j));
                        }
                    }
                }
                if let Some((c, j)) = best {
                    let child = nodes.get_mut(&c).expect("a child node").remove(j);
                    let cause = if child.cause.is_empty() {
                        child.path.clone()
                    } else {
                        child.cause.clone()
                    };
                    if child.impact > a.impact {
                        // the child's alert says more: the parent shows it, at its place
                        *a = Alert {
                            path: a.path.clone(),
                            row: a.row.clone(),
                            ..child
                        };
                    }
                    a.cause = cause;
                }
            }
            nodes.insert(p, alerts);
        }
    }
    let mut out: Vec<Alert> = nodes.into_values().flatten().collect();
    sort(&mut out);
    out
}

/// The path an alert names: its cause's when it has one.
pub fn shown_path(a: &Alert) -> &[String] {
    if a.cause.is_empty() {
        &a.path
    } else {
        &a.cause
    }
}

/// `Amazon › AMZ-UK › OUT-TOWEL-WH` (`All` for the total); `sep` is ` › ` or ` > `.
pub fn path_label(path: &[String], sep: &str) -> String {
    if path.is_empty() {
        "All".into()
    } else {
        path.join(sep)
    }
}

/// The ranked list as a `Listing` (report --alerts, the cockpit's Overview).
pub fn listing(alerts: &[Alert], title: String, lang: catalogue::Lang) -> crate::listing::Listing {
    use crate::listing::{Cell, col};
    let label = |id: MetricId| id.def().label(lang).to_string();
    let rows = alerts
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let unit = a.metric.def().unit;
            vec![
                Cell::Num(Some(Decimal::from(i as i64 + 1)), Unit::Count),
                Cell::text(path_label(shown_path(a), " › ")),
                Cell::text(label(a.metric)),
                Cell::Num(a.value, unit),
                Cell::Num(a.base.map(Decimal::from), Unit::Count),
                Cell::text(a.rule.clone()),
                Cell::text(
                    a.also
                        .iter()
                        .map(|m| label(*m))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                Cell::Num(a.impact, Unit::Money),
            ]
        })
        .collect();
    crate::listing::Listing {
        kind: "alerts",
        title,
        columns: vec![
            col("rank", "#", "#"),
            col("path", "Where", "位置"),
            col("metric", "Metric", "指标"),
            col("value", "Value", "数值"),
            col("n", "n", "样本"),
            col("rule", "Rule", "规则"),
            col("also", "Also", "同因"),
            col("impact", "At stake", "影响金额"),
        ],
        rows,
        notes: vec![],
    }
}

/// Money at stake as a list shows it: whole units, grouped (`2,500`); `—` without.
pub fn stake_label(impact: Option<Decimal>) -> String {
    match impact {
        Some(v) => crate::format::group(&v.round().to_string()),
        None => "—".into(),
    }
}

/// An alert's rule in the UI language (the rules are built in English).
pub fn rule_label(rule: &str, lang: catalogue::Lang) -> String {
    match lang {
        catalogue::Lang::En => rule.replace(" vs comparison", ""),
        catalogue::Lang::Zh => rule
            .replace("bad band", "差值区间")
            .replace("misses target pace by", "落后目标进度")
            .replace("moved", "变动")
            .replace(" vs comparison", "（对比期）")
            .replace(" or ", " 或 "),
    }
}
