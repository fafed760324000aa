//! `caseload export fhir`: the caseload, or one client, as a FHIR R4 Bundle.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;

use super::Ctx;
use super::listing::Scope;
use super::output::emit;
use crate::interop::fhir;
use crate::store::AuditAction;
use crate::store::export::ExportScope;

#[derive(Debug, clap::Subcommand)]
pub enum ExportCommand {
    /// A FHIR R4 JSON Bundle (type collection) of your caseload or one client.
    Fhir(FhirArgs),
}

#[derive(Debug, clap::Args)]
pub struct FhirArgs {
    /// Only this client (id or MRN), discharged or not; default: your active and on-hold clients.
    #[arg(long, value_name = "CLIENT", conflicts_with = "all_coordinators")]
    client: Option<String>,
    #[command(flatten)]
    scope: Scope,
    /// Write to this new private file instead of standard output (an existing file is never overwritten).
    #[arg(long, value_name = "PATH")]
    output: Option<PathBuf>,
}

pub fn run(ctx: &Ctx, command: ExportCommand) -> Result<()> {
    let ExportCommand::Fhir(args) = command;
    let mut store = ctx.open_store()?;
    let (scope, client_id) = match &args.client {
        Some(key) => {
            let id = store.resolve_client(key)?.id;
            (ExportScope::Client(id), Some(id))
        }
        None => (ExportScope::Caseload { coordinator: args.scope.coordinator(ctx) }, None),
    };
    let records = store.export_records(&scope)?;
    let mut text = serde_json::to_string_pretty(&fhir::bundle(&records, ctx.now.instant))?;
    text.push('\n');
    // The file is created before the audit row, so a refused path records no export.
    let file = match &args.output {
        Some(path) => Some(crate::files::create_private(path, &ctx.config.sharing())?),
        None => None,
    };
    store.audit(AuditAction::Export, "fhir", client_id)?;
    match file {
        Some(mut file) => Ok(file.write_all(text.as_bytes())?),
        None => emit(&text),
    }
}
