//! The order loop: orders, order_lines, shipments, refunds, reviews, tickets,
//! surveys and per-order expenses, written while walking days × stores; it
//! also collects the aggregates the other tables are derived from.

use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveTime;

use super::catalog::{CATEGORIES, Cur, Platform, WAREHOUSES};
use super::util::{R, Table, local_date, local_to_utc};
use super::{LINES_PER_ORDER, World};

const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;

/// Relative order volume by local hour.
const HOUR_W: [f64; 24] = [
    1.2, 0.8, 0.5, 0.35, 0.3, 0.4, 0.8, 1.4, 2.0, 2.6, 3.0, 3.2, 3.4, 3.3, 3.2, 3.2, 3.3, 3.5, 3.9,
    4.4, 4.9, 5.1, 4.2, 2.6,
];

const RETURN_REASONS: [&str; 8] = [
    "wrong size",
    "not as described",
    "changed mind",
    "defective",
    "arrived too late",
    "better price available",
    "size too small, exchanged for a larger one",
    "colour differs from photo",
];
const PARTIAL_REASONS: [&str; 4] = [
    "late delivery",
    "price adjustment",
    "missing item",
    "goodwill",
];

#[derive(Clone, Copy, Default)]
pub(crate) struct StoreDay {
    pub gmv: i64,
    pub orders: u32,
    pub units: u32,
}

/// What the later tables need from the orders.
pub(crate) struct Agg {
    /// listing × day
    pub sold_units: Vec<u32>,
    pub sold_orders: Vec<u32>,
    pub sold_gmv: Vec<i64>,
    /// Expected orders containing the listing (traffic driver), listing × day.
    pub exp_traffic: Vec<f32>,
    /// store × day, valid orders
    pub store_day: Vec<StoreDay>,
    /// store × month, valid orders
    pub month_usd: Vec<Vec<f64>>,
    pub month_orders: Vec<Vec<u64>>,
    /// The expenses table, continued after the order loop.
    pub expenses: Option<Table>,
    pub expense_seq: u64,
}

struct Line {
    listing: usize,
    qty: u32,
    gross: i64,
    disc: i64,
}

#[derive(Clone, Copy, PartialEq)]
enum Status {
    Valid,
    Cancelled,
    PaymentFailed,
}

/// Bijective scramble of a counter into [0, modulus): an affine map whose
/// multiplier (about 0.618 × modulus) is coprime to the modulus, so distinct
/// counters below the modulus give distinct, random-looking ids.
fn mix(n: u64, modulus: u64) -> u64 {
    fn gcd(a: u64, b: u64) -> u64 {
        if b == 0 { a } else { gcd(b, a % b) }
    }
    let mut mult = (modulus as f64 * 0.618_033_988_7) as u64 | 1;
    while gcd(mult, modulus) != 1 {
        mult += 2;
    }
    ((n as u128 * mult as u128 + 97_531) % modulus as u128) as u64
}

fn base36(mut v: u64, len: usize, upper: bool, out: &mut String) {
    let digits: &[u8; 36] = if upper {
        b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    } else {
        b"0123456789abcdefghijklmnopqrstuvwxyz"
    };
    let mut buf = [b'0'; 16];
    for i in (0..len).rev() {
        buf[i] = digits[(v % 36) as usize];
        v /= 36;
    }
    out.push_str(std::str::from_utf8(&buf[..len]).expect("ascii"));
}

fn customer_id(p: Platform, n: u64, out: &mut String) {
    out.clear();
    match p {
        Platform::Amazon => {
            out.push('A');
            base36(mix(n, 36u64.pow(10)), 10, true, out);
        }
        Platform::Shopify => {
            let _ = write!(out, "7{:012}", mix(n, 1_000_000_000_000));
        }
        Platform::TikTok => {
            let _ = write!(out, "69{:012}", mix(n, 1_000_000_000_000));
        }
        Platform::Shopee => {
            out.push_str("sp_");
            base36(mix(n, 36u64.pow(8)), 8, false, out);
        }
    }
}

