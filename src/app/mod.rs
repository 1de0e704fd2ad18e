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

use crate::catalogue::Panel;
use crate::metrics::engine::Level;

/// A table column: a metric, optionally followed by its change.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub id: &'static str,
    pub change: bool,
}

const fn c(id: &'static str) -> Column {
    Column { id, change: false }
}
const fn d(id: &'static str) -> Column {
    Column { id, change: true }
}

const GROWTH: &[Column] = &[
    d("gmv"),
    c("share"),
    d("orders"),
    c("units"),
    d("aov"),
    c("units_per_order"),
    c("refunds"),
    d("net_sales"),
    c("discount_rate"),
    c("cancel_rate"),
    c("active_skus"),
];
const FUNNEL: &[Column] = &[
    d("sessions"),
    d("cvr"),
    c("cart_rate"),
    c("cart_abandonment"),
    c("bounce_rate"),
    c("pages_per_session"),
    c("rpv"),
    c("mobile_session_share"),
    c("add_to_cart"),
    c("checkouts"),
];
const ADS: &[Column] = &[
    d("ad_spend"),
    d("acos"),
    c("roas"),
    c("ad_sales"),
    c("tacos"),
    c("clicks"),
    c("impressions"),
    c("ctr"),
    c("cpc"),
    c("cpm"),
    c("ad_cvr"),
    c("ad_sales_share"),
    c("cac"),
];
const INVENTORY: &[Column] = &[
    c("on_hand_units"),
    c("days_of_cover"),
    c("inbound_units"),
    c("inventory_value"),
    c("avg_daily_units"),
    c("turnover_days"),
    c("stale_rate"),
    c("stockout_rate"),
];
const INVENTORY_SKU: &[Column] = &[
    c("needs_restock"),
    c("restock_qty"),
    c("days_of_cover"),
    c("on_hand_units"),
    c("reorder_point"),
    c("inbound_units"),
    c("inventory_value"),
    c("avg_daily_units"),
    c("turnover_days"),
    c("stale_rate"),
    c("stockout_rate"),
];
const PROFIT: &[Column] = &[
    d("net_profit"),
    d("net_margin"),
    c("contribution_profit"),
    c("contribution_margin"),
    c("gross_margin"),
    c("gross_profit"),
    c("cogs"),
    c("expenses"),
    c("ad_cost_ratio"),
    c("profit_per_order"),
    c("fixed_cost_share"),
    c("fx_impact"),
];
/// At SKU level store fees are allocated (rule 17): contribution comes first.
const PROFIT_SKU: &[Column] = &[
    d("contribution_profit"),
    d("contribution_margin"),
    c("net_profit"),
    c("net_margin"),
    c("stockout_loss"),
    c("gross_margin"),
    c("gross_profit"),
    c("cogs"),
    c("expenses"),
    c("allocated_fees"),
    c("allocated_ads"),
    c("ad_cost_ratio"),
    c("profit_per_order"),
    c("fx_impact"),
];
const EXPERIENCE: &[Column] = &[
    c("on_time_ship_rate"),
    d("return_rate"),
    c("avg_rating"),
    c("odr"),
    c("avg_ship_hours"),
    c("delivery_rate"),
    c("avg_delivery_days"),
    c("damage_rate"),
    c("refund_rate"),
    c("nps"),
    c("csat"),
    c("first_response_hours"),
    c("resolution_hours"),
    c("first_contact_resolution"),
];
const CUSTOMERS: &[Column] = &[
    d("customers"),
    c("new_customers"),
    c("returning_customers"),
    c("repeat_purchase_rate"),
    c("ltv"),
    c("cac"),
    c("ltv_cac"),
    c("winback_rate"),
    c("purchase_frequency"),
    c("returning_gmv_share"),
];

/// The table columns of a tab at a level, most important first (dropped from the end).
pub fn columns(panel: Panel, level: Level) -> &'static [Column] {
    match panel {
        Panel::Overview => GROWTH,
        Panel::Growth => GROWTH,
        Panel::Funnel => FUNNEL,
        Panel::Ads => ADS,
        Panel::Inventory if level == Level::Sku => INVENTORY_SKU,
        Panel::Inventory => INVENTORY,
        Panel::Profit if level == Level::Sku => PROFIT_SKU,
        Panel::Profit => PROFIT,
        Panel::Experience => EXPERIENCE,
        Panel::Customers => CUSTOMERS,
    }
}

/// The metric a tab charts over time (the trend of the selected row / SKU card).
pub fn trend_metric(panel: Panel) -> &'static str {
    match panel {
        Panel::Overview | Panel::Growth => "gmv",
        Panel::Funnel => "sessions",
        Panel::Ads => "ad_spend",
        Panel::Inventory => "on_hand_units",
        Panel::Profit => "net_profit",
        Panel::Experience => "return_rate",
        Panel::Customers => "customers",
    }
}

#[cfg(test)]
mod tests;
