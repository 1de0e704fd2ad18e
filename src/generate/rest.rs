//! Master data (stores, skus, sku_costs) and the tables derived after the
//! order loop: traffic, ads, inventory, the remaining expenses, fx_rates,
//! targets and metrics.

use std::fmt::Write as _;
use std::path::Path;

use chrono::{Datelike, NaiveDate, Weekday};

use super::catalog::{CATEGORIES, Cur, FX_CURRENCIES, Platform, WAREHOUSES};
use super::orders::Agg;
use super::util::{R, Table};
use super::{FX_LEAD, World};

pub(crate) fn master(dir: &Path, w: &World) -> anyhow::Result<Vec<(String, u64)>> {
    let mut out = Vec::new();
    let mut t = Table::create(
        dir,
        "stores",
        &[
            "store_id", "channel", "name", "country", "currency", "timezone",
        ],
    )?;
    for st in &w.stores {
        t.s(st.id)
            .s(st.channel)
            .s(st.name)
            .s(st.country)
            .s(st.cur.code())
            .s(st.tz.name())
            .end()?;
    }
    out.push(t.finish()?);

    let mut t = Table::create(
        dir,
        "skus",
        &["sku", "title", "category", "launched_on", "lead_time_days"],
    )?;
    for k in &w.skus {
        t.s(&k.id)
            .s(&k.title)
            .s(CATEGORIES[k.cat].name)
            .d(k.launched)
            .u(k.lead as u64)
            .end()?;
    }
    out.push(t.finish()?);

    // landed costs: purchase mostly in CNY; changes on a few company-wide dates
    let mut r = R::new(w.seed, 10);
    let mut t = Table::create(
        dir,
        "sku_costs",
        &[
            "sku",
            "effective_from",
            "currency",
            "purchase",
            "inbound_freight",
            "duty",
            "packaging",
        ],
    )?;
    let changes: [(i64, f64, f64, f64); 3] = [
        // (day index, purchase factor, freight factor, duty factor)
        (165, 1.0, 1.1, 1.6),  // tariff increase
        (334, 0.94, 1.0, 1.0), // new supplier contract
        (546, 1.0, 1.15, 1.0), // freight rates up
    ];
    for k in &w.skus {
        let usd = r.chance(0.08);
        let (cur, fx) = if usd {
            (Cur::Usd, 1.0)
        } else {
            (Cur::Cny, 7.15)
        };
        let mut purchase = k.price_usd * r.range(0.16, 0.25) * fx;
        let mut freight = purchase * r.range(0.12, 0.22);
        let mut duty = purchase * r.range(0.04, 0.12);
        let packaging = if r.chance(0.1) {
            None
        } else {
            Some(r.range(0.1, 0.4) * fx)
        };
        let row = |t: &mut Table, day: NaiveDate, p: f64, f: f64, d: f64| -> anyhow::Result<()> {
            t.s(&k.id)
                .d(day)
                .s(cur.code())
                .fixed(p, 2)
                .fixed(f, 2)
                .fixed(d, 2);
            match packaging {
                Some(v) => t.fixed(v, 2),
                None => t.blank(),
            };
            t.end()
        };
        row(&mut t, k.launched, purchase, freight, duty)?;
        for &(day, pf, ff, df) in &changes {
            if day > k.launch_day && (day as usize) < w.ndays && r.chance(0.55) {
                purchase *= pf * r.range(0.98, 1.02);
                freight *= ff;
                duty *= df;
                row(&mut t, w.day(day as usize), purchase, freight, duty)?;
            }
        }
        if k.id == super::catalog::BESTSELLER {
            // a future-dated contract price (applies only from its date)
            row(
                &mut t,
                w.end + chrono::Duration::days(15),
                purchase * 0.94,
                freight,
                duty,
            )?;
        }
    }
    out.push(t.finish()?);
    Ok(out)
}

pub(crate) fn after_orders(
    dir: &Path,
    w: &World,
    mut agg: Agg,
) -> anyhow::Result<Vec<(String, u64)>> {
    let mut out = vec![traffic(dir, w, &agg)?, ads(dir, w, &agg)?];
    let (inv, stock) = inventory(dir, w, &agg)?;
    out.push(inv);
    let mut table = agg.expenses.take().expect("expenses table");
    expenses(w, &agg, &stock, &mut table)?;
    out.push(table.finish()?);
    let agg = &agg;
    out.push(fx_rates(dir, w)?);
    out.push(targets(dir, w, agg)?);
    out.push(metrics(dir, w)?);
    Ok(out)
}

