//! `sellerdeck import` of platform exports: Shopify, Amazon Seller Central and
//! Ads, TikTok Shop, Shopee.
//!
//! Each export is recognised by its header (never its file name), read in its
//! own conventions (encoding, delimiter, locale numbers, zones), and converted
//! row by row into canonical records. The records are written as canonical CSV
//! tables into a private temporary folder and imported by the canonical
//! importer in the same call as any canonical files given — so one call is one
//! transaction, identities replace, references are checked and rollups are
//! maintained exactly as for canonical files. Errors of the canonical importer
//! are reported at the export's own file and line.

pub mod convert;
pub mod docs;
pub mod formats;
pub mod read;
pub mod value;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Result;
use chrono::NaiveDate;
use chrono_tz::Tz;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::workbook::import::{self, ImportErrors, ImportOptions, ImportSummary, TABLES};
use crate::workbook::platform::{Peek, SkuRow, StoreRow};
use formats::Format;
use read::Header;
use value::{DayMonth, Dec};

/// Options of platform files (`sellerdeck import --store/--date/--format`).
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// Force this format for every platform file (`--format NAME`).
    pub format: Option<String>,
    /// The store of single-store files.
    pub store: Option<String>,
    /// The day of undated reports (Business Report, inventory snapshot, cost start).
    pub date: Option<NaiveDate>,
    /// Skip (and count) Date Range rows of orders that are not known, instead of failing.
    pub unknown_orders_skip: bool,
}

/// What one platform file contributed.
#[derive(Debug, Default, Clone)]
pub struct FileSummary {
    pub file: String,
    pub format: String,
    pub read_as: String,
    pub layout: String,
    pub stores: BTreeSet<String>,
    pub rows: u64,
    /// canonical table → (new, replaced)
    pub tables: BTreeMap<String, (u64, u64)>,
    pub skipped: BTreeMap<String, u64>,
    pub left_out: Vec<String>,
    pub warnings: Vec<String>,
}

/// Platform files converted into canonical CSV tables, ready for the canonical import.
pub struct Prepared {
    /// The canonical files of the call plus the converted tables.
    pub files: Vec<PathBuf>,
    /// Settings to write in the same transaction (a new customer-id key).
    pub settings: Vec<(String, String)>,
    pub summaries: Vec<FileSummary>,
    tmp: Option<PathBuf>,
    /// converted file path → the origin (file index, line) of each data row
    maps: Vec<(String, Vec<(usize, u64)>)>,
    sources: Vec<String>,
}

impl Drop for Prepared {
    fn drop(&mut self) {
        if let Some(t) = &self.tmp {
            let _ = std::fs::remove_dir_all(t);
        }
    }
}

impl Prepared {
    /// Points a message of the canonical importer at the export's own file and line.
    pub fn rewrite(&self, msg: &str) -> String {
        let mut out = msg.to_string();
        for (path, map) in &self.maps {
            while let Some(i) = out.find(path.as_str()) {
                let rest = &out[i + path.len()..];
                let (line, used) = match rest.strip_prefix(':') {
                    Some(r) => {
                        let digits: String = r.chars().take_while(|c| c.is_ascii_digit()).collect();
                        (digits.parse::<usize>().ok(), 1 + digits.len())
                    }
                    None => (None, 0),
                };
                let table = Path::new(path)
                    .file_stem()
                    .map(|s| s.to_string_lossy().to_string())
                    .unwrap_or_default();
                let repl = match line.and_then(|l| l.checked_sub(2)).and_then(|l| map.get(l)) {
                    Some((f, l)) => format!("{}:{l}: (canonical {table})", self.sources[*f]),
                    None => format!("(converted {table})"),
                };
                out.replace_range(i..i + path.len() + used, &repl);
            }
        }
        out
    }

    fn rewrite_err(&self, e: anyhow::Error) -> anyhow::Error {
        match e.downcast::<ImportErrors>() {
            Ok(ie) => ImportErrors {
                errors: ie.errors.iter().map(|m| self.rewrite(m)).collect(),
                more: ie.more,
                warnings: ie.warnings.iter().map(|m| self.rewrite(m)).collect(),
            }
            .into(),
            Err(e) => e,
        }
    }
}

/// Imports canonical files and platform exports in one call (one transaction).
pub fn import(
    workbook: &Path,
    files: &[PathBuf],
    opts: &ImportOptions,
    eopts: &ExportOptions,
) -> Result<(ImportSummary, Vec<FileSummary>)> {
    let prep = prepare(workbook, files, opts, eopts)?;
    let mut s = import::import_files_with_settings(workbook, &prep.files, opts, &prep.settings)
        .map_err(|e| prep.rewrite_err(e))?;
    s.warnings = s.warnings.iter().map(|w| prep.rewrite(w)).collect();
    Ok((s, prep.summaries.clone()))
}

