//! The last steps of a run: fx impact, then the distinct counts and SKU-set
//! ratios derived from each row's accumulator.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::{Acc, Engine, Run, add, restock};
use crate::metrics::engine::{Level, RowKey};
use crate::metrics::parts::Parts;
use crate::period::Period;

impl Engine<'_> {
    /// fx impact: Σ_d local(d) × (rate(d) − mean) = Σ base − mean × Σ local, against
    /// the mean rates of `fx_base` (every row: zero if wanted, else undefined).
    pub(super) fn fx_impact(&self, run: &mut Run, fx_base: Option<&Period>) {
        let want_fx = run.want_fx;
        for acc in run.rows.values_mut() {
            acc.parts.fx_impact = if want_fx { Some(Decimal::ZERO) } else { None };
        }
        let Some(base) = fx_base.filter(|_| want_fx) else {
            return;
        };
        let mut means: HashMap<String, Option<Decimal>> = HashMap::new();
        // in (row, currency) order, so a row's sum does not depend on hashing
        let mut fx: Vec<_> = std::mem::take(&mut run.fx).into_iter().collect();
        fx.sort_by(|a, b| a.0.cmp(&b.0));
        for ((k, cur), (base_sum, local_sum)) in fx {
            let mean = *means
                .entry(cur.clone())
                .or_insert_with(|| self.mean_rate(&cur, base));
            let delta = match (base_sum, mean) {
                (Some(b), Some(m)) => m.checked_mul(local_sum).and_then(|x| b.checked_sub(x)),
                _ => None,
            };
            let p = run.parts(k);
            p.fx_impact = add(p.fx_impact, delta);
        }
    }

    /// Each row's parts, with the counts derived from its sets and SKU stats.
    /// Every other row holds the scope row's finished parts (`Parts::scope`).
    pub(super) fn finish(&self, mut rows: HashMap<RowKey, Acc>) -> HashMap<RowKey, Parts> {
        let total = rows.remove(&RowKey::Total).map(|mut acc| {
            self.derive(&RowKey::Total, &mut acc);
            acc.parts
        });
        let scope = total.clone().map(std::sync::Arc::new);
        let mut out = HashMap::new();
        for (k, mut acc) in rows {
            acc.parts.scope = scope.clone();
            self.derive(&k, &mut acc);
            out.insert(k, acc.parts);
        }
        if let Some(t) = total {
            out.insert(RowKey::Total, t);
        }
        out
    }

    /// Distinct SKUs sold, rule 16's stock-outs per stock point, sell-through and
    /// stale stock over the row's SKUs, and a SKU row's restock and days out of stock.
    fn derive(&self, k: &RowKey, acc: &mut Acc) {
        let p = &mut acc.parts;
        p.lifespan_years = self.master.lifespan_years;
        p.active_skus = acc.skus_sold.len() as i64;
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
        if self.scope.level == Level::Sku
            && let RowKey::Entity(sku) = k
            && let Some(st) = acc.sku_stats.get(sku)
            && st.has_end
        {
            let lead = self.master.sku(sku).map(|s| s.lead_time_days).unwrap_or(30);
            p.restock = Some(restock(st, lead));
            // days out of stock: a zero on hand until the next positive snapshot
            let out = st.days_on_hand.iter().filter(|d| **d == Some(0)).count() as i64;
            p.stockout_days = Some((out, st.days_on_hand.len() as i64));
        }
    }
}
