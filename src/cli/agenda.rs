//! `caseload agenda`: the appointments of one or more local days, in time
//! order, grouped by day; or, with `--format ics`, as an iCalendar file.

use std::collections::HashMap;

use anyhow::Result;
use chrono::{Duration, NaiveDate};

use super::Ctx;
use super::errors::hinted;
use super::listing::Scope;
use super::output::{Column, Format, emit, or_blank, print_list};
use crate::domain::appointment::{Appointment, AppointmentStatus};
use crate::domain::privacy::initials;
use crate::domain::time::{Now, Zone};
use crate::interop::ics::{self, Event, EventStatus};
use crate::store::appointments::{AppointmentFilter, Changes};
use crate::store::listing::WithClient;
use crate::store::{AuditAction, Store};

/// Longest agenda one command prints.
const MAX_DAYS: u32 = 366;

#[derive(Debug, clap::Args)]
pub struct AgendaArgs {
    /// First day (default: today).
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    date: Option<String>,
    /// How many days, from --date on.
    #[arg(long, default_value_t = 1, value_name = "N")]
    days: u32,
    /// Show cancelled appointments too (an ics calendar always has them, as
    /// STATUS:CANCELLED, so a calendar that imported one updates it).
    #[arg(long)]
    include_cancelled: bool,
    #[command(flatten)]
    scope: Scope,
    /// Put clients' full names in an ics calendar (initials otherwise).
    #[arg(long)]
    full_names: bool,
    #[arg(long, value_enum, default_value_t)]
    format: AgendaFormat,
}

/// The listing formats, plus iCalendar, which only the agenda speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
enum AgendaFormat {
    #[default]
    Table,
    Json,
    Csv,
    Ics,
}

pub fn run(ctx: &Ctx, args: AgendaArgs) -> Result<()> {
    if ctx.redact && args.full_names {
        return Err(hinted(
            "--full-names and --redact ask for opposite things",
            "leave out --full-names for a redacted calendar, or --redact for one with names",
        ));
    }
    let first = match &args.date {
        Some(text) => ctx.date("date", text)?,
        None => ctx.today(),
    };
    if !(1..=MAX_DAYS).contains(&args.days) {
        return Err(hinted(
            format!("--days must be between 1 and {MAX_DAYS}, not {}", args.days),
            "give --days as a whole number of days, e.g. --days 7",
        ));
    }
    let last = first + Duration::days(i64::from(args.days) - 1);
    let mut store = ctx.read_store()?;
    let ics = matches!(args.format, AgendaFormat::Ics);
    let (from, until) = (ctx.now.zone.local_day_bounds(first).0, ctx.now.zone.local_day_bounds(last).1);
    let filter = AppointmentFilter {
        coordinator: args.scope.coordinator(ctx),
        from: Some(from),
        until: Some(until),
        // A calendar that imported an appointment learns of its cancellation
        // only from the event itself: leaving it out would leave it standing.
        hide_cancelled: !(args.include_cancelled || ics),
        ..AppointmentFilter::default()
    };
    let mut rows = store.appointments(&filter)?;
    super::redact::of_ids(ctx, &store, rows.iter().map(|r| r.record.client_id))?.apply(&mut rows);
    // A calendar file leaves caseload: an export; any other format is a view.
    let action = if ics { AuditAction::Export } else { AuditAction::View };
    let scope = format!("agenda {} {first} to {last}", super::audit::whose(filter.coordinator.as_deref()));
    store.audit(action, "agenda", None, &super::audit::listed(&scope, rows.len(), "appointment"))?;
    let format = match args.format {
        AgendaFormat::Ics => {
            let changes = store.appointment_changes(from, until)?;
            return print_ics(ctx, &store, &rows, &changes, args.full_names);
        }
        AgendaFormat::Table => Format::Table,
        AgendaFormat::Json => Format::Json,
        AgendaFormat::Csv => Format::Csv,
    };
    if format != Format::Table || rows.is_empty() {
        let empty = match args.days {
            1 => format!("No appointments on {}.", day_heading(first, ctx.today())),
            _ => format!("No appointments from {first} to {last}."),
        };
        return print_list(format, &rows, &columns(ctx.now.zone), &empty);
    }
    print_days(&rows, ctx.now)
}