pub(crate) fn generate(
    dir: &Path,
    w: &World,
    written: &mut Vec<(String, u64)>,
) -> anyhow::Result<Agg> {
    let mut t_orders = Table::create(
        dir,
        "orders",
        &[
            "order_id",
            "store_id",
            "ordered_at",
            "customer_id",
            "status",
            "device",
            "acquisition",
            "ship_by",
        ],
    )?;
    let mut t_lines = Table::create(
        dir,
        "order_lines",
        &["order_id", "sku", "qty", "unit_price", "discount"],
    )?;
    let mut t_ship = Table::create(
        dir,
        "shipments",
        &[
            "order_id",
            "shipped_at",
            "delivered_at",
            "carrier",
            "warehouse",
            "damaged",
        ],
    )?;
    let mut t_ref = Table::create(
        dir,
        "refunds",
        &[
            "refund_id",
            "order_id",
            "refunded_at",
            "amount",
            "sku",
            "qty",
            "reason",
            "is_return",
        ],
    )?;
    let mut t_rev = Table::create(
        dir,
        "reviews",
        &["review_id", "date", "store_id", "rating", "sku", "order_id"],
    )?;
    let mut t_tick = Table::create(
        dir,
        "tickets",
        &[
            "ticket_id",
            "opened_at",
            "store_id",
            "order_id",
            "category",
            "first_response_at",
            "resolved_at",
            "escalated",
            "resolved_first_contact",
        ],
    )?;
    let mut t_surv = Table::create(
        dir,
        "surveys",
        &["response_id", "date", "store_id", "kind", "score"],
    )?;
    let mut t_exp = Table::create(
        dir,
        "expenses",
        &[
            "expense_id",
            "date",
            "category",
            "amount",
            "currency",
            "store_id",
            "sku",
            "order_id",
            "note",
        ],
    )?;

    let ns = w.stores.len();
    let nd = w.ndays;
    let nl = w.listings.len();
    let nm = w.nmonths();
    let mut r = R::new(w.seed, 3);
    let mut agg_units = vec![0u32; nl * nd];
    let mut agg_orders = vec![0u32; nl * nd];
    let mut agg_gmv = vec![0i64; nl * nd];
    let mut exp_traffic = vec![0f32; nl * nd];
    let mut store_day = vec![StoreDay::default(); ns * nd];
    let mut month_usd = vec![vec![0.0f64; nm]; ns];
    let mut month_orders = vec![vec![0u64; nm]; ns];
    let mut expense_seq = 0u64;

    let cutoff: Vec<i64> = w
        .stores
        .iter()
        .map(|st| {
            local_to_utc(
                st.tz,
                (w.end + chrono::Duration::days(1)).and_time(NaiveTime::MIN),
            ) - 1
        })
        .collect();
    let mut hour_cum = [0.0f64; 24];
    let mut acc = 0.0;
    for (h, v) in HOUR_W.iter().enumerate() {
        acc += v;
        hour_cum[h] = acc;
    }

    let mut pools: Vec<Vec<u64>> = vec![Vec::new(); ns];
    let mut cust_counter = [0u64; 4];
    let mut amz_counter = 0u64;
    let mut shop_counter = vec![1000u64; ns];
    let mut tts_counter = 0u64;
    let mut shopee_counter = 0u64;
    let (mut refund_seq, mut review_seq, mut ticket_seq, mut survey_seq) = (0u64, 0u64, 0u64, 0u64);

    let mut times: Vec<u32> = Vec::new();
    let mut cum: Vec<f64> = Vec::new();
    let mut cand: Vec<usize> = Vec::new();
    let mut lines: Vec<Line> = Vec::new();
    let mut oid = String::with_capacity(24);
    let mut cid = String::with_capacity(24);
    let mut idbuf = String::with_capacity(24);
    let (so_listing, so_from, so_to) = w.stockout;

    for d in 0..nd {
        let date = w.day(d);
        let frac = d as f64 / nd as f64;
        for s in 0..ns {
            let st = &w.stores[s];
            let lam = w.store_w[s][d] * w.scale;
            if lam <= 0.0 {
                continue;
            }
            let plat = st.platform;
            let dec = st.cur.dec();
            let tz = st.tz;
            // listing weights of the day
            cum.clear();
            cand.clear();
            let mut sum_nominal = 0.0;
            let mut sum_order = 0.0;
            let mut acc = 0.0;
            for &l in &w.store_listings[s] {
                let li = &w.listings[l];
                let sku = &w.skus[li.sku];
                let dl = d as i64 - sku.launch_day;
                if dl < 0 {
                    continue;
                }
                let ramp = ((dl as f64 + 1.0) / 21.0).min(1.0);
                let base = li.weight * w.cat_season[sku.cat][d] * ramp;
                let stale = sku.stale_day.is_some_and(|sd| d as i64 >= sd);
                let out = l == so_listing && d >= so_from && d < so_to;
                let tw = if stale { 0.12 * base } else { base };
                exp_traffic[l * nd + d] = tw as f32;
                if !stale {
                    sum_nominal += base;
                }
                if !stale && !out {
                    sum_order += base;
                    acc += base;
                    cum.push(acc);
                    cand.push(l);
                }
            }
            if sum_nominal <= 0.0 {
                continue;
            }
            for &l in &w.store_listings[s] {
                let e = &mut exp_traffic[l * nd + d];
                *e = (*e as f64 * lam * LINES_PER_ORDER / sum_nominal) as f32;
            }
            let n = r.poisson(lam * sum_order / sum_nominal);
            times.clear();
            for _ in 0..n {
                let h = r.cum(&hour_cum) as u32;
                times.push(h * 3600 + r.int(0, 3599) as u32);
            }
            times.sort_unstable();
            let event_day = w.store_w[s][d] > 0.0 && {
                // compare with a neighbouring ordinary day (a week earlier)
                let prev = w.store_w[s][d.saturating_sub(7)];
                prev > 0.0 && w.store_w[s][d] / prev > 1.6
            };
            let mut valid_today = 0u64;

            for &secs in times.iter() {
                let t_local = date.and_time(
                    NaiveTime::from_num_seconds_from_midnight_opt(secs, 0).expect("valid time"),
                );
                let ordered = local_to_utc(tz, t_local);
                // --- ids
                oid.clear();
                match plat {
                    Platform::Amazon => {
                        let pre: &[u32] = match st.cur {
                            Cur::Usd => &[111, 112, 113, 114],
                            Cur::Jpy => &[249, 250],
                            _ => &[202, 203, 204, 205, 206],
                        };
                        let p = pre[r.int(0, pre.len() as i64 - 1) as usize];
                        amz_counter += 1;
                        let _ = write!(
                            oid,
                            "{p}-{:07}-{:07}",
                            mix(amz_counter, 10_000_000),
                            r.int(0, 9_999_999)
                        );
                    }
                    Platform::Shopify => {
                        shop_counter[s] += 1;
                        let _ = write!(oid, "#{}{}", st.country, shop_counter[s]);
                    }
                    Platform::TikTok => {
                        tts_counter += 1;
                        let _ = write!(oid, "57{:016}", mix(tts_counter, 10_000_000_000_000_000));
                    }
                    Platform::Shopee => {
                        shopee_counter += 1;
                        let ld = t_local.date();
                        let _ = write!(oid, "{}", ld.format("%y%m%d"));
                        base36(mix(shopee_counter, 36u64.pow(8)), 8, true, &mut oid);
                    }
                }
                // --- customer
                let pi = plat as usize;
                let customer: Option<u64> = if plat == Platform::Amazon && r.chance(0.02) {
                    None
                } else {
                    let (b, k) = match plat {
                        Platform::Amazon => (0.05, 0.16),
                        Platform::Shopify => (0.10, 0.26),
                        Platform::TikTok => (0.04, 0.14),
                        Platform::Shopee => (0.07, 0.20),
                    };
                    if !pools[s].is_empty() && r.chance(b + k * frac) {
                        let mut from = s;
                        if r.chance(0.04) {
                            let other = r.int(0, ns as i64 - 1) as usize;
                            if other != s
                                && w.stores[other].platform == plat
                                && !pools[other].is_empty()
                            {
                                from = other;
                            }
                        }
                        let pool = &pools[from];
                        let u = r.f();
                        let idx = pool.len()
                            - 1
                            - ((pool.len() as f64 * u * u) as usize).min(pool.len() - 1);
                        let c = pool[idx];
                        if from != s {
                            pools[s].push(c);
                        }
                        Some(c)
                    } else {
                        cust_counter[pi] += 1;
                        pools[s].push(cust_counter[pi]);
                        Some(cust_counter[pi])
                    }
                };
                // --- status, device, acquisition
                let (p_cancel, p_fail) = match plat {
                    Platform::Amazon => (0.02, 0.006),
                    Platform::Shopify => (0.025, 0.016),
                    Platform::TikTok => (0.035, 0.01),
                    Platform::Shopee => (0.035, 0.012),
                };
                let u = r.f();
                let status = if u < p_cancel {
                    Status::Cancelled
                } else if u < p_cancel + p_fail {
                    Status::PaymentFailed
                } else {
                    Status::Valid
                };
                let device = match plat {
                    Platform::Amazon => {
                        ["mobile", "app", "desktop", "other"][r.weighted(&[0.42, 0.28, 0.28, 0.02])]
                    }
                    Platform::Shopify => {
                        ["mobile", "desktop", "app", "other"][r.weighted(&[0.63, 0.34, 0.0, 0.03])]
                    }
                    Platform::TikTok => ["app", "mobile", "other"][r.weighted(&[0.86, 0.12, 0.02])],
                    Platform::Shopee => {
                        ["app", "mobile", "desktop"][r.weighted(&[0.76, 0.18, 0.06])]
                    }
                };
                let acquisition = match plat {
                    Platform::Amazon => ["organic", "ads", "", "social", "kol"]
                        [r.weighted(&[0.55, 0.33, 0.08, 0.02, 0.02])],
                    Platform::Shopify => {
                        ["organic", "ads", "social", "email", "kol", "referral", ""]
                            [r.weighted(&[0.24, 0.25, 0.14, 0.2, 0.06, 0.08, 0.03])]
                    }
                    Platform::TikTok => {
                        ["social", "kol", "ads", "organic"][r.weighted(&[0.35, 0.3, 0.25, 0.1])]
                    }
                    Platform::Shopee => {
                        ["organic", "ads", "social", ""][r.weighted(&[0.5, 0.35, 0.05, 0.1])]
                    }
                };
                let ship_by: Option<i64> = match plat {
                    Platform::Shopify => None,
                    _ => {
                        let days = match plat {
                            Platform::Amazon => 1,
                            Platform::TikTok => 2,
                            _ => 3,
                        };
                        let sd = t_local.date() + chrono::Duration::days(days);
                        Some(local_to_utc(
                            tz,
                            sd.and_hms_opt(23, 59, 59).expect("valid time"),
                        ))
                    }
                };
                // --- lines
                lines.clear();
                if cand.is_empty() {
                    continue;
                }
                let k = 1 + r.weighted(&[0.7, 0.2, 0.07, 0.03]);
                let mut attempts = 0;
                while lines.len() < k && attempts < k * 4 {
                    attempts += 1;
                    let l = cand[r.cum(&cum)];
                    if lines.iter().any(|x| x.listing == l) {
                        continue;
                    }
                    let qty = 1 + r.weighted(&[0.86, 0.1, 0.03, 0.01]) as u32;
                    let gross = w.listings[l].price * qty as i64;
                    let p_disc = if event_day {
                        0.45
                    } else if plat == Platform::Shopify
                        && (acquisition == "email" || acquisition == "kol")
                    {
                        0.35
                    } else {
                        0.07
                    };
                    let disc = if r.chance(p_disc) {
                        let pct = [0.1, 0.15, 0.2, 0.25, 0.3][r.int(0, 4) as usize];
                        (gross as f64 * pct).round() as i64
                    } else {
                        0
                    };
                    lines.push(Line {
                        listing: l,
                        qty,
                        gross,
                        disc,
                    });
                }
                let gmv: i64 = lines.iter().map(|x| x.gross - x.disc).sum();
                let units: u32 = lines.iter().map(|x| x.qty).sum();
                // --- shipment
                let valid = status == Status::Valid;
                let mut shipped: Option<i64> = None;
                let mut delivered: Option<i64> = None;
                let mut damaged = false;
                let mut late = false;
                if valid && !r.chance(0.003) {
                    let late_p = match plat {
                        Platform::Amazon => 0.012,
                        Platform::TikTok => 0.07,
                        Platform::Shopee => 0.05,
                        Platform::Shopify => 0.0,
                    };
                    let t = match ship_by {
                        Some(sb) => {
                            if r.chance(late_p) {
                                late = true;
                                sb + r.int(HOUR, 50 * HOUR)
                            } else {
                                ordered + ((sb - ordered) as f64 * r.range(0.08, 0.92)) as i64
                            }
                        }
                        None => ordered + r.int(6 * HOUR, 60 * HOUR),
                    };
                    if t <= cutoff[s] {
                        shipped = Some(t);
                        let (lo, hi) = match plat {
                            Platform::Amazon => (1.0, 4.0),
                            Platform::Shopee => (4.0, 11.0),
                            _ => (2.0, 6.0),
                        };
                        let dv = t + (r.range(lo, hi) * DAY as f64) as i64;
                        if !r.chance(0.004) && dv <= cutoff[s] {
                            delivered = Some(dv);
                        }
                        damaged = r.chance(0.008);
                    }
                }
                let status_s = match status {
                    Status::Cancelled => "cancelled",
                    Status::PaymentFailed => "payment_failed",
                    Status::Valid => {
                        if delivered.is_some() {
                            "delivered"
                        } else if shipped.is_some() {
                            "shipped"
                        } else {
                            "placed"
                        }
                    }
                };
                // --- write order + lines + shipment
                t_orders.s(&oid).s(st.id).ts(tz, ordered);
                match customer {
                    Some(c) => {
                        customer_id(plat, c, &mut cid);
                        t_orders.s(&cid);
                    }
                    None => {
                        t_orders.blank();
                    }
                }
                t_orders
                    .s(status_s)
                    .s(device)
                    .s(acquisition)
                    .ots(tz, ship_by)
                    .end()?;
                for x in &lines {
                    t_lines
                        .s(&oid)
                        .s(&w.skus[w.listings[x.listing].sku].id)
                        .u(x.qty as u64)
                        .m(w.listings[x.listing].price, dec)
                        .m(x.disc, dec)
                        .end()?;
                }
                if let Some(sh) = shipped {
                    let c = st.carriers[r.weighted(&[0.5, 0.25, 0.15, 0.1][..st.carriers.len()])];
                    t_ship
                        .s(&oid)
                        .ts(tz, sh)
                        .ots(tz, delivered)
                        .s(c)
                        .s(WAREHOUSES[st.wh].id)
                        .s(if damaged { "1" } else { "0" })
                        .end()?;
                }
                // --- aggregates
                if valid {
                    valid_today += 1;
                    for x in &lines {
                        let i = x.listing * nd + d;
                        agg_units[i] += x.qty;
                        agg_orders[i] += 1;
                        agg_gmv[i] += x.gross - x.disc;
                    }
                    let sd = &mut store_day[s * nd + d];
                    sd.gmv += gmv;
                    sd.orders += 1;
                    sd.units += units;
                    let m = w.month_index(date);
                    month_usd[s][m] +=
                        gmv as f64 / 10f64.powi(dec as i32) * w.rate(st.cur, d as i64);
                    month_orders[s][m] += 1;
                }
                // --- refunds
                let mut refunded = false;
                let mut returned = false;
                if let Some(sh) = shipped {
                    let first_cat = w.skus[w.listings[lines[0].listing].sku].cat;
                    let p_ret = if damaged {
                        0.6
                    } else {
                        st.return_p * (0.45 + 0.55 * CATEGORIES[first_cat].return_mult)
                    };
                    let base_t = delivered.unwrap_or(sh + 6 * DAY);
                    if r.chance(p_ret) {
                        let t = base_t + r.int(DAY, 25 * DAY);
                        if t <= cutoff[s] {
                            refunded = true;
                            returned = true;
                            refund_seq += 1;
                            idbuf.clear();
                            let _ = write!(idbuf, "RF{refund_seq:08}");
                            t_ref.s(&idbuf).s(&oid).ts(tz, t);
                            let reason = if damaged {
                                "arrived damaged"
                            } else {
                                RETURN_REASONS[r.int(0, RETURN_REASONS.len() as i64 - 1) as usize]
                            };
                            if r.chance(0.75) {
                                let x = &lines[r.int(0, lines.len() as i64 - 1) as usize];
                                let q = r.int(1, x.qty as i64);
                                let amount = (x.gross - x.disc) * q / x.qty as i64;
                                t_ref
                                    .m(amount, dec)
                                    .s(&w.skus[w.listings[x.listing].sku].id)
                                    .u(q as u64)
                                    .s(reason)
                                    .s(if r.chance(0.5) { "" } else { "true" })
                                    .end()?;
                            } else {
                                t_ref
                                    .m(gmv, dec)
                                    .blank()
                                    .blank()
                                    .s(reason)
                                    .s("true")
                                    .end()?;
                            }
                        }
                    } else if r.chance(0.015) {
                        let t = base_t + r.int(HOUR, 10 * DAY);
                        if t <= cutoff[s] {
                            refunded = true;
                            refund_seq += 1;
                            idbuf.clear();
                            let _ = write!(idbuf, "RF{refund_seq:08}");
                            let amount = (gmv as f64 * r.range(0.1, 0.3)).round() as i64;
                            t_ref
                                .s(&idbuf)
                                .s(&oid)
                                .ts(tz, t)
                                .m(amount, dec)
                                .blank()
                                .s(if r.chance(0.5) { "" } else { "0" })
                                .s(PARTIAL_REASONS[r.int(0, 3) as usize])
                                .s(if r.chance(0.5) { "" } else { "false" })
                                .end()?;
                        }
                    }
                }
                // --- reviews
                if let Some(dv) = delivered {
                    let p = match plat {
                        Platform::Amazon => 0.02,
                        Platform::Shopify => 0.06,
                        Platform::TikTok => 0.04,
                        Platform::Shopee => 0.08,
                    };
                    if r.chance(p) {
                        let day = local_date(tz, dv + r.int(DAY, 14 * DAY));
                        if day <= w.end {
                            let bad = damaged || late || returned;
                            let mut wts = if bad {
                                [0.25, 0.2, 0.2, 0.15, 0.2]
                            } else {
                                [0.045, 0.035, 0.08, 0.21, 0.63]
                            };
                            if st.id == "SHOP-DE" {
                                wts[0] += 0.03;
                                wts[1] += 0.03;
                            }
                            let rating = 1 + r.weighted(&wts) as u64;
                            review_seq += 1;
                            idbuf.clear();
                            let _ = write!(idbuf, "RV{review_seq:08}");
                            t_rev.s(&idbuf).d(day).s(st.id).u(rating);
                            if plat == Platform::Shopify && r.chance(0.08) {
                                t_rev.blank();
                            } else {
                                let x = &lines[r.int(0, lines.len() as i64 - 1) as usize];
                                t_rev.s(&w.skus[w.listings[x.listing].sku].id);
                            }
                            if plat == Platform::Amazon && r.chance(0.85) {
                                t_rev.blank();
                            } else {
                                t_rev.s(&oid);
                            }
                            t_rev.end()?;
                        }
                    }
                }
                // --- tickets
                let (p_t, cat) = if damaged {
                    (0.7, "claim")
                } else if returned {
                    (0.35, "return")
                } else if late {
                    (0.25, "complaint")
                } else if !valid {
                    (0.08, "question")
                } else {
                    let base = if st.id == "SHOP-DE" { 0.05 } else { 0.03 };
                    let c = [
                        "question",
                        "complaint",
                        "other",
                        "chargeback",
                        "claim",
                        "return",
                    ][r.weighted(&[0.5, 0.2, 0.12, 0.05, 0.05, 0.08])];
                    (base, c)
                };
                if returned && plat == Platform::Shopify {
                    // prepaid return label, booked against the order
                    expense_seq += 1;
                    idbuf.clear();
                    let _ = write!(idbuf, "EX{expense_seq:08}");
                    let amt = if st.cur == Cur::Eur {
                        r.int(390, 690)
                    } else {
                        r.int(590, 990)
                    };
                    let day = local_date(tz, shipped.unwrap_or(ordered) + 10 * DAY).min(w.end);
                    t_exp
                        .s(&idbuf)
                        .d(day)
                        .s("shipping")
                        .m(amt, dec)
                        .s(st.cur.code())
                        .s(st.id)
                        .blank()
                        .s(&oid)
                        .s("return label")
                        .end()?;
                }
                if r.chance(p_t) {
                    let opened = match (delivered, shipped) {
                        (Some(dv), _) if cat != "question" => dv + r.int(HOUR, 8 * DAY),
                        (_, Some(sh)) => sh + r.int(HOUR, 6 * DAY),
                        _ => ordered + r.int(HOUR, 3 * DAY),
                    };
                    if opened <= cutoff[s] {
                        ticket_seq += 1;
                        write_ticket(
                            &mut t_tick,
                            &mut r,
                            ticket_seq,
                            st,
                            opened,
                            Some(&oid),
                            cat,
                            cutoff[s],
                        )?;
                    }
                }
                if refunded && st.platform == Platform::Amazon && r.chance(0.002) {
                    // A-to-z / chargeback after a refund dispute
                    let opened = ordered + r.int(10 * DAY, 40 * DAY);
                    if opened <= cutoff[s] {
                        ticket_seq += 1;
                        write_ticket(
                            &mut t_tick,
                            &mut r,
                            ticket_seq,
                            st,
                            opened,
                            Some(&oid),
                            "chargeback",
                            cutoff[s],
                        )?;
                    }
                }
                // --- per-order expenses
                if let Some(sh) = shipped
                    && damaged
                {
                    let day = local_date(tz, sh + 3 * DAY);
                    if day <= w.end {
                        expense_seq += 1;
                        idbuf.clear();
                        let _ = write!(idbuf, "EX{expense_seq:08}");
                        let amt = if st.cur == Cur::Jpy {
                            r.int(600, 1500)
                        } else {
                            r.int(500, 1400)
                        };
                        t_exp
                            .s(&idbuf)
                            .d(day)
                            .s("shipping")
                            .m(amt, dec)
                            .s(st.cur.code())
                            .blank()
                            .blank()
                            .s(&oid)
                            .s("replacement shipment")
                            .end()?;
                    }
                }
            }

            // --- pre-sales tickets (no order)
            let n_t = r.poisson(lam * 0.006);
            for _ in 0..n_t {
                let secs = r.int(8 * 3600, 22 * 3600) as u32;
                let t_local = date.and_time(
                    NaiveTime::from_num_seconds_from_midnight_opt(secs, 0).expect("valid time"),
                );
                let opened = local_to_utc(tz, t_local);
                if opened <= cutoff[s] {
                    ticket_seq += 1;
                    let cat = if r.chance(0.8) { "question" } else { "other" };
                    write_ticket(
                        &mut t_tick,
                        &mut r,
                        ticket_seq,
                        st,
                        opened,
                        None,
                        cat,
                        cutoff[s],
                    )?;
                }
            }
            // --- surveys
            let nps_rate = if plat == Platform::Shopify {
                0.05
            } else {
                0.01
            };
            let n_nps = r.poisson(valid_today as f64 * nps_rate);
            let n_csat = r.poisson(valid_today as f64 * 0.015);
            for i in 0..(n_nps + n_csat) {
                survey_seq += 1;
                idbuf.clear();
                let _ = write!(idbuf, "SV{survey_seq:08}");
                t_surv.s(&idbuf).d(date).s(st.id);
                if i < n_nps {
                    let mut wts = [2.0, 1.0, 1.0, 1.5, 1.5, 3.0, 4.0, 9.0, 14.0, 22.0, 32.0];
                    if st.id == "SHOP-DE" {
                        wts[0] += 5.0;
                        wts[3] += 3.0;
                        wts[5] += 5.0;
                        wts[6] += 5.0;
                    }
                    t_surv.s("nps").u(r.weighted(&wts) as u64).end()?;
                } else {
                    let wts = [0.05, 0.05, 0.1, 0.3, 0.5];
                    t_surv.s("csat").u(1 + r.weighted(&wts) as u64).end()?;
                }
            }
        }
    }

    written.push(t_orders.finish()?);
    written.push(t_lines.finish()?);
    written.push(t_ship.finish()?);
    written.push(t_ref.finish()?);
    written.push(t_rev.finish()?);
    written.push(t_tick.finish()?);
    written.push(t_surv.finish()?);
    Ok(Agg {
        sold_units: agg_units,
        sold_orders: agg_orders,
        sold_gmv: agg_gmv,
        exp_traffic,
        store_day,
        month_usd,
        month_orders,
        expenses: Some(t_exp),
        expense_seq,
    })
}

