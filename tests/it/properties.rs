//! Property tests over small generated workbooks (random canonical CSV rows
//! written to a temporary directory and imported):
//! - every additive metric of the rows of a level (channel, store, SKU; with the
//!   `(unattributed)` row) sums to the total row, in the period and its comparison;
//! - ACoS × ROAS = 1 wherever both are defined;
//! - a ratio whose denominator is 0 (or undefined) is undefined, never 0.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::common::*;
use proptest::prelude::*;
use rust_decimal::Decimal;
use sellerdeck::catalogue::{ACQUISITION_PREFIX, CATALOGUE, EXPENSE_CATEGORIES};
use sellerdeck::metrics::engine::Level;
use sellerdeck::metrics::report::{MetricValue, Report, Row};
use sellerdeck::workbook::Workbook;

const STORES: [&str; 3] = ["AMZ-US", "AMZ-DE", "SHOP-US"];
const SKUS: [&str; 4] = ["SKU-A", "SKU-B", "SKU-C", "SKU-D"];
const STATUSES: [&str; 5] = [
    "placed",
    "shipped",
    "delivered",
    "cancelled",
    "payment_failed",
];
const DEVICES: [&str; 4] = ["mobile", "desktop", "app", "other"];
const ACQ: [&str; 3] = ["ads", "organic", "social"];
const TICKET_CATEGORIES: [&str; 4] = ["question", "claim", "chargeback", "other"];

#[derive(Debug, Clone)]
struct Order {
    store: usize,
    day: i64,
    hour: u32,
    customer: Option<u8>,
    status: usize,
    device: usize,
    acq: Option<usize>,
    ship_by: Option<i64>,
    /// (sku, qty, unit price in cents, discount in cents)
    lines: Vec<(usize, u32, u32, u32)>,
    /// hours after ordering: shipped, delivered after shipping; damaged
    shipment: Option<(u32, Option<u32>, bool)>,
}

/// (order index, days after the order, amount cents, line index for sku, qty, is_return)
type Refund = (usize, i64, u32, Option<usize>, Option<u32>, Option<bool>);
/// (day, category, amount cents (may be negative), eur, store, sku, order)
type Expense = (
    i64,
    usize,
    i32,
    bool,
    Option<usize>,
    Option<usize>,
    Option<usize>,
);
/// (day, sku, warehouse, store, on_hand, inbound)
type Snapshot = (i64, usize, u8, Option<usize>, u32, Option<u32>);
/// (day, store, order, category, response h, resolved h, escalated, first contact)
type Ticket = (
    i64,
    usize,
    Option<usize>,
    usize,
    Option<u32>,
    Option<u32>,
    bool,
    bool,
);

#[derive(Debug, Clone)]
struct Gen {
    orders: Vec<Order>,
    refunds: Vec<Refund>,
    traffic: Vec<Traffic>,
    ads: Vec<Ads>,
    expenses: Vec<Expense>,
    inventory: Vec<Snapshot>,
    /// (day, store, rating, sku)
    reviews: Vec<(i64, usize, u8, Option<usize>)>,
    tickets: Vec<Ticket>,
    /// (day, store, nps?, score)
    surveys: Vec<(i64, usize, bool, u8)>,
    /// EUR rates: (day, rate in hundredths)
    rates: Vec<(i64, u32)>,
}

/// (day, store, sku, sessions, page_views, add_to_cart, checkouts, bounced, mobile)
type Traffic = (
    i64,
    usize,
    Option<usize>,
    u32,
    Option<u32>,
    Option<u32>,
    Option<u32>,
    Option<u32>,
    Option<u32>,
);
type Ads = (
    i64,
    usize,
    u8,
    Option<usize>,
    Option<u32>,
    Option<u32>,
    u32,
    Option<u32>,
    Option<u32>,
);

/// Day 0 is 2026-08-25; day 67 is 2026-10-31 (the report period is 2026-10, compared with 2026-09).
fn date(day: i64) -> String {
    let base = chrono::NaiveDate::from_ymd_opt(2026, 8, 25).unwrap();
    (base + chrono::Duration::days(day)).to_string()
}

