//! Deterministic generator of realistic demo data in the canonical CSV format
//! of `data-contract.md` (one `<table>.csv` per table).
//!
//! The same seed and options give byte-identical files: every random draw
//! comes from seeded ChaCha8 streams, and output is produced from vectors in
//! a fixed order (no hash maps).
//!
//! # Shape
//!
//! A home-goods brand ("Lumora Home") sells ~150 SKUs in 7 categories on 8
//! stores: Amazon US/UK/DE/JP (FBA stock per marketplace), Shopify US/DE,
//! TikTok Shop US (all US/DE own-channel stock in shared 3PL warehouses) and
//! Shopee SG (settled in USD, shipped cross-border from Shenzhen, opened four
//! months into the history). `months` of history end on `end` inclusive.
//! Demand has a growth trend per store (TikTok fastest), a weekly rhythm,
//! Prime Day (second Tuesday of July, Amazon) and Prime Big Deal Days
//! (October), Black Friday / Cyber Monday, Christmas and the January slump,
//! Shopee double-digit days (9.9, 10.10, 11.11, 12.12), category seasons
//! (outdoor in summer, toys and phone gifts in December), and repeat
//! customers with platform-specific id styles. Total orders ≈ `opts.orders`.
//! Traffic, ads and inventory rows scale with days × listings, not orders.
//!
//! # Planted stories (ids are fixed; dates relative to `end`, shown for the default 2026-10-31)
//!
//! 1. **Runaway ad campaign**: campaign `SP - Outdoor - Auto` on `AMZ-UK`
//!    goes wrong in the last calendar month (from 2026-10-01): a mis-set bid
//!    burns about 5× what it sells (ACoS ≈ 550%, ad sales down), while it
//!    ran near 28% before and the store's other campaigns stay around
//!    20–35% — enough to push AMZ-UK's whole ACoS into the bad band (> 50%)
//!    in October, with the two outdoor SKUs it advertises as the cause.
//! 2. **Best-seller stock-out**: `PHN-GAN65-WH` (the top SKU) has on_hand 0 at
//!    `FBA-US` during the last 14 days (2026-10-18 .. 2026-10-31): stock runs
//!    down through early October because the reorder came too late (600
//!    units inbound from 2026-10-13, arriving after the end); its `AMZ-US`
//!    traffic continues but it sells nothing there and its SP ads are paused.
//! 3. **Stale stock**: `TOY-KITE`, `TOY-DOMNO`, `APP-BEAN-GY`,
//!    `KIT-OILSP-WH`, `OUT-FAN-GY`, `BTY-HBAND` sell nothing in the last 130
//!    days (from 2026-06-24) but keep 100–400 units on hand in every
//!    warehouse that stocks them (an over-order lands 20 days before demand
//!    dies), with a trickle of traffic (12% of before).
//! 4. **High return rate**: `SHOP-DE` refunds with a return on ≈ 15% of its
//!    orders (apparel even more), against 3–6% elsewhere; it also has more
//!    return tickets and a lower NPS.
//! 5. **JPY swing**: JPY weakens ≈ 8% against USD between 2026-06-01 and
//!    2026-09-15 (about 0.00655 → 0.00615 USD per JPY, ≈ 153 → 163 JPY per
//!    USD; daily noise on top) while `AMZ-JP` prices
//!    stay in yen and purchase costs are in CNY, so AMZ-JP profit in USD
//!    drops.
//! 6. New SKUs launched in the last 90 days: `PHN-HUB7`, `KIT-FOLD`,
//!    `BTY-LASH`, `PET-LITR-BK`, `PET-LITR-WH`, `TOY-STEM`.
//!
//! # Format choices
//!
//! Date-times are written as local store time `YYYY-MM-DD HH:MM:SS`
//! (computed from a UTC instant, so never inside a DST gap); a local time that
//! occurs twice (DST end) is written as RFC 3339 with its offset instead.
//! Money has 2 decimals (0 for JPY), fx rates 6 decimals (8 for JPY).
//! Inventory snapshots are daily for the last 120 days and weekly (Sundays,
//! plus the first day) before that — the cockpit reads the newest snapshot on
//! or before a date, so this keeps the file small without gaps in meaning.
//! Traffic rows with zero sessions are omitted.

