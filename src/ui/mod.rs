//! Widgets: draw an `&App` into a frame. No SQL, no state changes.

pub mod actions;
pub mod ads;
pub mod chart;
pub mod compact;
pub mod customers;
pub mod detail;
pub mod funnel;
pub mod growth;
pub mod header;
pub mod help;
pub mod jump;
pub mod overview;
pub mod panels;
pub mod profit;
pub mod status;
pub mod table;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};
use rust_decimal::Decimal;
use unicode_width::UnicodeWidthStr;

use crate::app::{App, ColorMode, Overlay};
use crate::catalogue::{Direction, Health, Lang, MetricDef, Panel};

/// The smallest terminal the cockpit draws into.
pub const MIN_W: u16 = 40;
pub const MIN_H: u16 = 10;

/// Colours and symbols for one frame, from the app's colour mode and `--ascii`.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: ColorMode,
    pub ascii: bool,
    pub lang: Lang,
}

impl Theme {
    pub fn of(app: &App) -> Theme {
        Theme {
            color: app.color,
            ascii: app.ascii,
            lang: app.lang,
        }
    }
    fn fg(&self, idx: u8, rgb: (u8, u8, u8)) -> Style {
        match self.color {
            ColorMode::Never => Style::default(),
            ColorMode::C256 => Style::default().fg(Color::Indexed(idx)),
            ColorMode::TrueColor => Style::default().fg(Color::Rgb(rgb.0, rgb.1, rgb.2)),
        }
    }
    pub fn good(&self) -> Style {
        self.fg(71, (95, 175, 95))
    }
    pub fn warn(&self) -> Style {
        self.fg(178, (215, 175, 0))
    }
    pub fn bad(&self) -> Style {
        self.fg(167, (215, 95, 95))
    }
    pub fn accent(&self) -> Style {
        self.fg(74, (95, 175, 215))
    }
    pub fn muted(&self) -> Style {
        match self.color {
            ColorMode::Never => Style::default(),
            _ => self.fg(245, (138, 138, 138)),
        }
    }
    /// The selection: visible without colour.
    pub fn selected(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }
    /// Health as a mark, for screens without colour (NO_COLOR, `--color never`):
    /// `✓` good, `!` warning, `✗` bad (ASCII `+ ! x`); nothing in colour.
    pub fn health_mark(&self, h: Option<Health>) -> &'static str {
        if self.color != ColorMode::Never {
            return "";
        }
        match (h, self.ascii) {
            (Some(Health::Good), false) => "✓",
            (Some(Health::Bad), false) => "✗",
            (Some(Health::Good), true) => "+",
            (Some(Health::Bad), true) => "x",
            (Some(Health::Warn), _) => "!",
            (None, _) => "",
        }
    }
    pub fn health(&self, h: Option<Health>) -> Style {
        match h {
            Some(Health::Good) => self.good(),
            Some(Health::Warn) => self.warn(),
            Some(Health::Bad) => self.bad(),
            None => Style::default(),
        }
    }
    /// Colour of a change: good or bad by the metric's direction (the arrow carries the sign).
    pub fn change(&self, m: &MetricDef, ch: Option<Decimal>) -> Style {
        match (m.dir, ch) {
            (Direction::Up, Some(c)) if c > Decimal::ZERO => self.good(),
            (Direction::Up, Some(c)) if c < Decimal::ZERO => self.bad(),
            (Direction::Down, Some(c)) if c < Decimal::ZERO => self.good(),
            (Direction::Down, Some(c)) if c > Decimal::ZERO => self.bad(),
            _ => Style::default(),
        }
    }
    pub fn border(&self) -> border::Set<'static> {
        if self.ascii {
            border::Set {
                top_left: "+",
                top_right: "+",
                bottom_left: "+",
                bottom_right: "+",
                vertical_left: "|",
                vertical_right: "|",
                horizontal_top: "-",
                horizontal_bottom: "-",
            }
        } else {
            border::PLAIN
        }
    }
    pub fn block<'a>(&self, title: impl Into<Line<'a>>) -> Block<'a> {
        Block::bordered()
            .border_set(self.border())
            .border_style(self.muted())
            .title(title)
    }
    /// The full bar glyph.
    pub fn bar(&self) -> &'static str {
        if self.ascii { "#" } else { "█" }
    }
    pub fn undefined(&self) -> &'static str {
        if self.ascii {
            "-"
        } else {
            crate::format::UNDEFINED
        }
    }
    pub fn sep(&self) -> &'static str {
        if self.ascii { " > " } else { " › " }
    }
    pub fn t(&self, en: &'static str, zh: &'static str) -> &'static str {
        match self.lang {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }
    /// Replaces glyphs of ambiguous width in text computed elsewhere.
    pub fn clean(&self, s: String) -> String {
        if self.ascii {
            s.replace(['—', '−'], "-")
                .replace('…', "...")
                .replace('›', ">")
                .replace('·', ".")
        } else {
            s
        }
    }
}

