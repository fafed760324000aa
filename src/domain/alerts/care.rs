//! The caseload's rhythm: contact cadence, stale referrals, care plan reviews and overdue goals.

use super::context::{Context, contact_date};
use super::record::{Alert, AlertKind, ClientFacts};
use crate::domain::care_plan::Goal;
use crate::domain::client::Risk;
use crate::domain::referral::{Referral, ReferralStatus};

pub(super) fn contact_cadence(ctx: &Context<'_>, facts: &ClientFacts) -> Option<Alert> {
    let client = facts;
    let cadence = match client.risk {
        Risk::High => ctx.rules.cadence_high_days,
        Risk::Medium => ctx.rules.cadence_medium_days,
        Risk::Low => ctx.rules.cadence_low_days,
    };
    // The message is only worded for a client who gets the alert.
    let contact = contact_date(ctx, facts).filter(|contact| *contact >= client.enrolled_on);
    let due = contact.unwrap_or(client.enrolled_on) + ctx.days(cadence);
    (ctx.today >= due).then(|| {
        let since = match contact {
            Some(contact) => format!("Last contact {contact}"),
            None => format!("No contact since enrolment on {}", client.enrolled_on),
        };
        let message = format!("{since}; {} risk means every {cadence} days", client.risk);
        ctx.alert(AlertKind::ContactCadence, client, None, due, message)
    })
}

pub(super) fn referral_stale(ctx: &Context<'_>, client: &ClientFacts, referral: &Referral) -> Option<Alert> {
    let stale_on = referral.status_changed_on + ctx.days(ctx.rules.referral_stale_days);
    (referral.status == ReferralStatus::Sent && ctx.today >= stale_on).then(|| {
        let message = format!(
            "{} referral to {} sent {}: no news for {} days",
            referral.kind,
            referral.to,
            referral.sent_on.unwrap_or(referral.status_changed_on),
            (ctx.today - referral.status_changed_on).num_days()
        );
        ctx.alert(AlertKind::ReferralStale, client, Some(referral.id), stale_on, message)
    })
}

pub(super) fn care_plan_review(ctx: &Context<'_>, facts: &ClientFacts) -> Option<Alert> {
    let due = match facts.last_reviewed_on {
        Some(reviewed) => reviewed + ctx.days(ctx.rules.care_plan_review_days),
        None => facts.enrolled_on + ctx.days(ctx.rules.care_plan_first_review_days),
    };
    (ctx.today >= due).then(|| {
        let message = match facts.last_reviewed_on {
            Some(reviewed) => format!("Care plan last reviewed {reviewed}"),
            None => format!("Care plan never reviewed since enrolment on {}", facts.enrolled_on),
        };
        ctx.alert(AlertKind::CarePlanReview, facts, None, due, message)
    })
}

pub(super) fn goal_overdue(ctx: &Context<'_>, client: &ClientFacts, goal: &Goal) -> Option<Alert> {
    let target = goal.target_on?;
    (goal.status.is_open() && target < ctx.today).then(|| {
        let message = format!("Goal past its target date: {}", goal.description);
        ctx.alert(AlertKind::GoalOverdue, client, Some(goal.id), target, message)
    })
}
