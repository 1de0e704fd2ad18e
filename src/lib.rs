//! sellerdeck: a terminal KPI cockpit for cross-border e-commerce sellers.
//!
//! Data flows one way: `workbook` (SQLite, import, rollups) → `metrics`
//! (catalogue, periods, computation; no SQL) → `app` (state, actions, keys;
//! no terminal) → `ui` (widgets; no SQL, no state changes).

pub mod app;
pub mod bench;
pub mod cli;
pub mod domain;
pub mod exports;
pub mod format;
pub mod generate;
pub mod listing;
pub mod metrics;
/// The metric catalogue is part of the metrics layer; `crate::catalogue` is its short name.
pub use metrics::catalogue;
pub mod output;
pub mod period;
pub mod tui;
pub mod ui;
pub mod util;
pub mod workbook;
pub mod worker;
