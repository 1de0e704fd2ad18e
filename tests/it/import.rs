//! `import_files`: the canonical fixture read back exactly, every kind of bad
//! input rejected with file/line/column and the workbook left byte-for-byte
//! unchanged, GBK and BOM files, replace semantics on re-import, dry runs and
//! the error cap.
//!
//! Bad inputs are small files written into a temporary directory by each test
//! (the GBK bytes are made with `encoding_rs`); the larger hand-made ones live
//! in `tests/fixtures/import/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::*;
use chrono::NaiveDate;
use rusqlite::Connection;
use sellerdeck::metrics::engine::Level;
use sellerdeck::workbook::import::{
    Encoding, ImportErrors, ImportOptions, ImportSummary, import_files,
};
use tempfile::TempDir;

// ── helpers ────────────────────────────────────────────────────────────────

/// Days since 1970-01-01, as the workbook stores calendar days.
fn day(y: i32, m: u32, d: u32) -> i64 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    (NaiveDate::from_ymd_opt(y, m, d).unwrap() - epoch).num_days()
}

const M: i64 = 1_000_000; // micro-units per currency unit

fn utc_ms(rfc3339: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .timestamp_millis()
}

fn import_fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import")
}

fn small_files() -> Vec<PathBuf> {
    csv_files(&fixture_dir())
}

/// Writes `bytes` to `dir/name` and returns the path.
fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write test file");
    p
}

/// Every file of the directory that holds the workbook (the .db and any
/// -wal/-shm/-journal next to it), name → bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("read workbook dir")
        .map(|e| {
            let e = e.expect("dir entry");
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("read workbook file"),
            )
        })
        .collect()
}

#[track_caller]
fn assert_same_files(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>) {
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(before),
        names(after),
        "files next to the workbook changed"
    );
    for (name, bytes) in before {
        assert!(
            after[name] == *bytes,
            "{name} changed: {} bytes before, {} after",
            bytes.len(),
            after[name].len()
        );
    }
}

fn conn(path: &Path) -> Connection {
    Connection::open(path).expect("open workbook with rusqlite")
}

