//! Platform exports (Shopify, Amazon, TikTok Shop, Shopee) imported directly:
//! the facts each synthetic fixture of tests/fixtures/exports must produce
//! (hand-computed from the files), re-import without double counting, routing,
//! variants (locales, encodings, xlsx) and malformed files.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use rust_decimal::Decimal;
use sellerdeck::exports::{self, ExportOptions, FileSummary};
use sellerdeck::workbook::import::{ImportErrors, ImportOptions, ImportSummary};
use tempfile::TempDir;

fn fx(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/exports")
        .join(name)
}

const STORES: &str = "store_id,channel,name,country,currency,timezone
amz-us,Amazon,Sundeck US,US,USD,America/Los_Angeles
shop-us,Shopify,Sundeck Goods,US,USD,America/New_York
tt-us,TikTok Shop,Sundeck TikTok,US,USD,America/Los_Angeles
shopee-sg,Shopee,Sundeck SG,SG,SGD,Asia/Singapore
";

struct Wb {
    dir: TempDir,
    path: PathBuf,
}

impl Wb {
    fn new() -> Wb {
        Wb::with_stores(STORES)
    }
    fn with_stores(stores: &str) -> Wb {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wb.db");
        let s = dir.path().join("stores.csv");
        std::fs::write(&s, stores).unwrap();
        sellerdeck::workbook::import::import_files(&path, &[s], &ImportOptions::default()).unwrap();
        Wb { dir, path }
    }
    fn file(&self, name: &str, body: impl AsRef<[u8]>) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, body).unwrap();
        p
    }
    fn import(&self, files: &[PathBuf]) -> (ImportSummary, Vec<FileSummary>) {
        self.import_with(files, &ExportOptions::default())
            .unwrap_or_else(|e| panic!("import failed: {e:#}"))
    }
    fn import_with(
        &self,
        files: &[PathBuf],
        o: &ExportOptions,
    ) -> anyhow::Result<(ImportSummary, Vec<FileSummary>)> {
        exports::import(&self.path, files, &ImportOptions::default(), o)
    }
    fn errors(&self, files: &[PathBuf], o: &ExportOptions) -> Vec<String> {
        let e = self
            .import_with(files, o)
            .expect_err("the import must fail");
        match e.downcast_ref::<ImportErrors>() {
            Some(ie) => ie.errors.clone(),
            None => vec![format!("{e:#}")],
        }
    }
    fn conn(&self) -> Connection {
        Connection::open(&self.path).unwrap()
    }
    /// One column of a query, every value as text (NULL as "∅").
    fn col(&self, sql: &str) -> Vec<String> {
        let c = self.conn();
        let mut st = c.prepare(sql).unwrap();
        st.query_map([], |r| {
            let v: rusqlite::types::Value = r.get(0)?;
            Ok(match v {
                rusqlite::types::Value::Null => "∅".into(),
                rusqlite::types::Value::Integer(i) => i.to_string(),
                rusqlite::types::Value::Text(t) => t,
                other => format!("{other:?}"),
            })
        })
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
    }
    fn one(&self, sql: &str) -> String {
        self.col(sql).pop().unwrap_or_default()
    }
    fn money(&self, sql: &str) -> String {
        let v: Option<i64> = self.conn().query_row(sql, [], |r| r.get(0)).unwrap();
        v.map(|m| Decimal::new(m, 6).normalize().to_string())
            .unwrap_or_else(|| "∅".into())
    }
    /// GMV (gross − discount of valid orders) per local order day of a store.
    fn gmv_by_day(&self, store: &str) -> Vec<(String, String)> {
        let c = self.conn();
        let mut st = c
            .prepare(
                "SELECT o.day, sum(l.gross - l.discount) FROM orders o JOIN order_lines l ON l.oid = o.oid
                 WHERE o.store_id = ?1 AND o.status < 3 GROUP BY o.day ORDER BY o.day",
            )
            .unwrap();
        st.query_map([store], |r| Ok((r.get::<_, i32>(0)?, r.get::<_, i64>(1)?)))
            .unwrap()
            .map(|r| {
                let (d, m) = r.unwrap();
                (
                    sellerdeck::util::date_of(d).to_string(),
                    Decimal::new(m, 6).normalize().to_string(),
                )
            })
            .collect()
    }
    /// Every fact table's rows, for "importing twice changes nothing".
    fn dump(&self) -> Vec<String> {
        let mut out = Vec::new();
        for t in [
            "stores",
            "skus",
            "sku_costs",
            "orders",
            "order_lines",
            "refunds",
            "traffic",
            "ads",
            "inventory",
            "expenses",
            "settings",
            "r_line_day",
            "r_order_day",
        ] {
            let c = self.conn();
            let mut st = c.prepare(&format!("SELECT * FROM {t}")).unwrap();
            let n = st.column_count();
            let rows: Vec<String> = st
                .query_map([], |r| {
                    let mut s = format!("{t}:");
                    for i in 0..n {
                        let v: rusqlite::types::Value = r.get(i)?;
                        s.push_str(&format!("{v:?}|"));
                    }
                    Ok(s)
                })
                .unwrap()
                .map(|r| r.unwrap())
                .collect();
            let mut rows = rows;
            rows.sort();
            out.extend(rows);
        }
        out
    }
    fn bytes(&self) -> Vec<Vec<u8>> {
        ["", "-wal"]
            .iter()
            .map(|s| {
                let mut p = self.path.as_os_str().to_owned();
                p.push(s);
                std::fs::read(PathBuf::from(p)).unwrap_or_default()
            })
            .collect()
    }
}

fn day(s: &str, v: &str) -> (String, String) {
    (s.to_string(), v.to_string())
}

fn summary<'a>(list: &'a [FileSummary], file_part: &str) -> &'a FileSummary {
    list.iter()
        .find(|s| s.file.contains(file_part))
        .unwrap_or_else(|| panic!("no summary of {file_part}"))
}

// ── Shopify ─────────────────────────────────────────────────────────────────

