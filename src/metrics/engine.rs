//! The metrics engine: reads facts through the workbook's queries, converts
//! money to the base currency at each transaction's local date, attributes
//! every fact to its drill row (spec rules 2, 5, 9) and sums the additive parts.
//! No SQL here.

use std::collections::{BTreeSet, HashMap, HashSet};

use anyhow::Result;
use rust_decimal::{Decimal, MathematicalOps};

pub use super::needs::Needs;
use super::parts::{Parts, Restock, Val, add, sub};
use crate::catalogue::ExpenseCategory;
use crate::period::Period;
use crate::util::{Day, day_of, micro_to_dec};
use crate::workbook::custindex::{CustomerIndex, NO_DAY};
use crate::workbook::query::{CustomerOrder, LineDay, OrderLines};
use crate::workbook::{Master, StoreInfo, Workbook};

pub use crate::domain::Level;

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
/// from the daily one (see `segments`).
fn read_segments<T>(
    (days, months): &(Vec<DayRange>, Option<DayRange>),
    monthly: impl FnOnce(Day, Day) -> Result<Vec<T>>,
    mut daily: impl FnMut(Day, Day) -> Result<Vec<T>>,
) -> Result<Vec<T>> {
    let mut out = match months {
        Some((m1, m2)) => monthly(*m1, *m2)?,
        None => Vec::new(),
    };
    for &(a, b) in days {
        out.extend(daily(a, b)?);
    }
    Ok(out)
}

