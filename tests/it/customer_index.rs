//! The customer index (built at import) gives exactly what the engine computes
//! from the orders themselves: every report and cohort grid of a workbook equals
//! the one of a copy whose index was removed (which reads the raw orders), at
//! every level, scope and kind of period, after a first and an incremental import.

use std::path::{Path, PathBuf};

use sellerdeck::catalogue::Panel;
use sellerdeck::generate::{GenOptions, generate_csv};
use sellerdeck::metrics::cohorts::cohorts;
use sellerdeck::metrics::engine::{Engine, Level, Needs, Scope};
use sellerdeck::period::Period;
use sellerdeck::workbook::Workbook;
use sellerdeck::workbook::custindex::CustomerIndex;
use sellerdeck::workbook::import::{ImportOptions, import_files};

/// The customer parts of every row (engine, current period) and the cohort grid,
/// as text, for each period, scope and level.
fn answers(path: &Path, periods: &[&str], scopes: &[Vec<String>]) -> Vec<String> {
    let wb = Workbook::open_read(path).unwrap();
    let master = wb.master().unwrap();
    let mut out = Vec::new();
    for period in periods {
        let p = Period::parse(period).unwrap();
        for under in scopes {
            for level in [Level::Total, Level::Channel, Level::Store, Level::Sku] {
                if level == Level::Total && !under.is_empty() {
                    continue;
                }
                for needs in [Needs::ALL, Needs::of_panel(Some(Panel::Overview))] {
                    let scope = Scope {
                        level,
                        under: under.clone(),
                    };
                    let mut engine = Engine::new(&wb, &master, scope);
                    engine.needs = needs;
                    let rows = engine.compute(&p, None).unwrap();
                    let mut keys: Vec<_> = rows.keys().cloned().collect();
                    keys.sort();
                    for k in keys {
                        let x = &rows[&k];
                        out.push(format!(
                            "{period} {under:?} {level:?} {k:?}: customers {} new {} returning {} {:?} repeat {} orders {} repeaters {} 365: {} {} {:?} lapsed {} won back {} acquisition {:?}",
                            x.customers,
                            x.new_customers,
                            x.returning_customers,
                            x.returning_gmv,
                            x.repeat_orders,
                            x.customer_orders,
                            x.repeaters,
                            x.orders_365,
                            x.customers_365,
                            x.gmv_365,
                            x.lapsed,
                            x.won_back,
                            x.new_by_acquisition,
                        ));
                    }
                    out.push(format!(
                        "gaps {:?} {:?}",
                        engine.gaps.fx, engine.gaps.missing_costs
                    ));
                }
            }
            let grid = cohorts(&wb, &master, p.end, under).unwrap();
            out.push(format!("{period} {under:?} cohorts {grid:?}"));
        }
    }
    out
}

/// A copy of the workbook without its customer index (the engine then reads the orders).
fn without_index(path: &Path, dir: &Path) -> PathBuf {
    let copy = dir.join("raw.db");
    {
        let src = rusqlite::Connection::open(path).unwrap();
        src.execute("VACUUM INTO ?1", [copy.to_str().unwrap()])
            .unwrap();
    }
    let c = rusqlite::Connection::open(&copy).unwrap();
    let n = c
        .execute("DELETE FROM r_blob WHERE name = 'customer_index'", [])
        .unwrap();
    assert_eq!(n, 1, "the import built a customer index");
    copy
}

fn assert_same(path: &Path, periods: &[&str], scopes: &[Vec<String>]) {
    let tmp = tempfile::tempdir().unwrap();
    let raw = without_index(path, tmp.path());
    assert!(
        CustomerIndex::load(&rusqlite::Connection::open(&raw).unwrap())
            .unwrap()
            .is_none()
    );
    let got = answers(path, periods, scopes);
    let want = answers(&raw, periods, scopes);
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        if g != w {
            let (gl, wl): (Vec<&str>, Vec<&str>) = (g.lines().collect(), w.lines().collect());
            let i = gl.iter().zip(&wl).position(|(a, b)| a != b).unwrap_or(0);
            panic!(
                "index and raw orders differ in {}: line {i}:\n index: {}\n raw:   {}\n context: {}",
                gl[0],
                gl.get(i).unwrap_or(&""),
                wl.get(i).unwrap_or(&""),
                gl[i.saturating_sub(8)..i].join("\n")
            );
        }
    }
}

#[test]
fn the_index_equals_the_raw_orders_on_the_small_fixture() {
    let wb = crate::common::small();
    let periods = [
        "2026-09",
        "2026-10",
        "2026-Q4",
        "2026",
        "2026-W40",
        "2026-10-05",
        "2026-09-20..2026-10-19",
    ];
    let scopes = [
        vec![],
        vec!["Amazon".to_string()],
        vec!["Amazon".to_string(), "AMZ-DE".to_string()],
    ];
    assert_same(&wb.path, &periods, &scopes);
}

