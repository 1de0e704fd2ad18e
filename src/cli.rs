//! Command-line interface: `sellerdeck [WORKBOOK]` opens the cockpit; the
//! subcommands import, report, render, check, configure and generate.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::catalogue::{Lang, Panel};
use crate::metrics::engine::{Level, Needs};
use crate::metrics::report::{self, Request};
use crate::output::{self, Format};
use crate::period::{CompareMode, Grain, Period};
use crate::workbook::import::{self, Encoding, ImportErrors, ImportOptions};
use crate::workbook::{SETTINGS, THRESHOLD_PREFIX, Workbook};

#[derive(Parser, Debug)]
#[command(
    name = "sellerdeck",
    version,
    about = "A terminal KPI cockpit for cross-border e-commerce sellers",
    after_help = EXAMPLES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Workbook to open in the cockpit (default: ./sample.db)
    pub workbook: Option<PathBuf>,
    #[command(flatten)]
    pub view: ViewArgs,
}

#[derive(Args, Debug, Clone, Default)]
pub struct ViewArgs {
    /// Labels in English or Chinese (default: from LANG)
    #[arg(long, global = true, value_enum, ignore_case = true)]
    pub lang: Option<LangArg>,
    /// Colours (default: 256, none under NO_COLOR; render: plain text unless given)
    #[arg(long, global = true, value_enum, ignore_case = true)]
    pub color: Option<ColorArg>,
    /// Draw borders, bars and sparklines with ASCII only
    #[arg(long, global = true)]
    pub ascii: bool,
    /// Overview cards and first tab of a role: owner, operator, ads or service
    /// (default: the workbook's `role` setting, else owner)
    #[arg(long, global = true)]
    pub role: Option<String>,
    /// Leave the mouse to the terminal (text selection) instead of clicks and the wheel
    #[arg(long, global = true)]
    pub no_mouse: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Import canonical CSV files and platform exports into a workbook (created if missing), in one transaction
    Import {
        workbook: PathBuf,
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Table of every file (default: from each file name)
        #[arg(long)]
        table: Option<String>,
        /// Text encoding of CSV files (latin1 = Windows-1252)
        #[arg(long, value_enum, ignore_case = true, default_value_t = EncodingArg::Auto)]
        encoding: EncodingArg,
        /// Validate and show what would change without writing
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        exports: ExportArgs,
    },
    /// Print the KPI report of a period and drill level
    #[command(after_help = REPORT_EXAMPLES)]
    Report(ReportArgs),
    /// Print one frame of the cockpit as text (for chat posts, cron mails and tests)
    #[command(after_help = RENDER_EXAMPLES)]
    Render(RenderArgs),
    /// Integrity check: schema, row counts, date ranges and data gaps
    Check { workbook: PathBuf },
    /// Read or write workbook settings (base_currency, lifespan_years, threshold.<metric>)
    Config {
        workbook: PathBuf,
        key: Option<String>,
        value: Option<String>,
        /// Remove the setting (back to its default)
        #[arg(long)]
        unset: bool,
    },
    /// Generate deterministic demo data as canonical CSVs or a workbook
    Generate {
        /// Write canonical CSV files into this directory
        #[arg(long)]
        csv: Option<PathBuf>,
        /// Write a workbook (through the importer)
        #[arg(long)]
        out: Option<PathBuf>,
        /// Write the demo data as platform exports into this directory (see docs/exports.md)
        #[arg(long)]
        exports: Option<PathBuf>,
        /// Total number of orders over the history
        #[arg(long, default_value_t = 42_000)]
        orders: u64,
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
    /// List the metric catalogue: ids, labels, units, direction and thresholds
    Metrics {
        /// Only this panel's metrics
        #[arg(long, value_enum, ignore_case = true)]
        panel: Option<TabArg>,
    },
    /// Time the cockpit's refreshes on a workbook (median of a few runs per panel, level and grain)
    Bench {
        workbook: PathBuf,
        /// Runs per measurement
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Only these panels (comma-separated ids; default all)
        #[arg(long)]
        panels: Option<String>,
    },
}

/// Options of platform exports (see docs/exports.md).
#[derive(Args, Debug, Clone, Default)]
pub struct ExportArgs {
    /// Read every platform file as this format (default: recognised from the header)
    #[arg(long)]
    pub format: Option<String>,
    /// The store of single-store exports (default: the only store of the file's channel)
    #[arg(long)]
    pub store: Option<String>,
    /// The day of undated reports (Business Report, FBA inventory, Shopify costs), YYYY-MM-DD
    #[arg(long)]
    pub date: Option<String>,
    /// Date Range rows of orders not in the workbook: fail the import or skip them
    #[arg(long, value_enum, ignore_case = true, default_value_t = UnknownOrders::Fail)]
    pub unknown_orders: UnknownOrders,
}

impl ExportArgs {
    pub fn options(&self) -> Result<crate::exports::ExportOptions> {
        let date = match &self.date {
            Some(d) => Some(
                crate::util::parse_date(d)
                    .with_context(|| format!("--date {d}: expected YYYY-MM-DD"))?,
            ),
            None => None,
        };
        let skip = self.unknown_orders == UnknownOrders::Skip;
        Ok(crate::exports::ExportOptions {
            format: self.format.clone(),
            store: self.store.clone(),
            date,
            unknown_orders_skip: skip,
        })
    }
}

#[derive(Args, Debug, Clone)]
pub struct ReportArgs {
    pub workbook: PathBuf,
    /// 2026, 2026-Q4, 2026-10, 2026-W43, 2026-10-31 or 2026-10-01..2026-10-31 (default: newest month)
    #[arg(long)]
    pub period: Option<String>,
    /// Compare with the previous period or the same period a year before
    #[arg(long, value_enum, ignore_case = true, default_value_t = CompareArg::Prev)]
    pub compare: CompareArg,
    /// Drill level of the rows
    #[arg(long, value_enum, ignore_case = true, default_value_t = LevelArg::Channel)]
    pub level: LevelArg,
    /// List only the children of CHANNEL or CHANNEL/STORE
    #[arg(long)]
    pub under: Option<String>,
    /// The panel whose metrics are printed
    #[arg(long, value_enum, ignore_case = true, default_value_t = PanelArg::All)]
    pub panel: PanelArg,
    /// Output format (markdown renders on GitHub; json is the machine contract)
    #[arg(long, value_enum, ignore_case = true, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
    /// List every entity in scope, not only the ones with activity
    #[arg(long)]
    pub all_rows: bool,
    /// With --panel customers: the cohort retention grid
    #[arg(long)]
    pub cohorts: bool,
    /// The ranked alert list across every level of the scope (as the cockpit's Overview)
    #[arg(long, conflicts_with = "actions")]
    pub alerts: bool,
    /// An action list: restock, ad-budget, clearance or listing
    #[arg(long, value_name = "KIND")]
    pub actions: Option<String>,
}

#[derive(Args, Debug, Clone)]
pub struct RenderArgs {
    pub workbook: PathBuf,
    /// The tab to draw
    #[arg(long, value_enum, ignore_case = true, default_value_t = TabArg::Overview)]
    pub tab: TabArg,
    /// As for report (default: the month of the newest order)
    #[arg(long)]
    pub period: Option<String>,
    /// Compare with the previous period or the same period a year before
    #[arg(long, value_enum, ignore_case = true, default_value_t = CompareArg::Prev)]
    pub compare: CompareArg,
    /// Drill level of the rows (default: the level below --under)
    #[arg(long, value_enum, ignore_case = true)]
    pub level: Option<LevelArg>,
    /// CHANNEL or CHANNEL/STORE
    #[arg(long)]
    pub under: Option<String>,
    /// Select the row with this key or label
    #[arg(long)]
    pub select: Option<String>,
    #[arg(long, default_value_t = 120)]
    pub width: u16,
    #[arg(long, default_value_t = 40)]
    pub height: u16,
}

const EXAMPLES: &str = "Examples:
  sellerdeck sample.db                          open the cockpit (? shows the keys)
  sellerdeck generate --out demo.db             a demo workbook to try it on
  sellerdeck import shop.db orders.csv          import exports (created if missing)
  sellerdeck report shop.db --panel ads --level store --format markdown
  sellerdeck render shop.db --tab profit --width 80 --height 24";

const REPORT_EXAMPLES: &str = "Examples:
  sellerdeck report shop.db                                  all panels by channel, newest month
  sellerdeck report shop.db --period 2026-Q3 --compare yoy   a quarter against a year before
  sellerdeck report shop.db --panel ads --under Amazon --level sku --format csv
  sellerdeck report shop.db --format markdown | head -20     a GitHub-ready table";

const RENDER_EXAMPLES: &str = "Examples:
  sellerdeck render shop.db --tab ads --under Amazon --width 80 --height 24
  sellerdeck render shop.db --tab inventory --level sku --select PHN-GAN65-WH --color always";

/// `--lang`.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum LangArg {
    En,
    #[value(alias = "cn")]
    Zh,
}