#[test]
fn shopify_orders_fixture() {
    let wb = Wb::new();
    let (_, sums) = wb.import(&[fx("shopify_orders_export.csv")]);
    let s = summary(&sums, "shopify_orders");
    assert!(s.format.contains("shopify-orders"), "{}", s.format);
    assert_eq!(s.tables.get("orders"), Some(&(8, 0)));
    assert_eq!(s.tables.get("order_lines"), Some(&(11, 0)));
    assert_eq!(s.stores.iter().collect::<Vec<_>>(), ["shop-us"]);
    assert!(
        s.left_out
            .iter()
            .any(|l| l.contains("Refunded Amount") && l.contains("33 USD")),
        "{:?}",
        s.left_out
    );
    assert_eq!(wb.one("SELECT count(*) FROM orders"), "8");
    assert_eq!(wb.one("SELECT count(*) FROM order_lines"), "11");
    assert_eq!(
        wb.col("SELECT order_id || '=' || status FROM orders ORDER BY order_id"),
        [
            "shop-us:#1001=1",
            "shop-us:#1002=1",
            "shop-us:#1003=1",
            "shop-us:#1004=3",
            "shop-us:#1005=1",
            "shop-us:#1006=0",
            "shop-us:#1007=0",
            "shop-us:#1008=1"
        ]
    );
    // local days in America/New_York (the file prints -0400)
    assert_eq!(
        wb.gmv_by_day("shop-us"),
        [
            day("2026-10-05", "90.47"),
            day("2026-10-06", "42"),
            day("2026-10-07", "115.97"),
            day("2026-10-08", "69"),
        ]
    );
    assert_eq!(
        wb.money("SELECT sum(discount) FROM order_lines l JOIN orders o ON o.oid=l.oid WHERE o.status < 3"),
        "10.5"
    );
    // no refund rows from an undated Refunded Amount
    assert_eq!(wb.one("SELECT count(*) FROM refunds"), "0");
    // unknown SKUs were created from the titles
    assert_eq!(
        wb.one("SELECT title FROM skus WHERE sku='OUT-TOWEL-WH'"),
        "Quick-Dry Travel Towel, White"
    );
    let before = wb.dump();
    let (_, sums) = wb.import(&[fx("shopify_orders_export.csv")]);
    assert_eq!(
        summary(&sums, "shopify").tables.get("orders"),
        Some(&(0, 8))
    );
    assert_eq!(wb.dump(), before, "importing twice changes nothing");
}

#[test]
fn shopify_order_level_discount_tax_inclusive_and_gift_cards() {
    let wb = Wb::new();
    let head = "Name,Email,Financial Status,Fulfillment Status,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Lineitem discount,Cancelled at,Refunded Amount\n";
    // #2001: a 10.00 order code over 30.00 + 20.00 (no line discounts): 6.00 / 4.00.
    // Tax-inclusive: Total = Subtotal + Shipping; Taxes 8.00 come out of the lines 4.80 / 3.20.
    // A gift card line is skipped; a free-shipping code is no product discount (#2002).
    let body = format!(
        "{head}#2001,Ann@Example.com,paid,fulfilled,USD,50.00,0.00,8.00,50.00,SAVE10,10.00,2026-10-05 10:00:00 -0400,1,Mug,30.00,HOM-MUG-350,0.00,,0.00
#2001,,,,,,,,,,,2026-10-05 10:00:00 -0400,2,Cable,10.00,PHN-CBL-C2C-1M,0.00,,
#2001,,,,,,,,,,,2026-10-05 10:00:00 -0400,1,Gift Card - $10,10.00,,0.00,,
#2002,ann@example.com,paid,fulfilled,USD,19.00,0.00,0.00,19.00,FREESHIP,4.99,2026-10-06 10:00:00 -0400,1,Towel,19.00,OUT-TOWEL-WH,0.00,,0.00
"
    );
    let f = wb.file("orders_export_2.csv", body);
    let (_, sums) = wb.import(&[f]);
    let s = &sums[0];
    assert_eq!(
        s.skipped
            .get("lines without a SKU (gift cards, custom items, tips)"),
        Some(&1)
    );
    assert!(
        s.left_out
            .iter()
            .any(|l| l.contains("lines without a SKU: 10 USD")),
        "{:?}",
        s.left_out
    );
    assert_eq!(
        wb.col("SELECT sku || ' ' || gross || ' ' || discount FROM order_lines ORDER BY sku"),
        [
            "HOM-MUG-350 25200000 6000000",
            "OUT-TOWEL-WH 19000000 0",
            "PHN-CBL-C2C-1M 16800000 4000000"
        ]
    );
    // the same buyer (e-mail case aside) is one customer; the e-mail is not stored
    assert_eq!(
        wb.one("SELECT count(DISTINCT customer_id) FROM orders"),
        "1"
    );
    assert!(
        wb.one("SELECT customer_id FROM orders LIMIT 1")
            .starts_with("c-")
    );
    let dumped = wb.dump().join("\n");
    assert!(!dumped.to_lowercase().contains("example.com"));
}

#[test]
fn shopify_products_and_conversion() {
    let wb = Wb::new();
    let (_, sums) = wb
        .import_with(
            &[
                fx("shopify_orders_export.csv"),
                fx("shopify_products_export.csv"),
                fx("shopify_online_store_conversion_over_time.csv"),
            ],
            &ExportOptions::default(),
        )
        .unwrap();
    let p = summary(&sums, "products");
    assert_eq!(p.tables.get("sku_costs"), Some(&(7, 0)));
    assert_eq!(
        p.skipped
            .get("rows without a Variant SKU (images, extra rows)"),
        Some(&1)
    );
    assert_eq!(
        wb.col("SELECT sku || ' ' || purchase || ' ' || currency FROM sku_costs ORDER BY sku"),
        [
            "HOM-LAMP-DSK 13600000 USD",
            "HOM-MUG-350 2900000 USD",
            "OUT-BOTTLE-750 3250000 USD",
            "OUT-TOWEL-WH 4100000 USD",
            "PHN-CBL-C2C-1M 1350000 USD",
            "PHN-GAN65-BK 9800000 USD",
            "PHN-GAN65-WH 9800000 USD"
        ]
    );
    // effective from the SKU's earliest order date (orders of the same call), else today
    let d = |s: &str| {
        wb.one(&format!(
            "SELECT effective_from FROM sku_costs WHERE sku='{s}'"
        ))
    };
    let day = |x: &str| {
        sellerdeck::util::day_of(chrono::NaiveDate::parse_from_str(x, "%Y-%m-%d").unwrap())
            .to_string()
    };
    assert_eq!(d("PHN-GAN65-WH"), day("2026-10-05"));
    assert_eq!(d("OUT-BOTTLE-750"), day("2026-10-06"));
    assert_eq!(
        wb.one("SELECT title FROM skus WHERE sku='PHN-GAN65-BK'"),
        "65W GaN Charger - Black"
    );
    assert_eq!(
        wb.one("SELECT title FROM skus WHERE sku='PHN-CBL-C2C-1M'"),
        "USB-C to USB-C Cable 1m"
    );
    // conversion over time: store-level traffic
    assert_eq!(
        wb.one("SELECT count(*) FROM traffic WHERE store_id='shop-us' AND sku=''"),
        "10"
    );
    assert_eq!(
        wb.one(
            "SELECT sum(sessions) || ' ' || sum(add_to_cart) || ' ' || sum(checkouts) FROM traffic"
        ),
        "4003 352 151"
    );
    let before = wb.dump();
    wb.import(&[
        fx("shopify_orders_export.csv"),
        fx("shopify_products_export.csv"),
        fx("shopify_online_store_conversion_over_time.csv"),
    ]);
    assert_eq!(wb.dump(), before);
}

