//! The canonical importer on arbitrary bytes: the first byte picks the table, the
//! rest is the file. Each input is a dry run into a workbook holding the small
//! fixture (a dry run goes through parsing, validation, writes and rollups and
//! then rolls back), and a real import into a fresh workbook, where a failure must
//! leave no file behind. Nothing may panic.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use sellerdeck::workbook::import::{ImportOptions, TABLES, import_files};

struct Setup {
    dir: PathBuf,
    base: PathBuf,
}

fn setup() -> &'static Setup {
    static S: OnceLock<Setup> = OnceLock::new();
    S.get_or_init(|| {
        let root = if std::path::Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        let dir = root.join(format!("sellerdeck-fuzz-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("fuzz dir");
        let fixture = PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/small"
        ));
        let mut files: Vec<PathBuf> = std::fs::read_dir(&fixture)
            .expect("fixture dir")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "csv"))
            .collect();
        files.sort();
        let base = dir.join("base.db");
        import_files(&base, &files, &ImportOptions::default()).expect("base workbook");
        Setup { dir, base }
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, body)) = data.split_first() else {
        return;
    };
    let s = setup();
    let table = TABLES[sel as usize % TABLES.len()].0;
    let file = s.dir.join(format!("{table}-fuzz.csv"));
    std::fs::write(&file, body).expect("write input");
    let dry = ImportOptions {
        dry_run: true,
        max_errors: 5,
        ..Default::default()
    };
    let _ = import_files(&s.base, std::slice::from_ref(&file), &dry);
    // A real import into a new workbook: on failure nothing may be left behind.
    let fresh = s.dir.join("fresh.db");
    let real = ImportOptions {
        max_errors: 5,
        ..Default::default()
    };
    let ok = import_files(&fresh, std::slice::from_ref(&file), &real).is_ok();
    if !ok {
        assert!(
            !fresh.exists(),
            "a failed import left a new workbook behind"
        );
    }
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", fresh.display()));
    }
});
