//! The terminal interface: set-up and guaranteed restore of the terminal,
//! signal and panic hooks. The loop itself is `runtime`'s (event → msg →
//! update → effects run by `services` → draw when something changed).

pub mod action;
mod context;
pub mod drafts;
mod editing;
pub mod editor;
pub mod effect;
pub mod form;
mod forms;
pub mod keymap;
mod loader;
pub mod model;
pub mod msg;
pub mod quality;
pub mod reconcile;
pub mod runtime;
pub mod screening;
mod services;
mod snapshot;
pub mod update;
pub mod view;

use std::io::IsTerminal;
use std::time::Duration;

use anyhow::Result;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::context::Ctx;
use drafts::DraftKeeper;
use keymap::Keymap;
use loader::Rules;
use model::{Model, Settings, Whose};
use msg::Msg;
use runtime::Runtime;
pub use services::Services;

/// How the interface was asked to start.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Show initials instead of names (for screen sharing).
    pub redact: bool,
    /// Draw without colour, as `NO_COLOR` in the environment also asks.
    pub no_color: bool,
    /// `--demo`: the database the demo stands in for. Quitting asks first,
    /// since the demo's work is thrown away, and says where real work lives.
    pub demo_instead_of: Option<std::path::PathBuf>,
}

/// Builds the state and services, loads the first data, all before the
/// terminal is touched, so a bad config or database is a plain error.
pub fn prepare(ctx: &Ctx, options: Options) -> Result<Runtime> {
    prepare_showing(ctx, options, Whose::Mine)
}

/// `prepare`, opening on `whose` caseload (the benchmarks time the team's).
pub fn prepare_showing(ctx: &Ctx, options: Options, whose: Whose) -> Result<Runtime> {
    let keymap = Keymap::with_overrides(&ctx.config.ui.keys)?;
    // A first run creates both the config and the database, asking nothing.
    ctx.write_default_config()?;
    let store = ctx.open_interface_store()?;
    // Never a server URL's password: the file's name, or the server database's.
    let database_name = crate::store::database_name(&ctx.db_path);
    let settings = Settings {
        redact: options.redact,
        ascii: ctx.config.ui.ascii,
        color: !options.no_color && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        whose,
        templates: ctx.config.note_templates.clone(),
        lock_after: Some(ctx.config.ui.lock_after_minutes)
            .filter(|minutes| *minutes > 0)
            .map(|minutes| Duration::from_secs(u64::from(minutes) * 60)),
        demo_instead_of: options.demo_instead_of.map(|path| path.display().to_string()),
        safety_instructions: ctx.config.screening.safety_instructions.clone(),
    };
    let model = Model::new(ctx.user.clone(), database_name, ctx.now, settings);
    let drafts = DraftKeeper::start(ctx.db_path.clone(), ctx.open_options());
    let mut services = Services::new(
        store,
        Rules { alerts: ctx.config.alerts.clone(), billing: ctx.config.billing.clone(), holidays: ctx.holidays() },
        drafts,
    )?;
    let first = services.load(&model.query())?;
    let mut runtime = Runtime::new(model, services, keymap);
    runtime.dispatch(Msg::Started(Box::new(first)));
    Ok(runtime)
}

/// Runs the interface until the user quits; the terminal is restored on
/// every way out (return, error, panic, SIGHUP/SIGTERM/SIGINT), and the
/// open note's draft is written before it.
pub fn run(ctx: &Ctx, options: Options) -> Result<()> {
    let mut runtime = prepare(ctx, options)?;
    let drafts = runtime.services().drafts().clone();
    exit_on_signal(drafts.clone())?;
    let mut terminal = ratatui::try_init()?;
    keep_draft_on_panic(drafts.clone());
    // Pasted text arrives whole, so a pasted newline is not taken for Enter.
    let _ = ratatui::crossterm::execute!(std::io::stdout(), ratatui::crossterm::event::EnableBracketedPaste);
    let result = runtime.run(&mut terminal, &ctx.clock);
    drafts.flush();
    restore_terminal();
    runtime.leave();
    result
}

/// Starts exactly as `run` does, draws the first full frame and exits: what
/// `caseload --bench-startup` times. Off a terminal the frame goes to an
/// off-screen 120x40 backend, so benchmarks can run without a tty.
pub fn bench_startup(ctx: &Ctx, options: Options, whose: Whose) -> Result<()> {
    let mut runtime = prepare_showing(ctx, options, whose)?;
    let drawn = if std::io::stdout().is_terminal() {
        let mut terminal = ratatui::try_init()?;
        let drawn = runtime.draw(&mut terminal);
        restore_terminal();
        drawn
    } else {
        runtime.draw(&mut Terminal::new(TestBackend::new(120, 40))?)
    };
    runtime.leave();
    drawn
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
