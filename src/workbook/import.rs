//! `sellerdeck import`: canonical CSV files into a workbook.
//!
//! One call is one transaction. Every row is validated and written inside it;
//! the first error stops nothing but the commit, so all errors (up to a limit)
//! are reported, and then the transaction is rolled back: the workbook file is
//! unchanged (a workbook the call would have created is removed again).
//! Identities give replace semantics, so re-importing never double-counts.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use chrono::{DateTime, NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use csv::StringRecord;
use rusqlite::{OptionalExtension, Transaction, params};

use super::Workbook;
use super::schema::codes;
use crate::domain::{self, EXPENSE_CATEGORIES, MetricId};
use crate::util::{Day, day_of, parse_date, parse_micro, parse_plain_decimal};

/// Canonical tables in dependency order (a table may refer to the ones before it).
pub const TABLES: &[(&str, &[(&str, bool)])] = &[
    (
        "stores",
        &[
            ("store_id", true),
            ("channel", true),
            ("name", false),
            ("country", true),
            ("currency", true),
            ("timezone", false),
        ],
    ),
    (
        "skus",
        &[
            ("sku", true),
            ("title", false),
            ("category", false),
            ("launched_on", false),
            ("lead_time_days", false),
            ("asin", false),
        ],
    ),
    (
        "sku_costs",
        &[
            ("sku", true),
            ("effective_from", true),
            ("currency", true),
            ("purchase", true),
            ("inbound_freight", false),
            ("duty", false),
            ("packaging", false),
        ],
    ),
    (
        "fx_rates",
        &[("date", true), ("currency", true), ("rate", true)],
    ),
    (
        "orders",
        &[
            ("order_id", true),
            ("store_id", true),
            ("ordered_at", true),
            ("customer_id", false),
            ("status", false),
            ("device", false),
            ("acquisition", false),
            ("ship_by", false),
        ],
    ),
    (
        "order_lines",
        &[
            ("order_id", true),
            ("sku", true),
            ("qty", true),
            ("unit_price", true),
            ("discount", false),
        ],
    ),
    (
        "shipments",
        &[
            ("order_id", true),
            ("shipped_at", false),
            ("delivered_at", false),
            ("carrier", false),
            ("warehouse", false),
            ("damaged", false),
        ],
    ),
    (
        "refunds",
        &[
            ("refund_id", true),
            ("order_id", true),
            ("refunded_at", true),
            ("amount", true),
            ("sku", false),
            ("qty", false),
            ("reason", false),
            ("is_return", false),
        ],
    ),
    (
        "traffic",
        &[
            ("date", true),
            ("store_id", true),
            ("sku", false),
            ("sessions", true),
            ("page_views", false),
            ("add_to_cart", false),
            ("checkouts", false),
            ("bounced_sessions", false),
            ("mobile_sessions", false),
        ],
    ),
    (
        "ads",
        &[
            ("date", true),
            ("store_id", true),
            ("campaign", true),
            ("sku", false),
            ("impressions", false),
            ("clicks", false),
            ("spend", true),
            ("ad_sales", false),
            ("ad_orders", false),
            ("ad_units", false),
        ],
    ),
    (
        "inventory",
        &[
            ("date", true),
            ("sku", true),
            ("warehouse", true),
            ("store_id", false),
            ("on_hand", true),
            ("inbound", false),
            ("reserved", false),
        ],
    ),
    (
        "expenses",
        &[
            ("expense_id", true),
            ("date", true),
            ("category", true),
            ("amount", true),
            ("currency", true),
            ("store_id", false),
            ("sku", false),
            ("order_id", false),
            ("note", false),
        ],
    ),
    (
        "reviews",
        &[
            ("review_id", true),
            ("date", true),
            ("store_id", true),
            ("rating", true),
            ("sku", false),
            ("order_id", false),
        ],
    ),
    (
        "tickets",
        &[
            ("ticket_id", true),
            ("opened_at", true),
            ("store_id", true),
            ("order_id", false),
            ("category", false),
            ("first_response_at", false),
            ("resolved_at", false),
            ("escalated", false),
            ("resolved_first_contact", false),
        ],
    ),
    (
        "surveys",
        &[
            ("response_id", true),
            ("date", true),
            ("store_id", true),
            ("kind", true),
            ("score", true),
        ],
    ),
    (
        "targets",
        &[
            ("period", true),
            ("level", true),
            ("key", false),
            ("metric", true),
            ("target", true),
        ],
    ),
    (
        "metrics",
        &[
            ("date", true),
            ("metric", true),
            ("value", true),
            ("level", false),
            ("key", false),
            ("label", false),
        ],
    ),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 when the bytes are valid UTF-8, else the encoding `chardetng` guesses.
    Auto,
    Utf8,
    Gbk,
    /// Windows-1252 (a superset of ISO 8859-1 / Latin-1).
    Latin1,
    /// Shift_JIS (Windows-31J).
    ShiftJis,
}

impl Encoding {
    /// The `--encoding` value: auto, utf8, gbk, latin1 or shift_jis (and common aliases).
    pub fn parse(s: &str) -> Option<Encoding> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Encoding::Auto,
            "utf8" | "utf-8" => Encoding::Utf8,
            "gbk" | "gb18030" | "gb2312" => Encoding::Gbk,
            "latin1" | "latin-1" | "iso-8859-1" | "iso8859-1" | "cp1252" | "windows-1252" => {
                Encoding::Latin1
            }
            "shift_jis" | "shift-jis" | "sjis" | "cp932" | "windows-31j" => Encoding::ShiftJis,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub table: Option<String>,
    pub encoding: Encoding,
    pub dry_run: bool,
    pub progress: bool,
    pub max_errors: usize,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            table: None,
            encoding: Encoding::Auto,
            dry_run: false,
            progress: false,
            max_errors: 50,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct TableSummary {
    pub table: String,
    pub read: u64,
    pub inserted: u64,
    pub replaced: u64,
    pub secs: f64,
}

#[derive(Debug, Default)]
pub struct ImportSummary {
    pub tables: Vec<TableSummary>,
    pub warnings: Vec<String>,
    pub rollup_secs: f64,
    pub dry_run: bool,
}

impl ImportSummary {
    pub fn rows(&self) -> u64 {
        self.tables.iter().map(|t| t.read).sum()
    }
}

/// A failed import: every error found (up to the limit) and how many more there were.
#[derive(Debug)]
pub struct ImportErrors {
    pub errors: Vec<String>,
    pub more: usize,
    pub warnings: Vec<String>,
}

impl std::fmt::Display for ImportErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for e in &self.errors {
            writeln!(f, "{e}")?;
        }
        if self.more > 0 {
            writeln!(f, "... and {} more errors", self.more)?;
        }
        write!(
            f,
            "import failed: {} errors; the workbook is unchanged",
            self.errors.len() + self.more
        )
    }
}

impl std::error::Error for ImportErrors {}

/// The table a file belongs to: its stem up to the first `-` or `.`.
pub fn table_of(path: &Path) -> Option<&'static str> {
    let name = path.file_name()?.to_str()?;
    let stem = name.split(['-', '.']).next()?.trim().to_ascii_lowercase();
    TABLES.iter().map(|t| t.0).find(|t| *t == stem)
}

struct Errors {
    list: Vec<String>,
    more: usize,
    max: usize,
}

impl Errors {
    fn push(&mut self, e: String) {
        if self.list.len() < self.max {
            self.list.push(e);
        } else {
            self.more += 1;
        }
    }
    fn any(&self) -> bool {
        !self.list.is_empty() || self.more > 0
    }
}

/// Reads a file's bytes as text: UTF-8 (BOM stripped), or the encoding given, or (auto)
/// the one `chardetng` detects (GBK/GB18030, Windows-1252, Shift_JIS ...). Valid
/// UTF-8 (the usual case) keeps the bytes as the text, without a copy: a first
/// import of millions of orders reads files of hundreds of MB.
fn decode(path: &Path, bytes: Vec<u8>, enc: Encoding) -> std::result::Result<String, String> {
    if matches!(enc, Encoding::Utf8 | Encoding::Auto) && !bytes.is_empty() && !bytes.contains(&0) {
        let bom = bytes.starts_with(b"\xEF\xBB\xBF");
        return match String::from_utf8(bytes) {
            Ok(mut text) => {
                if bom {
                    text.drain(..3);
                }
                Ok(text)
            }
            Err(e) => decode_copy(path, e.as_bytes(), enc),
        };
    }
    decode_copy(path, &bytes, enc)
}

/// [`decode`] of a file that is not valid UTF-8 (or is empty, or binary).
fn decode_copy(path: &Path, bytes: &[u8], enc: Encoding) -> std::result::Result<String, String> {
    let shown = path.display();
    if bytes.is_empty() {
        return Err(format!("{shown}:1: empty file: expected a header row"));
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let line = 1 + line_breaks(&bytes[..at]);
        return Err(format!(
            "{shown}:{line}: not a CSV text file (a NUL byte at byte {at}: binary data)"
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let with = |e: &'static encoding_rs::Encoding, name: &str| {
        let (s, bad) = e.decode_without_bom_handling(bytes);
        if bad {
            return Err(format!("{shown}:1: not valid {name} text"));
        }
        Ok(s.into_owned())
    };
    match enc {
        Encoding::Gbk => with(encoding_rs::GB18030, "GBK/GB18030"),
        Encoding::Latin1 => with(encoding_rs::WINDOWS_1252, "Latin-1/Windows-1252"),
        Encoding::ShiftJis => with(encoding_rs::SHIFT_JIS, "Shift_JIS"),
        Encoding::Utf8 => std::str::from_utf8(bytes)
            .map(str::to_owned)
            .map_err(|e| format!("{shown}: not valid UTF-8 text at byte {}", e.valid_up_to())),
        Encoding::Auto => match std::str::from_utf8(bytes) {
            Ok(s) => Ok(s.to_owned()),
            Err(_) => {
                let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
                det.feed(bytes, true);
                let guess = det.guess(None, chardetng::Utf8Detection::Deny);
                // GBK is decoded as its superset GB18030.
                let e = if guess == encoding_rs::GBK {
                    encoding_rs::GB18030
                } else {
                    guess
                };
                let (s, bad) = e.decode_without_bom_handling(bytes);
                if bad {
                    return Err(format!(
                        "{shown}:1: not UTF-8 text, and not valid {} either (the detected encoding); give --encoding",
                        e.name()
                    ));
                }
                Ok(s.into_owned())
            }
        },
    }
}

/// Line breaks in `b`: `\r\n`, `\n` and a lone `\r` each count once.
fn line_breaks(b: &[u8]) -> u64 {
    let mut n = 0;
    for (i, &c) in b.iter().enumerate() {
        if c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
            n += 1;
        }
    }
    n
}

/// Line numbers of record starts, counted incrementally (records come in order).
struct Lines<'a> {
    text: &'a [u8],
    at: usize,
    line: u64,
}

