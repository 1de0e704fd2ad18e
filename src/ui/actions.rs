//! The action lists (`a`): one `Listing` as a scrolling table over the panel. The
//! cells are the listing's own (the same as `report --actions KIND`); this draws.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Clear, Paragraph, Row, Table};

use super::{Theme, width};
use crate::app::{App, Query, actions_query};
use crate::metrics::actions::Kind;

pub fn draw(f: &mut Frame, area: Rect, app: &App, th: &Theme, kind: Kind) {
    let r = area;
    f.render_widget(Clear, r);
    let next = Kind::ALL
        .iter()
        .position(|k| *k == kind)
        .and_then(|i| Kind::ALL.get(i + 1))
        .map(|k| k.title(th.lang))
        .unwrap_or(th.t("close", "关闭"));
    let want: Query = actions_query(app, kind);
    let title = |n: Option<usize>| {
        let n = n.map(|n| format!(" ({n})")).unwrap_or_default();
        th.clean(format!(
            " {}{n} · {} · a: {next} ",
            kind.title(th.lang),
            app.period.label()
        ))
    };
    let Some((q, list)) = &app.actions else {
        f.render_widget(
            Paragraph::new(th.clean(th.t("loading…", "加载中…").into()))
                .block(th.block(title(None))),
            r,
        );
        return;
    };
    let dim = *q != want;
    let header = list.header(th.lang);
    let cells: Vec<Vec<String>> = list
        .rows
        .iter()
        .skip(app.actions_scroll)
        .map(|row| row.iter().map(|c| th.clean(c.shown())).collect())
        .collect();
    let right: Vec<bool> = (0..header.len())
        .map(|i| list.rows.first().is_some_and(|row| row[i].numeric()))
        .collect();
    let widths = column_widths(&header, &cells, &right);
    let align = |s: String, right: bool| {
        let l = Line::from(s);
        Cell::from(if right { l.right_aligned() } else { l })
    };
    let body: Vec<Row> = cells
        .into_iter()
        .map(|c| Row::new(c.into_iter().zip(&right).map(|(s, r)| align(s, *r))))
        .collect();
    let head = Row::new(header.into_iter().enumerate().map(|(i, h)| {
        // a number's long header is cut at its column, with an ellipsis
        let h = match widths[i] {
            Constraint::Length(w) => super::fit(&h, w as usize),
            _ => h,
        };
        align(th.clean(h), right[i])
    }))
    .style(th.accent().add_modifier(Modifier::BOLD));
    let empty = body.is_empty();
    let mut t = Table::new(body, widths)
        .header(head)
        .column_spacing(1)
        .block(th.block(title(Some(list.rows.len()))));
    if dim {
        t = t.style(Style::default().add_modifier(Modifier::DIM));
    }
    f.render_widget(t, r);
    if empty && r.height > 3 {
        let inner = Rect {
            y: r.y + 2,
            height: 1,
            x: r.x + 2,
            width: r.width.saturating_sub(4),
        };
        f.render_widget(Paragraph::new(th.t("(nothing to do)", "（无）")), inner);
    }
}

/// Column widths: numbers keep their values' width (a long header is cut to it,
/// at least 10); text (titles, paths) keeps at least 12 and takes what is left.
fn column_widths(header: &[String], cells: &[Vec<String>], right: &[bool]) -> Vec<Constraint> {
    (0..header.len())
        .map(|i| {
            let values = cells.iter().map(|c| width(&c[i])).max().unwrap_or(1);
            let head = width(&header[i]);
            if right[i] {
                Constraint::Length(values.max(head.min(10)) as u16)
            } else {
                Constraint::Min(values.max(head).min(12) as u16)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_width_and_text_at_least_twelve() {
        let header = vec![
            "SKU title".to_string(),
            "a very long number header".to_string(),
        ];
        let cells = vec![vec!["x".to_string(), "12.5".to_string()]];
        let w = column_widths(&header, &cells, &[false, true]);
        assert_eq!(w, vec![Constraint::Min(9), Constraint::Length(10)]);
    }
}
