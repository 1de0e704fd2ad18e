//! The pure update: `handle_key`/`update` change the state and return the
//! effects to run (queries for the worker, an export); `apply` folds the
//! worker's answers in. Nothing here touches a terminal or the database.

use super::keys::{Action, Key, action_of};
use super::state::*;
use crate::catalogue::{self, Panel};
use crate::domain::MetricId;
use crate::metrics::engine::Level;
use crate::period::{Grain, Period};
use crate::util::date_of;

/// Something the runner does for the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Query(Query),
    Export,
    /// Drop every cache (worker included) and read the workbook again.
    Reload,
}

const PAGE: usize = 10;

/// `[`/`]`: move to `p` unless it lies wholly outside the data (rule 13); the status
/// line says why the key did nothing.
fn step_period(app: &mut App, p: Period) {
    let (first, last) = (app.data_start(), app.data_end());
    if let Some(last) = last.filter(|l| crate::util::day_of(p.start) > *l) {
        app.message = Some(format!(
            "{} is after the data end {}: nothing to show yet",
            p.label(),
            date_of(last)
        ));
    } else if let Some(first) = first.filter(|f| crate::util::day_of(p.end) < *f) {
        app.message = Some(format!(
            "{} is before the first data {}",
            p.label(),
            date_of(first)
        ));
    } else {
        app.period = p;
    }
}

/// A key press in any mode. An overlay opened or closed starts at its top.
pub fn handle_key(app: &mut App, key: Key) -> Vec<Effect> {
    let kind = std::mem::discriminant(&app.overlay);
    let effects = key_in_mode(app, key);
    if std::mem::discriminant(&app.overlay) != kind {
        app.scroll = 0;
    }
    effects
}

/// What a mouse event asks for, once `ui::hit` has placed it on the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MouseAction {
    /// A click on a tab of the tab bar.
    Tab(usize),
    /// A click on a table row (index into the rows as shown).
    Row(usize),
    /// A click on a column header (index into the tab's columns): sort by it,
    /// again to reverse.
    SortBy(usize),
    WheelUp,
    WheelDown,
}

/// A mouse event: clicks act like the keys they stand for; the wheel scrolls an
/// open overlay, else moves the selection.
pub fn handle_mouse(app: &mut App, m: MouseAction) -> Vec<Effect> {
    let scrolls = matches!(
        app.overlay,
        Overlay::Help | Overlay::Detail(_) | Overlay::Campaigns(_)
    );
    match m {
        MouseAction::WheelUp if scrolls => {
            scroll_overlay(app, -3);
            vec![]
        }
        MouseAction::WheelDown if scrolls => {
            scroll_overlay(app, 3);
            vec![]
        }
        MouseAction::WheelUp => update(app, Action::Up),
        MouseAction::WheelDown => update(app, Action::Down),
        MouseAction::Tab(i) => update(app, Action::Tab(i)),
        MouseAction::Row(i) if app.overlay == Overlay::None => {
            let before = app.view_key();
            let n = app.visible_rows().len();
            if i < n {
                app.level_mut().selected = i;
            }
            finish(app, before, vec![])
        }
        MouseAction::SortBy(c) if app.overlay == Overlay::None => {
            let before = app.view_key();
            let key = app.selected_row().map(|r| r.key.clone());
            let l = app.level_mut();
            l.sort = match l.sort {
                Some((i, d)) if i == c => Some((c, !d)),
                _ => Some((c, true)),
            };
            reselect(app, key);
            finish(app, before, vec![])
        }
        _ => vec![],
    }
}

/// Scrolls the open overlay by `by` lines (clamped at its top; the widget clamps
/// the bottom, where the last line meets the frame).
fn scroll_overlay(app: &mut App, by: i32) {
    let s = (app.scroll as i32 + by).clamp(0, overlay_max_scroll(app) as i32);
    app.scroll = s as u16;
}

/// A page of the open overlay: the lines it shows, less one kept for context.
fn overlay_page(app: &App) -> i32 {
    (app.size.1 as i32 - 3 - 4 - 1).max(1)
}

