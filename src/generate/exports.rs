//! `sellerdeck generate --exports DIR`: the demo data as the platform exports a
//! seller downloads — each store's orders in its own platform's format (Amazon
//! All Orders for every Amazon marketplace in one file, a Shopify orders export
//! per shop, TikTok Shop and Shopee order exports) — plus the tables no order
//! export carries (stores, catalogue, costs, shipments, refunds, traffic, ads,
//! inventory, expenses, reviews, tickets, surveys, FX, targets, metrics) as
//! canonical CSVs, with Shopify order ids as the importer names them
//! (`STORE:#1001`). `sellerdeck import WB DIR/*` then rebuilds the workbook.
//!
//! What the order exports cannot say is lost on the way, as with real files:
//! device, acquisition and ship-by; `payment_failed` is written as cancelled
//! outside Shopify (no other platform has the status).

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result};
use chrono::{NaiveDateTime, TimeZone};
use chrono_tz::Tz;

struct Store {
    channel: String,
    country: String,
    currency: String,
    tz: Tz,
}

fn read(dir: &Path, table: &str) -> Result<(Vec<String>, Vec<Vec<String>>)> {
    let mut r = csv::Reader::from_path(dir.join(format!("{table}.csv")))
        .with_context(|| format!("{table}.csv"))?;
    let h: Vec<String> = r.headers()?.iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|x| x.map(|x| x.iter().map(str::to_string).collect()))
        .collect::<std::result::Result<_, _>>()?;
    Ok((h, rows))
}

fn col(h: &[String], name: &str) -> usize {
    h.iter().position(|x| x == name).expect("generated column")
}

/// A generated date-time (local, or RFC 3339 where the local time is ambiguous) in the store's zone.
fn local(s: &str, tz: Tz) -> Result<chrono::DateTime<Tz>> {
    if let Ok(n) = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
        && let Some(t) = tz.from_local_datetime(&n).earliest()
    {
        return Ok(t);
    }
    let ms =
        crate::workbook::import::parse_instant(s, tz).map_err(|e| anyhow::anyhow!("{s}: {e}"))?;
    tz.timestamp_millis_opt(ms)
        .single()
        .context("generated instant out of range")
}

fn amazon_domain(country: &str) -> &'static str {
    match country {
        "GB" => "Amazon.co.uk",
        "DE" => "Amazon.de",
        "FR" => "Amazon.fr",
        "IT" => "Amazon.it",
        "ES" => "Amazon.es",
        "JP" => "Amazon.co.jp",
        "CA" => "Amazon.ca",
        "MX" => "Amazon.com.mx",
        _ => "Amazon.com",
    }
}

