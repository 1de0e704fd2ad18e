//! The metric catalogue: one definition per metric of `kpi-spec.md`.
//!
//! This table drives every place that shows metrics: the cockpit's panels and
//! help, the reports and the alerts. Adding a metric is one entry here plus
//! its computation (`calc`, from the additive parts of a row).

use std::sync::LazyLock;

use rust_decimal::Decimal;
use serde::Serialize;

pub use crate::domain::{
    ACQUISITION_PREFIX, EXPENSE_CATEGORIES, ExpenseCategory, Lang, Level, MetricId, Unit,
    external_id,
};
use crate::metrics::needs::{Fact, Fact::*, Needs};
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
    pub id: MetricId,
    pub en: &'static str,
    pub zh: &'static str,
    pub panel: Panel,
    pub unit: Unit,
    pub dir: Direction,
    pub thresholds: Option<Thresholds>,
    pub additive: Additivity,
    /// Only meaningful for SKU rows (safety stock, reorder point ...).
    pub sku_only: bool,
    /// Undefined on SKU rows: a fact of orders, not of the products in them (surveys).
    pub not_on_skus: bool,
    /// Has a comparison value and change (fx_impact has none: its base is the
    /// comparison period's rates).
    pub compared: bool,
    pub calc: Calc,
    /// The fact groups its formula reads: a refresh computes only what its metrics read.
    pub reads: Needs,
    /// The count a ratio or mean is over (kpi-spec rule 18): alerts on the value need
    /// `alert.min_base` of it, reports show it as `n`. Additive metrics have none.
    pub base: Option<fn(&Parts) -> i64>,
    /// How an alert on it turns into money at stake (rule 18).
    pub impact: Impact,
    /// The story its alerts belong to, shared with other metrics of the row (None: its own).
    pub cause: Option<Cause>,
    /// The value still changes after its period ends (late shipments, deliveries, returns
    /// and refunds), or is built on one that does (net sales and every profit figure).
    pub maturing: bool,
    /// A suggestion that applies only while this flag metric is set (a restock quantity
    /// is what to order once the SKU needs restocking): shown muted while the flag is 0.
    pub gated_by: Option<MetricId>,
    /// Where it is a table column: tab, position, levels and whether with its change.
    pub columns: &'static [Placement],
    /// The tabs whose trend (the detail chart of the selected row) is this metric.
    pub trend: &'static [Panel],
    /// The roles whose Overview shows it as a card, with its position among them.
    pub cards: &'static [(Role, u8)],
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
        self.maturing
    }
    /// The key alerts of one row are grouped by: its cause, or the metric itself.
    pub fn cause_key(&self) -> &'static str {
        self.cause.map_or(self.id.as_str(), Cause::name)
    }
    /// Whether it is a gated suggestion whose flag is off in `row`.
    pub fn gated_off(&self, row: &crate::metrics::report::Row) -> bool {
        self.gated_by
            .is_some_and(|flag| row.value(flag).is_some_and(|v| v.is_zero()))
    }

    // Builders of the entries below (`m!(…).reads(…).columns(…)`).
    const fn new(
        id: MetricId,
        en: &'static str,
        zh: &'static str,
        panel: Panel,
        unit: Unit,
    ) -> Self {
        MetricDef {
            id,
            en,
            zh,
            panel,
            unit,
            dir: Direction::Neutral,
            thresholds: None,
            additive: Additivity::None,
            sku_only: false,
            not_on_skus: false,
            compared: true,
            calc: |_| None,
            reads: Needs::NONE,
            base: None,
            impact: Impact::by_unit(unit),
            cause: None,
            maturing: false,
            gated_by: None,
            columns: &[],
            trend: &[],
            cards: &[],
        }
    }
    const fn not_on_skus(mut self) -> Self {
        self.not_on_skus = true;
        self
    }
    const fn uncompared(mut self) -> Self {
        self.compared = false;
        self
    }
    const fn reads(mut self, facts: &[Fact]) -> Self {
        self.reads = Needs::of(facts);
        self
    }
    const fn base(mut self, base: fn(&Parts) -> i64) -> Self {
        self.base = Some(base);
        self
    }
    const fn impact(mut self, impact: Impact) -> Self {
        self.impact = impact;
        self
    }
    const fn cause(mut self, cause: Cause) -> Self {
        self.cause = Some(cause);
        self
    }
    const fn maturing(mut self) -> Self {
        self.maturing = true;
        self
    }
    const fn gated_by(mut self, flag: MetricId) -> Self {
        self.gated_by = Some(flag);
        self
    }
    const fn columns(mut self, at: &'static [Placement]) -> Self {
        self.columns = at;
        self
    }
    const fn trend(mut self, tabs: &'static [Panel]) -> Self {
        self.trend = tabs;
        self
    }
    const fn cards(mut self, of: &'static [(Role, u8)]) -> Self {
        self.cards = of;
        self
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
    ($id:ident, $en:literal, $zh:literal, $panel:ident, $unit:ident, $dir:ident, $th:expr, $add:ident, $calc:expr) => {
        MetricDef {
            dir: Direction::$dir,
            thresholds: $th,
            additive: Additivity::$add,
            calc: $calc,
            ..MetricDef::new(MetricId::$id, $en, $zh, Panel::$panel, Unit::$unit)
        }
    };
}

macro_rules! sku_m {
    ($id:ident, $en:literal, $zh:literal, $unit:ident, $calc:expr) => {
        MetricDef {
            sku_only: true,
            calc: $calc,
            ..MetricDef::new(MetricId::$id, $en, $zh, Panel::Inventory, Unit::$unit)
        }
    };
}

use crate::util::div;

fn pct(n: i64, d: i64) -> Option<Decimal> {
    div(Some(n.into()), Some(d.into()))
}

pub static CATALOGUE: &[MetricDef] = DEFS;

