//! Funnel: sessions → add to cart → checkout → orders as horizontal bars with stage rates.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::{Theme, fit, width};
use crate::app::App;
use crate::catalogue::Unit;
use crate::domain::MetricId;
use crate::format;

pub fn chart(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let Some(row) = super::panels::chart_row(app) else {
        return;
    };
    let stages = [
        MetricId::Sessions,
        MetricId::AddToCart,
        MetricId::Checkouts,
        MetricId::Orders,
    ];
    let vals: Vec<Option<Decimal>> = stages.iter().map(|s| row.value(*s)).collect();
    let top = vals[0].and_then(|v| v.to_f64()).unwrap_or(0.0);
    let labels: Vec<&str> = stages.iter().map(|s| s.def().label(th.lang)).collect();
    let lw = labels.iter().map(|l| width(l)).max().unwrap_or(8).min(16);
    let inner_w = area.width.saturating_sub(2) as usize;
    let bar_w = inner_w.saturating_sub(lw + 24);
    let mut lines = vec![];
    for (i, l) in labels.iter().enumerate() {
        let v = vals[i].and_then(|v| v.to_f64()).unwrap_or(0.0);
        let n = if top > 0.0 {
            ((v / top) * bar_w as f64).round() as usize
        } else {
            0
        };
        let rate = if i == 0 {
            String::new()
        } else {
            th.clean(format::plain(
                crate::util::div(vals[i], vals[i - 1]),
                Unit::Percent,
            ))
        };
        let pad = lw.saturating_sub(width(&fit(l, lw)));
        lines.push(Line::from(vec![
            Span::raw(format!("{}{} ", fit(l, lw), " ".repeat(pad))),
            Span::styled(th.bar().repeat(n.min(bar_w)), th.accent()),
            Span::raw(format!(
                " {} ",
                th.clean(format::plain(vals[i], Unit::Count))
            )),
            Span::styled(rate, th.muted()),
        ]));
    }
    let title = format!(" {} · {} ", th.t("Funnel", "转化漏斗"), row.label);
    f.render_widget(Paragraph::new(lines).block(th.block(th.clean(title))), area);
}