// ── Amazon ──────────────────────────────────────────────────────────────────

#[test]
fn amazon_all_orders_and_date_range_fixture() {
    let wb = Wb::new();
    let (_, sums) = wb.import(&[
        fx("amazon_date_range_transactions_us.csv"),
        fx("amazon_all_orders_us.txt"),
    ]);
    let ao = summary(&sums, "all_orders");
    assert_eq!(ao.tables.get("orders"), Some(&(8, 0)));
    assert_eq!(ao.tables.get("order_lines"), Some(&(9, 0)));
    assert_eq!(
        wb.one("SELECT status FROM orders WHERE order_id='114-3306127-5561042'"),
        "3"
    );
    assert_eq!(
        wb.one("SELECT status FROM orders WHERE order_id='113-7720458-1184637'"),
        "0"
    );
    // the cancelled line keeps number-of-items as its quantity
    assert_eq!(
        wb.one("SELECT qty FROM order_lines WHERE sku='HOM-LAMP-DSK'"),
        "1"
    );
    // UTC purchase dates in the store's zone (America/Los_Angeles)
    assert_eq!(
        wb.gmv_by_day("amz-us"),
        [
            day("2026-10-04", "29.99"),
            day("2026-10-05", "78.97"),
            day("2026-10-06", "57"),
            day("2026-10-07", "76.46"),
        ]
    );
    assert_eq!(wb.money("SELECT sum(discount) FROM order_lines"), "7.5");
    // ASINs learned
    assert_eq!(
        wb.one("SELECT asin FROM skus WHERE sku='PHN-CBL-C2C-1M'"),
        "B0SDCBL1M2"
    );
    // Date Range: fees as expenses, the refund with its date
    let dr = summary(&sums, "date_range");
    assert_eq!(dr.tables.get("expenses"), Some(&(17, 0)));
    assert_eq!(dr.tables.get("refunds"), Some(&(1, 0)));
    assert_eq!(
        dr.skipped
            .get("Cost of Advertising rows (ad spend comes from the ads report)"),
        Some(&1)
    );
    assert_eq!(
        dr.skipped.get("transfers (payouts are not expenses)"),
        Some(&1)
    );
    let cat = |c: i32| {
        wb.money(&format!(
            "SELECT sum(amount) FROM expenses WHERE category={c}"
        ))
    };
    let cats = sellerdeck::catalogue::EXPENSE_CATEGORIES;
    let pos = |n: &str| cats.iter().position(|c| *c == n).unwrap() as i32;
    assert_eq!(cat(pos("platform_fee")), "72.58");
    assert_eq!(cat(pos("fulfillment")), "43.22");
    assert_eq!(cat(pos("storage")), "12.34");
    assert_eq!(cat(pos("other")), "-6.5");
    assert_eq!(
        wb.one("SELECT count(*) FROM expenses WHERE oid IS NOT NULL"),
        "14"
    );
    assert_eq!(
        wb.col("SELECT amount || ' ' || qty || ' ' || sku || ' ' || is_return FROM refunds"),
        ["19000000 1 OUT-TOWEL-WH 1"]
    );
    // the refund is dated by its posting time, local (Oct 9, 10:30 PDT)
    assert_eq!(
        wb.one("SELECT day FROM refunds"),
        sellerdeck::util::day_of(chrono::NaiveDate::from_ymd_opt(2026, 10, 9).unwrap()).to_string()
    );
    // expenses by local day: the 11:59:59 PM PDT row stays on Oct 8
    assert_eq!(
        wb.money(&format!(
            "SELECT sum(amount) FROM expenses WHERE day={}",
            sellerdeck::util::day_of(chrono::NaiveDate::from_ymd_opt(2026, 10, 8).unwrap())
        )),
        "26.98"
    );
    let before = wb.dump();
    let (_, sums) = wb.import(&[
        fx("amazon_all_orders_us.txt"),
        fx("amazon_date_range_transactions_us.csv"),
    ]);
    assert_eq!(
        summary(&sums, "date_range").tables.get("expenses"),
        Some(&(0, 17))
    );
    assert_eq!(wb.dump(), before, "importing twice changes nothing");
}

#[test]
fn date_range_needs_its_orders_or_skips_them() {
    let wb = Wb::new();
    let errs = wb.errors(
        &[fx("amazon_date_range_transactions_us.csv")],
        &ExportOptions::default(),
    );
    assert!(
        errs.iter().any(|e| e.contains("amazon_date_range_transactions_us.csv:9: column 'order id': value '111-4830017-2209431'")
            && e.contains("All Orders")),
        "{errs:#?}"
    );
    let o = ExportOptions {
        unknown_orders_skip: true,
        ..Default::default()
    };
    let (_, sums) = wb
        .import_with(&[fx("amazon_date_range_transactions_us.csv")], &o)
        .unwrap();
    assert_eq!(
        sums[0]
            .skipped
            .get("rows of orders not in the workbook (--unknown-orders skip)"),
        Some(&8)
    );
    // subscription, storage fee and the reimbursement remain
    assert_eq!(wb.one("SELECT count(*) FROM expenses"), "3");
}

