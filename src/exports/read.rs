//! Reading an export into rows: the container (CSV, tab-separated text, xlsx),
//! the encoding (UTF-8 with or without BOM, UTF-16, GBK/GB18030, Shift_JIS,
//! Windows-1252), and the header row, found by its content.

use std::io::Cursor;

use csv::StringRecord;

use super::formats::{FORMATS, Format, norm};

/// Every row of a file (header and preamble included) with its line number.
pub struct Grid {
    pub rows: Vec<StringRecord>,
    pub lines: Vec<u64>,
    /// How the file was read, for the summary: `UTF-8`, `GBK`, `xlsx sheet 'Orders'` ...
    pub how: String,
}

/// The header of a recognised file: its format, its row and where each column is.
pub struct Header {
    pub format: &'static Format,
    pub row: usize,
    /// Position of each of `format.cols` in the file (None when absent).
    pub idx: Vec<Option<usize>>,
    /// The spelling of the file's header cell that matched, per column.
    pub names: Vec<String>,
}

/// How many rows at the top of a file may precede the header.
const SCAN: usize = 40;

fn decode_candidates(bytes: &[u8]) -> Vec<(&'static str, String)> {
    if let Some(b) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return vec![("UTF-8", String::from_utf8_lossy(b).into_owned())];
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let (s, enc, _) = encoding_rs::UTF_16LE.decode(bytes); // the BOM picks LE or BE
        return vec![(enc.name(), s.into_owned())];
    }
    // UTF-16 without a BOM: every other byte of ASCII text is zero
    let probe = &bytes[..bytes.len().min(4096)];
    let zeros_odd = probe.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    let zeros_even = probe.iter().step_by(2).filter(|b| **b == 0).count();
    if probe.len() >= 8 && zeros_odd * 3 > probe.len() / 2 {
        let (s, _) = encoding_rs::UTF_16LE.decode_without_bom_handling(bytes);
        return vec![("UTF-16LE", s.into_owned())];
    }
    if probe.len() >= 8 && zeros_even * 3 > probe.len() / 2 {
        let (s, _) = encoding_rs::UTF_16BE.decode_without_bom_handling(bytes);
        return vec![("UTF-16BE", s.into_owned())];
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return vec![("UTF-8", s.to_string())];
    }
    let mut out = Vec::new();
    for (name, enc) in [
        ("GBK/GB18030", encoding_rs::GB18030),
        ("Shift_JIS", encoding_rs::SHIFT_JIS),
        ("Windows-1252", encoding_rs::WINDOWS_1252),
    ] {
        let (s, _, bad) = enc.decode(bytes);
        if !bad {
            out.push((name, s.into_owned()));
        }
    }
    out
}

fn delimiter(text: &str) -> u8 {
    let (mut tabs, mut commas, mut semis) = (0usize, 0usize, 0usize);
    for l in text.lines().take(SCAN) {
        tabs = tabs.max(l.matches('\t').count());
        commas = commas.max(l.matches(',').count());
        semis = semis.max(l.matches(';').count());
    }
    if tabs >= 3 && tabs * 2 >= commas {
        b'\t'
    } else if semis > commas {
        b';'
    } else {
        b','
    }
}

fn text_grid(text: &str, how: &str) -> Result<Grid, String> {
    // CRLF as LF: the csv reader's line numbers are off after CR LF line ends.
    let owned;
    let text = if text.contains('\r') {
        owned = text.replace("\r\n", "\n");
        owned.as_str()
    } else {
        text
    };
    let delim = delimiter(text);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        // Amazon's tab-separated reports are unquoted: a `"` is a literal character.
        .quoting(delim != b'\t')
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    let mut rec = StringRecord::new();
    loop {
        match rdr.read_record(&mut rec) {
            Ok(true) => {
                let line = rec.position().map(|p| p.line()).unwrap_or(0);
                if rec.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                lines.push(line);
                rows.push(rec.clone());
            }
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                return Err(format!(
                    "{line}: unreadable: {e} (truncated or malformed file?)"
                ));
            }
        }
    }
    let how = match delim {
        b'\t' => format!("{how}, tab-separated"),
        b';' => format!("{how}, semicolon-separated"),
        _ => how.to_string(),
    };
    Ok(Grid { rows, lines, how })
}

