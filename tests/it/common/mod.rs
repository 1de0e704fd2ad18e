//! Shared helpers of the integration tests: import canonical CSV files into a
//! fresh workbook in a temporary directory and build reports from it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use sellerdeck::metrics::engine::Level;
use sellerdeck::metrics::report::{self, Report, Request, Row};
use sellerdeck::period::{CompareMode, Period};
use sellerdeck::workbook::Workbook;
use sellerdeck::workbook::import::{ImportOptions, import_files};
use tempfile::TempDir;

/// A workbook imported into a temporary directory (deleted on drop).
pub struct Imported {
    pub dir: TempDir,
    pub path: PathBuf,
}

/// The canonical CSV files of a directory, sorted by name.
pub fn csv_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read fixture dir")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    files
}

/// Imports every CSV of `dir` into a new workbook, in one call.
pub fn import_dir(dir: &Path) -> Imported {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("wb.db");
    import_files(&path, &csv_files(dir), &ImportOptions::default())
        .unwrap_or_else(|e| panic!("import of {} failed: {e:#}", dir.display()));
    Imported { dir: tmp, path }
}

pub fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small")
}

/// The small hand-built fixture, imported.
pub fn small() -> Imported {
    import_dir(&fixture_dir())
}

pub fn report_at(
    wb: &Imported,
    period: &str,
    compare: CompareMode,
    level: Level,
    under: &[&str],
) -> Report {
    let book = Workbook::open_read(&wb.path).expect("open workbook");
    let master = book.master().expect("master data");
    let req = Request {
        period: Period::parse(period).expect("period"),
        compare,
        level,
        under: under.iter().map(|s| s.to_string()).collect(),
        all_rows: false,
    };
    report::build(&book, &master, &req).expect("report")
}

pub fn report(wb: &Imported, period: &str, level: Level) -> Report {
    report_at(wb, period, CompareMode::Prev, level, &[])
}

/// The drill row with `key` (panics with the listed keys when absent).
pub fn row<'a>(rep: &'a Report, key: &str) -> &'a Row {
    rep.rows.iter().find(|r| r.key == key).unwrap_or_else(|| {
        let keys: Vec<&str> = rep.rows.iter().map(|r| r.key.as_str()).collect();
        panic!("no row {key}; rows: {keys:?}")
    })
}

pub fn d(s: &str) -> Decimal {
    s.parse()
        .unwrap_or_else(|_| panic!("bad decimal literal {s}"))
}

/// a / b as the engine would compute it (28 significant digits).
pub fn q(a: impl Into<Decimal>, b: impl Into<Decimal>) -> Decimal {
    a.into() / b.into()
}

pub fn value(row: &Row, id: &str) -> Option<Decimal> {
    row.metrics
        .get(id)
        .unwrap_or_else(|| panic!("row {}: metric {id} missing", row.key))
        .value
}

/// The value is exactly `want` (a decimal literal).
#[track_caller]
pub fn exact(row: &Row, id: &str, want: &str) {
    assert_eq!(
        value(row, id),
        Some(d(want)),
        "row {:?} metric {id}",
        row.key
    );
}

/// The value equals `want` to 20 significant digits (repeating decimals, splits).
#[track_caller]
pub fn near(row: &Row, id: &str, want: Decimal) {
    near_tol(row, id, want, Decimal::new(1, 20));
}

#[track_caller]
pub fn near_tol(row: &Row, id: &str, want: Decimal, rel: Decimal) {
    let got = value(row, id)
        .unwrap_or_else(|| panic!("row {:?} metric {id}: undefined, want {want}", row.key));
    let tol = rel * want.abs().max(Decimal::ONE);
    assert!(
        (got - want).abs() <= tol,
        "row {:?} metric {id}: got {got}, want {want}",
        row.key
    );
}

/// The value is undefined (null), never 0.
#[track_caller]
pub fn undefined(row: &Row, id: &str) {
    assert_eq!(value(row, id), None, "row {:?} metric {id}", row.key);
}
