//! `sellerdeck check`: what is in a workbook and what is missing for the KPIs.

use std::fmt::Write as _;

use anyhow::Result;

use super::Workbook;
use crate::util::date_of;

pub struct CheckReport {
    pub text: String,
    pub corrupt: bool,
}

impl std::fmt::Display for CheckReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

const DATED: &[(&str, &str)] = &[
    ("stores", ""),
    ("skus", ""),
    ("sku_costs", "effective_from"),
    ("fx_rates", "day"),
    ("orders", "day"),
    ("order_lines", ""),
    ("shipments", ""),
    ("refunds", "day"),
    ("traffic", "day"),
    ("ads", "day"),
    ("inventory", "day"),
    ("expenses", "day"),
    ("reviews", "day"),
    ("tickets", "day"),
    ("surveys", "day"),
    ("targets", ""),
    ("ext_metrics", "day"),
];

pub fn check(wb: &Workbook) -> Result<CheckReport> {
    let mut t = table_rows(wb)?;
    let mut gaps = skus_without_cost(wb)?;
    gaps.extend(fx_gaps(wb)?);
    let mut corrupt = false;
    for g in broken_references(wb)?
        .into_iter()
        .chain(rollup_disagreement(wb)?)
    {
        corrupt = true;
        gaps.push(g);
    }
    if gaps.is_empty() {
        let _ = writeln!(t, "clean: no data gaps found");
    } else {
        let _ = writeln!(t, "data gaps:");
        for g in gaps {
            let _ = writeln!(t, "  - {g}");
        }
    }
    Ok(CheckReport { text: t, corrupt })
}

/// The table of each table's rows and dates.
fn table_rows(wb: &Workbook) -> Result<String> {
    let mut t = String::new();
    let _ = writeln!(t, "{:<12} {:>10}  dates", "table", "rows");
    for (table, col) in DATED {
        let n: i64 = wb
            .conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
        let range = if col.is_empty() || n == 0 {
            String::new()
        } else {
            let (a, b): (i32, i32) = wb.conn.query_row(
                &format!("SELECT min({col}), max({col}) FROM {table}"),
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            format!("{} … {}", date_of(a), date_of(b))
        };
        let _ = writeln!(t, "{:<12} {:>10}  {range}", table, n);
    }
    Ok(t)
}

/// SKUs sold without a cost effective on the order date.
fn skus_without_cost(wb: &Workbook) -> Result<Vec<String>> {
    let mut st = wb.conn.prepare(
        "SELECT DISTINCT r.sku FROM r_line_day r WHERE r.units > 0 AND NOT EXISTS
           (SELECT 1 FROM sku_costs c WHERE c.sku = r.sku AND c.effective_from <= r.day) ORDER BY 1",
    )?;
    let no_cost: Vec<String> = st
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if no_cost.is_empty() {
        return Ok(vec![]);
    }
    Ok(vec![format!(
        "{} SKUs sold before (or without) a cost row: {}",
        no_cost.len(),
        no_cost.join(", ")
    )])
}

/// Currencies used by stores, costs or expenses on dates before their first FX rate
/// (a cost row needs a rate only from the first order date it can apply to).
fn fx_gaps(wb: &Workbook) -> Result<Vec<String>> {
    let base = wb.setting("base_currency")?.unwrap_or_else(|| "USD".into());
    let mut st = wb.conn.prepare(
        "WITH used AS (
            SELECT s.currency AS c, min(o.day) AS first FROM orders o JOIN stores s ON s.store_id = o.store_id GROUP BY s.currency
            UNION ALL SELECT currency, min(day) FROM expenses GROUP BY currency
            UNION ALL SELECT currency, max(min(effective_from), (SELECT min(day) FROM orders)) FROM sku_costs GROUP BY currency)
         SELECT u.c, min(u.first), (SELECT min(day) FROM fx_rates f WHERE f.currency = u.c)
         FROM used u WHERE u.c <> ?1 GROUP BY u.c ORDER BY u.c",
    )?;
    let rows: Vec<(String, i32, Option<i32>)> = st
        .query_map([&base], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut gaps = Vec::new();
    for (c, first_used, first_rate) in rows {
        match first_rate {
            None => gaps.push(format!(
                "no FX rates at all for {c} (used from {})",
                date_of(first_used)
            )),
            Some(r) if r > first_used => gaps.push(format!(
                "no FX rate for {c} from {} until {}",
                date_of(first_used),
                date_of(r)
            )),
            _ => {}
        }
    }
    Ok(gaps)
}

/// References that no longer resolve (would be corruption: the importer checks them).
fn broken_references(wb: &Workbook) -> Result<Vec<String>> {
    let mut gaps = Vec::new();
    for (what, sql) in [
        (
            "orders of unknown stores",
            "SELECT count(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM stores s WHERE s.store_id = o.store_id)",
        ),
        (
            "order lines of unknown orders",
            "SELECT count(*) FROM order_lines l WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.oid = l.oid)",
        ),
        (
            "order lines of unknown SKUs",
            "SELECT count(*) FROM order_lines l WHERE NOT EXISTS (SELECT 1 FROM skus s WHERE s.sku = l.sku)",
        ),
        (
            "refunds of unknown orders",
            "SELECT count(*) FROM refunds r WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.oid = r.oid)",
        ),
    ] {
        let n: i64 = wb.conn.query_row(sql, [], |r| r.get(0))?;
        if n > 0 {
            gaps.push(format!("{n} {what}"));
        }
    }
    Ok(gaps)
}

/// Rollups must agree with the raw tables (corruption when not).
fn rollup_disagreement(wb: &Workbook) -> Result<Option<String>> {
    let (raw, rolled): (i64, i64) = wb.conn.query_row(
        "SELECT (SELECT coalesce(sum(l.qty), 0) FROM order_lines l JOIN orders o ON o.oid = l.oid WHERE o.status < 3),
                (SELECT coalesce(sum(units), 0) FROM r_line_day)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok((raw != rolled)
        .then(|| format!("rollups disagree with order lines ({rolled} vs {raw} units)")))
}
