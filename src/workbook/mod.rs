//! The workbook: one SQLite file holding the imported tables, settings and
//! rollups. All SQL of the application lives in this module and its children.

pub mod actions;
pub mod check;
pub mod custindex;
pub mod import;
pub mod money;
pub mod platform;
pub mod query;
pub mod rollup;
pub mod rollup_exp;
pub mod schema;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use rust_decimal::Decimal;

use crate::util::Day;

pub struct Workbook {
    /// Private: every statement of the application goes through this module and
    /// its children, which see the field; callers use the named methods.
    conn: Connection,
    pub path: PathBuf,
    /// The customer index as last read, with the `PRAGMA data_version` it was read at.
    cix: std::sync::Mutex<Option<(i64, std::sync::Arc<custindex::CustomerIndex>)>>,
    /// Reads that are the same for every scope (see `Memo`).
    memo: std::sync::Mutex<Memo>,
}

/// Answers of reads that do not depend on the scope, so that the reports of one
/// view (the ranked alert list builds one per store) read them once. Valid while
/// the data is unchanged: no other connection committed (`PRAGMA data_version`)
/// and this one wrote nothing (`total_changes`).
#[derive(Default)]
struct Memo {
    at: Option<(i64, u64)>,
    /// (what, first day, last day) → the answer: the rollup reads of a range, the
    /// unit windows and snapshots, a period's refunds and expenses of every store
    /// and their split lines (the store-scoped reports after an unscoped one take
    /// theirs from here: the ranked list's per-store reports follow its store report).
    reads: HashMap<MemoKey, std::sync::Arc<dyn std::any::Any + Send + Sync>>,
}

