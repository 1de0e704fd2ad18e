//! Experience rollups maintained at import: reviews, surveys and tickets summed
//! per (day, store [, sku | kind]) and per calendar month (schema.rs,
//! `EXPERIENCE_ROLLUPS`), so the engine never reads their raw rows for a period.
//!
//! Which days to rebuild: the triggers on `reviews`, `surveys` and `tickets` mark
//! every day a write gives rows in `r_exp_dirty`; a day that a re-imported row
//! left (INSERT OR REPLACE fires no DELETE trigger) is found by its row count,
//! which no longer matches the rollup's; and an order an import touched
//! (`temp.touched`: its lines may have changed) makes the days of its tickets
//! dirty, since a ticket counts in each SKU of its order's lines. Everything runs inside the caller's
//! transaction, so the rollups commit or roll back with the raw rows.

use std::collections::BTreeSet;

use anyhow::Result;
use rusqlite::{Transaction, params};

use super::rollup::{month_end, month_of};
use crate::util::Day;

/// One rollup: its daily and monthly tables, its key and value columns, and the
/// raw query (rows `t`; `{filter}`: an extra condition on them) that yields
/// day, keys and values.
struct Rollup {
    day: &'static str,
    month: &'static str,
    keys: &'static str,
    values: &'static str,
    raw: &'static str,
}

const TICKET_VALUES: &str = "tickets, escalated, first_responses, first_response_ms, resolved, resolution_ms, first_contact";

/// The ticket sums of `experience::ticket` (durations from opened_ms; first
/// contact counted for resolved tickets only).
macro_rules! ticket_sums {
    () => {
        "count(*), coalesce(sum(t.escalated), 0), count(t.first_response_ms),
         coalesce(sum(t.first_response_ms - t.opened_ms), 0), count(t.resolved_ms),
         coalesce(sum(t.resolved_ms - t.opened_ms), 0),
         coalesce(sum(CASE WHEN t.resolved_ms IS NOT NULL THEN t.resolved_first_contact END), 0)"
    };
}

const ROLLUPS: &[Rollup] = &[
    Rollup {
        day: "r_review_day",
        month: "r_review_month",
        keys: "store_id, sku",
        values: "reviews, rating_sum, negative, positive",
        raw: "SELECT t.day, t.store_id, coalesce(t.sku, ''), count(*), sum(t.rating), sum(t.rating <= 2), sum(t.rating >= 4)
              FROM reviews t WHERE 1 {filter} GROUP BY 1, 2, 3",
    },
    Rollup {
        day: "r_survey_day",
        month: "r_survey_month",
        keys: "store_id, kind",
        values: "responses, promoters, detractors, good",
        raw: "SELECT t.day, t.store_id, t.kind, count(*), sum(t.score >= 9), sum(t.score <= 6), sum(t.score >= 4)
              FROM surveys t WHERE 1 {filter} GROUP BY 1, 2, 3",
    },
    Rollup {
        day: "r_ticket_day",
        month: "r_ticket_month",
        keys: "store_id",
        values: TICKET_VALUES,
        raw: concat!(
            "SELECT t.day, t.store_id, ",
            ticket_sums!(),
            " FROM tickets t WHERE 1 {filter} GROUP BY t.day, t.store_id"
        ),
    },
    Rollup {
        day: "r_ticket_sku_day",
        month: "r_ticket_sku_month",
        keys: "store_id, sku",
        values: TICKET_VALUES,
        // order_lines hold one row per (order, SKU): each distinct SKU of the order once
        raw: concat!(
            "SELECT t.day, t.store_id, l.sku, ",
            ticket_sums!(),
            " FROM tickets t JOIN order_lines l ON l.oid = t.oid
              WHERE t.oid IS NOT NULL {filter} GROUP BY t.day, t.store_id, l.sku"
        ),
    },
];

/// Brings the experience rollups up to date with what this transaction changed
/// (the dirty days, and the tickets of the `temp.touched` orders), then empties
/// `r_exp_dirty`.
pub fn refresh(tx: &Transaction) -> Result<()> {
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS touched (oid INTEGER PRIMARY KEY);
         INSERT OR IGNORE INTO r_exp_dirty SELECT t.day FROM tickets t
             WHERE t.oid IS NOT NULL AND t.oid IN (SELECT oid FROM temp.touched);",
    )?;
    // A day that a re-imported row left: its raw count differs from its rollup's
    // (a day that rows also entered is dirty already). Counted from the day indexes.
    for (raw, rollup, count) in [
        ("reviews", "r_review_day", "reviews"),
        ("surveys", "r_survey_day", "responses"),
        ("tickets", "r_ticket_day", "tickets"),
    ] {
        tx.execute(
            &format!(
                "INSERT OR IGNORE INTO r_exp_dirty SELECT day FROM (
                     SELECT day, count(*) AS n FROM {raw} GROUP BY day
                     UNION ALL SELECT day, -sum({count}) FROM {rollup} GROUP BY day)
                 GROUP BY day HAVING sum(n) <> 0"
            ),
            [],
        )?;
    }
    let days: Vec<Day> = {
        let mut st = tx.prepare("SELECT day FROM r_exp_dirty")?;
        st.query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    if days.is_empty() {
        return Ok(());
    }
    let filter = "AND t.day IN (SELECT day FROM r_exp_dirty)";
    for r in ROLLUPS {
        tx.execute(
            &format!(
                "DELETE FROM {} WHERE day IN (SELECT day FROM r_exp_dirty)",
                r.day
            ),
            [],
        )?;
        tx.execute(
            &format!(
                "INSERT INTO {} {}",
                r.day,
                r.raw.replace("{filter}", filter)
            ),
            [],
        )?;
    }
    let months: BTreeSet<Day> = days.iter().map(|&d| month_of(d)).collect();
    rebuild_months(tx, &months)?;
    tx.execute("DELETE FROM r_exp_dirty", [])?;
    Ok(())
}

/// Builds every experience rollup from the raw rows (a migrated workbook).
pub fn rebuild(tx: &Transaction) -> Result<()> {
    for r in ROLLUPS {
        tx.execute(&format!("DELETE FROM {}", r.day), [])?;
        tx.execute(&format!("DELETE FROM {}", r.month), [])?;
        tx.execute(
            &format!("INSERT INTO {} {}", r.day, r.raw.replace("{filter}", "")),
            [],
        )?;
    }
    let mut months = BTreeSet::new();
    for r in ROLLUPS {
        let mut st = tx.prepare(&format!("SELECT DISTINCT day FROM {}", r.day))?;
        for d in st.query_map([], |r| r.get::<_, Day>(0))? {
            months.insert(month_of(d?));
        }
    }
    rebuild_months(tx, &months)?;
    tx.execute("DELETE FROM r_exp_dirty", [])?;
    Ok(())
}

/// Rebuilds the monthly tables of `months` from the daily ones.
fn rebuild_months(tx: &Transaction, months: &BTreeSet<Day>) -> Result<()> {
    for r in ROLLUPS {
        let sums = r
            .values
            .split(", ")
            .map(|c| format!("sum({c})"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut del = tx.prepare(&format!("DELETE FROM {} WHERE month = ?1", r.month))?;
        let mut ins = tx.prepare(&format!(
            "INSERT INTO {} SELECT ?1, {keys}, {sums} FROM {} WHERE day BETWEEN ?1 AND ?2 GROUP BY {keys}",
            r.month,
            r.day,
            keys = r.keys
        ))?;
        for &m in months {
            del.execute([m])?;
            ins.execute(params![m, month_end(m)])?;
        }
    }
    Ok(())
}