impl Lines<'_> {
    /// The 1-based line on which the record starting at byte `start` begins (blank
    /// lines before it, which the CSV reader skips, are not part of it).
    fn of(&mut self, start: u64) -> u64 {
        let mut start = (start as usize).min(self.text.len());
        while start < self.text.len() && matches!(self.text[start], b'\r' | b'\n') {
            start += 1;
        }
        if start < self.at {
            self.at = 0;
            self.line = 1;
        }
        // a "\r\n" split across the previous position counts once
        let from = if self.at > 0
            && self.text[self.at - 1] == b'\r'
            && self.text.get(self.at) == Some(&b'\n')
        {
            self.at + 1
        } else {
            self.at
        };
        if from < start {
            self.line += line_breaks(&self.text[from..start]);
        }
        self.at = start;
        self.line
    }
}

/// A value as shown in a message: at most 80 characters.
pub fn shown_value(v: &str) -> std::borrow::Cow<'_, str> {
    const MAX: usize = 80;
    match v.char_indices().nth(MAX) {
        None => v.into(),
        Some((i, _)) => format!("{}… ({} characters)", &v[..i], v.chars().count()).into(),
    }
}

// ── limits of the data contract ─────────────────────────────────────────────

/// An amount is at most 10^12 in its currency per row (10^18 micro-units: an i64 holds it).
pub const MAX_AMOUNT: i64 = 1_000_000_000_000;
/// A quantity or count is at most 10^9.
pub const MAX_COUNT: i64 = 1_000_000_000;
/// An FX rate is greater than 0 and at most 10^6.
pub const MAX_RATE: i64 = 1_000_000;
/// Dates and date-times lie in 1970-01-01..2199-12-31.
const DATE_RANGE: &str = "is out of range: dates lie in 1970-01-01..2199-12-31";

fn in_date_range(d: chrono::NaiveDate) -> bool {
    use chrono::Datelike;
    (1970..=2199).contains(&d.year())
}

/// A plain decimal's syntax: optional leading `-`, digits, at most one `.`.
fn plain_syntax(s: &str) -> bool {
    let body = s.strip_prefix('-').unwrap_or(s);
    !body.is_empty()
        && body != "."
        && body.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && body.bytes().filter(|&b| b == b'.').count() <= 1
}

/// An amount cell as micro-units, within the contract's limit.
pub fn check_amount(v: &str) -> std::result::Result<i64, &'static str> {
    const OUT: &str = "is out of range: an amount is at most 1000000000000 (10^12) per row";
    if !plain_syntax(v) {
        return Err(
            "is not a plain decimal (digits, optional '-' and '.', no thousands separator or currency symbol)",
        );
    }
    let Some(d) = parse_plain_decimal(v) else {
        return Err(OUT); // more digits than a decimal holds
    };
    if d.abs() > rust_decimal::Decimal::from(MAX_AMOUNT) {
        return Err(OUT);
    }
    parse_micro(v).ok_or("has more than 6 decimal places")
}

/// An FX rate cell: a decimal in (0, 10^6], normalised.
pub fn check_rate(v: &str) -> std::result::Result<rust_decimal::Decimal, &'static str> {
    match parse_plain_decimal(v) {
        _ if !plain_syntax(v) => Err("is not a decimal greater than 0"),
        None => Err("is out of range: an FX rate is greater than 0 and at most 1000000"),
        Some(d) if d <= rust_decimal::Decimal::ZERO => Err("is not a decimal greater than 0"),
        Some(d) if d > rust_decimal::Decimal::from(MAX_RATE) => {
            Err("is out of range: an FX rate is greater than 0 and at most 1000000")
        }
        Some(d) => Ok(d.normalize()),
    }
}

/// An ISO 4217 currency code (upper case).
pub fn is_currency(code: &str) -> bool {
    code.len() == 3 && iso_currency::Currency::from_code(code).is_some()
}

/// An ISO 3166-1 alpha-2 country code (upper case).
pub fn is_country(code: &str) -> bool {
    code.len() == 2 && isocountry::CountryCode::for_alpha2(code).is_ok()
}

/// Per-row access to the columns of a record, reporting problems with file, line and column.
struct RowCtx<'a> {
    file: &'a str,
    /// The file's number among the table's files of the call.
    file_no: usize,
    line: u64,
    rec: &'a StringRecord,
    idx: &'a [Option<usize>],
    names: &'a [(&'static str, bool)],
    errs: &'a mut Errors,
    ok: bool,
}

impl RowCtx<'_> {
    fn col(&self, c: usize) -> Option<&str> {
        let i = self.idx[c]?;
        let v = self.rec.get(i)?.trim();
        (!v.is_empty()).then_some(v)
    }
    fn bad(&mut self, c: usize, v: &str, what: &str) {
        self.ok = false;
        let (file, line, name) = (self.file, self.line, self.names[c].0);
        let v = shown_value(v);
        self.errs.push(format!(
            "{file}:{line}: column '{name}': value '{v}' {what}"
        ));
    }
    fn fail(&mut self, msg: String) {
        self.ok = false;
        let (file, line) = (self.file, self.line);
        self.errs.push(format!("{file}:{line}: {msg}"));
    }
    fn req(&mut self, c: usize) -> Option<String> {
        match self.col(c) {
            Some(v) => Some(v.to_string()),
            None => {
                if self.names[c].1 {
                    self.bad(c, "", "is empty: the column is required");
                }
                None
            }
        }
    }
    fn opt(&self, c: usize) -> Option<String> {
        self.col(c).map(str::to_string)
    }
    fn date(&mut self, c: usize) -> Option<Day> {
        let v = self.col(c)?.to_string();
        match parse_date(&v) {
            Some(d) if !in_date_range(d) => {
                self.bad(c, &v, DATE_RANGE);
                None
            }
            Some(d) => Some(day_of(d)),
            None => {
                self.bad(c, &v, "is not a calendar date YYYY-MM-DD");
                None
            }
        }
    }
    fn money(&mut self, c: usize, allow_negative: bool) -> Option<i64> {
        let v = self.col(c)?.to_string();
        match check_amount(&v) {
            Ok(m) if m < 0 && !allow_negative => {
                self.bad(c, &v, "is negative: amounts must be 0 or more");
                None
            }
            Ok(m) => Some(m),
            Err(why) => {
                self.bad(c, &v, why);
                None
            }
        }
    }
    fn count(&mut self, c: usize) -> Option<i64> {
        let v = self.col(c)?.to_string();
        if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
            self.bad(c, &v, "is not a non-negative integer");
            return None;
        }
        match v.parse::<u64>() {
            Ok(n) if n <= MAX_COUNT as u64 => Some(n as i64),
            _ => {
                self.bad(
                    c,
                    &v,
                    "is out of range: a quantity or count is at most 1000000000 (10^9)",
                );
                None
            }
        }
    }
    fn count_in(&mut self, c: usize, lo: i64, hi: i64) -> Option<i64> {
        let n = self.count(c)?;
        if n < lo || n > hi {
            let v = n.to_string();
            self.bad(c, &v, &format!("is outside {lo}..{hi}"));
            return None;
        }
        Some(n)
    }
    fn boolean(&mut self, c: usize) -> Option<bool> {
        let v = self.col(c)?.to_string();
        match v.to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" => Some(true),
            "0" | "false" | "no" => Some(false),
            _ => {
                self.bad(c, &v, "is not a boolean (1/0, true/false, yes/no)");
                None
            }
        }
    }
    fn choice(&mut self, c: usize, options: &[&str]) -> Option<i64> {
        let v = self.col(c)?.to_string();
        match options.iter().position(|o| o.eq_ignore_ascii_case(&v)) {
            Some(i) => Some(i as i64),
            None => {
                self.bad(c, &v, &format!("is not one of {}", options.join(", ")));
                None
            }
        }
    }
    fn currency(&mut self, c: usize) -> Option<String> {
        let v = self.req(c)?;
        let up = v.to_ascii_uppercase();
        if is_currency(&up) {
            Some(up)
        } else {
            self.bad(
                c,
                &v,
                "is not an ISO 4217 currency code (USD, EUR, GBP, JPY, CNY ...)",
            );
            None
        }
    }
    /// A date-time in the given zone (or RFC 3339 with an offset) as epoch milliseconds.
    fn instant(&mut self, c: usize, tz: Tz) -> Option<i64> {
        let v = self.col(c)?.to_string();
        match parse_instant(&v, tz) {
            Ok(_)
                if !v[..4]
                    .parse::<i32>()
                    .is_ok_and(|y| (1970..=2199).contains(&y)) =>
            {
                self.bad(c, &v, DATE_RANGE);
                None
            }
            Ok(ms) => Some(ms),
            Err(why) => {
                self.bad(c, &v, &why);
                None
            }
        }
    }
}

