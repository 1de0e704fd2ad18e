//! A list a team pastes into a chat or a purchase order: the ranked alerts and the
//! action lists. One `Listing` (typed values per cell) prints as a terminal table,
//! GitHub markdown, CSV or JSON, and the cockpit draws the same cells.

use std::fmt::Write as _;

use rust_decimal::Decimal;
use serde_json::{Map, Value, json};
use unicode_width::UnicodeWidthStr;

use crate::domain::MetricId;
use crate::domain::Unit;
use crate::format::{Format, pad};

/// One cell: text, or a number in a unit (money rounded as shown, exact in JSON).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Num(Option<Decimal>, Unit),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }
    /// As shown: `—` for undefined, money with 2 decimals and grouping.
    pub fn shown(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Num(v, u) => crate::format::plain(*v, *u),
        }
    }
    fn json(&self) -> Value {
        match self {
            Cell::Text(s) => json!(s),
            Cell::Num(None, _) => Value::Null,
            Cell::Num(Some(v), _) => json!(v.normalize().to_string()),
        }
    }
    fn csv(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Num(None, _) => String::new(),
            Cell::Num(Some(v), Unit::Money) => format!("{:.2}", v.round_dp(2)),
            Cell::Num(Some(v), _) => v.normalize().to_string(),
        }
    }
    pub fn numeric(&self) -> bool {
        matches!(self, Cell::Num(..))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Machine name (CSV header, JSON key).
    pub key: &'static str,
    pub en: &'static str,
    pub zh: &'static str,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Listing {
    /// Machine name of the list (`alerts`, `restock` ...).
    pub kind: &'static str,
    pub title: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// Lines under the list: what the thresholds were, what was left out.
    pub notes: Vec<String>,
}

pub const fn col(key: &'static str, en: &'static str, zh: &'static str) -> Column {
    Column { key, en, zh }
}

/// A column holding a catalogue metric, keyed by its id.
pub const fn metric_col(id: MetricId, en: &'static str, zh: &'static str) -> Column {
    col(id.as_str(), en, zh)
}

impl Listing {
    pub fn header(&self, lang: crate::domain::Lang) -> Vec<String> {
        self.columns
            .iter()
            .map(|c| match lang {
                crate::domain::Lang::En => c.en.to_string(),
                crate::domain::Lang::Zh => c.zh.to_string(),
            })
            .collect()
    }

    pub fn render(&self, format: Format, lang: crate::domain::Lang) -> String {
        match format {
            Format::Json => self.json(),
            Format::Csv => self.csv(),
            Format::Table => self.table(lang, false),
            Format::Markdown => self.table(lang, true),
        }
    }

    fn json(&self) -> String {
        let rows: Vec<Value> = self
            .rows
            .iter()
            .map(|r| {
                let mut m = Map::new();
                for (c, v) in self.columns.iter().zip(r) {
                    m.insert(c.key.into(), v.json());
                }
                Value::Object(m)
            })
            .collect();
        let v = json!({"list": self.kind, "title": self.title, "rows": rows, "notes": self.notes});
        serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
    }

    fn csv(&self) -> String {
        let mut w = csv::Writer::from_writer(vec![]);
        let _ = w.write_record(self.columns.iter().map(|c| c.key));
        for r in &self.rows {
            let _ = w.write_record(r.iter().map(Cell::csv));
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }

    /// An aligned table, or a GitHub markdown table (escaped pipes, `---:` for numbers).
    fn table(&self, lang: crate::domain::Lang, markdown: bool) -> String {
        let header = self.header(lang);
        let cells: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| r.iter().map(Cell::shown).collect())
            .collect();
        let right: Vec<bool> = (0..self.columns.len())
            .map(|i| self.rows.first().is_some_and(|r| r[i].numeric()))
            .collect();
        let mut out = String::new();
        if markdown {
            let _ = writeln!(out, "**{}**\n", self.title);
        } else {
            let _ = writeln!(out, "{}", self.title);
        }
        if self.rows.is_empty() {
            let _ = writeln!(out, "(none)");
        } else if markdown {
            let esc = |s: &str| s.replace('|', "\\|");
            let line = |v: &[String]| {
                format!(
                    "| {} |",
                    v.iter().map(|s| esc(s)).collect::<Vec<_>>().join(" | ")
                )
            };
            let _ = writeln!(out, "{}", line(&header));
            let delim: Vec<String> = right
                .iter()
                .map(|r| if *r { "---:".into() } else { "---".into() })
                .collect();
            let _ = writeln!(out, "| {} |", delim.join(" | "));
            for r in &cells {
                let _ = writeln!(out, "{}", line(r));
            }
        } else {
            let widths: Vec<usize> = (0..header.len())
                .map(|i| {
                    cells
                        .iter()
                        .map(|r| r[i].width())
                        .chain([header[i].width()])
                        .max()
                        .unwrap_or(0)
                })
                .collect();
            let line = |v: &[String]| {
                v.iter()
                    .enumerate()
                    .map(|(i, s)| pad(s, widths[i], right[i]))
                    .collect::<Vec<_>>()
                    .join("  ")
                    .trim_end()
                    .to_string()
            };
            let _ = writeln!(out, "{}", line(&header));
            for r in &cells {
                let _ = writeln!(out, "{}", line(r));
            }
        }
        for n in &self.notes {
            let _ = writeln!(out, "{}{n}", if markdown { "\n" } else { "" });
        }
        out
    }
}
