//! Alerts (SPEC §3): a pure function of (now, facts, rules). Nothing here is
//! stored except snoozes, which arrive as facts. Each rule is one function, in
//! the file of its family.

mod care;
mod context;
mod programs;
mod record;
mod scheduling;
mod screening;
mod transitions;

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::ops::Range;

use chrono::NaiveDate;
use foldhash::{HashMap, HashMapExt, HashSet};

use crate::domain::appointment::AppointmentStatus;
use crate::domain::client::ClientStatus;
use crate::domain::dates::business_days_left_in_month;
use crate::domain::time::Now;
use care::{care_plan_review, contact_cadence, goal_overdue, referral_stale};
use context::Context;
use programs::{ccm_minutes, consent_expiring, consent_missing, coverage_expiring, program_minutes};
pub use record::{Alert, AlertKind, AlertRules, ClientFacts, Facts, LatestScreening, Severity, Snooze, Subject};
use scheduling::{appt_outcome_missing, appt_unconfirmed, followup_due, no_show_followup, transport_needed};
use screening::{Screenings, screening_alerts};
use transitions::{bh_followup, med_reconciliation, tcm_contact, tcm_visit};

/// The alerts of `compute`, and the clients their facts held.
pub struct Computed {
    /// Most urgent first, less the snoozed ones.
    pub alerts: Vec<Alert>,
    /// Every client of the facts, active or not, in their order.
    pub clients: Vec<ClientFacts>,
}

/// Every alert for the active clients in `facts`, most urgent first, less
/// the snoozed ones. Each kind of record is let go once its rules have run:
/// at 100,000 clients the records are most of a load's memory, and the
/// alerts take their place as they go.
pub fn compute(now: Now, facts: Facts, rules: &AlertRules, holidays: &[NaiveDate]) -> Computed {
    let today = now.today();
    let business_days_left = business_days_left_in_month(today, holidays);
    let ctx = Context { now: now.instant, zone: now.zone, today, rules, holidays, business_days_left };
    let Facts {
        clients: all_clients,
        encounters,
        appointments,
        followups,
        referrals,
        goals,
        snoozes,
        reconciliations,
        enrollments,
        minutes,
        latest_screenings,
        assessments,
        need_referrals,
    } = facts;
    let active = || all_clients.iter().filter(|f| f.status == ClientStatus::Active);
    let clients: HashMap<i64, &ClientFacts> = active().map(|f| (f.id, f)).collect();
    let mut alerts = Vec::new();
    for enrollment in &enrollments {
        if let Some(client) = clients.get(&enrollment.client_id) {
            let minutes = minutes.get(&(enrollment.client_id, enrollment.program)).copied().unwrap_or(0);
            alerts.extend(ccm_minutes(&ctx, client, enrollment, minutes));
            alerts.extend(program_minutes(&ctx, client, enrollment, minutes));
            alerts.extend(consent_missing(&ctx, client, enrollment));
        }
    }
    drop((enrollments, minutes));
    let visits = ByClient::new(
        appointments.iter().filter(|a| a.kind.is_visit() && a.status != AppointmentStatus::Cancelled),
        |a| a.client_id,
    );
    let bh_visits = ByClient::new(
        appointments.iter().filter(|a| {
            a.kind.is_bh_followup()
                && (a.status == AppointmentStatus::Completed || (a.status.is_open() && a.starts_at > ctx.now))
        }),
        |a| a.client_id,
    );
    let mut reconciled: HashMap<i64, NaiveDate> = HashMap::new();
    for r in &reconciliations {
        let latest = reconciled.entry(r.client_id).or_insert(r.reconciled_on);
        *latest = (*latest).max(r.reconciled_on);
    }
    for encounter in &encounters {
        if let Some(client) = clients.get(&encounter.client_id) {
            let client_visits = visits.of(encounter.client_id);
            alerts.extend(tcm_contact(&ctx, client, encounter));
            alerts.extend(tcm_visit(&ctx, client, encounter, client_visits));
            alerts.extend(med_reconciliation(&ctx, client, encounter, reconciled.get(&encounter.client_id).copied()));
            let client_bh_visits = bh_visits.of(encounter.client_id);
            alerts.extend(bh_followup(&ctx, client, encounter, client_bh_visits));
        }
    }
    drop((visits, bh_visits, encounters, reconciliations));
    for appointment in &appointments {
        if let Some(client) = clients.get(&appointment.client_id) {
            alerts.extend(appt_unconfirmed(&ctx, client, appointment));
            alerts.extend(transport_needed(&ctx, client, appointment));
            alerts.extend(appt_outcome_missing(&ctx, client, appointment));
            alerts.extend(no_show_followup(&ctx, client, appointment));
        }
    }
    drop(appointments);
    for followup in &followups {
        if let Some(client) = clients.get(&followup.client_id) {
            alerts.extend(followup_due(&ctx, client, followup));
        }
    }
    drop(followups);
    for referral in &referrals {
        if let Some(client) = clients.get(&referral.client_id) {
            alerts.extend(referral_stale(&ctx, client, referral));
        }
    }
    drop(referrals);
    for goal in &goals {
        if let Some(client) = clients.get(&goal.client_id) {
            alerts.extend(goal_overdue(&ctx, client, goal));
        }
    }
    drop(goals);
    let latest = ByClient::new(&latest_screenings, |s| s.client_id);
    let recent = ByClient::new(&assessments, |a| a.client_id);
    let need_referrals_of = ByClient::new(&need_referrals, |r| r.client_id);
    // In the facts' order, not the map's: the same facts give the same list.
    for facts in active() {
        alerts.extend(contact_cadence(&ctx, facts));
        alerts.extend(care_plan_review(&ctx, facts));
        alerts.extend(coverage_expiring(&ctx, facts));
        alerts.extend(consent_expiring(&ctx, facts));
        let screenings = Screenings {
            latest: latest.of(facts.id),
            recent: recent.of(facts.id),
            need_referrals: need_referrals_of.of(facts.id),
        };
        alerts.extend(screening_alerts(&ctx, facts, &screenings));
    }
    drop((latest, recent, need_referrals_of, clients));
    drop((latest_screenings, assessments, need_referrals));
    // A set, not a scan of every snooze per alert: a team has thousands of each.
    let snoozed: HashSet<(i64, AlertKind, Option<i64>)> =
        snoozes.iter().filter(|s| ctx.today < s.until).map(|s| (s.client_id, s.kind, s.subject)).collect();
    alerts.retain(|alert| !snoozed.contains(&(alert.client_id, alert.kind, alert.subject)));
    sort_by_urgency(&mut alerts);
    Computed { alerts, clients: all_clients }
}

