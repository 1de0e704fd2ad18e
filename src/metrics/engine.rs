//! The metrics engine: reads facts through the workbook's queries, converts
//! money to the base currency at each transaction's local date, attributes
//! every fact to its drill row (spec rules 2, 5, 9) and sums the additive parts.
//! No SQL here.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use anyhow::Result;
use rust_decimal::{Decimal, MathematicalOps};

pub use super::needs::Needs;
use super::parts::{Parts, Restock, Val, add, sub};
use crate::period::Period;
use crate::util::{Day, day_of};
use crate::workbook::query::{LineDay, OrderLines};
use crate::workbook::{Master, StoreInfo, Workbook};

pub use crate::domain::Level;

mod custindex;
mod customers;
mod experience;
mod finish;
mod flows;
mod sales;
mod stock;
mod traffic;

pub const UNATTRIBUTED: &str = "(unattributed)";

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RowKey {
    Total,
    Entity(String),
    Unattributed,
}

impl RowKey {
    pub fn as_str(&self) -> &str {
        match self {
            RowKey::Total => "",
            RowKey::Entity(s) => s,
            RowKey::Unattributed => UNATTRIBUTED,
        }
    }
}

/// What the engine computes over: a level and an optional scope (`under` path).
#[derive(Debug, Clone)]
pub struct Scope {
    pub level: Level,
    /// `[]`, `[channel]` or `[channel, store_id]`.
    pub under: Vec<String>,
}

/// Per-row accumulator: the parts plus the sets that make distinct counts.
#[derive(Default)]
struct Acc {
    parts: Parts,
    skus_sold: HashSet<String>,
    /// Per SKU of the row: inventory and unit facts.
    sku_stats: HashMap<String, SkuStat>,
    /// The row's stock points (rule 16): (end on_hand, sold in the 90 days ending at end).
    stock_points: Vec<(i64, bool)>,
}

/// Store-level costs that rule 17 allocates to a store's SKUs by gmv share.
#[derive(Default)]
struct Allocation {
    /// store → (variable expenses with no SKU and no order, ad spend with a blank SKU)
    pools: HashMap<String, (Val, Val)>,
    /// store → gmv in base currency, and (store, sku) → gmv
    store_gmv: HashMap<String, Val>,
    sku_gmv: HashMap<(String, String), Val>,
}

#[derive(Default, Clone)]
struct SkuStat {
    has_end: bool,
    end_on_hand: i64,
    end_inbound: i64,
    start_on_hand: i64,
    units_p: i64,
    units_90: i64,
    units_30: i64,
    daily_30: Vec<i64>,
    /// Each day of P: the on hand of the row's stock points of the SKU by their
    /// effective snapshots (None before the first snapshot).
    days_on_hand: Vec<Option<i64>>,
}

/// Gaps that made some values undefined, for the user.
#[derive(Debug, Default, Clone)]
pub struct Gaps {
    /// currency → days without a rate
    pub fx: HashMap<String, BTreeSet<Day>>,
    pub missing_costs: BTreeSet<String>,
}

pub struct Engine<'a> {
    wb: &'a Workbook,
    pub master: &'a Master,
    stores: HashMap<&'a str, &'a StoreInfo>,
    scope: Scope,
    /// Stores in scope (None = all).
    scoped: Option<HashSet<String>>,
    pub gaps: Gaps,
    /// The fact groups to compute (a panel needs only some of them).
    pub needs: Needs,
}

/// Splits [start, end] into the whole calendar months it covers (read from the
/// monthly rollup) and the remaining day ranges (read daily).
/// An inclusive range of days.
pub type DayRange = (Day, Day);

pub fn segments(start: Day, end: Day) -> (Vec<DayRange>, Option<DayRange>) {
    use crate::workbook::rollup::{month_end, month_of};
    // first day of the first whole month, and first day of the last whole month
    let first_full = if start == month_of(start) {
        start
    } else {
        month_end(start) + 1
    };
    let last_full = if end == month_end(month_of(end)) {
        month_of(end)
    } else {
        month_of(month_of(end) - 1)
    };
    if first_full > last_full || first_full > end {
        return (vec![(start, end)], None);
    }
    let mut days = Vec::new();
    if start < first_full {
        days.push((start, first_full - 1));
    }
    if month_end(last_full) < end {
        days.push((month_end(last_full) + 1, end));
    }
    (days, Some((first_full, last_full)))
}

