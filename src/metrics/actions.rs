//! Action lists (seed 004's rules, thresholds from the catalogue and the workbook's
//! settings): what to reorder, which ads to raise or cut, what to clear, which
//! listings to fix, and the SKU quadrant. Each is a `Listing` for `report --actions
//! KIND` and the cockpit's action view.

use anyhow::Result;
use rust_decimal::Decimal;

use super::alerts::{self, Context};
use super::engine::{Level, Needs};
use super::report::{self, Report, Request, Row};
use crate::catalogue::{Health, Lang, Thresholds, Unit};
use crate::domain::MetricId;
use crate::listing::{Cell, Listing, col, metric_col};
use crate::period::{CompareMode, Period};
use crate::util::{date_of, day_of};
use crate::workbook::{Master, Workbook};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Restock,
    AdBudget,
    Clearance,
    Listing,
    Quadrant,
    /// Growth drivers: each row's gmv change split into sessions, CVR and AOV, with
    /// the child row that moved it most.
    Drivers,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Restock,
        Kind::AdBudget,
        Kind::Clearance,
        Kind::Listing,
        Kind::Quadrant,
        Kind::Drivers,
    ];
    pub const NAMES: [&'static str; 6] = [
        "restock",
        "ad-budget",
        "clearance",
        "listing",
        "quadrant",
        "drivers",
    ];

    pub fn name(self) -> &'static str {
        Kind::NAMES[Kind::ALL.iter().position(|k| *k == self).unwrap_or(0)]
    }
    pub fn parse(s: &str) -> Option<Kind> {
        let s = s.trim().to_ascii_lowercase().replace('_', "-");
        Kind::NAMES
            .iter()
            .position(|n| *n == s || (s == "ads" && *n == "ad-budget"))
            .map(|i| Kind::ALL[i])
    }
    pub fn title(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Kind::Restock, Lang::En) => "Restock",
            (Kind::Restock, Lang::Zh) => "补货清单",
            (Kind::AdBudget, Lang::En) => "Ad budget",
            (Kind::AdBudget, Lang::Zh) => "广告预算",
            (Kind::Clearance, Lang::En) => "Clearance",
            (Kind::Clearance, Lang::Zh) => "清仓清单",
            (Kind::Listing, Lang::En) => "Fix the listing",
            (Kind::Listing, Lang::Zh) => "优化详情页",
            (Kind::Quadrant, Lang::En) => "SKU quadrant",
            (Kind::Quadrant, Lang::Zh) => "SKU 四象限",
            (Kind::Drivers, Lang::En) => "Growth drivers",
            (Kind::Drivers, Lang::Zh) => "增长驱动拆解",
        }
    }
}

/// Default ROAS above which an ad is worth more budget (setting `action.raise_roas`).
pub const RAISE_ROAS: Decimal = Decimal::from_parts(5, 0, 0, false, 0);
/// Default budget step of a raise (setting `action.raise_step`): +20%.
pub const RAISE_STEP: Decimal = Decimal::from_parts(2, 0, 0, false, 1);

/// The metrics an action list reads (no customer metrics).
const NEEDS: Needs = alerts::NEEDS;

fn req(period: Period, compare: CompareMode, level: Level, under: Vec<String>) -> Request {
    Request {
        period,
        compare,
        level,
        under,
        all_rows: false,
    }
}

/// The SKU rows of the scope (all stores of it together).
fn sku_report(
    wb: &Workbook,
    master: &Master,
    p: Period,
    c: CompareMode,
    under: &[String],
) -> Result<Report> {
    report::build_for(wb, master, &req(p, c, Level::Sku, under.to_vec()), NEEDS)
}

/// One report per store in scope, with that store's SKU rows.
fn store_reports(
    wb: &Workbook,
    master: &Master,
    p: Period,
    c: CompareMode,
    under: &[String],
) -> Result<Vec<Report>> {
    alerts::stores_in(master, under)
        .into_iter()
        .map(|st| report::build_for(wb, master, &req(p, c, Level::Sku, st), NEEDS))
        .collect()
}

