//! The `?` help: every binding of the key table, and how to read the numbers.
//! Two columns when short and wide enough; else one column that scrolls (↑↓ j k
//! PgUp PgDn), with its position at the bottom.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Theme, centered};
use crate::app::App;
use crate::app::keys::{KEYS, frame_width, help_label, help_lines, legend, two_columns};

pub fn draw(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let inner_w = frame_width(area.width).saturating_sub(2) as usize;
    let lines: Vec<Line> = if two_columns(area.width, area.height) {
        // Short terminal: two columns of bindings.
        let half = KEYS.len().div_ceil(2);
        let w = inner_w / 2;
        let mut two: Vec<Line> = (0..half)
            .map(|i| {
                let cell = |j: usize| {
                    KEYS.get(j)
                        .map(|b| {
                            let s = format!(
                                "{:>5} {}",
                                help_label(b, th.ascii),
                                th.clean(b.help(th.lang).to_string())
                            );
                            let s = super::fit(&s, w.saturating_sub(1));
                            let pad = w.saturating_sub(super::width(&s));
                            format!("{s}{}", " ".repeat(pad))
                        })
                        .unwrap_or_default()
                };
                Line::raw(format!("{}{}", cell(i), cell(i + half)))
            })
            .collect();
        for part in crate::app::view::wrap_header(legend(th.lang, th.ascii), inner_w, usize::MAX) {
            two.push(Line::styled(part, th.muted()));
        }
        two
    } else {
        let all = help_lines(th.lang, th.ascii, inner_w);
        let legend_from = all
            .iter()
            .position(|(k, t)| k.is_empty() && t.is_empty())
            .unwrap_or(all.len());
        all.into_iter()
            .enumerate()
            .map(|(i, (keys, text))| {
                let text = th.clean(text);
                if i < legend_from {
                    Line::from(vec![
                        Span::styled(format!("{keys:>8}  "), th.accent()),
                        Span::raw(text),
                    ])
                } else {
                    Line::styled(text, th.muted())
                }
            })
            .collect()
    };
    let r = centered(area, frame_width(area.width), lines.len() as u16 + 2);
    f.render_widget(Clear, r);
    let inner_h = r.height.saturating_sub(2);
    let total = lines.len() as u16;
    let max = total.saturating_sub(inner_h);
    let scroll = app.scroll.min(max);
    let mut block = th.block(th.t(" Help (any key closes) ", " 帮助（任意键关闭） "));
    if max > 0 {
        // more than fits: say where we are and how to move
        let (up, down) = if th.ascii { ("^", "v") } else { ("↑", "↓") };
        let t = format!(
            " {}{} {}/{} ",
            if scroll > 0 { up } else { " " },
            if scroll < max { down } else { " " },
            scroll + inner_h.min(total),
            total
        );
        block = block.title_bottom(Line::from(t).right_aligned());
    }
    f.render_widget(Paragraph::new(lines).scroll((scroll, 0)).block(block), r);
}
