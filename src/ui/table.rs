//! The generic metric table: right-aligned numbers, `—` for undefined,
//! change columns with sign and arrow, health colours, a totals footer, and
//! columns that drop by priority (then go compact) when narrow.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row as TRow, Table, TableState};

use super::{Theme, fit, width};
use crate::app::{App, Column};
use crate::catalogue::{self, MetricDef};
use crate::format;
use crate::metrics::engine::Level;
use crate::metrics::report::{self, MetricValue, Row};

struct Col {
    def: &'static MetricDef,
    change: bool,
    index: usize,
}

/// A row's first cell.
pub fn row_label(row: &Row, level: Level) -> String {
    if level == Level::Sku && row.label != row.key && !row.unattributed {
        format!("{} {}", row.key, row.label)
    } else {
        row.label.clone()
    }
}

fn value_text(th: &Theme, mv: Option<&MetricValue>, def: &MetricDef, compact: bool) -> String {
    let v = mv.and_then(|m| m.value);
    let s = if compact {
        format::compact(v, def.unit)
    } else {
        format::plain(v, def.unit)
    };
    // a value that still changes (rule 18) is marked in every language and without colour
    let mark = if mv.is_some_and(|m| m.maturing && m.value.is_some()) {
        crate::output::MATURING_MARK
    } else {
        ""
    };
    th.clean(s) + mark
}