type MemoKey = (&'static str, Day, Day);

/// Reads the memo holds before it starts afresh: every read of one view's
/// reports (its period and the compared one) fits.
const MEMO_CAP: usize = 96;

/// Lines of orders by oid (the splits of refunds or expenses by gmv share).
type SplitLines = HashMap<i64, query::OrderLines>;

/// Settings stored in the workbook, with their defaults.
pub const SETTINGS: &[(&str, &str, &str)] = &[
    (
        "base_currency",
        "USD",
        "currency that every amount is converted to",
    ),
    ("lifespan_years", "3", "customer lifespan used by LTV"),
    (
        "fx_currency",
        "",
        "currency the fx_rates are quoted in (blank: the base currency)",
    ),
    (
        "alert.min_base",
        "30",
        "the smallest base (responses, orders, sessions ...) a ratio needs to raise an alert",
    ),
    (
        "alert.carrying_cost",
        "0.25",
        "yearly cost of holding stock as a share of its value (overstock alerts' money at stake)",
    ),
    (
        "alert.min_impact",
        "0.001",
        "the least money at stake an alert needs, as a share of the scope's net sales",
    ),
    (
        "action.raise_roas",
        "5",
        "ad-budget list: raise an ad whose ROAS is above this and whose stock covers the demand",
    ),
    (
        "action.raise_step",
        "0.2",
        "ad-budget list: the budget step of a raise (its at stake: the ad sales it would add)",
    ),
    (
        "quadrant.units",
        "",
        "SKU quadrant: the units boundary (blank: the median of the SKUs that sold)",
    ),
    (
        "quadrant.margin",
        "",
        "SKU quadrant: the gross margin boundary, a fraction (blank: the median)",
    ),
    (
        "role",
        "owner",
        "whose Overview cards the cockpit opens with: owner, operator, ads or service",
    ),
    (
        "maturity_days",
        "14",
        "days after a period's end during which its fulfilment and refund metrics still change",
    ),
];

/// Settings that hold a plain non-negative decimal.
pub const DECIMAL_SETTINGS: &[&str] = &[
    "alert.carrying_cost",
    "alert.min_impact",
    "action.raise_roas",
    "action.raise_step",
    "quadrant.units",
    "quadrant.margin",
];

/// Prefix of threshold overrides: `threshold.acos = 0.25/0.4` (good/bad).
pub const THRESHOLD_PREFIX: &str = "threshold.";

impl Workbook {
    /// Opens an existing workbook for reading only: never migrates, never writes,
    /// never creates a file (not even WAL side files where it may not: a read-only
    /// file or directory is opened immutable).
    pub fn open_read(path: &Path) -> Result<Workbook> {
        let (wb, v) = Workbook::open_read_any(path)?;
        if v == 0 {
            bail!(
                "{}: an empty SQLite database, not a sellerdeck workbook yet (`sellerdeck import` into it creates one)",
                path.display()
            );
        }
        if v > schema::SCHEMA_VERSION {
            bail!(
                "{}: written by a newer sellerdeck (schema version {v}; this one reads up to {}): upgrade sellerdeck",
                path.display(),
                schema::SCHEMA_VERSION
            );
        }
        if v < schema::OLDEST_READABLE {
            bail!(
                "{}: schema version {v} is older than {}; run `sellerdeck check {}` or an import to migrate it",
                path.display(),
                schema::SCHEMA_VERSION,
                path.display()
            );
        }
        Ok(wb)
    }

    /// Opens an existing file read-only and reads its schema version (0: an empty
    /// database), refusing what is not a sellerdeck workbook. Writes nothing.
    pub fn open_read_any(path: &Path) -> Result<(Workbook, i64)> {
        refuse_non_file(path, false)?;
        let shown = path.display();
        let open = |immutable: bool| -> Result<(Workbook, i64)> {
            let conn = if immutable {
                // A read-only file or directory: WAL's -shm cannot be created, and no
                // one can be writing it, so SQLite may read it as an immutable file.
                let uri = format!("file:{}?immutable=1", uri_path(path));
                Connection::open_with_flags(
                    uri,
                    OpenFlags::SQLITE_OPEN_READ_ONLY
                        | OpenFlags::SQLITE_OPEN_NO_MUTEX
                        | OpenFlags::SQLITE_OPEN_URI,
                )
            } else {
                Connection::open_with_flags(
                    path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )
            }
            .with_context(|| format!("{shown}: cannot open"))?;
            conn.busy_timeout(std::time::Duration::from_secs(5))?;
            // Reads map the file (no copy per page read) with a modest private cache:
            // big workbooks refresh from the OS page cache without a syscall per page.
            conn.execute_batch("PRAGMA mmap_size=1073741824; PRAGMA cache_size=-32768;")?;
            let wb = Workbook {
                conn,
                path: path.to_path_buf(),
                cix: Default::default(),
                memo: Default::default(),
            };
            let v = wb.schema_version()?;
            Ok((wb, v))
        };
        match open(false) {
            Ok(r) => Ok(r),
            Err(e) if is_readonly_error(&e) => {
                // Immutable reads see the main file only: refuse when a WAL holds more.
                let mut wal = path.as_os_str().to_owned();
                wal.push("-wal");
                if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
                    bail!(
                        "{shown}: cannot be read here: its write-ahead log ({}) holds changes not yet in the file, and the directory is read-only ({e:#})",
                        Path::new(&wal).display()
                    );
                }
                open(true)
            }
            Err(e) => Err(explain(path, e)),
        }
    }

    /// Opens (creating if needed) a workbook for writing, migrating an older schema.
    /// A file that is not a sellerdeck workbook is refused before anything is written.
    pub fn open_write(path: &Path) -> Result<Workbook> {
        refuse_non_file(path, true)?;
        let conn =
            Connection::open(path).with_context(|| format!("{}: cannot open", path.display()))?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        // The meta check first: another program's database must not even be
        // switched to WAL (that changes its bytes).
        let probe = Workbook {
            conn,
            path: path.to_path_buf(),
            cix: Default::default(),
            memo: Default::default(),
        };
        probe.schema_version().map_err(|e| explain(path, e))?;
        Workbook::finish_open_write(probe.conn, path)
    }

    fn finish_open_write(conn: Connection, path: &Path) -> Result<Workbook> {
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get::<_, String>(0))?;
        }
        // A large page cache and in-memory temp tables: imports touch many pages.
        conn.execute_batch(
            "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=OFF; PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;",
        )?;
        let mut wb = Workbook {
            conn,
            path: path.to_path_buf(),
            cix: Default::default(),
            memo: Default::default(),
        };
        wb.migrate()?;
        Ok(wb)
    }

    /// A quick integrity probe before an import: `PRAGMA quick_check` of the whole
    /// file up to 32 MiB; of a larger one (where that would add seconds to every
    /// import) the schema, settings and master tables only. The first problem found,
    /// or None when it is ok.
    pub fn quick_probe(&self) -> Result<Option<String>> {
        let size = std::fs::metadata(&self.path).map(|m| m.len()).unwrap_or(0);
        let sqls: Vec<String> = if size <= 32 << 20 {
            vec!["PRAGMA quick_check(1)".into()]
        } else {
            [
                "meta",
                "settings",
                "stores",
                "skus",
                "sku_costs",
                "fx_rates",
            ]
            .iter()
            .map(|t| format!("PRAGMA quick_check({t})"))
            .collect()
        };
        for sql in sqls {
            match self.conn.query_row(&sql, [], |r| r.get::<_, String>(0)) {
                Ok(s) if s == "ok" => {}
                Ok(s) => return Ok(Some(s)),
                Err(e) => return Ok(Some(e.to_string())),
            }
        }
        Ok(None)
    }

    fn is_empty_db(&self) -> Result<bool> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        Ok(n == 0)
    }

    pub fn schema_version(&self) -> Result<i64> {
        let has_meta: i64 = self.conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='meta'",
            [],
            |r| r.get(0),
        )?;
        if has_meta == 0 {
            if self.is_empty_db()? {
                return Ok(0);
            }
            bail!(
                "{}: not a sellerdeck workbook (no meta table)",
                self.path.display()
            );
        }
        let v: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key='schema_version'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        v.context("workbook has no schema_version")?
            .parse()
            .context("bad schema_version")
    }

    fn migrate(&mut self) -> Result<()> {
        let v = if self.is_empty_db()? {
            0
        } else {
            self.schema_version()?
        };
        if v > schema::SCHEMA_VERSION {
            bail!(
                "{}: written by a newer sellerdeck (schema version {v}; this one knows up to {}): upgrade sellerdeck",
                self.path.display(),
                schema::SCHEMA_VERSION
            );
        }
        if v == schema::SCHEMA_VERSION {
            return self.add_missing_columns();
        }
        let tx = self.conn.transaction()?;
        if v == 0 {
            tx.execute_batch(schema::SCHEMA_V1)?;
            tx.execute("INSERT INTO meta VALUES ('app', 'sellerdeck')", [])?;
            tx.execute("INSERT INTO meta VALUES ('schema_version', '1')", [])?;
        }
        for (i, sql) in schema::MIGRATIONS
            .iter()
            .enumerate()
            .skip((v.max(1) - 1) as usize)
        {
            tx.execute_batch(sql)?;
            tx.execute(
                "UPDATE meta SET value=?1 WHERE key='schema_version'",
                [(i as i64 + 2).to_string()],
            )?;
        }
        if (1..3).contains(&v) {
            // an older workbook's orders get their customer index now
            custindex::CustomerIndex::rebuild(&tx)?;
        }
        if (1..4).contains(&v) {
            // and its reviews, surveys and tickets their rollups
            rollup_exp::rebuild(&tx)?;
        }
        tx.commit()?;
        self.add_missing_columns()
    }

    /// Adds the optional columns of `schema::ADDED_COLUMNS` that an older workbook lacks.
    fn add_missing_columns(&self) -> Result<()> {
        for (table, col, ty) in schema::ADDED_COLUMNS {
            let has: bool = self
                .conn
                .prepare(&format!(
                    "SELECT 1 FROM pragma_table_info('{table}') WHERE name='{col}'"
                ))?
                .exists([])?;
            if !has {
                self.conn
                    .execute_batch(&format!("ALTER TABLE {table} ADD COLUMN {col} {ty}"))?;
            }
        }
        Ok(())
    }

    // ── settings ────────────────────────────────────────────────────────────

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        let v = self
            .conn
            .query_row("SELECT value FROM settings WHERE key=?1", [key], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(v.or_else(|| {
            SETTINGS
                .iter()
                .find(|s| s.0 == key)
                .map(|s| s.1.to_string())
        }))
    }

    pub fn all_settings(&self) -> Result<Vec<(String, String)>> {
        let mut out: Vec<(String, String)> = Vec::new();
        for (k, _, _) in SETTINGS {
            out.push((k.to_string(), self.setting(k)?.unwrap_or_default()));
        }
        let mut st = self
            .conn
            .prepare("SELECT key, value FROM settings ORDER BY key")?;
        for r in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            let (k, v) = r?;
            if !SETTINGS.iter().any(|s| s.0 == k) {
                out.push((k, v));
            }
        }
        Ok(out)
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    pub fn unset_setting(&self, key: &str) -> Result<()> {
        self.conn
            .execute("DELETE FROM settings WHERE key=?1", [key])?;
        Ok(())
    }

    /// `PRAGMA integrity_check`: "ok", or the first problems SQLite reports.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    /// Folds the WAL back into the file and rebuilds it without free pages
    /// (`PRAGMA wal_checkpoint(TRUNCATE); VACUUM;`).
    pub fn compact(&self) -> Result<()> {
        self.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); VACUUM;")?;
        Ok(())
    }

    /// How many orders the workbook holds.
    pub fn order_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM orders", [], |r| r.get(0))?)
    }

    /// Converts the monthly rollups' sums to the base currency again (after
    /// `base_currency` or `fx_currency` changed): rollup::rebuild_base_money.
    pub fn rebuild_base_money(&mut self) -> Result<()> {
        rollup::rebuild_base_money(&mut self.conn)
    }

    /// A cheap fingerprint that changes whenever another process commits (live reload).
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// The customer index (custindex.rs), read once and kept while no other
    /// process commits; None when the workbook has none (the engine then reads
    /// the orders themselves).
    pub fn customer_index(&self) -> Result<Option<std::sync::Arc<custindex::CustomerIndex>>> {
        let version = self.data_version()?;
        let mut cache = self.cix.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((v, ix)) = cache.as_ref()
            && *v == version
        {
            return Ok(Some(ix.clone()));
        }
        let ix = custindex::CustomerIndex::load(&self.conn)?.map(std::sync::Arc::new);
        *cache = ix.clone().map(|ix| (version, ix));
        Ok(ix)
    }

    /// A second read connection to the same workbook (for a second thread), sharing
    /// the customer index and the memo of reads this one has, rather than reading
    /// them again.
    pub fn open_sibling(&self) -> Result<Workbook> {
        let wb = Workbook::open_read(&self.path)?;
        let ix = self.cix.lock().unwrap_or_else(|e| e.into_inner()).clone();
        if let Some((_, ix)) = ix {
            // versions are per connection: the sibling's own, at which it sees the same data
            *wb.cix.lock().unwrap_or_else(|e| e.into_inner()) = Some((wb.data_version()?, ix));
        }
        // so are the memo's: the sibling starts with what this one has read
        let reads = self.memo()?.reads.clone();
        *wb.memo()? = Memo {
            at: Some((wb.data_version()?, wb.conn.total_changes())),
            reads,
        };
        Ok(wb)
    }

    /// The memo of scope-independent reads, emptied when the data changed.
    fn memo(&self) -> Result<std::sync::MutexGuard<'_, Memo>> {
        let at = (self.data_version()?, self.conn.total_changes());
        let mut m = self.memo.lock().unwrap_or_else(|e| e.into_inner());
        if m.at != Some(at) || m.reads.len() >= MEMO_CAP {
            *m = Memo {
                at: Some(at),
                ..Memo::default()
            };
        }
        Ok(m)
    }

    /// The memo's answer of a read, if it holds one.
    fn memo_get<T: std::any::Any + Send + Sync>(
        &self,
        key: MemoKey,
    ) -> Result<Option<std::sync::Arc<T>>> {
        Ok(self
            .memo()?
            .reads
            .get(&key)
            .and_then(|v| v.clone().downcast::<T>().ok()))
    }

    /// The memo's answer of a read, else `read`'s, kept (the memo is not locked
    /// while reading).
    fn memoized<T: std::any::Any + Send + Sync>(
        &self,
        key: MemoKey,
        read: impl FnOnce() -> Result<T>,
    ) -> Result<std::sync::Arc<T>> {
        if let Some(v) = self.memo_get(key)? {
            return Ok(v);
        }
        let v = std::sync::Arc::new(read()?);
        self.memo()?.reads.insert(key, v.clone());
        Ok(v)
    }

    /// Empties the memo of reads (the worker does after each batch of queries, so
    /// that what one view read is not kept in memory for long).
    pub fn forget_memo(&self) {
        *self.memo.lock().unwrap_or_else(|e| e.into_inner()) = Memo::default();
    }

    /// Forgets the customer index read (after this connection itself wrote).
    pub fn forget_customer_index(&self) {
        *self.cix.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    // ── master data ─────────────────────────────────────────────────────────

    pub fn master(&self) -> Result<Master> {
        load_master(&self.conn)
    }
}

