//! The few facts the action lists read beyond a report: each stock point's newest
//! snapshot and each SKU's last sale.

use std::collections::HashMap;

use anyhow::Result;
use rusqlite::params;

use super::Workbook;
use crate::util::Day;

/// A stock point's (sku, warehouse) newest snapshot on or before a day.
#[derive(Debug, Clone, PartialEq)]
pub struct StockPoint {
    pub sku: String,
    pub warehouse: String,
    pub store_id: Option<String>,
    pub on_hand: i64,
    pub inbound: Option<i64>,
}

impl Workbook {
    /// Every stock point's effective snapshot at `end`, by sku then warehouse.
    pub fn stock_points(&self, end: Day) -> Result<Vec<StockPoint>> {
        let mut st = self.conn.prepare_cached(
            "SELECT i.sku, i.warehouse, i.store_id, i.on_hand, i.inbound
             FROM inventory_pairs p JOIN inventory i
               ON i.sku = p.sku AND i.warehouse = p.warehouse
              AND i.day = (SELECT max(day) FROM inventory
                           WHERE sku = p.sku AND warehouse = p.warehouse AND day <= ?1)
             ORDER BY i.sku, i.warehouse",
        )?;
        let rows = st.query_map(params![end], |r| {
            Ok(StockPoint {
                sku: r.get(0)?,
                warehouse: r.get(1)?,
                store_id: r.get(2)?,
                on_hand: r.get(3)?,
                inbound: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The last day on or before `end` each SKU sold a unit (valid orders), any store.
    pub fn last_sales(&self, end: Day) -> Result<HashMap<String, Day>> {
        let mut st = self.conn.prepare_cached(
            "SELECT sku, max(day) FROM r_line_day WHERE units > 0 AND day <= ?1 GROUP BY sku",
        )?;
        let rows = st.query_map(params![end], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
