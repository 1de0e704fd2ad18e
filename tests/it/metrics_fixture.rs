//! Every catalogue metric on the small hand-built fixture (`tests/fixtures/small`),
//! at total level and at least one drill level, against hand computation.
//!
//! The fixture, in short (report period P = 2026-10, comparison = 2026-09):
//! - stores: AMZ-US (Amazon, USD, America/Los_Angeles), AMZ-DE (Amazon, EUR,
//!   Europe/Berlin), SHOP-US (Shopify, USD, America/Los_Angeles); base USD.
//! - EUR rates: 1.1 from 2026-06-01 (so all of September is 1.1), 1.2 on
//!   10-01 and Fri 10-02, none on the weekend 10-03/04 (gap: Friday's 1.2
//!   applies), 1.25 from Mon 10-05.
//! - landed costs (USD): A 5 (4 + 1 freight), 6 from 10-16; B 3; C 10 (8 + 1 duty
//!   + 1 packaging); D 2 (from 09-01). D launched 2026-09-15 (new SKU).
//! - valid October orders and their lines in USD (gross − discount):
//!   | order | store | day | lines | customer |
//!   |---|---|---|---|---|
//!   | U1 | AMZ-US | 10-02 | A 2×10 = 20 | C1 (first order U7 in Sept) |
//!   | U2 | AMZ-US | 10-10 | B 1×20 − 2 = 18 | C2 (first) |
//!   | U3 | AMZ-US | 10-20 | A 10, C 30 | C3 (first) |
//!   | U4 | AMZ-US | 10-31 23:30 local (06:30Z 11-01) | D 40 | C4 (first) |
//!   | D1 | AMZ-DE | Sat 10-03 | A 10 EUR, C 10 EUR @1.2 = 12 + 12 | C5 (first) |
//!   | D2 | AMZ-DE | 10-12 | B 2×10 EUR − 2 EUR @1.25 = 25 − 2.5 | C6 (first) |
//!   | D3 | AMZ-DE | 10-25 | D 50 EUR @1.25 = 62.5 | C9 (lapsed since June) |
//!   | S1 | SHOP-US | 10-05 | C 30 | C7 (first) |
//!   | S2 | SHOP-US | 10-18 | A 10 | C2 (first order was U2) |
//!   | S3 | SHOP-US | 10-22 | B 20 | none |
//!   | S4 | SHOP-US | 10-28 | C 30 − 5 = 25 | C8 (first order S6 in Sept) |
//!   plus U5 (cancelled, A), U6 (payment_failed, B), S5 (cancelled, D).
//! - September: U7 (AMZ-US, A 10), U8 (AMZ-US, B 2×20), D4 (AMZ-DE, C 20 EUR @1.1
//!   = 22), S6 (SHOP-US, C 30), S7 (cancelled); June: D5 (AMZ-DE, C9, B 10 EUR).
//!
//! Totals used throughout (October, USD):
//! gross 330−8.5: AMZ-US 120, AMZ-DE 24 + 25 + 62.5 = 111.5, SHOP-US 90 → 321.5;
//! discounts 2 + 2.5 + 5 = 9.5; gmv AMZ-US 118, AMZ-DE 109, SHOP-US 85 → 312;
//! SKU gmv A 52, B 60.5, C 97, D 102.5;
//! refunds R1 10 (U1, A), R2 6 EUR @1.25 = 7.5 (D1, no sku → A 3.75 + C 3.75),
//! R3 5 (S4, C), R4 20 (U8 of Sept, B) → 42.5 (AMZ-US 30, AMZ-DE 7.5, SHOP-US 5);
//! net_sales 269.5 (AMZ-US 88, AMZ-DE 101.5, SHOP-US 80; A 38.25, B 40.5,
//! C 88.25, D 102.5); orders 11 (AMZ-US 4, AMZ-DE 3, SHOP-US 4; SKU A 4, B 3,
//! C 4, D 2); units 15 (AMZ-US 6, AMZ-DE 5, SHOP-US 4; A 5, B 4, C 4, D 2).

use crate::common::*;
use rust_decimal::{Decimal, MathematicalOps};
use sellerdeck::catalogue::{ACQUISITION_PREFIX, CATALOGUE};
use sellerdeck::domain::MetricId;
use sellerdeck::metrics::engine::Level;
use sellerdeck::metrics::report::Report;
use sellerdeck::period::CompareMode;

const P: &str = "2026-10";

struct Reports {
    channel: Report,
    store: Report,
    sku: Report,
}

fn reports() -> Reports {
    let wb = small();
    Reports {
        channel: report(&wb, P, Level::Channel),
        store: report(&wb, P, Level::Store),
        sku: report(&wb, P, Level::Sku),
    }
}

// ── Growth ─────────────────────────────────────────────────────────────────

#[test]
fn growth() {
    let r = reports();
    let t = &r.store.total;
    let (us, de, shop) = (
        row(&r.store, "AMZ-US"),
        row(&r.store, "AMZ-DE"),
        row(&r.store, "SHOP-US"),
    );
    let amazon = row(&r.channel, "Amazon");
    let (a, b, c, dd) = (
        row(&r.sku, "SKU-A"),
        row(&r.sku, "SKU-B"),
        row(&r.sku, "SKU-C"),
        row(&r.sku, "SKU-D"),
    );

    // gross_sales = AMZ-US 20+20+10+30+40 = 120; AMZ-DE (10+10)@1.2 + 20@1.25 + 50@1.25
    // = 24 + 25 + 62.5 = 111.5; SHOP-US 30+10+20+30 = 90 → 321.5 (cancelled/payment_failed excluded)
    exact(t, "gross_sales", "321.5");
    exact(us, "gross_sales", "120");
    exact(de, "gross_sales", "111.5");
    exact(amazon, "gross_sales", "231.5");
    // SKU A: 20 (U1) + 10 (U3) + 12 (D1) + 10 (S2) = 52; B 20 + 25 + 20 = 65
    exact(a, "gross_sales", "52");
    exact(b, "gross_sales", "65");

    // discounts = U2 2 + D2 2 EUR@1.25 = 2.5 + S4 5 = 9.5
    exact(t, "discounts", "9.5");
    exact(de, "discounts", "2.5");
    exact(b, "discounts", "4.5"); // U2 2 + D2 2.5
    exact(c, "discounts", "5");

    // gmv = 321.5 − 9.5 = 312; AMZ-US 118, AMZ-DE 109, SHOP-US 85, Amazon 227
    exact(t, "gmv", "312");
    exact(us, "gmv", "118");
    exact(de, "gmv", "109");
    exact(shop, "gmv", "85");
    exact(amazon, "gmv", "227");
    exact(a, "gmv", "52");
    exact(b, "gmv", "60.5");
    exact(c, "gmv", "97"); // 30 + 12 + 30 + 25
    exact(dd, "gmv", "102.5"); // 40 + 62.5

    // orders = valid orders: 11; AMZ-US U1..U4 = 4; SKU A: U1, U3, D1, S2 = 4
    exact(t, "orders", "11");
    exact(us, "orders", "4");
    exact(amazon, "orders", "7");
    exact(a, "orders", "4");
    exact(dd, "orders", "2");

    // units = 15; AMZ-US 2+1+2+1 = 6; A 2+1+1+1 = 5
    exact(t, "units", "15");
    exact(us, "units", "6");
    exact(a, "units", "5");

    // aov = gmv / orders: 312/11; AMZ-US 118/4 = 29.5; SKU A 52/4 = 13
    near(t, "aov", q(312, 11));
    exact(us, "aov", "29.5");
    exact(a, "aov", "13");

    // units_per_order = 15/11; AMZ-US 6/4 = 1.5; SKU A 5/4 = 1.25
    near(t, "units_per_order", q(15, 11));
    exact(us, "units_per_order", "1.5");
    exact(a, "units_per_order", "1.25");

    // cancel_rate = cancelled / all orders: 2 (U5, S5) / 14; AMZ-US 1/6; AMZ-DE 0/3;
    // SKU A: U5 of 5 orders with A (U1 U3 U5 D1 S2) = 0.2
    near(t, "cancel_rate", q(2, 14));
    near(us, "cancel_rate", q(1, 6));
    exact(de, "cancel_rate", "0");
    exact(a, "cancel_rate", "0.2");

    // payment_success_rate = 13/14; AMZ-US 5/6; SKU B: U6 failed of U2 U6 D2 S3 → 3/4
    near(t, "payment_success_rate", q(13, 14));
    near(us, "payment_success_rate", q(5, 6));
    exact(b, "payment_success_rate", "0.75");

    // discount_rate = 9.5/321.5; SHOP-US 5/90; SKU B 4.5/65
    near(t, "discount_rate", q(d("9.5"), d("321.5")));
    near(shop, "discount_rate", q(5, 90));
    near(b, "discount_rate", q(d("4.5"), 65));

    // refunds dated in P = 10 + 7.5 + 5 + 20 = 42.5; AMZ-US R1 10 + R4 20 (Sept order) = 30;
    // SKU A: R1 10 + half of R2 3.75 = 13.75 (D1 lines A 10 EUR / C 10 EUR → ½ each)
    exact(t, "refunds", "42.5");
    exact(us, "refunds", "30");
    exact(de, "refunds", "7.5");
    exact(a, "refunds", "13.75");
    exact(c, "refunds", "8.75"); // 3.75 + R3 5
    exact(dd, "refunds", "0");

    // net_sales = 312 − 42.5 = 269.5; AMZ-DE 109 − 7.5 = 101.5; A 52 − 13.75 = 38.25
    exact(t, "net_sales", "269.5");
    exact(de, "net_sales", "101.5");
    exact(amazon, "net_sales", "189.5");
    exact(a, "net_sales", "38.25");

    // active_skus: all 4 sold; SHOP-US sold A, B, C (D only in cancelled S5) = 3; a SKU row: 1
    exact(t, "active_skus", "4");
    exact(shop, "active_skus", "3");
    exact(us, "active_skus", "4");
    exact(a, "active_skus", "1");

    // new_sku_sales_share: D launched 2026-09-15 ∈ (10-31 − 90d, 10-31]: 102.5/312;
    // AMZ-US 40/118; SHOP-US 0/85 = 0; SKU D 1, SKU A 0
    near(t, "new_sku_sales_share", q(d("102.5"), 312));
    near(us, "new_sku_sales_share", q(40, 118));
    exact(shop, "new_sku_sales_share", "0");
    exact(dd, "new_sku_sales_share", "1");
    exact(a, "new_sku_sales_share", "0");

    // share = row gmv / scope gmv: the scope row has none; Amazon 227/312;
    // AMZ-US 118/312; SKU A 52/312 = 1/6
    undefined(t, "share");
    near(amazon, "share", q(227, 312));
    near(us, "share", q(118, 312));
    near(a, "share", q(52, 312));

    // units_share = row units / scope units (15): Amazon 6 + 5 = 11/15;
    // AMZ-US 6/15 = 0.4; SKU A 5/15 = 1/3; the scope row has none
    undefined(t, "units_share");
    near(amazon, "units_share", q(11, 15));
    exact(us, "units_share", "0.4");
    near(a, "units_share", q(5, 15));
}

