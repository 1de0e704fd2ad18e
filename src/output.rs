//! `sellerdeck report` output: a fixed-width table for terminals, markdown for
//! chats, CSV for spreadsheets and JSON as the machine contract.

use std::fmt::Write as _;

use serde_json::{Map, Value, json};
use unicode_width::UnicodeWidthStr;

use crate::catalogue::{self, ACQUISITION_PREFIX, CATALOGUE, Lang, MetricDef, Panel};
pub use crate::format::{Format, pad};
use crate::format::{change_cell, exact, plain};
use crate::metrics::report::{Report, Row};
use crate::period::Period;

/// The metrics a panel shows (None = every metric).
pub fn panel_metrics(panel: Option<Panel>) -> Vec<&'static MetricDef> {
    match panel {
        None => CATALOGUE.iter().collect(),
        Some(Panel::Overview) => catalogue::Role::Owner
            .cards()
            .iter()
            .map(|id| id.def())
            .collect(),
        Some(p) => catalogue::panel_metrics(p).collect(),
    }
}

fn dec(v: Option<rust_decimal::Decimal>) -> Value {
    v.map(|d| Value::String(exact(d))).unwrap_or(Value::Null)
}

fn metrics_json(row: &Row, ids: &[&str], with_acquisition: bool) -> Value {
    let mut m = Map::new();
    for (id, mv) in &row.metrics {
        let wanted =
            ids.contains(&id.as_str()) || (with_acquisition && id.starts_with(ACQUISITION_PREFIX));
        if !wanted {
            continue;
        }
        let mut o = Map::new();
        o.insert("value".into(), dec(mv.value));
        o.insert("compare".into(), dec(mv.compare));
        o.insert("change".into(), dec(mv.change));
        if let Some((t, a)) = mv.target {
            o.insert("target".into(), dec(Some(t)));
            o.insert("attainment".into(), dec(a));
        }
        if mv.maturing {
            o.insert("maturing".into(), Value::Bool(true));
        }
        if let Some((n, c)) = mv.base {
            o.insert("n".into(), json!(n));
            o.insert("compare_n".into(), json!(c));
        }
        m.insert(id.clone(), Value::Object(o));
    }
    Value::Object(m)
}

fn row_json(row: &Row, ids: &[&str], acq: bool) -> Value {
    json!({"key": row.key, "label": row.label, "path": row.path, "metrics": metrics_json(row, ids, acq)})
}

pub fn json(report: &Report, panel: Option<Panel>) -> String {
    let defs = panel_metrics(panel);
    let ids: Vec<&str> = defs.iter().map(|m| m.id.as_str()).collect();
    let acq = matches!(panel, None | Some(Panel::Customers));
    let v = json!({
        "base_currency": report.base_currency,
        "period": {"label": report.period.label(), "start": report.span.start.to_string(), "end": report.span.end.to_string(),
                   "running": report.running, "maturing_until": report.maturing_until.map(|d| d.to_string())},
        "compare": {"mode": report.compare_mode.name(), "label": report.compare.label(),
                    "start": report.compare.start.to_string(), "end": report.compare.end.to_string()},
        "level": report.level.name(),
        "under": if report.under.is_empty() { Value::Null } else { json!(report.under) },
        "total": row_json(&report.total, &ids, acq),
        "rows": report.rows.iter().map(|r| row_json(r, &ids, acq)).collect::<Vec<_>>(),
        "alerts": report.alerts.iter().filter(|a| ids.contains(&a.metric.as_str())).map(|a| json!({
            "path": a.path, "row": a.row, "metric": a.metric, "value": dec(a.value), "rule": a.rule,
            "impact": dec(a.impact), "n": a.base, "also": a.also})).collect::<Vec<_>>(),
        "warnings": report.warnings,
        "missing_costs": report.missing_costs,
        "external": report.external.iter().map(|e| json!({
            "metric": e.metric, "level": e.level, "key": if e.key.is_empty() { Value::Null } else { json!(e.key) },
            "date": e.value.map(|v| v.0.to_string()), "value": dec(e.value.map(|v| v.1)),
            "compare_date": e.compare.map(|v| v.0.to_string()), "compare": dec(e.compare.map(|v| v.1)),
            "change": dec(e.change()),
            "target": dec(e.target.map(|t| t.0)), "attainment": dec(e.target.and_then(|t| t.1)),
            "health": e.health.map(|h| format!("{h:?}").to_lowercase())})).collect::<Vec<_>>(),
    });
    let mut s = serde_json::to_string_pretty(&v).expect("json");
    s.push('\n');
    s
}

pub fn csv(report: &Report, panel: Option<Panel>) -> String {
    let defs = panel_metrics(panel);
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["key".to_string(), "label".to_string(), "path".to_string()];
    for m in &defs {
        header.push(m.id.to_string());
        header.push(format!("{}_compare", m.id));
        header.push(format!("{}_change", m.id));
    }
    w.write_record(&header).expect("csv");
    for row in std::iter::once(&report.total).chain(report.rows.iter()) {
        let mut rec = vec![row.key.clone(), row.label.clone(), row.path.join("/")];
        for m in &defs {
            let mv = row.get(m.id).cloned().unwrap_or_default();
            for v in [mv.value, mv.compare, mv.change] {
                rec.push(v.map(exact).unwrap_or_default());
            }
        }
        w.write_record(&rec).expect("csv");
    }
    String::from_utf8(w.into_inner().expect("csv")).expect("utf8")
}

