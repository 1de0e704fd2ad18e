//! The detail card of a SKU: every metric of the panel and its trend.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Theme, centered, fit, sparkline, width};
use crate::app::{self, App};
use crate::catalogue::{self, Panel};
use crate::format;
use crate::metrics::report;

pub fn draw(f: &mut Frame, area: Rect, app: &App, th: &Theme, key: &str) {
    let r = centered(area, area.width.saturating_sub(4).max(10), area.height);
    f.render_widget(Clear, r);
    let Some((rep, _)) = app.shown_report() else {
        return;
    };
    let Some(row) = rep.rows.iter().find(|r| r.key == key) else {
        f.render_widget(Paragraph::new(key.to_string()).block(th.block("")), r);
        return;
    };
    let panel = app.panel();
    let title = format!(" {} · {} · {} ", row.key, row.label, panel.label(th.lang));
    let block = th.block(th.clean(title));
    let inner = block.inner(r);
    f.render_widget(block, r);
    let tm = app::trend_metric(panel);
    let tdef = tm.def();
    let spark = app
        .trend(key, tm)
        .map(|t| {
            let d: Vec<_> = t.iter().flatten().collect();
            let lo = d
                .iter()
                .min()
                .map(|v| format::compact(Some(**v), tdef.unit));
            let hi = d
                .iter()
                .max()
                .map(|v| format::compact(Some(**v), tdef.unit));
            format!(
                "{}  {}..{}",
                sparkline(t, th.ascii),
                lo.unwrap_or_default(),
                hi.unwrap_or_default()
            )
        })
        .unwrap_or_else(|| "…".into());
    let [top, rest] = Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(inner);
    f.render_widget(
        Paragraph::new(
            std::iter::once(Line::from(vec![
                Span::styled(
                    format!(
                        "{} ({} {}): ",
                        tdef.label(th.lang),
                        crate::app::TREND_LEN,
                        th.t("periods", "个周期")
                    ),
                    th.muted(),
                ),
                Span::styled(th.clean(spark), th.accent()),
            ]))
            .chain(rep.maturing_until.map(|until| {
                Line::styled(
                    th.clean(crate::output::maturing_note(until, th.lang)),
                    th.muted(),
                )
            }))
            .collect::<Vec<_>>(),
        ),
        top,
    );
    let metrics: Vec<_> = if panel == Panel::Overview {
        app.role.cards().iter().map(|id| id.def()).collect()
    } else {
        catalogue::panel_metrics(panel).collect()
    };
    let ncols = if rest.width >= 100 && metrics.len() > rest.height as usize {
        2
    } else {
        1
    };
    // More lines than fit: the card scrolls (PgUp/PgDn) and says so at the bottom.
    let per_col = metrics.len().div_ceil(ncols as usize) as u16;
    let max = per_col.saturating_sub(rest.height);
    let scroll = app.scroll.min(max);
    if max > 0 {
        let (up, down) = if th.ascii { ("^", "v") } else { ("↑", "↓") };
        let t = format!(
            " {}{} PgUp/PgDn {}/{} ",
            if scroll > 0 { up } else { " " },
            if scroll < max { down } else { " " },
            scroll + rest.height,
            per_col
        );
        let bottom = Rect {
            y: r.y + r.height.saturating_sub(1),
            height: 1,
            ..r
        };
        f.render_widget(
            Paragraph::new(Line::from(t).right_aligned()).style(th.muted()),
            Rect {
                x: bottom.x + 1,
                width: bottom.width.saturating_sub(2),
                ..bottom
            },
        );
    }
    let cols = Layout::horizontal(vec![Constraint::Ratio(1, ncols); ncols as usize]).split(rest);
    let per = metrics.len().div_ceil(ncols as usize);
    for (ci, chunk) in metrics.chunks(per.max(1)).enumerate() {
        let area = cols[ci];
        let lw = chunk
            .iter()
            .map(|m| width(m.label(th.lang)))
            .max()
            .unwrap_or(10)
            .min(24);
        let lines: Vec<Line> = chunk
            .iter()
            .map(|m| {
                let mv = row.get(m.id).cloned().unwrap_or_default();
                let h = app
                    .master
                    .as_deref()
                    .and_then(|ms| report::health(ms, m, mv.value));
                let name = fit(m.label(th.lang), lw);
                // one format for the value, its comparison and its target
                let cf = format::ColumnFormat::of(
                    m.unit,
                    [mv.value, mv.compare, mv.target.map(|t| t.0)]
                        .into_iter()
                        .flatten(),
                );
                let pad = lw - width(&name);
                let mut spans = vec![
                    Span::raw(format!("{name}{} ", " ".repeat(pad))),
                    Span::styled(
                        format!(
                            "{:>14}{}",
                            if m.gated_off(row) && mv.value.is_some() {
                                format!("({})", th.clean(cf.show(mv.value, th.lang)))
                            } else {
                                th.clean(cf.show(mv.value, th.lang))
                            },
                            if mv.maturing && mv.value.is_some() {
                                crate::output::MATURING_MARK
                            } else {
                                " "
                            }
                        ),
                        th.health(h).add_modifier(Modifier::BOLD),
                    ),
                    Span::styled(
                        // a yes/no flag has no relative change to show
                        format!(
                            " {:>9}",
                            if m.unit == catalogue::Unit::Flag {
                                String::new()
                            } else {
                                th.clean(format::change_cell(mv.change, th.ascii))
                            }
                        ),
                        th.change(m, mv.change),
                    ),
                    Span::styled(
                        format!("  vs {}", th.clean(cf.show(mv.compare, th.lang))),
                        th.muted(),
                    ),
                ];
                if let Some((goal, att)) = mv.target {
                    spans.push(Span::styled(
                        format!(
                            "  {} {} {}",
                            th.t("target", "目标"),
                            cf.show(Some(goal), th.lang),
                            format::plain(att, catalogue::Unit::Percent)
                        ),
                        th.accent(),
                    ));
                }
                Line::from(spans)
            })
            .collect();
        f.render_widget(Paragraph::new(lines).scroll((scroll, 0)), area);
    }
}