fn traffic(dir: &Path, w: &World, agg: &Agg) -> anyhow::Result<(String, u64)> {
    let mut t = Table::create(
        dir,
        "traffic",
        &[
            "date",
            "store_id",
            "sku",
            "sessions",
            "page_views",
            "add_to_cart",
            "checkouts",
            "bounced_sessions",
            "mobile_sessions",
        ],
    )?;
    let mut r = R::new(w.seed, 4);
    let nd = w.ndays;
    let mut lam: Vec<f64> = Vec::new();
    for d in 0..nd {
        let date = w.day(d);
        for (s, st) in w.stores.iter().enumerate() {
            if d < w.store_open[s] {
                continue;
            }
            let ls = &w.store_listings[s];
            let spo = st.sessions_per_order;
            lam.clear();
            let mut total = 0.0;
            for &l in ls {
                let v = agg.exp_traffic[l * nd + d] as f64 * spo * r.lognorm(0.2);
                lam.push(v);
                total += v;
            }
            let (blank_share, pv, mob, bounce) = match st.platform {
                Platform::Amazon => (0.06, (1.4, 1.9), 0.68, None),
                Platform::Shopify => (0.5, (2.4, 3.4), 0.71, Some((0.32, 0.48))),
                Platform::TikTok => (0.3, (1.2, 1.6), 0.96, Some((0.45, 0.6))),
                Platform::Shopee => (0.25, (1.8, 2.4), 0.9, Some((0.35, 0.5))),
            };
            let no_checkouts = st.platform == Platform::TikTok;
            let cart_rate = 2.7 / spo;
            let row = |t: &mut Table,
                       r: &mut R,
                       sku: &str,
                       sessions: u64,
                       cart: f64|
             -> anyhow::Result<()> {
                let s = sessions as f64;
                let page_views = (s * r.range(pv.0, pv.1)).round() as u64;
                let atc = ((s * cart * r.lognorm(0.15)).round() as u64).min(sessions);
                t.d(date)
                    .s(st.id)
                    .s(sku)
                    .u(sessions)
                    .u(page_views.max(sessions))
                    .u(atc);
                if no_checkouts {
                    t.blank();
                } else {
                    t.u((atc as f64 * r.range(0.5, 0.7)).round() as u64);
                }
                match bounce {
                    Some((lo, hi)) => t.u((s * r.range(lo, hi)).round() as u64),
                    None => t.blank(),
                };
                t.u(((s * mob * r.lognorm(0.04)).round() as u64).min(sessions))
                    .end()
            };
            let store_sessions = r.poisson(total * blank_share);
            if store_sessions > 0 {
                row(&mut t, &mut r, "", store_sessions, cart_rate * 0.15)?;
            }
            for (i, &l) in ls.iter().enumerate() {
                let sessions = r.poisson(lam[i]);
                if sessions > 0 {
                    row(
                        &mut t,
                        &mut r,
                        &w.skus[w.listings[l].sku].id,
                        sessions,
                        cart_rate,
                    )?;
                }
            }
        }
    }
    t.finish()
}

/// Binomial draw (exact for small n, normal approximation above).
fn binomial(r: &mut R, n: u64, p: f64) -> u64 {
    if n == 0 || p <= 0.0 {
        return 0;
    }
    if n <= 30 {
        return (0..n).filter(|_| r.chance(p)).count() as u64;
    }
    let m = n as f64 * p;
    let sd = (m * (1.0 - p)).sqrt();
    (m + sd * r.normal()).round().clamp(0.0, n as f64) as u64
}

