//! `caseload import`: clients and community resources from CSV files, all
//! rows or none (SPEC §4).

use std::collections::HashSet;
use std::fs::File;
use std::io::{Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use anyhow::Result;

use super::Ctx;
use super::errors::hinted;
use super::output::emit;
use crate::domain::client::Client;
use crate::domain::text::inert_line;
use crate::files::FileError;
use crate::interop::csv_import::{
    Defaults, ImportError, RESOURCE_COLUMNS, check_clients, check_resources, client_column_names, client_columns_help,
    client_template, read_clients, read_resources,
};
use crate::interop::hsds;
use crate::store::{self, StoreError};

#[derive(Debug, clap::Subcommand)]
pub enum ImportCommand {
    /// Clients from a CSV file whose header names client fields (given_name and family_name required).
    #[command(after_help = client_columns_help())]
    Clients(ClientImportArgs),
    /// Community resources: a flat CSV file (service required), or with --hsds an Open Referral HSDS 3.0
    /// directory (datapackage.json and its CSV files) or HSDS JSON file, updated by HSDS id when imported again.
    Resources(ResourceArgs),
}

#[derive(Debug, clap::Args)]
pub struct ResourceArgs {
    /// The flat CSV file (UTF-8, first line naming the columns).
    #[arg(value_name = "FILE.csv", required_unless_present = "hsds", conflicts_with = "hsds")]
    file: Option<PathBuf>,
    /// An Open Referral HSDS 3.0 tabular data package directory, or an HSDS JSON file.
    #[arg(long, value_name = "PATH")]
    hsds: Option<PathBuf>,
    /// Check everything and say what would be imported, without writing anything.
    #[arg(long)]
    dry_run: bool,
}

#[derive(Debug, clap::Args)]
pub struct ClientImportArgs {
    /// The CSV file (UTF-8, first line naming the columns; comma, semicolon or tab separated).
    #[arg(value_name = "FILE.csv", required_unless_present = "template")]
    file: Option<PathBuf>,
    /// Check every row and say how many would be imported, without writing anything.
    #[arg(long)]
    dry_run: bool,
    /// Write a header of every column, with one example row, to standard output or to FILE
    /// (a new file), instead of importing.
    #[arg(long, value_name = "FILE", num_args = 0..=1, conflicts_with_all = ["file", "dry_run"])]
    template: Option<Option<PathBuf>>,
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
        ImportCommand::Clients(ClientImportArgs { template: Some(to), .. }) => write_template(to.as_deref()),
        ImportCommand::Clients(ClientImportArgs { file: Some(path), dry_run, .. }) => {
            let file = open(&path)?;
            let mut store = ctx.open_store()?;
            let mrns = store.client_mrns()?;
            let verdict = if dry_run {
                check_clients(&file, &defaults, &mrns)
            } else {
                store.import_clients(ctx.today(), |stage| read_clients_beside(&file, &defaults, &mrns, stage))?
            };
            let count = verdict.map_err(|error| refused(&path, error, &client_column_names()))?;
            report(count, "client", dry_run)
        }
        // clap requires a file unless --template is given.
        ImportCommand::Clients(ClientImportArgs { file: None, .. }) => {
            Err(hinted("import clients needs a file to import", "give the CSV file, or --template to see the columns"))
        }
        ImportCommand::Resources(ResourceArgs { hsds: Some(path), dry_run, .. }) => import_hsds(ctx, &path, dry_run),
        ImportCommand::Resources(ResourceArgs { file: Some(path), dry_run, .. }) => {
            let file = open(&path)?;
            let mut store = ctx.open_store()?;
            let mut count =
                check_resources(&file, &defaults).map_err(|error| refused(&path, error, RESOURCE_COLUMNS))?;
            if !dry_run {
                count = store.import_resources(|insert| {
                    read_again(&path, &file, |source| read_resources(source, &defaults, insert))
                })?;
            }
            report(count, "resource", dry_run)
        }
        // clap requires the one or the other.
        ImportCommand::Resources(ResourceArgs { file: None, hsds: None, .. }) => Err(hinted(
            "nothing was imported: no file was given",
            "give a CSV file, or --hsds with an HSDS directory or JSON file",
        )),
    }
}

/// `import resources --hsds PATH`: the whole directory read and checked,
/// then added or updated by HSDS id in one transaction.
fn import_hsds(ctx: &Ctx, path: &Path, dry_run: bool) -> Result<()> {
    if !path.exists() {
        return Err(hinted(
            format!("nothing was imported: {} does not exist", path.display()),
            "give the HSDS data package directory (holding datapackage.json) or an HSDS JSON file",
        ));
    }
    let importer = hsds::Importer { user: &ctx.user, now: ctx.now.instant };
    let resources = hsds::read(path, importer).map_err(|problems| hsds_refused(path, problems))?;
    let upserted = ctx.open_store()?.import_hsds_resources(resources, dry_run)?;
    if dry_run {
        emit(&format!("Would import resources from {}: {}; nothing was written.\n", path.display(), upserted.summary()))
    } else {
        emit(&format!("Imported resources from {}: {}.\n", path.display(), upserted.summary()))
    }
}

