//! Rollups maintained at import time, so that no panel refresh reads raw order
//! lines: per (day, store) order facts and per (day, store, sku) line facts, and
//! each customer's first order. Only the days an import touched are rebuilt.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use anyhow::Result;
use chrono::Datelike;
use rusqlite::{Transaction, params};
use rust_decimal::Decimal;

use super::load_master;
use super::money::to_base;
use super::query::{AdsDay, LineDay, ads_days_of, line_days_of};
use crate::util::{Day, date_of, day_of};

/// Per-order facts of the orders placed on the dirty days, materialised once into
/// `temp.facts`. `{tickets}` and `{defect}` are filled by `order_facts`.
const ORDER_FACTS: &str = "
    DROP TABLE IF EXISTS temp.facts;
    CREATE TEMP TABLE facts AS
    SELECT o.oid, o.store_id, o.day, o.status, o.device, o.customer_id, o.is_first,
           o.ordered_ms, o.ship_by_ms, s.shipped_ms, s.delivered_ms, coalesce(s.damaged, 0) AS damaged,
           {tickets} AS has_ticket, {defect} AS defect
    FROM orders o
    LEFT JOIN shipments s ON s.oid = o.oid
    {joins}
    WHERE o.day IN (SELECT day FROM temp.dirty_days);";

/// The facts query: a full rebuild joins tickets and reviews as grouped sets (one
/// pass each); an incremental one looks them up per order through their indexes.
fn order_facts(incremental: bool) -> String {
    if incremental {
        ORDER_FACTS
            .replace("{tickets}", "EXISTS (SELECT 1 FROM tickets t WHERE t.oid = o.oid)")
            .replace(
                "{defect}",
                "(EXISTS (SELECT 1 FROM reviews r WHERE r.oid = o.oid AND r.rating <= 2)
                  OR EXISTS (SELECT 1 FROM tickets t WHERE t.oid = o.oid AND t.category IN (2, 3)))",
            )
            .replace("{joins}", "")
    } else {
        ORDER_FACTS.replace("{tickets}", "t.oid IS NOT NULL").replace("{defect}", "(coalesce(t.claim, 0) OR r.oid IS NOT NULL)").replace(
            "{joins}",
            "LEFT JOIN (SELECT oid, max(category IN (2, 3)) AS claim FROM tickets WHERE oid IS NOT NULL GROUP BY oid) t ON t.oid = o.oid
             LEFT JOIN (SELECT DISTINCT oid FROM reviews WHERE oid IS NOT NULL AND rating <= 2) r ON r.oid = o.oid",
        )
    }
}

/// Brings the rollups up to date with what this transaction touched
/// (`temp.touched` orders and `temp.dirty_days` the import filled).
/// With `incremental` false (a first import) every day with orders is rebuilt.
/// (Touched orders are looked up with `oid IN (…)`: a join lets SQLite scan a
/// whole index of orders instead.)
/// A first import has marked the first orders as it wrote them (the orders are
/// all its own), so only an incremental refresh marks them here.
pub fn refresh(tx: &Transaction, incremental: bool) -> Result<()> {
    if incremental {
        mark_first_orders(tx, incremental)?;
    }
    if incremental {
        tx.execute_batch(
            "INSERT OR IGNORE INTO temp.dirty_days SELECT day FROM orders WHERE oid IN (SELECT oid FROM temp.touched);
",
        )?;
    } else {
        tx.execute_batch("INSERT OR IGNORE INTO temp.dirty_days SELECT DISTINCT day FROM orders;")?;
    }
    let dirty: i64 = tx.query_row("SELECT count(*) FROM temp.dirty_days", [], |r| r.get(0))?;
    if dirty == 0 {
        return Ok(());
    }
    let facts = order_facts(incremental);
    tx.execute_batch(&format!(
        "{facts}
         DELETE FROM r_order_day WHERE day IN (SELECT day FROM temp.dirty_days);
         DELETE FROM r_line_day WHERE day IN (SELECT day FROM temp.dirty_days);"
    ))?;
    aggregate_facts(tx)?;
    tx.execute_batch("DROP TABLE temp.facts;")?;
    Ok(())
}