const DEFS: &[MetricDef] = &[
    // ── Growth 业务规模与增长
    m!(
        GrossSales,
        "Gross sales",
        "商品总额",
        Growth,
        Money,
        Up,
        None,
        All,
        |p| p.gross
    )
    .reads(&[Sales])
    .cause(Cause::Demand),
    m!(
        Discounts,
        "Discounts",
        "折扣金额",
        Growth,
        Money,
        Neutral,
        None,
        All,
        |p| p.discounts
    )
    .reads(&[Sales]),
    m!(
        Gmv,
        "GMV",
        "销售额 GMV",
        Growth,
        Money,
        Up,
        None,
        All,
        |p| p.gmv()
    )
    .reads(&[Sales])
    .cause(Cause::Demand)
    .columns(&[
        on(Panel::Overview, 0).with_change(),
        on(Panel::Growth, 0).with_change(),
    ])
    .trend(&[Panel::Overview, Panel::Growth])
    .cards(&[(Role::Owner, 0), (Role::Operator, 0)]),
    m!(
        Orders,
        "Orders",
        "订单数",
        Growth,
        Count,
        Up,
        None,
        AboveSku,
        |p| Some(p.orders.into())
    )
    .reads(&[Sales])
    .cause(Cause::Demand)
    .columns(&[
        on(Panel::Overview, 2).with_change(),
        on(Panel::Growth, 2).with_change(),
    ])
    .cards(&[(Role::Owner, 1)]),
    m!(
        Units,
        "Units",
        "销量",
        Growth,
        Count,
        Up,
        None,
        All,
        |p| Some(p.units.into())
    )
    .reads(&[Sales])
    .cause(Cause::Demand)
    .columns(&[on(Panel::Overview, 3), on(Panel::Growth, 3)]),
    m!(
        Aov,
        "AOV",
        "客单价",
        Growth,
        Money,
        Up,
        None,
        None,
        |p| div(p.gmv(), Some(p.orders.into()))
    )
    .reads(&[Sales])
    .base(|p| p.orders)
    .columns(&[
        on(Panel::Overview, 4).with_change(),
        on(Panel::Growth, 4).with_change(),
    ])
    .cards(&[(Role::Owner, 2)]),
    m!(
        UnitsPerOrder,
        "Units/order",
        "订单平均商品数",
        Growth,
        Ratio,
        Up,
        None,
        None,
        |p| pct(p.units, p.orders)
    )
    .reads(&[Sales])
    .base(|p| p.orders)
    .columns(&[on(Panel::Overview, 5), on(Panel::Growth, 5)]),
    m!(
        CancelRate,
        "Cancel rate",
        "取消订单率",
        Growth,
        Percent,
        Down,
        lo(dec(2, 2), dec(5, 2)),
        None,
        |p| { pct(p.cancelled, p.orders_all) }
    )
    .reads(&[Sales])
    .base(|p| p.orders_all)
    .impact(Impact::Orders)
    .columns(&[on(Panel::Overview, 9), on(Panel::Growth, 9)])
    .cards(&[(Role::Operator, 6)]),
    m!(
        PaymentSuccessRate,
        "Payment success",
        "支付成功率",
        Growth,
        Percent,
        Up,
        hi(dec(98, 2), dec(95, 2)),
        None,
        |p| { pct(p.orders_all - p.payment_failed, p.orders_all) }
    )
    .reads(&[Sales])
    .base(|p| p.orders_all)
    .impact(Impact::Orders),
    m!(
        DiscountRate,
        "Discount rate",
        "折扣率",
        Growth,
        Percent,
        Neutral,
        None,
        None,
        |p| div(p.discounts, p.gross)
    )
    .reads(&[Sales])
    .base(|p| p.orders)
    .impact(Impact::Of(MetricId::Gmv))
    .columns(&[on(Panel::Overview, 8), on(Panel::Growth, 8)]),
    m!(
        Refunds,
        "Refunds",
        "退款额",
        Growth,
        Money,
        Down,
        None,
        All,
        |p| p.refunds
    )
    .reads(&[Sales, Refunds])
    .cause(Cause::Returns)
    .maturing()
    .columns(&[on(Panel::Overview, 6), on(Panel::Growth, 6)]),
    m!(
        NetSales,
        "Net sales",
        "净销售额",
        Growth,
        Money,
        Up,
        None,
        All,
        |p| p.net_sales()
    )
    .reads(&[Sales, Refunds])
    .cause(Cause::Demand)
    .maturing()
    .columns(&[
        on(Panel::Overview, 7).with_change(),
        on(Panel::Growth, 7).with_change(),
    ]),
    m!(
        ActiveSkus,
        "Active SKUs",
        "动销SKU数",
        Growth,
        Count,
        Up,
        None,
        None,
        |p| Some(p.active_skus.into())
    )
    .reads(&[Sales])
    .impact(Impact::None)
    .columns(&[on(Panel::Overview, 10), on(Panel::Growth, 10)]),
    m!(
        NewSkuSalesShare,
        "New-SKU share",
        "新品销售额占比",
        Growth,
        Percent,
        Up,
        None,
        None,
        |p| { div(p.new_sku_gmv, p.gmv()) }
    )
    .reads(&[Sales])
    .base(|p| p.orders),
    m!(
        Share,
        "Share",
        "占比",
        Growth,
        Percent,
        Neutral,
        None,
        None,
        |p| p.scope.as_ref().and_then(|s| div(p.gmv(), s.gmv()))
    )
    .reads(&[Sales])
    .base(|p| p.orders)
    .columns(&[on(Panel::Overview, 1), on(Panel::Growth, 1)]),
    // ── Conversion funnel 销售与转化
    m!(
        UnitsShare,
        "Units share",
        "销量占比",
        Growth,
        Percent,
        Neutral,
        None,
        None,
        |p| p.scope.as_ref().and_then(|s| pct(p.units, s.units))
    )
    .reads(&[Sales])
    .base(|p| p.units),
    m!(
        Sessions,
        "Sessions",
        "访客数",
        Funnel,
        Count,
        Up,
        None,
        All,
        |p| Some(p.sessions.into())
    )
    .reads(&[Sales, Traffic])
    .impact(Impact::None)
    .cause(Cause::Demand)
    .columns(&[on(Panel::Funnel, 0).with_change()])
    .trend(&[Panel::Funnel])
    .cards(&[(Role::Operator, 1)]),
    m!(
        PageViews,
        "Page views",
        "浏览量",
        Funnel,
        Count,
        Up,
        None,
        All,
        |p| p.page_views.value()
    )
    .reads(&[Sales, Traffic])
    .impact(Impact::None)
    .cause(Cause::Demand),
    m!(
        AddToCart,
        "Add to cart",
        "加购数",
        Funnel,
        Count,
        Up,
        None,
        All,
        |p| p.add_to_cart.value()
    )
    .reads(&[Sales, Traffic])
    .impact(Impact::None)
    .cause(Cause::Demand)
    .columns(&[on(Panel::Funnel, 8)]),
    m!(
        Checkouts,
        "Checkouts",
        "结账数",
        Funnel,
        Count,
        Up,
        None,
        All,
        |p| p.checkouts.value()
    )
    .reads(&[Sales, Traffic])
    .impact(Impact::None)
    .cause(Cause::Demand)
    .columns(&[on(Panel::Funnel, 9)]),
    m!(
        CartRate,
        "Cart rate",
        "加购率",
        Funnel,
        Percent,
        Up,
        hi(dec(8, 2), dec(3, 2)),
        None,
        |p| { p.cart_rate.ratio() }
    )
    .reads(&[Sales, Traffic])
    .base(|p| p.sessions)
    .impact(Impact::Of(MetricId::Gmv))
    .cause(Cause::Demand)
    .columns(&[on(Panel::Funnel, 2)]),
    m!(
        CheckoutRate,
        "Checkout rate",
        "结账率",
        Funnel,
        Percent,
        Up,
        None,
        None,
        |p| p.checkout_rate.ratio()
    )
    .reads(&[Sales, Traffic])
    .base(|p| p.add_to_cart.known)
    .impact(Impact::Of(MetricId::Gmv))
    .cause(Cause::Demand),
    m!(
        Cvr,
        "CVR",
        "转化率",
        Funnel,
        Percent,
        Up,
        hi(dec(3, 2), dec(1, 2)),
        None,
        |p| pct(p.orders, p.sessions)
    )
    .reads(&[Sales, Traffic])
    .base(|p| p.sessions)
    .impact(Impact::Orders)
    .cause(Cause::Demand)
    .columns(&[on(Panel::Funnel, 1).with_change()])
    .cards(&[(Role::Owner, 6), (Role::Operator, 2)]),
    m!(
        CartAbandonment,
        "Cart abandonment",
        "购物车放弃率",
        Funnel,
        Percent,
        Down,
        lo(dec(70, 2), dec(85, 2)),
        None,
        |p| { div(Some(p.orders.into()), p.add_to_cart.value()).map(|r| Decimal::ONE - r) }
    )
    .reads(&[Sales, Traffic])
    .base(|p| p.add_to_cart.known)
    .impact(Impact::Of(MetricId::Gmv))
    .cause(Cause::Demand)
    .columns(&[on(Panel::Funnel, 3)]),
    m!(
        BounceRate,
        "Bounce rate",
        "跳出率",
        Funnel,
        Percent,
        Down,
        lo(dec(40, 2), dec(60, 2)),
        None,
        |p| { p.bounce.ratio() }
    )
    .reads(&[Sales, Traffic])
    .base(|p| p.sessions)
    .impact(Impact::Of(MetricId::Gmv))
    .cause(Cause::Demand)
    .columns(&[on(Panel::Funnel, 4)]),
    m!(
        PagesPerSession,
        "Pages/session",
        "访问深度",
        Funnel,
        Ratio,
        Up,
        hi(dec(3, 0), dec(15, 1)),
        None,
        |p| { p.pages_per_session.ratio() }
    )
    .reads(&[Sales, Traffic])
    .base(|p| p.sessions)
    .cause(Cause::Demand)
    .columns(&[on(Panel::Funnel, 5)]),
    m!(
        Rpv,
        "Revenue/visitor",
        "每访客收入",
        Funnel,
        Money,
        Up,
        None,
        None,
        |p| div(p.gmv(), Some(p.sessions.into()))
    )
    .reads(&[Sales, Traffic])
    .base(|p| p.sessions)
    .cause(Cause::Demand)
    .columns(&[on(Panel::Funnel, 6)]),
    m!(
        MobileSessionShare,
        "Mobile sessions",
        "移动端访问占比",
        Funnel,
        Percent,
        Neutral,
        None,
        None,
        |p| { p.mobile_sessions.ratio() }
    )
    .reads(&[Sales, Traffic])
    .base(|p| p.sessions)
    .columns(&[on(Panel::Funnel, 7)]),
    m!(
        MobileOrderShare,
        "Mobile orders",
        "移动端下单占比",
        Funnel,
        Percent,
        Neutral,
        None,
        None,
        |p| { pct(p.mobile_orders, p.orders) }
    )
    .reads(&[Sales, Traffic])
    .base(|p| p.orders),
    // ── Ads and acquisition 营销与获客
    m!(
        Impressions,
        "Impressions",
        "展示量",
        Ads,
        Count,
        Up,
        None,
        All,
        |p| p.impressions.value()
    )
    .reads(&[Ads])
    .impact(Impact::None)
    .cause(Cause::Ads)
    .columns(&[on(Panel::Ads, 6)]),
    m!(
        Clicks,
        "Clicks",
        "点击量",
        Ads,
        Count,
        Up,
        None,
        All,
        |p| p.clicks.value()
    )
    .reads(&[Ads])
    .impact(Impact::None)
    .cause(Cause::Ads)
    .columns(&[on(Panel::Ads, 5)]),
    m!(
        AdSpend,
        "Ad spend",
        "广告花费",
        Ads,
        Money,
        Neutral,
        None,
        All,
        |p| p.ad_spend
    )
    .reads(&[Ads])
    .cause(Cause::Ads)
    .columns(&[on(Panel::Ads, 0).with_change()])
    .trend(&[Panel::Ads])
    .cards(&[(Role::Ads, 0)]),
    m!(
        AdSales,
        "Ad sales",
        "广告销售额",
        Ads,
        Money,
        Up,
        None,
        All,
        |p| p.ad_sales.value()
    )
    .reads(&[Ads])
    .cause(Cause::Ads)
    .columns(&[on(Panel::Ads, 3)])
    .cards(&[(Role::Ads, 1)]),
    m!(
        AdOrders,
        "Ad orders",
        "广告订单",
        Ads,
        Count,
        Up,
        None,
        All,
        |p| p.ad_orders.value()
    )
    .reads(&[Ads])
    .cause(Cause::Ads),
    m!(
        Acos,
        "ACoS",
        "ACoS",
        Ads,
        Percent,
        Down,
        lo(dec(30, 2), dec(50, 2)),
        None,
        |p| p.acos.ratio()
    )
    .reads(&[Ads])
    .base(|p| p.clicks.known_sum())
    .impact(Impact::Of(MetricId::AdSales))
    .cause(Cause::Ads)
    .columns(&[on(Panel::Ads, 1).with_change()])
    .cards(&[(Role::Owner, 5), (Role::Ads, 2)]),
    m!(
        Roas,
        "ROAS",
        "ROAS",
        Ads,
        Ratio,
        Up,
        hi(dec(3, 0), dec(2, 0)),
        None,
        |p| p.acos.inverse()
    )
    .reads(&[Ads])
    .base(|p| p.clicks.known_sum())
    .cause(Cause::Ads)
    .columns(&[on(Panel::Ads, 2)])
    .cards(&[(Role::Ads, 3)]),
    m!(
        Tacos,
        "TACoS",
        "TACoS",
        Ads,
        Percent,
        Down,
        lo(dec(10, 2), dec(15, 2)),
        None,
        |p| div(p.ad_spend, p.gmv())
    )
    .reads(&[Sales, Ads])
    .base(|p| p.orders)
    .impact(Impact::Of(MetricId::Gmv))
    .cause(Cause::Ads)
    .columns(&[on(Panel::Ads, 4)])
    .cards(&[(Role::Ads, 4)]),
    m!(Ctr, "CTR", "点击率", Ads, Percent, Up, None, None, |p| p
        .ctr
        .ratio())
    .reads(&[Ads])
    .base(|p| p.impressions.known_sum())
    .cause(Cause::Ads)
    .columns(&[on(Panel::Ads, 7)])
    .cards(&[(Role::Ads, 5)]),
    m!(
        Cpc,
        "CPC",
        "单次点击成本",
        Ads,
        Money,
        Down,
        None,
        None,
        |p| p.cpc.ratio()
    )
    .reads(&[Ads])
    .base(|p| p.clicks.known_sum())
    .cause(Cause::Ads)
    .columns(&[on(Panel::Ads, 8)])
    .cards(&[(Role::Ads, 6)]),
    m!(
        Cpm,
        "CPM",
        "千次展示成本",
        Ads,
        Money,
        Down,
        None,
        None,
        |p| { p.cpm.ratio().map(|r| r * Decimal::from(1000)) }
    )
    .reads(&[Ads])
    .base(|p| p.impressions.known_sum())
    .cause(Cause::Ads)
    .columns(&[on(Panel::Ads, 9)]),
    m!(
        AdCvr,
        "Ad CVR",
        "广告转化率",
        Ads,
        Percent,
        Up,
        None,
        None,
        |p| p.ad_cvr.ratio()
    )
    .reads(&[Ads])
    .base(|p| p.clicks.known_sum())
    .cause(Cause::Ads)
    .columns(&[on(Panel::Ads, 10)])
    .cards(&[(Role::Ads, 7)]),
    m!(
        AdSalesShare,
        "Ad sales share",
        "广告销售占比",
        Ads,
        Percent,
        Down,
        lo(dec(40, 2), dec(60, 2)),
        None,
        |p| { div(p.ad_sales.value(), p.gmv()) }
    )
    .reads(&[Sales, Ads])
    .base(|p| p.orders)
    .cause(Cause::Ads)
    .columns(&[on(Panel::Ads, 11)]),
    m!(
        AdTrafficShare,
        "Ad traffic share",
        "广告引流占比",
        Ads,
        Percent,
        Down,
        lo(dec(40, 2), dec(60, 2)),
        None,
        |p| { div(p.clicks.value(), Some(p.sessions.into())) }
    )
    .reads(&[Traffic, Ads])
    .base(|p| p.sessions)
    .cause(Cause::Ads),
    m!(
        MarketingSpend,
        "Other marketing",
        "其他营销费用",
        Ads,
        Money,
        Neutral,
        None,
        All,
        |p| p.expense(ExpenseCategory::Marketing)
    )
    .reads(&[Expenses]),
    m!(
        Cac,
        "CAC",
        "获客成本",
        Ads,
        Money,
        Down,
        None,
        None,
        |p| p.cac()
    )
    .reads(&[Sales, Ads, Expenses])
    .base(|p| p.new_customers)
    .columns(&[on(Panel::Ads, 12), on(Panel::Customers, 5)]),
    // ── Inventory and supply 库存与供应链
    m!(
        OnHandUnits,
        "On hand",
        "在库数量",
        Inventory,
        Count,
        Neutral,
        None,
        All,
        |p| Some(p.on_hand.into())
    )
    .reads(&[Inventory])
    .columns(&[
        on(Panel::Inventory, 0).above_sku(),
        on(Panel::Inventory, 3).at_sku(),
    ])
    .trend(&[Panel::Inventory]),
    m!(
        InboundUnits,
        "Inbound",
        "在途数量",
        Inventory,
        Count,
        Neutral,
        None,
        All,
        |p| p.inbound.value()
    )
    .reads(&[Inventory])
    .columns(&[
        on(Panel::Inventory, 2).above_sku(),
        on(Panel::Inventory, 5).at_sku(),
    ]),
    m!(
        InventoryValue,
        "Stock value",
        "库存金额",
        Inventory,
        Money,
        Neutral,
        None,
        All,
        |p| p.inventory_value
    )
    .reads(&[Inventory])
    .cause(Cause::Stock)
    .columns(&[
        on(Panel::Inventory, 3).above_sku(),
        on(Panel::Inventory, 6).at_sku(),
    ]),
    m!(
        AvgDailyUnits,
        "Avg daily units",
        "日均销量",
        Inventory,
        Ratio,
        Neutral,
        None,
        None,
        |p| p.avg_daily_units()
    )
    .reads(&[Inventory])
    .columns(&[
        on(Panel::Inventory, 4).above_sku(),
        on(Panel::Inventory, 7).at_sku(),
    ]),
    m!(
        DaysOfCover,
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
    )
    .reads(&[Inventory])
    .impact(Impact::Overstock)
    .cause(Cause::Stock)
    .columns(&[
        on(Panel::Inventory, 1).above_sku(),
        on(Panel::Inventory, 2).at_sku(),
    ])
    .cards(&[(Role::Operator, 4)]),
    m!(
        InventoryTurnover,
        "Turnover (yr)",
        "库存周转率(年化)",
        Inventory,
        Ratio,
        Up,
        hi(dec(6, 0), dec(4, 0)),
        None,
        |p| { p.inventory_turnover() }
    )
    .reads(&[Sales, Inventory])
    .impact(Impact::Overstock)
    .cause(Cause::Stock),
    m!(
        TurnoverDays,
        "Turnover days",
        "库存周转天数",
        Inventory,
        Days,
        Down,
        lo(dec(60, 0), dec(90, 0)),
        None,
        |p| { div(Some(Decimal::from(365)), p.inventory_turnover()) }
    )
    .reads(&[Sales, Inventory])
    .impact(Impact::Overstock)
    .cause(Cause::Stock)
    .columns(&[
        on(Panel::Inventory, 5).above_sku(),
        on(Panel::Inventory, 8).at_sku(),
    ]),
    m!(
        StockoutRate,
        "Stock-out rate",
        "缺货率",
        Inventory,
        Percent,
        Down,
        lo(dec(5, 2), dec(10, 2)),
        None,
        |p| { pct(p.stockout.0, p.stockout.1) }
    )
    .reads(&[Inventory])
    .base(|p| p.stockout.1)
    .impact(Impact::StockOut)
    .cause(Cause::StockOut)
    .columns(&[
        on(Panel::Inventory, 7).above_sku(),
        on(Panel::Inventory, 10).at_sku(),
    ])
    .cards(&[(Role::Operator, 3)]),
    m!(
        SellThroughRate,
        "Sell-through",
        "动销率",
        Inventory,
        Percent,
        Up,
        hi(dec(80, 2), dec(50, 2)),
        None,
        |p| { pct(p.sell_through.0, p.sell_through.1) }
    )
    .reads(&[Sales, Inventory])
    .base(|p| p.sell_through.1)
    .cause(Cause::Stock),
    m!(
        StaleRate,
        "Stale rate",
        "滞销率",
        Inventory,
        Percent,
        Down,
        lo(dec(10, 2), dec(20, 2)),
        None,
        |p| { pct(p.stale.0, p.stale.1) }
    )
    .reads(&[Inventory])
    .base(|p| p.stale.1)
    .impact(Impact::Overstock)
    .cause(Cause::Stock)
    .columns(&[
        on(Panel::Inventory, 6).above_sku(),
        on(Panel::Inventory, 9).at_sku(),
    ]),
    sku_m!(SafetyStock, "Safety stock", "安全库存", Units, |p| p
        .restock
        .as_ref()
        .map(|r| r.safety_stock))
    .reads(&[Inventory]),
    sku_m!(ReorderPoint, "Reorder point", "补货点", Units, |p| p
        .restock
        .as_ref()
        .map(|r| r.reorder_point))
    .reads(&[Inventory])
    .columns(&[on(Panel::Inventory, 4).at_sku()]),
    sku_m!(NeedsRestock, "Needs restock", "需补货", Flag, |p| p
        .restock
        .as_ref()
        .map(|r| r.needs_restock))
    .reads(&[Inventory])
    .columns(&[on(Panel::Inventory, 0).at_sku()]),
    // On Profit: its net margin reads the profit facts, which the Inventory tab need not.
    MetricDef {
        sku_only: true,
        calc: |p| p.stockout_loss(),
        ..MetricDef::new(
            MetricId::StockoutLoss,
            "Stock-out loss",
            "缺货损失",
            Panel::Profit,
            Unit::Money,
        )
    }
    .reads(&[Sales, Refunds, Ads, Expenses, Inventory])
    .cause(Cause::StockOut)
    .maturing()
    .columns(&[on(Panel::Profit, 4).at_sku()]),
    sku_m!(RestockQty, "Restock qty", "建议补货量", Units, |p| p
        .restock
        .as_ref()
        .map(|r| r.restock_qty))
    .reads(&[Inventory])
    .gated_by(MetricId::NeedsRestock)
    .columns(&[on(Panel::Inventory, 1).at_sku()]),
    // ── Fulfilment and experience 履约与客户体验
    m!(
        FulfillmentRate,
        "Fulfilment rate",
        "订单履约率",
        Experience,
        Percent,
        Up,
        hi(dec(98, 2), dec(95, 2)),
        None,
        |p| { pct(p.shipped, p.orders) }
    )
    .reads(&[Sales, Experience])
    .base(|p| p.orders)
    .impact(Impact::Orders)
    .cause(Cause::Delivery)
    .maturing(),
    m!(
        OnTimeShipRate,
        "On-time ship",
        "准时发货率",
        Experience,
        Percent,
        Up,
        hi(dec(95, 2), dec(90, 2)),
        None,
        |p| { pct(p.on_time, p.with_ship_by) }
    )
    .reads(&[Sales, Experience])
    .base(|p| p.with_ship_by)
    .impact(Impact::Orders)
    .cause(Cause::Delivery)
    .maturing()
    .columns(&[on(Panel::Experience, 0)])
    .cards(&[(Role::Operator, 5)]),
    m!(
        AvgShipHours,
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
    )
    .reads(&[Sales, Experience])
    .base(|p| p.shipped)
    .cause(Cause::Delivery)
    .columns(&[on(Panel::Experience, 4)]),
    m!(
        DeliveryRate,
        "Delivery rate",
        "物流妥投率",
        Experience,
        Percent,
        Up,
        hi(dec(98, 2), dec(95, 2)),
        None,
        |p| { pct(p.delivered, p.shipped) }
    )
    .reads(&[Sales, Experience])
    .base(|p| p.shipped)
    .impact(Impact::Orders)
    .cause(Cause::Delivery)
    .maturing()
    .columns(&[on(Panel::Experience, 5)]),
    m!(
        AvgDeliveryDays,
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
    )
    .reads(&[Sales, Experience])
    .base(|p| p.delivered)
    .cause(Cause::Delivery)
    .maturing()
    .columns(&[on(Panel::Experience, 6)]),
    m!(
        DamageRate,
        "Damage rate",
        "破损率",
        Experience,
        Percent,
        Down,
        lo(dec(1, 2), dec(3, 2)),
        None,
        |p| { pct(p.damaged, p.shipped) }
    )
    .reads(&[Sales, Experience])
    .base(|p| p.shipped)
    .impact(Impact::Orders)
    .cause(Cause::Delivery)
    .maturing()
    .columns(&[on(Panel::Experience, 7)]),
    m!(
        ReturnRate,
        "Return rate",
        "退货率",
        Experience,
        Percent,
        Down,
        lo(dec(5, 2), dec(10, 2)),
        None,
        |p| { pct(p.return_orders, p.orders) }
    )
    .reads(&[Sales, Refunds])
    .base(|p| p.orders)
    .impact(Impact::Orders)
    .cause(Cause::Returns)
    .maturing()
    .columns(&[on(Panel::Experience, 1).with_change()])
    .trend(&[Panel::Experience])
    .cards(&[(Role::Owner, 7), (Role::Operator, 7)]),
    m!(
        RefundRate,
        "Refund rate",
        "退款率",
        Experience,
        Percent,
        Down,
        lo(dec(5, 2), dec(10, 2)),
        None,
        |p| { div(p.refunds, p.gmv()) }
    )
    .reads(&[Sales, Refunds])
    .base(|p| p.orders)
    .impact(Impact::Of(MetricId::Gmv))
    .cause(Cause::Returns)
    .maturing()
    .columns(&[on(Panel::Experience, 8)]),
    m!(
        Reviews,
        "Reviews",
        "评价数",
        Experience,
        Count,
        Neutral,
        None,
        All,
        |p| Some(p.reviews.into())
    )
    .reads(&[Sales, Experience]),
    m!(
        AvgRating,
        "Avg rating",
        "平均星级",
        Experience,
        Stars,
        Up,
        hi(dec(43, 1), dec(38, 1)),
        None,
        |p| { pct(p.rating_sum, p.reviews) }
    )
    .reads(&[Sales, Experience])
    .base(|p| p.reviews)
    .cause(Cause::Satisfaction)
    .columns(&[on(Panel::Experience, 2)])
    .cards(&[(Role::Service, 5)]),
    m!(
        NegativeReviewRate,
        "Negative reviews",
        "差评率",
        Experience,
        Percent,
        Down,
        lo(dec(1, 2), dec(5, 2)),
        None,
        |p| { pct(p.negative_reviews, p.reviews) }
    )
    .reads(&[Sales, Experience])
    .base(|p| p.reviews)
    .impact(Impact::Orders)
    .cause(Cause::Satisfaction)
    .cards(&[(Role::Service, 6)]),
    m!(
        PositiveReviewShare,
        "Positive reviews",
        "好评占比",
        Experience,
        Percent,
        Up,
        hi(dec(85, 2), dec(70, 2)),
        None,
        |p| { pct(p.positive_reviews, p.reviews) }
    )
    .reads(&[Sales, Experience])
    .base(|p| p.reviews)
    .impact(Impact::Orders)
    .cause(Cause::Satisfaction),
    m!(
        Nps,
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
    )
    .not_on_skus()
    .reads(&[Sales, Experience])
    .base(|p| p.nps_responses)
    .cause(Cause::Satisfaction)
    .columns(&[on(Panel::Experience, 9)])
    .cards(&[(Role::Service, 4)]),
    m!(
        Csat,
        "CSAT",
        "客户满意度",
        Experience,
        Percent,
        Up,
        hi(dec(85, 2), dec(70, 2)),
        None,
        |p| { pct(p.csat_good, p.csat_responses) }
    )
    .not_on_skus()
    .reads(&[Sales, Experience])
    .base(|p| p.csat_responses)
    .impact(Impact::Orders)
    .cause(Cause::Satisfaction)
    .columns(&[on(Panel::Experience, 10)])
    .cards(&[(Role::Service, 3)]),
    m!(
        AfterSalesRate,
        "After-sales rate",
        "售后率",
        Experience,
        Percent,
        Down,
        lo(dec(3, 2), dec(6, 2)),
        None,
        |p| { pct(p.ticket_orders, p.orders) }
    )
    .reads(&[Sales, Experience])
    .base(|p| p.orders)
    .impact(Impact::Orders)
    .cause(Cause::Returns)
    .maturing()
    .cards(&[(Role::Service, 7)]),
    m!(
        FirstResponseHours,
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
    )
    .reads(&[Sales, Experience])
    .base(|p| p.first_responses)
    .cause(Cause::Service)
    .columns(&[on(Panel::Experience, 11)])
    .cards(&[(Role::Service, 0)]),
    m!(
        ResolutionHours,
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
    )
    .reads(&[Sales, Experience])
    .base(|p| p.resolved)
    .cause(Cause::Service)
    .columns(&[on(Panel::Experience, 12)]),
    m!(
        FirstContactResolution,
        "First-contact res.",
        "一次解决率",
        Experience,
        Percent,
        Up,
        hi(dec(90, 2), dec(75, 2)),
        None,
        |p| { pct(p.first_contact_resolved, p.resolved) }
    )
    .reads(&[Sales, Experience])
    .base(|p| p.resolved)
    .impact(Impact::Orders)
    .cause(Cause::Service)
    .columns(&[on(Panel::Experience, 13)])
    .cards(&[(Role::Service, 1)]),
    m!(
        EscalationRate,
        "Escalation rate",
        "升级率",
        Experience,
        Percent,
        Down,
        None,
        None,
        |p| pct(p.escalated, p.tickets)
    )
    .reads(&[Sales, Experience])
    .base(|p| p.tickets)
    .impact(Impact::Orders)
    .cause(Cause::Service)
    .cards(&[(Role::Service, 2)]),
    m!(
        Odr,
        "ODR",
        "订单缺陷率 ODR",
        Experience,
        Percent,
        Down,
        lo(dec(1, 2), dec(2, 2)),
        None,
        |p| { pct(p.defect_orders, p.orders) }
    )
    .reads(&[Sales, Experience])
    .base(|p| p.orders)
    .impact(Impact::Orders)
    .cause(Cause::Delivery)
    .maturing()
    .columns(&[on(Panel::Experience, 3)]),
    // ── Profit 财务与利润
    m!(
        Cogs,
        "COGS",
        "销售成本",
        Profit,
        Money,
        Neutral,
        None,
        All,
        |p| p.cogs
    )
    .reads(&[Sales])
    .columns(&[
        on(Panel::Profit, 6).above_sku(),
        on(Panel::Profit, 7).at_sku(),
    ]),
    m!(
        GrossProfit,
        "Gross profit",
        "毛利额",
        Profit,
        Money,
        Up,
        None,
        All,
        |p| p.gross_profit()
    )
    .reads(&[Sales, Refunds])
    .cause(Cause::Margin)
    .maturing()
    .columns(&[
        on(Panel::Profit, 5).above_sku(),
        on(Panel::Profit, 6).at_sku(),
    ]),
    m!(
        GrossMargin,
        "Gross margin",
        "毛利率",
        Profit,
        Percent,
        Up,
        hi(dec(25, 2), dec(15, 2)),
        None,
        |p| p.over_net_sales(p.gross_profit())
    )
    .reads(&[Sales, Refunds])
    .base(|p| p.orders)
    .impact(Impact::Of(MetricId::NetSales))
    .cause(Cause::Margin)
    .maturing()
    .columns(&[
        on(Panel::Profit, 4).above_sku(),
        on(Panel::Profit, 5).at_sku(),
    ]),
    m!(
        Expenses,
        "Expenses",
        "费用合计",
        Profit,
        Money,
        Neutral,
        None,
        All,
        |p| p.expenses_total()
    )
    .reads(&[Expenses])
    .columns(&[
        on(Panel::Profit, 7).above_sku(),
        on(Panel::Profit, 8).at_sku(),
    ]),
    m!(
        ExpensePlatformFee,
        "Platform fees",
        "平台费",
        Profit,
        Money,
        Neutral,
        None,
        All,
        |p| p.expense(ExpenseCategory::PlatformFee)
    )
    .reads(&[Expenses]),
    m!(
        ExpenseFulfillment,
        "Fulfilment fees",
        "履约费",
        Profit,
        Money,
        Neutral,
        None,
        All,
        |p| p.expense(ExpenseCategory::Fulfillment)
    )
    .reads(&[Expenses]),
    m!(
        ExpenseShipping,
        "Shipping",
        "物流费",
        Profit,
        Money,
        Neutral,
        None,
        All,
        |p| p.expense(ExpenseCategory::Shipping)
    )
    .reads(&[Expenses]),
    m!(
        ExpenseStorage,
        "Storage",
        "仓储费",
        Profit,
        Money,
        Neutral,
        None,
        All,
        |p| p.expense(ExpenseCategory::Storage)
    )
    .reads(&[Expenses]),
    m!(
        ExpensePayment,
        "Payment fees",
        "支付费",
        Profit,
        Money,
        Neutral,
        None,
        All,
        |p| p.expense(ExpenseCategory::Payment)
    )
    .reads(&[Expenses]),
    m!(
        ExpenseMarketing,
        "Marketing",
        "营销费",
        Profit,
        Money,
        Neutral,
        None,
        All,
        |p| p.expense(ExpenseCategory::Marketing)
    )
    .reads(&[Expenses]),
    m!(
        ExpenseStaff,
        "Staff",
        "人工",
        Profit,
        Money,
        Neutral,
        None,
        All,
        |p| p.expense(ExpenseCategory::Staff)
    )
    .reads(&[Expenses]),
    m!(
        ExpenseSoftware,
        "Software",
        "软件",
        Profit,
        Money,
        Neutral,
        None,
        All,
        |p| p.expense(ExpenseCategory::Software)
    )
    .reads(&[Expenses]),
    m!(
        ExpenseRent,
        "Rent",
        "租金",
        Profit,
        Money,
        Neutral,
        None,
        All,
        |p| p.expense(ExpenseCategory::Rent)
    )
    .reads(&[Expenses]),
    m!(
        ExpenseOther,
        "Other expenses",
        "其他",
        Profit,
        Money,
        Neutral,
        None,
        All,
        |p| p.expense(ExpenseCategory::Other)
    )
    .reads(&[Expenses]),
    m!(
        ExpenseRatioPlatformFee,
        "Platform fee %",
        "平台费率",
        Profit,
        Percent,
        Down,
        None,
        None,
        |p| p.expense_ratio(ExpenseCategory::PlatformFee)
    )
    .reads(&[Sales, Refunds, Expenses])
    .base(|p| p.orders)
    .impact(Impact::Of(MetricId::NetSales))
    .maturing(),
    m!(
        ExpenseRatioFulfillment,
        "Fulfilment %",
        "履约费率",
        Profit,
        Percent,
        Down,
        None,
        None,
        |p| p.expense_ratio(ExpenseCategory::Fulfillment)
    )
    .reads(&[Sales, Refunds, Expenses])
    .base(|p| p.orders)
    .impact(Impact::Of(MetricId::NetSales))
    .maturing(),
    m!(
        ExpenseRatioShipping,
        "Shipping %",
        "物流费率",
        Profit,
        Percent,
        Down,
        None,
        None,
        |p| p.expense_ratio(ExpenseCategory::Shipping)
    )
    .reads(&[Sales, Refunds, Expenses])
    .base(|p| p.orders)
    .impact(Impact::Of(MetricId::NetSales))
    .maturing(),
    m!(
        ExpenseRatioStorage,
        "Storage %",
        "仓储费率",
        Profit,
        Percent,
        Down,
        None,
        None,
        |p| p.expense_ratio(ExpenseCategory::Storage)
    )
    .reads(&[Sales, Refunds, Expenses])
    .base(|p| p.orders)
    .impact(Impact::Of(MetricId::NetSales))
    .maturing(),
    m!(
        ExpenseRatioPayment,
        "Payment %",
        "支付费率",
        Profit,
        Percent,
        Down,
        None,
        None,
        |p| p.expense_ratio(ExpenseCategory::Payment)
    )
    .reads(&[Sales, Refunds, Expenses])
    .base(|p| p.orders)
    .impact(Impact::Of(MetricId::NetSales))
    .maturing(),
    m!(
        ExpenseRatioMarketing,
        "Marketing %",
        "营销费率",
        Profit,
        Percent,
        Down,
        None,
        None,
        |p| p.expense_ratio(ExpenseCategory::Marketing)
    )
    .reads(&[Sales, Refunds, Expenses])
    .base(|p| p.orders)
    .impact(Impact::Of(MetricId::NetSales))
    .maturing(),
    m!(
        ExpenseRatioStaff,
        "Staff %",
        "人工费率",
        Profit,
        Percent,
        Down,
        None,
        None,
        |p| p.expense_ratio(ExpenseCategory::Staff)
    )
    .reads(&[Sales, Refunds, Expenses])
    .base(|p| p.orders)
    .impact(Impact::Of(MetricId::NetSales))
    .maturing(),
    m!(
        ExpenseRatioSoftware,
        "Software %",
        "软件费率",
        Profit,
        Percent,
        Down,
        None,
        None,
        |p| p.expense_ratio(ExpenseCategory::Software)
    )
    .reads(&[Sales, Refunds, Expenses])
    .base(|p| p.orders)
    .impact(Impact::Of(MetricId::NetSales))
    .maturing(),
    m!(
        ExpenseRatioRent,
        "Rent %",
        "租金费率",
        Profit,
        Percent,
        Down,
        None,
        None,
        |p| p.expense_ratio(ExpenseCategory::Rent)
    )
    .reads(&[Sales, Refunds, Expenses])
    .base(|p| p.orders)
    .impact(Impact::Of(MetricId::NetSales))
    .maturing(),
    m!(
        ExpenseRatioOther,
        "Other %",
        "其他费率",
        Profit,
        Percent,
        Down,
        None,
        None,
        |p| p.expense_ratio(ExpenseCategory::Other)
    )
    .reads(&[Sales, Refunds, Expenses])
    .base(|p| p.orders)
    .impact(Impact::Of(MetricId::NetSales))
    .maturing(),
    m!(
        AdCostRatio,
        "Ad cost %",
        "广告费率",
        Profit,
        Percent,
        Down,
        None,
        None,
        |p| p.over_net_sales(p.ad_spend)
    )
    .reads(&[Sales, Refunds, Ads, Expenses])
    .base(|p| p.orders)
    .impact(Impact::Of(MetricId::NetSales))
    .cause(Cause::Ads)
    .maturing()
    .columns(&[
        on(Panel::Profit, 8).above_sku(),
        on(Panel::Profit, 11).at_sku(),
    ]),
    m!(
        NetProfit,
        "Net profit",
        "净利润",
        Profit,
        Money,
        Up,
        None,
        All,
        |p| p.net_profit()
    )
    .reads(&[Sales, Refunds, Ads, Expenses])
    .cause(Cause::Margin)
    .maturing()
    .columns(&[
        on(Panel::Profit, 0).above_sku().with_change(),
        on(Panel::Profit, 2).at_sku(),
    ])
    .trend(&[Panel::Profit])
    .cards(&[(Role::Owner, 3)]),
    m!(
        NetMargin,
        "Net margin",
        "净利率",
        Profit,
        Percent,
        Up,
        hi(dec(8, 2), dec(0, 2)),
        None,
        |p| p.over_net_sales(p.net_profit())
    )
    .reads(&[Sales, Refunds, Ads, Expenses])
    .base(|p| p.orders)
    .impact(Impact::Of(MetricId::NetSales))
    .cause(Cause::Margin)
    .maturing()
    .columns(&[
        on(Panel::Profit, 1).above_sku().with_change(),
        on(Panel::Profit, 3).at_sku(),
    ])
    .cards(&[(Role::Owner, 4)]),
    m!(
        AllocatedFees,
        "Alloc. store fees",
        "分摊店铺费用",
        Profit,
        Money,
        Neutral,
        None,
        All,
        |p| p.alloc_expenses
    )
    .reads(&[Sales])
    .columns(&[on(Panel::Profit, 9).at_sku()]),
    m!(
        AllocatedAds,
        "Alloc. store ads",
        "分摊店铺广告",
        Profit,
        Money,
        Neutral,
        None,
        All,
        |p| p.alloc_ads
    )
    .reads(&[Sales])
    .columns(&[on(Panel::Profit, 10).at_sku()]),
    m!(
        ContributionProfit,
        "Contribution",
        "贡献利润",
        Profit,
        Money,
        Up,
        None,
        All,
        |p| p.contribution_profit()
    )
    .reads(&[Sales])
    .cause(Cause::Margin)
    .maturing()
    .columns(&[
        on(Panel::Profit, 2).above_sku(),
        on(Panel::Profit, 0).at_sku().with_change(),
    ]),
    m!(
        ContributionMargin,
        "Contrib. margin",
        "贡献利润率",
        Profit,
        Percent,
        Up,
        hi(dec(15, 2), dec(5, 2)),
        None,
        |p| p.over_net_sales(p.contribution_profit())
    )
    .reads(&[Sales])
    .base(|p| p.orders)
    .impact(Impact::Of(MetricId::NetSales))
    .cause(Cause::Margin)
    .maturing()
    .columns(&[
        on(Panel::Profit, 3).above_sku(),
        on(Panel::Profit, 1).at_sku().with_change(),
    ]),
    m!(
        ProfitPerOrder,
        "Profit/order",
        "单均利润",
        Profit,
        Money,
        Up,
        None,
        None,
        |p| div(p.net_profit(), Some(p.orders.into()))
    )
    .reads(&[Sales, Refunds, Ads, Expenses])
    .base(|p| p.orders)
    .maturing()
    .columns(&[
        on(Panel::Profit, 9).above_sku(),
        on(Panel::Profit, 12).at_sku(),
    ]),
    m!(
        ProfitPerCustomer,
        "Profit/customer",
        "客均利润",
        Profit,
        Money,
        Up,
        None,
        None,
        |p| { div(p.net_profit(), Some(p.customers.into())) }
    )
    .reads(&[Sales, Refunds, Ads, Expenses, Customers])
    .base(|p| p.customers)
    .maturing(),
    m!(
        FixedCostShare,
        "Fixed-cost share",
        "固定成本占比",
        Profit,
        Percent,
        Neutral,
        None,
        None,
        |p| p.fixed_cost_share()
    )
    .reads(&[Sales, Refunds, Ads, Expenses])
    .base(|p| p.orders)
    .columns(&[on(Panel::Profit, 10).above_sku()]),
    m!(
        FxImpact,
        "FX impact",
        "汇率影响额",
        Profit,
        Money,
        Neutral,
        None,
        All,
        |p| p.fx_impact
    )
    .uncompared()
    .reads(&[Sales, Refunds])
    .maturing()
    .columns(&[
        on(Panel::Profit, 11).above_sku(),
        on(Panel::Profit, 13).at_sku(),
    ]),
    // ── Customers 用户运营与留存
    m!(
        Customers,
        "Customers",
        "下单用户数",
        Customers,
        Count,
        Up,
        None,
        None,
        |p| Some(p.customers.into())
    )
    .reads(&[Sales, Customers])
    .impact(Impact::None)
    .cause(Cause::Demand)
    .columns(&[on(Panel::Customers, 0).with_change()])
    .trend(&[Panel::Customers]),
    m!(
        NewCustomers,
        "New customers",
        "新用户数",
        Customers,
        Count,
        Up,
        None,
        AboveSku,
        |p| Some(p.new_customers.into())
    )
    .reads(&[Sales])
    .impact(Impact::None)
    .cause(Cause::Demand)
    .columns(&[on(Panel::Customers, 1)]),
    m!(
        ReturningCustomers,
        "Returning",
        "老用户数",
        Customers,
        Count,
        Up,
        None,
        None,
        |p| { Some(p.returning_customers.into()) }
    )
    .reads(&[Sales, Customers])
    .impact(Impact::None)
    .cause(Cause::Demand)
    .columns(&[on(Panel::Customers, 2)]),
    m!(
        ReturningGmvShare,
        "Returning GMV %",
        "老客销售额占比",
        Customers,
        Percent,
        Up,
        None,
        None,
        |p| { div(p.returning_gmv, p.gmv()) }
    )
    .reads(&[Sales, Customers, CustomerGmv])
    .base(|p| p.customers)
    .cause(Cause::Retention)
    .columns(&[on(Panel::Customers, 9)]),
    m!(
        RepeatOrderShare,
        "Repeat orders %",
        "复购订单占比",
        Customers,
        Percent,
        Up,
        None,
        None,
        |p| { pct(p.repeat_orders, p.customer_orders) }
    )
    .reads(&[Sales, Customers])
    .base(|p| p.customer_orders)
    .cause(Cause::Retention),
    m!(
        RepeatPurchaseRate,
        "Repeat rate",
        "复购率",
        Customers,
        Percent,
        Up,
        hi(dec(15, 2), dec(5, 2)),
        None,
        |p| { pct(p.repeaters, p.customers) }
    )
    .reads(&[Customers, Retention])
    .base(|p| p.customers)
    .impact(Impact::Orders)
    .cause(Cause::Retention)
    .columns(&[on(Panel::Customers, 3)]),
    m!(
        PurchaseFrequency,
        "Orders/yr",
        "年购买频次",
        Customers,
        Ratio,
        Up,
        None,
        None,
        |p| pct(p.orders_365, p.customers_365)
    )
    .reads(&[Retention])
    .base(|p| p.customers_365)
    .cause(Cause::Retention)
    .columns(&[on(Panel::Customers, 8)]),
    m!(
        Ltv,
        "LTV",
        "用户生命周期价值",
        Customers,
        Money,
        Up,
        None,
        None,
        |p| p.ltv()
    )
    .reads(&[Retention])
    .base(|p| p.customers_365)
    .cause(Cause::Retention)
    .columns(&[on(Panel::Customers, 4)]),
    m!(
        LtvCac,
        "LTV/CAC",
        "LTV/CAC",
        Customers,
        Ratio,
        Up,
        hi(dec(3, 0), dec(1, 0)),
        None,
        |p| div(p.ltv(), p.cac())
    )
    .reads(&[Sales, Ads, Expenses, Retention])
    .base(|p| p.customers_365)
    .cause(Cause::Retention)
    .columns(&[on(Panel::Customers, 6)]),
    m!(
        WinbackRate,
        "Win-back rate",
        "沉默用户唤醒率",
        Customers,
        Percent,
        Up,
        None,
        None,
        |p| pct(p.won_back, p.lapsed)
    )
    .reads(&[Retention])
    .base(|p| p.lapsed)
    .columns(&[on(Panel::Customers, 7)]),
];

