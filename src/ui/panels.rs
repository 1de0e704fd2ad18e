//! The table tabs: a metric table (with the tab's chart below when there is
//! room). Growth, Funnel, Ads and Profit add their charts; Inventory and
//! Experience are the table alone.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

use super::{Theme, table};
use crate::app::{self, App};
use crate::catalogue::Panel;

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

/// Lines of a tab's chart below its table (0: the table alone).
pub fn chart_height(panel: Panel, area: Rect) -> u16 {
    match panel {
        Panel::Growth => (area.height / 3).clamp(6, 12),
        Panel::Funnel => 6,
        Panel::Profit => (area.height / 2).clamp(6, 16),
        Panel::Customers => (area.height / 2).clamp(5, 16),
        _ => 0,
    }
}

/// Where the table of a tab sits in the body (for mouse hits).
pub fn table_rect(panel: Panel, area: Rect) -> Rect {
    match chart_height(panel, area) {
        0 => area,
        h => split(area, h).0,
    }
}

pub fn draw(f: &mut Frame, area: Rect, app: &App, th: &Theme, panel: Panel) {
    let cols = app::columns(panel, app.level().level);
    let chart_h = chart_height(panel, area);
    let (t, chart) = if chart_h > 0 {
        split(area, chart_h)
    } else {
        (area, None)
    };
    table::draw(f, t, app, th, cols);
    if let Some(c) = chart {
        match panel {
            Panel::Growth => super::growth::chart(f, c, app, th),
            Panel::Funnel => super::funnel::chart(f, c, app, th),
            Panel::Profit => super::profit::waterfall(f, c, app, th),
            _ => {}
        }
    }
}

/// The row the charts describe: the selected row, or the scope's total.
pub fn chart_row(app: &App) -> Option<&crate::metrics::report::Row> {
    let (rep, _) = app.shown_report()?;
    app.selected_row().or(Some(&rep.total))
}