/// The per-order facts as read from `temp.facts` (columns in this order).
const FACT_COLUMNS: &str =
    "f.day, f.store_id, f.status, f.device, f.is_first, f.ordered_ms, f.ship_by_ms,
    f.shipped_ms, f.delivered_ms, f.damaged, f.has_ticket, f.defect";

/// One order's contribution to the 15 order-fact sums (`FACTS`, in order; valid =
/// status < 3): orders, valid, cancelled, payment failed, mobile (and app), shipped,
/// with a ship-by, shipped on time, ms to ship, delivered, ms to deliver, damaged,
/// with a ticket, with a defect (claim or a review of 2 or less), first orders.
fn fact_row(r: &rusqlite::Row) -> rusqlite::Result<[i64; 15]> {
    let status: i64 = r.get(2)?;
    let device: Option<i64> = r.get(3)?;
    let truth = |i: usize| -> rusqlite::Result<bool> {
        Ok(r.get::<_, Option<i64>>(i)?.is_some_and(|v| v != 0))
    };
    let ordered: i64 = r.get(5)?;
    let ship_by: Option<i64> = r.get(6)?;
    let shipped: Option<i64> = r.get(7)?;
    let delivered: Option<i64> = r.get(8)?;
    let valid = status < 3;
    let v = |b: bool| i64::from(valid && b);
    let both = shipped.zip(delivered);
    Ok([
        1,
        v(true),
        i64::from(status == 3),
        i64::from(status == 4),
        v(matches!(device, Some(0 | 2))),
        v(shipped.is_some()),
        v(ship_by.is_some()),
        v(shipped.zip(ship_by).is_some_and(|(s, b)| s <= b)),
        if valid {
            shipped.map_or(0, |s| s - ordered)
        } else {
            0
        },
        v(both.is_some()),
        if valid {
            both.map_or(0, |(s, d)| d - s)
        } else {
            0
        },
        v(shipped.is_some() && truth(9)?),
        v(truth(10)?),
        v(truth(11)?),
        v(truth(4)?),
    ])
}

/// Adds `b` to `a`, failing as SQL's sum() does on an overflow.
fn add_facts<const N: usize>(a: &mut [i64; N], b: &[i64; N]) -> Result<()> {
    for (x, y) in a.iter_mut().zip(b) {
        *x = x
            .checked_add(*y)
            .ok_or_else(|| anyhow::anyhow!("integer overflow: the daily order rollups"))?;
    }
    Ok(())
}

/// (day, store, sku) → (gross, discount, units; the order facts), stores and SKUs numbered.
type LineSums = rustc_hash::FxHashMap<(Day, u32, u32), ([i64; 3], [i64; 15])>;

