//! The one key table: it drives dispatch, the status-line hints and the `?`
//! help, so the three cannot disagree. Keys are terminal-independent here;
//! `tui.rs` translates crossterm events into [`Key`].

use crate::catalogue::Lang;

/// A key press, independent of the terminal library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Char(char),
    Enter,
    Esc,
    Backspace,
    Left,
    Right,
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
    Tab,
    BackTab,
    CtrlC,
    CtrlP,
}

/// What a key asks the app to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Tab(usize),
    NextTab,
    PrevTab,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Drill,
    Back,
    PrevPeriod,
    NextPeriod,
    Grain,
    /// `c`: campaigns on the Ads tab at store level, else the comparison toggle.
    CompareOrCampaigns,
    Compare,
    Latest,
    Sort,
    SortReverse,
    /// `H`/`L`: scroll the table's columns (the row labels stay).
    ScrollLeft,
    ScrollRight,
    /// `0`/`$`: the first / last columns on screen.
    ScrollFirst,
    ScrollLast,
    Filter,
    Export,
    Reload,
    /// `n`: go to the row of the next-worst alert (by money at stake).
    NextAlert,
    /// `a`: the action lists, one after the other.
    ActionLists,
    /// `R`: the next role's Overview cards (owner → operator → ads → service).
    Role,
    /// `Ctrl-P`: fuzzy jump to a channel, store or SKU.
    Jump,
    /// `:`: a period, date range, grain or comparison typed in.
    Command,
    /// `v`: chart the selected row's metric over time.
    Chart,
    Help,
    Quit,
}

/// One line of the key table.
pub struct Binding {
    pub keys: &'static [Key],
    /// How the keys are written in hints and help.
    pub label: &'static str,
    pub action: Action,
    /// Short hint for the status line (en, zh); empty = not hinted.
    pub hint: (&'static str, &'static str),
    /// Help text (en, zh).
    pub help: (&'static str, &'static str),
    /// Lower shows first; hints are dropped from the highest when narrow.
    pub prio: u8,
}

impl Binding {
    pub fn hint(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.hint.0,
            Lang::Zh => self.hint.1,
        }
    }
    pub fn help(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.help.0,
            Lang::Zh => self.help.1,
        }
    }
}

use Key::*;