// One entry per metric id, in the id's order: `MetricId::def` indexes by it.
const _: () = {
    assert!(DEFS.len() == MetricId::ALL.len());
    let mut i = 0;
    while i < DEFS.len() {
        assert!(
            DEFS[i].id as usize == i,
            "CATALOGUE is not in MetricId order"
        );
        i += 1;
    }
};

impl MetricId {
    /// The catalogue entry of this metric.
    pub fn def(self) -> &'static MetricDef {
        &DEFS[self as usize]
    }
}

pub fn find(id: &str) -> Option<&'static MetricDef> {
    MetricId::parse(id).map(MetricId::def)
}

/// The metrics a panel's table shows, in order (the panel's own catalogue entries).
pub fn panel_metrics(panel: Panel) -> impl Iterator<Item = &'static MetricDef> {
    CATALOGUE.iter().filter(move |m| m.panel == panel)
}

/// Headline KPIs of the overview cards.
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
/// tab the cockpit opens on. Chosen with `--role`, the `R` key, or the workbook's
/// `role` setting (`sellerdeck config WB role ads`). A metric's entry says which
/// roles' cards show it (`MetricDef::cards`).
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

/// (role, name, 中文, default tab).
pub const ROLES: [(Role, &str, &str, Panel); 4] = [
    (Role::Owner, "owner", "老板", Panel::Overview),
    (Role::Operator, "operator", "运营", Panel::Funnel),
    (Role::Ads, "ads", "广告", Panel::Ads),
    (Role::Service, "service", "客服", Panel::Experience),
];

