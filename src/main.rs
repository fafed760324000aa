//! The `caseload` binary: parse the command line, load the config, fix the
//! clock, then run a command or open the interface; any error becomes one
//! sentence with a hint.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::Result;
use clap::Parser;

use caseload::cli::{self, Cli, StartupView};
use caseload::context::Ctx;
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
    // Kept alive until the end: the demo database lives in this directory.
    let _demo_dir = if parsed.demo { Some(cli::demo::use_demo_database(&mut ctx)?) } else { None };
    let options = tui::Options { redact: parsed.redact, team: parsed.bench_startup == Some(StartupView::Team) };
    match parsed.command {
        Some(command) => cli::run(&ctx, command),
        None if parsed.bench_startup.is_some() => tui::bench_startup(&ctx, options),
        None if std::io::stdout().is_terminal() => tui::run(&ctx, options),
        None => cli::print_overview(&ctx),
    }
}
