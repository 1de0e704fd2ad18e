//! Values as platforms write them: localized numbers, currency symbols, percent
//! strings, Excel-escaped ids, and the many date-time spellings of the exports.
//! Everything is parsed into exact types (Decimal, micro-units, chrono values);
//! nothing goes through f64.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// The decimal separator of a file (or of one column of it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dec {
    /// `1,299.00` (US, UK, JP, CN, MX ...)
    Point,
    /// `1.299,00` (DE, FR, IT, ES, BR, and IDR's `399.000`)
    Comma,
}

impl Dec {
    pub fn example(self) -> &'static str {
        match self {
            Dec::Point => "1,299.00",
            Dec::Comma => "1.299,00",
        }
    }
}

/// A cell as text: trimmed, tab padding removed, Excel escapes (`="123"`) unwrapped.
pub fn clean(s: &str) -> &str {
    let t = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if let Some(inner) = t.strip_prefix("=\"").and_then(|x| x.strip_suffix('"')) {
        return inner.trim_matches(|c: char| c.is_whitespace());
    }
    t
}

/// Strips currency symbols and ISO codes around an amount (`$`, `€`, `BRL `, `S$`).
fn strip_currency(s: &str) -> &str {
    let is_sym = |c: char| {
        matches!(
            c,
            '$' | '€'
                | '£'
                | '¥'
                | '￥'
                | '₹'
                | '₩'
                | '₫'
                | '฿'
                | '₱'
                | '\u{a0}'
                | '\u{202f}'
                | ' '
        ) || c.is_ascii_alphabetic()
    };
    s.trim_matches(is_sym)
}

/// Parses an amount in the file's convention. `Ok(None)` for an empty cell or a dash.
/// A value that does not fit the convention (another locale's number) is an error.
pub fn decimal(raw: &str, dec: Dec) -> Result<Option<Decimal>, String> {
    let s = clean(raw);
    if s.is_empty() || s == "-" || s == "--" || s == "—" {
        return Ok(None);
    }
    let mut neg = false;
    let mut t = s;
    if let Some(x) = t.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        neg = true;
        t = x;
    }
    if let Some(x) = t.strip_prefix('-').or_else(|| t.strip_prefix('−')) {
        neg = !neg;
        t = x;
    }
    t = strip_currency(t);
    if let Some(x) = t.strip_prefix('-').or_else(|| t.strip_prefix('−')) {
        neg = !neg;
        t = x;
    }
    let t = t.strip_suffix('%').unwrap_or(t).trim();
    let (group, point) = match dec {
        Dec::Point => (',', '.'),
        Dec::Comma => ('.', ','),
    };
    let bad = || {
        Err(format!(
            "is not a number as this file writes them (like {})",
            dec.example()
        ))
    };
    if t.is_empty() {
        return bad();
    }
    let (int, frac) = match t.split_once(point) {
        Some((i, f)) => (i, Some(f)),
        None => (t, None),
    };
    if let Some(f) = frac
        && (f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return bad();
    }
    // thousands groups: spaces (FR) count as group separators in the comma convention
    let int_norm: String = if dec == Dec::Comma {
        int.replace([' ', '\u{a0}', '\u{202f}', '\''], ".")
    } else {
        int.to_string()
    };
    let groups: Vec<&str> = int_norm.split(group).collect();
    if groups
        .iter()
        .any(|g| !g.bytes().all(|b| b.is_ascii_digit()) || g.is_empty())
    {
        return bad();
    }
    if groups.len() > 1 && (groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3)) {
        return bad();
    }
    let mut text = groups.concat();
    if let Some(f) = frac {
        text.push('.');
        text.push_str(f);
    }
    let mut d: Decimal = text.parse().map_err(|_| "is not a number".to_string())?;
    if neg {
        d = -d;
    }
    Ok(Some(d))
}