#[test]
fn overlapping_date_range_reports_never_double_count() {
    let wb = Wb::new();
    let text = std::fs::read_to_string(fx("amazon_date_range_transactions_us.csv")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // a second report: the same preamble and header, the rows from Oct 7 on
    let second = format!("{}\n{}\n", lines[..8].join("\n"), lines[11..].join("\n"));
    let f2 = wb.file("date_range_oct7_12.csv", second);
    wb.import(&[fx("amazon_all_orders_us.txt")]);
    wb.import(&[fx("amazon_date_range_transactions_us.csv"), f2.clone()]);
    assert_eq!(wb.one("SELECT count(*) FROM expenses"), "17");
    let before = wb.dump();
    wb.import(&[f2]);
    assert_eq!(wb.dump(), before);
}

#[test]
fn multi_marketplace_routing_and_settings() {
    let stores = format!("{STORES}amz-uk,Amazon,Sundeck UK,GB,GBP,Europe/London\n");
    let wb = Wb::with_stores(&stores);
    let head = std::fs::read_to_string(fx("amazon_all_orders_us.txt")).unwrap();
    let header = head.lines().next().unwrap();
    let cols: Vec<&str> = header.split('\t').collect();
    let row = |id: &str, chan: &str, cur: &str, price: &str, tax: &str| {
        cols.iter()
            .map(|c| match *c {
                "amazon-order-id" => id,
                "purchase-date" => "2026-10-05T12:00:00+00:00",
                "order-status" => "Shipped",
                "sales-channel" => chan,
                "sku" => "OUT-TOWEL-WH",
                "quantity" | "number-of-items" => "2",
                "currency" => cur,
                "item-price" => price,
                "item-tax" => tax,
                _ => "",
            })
            .collect::<Vec<_>>()
            .join("\t")
    };
    let body = format!(
        "{header}\n{}\n{}\n{}\n",
        row("202-1", "Amazon.co.uk", "GBP", "9.98", "1.66"),
        row("111-1", "Amazon.com", "USD", "38.00", "3.04"),
        row("999-1", "Non-Amazon", "USD", "10.00", "0"),
    );
    let f = wb.file("eu_orders.txt", &body);
    let (_, sums) = wb.import(std::slice::from_ref(&f));
    assert_eq!(sums[0].skipped.values().sum::<u64>(), 1);
    // UK prices include VAT: 9.98 − 1.66; US excludes tax
    assert_eq!(
        wb.col("SELECT o.store_id || ' ' || l.gross FROM orders o JOIN order_lines l ON l.oid=o.oid ORDER BY o.store_id"),
        ["amz-uk 8320000", "amz-us 38000000"]
    );
    // an unknown marketplace names itself and the setting that maps it
    let bad = body.replace("Amazon.co.uk", "Amazon.nl");
    let f2 = wb.file("nl_orders.txt", &bad);
    let errs = wb.errors(std::slice::from_ref(&f2), &ExportOptions::default());
    assert!(
        errs.iter()
            .any(|e| e.contains("Amazon.nl") && e.contains("marketplace.amazon.nl")),
        "{errs:#?}"
    );
    let c = wb.conn();
    c.execute(
        "INSERT INTO settings VALUES ('marketplace.amazon.nl', 'amz-uk')",
        [],
    )
    .unwrap();
    drop(c);
    wb.import(&[f2]);
    assert_eq!(
        wb.one("SELECT store_id FROM orders WHERE order_id='202-1'"),
        "amz-uk"
    );
}

#[test]
fn amazon_traffic_ads_inventory_returns() {
    let wb = Wb::new();
    let o = ExportOptions {
        date: None,
        ..Default::default()
    };
    let (_, sums) = wb
        .import_with(
            &[
                fx("amazon_business_report_child_item_us_2026-10-07.csv"),
                fx("amazon_sp_advertised_product_us.csv"),
                fx("amazon_all_orders_us.txt"),
                fx("amazon_date_range_transactions_us.csv"),
                fx("amazon_fba_customer_returns_us.txt"),
            ],
            &o,
        )
        .unwrap();
    // Business Report: the day from the file name, SKUs through the learned ASINs
    let day7 = sellerdeck::util::day_of(chrono::NaiveDate::from_ymd_opt(2026, 10, 7).unwrap());
    assert_eq!(
        wb.col(&format!("SELECT sku || ' ' || sessions || ' ' || page_views || ' ' || mobile_sessions FROM traffic WHERE day={day7} ORDER BY sku")),
        [
            "HOM-MUG-350 61 76 41",
            "OUT-BOTTLE-750 98 116 60",
            "OUT-TOWEL-WH 139 189 95",
            "PHN-CBL-C2C-1M 373 489 233",
            "PHN-GAN65-BK 181 250 120",
            "PHN-GAN65-WH 1221 1750 812"
        ]
    );
    // ads: spend and clicks per SKU
    assert_eq!(
        wb.col("SELECT sku || ' ' || sum(spend) || ' ' || sum(clicks) FROM ads GROUP BY sku ORDER BY sku"),
        [
            "HOM-MUG-350 960000 2",
            "OUT-BOTTLE-750 2120000 4",
            "OUT-TOWEL-WH 3300000 6",
            "PHN-CBL-C2C-1M 26250000 55",
            "PHN-GAN65-BK 7350000 7",
            "PHN-GAN65-WH 123390000 113"
        ]
    );
    assert_eq!(wb.money("SELECT sum(ad_sales) FROM ads"), "358.84");
    // returns: none of the fixture's returns has a refund in the Date Range report
    let r = summary(&sums, "returns");
    assert_eq!(
        r.skipped.get(
            "returns without a refund yet (import the Date Range report first or in the same call)"
        ),
        Some(&4)
    );
    // inventory (date given)
    let inv = ExportOptions {
        date: Some(chrono::NaiveDate::from_ymd_opt(2026, 10, 12).unwrap()),
        ..Default::default()
    };
    wb.import_with(&[fx("amazon_fba_inventory_us.txt")], &inv)
        .unwrap();
    assert_eq!(
        wb.one("SELECT sum(on_hand) || ' ' || sum(reserved) || ' ' || sum(inbound) || ' ' || min(warehouse) || ' ' || min(store_id) FROM inventory"),
        "1988 78 1170 FBA-US amz-us"
    );
    assert_eq!(
        wb.one("SELECT inbound FROM inventory WHERE sku='PHN-CBL-C2C-1M'"),
        "420"
    );
}

#[test]
fn fba_returns_mark_matching_refunds() {
    let wb = Wb::new();
    let ret = "return-date\torder-id\tsku\tasin\tfnsku\tproduct-name\tquantity\tfulfillment-center-id\tdetailed-disposition\treason\tstatus\tlicense-plate-number\tcustomer-comments
2026-10-10T15:31:40+00:00\t111-9021334-0476615\tOUT-TOWEL-WH\tB0SDTWL003\tX\tTowel\t1\tPHX7\tSELLABLE\tUNWANTED_ITEM\tUnit returned to inventory\tLPN1\tJohn Doe says too small
";
    let f = wb.file("returns.txt", ret);
    wb.import(&[
        fx("amazon_all_orders_us.txt"),
        fx("amazon_date_range_transactions_us.csv"),
    ]);
    wb.import(&[f]);
    assert_eq!(
        wb.col("SELECT reason || ' ' || is_return || ' ' || amount FROM refunds"),
        ["UNWANTED_ITEM (SELLABLE) 1 19000000"]
    );
    assert!(!wb.dump().join("").contains("John Doe"));
}

#[test]
fn business_report_needs_a_single_day_and_known_asins() {
    let wb = Wb::new();
    let text = std::fs::read(fx("amazon_business_report_child_item_us_2026-10-07.csv")).unwrap();
    let f = wb.file("BusinessReport-2026-10-01-2026-10-07.csv", &text);
    wb.import(&[
        fx("amazon_all_orders_us.txt"),
        fx("amazon_sp_advertised_product_us.csv"),
    ]);
    let errs = wb.errors(std::slice::from_ref(&f), &ExportOptions::default());
    assert!(
        errs.iter().any(|e| e.contains("several dates")),
        "{errs:#?}"
    );
    let fresh = Wb::new();
    let g = fresh.file("BusinessReport.csv", &text);
    let errs = fresh.errors(
        &[g],
        &ExportOptions {
            date: chrono::NaiveDate::from_ymd_opt(2026, 10, 7),
            ..Default::default()
        },
    );
    assert!(
        errs.iter().any(|e| e.contains("column '(Child) ASIN': value 'B0SDGAN651' is an ASIN with no SKU")),
        "{errs:#?}"
    );
}

// ── TikTok Shop, Shopee ─────────────────────────────────────────────────────

#[test]
fn tiktok_orders_fixture() {
    let wb = Wb::new();
    let (_, sums) = wb.import(&[fx("tiktok_shop_orders_us.csv")]);
    let s = &sums[0];
    assert_eq!(s.tables.get("orders"), Some(&(7, 0)));
    assert_eq!(s.tables.get("order_lines"), Some(&(9, 0)));
    assert!(
        s.left_out.iter().any(|l| l.contains("12.5 USD")),
        "{:?}",
        s.left_out
    );
    // 18-digit ids stay text
    assert_eq!(
        wb.one("SELECT min(order_id) FROM orders"),
        "576801234567890101"
    );
    assert_eq!(
        wb.gmv_by_day("tt-us"),
        [
            day("2026-10-05", "66.97"),
            day("2026-10-06", "26.6"),
            day("2026-10-07", "37.5"),
            day("2026-10-08", "101.97"),
        ]
    );
    // the platform's discount does not lower GMV, the seller's does
    assert_eq!(
        wb.money(
            "SELECT sum(discount) FROM order_lines l JOIN orders o ON o.oid=l.oid WHERE status<3"
        ),
        "9.4"
    );
    assert_eq!(
        wb.col("SELECT status FROM orders ORDER BY order_id"),
        ["2", "2", "3", "1", "2", "0", "2"]
    );
    assert_eq!(
        wb.one("SELECT count(DISTINCT customer_id) FROM orders"),
        "7"
    );
    let before = wb.dump();
    wb.import(&[fx("tiktok_shop_orders_us.csv")]);
    assert_eq!(wb.dump(), before);
}

#[test]
fn shopee_orders_fixture() {
    let wb = Wb::new();
    let (_, sums) = wb.import(&[fx("shopee_orders_sg.csv")]);
    assert_eq!(sums[0].tables.get("orders"), Some(&(6, 0)));
    assert_eq!(sums[0].tables.get("order_lines"), Some(&(7, 0)));
    assert_eq!(
        wb.gmv_by_day("shopee-sg"),
        [
            day("2026-10-05", "72.7"),
            day("2026-10-06", "48"),
            day("2026-10-07", "29.8"),
            day("2026-10-08", "59.8"),
        ]
    );
    assert_eq!(
        wb.money(
            "SELECT sum(discount) FROM order_lines l JOIN orders o ON o.oid=l.oid WHERE status<3"
        ),
        "21.5"
    );
    assert_eq!(
        wb.one("SELECT status FROM orders WHERE order_id='261006EFGH5678'"),
        "3"
    );
    let before = wb.dump();
    wb.import(&[fx("shopee_orders_sg.csv")]);
    assert_eq!(wb.dump(), before);
}

// ── malformed files ─────────────────────────────────────────────────────────

#[test]
fn malformed_exports_fail_and_leave_the_workbook_byte_identical() {
    let wb = Wb::new();
    wb.import(&[fx("amazon_all_orders_us.txt")]);
    let before = wb.bytes();
    let text = std::fs::read_to_string(fx("shopify_orders_export.csv")).unwrap();
    // truncated in the middle of a row
    let cut = &text[..text.len() * 2 / 3];
    let cut = &cut[..cut.rfind(',').unwrap()];
    let f = wb.file("orders_export_cut.csv", cut);
    let errs = wb.errors(&[f], &ExportOptions::default());
    assert!(errs.iter().any(|e| e.contains("truncated")), "{errs:#?}");
    // an unknown status
    let f = wb.file(
        "orders_export_status.csv",
        text.replace(",voided,", ",frozen,"),
    );
    let errs = wb.errors(&[f], &ExportOptions::default());
    assert!(
        errs.iter().any(|e| e.contains("orders_export_status.csv:6: column 'Financial Status': value 'frozen' is not a known value")),
        "{errs:#?}"
    );
    // an unknown transaction type
    let dr = std::fs::read_to_string(fx("amazon_date_range_transactions_us.csv")).unwrap();
    let f = wb.file(
        "dr_type.csv",
        dr.replace("\"FBA Inventory Fee\"", "\"Mystery Fee\""),
    );
    let errs = wb.errors(&[f], &ExportOptions::default());
    assert!(
        errs.iter().any(|e| e
            .contains("dr_type.csv:19: column 'type': value 'Mystery Fee' is not a known value")),
        "{errs:#?}"
    );
    // a column of another locale mixed in
    let f = wb.file("dr_locale.csv", dr.replace("\"-4.87\"", "\"-4,87\""));
    let errs = wb.errors(&[f], &ExportOptions::default());
    assert!(
        errs.iter().any(
            |e| e.contains("dr_locale.csv:9: column 'fba fees': value '-4,87' is not a number")
        ),
        "{errs:#?}"
    );
    // a file of no known format
    let f = wb.file("whatever.csv", "a,b,c\n1,2,3\n");
    let errs = wb.errors(&[f], &ExportOptions::default());
    assert!(
        errs.iter().any(|e| e.contains("not a known export format")),
        "{errs:#?}"
    );
    assert_eq!(wb.bytes(), before, "the workbook is byte-identical");
}

#[test]
fn dry_run_previews_without_writing() {
    let wb = Wb::new();
    let before = wb.bytes();
    let opts = ImportOptions {
        dry_run: true,
        ..Default::default()
    };
    let (_, sums) = exports::import(
        &wb.path,
        &[fx("tiktok_shop_orders_us.csv")],
        &opts,
        &ExportOptions::default(),
    )
    .unwrap();
    assert_eq!(sums[0].tables.get("orders"), Some(&(7, 0)));
    assert_eq!(wb.bytes(), before);
    assert_eq!(wb.one("SELECT count(*) FROM orders"), "0");
}

#[test]
fn docs_page_lists_every_format_and_column() {
    let want = exports::docs::markdown();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/exports.md");
    let mut have = std::fs::read_to_string(&path).unwrap_or_default();
    if have != want {
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(&path, &want).unwrap();
            have = want;
        } else {
            panic!(
                "docs/exports.md is out of date: run UPDATE_DOCS=1 cargo test --test exports docs_page"
            );
        }
    }
    for f in exports::formats::all() {
        assert!(have.contains(f.id));
        for c in f.cols {
            assert!(have.contains(c.names[0]), "{} {}", f.id, c.names[0]);
        }
    }
}