/// `--color`.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorArg {
    #[value(alias = "none")]
    Never,
    #[value(name = "256", alias = "auto")]
    C256,
    #[value(alias = "24bit")]
    Truecolor,
    /// 256 colours even when the output is not a terminal (render)
    Always,
}

/// `--compare`.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareArg {
    #[value(alias = "previous")]
    Prev,
    Yoy,
}

impl From<CompareArg> for CompareMode {
    fn from(c: CompareArg) -> CompareMode {
        match c {
            CompareArg::Prev => CompareMode::Prev,
            CompareArg::Yoy => CompareMode::Yoy,
        }
    }
}

/// `--level`.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelArg {
    Total,
    Channel,
    Store,
    Sku,
}

impl From<LevelArg> for Level {
    fn from(l: LevelArg) -> Level {
        match l {
            LevelArg::Total => Level::Total,
            LevelArg::Channel => Level::Channel,
            LevelArg::Store => Level::Store,
            LevelArg::Sku => Level::Sku,
        }
    }
}

/// `--tab` (and `metrics --panel`): one of the cockpit's tabs.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum TabArg {
    Overview,
    Growth,
    Funnel,
    Ads,
    Inventory,
    Profit,
    Experience,
    Customers,
}

impl From<TabArg> for Panel {
    fn from(t: TabArg) -> Panel {
        match t {
            TabArg::Overview => Panel::Overview,
            TabArg::Growth => Panel::Growth,
            TabArg::Funnel => Panel::Funnel,
            TabArg::Ads => Panel::Ads,
            TabArg::Inventory => Panel::Inventory,
            TabArg::Profit => Panel::Profit,
            TabArg::Experience => Panel::Experience,
            TabArg::Customers => Panel::Customers,
        }
    }
}

