//! The metric catalogue: one definition per metric of `kpi-spec.md`.
//!
//! This table drives every place that shows metrics: the cockpit's panels and
//! help, the reports and the alerts. Adding a metric is one entry here plus
//! its computation (`calc`, from the additive parts of a row).

use rust_decimal::Decimal;
use serde::Serialize;

use crate::metrics::parts::Parts;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Panel {
    Overview,
    Growth,
    Funnel,
    Ads,
    Inventory,
    Profit,
    Experience,
    Customers,
}

impl Panel {
    pub const ALL: [Panel; 8] = [
        Panel::Overview,
        Panel::Growth,
        Panel::Funnel,
        Panel::Ads,
        Panel::Inventory,
        Panel::Profit,
        Panel::Experience,
        Panel::Customers,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Panel::Overview => "overview",
            Panel::Growth => "growth",
            Panel::Funnel => "funnel",
            Panel::Ads => "ads",
            Panel::Inventory => "inventory",
            Panel::Profit => "profit",
            Panel::Experience => "experience",
            Panel::Customers => "customers",
        }
    }

    pub fn parse(s: &str) -> Option<Panel> {
        Panel::ALL
            .into_iter()
            .find(|p| p.id().eq_ignore_ascii_case(s.trim()))
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Panel::Overview, Lang::En) => "Overview",
            (Panel::Growth, Lang::En) => "Growth",
            (Panel::Funnel, Lang::En) => "Funnel",
            (Panel::Ads, Lang::En) => "Ads",
            (Panel::Inventory, Lang::En) => "Inventory",
            (Panel::Profit, Lang::En) => "Profit",
            (Panel::Experience, Lang::En) => "Experience",
            (Panel::Customers, Lang::En) => "Customers",
            (Panel::Overview, Lang::Zh) => "总览",
            (Panel::Growth, Lang::Zh) => "增长",
            (Panel::Funnel, Lang::Zh) => "转化",
            (Panel::Ads, Lang::Zh) => "广告",
            (Panel::Inventory, Lang::Zh) => "库存",
            (Panel::Profit, Lang::Zh) => "利润",
            (Panel::Experience, Lang::Zh) => "体验",
            (Panel::Customers, Lang::Zh) => "用户",
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Direction {
    Up,
    Down,
    Neutral,
}

impl Direction {
    pub fn describe(self) -> &'static str {
        match self {
            Direction::Up => "higher is better",
            Direction::Down => "lower is better",
            Direction::Neutral => "neutral",
        }
    }
    pub fn symbol(self) -> &'static str {
        match self {
            Direction::Up => "↑",
            Direction::Down => "↓",
            Direction::Neutral => "·",
        }
    }
}

/// Which drill levels sum a metric exactly (spec rule 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Additivity {
    All,
    AboveSku,
    None,
}

/// Health thresholds: `good` / `bad` boundaries for ↑/↓ metrics, a band for days of cover.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Thresholds {
    /// Higher is better: ≥ good is good, < bad is bad.
    Higher { good: Decimal, bad: Decimal },
    /// Lower is better: ≤ good is good, > bad is bad.
    Lower { good: Decimal, bad: Decimal },
    /// Inside [good_lo, good_hi] is good; below bad_lo or above bad_hi is bad.
    Band {
        good_lo: Decimal,
        good_hi: Decimal,
        bad_lo: Decimal,
        bad_hi: Decimal,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Health {
    Good,
    Warn,
    Bad,
}

impl Thresholds {
    pub fn health(&self, v: Decimal) -> Health {
        match *self {
            Thresholds::Higher { good, bad } => {
                if v >= good {
                    Health::Good
                } else if v < bad {
                    Health::Bad
                } else {
                    Health::Warn
                }
            }
            Thresholds::Lower { good, bad } => {
                if v <= good {
                    Health::Good
                } else if v > bad {
                    Health::Bad
                } else {
                    Health::Warn
                }
            }
            Thresholds::Band {
                good_lo,
                good_hi,
                bad_lo,
                bad_hi,
            } => {
                if v < bad_lo || v > bad_hi {
                    Health::Bad
                } else if v >= good_lo && v <= good_hi {
                    Health::Good
                } else {
                    Health::Warn
                }
            }
        }
    }

    /// The rule text of the bad band, e.g. `bad band > 50%`.
    pub fn bad_rule(&self, unit: Unit) -> String {
        let f = |d: Decimal| crate::format::plain(Some(d), unit);
        match *self {
            Thresholds::Higher { bad, .. } => format!("bad band < {}", f(bad)),
            Thresholds::Lower { bad, .. } => format!("bad band > {}", f(bad)),
            Thresholds::Band { bad_lo, bad_hi, .. } => {
                format!("bad band < {} or > {}", f(bad_lo), f(bad_hi))
            }
        }
    }

    /// Parses an override such as `0.3/0.5` (good/bad) or `30-60/14-90` (band).
    pub fn parse_override(s: &str, dir: Direction) -> Option<Thresholds> {
        let (g, b) = s.split_once('/')?;
        let num = |t: &str| crate::util::parse_plain_decimal(t);
        if let (Some((gl, gh)), Some((bl, bh))) = (g.split_once('-'), b.split_once('-')) {
            return Some(Thresholds::Band {
                good_lo: num(gl)?,
                good_hi: num(gh)?,
                bad_lo: num(bl)?,
                bad_hi: num(bh)?,
            });
        }
        let (good, bad) = (num(g)?, num(b)?);
        match dir {
            Direction::Up => Some(Thresholds::Higher { good, bad }),
            Direction::Down => Some(Thresholds::Lower { good, bad }),
            Direction::Neutral => None,
        }
    }

    /// Why the boundaries contradict the direction, if they do (a good boundary
    /// on the bad side of the bad one).
    pub fn inverted(&self) -> Option<&'static str> {
        match *self {
            Thresholds::Higher { good, bad } if good < bad => {
                Some("GOOD must not be below BAD for a higher-is-better metric")
            }
            Thresholds::Lower { good, bad } if good > bad => {
                Some("GOOD must not be above BAD for a lower-is-better metric")
            }
            Thresholds::Band {
                good_lo,
                good_hi,
                bad_lo,
                bad_hi,
            } if !(bad_lo <= good_lo && good_lo <= good_hi && good_hi <= bad_hi) => {
                Some("a band needs BADLO ≤ GOODLO ≤ GOODHI ≤ BADHI")
            }
            _ => None,
        }
    }

    pub fn describe(&self) -> String {
        match *self {
            Thresholds::Higher { good, bad } | Thresholds::Lower { good, bad } => {
                format!("{}/{}", good.normalize(), bad.normalize())
            }
            Thresholds::Band {
                good_lo,
                good_hi,
                bad_lo,
                bad_hi,
            } => format!(
                "{}-{}/{}-{}",
                good_lo.normalize(),
                good_hi.normalize(),
                bad_lo.normalize(),
                bad_hi.normalize()
            ),
        }
    }
}