/// `YYYY-MM-DD HH:MM[:SS[.fff]]` in `tz`, or RFC 3339 with an offset / `Z`.
pub fn parse_instant(s: &str, tz: Tz) -> std::result::Result<i64, String> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 10 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return Err(
            "is not a date-time (YYYY-MM-DD HH:MM[:SS[.fff]] local, or RFC 3339 with an offset)"
                .into(),
        );
    }
    if let Some(naive) = fast_local(b) {
        return match tz.from_local_datetime(&naive).earliest() {
            Some(dt) => Ok(dt.timestamp_millis()),
            None => Err(format!(
                "does not exist in {tz} (the clocks skip it: daylight saving time starts)"
            )),
        };
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Ok(dt.timestamp_millis());
    }
    let with_t = s.replacen(' ', "T", 1);
    if let Ok(dt) = DateTime::parse_from_rfc3339(&with_t) {
        return Ok(dt.timestamp_millis());
    }
    for f in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(&with_t, f) {
            return match tz.from_local_datetime(&naive).earliest() {
                Some(dt) => Ok(dt.timestamp_millis()),
                None => Err(format!(
                    "does not exist in {tz} (the clocks skip it: daylight saving time starts)"
                )),
            };
        }
    }
    Err("is not a date-time (YYYY-MM-DD HH:MM[:SS[.fff]] local, or RFC 3339 with an offset)".into())
}

/// The common local forms `YYYY-MM-DD HH:MM` and `YYYY-MM-DD HH:MM:SS` (space or
/// `T`), parsed without chrono's format machinery; None for anything else (a
/// leap second, an invalid date or time included), which the general path handles.
fn fast_local(b: &[u8]) -> Option<NaiveDateTime> {
    if b.len() != 16 && b.len() != 19 {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b' ' | b'T') || b[13] != b':' {
        return None;
    }
    let sec = if b.len() == 19 {
        if b[16] != b':' {
            return None;
        }
        num(17..19)?
    } else {
        0
    };
    let date = chrono::NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)?;
    let time = chrono::NaiveTime::from_hms_opt(num(11..13)?, num(14..16)?, sec)?;
    Some(date.and_time(time))
}

pub fn local_day(ms: i64, tz: Tz) -> Day {
    let dt = tz.timestamp_millis_opt(ms).single().expect("valid instant");
    day_of(dt.date_naive())
}

pub fn parse_tz(s: &str) -> Option<Tz> {
    if s.trim().is_empty() {
        Some(Tz::UTC)
    } else {
        s.trim().parse().ok()
    }
}

/// What the import knows about a store: the workbook's row, or this call's.
#[derive(Clone)]
struct StoreRef {
    tz: Tz,
}

struct Refs {
    stores: HashMap<String, StoreRef>,
    skus: HashSet<String>,
    /// Orders of this call: order_id → (store tz, local day, oid).
    orders: HashMap<String, (Tz, Day, i64)>,
}

struct Importer<'a> {
    tx: &'a Transaction<'a>,
    refs: Refs,
    errs: Errors,
    warnings: Vec<String>,
    /// Warnings past the cap (the error limit), counted only.
    warnings_more: usize,
    progress: bool,
    /// Track touched orders for an incremental rollup refresh (false: rebuild all).
    track: bool,
}

/// Imports `files` into the workbook at `path` (created if missing) in one transaction.
pub fn import_files(path: &Path, files: &[PathBuf], opts: &ImportOptions) -> Result<ImportSummary> {
    import_files_with_settings(path, files, opts, &[])
}

/// [`import_files`], also writing workbook `settings` inside the same transaction
/// (the platform-export importers keep their customer-id key there).
pub fn import_files_with_settings(
    path: &Path,
    files: &[PathBuf],
    opts: &ImportOptions,
    settings: &[(String, String)],
) -> Result<ImportSummary> {
    let meta = std::fs::metadata(path).ok();
    let existed = meta.is_some();
    // An empty (0-byte) file is a workbook yet to be made: a failed import leaves it empty.
    let was_empty_file = meta.as_ref().is_some_and(|m| m.is_file() && m.len() == 0);
    let side_files = |with_main: bool| {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            if suffix.is_empty() && !with_main {
                continue;
            }
            let mut p = path.as_os_str().to_owned();
            p.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(p));
        }
    };
    let res = import_inner(path, files, opts, settings);
    // A failed import or a dry run leaves no workbook behind that it created.
    if (res.is_err() || opts.dry_run) && !existed {
        side_files(true);
    }
    if (res.is_err() || opts.dry_run) && was_empty_file {
        side_files(false);
        let _ = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|f| f.set_len(0));
    }
    res
}

fn import_inner(
    path: &Path,
    files: &[PathBuf],
    opts: &ImportOptions,
    settings: &[(String, String)],
) -> Result<ImportSummary> {
    // Group the files by table, in dependency order, before touching the workbook.
    let by_table = group_by_table(files, opts)?;
    probe_before_import(path)?;
    let mut wb = Workbook::open_write(path)?;
    let tx = begin_import(&mut wb, path)?;
    let refs = Refs {
        stores: HashMap::default(),
        skus: HashSet::default(),
        orders: HashMap::default(),
    };
    // A first import of orders rebuilds every rollup at the end instead of tracking touched days.
    let first_orders: bool =
        tx.query_row("SELECT NOT EXISTS (SELECT 1 FROM orders)", [], |r| r.get(0))?;
    let mut imp = Importer {
        tx: &tx,
        refs,
        errs: Errors {
            list: Vec::new(),
            more: 0,
            max: opts.max_errors,
        },
        warnings: Vec::new(),
        warnings_more: 0,
        progress: opts.progress,
        track: !first_orders,
    };
    imp.load_refs()?;
    let mut summary = ImportSummary {
        dry_run: opts.dry_run,
        ..Default::default()
    };
    for (table, paths) in &by_table {
        if !paths.is_empty() {
            summary
                .tables
                .push(imp.import_paths(table, paths, opts.encoding)?);
        }
    }
    if imp.warnings_more > 0 {
        let n = imp.warnings_more;
        imp.warnings.push(format!("... and {n} more warnings"));
    }
    if imp.errs.any() {
        let e = ImportErrors {
            errors: imp.errs.list,
            more: imp.errs.more,
            warnings: imp.warnings,
        };
        drop(tx); // rolls back
        return Err(e.into());
    }
    let started = Instant::now();
    rollups(&tx, first_orders).map_err(|e| too_large(path, e))?;
    summary.rollup_secs = started.elapsed().as_secs_f64();
    summary.warnings = imp.warnings;
    for (k, v) in settings {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
            params![k, v],
        )?;
    }
    if opts.dry_run {
        drop(tx);
    } else {
        tx.commit()?;
    }
    Ok(summary)
}

/// The files of the call per table, in dependency order; fails (naming every
/// such file) when a file's table cannot be told or a file does not exist.
fn group_by_table<'f>(
    files: &'f [PathBuf],
    opts: &ImportOptions,
) -> Result<Vec<(&'static str, Vec<&'f PathBuf>)>> {
    let mut errs = Errors {
        list: Vec::new(),
        more: 0,
        max: opts.max_errors,
    };
    let mut by_table: Vec<(&'static str, Vec<&PathBuf>)> =
        TABLES.iter().map(|t| (t.0, Vec::new())).collect();
    for f in files {
        let t = match &opts.table {
            Some(t) => TABLES
                .iter()
                .map(|x| x.0)
                .find(|x| x.eq_ignore_ascii_case(t.trim())),
            None => table_of(f),
        };
        match t {
            Some(t) => by_table.iter_mut().find(|x| x.0 == t).unwrap().1.push(f),
            None => errs.push(format!(
                "{}: cannot tell the table from the file name (expected a table name such as orders.csv or orders-2026.csv; use --table)",
                f.display()
            )),
        }
        if !f.exists() {
            errs.push(format!("{}: no such file", f.display()));
        }
    }
    if errs.any() {
        return Err(ImportErrors {
            errors: errs.list,
            more: errs.more,
            warnings: vec![],
        }
        .into());
    }
    Ok(by_table)
}

/// The integrity probe, before anything writes (the switch to WAL changes bytes):
/// a damaged workbook imports nothing.
fn probe_before_import(path: &Path) -> Result<()> {
    let has_data = std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() > 0);
    let probe = if has_data {
        Workbook::open_read_any(path)?.0.quick_probe()?
    } else {
        None
    };
    if let Some(problem) = probe {
        anyhow::bail!(
            "{}: the workbook is damaged (integrity probe: {problem}); nothing was imported: run `sellerdeck check {}`",
            path.display(),
            path.display()
        );
    }
    Ok(())
}

/// The import's transaction, with the write lock taken up front (a deferred
/// transaction that reads first could fail at once with "database is locked"
/// instead of waiting for another import to finish), and its temp tables empty.
fn begin_import<'w>(wb: &'w mut Workbook, path: &Path) -> Result<Transaction<'w>> {
    wb.conn.busy_timeout(std::time::Duration::ZERO)?;
    if wb.conn.execute_batch("BEGIN IMMEDIATE; ROLLBACK;").is_err() {
        eprintln!(
            "{}: another program is writing to this workbook; waiting up to {} s for it to finish ...",
            path.display(),
            BUSY_WAIT.as_secs()
        );
    }
    wb.conn.busy_timeout(BUSY_WAIT)?;
    let tx = wb
        .conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .with_context(|| {
            format!(
                "{}: the workbook is locked by another program (waited {} s)",
                path.display(),
                BUSY_WAIT.as_secs()
            )
        })?;
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS touched (oid INTEGER PRIMARY KEY);
         CREATE TEMP TABLE IF NOT EXISTS dirty_days (day INTEGER PRIMARY KEY);
         CREATE TEMP TABLE IF NOT EXISTS rate_changes (day INTEGER NOT NULL);
         CREATE TEMP TABLE IF NOT EXISTS touched_customers (customer_id TEXT PRIMARY KEY) WITHOUT ROWID;
         CREATE TEMP TABLE IF NOT EXISTS ta_days (day INTEGER PRIMARY KEY);
         DELETE FROM ta_days;
         DELETE FROM touched; DELETE FROM dirty_days; DELETE FROM rate_changes; DELETE FROM touched_customers;",
    )?;
    Ok(tx)
}

/// How long an import waits for another one to finish.
const BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

