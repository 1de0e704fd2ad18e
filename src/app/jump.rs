//! `Ctrl-P`: jump anywhere. A fuzzy search (nucleo-matcher) over the channels,
//! stores and SKUs of the workbook; Enter lands on that row at its level on the
//! current tab. SKUs land in the flat list of all SKUs (level SKU, no scope).

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher};

use super::state::App;
use crate::metrics::engine::Level;

/// A row Ctrl-P can land on.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// What the search matches: ids, names and the path.
    pub text: String,
    pub level: Level,
    pub under: Vec<String>,
    /// The row's key at that level.
    pub key: String,
}

impl AsRef<str> for Target {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

/// Most matches listed.
pub const MAX_MATCHES: usize = 50;

/// Every place of the workbook, channels first, then stores, then SKUs.
pub fn targets(app: &App) -> Vec<Target> {
    let Some(m) = app.master.as_deref() else {
        return vec![];
    };
    let mut out: Vec<Target> = m
        .channels()
        .into_iter()
        .map(|c| Target {
            text: c.clone(),
            level: Level::Channel,
            under: vec![],
            key: c,
        })
        .collect();
    out.extend(m.stores.iter().map(|s| Target {
        text: format!("{}/{} {}", s.channel, s.store_id, s.name),
        level: Level::Store,
        under: vec![s.channel.clone()],
        key: s.store_id.clone(),
    }));
    out.extend(m.skus.iter().map(|s| Target {
        text: format!("{} {}", s.sku, s.title),
        level: Level::Sku,
        under: vec![],
        key: s.sku.clone(),
    }));
    out
}

/// The targets matching `query`, best first (all of them, in order, for an empty query).
pub fn matches(app: &App, query: &str) -> Vec<Target> {
    let all = targets(app);
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    pattern
        .match_list(all.iter(), &mut matcher)
        .into_iter()
        .map(|(t, _)| t.clone())
        .take(MAX_MATCHES)
        .collect()
}
