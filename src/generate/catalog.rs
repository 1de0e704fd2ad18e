//! Fixed master data of the demo: stores, warehouses, categories and the
//! product catalogue. Ids and titles do not depend on the seed, so the
//! planted stories can name them; prices, launch dates and popularity do.

use chrono_tz::Tz;

/// Currencies of the stores (plus CNY for purchase costs).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Cur {
    Usd,
    Gbp,
    Eur,
    Jpy,
    Cny,
}

impl Cur {
    pub fn code(self) -> &'static str {
        match self {
            Cur::Usd => "USD",
            Cur::Gbp => "GBP",
            Cur::Eur => "EUR",
            Cur::Jpy => "JPY",
            Cur::Cny => "CNY",
        }
    }
    /// Decimal places of the currency's minor unit.
    pub fn dec(self) -> u32 {
        if self == Cur::Jpy { 0 } else { 2 }
    }
    /// Index into the fx table (USD has none).
    pub fn fx_idx(self) -> Option<usize> {
        match self {
            Cur::Usd => None,
            Cur::Gbp => Some(0),
            Cur::Eur => Some(1),
            Cur::Jpy => Some(2),
            Cur::Cny => Some(3),
        }
    }
}

pub const FX_CURRENCIES: [Cur; 4] = [Cur::Gbp, Cur::Eur, Cur::Jpy, Cur::Cny];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Platform {
    Amazon,
    Shopify,
    TikTok,
    Shopee,
}

pub struct StoreDef {
    pub id: &'static str,
    pub channel: &'static str,
    pub name: &'static str,
    pub country: &'static str,
    pub cur: Cur,
    pub tz: Tz,
    pub platform: Platform,
    /// Index into WAREHOUSES of the warehouse that ships this store's orders.
    pub wh: usize,
    /// Relative size at the start of the history.
    pub share: f64,
    /// Log growth per year.
    pub growth: f64,
    /// Months after the history start that the store opened (0 = before).
    pub opened_month: u32,
    /// Local unit price multiplier applied to the USD list price (before rounding).
    pub price_mult: f64,
    /// Sessions per order (1 / conversion rate).
    pub sessions_per_order: f64,
    pub carriers: &'static [&'static str],
    /// Probability that a valid order is refunded with a return.
    pub return_p: f64,
}

pub struct WarehouseDef {
    pub id: &'static str,
    /// Store whose stock this is (FBA-like); None = shared stock.
    pub store: Option<&'static str>,
}

pub const WAREHOUSES: [WarehouseDef; 7] = [
    WarehouseDef {
        id: "FBA-US",
        store: Some("AMZ-US"),
    },
    WarehouseDef {
        id: "FBA-UK",
        store: Some("AMZ-UK"),
    },
    WarehouseDef {
        id: "FBA-DE",
        store: Some("AMZ-DE"),
    },
    WarehouseDef {
        id: "FBA-JP",
        store: Some("AMZ-JP"),
    },
    WarehouseDef {
        id: "US-3PL",
        store: None,
    },
    WarehouseDef {
        id: "EU-3PL",
        store: None,
    },
    WarehouseDef {
        id: "CN-SZ",
        store: None,
    },
];