// Index loops over days × listings read more clearly than zipped iterators here.
#![allow(clippy::needless_range_loop)]

mod catalog;
pub mod exports;
mod orders;
mod rest;
mod util;

use std::path::Path;

use chrono::{Datelike, Months, NaiveDate, Weekday};

use catalog::{CATEGORIES, Cur, FX_CURRENCIES, Platform, Season, StoreDef, WAREHOUSES};
use util::R;

/// Options of the generator.
#[derive(Clone, Debug)]
pub struct GenOptions {
    pub seed: u64,
    /// Approximate number of orders over the whole history.
    pub orders: u64,
    /// Last day of the history (inclusive).
    pub end: chrono::NaiveDate,
    /// Length of the history in months.
    pub months: u32,
}

impl Default for GenOptions {
    fn default() -> Self {
        GenOptions {
            seed: 42,
            orders: 60_000,
            end: NaiveDate::from_ymd_opt(2026, 10, 31).expect("valid date"),
            months: 24,
        }
    }
}

/// Rows written per table, in the order the tables are listed.
#[derive(Clone, Debug, Default)]
pub struct GenSummary {
    pub rows: Vec<(String, u64)>,
}

/// The tables, in the order of the summary.
pub const TABLES: [&str; 17] = [
    "stores",
    "skus",
    "sku_costs",
    "orders",
    "order_lines",
    "shipments",
    "refunds",
    "traffic",
    "ads",
    "inventory",
    "expenses",
    "reviews",
    "tickets",
    "surveys",
    "fx_rates",
    "targets",
    "metrics",
];

/// Writes one `<table>.csv` per table into `dir` (created if missing).
pub fn generate_csv(dir: &Path, opts: &GenOptions) -> anyhow::Result<GenSummary> {
    anyhow::ensure!(opts.months >= 1, "months must be at least 1");
    anyhow::ensure!(opts.orders >= 1, "orders must be at least 1");
    std::fs::create_dir_all(dir)?;
    let world = World::build(opts)?;
    let mut written: Vec<(String, u64)> = Vec::new();
    written.extend(rest::master(dir, &world)?);
    let agg = orders::generate(dir, &world, &mut written)?;
    written.extend(rest::after_orders(dir, &world, agg)?);
    let mut rows = Vec::new();
    for t in TABLES {
        let n = written
            .iter()
            .find(|(n, _)| n == t)
            .map(|x| x.1)
            .unwrap_or(0);
        rows.push((t.to_string(), n));
    }
    Ok(GenSummary { rows })
}

/// Days of fx history before the first day (so every order date has a rate
/// on or before it even when the history starts on a weekend).
const FX_LEAD: i64 = 14;
/// Average lines per order, used to turn expected orders into SKU traffic.
const LINES_PER_ORDER: f64 = 1.45;

pub(crate) struct Sku {
    pub id: String,
    pub title: String,
    pub cat: usize,
    pub price_usd: f64,
    pub launched: NaiveDate,
    /// Launch as a day index (may be negative: before the history).
    pub launch_day: i64,
    pub lead: u32,
    pub pop: f64,
    pub stale_day: Option<i64>,
}

pub(crate) struct Listing {
    pub store: usize,
    pub sku: usize,
    /// Unit price in the store's minor currency unit.
    pub price: i64,
    pub weight: f64,
    /// Index into `World::pairs`.
    pub pair: usize,
}

pub(crate) struct Campaign {
    pub store: usize,
    pub name: String,
    /// Listing indices (one ads row each); empty = one row with blank sku.
    pub listings: Vec<usize>,
    pub acos: f64,
    pub start_day: usize,
    pub bad: bool,
}

