//! The cockpit without a terminal: state, the key table and the pure update.
//! `ui` draws an `&App`; the worker answers the queries `update` asks for.

pub mod actions;
pub mod jump;
pub mod keys;
pub mod state;
pub mod view;

pub use actions::{
    MouseAction, actions_query, alerts_query, apply, handle_key, handle_mouse, needs, update,
};
pub use keys::{Action, Key};
pub use state::*;

/// Columns and trends are catalogue data (`MetricDef::columns`, `MetricDef::trend`).
pub use crate::catalogue::{Column, columns, trend_metric};

#[cfg(test)]
mod tests;