impl<'a> Engine<'a> {
    pub fn new(wb: &'a Workbook, master: &'a Master, scope: Scope) -> Engine<'a> {
        let stores: HashMap<&str, &StoreInfo> = master
            .stores
            .iter()
            .map(|s| (s.store_id.as_str(), s))
            .collect();
        let scoped = match scope.under.as_slice() {
            [] => None,
            [ch] => Some(
                master
                    .stores
                    .iter()
                    .filter(|s| &s.channel == ch)
                    .map(|s| s.store_id.clone())
                    .collect(),
            ),
            [_, st, ..] => Some(std::iter::once(st.clone()).collect()),
        };
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
    pub fn compute(
        &mut self,
        p: &Period,
        fx_base: Option<&Period>,
    ) -> Result<HashMap<RowKey, Parts>> {
        let (start, end) = (day_of(p.start), day_of(p.end));
        let mut rows: HashMap<RowKey, Acc> = HashMap::new();
        rows.entry(RowKey::Total).or_default();
        let sku_level = self.scope.level == Level::Sku;

        let needs = self.needs;
        // whole months from the monthly rollups, edge days from the daily ones
        let seg = segments(start, end);
        let want_fx = fx_base.is_some() && needs.sales && needs.refunds;
        // (row, currency) → (Σ base, Σ local) of net sales in non-base currencies (fx_impact)
        let mut fx: HashMap<(RowKey, String), (Val, Decimal)> = HashMap::new();
        // rule 17: store-level costs allocated to the store's SKUs (SKU level only)
        let mut alloc = Allocation::default();

        // ── orders and lines: whole months from the monthly rollup, other days daily ──
        if needs.sales {
            let orders = read_segments(
                &seg,
                |a, b| self.wb.order_months(a, b),
                |a, b| self.wb.order_days(a, b),
            )?;
            let lines = read_segments(
                &seg,
                |a, b| self.wb.line_months(a, b),
                |a, b| self.wb.line_days(a, b),
            )?;
            for od in &orders {
                let (keys, n) = self.order_keys(&od.store_id);
                for k in keys.into_iter().take(n).flatten() {
                    add_order_facts(&mut rows.entry(k).or_default().parts, &od.f);
                }
            }
            let new_from = end - 90; // launched_on in (end − 90d, end]
            for ld in &lines {
                let (keys, n) = self.keys(Some(&ld.store_id), Some(&ld.sku));
                if n == 0 {
                    continue;
                }
                let cur = self.currency(&ld.store_id).to_string();
                let [gross, discount, cogs] = self.line_money(ld, &cur);
                if sku_level {
                    let gmv = sub(gross, discount);
                    let sg = alloc
                        .store_gmv
                        .entry(ld.store_id.clone())
                        .or_insert(Some(Decimal::ZERO));
                    *sg = add(*sg, gmv);
                    let kg = alloc
                        .sku_gmv
                        .entry((ld.store_id.clone(), ld.sku.clone()))
                        .or_insert(Some(Decimal::ZERO));
                    *kg = add(*kg, gmv);
                }
                let launched_new = self
                    .master
                    .sku(&ld.sku)
                    .and_then(|s| s.launched_on)
                    .is_some_and(|d| d > new_from && d <= end);
                for k in keys.into_iter().take(n).flatten() {
                    let acc = rows.entry(k.clone()).or_default();
                    acc.sku_stats.entry(ld.sku.clone()).or_default().units_p += ld.units;
                    let p = &mut acc.parts;
                    p.gross = add(p.gross, gross);
                    p.discounts = add(p.discounts, discount);
                    p.units += ld.units;
                    p.cogs = add(p.cogs, cogs);
                    if launched_new {
                        p.new_sku_gmv = add(p.new_sku_gmv, sub(gross, discount));
                    }
                    if ld.units > 0 {
                        acc.skus_sold.insert(ld.sku.clone());
                    }
                    if sku_level && k != RowKey::Total {
                        add_order_facts(p, &ld.f);
                    }
                    if want_fx && cur != self.master.base_currency {
                        let e = fx
                            .entry((k, cur.clone()))
                            .or_insert((Some(Decimal::ZERO), Decimal::ZERO));
                        e.0 = add(e.0, sub(gross, discount));
                        e.1 += micro_to_dec(ld.gross - ld.discount);
                    }
                }
            }
        }

        // ── rule 14: orders not yet due leave on-time shipping ──────────────
        if needs.experience
            && needs.sales
            && let Some(after) = self.master.data_end_ms
        {
            for o in self.wb.undue_orders(start, end, after)? {
                let (keys, n) = self.order_keys(&o.store_id);
                for k in keys.into_iter().take(n).flatten() {
                    rows.entry(k).or_default().parts.with_ship_by -= 1;
                }
                if sku_level && self.in_scope(Some(&o.store_id)) {
                    for sku in o.skus {
                        rows.entry(RowKey::Entity(sku))
                            .or_default()
                            .parts
                            .with_ship_by -= 1;
                    }
                }
            }
        }

        // ── units in the 30 and 90 days ending at end (inventory) ──────────────
        // (store, sku) → units in the 90 days ending at end, for the stock points (rule 16)
        let mut sold_90: HashMap<(String, String), i64> = HashMap::new();
        if needs.inventory {
            for (store, sku, u30, u90) in self.wb.unit_windows(end)? {
                if self.in_scope(Some(&store)) {
                    *sold_90.entry((store.clone(), sku.clone())).or_default() += u90;
                    *sold_90.entry((String::new(), sku.clone())).or_default() += u90;
                }
                let (keys, n) = self.keys(Some(&store), Some(&sku));
                for k in keys.into_iter().take(n).flatten() {
                    let acc = rows.entry(k).or_default();
                    acc.parts.units_30d += u30;
                    let st = acc.sku_stats.entry(sku.clone()).or_default();
                    st.units_30 += u30;
                    st.units_90 += u90;
                }
            }
            if sku_level {
                for (day, store, sku, units) in self.wb.unit_days(end - 29, end)? {
                    if !self.in_scope(Some(&store)) {
                        continue;
                    }
                    let st = rows
                        .entry(RowKey::Entity(sku.clone()))
                        .or_default()
                        .sku_stats
                        .entry(sku)
                        .or_default();
                    if st.daily_30.is_empty() {
                        st.daily_30 = vec![0; 30];
                    }
                    st.daily_30[(day - (end - 29)) as usize] += units;
                }
            }
        }

        // ── refunds dated in P ──────────────────────────────────────────────
        let refunds = if needs.refunds {
            self.wb.refunds(start, end)?
        } else {
            vec![]
        };
        let split_lines = if sku_level && needs.refunds {
            self.wb.refund_split_lines(start, end)?
        } else {
            HashMap::new()
        };
        let mut return_orders: HashMap<RowKey, HashSet<i64>> = HashMap::new();
        for r in &refunds {
            let cur = self.currency(&r.store_id).to_string();
            let amount = self.conv(r.amount, &cur, r.day);
            let local = micro_to_dec(r.amount);
            for (sku, w) in split_over_skus(r.sku.as_deref(), split_lines.get(&r.oid), sku_level) {
                let (keys, n) = self.keys(Some(&r.store_id), sku);
                for k in keys.into_iter().take(n).flatten() {
                    let acc = rows.entry(k.clone()).or_default();
                    acc.parts.refunds =
                        add(acc.parts.refunds, amount.and_then(|a| a.checked_mul(w)));
                    if want_fx && cur != self.master.base_currency {
                        let e = fx
                            .entry((k, cur.clone()))
                            .or_insert((Some(Decimal::ZERO), Decimal::ZERO));
                        e.0 = sub(e.0, amount.and_then(|a| a.checked_mul(w)));
                        e.1 -= local * w;
                    }
                }
            }
            if r.is_return {
                // A return counts once per row: for the refund's SKU, or every SKU it is split over.
                for (sku, _) in
                    &split_over_skus(r.sku.as_deref(), split_lines.get(&r.oid), sku_level)
                {
                    let (keys, n) = self.keys(Some(&r.store_id), *sku);
                    for k in keys.into_iter().take(n).flatten() {
                        return_orders.entry(k).or_default().insert(r.oid);
                    }
                }
            }
        }
        for (k, set) in return_orders {
            rows.entry(k).or_default().parts.return_orders = set.len() as i64;
        }

        // ── traffic ─────────────────────────────────────────────────────────
        let traffic = if needs.traffic {
            read_segments(
                &seg,
                |a, b| self.wb.traffic_months(a, b),
                |a, b| self.wb.traffic_days(a, b),
            )?
        } else {
            Vec::new()
        };
        for t in traffic {
            let (keys, n) = self.keys(Some(&t.store_id), t.sku.as_deref());
            for k in keys.into_iter().take(n).flatten() {
                let p = &mut rows.entry(k).or_default().parts;
                p.sessions += t.sessions;
                p.page_views
                    .add(Some(t.page_views.0.into()), t.rows, t.page_views.1);
                p.add_to_cart
                    .add(Some(t.add_to_cart.0.into()), t.rows, t.add_to_cart.1);
                p.checkouts
                    .add(Some(t.checkouts.0.into()), t.rows, t.checkouts.1);
                p.cart_rate.add(
                    Some(t.add_to_cart.0.into()),
                    Some(t.add_to_cart.2.into()),
                    t.add_to_cart.1,
                );
                p.checkout_rate.add(
                    Some(t.checkout_pair.0.into()),
                    Some(t.checkout_pair.1.into()),
                    t.checkout_pair.2,
                );
                p.bounce.add(
                    Some(t.bounced.0.into()),
                    Some(t.bounced.2.into()),
                    t.bounced.1,
                );
                p.pages_per_session.add(
                    Some(t.page_views.0.into()),
                    Some(t.page_views.2.into()),
                    t.page_views.1,
                );
                p.mobile_sessions
                    .add(Some(t.mobile.0.into()), Some(t.mobile.2.into()), t.mobile.1);
            }
        }

        // ── ads ─────────────────────────────────────────────────────────────
        let ads = if needs.ads {
            read_segments(
                &seg,
                |a, b| self.wb.ads_months(a, b),
                |a, b| self.wb.ads_days(a, b),
            )?
        } else {
            Vec::new()
        };
        for a in ads {
            let (keys, n) = self.keys(Some(&a.store_id), a.sku.as_deref());
            if n == 0 {
                continue;
            }
            let cur = self.currency(&a.store_id).to_string();
            let [spend, sales, spend_s, spend_c, spend_i] = match a.base {
                Some(b) => {
                    if b.iter().any(Option::is_none) {
                        self.gaps.fx.entry(cur.clone()).or_default().insert(a.day);
                    }
                    b
                }
                None => [
                    self.conv(a.spend, &cur, a.day),
                    self.conv(a.ad_sales.0, &cur, a.day),
                    self.conv(a.spend_sales_known, &cur, a.day),
                    self.conv(a.spend_clicks_known, &cur, a.day),
                    self.conv(a.spend_imp_known, &cur, a.day),
                ],
            };
            if sku_level && a.sku.is_none() {
                let pool = alloc
                    .pools
                    .entry(a.store_id.clone())
                    .or_insert((Some(Decimal::ZERO), Some(Decimal::ZERO)));
                pool.1 = add(pool.1, spend);
            }
            for k in keys.into_iter().take(n).flatten() {
                let p = &mut rows.entry(k).or_default().parts;
                p.ad_spend = add(p.ad_spend, spend);
                p.impressions
                    .add(Some(a.impressions.0.into()), a.rows, a.impressions.1);
                p.clicks.add(Some(a.clicks.0.into()), a.rows, a.clicks.1);
                p.ad_sales.add(sales, a.rows, a.ad_sales.1);
                p.ad_orders
                    .add(Some(a.ad_orders.0.into()), a.rows, a.ad_orders.1);
                p.acos.add(spend_s, sales, a.ad_sales.1);
                p.cpc.add(spend_c, Some(a.clicks.0.into()), a.clicks.1);
                p.cpm
                    .add(spend_i, Some(a.impressions.0.into()), a.impressions.1);
                p.ctr.add(
                    Some(a.ctr_pair.0.into()),
                    Some(a.ctr_pair.1.into()),
                    a.ctr_pair.2,
                );
                p.ad_cvr.add(
                    Some(a.cvr_pair.0.into()),
                    Some(a.cvr_pair.1.into()),
                    a.cvr_pair.2,
                );
            }
        }

        // ── expenses ────────────────────────────────────────────────────────
        let expenses = if needs.expenses {
            self.wb.expenses(start, end)?
        } else {
            vec![]
        };
        let split_lines = if sku_level && needs.expenses {
            self.wb.expense_split_lines(start, end)?
        } else {
            HashMap::new()
        };
        for e in &expenses {
            let amount = self.conv(e.amount, &e.currency, e.day);
            if sku_level
                && let (Some(store), None, None) = (&e.store_id, &e.sku, e.oid)
                && ExpenseCategory::from_index(e.category).is_variable()
                && self.in_scope(Some(store))
            {
                let pool = alloc
                    .pools
                    .entry(store.clone())
                    .or_insert((Some(Decimal::ZERO), Some(Decimal::ZERO)));
                pool.0 = add(pool.0, amount);
            }
            let lines = e.oid.and_then(|o| split_lines.get(&o));
            for (sku, w) in split_over_skus(e.sku.as_deref(), lines, sku_level) {
                let (keys, n) = self.keys(e.store_id.as_deref(), sku);
                for k in keys.into_iter().take(n).flatten() {
                    let p = &mut rows.entry(k).or_default().parts;
                    p.expenses[e.category] = add(
                        p.expenses[e.category],
                        amount.and_then(|a| a.checked_mul(w)),
                    );
                }
            }
        }

        // ── reviews, surveys, tickets ───────────────────────────────────────
        let (reviews, surveys, tickets) = if needs.experience {
            (
                self.wb.reviews(start, end)?,
                self.wb.surveys(start, end)?,
                self.wb.tickets(start, end)?,
            )
        } else {
            (vec![], vec![], vec![])
        };
        for r in reviews {
            let (keys, n) = self.keys(Some(&r.store_id), r.sku.as_deref());
            for k in keys.into_iter().take(n).flatten() {
                let p = &mut rows.entry(k).or_default().parts;
                p.reviews += 1;
                p.rating_sum += r.rating;
                p.negative_reviews += (r.rating <= 2) as i64;
                p.positive_reviews += (r.rating >= 4) as i64;
            }
        }
        for s in surveys {
            let (keys, n) = self.order_keys(&s.store_id);
            for k in keys.into_iter().take(n).flatten() {
                let p = &mut rows.entry(k).or_default().parts;
                if s.kind == 0 {
                    p.nps_responses += 1;
                    p.nps_promoters += (s.score >= 9) as i64;
                    p.nps_detractors += (s.score <= 6) as i64;
                } else {
                    p.csat_responses += 1;
                    p.csat_good += (s.score >= 4) as i64;
                }
            }
        }
        let ticket_skus: HashMap<i64, Vec<String>> = if sku_level && needs.experience {
            self.wb
                .ticket_lines(start, end)?
                .into_iter()
                .map(|(k, v)| (k, v.into_iter().map(|l| l.0).collect()))
                .collect()
        } else {
            HashMap::new()
        };
        for t in &tickets {
            let mut keys: Vec<RowKey> = Vec::new();
            let (tk, tn) = self.order_keys(&t.store_id);
            keys.extend(tk.into_iter().take(tn).flatten());
            if sku_level
                && self.in_scope(Some(&t.store_id))
                && let Some(skus) = t.oid.and_then(|o| ticket_skus.get(&o))
            {
                keys.extend(skus.iter().map(|s| RowKey::Entity(s.clone())));
            }
            for k in keys {
                let p = &mut rows.entry(k).or_default().parts;
                p.tickets += 1;
                p.escalated += t.escalated as i64;
                if let Some(f) = t.first_response_ms {
                    p.first_responses += 1;
                    p.first_response_ms += f - t.opened_ms;
                }
                if let Some(r) = t.resolved_ms {
                    p.resolved += 1;
                    p.resolution_ms += r - t.opened_ms;
                    p.first_contact_resolved += t.first_contact as i64;
                }
            }
        }

        // ── inventory ───────────────────────────────────────────────────────
        if needs.inventory {
            self.inventory(&mut rows, start, end, &sold_90)?;
        }

        // ── rule 17: allocate store-level costs to the store's SKUs ─────────
        if sku_level {
            allocate(&mut rows, alloc);
        }

        // ── customers ───────────────────────────────────────────────────────
        let index = if needs.customers || needs.new_customers || needs.retention {
            self.wb.customer_index()?
        } else {
            None
        };
        if let Some(ix) = index {
            self.customers_indexed(&ix, &mut rows, start, end);
        } else {
            if needs.customers {
                self.customers(&mut rows, start, end, needs.customer_gmv)?;
            } else if needs.new_customers {
                self.new_customers(&mut rows, start, end)?;
            }
            if needs.retention {
                self.retention(&mut rows, start, end)?;
            }
        }

        // ── fx impact: Σ_d local(d) × (rate(d) − mean) = Σ base − mean × Σ local ──
        for acc in rows.values_mut() {
            acc.parts.fx_impact = if want_fx { Some(Decimal::ZERO) } else { None };
        }
        if let Some(base) = fx_base.filter(|_| want_fx) {
            let mut means: HashMap<String, Option<Decimal>> = HashMap::new();
            for ((k, cur), (base_sum, local_sum)) in fx {
                let mean = *means
                    .entry(cur.clone())
                    .or_insert_with(|| self.mean_rate(&cur, base));
                let delta = match (base_sum, mean) {
                    (Some(b), Some(m)) => m.checked_mul(local_sum).and_then(|x| b.checked_sub(x)),
                    _ => None,
                };
                let p = &mut rows.entry(k).or_default().parts;
                p.fx_impact = add(p.fx_impact, delta);
            }
        }

        // ── derive distinct counts and SKU-set ratios ───────────────────────
        let total_gmv = rows.get(&RowKey::Total).and_then(|a| a.parts.gmv());
        let lifespan = self.master.lifespan_years;
        let mut out = HashMap::new();
        for (k, mut acc) in rows {
            let p = &mut acc.parts;
            p.lifespan_years = lifespan;
            p.active_skus = acc.skus_sold.len() as i64;
            p.scope_gmv = if k == RowKey::Total { None } else { total_gmv };
            // rule 16: stock-outs per stock point; no stock point, no inventory ratios
            let mut stockout = (0, 0);
            for &(on_hand, sold) in &acc.stock_points {
                stockout.0 += (on_hand == 0 && sold) as i64;
                stockout.1 += (sold || on_hand > 0) as i64;
            }
            let mut sell = (0, 0);
            let mut stale = (0, 0);
            for st in acc.sku_stats.values().filter(|_| p.has_snapshot) {
                if st.units_p > 0 {
                    sell.0 += 1;
                }
                if st.start_on_hand > 0 || st.units_p > 0 {
                    sell.1 += 1;
                }
                if st.end_on_hand > 0 {
                    stale.1 += 1;
                    if st.units_90 == 0 {
                        stale.0 += 1;
                    }
                }
            }
            p.stockout = stockout;
            p.sell_through = sell;
            p.stale = stale;
            if sku_level
                && let RowKey::Entity(sku) = &k
                && let Some(st) = acc.sku_stats.get(sku)
                && st.has_end
            {
                let lead = self.master.sku(sku).map(|s| s.lead_time_days).unwrap_or(30);
                p.restock = Some(restock(st, lead));
                // days out of stock: a zero on hand until the next positive snapshot
                let out = st.days_on_hand.iter().filter(|d| **d == Some(0)).count() as i64;
                p.stockout_days = Some((out, st.days_on_hand.len() as i64));
            }
            out.insert(k, acc.parts);
        }
        Ok(out)
    }