fn money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", cents.abs() / 100, cents.abs() % 100)
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

fn order_strategy() -> impl Strategy<Value = Order> {
    (
        (0..3usize, 0..68i64, 0..24u32, prop::option::of(0..6u8)),
        (
            0..5usize,
            0..4usize,
            prop::option::of(0..3usize),
            prop::option::of(0..72i64),
        ),
        prop::collection::vec((0..4usize, 1..4u32, 100..5000u32, 0..300u32), 1..4),
        prop::option::of((1..96u32, prop::option::of(1..200u32), any::<bool>())),
    )
        .prop_map(
            |((store, day, hour, customer), (status, device, acq, ship_by), lines, shipment)| {
                Order {
                    store,
                    day,
                    hour,
                    customer,
                    status,
                    device,
                    acq,
                    ship_by,
                    lines,
                    shipment,
                }
            },
        )
}

fn gen_strategy() -> impl Strategy<Value = Gen> {
    let traffic = prop::collection::vec(
        (
            0..68i64,
            0..3usize,
            prop::option::of(0..4usize),
            0..200u32,
            prop::option::of(0..400u32),
            prop::option::of(0..30u32),
            prop::option::of(0..20u32),
            prop::option::of(0..100u32),
            prop::option::of(0..100u32),
        ),
        0..8,
    );
    let ads = prop::collection::vec(
        (
            0..68i64,
            0..3usize,
            0..2u8,
            prop::option::of(0..4usize),
            prop::option::of(0..5000u32),
            prop::option::of(0..100u32),
            0..3000u32,
            prop::option::of(0..9000u32),
            prop::option::of(0..10u32),
        ),
        0..8,
    );
    (
        prop::collection::vec(order_strategy(), 0..14),
        prop::collection::vec(
            (
                0..14usize,
                0..20i64,
                0..3000u32,
                prop::option::of(0..3usize),
                prop::option::of(0..3u32),
                prop::option::of(any::<bool>()),
            ),
            0..5,
        ),
        traffic,
        ads,
        prop::collection::vec(
            (
                0..68i64,
                0..10usize,
                -500..5000i32,
                any::<bool>(),
                prop::option::of(0..3usize),
                prop::option::of(0..4usize),
                prop::option::of(0..14usize),
            ),
            0..8,
        ),
        prop::collection::vec(
            (
                0..68i64,
                0..4usize,
                0..3u8,
                prop::option::of(0..3usize),
                0..50u32,
                prop::option::of(0..20u32),
            ),
            0..8,
        ),
        (
            prop::collection::vec(
                (0..68i64, 0..3usize, 1..6u8, prop::option::of(0..4usize)),
                0..5,
            ),
            prop::collection::vec(
                (
                    0..68i64,
                    0..3usize,
                    prop::option::of(0..14usize),
                    0..4usize,
                    prop::option::of(0..48u32),
                    prop::option::of(0..96u32),
                    any::<bool>(),
                    any::<bool>(),
                ),
                0..4,
            ),
            prop::collection::vec((0..68i64, 0..3usize, any::<bool>(), 0..11u8), 0..5),
            prop::collection::vec((0..68i64, 100..140u32), 0..5),
        ),
    )
        .prop_map(
            |(
                orders,
                refunds,
                traffic,
                ads,
                expenses,
                inventory,
                (reviews, tickets, surveys, rates),
            )| {
                Gen {
                    orders,
                    refunds,
                    traffic,
                    ads,
                    expenses,
                    inventory,
                    reviews,
                    tickets,
                    surveys,
                    rates,
                }
            },
        )
}

