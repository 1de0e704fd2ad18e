//! Growth: the GMV trend of the selected row over the last 12 periods.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::bar;
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup, Paragraph};
use rust_decimal::prelude::ToPrimitive;

use super::Theme;
use crate::app::App;
use crate::catalogue::Unit;
use crate::domain::MetricId;
use crate::format;
use crate::period::Grain;

pub const ASCII_BARS: bar::Set = bar::Set {
    full: "#",
    seven_eighths: "#",
    three_quarters: "#",
    five_eighths: "#",
    half: "=",
    three_eighths: "=",
    one_quarter: "-",
    one_eighth: "_",
    empty: " ",
};

pub fn chart(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let row = super::panels::chart_row(app);
    let label = row.map(|r| r.label.clone()).unwrap_or_default();
    let key = app.selected_key();
    let title = format!(" {} · {} ", th.t("GMV trend", "GMV 趋势"), label);
    let block = th.block(th.clean(title));
    let Some(values) = app.trend(&key, MetricId::Gmv) else {
        f.render_widget(
            Paragraph::new(th.clean(th.t("loading…", "加载中…").into())).block(block),
            area,
        );
        return;
    };
    let periods = app.period.trailing(values.len());
    let inner_w = area.width.saturating_sub(2) as usize;
    let n = values.len().max(1);
    let bw = ((inner_w.saturating_sub(n)) / n).clamp(1, 8) as u16;
    let bars: Vec<Bar> = values
        .iter()
        .zip(&periods)
        .map(|(v, p)| {
            let label = p.label();
            let short = match p.grain {
                Grain::Year => label.clone(),
                Grain::Custom => String::new(),
                _ => label.rsplit(['-']).next().unwrap_or("").to_string(),
            };
            let val = v.and_then(|d| d.to_f64()).unwrap_or(0.0).max(0.0);
            Bar::default()
                .value(val.round() as u64)
                .label(Line::from(short))
                .text_value(th.clean(format::compact(*v, Unit::Money)))
        })
        .collect();
    let mut c = BarChart::default()
        .block(block)
        .data(BarGroup::default().bars(&bars))
        .bar_width(bw)
        .bar_gap(1)
        .bar_style(th.accent())
        .value_style(Style::default().add_modifier(ratatui::style::Modifier::REVERSED));
    if th.ascii {
        c = c.bar_set(ASCII_BARS);
    }
    f.render_widget(c, area);
}
