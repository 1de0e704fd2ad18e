//! Display formatting of metric values: rounding happens only here
//! (half-even), undefined is `—`, and changes carry a sign and an arrow.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::domain::Unit;

pub const UNDEFINED: &str = "—";

fn round(v: Decimal, dp: u32) -> Decimal {
    v.round_dp_with_strategy(dp, RoundingStrategy::MidpointNearestEven)
}

/// Groups the integer digits with `,` (`1234567.5` → `1,234,567.5`).
pub fn group(s: &str) -> String {
    let (sign, rest) = s.strip_prefix('-').map(|r| ("-", r)).unwrap_or(("", s));
    let (int, frac) = rest
        .split_once('.')
        .map(|(i, f)| (i, Some(f)))
        .unwrap_or((rest, None));
    let mut out = String::with_capacity(s.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

fn fixed(v: Decimal, dp: u32) -> String {
    let r = round(v, dp);
    format!("{:.*}", dp as usize, r)
}

/// Full display form: `12,345.67`, `28.71%`, `3.17`, `1,234`, `yes`.
pub fn plain(v: Option<Decimal>, unit: Unit) -> String {
    let Some(v) = v else {
        return UNDEFINED.to_string();
    };
    match unit {
        Unit::Money => group(&fixed(v, 2)),
        Unit::Count | Unit::Units => {
            if v.fract().is_zero() {
                group(&fixed(v, 0))
            } else {
                group(&fixed(v, 1))
            }
        }
        Unit::Percent => format!("{}%", fixed(v * Decimal::from(100), 2)),
        Unit::Ratio | Unit::Stars => fixed(v, 2),
        Unit::Days | Unit::Hours | Unit::Points => group(&fixed(v, 1)),
        Unit::Flag => (if v.is_zero() { "no" } else { "yes" }).to_string(),
    }
}

/// One number format for a whole column on one screen: the decimals are chosen
/// from the column's values (never from the terminal width), so every cell of a
/// column reads alike — `1,537.0` above `568.8`, not `1537` above `568.80`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnFormat {
    pub unit: Unit,
    pub dp: u32,
}

/// The fewest decimals from `base` up to `max` that give the smallest non-zero
/// magnitude two significant digits (a CTR of 0.031% is not shown as 0.03%).
fn enough_dp(min_abs: Option<Decimal>, base: u32, max: u32) -> u32 {
    let Some(m) = min_abs else {
        return base;
    };
    let mut dp = base;
    while dp < max && m * Decimal::from(10i64.pow(dp)) < Decimal::TEN {
        dp += 1;
    }
    dp
}

impl ColumnFormat {
    /// The format of a column holding `values` (undefined cells left out).
    pub fn of(unit: Unit, values: impl IntoIterator<Item = Decimal>) -> ColumnFormat {
        let vals: Vec<Decimal> = values.into_iter().collect();
        let min_abs = vals.iter().map(|v| v.abs()).filter(|v| !v.is_zero()).min();
        let dp = match unit {
            Unit::Money => 2,
            Unit::Count | Unit::Units => {
                if vals.iter().all(|v| v.fract().is_zero()) {
                    0
                } else {
                    1
                }
            }
            Unit::Percent => enough_dp(min_abs.map(|m| m * Decimal::ONE_HUNDRED), 2, 3),
            Unit::Ratio | Unit::Stars => enough_dp(min_abs, 2, 4),
            Unit::Days | Unit::Hours | Unit::Points => enough_dp(min_abs, 1, 3),
            Unit::Flag => 0,
        };
        ColumnFormat { unit, dp }
    }

    /// A cell: grouped digits, the column's decimals, `—` when undefined.
    pub fn show(&self, v: Option<Decimal>, lang: crate::domain::Lang) -> String {
        let Some(v) = v else {
            return UNDEFINED.to_string();
        };
        match self.unit {
            Unit::Percent => format!("{}%", group(&fixed(v * Decimal::ONE_HUNDRED, self.dp))),
            Unit::Flag => flag(v, lang).to_string(),
            _ => group(&fixed(v, self.dp)),
        }
    }
}

/// A yes/no metric in the UI's language.
pub fn flag(v: Decimal, lang: crate::domain::Lang) -> &'static str {
    match (v.is_zero(), lang) {
        (true, crate::domain::Lang::En) => "no",
        (false, crate::domain::Lang::En) => "yes",
        (true, crate::domain::Lang::Zh) => "否",
        (false, crate::domain::Lang::Zh) => "是",
    }
}

/// Compact form for narrow columns: `12.3k`, `4.56M`, `28.7%`.
pub fn compact(v: Option<Decimal>, unit: Unit) -> String {
    let Some(v) = v else {
        return UNDEFINED.to_string();
    };
    match unit {
        Unit::Money | Unit::Count | Unit::Units | Unit::Days | Unit::Hours => {
            let a = v.abs();
            let (scaled, suffix) = if a >= Decimal::from(1_000_000_000) {
                (v / Decimal::from(1_000_000_000), "B")
            } else if a >= Decimal::from(1_000_000) {
                (v / Decimal::from(1_000_000), "M")
            } else if a >= Decimal::from(10_000) {
                (v / Decimal::from(1_000), "k")
            } else {
                return match unit {
                    Unit::Money => fixed(v, if a >= Decimal::from(1000) { 0 } else { 2 }),
                    Unit::Count | Unit::Units if v.fract().is_zero() => fixed(v, 0),
                    _ => fixed(v, 1),
                };
            };
            let dp = if scaled.abs() >= Decimal::from(100) {
                0
            } else if scaled.abs() >= Decimal::from(10) {
                1
            } else {
                2
            };
            format!("{}{suffix}", fixed(scaled, dp))
        }
        Unit::Percent => format!("{}%", fixed(v * Decimal::from(100), 1)),
        _ => plain(Some(v), unit),
    }
}