fn ads(dir: &Path, w: &World, agg: &Agg) -> anyhow::Result<(String, u64)> {
    let mut t = Table::create(
        dir,
        "ads",
        &[
            "date",
            "store_id",
            "campaign",
            "sku",
            "impressions",
            "clicks",
            "spend",
            "ad_sales",
            "ad_orders",
            "ad_units",
        ],
    )?;
    let mut r = R::new(w.seed, 5);
    let nd = w.ndays;
    let bad_from = nd.saturating_sub(super::runaway_days(w.end));
    let (so_l, so_from, so_to) = w.stockout;
    for d in 0..nd {
        let date = w.day(d);
        for c in &w.campaigns {
            let s = c.store;
            if d < c.start_day || d < w.store_open[s] {
                continue;
            }
            let st = &w.stores[s];
            let cpc_base = match (st.platform, st.cur) {
                (Platform::TikTok, _) => 0.55,
                (Platform::Shopee, _) => 0.22,
                (Platform::Shopify, _) => {
                    if c.name.starts_with("Google") {
                        1.1
                    } else {
                        0.85
                    }
                }
                (_, Cur::Jpy) => 62.0,
                (_, Cur::Gbp) => 0.72,
                (_, Cur::Eur) => 0.78,
                _ => 0.95,
            };
            let minor = if st.cur == Cur::Jpy { 1.0 } else { 100.0 };
            let ctr = match st.platform {
                Platform::Amazon => 0.0035,
                Platform::TikTok => 0.011,
                Platform::Shopify => 0.012,
                Platform::Shopee => 0.02,
            };
            let acos_now = if c.bad && d >= bad_from { 5.5 } else { c.acos };
            let rows: Vec<Option<usize>> = if c.listings.is_empty() {
                vec![None]
            } else {
                c.listings.iter().map(|&l| Some(l)).collect()
            };
            for l in rows {
                let (orders, units, gmv, exp_gmv, share) = match l {
                    Some(l) => {
                        let li = &w.listings[l];
                        let sku = &w.skus[li.sku];
                        if (d as i64) < sku.launch_day || (l == so_l && d >= so_from && d < so_to) {
                            continue; // not launched yet, or paused while out of stock
                        }
                        let i = l * nd + d;
                        let exp = agg.exp_traffic[i] as f64 / super::LINES_PER_ORDER
                            * 1.1
                            * li.price as f64;
                        let share = if c.bad && d >= bad_from { 0.16 } else { 0.3 };
                        (
                            agg.sold_orders[i] as u64,
                            agg.sold_units[i] as u64,
                            agg.sold_gmv[i],
                            exp,
                            share,
                        )
                    }
                    None => {
                        let sd = agg.store_day[s * nd + d];
                        let share = match c.name.as_str() {
                            "SB - Brand" => 0.05,
                            "SD - Retargeting" => 0.03,
                            "Google Shopping" => 0.12,
                            "Meta - Prospecting" => 0.08,
                            _ => 0.1,
                        };
                        (
                            sd.orders as u64,
                            sd.units as u64,
                            sd.gmv,
                            sd.gmv as f64,
                            share,
                        )
                    }
                };
                let ad_orders = binomial(&mut r, orders, share);
                let (ad_sales, ad_units) = if ad_orders == 0 {
                    (0i64, 0u64)
                } else {
                    let f = ad_orders as f64 / orders as f64;
                    (
                        (gmv as f64 * f).round() as i64,
                        ((units as f64 * f).round() as u64).max(ad_orders),
                    )
                };
                let basis = 0.5 * ad_sales as f64 + 0.5 * exp_gmv * share;
                let spend = (basis * acos_now * r.lognorm(0.25)).round();
                let clicks = ((spend / minor) / (cpc_base * r.lognorm(0.15)))
                    .round()
                    .max(ad_orders as f64) as u64;
                if clicks == 0 && spend <= 0.0 {
                    continue;
                }
                let impressions = (clicks as f64 / (ctr * r.lognorm(0.2))).round() as u64 + clicks;
                t.d(date).s(st.id).s(&c.name);
                match l {
                    Some(l) => t.s(&w.skus[w.listings[l].sku].id),
                    None => t.blank(),
                };
                t.u(impressions).u(clicks).m(spend as i64, st.cur.dec());
                if st.platform == Platform::Shopee && r.chance(0.01) {
                    t.blank(); // attribution not reported yet
                } else {
                    t.m(ad_sales, st.cur.dec());
                }
                t.u(ad_orders);
                if st.platform == Platform::Shopify {
                    t.blank();
                } else {
                    t.u(ad_units);
                }
                t.end()?;
            }
        }
    }
    t.finish()
}

/// Simulated stock per pair per day: (on_hand, inbound, reserved); None
/// before the pair's first snapshot.
type Stock = Vec<Vec<Option<(u32, u32, u32)>>>;

