//! The mapping as data: one table per platform format, listing its columns
//! (every header spelling, all languages), which canonical column each feeds,
//! and the localized values it maps. `docs/exports.md` is generated from these
//! tables (`sellerdeck::exports::docs_markdown`, checked by a test).

use super::value::{DayMonth, Dec};

/// One column of an export.
pub struct Col {
    /// The converter's name for the column.
    pub key: &'static str,
    /// Header spellings (the first is the English one); matched case-insensitively,
    /// ignoring spaces around, `–`/`-` and full-width brackets.
    pub names: &'static [&'static str],
    pub required: bool,
    /// What it feeds in the canonical tables.
    pub feeds: &'static str,
}

/// Localized values of a column and what each means.
pub struct Values {
    pub col: &'static str,
    pub map: &'static [(&'static str, &'static str)],
}

/// A language layout, recognised by the spelling of one column's header.
pub struct Layout {
    pub lang: &'static str,
    pub col: &'static str,
    pub name: &'static str,
    pub dec: Dec,
    pub dm: DayMonth,
}

pub struct Format {
    /// `--format NAME`
    pub id: &'static str,
    pub title: &'static str,
    /// The channel of the stores it goes to (stores.channel).
    pub channel: &'static str,
    pub tables: &'static str,
    pub cols: &'static [Col],
    pub values: &'static [Values],
    pub layouts: &'static [Layout],
    pub notes: &'static [&'static str],
}

impl Format {
    pub fn col(&self, key: &str) -> usize {
        self.cols
            .iter()
            .position(|c| c.key == key)
            .unwrap_or_else(|| panic!("format {}: no column {key}", self.id))
    }
    pub fn values(&self, col: &str) -> &'static [(&'static str, &'static str)] {
        self.values
            .iter()
            .find(|v| v.col == col)
            .map(|v| v.map)
            .unwrap_or(&[])
    }
    /// The meaning of a value of a mapped column (case-insensitive), if listed.
    pub fn meaning(&self, col: &str, v: &str) -> Option<&'static str> {
        let v = norm(v);
        self.values(col)
            .iter()
            .find(|(k, _)| norm(k) == v)
            .map(|x| x.1)
    }
}

/// Header normalisation: lower case, single spaces, `–`/`—` as `-`, full-width
/// brackets and typographic apostrophes as ASCII, BOM and trailing `:` removed.
pub fn norm(s: &str) -> String {
    let s = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}' || c == '"');
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let c = match c {
            '–' | '—' | '‐' => '-',
            '（' => '(',
            '）' => ')',
            '’' | '‘' => '\'',
            '\u{a0}' => ' ',
            c => c,
        };
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.extend(c.to_lowercase());
    }
    out.trim_end_matches(':').trim_end().to_string()
}

macro_rules! col {
    ($key:literal, [$($n:literal),+], req, $feeds:literal) => {
        Col { key: $key, names: &[$($n),+], required: true, feeds: $feeds }
    };
    ($key:literal, [$($n:literal),+], $feeds:literal) => {
        Col { key: $key, names: &[$($n),+], required: false, feeds: $feeds }
    };
}

const EN_POINT: Layout = Layout {
    lang: "en",
    col: "",
    name: "",
    dec: Dec::Point,
    dm: DayMonth::MonthFirst,
};

