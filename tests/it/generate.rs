//! Tests of the demo data generator: determinism and basic shape.

use std::collections::BTreeSet;
use std::path::Path;

use sellerdeck::generate::{GenOptions, generate_csv};

const TABLES: [&str; 17] = [
    "stores",
    "skus",
    "sku_costs",
    "orders",
    "order_lines",
    "shipments",
    "refunds",
    "traffic",
    "ads",
    "inventory",
    "expenses",
    "reviews",
    "tickets",
    "surveys",
    "fx_rates",
    "targets",
    "metrics",
];

fn small(seed: u64) -> GenOptions {
    GenOptions {
        seed,
        orders: 2_000,
        ..GenOptions::default()
    }
}

fn read(dir: &Path, table: &str) -> Vec<u8> {
    std::fs::read(dir.join(format!("{table}.csv"))).unwrap_or_else(|e| panic!("{table}.csv: {e}"))
}

/// Values of one column of a table (by header name).
fn column(dir: &Path, table: &str, col: &str) -> Vec<String> {
    let mut rdr = csv::Reader::from_path(dir.join(format!("{table}.csv"))).expect("open csv");
    let idx = rdr
        .headers()
        .expect("header")
        .iter()
        .position(|h| h == col)
        .expect("column present");
    rdr.records()
        .map(|r| r.expect("record")[idx].to_string())
        .collect()
}

#[test]
fn same_seed_gives_identical_files() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let sa = generate_csv(a.path(), &small(7)).unwrap();
    let sb = generate_csv(b.path(), &small(7)).unwrap();
    assert_eq!(sa.rows, sb.rows);
    for t in TABLES {
        assert!(
            read(a.path(), t) == read(b.path(), t),
            "{t}.csv differs between two runs with the same seed"
        );
    }
}

#[test]
fn different_seed_gives_different_orders() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    generate_csv(a.path(), &small(1)).unwrap();
    generate_csv(b.path(), &small(2)).unwrap();
    assert!(read(a.path(), "orders") != read(b.path(), "orders"));
}

#[test]
fn shape_of_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let opts = small(42);
    let summary = generate_csv(dir.path(), &opts).unwrap();
    let names: Vec<&str> = summary.rows.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(names, TABLES);
    for (t, n) in &summary.rows {
        let text = String::from_utf8(read(dir.path(), t)).expect("utf-8");
        let lines = text.lines().count() as u64;
        assert!(*n > 0, "{t} has no rows");
        // a header plus the rows (no quoted field spans lines in our data)
        assert_eq!(lines, n + 1, "{t}: summary rows vs. file lines");
    }

    let orders = column(dir.path(), "orders", "order_id");
    let n = orders.len() as f64;
    let want = opts.orders as f64;
    assert!(
        (n - want).abs() <= want * 0.05,
        "{n} orders for {want} requested"
    );
    let ids: BTreeSet<&String> = orders.iter().collect();
    assert_eq!(ids.len(), orders.len(), "order ids are unique");

    let stores: BTreeSet<String> = column(dir.path(), "stores", "store_id")
        .into_iter()
        .collect();
    assert_eq!(stores.len(), 8);
    let used: BTreeSet<String> = column(dir.path(), "orders", "store_id")
        .into_iter()
        .collect();
    assert!(used.is_subset(&stores));
    assert_eq!(used.len(), 8, "every store has orders");

    for t in ["refunds", "shipments", "order_lines"] {
        for id in column(dir.path(), t, "order_id") {
            assert!(ids.contains(&id), "{t} references unknown order {id}");
        }
    }
    let skus: BTreeSet<String> = column(dir.path(), "skus", "sku").into_iter().collect();
    for t in ["order_lines", "traffic", "ads", "inventory"] {
        for k in column(dir.path(), t, "sku") {
            assert!(
                k.is_empty() || skus.contains(&k),
                "{t} references unknown sku {k}"
            );
        }
    }
    let fx: BTreeSet<String> = column(dir.path(), "fx_rates", "currency")
        .into_iter()
        .collect();
    assert_eq!(
        fx.into_iter().collect::<Vec<_>>(),
        ["CNY", "EUR", "GBP", "JPY"]
    );
}