/// How far the open overlay can scroll on the current terminal: its lines less
/// the lines it shows (the body is the terminal less header, tabs and status).
pub fn overlay_max_scroll(app: &App) -> u16 {
    let body = app.size.1.saturating_sub(3);
    let lines = match &app.overlay {
        Overlay::Help => super::keys::help_line_count(app.lang, app.ascii, app.size.0, body) as u16,
        Overlay::Detail(_) => catalogue::panel_metrics(app.panel()).count() as u16 + 2,
        Overlay::Campaigns(_) => app.campaigns.as_ref().map_or(0, |c| c.1.len() as u16 + 3),
        _ => 0,
    };
    lines.saturating_sub(body.saturating_sub(2))
}

fn key_in_mode(app: &mut App, key: Key) -> Vec<Effect> {
    if app.overlay == Overlay::Jump {
        let before = app.view_key();
        match key {
            Key::Esc => app.overlay = Overlay::None,
            Key::CtrlC => app.quit = true,
            Key::Enter => jump(app),
            Key::Up => app.jump_sel = app.jump_sel.saturating_sub(1),
            Key::Down => app.jump_sel += 1,
            Key::Backspace => {
                app.jump_query.pop();
                app.jump_sel = 0;
            }
            Key::Char(c) => {
                app.jump_query.push(c);
                app.jump_sel = 0;
            }
            _ => {}
        }
        let n = super::jump::matches(app, &app.jump_query).len();
        app.jump_sel = app.jump_sel.min(n.saturating_sub(1));
        return finish(app, before, vec![]);
    }
    if app.overlay == Overlay::Command {
        let before = app.view_key();
        match key {
            Key::Esc => app.overlay = Overlay::None,
            Key::CtrlC => app.quit = true,
            Key::Enter => {
                app.overlay = Overlay::None;
                let cmd = std::mem::take(&mut app.command);
                run_command(app, cmd.trim());
            }
            Key::Backspace => {
                app.command.pop();
            }
            Key::Char(c) => app.command.push(c),
            _ => {}
        }
        return finish(app, before, vec![]);
    }
    if app.overlay == Overlay::FilterInput {
        let before = app.view_key();
        match key {
            Key::Enter => app.overlay = Overlay::None,
            Key::Esc => {
                app.level_mut().filter.clear();
                app.overlay = Overlay::None;
            }
            Key::Backspace => {
                app.level_mut().filter.pop();
            }
            Key::Char(c) => app.level_mut().filter.push(c),
            Key::CtrlC => app.quit = true,
            _ => {}
        }
        app.level_mut().selected = 0;
        return finish(app, before, vec![]);
    }
    if app.overlay == Overlay::Help {
        // the help scrolls with the movement keys; any other key closes it
        return match key {
            Key::CtrlC | Key::Char('q') => update(app, Action::Quit),
            Key::Up | Key::Char('k') => {
                scroll_overlay(app, -1);
                vec![]
            }
            Key::Down | Key::Char('j') => {
                scroll_overlay(app, 1);
                vec![]
            }
            Key::PageUp => {
                scroll_overlay(app, -overlay_page(app));
                vec![]
            }
            Key::PageDown => {
                scroll_overlay(app, overlay_page(app));
                vec![]
            }
            _ => {
                app.overlay = Overlay::None;
                vec![]
            }
        };
    }
    if matches!(app.overlay, Overlay::Detail(_) | Overlay::Campaigns(_)) {
        // cards and campaign lists page with PgUp/PgDn (↑↓ step to the next row's card)
        match key {
            Key::PageUp => {
                scroll_overlay(app, -overlay_page(app));
                return vec![];
            }
            Key::PageDown => {
                scroll_overlay(app, overlay_page(app));
                return vec![];
            }
            _ => {}
        }
    }
    if key == Key::Esc {
        if app.overlay != Overlay::None {
            app.overlay = Overlay::None;
            return vec![];
        }
        if !app.level().filter.is_empty() {
            let before = app.view_key();
            app.level_mut().filter.clear();
            return finish(app, before, vec![]);
        }
    }
    match action_of(key) {
        Some(a) => update(app, a),
        None => vec![],
    }
}