fn header_line(report: &Report, lang: Lang) -> String {
    let scope = if report.under.is_empty() {
        "All".to_string()
    } else {
        format!("All › {}", report.under.join(" › "))
    };
    let (p, c) = match lang {
        Lang::En => ("period", "vs"),
        Lang::Zh => ("周期", "对比"),
    };
    format!(
        "{scope} · {} · {p} {} · {c} {} {} · {}",
        report.level.name(),
        span_label(report.period, report.span, report.running, lang),
        report.compare_mode.name(),
        span_label(report.compare, report.compare, report.running, lang),
        report.base_currency
    )
}

/// `2026-Q4 (2026-10-01 – 2026-11-01, running to the data end)` — the dates a period
/// covers, saying so when it was cut (rule 13).
pub fn span_label(named: Period, span: Period, running: bool, lang: Lang) -> String {
    let cut = match (running, lang) {
        (false, _) => "",
        (true, Lang::En) => ", cut to the data end",
        (true, Lang::Zh) => "，截至数据末日",
    };
    format!("{} ({} – {}{cut})", named.label(), span.start, span.end)
}

/// The line under a table that explains the maturing mark (rule 18).
pub fn maturing_note(until: chrono::NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::En => format!(
            "{MATURING_MARK} maturing: shipments, deliveries, returns and refunds of this period still arrive until {until}"
        ),
        Lang::Zh => {
            format!("{MATURING_MARK} 未成熟：本期的发货、妥投、退货和退款到 {until} 前仍会变化")
        }
    }
}

/// Marks a maturing value in text output, in every language and without colour.
pub const MATURING_MARK: &str = "*";

/// A grid of cells, columns sized by display width; the first column left-aligned.
/// Markdown is a GitHub table: every row has every cell, `|` is escaped, and the
/// delimiter cells are `---` / `--:` (at least three characters, as GFM asks).
fn grid_text(cells: &[Vec<String>], markdown: bool) -> String {
    let cols = cells.iter().map(Vec::len).max().unwrap_or(0);
    let cells: Vec<Vec<String>> = cells
        .iter()
        .map(|r| {
            let mut r: Vec<String> = if markdown {
                r.iter().map(|c| c.replace('|', "\\|")).collect()
            } else {
                r.clone()
            };
            if markdown {
                r.resize(cols, String::new());
            }
            r
        })
        .collect();
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            cells
                .iter()
                .filter_map(|r| r.get(c))
                .map(|s| UnicodeWidthStr::width(s.as_str()))
                .max()
                .unwrap_or(0)
                .max(if markdown { 3 } else { 0 })
        })
        .collect();
    let mut out = String::new();
    for (i, row) in cells.iter().enumerate() {
        let parts: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, s)| pad(s, widths[c], c > 0))
            .collect();
        if markdown {
            let _ = writeln!(out, "| {} |", parts.join(" | "));
            if i == 0 {
                let seps: Vec<String> = widths
                    .iter()
                    .enumerate()
                    .map(|(c, w)| {
                        if c == 0 {
                            "-".repeat(*w)
                        } else {
                            format!("{}:", "-".repeat(w.saturating_sub(1)))
                        }
                    })
                    .collect();
                let _ = writeln!(out, "| {} |", seps.join(" | "));
            }
        } else {
            let _ = writeln!(out, "{}", parts.join("  ").trim_end());
            if i == 0 {
                let total: usize =
                    widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1);
                let _ = writeln!(out, "{}", "─".repeat(total));
            }
        }
    }
    out
}

fn panel_table(report: &Report, defs: &[&MetricDef], lang: Lang, markdown: bool) -> String {
    let mut cells = Vec::new();
    let mut head = vec![match lang {
        Lang::En => "row".to_string(),
        Lang::Zh => "维度".to_string(),
    }];
    for m in defs {
        head.push(m.label(lang).to_string());
        head.push("Δ".to_string());
    }
    cells.push(head);
    for row in report.rows.iter().chain(std::iter::once(&report.total)) {
        let label = if std::ptr::eq(row, &report.total) {
            format!("Σ {}", row.label)
        } else {
            row.key.clone()
        };
        let mut line = vec![label];
        for m in defs {
            let mv = row.get(m.id).cloned().unwrap_or_default();
            let mark = if mv.maturing { MATURING_MARK } else { "" };
            line.push(format!("{}{mark}", plain(mv.value, m.unit)));
            line.push(change_cell(mv.change, false));
        }
        cells.push(line);
    }
    grid_text(&cells, markdown)
}