    fn inventory(
        &mut self,
        rows: &mut HashMap<RowKey, Acc>,
        start: Day,
        end: Day,
        sold_90: &HashMap<(String, String), i64>,
    ) -> Result<()> {
        let snaps = self.wb.snapshots(start, end)?;
        // Group by (sku, warehouse): snapshots are ordered by sku, warehouse, day.
        let mut i = 0;
        while i < snaps.len() {
            let mut j = i;
            while j < snaps.len()
                && snaps[j].sku == snaps[i].sku
                && snaps[j].warehouse == snaps[i].warehouse
            {
                j += 1;
            }
            let series = &snaps[i..j];
            let sku = series[0].sku.as_str();
            let effective = |d: Day| series.iter().rev().find(|s| s.day <= d);
            if let Some(s) = effective(end) {
                let (keys, n) = self.keys(s.store_id.as_deref(), Some(sku));
                let value = if s.on_hand == 0 {
                    Some(Decimal::ZERO)
                } else {
                    match self.master.landed_cost(sku, end) {
                        Some(c) => c.checked_mul(Decimal::from(s.on_hand)),
                        None => {
                            if self
                                .master
                                .costs
                                .get(sku)
                                .is_none_or(|v| v.first().is_none_or(|c| c.from > end))
                            {
                                self.gaps.missing_costs.insert(sku.to_string());
                            }
                            None
                        }
                    }
                };
                // sold: units of its SKU in its store (shared stock: any store in scope)
                let store = s.store_id.clone().unwrap_or_default();
                let sold = sold_90
                    .get(&(store, sku.to_string()))
                    .is_some_and(|u| *u > 0);
                for k in keys.into_iter().take(n).flatten() {
                    let acc = rows.entry(k).or_default();
                    acc.stock_points.push((s.on_hand, sold));
                    acc.parts.has_snapshot = true;
                    acc.parts.on_hand += s.on_hand;
                    acc.parts.inbound.add(
                        s.inbound.map(Decimal::from),
                        1,
                        s.inbound.is_some() as i64,
                    );
                    acc.parts.inventory_value = add(acc.parts.inventory_value, value);
                    let st = acc.sku_stats.entry(sku.to_string()).or_default();
                    st.has_end = true;
                    st.end_on_hand += s.on_hand;
                    st.end_inbound += s.inbound.unwrap_or(0);
                }
            }
            if let Some(s) = effective(start - 1) {
                let (keys, n) = self.keys(s.store_id.as_deref(), Some(sku));
                for k in keys.into_iter().take(n).flatten() {
                    rows.entry(k)
                        .or_default()
                        .sku_stats
                        .entry(sku.to_string())
                        .or_default()
                        .start_on_hand += s.on_hand;
                }
            }
            // Daily stock value over P for the turnover denominator.
            let mut idx = 0usize;
            let mut cur: Option<&crate::workbook::query::Snapshot> = None;
            for d in start..=end {
                while idx < series.len() && series[idx].day <= d {
                    cur = Some(&series[idx]);
                    idx += 1;
                }
                let Some(s) = cur else { continue };
                let value = if s.on_hand == 0 {
                    Some(Decimal::ZERO)
                } else {
                    self.master
                        .landed_cost(sku, d)
                        .and_then(|c| c.checked_mul(Decimal::from(s.on_hand)))
                };
                let (keys, n) = self.keys(s.store_id.as_deref(), Some(sku));
                let i = (d - start) as usize;
                for k in keys.into_iter().take(n).flatten() {
                    let acc = rows.entry(k).or_default();
                    acc.parts.stock_value_days = add(acc.parts.stock_value_days, value);
                    let st = acc.sku_stats.entry(sku.to_string()).or_default();
                    if st.days_on_hand.is_empty() {
                        st.days_on_hand = vec![None; (end - start + 1) as usize];
                    }
                    st.days_on_hand[i] = Some(st.days_on_hand[i].unwrap_or(0) + s.on_hand);
                }
            }
            i = j;
        }
        Ok(())
    }