impl Role {
    pub const ALL: [Role; 4] = [Role::Owner, Role::Operator, Role::Ads, Role::Service];
    fn entry(self) -> &'static (Role, &'static str, &'static str, Panel) {
        &ROLES[self as usize]
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
    /// The Overview cards of the role (5–8 catalogue metrics), in order.
    pub fn cards(self) -> &'static [MetricId] {
        static CARDS: LazyLock<[Vec<MetricId>; 4]> = LazyLock::new(|| {
            Role::ALL.map(|role| {
                let mut of: Vec<(u8, MetricId)> = CATALOGUE
                    .iter()
                    .filter_map(|m| m.cards.iter().find(|c| c.0 == role).map(|c| (c.1, m.id)))
                    .collect();
                of.sort_by_key(|c| c.0);
                of.into_iter().map(|c| c.1).collect()
            })
        });
        &CARDS[self as usize]
    }
    pub fn parse(s: &str) -> Option<Role> {
        let s = s.trim().to_ascii_lowercase();
        ROLES.iter().find(|r| r.1 == s).map(|r| r.0)
    }
    pub fn next(self) -> Role {
        Role::ALL[(self as usize + 1) % Role::ALL.len()]
    }
}

/// The levels a column is shown at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Levels {
    All,
    /// Total, channel and store rows.
    AboveSku,
    /// SKU rows only.
    Sku,
}

