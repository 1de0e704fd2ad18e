//! The converters: one function per format, turning its rows into canonical
//! records through `Cx` (which checks, routes and emits). What each column
//! means lives in `formats.rs`; these functions only apply it.

use std::path::Path;

use chrono::NaiveDate;
use csv::StringRecord;
use rustc_hash::FxHashMap as HashMap;

use super::read::{Grid, Header};
use super::value::{self, DayMonth, When};
use super::{Cx, SEP, Store, minor_step, spread};

/// An order being assembled from its rows.
pub struct Order {
    pub id: String,
    pub store: String,
    pub at: When,
    pub status: &'static str,
    pub customer: Option<String>,
    pub line: u64,
    pub lines: Vec<Line>,
}

pub struct Line {
    pub sku: String,
    pub qty: i64,
    pub gross: i64,
    pub discount: i64,
    pub line: u64,
}

impl Order {
    fn add(&mut self, l: Line) {
        match self.lines.iter_mut().find(|x| x.sku == l.sku) {
            Some(x) => {
                x.qty += l.qty;
                x.gross += l.gross;
                x.discount += l.discount;
            }
            None => self.lines.push(l),
        }
    }
}

fn status_of(s: &str) -> &'static str {
    match s {
        "shipped" => "shipped",
        "delivered" => "delivered",
        "cancelled" => "cancelled",
        "payment_failed" => "payment_failed",
        _ => "placed",
    }
}

pub(crate) fn run(cx: &mut Cx, path: &Path, grid: &Grid, h: &Header) {
    let rows: Vec<(u64, &StringRecord)> = grid
        .rows
        .iter()
        .zip(&grid.lines)
        .skip(h.row + 1)
        .map(|(r, l)| (*l, r))
        .collect();
    let width = grid.rows[h.row].len();
    // A row shorter than the header is a truncated or malformed file.
    let mut ok_rows = Vec::with_capacity(rows.len());
    for (line, r) in rows {
        if r.len() < width && r.len() < h.idx.iter().flatten().max().map(|m| m + 1).unwrap_or(0) {
            cx.fail(
                line,
                &format!(
                    "expected {width} fields as in the header, found {} (truncated or malformed line)",
                    r.len()
                ),
            );
            continue;
        }
        ok_rows.push((line, r));
    }
    cx.sum.rows = ok_rows.len() as u64;
    if ok_rows.is_empty() {
        let l = grid.lines.get(h.row).copied().unwrap_or(1) + 1;
        cx.fail(l, "no data rows under the header");
        return;
    }
    cx.currency_hint = None;
    if cx.fmt.cols.iter().any(|c| c.key == "currency") {
        cx.currency_hint = ok_rows
            .iter()
            .map(|(_, r)| cx.get(r, "currency"))
            .find(|c| !c.is_empty())
            .map(str::to_string);
    }
    match cx.fmt.id {
        "shopify-orders" => shopify_orders(cx, &ok_rows),
        "amazon-all-orders" => amazon_all_orders(cx, &ok_rows),
        "amazon-date-range" => amazon_date_range(cx, &ok_rows),
        "tiktok-orders" => tiktok_orders(cx, &ok_rows),
        "shopee-orders" => shopee_orders(cx, &ok_rows),
        "shopify-products" => shopify_products(cx, &ok_rows),
        "shopify-conversion" => shopify_conversion(cx, &ok_rows),
        "amazon-business-report" => business_report(cx, path, &ok_rows),
        "amazon-sp-advertised-product" => sp_advertised(cx, &ok_rows),
        "amazon-fba-inventory" => fba_inventory(cx, path, &ok_rows),
        "amazon-fba-returns" => fba_returns(cx, &ok_rows),
        other => cx.fail(0, &format!("format {other} has no converter")),
    }
}

fn store_or_fail(cx: &mut Cx, line: u64) -> Option<Store> {
    match cx.single_store_in(cx.currency_hint.clone().as_deref()) {
        Ok(s) => {
            cx.sum.stores.insert(s.id.clone());
            Some(s)
        }
        Err(e) => {
            cx.fail(line, &e);
            None
        }
    }
}

fn when_of(cx: &mut Cx, line: u64, rec: &StringRecord, key: &str, dm: DayMonth) -> Option<When> {
    let v = cx.get(rec, key).to_string();
    if v.is_empty() {
        cx.bad(line, key, "", "is empty: the column is required");
        return None;
    }
    match value::when(&v, dm) {
        Ok(w) => Some(w),
        Err(why) => {
            cx.bad(line, key, &v, &why);
            None
        }
    }
}

fn meaning(cx: &mut Cx, line: u64, rec: &StringRecord, key: &str) -> Option<&'static str> {
    let v = cx.get(rec, key).to_string();
    match cx.fmt.meaning(key, &v) {
        Some(m) => Some(m),
        None => {
            let known: Vec<&str> = cx
                .fmt
                .values(key)
                .iter()
                .map(|x| x.0)
                .filter(|x| !x.is_empty())
                .collect();
            cx.bad(
                line,
                key,
                &v,
                &format!("is not a known value (known: {})", known.join(", ")),
            );
            None
        }
    }
}

fn check_currency(cx: &mut Cx, line: u64, rec: &StringRecord, key: &str, store: &Store) -> bool {
    let c = cx.get(rec, key).to_ascii_uppercase();
    if !c.is_empty() && c != store.currency {
        cx.bad(
            line,
            key,
            &c,
            &format!(
                "is not the currency of store '{}' ({})",
                store.id, store.currency
            ),
        );
        return false;
    }
    true
}

fn left_out(cx: &mut Cx, what: &str, total: i64, currency: &str) {
    if total != 0 {
        cx.sum
            .left_out
            .push(format!("{what}: {} {currency}", value::micro_text(total)));
    }
}

// ── Shopify ─────────────────────────────────────────────────────────────────

fn shopify_orders(cx: &mut Cx, rows: &[(u64, &StringRecord)]) {
    let Some(store) = store_or_fail(cx, rows[0].0) else {
        return;
    };
    let step = minor_step(&store.currency);
    let (mut no_sku_total, mut refunded) = (0i64, 0i64);
    for g in shopify_groups(cx, rows) {
        let sums = (&mut no_sku_total, &mut refunded);
        if let Some(o) = shopify_order(cx, &store, step, &g, sums) {
            cx.emit_order(&o);
        }
    }
    if no_sku_total != 0 {
        cx.warn(format!(
            "lines without a SKU were skipped (gift cards, custom items, or products that have no SKU in Shopify: give them SKUs to import their sales): {} {}",
            value::micro_text(no_sku_total),
            store.currency
        ));
    }
    left_out(cx, "lines without a SKU", no_sku_total, &store.currency);
    left_out(
        cx,
        "Refunded Amount (undated: import a dated refund report for refunds)",
        refunded,
        &store.currency,
    );
}