    /// Rows an order belongs to for customer metrics, with the local gmv of its part.
    fn customer_rows(&self, o: &CustomerOrder, lines: Option<&OrderLines>) -> Vec<(RowKey, i64)> {
        let mut v = vec![(RowKey::Total, o.gmv)];
        match self.scope.level {
            Level::Total => {}
            Level::Sku => v.extend(
                lines
                    .into_iter()
                    .flatten()
                    .map(|(sku, g)| (RowKey::Entity(sku.clone()), *g)),
            ),
            _ => v.push((self.row_of(Some(&o.store_id), None), o.gmv)),
        }
        v
    }

    /// The acquisition mix of new customers: their first orders in P.
    fn new_customers(
        &mut self,
        rows: &mut HashMap<RowKey, Acc>,
        start: Day,
        end: Day,
    ) -> Result<()> {
        let firsts = self.wb.first_orders(start, end)?;
        let lines = if self.scope.level == Level::Sku {
            self.wb.customer_lines(start, end)?
        } else {
            HashMap::new()
        };
        for o in firsts.iter().filter(|o| self.in_scope(Some(&o.store_id))) {
            for (k, _) in self.customer_rows(o, lines.get(&o.oid)) {
                let p = &mut rows.entry(k).or_default().parts;
                *p.new_by_acquisition
                    .entry(o.acquisition.clone().unwrap_or_else(|| "(none)".into()))
                    .or_default() += 1;
            }
        }
        Ok(())
    }

