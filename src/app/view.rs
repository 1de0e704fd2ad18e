//! The table's view model: the text of every cell, one number format per
//! column, header lines, column widths and the horizontal scroll window. Pure:
//! the widget draws it, and `update` asks it which columns are on screen (so
//! `s` sorts by visible columns and `H`/`L` stop at the edges).

use unicode_width::UnicodeWidthStr;

use super::state::App;
use crate::catalogue::{Lang, MetricDef};
use crate::format::{self, ColumnFormat};
use crate::metrics::engine::Level;
use crate::metrics::report::{MetricValue, Row};

fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// One metric column of the table.
#[derive(Clone)]
pub struct ColView {
    /// Index into `app::columns(panel, level)` (the sort refers to it).
    pub index: usize,
    pub def: &'static MetricDef,
    pub change: bool,
    pub format: ColumnFormat,
    /// The header, in one or two lines that each fit `width`.
    pub header: Vec<String>,
    /// Width of the value cells (and the header).
    pub width: usize,
    /// Width of the change cells (0 without a change column).
    pub change_width: usize,
}

impl ColView {
    /// Screen columns taken, with the spacing before each cell.
    pub fn span(&self) -> usize {
        self.width
            + 1
            + if self.change {
                self.change_width + 1
            } else {
                0
            }
    }

    /// A value cell: the column's format, `*` while the value still matures.
    pub fn value_text(&self, mv: Option<&MetricValue>, lang: Lang) -> String {
        let v = mv.and_then(|m| m.value);
        let mark = if mv.is_some_and(|m| m.maturing && m.value.is_some()) {
            crate::output::MATURING_MARK
        } else {
            ""
        };
        self.format.show(v, lang) + mark
    }
}

/// The whole table as laid out for one width.
#[derive(Clone)]
pub struct TableLayout {
    pub label_w: usize,
    pub cols: Vec<ColView>,
    /// The visible window of `cols`: `first..first + count`.
    pub first: usize,
    pub count: usize,
    pub header_h: u16,
    pub total_label: String,
}

impl TableLayout {
    pub fn visible(&self) -> &[ColView] {
        &self.cols[self.first..self.first + self.count]
    }
    pub fn hidden_left(&self) -> bool {
        self.first > 0
    }
    pub fn hidden_right(&self) -> bool {
        self.first + self.count < self.cols.len()
    }
}

/// A row's first cell.
pub fn row_label(row: &Row, level: Level) -> String {
    if level == Level::Sku && row.label != row.key && !row.unattributed {
        format!("{} {}", row.key, row.label)
    } else {
        row.label.clone()
    }
}

/// The total row's label.
pub fn total_label(row: &Row, lang: Lang) -> String {
    match lang {
        Lang::En => format!("Total {}", row.label),
        // the report names the whole scope "All"; the zh UI says 全部 everywhere
        Lang::Zh if row.label == "All" => "合计 全部".to_string(),
        Lang::Zh => format!("合计 {}", row.label),
    }
}

/// Header of the change columns.
pub fn change_header(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "chg",
        Lang::Zh => "变化",
    }
}

/// Wraps a header into at most `max_lines` lines of width `w`, at spaces; a word
/// wider than `w` is cut with `…` (the caller widens the column to avoid it).
pub fn wrap_header(s: &str, w: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = vec![];
    let mut cur = String::new();
    for word in s.split(' ').filter(|x| !x.is_empty()) {
        let joined = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if width(&joined) <= w || cur.is_empty() {
            cur = joined;
        } else {
            lines.push(std::mem::take(&mut cur));
            cur = word.to_string();
        }
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    if lines.len() > max_lines {
        let rest = lines.split_off(max_lines - 1).join(" ");
        lines.push(rest);
    }
    lines
        .into_iter()
        .map(|l| {
            if width(&l) <= w {
                l
            } else {
                let mut out = String::new();
                for ch in l.chars() {
                    if width(&out) + unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0) + 1 > w
                    {
                        break;
                    }
                    out.push(ch);
                }
                out + "…"
            }
        })
        .collect()
}

/// The width a header needs next to values of width `vw`: one line when it is
/// short, else the narrowest width (not below the values) at which it wraps into
/// two lines without cutting a word. CJK labels have no spaces: they stay whole.
pub fn header_width(h: &str, vw: usize) -> usize {
    let hw = width(h);
    if hw <= vw.max(10) {
        return vw.max(hw);
    }
    let longest = h.split(' ').map(width).max().unwrap_or(0);
    let mut w = vw.max(longest);
    while w < hw && wrap_header(h, w, usize::MAX).len() > 2 {
        w += 1;
    }
    w
}

/// The scroll window: from `offset` (clamped so that the last columns fill the
/// screen rather than scrolling into emptiness) as many columns as fit in `avail`,
/// at least one. Returns (first, count).
pub fn window(spans: &[usize], avail: usize, offset: usize) -> (usize, usize) {
    if spans.is_empty() {
        return (0, 0);
    }
    // the smallest offset from which every remaining column fits
    let mut max_off = spans.len() - 1;
    let mut tail = spans[max_off];
    while max_off > 0 && tail + spans[max_off - 1] <= avail {
        max_off -= 1;
        tail += spans[max_off];
    }
    let first = offset.min(max_off);
    let mut used = 0;
    let mut count = 0;
    for s in &spans[first..] {
        if used + s > avail && count > 0 {
            break;
        }
        used += s;
        count += 1;
    }
    (first, count)
}