/// Writes the generated workbook as canonical CSV files into `dir`.
fn write_csvs(g: &Gen, dir: &Path) {
    let mut files: BTreeMap<&str, String> = BTreeMap::new();
    files.insert(
        "stores",
        "store_id,channel,name,country,currency,timezone\n\
         AMZ-US,Amazon,Amazon US,US,USD,America/Los_Angeles\n\
         AMZ-DE,Amazon,Amazon DE,DE,EUR,Europe/Berlin\n\
         SHOP-US,Shopify,Shopify US,US,USD,America/Los_Angeles\n"
            .into(),
    );
    files.insert(
        "skus",
        "sku,title,category,launched_on,lead_time_days\n\
         SKU-A,A,x,2025-01-01,4\nSKU-B,B,x,2026-09-20,9\nSKU-C,C,y,2025-01-01,\nSKU-D,D,y,2026-10-10,16\n"
            .into(),
    );
    files.insert(
        "sku_costs",
        "sku,effective_from,currency,purchase,inbound_freight,duty,packaging\n\
         SKU-A,2020-01-01,USD,3,1,,\nSKU-A,2026-10-10,EUR,3.5,,,\nSKU-B,2020-01-01,USD,2.5,,0.5,\n\
         SKU-C,2020-01-01,EUR,7,1,1,1\nSKU-D,2020-01-01,USD,1.25,,,\n"
            .into(),
    );
    // Every EUR date has a rate (2020-01-01 onwards): no undefined money in these workbooks.
    let mut rates: BTreeMap<i64, u32> = g.rates.iter().copied().collect();
    rates.entry(-10_000).or_insert(110);
    let mut s = String::from("date,currency,rate\n2020-01-01,EUR,1.1\n");
    for (day, r) in rates.iter().filter(|(d, _)| **d >= 0) {
        writeln!(s, "{},EUR,{}", date(*day), money(*r as i64)).unwrap();
    }
    files.insert("fx_rates", s);

    let valid_order = |i: usize| i < g.orders.len();
    let mut orders = String::from(
        "order_id,store_id,ordered_at,customer_id,status,device,acquisition,ship_by\n",
    );
    let mut lines = String::from("order_id,sku,qty,unit_price,discount\n");
    let mut ships = String::from("order_id,shipped_at,delivered_at,carrier,warehouse,damaged\n");
    let at = |day: i64, hour: i64| format!("{} {:02}:00", date(day + hour / 24), hour % 24);
    for (i, o) in g.orders.iter().enumerate() {
        writeln!(
            orders,
            "O{i},{},{},{},{},{},{},{}",
            STORES[o.store],
            at(o.day, o.hour as i64),
            opt(o.customer.map(|c| format!("C{c}"))),
            STATUSES[o.status],
            DEVICES[o.device],
            opt(o.acq.map(|a| ACQ[a])),
            opt(o.ship_by.map(|h| at(o.day, o.hour as i64 + h))),
        )
        .unwrap();
        for (sku, qty, price, disc) in &o.lines {
            // a repeated SKU in one order is merged by the importer
            let disc = (*disc).min(*qty * *price);
            writeln!(
                lines,
                "O{i},{},{qty},{},{}",
                SKUS[*sku],
                money(*price as i64),
                money(disc as i64)
            )
            .unwrap();
        }
        if let Some((h, del, dmg)) = o.shipment {
            let shipped = o.hour as i64 + h as i64;
            writeln!(
                ships,
                "O{i},{},{},X,W,{}",
                at(o.day, shipped),
                opt(del.map(|dh| at(o.day, shipped + dh as i64))),
                dmg
            )
            .unwrap();
        }
    }
    files.insert("orders", orders);
    files.insert("order_lines", lines);
    files.insert("shipments", ships);

    let mut s = String::from("refund_id,order_id,refunded_at,amount,sku,qty,reason,is_return\n");
    for (k, (oi, after, amount, line, qty, ret)) in g.refunds.iter().enumerate() {
        if !valid_order(*oi) {
            continue;
        }
        let o = &g.orders[*oi];
        let sku = line.and_then(|l| o.lines.get(l)).map(|l| SKUS[l.0]);
        writeln!(
            s,
            "R{k},O{oi},{},{},{},{},r,{}",
            at(o.day + after, 12),
            money(*amount as i64),
            opt(sku),
            opt(*qty),
            opt(*ret)
        )
        .unwrap();
    }
    files.insert("refunds", s);

    let mut s = String::from(
        "date,store_id,sku,sessions,page_views,add_to_cart,checkouts,bounced_sessions,mobile_sessions\n",
    );
    let mut seen = std::collections::HashSet::new();
    for (day, st, sku, ses, pv, atc, co, bo, mo) in &g.traffic {
        if seen.insert((*day, *st, *sku)) {
            writeln!(
                s,
                "{},{},{},{ses},{},{},{},{},{}",
                date(*day),
                STORES[*st],
                opt(sku.map(|k| SKUS[k])),
                opt(*pv),
                opt(*atc),
                opt(*co),
                opt(bo.map(|b| b.min(*ses))),
                opt(mo.map(|m| m.min(*ses)))
            )
            .unwrap();
        }
    }
    files.insert("traffic", s);

    let mut s = String::from(
        "date,store_id,campaign,sku,impressions,clicks,spend,ad_sales,ad_orders,ad_units\n",
    );
    let mut seen = std::collections::HashSet::new();
    for (day, st, camp, sku, imp, clicks, spend, sales, orders) in &g.ads {
        if seen.insert((*day, *st, *camp, *sku)) {
            writeln!(
                s,
                "{},{},c{camp},{},{},{},{},{},{},",
                date(*day),
                STORES[*st],
                opt(sku.map(|k| SKUS[k])),
                opt(*imp),
                opt(*clicks),
                money(*spend as i64),
                opt(sales.map(|v| money(v as i64))),
                opt(*orders)
            )
            .unwrap();
        }
    }
    files.insert("ads", s);

    let mut s =
        String::from("expense_id,date,category,amount,currency,store_id,sku,order_id,note\n");
    for (k, (day, cat, amount, eur, st, sku, order)) in g.expenses.iter().enumerate() {
        let order = order.filter(|o| valid_order(*o));
        // with an order, the store comes from the order
        let st = if order.is_some() { None } else { *st };
        writeln!(
            s,
            "E{k},{},{},{},{},{},{},{},",
            date(*day),
            EXPENSE_CATEGORIES[*cat],
            money(*amount as i64),
            if *eur { "EUR" } else { "USD" },
            opt(st.map(|i| STORES[i])),
            opt(sku.map(|i| SKUS[i])),
            opt(order.map(|o| format!("O{o}")))
        )
        .unwrap();
    }
    files.insert("expenses", s);

    let mut s = String::from("date,sku,warehouse,store_id,on_hand,inbound,reserved\n");
    // one warehouse serves one store (or none) throughout: the first row's
    let mut store_of = std::collections::HashMap::new();
    for (_, sku, wh, st, _, _) in &g.inventory {
        store_of.entry((*sku, *wh)).or_insert(*st);
    }
    let mut ident = std::collections::HashSet::new();
    for (day, sku, wh, _, on, inb) in &g.inventory {
        if ident.insert((*day, *sku, *wh)) {
            let st = store_of[&(*sku, *wh)];
            writeln!(
                s,
                "{},{},W{wh},{},{on},{},",
                date(*day),
                SKUS[*sku],
                opt(st.map(|i| STORES[i])),
                opt(*inb)
            )
            .unwrap();
        }
    }
    files.insert("inventory", s);

    let mut s = String::from("review_id,date,store_id,rating,sku,order_id\n");
    for (k, (day, st, rating, sku)) in g.reviews.iter().enumerate() {
        writeln!(
            s,
            "V{k},{},{},{rating},{},",
            date(*day),
            STORES[*st],
            opt(sku.map(|i| SKUS[i]))
        )
        .unwrap();
    }
    files.insert("reviews", s);

    let mut s = String::from(
        "ticket_id,opened_at,store_id,order_id,category,first_response_at,resolved_at,escalated,resolved_first_contact\n",
    );
    for (k, (day, st, order, cat, resp, res, esc, fcr)) in g.tickets.iter().enumerate() {
        let order = order.filter(|o| valid_order(*o));
        // a ticket about an order is opened in the order's store
        let st = order.map(|o| g.orders[o].store).unwrap_or(*st);
        writeln!(
            s,
            "K{k},{},{},{},{},{},{},{esc},{fcr}",
            at(*day, 9),
            STORES[st],
            opt(order.map(|o| format!("O{o}"))),
            TICKET_CATEGORIES[*cat],
            opt(resp.map(|h| at(*day, 9 + h as i64))),
            opt(res.map(|h| at(*day, 9 + h as i64))),
        )
        .unwrap();
    }
    files.insert("tickets", s);

    let mut s = String::from("response_id,date,store_id,kind,score\n");
    for (k, (day, st, nps, score)) in g.surveys.iter().enumerate() {
        let (kind, score) = if *nps {
            ("nps", *score)
        } else {
            ("csat", 1 + score % 5)
        };
        writeln!(s, "Q{k},{},{},{kind},{score}", date(*day), STORES[*st]).unwrap();
    }
    files.insert("surveys", s);

    // a header-only file is an import error: leave out the empty tables
    for (name, body) in files.into_iter().filter(|(_, b)| b.lines().count() > 1) {
        std::fs::write(dir.join(format!("{name}.csv")), body).expect("write csv");
    }
}