    /// Customers of P (rule 9), from P's own orders: distinct customers, new and
    /// returning ones (first-order marks kept on the orders at import), repeat orders.
    fn customers(
        &mut self,
        rows: &mut HashMap<RowKey, Acc>,
        start: Day,
        end: Day,
        with_gmv: bool,
    ) -> Result<()> {
        let orders = self.wb.customer_orders(start, end, with_gmv)?;
        let lines = if self.scope.level == Level::Sku {
            self.wb.customer_lines(start, end)?
        } else {
            HashMap::new()
        };
        let mut seen: HashMap<RowKey, HashSet<&str>> = HashMap::new();
        let mut returning: HashMap<RowKey, HashSet<&str>> = HashMap::new();
        for o in &orders {
            if !self.in_scope(Some(&o.store_id)) {
                continue;
            }
            let cur = self.currency(&o.store_id).to_string();
            for (k, gmv) in self.customer_rows(o, lines.get(&o.oid)) {
                let base = self.conv(gmv, &cur, o.day);
                seen.entry(k.clone())
                    .or_default()
                    .insert(o.customer_id.as_str());
                let p = &mut rows.entry(k.clone()).or_default().parts;
                p.customer_orders += 1;
                if !o.first {
                    p.repeat_orders += 1;
                }
                if o.first_day < start {
                    p.returning_gmv = add(p.returning_gmv, base);
                    returning
                        .entry(k)
                        .or_default()
                        .insert(o.customer_id.as_str());
                } else if o.first {
                    let acq = o.acquisition.clone().unwrap_or_else(|| "(none)".into());
                    *p.new_by_acquisition.entry(acq).or_default() += 1;
                }
            }
        }
        for (k, set) in seen {
            rows.entry(k).or_default().parts.customers = set.len() as i64;
        }
        for (k, set) in returning {
            rows.entry(k).or_default().parts.returning_customers = set.len() as i64;
        }
        Ok(())
    }

