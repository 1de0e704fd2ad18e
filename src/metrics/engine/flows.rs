//! Money flows other than sales: refunds, ads and expenses.

use std::collections::{HashMap, HashSet};

use anyhow::Result;

use super::{Engine, Run, add, each, read_segments, split_over_skus, sub};
use crate::catalogue::ExpenseCategory;
use crate::metrics::engine::RowKey;
use crate::util::micro_to_dec;
use crate::workbook::query::AdsDay;

impl Engine<'_> {
    /// Refunds dated in P (split over an order's SKUs at SKU level), and the
    /// orders with a return, counted once per row.
    pub(super) fn refunds(&mut self, run: &mut Run) -> Result<()> {
        let (start, end) = (run.start, run.end);
        let store = self.one_store();
        let refunds = self.wb.refunds(start, end, store)?;
        let split_lines = if run.sku_level {
            self.wb.refund_split_lines(start, end, store)?
        } else {
            Default::default()
        };
        let mut return_orders: HashMap<RowKey, HashSet<i64>> = HashMap::new();
        for r in refunds.iter() {
            let cur = self.currency(&r.store_id).to_string();
            let amount = self.conv(r.amount, &cur, r.day);
            let local = micro_to_dec(r.amount);
            let foreign = run.want_fx && cur != self.master.base_currency;
            let split = split_over_skus(r.sku.as_deref(), split_lines.get(&r.oid), run.sku_level);
            for &(sku, w) in &split {
                for k in each(self.keys(Some(&r.store_id), sku)) {
                    let p = run.parts(k.clone());
                    p.refunds = add(p.refunds, amount.and_then(|a| a.checked_mul(w)));
                    if foreign {
                        let e = run.fx_entry(k, &cur);
                        e.0 = sub(e.0, amount.and_then(|a| a.checked_mul(w)));
                        e.1 -= local * w;
                    }
                }
            }
            if r.is_return {
                // A return counts once per row: for the refund's SKU, or every SKU it is split over.
                for (sku, _) in &split {
                    for k in each(self.keys(Some(&r.store_id), *sku)) {
                        return_orders.entry(k).or_default().insert(r.oid);
                    }
                }
            }
        }
        for (k, set) in return_orders {
            run.parts(k).return_orders = set.len() as i64;
        }
        Ok(())
    }

    /// Ad facts of P; at SKU level, spend with a blank SKU pools for rule 17.
    pub(super) fn ads(&mut self, run: &mut Run) -> Result<()> {
        let ads = read_segments(
            &run.seg,
            |a, b| self.wb.ads_months(a, b),
            |a, b| self.wb.ads_days(a, b),
        )?;
        for a in ads.iter() {
            let keys = self.keys(Some(&a.store_id), a.sku.as_deref());
            if keys.1 == 0 {
                continue;
            }
            let [spend, sales, spend_s, spend_c, spend_i] = self.ad_money(a);
            if run.sku_level && a.sku.is_none() {
                let pool = run.pool(&a.store_id);
                pool.1 = add(pool.1, spend);
            }
            for k in each(keys) {
                let p = run.parts(k);
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
        Ok(())
    }

    /// An ad fact's money in base currency: (spend, sales, spend with sales known,
    /// with clicks known, with impressions known). Monthly rows come converted.
    fn ad_money(&mut self, a: &AdsDay) -> [super::Val; 5] {
        let cur = self.currency(&a.store_id).to_string();
        match a.base {
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
        }
    }

    /// Expenses dated in P (split over an order's SKUs at SKU level); at SKU level,
    /// a store's variable expenses with no SKU and no order pool for rule 17.
    pub(super) fn expenses(&mut self, run: &mut Run) -> Result<()> {
        let (start, end) = (run.start, run.end);
        let store = self.one_store();
        let expenses = self.wb.expenses(start, end, store)?;
        let split_lines = if run.sku_level {
            self.wb.expense_split_lines(start, end, store)?
        } else {
            Default::default()
        };
        for e in expenses.iter() {
            let amount = self.conv(e.amount, &e.currency, e.day);
            if run.sku_level
                && let (Some(store), None, None) = (&e.store_id, &e.sku, e.oid)
                && ExpenseCategory::from_index(e.category).is_variable()
                && self.in_scope(Some(store))
            {
                let pool = run.pool(store);
                pool.0 = add(pool.0, amount);
            }
            let lines = e.oid.and_then(|o| split_lines.get(&o));
            for (sku, w) in split_over_skus(e.sku.as_deref(), lines, run.sku_level) {
                for k in each(self.keys(e.store_id.as_deref(), sku)) {
                    let p = run.parts(k);
                    p.expenses[e.category] = add(
                        p.expenses[e.category],
                        amount.and_then(|a| a.checked_mul(w)),
                    );
                }
            }
        }
        Ok(())
    }
}
