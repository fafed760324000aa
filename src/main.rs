//! The `caseload` binary: parse the command line, load the config, fix the
//! clock, then run a command or open the interface; any error becomes one
//! sentence with a hint.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::Result;
use clap::Parser;

use caseload::cli::{self, Cli, StartupView};
use caseload::context::Ctx;
use caseload::tui::model::Whose;
use caseload::{errors, tui};

fn main() -> ExitCode {
    errors::install_panic_hook();
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            errors::report(&error);
            ExitCode::from(1)
        }
    }
}

fn run(parsed: Cli) -> Result<()> {
    let mut ctx = Ctx::load(&parsed.config, &parsed.db, &parsed.user)?;
    ctx.redact = parsed.redact;
    let real_database = ctx.db_path.clone();
    // Kept alive until the end: the demo database lives in this directory.
    let _demo_dir = if parsed.demo { Some(cli::demo::use_demo_database(&mut ctx)?) } else { None };
    let options = tui::Options {
        redact: parsed.redact,
        demo_instead_of: parsed.demo.then_some(real_database),
        ..tui::Options::default()
    };
    let bench_whose =
        parsed.bench_startup.map(|view| if view == StartupView::Team { Whose::Team } else { Whose::Mine });
    match (parsed.command, bench_whose) {
        (Some(command), _) => cli::run(&ctx, command),
        (None, Some(whose)) => tui::bench_startup(&ctx, options, whose),
        (None, None) if std::io::stdout().is_terminal() => tui::run(&ctx, options),
        (None, None) => cli::print_overview(&ctx),
    }
}