/// A directory, or (for reading) a missing or empty file, is refused with a clear message.
fn refuse_non_file(path: &Path, create: bool) -> Result<()> {
    let shown = path.display();
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => bail!("{shown}: is a directory, not a workbook file"),
        Ok(m) if m.len() == 0 && !create => bail!(
            "{shown}: an empty file (0 bytes), not a sellerdeck workbook yet (`sellerdeck import` into it creates one)"
        ),
        Ok(_) => Ok(()),
        Err(_) if create => Ok(()),
        Err(_) => bail!(
            "{shown}: no such workbook (create one with `sellerdeck import` or `sellerdeck generate --out`)"
        ),
    }
}

/// A path as the path part of an SQLite `file:` URI.
fn uri_path(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = String::new();
    for b in abs.to_string_lossy().bytes() {
        match b {
            b'?' | b'#' | b'%' => out.push_str(&format!("%{b:02X}")),
            _ => out.push(b as char),
        }
    }
    out
}

fn sqlite_code(e: &anyhow::Error) -> Option<rusqlite::ErrorCode> {
    e.chain()
        .find_map(|c| match c.downcast_ref::<rusqlite::Error>() {
            Some(rusqlite::Error::SqliteFailure(f, _)) => Some(f.code),
            _ => None,
        })
}

