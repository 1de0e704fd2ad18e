//! Issue 14, hardening: the contract's limits, exact line numbers, repeated
//! header columns, encodings, ISO codes, cross-file duplicates and the length of
//! messages. Every bad input must be rejected with `file:line:` and leave the
//! workbook byte-identical; the inputs of the issue are in tests/fixtures/hardening/.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::*;
use rusqlite::Connection;
use sellerdeck::workbook::import::{Encoding, ImportErrors, ImportOptions, import_files};

fn hardening(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hardening")
        .join(name)
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write test file");
    p
}

fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| {
            let e = e.expect("entry");
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

/// Imports `files` into the small fixture workbook; must fail and change no byte.
fn fail_with(wb: &Imported, files: &[PathBuf], opts: &ImportOptions) -> ImportErrors {
    let before = snapshot(wb.dir.path());
    let err = match import_files(&wb.path, files, opts) {
        Ok(s) => panic!("import unexpectedly succeeded: {s:?}"),
        Err(e) => e,
    };
    assert!(
        before == snapshot(wb.dir.path()),
        "a failed import changed the workbook"
    );
    match err.downcast::<ImportErrors>() {
        Ok(e) => e,
        Err(e) => panic!("error is not ImportErrors: {e:#}"),
    }
}

fn fail(files: &[PathBuf]) -> ImportErrors {
    fail_with(&small(), files, &ImportOptions::default())
}

#[track_caller]
fn has_error(errs: &ImportErrors, file: &Path, line: u64, parts: &[&str]) {
    let at = format!("{}:{line}:", file.display());
    assert!(
        errs.errors
            .iter()
            .any(|e| e.starts_with(&at) && parts.iter().all(|p| e.contains(p))),
        "no error at {at} containing {parts:?}; errors:\n{}",
        errs.errors.join("\n")
    );
}

fn one(c: &Connection, sql: &str) -> String {
    c.query_row(sql, [], |r| r.get::<_, String>(0))
        .expect("query")
}

// ── 1. limits: no silent wrong number ──────────────────────────────────────

#[test]
fn merged_order_lines_beyond_the_limit_are_rejected_not_wrapped() {
    // The issue's input: two lines of one order and SKU at 9e12 each (merged gross
    // wrapped past i64 micro-units and the report showed a negative GMV).
    let f = hardening("order_lines-merge-overflow.csv");
    let errs = fail(std::slice::from_ref(&f));
    has_error(
        &errs,
        &f,
        2,
        &[
            "column 'unit_price'",
            "value '9000000000000'",
            "out of range",
        ],
    );
    has_error(&errs, &f, 3, &["column 'unit_price'", "out of range"]);
    // Each within the limit, but merged past it.
    let f = hardening("order_lines-merged-past-limit.csv");
    let errs = fail(std::slice::from_ref(&f));
    has_error(&errs, &f, 3, &["merged", "out of range"]);
    assert_eq!(errs.errors.len(), 1, "{:?}", errs.errors);
}

#[test]
fn values_at_the_limits_pass_and_past_them_fail() {
    let wb = small();
    let dir = tempfile::tempdir().unwrap();
    let at = write(
        dir.path(),
        "order_lines.csv",
        "order_id,sku,qty,unit_price,discount\nU7,SKU-A,1,1000000000000,1000000000000\nU8,SKU-B,1000000000,0.001,\n",
    );
    import_files(&wb.path, &[at], &ImportOptions::default()).expect("values at the limits");
    let c = Connection::open(&wb.path).unwrap();
    assert_eq!(
        one(
            &c,
            "SELECT gross || '/' || discount FROM order_lines l JOIN orders o USING (oid) WHERE order_id='U7'"
        ),
        "1000000000000000000/1000000000000000000"
    );
    assert_eq!(
        one(
            &c,
            "SELECT qty || '/' || gross FROM order_lines l JOIN orders o USING (oid) WHERE order_id='U8'"
        ),
        "1000000000/1000000000000"
    );
    let past = write(
        dir.path(),
        "order_lines-past.csv",
        "order_id,sku,qty,unit_price,discount\nU7,SKU-A,1,1000000000000.000001,\nU8,SKU-B,1000000001,1,\nU8,SKU-C,1000,1000000000000,\n",
    );
    let errs = fail_with(&wb, std::slice::from_ref(&past), &ImportOptions::default());
    has_error(
        &errs,
        &past,
        2,
        &[
            "column 'unit_price'",
            "value '1000000000000.000001'",
            "out of range",
        ],
    );
    has_error(
        &errs,
        &past,
        3,
        &["column 'qty'", "value '1000000001'", "out of range"],
    );
    has_error(&errs, &past, 4, &["1000 × 1000000000000", "out of range"]);
}

#[test]
fn out_of_range_decimal_is_not_called_too_many_decimal_places() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "refunds.csv",
        "refund_id,order_id,refunded_at,amount\nR9,U7,2026-09-12 10:00,9223372036854.775808\nR10,U7,2026-09-12 10:00,1.0000001\n",
    );
    let errs = fail(std::slice::from_ref(&f));
    has_error(
        &errs,
        &f,
        2,
        &["value '9223372036854.775808' is out of range"],
    );
    has_error(
        &errs,
        &f,
        3,
        &["value '1.0000001' has more than 6 decimal places"],
    );
}

