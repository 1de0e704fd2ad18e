//! Domain types every layer may use: metric ids, drill levels, languages,
//! units and expense categories. A leaf module: it depends on no other module
//! of the crate, so the workbook, the metrics, the app and the ui share these
//! words without depending on each other.

use serde::Serialize;

/// Declares the metric ids: the enum, its order and its stable string form.
macro_rules! metric_ids {
    ($($v:ident = $s:literal),* $(,)?) => {
        /// A catalogue metric. The catalogue (`crate::catalogue::CATALOGUE`) has one
        /// entry per id, in this order (checked at compile time there).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum MetricId { $($v),* }

        impl MetricId {
            /// Every id, in catalogue order.
            pub const ALL: &'static [MetricId] = &[$(MetricId::$v),*];
            /// The id as reports, settings and `targets.csv` spell it.
            pub const fn as_str(self) -> &'static str {
                match self { $(MetricId::$v => $s),* }
            }
        }
    };
}

metric_ids! {
    GrossSales = "gross_sales",
    Discounts = "discounts",
    Gmv = "gmv",
    Orders = "orders",
    Units = "units",
    Aov = "aov",
    UnitsPerOrder = "units_per_order",
    CancelRate = "cancel_rate",
    PaymentSuccessRate = "payment_success_rate",
    DiscountRate = "discount_rate",
    Refunds = "refunds",
    NetSales = "net_sales",
    ActiveSkus = "active_skus",
    NewSkuSalesShare = "new_sku_sales_share",
    Share = "share",
    UnitsShare = "units_share",
    Sessions = "sessions",
    PageViews = "page_views",
    AddToCart = "add_to_cart",
    Checkouts = "checkouts",
    CartRate = "cart_rate",
    CheckoutRate = "checkout_rate",
    Cvr = "cvr",
    CartAbandonment = "cart_abandonment",
    BounceRate = "bounce_rate",
    PagesPerSession = "pages_per_session",
    Rpv = "rpv",
    MobileSessionShare = "mobile_session_share",
    MobileOrderShare = "mobile_order_share",
    Impressions = "impressions",
    Clicks = "clicks",
    AdSpend = "ad_spend",
    AdSales = "ad_sales",
    AdOrders = "ad_orders",
    Acos = "acos",
    Roas = "roas",
    Tacos = "tacos",
    Ctr = "ctr",
    Cpc = "cpc",
    Cpm = "cpm",
    AdCvr = "ad_cvr",
    AdSalesShare = "ad_sales_share",
    AdTrafficShare = "ad_traffic_share",
    MarketingSpend = "marketing_spend",
    Cac = "cac",
    OnHandUnits = "on_hand_units",
    InboundUnits = "inbound_units",
    InventoryValue = "inventory_value",
    AvgDailyUnits = "avg_daily_units",
    DaysOfCover = "days_of_cover",
    InventoryTurnover = "inventory_turnover",
    TurnoverDays = "turnover_days",
    StockoutRate = "stockout_rate",
    SellThroughRate = "sell_through_rate",
    StaleRate = "stale_rate",
    SafetyStock = "safety_stock",
    ReorderPoint = "reorder_point",
    NeedsRestock = "needs_restock",
    StockoutLoss = "stockout_loss",
    RestockQty = "restock_qty",
    FulfillmentRate = "fulfillment_rate",
    OnTimeShipRate = "on_time_ship_rate",
    AvgShipHours = "avg_ship_hours",
    DeliveryRate = "delivery_rate",
    AvgDeliveryDays = "avg_delivery_days",
    DamageRate = "damage_rate",
    ReturnRate = "return_rate",
    RefundRate = "refund_rate",
    Reviews = "reviews",
    AvgRating = "avg_rating",
    NegativeReviewRate = "negative_review_rate",
    PositiveReviewShare = "positive_review_share",
    Nps = "nps",
    Csat = "csat",
    AfterSalesRate = "after_sales_rate",
    FirstResponseHours = "first_response_hours",
    ResolutionHours = "resolution_hours",
    FirstContactResolution = "first_contact_resolution",
    EscalationRate = "escalation_rate",
    Odr = "odr",
    Cogs = "cogs",
    GrossProfit = "gross_profit",
    GrossMargin = "gross_margin",
    Expenses = "expenses",
    ExpensePlatformFee = "expense_platform_fee",
    ExpenseFulfillment = "expense_fulfillment",
    ExpenseShipping = "expense_shipping",
    ExpenseStorage = "expense_storage",
    ExpensePayment = "expense_payment",
    ExpenseMarketing = "expense_marketing",
    ExpenseStaff = "expense_staff",
    ExpenseSoftware = "expense_software",
    ExpenseRent = "expense_rent",
    ExpenseOther = "expense_other",
    ExpenseRatioPlatformFee = "expense_ratio_platform_fee",
    ExpenseRatioFulfillment = "expense_ratio_fulfillment",
    ExpenseRatioShipping = "expense_ratio_shipping",
    ExpenseRatioStorage = "expense_ratio_storage",
    ExpenseRatioPayment = "expense_ratio_payment",
    ExpenseRatioMarketing = "expense_ratio_marketing",
    ExpenseRatioStaff = "expense_ratio_staff",
    ExpenseRatioSoftware = "expense_ratio_software",
    ExpenseRatioRent = "expense_ratio_rent",
    ExpenseRatioOther = "expense_ratio_other",
    AdCostRatio = "ad_cost_ratio",
    NetProfit = "net_profit",
    NetMargin = "net_margin",
    AllocatedFees = "allocated_fees",
    AllocatedAds = "allocated_ads",
    ContributionProfit = "contribution_profit",
    ContributionMargin = "contribution_margin",
    ProfitPerOrder = "profit_per_order",
    ProfitPerCustomer = "profit_per_customer",
    FixedCostShare = "fixed_cost_share",
    FxImpact = "fx_impact",
    Customers = "customers",
    NewCustomers = "new_customers",
    ReturningCustomers = "returning_customers",
    ReturningGmvShare = "returning_gmv_share",
    RepeatOrderShare = "repeat_order_share",
    RepeatPurchaseRate = "repeat_purchase_rate",
    PurchaseFrequency = "purchase_frequency",
    Ltv = "ltv",
    LtvCac = "ltv_cac",
    WinbackRate = "winback_rate",
}