/// A count: digits with optional thousands groups of either convention (`2,113`, `2.113`).
pub fn count(raw: &str) -> Result<Option<i64>, String> {
    let s = clean(raw);
    if s.is_empty() || s == "-" || s == "--" {
        return Ok(None);
    }
    let bad = || Err("is not a whole number".to_string());
    // xlsx numbers may arrive as "12.0"
    let s = s.strip_suffix(".0").unwrap_or(s);
    let groups: Vec<&str> = s.split([',', '.', ' ', '\u{a0}', '\u{202f}']).collect();
    if groups
        .iter()
        .any(|g| g.is_empty() || !g.bytes().all(|b| b.is_ascii_digit()))
    {
        return bad();
    }
    if groups.len() > 1 && (groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3)) {
        return bad();
    }
    groups
        .concat()
        .parse::<i64>()
        .map(Some)
        .map_err(|_| "is not a whole number".into())
}

/// A signed integer count (Amazon writes `-1` quantities on refunds).
pub fn signed_count(raw: &str) -> Result<Option<i64>, String> {
    let s = clean(raw);
    match s.strip_prefix('-') {
        Some(rest) => Ok(count(rest)?.map(|n| -n)),
        None => count(s),
    }
}

/// Money as integer micro-units, rounded to 6 decimals (beyond any currency's minor unit).
pub fn micro(d: Decimal) -> i64 {
    (d.round_dp(6) * Decimal::from(1_000_000))
        .to_i64()
        .unwrap_or(i64::MAX)
}

/// Micro-units as a plain decimal text for the canonical tables.
pub fn micro_text(m: i64) -> String {
    Decimal::new(m, 6).normalize().to_string()
}

/// A point in time read from an export: with its own offset, or local to the store.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum When {
    At(DateTime<FixedOffset>),
    Local(NaiveDateTime),
}

impl When {
    /// Canonical text: RFC 3339 with the offset, or a local `YYYY-MM-DD HH:MM:SS`.
    pub fn canonical(&self) -> String {
        match self {
            When::At(t) => t.to_rfc3339(),
            When::Local(n) => n.format("%Y-%m-%d %H:%M:%S").to_string(),
        }
    }
    /// The local calendar date in the store's zone.
    pub fn local_date(&self, tz: chrono_tz::Tz) -> NaiveDate {
        match self {
            When::At(t) => t.with_timezone(&tz).date_naive(),
            When::Local(n) => n.date(),
        }
    }
}

/// Offsets of the zone abbreviations the exports print.
fn zone_offset(z: &str) -> Option<i32> {
    let h = 3600;
    Some(match z.to_ascii_uppercase().as_str() {
        "UTC" | "GMT" | "Z" | "WET" => 0,
        "PST" => -8 * h,
        "PDT" | "MST" => -7 * h,
        "MDT" | "CST" => -6 * h,
        "CDT" | "EST" => -5 * h,
        "EDT" | "AST" => -4 * h,
        "BST" | "CET" | "MEZ" | "WEST" => h,
        "CEST" | "MESZ" | "EET" => 2 * h,
        "EEST" => 3 * h,
        "IST" => 5 * h + 1800,
        "SGT" | "HKT" | "AWST" => 8 * h,
        "JST" | "KST" => 9 * h,
        "AEST" => 10 * h,
        "AEDT" => 11 * h,
        _ => return None,
    })
}