/// The rows of a Shopify orders export grouped by order (Name), in file order.
fn shopify_groups<'r>(
    cx: &mut Cx,
    rows: &[(u64, &'r StringRecord)],
) -> Vec<Vec<(u64, &'r StringRecord)>> {
    let mut order_of: HashMap<String, usize> = HashMap::default();
    let mut groups: Vec<Vec<(u64, &StringRecord)>> = Vec::new();
    for (line, r) in rows {
        let name = cx.get(r, "name").to_string();
        if name.is_empty() {
            cx.bad(*line, "name", "", "is empty: the column is required");
            continue;
        }
        let g = *order_of.entry(name).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push((*line, r));
    }
    groups
}

/// The order-level amounts of a Shopify order (micro-units; None when empty).
struct ShopifyTotals {
    subtotal: Option<i64>,
    shipping: Option<i64>,
    taxes: Option<i64>,
    total: Option<i64>,
    discount: Option<i64>,
}

impl ShopifyTotals {
    /// The order-level product discount: what Subtotal lacks after the lines' own
    /// discounts (a free-shipping code is in Discount Amount but not in Subtotal).
    fn order_discount(&self, gross_all: i64, line_disc_all: i64) -> i64 {
        let mut order_disc = match self.subtotal {
            Some(s) => gross_all - line_disc_all - s,
            None => self.discount.unwrap_or(0) - line_disc_all,
        };
        if let Some(d) = self.discount {
            order_disc = order_disc.min(d - line_disc_all);
        }
        order_disc.max(0)
    }

    /// The Taxes when the prices include them: Total = Subtotal + Shipping (the
    /// Taxes are inside), to within `step`.
    fn inclusive_taxes(&self, step: i64) -> Option<i64> {
        if let (Some(s), Some(sh), Some(tx), Some(t)) =
            (self.subtotal, self.shipping, self.taxes, self.total)
            && tx > 0
            && (t - (s + sh + tx)).abs() > step
            && (t - (s + sh)).abs() <= step
        {
            return Some(tx);
        }
        None
    }
}

/// One Shopify order from its rows; None when it is not imported (an error was
/// reported). `sums` gathers (amount of lines without a SKU, Refunded Amount).
fn shopify_order(
    cx: &mut Cx,
    store: &Store,
    step: i64,
    g: &[(u64, &StringRecord)],
    sums: (&mut i64, &mut i64),
) -> Option<Order> {
    let (no_sku_total, refunded) = sums;
    let (line, r) = g
        .iter()
        .find(|(_, r)| !cx.get(r, "financial").is_empty())
        .copied()
        .unwrap_or(g[0]);
    let id = format!("{}:{}", store.id, cx.get(r, "name"));
    let at = when_of(cx, line, r, "created", DayMonth::MonthFirst)?;
    check_currency(cx, line, r, "currency", store);
    let mut status = match meaning(cx, line, r, "financial")? {
        "by fulfilment" => meaning(cx, line, r, "fulfillment").unwrap_or("placed"),
        m => m,
    };
    if !cx.get(r, "cancelled").is_empty() {
        status = "cancelled";
    }
    let customer = cx.customer(cx.get(r, "email"));
    let money = |cx: &mut Cx, k: &str| cx.money(line, r, k);
    let (Ok(subtotal), Ok(shipping), Ok(taxes), Ok(total), Ok(discount), Ok(refund)) = (
        money(cx, "subtotal"),
        money(cx, "shipping"),
        money(cx, "taxes"),
        money(cx, "total"),
        money(cx, "discount"),
        money(cx, "refunded"),
    ) else {
        return None;
    };
    *refunded += refund.unwrap_or(0);
    let totals = ShopifyTotals {
        subtotal,
        shipping,
        taxes,
        total,
        discount,
    };
    let mut o = Order {
        id,
        store: store.id.clone(),
        at,
        status: status_of(status),
        customer,
        line,
        lines: vec![],
    };
    let (gross_all, line_disc_all) = shopify_lines(cx, g, &mut o, no_sku_total)?;
    let order_disc = totals.order_discount(gross_all, line_disc_all);
    let weights: Vec<i64> = o.lines.iter().map(|l| l.gross).collect();
    if order_disc > 0 {
        for (l, d) in o.lines.iter_mut().zip(spread(order_disc, &weights, step)) {
            l.discount += d;
        }
    }
    if let Some(tx) = totals.inclusive_taxes(step) {
        for (l, share) in o.lines.iter_mut().zip(spread(tx, &weights, step)) {
            l.gross -= share;
        }
    }
    Some(o)
}

/// Adds an order's line items to `o`: (gross, line discounts) of every line,
/// or None when a line is bad (reported).
fn shopify_lines(
    cx: &mut Cx,
    g: &[(u64, &StringRecord)],
    o: &mut Order,
    no_sku_total: &mut i64,
) -> Option<(i64, i64)> {
    let (mut gross_all, mut line_disc_all, mut bad) = (0i64, 0i64, false);
    for (l, r) in g {
        let (Ok(qty), Ok(price), Ok(ld)) = (
            cx.count(*l, r, "qty"),
            cx.money(*l, r, "price"),
            cx.money(*l, r, "line_discount"),
        ) else {
            bad = true;
            continue;
        };
        let (Some(qty), Some(price)) = (qty, price) else {
            cx.fail(*l, "Lineitem quantity and Lineitem price are required");
            bad = true;
            continue;
        };
        let gross = price * qty;
        let ld = ld.unwrap_or(0).abs();
        gross_all += gross;
        line_disc_all += ld;
        let sku = cx.get(r, "sku").to_string();
        if sku.is_empty() {
            *no_sku_total += gross - ld;
            cx.skip("lines without a SKU (gift cards, custom items, tips)");
            continue;
        }
        if qty == 0 {
            cx.skip("lines of quantity 0");
            continue;
        }
        let title = cx.get(r, "title").to_string();
        cx.sku(*l, &sku, &title, "");
        o.add(Line {
            sku,
            qty,
            gross,
            discount: ld,
            line: *l,
        });
    }
    (!bad).then_some((gross_all, line_disc_all))
}

fn shopify_products(cx: &mut Cx, rows: &[(u64, &StringRecord)]) {
    let Some(store) = store_or_fail(cx, rows[0].0) else {
        return;
    };
    let mut titles: HashMap<String, (String, String)> = HashMap::default();
    let today = chrono::Local::now().date_naive();
    for (line, r) in rows {
        let handle = cx.get(r, "handle").to_string();
        let title = cx.get(r, "title").to_string();
        if !title.is_empty() {
            titles.insert(handle.clone(), (title, cx.get(r, "type").to_string()));
        }
        let sku = cx.get(r, "sku").to_string();
        if sku.is_empty() {
            cx.skip("rows without a Variant SKU (images, extra rows)");
            continue;
        }
        let (base, category) = titles.get(&handle).cloned().unwrap_or_default();
        let opts: Vec<String> = ["option1", "option2"]
            .iter()
            .map(|k| cx.get(r, k).to_string())
            .filter(|v| !v.is_empty() && v != "Default Title")
            .collect();
        let full = if opts.is_empty() {
            base.clone()
        } else {
            format!("{base} - {}", opts.join(" / "))
        };
        let Ok(cost) = cx.money(*line, r, "cost") else {
            continue;
        };
        if cx.call_skus.contains(&sku) {
            // a skus.csv of the same call defines it
        } else {
            let mut row = cx
                .skus
                .get(&sku)
                .cloned()
                .unwrap_or(crate::workbook::platform::SkuRow {
                    sku: sku.clone(),
                    lead_time_days: 30,
                    ..Default::default()
                });
            if !full.is_empty() {
                row.title = Some(full);
            }
            if !category.is_empty() {
                row.category = Some(category);
            }
            cx.put_sku(*line, row);
        }
        if let Some(c) = cost {
            if c < 0 {
                cx.bad(*line, "cost", cx.get(r, "cost"), "is negative");
                continue;
            }
            let from = match cx.opts.date {
                Some(d) => d,
                None => {
                    let wb = cx
                        .peek
                        .first_order_date(&sku)
                        .ok()
                        .flatten()
                        .and_then(|d| value::date(&d, DayMonth::MonthFirst).ok());
                    let call = cx.sku_first.get(&sku).copied();
                    match (wb, call) {
                        (Some(a), Some(b)) => a.min(b),
                        (Some(a), None) | (None, Some(a)) => a,
                        (None, None) => today,
                    }
                }
            };
            cx.emit(
                "sku_costs",
                format!("{sku}{SEP}{from}"),
                *line,
                &[
                    ("sku", sku.clone()),
                    ("effective_from", from.to_string()),
                    ("currency", store.currency.clone()),
                    ("purchase", value::micro_text(c)),
                ],
            );
        } else {
            cx.skip("variants with a blank Cost per item (cost unknown)");
        }
    }
}

fn shopify_conversion(cx: &mut Cx, rows: &[(u64, &StringRecord)]) {
    let Some(store) = store_or_fail(cx, rows[0].0) else {
        return;
    };
    for (line, r) in rows {
        let d = cx.get(r, "day").to_string();
        let day = match value::date(&d, DayMonth::MonthFirst) {
            Ok(x) => x,
            Err(why) => {
                cx.bad(*line, "day", &d, &why);
                continue;
            }
        };
        let (Ok(Some(sessions)), Ok(cart), Ok(ck)) = (
            cx.count(*line, r, "sessions"),
            cx.count(*line, r, "cart"),
            cx.count(*line, r, "checkout"),
        ) else {
            continue;
        };
        let opt = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
        cx.emit(
            "traffic",
            format!("{day}{SEP}{}{SEP}", store.id),
            *line,
            &[
                ("date", day.to_string()),
                ("store_id", store.id.clone()),
                ("sessions", sessions.to_string()),
                ("add_to_cart", opt(cart)),
                ("checkouts", opt(ck)),
            ],
        );
    }
}

// ── Amazon ──────────────────────────────────────────────────────────────────

fn amazon_all_orders(cx: &mut Cx, rows: &[(u64, &StringRecord)]) {
    let mut orders: Vec<Order> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::default();
    let mut stores: HashMap<String, Store> = HashMap::default();
    for (line, r) in rows {
        let line = *line;
        let channel = cx.get(r, "channel").to_string();
        if channel.eq_ignore_ascii_case("Non-Amazon") {
            cx.skip("Non-Amazon rows (multi-channel fulfilment of other channels' orders)");
            continue;
        }
        let Some(store) = channel_store(cx, &mut stores, line, &channel) else {
            continue;
        };
        let id = cx.get(r, "order").to_string();
        let Some(status) = meaning(cx, line, r, "status") else {
            continue;
        };
        let Some(when) = when_of(cx, line, r, "purchase", DayMonth::MonthFirst) else {
            continue;
        };
        if !check_currency(cx, line, r, "currency", &store) {
            continue;
        }
        let sku = cx.get(r, "sku").to_string();
        let (Ok(qty), Ok(items), Ok(price), Ok(tax), Ok(promo)) = (
            cx.count(line, r, "qty"),
            cx.count(line, r, "items"),
            cx.money(line, r, "price"),
            cx.money(line, r, "tax"),
            cx.money(line, r, "promo"),
        ) else {
            continue;
        };
        let i = *at.entry(id.clone()).or_insert_with(|| {
            orders.push(Order {
                id: id.clone(),
                store: store.id.clone(),
                at: when,
                status: status_of(status),
                customer: None,
                line,
                lines: vec![],
            });
            orders.len() - 1
        });
        let buyer = cx.get(r, "email").to_string();
        if orders[i].customer.is_none() {
            orders[i].customer = cx.customer(&buyer);
        }
        if sku.is_empty() {
            cx.bad(line, "sku", "", "is empty: the column is required");
            continue;
        }
        let title = cx.get(r, "title").to_string();
        let asin = cx.get(r, "asin").to_string();
        cx.sku(line, &sku, &title, &asin);
        let Some(qty) = all_orders_qty(qty, items, status) else {
            cx.bad(
                line,
                "qty",
                cx.get(r, "qty"),
                "is not a quantity of 1 or more",
            );
            continue;
        };
        let Some(price) = price else {
            if status == "placed" {
                cx.skip("pending lines without a price (a later report fills them)");
                cx.warn(format!("line {line}: pending order {id} has no item-price yet: imported as placed without this line"));
            } else {
                cx.bad(line, "price", "", "is empty: the column is required");
            }
            continue;
        };
        orders[i].add(Line {
            sku,
            qty,
            gross: net_of_vat(price, tax, &store.country),
            discount: promo.unwrap_or(0).abs(),
            line,
        });
    }
    for o in &orders {
        cx.emit_order(o);
    }
}

/// The store of an All Orders sales channel (`Amazon.de`), looked up once per channel;
/// None when it cannot be routed (reported).
fn channel_store(
    cx: &mut Cx,
    stores: &mut HashMap<String, Store>,
    line: u64,
    channel: &str,
) -> Option<Store> {
    if let Some(s) = stores.get(channel) {
        return Some(s.clone());
    }
    match cx.marketplace_store(channel) {
        Ok(s) => {
            stores.insert(channel.to_string(), s.clone());
            Some(s)
        }
        Err(e) => {
            cx.bad(line, "channel", channel, &format!("cannot be routed: {e}"));
            None
        }
    }
}

/// An All Orders line's quantity: a cancelled line without one counts its items
/// (at least 1); otherwise 1 or more, else None.
fn all_orders_qty(qty: Option<i64>, items: Option<i64>, status: &str) -> Option<i64> {
    match qty {
        Some(0) | None if status == "cancelled" => Some(items.unwrap_or(1).max(1)),
        Some(q) if q > 0 => Some(q),
        _ => None,
    }
}

/// A line's gross without VAT: EU/UK/JP prices include VAT (less the item tax);
/// US and CA prices exclude sales tax.
fn net_of_vat(price: i64, tax: Option<i64>, country: &str) -> i64 {
    let inclusive = !matches!(country, "US" | "CA");
    if inclusive {
        price - tax.unwrap_or(0)
    } else {
        price
    }
}

const ADVERTISING: &str = "advertising: skipped";

fn amazon_date_range(cx: &mut Cx, rows: &[(u64, &StringRecord)]) {
    // Rows without a marketplace (fees, subscriptions) go to the file's main marketplace.
    let main = main_marketplace(rows.iter().map(|(_, r)| cx.get(r, "marketplace")));
    let default_store = match (&cx.opts.store, &main) {
        (Some(_), _) | (None, None) => cx.single_store(),
        (None, Some(m)) => cx.marketplace_store(m),
    };
    let mut seen: HashMap<String, usize> = HashMap::default();
    for (line, r) in rows {
        let Some(row) = date_range_row(cx, *line, r, &default_store, &mut seen) else {
            continue;
        };
        match row.kind {
            "order" | "refund" => date_range_sale(cx, r, &row),
            _ => date_range_fee(cx, r, &row),
        }
    }
}

/// The most frequent non-empty marketplace (lower case; ties: the first by name).
fn main_marketplace<'r>(markets: impl Iterator<Item = &'r str>) -> Option<String> {
    let mut counts: HashMap<String, usize> = HashMap::default();
    for m in markets {
        if !m.is_empty() {
            *counts.entry(m.to_ascii_lowercase()).or_default() += 1;
        }
    }
    counts
        .iter()
        .max_by_key(|(k, n)| (**n, std::cmp::Reverse((*k).clone())))
        .map(|x| x.0.clone())
}

