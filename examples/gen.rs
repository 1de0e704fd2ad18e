//! Temporary runner for the demo data generator: `cargo run --release --example gen -- DIR [ORDERS] [SEED]`.
use sellerdeck::generate::{GenOptions, generate_csv};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .ok_or_else(|| anyhow::anyhow!("usage: gen DIR [ORDERS] [SEED]"))?;
    let mut opts = GenOptions::default();
    if let Some(n) = args.next() {
        opts.orders = n.parse()?;
    }
    if let Some(s) = args.next() {
        opts.seed = s.parse()?;
    }
    let t = std::time::Instant::now();
    let summary = generate_csv(std::path::Path::new(&dir), &opts)?;
    let mut bytes = 0u64;
    for (table, rows) in &summary.rows {
        let size =
            std::fs::metadata(std::path::Path::new(&dir).join(format!("{table}.csv")))?.len();
        bytes += size;
        println!("{table:<12} {rows:>10} rows {:>10.2} MB", size as f64 / 1e6);
    }
    println!("total {:.2} MB in {:.2?}", bytes as f64 / 1e6, t.elapsed());
    Ok(())
}