pub(crate) struct World {
    pub seed: u64,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub ndays: usize,
    pub stores: Vec<StoreDef>,
    pub store_open: Vec<usize>,
    pub skus: Vec<Sku>,
    pub listings: Vec<Listing>,
    /// Listings of each store, sorted by sku id.
    pub store_listings: Vec<Vec<usize>>,
    /// Inventory (sku, warehouse) pairs, sorted by (sku id, warehouse id).
    pub pairs: Vec<(usize, usize)>,
    /// Season factor per category per day.
    pub cat_season: Vec<Vec<f64>>,
    /// Demand weight per store per day (0 before the store opens).
    pub store_w: Vec<Vec<f64>>,
    /// Expected orders per unit of store weight.
    pub scale: f64,
    /// Business size relative to 200k orders over the history: company-wide
    /// costs (staff, rent, software, brand marketing) grow with it, so margins
    /// stay believable at any `--orders`.
    pub size: f64,
    /// USD per unit of GBP, EUR, JPY, CNY for every calendar day from
    /// `start - FX_LEAD`.
    pub fx: Vec<[f64; 4]>,
    pub campaigns: Vec<Campaign>,
    /// Best-seller listing at AMZ-US and its stock-out window (day indices).
    pub stockout: (usize, usize, usize),
    /// Day index from which inventory is written daily.
    pub daily_inv_from: usize,
}

impl World {
    pub fn day(&self, i: usize) -> NaiveDate {
        self.start + chrono::Duration::days(i as i64)
    }
    /// USD per unit of `cur` on day index `i` (may be negative down to -FX_LEAD).
    pub fn rate(&self, cur: Cur, i: i64) -> f64 {
        match cur.fx_idx() {
            None => 1.0,
            Some(k) => self.fx[(i + FX_LEAD).clamp(0, self.fx.len() as i64 - 1) as usize][k],
        }
    }
    pub fn store_idx(&self, id: &str) -> usize {
        self.stores
            .iter()
            .position(|s| s.id == id)
            .expect("known store")
    }
    pub fn month_index(&self, d: NaiveDate) -> usize {
        ((d.year() - self.start.year()) * 12 + d.month() as i32 - self.start.month() as i32)
            as usize
    }
    pub fn nmonths(&self) -> usize {
        self.month_index(self.end) + 1
    }

    fn build(opts: &GenOptions) -> anyhow::Result<World> {
        let end = opts.end;
        let start = end
            .checked_sub_months(Months::new(opts.months))
            .and_then(|d| d.succ_opt())
            .ok_or_else(|| anyhow::anyhow!("bad end date / months"))?;
        let ndays = (end - start).num_days() as usize + 1;
        let mut rng = R::new(opts.seed, 1);
        let stores = catalog::stores();
        let store_open: Vec<usize> = stores
            .iter()
            .map(|s| {
                let d = start
                    .checked_add_months(Months::new(s.opened_month))
                    .unwrap_or(start);
                ((d - start).num_days().max(0) as usize).min(ndays - 1)
            })
            .collect();

        // --- SKUs ---------------------------------------------------------
        let expanded = catalog::expand();
        let n = expanded.len();
        // popularity: Zipf over a seeded permutation; the best-seller is rank 1
        let mut ranks: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            let j = rng.int(0, i as i64) as usize;
            ranks.swap(i, j);
        }
        let best = expanded
            .iter()
            .position(|e| e.1 == catalog::BESTSELLER)
            .expect("best-seller");
        let r0 = ranks.iter().position(|&r| r == 0).expect("rank 0");
        ranks.swap(r0, best);
        let stale_day = ndays as i64 - 130;
        let mut skus = Vec::with_capacity(n);
        for (i, (cat, id, title, price)) in expanded.into_iter().enumerate() {
            let rank = ranks[i] as f64 + 1.0;
            let pop = 1.0 / rank.powf(0.95);
            let new = catalog::NEW_SKUS.iter().find(|x| x.0 == id);
            let launched = if let Some(&(_, before)) = new {
                end - chrono::Duration::days(before)
            } else if ranks[i] != 0 && rng.chance(0.22) {
                // launched during the history (after the first 2 months, before the last 4)
                let lo = 60i64;
                let hi = (ndays as i64 - 120).max(lo + 1);
                start + chrono::Duration::days(rng.int(lo, hi))
            } else {
                start - chrono::Duration::days(rng.int(60, 900))
            };
            let stale = catalog::STALE.contains(&id.as_str());
            skus.push(Sku {
                launch_day: (launched - start).num_days(),
                launched,
                lead: [21u32, 30, 30, 35, 45, 60][rng.int(0, 5) as usize],
                pop,
                stale_day: if stale { Some(stale_day) } else { None },
                id,
                title,
                cat,
                price_usd: price,
            });
        }