fn inventory(dir: &Path, w: &World, agg: &Agg) -> anyhow::Result<((String, u64), Stock)> {
    let nd = w.ndays;
    let np = w.pairs.len();
    let mut r = R::new(w.seed, 6);
    // units sold per pair per day
    let mut units = vec![vec![0u32; nd]; np];
    for (l, li) in w.listings.iter().enumerate() {
        for d in 0..nd {
            units[li.pair][d] += agg.sold_units[l * nd + d];
        }
    }
    let (so_l, so_from, _) = w.stockout;
    let so_pair = w.listings[so_l].pair;
    let mut stock: Stock = vec![vec![None; nd]; np];
    for p in 0..np {
        let (k, _) = w.pairs[p];
        let sku = &w.skus[k];
        let lead = sku.lead as i64;
        let u = &units[p];
        // prefix sums; beyond the history extrapolate the last 28 days' mean
        let mut pre = vec![0f64; nd + 1];
        for d in 0..nd {
            pre[d + 1] = pre[d] + u[d] as f64;
        }
        let tail = (pre[nd] - pre[nd.saturating_sub(28)]) / 28f64.min(nd as f64);
        let sum = |a: i64, b: i64| -> f64 {
            // units over days [a, b)
            let a = a.max(0);
            if b <= a {
                return 0.0;
            }
            let (ia, ib) = ((a as usize).min(nd), (b as usize).min(nd));
            pre[ib] - pre[ia] + (b - a - (ib - ia) as i64) as f64 * tail
        };
        let first = (sku.launch_day - lead).max(0) as usize;
        if first >= nd {
            continue;
        }
        let mut pos: Vec<(i64, u32)> = Vec::new();
        let mut on_hand: i64 = 0;
        if sku.launch_day <= 0 {
            on_hand = (sum(0, 60) * 1.2) as i64 + 20;
        } else {
            let q = ((sum(sku.launch_day, sku.launch_day + 60) * 1.3).max(30.0) / 10.0).ceil()
                as u32
                * 10;
            pos.push((sku.launch_day, q));
        }
        let planted = p == so_pair;
        let no_reorder_from = if planted {
            so_from as i64 - lead - 30
        } else {
            i64::MAX
        };
        let stale_stop = sku.stale_day.map(|s| s - 60).unwrap_or(i64::MAX);
        for d in first..nd {
            let di = d as i64;
            for &(a, q) in &pos {
                if a == di {
                    on_hand += q as i64;
                }
            }
            pos.retain(|&(a, _)| a > di);
            if let Some(sd) = sku.stale_day
                && di == sd - 20
            {
                on_hand += r.int(120, 360); // an over-order lands; then demand dies
            }
            on_hand = (on_hand - u[d] as i64).max(0);
            if planted && d + 30 == so_from {
                // the replenishment was not ordered in time: what is left lasts
                // exactly until the stock-out starts
                on_hand = sum(di + 1, so_from as i64) as i64;
            }
            if planted && d == so_from.saturating_sub(5) {
                pos.push((nd as i64 + 6, 600));
            }
            if planted && d >= so_from {
                on_hand = 0;
            }
            let inbound: i64 = pos.iter().map(|&(_, q)| q as i64).sum();
            if di < no_reorder_from.min(stale_stop) || (planted && di >= nd as i64) {
                let need = sum(di + 1, di + lead + 22) * 1.3;
                if ((on_hand + inbound) as f64) < need {
                    let q = (sum(di + lead + 1, di + lead + 46) * 1.2).max(20.0);
                    let q = (q / 10.0).ceil() as u32 * 10;
                    pos.push((di + lead + r.int(-3, 5), q));
                }
            }
            let inbound: i64 = pos.iter().map(|&(_, q)| q as i64).sum();
            let reserved = (r.poisson(u[d] as f64 * 0.35) as i64).min(on_hand);
            stock[p][d] = Some((on_hand as u32, inbound as u32, reserved as u32));
        }
    }

    let mut t = Table::create(
        dir,
        "inventory",
        &[
            "date",
            "sku",
            "warehouse",
            "store_id",
            "on_hand",
            "inbound",
            "reserved",
        ],
    )?;
    for d in 0..nd {
        let date = w.day(d);
        if !(d == 0 || d >= w.daily_inv_from || date.weekday() == Weekday::Sun) {
            continue;
        }
        for p in 0..np {
            let Some((oh, inb, res)) = stock[p][d] else {
                continue;
            };
            let (k, wh) = w.pairs[p];
            let whd = &WAREHOUSES[wh];
            t.d(date)
                .s(&w.skus[k].id)
                .s(whd.id)
                .s(whd.store.unwrap_or(""))
                .u(oh as u64);
            if whd.store.is_none() && inb == 0 {
                t.blank();
            } else {
                t.u(inb as u64);
            }
            if whd.id == "CN-SZ" {
                t.blank();
            } else {
                t.u(res as u64);
            }
            t.end()?;
        }
    }
    Ok((t.finish()?, stock))
}

struct Exp<'a> {
    t: &'a mut Table,
    seq: u64,
    id: String,
}

impl Exp<'_> {
    #[allow(clippy::too_many_arguments)]
    fn row(
        &mut self,
        date: NaiveDate,
        cat: &str,
        minor: i64,
        cur: Cur,
        store: &str,
        sku: &str,
        order: &str,
        note: &str,
    ) -> anyhow::Result<()> {
        self.seq += 1;
        self.id.clear();
        let _ = write!(self.id, "EX{:08}", self.seq);
        self.t
            .s(&self.id)
            .d(date)
            .s(cat)
            .m(minor, cur.dec())
            .s(cur.code())
            .s(store)
            .s(sku)
            .s(order)
            .s(note)
            .end()
    }
}

