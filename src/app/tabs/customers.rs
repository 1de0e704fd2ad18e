//! The Customers tab: the table and the cohort retention of the scope.

use super::Tab;
use crate::app::state::{App, Query, TrendKey};
use crate::catalogue::Panel;

pub struct Customers;

impl Tab for Customers {
    fn panel(&self) -> Panel {
        Panel::Customers
    }

    fn queries(&self, app: &App, _fresh: bool, out: &mut Vec<Query>, _trends: &mut Vec<TrendKey>) {
        let q = Query::Cohorts {
            end: app.period,
            under: app.level().under.clone(),
        };
        if app.cohorts.as_ref().map(|c| &c.0) != Some(&q) {
            out.push(q);
        }
    }
}
