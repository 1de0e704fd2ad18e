//! Profit: a waterfall for the selected row: net sales → COGS → each expense
//! category → ads → net profit; at SKU level net sales → COGS → variable
//! expenses → allocated store fees → ads → allocated store ads → contribution.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::{Theme, fit, width};
use crate::app::App;
use crate::catalogue::{ExpenseCategory, Unit};
use crate::domain::MetricId;
use crate::format;
use crate::metrics::engine::Level;

pub fn waterfall(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let Some(row) = super::panels::chart_row(app) else {
        return;
    };
    let label = |id: MetricId| id.def().label(th.lang);
    let sku_level = app.level().level == Level::Sku;
    // (label, delta — None when undefined, is_total)
    let mut steps: Vec<(String, Option<Decimal>, bool)> = vec![];
    let step = |id: MetricId, total: bool| {
        (
            label(id).to_string(),
            row.value(id).map(|v| if total { v } else { -v }),
            total,
        )
    };
    steps.push(step(MetricId::NetSales, true));
    steps.push(step(MetricId::Cogs, false));
    // SKU level: the contribution waterfall (variable costs, direct and allocated, rule 17);
    // above it: every expense category down to net profit.
    for c in ExpenseCategory::ALL
        .iter()
        .filter(|c| !sku_level || c.is_variable())
    {
        let id = c.metric();
        if row.value(id).is_none_or(|v| !v.is_zero()) {
            steps.push(step(id, false));
        }
    }
    if sku_level {
        steps.push(step(MetricId::AllocatedFees, false));
    }
    steps.push(step(MetricId::AdSpend, false));
    if sku_level {
        steps.push(step(MetricId::AllocatedAds, false));
        steps.push(step(MetricId::ContributionProfit, true));
    } else {
        steps.push(step(MetricId::NetProfit, true));
    }
    steps.retain(|(_, d, total)| *total || d.is_none_or(|d| !d.is_zero()));
    // Running totals: each step spans [from, to].
    let mut spans = vec![];
    let mut run = Decimal::ZERO;
    for (_, d, total) in &steps {
        // an undefined step draws no bar (never a misleading 0)
        let d = d.unwrap_or_default();
        if *total {
            spans.push((Decimal::ZERO, d));
            run = d;
        } else {
            spans.push((run, run + d));
            run += d;
        }
    }
    let lo = spans
        .iter()
        .flat_map(|(a, b)| [*a, *b])
        .min()
        .unwrap_or_default()
        .min(Decimal::ZERO);
    let hi = spans
        .iter()
        .flat_map(|(a, b)| [*a, *b])
        .max()
        .unwrap_or_default();
    let inner_h = area.height.saturating_sub(2) as usize;
    let inner_w = area.width.saturating_sub(2) as usize;
    let lw = steps.iter().map(|s| width(&s.0)).max().unwrap_or(8).min(18);
    let vw = 12;
    let bw = inner_w.saturating_sub(lw + vw + 2);
    let col = |v: Decimal| -> usize {
        if hi == lo {
            return 0;
        }
        (((v - lo) / (hi - lo)).to_f64().unwrap_or(0.0) * bw as f64).round() as usize
    };
    // Keep the first and last steps when the box is short.
    let mut idx: Vec<usize> = (0..steps.len()).collect();
    if idx.len() > inner_h && inner_h >= 2 {
        let last = idx.len() - 1;
        idx.truncate(inner_h - 1);
        idx.push(last);
    }
    let mut lines = vec![];
    for i in idx {
        let (name, d, total) = &steps[i];
        let (a, b) = spans[i];
        let (s, e) = (col(a.min(b)), col(a.max(b)));
        let n = (e - s).max(usize::from(d.is_some_and(|d| !d.is_zero())));
        let style = if *total {
            if d.is_some_and(|d| d < Decimal::ZERO) {
                th.bad()
            } else {
                th.accent()
            }
        } else {
            th.bad()
        };
        let pad = lw.saturating_sub(width(&fit(name, lw)));
        let val = th.clean(format::compact(*d, Unit::Money));
        lines.push(Line::from(vec![
            Span::raw(format!("{}{} ", fit(name, lw), " ".repeat(pad))),
            Span::raw(" ".repeat(s.min(bw))),
            Span::styled(th.bar().repeat(n.min(bw.saturating_sub(s))), style),
            Span::raw(" ".repeat(bw.saturating_sub(s + n))),
            Span::raw(format!(" {val:>vw$}", vw = vw - 1)),
        ]));
    }
    let title = format!(" {} · {} ", th.t("Profit waterfall", "利润瀑布"), row.label);
    f.render_widget(Paragraph::new(lines).block(th.block(th.clean(title))), area);
}