/// The action list `kind` for the scope `under` in `period`.
pub fn list(
    wb: &Workbook,
    master: &Master,
    kind: Kind,
    period: Period,
    compare: CompareMode,
    under: &[String],
) -> Result<Listing> {
    let mut l = match kind {
        Kind::Restock => restock(wb, master, &sku_report(wb, master, period, compare, under)?)?,
        Kind::AdBudget => ad_budget(
            wb,
            master,
            &store_reports(wb, master, period, compare, under)?,
        )?,
        Kind::Clearance => clearance(wb, &sku_report(wb, master, period, compare, under)?)?,
        Kind::Listing => listing_fixes(master, &store_reports(wb, master, period, compare, under)?),
        Kind::Quadrant => quadrant(master, &sku_report(wb, master, period, compare, under)?),
        Kind::Drivers => drivers(wb, master, period, compare, under)?,
    };
    let scope = alerts::path_label(under, " › ");
    l.title = format!(
        "{} · {} · {} ({})",
        kind.title(Lang::En),
        scope,
        period.label(),
        l.rows.len()
    );
    Ok(l)
}

/// A column of a catalogue metric under the catalogue's own labels.
fn metric(id: MetricId) -> crate::listing::Column {
    metric_col(id, id.def().en, id.def().zh)
}

fn num(row: &Row, id: MetricId, unit: Unit) -> Cell {
    Cell::Num(row.value(id), unit)
}

fn sku_title(master: &Master, sku: &str) -> String {
    master.sku(sku).map(|s| s.title.clone()).unwrap_or_default()
}

fn setting(master: &Master, key: &str, default: Decimal) -> Decimal {
    master.setting_decimal(key).unwrap_or(default)
}

/// Days until the stock on hand runs out at the average daily units; undefined
/// without sales.
fn days_to_stockout(row: &Row) -> Option<Decimal> {
    let daily = row
        .value(MetricId::AvgDailyUnits)
        .filter(|d| *d > Decimal::ZERO)?;
    // rounded first: 1 / (2/30) is 15 days, not 14.999…
    Some(
        (row.value(MetricId::OnHandUnits)? / daily)
            .round_dp(9)
            .floor(),
    )
}

/// SKUs with on hand + inbound at or below the reorder point, soonest stock-out first.
fn restock(wb: &Workbook, master: &Master, rep: &Report) -> Result<Listing> {
    let points = wb.stock_points(day_of(rep.span.end))?;
    // a stock point without a store (shared stock) is in every scope
    let under = crate::domain::Under::of(&rep.under);
    let in_scope = |store: &Option<String>| match store.as_deref() {
        None => true,
        Some(s) => match master.store(s) {
            Some(info) => under.has_store(&info.channel, s),
            None => !matches!(under, crate::domain::Under::Store { .. }),
        },
    };
    let mut rows: Vec<&Row> = rep
        .rows
        .iter()
        .filter(|r| {
            !r.unattributed
                && r.value(MetricId::NeedsRestock)
                    .is_some_and(|f| f == Decimal::ONE)
        })
        .collect();
    rows.sort_by(|a, b| {
        let (da, db) = (days_to_stockout(a), days_to_stockout(b));
        da.is_none()
            .cmp(&db.is_none())
            .then(da.cmp(&db))
            .then_with(|| a.key.cmp(&b.key))
    });
    let cells = rows
        .into_iter()
        .map(|r| {
            let at: Vec<String> = points
                .iter()
                .filter(|p| p.sku == r.key && in_scope(&p.store_id))
                .map(|p| match p.inbound {
                    Some(i) if i > 0 => format!("{} {}+{}", p.warehouse, p.on_hand, i),
                    _ => format!("{} {}", p.warehouse, p.on_hand),
                })
                .collect();
            vec![
                Cell::text(r.key.clone()),
                Cell::text(sku_title(master, &r.key)),
                Cell::text(at.join("; ")),
                num(r, MetricId::OnHandUnits, Unit::Count),
                num(r, MetricId::InboundUnits, Unit::Count),
                num(r, MetricId::AvgDailyUnits, Unit::Ratio),
                num(r, MetricId::DaysOfCover, Unit::Days),
                num(r, MetricId::ReorderPoint, Unit::Units),
                num(r, MetricId::RestockQty, Unit::Units),
                Cell::Num(days_to_stockout(r), Unit::Days),
            ]
        })
        .collect();
    Ok(Listing {
        kind: "restock",
        title: String::new(),
        columns: vec![
            col("sku", "SKU", "SKU"),
            col("title", "Title", "名称"),
            col(
                "stock_points",
                "Stock points (on hand+inbound)",
                "库存点(在库+在途)",
            ),
            col("on_hand", "On hand", "在库"),
            col("inbound", "Inbound", "在途"),
            metric_col(MetricId::AvgDailyUnits, "Daily units", "日均销量"),
            metric(MetricId::DaysOfCover),
            metric(MetricId::ReorderPoint),
            col("suggested_qty", "Order qty", "建议补货量"),
            col("days_to_stockout", "Days to stock-out", "距断货天数"),
        ],
        rows: cells,
        notes: vec![format!(
            "on hand + inbound ≤ reorder point at {}; order qty = reorder point + 30 days of demand − on hand − inbound",
            rep.span.end
        )],
    })
}