pub type Calc = fn(&Parts) -> Option<Decimal>;

pub struct MetricDef {
    pub id: &'static str,
    pub en: &'static str,
    pub zh: &'static str,
    pub panel: Panel,
    pub unit: Unit,
    pub dir: Direction,
    pub thresholds: Option<Thresholds>,
    pub additive: Additivity,
    /// Only meaningful for SKU rows (safety stock, reorder point ...).
    pub sku_only: bool,
    pub calc: Calc,
}

impl MetricDef {
    pub fn label(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Zh => self.zh,
        }
    }
    /// Whether the value still changes after its period ends (rule 18's maturing
    /// metrics and what is built on them).
    pub fn matures(&self) -> bool {
        MATURING.contains(&self.id) || self.id.starts_with("expense_ratio_")
    }
    pub fn is_additive_at(&self, sku_level: bool) -> bool {
        match self.additive {
            Additivity::All => true,
            Additivity::AboveSku => !sku_level,
            Additivity::None => false,
        }
    }
}

const fn dec(num: i64, scale: u32) -> Decimal {
    Decimal::from_parts(num as u32, 0, 0, false, scale)
}

const fn hi(good: Decimal, bad: Decimal) -> Option<Thresholds> {
    Some(Thresholds::Higher { good, bad })
}
const fn lo(good: Decimal, bad: Decimal) -> Option<Thresholds> {
    Some(Thresholds::Lower { good, bad })
}

macro_rules! m {
    ($id:literal, $en:literal, $zh:literal, $panel:ident, $unit:ident, $dir:ident, $th:expr, $add:ident, $calc:expr) => {
        MetricDef {
            id: $id,
            en: $en,
            zh: $zh,
            panel: Panel::$panel,
            unit: Unit::$unit,
            dir: Direction::$dir,
            thresholds: $th,
            additive: Additivity::$add,
            sku_only: false,
            calc: $calc,
        }
    };
}

macro_rules! sku_m {
    ($id:literal, $en:literal, $zh:literal, $unit:ident, $calc:expr) => {
        MetricDef {
            id: $id,
            en: $en,
            zh: $zh,
            panel: Panel::Inventory,
            unit: Unit::$unit,
            dir: Direction::Neutral,
            thresholds: None,
            additive: Additivity::None,
            sku_only: true,
            calc: $calc,
        }
    };
}

use crate::util::div;

fn pct(n: i64, d: i64) -> Option<Decimal> {
    div(Some(n.into()), Some(d.into()))
}

