//! A tab's refresh computes only the fact groups its metrics read
//! (`Needs::of_panel`): every metric of the tab must come out exactly as in the
//! full report, on every row, at every level. Fails when a metric's `reads` is
//! narrower than what its formula uses.

use std::collections::HashMap;
use std::path::Path;

use sellerdeck::catalogue::{self, MetricId, Panel, Role};
use sellerdeck::metrics::engine::{Level, Needs};
use sellerdeck::metrics::report::{self, MetricValue, Report, Request, Row};
use sellerdeck::period::{CompareMode, Period};
use sellerdeck::workbook::Workbook;

const LEVELS: [Level; 4] = [Level::Total, Level::Channel, Level::Store, Level::Sku];

/// The metrics a tab shows: its own, and on the Overview the owner's cards.
fn tab_metrics(p: Panel) -> Vec<MetricId> {
    let mut ids: Vec<MetricId> = catalogue::panel_metrics(p).map(|m| m.id).collect();
    if p == Panel::Overview {
        ids.extend(Role::Owner.cards().iter().copied());
    }
    ids
}

fn rows_by_key(rep: &Report) -> HashMap<&str, &Row> {
    let mut m: HashMap<&str, &Row> = rep.rows.iter().map(|r| (r.key.as_str(), r)).collect();
    m.insert("(scope total)", &rep.total);
    m
}

/// Compares every tab's partial report with the full one; the mismatches, if any.
fn mismatches(path: &Path, period: &str) -> Vec<String> {
    let wb = Workbook::open_read(path).expect("open workbook");
    let master = wb.master().expect("master data");
    let mut bad = Vec::new();
    for level in LEVELS {
        let req = Request {
            period: Period::parse(period).expect("period"),
            compare: CompareMode::Prev,
            level,
            under: vec![],
            all_rows: false,
        };
        let full = report::build(&wb, &master, &req).expect("full report");
        let full_rows = rows_by_key(&full);
        for p in Panel::ALL {
            let part = report::build_for(&wb, &master, &req, Needs::of_panel(Some(p)))
                .expect("partial report");
            for (key, row) in rows_by_key(&part) {
                let Some(whole) = full_rows.get(key) else {
                    bad.push(format!("{p:?} {level:?}: row {key} not in the full report"));
                    continue;
                };
                for id in tab_metrics(p) {
                    let (a, b): (Option<&MetricValue>, Option<&MetricValue>) =
                        (row.get(id), whole.get(id));
                    if a != b {
                        bad.push(format!(
                            "{p:?} {level:?} row {key} {}: partial {a:?} != full {b:?}",
                            id.as_str()
                        ));
                    }
                }
            }
            // a row the full report lists with a tab metric set must be listed too
            let part_rows = rows_by_key(&part);
            for (key, whole) in &full_rows {
                let shown = tab_metrics(p).iter().any(|id| {
                    whole.value(*id).is_some_and(|v| {
                        !v.is_zero() && id.def().is_additive_at(level == Level::Sku)
                    })
                });
                if shown && !part_rows.contains_key(key) {
                    bad.push(format!(
                        "{p:?} {level:?}: row {key} missing from the partial report"
                    ));
                }
            }
        }
    }
    bad
}

fn assert_none(bad: Vec<String>) {
    assert!(
        bad.is_empty(),
        "{} mismatches:\n{}",
        bad.len(),
        bad[..bad.len().min(40)].join("\n")
    );
}

#[test]
fn every_tab_matches_the_full_report_on_the_hand_fixture() {
    let wb = crate::common::small();
    assert_none(mismatches(&wb.path, "2026-10"));
}

#[test]
fn every_tab_matches_the_full_report_on_sample_db() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample.db");
    assert_none(mismatches(&sample, "2026-10"));
}

/// The cards' trends computed together (one engine run per period for the union
/// of their reads) equal each trend computed alone, for every role's cards, at
/// the total and at a drill row, on `sample.db` (where they are not all zero).
#[test]
fn shared_trends_equal_each_trend_alone() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample.db");
    let wb = Workbook::open_read(&sample).expect("open workbook");
    let master = wb.master().expect("master data");
    let mut cards: Vec<MetricId> = Vec::new();
    for r in catalogue::ROLES {
        for m in r.0.cards() {
            if !cards.contains(m) {
                cards.push(*m);
            }
        }
    }
    for (level, row) in [(Level::Total, ""), (Level::Channel, "Amazon")] {
        let req = Request {
            period: Period::parse("2026-10").expect("period"),
            compare: CompareMode::Prev,
            level,
            under: vec![],
            all_rows: false,
        };
        let together = report::trends(&wb, &master, &req, row, &cards, 6).expect("trends");
        assert_eq!(together.len(), cards.len());
        let mut defined = 0;
        for (m, v) in cards.iter().zip(&together) {
            let alone = report::trend(&wb, &master, &req, row, *m, 6).expect("trend");
            assert_eq!(v, &alone, "{level:?} {row} {}", m.as_str());
            defined += v.iter().flatten().count();
        }
        assert!(
            defined > cards.len(),
            "{level:?}: the trends are mostly undefined"
        );
    }
}

/// A store's SKU report reads its refunds, expenses and their split lines for
/// that store alone on a fresh connection, but every store's (shared through the
/// memo) after an unscoped report of the same period, and a sibling connection
/// starts with that memo. The report is the same in all three ways, for every
/// store, on the fixture and on `sample.db`.
#[test]
fn a_store_report_is_the_same_alone_after_an_unscoped_one_and_on_a_sibling() {
    let small = crate::common::small();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample.db");
    for path in [small.path.clone(), sample] {
        let req = |level: Level, under: Vec<String>| Request {
            period: Period::parse("2026-10").expect("period"),
            compare: CompareMode::Prev,
            level,
            under,
            all_rows: true,
        };
        let batch = Workbook::open_read(&path).expect("open workbook");
        let master = batch.master().expect("master data");
        // what the split reads feed: sales (the weights), refunds and expenses
        let profit = Needs {
            sales: true,
            refunds: true,
            expenses: true,
            ..Needs::NONE
        };
        report::build_for(&batch, &master, &req(Level::Store, vec![]), profit).expect("unscoped");
        let sibling = batch.open_sibling().expect("sibling");
        let stores = sellerdeck::metrics::alerts::stores_in(&master, &[]);
        assert!(stores.len() >= 2, "{}: stores", path.display());
        let mut refunded = 0;
        for under in stores {
            let r = req(Level::Sku, under.clone());
            let alone = Workbook::open_read(&path).expect("open workbook");
            let build = |wb: &Workbook| report::build_for(wb, &master, &r, profit).expect("report");
            let want = build(&alone);
            assert_eq!(build(&batch), want, "{under:?} after an unscoped report");
            assert_eq!(build(&sibling), want, "{under:?} on a sibling");
            let refunds = want.total.value(MetricId::Refunds);
            refunded += usize::from(refunds.is_some_and(|v| !v.is_zero()));
        }
        assert!(refunded >= 2, "{}: refunds mostly zero", path.display());
    }
}
