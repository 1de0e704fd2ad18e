//! Importing in several calls gives the same numbers as importing everything at
//! once: the rollups, monthly sums and first-order marks are maintained
//! incrementally (only the touched days, months and customers are rebuilt).

use std::path::{Path, PathBuf};

use sellerdeck::domain::MetricId;
use sellerdeck::metrics::engine::Level;
use sellerdeck::metrics::report::{self, Request};
use sellerdeck::output;
use sellerdeck::period::{CompareMode, Period};
use sellerdeck::workbook::Workbook;
use sellerdeck::workbook::import::{ImportOptions, import_files};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small")
}

/// Every report the comparison looks at, as JSON text.
fn reports(path: &Path) -> Vec<String> {
    let wb = Workbook::open_read(path).unwrap();
    let master = wb.master().unwrap();
    let mut out = Vec::new();
    for period in [
        "2026-09",
        "2026-10",
        "2026-Q3",
        "2026-Q4",
        "2026-09-20..2026-10-19",
    ] {
        for level in [Level::Total, Level::Channel, Level::Store, Level::Sku] {
            let req = Request {
                period: Period::parse(period).unwrap(),
                compare: CompareMode::Prev,
                level,
                under: vec![],
                all_rows: false,
            };
            out.push(output::json(
                &report::build(&wb, &master, &req).unwrap(),
                None,
            ));
        }
    }
    out
}

/// Writes the rows of `src` (a CSV with a header) that `keep` selects into `dst`
/// (no file when none is selected: a header-only file is an import error).
fn split(src: &Path, dst: &Path, keep: impl Fn(&str) -> bool) {
    let text = std::fs::read_to_string(src).unwrap();
    let mut lines = text.lines();
    let mut out = format!("{}\n", lines.next().unwrap());
    let mut rows = 0;
    for l in lines.filter(|l| keep(l)) {
        out.push_str(l);
        out.push('\n');
        rows += 1;
    }
    if rows > 0 {
        std::fs::write(dst, out).unwrap();
    }
}