/// A Date Range row to convert: what its expenses and refund are keyed, dated and
/// routed by.
struct DateRangeRow {
    line: u64,
    kind: &'static str,
    when: When,
    /// the row's identity: settlement, time, type, order, sku and occurrence
    base: String,
    store: Store,
    date: String,
    order: String,
    sku: String,
    desc: String,
}

impl DateRangeRow {
    /// Emits an expense of the row (none for a zero amount).
    fn expense(&self, cx: &mut Cx, key: &str, category: &str, amount: i64) {
        if amount == 0 {
            return;
        }
        let base = &self.base;
        cx.emit(
            "expenses",
            format!("{base}:{key}"),
            self.line,
            &[
                ("expense_id", format!("{base}:{key}")),
                ("date", self.date.clone()),
                ("category", category.to_string()),
                ("amount", value::micro_text(amount)),
                ("currency", self.store.currency.clone()),
                ("store_id", self.store.id.clone()),
                ("sku", self.sku.clone()),
                ("order_id", self.order.clone()),
                ("note", self.desc.clone()),
            ],
        );
    }
}

/// Reads a Date Range row's type, time, store and identity; None when the row is
/// skipped or bad (counted or reported).
fn date_range_row(
    cx: &mut Cx,
    line: u64,
    r: &StringRecord,
    default_store: &Result<Store, String>,
    seen: &mut HashMap<String, usize>,
) -> Option<DateRangeRow> {
    let kind = meaning(cx, line, r, "type")?;
    let when = when_of(cx, line, r, "datetime", cx.dm)?;
    let market = cx.get(r, "marketplace").to_string();
    let store = if market.is_empty() || cx.opts.store.is_some() {
        default_store.clone()
    } else {
        cx.marketplace_store(&market)
    };
    let store = match store {
        Ok(s) => s,
        Err(e) => {
            let why = format!("cannot be routed: {e}");
            cx.bad(line, "marketplace", &market, &why);
            return None;
        }
    };
    let desc = cx.get(r, "description").to_string();
    if kind == "transfer" {
        cx.skip("transfers (payouts are not expenses)");
        return None;
    }
    if kind == "service_fee"
        && cx
            .fmt
            .meaning("description", &desc)
            .is_some_and(|m| m.starts_with(ADVERTISING))
    {
        cx.skip("Cost of Advertising rows (ad spend comes from the ads report)");
        return None;
    }
    let order = cx.get(r, "order").to_string();
    let sku = cx.get(r, "sku").to_string();
    let settlement = cx.get(r, "settlement").to_string();
    let raw_when = cx.get(r, "datetime").to_string();
    let raw_type = cx.get(r, "type").to_string();
    let base = format!("amzdr:{settlement}|{raw_when}|{raw_type}|{order}|{sku}");
    let n = seen.entry(base.clone()).or_default();
    *n += 1;
    let base = format!("{base}|{n}");
    if !order.is_empty() && !order_known(cx, line, &order) {
        return None;
    }
    if !sku.is_empty() {
        let title = if matches!(kind, "order" | "refund") {
            desc.clone()
        } else {
            String::new()
        };
        cx.sku(line, &sku, &title, "");
    }
    cx.sum.stores.insert(store.id.clone());
    let date = when.local_date(store.tz).to_string();
    Some(DateRangeRow {
        line,
        kind,
        when,
        base,
        store,
        date,
        order,
        sku,
        desc,
    })
}

