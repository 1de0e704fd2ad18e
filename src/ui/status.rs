//! The status line: the filter prompt, a message, or context key hints from
//! the key table (shortened when narrow), and a loading mark.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Theme, width};
use crate::app::keys::{Action, KEYS};
use crate::app::{App, Overlay};
use crate::metrics::engine::Level;

pub fn draw(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let busy = !app.pending.is_empty() || app.shown_report().is_some_and(|(_, s)| s);
    let right = if busy {
        th.t("loading…", "加载中…")
    } else {
        ""
    };
    let right = th.clean(right.to_string());
    let avail = (area.width as usize).saturating_sub(width(&right) + 1);
    let left: Line = if app.overlay == Overlay::FilterInput {
        Line::from(vec![
            Span::styled(th.t("filter: ", "筛选："), th.accent()),
            Span::raw(app.level().filter.clone()),
            Span::styled("_", th.selected()),
            Span::styled(
                th.t("  Enter keep · Esc clear", "  Enter 保留 · Esc 清除"),
                th.muted(),
            ),
        ])
    } else if app.overlay == Overlay::Jump {
        let t = th.t(
            "type to search · ↑↓ pick · Enter go · Esc close",
            "输入以搜索 · ↑↓ 选择 · Enter 前往 · Esc 关闭",
        );
        let t = if th.ascii {
            t.replace("↑↓", "Up/Down")
        } else {
            t.to_string()
        };
        Line::from(Span::styled(th.clean(t), th.muted()))
    } else if app.overlay == Overlay::Command {
        Line::from(vec![
            Span::styled(":", th.accent()),
            Span::raw(app.command.clone()),
            Span::styled("_", th.selected()),
            Span::styled(
                th.t(
                    "  2026-10 · 2026-10-01..2026-10-20 · week · yoy — Enter · Esc",
                    "  2026-10 · 2026-10-01..2026-10-20 · week · yoy — Enter 确定 · Esc 取消",
                ),
                th.muted(),
            ),
        ])
    } else if let Some(m) = &app.message {
        Line::from(Span::styled(m.clone(), th.warn()))
    } else {
        hints(app, th, avail)
    };
    let mut spans = left.spans;
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    if !right.is_empty() {
        spans.push(Span::raw(" ".repeat(avail.saturating_sub(used) + 1)));
        spans.push(Span::styled(
            right,
            th.muted().add_modifier(Modifier::ITALIC),
        ));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Key hints of the key table in priority order, as many as fit.
fn hints(app: &App, th: &Theme, avail: usize) -> Line<'static> {
    let mut bs: Vec<_> = KEYS
        .iter()
        .filter(|b| !b.hint(th.lang).is_empty())
        .collect();
    bs.sort_by_key(|b| b.prio);
    let mut spans = vec![];
    let mut used = 0;
    for b in bs {
        let mut hint = b.hint(th.lang);
        match b.action {
            Action::Drill if app.tab_def().drill_hint().is_some() => {
                let (en, zh) = app.tab_def().drill_hint().unwrap_or_default();
                hint = th.t(en, zh)
            }
            Action::Drill if app.level().level == Level::Sku => hint = th.t("card", "详情"),
            Action::CompareOrCampaigns if app.tab_def().campaigns_at(app.level().level) => {
                hint = th.t("campaigns", "广告活动")
            }
            Action::Back if app.stacks[app.tab].len() == 1 && app.overlay == Overlay::None => {
                continue;
            }
            _ => {}
        }
        let label = if th.ascii {
            b.label.replace('↑', "^").replace('↓', "v")
        } else {
            b.label.to_string()
        };
        let w = width(&label) + width(hint) + 3;
        if used + w > avail {
            break;
        }
        used += w;
        spans.push(Span::styled(
            label,
            th.accent().add_modifier(Modifier::BOLD),
        ));
        spans.push(Span::raw(format!(" {hint}  ")));
    }
    Line::from(spans)
}