type Keys = ([Option<RowKey>; 2], usize);

/// The facts of a period: its whole months from a monthly rollup, its edge days
/// from the daily one (see `segments`), as the workbook shares them (the reports
/// of one view read each range once).
fn read_segments<T>(
    (days, months): &(Vec<DayRange>, Option<DayRange>),
    monthly: impl FnOnce(Day, Day) -> Result<Arc<Vec<T>>>,
    mut daily: impl FnMut(Day, Day) -> Result<Arc<Vec<T>>>,
) -> Result<Segments<T>> {
    let mut out = Vec::with_capacity(days.len() + 1);
    if let Some((m1, m2)) = months {
        out.push(monthly(*m1, *m2)?);
    }
    for &(a, b) in days {
        out.push(daily(a, b)?);
    }
    Ok(Segments(out))
}

/// A period's facts, read per segment.
struct Segments<T>(Vec<Arc<Vec<T>>>);

impl<T> Segments<T> {
    fn iter(&self) -> impl Iterator<Item = &T> {
        self.0.iter().flat_map(|v| v.iter())
    }
}

/// The rows of a key set (see `Engine::keys`).
fn each((keys, n): Keys) -> impl Iterator<Item = RowKey> {
    keys.into_iter().take(n).flatten()
}

/// One `compute`: the period and how it is read, and the accumulators every
/// fact-group step adds into.
struct Run {
    start: Day,
    end: Day,
    /// The period's whole months (read from the monthly rollups) and edge days
    /// (read daily): the one place a period is segmented.
    seg: (Vec<DayRange>, Option<DayRange>),
    sku_level: bool,
    /// fx_impact is computed (a base period, and sales and refunds read).
    want_fx: bool,
    rows: HashMap<RowKey, Acc>,
    /// (row, currency) → (Σ base, Σ local) of net sales in non-base currencies (fx_impact)
    fx: HashMap<(RowKey, String), (Val, Decimal)>,
    /// rule 17: store-level costs allocated to the store's SKUs (SKU level only)
    alloc: Allocation,
    /// (store, sku) → units in the 90 days ending at end, for the stock points (rule 16);
    /// store "" is any store in scope
    sold_90: HashMap<(String, String), i64>,
}

impl Run {
    fn new(p: &Period, sku_level: bool, want_fx: bool) -> Run {
        let (start, end) = (day_of(p.start), day_of(p.end));
        let mut rows: HashMap<RowKey, Acc> = HashMap::new();
        rows.entry(RowKey::Total).or_default();
        Run {
            start,
            end,
            seg: segments(start, end),
            sku_level,
            want_fx,
            rows,
            fx: HashMap::new(),
            alloc: Allocation::default(),
            sold_90: HashMap::new(),
        }
    }

    fn parts(&mut self, k: RowKey) -> &mut Parts {
        &mut self.rows.entry(k).or_default().parts
    }

    /// The fx_impact sums of a row in a currency.
    fn fx_entry(&mut self, k: RowKey, cur: &str) -> &mut (Val, Decimal) {
        self.fx
            .entry((k, cur.to_string()))
            .or_insert((Some(Decimal::ZERO), Decimal::ZERO))
    }

    /// The rule 17 pool of a store: (variable expenses, ad spend).
    fn pool(&mut self, store: &str) -> &mut (Val, Val) {
        self.alloc
            .pools
            .entry(store.to_string())
            .or_insert((Some(Decimal::ZERO), Some(Decimal::ZERO)))
    }
}

