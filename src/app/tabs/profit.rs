//! The Profit tab.

use super::Tab;
use crate::catalogue::Panel;

pub struct Profit;

impl Tab for Profit {
    fn panel(&self) -> Panel {
        Panel::Profit
    }
}
