//! Follow-ups and appointments: due follow-ups, unconfirmed appointments, rides, outcomes
//! and no-shows.

use super::context::Context;
use super::record::{Alert, AlertKind, ClientFacts};
use crate::domain::appointment::{Appointment, AppointmentStatus, Transport};
use crate::domain::dates::add_business_days;
use crate::domain::followup::{Followup, FollowupStatus};

pub(super) fn followup_due(ctx: &Context<'_>, client: &ClientFacts, followup: &Followup) -> Option<Alert> {
    let open = followup.status == FollowupStatus::Open;
    let snoozed = followup.snoozed_until.is_some_and(|until| ctx.today < until);
    (open && !snoozed && followup.due_on <= ctx.today)
        .then(|| ctx.alert(AlertKind::FollowupDue, client, Some(followup.id), followup.due_on, followup.title.clone()))
}

fn describe(ctx: &Context<'_>, appointment: &Appointment) -> String {
    let with = appointment.with_whom.as_deref().map(|w| format!(" with {w}")).unwrap_or_default();
    format!("{} {}{with}", appointment.kind.label(), ctx.zone.local_display(appointment.starts_at))
}

pub(super) fn appt_unconfirmed(ctx: &Context<'_>, client: &ClientFacts, appointment: &Appointment) -> Option<Alert> {
    let date = ctx.zone.local_date(appointment.starts_at);
    let fires = appointment.status == AppointmentStatus::Scheduled
        && appointment.starts_at > ctx.now
        && ctx.within_next(date, ctx.rules.appt_unconfirmed_days);
    fires.then(|| {
        let message = format!("Confirm the {}", describe(ctx, appointment));
        ctx.alert(AlertKind::ApptUnconfirmed, client, Some(appointment.id), date, message)
    })
}

pub(super) fn transport_needed(ctx: &Context<'_>, client: &ClientFacts, appointment: &Appointment) -> Option<Alert> {
    let date = ctx.zone.local_date(appointment.starts_at);
    let fires = appointment.status != AppointmentStatus::Cancelled
        && appointment.transport == Transport::Needed
        && appointment.starts_at > ctx.now
        && ctx.within_next(date, ctx.rules.transport_needed_days);
    fires.then(|| {
        let message = format!("Arrange transport for the {}", describe(ctx, appointment));
        ctx.alert(AlertKind::TransportNeeded, client, Some(appointment.id), date, message)
    })
}

pub(super) fn appt_outcome_missing(
    ctx: &Context<'_>,
    client: &ClientFacts,
    appointment: &Appointment,
) -> Option<Alert> {
    (appointment.status.is_open() && appointment.ends_at() < ctx.now).then(|| {
        let message = format!("Record the outcome of the {}", describe(ctx, appointment));
        ctx.alert(
            AlertKind::ApptOutcomeMissing,
            client,
            Some(appointment.id),
            ctx.zone.local_date(appointment.starts_at),
            message,
        )
    })
}

pub(super) fn no_show_followup(ctx: &Context<'_>, facts: &ClientFacts, appointment: &Appointment) -> Option<Alert> {
    let date = ctx.zone.local_date(appointment.starts_at);
    let fires = appointment.status == AppointmentStatus::NoShow
        && ctx.within_last(date, ctx.rules.no_show_window_days)
        && facts.last_contact_at.is_none_or(|contact| contact <= appointment.starts_at);
    fires.then(|| {
        let due = add_business_days(date, ctx.rules.no_show_followup_business_days, ctx.holidays);
        let message = format!("Missed the {}: no contact since", describe(ctx, appointment));
        ctx.alert(AlertKind::NoShowFollowup, facts, Some(appointment.id), due, message)
    })
}