/// `report --panel`: a tab, or all of them.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum PanelArg {
    Overview,
    Growth,
    Funnel,
    Ads,
    Inventory,
    Profit,
    Experience,
    Customers,
    All,
}

impl PanelArg {
    /// None = every panel.
    pub fn panel(self) -> Option<Panel> {
        Some(match self {
            PanelArg::Overview => Panel::Overview,
            PanelArg::Growth => Panel::Growth,
            PanelArg::Funnel => Panel::Funnel,
            PanelArg::Ads => Panel::Ads,
            PanelArg::Inventory => Panel::Inventory,
            PanelArg::Profit => Panel::Profit,
            PanelArg::Experience => Panel::Experience,
            PanelArg::Customers => Panel::Customers,
            PanelArg::All => return None,
        })
    }
}

/// `report --format`.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatArg {
    Table,
    #[value(alias = "md")]
    Markdown,
    Csv,
    Json,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Table => Format::Table,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Csv => Format::Csv,
            FormatArg::Json => Format::Json,
        }
    }
}

/// `import --encoding`.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodingArg {
    Auto,
    #[value(alias = "utf-8")]
    Utf8,
    #[value(alias = "gb18030", alias = "gb2312")]
    Gbk,
    #[value(
        alias = "latin-1",
        alias = "iso-8859-1",
        alias = "cp1252",
        alias = "windows-1252"
    )]
    Latin1,
    #[value(
        name = "shift_jis",
        alias = "shift-jis",
        alias = "sjis",
        alias = "cp932"
    )]
    ShiftJis,
}

impl From<EncodingArg> for Encoding {
    fn from(e: EncodingArg) -> Encoding {
        match e {
            EncodingArg::Auto => Encoding::Auto,
            EncodingArg::Utf8 => Encoding::Utf8,
            EncodingArg::Gbk => Encoding::Gbk,
            EncodingArg::Latin1 => Encoding::Latin1,
            EncodingArg::ShiftJis => Encoding::ShiftJis,
        }
    }
}

/// `--unknown-orders`.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UnknownOrders {
    #[default]
    Fail,
    Skip,
}

/// `--under`, with the valid channels and stores in the error.
pub fn resolve_under(master: &crate::workbook::Master, path: &str) -> Result<Vec<String>> {
    report::resolve_under(master, path).map_err(|e| {
        let mut stores: Vec<String> = master
            .stores
            .iter()
            .map(|s| format!("{}/{}", s.channel, s.store_id))
            .collect();
        stores.sort();
        anyhow::anyhow!(
            "{e}\n  channels: {}\n  stores: {}",
            master.channels().join(", "),
            stores.join(", ")
        )
    })
}