/// `r_order_day` and `r_line_day` of the orders in `temp.facts`, summed in one
/// pass over the facts (and one over their lines) instead of SQL GROUP BYs.
fn aggregate_facts(tx: &Transaction) -> Result<()> {
    let mut stores: Vec<String> = Vec::new();
    let mut store_no: rustc_hash::FxHashMap<String, u32> = Default::default();
    let mut code = |s: &str, dict: &mut Vec<String>| -> u32 {
        if let Some(&i) = store_no.get(s) {
            return i;
        }
        let i = dict.len() as u32;
        store_no.insert(s.to_string(), i);
        dict.push(s.to_string());
        i
    };
    let mut days: rustc_hash::FxHashMap<(Day, u32), [i64; 15]> = Default::default();
    {
        let mut st = tx.prepare(&format!("SELECT {FACT_COLUMNS} FROM temp.facts f"))?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let f = fact_row(r)?;
            let key = (
                r.get::<_, Day>(0)?,
                code(r.get_ref(1)?.as_str()?, &mut stores),
            );
            add_facts(days.entry(key).or_insert([0; 15]), &f)?;
        }
    }
    let mut skus: Vec<String> = Vec::new();
    let mut sku_no: rustc_hash::FxHashMap<String, u32> = Default::default();
    let mut lines: LineSums = Default::default();
    {
        let mut st = tx.prepare(&format!(
            "SELECT {FACT_COLUMNS}, l.sku, l.gross, l.discount, l.qty
             FROM temp.facts f JOIN order_lines l ON l.oid = f.oid"
        ))?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let f = fact_row(r)?;
            let store = code(r.get_ref(1)?.as_str()?, &mut stores);
            let sku = {
                let s = r.get_ref(12)?.as_str()?;
                match sku_no.get(s) {
                    Some(&i) => i,
                    None => {
                        let i = skus.len() as u32;
                        sku_no.insert(s.to_string(), i);
                        skus.push(s.to_string());
                        i
                    }
                }
            };
            let money = if r.get::<_, i64>(2)? < 3 {
                [r.get(13)?, r.get(14)?, r.get(15)?]
            } else {
                [0; 3]
            };
            let e = lines
                .entry((r.get(0)?, store, sku))
                .or_insert(([0; 3], [0; 15]));
            add_facts(&mut e.0, &money)?;
            add_facts(&mut e.1, &f)?;
        }
    }
    let marks = |n: usize, from: usize| {
        (from..from + n)
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut days: Vec<_> = days.into_iter().collect();
    days.sort_unstable_by(|a, b| {
        (a.0.0, &stores[a.0.1 as usize]).cmp(&(b.0.0, &stores[b.0.1 as usize]))
    });
    let mut ins = tx.prepare(&format!(
        "INSERT INTO r_order_day VALUES (?1, ?2, {})",
        marks(15, 3)
    ))?;
    for ((day, store), f) in &days {
        let mut p: Vec<&dyn rusqlite::ToSql> = vec![day, &stores[*store as usize]];
        p.extend(f.iter().map(|v| v as &dyn rusqlite::ToSql));
        ins.execute(p.as_slice())?;
    }
    let mut lines: Vec<_> = lines.into_iter().collect();
    let key = |k: &(Day, u32, u32)| (k.0, &stores[k.1 as usize], &skus[k.2 as usize]);
    lines.sort_unstable_by(|a, b| key(&a.0).cmp(&key(&b.0)));
    let mut ins = tx.prepare(&format!(
        "INSERT INTO r_line_day VALUES (?1, ?2, ?3, {})",
        marks(18, 4)
    ))?;
    for (k, (m, f)) in &lines {
        let mut p: Vec<&dyn rusqlite::ToSql> =
            vec![&k.0, &stores[k.1 as usize], &skus[k.2 as usize]];
        p.extend(m.iter().map(|v| v as &dyn rusqlite::ToSql));
        p.extend(f.iter().map(|v| v as &dyn rusqlite::ToSql));
        ins.execute(p.as_slice())?;
    }
    Ok(())
}

