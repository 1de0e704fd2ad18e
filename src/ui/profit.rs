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
use crate::app::tabs::profit;
use crate::catalogue::Unit;
use crate::format;

/// The table, and the waterfall below it.
pub struct View;

impl super::tabs::TabView for View {
    fn chart_height(&self, area: Rect) -> u16 {
        (area.height / 2).clamp(6, 16)
    }

    fn chart(&self, f: &mut Frame, area: Rect, app: &App, th: &Theme) {
        waterfall(f, area, app, th);
    }
}

/// Draws the waterfall `app::tabs::profit` builds: bars on the running total,
/// first and last steps kept when the box is short; an undefined step shows `—`
/// and no bar, and the title says it is left out of the running total.
pub fn waterfall(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let Some(row) = super::panels::chart_row(app) else {
        return;
    };
    let steps = profit::waterfall(row, app.level().level);
    let (lo, hi) = profit::range(&steps);
    let inner_h = area.height.saturating_sub(2) as usize;
    let inner_w = area.width.saturating_sub(2) as usize;
    let label = |s: &profit::Step| s.metric.def().label(th.lang);
    let lw = steps
        .iter()
        .map(|s| width(label(s)))
        .max()
        .unwrap_or(8)
        .min(18);
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
        let st = &steps[i];
        let (s, e) = st
            .span
            .map_or((0, 0), |(a, b)| (col(a.min(b)), col(a.max(b))));
        let n = (e - s).max(usize::from(st.delta.is_some_and(|d| !d.is_zero())));
        let style = if st.total && st.delta.is_none_or(|d| d >= Decimal::ZERO) {
            th.accent()
        } else {
            th.bad()
        };
        let name = label(st);
        let pad = lw.saturating_sub(width(&fit(name, lw)));
        let val = th.clean(format::compact(st.delta, Unit::Money));
        lines.push(Line::from(vec![
            Span::raw(format!("{}{} ", fit(name, lw), " ".repeat(pad))),
            Span::raw(" ".repeat(s.min(bw))),
            Span::styled(th.bar().repeat(n.min(bw.saturating_sub(s))), style),
            Span::raw(" ".repeat(bw.saturating_sub(s + n))),
            Span::raw(format!(" {val:>vw$}", vw = vw - 1)),
        ]));
    }
    let mut title = format!(" {} · {} ", th.t("Profit waterfall", "利润瀑布"), row.label);
    if steps.iter().any(|s| s.delta.is_none()) {
        title.push_str(th.t("· — undefined, not counted ", "· — 未定义，未计入 "));
    }
    f.render_widget(Paragraph::new(lines).block(th.block(th.clean(title))), area);
}
