//! Growth drivers: the change of a row's gmv between the comparison period and P
//! split into the parts its three links contribute, gmv = sessions × CVR × AOV
//! (CVR = orders / sessions, AOV = gmv / orders). The split is Shapley's (each link's
//! change valued at the mean over the orders in which the links can change); the AOV
//! part is the rest, so the three add up to the change exactly.

use rust_decimal::Decimal;

/// The change of gmv and the part of it each link contributed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Drivers {
    pub change: Decimal,
    pub sessions: Decimal,
    pub cvr: Decimal,
    pub aov: Decimal,
}

/// (sessions, orders, gmv) of one period.
pub type Links = (Decimal, Decimal, Decimal);

/// The split of `now − before`; undefined when a period has no sessions or no orders
/// (CVR or AOV has no value to move from).
pub fn split(before: Links, now: Links) -> Option<Drivers> {
    let (s0, o0, g0) = before;
    let (s1, o1, g1) = now;
    if s0 <= Decimal::ZERO || s1 <= Decimal::ZERO || o0 <= Decimal::ZERO || o1 <= Decimal::ZERO {
        return None;
    }
    let (a0, a1) = (s0, s1);
    let (b0, b1) = (o0.checked_div(s0)?, o1.checked_div(s1)?);
    let (c0, c1) = (g0.checked_div(o0)?, g1.checked_div(o1)?);
    let three = Decimal::from(3);
    let six = Decimal::from(6);
    // Shapley value of a factor x in x·y·z: Δx × ((y0z0 + y1z1)/3 + (y0z1 + y1z0)/6)
    let weight = |y0: Decimal, y1: Decimal, z0: Decimal, z1: Decimal| -> Option<Decimal> {
        let same = y0.checked_mul(z0)?.checked_add(y1.checked_mul(z1)?)?;
        let cross = y0.checked_mul(z1)?.checked_add(y1.checked_mul(z0)?)?;
        same.checked_div(three)?
            .checked_add(cross.checked_div(six)?)
    };
    let change = g1 - g0;
    let sessions = (a1 - a0).checked_mul(weight(b0, b1, c0, c1)?)?.round_dp(6);
    let cvr = (b1 - b0).checked_mul(weight(a0, a1, c0, c1)?)?.round_dp(6);
    Some(Drivers {
        change,
        sessions,
        cvr,
        aov: change - sessions - cvr,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn one_link_moving_takes_the_whole_change() {
        // sessions double, CVR and AOV stay: the change is all sessions'
        let v = split((d("100"), d("5"), d("250")), (d("200"), d("10"), d("500"))).unwrap();
        assert_eq!(v.change, d("250"));
        assert_eq!(v.sessions, d("250"));
        assert_eq!(v.cvr, d("0"));
        assert_eq!(v.aov, d("0"));
    }

    #[test]
    fn two_links_split_by_hand() {
        // sessions 100 → 200, CVR 5% → 10%, AOV 50: gmv 250 → 1000.
        // Shapley over two factors (AOV fixed): each gets Δ × the mean of the other:
        // sessions: 100 × (0.05 + 0.10)/2 × 50 = 375; CVR: 0.05 × (100 + 200)/2 × 50 = 375.
        let v = split((d("100"), d("5"), d("250")), (d("200"), d("20"), d("1000"))).unwrap();
        assert_eq!(v.change, d("750"));
        assert_eq!(v.sessions, d("375"));
        assert_eq!(v.cvr, d("375"));
        assert_eq!(v.aov, d("0"));
    }

    #[test]
    fn the_parts_add_up_to_the_change_exactly() {
        let cases = [
            (
                (d("1234"), d("37"), d("2345.67")),
                (d("987"), d("41"), d("3011.05")),
            ),
            (
                (d("3"), d("1"), d("0.01")),
                (d("1000000"), d("999999"), d("987654321.99")),
            ),
            ((d("7"), d("7"), d("70")), (d("7"), d("7"), d("7"))),
        ];
        for (a, b) in cases {
            let v = split(a, b).unwrap();
            assert_eq!(v.sessions + v.cvr + v.aov, v.change, "{a:?} → {b:?}");
            assert_eq!(v.change, b.2 - a.2);
        }
    }

    #[test]
    fn undefined_without_sessions_or_orders() {
        assert_eq!(
            split((d("0"), d("0"), d("0")), (d("10"), d("1"), d("5"))),
            None
        );
        assert_eq!(
            split((d("10"), d("0"), d("0")), (d("10"), d("1"), d("5"))),
            None
        );
    }
}