// ── 2. a huge FX rate no longer panics the import ──────────────────────────

#[test]
fn huge_fx_rates_are_out_of_range() {
    let f = hardening("fx_rates-huge.csv");
    let errs = fail(std::slice::from_ref(&f));
    has_error(
        &errs,
        &f,
        2,
        &[
            "column 'rate'",
            "value '79228162514264337593543950335'",
            "out of range",
        ],
    );
    has_error(&errs, &f, 3, &["value '1000000.000001'", "out of range"]);
    assert_eq!(
        errs.errors.len(),
        2,
        "10^6 itself is allowed: {:?}",
        errs.errors
    );
}

#[test]
fn dates_outside_1970_2199_and_signed_years_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "fx_rates.csv",
        "date,currency,rate\n-001-01-01,EUR,1\n+999-01-01,EUR,1\n1969-12-31,EUR,1\n2200-01-01,EUR,1\n2199-12-31,EUR,1\n1970-01-01,EUR,1\n",
    );
    let errs = fail(std::slice::from_ref(&f));
    has_error(&errs, &f, 2, &["value '-001-01-01' is not a calendar date"]);
    has_error(&errs, &f, 3, &["value '+999-01-01' is not a calendar date"]);
    has_error(&errs, &f, 4, &["value '1969-12-31' is out of range"]);
    has_error(&errs, &f, 5, &["value '2200-01-01' is out of range"]);
    assert_eq!(errs.errors.len(), 4, "{:?}", errs.errors);
    let f = write(
        dir.path(),
        "orders.csv",
        "order_id,store_id,ordered_at\nN1,AMZ-US,+999-01-01 10:00\nN2,AMZ-US,2200-01-01T10:00:00Z\nN3,AMZ-US,2199-12-31 10:00\n",
    );
    let errs = fail(std::slice::from_ref(&f));
    has_error(
        &errs,
        &f,
        2,
        &["value '+999-01-01 10:00' is not a date-time"],
    );
    has_error(
        &errs,
        &f,
        3,
        &["value '2200-01-01T10:00:00Z' is out of range"],
    );
    assert_eq!(errs.errors.len(), 2, "{:?}", errs.errors);
}

// ── 4. cross-file duplicates of order_lines ────────────────────────────────

#[test]
fn same_order_and_sku_in_two_files_of_one_call_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let monthly = write(
        dir.path(),
        "order_lines-2026-09.csv",
        "order_id,sku,qty,unit_price,discount\nU7,SKU-A,1,10,0\nU8,SKU-B,2,20,0\n",
    );
    let quarterly = write(
        dir.path(),
        "order_lines-2026-Q3.csv",
        "order_id,sku,qty,unit_price,discount\nD5,SKU-C,1,5,0\nU7,SKU-A,1,10,0\n",
    );
    let errs = fail(&[monthly.clone(), quarterly.clone()]);
    has_error(
        &errs,
        &quarterly,
        3,
        &[
            "duplicate (order_id, sku) 'U7, SKU-A'",
            &format!("also on {}:2", monthly.display()),
        ],
    );
    assert_eq!(errs.errors.len(), 1, "{:?}", errs.errors);
}