/// Month names and abbreviations (en, de, fr, es, it, pt, nl) and their numbers.
const MONTH_NAMES: &[(&str, u32)] = &[
    ("jan", 1),
    ("ene", 1),
    ("gen", 1),
    ("janv", 1),
    ("jän", 1),
    ("january", 1),
    ("januar", 1),
    ("enero", 1),
    ("janvier", 1),
    ("gennaio", 1),
    ("janeiro", 1),
    ("feb", 2),
    ("fév", 2),
    ("févr", 2),
    ("fev", 2),
    ("february", 2),
    ("februar", 2),
    ("febrero", 2),
    ("février", 2),
    ("febbraio", 2),
    ("fevereiro", 2),
    ("mar", 3),
    ("mär", 3),
    ("mars", 3),
    ("march", 3),
    ("märz", 3),
    ("marzo", 3),
    ("março", 3),
    ("mrt", 3),
    ("apr", 4),
    ("abr", 4),
    ("avr", 4),
    ("april", 4),
    ("abril", 4),
    ("avril", 4),
    ("aprile", 4),
    ("may", 5),
    ("mai", 5),
    ("mag", 5),
    ("mayo", 5),
    ("maggio", 5),
    ("maio", 5),
    ("mei", 5),
    ("jun", 6),
    ("juin", 6),
    ("giu", 6),
    ("june", 6),
    ("juni", 6),
    ("junio", 6),
    ("giugno", 6),
    ("junho", 6),
    ("jul", 7),
    ("juil", 7),
    ("lug", 7),
    ("july", 7),
    ("juli", 7),
    ("julio", 7),
    ("juillet", 7),
    ("luglio", 7),
    ("julho", 7),
    ("aug", 8),
    ("ago", 8),
    ("août", 8),
    ("aout", 8),
    ("august", 8),
    ("agosto", 8),
    ("sep", 9),
    ("sept", 9),
    ("set", 9),
    ("september", 9),
    ("septiembre", 9),
    ("septembre", 9),
    ("settembre", 9),
    ("setembro", 9),
    ("oct", 10),
    ("okt", 10),
    ("ott", 10),
    ("out", 10),
    ("october", 10),
    ("oktober", 10),
    ("octubre", 10),
    ("octobre", 10),
    ("ottobre", 10),
    ("outubro", 10),
    ("nov", 11),
    ("november", 11),
    ("noviembre", 11),
    ("novembre", 11),
    ("novembro", 11),
    ("dec", 12),
    ("dez", 12),
    ("dic", 12),
    ("déc", 12),
    ("dés", 12),
    ("december", 12),
    ("dezember", 12),
    ("diciembre", 12),
    ("décembre", 12),
    ("dicembre", 12),
    ("dezembro", 12),
];

/// The number of a month name or abbreviation (a trailing `.` and case ignored).
fn month_number(m: &str) -> Option<u32> {
    let m = m.trim_end_matches('.').to_lowercase();
    MONTH_NAMES.iter().find(|(n, _)| *n == m).map(|x| x.1)
}

/// Order of day and month in slash dates (`10/05/2026`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayMonth {
    MonthFirst,
    DayFirst,
}

/// An Excel serial date-time (days since 1899-12-30, fractional time of day).
pub fn excel_serial(s: &str) -> Option<NaiveDateTime> {
    let d: Decimal = s.parse().ok()?;
    if d < Decimal::from(20_000) || d > Decimal::from(120_000) {
        return None;
    }
    let days = d.trunc().to_i64()?;
    let secs = ((d - d.trunc()) * Decimal::from(86_400)).round().to_i64()?;
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_hms_opt(0, 0, 0)?;
    Some(base + chrono::Duration::days(days) + chrono::Duration::seconds(secs))
}

/// Parses the date-times of every supported export. `dm` settles `10/05/2026`.
pub fn when(raw: &str, dm: DayMonth) -> Result<When, String> {
    let s = clean(raw);
    let bad = || Err::<When, String>("is not a date-time this export writes".to_string());
    if s.is_empty() {
        return bad();
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(When::At(t));
    }
    for f in [
        "%Y-%m-%d %H:%M:%S %z",
        "%Y-%m-%d %H:%M %z",
        "%Y-%m-%dT%H:%M:%S%z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(s, f) {
            return Ok(When::At(t));
        }
    }
    if let Some(n) = excel_serial(s) {
        return Ok(When::Local(n));
    }
    // Normalise: a.m./p.m., a trailing zone abbreviation, month names.
    let mut text = s
        .replace("a.m.", "AM")
        .replace("p.m.", "PM")
        .replace("A.M.", "AM")
        .replace("P.M.", "PM");
    text = text.replace(',', " ");
    let mut toks: Vec<String> = text.split_whitespace().map(str::to_string).collect();
    let mut offset = None;
    if let Some(last) = toks.last()
        && last.chars().all(|c| c.is_ascii_alphabetic())
        && !last.eq_ignore_ascii_case("am")
        && !last.eq_ignore_ascii_case("pm")
    {
        match zone_offset(last) {
            Some(o) => {
                offset = Some(o);
                toks.pop();
            }
            None => return Err(format!("has an unknown time zone '{last}'")),
        }
    }
    for t in toks.iter_mut() {
        if t.chars().any(|c| c.is_alphabetic())
            && !t.eq_ignore_ascii_case("am")
            && !t.eq_ignore_ascii_case("pm")
        {
            match month_number(t) {
                Some(m) => *t = format!("M{m}"),
                None => return bad(),
            }
        }
    }
    let (date, time) = split_date_time(&toks);
    let naive =
        parse_date_tokens(&date, dm).and_then(|d| parse_time_tokens(&time).map(|t| d.and_time(t)));
    let Some(naive) = naive else { return bad() };
    match offset {
        Some(o) => {
            let fo = FixedOffset::east_opt(o).expect("offset in range");
            match fo.from_local_datetime(&naive).single() {
                Some(t) => Ok(When::At(t)),
                None => bad(),
            }
        }
        None => Ok(When::Local(naive)),
    }
}

