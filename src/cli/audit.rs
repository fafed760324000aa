//! `caseload audit`: the audit trail, newest rows last.

use anyhow::Result;

use super::Ctx;
use super::output::{Column, Format, or_blank, print_list};
use crate::store::audit::{AuditEntry, AuditFilter, since_date};

#[derive(Debug, clap::Args)]
pub struct AuditArgs {
    /// Only rows about this client (id or MRN) and its records.
    #[arg(long)]
    client: Option<String>,
    /// Only rows from this date on.
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    since: Option<String>,
    /// The newest N rows (0 for all).
    #[arg(long, value_name = "N", default_value_t = 100)]
    limit: u32,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(ctx: &Ctx, args: AuditArgs) -> Result<()> {
    let since = args.since.as_deref().map(|d| ctx.date("since", d)).transpose()?.map(|d| since_date(ctx.now.zone, d));
    let store = ctx.open_store()?;
    let client_id = args.client.as_deref().map(|key| store.resolve_client(key)).transpose()?.map(|c| c.id);
    // One row more than asked tells whether older rows were left out.
    let limit = (args.limit > 0).then(|| args.limit.saturating_add(1));
    let mut entries = store.audit_entries(&AuditFilter { client_id, since, limit })?;
    if limit.is_some_and(|l| entries.len() >= l as usize) {
        entries.remove(0);
        eprintln!("Showing the newest {} rows; --limit N or --since DATE shows others, --limit 0 all.", args.limit);
    }
    let zone = ctx.now.zone;
    let columns = [
        Column::from_fn("AT", 16, move |e: &AuditEntry| zone.local_display(e.at)),
        Column::new("USER", 16, |e: &AuditEntry| e.user.clone()),
        Column::new("ACTION", 6, |e: &AuditEntry| e.action.to_string()),
        Column::new("ENTITY", 12, |e: &AuditEntry| e.entity.clone()),
        Column::new("ID", 10, |e: &AuditEntry| or_blank(&e.entity_id)),
    ];
    print_list(args.format, &entries, &columns, "No audit rows match.")
}
