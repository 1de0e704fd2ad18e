//! Key sequences → state, without a terminal or a workbook: a fake worker
//! answers every report query with rows named after the level.

use std::collections::BTreeMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::*;
use crate::app::actions::Effect;
use crate::catalogue::Lang;
use crate::metrics::report::{MetricValue, Report, Row};
use crate::period::{CompareMode, Grain, Period};

fn row(key: &str, path: Vec<String>, gmv: i64) -> Row {
    let mut metrics = BTreeMap::new();
    metrics.insert(
        "gmv".to_string(),
        MetricValue {
            value: Some(Decimal::from(gmv)),
            ..Default::default()
        },
    );
    metrics.insert(
        "share".to_string(),
        MetricValue {
            value: Some(Decimal::from(100 - gmv)),
            ..Default::default()
        },
    );
    Row {
        key: key.into(),
        label: key.into(),
        path,
        unattributed: false,
        metrics,
    }
}

fn fake(k: &ViewKey) -> Report {
    let rows = match k.level {
        Level::Channel => vec![
            row("Amazon", vec!["Amazon".into()], 60),
            row("Shopify", vec!["Shopify".into()], 30),
        ],
        Level::Store => vec![
            row("AMZ-US", vec![k.under[0].clone(), "AMZ-US".into()], 40),
            row("AMZ-CA", vec![k.under[0].clone(), "AMZ-CA".into()], 20),
        ],
        _ => ["KNF-1", "MUG-1", "TENT-1"]
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let mut p = k.under.clone();
                p.push(s.to_string());
                row(s, p, 10 + i as i64)
            })
            .collect(),
    };
    Report {
        base_currency: "USD".into(),
        period: k.period,
        span: k.period,
        running: false,
        maturing_until: None,
        compare_mode: k.compare,
        compare: k.period.compare(k.compare),
        level: k.level,
        under: k.under.clone(),
        total: row("(total)", k.under.clone(), 90),
        rows,
        alerts: vec![],
        warnings: vec![],
        missing_costs: vec![],
        external: vec![],
    }
}

/// Answers every query like the worker would.
fn pump(app: &mut App) {
    for _ in 0..4 {
        for q in needs(app) {
            let a = match &q {
                Query::Report(k) => Answer::Report(k.clone(), Ok(Arc::new(fake(k)))),
                Query::Trend(t) => Answer::Trend(t.clone(), vec![None; TREND_LEN]),
                Query::Latest => Answer::Latest(Some(crate::util::day_of(
                    chrono::NaiveDate::from_ymd_opt(2026, 11, 3).unwrap(),
                ))),
                q => Answer::Failed(q.clone(), String::new()),
            };
            apply(app, a);
        }
    }
}

fn app() -> App {
    let mut a = App::new(
        "t.db".into(),
        Period::parse("2026-10").unwrap(),
        Lang::En,
        false,
        ColorMode::Never,
    );
    pump(&mut a);
    a
}

fn keys(app: &mut App, ks: &[Key]) {
    for k in ks {
        handle_key(app, *k);
        pump(app);
    }
}

use Key::*;

