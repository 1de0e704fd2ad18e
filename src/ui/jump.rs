//! The `Ctrl-P` jump: the query and the best matches, each with its level.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, List, ListItem, ListState, Paragraph};

use super::{Theme, centered, fit};
use crate::app::App;
use crate::app::jump::matches;
use crate::metrics::engine::Level;

pub fn draw(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let r = centered(
        area,
        area.width.saturating_sub(4).clamp(10, 80),
        area.height.min(18),
    );
    f.render_widget(Clear, r);
    let found = matches(app, &app.jump_query);
    let block = th.block(th.t(
        " Jump: Enter goes there, Esc closes ",
        " 跳转：Enter 前往，Esc 关闭 ",
    ));
    let inner = block.inner(r);
    f.render_widget(block, r);
    if inner.height == 0 {
        return;
    }
    let input = Rect { height: 1, ..inner };
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("> ", th.accent()),
            Span::raw(app.jump_query.clone()),
            Span::styled(if th.ascii { "_" } else { "▏" }, th.accent()),
        ])),
        input,
    );
    let list_area = Rect {
        y: inner.y + 1,
        height: inner.height.saturating_sub(1),
        ..inner
    };
    let w = list_area.width as usize;
    let items: Vec<ListItem> = found
        .iter()
        .map(|t| {
            let kind = match t.level {
                Level::Total | Level::Channel => th.t("channel", "渠道"),
                Level::Store => th.t("store", "店铺"),
                Level::Sku => "SKU",
            };
            let text = fit(&th.clean(t.text.clone()), w.saturating_sub(9));
            ListItem::new(Line::from(vec![
                Span::styled(format!("{kind:<8} "), th.muted()),
                Span::raw(text),
            ]))
        })
        .collect();
    if items.is_empty() {
        f.render_widget(
            Paragraph::new(th.t("no match", "无匹配")).style(th.muted()),
            list_area,
        );
        return;
    }
    let mut state = ListState::default();
    state.select(Some(app.jump_sel.min(items.len() - 1)));
    f.render_stateful_widget(
        List::new(items).highlight_style(th.selected()),
        list_area,
        &mut state,
    );
}
