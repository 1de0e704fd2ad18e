//! Money in the base currency: the one conversion of stored micro-units of a
//! local currency, used by the monthly rollups and the metrics engine alike.

use rust_decimal::Decimal;

use crate::util::micro_to_dec;

/// `micro` micro-units of a local currency in the base currency at the rate
/// `rate` gives. Zero is `Decimal::ZERO` whatever the rate, and the rate is then
/// not asked for (so a missing rate is not reported for a zero amount); otherwise
/// None when the rate is unknown or the product overflows.
pub fn to_base(micro: i64, rate: impl FnOnce() -> Option<Decimal>) -> Option<Decimal> {
    if micro == 0 {
        return Some(Decimal::ZERO);
    }
    micro_to_dec(micro).checked_mul(rate()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_is_zero_without_asking_for_a_rate() {
        let got = to_base(0, || panic!("the rate is not asked for"));
        assert_eq!(got, Some(Decimal::ZERO));
        // the plain zero, not a zero carrying the micro-units' scale
        assert_eq!(got.unwrap().scale(), 0);
    }

    #[test]
    fn converts_at_the_rate_and_fails_without_one() {
        let rate = Decimal::new(12, 1); // 1.2
        assert_eq!(to_base(2_500_000, || Some(rate)), Some(Decimal::new(3, 0)));
        assert_eq!(
            to_base(-1_000_000, || Some(rate)).map(|d| d.to_string()),
            Some("-1.2000000".to_string())
        );
        assert_eq!(to_base(1, || None), None);
    }

    #[test]
    fn an_overflowing_product_is_none() {
        assert_eq!(to_base(i64::MAX, || Some(Decimal::MAX)), None);
    }
}
