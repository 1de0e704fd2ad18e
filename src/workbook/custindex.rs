//! The customer index: every valid order that has a customer, grouped by
//! customer, in a compact columnar form (one blob in `r_blob`), rebuilt at
//! import. Distinct-customer metrics are not additive, so no (store, SKU, day)
//! rollup serves them; this index answers them for any period, level and scope
//! in one linear pass over integers instead of a scan and GROUP BY over the
//! orders and lines tables (see `metrics::engine`).
//!
//! Customers are numbered (their ids are not kept: distinctness is all the
//! metrics need); stores, SKUs and acquisition channels are dictionary coded.

use std::collections::{HashMap, HashSet};

use anyhow::{Context, Result, bail};
use rusqlite::{Connection, OptionalExtension, params};

use crate::util::Day;

/// The `r_blob` name of the index.
pub const NAME: &str = "customer_index";
const MAGIC: &[u8; 8] = b"SDCIX001";
/// `first_day` of an order whose column is NULL.
pub const NO_DAY: Day = Day::MIN;

/// The index in memory. Orders of customer `c` are `cust_start[c]..cust_start[c+1]`;
/// lines of order `o` are `line_end[o-1]..line_end[o]` (0 for the first).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomerIndex {
    pub stores: Vec<String>,
    pub skus: Vec<String>,
    pub acquisitions: Vec<String>,
    pub cust_start: Vec<u32>,
    pub day: Vec<Day>,
    pub first_day: Vec<Day>,
    pub store: Vec<u16>,
    pub is_first: Vec<u8>,
    /// 0: none; else index + 1 into `acquisitions`.
    pub acq: Vec<u16>,
    pub line_end: Vec<u32>,
    pub line_sku: Vec<u16>,
    /// Local gross − discount of the line, micro-units.
    pub line_gmv: Vec<i64>,
}

impl CustomerIndex {
    pub fn customers(&self) -> usize {
        self.cust_start.len().saturating_sub(1)
    }

    pub fn orders(&self) -> usize {
        self.day.len()
    }

    /// Lines of order `o`.
    pub fn lines(&self, o: usize) -> std::ops::Range<usize> {
        let a = if o == 0 {
            0
        } else {
            self.line_end[o - 1] as usize
        };
        a..self.line_end[o] as usize
    }

    /// Builds the index from the orders and lines tables.
    pub fn build(conn: &Connection) -> Result<CustomerIndex> {
        Ok(Self::build_with_ids(conn)?.0)
    }

    /// [`build`](Self::build), with each customer's id and first valid oid.
    fn build_with_ids(conn: &Connection) -> Result<(CustomerIndex, CustomerIds)> {
        let mut ix = CustomerIndex::default();
        let mut dicts = Dicts::default();
        let (orders, ids) = read_orders(conn, &mut ix, &mut dicts, ALL_ORDERS)?;
        let lines = read_lines(conn, &orders, &mut ix, &mut dicts, ALL_LINES)?;
        ix.regroup(&orders, &lines);
        ix.check_size()?;
        ix.canonical();
        Ok((ix, ids))
    }

    fn check_size(&self) -> Result<()> {
        if self.line_sku.len() > u32::MAX as usize || self.day.len() > u32::MAX as usize {
            bail!("too many orders for the customer index");
        }
        Ok(())
    }

    /// Dictionaries in byte order of their values, without values no order uses,
    /// and the codes renumbered to match: the same orders give the same index
    /// however it was made (a full build or a splice).
    fn canonical(&mut self) {
        fn recode(dict: &mut Vec<String>, used: &[bool]) -> Vec<u16> {
            let mut keep: Vec<usize> = (0..dict.len()).filter(|&i| used[i]).collect();
            keep.sort_by(|&a, &b| dict[a].cmp(&dict[b]));
            let mut map = vec![0u16; dict.len()];
            for (new, &old) in keep.iter().enumerate() {
                map[old] = new as u16;
            }
            *dict = keep.iter().map(|&i| std::mem::take(&mut dict[i])).collect();
            map
        }
        let mut used = vec![false; self.stores.len()];
        self.store.iter().for_each(|&s| used[s as usize] = true);
        let map = recode(&mut self.stores, &used);
        self.store.iter_mut().for_each(|s| *s = map[*s as usize]);
        let mut used = vec![false; self.skus.len()];
        self.line_sku.iter().for_each(|&s| used[s as usize] = true);
        let map = recode(&mut self.skus, &used);
        self.line_sku.iter_mut().for_each(|s| *s = map[*s as usize]);
        let mut used = vec![false; self.acquisitions.len()];
        self.acq
            .iter()
            .filter(|&&a| a > 0)
            .for_each(|&a| used[a as usize - 1] = true);
        let map = recode(&mut self.acquisitions, &used);
        self.acq
            .iter_mut()
            .filter(|a| **a > 0)
            .for_each(|a| *a = map[*a as usize - 1] + 1);
    }

