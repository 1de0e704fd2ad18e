//! `cargo bench`: import throughput, each panel's refresh at channel/store/SKU
//! level for month/quarter/year, a period switch, the trend query and a cold open.
//!
//! The workbook is generated once and cached under `target/bench-data/`; its size
//! is `SELLERDECK_BENCH_ORDERS` (default 1,000,000 orders).

use std::path::PathBuf;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use sellerdeck::catalogue::Panel;
use sellerdeck::generate::{GenOptions, generate_csv};
use sellerdeck::metrics::engine::{Level, Needs};
use sellerdeck::metrics::report::{self, Request};
use sellerdeck::period::{CompareMode, Grain, Period};
use sellerdeck::util::date_of;
use sellerdeck::workbook::Workbook;
use sellerdeck::workbook::import::{ImportOptions, import_files};

fn data_dir() -> PathBuf {
    let d = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("bench-data");
    std::fs::create_dir_all(&d).expect("bench-data dir");
    d
}

fn csv_files(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("csv dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .collect();
    v.sort();
    v
}

/// The cached benchmark workbook (generated and imported on first use).
fn workbook() -> PathBuf {
    let orders: u64 = std::env::var("SELLERDECK_BENCH_ORDERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let db = data_dir().join(format!("wb-{orders}.db"));
    if !db.exists() {
        let csv = data_dir().join(format!("csv-{orders}"));
        std::fs::create_dir_all(&csv).unwrap();
        eprintln!(
            "generating {orders} orders into {} (once) ...",
            db.display()
        );
        generate_csv(
            &csv,
            &GenOptions {
                orders,
                ..Default::default()
            },
        )
        .expect("generate");
        let tmp = db.with_extension("tmp");
        let _ = std::fs::remove_file(&tmp);
        import_files(&tmp, &csv_files(&csv), &ImportOptions::default()).expect("import");
        std::fs::rename(&tmp, &db).unwrap();
        std::fs::remove_dir_all(&csv).unwrap();
    }
    db
}

fn bench_import(c: &mut Criterion) {
    let csv = data_dir().join("csv-import-20000");
    if !csv.exists() {
        std::fs::create_dir_all(&csv).unwrap();
        generate_csv(
            &csv,
            &GenOptions {
                orders: 20_000,
                ..Default::default()
            },
        )
        .expect("generate");
    }
    let files = csv_files(&csv);
    let rows: u64 = files
        .iter()
        .map(|f| {
            std::fs::read_to_string(f)
                .map(|s| s.lines().count() as u64 - 1)
                .unwrap_or(0)
        })
        .sum();
    let mut g = c.benchmark_group("import");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(20))
        .throughput(Throughput::Elements(rows));
    g.bench_function("canonical-csv-20k-orders", |b| {
        b.iter_with_setup(
            || {
                let d = tempfile::tempdir().unwrap();
                let p = d.path().join("wb.db");
                (d, p)
            },
            |(_d, p)| import_files(&p, &files, &ImportOptions::default()).expect("import"),
        )
    });
    g.finish();
}

fn bench_refresh(c: &mut Criterion) {
    let path = workbook();
    let wb = Workbook::open_read(&path).unwrap();
    let master = wb.master().unwrap();
    let newest = date_of(wb.data_range().unwrap().unwrap().1);
    let mut g = c.benchmark_group("refresh");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_millis(500));
    for panel in Panel::ALL {
        for level in [Level::Channel, Level::Store, Level::Sku] {
            for grain in [Grain::Month, Grain::Quarter, Grain::Year] {
                // The customer history is the one slow refresh: measure it once, not 9 times.
                if panel == Panel::Customers && (level != Level::Channel || grain != Grain::Month) {
                    continue;
                }
                let req = Request {
                    period: Period::containing(grain, newest),
                    compare: CompareMode::Prev,
                    level,
                    under: vec![],
                    all_rows: false,
                };
                let id = BenchmarkId::new(panel.id(), format!("{}/{}", level.name(), grain.name()));
                g.bench_function(id, |b| {
                    b.iter(|| {
                        report::build_for(&wb, &master, &req, Needs::of_panel(Some(panel))).unwrap()
                    })
                });
            }
        }
    }
    g.finish();

    let mut g = c.benchmark_group("interaction");
    g.sample_size(10).measurement_time(Duration::from_secs(3));
    let month = Period::containing(Grain::Month, newest);
    g.bench_function("period-switch/growth/channel", |b| {
        let mut p = month;
        b.iter(|| {
            p = if p.start.year_ce().1 < 2025 {
                month
            } else {
                p.previous()
            };
            let req = Request {
                period: p,
                compare: CompareMode::Prev,
                level: Level::Channel,
                under: vec![],
                all_rows: false,
            };
            report::build_for(&wb, &master, &req, Needs::of_panel(Some(Panel::Growth))).unwrap()
        })
    });
    let req = Request {
        period: month,
        compare: CompareMode::Prev,
        level: Level::Channel,
        under: vec![],
        all_rows: false,
    };
    g.bench_function("trend/gmv/36-months", |b| {
        b.iter(|| {
            report::trend(
                &wb,
                &master,
                &req,
                "",
                sellerdeck::domain::MetricId::Gmv,
                36,
            )
            .unwrap()
        })
    });
    g.bench_function("cold-open", |b| {
        b.iter(|| {
            let w = Workbook::open_read(&path).unwrap();
            w.master().unwrap()
        })
    });
    g.finish();
}

use chrono::Datelike;

criterion_group!(benches, bench_import, bench_refresh);
criterion_main!(benches);