fn to_minor(v: f64, cur: Cur) -> i64 {
    if cur == Cur::Jpy {
        v.round() as i64
    } else {
        (v * 100.0).round() as i64
    }
}

fn expenses(w: &World, agg: &Agg, stock: &Stock, t: &mut Table) -> anyhow::Result<()> {
    let mut r = R::new(w.seed, 7);
    let nd = w.ndays;
    let mut e = Exp {
        t,
        seq: agg.expense_seq,
        id: String::new(),
    };
    let pair_months = monthly_stock(w, stock);
    for d in 0..nd {
        let date = w.day(d);
        let t_years = d as f64 / 365.0;
        for (s, st) in w.stores.iter().enumerate() {
            if d < w.store_open[s] {
                continue;
            }
            let sd = agg.store_day[s * nd + d];
            let cur = st.cur;
            let gmv = sd.gmv as f64 / if cur == Cur::Jpy { 1.0 } else { 100.0 };
            let fee_rate = match st.platform {
                Platform::Amazon => 0.15,
                Platform::TikTok => 0.06,
                Platform::Shopee => 0.11,
                Platform::Shopify => 0.0,
            };
            if fee_rate > 0.0 && sd.gmv > 0 {
                let v = gmv * fee_rate * r.lognorm(0.03);
                e.row(
                    date,
                    "platform_fee",
                    to_minor(v, cur),
                    cur,
                    st.id,
                    "",
                    "",
                    "referral / commission",
                )?;
            }
            if st.platform == Platform::Shopify && date.day() == 1 {
                e.row(
                    date,
                    "platform_fee",
                    39900,
                    cur,
                    st.id,
                    "",
                    "",
                    "Shopify Advanced plan",
                )?;
                e.row(date, "software", 14900, cur, st.id, "", "", "Shopify apps")?;
            }
            if sd.units > 0 {
                let (per_unit, note) = match (st.platform, cur) {
                    (Platform::Amazon, Cur::Jpy) => (480.0, "FBA fulfilment fees"),
                    (Platform::Amazon, Cur::Gbp) => (3.3, "FBA fulfilment fees"),
                    (Platform::Amazon, Cur::Eur) => (3.6, "FBA fulfilment fees"),
                    (Platform::Amazon, _) => (4.1, "FBA fulfilment fees"),
                    (Platform::Shopee, _) => (1.5, "Shenzhen warehouse pick & pack"),
                    _ => (2.4, "3PL pick & pack"),
                };
                let v = sd.units as f64 * per_unit * r.lognorm(0.05);
                e.row(
                    date,
                    "fulfillment",
                    to_minor(v, cur),
                    cur,
                    st.id,
                    "",
                    "",
                    note,
                )?;
                if matches!(st.platform, Platform::TikTok | Platform::Shopee) {
                    let per = if st.platform == Platform::TikTok {
                        3.9
                    } else {
                        4.5
                    };
                    let v = sd.units as f64 * per * r.lognorm(0.08);
                    e.row(
                        date,
                        "shipping",
                        to_minor(v, cur),
                        cur,
                        st.id,
                        "",
                        "",
                        "carrier invoice",
                    )?;
                }
            }
            if st.platform == Platform::Shopify && sd.units > 0 {
                let per = if cur == Cur::Eur { 4.6 } else { 5.2 };
                let v = (sd.orders as f64 * per + (sd.units - sd.orders) as f64 * 0.9)
                    * r.lognorm(0.05);
                e.row(
                    date,
                    "shipping",
                    to_minor(v, cur),
                    cur,
                    st.id,
                    "",
                    "",
                    "shipping labels",
                )?;
            }
            if st.platform == Platform::Shopify && sd.orders > 0 {
                let v = gmv * 0.029 + 0.30 * sd.orders as f64;
                e.row(
                    date,
                    "payment",
                    to_minor(v, cur),
                    cur,
                    st.id,
                    "",
                    "",
                    "Shopify Payments",
                )?;
            }
            if st.platform == Platform::TikTok && date.day() == 1 {
                let v = (2000.0 + 3500.0 * t_years) * w.size * r.lognorm(0.2);
                e.row(
                    date,
                    "marketing",
                    to_minor(v, cur),
                    cur,
                    st.id,
                    "",
                    "",
                    "KOL commissions, flat fees",
                )?;
            }
        }
        if date.day() == 1 {
            // company-wide monthly costs
            let staff = 185_000.0 * (1.0 + 0.22 * t_years) * w.size;
            e.row(
                date,
                "staff",
                to_minor(staff, Cur::Cny),
                Cur::Cny,
                "",
                "",
                "",
                "salaries Shenzhen team",
            )?;
            e.row(
                date,
                "staff",
                to_minor(4_500.0 * w.size, Cur::Usd),
                Cur::Usd,
                "",
                "",
                "",
                "US customer service contractor",
            )?;
            e.row(
                date,
                "rent",
                to_minor(26_000.0 * w.size, Cur::Cny),
                Cur::Cny,
                "",
                "",
                "",
                "office Shenzhen, 深圳办公室",
            )?;
            e.row(
                date,
                "rent",
                45_000,
                Cur::Eur,
                "SHOP-DE",
                "",
                "",
                "returns address Leipzig",
            )?;
            e.row(
                date,
                "software",
                to_minor(299.0 * w.size.max(1.0), Cur::Usd),
                Cur::Usd,
                "",
                "",
                "",
                "ERP subscription",
            )?;
            e.row(date, "software", 22_900, Cur::Usd, "", "", "", "Helium 10")?;
            let bank = 1800.0 * r.lognorm(0.3);
            e.row(
                date,
                "other",
                to_minor(bank, Cur::Cny),
                Cur::Cny,
                "",
                "",
                "",
                "bank and FX conversion fees",
            )?;
            // influencer seeding for two SKUs on the Shopify US store
            for _ in 0..2 {
                let ls = &w.store_listings[w.store_idx("SHOP-US")];
                let l = ls[r.int(0, ls.len() as i64 - 1) as usize];
                let k = w.listings[l].sku;
                if (d as i64) >= w.skus[k].launch_day {
                    let v = r.range(150.0, 600.0);
                    e.row(
                        date,
                        "marketing",
                        to_minor(v, Cur::Usd),
                        Cur::Usd,
                        "SHOP-US",
                        &w.skus[k].id,
                        "",
                        "influencer seeding",
                    )?;
                }
            }
            if date.month() % 3 == 1 {
                let v = r.range(2500.0, 6000.0) * w.size;
                e.row(
                    date,
                    "marketing",
                    to_minor(v, Cur::Usd),
                    Cur::Usd,
                    "",
                    "",
                    "",
                    "brand photo / video shoot",
                )?;
                for sid in ["AMZ-DE", "SHOP-DE"] {
                    let v = r.range(180.0, 420.0);
                    e.row(
                        date,
                        "other",
                        to_minor(v, Cur::Eur),
                        Cur::Eur,
                        sid,
                        "",
                        "",
                        "EPR Germany (packaging, WEEE)",
                    )?;
                }
            }
            // FBA reimbursements (negative expenses)
            for _ in 0..r.int(0, 2) {
                let ls = &w.store_listings[0];
                let l = ls[r.int(0, ls.len() as i64 - 1) as usize];
                let k = w.listings[l].sku;
                let v = -r.range(15.0, 120.0);
                e.row(
                    date,
                    "other",
                    to_minor(v, Cur::Usd),
                    Cur::Usd,
                    "AMZ-US",
                    &w.skus[k].id,
                    "",
                    "FBA reimbursement: lost inventory",
                )?;
            }
        }
        // month-end storage
        let next = date + chrono::Duration::days(1);
        if next.day() == 1 {
            let m = w.month_index(date);
            let mut shared = [0.0f64; 7];
            for (p, &(k, wh)) in w.pairs.iter().enumerate() {
                let avg = pair_months[p][m];
                if avg <= 0.0 {
                    continue;
                }
                let size = (w.skus[k].price_usd / 30.0).clamp(0.3, 3.0);
                let q4 = if matches!(date.month(), 10..=12) {
                    2.6
                } else {
                    1.0
                };
                match WAREHOUSES[wh].store {
                    Some(sid) => {
                        let st = &w.stores[w.store_idx(sid)];
                        let per = match st.cur {
                            Cur::Jpy => 9.0,
                            _ => 0.06,
                        };
                        let v = avg * size * per * q4;
                        let minor = to_minor(v, st.cur);
                        if minor > 0 {
                            e.row(
                                date,
                                "storage",
                                minor,
                                st.cur,
                                sid,
                                &w.skus[k].id,
                                "",
                                "FBA monthly storage",
                            )?;
                        }
                    }
                    None => shared[wh] += avg * size * 0.05,
                }
            }
            for (wh, &v) in shared.iter().enumerate() {
                if v > 0.0 {
                    let cur = match WAREHOUSES[wh].id {
                        "EU-3PL" => Cur::Eur,
                        "CN-SZ" => Cur::Cny,
                        _ => Cur::Usd,
                    };
                    let v = if cur == Cur::Cny { v * 7.1 } else { v };
                    let note = format!("{} storage invoice", WAREHOUSES[wh].id);
                    e.row(
                        date,
                        "storage",
                        to_minor(v + 150.0, cur),
                        cur,
                        "",
                        "",
                        "",
                        &note,
                    )?;
                }
            }
        }
        // certification for SKUs launched during the history (SKU only, no store)
        for k in &w.skus {
            if k.launch_day - 20 == d as i64 {
                let v = r.range(3000.0, 9000.0);
                e.row(
                    date,
                    "other",
                    to_minor(v, Cur::Cny),
                    Cur::Cny,
                    "",
                    &k.id,
                    "",
                    "CE / FCC certification",
                )?;
            }
        }
    }
    Ok(())
}