    /// Fills the per-order columns regrouped by customer (stable: a customer's
    /// orders stay in oid order), each order followed by its lines.
    fn regroup(&mut self, orders: &[IndexOrder], lines: &OrderLinesRead) {
        let ix = self;
        let n = orders.len();
        let mut perm: Vec<u32> = (0..n as u32).collect();
        perm.sort_by_key(|&i| orders[i as usize].cust);
        ix.cust_start.push(0);
        let mut cur = 0u32;
        for &i in &perm {
            let o = &orders[i as usize];
            while cur < o.cust {
                ix.cust_start.push(ix.day.len() as u32);
                cur += 1;
            }
            ix.day.push(o.day);
            ix.first_day.push(o.first_day);
            ix.store.push(o.store);
            ix.is_first.push(o.is_first);
            ix.acq.push(o.acq);
            let (a, b) = (lines.starts[i as usize], lines.ends[i as usize]);
            for &(s, g) in &lines.lines[a as usize..b as usize] {
                ix.line_sku.push(s);
                ix.line_gmv.push(g);
            }
            ix.line_end.push(ix.line_sku.len() as u32);
        }
        if n > 0 {
            ix.cust_start.push(n as u32);
        } else {
            ix.cust_start.clear();
        }
    }

    /// Rebuilds the stored index (inside the import's transaction).
    pub fn rebuild(conn: &Connection) -> Result<()> {
        let (ix, ids) = CustomerIndex::build_with_ids(conn)?;
        store(conn, &ix, &ids)
    }

    /// Brings the stored index up to date after an import that changed the
    /// orders of the customers in `temp.touched_customers` (inside the import's
    /// transaction): their orders are read again and spliced in, every other
    /// customer's are copied. The result equals a [`rebuild`](Self::rebuild);
    /// without a stored index (or its customer ids) it is one.
    pub fn update(conn: &Connection) -> Result<()> {
        let old = match (Self::load(conn)?, load_ids(conn)?) {
            (Some(ix), Some(ids)) if ids.first_oid.len() == ix.customers() => (ix, ids),
            _ => return Self::rebuild(conn),
        };
        let touched: HashSet<String> = conn
            .prepare("SELECT customer_id FROM temp.touched_customers")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if touched.is_empty() {
            return Ok(());
        }
        // Many customers touched: one pass over everything is cheaper than lookups.
        if touched.len() > 64 && touched.len() > old.0.customers() / 4 {
            return Self::rebuild(conn);
        }
        let (ix, ids) = splice(conn, old, &touched)?;
        store(conn, &ix, &ids)
    }

