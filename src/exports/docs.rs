//! `docs/exports.md`, generated from the format tables (a test keeps the file equal).

use std::fmt::Write as _;

use super::formats;

pub fn markdown() -> String {
    let mut o = String::new();
    o.push_str("# Importing platform exports\n\n");
    o.push_str("<!-- Generated from src/exports/formats.rs by `sellerdeck::exports::docs::markdown()`; tests/it/exports.rs checks this file. Do not edit by hand. -->\n\n");
    o.push_str("`sellerdeck import WORKBOOK FILE…` reads these exports as they are downloaded, next to canonical CSV files ([tables.md](tables.md)), in one transaction. A file's format is recognised from its header row (preambles, a BOM and TikTok's description row are skipped); `--format ID` forces one. CSV, tab-separated text and xlsx are read; UTF-8 (with or without BOM), UTF-16, GBK/GB18030, Shift_JIS and Windows-1252 are detected.\n\n");
    o.push_str("Options: `--store ID` for a single-store file when the workbook has several stores of its channel (without it, the file's currency picks the store when exactly one of them has it); `--date YYYY-MM-DD` for reports without dates (Business Report, inventory snapshot, the start of Shopify costs); `--unknown-orders skip` to import the rest of a Date Range report whose orders are missing. Multi-marketplace Amazon files are routed per row by marketplace (`Amazon.co.uk` → the Amazon store of country GB); the workbook setting `marketplace.<name> = STORE_ID` maps a marketplace explicitly.\n\n");
    o.push_str("Personal data (names, e-mails, phones, addresses) is never stored: a customer id is a keyed hash (BLAKE3) of the buyer's e-mail or platform buyer id, with a key kept in the workbook's settings (`exports.customer_key`), so repeat-customer metrics work and stay stable across imports.\n\n");
    o.push_str("`sellerdeck generate --exports DIR` writes the demo data as these exports (each store's orders in its platform's format, the other tables as canonical CSVs): `sellerdeck import WB DIR/*` shows what a real import looks like.\n\n");
    o.push_str("| format (`--format`) | export | channel | feeds |\n|---|---|---|---|\n");
    for f in formats::all() {
        let _ = writeln!(
            o,
            "| `{}` | {} | {} | {} |",
            f.id, f.title, f.channel, f.tables
        );
    }
    for f in formats::all() {
        let _ = writeln!(o, "\n## {} (`{}`)\n", f.title, f.id);
        let _ = writeln!(o, "Store channel: {}. Feeds: {}.\n", f.channel, f.tables);
        if f.layouts.len() > 1 {
            o.push_str("Layouts (recognised by the header's language; numbers and dates read accordingly):\n\n");
            for l in f.layouts {
                let _ = writeln!(
                    o,
                    "- {}: `{}` — numbers like `{}`",
                    l.lang,
                    l.name,
                    l.dec.example()
                );
            }
            o.push('\n');
        }
        o.push_str("| column | header spellings | required | feeds |\n|---|---|---|---|\n");
        for c in f.cols {
            let names: Vec<String> = c.names.iter().map(|n| format!("`{n}`")).collect();
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} |",
                c.key,
                names.join(", "),
                if c.required { "yes" } else { "" },
                c.feeds.replace('|', "\\|")
            );
        }
        for v in f.values {
            let _ = writeln!(o, "\nValues of `{}`:\n", v.col);
            o.push_str("| value | means |\n|---|---|\n");
            for (k, m) in v.map {
                let k = if k.is_empty() {
                    "(blank)".to_string()
                } else {
                    format!("`{k}`")
                };
                let _ = writeln!(o, "| {k} | {m} |");
            }
            o.push_str("\nAny other value is an error.\n");
        }
        if !f.notes.is_empty() {
            o.push('\n');
            for n in f.notes {
                let _ = writeln!(o, "- {n}");
            }
        }
    }
    o
}