#[test]
fn comparison_change_and_under_scope() {
    let r = reports();
    let t = &r.store.total;
    // September gmv = U7 10 + U8 40 + D4 20 EUR@1.1 = 22 + S6 30 = 102;
    // change = (312 − 102)/102
    let gmv = t.get(MetricId::Gmv).unwrap();
    assert_eq!(gmv.compare, Some(d("102")));
    assert_eq!(gmv.change, Some(q(210, 102)));
    // September orders: U7, U8, D4, S6 = 4 → change (11 − 4)/4 = 1.75
    let orders = t.get(MetricId::Orders).unwrap();
    assert_eq!(
        (orders.compare, orders.change),
        (Some(d("4")), Some(d("1.75")))
    );

    // Under Amazon, the scope row is the channel: share = store gmv / channel gmv
    let wb = small();
    let under = report_at(&wb, P, CompareMode::Prev, Level::Store, &["Amazon"]);
    assert_eq!(under.total.key, "Amazon");
    exact(&under.total, "gmv", "227");
    undefined(&under.total, "share");
    near(row(&under, "AMZ-US"), "share", q(118, 227));
    near(row(&under, "AMZ-US"), "units_share", q(6, 11));
    assert!(under.rows.iter().all(|r| r.key != "SHOP-US"));
}

// ── Funnel ─────────────────────────────────────────────────────────────────

#[test]
fn funnel() {
    let r = reports();
    let t = &r.store.total;
    let (us, de, shop) = (
        row(&r.store, "AMZ-US"),
        row(&r.store, "AMZ-DE"),
        row(&r.store, "SHOP-US"),
    );
    let (a, b, dd) = (
        row(&r.sku, "SKU-A"),
        row(&r.sku, "SKU-B"),
        row(&r.sku, "SKU-D"),
    );
    let un = row(&r.sku, "(unattributed)");
    // October traffic rows (sessions, page_views, add_to_cart, checkouts, bounced, mobile):
    // AMZ-US/A 100,300,10,5,40,60; AMZ-US/(blank) 100,200,10,5,50,40;
    // AMZ-DE/B 50,100,5,(blank),20,25; SHOP-US/C 150,400,20,10,60,75

    // sessions = 400; AMZ-US 200; A 100; unattributed (blank sku) 100; D none → 0
    exact(t, "sessions", "400");
    exact(us, "sessions", "200");
    exact(a, "sessions", "100");
    exact(un, "sessions", "100");
    exact(dd, "sessions", "0");

    // page_views = 300+200+100+400 = 1000; SHOP-US 400; unattributed 200
    exact(t, "page_views", "1000");
    exact(shop, "page_views", "400");
    exact(un, "page_views", "200");

    // add_to_cart = 10+10+5+20 = 45; AMZ-DE 5
    exact(t, "add_to_cart", "45");
    exact(de, "add_to_cart", "5");
    exact(a, "add_to_cart", "10");

    // checkouts: sum of known = 5+5+10 = 20; AMZ-DE's only row is blank → undefined (rule 7)
    exact(t, "checkouts", "20");
    undefined(de, "checkouts");
    undefined(b, "checkouts");
    exact(us, "checkouts", "10");

    // cart_rate = 45/400 = 0.1125; SHOP-US 20/150; SKU D no traffic → undefined
    exact(t, "cart_rate", "0.1125");
    near(shop, "cart_rate", q(20, 150));
    exact(a, "cart_rate", "0.1");
    undefined(dd, "cart_rate");

    // checkout_rate over rows with both known: 20/(10+10+20) = 0.5; AMZ-DE undefined
    exact(t, "checkout_rate", "0.5");
    undefined(de, "checkout_rate");
    exact(a, "checkout_rate", "0.5");

    // cvr = orders/sessions = 11/400 = 0.0275; AMZ-US 4/200 = 0.02; A 4/100 = 0.04; D 2/0 → undefined
    exact(t, "cvr", "0.0275");
    exact(us, "cvr", "0.02");
    exact(a, "cvr", "0.04");
    undefined(dd, "cvr");

    // cart_abandonment = 1 − orders/add_to_cart = 1 − 11/45; AMZ-DE 1 − 3/5 = 0.4; A 1 − 4/10 = 0.6
    near(t, "cart_abandonment", Decimal::ONE - q(11, 45));
    exact(de, "cart_abandonment", "0.4");
    exact(a, "cart_abandonment", "0.6");

    // bounce_rate = (40+50+20+60)/400 = 0.425; AMZ-US 90/200 = 0.45; A 40/100
    exact(t, "bounce_rate", "0.425");
    exact(us, "bounce_rate", "0.45");
    exact(a, "bounce_rate", "0.4");

    // pages_per_session = 1000/400 = 2.5; SHOP-US 400/150 = 8/3; A 3
    exact(t, "pages_per_session", "2.5");
    near(shop, "pages_per_session", q(8, 3));
    exact(a, "pages_per_session", "3");

    // rpv = gmv/sessions = 312/400 = 0.78; AMZ-DE 109/50 = 2.18; A 52/100
    exact(t, "rpv", "0.78");
    exact(de, "rpv", "2.18");
    exact(a, "rpv", "0.52");

    // mobile_session_share = (60+40+25+75)/400 = 0.5; A 60/100 = 0.6
    exact(t, "mobile_session_share", "0.5");
    exact(us, "mobile_session_share", "0.5");
    exact(a, "mobile_session_share", "0.6");

    // mobile_order_share: mobile/app among valid orders: U1 U3 U4 D2 D3 S1 S4 = 7/11;
    // AMZ-US U1 U3 U4 = 3/4; SHOP-US S1 S4 = 2/4; A: U1 (mobile) U3 (app) of 4 = 0.5
    near(t, "mobile_order_share", q(7, 11));
    exact(us, "mobile_order_share", "0.75");
    exact(shop, "mobile_order_share", "0.5");
    exact(a, "mobile_order_share", "0.5");
}

