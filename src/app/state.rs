//! The cockpit's state: no terminal, no SQL. The UI reads it; `update`
//! changes it; the worker's answers are applied to it.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::catalogue::{Lang, Panel};
use crate::domain::MetricId;
use crate::metrics::cohorts::Cohort;
use crate::metrics::engine::Level;
use crate::metrics::report::{Report, Row};
use crate::period::{CompareMode, Period};
use crate::util::Day;
/// The master data the app holds (stores, SKUs, rates, settings): the ui reads it through the app.
pub use crate::workbook::Master;

/// What one report covers; the same report serves every tab.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ViewKey {
    /// The panel asks for the facts its metrics need (see `Needs::of_panel`).
    pub panel: Panel,
    pub period: Period,
    pub compare: CompareMode,
    pub level: Level,
    pub under: Vec<String>,
}

/// One metric of one row over the trailing 12 periods.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TrendKey {
    pub view: ViewKey,
    pub row: String,
    pub metric: MetricId,
}

pub const TREND_LEN: usize = 12;

/// A query the worker runs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Query {
    Report(ViewKey),
    Trend(TrendKey),
    Cohorts {
        end: Period,
        under: Vec<String>,
    },
    Campaigns {
        store: String,
        period: Period,
    },
    /// The ranked alerts of a period and scope across every level (the Overview's list).
    Alerts {
        period: Period,
        compare: CompareMode,
        under: Vec<String>,
    },
    /// An action list of the view's period and scope.
    Actions {
        kind: crate::metrics::actions::Kind,
        period: Period,
        compare: CompareMode,
        under: Vec<String>,
    },
    Latest,
}

/// A campaign of one store: totals in the store's currency.
#[derive(Debug, Clone, PartialEq)]
pub struct Campaign {
    pub name: String,
    pub spend: Decimal,
    pub ad_sales: Decimal,
    pub spend_with_sales: Decimal,
    pub clicks: i64,
    pub impressions: i64,
}

/// The worker's answer to a query.
#[derive(Debug, Clone)]
pub enum Answer {
    Report(ViewKey, Result<Arc<Report>, String>),
    Trend(TrendKey, Vec<Option<Decimal>>),
    Cohorts(Query, Arc<Vec<Cohort>>),
    Campaigns(Query, Arc<Vec<Campaign>>),
    Actions(Query, Arc<crate::listing::Listing>),
    Alerts(Query, Arc<Vec<crate::metrics::report::Alert>>),
    Latest(Option<Day>),
    Master(Arc<Master>),
    /// Another process committed to the workbook: caches were dropped.
    DataChanged,
    Failed(Query, String),
}

/// One level of a tab's drill stack.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelState {
    pub level: Level,
    pub under: Vec<String>,
    pub selected: usize,
    /// Sort column (index into the tab's metric columns) and descending.
    pub sort: Option<(usize, bool)>,
    pub filter: String,
    /// The first metric column on screen (`H`/`L` scroll; the row labels stay).
    pub col_offset: usize,
}

