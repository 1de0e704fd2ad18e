//! Issue 14, hardening through the binary: reading never writes or creates a
//! file, closed pipes end quietly, damaged workbooks are named as such, a second
//! import waits for the first, signals restore the terminal, and a panic in the
//! cockpit's worker becomes an error answer.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use crate::common::*;
use rusqlite::Connection;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sellerdeck"));
    c.stdin(Stdio::null());
    c
}

fn run(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    let mut c = bin();
    for a in args {
        c.arg(a);
    }
    c.output().expect("run sellerdeck")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file of a directory, name → bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap_or_default(),
            )
        })
        .collect();
    v.sort();
    v
}

fn good_stores() -> PathBuf {
    fixture_dir().join("stores.csv")
}

fn bad_file(dir: &Path) -> PathBuf {
    let p = dir.join("stores-bad.csv");
    std::fs::write(&p, "store_id,channel,country,currency\nS1,Amazon,US,ABC\n").unwrap();
    p
}

// ── 2. closed pipes ────────────────────────────────────────────────────────

/// Runs with stdout a pipe whose reading end is closed before anything is written.
fn closed_pipe(args: &[&dyn AsRef<std::ffi::OsStr>]) -> (i32, String) {
    let mut c = bin();
    for a in args {
        c.arg(a);
    }
    let mut child = c
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    (out.status.code().unwrap_or(-1), stderr(&out))
}

#[test]
fn a_closed_pipe_ends_quietly_with_exit_0() {
    let wb = small();
    for args in [
        vec!["check"],
        vec!["report", "--period", "2026-09"],
        vec!["config"],
    ] {
        let mut a: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&args[0], &wb.path];
        for x in &args[1..] {
            a.push(x);
        }
        let (code, err) = closed_pipe(&a);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(err, "", "{args:?}");
    }
    let (code, err) = closed_pipe(&[&"metrics"]);
    assert_eq!((code, err.as_str()), (0, ""));
}

// ── 3. reading never writes ────────────────────────────────────────────────

#[test]
fn check_and_a_failed_import_leave_another_programs_database_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("other.sqlite");
    {
        let c = Connection::open(&db).unwrap();
        c.execute_batch("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('x');")
            .unwrap();
    }
    let before = files(dir.path());
    let o = run(&[&"check", &db]);
    assert_ne!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("not a sellerdeck workbook"),
        "{}",
        stderr(&o)
    );
    assert_eq!(files(dir.path()), before, "check changed the file");
    let o = run(&[&"import", &db, &good_stores()]);
    assert_ne!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("not a sellerdeck workbook"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        files(dir.path()),
        before,
        "a failed import changed the file"
    );
    let c = Connection::open(&db).unwrap();
    let mode: String = c
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete");
}

