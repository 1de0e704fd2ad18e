//! The integration tests, one binary (the suite links the crate once).
//! Each module is one area; `common` holds the shared fixtures.

mod actions;
mod alerts;
mod cli_manners;
mod common;
mod customer_index;
mod experience_rollups;
mod exports;
mod external;
mod generate;
mod hardening;
mod hardening_cli;
mod import;
mod incremental;
mod layers;
mod metrics_fixture;
mod partial_refresh;
mod periods;
mod properties;
mod report_json;
mod rules;
mod tui;