pub static CATALOGUE: &[MetricDef] = &[
    // ── Growth 业务规模与增长
    m!(
        "gross_sales",
        "Gross sales",
        "商品总额",
        Growth,
        Money,
        Up,
        None,
        All,
        |p| p.gross
    ),
    m!(
        "discounts",
        "Discounts",
        "折扣金额",
        Growth,
        Money,
        Neutral,
        None,
        All,
        |p| p.discounts
    ),
    m!(
        "gmv",
        "GMV",
        "销售额 GMV",
        Growth,
        Money,
        Up,
        None,
        All,
        |p| p.gmv()
    ),
    m!(
        "orders",
        "Orders",
        "订单数",
        Growth,
        Count,
        Up,
        None,
        AboveSku,
        |p| Some(p.orders.into())
    ),
    m!(
        "units",
        "Units",
        "销量",
        Growth,
        Count,
        Up,
        None,
        All,
        |p| Some(p.units.into())
    ),
    m!(
        "aov",
        "AOV",
        "客单价",
        Growth,
        Money,
        Up,
        None,
        None,
        |p| div(p.gmv(), Some(p.orders.into()))
    ),
    m!(
        "units_per_order",
        "Units/order",
        "订单平均商品数",
        Growth,
        Ratio,
        Up,
        None,
        None,
        |p| pct(p.units, p.orders)
    ),
    m!(
        "cancel_rate",
        "Cancel rate",
        "取消订单率",
        Growth,
        Percent,
        Down,
        lo(dec(2, 2), dec(5, 2)),
        None,
        |p| { pct(p.cancelled, p.orders_all) }
    ),
    m!(
        "payment_success_rate",
        "Payment success",
        "支付成功率",
        Growth,
        Percent,
        Up,
        hi(dec(98, 2), dec(95, 2)),
        None,
        |p| { pct(p.orders_all - p.payment_failed, p.orders_all) }
    ),
    m!(
        "discount_rate",
        "Discount rate",
        "折扣率",
        Growth,
        Percent,
        Neutral,
        None,
        None,
        |p| div(p.discounts, p.gross)
    ),
    m!(
        "refunds",
        "Refunds",
        "退款额",
        Growth,
        Money,
        Down,
        None,
        All,
        |p| p.refunds
    ),
    m!(
        "net_sales",
        "Net sales",
        "净销售额",
        Growth,
        Money,
        Up,
        None,
        All,
        |p| p.net_sales()
    ),
    m!(
        "active_skus",
        "Active SKUs",
        "动销SKU数",
        Growth,
        Count,
        Up,
        None,
        None,
        |p| Some(p.active_skus.into())
    ),
    m!(
        "new_sku_sales_share",
        "New-SKU share",
        "新品销售额占比",
        Growth,
        Percent,
        Up,
        None,
        None,
        |p| { div(p.new_sku_gmv, p.gmv()) }
    ),
    m!(
        "share",
        "Share",
        "占比",
        Growth,
        Percent,
        Neutral,
        None,
        None,
        |p| div(p.gmv(), p.scope_gmv)
    ),
    // ── Conversion funnel 销售与转化
    m!(
        "sessions",
        "Sessions",
        "访客数",
        Funnel,
        Count,
        Up,
        None,
        All,
        |p| Some(p.sessions.into())
    ),
    m!(
        "page_views",
        "Page views",
        "浏览量",
        Funnel,
        Count,
        Up,
        None,
        All,
        |p| p.page_views.value()
    ),
    m!(
        "add_to_cart",
        "Add to cart",
        "加购数",
        Funnel,
        Count,
        Up,
        None,
        All,
        |p| p.add_to_cart.value()
    ),
    m!(
        "checkouts",
        "Checkouts",
        "结账数",
        Funnel,
        Count,
        Up,
        None,
        All,
        |p| p.checkouts.value()
    ),
    m!(
        "cart_rate",
        "Cart rate",
        "加购率",
        Funnel,
        Percent,
        Up,
        hi(dec(8, 2), dec(3, 2)),
        None,
        |p| { p.cart_rate.ratio() }
    ),
    m!(
        "checkout_rate",
        "Checkout rate",
        "结账率",
        Funnel,
        Percent,
        Up,
        None,
        None,
        |p| p.checkout_rate.ratio()
    ),
    m!(
        "cvr",
        "CVR",
        "转化率",
        Funnel,
        Percent,
        Up,
        hi(dec(3, 2), dec(1, 2)),
        None,
        |p| pct(p.orders, p.sessions)
    ),
    m!(
        "cart_abandonment",
        "Cart abandonment",
        "购物车放弃率",
        Funnel,
        Percent,
        Down,
        lo(dec(70, 2), dec(85, 2)),
        None,
        |p| { div(Some(p.orders.into()), p.add_to_cart.value()).map(|r| Decimal::ONE - r) }
    ),
    m!(
        "bounce_rate",
        "Bounce rate",
        "跳出率",
        Funnel,
        Percent,
        Down,
        lo(dec(40, 2), dec(60, 2)),
        None,
        |p| { p.bounce.ratio() }
    ),
    m!(
        "pages_per_session",
        "Pages/session",
        "访问深度",
        Funnel,
        Ratio,
        Up,
        hi(dec(3, 0), dec(15, 1)),
        None,
        |p| { p.pages_per_session.ratio() }
    ),
    m!(
        "rpv",
        "Revenue/visitor",
        "每访客收入",
        Funnel,
        Money,
        Up,
        None,
        None,
        |p| div(p.gmv(), Some(p.sessions.into()))
    ),
    m!(
        "mobile_session_share",
        "Mobile sessions",
        "移动端访问占比",
        Funnel,
        Percent,
        Neutral,
        None,
        None,
        |p| { p.mobile_sessions.ratio() }
    ),
    m!(
        "mobile_order_share",
        "Mobile orders",
        "移动端下单占比",
        Funnel,
        Percent,
        Neutral,
        None,
        None,
        |p| { pct(p.mobile_orders, p.orders) }
    ),
    // ── Ads and acquisition 营销与获客
    m!(
        "impressions",
        "Impressions",
        "展示量",
        Ads,
        Count,
        Up,
        None,
        All,
        |p| p.impressions.value()
    ),
    m!(
        "clicks",
        "Clicks",
        "点击量",
        Ads,
        Count,
        Up,
        None,
        All,
        |p| p.clicks.value()
    ),
    m!(
        "ad_spend",
        "Ad spend",
        "广告花费",
        Ads,
        Money,
        Neutral,
        None,
        All,
        |p| p.ad_spend
    ),
    m!(
        "ad_sales",
        "Ad sales",
        "广告销售额",
        Ads,
        Money,
        Up,
        None,
        All,
        |p| p.ad_sales.value()
    ),
    m!(
        "ad_orders",
        "Ad orders",
        "广告订单",
        Ads,
        Count,
        Up,
        None,
        All,
        |p| p.ad_orders.value()
    ),
    m!(
        "acos",
        "ACoS",
        "ACoS",
        Ads,
        Percent,
        Down,
        lo(dec(30, 2), dec(50, 2)),
        None,
        |p| p.acos.ratio()
    ),
    m!(
        "roas",
        "ROAS",
        "ROAS",
        Ads,
        Ratio,
        Up,
        hi(dec(3, 0), dec(2, 0)),
        None,
        |p| p.acos.inverse()
    ),
    m!(
        "tacos",
        "TACoS",
        "TACoS",
        Ads,
        Percent,
        Down,
        lo(dec(10, 2), dec(15, 2)),
        None,
        |p| div(p.ad_spend, p.gmv())
    ),
    m!(
        "ctr",
        "CTR",
        "点击率",
        Ads,
        Percent,
        Up,
        None,
        None,
        |p| p.ctr.ratio()
    ),
    m!(
        "cpc",
        "CPC",
        "单次点击成本",
        Ads,
        Money,
        Down,
        None,
        None,
        |p| p.cpc.ratio()
    ),
    m!(
        "cpm",
        "CPM",
        "千次展示成本",
        Ads,
        Money,
        Down,
        None,
        None,
        |p| { p.cpm.ratio().map(|r| r * Decimal::from(1000)) }
    ),
    m!(
        "ad_cvr",
        "Ad CVR",
        "广告转化率",
        Ads,
        Percent,
        Up,
        None,
        None,
        |p| p.ad_cvr.ratio()
    ),
    m!(
        "ad_sales_share",
        "Ad sales share",
        "广告销售占比",
        Ads,
        Percent,
        Down,
        lo(dec(40, 2), dec(60, 2)),
        None,
        |p| { div(p.ad_sales.value(), p.gmv()) }
    ),
    m!(
        "ad_traffic_share",
        "Ad traffic share",
        "广告引流占比",
        Ads,
        Percent,
        Down,
        lo(dec(40, 2), dec(60, 2)),
        None,
        |p| { div(p.clicks.value(), Some(p.sessions.into())) }
    ),
    m!(
        "marketing_spend",
        "Other marketing",
        "其他营销费用",
        Ads,
        Money,
        Neutral,
        None,
        All,
        |p| p.expense(5)
    ),
    m!(
        "cac",
        "CAC",
        "获客成本",
        Ads,
        Money,
        Down,
        None,
        None,
        |p| p.cac()
    ),
    // ── Inventory and supply 库存与供应链
    m!(
        "on_hand_units",
        "On hand",
        "在库数量",
        Inventory,
        Count,
        Neutral,
        None,
        All,
        |p| Some(p.on_hand.into())
    ),
    m!(
        "inbound_units",
        "Inbound",
        "在途数量",
        Inventory,
        Count,
        Neutral,
        None,
        All,
        |p| p.inbound.value()
    ),
    m!(
        "inventory_value",
        "Stock value",
        "库存金额",
        Inventory,
        Money,
        Neutral,
        None,
        All,
        |p| p.inventory_value
    ),
    m!(
        "avg_daily_units",
        "Avg daily units",
        "日均销量",
        Inventory,
        Ratio,
        Neutral,
        None,
        None,
        |p| p.avg_daily_units()
    ),
    m!(
        "days_of_cover",
        "Days of cover",
        "可售天数",
        Inventory,
        Days,
        Neutral,
        Some(Thresholds::Band {
            good_lo: dec(30, 0),
            good_hi: dec(60, 0),
            bad_lo: dec(14, 0),
            bad_hi: dec(90, 0)
        }),
        None,
        |p| if p.has_snapshot {
            div(Some(p.on_hand.into()), p.avg_daily_units())
        } else {
            None
        }
    ),
    m!(
        "inventory_turnover",
        "Turnover (yr)",
        "库存周转率(年化)",
        Inventory,
        Ratio,
        Up,
        hi(dec(6, 0), dec(4, 0)),
        None,
        |p| { p.inventory_turnover() }
    ),
    m!(
        "turnover_days",
        "Turnover days",
        "库存周转天数",
        Inventory,
        Days,
        Down,
        lo(dec(60, 0), dec(90, 0)),
        None,
        |p| { div(Some(Decimal::from(365)), p.inventory_turnover()) }
    ),
    m!(
        "stockout_rate",
        "Stock-out rate",
        "缺货率",
        Inventory,
        Percent,
        Down,
        lo(dec(5, 2), dec(10, 2)),
        None,
        |p| { pct(p.stockout.0, p.stockout.1) }
    ),
    m!(
        "sell_through_rate",
        "Sell-through",
        "动销率",
        Inventory,
        Percent,
        Up,
        hi(dec(80, 2), dec(50, 2)),
        None,
        |p| { pct(p.sell_through.0, p.sell_through.1) }
    ),
    m!(
        "stale_rate",
        "Stale rate",
        "滞销率",
        Inventory,
        Percent,
        Down,
        lo(dec(10, 2), dec(20, 2)),
        None,
        |p| { pct(p.stale.0, p.stale.1) }
    ),
    sku_m!("safety_stock", "Safety stock", "安全库存", Units, |p| p
        .restock
        .as_ref()
        .map(|r| r.safety_stock)),
    sku_m!("reorder_point", "Reorder point", "补货点", Units, |p| p
        .restock
        .as_ref()
        .map(|r| r.reorder_point)),
    sku_m!("needs_restock", "Needs restock", "需补货", Flag, |p| p
        .restock
        .as_ref()
        .map(|r| r.needs_restock)),
    // On Profit: its net margin reads the profit facts, which the Inventory tab need not.
    MetricDef {
        id: "stockout_loss",
        en: "Stock-out loss",
        zh: "缺货损失",
        panel: Panel::Profit,
        unit: Unit::Money,
        dir: Direction::Neutral,
        thresholds: None,
        additive: Additivity::None,
        sku_only: true,
        calc: |p| p.stockout_loss(),
    },
    sku_m!(
        "restock_qty",
        "Restock qty",
        "建议补货量",
        Units,
        |p| p.restock.as_ref().map(|r| r.restock_qty)
    ),
    // ── Fulfilment and experience 履约与客户体验
    m!(
        "fulfillment_rate",
        "Fulfilment rate",
        "订单履约率",
        Experience,
        Percent,
        Up,
        hi(dec(98, 2), dec(95, 2)),
        None,
        |p| { pct(p.shipped, p.orders) }
    ),
    m!(
        "on_time_ship_rate",
        "On-time ship",
        "准时发货率",
        Experience,
        Percent,
        Up,
        hi(dec(95, 2), dec(90, 2)),
        None,
        |p| { pct(p.on_time, p.with_ship_by) }
    ),
    m!(
        "avg_ship_hours",
        "Ship hours",
        "平均发货时长",
        Experience,
        Hours,
        Down,
        lo(dec(48, 0), dec(72, 0)),
        None,
        |p| {
            div(
                Some(Decimal::from(p.ship_ms)),
                Some(Decimal::from(p.shipped) * Decimal::from(3_600_000)),
            )
        }
    ),
    m!(
        "delivery_rate",
        "Delivery rate",
        "物流妥投率",
        Experience,
        Percent,
        Up,
        hi(dec(98, 2), dec(95, 2)),
        None,
        |p| { pct(p.delivered, p.shipped) }
    ),
    m!(
        "avg_delivery_days",
        "Delivery days",
        "配送时效",
        Experience,
        Days,
        Down,
        None,
        None,
        |p| {
            div(
                Some(Decimal::from(p.delivery_ms)),
                Some(Decimal::from(p.delivered) * Decimal::from(86_400_000)),
            )
        }
    ),
    m!(
        "damage_rate",
        "Damage rate",
        "破损率",
        Experience,
        Percent,
        Down,
        lo(dec(1, 2), dec(3, 2)),
        None,
        |p| { pct(p.damaged, p.shipped) }
    ),
    m!(
        "return_rate",
        "Return rate",
        "退货率",
        Experience,
        Percent,
        Down,
        lo(dec(5, 2), dec(10, 2)),
        None,
        |p| { pct(p.return_orders, p.orders) }
    ),
    m!(
        "refund_rate",
        "Refund rate",
        "退款率",
        Experience,
        Percent,
        Down,
        lo(dec(5, 2), dec(10, 2)),
        None,
        |p| { div(p.refunds, p.gmv()) }
    ),
    m!(
        "reviews",
        "Reviews",
        "评价数",
        Experience,
        Count,
        Neutral,
        None,
        All,
        |p| Some(p.reviews.into())
    ),
    m!(
        "avg_rating",
        "Avg rating",
        "平均星级",
        Experience,
        Stars,
        Up,
        hi(dec(43, 1), dec(38, 1)),
        None,
        |p| { pct(p.rating_sum, p.reviews) }
    ),
    m!(
        "negative_review_rate",
        "Negative reviews",
        "差评率",
        Experience,
        Percent,
        Down,
        lo(dec(1, 2), dec(5, 2)),
        None,
        |p| { pct(p.negative_reviews, p.reviews) }
    ),
    m!(
        "positive_review_share",
        "Positive reviews",
        "好评占比",
        Experience,
        Percent,
        Up,
        hi(dec(85, 2), dec(70, 2)),
        None,
        |p| { pct(p.positive_reviews, p.reviews) }
    ),
    m!(
        "nps",
        "NPS",
        "净推荐值",
        Experience,
        Points,
        Up,
        hi(dec(40, 0), dec(0, 0)),
        None,
        |p| {
            pct(p.nps_promoters - p.nps_detractors, p.nps_responses).map(|r| r * Decimal::from(100))
        }
    ),
    m!(
        "csat",
        "CSAT",
        "客户满意度",
        Experience,
        Percent,
        Up,
        hi(dec(85, 2), dec(70, 2)),
        None,
        |p| { pct(p.csat_good, p.csat_responses) }
    ),
    m!(
        "after_sales_rate",
        "After-sales rate",
        "售后率",
        Experience,
        Percent,
        Down,
        lo(dec(3, 2), dec(6, 2)),
        None,
        |p| { pct(p.ticket_orders, p.orders) }
    ),
    m!(
        "first_response_hours",
        "First response h",
        "首次响应时效",
        Experience,
        Hours,
        Down,
        lo(dec(24, 0), dec(48, 0)),
        None,
        |p| {
            div(
                Some(Decimal::from(p.first_response_ms)),
                Some(Decimal::from(p.first_responses) * Decimal::from(3_600_000)),
            )
        }
    ),
    m!(
        "resolution_hours",
        "Resolution h",
        "平均解决时长",
        Experience,
        Hours,
        Down,
        None,
        None,
        |p| {
            div(
                Some(Decimal::from(p.resolution_ms)),
                Some(Decimal::from(p.resolved) * Decimal::from(3_600_000)),
            )
        }
    ),
    m!(
        "first_contact_resolution",
        "First-contact res.",
        "一次解决率",
        Experience,
        Percent,
        Up,
        hi(dec(90, 2), dec(75, 2)),
        None,
        |p| { pct(p.first_contact_resolved, p.resolved) }
    ),
    m!(
        "escalation_rate",
        "Escalation rate",
        "升级率",
        Experience,
        Percent,
        Down,
        None,
        None,
        |p| pct(p.escalated, p.tickets)
    ),
    m!(
        "odr",
        "ODR",
        "订单缺陷率 ODR",
        Experience,
        Percent,
        Down,
        lo(dec(1, 2), dec(2, 2)),
        None,
        |p| { pct(p.defect_orders, p.orders) }
    ),
    // ── Profit 财务与利润
    m!(
        "cogs",
        "COGS",
        "销售成本",
        Profit,
        Money,
        Neutral,
        None,
        All,
        |p| p.cogs
    ),
    m!(
        "gross_profit",
        "Gross profit",
        "毛利额",
        Profit,
        Money,
        Up,
        None,
        All,
        |p| p.gross_profit()
    ),
    m!(
        "gross_margin",
        "Gross margin",
        "毛利率",
        Profit,
        Percent,
        Up,
        hi(dec(25, 2), dec(15, 2)),
        None,
        |p| p.over_net_sales(p.gross_profit())
    ),
    m!(
        "expenses",
        "Expenses",
        "费用合计",
        Profit,
        Money,
        Neutral,
        None,
        All,
        |p| p.expenses_total()
    ),
    m!(
        "expense_platform_fee",
        "Platform fees",
        "平台费",
        Profit,
        Money,
        Neutral,
        None,
        All,
        |p| p.expense(0)
    ),
    m!(
        "expense_fulfillment",
        "Fulfilment fees",
        "履约费",
        Profit,
        Money,
        Neutral,
        None,
        All,
        |p| p.expense(1)
    ),
    m!(
        "expense_shipping",
        "Shipping",
        "物流费",
        Profit,
        Money,
        Neutral,
        None,
        All,
        |p| p.expense(2)
    ),
    m!(
        "expense_storage",
        "Storage",
        "仓储费",
        Profit,
        Money,
        Neutral,
        None,
        All,
        |p| p.expense(3)
    ),
    m!(
        "expense_payment",
        "Payment fees",
        "支付费",
        Profit,
        Money,
        Neutral,
        None,
        All,
        |p| p.expense(4)
    ),
    m!(
        "expense_marketing",
        "Marketing",
        "营销费",
        Profit,
        Money,
        Neutral,
        None,
        All,
        |p| p.expense(5)
    ),
    m!(
        "expense_staff",
        "Staff",
        "人工",
        Profit,
        Money,
        Neutral,
        None,
        All,
        |p| p.expense(6)
    ),
    m!(
        "expense_software",
        "Software",
        "软件",
        Profit,
        Money,
        Neutral,
        None,
        All,
        |p| p.expense(7)
    ),
    m!(
        "expense_rent",
        "Rent",
        "租金",
        Profit,
        Money,
        Neutral,
        None,
        All,
        |p| p.expense(8)
    ),
    m!(
        "expense_other",
        "Other expenses",
        "其他",
        Profit,
        Money,
        Neutral,
        None,
        All,
        |p| p.expense(9)
    ),
    m!(
        "expense_ratio_platform_fee",
        "Platform fee %",
        "平台费率",
        Profit,
        Percent,
        Down,
        None,
        None,
        |p| p.expense_ratio(0)
    ),
    m!(
        "expense_ratio_fulfillment",
        "Fulfilment %",
        "履约费率",
        Profit,
        Percent,
        Down,
        None,
        None,
        |p| p.expense_ratio(1)
    ),
    m!(
        "expense_ratio_shipping",
        "Shipping %",
        "物流费率",
        Profit,
        Percent,
        Down,
        None,
        None,
        |p| p.expense_ratio(2)
    ),
    m!(
        "expense_ratio_storage",
        "Storage %",
        "仓储费率",
        Profit,
        Percent,
        Down,
        None,
        None,
        |p| p.expense_ratio(3)
    ),
    m!(
        "expense_ratio_payment",
        "Payment %",
        "支付费率",
        Profit,
        Percent,
        Down,
        None,
        None,
        |p| p.expense_ratio(4)
    ),
    m!(
        "expense_ratio_marketing",
        "Marketing %",
        "营销费率",
        Profit,
        Percent,
        Down,
        None,
        None,
        |p| p.expense_ratio(5)
    ),
    m!(
        "expense_ratio_staff",
        "Staff %",
        "人工费率",
        Profit,
        Percent,
        Down,
        None,
        None,
        |p| p.expense_ratio(6)
    ),
    m!(
        "expense_ratio_software",
        "Software %",
        "软件费率",
        Profit,
        Percent,
        Down,
        None,
        None,
        |p| p.expense_ratio(7)
    ),
    m!(
        "expense_ratio_rent",
        "Rent %",
        "租金费率",
        Profit,
        Percent,
        Down,
        None,
        None,
        |p| p.expense_ratio(8)
    ),
    m!(
        "expense_ratio_other",
        "Other %",
        "其他费率",
        Profit,
        Percent,
        Down,
        None,
        None,
        |p| p.expense_ratio(9)
    ),
    m!(
        "ad_cost_ratio",
        "Ad cost %",
        "广告费率",
        Profit,
        Percent,
        Down,
        None,
        None,
        |p| p.over_net_sales(p.ad_spend)
    ),
    m!(
        "net_profit",
        "Net profit",
        "净利润",
        Profit,
        Money,
        Up,
        None,
        All,
        |p| p.net_profit()
    ),
    m!(
        "net_margin",
        "Net margin",
        "净利率",
        Profit,
        Percent,
        Up,
        hi(dec(8, 2), dec(0, 2)),
        None,
        |p| p.over_net_sales(p.net_profit())
    ),
    m!(
        "allocated_fees",
        "Alloc. store fees",
        "分摊店铺费用",
        Profit,
        Money,
        Neutral,
        None,
        All,
        |p| p.alloc_expenses
    ),
    m!(
        "allocated_ads",
        "Alloc. store ads",
        "分摊店铺广告",
        Profit,
        Money,
        Neutral,
        None,
        All,
        |p| p.alloc_ads
    ),
    m!(
        "contribution_profit",
        "Contribution",
        "贡献利润",
        Profit,
        Money,
        Up,
        None,
        All,
        |p| p.contribution_profit()
    ),
    m!(
        "contribution_margin",
        "Contrib. margin",
        "贡献利润率",
        Profit,
        Percent,
        Up,
        hi(dec(15, 2), dec(5, 2)),
        None,
        |p| p.over_net_sales(p.contribution_profit())
    ),
    m!(
        "profit_per_order",
        "Profit/order",
        "单均利润",
        Profit,
        Money,
        Up,
        None,
        None,
        |p| div(p.net_profit(), Some(p.orders.into()))
    ),
    m!(
        "profit_per_customer",
        "Profit/customer",
        "客均利润",
        Profit,
        Money,
        Up,
        None,
        None,
        |p| { div(p.net_profit(), Some(p.customers.into())) }
    ),
    m!(
        "fixed_cost_share",
        "Fixed-cost share",
        "固定成本占比",
        Profit,
        Percent,
        Neutral,
        None,
        None,
        |p| p.fixed_cost_share()
    ),
    m!(
        "fx_impact",
        "FX impact",
        "汇率影响额",
        Profit,
        Money,
        Neutral,
        None,
        All,
        |p| p.fx_impact
    ),
    // ── Customers 用户运营与留存
    m!(
        "customers",
        "Customers",
        "下单用户数",
        Customers,
        Count,
        Up,
        None,
        None,
        |p| Some(p.customers.into())
    ),
    m!(
        "new_customers",
        "New customers",
        "新用户数",
        Customers,
        Count,
        Up,
        None,
        AboveSku,
        |p| Some(p.new_customers.into())
    ),
    m!(
        "returning_customers",
        "Returning",
        "老用户数",
        Customers,
        Count,
        Up,
        None,
        None,
        |p| { Some(p.returning_customers.into()) }
    ),
    m!(
        "returning_gmv_share",
        "Returning GMV %",
        "老客销售额占比",
        Customers,
        Percent,
        Up,
        None,
        None,
        |p| { div(p.returning_gmv, p.gmv()) }
    ),
    m!(
        "repeat_order_share",
        "Repeat orders %",
        "复购订单占比",
        Customers,
        Percent,
        Up,
        None,
        None,
        |p| { pct(p.repeat_orders, p.customer_orders) }
    ),
    m!(
        "repeat_purchase_rate",
        "Repeat rate",
        "复购率",
        Customers,
        Percent,
        Up,
        hi(dec(15, 2), dec(5, 2)),
        None,
        |p| { pct(p.repeaters, p.customers) }
    ),
    m!(
        "purchase_frequency",
        "Orders/yr",
        "年购买频次",
        Customers,
        Ratio,
        Up,
        None,
        None,
        |p| pct(p.orders_365, p.customers_365)
    ),
    m!(
        "ltv",
        "LTV",
        "用户生命周期价值",
        Customers,
        Money,
        Up,
        None,
        None,
        |p| p.ltv()
    ),
    m!(
        "ltv_cac",
        "LTV/CAC",
        "LTV/CAC",
        Customers,
        Ratio,
        Up,
        hi(dec(3, 0), dec(1, 0)),
        None,
        |p| div(p.ltv(), p.cac())
    ),
    m!(
        "winback_rate",
        "Win-back rate",
        "沉默用户唤醒率",
        Customers,
        Percent,
        Up,
        None,
        None,
        |p| pct(p.won_back, p.lapsed)
    ),
];