fn monthly_stock(w: &World, stock: &Stock) -> Vec<Vec<f64>> {
    let nm = w.nmonths();
    let mut out = vec![vec![0.0; nm]; w.pairs.len()];
    let mut days = vec![0u32; nm];
    for d in 0..w.ndays {
        days[w.month_index(w.day(d))] += 1;
    }
    for (p, s) in stock.iter().enumerate() {
        for (d, v) in s.iter().enumerate() {
            if let Some((oh, _, _)) = v {
                out[p][w.month_index(w.day(d))] += *oh as f64;
            }
        }
        for m in 0..nm {
            out[p][m] /= days[m].max(1) as f64;
        }
    }
    out
}

fn fx_rates(dir: &Path, w: &World) -> anyhow::Result<(String, u64)> {
    let mut t = Table::create(dir, "fx_rates", &["date", "currency", "rate"])?;
    for (i, row) in w.fx.iter().enumerate() {
        let date = w.start + chrono::Duration::days(i as i64 - FX_LEAD);
        if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            continue;
        }
        for (k, c) in FX_CURRENCIES.iter().enumerate() {
            t.d(date)
                .s(c.code())
                .fixed(row[k], if *c == Cur::Jpy { 8 } else { 6 })
                .end()?;
        }
    }
    t.finish()
}