impl<'a> Engine<'a> {
    pub fn new(wb: &'a Workbook, master: &'a Master, scope: Scope) -> Engine<'a> {
        let stores: HashMap<&str, &StoreInfo> = master
            .stores
            .iter()
            .map(|s| (s.store_id.as_str(), s))
            .collect();
        let under = crate::domain::Under::of(&scope.under);
        let scoped = (under != crate::domain::Under::All).then(|| {
            master
                .stores
                .iter()
                .filter(|s| under.has_store(&s.channel, &s.store_id))
                .map(|s| s.store_id.clone())
                .collect()
        });
        Engine {
            wb,
            master,
            stores,
            scope,
            scoped,
            gaps: Gaps::default(),
            needs: Needs::ALL,
        }
    }

    /// The one store in scope, if the scope is a single store: raw reads then
    /// read that store's rows only (the ranked alert list scopes one store at a time).
    fn one_store(&self) -> Option<&str> {
        match &self.scoped {
            Some(set) if set.len() == 1 => set.iter().next().map(String::as_str),
            _ => None,
        }
    }

    fn in_scope(&self, store: Option<&str>) -> bool {
        match (&self.scoped, store) {
            (None, _) => true,
            (Some(set), Some(s)) => set.contains(s),
            (Some(_), None) => false,
        }
    }

    /// The row a fact belongs to at this level (rule 5): by store above SKU level, by SKU at it.
    fn row_of(&self, store: Option<&str>, sku: Option<&str>) -> RowKey {
        match self.scope.level {
            Level::Total => RowKey::Total,
            Level::Channel => match store.and_then(|s| self.stores.get(s)) {
                Some(s) => RowKey::Entity(s.channel.clone()),
                None => RowKey::Unattributed,
            },
            Level::Store => match store {
                Some(s) => RowKey::Entity(s.to_string()),
                None => RowKey::Unattributed,
            },
            Level::Sku => match sku {
                Some(s) => RowKey::Entity(s.to_string()),
                None => RowKey::Unattributed,
            },
        }
    }

    /// The total (scope) row and the drill row of a fact; empty when out of scope.
    fn keys(&self, store: Option<&str>, sku: Option<&str>) -> Keys {
        if !self.in_scope(store) {
            return ([None, None], 0);
        }
        if self.scope.level == Level::Total {
            return ([Some(RowKey::Total), None], 1);
        }
        ([Some(RowKey::Total), Some(self.row_of(store, sku))], 2)
    }

    /// Keys of an order-level fact counted per store (orders, surveys): the total
    /// row, and the drill row except at SKU level.
    fn order_keys(&self, store: &str) -> Keys {
        if !self.in_scope(Some(store)) {
            return ([None, None], 0);
        }
        match self.scope.level {
            Level::Total | Level::Sku => ([Some(RowKey::Total), None], 1),
            _ => (
                [Some(RowKey::Total), Some(self.row_of(Some(store), None))],
                2,
            ),
        }
    }

    fn currency(&self, store: &str) -> &str {
        self.stores
            .get(store)
            .map(|s| s.currency.as_str())
            .unwrap_or("")
    }

    fn rate(&mut self, currency: &str, day: Day) -> Option<Decimal> {
        let r = self.master.rate(currency, day);
        if r.is_none() {
            let missing = self.master.missing_rate(currency, day).to_string();
            self.gaps.fx.entry(missing).or_default().insert(day);
        }
        r
    }

    fn conv(&mut self, micro: i64, currency: &str, day: Day) -> Val {
        crate::workbook::money::to_base(micro, || self.rate(currency, day))
    }

    /// Money of a line fact in base currency: (gross, discount, cogs). Daily rows are
    /// converted here; monthly rows carry exact converted sums from the rollup.
    fn line_money(&mut self, ld: &LineDay, cur: &str) -> [Val; 3] {
        match ld.base {
            Some(b) => {
                if b[0].is_none() || b[1].is_none() {
                    self.gaps
                        .fx
                        .entry(cur.to_string())
                        .or_default()
                        .insert(ld.day);
                }
                if b[2].is_none() {
                    self.cost_gap(&ld.sku, crate::workbook::rollup::month_end(ld.day));
                }
                b
            }
            None => {
                let g = self.conv(ld.gross, cur, ld.day);
                let d = self.conv(ld.discount, cur, ld.day);
                let c = if ld.units == 0 {
                    Some(Decimal::ZERO)
                } else {
                    let c = self
                        .master
                        .landed_cost(&ld.sku, ld.day)
                        .and_then(|c| c.checked_mul(Decimal::from(ld.units)));
                    if c.is_none() {
                        self.cost_gap(&ld.sku, ld.day);
                    }
                    c
                };
                [g, d, c]
            }
        }
    }

    /// Records why a cost is unknown: no cost row yet (a missing cost), or no FX rate for its currency.
    fn cost_gap(&mut self, sku: &str, day: Day) {
        match self
            .master
            .costs
            .get(sku)
            .and_then(|v| v.iter().rev().find(|c| c.from <= day))
        {
            Some(c) => {
                let cur = c.currency.clone();
                self.gaps.fx.entry(cur).or_default().insert(day);
            }
            None => {
                self.gaps.missing_costs.insert(sku.to_string());
            }
        }
    }

    /// Mean rate of `cur` over every calendar day of `p` (gap-filled); None if a day has none.
    fn mean_rate(&self, cur: &str, p: &Period) -> Option<Decimal> {
        let (a, b) = (day_of(p.start), day_of(p.end));
        let mut sum = Decimal::ZERO;
        for d in a..=b {
            sum = sum.checked_add(self.master.rate(cur, d)?)?;
        }
        sum.checked_div(Decimal::from(b - a + 1))
    }

    /// Computes the parts of every row for period `p`. `fx_base` is the period whose
    /// mean rates fx_impact compares against (None: fx_impact undefined).
    /// One step per fact group, each read only when needed.
    pub fn compute(
        &mut self,
        p: &Period,
        fx_base: Option<&Period>,
    ) -> Result<HashMap<RowKey, Parts>> {
        let needs = self.needs;
        let sku_level = self.scope.level == Level::Sku;
        let want_fx = fx_base.is_some() && needs.sales && needs.refunds;
        let mut run = Run::new(p, sku_level, want_fx);
        if needs.sales {
            self.sales(&mut run)?;
        }
        if needs.experience && needs.sales {
            self.undue(&mut run)?;
        }
        if needs.inventory {
            self.unit_windows(&mut run)?;
        }
        if needs.refunds {
            self.refunds(&mut run)?;
        }
        if needs.traffic {
            self.traffic(&mut run)?;
        }
        if needs.ads {
            self.ads(&mut run)?;
        }
        if needs.expenses {
            self.expenses(&mut run)?;
        }
        if needs.experience {
            self.experience(&mut run)?;
        }
        if needs.inventory {
            self.inventory(&mut run)?;
        }
        // rule 17: allocate store-level costs to the store's SKUs
        if sku_level {
            allocate(&mut run.rows, std::mem::take(&mut run.alloc));
        }
        self.customer_facts(&mut run)?;
        self.fx_impact(&mut run, fx_base);
        Ok(self.finish(run.rows))
    }
}