// ── variants: xlsx, other locales, encodings, preambles ─────────────────────

#[test]
fn tiktok_xlsx_with_a_cover_sheet_and_date_cells() {
    let wb = Wb::new();
    let (_, sums) = wb.import(&[fx("tiktok_shop_orders_us.xlsx")]);
    assert!(
        sums[0].read_as.contains("OrderSKUList"),
        "{}",
        sums[0].read_as
    );
    assert_eq!(sums[0].tables.get("orders"), Some(&(3, 0)));
    assert_eq!(
        wb.gmv_by_day("tt-us"),
        [day("2026-10-05", "64.97"), day("2026-10-07", "36.25")]
    );
    assert_eq!(
        wb.one("SELECT order_id FROM orders WHERE status=3"),
        "576809990000000002"
    );
    assert_eq!(
        wb.one("SELECT count(DISTINCT customer_id) FROM orders"),
        "2"
    );
}

/// All Orders rows for the variant tests (header of the US fixture).
fn all_orders(rows: &[(&str, &str, &str, &str, &str, &str, &str)]) -> String {
    let head = std::fs::read_to_string(fx("amazon_all_orders_us.txt")).unwrap();
    let header = head.lines().next().unwrap();
    let cols: Vec<&str> = header.split('\t').collect();
    let mut out = format!("{header}\n");
    for (id, when, chan, sku, cur, price, tax) in rows {
        let r: Vec<&str> = cols
            .iter()
            .map(|c| match *c {
                "amazon-order-id" => *id,
                "purchase-date" => *when,
                "order-status" => "Shipped",
                "sales-channel" => *chan,
                "sku" => *sku,
                "quantity" | "number-of-items" => "1",
                "currency" => *cur,
                "item-price" => *price,
                "item-tax" => *tax,
                _ => "",
            })
            .collect();
        out.push_str(&r.join("\t"));
        out.push('\n');
    }
    out
}

