//! The action lists, the SKU quadrant, the stock-out loss and the growth split on a
//! small hand-built fixture (`tests/fixtures/actions`, one store S1 in USD, October
//! 2026, data end 10-31):
//! - A: 10 orders of 1 × 20 on 10-01..10-10 (cost 1); stock 5, then 0 from 10-11,
//!   30 from 10-21: 10 days out of stock; ads "win": spend 10, ad sales 100.
//! - B: 11 orders of 1 × 6 (cost 5), stock 100; ads "lose": spend 30, ad sales 40.
//! - C: 2 orders of 1 × 20 on 10-05, 10-06 (cost 1), stock 1: below its reorder point.
//! - D: 2 orders of 1 × 6 (cost 5), stock 50, 400 sessions: CVR 0.5%.
//! - E: last sold 2026-06-15, stock 40 at cost 2: stale.

use crate::common::*;
use rust_decimal::Decimal;
use sellerdeck::catalogue::Lang;
use sellerdeck::listing::{Cell, Listing};
use sellerdeck::metrics::actions::{self, Kind, Quadrant};
use sellerdeck::metrics::engine::Level;
use sellerdeck::output::Format;
use sellerdeck::period::{CompareMode, Period};
use sellerdeck::workbook::Workbook;

fn fixture() -> Imported {
    import_dir(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/actions"))
}

fn list(kind: Kind) -> Listing {
    let wb = fixture();
    let w = Workbook::open_read(&wb.path).unwrap();
    let m = w.master().unwrap();
    actions::list(
        &w,
        &m,
        kind,
        Period::parse("2026-10").unwrap(),
        CompareMode::Prev,
        &[],
    )
    .unwrap()
}

/// The cell of `key` in row `i`.
fn cell<'a>(l: &'a Listing, i: usize, key: &str) -> &'a Cell {
    let c = l.columns.iter().position(|c| c.key == key).unwrap();
    &l.rows[i][c]
}

fn num(l: &Listing, i: usize, key: &str) -> Option<Decimal> {
    match cell(l, i, key) {
        Cell::Num(v, _) => *v,
        Cell::Text(t) => panic!("{key} is text: {t}"),
    }
}

fn text(l: &Listing, i: usize, key: &str) -> String {
    cell(l, i, key).shown()
}

#[test]
fn restock_lists_the_sku_below_its_reorder_point() {
    let l = list(Kind::Restock);
    assert_eq!(l.rows.len(), 1);
    assert_eq!(text(&l, 0, "sku"), "C");
    assert_eq!(text(&l, 0, "stock_points"), "WH1 1");
    assert_eq!(num(&l, 0, "on_hand"), Some(d("1")));
    // 2 units in the 30 days to 10-31: 1/15 a day; σ of (1, 1, 28 × 0) = √(0.0622…);
    // safety 1.65 × σ × √10 = 1.3015…; reorder point 10/15 + 1.3015… = 1.968…
    let rop = num(&l, 0, "reorder_point").unwrap();
    assert!((rop - d("1.968204")).abs() < d("0.000001"), "{rop}");
    // ceil(1.968… + 30/15 − 1) = 3; 1 unit at 1/15 a day: 15 days
    assert_eq!(num(&l, 0, "suggested_qty"), Some(d("3")));
    assert_eq!(num(&l, 0, "days_to_stockout"), Some(d("15")));
}