/// The cockpit's colour mode from `--color` and the environment (NO_COLOR, COLORTERM).
pub fn color_mode(v: &ViewArgs) -> Result<crate::app::ColorMode> {
    use crate::app::ColorMode;
    let truecolor_ok = std::env::var("COLORTERM")
        .map(|c| matches!(c.to_ascii_lowercase().as_str(), "truecolor" | "24bit"))
        .unwrap_or(false);
    let no_color = std::env::var("NO_COLOR").is_ok_and(|v| !v.is_empty());
    Ok(match v.color {
        None if no_color => ColorMode::Never,
        None | Some(ColorArg::C256) | Some(ColorArg::Always) => ColorMode::C256,
        Some(ColorArg::Never) => ColorMode::Never,
        Some(ColorArg::Truecolor) if truecolor_ok => ColorMode::TrueColor,
        Some(ColorArg::Truecolor) => ColorMode::C256,
    })
}

/// The cockpit state for a view given on the command line (used by `render`).
pub fn render_app(a: &RenderArgs, view: &ViewArgs) -> Result<crate::app::App> {
    use crate::app::{App, LevelState};
    let lang = lang_of(view)?;
    let wb = Workbook::open_read(&a.workbook)?;
    let master = std::sync::Arc::new(wb.master()?);
    let period = match &a.period {
        Some(p) => Period::parse(p).with_context(|| format!("--period {p}: not a period"))?,
        None => default_period(&wb)?,
    };
    let ansi = ansi_render(view);
    let color = if ansi {
        color_mode(view)?
    } else {
        crate::app::ColorMode::Never
    };
    let name = a
        .workbook
        .file_name()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut app = App::new(name, period, lang, view.ascii, color);
    app.role = role_of(view, &wb)?;
    app.size = (a.width, a.height);
    app.compare = a.compare.into();
    let panel = Panel::from(a.tab);
    app.tab = Panel::ALL.iter().position(|p| *p == panel).unwrap_or(0);
    let under = match &a.under {
        Some(u) => resolve_under(&master, u)?,
        None => vec![],
    };
    let mut stack = vec![LevelState::top()];
    for i in 1..=under.len() {
        stack.push(LevelState {
            level: if i == 1 { Level::Store } else { Level::Sku },
            under: under[..i].to_vec(),
            ..LevelState::top()
        });
    }
    if let Some(l) = a.level {
        let level = Level::from(l);
        report::check_level(level, &under)?;
        stack.last_mut().expect("non-empty").level = level;
    }
    app.stacks[app.tab] = stack;
    crate::worker::fill_sync(&wb, &master, &mut app);
    if let Some(sel) = &a.select {
        let idx = app
            .visible_rows()
            .iter()
            .position(|r| r.key.eq_ignore_ascii_case(sel) || r.label.eq_ignore_ascii_case(sel));
        let idx = idx.with_context(|| format!("--select {sel}: no such row in this view"))?;
        app.level_mut().selected = idx;
        crate::worker::fill_sync(&wb, &master, &mut app);
    }
    Ok(app)
}

/// The role asked for with `--role`, else the workbook's `role` setting, else owner.
fn role_of(view: &ViewArgs, wb: &Workbook) -> Result<crate::catalogue::Role> {
    use crate::catalogue::{ROLES, Role};
    let names = || ROLES.iter().map(|r| r.1).collect::<Vec<_>>().join(", ");
    if let Some(r) = &view.role {
        return Role::parse(r).with_context(|| format!("--role {r}: expected one of {}", names()));
    }
    let stored = wb
        .all_settings()?
        .into_iter()
        .find(|(k, _)| k == "role")
        .map(|(_, v)| v);
    Ok(stored.as_deref().and_then(Role::parse).unwrap_or_default())
}

pub fn main() -> i32 {
    quiet_on_closed_pipe();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => 0,
        Err(e) => {
            if let Some(ie) = e.downcast_ref::<ImportErrors>() {
                for w in &ie.warnings {
                    eprintln!("warning: {w}");
                }
                eprintln!("{ie}");
                return 1;
            }
            if crate::workbook::is_corruption(&e) {
                eprintln!(
                    "sellerdeck: {e:#}\nthe workbook is damaged: run `sellerdeck check` on it for details"
                );
                return 2;
            }
            eprintln!("sellerdeck: {e:#}");
            1
        }
    }
}

