//! Transitions of care (SPEC §3, §10): contact, visit and medication reconciliation after a
//! discharge, and behavioral follow-up after a psychiatric stay or an ED visit.

use chrono::NaiveDate;

use super::context::{Context, contact_date};
use super::record::{Alert, AlertKind, ClientFacts};
use crate::domain::appointment::Appointment;
use crate::domain::client::Risk;
use crate::domain::dates::add_business_days;
use crate::domain::encounter::{Encounter, EncounterKind, EncounterReason};

fn tcm_discharge(ctx: &Context<'_>, encounter: &Encounter) -> Option<NaiveDate> {
    let discharged = encounter.discharged_on?;
    (encounter.kind.starts_transition() && ctx.within_last(discharged, ctx.rules.tcm_window_days)).then_some(discharged)
}

pub(super) fn tcm_contact(ctx: &Context<'_>, facts: &ClientFacts, encounter: &Encounter) -> Option<Alert> {
    let discharged = tcm_discharge(ctx, encounter)?;
    if contact_date(ctx, facts).is_some_and(|contact| contact >= discharged) {
        return None;
    }
    let due = add_business_days(discharged, ctx.rules.tcm_contact_business_days, ctx.holidays);
    let message = format!("{} discharge from {} on {discharged}: call by {due}", encounter.kind, encounter.facility);
    Some(ctx.alert(AlertKind::TcmContact, facts, Some(encounter.id), due, message))
}

pub(super) fn tcm_visit(
    ctx: &Context<'_>,
    facts: &ClientFacts,
    encounter: &Encounter,
    visits: &[&Appointment],
) -> Option<Alert> {
    let discharged = tcm_discharge(ctx, encounter)?;
    if visits.iter().any(|visit| ctx.zone.local_date(visit.starts_at) >= discharged) {
        return None;
    }
    let days = if facts.risk == Risk::High { ctx.rules.tcm_visit_days_high } else { ctx.rules.tcm_visit_days_other };
    let due = discharged + ctx.days(days);
    let message = format!("Discharged {discharged}, no follow-up visit booked: visit by {due}");
    Some(ctx.alert(AlertKind::TcmVisit, facts, Some(encounter.id), due, message))
}

pub(super) fn med_reconciliation(
    ctx: &Context<'_>,
    facts: &ClientFacts,
    encounter: &Encounter,
    last_reconciled: Option<NaiveDate>,
) -> Option<Alert> {
    let discharged = tcm_discharge(ctx, encounter)?;
    if last_reconciled.is_some_and(|on| on >= discharged) {
        return None;
    }
    let due = discharged + ctx.days(ctx.rules.tcm_window_days);
    let message = format!("Discharged {discharged}, medications not reconciled: reconcile by {due}");
    Some(ctx.alert(AlertKind::MedReconciliation, facts, Some(encounter.id), due, message))
}

/// `visits` are the client's follow-up kinds, completed or still to come.
pub(super) fn bh_followup(
    ctx: &Context<'_>,
    facts: &ClientFacts,
    encounter: &Encounter,
    visits: &[&Appointment],
) -> Option<Alert> {
    let mental = matches!(encounter.reason, EncounterReason::MentalHealth | EncounterReason::SelfHarm);
    // The event day, and the first day a visit counts: FUH from the day after discharge, FUM/FUA the ED day.
    let (event, counts_from, what) = match (encounter.kind, encounter.reason) {
        (EncounterKind::Inpatient, _) if mental => {
            let discharged = encounter.discharged_on?;
            (discharged, discharged + ctx.days(1), "Psychiatric discharge")
        }
        (EncounterKind::Ed, _) if mental => (encounter.admitted_on, encounter.admitted_on, "ED visit (mental health)"),
        (EncounterKind::Ed, EncounterReason::SubstanceUse) => {
            (encounter.admitted_on, encounter.admitted_on, "ED visit (substance use)")
        }
        _ => return None,
    };
    // A visit counts on a qualifying day up to the end of the 30-day window
    // (FUH/FUM/FUA 30): one booked for later meets no measure.
    let horizon = event + ctx.days(ctx.rules.tcm_window_days);
    let qualifies = |day: NaiveDate| day >= counts_from && day <= horizon;
    if !ctx.within_last(event, ctx.rules.tcm_window_days)
        || visits.iter().any(|visit| qualifies(ctx.zone.local_date(visit.starts_at)))
    {
        return None;
    }
    let due = event + ctx.days(7);
    let message = format!("{what} on {event}, no follow-up visit: see by {due}");
    Some(ctx.alert(AlertKind::BhFollowup, facts, Some(encounter.id), due, message))
}