    /// Reads the stored index; None when the workbook has none (yet).
    pub fn load(conn: &Connection) -> Result<Option<CustomerIndex>> {
        let has: bool = conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='r_blob'",
            [],
            |r| r.get(0),
        )?;
        if !has {
            return Ok(None);
        }
        let mut st = conn.prepare_cached("SELECT rowid FROM r_blob WHERE name = ?1")?;
        let Some(rowid) = st.query_row([NAME], |r| r.get(0)).optional()? else {
            return Ok(None);
        };
        // read in chunks straight into the columns: no copy of the whole blob first
        let blob = conn.blob_open("main", "r_blob", "data", rowid, true)?;
        let len = blob.len();
        let ix = CustomerIndex::decode_from(std::io::BufReader::with_capacity(1 << 16, blob), len);
        Ok(Some(ix.context("the customer index is damaged")?))
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(
            64 + self.day.len() * 17 + self.line_sku.len() * 10 + self.cust_start.len() * 4,
        );
        out.extend_from_slice(MAGIC);
        for dict in [&self.stores, &self.skus, &self.acquisitions] {
            put_u32(&mut out, dict.len() as u32);
            for s in dict {
                put_u32(&mut out, s.len() as u32);
                out.extend_from_slice(s.as_bytes());
            }
        }
        put_u32(&mut out, self.cust_start.len() as u32);
        put_u32(&mut out, self.day.len() as u32);
        put_u32(&mut out, self.line_sku.len() as u32);
        self.cust_start.iter().for_each(|v| put_u32(&mut out, *v));
        self.day
            .iter()
            .for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
        self.first_day
            .iter()
            .for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
        self.store
            .iter()
            .for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
        out.extend_from_slice(&self.is_first);
        self.acq
            .iter()
            .for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
        self.line_end.iter().for_each(|v| put_u32(&mut out, *v));
        self.line_sku
            .iter()
            .for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
        self.line_gmv
            .iter()
            .for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
        out
    }

    pub fn decode(b: &[u8]) -> Option<CustomerIndex> {
        Self::decode_from(b, b.len())
    }

    /// [`decode`](Self::decode) of the `len` bytes of a reader.
    fn decode_from(src: impl std::io::Read, len: usize) -> Option<CustomerIndex> {
        let mut r = StreamReader { src, at: 0, len };
        if r.take(8)? != MAGIC {
            return None;
        }
        let mut ix = CustomerIndex::default();
        for d in 0..3 {
            let n = r.u32()? as usize;
            let mut v = Vec::with_capacity(n.min(1 << 16));
            for _ in 0..n {
                let len = r.u32()? as usize;
                v.push(String::from_utf8(r.take(len)?).ok()?);
            }
            match d {
                0 => ix.stores = v,
                1 => ix.skus = v,
                _ => ix.acquisitions = v,
            }
        }
        let nc = r.u32()? as usize;
        let no = r.u32()? as usize;
        let nl = r.u32()? as usize;
        ix.cust_start = r.col(nc, u32::from_le_bytes)?;
        ix.day = r.col(no, i32::from_le_bytes)?;
        ix.first_day = r.col(no, i32::from_le_bytes)?;
        ix.store = r.col(no, u16::from_le_bytes)?;
        ix.is_first = r.take(no)?;
        ix.acq = r.col(no, u16::from_le_bytes)?;
        ix.line_end = r.col(no, u32::from_le_bytes)?;
        ix.line_sku = r.col(nl, u16::from_le_bytes)?;
        ix.line_gmv = r.col(nl, i64::from_le_bytes)?;
        // integrity: offsets within bounds and non-decreasing
        let ok_starts = ix.cust_start.windows(2).all(|w| w[0] <= w[1])
            && ix.cust_start.last().is_none_or(|&e| e as usize == no)
            && ix.cust_start.first().is_none_or(|&s| s == 0);
        let ok_lines = ix.line_end.windows(2).all(|w| w[0] <= w[1])
            && ix.line_end.last().is_none_or(|&e| e as usize == nl);
        let ok_dicts = ix.store.iter().all(|&s| (s as usize) < ix.stores.len())
            && ix.line_sku.iter().all(|&s| (s as usize) < ix.skus.len())
            && ix
                .acq
                .iter()
                .all(|&a| (a as usize) <= ix.acquisitions.len());
        (ok_starts && ok_lines && ok_dicts && r.at == len).then_some(ix)
    }
}

/// The name in `r_blob` of the index's customer ids (what a splice needs to find
/// a customer's orders), kept beside the index itself.
pub const IDS_NAME: &str = "customer_index_ids";
const IDS_MAGIC: &[u8; 8] = b"SDCID001";

/// Per customer of the index (in its order): the id and the oid of the first
/// valid order (the index orders its customers by it).
#[derive(Debug, Clone, Default, PartialEq)]
struct CustomerIds {
    first_oid: Vec<i64>,
    id: Vec<String>,
}