/// Rule 17: each store's pooled costs go to its SKU rows by their gmv share in the
/// store; what is allocated leaves the `(unattributed)` row, so the rows still sum.
/// Stores are taken in order, so the sums (28 digits, rule 6) do not depend on hashing.
fn allocate(rows: &mut HashMap<RowKey, Acc>, alloc: Allocation) {
    let mut pools: Vec<_> = alloc.pools.into_iter().collect();
    pools.sort_by(|a, b| a.0.cmp(&b.0));
    for (store, (expenses, ads)) in pools {
        // no lines in the period: a gmv of zero
        let store_gmv = alloc
            .store_gmv
            .get(&store)
            .copied()
            .unwrap_or(Some(Decimal::ZERO));
        if store_gmv.is_some_and(|g| g.is_zero()) {
            continue; // nothing to weigh by: the costs stay unattributed
        }
        for ((st, sku), gmv) in &alloc.sku_gmv {
            if *st != store {
                continue;
            }
            let w = crate::util::div(*gmv, store_gmv);
            let share = |v: Val| v?.checked_mul(w?);
            let p = &mut rows.entry(RowKey::Entity(sku.clone())).or_default().parts;
            p.alloc_expenses = add(p.alloc_expenses, share(expenses));
            p.alloc_ads = add(p.alloc_ads, share(ads));
        }
        // The whole pool leaves (unattributed) exactly; the shares add up to it within
        // rule 6's precision. An undefined store gmv leaves both undefined.
        let moved = |v: Val| store_gmv.and(v);
        let p = &mut rows.entry(RowKey::Unattributed).or_default().parts;
        p.alloc_expenses = sub(p.alloc_expenses, moved(expenses));
        p.alloc_ads = sub(p.alloc_ads, moved(ads));
    }
}