fn targets(dir: &Path, w: &World, agg: &Agg) -> anyhow::Result<(String, u64)> {
    let mut t = Table::create(
        dir,
        "targets",
        &["period", "level", "key", "metric", "target"],
    )?;
    let mut r = R::new(w.seed, 11);
    let nm = w.nmonths();
    let month_label = |m: usize| -> String {
        let y = w.start.year() + ((w.start.month0() as usize + m) / 12) as i32;
        let mo = (w.start.month0() as usize + m) % 12 + 1;
        format!("{y}-{mo:02}")
    };
    let total_usd = |m: usize| -> f64 { agg.month_usd.iter().map(|v| v[m]).sum() };
    let total_orders = |m: usize| -> u64 { agg.month_orders.iter().map(|v| v[m]).sum() };
    let amazon_usd = |m: usize| -> f64 {
        w.stores
            .iter()
            .enumerate()
            .filter(|(_, s)| s.channel == "Amazon")
            .map(|(i, _)| agg.month_usd[i][m])
            .sum()
    };
    let round_to = |v: f64, step: f64| (v / step).round() * step;
    for m in nm.saturating_sub(3)..nm {
        let label = month_label(m);
        // targets set from the same month a year earlier plus planned growth
        let base = if m >= 12 {
            total_usd(m - 12) * 1.3
        } else {
            total_usd(m) * 1.05
        };
        t.s(&label)
            .s("total")
            .blank()
            .s("gmv")
            .fixed(round_to(base * r.range(0.98, 1.08), 100.0), 0)
            .end()?;
        let ob = if m >= 12 {
            total_orders(m - 12) as f64 * 1.25
        } else {
            total_orders(m) as f64 * 1.05
        };
        t.s(&label)
            .s("total")
            .blank()
            .s("orders")
            .fixed(round_to(ob * r.range(0.98, 1.06), 10.0), 0)
            .end()?;
        t.s(&label)
            .s("total")
            .blank()
            .s("net_margin")
            .s("0.08")
            .end()?;
        t.s(&label)
            .s("channel")
            .s("Amazon")
            .s("gmv")
            .fixed(round_to(amazon_usd(m) * r.range(1.0, 1.1), 100.0), 0)
            .end()?;
        t.s(&label)
            .s("store")
            .s("AMZ-US")
            .s("acos")
            .s("0.25")
            .end()?;
        t.s(&label)
            .s("store")
            .s("SHOP-DE")
            .s("return_rate")
            .s("0.06")
            .end()?;
    }
    // the quarter and year containing the end
    let end = w.end;
    let q = end.month0() / 3;
    let last = nm - 1;
    let q_months = (end.month0() % 3) as usize + 1;
    let q_plan = total_usd(last) / q_months as f64 * 3.0 * 1.35; // Q4 plan includes the peak
    t.s(&format!("{}-Q{}", end.year(), q + 1))
        .s("total")
        .blank()
        .s("gmv")
        .fixed(round_to(q_plan, 1000.0), 0)
        .end()?;
    t.s(&format!("{}-Q{}", end.year(), q + 1))
        .s("channel")
        .s("TikTok Shop")
        .s("gmv")
        .fixed(
            round_to(
                agg.month_usd[w.store_idx("TTS-US")][last] / q_months as f64 * 3.0 * 1.5,
                1000.0,
            ),
            0,
        )
        .end()?;
    let ytd_months = end.month() as usize;
    let ytd: f64 = (nm.saturating_sub(ytd_months)..nm).map(total_usd).sum();
    t.s(&end.year().to_string())
        .s("total")
        .blank()
        .s("gmv")
        .fixed(round_to(ytd / ytd_months as f64 * 12.0 * 1.12, 1000.0), 0)
        .end()?;
    t.s(&end.year().to_string())
        .s("total")
        .blank()
        .s("gross_margin")
        .s("0.45")
        .end()?;
    // the best-seller's unit target: the month before plus 10% (missed: it stocks out)
    let best_prev: u64 = w
        .listings
        .iter()
        .enumerate()
        .filter(|(_, l)| w.skus[l.sku].id == super::catalog::BESTSELLER)
        .map(|(l, _)| {
            (0..w.ndays)
                .filter(|&d| w.month_index(w.day(d)) + 1 == last)
                .map(|d| agg.sold_units[l * w.ndays + d] as u64)
                .sum::<u64>()
        })
        .sum();
    let units_target = ((best_prev as f64 * 1.1 / 10.0).ceil() * 10.0).max(10.0);
    t.s(&month_label(last))
        .s("sku")
        .s(super::catalog::BESTSELLER)
        .s("units")
        .fixed(units_target, 0)
        .end()?;
    t.finish()
}

