//! External KPIs (metrics.csv): the report carries each series' newest value in
//! the period and in the comparison period, for the scope's own level and key.

mod common;

use std::path::Path;

use rust_decimal::Decimal;
use sellerdeck::metrics::engine::Level;
use sellerdeck::metrics::report::{self, Request};
use sellerdeck::period::{CompareMode, Period};
use sellerdeck::workbook::Workbook;

#[test]
fn newest_value_in_each_period_and_its_change() {
    let tmp = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small");
    for f in common::csv_files(&fixture) {
        std::fs::copy(&f, tmp.path().join(f.file_name().unwrap())).unwrap();
    }
    std::fs::write(
        tmp.path().join("metrics.csv"),
        "date,metric,value,level,key,label\n\
         2026-09-01,brand_search_volume,8000,,,\n\
         2026-09-15,brand_search_volume,9000,,,\n\
         2026-10-01,brand_search_volume,9900,,,\n\
         2026-10-01,social_followers,5000,channel,Amazon,\n",
    )
    .unwrap();
    let wb_dir = common::import_dir(tmp.path());
    let wb = Workbook::open_read(&wb_dir.path).unwrap();
    let master = wb.master().unwrap();
    let req = |level, under: Vec<String>| Request {
        period: Period::parse("2026-10").unwrap(),
        compare: CompareMode::Prev,
        level,
        under,
        all_rows: false,
    };
    let rep = report::build(&wb, &master, &req(Level::Channel, vec![])).unwrap();
    // Only the total-level series belongs to the unscoped report.
    assert_eq!(rep.external.len(), 1);
    let e = &rep.external[0];
    assert_eq!(e.metric, "brand_search_volume");
    // October's newest point is 9900; September's newest is 9000 (not 8000).
    assert_eq!(e.value.unwrap().1, Decimal::from(9900));
    assert_eq!(e.compare.unwrap().1, Decimal::from(9000));
    assert_eq!(e.change(), Some(Decimal::new(1, 1))); // (9900 − 9000) / 9000 = 0.1
    // Under Amazon, the channel's own series; it has no September point.
    let rep = report::build(&wb, &master, &req(Level::Store, vec!["Amazon".into()])).unwrap();
    assert_eq!(rep.external.len(), 1);
    assert_eq!(rep.external[0].metric, "social_followers");
    assert_eq!(rep.external[0].compare, None);
    assert_eq!(rep.external[0].change(), None);
}
