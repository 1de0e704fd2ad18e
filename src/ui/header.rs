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
    let win = app.window();
    let bar = if th.ascii { " | " } else { " │ " };
    let dates = if p.start == p.end {
        p.start.format("%a").to_string()
    } else {
        format!("{}..{}", p.start.format("%m-%d"), p.end.format("%m-%d"))
    };
    // A running period says where it is cut and what it is compared with (rule 13):
    // "2026-Q4 to 11-01 vs 2026-Q3 to 08-01".
    let (cur_text, cmp_text) = match win {
        Some(w) if w.running => (
            format!(" {} {}", th.t("to", "至"), w.cur.end.format("%m-%d")),
            format!(
                "{} {} {}",
                w.cmp.label(),
                th.t("to", "至"),
                w.cmp.end.format("%m-%d")
            ),
        ),
        Some(w) => (format!(" ({dates})"), w.cmp.label()),
        None => (format!(" ({dates})"), p.compare(app.compare).label()),
    };
    let vs = th.t("vs", "对比");
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
        Span::raw(format!("{cur_text} {vs} {cmp_text} {mode}{bar}")),
        Span::styled(crumb, Style::default().add_modifier(Modifier::BOLD)),
    ];
    let line = Line::from(left);
    if line.width() > area.width as usize {
        // Narrow: period and breadcrumb only.
        let short = Line::from(vec![
            Span::styled(p.label(), Style::default().add_modifier(Modifier::BOLD)),
            Span::raw(format!(
                "{} {mode}{bar}",
                if win.is_some_and(|w| w.running) {
                    cur_text.as_str()
                } else {
                    ""
                }
            )),
            Span::raw(crumbs.last().cloned().unwrap_or_default()),
        ]);
        f.render_widget(Paragraph::new(short), area);
    } else {
        f.render_widget(Paragraph::new(line), area);
    }
}

pub fn tabs(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let names = tab_names(app, th, area.width);
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

/// The tab bar's names at a width: full, or all but the current one shortened.
pub fn tab_names(app: &App, th: &Theme, w: u16) -> Vec<String> {
    let full: Vec<String> = Panel::ALL
        .iter()
        .enumerate()
        .map(|(i, p)| format!(" {} {} ", i + 1, p.label(th.lang)))
        .collect();
    let total: usize = full.iter().map(|s| width(s)).sum();
    if total <= w as usize {
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
    }
}
