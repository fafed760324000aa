//! `caseload med`: a client's medication list (add, stop, list; never
//! deleted) and the reconciliation of that list after a discharge (SPEC §10).

use anyhow::Result;

use super::Ctx;
use super::listing::print_changed;
use super::output::{Column, Format, emit, or_blank, print_created, print_list};
use crate::domain::medication::{Medication, Reconciliation};

#[derive(Debug, clap::Subcommand)]
pub enum MedCommand {
    /// Add a medication the client takes; prints the new id.
    Add {
        /// The client's id or MRN.
        #[arg(value_name = "CLIENT")]
        client: String,
        /// The medication, as the label or the prescriber names it.
        #[arg(long, value_name = "TEXT")]
        name: String,
        /// How much, e.g. "10 mg".
        #[arg(long, value_name = "TEXT")]
        dose: Option<String>,
        /// How often, e.g. "once daily".
        #[arg(long, value_name = "TEXT")]
        frequency: Option<String>,
        /// Who prescribed it.
        #[arg(long, value_name = "TEXT")]
        prescriber: Option<String>,
        /// When the client started it (today or earlier).
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        started: Option<String>,
        /// Anything else worth knowing (multi-line).
        #[arg(long, value_name = "TEXT")]
        notes: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Record that the client no longer takes a medication.
    Stop {
        /// The medication's id (`caseload med list CLIENT`).
        id: i64,
        /// The day it was stopped (today or earlier).
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        on: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// A client's medications: active ones first, then those stopped.
    List {
        /// The client's id or MRN.
        #[arg(value_name = "CLIENT")]
        client: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Record that the medication list was reconciled with the client; prints the new id.
    Reconcile {
        /// The client's id or MRN.
        #[arg(value_name = "CLIENT")]
        client: String,
        /// The day it was done (default today).
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        on: Option<String>,
        /// The discharge it follows (one of the client's encounters).
        #[arg(long, value_name = "ID")]
        encounter: Option<i64>,
        /// A medication found no longer taken, stopped on the same day (repeatable).
        #[arg(long, value_name = "ID")]
        stop: Vec<i64>,
        /// What was found or changed (multi-line).
        #[arg(long, value_name = "TEXT")]
        notes: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

pub fn run(ctx: &Ctx, command: MedCommand) -> Result<()> {
    match command {
        MedCommand::Add { client, name, dose, frequency, prescriber, started, notes, format } => {
            let started_on = started.map(|text| ctx.date("started", &text)).transpose()?;
            let mut store = ctx.open_store()?;
            let client = store.resolve_client(&client)?;
            let medication = Medication {
                id: 0,
                client_id: client.id,
                name,
                dose,
                frequency,
                prescriber,
                started_on,
                stopped_on: None,
                notes,
                created_by: ctx.user.clone(),
                created_at: ctx.now.instant,
            };
            let id = store.add_medication(medication, ctx.today())?;
            let redactor = super::redact::of(ctx, [&client]);
            print_created(format, id, || store.medication(id).map(|record| redactor.applied(record)))
        }
        MedCommand::Stop { id, on, format } => {
            let on = ctx.date("on", &on)?;
            let mut store = ctx.open_store()?;
            let mut medication = store.stop_medication(id, on, ctx.today())?;
            super::redact::of_ids(ctx, &store, [medication.client_id])?.apply(&mut medication);
            print_changed(format, &format!("Medication {id} was stopped on {on}."), &medication)
        }
        MedCommand::List { client, format } => list(ctx, &client, format),
        MedCommand::Reconcile { client, on, encounter, stop, notes, format } => {
            let reconciled_on = on.map(|text| ctx.date("on", &text)).transpose()?.unwrap_or(ctx.today());
            let mut store = ctx.open_store()?;
            let client = store.resolve_client(&client)?;
            let reconciliation = Reconciliation {
                id: 0,
                client_id: client.id,
                reconciled_on,
                encounter_id: encounter,
                by: ctx.user.clone(),
                notes,
                created_by: ctx.user.clone(),
                created_at: ctx.now.instant,
            };
            let id = store.reconcile(reconciliation, &stop, &[], ctx.today())?;
            let redactor = super::redact::of(ctx, [&client]);
            print_created(format, id, || store.reconciliation(id).map(|record| redactor.applied(record)))
        }
    }
}

fn list(ctx: &Ctx, key: &str, format: Format) -> Result<()> {
    let mut store = ctx.read_store()?;
    let client = store.resolve_client(key)?;
    // Read before the audit row: a read that fails has written nothing.
    let mut medications = store.medications(client.id)?;
    let last_reconciled = store.reconciliations(client.id)?.first().map(|r| r.reconciled_on);
    super::audit::list_viewed(&mut store, "medication", Some(client.id), "med list", medications.len())?;
    super::redact::of(ctx, [&client]).apply(&mut medications);
    let columns = [
        Column::new("ID", 6, |m: &Medication| m.id.to_string()),
        Column::new("NAME", 24, |m| m.name.clone()),
        Column::new("DOSE", 12, |m| or_blank(&m.dose)),
        Column::new("FREQUENCY", 16, |m| or_blank(&m.frequency)),
        Column::new("PRESCRIBER", 18, |m| or_blank(&m.prescriber)),
        Column::new("STARTED", 10, |m| or_blank(&m.started_on)),
        Column::new("STATE", 18, Medication::state),
    ];
    print_list(format, &medications, &columns, "No medications recorded.")?;
    if format != Format::Table {
        return Ok(());
    }
    emit(&match last_reconciled {
        Some(on) => format!("Last reconciled on {on}.\n"),
        None => "Never reconciled; `caseload med reconcile CLIENT` records one.\n".to_string(),
    })
}