impl MetricId {
    /// The id spelled `s`, if it is a catalogue metric.
    pub fn parse(s: &str) -> Option<MetricId> {
        MetricId::ALL.iter().copied().find(|m| m.as_str() == s)
    }
}

impl std::fmt::Display for MetricId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for MetricId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Prefix of the dynamic `new_by_acquisition.<value>` metrics (a count, additive above SKU level).
pub const ACQUISITION_PREFIX: &str = "new_by_acquisition.";

/// Whether `id` can name an external KPI of `metrics.csv` (market share, brand search
/// ...): a lower-case identifier that is not a catalogue metric.
pub fn external_id(id: &str) -> bool {
    let mut b = id.bytes();
    b.next().is_some_and(|c| c.is_ascii_lowercase())
        && b.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_' || c == b'.')
        && MetricId::parse(id).is_none()
}

/// The scope of a view, read from its path of ids: everything, one channel, or
/// one store of a channel (`[]`, `[channel]`, `[channel, store]`). Paths are
/// checked when they are made (`report::resolve_under`); this is the one place
/// that reads them by position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Under<'a> {
    All,
    Channel(&'a str),
    Store { channel: &'a str, store: &'a str },
}

impl<'a> Under<'a> {
    pub fn of(path: &'a [String]) -> Under<'a> {
        match path {
            [] => Under::All,
            [channel] => Under::Channel(channel),
            [channel, store, ..] => Under::Store { channel, store },
        }
    }
    /// The scope node as targets and external KPIs name it: (level, key).
    pub fn node(self) -> (&'static str, &'a str) {
        match self {
            Under::All => ("total", ""),
            Under::Channel(c) => ("channel", c),
            Under::Store { store, .. } => ("store", store),
        }
    }
    /// The level that lists the scope's children.
    pub fn children(self) -> Level {
        match self {
            Under::All => Level::Channel,
            Under::Channel(_) => Level::Store,
            Under::Store { .. } => Level::Sku,
        }
    }
    /// Whether rows of `level` lie below the scope.
    pub fn lists(self, level: Level) -> bool {
        match self {
            Under::All => true,
            Under::Channel(_) => matches!(level, Level::Store | Level::Sku),
            Under::Store { .. } => level == Level::Sku,
        }
    }
    /// Whether a store of `channel` is in the scope.
    pub fn has_store(self, channel: &str, store: &str) -> bool {
        match self {
            Under::All => true,
            Under::Channel(c) => c == channel,
            Under::Store { store: s, .. } => s == store,
        }
    }
}

/// A drill level (spec rule 5): the rows of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Total,
    #[default]
    Channel,
    Store,
    Sku,
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        match s.trim().to_ascii_lowercase().as_str() {
            "total" => Some(Level::Total),
            "channel" => Some(Level::Channel),
            "store" => Some(Level::Store),
            "sku" => Some(Level::Sku),
            _ => None,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Level::Total => "total",
            Level::Channel => "channel",
            Level::Store => "store",
            Level::Sku => "sku",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "zh" | "cn" => Some(Lang::Zh),
            _ => None,
        }
    }
    /// From `LANG`/`LC_ALL`: Chinese locales choose zh.
    pub fn from_env() -> Lang {
        let v = std::env::var("LC_ALL")
            .ok()
            .filter(|s| !s.is_empty())
            .or_else(|| std::env::var("LANG").ok());
        match v {
            Some(s) if s.to_ascii_lowercase().starts_with("zh") => Lang::Zh,
            _ => Lang::En,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    Money,
    Count,
    Percent,
    Ratio,
    Days,
    Hours,
    Stars,
    Points,
    Units,
    Flag,
}

/// An expense category; its discriminant indexes `Parts::expenses` and `EXPENSE_CATEGORIES`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExpenseCategory {
    PlatformFee,
    Fulfillment,
    Shipping,
    Storage,
    Payment,
    Marketing,
    Staff,
    Software,
    Rent,
    Other,
}