/// How an amount with an optional SKU is attributed to SKUs: to its SKU, or (at
/// SKU level, with an order) split over the order's SKUs by line gmv share
/// (rule 6: exact weights); an order with zero gmv leaves it unattributed.
fn split_over_skus<'s>(
    sku: Option<&'s str>,
    lines: Option<&'s OrderLines>,
    sku_level: bool,
) -> Vec<(Option<&'s str>, Decimal)> {
    match (sku, lines, sku_level) {
        (Some(s), _, _) => vec![(Some(s), Decimal::ONE)],
        (None, Some(lines), true) => {
            let total: i64 = lines.iter().map(|l| l.1).sum();
            if total == 0 {
                vec![(None, Decimal::ONE)]
            } else {
                lines
                    .iter()
                    .filter(|l| l.1 != 0)
                    .map(|(s, g)| (Some(s.as_str()), Decimal::from(*g) / Decimal::from(total)))
                    .collect()
            }
        }
        _ => vec![(None, Decimal::ONE)],
    }
}

fn add_order_facts(p: &mut Parts, f: &crate::workbook::query::OrderFacts) {
    p.orders_all += f.orders_all;
    p.orders += f.orders;
    p.cancelled += f.cancelled;
    p.payment_failed += f.payment_failed;
    p.mobile_orders += f.mobile;
    p.shipped += f.shipped;
    p.with_ship_by += f.with_ship_by;
    p.on_time += f.on_time;
    p.ship_ms += f.ship_ms;
    p.delivered += f.delivered;
    p.delivery_ms += f.delivery_ms;
    p.damaged += f.damaged;
    p.ticket_orders += f.ticket_orders;
    p.defect_orders += f.defect_orders;
    p.new_customers += f.firsts;
}

/// Safety stock, reorder point and restock quantity of one SKU row.
fn restock(st: &SkuStat, lead_days: i64) -> Restock {
    let daily: Vec<Decimal> = if st.daily_30.is_empty() {
        vec![Decimal::ZERO; 30]
    } else {
        st.daily_30.iter().map(|&u| Decimal::from(u)).collect()
    };
    let n = Decimal::from(30);
    let mean = daily.iter().sum::<Decimal>() / n;
    let var = daily
        .iter()
        .map(|x| (x - mean) * (x - mean))
        .sum::<Decimal>()
        / n;
    let sigma = var.sqrt().unwrap_or(Decimal::ZERO);
    let lead = Decimal::from(lead_days);
    let safety = Decimal::new(165, 2) * sigma * lead.sqrt().unwrap_or(Decimal::ZERO);
    let avg = Decimal::from(st.units_30) / n;
    let rop = avg * lead + safety;
    let have = Decimal::from(st.end_on_hand + st.end_inbound);
    let qty = (rop + n * avg - have).max(Decimal::ZERO).ceil();
    Restock {
        safety_stock: safety,
        reorder_point: rop,
        needs_restock: if have <= rop {
            Decimal::ONE
        } else {
            Decimal::ZERO
        },
        restock_qty: qty,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::parse_date;

    fn d(s: &str) -> Day {
        day_of(parse_date(s).unwrap())
    }

    #[test]
    fn segments_split_whole_months_from_edge_days() {
        // a quarter: three whole months, no days
        assert_eq!(
            segments(d("2026-07-01"), d("2026-09-30")),
            (vec![], Some((d("2026-07-01"), d("2026-09-01"))))
        );
        // a custom range: edge days around one whole month
        assert_eq!(
            segments(d("2026-03-25"), d("2026-05-05")),
            (
                vec![
                    (d("2026-03-25"), d("2026-03-31")),
                    (d("2026-05-01"), d("2026-05-05"))
                ],
                Some((d("2026-04-01"), d("2026-04-01")))
            )
        );
        // a mid-month start with several whole months after it
        assert_eq!(
            segments(d("2026-03-10"), d("2026-06-30")),
            (
                vec![(d("2026-03-10"), d("2026-03-31"))],
                Some((d("2026-04-01"), d("2026-06-01")))
            )
        );
        // a week inside one month, a week across two months: days only
        assert_eq!(
            segments(d("2026-08-24"), d("2026-08-30")),
            (vec![(d("2026-08-24"), d("2026-08-30"))], None)
        );
        assert_eq!(
            segments(d("2026-09-28"), d("2026-10-04")),
            (vec![(d("2026-09-28"), d("2026-10-04"))], None)
        );
        // leap February as a whole month
        assert_eq!(
            segments(d("2024-02-01"), d("2024-02-29")),
            (vec![], Some((d("2024-02-01"), d("2024-02-01"))))
        );
        // a single day
        assert_eq!(
            segments(d("2026-09-30"), d("2026-09-30")),
            (vec![(d("2026-09-30"), d("2026-09-30"))], None)
        );
    }
}