fn is_readonly_error(e: &anyhow::Error) -> bool {
    matches!(
        sqlite_code(e),
        Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen)
    )
}

/// True when an error says the workbook's file is damaged.
pub fn is_corruption(e: &anyhow::Error) -> bool {
    matches!(sqlite_code(e), Some(rusqlite::ErrorCode::DatabaseCorrupt))
        || e.chain().any(|c| {
            matches!(
                c.downcast_ref::<rusqlite::Error>(),
                Some(
                    rusqlite::Error::InvalidColumnType(..)
                        | rusqlite::Error::FromSqlConversionFailure(..)
                )
            )
        })
}

/// Names what went wrong when opening: not a database, damaged, locked.
fn explain(path: &Path, e: anyhow::Error) -> anyhow::Error {
    let shown = path.display();
    match sqlite_code(&e) {
        Some(rusqlite::ErrorCode::NotADatabase) => e.context(format!(
            "{shown}: not a sellerdeck workbook (not an SQLite database file)"
        )),
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            e.context(format!("{shown}: the workbook is damaged"))
        }
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => e.context(
            format!("{shown}: the workbook is locked by another program"),
        ),
        _ => e,
    }
}

pub fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    let v = conn
        .query_row("SELECT value FROM settings WHERE key=?1", [key], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(v.or_else(|| {
        SETTINGS
            .iter()
            .find(|s| s.0 == key)
            .map(|s| s.1.to_string())
    }))
}