/// Where a metric is a table column: its tab, its position there (most important
/// first; columns that do not fit are scrolled to), the levels and whether its change
/// follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub panel: Panel,
    pub rank: u8,
    pub levels: Levels,
    pub change: bool,
}

/// A column of `panel` at position `rank`, at every level, without its change.
const fn on(panel: Panel, rank: u8) -> Placement {
    Placement {
        panel,
        rank,
        levels: Levels::All,
        change: false,
    }
}

impl Placement {
    const fn above_sku(mut self) -> Self {
        self.levels = Levels::AboveSku;
        self
    }
    const fn at_sku(mut self) -> Self {
        self.levels = Levels::Sku;
        self
    }
    const fn with_change(mut self) -> Self {
        self.change = true;
        self
    }
    pub fn applies(&self, level: Level) -> bool {
        match self.levels {
            Levels::All => true,
            Levels::AboveSku => level != Level::Sku,
            Levels::Sku => level == Level::Sku,
        }
    }
}

/// A table column: a metric, optionally followed by its change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub id: MetricId,
    pub change: bool,
}

/// The table columns of a tab at a level, in order: the metrics placed there.
pub fn columns(panel: Panel, level: Level) -> &'static [Column] {
    const LEVELS: [Level; 4] = [Level::Total, Level::Channel, Level::Store, Level::Sku];
    static COLUMNS: LazyLock<Vec<Vec<Column>>> = LazyLock::new(|| {
        Panel::ALL
            .iter()
            .flat_map(|&panel| {
                LEVELS.iter().map(move |&level| {
                    let mut cols: Vec<(u8, Column)> = CATALOGUE
                        .iter()
                        .flat_map(|m| {
                            m.columns
                                .iter()
                                .filter(|at| at.panel == panel && at.applies(level))
                                .map(|at| {
                                    (
                                        at.rank,
                                        Column {
                                            id: m.id,
                                            change: at.change,
                                        },
                                    )
                                })
                        })
                        .collect();
                    cols.sort_by_key(|c| c.0);
                    cols.into_iter().map(|c| c.1).collect()
                })
            })
            .collect()
    });
    let p = Panel::ALL.iter().position(|p| *p == panel).unwrap_or(0);
    let l = LEVELS.iter().position(|l| *l == level).unwrap_or(0);
    &COLUMNS[p * LEVELS.len() + l]
}