fn metrics(dir: &Path, w: &World) -> anyhow::Result<(String, u64)> {
    let mut t = Table::create(
        dir,
        "metrics",
        &["date", "metric", "value", "level", "key", "label"],
    )?;
    let mut r = R::new(w.seed, 12);
    let nm = w.nmonths();
    for m in 0..nm {
        let y = w.start.year() + ((w.start.month0() as usize + m) / 12) as i32;
        let mo = (w.start.month0() as usize + m) % 12 + 1;
        let date = NaiveDate::from_ymd_opt(y, mo as u32, 1).expect("valid date");
        let tm = m as f64 / 12.0;
        let season = if mo == 11 || mo == 12 { 1.35 } else { 1.0 };
        let bsv = 8200.0 * (0.35 * tm).exp() * season * r.lognorm(0.06);
        t.d(date)
            .s("brand_search_volume")
            .fixed(bsv.round(), 0)
            .blank()
            .blank()
            .s("Google Trends + Amazon Brand Analytics")
            .end()?;
        let fol = 12_000.0 + 30_000.0 * tm + 4_000.0 * tm * tm + 500.0 * r.normal();
        t.d(date)
            .s("social_followers")
            .fixed(fol.round(), 0)
            .s("channel")
            .s("TikTok Shop")
            .blank()
            .end()?;
        let share = 0.021 + 0.004 * tm + 0.0008 * r.normal();
        t.d(date)
            .s("market_share")
            .fixed(share, 4)
            .s("store")
            .s("AMZ-US")
            .s("Home & Kitchen, Jungle Scout")
            .end()?;
        if mo % 3 == 1 {
            let ccs = 0.018 + 0.004 * tm + 0.002 * r.f();
            t.d(date)
                .s("compliance_cost_share")
                .fixed(ccs, 4)
                .blank()
                .blank()
                .s("EPR, VAT, certifications")
                .end()?;
            let aw = 0.06 + 0.03 * tm + 0.01 * r.f();
            t.d(date)
                .s("brand_awareness")
                .fixed(aw, 4)
                .blank()
                .blank()
                .s("aided awareness panel, US")
                .end()?;
        }
    }
    t.finish()
}