pub static SHOPIFY_ORDERS: Format = Format {
    id: "shopify-orders",
    title: "Shopify orders export",
    channel: "Shopify",
    tables: "orders, order_lines (skus for unknown SKUs)",
    cols: &[
        col!(
            "name",
            ["Name"],
            req,
            "orders.order_id (prefixed with the store id: `STORE:#1001`, Shopify numbers restart per shop)"
        ),
        col!(
            "email",
            ["Email"],
            "orders.customer_id (keyed hash; the e-mail is not stored)"
        ),
        col!(
            "financial",
            ["Financial Status"],
            req,
            "orders.status (with Fulfillment Status and Cancelled at)"
        ),
        col!("fulfillment", ["Fulfillment Status"], "orders.status"),
        col!(
            "currency",
            ["Currency"],
            "checked against the store's currency"
        ),
        col!(
            "subtotal",
            ["Subtotal"],
            "order-level discount = lines' gross − Lineitem discounts − Subtotal"
        ),
        col!(
            "shipping",
            ["Shipping"],
            "tax-inclusive test (Total = Subtotal + Shipping)"
        ),
        col!(
            "taxes",
            ["Taxes"],
            "taken out of tax-inclusive lines by gross share"
        ),
        col!("total", ["Total"], "tax-inclusive test"),
        col!(
            "discount",
            ["Discount Amount"],
            "upper bound of the order-level discount (a free-shipping code is not a product discount)"
        ),
        col!(
            "created",
            ["Created at"],
            req,
            "orders.ordered_at (the printed offset)"
        ),
        col!("qty", ["Lineitem quantity"], req, "order_lines.qty"),
        col!("title", ["Lineitem name"], "skus.title of an unknown SKU"),
        col!("price", ["Lineitem price"], req, "order_lines.unit_price"),
        col!(
            "sku",
            ["Lineitem sku"],
            req,
            "order_lines.sku (blank: gift card or custom item, skipped)"
        ),
        col!(
            "line_discount",
            ["Lineitem discount"],
            "order_lines.discount"
        ),
        col!(
            "cancelled",
            ["Cancelled at"],
            "orders.status = cancelled when set"
        ),
        col!(
            "refunded",
            ["Refunded Amount"],
            "not imported (undated): summed in the summary"
        ),
        col!(
            "billing_name",
            ["Billing Name"],
            "never stored (personal data)"
        ),
    ],
    values: &[
        Values {
            col: "financial",
            map: &[
                ("paid", "by fulfilment"),
                ("partially_paid", "by fulfilment"),
                ("partially_refunded", "by fulfilment"),
                ("refunded", "by fulfilment"),
                ("pending", "placed"),
                ("authorized", "placed"),
                ("expired", "payment_failed"),
                ("voided", "cancelled"),
            ],
        },
        Values {
            col: "fulfillment",
            map: &[
                ("fulfilled", "shipped"),
                ("partial", "shipped"),
                ("unfulfilled", "placed"),
                ("restocked", "placed"),
                ("pending", "placed"),
                ("", "placed"),
            ],
        },
    ],
    layouts: &[EN_POINT],
    notes: &[
        "Order-level fields are on an order's first row only; later rows repeat Name and Created at.",
        "Rows of one order and SKU merge. A line without a SKU (gift card, custom item, tip) is skipped with a warning and its total in the summary.",
        "GMV excludes tax: an order whose Total equals Subtotal + Shipping (no Taxes on top) has tax-inclusive prices, and its Taxes are taken out of its lines by gross share.",
        "The order-level discount (Subtotal short of the lines' gross after their Lineitem discount) is spread over the lines by gross share, rounded to the cent, the remainder on the last line.",
        "Refunded Amount has no date: no refund rows are made; the summary states the total left out (dated refunds come from the platform's refund/transaction reports).",
    ],
};

pub static SHOPIFY_PRODUCTS: Format = Format {
    id: "shopify-products",
    title: "Shopify products export",
    channel: "Shopify",
    tables: "skus, sku_costs",
    cols: &[
        col!("handle", ["Handle"], req, "groups the rows of a product"),
        col!(
            "title",
            ["Title"],
            "skus.title (with the variant's option values)"
        ),
        col!("option1", ["Option1 Value"], "skus.title suffix"),
        col!("option2", ["Option2 Value"], "skus.title suffix"),
        col!("type", ["Type"], "skus.category"),
        col!(
            "sku",
            ["Variant SKU"],
            req,
            "skus.sku (blank: image-only row, skipped)"
        ),
        col!(
            "cost",
            ["Cost per item"],
            req,
            "sku_costs.purchase in the store's currency (blank: unknown, no row)"
        ),
        col!("status", ["Status"], "not imported"),
    ],
    values: &[],
    layouts: &[EN_POINT],
    notes: &[
        "sku_costs.effective_from is --date, else the SKU's earliest order date in the workbook, else today.",
        "Cost per item `0.00` is a cost of zero; blank is unknown.",
    ],
};

pub static SHOPIFY_CONVERSION: Format = Format {
    id: "shopify-conversion",
    title: "Shopify analytics: online store conversion over time (or sessions over time)",
    channel: "Shopify",
    tables: "traffic (store level, blank sku)",
    cols: &[
        col!("day", ["Day", "Date"], req, "traffic.date"),
        col!("sessions", ["Sessions"], req, "traffic.sessions"),
        col!(
            "cart",
            ["Sessions with cart additions", "Added to cart"],
            "traffic.add_to_cart"
        ),
        col!(
            "checkout",
            ["Sessions that reached checkout", "Reached checkout"],
            "traffic.checkouts"
        ),
        col!(
            "completed",
            ["Sessions that completed checkout"],
            "not imported (orders come from the orders export)"
        ),
        col!("visitors", ["Online store visitors"], "not imported"),
    ],
    values: &[],
    layouts: &[EN_POINT],
    notes: &[],
};