/// Applies one action.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let before = app.view_key();
    app.message = None;
    let mut effects = vec![];
    let n_rows = if app.panel() == Panel::Overview {
        app.ranked.len()
    } else {
        app.visible_rows().len()
    };
    match action {
        Action::Quit => app.quit = true,
        Action::Help => {
            app.overlay = if app.overlay == Overlay::Help {
                Overlay::None
            } else {
                Overlay::Help
            }
        }
        Action::Tab(i) if i < Panel::ALL.len() => {
            app.tab = i;
            app.overlay = Overlay::None;
        }
        Action::Tab(_) => {}
        Action::NextTab => {
            app.tab = (app.tab + 1) % Panel::ALL.len();
            app.overlay = Overlay::None;
        }
        Action::PrevTab => {
            app.tab = (app.tab + Panel::ALL.len() - 1) % Panel::ALL.len();
            app.overlay = Overlay::None;
        }
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::Top
        | Action::Bottom
            if matches!(app.overlay, Overlay::Actions(_)) =>
        {
            let n = app.actions.as_ref().map(|a| a.1.rows.len()).unwrap_or(0);
            let cur = app.actions_scroll;
            let last = n.saturating_sub(1);
            app.actions_scroll = match action {
                Action::Up => cur.saturating_sub(1),
                Action::Down => (cur + 1).min(last),
                Action::PageUp => cur.saturating_sub(PAGE),
                Action::PageDown => (cur + PAGE).min(last),
                Action::Top => 0,
                _ => last,
            };
        }
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::Top
        | Action::Bottom => {
            let cur = if app.panel() == Panel::Overview {
                app.alert_sel
            } else {
                app.level().selected
            };
            let last = n_rows.saturating_sub(1);
            let new = match action {
                Action::Up => cur.saturating_sub(1),
                Action::Down => (cur + 1).min(last),
                Action::PageUp => cur.saturating_sub(PAGE),
                Action::PageDown => (cur + PAGE).min(last),
                Action::Top => 0,
                _ => last,
            };
            if app.panel() == Panel::Overview {
                app.alert_sel = new;
            } else {
                app.level_mut().selected = new;
                if let Overlay::Detail(_) = app.overlay
                    && let Some(r) = app.selected_row()
                {
                    app.overlay = Overlay::Detail(r.key.clone());
                }
                // the chart follows the selected row too
                if let Overlay::Chart { metric, .. } = &app.overlay {
                    let metric = *metric;
                    app.overlay = Overlay::Chart {
                        row: app.selected_key(),
                        metric,
                    };
                }
            }
        }
        Action::Drill => match app.overlay {
            Overlay::Campaigns(_)
            | Overlay::Detail(_)
            | Overlay::Actions(_)
            | Overlay::Chart { .. } => app.overlay = Overlay::None,
            _ => drill(app),
        },
        Action::Back => {
            if app.overlay != Overlay::None {
                app.overlay = Overlay::None;
            } else if app.stacks[app.tab].len() > 1 {
                app.stacks[app.tab].pop();
            }
        }
        Action::PrevPeriod => step_period(app, app.period.previous()),
        Action::NextPeriod => step_period(app, app.period.next()),
        Action::Grain => {
            let mut anchor = app.period.end;
            if let Some(l) = app.data_end() {
                anchor = anchor.min(date_of(l)).max(app.period.start);
            }
            app.period = Period::containing(app.period.grain.next(), anchor);
        }
        Action::Compare => app.compare = app.compare.toggle(),
        Action::CompareOrCampaigns => {
            let store = (app.panel() == Panel::Ads && app.level().level == Level::Store)
                .then(|| {
                    app.selected_row()
                        .filter(|r| !r.unattributed)
                        .map(|r| r.key.clone())
                })
                .flatten();
            match store {
                Some(s) => app.overlay = Overlay::Campaigns(s),
                None => app.compare = app.compare.toggle(),
            }
        }
        Action::Latest => {
            app.want_latest = true;
            effects.push(Effect::Query(Query::Latest));
        }
        Action::Sort | Action::SortReverse => {
            // Only the columns on screen: a sort by a hidden column would look random.
            let visible: Vec<usize> = app
                .table_layout()
                .map(|t| t.visible().iter().map(|c| c.index).collect())
                .unwrap_or_default();
            if let Some(&first) = visible.first() {
                let key = app.selected_row().map(|r| r.key.clone());
                let l = app.level_mut();
                let at = |i: usize| visible.iter().position(|&v| v == i);
                l.sort = match (action, l.sort) {
                    (Action::Sort, Some((i, _))) if at(i).is_some() => {
                        visible.get(at(i).unwrap_or(0) + 1).map(|&n| (n, true))
                    }
                    (Action::Sort, _) => Some((first, true)),
                    (_, None) => Some((first, false)),
                    (_, Some((i, d))) => Some((i, !d)),
                };
                reselect(app, key);
            }
        }
        Action::ScrollLeft | Action::ScrollRight | Action::ScrollFirst | Action::ScrollLast => {
            if let Some(t) = app.table_layout() {
                let first = t.first;
                let want = match action {
                    Action::ScrollLeft => first.saturating_sub(1),
                    Action::ScrollRight => first + 1,
                    Action::ScrollFirst => 0,
                    _ => usize::MAX,
                };
                app.level_mut().col_offset = want;
                // clamp to what the layout allows (no scrolling into emptiness)
                let clamped = app.table_layout().map(|t| t.first).unwrap_or(0);
                app.level_mut().col_offset = clamped;
                if clamped == first && matches!(action, Action::ScrollLeft | Action::ScrollRight) {
                    let zh = app.lang == crate::catalogue::Lang::Zh;
                    app.message = Some(
                        match (action == Action::ScrollLeft, zh) {
                            (true, false) => "first column",
                            (false, false) => "last column",
                            (true, true) => "已是第一列",
                            (false, true) => "已是最后一列",
                        }
                        .into(),
                    );
                }
            }
        }
        Action::Filter => {
            if app.panel() != Panel::Overview {
                app.overlay = Overlay::FilterInput;
            }
        }
        Action::Export => effects.push(Effect::Export),
        Action::NextAlert => {
            let n = app.ranked.len();
            if n == 0 {
                app.message = Some("no alerts (the Overview lists them)".into());
            } else {
                let i = app.alert_sel % n;
                let alert = app.ranked[i].clone();
                app.alert_sel = (i + 1) % n;
                app.overlay = Overlay::None;
                go_to_alert(app, &alert);
            }
        }
        Action::Role => {
            app.role = app.role.next();
            app.message = Some(format!("role: {}", app.role.label(app.lang)));
            app.tab = Panel::ALL
                .iter()
                .position(|p| *p == app.role.default_tab())
                .unwrap_or(0);
            app.overlay = Overlay::None;
        }
        Action::ActionLists => {
            use crate::metrics::actions::Kind;
            let next = match app.overlay {
                Overlay::Actions(k) => {
                    let i = Kind::ALL.iter().position(|x| *x == k).unwrap_or(0);
                    Kind::ALL.get(i + 1).copied()
                }
                _ => Some(Kind::ALL[0]),
            };
            app.actions_scroll = 0;
            app.overlay = next.map(Overlay::Actions).unwrap_or(Overlay::None);
        }
        Action::Chart => {
            // the metric: the sorted column, else the first one on screen
            let metric = app.table_layout().and_then(|t| {
                let sorted = app
                    .level()
                    .sort
                    .and_then(|(i, _)| t.cols.iter().find(|c| c.index == i));
                sorted.or(t.visible().first()).map(|c| c.def.id)
            });
            match metric {
                Some(m) if app.panel() != Panel::Overview => {
                    app.overlay = Overlay::Chart {
                        row: app.selected_key(),
                        metric: m,
                    }
                }
                _ => {
                    app.message = Some(
                        match app.lang {
                            crate::catalogue::Lang::En => "no metric column to chart here",
                            crate::catalogue::Lang::Zh => "此处没有可绘图的指标列",
                        }
                        .into(),
                    )
                }
            }
        }
        Action::Command => {
            app.overlay = Overlay::Command;
            app.command.clear();
        }
        Action::Jump => {
            app.overlay = Overlay::Jump;
            app.jump_query.clear();
            app.jump_sel = 0;
        }
        Action::Reload => {
            invalidate(app);
            effects.push(Effect::Reload);
        }
    }
    finish(app, before, effects)
}

