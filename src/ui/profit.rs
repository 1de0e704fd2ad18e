//! Profit: a waterfall for the selected row: net sales → COGS → each expense
//! category → ads → net profit.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::{Theme, fit, width};
use crate::app::App;
use crate::catalogue::{self, EXPENSE_CATEGORIES, Unit};
use crate::format;

pub fn waterfall(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let Some(row) = super::panels::chart_row(app) else {
        return;
    };
    let label = |id: &str| catalogue::find(id).map(|d| d.label(th.lang)).unwrap_or("?");
    // (label, delta, is_total)
    let mut steps: Vec<(String, Decimal, bool)> = vec![];
    let ns = row.value("net_sales").unwrap_or_default();
    steps.push((label("net_sales").into(), ns, true));
    steps.push((
        label("cogs").into(),
        -row.value("cogs").unwrap_or_default(),
        false,
    ));
    for c in EXPENSE_CATEGORIES {
        let id = format!("expense_{c}");
        if let Some(v) = row.value(&id).filter(|v| !v.is_zero()) {
            steps.push((label(&id).into(), -v, false));
        }
    }
    steps.push((
        label("ad_spend").into(),
        -row.value("ad_spend").unwrap_or_default(),
        false,
    ));
    let np = row.value("net_profit");
    steps.push((label("net_profit").into(), np.unwrap_or_default(), true));
    // Running totals: each step spans [from, to].
    let mut spans = vec![];
    let mut run = Decimal::ZERO;
    for (_, d, total) in &steps {
        if *total {
            spans.push((Decimal::ZERO, *d));
            run = *d;
        } else {
            spans.push((run, run + *d));
            run += *d;
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
        let n = (e - s).max(usize::from(!d.is_zero()));
        let style = if *total {
            if *d < Decimal::ZERO {
                th.bad()
            } else {
                th.accent()
            }
        } else {
            th.bad()
        };
        let pad = lw.saturating_sub(width(&fit(name, lw)));
        let val = th.clean(format::compact(Some(*d), Unit::Money));
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
