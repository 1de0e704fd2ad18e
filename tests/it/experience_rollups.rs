//! The experience rollups (reviews, surveys, tickets summed at import, schema 4)
//! give exactly what the raw rows give: every part of every row, at every level
//! and scope, after one import, after an incremental one that moves rows between
//! days and changes an order's lines, and on an older workbook migrated to them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use sellerdeck::metrics::engine::{Engine, Level, Needs, RowKey, Scope};
use sellerdeck::metrics::parts::Parts;
use sellerdeck::period::Period;
use sellerdeck::workbook::Workbook;
use sellerdeck::workbook::import::{ImportOptions, import_files};

const PERIODS: &[&str] = &[
    "2026-09",
    "2026-10",
    "2026-11",
    "2026-Q3",
    "2026-Q4",
    "2026",
    "2026-W41",
    "2026-10-04",
    "2026-09-20..2026-10-19",
    "2026-09-01..2026-11-30",
];

/// Every (level, scope) the engine computes for.
fn scopes(wb: &Workbook) -> Vec<Scope> {
    let master = wb.master().unwrap();
    let mut unders: Vec<Vec<String>> = vec![vec![]];
    for s in &master.stores {
        unders.push(vec![s.channel.clone()]);
        unders.push(vec![s.channel.clone(), s.store_id.clone()]);
    }
    unders.dedup();
    let mut out = vec![];
    for under in unders {
        for level in [Level::Total, Level::Channel, Level::Store, Level::Sku] {
            out.push(Scope {
                level,
                under: under.clone(),
            });
        }
    }
    out
}

type Computed = Vec<(String, HashMap<RowKey, Parts>)>;

/// Only the experience step (a big workbook's other steps would only take time).
const EXPERIENCE: Needs = Needs {
    sales: false,
    refunds: false,
    traffic: false,
    ads: false,
    expenses: false,
    experience: true,
    inventory: false,
    new_customers: false,
    customers: false,
    customer_gmv: false,
    retention: false,
};

/// The parts of every row for every period and scope.
fn compute_all(path: &Path, periods: &[&str], needs: Needs) -> Computed {
    let wb = Workbook::open_read(path).unwrap();
    let master = wb.master().unwrap();
    let mut out = vec![];
    for scope in scopes(&wb) {
        for p in periods {
            let period = Period::parse(p).unwrap();
            let mut engine = Engine::new(&wb, &master, scope.clone());
            engine.needs = needs;
            let parts = engine.compute(&period, None).unwrap();
            out.push((format!("{p} {:?} {:?}", scope.level, scope.under), parts));
        }
    }
    out
}

/// A copy of the workbook without its experience rollups: the engine reads the raw rows.
fn raw_copy(path: &Path, dir: &Path) -> PathBuf {
    let copy = dir.join("raw.db");
    let _ = std::fs::remove_file(&copy);
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute("VACUUM INTO ?1", [copy.to_str().unwrap()])
        .unwrap();
    drop(conn);
    let conn = rusqlite::Connection::open(&copy).unwrap();
    conn.execute_batch("DROP TABLE r_ticket_sku_month;")
        .unwrap();
    drop(conn);
    assert!(
        !Workbook::open_read(&copy)
            .unwrap()
            .has_experience_rollups()
            .unwrap()
    );
    copy
}

/// The rollup path equals the raw path on `path`, for every period and scope
/// (every part of every row with `Needs::ALL`).
fn assert_rollups_equal_raw(path: &Path, periods: &[&str], needs: Needs) {
    assert!(
        Workbook::open_read(path)
            .unwrap()
            .has_experience_rollups()
            .unwrap()
    );
    let tmp = tempfile::tempdir().unwrap();
    let raw = compute_all(&raw_copy(path, tmp.path()), periods, needs);
    let rolled = compute_all(path, periods, needs);
    assert_eq!(raw.len(), rolled.len());
    let mut tickets = 0;
    for ((what, want), (_, got)) in raw.iter().zip(&rolled) {
        for (k, w) in want {
            let g = got
                .get(k)
                .unwrap_or_else(|| panic!("{what}: row {k:?} missing"));
            assert_eq!(g, w, "{what}: row {k:?} differs");
            tickets += w.tickets;
        }
        assert_eq!(got.len(), want.len(), "{what}: rows differ");
    }
    assert!(tickets > 0, "the comparison saw no tickets");
}

/// The experience parts of one row as
/// [reviews, rating_sum, negative, positive, tickets, escalated, first_responses,
///  first_response_ms, resolved, resolution_ms, first_contact_resolved].
fn exp(parts: &HashMap<RowKey, Parts>, key: &RowKey) -> [i64; 11] {
    let p = &parts[key];
    [
        p.reviews,
        p.rating_sum,
        p.negative_reviews,
        p.positive_reviews,
        p.tickets,
        p.escalated,
        p.first_responses,
        p.first_response_ms,
        p.resolved,
        p.resolution_ms,
        p.first_contact_resolved,
    ]
}