pub(crate) const MAX_ERRORS: usize = 50;
pub(crate) const SEP: char = '\u{1f}';

/// Rows of one canonical table produced by the call.
/// A converted row: its origin (file index, line) and its canonical values.
pub(crate) type OutRow = ((usize, u64), Vec<String>);

pub(crate) struct OutTable {
    pub cols: &'static [(&'static str, bool)],
    pub rows: Vec<Option<OutRow>>,
    pub index: HashMap<String, usize>,
}

/// A store as the converters need it.
#[derive(Debug, Clone)]
pub(crate) struct Store {
    pub id: String,
    pub channel: String,
    pub country: String,
    pub currency: String,
    pub tz: Tz,
}

/// The call's state: what the workbook holds, what the call produces, the errors.
pub(crate) struct Cx<'a> {
    pub opts: &'a ExportOptions,
    pub peek: &'a Peek,
    pub stores: Vec<Store>,
    pub skus: HashMap<String, SkuRow>,
    /// SKUs defined by canonical skus files of the call (never emitted here).
    pub call_skus: HashSet<String>,
    pub settings: HashMap<String, String>,
    pub key: [u8; 32],
    pub out: BTreeMap<&'static str, OutTable>,
    /// Orders of this call (converted or canonical): order id → store id.
    pub call_orders: HashMap<String, String>,
    /// Earliest local order date per SKU among the call's orders.
    pub sku_first: HashMap<String, NaiveDate>,
    pub lines_of: HashMap<String, Vec<usize>>,
    pub errs: Vec<String>,
    pub more: usize,
    // the current file
    pub fi: usize,
    pub file: String,
    pub sum: FileSummary,
    pub fmt: &'static Format,
    pub idx: Vec<Option<usize>>,
    pub names: Vec<String>,
    pub dec: Dec,
    pub dm: DayMonth,
    pub unknown_skus: BTreeSet<String>,
    /// The file's currency (settles the store when its channel has several).
    pub currency_hint: Option<String>,
}

impl<'a> Cx<'a> {
    pub fn err(&mut self, msg: String) {
        if self.errs.len() < MAX_ERRORS {
            self.errs.push(msg);
        } else {
            self.more += 1;
        }
    }

    /// `file:line: column 'Header': value 'v' what`
    pub fn bad(&mut self, line: u64, key: &str, v: &str, what: &str) {
        let c = self.fmt.col(key);
        let name = if self.names[c].is_empty() {
            self.fmt.cols[c].names[0].to_string()
        } else {
            self.names[c].clone()
        };
        let msg = format!("{}:{line}: column '{name}': value '{v}' {what}", self.file);
        self.err(msg);
    }

    pub fn fail(&mut self, line: u64, msg: &str) {
        let m = format!("{}:{line}: {msg}", self.file);
        self.err(m);
    }

    pub fn has(&self, key: &str) -> bool {
        self.idx[self.fmt.col(key)].is_some()
    }

