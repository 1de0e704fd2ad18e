//! The cockpit on a small fixture workbook: insta snapshots of every tab
//! (TestBackend via `render`), and the real binary in a pseudo-terminal.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use clap::ValueEnum;
use sellerdeck::cli::{CompareArg, LangArg, RenderArgs, TabArg, ViewArgs, render_app};
use sellerdeck::ui::render_text;
use sellerdeck::workbook::import::{ImportOptions, import_files};

const TABS: [&str; 8] = [
    "overview",
    "growth",
    "funnel",
    "ads",
    "inventory",
    "profit",
    "experience",
    "customers",
];

/// Imports the canonical CSVs of `tests/fixtures/tui` into a temporary workbook (once).
fn fixture() -> &'static Path {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, p) = DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("fixture.db");
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&src)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "csv"))
            .collect();
        files.sort();
        import_files(&db, &files, &ImportOptions::default()).unwrap();
        (dir, db)
    });
    p
}

fn args(tab: &str, under: Option<&str>) -> RenderArgs {
    RenderArgs {
        workbook: fixture().to_path_buf(),
        tab: TabArg::from_str(tab, true).expect("a tab"),
        period: Some("2026-10".into()),
        compare: CompareArg::Prev,
        level: None,
        under: under.map(String::from),
        select: None,
        width: 120,
        height: 40,
    }
}

fn view(lang: &str, ascii: bool) -> ViewArgs {
    ViewArgs {
        lang: Some(LangArg::from_str(lang, true).expect("a language")),
        color: None,
        ascii,
        no_mouse: false,
        role: None,
    }
}

/// One snapshot per tab: its screens at two levels, in two languages and three
/// sizes, one after another. A layout change of one tab touches one file.
#[test]
fn snapshots_of_every_tab() {
    for tab in TABS {
        let mut screens = String::new();
        for lang in ["en", "zh"] {
            for (level, under) in [("channel", None), ("sku", Some("Amazon/AMZ-US"))] {
                let app = render_app(&args(tab, under), &view(lang, false)).unwrap();
                for (w, h) in [(200, 60), (120, 40), (80, 24)] {
                    screens.push_str(&format!("── {tab} {level} {lang} {w}x{h}\n"));
                    screens.push_str(&render_text(&app, w, h, false));
                    screens.push('\n');
                }
            }
        }
        insta::assert_snapshot!(format!("{tab}_screens"), screens);
    }
}

#[test]
fn snapshot_ascii() {
    for tab in ["overview", "growth", "profit"] {
        let app = render_app(&args(tab, None), &view("en", true)).unwrap();
        for (w, h) in [(100, 30), (80, 24), (40, 10)] {
            let text = render_text(&app, w, h, false);
            assert!(text.is_ascii(), "non-ASCII in --ascii:\n{text}");
            insta::assert_snapshot!(format!("{tab}_ascii_{w}x{h}"), text);
        }
    }
}

#[test]
fn every_size_down_to_20x5_draws() {
    let app = render_app(&args("growth", None), &view("zh", false)).unwrap();
    for w in [1, 5, 20, 39, 40, 41, 60, 80] {
        for h in [1, 3, 5, 9, 10, 12, 24] {
            let t = render_text(&app, w, h, false);
            if w < 40 || h < 10 {
                assert!(t.contains("terminal") || w < 20 || h < 2, "{w}x{h}:\n{t}");
            }
        }
    }
}