#[test]
fn tabs_and_drill_down_and_back_restore_the_level() {
    let mut a = app();
    keys(&mut a, &[Char('2')]);
    assert_eq!(a.panel(), crate::catalogue::Panel::Growth);
    assert_eq!(a.level().level, Level::Channel);
    keys(&mut a, &[Enter]);
    assert_eq!(a.level().level, Level::Store);
    assert_eq!(a.level().under, vec!["Amazon".to_string()]);
    // Select AMZ-CA, sort, filter, then go down and come back.
    keys(&mut a, &[Char('j'), Char('s'), Char('S')]);
    assert_eq!(a.level().sort, Some((0, false)));
    assert_eq!(a.selected_key(), "AMZ-CA");
    keys(&mut a, &[Char('/'), Char('a'), Char('m'), Enter]);
    assert_eq!(a.level().filter, "am");
    keys(&mut a, &[Char('G')]);
    let sel = a.selected_key();
    keys(&mut a, &[Right]);
    assert_eq!(a.level().level, Level::Sku);
    assert_eq!(a.level().under, vec!["Amazon".to_string(), sel.clone()]);
    keys(&mut a, &[Char('G'), Enter]);
    assert_eq!(a.overlay, Overlay::Detail("TENT-1".into()));
    assert_eq!(a.breadcrumb().last().map(String::as_str), Some("TENT-1"));
    keys(&mut a, &[Esc]);
    assert_eq!(a.overlay, Overlay::None);
    keys(&mut a, &[Backspace]);
    assert_eq!(a.level().level, Level::Store);
    assert_eq!(a.level().sort, Some((0, false)));
    assert_eq!(a.level().filter, "am");
    assert_eq!(a.selected_key(), sel);
    // Esc clears the filter first, then goes up.
    keys(&mut a, &[Esc]);
    assert_eq!(a.level().filter, "");
    assert_eq!(a.level().level, Level::Store);
    keys(&mut a, &[Esc]);
    assert_eq!(a.level().level, Level::Channel);
    // Other tabs keep their own stacks.
    keys(&mut a, &[Char('3')]);
    assert_eq!(a.level().level, Level::Channel);
    keys(&mut a, &[BackTab]);
    assert_eq!(a.tab, 1);
}

#[test]
fn periods_grain_compare_latest() {
    let mut a = app();
    keys(&mut a, &[Char('[')]);
    assert_eq!(a.period.label(), "2026-09");
    keys(&mut a, &[Char(']'), Char(']')]);
    assert_eq!(a.period.label(), "2026-11");
    keys(&mut a, &[Char('p')]);
    assert_eq!(a.period.grain, Grain::Quarter);
    assert_eq!(a.period.label(), "2026-Q4");
    keys(&mut a, &[Char('p'), Char('p')]);
    assert_eq!(a.period.grain, Grain::Day);
    keys(&mut a, &[Char('c')]);
    assert_eq!(a.compare, CompareMode::Yoy);
    keys(&mut a, &[Char('y')]);
    assert_eq!(a.compare, CompareMode::Prev);
    keys(
        &mut a,
        &[Char('p'), Char('p'), Char('['), Char('['), Char('t')],
    );
    assert_eq!(a.period.label(), "2026-11");
    // Data for the view arrived and is not stale.
    assert!(a.shown_report().is_some_and(|(_, stale)| !stale));
}

#[test]
fn periods_stop_at_the_data_end_and_a_running_one_is_cut() {
    let mut a = app();
    // `t` asks the worker for the data end: 2026-11-03
    assert_eq!(
        handle_key(&mut a, Char('t')),
        vec![Effect::Query(Query::Latest)]
    );
    let end = chrono::NaiveDate::from_ymd_opt(2026, 11, 3).unwrap();
    apply(&mut a, Answer::Latest(Some(crate::util::day_of(end))));
    pump(&mut a);
    assert_eq!(a.period.label(), "2026-11");
    keys(&mut a, &[Char(']')]);
    assert_eq!(a.period.label(), "2026-11", "never moves past the data end");
    assert!(
        a.message
            .as_deref()
            .is_some_and(|m| m.contains("after the data end 2026-11-03")),
        "{:?}",
        a.message
    );
    keys(&mut a, &[Char('p')]);
    assert_eq!(a.period.label(), "2026-Q4");
    let w = a.window().expect("window");
    assert!(w.running);
    assert_eq!(w.cur.end.to_string(), "2026-11-03");
    assert_eq!(
        (w.cmp.start.to_string(), w.cmp.end.to_string()),
        ("2026-07-01".to_string(), "2026-08-03".to_string())
    );
}

#[test]
fn stale_answers_are_dropped_and_old_numbers_stay() {
    let mut a = app();
    keys(&mut a, &[Char('2')]);
    let old = a.view_key();
    handle_key(&mut a, Char('['));
    // The old report stays visible (stale) until the new one arrives.
    assert!(a.shown_report().is_some_and(|(_, stale)| stale));
    // An answer for a view we left is ignored.
    let mut gone = old.clone();
    gone.period = Period::parse("2020-01").unwrap();
    apply(
        &mut a,
        Answer::Report(gone.clone(), Ok(Arc::new(fake(&gone)))),
    );
    assert_ne!(a.report_key.as_ref(), Some(&gone));
    pump(&mut a);
    assert!(a.shown_report().is_some_and(|(_, stale)| !stale));
}