#[test]
fn the_index_equals_the_raw_orders_on_generated_data_and_after_one_more_day() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("csv");
    let opts = GenOptions {
        seed: 7,
        orders: 4_000,
        ..GenOptions::default()
    };
    generate_csv(&csv, &opts).unwrap();
    let end = opts.end;
    let last = end.format("%Y-%m-%d").to_string();
    let month = end.format("%Y-%m").to_string();
    let year = end.format("%Y").to_string();
    // the last day's orders (and what refers to them) arrive in a second import
    let wb = tmp.path().join("wb.db");
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    let orders = std::fs::read_to_string(csv.join("orders.csv")).unwrap();
    let late: std::collections::HashSet<String> = orders
        .lines()
        .skip(1)
        .filter(|l| l.contains(&format!(",{last}")))
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect();
    assert!(!late.is_empty(), "orders on the last day");
    for f in crate::common::csv_files(&csv) {
        let name = f.file_name().unwrap().to_str().unwrap().to_string();
        let text = std::fs::read_to_string(&f).unwrap();
        let mut lines = text.lines();
        let header = lines.next().unwrap();
        let (mut keep, mut move_) = (format!("{header}\n"), format!("{header}\n"));
        let mut moved = 0;
        for l in lines {
            let refers = l.split(',').any(|v| late.contains(v));
            if refers {
                move_.push_str(l);
                move_.push('\n');
                moved += 1;
            } else {
                keep.push_str(l);
                keep.push('\n');
            }
        }
        std::fs::write(a.join(&name), keep).unwrap();
        if moved > 0 {
            std::fs::write(b.join(&name), move_).unwrap();
        }
    }
    import_files(
        &wb,
        &crate::common::csv_files(&a),
        &ImportOptions::default(),
    )
    .unwrap();
    let periods = [month.as_str(), year.as_str()];
    assert_same(&wb, &periods, &[vec![]]);
    import_files(
        &wb,
        &crate::common::csv_files(&b),
        &ImportOptions::default(),
    )
    .unwrap();
    {
        let c = rusqlite::Connection::open(&wb).unwrap();
        assert_eq!(
            CustomerIndex::load(&c).unwrap(),
            Some(CustomerIndex::build(&c).unwrap()),
            "the index spliced by the second import equals a full rebuild"
        );
    }
    let range = format!(
        "{}..{last}",
        (end - chrono::Duration::days(45)).format("%Y-%m-%d")
    );
    let periods = [month.as_str(), year.as_str(), last.as_str(), range.as_str()];
    let scopes = [
        vec![],
        vec!["Shopify".to_string()],
        vec!["Amazon".to_string(), "AMZ-US".to_string()],
    ];
    assert_same(&wb, &periods, &scopes);
}

#[test]
fn the_index_survives_its_encoding() {
    let wb = crate::common::small();
    let c = rusqlite::Connection::open(&wb.path).unwrap();
    let ix = CustomerIndex::load(&c).unwrap().expect("an index");
    assert!(ix.customers() > 0 && ix.orders() >= ix.customers());
    let built = CustomerIndex::build(&c).unwrap();
    assert_eq!(built, ix, "the stored index is the one the orders give");
    assert_eq!(CustomerIndex::decode(&ix.encode()), Some(ix.clone()));
    // a damaged blob is refused, not misread
    let mut bytes = ix.encode();
    bytes.truncate(bytes.len() - 1);
    assert_eq!(CustomerIndex::decode(&bytes), None);
}

#[test]
fn a_spliced_index_equals_a_full_rebuild() {
    let wb = crate::common::small();
    let mut c = rusqlite::Connection::open(&wb.path).unwrap();
    let tx = c.transaction().unwrap();
    tx.execute_batch(
        "CREATE TEMP TABLE touched_customers (customer_id TEXT PRIMARY KEY) WITHOUT ROWID;",
    )
    .unwrap();
    let one = |sql: &str| -> (String, i64) {
        tx.query_row(sql, [], |r| Ok((r.get(0).unwrap(), r.get(1).unwrap())))
            .unwrap()
    };
    // a customer's first order cancelled, another order moved to a new customer,
    // a line of a third customer's order gone
    let (a, first) = one(
        "SELECT customer_id, oid FROM orders WHERE status < 3 AND customer_id IS NOT NULL ORDER BY oid LIMIT 1",
    );
    let (b, last) = one(
        "SELECT customer_id, oid FROM orders WHERE status < 3 AND customer_id IS NOT NULL ORDER BY oid DESC LIMIT 1",
    );
    let (d, lined) = one(
        "SELECT o.customer_id, o.oid FROM orders o JOIN order_lines l ON l.oid = o.oid
         WHERE o.status < 3 AND o.customer_id IS NOT NULL ORDER BY o.oid LIMIT 1 OFFSET 3",
    );
    tx.execute("UPDATE orders SET status = 3 WHERE oid = ?1", [first])
        .unwrap();
    tx.execute(
        "UPDATE orders SET customer_id = 'A-NEW-CUSTOMER' WHERE oid = ?1",
        [last],
    )
    .unwrap();
    tx.execute(
        "DELETE FROM order_lines WHERE oid = ?1 AND sku = (SELECT min(sku) FROM order_lines WHERE oid = ?1)",
        [lined],
    )
    .unwrap();
    for id in [a.as_str(), b.as_str(), d.as_str(), "A-NEW-CUSTOMER"] {
        tx.execute(
            "INSERT OR IGNORE INTO temp.touched_customers VALUES (?1)",
            [id],
        )
        .unwrap();
    }
    let before = CustomerIndex::load(&tx).unwrap().unwrap();
    CustomerIndex::update(&tx).unwrap();
    let spliced = CustomerIndex::load(&tx).unwrap().unwrap();
    assert_ne!(spliced, before, "the changes reach the index");
    assert_eq!(spliced, CustomerIndex::build(&tx).unwrap());
}