/// Lays the current view's table out for an inner width of `inner_w` columns.
pub fn table_layout(app: &App, inner_w: usize) -> Option<TableLayout> {
    let (rep, _) = app.shown_report()?;
    let lang = app.lang;
    let l = app.level();
    let level = l.level;
    let rows = app.visible_rows();
    let all: Vec<&Row> = rows.iter().copied().chain([&rep.total]).collect();
    let sort = l.sort;
    let arrow = |desc: bool| match (desc, app.ascii) {
        (true, false) => "▼",
        (false, false) => "▲",
        (true, true) => "v",
        (false, true) => "^",
    };
    let panel = if app.panel() == crate::catalogue::Panel::Overview {
        crate::catalogue::Panel::Growth
    } else {
        app.panel()
    };
    let cols: Vec<ColView> = super::columns(panel, level)
        .iter()
        .enumerate()
        .map(|(index, c)| {
            let def = c.id.def();
            let format = ColumnFormat::of(def.unit, all.iter().filter_map(|r| r.value(def.id)));
            let mut cv = ColView {
                index,
                def,
                change: c.change,
                format,
                header: vec![],
                width: 0,
                change_width: 0,
            };
            // without colour a health mark (✓ ! ✗) follows each value
            let mark = usize::from(app.color == super::ColorMode::Never);
            let mut vw = 0;
            let mut cw = width(change_header(lang));
            for r in &all {
                let mv = r.get(def.id);
                let parens = if def.gated_off(r) { 2 } else { 0 };
                vw = vw.max(width(&cv.value_text(mv, lang)) + parens.max(mark));
                if c.change {
                    cw = cw.max(width(&format::change_cell(
                        mv.and_then(|m| m.change),
                        app.ascii,
                    )));
                }
            }
            let mut h = def.label(lang).to_string();
            if let Some((i, desc)) = sort
                && i == index
            {
                h.push_str(arrow(desc));
            }
            cv.width = header_width(&h, vw);
            cv.header = wrap_header(&h, cv.width, 2);
            cv.change_width = if c.change { cw } else { 0 };
            cv
        })
        .collect();
    let total_label = total_label(&rep.total, lang);
    let label_full = rows
        .iter()
        .map(|r| width(&row_label(r, level)))
        .chain([width(&total_label)])
        .max()
        .unwrap_or(8);
    let mut label_w = label_full.clamp(8, 30).min(inner_w / 3).max(6);
    let spans: Vec<usize> = cols.iter().map(ColView::span).collect();
    let avail = inner_w.saturating_sub(label_w);
    let (first, count) = window(&spans, avail, l.col_offset);
    // Spare width goes to the row labels (SKU titles).
    let used: usize = spans[first..first + count].iter().sum();
    let spare = avail.saturating_sub(used);
    label_w += label_full.min(60).saturating_sub(label_w).min(spare);
    let header_h = cols[first..first + count]
        .iter()
        .map(|c| c.header.len())
        .max()
        .unwrap_or(1) as u16;
    Some(TableLayout {
        label_w,
        cols,
        first,
        count,
        header_h,
        total_label,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_wrap_at_words_and_never_cut_one() {
        assert_eq!(wrap_header("Restock qty", 7, 2), vec!["Restock", "qty"]);
        assert_eq!(wrap_header("Days of cover", 8, 2), vec!["Days of", "cover"]);
        assert_eq!(wrap_header("GMV", 9, 2), vec!["GMV"]);
        // three words into two lines: the rest joins the second line
        assert_eq!(wrap_header("a b c", 3, 2), vec!["a b", "c"]);
        assert_eq!(wrap_header("abcdef", 4, 2), vec!["abc…"]);
        // short headers take their width; long ones the narrowest two-line width
        assert_eq!(header_width("GMV", 9), 9);
        assert_eq!(header_width("Restock qty", 3), 7);
        assert_eq!(header_width("Days of cover", 5), 7);
        assert_eq!(header_width("Cart abandonment rate", 6), 16);
        assert_eq!(header_width("购物车放弃率", 5), 12);
        for (h, vw) in [("Mobile session share", 6), ("First contact resolution", 5)] {
            let w = header_width(h, vw);
            let lines = wrap_header(h, w, 2);
            assert!(
                lines.len() <= 2 && lines.iter().all(|l| !l.contains('…')),
                "{h}: {lines:?}"
            );
        }
    }

    #[test]
    fn the_scroll_window_fits_and_stops_at_the_edges() {
        let spans = [10, 10, 10, 10, 10];
        assert_eq!(window(&spans, 100, 0), (0, 5));
        assert_eq!(
            window(&spans, 100, 3),
            (0, 5),
            "everything fits: no scrolling"
        );
        assert_eq!(window(&spans, 25, 0), (0, 2));
        assert_eq!(window(&spans, 25, 1), (1, 2));
        assert_eq!(window(&spans, 25, 3), (3, 2));
        assert_eq!(
            window(&spans, 25, 9),
            (3, 2),
            "the last columns fill the screen"
        );
        // a column wider than the screen still shows (cut by the table)
        assert_eq!(window(&[40, 10], 25, 0), (0, 1));
        assert_eq!(window(&[40, 10], 25, 5), (1, 1));
        assert_eq!(window(&[], 25, 5), (0, 0));
    }
}
