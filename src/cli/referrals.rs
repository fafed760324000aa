//! `caseload referral`: referrals to specialists and community resources,
//! tracked until the loop closes.

use anyhow::Result;

use super::Ctx;
use super::listing::{Scope, print_changed};
use super::output::{Column, Format, print_created, print_list};
use crate::domain::referral::{Referral, ReferralKind, ReferralStatus};
use crate::store::listing::WithClient;
use crate::store::referrals::ReferralFilter;

#[derive(Debug, clap::Subcommand)]
pub enum ReferralCommand {
    /// Refer a client; prints the new id.
    Add(AddArgs),
    /// List referrals, longest unchanged first (your clients' unless told otherwise).
    List {
        /// Only this client (id or MRN).
        #[arg(long, value_name = "CLIENT")]
        client: Option<String>,
        #[arg(long, help = format!("Only this status: {}", ReferralStatus::words()))]
        status: Option<String>,
        /// Only referrals still open (draft, sent or scheduled).
        #[arg(long, conflicts_with = "status")]
        open: bool,
        #[command(flatten)]
        scope: Scope,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Change a referral's status (dated today) and/or record its outcome.
    Set {
        /// The referral's id.
        id: i64,
        #[arg(long, help = format!("New status: {}", ReferralStatus::words()))]
        status: String,
        /// What came of it.
        #[arg(long, value_name = "TEXT")]
        outcome: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The client's id or MRN.
    #[arg(value_name = "CLIENT")]
    client: String,
    /// Who the referral goes to (default with --resource: the resource's name).
    #[arg(long, value_name = "TEXT", required_unless_present = "resource")]
    to: Option<String>,
    /// A community resource from the directory, by id.
    #[arg(long, value_name = "ID")]
    resource: Option<i64>,
    #[arg(long, help = format!("Kind of referral: {}", ReferralKind::words()))]
    kind: String,
    /// Why the client is referred.
    #[arg(long, value_name = "TEXT")]
    reason: String,
    #[arg(long, default_value = "draft", help = format!("Status: {}", ReferralStatus::words()))]
    status: String,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(ctx: &Ctx, command: ReferralCommand) -> Result<()> {
    match command {
        ReferralCommand::Add(args) => add(ctx, args),
        ReferralCommand::List { client, status, open, scope, format } => {
            let status = status.as_deref().map(str::parse).transpose()?;
            let mut store = ctx.read_store()?;
            let filter = ReferralFilter {
                coordinator: scope.coordinator(ctx),
                client_id: client.map(|key| store.resolve_client(&key).map(|c| c.id)).transpose()?,
                status,
                open_only: open,
            };
            let mut rows = store.referrals(&filter)?;
            super::redact::of_ids(ctx, &store, rows.iter().map(|r| r.record.client_id))?.apply(&mut rows);
            let scope = format!("referral list {}", super::audit::whose(filter.coordinator.as_deref()));
            super::audit::list_viewed(&mut store, "referral", filter.client_id, &scope, rows.len())?;
            let columns = [
                Column::new("ID", 5, |r: &WithClient<Referral>| r.record.id.to_string()),
                Column::new("CLIENT", 16, |r| r.client_name.clone()),
                Column::new("KIND", 10, |r| r.record.kind.to_string()),
                Column::new("TO", 18, |r| r.record.to.clone()),
                Column::new("STATUS", 11, |r| r.record.status.to_string()),
                Column::new("CHANGED", 10, |r| r.record.status_changed_on.to_string()),
            ];
            print_list(format, &rows, &columns, "No referrals.")
        }
        ReferralCommand::Set { id, status, outcome, format } => {
            let status: ReferralStatus = status.parse()?;
            let mut store = ctx.read_store()?;
            let mut referral = store.update_referral(id, status, outcome.as_deref(), ctx.today())?;
            super::redact::of_ids(ctx, &store, [referral.client_id])?.apply(&mut referral);
            print_changed(format, &format!("Referral {id} is {} as of {}.", referral.status, ctx.today()), &referral)
        }
    }
}

fn add(ctx: &Ctx, args: AddArgs) -> Result<()> {
    let kind: ReferralKind = args.kind.parse()?;
    let status: ReferralStatus = args.status.parse()?;
    let mut store = ctx.open_store()?;
    let client = store.resolve_client(&args.client)?;
    let to = match (args.to, args.resource) {
        (Some(to), _) => to,
        (None, Some(resource)) => store.referral_resource(resource)?.name,
        (None, None) => String::new(),
    };
    let referral = Referral {
        id: 0,
        client_id: client.id,
        to,
        resource_id: args.resource,
        kind,
        reason: args.reason,
        status,
        sent_on: None,
        status_changed_on: ctx.today(),
        outcome: None,
        created_by: ctx.user.clone(),
        created_at: ctx.now.instant,
    };
    let id = store.add_referral(referral, ctx.today())?;
    let redactor = super::redact::of(ctx, [&client]);
    print_created(args.format, id, || store.referral(id).map(|record| redactor.applied(record)))
}