/// Draws the table of `columns` for the current view into `area`.
pub fn draw(f: &mut Frame, area: Rect, app: &App, th: &Theme, columns: &[Column]) {
    let Some((rep, stale)) = app.shown_report() else {
        let msg = match &app.report_error {
            Some(e) => e.clone(),
            None => th.t("loading…", "加载中…").to_string(),
        };
        f.render_widget(Paragraph::new(th.clean(msg)).block(th.block("")), area);
        return;
    };
    let level = app.level().level;
    let rows = app.visible_rows();
    let cols: Vec<Col> = columns
        .iter()
        .enumerate()
        .filter_map(|(index, c)| {
            Some(Col {
                def: catalogue::find(c.id)?,
                change: c.change,
                index,
            })
        })
        .collect();
    let inner_w = area.width.saturating_sub(2) as usize;
    let total_label = match th.lang {
        crate::catalogue::Lang::En => format!("Total {}", rep.total.label),
        crate::catalogue::Lang::Zh => format!("合计 {}", rep.total.label),
    };
    let label_full = rows
        .iter()
        .map(|r| width(&row_label(r, level)))
        .chain(std::iter::once(width(&total_label)))
        .max()
        .unwrap_or(8);
    let mut label_w = label_full.clamp(8, 30).min(inner_w / 3).max(6);
    let sort = app.level().sort;
    let header_of = |c: &Col| -> String {
        let mut h = c.def.label(th.lang).to_string();
        if let Some((i, desc)) = sort
            && i == c.index
        {
            h.push_str(match (desc, th.ascii) {
                (true, false) => "▼",
                (false, false) => "▲",
                (true, true) => "v",
                (false, true) => "^",
            });
        }
        h
    };
    let change_header = th.t("chg", "变化");
    // Widths of each column (value, change) for a formatting mode.
    let widths = |compact: bool| -> Vec<(usize, usize)> {
        cols.iter()
            .map(|c| {
                let vals = rows.iter().copied().chain(std::iter::once(&rep.total));
                let mut vw = 0;
                let mut cw = width(change_header);
                for r in vals {
                    let mv = r.get(c.def.id);
                    let parens = if catalogue::gated_off(c.def.id, r) {
                        2
                    } else {
                        0
                    };
                    vw = vw.max(width(&value_text(th, mv, c.def, compact)) + parens);
                    if c.change {
                        cw = cw.max(width(
                            &th.clean(format::change_cell(mv.and_then(|m| m.change), th.ascii)),
                        ));
                    }
                }
                let hw = width(&header_of(c));
                let vw = vw.max(hw.min(vw.max(9)));
                (vw, if c.change { cw } else { 0 })
            })
            .collect()
    };
    let pick = |ws: &[(usize, usize)]| -> Vec<usize> {
        let mut used = label_w;
        let mut keep = vec![];
        for (i, (vw, cw)) in ws.iter().enumerate() {
            let need = vw + 1 + if *cw > 0 { cw + 1 } else { 0 };
            if used + need <= inner_w {
                used += need;
                keep.push(i);
            } else {
                break;
            }
        }
        keep
    };
    let mut compact = false;
    let mut ws = widths(false);
    let mut keep = pick(&ws);
    if keep.len() < cols.len() {
        let wc = widths(true);
        let kc = pick(&wc);
        if kc.len() > keep.len() {
            compact = true;
            ws = wc;
            keep = kc;
        }
    }
    // Spare width on a wide terminal: first to columns whose header was cut, then
    // to the row labels (SKU titles), so nothing is truncated that need not be.
    let used: usize = label_w
        + keep
            .iter()
            .map(|&i| ws[i].0 + 1 + if ws[i].1 > 0 { ws[i].1 + 1 } else { 0 })
            .sum::<usize>();
    let mut spare = inner_w.saturating_sub(used);
    for &i in &keep {
        // only when the whole header then fits: a header cut later helps no one
        let need = width(&header_of(&cols[i])).saturating_sub(ws[i].0);
        let add = if need <= spare { need } else { 0 };
        ws[i].0 += add;
        spare -= add;
    }
    label_w += label_full.min(60).saturating_sub(label_w).min(spare);
    let master = app.master.as_deref();
    let cells_of = |r: &Row, bold: bool| -> Vec<Cell<'static>> {
        let mut cells = vec![Cell::from(fit(
            &if bold {
                total_label.clone()
            } else {
                row_label(r, level)
            },
            label_w,
        ))];
        for &i in &keep {
            let c = &cols[i];
            let mv = r.get(c.def.id);
            let v = mv.and_then(|m| m.value);
            let hs = master.and_then(|m| report::health(m, c.def, v));
            let mut txt = value_text(th, mv, c.def, compact);
            let mut style = th.health(hs);
            if catalogue::gated_off(c.def.id, r) && v.is_some() {
                txt = format!("({txt})");
                style = th.muted();
            }
            cells.push(Cell::from(
                Line::from(Span::styled(txt, style)).right_aligned(),
            ));
            if c.change {
                let ch = mv.and_then(|m| m.change);
                let txt = th.clean(format::change_cell(ch, th.ascii));
                cells.push(Cell::from(
                    Line::from(Span::styled(txt, th.change(c.def, ch))).right_aligned(),
                ));
            }
        }
        cells
    };
    let mut header = vec![Cell::from(match level {
        Level::Total | Level::Channel => th.t("Channel", "渠道"),
        Level::Store => th.t("Store", "店铺"),
        Level::Sku => "SKU",
    })];
    let mut constraints = vec![Constraint::Length(label_w as u16)];
    for &i in &keep {
        let c = &cols[i];
        header.push(Cell::from(
            Line::from(fit(&header_of(c), ws[i].0)).right_aligned(),
        ));
        constraints.push(Constraint::Length(ws[i].0 as u16));
        if c.change {
            header.push(Cell::from(Line::from(change_header).right_aligned()));
            constraints.push(Constraint::Length(ws[i].1 as u16));
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
        if rows.is_empty() {
            t.push_str(th.t("(no rows) ", "（无数据行）"));
        }
        t
    };
    let table = Table::new(body, constraints)
        .header(TRow::new(header).style(th.accent().add_modifier(Modifier::BOLD)))
        .footer(footer)
        .column_spacing(1)
        .style(style)
        .row_highlight_style(th.selected())
        .block(th.block(title));
    let mut state = TableState::default();
    if !rows.is_empty() {
        state.select(Some(app.level().selected.min(rows.len() - 1)));
    }
    f.render_stateful_widget(table, area, &mut state);
}