/// Marks each affected customer's first valid order in the whole workbook (ties
/// by order_id, byte order) with `is_first`, and copies its day to every order
/// of the customer (`first_day`). Incrementally, the days of the first orders
/// that changed become dirty, since the rollups count first orders.
fn mark_first_orders(tx: &Transaction, incremental: bool) -> Result<()> {
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS firsts (customer_id TEXT PRIMARY KEY, oid INTEGER NOT NULL, day INTEGER NOT NULL) WITHOUT ROWID;
         DELETE FROM temp.firsts;",
    )?;
    let (filter, mark) = if incremental {
        tx.execute_batch(
            "INSERT OR IGNORE INTO temp.touched_customers
                SELECT customer_id FROM orders WHERE oid IN (SELECT oid FROM temp.touched) AND customer_id IS NOT NULL;
             DROP TABLE IF EXISTS temp.old_firsts;
             CREATE TEMP TABLE old_firsts (customer_id TEXT PRIMARY KEY, oid INTEGER NOT NULL, day INTEGER NOT NULL) WITHOUT ROWID;
             INSERT INTO temp.old_firsts
                SELECT customer_id, oid, day FROM orders
                WHERE customer_id IS NOT NULL AND customer_id IN (SELECT customer_id FROM temp.touched_customers) AND is_first = 1;
             UPDATE orders SET is_first = 0, first_day = NULL
                WHERE customer_id IS NOT NULL AND customer_id IN (SELECT customer_id FROM temp.touched_customers)
                  AND (is_first <> 0 OR first_day IS NOT NULL);",
        )?;
        (
            "AND customer_id IN (SELECT customer_id FROM temp.touched_customers)",
            // a few customers: reach their orders through the partial index orders_customer
            // (its `customer_id IS NOT NULL` must be stated for SQLite to use it)
            "UPDATE orders SET first_day = (SELECT f.day FROM temp.firsts f WHERE f.customer_id = orders.customer_id),
                               is_first = oid IN (SELECT oid FROM temp.firsts)
                 WHERE customer_id IS NOT NULL AND customer_id IN (SELECT customer_id FROM temp.firsts);",
        )
    } else {
        // everyone: one join pass
        (
            "",
            "UPDATE orders SET first_day = f.day, is_first = (orders.oid = f.oid)
                 FROM temp.firsts f WHERE orders.customer_id = f.customer_id;",
        )
    };
    tx.execute_batch(&format!(
        "INSERT INTO temp.firsts SELECT customer_id, oid, day FROM (
             SELECT customer_id, oid, day,
                    row_number() OVER (PARTITION BY customer_id ORDER BY ordered_ms, order_id) AS rn
             FROM orders WHERE status < 3 AND customer_id IS NOT NULL {filter})
         WHERE rn = 1;
         {mark}"
    ))?;
    if incremental {
        // Only the days whose first orders changed count differently now.
        tx.execute_batch(
            "INSERT OR IGNORE INTO temp.dirty_days
                SELECT o.day FROM temp.old_firsts o LEFT JOIN temp.firsts f ON f.customer_id = o.customer_id
                WHERE f.oid IS NOT o.oid;
             INSERT OR IGNORE INTO temp.dirty_days
                SELECT f.day FROM temp.firsts f LEFT JOIN temp.old_firsts o ON o.customer_id = f.customer_id
                WHERE o.oid IS NOT f.oid;
             DROP TABLE temp.old_firsts;",
        )?;
    }
    Ok(())
}

/// First day of the month containing `day`.
pub fn month_of(day: Day) -> Day {
    let d = date_of(day);
    day_of(d.with_day(1).expect("day 1"))
}

/// Last day of the month containing `day`.
pub fn month_end(day: Day) -> Day {
    day_of(date_of(month_of(day)) + chrono::Months::new(1)) - 1
}

/// Rebuilds the monthly rollups of the months an import touched, and of every
/// month from `rates_from` on (FX rates or costs changed on or after that day).
pub fn refresh_months(tx: &Transaction, rates_from: Option<Day>) -> Result<()> {
    let mut months = months_of_days(tx, "SELECT day FROM temp.dirty_days")?;
    add_months_from(
        tx,
        rates_from,
        "SELECT max(day) FROM r_order_day",
        &mut months,
    )?;
    if months.is_empty() {
        return Ok(());
    }
    let master = load_master(tx)?;
    let currency = store_currencies(&master);
    let mut del_o = tx.prepare_cached("DELETE FROM r_order_month WHERE month = ?1")?;
    let mut del_l = tx.prepare_cached("DELETE FROM r_line_month WHERE month = ?1")?;
    let mut ins_o = tx.prepare_cached(&format!(
        "INSERT INTO r_order_month SELECT ?1, store_id, {} FROM r_order_day WHERE day BETWEEN ?1 AND ?2 GROUP BY store_id",
        FACTS.split(", ").map(|c| format!("sum({c})")).collect::<Vec<_>>().join(", ")
    ))?;
    let mut ins_l = tx.prepare_cached(&format!(
        "INSERT INTO r_line_month VALUES (?1, ?2, ?3, ?4, ?5, ?6, {}, ?22, ?23, ?24)",
        (7..=21)
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    ))?;
    for m in months {
        let end = month_end(m);
        del_o.execute([m])?;
        del_l.execute([m])?;
        ins_o.execute(params![m, end])?;
        for ((store, sku), (l, b)) in line_month(tx, &master, &currency, m)? {
            insert_line_month(&mut ins_l, m, &store, &sku, &l, &b)?;
        }
    }
    Ok(())
}

