//! kpi-spec rules 13–17 on a small hand-built fixture (`tests/fixtures/rules`).
//!
//! The fixture, in short (one currency, USD; every unit costs 1):
//! - ChA: stores S1, S2; ChB: store S3 (no stock snapshot at all).
//! - orders (gmv): O1 S1 07-05 K1 100; O2 S1 08-20 K1 50; O3 S1 10-25 with K1 30,
//!   K2 10 and K3 20 (ship_by 10-27, shipped 10-26); O4 S1 11-05 K1 20 (ship_by 11-07,
//!   not shipped: late); O5 S2 11-10 10:00 K3 40 (ship_by 11-12, not shipped: not yet
//!   due); O6 S2 11-10 12:00 K2 60 (the newest order: the data end instant); O7 S3
//!   11-02 K4 25, refunded 30 on 11-03; O10 S2 10-24 K3 5 (ship_by 10-25, shipped
//!   10-26: late); in 2025: O8 S1 11-10 K1 70, O9 S1 12-15 K1 90.
//! - data end 2026-11-10 (the newest order day; refunds, stock, fees and ads end earlier).
//! - stock on 11-08: K1 0 in FBA-S1 (S1) and 50 in a shared 3PL (no store); K2 10 in
//!   FBA-S1; K3 0 in FBA-S2 (S2).
//! - S1 costs in October: platform fee 12 (store, no SKU, no order), staff 100
//!   (fixed), ads 6 with a blank SKU; rent 40 with no store.

use crate::common::*;
use rust_decimal::Decimal;
use sellerdeck::domain::MetricId;
use sellerdeck::metrics::engine::Level;
use sellerdeck::metrics::report::{self, Request};
use sellerdeck::period::{CompareMode, Period};
use sellerdeck::workbook::Workbook;

