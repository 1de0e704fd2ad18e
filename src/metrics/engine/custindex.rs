//! Customers of P, their history and the trailing year (what `customers`,
//! `new_customers` and `retention` compute from the orders) in one pass over the
//! customer index: per customer, the rows its orders up to `end` fall in, with
//! distinctness within the customer's own orders.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::{Acc, Engine, Val, add};
use crate::metrics::engine::{Level, RowKey};
use crate::util::Day;
use crate::workbook::custindex::{CustomerIndex, NO_DAY};

/// What the pass computes, from the needs.
#[derive(Clone, Copy)]
struct Want {
    /// customers of P (distinct, returning, repeat orders)
    c: bool,
    /// only the acquisition mix of new customers
    new: bool,
    /// history: repeaters, lapsed, won back, the trailing year
    r: bool,
    /// the gmv of returning customers' orders
    gmv: bool,
}

/// One row's sums.
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

impl RowAcc {
    fn new(acquisitions: usize) -> RowAcc {
        RowAcc {
            touched: false,
            customers: 0,
            returning_customers: 0,
            returning_gmv: Some(Decimal::ZERO),
            repeat_orders: 0,
            customer_orders: 0,
            new_by_acq: vec![0; acquisitions + 1],
            repeaters: 0,
            lapsed: 0,
            won_back: 0,
            orders_365: 0,
            customers_365: 0,
            gmv_365: Some(Decimal::ZERO),
            year: false,
        }
    }
}

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

/// One order of the customer, as every row it falls in sees it.
struct Order {
    o: usize,
    day: Day,
    store: usize,
    in_p: bool,
    in_year: bool,
    counted: bool,
    first: bool,
    first_day: Day,
}

/// The pass: the index at this level (dense row numbers, 0 the total row; per
/// store: in scope, currency, row; per SKU: row) and the rows' sums.
struct Pass<'x> {
    ix: &'x CustomerIndex,
    want: Want,
    start: Day,
    end: Day,
    keys: Vec<RowKey>,
    store_in: Vec<bool>,
    store_cur: Vec<String>,
    /// Each store's rate of each day from `rate_lo` to `end`, asked for once
    /// (None: not asked yet); days outside ask the master each time.
    rate_lo: Day,
    store_rates: Vec<Vec<Option<Option<Decimal>>>>,
    store_key: Vec<Option<u32>>,
    sku_level: bool,
    sku_key: Vec<u32>,
    acc: Vec<RowAcc>,
}

impl Engine<'_> {
    pub(super) fn customers_indexed(
        &mut self,
        ix: &CustomerIndex,
        rows: &mut HashMap<RowKey, Acc>,
        start: Day,
        end: Day,
    ) {
        let needs = self.needs;
        let want = Want {
            c: needs.customers,
            new: !needs.customers && needs.new_customers,
            r: needs.retention,
            gmv: needs.customer_gmv,
        };
        let mut pass = self.index_pass(ix, want, start, end);
        let mut st: Vec<St> = Vec::new();
        let mut entries: Vec<(u32, i64)> = Vec::new();
        for c in 0..ix.customers() {
            st.clear();
            for o in ix.cust_start[c] as usize..ix.cust_start[c + 1] as usize {
                let Some(order) = pass.order(o) else {
                    continue;
                };
                pass.entries(&order, &mut entries);
                for &(key, g) in &entries {
                    self.index_entry(&mut pass, &order, key, g, &mut st);
                }
            }
            pass.close_customer(&st);
        }
        pass.write(rows);
    }

    /// The rows of the index's stores and SKUs at this level.
    fn index_pass<'x>(&self, ix: &'x CustomerIndex, want: Want, start: Day, end: Day) -> Pass<'x> {
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
        let sku_level = self.scope.level == Level::Sku;
        let sku_key: Vec<u32> = if sku_level {
            ix.skus
                .iter()
                .map(|s| number(RowKey::Entity(s.clone())))
                .collect()
        } else {
            Vec::new()
        };
        let acc = vec![RowAcc::new(ix.acquisitions.len()); keys.len()];
        // gmv is converted for the orders of P and of the year ending at its end
        let rate_lo = start.min(end - 366);
        let days = usize::try_from(end - rate_lo + 1).unwrap_or(0);
        Pass {
            rate_lo,
            store_rates: vec![vec![None; days]; ix.stores.len()],
            ix,
            want,
            start,
            end,
            keys,
            store_in,
            store_cur,
            store_key,
            sku_level,
            sku_key,
            acc,
        }
    }

    /// One (order, row) entry with the gmv of the order's part in the row.
    fn index_entry(&mut self, pass: &mut Pass, order: &Order, key: u32, g: i64, st: &mut Vec<St>) {
        let (want, start) = (pass.want, pass.start);
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
        let cur = &pass.store_cur[order.store];
        let rates = &mut pass.store_rates[order.store];
        let slot = usize::try_from(order.day - pass.rate_lo)
            .ok()
            .filter(|&i| i < rates.len());
        let mut conv = |g: i64| {
            crate::workbook::money::to_base(g, || match slot {
                Some(i) => *rates[i].get_or_insert_with(|| self.rate(cur, order.day)),
                None => self.rate(cur, order.day),
            })
        };
        let acq = pass.ix.acq[order.o] as usize;
        let a = &mut pass.acc[key as usize];
        if want.r {
            a.touched = true;
            e.to_end += 1;
            if order.in_p {
                e.in_p = true;
            } else {
                e.last_before = e.last_before.max(Some(order.day));
            }
        }
        if order.counted {
            a.touched = true;
            e.seen = true;
            a.customer_orders += 1;
            if !order.first {
                a.repeat_orders += 1;
            }
            if order.first_day < start {
                let g = if want.gmv { g } else { 0 };
                if g != 0 {
                    a.returning_gmv = add(a.returning_gmv, conv(g));
                }
                e.returning = true;
            } else if order.first {
                a.new_by_acq[acq] += 1;
            }
        }
        if order.in_p && want.new && order.first {
            a.touched = true;
            a.new_by_acq[acq] += 1;
        }
        if order.in_year {
            a.year = true;
            a.orders_365 += 1;
            if g != 0 {
                a.gmv_365 = add(a.gmv_365, conv(g));
            }
            e.in_year = true;
        }
    }
}