pub fn all_settings(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (k, _, _) in SETTINGS {
        out.push((k.to_string(), setting(conn, k)?.unwrap_or_default()));
    }
    let mut st = conn.prepare("SELECT key, value FROM settings ORDER BY key")?;
    for r in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (k, v) = r?;
        if !SETTINGS.iter().any(|s| s.0 == k) {
            out.push((k, v));
        }
    }
    Ok(out)
}

/// Loads the small reference tables (stores, SKUs, FX rates, costs, settings).
pub fn load_master(conn: &Connection) -> Result<Master> {
    let stores = load_stores(conn)?;
    let skus = load_skus(conn)?;
    let fx = load_fx(conn)?;
    let costs = load_costs(conn)?;
    let base = setting(conn, "base_currency")?.unwrap_or_else(|| "USD".into());
    let lifespan = setting(conn, "lifespan_years")?
        .and_then(|s| crate::util::parse_plain_decimal(&s))
        .unwrap_or(Decimal::from(3));
    let fx_currency = setting(conn, "fx_currency")?
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| base.clone());
    let maturity_days = setting(conn, "maturity_days")?
        .and_then(|s| s.parse().ok())
        .unwrap_or(14);
    let min_base = setting(conn, "alert.min_base")?
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    let data_range = query::data_range_of(conn)?;
    let data_end_ms = query::data_end_instant_of(conn)?;
    let mut thresholds = Vec::new();
    let mut settings = BTreeMap::new();
    for (k, v) in all_settings(conn)? {
        settings.insert(k.clone(), v.clone());
        if let Some(id) = k.strip_prefix(THRESHOLD_PREFIX) {
            thresholds.push((id.to_string(), v));
        }
    }
    let mut m = Master {
        stores,
        skus,
        fx,
        costs,
        base_currency: base,
        fx_currency,
        lifespan_years: lifespan,
        data_range,
        data_end_ms,
        maturity_days,
        min_base,
        thresholds,
        settings,
        rates: RateTable::default(),
        landed: LandedSums::default(),
    };
    m.rates = RateTable::of(&m);
    Ok(m)
}

/// The stores, by channel and id.
fn load_stores(conn: &Connection) -> Result<Vec<StoreInfo>> {
    let mut stores = Vec::new();
    let mut st = conn.prepare(
        "SELECT store_id, channel, coalesce(name, store_id), currency, timezone FROM stores ORDER BY channel, store_id",
    )?;
    for r in st.query_map([], |r| {
        Ok(StoreInfo {
            store_id: r.get(0)?,
            channel: r.get(1)?,
            name: r.get(2)?,
            currency: r.get(3)?,
            timezone: r.get(4)?,
        })
    })? {
        stores.push(r?);
    }
    Ok(stores)
}

/// The SKUs, by id.
fn load_skus(conn: &Connection) -> Result<Vec<SkuInfo>> {
    let mut skus = Vec::new();
    let mut st = conn.prepare(
        "SELECT sku, coalesce(title, ''), coalesce(category, ''), launched_on, lead_time_days FROM skus ORDER BY sku",
    )?;
    for r in st.query_map([], |r| {
        Ok(SkuInfo {
            sku: r.get(0)?,
            title: r.get(1)?,
            category: r.get(2)?,
            launched_on: r.get(3)?,
            lead_time_days: r.get(4)?,
        })
    })? {
        skus.push(r?);
    }
    Ok(skus)
}

