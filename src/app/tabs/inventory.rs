//! The Inventory tab: at SKU level the restock list comes first.

use super::Tab;
use crate::catalogue::Panel;
use crate::domain::MetricId;
use crate::metrics::engine::Level;
use crate::metrics::report::Row;

pub struct Inventory;

impl Tab for Inventory {
    fn panel(&self) -> Panel {
        Panel::Inventory
    }

    fn default_order(&self, level: Level, rows: &mut [&Row]) {
        if level == Level::Sku {
            rows.sort_by_key(|r| {
                std::cmp::Reverse(r.value(MetricId::NeedsRestock).unwrap_or_default())
            });
        }
    }
}