        // --- listings -------------------------------------------------------
        // how many SKUs each store lists
        let counts = [34usize, 16, 18, 12, 26, 14, 12, 10];
        let mut listings: Vec<Listing> = Vec::new();
        let mut listed = vec![false; n];
        for (s, st) in stores.iter().enumerate() {
            let mut chosen: Vec<usize> = Vec::new();
            // popularity-weighted sampling without replacement
            let mut w: Vec<f64> = skus.iter().map(|k| k.pop.sqrt()).collect();
            if st.platform == Platform::Amazon {
                chosen.push(best);
                w[best] = 0.0;
            }
            // the runaway campaign needs outdoor SKUs on AMZ-UK
            if st.id == catalog::BAD_CAMPAIGN_STORE {
                for (k, sku) in skus.iter().enumerate() {
                    if sku.cat == 4 && w[k] > 0.0 && chosen.len() < 4 {
                        chosen.push(k);
                        w[k] = 0.0;
                    }
                }
            }
            let target = counts[s % counts.len()];
            while chosen.len() < target {
                let k = rng.weighted(&w);
                if w[k] > 0.0 {
                    chosen.push(k);
                    w[k] = 0.0;
                }
            }
            for k in chosen {
                listed[k] = true;
                listings.push(Listing {
                    store: s,
                    sku: k,
                    price: 0,
                    weight: 0.0,
                    pair: 0,
                });
            }
        }
        // every SKU is listed somewhere: the rest goes to AMZ-US or SHOP-US
        for k in 0..n {
            if !listed[k] {
                let s = if rng.chance(0.5) { 0 } else { 4 };
                listings.push(Listing {
                    store: s,
                    sku: k,
                    price: 0,
                    weight: 0.0,
                    pair: 0,
                });
            }
        }
        for l in listings.iter_mut() {
            let st = &stores[l.store];
            let sku = &skus[l.sku];
            l.weight = sku.pop * rng.range(0.6, 1.4);
            let local = sku.price_usd * st.price_mult * rng.range(0.97, 1.06);
            l.price = if st.cur == Cur::Jpy {
                // yen price points like 2980
                ((local / 100.0).round() * 100.0 - 20.0).max(480.0) as i64
            } else {
                // .99 price points
                ((local.round() - 0.01) * 100.0).round().max(99.0) as i64
            };
        }
        // sort listings by (store, sku id) for stable output
        listings.sort_by(|a, b| (a.store, &skus[a.sku].id).cmp(&(b.store, &skus[b.sku].id)));
        let mut pairs: Vec<(usize, usize)> = listings
            .iter()
            .map(|l| (l.sku, stores[l.store].wh))
            .collect();
        pairs.sort_by(|a, b| {
            (&skus[a.0].id, WAREHOUSES[a.1].id).cmp(&(&skus[b.0].id, WAREHOUSES[b.1].id))
        });
        pairs.dedup();
        for l in listings.iter_mut() {
            let key = (l.sku, stores[l.store].wh);
            l.pair = pairs.iter().position(|p| *p == key).expect("pair");
        }
        let mut store_listings = vec![Vec::new(); stores.len()];
        for (i, l) in listings.iter().enumerate() {
            store_listings[l.store].push(i);
        }

