//! Rule 18 alerts on the committed `sample.db` (2026-10): the cockpit's Overview and
//! `report --alerts` list the same ranked alerts; the month's real story (AMZ-UK's
//! runaway ads) is in the top three; no alert rests on a thin base; the SKU-level
//! list is short and every entry carries its money at stake.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use sellerdeck::app::App;
use sellerdeck::catalogue::{Lang, MetricId, Panel};
use sellerdeck::metrics::alerts;
use sellerdeck::metrics::engine::Level;
use sellerdeck::metrics::report::{self, Request};
use sellerdeck::period::{CompareMode, Period};
use sellerdeck::workbook::Workbook;

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample.db")
}

fn october() -> Period {
    Period::parse("2026-10").unwrap()
}

#[test]
fn cockpit_and_report_list_the_same_ranked_alerts() {
    let wb = Workbook::open_read(&sample()).unwrap();
    let master = Arc::new(wb.master().unwrap());
    let mut app = App::new(
        "sample.db".into(),
        october(),
        Lang::En,
        false,
        sellerdeck::app::ColorMode::Never,
    );
    app.tab = Panel::ALL
        .iter()
        .position(|p| *p == Panel::Overview)
        .unwrap();
    sellerdeck::worker::fill_sync(&wb, &master, &mut app);
    let shown = &app.ranked;
    assert!(!shown.is_empty());

    let out = Command::new(env!("CARGO_BIN_EXE_sellerdeck"))
        .args(["report"])
        .arg(sample())
        .args(["--period", "2026-10", "--alerts", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), shown.len(), "the same number of alerts");
    for (a, r) in shown.iter().zip(rows) {
        assert_eq!(r["path"], alerts::path_label(alerts::shown_path(a), " › "));
        let label = a.metric.def().label(Lang::En);
        assert_eq!(r["metric"], label);
        assert_eq!(
            r["impact"].as_str().map(String::from),
            a.impact.map(|i| i.normalize().to_string())
        );
    }
}

#[test]
fn the_runaway_uk_ads_are_a_top_three_alert_and_no_alert_is_thin() {
    let wb = Workbook::open_read(&sample()).unwrap();
    let master = wb.master().unwrap();
    let ranked = alerts::ranked(&wb, &master, october(), CompareMode::Prev, &[]).unwrap();
    let uk_ads = ranked.iter().take(3).any(|a| {
        alerts::shown_path(a).iter().any(|p| p == "AMZ-UK")
            && (a.metric == MetricId::Acos || a.also.contains(&MetricId::Acos))
    });
    assert!(uk_ads, "top three: {:#?}", &ranked[..3]);
    // ranked by money at stake, biggest first; each cause once per row
    for w in ranked.windows(2) {
        assert!(w[0].impact >= w[1].impact);
    }
    for a in &ranked {
        if let Some(n) = a.base {
            assert!(n >= master.min_base, "{a:?} rests on n = {n}");
        }
        let twins = ranked
            .iter()
            .filter(|b| {
                b.path == a.path && b.metric.def().cause_key() == a.metric.def().cause_key()
            })
            .count();
        assert_eq!(twins, 1, "one alert per cause on {:?}", a.path);
    }
}

#[test]
fn the_sku_level_alert_list_is_short_and_every_entry_has_money_at_stake() {
    let wb = Workbook::open_read(&sample()).unwrap();
    let master = wb.master().unwrap();
    let req = Request {
        period: october(),
        compare: CompareMode::Prev,
        level: Level::Sku,
        under: vec![],
        all_rows: false,
    };
    let rep = report::build(&wb, &master, &req).unwrap();
    assert!(
        rep.alerts.len() < 60,
        "{} SKU-level alerts",
        rep.alerts.len()
    );
    let sku_alerts: Vec<_> = rep.alerts.iter().filter(|a| !a.path.is_empty()).collect();
    assert!(!sku_alerts.is_empty());
    for a in sku_alerts {
        assert!(
            a.impact.is_some_and(|i| i > rust_decimal::Decimal::ZERO),
            "{a:?}"
        );
    }
}
