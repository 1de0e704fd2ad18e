//! Customer experience: reviews, surveys (NPS, CSAT) and support tickets.

use std::collections::HashMap;

use anyhow::Result;

use super::{Engine, Run, each, read_segments};
use crate::metrics::engine::RowKey;
use crate::metrics::parts::Parts;
use crate::workbook::query::{Ticket, TicketSums};

impl Engine<'_> {
    /// From the experience rollups (whole months and edge days), or from the raw
    /// rows of a workbook that has none (an older one opened read-only).
    pub(super) fn experience(&mut self, run: &mut Run) -> Result<()> {
        if self.wb.has_experience_rollups()? {
            self.experience_rollups(run)
        } else {
            self.experience_raw(run)
        }
    }

    /// The same sums as `experience_raw`, read already summed per store and SKU
    /// (reviews, tickets) or kind (surveys).
    fn experience_rollups(&mut self, run: &mut Run) -> Result<()> {
        let wb = self.wb;
        let reviews = read_segments(
            &run.seg,
            |a, b| wb.review_sums(a, b, true),
            |a, b| wb.review_sums(a, b, false),
        )?;
        for r in reviews.iter() {
            for k in each(self.keys(Some(&r.store_id), r.sku.as_deref())) {
                let p = run.parts(k);
                p.reviews += r.reviews;
                p.rating_sum += r.rating_sum;
                p.negative_reviews += r.negative;
                p.positive_reviews += r.positive;
            }
        }
        let surveys = read_segments(
            &run.seg,
            |a, b| wb.survey_sums(a, b, true),
            |a, b| wb.survey_sums(a, b, false),
        )?;
        for s in surveys.iter() {
            for k in each(self.order_keys(&s.store_id)) {
                let p = run.parts(k);
                if s.kind == 0 {
                    p.nps_responses += s.responses;
                    p.nps_promoters += s.promoters;
                    p.nps_detractors += s.detractors;
                } else {
                    p.csat_responses += s.responses;
                    p.csat_good += s.good;
                }
            }
        }
        // a ticket counts in its store's rows and, at SKU level, in its order's SKUs
        let tickets = read_segments(
            &run.seg,
            |a, b| wb.ticket_sums(a, b, true, false),
            |a, b| wb.ticket_sums(a, b, false, false),
        )?;
        for t in tickets.iter() {
            for k in each(self.order_keys(&t.store_id)) {
                add_tickets(run.parts(k), t);
            }
        }
        if run.sku_level {
            let by_sku = read_segments(
                &run.seg,
                |a, b| wb.ticket_sums(a, b, true, true),
                |a, b| wb.ticket_sums(a, b, false, true),
            )?;
            for t in by_sku.iter() {
                if let Some(sku) = &t.sku
                    && self.in_scope(Some(&t.store_id))
                {
                    add_tickets(run.parts(RowKey::Entity(sku.clone())), t);
                }
            }
        }
        Ok(())
    }

    fn experience_raw(&mut self, run: &mut Run) -> Result<()> {
        let (start, end) = (run.start, run.end);
        let reviews = self.wb.reviews(start, end)?;
        let surveys = self.wb.surveys(start, end)?;
        let tickets = self.wb.tickets(start, end)?;
        for r in reviews {
            for k in each(self.keys(Some(&r.store_id), r.sku.as_deref())) {
                let p = run.parts(k);
                p.reviews += 1;
                p.rating_sum += r.rating;
                p.negative_reviews += (r.rating <= 2) as i64;
                p.positive_reviews += (r.rating >= 4) as i64;
            }
        }
        for s in surveys {
            for k in each(self.order_keys(&s.store_id)) {
                let p = run.parts(k);
                if s.kind == 0 {
                    p.nps_responses += 1;
                    p.nps_promoters += (s.score >= 9) as i64;
                    p.nps_detractors += (s.score <= 6) as i64;
                } else {
                    p.csat_responses += 1;
                    p.csat_good += (s.score >= 4) as i64;
                }
            }
        }
        let ticket_skus: HashMap<i64, Vec<String>> = if run.sku_level {
            self.wb
                .ticket_lines(start, end)?
                .into_iter()
                .map(|(k, v)| (k, v.into_iter().map(|l| l.0).collect()))
                .collect()
        } else {
            HashMap::new()
        };
        for t in &tickets {
            self.ticket(run, t, &ticket_skus);
        }
        Ok(())
    }

    /// A ticket counts in its store's rows and, at SKU level, in its order's SKUs.
    fn ticket(&self, run: &mut Run, t: &Ticket, ticket_skus: &HashMap<i64, Vec<String>>) {
        let mut keys: Vec<RowKey> = each(self.order_keys(&t.store_id)).collect();
        if run.sku_level
            && self.in_scope(Some(&t.store_id))
            && let Some(skus) = t.oid.and_then(|o| ticket_skus.get(&o))
        {
            keys.extend(skus.iter().map(|s| RowKey::Entity(s.clone())));
        }
        for k in keys {
            let p = run.parts(k);
            p.tickets += 1;
            p.escalated += t.escalated as i64;
            if let Some(f) = t.first_response_ms {
                p.first_responses += 1;
                p.first_response_ms += f - t.opened_ms;
            }
            if let Some(r) = t.resolved_ms {
                p.resolved += 1;
                p.resolution_ms += r - t.opened_ms;
                p.first_contact_resolved += t.first_contact as i64;
            }
        }
    }
}

fn add_tickets(p: &mut Parts, t: &TicketSums) {
    p.tickets += t.tickets;
    p.escalated += t.escalated;
    p.first_responses += t.first_responses;
    p.first_response_ms += t.first_response_ms;
    p.resolved += t.resolved;
    p.resolution_ms += t.resolution_ms;
    p.first_contact_resolved += t.first_contact;
}