        // --- calendar -------------------------------------------------------
        let days: Vec<NaiveDate> = (0..ndays)
            .map(|i| start + chrono::Duration::days(i as i64))
            .collect();
        let cat_season: Vec<Vec<f64>> = CATEGORIES
            .iter()
            .map(|c| days.iter().map(|&d| category_season(c.season, d)).collect())
            .collect();
        let mut wr = R::new(opts.seed, 2);
        let mut store_w = vec![vec![0.0; ndays]; stores.len()];
        for (s, st) in stores.iter().enumerate() {
            let mut noise = 0.0f64;
            for (i, &d) in days.iter().enumerate() {
                noise = 0.6 * noise + 0.09 * wr.normal();
                if i < store_open[s] {
                    continue;
                }
                let t = i as f64 / 365.0;
                // stores opened during the history ramp up over their first 90 days
                let ramp = if store_open[s] == 0 {
                    1.0
                } else {
                    (((i - store_open[s]) as f64 + 10.0) / 100.0).min(1.0)
                };
                store_w[s][i] = st.share
                    * (st.growth * t).exp()
                    * ramp
                    * weekly(st, d)
                    * events(st, d)
                    * noise.exp();
            }
        }
        let total_w: f64 = store_w.iter().flatten().sum();
        let scale = opts.orders as f64 / total_w;

        // --- fx ---------------------------------------------------------------
        let mut fr = R::new(opts.seed, 8);
        let nfx = ndays + FX_LEAD as usize;
        let mut fx = vec![[0.0f64; 4]; nfx];
        let mut dev = [0.0f64; 4];
        // the JPY swing happens in the last summer that ends inside the history
        let swing_y = if end >= NaiveDate::from_ymd_opt(end.year(), 9, 15).expect("date") {
            end.year()
        } else {
            end.year() - 1
        };
        let vol = [0.0035, 0.003, 0.0015, 0.0012];
        for (i, row) in fx.iter_mut().enumerate() {
            let d = start + chrono::Duration::days(i as i64 - FX_LEAD);
            let t = (i as f64 - FX_LEAD as f64) / 365.0;
            for (k, &c) in FX_CURRENCIES.iter().enumerate() {
                dev[k] = 0.985 * dev[k] + vol[k] * fr.normal();
                row[k] = fx_trend(c, d, t, swing_y) * dev[k].exp();
            }
        }