/// Whether a row's order is in the workbook or in this import; when not, the row
/// is skipped (`--unknown-orders skip`) or reported.
fn order_known(cx: &mut Cx, line: u64, order: &str) -> bool {
    let known =
        cx.call_orders.contains_key(order) || cx.peek.order_store(order).ok().flatten().is_some();
    if !known {
        if cx.opts.unknown_orders_skip {
            cx.skip("rows of orders not in the workbook (--unknown-orders skip)");
        } else {
            cx.bad(line, "order", order, "is an order that is neither in the workbook nor in this import: import its All Orders report first or in the same call (or --unknown-orders skip)");
        }
    }
    known
}

/// An order or refund row: its fees as expenses; of a refund, the refund.
fn date_range_sale(cx: &mut Cx, r: &StringRecord, row: &DateRangeRow) {
    let mut vals = Vec::new();
    for k in [
        "selling_fees",
        "fba_fees",
        "other_fees",
        "other",
        "points",
        "product_sales",
        "rebates",
    ] {
        match cx.money(row.line, r, k) {
            Ok(v) => vals.push(v.unwrap_or(0)),
            Err(()) => break,
        }
    }
    if vals.len() < 7 {
        return;
    }
    for (k, cat, v) in [
        ("selling_fees", "platform_fee", vals[0]),
        ("fba_fees", "fulfillment", vals[1]),
        ("other_fees", "platform_fee", vals[2]),
        ("other", "other", vals[3]),
        ("points", "marketing", vals[4]),
    ] {
        row.expense(cx, k, cat, -v);
    }
    if row.kind == "refund" {
        date_range_refund(cx, r, row, -(vals[5] + vals[6]));
    }
}

