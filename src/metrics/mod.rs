//! Catalogue computation: periods in, rows of exact metric values out. No SQL.

pub mod actions;
pub mod alerts;
pub mod catalogue;
pub mod cohorts;
pub mod drivers;
pub mod engine;
pub mod needs;
pub mod parts;
pub mod report;