pub fn table(report: &Report, panel: Option<Panel>, lang: Lang, markdown: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", header_line(report, lang));
    let panels: Vec<Panel> = match panel {
        Some(p) => vec![p],
        None => Panel::ALL
            .into_iter()
            .filter(|p| *p != Panel::Overview)
            .collect(),
    };
    for p in panels {
        let defs = panel_metrics(Some(p));
        // Keep tables readable: at most 8 metrics per block.
        for chunk in defs.chunks(8) {
            if markdown {
                let _ = writeln!(out, "**{}**\n", p.label(lang));
            } else {
                let _ = writeln!(out, "{}", p.label(lang));
            }
            out.push_str(&panel_table(report, chunk, lang, markdown));
            out.push('\n');
        }
    }
    if !report.alerts.is_empty() {
        let _ = writeln!(
            out,
            "{} ({})",
            if lang == Lang::Zh { "告警" } else { "Alerts" },
            report.alerts.len()
        );
        for a in report.alerts.iter().take(30) {
            let m = a.metric.def();
            let v = plain(a.value, m.unit);
            let n = a.base.map(|n| format!(" (n={n})")).unwrap_or_default();
            let _ = writeln!(
                out,
                "  {} · {} = {}{n} · {} · {} {}",
                if a.path.is_empty() {
                    "All".to_string()
                } else {
                    a.path.join("/")
                },
                m.label(lang),
                v,
                a.rule,
                if lang == Lang::Zh {
                    "影响"
                } else {
                    "at stake"
                },
                crate::format::compact(a.impact, catalogue::Unit::Money)
            );
        }
        if report.alerts.len() > 30 {
            let _ = writeln!(out, "  … and {} more", report.alerts.len() - 30);
        }
    }
    if !report.external.is_empty() && panel.is_none_or(|p| p == Panel::Overview) {
        let _ = writeln!(
            out,
            "{}",
            if lang == Lang::Zh {
                "外部指标"
            } else {
                "External metrics"
            }
        );
        for e in &report.external {
            let v = e
                .value
                .map(|v| crate::format::group(&v.1.normalize().to_string()))
                .unwrap_or_else(|| "—".into());
            let target = e
                .target
                .map(|(goal, att)| {
                    format!(
                        "  target {} ({})",
                        crate::format::group(&goal.normalize().to_string()),
                        plain(att, catalogue::Unit::Percent)
                    )
                })
                .unwrap_or_default();
            let health = match e.health {
                Some(catalogue::Health::Good) => "  good",
                Some(catalogue::Health::Warn) => "  warn",
                Some(catalogue::Health::Bad) => "  bad",
                None => "",
            };
            let _ = writeln!(
                out,
                "  {:<28} {:>14}  {}{target}{health}",
                e.metric,
                v,
                change_cell(e.change(), false)
            );
        }
    }
    if let Some(until) = report.maturing_until {
        let _ = writeln!(out, "{}", maturing_note(until, lang));
    }
    for w in &report.warnings {
        let _ = writeln!(out, "warning: {w}");
    }
    out
}

/// The cohort retention grid: first-order month × months since (k = 0..11).
pub fn cohorts(grid: &[crate::metrics::cohorts::Cohort], format: Format) -> String {
    let pct = |v: Option<rust_decimal::Decimal>| match format {
        Format::Json | Format::Csv => v.map(exact).unwrap_or_default(),
        _ => crate::format::compact(v, crate::catalogue::Unit::Percent),
    };
    match format {
        Format::Json => {
            let rows: Vec<Value> = grid
                .iter()
                .map(|c| json!({"month": c.month, "size": c.size, "retention": c.retention.iter().map(|v| dec(*v)).collect::<Vec<_>>()}))
                .collect();
            let mut s = serde_json::to_string_pretty(&json!({ "cohorts": rows })).expect("json");
            s.push('\n');
            s
        }
        _ => {
            let mut cells = vec![
                std::iter::once("cohort".to_string())
                    .chain(std::iter::once("size".to_string()))
                    .chain((0..12).map(|k| format!("m{k}")))
                    .collect::<Vec<_>>(),
            ];
            for c in grid {
                let mut row = vec![c.month.clone(), c.size.to_string()];
                row.extend(c.retention.iter().map(|v| pct(*v)));
                cells.push(row);
            }
            match format {
                Format::Csv => {
                    let mut w = csv::Writer::from_writer(Vec::new());
                    for r in &cells {
                        w.write_record(r).expect("csv");
                    }
                    String::from_utf8(w.into_inner().expect("csv")).expect("utf8")
                }
                _ => grid_text(&cells, format == Format::Markdown),
            }
        }
    }
}

/// The catalogue as a table: id, label, unit, direction, default thresholds, panel.
pub fn catalogue(panel: Option<Panel>, lang: Lang) -> String {
    let mut cells = vec![
        vec!["id", "label", "unit", "dir", "good/bad", "panel"]
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>(),
    ];
    for m in CATALOGUE
        .iter()
        .filter(|m| panel.is_none_or(|p| m.panel == p))
    {
        cells.push(vec![
            m.id.to_string(),
            m.label(lang).to_string(),
            format!("{:?}", m.unit).to_lowercase(),
            m.dir.symbol().to_string(),
            m.thresholds.map(|t| t.describe()).unwrap_or_default(),
            m.panel.id().to_string(),
        ]);
    }
    grid_text(&cells, false)
}
