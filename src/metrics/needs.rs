//! The fact groups the engine computes. Each catalogue metric says which it
//! reads (`MetricDef::reads`); a refresh computes the union for its metrics.

use crate::catalogue::{self, Panel, Role};

/// One group of facts (see the fields of `Needs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fact {
    Sales,
    Refunds,
    Traffic,
    Ads,
    Expenses,
    Experience,
    Inventory,
    NewCustomers,
    Customers,
    CustomerGmv,
    Retention,
}

/// Groups of facts the engine can compute; a refresh reads only what its metrics need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Needs {
    pub sales: bool,
    pub refunds: bool,
    pub traffic: bool,
    pub ads: bool,
    pub expenses: bool,
    pub experience: bool,
    pub inventory: bool,
    /// The acquisition mix of new customers (a scan of P's first orders).
    pub new_customers: bool,
    /// Customers of P: distinct, new/returning, repeat orders (P's orders only).
    pub customers: bool,
    /// With the gmv of those orders (returning customers' gmv share).
    pub customer_gmv: bool,
    /// Customer history: repeat rate, win-back, frequency and LTV.
    pub retention: bool,
}

impl Needs {
    pub const ALL: Needs = Needs {
        sales: true,
        refunds: true,
        traffic: true,
        ads: true,
        expenses: true,
        experience: true,
        inventory: true,
        new_customers: true,
        customers: true,
        customer_gmv: true,
        retention: true,
    };
    pub const NONE: Needs = Needs {
        sales: false,
        refunds: false,
        traffic: false,
        ads: false,
        expenses: false,
        experience: false,
        inventory: false,
        new_customers: false,
        customers: false,
        customer_gmv: false,
        retention: false,
    };

    /// The groups listed.
    pub const fn of(facts: &[Fact]) -> Needs {
        let mut n = Needs::NONE;
        let mut i = 0;
        while i < facts.len() {
            match facts[i] {
                Fact::Sales => n.sales = true,
                Fact::Refunds => n.refunds = true,
                Fact::Traffic => n.traffic = true,
                Fact::Ads => n.ads = true,
                Fact::Expenses => n.expenses = true,
                Fact::Experience => n.experience = true,
                Fact::Inventory => n.inventory = true,
                Fact::NewCustomers => n.new_customers = true,
                Fact::Customers => n.customers = true,
                Fact::CustomerGmv => n.customer_gmv = true,
                Fact::Retention => n.retention = true,
            }
            i += 1;
        }
        n
    }

    pub fn union(self, o: Needs) -> Needs {
        Needs {
            sales: self.sales || o.sales,
            refunds: self.refunds || o.refunds,
            traffic: self.traffic || o.traffic,
            ads: self.ads || o.ads,
            expenses: self.expenses || o.expenses,
            experience: self.experience || o.experience,
            inventory: self.inventory || o.inventory,
            new_customers: self.new_customers || o.new_customers,
            customers: self.customers || o.customers,
            customer_gmv: self.customer_gmv || o.customer_gmv,
            retention: self.retention || o.retention,
        }
    }

    /// Whether everything `o` needs is computed here.
    pub fn covers(self, o: Needs) -> bool {
        self.union(o) == self
    }

    /// Everything a panel's metrics read (None: every panel). The Overview reads
    /// what the owner's cards read; Customers also the acquisition mix of new
    /// customers (its `new_by_acquisition.*` rows).
    pub fn of_panel(panel: Option<Panel>) -> Needs {
        let Some(panel) = panel else {
            return Needs::ALL;
        };
        let reads = |acc: Needs, m: &catalogue::MetricDef| acc.union(m.reads);
        let mut n = match panel {
            Panel::Overview => Role::Owner
                .cards()
                .iter()
                .map(|id| id.def())
                .fold(Needs::NONE, reads),
            p => catalogue::panel_metrics(p).fold(Needs::NONE, reads),
        };
        if panel == Panel::Customers {
            n.new_customers = true;
        }
        n
    }
}
