//! The JSON machine contract of `sellerdeck report`, as insta snapshots of the
//! small fixture's reports (`cargo insta review` or `INSTA_UPDATE=always` to update).

use clap::ValueEnum;
use sellerdeck::catalogue::Lang;
use sellerdeck::cli::{CompareArg, FormatArg, LevelArg, PanelArg, ReportArgs, report_text};

fn args(wb: &crate::common::Imported, level: &str, under: Option<&str>, panel: &str) -> ReportArgs {
    ReportArgs {
        workbook: wb.path.clone(),
        period: Some("2026-10".into()),
        compare: CompareArg::Prev,
        level: LevelArg::from_str(level, true).expect("a level"),
        under: under.map(str::to_string),
        panel: PanelArg::from_str(panel, true).expect("a panel"),
        format: FormatArg::Json,
        all_rows: false,
        cohorts: false,
        alerts: false,
        actions: None,
    }
}

/// `sellerdeck report <fixture> --period 2026-10 --level store --format json`
#[test]
fn store_level_json() {
    let wb = crate::common::small();
    let out = report_text(&args(&wb, "store", None, "all"), Lang::En).expect("report");
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid json");
    // schema essentials, independent of the snapshot
    assert_eq!(v["base_currency"], "USD");
    assert_eq!(v["period"]["label"], "2026-10");
    assert_eq!(v["compare"]["label"], "2026-09");
    assert_eq!(v["level"], "store");
    assert_eq!(v["total"]["metrics"]["gmv"]["value"], "312");
    assert_eq!(v["total"]["metrics"]["gmv"]["target"], "300");
    assert!(v["total"]["metrics"]["share"]["value"].is_null());
    let keys: Vec<&str> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["AMZ-US", "AMZ-DE", "SHOP-US", "(unattributed)"]);
    insta::assert_snapshot!("store_level_all_panels", out);
}

/// `--level store --under Amazon --panel ads`: a scoped, single-panel report
#[test]
fn scoped_ads_panel_json() {
    let wb = crate::common::small();
    let out = report_text(&args(&wb, "store", Some("Amazon"), "ads"), Lang::En).expect("report");
    insta::assert_snapshot!("store_under_amazon_ads", out);
}