/// The months of the days a query lists.
fn months_of_days(tx: &Transaction, sql: &str) -> Result<BTreeSet<Day>> {
    let mut months: BTreeSet<Day> = BTreeSet::new();
    let mut st = tx.prepare(sql)?;
    for d in st.query_map([], |r| r.get::<_, Day>(0))? {
        months.insert(month_of(d?));
    }
    Ok(months)
}

/// Adds every month from `rates_from`'s to the last day `last_sql` gives.
fn add_months_from(
    tx: &Transaction,
    rates_from: Option<Day>,
    last_sql: &str,
    months: &mut BTreeSet<Day>,
) -> Result<()> {
    if let Some(from) = rates_from {
        let last: Option<Day> = tx.query_row(last_sql, [], |r| r.get(0))?;
        if let Some(last) = last {
            let mut m = month_of(from);
            while m <= last {
                months.insert(m);
                m = month_end(m) + 1;
            }
        }
    }
    Ok(())
}

/// Each store's currency.
fn store_currencies(master: &super::Master) -> HashMap<&str, &str> {
    master
        .stores
        .iter()
        .map(|s| (s.store_id.as_str(), s.currency.as_str()))
        .collect()
}

/// A month's line facts per (store, sku), with their money converted day by day
/// to the base currency and summed exactly.
fn line_month(
    tx: &Transaction,
    master: &super::Master,
    currency: &HashMap<&str, &str>,
    m: Day,
) -> Result<BTreeMap<(String, String), (LineDay, BaseMoney)>> {
    let mut agg: BTreeMap<(String, String), (LineDay, BaseMoney)> = BTreeMap::new();
    for l in line_days_of(tx, m, month_end(m))? {
        let cur = currency.get(l.store_id.as_str()).copied().unwrap_or("");
        let rate = master.rate(cur, l.day);
        let conv = |micro: i64| to_base(micro, || rate);
        let cogs = if l.units == 0 {
            Some(Decimal::ZERO)
        } else {
            master
                .landed_cost(&l.sku, l.day)
                .and_then(|c| c.checked_mul(Decimal::from(l.units)))
        };
        let base = [conv(l.gross), conv(l.discount), cogs];
        match agg.get_mut(&(l.store_id.clone(), l.sku.clone())) {
            Some((a, b)) => {
                // Checked: a month's money past i64 micro-units fails the import
                // ("integer overflow", as SQL sums do) instead of wrapping.
                let over = || anyhow::anyhow!("integer overflow: the month's order line amounts");
                a.gross = a.gross.checked_add(l.gross).ok_or_else(over)?;
                a.discount = a.discount.checked_add(l.discount).ok_or_else(over)?;
                a.units = a.units.checked_add(l.units).ok_or_else(over)?;
                a.f.add(&l.f);
                for i in 0..3 {
                    b[i] = b[i].zip(base[i]).and_then(|(x, y)| x.checked_add(y));
                }
            }
            None => {
                agg.insert((l.store_id.clone(), l.sku.clone()), (l, base));
            }
        }
    }
    Ok(agg)
}

/// Writes one `r_line_month` row.
fn insert_line_month(
    ins_l: &mut rusqlite::CachedStatement,
    m: Day,
    store: &str,
    sku: &str,
    l: &LineDay,
    b: &BaseMoney,
) -> Result<()> {
    let f = &l.f;
    let text = |v: Option<Decimal>| v.map(|d| d.normalize().to_string());
    ins_l.execute(params![
        m,
        store,
        sku,
        l.gross,
        l.discount,
        l.units,
        f.orders_all,
        f.orders,
        f.cancelled,
        f.payment_failed,
        f.mobile,
        f.shipped,
        f.with_ship_by,
        f.on_time,
        f.ship_ms,
        f.delivered,
        f.delivery_ms,
        f.damaged,
        f.ticket_orders,
        f.defect_orders,
        f.firsts,
        text(b[0]),
        text(b[1]),
        text(b[2]),
    ])?;
    Ok(())
}

