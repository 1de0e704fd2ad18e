//! The Profit tab.

use super::Tab;
use crate::catalogue::Panel;

pub struct Profit;

impl Tab for Profit {
    fn panel(&self) -> Panel {
        Panel::Profit
    }
}

use rust_decimal::Decimal;

use crate::catalogue::ExpenseCategory;
use crate::domain::MetricId;
use crate::metrics::engine::Level;
use crate::metrics::report::Row;

/// One step of the profit waterfall.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub metric: MetricId,
    /// The step's amount as drawn: totals as they are, costs negative; None when
    /// undefined (no bar, `—`, and the running total goes on without it).
    pub delta: Option<Decimal>,
    /// A total (net sales, net profit, contribution) rather than a cost.
    pub total: bool,
    /// Where the bar spans (from, to) on the running total; None when undefined.
    pub span: Option<(Decimal, Decimal)>,
}

/// The waterfall of a row: net sales → COGS → each expense category → ads → net
/// profit; at SKU level net sales → COGS → variable expenses → allocated store
/// fees → ads → allocated store ads → contribution (rule 17). Costs of exactly 0
/// are left out; undefined ones stay (shown as undefined).
pub fn waterfall(row: &Row, level: Level) -> Vec<Step> {
    let sku_level = level == Level::Sku;
    let step = |id: MetricId, total: bool| {
        let delta = row.value(id).map(|v| if total { v } else { -v });
        (id, delta, total)
    };
    let mut steps = vec![step(MetricId::NetSales, true), step(MetricId::Cogs, false)];
    for c in ExpenseCategory::ALL
        .iter()
        .filter(|c| !sku_level || c.is_variable())
    {
        let id = c.metric();
        if row.value(id).is_none_or(|v| !v.is_zero()) {
            steps.push(step(id, false));
        }
    }
    if sku_level {
        steps.push(step(MetricId::AllocatedFees, false));
    }
    steps.push(step(MetricId::AdSpend, false));
    if sku_level {
        steps.push(step(MetricId::AllocatedAds, false));
        steps.push(step(MetricId::ContributionProfit, true));
    } else {
        steps.push(step(MetricId::NetProfit, true));
    }
    steps.retain(|(_, d, total)| *total || d.is_none_or(|d| !d.is_zero()));
    let mut run = Decimal::ZERO;
    steps
        .into_iter()
        .map(|(metric, delta, total)| {
            let span = delta.map(|d| {
                let from = if total { Decimal::ZERO } else { run };
                run = from + d;
                (from, run)
            });
            Step {
                metric,
                delta,
                total,
                span,
            }
        })
        .collect()
}

/// The range the bars span: (lowest, highest), 0 included below.
pub fn range(steps: &[Step]) -> (Decimal, Decimal) {
    let ends = || {
        steps
            .iter()
            .filter_map(|s| s.span)
            .flat_map(|(a, b)| [a, b])
    };
    let lo = ends().min().unwrap_or_default().min(Decimal::ZERO);
    let hi = ends().max().unwrap_or_default();
    (lo, hi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::report::MetricValue;

    /// A row of these values; every expense category is 0 (left out) unless given.
    fn row(values: &[(MetricId, Option<i64>)]) -> Row {
        let mut r = Row {
            key: "s".into(),
            label: "s".into(),
            path: vec![],
            unattributed: false,
            metrics: Default::default(),
        };
        let zero = ExpenseCategory::ALL.iter().map(|c| (c.metric(), Some(0)));
        for (id, v) in zero.chain(values.iter().copied()) {
            r.metrics.insert(
                id.as_str().to_string(),
                MetricValue {
                    value: v.map(Decimal::from),
                    ..MetricValue::default()
                },
            );
        }
        r
    }

    #[test]
    fn costs_run_down_from_net_sales_to_net_profit() {
        let r = row(&[
            (MetricId::NetSales, Some(1000)),
            (MetricId::Cogs, Some(400)),
            (MetricId::AdSpend, Some(100)),
            (MetricId::NetProfit, Some(500)),
        ]);
        let w = waterfall(&r, Level::Store);
        let spans: Vec<_> = w.iter().map(|s| (s.metric, s.span)).collect();
        let d = Decimal::from;
        assert_eq!(
            spans,
            vec![
                (MetricId::NetSales, Some((d(0), d(1000)))),
                (MetricId::Cogs, Some((d(1000), d(600)))),
                (MetricId::AdSpend, Some((d(600), d(500)))),
                (MetricId::NetProfit, Some((d(0), d(500)))),
            ]
        );
        assert_eq!(range(&w), (d(0), d(1000)));
    }

    #[test]
    fn an_undefined_step_has_no_bar_and_is_not_counted_as_zero() {
        let r = row(&[
            (MetricId::NetSales, Some(1000)),
            (MetricId::Cogs, None),
            (MetricId::AdSpend, Some(100)),
            (MetricId::NetProfit, None),
        ]);
        let w = waterfall(&r, Level::Store);
        let cogs = w.iter().find(|s| s.metric == MetricId::Cogs).unwrap();
        assert_eq!((cogs.delta, cogs.span), (None, None));
        let ads = w.iter().find(|s| s.metric == MetricId::AdSpend).unwrap();
        assert_eq!(ads.span, Some((Decimal::from(1000), Decimal::from(900))));
        let np = w.last().unwrap();
        assert_eq!((np.metric, np.span), (MetricId::NetProfit, None));
    }
}