fn rollups(tx: &Transaction, first_orders: bool) -> Result<()> {
    super::rollup::refresh(tx, !first_orders)?;
    super::rollup_exp::refresh(tx)?;
    let orders_changed: bool =
        tx.query_row("SELECT EXISTS (SELECT 1 FROM temp.dirty_days)", [], |r| {
            r.get(0)
        })?;
    if first_orders {
        super::custindex::CustomerIndex::rebuild(tx)?;
    } else if orders_changed {
        super::custindex::CustomerIndex::update(tx)?;
    }
    let rates_from: Option<Day> =
        tx.query_row("SELECT min(day) FROM temp.rate_changes", [], |r| r.get(0))?;
    super::rollup::refresh_months(tx, rates_from)?;
    super::rollup::refresh_traffic_ads(tx, rates_from)?;
    // Every money total of the workbook must stay exact (i64 micro-units): then no
    // sum a report takes of any part of it can overflow.
    tx.query_row(
        "SELECT (SELECT sum(gross) + sum(discount) FROM r_line_month),
                (SELECT sum(amount) FROM refunds),
                (SELECT sum(spend) + sum(coalesce(ad_sales, 0)) FROM ads),
                (SELECT sum(abs(amount)) FROM expenses)",
        [],
        |_| Ok(()),
    )?;
    Ok(())
}

/// An integer overflow in the rollups: the data's totals are beyond exact sums.
fn too_large(path: &Path, e: anyhow::Error) -> anyhow::Error {
    let overflow = e
        .chain()
        .any(|c| c.to_string().contains("integer overflow"));
    if overflow {
        anyhow::anyhow!(
            "{}: nothing was imported: the totals of these amounts would exceed what sellerdeck sums exactly (9223372036854 in a currency, in micro-units) ({e:#})",
            path.display()
        )
    } else {
        e
    }
}

fn sql_table(t: &str) -> &str {
    if t == "metrics" { "ext_metrics" } else { t }
}

/// Identity of a row for duplicate detection inside one call.
type Seen = HashMap<String, (usize, u64)>;

/// The state of one table's import across its files.
struct TableRun {
    table: &'static str,
    spec: &'static [(&'static str, bool)],
    /// The table held no rows before this call.
    was_empty: bool,
    seen: Seen,
    /// order_lines: merged lines of the call, replacing all lines of their orders.
    lines: Vec<(i64, String, i64, i64, i64)>,
    line_index: LineIndex,
    /// The files read so far (a merged line names the file it came from).
    shown_files: Vec<String>,
    /// orders of a first import: written after the last file, with each
    /// customer's first order marked (see `write_new_orders`).
    new_orders: Vec<NewOrder>,
}

/// An order of a first import, as it will be written (oid assigned in file order).
struct NewOrder {
    id: String,
    store: String,
    ordered: i64,
    day: Day,
    customer: Option<String>,
    status: i64,
    device: Option<i64>,
    acquisition: Option<String>,
    ship_by: Option<i64>,
}

/// The file being read: its name as shown, number, column positions and text.
struct FileRead<'a> {
    shown: &'a str,
    file_no: usize,
    /// Position in the file of each column of the table (None when absent).
    idx: &'a [Option<usize>],
    /// Fields of the header: every row has as many.
    width: usize,
    text: &'a str,
    bar: Option<&'a indicatif::ProgressBar>,
}

