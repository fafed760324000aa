//! `caseload copy --to URL` / `--from URL` (SPEC §11): a team's SQLite
//! database into an empty PostgreSQL database, or back into a new SQLite
//! file, with the rows of every table counted on both sides.

use std::path::{Path, PathBuf};

use anyhow::Result;
use serde::Serialize;

use super::output::{Column, Format, emit, json_text, print_list};
use super::{Ctx, errors::hinted};
use crate::store::copy::{Copied, TableCount};
use crate::store::{Store, server_url, shown_url};

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("direction").required(true).args(["to", "from"])))]
pub struct CopyArgs {
    /// Copy the SQLite database (--db, or db_path) into this empty PostgreSQL database.
    #[arg(long, value_name = "URL")]
    to: Option<String>,
    /// Copy this PostgreSQL database into a new SQLite file (--db, which must not exist yet).
    #[arg(long, value_name = "URL")]
    from: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

/// One line of the counts, as JSON and CSV show it.
#[derive(Serialize)]
struct CountRow {
    table: &'static str,
    source: i64,
    target: i64,
}

impl From<&TableCount> for CountRow {
    fn from(count: &TableCount) -> Self {
        CountRow { table: count.table, source: count.source, target: count.target }
    }
}

#[derive(Serialize)]
struct CopyReport {
    source: String,
    target: String,
    records: i64,
    tables: Vec<CountRow>,
}

pub fn run(ctx: &Ctx, args: CopyArgs) -> Result<()> {
    let copied = match (args.to, args.from) {
        (Some(url), None) => to_server(ctx, &url)?,
        (None, Some(url)) => from_server(ctx, &url)?,
        // clap lets exactly one of them through.
        _ => return Err(hinted("give either --to URL or --from URL", "`caseload help copy` says what each does")),
    };
    print(args.format, &copied)
}

/// The configured SQLite database into an empty server database.
fn to_server(ctx: &Ctx, url: &str) -> Result<Copied> {
    if let Some(source) = server_url(&ctx.db_path) {
        return Err(hinted(
            format!("--db names the server database {}, but copy --to copies a SQLite database", shown_url(source)),
            "give --db the SQLite file to copy (or leave it to db_path), or use --from URL to copy a server database into a new file",
        ));
    }
    let target = server_target(url, "--to")?;
    let mut store = ctx.read_store()?;
    Ok(store.copy_into(&target, &ctx.open_options())?)
}

/// A server database into a new SQLite file at --db.
fn from_server(ctx: &Ctx, url: &str) -> Result<Copied> {
    let source = server_target(url, "--from")?;
    if let Some(target) = server_url(&ctx.db_path) {
        return Err(hinted(
            format!("--db names the server database {}, but copy --from writes a new SQLite file", shown_url(target)),
            "give --db the path of the new file, e.g. --db caseload.db",
        ));
    }
    let mut store = Store::open_existing(&source, &ctx.open_options())?;
    store.share_unreadable_log(ctx.unreadable.clone());
    Ok(store.copy_into(&ctx.db_path, &ctx.open_options())?)
}

fn server_target(url: &str, flag: &str) -> Result<PathBuf> {
    match server_url(Path::new(url)) {
        Some(url) => Ok(PathBuf::from(url)),
        None => Err(hinted(
            format!("{flag} takes the URL of a PostgreSQL database, not {}", shown_url(url)),
            "write it postgresql://USER@HOST/DATABASE; `caseload backup PATH` copies a SQLite database into a file",
        )),
    }
}

fn print(format: Format, copied: &Copied) -> Result<()> {
    let rows: Vec<CountRow> = copied.tables.iter().map(CountRow::from).collect();
    match format {
        Format::Json => emit(&json_text(&CopyReport {
            source: copied.source.clone(),
            target: copied.target.clone(),
            records: copied.records,
            tables: rows,
        })?),
        Format::Csv => print_list(format, &rows, &[], ""),
        Format::Table => {
            let columns = [
                Column::new("TABLE", 16, |r: &CountRow| r.table.to_string()),
                Column::new("SOURCE", 10, |r: &CountRow| r.source.to_string()),
                Column::new("TARGET", 10, |r: &CountRow| r.target.to_string()),
            ];
            print_list(format, &rows, &columns, "")?;
            emit(&format!("copied {} records from {} to {}\n", copied.records, copied.source, copied.target))
        }
    }
}