pub static KEYS: &[Binding] = &[
    Binding {
        keys: &[
            Char('1'),
            Char('2'),
            Char('3'),
            Char('4'),
            Char('5'),
            Char('6'),
            Char('7'),
            Char('8'),
        ],
        label: "1-8",
        action: Action::Tab(0),
        hint: ("tab", "面板"),
        help: ("jump to a tab", "切换面板"),
        prio: 5,
    },
    Binding {
        keys: &[Tab],
        label: "Tab",
        action: Action::NextTab,
        hint: ("", ""),
        help: ("next tab", "下一个面板"),
        prio: 99,
    },
    Binding {
        keys: &[BackTab],
        label: "S-Tab",
        action: Action::PrevTab,
        hint: ("", ""),
        help: ("previous tab", "上一个面板"),
        prio: 99,
    },
    Binding {
        keys: &[Up, Char('k')],
        label: "↑/k",
        action: Action::Up,
        hint: ("", ""),
        help: ("move up", "上移"),
        prio: 99,
    },
    Binding {
        keys: &[Down, Char('j')],
        label: "↓/j",
        action: Action::Down,
        hint: ("", ""),
        help: ("move down", "下移"),
        prio: 99,
    },
    Binding {
        keys: &[PageUp],
        label: "PgUp",
        action: Action::PageUp,
        hint: ("", ""),
        help: ("page up", "上一页"),
        prio: 99,
    },
    Binding {
        keys: &[PageDown],
        label: "PgDn",
        action: Action::PageDown,
        hint: ("", ""),
        help: ("page down", "下一页"),
        prio: 99,
    },
    Binding {
        keys: &[Char('g'), Home],
        label: "g",
        action: Action::Top,
        hint: ("", ""),
        help: ("first row", "第一行"),
        prio: 99,
    },
    Binding {
        keys: &[Char('G'), End],
        label: "G",
        action: Action::Bottom,
        hint: ("", ""),
        help: ("last row", "最后一行"),
        prio: 99,
    },
    Binding {
        keys: &[Enter, Right, Char('l')],
        label: "Enter",
        action: Action::Drill,
        hint: ("drill", "下钻"),
        help: (
            "drill in: store → SKU → card",
            "下钻所选行（渠道 → 店铺 → SKU → 详情）",
        ),
        prio: 1,
    },
    Binding {
        keys: &[Backspace, Left, Char('h'), Esc],
        label: "Bksp",
        action: Action::Back,
        hint: ("up", "返回"),
        help: (
            "up a level; Esc closes popups",
            "返回上一级（Esc 先关闭弹窗、清除筛选）",
        ),
        prio: 2,
    },
    Binding {
        keys: &[Char('['), Char(']')],
        label: "[ ]",
        action: Action::PrevPeriod,
        hint: ("period", "周期"),
        help: ("previous / next period", "上一个 / 下一个周期"),
        prio: 3,
    },
    Binding {
        keys: &[Char('p')],
        label: "p",
        action: Action::Grain,
        hint: ("grain", "粒度"),
        help: (
            "grain: day/week/month/qtr/year",
            "粒度：日 → 周 → 月 → 季 → 年",
        ),
        prio: 6,
    },
    Binding {
        keys: &[Char('c')],
        label: "c",
        action: Action::CompareOrCampaigns,
        hint: ("compare", "对比"),
        help: (
            "prev↔yoy; Ads stores: campaigns",
            "对比 环比 ↔ 同比（广告面板店铺级：该店铺的广告活动）",
        ),
        prio: 7,
    },
    Binding {
        keys: &[Char('y')],
        label: "y",
        action: Action::Compare,
        hint: ("", ""),
        help: (
            "compare prev ↔ yoy (everywhere)",
            "对比 环比 ↔ 同比（任何位置）",
        ),
        prio: 99,
    },
    Binding {
        keys: &[Char('t')],
        label: "t",
        action: Action::Latest,
        hint: ("latest", "最新"),
        help: ("latest period with data", "跳到有数据的最新周期"),
        prio: 8,
    },
    Binding {
        keys: &[Char('H'), Char('L')],
        label: "H L",
        action: Action::ScrollLeft,
        hint: ("columns", "列"),
        help: (
            "scroll the columns left / right",
            "左右滚动列（行标签不动；‹ › 表示有隐藏的列）",
        ),
        prio: 6,
    },
    Binding {
        keys: &[Char('0'), Char('$')],
        label: "0 $",
        action: Action::ScrollFirst,
        hint: ("", ""),
        help: ("first / last columns", "第一列 / 最后几列"),
        prio: 99,
    },
    Binding {
        keys: &[Char('s')],
        label: "s",
        action: Action::Sort,
        hint: ("sort", "排序"),
        help: ("sort by the next visible column", "按下一个可见列排序"),
        prio: 9,
    },
    Binding {
        keys: &[Char('S')],
        label: "S",
        action: Action::SortReverse,
        hint: ("", ""),
        help: ("reverse the sort", "反向排序"),
        prio: 99,
    },
    Binding {
        keys: &[Char('/')],
        label: "/",
        action: Action::Filter,
        hint: ("filter", "筛选"),
        help: (
            "filter rows by SKU, title, store",
            "按文本筛选行（SKU、标题、店铺）；Esc 清除",
        ),
        prio: 10,
    },
    Binding {
        keys: &[CtrlP],
        label: "C-p",
        action: Action::Jump,
        hint: ("jump", "跳转"),
        help: (
            "jump to a channel, store or SKU (fuzzy)",
            "跳转到渠道、店铺或 SKU（模糊搜索）",
        ),
        prio: 5,
    },
    Binding {
        keys: &[Char('v')],
        label: "v",
        action: Action::Chart,
        hint: ("chart", "图表"),
        help: (
            "chart the sorted (else first visible) column of the row",
            "图表：所选行的排序列（否则第一可见列）随时间变化",
        ),
        prio: 8,
    },
    Binding {
        keys: &[Char(':')],
        label: ":",
        action: Action::Command,
        hint: ("", ""),
        help: (
            "type a period (2026-10, 2026-Q3, 2026-10-01..2026-10-20), a grain (week) or prev/yoy",
            "输入周期（2026-10、2026-Q3、2026-10-01..2026-10-20）、粒度（week）或 prev/yoy",
        ),
        prio: 99,
    },
    Binding {
        keys: &[Char('e')],
        label: "e",
        action: Action::Export,
        hint: ("export", "导出"),
        help: ("export the current view to CSV", "导出当前视图为 CSV"),
        prio: 11,
    },
    Binding {
        keys: &[Char('r')],
        label: "r",
        action: Action::Reload,
        hint: ("", ""),
        help: ("reload the workbook", "重新载入"),
        prio: 99,
    },
    Binding {
        keys: &[Char('R')],
        label: "R",
        action: Action::Role,
        hint: ("", ""),
        help: (
            "role: owner → operator → ads → service Overview cards",
            "角色看板：老板 → 运营 → 广告 → 客服",
        ),
        prio: 99,
    },
    Binding {
        keys: &[Char('n')],
        label: "n",
        action: Action::NextAlert,
        hint: ("next alert", "下一警报"),
        help: (
            "go to the next-worst alert's row (ranked by money at stake)",
            "跳到下一个最严重警报所在行（按影响金额排序）",
        ),
        prio: 12,
    },
    Binding {
        keys: &[Char('a')],
        label: "a",
        action: Action::ActionLists,
        hint: ("actions", "行动清单"),
        help: (
            "action lists: restock → ad budget → clearance → listing → quadrant → drivers",
            "行动清单：补货 → 广告预算 → 清仓 → 详情页 → 四象限 → 增长驱动",
        ),
        prio: 13,
    },
    Binding {
        keys: &[Char('?')],
        label: "?",
        action: Action::Help,
        hint: ("help", "帮助"),
        help: ("this help", "本帮助"),
        prio: 0,
    },
    Binding {
        keys: &[Char('q'), CtrlC],
        label: "q",
        action: Action::Quit,
        hint: ("quit", "退出"),
        help: ("quit", "退出"),
        prio: 4,
    },
];