impl ExpenseCategory {
    pub const ALL: [ExpenseCategory; 10] = [
        ExpenseCategory::PlatformFee,
        ExpenseCategory::Fulfillment,
        ExpenseCategory::Shipping,
        ExpenseCategory::Storage,
        ExpenseCategory::Payment,
        ExpenseCategory::Marketing,
        ExpenseCategory::Staff,
        ExpenseCategory::Software,
        ExpenseCategory::Rent,
        ExpenseCategory::Other,
    ];
    /// The category stored as index `i` (out of range: other).
    pub fn from_index(i: usize) -> ExpenseCategory {
        *Self::ALL.get(i).unwrap_or(&ExpenseCategory::Other)
    }
    pub fn id(self) -> &'static str {
        EXPENSE_CATEGORIES[self as usize]
    }
    /// The metric of this category's spend (`expense_<id>`).
    pub fn metric(self) -> MetricId {
        match self {
            ExpenseCategory::PlatformFee => MetricId::ExpensePlatformFee,
            ExpenseCategory::Fulfillment => MetricId::ExpenseFulfillment,
            ExpenseCategory::Shipping => MetricId::ExpenseShipping,
            ExpenseCategory::Storage => MetricId::ExpenseStorage,
            ExpenseCategory::Payment => MetricId::ExpensePayment,
            ExpenseCategory::Marketing => MetricId::ExpenseMarketing,
            ExpenseCategory::Staff => MetricId::ExpenseStaff,
            ExpenseCategory::Software => MetricId::ExpenseSoftware,
            ExpenseCategory::Rent => MetricId::ExpenseRent,
            ExpenseCategory::Other => MetricId::ExpenseOther,
        }
    }
    /// The metric of this category's share of net sales (`expense_ratio_<id>`).
    pub fn ratio_metric(self) -> MetricId {
        match self {
            ExpenseCategory::PlatformFee => MetricId::ExpenseRatioPlatformFee,
            ExpenseCategory::Fulfillment => MetricId::ExpenseRatioFulfillment,
            ExpenseCategory::Shipping => MetricId::ExpenseRatioShipping,
            ExpenseCategory::Storage => MetricId::ExpenseRatioStorage,
            ExpenseCategory::Payment => MetricId::ExpenseRatioPayment,
            ExpenseCategory::Marketing => MetricId::ExpenseRatioMarketing,
            ExpenseCategory::Staff => MetricId::ExpenseRatioStaff,
            ExpenseCategory::Software => MetricId::ExpenseRatioSoftware,
            ExpenseCategory::Rent => MetricId::ExpenseRatioRent,
            ExpenseCategory::Other => MetricId::ExpenseRatioOther,
        }
    }
    /// Variable costs belong to sales (rule 17); staff, software and rent are fixed.
    pub fn is_variable(self) -> bool {
        !matches!(
            self,
            ExpenseCategory::Staff | ExpenseCategory::Software | ExpenseCategory::Rent
        )
    }
}

/// Expense categories in the order of `Parts::expenses` and the `expense_*` entries.
pub const EXPENSE_CATEGORIES: [&str; 10] = [
    "platform_fee",
    "fulfillment",
    "shipping",
    "storage",
    "payment",
    "marketing",
    "staff",
    "software",
    "rent",
    "other",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_reads_as_its_scope() {
        let path = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let (all, ch, st) = (path(&[]), path(&["Amazon"]), path(&["Amazon", "AMZ-US"]));
        assert_eq!(Under::of(&all).node(), ("total", ""));
        assert_eq!(Under::of(&ch).node(), ("channel", "Amazon"));
        assert_eq!(Under::of(&st).node(), ("store", "AMZ-US"));
        assert_eq!(Under::of(&ch).children(), Level::Store);
        assert!(Under::of(&ch).lists(Level::Sku) && !Under::of(&ch).lists(Level::Channel));
        assert!(Under::of(&st).lists(Level::Sku) && !Under::of(&st).lists(Level::Store));
        assert!(Under::of(&ch).has_store("Amazon", "AMZ-DE"));
        assert!(!Under::of(&ch).has_store("Shopify", "SHOP-US"));
        assert!(!Under::of(&st).has_store("Amazon", "AMZ-DE"));
        assert!(Under::of(&all).has_store("Shopify", "SHOP-US"));
    }
}
