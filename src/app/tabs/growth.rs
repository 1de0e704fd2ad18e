//! The Growth tab: the table and the selected row's GMV trend.

use super::{Tab, trend_key};
use crate::app::state::{App, Query, TrendKey};
use crate::catalogue::Panel;
use crate::domain::MetricId;

pub struct Growth;

impl Tab for Growth {
    fn panel(&self) -> Panel {
        Panel::Growth
    }

    /// The chart's trend, once the rows (and so the selection) are in.
    fn queries(&self, app: &App, fresh: bool, _out: &mut Vec<Query>, trends: &mut Vec<TrendKey>) {
        if fresh {
            trends.push(trend_key(app, &app.selected_key(), MetricId::Gmv));
        }
    }
}