/// Records grouped by their client, in their order: one list sorted by
/// client and each client's range of it (a list per client was 90,000
/// allocations for a team).
struct ByClient<'a, T> {
    records: Vec<&'a T>,
    ranges: HashMap<i64, Range<usize>>,
}

impl<'a, T> ByClient<'a, T> {
    fn new(records: impl IntoIterator<Item = &'a T>, client_id: impl Fn(&T) -> i64) -> Self {
        let mut records: Vec<&T> = records.into_iter().collect();
        // Stable: each client's records stay in the order given.
        records.sort_by_key(|record| client_id(record));
        let mut ranges = HashMap::new();
        let mut start = 0;
        for group in records.chunk_by(|a, b| client_id(a) == client_id(b)) {
            if let Some(first) = group.first() {
                ranges.insert(client_id(first), start..start + group.len());
            }
            start += group.len();
        }
        ByClient { records, ranges }
    }

    /// One client's records (none when they have none).
    fn of(&self, client_id: i64) -> &[&'a T] {
        self.ranges.get(&client_id).map_or(&[][..], |range| &self.records[range.clone()])
    }
}

/// Most urgent first: severity, then most days past due, then due date, client, kind.
/// (No two alerts tie: a client has one alert of a kind about a record.)
pub fn sort_by_urgency(alerts: &mut [Alert]) {
    alerts.sort_unstable_by(urgency);
}

fn urgency(a: &Alert, b: &Alert) -> Ordering {
    (a.severity.rank(), -a.days_past_due, a.due, &a.client_name, a.client_id, a.kind, a.subject).cmp(&(
        b.severity.rank(),
        -b.days_past_due,
        b.due,
        &b.client_name,
        b.client_id,
        b.kind,
        b.subject,
    ))
}

/// Replaces the alerts of `clients` in a list in urgency order with `fresh`
/// ones (what `compute` gave for just those clients), keeping the order: a
/// reload after a colleague's change recomputes a few clients, not the team.
pub fn replace_clients(alerts: &mut Vec<Alert>, clients: &BTreeSet<i64>, mut fresh: Vec<Alert>) {
    alerts.retain(|alert| !clients.contains(&alert.client_id));
    fresh.retain(|alert| clients.contains(&alert.client_id));
    fresh.sort_by(urgency);
    let kept = std::mem::take(alerts);
    alerts.reserve(kept.len() + fresh.len());
    let (mut kept, mut fresh) = (kept.into_iter().peekable(), fresh.into_iter().peekable());
    loop {
        let next = match (kept.peek(), fresh.peek()) {
            (Some(a), Some(b)) if urgency(a, b) == Ordering::Greater => fresh.next(),
            (Some(_), _) => kept.next(),
            (None, _) => fresh.next(),
        };
        let Some(alert) = next else { break };
        alerts.push(alert);
    }
}

#[cfg(test)]
mod tests;