pub fn find(id: &str) -> Option<&'static MetricDef> {
    CATALOGUE.iter().find(|m| m.id == id)
}

/// A suggestion that applies only while a flag is set: (metric, its flag). The
/// cockpit shows it in parentheses, muted, while the flag is 0 — a restock quantity
/// for a SKU that does not need restocking yet is what to order once it does.
pub const GATED: &[(&str, &str)] = &[("restock_qty", "needs_restock")];

/// Whether `id` is a gated suggestion whose flag is off in `row`.
pub fn gated_off(id: &str, row: &crate::metrics::report::Row) -> bool {
    GATED
        .iter()
        .any(|(m, flag)| *m == id && row.value(flag).is_some_and(|v| v.is_zero()))
}

/// The base of a ratio or mean (kpi-spec rule 18): the count it is over. Alerts on a
/// value need `alert.min_base` of it; reports show it as `n`. Additive metrics have none.
pub fn base(id: &str) -> Option<fn(&Parts) -> i64> {
    let f: fn(&Parts) -> i64 = match id {
        "aov"
        | "units_per_order"
        | "fulfillment_rate"
        | "return_rate"
        | "after_sales_rate"
        | "odr"
        | "mobile_order_share"
        | "profit_per_order"
        | "refund_rate"
        | "tacos"
        | "ad_sales_share"
        | "gross_margin"
        | "net_margin"
        | "contribution_margin"
        | "ad_cost_ratio"
        | "discount_rate"
        | "fixed_cost_share"
        | "new_sku_sales_share"
        | "share" => |p| p.orders,
        "cancel_rate" | "payment_success_rate" => |p| p.orders_all,
        "on_time_ship_rate" => |p| p.with_ship_by,
        "avg_ship_hours" | "delivery_rate" | "damage_rate" => |p| p.shipped,
        "avg_delivery_days" => |p| p.delivered,
        "avg_rating" | "negative_review_rate" | "positive_review_share" => |p| p.reviews,
        "nps" => |p| p.nps_responses,
        "csat" => |p| p.csat_responses,
        "first_response_hours" => |p| p.first_responses,
        "resolution_hours" | "first_contact_resolution" => |p| p.resolved,
        "escalation_rate" => |p| p.tickets,
        "cvr"
        | "cart_rate"
        | "bounce_rate"
        | "pages_per_session"
        | "rpv"
        | "mobile_session_share"
        | "ad_traffic_share" => |p| p.sessions,
        "checkout_rate" | "cart_abandonment" => |p| p.add_to_cart.known,
        "acos" | "roas" | "cpc" | "ad_cvr" => |p| p.clicks.known_sum(),
        "ctr" | "cpm" => |p| p.impressions.known_sum(),
        "stockout_rate" => |p| p.stockout.1,
        "stale_rate" => |p| p.stale.1,
        "sell_through_rate" => |p| p.sell_through.1,
        "repeat_purchase_rate" | "returning_gmv_share" | "profit_per_customer" => |p| p.customers,
        "repeat_order_share" => |p| p.customer_orders,
        "purchase_frequency" | "ltv" | "ltv_cac" => |p| p.customers_365,
        "winback_rate" => |p| p.lapsed,
        "cac" => |p| p.new_customers,
        _ if id.starts_with("expense_ratio_") => |p| p.orders,
        _ => return None,
    };
    Some(f)
}

