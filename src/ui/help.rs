//! The `?` help: every binding of the key table, and how to read the numbers.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::{Theme, centered};
use crate::app::App;
use crate::app::keys::KEYS;

pub fn draw(f: &mut Frame, area: Rect, _app: &App, th: &Theme) {
    let mut lines: Vec<Line> = KEYS
        .iter()
        .map(|b| {
            let label = if th.ascii {
                b.label
                    .replace('↑', "Up/")
                    .replace('↓', "Down/")
                    .replace("Up//", "Up/")
                    .replace("Down//", "Down/")
            } else {
                b.label.to_string()
            };
            Line::from(vec![
                Span::styled(format!("{label:>8}  "), th.accent()),
                Span::raw(th.clean(b.help(th.lang).to_string())),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    let legend = if th.ascii {
        th.t(
            "^ v change vs comparison, colour = health, - = undefined, * = still maturing",
            "^ v 相对对比期变化，颜色 = 健康度，- = 无定义，* = 未成熟",
        )
    } else {
        th.t(
            "▲▼ change vs comparison, colour = health, — = undefined, * = still maturing",
            "▲▼ 相对对比期变化，颜色 = 健康度，— = 无定义，* = 未成熟",
        )
    };
    lines.push(Line::styled(legend, th.muted()));
    if lines.len() + 2 > area.height as usize && area.width >= 60 {
        // Short terminal: two columns of bindings.
        let half = KEYS.len().div_ceil(2);
        let w = (area.width as usize - 2) / 2;
        let mut two: Vec<Line> = (0..half)
            .map(|i| {
                let cell = |j: usize| {
                    KEYS.get(j)
                        .map(|b| {
                            let s =
                                format!("{:>5} {}", b.label, th.clean(b.help(th.lang).to_string()));
                            let s = super::fit(&s, w.saturating_sub(1));
                            let pad = w.saturating_sub(super::width(&s));
                            format!("{s}{}", " ".repeat(pad))
                        })
                        .unwrap_or_default()
                };
                Line::raw(format!("{}{}", cell(i), cell(i + half)))
            })
            .collect();
        two.push(lines.pop().unwrap_or_default());
        lines = two;
    }
    let r = centered(area, 84.max(area.width.min(120)), lines.len() as u16 + 2);
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(th.block(th.t(" Help (any key closes) ", " 帮助（任意键关闭） "))),
        r,
    );
}
