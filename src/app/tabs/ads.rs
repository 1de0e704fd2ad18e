//! The Ads tab: `c` on a store opens its campaigns.

use super::Tab;
use crate::catalogue::Panel;
use crate::metrics::engine::Level;

pub struct Ads;

impl Tab for Ads {
    fn panel(&self) -> Panel {
        Panel::Ads
    }

    fn campaigns_at(&self, level: Level) -> bool {
        level == Level::Store
    }
}

use rust_decimal::Decimal;

use crate::app::state::Campaign;
use crate::util::div;

/// The rates of one campaign, as its breakdown shows them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CampaignRates {
    /// Spend on ads that sold, over ad sales (as the catalogue's ACoS).
    pub acos: Option<Decimal>,
    /// Clicks over impressions.
    pub ctr: Option<Decimal>,
    /// Spend over clicks.
    pub cpc: Option<Decimal>,
}

/// A campaign's ACoS, CTR and CPC (undefined where the base is 0).
pub fn campaign_rates(c: &Campaign) -> CampaignRates {
    CampaignRates {
        acos: div(Some(c.spend_with_sales), Some(c.ad_sales)),
        ctr: div(Some(c.clicks.into()), Some(c.impressions.into())),
        cpc: div(Some(c.spend), Some(c.clicks.into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn campaign_rates_on_hand_computed_values() {
        let c = Campaign {
            name: "c".into(),
            spend: Decimal::new(50, 0),
            ad_sales: Decimal::new(200, 0),
            spend_with_sales: Decimal::new(40, 0),
            clicks: 25,
            impressions: 1000,
        };
        let r = campaign_rates(&c);
        assert_eq!(r.acos, Some(Decimal::new(20, 2)));
        assert_eq!(r.ctr, Some(Decimal::new(25, 3)));
        assert_eq!(r.cpc, Some(Decimal::new(2, 0)));
        let none = Campaign {
            clicks: 0,
            impressions: 0,
            ad_sales: Decimal::ZERO,
            ..c
        };
        let r = campaign_rates(&none);
        assert_eq!((r.acos, r.ctr, r.cpc), (None, None, None));
    }
}
