//! `caseload import`: clients and community resources from CSV files, all
//! rows or none (SPEC §4).

use std::fs::File;
use std::io::{Seek, SeekFrom};
use std::path::{Path, PathBuf};

use anyhow::Result;

use super::Ctx;
use super::errors::hinted;
use super::output::emit;
use crate::domain::text::inert_line;
use crate::files::FileError;
use crate::interop::csv_import::{
    CLIENT_COLUMNS, Defaults, ImportError, RESOURCE_COLUMNS, check_clients, check_resources, read_clients,
    read_resources,
};
use crate::store::{self, StoreError};

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

/// The file is read record by record, never whole. Clients are read once,
/// each row checked and staged aside before anything of the caseload is
/// locked, then copied in by one transaction; resources are read twice, to
/// check every row first, then again inside the import's one transaction,
/// which inserts as it reads. Colleagues' writes wait for that transaction
/// (saying so) rather than fail.
pub fn run(ctx: &Ctx, command: ImportCommand) -> Result<()> {
    let defaults = defaults(ctx);
    match command {
        ImportCommand::Clients(args) => {
            let file = open(&args.file)?;
            let mut store = ctx.open_store()?;
            let mrns = store.client_mrns()?;
            let verdict = if args.dry_run {
                check_clients(&file, &defaults, &mrns)
            } else {
                store.import_clients(ctx.today(), |insert| read_clients(&file, &defaults, &mrns, insert))?
            };
            let count = verdict.map_err(|error| refused(&args.file, error, CLIENT_COLUMNS))?;
            report(count, "client", args.dry_run)
        }
        ImportCommand::Resources(args) => {
            let file = open(&args.file)?;
            let mut store = ctx.open_store()?;
            let mut count =
                check_resources(&file, &defaults).map_err(|error| refused(&args.file, error, RESOURCE_COLUMNS))?;
            if !args.dry_run {
                count = store.import_resources(|insert| {
                    read_again(&args.file, &file, |source| read_resources(source, &defaults, insert))
                })?;
            }
            report(count, "resource", args.dry_run)
        }
    }
}

/// The second reading, from the start of the same open file (so a file
/// replaced since the check is not read). Every row is checked again; a
/// problem now means the file was changed in place after the check.
fn read_again(
    path: &Path,
    file: &File,
    read: impl FnOnce(&File) -> store::Result<Result<usize, ImportError>>,
) -> store::Result<usize> {
    let mut start = file;
    start.seek(SeekFrom::Start(0)).map_err(|source| FileError::Io { path: path.display().to_string(), source })?;
    read(file)?.map_err(|_| StoreError::Conflict {
        message: format!("nothing was imported: {} changed while it was being imported", path.display()),
        hint: "import the file again once nobody is editing it".into(),
    })
}

fn defaults(ctx: &Ctx) -> Defaults<'_> {
    Defaults { user: &ctx.user, today: ctx.today(), now: ctx.now.instant }
}

fn open(file: &Path) -> Result<File> {
    File::open(file).map_err(|error| {
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
        ImportError::Problems { listed, lines } => {
            for problem in &listed {
                eprintln!("{}", inert_line(&problem.to_string()));
            }
            let shown = listed.iter().map(|p| p.line).collect::<std::collections::BTreeSet<_>>().len();
            let noun = if lines == 1 { "line" } else { "lines" };
            let which = if shown as u64 == lines {
                "listed above".to_string()
            } else {
                format!("the first {shown} listed above")
            };
            hinted(
                format!("nothing was imported: {file} has problems on {lines} {noun} ({which})"),
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