pub static AMAZON_ALL_ORDERS: Format = Format {
    id: "amazon-all-orders",
    title: "Amazon All Orders report (flat file)",
    channel: "Amazon",
    tables: "orders, order_lines (skus: unknown SKUs, ASINs learned)",
    cols: &[
        col!("order", ["amazon-order-id"], req, "orders.order_id"),
        col!(
            "purchase",
            ["purchase-date"],
            req,
            "orders.ordered_at (UTC, converted to the store's zone)"
        ),
        col!("status", ["order-status"], req, "orders.status"),
        col!(
            "channel",
            ["sales-channel"],
            req,
            "the store (marketplace routing); Non-Amazon rows are skipped"
        ),
        col!("title", ["product-name"], "skus.title of an unknown SKU"),
        col!("sku", ["sku"], req, "order_lines.sku"),
        col!("asin", ["asin"], "skus.asin (learned)"),
        col!(
            "items",
            ["number-of-items"],
            "order_lines.qty of a cancelled line (its quantity is 0)"
        ),
        col!("qty", ["quantity"], req, "order_lines.qty"),
        col!(
            "currency",
            ["currency"],
            "checked against the store's currency"
        ),
        col!(
            "price",
            ["item-price"],
            req,
            "order_lines gross: the line total (VAT taken out outside US/CA)"
        ),
        col!(
            "tax",
            ["item-tax"],
            "subtracted from item-price where prices include VAT (not US/CA)"
        ),
        col!(
            "promo",
            ["item-promotion-discount"],
            "order_lines.discount (absolute value)"
        ),
        col!(
            "email",
            ["buyer-email"],
            "orders.customer_id (keyed hash; not stored)"
        ),
        col!("ship_city", ["ship-city"], "never stored (personal data)"),
    ],
    values: &[Values {
        col: "status",
        map: &[
            ("Pending", "placed"),
            ("Unshipped", "placed"),
            ("PartiallyShipped", "shipped"),
            ("Shipping", "shipped"),
            ("Shipped", "shipped"),
            ("Shipped - Delivered to Buyer", "delivered"),
            ("Delivered", "delivered"),
            ("Cancelled", "cancelled"),
        ],
    }],
    layouts: &[EN_POINT],
    notes: &[
        "Tab-separated, unquoted. item-price is the line total; unit_price = gross / quantity.",
        "A pending line with a blank item-price is left out (the order is imported as placed) with a warning; a later import of the priced report fills it.",
    ],
};