/// Bumps the generation when the view changed, then asks for what is missing.
fn finish(app: &mut App, before: ViewKey, mut effects: Vec<Effect>) -> Vec<Effect> {
    if app.view_key() != before {
        app.generation += 1;
        app.pending.clear();
    }
    for q in needs(app) {
        if app.pending.insert(q.clone()) {
            effects.push(Effect::Query(q));
        }
    }
    effects
}

/// `:` then Enter: a period or date range (`2026-10-01..2026-10-20`), a grain
/// (`day` … `year`) or a comparison (`prev`, `yoy`). Anything else says what is accepted.
fn run_command(app: &mut App, cmd: &str) {
    if cmd.is_empty() {
        return;
    }
    if let Some(c) = crate::period::CompareMode::parse(cmd) {
        app.compare = c;
        return;
    }
    let grain = match cmd.to_ascii_lowercase().as_str() {
        "day" | "d" => Some(Grain::Day),
        "week" | "w" => Some(Grain::Week),
        "month" | "m" => Some(Grain::Month),
        "quarter" | "q" => Some(Grain::Quarter),
        "year" | "y" => Some(Grain::Year),
        _ => None,
    };
    if let Some(g) = grain {
        let mut anchor = app.period.end;
        if let Some(l) = app.data_end() {
            anchor = anchor.min(date_of(l)).max(app.period.start);
        }
        app.period = Period::containing(g, anchor);
        return;
    }
    match Period::parse(cmd) {
        Some(p) => step_period(app, p),
        None => {
            app.message = Some(format!(
                ":{cmd}: expected a period (2026, 2026-Q4, 2026-10, 2026-W43, 2026-10-31, \
                 2026-10-01..2026-10-20), a grain (day week month quarter year) or prev / yoy"
            ))
        }
    }
}