/// Metrics whose value still changes after the period (late shipments, deliveries,
/// returns and refunds), and those built on them (net sales and every profit figure).
const MATURING: &[&str] = &[
    "stockout_loss",
    "fulfillment_rate",
    "on_time_ship_rate",
    "delivery_rate",
    "avg_delivery_days",
    "damage_rate",
    "return_rate",
    "refunds",
    "refund_rate",
    "net_sales",
    "after_sales_rate",
    "odr",
    "gross_profit",
    "gross_margin",
    "net_profit",
    "net_margin",
    "contribution_profit",
    "contribution_margin",
    "ad_cost_ratio",
    "profit_per_order",
    "profit_per_customer",
    "fx_impact",
];

/// Prefix of the dynamic `new_by_acquisition.<value>` metrics (a count, additive above SKU level).
pub const ACQUISITION_PREFIX: &str = "new_by_acquisition.";

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

/// The metrics a panel's table shows, in order (the panel's own catalogue entries).
pub fn panel_metrics(panel: Panel) -> impl Iterator<Item = &'static MetricDef> {
    CATALOGUE.iter().filter(move |m| m.panel == panel)
}

/// Headline KPIs of the overview cards.
/// Whether `id` can name an external KPI of `metrics.csv` (market share, brand search
/// ...): a lower-case identifier that is not a catalogue metric.
pub fn external_id(id: &str) -> bool {
    let mut b = id.bytes();
    b.next().is_some_and(|c| c.is_ascii_lowercase())
        && b.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_' || c == b'.')
        && find(id).is_none()
}