/// Ads money in base currency: spend, ad sales and the spends of rule 7's known parts.
type AdsMoney = [Option<Decimal>; 5];

/// (gross, discount, cogs) in base currency; None = undefined.
type BaseMoney = [Option<Decimal>; 3];

/// The fact columns shared by the order and line rollups.
const FACTS: &str = "orders_all, orders, cancelled, payment_failed, mobile, shipped, with_ship_by, on_time, ship_ms, delivered, delivery_ms, damaged, ticket_orders, defect_orders, firsts";

/// Rebuilds the monthly traffic and ads rollups of the months whose traffic or
/// ads an import touched (`temp.ta_days`), and for ads every month from
/// `rates_from` on (FX rates changed).
pub fn refresh_traffic_ads(tx: &Transaction, rates_from: Option<Day>) -> Result<()> {
    let traffic = months_of_days(tx, "SELECT day FROM temp.ta_days")?;
    let mut ads = traffic.clone();
    add_months_from(tx, rates_from, "SELECT max(day) FROM ads", &mut ads)?;
    refresh_traffic_months(tx, &traffic)?;
    if ads.is_empty() {
        return Ok(());
    }
    let master = load_master(tx)?;
    let currency = store_currencies(&master);
    let mut del = tx.prepare_cached("DELETE FROM r_ads_month WHERE month = ?1")?;
    let mut ins = tx.prepare_cached(&format!(
        "INSERT INTO r_ads_month VALUES ({})",
        (1..=22)
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    ))?;
    for m in ads {
        del.execute([m])?;
        for ((store, sku), (a, b)) in ads_month(tx, &master, &currency, m)? {
            insert_ads_month(&mut ins, m, &store, &sku, &a, &b)?;
        }
    }
    Ok(())
}

/// Rebuilds the monthly traffic rollup of `months`.
fn refresh_traffic_months(tx: &Transaction, months: &BTreeSet<Day>) -> Result<()> {
    let mut del = tx.prepare_cached("DELETE FROM r_traffic_month WHERE month = ?1")?;
    let mut ins = tx.prepare_cached(
        "INSERT INTO r_traffic_month
         SELECT ?1, store_id, sku, count(*), sum(sessions),
                coalesce(sum(page_views), 0), count(page_views), coalesce(sum(CASE WHEN page_views IS NOT NULL THEN sessions END), 0),
                coalesce(sum(add_to_cart), 0), count(add_to_cart), coalesce(sum(CASE WHEN add_to_cart IS NOT NULL THEN sessions END), 0),
                coalesce(sum(bounced_sessions), 0), count(bounced_sessions),
                coalesce(sum(CASE WHEN bounced_sessions IS NOT NULL THEN sessions END), 0),
                coalesce(sum(mobile_sessions), 0), count(mobile_sessions),
                coalesce(sum(CASE WHEN mobile_sessions IS NOT NULL THEN sessions END), 0),
                coalesce(sum(checkouts), 0), count(checkouts),
                coalesce(sum(CASE WHEN checkouts IS NOT NULL AND add_to_cart IS NOT NULL THEN checkouts END), 0),
                coalesce(sum(CASE WHEN checkouts IS NOT NULL AND add_to_cart IS NOT NULL THEN add_to_cart END), 0),
                count(CASE WHEN checkouts IS NOT NULL AND add_to_cart IS NOT NULL THEN 1 END)
         FROM traffic WHERE day BETWEEN ?1 AND ?2 GROUP BY store_id, sku",
    )?;
    for m in months {
        del.execute([m])?;
        ins.execute(params![m, month_end(*m)])?;
    }
    Ok(())
}

