//! The terminal interface: set-up and guaranteed restore of the terminal, and
//! the synchronous event loop (key → action → update → draw).

pub mod action;
pub mod app;
mod context;
mod data;
pub mod drafts;
mod editing;
pub mod editor;
pub mod form;
mod forms;
pub mod keymap;
pub mod update;
pub mod view;

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::time::{Duration, Instant};

use anyhow::Result;
use chrono::NaiveDate;
use ratatui::backend::{Backend, TestBackend};
use ratatui::crossterm::event::{self, Event, KeyEventKind};
use ratatui::{DefaultTerminal, Terminal};

use crate::clock::Clock;
use crate::context::Ctx;
use crate::domain::alerts::AlertRules;
use crate::store::Store;
use app::{App, Whose};
use drafts::DraftKeeper;
use keymap::Keymap;

/// What the interface calls on: the store and the rules it computes with.
pub struct Services {
    pub store: Store,
    pub rules: AlertRules,
    pub holidays: Vec<NaiveDate>,
    /// `PRAGMA data_version` when last seen: it moves when another process writes.
    pub data_version: i64,
    /// `Store::last_change_id` when last seen: it moves when a record
    /// changes, and not when someone only looks (views never reload screens).
    pub last_change_id: i64,
    /// Writes the open note's draft in the background and on the way out.
    pub drafts: DraftKeeper,
    /// Note templates from the config: name → text.
    pub templates: BTreeMap<String, String>,
    /// Hide every client detail after this long without a key (None: never).
    pub lock_after: Option<Duration>,
}

/// How the interface was asked to start.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Show initials instead of names (for screen sharing).
    pub redact: bool,
}

/// Builds the state and services, loads the first data, all before the
/// terminal is touched, so a bad config or database is a plain error.
pub fn prepare(ctx: &Ctx, options: Options) -> Result<(App, Services, Keymap)> {
    prepare_showing(ctx, options, Whose::Mine)
}

/// `prepare`, opening on `whose` caseload (the benchmarks time the team's).
pub fn prepare_showing(ctx: &Ctx, options: Options, whose: Whose) -> Result<(App, Services, Keymap)> {
    let keymap = Keymap::with_overrides(&ctx.config.ui.keys)?;
    // A first run creates both the config and the database, asking nothing.
    ctx.write_default_config()?;
    let store = ctx.open_interface_store()?;
    let database_name = ctx.db_path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut app = App::new(ctx.user.clone(), database_name, ctx.now);
    app.redact = options.redact;
    app.whose = whose;
    app.ascii = ctx.config.ui.ascii;
    app.color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let data_version = store.data_version()?;
    let last_change_id = store.last_change_id()?;
    let drafts = DraftKeeper::start(ctx.db_path.clone(), ctx.open_options());
    let lock_after = Some(ctx.config.ui.lock_after_minutes)
        .filter(|minutes| *minutes > 0)
        .map(|minutes| Duration::from_secs(u64::from(minutes) * 60));
    let mut services = Services {
        store,
        rules: ctx.config.alerts.clone(),
        holidays: ctx.holidays(),
        data_version,
        last_change_id,
        drafts,
        templates: ctx.config.note_templates.clone(),
        lock_after,
    };
    data::reload(&mut app, &mut services.store, &services.rules, &services.holidays)?;
    app.message = data::unreadable_message(&services.store);
    // What was being written when caseload last stopped is offered first.
    editing::show_drafts_if_any(&mut app);
    services.store.set_now(ctx.now.instant);
    Ok((app, services, keymap))
}

/// Runs the interface until the user quits; the terminal is restored on
/// every way out (return, error, panic, SIGHUP/SIGTERM/SIGINT), and the
/// open note's draft is written before it.
pub fn run(ctx: &Ctx, options: Options) -> Result<()> {
    let (mut app, mut services, keymap) = prepare(ctx, options)?;
    exit_on_signal(services.drafts.clone())?;
    let mut terminal = ratatui::try_init()?;
    keep_draft_on_panic(services.drafts.clone());
    // Pasted text arrives whole, so a pasted newline is not taken for Enter.
    let _ = ratatui::crossterm::execute!(std::io::stdout(), ratatui::crossterm::event::EnableBracketedPaste);
    let result = event_loop(&mut terminal, &mut app, &mut services, &keymap, &ctx.clock);
    services.drafts.flush();
    restore_terminal();
    result
}