/// A relative change with sign and arrow: `▲ +20.6%`, `▼ −3.2%`, `= 0.0%`.
pub fn signed_pct(ch: Decimal) -> String {
    let pct = round(ch * Decimal::from(100), 1);
    if pct.is_zero() {
        "0.0%".to_string()
    } else if pct > Decimal::ZERO {
        format!("+{}%", group(&format!("{pct:.1}")))
    } else {
        format!("−{}%", group(&format!("{:.1}", pct.abs())))
    }
}

pub fn change_cell(ch: Option<Decimal>, ascii: bool) -> String {
    match ch {
        None => UNDEFINED.to_string(),
        Some(c) => {
            let (up, down) = if ascii { ("^", "v") } else { ("▲", "▼") };
            let arrow = if c > Decimal::ZERO {
                up
            } else if c < Decimal::ZERO {
                down
            } else {
                "="
            };
            let s = signed_pct(c);
            let s = if ascii { s.replace('−', "-") } else { s };
            format!("{arrow}{s}")
        }
    }
}

/// Exact machine form: a plain decimal string without trailing zeros.
pub fn exact(v: Decimal) -> String {
    let n = v.normalize();
    if n.is_zero() {
        "0".to_string()
    } else {
        n.to_string()
    }
}

/// An output format of reports and lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Markdown,
    Csv,
    Json,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "table" => Some(Format::Table),
            "markdown" | "md" => Some(Format::Markdown),
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// Pads to a display width (CJK-aware), right- or left-aligned.
pub fn pad(s: &str, width: usize, right: bool) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    let fill = " ".repeat(width.saturating_sub(w));
    if right {
        format!("{fill}{s}")
    } else {
        format!("{s}{fill}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn display_forms() {
        assert_eq!(plain(Some(d("12345.675")), Unit::Money), "12,345.68");
        assert_eq!(plain(Some(d("12345.665")), Unit::Money), "12,345.66"); // half-even
        assert_eq!(plain(Some(d("-1234567.5")), Unit::Money), "-1,234,567.50");
        assert_eq!(plain(Some(d("0.28714")), Unit::Percent), "28.71%");
        assert_eq!(plain(None, Unit::Percent), "—");
        assert_eq!(plain(Some(d("1234")), Unit::Count), "1,234");
        assert_eq!(compact(Some(d("12345.6")), Unit::Money), "12.3k");
        assert_eq!(compact(Some(d("4560000")), Unit::Money), "4.56M");
        assert_eq!(compact(Some(d("999.994")), Unit::Money), "999.99");
        assert_eq!(signed_pct(d("0.2055")), "+20.6%");
        assert_eq!(signed_pct(d("-0.032")), "−3.2%");
        assert_eq!(change_cell(Some(d("-0.032")), true), "v-3.2%");
        assert_eq!(change_cell(None, false), "—");
        assert_eq!(exact(d("12.3400")), "12.34");
        assert_eq!(exact(d("0.000")), "0");
    }

    #[test]
    fn one_format_per_column_from_its_values() {
        use crate::domain::Lang::{En, Zh};
        let col = |u, vs: &[&str]| ColumnFormat::of(u, vs.iter().map(|v| d(v)));
        // money: always cents, grouped, whatever the magnitude
        let m = col(Unit::Money, &["2416.63", "568.8", "1537"]);
        assert_eq!(m.show(Some(d("2416.63")), En), "2,416.63");
        assert_eq!(m.show(Some(d("1537")), En), "1,537.00");
        // counts: one decimal for the whole column once any value has one
        let c = col(Unit::Units, &["1537", "568.8"]);
        assert_eq!(c.show(Some(d("1537")), En), "1,537.0");
        assert_eq!(
            col(Unit::Count, &["1537", "12"]).show(Some(d("1537")), En),
            "1,537"
        );
        // percentages: enough decimals for the smallest one
        let ctr = col(Unit::Percent, &["0.0031", "0.0125"]);
        assert_eq!(ctr.show(Some(d("0.0031")), En), "0.31%");
        assert_eq!(ctr.show(Some(d("0.0125")), En), "1.25%");
        let tiny = col(Unit::Percent, &["0.00031", "0.2"]);
        assert_eq!(tiny.show(Some(d("0.2")), En), "20.000%");
        assert_eq!(
            col(Unit::Percent, &["0.28714"]).show(Some(d("0.28714")), En),
            "28.71%"
        );
        assert_eq!(col(Unit::Percent, &[]).show(None, En), "—");
        assert_eq!(col(Unit::Ratio, &["3.05", "0.004"]).dp, 4);
        assert_eq!(col(Unit::Flag, &["1"]).show(Some(d("1")), Zh), "是");
    }
}