/// The refund of a refund row, of `amount` (product sales and rebates refunded).
fn date_range_refund(cx: &mut Cx, r: &StringRecord, row: &DateRangeRow, amount: i64) {
    let line = row.line;
    let q = value::signed_count(cx.get(r, "quantity"))
        .ok()
        .flatten()
        .map(|q| q.abs());
    if amount < 0 {
        cx.bad(
            line,
            "product_sales",
            cx.get(r, "product_sales"),
            "is positive on a refund row: expected a refunded (negative) amount",
        );
        return;
    }
    if row.order.is_empty() {
        cx.bad(line, "order", "", "is empty: a refund needs its order");
        return;
    }
    let base = &row.base;
    cx.emit(
        "refunds",
        format!("{base}:refund"),
        line,
        &[
            ("refund_id", format!("{base}:refund")),
            ("order_id", row.order.clone()),
            ("refunded_at", row.when.canonical()),
            ("amount", value::micro_text(amount)),
            ("sku", row.sku.clone()),
            ("qty", q.map(|q| q.to_string()).unwrap_or_default()),
        ],
    );
}

/// A fee row (service fee, storage, fulfilment, other): its total as an expense.
fn date_range_fee(cx: &mut Cx, r: &StringRecord, row: &DateRangeRow) {
    let Ok(total) = cx.money(row.line, r, "total") else {
        return;
    };
    let cat = match row.kind {
        "service_fee" => "platform_fee",
        "storage" => "storage",
        "fulfillment" => "fulfillment",
        _ => "other",
    };
    if total.unwrap_or(0) == 0 {
        cx.skip("rows with a zero total");
        return;
    }
    row.expense(cx, "total", cat, -total.unwrap_or(0));
}

