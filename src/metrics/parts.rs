//! The additive parts of one drill row in one period. Every catalogue metric is
//! derived from these (ratios are recomputed from parts at each level, never
//! averaged). `None` money means undefined (missing FX rate or cost) and
//! poisons every sum it enters.

use std::collections::BTreeMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::catalogue::ExpenseCategory;
use crate::util::div;

pub type Val = Option<Decimal>;

// Checked: a sum past what a decimal holds is undefined, never a panic or a wrong number.
pub fn add(a: Val, b: Val) -> Val {
    a?.checked_add(b?)
}

pub fn sub(a: Val, b: Val) -> Val {
    a?.checked_sub(b?)
}

/// A sum over an optional column (spec rule 7): the known values are summed; it
/// is undefined only when there were contributing rows and all were blank.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Known {
    pub sum: Decimal,
    pub rows: i64,
    pub known: i64,
    /// A known value could not be converted (missing FX rate).
    pub poisoned: bool,
}

impl Known {
    pub fn add(&mut self, v: Option<Decimal>, rows: i64, known: i64) {
        match v {
            Some(v) => match self.sum.checked_add(v) {
                Some(s) => self.sum = s,
                None => self.poisoned = true,
            },
            None if known > 0 => self.poisoned = true,
            None => {}
        }
        self.rows += rows;
        self.known += known;
    }
    /// The known sum as a count (a base of rule 18).
    pub fn known_sum(&self) -> i64 {
        use rust_decimal::prelude::ToPrimitive;
        self.sum.to_i64().unwrap_or(i64::MAX)
    }
    pub fn value(&self) -> Val {
        if self.poisoned || (self.rows > 0 && self.known == 0) {
            None
        } else {
            Some(self.sum)
        }
    }
}

/// Both parts of a ratio over one table, summed only over the rows where every
/// optional column the ratio uses is known (rule 7).
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub num: Val,
    pub den: Val,
    pub rows: i64,
}

impl Default for Pair {
    fn default() -> Self {
        Pair {
            num: Some(Decimal::ZERO),
            den: Some(Decimal::ZERO),
            rows: 0,
        }
    }
}

impl Pair {
    pub fn add(&mut self, num: Val, den: Val, rows: i64) {
        self.num = add(self.num, num);
        self.den = add(self.den, den);
        self.rows += rows;
    }
    pub fn ratio(&self) -> Val {
        if self.rows == 0 {
            None
        } else {
            div(self.num, self.den)
        }
    }
    pub fn inverse(&self) -> Val {
        if self.rows == 0 {
            None
        } else {
            div(self.den, self.num)
        }
    }
}

