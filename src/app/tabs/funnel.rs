//! The Funnel tab.

use super::Tab;
use crate::catalogue::Panel;

pub struct Funnel;

impl Tab for Funnel {
    fn panel(&self) -> Panel {
        Panel::Funnel
    }
}

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::domain::MetricId;
use crate::metrics::report::Row;

/// The funnel's stages, top to bottom.
pub const STAGES: [MetricId; 4] = [
    MetricId::Sessions,
    MetricId::AddToCart,
    MetricId::Checkouts,
    MetricId::Orders,
];

/// One stage of the funnel chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    pub metric: MetricId,
    pub value: Option<Decimal>,
    /// The share of the top stage the bar spans (0 when either is undefined).
    pub share: f64,
    /// The rate from the stage above (None for the top stage, or undefined).
    pub rate: Option<Decimal>,
}

/// The funnel of a row: each stage's count, its share of the sessions and its
/// rate from the stage above (the catalogue's cart and checkout rates where it
/// has them).
pub fn stages(row: &Row) -> Vec<Stage> {
    let vals: Vec<Option<Decimal>> = STAGES.iter().map(|s| row.value(*s)).collect();
    let top = vals[0].and_then(|v| v.to_f64()).unwrap_or(0.0);
    STAGES
        .iter()
        .enumerate()
        .map(|(i, &metric)| {
            let v = vals[i].and_then(|v| v.to_f64()).unwrap_or(0.0);
            Stage {
                metric,
                value: vals[i],
                share: if top > 0.0 { v / top } else { 0.0 },
                rate: match metric {
                    MetricId::Sessions => None,
                    MetricId::AddToCart => row.value(MetricId::CartRate),
                    MetricId::Checkouts => row.value(MetricId::CheckoutRate),
                    _ => crate::util::div(vals[i], vals[i - 1]),
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::report::MetricValue;

    #[test]
    fn stages_share_the_sessions_and_rate_from_the_stage_above() {
        let mut r = Row {
            key: "s".into(),
            label: "s".into(),
            path: vec![],
            unattributed: false,
            metrics: Default::default(),
        };
        let d = |n: i64, dp: u32| Decimal::new(n, dp);
        for (id, v) in [
            (MetricId::Sessions, d(1000, 0)),
            (MetricId::AddToCart, d(100, 0)),
            (MetricId::Checkouts, d(50, 0)),
            (MetricId::Orders, d(40, 0)),
            (MetricId::CartRate, d(10, 2)),
            (MetricId::CheckoutRate, d(50, 2)),
        ] {
            let mv = MetricValue {
                value: Some(v),
                ..MetricValue::default()
            };
            r.metrics.insert(id.as_str().to_string(), mv);
        }
        let s = stages(&r);
        let shares: Vec<f64> = s.iter().map(|s| s.share).collect();
        assert_eq!(shares, vec![1.0, 0.1, 0.05, 0.04]);
        let rates: Vec<_> = s.iter().map(|s| s.rate).collect();
        assert_eq!(
            rates,
            vec![None, Some(d(10, 2)), Some(d(50, 2)), Some(d(8, 1))]
        );
    }
}
