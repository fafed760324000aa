//! `caseload followup`: the coordinator's own to-do items per client.

use anyhow::Result;

use super::Ctx;
use super::listing::{Scope, print_changed, word_or_all};
use super::output::{Column, Format, or_blank, print_created, print_list};
use crate::domain::followup::Followup;
use crate::domain::schedule;
use crate::store::Store;
use crate::store::followups::FollowupFilter;
use crate::store::listing::WithClient;

#[derive(Debug, clap::Subcommand)]
pub enum FollowupCommand {
    /// Add a follow-up for a client; prints the new id.
    Add {
        /// The client's id or MRN.
        #[arg(value_name = "CLIENT")]
        client: String,
        /// When it is due: YYYY-MM-DD, today, tomorrow, +3d, +2w or a weekday name.
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        due: String,
        /// What to do.
        #[arg(long, value_name = "TEXT")]
        title: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// List follow-ups, soonest due first (your clients' open ones unless told otherwise).
    List {
        /// Only this client (id or MRN).
        #[arg(long, value_name = "CLIENT")]
        client: Option<String>,
        /// open, done, cancelled or all.
        #[arg(long, default_value = "open")]
        status: String,
        #[command(flatten)]
        scope: Scope,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Mark an open follow-up done (now, by you).
    Done {
        /// The follow-up's id.
        id: i64,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Cancel an open follow-up; it stays on record.
    Cancel {
        /// The follow-up's id.
        id: i64,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Hide an open follow-up until a later date; a reason is required.
    Snooze {
        /// The follow-up's id.
        id: i64,
        /// Hidden until this date (after today).
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        until: String,
        /// Why it waits (required).
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

pub fn run(ctx: &Ctx, command: FollowupCommand) -> Result<()> {
    match command {
        FollowupCommand::Add { client, due, title, format } => {
            let due_on = ctx.date("due", &due)?;
            let mut store = ctx.open_store()?;
            let client = store.resolve_client(&client)?;
            let followup = Followup::new(client.id, &title, due_on, &ctx.user, ctx.now.instant);
            let id = store.add_followup(followup)?;
            if let Some(warning) = schedule::past_due(due_on, ctx.today()) {
                eprintln!("warning: {warning}\nhint: {}", warning.hint);
            }
            let redactor = super::redact::of(ctx, [&client]);
            print_created(format, id, || store.followup(id).map(|record| redactor.applied(record)))
        }
        FollowupCommand::List { client, status, scope, format } => {
            let status = word_or_all(&status)?;
            let mut store = ctx.read_store()?;
            let filter = FollowupFilter {
                coordinator: scope.coordinator(ctx),
                client_id: client.map(|key| store.resolve_client(&key).map(|c| c.id)).transpose()?,
                status,
            };
            let mut rows = store.followups(&filter)?;
            super::redact::of_ids(ctx, &store, rows.iter().map(|r| r.record.client_id))?.apply(&mut rows);
            let scope = format!("followup list {}", super::audit::whose(filter.coordinator.as_deref()));
            super::audit::list_viewed(&mut store, "followup", filter.client_id, &scope, rows.len())?;
            let columns = [
                Column::new("ID", 5, |r: &WithClient<Followup>| r.record.id.to_string()),
                Column::new("DUE", 10, |r| r.record.due_on.to_string()),
                Column::new("CLIENT", 16, |r| r.client_name.clone()),
                Column::new("TITLE", 20, |r| r.record.title.clone()),
                Column::new("STATUS", 9, |r| r.record.status.to_string()),
                Column::new("SNOOZED", 10, |r| or_blank(&r.record.snoozed_until)),
            ];
            print_list(format, &rows, &columns, "No follow-ups.")
        }
        FollowupCommand::Done { id, format } => {
            let mut store = ctx.read_store()?;
            let followup = store.complete_followup(id)?;
            changed(ctx, &store, format, &format!("Follow-up {id} is done."), followup)
        }
        FollowupCommand::Cancel { id, format } => {
            let mut store = ctx.read_store()?;
            let followup = store.cancel_followup(id)?;
            changed(ctx, &store, format, &format!("Follow-up {id} is cancelled."), followup)
        }
        FollowupCommand::Snooze { id, until, reason, format } => {
            let until = ctx.date("until", &until)?;
            let mut store = ctx.read_store()?;
            let followup = store.snooze_followup(id, until, reason.as_deref().unwrap_or_default(), ctx.today())?;
            changed(ctx, &store, format, &format!("Follow-up {id} is snoozed until {until}."), followup)
        }
    }
}

/// The sentence, or the changed follow-up (redacted with `--redact`).
fn changed(ctx: &Ctx, store: &Store, format: Format, message: &str, mut followup: Followup) -> Result<()> {
    super::redact::of_ids(ctx, store, [followup.client_id])?.apply(&mut followup);
    print_changed(format, message, &followup)
}