/// The FX rates per currency, by day.
fn load_fx(conn: &Connection) -> Result<HashMap<String, Vec<(Day, Decimal)>>> {
    let mut fx: HashMap<String, Vec<(Day, Decimal)>> = HashMap::new();
    let mut st = conn.prepare("SELECT currency, day, rate FROM fx_rates ORDER BY currency, day")?;
    for r in st.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Day>(1)?,
            r.get::<_, String>(2)?,
        ))
    })? {
        let (c, d, rate) = r?;
        fx.entry(c)
            .or_default()
            .push((d, rate.parse().context("bad rate in workbook")?));
    }
    Ok(fx)
}

/// The landed cost rows per SKU, by effective date.
fn load_costs(conn: &Connection) -> Result<HashMap<String, Vec<CostRow>>> {
    let mut costs: HashMap<String, Vec<CostRow>> = HashMap::new();
    let mut st = conn.prepare(
        "SELECT sku, effective_from, currency, purchase + coalesce(inbound_freight,0) + coalesce(duty,0) + coalesce(packaging,0)
         FROM sku_costs ORDER BY sku, effective_from",
    )?;
    for r in st.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Day>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })? {
        let (sku, from, currency, micro) = r?;
        costs.entry(sku).or_default().push(CostRow {
            from,
            currency,
            landed: crate::util::micro_to_dec(micro),
        });
    }
    Ok(costs)
}

#[derive(Debug, Clone)]
pub struct StoreInfo {
    pub store_id: String,
    pub channel: String,
    pub name: String,
    pub currency: String,
    pub timezone: String,
}

#[derive(Debug, Clone)]
pub struct SkuInfo {
    pub sku: String,
    pub title: String,
    pub category: String,
    pub launched_on: Option<Day>,
    pub lead_time_days: i64,
}

#[derive(Debug, Clone)]
pub struct CostRow {
    pub from: Day,
    pub currency: String,
    pub landed: Decimal,
}

/// Small reference tables, loaded once per refresh into memory.
#[derive(Debug, Clone)]
pub struct Master {
    pub stores: Vec<StoreInfo>,
    pub skus: Vec<SkuInfo>,
    pub fx: HashMap<String, Vec<(Day, Decimal)>>,
    pub costs: HashMap<String, Vec<CostRow>>,
    pub base_currency: String,
    /// The currency `fx` is quoted in; other bases use cross rates through it.
    pub fx_currency: String,
    pub lifespan_years: Decimal,
    /// Oldest and newest local date of any order, refund, traffic, ads, inventory or
    /// expense row (kpi-spec rule 13: the data end).
    pub data_range: Option<(Day, Day)>,
    /// The newest ordered_at of any order (rule 14: the data end instant).
    pub data_end_ms: Option<i64>,
    /// Setting `maturity_days` (rule 18: maturing periods).
    pub maturity_days: i64,
    /// Setting `alert.min_base` (rule 18: enough base).
    pub min_base: i64,
    /// Every stored setting (the typed ones above are read from it too).
    pub settings: BTreeMap<String, String>,
    /// Threshold overrides from settings: (metric id, `good/bad`).
    pub thresholds: Vec<(String, String)>,
    /// `rate` of each quoted currency on each day of the quotes' range, worked out
    /// once (a conversion is then a lookup; cross rates are not divided again).
    pub rates: RateTable,
    /// Running sums of each SKU's daily landed cost (see `landed_cost_sum`).
    pub landed: LandedSums,
}

/// Each SKU's landed cost in base currency summed day by day over the days of the
/// rate table and the data: SKU → (first day, per day from it the sum of the
/// defined costs of the days before and how many had none). Worked out on first
/// use, so that a sum over days (the daily stock value) is two lookups.
#[derive(Debug, Clone, Default)]
pub struct LandedSums(std::sync::OnceLock<HashMap<String, RunningSums>>);

/// The first day, and per day from it (Σ of the defined values before it, days
/// before it without one).
type RunningSums = (Day, Vec<(Decimal, u32)>);

/// Dense daily base rates: currency → (first day, the rate of each day from it).
#[derive(Debug, Clone, Default)]
pub struct RateTable(HashMap<String, (Day, Vec<Option<Decimal>>)>);