/// A closed pipe (`sellerdeck check WB | head -1`) ends the program quietly with
/// exit 0, wherever the output was written: print macros panic on it, so a panic
/// hook catches those, and errors of `write_all` are mapped in `main`.
fn quiet_on_closed_pipe() {
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let p = info.payload();
        let msg = p
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| p.downcast_ref::<&str>().copied())
            .unwrap_or("");
        if msg.contains("failed printing to stdout") && msg.contains("Broken pipe") {
            std::process::exit(0);
        }
        prev(info);
    }));
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

pub fn lang_of(v: &ViewArgs) -> Result<Lang> {
    Ok(match v.lang {
        Some(LangArg::En) => Lang::En,
        Some(LangArg::Zh) => Lang::Zh,
        None => Lang::from_env(),
    })
}

/// `render` writes ANSI colours only when `--color` asks for them.
fn ansi_render(v: &ViewArgs) -> bool {
    matches!(
        v.color,
        Some(ColorArg::Always | ColorArg::C256 | ColorArg::Truecolor)
    )
}

fn run(cli: Cli) -> Result<i32> {
    let lang = lang_of(&cli.view)?;
    match cli.command {
        None => cockpit(cli.workbook, &cli.view, lang),
        Some(Command::Render(a)) => {
            let app = render_app(&a, &cli.view)?;
            let ansi = ansi_render(&cli.view);
            let text = crate::ui::render_text(&app, a.width, a.height, ansi);
            std::io::stdout().write_all(text.as_bytes())?;
            Ok(0)
        }
        Some(Command::Import {
            workbook,
            files,
            table,
            encoding,
            dry_run,
            exports,
        }) => {
            let opts = ImportOptions {
                table,
                encoding: encoding.into(),
                dry_run,
                progress: std::io::stderr().is_terminal(),
                max_errors: 50,
            };
            import_command(&workbook, &files, &opts, &exports)
        }
        Some(Command::Report(a)) => {
            let out = report_text(&a, lang)?;
            std::io::stdout().write_all(out.as_bytes())?;
            Ok(0)
        }
        Some(Command::Check { workbook }) => check(&workbook),
        Some(Command::Metrics { panel }) => {
            let panel = panel.map(Panel::from);
            print!("{}", output::catalogue(panel, lang));
            Ok(0)
        }
        Some(Command::Config {
            workbook,
            key,
            value,
            unset,
        }) => config(&workbook, key, value, unset),
        Some(Command::Generate {
            csv,
            out,
            orders,
            seed,
            exports,
        }) => match exports {
            Some(dir) => generate_exports(&dir, orders, seed).and_then(|_| {
                if csv.is_some() || out.is_some() {
                    generate(csv, out, orders, seed)
                } else {
                    Ok(0)
                }
            }),
            None => generate(csv, out, orders, seed),
        },
        Some(Command::Bench {
            workbook,
            runs,
            panels,
        }) => bench_command(&workbook, runs, panels.as_deref()),
    }
}

/// The cockpit on `workbook` (default ./sample.db), in a terminal.
fn cockpit(workbook: Option<PathBuf>, view: &ViewArgs, lang: Lang) -> Result<i32> {
    let path = workbook.unwrap_or_else(|| PathBuf::from("sample.db"));
    if !path.exists() {
        bail!(
            "{}: no such workbook (create one with `sellerdeck import` or `sellerdeck generate --out`)",
            path.display()
        );
    }
    if !std::io::stdout().is_terminal() {
        bail!("the cockpit needs a terminal; use `sellerdeck render` or `report` for text");
    }
    // Open once here so that errors show before the terminal is taken over.
    let wb = Workbook::open_read(&path)?;
    let period = default_period(&wb)?;
    let latest = wb.data_range()?.map(|r| r.1);
    let role = role_of(view, &wb)?;
    drop(wb);
    let name = path
        .file_name()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut app = crate::app::App::new(name, period, lang, view.ascii, color_mode(view)?);
    app.latest_day = latest;
    app.role = role;
    app.tab = Panel::ALL
        .iter()
        .position(|p| *p == role.default_tab())
        .unwrap_or(0);
    crate::tui::run(&path, app, !view.no_mouse)
}

/// `sellerdeck import`: canonical tables and platform exports in one transaction.
fn import_command(
    workbook: &Path,
    files: &[PathBuf],
    opts: &ImportOptions,
    exports: &ExportArgs,
) -> Result<i32> {
    let (s, platform) = crate::exports::import(workbook, files, opts, &exports.options()?)?;
    for w in &s.warnings {
        eprintln!("warning: {w}");
    }
    print!(
        "{}",
        crate::exports::format_file_summaries(&platform, opts.dry_run)
    );
    println!("{}", import::format_summary(&s));
    Ok(0)
}