// ── Ads ────────────────────────────────────────────────────────────────────

#[test]
fn ads() {
    let r = reports();
    let t = &r.store.total;
    let (us, de, shop) = (
        row(&r.store, "AMZ-US"),
        row(&r.store, "AMZ-DE"),
        row(&r.store, "SHOP-US"),
    );
    let amazon = row(&r.channel, "Amazon");
    let (a, dd) = (row(&r.sku, "SKU-A"), row(&r.sku, "SKU-D"));
    let un = row(&r.sku, "(unattributed)");
    // October ads (impressions, clicks, spend, ad_sales, ad_orders):
    // AMZ-US/A 10000,100,20,80,4; AMZ-US/(blank) 5000,50,10,20,1;
    // AMZ-DE/B (Sun 10-04, rate gap → Fri 1.2) 2000,20,8 EUR = 9.6,(blank),1;
    // SHOP-US/C 3000,40,12,48,2

    // impressions = 20000; AMZ-US 15000; unattributed SKU row 5000
    exact(t, "impressions", "20000");
    exact(us, "impressions", "15000");
    exact(a, "impressions", "10000");
    exact(un, "impressions", "5000");

    // clicks = 210; SHOP-US 40; A 100
    exact(t, "clicks", "210");
    exact(shop, "clicks", "40");
    exact(a, "clicks", "100");

    // ad_spend = 20 + 10 + 9.6 + 12 = 51.6; AMZ-DE 8 EUR × 1.2 = 9.6; Amazon 39.6; unattributed 10
    exact(t, "ad_spend", "51.6");
    exact(de, "ad_spend", "9.6");
    exact(amazon, "ad_spend", "39.6");
    exact(un, "ad_spend", "10");
    exact(dd, "ad_spend", "0");

    // ad_sales = known 80 + 20 + 48 = 148; AMZ-DE all blank → undefined
    exact(t, "ad_sales", "148");
    undefined(de, "ad_sales");
    exact(us, "ad_sales", "100");
    exact(a, "ad_sales", "80");

    // ad_orders = 4 + 1 + 1 + 2 = 8; AMZ-US 5
    exact(t, "ad_orders", "8");
    exact(us, "ad_orders", "5");
    exact(a, "ad_orders", "4");

    // acos = spend where ad_sales known / ad_sales = (20+10+12)/148 = 21/74;
    // AMZ-US 30/100 = 0.3; AMZ-DE no row with ad_sales → undefined; A 20/80 = 0.25
    near(t, "acos", q(42, 148));
    exact(us, "acos", "0.3");
    undefined(de, "acos");
    exact(a, "acos", "0.25");

    // roas = 148/42; AMZ-US 10/3; SHOP-US 48/12 = 4; A 4
    near(t, "roas", q(148, 42));
    near(us, "roas", q(10, 3));
    exact(shop, "roas", "4");
    exact(a, "roas", "4");

    // tacos = spend/gmv = 51.6/312; AMZ-DE 9.6/109; A 20/52
    near(t, "tacos", q(d("51.6"), 312));
    near(de, "tacos", q(d("9.6"), 109));
    near(a, "tacos", q(20, 52));

    // ctr = 210/20000 = 0.0105; SHOP-US 40/3000; A 0.01
    exact(t, "ctr", "0.0105");
    near(shop, "ctr", q(40, 3000));
    exact(a, "ctr", "0.01");

    // cpc = 51.6/210; AMZ-DE 9.6/20 = 0.48; A 20/100 = 0.2
    near(t, "cpc", q(d("51.6"), 210));
    exact(de, "cpc", "0.48");
    exact(a, "cpc", "0.2");

    // cpm = 51.6/20000 × 1000 = 2.58; SHOP-US 12/3000 × 1000 = 4; A 2
    exact(t, "cpm", "2.58");
    exact(shop, "cpm", "4");
    exact(a, "cpm", "2");

    // ad_cvr = ad_orders/clicks = 8/210; AMZ-DE 1/20; A 4/100
    near(t, "ad_cvr", q(8, 210));
    exact(de, "ad_cvr", "0.05");
    exact(a, "ad_cvr", "0.04");

    // ad_sales_share = 148/312; AMZ-DE undefined (ad_sales undefined); A 80/52
    near(t, "ad_sales_share", q(148, 312));
    undefined(de, "ad_sales_share");
    near(a, "ad_sales_share", q(80, 52));

    // ad_traffic_share = clicks/sessions = 210/400 = 0.525; AMZ-US 150/200; A 100/100
    exact(t, "ad_traffic_share", "0.525");
    exact(us, "ad_traffic_share", "0.75");
    exact(a, "ad_traffic_share", "1");

    // marketing_spend = company-wide marketing expense 20 → total and (unattributed) only
    exact(t, "marketing_spend", "20");
    exact(us, "marketing_spend", "0");
    exact(row(&r.store, "(unattributed)"), "marketing_spend", "20");
    exact(a, "marketing_spend", "0");

    // cac = (ad_spend + marketing)/new_customers = (51.6 + 20)/6; AMZ-US 30/3 = 10;
    // AMZ-DE 9.6/2 = 4.8; SHOP-US 12/1; SKU A: spend 20 / new customers 2 (C3, C5) = 10
    near(t, "cac", q(d("71.6"), 6));
    exact(us, "cac", "10");
    exact(de, "cac", "4.8");
    exact(shop, "cac", "12");
    exact(a, "cac", "10");
}

// ── Inventory ──────────────────────────────────────────────────────────────

