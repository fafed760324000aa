//! `caseload audit`: the audit trail, newest rows last.

use anyhow::Result;

use super::Ctx;
use super::output::{Column, Format, print_list};
use crate::store::audit::{AuditEntry, AuditFilter, since_date};
pub(super) use crate::store::audit::{counted, listed, whose};
use crate::store::{AuditAction, Store};

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
    let mut store = ctx.read_store()?;
    let client_id = args.client.as_deref().map(|key| store.resolve_client(key)).transpose()?.map(|c| c.id);
    // One row more than asked tells whether older rows were left out.
    let limit = (args.limit > 0).then(|| args.limit.saturating_add(1));
    let mut entries = store.audit_entries(&AuditFilter { client_id, since, limit })?;
    if limit.is_some_and(|l| entries.len() >= l as usize) {
        entries.remove(0);
        eprintln!("Showing the newest {} rows; --limit N or --since DATE shows others, --limit 0 all.", args.limit);
    }
    let zone = ctx.now.zone;
    // The trail names clients, so reading it is itself a view.
    let scope = match client_id {
        Some(id) => format!("audit client {id}"),
        None => "audit".to_string(),
    };
    store.audit(AuditAction::View, "audit", client_id, &listed(&scope, entries.len(), "row"))?;
    // Worst case: 16 + 8 + 8 + 6 + 12 + 20 and five gaps of two = 80 columns;
    // JSON and CSV carry every field in full (the hash too).
    let columns = [
        Column::from_fn("AT", 16, move |e: &AuditEntry| zone.local_display(e.at)),
        Column::new("USER", 8, |e: &AuditEntry| e.user.clone()),
        Column::new("OS USER", 8, |e: &AuditEntry| e.os_user.clone()),
        Column::new("ACTION", 6, |e: &AuditEntry| e.action.to_string()),
        Column::new("WHAT", 12, |e: &AuditEntry| match e.entity_id {
            Some(id) => format!("{} {id}", e.entity),
            None => e.entity.clone(),
        }),
        Column::new("DETAIL", 20, |e: &AuditEntry| e.detail.clone()),
    ];
    print_list(args.format, &entries, &columns, "No audit rows match.")
}

/// The one `view` row of a listing of `noun`s: about the client when the
/// listing was one client's, else about the kind of record; `scope` says what
/// was asked for ("appointment list coordinator casey").
pub(super) fn list_viewed(
    store: &mut Store,
    noun: &str,
    client_id: Option<i64>,
    scope: &str,
    count: usize,
) -> Result<()> {
    let (entity, entity_id) = match client_id {
        Some(id) => ("client", Some(id)),
        None => (noun, None),
    };
    Ok(store.audit(AuditAction::View, entity, entity_id, &listed(scope, count, noun))?)
}