/// Splits tokens into the date part and the time part (`HH:MM[:SS]` [AM|PM]).
fn split_date_time(toks: &[String]) -> (Vec<String>, Vec<String>) {
    match toks.iter().position(|t| t.contains(':')) {
        Some(i) => (toks[..i].to_vec(), toks[i..].to_vec()),
        None => (toks.to_vec(), Vec::new()),
    }
}

fn parse_time_tokens(t: &[String]) -> Option<NaiveTime> {
    if t.is_empty() {
        return NaiveTime::from_hms_opt(0, 0, 0);
    }
    let hms: Vec<&str> = t[0].split(':').collect();
    let h: u32 = hms.first()?.parse().ok()?;
    let m: u32 = hms.get(1)?.parse().ok()?;
    let sec: f64 = hms
        .get(2)
        .map(|x| x.parse::<f64>())
        .transpose()
        .ok()?
        .unwrap_or(0.0);
    let sec = sec as u32; // whole seconds: fractions of a second are dropped
    let mut h = h;
    match t.get(1).map(|x| x.to_ascii_uppercase()) {
        Some(ap) if ap == "AM" && h == 12 => h = 0,
        Some(ap) if ap == "AM" => {}
        Some(ap) if ap == "PM" && h < 12 => h += 12,
        Some(ap) if ap == "PM" => {}
        Some(_) => return None,
        None => {}
    }
    if t.len() > 2 {
        return None;
    }
    NaiveTime::from_hms_opt(h, m, sec)
}

fn parse_date_tokens(d: &[String], dm: DayMonth) -> Option<NaiveDate> {
    let num = |x: &str| x.parse::<u32>().ok();
    match d.len() {
        1 => {
            let s = d[0].as_str();
            for f in ["%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y", "%Y.%m.%d"] {
                if let Ok(x) = NaiveDate::parse_from_str(s, f) {
                    return Some(x);
                }
            }
            let p: Vec<&str> = s.split(['/', '-']).collect();
            if p.len() == 3 && p[2].len() == 4 {
                let (a, b, y) = (num(p[0])?, num(p[1])?, p[2].parse::<i32>().ok()?);
                let (m, dd) = match dm {
                    DayMonth::MonthFirst => (a, b),
                    DayMonth::DayFirst => (b, a),
                };
                return NaiveDate::from_ymd_opt(y, m, dd);
            }
            None
        }
        3 => {
            // "M10 5 2026" (Oct 5, 2026) or "1 M3 2026" (1 Mar 2026) or "5 de mayo de"..
            let month_i = d.iter().position(|t| t.starts_with('M'))?;
            let m: u32 = d[month_i][1..].parse().ok()?;
            let rest: Vec<&String> = d
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != month_i)
                .map(|x| x.1)
                .collect();
            let (a, b) = (rest[0], rest[1]);
            let (day, year) = if a.len() == 4 {
                (num(b)?, a.parse().ok()?)
            } else {
                (num(a)?, b.parse().ok()?)
            };
            NaiveDate::from_ymd_opt(year, m, day)
        }
        _ => None,
    }
}