#[test]
fn two_imports_equal_one_import() {
    let once = crate::common::import_dir(&fixture());
    let expected = reports(&once.path);

    // First call: everything but the orders of September (and their lines,
    // shipments, refunds ...); second call: the September orders with their lines.
    // C1's September order U7 is then earlier than its October order U1, so the
    // second call must move C1's first order (and the new-customer counts) back.
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    let september = |line: &str| line.contains(",2026-09-");
    let sept_ids: Vec<String> = std::fs::read_to_string(fixture().join("orders.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .filter(|l| september(l))
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect();
    assert!(
        sept_ids.contains(&"U7".to_string()),
        "the fixture's September orders: {sept_ids:?}"
    );
    let refers_to_sept = |line: &str| line.split(',').any(|f| sept_ids.iter().any(|id| id == f));
    for f in crate::common::csv_files(&fixture()) {
        let name = f.file_name().unwrap();
        match name.to_str().unwrap() {
            "orders.csv" => {
                split(&f, &a.join(name), |l| !september(l));
                split(&f, &b.join(name), september);
            }
            "order_lines.csv" => {
                split(&f, &a.join(name), |l| !refers_to_sept(l));
                split(&f, &b.join(name), refers_to_sept);
            }
            // rows that refer to September orders must wait for them
            "shipments.csv" | "refunds.csv" | "tickets.csv" | "reviews.csv" | "expenses.csv" => {
                split(&f, &a.join(name), |l| !refers_to_sept(l));
                split(
                    &f,
                    &b.join(format!(
                        "{}-late.csv",
                        name.to_str().unwrap().trim_end_matches(".csv")
                    )),
                    refers_to_sept,
                );
            }
            _ => {
                std::fs::copy(&f, a.join(name)).unwrap();
            }
        }
    }
    let path = tmp.path().join("wb.db");
    import_files(
        &path,
        &crate::common::csv_files(&a),
        &ImportOptions::default(),
    )
    .unwrap();
    let before = reports(&path);
    import_files(
        &path,
        &crate::common::csv_files(&b),
        &ImportOptions::default(),
    )
    .unwrap();
    let after = reports(&path);
    assert_ne!(
        before, expected,
        "the first call alone must differ (else the test proves nothing)"
    );
    for (i, (got, want)) in after.iter().zip(&expected).enumerate() {
        assert_eq!(got, want, "report {i} differs after two imports");
    }
}

/// Monthly rollups hold base-currency sums: changing the base currency with
/// `config` converts them again (read back through a month-grain report).
#[test]
fn changing_the_base_currency_rebuilds_the_monthly_sums() {
    let wb = crate::common::import_dir(&fixture());
    let bin = env!("CARGO_BIN_EXE_sellerdeck");
    let ok = std::process::Command::new(bin)
        .args(["config", wb.path.to_str().unwrap(), "base_currency", "EUR"])
        .status()
        .unwrap();
    assert!(ok.success());
    let w = Workbook::open_read(&wb.path).unwrap();
    let master = w.master().unwrap();
    assert_eq!(master.base_currency, "EUR");
    // AMZ-DE sells in EUR: with EUR as the base its October gmv is its local sum.
    // the test reads the rollup table itself, on a read-only connection of its own
    let ro = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY;
    let local: i64 = rusqlite::Connection::open_with_flags(&wb.path, ro)
        .unwrap()
        .query_row(
            "SELECT sum(gross - discount) FROM r_line_day WHERE store_id = 'AMZ-DE'
             AND day BETWEEN julianday('2026-10-01') - 2440587.5 AND julianday('2026-10-31') - 2440587.5",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let req = Request {
        period: Period::parse("2026-10").unwrap(),
        compare: CompareMode::Prev,
        level: Level::Sku,
        under: vec!["Amazon".into(), "AMZ-DE".into()],
        all_rows: false,
    };
    let rep = report::build(&w, &master, &req).unwrap();
    assert!(local > 0);
    assert_eq!(
        rep.total.value(MetricId::Gmv),
        Some(rust_decimal::Decimal::new(local, 6))
    );
}

/// A reader keeps what it read of the inventory (the memo the ranked alert list's
/// per-store reports share) only while the data is unchanged: after another
/// connection imports the inventory and more order lines, the same open workbook
/// reports the new stock and units.
#[test]
fn an_open_reader_sees_what_another_import_adds() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    std::fs::create_dir_all(&a).unwrap();
    for f in crate::common::csv_files(&fixture()) {
        let name = f.file_name().unwrap().to_str().unwrap().to_string();
        if name != "inventory.csv" {
            std::fs::copy(&f, a.join(&name)).unwrap();
        }
    }
    let path = tmp.path().join("wb.db");
    import_files(
        &path,
        &crate::common::csv_files(&a),
        &ImportOptions::default(),
    )
    .unwrap();
    let wb = Workbook::open_read(&path).unwrap();
    let master = wb.master().unwrap();
    let req = Request {
        period: Period::parse("2026-10").unwrap(),
        compare: CompareMode::Prev,
        level: Level::Total,
        under: vec![],
        all_rows: false,
    };
    let on_hand = |wb: &Workbook| {
        report::build(wb, &master, &req)
            .unwrap()
            .total
            .value(MetricId::OnHandUnits)
    };
    let before = on_hand(&wb);
    assert_eq!(on_hand(&wb), before, "a second read of unchanged data");
    import_files(
        &path,
        &[fixture().join("inventory.csv")],
        &ImportOptions::default(),
    )
    .unwrap();
    let after = on_hand(&wb);
    let fresh = on_hand(&Workbook::open_read(&path).unwrap());
    assert_ne!(after, before, "the inventory import must change the stock");
    assert_eq!(after, fresh, "the open reader reports what a new one does");
}

#[test]
fn a_first_import_marks_first_orders_as_the_window_query_does() {
    let wb = crate::common::import_dir(&fixture());
    let c = rusqlite::Connection::open(&wb.path).unwrap();
    let wrong: i64 = c
        .query_row(
            "WITH f AS (SELECT customer_id, oid, day FROM (
                 SELECT customer_id, oid, day,
                        row_number() OVER (PARTITION BY customer_id ORDER BY ordered_ms, order_id) AS rn
                 FROM orders WHERE status < 3 AND customer_id IS NOT NULL) WHERE rn = 1)
             SELECT count(*) FROM orders o LEFT JOIN f ON f.customer_id = o.customer_id
             WHERE o.is_first <> (f.oid IS NOT NULL AND f.oid = o.oid) OR o.first_day IS NOT f.day",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(wrong, 0, "orders whose is_first / first_day differ");
    let firsts: i64 = c
        .query_row("SELECT count(*) FROM orders WHERE is_first = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(firsts > 0);
}