/// A threshold of an external KPI, which has no direction of its own: GOOD above BAD
/// means higher is better, below it lower is better.
pub fn external_thresholds(s: &str) -> Option<Thresholds> {
    let (g, b) = s.split_once('/')?;
    let (g, b) = (
        crate::util::parse_plain_decimal(g)?,
        crate::util::parse_plain_decimal(b)?,
    );
    let dir = match g.cmp(&b) {
        std::cmp::Ordering::Greater => Direction::Up,
        std::cmp::Ordering::Less => Direction::Down,
        std::cmp::Ordering::Equal => return None,
    };
    Thresholds::parse_override(s, dir)
}

/// Who looks (seed 003: a KPI board per role): each role's Overview cards and the
/// tab the cockpit opens on. Chosen with `--role`, the `r` key, or the workbook's
/// `role` setting (`sellerdeck config WB role ads`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Role {
    /// The company's few KPIs: sales, profit, ads, conversion, returns.
    #[default]
    Owner,
    /// Operations: traffic, conversion, stock and fulfilment.
    Operator,
    /// Advertising: spend and what it returns.
    Ads,
    /// Customer service: tickets, reviews and satisfaction.
    Service,
}

/// (role, name, 中文, default tab, Overview cards).
pub const ROLES: &[(Role, &str, &str, Panel, &[&str])] = &[
    (Role::Owner, "owner", "老板", Panel::Overview, &OVERVIEW),
    (
        Role::Operator,
        "operator",
        "运营",
        Panel::Funnel,
        &[
            "gmv",
            "sessions",
            "cvr",
            "stockout_rate",
            "days_of_cover",
            "on_time_ship_rate",
            "cancel_rate",
            "return_rate",
        ],
    ),
    (
        Role::Ads,
        "ads",
        "广告",
        Panel::Ads,
        &[
            "ad_spend", "ad_sales", "acos", "roas", "tacos", "ctr", "cpc", "ad_cvr",
        ],
    ),
    (
        Role::Service,
        "service",
        "客服",
        Panel::Experience,
        &[
            "first_response_hours",
            "first_contact_resolution",
            "escalation_rate",
            "csat",
            "nps",
            "avg_rating",
            "negative_review_rate",
            "after_sales_rate",
        ],
    ),
];

