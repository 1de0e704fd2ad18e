//! Cohort retention: for first-order month m and k = 0..11, the share of the
//! cohort's customers with a valid order in month m+k.

use std::collections::{BTreeMap, HashMap, HashSet};

use anyhow::Result;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::util::{Day, date_of, day_of};
use crate::workbook::custindex::{CustomerIndex, NO_DAY};
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
    let grid = match wb.customer_index()? {
        Some(ix) => grid_of_index(&ix, day_of(from), day_of(to), &in_scope),
        None => grid_of_orders(&wb.cohort_orders(day_of(from), day_of(to))?, &in_scope),
    };
    Ok((first..=last)
        .map(|m| {
            let (size, active) = grid.get(&m).cloned().unwrap_or((0, vec![0; 12]));
            let retention = (0..12)
                .map(|k| {
                    (m + k <= last && size > 0)
                        .then(|| Decimal::from(active[k as usize]) / Decimal::from(size))
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

/// Cohort month → (customers, per k = 0..11 the customers active in month m + k).
type Grid = BTreeMap<i32, (i64, Vec<i64>)>;

/// The grid from the customer index: the orders of `cohort_orders` (valid, first
/// day in [from, to], placed on or after from), one customer at a time.
fn grid_of_index(ix: &CustomerIndex, from: Day, to: Day, in_scope: &dyn Fn(&str) -> bool) -> Grid {
    let store_in: Vec<bool> = ix.stores.iter().map(|s| in_scope(s)).collect();
    let mut month_of_day: HashMap<Day, i32> = HashMap::new();
    let mut month = |d: Day| {
        *month_of_day
            .entry(d)
            .or_insert_with(|| month_index(date_of(d)))
    };
    let mut grid = Grid::new();
    // this customer's cohort months with the ks it is active in (bit k)
    let mut mine: Vec<(i32, u16)> = Vec::new();
    for c in 0..ix.customers() {
        let orders = ix.cust_start[c] as usize..ix.cust_start[c + 1] as usize;
        let pick = |o: &usize| {
            let fd = ix.first_day[*o];
            fd != NO_DAY && fd >= from && fd <= to && ix.day[*o] >= from
        };
        // a customer belongs to the scope of its first order
        if !orders
            .clone()
            .filter(pick)
            .any(|o| ix.is_first[o] != 0 && store_in[ix.store[o] as usize])
        {
            continue;
        }
        mine.clear();
        for o in orders.filter(pick) {
            let m = month(ix.first_day[o]);
            let k = month(ix.day[o]) - m;
            let bit = if (0..12).contains(&k) { 1u16 << k } else { 0 };
            match mine.iter_mut().find(|e| e.0 == m) {
                Some(e) => e.1 |= bit,
                None => mine.push((m, bit)),
            }
        }
        for &(m, bits) in &mine {
            let e = grid.entry(m).or_insert_with(|| (0, vec![0; 12]));
            e.0 += 1;
            for (k, n) in e.1.iter_mut().enumerate() {
                *n += (bits >> k & 1) as i64;
            }
        }
    }
    grid
}

/// The grid from the orders themselves (a workbook without a customer index).
fn grid_of_orders(
    orders: &[crate::workbook::query::CohortOrder],
    in_scope: &dyn Fn(&str) -> bool,
) -> Grid {
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
    grid.into_iter()
        .map(|(m, (c, a))| {
            (
                m,
                (c.len() as i64, a.iter().map(|s| s.len() as i64).collect()),
            )
        })
        .collect()
}