/// The settings `ad_budget` judges by.
struct AdRules {
    raise_roas: Decimal,
    step: Decimal,
    acos_good: Decimal,
    acos_bad: Decimal,
    min_cover: Decimal,
}

/// One ad line to act on: (action, where, spend, ad sales, roas, acos, cover, at stake).
struct AdLine {
    action: &'static str,
    place: String,
    spend: Decimal,
    sales: Decimal,
    roas: Decimal,
    acos: Option<Decimal>,
    cover: Option<Decimal>,
    at_stake: Decimal,
}

impl AdRules {
    fn of(master: &Master) -> AdRules {
        let acos_def = MetricId::Acos.def();
        let (acos_good, acos_bad) = match report::thresholds_of(master, acos_def) {
            Some(Thresholds::Lower { good, bad }) => (good, bad),
            _ => (Decimal::new(3, 1), Decimal::new(5, 1)),
        };
        let cover_def = MetricId::DaysOfCover.def();
        let min_cover = match report::thresholds_of(master, cover_def) {
            Some(Thresholds::Band { good_lo, .. }) => good_lo,
            _ => Decimal::from(30),
        };
        AdRules {
            raise_roas: setting(master, "action.raise_roas", RAISE_ROAS),
            step: setting(master, "action.raise_step", RAISE_STEP),
            acos_good,
            acos_bad,
            min_cover,
        }
    }

    /// Cut (ACoS in its bad band), raise (ROAS above the bar with the stock to cover
    /// it), or nothing.
    fn judge(
        &self,
        place: String,
        spend: Decimal,
        sales: Decimal,
        cover: Option<Decimal>,
    ) -> Option<AdLine> {
        if spend <= Decimal::ZERO {
            return None;
        }
        let roas = (sales / spend).round_dp(6);
        let acos = (!sales.is_zero()).then(|| (spend / sales).round_dp(6));
        let covered = cover.is_some_and(|c| c >= self.min_cover);
        let (action, at_stake) = if acos.is_none_or(|a| a > self.acos_bad) {
            // spend beyond what the good ACoS needs for these sales
            ("cut", spend - self.acos_good * sales)
        } else if roas > self.raise_roas && covered {
            ("raise", sales * self.step)
        } else {
            return None;
        };
        Some(AdLine {
            action,
            place,
            spend,
            sales,
            roas,
            acos,
            cover,
            at_stake,
        })
    }

    fn note(&self) -> String {
        format!(
            "cut: ACoS > {} (at stake: spend beyond ACoS {}); raise: ROAS > {} with ≥ {} days of cover (at stake: ad sales of +{} budget); campaigns at the rate of the period's last day",
            crate::format::plain(Some(self.acos_bad), Unit::Percent),
            crate::format::plain(Some(self.acos_good), Unit::Percent),
            self.raise_roas.normalize(),
            self.min_cover.normalize(),
            crate::format::plain(Some(self.step), Unit::Percent),
        )
    }
}