pub static AMAZON_DATE_RANGE: Format = Format {
    id: "amazon-date-range",
    title: "Amazon Date Range report (transactions)",
    channel: "Amazon",
    tables: "expenses, refunds",
    cols: &[
        col!(
            "datetime",
            [
                "date/time",
                "Datum/Uhrzeit",
                "date/heure",
                "Data/Ora",
                "fecha y hora",
                "fecha/hora",
                "日付/時間"
            ],
            req,
            "expenses.date, refunds.refunded_at (the printed zone)"
        ),
        col!(
            "settlement",
            [
                "settlement id",
                "Abrechnungsnummer",
                "numéro de versement",
                "numéro de règlement",
                "Numero pagamento",
                "identificador de pago",
                "Id. de liquidación",
                "決済番号"
            ],
            req,
            "identity"
        ),
        col!(
            "type",
            ["type", "Typ", "Tipo", "トランザクションの種類"],
            req,
            "what the row is (values below)"
        ),
        col!(
            "order",
            [
                "order id",
                "Bestellnummer",
                "numéro de la commande",
                "Numero ordine",
                "número de pedido",
                "Id. del pedido",
                "注文番号"
            ],
            req,
            "expenses.order_id, refunds.order_id"
        ),
        col!("sku", ["sku"], req, "expenses.sku, refunds.sku"),
        col!(
            "description",
            [
                "description",
                "Beschreibung",
                "Descrizione",
                "descripción",
                "説明"
            ],
            req,
            "expenses.note; `Cost of Advertising` rows are skipped"
        ),
        col!(
            "quantity",
            [
                "quantity",
                "Menge",
                "quantité",
                "Quantità",
                "cantidad",
                "数量"
            ],
            req,
            "refunds.qty (absolute value)"
        ),
        col!(
            "marketplace",
            ["marketplace", "web de Amazon", "Amazon 出品サービス"],
            "the store (marketplace routing)"
        ),
        col!(
            "product_sales",
            [
                "product sales",
                "Umsätze",
                "ventes de produits",
                "Vendite",
                "ventas de productos",
                "商品売上"
            ],
            req,
            "refunds.amount = −(product sales + promotional rebates)"
        ),
        col!(
            "rebates",
            [
                "promotional rebates",
                "Rabatte aus Werbeaktionen",
                "Rabais promotionnels",
                "Sconti promozionali",
                "reembolsos promocionales",
                "devoluciones promocionales",
                "プロモーション割引額"
            ],
            "refunds.amount"
        ),
        col!(
            "points",
            ["Amazonポイントの費用"],
            "expenses marketing (JP Amazon points)"
        ),
        col!(
            "selling_fees",
            [
                "selling fees",
                "Verkaufsgebühren",
                "frais de vente",
                "Commissioni di vendita",
                "tarifas de venta",
                "手数料"
            ],
            req,
            "expenses platform_fee"
        ),
        col!(
            "fba_fees",
            [
                "fba fees",
                "Gebühren zu Versand durch Amazon",
                "Frais Expédié par Amazon",
                "Costi del servizio Logistica di Amazon",
                "tarifas de Logística de Amazon",
                "tarifas fba",
                "FBA 手数料"
            ],
            req,
            "expenses fulfillment"
        ),
        col!(
            "other_fees",
            [
                "other transaction fees",
                "Andere Transaktionsgebühren",
                "autres frais de transaction",
                "Altri costi relativi alle transazioni",
                "tarifas de otras transacciones",
                "tarifas de otra transacción",
                "トランザクションに関するその他の手数料"
            ],
            req,
            "expenses platform_fee"
        ),
        col!(
            "other",
            [
                "other",
                "Andere",
                "autre",
                "divers",
                "Altro",
                "otro",
                "その他"
            ],
            req,
            "expenses (category by type)"
        ),
        col!(
            "total",
            ["total", "Gesamt", "totale", "合計"],
            req,
            "expenses of rows that are not orders or refunds"
        ),
    ],
    values: &[
        Values {
            col: "type",
            map: &[
                ("Order", "order"),
                ("Refund", "refund"),
                ("Chargeback Refund", "refund"),
                ("Order_Retrocharge", "order"),
                ("Refund_Retrocharge", "refund"),
                ("Service Fee", "service_fee"),
                ("Adjustment", "adjustment"),
                ("SAFE-T Reimbursement", "adjustment"),
                ("Liquidations", "adjustment"),
                ("Liquidations Adjustments", "adjustment"),
                ("FBA Inventory Fee", "storage"),
                ("FBA Customer Return Fee", "fulfillment"),
                ("Fee Adjustment", "adjustment"),
                ("Transfer", "transfer"),
                ("Debt", "transfer"),
                ("Bestellung", "order"),
                ("Bestellung_Wiedereinzug", "order"),
                ("Erstattung", "refund"),
                ("Erstattung_Wiedereinzug", "refund"),
                ("Erstattung durch Rückbuchung", "refund"),
                ("Servicegebühr", "service_fee"),
                ("Anpassung", "adjustment"),
                ("Versand durch Amazon Lagergebühr", "storage"),
                ("Übertrag", "transfer"),
                ("Commande", "order"),
                ("Remboursement", "refund"),
                ("Frais de service", "service_fee"),
                ("Ajustement", "adjustment"),
                ("Frais de stockage Expédié par Amazon", "storage"),
                ("Transfert", "transfer"),
                ("Ordine", "order"),
                ("Rimborso", "refund"),
                ("Commissione di servizio", "service_fee"),
                ("Modifica", "adjustment"),
                ("Trasferimento", "transfer"),
                ("Pedido", "order"),
                ("Reembolso", "refund"),
                ("Tarifa de servicio", "service_fee"),
                ("Ajuste", "adjustment"),
                ("Transferencia", "transfer"),
                ("注文", "order"),
                ("返金", "refund"),
                ("サービス料", "service_fee"),
                ("調整", "adjustment"),
                ("振込", "transfer"),
                ("送金", "transfer"),
            ],
        },
        Values {
            col: "description",
            map: &[
                (
                    "Cost of Advertising",
                    "advertising: skipped (the ads report carries ad spend)",
                ),
                ("Werbekosten", "advertising: skipped"),
                ("Coût de la publicité", "advertising: skipped"),
                ("Costo della pubblicità", "advertising: skipped"),
                ("Gastos de publicidad", "advertising: skipped"),
                ("広告費用", "advertising: skipped"),
            ],
        },
    ],
    layouts: &[
        Layout {
            lang: "en",
            col: "datetime",
            name: "date/time",
            dec: Dec::Point,
            dm: DayMonth::MonthFirst,
        },
        Layout {
            lang: "de",
            col: "datetime",
            name: "Datum/Uhrzeit",
            dec: Dec::Comma,
            dm: DayMonth::DayFirst,
        },
        Layout {
            lang: "fr",
            col: "datetime",
            name: "date/heure",
            dec: Dec::Comma,
            dm: DayMonth::DayFirst,
        },
        Layout {
            lang: "it",
            col: "datetime",
            name: "Data/Ora",
            dec: Dec::Comma,
            dm: DayMonth::DayFirst,
        },
        Layout {
            lang: "es",
            col: "datetime",
            name: "fecha y hora",
            dec: Dec::Comma,
            dm: DayMonth::DayFirst,
        },
        Layout {
            lang: "es-MX",
            col: "datetime",
            name: "fecha/hora",
            dec: Dec::Point,
            dm: DayMonth::DayFirst,
        },
        Layout {
            lang: "ja",
            col: "datetime",
            name: "日付/時間",
            dec: Dec::Point,
            dm: DayMonth::MonthFirst,
        },
    ],
    notes: &[
        "The preamble (5–9 lines) is skipped by finding the header.",
        "Order/refund rows: selling fees and other transaction fees → platform_fee, fba fees → fulfillment, other → other, Amazon points → marketing; each expense = −(the fee), so a fee reversal on a refund is a negative expense. Product sales of order rows are not imported (orders come from the All Orders report).",
        "Refund rows also make a refund: amount = −(product sales + promotional rebates), tax excluded; qty = |quantity|; refunded_at = the posting time.",
        "Other rows make one expense of −total: service fees → platform_fee, FBA inventory fees → storage, FBA customer return fees → fulfillment, adjustments and reimbursements → other (a reimbursement is negative). Transfers are skipped.",
        "Identity: settlement id, date/time, type, order id, sku and the row's position among identical rows, so an overlapping report replaces, never doubles.",
        "A row whose order is neither in the workbook nor in the same import call is an error (import the All Orders report first, or in the same call; or --unknown-orders skip).",
    ],
};