// ── 5. exact line numbers ──────────────────────────────────────────────────

#[test]
fn line_numbers_are_exact_for_lf_crlf_cr_and_blank_lines() {
    let f = hardening("order_lines-crlf.csv");
    let errs = fail(std::slice::from_ref(&f));
    has_error(&errs, &f, 3, &["column 'qty'", "value 'x'"]);
    let dir = tempfile::tempdir().unwrap();
    for (name, nl) in [("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")] {
        let text = [
            "order_id,sku,qty,unit_price,discount",
            "",
            "U7,SKU-A,x,10,0",
            "",
            "",
            "U8,SKU-B,2,y,0",
            "U9,SKU-C,1,10,z",
        ]
        .join(nl);
        let f = write(dir.path(), &format!("order_lines-{name}.csv"), text + nl);
        let errs = fail(std::slice::from_ref(&f));
        has_error(&errs, &f, 3, &["column 'qty'", "value 'x'"]);
        has_error(&errs, &f, 6, &["column 'unit_price'", "value 'y'"]);
        has_error(&errs, &f, 7, &["column 'discount'", "value 'z'"]);
    }
    // A quoted value spanning lines: the record's first line counts, the next one follows.
    let f = write(
        dir.path(),
        "skus.csv",
        "sku,title,category,launched_on,lead_time_days\r\nSKU-Q,\"two\r\nlines\",widgets,2025-13-01,4\r\nSKU-R,x,widgets,2025-01-01,-4\r\n",
    );
    let errs = fail(std::slice::from_ref(&f));
    has_error(&errs, &f, 2, &["column 'launched_on'"]);
    has_error(&errs, &f, 4, &["column 'lead_time_days'"]);
}

// ── 6. repeated header columns, encodings, ISO codes, NUL ──────────────────

#[test]
fn a_repeated_header_column_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    for header in [
        "order_id,sku,qty,unit_price,unit_price",
        "order_id,sku,qty,unit_price, Unit_Price ",
    ] {
        let f = write(
            dir.path(),
            "order_lines.csv",
            format!("{header}\nU7,SKU-A,1,10,99\n"),
        );
        let errs = fail(std::slice::from_ref(&f));
        has_error(
            &errs,
            &f,
            1,
            &["column 'unit_price' appears twice", "columns 4 and 5"],
        );
    }
}

fn sku_title(wb: &Imported, sku: &str) -> String {
    let c = Connection::open(&wb.path).unwrap();
    c.query_row("SELECT title FROM skus WHERE sku=?1", [sku], |r| r.get(0))
        .unwrap()
}

#[test]
fn latin1_is_not_read_as_gbk_and_shift_jis_is_detected() {
    let wb = small();
    import_files(
        &wb.path,
        &[hardening("skus-latin1.csv")],
        &ImportOptions::default(),
    )
    .expect("latin-1 file");
    assert_eq!(sku_title(&wb, "SKU-M"), "Müller Straße");
    let dir = tempfile::tempdir().unwrap();
    let (sjis, _, _) = encoding_rs::SHIFT_JIS
        .encode("sku,title,category,launched_on,lead_time_days\nSKU-J,東京タワーのキーホルダー,お土産,2025-01-01,4\n");
    let f = write(dir.path(), "skus.csv", &sjis);
    import_files(&wb.path, &[f], &ImportOptions::default()).expect("shift_jis file");
    assert_eq!(sku_title(&wb, "SKU-J"), "東京タワーのキーホルダー");
    // GBK is still told apart.
    let (gbk, _, _) = encoding_rs::GBK
        .encode("sku,title,category,launched_on,lead_time_days\nSKU-G,蓝牙耳机充电盒,数码配件,2025-01-01,4\n");
    let f = write(dir.path(), "skus.csv", &gbk);
    import_files(
        &wb.path,
        std::slice::from_ref(&f),
        &ImportOptions::default(),
    )
    .expect("gbk file");
    assert_eq!(sku_title(&wb, "SKU-G"), "蓝牙耳机充电盒");
    // --encoding overrides the detection.
    let opts = ImportOptions {
        encoding: Encoding::Latin1,
        ..Default::default()
    };
    import_files(&wb.path, &[f], &opts).expect("gbk bytes read as latin-1");
    assert_ne!(sku_title(&wb, "SKU-G"), "蓝牙耳机充电盒");
    assert_eq!(Encoding::parse("SHIFT_JIS"), Some(Encoding::ShiftJis));
    assert_eq!(Encoding::parse("cp1252"), Some(Encoding::Latin1));
    assert_eq!(Encoding::parse("klingon"), None);
}

