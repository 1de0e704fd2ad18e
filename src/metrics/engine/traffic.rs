//! Traffic: sessions, page views, the funnel and its rates.

use anyhow::Result;

use super::{Engine, Run, each, read_segments};

impl Engine<'_> {
    pub(super) fn traffic(&mut self, run: &mut Run) -> Result<()> {
        let traffic = read_segments(
            &run.seg,
            |a, b| self.wb.traffic_months(a, b),
            |a, b| self.wb.traffic_days(a, b),
        )?;
        for t in traffic.iter() {
            for k in each(self.keys(Some(&t.store_id), t.sku.as_deref())) {
                let p = run.parts(k);
                p.sessions += t.sessions;
                p.page_views
                    .add(Some(t.page_views.0.into()), t.rows, t.page_views.1);
                p.add_to_cart
                    .add(Some(t.add_to_cart.0.into()), t.rows, t.add_to_cart.1);
                p.checkouts
                    .add(Some(t.checkouts.0.into()), t.rows, t.checkouts.1);
                p.cart_rate.add(
                    Some(t.add_to_cart.0.into()),
                    Some(t.add_to_cart.2.into()),
                    t.add_to_cart.1,
                );
                p.checkout_rate.add(
                    Some(t.checkout_pair.0.into()),
                    Some(t.checkout_pair.1.into()),
                    t.checkout_pair.2,
                );
                p.bounce.add(
                    Some(t.bounced.0.into()),
                    Some(t.bounced.2.into()),
                    t.bounced.1,
                );
                p.pages_per_session.add(
                    Some(t.page_views.0.into()),
                    Some(t.page_views.2.into()),
                    t.page_views.1,
                );
                p.mobile_sessions
                    .add(Some(t.mobile.0.into()), Some(t.mobile.2.into()), t.mobile.1);
            }
        }
        Ok(())
    }
}