pub static AMAZON_BUSINESS_REPORT: Format = Format {
    id: "amazon-business-report",
    title: "Amazon Business Report: Detail Page Sales and Traffic by Child Item",
    channel: "Amazon",
    tables: "traffic (per SKU)",
    cols: &[
        col!(
            "child",
            [
                "(Child) ASIN",
                "(Untergeordnete) ASIN",
                "(Enfant) ASIN",
                "(子)ASIN",
                "(子) ASIN",
                "(Secundario) ASIN",
                "(Figlio) ASIN"
            ],
            req,
            "traffic.sku through skus.asin"
        ),
        col!("sku", ["SKU"], "traffic.sku (where the layout has it)"),
        col!(
            "title",
            [
                "Title",
                "Titel",
                "Titre",
                "Título",
                "Titolo",
                "标题",
                "商品名"
            ],
            "not imported"
        ),
        col!(
            "sessions",
            [
                "Sessions - Total",
                "Sessions",
                "Sitzungen - Summe",
                "Sessions - Total - B2B",
                "Sesiones - Total",
                "Sessioni - Totale",
                "会话次数 - 总计",
                "セッション - 合計"
            ],
            req,
            "traffic.sessions"
        ),
        col!(
            "mobile",
            [
                "Sessions - Mobile App",
                "Sitzungen - mobile App",
                "Sesiones - Aplicación móvil",
                "Sessioni - App mobile",
                "会话次数 - 移动应用",
                "セッション - モバイルアプリ"
            ],
            "traffic.mobile_sessions"
        ),
        col!(
            "page_views",
            [
                "Page Views - Total",
                "Page Views",
                "Seitenaufrufe - Summe",
                "Páginas vistas - Total",
                "Visualizzazioni di pagina - Totale",
                "页面浏览量 - 总计",
                "ページビュー - 合計"
            ],
            "traffic.page_views"
        ),
    ],
    values: &[],
    layouts: &[EN_POINT],
    notes: &[
        "No date column: the day is --date or the single date in the file name (`…_2026-10-07.csv`); a report over several days is refused (sessions cannot be split into days).",
        "An ASIN with no SKU in the workbook (skus.asin, learned from All Orders, FBA inventory and advertised product reports) is an error naming it.",
        "Counts are read with either thousands separator (the German report writes counts `2,113`).",
    ],
};