impl AdLine {
    fn cells(self) -> Vec<Cell> {
        vec![
            Cell::text(self.action),
            Cell::text(self.place),
            Cell::Num(Some(self.spend), Unit::Money),
            Cell::Num(Some(self.sales), Unit::Money),
            Cell::Num(Some(self.roas), Unit::Ratio),
            Cell::Num(self.acos, Unit::Percent),
            Cell::Num(self.cover, Unit::Days),
            Cell::Num(Some(self.at_stake), Unit::Money),
        ]
    }
}

/// Ads to raise (ROAS above `action.raise_roas` and stock covering the demand) and to
/// cut (ACoS in its bad band), SKU by store and campaign by store, most money first.
fn ad_budget(wb: &Workbook, master: &Master, reps: &[Report]) -> Result<Listing> {
    let rules = AdRules::of(master);
    let mut lines: Vec<AdLine> = Vec::new();
    for rep in reps {
        let store = rep.under.last().cloned().unwrap_or_default();
        for r in rep.rows.iter().filter(|r| !r.unattributed) {
            if let (Some(spend), Some(sales)) =
                (r.value(MetricId::AdSpend), r.value(MetricId::AdSales))
            {
                let place = format!("{} › {}", store, r.key);
                let cover = r.value(MetricId::DaysOfCover);
                lines.extend(rules.judge(place, spend, sales, cover));
            }
        }
        // campaigns in the store's currency, at the rate of the period's last day
        let Some(info) = master.store(&store) else {
            continue;
        };
        let end = day_of(rep.span.end);
        let Some(rate) = master.rate(&info.currency, end) else {
            continue;
        };
        for c in wb.campaigns(&store, day_of(rep.span.start), end)? {
            let spend = crate::util::micro_to_dec(c.spend_with_sales) * rate;
            let sales = crate::util::micro_to_dec(c.ad_sales) * rate;
            let place = format!("{} › campaign {}", store, c.campaign);
            let cover = rep.total.value(MetricId::DaysOfCover);
            lines.extend(rules.judge(place, spend, sales, cover));
        }
    }
    lines.sort_by(|a, b| {
        b.at_stake
            .cmp(&a.at_stake)
            .then_with(|| a.place.cmp(&b.place))
    });
    Ok(Listing {
        kind: "ad-budget",
        title: String::new(),
        columns: vec![
            col("action", "Action", "动作"),
            col("where", "Where", "位置"),
            col("spend", "Spend", "花费"),
            metric(MetricId::AdSales),
            metric(MetricId::Roas),
            metric(MetricId::Acos),
            metric(MetricId::DaysOfCover),
            col("at_stake", "At stake", "影响金额"),
        ],
        rows: lines.into_iter().map(AdLine::cells).collect(),
        notes: vec![rules.note()],
    })
}

/// Stale SKUs (stock on hand, no sale in 90 days), biggest stock value first.
fn clearance(wb: &Workbook, rep: &Report) -> Result<Listing> {
    let end = day_of(rep.span.end);
    let last = wb.last_sales(end)?;
    let mut rows: Vec<&Row> = rep
        .rows
        .iter()
        .filter(|r| {
            !r.unattributed
                && r.value(MetricId::StaleRate)
                    .is_some_and(|s| s == Decimal::ONE)
        })
        .collect();
    rows.sort_by(|a, b| {
        b.value(MetricId::InventoryValue)
            .cmp(&a.value(MetricId::InventoryValue))
            .then_with(|| a.key.cmp(&b.key))
    });
    let cells = rows
        .into_iter()
        .map(|r| {
            let since = last.get(&r.key).map(|d| Decimal::from(end - d));
            vec![
                Cell::text(r.key.clone()),
                Cell::text(r.label.clone()),
                num(r, MetricId::OnHandUnits, Unit::Count),
                num(r, MetricId::InventoryValue, Unit::Money),
                Cell::Num(since, Unit::Days),
                Cell::text(
                    last.get(&r.key)
                        .map(|d| date_of(*d).to_string())
                        .unwrap_or("never".into()),
                ),
            ]
        })
        .collect();
    Ok(Listing {
        kind: "clearance",
        title: String::new(),
        columns: vec![
            col("sku", "SKU", "SKU"),
            col("title", "Title", "名称"),
            col("on_hand", "On hand", "在库"),
            col("stock_value", "Stock value", "库存金额"),
            col("days_since_sale", "Days since sale", "距上次销售天数"),
            col("last_sale", "Last sale", "上次销售"),
        ],
        rows: cells,
        notes: vec![format!(
            "on hand > 0 and no unit sold in the 90 days to {}",
            rep.span.end
        )],
    })
}

