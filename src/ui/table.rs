//! The generic metric table: right-aligned numbers, `—` for undefined,
//! change columns with sign and arrow, health colours, a totals footer, and
//! columns that scroll sideways (`H`/`L`) behind frozen row labels.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Cell, Paragraph, Row as TRow, Table, TableState};

use super::{Theme, fit};
use crate::app::{App, view};
use crate::format;
use crate::metrics::engine::Level;
use crate::metrics::report::{self, Row};

pub use crate::app::view::row_label;

/// Draws the table of the current view into `area`: the row labels frozen on
/// the left, the metric columns of the scroll window (`H`/`L`) with `‹ ›` in the
/// title when some are hidden, as laid out by `app::view`.
pub fn draw(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let inner_w = area.width.saturating_sub(2) as usize;
    let (Some((rep, stale)), Some(lay)) = (app.shown_report(), view::table_layout(app, inner_w))
    else {
        return loading(f, area, app, th);
    };
    let rows = app.visible_rows();
    let cells = Cells {
        lay: &lay,
        th,
        master: app.master.as_deref(),
        stale,
        level: app.level().level,
    };
    let (header, constraints) = header(&lay, cells.level, th);
    let body: Vec<TRow> = rows.iter().map(|r| TRow::new(cells.of(r, false))).collect();
    let footer =
        TRow::new(cells.of(&rep.total, true)).style(Style::default().add_modifier(Modifier::BOLD));
    let mut style = Style::default();
    if stale {
        style = style.add_modifier(Modifier::DIM);
    }
    let mut block = th.block(title(app, th, rep, stale, rows.is_empty()));
    if let Some(t) = scroll_title(app, &lay, th) {
        block = block.title(Line::from(t).right_aligned());
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

/// No report of this level yet: its error, or "loading".
fn loading(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let msg = match &app.report_error {
        Some(e) => e.clone(),
        None => th.t("loading…", "加载中…").to_string(),
    };
    let title = format!(" {} ", app.panel().label(th.lang));
    f.render_widget(Paragraph::new(th.clean(msg)).block(th.block(title)), area);
}

/// What the cells of a row need: the layout, the theme, the master data (health)
/// and whether the numbers are stale.
struct Cells<'a> {
    lay: &'a view::TableLayout,
    th: &'a Theme,
    master: Option<&'a crate::app::Master>,
    stale: bool,
    level: Level,
}

impl Cells<'_> {
    /// Stale numbers dim cell by cell (a table-wide style does not survive the
    /// cells' own colours everywhere) and the title says so, for NO_COLOR too.
    fn dim(&self, s: Style) -> Style {
        if self.stale {
            s.add_modifier(Modifier::DIM)
        } else {
            s
        }
    }

    /// The cells of one row (`total`: the footer).
    fn of(&self, r: &Row, total: bool) -> Vec<Cell<'static>> {
        let (lay, th) = (self.lay, self.th);
        let label = if total {
            lay.total_label.clone()
        } else {
            row_label(r, self.level)
        };
        let mut cells = vec![Cell::from(Span::styled(
            fit(&label, lay.label_w),
            self.dim(Style::default()),
        ))];
        for c in lay.visible() {
            let mv = r.get(c.def.id);
            cells.push(self.value(r, c, mv));
            if c.change {
                let ch = mv.and_then(|m| m.change);
                let txt = th.clean(format::change_cell(ch, th.ascii));
                cells.push(Cell::from(
                    Line::from(Span::styled(txt, self.dim(th.change(c.def, ch)))).right_aligned(),
                ));
            }
        }
        cells
    }

    /// A value cell: health-coloured (or marked, without colour), in brackets when gated off.
    fn value(
        &self,
        r: &Row,
        c: &view::ColView,
        mv: Option<&crate::metrics::report::MetricValue>,
    ) -> Cell<'static> {
        let th = self.th;
        let v = mv.and_then(|m| m.value);
        let hs = self.master.and_then(|m| report::health(m, c.def, v));
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
        Cell::from(Line::from(Span::styled(txt, self.dim(style))).right_aligned())
    }
}

/// The header cells and the column widths of the columns on screen.
fn header(
    lay: &view::TableLayout,
    level: Level,
    th: &Theme,
) -> (Vec<Cell<'static>>, Vec<Constraint>) {
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
    let mut constraints = vec![Constraint::Length(lay.label_w as u16)];
    for c in lay.visible() {
        header.push(Cell::from(Text::from(bottom(&c.header))));
        constraints.push(Constraint::Length(c.width as u16));
        if c.change {
            let h = view::change_header(th.lang).to_string();
            header.push(Cell::from(Text::from(bottom(&[h]))));
            constraints.push(Constraint::Length(c.change_width as u16));
        }
    }
    (header, constraints)
}

/// The table's title: the tab, the filter, and whether the rows are stale or none.
fn title(
    app: &App,
    th: &Theme,
    rep: &crate::metrics::report::Report,
    stale: bool,
    empty: bool,
) -> String {
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
    } else if empty {
        t.push_str(th.t("(no rows) ", "（无数据行）"));
    }
    th.clean(t)
}

/// The right title when columns are scrolled out: `‹ 3–7/12 ›`, and the sorted
/// column when it is one of them.
fn scroll_title(app: &App, lay: &view::TableLayout, th: &Theme) -> Option<String> {
    if !(lay.hidden_left() || lay.hidden_right()) {
        return None;
    }
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
    Some(th.clean(t))
}

/// A left-aligned header on the last of `h` lines.
fn bottom_left(s: &str, h: u16) -> Text<'static> {
    let mut v: Vec<Line> = vec![Line::raw(""); h.saturating_sub(1) as usize];
    v.push(Line::raw(s.to_string()));
    Text::from(v)
}