pub static AMAZON_SP_ADVERTISED: Format = Format {
    id: "amazon-sp-advertised-product",
    title: "Amazon Ads: Sponsored Products advertised product report",
    channel: "Amazon",
    tables: "ads",
    cols: &[
        col!("date", ["Date", "Datum", "日付", "日期"], req, "ads.date"),
        col!(
            "currency",
            ["Currency", "Budget currency"],
            "checked against the store's currency"
        ),
        col!(
            "campaign",
            [
                "Campaign Name",
                "Campaign name",
                "Kampagnenname",
                "キャンペーン名"
            ],
            req,
            "ads.campaign"
        ),
        col!(
            "ad_group",
            ["Ad Group Name", "Ad group name"],
            "rows of several ad groups are summed"
        ),
        col!("sku", ["Advertised SKU", "Beworbene SKU"], req, "ads.sku"),
        col!(
            "asin",
            ["Advertised ASIN", "Beworbene ASIN"],
            "skus.asin (learned)"
        ),
        col!(
            "impressions",
            ["Impressions", "Impressionen"],
            "ads.impressions"
        ),
        col!("clicks", ["Clicks", "Klicks"], "ads.clicks"),
        col!(
            "spend",
            ["Spend", "Total cost", "Ausgaben"],
            req,
            "ads.spend"
        ),
        col!(
            "sales",
            ["7 Day Total Sales", "Sales", "Umsatz innerhalb von 7 Tagen"],
            "ads.ad_sales"
        ),
        col!(
            "orders",
            [
                "7 Day Total Orders (#)",
                "Purchases",
                "Bestellungen innerhalb von 7 Tagen (#)"
            ],
            "ads.ad_orders"
        ),
        col!(
            "units",
            [
                "7 Day Total Units (#)",
                "Units sold",
                "Einheiten innerhalb von 7 Tagen (#)"
            ],
            "ads.ad_units"
        ),
    ],
    values: &[],
    layouts: &[EN_POINT],
    notes: &[
        "Header names with trailing spaces match. Rows of one date, campaign and SKU are summed (the canonical identity has no ad group).",
    ],
};

pub static AMAZON_FBA_INVENTORY: Format = Format {
    id: "amazon-fba-inventory",
    title: "Amazon FBA inventory (Manage FBA Inventory)",
    channel: "Amazon",
    tables: "inventory (skus: ASINs learned)",
    cols: &[
        col!("sku", ["sku"], req, "inventory.sku"),
        col!("asin", ["asin"], "skus.asin (learned)"),
        col!("title", ["product-name"], "skus.title of an unknown SKU"),
        col!(
            "afn_listing",
            ["afn-listing-exists"],
            "rows without FBA stock (MFN only) are skipped"
        ),
        col!(
            "fulfillable",
            ["afn-fulfillable-quantity"],
            req,
            "inventory.on_hand"
        ),
        col!("reserved", ["afn-reserved-quantity"], "inventory.reserved"),
        col!(
            "working",
            ["afn-inbound-working-quantity"],
            "inventory.inbound (sum)"
        ),
        col!(
            "shipped",
            ["afn-inbound-shipped-quantity"],
            "inventory.inbound (sum)"
        ),
        col!(
            "receiving",
            ["afn-inbound-receiving-quantity"],
            "inventory.inbound (sum)"
        ),
        col!("warehouse_qty", ["afn-warehouse-quantity"], "not imported"),
    ],
    values: &[],
    layouts: &[EN_POINT],
    notes: &[
        "warehouse = `FBA-<country of the store>`; the snapshot date is --date or the date in the file name, else today (with a warning).",
    ],
};

pub static AMAZON_FBA_RETURNS: Format = Format {
    id: "amazon-fba-returns",
    title: "Amazon FBA customer returns",
    channel: "Amazon",
    tables: "refunds (is_return, reason)",
    cols: &[
        col!(
            "date",
            ["return-date"],
            req,
            "not imported (refunds are dated by the Date Range report)"
        ),
        col!("order", ["order-id"], req, "the refunds it marks"),
        col!("sku", ["sku"], req, "the refunds it marks"),
        col!("qty", ["quantity"], req, "not imported"),
        col!(
            "disposition",
            ["detailed-disposition"],
            "refunds.reason (with reason)"
        ),
        col!("reason", ["reason"], req, "refunds.reason"),
        col!(
            "comments",
            ["customer-comments"],
            "never stored (free text from the buyer)"
        ),
    ],
    values: &[],
    layouts: &[EN_POINT],
    notes: &[
        "Marks the refunds of the same order and SKU (in the workbook or the same call) as returns and keeps the reason; creates no money. A return without a refund yet is a warning.",
    ],
};