/// The appointments as an RFC 5545 calendar. A calendar file travels (to a
/// phone, a shared calendar), so clients appear by initials unless asked.
/// Each event's SEQUENCE is how often its appointment was changed, and its
/// LAST-MODIFIED the last change (or its making).
fn print_ics(
    ctx: &Ctx,
    store: &Store,
    rows: &[WithClient<Appointment>],
    changes: &HashMap<i64, Changes>,
    full_names: bool,
) -> Result<()> {
    let mut names: HashMap<i64, String> = HashMap::new();
    let mut events = Vec::with_capacity(rows.len());
    for row in rows {
        let appointment = &row.record;
        let name = match names.get(&appointment.client_id) {
            Some(name) => name.clone(),
            None => {
                let name = if full_names {
                    row.client_name.clone()
                } else {
                    let client = store.client(appointment.client_id)?;
                    initials(&client.given_name, &client.family_name)
                };
                names.insert(appointment.client_id, name.clone());
                name
            }
        };
        let changed = changes.get(&appointment.id);
        events.push(Event {
            uid: format!("appointment-{}@caseload", appointment.id),
            starts_at: appointment.starts_at,
            ends_at: appointment.ends_at(),
            summary: event_summary(appointment, &name),
            location: appointment.location.clone(),
            status: match appointment.status {
                AppointmentStatus::Scheduled => EventStatus::Tentative,
                AppointmentStatus::Cancelled => EventStatus::Cancelled,
                AppointmentStatus::Confirmed | AppointmentStatus::Completed | AppointmentStatus::NoShow => {
                    EventStatus::Confirmed
                }
            },
            sequence: changed.map_or(0, |c| c.count),
            created: appointment.created_at,
            last_modified: changed.and_then(|c| c.last).unwrap_or(appointment.created_at),
        });
    }
    emit(&ics::calendar(&events, ctx.now.instant))
}

/// "pcp with Dr. Lee (A.Q.)", or "lab (A.Q.)" when nobody is named.
fn event_summary(appointment: &Appointment, client: &str) -> String {
    match &appointment.with_whom {
        Some(whom) => format!("{} with {whom} ({client})", appointment.kind),
        None => format!("{} ({client})", appointment.kind),
    }
}

/// One heading line per local day, then that day's table.
fn print_days(rows: &[WithClient<Appointment>], now: Now) -> Result<()> {
    let zone = now.zone;
    let same_day = |a: &WithClient<Appointment>, b: &WithClient<Appointment>| {
        zone.local_date(a.record.starts_at) == zone.local_date(b.record.starts_at)
    };
    for (index, day_rows) in rows.chunk_by(same_day).enumerate() {
        let day = zone.local_date(day_rows[0].record.starts_at);
        let gap = if index > 0 { "\n" } else { "" };
        emit(&format!("{gap}{}\n", day_heading(day, now.today())))?;
        print_list(Format::Table, day_rows, &columns(zone), "")?;
    }
    Ok(())
}

fn day_heading(day: NaiveDate, today: NaiveDate) -> String {
    let name = day.format("%A %-d %B %Y").to_string();
    match (day - today).num_days() {
        0 => format!("{name} (today)"),
        1 => format!("{name} (tomorrow)"),
        _ => name,
    }
}

fn columns(zone: Zone) -> [Column<WithClient<Appointment>>; 6] {
    [
        Column::from_fn("TIME", 5, move |r: &WithClient<Appointment>| zone.local_clock(r.record.starts_at)),
        Column::new("CLIENT", 20, |r| r.client_name.clone()),
        Column::new("KIND", 10, |r| r.record.kind.to_string()),
        Column::new("WITH", 16, |r| or_blank(&r.record.with_whom)),
        Column::new("TRANSPORT", 10, |r| r.record.transport.to_string()),
        Column::new("STATUS", 9, |r| r.record.status.to_string()),
    ]
}