#[test]
fn render_command_with_select_and_colour() {
    let bin = env!("CARGO_BIN_EXE_sellerdeck");
    let out = std::process::Command::new(bin)
        .args(["render"])
        .arg(fixture())
        .args([
            "--tab", "ads", "--period", "2026-10", "--level", "store", "--select", "AMZ-CA",
            "--width", "100", "--height", "20", "--color", "always",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("\x1b["), "colours with --color always");
    assert!(s.contains("Amazon CA"));
}

mod pty {
    use std::process::Command;
    use std::time::Duration;

    use expectrl::{Eof, Expect, Session};

    fn spawn() -> expectrl::session::OsSession {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_sellerdeck"));
        cmd.arg(super::fixture()).args(["--lang", "en"]);
        cmd.env("TERM", "xterm-256color");
        let mut s = Session::spawn(cmd).unwrap();
        s.get_process_mut().set_window_size(100, 30).unwrap();
        s.set_expect_timeout(Some(Duration::from_secs(20)));
        s
    }

    fn wait_exit(s: &mut expectrl::session::OsSession) -> i32 {
        let _ = s.expect(Eof);
        match s.get_process().wait().unwrap() {
            expectrl::process::unix::WaitStatus::Exited(_, code) => code,
            other => panic!("did not exit normally: {other:?}"),
        }
    }

    /// Waits until `text` is on screen. The cockpit redraws only changed cells, so
    /// a word is not always written as one run: each attempt forces a full repaint
    /// with a resize and looks again (a key that was lost still fails the test).
    fn wait_for(s: &mut expectrl::session::OsSession, text: &str) {
        for attempt in 0..20u16 {
            s.set_expect_timeout(Some(Duration::from_millis(1500)));
            s.get_process_mut()
                .set_window_size(100, 30 + attempt % 2)
                .unwrap();
            if s.expect(text).is_ok() {
                s.set_expect_timeout(Some(Duration::from_secs(20)));
                return;
            }
        }
        panic!("{text:?} never appeared on screen");
    }

    #[test]
    fn drill_down_and_back_then_quit() {
        let mut s = spawn();
        s.expect("Overview").unwrap();
        s.send("2").unwrap();
        wait_for(&mut s, "GMV trend");
        // Enter drills into a row: wait until the rows are on screen.
        wait_for(&mut s, "Amazon");
        s.send("\r").unwrap();
        wait_for(&mut s, "Store");
        s.send("\x7f").unwrap();
        wait_for(&mut s, "Channel");
        s.send("q").unwrap();
        assert_eq!(wait_exit(&mut s), 0);
    }

    /// `sellerdeck &` from a job-control shell: SIGTERM ends it (it waits for `fg`
    /// instead of stopping on the terminal, where signals would stay pending).
    #[test]
    fn sigterm_ends_it_in_the_background() {
        let script = format!(
            "{} {} --lang en & sleep 1; /bin/kill -TERM $!; wait $!; echo rc=$?",
            env!("CARGO_BIN_EXE_sellerdeck"),
            super::fixture().display()
        );
        let mut cmd = Command::new("bash");
        cmd.args(["--norc", "--noprofile", "-i", "-c", &script]);
        cmd.env("TERM", "xterm-256color");
        let mut s = Session::spawn(cmd).unwrap();
        s.set_expect_timeout(Some(Duration::from_secs(20)));
        s.expect("rc=143").unwrap();
    }

    #[test]
    fn survives_a_resize_to_20x5() {
        let mut s = spawn();
        s.expect("Overview").unwrap();
        s.get_process_mut().set_window_size(20, 5).unwrap();
        s.expect("small").unwrap();
        s.get_process_mut().set_window_size(100, 30).unwrap();
        wait_for(&mut s, "Overview");
        s.send("?").unwrap();
        wait_for(&mut s, "Help");
        s.send("q").unwrap();
        assert_eq!(wait_exit(&mut s), 0);
    }
}

/// At 80×24 every metric column of every tab, at channel and SKU level, is
/// reached with `L` (and its header shown whole, wrapped at most onto two lines).
#[test]
fn every_column_is_reached_by_scrolling_at_80x24() {
    use sellerdeck::app::{self, Key, handle_key};
    for (tab, under) in [
        ("growth", None),
        ("funnel", None),
        ("ads", None),
        ("inventory", Some("Amazon/AMZ-US")),
        ("profit", Some("Amazon/AMZ-US")),
        ("experience", None),
        ("customers", None),
    ] {
        let mut a = args(tab, under);
        a.width = 80;
        a.height = 24;
        let mut app = render_app(&a, &view("en", false)).unwrap();
        let mut seen = String::new();
        for _ in 0..20 {
            let text = render_text(&app, 80, 24, false);
            // the header lines of the table: joined, so wrapped headers read whole
            seen.push_str(&text.lines().take(6).collect::<Vec<_>>().join(" "));
            seen.push(' ');
            handle_key(&mut app, Key::Char('L'));
        }
        let seen: String = seen.split_whitespace().collect::<Vec<_>>().join(" ");
        let cols = app::columns(app.panel(), app.level().level);
        for c in cols {
            let label = c.id.def().en;
            for word in label.split(' ') {
                assert!(
                    seen.contains(word),
                    "{tab}: {label} never on screen:\n{seen}"
                );
            }
        }
        assert!(!seen.contains('…'), "{tab}: a header was cut:\n{seen}");
    }
}

/// The README's three stories on sample.db, each in at most 8 keys, as the
/// README's recipes type them (the app driven through its key table).
#[test]
fn the_readme_stories_in_eight_keys_or_fewer() {
    use sellerdeck::app::{Key, handle_key};
    use sellerdeck::workbook::Workbook;
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample.db");
    let wb = Workbook::open_read(&sample).unwrap();
    let master = std::sync::Arc::new(wb.master().unwrap());
    let run = |ks: &[Key]| {
        let mut a = args("overview", None);
        a.workbook = sample.clone();
        a.period = None;
        a.width = 80;
        a.height = 24;
        let mut app = render_app(&a, &view("en", false)).unwrap();
        assert!(ks.len() <= 8);
        for k in ks {
            handle_key(&mut app, *k);
            sellerdeck::worker::fill_sync(&wb, &master, &mut app);
        }
        let text = render_text(&app, 80, 24, false);
        (app, text)
    };
    use Key::{Char, Enter};
    // ACoS: 4 Enter s s → Amazon's stores by ACoS, Amazon.co.uk on top; g Enter s s → its SKUs by ACoS
    let (app, text) = run(&[Char('4'), Enter, Char('s'), Char('s')]);
    assert_eq!(app.visible_rows()[0].key, "AMZ-UK", "{text}");
    let (app, text) = run(&[
        Char('4'),
        Enter,
        Char('s'),
        Char('s'),
        Char('g'),
        Enter,
        Char('s'),
        Char('s'),
    ]);
    assert_eq!(
        app.level().under,
        vec!["Amazon".to_string(), "AMZ-UK".to_string()]
    );
    assert!(text.contains("ACoS▼"), "{text}");
    // stock-out: 5 Enter Enter → Amazon.com's restock list with the charger at 0 on hand
    let (app, text) = run(&[Char('5'), Enter, Enter]);
    assert_eq!(
        app.level().under,
        vec!["Amazon".to_string(), "AMZ-US".to_string()]
    );
    assert!(text.contains("PHN-GAN65-WH"), "{text}");
    // yen: 6 Enter $ → the FX impact column of Amazon's stores, Amazon.co.jp among them
    let (_, text) = run(&[Char('6'), Enter, Char('$')]);
    assert!(
        text.contains("FX impact") && text.contains("Amazon.co.jp"),
        "{text}"
    );
}