#[test]
fn inventory() {
    let r = reports();
    let t = &r.store.total;
    let (us, de, shop) = (
        row(&r.store, "AMZ-US"),
        row(&r.store, "AMZ-DE"),
        row(&r.store, "SHOP-US"),
    );
    let sun = row(&r.store, "(unattributed)");
    let (a, b, c, dd) = (
        row(&r.sku, "SKU-A"),
        row(&r.sku, "SKU-B"),
        row(&r.sku, "SKU-C"),
        row(&r.sku, "SKU-D"),
    );
    // Snapshots: A/WH-US (AMZ-US) 09-30 50 (inbound 10), 10-31 40 (inbound blank);
    // B/WH-DE (AMZ-DE) 09-30 20 (0), 10-15 0 (2); C/WH-SHARED (no store) 09-30 30 (5);
    // D/WH-SHOP (SHOP-US) 09-30 10 (blank). End stock (10-31): A 40, B 0, C 30, D 10.

    // on_hand_units = 40 + 0 + 30 + 10 = 80; AMZ-US 40; AMZ-DE 0; shared stock → (unattributed) 30
    exact(t, "on_hand_units", "80");
    exact(us, "on_hand_units", "40");
    exact(de, "on_hand_units", "0");
    exact(sun, "on_hand_units", "30");
    exact(c, "on_hand_units", "30");

    // inbound_units = known 2 + 5 = 7; AMZ-US's only snapshot has blank inbound → undefined;
    // AMZ-DE 2; (unattributed) 5
    exact(t, "inbound_units", "7");
    undefined(us, "inbound_units");
    exact(de, "inbound_units", "2");
    exact(sun, "inbound_units", "5");
    exact(b, "inbound_units", "2");

    // inventory_value = Σ end on_hand × cost at 10-31: A 40×6 + C 30×10 + D 10×2 = 560
    exact(t, "inventory_value", "560");
    exact(us, "inventory_value", "240");
    exact(sun, "inventory_value", "300");
    exact(a, "inventory_value", "240");

    // avg_daily_units = units in [10-02, 10-31] / 30 = 15/30; AMZ-US 6/30; A 5/30; D 2/30
    exact(t, "avg_daily_units", "0.5");
    exact(us, "avg_daily_units", "0.2");
    near(a, "avg_daily_units", q(5, 30));
    near(dd, "avg_daily_units", q(2, 30));

    // days_of_cover = on_hand/avg: 80/0.5 = 160; AMZ-US 40/0.2 = 200; AMZ-DE 0/(5/30) = 0;
    // SHOP-US 10/(4/30) = 75; A 40/(5/30) = 240
    exact(t, "days_of_cover", "160");
    exact(us, "days_of_cover", "200");
    exact(de, "days_of_cover", "0");
    near(shop, "days_of_cover", d("75"));
    near(a, "days_of_cover", d("240"));

    // inventory_turnover = cogs × 365 / Σ daily stock value over Oct 1..31:
    // A: 50×5×15 (10-01..15) + 50×6×15 (cost 6 from 10-16) + 40×6 (10-31) = 3750 + 4500 + 240 = 8490
    // B: 20×3×14 (10-01..14) + 0 = 840; C: 30×10×31 = 9300; D: 10×2×31 = 620 → 19250
    // total cogs 83 (see profit) → 83×365/19250; AMZ-US 31×365/8490; A 27×365/8490; D 4×365/620
    near(t, "inventory_turnover", q(83 * 365, 19250));
    near(us, "inventory_turnover", q(31 * 365, 8490));
    near(a, "inventory_turnover", q(27 * 365, 8490));
    near(dd, "inventory_turnover", q(4 * 365, 620));
    undefined(sun, "inventory_turnover");

    // turnover_days = 365/turnover = 19250/83; AMZ-DE 840/23; D 620/4 = 155
    near(t, "turnover_days", q(19250, 83));
    near(de, "turnover_days", q(840, 23));
    near(dd, "turnover_days", d("155"));

    // stockout_rate: SKUs with a snapshot, end 0, sold in [08-03, 10-31] / SKUs sold or end > 0:
    // counted per stock point (rule 16): A@WH-US 40, B@WH-DE 0 (sold in AMZ-DE), C shared 30,
    // D@WH-SHOP 10 (never sold in SHOP-US, counted for its stock) → total B / 4 = 0.25;
    // AMZ-US: its one point A → 0/1; AMZ-DE: its one point B → 1/1; SKU B 1/1; SKU A 0/1
    exact(t, "stockout_rate", "0.25");
    exact(us, "stockout_rate", "0");
    exact(de, "stockout_rate", "1");
    exact(b, "stockout_rate", "1");
    exact(a, "stockout_rate", "0");

    // sell_through_rate: SKUs sold in P / SKUs with start stock (09-30) or sold:
    // total 4/4 = 1; SHOP-US sold A,B,C, D has start stock 10 there → 3/4; SKU D: 1/1
    exact(t, "sell_through_rate", "1");
    exact(shop, "sell_through_rate", "0.75");
    exact(dd, "sell_through_rate", "1");

    // stale_rate: end > 0 and unsold for 90 days / end > 0: total 0/3 (A, C, D all sold);
    // SHOP-US: D (10 in stock there, never sold there) 1/1; AMZ-DE: no end stock → undefined
    exact(t, "stale_rate", "0");
    exact(shop, "stale_rate", "1");
    undefined(de, "stale_rate");
    exact(a, "stale_rate", "0");
}

#[test]
fn restock_at_sku_level() {
    let r = reports();
    let (a, b, c, dd) = (
        row(&r.sku, "SKU-A"),
        row(&r.sku, "SKU-B"),
        row(&r.sku, "SKU-C"),
        row(&r.sku, "SKU-D"),
    );
    let sqrt = |x: Decimal| x.sqrt().unwrap();
    let tol = Decimal::new(1, 18);
    // Daily unit totals over [10-02, 10-31] (population σ over 30 days):
    // A: 10-02 2, 10-03 1, 10-18 1, 10-20 1 → mean 1/6, Σx² 7 → var 7/30 − 1/36 = 37/180; L 4
    // B: 10-10 1, 10-12 2, 10-22 1 → mean 2/15, Σx² 6 → var 6/30 − 4/225 = 41/225; L 9
    // C: 10-03, 10-05, 10-20, 10-28 one each → mean 2/15, var 4/30 − 4/225 = 26/225; L 16
    // D: 10-25 1, 10-31 1 (the 23:30 order) → mean 1/15, var 2/30 − 1/225 = 14/225; L blank = 30
    // safety_stock = 1.65 × σ × √L
    let ss_a = d("1.65") * sqrt(q(37, 180)) * d("2"); // ≈ 1.49801
    let ss_b = d("1.65") * sqrt(d("41")) / d("15") * d("3"); // ≈ 2.11302
    let ss_c = d("1.65") * sqrt(d("26")) / d("15") * d("4"); // ≈ 2.24357
    let ss_d = d("1.65") * sqrt(d("14")) / d("15") * sqrt(d("30")); // ≈ 2.25435
    near_tol(a, "safety_stock", ss_a, tol);
    near_tol(b, "safety_stock", ss_b, tol);
    near_tol(c, "safety_stock", ss_c, tol);
    near_tol(dd, "safety_stock", ss_d, tol);
    // reorder_point = avg_daily × L + safety: A 5/30×4 + ss; B 4/30×9 = 1.2 + ss (≈ 3.313);
    // C 4/30×16 + ss (≈ 4.377); D 2/30×30 = 2 + ss (≈ 4.254)
    near_tol(a, "reorder_point", q(20, 30) + ss_a, tol);
    near_tol(b, "reorder_point", d("1.2") + ss_b, tol);
    near_tol(c, "reorder_point", q(64, 30) + ss_c, tol);
    near_tol(dd, "reorder_point", d("2") + ss_d, tol);
    // needs_restock = on_hand + inbound ≤ reorder_point: A 40 + blank(0) > 2.17 → 0;
    // B 0 + 2 ≤ 3.31 → 1; C 30 + 5 → 0; D 10 → 0
    exact(a, "needs_restock", "0");
    exact(b, "needs_restock", "1");
    exact(c, "needs_restock", "0");
    exact(dd, "needs_restock", "0");
    // restock_qty = ceil(max(0, rop + 30 × avg − on_hand − inbound)):
    // B: ceil(3.313 + 4 − 0 − 2) = ceil(5.313) = 6; A: 2.17 + 5 − 40 < 0 → 0
    exact(b, "restock_qty", "6");
    exact(a, "restock_qty", "0");
    exact(dd, "restock_qty", "0");

    // SKU rows only: undefined at total, channel and store level
    for id in [
        "safety_stock",
        "reorder_point",
        "needs_restock",
        "restock_qty",
    ] {
        undefined(&r.sku.total, id);
        undefined(&r.store.total, id);
        undefined(row(&r.store, "AMZ-US"), id);
        undefined(row(&r.channel, "Amazon"), id);
    }
}

// ── Fulfilment and experience ──────────────────────────────────────────────