fn rules() -> Imported {
    import_dir(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules"))
}

fn dates(rep: &report::Report) -> (String, String, String, String, bool) {
    (
        rep.span.start.to_string(),
        rep.span.end.to_string(),
        rep.compare.start.to_string(),
        rep.compare.end.to_string(),
        rep.running,
    )
}

fn own(a: &str, b: &str, c: &str, d: &str, r: bool) -> (String, String, String, String, bool) {
    (a.into(), b.into(), c.into(), d.into(), r)
}

#[test]
fn rule13_running_quarter_year_and_custom_range_are_cut() {
    let wb = rules();
    // a running quarter: 41 days against the previous quarter's first 41 days (O2 left out)
    let q4 = report_at(&wb, "2026-Q4", CompareMode::Prev, Level::Channel, &[]);
    assert_eq!(
        dates(&q4),
        own("2026-10-01", "2026-11-10", "2026-07-01", "2026-08-10", true)
    );
    let t = &q4.total;
    exact(t, "gmv", "210");
    assert_eq!(t.get(MetricId::Gmv).unwrap().compare, Some(d("100")));
    assert_eq!(t.get(MetricId::Gmv).unwrap().change, Some(d("1.1")));
    exact(row(&q4, "ChA"), "gmv", "185");
    exact(row(&q4, "ChB"), "gmv", "25");

    // a running year against the same dates one year back (O9 of 2025-12-15 left out)
    let y = report_at(&wb, "2026", CompareMode::Yoy, Level::Total, &[]);
    assert_eq!(
        dates(&y),
        own("2026-01-01", "2026-11-10", "2025-01-01", "2025-11-10", true)
    );
    exact(&y.total, "gmv", "360");
    assert_eq!(y.total.get(MetricId::Gmv).unwrap().compare, Some(d("70")));

    // a custom range crossing the data end: its 10 days against the 10 days before
    let c = report_at(
        &wb,
        "2026-11-01..2026-11-30",
        CompareMode::Prev,
        Level::Total,
        &[],
    );
    assert_eq!(
        dates(&c),
        own("2026-11-01", "2026-11-10", "2026-10-22", "2026-10-31", true)
    );
    exact(&c.total, "gmv", "145");
    assert_eq!(c.total.get(MetricId::Gmv).unwrap().compare, Some(d("65")));

    // a closed period is not running, and the JSON says so
    let sep = report_at(&wb, "2026-09", CompareMode::Prev, Level::Total, &[]);
    assert!(!sep.running);
    let json: serde_json::Value =
        serde_json::from_str(&sellerdeck::output::json(&q4, None)).unwrap();
    assert_eq!(json["period"]["running"], true);
    assert_eq!(json["period"]["end"], "2026-11-10");
    assert_eq!(json["compare"]["end"], "2026-08-10");
}

#[test]
fn rule13_a_future_period_is_refused_naming_the_data_end() {
    let wb = rules();
    let book = Workbook::open_read(&wb.path).unwrap();
    let master = book.master().unwrap();
    let req = Request {
        period: Period::parse("2026-12").unwrap(),
        compare: CompareMode::Prev,
        level: Level::Channel,
        under: vec![],
        all_rows: false,
    };
    let err = report::build(&book, &master, &req).unwrap_err().to_string();
    assert!(
        err.contains("2026-12") && err.contains("2026-11-10"),
        "{err}"
    );
}

#[test]
fn rule14_an_order_not_yet_due_is_not_late() {
    let wb = rules();
    let st = report_at(&wb, "2026-Q4", CompareMode::Prev, Level::Store, &[]);
    // O3 on time, O4 late, O10 late; O5 (ship_by 11-12 after the data end instant) left out
    near(&st.total, "on_time_ship_rate", q(1, 3));
    near(row(&st, "S1"), "on_time_ship_rate", q(1, 2));
    exact(row(&st, "S2"), "on_time_ship_rate", "0");
    let sku = report_at(&wb, "2026-Q4", CompareMode::Prev, Level::Sku, &[]);
    exact(row(&sku, "K3"), "on_time_ship_rate", "0.5"); // O3 on time, O10 late, O5 left out
    exact(row(&sku, "K2"), "on_time_ship_rate", "1"); // O3 (O6 has no ship_by)
    near(row(&sku, "K1"), "on_time_ship_rate", q(1, 2));
}

#[test]
fn rule15_ratios_over_non_positive_net_sales_are_undefined() {
    let wb = rules();
    let st = report_at(&wb, "2026-Q4", CompareMode::Prev, Level::Store, &[]);
    let s3 = row(&st, "S3");
    exact(s3, "net_sales", "-5");
    exact(s3, "gross_profit", "-6");
    for id in [
        "gross_margin",
        "net_margin",
        "contribution_margin",
        "ad_cost_ratio",
        "expense_ratio_platform_fee",
    ] {
        undefined(s3, id);
    }
    let sku = report_at(&wb, "2026-Q4", CompareMode::Prev, Level::Sku, &[]);
    undefined(row(&sku, "K4"), "net_margin");
    // a positive net sales keeps its margin: K2 (70 − 2 cogs) / 70
    exact(row(&sku, "K2"), "gross_margin", &(q(68, 70)).to_string());
}

#[test]
fn rule16_stock_outs_are_counted_per_stock_point() {
    let wb = rules();
    let ch = report_at(&wb, "2026-Q4", CompareMode::Prev, Level::Channel, &[]);
    // K1 at zero in FBA-S1 counts although the shared 3PL holds 50; K3 out in FBA-S2
    exact(&ch.total, "stockout_rate", "0.5");
    near(row(&ch, "ChA"), "stockout_rate", q(2, 3));
    exact(row(&ch, "ChA"), "stale_rate", "0");
    // ChB has no stock point: no inventory ratio, never 0% or 100%
    let chb = row(&ch, "ChB");
    for id in [
        "stockout_rate",
        "stale_rate",
        "sell_through_rate",
        "days_of_cover",
    ] {
        undefined(chb, id);
    }
    let sku = report_at(&wb, "2026-Q4", CompareMode::Prev, Level::Sku, &[]);
    exact(row(&sku, "K1"), "stockout_rate", "0.5");
    exact(row(&sku, "K2"), "stockout_rate", "0");
    exact(row(&sku, "K3"), "stockout_rate", "1");
    undefined(row(&sku, "K4"), "stockout_rate");
}

#[test]
fn rule17_store_costs_are_allocated_over_the_store_skus_and_sum_exactly() {
    let wb = rules();
    let s1 = report_at(
        &wb,
        "2026-Q4",
        CompareMode::Prev,
        Level::Sku,
        &["ChA", "S1"],
    );
    // S1: gmv K1 50, K2 10, K3 20 (80); fee 12 + blank-SKU ads 6 = 18 by gmv share
    exact(row(&s1, "K1"), "allocated_fees", "7.5");
    exact(row(&s1, "K1"), "allocated_ads", "3.75");
    exact(row(&s1, "K1"), "contribution_profit", "36.75");
    exact(row(&s1, "K2"), "contribution_profit", "6.75");
    exact(row(&s1, "K3"), "contribution_profit", "14.5");
    exact(&s1.total, "contribution_profit", "58");
    let sum: Decimal = s1
        .rows
        .iter()
        .filter_map(|r| value(r, "contribution_profit"))
        .sum();
    assert_eq!(sum, d("58"));
    // net profit keeps its exact attribution: the fees stay in (unattributed)
    exact(row(&s1, "K1"), "net_profit", "48");
    exact(row(&s1, "(unattributed)"), "net_profit", "-118");
    exact(row(&s1, "(unattributed)"), "contribution_profit", "0");
    // the comparison period allocates by its own gmv (Q3: nothing to allocate)
    assert_eq!(
        row(&s1, "K1")
            .get(MetricId::ContributionProfit)
            .unwrap()
            .compare,
        Some(d("99"))
    );

    // without a scope a SKU sums its allocations over the stores (K3: S1 and S2)
    let all = report_at(&wb, "2026-Q4", CompareMode::Prev, Level::Sku, &[]);
    exact(row(&all, "K3"), "contribution_profit", "57.5");
    exact(row(&all, "K2"), "contribution_profit", "65.75");
    exact(row(&all, "K4"), "contribution_profit", "-6");
    exact(&all.total, "contribution_profit", "154");
    // staff and rent are fixed: not in contribution, in net profit
    let st = report_at(&wb, "2026-Q4", CompareMode::Prev, Level::Store, &[]);
    exact(row(&st, "S1"), "contribution_profit", "58");
    exact(row(&st, "S1"), "net_profit", "-42");
    exact(&st.total, "contribution_profit", "154");
    near(&st.total, "contribution_margin", q(154, 180));
}

#[test]
fn maturing_values_are_marked_until_maturity_days_after_the_period() {
    let wb = rules();
    let q4 = report_at(&wb, "2026-Q4", CompareMode::Prev, Level::Channel, &[]);
    assert_eq!(
        q4.maturing_until,
        Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap())
    );
    let t = &q4.total;
    for id in [
        "net_sales",
        "on_time_ship_rate",
        "return_rate",
        "net_margin",
    ] {
        assert!(t.get_key(id).unwrap().maturing, "{id}");
    }
    for id in ["gmv", "orders", "acos"] {
        assert!(!t.get_key(id).unwrap().maturing, "{id}");
    }
    // maturing values raise no band alert (on-time shipping of 1/3 is in the bad band)
    assert!(
        !q4.alerts
            .iter()
            .any(|a| a.metric == MetricId::OnTimeShipRate && a.rule.contains("band")),
        "{:?}",
        q4.alerts
    );
    let json: serde_json::Value =
        serde_json::from_str(&sellerdeck::output::json(&q4, None)).unwrap();
    assert_eq!(json["total"]["metrics"]["net_sales"]["maturing"], true);
    assert!(json["total"]["metrics"]["gmv"].get("maturing").is_none());
    // September ended 41 days before the data end: settled
    let sep = report_at(&wb, "2026-09", CompareMode::Prev, Level::Channel, &[]);
    assert_eq!(sep.maturing_until, None);
    assert!(!sep.total.get(MetricId::NetSales).unwrap().maturing);
}