    /// Customers of P, their history and the trailing year (what `customers`,
    /// `new_customers` and `retention` compute from the orders) in one pass over the
    /// customer index: per customer, the rows its orders up to `end` fall in, with
    /// distinctness within the customer's own orders.
    fn customers_indexed(
        &mut self,
        ix: &CustomerIndex,
        rows: &mut HashMap<RowKey, Acc>,
        start: Day,
        end: Day,
    ) {
        let needs = self.needs;
        let want_c = needs.customers;
        let want_new = !needs.customers && needs.new_customers;
        let want_r = needs.retention;
        let with_gmv = needs.customer_gmv;
        let sku_level = self.scope.level == Level::Sku;
        let year_from = end - 364;

        // dense row numbers: 0 is the total row
        let mut keys: Vec<RowKey> = vec![RowKey::Total];
        let mut key_no: HashMap<RowKey, u32> = HashMap::from([(RowKey::Total, 0)]);
        let mut number = |k: RowKey| -> u32 {
            *key_no.entry(k.clone()).or_insert_with(|| {
                keys.push(k);
                keys.len() as u32 - 1
            })
        };
        let store_in: Vec<bool> = ix.stores.iter().map(|s| self.in_scope(Some(s))).collect();
        let store_cur: Vec<String> = ix
            .stores
            .iter()
            .map(|s| self.currency(s).to_string())
            .collect();
        let store_key: Vec<Option<u32>> = ix
            .stores
            .iter()
            .map(|s| match self.scope.level {
                Level::Channel | Level::Store => Some(number(self.row_of(Some(s), None))),
                _ => None,
            })
            .collect();
        let sku_key: Vec<u32> = if sku_level {
            ix.skus
                .iter()
                .map(|s| number(RowKey::Entity(s.clone())))
                .collect()
        } else {
            Vec::new()
        };

        #[derive(Clone)]
        struct RowAcc {
            touched: bool,
            customers: i64,
            returning_customers: i64,
            returning_gmv: Val,
            repeat_orders: i64,
            customer_orders: i64,
            new_by_acq: Vec<i64>,
            repeaters: i64,
            lapsed: i64,
            won_back: i64,
            orders_365: i64,
            customers_365: i64,
            gmv_365: Val,
            year: bool,
        }
        let mut acc = vec![
            RowAcc {
                touched: false,
                customers: 0,
                returning_customers: 0,
                returning_gmv: Some(Decimal::ZERO),
                repeat_orders: 0,
                customer_orders: 0,
                new_by_acq: vec![0; ix.acquisitions.len() + 1],
                repeaters: 0,
                lapsed: 0,
                won_back: 0,
                orders_365: 0,
                customers_365: 0,
                gmv_365: Some(Decimal::ZERO),
                year: false,
            };
            keys.len()
        ];
        /// One customer in one row.
        struct St {
            key: u32,
            seen: bool,
            returning: bool,
            in_p: bool,
            to_end: i64,
            last_before: Option<Day>,
            in_year: bool,
        }
        let mut st: Vec<St> = Vec::new();
        let mut entries: Vec<(u32, i64)> = Vec::new();
        for c in 0..ix.customers() {
            st.clear();
            for o in ix.cust_start[c] as usize..ix.cust_start[c + 1] as usize {
                let day = ix.day[o];
                if day > end {
                    continue;
                }
                let in_p = day >= start;
                let in_year = want_r && day >= year_from && ix.first_day[o] != NO_DAY;
                if !in_p && !want_r {
                    continue;
                }
                let s = ix.store[o] as usize;
                if !store_in[s] {
                    continue;
                }
                let first = ix.is_first[o] != 0;
                let fd = ix.first_day[o];
                let counted = in_p && want_c && fd != NO_DAY;
                let lines = ix.lines(o);
                let need_gmv = (counted && with_gmv) || in_year;
                let gmv: i64 = if need_gmv {
                    ix.line_gmv[lines.clone()].iter().sum()
                } else {
                    0
                };
                entries.clear();
                entries.push((0, gmv));
                if let Some(k) = store_key[s] {
                    entries.push((k, gmv));
                }
                if sku_level {
                    for l in lines {
                        entries.push((sku_key[ix.line_sku[l] as usize], ix.line_gmv[l]));
                    }
                }
                for &(key, g) in &entries {
                    let i = match st.iter().position(|x| x.key == key) {
                        Some(i) => i,
                        None => {
                            st.push(St {
                                key,
                                seen: false,
                                returning: false,
                                in_p: false,
                                to_end: 0,
                                last_before: None,
                                in_year: false,
                            });
                            st.len() - 1
                        }
                    };
                    let e = &mut st[i];
                    let a = &mut acc[key as usize];
                    if want_r {
                        a.touched = true;
                        e.to_end += 1;
                        if in_p {
                            e.in_p = true;
                        } else {
                            e.last_before = e.last_before.max(Some(day));
                        }
                    }
                    if counted {
                        a.touched = true;
                        e.seen = true;
                        a.customer_orders += 1;
                        if !first {
                            a.repeat_orders += 1;
                        }
                        if fd < start {
                            let g = if with_gmv { g } else { 0 };
                            if g != 0 {
                                let base = self.conv(g, &store_cur[s], day);
                                a.returning_gmv = add(a.returning_gmv, base);
                            }
                            e.returning = true;
                        } else if first {
                            a.new_by_acq[ix.acq[o] as usize] += 1;
                        }
                    }
                    if in_p && want_new && first {
                        a.touched = true;
                        a.new_by_acq[ix.acq[o] as usize] += 1;
                    }
                    if in_year {
                        a.year = true;
                        a.orders_365 += 1;
                        if g != 0 {
                            let base = self.conv(g, &store_cur[s], day);
                            a.gmv_365 = add(a.gmv_365, base);
                        }
                        e.in_year = true;
                    }
                }
            }
            for e in &st {
                let a = &mut acc[e.key as usize];
                a.customers += e.seen as i64;
                a.returning_customers += e.returning as i64;
                if want_r {
                    if e.in_p && e.to_end >= 2 {
                        a.repeaters += 1;
                    }
                    if let Some(last) = e.last_before
                        && start - last > 90
                    {
                        a.lapsed += 1;
                        a.won_back += e.in_p as i64;
                    }
                    a.customers_365 += e.in_year as i64;
                }
            }
        }
        for (k, a) in keys.into_iter().zip(acc) {
            if !a.touched {
                continue;
            }
            let p = &mut rows.entry(k).or_default().parts;
            if want_c {
                p.customers = a.customers;
                p.returning_customers = a.returning_customers;
                p.customer_orders += a.customer_orders;
                p.repeat_orders += a.repeat_orders;
                p.returning_gmv = add(p.returning_gmv, a.returning_gmv);
            }
            for (i, n) in a.new_by_acq.iter().enumerate().filter(|(_, n)| **n > 0) {
                let name = match i {
                    0 => "(none)".to_string(),
                    i => ix.acquisitions[i - 1].clone(),
                };
                *p.new_by_acquisition.entry(name).or_default() += n;
            }
            if want_r {
                p.repeaters += a.repeaters;
                p.lapsed += a.lapsed;
                p.won_back += a.won_back;
                if a.year {
                    p.orders_365 = a.orders_365;
                    p.customers_365 = a.customers_365;
                    p.gmv_365 = a.gmv_365;
                }
            }
        }
    }