/// The progress bar of reading a large file (`len` bytes).
fn progress_bar(len: u64, shown: &str) -> indicatif::ProgressBar {
    let b = indicatif::ProgressBar::new(len);
    b.set_style(
        indicatif::ProgressStyle::with_template("{msg} {bar:30} {bytes}/{total_bytes} {eta}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    b.set_message(shown.to_string());
    b
}

impl Importer<'_> {
    /// A warning, capped like the errors (the rest are counted).
    fn warn(&mut self, w: String) {
        if self.warnings.len() < self.errs.max {
            self.warnings.push(w);
        } else {
            self.warnings_more += 1;
        }
    }

    fn load_refs(&mut self) -> Result<()> {
        let mut st = self.tx.prepare("SELECT store_id, timezone FROM stores")?;
        let rows: Vec<(String, String)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (id, tz) in rows {
            self.refs.stores.insert(
                id,
                StoreRef {
                    tz: parse_tz(&tz).unwrap_or(Tz::UTC),
                },
            );
        }
        let mut st = self.tx.prepare("SELECT sku FROM skus")?;
        self.refs.skus = st
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(())
    }

    /// An order of this call or of the workbook: its store's zone, local day and oid.
    fn order(&mut self, id: &str) -> Result<Option<(Tz, Day, i64)>> {
        lookup_order(self.tx, &self.refs, id)
    }

    fn touch(&self, oid: i64) -> Result<()> {
        if self.track {
            self.tx
                .prepare_cached("INSERT OR IGNORE INTO touched VALUES (?1)")?
                .execute([oid])?;
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    /// Imports the files of one table; its summary.
    fn import_paths(
        &mut self,
        table: &'static str,
        paths: &[&PathBuf],
        enc: Encoding,
    ) -> Result<TableSummary> {
        let started = Instant::now();
        let spec = TABLES.iter().find(|t| t.0 == table).unwrap().1;
        let was_empty: bool = self.tx.query_row(
            &format!("SELECT NOT EXISTS (SELECT 1 FROM {})", sql_table(table)),
            [],
            |r| r.get(0),
        )?;
        let mut ts = TableSummary {
            table: table.to_string(),
            ..Default::default()
        };
        // A first import of a table builds its secondary indexes once after the
        // rows are in (a sort) instead of row by row; nothing of the import reads
        // a table through them while it is being filled.
        let deferred = if was_empty {
            self.drop_indexes(sql_table(table))?
        } else {
            Vec::new()
        };
        self.import_table(table, spec, paths, enc, was_empty, &mut ts)?;
        if !self.errs.any() {
            // (a failed import rolls back: the dropped indexes come back with it)
            for sql in deferred {
                self.tx.execute_batch(&sql)?;
            }
        }
        ts.secs = started.elapsed().as_secs_f64();
        Ok(ts)
    }

    /// Drops the secondary indexes of `table` (not those of its constraints); the
    /// statements that create them again.
    fn drop_indexes(&self, table: &str) -> Result<Vec<String>> {
        let mut st = self.tx.prepare(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL",
        )?;
        let found: Vec<(String, String)> = st
            .query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (name, _) in &found {
            self.tx.execute_batch(&format!("DROP INDEX \"{name}\""))?;
        }
        Ok(found.into_iter().map(|(_, sql)| sql).collect())
    }

    fn import_table(
        &mut self,
        table: &'static str,
        spec: &'static [(&'static str, bool)],
        paths: &[&PathBuf],
        enc: Encoding,
        was_empty: bool,
        ts: &mut TableSummary,
    ) -> Result<()> {
        let mut run = TableRun {
            table,
            spec,
            was_empty,
            seen: HashMap::default(),
            lines: Vec::new(),
            line_index: HashMap::default(),
            shown_files: Vec::new(),
            new_orders: Vec::new(),
        };
        for path in paths {
            self.import_file(&mut run, path, enc, ts)?;
        }
        if table == "order_lines" {
            self.write_lines(run.lines, ts)?;
        }
        if table == "orders" {
            self.write_new_orders(run.new_orders)?;
        }
        Ok(())
    }

    /// Reads one file of the table: its header, then its rows.
    fn import_file(
        &mut self,
        run: &mut TableRun,
        path: &Path,
        enc: Encoding,
        ts: &mut TableSummary,
    ) -> Result<()> {
        let shown = path.display().to_string();
        run.shown_files.push(shown.clone());
        let file_no = run.shown_files.len() - 1;
        let bytes = std::fs::read(path).with_context(|| format!("{shown}: cannot read"))?;
        let text = match decode(path, bytes, enc) {
            Ok(t) => t,
            Err(e) => {
                self.errs.push(e);
                return Ok(());
            }
        };
        let bar = (self.progress && text.len() > 1 << 20)
            .then(|| progress_bar(text.len() as u64, &shown));
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(false)
            .from_reader(text.as_bytes());
        let mut rec = StringRecord::new();
        if !rdr
            .read_record(&mut rec)
            .map_err(|e| anyhow::anyhow!("{shown}: {e}"))?
        {
            self.errs
                .push(format!("{shown}:1: empty file: expected a header row"));
            return Ok(());
        }
        let header: Vec<String> = rec.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
        let idx: Vec<Option<usize>> = run
            .spec
            .iter()
            .map(|(n, _)| header.iter().position(|h| h == n))
            .collect();
        if !self.header_ok(&shown, &header, run.spec, &idx) {
            return Ok(());
        }
        let file = FileRead {
            shown: &shown,
            file_no,
            idx: &idx,
            width: header.len(),
            text: &text,
            bar: bar.as_ref(),
        };
        let rows_in_file = self.import_rows(run, &file, &mut rdr, &mut rec, ts)?;
        if let Some(b) = bar {
            b.finish_and_clear();
        }
        if rows_in_file == 0 {
            self.errs.push(format!(
                "{shown}:2: no data rows (the file has only a header)"
            ));
        }
        Ok(())
    }

    /// Checks a file's header: no repeated columns, every required one present
    /// (errors), unknown ones warned about. Whether its rows can be read.
    fn header_ok(
        &mut self,
        shown: &str,
        header: &[String],
        spec: &[(&str, bool)],
        idx: &[Option<usize>],
    ) -> bool {
        let mut missing = false;
        // A repeated column (names compared without case and surrounding spaces) is
        // ambiguous: which one holds the values?
        let mut first_at: HashMap<&str, usize> = HashMap::default();
        let mut repeated = 0usize;
        for (i, h) in header.iter().enumerate() {
            if h.is_empty() {
                continue;
            }
            if let Some(&j) = first_at.get(h.as_str()) {
                repeated += 1;
                if repeated <= 5 {
                    self.errs.push(format!(
                        "{shown}:1: column '{}' appears twice in the header (columns {} and {}): which one holds the values is ambiguous",
                        shown_value(h),
                        j + 1,
                        i + 1
                    ));
                }
                missing = true;
            } else {
                first_at.insert(h, i);
            }
        }
        if repeated > 5 {
            self.errs.push(format!(
                "{shown}:1: {} more repeated columns in the header",
                repeated - 5
            ));
        }
        for (i, (n, req)) in spec.iter().enumerate() {
            if *req && idx[i].is_none() {
                self.errs.push(format!(
                    "{shown}:1: column '{n}': required column is missing from the header"
                ));
                missing = true;
            }
        }
        self.warn_unknown_columns(shown, header, spec);
        !missing
    }

    /// Warns about the header's columns that the table does not have (ignored).
    fn warn_unknown_columns(&mut self, shown: &str, header: &[String], spec: &[(&str, bool)]) {
        let unknown: Vec<&String> = header
            .iter()
            .filter(|h| !h.is_empty() && !spec.iter().any(|(n, _)| n == h))
            .collect();
        match unknown.len() {
            0 => {}
            1 => self.warn(format!(
                "{shown}:1: unknown column '{}' ignored",
                shown_value(unknown[0])
            )),
            n => {
                let names: Vec<String> = unknown
                    .iter()
                    .take(5)
                    .map(|h| format!("'{}'", shown_value(h)))
                    .collect();
                let more = if n > 5 {
                    format!(" and {} more", n - 5)
                } else {
                    String::new()
                };
                self.warn(format!(
                    "{shown}:1: {n} unknown columns ignored: {}{more}",
                    names.join(", ")
                ));
            }
        }
    }

    /// Reads a file's data rows after its header; how many there were.
    fn import_rows(
        &mut self,
        run: &mut TableRun,
        file: &FileRead,
        rdr: &mut csv::Reader<&[u8]>,
        rec: &mut StringRecord,
        ts: &mut TableSummary,
    ) -> Result<u64> {
        let (shown, width) = (file.shown, file.width);
        let mut rows_in_file = 0u64;
        let mut lines_of = Lines {
            text: file.text.as_bytes(),
            at: 0,
            line: 1,
        };
        loop {
            match rdr.read_record(rec) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    let line = e.position().map(|p| lines_of.of(p.byte())).unwrap_or(0);
                    self.errs
                        .push(format!("{shown}:{line}: unreadable CSV: {e}"));
                    break;
                }
            }
            let line = rec.position().map(|p| lines_of.of(p.byte())).unwrap_or(0);
            if rec.len() == 1 && rec.get(0).is_some_and(|f| f.trim().is_empty()) {
                continue; // blank line
            }
            rows_in_file += 1;
            ts.read += 1;
            if let Some(b) = file.bar
                && ts.read.is_multiple_of(8192)
            {
                b.set_position(rec.position().map(|p| p.byte()).unwrap_or(0));
            }
            if rec.len() != width {
                self.errs.push(format!(
                    "{shown}:{line}: expected {width} fields as in the header, found {} (truncated or malformed line)",
                    rec.len()
                ));
                continue;
            }
            self.import_row(run, file, rec, line, ts)?;
        }
        Ok(rows_in_file)
    }

    /// Checks and takes one data row: an order line into the call's merged
    /// lines, any other row written at once.
    fn import_row(
        &mut self,
        run: &mut TableRun,
        file: &FileRead,
        rec: &StringRecord,
        line: u64,
        ts: &mut TableSummary,
    ) -> Result<()> {
        let idx = file.idx;
        if run.table == "order_lines" {
            let order = idx[0].and_then(|i| rec.get(i)).map(str::trim).unwrap_or("");
            let oid = if order.is_empty() {
                None
            } else {
                self.order(order)?.map(|o| o.2)
            };
            let known = order.is_empty() || oid.is_some();
            let mut row = RowCtx {
                file: file.shown,
                file_no: file.file_no,
                line,
                rec,
                idx,
                names: run.spec,
                errs: &mut self.errs,
                ok: true,
            };
            if !known {
                row.bad(
                    0,
                    order,
                    "is not a known order_id (not in the workbook's orders nor in this import)",
                );
            }
            parse_line(
                &mut row,
                &self.refs,
                oid,
                &mut run.lines,
                &mut run.line_index,
                (file.file_no, &run.shown_files),
            );
        } else {
            let mut row = RowCtx {
                file: file.shown,
                file_no: file.file_no,
                line,
                rec,
                idx,
                names: run.spec,
                errs: &mut self.errs,
                ok: true,
            };
            Self::dispatch(
                run.table,
                &mut row,
                &mut self.refs,
                self.tx,
                run.was_empty,
                self.track,
                (&mut run.seen, &run.shown_files, &mut run.new_orders),
                ts,
                &mut self.warnings,
            )?;
        }
        Ok(())
    }

    /// Checks and writes one row of `table`.
    #[allow(clippy::too_many_arguments)]
    fn dispatch(
        table: &str,
        row: &mut RowCtx,
        refs: &mut Refs,
        tx: &Transaction,
        was_empty: bool,
        track: bool,
        (seen, files, new_orders): (&mut Seen, &[String], &mut Vec<NewOrder>),
        ts: &mut TableSummary,
        warnings: &mut Vec<String>,
    ) -> Result<()> {
        let mut w = Writer {
            tx,
            refs,
            was_empty,
            track,
            seen,
            files,
            new_orders,
            ts,
            warnings,
        };
        match table {
            "stores" => w.stores(row),
            "skus" => w.skus(row),
            "sku_costs" => w.sku_costs(row),
            "fx_rates" => w.fx_rates(row),
            "orders" => w.orders(row),
            "shipments" => w.shipments(row),
            "refunds" => w.refunds(row),
            "traffic" => w.traffic(row),
            "ads" => w.ads(row),
            "inventory" => w.inventory(row),
            "expenses" => w.expenses(row),
            "reviews" => w.reviews(row),
            "tickets" => w.tickets(row),
            "surveys" => w.surveys(row),
            "targets" => w.targets(row),
            "metrics" => w.metrics(row),
            _ => unreachable!("unknown table {table}"),
        }
    }

    /// Writes the orders of a first import, each customer's first valid order
    /// (by ordered_ms, ties by order_id in byte order) marked `is_first` and its
    /// day copied to all the customer's orders (`first_day`), as
    /// `rollup::mark_first_orders` would after the fact.
    fn write_new_orders(&mut self, orders: Vec<NewOrder>) -> Result<()> {
        let mut first: HashMap<&str, usize> = HashMap::default();
        for (i, o) in orders.iter().enumerate() {
            let Some(c) = o.customer.as_deref() else {
                continue;
            };
            if o.status >= 3 {
                continue;
            }
            let e = first.entry(c).or_insert(i);
            let b = &orders[*e];
            if (o.ordered, o.id.as_str()) < (b.ordered, b.id.as_str()) {
                *e = i;
            }
        }
        let mut ins = self.tx.prepare_cached(
            "INSERT INTO orders (oid, order_id, store_id, ordered_ms, day, customer_id, status, device, acquisition, ship_by_ms, is_first, first_day)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?;
        for (i, o) in orders.iter().enumerate() {
            let f = o.customer.as_deref().and_then(|c| first.get(c).copied());
            let first_day = f.map(|f| orders[f].day);
            ins.execute(params![
                i as i64 + 1,
                o.id,
                o.store,
                o.ordered,
                o.day,
                o.customer,
                o.status,
                o.device,
                o.acquisition,
                o.ship_by,
                f == Some(i),
                first_day
            ])?;
        }
        Ok(())
    }

    fn write_lines(
        &mut self,
        lines: Vec<(i64, String, i64, i64, i64)>,
        ts: &mut TableSummary,
    ) -> Result<()> {
        let orders: HashSet<i64> = lines.iter().map(|l| l.0).collect();
        let mut del = self
            .tx
            .prepare_cached("DELETE FROM order_lines WHERE oid=?1")?;
        let mut replaced = 0u64;
        for o in &orders {
            replaced += del.execute([o])? as u64;
            self.touch(*o)?;
        }
        let mut ins = self
            .tx
            .prepare_cached("INSERT INTO order_lines VALUES (?1, ?2, ?3, ?4, ?5)")?;
        for (o, s, q, g, d) in &lines {
            ins.execute(params![o, s, q, g, d])?;
        }
        ts.replaced = replaced.min(lines.len() as u64);
        ts.inserted = lines.len() as u64 - ts.replaced;
        Ok(())
    }
}