/// Enter in the jump: the chosen row at its level on this tab (Growth from the Overview).
fn jump(app: &mut App) {
    let Some(t) = super::jump::matches(app, &app.jump_query)
        .into_iter()
        .nth(app.jump_sel)
    else {
        return;
    };
    app.overlay = Overlay::None;
    if app.panel() == Panel::Overview {
        app.tab = 1;
    }
    let stack = &mut app.stacks[app.tab];
    stack.truncate(1);
    stack[0].filter.clear();
    if t.level != Level::Channel {
        stack.push(LevelState {
            level: t.level,
            under: t.under,
            ..LevelState::top()
        });
    }
    app.pending_select = Some(t.key);
    select_pending(app);
}

/// Selects the row a jump asked for once this level's rows are on screen.
fn select_pending(app: &mut App) {
    if app.report_key.as_ref() != Some(&app.view_key()) {
        return;
    }
    if let Some(k) = app.pending_select.take() {
        reselect(app, Some(k));
    }
}

fn reselect(app: &mut App, key: Option<String>) {
    let idx = key.and_then(|k| app.visible_rows().iter().position(|r| r.key == k));
    app.level_mut().selected = idx.unwrap_or(0);
}

fn drill(app: &mut App) {
    if app.panel() == Panel::Overview {
        return jump_to_alert(app);
    }
    let Some(row) = app.selected_row().cloned() else {
        return;
    };
    if row.unattributed {
        app.message = Some("(unattributed) cannot be drilled".into());
        return;
    }
    let l = app.level();
    let next = match l.level {
        Level::Total => Some((Level::Channel, vec![])),
        Level::Channel => Some((Level::Store, vec![row.key.clone()])),
        Level::Store => Some((Level::Sku, row.path.clone())),
        Level::Sku => None,
    };
    match next {
        Some((level, under)) => app.stacks[app.tab].push(LevelState {
            level,
            under,
            selected: 0,
            sort: None,
            filter: String::new(),
            col_offset: 0,
        }),
        None => app.overlay = Overlay::Detail(row.key.clone()),
    }
}

fn jump_to_alert(app: &mut App) {
    let Some(alert) = app.ranked.get(app.alert_sel).cloned() else {
        return;
    };
    go_to_alert(app, &alert);
}