#[test]
fn ad_budget_raises_the_winner_and_cuts_the_loser() {
    let l = list(Kind::AdBudget);
    let got: Vec<(String, String, Option<Decimal>)> = (0..l.rows.len())
        .map(|i| {
            (
                text(&l, i, "action"),
                text(&l, i, "where"),
                num(&l, i, "at_stake"),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            // ROAS 10 > 5 with 100 days of cover: +20% budget brings 20 of ad sales
            ("raise".into(), "S1 › A".into(), Some(d("20"))),
            ("raise".into(), "S1 › campaign win".into(), Some(d("20"))),
            // ACoS 75% > 50%: 30 spent where 30% of 40 = 12 would do
            ("cut".into(), "S1 › B".into(), Some(d("18"))),
            ("cut".into(), "S1 › campaign lose".into(), Some(d("18"))),
        ]
    );
}

#[test]
fn clearance_lists_the_stale_sku_with_its_stock_value() {
    let l = list(Kind::Clearance);
    assert_eq!(l.rows.len(), 1);
    assert_eq!(text(&l, 0, "sku"), "E");
    assert_eq!(num(&l, 0, "stock_value"), Some(d("80")));
    // 2026-06-15 to 2026-10-31
    assert_eq!(num(&l, 0, "days_since_sale"), Some(d("138")));
}

#[test]
fn listing_fixes_name_the_sku_that_does_not_convert() {
    let l = list(Kind::Listing);
    assert_eq!(l.rows.len(), 1);
    assert_eq!(text(&l, 0, "where"), "S1 › D");
    assert_eq!(num(&l, 0, "cvr"), Some(d("0.005")));
    // (3% good − 0.5%) × 400 sessions × 6 a order
    assert_eq!(num(&l, 0, "at_stake"), Some(d("60")));
}

#[test]
fn the_quadrant_splits_at_the_medians() {
    let l = list(Kind::Quadrant);
    let got: Vec<(String, String)> = (0..l.rows.len())
        .map(|i| (text(&l, i, "sku"), text(&l, i, "quadrant")))
        .collect();
    let want = [
        ("A", "star"),
        ("C", "profit"),
        ("B", "traffic"),
        ("D", "retire"),
    ];
    assert_eq!(
        got,
        want.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect::<Vec<_>>()
    );
    // medians: units (2, 2, 10, 11) → 6; margins (1/6, 1/6, 0.95, 0.95) → 0.5583…
    assert!(l.notes[0].contains("units 6 "), "{}", l.notes[0]);
    assert!(
        l.notes.iter().any(|n| n == "star: 1 SKUs, gmv 200.00"),
        "{:?}",
        l.notes
    );
    // boundaries are inclusive on the high side
    assert_eq!(
        Quadrant::of(d("6"), d("0.5"), d("6"), d("0.5")),
        Quadrant::Star
    );
    assert_eq!(
        Quadrant::of(d("5"), d("0.5"), d("6"), d("0.5")),
        Quadrant::Profit
    );
    assert_eq!(actions::median(vec![d("3"), d("1"), d("2")]), Some(d("2")));
    assert_eq!(actions::median(vec![]), None);
}

#[test]
fn stockout_loss_is_daily_gmv_times_days_out_times_net_margin() {
    let wb = fixture();
    let rep = report_at(&wb, "2026-10", CompareMode::Prev, Level::Sku, &[]);
    // A: out 10-11..10-20 = 10 days of 31; 200 of gmv over 21 days in stock;
    // net margin (200 − 10 cogs − 10 ads) / 200 = 0.9: 200/21 × 10 × 0.9
    near(
        row(&rep, "A"),
        "stockout_loss",
        Decimal::from(1800) / Decimal::from(21),
    );
    exact(row(&rep, "B"), "stockout_loss", "0");
    // not a SKU row: undefined
    undefined(&rep.total, "stockout_loss");
}

#[test]
fn lists_print_in_every_format() {
    let l = list(Kind::Clearance);
    let md = l.render(Format::Markdown, Lang::En);
    assert!(md.contains("| SKU | Title | On hand | Stock value | Days since sale | Last sale |"));
    assert!(md.contains("| --- | --- | ---: | ---: | ---: | --- |"));
    let csv = l.render(Format::Csv, Lang::En);
    assert!(csv.starts_with("sku,title,on_hand,stock_value,days_since_sale,last_sale\nE,Echo,40,80.00,138,2026-06-15\n"), "{csv}");
    let json: serde_json::Value = serde_json::from_str(&l.render(Format::Json, Lang::En)).unwrap();
    assert_eq!(json["list"], "clearance");
    assert_eq!(json["rows"][0]["stock_value"], "80");
}

#[test]
fn drivers_name_the_child_that_moved_most_and_leave_the_split_undefined_without_traffic() {
    let l = list(Kind::Drivers);
    // All, then ChA: September had no sales and no sessions
    assert_eq!(text(&l, 0, "where"), "All");
    assert_eq!(num(&l, 0, "change"), Some(d("318")));
    assert_eq!(text(&l, 0, "top_child"), "ChA");
    assert_eq!(num(&l, 0, "from_sessions"), None);
    assert_eq!(text(&l, 1, "top_child"), "Store one");
    assert_eq!(num(&l, 1, "top_child_change"), Some(d("318")));
}