pub static TIKTOK_ORDERS: Format = Format {
    id: "tiktok-orders",
    title: "TikTok Shop order export (OrderSKUList)",
    channel: "TikTok Shop",
    tables: "orders, order_lines (skus for unknown SKUs)",
    cols: &[
        col!(
            "order",
            ["Order ID", "ID Pesanan", "ID do pedido", "ID del pedido"],
            req,
            "orders.order_id (18 digits, kept as text)"
        ),
        col!(
            "status",
            [
                "Order Status",
                "Status Pesanan",
                "Status do pedido",
                "Estado del pedido"
            ],
            req,
            "orders.status"
        ),
        col!(
            "sku",
            [
                "Seller SKU",
                "SKU Penjual",
                "SKU do vendedor",
                "SKU del vendedor"
            ],
            req,
            "order_lines.sku"
        ),
        col!(
            "title",
            [
                "Product Name",
                "Nama Produk",
                "Nome do produto",
                "Nombre del producto"
            ],
            "skus.title of an unknown SKU"
        ),
        col!(
            "qty",
            ["Quantity", "Jumlah", "Quantidade", "Cantidad"],
            req,
            "order_lines.qty"
        ),
        col!(
            "price",
            [
                "SKU Unit Original Price",
                "Harga Satuan Asli SKU",
                "Preço original unitário do SKU",
                "Precio original unitario del SKU"
            ],
            req,
            "order_lines.unit_price"
        ),
        col!(
            "platform_discount",
            [
                "SKU Platform Discount",
                "Diskon Platform SKU",
                "Desconto da plataforma do SKU",
                "Descuento de la plataforma del SKU"
            ],
            "not a seller discount: GMV keeps it"
        ),
        col!(
            "seller_discount",
            [
                "SKU Seller Discount",
                "Diskon Penjual SKU",
                "Desconto do vendedor do SKU",
                "Descuento del vendedor del SKU"
            ],
            "order_lines.discount"
        ),
        col!(
            "refund",
            ["Order Refund Amount", "Jumlah Pengembalian Dana Pesanan"],
            "not imported (undated): summed in the summary"
        ),
        col!(
            "created",
            [
                "Created Time",
                "Waktu Dibuat",
                "Horário de criação",
                "Hora de creación"
            ],
            req,
            "orders.ordered_at (store-local)"
        ),
        col!(
            "buyer",
            [
                "Buyer Username",
                "Nama Pengguna Pembeli",
                "Nome de usuário do comprador"
            ],
            "orders.customer_id (keyed hash; not stored)"
        ),
        col!(
            "recipient",
            ["Recipient", "Penerima"],
            "never stored (personal data)"
        ),
    ],
    values: &[Values {
        col: "status",
        map: &[
            ("Unpaid", "placed"),
            ("On hold", "placed"),
            ("Awaiting Shipment", "placed"),
            ("To ship", "placed"),
            ("Awaiting Collection", "placed"),
            ("Partially Shipping", "shipped"),
            ("Shipped", "shipped"),
            ("In Transit", "shipped"),
            ("Delivered", "delivered"),
            ("Completed", "delivered"),
            ("Cancelled", "cancelled"),
            ("Canceled", "cancelled"),
            ("Belum dibayar", "placed"),
            ("Perlu dikirim", "placed"),
            ("Dikirim", "shipped"),
            ("Dalam pengiriman", "shipped"),
            ("Terkirim", "delivered"),
            ("Selesai", "delivered"),
            ("Dibatalkan", "cancelled"),
            ("Não pago", "placed"),
            ("Aguardando envio", "placed"),
            ("Enviado", "shipped"),
            ("Em trânsito", "shipped"),
            ("Entregue", "delivered"),
            ("Concluído", "delivered"),
            ("Cancelado", "cancelled"),
        ],
    }],
    layouts: &[EN_POINT],
    notes: &[
        "The description row under the header is skipped. Ids padded with a tab are unwrapped.",
        "Times are store-local without a zone; MM/DD/YYYY vs DD/MM/YYYY is read from the file's dates (a day above 12 settles it), else from the store's country (US: month first).",
        "Money may be currency-prefixed with local decimals (`BRL 35,91`): the decimal comma is used for stores in BRL, IDR, VND, EUR.",
        "Order Refund Amount repeats on every row of an order and has no date: it is counted once per order in the summary, no refund rows are made.",
    ],
};

