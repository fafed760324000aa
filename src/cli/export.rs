//! `caseload export fhir`: the caseload, or one client, as a FHIR R4 Bundle.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::Result;

use super::Ctx;
use super::errors::hinted;
use super::listing::Scope;
use crate::interop::fhir::{self, BundleType, ExportRecords};
use crate::store::AuditAction;
use crate::store::export::ExportScope;

#[derive(Debug, clap::Subcommand)]
pub enum ExportCommand {
    /// A FHIR R4 JSON Bundle of your caseload or one client.
    Fhir(FhirArgs),
}

/// What the bundle is for.
#[derive(Debug, Clone, Copy, Default, clap::ValueEnum)]
pub enum BundleArg {
    /// Resources to read or validate as one file.
    #[default]
    Collection,
    /// To load into a FHIR server: each entry a conditional update on its identifier, so a second load of the same export creates nothing twice.
    Transaction,
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
    /// The bundle's type: `collection`, or `transaction` to load into a FHIR server.
    #[arg(long, value_enum, value_name = "TYPE", default_value_t)]
    bundle: BundleArg,
}

pub fn run(ctx: &Ctx, command: ExportCommand) -> Result<()> {
    let ExportCommand::Fhir(args) = command;
    if ctx.redact {
        return Err(hinted(
            "the FHIR export refuses --redact: a bundle carries the clients' identity, which --redact would hide",
            "run it without --redact, and keep the file where health information may go",
        ));
    }
    let mut store = ctx.read_store()?;
    let (scope, client_id) = match &args.client {
        Some(key) => {
            let id = store.resolve_client(key)?.id;
            (ExportScope::Client(id), Some(id))
        }
        None => (ExportScope::Caseload { coordinator: args.scope.coordinator(ctx) }, None),
    };
    let records = store.export_records(&scope)?;
    // The file is created before the audit row, so a refused path records no export.
    let file = match &args.output {
        Some(path) => Some(crate::files::create_private(path, &ctx.config.sharing())?),
        None => None,
    };
    let whose = match &scope {
        ExportScope::Client(_) => "fhir bundle of one client".to_string(),
        ExportScope::Caseload { coordinator } => format!("fhir bundle {}", super::audit::whose(coordinator.as_deref())),
    };
    store.audit(
        AuditAction::Export,
        "fhir",
        client_id,
        &super::audit::listed(&whose, records.clients.len(), "client"),
    )?;
    let kind = match args.bundle {
        BundleArg::Collection => BundleType::Collection,
        BundleArg::Transaction => BundleType::Transaction,
    };
    let written = match (file, &args.output) {
        (Some(file), Some(path)) => write_through(&records, ctx, kind, &mut BufWriter::new(file)).inspect_err(|_| {
            // A half-written export (a full disk) must not pass for a whole one.
            let _ = std::fs::remove_file(path);
        }),
        _ => write_through(&records, ctx, kind, &mut BufWriter::new(std::io::stdout().lock())),
    };
    match written {
        // A reader that went away (`| head`) is not a failure.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

fn write_through(records: &ExportRecords, ctx: &Ctx, kind: BundleType, sink: &mut impl Write) -> std::io::Result<()> {
    // Stored text (rows older than the input checks) may hold controls that
    // would act on a terminal the bundle is printed to: written as escapes.
    let mut sink = super::output::InertJson::new(sink);
    fhir::write_bundle(records, ctx.now, kind, &mut sink)?;
    sink.flush()
}
