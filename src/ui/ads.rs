//! Ads: the table (in `panels`), and the campaign breakdown of a store (`c` at store level).

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Modifier;
use ratatui::text::Line;
use ratatui::widgets::{Cell, Clear, Paragraph, Row, Table};
use rust_decimal::Decimal;

use super::{Theme, centered};
use crate::app::{App, Query};
use crate::catalogue::Unit;
use crate::format;

pub fn campaigns(f: &mut Frame, area: Rect, app: &App, th: &Theme, store: &str) {
    let r = centered(area, area.width.saturating_sub(4).max(10), area.height);
    f.render_widget(Clear, r);
    let cur = app
        .master
        .as_ref()
        .and_then(|m| m.store(store))
        .map(|s| s.currency.clone())
        .unwrap_or_default();
    let title = format!(
        " {} · {store} ({cur}) · {} ",
        th.t("Campaigns", "广告活动"),
        app.period.label()
    );
    let want = Query::Campaigns {
        store: store.to_string(),
        period: app.period,
    };
    let Some((q, rows)) = &app.campaigns else {
        f.render_widget(
            Paragraph::new(th.clean(th.t("loading…", "加载中…").into())).block(th.block(title)),
            r,
        );
        return;
    };
    let dim = *q != want;
    let num = |v: Option<Decimal>, u: Unit| {
        Cell::from(Line::from(th.clean(format::plain(v, u))).right_aligned())
    };
    let body: Vec<Row> = rows
        .iter()
        .map(|c| {
            let rates = crate::app::tabs::ads::campaign_rates(c);
            Row::new(vec![
                Cell::from(c.name.clone()),
                num(Some(c.spend), Unit::Money),
                num(Some(c.ad_sales), Unit::Money),
                num(rates.acos, Unit::Percent),
                num(Some(c.clicks.into()), Unit::Count),
                num(Some(c.impressions.into()), Unit::Count),
                num(rates.ctr, Unit::Percent),
                num(rates.cpc, Unit::Money),
            ])
        })
        .collect();
    let hdr = [
        th.t("Campaign", "广告活动"),
        th.t("Spend", "花费"),
        th.t("Ad sales", "广告销售额"),
        "ACoS",
        th.t("Clicks", "点击"),
        th.t("Impr.", "曝光"),
        "CTR",
        "CPC",
    ];
    let header = Row::new(hdr.iter().enumerate().map(|(i, h)| {
        if i == 0 {
            Cell::from(*h)
        } else {
            Cell::from(Line::from(*h).right_aligned())
        }
    }))
    .style(th.accent().add_modifier(Modifier::BOLD));
    let mut widths = vec![Constraint::Min(12)];
    widths.extend([12, 12, 8, 8, 10, 7, 7].map(Constraint::Length));
    let mut t = Table::new(body, widths)
        .header(header)
        .block(th.block(th.clean(title)));
    if dim {
        t = t.style(ratatui::style::Style::default().add_modifier(Modifier::DIM));
    }
    // long campaign lists page with PgUp/PgDn
    let mut state = ratatui::widgets::TableState::default().with_offset(app.scroll as usize);
    f.render_stateful_widget(t, r, &mut state);
}
