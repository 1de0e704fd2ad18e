//! Inventory: the unit windows ending at `end` (velocity, restock, rule 16's
//! stock points) and the snapshots (stock at end and start, daily stock value).

use anyhow::Result;
use rust_decimal::Decimal;

use super::{Engine, Run, add, each};
use crate::metrics::engine::RowKey;
use crate::util::Day;
use crate::workbook::query::Snapshot;

/// Periods of at least this many days (more than two months) sum landed costs
/// from the running sums.
const LONG_PERIOD_DAYS: Day = 62;

impl Engine<'_> {
    /// Units in the 30 and 90 days ending at end, and at SKU level the daily units
    /// of the last 30 days (restock).
    pub(super) fn unit_windows(&mut self, run: &mut Run) -> Result<()> {
        let end = run.end;
        for (store, sku, u30, u90) in self.wb.unit_windows(end)?.iter().cloned() {
            if self.in_scope(Some(&store)) {
                *run.sold_90.entry((store.clone(), sku.clone())).or_default() += u90;
                *run.sold_90.entry((String::new(), sku.clone())).or_default() += u90;
            }
            for k in each(self.keys(Some(&store), Some(&sku))) {
                let acc = run.rows.entry(k).or_default();
                acc.parts.units_30d += u30;
                let st = acc.sku_stats.entry(sku.clone()).or_default();
                st.units_30 += u30;
                st.units_90 += u90;
            }
        }
        if run.sku_level {
            for (day, store, sku, units) in self.wb.unit_days(end - 29, end)?.iter() {
                if !self.in_scope(Some(store)) {
                    continue;
                }
                let st = run
                    .rows
                    .entry(RowKey::Entity(sku.clone()))
                    .or_default()
                    .sku_stats
                    .entry(sku.clone())
                    .or_default();
                if st.daily_30.is_empty() {
                    st.daily_30 = vec![0; 30];
                }
                st.daily_30[(day - (end - 29)) as usize] += units;
            }
        }
        Ok(())
    }

    /// The snapshots up to end, one (sku, warehouse) series at a time.
    pub(super) fn inventory(&mut self, run: &mut Run) -> Result<()> {
        let snaps = self.wb.snapshots(run.start, run.end)?;
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
            self.stock_series(run, &snaps[i..j]);
            i = j;
        }
        Ok(())
    }

    /// One (sku, warehouse) series: its stock at end and at start, and its daily value over P.
    fn stock_series(&mut self, run: &mut Run, series: &[Snapshot]) {
        let (start, end) = (run.start, run.end);
        let sku = series[0].sku.as_str();
        let effective = |d: Day| series.iter().rev().find(|s| s.day <= d);
        if let Some(s) = effective(end) {
            self.stock_at_end(run, sku, s);
        }
        if let Some(s) = effective(start - 1) {
            for k in each(self.keys(s.store_id.as_deref(), Some(sku))) {
                run.rows
                    .entry(k)
                    .or_default()
                    .sku_stats
                    .entry(sku.to_string())
                    .or_default()
                    .start_on_hand += s.on_hand;
            }
        }
        // Daily stock value over P for the turnover denominator, one snapshot's days
        // at a time (its rows and on hand are the same on each of them): over a long
        // period from the master's running sums of landed costs (worth their few ms
        // once a view sums many days), else day by day.
        let long = end - start >= LONG_PERIOD_DAYS;
        let first = series.iter().rposition(|s| s.day <= start);
        let mut i = first.unwrap_or(0);
        while i < series.len() && series[i].day <= end {
            let s = &series[i];
            let from = s.day.max(start);
            let to = series.get(i + 1).map_or(end, |n| (n.day - 1).min(end));
            i += 1;
            if s.day > end || to < from {
                continue;
            }
            let value = if s.on_hand == 0 {
                Some(Decimal::ZERO)
            } else {
                let n = Decimal::from(s.on_hand);
                let cost = if long {
                    self.master.landed_cost_sum(sku, from, to)
                } else {
                    self.master.landed_cost_days(sku, from, to)
                };
                cost.and_then(|c| c.checked_mul(n))
            };
            let (a, b) = ((from - start) as usize, (to - start) as usize);
            for k in each(self.keys(s.store_id.as_deref(), Some(sku))) {
                let acc = run.rows.entry(k).or_default();
                acc.parts.stock_value_days = add(acc.parts.stock_value_days, value);
                let st = acc.sku_stats.entry(sku.to_string()).or_default();
                if st.days_on_hand.is_empty() {
                    st.days_on_hand = vec![None; (end - start + 1) as usize];
                }
                for d in &mut st.days_on_hand[a..=b] {
                    *d = Some(d.unwrap_or(0) + s.on_hand);
                }
            }
        }
    }

    /// The snapshot in effect at end: a stock point (rule 16) and the stock's value.
    fn stock_at_end(&mut self, run: &mut Run, sku: &str, s: &Snapshot) {
        let end = run.end;
        let keys = self.keys(s.store_id.as_deref(), Some(sku));
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
        let sold = run
            .sold_90
            .get(&(store, sku.to_string()))
            .is_some_and(|u| *u > 0);
        for k in each(keys) {
            let acc = run.rows.entry(k).or_default();
            acc.stock_points.push((s.on_hand, sold));
            acc.parts.has_snapshot = true;
            acc.parts.on_hand += s.on_hand;
            acc.parts
                .inbound
                .add(s.inbound.map(Decimal::from), 1, s.inbound.is_some() as i64);
            acc.parts.inventory_value = add(acc.parts.inventory_value, value);
            let st = acc.sku_stats.entry(sku.to_string()).or_default();
            st.has_end = true;
            st.end_on_hand += s.on_hand;
            st.end_inbound += s.inbound.unwrap_or(0);
        }
    }
}
