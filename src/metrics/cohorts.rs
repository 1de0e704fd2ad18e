//! Cohort retention: for first-order month m and k = 0..11, the share of the
//! cohort's customers with a valid order in month m+k.

use std::collections::{BTreeMap, HashSet};

use anyhow::Result;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::util::{date_of, day_of};
use crate::workbook::{Master, Workbook};

#[derive(Debug, Clone, PartialEq)]
pub struct Cohort {
    /// First-order month, `YYYY-MM`.
    pub month: String,
    pub size: i64,
    /// Retention for k = 0..11; None where month m+k is after the last month.
    pub retention: Vec<Option<Decimal>>,
}

fn month_index(d: NaiveDate) -> i32 {
    d.year() * 12 + d.month0() as i32
}

/// The 12 cohorts ending with the month of `end`, optionally only customers whose
/// first order was in one of the stores under `under` (a channel or store path).
pub fn cohorts(
    wb: &Workbook,
    master: &Master,
    end: NaiveDate,
    under: &[String],
) -> Result<Vec<Cohort>> {
    let last = month_index(end);
    let first = last - 11;
    let from =
        NaiveDate::from_ymd_opt(first.div_euclid(12), first.rem_euclid(12) as u32 + 1, 1).unwrap();
    let to = NaiveDate::from_ymd_opt(last.div_euclid(12), last.rem_euclid(12) as u32 + 1, 1)
        .unwrap()
        + chrono::Months::new(1)
        - chrono::Duration::days(1);
    let in_scope = |store: &str| match under {
        [] => true,
        [ch] => master.store(store).is_some_and(|s| &s.channel == ch),
        [_, st, ..] => store == st,
    };
    let orders = wb.cohort_orders(day_of(from), day_of(to))?;
    // A customer belongs to the scope of its first order.
    let in_cohort: HashSet<&str> = orders
        .iter()
        .filter(|o| o.2 && in_scope(&o.1))
        .map(|o| o.0.as_str())
        .collect();
    // cohort month → (customers, per k the customers active)
    let mut grid: BTreeMap<i32, (HashSet<String>, Vec<HashSet<String>>)> = BTreeMap::new();
    for (customer, _, _, first_day, day) in orders.iter().cloned() {
        if !in_cohort.contains(customer.as_str()) {
            continue;
        }
        let m = month_index(date_of(first_day));
        let k = month_index(date_of(day)) - m;
        let e = grid
            .entry(m)
            .or_insert_with(|| (HashSet::new(), vec![HashSet::new(); 12]));
        e.0.insert(customer.clone());
        if (0..12).contains(&k) {
            e.1[k as usize].insert(customer);
        }
    }
    Ok((first..=last)
        .map(|m| {
            let (size, active) = grid
                .get(&m)
                .map(|(c, a)| (c.len() as i64, a.iter().map(HashSet::len).collect()))
                .unwrap_or((0, vec![0; 12]));
            let retention = (0..12)
                .map(|k| {
                    (m + k <= last && size > 0)
                        .then(|| Decimal::from(active[k as usize] as i64) / Decimal::from(size))
                })
                .collect();
            Cohort {
                month: format!("{}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1),
                size,
                retention,
            }
        })
        .collect())
}
