//! The drawing side of the tab registry (`app::tabs` is the model side): how
//! each tab lays out its body. A tab is a metric table with, when there is
//! room, its chart below; the Overview draws its cards and alerts instead.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::{Theme, panels};
use crate::app::App;
use crate::catalogue::Panel;

/// How one tab draws its body.
pub trait TabView: Sync {
    /// Lines of the chart below the table (0: the table alone).
    fn chart_height(&self, _area: Rect) -> u16 {
        0
    }

    /// The chart below the table.
    fn chart(&self, _f: &mut Frame, _area: Rect, _app: &App, _th: &Theme) {}

    /// The whole body: by default the table, then the chart when both fit.
    fn draw(&self, f: &mut Frame, area: Rect, app: &App, th: &Theme) {
        panels::draw(f, area, app, th, self.chart_height(area), |f, c| {
            self.chart(f, c, app, th)
        });
    }

    /// Where the table sits in the body (mouse hits; None: no table).
    fn table_rect(&self, area: Rect) -> Option<Rect> {
        Some(panels::table_rect(self.chart_height(area), area))
    }
}

/// A tab that is its table alone (Inventory, Experience).
pub struct TableOnly;

impl TabView for TableOnly {}

/// Every tab's view, by panel.
static VIEWS: [(Panel, &dyn TabView); 8] = [
    (Panel::Overview, &super::overview::View),
    (Panel::Growth, &super::growth::View),
    (Panel::Funnel, &super::funnel::View),
    (Panel::Ads, &TableOnly),
    (Panel::Inventory, &TableOnly),
    (Panel::Profit, &super::profit::View),
    (Panel::Experience, &TableOnly),
    (Panel::Customers, &super::customers::View),
];

/// The view of a panel's tab.
pub fn of(panel: Panel) -> &'static dyn TabView {
    VIEWS
        .iter()
        .find(|(p, _)| *p == panel)
        .map(|(_, v)| *v)
        .expect("every panel has a view")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_panel_has_one_view_in_tab_order() {
        let panels: Vec<Panel> = VIEWS.iter().map(|(p, _)| *p).collect();
        assert_eq!(panels, Panel::ALL.to_vec());
    }
}