/// `sellerdeck bench`: the timing table of `panels` (comma-separated; default all).
fn bench_command(workbook: &Path, runs: usize, panels: Option<&str>) -> Result<i32> {
    let panels: Vec<Panel> = match panels {
        None => Panel::ALL.to_vec(),
        Some(list) => list
            .split(',')
            .map(|p| Panel::parse(p).with_context(|| format!("--panels: unknown panel {p}")))
            .collect::<Result<_>>()?,
    };
    print!("{}", crate::bench::run(workbook, runs, &panels)?);
    Ok(0)
}

/// The default period: the month of the newest order.
pub fn default_period(wb: &Workbook) -> Result<Period> {
    let newest = wb.data_range()?.map(|r| r.1);
    Ok(match newest {
        Some(d) => Period::containing(Grain::Month, crate::util::date_of(d)),
        None => Period::containing(Grain::Month, chrono::Local::now().date_naive()),
    })
}

pub fn report_text(a: &ReportArgs, lang: Lang) -> Result<String> {
    let wb = Workbook::open_read(&a.workbook)?;
    let master = wb.master()?;
    let period = match &a.period {
        Some(p) => Period::parse(p).with_context(|| {
            format!("--period {p}: expected 2026, 2026-Q4, 2026-10, 2026-W43, 2026-10-31 or A..B")
        })?,
        None => default_period(&wb)?,
    };
    let compare = CompareMode::from(a.compare);
    let level = Level::from(a.level);
    let panel = a.panel.panel();
    let format = Format::from(a.format);
    let under = match &a.under {
        Some(u) => resolve_under(&master, u)?,
        None => vec![],
    };
    let req = Request {
        period,
        compare,
        level,
        under,
        all_rows: a.all_rows,
    };
    if a.cohorts {
        let grid = crate::metrics::cohorts::cohorts(&wb, &master, req.period.end, &req.under)?;
        return Ok(output::cohorts(&grid, format));
    }
    if a.alerts {
        let alerts = crate::metrics::alerts::ranked(&wb, &master, period, compare, &req.under)?;
        let title = format!(
            "Alerts {} vs {} ({})",
            period.label(),
            compare.name(),
            alerts.len()
        );
        return Ok(crate::metrics::alerts::listing(&alerts, title, lang).render(format, lang));
    }
    if let Some(kind) = &a.actions {
        let kind = crate::metrics::actions::Kind::parse(kind).with_context(|| {
            format!(
                "--actions {kind}: expected one of {}",
                crate::metrics::actions::Kind::NAMES.join(", ")
            )
        })?;
        let list = crate::metrics::actions::list(&wb, &master, kind, period, compare, &req.under)?;
        return Ok(list.render(format, lang));
    }
    let rep = report::build_for(&wb, &master, &req, Needs::of_panel(panel))?;
    Ok(match format {
        Format::Json => output::json(&rep, panel),
        Format::Csv => output::csv(&rep, panel),
        Format::Table => output::table(&rep, panel, lang, false),
        Format::Markdown => output::table(&rep, panel, lang, true),
    })
}

fn check(path: &Path) -> Result<i32> {
    // Read-only: refuses a missing path, a directory, an empty or foreign file
    // without writing a byte; only an older schema is migrated (as documented).
    let (mut wb, v) = match Workbook::open_read_any(path) {
        Ok(r) => r,
        Err(e) if crate::workbook::is_corruption(&e) => {
            println!("{e:#}");
            return Ok(2);
        }
        Err(e) => return Err(e),
    };
    if v == 0 {
        println!(
            "{}: an empty SQLite database: no sellerdeck schema yet (an import creates it)",
            path.display()
        );
        return Ok(2);
    }
    if v < crate::workbook::schema::SCHEMA_VERSION {
        drop(wb);
        wb = Workbook::open_write(path)?;
    }
    let ok: String = match wb.integrity_check() {
        Ok(s) => s,
        Err(e) => format!("failed: {e}"),
    };
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{}: schema version {}; integrity {ok}",
        path.display(),
        wb.schema_version()?
    )?;
    match crate::workbook::check::check(&wb) {
        Ok(report) => {
            write!(out, "{report}")?;
            out.flush()?;
            Ok(if ok == "ok" && !report.corrupt { 0 } else { 2 })
        }
        Err(e) if ok != "ok" || crate::workbook::is_corruption(&e) => {
            writeln!(
                out,
                "the workbook is damaged: its tables cannot be read ({e:#})"
            )?;
            out.flush()?;
            Ok(2)
        }
        Err(e) => Err(e),
    }
}

