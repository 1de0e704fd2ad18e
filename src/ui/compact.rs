//! The Overview when its cards do not fit (40×10): one line per headline
//! metric — value, change and health mark — then as many alerts as fit.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Theme, fit, width};
use crate::app::App;

use crate::format::{self, ColumnFormat};
use crate::metrics::report::{self, Report};

/// Whether the Overview's cards (three lines each at least) leave no room.
pub fn cards_do_not_fit(area: Rect) -> bool {
    let ncols = ((area.width / 22) as usize).clamp(1, 4);
    // the owner's cards: the most any role has
    let nrows = crate::catalogue::Role::Owner.cards().len().div_ceil(ncols) as u16;
    area.height < nrows * 3 + 3
}

pub fn overview(f: &mut Frame, area: Rect, app: &App, th: &Theme, rep: &Report, stale: bool) {
    let dim = if stale {
        Style::default().add_modifier(Modifier::DIM)
    } else {
        Style::default()
    };
    let defs: Vec<_> = app.role.cards().iter().map(|id| id.def()).collect();
    let lw = defs
        .iter()
        .map(|d| width(d.label(th.lang)))
        .max()
        .unwrap_or(8)
        .min(area.width as usize / 3);
    let cells: Vec<_> = defs
        .iter()
        .map(|d| {
            let mv = rep.total.get(d.id).cloned().unwrap_or_default();
            let h = app
                .master
                .as_deref()
                .and_then(|m| report::health(m, d, mv.value));
            let cf = ColumnFormat::of(d.unit, mv.value);
            (
                d,
                th.clean(cf.show(mv.value, th.lang)) + th.health_mark(h),
                h,
                mv,
            )
        })
        .collect();
    let vw = cells.iter().map(|c| width(&c.1)).max().unwrap_or(0);
    let mut lines: Vec<Line> = cells
        .into_iter()
        .map(|(d, v, h, mv)| {
            let name = fit(d.label(th.lang), lw);
            let pad = lw.saturating_sub(width(&name));
            Line::from(vec![
                Span::raw(format!("{name}{} ", " ".repeat(pad))),
                Span::styled(
                    format!("{}{v}", " ".repeat(vw - width(&v))),
                    th.health(h).add_modifier(Modifier::BOLD),
                ),
                Span::styled(
                    format!(" {}", th.clean(format::change_cell(mv.change, th.ascii))),
                    th.change(d, mv.change),
                ),
            ])
        })
        .collect();
    let room = (area.height as usize).saturating_sub(lines.len());
    if room > 0 {
        let title = format!("{} ({})", th.t("Alerts", "警报"), app.ranked.len());
        lines.push(Line::styled(title, th.muted()));
        // the selected alert stays in view
        let show = room - 1;
        let start = app.alert_sel.saturating_sub(show.saturating_sub(1));
        for (i, a) in app.ranked.iter().enumerate().skip(start).take(show) {
            let label = a.metric.def().label(th.lang);
            let shown = crate::metrics::alerts::shown_path(a);
            let row = if shown.is_empty() {
                th.t("All", "全部").to_string()
            } else {
                shown.join(" › ")
            };
            let style = if i == app.alert_sel {
                th.selected()
            } else {
                Style::default()
            };
            lines.push(Line::styled(th.clean(format!("{row} {label}")), style));
        }
    }
    f.render_widget(Paragraph::new(lines).style(dim), area);
}
