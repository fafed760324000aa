//! The `caseload` binary: parse the command line, load the config, fix the
//! clock, run a command, and turn any error into one sentence with a hint.

use std::process::ExitCode;

use clap::Parser;

use caseload::cli::{self, Cli};

fn main() -> ExitCode {
    caseload::errors::install_panic_hook();
    let parsed = Cli::parse();
    match cli::run(parsed) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            caseload::errors::report(&error);
            ExitCode::from(1)
        }
    }
}