fn config(path: &Path, key: Option<String>, value: Option<String>, unset: bool) -> Result<i32> {
    // Reading settings never writes; a setting needs an existing workbook (never a typo's new file).
    let mut wb = if value.is_none() && !unset {
        Workbook::open_read(path)?
    } else if path.exists() {
        Workbook::open_write(path)?
    } else {
        bail!(
            "{}: no such workbook (create one with `sellerdeck import` or `sellerdeck generate --out`)",
            path.display()
        );
    };
    match (key, value) {
        (None, _) => {
            for (k, v) in wb.all_settings()? {
                let doc = SETTINGS.iter().find(|s| s.0 == k).map(|s| s.2).unwrap_or(
                    if k.starts_with("marketplace.") {
                        "store of an Amazon marketplace (platform exports)"
                    } else if k == crate::exports::CUSTOMER_KEY {
                        "key of the customer-id hash of platform exports (keep it)"
                    } else {
                        "threshold override good/bad"
                    },
                );
                println!("{k} = {v}    # {doc}");
            }
        }
        (Some(k), None) if unset => {
            if k == "base_currency" {
                change_base(&mut wb, None)?;
            } else {
                wb.unset_setting(&k)?;
            }
            println!("{k} unset");
        }
        (Some(k), None) => println!(
            "{}",
            wb.setting(&k)?.with_context(|| format!("no setting {k}"))?
        ),
        (Some(k), Some(v)) => {
            validate_setting(&k, &v)?;
            if k == "base_currency" {
                change_base(&mut wb, Some(&v))?;
            } else {
                wb.set_setting(&k, &v)?;
            }
            println!("{k} = {v}");
        }
    }
    Ok(0)
}

/// Sets (or with None unsets) the base currency. Any currency the workbook's rates
/// cover can be the base: amounts convert through cross rates, so the currency the
/// rates are quoted in is pinned (`fx_currency`) before the base moves away from it.
fn change_base(wb: &mut Workbook, base: Option<&str>) -> Result<()> {
    let m = wb.master()?;
    let new = base.unwrap_or("USD");
    if !m.fx.is_empty() && new != m.fx_currency && !m.fx.contains_key(new) {
        let mut held: Vec<&str> = m.fx.keys().map(String::as_str).collect();
        held.push(&m.fx_currency);
        held.sort();
        bail!(
            "base_currency = {new}: the workbook has no {new} rates to convert with; \
             it can use {} (rates are quoted in {})",
            held.join(", "),
            m.fx_currency
        );
    }
    if !m.fx.is_empty() && wb.setting("fx_currency")?.is_none_or(|s| s.is_empty()) {
        wb.set_setting("fx_currency", &m.fx_currency)?;
    }
    match base {
        Some(b) => wb.set_setting("base_currency", b)?,
        None => wb.unset_setting("base_currency")?,
    }
    // monthly rollups hold sums in the base currency: convert them again
    wb.rebuild_base_money()?;
    // Say which dates lack a rate in the new base.
    let m = wb.master()?;
    if let (Some(rates), Some((first, _))) = (m.fx.get(new), m.data_range)
        && new != m.fx_currency
        && let Some((from, _)) = rates.first()
        && *from > first
    {
        eprintln!(
            "warning: {new} rates start on {}; amounts dated from {} to the day before show as — until rates for those dates are imported",
            crate::util::date_of(*from),
            crate::util::date_of(first)
        );
    }
    Ok(())
}