fn additive_ids(rep: &Report, sku_level: bool) -> Vec<String> {
    let mut ids: Vec<String> = CATALOGUE
        .iter()
        .filter(|m| m.is_additive_at(sku_level))
        .map(|m| m.id.to_string())
        .collect();
    if !sku_level {
        ids.extend(
            rep.total
                .metrics
                .keys()
                .filter(|k| k.starts_with(ACQUISITION_PREFIX))
                .cloned(),
        );
    }
    ids
}

/// Children sum to the total: exactly above SKU level; at SKU level to rule 6's
/// precision (splits by gmv share use 28-digit weights).
fn check_sums(rep: &Report, level: &str) -> Result<(), TestCaseError> {
    let sku_level = rep.level == Level::Sku;
    let tol = if sku_level {
        Decimal::new(1, 18)
    } else {
        Decimal::ZERO
    };
    for id in additive_ids(rep, sku_level) {
        for which in ["value", "compare"] {
            let pick = |m: &MetricValue| if which == "value" { m.value } else { m.compare };
            let total = rep.total.metrics.get(&id).and_then(pick);
            let children: Vec<Option<Decimal>> = rep
                .rows
                .iter()
                .map(|r| r.metrics.get(&id).and_then(pick))
                .collect();
            match total {
                // rule 7: blank-only parts are undefined; the known ones are summed
                Some(t) => {
                    let sum: Decimal = children.iter().flatten().sum();
                    prop_assert!(
                        (sum - t).abs() <= tol,
                        "{level} {id} {which}: rows sum to {sum}, total {t}"
                    );
                }
                // a row without contributing rows has a known 0 (rule 7), and an
                // all-blank row with no other non-zero additive metric is not listed (rule 4)
                None => prop_assert!(
                    children.iter().all(|c| c.is_none_or(|v| v.is_zero())),
                    "{level} {id} {which}: total undefined but rows {children:?}"
                ),
            }
        }
    }
    Ok(())
}