const EU_STORES: &str = "store_id,channel,name,country,currency,timezone
amz-de,Amazon,DE,DE,EUR,Europe/Berlin
amz-fr,Amazon,FR,FR,EUR,Europe/Paris
amz-jp,Amazon,JP,JP,JPY,Asia/Tokyo
";

#[test]
fn german_date_range_in_windows_1252_with_amazon_fr_rows() {
    let wb = Wb::with_stores(EU_STORES);
    let ao = wb.file(
        "orders.txt",
        all_orders(&[
            (
                "302-1",
                "2026-10-05T10:00:00+00:00",
                "Amazon.de",
                "OUT-TOWEL-WH",
                "EUR",
                "22.61",
                "3.61",
            ),
            (
                "402-9",
                "2026-10-05T11:00:00+00:00",
                "Amazon.fr",
                "OUT-TOWEL-WH",
                "EUR",
                "22.80",
                "3.80",
            ),
        ]),
    );
    let head = "Datum/Uhrzeit,Abrechnungsnummer,Typ,Bestellnummer,SKU,Beschreibung,Menge,Marketplace,Versand,Ort der Bestellung,Bundesland,Postleitzahl,Steuererhebungsmodell,Umsätze,Produktumsatzsteuer,Gutschrift für Versandkosten,Steuer auf Versandgutschrift,Gutschrift für Geschenkverpackung,Steuer auf Geschenkverpackungsgutschriften,Rabatte aus Werbeaktionen,Steuer auf Aktionsrabatte,Einbehaltene Steuer auf Marketplace,Verkaufsgebühren,Gebühren zu Versand durch Amazon,Andere Transaktionsgebühren,Andere,Gesamt";
    let row = |when: &str,
               typ: &str,
               order: &str,
               sku: &str,
               desc: &str,
               qty: &str,
               market: &str,
               sales: &str,
               sell: &str,
               fba: &str,
               other: &str,
               total: &str| {
        format!(
            "\"{when}\",\"55501\",\"{typ}\",\"{order}\",\"{sku}\",\"{desc}\",\"{qty}\",\"{market}\",\"Amazon\",\"\",\"\",\"\",\"\",\"{sales}\",\"0\",\"0\",\"0\",\"0\",\"0\",\"0\",\"0\",\"0\",\"{sell}\",\"{fba}\",\"0\",\"{other}\",\"{total}\""
        )
    };
    let body = [
        "\"Enthält Transaktionen von Amazon Marketplace und Versand durch Amazon\"".to_string(),
        "\"Alle Beträge in EUR, sofern nicht anders angegeben\"".into(),
        "\"Definitionen:\"".into(),
        "\"Verkaufsgebühren: Umfasst variable Abschlussgebühren und Verkaufsgebühren.\"".into(),
        "\"Andere Transaktionsgebühren: Umfasst Rückbelastungen.\"".into(),
        "\"Andere: Umfasst Beträge, die nicht aus Bestellungen stammen.\"".into(),
        "\"\"".into(),
        "\"Zeitzone: MEZ/MESZ\"".into(),
        "\"Bericht vom 12.10.2026\"".into(),
        head.to_string(),
        row(
            "05.10.2026 23:41:07 MESZ",
            "Bestellung",
            "302-1",
            "OUT-TOWEL-WH",
            "Handtuch",
            "1",
            "amazon.de",
            "19,00",
            "-2,85",
            "-3,10",
            "0",
            "13,05",
        ),
        row(
            "05.10.2026 23:50:00 MESZ",
            "Bestellung",
            "402-9",
            "OUT-TOWEL-WH",
            "Serviette",
            "1",
            "amazon.fr",
            "19,00",
            "-2,85",
            "-3,20",
            "0",
            "12,95",
        ),
        row(
            "07.10.2026 09:00:00 MESZ",
            "Erstattung",
            "302-1",
            "OUT-TOWEL-WH",
            "Handtuch",
            "-1",
            "amazon.de",
            "-19,00",
            "0,57",
            "0",
            "0",
            "-18,43",
        ),
        row(
            "08.10.2026 09:00:00 MESZ",
            "Servicegebühr",
            "",
            "",
            "Werbekosten",
            "0",
            "",
            "0",
            "0",
            "0",
            "-50,00",
            "-50,00",
        ),
        row(
            "09.10.2026 09:00:00 MESZ",
            "Versand durch Amazon Lagergebühr",
            "",
            "",
            "Lagergebühr",
            "0",
            "",
            "0",
            "0",
            "0",
            "-1.204,17",
            "-1.204,17",
        ),
        row(
            "10.10.2026 09:00:00 MESZ",
            "Übertrag",
            "",
            "",
            "Auszahlung",
            "0",
            "",
            "0",
            "0",
            "0",
            "-1.000,00",
            "-1.000,00",
        ),
    ]
    .join("\r\n");
    let (bytes, _, bad) = encoding_rs::WINDOWS_1252.encode(&body);
    assert!(!bad);
    let dr = wb.file("Abrechnung.csv", &bytes);
    let (_, sums) = wb.import(&[ao, dr]);
    let s = summary(&sums, "Abrechnung");
    assert_eq!(s.layout, "de");
    assert!(s.read_as.contains("Windows-1252"), "{}", s.read_as);
    let by = |store: &str, cat: &str| {
        let i = sellerdeck::catalogue::EXPENSE_CATEGORIES
            .iter()
            .position(|c| *c == cat)
            .unwrap();
        wb.money(&format!(
            "SELECT sum(amount) FROM expenses WHERE store_id='{store}' AND category={i}"
        ))
    };
    assert_eq!(by("amz-de", "platform_fee"), "2.28");
    assert_eq!(by("amz-de", "fulfillment"), "3.1");
    assert_eq!(by("amz-de", "storage"), "1204.17");
    assert_eq!(by("amz-fr", "fulfillment"), "3.2");
    assert_eq!(wb.col("SELECT amount FROM refunds"), ["19000000"]);
    assert_eq!(wb.one("SELECT count(*) FROM expenses"), "6");
    // VAT taken out of the EU item prices
    assert_eq!(
        wb.col("SELECT gross FROM order_lines ORDER BY gross"),
        ["19000000", "19000000"]
    );
}