/// Converts the canonical CSVs of `canon` into platform exports in `out`.
pub fn write_exports(canon: &Path, out: &Path) -> Result<Vec<(String, u64)>> {
    std::fs::create_dir_all(out)?;
    let (sh, srows) = read(canon, "stores")?;
    let mut stores: HashMap<String, Store> = HashMap::new();
    for r in &srows {
        stores.insert(
            r[col(&sh, "store_id")].clone(),
            Store {
                channel: r[col(&sh, "channel")].clone(),
                country: r[col(&sh, "country")].clone(),
                currency: r[col(&sh, "currency")].clone(),
                tz: r[col(&sh, "timezone")].parse().unwrap_or(Tz::UTC),
            },
        );
    }
    let (oh, orows) = read(canon, "orders")?;
    let (lh, lrows) = read(canon, "order_lines")?;
    let (kh, krows) = read(canon, "skus")?;
    let titles: HashMap<&str, &str> = krows
        .iter()
        .map(|r| (r[col(&kh, "sku")].as_str(), r[col(&kh, "title")].as_str()))
        .collect();
    let mut lines: HashMap<&str, Vec<&Vec<String>>> = HashMap::new();
    for l in &lrows {
        lines
            .entry(l[col(&lh, "order_id")].as_str())
            .or_default()
            .push(l);
    }
    let (oi, os, oat, oc, ost) = (
        col(&oh, "order_id"),
        col(&oh, "store_id"),
        col(&oh, "ordered_at"),
        col(&oh, "customer_id"),
        col(&oh, "status"),
    );
    let (ls, lq, lp, ld) = (
        col(&lh, "sku"),
        col(&lh, "qty"),
        col(&lh, "unit_price"),
        col(&lh, "discount"),
    );
    let email = |c: &str| {
        if c.is_empty() {
            String::new()
        } else {
            format!("{c}@buyers.invalid")
        }
    };
    let money = |s: &str| -> i64 { crate::util::parse_micro(s).unwrap_or(0) };
    let text = |m: i64| crate::exports::value::micro_text(m);
    // Shopify order ids as the importer writes them
    let mut renamed: HashMap<String, String> = HashMap::new();
    let mut files: HashMap<String, csv::Writer<std::fs::File>> = HashMap::new();
    let mut counts: HashMap<String, u64> = HashMap::new();
    let amazon_cols = [
        "amazon-order-id",
        "merchant-order-id",
        "purchase-date",
        "last-updated-date",
        "order-status",
        "fulfillment-channel",
        "sales-channel",
        "product-name",
        "sku",
        "asin",
        "number-of-items",
        "item-status",
        "quantity",
        "currency",
        "item-price",
        "item-tax",
        "item-promotion-discount",
        "buyer-email",
    ];
    let shopify_cols = [
        "Name",
        "Email",
        "Financial Status",
        "Fulfillment Status",
        "Currency",
        "Subtotal",
        "Shipping",
        "Taxes",
        "Total",
        "Discount Amount",
        "Created at",
        "Lineitem quantity",
        "Lineitem name",
        "Lineitem price",
        "Lineitem sku",
        "Lineitem discount",
        "Cancelled at",
    ];
    let tiktok_cols = [
        "Order ID",
        "Order Status",
        "Seller SKU",
        "Product Name",
        "Quantity",
        "SKU Unit Original Price",
        "SKU Platform Discount",
        "SKU Seller Discount",
        "Order Refund Amount",
        "Created Time",
        "Buyer Username",
    ];
    let shopee_cols = [
        "Order ID",
        "Order Status",
        "Order Creation Date",
        "SKU Reference No.",
        "Product Name",
        "Original Price",
        "Deal Price",
        "Quantity",
        "Price Discount(from Seller)",
        "Seller Voucher",
        "Username (Buyer)",
    ];
    for o in &orows {
        let id = o[oi].as_str();
        let sid = o[os].as_str();
        let st = stores.get(sid).context("order of an unknown store")?;
        let at = local(&o[oat], st.tz)?;
        let status = o[ost].as_str();
        let ls_of = lines.get(id).cloned().unwrap_or_default();
        let ch = st.channel.as_str();
        let (name, header): (String, &[&str]) = match ch {
            "Amazon" => ("amazon_all_orders.txt".into(), &amazon_cols),
            "Shopify" => (format!("shopify_orders_export_{sid}.csv"), &shopify_cols),
            "TikTok Shop" => (format!("tiktok_orders_{sid}.csv"), &tiktok_cols),
            _ => (format!("shopee_orders_{sid}.csv"), &shopee_cols),
        };
        if !files.contains_key(&name) {
            let mut b = csv::WriterBuilder::new();
            if ch == "Amazon" {
                b.delimiter(b'\t').quote_style(csv::QuoteStyle::Never);
            }
            let mut w = b.from_path(out.join(&name))?;
            w.write_record(header)?;
            if ch == "TikTok Shop" {
                let mut d = vec!["Platform unique order ID."];
                d.resize(header.len(), "Description.");
                w.write_record(&d)?;
            }
            files.insert(name.clone(), w);
        }
        let w = files.get_mut(&name).expect("writer");
        *counts.entry(name.clone()).or_default() += 1;
        let cust = email(&o[oc]);
        match ch {
            "Amazon" => {
                let utc = at
                    .with_timezone(&chrono::Utc)
                    .format("%Y-%m-%dT%H:%M:%S+00:00")
                    .to_string();
                let s = match status {
                    "placed" => "Pending",
                    "cancelled" | "payment_failed" => "Cancelled",
                    _ => "Shipped",
                };
                for l in &ls_of {
                    let q: i64 = l[lq].parse().unwrap_or(1);
                    let gross = money(&l[lp]) * q;
                    let cancelled = s == "Cancelled";
                    w.write_record([
                        id,
                        "",
                        &utc,
                        &utc,
                        s,
                        "Amazon",
                        amazon_domain(&st.country),
                        titles
                            .get(l[ls].as_str())
                            .copied()
                            .unwrap_or("")
                            .replace(['\t', '"'], " ")
                            .as_str(),
                        &l[ls],
                        "",
                        &q.to_string(),
                        s,
                        if cancelled { "0" } else { &l[lq] },
                        &st.currency,
                        &text(gross),
                        "0",
                        &l[ld],
                        &cust,
                    ])?;
                }
            }
            "Shopify" => {
                let new_id = format!("{sid}:{id}");
                renamed.insert(id.to_string(), new_id);
                let created = at.format("%Y-%m-%d %H:%M:%S %z").to_string();
                let (fin, ful) = match status {
                    "placed" => ("paid", "unfulfilled"),
                    "cancelled" => ("voided", "unfulfilled"),
                    "payment_failed" => ("expired", "unfulfilled"),
                    _ => ("paid", "fulfilled"),
                };
                let sub: i64 = ls_of
                    .iter()
                    .map(|l| money(&l[lp]) * l[lq].parse::<i64>().unwrap_or(1) - money(&l[ld]))
                    .sum();
                let disc: i64 = ls_of.iter().map(|l| money(&l[ld])).sum();
                for (i, l) in ls_of.iter().enumerate() {
                    let first = i == 0;
                    let f = |v: String| if first { v } else { String::new() };
                    w.write_record([
                        id.to_string(),
                        f(cust.clone()),
                        f(fin.into()),
                        f(ful.into()),
                        f(st.currency.clone()),
                        f(text(sub)),
                        f("0".into()),
                        f("0".into()),
                        f(text(sub)),
                        f(text(disc)),
                        created.clone(),
                        l[lq].clone(),
                        titles
                            .get(l[ls].as_str())
                            .copied()
                            .unwrap_or("")
                            .to_string(),
                        l[lp].clone(),
                        l[ls].clone(),
                        l[ld].clone(),
                        f(if status == "cancelled" {
                            created.clone()
                        } else {
                            String::new()
                        }),
                    ])?;
                }
            }
            "TikTok Shop" => {
                let created = at.format("%m/%d/%Y %-I:%M:%S %p").to_string();
                let s = match status {
                    "placed" => "Awaiting Shipment",
                    "shipped" => "Shipped",
                    "delivered" => "Delivered",
                    _ => "Cancelled",
                };
                for l in &ls_of {
                    w.write_record([
                        format!("{id}\t"),
                        s.into(),
                        l[ls].clone(),
                        titles
                            .get(l[ls].as_str())
                            .copied()
                            .unwrap_or("")
                            .to_string(),
                        l[lq].clone(),
                        l[lp].clone(),
                        "0".into(),
                        l[ld].clone(),
                        "0".into(),
                        created.clone(),
                        cust.clone(),
                    ])?;
                }
            }
            _ => {
                let created = at.format("%Y-%m-%d %H:%M").to_string();
                let s = match status {
                    "placed" => "To ship",
                    "shipped" => "Shipping",
                    "delivered" => "Completed",
                    _ => "Cancelled",
                };
                for l in &ls_of {
                    let q: i64 = l[lq].parse().unwrap_or(1);
                    let deal = money(&l[lp]) - money(&l[ld]) / q.max(1);
                    w.write_record([
                        id.to_string(),
                        s.into(),
                        created.clone(),
                        l[ls].clone(),
                        titles
                            .get(l[ls].as_str())
                            .copied()
                            .unwrap_or("")
                            .to_string(),
                        l[lp].clone(),
                        text(deal),
                        l[lq].clone(),
                        l[ld].clone(),
                        "0".into(),
                        cust.clone(),
                    ])?;
                }
            }
        }
    }
    for (_, mut w) in files {
        w.flush()?;
    }
    // The tables no order export carries, as canonical CSVs (Shopify ids renamed).
    let mut written: Vec<(String, u64)> = counts.into_iter().collect();
    written.sort();
    for t in super::TABLES {
        if t == "orders" || t == "order_lines" {
            continue;
        }
        let (h, rows) = read(canon, t)?;
        let oc = h.iter().position(|x| x == "order_id");
        let mut w = csv::Writer::from_path(out.join(format!("{t}.csv")))?;
        w.write_record(&h)?;
        for mut r in rows.iter().cloned() {
            if let Some(i) = oc
                && let Some(n) = renamed.get(&r[i])
            {
                r[i] = n.clone();
            }
            w.write_record(&r)?;
        }
        w.flush()?;
        written.push((format!("{t}.csv"), rows.len() as u64));
    }
    Ok(written)
}