pub fn stores() -> Vec<StoreDef> {
    use chrono_tz::{America, Asia, Europe};
    vec![
        StoreDef {
            id: "AMZ-US",
            channel: "Amazon",
            name: "Amazon.com - Lumora Home",
            country: "US",
            cur: Cur::Usd,
            tz: America::Los_Angeles,
            platform: Platform::Amazon,
            wh: 0,
            share: 0.31,
            growth: 0.28,
            opened_month: 0,
            price_mult: 1.0,
            sessions_per_order: 9.0,
            carriers: &["UPS", "USPS", "Amazon Logistics", "FedEx"],
            return_p: 0.045,
        },
        StoreDef {
            id: "AMZ-UK",
            channel: "Amazon",
            name: "Amazon.co.uk - Lumora Home",
            country: "GB",
            cur: Cur::Gbp,
            tz: Europe::London,
            platform: Platform::Amazon,
            wh: 1,
            share: 0.11,
            growth: 0.22,
            opened_month: 0,
            price_mult: 0.82,
            sessions_per_order: 9.5,
            carriers: &["Royal Mail", "DPD", "Evri", "Amazon Logistics"],
            return_p: 0.05,
        },
        StoreDef {
            id: "AMZ-DE",
            channel: "Amazon",
            name: "Amazon.de - Lumora Home",
            country: "DE",
            cur: Cur::Eur,
            tz: Europe::Berlin,
            platform: Platform::Amazon,
            wh: 2,
            share: 0.12,
            growth: 0.25,
            opened_month: 0,
            price_mult: 0.95,
            sessions_per_order: 9.0,
            carriers: &["DHL", "Hermes", "DPD", "Amazon Logistics"],
            return_p: 0.06,
        },
        StoreDef {
            id: "AMZ-JP",
            channel: "Amazon",
            name: "Amazon.co.jp - ルモーラ",
            country: "JP",
            cur: Cur::Jpy,
            tz: Asia::Tokyo,
            platform: Platform::Amazon,
            wh: 3,
            share: 0.09,
            growth: 0.20,
            opened_month: 0,
            price_mult: 148.0,
            sessions_per_order: 10.0,
            carriers: &["ヤマト運輸", "佐川急便", "日本郵便"],
            return_p: 0.025,
        },
        StoreDef {
            id: "SHOP-US",
            channel: "Shopify",
            name: "lumorahome.com",
            country: "US",
            cur: Cur::Usd,
            tz: America::New_York,
            platform: Platform::Shopify,
            wh: 4,
            share: 0.14,
            growth: 0.30,
            opened_month: 0,
            price_mult: 1.0,
            sessions_per_order: 26.0,
            carriers: &["USPS", "UPS", "FedEx"],
            return_p: 0.05,
        },
        StoreDef {
            id: "SHOP-DE",
            channel: "Shopify",
            name: "Lumora Home Deutschland",
            country: "DE",
            cur: Cur::Eur,
            tz: Europe::Berlin,
            platform: Platform::Shopify,
            wh: 5,
            share: 0.08,
            growth: 0.26,
            opened_month: 0,
            price_mult: 0.97,
            sessions_per_order: 28.0,
            carriers: &["DHL", "DPD", "Hermes"],
            return_p: 0.15,
        },
        StoreDef {
            id: "TTS-US",
            channel: "TikTok Shop",
            name: "Lumora Home TikTok Shop",
            country: "US",
            cur: Cur::Usd,
            tz: America::Los_Angeles,
            platform: Platform::TikTok,
            wh: 4,
            share: 0.07,
            growth: 0.85,
            opened_month: 0,
            price_mult: 0.95,
            sessions_per_order: 30.0,
            carriers: &["USPS", "UPS"],
            return_p: 0.06,
        },
        StoreDef {
            id: "SHOPEE-SG",
            channel: "Shopee",
            name: "Lumora Home Official (Shopee SG, USD settlement)",
            country: "SG",
            cur: Cur::Usd,
            tz: Asia::Singapore,
            platform: Platform::Shopee,
            wh: 6,
            share: 0.07,
            growth: 0.55,
            opened_month: 4,
            price_mult: 0.9,
            sessions_per_order: 30.0,
            carriers: &["SPX Express", "Ninja Van", "J&T Express"],
            return_p: 0.03,
        },
    ]
}

