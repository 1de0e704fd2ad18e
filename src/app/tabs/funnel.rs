//! The Funnel tab.

use super::Tab;
use crate::catalogue::Panel;

pub struct Funnel;

impl Tab for Funnel {
    fn panel(&self) -> Panel {
        Panel::Funnel
    }
}
