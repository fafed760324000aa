//! `caseload` when standard output is not a terminal: the caseload in triage
//! order, today's appointments and the alerts, as plain text for a pipe or a
//! script. On a terminal the interface opens instead.

use anyhow::Result;

use super::output::{Column, Format, emit, one_line, print_list};
use super::{Ctx, alerts};
use crate::domain::alerts::{Computed, compute};
use crate::domain::triage::{TriageRow, triage};
use crate::store::AuditAction;
use crate::store::appointments::AppointmentFilter;
use crate::store::audit::caseload_detail;
use crate::store::facts::Scope;

pub fn run(ctx: &Ctx) -> Result<()> {
    let mut store = ctx.read_store()?;
    let scope = Scope { coordinator: Some(ctx.user.clone()), client_id: None };
    let facts = store.alert_facts(&scope, ctx.now, &ctx.config.alerts)?;
    let Computed { alerts: mut alert_list, clients } = compute(ctx.now, facts, &ctx.config.alerts, &ctx.holidays());
    let mut rows = triage(&clients, &alert_list, ctx.now.zone);
    let (start, end) = ctx.now.zone.local_day_bounds(ctx.today());
    let mut today = store.appointments(&AppointmentFilter {
        coordinator: Some(ctx.user.clone()),
        from: Some(start),
        until: Some(end),
        hide_cancelled: true,
        ..AppointmentFilter::default()
    })?;
    let detail = caseload_detail("overview", Some(&ctx.user), rows.len(), today.len(), alert_list.len());
    store.audit(AuditAction::View, "caseload", None, &detail)?;
    let ids = rows.iter().map(|r| r.client_id).chain(today.iter().map(|a| a.record.client_id));
    let redactor = super::redact::of_ids(ctx, &store, ids)?;
    redactor.apply(&mut alert_list);
    redactor.apply(&mut rows);
    redactor.apply(&mut today);
    emit(&format!("Caseload of {} ({} active clients), most urgent first\n", ctx.user, rows.len()))?;
    let columns = [
        Column::new("ID", 6, |r: &TriageRow| r.client_id.to_string()),
        Column::new("CLIENT", 28, |r: &TriageRow| r.client_name.to_string()),
        Column::new("RISK", 6, |r: &TriageRow| r.risk.to_string()),
        Column::new("PROGRAM", 8, |r: &TriageRow| r.program.to_string()),
        Column::new("WORST", 8, |r: &TriageRow| r.severity.map(|s| s.to_string()).unwrap_or_default()),
        Column::new("NEXT DUE", 10, |r: &TriageRow| r.next_due.map(|d| d.to_string()).unwrap_or_default()),
        Column::new("ALERTS", 6, |r: &TriageRow| r.alert_count.to_string()),
    ];
    print_list(
        Format::Table,
        &rows,
        &columns,
        "No active clients yet: add one with `caseload client add`, or try `caseload --demo`.",
    )?;
    emit(&format!("\nToday, {} ({} appointments)\n", ctx.today().format("%A %-d %B"), today.len()))?;
    for item in &today {
        let a = &item.record;
        let with = a.with_whom.as_deref().unwrap_or_default();
        emit(&format!(
            "{}  {}\n",
            ctx.now.zone.local_clock(a.starts_at),
            one_line(
                format!(
                    "{} · {} {with} · transport {} · {}",
                    item.client_name,
                    a.kind.label(),
                    a.transport.label(),
                    a.status.label()
                ),
                72
            )
        ))?;
    }
    emit("\n")?;
    alerts::alert_table(&alert_list, &format!("{}'s caseload", ctx.user)).iter().try_for_each(|piece| emit(piece))
}
