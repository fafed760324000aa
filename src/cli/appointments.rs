//! `caseload appt`: schedule, list, show and update appointments. Times are
//! typed and shown in local time and stored in UTC.

use super::Ctx;
use super::errors::hinted;
use super::listing::{Scope, print_changed, print_details};
use super::output::{Column, Format, or_blank, print_created, print_list};
use crate::domain::appointment::{Appointment, AppointmentKind, AppointmentStatus, Transport};
use crate::domain::privacy::shown_name;
use crate::domain::validation;
use crate::store::AuditAction;
use crate::store::appointments::{AppointmentChange, AppointmentFilter};
use crate::store::listing::WithClient;
use anyhow::Result;

#[derive(Debug, clap::Subcommand)]
pub enum AppointmentCommand {
    /// Schedule an appointment for a client; prints the new id.
    Add(AddArgs),
    /// List appointments: your clients', from today on, unless told otherwise.
    List(ListArgs),
    /// Show one appointment.
    Show {
        /// The appointment's id.
        id: i64,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Change an appointment's status and/or transport.
    Set(SetArgs),
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The client's id or MRN.
    #[arg(value_name = "CLIENT")]
    client: String,
    /// When it starts, local time: "2026-12-01 14:30", "tomorrow 14:30", "+3d 9:00".
    #[arg(long, value_name = "DATETIME", allow_hyphen_values = true)]
    at: String,
    /// How long it lasts, in minutes (1 to 1440).
    #[arg(long, default_value_t = 30, allow_negative_numbers = true)]
    minutes: i64,
    #[arg(long, default_value = "pcp", help = format!("Kind of appointment: {}", AppointmentKind::words()))]
    kind: String,
    /// Who it is with (a clinician, a clinic).
    #[arg(long, value_name = "TEXT")]
    with: Option<String>,
    #[arg(long, value_name = "TEXT")]
    location: Option<String>,
    #[arg(long, default_value = "not_needed", help = format!("Transport: {}", Transport::words()))]
    transport: String,
    /// Who drives, pick-up time, booking number.
    #[arg(long, value_name = "TEXT")]
    transport_details: Option<String>,
    #[arg(long, value_name = "TEXT")]
    notes: Option<String>,
    /// Status of a new appointment: scheduled or confirmed.
    #[arg(long, default_value = "scheduled")]
    status: String,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// First day to list (default: today).
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    from: Option<String>,
    /// Last day to list, included (default: no end).
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    to: Option<String>,
    /// Only this client (id or MRN).
    #[arg(long, value_name = "CLIENT")]
    client: Option<String>,
    #[arg(long, help = format!("Only this status: {}", AppointmentStatus::words()))]
    status: Option<String>,
    #[command(flatten)]
    scope: Scope,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("change").required(true).multiple(true)
    .args(["status", "transport", "transport_details"]))]