#[test]
fn an_empty_file_stays_empty_after_check_and_a_failed_import() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.db");
    std::fs::write(&db, b"").unwrap();
    let bad = bad_file(dir.path());
    let o = run(&[&"check", &db]);
    assert_ne!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("empty file"), "{}", stderr(&o));
    let o = run(&[&"import", &db, &bad]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let names: Vec<String> = files(dir.path()).into_iter().map(|f| f.0).collect();
    assert_eq!(names, ["empty.db", "stores-bad.csv"]);
    assert_eq!(std::fs::metadata(&db).unwrap().len(), 0);
    // and a good import makes it a workbook
    let o = run(&[&"import", &db, &good_stores()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::metadata(&db).unwrap().len() > 0);
}

#[test]
fn read_commands_on_a_missing_path_refuse_and_create_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let typo = dir.path().join("typo.db");
    for cmd in ["check", "config", "report", "render"] {
        let o = run(&[&cmd, &typo]);
        assert_eq!(o.status.code(), Some(1), "{cmd}");
        assert!(
            stderr(&o).contains("no such workbook"),
            "{cmd}: {}",
            stderr(&o)
        );
    }
    let o = run(&[&"config", &typo, &"base_currency", &"EUR"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(files(dir.path()).is_empty(), "{:?}", files(dir.path()));
}

#[test]
fn a_directory_as_workbook_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["report"],
        vec!["check"],
        vec!["import", good_stores().to_str().unwrap()],
    ] {
        let mut c = bin();
        c.arg(args[0]).arg(dir.path()).args(&args[1..]);
        let o = c.output().unwrap();
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&o).contains("is a directory, not a workbook file"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
}

/// As an unprivileged user (root ignores permissions): `setpriv`, when there.
fn as_nobody() -> Option<Command> {
    let root = std::fs::read_to_string("/proc/self/status")
        .ok()?
        .lines()
        .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"));
    if !root || Command::new("setpriv").arg("--help").output().is_err() {
        return None;
    }
    let mut c = Command::new("setpriv");
    c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(env!("CARGO_BIN_EXE_sellerdeck"));
    Some(c)
}

#[test]
fn read_commands_work_in_a_read_only_directory() {
    use std::os::unix::fs::PermissionsExt;
    let wb = small();
    // a WAL workbook with no -shm next to it, in a directory nobody may write
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    std::fs::copy(&wb.path, ro.join("wb.db")).unwrap();
    std::fs::set_permissions(ro.join("wb.db"), std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    let Some(_) = as_nobody() else {
        eprintln!("skipped: needs root and setpriv to drop privileges");
        return;
    };
    for args in [
        vec![
            "report", "--period", "2026-09", "--level", "total", "--format", "csv",
        ],
        vec!["check"],
        vec!["config"],
    ] {
        let mut c = as_nobody().unwrap();
        c.arg(args[0]).arg(ro.join("wb.db")).args(&args[1..]);
        let o = c.output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert!(!o.stdout.is_empty());
    }
    let names: Vec<String> = files(&ro).into_iter().map(|f| f.0).collect();
    assert_eq!(names, ["wb.db"]);
}

// ── 7. a second import waits ───────────────────────────────────────────────

#[test]
fn a_second_import_waits_for_the_first_and_says_so() {
    let wb = small();
    let holder = Connection::open(&wb.path).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    holder
        .execute("INSERT INTO settings VALUES ('lifespan_years', '4')", [])
        .unwrap();
    let child = bin()
        .arg("import")
        .arg(&wb.path)
        .arg(fixture_dir().join("targets.csv"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    holder.execute_batch("COMMIT").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("another program is writing to this workbook; waiting up to 30 s"),
        "{err}"
    );
    assert!(err.contains(&wb.path.display().to_string()), "{err}");
    // both writes are in
    let c = Connection::open(&wb.path).unwrap();
    let v: String = c
        .query_row(
            "SELECT value FROM settings WHERE key='lifespan_years'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(v, "4");
}

// ── 8. damaged workbooks ───────────────────────────────────────────────────

#[test]
fn zeroed_pages_are_reported_as_damage_and_import_refuses() {
    let wb = small();
    {
        let c = Connection::open(&wb.path).unwrap();
        c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;")
            .unwrap();
    }
    let mut bytes = std::fs::read(&wb.path).unwrap();
    let page = 4096;
    assert!(bytes.len() > 20 * page);
    // zero every page after the first few (the schema stays readable)
    for b in &mut bytes[6 * page..] {
        *b = 0;
    }
    std::fs::write(&wb.path, &bytes).unwrap();
    let o = run(&[&"check", &wb.path]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(!out.contains("integrity ok"), "{out}");
    let o = run(&[&"report", &wb.path, &"--period", &"2026-09"]);
    assert_ne!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("damaged") || stderr(&o).contains("malformed"),
        "{}",
        stderr(&o)
    );
    let before = std::fs::read(&wb.path).unwrap();
    let o = run(&[&"import", &wb.path, &good_stores()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("the workbook is damaged") && stderr(&o).contains("sellerdeck check"),
        "{}",
        stderr(&o)
    );
    assert!(std::fs::read(&wb.path).unwrap() == before);
}

#[test]
fn import_refuses_a_workbook_whose_integrity_probe_fails() {
    let wb = small();
    {
        let c = Connection::open(&wb.path).unwrap();
        c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;")
            .unwrap();
    }
    let mut bytes = std::fs::read(&wb.path).unwrap();
    let page = 4096;
    let n = bytes.len() / page;
    // damage the last pages only: the schema and the meta table stay readable
    for b in &mut bytes[(n - 3) * page..] {
        *b = 0;
    }
    std::fs::write(&wb.path, &bytes).unwrap();
    let o = run(&[&"import", &wb.path, &good_stores()]);
    assert_ne!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("the workbook is damaged") && stderr(&o).contains("sellerdeck check"),
        "{}",
        stderr(&o)
    );
    assert!(
        std::fs::read(&wb.path).unwrap() == bytes,
        "the import changed the damaged file"
    );
    let o = run(&[&"check", &wb.path]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

// ── 2/7. the cockpit: worker panics and signals ────────────────────────────

#[test]
fn a_panic_in_a_query_becomes_an_error_answer() {
    use sellerdeck::app::{Answer, Query, ViewKey};
    use sellerdeck::catalogue::Panel;
    use sellerdeck::metrics::engine::Level;
    use sellerdeck::period::{CompareMode, Period};
    let wb = small();
    let book = sellerdeck::workbook::Workbook::open_read(&wb.path).unwrap();
    let mut master = book.master().unwrap();
    // A data end that no calendar date can hold: the period window's date arithmetic
    // panics, and the worker must answer with an error, not die.
    master.data_range = Some((i32::MIN, i32::MIN));
    let mut failed = 0;
    for panel in Panel::ALL {
        let q = Query::Report(ViewKey {
            panel,
            period: Period::parse("2026").unwrap(),
            compare: CompareMode::Prev,
            level: Level::Store,
            under: vec![],
        });
        match sellerdeck::worker::execute(&book, &master, &q) {
            Answer::Report(_, Ok(_)) => {}
            Answer::Report(_, Err(e)) => {
                assert!(e.starts_with("internal error: "), "{e}");
                failed += 1;
            }
            other => panic!("unexpected answer {other:?}"),
        }
    }
    assert_eq!(failed, Panel::ALL.len(), "every panel hits the overflow");
}

mod pty {
    use std::process::Command;
    use std::time::Duration;

    use expectrl::{Eof, Expect, Session};

    #[test]
    fn sigint_and_sigquit_restore_the_terminal() {
        for sig in ["-INT", "-QUIT"] {
            let wb = super::small();
            let mut cmd = Command::new(env!("CARGO_BIN_EXE_sellerdeck"));
            cmd.arg(&wb.path).args(["--lang", "en"]);
            cmd.env("TERM", "xterm-256color");
            let mut s = Session::spawn(cmd).unwrap();
            s.get_process_mut().set_window_size(100, 30).unwrap();
            s.set_expect_timeout(Some(Duration::from_secs(20)));
            s.expect("Overview").unwrap();
            let pid = s.get_process().pid().to_string();
            let k = Command::new("kill").args([sig, &pid]).status().unwrap();
            assert!(k.success());
            // leave the alternate screen and show the cursor again
            s.expect("\x1b[?1049l").unwrap();
            let _ = s.expect(Eof);
            match s.get_process().wait().unwrap() {
                expectrl::process::unix::WaitStatus::Exited(_, code) => {
                    assert!(code == 130 || code == 131, "{sig}: exit {code}")
                }
                other => panic!("{sig}: did not exit normally: {other:?}"),
            }
        }
    }
}
