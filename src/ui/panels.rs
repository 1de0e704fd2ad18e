//! The table tabs: a metric table (with the tab's chart below when there is
//! room). Growth, Funnel, Ads and Profit add their charts; Inventory and
//! Experience are the table alone.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

use super::{Theme, table};
use crate::app::App;

pub use super::ads::campaigns;

/// Splits the body into the table and a chart of `chart_h` lines when both fit.
pub fn split(area: Rect, chart_h: u16) -> (Rect, Option<Rect>) {
    if area.height >= chart_h + 7 {
        let [t, c] =
            Layout::vertical([Constraint::Min(7), Constraint::Length(chart_h)]).areas(area);
        (t, Some(c))
    } else {
        (area, None)
    }
}

/// Where the table of a tab with a chart of `chart_h` lines sits in the body.
pub fn table_rect(chart_h: u16, area: Rect) -> Rect {
    match chart_h {
        0 => area,
        h => split(area, h).0,
    }
}

/// A table tab's body: the table, and the chart (of `chart_h` lines) when both fit.
pub fn draw(
    f: &mut Frame,
    area: Rect,
    app: &App,
    th: &Theme,
    chart_h: u16,
    chart: impl FnOnce(&mut Frame, Rect),
) {
    let (t, c) = if chart_h > 0 {
        split(area, chart_h)
    } else {
        (area, None)
    };
    table::draw(f, t, app, th);
    if let Some(c) = c {
        chart(f, c);
    }
}

/// The row the charts describe: the selected row, or the scope's total.
pub fn chart_row(app: &App) -> Option<&crate::metrics::report::Row> {
    let (rep, _) = app.shown_report()?;
    app.selected_row().or(Some(&rep.total))
}