/// A single `YYYY-MM-DD` in a file name (`…_2026-10-07.csv`); two different ones: Err.
fn date_in_name(path: &Path) -> Result<Option<NaiveDate>, String> {
    let name = path
        .file_name()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let b = name.as_bytes();
    let mut found: Vec<NaiveDate> = Vec::new();
    for i in 0..b.len().saturating_sub(9) {
        if let Ok(d) = NaiveDate::parse_from_str(&name[i..i + 10], "%Y-%m-%d")
            && !found.contains(&d)
        {
            found.push(d);
        }
    }
    match found.as_slice() {
        [] => Ok(None),
        [d] => Ok(Some(*d)),
        _ => Err(format!(
            "the file name holds several dates ({}): the report covers several days, and its sessions cannot be split into days; download a one-day report or give --date",
            found
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

fn business_report(cx: &mut Cx, path: &Path, rows: &[(u64, &StringRecord)]) {
    let day = match (cx.opts.date, date_in_name(path)) {
        (Some(d), _) => d,
        (None, Ok(Some(d))) => d,
        (None, Ok(None)) => {
            cx.fail(1, "the Business Report has no date column: give --date YYYY-MM-DD (a one-day report) or keep the date in the file name (…_2026-10-07.csv)");
            return;
        }
        (None, Err(e)) => {
            cx.fail(1, &e);
            return;
        }
    };
    let Some(store) = store_or_fail(cx, rows[0].0) else {
        return;
    };
    type Acc = (String, u64, i64, Option<i64>, Option<i64>);
    let mut acc: Vec<Acc> = Vec::new();
    for (line, r) in rows {
        let asin = cx.get(r, "child").to_string();
        let sku = match cx.get(r, "sku") {
            s if !s.is_empty() => s.to_string(),
            _ => match cx.sku_of_asin(&asin) {
                Some(s) => s,
                None => {
                    cx.bad(*line, "child", &asin, "is an ASIN with no SKU in the workbook: import an All Orders, FBA inventory or advertised product report (or a skus.csv with an asin column) first or in the same call");
                    continue;
                }
            },
        };
        let (Ok(Some(sessions)), Ok(mobile), Ok(pv)) = (
            cx.count(*line, r, "sessions"),
            cx.count(*line, r, "mobile"),
            cx.count(*line, r, "page_views"),
        ) else {
            continue;
        };
        match acc.iter_mut().find(|a| a.0 == sku) {
            Some(a) => {
                a.2 += sessions;
                a.3 = a.3.zip(mobile).map(|(x, y)| x + y);
                a.4 = a.4.zip(pv).map(|(x, y)| x + y);
            }
            None => acc.push((sku, *line, sessions, mobile, pv)),
        }
    }
    let opt = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
    for (sku, line, s, m, pv) in acc {
        cx.emit(
            "traffic",
            format!("{day}{SEP}{}{SEP}{sku}", store.id),
            line,
            &[
                ("date", day.to_string()),
                ("store_id", store.id.clone()),
                ("sku", sku.clone()),
                ("sessions", s.to_string()),
                ("page_views", opt(pv)),
                ("mobile_sessions", opt(m)),
            ],
        );
    }
}

/// A Sponsored Products key's sums: (first line, impressions, clicks, spend,
/// sales, orders, units).
type SpAcc = (
    u64,
    Option<i64>,
    Option<i64>,
    i64,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

/// The store of a Sponsored Products report: the one Amazon store of the file's
/// currency when there are several and no --store, else the file's single store.
fn sp_store(cx: &mut Cx, rows: &[(u64, &StringRecord)]) -> Option<Store> {
    let store = if cx.opts.store.is_none() && cx.has("currency") {
        // several Amazon stores: the currency may settle it
        let cur = cx.get(rows[0].1, "currency").to_ascii_uppercase();
        let of: Vec<&Store> = cx
            .stores
            .iter()
            .filter(|s| s.channel.to_ascii_lowercase().contains("amazon") && s.currency == cur)
            .collect();
        if of.len() == 1 {
            Some(of[0].clone())
        } else {
            None
        }
    } else {
        None
    };
    match store {
        Some(s) => {
            cx.sum.stores.insert(s.id.clone());
            Some(s)
        }
        None => store_or_fail(cx, rows[0].0),
    }
}

fn sp_advertised(cx: &mut Cx, rows: &[(u64, &StringRecord)]) {
    let Some(store) = sp_store(cx, rows) else {
        return;
    };
    let mut acc: Vec<(String, SpAcc)> = Vec::new();
    let mut idx: HashMap<String, usize> = HashMap::default();
    for (line, r) in rows {
        let line = *line;
        let d = cx.get(r, "date").to_string();
        let day = match value::date(&d, DayMonth::MonthFirst) {
            Ok(x) => x,
            Err(why) => {
                cx.bad(line, "date", &d, &why);
                continue;
            }
        };
        if !check_currency(cx, line, r, "currency", &store) {
            continue;
        }
        let campaign = cx.get(r, "campaign").to_string();
        let sku = cx.get(r, "sku").to_string();
        let asin = cx.get(r, "asin").to_string();
        if !sku.is_empty() {
            cx.sku(line, &sku, "", &asin);
        }
        let (Ok(imp), Ok(clicks), Ok(spend), Ok(sales), Ok(orders), Ok(units)) = (
            cx.count(line, r, "impressions"),
            cx.count(line, r, "clicks"),
            cx.money(line, r, "spend"),
            cx.money(line, r, "sales"),
            cx.count(line, r, "orders"),
            cx.count(line, r, "units"),
        ) else {
            continue;
        };
        let Some(spend) = spend else {
            cx.bad(line, "spend", "", "is empty: the column is required");
            continue;
        };
        let key = format!("{day}{SEP}{}{SEP}{campaign}{SEP}{sku}", store.id);
        let add = |a: Option<i64>, b: Option<i64>| match (a, b) {
            (Some(x), Some(y)) => Some(x + y),
            (x, None) | (None, x) => x,
        };
        match idx.get(&key) {
            Some(&i) => {
                let a = &mut acc[i].1;
                a.1 = add(a.1, imp);
                a.2 = add(a.2, clicks);
                a.3 += spend;
                a.4 = add(a.4, sales);
                a.5 = add(a.5, orders);
                a.6 = add(a.6, units);
            }
            None => {
                idx.insert(key.clone(), acc.len());
                acc.push((key, (line, imp, clicks, spend, sales, orders, units)));
            }
        }
    }
    emit_sp_ads(cx, acc);
}

/// Emits the ads rows of a Sponsored Products report, summed per key.
fn emit_sp_ads(cx: &mut Cx, acc: Vec<(String, SpAcc)>) {
    let opt = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
    for (key, (line, imp, clicks, spend, sales, orders, units)) in acc {
        let p: Vec<&str> = key.split(SEP).collect();
        cx.emit(
            "ads",
            key.clone(),
            line,
            &[
                ("date", p[0].to_string()),
                ("store_id", p[1].to_string()),
                ("campaign", p[2].to_string()),
                ("sku", p[3].to_string()),
                ("impressions", opt(imp)),
                ("clicks", opt(clicks)),
                ("spend", value::micro_text(spend)),
                ("ad_sales", sales.map(value::micro_text).unwrap_or_default()),
                ("ad_orders", opt(orders)),
                ("ad_units", opt(units)),
            ],
        );
    }
}

fn fba_inventory(cx: &mut Cx, path: &Path, rows: &[(u64, &StringRecord)]) {
    let Some(store) = store_or_fail(cx, rows[0].0) else {
        return;
    };
    let day = match (cx.opts.date, date_in_name(path)) {
        (Some(d), _) | (None, Ok(Some(d))) => d,
        _ => {
            let t = chrono::Local::now().date_naive();
            cx.warn(format!(
                "no --date and no date in the file name: the snapshot is dated today ({t})"
            ));
            t
        }
    };
    let wh = format!("FBA-{}", store.country);
    for (line, r) in rows {
        let line = *line;
        let sku = cx.get(r, "sku").to_string();
        let afn = cx.get(r, "afn_listing").to_ascii_lowercase();
        if afn == "no" || afn == "false" {
            cx.skip("MFN-only rows (no FBA stock)");
            continue;
        }
        let (Ok(Some(on_hand)), Ok(reserved), Ok(w), Ok(s), Ok(rc)) = (
            cx.count(line, r, "fulfillable"),
            cx.count(line, r, "reserved"),
            cx.count(line, r, "working"),
            cx.count(line, r, "shipped"),
            cx.count(line, r, "receiving"),
        ) else {
            continue;
        };
        let title = cx.get(r, "title").to_string();
        let asin = cx.get(r, "asin").to_string();
        cx.sku(line, &sku, &title, &asin);
        let inbound = match (w, s, rc) {
            (None, None, None) => String::new(),
            _ => (w.unwrap_or(0) + s.unwrap_or(0) + rc.unwrap_or(0)).to_string(),
        };
        cx.emit(
            "inventory",
            format!("{day}{SEP}{sku}{SEP}{wh}"),
            line,
            &[
                ("date", day.to_string()),
                ("sku", sku.clone()),
                ("warehouse", wh.clone()),
                ("store_id", store.id.clone()),
                ("on_hand", on_hand.to_string()),
                ("inbound", inbound),
                (
                    "reserved",
                    reserved.map(|x| x.to_string()).unwrap_or_default(),
                ),
            ],
        );
    }
}

fn fba_returns(cx: &mut Cx, rows: &[(u64, &StringRecord)]) {
    type Reasons = ((String, String), (u64, Vec<String>));
    let mut reasons: Vec<Reasons> = Vec::new();
    for (line, r) in rows {
        let order = cx.get(r, "order").to_string();
        let sku = cx.get(r, "sku").to_string();
        let reason = cx.get(r, "reason").to_string();
        let disp = cx.get(r, "disposition").to_string();
        let why = if disp.is_empty() {
            reason
        } else {
            format!("{reason} ({disp})")
        };
        match reasons
            .iter_mut()
            .find(|x| x.0 == (order.clone(), sku.clone()))
        {
            Some(x) => {
                if !x.1.1.contains(&why) {
                    x.1.1.push(why)
                }
            }
            None => reasons.push(((order, sku), (*line, vec![why]))),
        }
    }
    for ((order, sku), (line, why)) in reasons {
        let reason = why.join("; ");
        let mut marked = 0;
        // refunds of this call (a Date Range report in the same call)
        if let Some(t) = cx.out.get_mut("refunds") {
            for (_, row) in t.rows.iter_mut().flatten() {
                if row[1] == order && row[4] == sku {
                    row[6] = reason.clone();
                    row[7] = "true".into();
                    marked += 1;
                }
            }
        }
        if marked == 0 {
            let wb = cx.peek.refunds_of(&order).unwrap_or_default();
            for rf in wb
                .into_iter()
                .filter(|x| x.sku.as_deref() == Some(sku.as_str()))
            {
                let at = chrono::DateTime::from_timestamp_millis(rf.refunded_ms)
                    .map(|t| t.to_rfc3339())
                    .unwrap_or_default();
                cx.emit(
                    "refunds",
                    rf.refund_id.clone(),
                    line,
                    &[
                        ("refund_id", rf.refund_id.clone()),
                        ("order_id", order.clone()),
                        ("refunded_at", at),
                        ("amount", value::micro_text(rf.amount)),
                        ("sku", sku.clone()),
                        ("qty", rf.qty.map(|q| q.to_string()).unwrap_or_default()),
                        ("reason", reason.clone()),
                        ("is_return", "true".into()),
                    ],
                );
                marked += 1;
            }
        } else {
            *cx.sum.tables.entry("refunds".into()).or_default() = {
                let e = cx.sum.tables.get("refunds").copied().unwrap_or_default();
                (e.0, e.1 + marked)
            };
        }
        if marked == 0 {
            cx.skip("returns without a refund yet (import the Date Range report first or in the same call)");
            cx.warn(format!(
                "line {line}: return of order {order}, SKU {sku} has no refund in the workbook yet"
            ));
        }
    }
}

// ── TikTok Shop and Shopee ──────────────────────────────────────────────────

/// Decimal comma for stores whose currency is written that way on these platforms.
fn dec_of(cx: &Cx, store: &Store) -> value::Dec {
    match store.currency.as_str() {
        "BRL" | "IDR" | "VND" | "EUR" => value::Dec::Comma,
        _ => cx.dec,
    }
}

/// Day/month order of slash dates, from the file's own dates, else the store's country.
fn day_month(cx: &Cx, rows: &[(u64, &StringRecord)], key: &str, store: &Store) -> DayMonth {
    for (_, r) in rows {
        let v = cx.get(r, key);
        let p: Vec<&str> = v.split([' ', '/']).collect();
        if p.len() >= 3 && p[2].len() >= 4 {
            let (a, b) = (
                p[0].parse::<u32>().unwrap_or(0),
                p[1].parse::<u32>().unwrap_or(0),
            );
            if a > 12 {
                return DayMonth::DayFirst;
            }
            if b > 12 {
                return DayMonth::MonthFirst;
            }
        }
    }
    if matches!(store.country.as_str(), "US" | "PH") {
        DayMonth::MonthFirst
    } else {
        DayMonth::DayFirst
    }
}

fn tiktok_orders(cx: &mut Cx, rows: &[(u64, &StringRecord)]) {
    let Some(store) = store_or_fail(cx, rows[0].0) else {
        return;
    };
    cx.dec = dec_of(cx, &store);
    // The description row under the header ("Platform unique order ID.").
    let rows: Vec<(u64, &StringRecord)> = rows
        .iter()
        .enumerate()
        .filter(|(i, (_, r))| {
            let id = cx.get(r, "order");
            *i != 0 || id.chars().all(|c| c.is_ascii_alphanumeric())
        })
        .map(|(_, x)| *x)
        .collect();
    if rows.is_empty() {
        return;
    }
    let dm = day_month(cx, &rows, "created", &store);
    let mut orders: Vec<Order> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::default();
    let mut refunded = 0i64;
    for (line, r) in &rows {
        let line = *line;
        let id = cx.get(r, "order").to_string();
        let Some(status) = meaning(cx, line, r, "status") else {
            continue;
        };
        let Some(when) = when_of(cx, line, r, "created", dm) else {
            continue;
        };
        let sku = cx.get(r, "sku").to_string();
        let (Ok(qty), Ok(price), Ok(sd), Ok(refund)) = (
            cx.count(line, r, "qty"),
            cx.money(line, r, "price"),
            cx.money(line, r, "seller_discount"),
            cx.money(line, r, "refund"),
        ) else {
            continue;
        };
        let new = !at.contains_key(&id);
        let i = *at.entry(id.clone()).or_insert_with(|| {
            orders.push(Order {
                id: id.clone(),
                store: store.id.clone(),
                at: when,
                status: status_of(status),
                customer: None,
                line,
                lines: vec![],
            });
            orders.len() - 1
        });
        if new {
            refunded += refund.unwrap_or(0); // repeated on every row: counted once
            orders[i].customer = cx.customer(cx.get(r, "buyer"));
        }
        let (Some(qty), Some(price)) = (qty, price) else {
            cx.fail(line, "Quantity and SKU Unit Original Price are required");
            continue;
        };
        if sku.is_empty() {
            cx.skip("lines without a Seller SKU");
            continue;
        }
        let title = cx.get(r, "title").to_string();
        cx.sku(line, &sku, &title, "");
        orders[i].add(Line {
            sku,
            qty,
            gross: price * qty,
            discount: sd.unwrap_or(0).abs(),
            line,
        });
    }
    for o in &orders {
        cx.emit_order(o);
    }
    left_out(
        cx,
        "Order Refund Amount (undated: TikTok's export has no refund date)",
        refunded,
        &store.currency,
    );
}

fn shopee_orders(cx: &mut Cx, rows: &[(u64, &StringRecord)]) {
    let Some(store) = store_or_fail(cx, rows[0].0) else {
        return;
    };
    cx.dec = dec_of(cx, &store);
    let step = minor_step(&store.currency);
    let mut orders: Vec<(Order, i64)> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::default();
    for (line, r) in rows {
        let line = *line;
        let id = cx.get(r, "order").to_string();
        let Some(status) = meaning(cx, line, r, "status") else {
            continue;
        };
        let Some(when) = when_of(cx, line, r, "created", cx.dm) else {
            continue;
        };
        let (Ok(qty), Ok(orig), Ok(deal), Ok(sd), Ok(voucher)) = (
            cx.count(line, r, "qty"),
            cx.money(line, r, "original"),
            cx.money(line, r, "deal"),
            cx.money(line, r, "seller_discount"),
            cx.money(line, r, "voucher"),
        ) else {
            continue;
        };
        let i = *at.entry(id.clone()).or_insert_with(|| {
            orders.push((
                Order {
                    id: id.clone(),
                    store: store.id.clone(),
                    at: when,
                    status: status_of(status),
                    customer: None,
                    line,
                    lines: vec![],
                },
                voucher.unwrap_or(0),
            ));
            orders.len() - 1
        });
        if orders[i].0.customer.is_none() {
            orders[i].0.customer = cx.customer(cx.get(r, "buyer"));
        }
        let (Some(qty), Some(unit)) = (qty, orig.or(deal)) else {
            cx.fail(line, "Quantity and Deal Price are required");
            continue;
        };
        let sku = cx.get(r, "sku").to_string();
        if sku.is_empty() {
            cx.skip("lines without a SKU Reference No.");
            continue;
        }
        let gross = unit * qty;
        let discount = match (orig, sd) {
            (Some(_), Some(d)) => d.abs(),
            (Some(o), None) => deal.map(|d| (o - d) * qty).unwrap_or(0).max(0),
            (None, _) => 0,
        };
        let title = cx.get(r, "title").to_string();
        cx.sku(line, &sku, &title, "");
        orders[i].0.add(Line {
            sku,
            qty,
            gross,
            discount,
            line,
        });
    }
    for (mut o, voucher) in orders {
        if voucher > 0 {
            let w: Vec<i64> = o.lines.iter().map(|l| l.gross).collect();
            for (l, d) in o.lines.iter_mut().zip(spread(voucher, &w, step)) {
                l.discount += d;
            }
        }
        cx.emit_order(&o);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn totals(
        subtotal: Option<i64>,
        shipping: Option<i64>,
        taxes: Option<i64>,
        total: Option<i64>,
        discount: Option<i64>,
    ) -> ShopifyTotals {
        ShopifyTotals {
            subtotal,
            shipping,
            taxes,
            total,
            discount,
        }
    }

    #[test]
    fn shopify_order_discount_is_what_the_subtotal_lacks() {
        // lines 100 less 10 of their own; subtotal 80: 10 more at the order level
        let t = totals(Some(80), None, None, None, Some(30));
        assert_eq!(t.order_discount(100, 10), 10);
        // a free-shipping code in Discount Amount does not lower the products
        let t = totals(Some(80), None, None, None, Some(15));
        assert_eq!(t.order_discount(100, 10), 5);
        // no subtotal: the Discount Amount less the lines' own
        let t = totals(None, None, None, None, Some(25));
        assert_eq!(t.order_discount(100, 10), 15);
        // never negative
        let t = totals(Some(95), None, None, None, None);
        assert_eq!(t.order_discount(100, 10), 0);
    }

    #[test]
    fn shopify_taxes_inside_when_the_total_leaves_them_out() {
        // total = subtotal + shipping: the taxes are inside the prices
        let t = totals(Some(100), Some(10), Some(19), Some(110), None);
        assert_eq!(t.inclusive_taxes(1), Some(19));
        // total = subtotal + shipping + taxes: added on top
        let t = totals(Some(100), Some(10), Some(19), Some(129), None);
        assert_eq!(t.inclusive_taxes(1), None);
        // no taxes, or an amount missing
        assert_eq!(
            totals(Some(100), Some(10), Some(0), Some(110), None).inclusive_taxes(1),
            None
        );
        assert_eq!(
            totals(None, Some(10), Some(19), Some(110), None).inclusive_taxes(1),
            None
        );
    }

    #[test]
    fn all_orders_quantity_and_vat() {
        assert_eq!(all_orders_qty(Some(2), None, "shipped"), Some(2));
        assert_eq!(all_orders_qty(Some(0), Some(3), "cancelled"), Some(3));
        assert_eq!(all_orders_qty(None, None, "cancelled"), Some(1));
        assert_eq!(all_orders_qty(Some(0), Some(3), "shipped"), None);
        assert_eq!(all_orders_qty(None, None, "placed"), None);
        assert_eq!(net_of_vat(120, Some(20), "DE"), 100);
        assert_eq!(net_of_vat(100, Some(8), "US"), 100);
        assert_eq!(net_of_vat(100, None, "UK"), 100);
    }

    #[test]
    fn the_main_marketplace_is_the_most_frequent_then_the_first_by_name() {
        let m = |v: &[&'static str]| main_marketplace(v.iter().copied());
        assert_eq!(m(&[]), None);
        assert_eq!(m(&["", ""]), None);
        assert_eq!(
            m(&["Amazon.de", "amazon.fr", "AMAZON.DE"]).as_deref(),
            Some("amazon.de")
        );
        assert_eq!(m(&["b", "a"]).as_deref(), Some("a"));
    }
}