#[test]
fn experience() {
    let r = reports();
    let t = &r.store.total;
    let (us, de, shop) = (
        row(&r.store, "AMZ-US"),
        row(&r.store, "AMZ-DE"),
        row(&r.store, "SHOP-US"),
    );
    let (a, b, c, dd) = (
        row(&r.sku, "SKU-A"),
        row(&r.sku, "SKU-B"),
        row(&r.sku, "SKU-C"),
        row(&r.sku, "SKU-D"),
    );
    let un = row(&r.sku, "(unattributed)");
    // Shipments of October's valid orders (hours to ship, days to deliver):
    // U1 24h, 2d, ship_by met; U2 48h, late, undelivered; U3 unshipped with ship_by;
    // D1 24h, 3d, damaged, met; D2 24h exactly at ship_by (met), 1d; S1 36h, 2d, met;
    // S2 24h, no ship_by, undelivered; S4 24h at ship_by (met), 1d. U4 D3 S3 unshipped.

    // fulfillment_rate = shipped/orders = 7/11; AMZ-US 2/4; A: U1 D1 S2 of U1 U3 D1 S2 = 3/4
    near(t, "fulfillment_rate", q(7, 11));
    exact(us, "fulfillment_rate", "0.5");
    exact(a, "fulfillment_rate", "0.75");

    // on_time_ship_rate = on time / with ship_by: U1 D1 D2 S1 S4 of U1 U2 U3 D1 D2 S1 S4 = 5/7;
    // AMZ-US U1 of U1 U2 U3 = 1/3; AMZ-DE 2/2; A: U1 D1 of U1 U3 D1 = 2/3
    near(t, "on_time_ship_rate", q(5, 7));
    near(us, "on_time_ship_rate", q(1, 3));
    exact(de, "on_time_ship_rate", "1");
    near(a, "on_time_ship_rate", q(2, 3));

    // avg_ship_hours = (24+48+24+24+36+24+24)/7 = 204/7; AMZ-US (24+48)/2 = 36; SHOP-US 84/3 = 28; A 24
    near(t, "avg_ship_hours", q(204, 7));
    exact(us, "avg_ship_hours", "36");
    exact(shop, "avg_ship_hours", "28");
    exact(a, "avg_ship_hours", "24");

    // delivery_rate = delivered/shipped = 5/7; AMZ-US 1/2; A: U1 D1 of 3 = 2/3
    near(t, "delivery_rate", q(5, 7));
    exact(us, "delivery_rate", "0.5");
    near(a, "delivery_rate", q(2, 3));

    // avg_delivery_days = (2+3+1+2+1)/5 = 1.8; SHOP-US (2+1)/2 = 1.5; A (2+3)/2 = 2.5
    exact(t, "avg_delivery_days", "1.8");
    exact(shop, "avg_delivery_days", "1.5");
    exact(a, "avg_delivery_days", "2.5");

    // damage_rate = damaged/shipped = 1/7 (D1); AMZ-DE 1/2; AMZ-US 0; A 1/3
    near(t, "damage_rate", q(1, 7));
    exact(de, "damage_rate", "0.5");
    exact(us, "damage_rate", "0");
    near(a, "damage_rate", q(1, 3));

    // return_rate = orders with an is_return refund in P / orders: R1 (U1, qty 1), R3 (S4,
    // is_return yes), R4 (U8, qty 1; a September order) → 3/11; R2 (blank, no qty) is not a return.
    // AMZ-US U1 U8 → 2/4; AMZ-DE 0/3; SKU B: U8 / 3 orders; SKU A: U1 / 4
    near(t, "return_rate", q(3, 11));
    exact(us, "return_rate", "0.5");
    exact(de, "return_rate", "0");
    near(b, "return_rate", q(1, 3));
    exact(a, "return_rate", "0.25");

    // refund_rate = refunds/gmv = 42.5/312; AMZ-US 30/118; SKU D 0/102.5 = 0
    near(t, "refund_rate", q(d("42.5"), 312));
    near(us, "refund_rate", q(30, 118));
    exact(dd, "refund_rate", "0");

    // Reviews in P: V1 AMZ-US 5★ A, V2 AMZ-US 2★ B, V3 AMZ-DE 4★ C, V4 SHOP-US 1★ no sku
    // reviews = 4; AMZ-US 2; SKU A 1; (unattributed) SKU row 1
    exact(t, "reviews", "4");
    exact(us, "reviews", "2");
    exact(a, "reviews", "1");
    exact(un, "reviews", "1");

    // avg_rating = (5+2+4+1)/4 = 3; AMZ-US 3.5; A 5; D none → undefined
    exact(t, "avg_rating", "3");
    exact(us, "avg_rating", "3.5");
    exact(a, "avg_rating", "5");
    undefined(dd, "avg_rating");

    // negative_review_rate (≤ 2★) = 2/4; AMZ-US 1/2; SHOP-US 1/1; B 1/1
    exact(t, "negative_review_rate", "0.5");
    exact(us, "negative_review_rate", "0.5");
    exact(shop, "negative_review_rate", "1");
    exact(b, "negative_review_rate", "1");

    // positive_review_share (≥ 4★) = 2/4; AMZ-DE 1/1; A 1
    exact(t, "positive_review_share", "0.5");
    exact(de, "positive_review_share", "1");
    exact(a, "positive_review_share", "1");

    // nps: scores AMZ-US 10, 5; SHOP-US 8, 9 → total (2 promoters − 1 detractor)/4 × 100 = 25;
    // AMZ-US (1−1)/2 = 0; SHOP-US (1−0)/2 × 100 = 50; AMZ-DE none → undefined; SKU never
    exact(t, "nps", "25");
    exact(us, "nps", "0");
    exact(shop, "nps", "50");
    undefined(de, "nps");
    undefined(a, "nps");

    // csat: AMZ-DE 5, 3; SHOP-US 4, 2 → total 2/4; AMZ-DE 1/2; AMZ-US undefined; SKU never
    exact(t, "csat", "0.5");
    exact(de, "csat", "0.5");
    undefined(us, "csat");
    undefined(a, "csat");

    // Tickets: K1 AMZ-US U1 question (resp 2h, resolved 4h, first contact);
    // K2 AMZ-DE D3 claim (resp 24h, unresolved, escalated); K3 SHOP-US no order (resp 6h,
    // resolved 24h); K4 SHOP-US S4 chargeback (no response, resolved 24h)

    // after_sales_rate = orders of P with a ticket / orders: U1 D3 S4 = 3/11; AMZ-DE 1/3;
    // A: U1 of 4 = 0.25; B 0
    near(t, "after_sales_rate", q(3, 11));
    near(de, "after_sales_rate", q(1, 3));
    exact(a, "after_sales_rate", "0.25");
    exact(b, "after_sales_rate", "0");

    // first_response_hours = (2 + 24 + 6)/3; SHOP-US 6 (K4 has none); A (K1) 2; D (K2) 24
    near(t, "first_response_hours", q(32, 3));
    exact(shop, "first_response_hours", "6");
    exact(a, "first_response_hours", "2");
    exact(dd, "first_response_hours", "24");

    // resolution_hours = (4 + 24 + 24)/3; SHOP-US 24; AMZ-DE none resolved → undefined; C (K4) 24
    near(t, "resolution_hours", q(52, 3));
    exact(shop, "resolution_hours", "24");
    undefined(de, "resolution_hours");
    exact(c, "resolution_hours", "24");

    // first_contact_resolution = K1 / resolved {K1, K3, K4} = 1/3; AMZ-US 1; SHOP-US 0; C 0
    near(t, "first_contact_resolution", q(1, 3));
    exact(us, "first_contact_resolution", "1");
    exact(shop, "first_contact_resolution", "0");
    exact(c, "first_contact_resolution", "0");

    // escalation_rate = 1/4 (K2); AMZ-DE 1; AMZ-US 0; D 1
    exact(t, "escalation_rate", "0.25");
    exact(de, "escalation_rate", "1");
    exact(us, "escalation_rate", "0");
    exact(dd, "escalation_rate", "1");

    // odr = orders of P with a ≤ 2★ review or a claim/chargeback ticket: U2 (V2), D3 (K2),
    // S4 (K4) = 3/11; AMZ-US 1/4; B: U2 of 3 orders; D: D3 of 2; A 0
    near(t, "odr", q(3, 11));
    exact(us, "odr", "0.25");
    near(b, "odr", q(1, 3));
    exact(dd, "odr", "0.5");
    exact(a, "odr", "0");
}

// ── Profit ─────────────────────────────────────────────────────────────────

