//! `caseload import`: clients and community resources from CSV files, all
//! rows or none (SPEC §4).

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::Ctx;
use super::errors::hinted;
use super::output::emit;
use crate::domain::text::inert_line;
use crate::interop::csv_import::{
    CLIENT_COLUMNS, Defaults, ImportError, RESOURCE_COLUMNS, clients_from_csv, resources_from_csv,
};

#[derive(Debug, clap::Subcommand)]
pub enum ImportCommand {
    /// Clients from a CSV file whose header names client fields (given_name and family_name required).
    Clients(ImportArgs),
    /// Community resources from an Open Referral (HSDS) style CSV file (service required).
    Resources(ImportArgs),
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The CSV file (UTF-8, first line naming the columns).
    #[arg(value_name = "FILE.csv")]
    file: PathBuf,
    /// Check every row and say how many would be imported, without writing anything.
    #[arg(long)]
    dry_run: bool,
}

pub fn run(ctx: &Ctx, command: ImportCommand) -> Result<()> {
    match command {
        ImportCommand::Clients(args) => {
            let bytes = read(&args.file)?;
            let mut store = ctx.open_store()?;
            let clients = clients_from_csv(&bytes, &defaults(ctx), &store.client_mrns()?)
                .map_err(|error| refused(&args.file, error, CLIENT_COLUMNS))?;
            let count = if args.dry_run { clients.len() } else { store.import_clients(clients, ctx.today())? };
            report(count, "client", args.dry_run)
        }
        ImportCommand::Resources(args) => {
            let bytes = read(&args.file)?;
            let mut store = ctx.open_store()?;
            let resources = resources_from_csv(&bytes, &defaults(ctx))
                .map_err(|error| refused(&args.file, error, RESOURCE_COLUMNS))?;
            let count = if args.dry_run { resources.len() } else { store.import_resources(resources)? };
            report(count, "resource", args.dry_run)
        }
    }
}

fn defaults(ctx: &Ctx) -> Defaults<'_> {
    Defaults { user: &ctx.user, today: ctx.today(), now: ctx.now.instant }
}

fn read(file: &Path) -> Result<Vec<u8>> {
    std::fs::read(file).map_err(|error| {
        hinted(format!("cannot read {}: {error}", file.display()), "check the file's path and permissions")
    })
}

/// Lists every problem on standard error, one `line N: reason` each, and
/// returns the error that ends the command.
fn refused(file: &Path, error: ImportError, columns: &[&str]) -> anyhow::Error {
    let file = file.display();
    match error {
        ImportError::Empty => hinted(
            format!("nothing was imported: {file} is empty"),
            format!("the first line must name the columns, from: {}", columns.join(", ")),
        ),
        ImportError::NoRows => hinted(
            format!("nothing was imported: {file} has a header but no rows to import"),
            "add one line per record under the header",
        ),
        ImportError::Problems(problems) => {
            for problem in &problems {
                eprintln!("{}", inert_line(&problem.to_string()));
            }
            let rows = problems.iter().map(|p| p.line).collect::<std::collections::BTreeSet<_>>().len();
            let noun = if rows == 1 { "line" } else { "lines" };
            hinted(
                format!("nothing was imported: {file} has problems on {rows} {noun} (listed above)"),
                "fix those lines and import the whole file again: rows are imported all together or not at all",
            )
        }
    }
}

fn report(count: usize, noun: &str, dry_run: bool) -> Result<()> {
    let plural = if count == 1 { "" } else { "s" };
    if dry_run {
        emit(&format!("{count} {noun}{plural} would be imported; nothing was written.\n"))
    } else {
        emit(&format!("Imported {count} {noun}{plural}.\n"))
    }
}