    /// The cleaned cell of a column ("" when absent or empty).
    pub fn get<'r>(&self, rec: &'r csv::StringRecord, key: &str) -> &'r str {
        match self.idx[self.fmt.col(key)] {
            Some(i) => value::clean(rec.get(i).unwrap_or("")),
            None => "",
        }
    }

    /// An amount in micro-units: Ok(None) when empty, Err(()) after reporting.
    pub fn money(
        &mut self,
        line: u64,
        rec: &csv::StringRecord,
        key: &str,
    ) -> Result<Option<i64>, ()> {
        let v = self.get(rec, key).to_string();
        match value::decimal(&v, self.dec) {
            Ok(d) => Ok(d.map(value::micro)),
            Err(why) => {
                self.bad(line, key, &v, &why);
                Err(())
            }
        }
    }

    pub fn count(
        &mut self,
        line: u64,
        rec: &csv::StringRecord,
        key: &str,
    ) -> Result<Option<i64>, ()> {
        let v = self.get(rec, key).to_string();
        match value::count(&v) {
            Ok(n) => Ok(n),
            Err(why) => {
                self.bad(line, key, &v, &why);
                Err(())
            }
        }
    }

    pub fn skip(&mut self, reason: &str) {
        *self.sum.skipped.entry(reason.to_string()).or_default() += 1;
    }

    pub fn warn(&mut self, w: String) {
        if self.sum.warnings.len() < 20 {
            self.sum.warnings.push(w);
        }
    }

    pub fn store(&self, id: &str) -> Option<&Store> {
        self.stores.iter().find(|s| s.id == id)
    }

    /// The store of a single-store file: `--store`, else the only store of the format's channel.
    pub fn single_store(&self) -> Result<Store, String> {
        self.single_store_in(None)
    }

    /// [`Cx::single_store`], narrowed by the file's currency when the channel has several stores.
    pub fn single_store_in(&self, currency: Option<&str>) -> Result<Store, String> {
        if let Some(id) = &self.opts.store {
            return self.store(id).cloned().ok_or_else(|| {
                format!("--store {id}: no such store in the workbook (import a stores.csv first or in the same call)")
            });
        }
        let ch = self.fmt.channel;
        let of: Vec<&Store> = self
            .stores
            .iter()
            .filter(|s| s.channel.eq_ignore_ascii_case(ch))
            .collect();
        let by_cur: Vec<&&Store> = match currency {
            Some(c) => of
                .iter()
                .filter(|s| s.currency.eq_ignore_ascii_case(c))
                .collect(),
            None => vec![],
        };
        if of.len() > 1 && by_cur.len() == 1 {
            return Ok((*by_cur[0]).clone());
        }
        match of.as_slice() {
            [s] => Ok((*s).clone()),
            [] => Err(format!(
                "no {ch} store in the workbook: add one (stores.csv with channel '{ch}') or give --store ID"
            )),
            many => Err(format!(
                "{} {ch} stores ({}): give --store ID",
                many.len(),
                many.iter()
                    .map(|s| s.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }

    /// The store of an Amazon marketplace (`Amazon.co.uk`, `amazon.fr` ...), rule 1.
    pub fn marketplace_store(&self, name: &str) -> Result<Store, String> {
        if let Some(id) = &self.opts.store {
            return self
                .single_store()
                .map_err(|_| format!("--store {id}: no such store"));
        }
        let key = format!("marketplace.{}", name.trim().to_ascii_lowercase());
        if let Some(id) = self.settings.get(&key) {
            return self
                .store(id)
                .cloned()
                .ok_or_else(|| format!("setting {key} = {id}: no such store"));
        }
        let country = marketplace_country(name);
        let hint =
            format!("map it with `sellerdeck config WORKBOOK {key} STORE_ID` or give --store ID");
        let Some(country) = country else {
            return Err(format!("marketplace '{name}' is not known: {hint}"));
        };
        let of: Vec<&Store> = self
            .stores
            .iter()
            .filter(|s| s.channel.to_ascii_lowercase().contains("amazon") && s.country == country)
            .collect();
        match of.as_slice() {
            [s] => Ok((*s).clone()),
            [] => Err(format!(
                "marketplace '{name}' matches no Amazon store of country {country}: {hint}"
            )),
            many => Err(format!(
                "marketplace '{name}' matches {} Amazon stores ({}): {hint}",
                many.len(),
                many.iter()
                    .map(|s| s.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }

    /// A customer id: a keyed hash of the buyer's e-mail or platform buyer id (never stored).
    pub fn customer(&self, buyer: &str) -> Option<String> {
        let b = buyer.trim();
        if b.is_empty() {
            return None;
        }
        let input = if b.contains('@') {
            b.to_lowercase()
        } else {
            format!("{}:{}", self.fmt.channel.to_lowercase(), b)
        };
        let h = blake3::keyed_hash(&self.key, input.as_bytes());
        Some(format!("c-{}", &h.to_hex()[..24]))
    }

    /// Emits a canonical row; returns false when it replaced a row of this call.
    pub fn emit(
        &mut self,
        table: &'static str,
        key: String,
        line: u64,
        vals: &[(&str, String)],
    ) -> bool {
        let cols = TABLES.iter().find(|t| t.0 == table).expect("table").1;
        let mut row = vec![String::new(); cols.len()];
        for (k, v) in vals {
            let i = cols.iter().position(|c| c.0 == *k).expect("column");
            row[i] = if v.contains(['\n', '\r']) {
                v.replace(['\n', '\r'], " ")
            } else {
                v.clone()
            };
        }
        let t = self.out.entry(table).or_insert_with(|| OutTable {
            cols,
            rows: Vec::new(),
            index: HashMap::default(),
        });
        let origin = (self.fi, line);
        let in_call = t.index.get(&key).copied();
        let in_wb = in_call.is_none() && {
            let parts: Vec<&str> = key.split(SEP).collect();
            self.peek.exists(table, &parts).unwrap_or(false)
        };
        match in_call {
            Some(i) => t.rows[i] = Some((origin, row)),
            None => {
                t.index.insert(key, t.rows.len());
                t.rows.push(Some((origin, row)));
            }
        }
        if !self.sum.tables.contains_key(table) {
            self.sum.tables.insert(table.to_string(), (0, 0));
        }
        let e = self.sum.tables.get_mut(table).expect("inserted");
        if in_call.is_some() || in_wb {
            e.1 += 1;
        } else {
            e.0 += 1;
        }
        in_call.is_none()
    }

    /// Makes an SKU known: unknown ones are created from the file's title; ASINs are learned.
    pub fn sku(&mut self, line: u64, sku: &str, title: &str, asin: &str) {
        if self.call_skus.contains(sku) {
            return;
        }
        if let Some(k) = self.skus.get(sku)
            && (asin.is_empty() || k.asin.as_deref() == Some(asin))
        {
            return; // known, nothing to learn (the common case: no clone)
        }
        let asin = (!asin.is_empty()).then(|| asin.to_string());
        let known = self.skus.get(sku).cloned();
        let row = match known {
            Some(mut k) => {
                if asin.is_none() || k.asin == asin {
                    return;
                }
                k.asin = asin;
                k
            }
            None => {
                self.unknown_skus.insert(sku.to_string());
                SkuRow {
                    sku: sku.to_string(),
                    title: (!title.is_empty()).then(|| title.to_string()),
                    lead_time_days: 30,
                    asin,
                    ..Default::default()
                }
            }
        };
        self.put_sku(line, row);
    }

    pub fn put_sku(&mut self, line: u64, row: SkuRow) {
        self.skus.insert(row.sku.clone(), row.clone());
        self.emit(
            "skus",
            row.sku.clone(),
            line,
            &[
                ("sku", row.sku.clone()),
                ("title", row.title.clone().unwrap_or_default()),
                ("category", row.category.clone().unwrap_or_default()),
                ("launched_on", row.launched_on.clone().unwrap_or_default()),
                ("lead_time_days", row.lead_time_days.to_string()),
                ("asin", row.asin.clone().unwrap_or_default()),
            ],
        );
    }

    /// The SKU whose ASIN this is (workbook or learned in this call).
    pub fn sku_of_asin(&self, asin: &str) -> Option<String> {
        let mut hits: Vec<&String> = self
            .skus
            .values()
            .filter(|s| s.asin.as_deref() == Some(asin))
            .map(|s| &s.sku)
            .collect();
        hits.sort();
        hits.first().map(|s| s.to_string())
    }

    /// Emits an order and its lines (replacing an earlier version of the order in this call).
    pub fn emit_order(&mut self, o: &convert::Order) {
        if let Some(old) = self.lines_of.remove(&o.id)
            && let Some(t) = self.out.get_mut("order_lines")
        {
            for i in old {
                if let Some(Some(r)) = t.rows.get(i) {
                    let key = format!("{}{SEP}{}", r.1[0], r.1[1]);
                    t.index.retain(|k, _| !k.starts_with(&key));
                }
                t.rows[i] = None;
            }
        }
        self.call_orders.insert(o.id.clone(), o.store.clone());
        self.sum.stores.insert(o.store.clone());
        self.emit(
            "orders",
            o.id.clone(),
            o.line,
            &[
                ("order_id", o.id.clone()),
                ("store_id", o.store.clone()),
                ("ordered_at", o.at.canonical()),
                ("customer_id", o.customer.clone().unwrap_or_default()),
                ("status", o.status.to_string()),
            ],
        );
        let tz = self.store(&o.store).map(|s| s.tz).unwrap_or(Tz::UTC);
        let day = o.at.local_date(tz);
        let mut rows = Vec::new();
        for l in &o.lines {
            match self.sku_first.get_mut(&l.sku) {
                Some(f) if day < *f => *f = day,
                Some(_) => {}
                None => {
                    self.sku_first.insert(l.sku.clone(), day);
                }
            }
            // qty × unit_price must equal the line's gross exactly: an uneven split is
            // written as two rows of the same SKU, which the canonical import merges.
            let unit = l.gross / l.qty;
            let parts: Vec<(i64, i64, i64)> = if unit * l.qty == l.gross || l.qty == 1 {
                vec![(l.qty, unit, l.discount)]
            } else {
                vec![
                    (l.qty - 1, unit, l.discount),
                    (1, l.gross - unit * (l.qty - 1), 0),
                ]
            };
            for (n, (q, p, d)) in parts.into_iter().enumerate() {
                let key = format!("{}{SEP}{}{SEP}{n}", o.id, l.sku);
                let before = self
                    .out
                    .get("order_lines")
                    .map(|t| t.rows.len())
                    .unwrap_or(0);
                self.emit(
                    "order_lines",
                    key,
                    l.line,
                    &[
                        ("order_id", o.id.clone()),
                        ("sku", l.sku.clone()),
                        ("qty", q.to_string()),
                        ("unit_price", value::micro_text(p)),
                        ("discount", value::micro_text(d)),
                    ],
                );
                if n == 1 {
                    // the second part is a technical row, not a line of its own
                    if let Some(e) = self.sum.tables.get_mut("order_lines")
                        && e.0 > 0
                    {
                        e.0 -= 1
                    }
                }
                rows.push(before);
            }
        }
        self.lines_of.insert(o.id.clone(), rows);
    }
}

/// The country of an Amazon marketplace name or domain.
pub fn marketplace_country(name: &str) -> Option<&'static str> {
    let n = name.trim().to_ascii_lowercase();
    let n = n.trim_start_matches("www.");
    let dom = n.strip_prefix("amazon").unwrap_or(n);
    Some(match dom {
        ".com" => "US",
        ".ca" => "CA",
        ".com.mx" => "MX",
        ".com.br" => "BR",
        ".co.uk" | ".uk" => "GB",
        ".de" => "DE",
        ".fr" => "FR",
        ".it" => "IT",
        ".es" => "ES",
        ".nl" => "NL",
        ".se" => "SE",
        ".pl" => "PL",
        ".com.be" => "BE",
        ".com.tr" => "TR",
        ".ie" => "IE",
        ".co.jp" | ".jp" => "JP",
        ".in" => "IN",
        ".com.au" => "AU",
        ".sg" => "SG",
        ".ae" => "AE",
        ".sa" => "SA",
        ".eg" => "EG",
        _ => return None,
    })
}

/// Minor-unit step of a currency in micro-units (cents: 10 000; yen: 1 000 000).
pub fn minor_step(currency: &str) -> i64 {
    match currency {
        "JPY" | "KRW" | "VND" | "CLP" | "ISK" | "UGX" | "XAF" | "XOF" | "PYG" | "IDR" => 1_000_000,
        "KWD" | "BHD" | "OMR" | "JOD" | "TND" => 1_000,
        _ => 10_000,
    }
}

/// Spreads `total` over `weights` by share, rounded to `step`, the remainder on the last.
pub fn spread(total: i64, weights: &[i64], step: i64) -> Vec<i64> {
    let sum: i128 = weights.iter().map(|w| *w as i128).sum();
    let mut out = vec![0i64; weights.len()];
    if weights.is_empty() || sum == 0 {
        if let Some(l) = out.last_mut() {
            *l = total;
        }
        return out;
    }
    let mut given = 0i64;
    let n = weights.len();
    for (i, w) in weights.iter().enumerate() {
        if i + 1 == n {
            out[i] = total - given;
        } else {
            let exact = total as i128 * *w as i128;
            let steps = (exact * 2 / (sum * step as i128) + 1) / 2; // round half up to the step
            out[i] = (steps * step as i128) as i64;
            given += out[i];
        }
    }
    out
}

/// A file named after a canonical table whose first row has that table's required columns.
fn is_canonical(table: Option<&str>, first: &csv::StringRecord) -> bool {
    let Some(spec) = table.and_then(|t| TABLES.iter().find(|x| x.0.eq_ignore_ascii_case(t))) else {
        return false;
    };
    let cells: Vec<String> = first
        .iter()
        .map(|c| c.trim().to_ascii_lowercase())
        .collect();
    spec.1.iter().filter(|c| c.1).all(|c| {
        cells
            .iter()
            .any(|h| h.trim_start_matches('\u{feff}') == c.0)
    })
}

/// Reads the id columns of canonical files of the call (stores, skus, orders).
fn canonical_rows(path: &Path) -> Vec<HashMap<String, String>> {
    let Ok(bytes) = std::fs::read(path) else {
        return vec![];
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    };
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match rdr.headers() {
        Ok(h) => h.iter().map(|x| x.trim().to_ascii_lowercase()).collect(),
        Err(_) => return vec![],
    };
    rdr.records()
        .filter_map(|r| r.ok())
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.iter().map(|v| v.trim().to_string()))
                .collect()
        })
        .collect()
}

fn store_of(r: &StoreRow) -> Store {
    Store {
        id: r.id.clone(),
        channel: r.channel.clone(),
        country: r.country.to_ascii_uppercase(),
        currency: r.currency.to_ascii_uppercase(),
        tz: crate::workbook::import::parse_tz(&r.timezone).unwrap_or(Tz::UTC),
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn unhex(s: &str) -> Option<[u8; 32]> {
    if s.len() != 64 {
        return None;
    }
    let mut k = [0u8; 32];
    for (i, k) in k.iter_mut().enumerate() {
        *k = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(k)
}

/// The setting that keeps the workbook's customer-id key.
pub const CUSTOMER_KEY: &str = "exports.customer_key";

/// A platform file to convert: its format's rank, its path, cells and header.
type Job<'f> = (usize, &'f PathBuf, read::Grid, Header);

/// The files of a call, sorted: canonical tables (imported as given), platform
/// files to convert, and the errors of files that are neither.
struct Sorted<'f> {
    canonical: Vec<PathBuf>,
    jobs: Vec<Job<'f>>,
    errs: Vec<String>,
}

/// What the workbook and the canonical files of the call define that the
/// platform files refer to.
struct CallDefs {
    stores: Vec<Store>,
    skus: HashSet<String>,
    orders: HashMap<String, String>,
    /// (sku, asin) of the call's skus files
    asins: Vec<(String, String)>,
}

/// Recognises platform files, converts them, and lists the files for the canonical import.
pub fn prepare(
    workbook: &Path,
    files: &[PathBuf],
    opts: &ImportOptions,
    eopts: &ExportOptions,
) -> Result<Prepared> {
    let peek = Peek::open(workbook)?;
    let stores: Vec<Store> = peek.stores()?.iter().map(store_of).collect();
    let forced = forced_format(eopts)?;
    let Sorted {
        canonical,
        mut jobs,
        errs,
    } = sort_files(files, opts, forced);
    if jobs.is_empty() && errs.is_empty() {
        return Ok(Prepared {
            files: files.to_vec(),
            settings: vec![],
            summaries: vec![],
            tmp: None,
            maps: vec![],
            sources: vec![],
        });
    }
    let defs = call_definitions(&canonical, opts, stores);
    let settings: HashMap<String, String> = peek.settings()?.into_iter().collect();
    let mut new_settings = Vec::new();
    let key = customer_key(&settings, &mut new_settings);
    jobs.sort_by_key(|j| j.0);
    let skus = workbook_skus(&peek, &defs.asins)?;
    let sources: Vec<String> = jobs.iter().map(|j| j.1.display().to_string()).collect();
    let mut cx = Cx::new(eopts, &peek, defs, skus, settings, key, errs);
    let mut summaries = Vec::new();
    for (fi, (_, path, grid, header)) in jobs.iter().enumerate() {
        summaries.push(convert_file(&mut cx, fi, path, grid, header));
    }
    if !cx.errs.is_empty() || cx.more > 0 {
        let warnings = summaries
            .iter()
            .flat_map(|s| s.warnings.iter().map(move |w| format!("{}: {w}", s.file)))
            .collect();
        return Err(ImportErrors {
            errors: cx.errs,
            more: cx.more,
            warnings,
        }
        .into());
    }
    let prep = Prepared {
        files: canonical,
        settings: new_settings,
        summaries,
        tmp: None,
        maps: vec![],
        sources,
    };
    write_tables(&cx.out, prep)
}

/// The format `--format` forces, if any.
fn forced_format(eopts: &ExportOptions) -> Result<Option<&'static Format>> {
    Ok(match &eopts.format {
        Some(f) => Some(formats::by_id(f).ok_or_else(|| {
            anyhow::anyhow!(
                "--format {f}: unknown (known: {})",
                formats::all().map(|f| f.id).collect::<Vec<_>>().join(", ")
            )
        })?),
        None => None,
    })
}

/// Reads each file's head to tell canonical tables from platform exports.
fn sort_files<'f>(
    files: &'f [PathBuf],
    opts: &ImportOptions,
    forced: Option<&'static Format>,
) -> Sorted<'f> {
    let mut canonical = Vec::new();
    let mut jobs: Vec<Job<'f>> = Vec::new();
    let mut errs: Vec<String> = Vec::new();
    for f in files {
        let shown = f.display().to_string();
        let table = opts
            .table
            .as_deref()
            .map(str::to_string)
            .or_else(|| import::table_of(f).map(str::to_string));
        if opts.table.is_some() && forced.is_none() {
            canonical.push(f.clone());
            continue;
        }
        let Ok(bytes) = std::fs::read(f) else {
            canonical.push(f.clone()); // the canonical import reports it
            continue;
        };
        match read::open(&bytes, forced) {
            Ok(Some((grid, _)))
                if forced.is_none() && is_canonical(table.as_deref(), &grid.rows[0]) =>
            {
                canonical.push(f.clone());
            }
            Ok(Some((grid, header))) => {
                let rank = formats::rank(header.format);
                jobs.push((rank, f, grid, header));
            }
            Ok(None) if table.is_some() && forced.is_none() => canonical.push(f.clone()),
            Err((msg, _)) if !msg.is_empty() => errs.push(format!("{shown}:{msg}")),
            Err(_) | Ok(None) if table.is_some() && forced.is_none() => canonical.push(f.clone()),
            Err((_, near)) => errs.push(not_an_export(&shown, forced, &near)),
            Ok(None) => errs.push(no_columns_known(&shown, forced)),
        }
    }
    Sorted {
        canonical,
        jobs,
        errs,
    }
}

/// The error of a file whose header is near no format (or not the forced one).
fn not_an_export(
    shown: &str,
    forced: Option<&'static Format>,
    near: &[(&'static str, Vec<&'static str>)],
) -> String {
    let mut m = format!("{shown}: not a known export format");
    if let Some(fo) = forced {
        m = format!("{shown}: not a {} file", fo.title);
    }
    for (id, missing) in near {
        let _ = write!(m, "; closest: {id} (missing {})", missing.join(", "));
    }
    m.push_str(" (canonical tables are named by file: orders.csv, skus.csv ...; see docs/exports.md for the exports)");
    m
}

/// The error of a file none of whose first rows holds a known column.
fn no_columns_known(shown: &str, forced: Option<&'static Format>) -> String {
    match forced {
        Some(fo) => format!(
            "{shown}: not a {} file (none of its columns in the first rows; needs {})",
            fo.title,
            fo.cols
                .iter()
                .filter(|c| c.required)
                .map(|c| c.names[0])
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => format!(
            "{shown}: not a known export format and no canonical table name (see docs/exports.md and docs/tables.md)"
        ),
    }
}

/// What the canonical files of the call define, over the workbook's `stores`.
fn call_definitions(
    canonical: &[PathBuf],
    opts: &ImportOptions,
    mut stores: Vec<Store>,
) -> CallDefs {
    let mut skus = HashSet::default();
    let mut orders = HashMap::default();
    let mut asins: Vec<(String, String)> = Vec::new();
    for f in canonical {
        match import::table_of(f).or(opts.table.as_deref().and_then(|t| {
            TABLES
                .iter()
                .map(|x| x.0)
                .find(|x| x.eq_ignore_ascii_case(t))
        })) {
            Some("stores") => {
                for r in canonical_rows(f) {
                    let g = |k: &str| r.get(k).cloned().unwrap_or_default();
                    let row = StoreRow {
                        id: g("store_id"),
                        channel: g("channel"),
                        country: g("country"),
                        currency: g("currency"),
                        timezone: g("timezone"),
                    };
                    stores.retain(|s| s.id != row.id);
                    stores.push(store_of(&row));
                }
            }
            Some("skus") => {
                for r in canonical_rows(f) {
                    if let Some(s) = r.get("sku") {
                        skus.insert(s.clone());
                        if let Some(a) = r.get("asin").filter(|a| !a.is_empty()) {
                            asins.push((s.clone(), a.clone()));
                        }
                    }
                }
            }
            Some("orders") => {
                for r in canonical_rows(f) {
                    if let (Some(o), Some(s)) = (r.get("order_id"), r.get("store_id")) {
                        orders.insert(o.clone(), s.clone());
                    }
                }
            }
            _ => {}
        }
    }
    CallDefs {
        stores,
        skus,
        orders,
        asins,
    }
}

/// The workbook's customer-id key; a new one (pushed to `new_settings`) when it has none.
fn customer_key(
    settings: &HashMap<String, String>,
    new_settings: &mut Vec<(String, String)>,
) -> [u8; 32] {
    match settings.get(CUSTOMER_KEY).and_then(|k| unhex(k)) {
        Some(k) => k,
        None => {
            let k: [u8; 32] = rand::random();
            new_settings.push((CUSTOMER_KEY.to_string(), hex(&k)));
            k
        }
    }
}

/// The workbook's SKUs, with the ASINs the call's skus files map.
fn workbook_skus(peek: &Peek, asins: &[(String, String)]) -> Result<HashMap<String, SkuRow>> {
    let mut skus: HashMap<String, SkuRow> = peek
        .skus()?
        .into_iter()
        .map(|s| (s.sku.clone(), s))
        .collect();
    for (sku, asin) in asins {
        // a skus.csv of the same call maps the ASIN (its row is imported as given)
        skus.entry(sku.clone())
            .or_insert_with(|| SkuRow {
                sku: sku.clone(),
                ..Default::default()
            })
            .asin = Some(asin.clone());
    }
    Ok(skus)
}

impl<'a> Cx<'a> {
    /// The call's state before its first file.
    fn new(
        opts: &'a ExportOptions,
        peek: &'a Peek,
        defs: CallDefs,
        skus: HashMap<String, SkuRow>,
        settings: HashMap<String, String>,
        key: [u8; 32],
        errs: Vec<String>,
    ) -> Cx<'a> {
        Cx {
            opts,
            peek,
            stores: defs.stores,
            skus,
            call_skus: defs.skus,
            settings,
            key,
            out: BTreeMap::new(),
            call_orders: defs.orders,
            sku_first: HashMap::default(),
            lines_of: HashMap::default(),
            errs,
            more: 0,
            fi: 0,
            file: String::new(),
            sum: FileSummary::default(),
            fmt: &formats::SHOPIFY_ORDERS,
            idx: vec![],
            names: vec![],
            dec: Dec::Point,
            dm: DayMonth::MonthFirst,
            unknown_skus: BTreeSet::new(),
            currency_hint: None,
        }
    }
}

/// The layout (language) of a file: the first whose marker column is spelled
/// as in the file, else the format's first.
fn layout_of(header: &Header) -> Option<&'static formats::Layout> {
    let format = header.format;
    format
        .layouts
        .iter()
        .find(|l| {
            l.col.is_empty()
                || header.idx[format.col(l.col)].is_some()
                    && formats::norm(&header.names[format.col(l.col)]) == formats::norm(l.name)
        })
        .or(format.layouts.first())
}