/// Store SKUs whose CVR or return rate is in its bad band on enough base, most money
/// at stake first.
fn listing_fixes(master: &Master, reps: &[Report]) -> Listing {
    let mut lines: Vec<(Option<Decimal>, Vec<Cell>)> = Vec::new();
    for rep in reps {
        let ctx = Context {
            // a listing with sessions and no order is worth the store's gmv per order
            aov: rep.total.value(MetricId::Aov),
            ..Context::new(master, rep.span.days(), Level::Sku)
        };
        let store = rep.under.last().cloned().unwrap_or_default();
        for r in rep.rows.iter().filter(|r| !r.unattributed) {
            for id in [MetricId::Cvr, MetricId::ReturnRate] {
                let m = id.def();
                let Some(mv) = r.get(id) else { continue };
                let based = mv.base.is_some_and(|(n, _)| n >= master.min_base);
                if !based || report::health(master, m, mv.value) != Some(Health::Bad) {
                    continue;
                }
                let at = alerts::bad_band_money(master, &ctx, r, m);
                lines.push((
                    at,
                    vec![
                        Cell::text(format!("{store} › {}", r.key)),
                        Cell::text(r.label.clone()),
                        Cell::text(m.en),
                        num(r, MetricId::Sessions, Unit::Count),
                        num(r, MetricId::Cvr, Unit::Percent),
                        num(r, MetricId::Orders, Unit::Count),
                        num(r, MetricId::ReturnRate, Unit::Percent),
                        Cell::Num(at, Unit::Money),
                    ],
                ));
            }
        }
    }
    lines.sort_by_key(|l| std::cmp::Reverse(l.0));
    Listing {
        kind: "listing",
        title: String::new(),
        columns: vec![
            col("where", "Where", "位置"),
            col("title", "Title", "名称"),
            col("problem", "Problem", "问题"),
            metric(MetricId::Sessions),
            metric(MetricId::Cvr),
            metric(MetricId::Orders),
            metric(MetricId::ReturnRate),
            col("at_stake", "At stake", "影响金额"),
        ],
        rows: lines.into_iter().map(|l| l.1).collect(),
        notes: vec![format!(
            "CVR or return rate in its bad band, on at least {} sessions / orders (alert.min_base)",
            master.min_base
        )],
    }
}

/// The median of some values (the mean of the middle two for an even count).
pub fn median(mut v: Vec<Decimal>) -> Option<Decimal> {
    if v.is_empty() {
        return None;
    }
    v.sort();
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / Decimal::TWO
    })
}

/// Seed 004's quadrant of a SKU: by units and gross margin against the boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quadrant {
    /// High units, high margin: put traffic behind it.
    Star,
    /// Low units, high margin: give it traffic.
    Profit,
    /// High units, low margin: it pulls in orders for the rest.
    Traffic,
    /// Low units, low margin: clear it and delist.
    Retire,
}

impl Quadrant {
    pub fn of(units: Decimal, margin: Decimal, b_units: Decimal, b_margin: Decimal) -> Quadrant {
        match (units >= b_units, margin >= b_margin) {
            (true, true) => Quadrant::Star,
            (false, true) => Quadrant::Profit,
            (true, false) => Quadrant::Traffic,
            (false, false) => Quadrant::Retire,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Quadrant::Star => "star",
            Quadrant::Profit => "profit",
            Quadrant::Traffic => "traffic",
            Quadrant::Retire => "retire",
        }
    }
}

