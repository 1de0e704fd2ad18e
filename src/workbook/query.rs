//! Read queries for the metrics engine. Each returns small plain rows (amounts
//! in the store's or the row's own currency, micro-units); conversion and
//! aggregation happen in the engine. Rollups serve the order and line facts.

use anyhow::Result;
use std::collections::HashMap;
use std::sync::Arc;

use rusqlite::{Row, params};

use super::{SplitLines, Workbook};
use crate::util::Day;

/// Order facts (r_order_day / r_line_day columns after the keys).
#[derive(Debug, Clone, Default)]
pub struct OrderFacts {
    pub orders_all: i64,
    pub orders: i64,
    pub cancelled: i64,
    pub payment_failed: i64,
    pub mobile: i64,
    pub shipped: i64,
    pub with_ship_by: i64,
    pub on_time: i64,
    pub ship_ms: i64,
    pub delivered: i64,
    pub delivery_ms: i64,
    pub damaged: i64,
    pub ticket_orders: i64,
    pub defect_orders: i64,
    /// New customers: valid orders that are their customer's first.
    pub firsts: i64,
}

const FACT_COLS: &str = "orders_all, orders, cancelled, payment_failed, mobile, shipped, with_ship_by, on_time, ship_ms, delivered, delivery_ms, damaged, ticket_orders, defect_orders, firsts";

impl OrderFacts {
    pub fn add(&mut self, o: &OrderFacts) {
        self.orders_all += o.orders_all;
        self.orders += o.orders;
        self.cancelled += o.cancelled;
        self.payment_failed += o.payment_failed;
        self.mobile += o.mobile;
        self.shipped += o.shipped;
        self.with_ship_by += o.with_ship_by;
        self.on_time += o.on_time;
        self.ship_ms += o.ship_ms;
        self.delivered += o.delivered;
        self.delivery_ms += o.delivery_ms;
        self.damaged += o.damaged;
        self.ticket_orders += o.ticket_orders;
        self.defect_orders += o.defect_orders;
        self.firsts += o.firsts;
    }
}

fn facts(r: &Row, at: usize) -> rusqlite::Result<OrderFacts> {
    Ok(OrderFacts {
        orders_all: r.get(at)?,
        orders: r.get(at + 1)?,
        cancelled: r.get(at + 2)?,
        payment_failed: r.get(at + 3)?,
        mobile: r.get(at + 4)?,
        shipped: r.get(at + 5)?,
        with_ship_by: r.get(at + 6)?,
        on_time: r.get(at + 7)?,
        ship_ms: r.get(at + 8)?,
        delivered: r.get(at + 9)?,
        delivery_ms: r.get(at + 10)?,
        damaged: r.get(at + 11)?,
        ticket_orders: r.get(at + 12)?,
        defect_orders: r.get(at + 13)?,
        firsts: r.get(at + 14)?,
    })
}

#[derive(Debug, Clone)]
pub struct OrderDay {
    pub day: Day,
    pub store_id: String,
    pub f: OrderFacts,
}

#[derive(Debug, Clone)]
pub struct LineDay {
    /// The day, or for monthly rows the first day of the month.
    pub day: Day,
    pub store_id: String,
    pub sku: String,
    /// Local currency, micro-units.
    pub gross: i64,
    pub discount: i64,
    pub units: i64,
    pub f: OrderFacts,
    /// Monthly rows: exact base-currency (gross, discount, cogs); None = undefined.
    pub base: Option<[Option<rust_decimal::Decimal>; 3]>,
}