/// Starts exactly as `run` does, draws the first full frame and exits: what
/// `caseload --bench-startup` times. Off a terminal the frame goes to an
/// off-screen 120x40 backend, so benchmarks can run without a tty.
pub fn bench_startup(ctx: &Ctx, options: Options, whose: Whose) -> Result<()> {
    let (mut app, _services, keymap) = prepare_showing(ctx, options, whose)?;
    if std::io::stdout().is_terminal() {
        let mut terminal = ratatui::try_init()?;
        let drawn = draw(&mut terminal, &mut app, &keymap);
        restore_terminal();
        drawn
    } else {
        draw(&mut Terminal::new(TestBackend::new(120, 40))?, &mut app, &keymap)
    }
}

/// `ratatui::restore` leaves raw mode and the alternate screen but does not
/// show the cursor again (a `Terminal` does that when dropped, which never
/// happens on the way out from a signal): do both.
fn restore_terminal() {
    let _ = ratatui::crossterm::execute!(std::io::stdout(), ratatui::crossterm::event::DisableBracketedPaste);
    ratatui::restore();
    let _ = ratatui::crossterm::execute!(std::io::stdout(), ratatui::crossterm::cursor::Show);
}

/// A panic writes the draft first; then ratatui's hook restores the
/// terminal and ours says what happened.
fn keep_draft_on_panic(drafts: DraftKeeper) {
    let restore_and_report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        drafts.flush_within(Duration::from_secs(10));
        restore_and_report(info);
    }));
}

/// At most this many waiting events are handled between two frames.
const EVENTS_PER_FRAME: usize = 256;

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    services: &mut Services,
    keymap: &Keymap,
    clock: &Clock,
) -> Result<()> {
    let mut dirty = true;
    let mut last_key = Instant::now();
    let mut last_tick = Instant::now();
    while !app.quit {
        if dirty {
            draw_synchronized(terminal, app, keymap)?;
            dirty = false;
        }
        // Every event already waiting is handled before the next frame, so a
        // burst of keys (fast typing over SSH, a paste) costs one frame.
        let mut wait = Duration::from_millis(250);
        for _ in 0..EVENTS_PER_FRAME {
            if !event::poll(wait)? {
                break;
            }
            // Not zero: crossterm hands over keys it has already read only
            // when asked to wait at least a little.
            wait = Duration::from_millis(1);
            match event::read()? {
                Event::Key(key) if key.kind != KeyEventKind::Release => {
                    update::handle_key(app, keymap, key, services);
                    last_key = Instant::now();
                    dirty = true;
                }
                Event::Paste(text) => {
                    update::handle_paste(app, services, &text);
                    last_key = Instant::now();
                    dirty = true;
                }
                Event::Resize(..) => dirty = true,
                _ => {}
            }
        }
        // Other users' writes show within about a second.
        if last_tick.elapsed() >= Duration::from_secs(1) {
            last_tick = Instant::now();
            dirty |= update::on_tick(app, services, last_key.elapsed());
        }
        let now = clock.now(app.now.zone);
        // The status line shows minutes; the editor's call timer, seconds.
        let shown = |at: chrono::DateTime<chrono::Utc>| at.timestamp() / if app.editor.is_some() { 1 } else { 60 };
        if shown(now.instant) != shown(app.now.instant) {
            // The clock moves; a new day reloads the panes.
            let new_day = now.today() != app.now.today();
            app.now = now;
            if new_day {
                update::reload(app, services);
            }
            dirty = true;
        }
    }
    Ok(())
}

/// Draws one frame between the terminal's begin and end of a synchronized
/// update (DEC mode 2026): a terminal that knows it shows the frame whole, so
/// a slow link never shows half a screen; others ignore the two sequences.
fn draw_synchronized(terminal: &mut DefaultTerminal, app: &mut App, keymap: &Keymap) -> Result<()> {
    use ratatui::crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
    ratatui::crossterm::queue!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
    let drawn = draw(terminal, app, keymap);
    ratatui::crossterm::execute!(terminal.backend_mut(), EndSynchronizedUpdate)?;
    drawn
}

/// Draws one frame (also used by tests with a `TestBackend`).
pub fn draw<B: Backend>(terminal: &mut Terminal<B>, app: &mut App, keymap: &Keymap) -> Result<()>
where
    B::Error: Send + Sync + 'static,
{
    terminal.draw(|frame| view::draw(frame, app, keymap))?;
    Ok(())
}

/// On SIGHUP, SIGTERM or SIGINT (a dropped SSH link, a closed terminal, a
/// kill) write the draft, restore the terminal and leave at once: the event
/// loop may never wake on a dead tty.
fn exit_on_signal(drafts: DraftKeeper) -> Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM, SIGINT])?;
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            drafts.flush();
            restore_terminal();
            std::process::exit(128 + signal);
        }
    });
    Ok(())
}