/// An order of this call or of the workbook: its store's zone, local day and oid.
fn lookup_order(tx: &Transaction, refs: &Refs, id: &str) -> Result<Option<(Tz, Day, i64)>> {
    if let Some(o) = refs.orders.get(id) {
        return Ok(Some(*o));
    }
    let row: Option<(String, Day, i64)> = tx
        .prepare_cached("SELECT store_id, day, oid FROM orders WHERE order_id=?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    Ok(row.map(|(s, d, oid)| (refs.stores.get(&s).map(|s| s.tz).unwrap_or(Tz::UTC), d, oid)))
}

/// The merged lines of a call: (oid, sku) → (index into the lines, file number, first line).
type LineIndex = HashMap<(i64, String), (usize, usize, u64)>;

fn parse_line(
    row: &mut RowCtx,
    refs: &Refs,
    oid: Option<i64>,
    lines: &mut Vec<(i64, String, i64, i64, i64)>,
    index: &mut LineIndex,
    (file_no, files): (usize, &[String]),
) {
    let order = row.req(0).and(oid);
    let sku = row.req(1);
    let qty = row.count(2);
    if qty == Some(0) {
        row.bad(2, "0", "is below 1: order_lines.qty is at least 1");
    }
    if row.col(2).is_none() {
        row.bad(2, "", "is empty: the column is required");
    }
    let price = row.money(3, false);
    if row.col(3).is_none() {
        row.bad(3, "", "is empty: the column is required");
    }
    let discount = row.money(4, false).unwrap_or(0);
    if let Some(s) = &sku
        && !refs.skus.contains(s)
    {
        row.bad(
            1,
            s,
            "is not a known sku (not in the workbook's skus nor in this import)",
        );
    }
    let (Some(order), Some(sku), Some(qty), Some(price)) = (order, sku, qty, price) else {
        return;
    };
    if !row.ok {
        return;
    }
    // A line's total is an amount of the row: at most 10^12, merged lines included.
    let max_micro = MAX_AMOUNT * 1_000_000;
    let gross = match price.checked_mul(qty) {
        Some(g) if g <= max_micro => g,
        _ => {
            row.fail(format!(
                "column 'unit_price': qty × unit_price = {} × {} is out of range: a line's amount is at most 1000000000000 (10^12)",
                qty,
                crate::util::micro_to_dec(price)
            ));
            return;
        }
    };
    match index.get(&(order, sku.clone())) {
        Some(&(_, f, l)) if f != file_no => {
            row.fail(format!(
                "duplicate (order_id, sku) '{}, {}': also on {}:{l} (the same order and SKU in two files of one import; only lines of one file are merged)",
                shown_value(row.col(0).unwrap_or("")),
                shown_value(&sku),
                files[f]
            ));
        }
        Some(&(i, _, _)) => {
            let l = &mut lines[i];
            let merged = (
                l.2.checked_add(qty).filter(|q| *q <= MAX_COUNT),
                l.3.checked_add(gross).filter(|g| *g <= max_micro),
                l.4.checked_add(discount).filter(|d| *d <= max_micro),
            );
            match merged {
                (Some(q), Some(g), Some(d)) => {
                    (l.2, l.3, l.4) = (q, g, d);
                }
                _ => row.fail(format!(
                    "merged with the line above of order '{}' and sku '{}', the line is out of range: a line's qty is at most 1000000000 (10^9), its amount and discount at most 1000000000000 (10^12)",
                    shown_value(row.col(0).unwrap_or("")),
                    shown_value(&sku)
                )),
            }
        }
        None => {
            index.insert((order, sku.clone()), (lines.len(), file_no, row.line));
            lines.push((order, sku, qty, gross, discount));
        }
    }
}

struct Writer<'a, 'b> {
    tx: &'a Transaction<'b>,
    refs: &'a mut Refs,
    was_empty: bool,
    track: bool,
    seen: &'a mut Seen,
    /// The table's files of the call so far, by number (as shown in messages).
    files: &'a [String],
    new_orders: &'a mut Vec<NewOrder>,
    ts: &'a mut TableSummary,
    warnings: &'a mut Vec<String>,
}

impl Writer<'_, '_> {
    /// Registers an identity; a duplicate inside the call is an error naming both lines.
    fn identity(&mut self, row: &mut RowCtx, what: &str, key: String) -> bool {
        if let Some(&(f, l)) = self.seen.get(&key) {
            let f = &self.files[f];
            row.fail(format!(
                "duplicate {what} '{}': also on {f}:{l}",
                key.replace('\u{1f}', ", ")
            ));
            return false;
        }
        self.seen.insert(key, (row.file_no, row.line));
        true
    }

    /// Writes with replace semantics, counting new and replaced rows.
    fn upsert(
        &mut self,
        exists_sql: &str,
        key: &[&dyn rusqlite::ToSql],
        insert_sql: &str,
        values: &[&dyn rusqlite::ToSql],
    ) -> Result<()> {
        let existed = !self.was_empty && self.tx.prepare_cached(exists_sql)?.exists(key)?;
        self.tx.prepare_cached(insert_sql)?.execute(values)?;
        if existed {
            self.ts.replaced += 1;
        } else {
            self.ts.inserted += 1;
        }
        Ok(())
    }

    fn store_tz(&self, row: &mut RowCtx, c: usize, id: &str) -> Option<Tz> {
        match self.refs.stores.get(id) {
            Some(s) => Some(s.tz),
            None => {
                row.bad(
                    c,
                    id,
                    "is not a known store_id (not in the workbook's stores nor in this import)",
                );
                None
            }
        }
    }

    fn known_sku(&self, row: &mut RowCtx, c: usize) -> Option<String> {
        let s = row.opt(c)?;
        if self.refs.skus.contains(&s) {
            Some(s)
        } else {
            row.bad(
                c,
                &s,
                "is not a known sku (not in the workbook's skus nor in this import)",
            );
            None
        }
    }

    /// The order a row refers to: (order_id, its store's zone, local day, oid).
    fn order_ref(&mut self, row: &mut RowCtx, c: usize) -> Result<Option<(String, Tz, Day, i64)>> {
        let Some(id) = row.opt(c) else {
            return Ok(None);
        };
        match lookup_order(self.tx, self.refs, &id)? {
            Some((tz, d, oid)) => Ok(Some((id, tz, d, oid))),
            None => {
                row.bad(
                    c,
                    &id,
                    "is not a known order_id (not in the workbook's orders nor in this import)",
                );
                Ok(None)
            }
        }
    }

    fn touch(&self, oid: i64) -> Result<()> {
        if self.track {
            self.tx
                .prepare_cached("INSERT OR IGNORE INTO touched VALUES (?1)")?
                .execute([oid])?;
        }
        Ok(())
    }

    fn stores(&mut self, row: &mut RowCtx) -> Result<()> {
        let id = row.req(0);
        let channel = row.req(1);
        let name = row.opt(2);
        let country = row.req(3).map(|c| c.to_ascii_uppercase());
        if let Some(c) = &country
            && !is_country(c)
        {
            let c = c.clone();
            row.bad(3, &c, "is not an ISO 3166 alpha-2 country code");
        }
        let currency = row.currency(4);
        let tz_text = row.opt(5).unwrap_or_else(|| "UTC".into());
        let tz = parse_tz(&tz_text);
        if tz.is_none() {
            row.bad(
                5,
                &tz_text,
                "is not an IANA time zone (e.g. America/Los_Angeles)",
            );
        }
        let (Some(id), Some(channel), Some(country), Some(currency), Some(tz)) =
            (id, channel, country, currency, tz)
        else {
            return Ok(());
        };
        if !self.identity(row, "store_id", id.clone()) || !row.ok {
            return Ok(());
        }
        let old: Option<(String, String)> = self
            .tx
            .prepare_cached("SELECT currency, timezone FROM stores WHERE store_id=?1")?
            .query_row([&id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if let Some((oc, otz)) = old
            && (oc != currency || otz != tz.name())
            && self
                .tx
                .prepare_cached("SELECT 1 FROM orders WHERE store_id=?1 LIMIT 1")?
                .exists([&id])?
        {
            row.fail(format!(
                "store '{id}' already has orders in {oc} / {otz}; changing its currency or time zone to {currency} / {} would re-date them: not supported",
                tz.name()
            ));
            return Ok(());
        }
        self.refs.stores.insert(id.clone(), StoreRef { tz });
        self.upsert(
            "SELECT 1 FROM stores WHERE store_id=?1",
            &[&id],
            "INSERT OR REPLACE INTO stores VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            &[&id, &channel, &name, &country, &currency, &tz.name()],
        )
    }

    fn skus(&mut self, row: &mut RowCtx) -> Result<()> {
        let sku = row.req(0);
        let (title, category) = (row.opt(1), row.opt(2));
        let launched = row.date(3);
        let lead = row.count(4).unwrap_or(30);
        let asin = row.opt(5);
        let Some(sku) = sku else { return Ok(()) };
        if !self.identity(row, "sku", sku.clone()) || !row.ok {
            return Ok(());
        }
        self.refs.skus.insert(sku.clone());
        self.upsert(
            "SELECT 1 FROM skus WHERE sku=?1",
            &[&sku],
            "INSERT OR REPLACE INTO skus VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            &[&sku, &title, &category, &launched, &lead, &asin],
        )
    }

    fn sku_costs(&mut self, row: &mut RowCtx) -> Result<()> {
        let sku = row.req(0);
        if let Some(s) = &sku
            && !self.refs.skus.contains(s)
        {
            let s = s.clone();
            row.bad(0, &s, "is not a known sku");
        }
        let from = row.date(1);
        if row.col(1).is_none() {
            row.bad(1, "", "is empty: the column is required");
        }
        let currency = row.currency(2);
        let purchase = row.money(3, false);
        if row.col(3).is_none() {
            row.bad(3, "", "is empty: the column is required");
        }
        let (freight, duty, pack) = (
            row.money(4, false),
            row.money(5, false),
            row.money(6, false),
        );
        let (Some(sku), Some(from), Some(currency), Some(purchase)) =
            (sku, from, currency, purchase)
        else {
            return Ok(());
        };
        if !self.identity(
            row,
            "(sku, effective_from)",
            format!("{sku}\u{1f}{}", crate::util::date_of(from)),
        ) || !row.ok
        {
            return Ok(());
        }
        self.tx
            .prepare_cached("INSERT INTO temp.rate_changes VALUES (?1)")?
            .execute([from])?;
        self.upsert(
            "SELECT 1 FROM sku_costs WHERE sku=?1 AND effective_from=?2",
            &[&sku, &from],
            "INSERT OR REPLACE INTO sku_costs VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            &[&sku, &from, &currency, &purchase, &freight, &duty, &pack],
        )
    }

    fn fx_rates(&mut self, row: &mut RowCtx) -> Result<()> {
        let day = row.date(0);
        if row.col(0).is_none() {
            row.bad(0, "", "is empty: the column is required");
        }
        let currency = row.currency(1);
        let rate = row.req(2);
        let rate = match rate.as_deref().map(|r| (r, check_rate(r))) {
            Some((_, Ok(d))) => Some(d.to_string()),
            Some((r, Err(why))) => {
                let r = r.to_string();
                row.bad(2, &r, why);
                None
            }
            None => None,
        };
        let (Some(day), Some(currency), Some(rate)) = (day, currency, rate) else {
            return Ok(());
        };
        if !self.identity(
            row,
            "(date, currency)",
            format!("{}\u{1f}{currency}", crate::util::date_of(day)),
        ) || !row.ok
        {
            return Ok(());
        }
        self.tx
            .prepare_cached("INSERT INTO temp.rate_changes VALUES (?1)")?
            .execute([day])?;
        self.upsert(
            "SELECT 1 FROM fx_rates WHERE currency=?1 AND day=?2",
            &[&currency, &day],
            "INSERT OR REPLACE INTO fx_rates VALUES (?1, ?2, ?3)",
            &[&currency, &day, &rate],
        )
    }

    fn orders(&mut self, row: &mut RowCtx) -> Result<()> {
        let id = row.req(0);
        let store = row.req(1);
        let tz = store.as_deref().and_then(|s| self.store_tz(row, 1, s));
        let ordered = tz.and_then(|tz| row.instant(2, tz));
        if row.col(2).is_none() {
            row.bad(2, "", "is empty: the column is required");
        }
        let customer = row.opt(3);
        let status = if row.col(4).is_some() {
            row.choice(4, &codes::STATUSES)
        } else {
            Some(0)
        };
        let device = row.choice(5, &codes::DEVICES);
        let acquisition = row.opt(6);
        let ship_by = tz.and_then(|tz| row.instant(7, tz));
        let (Some(id), Some(store), Some(tz), Some(ordered), Some(status)) =
            (id, store, tz, ordered, status)
        else {
            return Ok(());
        };
        if !self.identity(row, "order_id", id.clone()) || !row.ok {
            return Ok(());
        }
        let day = local_day(ordered, tz);
        let existed = !self.was_empty
            && self
                .tx
                .prepare_cached("SELECT 1 FROM orders WHERE order_id=?1")?
                .exists([&id])?;
        if existed && self.track {
            // The replaced version's day and customer change too.
            self.tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO dirty_days SELECT day FROM orders WHERE order_id=?1",
                )?
                .execute([&id])?;
            self.tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO touched_customers SELECT customer_id FROM orders WHERE order_id=?1 AND customer_id IS NOT NULL",
                )?
                .execute([&id])?;
        }
        // An upsert keeps the order's oid, so its lines, shipment and refunds stay attached;
        // a first import (no orders yet) numbers its orders 1, 2 … in file order and
        // writes them after the last file (`write_new_orders`).
        let oid: i64 = if self.was_empty {
            self.new_orders.push(NewOrder {
                id: id.clone(),
                store: store.clone(),
                ordered,
                day,
                customer,
                status,
                device,
                acquisition,
                ship_by,
            });
            self.new_orders.len() as i64
        } else {
            self.tx
                .prepare_cached(
                    "INSERT INTO orders (order_id, store_id, ordered_ms, day, customer_id, status, device, acquisition, ship_by_ms)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                     ON CONFLICT (order_id) DO UPDATE SET store_id = excluded.store_id, ordered_ms = excluded.ordered_ms,
                        day = excluded.day, customer_id = excluded.customer_id, status = excluded.status,
                        device = excluded.device, acquisition = excluded.acquisition, ship_by_ms = excluded.ship_by_ms
                     RETURNING oid",
                )?
                .query_row(params![id, store, ordered, day, customer, status, device, acquisition, ship_by], |r| r.get(0))?
        };
        if existed {
            // a re-imported order may have moved store: its refunds follow it
            self.tx
                .prepare_cached(
                    "UPDATE refunds SET store_id = ?2 WHERE oid = ?1 AND store_id <> ?2",
                )?
                .execute(params![oid, store])?;
        }
        self.refs.orders.insert(id, (tz, day, oid));
        self.touch(oid)?;
        if existed {
            self.ts.replaced += 1;
        } else {
            self.ts.inserted += 1;
        }
        Ok(())
    }

    fn shipments(&mut self, row: &mut RowCtx) -> Result<()> {
        let order = self.order_ref(row, 0)?;
        let tz = order.as_ref().map(|o| o.1).unwrap_or(Tz::UTC);
        let shipped = row.instant(1, tz);
        let delivered = row.instant(2, tz);
        let (carrier, warehouse) = (row.opt(3), row.opt(4));
        let damaged = row.boolean(5).unwrap_or(false);
        let Some((id, _, _, oid)) = order else {
            return Ok(());
        };
        if !self.identity(row, "order_id", id) || !row.ok {
            return Ok(());
        }
        self.touch(oid)?;
        self.upsert(
            "SELECT 1 FROM shipments WHERE oid=?1",
            &[&oid],
            "INSERT OR REPLACE INTO shipments VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            &[&oid, &shipped, &delivered, &carrier, &warehouse, &damaged],
        )
    }

    fn refunds(&mut self, row: &mut RowCtx) -> Result<()> {
        let id = row.req(0);
        let order = self.order_ref(row, 1)?;
        let tz = order.as_ref().map(|o| o.1);
        let at = tz.and_then(|tz| row.instant(2, tz));
        if row.col(2).is_none() {
            row.bad(2, "", "is empty: the column is required");
        }
        let amount = row.money(3, false);
        if row.col(3).is_none() {
            row.bad(3, "", "is empty: the column is required");
        }
        let sku = self.known_sku(row, 4);
        let qty = row.count(5);
        let reason = row.opt(6);
        let is_return = row.boolean(7).unwrap_or(qty.unwrap_or(0) > 0);
        let (Some(id), Some((_, tz, _, order)), Some(at), Some(amount)) = (id, order, at, amount)
        else {
            return Ok(());
        };
        if !self.identity(row, "refund_id", id.clone()) || !row.ok {
            return Ok(());
        }
        let day = local_day(at, tz);
        let store: String = self
            .tx
            .prepare_cached("SELECT store_id FROM orders WHERE oid=?1")?
            .query_row([order], |r| r.get(0))?;
        self.upsert(
            "SELECT 1 FROM refunds WHERE refund_id=?1",
            &[&id],
            "INSERT OR REPLACE INTO refunds VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            &[
                &id, &order, &store, &at, &day, &amount, &sku, &qty, &reason, &is_return,
            ],
        )
    }

    fn traffic(&mut self, row: &mut RowCtx) -> Result<()> {
        let day = row.date(0);
        if row.col(0).is_none() {
            row.bad(0, "", "is empty: the column is required");
        }
        let store = row.req(1);
        if let Some(s) = &store {
            let s = s.clone();
            self.store_tz(row, 1, &s);
        }
        let sku = self.known_sku(row, 2).unwrap_or_default();
        let sessions = row.count(3);
        if row.col(3).is_none() {
            row.bad(3, "", "is empty: the column is required");
        }
        let (pv, atc, ck, bo, mo) = (
            row.count(4),
            row.count(5),
            row.count(6),
            row.count(7),
            row.count(8),
        );
        let (Some(day), Some(store), Some(sessions)) = (day, store, sessions) else {
            return Ok(());
        };
        if !self.identity(
            row,
            "(date, store_id, sku)",
            format!("{}\u{1f}{store}\u{1f}{sku}", crate::util::date_of(day)),
        ) || !row.ok
        {
            return Ok(());
        }
        self.tx
            .prepare_cached("INSERT OR IGNORE INTO temp.ta_days VALUES (?1)")?
            .execute([day])?;
        self.upsert(
            "SELECT 1 FROM traffic WHERE day=?1 AND store_id=?2 AND sku=?3",
            &[&day, &store, &sku],
            "INSERT OR REPLACE INTO traffic VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            &[&day, &store, &sku, &sessions, &pv, &atc, &ck, &bo, &mo],
        )
    }

    fn ads(&mut self, row: &mut RowCtx) -> Result<()> {
        let day = row.date(0);
        if row.col(0).is_none() {
            row.bad(0, "", "is empty: the column is required");
        }
        let store = row.req(1);
        if let Some(s) = &store {
            let s = s.clone();
            self.store_tz(row, 1, &s);
        }
        let campaign = row.req(2);
        let sku = self.known_sku(row, 3).unwrap_or_default();
        let (imp, clicks) = (row.count(4), row.count(5));
        let spend = row.money(6, false);
        if row.col(6).is_none() {
            row.bad(6, "", "is empty: the column is required");
        }
        let sales = row.money(7, false);
        let (orders, units) = (row.count(8), row.count(9));
        let (Some(day), Some(store), Some(campaign), Some(spend)) = (day, store, campaign, spend)
        else {
            return Ok(());
        };
        if !self.identity(
            row,
            "(date, store_id, campaign, sku)",
            format!(
                "{}\u{1f}{store}\u{1f}{campaign}\u{1f}{sku}",
                crate::util::date_of(day)
            ),
        ) || !row.ok
        {
            return Ok(());
        }
        self.tx
            .prepare_cached("INSERT OR IGNORE INTO temp.ta_days VALUES (?1)")?
            .execute([day])?;
        self.upsert(
            "SELECT 1 FROM ads WHERE day=?1 AND store_id=?2 AND campaign=?3 AND sku=?4",
            &[&day, &store, &campaign, &sku],
            "INSERT OR REPLACE INTO ads VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            &[
                &day, &store, &campaign, &sku, &imp, &clicks, &spend, &sales, &orders, &units,
            ],
        )
    }

    fn inventory(&mut self, row: &mut RowCtx) -> Result<()> {
        let day = row.date(0);
        if row.col(0).is_none() {
            row.bad(0, "", "is empty: the column is required");
        }
        let sku = self.known_sku(row, 1);
        if row.col(1).is_none() {
            row.bad(1, "", "is empty: the column is required");
        }
        let wh = row.req(2);
        let store = row.opt(3);
        if let Some(s) = &store {
            let s = s.clone();
            self.store_tz(row, 3, &s);
        }
        let on_hand = row.count(4);
        if row.col(4).is_none() {
            row.bad(4, "", "is empty: the column is required");
        }
        let (inbound, reserved) = (row.count(5), row.count(6));
        let (Some(day), Some(sku), Some(wh), Some(on_hand)) = (day, sku, wh, on_hand) else {
            return Ok(());
        };
        if !self.identity(
            row,
            "(date, sku, warehouse)",
            format!("{}\u{1f}{sku}\u{1f}{wh}", crate::util::date_of(day)),
        ) || !row.ok
        {
            return Ok(());
        }
        self.tx
            .prepare_cached("INSERT OR IGNORE INTO inventory_pairs VALUES (?1, ?2)")?
            .execute([&sku, &wh])?;
        self.upsert(
            "SELECT 1 FROM inventory WHERE sku=?1 AND warehouse=?2 AND day=?3",
            &[&sku, &wh, &day],
            "INSERT OR REPLACE INTO inventory VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            &[&sku, &wh, &day, &store, &on_hand, &inbound, &reserved],
        )
    }

    fn expenses(&mut self, row: &mut RowCtx) -> Result<()> {
        let id = row.req(0);
        let day = row.date(1);
        if row.col(1).is_none() {
            row.bad(1, "", "is empty: the column is required");
        }
        let cat = row.choice(2, &EXPENSE_CATEGORIES);
        if row.col(2).is_none() {
            row.bad(2, "", "is empty: the column is required");
        }
        let amount = row.money(3, true);
        if row.col(3).is_none() {
            row.bad(3, "", "is empty: the column is required");
        }
        let currency = row.currency(4);
        let store = row.opt(5);
        if let Some(s) = &store {
            let s = s.clone();
            self.store_tz(row, 5, &s);
        }
        let sku = self.known_sku(row, 6);
        let order = self.order_ref(row, 7)?.map(|o| o.3);
        let note = row.opt(8);
        let (Some(id), Some(day), Some(cat), Some(amount), Some(currency)) =
            (id, day, cat, amount, currency)
        else {
            return Ok(());
        };
        if !self.identity(row, "expense_id", id.clone()) || !row.ok {
            return Ok(());
        }
        self.upsert(
            "SELECT 1 FROM expenses WHERE expense_id=?1",
            &[&id],
            "INSERT OR REPLACE INTO expenses VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            &[
                &id, &day, &cat, &amount, &currency, &store, &sku, &order, &note,
            ],
        )
    }

    fn reviews(&mut self, row: &mut RowCtx) -> Result<()> {
        let id = row.req(0);
        let day = row.date(1);
        if row.col(1).is_none() {
            row.bad(1, "", "is empty: the column is required");
        }
        let store = row.req(2);
        if let Some(s) = &store {
            let s = s.clone();
            self.store_tz(row, 2, &s);
        }
        let rating = row.count_in(3, 1, 5);
        if row.col(3).is_none() {
            row.bad(3, "", "is empty: the column is required");
        }
        let sku = self.known_sku(row, 4);
        let order = self.order_ref(row, 5)?.map(|o| o.3);
        let (Some(id), Some(day), Some(store), Some(rating)) = (id, day, store, rating) else {
            return Ok(());
        };
        if !self.identity(row, "review_id", id.clone()) || !row.ok {
            return Ok(());
        }
        self.touch_old("reviews", "review_id", &id)?;
        if let Some(o) = &order {
            self.touch(*o)?;
        }
        self.upsert(
            "SELECT 1 FROM reviews WHERE review_id=?1",
            &[&id],
            "INSERT OR REPLACE INTO reviews VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            &[&id, &day, &store, &rating, &sku, &order],
        )
    }

    /// The order a replaced row pointed to is touched too (its facts change).
    fn touch_old(&self, table: &str, key: &str, id: &str) -> Result<()> {
        if !self.was_empty && self.track {
            self.tx
                .prepare_cached(&format!(
                    "INSERT OR IGNORE INTO touched SELECT oid FROM {table} WHERE {key}=?1 AND oid IS NOT NULL"
                ))?
                .execute([id])?;
        }
        Ok(())
    }

    fn tickets(&mut self, row: &mut RowCtx) -> Result<()> {
        let id = row.req(0);
        let store = row.req(2);
        let tz = store.as_deref().and_then(|s| self.store_tz(row, 2, s));
        let opened = tz.and_then(|tz| row.instant(1, tz));
        if row.col(1).is_none() {
            row.bad(1, "", "is empty: the column is required");
        }
        let order = self.order_ref(row, 3)?.map(|o| o.3);
        let cat = row.choice(4, &codes::TICKET_CATEGORIES);
        let first = tz.and_then(|tz| row.instant(5, tz));
        let resolved = tz.and_then(|tz| row.instant(6, tz));
        let escalated = row.boolean(7).unwrap_or(false);
        let fcr = row.boolean(8).unwrap_or(false);
        let (Some(id), Some(store), Some(tz), Some(opened)) = (id, store, tz, opened) else {
            return Ok(());
        };
        if !self.identity(row, "ticket_id", id.clone()) || !row.ok {
            return Ok(());
        }
        self.touch_old("tickets", "ticket_id", &id)?;
        if let Some(o) = &order {
            self.touch(*o)?;
        }
        let day = local_day(opened, tz);
        self.upsert(
            "SELECT 1 FROM tickets WHERE ticket_id=?1",
            &[&id],
            "INSERT OR REPLACE INTO tickets VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            &[
                &id, &opened, &day, &store, &order, &cat, &first, &resolved, &escalated, &fcr,
            ],
        )
    }

    fn surveys(&mut self, row: &mut RowCtx) -> Result<()> {
        let id = row.req(0);
        let day = row.date(1);
        if row.col(1).is_none() {
            row.bad(1, "", "is empty: the column is required");
        }
        let store = row.req(2);
        if let Some(s) = &store {
            let s = s.clone();
            self.store_tz(row, 2, &s);
        }
        let kind = row.choice(3, &codes::SURVEY_KINDS);
        if row.col(3).is_none() {
            row.bad(3, "", "is empty: the column is required");
        }
        let score = match kind {
            Some(0) => row.count_in(4, 0, 10),
            Some(_) => row.count_in(4, 1, 5),
            None => row.count(4),
        };
        if row.col(4).is_none() {
            row.bad(4, "", "is empty: the column is required");
        }
        let (Some(id), Some(day), Some(store), Some(kind), Some(score)) =
            (id, day, store, kind, score)
        else {
            return Ok(());
        };
        if !self.identity(row, "response_id", id.clone()) || !row.ok {
            return Ok(());
        }
        self.upsert(
            "SELECT 1 FROM surveys WHERE response_id=?1",
            &[&id],
            "INSERT OR REPLACE INTO surveys VALUES (?1, ?2, ?3, ?4, ?5)",
            &[&id, &day, &store, &kind, &score],
        )
    }

    fn targets(&mut self, row: &mut RowCtx) -> Result<()> {
        let period = row.req(0);
        if let Some(p) = &period {
            match crate::period::Period::parse(p) {
                Some(pp) if pp.grain != crate::period::Grain::Custom => {}
                _ => {
                    let p = p.clone();
                    row.bad(
                        0,
                        &p,
                        "is not a period label (2026, 2026-Q4, 2026-11, 2026-W47 or 2026-11-21)",
                    );
                }
            }
        }
        let level = row.choice(1, &["total", "channel", "store", "sku"]);
        let key = row.opt(2).unwrap_or_default();
        let metric = row.req(3);
        if let Some(m) = &metric
            && MetricId::parse(m).is_none()
            && !m.starts_with(domain::ACQUISITION_PREFIX)
            && !domain::external_id(m)
        {
            let m = m.clone();
            row.bad(
                3,
                &m,
                "is not a metric id of the catalogue nor an external KPI id (lower case, digits, _)",
            );
        }
        let target = row.req(4);
        if let Some(t) = &target
            && parse_plain_decimal(t).is_none()
        {
            let t = t.clone();
            row.bad(4, &t, "is not a plain decimal");
        }
        let levels = ["total", "channel", "store", "sku"];
        let (Some(period), Some(level), Some(metric), Some(target)) =
            (period, level, metric, target)
        else {
            return Ok(());
        };
        let level = levels[level as usize];
        if level != "total" && key.is_empty() {
            row.fail(format!(
                "column 'key': a {level} target needs a key (the channel name, store_id or sku)"
            ));
        }
        if !self.identity(
            row,
            "(period, level, key, metric)",
            format!("{period}\u{1f}{level}\u{1f}{key}\u{1f}{metric}"),
        ) || !row.ok
        {
            return Ok(());
        }
        self.upsert(
            "SELECT 1 FROM targets WHERE period=?1 AND level=?2 AND key=?3 AND metric=?4",
            &[&period, &level, &key, &metric],
            "INSERT OR REPLACE INTO targets VALUES (?1, ?2, ?3, ?4, ?5)",
            &[&period, &level, &key, &metric, &target],
        )
    }

    fn metrics(&mut self, row: &mut RowCtx) -> Result<()> {
        let day = row.date(0);
        if row.col(0).is_none() {
            row.bad(0, "", "is empty: the column is required");
        }
        let metric = row.req(1);
        let value = row.req(2);
        if let Some(v) = &value
            && parse_plain_decimal(v).is_none()
        {
            let v = v.clone();
            row.bad(2, &v, "is not a plain decimal");
        }
        let level = row
            .choice(3, &["total", "channel", "store", "sku"])
            .unwrap_or(0);
        let level = ["total", "channel", "store", "sku"][level as usize];
        let key = row.opt(4).unwrap_or_default();
        let label = row.opt(5);
        let (Some(day), Some(metric), Some(value)) = (day, metric, value) else {
            return Ok(());
        };
        if !self.identity(
            row,
            "(date, metric, level, key)",
            format!(
                "{}\u{1f}{metric}\u{1f}{level}\u{1f}{key}",
                crate::util::date_of(day)
            ),
        ) || !row.ok
        {
            return Ok(());
        }
        let _ = &self.warnings;
        self.upsert(
            "SELECT 1 FROM ext_metrics WHERE metric=?1 AND level=?2 AND key=?3 AND day=?4",
            &[&metric, &level, &key, &day],
            "INSERT OR REPLACE INTO ext_metrics VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            &[&metric, &level, &key, &day, &value, &label],
        )
    }
}

/// One line per table, for the end of an import.
pub fn format_summary(s: &ImportSummary) -> String {
    let mut out = String::new();
    for t in &s.tables {
        let _ = writeln!(
            out,
            "{:<12} {:>9} rows read, {:>9} new, {:>8} replaced  ({:.2} s)",
            t.table, t.read, t.inserted, t.replaced, t.secs
        );
    }
    let _ = write!(
        out,
        "{} rows in {} tables; rollups {:.2} s{}",
        s.rows(),
        s.tables.len(),
        s.rollup_secs,
        if s.dry_run {
            " — dry run: nothing was written"
        } else {
            ""
        }
    );
    out
}
