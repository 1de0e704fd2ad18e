//! Small helpers: a seeded random source with the few distributions the
//! generator needs, and a CSV table writer that formats numbers, dates and
//! time stamps without per-row allocation.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Offset, TimeZone, Timelike};
use chrono_tz::Tz;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::fmt::Write as _;

/// A seeded random stream. Each part of the generator owns its own stream
/// (seed mixed with a salt) so that changing one table's logic does not
/// reshuffle every other table.
pub struct R(ChaCha8Rng);

impl R {
    pub fn new(seed: u64, salt: u64) -> Self {
        R(ChaCha8Rng::seed_from_u64(
            seed ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15),
        ))
    }
    /// Uniform in [0, 1).
    pub fn f(&mut self) -> f64 {
        self.0.random::<f64>()
    }
    /// Uniform in [lo, hi).
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.f()
    }
    /// Uniform integer in [lo, hi].
    pub fn int(&mut self, lo: i64, hi: i64) -> i64 {
        self.0.random_range(lo..=hi)
    }
    pub fn chance(&mut self, p: f64) -> bool {
        self.f() < p
    }
    /// Standard normal (Box-Muller).
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.f(); // (0, 1]
        let u2 = self.f();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }
    /// Log-normal multiplier with median 1.
    pub fn lognorm(&mut self, sigma: f64) -> f64 {
        (sigma * self.normal()).exp()
    }
    /// Exponential with the given mean.
    pub fn exp(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.f()).ln()
    }
    /// Poisson count; exact for small means, normal approximation above 40.
    pub fn poisson(&mut self, lambda: f64) -> u64 {
        if lambda <= 0.0 {
            return 0;
        }
        if lambda > 40.0 {
            let x = lambda + lambda.sqrt() * self.normal();
            return x.round().max(0.0) as u64;
        }
        let l = (-lambda).exp();
        let mut k = 0u64;
        let mut p = 1.0;
        loop {
            p *= self.f();
            if p <= l {
                return k;
            }
            k += 1;
        }
    }
    /// Index drawn from (unnormalised) weights.
    pub fn weighted(&mut self, w: &[f64]) -> usize {
        let total: f64 = w.iter().sum();
        let mut x = self.f() * total;
        for (i, &v) in w.iter().enumerate() {
            if x < v {
                return i;
            }
            x -= v;
        }
        w.len() - 1
    }
    /// Index drawn from a cumulative weight table (last entry = total).
    pub fn cum(&mut self, cum: &[f64]) -> usize {
        let total = *cum.last().unwrap_or(&0.0);
        let x = self.f() * total;
        cum.partition_point(|&c| c <= x)
            .min(cum.len().saturating_sub(1))
    }
}

/// Local wall-clock time to a UTC instant (seconds). A time in a DST gap is
/// moved one hour forward; an ambiguous time takes its first occurrence.
pub fn local_to_utc(tz: Tz, n: NaiveDateTime) -> i64 {
    match tz.from_local_datetime(&n) {
        chrono::LocalResult::Single(d) => d.timestamp(),
        chrono::LocalResult::Ambiguous(d, _) => d.timestamp(),
        chrono::LocalResult::None => local_to_utc(tz, n + chrono::Duration::hours(1)),
    }
}

/// Local date of a UTC instant.
pub fn local_date(tz: Tz, utc: i64) -> NaiveDate {
    DateTime::from_timestamp(utc, 0)
        .expect("valid instant")
        .with_timezone(&tz)
        .date_naive()
}

/// Writer of one canonical table. Field methods chain; the first I/O error is
/// kept and returned by [`Table::end`].
pub struct Table {
    pub name: &'static str,
    w: csv::Writer<BufWriter<File>>,
    pub rows: u64,
    s: String,
    err: Option<csv::Error>,
}

impl Table {
    pub fn create(dir: &Path, name: &'static str, header: &[&str]) -> anyhow::Result<Table> {
        let f = File::create(dir.join(format!("{name}.csv")))?;
        let mut w = csv::WriterBuilder::new().from_writer(BufWriter::with_capacity(1 << 17, f));
        w.write_record(header)?;
        Ok(Table {
            name,
            w,
            rows: 0,
            s: String::with_capacity(64),
            err: None,
        })
    }

    fn put(&mut self) -> &mut Self {
        if self.err.is_none()
            && let Err(e) = self.w.write_field(self.s.as_bytes())
        {
            self.err = Some(e);
        }
        self
    }

    pub fn s(&mut self, v: &str) -> &mut Self {
        if self.err.is_none()
            && let Err(e) = self.w.write_field(v)
        {
            self.err = Some(e);
        }
        self
    }

    pub fn blank(&mut self) -> &mut Self {
        self.s("")
    }

    pub fn u(&mut self, v: u64) -> &mut Self {
        self.s.clear();
        let _ = write!(self.s, "{v}");
        self.put()
    }

    /// Money in minor units with `dec` decimals (0 or 2).
    pub fn m(&mut self, minor: i64, dec: u32) -> &mut Self {
        self.s.clear();
        if dec == 0 {
            let _ = write!(self.s, "{minor}");
        } else {
            let sign = if minor < 0 { "-" } else { "" };
            let a = minor.unsigned_abs();
            let _ = write!(self.s, "{sign}{}.{:02}", a / 100, a % 100);
        }
        self.put()
    }

    /// A decimal number with a fixed number of decimals.
    pub fn fixed(&mut self, v: f64, dec: usize) -> &mut Self {
        self.s.clear();
        let _ = write!(self.s, "{v:.dec$}");
        self.put()
    }

    pub fn d(&mut self, d: NaiveDate) -> &mut Self {
        self.s.clear();
        let _ = write!(self.s, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day());
        self.put()
    }

    /// A time stamp as local wall-clock time of `tz` (`YYYY-MM-DD HH:MM:SS`);
    /// when that local time is ambiguous (DST ends) RFC 3339 with the offset.
    pub fn ts(&mut self, tz: Tz, utc: i64) -> &mut Self {
        let dt = DateTime::from_timestamp(utc, 0)
            .expect("valid instant")
            .with_timezone(&tz);
        let n = dt.naive_local();
        self.s.clear();
        let ambiguous = n.hour() < 4
            && matches!(
                tz.from_local_datetime(&n),
                chrono::LocalResult::Ambiguous(..)
            );
        let _ = write!(
            self.s,
            "{:04}-{:02}-{:02}{}{:02}:{:02}:{:02}",
            n.year(),
            n.month(),
            n.day(),
            if ambiguous { 'T' } else { ' ' },
            n.hour(),
            n.minute(),
            n.second()
        );
        if ambiguous {
            let off = dt.offset().fix().local_minus_utc();
            let sign = if off < 0 { '-' } else { '+' };
            let a = off.abs();
            let _ = write!(self.s, "{sign}{:02}:{:02}", a / 3600, (a % 3600) / 60);
        }
        self.put()
    }

    pub fn ots(&mut self, tz: Tz, utc: Option<i64>) -> &mut Self {
        match utc {
            Some(t) => self.ts(tz, t),
            None => self.blank(),
        }
    }

    /// Ends the row.
    pub fn end(&mut self) -> anyhow::Result<()> {
        if let Some(e) = self.err.take() {
            return Err(e.into());
        }
        self.w.write_record(None::<&[u8]>)?;
        self.rows += 1;
        Ok(())
    }

    pub fn finish(mut self) -> anyhow::Result<(String, u64)> {
        if let Some(e) = self.err.take() {
            return Err(e.into());
        }
        self.w.flush()?;
        Ok((self.name.to_string(), self.rows))
    }
}
