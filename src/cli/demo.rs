//! `caseload demo` fills the database with a synthetic caseload, and
//! `caseload --demo` points everything at a fresh one in a temporary file.

use std::time::Instant;

use anyhow::Result;

use super::output::emit;
use super::{Ctx, errors::hinted};
use crate::demo::{DemoOptions, generate};
use crate::domain::wording::counted;
use crate::store::Store;
use crate::store::clients::ClientFilter;

/// How many clients `caseload --demo` generates.
const DEMO_CLIENTS: u32 = 250;
/// The seed of `caseload --demo` and the default of `caseload demo`: every
/// newcomer's demo on a given day is the same caseload.
const DEMO_SEED: u64 = 1;

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// How many clients to invent (you coordinate about one in five).
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    clients: u32,
    /// The same seed and clock give the same caseload.
    #[arg(long, default_value_t = DEMO_SEED)]
    seed: u64,
    /// Add the demo even though the database already has clients.
    #[arg(long)]
    force: bool,
}

pub fn run(ctx: &Ctx, args: DemoArgs) -> Result<()> {
    let new_file = crate::files::metadata(&ctx.db_path)?.is_none();
    let result = fill(ctx, args);
    if result.is_err() && new_file {
        // A demo that failed (a full disk, say) leaves no half-made database.
        crate::files::remove_with_companions(&ctx.db_path);
    }
    result
}

fn fill(ctx: &Ctx, args: DemoArgs) -> Result<()> {
    let mut store = ctx.open_store()?;
    let existing = store.clients(&ClientFilter::default())?.len();
    if existing > 0 && !args.force {
        return Err(hinted(
            format!(
                "the database {} already has {}; the demo would mix with them",
                ctx.database_shown(),
                counted(existing, "client")
            ),
            "use `caseload --demo` to look around in a temporary file, or add --force to add the demo anyway",
        ));
    }
    let started = Instant::now();
    generate(&mut store, DemoOptions { clients: args.clients, seed: args.seed }, ctx.now)?;
    let elapsed = started.elapsed();
    let counts: Vec<String> = store
        .table_counts()?
        .into_iter()
        .filter(|(table, count)| *count > 0 && *table != "audit")
        .map(|(table, count)| format!("{count} {table}"))
        .collect();
    emit(&format!("{}\n", counts.join(", ")))?;
    eprintln!("demo caseload written in {:.1} s", elapsed.as_secs_f64());
    Ok(())
}

/// Points the context at a fresh demo database in a private temporary
/// directory (removed when the returned guard drops), leaving the user's real
/// database alone.
pub fn use_demo_database(ctx: &mut Ctx) -> Result<tempfile::TempDir> {
    let dir = tempfile::Builder::new().prefix("caseload-demo-").tempdir()?;
    ctx.db_path = dir.path().join("demo.db");
    let mut store: Store = ctx.open_store()?;
    generate(&mut store, DemoOptions { clients: DEMO_CLIENTS, seed: DEMO_SEED }, ctx.now)?;
    Ok(dir)
}
