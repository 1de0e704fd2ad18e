//! The generic metric table: right-aligned numbers, `—` for undefined,
//! change columns with sign and arrow, health colours, a totals footer, and
//! columns that scroll sideways (`H`/`L`) behind frozen row labels.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Cell, Paragraph, Row as TRow, Table, TableState};

use super::{Theme, fit};
use crate::app::{App, Column, view};
use crate::format;
use crate::metrics::engine::Level;
use crate::metrics::report::{self, Row};

pub use crate::app::view::row_label;

/// Draws the table of `columns` for the current view into `area`: the row
/// labels frozen on the left, the metric columns of the scroll window (`H`/`L`)
/// with `‹ ›` in the title when some are hidden, as laid out by `app::view`.
pub fn draw(f: &mut Frame, area: Rect, app: &App, th: &Theme, _columns: &[Column]) {
    let inner_w = area.width.saturating_sub(2) as usize;
    let (Some((rep, stale)), Some(lay)) = (app.shown_report(), view::table_layout(app, inner_w))
    else {
        let msg = match &app.report_error {
            Some(e) => e.clone(),
            None => th.t("loading…", "加载中…").to_string(),
        };
        let title = format!(" {} ", app.panel().label(th.lang));
        f.render_widget(Paragraph::new(th.clean(msg)).block(th.block(title)), area);
        return;
    };
    let level = app.level().level;
    let rows = app.visible_rows();
    let label_w = lay.label_w;
    let master = app.master.as_deref();
    // stale numbers dim cell by cell (a table-wide style does not survive the cells'
    // own colours everywhere) and the title says so, for NO_COLOR too
    let dim = |s: Style| {
        if stale {
            s.add_modifier(Modifier::DIM)
        } else {
            s
        }
    };
    let cells_of = |r: &Row, total: bool| -> Vec<Cell<'static>> {
        let label = if total {
            lay.total_label.clone()
        } else {
            row_label(r, level)
        };
        let mut cells = vec![Cell::from(Span::styled(
            fit(&label, label_w),
            dim(Style::default()),
        ))];
        for c in lay.visible() {
            let mv = r.get(c.def.id);
            let v = mv.and_then(|m| m.value);
            let hs = master.and_then(|m| report::health(m, c.def, v));
            let mut txt = th.clean(c.value_text(mv, th.lang));
            let mut style = th.health(hs);
            if c.def.gated_off(r) && v.is_some() {
                txt = format!("({txt})");
                style = th.muted();
            } else if th.color == crate::app::ColorMode::Never {
                // health readable without colour: ✓ ! ✗, or a blank to keep the digits aligned
                let m = th.health_mark(hs);
                txt.push_str(if m.is_empty() { " " } else { m });
            }
            cells.push(Cell::from(
                Line::from(Span::styled(txt, dim(style))).right_aligned(),
            ));
            if c.change {
                let ch = mv.and_then(|m| m.change);
                let txt = th.clean(format::change_cell(ch, th.ascii));
                cells.push(Cell::from(
                    Line::from(Span::styled(txt, dim(th.change(c.def, ch)))).right_aligned(),
                ));
            }
        }
        cells
    };
    let bottom = |lines: &[String]| -> Vec<Line<'static>> {
        // headers of one line sit on the lower line, next to the values
        let mut v: Vec<Line> =
            vec![Line::raw(""); lay.header_h as usize - lines.len().min(lay.header_h as usize)];
        v.extend(lines.iter().map(|l| Line::from(l.clone()).right_aligned()));
        v
    };
    let first = match level {
        Level::Total | Level::Channel => th.t("Channel", "渠道"),
        Level::Store => th.t("Store", "店铺"),
        Level::Sku => "SKU",
    };
    let mut header = vec![Cell::from(bottom_left(first, lay.header_h))];
    let mut constraints = vec![Constraint::Length(label_w as u16)];
    for c in lay.visible() {
        header.push(Cell::from(Text::from(bottom(&c.header))));
        constraints.push(Constraint::Length(c.width as u16));
        if c.change {
            header.push(Cell::from(Text::from(bottom(&[view::change_header(
                th.lang,
            )
            .to_string()]))));
            constraints.push(Constraint::Length(c.change_width as u16));
        }
    }
    let body: Vec<TRow> = rows.iter().map(|r| TRow::new(cells_of(r, false))).collect();
    let footer =
        TRow::new(cells_of(&rep.total, true)).style(Style::default().add_modifier(Modifier::BOLD));
    let mut style = Style::default();
    if stale {
        style = style.add_modifier(Modifier::DIM);
    }
    let title = {
        let l = app.level();
        let mut t = format!(" {} ", app.panel().label(th.lang));
        if !l.filter.is_empty() {
            t.push_str(&format!("/{} ", l.filter));
        }
        if stale {
            t.push_str(&format!(
                "· {} {} · {} ",
                th.t("showing", "显示"),
                rep.period.label(),
                th.t("loading…", "加载中…")
            ));
        } else if rows.is_empty() {
            t.push_str(th.t("(no rows) ", "（无数据行）"));
        }
        th.clean(t)
    };
    let mut block = th.block(title);
    if lay.hidden_left() || lay.hidden_right() {
        let (l, r) = if th.ascii { ("<", ">") } else { ("‹", "›") };
        let mut t = format!(
            " {} {}{}{}/{} {} ",
            if lay.hidden_left() { l } else { " " },
            lay.first + 1,
            if th.ascii { "-" } else { "–" },
            lay.first + lay.count,
            lay.cols.len(),
            if lay.hidden_right() { r } else { " " },
        );
        // a sort by a column scrolled out of view is still said
        if let Some((i, desc)) = app.level().sort
            && !lay.visible().iter().any(|c| c.index == i)
            && let Some(c) = lay.cols.iter().find(|c| c.index == i)
        {
            let arrow = match (desc, th.ascii) {
                (true, false) => "▼",
                (false, false) => "▲",
                (true, true) => "v",
                (false, true) => "^",
            };
            t = format!(" {}{arrow}{t}", c.def.label(th.lang));
        }
        block = block.title(Line::from(th.clean(t)).right_aligned());
    }
    let table = Table::new(body, constraints)
        .header(
            TRow::new(header)
                .height(lay.header_h)
                .style(th.accent().add_modifier(Modifier::BOLD)),
        )
        .footer(footer)
        .column_spacing(1)
        .style(style)
        .row_highlight_style(th.selected())
        .block(block);
    let mut state = TableState::default();
    if !rows.is_empty() {
        state.select(Some(app.level().selected.min(rows.len() - 1)));
    }
    f.render_stateful_widget(table, area, &mut state);
}

/// A left-aligned header on the last of `h` lines.
fn bottom_left(s: &str, h: u16) -> Text<'static> {
    let mut v: Vec<Line> = vec![Line::raw(""); h.saturating_sub(1) as usize];
    v.push(Line::raw(s.to_string()));
    Text::from(v)
}