/// The SKUs that sold, each in its quadrant, with the boundaries (the scope's
/// medians, or settings `quadrant.units` / `quadrant.margin`) and per-quadrant
/// counts and gmv in the notes.
fn quadrant(master: &Master, rep: &Report) -> Listing {
    let sold: Vec<(&Row, Decimal, Decimal)> = rep
        .rows
        .iter()
        .filter(|r| !r.unattributed)
        .filter_map(|r| {
            let u = r.value(MetricId::Units).filter(|u| *u > Decimal::ZERO)?;
            Some((r, u, r.value(MetricId::GrossMargin)?))
        })
        .collect();
    let b_units = master
        .setting_decimal("quadrant.units")
        .or_else(|| median(sold.iter().map(|s| s.1).collect()));
    let b_margin = master
        .setting_decimal("quadrant.margin")
        .or_else(|| median(sold.iter().map(|s| s.2).collect()));
    let (Some(bu), Some(bm)) = (b_units, b_margin) else {
        return Listing {
            kind: "quadrant",
            columns: quadrant_columns(),
            notes: vec!["no SKU sold with a defined gross margin".into()],
            ..Listing::default()
        };
    };
    let mut rows: Vec<(Quadrant, &Row, Decimal, Decimal)> = sold
        .into_iter()
        .map(|(r, u, m)| (Quadrant::of(u, m, bu, bm), r, u, m))
        .collect();
    let order = |q: Quadrant| {
        [
            Quadrant::Star,
            Quadrant::Profit,
            Quadrant::Traffic,
            Quadrant::Retire,
        ]
        .iter()
        .position(|x| *x == q)
    };
    rows.sort_by(|a, b| {
        order(a.0)
            .cmp(&order(b.0))
            .then_with(|| b.1.value(MetricId::Gmv).cmp(&a.1.value(MetricId::Gmv)))
            .then_with(|| a.1.key.cmp(&b.1.key))
    });
    let mut notes = vec![format!(
        "boundaries: units {} and gross margin {} ({})",
        bu.normalize(),
        crate::format::plain(Some(bm), Unit::Percent),
        if master.setting_decimal("quadrant.units").is_some()
            || master.setting_decimal("quadrant.margin").is_some()
        {
            "settings quadrant.units / quadrant.margin"
        } else {
            "the medians of the SKUs that sold"
        }
    )];
    for q in [
        Quadrant::Star,
        Quadrant::Profit,
        Quadrant::Traffic,
        Quadrant::Retire,
    ] {
        let of: Vec<_> = rows.iter().filter(|r| r.0 == q).collect();
        let gmv: Decimal = of.iter().filter_map(|r| r.1.value(MetricId::Gmv)).sum();
        notes.push(format!(
            "{}: {} SKUs, gmv {}",
            q.name(),
            of.len(),
            crate::format::plain(Some(gmv), Unit::Money)
        ));
    }
    Listing {
        kind: "quadrant",
        title: String::new(),
        columns: quadrant_columns(),
        rows: rows
            .into_iter()
            .map(|(q, r, u, m)| {
                vec![
                    Cell::text(r.key.clone()),
                    Cell::text(r.label.clone()),
                    Cell::text(q.name()),
                    Cell::Num(Some(u), Unit::Count),
                    Cell::Num(Some(m), Unit::Percent),
                    num(r, MetricId::Cvr, Unit::Percent),
                    num(r, MetricId::Gmv, Unit::Money),
                ]
            })
            .collect(),
        notes,
    }
}

fn quadrant_columns() -> Vec<crate::listing::Column> {
    vec![
        col("sku", "SKU", "SKU"),
        col("title", "Title", "名称"),
        col("quadrant", "Quadrant", "象限"),
        metric(MetricId::Units),
        metric(MetricId::GrossMargin),
        metric(MetricId::Cvr),
        metric_col(MetricId::Gmv, "GMV", "销售额"),
    ]
}

/// (sessions, orders, gmv) of a row in the comparison period and in P.
fn links(row: &Row) -> Option<(super::drivers::Links, super::drivers::Links)> {
    let v = |id: MetricId| row.get(id).map(|m| (m.compare, m.value));
    let ((s0, s1), (o0, o1), (g0, g1)) = (
        v(MetricId::Sessions)?,
        v(MetricId::Orders)?,
        v(MetricId::Gmv)?,
    );
    Some(((s0?, o0?, g0?), (s1?, o1?, g1?)))
}

