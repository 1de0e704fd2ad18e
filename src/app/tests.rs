//! Key sequences → state, without a terminal or a workbook: a fake worker
//! answers every report query with rows named after the level.

use std::collections::BTreeMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::*;
use crate::app::actions::Effect;
use crate::catalogue::{Lang, Panel};
use crate::domain::{Level, MetricId};
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
    let alert = |metric: MetricId, path: &[&str], cause: &[&str]| Alert {
        path: path.iter().map(|s| s.to_string()).collect(),
        row: path.last().unwrap_or(&"").to_string(),
        metric,
        value: None,
        rule: "bad band".into(),
        impact: Some(Decimal::ONE),
        base: None,
        cause: cause.iter().map(|s| s.to_string()).collect(),
        also: vec![],
    };
    a.ranked = Arc::new(vec![
        alert(MetricId::Acos, &["Amazon"], &["Amazon", "AMZ-US", "MUG-1"]),
        alert(MetricId::Cvr, &["Amazon", "AMZ-CA"], &[]),
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

#[test]
fn columns_scroll_sideways_and_sort_follows_the_screen() {
    let mut a = app();
    a.size = (60, 24);
    keys(&mut a, &[Char('2')]);
    let t = a.table_layout().expect("layout");
    assert_eq!(t.first, 0);
    assert!(t.hidden_right() && !t.hidden_left());
    let n = t.cols.len();
    // L scrolls one column at a time and stops when the last column is on screen
    let mut seen = vec![];
    for _ in 0..n + 3 {
        keys(&mut a, &[Char('L')]);
        seen.push(a.level().col_offset);
    }
    let t = a.table_layout().expect("layout");
    assert!(
        !t.hidden_right() && t.hidden_left(),
        "ends at the last column"
    );
    assert_eq!(seen[0], 1);
    assert!(seen.windows(2).all(|w| w[1] == w[0] || w[1] == w[0] + 1));
    assert_eq!(a.message.as_deref(), Some("last column"));
    // s sorts by the first visible column, then the next visible one, then off
    keys(&mut a, &[Char('s')]);
    let vis: Vec<usize> = t.visible().iter().map(|c| c.index).collect();
    assert_eq!(a.level().sort, Some((vis[0], true)));
    for &v in &vis[1..] {
        keys(&mut a, &[Char('s')]);
        assert_eq!(a.level().sort, Some((v, true)));
    }
    keys(&mut a, &[Char('s')]);
    assert_eq!(a.level().sort, None);
    // H goes back to the start; each level keeps its own offset
    for _ in 0..n {
        keys(&mut a, &[Char('H')]);
    }
    assert_eq!(a.level().col_offset, 0);
    keys(&mut a, &[Char('L'), Enter]);
    assert_eq!(a.level().col_offset, 0);
    keys(&mut a, &[Backspace]);
    assert_eq!(a.level().col_offset, 1);
    // $ and 0: the last and the first columns
    keys(&mut a, &[Char('$')]);
    assert!(!a.table_layout().unwrap().hidden_right());
    keys(&mut a, &[Char('0')]);
    assert_eq!(a.level().col_offset, 0);
    // a wide terminal shows everything: nothing to scroll
    a.size = (400, 40);
    keys(&mut a, &[Char('L')]);
    assert_eq!(a.level().col_offset, 0);
}

/// A slow worker: the queries asked for while keys are typed, answered later.
struct Slow(Vec<Query>);

impl Slow {
    fn press(&mut self, app: &mut App, ks: &[Key]) {
        for k in ks {
            for e in handle_key(app, *k) {
                if let Effect::Query(q) = e {
                    self.0.push(q);
                }
            }
        }
    }
    /// Every answer arrives now, in the order asked (old views first).
    fn arrive(&mut self, app: &mut App) {
        for q in std::mem::take(&mut self.0) {
            let a = match &q {
                Query::Report(k) => Answer::Report(k.clone(), Ok(Arc::new(fake(k)))),
                Query::Trend(t) => Answer::Trend(t.clone(), vec![None; TREND_LEN]),
                q => Answer::Failed(q.clone(), String::new()),
            };
            for e in apply(app, a) {
                if let Effect::Query(q) = e {
                    self.0.push(q);
                }
            }
        }
    }
}

/// Every row on screen belongs to the level the table says (no mixed screen).
fn screen_matches_level(a: &App) {
    if let Some((rep, _)) = a.shown_report() {
        assert_eq!(rep.level, a.level().level);
        assert_eq!(rep.under, a.level().under);
    }
    let text = crate::ui::render_text(a, 80, 24, false);
    if a.level().level == Level::Channel {
        assert!(
            !text.contains("SKU "),
            "SKU header over channel rows:\n{text}"
        );
    }
}

#[test]
fn fast_keys_never_act_on_rows_not_on_screen() {
    // `4`, `5 Enter` typed fast after SKU rows were on screen elsewhere
    let mut a = app();
    keys(&mut a, &[Char('2'), Enter, Enter]);
    assert_eq!(a.level().level, Level::Sku);
    let mut slow = Slow(vec![]);
    slow.press(&mut a, &[Char('4')]);
    screen_matches_level(&a);
    slow.press(&mut a, &[Char('5'), Enter]);
    screen_matches_level(&a);
    assert_eq!(a.panel(), crate::catalogue::Panel::Inventory);
    assert_eq!(
        a.stacks[a.tab].len(),
        1,
        "Enter drilled into rows never shown"
    );
    assert!(a.visible_rows().is_empty());
    slow.arrive(&mut a);
    screen_matches_level(&a);
    // the Ads answer arrived for a view we had left: dropped
    assert_eq!(a.report_key, Some(a.view_key()));
    assert_eq!(a.selected_key(), "Amazon");
    keys(&mut a, &[Enter]);
    assert_eq!(a.level().under, vec!["Amazon".to_string()]);

    // `3 Enter Enter`: the first Enter acts on the channel rows on screen (dimmed,
    // of another tab), the second has no store rows to act on yet
    let mut a = app();
    slow.press(&mut a, &[Char('3'), Enter, Enter]);
    screen_matches_level(&a);
    assert_eq!(a.level().level, Level::Store);
    assert_eq!(a.level().under, vec!["Amazon".to_string()]);
    assert!(
        a.shown_report().is_none(),
        "no channel rows under a Store header"
    );
    slow.arrive(&mut a);
    screen_matches_level(&a);
    assert_eq!(a.selected_key(), "AMZ-US");
    keys(&mut a, &[Enter]);
    assert_eq!(
        a.level().under,
        vec!["Amazon".to_string(), "AMZ-US".to_string()],
        "SKUs under a store, never under a bare channel"
    );
}

#[test]
fn stale_numbers_are_dimmed_and_marked_without_colour() {
    let mut a = app();
    keys(&mut a, &[Char('2')]);
    let mut slow = Slow(vec![]);
    slow.press(&mut a, &[Char('[')]);
    assert!(a.shown_report().is_some_and(|(_, stale)| stale));
    let text = crate::ui::render_text(&a, 100, 30, false);
    assert!(text.contains("showing 2026-10 · loading…"), "{text}");
    let ansi = crate::ui::render_text(&a, 100, 30, true);
    assert!(ansi.contains("\x1b[0;2m"), "dimmed cells");
    slow.arrive(&mut a);
    let text = crate::ui::render_text(&a, 100, 30, false);
    assert!(!text.contains("showing"), "{text}");
}

/// Every line of an overlay is reached by scrolling it at `w`×`h`.
fn scroll_through(a: &mut App, w: u16, h: u16, page: Key) -> String {
    a.size = (w, h);
    let mut seen = String::new();
    for _ in 0..80 {
        seen.push_str(&crate::ui::render_text(a, w, h, false));
        handle_key(a, page);
    }
    seen
}

#[test]
fn cards_and_help_scroll_to_every_line_at_80x24_and_40x10() {
    for (w, h) in [(80, 24), (40, 10)] {
        // the Profit card of a SKU: every metric label is reached with PgDn
        let mut a = app();
        keys(&mut a, &[Char('6'), Enter, Enter, Enter]);
        assert!(matches!(a.overlay, Overlay::Detail(_)), "{:?}", a.overlay);
        let seen = scroll_through(&mut a, w, h, PageDown);
        for m in crate::catalogue::panel_metrics(crate::catalogue::Panel::Profit) {
            let label = crate::ui::fit(m.label(Lang::En), 24.min(w as usize / 3));
            assert!(
                seen.contains(&label),
                "{w}x{h}: {label} never shown:\n{seen}"
            );
        }
        assert!(a.scroll > 0 || h >= 40);
        keys(&mut a, &[PageUp; 20]);
        assert_eq!(a.scroll, 0);
        // the help: every binding's description is reached with j
        keys(&mut a, &[Esc, Char('?')]);
        assert_eq!(a.overlay, Overlay::Help);
        let seen = scroll_through(&mut a, w, h, Char('j'));
        assert_eq!(a.overlay, Overlay::Help, "j scrolls, it does not close");
        let flat: String = seen.split_whitespace().collect::<Vec<_>>().join(" ");
        for b in super::keys::KEYS {
            let first_word = b.help(Lang::En).split(' ').next().unwrap_or("");
            assert!(
                flat.contains(first_word),
                "{w}x{h}: help of {} missing",
                b.label
            );
        }
        keys(&mut a, &[Char('x')]);
        assert_eq!(a.overlay, Overlay::None);
        assert_eq!(a.scroll, 0);
    }
}

#[test]
fn the_overview_at_40x10_shows_numbers_not_empty_frames() {
    let a = app();
    let text = crate::ui::render_text(&a, 40, 10, false);
    assert!(text.contains("GMV") && text.contains("90.00"), "{text}");
    assert!(!text.contains("┌ GMV"), "{text}");
}

#[test]
fn overlays_fit_80x24() {
    let mut a = app();
    a.size = (80, 24);
    keys(&mut a, &[Char('?')]);
    let text = crate::ui::render_text(&a, 80, 24, false);
    assert!(
        text.contains("this help") && text.contains("quit"),
        "{text}"
    );
    assert!(
        !text.contains(" ↓ "),
        "the help fits 80x24 without scrolling:\n{text}"
    );
    keys(&mut a, &[Esc, Char('4'), Enter, Char('c')]);
    assert!(matches!(a.overlay, Overlay::Campaigns(_)));
    let text = crate::ui::render_text(&a, 80, 24, false);
    assert!(text.contains("Campaigns"), "{text}");
}

fn with_master(a: &mut App) {
    use crate::workbook::{Master, SkuInfo, StoreInfo};
    let store = |id: &str, ch: &str, name: &str| StoreInfo {
        store_id: id.into(),
        channel: ch.into(),
        name: name.into(),
        currency: "USD".into(),
        timezone: "UTC".into(),
    };
    let sku = |id: &str, title: &str| SkuInfo {
        sku: id.into(),
        title: title.into(),
        category: String::new(),
        launched_on: None,
        lead_time_days: 14,
    };
    a.master = Some(Arc::new(Master {
        stores: vec![
            store("AMZ-US", "Amazon", "Amazon US"),
            store("AMZ-CA", "Amazon", "Amazon Canada"),
            store("SHOP-US", "Shopify", "Web shop"),
        ],
        skus: vec![
            sku("KNF-1", "Chef knife"),
            sku("MUG-1", "Travel mug"),
            sku("TENT-1", "Tent 2P"),
        ],
        fx: Default::default(),
        costs: Default::default(),
        base_currency: "USD".into(),
        fx_currency: "USD".into(),
        lifespan_years: Decimal::from(3),
        data_range: None,
        data_end_ms: None,
        rates: Default::default(),
        landed: Default::default(),
        maturity_days: 0,
        min_base: 0,
        thresholds: vec![],
        settings: Default::default(),
    }));
}

fn type_text(a: &mut App, s: &str) {
    for c in s.chars() {
        handle_key(a, Char(c));
    }
}

#[test]
fn ctrl_p_jumps_to_a_store_or_sku_at_its_level() {
    let mut a = app();
    with_master(&mut a);
    keys(&mut a, &[Char('4'), CtrlP]);
    assert_eq!(a.overlay, Overlay::Jump);
    type_text(&mut a, "amzca");
    let m = crate::app::jump::matches(&a, &a.jump_query);
    assert_eq!(m[0].key, "AMZ-CA", "{m:?}");
    let text = crate::ui::render_text(&a, 80, 24, false);
    assert!(
        text.contains("> amzca") && text.contains("Amazon/AMZ-CA"),
        "{text}"
    );
    keys(&mut a, &[Enter]);
    assert_eq!(a.overlay, Overlay::None);
    assert_eq!(a.panel(), crate::catalogue::Panel::Ads, "stays on the tab");
    assert_eq!(a.level().level, Level::Store);
    assert_eq!(a.level().under, vec!["Amazon".to_string()]);
    assert_eq!(
        a.selected_key(),
        "AMZ-CA",
        "lands on the row once it arrives"
    );
    // from the Overview, a SKU by its title: the flat list of all SKUs
    keys(&mut a, &[Char('1'), CtrlP]);
    type_text(&mut a, "travel");
    keys(&mut a, &[Enter]);
    assert_eq!(a.panel(), crate::catalogue::Panel::Growth);
    assert_eq!((a.level().level, a.level().under.len()), (Level::Sku, 0));
    assert_eq!(a.selected_key(), "MUG-1");
    // Esc closes without moving; arrows pick among matches
    keys(&mut a, &[CtrlP, Down, Esc]);
    assert_eq!(a.overlay, Overlay::None);
    assert_eq!(a.selected_key(), "MUG-1");
}

#[test]
fn colon_takes_a_period_a_date_range_a_grain_or_a_comparison() {
    let mut a = app();
    keys(&mut a, &[Char('2'), Char(':')]);
    assert_eq!(a.overlay, Overlay::Command);
    type_text(&mut a, "2026-10-01..2026-10-20");
    let text = crate::ui::render_text(&a, 100, 30, false);
    assert!(text.contains(":2026-10-01..2026-10-20_"), "{text}");
    keys(&mut a, &[Enter]);
    assert_eq!(a.overlay, Overlay::None);
    assert_eq!(a.period, Period::parse("2026-10-01..2026-10-20").unwrap());
    assert!(a.shown_report().is_some_and(|(_, stale)| !stale));
    for (cmd, check) in [
        (
            "yoy",
            Box::new(|a: &App| a.compare == CompareMode::Yoy) as Box<dyn Fn(&App) -> bool>,
        ),
        ("2026-Q3", Box::new(|a: &App| a.period.label() == "2026-Q3")),
        ("week", Box::new(|a: &App| a.period.grain == Grain::Week)),
    ] {
        keys(&mut a, &[Char(':')]);
        type_text(&mut a, cmd);
        keys(&mut a, &[Enter]);
        assert!(check(&a), ":{cmd} → {:?} {:?}", a.period, a.compare);
    }
    let before = a.period;
    keys(&mut a, &[Char(':')]);
    type_text(&mut a, "soon");
    keys(&mut a, &[Enter]);
    assert_eq!(a.period, before);
    assert!(
        a.message
            .as_deref()
            .is_some_and(|m| m.contains("expected a period"))
    );
    // Esc leaves everything as it was; typed keys never act as commands
    keys(&mut a, &[Char(':')]);
    type_text(&mut a, "q");
    keys(&mut a, &[Esc]);
    assert!(!a.quit);
    assert_eq!(a.overlay, Overlay::None);
}

#[test]
fn v_charts_the_sorted_or_first_visible_column_with_its_comparison() {
    let mut a = app();
    keys(&mut a, &[Char('4'), Char('v')]);
    let Overlay::Chart { row, metric } = a.overlay.clone() else {
        panic!("{:?}", a.overlay)
    };
    assert_eq!((row.as_str(), metric), ("Amazon", MetricId::AdSpend));
    let (cur, cmp) = a.chart_keys(&row, metric);
    assert!(a.trends.contains_key(&cur) && a.trends.contains_key(&cmp));
    assert_eq!(cmp.view.period.label(), "2026-09");
    for (w, h) in [(80, 24), (40, 10), (200, 60)] {
        let text = crate::ui::render_text(&a, w, h, false);
        assert!(text.contains("Ad spend"), "{w}x{h}\n{text}");
    }
    // j moves the chart to the next row; Esc closes; after a sort, the sorted column
    keys(&mut a, &[Char('j')]);
    assert!(matches!(&a.overlay, Overlay::Chart { row, .. } if row == "Shopify"));
    keys(&mut a, &[Esc, Char('s'), Char('s'), Char('v')]);
    let sorted = a.table_layout().unwrap().cols[a.level().sort.unwrap().0]
        .def
        .id;
    assert!(matches!(&a.overlay, Overlay::Chart { metric, .. } if *metric == sorted));
}

#[test]
fn clicks_land_on_tabs_rows_and_headers_and_the_wheel_scrolls() {
    use crate::app::MouseAction;
    let mut a = app();
    a.size = (100, 30);
    let (w, h) = a.size;
    // the tab bar: " 1 Overview  2 Growth …"
    let x = crate::ui::render_text(&a, w, h, false)
        .lines()
        .nth(1)
        .unwrap()
        .find("4 Ads")
        .unwrap();
    assert_eq!(
        crate::ui::hit(&a, w, h, x as u16, 1),
        Some(MouseAction::Tab(3))
    );
    handle_mouse(&mut a, MouseAction::Tab(3));
    pump(&mut a);
    assert_eq!(a.panel(), crate::catalogue::Panel::Ads);
    // rows: find "Shopify" on screen and click it
    let text = crate::ui::render_text(&a, w, h, false);
    let y = text.lines().position(|l| l.contains("│Shopify")).unwrap() as u16;
    let hit = crate::ui::hit(&a, w, h, 5, y).unwrap();
    handle_mouse(&mut a, hit);
    assert_eq!(a.selected_key(), "Shopify");
    // a header: sorts by it, again reverses
    let hy = text.lines().position(|l| l.contains("Ad spend")).unwrap() as u16;
    let hx = text
        .lines()
        .nth(hy as usize)
        .unwrap()
        .find("Ad spend")
        .unwrap() as u16;
    let hit = crate::ui::hit(&a, w, h, hx + 2, hy).unwrap();
    assert_eq!(hit, MouseAction::SortBy(0));
    handle_mouse(&mut a, hit);
    assert_eq!(a.level().sort, Some((0, true)));
    handle_mouse(&mut a, hit);
    assert_eq!(a.level().sort, Some((0, false)));
    assert_eq!(a.selected_key(), "Shopify", "the selection follows its row");
    // the wheel moves the selection, or scrolls an open help
    handle_mouse(&mut a, MouseAction::WheelUp);
    assert_eq!(a.level().selected, 0);
    keys(&mut a, &[Char('?')]);
    a.size = (40, 10);
    handle_mouse(&mut a, MouseAction::WheelDown);
    assert_eq!(a.scroll, 3);
    assert_eq!(
        crate::ui::hit(&a, 40, 10, 5, 1),
        None,
        "no clicks through an overlay"
    );
}

#[test]
fn export_names_the_comparison_and_rounds_as_shown() {
    let mut a = app();
    keys(&mut a, &[Char('2')]);
    let (name, _) = crate::app::actions::export_csv(&a);
    assert_eq!(name, "sellerdeck-growth-2026-10-prev-channel.csv");
    keys(&mut a, &[Char('y')]);
    let (name, csv) = crate::app::actions::export_csv(&a);
    assert_eq!(name, "sellerdeck-growth-2026-10-yoy-channel.csv");
    // gmv 60 → "60" (money rounded to cents, trailing zeros dropped), never 26 decimals
    assert!(
        csv.lines().nth(1).unwrap().starts_with("Amazon,Amazon,60,"),
        "{csv}"
    );
    assert!(
        csv.lines().all(|l| l.split(',').all(|c| c.len() < 20)),
        "{csv}"
    );
}