/// Display width of a string (CJK counts 2).
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Truncates to a display width, never splitting a wide character.
pub fn fit(s: &str, w: usize) -> String {
    if width(s) <= w {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for ch in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if used + cw > w {
            break;
        }
        used += cw;
        out.push(ch);
    }
    out
}

/// A sparkline string of the values (one glyph each; blank where undefined).
pub fn sparkline(values: &[Option<Decimal>], ascii: bool) -> String {
    const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    const ASCII: [char; 8] = ['_', '.', ',', '-', '=', '+', '*', '#'];
    let set = if ascii { ASCII } else { BLOCKS };
    let defined: Vec<Decimal> = values.iter().flatten().copied().collect();
    let (Some(lo), Some(hi)) = (defined.iter().min(), defined.iter().max()) else {
        return String::new();
    };
    values
        .iter()
        .map(|v| match v {
            None => ' ',
            Some(v) if hi == lo => set[3],
            Some(v) => {
                let f = (*v - lo) / (*hi - *lo) * Decimal::from(7);
                let i: usize = f.round().try_into().unwrap_or(0);
                set[i.min(7)]
            }
        })
        .collect()
}

/// Draws the whole cockpit.
pub fn draw(f: &mut Frame, app: &App) {
    let area = f.area();
    let th = Theme::of(app);
    if area.width < MIN_W || area.height < MIN_H {
        let msg = format!("terminal too small (need {MIN_W}x{MIN_H})");
        f.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
        return;
    }
    let [head, tabs, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    header::header(f, head, app, &th);
    header::tabs(f, tabs, app, &th);
    match app.panel() {
        Panel::Overview => overview::draw(f, body, app, &th),
        Panel::Customers => customers::draw(f, body, app, &th),
        p => panels::draw(f, body, app, &th, p),
    }
    match &app.overlay {
        Overlay::Help => help::draw(f, body, app, &th),
        Overlay::Detail(k) => detail::draw(f, body, app, &th, k),
        Overlay::Campaigns(s) => panels::campaigns(f, body, app, &th, s),
        Overlay::Actions(k) => actions::draw(f, body, app, &th, *k),
        Overlay::Jump => jump::draw(f, body, app, &th),
        Overlay::Chart { row, metric } => chart::draw(f, body, app, &th, row, *metric),
        _ => {}
    }
    status::draw(f, status, app, &th);
}

/// Where a click lands, on a `w`×`h` screen: a tab, a table row or a column
/// header (as drawn by `draw`; pure, so tests place clicks without a terminal).
pub fn hit(app: &App, w: u16, h: u16, x: u16, y: u16) -> Option<crate::app::MouseAction> {
    use crate::app::MouseAction;
    if w < MIN_W || h < MIN_H || app.overlay != Overlay::None {
        return None;
    }
    let th = Theme::of(app);
    if y == 1 {
        let mut pos = 0u16;
        for (i, n) in header::tab_names(app, &th, w).iter().enumerate() {
            let nw = width(n) as u16;
            if x >= pos && x < pos + nw {
                return Some(MouseAction::Tab(i));
            }
            pos += nw;
        }
        return None;
    }
    if app.panel() == Panel::Overview {
        return None;
    }
    let body = Rect::new(0, 2, w, h.saturating_sub(3));
    let t = panels::table_rect(app.panel(), body);
    let lay = crate::app::view::table_layout(app, t.width.saturating_sub(2) as usize)?;
    let head_top = t.y + 1;
    let rows_top = head_top + lay.header_h;
    if y >= head_top && y < rows_top {
        let cx = x.checked_sub(t.x + 1)? as usize;
        let mut pos = lay.label_w;
        for c in lay.visible() {
            if cx >= pos && cx < pos + c.span() {
                return Some(MouseAction::SortBy(c.index));
            }
            pos += c.span();
        }
        return None;
    }
    let visible_h = t.height.saturating_sub(2 + lay.header_h + 1) as usize;
    if y >= rows_top && ((y - rows_top) as usize) < visible_h {
        let offset = app
            .level()
            .selected
            .saturating_sub(visible_h.saturating_sub(1));
        return Some(MouseAction::Row(offset + (y - rows_top) as usize));
    }
    None
}

/// A centred rectangle inside `r`.
pub fn centered(r: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(r.width);
    let h = h.min(r.height);
    Rect {
        x: r.x + (r.width - w) / 2,
        y: r.y + (r.height - h) / 2,
        width: w,
        height: h,
    }
}

/// One frame as text, as `render` prints it: plain, or with ANSI colours.
pub fn render_text(app: &App, w: u16, h: u16, ansi: bool) -> String {
    let backend = ratatui::backend::TestBackend::new(w, h);
    let mut term = ratatui::Terminal::new(backend).expect("test backend");
    term.draw(|f| draw(f, app)).expect("draw");
    buffer_text(term.backend().buffer(), ansi)
}

/// A buffer as lines of text; wide characters are not followed by their blank cell.
pub fn buffer_text(buf: &Buffer, ansi: bool) -> String {
    let mut out = String::new();
    let a = buf.area;
    for y in a.top()..a.bottom() {
        let mut line = String::new();
        let mut skip = 0usize;
        let mut last: Option<Style> = None;
        for x in a.left()..a.right() {
            let c = &buf[(x, y)];
            if skip > 0 {
                skip -= 1;
                continue;
            }
            if ansi {
                let st = c.style();
                if last != Some(st) {
                    line.push_str(&sgr(st));
                    last = Some(st);
                }
            }
            line.push_str(c.symbol());
            skip = width(c.symbol()).saturating_sub(1);
        }
        if ansi {
            line.push_str("\x1b[0m");
        } else {
            line = line.trim_end().to_string();
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn sgr(st: Style) -> String {
    let mut codes = vec!["0".to_string()];
    let m = st.add_modifier;
    if m.contains(Modifier::BOLD) {
        codes.push("1".into());
    }
    if m.contains(Modifier::DIM) {
        codes.push("2".into());
    }
    if m.contains(Modifier::REVERSED) {
        codes.push("7".into());
    }
    let col = |c: Color, base: u8| -> Option<String> {
        match c {
            Color::Indexed(i) => Some(format!("{};5;{i}", base + 8)),
            Color::Rgb(r, g, b) => Some(format!("{};2;{r};{g};{b}", base + 8)),
            Color::Reset => None,
            _ => None,
        }
    };
    if let Some(c) = st.fg.and_then(|c| col(c, 30)) {
        codes.push(c);
    }
    if let Some(c) = st.bg.and_then(|c| col(c, 40)) {
        codes.push(c);
    }
    format!("\x1b[{}m", codes.join(";"))
}