impl CustomerIds {
    fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + self.id.len() * 28);
        out.extend_from_slice(IDS_MAGIC);
        put_u32(&mut out, self.id.len() as u32);
        self.first_oid
            .iter()
            .for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
        for s in &self.id {
            put_u32(&mut out, s.len() as u32);
            out.extend_from_slice(s.as_bytes());
        }
        out
    }

    fn decode(b: &[u8]) -> Option<CustomerIds> {
        let mut r = Reader { b, at: 0 };
        if r.take(8)? != IDS_MAGIC {
            return None;
        }
        let n = r.u32()? as usize;
        let first_oid = r.col(n, i64::from_le_bytes)?;
        let mut id = Vec::with_capacity(n.min(1 << 24));
        for _ in 0..n {
            let len = r.u32()? as usize;
            id.push(String::from_utf8(r.take(len)?.to_vec()).ok()?);
        }
        (r.at == b.len() && first_oid.windows(2).all(|w| w[0] < w[1]))
            .then_some(CustomerIds { first_oid, id })
    }
}

fn load_ids(conn: &Connection) -> Result<Option<CustomerIds>> {
    let mut st = conn.prepare_cached("SELECT data FROM r_blob WHERE name = ?1")?;
    Ok(st
        .query_row([IDS_NAME], |r| {
            Ok(CustomerIds::decode(r.get_ref(0)?.as_blob()?))
        })
        .optional()?
        .flatten())
}

/// Writes the index and its customer ids.
fn store(conn: &Connection, ix: &CustomerIndex, ids: &CustomerIds) -> Result<()> {
    let mut st = conn.prepare_cached(
        "INSERT INTO r_blob (name, data) VALUES (?1, ?2)
         ON CONFLICT(name) DO UPDATE SET data = excluded.data",
    )?;
    st.execute(params![NAME, ix.encode()])?;
    st.execute(params![IDS_NAME, ids.encode()])?;
    Ok(())
}

const ALL_ORDERS: &str =
    "SELECT oid, customer_id, store_id, day, is_first, first_day, acquisition FROM orders
     WHERE status < 3 AND customer_id IS NOT NULL ORDER BY oid";
const ALL_LINES: &str = "SELECT oid, sku, gross - discount FROM order_lines ORDER BY oid";
/// The touched customers' valid orders (through the partial index on customer_id).
const TOUCHED_ORDERS: &str = "SELECT oid, customer_id, store_id, day, is_first, first_day, acquisition FROM orders
     WHERE customer_id IS NOT NULL AND customer_id IN (SELECT customer_id FROM temp.touched_customers)
       AND status < 3 ORDER BY oid";
const TOUCHED_LINES: &str = "SELECT oid, sku, gross - discount FROM order_lines WHERE oid IN (
        SELECT oid FROM orders WHERE customer_id IS NOT NULL
          AND customer_id IN (SELECT customer_id FROM temp.touched_customers) AND status < 3)
     ORDER BY oid, sku";

/// The stored index with the touched customers' orders read again: untouched
/// customers are copied, and all are merged in the order of their first valid oid.
fn splice(
    conn: &Connection,
    (old, old_ids): (CustomerIndex, CustomerIds),
    touched: &HashSet<String>,
) -> Result<(CustomerIndex, CustomerIds)> {
    // The touched customers' orders, grouped as an index of their own that shares
    // the old index's dictionaries (extended by new values).
    let mut t = CustomerIndex {
        stores: old.stores.clone(),
        skus: old.skus.clone(),
        acquisitions: old.acquisitions.clone(),
        ..Default::default()
    };
    let mut dicts = Dicts::of(&t);
    let (orders, t_ids) = read_orders(conn, &mut t, &mut dicts, TOUCHED_ORDERS)?;
    let lines = read_lines(conn, &orders, &mut t, &mut dicts, TOUCHED_LINES)?;
    t.regroup(&orders, &lines);
    let mut ix = CustomerIndex {
        stores: std::mem::take(&mut t.stores),
        skus: std::mem::take(&mut t.skus),
        acquisitions: std::mem::take(&mut t.acquisitions),
        ..Default::default()
    };
    let mut ids = CustomerIds::default();
    let keep: Vec<usize> = (0..old.customers())
        .filter(|&c| !touched.contains(&old_ids.id[c]))
        .collect();
    let (mut k, mut n) = (0usize, 0usize);
    ix.cust_start.push(0);
    while k < keep.len() || n < t.customers() {
        let take_old = n == t.customers()
            || (k < keep.len() && old_ids.first_oid[keep[k]] < t_ids.first_oid[n]);
        let (src, c, oid, id) = if take_old {
            let c = keep[k];
            k += 1;
            (&old, c, old_ids.first_oid[c], &old_ids.id[c])
        } else {
            n += 1;
            (&t, n - 1, t_ids.first_oid[n - 1], &t_ids.id[n - 1])
        };
        ix.append_customer(src, c);
        ids.first_oid.push(oid);
        ids.id.push(id.clone());
    }
    if ix.day.is_empty() {
        ix.cust_start.clear();
    }
    ix.check_size()?;
    ix.canonical();
    Ok((ix, ids))
}