/// An xlsx/xls cell as the text a CSV export would carry.
fn cell_text(c: &calamine::Data) -> String {
    use calamine::Data;
    match c {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        // Numeric cells arrive as f64. Amounts are rounded deliberately to 6
        // decimals (below every currency's minor unit) through their shortest
        // decimal text, so 29.99 stays 29.99 and never becomes 29.989999...
        Data::Float(f) => {
            let d = rust_decimal::Decimal::from_str_exact(&format!("{f}"))
                .or_else(|_| rust_decimal::Decimal::try_from(*f))
                .unwrap_or_default();
            d.round_dp(6).normalize().to_string()
        }
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => match d.as_datetime() {
            Some(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
            None => d.as_f64().to_string(),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#ERROR {e:?}"),
    }
}

fn sheet_grids(bytes: &[u8]) -> Result<Vec<Grid>, String> {
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|e| format!("1: not a readable spreadsheet: {e}"))?;
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let Ok(range) = wb.worksheet_range(&name) else {
            continue;
        };
        let start = range.start().map(|s| s.0 as u64).unwrap_or(0);
        let mut rows = Vec::new();
        let mut lines = Vec::new();
        for (i, r) in range.rows().enumerate() {
            let rec: StringRecord = r.iter().map(cell_text).collect();
            if rec.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            rows.push(rec);
            lines.push(start + i as u64 + 1);
        }
        out.push(Grid {
            rows,
            lines,
            how: format!("xlsx sheet '{name}'"),
        });
    }
    Ok(out)
}

/// Matches one row against one format: (required columns missing, columns matched, idx, names).
fn match_row(
    f: &'static Format,
    row: &StringRecord,
) -> (Vec<&'static str>, usize, Vec<Option<usize>>, Vec<String>) {
    let cells: Vec<String> = row.iter().map(norm).collect();
    let mut idx = Vec::with_capacity(f.cols.len());
    let mut names = Vec::with_capacity(f.cols.len());
    let mut missing = Vec::new();
    let mut hits = 0;
    for c in f.cols {
        let pos = cells
            .iter()
            .position(|h| !h.is_empty() && c.names.iter().any(|n| norm(n) == *h));
        match pos {
            Some(p) => {
                hits += 1;
                names.push(row.get(p).unwrap_or("").trim().to_string());
            }
            None => {
                names.push(String::new());
                if c.required {
                    missing.push(c.names[0]);
                }
            }
        }
        idx.push(pos);
    }
    (missing, hits, idx, names)
}

/// Finds the header row and format of a grid (`forced`: only that format).
pub fn find_header(
    grid: &Grid,
    forced: Option<&'static Format>,
) -> Result<Header, Vec<(&'static str, Vec<&'static str>)>> {
    let formats: Vec<&'static Format> = match forced {
        Some(f) => vec![f],
        None => FORMATS.to_vec(),
    };
    let mut best: Option<(usize, Header)> = None;
    // closest misses per format: (format, missing columns)
    let mut near: Vec<(&'static str, Vec<&'static str>, usize)> = Vec::new();
    for (r, row) in grid.rows.iter().take(SCAN).enumerate() {
        for f in &formats {
            let (missing, hits, idx, names) = match_row(f, row);
            if missing.is_empty() {
                if best.as_ref().is_none_or(|b| hits > b.0) {
                    best = Some((
                        hits,
                        Header {
                            format: f,
                            row: r,
                            idx,
                            names,
                        },
                    ));
                }
            } else if hits > 0 {
                match near.iter_mut().find(|n| n.0 == f.id) {
                    Some(n) if n.2 >= hits => {}
                    Some(n) => *n = (f.id, missing, hits),
                    None => near.push((f.id, missing, hits)),
                }
            }
        }
        if best.is_some() {
            break;
        }
    }
    match best {
        Some((_, h)) => Ok(h),
        None => {
            near.sort_by_key(|n| std::cmp::Reverse(n.2));
            Err(near.into_iter().take(3).map(|n| (n.0, n.1)).collect())
        }
    }
}

/// Reads a file and finds its header: every encoding and sheet is tried until one has a header.
#[allow(clippy::type_complexity)]
pub fn open(
    bytes: &[u8],
    forced: Option<&'static Format>,
) -> Result<Option<(Grid, Header)>, (String, Vec<(&'static str, Vec<&'static str>)>)> {
    let grids: Vec<Grid> =
        if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0") {
            sheet_grids(bytes).map_err(|e| (e, vec![]))?
        } else {
            let mut gs = Vec::new();
            for (enc, text) in decode_candidates(bytes) {
                match text_grid(&text, enc) {
                    Ok(g) => gs.push(g),
                    Err(e) => return Err((e, vec![])),
                }
            }
            gs
        };
    let mut near = Vec::new();
    for g in grids {
        match find_header(&g, forced) {
            Ok(h) => return Ok(Some((g, h))),
            Err(n) => {
                if near.is_empty() {
                    near = n;
                }
            }
        }
    }
    if near.is_empty() {
        Ok(None)
    } else {
        Err((String::new(), near))
    }
}
