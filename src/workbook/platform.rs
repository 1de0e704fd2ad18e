//! Read-only look-ups for the platform-export importers (`crate::exports`):
//! what the workbook already holds (stores, SKUs and their ASINs, settings,
//! order ids, refunds), read before the canonical import call that writes.
//! Opening never migrates or writes: a missing workbook reads as empty.

use std::path::Path;

use anyhow::{Context, Result};
use rusqlite::{Connection, OpenFlags, OptionalExtension};

use crate::util::{Day, date_of, day_of, parse_date};

#[derive(Debug, Clone)]
pub struct StoreRow {
    pub id: String,
    pub channel: String,
    pub country: String,
    pub currency: String,
    pub timezone: String,
}

#[derive(Debug, Clone, Default)]
pub struct SkuRow {
    pub sku: String,
    pub title: Option<String>,
    pub category: Option<String>,
    pub launched_on: Option<String>,
    pub lead_time_days: i64,
    pub asin: Option<String>,
}

#[derive(Debug, Clone)]
pub struct RefundRow {
    pub refund_id: String,
    pub refunded_ms: i64,
    pub amount: i64,
    pub sku: Option<String>,
    pub qty: Option<i64>,
}

pub struct Peek {
    conn: Option<Connection>,
    /// Tables known to be empty (their identities need no look-up).
    empty: std::cell::RefCell<std::collections::HashMap<String, bool>>,
}

impl Peek {
    pub fn open(path: &Path) -> Result<Peek> {
        if path.is_dir() {
            anyhow::bail!("{}: is a directory, not a workbook file", path.display());
        }
        if !path.exists()
            || std::fs::metadata(path)
                .map(|m| m.len() == 0)
                .unwrap_or(true)
        {
            return Ok(Peek {
                conn: None,
                empty: Default::default(),
            });
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .with_context(|| format!("{}: cannot open", path.display()))?;
        let ok: i64 = conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type='table' AND name IN ('stores','skus','settings','orders')",
            [],
            |r| r.get(0),
        )?;
        Ok(Peek {
            conn: (ok == 4).then_some(conn),
            empty: Default::default(),
        })
    }

