//! The `v` chart's model: its points, its value range and its periods (pure;
//! `ui::chart` draws them).

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::period::Period;

/// The defined values as (index, value) points; undefined ones leave a gap.
pub fn points(v: &[Option<Decimal>]) -> Vec<(f64, f64)> {
    v.iter()
        .enumerate()
        .filter_map(|(i, x)| Some((i as f64, x.and_then(|d| d.to_f64())?)))
        .collect()
}

/// The y range of both lines: (0, 1) when empty, ±1 around a flat line.
pub fn bounds(a: &[(f64, f64)], b: &[(f64, f64)]) -> (f64, f64) {
    let all: Vec<f64> = a.iter().chain(b).map(|p| p.1).collect();
    let (lo, hi) = all
        .iter()
        .fold((f64::MAX, f64::MIN), |(l, h), v| (l.min(*v), h.max(*v)));
    if all.is_empty() {
        (0.0, 1.0)
    } else if lo == hi {
        (lo - 1.0, hi + 1.0)
    } else {
        (lo, hi)
    }
}

/// The `n` periods ending at `end`, oldest first.
pub fn trailing(end: Period, n: usize) -> Vec<Period> {
    let mut periods = vec![end];
    for _ in 1..n {
        let p = periods.last().expect("one").previous();
        periods.push(p);
    }
    periods.reverse();
    periods
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_skip_undefined_and_bounds_widen_a_flat_line() {
        let d = |n: i64| Some(Decimal::from(n));
        let a = points(&[d(3), None, d(5)]);
        assert_eq!(a, vec![(0.0, 3.0), (2.0, 5.0)]);
        assert_eq!(bounds(&a, &[(1.0, 1.0)]), (1.0, 5.0));
        assert_eq!(bounds(&[(0.0, 2.0)], &[]), (1.0, 3.0));
        assert_eq!(bounds(&[], &[]), (0.0, 1.0));
    }

    #[test]
    fn trailing_periods_end_at_the_period() {
        let end = Period::parse("2026-10").unwrap();
        let ps = trailing(end, 3);
        let labels: Vec<String> = ps.iter().map(|p| p.label()).collect();
        assert_eq!(labels, vec!["2026-08", "2026-09", "2026-10"]);
    }
}