/// The help's frame inside the body: as wide as the body up to 84 columns (120 when wider).
pub fn frame_width(body_w: u16) -> u16 {
    84.max(body_w.min(120)).min(body_w)
}

/// Whether the help uses two columns in a body of this size.
pub fn two_columns(body_w: u16, body_h: u16) -> bool {
    KEYS.len() + 4 > body_h as usize && body_w >= 60
}

/// The help's lines in a body of this size (what it scrolls through).
pub fn help_line_count(lang: Lang, ascii: bool, body_w: u16, body_h: u16) -> usize {
    if two_columns(body_w, body_h) {
        let w = frame_width(body_w).saturating_sub(2) as usize;
        KEYS.len().div_ceil(2) + super::view::wrap_header(legend(lang, ascii), w, usize::MAX).len()
    } else {
        help_lines(lang, ascii, frame_width(body_w).saturating_sub(2) as usize).len()
    }
}

/// How to read the numbers: the last line of the help.
pub fn legend(lang: Lang, ascii: bool) -> &'static str {
    match (lang, ascii) {
        (Lang::En, true) => {
            "^ v change vs comparison, colour = health (+ ! x without colour), - = undefined, * = still maturing"
        }
        (Lang::Zh, true) => {
            "^ v 相对对比期变化，颜色 = 健康度（无颜色时 + ! x），- = 无定义，* = 未成熟"
        }
        (Lang::En, false) => {
            "▲▼ change vs comparison, colour = health (✓ ! ✗ without colour), — = undefined, * = still maturing"
        }
        (Lang::Zh, false) => {
            "▲▼ 相对对比期变化，颜色 = 健康度（无颜色时 ✓ ! ✗），— = 无定义，* = 未成熟"
        }
    }
}

/// A binding's keys as the help writes them (ASCII spells the arrows out).
pub fn help_label(b: &Binding, ascii: bool) -> String {
    if ascii {
        b.label
            .replace('↑', "Up/")
            .replace('↓', "Down/")
            .replace("Up//", "Up/")
            .replace("Down//", "Down/")
    } else {
        b.label.to_string()
    }
}

/// The help in one column for an inner width: (keys, text) per line, the text
/// wrapped at words under its binding, then a blank line and the legend. The
/// widget draws exactly these lines, so the app knows how far the help scrolls.
pub fn help_lines(lang: Lang, ascii: bool, inner_w: usize) -> Vec<(String, String)> {
    let tw = inner_w.saturating_sub(10).max(8);
    let mut out = vec![];
    for b in KEYS {
        for (i, part) in super::view::wrap_header(b.help(lang), tw, usize::MAX)
            .into_iter()
            .enumerate()
        {
            let keys = if i == 0 {
                help_label(b, ascii)
            } else {
                String::new()
            };
            out.push((keys, part));
        }
    }
    out.push((String::new(), String::new()));
    for part in super::view::wrap_header(legend(lang, ascii), inner_w.max(8), usize::MAX) {
        out.push((String::new(), part));
    }
    out
}

/// The action of a key in normal mode.
pub fn action_of(key: Key) -> Option<Action> {
    let b = KEYS.iter().find(|b| b.keys.contains(&key))?;
    Some(match (b.action, key) {
        (Action::Tab(_), Char(c)) => Action::Tab(c as usize - '1' as usize),
        (Action::PrevPeriod, Char(']')) => Action::NextPeriod,
        (Action::ScrollLeft, Char('L')) => Action::ScrollRight,
        (Action::ScrollFirst, Char('$')) => Action::ScrollLast,
        (a, _) => a,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_bound_twice() {
        let mut seen = std::collections::HashSet::new();
        for b in KEYS {
            for k in b.keys {
                assert!(seen.insert(*k), "{k:?} bound twice");
            }
        }
        assert_eq!(action_of(Char('3')), Some(Action::Tab(2)));
        assert_eq!(action_of(Char(']')), Some(Action::NextPeriod));
    }
}