/// Opens the alert's metric's tab at the level of the row its path names (the
/// cause's), and selects that row once its rows arrive.
fn go_to_alert(app: &mut App, alert: &crate::metrics::report::Alert) {
    let panel = alert.metric.def().panel;
    let Some(tab) = Panel::ALL.iter().position(|p| *p == panel) else {
        return;
    };
    app.tab = tab;
    let stack = &mut app.stacks[tab];
    stack.truncate(1);
    stack[0].filter.clear();
    let path = crate::metrics::alerts::shown_path(alert).to_vec();
    let level = |level, under: &[String]| LevelState {
        level,
        under: under.to_vec(),
        ..LevelState::top()
    };
    if path.len() >= 2 {
        stack.push(level(Level::Store, &path[..1]));
    }
    if path.len() >= 3 {
        stack.push(level(Level::Sku, &path[..2]));
    }
    app.pending_select = path.last().cloned();
    select_pending(app);
}

/// Drops every cached answer (the last report stays visible, dimmed).
fn invalidate(app: &mut App) {
    app.report_key = None;
    app.trends.clear();
    app.cohorts = None;
    app.campaigns = None;
    app.pending.clear();
    app.generation += 1;
}

/// The queries the current view needs and does not have.
pub fn needs(app: &App) -> Vec<Query> {
    let mut out = vec![];
    let view = app.view_key();
    let fresh = app.report_key.as_ref() == Some(&view);
    if !fresh {
        out.push(Query::Report(view.clone()));
    }
    let trend = |row: &str, metric: MetricId| TrendKey {
        view: view.clone(),
        row: row.to_string(),
        metric,
    };
    let mut trends = vec![];
    match app.panel() {
        Panel::Overview => {
            for m in app.role.cards() {
                trends.push(trend("", *m));
            }
            let q = alerts_query(app);
            if app.ranked_key.as_ref() != Some(&q) {
                out.push(q);
            }
        }
        Panel::Growth if fresh => trends.push(trend(&app.selected_key(), MetricId::Gmv)),
        Panel::Customers => {
            let q = Query::Cohorts {
                end: app.period,
                under: app.level().under.clone(),
            };
            if app.cohorts.as_ref().map(|c| &c.0) != Some(&q) {
                out.push(q);
            }
        }
        _ => {}
    }
    match &app.overlay {
        Overlay::Detail(k) => trends.push(trend(k, super::trend_metric(app.panel()))),
        Overlay::Chart { row, metric } => {
            let (cur, cmp) = app.chart_keys(row, *metric);
            trends.push(cur);
            trends.push(cmp);
        }
        Overlay::Campaigns(s) => {
            let q = Query::Campaigns {
                store: s.clone(),
                period: app.period,
            };
            if app.campaigns.as_ref().map(|c| &c.0) != Some(&q) {
                out.push(q);
            }
        }
        Overlay::Actions(kind) => {
            let q = actions_query(app, *kind);
            if app.actions.as_ref().map(|c| &c.0) != Some(&q) {
                out.push(q);
            }
        }
        _ => {}
    }
    for t in trends {
        if !app.trends.contains_key(&t) {
            out.push(Query::Trend(t));
        }
    }
    out
}

/// The ranked alert query of the view: its period, comparison and scope.
pub fn alerts_query(app: &App) -> Query {
    Query::Alerts {
        period: app.period,
        compare: app.compare,
        under: app.level().under.clone(),
    }
}

/// The action list query of the view: its period, comparison and scope.
pub fn actions_query(app: &App, kind: crate::metrics::actions::Kind) -> Query {
    Query::Actions {
        kind,
        period: app.period,
        compare: app.compare,
        under: app.level().under.clone(),
    }
}