/// One problem is the error itself; several are listed on standard error first.
fn hsds_refused(path: &Path, problems: Vec<hsds::Problem>) -> anyhow::Error {
    if let [problem] = problems.as_slice() {
        return hinted(format!("nothing was imported: {}", inert_line(&problem.to_string())), problem.hint.clone());
    }
    for problem in &problems {
        eprintln!("{} ({})", inert_line(&problem.to_string()), inert_line(&problem.hint));
    }
    // Reading stops keeping problems at the limit, so there may be more.
    let count = match problems.len() {
        n if n >= hsds::LISTED_PROBLEMS => format!("at least {n} problems (the first {n} listed above)"),
        n => format!("{n} problems (each listed above)"),
    };
    hinted(
        format!("nothing was imported: {} has {count}", path.display()),
        "fix them and import the whole directory again: resources are imported all together or not at all",
    )
}

/// Clients handed over in batches of this many, with at most `BATCHES_AHEAD`
/// batches read before they are staged.
const BATCH: usize = 512;
const BATCHES_AHEAD: usize = 8;

/// `read_clients` on a thread of its own while this one stages what it reads,
/// so that parsing and SQLite each have a core. A failure to stage ends the
/// read (its batches have nowhere to go) and is the result.
fn read_clients_beside(
    file: &File,
    defaults: &Defaults<'_>,
    mrns: &HashSet<String>,
    stage: &mut dyn FnMut(Client) -> store::Result<()>,
) -> store::Result<Result<usize, ImportError>> {
    let (send, batches) = mpsc::sync_channel::<Vec<Client>>(BATCHES_AHEAD);
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            let mut batch = Vec::with_capacity(BATCH);
            let verdict = read_clients(file, defaults, mrns, |client| {
                batch.push(client);
                if batch.len() < BATCH {
                    return Ok(());
                }
                send.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))
            })?;
            if !batch.is_empty() {
                send.send(batch)?;
            }
            Ok::<_, mpsc::SendError<Vec<Client>>>(verdict)
        });
        let staged = batches.iter().flatten().try_for_each(&mut *stage);
        // Unblocks the reader if staging stopped early.
        drop(batches);
        let read = reader.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        match (staged, read) {
            (Err(error), _) => Err(error),
            (Ok(()), Ok(verdict)) => Ok(verdict),
            // Batches are refused only once staging has failed, matched above.
            (Ok(()), Err(_)) => Err(StoreError::Conflict {
                message: "nothing was imported: the file stopped being read partway".into(),
                hint: "import the file again".into(),
            }),
        }
    })
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
        ImportError::Problems { listed, total, lines, header } => {
            for problem in &listed {
                eprintln!("{}", inert_line(&problem.to_string()));
            }
            let more = total.saturating_sub(listed.len() as u64);
            if more > 0 {
                eprintln!("… and {more} more");
            }
            let which = if more == 0 {
                "listed above".to_string()
            } else {
                format!("the first {} listed above, and {more} more", listed.len())
            };
            let fix = if header {
                format!(
                    "name the header's columns from: {} (`caseload help import` says what each holds); \
                     then import the whole file again",
                    columns.join(", ")
                )
            } else {
                "fix those cells and import the whole file again: rows are imported all together or not at all"
                    .to_string()
            };
            hinted(
                format!(
                    "nothing was imported: {file} has {total} {} on {lines} {} ({which})",
                    plural(total, "problem"),
                    plural(lines, "line")
                ),
                fix,
            )
        }
    }
}

fn plural(count: u64, noun: &str) -> String {
    if count == 1 { noun.to_string() } else { format!("{noun}s") }
}

/// The client template to standard output, or to a file that does not exist
/// yet (never over a file someone may have filled in).
fn write_template(to: Option<&Path>) -> Result<()> {
    let template = client_template()?;
    let Some(path) = to else { return emit(&template) };
    let written = File::create_new(path).and_then(|mut file| std::io::Write::write_all(&mut file, template.as_bytes()));
    written.map_err(|error| match error.kind() {
        std::io::ErrorKind::AlreadyExists => hinted(
            format!("{} already exists, so the template was not written", path.display()),
            "give a new file name, or leave FILE out to see the template on standard output",
        ),
        _ => hinted(
            format!("cannot write the template to {}: {error}", path.display()),
            "check the folder exists and you may write to it",
        ),
    })?;
    emit(&format!("Wrote the client template to {}.\n", path.display()))
}

fn report(count: usize, noun: &str, dry_run: bool) -> Result<()> {
    let plural = if count == 1 { "" } else { "s" };
    if dry_run {
        emit(&format!("{count} {noun}{plural} would be imported; nothing was written.\n"))
    } else {
        emit(&format!("Imported {count} {noun}{plural}.\n"))
    }
}
