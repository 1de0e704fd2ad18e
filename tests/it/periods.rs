//! Period arithmetic (ISO week 53, quarter boundaries, leap-day YoY) and the
//! local-date rule for a late-evening order in a UTC−7 store, end to end.

use crate::common::*;
use chrono::NaiveDate;
use sellerdeck::domain::MetricId;
use sellerdeck::metrics::engine::Level;
use sellerdeck::period::{CompareMode, Grain, Period};

fn p(s: &str) -> Period {
    Period::parse(s).unwrap_or_else(|| panic!("parse {s}"))
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn range(p: &Period) -> (String, String) {
    (p.start.to_string(), p.end.to_string())
}

#[test]
fn iso_week_53() {
    // 2026 starts on a Thursday, so it has 53 ISO weeks; 2025 has 52.
    let w = p("2026-W53");
    assert_eq!(w.grain, Grain::Week);
    assert_eq!(range(&w), ("2026-12-28".into(), "2027-01-03".into()));
    assert_eq!(w.label(), "2026-W53");
    // previous: week 52 of the same ISO year
    let prev = w.compare(CompareMode::Prev);
    assert_eq!(prev.label(), "2026-W52");
    assert_eq!(range(&prev), ("2026-12-21".into(), "2026-12-27".into()));
    // year over year: the previous ISO year has no week 53 → its week 52
    let yoy = w.compare(CompareMode::Yoy);
    assert_eq!(yoy.label(), "2025-W52");
    assert_eq!(range(&yoy), ("2025-12-22".into(), "2025-12-28".into()));
    // the week after W53 is 2027-W01, and W01's previous is W53 again
    assert_eq!(w.next().label(), "2027-W01");
    assert_eq!(p("2027-W01").previous().label(), "2026-W53");
    // a year without week 53 rejects it; a date in W53 (Jan 3, 2027) is in 2026-W53
    assert!(Period::parse("2025-W53").is_none());
    assert_eq!(
        Period::containing(Grain::Week, day("2027-01-03")).label(),
        "2026-W53"
    );
    // 2020 (a leap year starting on Wednesday) has 53 weeks too; 2019 has 52
    assert_eq!(p("2021-W01").compare(CompareMode::Yoy).label(), "2020-W01");
    assert_eq!(p("2020-W53").compare(CompareMode::Yoy).label(), "2019-W52");
}

#[test]
fn quarter_boundaries() {
    let q1 = p("2026-Q1");
    assert_eq!(range(&q1), ("2026-01-01".into(), "2026-03-31".into()));
    assert_eq!(q1.days(), 90);
    // previous of Q1 is Q4 of the year before
    let prev = q1.compare(CompareMode::Prev);
    assert_eq!(prev.label(), "2025-Q4");
    assert_eq!(range(&prev), ("2025-10-01".into(), "2025-12-31".into()));
    assert_eq!(q1.compare(CompareMode::Yoy).label(), "2025-Q1");
    // the last day of a quarter and the first of the next
    assert_eq!(
        Period::containing(Grain::Quarter, day("2026-03-31")).label(),
        "2026-Q1"
    );
    assert_eq!(
        Period::containing(Grain::Quarter, day("2026-04-01")).label(),
        "2026-Q2"
    );
    assert_eq!(
        Period::containing(Grain::Quarter, day("2026-12-31")).label(),
        "2026-Q4"
    );
    assert_eq!(
        range(&p("2026-Q2")),
        ("2026-04-01".into(), "2026-06-30".into())
    );
    assert_eq!(
        range(&p("2026-Q3")),
        ("2026-07-01".into(), "2026-09-30".into())
    );
    assert_eq!(p("2026-Q4").next().label(), "2027-Q1");
    // a leap year's Q1 has 91 days
    assert_eq!(p("2024-Q1").days(), 91);
    assert!(Period::parse("2026-Q0").is_none());
    assert!(Period::parse("2026-Q5").is_none());
}

#[test]
fn leap_day_year_over_year() {
    // a day maps to the same month/day a year earlier; Feb 29 → Feb 28
    let leap = p("2024-02-29");
    assert_eq!(leap.compare(CompareMode::Yoy).label(), "2023-02-28");
    assert_eq!(leap.compare(CompareMode::Prev).label(), "2024-02-28");
    assert_eq!(
        p("2024-03-01").compare(CompareMode::Prev).label(),
        "2024-02-29"
    );
    // months: February 2024 has 29 days, its YoY 28
    let feb = p("2024-02");
    assert_eq!(feb.days(), 29);
    let yoy = feb.compare(CompareMode::Yoy);
    assert_eq!(range(&yoy), ("2023-02-01".into(), "2023-02-28".into()));
    // previous of March 2024 is all of February 2024
    assert_eq!(
        range(&p("2024-03").previous()),
        ("2024-02-01".into(), "2024-02-29".into())
    );
    // a custom range shifts both ends one year (Feb 29 → Feb 28) ...
    let custom = p("2024-02-10..2024-02-29");
    assert_eq!(
        range(&custom.compare(CompareMode::Yoy)),
        ("2023-02-10".into(), "2023-02-28".into())
    );
    // ... and its previous is the same number of days right before, even for a whole month
    let whole = p("2024-02-01..2024-02-29");
    assert_eq!(
        range(&whole.compare(CompareMode::Prev)),
        ("2024-01-03".into(), "2024-01-31".into())
    );
    // 2025-02-28's YoY is 2024-02-28 (not the leap day)
    assert_eq!(
        p("2025-02-28").compare(CompareMode::Yoy).label(),
        "2024-02-28"
    );
}

/// An order at 23:30 local time on 2026-10-31 in a UTC−7 store (PDT) belongs to October,
/// whether written as local time or as RFC 3339 in UTC; 00:30 local on Nov 1 belongs to November.
#[test]
fn late_order_in_utc_minus_7_store_lands_in_its_local_month() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        (
            "stores.csv",
            "store_id,channel,name,country,currency,timezone\n\
             AMZ-US,Amazon,Amazon US,US,USD,America/Los_Angeles\n\
             SHOP-DE,Shopify,Shop DE,DE,USD,Europe/Berlin\n",
        ),
        ("skus.csv", "sku,title\nSKU-A,A\n"),
        (
            "orders.csv",
            "order_id,store_id,ordered_at,customer_id,status\n\
             L1,AMZ-US,2026-10-31 23:30,C1,placed\n\
             L2,AMZ-US,2026-11-01T06:30:00Z,C2,placed\n\
             L3,AMZ-US,2026-10-31T23:30:00-07:00,C3,placed\n\
             N1,AMZ-US,2026-11-01T07:30:00Z,C4,placed\n\
             B1,SHOP-DE,2026-10-31T23:30:00Z,C5,placed\n",
        ),
        (
            "order_lines.csv",
            "order_id,sku,qty,unit_price\nL1,SKU-A,1,10\nL2,SKU-A,1,20\nL3,SKU-A,1,40\nN1,SKU-A,1,80\nB1,SKU-A,1,160\n",
        ),
    ];
    for (name, body) in files {
        std::fs::write(dir.path().join(name), body).unwrap();
    }
    let wb = import_dir(dir.path());

    // October, AMZ-US: L1 (local), L2 (06:30Z = 23:30 PDT), L3 (−07:00) → 3 orders, gmv 70.
    // B1 (23:30Z = 00:30 CET on Nov 1 in Berlin) is November's.
    let oct = report(&wb, "2026-10", Level::Store);
    let us = row(&oct, "AMZ-US");
    exact(us, "orders", "3");
    exact(us, "gmv", "70");
    exact(&oct.total, "orders", "3");
    assert!(oct.rows.iter().all(|r| r.key != "SHOP-DE"));

    // the last day of October on its own
    let last = report(&wb, "2026-10-31", Level::Total);
    exact(&last.total, "orders", "3");

    // November: N1 (07:30Z = 00:30 PDT Nov 1) and B1 → 2 orders, gmv 240. The data end is
    // Nov 1, so November runs and is compared with October's first day (rule 13): no orders;
    // the whole of October sees the three
    let nov = report(&wb, "2026-11", Level::Store);
    exact(row(&nov, "AMZ-US"), "orders", "1");
    exact(row(&nov, "SHOP-DE"), "orders", "1");
    exact(&nov.total, "gmv", "240");
    assert!(nov.running);
    assert_eq!(
        (nov.span.end, nov.compare.end),
        (
            NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()
        )
    );
    assert_eq!(
        nov.total.get(MetricId::Orders).unwrap().compare,
        Some(d("0"))
    );

    // the ISO week containing Oct 31 (2026-W44: Oct 26 – Nov 1) holds all five
    let week = report(&wb, "2026-W44", Level::Total);
    exact(&week.total, "orders", "5");
}
