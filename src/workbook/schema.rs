//! The workbook's SQLite schema and its forward migrations.
//!
//! Storage choices: calendar days are INTEGER days since 1970-01-01 in the
//! store's local time; instants are INTEGER milliseconds since the Unix epoch
//! (UTC); money is INTEGER micro-units (10⁻⁶) of its currency, so SQL sums are
//! exact; FX rates are exact decimal TEXT. Blank optional numbers are NULL.
//! Enumerations are small integer codes (see `codes`).

pub const SCHEMA_VERSION: i64 = 4;

/// The oldest schema a read-only open accepts as it is: version 2 lacks only the
/// precomputed blobs of version 3 and the experience rollups of version 4, and
/// the engine then reads the raw rows themselves (an import or `check` migrates it).
pub const OLDEST_READABLE: i64 = 2;

pub const SCHEMA_V1: &str = r#"
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE stores (
    store_id TEXT PRIMARY KEY, channel TEXT NOT NULL, name TEXT, country TEXT NOT NULL,
    currency TEXT NOT NULL, timezone TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE skus (
    sku TEXT PRIMARY KEY, title TEXT, category TEXT, launched_on INTEGER,
    lead_time_days INTEGER NOT NULL, asin TEXT
) WITHOUT ROWID;
CREATE TABLE sku_costs (
    sku TEXT NOT NULL, effective_from INTEGER NOT NULL, currency TEXT NOT NULL,
    purchase INTEGER NOT NULL, inbound_freight INTEGER, duty INTEGER, packaging INTEGER,
    PRIMARY KEY (sku, effective_from)
) WITHOUT ROWID;
CREATE TABLE fx_rates (
    currency TEXT NOT NULL, day INTEGER NOT NULL, rate TEXT NOT NULL,
    PRIMARY KEY (currency, day)
) WITHOUT ROWID;

-- status: 0 placed, 1 shipped, 2 delivered, 3 cancelled, 4 payment_failed (valid: < 3)
-- device: 0 mobile, 1 desktop, 2 app, 3 other
-- oid: a compact surrogate key that every table referring to an order uses; it
-- survives a re-import of the order (upsert), so the references stay valid.
-- is_first / first_day: the customer's first valid order in the whole workbook
-- (ties by order_id) and its local day, maintained at import (rollup.rs).
CREATE TABLE orders (
    oid INTEGER PRIMARY KEY, order_id TEXT NOT NULL UNIQUE, store_id TEXT NOT NULL,
    ordered_ms INTEGER NOT NULL, day INTEGER NOT NULL, customer_id TEXT,
    status INTEGER NOT NULL, device INTEGER, acquisition TEXT, ship_by_ms INTEGER,
    is_first INTEGER NOT NULL DEFAULT 0, first_day INTEGER
);
CREATE INDEX orders_day ON orders (day, store_id);
CREATE INDEX orders_customer ON orders (customer_id) WHERE customer_id IS NOT NULL;

-- gross = qty × unit_price (micro-units); lines of one order and SKU are merged
CREATE TABLE order_lines (
    oid INTEGER NOT NULL, sku TEXT NOT NULL, qty INTEGER NOT NULL,
    gross INTEGER NOT NULL, discount INTEGER NOT NULL,
    PRIMARY KEY (oid, sku)
) WITHOUT ROWID;
CREATE TABLE shipments (
    oid INTEGER PRIMARY KEY, shipped_ms INTEGER, delivered_ms INTEGER, carrier TEXT,
    warehouse TEXT, damaged INTEGER NOT NULL
);
-- store_id is the order's store (kept in sync on re-import), so a period's refunds
-- are read from the covering day index without touching the orders table.
CREATE TABLE refunds (
    refund_id TEXT PRIMARY KEY, oid INTEGER NOT NULL, store_id TEXT NOT NULL, refunded_ms INTEGER NOT NULL,
    day INTEGER NOT NULL, amount INTEGER NOT NULL, sku TEXT, qty INTEGER, reason TEXT,
    is_return INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX refunds_day ON refunds (day, store_id, oid, amount, sku, is_return);
CREATE INDEX refunds_order ON refunds (oid);
CREATE TABLE traffic (
    day INTEGER NOT NULL, store_id TEXT NOT NULL, sku TEXT NOT NULL, sessions INTEGER NOT NULL,
    page_views INTEGER, add_to_cart INTEGER, checkouts INTEGER, bounced_sessions INTEGER,
    mobile_sessions INTEGER,
    PRIMARY KEY (day, store_id, sku)
) WITHOUT ROWID;
CREATE TABLE ads (
    day INTEGER NOT NULL, store_id TEXT NOT NULL, campaign TEXT NOT NULL, sku TEXT NOT NULL,
    impressions INTEGER, clicks INTEGER, spend INTEGER NOT NULL, ad_sales INTEGER,
    ad_orders INTEGER, ad_units INTEGER,
    PRIMARY KEY (day, store_id, campaign, sku)
) WITHOUT ROWID;
CREATE TABLE inventory (
    sku TEXT NOT NULL, warehouse TEXT NOT NULL, day INTEGER NOT NULL, store_id TEXT,
    on_hand INTEGER NOT NULL, inbound INTEGER, reserved INTEGER,
    PRIMARY KEY (sku, warehouse, day)
) WITHOUT ROWID;
-- The (sku, warehouse) series, so a period's snapshots are read by primary-key ranges.
CREATE TABLE inventory_pairs (sku TEXT NOT NULL, warehouse TEXT NOT NULL, PRIMARY KEY (sku, warehouse)) WITHOUT ROWID;
-- category: index into catalogue::EXPENSE_CATEGORIES
CREATE TABLE expenses (
    expense_id TEXT PRIMARY KEY, day INTEGER NOT NULL, category INTEGER NOT NULL,
    amount INTEGER NOT NULL, currency TEXT NOT NULL, store_id TEXT, sku TEXT, oid INTEGER,
    note TEXT
) WITHOUT ROWID;
CREATE INDEX expenses_day ON expenses (day);
CREATE TABLE reviews (
    review_id TEXT PRIMARY KEY, day INTEGER NOT NULL, store_id TEXT NOT NULL,
    rating INTEGER NOT NULL, sku TEXT, oid INTEGER
) WITHOUT ROWID;
CREATE INDEX reviews_day ON reviews (day);
CREATE INDEX reviews_order ON reviews (oid) WHERE oid IS NOT NULL;
-- category: 0 question, 1 return, 2 claim, 3 chargeback, 4 complaint, 5 other
CREATE TABLE tickets (
    ticket_id TEXT PRIMARY KEY, opened_ms INTEGER NOT NULL, day INTEGER NOT NULL,
    store_id TEXT NOT NULL, oid INTEGER, category INTEGER, first_response_ms INTEGER,
    resolved_ms INTEGER, escalated INTEGER NOT NULL, resolved_first_contact INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX tickets_day ON tickets (day);
CREATE INDEX tickets_order ON tickets (oid) WHERE oid IS NOT NULL;
-- kind: 0 nps, 1 csat
CREATE TABLE surveys (
    response_id TEXT PRIMARY KEY, day INTEGER NOT NULL, store_id TEXT NOT NULL,
    kind INTEGER NOT NULL, score INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX surveys_day ON surveys (day);
CREATE TABLE targets (
    period TEXT NOT NULL, level TEXT NOT NULL, key TEXT NOT NULL, metric TEXT NOT NULL,
    target TEXT NOT NULL,
    PRIMARY KEY (period, level, key, metric)
) WITHOUT ROWID;
CREATE TABLE ext_metrics (
    metric TEXT NOT NULL, level TEXT NOT NULL, key TEXT NOT NULL, day INTEGER NOT NULL,
    value TEXT NOT NULL, label TEXT,
    PRIMARY KEY (metric, level, key, day)
) WITHOUT ROWID;

-- Rollups, maintained at import (see rollup.rs). Order facts by the day the order
-- was placed (local): counts of orders and of their fulfilment/experience facts.
CREATE TABLE r_order_day (
    day INTEGER NOT NULL, store_id TEXT NOT NULL,
    orders_all INTEGER NOT NULL, orders INTEGER NOT NULL, cancelled INTEGER NOT NULL,
    payment_failed INTEGER NOT NULL, mobile INTEGER NOT NULL, shipped INTEGER NOT NULL,
    with_ship_by INTEGER NOT NULL, on_time INTEGER NOT NULL, ship_ms INTEGER NOT NULL,
    delivered INTEGER NOT NULL, delivery_ms INTEGER NOT NULL, damaged INTEGER NOT NULL,
    ticket_orders INTEGER NOT NULL, defect_orders INTEGER NOT NULL,
    firsts INTEGER NOT NULL, -- customers' first valid orders (new customers)
    PRIMARY KEY (day, store_id)
) WITHOUT ROWID;
-- The same per SKU (an order counts for every SKU it contains), plus the money
-- and units of that SKU's lines of valid orders (store currency, micro-units).
CREATE TABLE r_line_day (
    day INTEGER NOT NULL, store_id TEXT NOT NULL, sku TEXT NOT NULL,
    gross INTEGER NOT NULL, discount INTEGER NOT NULL, units INTEGER NOT NULL,
    orders_all INTEGER NOT NULL, orders INTEGER NOT NULL, cancelled INTEGER NOT NULL,
    payment_failed INTEGER NOT NULL, mobile INTEGER NOT NULL, shipped INTEGER NOT NULL,
    with_ship_by INTEGER NOT NULL, on_time INTEGER NOT NULL, ship_ms INTEGER NOT NULL,
    delivered INTEGER NOT NULL, delivery_ms INTEGER NOT NULL, damaged INTEGER NOT NULL,
    ticket_orders INTEGER NOT NULL, defect_orders INTEGER NOT NULL,
    firsts INTEGER NOT NULL,
    PRIMARY KEY (day, store_id, sku)
) WITHOUT ROWID;
-- The same facts per calendar month (`month` = day number of its 1st), with money
-- converted to the base currency at each day's rate and summed exactly: decimal
-- TEXT, NULL when undefined (a missing FX rate or cost). The local sums let
-- fx_impact be derived (Σ base − mean rate × Σ local). Rebuilt for dirty months,
-- and from the first changed date on when FX rates or costs are imported.
CREATE TABLE r_order_month (
    month INTEGER NOT NULL, store_id TEXT NOT NULL,
    orders_all INTEGER NOT NULL, orders INTEGER NOT NULL, cancelled INTEGER NOT NULL,
    payment_failed INTEGER NOT NULL, mobile INTEGER NOT NULL, shipped INTEGER NOT NULL,
    with_ship_by INTEGER NOT NULL, on_time INTEGER NOT NULL, ship_ms INTEGER NOT NULL,
    delivered INTEGER NOT NULL, delivery_ms INTEGER NOT NULL, damaged INTEGER NOT NULL,
    ticket_orders INTEGER NOT NULL, defect_orders INTEGER NOT NULL,
    firsts INTEGER NOT NULL,
    PRIMARY KEY (month, store_id)
) WITHOUT ROWID;
-- Traffic per calendar month and listing: every sum rule 7 needs (known rows,
-- sessions of the rows where an optional column is known), all integers.
CREATE TABLE r_traffic_month (
    month INTEGER NOT NULL, store_id TEXT NOT NULL, sku TEXT NOT NULL, rows INTEGER NOT NULL,
    sessions INTEGER NOT NULL,
    page_views INTEGER NOT NULL, page_views_known INTEGER NOT NULL, page_views_sessions INTEGER NOT NULL,
    add_to_cart INTEGER NOT NULL, add_to_cart_known INTEGER NOT NULL, add_to_cart_sessions INTEGER NOT NULL,
    bounced INTEGER NOT NULL, bounced_known INTEGER NOT NULL, bounced_sessions INTEGER NOT NULL,
    mobile INTEGER NOT NULL, mobile_known INTEGER NOT NULL, mobile_sessions INTEGER NOT NULL,
    checkouts INTEGER NOT NULL, checkouts_known INTEGER NOT NULL,
    pair_checkouts INTEGER NOT NULL, pair_add_to_cart INTEGER NOT NULL, pair_rows INTEGER NOT NULL,
    PRIMARY KEY (month, store_id, sku)
) WITHOUT ROWID;
-- Ads per calendar month and listing; money both local (micro-units) and in base
-- currency (exact decimal TEXT, NULL when a rate is missing).
CREATE TABLE r_ads_month (
    month INTEGER NOT NULL, store_id TEXT NOT NULL, sku TEXT NOT NULL, rows INTEGER NOT NULL,
    impressions INTEGER NOT NULL, impressions_known INTEGER NOT NULL,
    clicks INTEGER NOT NULL, clicks_known INTEGER NOT NULL,
    ad_sales_known INTEGER NOT NULL, ad_orders INTEGER NOT NULL, ad_orders_known INTEGER NOT NULL,
    ctr_clicks INTEGER NOT NULL, ctr_impressions INTEGER NOT NULL, ctr_rows INTEGER NOT NULL,
    cvr_orders INTEGER NOT NULL, cvr_clicks INTEGER NOT NULL, cvr_rows INTEGER NOT NULL,
    spend TEXT, ad_sales TEXT, spend_sales_known TEXT, spend_clicks_known TEXT, spend_imp_known TEXT,
    PRIMARY KEY (month, store_id, sku)
) WITHOUT ROWID;
CREATE TABLE r_line_month (
    month INTEGER NOT NULL, store_id TEXT NOT NULL, sku TEXT NOT NULL,
    gross INTEGER NOT NULL, discount INTEGER NOT NULL, units INTEGER NOT NULL,
    orders_all INTEGER NOT NULL, orders INTEGER NOT NULL, cancelled INTEGER NOT NULL,
    payment_failed INTEGER NOT NULL, mobile INTEGER NOT NULL, shipped INTEGER NOT NULL,
    with_ship_by INTEGER NOT NULL, on_time INTEGER NOT NULL, ship_ms INTEGER NOT NULL,
    delivered INTEGER NOT NULL, delivery_ms INTEGER NOT NULL, damaged INTEGER NOT NULL,
    ticket_orders INTEGER NOT NULL, defect_orders INTEGER NOT NULL,
    firsts INTEGER NOT NULL,
    gross_base TEXT, discount_base TEXT, cogs_base TEXT,
    PRIMARY KEY (month, store_id, sku)
) WITHOUT ROWID;
"#;

/// Optional columns added to the contract after version 1 (table, column, type):
/// a workbook opened for writing that lacks one gets it (`ALTER TABLE ... ADD COLUMN`),
/// so older workbooks stay readable without a version bump.
pub const ADDED_COLUMNS: &[(&str, &str, &str)] = &[("skus", "asin", "TEXT")];

/// Forward migrations: `MIGRATIONS[i]` upgrades version i+1 to i+2.
pub const MIGRATIONS: &[&str] = &[
    // 2: orders not yet shipped whose ship_by lies after the data end (kpi-spec rule 14)
    // are found by their ship_by, not by scanning the period's orders.
    "CREATE INDEX orders_ship_by ON orders (ship_by_ms) WHERE ship_by_ms IS NOT NULL;",
    // 3: precomputed blobs rebuilt at import (the customer index, custindex.rs); a
    // migrated workbook gets its index built by the migration (Workbook::migrate).
    "CREATE TABLE r_blob (name TEXT PRIMARY KEY, data BLOB NOT NULL);",
    // 4: experience rollups (rollup_exp.rs); a migrated workbook gets them built by
    // the migration (Workbook::migrate). And an index that covers what the engine
    // reads of a period's expenses, so the read never visits the table.
    EXPERIENCE_ROLLUPS,
];

/// Reviews, surveys and tickets summed per day (and per calendar month, `month` =
/// day number of its 1st), all integers, so any period is whole months plus edge
/// days. A review without a SKU has sku ''. Tickets are summed per (day, store)
/// by their own store, and per (day, store, sku) over the distinct SKUs of their
/// order's lines (kpi-spec rule 2). `r_exp_dirty` holds the days whose raw rows
/// changed since the rollups were last refreshed: the triggers below fill it on
/// every write, `rollup_exp::refresh` empties it.
const EXPERIENCE_ROLLUPS: &str = r#"
CREATE TABLE r_exp_dirty (day INTEGER PRIMARY KEY);
CREATE TABLE r_review_day (
    day INTEGER NOT NULL, store_id TEXT NOT NULL, sku TEXT NOT NULL,
    reviews INTEGER NOT NULL, rating_sum INTEGER NOT NULL, negative INTEGER NOT NULL, positive INTEGER NOT NULL,
    PRIMARY KEY (day, store_id, sku)
) WITHOUT ROWID;
CREATE TABLE r_review_month (
    month INTEGER NOT NULL, store_id TEXT NOT NULL, sku TEXT NOT NULL,
    reviews INTEGER NOT NULL, rating_sum INTEGER NOT NULL, negative INTEGER NOT NULL, positive INTEGER NOT NULL,
    PRIMARY KEY (month, store_id, sku)
) WITHOUT ROWID;
-- promoters: score >= 9, detractors: <= 6 (NPS, kind 0); good: >= 4 (CSAT)
CREATE TABLE r_survey_day (
    day INTEGER NOT NULL, store_id TEXT NOT NULL, kind INTEGER NOT NULL,
    responses INTEGER NOT NULL, promoters INTEGER NOT NULL, detractors INTEGER NOT NULL, good INTEGER NOT NULL,
    PRIMARY KEY (day, store_id, kind)
) WITHOUT ROWID;
CREATE TABLE r_survey_month (
    month INTEGER NOT NULL, store_id TEXT NOT NULL, kind INTEGER NOT NULL,
    responses INTEGER NOT NULL, promoters INTEGER NOT NULL, detractors INTEGER NOT NULL, good INTEGER NOT NULL,
    PRIMARY KEY (month, store_id, kind)
) WITHOUT ROWID;
-- durations in ms from opened_ms; first_contact counts resolved tickets only
CREATE TABLE r_ticket_day (
    day INTEGER NOT NULL, store_id TEXT NOT NULL,
    tickets INTEGER NOT NULL, escalated INTEGER NOT NULL, first_responses INTEGER NOT NULL,
    first_response_ms INTEGER NOT NULL, resolved INTEGER NOT NULL, resolution_ms INTEGER NOT NULL,
    first_contact INTEGER NOT NULL,
    PRIMARY KEY (day, store_id)
) WITHOUT ROWID;
CREATE TABLE r_ticket_month (
    month INTEGER NOT NULL, store_id TEXT NOT NULL,
    tickets INTEGER NOT NULL, escalated INTEGER NOT NULL, first_responses INTEGER NOT NULL,
    first_response_ms INTEGER NOT NULL, resolved INTEGER NOT NULL, resolution_ms INTEGER NOT NULL,
    first_contact INTEGER NOT NULL,
    PRIMARY KEY (month, store_id)
) WITHOUT ROWID;
CREATE TABLE r_ticket_sku_day (
    day INTEGER NOT NULL, store_id TEXT NOT NULL, sku TEXT NOT NULL,
    tickets INTEGER NOT NULL, escalated INTEGER NOT NULL, first_responses INTEGER NOT NULL,
    first_response_ms INTEGER NOT NULL, resolved INTEGER NOT NULL, resolution_ms INTEGER NOT NULL,
    first_contact INTEGER NOT NULL,
    PRIMARY KEY (day, store_id, sku)
) WITHOUT ROWID;
CREATE TABLE r_ticket_sku_month (
    month INTEGER NOT NULL, store_id TEXT NOT NULL, sku TEXT NOT NULL,
    tickets INTEGER NOT NULL, escalated INTEGER NOT NULL, first_responses INTEGER NOT NULL,
    first_response_ms INTEGER NOT NULL, resolved INTEGER NOT NULL, resolution_ms INTEGER NOT NULL,
    first_contact INTEGER NOT NULL,
    PRIMARY KEY (month, store_id, sku)
) WITHOUT ROWID;
-- The triggers mark the days a write gives rows dirty (they never conflict, so an
-- outer statement's conflict clause, which would override theirs, cannot change
-- them). The old day of a row that INSERT OR REPLACE moved (whose DELETE triggers
-- do not fire) is found by `rollup_exp::refresh`: its count no longer matches.
CREATE TRIGGER reviews_dirty_insert AFTER INSERT ON reviews
    WHEN NOT EXISTS (SELECT 1 FROM r_exp_dirty WHERE day = NEW.day)
    BEGIN INSERT INTO r_exp_dirty VALUES (NEW.day); END;
CREATE TRIGGER reviews_dirty_update AFTER UPDATE ON reviews
    WHEN NOT EXISTS (SELECT 1 FROM r_exp_dirty WHERE day = NEW.day)
    BEGIN INSERT INTO r_exp_dirty VALUES (NEW.day); END;
CREATE TRIGGER reviews_dirty_update_old AFTER UPDATE ON reviews
    WHEN NOT EXISTS (SELECT 1 FROM r_exp_dirty WHERE day = OLD.day)
    BEGIN INSERT INTO r_exp_dirty VALUES (OLD.day); END;
CREATE TRIGGER reviews_dirty_delete AFTER DELETE ON reviews
    WHEN NOT EXISTS (SELECT 1 FROM r_exp_dirty WHERE day = OLD.day)
    BEGIN INSERT INTO r_exp_dirty VALUES (OLD.day); END;
CREATE TRIGGER surveys_dirty_insert AFTER INSERT ON surveys
    WHEN NOT EXISTS (SELECT 1 FROM r_exp_dirty WHERE day = NEW.day)
    BEGIN INSERT INTO r_exp_dirty VALUES (NEW.day); END;
CREATE TRIGGER surveys_dirty_update AFTER UPDATE ON surveys
    WHEN NOT EXISTS (SELECT 1 FROM r_exp_dirty WHERE day = NEW.day)
    BEGIN INSERT INTO r_exp_dirty VALUES (NEW.day); END;
CREATE TRIGGER surveys_dirty_update_old AFTER UPDATE ON surveys
    WHEN NOT EXISTS (SELECT 1 FROM r_exp_dirty WHERE day = OLD.day)
    BEGIN INSERT INTO r_exp_dirty VALUES (OLD.day); END;
CREATE TRIGGER surveys_dirty_delete AFTER DELETE ON surveys
    WHEN NOT EXISTS (SELECT 1 FROM r_exp_dirty WHERE day = OLD.day)
    BEGIN INSERT INTO r_exp_dirty VALUES (OLD.day); END;
CREATE TRIGGER tickets_dirty_insert AFTER INSERT ON tickets
    WHEN NOT EXISTS (SELECT 1 FROM r_exp_dirty WHERE day = NEW.day)
    BEGIN INSERT INTO r_exp_dirty VALUES (NEW.day); END;
CREATE TRIGGER tickets_dirty_update AFTER UPDATE ON tickets
    WHEN NOT EXISTS (SELECT 1 FROM r_exp_dirty WHERE day = NEW.day)
    BEGIN INSERT INTO r_exp_dirty VALUES (NEW.day); END;
CREATE TRIGGER tickets_dirty_update_old AFTER UPDATE ON tickets
    WHEN NOT EXISTS (SELECT 1 FROM r_exp_dirty WHERE day = OLD.day)
    BEGIN INSERT INTO r_exp_dirty VALUES (OLD.day); END;
CREATE TRIGGER tickets_dirty_delete AFTER DELETE ON tickets
    WHEN NOT EXISTS (SELECT 1 FROM r_exp_dirty WHERE day = OLD.day)
    BEGIN INSERT INTO r_exp_dirty VALUES (OLD.day); END;
-- Not a rollup: an index that covers what the engine reads of a period's expenses.
DROP INDEX expenses_day;
CREATE INDEX expenses_day ON expenses (day, store_id, category, amount, currency, sku, oid);
"#;

pub mod codes {
    pub const STATUSES: [&str; 5] = [
        "placed",
        "shipped",
        "delivered",
        "cancelled",
        "payment_failed",
    ];
    pub const DEVICES: [&str; 4] = ["mobile", "desktop", "app", "other"];
    pub const TICKET_CATEGORIES: [&str; 6] = [
        "question",
        "return",
        "claim",
        "chargeback",
        "complaint",
        "other",
    ];
    pub const SURVEY_KINDS: [&str; 2] = ["nps", "csat"];
    pub const CANCELLED: i64 = 3;
    pub const PAYMENT_FAILED: i64 = 4;
}