#[test]
fn profit() {
    let r = reports();
    let t = &r.store.total;
    let (us, de, shop) = (
        row(&r.store, "AMZ-US"),
        row(&r.store, "AMZ-DE"),
        row(&r.store, "SHOP-US"),
    );
    let sun = row(&r.store, "(unattributed)");
    let amazon = row(&r.channel, "Amazon");
    let (a, b, c, dd) = (
        row(&r.sku, "SKU-A"),
        row(&r.sku, "SKU-B"),
        row(&r.sku, "SKU-C"),
        row(&r.sku, "SKU-D"),
    );
    let kun = row(&r.sku, "(unattributed)");

    // cogs: U1 A 2×5 = 10, U2 B 3, U3 A 1×6 (cost change 10-16) + C 10, U4 D 2 → AMZ-US 31;
    // D1 A 5 + C 10, D2 B 2×3, D3 D 2 → AMZ-DE 23; S1 C 10, S2 A 6, S3 B 3, S4 C 10 → SHOP-US 29
    // total 83; SKU A 10 + 6 + 5 + 6 = 27, B 12, C 40, D 4
    exact(t, "cogs", "83");
    exact(us, "cogs", "31");
    exact(amazon, "cogs", "54");
    exact(a, "cogs", "27");
    exact(dd, "cogs", "4");

    // gross_profit = net_sales − cogs = 269.5 − 83 = 186.5; AMZ-US 88 − 31 = 57; A 38.25 − 27 = 11.25
    exact(t, "gross_profit", "186.5");
    exact(us, "gross_profit", "57");
    exact(a, "gross_profit", "11.25");
    exact(sun, "gross_profit", "0");

    // gross_margin = 186.5/269.5; AMZ-US 57/88; B (40.5 − 12)/40.5; (unattributed) → undefined
    near(t, "gross_margin", q(d("186.5"), d("269.5")));
    near(us, "gross_margin", q(57, 88));
    near(b, "gross_margin", q(d("28.5"), d("40.5")));
    undefined(sun, "gross_margin");

    // Expenses in P (USD): E1 platform_fee 12 AMZ-US; E2 fulfillment 10 EUR@1.25 = 12.5, order D1
    // (→ AMZ-DE; SKU A/C ½ each = 6.25); E3 shipping 4 SHOP-US/C; E4 storage 6 SKU B only (no store);
    // E5 payment 3 SHOP-US; E6 marketing 20, E7 staff 100, E8 software 10, E9 rent 50 company-wide;
    // E10 other 5 EUR@1.25 = 6.25 AMZ-DE. Total 223.75.
    // AMZ-US 12; AMZ-DE 18.75; SHOP-US 7; store (unattributed) 6 + 20 + 100 + 10 + 50 = 186
    // SKU: A 6.25, B 6, C 10.25, D 0, (unattributed) 12 + 3 + 20 + 100 + 10 + 50 + 6.25 = 201.25
    exact(t, "expenses", "223.75");
    exact(us, "expenses", "12");
    exact(de, "expenses", "18.75");
    exact(shop, "expenses", "7");
    exact(sun, "expenses", "186");
    exact(row(&r.channel, "(unattributed)"), "expenses", "186");
    exact(a, "expenses", "6.25");
    exact(c, "expenses", "10.25");
    exact(kun, "expenses", "201.25");

    // (category, total, store row, its value, SKU row, its value);
    // expense_ratio_<cat> = expense_<cat> / net_sales (total 269.5; AMZ-US 88; AMZ-DE 101.5;
    // SHOP-US 80; A 38.25; B 40.5; C 88.25)
    let ns = |k: &str| match k {
        "AMZ-US" => d("88"),
        "AMZ-DE" => d("101.5"),
        "SHOP-US" => d("80"),
        "SKU-A" => d("38.25"),
        "SKU-B" => d("40.5"),
        "SKU-C" => d("88.25"),
        _ => unreachable!(),
    };
    let cases: [(&str, &str, &str, &str, &str, &str); 10] = [
        ("platform_fee", "12", "AMZ-US", "12", "SKU-A", "0"), // E1 has no SKU
        ("fulfillment", "12.5", "AMZ-DE", "12.5", "SKU-A", "6.25"), // E2 split by D1's line gmv
        ("shipping", "4", "SHOP-US", "4", "SKU-C", "4"),
        ("storage", "6", "AMZ-US", "0", "SKU-B", "6"), // E4: store level (unattributed)
        ("payment", "3", "SHOP-US", "3", "SKU-C", "0"),
        ("marketing", "20", "AMZ-US", "0", "SKU-A", "0"),
        ("staff", "100", "SHOP-US", "0", "SKU-B", "0"),
        ("software", "10", "AMZ-DE", "0", "SKU-C", "0"),
        ("rent", "50", "AMZ-US", "0", "SKU-A", "0"),
        ("other", "6.25", "AMZ-DE", "6.25", "SKU-C", "0"), // E10: store only → SKU (unattributed)
    ];
    for (cat, tot, st, sv, sku, kv) in cases {
        let id = format!("expense_{cat}");
        let ratio = format!("expense_ratio_{cat}");
        exact(t, &id, tot);
        exact(row(&r.store, st), &id, sv);
        exact(row(&r.sku, sku), &id, kv);
        near(t, &ratio, q(d(tot), d("269.5")));
        near(row(&r.store, st), &ratio, q(d(sv), ns(st)));
        near(row(&r.sku, sku), &ratio, q(d(kv), ns(sku)));
        undefined(sun, &ratio);
    }
    // the company-wide ones land in the store-level (unattributed) row
    exact(sun, "expense_staff", "100");
    exact(sun, "expense_storage", "6");
    exact(kun, "expense_platform_fee", "12");
    exact(kun, "expense_other", "6.25");

    // ad_cost_ratio = ad_spend/net_sales = 51.6/269.5; AMZ-US 30/88; A 20/38.25
    near(t, "ad_cost_ratio", q(d("51.6"), d("269.5")));
    near(us, "ad_cost_ratio", q(30, 88));
    near(a, "ad_cost_ratio", q(20, d("38.25")));

    // net_profit = gross_profit − expenses − ad_spend = 186.5 − 223.75 − 51.6 = −88.85;
    // AMZ-US 57 − 12 − 30 = 15; AMZ-DE 78.5 − 18.75 − 9.6 = 50.15; SHOP-US 51 − 7 − 12 = 32;
    // (unattributed) −186; Amazon 65.15. SKU contribution: A 11.25 − 6.25 − 20 = −15;
    // B 28.5 − 6 − 9.6 = 12.9; C 48.25 − 10.25 − 12 = 26; D 98.5; (unattributed) −201.25 − 10
    exact(t, "net_profit", "-88.85");
    exact(us, "net_profit", "15");
    exact(de, "net_profit", "50.15");
    exact(shop, "net_profit", "32");
    exact(sun, "net_profit", "-186");
    exact(amazon, "net_profit", "65.15");
    exact(a, "net_profit", "-15");
    exact(b, "net_profit", "12.9");
    exact(c, "net_profit", "26");
    exact(dd, "net_profit", "98.5");
    exact(kun, "net_profit", "-211.25");

    // contribution_profit (rule 17) = net_sales − cogs − variable expenses − ad_spend:
    // total 269.5 − 83 − (223.75 − 160 fixed) − 51.6 = 71.15; AMZ-US 15; store (unattributed)
    // −186 + 160 = −26. SKU level: each store's fees without SKU and order and its blank-SKU
    // ads go to its SKUs by gmv share: AMZ-US 12 + 10 ads over A 30, B 18, C 30, D 40 (118);
    // AMZ-DE E10 6.25 over A 12, C 12, B 22.5, D 62.5 (109); SHOP-US E5 3 over A 10, B 20, C 55.
    let alloc_a = q(660, 118) + q(75, 109) + q(30, 85);
    let alloc_d = q(880, 118) + q(d("390.625"), 109);
    exact(t, "contribution_profit", "71.15");
    exact(us, "contribution_profit", "15");
    exact(sun, "contribution_profit", "-26");
    near(a, "contribution_profit", d("-15") - alloc_a);
    near(dd, "contribution_profit", d("98.5") - alloc_d);
    near(a, "allocated_ads", q(300, 118));
    near(a, "allocated_fees", q(360, 118) + q(75, 109) + q(30, 85));
    // what is allocated leaves (unattributed): −211.25 + 160 + 31.25 = −20 (company marketing)
    near(kun, "contribution_profit", d("-20"));
    near(kun, "allocated_fees", d("-21.25"));
    near(kun, "allocated_ads", d("-10"));
    exact(us, "allocated_fees", "0");
    near(&r.sku.total, "contribution_profit", d("71.15"));
    // contribution_margin = contribution / net sales; AMZ-US 15/88; (unattributed) undefined
    near(t, "contribution_margin", q(d("71.15"), d("269.5")));
    near(us, "contribution_margin", q(15, 88));
    near(
        dd,
        "contribution_margin",
        (d("98.5") - alloc_d) / d("102.5"),
    );
    undefined(sun, "contribution_margin");

    // net_margin = −88.85/269.5; AMZ-US 15/88; D 98.5/102.5
    near(t, "net_margin", q(d("-88.85"), d("269.5")));
    near(us, "net_margin", q(15, 88));
    near(dd, "net_margin", q(d("98.5"), d("102.5")));

    // profit_per_order = net_profit/orders = −88.85/11; AMZ-US 15/4 = 3.75; D 98.5/2
    near(t, "profit_per_order", q(d("-88.85"), 11));
    exact(us, "profit_per_order", "3.75");
    exact(dd, "profit_per_order", "49.25");

    // profit_per_customer = net_profit/customers = −88.85/9; AMZ-US 15/4; D: C4, C9 → 98.5/2
    near(t, "profit_per_customer", q(d("-88.85"), 9));
    exact(us, "profit_per_customer", "3.75");
    exact(dd, "profit_per_customer", "49.25");

    // fixed_cost_share = (staff + software + rent)/(cogs + expenses + ad_spend)
    // = 160/(83 + 223.75 + 51.6) = 160/358.35; AMZ-US 0/(31 + 12 + 30) = 0
    near(t, "fixed_cost_share", q(160, d("358.35")));
    exact(us, "fixed_cost_share", "0");
    exact(a, "fixed_cost_share", "0");
}