#[test]
fn japanese_date_range_in_shift_jis_with_points() {
    let wb = Wb::with_stores(EU_STORES);
    let ao = wb.file(
        "jp_orders.txt",
        all_orders(&[(
            "503-7",
            "2026-10-05T14:40:12+00:00",
            "Amazon.co.jp",
            "HOM-MUG-350",
            "JPY",
            "1980",
            "180",
        )]),
    );
    let body = "\"注意事項\"\n\"すべての金額は日本円です\"\n\"日付/時間\",\"決済番号\",\"トランザクションの種類\",\"注文番号\",\"SKU\",\"説明\",\"数量\",\"Amazon 出品サービス\",\"フルフィルメント\",\"市町村\",\"都道府県\",\"郵便番号\",\"税金徴収型\",\"商品売上\",\"商品の売上税\",\"配送料\",\"配送料の税金\",\"ギフト包装手数料\",\"ギフト包装クレジットの税金\",\"Amazonポイントの費用\",\"プロモーション割引額\",\"プロモーション割引の税金\",\"源泉徴収税を伴うマーケットプレイス\",\"手数料\",\"FBA 手数料\",\"トランザクションに関するその他の手数料\",\"その他\",\"合計\"\n\"2026/10/05 23:40:12 JST\",\"7788\",\"注文\",\"503-7\",\"HOM-MUG-350\",\"マグカップ\",\"1\",\"Amazon.co.jp\",\"Amazon\",\"\",\"\",\"\",\"\",\"1,800\",\"180\",\"0\",\"0\",\"0\",\"0\",\"-20\",\"0\",\"0\",\"0\",\"-180\",\"-318\",\"0\",\"0\",\"1,462\"\n";
    let (bytes, _, bad) = encoding_rs::SHIFT_JIS.encode(body);
    assert!(!bad);
    let f = wb.file("jp_range.csv", &bytes);
    let (_, sums) = wb.import(&[ao, f]);
    let s = summary(&sums, "jp_range");
    assert_eq!((s.layout.as_str(), s.read_as.as_str()), ("ja", "Shift_JIS"));
    assert_eq!(
        wb.col("SELECT category || ' ' || amount || ' ' || day FROM expenses ORDER BY category"),
        [
            format!(
                "0 180000000 {}",
                sellerdeck::util::day_of(chrono::NaiveDate::from_ymd_opt(2026, 10, 5).unwrap())
            ),
            format!(
                "1 318000000 {}",
                sellerdeck::util::day_of(chrono::NaiveDate::from_ymd_opt(2026, 10, 5).unwrap())
            ),
            format!(
                "5 20000000 {}",
                sellerdeck::util::day_of(chrono::NaiveDate::from_ymd_opt(2026, 10, 5).unwrap())
            ),
        ]
    );
    // JP prices include consumption tax: 1980 − 180
    assert_eq!(wb.one("SELECT gross FROM order_lines"), "1800000000");
}

#[test]
fn german_business_report_utf16_with_asins_from_skus_csv() {
    let wb = Wb::with_stores(EU_STORES);
    let skus = wb.file(
        "skus.csv",
        "sku,title,asin\nPHN-GAN65-WH,Charger,B0SDGAN651\nPHN-CBL-C2C-1M,Cable,B0SDCBL1M2\n",
    );
    let body = "(Übergeordnete) ASIN,(Untergeordnete) ASIN,Titel,Sitzungen – mobile App,Sitzungen – Browser,Sitzungen – Summe,Seitenaufrufe – Summe,Bestellte Einheiten,Durch bestellte Produkte erzielter Umsatz\r\nB0SDGAN650,B0SDGAN651,Ladegerät,\"1,500\",613,\"2,113\",\"3,020\",48,\"1.450,80 €\"\r\nB0SDCBL1M2,B0SDCBL1M2,Kabel,90,40,130,170,4,\"39,96 €\"\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    for u in body.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let f = wb.file("BusinessReport_2026-10-07.csv", &bytes);
    let o = ExportOptions {
        store: Some("amz-de".into()),
        ..Default::default()
    };
    let (_, sums) = wb
        .import_with(&[skus, f], &o)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(summary(&sums, "Business").read_as.contains("UTF-16"));
    assert_eq!(
        wb.col("SELECT sku || ' ' || sessions || ' ' || page_views || ' ' || mobile_sessions FROM traffic ORDER BY sku"),
        ["PHN-CBL-C2C-1M 130 170 90", "PHN-GAN65-WH 2113 3020 1500"]
    );
}

#[test]
fn shopee_indonesian_idr_and_chinese_gbk() {
    let wb = Wb::with_stores(
        "store_id,channel,name,country,currency,timezone\nshopee-id,Shopee,ID,ID,IDR,Asia/Jakarta\n",
    );
    let id = "No. Pesanan,Status Pesanan,Waktu Pesanan Dibuat,Nomor Referensi SKU,Nama Produk,Harga Awal,Harga Setelah Diskon,Jumlah,Diskon Dari Penjual,Username (Pembeli)\n\
        2610ID01,Selesai,2026-10-05 23:30,OUT-TOWEL-WH,Handuk,399.000,349.000,2,100.000,budi\n\
        2610ID02,Batal,2026-10-06 08:00,OUT-TOWEL-WH,Handuk,399.000,399.000,1,0,sari\n";
    let f = wb.file("Order.all.20261005_20261006.csv", id);
    let (_, sums) = wb.import(&[f]);
    assert_eq!(sums[0].layout, "id");
    assert_eq!(wb.gmv_by_day("shopee-id"), [day("2026-10-05", "698000")]);
    let zh = "订单编号,订单状态,订单创建时间,SKU参考号,商品名称,原价,成交价,数量,卖家折扣\n2610ZH01,已完成,2026-10-07 12:00,HOM-MUG-350,马克杯,\"15.000\",\"15.000\",1,0\n";
    let (bytes, _, bad) = encoding_rs::GB18030.encode(zh);
    assert!(!bad);
    let g = wb.file("shopee_zh.csv", &bytes);
    let (_, sums) = wb.import(&[g]);
    assert_eq!(sums[0].read_as, "GBK/GB18030");
    assert_eq!(wb.one("SELECT gross FROM order_lines l JOIN orders o ON o.oid=l.oid WHERE o.order_id='2610ZH01'"), "15000000000");
}