    /// The row keys of a (store, sku) history fact at this level (total row included).
    fn history_keys(&self, store: &str, sku: Option<&str>) -> Vec<RowKey> {
        if !self.in_scope(Some(store)) {
            return vec![];
        }
        match (self.scope.level, sku) {
            (Level::Total, _) => vec![RowKey::Total],
            (Level::Sku, Some(s)) => vec![RowKey::Entity(s.to_string())],
            (Level::Sku, None) => vec![RowKey::Total],
            _ => vec![RowKey::Total, self.row_of(Some(store), None)],
        }
    }

    /// Customer history (rule 9, the row's own orders): repeat purchase rate,
    /// win-back and the trailing-year frequency and LTV. Read as per-(customer,
    /// store[, sku]) aggregates, so memory follows customers, not orders.
    fn retention(&mut self, rows: &mut HashMap<RowKey, Acc>, start: Day, end: Day) -> Result<()> {
        let sku_level = self.scope.level == Level::Sku;
        #[derive(Default)]
        struct Hist {
            orders_to_end: i64,
            last_before: Option<Day>,
            in_p: bool,
        }
        let mut per_row: HashMap<RowKey, HashMap<String, Hist>> = HashMap::new();
        // (customer, store, sku-or-None, orders up to end, last day before P, any in P)
        for h in self.wb.customer_history(start, end, sku_level)? {
            let mut keys = self.history_keys(&h.store_id, h.sku.as_deref());
            if sku_level && h.sku.is_some() {
                // the total row is fed by the order-level (sku = None) aggregate
                keys.retain(|k| *k != RowKey::Total);
            } else if sku_level {
                keys = if self.in_scope(Some(&h.store_id)) {
                    vec![RowKey::Total]
                } else {
                    vec![]
                };
            }
            for k in keys {
                let e = per_row
                    .entry(k)
                    .or_default()
                    .entry(h.customer_id.clone())
                    .or_default();
                e.orders_to_end += h.orders_to_end;
                e.last_before = e.last_before.max(h.last_before);
                e.in_p |= h.in_p;
            }
        }
        for (k, custs) in per_row {
            let p = &mut rows.entry(k).or_default().parts;
            for c in custs.values() {
                if c.in_p && c.orders_to_end >= 2 {
                    p.repeaters += 1;
                }
                if let Some(last) = c.last_before
                    && start - last > 90
                {
                    p.lapsed += 1;
                    if c.in_p {
                        p.won_back += 1;
                    }
                }
            }
        }
        // The 365 days ending at end: orders with a customer, their customers and gmv.
        let year_from = end - 364;
        let orders = self.wb.customer_orders(year_from, end, true)?;
        let lines = if sku_level {
            self.wb.customer_lines(year_from, end)?
        } else {
            HashMap::new()
        };
        let mut year: HashMap<RowKey, (i64, HashSet<&str>, Val)> = HashMap::new();
        for o in &orders {
            if !self.in_scope(Some(&o.store_id)) {
                continue;
            }
            let cur = self.currency(&o.store_id).to_string();
            for (k, gmv) in self.customer_rows(o, lines.get(&o.oid)) {
                let base = self.conv(gmv, &cur, o.day);
                let y = year
                    .entry(k)
                    .or_insert((0, HashSet::new(), Some(Decimal::ZERO)));
                y.0 += 1;
                y.1.insert(o.customer_id.as_str());
                y.2 = add(y.2, base);
            }
        }
        for (k, (n, set, gmv)) in year {
            let p = &mut rows.entry(k).or_default().parts;
            p.orders_365 = n;
            p.customers_365 = set.len() as i64;
            p.gmv_365 = gmv;
        }
        Ok(())
    }
}

/// Rule 17: each store's pooled costs go to its SKU rows by their gmv share in the
/// store; what is allocated leaves the `(unattributed)` row, so the rows still sum.
fn allocate(rows: &mut HashMap<RowKey, Acc>, alloc: Allocation) {
    for (store, (expenses, ads)) in alloc.pools {
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