fn count(c: &Connection, table: &str) -> i64 {
    c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn int(c: &Connection, sql: &str) -> i64 {
    c.query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// The small fixture imported into `<tempdir>/wb.db` (closed again).
fn base() -> Imported {
    small()
}

/// Attempts an import that must fail: returns its errors after checking that
/// every file next to the workbook is byte-identical before and after.
fn fail_on(wb: &Imported, files: &[PathBuf], opts: &ImportOptions) -> ImportErrors {
    let before = snapshot(wb.dir.path());
    assert!(
        before.contains_key("wb.db"),
        "base workbook missing: {:?}",
        before.keys()
    );
    let err = match import_files(&wb.path, files, opts) {
        Ok(s) => panic!("import unexpectedly succeeded: {s:?}"),
        Err(e) => e,
    };
    let after = snapshot(wb.dir.path());
    assert_same_files(&before, &after);
    match err.downcast::<ImportErrors>() {
        Ok(e) => e,
        Err(e) => panic!("error is not ImportErrors: {e:#}"),
    }
}

/// A bad import of `files` into a copy of the base workbook, default options.
fn fail(files: &[PathBuf]) -> ImportErrors {
    fail_on(&base(), files, &ImportOptions::default())
}

/// Some error names `file:line:` and contains every one of `parts`.
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

/// The error names file, line, column and value in the contract's form:
/// `file:line: column 'x': value 'v' ...`.
#[track_caller]
fn has_cell_error(errs: &ImportErrors, file: &Path, line: u64, column: &str, value: &str) {
    has_error(
        errs,
        file,
        line,
        &[&format!("column '{column}'"), &format!("value '{value}'")],
    );
}

const ORDER_LINES_HEADER: &str = "order_id,sku,qty,unit_price,discount\n";
const REFUNDS_HEADER: &str = "refund_id,order_id,refunded_at,amount,sku,qty,reason,is_return\n";

#[test]
fn snapshot_sees_a_committed_import() {
    // The byte-identity check of the bad-input tests is not vacuous: a good
    // import of one new refund changes the workbook's bytes.
    let wb = base();
    let before = snapshot(wb.dir.path());
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        ["wb.db"],
        "a closed workbook is one file"
    );
    let tmp = TempDir::new().unwrap();
    let f = write(
        tmp.path(),
        "refunds.csv",
        format!("{REFUNDS_HEADER}R9,U1,2026-10-06 10:00,5,,,,\n"),
    );
    import_files(&wb.path, &[f], &ImportOptions::default()).expect("import");
    assert_ne!(snapshot(wb.dir.path()), before);
}

// ── 1. the small fixture, read back ────────────────────────────────────────

#[test]
fn small_fixture_counts_and_values() {
    let wb = base();
    let c = conn(&wb.path);
    let want = [
        ("stores", 3),
        ("skus", 4),
        ("sku_costs", 5),
        ("fx_rates", 4),
        ("orders", 20),
        ("order_lines", 22),
        ("shipments", 8),
        ("refunds", 5),
        ("traffic", 5),
        ("ads", 5),
        ("inventory", 6),
        ("expenses", 11),
        ("reviews", 5),
        ("tickets", 4),
        ("surveys", 8),
        ("targets", 2),
    ];
    for (t, n) in want {
        assert_eq!(count(&c, t), n, "rows of {t}");
    }

    // U4: 2026-11-01T06:30:00Z is 23:30 on Oct 31 in Los Angeles; placed = 0.
    let (ms, d, status): (i64, i64, i64) = c
        .query_row(
            "SELECT ordered_ms, day, status FROM orders WHERE order_id='U4'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(ms, utc_ms("2026-11-01T06:30:00Z"));
    assert_eq!(d, day(2026, 10, 31));
    assert_eq!(status, 0);
    // Local times: D1 at 14:00 Berlin (CEST, UTC+2) = 12:00Z; statuses by code.
    assert_eq!(
        int(&c, "SELECT ordered_ms FROM orders WHERE order_id='D1'"),
        utc_ms("2026-10-03T12:00:00Z")
    );
    assert_eq!(int(&c, "SELECT status FROM orders WHERE order_id='U2'"), 1);
    assert_eq!(int(&c, "SELECT status FROM orders WHERE order_id='S5'"), 3);
    assert_eq!(int(&c, "SELECT status FROM orders WHERE order_id='U6'"), 4);
    assert_eq!(int(&c, "SELECT device FROM orders WHERE order_id='U3'"), 2);

    // D2: SKU-B 2 × 10 EUR, discount 2 → gross 20, discount 2 (micro-units).
    let (qty, gross, disc): (i64, i64, i64) = c
        .query_row(
            "SELECT qty, gross, discount FROM order_lines JOIN orders USING (oid)
             WHERE order_id='D2' AND sku='SKU-B'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((qty, gross, disc), (2, 20 * M, 2 * M));
    // D5's blank discount is 0.
    assert_eq!(
        int(
            &c,
            "SELECT discount FROM order_lines JOIN orders USING (oid) WHERE order_id='D5'"
        ),
        0
    );

    // Refunds: R2 6 EUR without qty (is_return false), R3 qty 0 but is_return yes.
    let (amount, rday, rqty, ret, order): (i64, i64, Option<i64>, i64, String) = c
        .query_row(
            "SELECT r.amount, r.day, r.qty, r.is_return, o.order_id
             FROM refunds r JOIN orders o USING (oid) WHERE refund_id='R2'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(
        (amount, rday, rqty, ret, order.as_str()),
        (6 * M, day(2026, 10, 8), None, 0, "D1")
    );
    assert_eq!(
        int(&c, "SELECT is_return FROM refunds WHERE refund_id='R3'"),
        1
    );
    assert_eq!(
        int(&c, "SELECT is_return FROM refunds WHERE refund_id='R1'"),
        1
    );
    assert_eq!(int(&c, "SELECT sum(amount) FROM refunds"), 46 * M);

    // FX rates are exact decimal text.
    let rate: String = c
        .query_row(
            "SELECT rate FROM fx_rates WHERE currency='EUR' AND day=?1",
            [day(2026, 10, 5)],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rate, "1.25");
    let rate: String = c
        .query_row(
            "SELECT rate FROM fx_rates WHERE currency='EUR' AND day=?1",
            [day(2026, 6, 1)],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rate, "1.1");

    // Defaults and blanks: SKU-D lead time defaults to 30; ads with a blank sku.
    assert_eq!(
        int(&c, "SELECT lead_time_days FROM skus WHERE sku='SKU-D'"),
        30
    );
    assert_eq!(
        int(
            &c,
            "SELECT count(*) FROM ads WHERE sku='' AND campaign='camp2'"
        ),
        1
    );
    let cost: i64 = c
        .query_row(
            "SELECT purchase + inbound_freight FROM sku_costs WHERE sku='SKU-A' AND effective_from=?1",
            [day(2026, 10, 16)],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(cost, 6 * M);
    // E2 refers to order D1 (by its oid).
    assert_eq!(
        int(
            &c,
            "SELECT count(*) FROM expenses e JOIN orders o ON o.oid = e.oid
             WHERE e.expense_id='E2' AND o.order_id='D1'"
        ),
        1
    );
}

#[test]
fn duplicate_sku_lines_of_one_order_are_merged() {
    let wb = base();
    let tmp = TempDir::new().unwrap();
    let f = write(
        tmp.path(),
        "order_lines.csv",
        format!("{ORDER_LINES_HEADER}U3,SKU-A,1,10,0\nU3,SKU-A,2,12.5,1.25\n"),
    );
    import_files(&wb.path, &[f], &ImportOptions::default()).expect("import");
    let c = conn(&wb.path);
    let lines: Vec<(String, i64, i64, i64)> = c
        .prepare(
            "SELECT sku, qty, gross, discount FROM order_lines JOIN orders USING (oid)
             WHERE order_id='U3' ORDER BY sku",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    // qty 1 + 2, gross 10 + 25, discount 0 + 1.25; U3's SKU-C line is replaced away.
    assert_eq!(
        lines,
        vec![("SKU-A".to_string(), 3, 35 * M, 1_250_000)],
        "U3 lines"
    );
}

// ── 2. bad inputs: failing, named, workbook byte-identical ─────────────────

#[test]
fn bad_missing_required_column() {
    let tmp = TempDir::new().unwrap();
    let f = write(
        tmp.path(),
        "order_lines.csv",
        "order_id,sku,qty,discount\nU1,SKU-A,1,0\n",
    );
    let errs = fail(std::slice::from_ref(&f));
    has_error(
        &errs,
        &f,
        1,
        &["column 'unit_price'", "required column is missing"],
    );
}

#[test]
fn bad_date_month_13() {
    let tmp = TempDir::new().unwrap();
    let f = write(
        tmp.path(),
        "fx_rates.csv",
        "date,currency,rate\n2026-10-06,EUR,1.3\n2026-13-01,EUR,1.3\n",
    );
    let errs = fail(std::slice::from_ref(&f));
    has_cell_error(&errs, &f, 3, "date", "2026-13-01");
    assert_eq!(errs.errors.len(), 1, "{:?}", errs.errors);
}

#[test]
fn bad_date_time_month_13() {
    let tmp = TempDir::new().unwrap();
    let f = write(
        tmp.path(),
        "orders.csv",
        "order_id,store_id,ordered_at\nX1,AMZ-US,2026-13-01 10:00\n",
    );
    let errs = fail(std::slice::from_ref(&f));
    has_cell_error(&errs, &f, 2, "ordered_at", "2026-13-01 10:00");
}

#[test]
fn bad_thousands_separator() {
    let tmp = TempDir::new().unwrap();
    let f = write(
        tmp.path(),
        "refunds.csv",
        format!("{REFUNDS_HEADER}R9,U1,2026-10-06 10:00,\"1,234.50\",,,,\n"),
    );
    let errs = fail(std::slice::from_ref(&f));
    has_cell_error(&errs, &f, 2, "amount", "1,234.50");
    has_error(&errs, &f, 2, &["not a plain decimal"]);
}

#[test]
fn bad_currency_symbol() {
    let tmp = TempDir::new().unwrap();
    let f = write(
        tmp.path(),
        "order_lines.csv",
        format!("{ORDER_LINES_HEADER}U1,SKU-A,1,$12.00,0\n"),
    );
    let errs = fail(std::slice::from_ref(&f));
    has_cell_error(&errs, &f, 2, "unit_price", "$12.00");
}

#[test]
fn bad_negative_qty() {
    let tmp = TempDir::new().unwrap();
    let f = write(
        tmp.path(),
        "order_lines.csv",
        format!("{ORDER_LINES_HEADER}U1,SKU-A,2,10,0\nU2,SKU-B,-1,20,0\n"),
    );
    let errs = fail(std::slice::from_ref(&f));
    has_cell_error(&errs, &f, 3, "qty", "-1");
}

#[test]
fn bad_zero_qty_in_order_lines() {
    let tmp = TempDir::new().unwrap();
    let f = write(
        tmp.path(),
        "order_lines.csv",
        format!("{ORDER_LINES_HEADER}U1,SKU-A,0,10,0\n"),
    );
    let errs = fail(std::slice::from_ref(&f));
    has_cell_error(&errs, &f, 2, "qty", "0");
}

#[test]
fn bad_unknown_store_id() {
    let tmp = TempDir::new().unwrap();
    let f = write(
        tmp.path(),
        "orders.csv",
        "order_id,store_id,ordered_at\nX1,AMZ-US,2026-10-20 10:00\nX2,NO-SUCH,2026-10-20 10:00\n",
    );
    let errs = fail(std::slice::from_ref(&f));
    has_cell_error(&errs, &f, 3, "store_id", "NO-SUCH");
}

#[test]
fn bad_unknown_order_id_in_order_lines() {
    let tmp = TempDir::new().unwrap();
    let f = write(
        tmp.path(),
        "order_lines.csv",
        format!("{ORDER_LINES_HEADER}U1,SKU-A,2,10,0\nNO-ORDER,SKU-A,1,10,0\n"),
    );
    let errs = fail(std::slice::from_ref(&f));
    has_cell_error(&errs, &f, 3, "order_id", "NO-ORDER");
}

#[test]
fn bad_unknown_order_id_in_refunds() {
    let tmp = TempDir::new().unwrap();
    let f = write(
        tmp.path(),
        "refunds.csv",
        format!("{REFUNDS_HEADER}R9,NO-ORDER,2026-10-06 10:00,5,,,,\n"),
    );
    let errs = fail(std::slice::from_ref(&f));
    has_cell_error(&errs, &f, 2, "order_id", "NO-ORDER");
}

#[test]
fn bad_unknown_sku() {
    let tmp = TempDir::new().unwrap();
    let f = write(
        tmp.path(),
        "order_lines.csv",
        format!("{ORDER_LINES_HEADER}U1,SKU-Z,1,10,0\n"),
    );
    let errs = fail(std::slice::from_ref(&f));
    has_cell_error(&errs, &f, 2, "sku", "SKU-Z");
}

#[test]
fn bad_duplicate_refund_id_in_one_file() {
    let tmp = TempDir::new().unwrap();
    let f = write(
        tmp.path(),
        "refunds.csv",
        format!(
            "{REFUNDS_HEADER}R9,U1,2026-10-06 10:00,5,,,,\nR10,U2,2026-10-16 10:00,1,,,,\nR9,U2,2026-10-16 10:00,3,,,,\n"
        ),
    );
    let errs = fail(std::slice::from_ref(&f));
    // Reported at the second occurrence, naming the first one too.
    let first = format!("{}:2", f.display());
    has_error(&errs, &f, 4, &["refund_id", "'R9'", &first]);
}

#[test]
fn bad_duplicate_refund_id_across_files_of_one_call() {
    let tmp = TempDir::new().unwrap();
    let a = write(
        tmp.path(),
        "refunds-a.csv",
        format!("{REFUNDS_HEADER}R9,U1,2026-10-06 10:00,5,,,,\n"),
    );
    let b = write(
        tmp.path(),
        "refunds-b.csv",
        format!("{REFUNDS_HEADER}R9,U2,2026-10-16 10:00,3,,,,\n"),
    );
    let errs = fail(&[a.clone(), b.clone()]);
    let first = format!("{}:2", a.display());
    has_error(&errs, &b, 2, &["refund_id", "'R9'", &first]);
}

#[test]
fn bad_empty_file() {
    let tmp = TempDir::new().unwrap();
    let f = write(tmp.path(), "refunds.csv", "");
    let errs = fail(std::slice::from_ref(&f));
    has_error(&errs, &f, 1, &["empty"]);
}

#[test]
fn bad_whitespace_only_file() {
    let tmp = TempDir::new().unwrap();
    let f = write(tmp.path(), "refunds.csv", "\n\n");
    let errs = fail(std::slice::from_ref(&f));
    // No header: the required columns are missing (or the file is called empty).
    assert!(
        errs.errors
            .iter()
            .any(|e| e.starts_with(&format!("{}:1:", f.display()))),
        "{:?}",
        errs.errors
    );
}

#[test]
fn bad_header_only() {
    let tmp = TempDir::new().unwrap();
    let f = write(tmp.path(), "refunds.csv", REFUNDS_HEADER);
    let errs = fail(std::slice::from_ref(&f));
    has_error(&errs, &f, 2, &["no data rows"]);
}

#[test]
fn bad_truncated_last_line() {
    let tmp = TempDir::new().unwrap();
    // The last line lost its end (no newline, fewer fields).
    let f = write(
        tmp.path(),
        "order_lines.csv",
        format!("{ORDER_LINES_HEADER}U1,SKU-A,2,10,0\nU2,SKU-B,1"),
    );
    let errs = fail(std::slice::from_ref(&f));
    has_error(&errs, &f, 3, &["expected 5 fields", "found 3"]);
}

#[test]
fn bad_truncated_last_line_inside_quotes() {
    let tmp = TempDir::new().unwrap();
    // Cut off inside a quoted field: the line ends early, fewer fields.
    let f = write(
        tmp.path(),
        "order_lines.csv",
        format!("{ORDER_LINES_HEADER}U1,SKU-A,2,10,0\nU2,SKU-B,1,\"2"),
    );
    let errs = fail(std::slice::from_ref(&f));
    has_error(&errs, &f, 3, &["expected 5 fields", "found 4"]);
}

#[test]
fn bad_binary_file() {
    let tmp = TempDir::new().unwrap();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0".to_vec();
    png.extend((0u8..=255).cycle().take(2048));
    let f = write(tmp.path(), "orders.csv", png);
    let errs = fail(std::slice::from_ref(&f));
    // the first NUL byte is on line 3 (the PNG signature holds "\r\n" and "\n")
    has_error(&errs, &f, 3, &["binary"]);
}

#[test]
fn bad_file_among_good_ones_rolls_back_all() {
    // A good orders file and a good refund next to one bad line: nothing is written.
    let tmp = TempDir::new().unwrap();
    let orders = write(
        tmp.path(),
        "orders.csv",
        "order_id,store_id,ordered_at\nX1,AMZ-US,2026-10-20 10:00\n",
    );
    let lines = write(
        tmp.path(),
        "order_lines.csv",
        format!("{ORDER_LINES_HEADER}X1,SKU-A,1,10,0\nX1,SKU-B,1,1.5.0,0\n"),
    );
    let errs = fail(&[orders, lines.clone()]);
    has_cell_error(&errs, &lines, 3, "unit_price", "1.5.0");
    assert_eq!(errs.errors.len(), 1, "{:?}", errs.errors);
}

#[test]
fn failing_import_into_new_path_leaves_no_file() {
    let tmp = TempDir::new().unwrap();
    let wbdir = tmp.path().join("wb");
    std::fs::create_dir(&wbdir).unwrap();
    let path = wbdir.join("new.db");
    let mut files = small_files();
    // Everything valid except one refund of an unknown order.
    let bad = write(
        tmp.path(),
        "refunds-extra.csv",
        format!("{REFUNDS_HEADER}R99,NO-ORDER,2026-10-06 10:00,5,,,,\n"),
    );
    files.push(bad.clone());
    let err = import_files(&path, &files, &ImportOptions::default()).expect_err("must fail");
    let errs = err.downcast::<ImportErrors>().expect("ImportErrors");
    has_cell_error(&errs, &bad, 2, "order_id", "NO-ORDER");
    let left = snapshot(&wbdir);
    assert!(left.is_empty(), "files left behind: {:?}", left.keys());
}

// ── 3. encodings ───────────────────────────────────────────────────────────

const CN_STORE: &str = "天猫旗舰店（杭州）";
const CN_TITLE: &str = "西湖龙井绿茶礼盒 250克";
const CN_SKU: &str = "龙井-250g";

fn gbk(s: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(s);
    assert!(!unmappable, "text not representable in GBK: {s}");
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "GBK bytes happen to be valid UTF-8; auto-detection would not be tested"
    );
    bytes.into_owned()
}

fn cn_stores() -> String {
    format!(
        "store_id,channel,name,country,currency,timezone\nTM-CN,Tmall,{CN_STORE},CN,CNY,Asia/Shanghai\n"
    )
}

fn cn_skus() -> String {
    format!("sku,title,category\n{CN_SKU},{CN_TITLE},茶叶\n")
}

#[track_caller]
fn assert_cn_read_back(path: &Path, lines: bool) {
    let c = conn(path);
    let (name, tz): (String, String) = c
        .query_row(
            "SELECT name, timezone FROM stores WHERE store_id='TM-CN'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(name, CN_STORE);
    assert_eq!(tz, "Asia/Shanghai");
    let (title, cat): (String, String) = c
        .query_row(
            "SELECT title, category FROM skus WHERE sku=?1",
            [CN_SKU],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(title, CN_TITLE);
    assert_eq!(cat, "茶叶");
    if lines {
        let (qty, gross, d): (i64, i64, i64) = c
            .query_row(
                "SELECT l.qty, l.gross, o.day FROM order_lines l JOIN orders o USING (oid)
                 WHERE o.order_id='CN1' AND l.sku=?1",
                [CN_SKU],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        // 2026-10-31 20:00 in Shanghai is that local day; 2 × 88.8 CNY.
        assert_eq!((qty, gross, d), (2, 177_600_000, day(2026, 10, 31)));
    }
}

#[test]
fn gbk_and_bom_files_auto_detected() {
    let tmp = TempDir::new().unwrap();
    let src = tmp.path().join("in");
    std::fs::create_dir(&src).unwrap();
    let stores = write(&src, "stores.csv", gbk(&cn_stores()));
    let skus = write(&src, "skus.csv", gbk(&cn_skus()));
    // UTF-8 with BOM, referring to the GBK file's store and Chinese sku.
    let orders = write(
        &src,
        "orders.csv",
        "\u{feff}order_id,store_id,ordered_at,status\nCN1,TM-CN,2026-10-31 20:00,delivered\n",
    );
    let lines = write(
        &src,
        "order_lines.csv",
        format!("\u{feff}{ORDER_LINES_HEADER}CN1,{CN_SKU},2,88.8,0\n"),
    );
    let path = tmp.path().join("cn.db");
    let s = import_files(
        &path,
        &[stores, skus, orders, lines],
        &ImportOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e:#}"));
    assert!(
        s.warnings.is_empty(),
        "BOM must not leak into the header: {:?}",
        s.warnings
    );
    assert_cn_read_back(&path, true);
}

#[test]
fn gbk_forced() {
    let tmp = TempDir::new().unwrap();
    let stores = write(tmp.path(), "stores.csv", gbk(&cn_stores()));
    let skus = write(tmp.path(), "skus.csv", gbk(&cn_skus()));
    let path = tmp.path().join("cn.db");
    let opts = ImportOptions {
        encoding: Encoding::Gbk,
        ..Default::default()
    };
    import_files(&path, &[stores, skus], &opts).unwrap_or_else(|e| panic!("{e:#}"));
    assert_cn_read_back(&path, false);
}

#[test]
fn gbk_committed_fixture_with_bom_fixture() {
    // Files on disk: a GBK stores file and a BOM-prefixed UTF-8 skus file.
    let dir = import_fixture_dir();
    let files = [dir.join("stores-gbk.csv"), dir.join("skus-bom.csv")];
    let raw = std::fs::read(&files[0]).unwrap();
    assert!(std::str::from_utf8(&raw).is_err(), "fixture must be GBK");
    assert!(
        std::fs::read(&files[1])
            .unwrap()
            .starts_with(b"\xEF\xBB\xBF")
    );
    let tmp = TempDir::new().unwrap();
    let path = tmp.path().join("cn.db");
    import_files(&path, &files, &ImportOptions::default()).unwrap_or_else(|e| panic!("{e:#}"));
    let c = conn(&path);
    let name: String = c
        .query_row("SELECT name FROM stores WHERE store_id='JD-CN'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(name, "京东自营店");
    let title: String = c
        .query_row("SELECT title FROM skus WHERE sku='BJ-01'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(title, "白酒小瓶装 100毫升");
}

#[test]
fn gbk_file_forced_as_utf8_is_an_error() {
    let wb = base();
    let tmp = TempDir::new().unwrap();
    let f = write(tmp.path(), "skus.csv", gbk(&cn_skus()));
    let errs = fail_on(
        &wb,
        std::slice::from_ref(&f),
        &ImportOptions {
            encoding: Encoding::Utf8,
            ..Default::default()
        },
    );
    assert!(
        errs.errors
            .iter()
            .any(|e| e.starts_with(&f.display().to_string()) && e.contains("UTF-8")),
        "{:?}",
        errs.errors
    );
}

// ── 4. re-import and corrections ───────────────────────────────────────────

/// Every table's row count and the sums of its money / count columns.
fn summary(path: &Path) -> BTreeMap<String, String> {
    let c = conn(path);
    let mut out = BTreeMap::new();
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(tables.len() >= 20, "{tables:?}");
    for t in &tables {
        out.insert(format!("{t}.count"), count(&c, t).to_string());
    }
    let sums = [
        "order_lines.qty",
        "order_lines.gross",
        "order_lines.discount",
        "order_lines.oid",
        "orders.oid",
        "orders.is_first",
        "refunds.amount",
        "refunds.oid",
        "sku_costs.purchase",
        "ads.spend",
        "ads.ad_sales",
        "expenses.amount",
        "traffic.sessions",
        "inventory.on_hand",
        "shipments.oid",
        "r_line_day.gross",
        "r_line_day.discount",
        "r_line_day.units",
        "r_line_day.orders",
        "r_order_day.orders",
        "r_order_day.orders_all",
        "r_order_day.firsts",
        "r_line_day.firsts",
        "r_line_month.gross",
        "r_line_month.units",
        "r_order_month.orders",
    ];
    for s in sums {
        let (t, col) = s.split_once('.').unwrap();
        out.insert(
            s.to_string(),
            int(&c, &format!("SELECT coalesce(sum({col}), 0) FROM {t}")).to_string(),
        );
    }
    for s in ["gross_base", "discount_base", "cogs_base"] {
        let v: Option<String> = c
            .query_row(
                &format!("SELECT group_concat(coalesce({s}, 'null'), ',') FROM (SELECT {s} FROM r_line_month ORDER BY month, store_id, sku)"),
                [],
                |r| r.get(0),
            )
            .unwrap();
        out.insert(format!("r_line_month.{s}"), v.unwrap_or_default());
    }
    out
}

fn gmv_and_refunds(wb: &Imported) -> (String, String) {
    let rep = report(wb, "2026-10", Level::Store);
    let v = |id: &str| {
        rep.total
            .get_key(id)
            .and_then(|m| m.value)
            .map(|d| d.normalize().to_string())
            .unwrap_or_else(|| "undefined".into())
    };
    (v("gmv"), v("refunds"))
}

#[test]
fn reimport_same_files_changes_nothing() {
    let wb = base();
    let before = summary(&wb.path);
    let money_before = gmv_and_refunds(&wb);
    assert_eq!(money_before, ("312".to_string(), "42.5".to_string()));

    let s: ImportSummary =
        import_files(&wb.path, &small_files(), &ImportOptions::default()).expect("re-import");
    for t in &s.tables {
        assert_eq!(t.inserted, 0, "{}: re-import inserted rows: {t:?}", t.table);
        assert_eq!(t.replaced, t.read, "{}: {t:?}", t.table);
    }
    assert_eq!(summary(&wb.path), before);
    assert_eq!(gmv_and_refunds(&wb), money_before);

    // And once more, the files in reverse order of the call (same tables).
    let mut rev = small_files();
    rev.reverse();
    import_files(&wb.path, &rev, &ImportOptions::default()).expect("re-import reversed");
    assert_eq!(summary(&wb.path), before);
}

type LineRow = (String, String, i64, i64, i64);

fn all_lines(c: &Connection) -> Vec<LineRow> {
    c.prepare(
        "SELECT o.order_id, l.sku, l.qty, l.gross, l.discount
         FROM order_lines l JOIN orders o USING (oid) ORDER BY 1, 2",
    )
    .unwrap()
    .query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// r_line_day agrees with the raw lines of valid orders, per day, store and sku.
#[track_caller]
fn assert_rollup_agrees(c: &Connection) {
    let raw: Vec<(i64, String, String, i64, i64, i64)> = c
        .prepare(
            "SELECT o.day, o.store_id, l.sku, sum(l.qty), sum(l.gross), sum(l.discount)
             FROM order_lines l JOIN orders o USING (oid) WHERE o.status < 3
             GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let rolled: Vec<(i64, String, String, i64, i64, i64)> = c
        .prepare(
            "SELECT day, store_id, sku, units, gross, discount FROM r_line_day
             WHERE units > 0 OR gross <> 0 OR discount <> 0 ORDER BY 1, 2, 3",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rolled, raw, "r_line_day vs order_lines of valid orders");
    assert_eq!(
        int(c, "SELECT coalesce(sum(units), 0) FROM r_line_day"),
        int(
            c,
            "SELECT coalesce(sum(l.qty), 0) FROM order_lines l JOIN orders o USING (oid) WHERE o.status < 3"
        )
    );
}

#[test]
fn corrected_order_lines_replace_all_lines_of_the_order() {
    let wb = base();
    let before = {
        let c = conn(&wb.path);
        assert_rollup_agrees(&c);
        all_lines(&c)
    };
    // U3 had SKU-A 1 × 10 and SKU-C 1 × 30; the correction has only SKU-B 3 × 20 − 5.
    let f = import_fixture_dir().join("order_lines-u3-fix.csv");
    let s = import_files(&wb.path, &[f], &ImportOptions::default()).expect("import correction");
    let t = s.tables.iter().find(|t| t.table == "order_lines").unwrap();
    assert_eq!(t.read, 1);

    let c = conn(&wb.path);
    let after = all_lines(&c);
    let u3: Vec<&LineRow> = after.iter().filter(|l| l.0 == "U3").collect();
    assert_eq!(
        u3,
        vec![&("U3".to_string(), "SKU-B".to_string(), 3, 60 * M, 5 * M)]
    );
    let others =
        |v: &[LineRow]| -> Vec<LineRow> { v.iter().filter(|l| l.0 != "U3").cloned().collect() };
    assert_eq!(others(&after), others(&before), "other orders' lines");
    assert_eq!(after.len(), before.len() - 1);
    assert_rollup_agrees(&c);
    // October gmv: U3 was 40, now 55.
    drop(c);
    assert_eq!(gmv_and_refunds(&wb).0, "327");
}

#[test]
fn corrected_lines_of_a_cancelled_order_and_order_status_change() {
    // U5 (cancelled, A) gets new lines and becomes delivered in the same call;
    // U1 becomes cancelled: the rollups follow both.
    let wb = base();
    let tmp = TempDir::new().unwrap();
    let orders = write(
        tmp.path(),
        "orders-fix.csv",
        "order_id,store_id,ordered_at,customer_id,status\n\
         U5,AMZ-US,2026-10-15 08:00,C1,delivered\n\
         U1,AMZ-US,2026-10-02 10:00,C1,cancelled\n",
    );
    let lines = write(
        tmp.path(),
        "order_lines-fix.csv",
        format!("{ORDER_LINES_HEADER}U5,SKU-C,2,30,0\n"),
    );
    import_files(&wb.path, &[orders, lines], &ImportOptions::default()).expect("import");
    let c = conn(&wb.path);
    assert_rollup_agrees(&c);
    let u5: Vec<LineRow> = all_lines(&c).into_iter().filter(|l| l.0 == "U5").collect();
    assert_eq!(u5, vec![("U5".into(), "SKU-C".into(), 2, 60 * M, 0)]);
}

// ── 5. dry run ─────────────────────────────────────────────────────────────

#[test]
fn dry_run_reports_counts_and_writes_nothing() {
    let wb = base();
    let tmp = TempDir::new().unwrap();
    let refunds = write(
        tmp.path(),
        "refunds.csv",
        format!(
            "{REFUNDS_HEADER}R1,U1,2026-10-06 10:00,11,SKU-A,1,damaged,\nR9,U2,2026-10-16 10:00,3,,,,\nR10,S1,2026-10-16 10:00,4,,,,\n"
        ),
    );
    let files = vec![refunds, import_fixture_dir().join("order_lines-u3-fix.csv")];
    let before = snapshot(wb.dir.path());
    let opts = ImportOptions {
        dry_run: true,
        ..Default::default()
    };
    let s = import_files(&wb.path, &files, &opts).expect("dry run");
    assert!(s.dry_run);
    let t = |name: &str| s.tables.iter().find(|t| t.table == name).unwrap().clone();
    let r = t("refunds");
    assert_eq!((r.read, r.inserted, r.replaced), (3, 2, 1));
    let l = t("order_lines");
    assert_eq!((l.read, l.inserted, l.replaced), (1, 0, 1));
    assert_same_files(&before, &snapshot(wb.dir.path()));

    // The same files for real change the workbook and report the same counts.
    let real = import_files(&wb.path, &files, &ImportOptions::default()).expect("real");
    let r2 = real.tables.iter().find(|t| t.table == "refunds").unwrap();
    assert_eq!((r2.read, r2.inserted, r2.replaced), (3, 2, 1));
    assert_eq!(count(&conn(&wb.path), "refunds"), 7);
}

#[test]
fn dry_run_of_the_fixture_into_an_existing_empty_dir_reports_counts() {
    let tmp = TempDir::new().unwrap();
    let path = tmp.path().join("wb.db");
    let opts = ImportOptions {
        dry_run: true,
        ..Default::default()
    };
    let s = import_files(&path, &small_files(), &opts).expect("dry run");
    assert_eq!(s.rows(), 117);
    let orders = s.tables.iter().find(|t| t.table == "orders").unwrap();
    assert_eq!((orders.read, orders.inserted, orders.replaced), (20, 20, 0));
}

#[test]
fn dry_run_into_new_path_leaves_no_file() {
    let tmp = TempDir::new().unwrap();
    let path = tmp.path().join("wb.db");
    let opts = ImportOptions {
        dry_run: true,
        ..Default::default()
    };
    import_files(&path, &small_files(), &opts).expect("dry run");
    let left = snapshot(tmp.path());
    assert!(left.is_empty(), "files left behind: {:?}", left.keys());
}

// ── 6. error cap ───────────────────────────────────────────────────────────

#[test]
fn errors_are_capped_at_50_with_a_count_of_the_rest() {
    let tmp = TempDir::new().unwrap();
    let mut csv = REFUNDS_HEADER.to_string();
    for i in 0..60 {
        csv.push_str(&format!("RX{i},U1,2026-10-06 10:00,${i}.00,,,,\n"));
    }
    let f = write(tmp.path(), "refunds.csv", csv);
    let errs = fail(std::slice::from_ref(&f));
    assert_eq!(errs.errors.len(), 50, "{:?}", errs.errors);
    assert_eq!(errs.more, 10);
    for (i, line) in (2..=51).enumerate() {
        has_cell_error(&errs, &f, line, "amount", &format!("${i}.00"));
    }
    let shown = errs.to_string();
    assert!(shown.contains("10 more"), "{shown}");
    assert!(shown.contains("60 errors"), "{shown}");
}

#[test]
fn error_cap_is_configurable() {
    let tmp = TempDir::new().unwrap();
    let mut csv = REFUNDS_HEADER.to_string();
    for i in 0..12 {
        csv.push_str(&format!("RX{i},U1,2026-10-06 10:00,-{},,,,\n", i + 1));
    }
    let f = write(tmp.path(), "refunds.csv", csv);
    let errs = fail_on(
        &base(),
        std::slice::from_ref(&f),
        &ImportOptions {
            max_errors: 5,
            ..Default::default()
        },
    );
    assert_eq!((errs.errors.len(), errs.more), (5, 7));
}