fn gmv_change(row: &Row) -> Option<Decimal> {
    let g = row.get(MetricId::Gmv)?;
    Some(g.value? - g.compare?)
}

/// The scope and its children, each with its gmv change split into sessions, CVR and
/// AOV (they add up to the change exactly), and the row one level down whose gmv
/// moved the most in the same direction.
fn drivers(
    wb: &Workbook,
    master: &Master,
    p: Period,
    c: CompareMode,
    under: &[String],
) -> Result<Listing> {
    let level = crate::domain::Under::of(under).children();
    let rep = report::build_for(wb, master, &req(p, c, level, under.to_vec()), NEEDS)?;
    // the rows one level down, each with the key of its parent row
    let children: Vec<(Option<String>, Row)> = match level {
        Level::Channel => report::build_for(wb, master, &req(p, c, Level::Store, vec![]), NEEDS)?
            .rows
            .into_iter()
            .map(|r| (r.path.first().cloned(), r))
            .collect(),
        Level::Store => store_reports(wb, master, p, c, under)?
            .into_iter()
            .flat_map(|r| {
                let store = r.under.last().cloned();
                r.rows.into_iter().map(move |row| (store.clone(), row))
            })
            .collect(),
        _ => vec![],
    };
    // the candidate that moved most, in the direction of the row's own change
    fn moved_most<'r>(
        cands: impl Iterator<Item = &'r Row>,
        change: Option<Decimal>,
    ) -> Option<(&'r Row, Decimal)> {
        cands
            .filter(|ch| !ch.unattributed)
            .filter_map(|ch| Some((ch, gmv_change(ch)?)))
            .filter(|(_, d)| change.is_none_or(|c| c.is_sign_negative() == d.is_sign_negative()))
            .max_by_key(|(_, d)| d.abs())
    }
    let line = |r: &Row, name: String, parent: Option<&str>| {
        let split = links(r).and_then(|(a, b)| super::drivers::split(a, b));
        let change = gmv_change(r);
        let top = match parent {
            Some(p) => moved_most(
                children
                    .iter()
                    .filter(|(of, _)| of.as_deref() == Some(p))
                    .map(|(_, ch)| ch),
                change,
            ),
            // the scope's own children are the rows of this list
            None => moved_most(rep.rows.iter(), change),
        };
        vec![
            Cell::text(name),
            num(r, MetricId::Gmv, Unit::Money),
            Cell::Num(change, Unit::Money),
            Cell::Num(split.map(|s| s.sessions), Unit::Money),
            Cell::Num(split.map(|s| s.cvr), Unit::Money),
            Cell::Num(split.map(|s| s.aov), Unit::Money),
            Cell::text(top.map(|(ch, _)| ch.label.clone()).unwrap_or_default()),
            Cell::Num(top.map(|(_, d)| d), Unit::Money),
        ]
    };
    let mut rows = vec![line(&rep.total, alerts::path_label(under, " › "), None)];
    for r in rep.rows.iter().filter(|r| !r.unattributed) {
        rows.push(line(r, r.label.clone(), Some(r.key.as_str())));
    }
    Ok(Listing {
        kind: "drivers",
        title: String::new(),
        columns: vec![
            col("where", "Where", "位置"),
            metric_col(MetricId::Gmv, "GMV", "销售额"),
            col("change", "Δ GMV", "销售额变化"),
            col("from_sessions", "from sessions", "来自访客"),
            col("from_cvr", "from CVR", "来自转化率"),
            col("from_aov", "from AOV", "来自客单价"),
            col("top_child", "Moved most by", "贡献最大的下级"),
            col("top_child_change", "its Δ GMV", "其销售额变化"),
        ],
        rows,
        notes: vec![format!(
            "gmv = sessions × CVR × AOV vs {}; the split is Shapley's and adds up to Δ GMV exactly; a row without sessions or orders in a period has none",
            rep.compare.label()
        )],
    })
}
