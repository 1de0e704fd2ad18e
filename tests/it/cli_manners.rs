//! CLI manners (issue 12): enumerated options list their valid values, `--under`
//! names the channels and stores, `report --format markdown` is a valid GitHub
//! table, and `report … | head` ends quietly.

use std::io::Read;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sellerdeck"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run sellerdeck")
}

/// The cells of a markdown table row (`| a | b \| c |` → `["a", "b \| c"]`).
fn cells(line: &str) -> Option<Vec<String>> {
    let inner = line.trim().strip_prefix('|')?.strip_suffix('|')?;
    let mut out = vec![String::new()];
    let mut escaped = false;
    for ch in inner.chars() {
        if ch == '|' && !escaped {
            out.push(String::new());
        } else {
            out.last_mut().expect("one cell").push(ch);
        }
        escaped = ch == '\\' && !escaped;
    }
    Some(out.into_iter().map(|c| c.trim().to_string()).collect())
}

/// A GFM delimiter cell: `---`, `:--`, `--:` or `:-:` (at least three characters).
fn delimiter_cell(c: &str) -> bool {
    let body = c.strip_prefix(':').unwrap_or(c);
    let body = body.strip_suffix(':').unwrap_or(body);
    c.len() >= 3 && !body.is_empty() && body.chars().all(|ch| ch == '-')
}

/// Checks every table of a markdown text; returns how many there were.
fn check_gfm_tables(md: &str) -> usize {
    let lines: Vec<&str> = md.lines().collect();
    let mut tables = 0;
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].trim_start().starts_with('|') {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && lines[i].trim_start().starts_with('|') {
            i += 1;
        }
        let block = &lines[start..i];
        assert!(
            block.len() >= 2,
            "a table needs a header and a delimiter row: {block:?}"
        );
        let head = cells(block[0]).expect("header row");
        let delim = cells(block[1]).expect("delimiter row");
        assert_eq!(
            head.len(),
            delim.len(),
            "delimiter cells ≠ header cells: {}",
            block[1]
        );
        for c in &delim {
            assert!(
                delimiter_cell(c),
                "bad delimiter cell {c:?} in {}",
                block[1]
            );
        }
        for row in &block[2..] {
            let r = cells(row).expect("row");
            assert_eq!(r.len(), head.len(), "cell count differs: {row}");
        }
        tables += 1;
    }
    tables
}

#[test]
fn the_gfm_check_itself_rejects_bad_tables() {
    let bad = std::panic::catch_unwind(|| check_gfm_tables("| a | b |\n| : | --: |\n"));
    assert!(bad.is_err(), "`| : |` is not a delimiter");
    let short = std::panic::catch_unwind(|| check_gfm_tables("| a | b |\n| --- |\n"));
    assert!(short.is_err(), "cell counts must agree");
    assert_eq!(
        check_gfm_tables("x\n\n| a | b \\| c |\n| --- | --: |\n| 1 | 2 |\n"),
        1
    );
}

#[test]
fn markdown_reports_are_valid_github_tables() {
    let wb = crate::common::small();
    let p = wb.path.to_str().expect("utf-8 path");
    for extra in [
        &["--level", "store"][..],
        &["--level", "sku", "--under", "Amazon"][..],
        &["--panel", "customers", "--cohorts"][..],
        &["--lang", "zh"][..],
    ] {
        let mut args = vec!["report", p, "--period", "2026-10", "--format", "markdown"];
        args.extend_from_slice(extra);
        let o = run(&args);
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let md = String::from_utf8(o.stdout).expect("utf-8");
        assert!(check_gfm_tables(&md) >= 1, "{args:?}: no table in\n{md}");
    }
}

#[test]
fn enumerated_options_reject_bad_values_and_list_the_valid_ones() {
    let wb = crate::common::small();
    let p = wb.path.to_str().expect("utf-8 path");
    for (args, valid) in [
        (vec!["--color", "bogus", p], "never, 256, truecolor, always"),
        (
            vec!["report", p, "--level", "city"],
            "total, channel, store, sku",
        ),
        (vec!["report", p, "--compare", "mom"], "prev, yoy"),
        (
            vec!["report", p, "--format", "xml"],
            "table, markdown, csv, json",
        ),
        (vec!["render", p, "--tab", "all"], "overview, growth"),
        (vec!["--lang", "fr", "report", p], "en, zh"),
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?} accepted");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(valid), "{args:?}: {err}");
    }
    // case and the old aliases still work
    let o = run(&[
        "report",
        p,
        "--format",
        "MD",
        "--compare",
        "previous",
        "--panel",
        "ads",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn under_errors_name_the_channels_and_stores() {
    let wb = crate::common::small();
    let p = wb.path.to_str().expect("utf-8 path");
    let o = run(&["report", p, "--under", "Amazon/Amazon.com"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("channels: Amazon"), "{err}");
    assert!(err.contains("stores: ") && err.contains("Amazon/"), "{err}");
}

#[test]
fn help_has_examples() {
    for args in [
        &["--help"][..],
        &["report", "--help"][..],
        &["render", "--help"][..],
    ] {
        let o = run(args);
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(out.contains("Examples:"), "{args:?}: {out}");
    }
}

#[test]
fn report_into_head_ends_quietly() {
    let wb = crate::common::small();
    let mut child = Command::new(env!("CARGO_BIN_EXE_sellerdeck"))
        .args(["report", wb.path.to_str().expect("utf-8"), "--level", "sku"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // read one byte, as `head -c1` would, then close the pipe
    let mut out = child.stdout.take().expect("stdout");
    let mut one = [0u8; 1];
    out.read_exact(&mut one).expect("some output");
    drop(out);
    let o = child.wait_with_output().expect("wait");
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&o.stderr), "");
}