#[test]
fn rule18_alerts_need_a_base_and_are_ranked_by_money_at_stake() {
    let wb = rules();
    // every ratio here rests on fewer than 30 orders, sessions or clicks: no alert at all
    let sep = report_at(&wb, "2026-09", CompareMode::Prev, Level::Store, &[]);
    assert!(
        sep.alerts.iter().all(|a| a.base.is_none_or(|n| n >= 30)),
        "{:?}",
        sep.alerts
    );
    // with alert.min_base 1 the same rows raise them, each with its money at stake, biggest first
    Workbook::open_write(&wb.path)
        .unwrap()
        .set_setting("alert.min_base", "1")
        .unwrap();
    let q3 = report_at(&wb, "2026-Q3", CompareMode::Prev, Level::Store, &[]);
    assert!(!q3.alerts.is_empty());
    assert!(q3.alerts.iter().any(|a| a.base.is_some_and(|n| n < 30)));
    let impacts: Vec<Option<Decimal>> = q3.alerts.iter().map(|a| a.impact).collect();
    let mut sorted = impacts.clone();
    sorted.sort_by_key(|i| std::cmp::Reverse(*i));
    assert_eq!(impacts, sorted);
    // Q3 gmv grew from nothing: a gain is never a moved alert
    assert!(q3.alerts.iter().all(|a| a.metric != MetricId::Gmv));
}