#[test]
fn tiktok_brazil_escaped_ids_day_first_and_decimal_comma() {
    let wb = Wb::with_stores(
        "store_id,channel,name,country,currency,timezone\ntt-br,TikTok Shop,BR,BR,BRL,America/Sao_Paulo\n",
    );
    let body = "Order ID,Order Status,Seller SKU,Product Name,Quantity,SKU Unit Original Price,SKU Platform Discount,SKU Seller Discount,Order Refund Amount,Created Time,Buyer Username\n\
        Platform unique order ID.,Current order status.,Seller SKU input.,Product name.,SKU sold quantity.,Unit price.,Platform discount.,Seller discount.,Refund.,Order created time.,Buyer.\n\
        \"=\"\"576801234567899901\"\"\",Concluído,OUT-TOWEL-WH,Toalha,2,\"BRL 35,91\",\"BRL 1,00\",\"BRL 2,00\",\"BRL 0,00\",13/10/2026 9:30:33 PM,\"comprador\t\"\n\
        \"576801234567899902\t\",Cancelado,OUT-TOWEL-WH,Toalha,1,\"BRL 1.035,91\",0,0,0,14/10/2026 10:00:00 AM,outro\n";
    let f = wb.file("tiktok_br.csv", body);
    wb.import(&[f]);
    assert_eq!(
        wb.col("SELECT order_id || ' ' || status FROM orders ORDER BY order_id"),
        ["576801234567899901 2", "576801234567899902 3"]
    );
    assert_eq!(wb.gmv_by_day("tt-br"), [day("2026-10-13", "69.82")]);
    assert_eq!(
        wb.one("SELECT gross FROM order_lines l JOIN orders o ON o.oid=l.oid WHERE status=3"),
        "1035910000"
    );
}

// ── generate --exports: the demo data as platform exports ───────────────────

#[test]
fn generated_exports_round_trip_to_the_canonical_import() {
    let canon = tempfile::tempdir().unwrap();
    let opts = sellerdeck::generate::GenOptions {
        seed: 11,
        orders: 1500,
        ..Default::default()
    };
    sellerdeck::generate::generate_csv(canon.path(), &opts).unwrap();
    let a = crate::common::import_dir(canon.path());
    let ex = tempfile::tempdir().unwrap();
    sellerdeck::generate::exports::write_exports(canon.path(), ex.path()).unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(ex.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(
        files
            .iter()
            .any(|f| f.to_string_lossy().ends_with("amazon_all_orders.txt"))
    );
    let b_dir = tempfile::tempdir().unwrap();
    let b = b_dir.path().join("wb.db");
    exports::import(
        &b,
        &files,
        &ImportOptions::default(),
        &ExportOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e:#}"));
    let q = |path: &Path, sql: &str| -> Vec<String> {
        let c = Connection::open(path).unwrap();
        let mut st = c.prepare(sql).unwrap();
        let n = st.column_count();
        st.query_map([], |r| {
            let mut s = String::new();
            for i in 0..n {
                let v: rusqlite::types::Value = r.get(i)?;
                s.push_str(&format!("{v:?} "));
            }
            Ok(s)
        })
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
    };
    // the same facts, store by store and day by day
    for sql in [
        "SELECT o.store_id, o.day, o.status < 3, count(DISTINCT o.oid), sum(l.qty), sum(l.gross), sum(l.discount)
           FROM orders o JOIN order_lines l ON l.oid = o.oid GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
        "SELECT store_id, day, amount, qty, is_return FROM refunds ORDER BY refund_id",
        "SELECT store_id, count(DISTINCT customer_id), sum(is_first) FROM orders GROUP BY 1 ORDER BY 1",
        "SELECT day, store_id, sku, gross, discount, units FROM r_line_day ORDER BY 1, 2, 3",
        "SELECT count(*), sum(amount), count(oid) FROM expenses",
        "SELECT count(*), sum(shipped_ms), sum(delivered_ms) FROM shipments",
    ] {
        let (x, y) = (q(&a.path, sql), q(&b, sql));
        let first = x.iter().zip(&y).find(|(u, v)| u != v);
        assert!(x.len() == y.len() && first.is_none(), "{sql}: {} vs {} rows, first difference {first:?}", x.len(), y.len());
    }
    // and the same GMV, orders and new customers in the report
    let ra = crate::common::report(&a, "2026-10", sellerdeck::metrics::engine::Level::Channel);
    let bi = crate::common::Imported {
        dir: b_dir,
        path: b,
    };
    let rb = crate::common::report(&bi, "2026-10", sellerdeck::metrics::engine::Level::Channel);
    for ch in ["Amazon", "Shopify", "TikTok Shop", "Shopee"] {
        for m in ["gmv", "orders", "new_customers", "refund_rate"] {
            assert_eq!(
                crate::common::value(crate::common::row(&ra, ch), m),
                crate::common::value(crate::common::row(&rb, ch), m),
                "{ch} {m}"
            );
        }
    }
}

#[test]
fn forced_format_and_canonical_files_in_the_same_call() {
    let wb = Wb::new();
    // --format forces one reading; a file that does not fit says what it misses
    let o = ExportOptions {
        format: Some("amazon-fba-inventory".into()),
        ..Default::default()
    };
    let errs = wb.errors(&[fx("shopify_orders_export.csv")], &o);
    assert!(
        errs.iter()
            .any(|e| e.contains("not a Amazon FBA inventory")),
        "{errs:#?}"
    );
    let o = ExportOptions {
        format: Some("shopify-orders".into()),
        ..Default::default()
    };
    wb.import_with(&[fx("shopify_orders_export.csv")], &o)
        .unwrap();
    assert_eq!(wb.one("SELECT count(*) FROM orders"), "8");
    // a canonical skus.csv with an asin column next to an export: both in one transaction
    let skus = wb.file(
        "skus.csv",
        "sku,title,category,asin\nOUT-TOWEL-WH,Towel,outdoor,B0SDTWL003\n",
    );
    wb.import(&[skus, fx("tiktok_shop_orders_us.csv")]);
    assert_eq!(
        wb.one("SELECT title || ' ' || category || ' ' || asin FROM skus WHERE sku='OUT-TOWEL-WH'"),
        "Towel outdoor B0SDTWL003"
    );
}