pub static SHOPEE_ORDERS: Format = Format {
    id: "shopee-orders",
    title: "Shopee order export (Order.all)",
    channel: "Shopee",
    tables: "orders, order_lines (skus for unknown SKUs)",
    cols: &[
        col!(
            "order",
            [
                "Order ID",
                "No. Pesanan",
                "Nomor Pesanan",
                "訂單編號",
                "订单编号"
            ],
            req,
            "orders.order_id"
        ),
        col!(
            "status",
            ["Order Status", "Status Pesanan", "訂單狀態", "订单状态"],
            req,
            "orders.status"
        ),
        col!(
            "created",
            [
                "Order Creation Date",
                "Waktu Pesanan Dibuat",
                "訂單成立日期",
                "订单创建时间"
            ],
            req,
            "orders.ordered_at (store-local)"
        ),
        col!(
            "sku",
            [
                "SKU Reference No.",
                "Nomor Referensi SKU",
                "Nomor SKU",
                "商品選項貨號",
                "SKU参考号"
            ],
            req,
            "order_lines.sku"
        ),
        col!(
            "title",
            ["Product Name", "Nama Produk", "商品名稱", "商品名称"],
            "skus.title of an unknown SKU"
        ),
        col!(
            "original",
            ["Original Price", "Harga Awal", "商品原價", "原价"],
            "order_lines.unit_price"
        ),
        col!(
            "deal",
            [
                "Deal Price",
                "Harga Setelah Diskon",
                "商品活動價格",
                "成交价"
            ],
            req,
            "order_lines.unit_price when Original Price is absent"
        ),
        col!(
            "qty",
            ["Quantity", "Jumlah", "數量", "数量"],
            req,
            "order_lines.qty"
        ),
        col!(
            "seller_discount",
            [
                "Price Discount(from Seller)",
                "Diskon Dari Penjual",
                "Diskon Penjual",
                "賣家折扣",
                "卖家折扣"
            ],
            "order_lines.discount (line total)"
        ),
        col!(
            "voucher",
            [
                "Seller Voucher",
                "Voucher Ditanggung Penjual",
                "賣家優惠券",
                "卖家优惠券"
            ],
            "order-level seller discount, spread by gross share"
        ),
        col!(
            "rebate",
            ["Shopee Rebate", "Diskon Dari Shopee"],
            "platform-funded: not a seller discount"
        ),
        col!(
            "shopee_voucher",
            ["Shopee Voucher", "Voucher Ditanggung Shopee"],
            "platform-funded: not a seller discount"
        ),
        col!(
            "buyer",
            [
                "Username (Buyer)",
                "Username (Pembeli)",
                "買家帳號",
                "买家用户名"
            ],
            "orders.customer_id (keyed hash; not stored)"
        ),
        col!(
            "returned",
            ["Returned quantity", "Jumlah Dikembalikan"],
            "not imported (no refund date)"
        ),
    ],
    values: &[Values {
        col: "status",
        map: &[
            ("Unpaid", "placed"),
            ("To ship", "placed"),
            ("Shipping", "shipped"),
            ("To receive", "shipped"),
            ("Completed", "delivered"),
            ("Delivered", "delivered"),
            ("Cancelled", "cancelled"),
            ("Belum Bayar", "placed"),
            ("Perlu Dikirim", "placed"),
            ("Dikirim", "shipped"),
            ("Sedang Dikirim", "shipped"),
            ("Selesai", "delivered"),
            ("Batal", "cancelled"),
            ("Dibatalkan", "cancelled"),
            ("待付款", "placed"),
            ("待出貨", "placed"),
            ("運送中", "shipped"),
            ("已完成", "delivered"),
            ("不成立", "cancelled"),
            ("已取消", "cancelled"),
        ],
    }],
    layouts: &[
        Layout {
            lang: "en",
            col: "order",
            name: "Order ID",
            dec: Dec::Point,
            dm: DayMonth::DayFirst,
        },
        Layout {
            lang: "id",
            col: "order",
            name: "No. Pesanan",
            dec: Dec::Comma,
            dm: DayMonth::DayFirst,
        },
        Layout {
            lang: "id",
            col: "order",
            name: "Nomor Pesanan",
            dec: Dec::Comma,
            dm: DayMonth::DayFirst,
        },
        Layout {
            lang: "zh",
            col: "order",
            name: "訂單編號",
            dec: Dec::Point,
            dm: DayMonth::DayFirst,
        },
        Layout {
            lang: "zh",
            col: "order",
            name: "订单编号",
            dec: Dec::Point,
            dm: DayMonth::DayFirst,
        },
    ],
    notes: &[
        "Order-level values (vouchers, totals) repeat on every row of an order.",
        "IDR and VND amounts use `.` for thousands (`399.000` = 399000), whatever the header language.",
        "Seller discounts (Price Discount(from Seller), Seller Voucher) lower GMV; Shopee rebates and vouchers do not.",
    ],
};

/// Every format, in the order files are converted (orders first: costs, refunds and
/// expenses refer to them).
pub static FORMATS: [&Format; 11] = [
    &SHOPIFY_ORDERS,
    &AMAZON_ALL_ORDERS,
    &TIKTOK_ORDERS,
    &SHOPEE_ORDERS,
    &SHOPIFY_PRODUCTS,
    &AMAZON_FBA_INVENTORY,
    &AMAZON_SP_ADVERTISED,
    &AMAZON_DATE_RANGE,
    &AMAZON_FBA_RETURNS,
    &AMAZON_BUSINESS_REPORT,
    &SHOPIFY_CONVERSION,
];

pub fn all() -> impl Iterator<Item = &'static Format> {
    FORMATS.iter().copied()
}

/// Conversion order of a format (catalogue first, then orders, then what refers to them).
pub fn rank(f: &Format) -> usize {
    FORMATS
        .iter()
        .position(|x| x.id == f.id)
        .unwrap_or(usize::MAX)
}

pub fn by_id(id: &str) -> Option<&'static Format> {
    all().find(|f| f.id.eq_ignore_ascii_case(id.trim()))
}
