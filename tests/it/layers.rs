//! The layers of `docs/architecture.md`, checked on the source: which modules
//! each module may use, and that SQL stays in the workbook. A new `use` across
//! a layer boundary fails here, naming the file and the line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Module → the crate modules its code may name (besides itself). Test code
/// (`#[cfg(test)]` blocks, `tests.rs` files) may use anything.
const ALLOWED: &[(&str, &[&str])] = &[
    ("domain", &[]),
    ("util", &[]),
    ("period", &["util", "domain"]),
    ("format", &["domain", "util"]),
    ("workbook", &["domain", "util", "period"]),
    ("listing", &["domain", "format"]),
    (
        "metrics",
        &["domain", "util", "period", "format", "listing", "workbook"],
    ),
    (
        "output",
        &["domain", "util", "period", "format", "listing", "metrics"],
    ),
    (
        "app",
        &[
            "domain", "util", "period", "format", "listing", "metrics", "output", "workbook",
        ],
    ),
    (
        "ui",
        &[
            "domain", "util", "period", "format", "listing", "metrics", "output", "app",
        ],
    ),
    (
        "worker",
        &["domain", "util", "period", "metrics", "app", "workbook"],
    ),
    ("exports", &["domain", "util", "period", "workbook"]),
    (
        "generate",
        &["domain", "util", "period", "workbook", "exports"],
    ),
];

/// `crate::catalogue` is the metrics layer's catalogue under its short name.
fn home(module: &str) -> &str {
    if module == "catalogue" {
        "metrics"
    } else {
        module
    }
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The non-test code of a file, line by line, without comments.
fn code_lines(text: &str) -> Vec<(usize, String)> {
    let body = text.split("#[cfg(test)]").next().unwrap_or("");
    body.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.split("//").next().unwrap_or("").to_string()))
        .collect()
}

/// The crate modules a line names: `crate::x` paths and `use crate::{x, y}` lists.
fn named(line: &str) -> Vec<String> {
    let mut out = vec![];
    let mut rest = line;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(list) = rest.strip_prefix('{') {
            let end = list.find('}').unwrap_or(list.len());
            for part in list[..end].split(',') {
                let m: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !m.is_empty() {
                    out.push(m);
                }
            }
        } else {
            let m: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.push(m);
        }
    }
    out
}

#[test]
fn every_module_uses_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut files = vec![];
    sources(&src, &mut files);
    let mut wrong = vec![];
    for f in &files {
        let rel = f.strip_prefix(&src).unwrap();
        let top = rel
            .iter()
            .next()
            .unwrap()
            .to_string_lossy()
            .replace(".rs", "");
        if rel.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let Some(may) = allowed.get(home(&top)) else {
            continue; // the binary's top: cli, tui, bench, lib, main
        };
        for (n, line) in code_lines(&std::fs::read_to_string(f).unwrap()) {
            for m in named(&line) {
                let m = home(&m);
                if m != home(&top) && !may.contains(&m) {
                    wrong.push(format!("{}:{n}: {top} uses {m}", rel.display()));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "layer violations:\n{}", wrong.join("\n"));
}

#[test]
fn sql_stays_in_the_workbook() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![];
    sources(&src, &mut files);
    let mut wrong = vec![];
    for f in &files {
        let rel = f.strip_prefix(&src).unwrap();
        if rel.starts_with("workbook") || rel.starts_with("generate") {
            continue;
        }
        for (n, line) in code_lines(&std::fs::read_to_string(f).unwrap()) {
            for sql in [
                "rusqlite",
                ".conn",
                "query_row(",
                "execute_batch(",
                ".prepare(",
            ] {
                if line.contains(sql) {
                    wrong.push(format!("{}:{n}: {}", rel.display(), line.trim()));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "SQL outside the workbook:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_checker_sees_a_violation() {
    // the parser finds both spellings of a use, so a violation cannot hide
    assert_eq!(named("use crate::ui::draw;"), ["ui"]);
    assert_eq!(named("use crate::{app::App, metrics};"), ["app", "metrics"]);
    assert_eq!(named("let x = crate::workbook::open();"), ["workbook"]);
}