pub struct SetArgs {
    /// The appointment's id.
    id: i64,
    #[arg(long, help = format!("New status: {}", AppointmentStatus::words()))]
    status: Option<String>,
    #[arg(long, help = format!("New transport: {}", Transport::words()))]
    transport: Option<String>,
    /// New transport details (an empty text clears them).
    #[arg(long, value_name = "TEXT")]
    transport_details: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(ctx: &Ctx, command: AppointmentCommand) -> Result<()> {
    match command {
        AppointmentCommand::Add(args) => add(ctx, args),
        AppointmentCommand::List(args) => list(ctx, args),
        AppointmentCommand::Show { id, format } => show(ctx, id, format),
        AppointmentCommand::Set(args) => set(ctx, args),
    }
}

fn add(ctx: &Ctx, args: AddArgs) -> Result<()> {
    let starts_at = ctx.datetime("at", &args.at)?;
    let minutes = validation::minutes("minutes", args.minutes, false)?;
    let kind: AppointmentKind = args.kind.parse()?;
    let transport: Transport = args.transport.parse()?;
    let status: AppointmentStatus = args.status.parse()?;
    let mut store = ctx.open_store()?;
    let client = store.resolve_client(&args.client)?;
    let appointment = Appointment {
        id: 0,
        client_id: client.id,
        starts_at,
        minutes,
        kind,
        with_whom: args.with,
        location: args.location,
        status,
        transport,
        transport_details: args.transport_details,
        notes: args.notes,
        created_by: ctx.user.clone(),
        created_at: ctx.now.instant,
    };
    let id = store.add_appointment(appointment)?;
    let redactor = super::redact::of(ctx, [&client]);
    print_created(args.format, id, || store.appointment(id).map(|record| redactor.applied(record)))
}

fn list(ctx: &Ctx, args: ListArgs) -> Result<()> {
    let from = match &args.from {
        Some(text) => ctx.date("from", text)?,
        None => ctx.today(),
    };
    let to = args.to.as_deref().map(|text| ctx.date("to", text)).transpose()?;
    if let Some(to) = to
        && to < from
    {
        return Err(hinted(
            format!("--to {to} is before the first day listed, {from}"),
            "give --to on or after --from",
        ));
    }
    let mut store = ctx.read_store()?;
    let filter = AppointmentFilter {
        coordinator: args.scope.coordinator(ctx),
        client_id: args.client.as_deref().map(|key| store.resolve_client(key).map(|c| c.id)).transpose()?,
        from: Some(ctx.now.zone.local_day_bounds(from).0),
        until: to.map(|to| ctx.now.zone.local_day_bounds(to).1),
        status: args.status.as_deref().map(str::parse).transpose()?,
        hide_cancelled: false,
    };
    let mut rows = store.appointments(&filter)?;
    super::redact::of_ids(ctx, &store, rows.iter().map(|r| r.record.client_id))?.apply(&mut rows);
    let until = to.map(|to| format!(" to {to}")).unwrap_or_default();
    let scope = format!("appointment list {} from {from}{until}", super::audit::whose(filter.coordinator.as_deref()));
    super::audit::list_viewed(&mut store, "appointment", filter.client_id, &scope, rows.len())?;
    let zone = ctx.now.zone;
    let columns = [
        Column::new("ID", 6, |r: &WithClient<Appointment>| r.record.id.to_string()),
        Column::from_fn("WHEN", 16, move |r: &WithClient<Appointment>| zone.local_display(r.record.starts_at)),
        Column::new("CLIENT", 18, |r| r.client_name.clone()),
        Column::new("KIND", 10, |r| r.record.kind.to_string()),
        Column::new("STATUS", 9, |r| r.record.status.to_string()),
        Column::new("TRANSPORT", 10, |r| r.record.transport.to_string()),
    ];
    print_list(args.format, &rows, &columns, "No appointments.")
}

fn show(ctx: &Ctx, id: i64, format: Format) -> Result<()> {
    let mut store = ctx.read_store()?;
    let mut a = store.appointment(id)?;
    let client = store.client(a.client_id)?;
    let client_name = shown_name(&client, ctx.redact);
    store.audit(AuditAction::View, "appointment", Some(id), "show")?;
    super::redact::of(ctx, [&client]).apply(&mut a);
    let transport = match &a.transport_details {
        Some(details) => format!("{} ({details})", a.transport),
        None => a.transport.to_string(),
    };
    let lines = [
        ("appointment", a.id.to_string()),
        ("client", format!("{client_name} (id {})", a.client_id)),
        ("starts", ctx.now.zone.local_display(a.starts_at)),
        ("ends", ctx.now.zone.local_display(a.ends_at())),
        ("kind", a.kind.to_string()),
        ("with", or_blank(&a.with_whom)),
        ("location", or_blank(&a.location)),
        ("status", a.status.to_string()),
        ("transport", transport),
        ("notes", or_blank(&a.notes)),
        ("created", format!("{} by {}", ctx.now.zone.local_display(a.created_at), a.created_by)),
    ];
    print_details(format, &WithClient { record: a, client_name }, &lines)
}

fn set(ctx: &Ctx, args: SetArgs) -> Result<()> {
    let change = AppointmentChange {
        status: args.status.as_deref().map(str::parse).transpose()?,
        transport: args.transport.as_deref().map(str::parse).transpose()?,
        transport_details: args.transport_details,
    };
    let mut store = ctx.read_store()?;
    let mut a = store.change_appointment(args.id, &change)?;
    super::redact::of_ids(ctx, &store, [a.client_id])?.apply(&mut a);
    print_changed(args.format, &a.changed_sentence(), &a)
}