        // --- campaigns ----------------------------------------------------------
        // The runaway campaign goes wrong in the last calendar month (see the top).
        let mut campaigns = Vec::new();
        let mut cr = R::new(opts.seed, 5);
        let bad_from = ndays.saturating_sub(runaway_days(opts.end));
        for (s, st) in stores.iter().enumerate() {
            let ls = &store_listings[s];
            let top_of = |cat: Option<usize>, k: usize, exclude: &[usize]| -> Vec<usize> {
                let mut v: Vec<usize> = ls
                    .iter()
                    .copied()
                    .filter(|&l| cat.is_none_or(|c| skus[listings[l].sku].cat == c))
                    .filter(|l| !exclude.contains(l))
                    .filter(|&l| skus[listings[l].sku].stale_day.is_none())
                    .collect();
                v.sort_by(|&a, &b| {
                    listings[b]
                        .weight
                        .total_cmp(&listings[a].weight)
                        .then(a.cmp(&b))
                });
                v.truncate(k);
                v
            };
            let open = store_open[s];
            match st.platform {
                Platform::Amazon => {
                    // categories by listed weight
                    let mut cw = [0.0f64; 7];
                    for &l in ls {
                        cw[skus[listings[l].sku].cat] += listings[l].weight;
                    }
                    let mut cats: Vec<usize> = (0..7).filter(|&c| cw[c] > 0.0).collect();
                    cats.sort_by(|&a, &b| cw[b].total_cmp(&cw[a]).then(a.cmp(&b)));
                    let ncat = if s == 0 {
                        4
                    } else if st.cur == Cur::Jpy {
                        2
                    } else {
                        3
                    };
                    cats.truncate(ncat);
                    if st.id == catalog::BAD_CAMPAIGN_STORE && !cats.contains(&4) {
                        cats.pop();
                        cats.push(4);
                    }
                    for c in cats {
                        let name = format!("SP - {} - Auto", CATEGORIES[c].name);
                        let bad =
                            st.id == catalog::BAD_CAMPAIGN_STORE && name == catalog::BAD_CAMPAIGN;
                        campaigns.push(Campaign {
                            store: s,
                            listings: top_of(Some(c), 2, &[]),
                            name,
                            acos: cr.range(0.18, 0.34),
                            start_day: open + cr.int(0, 90) as usize,
                            bad,
                        });
                    }
                    campaigns.push(Campaign {
                        store: s,
                        name: "SB - Brand".into(),
                        listings: vec![],
                        acos: cr.range(0.15, 0.25),
                        start_day: open + cr.int(0, 200) as usize,
                        bad: false,
                    });
                    if s == 0 {
                        campaigns.push(Campaign {
                            store: s,
                            name: "SD - Retargeting".into(),
                            listings: vec![],
                            acos: cr.range(0.25, 0.4),
                            start_day: 300,
                            bad: false,
                        });
                    }
                }
                Platform::Shopify => {
                    for name in ["Google Shopping", "Meta - Prospecting"] {
                        campaigns.push(Campaign {
                            store: s,
                            name: name.into(),
                            listings: vec![],
                            acos: cr.range(0.22, 0.38),
                            start_day: open,
                            bad: false,
                        });
                    }
                }
                Platform::TikTok => {
                    campaigns.push(Campaign {
                        store: s,
                        name: "GMV Max - Bestsellers".into(),
                        listings: top_of(None, 2, &[]),
                        acos: cr.range(0.2, 0.3),
                        start_day: open + 120,
                        bad: false,
                    });
                    campaigns.push(Campaign {
                        store: s,
                        name: "LIVE Boost".into(),
                        listings: vec![],
                        acos: cr.range(0.25, 0.35),
                        start_day: open,
                        bad: false,
                    });
                }
                Platform::Shopee => {
                    campaigns.push(Campaign {
                        store: s,
                        name: "Search Ads".into(),
                        listings: top_of(None, 2, &[]),
                        acos: cr.range(0.12, 0.22),
                        start_day: open + 30,
                        bad: false,
                    });
                }
            }
        }
        for c in campaigns.iter_mut() {
            c.start_day = c.start_day.min(ndays.saturating_sub(1));
            if c.bad {
                c.start_day = c.start_day.min(bad_from.saturating_sub(200));
            }
        }

        let amz_us = stores
            .iter()
            .position(|s| s.id == "AMZ-US")
            .expect("AMZ-US");
        let best_listing = listings
            .iter()
            .position(|l| l.store == amz_us && l.sku == best)
            .expect("best-seller listed on AMZ-US");
        let so_start = ndays.saturating_sub(14);

        Ok(World {
            seed: opts.seed,
            start,
            end,
            ndays,
            stores,
            store_open,
            skus,
            listings,
            store_listings,
            pairs,
            cat_season,
            store_w,
            scale,
            size: (opts.orders as f64 / 200_000.0).max(0.05),
            fx,
            campaigns,
            stockout: (best_listing, so_start, ndays),
            daily_inv_from: ndays.saturating_sub(120),
        })
    }
}

/// Weekly rhythm by platform.
fn weekly(st: &StoreDef, d: NaiveDate) -> f64 {
    let i = d.weekday().num_days_from_monday() as usize;
    let w: [f64; 7] = match st.platform {
        Platform::Amazon => [1.04, 1.02, 1.0, 0.98, 0.94, 0.93, 1.06],
        Platform::Shopify => [1.08, 1.05, 1.02, 1.0, 0.93, 0.86, 0.98],
        Platform::TikTok => [0.92, 0.93, 0.95, 0.98, 1.04, 1.1, 1.12],
        Platform::Shopee => [1.0, 0.98, 0.98, 0.99, 1.0, 1.04, 1.06],
    };
    w[i]
}

fn nth_weekday(year: i32, month: u32, wd: Weekday, n: u8) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, wd, n).expect("valid weekday of month")
}