#[allow(clippy::too_many_arguments)]
fn write_ticket(
    t: &mut Table,
    r: &mut R,
    seq: u64,
    st: &super::catalog::StoreDef,
    opened: i64,
    order: Option<&str>,
    cat: &str,
    cutoff: i64,
) -> anyhow::Result<()> {
    let mean_resp = if st.platform == Platform::Amazon {
        7.0
    } else {
        11.0
    };
    let first = opened + (r.exp(mean_resp) * HOUR as f64) as i64 + 300;
    let first = (first <= cutoff).then_some(first);
    let escalated = r.chance(match cat {
        "chargeback" => 0.5,
        "claim" => 0.2,
        _ => 0.06,
    });
    let resolved = first.and_then(|f| {
        let mean = if escalated { 90.0 } else { 22.0 };
        let v = f + (r.exp(mean) * HOUR as f64) as i64 + 600;
        (v <= cutoff && !r.chance(0.03)).then_some(v)
    });
    let fcr = resolved.is_some() && !escalated && r.chance(0.78);
    let mut id = String::with_capacity(12);
    let _ = write!(id, "TK{seq:08}");
    t.s(&id).ts(st.tz, opened).s(st.id);
    match order {
        Some(o) => t.s(o),
        None => t.blank(),
    };
    t.s(cat)
        .ots(st.tz, first)
        .ots(st.tz, resolved)
        .s(if escalated { "true" } else { "false" })
        .s(if fcr { "true" } else { "false" })
        .end()
}
