//! Customers: the table and the cohort retention heatmap (first-order month × months since).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::Theme;
use crate::app::{App, ColorMode};

/// The table, and the heatmap below it.
pub struct View;

impl super::tabs::TabView for View {
    fn chart_height(&self, area: Rect) -> u16 {
        (area.height / 2).clamp(5, 16)
    }

    fn chart(&self, f: &mut Frame, area: Rect, app: &App, th: &Theme) {
        heatmap(f, area, app, th);
    }
}

fn shade(th: &Theme, v: Decimal) -> Style {
    let x = v.to_f64().unwrap_or(0.0).clamp(0.0, 1.0);
    match th.color {
        ColorMode::Never => Style::default(),
        ColorMode::C256 => {
            // Greens of the 256-colour cube, dark to light.
            const G: [u8; 6] = [22, 28, 34, 40, 46, 83];
            Style::default()
                .bg(Color::Indexed(G[((x * 5.0).round() as usize).min(5)]))
                .fg(Color::Indexed(16))
        }
        ColorMode::TrueColor => {
            let g = (60.0 + 195.0 * x) as u8;
            Style::default()
                .bg(Color::Rgb(20, g, 60))
                .fg(Color::Rgb(0, 0, 0))
        }
    }
}

fn heatmap(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let title = format!(
        " {} ",
        th.t(
            "Cohort retention (first-order month × months since)",
            "同期群留存（首单月份 × 之后月数）"
        )
    );
    let title = if th.ascii {
        title.replace('×', "x")
    } else {
        title
    };
    let block = th.block(title);
    let Some((_, cohorts)) = &app.cohorts else {
        f.render_widget(
            Paragraph::new(th.clean(th.t("loading…", "加载中…").into())).block(block),
            area,
        );
        return;
    };
    let inner_h = area.height.saturating_sub(3) as usize;
    let inner_w = area.width.saturating_sub(2) as usize;
    let ncols = (inner_w.saturating_sub(15) / 5).min(12);
    let mut lines = vec![];
    let mut head = format!(
        "{:<8}{:>6} ",
        th.t("cohort", "同期群"),
        th.t("size", "人数")
    );
    if th.lang == crate::catalogue::Lang::Zh {
        head = format!("{:<5}{:>4} ", "同期群", "人数");
    }
    let mut spans = vec![Span::styled(head, th.accent())];
    for k in 0..ncols {
        spans.push(Span::styled(
            format!("{:>4} ", format!("+{k}")),
            th.accent(),
        ));
    }
    lines.push(Line::from(spans));
    let skip = cohorts.len().saturating_sub(inner_h);
    for c in cohorts.iter().skip(skip) {
        let mut spans = vec![Span::raw(format!("{:<8}{:>6} ", c.month, c.size))];
        for k in 0..ncols {
            match c.retention.get(k).copied().flatten() {
                Some(v) => {
                    let pct = (v * Decimal::from(100)).round();
                    spans.push(Span::styled(format!("{pct:>3}%"), shade(th, v)));
                    spans.push(Span::raw(" "));
                }
                None => spans.push(Span::raw("     ")),
            }
        }
        lines.push(Line::from(spans));
    }
    if cohorts.is_empty() {
        lines.push(Line::raw(th.t("no customers", "无客户")));
    }
    f.render_widget(Paragraph::new(lines).block(block), area);
}