impl RateTable {
    /// The rates of every quoted currency over [oldest quote, newest quote].
    fn of(m: &Master) -> RateTable {
        let days = m.fx.values().flat_map(|v| v.iter().map(|r| r.0));
        let (Some(first), Some(last)) = (days.clone().min(), days.max()) else {
            return RateTable::default();
        };
        let table =
            m.fx.keys()
                .map(|c| {
                    let v = (first..=last).map(|d| m.rate_quoted(c, d)).collect();
                    (c.clone(), (first, v))
                })
                .collect();
        RateTable(table)
    }

    /// The rate from the table: None when the currency or day is outside it.
    fn get(&self, currency: &str, day: Day) -> Option<Option<Decimal>> {
        let (first, v) = self.0.get(currency)?;
        let i = usize::try_from(day.checked_sub(*first)?).ok()?;
        v.get(i).copied()
    }
}

impl Master {
    /// A stored setting read as a plain decimal (`alert.carrying_cost = 0.25`).
    pub fn setting_decimal(&self, key: &str) -> Option<Decimal> {
        self.settings
            .get(key)
            .and_then(|v| crate::util::parse_plain_decimal(v))
    }

    /// Units of base currency for one unit of `currency` on `day`: the newest rate on or before it.
    /// A base other than the rates' own currency uses cross rates:
    /// rate(c → base) = rate(c → fx_currency) / rate(base → fx_currency).
    pub fn rate(&self, currency: &str, day: Day) -> Option<Decimal> {
        if currency == self.base_currency {
            return Some(Decimal::ONE);
        }
        match self.rates.get(currency, day) {
            Some(r) => r,
            None => self.rate_quoted(currency, day),
        }
    }

    /// `rate` worked out from the quotes.
    fn rate_quoted(&self, currency: &str, day: Day) -> Option<Decimal> {
        if currency == self.base_currency {
            return Some(Decimal::ONE);
        }
        let r = self.quoted_rate(currency, day)?;
        if self.fx_currency == self.base_currency {
            return Some(r);
        }
        r.checked_div(self.quoted_rate(&self.base_currency, day)?)
    }

    /// The currency whose rate is missing when `rate(currency, day)` is None.
    pub fn missing_rate<'s>(&'s self, currency: &'s str, day: Day) -> &'s str {
        if self.quoted_rate(currency, day).is_none() {
            currency
        } else {
            &self.base_currency
        }
    }

    /// Units of `fx_currency` for one unit of `currency`: the newest rate on or before `day`.
    fn quoted_rate(&self, currency: &str, day: Day) -> Option<Decimal> {
        if currency == self.fx_currency {
            return Some(Decimal::ONE);
        }
        let v = self.fx.get(currency)?;
        let i = v.partition_point(|(d, _)| *d <= day);
        (i > 0).then(|| v[i - 1].1)
    }

    /// The data end (rule 13) as a date.
    pub fn data_end(&self) -> Option<chrono::NaiveDate> {
        self.data_range.map(|r| crate::util::date_of(r.1))
    }

    /// Landed unit cost of `sku` on `day` in base currency; None when unknown.
    pub fn landed_cost(&self, sku: &str, day: Day) -> Option<Decimal> {
        let v = self.costs.get(sku)?;
        let i = v.partition_point(|c| c.from <= day);
        if i == 0 {
            return None;
        }
        let c = &v[i - 1];
        c.landed.checked_mul(self.rate(&c.currency, day)?)
    }

    /// Σ of `landed_cost(sku, d)` over the days d in [from, to]; None if a day has
    /// none. From the running sums of every SKU, worked out on the first call (a
    /// few ms at 150 SKUs over two years): for long periods and repeated computes.
    pub fn landed_cost_sum(&self, sku: &str, from: Day, to: Day) -> Option<Decimal> {
        let sums = self.landed.0.get_or_init(|| self.landed_sums());
        if let Some((lo, v)) = sums.get(sku)
            && let (Ok(a), Ok(b)) = (usize::try_from(from - lo), usize::try_from(to + 1 - lo))
            && a <= b
            && b < v.len()
        {
            let ((sa, na), (sb, nb)) = (v[a], v[b]);
            return if nb > na { None } else { sb.checked_sub(sa) };
        }
        // outside the table (or an overflow building it)
        self.landed_cost_days(sku, from, to)
    }

    /// [`landed_cost_sum`](Self::landed_cost_sum) day by day.
    pub fn landed_cost_days(&self, sku: &str, from: Day, to: Day) -> Option<Decimal> {
        (from..=to).try_fold(Decimal::ZERO, |s, d| {
            s.checked_add(self.landed_cost(sku, d)?)
        })
    }

