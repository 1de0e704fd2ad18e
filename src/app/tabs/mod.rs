//! The tab registry: one module per tab, each a `Tab` saying what the tab
//! shows (its columns, from the catalogue), what its report computes
//! (`Needs::of_panel`), which other queries it asks for (trends, cohorts,
//! alerts), its default row order, its drill and its cursor. Per-tab
//! behaviour lives here and nowhere else; `ui::tabs` is the drawing side.

pub mod ads;
pub mod customers;
pub mod experience;
pub mod funnel;
pub mod growth;
pub mod inventory;
pub mod overview;
pub mod profit;

use super::state::{App, Query, TrendKey};
use crate::catalogue::{self, Column, MetricDef, Panel};
use crate::domain::MetricId;
use crate::metrics::engine::{Level, Needs};
use crate::metrics::report::Row;

/// One tab of the cockpit. Defaults describe a plain metric table.
pub trait Tab: Sync {
    fn panel(&self) -> Panel;

    /// The panel whose rows the tab's table, export and jumps use (the Overview
    /// shows none of its own: Growth's).
    fn rows_panel(&self) -> Panel {
        self.panel()
    }

    /// The tab's own columns at `level` (catalogue data; the Overview has none).
    fn columns(&self, level: Level) -> &'static [Column] {
        catalogue::columns(self.panel(), level)
    }

    /// The columns of the table the tab shows and exports (`rows_panel`'s).
    fn table_columns(&self, level: Level) -> &'static [Column] {
        of(self.rows_panel()).columns(level)
    }

    /// What the view's report computes.
    fn needs(&self) -> Needs {
        Needs::of_panel(Some(self.panel()))
    }

    /// A quicker first answer the worker sends before the full report (None: none).
    fn first_needs(&self) -> Option<Needs> {
        None
    }

    /// The metric of the trend in a row's detail card.
    fn trend_metric(&self) -> MetricId {
        catalogue::trend_metric(self.panel())
    }

    /// The queries besides the report this tab needs (`fresh`: the report of the
    /// view is in): pushed to `out`, trends to `trends`.
    fn queries(
        &self,
        _app: &App,
        _fresh: bool,
        _out: &mut Vec<Query>,
        _trends: &mut Vec<TrendKey>,
    ) {
    }

    /// The order of the rows when no column is sorted.
    fn default_order(&self, _level: Level, _rows: &mut [&Row]) {}

    /// The tab's cursor: (position, number of entries).
    fn cursor(&self, app: &App) -> (usize, usize) {
        (app.level().selected, app.visible_rows().len())
    }

    /// Moves the tab's cursor (clamped by the caller).
    fn set_cursor(&self, app: &mut App, i: usize) {
        super::actions::select_row(app, i);
    }

    /// Enter on the tab.
    fn drill(&self, app: &mut App) {
        super::actions::drill_row(app);
    }

    /// Hint of Enter in the status line (None: the key table's).
    fn drill_hint(&self) -> Option<(&'static str, &'static str)> {
        None
    }

    /// `c` opens the selected store's campaigns at this level (else it toggles the comparison).
    fn campaigns_at(&self, _level: Level) -> bool {
        false
    }

    /// `v` charts a column of the tab.
    fn charts(&self) -> bool {
        true
    }

    /// Whether the tab draws a table of rows (mouse clicks land on it).
    fn has_table(&self) -> bool {
        true
    }

    /// The metrics of a row's detail card.
    fn card_metrics(&self, _app: &App) -> Vec<&'static MetricDef> {
        catalogue::panel_metrics(self.panel()).collect()
    }
}

/// Every tab, in `Panel::ALL` order (checked by a test).
pub static ALL: [&dyn Tab; 8] = [
    &overview::Overview,
    &growth::Growth,
    &funnel::Funnel,
    &ads::Ads,
    &inventory::Inventory,
    &profit::Profit,
    &experience::Experience,
    &customers::Customers,
];

/// The tab of a panel.
pub fn of(panel: Panel) -> &'static dyn Tab {
    ALL.iter()
        .copied()
        .find(|t| t.panel() == panel)
        .expect("every panel has a tab")
}

/// The tab index of a panel.
pub fn index(panel: Panel) -> usize {
    ALL.iter().position(|t| t.panel() == panel).unwrap_or(0)
}

/// The trend key of `metric` for `row` ("" = the scope's total) in the current view.
pub fn trend_key(app: &App, row: &str, metric: MetricId) -> TrendKey {
    TrendKey {
        view: app.view_key(),
        row: row.to_string(),
        metric,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_follows_the_panel_order() {
        let panels: Vec<Panel> = ALL.iter().map(|t| t.panel()).collect();
        assert_eq!(panels, Panel::ALL.to_vec());
    }
}
