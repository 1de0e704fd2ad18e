//! The Overview tab: the role's cards and the ranked alerts. It has no table of
//! its own (exports and jumps use Growth's rows); its cursor walks the alerts and
//! Enter opens the selected one.

use super::{Tab, trend_key};
use crate::app::state::{App, Query, TrendKey};
use crate::catalogue::{MetricDef, Panel};
use crate::metrics::engine::Needs;

pub struct Overview;

impl Tab for Overview {
    fn panel(&self) -> Panel {
        Panel::Overview
    }

    fn rows_panel(&self) -> Panel {
        Panel::Growth
    }

    /// What the ranked alert list covers (the list itself is its own query).
    fn needs(&self) -> Needs {
        crate::metrics::alerts::NEEDS
    }

    /// The cards first (their own metrics only: fast on any workbook), then the
    /// same view again with every alert.
    fn first_needs(&self) -> Option<Needs> {
        Some(Needs::of_panel(Some(Panel::Overview)))
    }

    fn queries(&self, app: &App, _fresh: bool, out: &mut Vec<Query>, trends: &mut Vec<TrendKey>) {
        for m in app.role.cards() {
            trends.push(trend_key(app, "", *m));
        }
        let q = crate::app::alerts_query(app);
        if app.ranked_key.as_ref() != Some(&q) {
            out.push(q);
        }
    }

    fn cursor(&self, app: &App) -> (usize, usize) {
        (app.alert_sel, app.ranked.len())
    }

    fn set_cursor(&self, app: &mut App, i: usize) {
        app.alert_sel = i;
    }

    fn drill(&self, app: &mut App) {
        crate::app::actions::jump_to_alert(app);
    }

    fn drill_hint(&self) -> Option<(&'static str, &'static str)> {
        Some(("open alert", "打开警报"))
    }

    fn charts(&self) -> bool {
        false
    }

    fn has_table(&self) -> bool {
        false
    }

    fn card_metrics(&self, app: &App) -> Vec<&'static MetricDef> {
        app.role.cards().iter().map(|id| id.def()).collect()
    }
}