fn validate_setting(k: &str, v: &str) -> Result<()> {
    if let Some(m) = k.strip_prefix("marketplace.") {
        // platform exports: `marketplace.amazon.fr = STORE_ID` (see docs/exports.md)
        if m.is_empty() || v.trim().is_empty() {
            bail!("{k} = {v}: expected marketplace.<name> = STORE_ID");
        }
        return Ok(());
    }
    if let Some(id) = k.strip_prefix(THRESHOLD_PREFIX)
        && crate::catalogue::external_id(id)
    {
        // an external KPI (metrics.csv): its direction is the boundaries' order
        crate::catalogue::external_thresholds(v).with_context(|| {
            format!(
                "{k} = {v}: expected GOOD/BAD with GOOD ≠ BAD (GOOD above BAD: higher is better)"
            )
        })?;
        return Ok(());
    }
    if let Some(id) = k.strip_prefix(THRESHOLD_PREFIX) {
        let m = crate::catalogue::find(id)
            .with_context(|| format!("{k}: no metric {id} in the catalogue"))?;
        let th = crate::catalogue::Thresholds::parse_override(v, m.dir)
            .with_context(|| format!("{k} = {v}: expected GOOD/BAD (e.g. 0.3/0.5), or GOODLO-GOODHI/BADLO-BADHI for a band"))?;
        if let Some(why) = th.inverted() {
            bail!("{k} = {v}: {why} ({id} is {})", m.dir.describe());
        }
        return Ok(());
    }
    match k {
        "base_currency" if v.len() == 3 && v.bytes().all(|b| b.is_ascii_uppercase()) => Ok(()),
        "base_currency" => bail!("base_currency = {v}: expected an ISO 4217 code such as USD"),
        "lifespan_years"
            if crate::util::parse_plain_decimal(v)
                .is_some_and(|d| d > rust_decimal::Decimal::ZERO) =>
        {
            Ok(())
        }
        "lifespan_years" => bail!("lifespan_years = {v}: expected a positive number"),
        "fx_currency" if v.len() == 3 && v.bytes().all(|b| b.is_ascii_uppercase()) => Ok(()),
        "fx_currency" => bail!("fx_currency = {v}: expected an ISO 4217 code such as USD"),
        "maturity_days" | "alert.min_base" if v.parse::<u16>().is_ok() => Ok(()),
        "role" if crate::catalogue::Role::parse(v).is_some() => Ok(()),
        "role" => bail!(
            "role = {v}: expected one of {}",
            crate::catalogue::ROLES
                .iter()
                .map(|r| r.1)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        k if crate::workbook::DECIMAL_SETTINGS.contains(&k) => {
            match crate::util::parse_plain_decimal(v) {
                Some(d) if d >= rust_decimal::Decimal::ZERO => Ok(()),
                _ => bail!("{k} = {v}: expected a number of at least 0"),
            }
        }
        "maturity_days" | "alert.min_base" => bail!("{k} = {v}: expected a whole number"),
        _ => {
            bail!(
                "unknown setting {k} (known: {}, threshold.<metric>)",
                SETTINGS.iter().map(|s| s.0).collect::<Vec<_>>().join(", ")
            )
        }
    }
}

/// `generate --exports DIR`: the demo data as platform exports (src/generate/exports.rs).
fn generate_exports(dir: &Path, orders: u64, seed: u64) -> Result<i32> {
    let opts = crate::generate::GenOptions {
        seed,
        orders,
        ..Default::default()
    };
    let tmp = tempdir_in_target()?;
    crate::generate::generate_csv(&tmp, &opts)?;
    let written = crate::generate::exports::write_exports(&tmp, dir)?;
    std::fs::remove_dir_all(&tmp)?;
    for (f, n) in written {
        eprintln!("{:>10} rows  {}", n, dir.join(f).display());
    }
    Ok(0)
}

fn generate(csv: Option<PathBuf>, out: Option<PathBuf>, orders: u64, seed: u64) -> Result<i32> {
    if csv.is_none() && out.is_none() {
        bail!("generate: give --csv DIR and/or --out WORKBOOK");
    }
    let opts = crate::generate::GenOptions {
        seed,
        orders,
        ..Default::default()
    };
    let tmp;
    let dir = match &csv {
        Some(d) => {
            std::fs::create_dir_all(d)?;
            d.clone()
        }
        None => {
            tmp = tempdir_in_target()?;
            tmp.clone()
        }
    };
    let started = std::time::Instant::now();
    let summary = crate::generate::generate_csv(&dir, &opts)?;
    eprintln!(
        "generated {} tables in {:.1} s",
        summary.rows.len(),
        started.elapsed().as_secs_f64()
    );
    if let Some(out) = out {
        if out.exists() {
            bail!("{}: already exists; remove it first", out.display());
        }
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "csv"))
            .collect();
        files.sort();
        let opts = ImportOptions {
            progress: std::io::stderr().is_terminal(),
            ..Default::default()
        };
        let s = import::import_files(&out, &files, &opts)?;
        println!("{}", import::format_summary(&s));
        let wb = Workbook::open_write(&out)?;
        wb.compact()?;
        if csv.is_none() {
            std::fs::remove_dir_all(&dir)?;
        }
    }
    Ok(0)
}

fn tempdir_in_target() -> Result<PathBuf> {
    let d = std::env::temp_dir().join(format!("sellerdeck-gen-{}", std::process::id()));
    std::fs::create_dir_all(&d)?;
    Ok(d)
}