#[test]
fn fx_impact() {
    let r = reports();
    // fx_impact = Σ_d EUR net_sales_local(d) × (rate(d) − mean September rate 1.1):
    // 10-03 D1 20 EUR × (1.2 − 1.1) = 2; 10-08 R2 −6 EUR × 0.15 = −0.9;
    // 10-12 D2 18 EUR × 0.15 = 2.7; 10-25 D3 50 EUR × 0.15 = 7.5 → 11.3, all of it AMZ-DE.
    // SKU: A 10 × 0.1 − 3 × 0.15 = 0.55; C the same 0.55; B 2.7; D 7.5
    let t = &r.store.total;
    exact(t, "fx_impact", "11.3");
    exact(row(&r.store, "AMZ-DE"), "fx_impact", "11.3");
    exact(row(&r.store, "AMZ-US"), "fx_impact", "0");
    exact(row(&r.channel, "Amazon"), "fx_impact", "11.3");
    exact(row(&r.channel, "Shopify"), "fx_impact", "0");
    exact(row(&r.sku, "SKU-A"), "fx_impact", "0.55");
    exact(row(&r.sku, "SKU-B"), "fx_impact", "2.7");
    exact(row(&r.sku, "SKU-D"), "fx_impact", "7.5");
    // its own compare/change are undefined
    let m = t.get(MetricId::FxImpact).unwrap();
    assert_eq!((m.compare, m.change), (None, None));
}

// ── Customers ──────────────────────────────────────────────────────────────

#[test]
fn customers() {
    let r = reports();
    let t = &r.store.total;
    let (us, de, shop) = (
        row(&r.store, "AMZ-US"),
        row(&r.store, "AMZ-DE"),
        row(&r.store, "SHOP-US"),
    );
    let amazon = row(&r.channel, "Amazon");
    let a = row(&r.sku, "SKU-A");
    // October customers: C1 (U1; first U7 Sept), C2 (U2 first, S2), C3, C4, C5, C6, C7 (first),
    // C8 (S4; first S6 Sept), C9 (D3; first D5 June). S3 has no customer. C12 only cancelled.

    // customers = 9; AMZ-US C1..C4 = 4; SHOP-US C7, C2, C8 = 3; A: C1 C3 C5 C2 = 4
    exact(t, "customers", "9");
    exact(us, "customers", "4");
    exact(shop, "customers", "3");
    exact(amazon, "customers", "7");
    exact(a, "customers", "4");

    // new_customers = C2..C7 = 6; AMZ-US C2 C3 C4 = 3; AMZ-DE C5 C6 = 2; SHOP-US C7 = 1
    // (C2's first order is AMZ-US's U2: not new at SHOP-US); A: first orders U3 (C3), D1 (C5) = 2
    exact(t, "new_customers", "6");
    exact(us, "new_customers", "3");
    exact(de, "new_customers", "2");
    exact(shop, "new_customers", "1");
    exact(a, "new_customers", "2");

    // returning_customers = C1, C8, C9 = 3; AMZ-US C1 = 1; SHOP-US C8 = 1 (C2 in neither); A: C1
    exact(t, "returning_customers", "3");
    exact(us, "returning_customers", "1");
    exact(shop, "returning_customers", "1");
    exact(a, "returning_customers", "1");

    // returning_gmv_share = (U1 20 + D3 62.5 + S4 25)/312; AMZ-DE 62.5/109; A: U1 20/52
    near(t, "returning_gmv_share", q(d("107.5"), 312));
    near(de, "returning_gmv_share", q(d("62.5"), 109));
    near(a, "returning_gmv_share", q(20, 52));

    // repeat_order_share = orders that are not the customer's first / orders with a customer:
    // U1 D3 S2 S4 of 10 = 0.4; SHOP-US S2 S4 of S1 S2 S4 = 2/3; A: U1 S2 of U1 U3 D1 S2 = 0.5
    exact(t, "repeat_order_share", "0.4");
    near(shop, "repeat_order_share", q(2, 3));
    exact(a, "repeat_order_share", "0.5");

    // repeat_purchase_rate = customers with ≥ 2 valid orders (row's own) up to end / customers:
    // C1 C2 C8 C9 = 4/9; AMZ-US: C1 (U7, U1) = 1/4; AMZ-DE: C9 (D5, D3) = 1/3; A: C1 (U7, U1) 1/4
    near(t, "repeat_purchase_rate", q(4, 9));
    exact(us, "repeat_purchase_rate", "0.25");
    near(de, "repeat_purchase_rate", q(1, 3));
    exact(a, "repeat_purchase_rate", "0.25");

    // purchase_frequency over [2025-11-01, 2026-10-31]: orders with a customer D5, U7, U8, D4, S6
    // + 10 in October = 15 / 11 customers (C1..C11); AMZ-US U7 U8 U1..U4 = 6 / 5 = 1.2;
    // A: U7 U1 U3 D1 S2 = 5 / (C1 C3 C5 C2) 4 = 1.25
    near(t, "purchase_frequency", q(15, 11));
    exact(us, "purchase_frequency", "1.2");
    exact(a, "purchase_frequency", "1.25");

    // ltv = gmv of those orders / customers × 3 years: D5 10 EUR@1.1 = 11, U7 10, U8 40,
    // D4 22, S6 30, October 312 − S3 20 = 292 → 405/11 × 3; AMZ-US (10+40+20+18+40+40)/5 × 3
    // = 100.8; AMZ-DE (11+22+24+22.5+62.5)/4 × 3 = 106.5; A (10+20+10+12+10)/4 × 3 = 46.5
    near(t, "ltv", q(405, 11) * d("3"));
    exact(us, "ltv", "100.8");
    exact(de, "ltv", "106.5");
    exact(a, "ltv", "46.5");

    // ltv_cac = ltv/cac: AMZ-US 100.8/10 = 10.08; SHOP-US (30+30+10+25)/3 × 3 = 95 / 12;
    // total (1215/11)/(71.6/6); A 46.5/10
    near(t, "ltv_cac", q(q(405, 11) * d("3"), q(d("71.6"), 6)));
    exact(us, "ltv_cac", "10.08");
    near(shop, "ltv_cac", q(95, 12));
    exact(a, "ltv_cac", "4.65");

    // winback_rate: lapsed = last valid order before P more than 90 days before 10-01:
    // C9 (06-20, 103 days), back with D3 → 1/1; AMZ-DE 1/1; AMZ-US none lapsed → undefined
    exact(t, "winback_rate", "1");
    exact(de, "winback_rate", "1");
    undefined(us, "winback_rate");
}