/// Ads aggregated per (day, store, sku) with the known-part sums of rule 7.
pub fn ads_days_of(conn: &rusqlite::Connection, from: Day, to: Day) -> Result<Vec<AdsDay>> {
    let mut st = conn.prepare_cached(
            "SELECT day, store_id, sku, count(*), sum(spend),
                    coalesce(sum(impressions), 0), count(impressions),
                    coalesce(sum(clicks), 0), count(clicks),
                    coalesce(sum(ad_sales), 0), count(ad_sales),
                    coalesce(sum(ad_orders), 0), count(ad_orders),
                    coalesce(sum(CASE WHEN ad_sales IS NOT NULL THEN spend END), 0),
                    coalesce(sum(CASE WHEN clicks IS NOT NULL THEN spend END), 0),
                    coalesce(sum(CASE WHEN impressions IS NOT NULL THEN spend END), 0),
                    coalesce(sum(CASE WHEN clicks IS NOT NULL AND impressions IS NOT NULL THEN clicks END), 0),
                    coalesce(sum(CASE WHEN clicks IS NOT NULL AND impressions IS NOT NULL THEN impressions END), 0),
                    count(CASE WHEN clicks IS NOT NULL AND impressions IS NOT NULL THEN 1 END),
                    coalesce(sum(CASE WHEN ad_orders IS NOT NULL AND clicks IS NOT NULL THEN ad_orders END), 0),
                    coalesce(sum(CASE WHEN ad_orders IS NOT NULL AND clicks IS NOT NULL THEN clicks END), 0),
                    count(CASE WHEN ad_orders IS NOT NULL AND clicks IS NOT NULL THEN 1 END)
             FROM ads WHERE day BETWEEN ?1 AND ?2 GROUP BY day, store_id, sku",
        )?;
    let rows = st.query_map(params![from, to], |r| {
        let sku: String = r.get(2)?;
        Ok(AdsDay {
            day: r.get(0)?,
            store_id: r.get(1)?,
            sku: (!sku.is_empty()).then_some(sku),
            rows: r.get(3)?,
            spend: r.get(4)?,
            impressions: (r.get(5)?, r.get(6)?),
            clicks: (r.get(7)?, r.get(8)?),
            ad_sales: (r.get(9)?, r.get(10)?),
            ad_orders: (r.get(11)?, r.get(12)?),
            spend_sales_known: r.get(13)?,
            spend_clicks_known: r.get(14)?,
            spend_imp_known: r.get(15)?,
            ctr_pair: (r.get(16)?, r.get(17)?, r.get(18)?),
            cvr_pair: (r.get(19)?, r.get(20)?, r.get(21)?),
            base: None,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn line_row(r: &Row, monthly: bool) -> rusqlite::Result<LineDay> {
    let dec = |i: usize| -> rusqlite::Result<Option<rust_decimal::Decimal>> {
        Ok(r.get::<_, Option<String>>(i)?.and_then(|s| s.parse().ok()))
    };
    Ok(LineDay {
        day: r.get(0)?,
        store_id: r.get(1)?,
        sku: r.get(2)?,
        gross: r.get(3)?,
        discount: r.get(4)?,
        units: r.get(5)?,
        f: facts(r, 6)?,
        base: if monthly {
            Some([dec(21)?, dec(22)?, dec(23)?])
        } else {
            None
        },
    })
}

/// Daily line facts of [from, to] (also used to build the monthly rollup).
pub fn line_days_of(conn: &rusqlite::Connection, from: Day, to: Day) -> Result<Vec<LineDay>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT day, store_id, sku, gross, discount, units, {FACT_COLS} FROM r_line_day WHERE day BETWEEN ?1 AND ?2"
    ))?;
    let rows = st.query_map(params![from, to], |r| line_row(r, false))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[derive(Debug, Clone)]
pub struct Refund {
    pub oid: i64,
    pub store_id: String,
    pub day: Day,
    pub amount: i64,
    pub sku: Option<String>,
    pub is_return: bool,
}

/// Lines of one order: (sku, gmv micro-units) — used for splits by gmv share.
pub type OrderLines = Vec<(String, i64)>;

#[derive(Debug, Clone)]
pub struct TrafficDay {
    pub day: Day,
    pub store_id: String,
    pub sku: Option<String>,
    pub sessions: i64,
    /// (sum, known rows, sessions of the known rows) of page_views, add_to_cart, bounced, mobile
    pub page_views: (i64, i64, i64),
    pub add_to_cart: (i64, i64, i64),
    pub bounced: (i64, i64, i64),
    pub mobile: (i64, i64, i64),
    /// (sum, known rows) of checkouts, and (checkouts, add_to_cart, rows) where both are known
    pub checkouts: (i64, i64),
    pub checkout_pair: (i64, i64, i64),
    pub rows: i64,
}

#[derive(Debug, Clone)]
pub struct AdsDay {
    pub day: Day,
    pub store_id: String,
    pub sku: Option<String>,
    pub rows: i64,
    pub spend: i64,
    /// (sum, known rows)
    pub impressions: (i64, i64),
    pub clicks: (i64, i64),
    pub ad_sales: (i64, i64),
    pub ad_orders: (i64, i64),
    /// spend where ad_sales / clicks / impressions are known
    pub spend_sales_known: i64,
    pub spend_clicks_known: i64,
    pub spend_imp_known: i64,
    /// (clicks, impressions, rows) where both known; (ad_orders, clicks, rows) where both known
    pub ctr_pair: (i64, i64, i64),
    pub cvr_pair: (i64, i64, i64),
    /// Monthly rows: exact base-currency (spend, ad_sales, spend where sales /
    /// clicks / impressions are known); None = undefined. Daily rows: None.
    pub base: Option<[Option<rust_decimal::Decimal>; 5]>,
}

#[derive(Debug, Clone)]
pub struct Expense {
    pub day: Day,
    pub category: usize,
    pub amount: i64,
    pub currency: String,
    /// store_id, else the order's store
    pub store_id: Option<String>,
    pub sku: Option<String>,
    pub oid: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct Review {
    pub store_id: String,
    pub sku: Option<String>,
    pub rating: i64,
}

#[derive(Debug, Clone)]
pub struct Survey {
    pub store_id: String,
    pub kind: i64,
    pub score: i64,
}

#[derive(Debug, Clone)]
pub struct Ticket {
    pub store_id: String,
    pub oid: Option<i64>,
    pub opened_ms: i64,
    pub first_response_ms: Option<i64>,
    pub resolved_ms: Option<i64>,
    pub escalated: bool,
    pub first_contact: bool,
}

#[derive(Debug, Clone)]
pub struct UndueOrder {
    pub oid: i64,
    pub store_id: String,
    pub skus: Vec<String>,
}

/// See `Workbook::data_range`. Every part is an index seek (inventory per
/// (sku, warehouse) series), so a cold open stays cheap on big workbooks.
pub fn data_range_of(conn: &rusqlite::Connection) -> Result<Option<(Day, Day)>> {
    // One scalar subquery per bound and table: SQLite answers `SELECT min(x) FROM t` (alone)
    // from the index on x in O(log n), but `SELECT min(x), max(x)` scans the table.
    let r: (Option<Day>, Option<Day>) = conn.query_row(
        "SELECT min(a), max(b) FROM (
            SELECT (SELECT min(day) FROM orders) AS a, (SELECT max(day) FROM orders) AS b
            UNION ALL SELECT (SELECT min(day) FROM refunds), (SELECT max(day) FROM refunds)
            UNION ALL SELECT (SELECT min(day) FROM traffic), (SELECT max(day) FROM traffic)
            UNION ALL SELECT (SELECT min(day) FROM ads), (SELECT max(day) FROM ads)
            UNION ALL SELECT min(a), max(b) FROM (
                SELECT (SELECT min(day) FROM inventory i WHERE i.sku = p.sku AND i.warehouse = p.warehouse) AS a,
                       (SELECT max(day) FROM inventory i WHERE i.sku = p.sku AND i.warehouse = p.warehouse) AS b
                FROM inventory_pairs p)
            UNION ALL SELECT (SELECT min(day) FROM expenses), (SELECT max(day) FROM expenses))",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(r.0.zip(r.1))
}

/// The data end instant of rule 14: the newest ordered_at of any order. Local days and
/// instants differ by at most two days across time zones, so only the newest days are read.
pub fn data_end_instant_of(conn: &rusqlite::Connection) -> Result<Option<i64>> {
    Ok(conn.query_row(
        "SELECT max(ordered_ms) FROM orders WHERE day >= (SELECT max(day) FROM orders) - 2",
        [],
        |r| r.get(0),
    )?)
}

/// Units of a (store, sku) in the 30 and 90 days ending at a day.
pub type UnitWindow = (String, String, i64, i64);

#[derive(Debug, Clone)]
pub struct Snapshot {
    pub sku: String,
    pub warehouse: String,
    pub day: Day,
    pub store_id: Option<String>,
    pub on_hand: i64,
    pub inbound: Option<i64>,
}

/// A valid order with a customer (for customer metrics).
#[derive(Debug, Clone)]
pub struct CustomerOrder {
    pub oid: i64,
    pub customer_id: String,
    pub store_id: String,
    pub day: Day,
    pub first: bool,
    pub first_day: Day,
    pub acquisition: Option<String>,
    /// Local gmv, micro-units.
    pub gmv: i64,
}

/// A customer's orders in one store (and SKU): see `Workbook::customer_history`.
#[derive(Debug, Clone)]
pub struct CustomerHistory {
    pub customer_id: String,
    pub store_id: String,
    pub sku: Option<String>,
    pub orders_to_end: i64,
    pub last_before: Option<Day>,
    pub in_p: bool,
}

fn customer_order(r: &Row) -> rusqlite::Result<CustomerOrder> {
    Ok(CustomerOrder {
        oid: r.get(0)?,
        customer_id: r.get(1)?,
        store_id: r.get(2)?,
        day: r.get(3)?,
        first: r.get(4)?,
        first_day: r.get(5)?,
        acquisition: r.get(6)?,
        gmv: r.get(7)?,
    })
}

/// Ads totals of one campaign (store currency, micro-units).
#[derive(Debug, Clone)]
pub struct CampaignTotals {
    pub campaign: String,
    pub spend: i64,
    pub ad_sales: i64,
    pub spend_with_sales: i64,
    pub clicks: i64,
    pub impressions: i64,
}

/// One point of an external metric.
#[derive(Debug, Clone)]
pub struct ExtPoint {
    pub metric: String,
    pub level: String,
    pub key: String,
    pub day: Day,
    pub value: String,
}

#[derive(Debug, Clone)]
pub struct Target {
    pub level: String,
    pub key: String,
    pub metric: String,
    pub target: String,
}

impl Workbook {
    pub fn order_days(&self, from: Day, to: Day) -> Result<Arc<Vec<OrderDay>>> {
        self.memoized(("order_days", from, to), || self.read_order_days(from, to))
    }

    fn read_order_days(&self, from: Day, to: Day) -> Result<Vec<OrderDay>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT day, store_id, {FACT_COLS} FROM r_order_day WHERE day BETWEEN ?1 AND ?2"
        ))?;
        let rows = st.query_map(params![from, to], |r| {
            Ok(OrderDay {
                day: r.get(0)?,
                store_id: r.get(1)?,
                f: facts(r, 2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn line_days(&self, from: Day, to: Day) -> Result<Arc<Vec<LineDay>>> {
        self.memoized(("line_days", from, to), || self.read_line_days(from, to))
    }

    fn read_line_days(&self, from: Day, to: Day) -> Result<Vec<LineDay>> {
        line_days_of(&self.conn, from, to)
    }

    /// Monthly line facts of the months starting in [from, to].
    pub fn line_months(&self, from: Day, to: Day) -> Result<Arc<Vec<LineDay>>> {
        self.memoized(("line_months", from, to), || {
            self.read_line_months(from, to)
        })
    }

    fn read_line_months(&self, from: Day, to: Day) -> Result<Vec<LineDay>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT month, store_id, sku, gross, discount, units, {FACT_COLS}, gross_base, discount_base, cogs_base
             FROM r_line_month WHERE month BETWEEN ?1 AND ?2"
        ))?;
        let rows = st.query_map(params![from, to], |r| line_row(r, true))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Monthly order facts of the months starting in [from, to].
    pub fn order_months(&self, from: Day, to: Day) -> Result<Arc<Vec<OrderDay>>> {
        self.memoized(("order_months", from, to), || {
            self.read_order_months(from, to)
        })
    }

    fn read_order_months(&self, from: Day, to: Day) -> Result<Vec<OrderDay>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT month, store_id, {FACT_COLS} FROM r_order_month WHERE month BETWEEN ?1 AND ?2"
        ))?;
        let rows = st.query_map(params![from, to], |r| {
            Ok(OrderDay {
                day: r.get(0)?,
                store_id: r.get(1)?,
                f: facts(r, 2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Units of valid orders per (store, sku) in the 30 and 90 days ending at `end`.
    pub fn unit_windows(&self, end: Day) -> Result<Arc<Vec<UnitWindow>>> {
        self.memoized(("unit_windows", end, end), || self.read_unit_windows(end))
    }

    fn read_unit_windows(&self, end: Day) -> Result<Vec<UnitWindow>> {
        let mut st = self.conn.prepare_cached(
            "SELECT store_id, sku, sum(CASE WHEN day > ?1 - 30 THEN units ELSE 0 END), sum(units)
             FROM r_line_day WHERE day BETWEEN ?1 - 89 AND ?1 AND units > 0 GROUP BY store_id, sku",
        )?;
        let rows = st.query_map(params![end], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Units per (day, store, sku) of valid orders in the range (lighter than `line_days`).
    pub fn unit_days(&self, from: Day, to: Day) -> Result<Arc<Vec<UnitDay>>> {
        self.memoized(("unit_days", from, to), || self.read_unit_days(from, to))
    }

    fn read_unit_days(&self, from: Day, to: Day) -> Result<Vec<UnitDay>> {
        let mut st =
            self.conn.prepare_cached("SELECT day, store_id, sku, units FROM r_line_day WHERE day BETWEEN ?1 AND ?2 AND units > 0")?;
        let rows = st.query_map(params![from, to], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Refunds dated in the range, with their order's store (of `store` only, if
    /// given: from the memo when an unscoped read of the range is there).
    pub fn refunds(&self, from: Day, to: Day, store: Option<&str>) -> Result<Arc<Vec<Refund>>> {
        if let Some(all) = self.memo_get::<Vec<Refund>>(("refunds", from, to))? {
            return Ok(match store {
                None => all,
                Some(s) => Arc::new(all.iter().filter(|r| r.store_id == s).cloned().collect()),
            });
        }
        let mut st = self.conn.prepare_cached(
            "SELECT oid, store_id, day, amount, sku, is_return FROM refunds
             WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR store_id = ?3)",
        )?;
        let rows = st.query_map(params![from, to, store], |r| {
            Ok(Refund {
                oid: r.get(0)?,
                store_id: r.get(1)?,
                day: r.get(2)?,
                amount: r.get(3)?,
                sku: r.get(4)?,
                is_return: r.get(5)?,
            })
        })?;
        let v = Arc::new(rows.collect::<rusqlite::Result<Vec<_>>>()?);
        if store.is_none() {
            self.memo()?.reads.insert(("refunds", from, to), v.clone());
        }
        Ok(v)
    }

    /// Lines (sku, gmv) of the orders selected by `orders_sql` (a `SELECT oid ...`
    /// with the day range as ?1, ?2 and an optional store as ?3), in one query.
    fn lines_where(
        &self,
        orders_sql: &str,
        from: Day,
        to: Day,
        store: Option<&str>,
    ) -> Result<HashMap<i64, OrderLines>> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT oid, sku, gross - discount FROM order_lines WHERE oid IN ({orders_sql}) ORDER BY oid, sku"
        ))?;
        let mut out: HashMap<i64, OrderLines> = HashMap::new();
        for r in st.query_map(params![from, to, store], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })? {
            let (o, sku, g) = r?;
            out.entry(o).or_default().push((sku, g));
        }
        Ok(out)
    }

    /// Lines of the orders of the refunds without a SKU dated in [from, to] (their
    /// splits), of `store`'s refunds only if given (or of every store's, from the memo).
    pub fn refund_split_lines(
        &self,
        from: Day,
        to: Day,
        store: Option<&str>,
    ) -> Result<Arc<HashMap<i64, OrderLines>>> {
        self.split_lines_memo(("refunds", "refund_split_lines"), from, to, store, |wb, store| {
            wb.lines_where(
                "SELECT oid FROM refunds WHERE day BETWEEN ?1 AND ?2 AND sku IS NULL AND (?3 IS NULL OR store_id = ?3)",
                from,
                to,
                store,
            )
        })
    }

    /// Lines of the orders of the expenses with an order but no SKU dated in [from, to]
    /// (of `store`'s expenses only, if given: their own store, else their order's).
    pub fn expense_split_lines(
        &self,
        from: Day,
        to: Day,
        store: Option<&str>,
    ) -> Result<Arc<HashMap<i64, OrderLines>>> {
        self.split_lines_memo(
            ("expenses", "expense_split_lines"),
            from,
            to,
            store,
            |wb, store| {
                wb.lines_where(
                    "SELECT e.oid FROM expenses e LEFT JOIN orders o ON o.oid = e.oid
                 WHERE e.day BETWEEN ?1 AND ?2 AND e.sku IS NULL AND e.oid IS NOT NULL
                   AND (?3 IS NULL OR coalesce(e.store_id, o.store_id) = ?3)",
                    from,
                    to,
                    store,
                )
            },
        )
    }

    /// Split lines of `of` (the memo key of the refunds or expenses they split, and
    /// their own) from the memo (every store's: a superset of one store's, looked up
    /// by order), else read. A store's read is of every store, and kept, once the
    /// memo holds every store's `of` of the range: the other stores' reports of the
    /// same view follow.
    fn split_lines_memo(
        &self,
        (of, lines): (&'static str, &'static str),
        from: Day,
        to: Day,
        store: Option<&str>,
        read: impl Fn(&Workbook, Option<&str>) -> Result<SplitLines>,
    ) -> Result<Arc<SplitLines>> {
        let key = (lines, from, to);
        if let Some(all) = self.memo_get::<SplitLines>(key)? {
            return Ok(all);
        }
        let batch = store.is_none() || self.memo()?.reads.contains_key(&(of, from, to));
        if batch {
            self.memoized(key, || read(self, None))
        } else {
            Ok(Arc::new(read(self, store)?))
        }
    }

    /// Lines of the orders of the tickets opened in [from, to].
    pub fn ticket_lines(&self, from: Day, to: Day) -> Result<HashMap<i64, OrderLines>> {
        self.lines_where(
            "SELECT oid FROM tickets WHERE day BETWEEN ?1 AND ?2 AND oid IS NOT NULL AND (?3 IS NULL OR store_id = ?3)",
            from,
            to,
            None,
        )
    }

    pub fn traffic_days(&self, from: Day, to: Day) -> Result<Arc<Vec<TrafficDay>>> {
        self.memoized(("traffic_days", from, to), || {
            self.read_traffic_days(from, to)
        })
    }

    fn read_traffic_days(&self, from: Day, to: Day) -> Result<Vec<TrafficDay>> {
        let mut st = self.conn.prepare_cached(
            "SELECT day, store_id, sku, sessions,
                    coalesce(page_views, 0), page_views IS NOT NULL,
                    coalesce(add_to_cart, 0), add_to_cart IS NOT NULL,
                    coalesce(bounced_sessions, 0), bounced_sessions IS NOT NULL,
                    coalesce(mobile_sessions, 0), mobile_sessions IS NOT NULL,
                    coalesce(checkouts, 0), checkouts IS NOT NULL
             FROM traffic WHERE day BETWEEN ?1 AND ?2",
        )?;
        let rows = st.query_map(params![from, to], |r| {
            let sessions: i64 = r.get(3)?;
            let k = |i: usize| -> rusqlite::Result<(i64, i64, i64)> {
                let known: bool = r.get(i + 1)?;
                Ok((r.get(i)?, known as i64, if known { sessions } else { 0 }))
            };
            let sku: String = r.get(2)?;
            let atc = k(6)?;
            let ck: (i64, bool) = (r.get(12)?, r.get(13)?);
            let both = ck.1 && atc.1 == 1;
            Ok(TrafficDay {
                day: r.get(0)?,
                store_id: r.get(1)?,
                sku: (!sku.is_empty()).then_some(sku),
                sessions,
                page_views: k(4)?,
                add_to_cart: atc,
                bounced: k(8)?,
                mobile: k(10)?,
                checkouts: (ck.0, ck.1 as i64),
                checkout_pair: if both { (ck.0, atc.0, 1) } else { (0, 0, 0) },
                rows: 1,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Ads aggregated per (day, store, sku) with the known-part sums of rule 7.
    pub fn ads_days(&self, from: Day, to: Day) -> Result<Arc<Vec<AdsDay>>> {
        self.memoized(("ads_days", from, to), || self.read_ads_days(from, to))
    }

    fn read_ads_days(&self, from: Day, to: Day) -> Result<Vec<AdsDay>> {
        ads_days_of(&self.conn, from, to)
    }

    /// Monthly ads facts of the months starting in [from, to].
    pub fn ads_months(&self, from: Day, to: Day) -> Result<Arc<Vec<AdsDay>>> {
        self.memoized(("ads_months", from, to), || self.read_ads_months(from, to))
    }

    fn read_ads_months(&self, from: Day, to: Day) -> Result<Vec<AdsDay>> {
        let mut st = self.conn.prepare_cached(
            "SELECT month, store_id, sku, rows, impressions, impressions_known, clicks, clicks_known,
                    ad_sales_known, ad_orders, ad_orders_known, ctr_clicks, ctr_impressions, ctr_rows,
                    cvr_orders, cvr_clicks, cvr_rows, spend, ad_sales, spend_sales_known, spend_clicks_known, spend_imp_known
             FROM r_ads_month WHERE month BETWEEN ?1 AND ?2",
        )?;
        let rows = st.query_map(params![from, to], |r| {
            let sku: String = r.get(2)?;
            let dec = |i: usize| -> rusqlite::Result<Option<rust_decimal::Decimal>> {
                Ok(r.get::<_, Option<String>>(i)?.and_then(|s| s.parse().ok()))
            };
            Ok(AdsDay {
                day: r.get(0)?,
                store_id: r.get(1)?,
                sku: (!sku.is_empty()).then_some(sku),
                rows: r.get(3)?,
                spend: 0,
                impressions: (r.get(4)?, r.get(5)?),
                clicks: (r.get(6)?, r.get(7)?),
                ad_sales: (0, r.get(8)?),
                ad_orders: (r.get(9)?, r.get(10)?),
                spend_sales_known: 0,
                spend_clicks_known: 0,
                spend_imp_known: 0,
                ctr_pair: (r.get(11)?, r.get(12)?, r.get(13)?),
                cvr_pair: (r.get(14)?, r.get(15)?, r.get(16)?),
                base: Some([dec(17)?, dec(18)?, dec(19)?, dec(20)?, dec(21)?]),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Monthly traffic facts of the months starting in [from, to].
    pub fn traffic_months(&self, from: Day, to: Day) -> Result<Arc<Vec<TrafficDay>>> {
        self.memoized(("traffic_months", from, to), || {
            self.read_traffic_months(from, to)
        })
    }

    fn read_traffic_months(&self, from: Day, to: Day) -> Result<Vec<TrafficDay>> {
        let mut st = self.conn.prepare_cached(
            "SELECT month, store_id, sku, rows, sessions, page_views, page_views_known, page_views_sessions,
                    add_to_cart, add_to_cart_known, add_to_cart_sessions, bounced, bounced_known, bounced_sessions,
                    mobile, mobile_known, mobile_sessions, checkouts, checkouts_known,
                    pair_checkouts, pair_add_to_cart, pair_rows
             FROM r_traffic_month WHERE month BETWEEN ?1 AND ?2",
        )?;
        let rows = st.query_map(params![from, to], |r| {
            let sku: String = r.get(2)?;
            Ok(TrafficDay {
                day: r.get(0)?,
                store_id: r.get(1)?,
                sku: (!sku.is_empty()).then_some(sku),
                rows: r.get(3)?,
                sessions: r.get(4)?,
                page_views: (r.get(5)?, r.get(6)?, r.get(7)?),
                add_to_cart: (r.get(8)?, r.get(9)?, r.get(10)?),
                bounced: (r.get(11)?, r.get(12)?, r.get(13)?),
                mobile: (r.get(14)?, r.get(15)?, r.get(16)?),
                checkouts: (r.get(17)?, r.get(18)?),
                checkout_pair: (r.get(19)?, r.get(20)?, r.get(21)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Campaign totals of one store in a range (store currency, micro-units), biggest spend first.
    pub fn campaigns(&self, store_id: &str, from: Day, to: Day) -> Result<Vec<CampaignTotals>> {
        let mut st = self.conn.prepare_cached(
            "SELECT campaign, sum(spend), coalesce(sum(ad_sales), 0),
                    coalesce(sum(CASE WHEN ad_sales IS NOT NULL THEN spend END), 0),
                    coalesce(sum(clicks), 0), coalesce(sum(impressions), 0)
             FROM ads WHERE store_id = ?1 AND day BETWEEN ?2 AND ?3 GROUP BY campaign ORDER BY sum(spend) DESC",
        )?;
        let rows = st.query_map(params![store_id, from, to], |r| {
            Ok(CampaignTotals {
                campaign: r.get(0)?,
                spend: r.get(1)?,
                ad_sales: r.get(2)?,
                spend_with_sales: r.get(3)?,
                clicks: r.get(4)?,
                impressions: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Expenses dated in the range, with their own store or else their order's
    /// (of `store` only, if given: from the memo when an unscoped read is there).
    pub fn expenses(&self, from: Day, to: Day, store: Option<&str>) -> Result<Arc<Vec<Expense>>> {
        if let Some(all) = self.memo_get::<Vec<Expense>>(("expenses", from, to))? {
            return Ok(match store {
                None => all,
                Some(s) => Arc::new(
                    all.iter()
                        .filter(|e| e.store_id.as_deref() == Some(s))
                        .cloned()
                        .collect(),
                ),
            });
        }
        let mut st = self.conn.prepare_cached(
            "SELECT e.day, e.category, e.amount, e.currency, coalesce(e.store_id, o.store_id), e.sku, e.oid
             FROM expenses e LEFT JOIN orders o ON o.oid = e.oid
             WHERE e.day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR coalesce(e.store_id, o.store_id) = ?3)",
        )?;
        let rows = st.query_map(params![from, to, store], |r| {
            Ok(Expense {
                day: r.get(0)?,
                category: r.get::<_, i64>(1)? as usize,
                amount: r.get(2)?,
                currency: r.get(3)?,
                store_id: r.get(4)?,
                sku: r.get(5)?,
                oid: r.get(6)?,
            })
        })?;
        let v = Arc::new(rows.collect::<rusqlite::Result<Vec<_>>>()?);
        if store.is_none() {
            self.memo()?.reads.insert(("expenses", from, to), v.clone());
        }
        Ok(v)
    }

    pub fn reviews(&self, from: Day, to: Day) -> Result<Vec<Review>> {
        let mut st = self.conn.prepare_cached(
            "SELECT store_id, sku, rating FROM reviews WHERE day BETWEEN ?1 AND ?2",
        )?;
        let rows = st.query_map(params![from, to], |r| {
            Ok(Review {
                store_id: r.get(0)?,
                sku: r.get(1)?,
                rating: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn surveys(&self, from: Day, to: Day) -> Result<Vec<Survey>> {
        let mut st = self.conn.prepare_cached(
            "SELECT store_id, kind, score FROM surveys WHERE day BETWEEN ?1 AND ?2",
        )?;
        let rows = st.query_map(params![from, to], |r| {
            Ok(Survey {
                store_id: r.get(0)?,
                kind: r.get(1)?,
                score: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Tickets opened in the range (local day of their store).
    pub fn tickets(&self, from: Day, to: Day) -> Result<Vec<Ticket>> {
        let mut st = self.conn.prepare_cached(
            "SELECT store_id, oid, opened_ms, first_response_ms, resolved_ms, escalated, resolved_first_contact
             FROM tickets WHERE day BETWEEN ?1 AND ?2",
        )?;
        let rows = st.query_map(params![from, to], |r| {
            Ok(Ticket {
                store_id: r.get(0)?,
                oid: r.get(1)?,
                opened_ms: r.get(2)?,
                first_response_ms: r.get(3)?,
                resolved_ms: r.get(4)?,
                escalated: r.get(5)?,
                first_contact: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Inventory snapshots that are effective somewhere in [from, to]: every
    /// snapshot dated in the range plus the newest one before it, per (sku, warehouse).
    pub fn snapshots(&self, from: Day, to: Day) -> Result<Arc<Vec<Snapshot>>> {
        self.memoized(("snapshots", from, to), || self.read_snapshots(from, to))
    }

    fn read_snapshots(&self, from: Day, to: Day) -> Result<Vec<Snapshot>> {
        let mut st = self.conn.prepare_cached(
            "SELECT i.sku, i.warehouse, i.day, i.store_id, i.on_hand, i.inbound FROM inventory i
             JOIN (SELECT sku, warehouse, max(day) AS day FROM inventory WHERE day < ?1 GROUP BY sku, warehouse) b
               ON b.sku = i.sku AND b.warehouse = i.warehouse AND b.day = i.day
             UNION ALL
             SELECT sku, warehouse, day, store_id, on_hand, inbound FROM inventory WHERE day BETWEEN ?1 AND ?2
             ORDER BY 1, 2, 3",
        )?;
        let rows = st.query_map(params![from, to], |r| {
            Ok(Snapshot {
                sku: r.get(0)?,
                warehouse: r.get(1)?,
                day: r.get(2)?,
                store_id: r.get(3)?,
                on_hand: r.get(4)?,
                inbound: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Valid orders with a customer placed in [from, to], with their first-order
    /// marks and (with `gmv`; else 0) their local gmv.
    pub fn customer_orders(&self, from: Day, to: Day, gmv: bool) -> Result<Vec<CustomerOrder>> {
        let gmv = if gmv {
            "(SELECT coalesce(sum(l.gross - l.discount), 0) FROM order_lines l WHERE l.oid = o.oid)"
        } else {
            "0"
        };
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT o.oid, o.customer_id, o.store_id, o.day, o.is_first, o.first_day, o.acquisition, {gmv}
             FROM orders o
             WHERE o.day BETWEEN ?1 AND ?2 AND o.status < 3 AND o.customer_id IS NOT NULL AND o.first_day IS NOT NULL"
        ))?;
        let rows = st.query_map(params![from, to], customer_order)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Per (customer, store) — and with `by_sku` also per (customer, store, sku) — the
    /// valid orders up to `end`, the last order day before `start` and whether
    /// there is one in [start, end].
    pub fn customer_history(
        &self,
        start: Day,
        end: Day,
        by_sku: bool,
    ) -> Result<Vec<CustomerHistory>> {
        let mut out = Vec::new();
        let mut st = self.conn.prepare_cached(
            "SELECT customer_id, store_id, count(*), max(CASE WHEN day < ?1 THEN day END), max(day >= ?1)
             FROM orders WHERE status < 3 AND customer_id IS NOT NULL AND day <= ?2
             GROUP BY customer_id, store_id",
        )?;
        let rows = st.query_map(params![start, end], |r| {
            Ok(CustomerHistory {
                customer_id: r.get(0)?,
                store_id: r.get(1)?,
                sku: None,
                orders_to_end: r.get(2)?,
                last_before: r.get(3)?,
                in_p: r.get(4)?,
            })
        })?;
        for r in rows {
            out.push(r?);
        }
        if by_sku {
            let mut st = self.conn.prepare_cached(
                "SELECT o.customer_id, o.store_id, l.sku, count(*), max(CASE WHEN o.day < ?1 THEN o.day END), max(o.day >= ?1)
                 FROM orders o JOIN order_lines l ON l.oid = o.oid
                 WHERE o.status < 3 AND o.customer_id IS NOT NULL AND o.day <= ?2
                 GROUP BY o.customer_id, o.store_id, l.sku",
            )?;
            let rows = st.query_map(params![start, end], |r| {
                Ok(CustomerHistory {
                    customer_id: r.get(0)?,
                    store_id: r.get(1)?,
                    sku: Some(r.get(2)?),
                    orders_to_end: r.get(3)?,
                    last_before: r.get(4)?,
                    in_p: r.get(5)?,
                })
            })?;
            for r in rows {
                out.push(r?);
            }
        }
        Ok(out)
    }

    /// Customers' first orders placed in [from, to].
    pub fn first_orders(&self, from: Day, to: Day) -> Result<Vec<CustomerOrder>> {
        let mut st = self.conn.prepare_cached(
            "SELECT oid, customer_id, store_id, day, 1, day, acquisition, 0
             FROM orders WHERE day BETWEEN ?1 AND ?2 AND is_first = 1",
        )?;
        let rows = st.query_map(params![from, to], customer_order)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Lines (sku, local gmv) of the valid orders with a customer placed in [from, to].
    pub fn customer_lines(&self, from: Day, to: Day) -> Result<HashMap<i64, OrderLines>> {
        let mut st = self.conn.prepare_cached(
            "SELECT o.oid, l.sku, l.gross - l.discount FROM orders o JOIN order_lines l ON l.oid = o.oid
             WHERE o.status < 3 AND o.customer_id IS NOT NULL AND o.day BETWEEN ?1 AND ?2",
        )?;
        let mut out: HashMap<i64, OrderLines> = HashMap::new();
        let rows = st.query_map(params![from, to], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        for r in rows {
            let (o, sku, g) = r?;
            out.entry(o).or_default().push((sku, g));
        }
        Ok(out)
    }

    pub fn targets(&self, period: &str) -> Result<Vec<Target>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT level, key, metric, target FROM targets WHERE period = ?1")?;
        let rows = st.query_map([period], |r| {
            Ok(Target {
                level: r.get(0)?,
                key: r.get(1)?,
                metric: r.get(2)?,
                target: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// External metrics (time series imported from metrics.csv) dated in the range.
    pub fn external_metrics(&self, from: Day, to: Day) -> Result<Vec<ExtPoint>> {
        let mut st = self.conn.prepare_cached(
            "SELECT metric, level, key, day, value FROM ext_metrics WHERE day BETWEEN ?1 AND ?2 ORDER BY metric, level, key, day",
        )?;
        let rows = st.query_map(params![from, to], |r| {
            Ok(ExtPoint {
                metric: r.get(0)?,
                level: r.get(1)?,
                key: r.get(2)?,
                day: r.get(3)?,
                value: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The data range of kpi-spec rule 13: the oldest and newest local date of any
    /// order, refund, traffic, ads, inventory or expense row.
    pub fn data_range(&self) -> Result<Option<(Day, Day)>> {
        data_range_of(&self.conn)
    }

    /// Valid orders placed in [from, to] that have not shipped and whose ship_by lies
    /// after `after_ms` (not yet due, rule 14): (oid, store_id, SKUs of the order).
    pub fn undue_orders(&self, from: Day, to: Day, after_ms: i64) -> Result<Vec<UndueOrder>> {
        let mut st = self.conn.prepare_cached(
            "SELECT o.oid, o.store_id, (SELECT group_concat(l.sku, char(31)) FROM order_lines l WHERE l.oid = o.oid)
             FROM orders o INDEXED BY orders_ship_by
             WHERE o.ship_by_ms IS NOT NULL AND o.ship_by_ms > ?3 AND o.day BETWEEN ?1 AND ?2 AND o.status < 3
               AND NOT EXISTS (SELECT 1 FROM shipments s WHERE s.oid = o.oid AND s.shipped_ms IS NOT NULL)",
        )?;
        let rows = st.query_map(params![from, to, after_ms], |r| {
            let skus: Option<String> = r.get(2)?;
            Ok(UndueOrder {
                oid: r.get(0)?,
                store_id: r.get(1)?,
                skus: skus
                    .map(|s| s.split('\u{1f}').map(str::to_string).collect())
                    .unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Workbook {
    /// (customer, store, is its first order, first-order day, order day) of every valid
    /// order of the customers whose first order was placed in [from, to].
    pub fn cohort_orders(&self, from: Day, to: Day) -> Result<Vec<CohortOrder>> {
        let mut st = self.conn.prepare_cached(
            "SELECT customer_id, store_id, is_first, first_day, day FROM orders
             WHERE status < 3 AND first_day BETWEEN ?1 AND ?2 AND day >= ?1",
        )?;
        let rows = st.query_map(params![from, to], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// (customer, store, is first order, first-order day, order day)
pub type CohortOrder = (String, String, bool, Day, Day);

/// Reviews of a (store, SKU) summed over a range (experience rollups).
#[derive(Debug, Clone)]
pub struct ReviewSums {
    pub store_id: String,
    pub sku: Option<String>,
    pub reviews: i64,
    pub rating_sum: i64,
    /// rating ≤ 2 and ≥ 4
    pub negative: i64,
    pub positive: i64,
}

/// Survey responses of a (store, kind) summed over a range.
#[derive(Debug, Clone)]
pub struct SurveySums {
    pub store_id: String,
    pub kind: i64,
    pub responses: i64,
    /// score ≥ 9, ≤ 6 (NPS) and ≥ 4 (CSAT)
    pub promoters: i64,
    pub detractors: i64,
    pub good: i64,
}

/// Tickets of a store (and with a SKU: of the orders containing it) summed over a range.
#[derive(Debug, Clone)]
pub struct TicketSums {
    pub store_id: String,
    pub sku: Option<String>,
    pub tickets: i64,
    pub escalated: i64,
    pub first_responses: i64,
    pub first_response_ms: i64,
    pub resolved: i64,
    pub resolution_ms: i64,
    pub first_contact: i64,
}

/// Which experience rollup table a read uses: the daily or the monthly one.
fn exp_table(base: &str, monthly: bool) -> (String, &'static str) {
    if monthly {
        (format!("{base}_month"), "month")
    } else {
        (format!("{base}_day"), "day")
    }
}

impl Workbook {
    /// True when the workbook holds the experience rollups (schema 4; an older
    /// workbook opened read-only has none, and the engine reads the raw rows).
    pub fn has_experience_rollups(&self) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'r_ticket_sku_month'",
            )?
            .exists([])?)
    }

    /// Reviews per (store, sku) of the days (or with `monthly` the months starting) in [from, to].
    pub fn review_sums(&self, from: Day, to: Day, monthly: bool) -> Result<Arc<Vec<ReviewSums>>> {
        let key = ["review_days", "review_months"][usize::from(monthly)];
        self.memoized((key, from, to), || self.read_review_sums(from, to, monthly))
    }

    fn read_review_sums(&self, from: Day, to: Day, monthly: bool) -> Result<Vec<ReviewSums>> {
        let (t, d) = exp_table("r_review", monthly);
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT store_id, sku, sum(reviews), sum(rating_sum), sum(negative), sum(positive)
             FROM {t} WHERE {d} BETWEEN ?1 AND ?2 GROUP BY store_id, sku"
        ))?;
        let rows = st.query_map(params![from, to], |r| {
            let sku: String = r.get(1)?;
            Ok(ReviewSums {
                store_id: r.get(0)?,
                sku: (!sku.is_empty()).then_some(sku),
                reviews: r.get(2)?,
                rating_sum: r.get(3)?,
                negative: r.get(4)?,
                positive: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Survey responses per (store, kind) of the days (or months) in [from, to].
    pub fn survey_sums(&self, from: Day, to: Day, monthly: bool) -> Result<Arc<Vec<SurveySums>>> {
        let key = ["survey_days", "survey_months"][usize::from(monthly)];
        self.memoized((key, from, to), || self.read_survey_sums(from, to, monthly))
    }

    fn read_survey_sums(&self, from: Day, to: Day, monthly: bool) -> Result<Vec<SurveySums>> {
        let (t, d) = exp_table("r_survey", monthly);
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT store_id, kind, sum(responses), sum(promoters), sum(detractors), sum(good)
             FROM {t} WHERE {d} BETWEEN ?1 AND ?2 GROUP BY store_id, kind"
        ))?;
        let rows = st.query_map(params![from, to], |r| {
            Ok(SurveySums {
                store_id: r.get(0)?,
                kind: r.get(1)?,
                responses: r.get(2)?,
                promoters: r.get(3)?,
                detractors: r.get(4)?,
                good: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Tickets per store (with `by_sku`: per (store, sku) of their orders' SKUs)
    /// opened on the days (or months) in [from, to].
    pub fn ticket_sums(
        &self,
        from: Day,
        to: Day,
        monthly: bool,
        by_sku: bool,
    ) -> Result<Arc<Vec<TicketSums>>> {
        let key = [
            ["ticket_days", "ticket_months"],
            ["ticket_sku_days", "ticket_sku_months"],
        ][usize::from(by_sku)][usize::from(monthly)];
        self.memoized((key, from, to), || {
            self.read_ticket_sums(from, to, monthly, by_sku)
        })
    }

    fn read_ticket_sums(
        &self,
        from: Day,
        to: Day,
        monthly: bool,
        by_sku: bool,
    ) -> Result<Vec<TicketSums>> {
        let (t, d) = exp_table(if by_sku { "r_ticket_sku" } else { "r_ticket" }, monthly);
        let (sku, keys) = if by_sku {
            ("sku", "store_id, sku")
        } else {
            ("NULL", "store_id")
        };
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT store_id, {sku}, sum(tickets), sum(escalated), sum(first_responses), sum(first_response_ms),
                    sum(resolved), sum(resolution_ms), sum(first_contact)
             FROM {t} WHERE {d} BETWEEN ?1 AND ?2 GROUP BY {keys}"
        ))?;
        let rows = st.query_map(params![from, to], |r| {
            Ok(TicketSums {
                store_id: r.get(0)?,
                sku: r.get(1)?,
                tickets: r.get(2)?,
                escalated: r.get(3)?,
                first_responses: r.get(4)?,
                first_response_ms: r.get(5)?,
                resolved: r.get(6)?,
                resolution_ms: r.get(7)?,
                first_contact: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Units of valid orders of one (day, store, sku).
pub type UnitDay = (Day, String, String, i64);
