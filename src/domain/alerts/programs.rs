//! Programs and coverage (SPEC §8): minutes against the month, consent, coverage and consent
//! expiry.

use super::context::Context;
use super::record::{Alert, AlertKind, ClientFacts};
use crate::domain::billing::first_threshold;
use crate::domain::dates::{first_day_of_month, last_business_day_of_month};
use crate::domain::program::{Enrollment, Program};

/// In the program today (the store hands over more; each rule checks).
fn active(ctx: &Context<'_>, enrollment: &Enrollment) -> bool {
    enrollment.is_active_on(ctx.today)
}

fn business_days_left(ctx: &Context<'_>) -> String {
    crate::domain::wording::counted(usize::try_from(ctx.business_days_left).unwrap_or_default(), "business day")
}

pub(super) fn ccm_minutes(
    ctx: &Context<'_>,
    facts: &ClientFacts,
    enrollment: &Enrollment,
    minutes: u32,
) -> Option<Alert> {
    let fires = enrollment.program == Program::Ccm
        && active(ctx, enrollment)
        && minutes < ctx.rules.ccm_minutes_target
        && ctx.business_days_left <= ctx.rules.ccm_warning_business_days;
    fires.then(|| {
        let due = last_business_day_of_month(ctx.today, ctx.holidays);
        let message = format!(
            "{minutes} of {} CCM minutes this month; {} left",
            ctx.rules.ccm_minutes_target,
            business_days_left(ctx)
        );
        ctx.alert(AlertKind::CcmMinutes, facts, None, due, message)
    })
}

/// A time-based program other than ccm (which has its own kind) short of its
/// first code this month, with few business days left.
pub(super) fn program_minutes(
    ctx: &Context<'_>,
    facts: &ClientFacts,
    enrollment: &Enrollment,
    minutes: u32,
) -> Option<Alert> {
    if enrollment.program == Program::Ccm || !active(ctx, enrollment) {
        return None;
    }
    let first_month = first_day_of_month(ctx.today) <= enrollment.started_on;
    let threshold = first_threshold(enrollment.program, first_month, &ctx.rules.billing)?;
    let fires = minutes < threshold && ctx.business_days_left <= ctx.rules.ccm_warning_business_days;
    fires.then(|| {
        let due = last_business_day_of_month(ctx.today, ctx.holidays);
        let more =
            crate::domain::wording::counted(usize::try_from(threshold - minutes).unwrap_or_default(), "more minute");
        let message = format!("{}: {more} needed in {}", enrollment.program.label(), business_days_left(ctx));
        ctx.alert(AlertKind::ProgramMinutes, facts, Some(enrollment.id), due, message)
    })
}

/// A program that bills, with no consent on file: nothing of it can be billed.
pub(super) fn consent_missing(ctx: &Context<'_>, facts: &ClientFacts, enrollment: &Enrollment) -> Option<Alert> {
    let fires = enrollment.program.is_billed() && active(ctx, enrollment) && enrollment.consent_on.is_none();
    fires.then(|| {
        let due = last_business_day_of_month(ctx.today, ctx.holidays);
        let message =
            format!("No consent on file for {}: nothing can be billed this month", enrollment.program.label());
        ctx.alert(AlertKind::ConsentMissing, facts, Some(enrollment.id), due, message)
    })
}

pub(super) fn coverage_expiring(ctx: &Context<'_>, facts: &ClientFacts) -> Option<Alert> {
    let ends = facts.coverage_ends_on?;
    (ends <= ctx.today + ctx.days(ctx.rules.coverage_expiring_days)).then(|| {
        let payer = facts.payer.as_deref().map(|p| format!(" ({p})")).unwrap_or_default();
        let verb = if ends < ctx.today { "ended" } else { "ends" };
        ctx.alert(AlertKind::CoverageExpiring, facts, None, ends, format!("Coverage{payer} {verb} {ends}"))
    })
}

pub(super) fn consent_expiring(ctx: &Context<'_>, facts: &ClientFacts) -> Option<Alert> {
    let ends = facts.consent_expires_on?;
    (ends <= ctx.today + ctx.days(ctx.rules.consent_expiring_days)).then(|| {
        let verb = if ends < ctx.today { "expired" } else { "expires" };
        ctx.alert(AlertKind::ConsentExpiring, facts, None, ends, format!("Consent to share {verb} {ends}"))
    })
}
