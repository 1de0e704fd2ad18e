//! Customer metrics (rule 9): from the customer index when the workbook has one
//! (see `custindex`), else by scanning P's orders and the customers' history.

use std::collections::{HashMap, HashSet};

use anyhow::Result;
use rust_decimal::Decimal;

use super::{Acc, Engine, Run, Val, add};
use crate::metrics::engine::{Level, RowKey};
use crate::util::Day;
use crate::workbook::query::{CustomerOrder, OrderLines};

impl Engine<'_> {
    /// The customer groups that are needed, in one pass over the index if there is one.
    pub(super) fn customer_facts(&mut self, run: &mut Run) -> Result<()> {
        let needs = self.needs;
        let (rows, start, end) = (&mut run.rows, run.start, run.end);
        let index = if needs.customers || needs.new_customers || needs.retention {
            self.wb.customer_index()?
        } else {
            None
        };
        if let Some(ix) = index {
            self.customers_indexed(&ix, rows, start, end);
            return Ok(());
        }
        if needs.customers {
            self.customers(rows, start, end, needs.customer_gmv)?;
        } else if needs.new_customers {
            self.new_customers(rows, start, end)?;
        }
        if needs.retention {
            self.retention(rows, start, end)?;
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
