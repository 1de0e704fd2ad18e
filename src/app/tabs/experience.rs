//! The Experience tab.

use super::Tab;
use crate::catalogue::Panel;

pub struct Experience;

impl Tab for Experience {
    fn panel(&self) -> Panel {
        Panel::Experience
    }
}