/// Shopping events and holidays.
fn events(st: &StoreDef, d: NaiveDate) -> f64 {
    let y = d.year();
    let mut f = 1.0;
    let jp = st.cur == Cur::Jpy;
    // Prime Day: second Tuesday of July, two days; Prime Big Deal Days in October
    let prime = nth_weekday(y, 7, Weekday::Tue, 2);
    let pbdd = nth_weekday(y, 10, Weekday::Tue, 2);
    let dp = (d - prime).num_days();
    let dq = (d - pbdd).num_days();
    match st.platform {
        Platform::Amazon => {
            if dp == 0 || dp == 1 {
                f *= 3.0;
            } else if (-6..0).contains(&dp) {
                f *= 0.88;
            }
            if dq == 0 || dq == 1 {
                f *= 1.7;
            }
        }
        Platform::TikTok
            // counter-programming "Deals for You Days"
            if (0..=3).contains(&dp) => {
                f *= 1.6;
            }
        _ => {}
    }
    // Black Friday week to Cyber Monday
    let bf = nth_weekday(y, 11, Weekday::Thu, 4) + chrono::Duration::days(1);
    let db = (d - bf).num_days();
    let bfcm = match db {
        -4..=-2 => 1.35,
        -1 => 1.3,
        0 => 2.9,
        1 => 2.0,
        2 => 1.9,
        3 => 2.5,
        4..=8 => 1.3,
        _ => 1.0,
    };
    f *= if jp || st.platform == Platform::Shopee {
        1.0 + (bfcm - 1.0) * 0.5
    } else {
        bfcm
    };
    // Christmas
    let (m, dd) = (d.month(), d.day());
    if m == 12 {
        f *= match dd {
            1..=20 => 1.15 + 0.02 * dd as f64,
            21..=23 => 1.15,
            24 => 0.8,
            25 => 0.55,
            26 => {
                if st.country == "GB" {
                    1.5
                } else {
                    0.9
                }
            }
            _ => 0.88,
        };
    }
    if m == 1 {
        f *= if jp && dd <= 3 { 0.6 } else { 0.82 };
    }
    if st.platform == Platform::Shopee && m == dd && m >= 9 {
        f *= match m {
            11 => 3.2,
            12 => 2.5,
            _ => 1.8,
        };
    }
    f
}

fn category_season(s: Season, d: NaiveDate) -> f64 {
    let doy = d.ordinal() as f64;
    match s {
        Season::Flat => 1.0,
        Season::Summer => 1.0 + 0.45 * (std::f64::consts::TAU * (doy - 190.0) / 365.0).cos(),
        Season::Gifts => match d.month() {
            11 => 1.25,
            12 => 1.7,
            _ => 1.0,
        },
        Season::Beauty => match d.month() {
            11 | 12 => 1.25,
            2 | 5 => 1.1,
            _ => 1.0,
        },
    }
}

/// Trend of USD per unit of `c`. JPY weakens ≈ 8% between June 1 and
/// September 15 of the end year (the planted swing).
fn fx_trend(c: Cur, d: NaiveDate, t: f64, swing_y: i32) -> f64 {
    match c {
        Cur::Gbp => 1.262 + 0.035 * t + 0.012 * (t * 5.0).sin(),
        Cur::Eur => 1.075 + 0.045 * t + 0.01 * (t * 4.0).sin(),
        Cur::Cny => 0.1382 + 0.0012 * t,
        Cur::Jpy => {
            let base = 0.00668 + 0.00005 * (t * 3.0).sin();
            let y = swing_y;
            let a = NaiveDate::from_ymd_opt(y, 6, 1).expect("date");
            let b = NaiveDate::from_ymd_opt(y, 9, 15).expect("date");
            let k = if d < a {
                0.0
            } else if d >= b {
                1.0
            } else {
                (d - a).num_days() as f64 / (b - a).num_days() as f64
            };
            base * (1.0 - 0.08 * k)
        }
        Cur::Usd => 1.0,
    }
}

/// Days of the runaway campaign: the last calendar month up to `end`.
pub(crate) fn runaway_days(end: NaiveDate) -> usize {
    end.day() as usize
}