/// Restock figures of a SKU row (only where the SKU has a snapshot in scope).
#[derive(Debug, Clone, PartialEq)]
pub struct Restock {
    pub safety_stock: Decimal,
    pub reorder_point: Decimal,
    pub needs_restock: Decimal,
    pub restock_qty: Decimal,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Parts {
    // sales: lines of valid orders placed in P
    pub gross: Val,
    pub discounts: Val,
    pub units: i64,
    pub cogs: Val,
    pub new_sku_gmv: Val,
    pub active_skus: i64,
    /// The parts of the scope row this row is a part of (for the shares of it:
    /// `share`, `units_share`); None on the scope row itself.
    pub scope: Option<Arc<Parts>>,
    // orders placed in P (at SKU level: orders containing the SKU)
    pub orders_all: i64,
    pub orders: i64,
    pub cancelled: i64,
    pub payment_failed: i64,
    pub mobile_orders: i64,
    // fulfilment of the valid orders of P
    pub shipped: i64,
    pub with_ship_by: i64,
    pub on_time: i64,
    pub ship_ms: i64,
    pub delivered: i64,
    pub delivery_ms: i64,
    pub damaged: i64,
    pub ticket_orders: i64,
    pub defect_orders: i64,
    // refunds dated in P
    pub refunds: Val,
    pub return_orders: i64,
    // traffic
    pub sessions: i64,
    pub page_views: Known,
    pub add_to_cart: Known,
    pub checkouts: Known,
    pub cart_rate: Pair,
    pub checkout_rate: Pair,
    pub bounce: Pair,
    pub pages_per_session: Pair,
    pub mobile_sessions: Pair,
    // ads
    pub impressions: Known,
    pub clicks: Known,
    pub ad_spend: Val,
    pub ad_sales: Known,
    pub ad_orders: Known,
    pub acos: Pair,
    pub ctr: Pair,
    pub cpc: Pair,
    pub cpm: Pair,
    pub ad_cvr: Pair,
    // expenses by category (catalogue::EXPENSE_CATEGORIES order)
    pub expenses: [Val; 10],
    // inventory
    pub has_snapshot: bool,
    pub on_hand: i64,
    pub inbound: Known,
    pub inventory_value: Val,
    pub units_30d: i64,
    /// Σ over the days of P of that day's inventory value.
    pub stock_value_days: Val,
    pub stockout: (i64, i64),
    pub sell_through: (i64, i64),
    pub stale: (i64, i64),
    pub restock: Option<Restock>,
    /// SKU rows with an end snapshot: (days of P out of stock, days of P).
    pub stockout_days: Option<(i64, i64)>,
    // reviews, surveys, tickets
    pub reviews: i64,
    pub rating_sum: i64,
    pub negative_reviews: i64,
    pub positive_reviews: i64,
    pub nps_responses: i64,
    pub nps_promoters: i64,
    pub nps_detractors: i64,
    pub csat_responses: i64,
    pub csat_good: i64,
    pub tickets: i64,
    pub first_responses: i64,
    pub first_response_ms: i64,
    pub resolved: i64,
    pub resolution_ms: i64,
    pub first_contact_resolved: i64,
    pub escalated: i64,
    // customers
    pub customers: i64,
    pub new_customers: i64,
    pub returning_customers: i64,
    pub returning_gmv: Val,
    pub repeat_orders: i64,
    pub customer_orders: i64,
    pub repeaters: i64,
    pub orders_365: i64,
    pub customers_365: i64,
    pub gmv_365: Val,
    pub lapsed: i64,
    pub won_back: i64,
    pub new_by_acquisition: BTreeMap<String, i64>,
    pub lifespan_years: Decimal,
    // profit
    pub fx_impact: Val,
    /// Rule 17 (SKU level): the store's variable expenses and blank-SKU ad spend
    /// allocated to this row by gmv share (negative in `(unattributed)`, which gives them up).
    pub alloc_expenses: Val,
    pub alloc_ads: Val,
}

impl Default for Parts {
    fn default() -> Self {
        let zero = Some(Decimal::ZERO);
        Parts {
            gross: zero,
            discounts: zero,
            units: 0,
            cogs: zero,
            new_sku_gmv: zero,
            active_skus: 0,
            scope: None,
            orders_all: 0,
            orders: 0,
            cancelled: 0,
            payment_failed: 0,
            mobile_orders: 0,
            shipped: 0,
            with_ship_by: 0,
            on_time: 0,
            ship_ms: 0,
            delivered: 0,
            delivery_ms: 0,
            damaged: 0,
            ticket_orders: 0,
            defect_orders: 0,
            refunds: zero,
            return_orders: 0,
            sessions: 0,
            page_views: Known::default(),
            add_to_cart: Known::default(),
            checkouts: Known::default(),
            cart_rate: Pair::default(),
            checkout_rate: Pair::default(),
            bounce: Pair::default(),
            pages_per_session: Pair::default(),
            mobile_sessions: Pair::default(),
            impressions: Known::default(),
            clicks: Known::default(),
            ad_spend: zero,
            ad_sales: Known::default(),
            ad_orders: Known::default(),
            acos: Pair::default(),
            ctr: Pair::default(),
            cpc: Pair::default(),
            cpm: Pair::default(),
            ad_cvr: Pair::default(),
            expenses: [zero; 10],
            has_snapshot: false,
            on_hand: 0,
            inbound: Known::default(),
            inventory_value: zero,
            units_30d: 0,
            stock_value_days: zero,
            stockout: (0, 0),
            sell_through: (0, 0),
            stale: (0, 0),
            restock: None,
            stockout_days: None,
            reviews: 0,
            rating_sum: 0,
            negative_reviews: 0,
            positive_reviews: 0,
            nps_responses: 0,
            nps_promoters: 0,
            nps_detractors: 0,
            csat_responses: 0,
            csat_good: 0,
            tickets: 0,
            first_responses: 0,
            first_response_ms: 0,
            resolved: 0,
            resolution_ms: 0,
            first_contact_resolved: 0,
            escalated: 0,
            customers: 0,
            new_customers: 0,
            returning_customers: 0,
            returning_gmv: zero,
            repeat_orders: 0,
            customer_orders: 0,
            repeaters: 0,
            orders_365: 0,
            customers_365: 0,
            gmv_365: zero,
            lapsed: 0,
            won_back: 0,
            new_by_acquisition: BTreeMap::new(),
            lifespan_years: Decimal::from(3),
            fx_impact: zero,
            alloc_expenses: zero,
            alloc_ads: zero,
        }
    }
}

impl Parts {
    pub fn gmv(&self) -> Val {
        sub(self.gross, self.discounts)
    }
    pub fn net_sales(&self) -> Val {
        sub(self.gmv(), self.refunds)
    }
    pub fn gross_profit(&self) -> Val {
        sub(self.net_sales(), self.cogs)
    }
    pub fn expense(&self, c: ExpenseCategory) -> Val {
        self.expenses[c as usize]
    }
    pub fn expenses_total(&self) -> Val {
        self.expenses
            .iter()
            .try_fold(Decimal::ZERO, |acc, v| acc.checked_add((*v)?))
    }
    pub fn expense_ratio(&self, c: ExpenseCategory) -> Val {
        self.over_net_sales(self.expense(c))
    }
    /// Seed 004's stock-out loss: the gmv per day in stock × the days out of stock ×
    /// the net margin (a negative margin loses nothing); undefined when the SKU was
    /// out of stock all of P (no day to take its pace from) or its margin is.
    pub fn stockout_loss(&self) -> Val {
        let (out, days) = self.stockout_days?;
        if out == 0 {
            return Some(Decimal::ZERO);
        }
        let in_stock = days - out;
        if in_stock <= 0 {
            return None;
        }
        let margin = self.over_net_sales(self.net_profit())?.max(Decimal::ZERO);
        let daily = self.gmv()?.checked_div(Decimal::from(in_stock))?;
        daily.checked_mul(Decimal::from(out))?.checked_mul(margin)
    }