/// A month's ads per (store, sku), with their money converted day by day to the
/// base currency and summed exactly.
fn ads_month(
    tx: &Transaction,
    master: &super::Master,
    currency: &HashMap<&str, &str>,
    m: Day,
) -> Result<BTreeMap<(String, String), (AdsDay, AdsMoney)>> {
    let mut agg: BTreeMap<(String, String), (AdsDay, AdsMoney)> = BTreeMap::new();
    for a in ads_days_of(tx, m, month_end(m))? {
        let cur = currency.get(a.store_id.as_str()).copied().unwrap_or("");
        let rate = master.rate(cur, a.day);
        let conv = |micro: i64| to_base(micro, || rate);
        let base = [
            conv(a.spend),
            conv(a.ad_sales.0),
            conv(a.spend_sales_known),
            conv(a.spend_clicks_known),
            conv(a.spend_imp_known),
        ];
        let key = (a.store_id.clone(), a.sku.clone().unwrap_or_default());
        match agg.get_mut(&key) {
            Some((t, b)) => {
                add_ads_counts(t, &a);
                for i in 0..5 {
                    b[i] = b[i].zip(base[i]).and_then(|(x, y)| x.checked_add(y));
                }
            }
            None => {
                agg.insert(key, (a, base));
            }
        }
    }
    Ok(agg)
}

/// Adds a day's ads counts to the month's.
fn add_ads_counts(t: &mut AdsDay, a: &AdsDay) {
    t.rows += a.rows;
    t.impressions.0 += a.impressions.0;
    t.impressions.1 += a.impressions.1;
    t.clicks.0 += a.clicks.0;
    t.clicks.1 += a.clicks.1;
    t.ad_sales.1 += a.ad_sales.1;
    t.ad_orders.0 += a.ad_orders.0;
    t.ad_orders.1 += a.ad_orders.1;
    t.ctr_pair.0 += a.ctr_pair.0;
    t.ctr_pair.1 += a.ctr_pair.1;
    t.ctr_pair.2 += a.ctr_pair.2;
    t.cvr_pair.0 += a.cvr_pair.0;
    t.cvr_pair.1 += a.cvr_pair.1;
    t.cvr_pair.2 += a.cvr_pair.2;
}

/// Writes one `r_ads_month` row.
fn insert_ads_month(
    ins: &mut rusqlite::CachedStatement,
    m: Day,
    store: &str,
    sku: &str,
    a: &AdsDay,
    b: &AdsMoney,
) -> Result<()> {
    let text = |v: Option<Decimal>| v.map(|d| d.normalize().to_string());
    ins.execute(params![
        m,
        store,
        sku,
        a.rows,
        a.impressions.0,
        a.impressions.1,
        a.clicks.0,
        a.clicks.1,
        a.ad_sales.1,
        a.ad_orders.0,
        a.ad_orders.1,
        a.ctr_pair.0,
        a.ctr_pair.1,
        a.ctr_pair.2,
        a.cvr_pair.0,
        a.cvr_pair.1,
        a.cvr_pair.2,
        text(b[0]),
        text(b[1]),
        text(b[2]),
        text(b[3]),
        text(b[4]),
    ])?;
    Ok(())
}

/// Rebuilds every monthly rollup that holds base-currency sums (after the base
/// currency setting changed), in one transaction.
pub fn rebuild_base_money(conn: &mut rusqlite::Connection) -> Result<()> {
    let tx = conn.transaction()?;
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS dirty_days (day INTEGER PRIMARY KEY);
         CREATE TEMP TABLE IF NOT EXISTS ta_days (day INTEGER PRIMARY KEY);
         DELETE FROM temp.dirty_days; DELETE FROM temp.ta_days;",
    )?;
    let first: Option<Day> = tx.query_row(
        "SELECT min(d) FROM (SELECT min(day) AS d FROM r_order_day UNION ALL SELECT min(day) FROM ads)",
        [],
        |r| r.get(0),
    )?;
    if let Some(first) = first {
        refresh_months(&tx, Some(first))?;
        refresh_traffic_ads(&tx, Some(first))?;
    }
    tx.commit()?;
    Ok(())
}