fn compute(path: &Path, period: &str, level: Level, under: &[&str]) -> HashMap<RowKey, Parts> {
    let wb = Workbook::open_read(path).unwrap();
    assert!(wb.has_experience_rollups().unwrap());
    let master = wb.master().unwrap();
    let scope = Scope {
        level,
        under: under.iter().map(|s| s.to_string()).collect(),
    };
    Engine::new(&wb, &master, scope)
        .compute(&Period::parse(period).unwrap(), None)
        .unwrap()
}

fn sku(s: &str) -> RowKey {
    RowKey::Entity(s.to_string())
}

const H: i64 = 3_600_000;

/// October 2026 of the small fixture, by hand: tickets K1 (AMZ-US, order U1 =
/// SKU-A; answered after 2 h, resolved after 4 h at first contact), K2 (AMZ-DE,
/// D3 = SKU-D; escalated, answered after 24 h, open), K3 (SHOP-US, no order;
/// 6 h, resolved after 24 h), K4 (SHOP-US, S4 = SKU-C; no answer, resolved after
/// 24 h); reviews V1 (SKU-A, 5), V2 (SKU-B, 2), V3 (SKU-C, 4), V4 (no SKU, 1).
#[test]
fn october_by_hand() {
    let wb = crate::common::small();
    let p = compute(&wb.path, "2026-10", Level::Sku, &[]);
    assert_eq!(
        exp(&p, &RowKey::Total),
        [4, 12, 2, 2, 4, 1, 3, 32 * H, 3, 52 * H, 1]
    );
    assert_eq!(
        exp(&p, &sku("SKU-A")),
        [1, 5, 0, 1, 1, 0, 1, 2 * H, 1, 4 * H, 1]
    );
    assert_eq!(exp(&p, &sku("SKU-B")), [1, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(
        exp(&p, &sku("SKU-C")),
        [1, 4, 0, 1, 1, 0, 0, 0, 1, 24 * H, 0]
    );
    assert_eq!(
        exp(&p, &sku("SKU-D")),
        [0, 0, 0, 0, 1, 1, 1, 24 * H, 0, 0, 0]
    );
    assert_eq!(
        exp(&p, &RowKey::Unattributed),
        [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]
    );
    let p = compute(&wb.path, "2026-10", Level::Channel, &[]);
    assert_eq!(
        exp(&p, &sku("Amazon")),
        [3, 11, 1, 2, 2, 1, 2, 26 * H, 1, 4 * H, 1]
    );
    assert_eq!(
        exp(&p, &sku("Shopify")),
        [1, 1, 1, 0, 2, 0, 1, 6 * H, 2, 48 * H, 0]
    );
    // surveys: NPS 10, 5 (AMZ-US), 8, 9 (SHOP-US); CSAT 5, 3 (AMZ-DE), 4, 2 (SHOP-US)
    let p = compute(&wb.path, "2026-10", Level::Store, &[]);
    let nps = |k: &str| {
        let p = &p[&sku(k)];
        [
            p.nps_responses,
            p.nps_promoters,
            p.nps_detractors,
            p.csat_responses,
            p.csat_good,
        ]
    };
    assert_eq!(nps("AMZ-US"), [2, 1, 1, 0, 0]);
    assert_eq!(nps("SHOP-US"), [2, 1, 0, 2, 1]);
    assert_eq!(nps("AMZ-DE"), [0, 0, 0, 2, 1]);
    // a store in scope: only its tickets count in its SKUs
    let p = compute(&wb.path, "2026-10", Level::Sku, &["Shopify", "SHOP-US"]);
    assert_eq!(exp(&p, &RowKey::Total)[4], 2);
    assert_eq!(exp(&p, &sku("SKU-C"))[4], 1);
    assert!(p.get(&sku("SKU-D")).is_none_or(|d| d.tickets == 0));
}

#[test]
fn rollups_equal_raw_rows_on_the_small_fixture() {
    let wb = crate::common::small();
    assert_rollups_equal_raw(&wb.path, PERIODS, Needs::ALL);
}

/// A second import re-imports order U1 with other lines (its ticket K1 moves from
/// SKU-A to SKU-B and SKU-C), adds a ticket, moves a ticket, a review and a
/// survey response to other days (their old days must be rebuilt too).
#[test]
fn rollups_follow_an_incremental_import() {
    let wb = crate::common::small();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
    write(
        "orders.csv",
        "order_id,store_id,ordered_at,customer_id,status,device,acquisition,ship_by\n\
         U1,AMZ-US,2026-10-02 10:00,C1,delivered,mobile,ads,2026-10-04 10:00\n",
    );
    write(
        "order_lines.csv",
        "order_id,sku,qty,unit_price,discount\nU1,SKU-B,1,20,0\nU1,SKU-C,1,30,0\n",
    );
    write(
        "tickets.csv",
        "ticket_id,opened_at,store_id,order_id,category,first_response_at,resolved_at,escalated,resolved_first_contact\n\
         K5,2026-10-06 09:00,AMZ-US,U3,return,2026-10-06 10:00,2026-10-07 09:00,no,no\n\
         K3,2026-09-28 10:00,SHOP-US,,other,2026-09-28 16:00,,yes,no\n",
    );
    write(
        "reviews.csv",
        "review_id,date,store_id,rating,sku,order_id\nV2,2026-09-30,AMZ-US,4,SKU-A,U2\n",
    );
    write(
        "surveys.csv",
        "response_id,date,store_id,kind,score\nQ8,2026-11-02,SHOP-US,csat,5\n",
    );
    import_files(
        &wb.path,
        &crate::common::csv_files(dir),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_rollups_equal_raw(&wb.path, PERIODS, Needs::ALL);
    // by hand: October's tickets per SKU are now K1 (U1: SKU-B, SKU-C), K2 (SKU-D),
    // K4 (SKU-C), K5 (U3: SKU-A, SKU-C); K3 went to September
    let p = compute(&wb.path, "2026-10", Level::Sku, &[]);
    let tickets = |k: &RowKey| exp(&p, k)[4];
    assert_eq!(tickets(&RowKey::Total), 4);
    assert_eq!(tickets(&sku("SKU-A")), 1);
    assert_eq!(tickets(&sku("SKU-B")), 1);
    assert_eq!(tickets(&sku("SKU-C")), 3);
    assert_eq!(tickets(&sku("SKU-D")), 1);
    // V2 left October: SKU-B has no review there any more
    assert_eq!(exp(&p, &sku("SKU-B"))[0], 0);
    let sept = compute(&wb.path, "2026-09", Level::Store, &[]);
    assert_eq!(exp(&sept, &sku("SHOP-US"))[4..6], [1, 1]);
    assert_eq!(exp(&sept, &sku("AMZ-US"))[..4], [2, 9, 0, 2]);
    let nov = compute(&wb.path, "2026-11", Level::Store, &[]);
    assert_eq!(
        (
            nov[&sku("SHOP-US")].csat_responses,
            nov[&sku("SHOP-US")].csat_good
        ),
        (1, 1)
    );

    // and an import that fails leaves the rollups as they were
    write(
        "tickets.csv",
        "ticket_id,opened_at,store_id,order_id,category,first_response_at,resolved_at,escalated,resolved_first_contact\n\
         K6,2026-10-06 09:00,AMZ-US,U3,return,,,no,no\n\
         K7,2026-10-06 09:00,NOPE,U3,return,,,no,no\n",
    );
    for f in [
        "orders.csv",
        "order_lines.csv",
        "reviews.csv",
        "surveys.csv",
    ] {
        std::fs::remove_file(dir.join(f)).unwrap();
    }
    assert!(
        import_files(
            &wb.path,
            &crate::common::csv_files(dir),
            &ImportOptions::default()
        )
        .is_err()
    );
    let again = compute(&wb.path, "2026-10", Level::Sku, &[]);
    assert_eq!(again, p);
    assert_rollups_equal_raw(&wb.path, &["2026-10"], Needs::ALL);
}

/// The committed sample.db is schema 2: read as it is, the engine reads the raw
/// rows; opened for writing, it is migrated and its rollups built, with the same
/// experience parts.
#[test]
fn an_older_workbook_reads_raw_rows_and_migrates_to_the_rollups() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("sample.db");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample.db"),
        &path,
    )
    .unwrap();
    let periods = ["2026-10", "2026-Q3", "2026-10-10..2026-11-20"];
    let old = Workbook::open_read(&path).unwrap();
    assert!(old.schema_version().unwrap() < 4);
    assert!(!old.has_experience_rollups().unwrap());
    drop(old);
    let raw = compute_all(&path, &periods, EXPERIENCE);
    drop(Workbook::open_write(&path).unwrap());
    let rolled = compute_all(&path, &periods, EXPERIENCE);
    assert!(
        Workbook::open_read(&path)
            .unwrap()
            .has_experience_rollups()
            .unwrap()
    );
    assert_eq!(raw, rolled);
    assert!(
        rolled
            .iter()
            .any(|(_, p)| p.get(&RowKey::Total).is_some_and(|t| t.tickets > 0))
    );
}