/// Folds a worker answer into the state; returns the follow-up effects.
pub fn apply(app: &mut App, answer: Answer) -> Vec<Effect> {
    let before = app.view_key();
    match answer {
        Answer::Report(key, res) => {
            app.pending.remove(&Query::Report(key.clone()));
            if key == app.view_key() {
                match res {
                    Ok(r) => {
                        app.report = Some(r);
                        app.report_key = Some(key);
                        app.report_error = None;
                        clamp(app);
                        select_pending(app);
                    }
                    Err(e) => app.report_error = Some(e),
                }
            }
        }
        Answer::Trend(key, v) => {
            app.pending.remove(&Query::Trend(key.clone()));
            if app.trends.len() > 256 {
                app.trends.clear();
            }
            app.trends.insert(key, v);
        }
        Answer::Cohorts(q, v) => {
            app.pending.remove(&q);
            app.cohorts = Some((q, v));
        }
        Answer::Campaigns(q, v) => {
            app.pending.remove(&q);
            app.campaigns = Some((q, v));
        }
        Answer::Actions(q, v) => {
            app.pending.remove(&q);
            app.actions = Some((q, v));
        }
        Answer::Alerts(q, v) => {
            app.pending.remove(&q);
            app.ranked = v;
            app.ranked_key = Some(q);
            clamp(app);
        }
        Answer::Latest(day) => {
            app.pending.remove(&Query::Latest);
            app.latest_day = day;
            if app.want_latest {
                app.want_latest = false;
                match day {
                    Some(d) => {
                        let g = match app.period.grain {
                            Grain::Custom => Grain::Month,
                            g => g,
                        };
                        app.period = Period::containing(g, date_of(d));
                    }
                    None => app.message = Some("the workbook has no orders".into()),
                }
            }
        }
        Answer::Master(m) => app.master = Some(m),
        Answer::DataChanged => {
            invalidate(app);
            app.message = Some("workbook changed: refreshed".into());
        }
        Answer::Failed(q, e) => {
            app.pending.remove(&q);
            if !e.is_empty() {
                app.message = Some(e);
            }
        }
    }
    finish(app, before, vec![])
}

/// Keeps selections inside the rows after new data.
fn clamp(app: &mut App) {
    let n = app.visible_rows().len();
    let l = app.level_mut();
    l.selected = l.selected.min(n.saturating_sub(1));
    // the Overview's list (the ranked alerts), which `n` walks from any tab
    let a = app.ranked.len();
    app.alert_sel = app.alert_sel.min(a.saturating_sub(1));
}

/// The current view as CSV: (file name, contents). Values are rounded as the
/// screen shows them (each column's decimals, no grouping) — `report --format csv`
/// gives the exact ones; the name says panel, period, comparison, level and scope.
pub fn export_csv(app: &App) -> (String, String) {
    let panel = if app.panel() == Panel::Overview {
        Panel::Growth
    } else {
        app.panel()
    };
    let l = app.level();
    let cols = super::columns(panel, l.level);
    let mut out = String::from("key,label");
    for c in cols {
        out.push(',');
        out.push_str(c.id.as_str());
        if c.change {
            out.push_str(&format!(",{}_change", c.id));
        }
    }
    out.push('\n');
    let esc = |s: &str| {
        if s.contains([',', '"', '\n']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let rows = app.visible_rows();
    let total = app.shown_report().map(|(r, _)| &r.total);
    let all: Vec<&crate::metrics::report::Row> = rows.iter().copied().chain(total).collect();
    let dps: Vec<u32> = cols
        .iter()
        .map(|c| {
            Some(c.id.def()).map_or(2, |d| {
                let f = crate::format::ColumnFormat::of(
                    d.unit,
                    all.iter().filter_map(|r| r.value(c.id)),
                );
                // percentages are exported as fractions: two more decimals
                if d.unit == catalogue::Unit::Percent {
                    f.dp + 2
                } else {
                    f.dp
                }
            })
        })
        .collect();
    let round = |v: rust_decimal::Decimal, dp: u32| {
        crate::format::exact(
            v.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointNearestEven),
        )
    };
    for r in rows.into_iter().chain(total) {
        out.push_str(&format!("{},{}", esc(&r.key), esc(&r.label)));
        for (c, &dp) in cols.iter().zip(&dps) {
            let mv = r.get(c.id);
            let v = mv.and_then(|m| m.value).map(|v| round(v, dp));
            out.push(',');
            out.push_str(&v.unwrap_or_default());
            if c.change {
                // changes as shown: a percentage with one decimal (a fraction, 3 dp)
                let ch = mv.and_then(|m| m.change).map(|v| round(v, 3));
                out.push(',');
                out.push_str(&ch.unwrap_or_default());
            }
        }
        out.push('\n');
    }
    let mut name = format!(
        "sellerdeck-{}-{}-{}-{}",
        panel.id(),
        app.period.label(),
        app.compare.name(),
        l.level.name()
    );
    for u in &l.under {
        name.push('-');
        name.push_str(&u.replace(['/', '\\', ' '], "_"));
    }
    name = name.replace("..", "_");
    (format!("{name}.csv"), out)
}