/// The metric a tab charts over time (the trend of the selected row / SKU card).
pub fn trend_metric(panel: Panel) -> MetricId {
    CATALOGUE
        .iter()
        .find(|m| m.trend.contains(&panel))
        .map_or(MetricId::Gmv, |m| m.id)
}

/// The story alerts of one row belong to: alerts on metrics of one cause are one
/// alert (ACoS, ROAS and TACoS of a runaway campaign), named by its biggest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cause {
    Ads,
    /// Too much stock for the demand.
    Stock,
    StockOut,
    /// The sales of a row and the traffic, conversion and customers they come from
    /// (gmv = sessions × CVR × AOV): one story when they fall together.
    Demand,
    Service,
    Satisfaction,
    Delivery,
    Returns,
    Margin,
    Retention,
}

impl Cause {
    pub fn name(self) -> &'static str {
        match self {
            Cause::Ads => "ads",
            Cause::Stock => "stock",
            Cause::StockOut => "stock-out",
            Cause::Demand => "demand",
            Cause::Service => "service",
            Cause::Satisfaction => "satisfaction",
            Cause::Delivery => "delivery",
            Cause::Returns => "returns",
            Cause::Margin => "margin",
            Cause::Retention => "retention",
        }
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
    Of(MetricId),
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

impl Impact {
    /// The rule for a metric of `unit` that names none: money is its own impact,
    /// a count or units are valued per unit, anything else carries no money.
    const fn by_unit(unit: Unit) -> Impact {
        match unit {
            Unit::Money => Impact::Money,
            Unit::Count | Unit::Units => Impact::PerUnit,
            _ => Impact::None,
        }
    }
}

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
        assert_eq!(CATALOGUE.len(), 125);
    }

    #[test]
    fn every_tab_has_its_columns_once_in_rank_order_and_one_trend() {
        for panel in Panel::ALL {
            for level in [Level::Total, Level::Channel, Level::Store, Level::Sku] {
                // ranks of the placements that apply are 0..n, each once
                let mut ranks: Vec<u8> = CATALOGUE
                    .iter()
                    .flat_map(|m| m.columns.iter())
                    .filter(|at| at.panel == panel && at.applies(level))
                    .map(|at| at.rank)
                    .collect();
                ranks.sort();
                let want: Vec<u8> = (0..ranks.len() as u8).collect();
                assert_eq!(ranks, want, "{panel:?} at {level:?}");
                assert!(columns(panel, level).len() >= 8, "{panel:?} at {level:?}");
            }
            let trends = CATALOGUE
                .iter()
                .filter(|m| m.trend.contains(&panel))
                .count();
            assert_eq!(trends, 1, "{panel:?} has one trend metric");
        }
        // the SKU tables lead with their own first columns
        assert_eq!(
            columns(Panel::Inventory, Level::Sku)[0].id,
            MetricId::NeedsRestock
        );
        assert_eq!(
            columns(Panel::Inventory, Level::Store)[0].id,
            MetricId::OnHandUnits
        );
        assert_eq!(
            columns(Panel::Profit, Level::Sku)[0],
            Column {
                id: MetricId::ContributionProfit,
                change: true
            }
        );
        assert_eq!(trend_metric(Panel::Ads), MetricId::AdSpend);
    }

    #[test]
    fn every_role_has_five_to_eight_cards_in_order() {
        for role in Role::ALL {
            let cards = role.cards();
            assert!((5..=8).contains(&cards.len()), "{role:?}: {cards:?}");
            let mut ranks: Vec<u8> = CATALOGUE
                .iter()
                .flat_map(|m| m.cards.iter().filter(|c| c.0 == role).map(|c| c.1))
                .collect();
            ranks.sort();
            assert_eq!(
                ranks,
                (0..cards.len() as u8).collect::<Vec<_>>(),
                "{role:?}"
            );
        }
        assert_eq!(
            Role::Owner.cards()[..3],
            [MetricId::Gmv, MetricId::Orders, MetricId::Aov]
        );
        assert_eq!(Role::Ads.cards()[0], MetricId::AdSpend);
    }

    #[test]
    fn ids_parse_back() {
        for m in CATALOGUE {
            assert_eq!(MetricId::parse(m.id.as_str()), Some(m.id));
            assert_eq!(find(m.id.as_str()).map(|d| d.id), Some(m.id));
        }
        assert_eq!(MetricId::parse("gmv "), None);
        assert!(external_id("brand_search") && !external_id("gmv"));
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
