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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::report::MetricValue;

    fn row(key: &str, restock: Option<i64>) -> Row {
        let mut r = Row {
            key: key.into(),
            label: key.into(),
            path: vec![],
            unattributed: false,
            metrics: Default::default(),
        };
        let mv = MetricValue {
            value: restock.map(rust_decimal::Decimal::from),
            ..MetricValue::default()
        };
        r.metrics
            .insert(MetricId::NeedsRestock.as_str().to_string(), mv);
        r
    }

    #[test]
    fn the_restock_list_comes_first_at_sku_level_only() {
        let (a, b, c) = (row("a", Some(0)), row("b", Some(1)), row("c", None));
        let mut rows = vec![&a, &b, &c];
        Inventory.default_order(Level::Store, &mut rows);
        assert_eq!(
            rows.iter().map(|r| r.key.as_str()).collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
        Inventory.default_order(Level::Sku, &mut rows);
        assert_eq!(
            rows.iter().map(|r| r.key.as_str()).collect::<Vec<_>>(),
            ["b", "a", "c"]
        );
    }
}