    pub fn net_profit(&self) -> Val {
        sub(
            sub(self.gross_profit(), self.expenses_total()),
            self.ad_spend,
        )
    }
    /// Expenses of every category but staff, software and rent (rule 17).
    pub fn variable_expenses(&self) -> Val {
        ExpenseCategory::ALL
            .iter()
            .filter(|c| c.is_variable())
            .try_fold(Decimal::ZERO, |acc, c| {
                acc.checked_add(self.expenses[*c as usize]?)
            })
    }
    /// net_sales − cogs − variable expenses − ad spend, with the allocated store costs.
    pub fn contribution_profit(&self) -> Val {
        let direct = sub(
            sub(sub(self.net_sales(), self.cogs), self.variable_expenses()),
            self.ad_spend,
        );
        sub(sub(direct, self.alloc_expenses), self.alloc_ads)
    }
    /// A ratio over net sales: undefined when net sales are not positive (rule 15).
    pub fn over_net_sales(&self, num: Val) -> Val {
        let ns = self.net_sales()?;
        if ns <= Decimal::ZERO {
            return None;
        }
        div(num, Some(ns))
    }
    pub fn cac(&self) -> Val {
        div(
            add(self.ad_spend, self.expense(ExpenseCategory::Marketing)),
            Some(self.new_customers.into()),
        )
    }
    pub fn ltv(&self) -> Val {
        div(self.gmv_365, Some(self.customers_365.into()))
            .and_then(|v| v.checked_mul(self.lifespan_years))
    }
    pub fn avg_daily_units(&self) -> Val {
        Some(Decimal::from(self.units_30d) / Decimal::from(30))
    }
    pub fn inventory_turnover(&self) -> Val {
        div(
            self.cogs.and_then(|c| c.checked_mul(Decimal::from(365))),
            self.stock_value_days,
        )
    }
    pub fn fixed_cost_share(&self) -> Val {
        let fixed = ExpenseCategory::ALL
            .iter()
            .filter(|c| !c.is_variable())
            .try_fold(Decimal::ZERO, |acc, c| acc.checked_add(self.expense(*c)?));
        div(
            fixed,
            add(add(self.cogs, self.expenses_total()), self.ad_spend),
        )
    }
}