fn check_acos_roas(row: &Row) -> Result<(), TestCaseError> {
    if let (Some(a), Some(r)) = (value(row, "acos"), value(row, "roas")) {
        let err = (a * r - Decimal::ONE).abs();
        prop_assert!(
            err <= Decimal::new(1, 20),
            "{}: acos {a} × roas {r} ≠ 1",
            row.key
        );
    }
    // both come from the same pair of sums: one is defined exactly when the other is,
    // except when ad_sales is 0 with spend > 0 (acos undefined) or spend 0 with sales (roas)
    Ok(())
}

/// (ratio, its denominator metric): the ratio is undefined whenever the denominator is 0 or undefined.
const RATIOS: &[(&str, &str)] = &[
    ("aov", "orders"),
    ("units_per_order", "orders"),
    ("mobile_order_share", "orders"),
    ("fulfillment_rate", "orders"),
    ("return_rate", "orders"),
    ("after_sales_rate", "orders"),
    ("odr", "orders"),
    ("profit_per_order", "orders"),
    ("cvr", "sessions"),
    ("rpv", "sessions"),
    ("ad_traffic_share", "sessions"),
    ("discount_rate", "gross_sales"),
    ("tacos", "gmv"),
    ("refund_rate", "gmv"),
    ("ad_sales_share", "gmv"),
    ("new_sku_sales_share", "gmv"),
    ("returning_gmv_share", "gmv"),
    ("cart_abandonment", "add_to_cart"),
    ("avg_rating", "reviews"),
    ("negative_review_rate", "reviews"),
    ("positive_review_share", "reviews"),
    ("profit_per_customer", "customers"),
    ("repeat_purchase_rate", "customers"),
    ("cac", "new_customers"),
    ("days_of_cover", "avg_daily_units"),
    ("roas", "ad_spend"),
];