    fn landed_sums(&self) -> HashMap<String, RunningSums> {
        let quotes = self
            .rates
            .0
            .values()
            .flat_map(|(first, v)| [*first, first + v.len() as Day - 1]);
        let data = self.data_range.into_iter().flat_map(|(a, b)| [a, b]);
        let days: Vec<Day> = quotes.chain(data).collect();
        let (Some(&lo), Some(&hi)) = (days.iter().min(), days.iter().max()) else {
            return HashMap::new();
        };
        let mut out = HashMap::new();
        'sku: for (sku, rows) in &self.costs {
            let mut v = Vec::with_capacity((hi - lo + 2) as usize);
            let (mut sum, mut none) = (Decimal::ZERO, 0u32);
            v.push((sum, none));
            // the cost rows in effect walked along the days (as `landed_cost` finds them)
            let mut next = rows.partition_point(|c| c.from <= lo);
            for d in lo..=hi {
                while next < rows.len() && rows[next].from <= d {
                    next += 1;
                }
                let cost = next
                    .checked_sub(1)
                    .map(|i| &rows[i])
                    .and_then(|c| c.landed.checked_mul(self.rate(&c.currency, d)?));
                match cost {
                    Some(c) => match sum.checked_add(c) {
                        Some(s) => sum = s,
                        None => continue 'sku,
                    },
                    None => none += 1,
                }
                v.push((sum, none));
            }
            out.insert(sku.clone(), (lo, v));
        }
        out
    }

    pub fn store(&self, id: &str) -> Option<&StoreInfo> {
        self.stores.iter().find(|s| s.store_id == id)
    }

    pub fn sku(&self, id: &str) -> Option<&SkuInfo> {
        self.skus.iter().find(|s| s.sku == id)
    }

    pub fn channels(&self) -> Vec<String> {
        let mut v: Vec<String> = self.stores.iter().map(|s| s.channel.clone()).collect();
        v.sort();
        v.dedup();
        v
    }
}

#[cfg(test)]
mod rate_table_tests {
    use super::*;

    /// The dense table gives exactly what the quotes give, on every day from before
    /// the first quote to after the last, for the quotes' own base and for a cross
    /// base (EUR: every rate divided by EUR's).
    #[test]
    fn the_rate_table_equals_the_quotes() {
        let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample.db");
        let wb = Workbook::open_read(&sample).unwrap();
        let plain = wb.master().unwrap();
        let mut cross = plain.clone();
        cross.base_currency = "EUR".into();
        cross.rates = RateTable::of(&cross);
        for m in [&plain, &cross] {
            let days = m.fx.values().flat_map(|v| v.iter().map(|r| r.0));
            let (first, last) = (days.clone().min().unwrap(), days.max().unwrap());
            let mut checked = 0;
            for c in m.fx.keys().chain([&"XXX".to_string()]) {
                for d in first - 3..=last + 3 {
                    assert_eq!(m.rate(c, d), m.rate_quoted(c, d), "{c} on day {d}");
                    checked += m.rate(c, d).is_some() as usize;
                }
            }
            assert!(checked > 1000, "only {checked} defined rates compared");
        }
        // the table is used: it covers the quotes' range
        assert!(plain.rates.get("EUR", plain.fx["EUR"][0].0).is_some());
    }

    /// A sum of landed costs over days from the running sums equals the sum day by
    /// day, for every SKU, over ranges inside, across and outside the table's days
    /// (where some days have no cost yet: the sum is then undefined, as day by day).
    #[test]
    fn landed_cost_sums_equal_the_days_summed() {
        let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample.db");
        let wb = Workbook::open_read(&sample).unwrap();
        let m = wb.master().unwrap();
        let (lo, hi) = m.data_range.unwrap();
        let (mut defined, mut undefined) = (0, 0);
        for sku in m.costs.keys().chain([&"NO-SUCH-SKU".to_string()]) {
            for (a, b) in [
                (lo, hi),
                (lo - 40, lo + 5),
                (hi - 30, hi + 30),
                (lo + 100, lo + 100),
            ]
            .into_iter()
            .chain((0..20).map(|i| (lo + 37 * i, lo + 37 * i + 45)))
            {
                let days =
                    (a..=b).try_fold(Decimal::ZERO, |s, d| s.checked_add(m.landed_cost(sku, d)?));
                assert_eq!(
                    m.landed_cost_sum(sku, a, b),
                    days,
                    "{sku} over days {a}..={b}"
                );
                if days.is_some() {
                    defined += 1;
                } else {
                    undefined += 1;
                }
            }
        }
        assert!(
            defined > 100 && undefined > 10,
            "{defined} defined, {undefined} undefined"
        );
        // the running sums are used: they cover the data's days
        assert!(
            m.landed
                .0
                .get()
                .is_some_and(|t| t.values().any(|(first, _)| *first <= lo))
        );
    }
}
