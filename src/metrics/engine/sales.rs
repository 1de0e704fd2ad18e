//! Sales: orders and lines (whole months from the monthly rollup, edge days from
//! the daily one), and rule 14's orders not yet due.

use anyhow::Result;
use rust_decimal::Decimal;

use super::{Engine, Run, add, add_order_facts, each, read_segments, sub};
use crate::metrics::engine::RowKey;
use crate::util::micro_to_dec;
use crate::workbook::query::LineDay;

impl Engine<'_> {
    /// Orders and lines of P.
    pub(super) fn sales(&mut self, run: &mut Run) -> Result<()> {
        let orders = read_segments(
            &run.seg,
            |a, b| self.wb.order_months(a, b),
            |a, b| self.wb.order_days(a, b),
        )?;
        let lines = read_segments(
            &run.seg,
            |a, b| self.wb.line_months(a, b),
            |a, b| self.wb.line_days(a, b),
        )?;
        for od in orders.iter() {
            for k in each(self.order_keys(&od.store_id)) {
                add_order_facts(run.parts(k), &od.f);
            }
        }
        for ld in lines.iter() {
            self.sales_line(run, ld);
        }
        Ok(())
    }

    /// One line fact: its money into its rows (and, at SKU level, the store and SKU
    /// gmv that rule 17 weighs by; in non-base currencies, fx_impact's sums).
    fn sales_line(&mut self, run: &mut Run, ld: &LineDay) {
        let keys = self.keys(Some(&ld.store_id), Some(&ld.sku));
        if keys.1 == 0 {
            return;
        }
        let cur = self.currency(&ld.store_id).to_string();
        let [gross, discount, cogs] = self.line_money(ld, &cur);
        if run.sku_level {
            let gmv = sub(gross, discount);
            let sg = run
                .alloc
                .store_gmv
                .entry(ld.store_id.clone())
                .or_insert(Some(Decimal::ZERO));
            *sg = add(*sg, gmv);
            let kg = run
                .alloc
                .sku_gmv
                .entry((ld.store_id.clone(), ld.sku.clone()))
                .or_insert(Some(Decimal::ZERO));
            *kg = add(*kg, gmv);
        }
        let new_from = run.end - 90; // launched_on in (end − 90d, end]
        let end = run.end;
        let launched_new = self
            .master
            .sku(&ld.sku)
            .and_then(|s| s.launched_on)
            .is_some_and(|d| d > new_from && d <= end);
        let foreign = run.want_fx && cur != self.master.base_currency;
        for k in each(keys) {
            let acc = run.rows.entry(k.clone()).or_default();
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
            if run.sku_level && k != RowKey::Total {
                add_order_facts(p, &ld.f);
            }
            if foreign {
                let e = run.fx_entry(k, &cur);
                e.0 = add(e.0, sub(gross, discount));
                e.1 += micro_to_dec(ld.gross - ld.discount);
            }
        }
    }

    /// Rule 14: orders not yet due leave on-time shipping.
    pub(super) fn undue(&mut self, run: &mut Run) -> Result<()> {
        let Some(after) = self.master.data_end_ms else {
            return Ok(());
        };
        for o in self.wb.undue_orders(run.start, run.end, after)? {
            for k in each(self.order_keys(&o.store_id)) {
                run.parts(k).with_ship_by -= 1;
            }
            if run.sku_level && self.in_scope(Some(&o.store_id)) {
                for sku in o.skus {
                    run.parts(RowKey::Entity(sku)).with_ship_by -= 1;
                }
            }
        }
        Ok(())
    }
}