fn check_undefined(row: &Row) -> Result<(), TestCaseError> {
    for (ratio, den) in RATIOS {
        let d = value(row, den);
        if d.is_none_or(|d| d.is_zero()) {
            prop_assert_eq!(
                value(row, ratio),
                None,
                "{}: {} with {} = {:?}",
                row.key,
                ratio,
                den,
                d
            );
        }
    }
    // rule 15: every ratio over net sales is undefined when net sales are not positive
    if value(row, "net_sales").is_none_or(|n| n <= Decimal::ZERO) {
        let over_net_sales = [
            "gross_margin",
            "net_margin",
            "contribution_margin",
            "ad_cost_ratio",
        ];
        for id in EXPENSE_CATEGORIES
            .iter()
            .map(|c| format!("expense_ratio_{c}"))
            .chain(over_net_sales.iter().map(|s| s.to_string()))
        {
            prop_assert_eq!(value(row, &id), None, "{}: {}", row.key, id);
        }
    }
    // with a non-zero denominator the simple ratios are defined (all money converts here)
    for (ratio, den) in [
        ("aov", "orders"),
        ("cvr", "sessions"),
        ("units_per_order", "orders"),
    ] {
        if value(row, den).is_some_and(|d| !d.is_zero()) {
            prop_assert!(
                value(row, ratio).is_some(),
                "{}: {} undefined",
                row.key,
                ratio
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, max_shrink_iters: 64, ..ProptestConfig::default() })]

    #[test]
    fn generated_workbooks(g in gen_strategy()) {
        let csv = tempfile::tempdir().unwrap();
        write_csvs(&g, csv.path());
        let wb = import_dir(csv.path());
        // check_sums covers every additive metric, contribution_profit (rule 17's
        // allocation of store fees and blank-SKU ads by gmv share) included
        // the report month: 2026-10, or the data end's month when the data end earlier (rule 13)
        let data_end = Workbook::open_read(&wb.path).unwrap().data_range().unwrap().map(|r| r.1);
        let month = match data_end.map(sellerdeck::util::date_of) {
            Some(e) if e < chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap() => e.format("%Y-%m").to_string(),
            _ => "2026-10".to_string(),
        };
        for (name, level) in [("channel", Level::Channel), ("store", Level::Store), ("sku", Level::Sku)] {
            let rep = report(&wb, &month, level);
            check_sums(&rep, name)?;
            for row in std::iter::once(&rep.total).chain(rep.rows.iter()) {
                check_acos_roas(row)?;
                if !row.unattributed {
                    check_undefined(row)?;
                } else {
                    // rule 3: the (unattributed) row carries additive metrics only
                    let sku_level = level == Level::Sku;
                    for m in CATALOGUE.iter().filter(|m| !m.is_additive_at(sku_level)) {
                        prop_assert_eq!(value(row, m.id.as_str()), None, "(unattributed) {}", m.id);
                    }
                }
            }
        }
    }
}
