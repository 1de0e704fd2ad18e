//! Overview: headline KPI cards (value, change, target attainment, health,
//! sparkline of the last 12 periods) and the alert list.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph};

use super::{Theme, fit, sparkline, width};
use crate::app::App;
use crate::catalogue;
use crate::format;
use crate::metrics::report;

pub fn draw(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let Some((rep, stale)) = app.shown_report() else {
        let msg = app
            .report_error
            .clone()
            .unwrap_or_else(|| th.t("loading…", "加载中…").into());
        f.render_widget(Paragraph::new(th.clean(msg)).block(th.block("")), area);
        return;
    };
    if super::compact::cards_do_not_fit(area) {
        return super::compact::overview(f, area, app, th, rep, stale);
    }
    let ncols = ((area.width / 22) as usize).clamp(1, 4);
    let cards_of = app.role.cards();
    let nrows = cards_of.len().div_ceil(ncols);
    // Cards take up to 6 lines each, leaving at least 4 lines for the alerts.
    let card_h = ((area.height.saturating_sub(4)) / nrows as u16).clamp(3, 6);
    let cards_h = (card_h * nrows as u16).min(area.height);
    let [cards, alerts] =
        Layout::vertical([Constraint::Length(cards_h), Constraint::Min(0)]).areas(area);
    let dim = if stale {
        Style::default().add_modifier(Modifier::DIM)
    } else {
        Style::default()
    };
    let rows = Layout::vertical(vec![Constraint::Length(card_h); nrows]).split(cards);
    for (i, id) in cards_of.iter().enumerate() {
        let def = id.def();
        let r = rows[i / ncols];
        let cells = Layout::horizontal(vec![Constraint::Ratio(1, ncols as u32); ncols]).split(r);
        let cell = cells[i % ncols];
        let inner_w = cell.width.saturating_sub(2) as usize;
        let mv = rep.total.get(*id).cloned().unwrap_or_default();
        let h = app
            .master
            .as_deref()
            .and_then(|m| report::health(m, def, mv.value));
        let mut v = th.clean(format::plain(mv.value, def.unit));
        if width(&v) > inner_w {
            v = th.clean(format::compact(mv.value, def.unit));
        }
        let mut lines = vec![Line::from(Span::styled(
            v,
            th.health(h).add_modifier(Modifier::BOLD),
        ))];
        let ch = th.clean(format::change_cell(mv.change, th.ascii));
        let cmp = th.clean(format::compact(mv.compare, def.unit));
        lines.push(Line::from(vec![
            Span::styled(ch, th.change(def, mv.change)),
            Span::styled(format!(" vs {cmp}"), th.muted()),
        ]));
        let spark = app
            .trend("", *id)
            .map(|t| sparkline(t, th.ascii))
            .unwrap_or_else(|| th.clean("…".into()));
        match mv.target {
            Some((goal, att)) if card_h >= 6 || inner_w >= 30 => {
                let t = format!(
                    "{} {} {}",
                    th.t("target", "目标"),
                    format::compact(Some(goal), def.unit),
                    format::plain(att, catalogue::Unit::Percent)
                );
                lines.push(Line::styled(th.clean(t), th.accent()));
            }
            _ => {}
        }
        lines.push(Line::styled(spark, th.accent()));
        let lines: Vec<Line> = lines
            .into_iter()
            .take(card_h.saturating_sub(2) as usize)
            .collect();
        let title = format!(" {} ", fit(def.label(th.lang), inner_w.saturating_sub(2)));
        f.render_widget(
            Paragraph::new(lines).style(dim).block(th.block(title)),
            cell,
        );
    }
    if alerts.height < 3 {
        return;
    }
    let bullet = if th.ascii { "*" } else { "●" };
    let ranked = &app.ranked;
    // the list of another period or scope is dimmed until its own arrives
    let dim = if app.ranked_key.as_ref() != Some(&crate::app::alerts_query(app)) {
        Style::default().add_modifier(Modifier::DIM)
    } else {
        dim
    };
    let items: Vec<ListItem> = ranked
        .iter()
        .map(|a| {
            let def = a.metric.def();
            let label = def.label(th.lang);
            let val = format::plain(a.value, def.unit);
            let shown = crate::metrics::alerts::shown_path(a);
            let row = if shown.is_empty() {
                th.t("All", "全部").to_string()
            } else {
                th.clean(shown.join(" › "))
            };
            // the money at stake first: the list is ranked by it
            let stake = crate::metrics::alerts::stake_label(a.impact);
            let rule = crate::metrics::alerts::rule_label(&a.rule, th.lang);
            ListItem::new(Line::from(vec![
                Span::styled(format!("{bullet} {stake:>7} "), th.bad()),
                Span::styled(
                    format!("{row} "),
                    Style::default().add_modifier(Modifier::BOLD),
                ),
                Span::raw(format!("{label} {} ", th.clean(val))),
                Span::styled(th.clean(rule), th.muted()),
            ]))
        })
        .collect();
    let title = format!(" {} ({}) ", th.t("Alerts", "警报"), ranked.len());
    let empty = items.is_empty();
    let list = List::new(items)
        .style(dim)
        .highlight_style(th.selected())
        .block(th.block(title.clone()));
    let mut state = ListState::default();
    if !empty {
        state.select(Some(app.alert_sel.min(ranked.len() - 1)));
        f.render_stateful_widget(list, alerts, &mut state);
    } else {
        f.render_widget(
            Paragraph::new(th.t("no alerts", "无警报")).block(th.block(title)),
            alerts,
        );
    }
}
