//! `caseload encounter`: hospital events (admissions, observation stays, ED
//! visits, skilled nursing) that start transitional care work.

use anyhow::Result;

use super::Ctx;
use super::listing::print_changed;
use super::output::{Column, Format, or_blank, print_created, print_list};
use crate::domain::encounter::{Encounter, EncounterKind, EncounterReason};

#[derive(Debug, clap::Subcommand)]
pub enum EncounterCommand {
    /// Record a hospital encounter; prints the new id.
    Add {
        /// The client's id or MRN.
        #[arg(value_name = "CLIENT")]
        client: String,
        #[arg(long, help = format!("Kind of encounter: {}", EncounterKind::words()))]
        kind: String,
        /// Hospital or facility name.
        #[arg(long, value_name = "TEXT")]
        facility: String,
        /// Admission date (today or earlier).
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        admitted: String,
        /// Discharge date, if already discharged.
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        discharged: Option<String>,
        #[arg(long, help = format!("Why: {} (default medical)", EncounterReason::words()))]
        reason: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// List a client's encounters, most recent first.
    List {
        /// The client's id or MRN.
        #[arg(value_name = "CLIENT")]
        client: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Record the discharge of an encounter still open.
    Discharge {
        /// The encounter's id.
        id: i64,
        /// Discharge date (today or earlier).
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        on: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

pub fn run(ctx: &Ctx, command: EncounterCommand) -> Result<()> {
    match command {
        EncounterCommand::Add { client, kind, facility, admitted, discharged, reason, format } => {
            let kind: EncounterKind = kind.parse()?;
            let reason = reason.map(|r| r.parse()).transpose()?.unwrap_or(EncounterReason::Medical);
            let admitted_on = ctx.date("admitted", &admitted)?;
            let discharged_on = discharged.map(|text| ctx.date("discharged", &text)).transpose()?;
            let mut store = ctx.open_store()?;
            let client = store.resolve_client(&client)?;
            let encounter = Encounter {
                id: 0,
                client_id: client.id,
                kind,
                facility,
                admitted_on,
                discharged_on,
                reason,
                created_by: ctx.user.clone(),
                created_at: ctx.now.instant,
            };
            let id = store.add_encounter(encounter, ctx.today())?;
            let redactor = super::redact::of(ctx, [&client]);
            print_created(format, id, || store.encounter(id).map(|record| redactor.applied(record)))
        }
        EncounterCommand::List { client, format } => {
            let mut store = ctx.read_store()?;
            let client = store.resolve_client(&client)?;
            let mut rows = store.encounters(client.id)?;
            super::redact::of(ctx, [&client]).apply(&mut rows);
            super::audit::list_viewed(&mut store, "encounter", Some(client.id), "encounter list", rows.len())?;
            let columns = [
                Column::new("ID", 6, |e: &Encounter| e.id.to_string()),
                Column::new("KIND", 11, |e| e.kind.to_string()),
                Column::new("FACILITY", 30, |e| e.facility.clone()),
                Column::new("ADMITTED", 10, |e| e.admitted_on.to_string()),
                Column::new("DISCHARGED", 10, |e| or_blank(&e.discharged_on)),
                Column::new("REASON", 16, |e| e.reason.label().to_string()),
            ];
            print_list(format, &rows, &columns, "No encounters.")
        }
        EncounterCommand::Discharge { id, on, format } => {
            let on = ctx.date("on", &on)?;
            let mut store = ctx.read_store()?;
            let mut encounter = store.discharge_encounter(id, on, ctx.today())?;
            super::redact::of_ids(ctx, &store, [encounter.client_id])?.apply(&mut encounter);
            print_changed(format, &format!("Encounter {id} was discharged on {on}."), &encounter)
        }
    }
}