impl Role {
    pub const ALL: [Role; 4] = [Role::Owner, Role::Operator, Role::Ads, Role::Service];
    fn entry(
        self,
    ) -> &'static (
        Role,
        &'static str,
        &'static str,
        Panel,
        &'static [&'static str],
    ) {
        ROLES
            .iter()
            .find(|r| r.0 == self)
            .expect("every role in ROLES")
    }
    pub fn name(self) -> &'static str {
        self.entry().1
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.entry().1,
            Lang::Zh => self.entry().2,
        }
    }
    pub fn default_tab(self) -> Panel {
        self.entry().3
    }
    /// The Overview cards of the role (5–8 catalogue metrics).
    pub fn cards(self) -> &'static [&'static str] {
        self.entry().4
    }
    pub fn parse(s: &str) -> Option<Role> {
        let s = s.trim().to_ascii_lowercase();
        ROLES.iter().find(|r| r.1 == s).map(|r| r.0)
    }
    pub fn next(self) -> Role {
        let i = Role::ALL.iter().position(|r| *r == self).unwrap_or(0);
        Role::ALL[(i + 1) % Role::ALL.len()]
    }
    /// The roles a metric is a card of.
    pub fn of_metric(id: &str) -> Vec<Role> {
        ROLES
            .iter()
            .filter(|r| r.4.contains(&id))
            .map(|r| r.0)
            .collect()
    }
}

