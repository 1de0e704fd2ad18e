//! `v`: one metric of one row over the last periods as a ratatui `Chart`, the
//! comparison periods (one back, or a year back) overlaid. Braille dots: no
//! glyph of ambiguous width.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Clear, Dataset, GraphType, LegendPosition, Paragraph};
use rust_decimal::prelude::ToPrimitive;

use super::{Theme, centered};
use crate::app::{App, TREND_LEN};
use crate::domain::MetricId;
use crate::format::ColumnFormat;

pub fn draw(f: &mut Frame, area: Rect, app: &App, th: &Theme, row: &str, metric: MetricId) {
    let r = centered(area, area.width.saturating_sub(2), area.height);
    f.render_widget(Clear, r);
    let def = metric.def();
    let (ck, pk) = app.chart_keys(row, metric);
    let cur = app.trends.get(&ck);
    let cmp = app.trends.get(&pk);
    let who = if row.is_empty() {
        th.t("All", "全部").to_string()
    } else {
        row.to_string()
    };
    let mode = match app.compare {
        crate::period::CompareMode::Prev => th.t("prev", "环比"),
        crate::period::CompareMode::Yoy => th.t("yoy", "同比"),
    };
    let title = format!(
        " {} · {who} · {} {} · {} ",
        def.label(th.lang),
        TREND_LEN,
        th.t("periods", "个周期"),
        mode
    );
    let block = th.block(th.clean(title));
    let Some(cur) = cur else {
        f.render_widget(Paragraph::new(th.t("loading…", "加载中…")).block(block), r);
        return;
    };
    let pts = |v: &[Option<rust_decimal::Decimal>]| -> Vec<(f64, f64)> {
        v.iter()
            .enumerate()
            .filter_map(|(i, x)| Some((i as f64, x.and_then(|d| d.to_f64())?)))
            .collect()
    };
    let a = pts(cur);
    let b = cmp.map(|c| pts(c)).unwrap_or_default();
    let all: Vec<f64> = a.iter().chain(&b).map(|p| p.1).collect();
    let (lo, hi) = all
        .iter()
        .fold((f64::MAX, f64::MIN), |(l, h), v| (l.min(*v), h.max(*v)));
    let (lo, hi) = if all.is_empty() {
        (0.0, 1.0)
    } else if lo == hi {
        (lo - 1.0, hi + 1.0)
    } else {
        (lo, hi)
    };
    // y labels in the column's one format
    let fmt = ColumnFormat::of(
        def.unit,
        cur.iter()
            .chain(cmp.into_iter().flatten())
            .flatten()
            .copied(),
    );
    let ylab = |v: f64| th.clean(fmt.show(rust_decimal::Decimal::from_f64_retain(v), th.lang));
    // x labels: the first, middle and last period
    let mut periods = vec![app.period];
    for _ in 1..TREND_LEN {
        let p = periods.last().expect("one").previous();
        periods.push(p);
    }
    periods.reverse();
    let xl = [0, TREND_LEN / 2, TREND_LEN - 1].map(|i| Span::raw(periods[i].label()));
    let cmp_name = th.t("comparison", "对比期");
    let datasets = vec![
        Dataset::default()
            .name(th.t("current", "本期"))
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(th.accent().add_modifier(Modifier::BOLD))
            .data(&a),
        Dataset::default()
            .name(cmp_name)
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(th.muted())
            .data(&b),
    ];
    let chart = Chart::new(datasets)
        .block(block)
        .legend_position(Some(LegendPosition::TopLeft))
        .x_axis(
            Axis::default()
                .bounds([0.0, (TREND_LEN - 1) as f64])
                .labels(xl.to_vec())
                .style(th.muted()),
        )
        .y_axis(
            Axis::default()
                .bounds([lo, hi])
                .labels(vec![
                    Line::from(ylab(lo)),
                    Line::from(ylab((lo + hi) / 2.0)),
                    Line::from(ylab(hi)),
                ])
                .style(th.muted()),
        );
    f.render_widget(chart, r);
}
