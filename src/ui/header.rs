//! The header line (workbook, period and its dates, comparison, breadcrumb) and the tab bar.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Theme, width};
use crate::app::App;
use crate::catalogue::Panel;

pub fn header(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let p = app.period;
    let cmp = p.compare(app.compare);
    let bar = if th.ascii { " | " } else { " │ " };
    let dates = if p.start == p.end {
        p.start.format("%a").to_string()
    } else {
        format!("{}..{}", p.start.format("%m-%d"), p.end.format("%m-%d"))
    };
    let mode = match app.compare {
        crate::period::CompareMode::Prev => th.t("prev", "环比"),
        crate::period::CompareMode::Yoy => th.t("yoy", "同比"),
    };
    let mut crumbs = vec![th.t("All", "全部").to_string()];
    let under = app.breadcrumb();
    for (i, u) in under.iter().enumerate() {
        // Show the store's name where known.
        let name = (i == 1)
            .then(|| {
                app.master
                    .as_ref()
                    .and_then(|m| m.store(u))
                    .map(|s| s.name.clone())
            })
            .flatten()
            .unwrap_or_else(|| u.clone());
        crumbs.push(name);
    }
    let crumb = crumbs.join(th.sep());
    let left = vec![
        Span::styled("sellerdeck", th.accent().add_modifier(Modifier::BOLD)),
        Span::raw(format!("{bar}{}{bar}", app.workbook)),
        Span::styled(p.label(), Style::default().add_modifier(Modifier::BOLD)),
        Span::raw(format!(" ({dates}) vs {} {mode}{bar}", cmp.label())),
        Span::styled(crumb, Style::default().add_modifier(Modifier::BOLD)),
    ];
    let line = Line::from(left);
    if line.width() > area.width as usize {
        // Narrow: period and breadcrumb only.
        let short = Line::from(vec![
            Span::styled(p.label(), Style::default().add_modifier(Modifier::BOLD)),
            Span::raw(format!(" {mode}{bar}")),
            Span::raw(crumbs.last().cloned().unwrap_or_default()),
        ]);
        f.render_widget(Paragraph::new(short), area);
    } else {
        f.render_widget(Paragraph::new(line), area);
    }
}

pub fn tabs(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let full: Vec<String> = Panel::ALL
        .iter()
        .enumerate()
        .map(|(i, p)| format!(" {} {} ", i + 1, p.label(th.lang)))
        .collect();
    let total: usize = full.iter().map(|s| width(s)).sum();
    let names: Vec<String> = if total <= area.width as usize {
        full
    } else {
        Panel::ALL
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let l = p.label(th.lang);
                if i == app.tab {
                    format!(" {} {} ", i + 1, l)
                } else {
                    let short: String = match th.lang {
                        crate::catalogue::Lang::En => l.chars().take(3).collect(),
                        crate::catalogue::Lang::Zh => String::new(),
                    };
                    format!(" {}{} ", i + 1, short)
                }
            })
            .collect()
    };
    let spans: Vec<Span> = names
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            if i == app.tab {
                Span::styled(s, th.selected().patch(th.accent()))
            } else {
                Span::styled(s, th.muted())
            }
        })
        .collect();
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}