pub const OVERVIEW: [&str; 8] = [
    "gmv",
    "orders",
    "aov",
    "net_profit",
    "net_margin",
    "acos",
    "cvr",
    "return_rate",
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_thresholds_ordered() {
        let mut seen = HashSet::new();
        for m in CATALOGUE {
            assert!(seen.insert(m.id), "duplicate id {}", m.id);
            match m.thresholds {
                Some(Thresholds::Higher { good, bad }) => assert!(good >= bad, "{}", m.id),
                Some(Thresholds::Lower { good, bad }) => assert!(good <= bad, "{}", m.id),
                _ => {}
            }
        }
        assert_eq!(CATALOGUE.len(), 124);
    }

    #[test]
    fn health_bands() {
        let acos = find("acos").unwrap().thresholds.unwrap();
        assert_eq!(acos.health(Decimal::new(29, 2)), Health::Good);
        assert_eq!(acos.health(Decimal::new(40, 2)), Health::Warn);
        assert_eq!(acos.health(Decimal::new(51, 2)), Health::Bad);
        let doc = find("days_of_cover").unwrap().thresholds.unwrap();
        assert_eq!(doc.health(Decimal::from(45)), Health::Good);
        assert_eq!(doc.health(Decimal::from(20)), Health::Warn);
        assert_eq!(doc.health(Decimal::from(10)), Health::Bad);
        assert_eq!(doc.health(Decimal::from(91)), Health::Bad);
    }
}

/// How an alert on a metric turns into money at stake (kpi-spec rule 18), in base
/// currency; `delta` is the gap to the good boundary or the change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Impact {
    /// A money metric: the gap itself.
    Money,
    /// The gap times the money the metric applies to (ACoS × ad_sales = overspend,
    /// ROAS × ad_spend = sales short, a margin × net_sales).
    Of(&'static str),
    /// A rate over a base whose every unit is an order at stake (a lost conversion,
    /// a cancelled, late, damaged or returned order, an unhappy review or ticket):
    /// gap × n × the row's gmv per order.
    Orders,
    /// A count or units: the gap at the row's gmv per unit of it.
    PerUnit,
    /// Stock beyond its good cover: that share of the stock's value, times the
    /// carrying cost of holding it over the period (`alert.carrying_cost` a year).
    Overstock,
    /// Seed 004's stock-out loss of the row (`stockout_loss`) where it has one, else
    /// the orders rule.
    StockOut,
    /// No money follows from the value itself (pages per session, star means, hours,
    /// ratios of ratios): the alert ranks last and is not raised on a SKU row.
    None,
}

/// The money rule of a metric's alerts; by unit unless listed.
pub fn impact(m: &MetricDef) -> Impact {
    match m.id {
        "acos" => Impact::Of("ad_sales"),
        // the reciprocal of ACoS, whose overspend is its money
        "roas" => Impact::None,
        // dependence on ads, not money lost: ACoS carries the money of the ads cause
        "ad_traffic_share" | "ad_sales_share" => Impact::None,
        "gross_margin" | "net_margin" | "contribution_margin" | "ad_cost_ratio" => {
            Impact::Of("net_sales")
        }
        id if id.starts_with("expense_ratio_") => Impact::Of("net_sales"),
        "tacos" | "refund_rate" | "discount_rate" | "cart_rate" | "bounce_rate"
        | "cart_abandonment" | "checkout_rate" => Impact::Of("gmv"),
        "cvr"
        | "cancel_rate"
        | "payment_success_rate"
        | "fulfillment_rate"
        | "on_time_ship_rate"
        | "delivery_rate"
        | "damage_rate"
        | "return_rate"
        | "after_sales_rate"
        | "odr"
        | "negative_review_rate"
        | "positive_review_share"
        | "csat"
        | "first_contact_resolution"
        | "escalation_rate"
        | "repeat_purchase_rate" => Impact::Orders,
        "days_of_cover" | "inventory_turnover" | "turnover_days" | "stale_rate" => {
            Impact::Overstock
        }
        "stockout_rate" => Impact::StockOut,
        // traffic counts: their money shows in the orders and gmv they lead to
        "sessions" | "page_views" | "add_to_cart" | "checkouts" | "impressions" | "clicks"
        | "active_skus" => Impact::None,
        // customers: their money is in the orders and gmv of the period
        "customers" | "new_customers" | "returning_customers" => Impact::None,
        _ => match m.unit {
            Unit::Money => Impact::Money,
            Unit::Count | Unit::Units => Impact::PerUnit,
            _ => Impact::None,
        },
    }
}

/// The cause an alert stands for: alerts of one row on metrics of one cause are one
/// alert (ACoS, ROAS and TACoS of a runaway campaign), named by its biggest.
pub fn cause(id: &str) -> &str {
    match id {
        "acos" | "roas" | "tacos" | "ad_cost_ratio" | "ad_sales_share" | "ad_traffic_share"
        | "ad_spend" | "ad_sales" | "cpc" | "ctr" | "cpm" | "ad_cvr" | "impressions" | "clicks"
        | "ad_orders" => "ads",
        "days_of_cover" | "inventory_turnover" | "turnover_days" | "stale_rate"
        | "sell_through_rate" | "inventory_value" => "stock",
        "stockout_rate" | "stockout_loss" => "stock-out",
        // demand: the sales of a row and the traffic, conversion and customers they
        // come from (gmv = sessions × CVR × AOV): one story when they fall together
        "cvr"
        | "cart_rate"
        | "checkout_rate"
        | "cart_abandonment"
        | "bounce_rate"
        | "pages_per_session"
        | "rpv"
        | "sessions"
        | "page_views"
        | "add_to_cart"
        | "checkouts"
        | "gmv"
        | "gross_sales"
        | "net_sales"
        | "orders"
        | "units"
        | "customers"
        | "new_customers"
        | "returning_customers" => "demand",
        "first_contact_resolution"
        | "escalation_rate"
        | "resolution_hours"
        | "first_response_hours"
        | "tickets" => "service",
        "avg_rating" | "negative_review_rate" | "positive_review_share" | "nps" | "csat" => {
            "satisfaction"
        }
        "fulfillment_rate" | "on_time_ship_rate" | "avg_ship_hours" | "delivery_rate"
        | "avg_delivery_days" | "damage_rate" | "odr" => "delivery",
        "return_rate" | "refund_rate" | "refunds" | "after_sales_rate" => "returns",
        "gross_margin"
        | "net_margin"
        | "contribution_margin"
        | "gross_profit"
        | "net_profit"
        | "contribution_profit" => "margin",
        "repeat_purchase_rate"
        | "repeat_order_share"
        | "returning_gmv_share"
        | "ltv"
        | "ltv_cac"
        | "purchase_frequency" => "retention",
        _ => id,
    }
}