impl Pass<'_> {
    /// Order `o` as the pass counts it; None if it counts nowhere.
    fn order(&self, o: usize) -> Option<Order> {
        let ix = self.ix;
        let day = ix.day[o];
        if day > self.end {
            return None;
        }
        let in_p = day >= self.start;
        let in_year = self.want.r && day >= self.end - 364 && ix.first_day[o] != NO_DAY;
        if !in_p && !self.want.r {
            return None;
        }
        let store = ix.store[o] as usize;
        if !self.store_in[store] {
            return None;
        }
        Some(Order {
            o,
            day,
            store,
            in_p,
            in_year,
            counted: in_p && self.want.c && ix.first_day[o] != NO_DAY,
            first: ix.is_first[o] != 0,
            first_day: ix.first_day[o],
        })
    }

    /// The rows an order falls in, with the gmv of its part in each.
    fn entries(&self, order: &Order, entries: &mut Vec<(u32, i64)>) {
        let ix = self.ix;
        let lines = ix.lines(order.o);
        let need_gmv = (order.counted && self.want.gmv) || order.in_year;
        let gmv: i64 = if need_gmv {
            ix.line_gmv[lines.clone()].iter().sum()
        } else {
            0
        };
        entries.clear();
        entries.push((0, gmv));
        if let Some(k) = self.store_key[order.store] {
            entries.push((k, gmv));
        }
        if self.sku_level {
            for l in lines {
                entries.push((self.sku_key[ix.line_sku[l] as usize], ix.line_gmv[l]));
            }
        }
    }

    /// A customer's distinct counts into its rows.
    fn close_customer(&mut self, st: &[St]) {
        for e in st {
            let a = &mut self.acc[e.key as usize];
            a.customers += e.seen as i64;
            a.returning_customers += e.returning as i64;
            if self.want.r {
                if e.in_p && e.to_end >= 2 {
                    a.repeaters += 1;
                }
                if let Some(last) = e.last_before
                    && self.start - last > 90
                {
                    a.lapsed += 1;
                    a.won_back += e.in_p as i64;
                }
                a.customers_365 += e.in_year as i64;
            }
        }
    }

    /// The sums of every touched row into its parts.
    fn write(self, rows: &mut HashMap<RowKey, Acc>) {
        let want = self.want;
        for (k, a) in self.keys.into_iter().zip(self.acc) {
            if !a.touched {
                continue;
            }
            let p = &mut rows.entry(k).or_default().parts;
            if want.c {
                p.customers = a.customers;
                p.returning_customers = a.returning_customers;
                p.customer_orders += a.customer_orders;
                p.repeat_orders += a.repeat_orders;
                p.returning_gmv = add(p.returning_gmv, a.returning_gmv);
            }
            for (i, n) in a.new_by_acq.iter().enumerate().filter(|(_, n)| **n > 0) {
                let name = match i {
                    0 => "(none)".to_string(),
                    i => self.ix.acquisitions[i - 1].clone(),
                };
                *p.new_by_acquisition.entry(name).or_default() += n;
            }
            if want.r {
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
}