/// A calendar date (`2026-10-05`, `Oct 5, 2026`, `05.10.2026`, an Excel serial).
pub fn date(raw: &str, dm: DayMonth) -> Result<NaiveDate, String> {
    match when(raw, dm) {
        Ok(When::Local(n)) => Ok(n.date()),
        Ok(When::At(t)) => Ok(t.date_naive()),
        Err(_) => Err("is not a date this export writes".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dd(s: &str, d: Dec) -> Option<String> {
        decimal(s, d).ok().flatten().map(|x| x.to_string())
    }

    #[test]
    fn numbers_per_locale() {
        assert_eq!(dd("1,299.00", Dec::Point).as_deref(), Some("1299.00"));
        assert_eq!(dd("$7,274.35", Dec::Point).as_deref(), Some("7274.35"));
        assert_eq!(dd("$ 16.22", Dec::Point).as_deref(), Some("16.22"));
        assert_eq!(dd("-1.204,17", Dec::Comma).as_deref(), Some("-1204.17"));
        assert_eq!(dd("5.255,61 €", Dec::Comma).as_deref(), Some("5255.61"));
        assert_eq!(dd("BRL 1.299,00", Dec::Comma).as_deref(), Some("1299.00"));
        assert_eq!(dd("399.000", Dec::Comma).as_deref(), Some("399000"));
        assert_eq!(dd("7.83%", Dec::Point).as_deref(), Some("7.83"));
        assert_eq!(dd("-3.9", Dec::Point).as_deref(), Some("-3.9"));
        assert!(
            decimal("29.99", Dec::Comma).is_err(),
            "a US number in a German file"
        );
        assert!(decimal("1.299,00", Dec::Point).is_err());
        assert!(decimal("12,5", Dec::Point).is_err());
        assert_eq!(decimal("", Dec::Point), Ok(None));
        assert_eq!(count("2,113"), Ok(Some(2113)));
        assert_eq!(count("\"1,221\""), Err("is not a whole number".into()));
        assert_eq!(count("1221"), Ok(Some(1221)));
        assert!(count("12,5").is_err());
        assert_eq!(clean("=\"123\""), "123");
        assert_eq!(clean("576801234567890101\t"), "576801234567890101");
    }

    #[test]
    fn date_times() {
        let at = |s: &str| when(s, DayMonth::MonthFirst).unwrap().canonical();
        assert_eq!(
            at("Oct 5, 2026 11:41:07 PM PDT"),
            "2026-10-05T23:41:07-07:00"
        );
        assert_eq!(
            at("Feb 1, 2026 12:02:19 a.m. PST"),
            "2026-02-01T00:02:19-08:00"
        );
        assert_eq!(at("1 Mar 2026 10:00:00 UTC"), "2026-03-01T10:00:00+00:00");
        assert_eq!(at("01.09.2026 10:22:11 UTC"), "2026-09-01T10:22:11+00:00");
        assert_eq!(at("2026/10/05 23:40:12 JST"), "2026-10-05T23:40:12+09:00");
        assert_eq!(at("5 may 2026 5:08:09 AM"), "2026-05-05 05:08:09");
        assert_eq!(at("2026-10-05 09:12:44 -0400"), "2026-10-05T09:12:44-04:00");
        assert_eq!(at("2026-10-05T06:30:00+00:00"), "2026-10-05T06:30:00+00:00");
        assert_eq!(at("10/05/2026 9:30:33 AM"), "2026-10-05 09:30:33");
        assert_eq!(
            when("10/05/2026 9:30:33 PM", DayMonth::DayFirst)
                .unwrap()
                .canonical(),
            "2026-05-10 21:30:33"
        );
        assert_eq!(at("2026-10-05 10:12"), "2026-10-05 10:12:00");
        assert_eq!(at("45384.5"), "2024-04-02 12:00:00");
        assert!(when("Oct 5, 2026 11:41:07 PM XYZ", DayMonth::MonthFirst).is_err());
        assert!(when("yesterday", DayMonth::MonthFirst).is_err());
    }
}