#[test]
fn new_by_acquisition() {
    let r = reports();
    let key = |a: &str| format!("{ACQUISITION_PREFIX}{a}");
    let t = &r.store.total;
    // new customers by the acquisition of their first order: C2 organic, C3 blank → (none),
    // C4 social, C5 ads, C6 kol, C7 ads. September's C8 came by referral: 0 now, 1 then.
    exact(t, &key("ads"), "2");
    exact(t, &key("organic"), "1");
    exact(t, &key("social"), "1");
    exact(t, &key("kol"), "1");
    exact(t, &key("(none)"), "1");
    exact(t, &key("referral"), "0");
    assert_eq!(t.get_key(&key("referral")).unwrap().compare, Some(d("1")));
    // AMZ-US: C2 organic, C3 (none), C4 social; AMZ-DE C5 ads, C6 kol; SHOP-US C7 ads
    let us = row(&r.store, "AMZ-US");
    exact(us, &key("organic"), "1");
    exact(us, &key("(none)"), "1");
    exact(us, &key("ads"), "0");
    exact(row(&r.store, "AMZ-DE"), &key("kol"), "1");
    exact(row(&r.store, "SHOP-US"), &key("ads"), "1");
    exact(row(&r.channel, "Amazon"), &key("ads"), "1");
    exact(row(&r.channel, "Shopify"), &key("organic"), "0");
    // at SKU level it is not additive: the (unattributed) row has none
    let un = row(&r.sku, "(unattributed)");
    undefined(un, &key("ads"));
}

#[test]
fn targets() {
    let r = reports();
    // targets.csv: 2026-10 total gmv 300 → attainment 312/300 = 1.04 (October is complete:
    // the newest order day is 10-31, so no pro-rating)
    let gmv = r.store.total.get(MetricId::Gmv).unwrap();
    assert_eq!(gmv.target, Some((d("300"), Some(d("1.04")))));
    // 2026-10 store AMZ-US acos 0.25 (↓ metric): attainment = target/actual = 0.25/0.3
    let acos = row(&r.store, "AMZ-US").get(MetricId::Acos).unwrap();
    let (goal, att) = acos.target.unwrap();
    assert_eq!(goal, d("0.25"));
    assert_eq!(att, Some(q(d("0.25"), d("0.3"))));
    // no target on rows it does not name
    assert_eq!(
        row(&r.store, "AMZ-DE").get(MetricId::Acos).unwrap().target,
        None
    );
}

// ── Coverage ───────────────────────────────────────────────────────────────

/// The ids asserted above, at total level and at least one drill level. A new
/// catalogue metric fails `every_catalogue_metric_is_tested` until it is added
/// here together with its hand-computed assertions.
const TESTED: &[&str] = &[
    // growth
    "gross_sales",
    "discounts",
    "gmv",
    "orders",
    "units",
    "aov",
    "units_per_order",
    "cancel_rate",
    "payment_success_rate",
    "discount_rate",
    "refunds",
    "net_sales",
    "active_skus",
    "new_sku_sales_share",
    "share",
    "units_share",
    // funnel
    "sessions",
    "page_views",
    "add_to_cart",
    "checkouts",
    "cart_rate",
    "checkout_rate",
    "cvr",
    "cart_abandonment",
    "bounce_rate",
    "pages_per_session",
    "rpv",
    "mobile_session_share",
    "mobile_order_share",
    // ads
    "impressions",
    "clicks",
    "ad_spend",
    "ad_sales",
    "ad_orders",
    "acos",
    "roas",
    "tacos",
    "ctr",
    "cpc",
    "cpm",
    "ad_cvr",
    "ad_sales_share",
    "ad_traffic_share",
    "marketing_spend",
    "cac",
    "contribution_profit",
    "contribution_margin",
    "allocated_fees",
    "allocated_ads",
    // inventory
    "on_hand_units",
    "inbound_units",
    "inventory_value",
    "avg_daily_units",
    "days_of_cover",
    "inventory_turnover",
    "turnover_days",
    "stockout_rate",
    "sell_through_rate",
    "stale_rate",
    "safety_stock",
    "reorder_point",
    "needs_restock",
    "restock_qty",
    // experience
    "fulfillment_rate",
    "on_time_ship_rate",
    "avg_ship_hours",
    "delivery_rate",
    "avg_delivery_days",
    "damage_rate",
    "return_rate",
    "refund_rate",
    "reviews",
    "avg_rating",
    "negative_review_rate",
    "positive_review_share",
    "nps",
    "csat",
    "after_sales_rate",
    "first_response_hours",
    "resolution_hours",
    "first_contact_resolution",
    "escalation_rate",
    "odr",
    // profit
    "cogs",
    "gross_profit",
    "gross_margin",
    "expenses",
    "expense_platform_fee",
    "expense_fulfillment",
    "expense_shipping",
    "expense_storage",
    "expense_payment",
    "expense_marketing",
    "expense_staff",
    "expense_software",
    "expense_rent",
    "expense_other",
    "expense_ratio_platform_fee",
    "expense_ratio_fulfillment",
    "expense_ratio_shipping",
    "expense_ratio_storage",
    "expense_ratio_payment",
    "expense_ratio_marketing",
    "expense_ratio_staff",
    "expense_ratio_software",
    "expense_ratio_rent",
    "expense_ratio_other",
    "ad_cost_ratio",
    "net_profit",
    "net_margin",
    "profit_per_order",
    "profit_per_customer",
    "fixed_cost_share",
    "fx_impact",
    // customers
    "customers",
    "new_customers",
    "returning_customers",
    "returning_gmv_share",
    "repeat_order_share",
    "repeat_purchase_rate",
    "purchase_frequency",
    "ltv",
    "ltv_cac",
    "winback_rate",
    // inventory, by hand in tests/actions.rs
    "stockout_loss",
];

#[test]
fn every_catalogue_metric_is_tested() {
    let mut tested: Vec<&str> = TESTED.to_vec();
    tested.sort();
    let before = tested.len();
    tested.dedup();
    assert_eq!(before, tested.len(), "duplicate ids in TESTED");
    let mut ids: Vec<&str> = CATALOGUE.iter().map(|m| m.id.as_str()).collect();
    ids.sort();
    assert_eq!(tested, ids, "TESTED must list exactly the catalogue ids");

    // and every id (plus the dynamic new_by_acquisition.*) is in every row of every level
    let r = reports();
    for rep in [&r.channel, &r.store, &r.sku] {
        for row in std::iter::once(&rep.total).chain(rep.rows.iter()) {
            for id in &ids {
                assert!(row.metrics.contains_key(*id), "{} lacks {id}", row.key);
            }
            assert!(
                row.metrics
                    .contains_key(&format!("{ACQUISITION_PREFIX}ads"))
            );
        }
    }
}

#[test]
fn rows_listed_per_rule_4() {
    let r = reports();
    let keys = |rep: &Report| rep.rows.iter().map(|r| r.key.clone()).collect::<Vec<_>>();
    // biggest gmv first, (unattributed) last: Amazon 227, Shopify 85, then company-wide costs
    assert_eq!(keys(&r.channel), ["Amazon", "Shopify", "(unattributed)"]);
    assert_eq!(
        keys(&r.store),
        ["AMZ-US", "AMZ-DE", "SHOP-US", "(unattributed)"]
    );
    // SKU gmv: D 102.5, C 97, B 60.5, A 52
    assert_eq!(
        keys(&r.sku),
        ["SKU-D", "SKU-C", "SKU-B", "SKU-A", "(unattributed)"]
    );
    assert_eq!(r.store.warnings, Vec::<String>::new());
}
