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