/// Converts file number `fi` of the call into `cx.out`; its summary.
fn convert_file(
    cx: &mut Cx,
    fi: usize,
    path: &Path,
    grid: &read::Grid,
    header: &Header,
) -> FileSummary {
    cx.fi = fi;
    cx.file = path.display().to_string();
    cx.fmt = header.format;
    cx.idx = header.idx.clone();
    cx.names = header.names.clone();
    let layout = layout_of(header);
    cx.dec = layout.map(|l| l.dec).unwrap_or(Dec::Point);
    cx.dm = layout.map(|l| l.dm).unwrap_or(DayMonth::MonthFirst);
    cx.unknown_skus.clear();
    cx.sum = FileSummary {
        file: cx.file.clone(),
        format: format!("{} ({})", header.format.title, header.format.id),
        read_as: grid.how.clone(),
        layout: layout.map(|l| l.lang.to_string()).unwrap_or_default(),
        ..Default::default()
    };
    convert::run(cx, path, grid, header);
    if !cx.unknown_skus.is_empty() {
        let list: Vec<String> = cx.unknown_skus.iter().take(12).cloned().collect();
        let n = cx.unknown_skus.len();
        cx.warn(format!(
            "{n} SKUs not in the workbook were created from the file's titles: {}{}",
            list.join(", "),
            if n > 12 { " ..." } else { "" }
        ));
    }
    std::mem::take(&mut cx.sum)
}

