//! The value parsers of the importer and the command line on arbitrary text:
//! amounts, FX rates, dates, date-times in a zone, periods. Nothing may panic,
//! and what they accept lies within the data contract's limits.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;
use sellerdeck::period::Period;
use sellerdeck::util::parse_date;
use sellerdeck::workbook::import::{
    MAX_AMOUNT, check_amount, check_rate, local_day, parse_instant, parse_tz,
};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(m) = check_amount(s) {
        assert!(
            m.unsigned_abs() <= MAX_AMOUNT as u64 * 1_000_000,
            "{s} accepted as {m}"
        );
    }
    if let Ok(r) = check_rate(s) {
        assert!(
            r > Decimal::ZERO && r <= Decimal::from(1_000_000),
            "{s} accepted as rate {r}"
        );
    }
    let _ = parse_date(s);
    let _ = Period::parse(s);
    let _ = parse_tz(s);
    for tz in [
        chrono_tz::Tz::UTC,
        chrono_tz::Tz::America__New_York,
        chrono_tz::Tz::Pacific__Kiritimati,
    ] {
        if let Ok(ms) = parse_instant(s, tz) {
            let _ = local_day(ms, tz);
        }
    }
});
