//! Small value helpers shared by every layer: calendar days as integers,
//! exact money in micro-units, and exact decimal division.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

/// A calendar date stored as days since 1970-01-01 (compact and fast to range-scan).
pub type Day = i32;

const EPOCH_CE: i32 = 719_163; // NaiveDate 1970-01-01 .num_days_from_ce()

pub fn day_of(d: NaiveDate) -> Day {
    d.num_days_from_ce() - EPOCH_CE
}

pub fn date_of(day: Day) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(day + EPOCH_CE).expect("day in range")
}

pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let b = s.as_bytes();
    // exactly YYYY-MM-DD: chrono alone would take a signed or short year (`-001`, `+999`)
    if b.len() != 10
        || b[4] != b'-'
        || b[7] != b'-'
        || !b
            .iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
    {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// Money is stored as integer micro-units (10⁻⁶) of its currency: exact and summable in SQL.
pub const MICRO: u32 = 6;

pub fn micro_to_dec(v: i64) -> Decimal {
    Decimal::new(v, MICRO)
}

/// Parses a plain decimal (`-12.5`, `3`, `0.25`): optional leading `-`, `.` as the
/// separator, no thousands separators, no currency symbols, no exponent.
pub fn parse_plain_decimal(s: &str) -> Option<Decimal> {
    let s = s.trim();
    let body = s.strip_prefix('-').unwrap_or(s);
    if body.is_empty() || body == "." {
        return None;
    }
    let mut dots = 0;
    for c in body.chars() {
        match c {
            '0'..='9' => {}
            '.' => dots += 1,
            _ => return None,
        }
    }
    if dots > 1 {
        return None;
    }
    s.parse::<Decimal>().ok()
}

/// A plain decimal as micro-units; `None` when it is not plain or has more than 6 decimals.
pub fn parse_micro(s: &str) -> Option<i64> {
    use rust_decimal::prelude::ToPrimitive;
    let scaled = parse_plain_decimal(s)?.checked_mul(Decimal::from(1_000_000))?;
    if !scaled.fract().is_zero() {
        return None;
    }
    scaled.to_i64()
}

/// Exact division; `None` (undefined) for a zero or undefined denominator.
pub fn div(num: Option<Decimal>, den: Option<Decimal>) -> Option<Decimal> {
    let (n, d) = (num?, den?);
    if d.is_zero() { None } else { n.checked_div(d) }
}

/// Relative change `(cur − cmp) / |cmp|`; undefined when cmp is 0 or either is undefined.
pub fn change(cur: Option<Decimal>, cmp: Option<Decimal>) -> Option<Decimal> {
    let (c, p) = (cur?, cmp?);
    if p.is_zero() {
        None
    } else {
        (c - p).checked_div(p.abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_decimals() {
        assert_eq!(parse_micro("1234.50"), Some(1_234_500_000));
        assert_eq!(parse_micro("-0.000001"), Some(-1));
        assert_eq!(parse_micro("2230"), Some(2_230_000_000));
        assert_eq!(parse_micro("1,234.50"), None);
        assert_eq!(parse_micro("$12"), None);
        assert_eq!(parse_micro("1e3"), None);
        assert_eq!(parse_micro("0.0000001"), None);
        assert_eq!(parse_micro("0.1000000"), Some(100_000));
        assert_eq!(parse_micro(""), None);
        assert_eq!(parse_micro("-"), None);
        assert_eq!(parse_micro("."), None);
    }

    #[test]
    fn day_round_trip() {
        let d = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        assert_eq!(date_of(day_of(d)), d);
        assert_eq!(day_of(NaiveDate::from_ymd_opt(1970, 1, 2).unwrap()), 1);
    }

    #[test]
    fn undefined_is_not_zero() {
        assert_eq!(div(Some(Decimal::ONE), Some(Decimal::ZERO)), None);
        assert_eq!(change(Some(Decimal::ONE), Some(Decimal::ZERO)), None);
        assert_eq!(
            change(Some(Decimal::from(3)), Some(Decimal::from(2))),
            Some(Decimal::new(5, 1))
        );
    }
}