#[test]
fn quit_and_ads_campaigns() {
    let mut a = app();
    keys(&mut a, &[Char('4'), Enter, Char('c')]);
    assert_eq!(a.overlay, Overlay::Campaigns("AMZ-US".into()));
    keys(&mut a, &[Esc, Char('?')]);
    assert_eq!(a.overlay, Overlay::Help);
    keys(&mut a, &[Char('x')]);
    assert_eq!(a.overlay, Overlay::None);
    keys(&mut a, &[Char('q')]);
    assert!(a.quit);
}

#[test]
fn n_goes_to_the_next_worst_alert_at_its_cause_row() {
    use crate::metrics::report::Alert;
    let mut a = app();
    keys(&mut a, &[Key::Char('n')]);
    assert!(a.message.as_deref().unwrap_or("").contains("no alerts"));
    let alert = |metric: &str, path: &[&str], cause: &[&str]| Alert {
        path: path.iter().map(|s| s.to_string()).collect(),
        row: path.last().unwrap_or(&"").to_string(),
        metric: metric.into(),
        value: None,
        rule: "bad band".into(),
        impact: Some(Decimal::ONE),
        base: None,
        cause: cause.iter().map(|s| s.to_string()).collect(),
        also: vec![],
    };
    a.ranked = Arc::new(vec![
        alert("acos", &["Amazon"], &["Amazon", "AMZ-US", "MUG-1"]),
        alert("cvr", &["Amazon", "AMZ-CA"], &[]),
    ]);
    keys(&mut a, &[Key::Char('n')]);
    pump(&mut a);
    // the worst: ACoS of Amazon, caused by MUG-1 in AMZ-US → Ads at that SKU row
    assert_eq!(a.panel(), Panel::Ads);
    assert_eq!(a.level().level, Level::Sku);
    assert_eq!(a.level().under, vec!["Amazon".to_string(), "AMZ-US".into()]);
    assert_eq!(a.selected_row().map(|r| r.key.as_str()), Some("MUG-1"));
    // the next: CVR of AMZ-CA → Funnel at store level under Amazon
    keys(&mut a, &[Key::Char('n')]);
    pump(&mut a);
    assert_eq!(a.panel(), Panel::Funnel);
    assert_eq!(a.level().level, Level::Store);
    assert_eq!(a.selected_row().map(|r| r.key.as_str()), Some("AMZ-CA"));
    // and round again
    keys(&mut a, &[Key::Char('n')]);
    assert_eq!(a.panel(), Panel::Ads);
}

#[test]
fn a_walks_the_action_lists_and_r_the_roles() {
    use crate::metrics::actions::Kind;
    let mut a = app();
    keys(&mut a, &[Key::Char('a')]);
    assert_eq!(a.overlay, Overlay::Actions(Kind::Restock));
    let q = needs(&a);
    assert!(q.contains(&actions_query(&a, Kind::Restock)), "{q:?}");
    for k in &Kind::ALL[1..] {
        keys(&mut a, &[Key::Char('a')]);
        assert_eq!(a.overlay, Overlay::Actions(*k));
    }
    keys(&mut a, &[Key::Char('a')]);
    assert_eq!(a.overlay, Overlay::None);
    keys(&mut a, &[Key::Char('a'), Key::Esc]);
    assert_eq!(a.overlay, Overlay::None);

    assert_eq!(a.role, crate::catalogue::Role::Owner);
    keys(&mut a, &[Key::Char('R')]);
    assert_eq!(a.role, crate::catalogue::Role::Operator);
    assert_eq!(a.panel(), Panel::Funnel);
    keys(&mut a, &[Key::Char('R'), Key::Char('R'), Key::Char('R')]);
    assert_eq!(a.role, crate::catalogue::Role::Owner);
    assert_eq!(a.panel(), Panel::Overview);
}