pub struct Category {
    pub code: &'static str,
    pub name: &'static str,
    /// Seasonal profile.
    pub season: Season,
    /// Extra return probability multiplier.
    pub return_mult: f64,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Season {
    Flat,
    Summer,
    Gifts,
    Beauty,
}

pub const CATEGORIES: [Category; 7] = [
    Category {
        code: "PHN",
        name: "Phone Accessories",
        season: Season::Gifts,
        return_mult: 1.0,
    },
    Category {
        code: "KIT",
        name: "Home & Kitchen",
        season: Season::Flat,
        return_mult: 0.8,
    },
    Category {
        code: "BTY",
        name: "Beauty",
        season: Season::Beauty,
        return_mult: 0.6,
    },
    Category {
        code: "PET",
        name: "Pet Supplies",
        season: Season::Flat,
        return_mult: 0.8,
    },
    Category {
        code: "OUT",
        name: "Outdoor",
        season: Season::Summer,
        return_mult: 1.0,
    },
    Category {
        code: "TOY",
        name: "Toys & Games",
        season: Season::Gifts,
        return_mult: 0.7,
    },
    Category {
        code: "APP",
        name: "Apparel",
        season: Season::Flat,
        return_mult: 2.0,
    },
];

/// (category index, product code, title, USD list price, variants)
pub type Product = (
    usize,
    &'static str,
    &'static str,
    f64,
    &'static [(&'static str, &'static str)],
);

const COLORS4: &[(&str, &str)] = &[
    ("BK", "Black"),
    ("WH", "White"),
    ("BL", "Blue"),
    ("GN", "Sage"),
];
const COLORS3: &[(&str, &str)] = &[("BK", "Black"), ("WH", "White"), ("GY", "Grey")];
const COLORS2: &[(&str, &str)] = &[("BK", "Black"), ("WH", "White")];
const ONE: &[(&str, &str)] = &[("", "")];
const SIZES: &[(&str, &str)] = &[("S", "S"), ("M", "M"), ("L", "L"), ("XL", "XL")];
const PETSIZE: &[(&str, &str)] = &[("S", "Small"), ("M", "Medium"), ("L", "Large")];

/// The catalogue: 150 SKUs after expanding variants.
pub const PRODUCTS: &[Product] = &[
    // Phone accessories
    (0, "GAN65", "65W GaN Charger, 3 Ports", 35.99, COLORS2),
    (
        0,
        "CBL2M",
        "USB-C to USB-C Cable 2 m, Braided",
        12.99,
        COLORS3,
    ),
    (0, "PB10K", "Magnetic Power Bank 10000mAh", 39.99, COLORS3),
    (
        0,
        "CS16",
        "Clear Case for iPhone 16, MagSafe",
        19.99,
        COLORS2,
    ),
    (
        0,
        "SP16",
        "Tempered Glass Screen Protector, 2-Pack",
        9.99,
        ONE,
    ),
    (0, "CARMT", "Magnetic Car Phone Mount", 24.99, ONE),
    (
        0,
        "EARB",
        "Wireless Earbuds with Charging Case",
        49.99,
        COLORS3,
    ),
    (0, "TRIPD", "Phone Tripod with Remote", 22.99, ONE),
    (0, "RING10", "10\" Ring Light with Stand", 29.99, ONE),
    (
        0,
        "WCHG3",
        "3-in-1 Wireless Charging Station",
        45.99,
        COLORS2,
    ),
    (0, "HUB7", "USB-C Hub 7-in-1", 32.99, ONE),
    (0, "CBLLT", "磁吸数据线 1 m", 8.99, ONE),
    (0, "GRIP", "Phone Grip Stand", 7.99, COLORS2),
    // Home & kitchen
    (1, "BTL1L", "Insulated Water Bottle 1 L", 24.99, COLORS4),
    (1, "MUG", "Travel Mug 450 ml, Leak-Proof", 19.99, COLORS3),
    (1, "KNF8", "8\" Chef's Knife, Damascus Steel", 44.99, ONE),
    (1, "BOARD", "Bamboo Cutting Board Set, 3 pcs", 29.99, ONE),
    (1, "SPICE", "Magnetic Spice Jars, Set of 12", 27.99, ONE),
    (1, "COFF", "Pour-Over Coffee Maker 600 ml", 26.99, ONE),
    (1, "OILSP", "Olive Oil Sprayer", 11.99, COLORS2),
    (
        1,
        "LUNCH",
        "Bento Lunch Box, 3 Compartments",
        21.99,
        COLORS3,
    ),
    (1, "VAC", "Vacuum Storage Bags, 8-Pack", 23.99, ONE),
    (1, "LAMP", "LED Desk Lamp with Wireless Charger", 39.99, ONE),
    (1, "FOLD", "硅胶折叠水杯 500ml", 9.99, ONE),
    (1, "APRON", "Canvas Apron with Pockets", 18.99, COLORS3),
    // Beauty
    (2, "SERUM", "Vitamin C Serum 30 ml", 18.99, ONE),
    (2, "MASK10", "Hydrating Sheet Masks, 10-Pack", 14.99, ONE),
    (
        2,
        "ROLLR",
        "Jade Face Roller and Gua Sha Set",
        16.99,
        COLORS2,
    ),
    (2, "BRUSH", "Makeup Brush Set, 14 pcs", 21.99, COLORS2),
    (2, "CURL", "Automatic Hair Curler", 49.99, COLORS2),
    (2, "NAIL", "Gel Nail Kit with UV Lamp", 34.99, ONE),
    (2, "SCALP", "Silicone Scalp Massager", 7.99, COLORS3),
    (2, "MIRR", "Lighted Makeup Mirror 10x", 29.99, ONE),
    (2, "SPF50", "Sunscreen Stick SPF 50", 12.99, ONE),
    (2, "HBAND", "Spa Headband, 3-Pack", 9.99, ONE),
    (2, "LASH", "玻尿酸睫毛精华液", 19.99, ONE),
    (2, "BAG", "Travel Cosmetic Bag", 17.99, COLORS3),
    (2, "LIPB", "Tinted Lip Balm, 4-Pack", 11.99, ONE),
    // Pet supplies
    (3, "BOWL", "Slow Feeder Dog Bowl", 14.99, PETSIZE),
    (3, "LEASH", "Retractable Dog Leash 5 m", 19.99, COLORS2),
    (3, "CTOY", "Cat Feather Wand Toy, 5-Pack", 9.99, ONE),
    (3, "BED", "Calming Donut Pet Bed", 34.99, PETSIZE),
    (3, "GROOM", "Self-Cleaning Slicker Brush", 13.99, ONE),
    (3, "FOUNT", "Cat Water Fountain 2.5 L", 29.99, ONE),
    (3, "POOP", "Poop Bags, 360 Count", 12.99, ONE),
    (3, "HARN", "No-Pull Dog Harness", 24.99, PETSIZE),
    (3, "LITR", "Litter Mat, Honeycomb", 19.99, COLORS2),
    (3, "NAILC", "Pet Nail Clipper", 11.99, ONE),
    (3, "TREAT", "Treat Dispensing Ball", 13.99, COLORS2),
    // Outdoor
    (4, "TENT2", "2-Person Backpacking Tent", 89.99, ONE),
    (4, "LANT", "Rechargeable Camping Lantern", 24.99, ONE),
    (4, "HAMK", "Ultralight Hammock with Straps", 32.99, COLORS3),
    (4, "BKPK", "Hiking Daypack 25 L", 39.99, COLORS3),
    (4, "TOWEL", "Microfiber Travel Towel", 15.99, COLORS4),
    (4, "CHAIR", "Folding Camp Chair", 44.99, ONE),
    (4, "HEADL", "LED Headlamp, 2-Pack", 16.99, ONE),
    (4, "COOLR", "Soft Cooler Bag 20 L", 34.99, COLORS2),
    (4, "FAN", "Portable Neck Fan", 21.99, COLORS3),
    (4, "CBOTL", "Collapsible Water Bottle", 14.99, COLORS2),
    // Toys & games
    (5, "BLOCK", "Magnetic Building Tiles, 60 pcs", 39.99, ONE),
    (5, "PUZ1K", "1000-Piece Jigsaw Puzzle, Kyoto", 19.99, ONE),
    (5, "SLIME", "Slime Kit for Kids", 24.99, ONE),
    (5, "RCCAR", "RC Stunt Car 2.4 GHz", 36.99, COLORS2),
    (5, "BUBBL", "Bubble Machine", 22.99, ONE),
    (5, "DRAW", "LCD Drawing Tablet for Kids", 15.99, COLORS3),
    (5, "CARDS", "Party Card Game", 14.99, ONE),
    (5, "FIDGT", "Fidget Toy Set, 20 pcs", 12.99, ONE),
    (5, "KITE", "Rainbow Kite", 18.99, ONE),
    (5, "PLUSH", "Axolotl Plush 30 cm", 17.99, ONE),
    (5, "STEM", "STEM Robot Kit", 45.99, ONE),
    (5, "MAGIC", "Magic Trick Set", 21.99, ONE),
    (5, "DOMNO", "Wooden Domino Set", 26.99, ONE),
    // Apparel
    (6, "LEGG", "High-Waist Yoga Leggings", 26.99, SIZES),
    (6, "HOOD", "Oversized Fleece Hoodie", 39.99, SIZES),
    (6, "SOCK", "Merino Hiking Socks, 3-Pack", 19.99, PETSIZE),
    (6, "RAIN", "Packable Rain Jacket", 49.99, SIZES),
    (6, "CAP", "Quick-Dry Running Cap", 14.99, COLORS3),
    (6, "TEE", "Cooling Sports T-Shirt", 19.99, SIZES),
    (6, "BEAN", "冬季针织毛线帽", 12.99, COLORS3),
    (6, "GLOV", "Touchscreen Winter Gloves", 16.99, PETSIZE),
];

pub fn expand() -> Vec<(usize, String, String, f64)> {
    let mut out = Vec::new();
    for &(cat, code, title, price, vars) in PRODUCTS {
        for &(vc, vn) in vars {
            let sku = if vc.is_empty() {
                format!("{}-{}", CATEGORIES[cat].code, code)
            } else {
                format!("{}-{}-{}", CATEGORIES[cat].code, code, vc)
            };
            let t = if vn.is_empty() {
                title.to_string()
            } else {
                format!("{title}, {vn}")
            };
            out.push((cat, sku, t, price));
        }
    }
    out
}

/// The best-seller that stocks out at FBA-US in October of the end year.
pub const BESTSELLER: &str = "PHN-GAN65-WH";
/// SKUs that stop selling 90+ days before the end but keep stock.
pub const STALE: [&str; 6] = [
    "TOY-KITE",
    "TOY-DOMNO",
    "APP-BEAN-GY",
    "KIT-OILSP-WH",
    "OUT-FAN-GY",
    "BTY-HBAND",
];
/// SKUs launched in the last 90 days before the end (days before end).
pub const NEW_SKUS: [(&str, i64); 6] = [
    ("PHN-HUB7", 80),
    ("KIT-FOLD", 70),
    ("BTY-LASH", 55),
    ("PET-LITR-BK", 40),
    ("PET-LITR-WH", 40),
    ("TOY-STEM", 25),
];
/// Campaign whose ACoS runs above 60% over the last three months.
pub const BAD_CAMPAIGN: &str = "SP - Outdoor - Auto";
pub const BAD_CAMPAIGN_STORE: &str = "AMZ-UK";
