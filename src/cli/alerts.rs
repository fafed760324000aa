//! `caseload alerts`: what needs the coordinator, most urgent first; and
//! `caseload alerts snooze` to hide one alert until a date, with a reason.

use std::fmt::Write;

use anyhow::Result;
use clap::{Args, Subcommand};

use super::output::{Format, emit, one_line, print_list};
use super::{Ctx, errors::hinted};
use crate::domain::alerts::{self, Alert, AlertKind, Severity};
use crate::domain::wording::counted;
use crate::store::Store;
use crate::store::facts::Scope;

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct AlertsArgs {
    #[command(subcommand)]
    pub action: Option<AlertsAction>,
    /// Every coordinator's clients, not only yours.
    #[arg(long, conflicts_with = "coordinator")]
    pub all_coordinators: bool,
    /// One colleague's caseload.
    #[arg(long, value_name = "NAME")]
    pub coordinator: Option<String>,
    /// One client (id or MRN), whoever coordinates them.
    #[arg(long, value_name = "CLIENT")]
    pub client: Option<String>,
    /// Only alerts of this kind (e.g. followup_due, tcm_contact).
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

#[derive(Debug, Subcommand)]
pub enum AlertsAction {
    /// Hide one alert until a date; the reason is kept and audited.
    Snooze(SnoozeArgs),
}

#[derive(Debug, Args)]
pub struct SnoozeArgs {
    /// The client (id or MRN).
    pub client: String,
    /// The alert's kind, as `caseload alerts` shows it.
    pub kind: String,
    /// The record the alert is about (follow-up, appointment, referral, goal, encounter, enrollment or
    /// assessment id); screening_due has none for a client never screened.
    #[arg(long, value_name = "ID")]
    pub subject: Option<i64>,
    /// Hidden until this date (it shows again that day).
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub until: String,
    /// Why, for the record and for colleagues.
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
}

pub fn run(ctx: &Ctx, args: AlertsArgs) -> Result<()> {
    let mut store = ctx.read_store()?;
    if let Some(AlertsAction::Snooze(snooze)) = args.action {
        return run_snooze(ctx, &mut store, snooze);
    }
    let kind = args.kind.as_deref().map(str::parse::<AlertKind>).transpose()?;
    let scope = if let Some(key) = &args.client {
        Scope { coordinator: None, client_id: Some(store.resolve_client(key)?.id) }
    } else if args.all_coordinators {
        Scope::default()
    } else {
        Scope { coordinator: Some(args.coordinator.clone().unwrap_or_else(|| ctx.user.clone())), client_id: None }
    };
    let mut list = current_alerts(ctx, &store, &scope)?;
    if let Some(kind) = kind {
        list.retain(|alert| alert.kind == kind);
    }
    let shown = format!("alerts {}", super::audit::whose(scope.coordinator.as_deref()));
    super::audit::list_viewed(&mut store, "alert", scope.client_id, &shown, list.len())?;
    super::redact::of_ids(ctx, &store, list.iter().map(|a| a.client_id))?.apply(&mut list);
    if args.format != Format::Table {
        let printed = print_list(args.format, &list, &[], "");
        super::drop_aside(list);
        return printed;
    }
    let whose = match (&scope.client_id, &scope.coordinator) {
        (Some(_), _) => "this client".to_string(),
        (None, Some(name)) => format!("{name}'s caseload"),
        (None, None) => "the whole team".to_string(),
    };
    let table = alert_table(&list, &whose);
    super::drop_aside(list);
    let written = table.iter().try_for_each(|piece| emit(piece));
    super::drop_aside(table);
    written
}

/// The alerts for a scope at the context's "now", snoozes applied.
pub fn current_alerts(ctx: &Ctx, store: &Store, scope: &Scope) -> Result<Vec<Alert>> {
    let facts = store.alert_facts(scope, ctx.now, &ctx.config.alerts)?;
    let computed = alerts::compute(ctx.now, facts, &ctx.config.alerts, &ctx.holidays());
    super::drop_aside(computed.clients);
    Ok(computed.alerts)
}

fn run_snooze(ctx: &Ctx, store: &mut Store, args: SnoozeArgs) -> Result<()> {
    let client = store.resolve_client(&args.client)?;
    let kind: AlertKind = args.kind.parse()?;
    let until = ctx.date("until", &args.until)?;
    let current = current_alerts(ctx, store, &Scope { coordinator: None, client_id: Some(client.id) })?;
    if !current.iter().any(|alert| alert.kind == kind && alert.subject == args.subject) {
        let subject = args.subject.map(|id| format!(" about record {id}")).unwrap_or_default();
        return Err(hinted(
            format!("client {} has no current {} alert{subject} to snooze", client.id, kind.label()),
            format!("`caseload alerts --client {} --format json` lists its alerts and subjects", client.id),
        ));
    }
    let id = store.snooze_alert(client.id, kind, args.subject, until, &args.reason, ctx.today())?;
    emit(&format!("{id}\n"))
}

/// Two lines an alert, fitting 80 columns: what, when and who; then the
/// message. In pieces, to be written one after the other: a team's table is
/// 140,000 alerts, whose two halves are written at once and never joined.
pub(super) fn alert_table(list: &[Alert], whose: &str) -> Vec<String> {
    if list.is_empty() {
        return vec![format!("No alerts for {whose}: nothing is due.\n")];
    }
    let header = format!("{:<4}  {:<10}  {:<30}  KIND\n", "SEV", "DUE", "CLIENT");
    let (first, second) = list.split_at(list.len() / 2);
    let (first, mut second) = std::thread::scope(|threads| {
        let second = threads.spawn(|| alert_rows(String::new(), second));
        (alert_rows(header, first), second.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    });
    let count = |severity| list.iter().filter(|a| a.severity == severity).count();
    let _ = writeln!(
        second,
        "{} for {whose}: {} critical, {} high, {} normal, {} low",
        counted(list.len(), "alert"),
        count(Severity::Critical),
        count(Severity::High),
        count(Severity::Normal),
        count(Severity::Low)
    );
    vec![first, second]
}

/// The table's two lines of each alert, written after `out`.
fn alert_rows(mut out: String, list: &[Alert]) -> String {
    out.reserve(128 * list.len() + 128);
    for alert in list {
        let client = one_line(format!("{} #{}", alert.client_name, alert.client_id), 30);
        let _ = write!(out, "{:<4}  {:<10}  {client:<30}  {}", short_severity(alert.severity), alert.due, alert.kind);
        if let Some(id) = alert.subject {
            let _ = write!(out, " #{id}");
        }
        let _ = writeln!(out, "\n      {}", one_line(alert.message.clone(), 74));
    }
    out
}

fn short_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "CRIT",
        Severity::High => "HIGH",
        Severity::Normal => "norm",
        Severity::Low => "low",
    }
}