impl CustomerIndex {
    /// Appends customer `c` of `src` (its orders and their lines).
    fn append_customer(&mut self, src: &CustomerIndex, c: usize) {
        let (a, b) = (src.cust_start[c] as usize, src.cust_start[c + 1] as usize);
        self.day.extend_from_slice(&src.day[a..b]);
        self.first_day.extend_from_slice(&src.first_day[a..b]);
        self.store.extend_from_slice(&src.store[a..b]);
        self.is_first.extend_from_slice(&src.is_first[a..b]);
        self.acq.extend_from_slice(&src.acq[a..b]);
        let base = self.line_sku.len() as i64 - src.lines(a).start as i64;
        self.line_end
            .extend(src.line_end[a..b].iter().map(|&e| (e as i64 + base) as u32));
        let (la, lb) = (src.lines(a).start, src.line_end[b - 1] as usize);
        self.line_sku.extend_from_slice(&src.line_sku[la..lb]);
        self.line_gmv.extend_from_slice(&src.line_gmv[la..lb]);
        self.cust_start.push(self.day.len() as u32);
    }
}

/// The value → code maps of an index's dictionaries while it is read.
#[derive(Default)]
struct Dicts {
    stores: HashMap<String, u16>,
    skus: HashMap<String, u16>,
    acqs: HashMap<String, u16>,
}

impl Dicts {
    fn of(ix: &CustomerIndex) -> Dicts {
        let map = |d: &[String]| {
            d.iter()
                .enumerate()
                .map(|(i, s)| (s.clone(), i as u16))
                .collect()
        };
        Dicts {
            stores: map(&ix.stores),
            skus: map(&ix.skus),
            acqs: map(&ix.acquisitions),
        }
    }
}

/// A valid order with a customer, as read for the index (ids interned).
struct IndexOrder {
    cust: u32,
    day: Day,
    first_day: Day,
    store: u16,
    is_first: u8,
    acq: u16,
    oid: i64,
}

/// The lines of the orders read: (sku, gmv) in oid order, and each order's range
/// of them (`starts[i]..ends[i]`; empty when it has none).
struct OrderLinesRead {
    lines: Vec<(u16, i64)>,
    starts: Vec<u32>,
    ends: Vec<u32>,
}

