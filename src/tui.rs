//! The terminal: setup and restore (on quit, error, panic, SIGTERM, SIGHUP, SIGINT, SIGQUIT),
//! the input thread, and the event loop that redraws only on input, data or
//! resize. Only key presses count; the mouse (clicks, wheel) unless `--no-mouse`.

use std::io::{Write, stdout};
use std::path::Path;

use anyhow::Result;
use crossbeam_channel::{Receiver, Sender};
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event as CEvent, KeyCode, KeyEventKind,
    KeyModifiers, MouseButton, MouseEventKind,
};
use ratatui::crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, LeaveAlternateScreen, disable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};

use crate::app::actions::{Effect, export_csv};
use crate::app::{self, Answer, App, Key};
use crate::worker::{self, Request};

/// Everything the loop wakes up for.
pub enum Event {
    Key(Key),
    Resize,
    Answer(Answer),
    Signal(i32),
    Mouse(event::MouseEvent),
}

/// Puts the terminal back: raw mode off, main screen, cursor visible.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = stdout().flush();
}

struct Guard;
impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

pub fn key_of(k: event::KeyEvent) -> Option<Key> {
    if k.kind != KeyEventKind::Press {
        return None;
    }
    Some(match k.code {
        KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => Key::CtrlC,
        KeyCode::Char('p') if k.modifiers.contains(KeyModifiers::CONTROL) => Key::CtrlP,
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        KeyCode::Tab => Key::Tab,
        KeyCode::BackTab => Key::BackTab,
        _ => return None,
    })
}

/// Whether this process owns the terminal (is in its foreground process group).
#[cfg(unix)]
fn in_foreground() -> bool {
    use std::os::fd::AsRawFd;
    let fd = stdout().as_raw_fd();
    // SAFETY: plain queries of the process group ids; no memory is passed.
    let (fg, own) = unsafe { (libc::tcgetpgrp(fd), libc::getpgrp()) };
    fg == -1 || fg == own
}

#[cfg(not(unix))]
fn in_foreground() -> bool {
    true
}

/// Opens the cockpit on `path`; returns the exit code.
pub fn run(path: &Path, mut app: App, mouse: bool) -> Result<i32> {
    let (tx, rx) = crossbeam_channel::unbounded::<Event>();
    {
        let tx = tx.clone();
        let mut signals = signal_hook::iterator::Signals::new([
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGHUP,
            signal_hook::consts::SIGINT,
            signal_hook::consts::SIGQUIT,
        ])?;
        std::thread::spawn(move || {
            if let Some(s) = signals.forever().next() {
                let _ = tx.send(Event::Signal(s));
            }
        });
    }
    // Started in the background (`sellerdeck &`), taking the terminal would stop the
    // process (SIGTTOU), and a stopped process does not see SIGTERM. Wait for `fg`
    // without touching the terminal, ending on a signal.
    while !in_foreground() {
        match rx.recv_timeout(std::time::Duration::from_millis(100)) {
            Ok(Event::Signal(s)) => return Ok(128 + s),
            _ => continue,
        }
    }
    let wtx = {
        let tx = tx.clone();
        worker::spawn(path.to_path_buf(), move |a| {
            let _ = tx.send(Event::Answer(a));
        })?
    };
    // ratatui::init installs a panic hook that restores; ours adds the cursor.
    let mut terminal = ratatui::try_init()?;
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // The worker catches its panics and shows them as an error on screen: the
        // terminal stays in the cockpit and nothing is printed over it.
        if std::thread::current().name() == Some(worker::THREAD) {
            return;
        }
        restore();
        prev(info);
    }));
    let _guard = Guard;
    if mouse {
        let _ = execute!(stdout(), EnableMouseCapture);
    }
    {
        let tx = tx.clone();
        std::thread::spawn(move || input(tx));
    }
    if let Ok(s) = terminal.size() {
        app.size = (s.width, s.height);
    }
    draw(&mut terminal, &app)?;
    let first = app::needs(&app);
    for q in first {
        app.pending.insert(q.clone());
        let _ = wtx.send(Request::Query(app.generation, q));
    }
    loop_events(&mut terminal, &mut app, &rx, &wtx)
}

fn input(tx: Sender<Event>) {
    while let Ok(ev) = event::read() {
        let e = match ev {
            CEvent::Key(k) => match key_of(k) {
                Some(k) => Event::Key(k),
                None => continue,
            },
            CEvent::Resize(..) => Event::Resize,
            // clicks and the wheel only: moves would wake the loop for nothing
            CEvent::Mouse(m)
                if matches!(
                    m.kind,
                    MouseEventKind::Down(_) | MouseEventKind::ScrollUp | MouseEventKind::ScrollDown
                ) =>
            {
                Event::Mouse(m)
            }
            _ => continue,
        };
        if tx.send(e).is_err() {
            return;
        }
    }
}

fn draw(terminal: &mut ratatui::DefaultTerminal, app: &App) -> Result<()> {
    let _ = execute!(stdout(), BeginSynchronizedUpdate);
    terminal.draw(|f| crate::ui::draw(f, app))?;
    let _ = execute!(stdout(), EndSynchronizedUpdate);
    Ok(())
}

fn loop_events(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    rx: &Receiver<Event>,
    wtx: &Sender<Request>,
) -> Result<i32> {
    loop {
        // Block for one event, then take everything queued before drawing once.
        let first = rx.recv()?;
        let mut events = vec![first];
        events.extend(rx.try_iter());
        for ev in events {
            let effects = match ev {
                Event::Key(k) => app::handle_key(app, k),
                Event::Resize => {
                    if let Ok(s) = terminal.size() {
                        app.size = (s.width, s.height);
                    }
                    vec![]
                }
                Event::Answer(a) => app::apply(app, a),
                Event::Mouse(m) => {
                    let (w, h) = app.size;
                    let act = match m.kind {
                        MouseEventKind::ScrollUp => Some(app::MouseAction::WheelUp),
                        MouseEventKind::ScrollDown => Some(app::MouseAction::WheelDown),
                        MouseEventKind::Down(MouseButton::Left) => {
                            crate::ui::hit(app, w, h, m.column, m.row)
                        }
                        _ => None,
                    };
                    match act {
                        Some(a) => app::handle_mouse(app, a),
                        None => continue,
                    }
                }
                Event::Signal(s) => return Ok(128 + s),
            };
            for e in effects {
                match e {
                    Effect::Query(q) => {
                        let _ = wtx.send(Request::Query(app.generation, q));
                    }
                    Effect::Reload => {
                        let _ = wtx.send(Request::Reload);
                    }
                    Effect::Export => {
                        let (name, csv) = export_csv(app);
                        app.message = Some(match std::fs::write(&name, csv) {
                            Ok(()) => {
                                let p = std::fs::canonicalize(&name)
                                    .map(|p| p.display().to_string())
                                    .unwrap_or(name);
                                format!("exported {p}")
                            }
                            Err(e) => format!("export failed: {e}"),
                        });
                    }
                }
            }
            if app.quit {
                return Ok(0);
            }
        }
        draw(terminal, app)?;
    }
}