#[test]
fn currencies_and_countries_are_iso_codes() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "stores.csv",
        "store_id,channel,country,currency\nS1,Amazon,US,ABC\nS2,Amazon,ZZ,USD\nS3,Amazon,gb,gbp\nS4,Amazon,FR,XYZ\n",
    );
    let errs = fail(std::slice::from_ref(&f));
    has_error(
        &errs,
        &f,
        2,
        &["value 'ABC' is not an ISO 4217 currency code"],
    );
    has_error(&errs, &f, 3, &["value 'ZZ' is not an ISO 3166"]);
    has_error(&errs, &f, 5, &["value 'XYZ' is not an ISO 4217"]);
    assert_eq!(errs.errors.len(), 3, "{:?}", errs.errors);
}

#[test]
fn a_nul_byte_anywhere_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("sku,title,category,launched_on,lead_time_days\n");
    let mut n = 0;
    while text.len() < 100 * 1024 {
        n += 1;
        text.push_str(&format!("SKU-X{n},t,widgets,2025-01-01,4\n"));
    }
    let mut bytes = text.into_bytes();
    bytes.extend_from_slice(b"SKU-NUL,a\0b,widgets,2025-01-01,4\n");
    let f = write(dir.path(), "skus.csv", &bytes);
    let errs = fail(std::slice::from_ref(&f));
    has_error(&errs, &f, n as u64 + 2, &["NUL byte", "binary data"]);
}

// ── 8. texts ───────────────────────────────────────────────────────────────

#[test]
fn values_in_messages_are_cut_to_80_characters() {
    let dir = tempfile::tempdir().unwrap();
    let big = "9".repeat(10_000_000);
    let f = write(
        dir.path(),
        "order_lines.csv",
        format!("order_id,sku,qty,unit_price,discount\nU7,SKU-A,1,x{big},0\n"),
    );
    let errs = fail(std::slice::from_ref(&f));
    assert_eq!(errs.errors.len(), 1);
    let e = &errs.errors[0];
    assert!(e.len() < 400, "message of {} bytes", e.len());
    assert!(
        e.contains(&format!(
            "value 'x{}… (10000001 characters)'",
            "9".repeat(79)
        )),
        "{e}"
    );
}

#[test]
fn unknown_column_warnings_are_summarised_and_capped() {
    let wb = small();
    let dir = tempfile::tempdir().unwrap();
    let extra: Vec<String> = (0..100_000).map(|i| format!("x{i}")).collect();
    let f = write(
        dir.path(),
        "skus.csv",
        format!(
            "sku,title,{}\nSKU-A,Widget A,{}\n",
            extra.join(","),
            vec![""; extra.len()].join(",")
        ),
    );
    let s = import_files(
        &wb.path,
        std::slice::from_ref(&f),
        &ImportOptions::default(),
    )
    .expect("unknown columns are only warnings");
    assert_eq!(
        s.warnings.len(),
        1,
        "{:?}",
        &s.warnings[..3.min(s.warnings.len())]
    );
    assert_eq!(
        s.warnings[0],
        format!(
            "{}:1: 100000 unknown columns ignored: 'x0', 'x1', 'x2', 'x3', 'x4' and 99995 more",
            f.display()
        )
    );
    // Many files with one unknown column each: capped at the error limit, then counted.
    let files: Vec<PathBuf> = (0..60)
        .map(|i| {
            write(
                dir.path(),
                &format!("skus-{i}.csv"),
                format!("sku,odd{i}\nSKU-{i},1\n"),
            )
        })
        .collect();
    let s = import_files(&wb.path, &files, &ImportOptions::default()).expect("warnings only");
    assert_eq!(s.warnings.len(), 51);
    assert_eq!(s.warnings[50], "... and 10 more warnings");
}