    pub fn stores(&self) -> Result<Vec<StoreRow>> {
        let Some(c) = &self.conn else {
            return Ok(vec![]);
        };
        let mut st =
            c.prepare("SELECT store_id, channel, country, currency, timezone FROM stores")?;
        let rows = st
            .query_map([], |r| {
                Ok(StoreRow {
                    id: r.get(0)?,
                    channel: r.get(1)?,
                    country: r.get(2)?,
                    currency: r.get(3)?,
                    timezone: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    pub fn skus(&self) -> Result<Vec<SkuRow>> {
        let Some(c) = &self.conn else {
            return Ok(vec![]);
        };
        let has_asin: bool = c
            .prepare("SELECT 1 FROM pragma_table_info('skus') WHERE name='asin'")?
            .exists([])?;
        let sql = if has_asin {
            "SELECT sku, title, category, launched_on, lead_time_days, asin FROM skus"
        } else {
            "SELECT sku, title, category, launched_on, lead_time_days, NULL FROM skus"
        };
        let mut st = c.prepare(sql)?;
        let rows = st
            .query_map([], |r| {
                Ok(SkuRow {
                    sku: r.get(0)?,
                    title: r.get(1)?,
                    category: r.get(2)?,
                    launched_on: r.get::<_, Option<Day>>(3)?.map(|d| date_of(d).to_string()),
                    lead_time_days: r.get(4)?,
                    asin: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    pub fn settings(&self) -> Result<Vec<(String, String)>> {
        let Some(c) = &self.conn else {
            return Ok(vec![]);
        };
        super::all_settings(c)
    }

    /// The store of an order of the workbook.
    pub fn order_store(&self, order_id: &str) -> Result<Option<String>> {
        let Some(c) = &self.conn else { return Ok(None) };
        Ok(
            c.prepare_cached("SELECT store_id FROM orders WHERE order_id=?1")?
                .query_row([order_id], |r| r.get(0))
                .optional()?,
        )
    }

    /// The SKU's earliest order day in the workbook.
    pub fn first_order_date(&self, sku: &str) -> Result<Option<String>> {
        let Some(c) = &self.conn else { return Ok(None) };
        let d: Option<Day> = c
            .prepare_cached(
                "SELECT min(o.day) FROM order_lines l JOIN orders o ON o.oid = l.oid WHERE l.sku=?1",
            )?
            .query_row([sku], |r| r.get(0))?;
        Ok(d.map(|d| date_of(d).to_string()))
    }

    /// The refunds of an order (and SKU) in the workbook.
    pub fn refunds_of(&self, order_id: &str) -> Result<Vec<RefundRow>> {
        let Some(c) = &self.conn else {
            return Ok(vec![]);
        };
        let mut st = c.prepare_cached(
            "SELECT r.refund_id, r.refunded_ms, r.amount, r.sku, r.qty FROM refunds r JOIN orders o ON o.oid = r.oid WHERE o.order_id=?1",
        )?;
        let rows = st
            .query_map([order_id], |r| {
                Ok(RefundRow {
                    refund_id: r.get(0)?,
                    refunded_ms: r.get(1)?,
                    amount: r.get(2)?,
                    sku: r.get(3)?,
                    qty: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Whether a canonical row with this identity exists (dates as `YYYY-MM-DD`).
    pub fn exists(&self, table: &str, key: &[&str]) -> Result<bool> {
        let Some(c) = &self.conn else {
            return Ok(false);
        };
        let sql_table = if table == "order_lines" {
            "orders"
        } else {
            table
        };
        let known = self.empty.borrow().get(sql_table).copied();
        let empty = match known {
            Some(e) => e,
            None => {
                let e = !c
                    .prepare(&format!("SELECT 1 FROM {sql_table} LIMIT 1"))?
                    .exists([])?;
                self.empty.borrow_mut().insert(sql_table.to_string(), e);
                e
            }
        };
        if empty {
            return Ok(false);
        }
        let day = |s: &str| parse_date(s).map(day_of).unwrap_or(i32::MIN);
        let r = match table {
            "orders" => c
                .prepare_cached("SELECT 1 FROM orders WHERE order_id=?1")?
                .exists([key[0]])?,
            "order_lines" => c
                .prepare_cached(
                    "SELECT 1 FROM order_lines l JOIN orders o ON o.oid = l.oid WHERE o.order_id=?1 AND l.sku=?2",
                )?
                .exists([key[0], key[1]])?,
            "skus" => c
                .prepare_cached("SELECT 1 FROM skus WHERE sku=?1")?
                .exists([key[0]])?,
            "sku_costs" => c
                .prepare_cached("SELECT 1 FROM sku_costs WHERE sku=?1 AND effective_from=?2")?
                .exists(rusqlite::params![key[0], day(key[1])])?,
            "refunds" => c
                .prepare_cached("SELECT 1 FROM refunds WHERE refund_id=?1")?
                .exists([key[0]])?,
            "expenses" => c
                .prepare_cached("SELECT 1 FROM expenses WHERE expense_id=?1")?
                .exists([key[0]])?,
            "traffic" => c
                .prepare_cached("SELECT 1 FROM traffic WHERE day=?1 AND store_id=?2 AND sku=?3")?
                .exists(rusqlite::params![day(key[0]), key[1], key[2]])?,
            "ads" => c
                .prepare_cached(
                    "SELECT 1 FROM ads WHERE day=?1 AND store_id=?2 AND campaign=?3 AND sku=?4",
                )?
                .exists(rusqlite::params![day(key[0]), key[1], key[2], key[3]])?,
            "inventory" => c
                .prepare_cached("SELECT 1 FROM inventory WHERE day=?1 AND sku=?2 AND warehouse=?3")?
                .exists(rusqlite::params![day(key[0]), key[1], key[2]])?,
            _ => false,
        };
        Ok(r)
    }
}