/// The valid orders with a customer that `sql` selects, in oid order; their
/// stores and acquisitions interned into `ix`; the customers (numbered by
/// their first order) with their ids and first oids.
fn read_orders(
    conn: &Connection,
    ix: &mut CustomerIndex,
    dicts: &mut Dicts,
    sql: &str,
) -> Result<(Vec<IndexOrder>, CustomerIds)> {
    let mut custs: HashMap<String, u32> = HashMap::new();
    let mut ids = CustomerIds::default();
    let mut orders: Vec<IndexOrder> = Vec::new();
    let mut st = conn.prepare(sql)?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let cust = {
            let c = r.get_ref(1)?.as_str()?;
            match custs.get(c) {
                Some(&i) => i,
                None => {
                    let i = custs.len() as u32;
                    custs.insert(c.to_string(), i);
                    ids.id.push(c.to_string());
                    ids.first_oid.push(r.get(0)?);
                    i
                }
            }
        };
        let store = intern(&mut dicts.stores, &mut ix.stores, r.get_ref(2)?.as_str()?)?;
        let acq = match r.get_ref(6)?.as_str_or_null()? {
            None => 0,
            Some(a) => intern(&mut dicts.acqs, &mut ix.acquisitions, a)? + 1,
        };
        orders.push(IndexOrder {
            cust,
            day: r.get(3)?,
            first_day: r.get::<_, Option<Day>>(5)?.unwrap_or(NO_DAY),
            store,
            is_first: r.get::<_, bool>(4)? as u8,
            acq,
            oid: r.get(0)?,
        });
    }
    Ok((orders, ids))
}

/// Lines, in oid order (the table's primary key), of `orders`; their SKUs
/// interned into `ix`.
fn read_lines(
    conn: &Connection,
    orders: &[IndexOrder],
    ix: &mut CustomerIndex,
    dicts: &mut Dicts,
    sql: &str,
) -> Result<OrderLinesRead> {
    let skus = &mut dicts.skus;
    let mut lines: Vec<(u16, i64)> = Vec::new();
    let n = orders.len();
    let (mut starts, mut ends) = (vec![0u32; n], vec![0u32; n]);
    let mut st = conn.prepare(sql)?;
    let mut rows = st.query([])?;
    let mut i = 0usize;
    while let Some(r) = rows.next()? {
        let oid: i64 = r.get(0)?;
        while i < n && orders[i].oid < oid {
            i += 1;
        }
        if i < n && orders[i].oid == oid {
            if ends[i] == 0 {
                starts[i] = lines.len() as u32;
            }
            let sku = intern(skus, &mut ix.skus, r.get_ref(1)?.as_str()?)?;
            lines.push((sku, r.get(2)?));
            ends[i] = lines.len() as u32;
        }
    }
    Ok(OrderLinesRead {
        lines,
        starts,
        ends,
    })
}

fn intern(map: &mut HashMap<String, u16>, dict: &mut Vec<String>, s: &str) -> Result<u16> {
    if let Some(&i) = map.get(s) {
        return Ok(i);
    }
    if dict.len() >= u16::MAX as usize {
        bail!("too many distinct values for the customer index: {s}");
    }
    let i = dict.len() as u16;
    map.insert(s.to_string(), i);
    dict.push(s.to_string());
    Ok(i)
}

fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.b.get(self.at..end)?;
        self.at = end;
        Some(s)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn col<T, const W: usize>(&mut self, n: usize, f: fn([u8; W]) -> T) -> Option<Vec<T>> {
        let bytes = self.take(n.checked_mul(W)?)?;
        Some(
            bytes
                .chunks_exact(W)
                .map(|c| f(c.try_into().expect("chunk of W bytes")))
                .collect(),
        )
    }
}

/// Reads a known number of bytes from a stream, each column in chunks.
struct StreamReader<R> {
    src: R,
    at: usize,
    len: usize,
}

impl<R: std::io::Read> StreamReader<R> {
    fn take(&mut self, n: usize) -> Option<Vec<u8>> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.len)?;
        let mut v = vec![0; n];
        self.src.read_exact(&mut v).ok()?;
        self.at = end;
        Some(v)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn col<T, const W: usize>(&mut self, n: usize, f: fn([u8; W]) -> T) -> Option<Vec<T>> {
        let total = n.checked_mul(W)?;
        let end = self.at.checked_add(total).filter(|&e| e <= self.len)?;
        let mut out = Vec::with_capacity(n);
        let mut chunk = [0u8; 1 << 14];
        let step = chunk.len() / W * W;
        let mut left = total;
        while left > 0 {
            let k = left.min(step);
            self.src.read_exact(&mut chunk[..k]).ok()?;
            out.extend(
                chunk[..k]
                    .chunks_exact(W)
                    .map(|c| f(c.try_into().expect("chunk of W bytes"))),
            );
            left -= k;
        }
        self.at = end;
        Some(out)
    }
}
