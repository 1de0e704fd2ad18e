//! External KPIs (metrics.csv): the report carries each series' newest value in
//! the period and in the comparison period, for the scope's own level and key.

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
    for f in crate::common::csv_files(&fixture) {
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
    let wb_dir = crate::common::import_dir(tmp.path());
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

#[test]
fn external_kpis_take_targets_and_thresholds() {
    let tmp = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small");
    for f in crate::common::csv_files(&fixture) {
        std::fs::copy(&f, tmp.path().join(f.file_name().unwrap())).unwrap();
    }
    std::fs::write(
        tmp.path().join("metrics.csv"),
        "date,metric,value,level,key,label\n\
         2026-10-01,brand_search_volume,9900,,,\n\
         2026-10-01,compliance_cost_share,0.04,,,\n",
    )
    .unwrap();
    // targets of external KPIs import next to the catalogue's
    let mut targets = std::fs::read_to_string(tmp.path().join("targets.csv")).unwrap();
    targets.push_str("2026-10,total,,brand_search_volume,11000\n");
    std::fs::write(tmp.path().join("targets.csv"), targets).unwrap();
    let wb_dir = crate::common::import_dir(tmp.path());
    // thresholds: GOOD above BAD for higher-is-better, below it for lower-is-better
    let bin = env!("CARGO_BIN_EXE_sellerdeck");
    for (k, v) in [
        ("threshold.brand_search_volume", "10000/5000"),
        ("threshold.compliance_cost_share", "0.02/0.05"),
    ] {
        let out = std::process::Command::new(bin)
            .arg("config")
            .arg(&wb_dir.path)
            .args([k, v])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let bad = std::process::Command::new(bin)
        .arg("config")
        .arg(&wb_dir.path)
        .args(["threshold.brand_search_volume", "5/5"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    let wb = Workbook::open_read(&wb_dir.path).unwrap();
    let master = wb.master().unwrap();
    let req = Request {
        period: Period::parse("2026-10").unwrap(),
        compare: CompareMode::Prev,
        level: Level::Channel,
        under: vec![],
        all_rows: false,
    };
    let rep = report::build(&wb, &master, &req).unwrap();
    let ext = |m: &str| rep.external.iter().find(|e| e.metric == m).unwrap();
    let bsv = ext("brand_search_volume");
    let d = |s: &str| s.parse::<Decimal>().unwrap();
    assert_eq!(bsv.target, Some((d("11000"), Some(d("0.9")))));
    // 9900 between 5000 (bad) and 10000 (good)
    assert_eq!(bsv.health, Some(sellerdeck::catalogue::Health::Warn));
    // 4% between 2% (good) and 5% (bad), lower is better
    assert_eq!(
        ext("compliance_cost_share").health,
        Some(sellerdeck::catalogue::Health::Warn)
    );
}