impl LevelState {
    pub fn top() -> LevelState {
        LevelState {
            level: Level::Channel,
            under: vec![],
            selected: 0,
            sort: None,
            filter: String::new(),
            col_offset: 0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub enum Overlay {
    #[default]
    None,
    Help,
    /// Typing a filter; the text lives in the level's `filter`.
    FilterInput,
    /// The detail card of a SKU row (its key).
    Detail(String),
    /// The campaign breakdown of a store.
    Campaigns(String),
    /// An action list (restock, ad budget, clearance, listing fixes, SKU quadrant).
    Actions(crate::metrics::actions::Kind),
    /// `Ctrl-P`: the fuzzy jump (query in `jump_query`, selection in `jump_sel`).
    Jump,
    /// `v`: a chart of one metric (id) of one row (key; "" = the scope's total)
    /// over the last periods, the comparison periods overlaid.
    Chart {
        row: String,
        metric: MetricId,
    },
    /// `:`: typing a command (period, date range, grain, comparison) into `command`.
    Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorMode {
    Never,
    C256,
    TrueColor,
}

/// The whole cockpit state.
#[derive(Debug, Clone)]
pub struct App {
    pub workbook: String,
    /// Whose Overview cards (seed 003): owner, operator, ads, service.
    pub role: crate::catalogue::Role,
    pub tab: usize,
    pub stacks: Vec<Vec<LevelState>>,
    pub period: Period,
    pub compare: CompareMode,
    pub overlay: Overlay,
    pub lang: Lang,
    pub ascii: bool,
    pub color: ColorMode,
    /// Selected alert on the overview.
    pub alert_sel: usize,
    pub master: Option<Arc<Master>>,
    /// The last report received (maybe of another view: then shown dimmed).
    pub report: Option<Arc<Report>>,
    pub report_key: Option<ViewKey>,
    pub report_error: Option<String>,
    pub trends: HashMap<TrendKey, Vec<Option<Decimal>>>,
    pub cohorts: Option<(Query, Arc<Vec<Cohort>>)>,
    pub campaigns: Option<(Query, Arc<Vec<Campaign>>)>,
    /// The newest action list answer, and the first row shown of it.
    pub actions: Option<(Query, Arc<crate::listing::Listing>)>,
    pub actions_scroll: usize,
    /// The newest ranked alert list (the Overview shows it; `n` walks it from any
    /// tab) and the query it answers.
    pub ranked: Arc<Vec<crate::metrics::report::Alert>>,
    pub ranked_key: Option<Query>,
    pub pending: HashSet<Query>,
    /// Bumped whenever the view changes; the worker drops older queries.
    pub generation: u64,
    /// `t` was pressed: jump when the newest day arrives.
    pub want_latest: bool,
    pub latest_day: Option<Day>,
    /// A message for the status line (export path, errors).
    pub message: Option<String>,
    pub command: String,
    pub jump_query: String,
    pub jump_sel: usize,
    /// A row to select once the rows of the view arrive (after a jump: Ctrl-P, an alert).
    pub pending_select: Option<String>,
    /// First line shown of the open overlay (help, card, campaigns): they scroll.
    pub scroll: u16,
    /// The terminal size (columns, rows): which table columns fit on screen.
    pub size: (u16, u16),
    pub quit: bool,
}

impl App {
    pub fn new(workbook: String, period: Period, lang: Lang, ascii: bool, color: ColorMode) -> App {
        App {
            workbook,
            role: crate::catalogue::Role::Owner,
            tab: 0,
            stacks: (0..super::tabs::ALL.len())
                .map(|_| vec![LevelState::top()])
                .collect(),
            period,
            compare: CompareMode::Prev,
            overlay: Overlay::None,
            lang,
            ascii,
            color,
            alert_sel: 0,
            master: None,
            report: None,
            report_key: None,
            report_error: None,
            trends: HashMap::new(),
            cohorts: None,
            campaigns: None,
            actions: None,
            actions_scroll: 0,
            ranked: Arc::new(vec![]),
            ranked_key: None,
            pending: HashSet::new(),
            generation: 0,
            want_latest: false,
            latest_day: None,
            message: None,
            command: String::new(),
            jump_query: String::new(),
            jump_sel: 0,
            pending_select: None,
            scroll: 0,
            size: (80, 24),
            quit: false,
        }
    }

    /// The newest date with data (kpi-spec rule 13's data end).
    pub fn data_end(&self) -> Option<Day> {
        self.master
            .as_ref()
            .and_then(|m| m.data_range)
            .map(|r| r.1)
            .or(self.latest_day)
    }

    /// The oldest date with data.
    pub fn data_start(&self) -> Option<Day> {
        self.master.as_ref().and_then(|m| m.data_range).map(|r| r.0)
    }

    /// The period as computed: cut to the data end while it runs, with its comparison.
    pub fn window(&self) -> Option<crate::period::Window> {
        let end = self.data_end().map(crate::util::date_of);
        self.period.window(self.compare, end).ok()
    }

    pub fn panel(&self) -> Panel {
        self.tab_def().panel()
    }

    /// The current tab's definition (its columns, queries, order, drill).
    pub fn tab_def(&self) -> &'static dyn super::tabs::Tab {
        super::tabs::ALL[self.tab]
    }

    pub fn level(&self) -> &LevelState {
        self.stacks[self.tab].last().expect("stack never empty")
    }

    pub fn level_mut(&mut self) -> &mut LevelState {
        self.stacks[self.tab].last_mut().expect("stack never empty")
    }

    /// The report the current view needs.
    pub fn view_key(&self) -> ViewKey {
        let l = self.level();
        ViewKey {
            panel: self.panel(),
            period: self.period,
            compare: self.compare,
            level: l.level,
            under: l.under.clone(),
        }
    }

    /// The report to show, and whether it is stale (of another period, comparison or
    /// tab, while the new one loads: shown dimmed and marked). A report of another
    /// level or scope is never shown: its rows are not this level's rows, and keys
    /// must never act on rows the screen does not hold (`5 Enter` typed fast).
    pub fn shown_report(&self) -> Option<(&Report, bool)> {
        let r = self.report.as_deref()?;
        let l = self.level();
        if r.level != l.level || r.under != l.under {
            return None;
        }
        Some((r, self.report_key.as_ref() != Some(&self.view_key())))
    }

    /// The rows of the current view after filter and sort, as shown.
    pub fn visible_rows(&self) -> Vec<&Row> {
        let Some((rep, _)) = self.shown_report() else {
            return vec![];
        };
        let l = self.level();
        let needle = l.filter.to_lowercase();
        let mut rows: Vec<&Row> = rep
            .rows
            .iter()
            .filter(|r| {
                needle.is_empty()
                    || r.key.to_lowercase().contains(&needle)
                    || r.label.to_lowercase().contains(&needle)
                    || r.path.iter().any(|p| p.to_lowercase().contains(&needle))
            })
            .collect();
        let cols = self.tab_def().columns(l.level);
        match l.sort {
            Some((c, desc)) if c < cols.len() => {
                let id = cols[c].id;
                rows.sort_by(|a, b| {
                    // Undefined values sort last either way.
                    let (va, vb) = (a.value(id), b.value(id));
                    match (va, vb) {
                        (Some(x), Some(y)) => {
                            if desc {
                                y.cmp(&x)
                            } else {
                                x.cmp(&y)
                            }
                        }
                        (Some(_), None) => std::cmp::Ordering::Less,
                        (None, Some(_)) => std::cmp::Ordering::Greater,
                        (None, None) => std::cmp::Ordering::Equal,
                    }
                });
            }
            _ => self.tab_def().default_order(l.level, &mut rows),
        }
        rows
    }

    pub fn selected_row(&self) -> Option<&Row> {
        let rows = self.visible_rows();
        rows.get(self.level().selected.min(rows.len().saturating_sub(1)))
            .copied()
    }

    /// Key of the selected row for trends ("" = the scope's total row).
    pub fn selected_key(&self) -> String {
        self.selected_row()
            .map(|r| r.key.clone())
            .unwrap_or_default()
    }

    pub fn trend(&self, row: &str, metric: MetricId) -> Option<&Vec<Option<Decimal>>> {
        self.trends.get(&TrendKey {
            view: self.view_key(),
            row: row.to_string(),
            metric,
        })
    }

    /// The table as laid out on the current terminal (the body spans its width).
    pub fn table_layout(&self) -> Option<super::view::TableLayout> {
        super::view::table_layout(self, self.size.0.saturating_sub(2) as usize)
    }

    /// The trend of a row's metric ending at `period` (the chart's comparison line).
    pub fn trend_key_at(&self, period: Period, row: &str, metric: MetricId) -> TrendKey {
        TrendKey {
            view: ViewKey {
                period,
                ..self.view_key()
            },
            row: row.to_string(),
            metric,
        }
    }

    /// The chart's two lines: the periods ending at the current one, and those
    /// ending at its comparison period (one period back, or a year back for yoy).
    pub fn chart_keys(&self, row: &str, metric: MetricId) -> (TrendKey, TrendKey) {
        (
            self.trend_key_at(self.period, row, metric),
            self.trend_key_at(self.period.compare(self.compare), row, metric),
        )
    }

    /// Breadcrumb path of the current level (ids), plus the open card.
    pub fn breadcrumb(&self) -> Vec<String> {
        let mut v = self.level().under.clone();
        if let Overlay::Detail(k) = &self.overlay {
            v.push(k.clone());
        }
        v
    }
}
