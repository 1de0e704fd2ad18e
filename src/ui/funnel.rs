//! Funnel: sessions → add to cart → checkout → orders as horizontal bars with stage rates.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Theme, fit, width};
use crate::app::App;
use crate::app::tabs::funnel;
use crate::catalogue::Unit;
use crate::format;

/// The table, and the funnel below it.
pub struct View;

impl super::tabs::TabView for View {
    fn chart_height(&self, _area: Rect) -> u16 {
        6
    }

    fn chart(&self, f: &mut Frame, area: Rect, app: &App, th: &Theme) {
        chart(f, area, app, th);
    }
}

/// Draws the stages `app::tabs::funnel` gives: a bar of each stage's share of
/// the sessions, its count and its rate from the stage above.
pub fn chart(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let Some(row) = super::panels::chart_row(app) else {
        return;
    };
    let stages = funnel::stages(row);
    let labels: Vec<&str> = stages
        .iter()
        .map(|s| s.metric.def().label(th.lang))
        .collect();
    let lw = labels.iter().map(|l| width(l)).max().unwrap_or(8).min(16);
    let inner_w = area.width.saturating_sub(2) as usize;
    let bar_w = inner_w.saturating_sub(lw + 24);
    let mut lines = vec![];
    for (i, (st, l)) in stages.iter().zip(&labels).enumerate() {
        let n = (st.share * bar_w as f64).round() as usize;
        let rate = if i == 0 {
            String::new()
        } else {
            th.clean(format::plain(st.rate, Unit::Percent))
        };
        let pad = lw.saturating_sub(width(&fit(l, lw)));
        lines.push(Line::from(vec![
            Span::raw(format!("{}{} ", fit(l, lw), " ".repeat(pad))),
            Span::styled(th.bar().repeat(n.min(bar_w)), th.accent()),
            Span::raw(format!(
                " {} ",
                th.clean(format::plain(st.value, Unit::Count))
            )),
            Span::styled(rate, th.muted()),
        ]));
    }
    let title = format!(" {} · {} ", th.t("Funnel", "转化漏斗"), row.label);
    f.render_widget(Paragraph::new(lines).block(th.block(th.clean(title))), area);
}