// ── 1. a property at the limits: every panel and level, no overflow, exact sums ──

mod at_the_limits {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal::Decimal;
    use sellerdeck::catalogue::Panel;
    use sellerdeck::metrics::engine::{Level, Needs};
    use sellerdeck::metrics::report::{self, Request};
    use sellerdeck::period::{CompareMode, Period};
    use sellerdeck::workbook::Workbook;

    /// Values at and next to the limits (and the smallest ones).
    fn amount() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "0",
            "0.000001",
            "1",
            "999999999999.999999",
            "1000000000000",
        ])
    }
    fn qty() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec!["1", "2", "1000", "1000000000"])
    }
    fn rate() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec!["0.000001", "1", "1000000"])
    }

    #[derive(Debug, Clone)]
    struct Line {
        store: usize,
        sku: usize,
        qty: &'static str,
        price: &'static str,
        discount: &'static str,
    }

    fn lines() -> impl Strategy<Value = Vec<Line>> {
        prop_oneof![mixed_lines(), max_lines()]
    }

    /// Many lines at the limit on one store and SKU: their totals pass 9.2 × 10^12.
    fn max_lines() -> impl Strategy<Value = Vec<Line>> {
        (0..2usize, 0..2usize, 1..14usize).prop_map(|(store, sku, n)| {
            vec![
                Line {
                    store,
                    sku,
                    qty: "1",
                    price: "1000000000000",
                    discount: "0",
                };
                n
            ]
        })
    }

    fn mixed_lines() -> impl Strategy<Value = Vec<Line>> {
        prop::collection::vec(
            (0..2usize, 0..2usize, qty(), amount(), amount()).prop_map(
                |(store, sku, qty, price, discount)| Line {
                    store,
                    sku,
                    qty,
                    price,
                    discount,
                },
            ),
            1..12,
        )
    }

    fn write_workbook(
        dir: &Path,
        lines: &[Line],
        rate: &str,
        cost: &str,
        refund: &str,
        spend: &str,
    ) -> Vec<PathBuf> {
        let mut orders = String::from("order_id,store_id,ordered_at,customer_id\n");
        let mut ol = String::from("order_id,sku,qty,unit_price,discount\n");
        let stores = ["US", "DE"];
        for (i, l) in lines.iter().enumerate() {
            orders.push_str(&format!(
                "O{i},S-{},2026-10-{:02} 10:00,C{}\n",
                stores[l.store],
                1 + i % 28,
                i % 3
            ));
            ol.push_str(&format!(
                "O{i},SKU-{},{},{},{}\n",
                l.sku, l.qty, l.price, l.discount
            ));
        }
        vec![
            write(
                dir,
                "stores.csv",
                "store_id,channel,country,currency\nS-US,Amazon,US,USD\nS-DE,Shopify,DE,EUR\n",
            ),
            write(dir, "skus.csv", "sku,title\nSKU-0,a\nSKU-1,b\n"),
            write(
                dir,
                "sku_costs.csv",
                format!(
                    "sku,effective_from,currency,purchase,inbound_freight,duty,packaging\nSKU-0,2025-01-01,EUR,{cost},{cost},{cost},{cost}\nSKU-1,2025-01-01,USD,{cost},,,\n"
                ),
            ),
            write(
                dir,
                "fx_rates.csv",
                format!("date,currency,rate\n2025-01-01,EUR,{rate}\n"),
            ),
            write(dir, "orders.csv", orders),
            write(dir, "order_lines.csv", ol),
            write(
                dir,
                "refunds.csv",
                format!("refund_id,order_id,refunded_at,amount\nR1,O0,2026-10-20 10:00,{refund}\n"),
            ),
            write(
                dir,
                "ads.csv",
                format!(
                    "date,store_id,campaign,spend,ad_sales,clicks,impressions\n2026-10-03,S-US,c1,{spend},{spend},1000000000,1000000000\n2026-10-03,S-DE,c1,{spend},{spend},1,1\n"
                ),
            ),
            write(
                dir,
                "inventory.csv",
                "date,sku,warehouse,on_hand\n2026-10-31,SKU-0,W1,1000000000\n2026-10-31,SKU-1,W1,1000000000\n",
            ),
            write(
                dir,
                "expenses.csv",
                format!(
                    "expense_id,date,category,amount,currency\nE1,2026-10-05,marketing,{spend},EUR\nE2,2026-10-05,rent,-{spend},USD\n"
                ),
            ),
        ]
    }

    /// Σ (gross − discount) of the USD lines, exactly (i128 micro-units).
    fn usd_gmv(lines: &[Line]) -> Decimal {
        let micro = |s: &str| -> i128 {
            sellerdeck::workbook::import::check_amount(s).expect("amount") as i128
        };
        let total: i128 = lines
            .iter()
            .filter(|l| l.store == 0)
            .map(|l| l.qty.parse::<i128>().unwrap() * micro(l.price) - micro(l.discount))
            .sum();
        Decimal::from_i128_with_scale(total, 6)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, max_shrink_iters: 32, ..ProptestConfig::default() })]

        #[test]
        fn reports_at_the_limits_never_overflow(
            lines in lines(),
            rate in rate(),
            cost in amount(),
            refund in amount(),
            spend in amount(),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let files = write_workbook(dir.path(), &lines, rate, cost, refund, spend);
            let path = dir.path().join("wb.db");
            match import_files(&path, &files, &ImportOptions::default()) {
                Ok(_) => {}
                Err(e) => {
                    // Refused only for a line past the limit, or for totals past exact
                    // i64 micro-units, with a clear error, and nothing written.
                    match e.downcast_ref::<ImportErrors>() {
                        Some(ie) => prop_assert!(
                            ie.errors.iter().all(|m| m.contains("out of range")),
                            "{:?}",
                            ie.errors
                        ),
                        None => prop_assert!(
                            format!("{e:#}").contains("would exceed what sellerdeck sums exactly"),
                            "{e:#}"
                        ),
                    }
                    prop_assert!(!path.exists());
                    return Ok(());
                }
            }
            let book = Workbook::open_read(&path).unwrap();
            let master = book.master().unwrap();
            for level in [Level::Total, Level::Channel, Level::Store, Level::Sku] {
                for period in ["2026-10", "2026-Q4", "2026", "2026-10-03"] {
                    for compare in [CompareMode::Prev, CompareMode::Yoy] {
                        let req = Request {
                            period: Period::parse(period).unwrap(),
                            compare,
                            level,
                            under: vec![],
                            all_rows: true,
                        };
                        for panel in Panel::ALL.iter().map(|p| Some(*p)).chain([None]) {
                            let rep = report::build_for(&book, &master, &req, Needs::of_panel(panel));
                            prop_assert!(rep.is_ok(), "{period} {level:?} {panel:?}: {:#}", rep.err().unwrap());
                        }
                    }
                }
            }
            // The USD store's GMV is exact, whatever the magnitudes.
            let req = Request {
                period: Period::parse("2026-10").unwrap(),
                compare: CompareMode::Prev,
                level: Level::Store,
                under: vec![],
                all_rows: true,
            };
            let rep = report::build(&book, &master, &req).unwrap();
            if lines.iter().any(|l| l.store == 0) {
                let us = rep.rows.iter().find(|r| r.key.ends_with("S-US")).expect("US row");
                prop_assert_eq!(us.metrics["gmv"].value, Some(usd_gmv(&lines)));
            }
        }
    }
}
