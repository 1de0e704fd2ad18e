//! Rollups maintained at import time, so that no panel refresh reads raw order
//! lines: per (day, store) order facts and per (day, store, sku) line facts, and
//! each customer's first order. Only the days an import touched are rebuilt.

use anyhow::Result;
use rusqlite::Transaction;

/// Per-order facts of the orders placed on the dirty days (a CTE body).
const ORDER_FACTS: &str = "
    SELECT o.order_id, o.store_id, o.day, o.status, o.device, o.customer_id,
           o.ordered_ms, o.ship_by_ms, s.shipped_ms, s.delivered_ms, coalesce(s.damaged, 0) AS damaged,
           EXISTS (SELECT 1 FROM tickets t WHERE t.order_id = o.order_id) AS has_ticket,
           (EXISTS (SELECT 1 FROM reviews r WHERE r.order_id = o.order_id AND r.rating <= 2)
            OR EXISTS (SELECT 1 FROM tickets t WHERE t.order_id = o.order_id AND t.category IN (2, 3))) AS defect
    FROM orders o LEFT JOIN shipments s ON s.order_id = o.order_id
    WHERE o.day IN (SELECT day FROM temp.dirty_days)";

/// The order-fact aggregates shared by both rollups (valid = status < 3).
const ORDER_AGGREGATES: &str = "
    count(*), coalesce(sum(f.status < 3), 0), coalesce(sum(f.status = 3), 0), coalesce(sum(f.status = 4), 0),
    coalesce(sum(f.status < 3 AND f.device IN (0, 2)), 0),
    coalesce(sum(f.status < 3 AND f.shipped_ms IS NOT NULL), 0),
    coalesce(sum(f.status < 3 AND f.ship_by_ms IS NOT NULL), 0),
    coalesce(sum(f.status < 3 AND f.ship_by_ms IS NOT NULL AND f.shipped_ms IS NOT NULL AND f.shipped_ms <= f.ship_by_ms), 0),
    coalesce(sum(CASE WHEN f.status < 3 AND f.shipped_ms IS NOT NULL THEN f.shipped_ms - f.ordered_ms END), 0),
    coalesce(sum(f.status < 3 AND f.shipped_ms IS NOT NULL AND f.delivered_ms IS NOT NULL), 0),
    coalesce(sum(CASE WHEN f.status < 3 AND f.shipped_ms IS NOT NULL AND f.delivered_ms IS NOT NULL
                      THEN f.delivered_ms - f.shipped_ms END), 0),
    coalesce(sum(f.status < 3 AND f.shipped_ms IS NOT NULL AND f.damaged), 0),
    coalesce(sum(f.status < 3 AND f.has_ticket), 0),
    coalesce(sum(f.status < 3 AND f.defect), 0),
    coalesce(sum(f.status < 3 AND f.customer_id IS NOT NULL), 0)";

/// Brings the rollups up to date with what this transaction touched
/// (`temp.touched` orders and `temp.dirty_days` the import filled).
pub fn refresh(tx: &Transaction) -> Result<()> {
    tx.execute_batch(
        "INSERT OR IGNORE INTO temp.dirty_days SELECT o.day FROM orders o JOIN temp.touched t ON t.order_id = o.order_id;",
    )?;
    let dirty: i64 = tx.query_row("SELECT count(*) FROM temp.dirty_days", [], |r| r.get(0))?;
    if dirty == 0 {
        return Ok(());
    }
    tx.execute_batch(&format!(
        "DELETE FROM r_order_day WHERE day IN (SELECT day FROM temp.dirty_days);
         DELETE FROM r_line_day WHERE day IN (SELECT day FROM temp.dirty_days);
         INSERT INTO r_order_day
            WITH f AS ({ORDER_FACTS})
            SELECT f.day, f.store_id, {ORDER_AGGREGATES}
            FROM f GROUP BY f.day, f.store_id;
         INSERT INTO r_line_day
            WITH f AS ({ORDER_FACTS})
            SELECT f.day, f.store_id, l.sku,
                   coalesce(sum(CASE WHEN f.status < 3 THEN l.gross END), 0),
                   coalesce(sum(CASE WHEN f.status < 3 THEN l.discount END), 0),
                   coalesce(sum(CASE WHEN f.status < 3 THEN l.qty END), 0),
                   {ORDER_AGGREGATES}
            FROM f JOIN order_lines l ON l.order_id = f.order_id
            GROUP BY f.day, f.store_id, l.sku;
         DELETE FROM customer_first;
         INSERT INTO customer_first
            SELECT customer_id, order_id, day, store_id, acquisition FROM (
                SELECT customer_id, order_id, day, store_id, acquisition,
                       row_number() OVER (PARTITION BY customer_id ORDER BY ordered_ms, order_id) AS rn
                FROM orders WHERE status < 3 AND customer_id IS NOT NULL)
            WHERE rn = 1;"
    ))?;
    Ok(())
}