/// Writes the converted tables as canonical CSV files into a private temporary
/// folder (removed when `prep` drops) and adds them to `prep`.
fn write_tables(out: &BTreeMap<&'static str, OutTable>, mut prep: Prepared) -> Result<Prepared> {
    let tmp = std::env::temp_dir().join(format!(
        "sellerdeck-import-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    ));
    std::fs::create_dir_all(&tmp)?;
    prep.tmp = Some(tmp.clone());
    for (table, _) in TABLES {
        let Some(t) = out.get(table) else { continue };
        let path = tmp.join(format!("{table}.csv"));
        let mut w = csv::Writer::from_path(&path)?;
        w.write_record(t.cols.iter().map(|c| c.0))?;
        let mut map = Vec::new();
        for (origin, row) in t.rows.iter().flatten() {
            w.write_record(row)?;
            map.push(*origin);
        }
        w.flush()?;
        prep.maps.push((path.display().to_string(), map));
        prep.files.push(path);
    }
    Ok(prep)
}

/// The per-file summary lines of an import of platform exports.
pub fn format_file_summaries(list: &[FileSummary], dry_run: bool) -> String {
    let mut out = String::new();
    for s in list {
        let _ = writeln!(
            out,
            "{}: {} [{}{}]",
            s.file,
            s.format,
            s.read_as,
            if s.layout.is_empty() {
                String::new()
            } else {
                format!(", {}", s.layout)
            }
        );
        let _ = writeln!(
            out,
            "  {} rows read; stores: {}",
            s.rows,
            if s.stores.is_empty() {
                "—".to_string()
            } else {
                s.stores.iter().cloned().collect::<Vec<_>>().join(", ")
            }
        );
        for (t, (n, r)) in &s.tables {
            let _ = writeln!(
                out,
                "  {t:<12} {n:>8} new, {r:>8} replaced{}",
                if dry_run { " (dry run)" } else { "" }
            );
        }
        for (why, n) in &s.skipped {
            let _ = writeln!(out, "  skipped: {n} {why}");
        }
        for l in &s.left_out {
            let _ = writeln!(out, "  left out: {l}");
        }
        for w in &s.warnings {
            let _ = writeln!(out, "  warning: {w}");
        }
    }
    out
}
