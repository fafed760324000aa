//! Alerts (SPEC §3): a pure function of (now, facts, rules). Nothing here is
//! stored except snoozes, which arrive as facts. Each rule is one function.

use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::appointment::{Appointment, AppointmentStatus, Transport};
use super::billing::{BillingRules, first_threshold};
use super::care_plan::Goal;
use super::client::{Client, ClientStatus, Risk};
use super::dates::{add_business_days, business_days_left_in_month, first_day_of_month, last_business_day_of_month};
use super::encounter::{Encounter, EncounterKind, EncounterReason};
use super::followup::{Followup, FollowupStatus};
use super::medication::Reconciliation;
use super::program::{Enrollment, Program};
use super::referral::{Referral, ReferralKind, ReferralStatus};
use super::screening::{Assessment, Instrument, SOCIAL_NEEDS};
use super::time::{Now, Zone};
use super::word_enum;
use super::wording::and_list;

word_enum!(
    AlertKind, "alert kind" {
        TcmContact => "tcm_contact" ("TCM contact"), TcmVisit => "tcm_visit" ("TCM visit"),
        ContactCadence => "contact_cadence" ("contact cadence"), FollowupDue => "followup_due" ("follow-up due"),
        ApptUnconfirmed => "appt_unconfirmed" ("unconfirmed appointment"),
        TransportNeeded => "transport_needed" ("transport needed"),
        ApptOutcomeMissing => "appt_outcome_missing" ("appointment outcome missing"),
        NoShowFollowup => "no_show_followup" ("no-show follow-up"), ReferralStale => "referral_stale" ("stale referral"),
        CarePlanReview => "care_plan_review" ("care plan review"), GoalOverdue => "goal_overdue" ("goal overdue"),
        CcmMinutes => "ccm_minutes" ("CCM minutes"), CoverageExpiring => "coverage_expiring" ("coverage expiring"),
        ConsentExpiring => "consent_expiring" ("consent expiring"),
        ProgramMinutes => "program_minutes" ("program minutes"), ConsentMissing => "consent_missing" ("consent missing"),
        SafetyRisk => "safety_risk" ("safety risk"), ScreeningDue => "screening_due" ("screening due"),
        SdohFollowup => "sdoh_followup" ("social needs follow-up"),
        MedReconciliation => "med_reconciliation" ("medication reconciliation"),
        BhFollowup => "bh_followup" ("behavioral health follow-up"),
    }
);

word_enum!(Severity, "severity" { Critical => "critical", High => "high", Normal => "normal", Low => "low" });

impl Severity {
    /// Sort rank: critical first.
    pub fn rank(self) -> u8 {
        match self {
            Severity::Critical => 0,
            Severity::High => 1,
            Severity::Normal => 2,
            Severity::Low => 3,
        }
    }
}

impl AlertKind {
    /// Transitional care after a hospital stay, and behavioral follow-up
    /// after a psychiatric stay or ED visit, turn critical when late.
    fn critical_when_late(self) -> bool {
        matches!(self, AlertKind::TcmContact | AlertKind::TcmVisit | AlertKind::BhFollowup)
    }

    /// The severity of kinds whose severity never follows the due date (SPEC §3).
    fn fixed_severity(self) -> Option<Severity> {
        match self {
            AlertKind::SafetyRisk => Some(Severity::Critical),
            AlertKind::ScreeningDue => Some(Severity::Low),
            _ => None,
        }
    }

    /// Whether this kind's alerts are about one record (so a snooze names it).
    pub fn subject(self) -> Subject {
        match self {
            AlertKind::ContactCadence
            | AlertKind::CarePlanReview
            | AlertKind::CcmMinutes
            | AlertKind::CoverageExpiring
            | AlertKind::ConsentExpiring => Subject::Client,
            // The screening to repeat, or none for a client never screened.
            AlertKind::ScreeningDue => Subject::Either,
            _ => Subject::Record,
        }
    }
}

/// What the alerts of one kind are about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// Always one record (a follow-up, an appointment, an assessment…).
    Record,
    /// The client as a whole.
    Client,
    /// A record, or the client when there is none (screening_due).
    Either,
}

/// Thresholds of the alert rules; every default is SPEC §3's.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AlertRules {
    pub tcm_window_days: u32,
    pub tcm_contact_business_days: u32,
    pub tcm_visit_days_high: u32,
    pub tcm_visit_days_other: u32,
    pub cadence_high_days: u32,
    pub cadence_medium_days: u32,
    pub cadence_low_days: u32,
    pub appt_unconfirmed_days: u32,
    pub transport_needed_days: u32,
    pub no_show_window_days: u32,
    pub no_show_followup_business_days: u32,
    pub referral_stale_days: u32,
    pub care_plan_review_days: u32,
    pub care_plan_first_review_days: u32,
    pub ccm_minutes_target: u32,
    pub ccm_warning_business_days: u32,
    pub coverage_expiring_days: u32,
    pub consent_expiring_days: u32,
    pub safety_risk_days: u32,
    pub phq9_rescreen_score: u32,
    pub phq9_rescreen_days: u32,
    pub hrsn_rescreen_days: u32,
    pub hrsn_first_screen_days: u32,
    pub sdoh_window_days: u32,
    pub sdoh_followup_days: u32,
    /// The code thresholds program_minutes warns against: the `[billing]`
    /// table's, copied in when the configuration is read.
    #[serde(skip)]
    pub billing: BillingRules,
}

impl Default for AlertRules {
    fn default() -> Self {
        AlertRules {
            tcm_window_days: 30,
            tcm_contact_business_days: 2,
            tcm_visit_days_high: 7,
            tcm_visit_days_other: 14,
            cadence_high_days: 7,
            cadence_medium_days: 14,
            cadence_low_days: 30,
            appt_unconfirmed_days: 2,
            transport_needed_days: 3,
            no_show_window_days: 30,
            no_show_followup_business_days: 1,
            referral_stale_days: 14,
            care_plan_review_days: 90,
            care_plan_first_review_days: 30,
            ccm_minutes_target: 20,
            ccm_warning_business_days: 5,
            coverage_expiring_days: 30,
            consent_expiring_days: 30,
            safety_risk_days: 14,
            phq9_rescreen_score: 10,
            phq9_rescreen_days: 120,
            hrsn_rescreen_days: 365,
            hrsn_first_screen_days: 30,
            sdoh_window_days: 60,
            sdoh_followup_days: 30,
            billing: BillingRules::default(),
        }
    }
}

/// One thing a coordinator should act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alert {
    pub kind: AlertKind,
    pub severity: Severity,
    pub client_id: i64,
    pub client_name: String,
    /// The follow-up, appointment, referral, goal, encounter, enrollment or assessment it is about.
    pub subject: Option<i64>,
    pub due: NaiveDate,
    pub message: String,
    /// Days since `due` (negative when due later).
    pub days_past_due: i64,
}

/// An active client as the rules, the triage order and the caseload list read
/// it: only the fields they use (a whole `Client` is ten times the size, and a
/// team holds a hundred thousand), with the few distinct programs and payers
/// shared rather than copied per client.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientFacts {
    pub id: i64,
    /// "Family, Given (Preferred)", as lists show it.
    pub name: String,
    /// For the caseload filter (name, MRN, phone).
    pub mrn: Option<String>,
    pub phone: Option<String>,
    pub program: Arc<str>,
    pub risk: Risk,
    pub status: ClientStatus,
    pub enrolled_on: NaiveDate,
    pub payer: Option<Arc<str>>,
    pub coverage_ends_on: Option<NaiveDate>,
    pub consent_expires_on: Option<NaiveDate>,
    /// The latest contact: a `reached` note by phone, video, in person or text.
    pub last_contact_at: Option<DateTime<Utc>>,
    pub last_reviewed_on: Option<NaiveDate>,
    /// Who coordinates the client (the team view tells two of one name apart by it).
    pub coordinator: Arc<str>,
}

impl ClientFacts {
    /// The facts of a client record with no contact, review or minutes yet.
    pub fn of(client: &Client) -> ClientFacts {
        ClientFacts {
            id: client.id,
            name: client.display_name(),
            mrn: client.mrn.clone(),
            phone: client.phone.clone(),
            program: client.program.as_str().into(),
            risk: client.risk,
            status: client.status,
            enrolled_on: client.enrolled_on,
            payer: client.payer.as_deref().map(Arc::from),
            coverage_ends_on: client.coverage_ends_on,
            consent_expires_on: client.consent_expires_on,
            last_contact_at: None,
            last_reviewed_on: None,
            coordinator: client.coordinator.as_str().into(),
        }
    }
}

/// A snoozed alert: hidden while today is before `until`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snooze {
    pub client_id: i64,
    pub kind: AlertKind,
    pub subject: Option<i64>,
    pub until: NaiveDate,
}

/// The records the rules read. The store may hand over more than the rules
/// need (each rule checks all of its conditions); never less.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub clients: Vec<ClientFacts>,
    pub encounters: Vec<Encounter>,
    pub appointments: Vec<Appointment>,
    pub followups: Vec<Followup>,
    pub referrals: Vec<Referral>,
    pub goals: Vec<Goal>,
    pub snoozes: Vec<Snooze>,
    /// Medication reconciliations dated since the start of the TCM window.
    pub reconciliations: Vec<Reconciliation>,
    /// Enrollments active today in a program that bills (not `general`).
    pub enrollments: Vec<Enrollment>,
    /// Minutes of notes dated this calendar month, per client and program.
    pub minutes: HashMap<(i64, Program), u32>,
    /// Each client's latest PHQ-9 and latest AHC HRSN, and every one taken
    /// recently enough for safety_risk or sdoh_followup.
    pub assessments: Vec<Assessment>,
    /// Referrals of a social-need kind (housing, food, transport, utilities)
    /// created recently enough to answer an HRSN of sdoh_followup's window.
    pub need_referrals: Vec<Referral>,
}

impl Facts {
    /// The clients, letting go of the records at once (what a caseload list
    /// keeps once the alerts are computed).
    pub fn into_clients(self) -> Vec<ClientFacts> {
        self.clients
    }
}

/// Everything a rule needs besides its own records.
struct Context<'a> {
    now: DateTime<Utc>,
    zone: Zone,
    today: NaiveDate,
    rules: &'a AlertRules,
    holidays: &'a [NaiveDate],
    /// Business days left in this month, counted once rather than per client.
    business_days_left: u32,
}

impl Context<'_> {
    fn days(&self, n: u32) -> Duration {
        Duration::days(i64::from(n))
    }

    /// Severity from the due date (SPEC §3).
    fn severity(&self, kind: AlertKind, due: NaiveDate) -> Severity {
        if let Some(severity) = kind.fixed_severity() {
            severity
        } else if due < self.today {
            if kind.critical_when_late() { Severity::Critical } else { Severity::High }
        } else if due == self.today {
            if kind.critical_when_late() { Severity::High } else { Severity::Normal }
        } else {
            Severity::Low
        }
    }

    fn alert(
        &self,
        kind: AlertKind,
        client: &ClientFacts,
        subject: Option<i64>,
        due: NaiveDate,
        message: String,
    ) -> Alert {
        Alert {
            kind,
            severity: self.severity(kind, due),
            client_id: client.id,
            client_name: client.name.clone(),
            subject,
            due,
            message,
            days_past_due: (self.today - due).num_days(),
        }
    }

    /// "Within the last N days": 0 to N days before today, both ends included.
    fn within_last(&self, date: NaiveDate, days: u32) -> bool {
        date <= self.today && date >= self.today - self.days(days)
    }

    /// "Within the next N days": today to N days ahead, both included.
    fn within_next(&self, date: NaiveDate, days: u32) -> bool {
        date >= self.today && date <= self.today + self.days(days)
    }
}

/// Every alert for the active clients in `facts`, most urgent first, less the snoozed ones.
pub fn compute(now: Now, facts: &Facts, rules: &AlertRules, holidays: &[NaiveDate]) -> Vec<Alert> {
    let today = now.today();
    let business_days_left = business_days_left_in_month(today, holidays);
    let ctx = Context { now: now.instant, zone: now.zone, today, rules, holidays, business_days_left };
    let clients: HashMap<i64, &ClientFacts> =
        facts.clients.iter().filter(|f| f.status == ClientStatus::Active).map(|f| (f.id, f)).collect();
    let screenings = by_client(&facts.assessments, |a| a.client_id);
    let need_referrals = by_client(&facts.need_referrals, |r| r.client_id);
    let mut alerts = Vec::new();
    for facts in clients.values() {
        alerts.extend(contact_cadence(&ctx, facts));
        alerts.extend(care_plan_review(&ctx, facts));
        alerts.extend(coverage_expiring(&ctx, facts));
        alerts.extend(consent_expiring(&ctx, facts));
        let screenings = screenings.get(&facts.id).map_or(&[][..], Vec::as_slice);
        let referrals = need_referrals.get(&facts.id).map_or(&[][..], Vec::as_slice);
        alerts.extend(screening_alerts(&ctx, facts, screenings, referrals));
    }
    for enrollment in &facts.enrollments {
        if let Some(client) = clients.get(&enrollment.client_id) {
            let minutes = facts.minutes.get(&(enrollment.client_id, enrollment.program)).copied().unwrap_or(0);
            alerts.extend(ccm_minutes(&ctx, client, enrollment, minutes));
            alerts.extend(program_minutes(&ctx, client, enrollment, minutes));
            alerts.extend(consent_missing(&ctx, client, enrollment));
        }
    }
    let mut visits: HashMap<i64, Vec<&Appointment>> = HashMap::new();
    for appointment in &facts.appointments {
        if appointment.kind.is_visit() && appointment.status != AppointmentStatus::Cancelled {
            visits.entry(appointment.client_id).or_default().push(appointment);
        }
    }
    let mut bh_visits: HashMap<i64, Vec<&Appointment>> = HashMap::new();
    for appointment in &facts.appointments {
        if appointment.kind.is_bh_followup()
            && (appointment.status == AppointmentStatus::Completed
                || (appointment.status.is_open() && appointment.starts_at > ctx.now))
        {
            bh_visits.entry(appointment.client_id).or_default().push(appointment);
        }
    }
    let mut reconciled: HashMap<i64, NaiveDate> = HashMap::new();
    for r in &facts.reconciliations {
        let latest = reconciled.entry(r.client_id).or_insert(r.reconciled_on);
        *latest = (*latest).max(r.reconciled_on);
    }
    for encounter in &facts.encounters {
        if let Some(client) = clients.get(&encounter.client_id) {
            let client_visits = visits.get(&encounter.client_id).map_or(&[][..], Vec::as_slice);
            alerts.extend(tcm_contact(&ctx, client, encounter));
            alerts.extend(tcm_visit(&ctx, client, encounter, client_visits));
            alerts.extend(med_reconciliation(&ctx, client, encounter, reconciled.get(&encounter.client_id).copied()));
            let client_bh_visits = bh_visits.get(&encounter.client_id).map_or(&[][..], Vec::as_slice);
            alerts.extend(bh_followup(&ctx, client, encounter, client_bh_visits));
        }
    }
    for appointment in &facts.appointments {
        if let Some(client) = clients.get(&appointment.client_id) {
            alerts.extend(appt_unconfirmed(&ctx, client, appointment));
            alerts.extend(transport_needed(&ctx, client, appointment));
            alerts.extend(appt_outcome_missing(&ctx, client, appointment));
            alerts.extend(no_show_followup(&ctx, client, appointment));
        }
    }
    for followup in &facts.followups {
        if let Some(client) = clients.get(&followup.client_id) {
            alerts.extend(followup_due(&ctx, client, followup));
        }
    }
    for referral in &facts.referrals {
        if let Some(client) = clients.get(&referral.client_id) {
            alerts.extend(referral_stale(&ctx, client, referral));
        }
    }
    for goal in &facts.goals {
        if let Some(client) = clients.get(&goal.client_id) {
            alerts.extend(goal_overdue(&ctx, client, goal));
        }
    }
    // A set, not a scan of every snooze per alert: a team has thousands of each.
    let snoozed: HashSet<(i64, AlertKind, Option<i64>)> =
        facts.snoozes.iter().filter(|s| ctx.today < s.until).map(|s| (s.client_id, s.kind, s.subject)).collect();
    alerts.retain(|alert| !snoozed.contains(&(alert.client_id, alert.kind, alert.subject)));
    sort_by_urgency(&mut alerts);
    alerts
}

/// Records grouped by their client.
fn by_client<T>(records: &[T], client_id: impl Fn(&T) -> i64) -> HashMap<i64, Vec<&T>> {
    let mut grouped: HashMap<i64, Vec<&T>> = HashMap::new();
    for record in records {
        grouped.entry(client_id(record)).or_default().push(record);
    }
    grouped
}

/// Most urgent first: severity, then most days past due, then due date, client, kind.
pub fn sort_by_urgency(alerts: &mut [Alert]) {
    alerts.sort_by(urgency);
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
/// `T` is the alert or a screen's row that holds one.
pub fn replace_clients<T: AsRef<Alert>>(alerts: &mut Vec<T>, clients: &BTreeSet<i64>, mut fresh: Vec<T>) {
    alerts.retain(|alert| !clients.contains(&alert.as_ref().client_id));
    fresh.retain(|alert| clients.contains(&alert.as_ref().client_id));
    fresh.sort_by(|a, b| urgency(a.as_ref(), b.as_ref()));
    let kept = std::mem::take(alerts);
    alerts.reserve(kept.len() + fresh.len());
    let (mut kept, mut fresh) = (kept.into_iter().peekable(), fresh.into_iter().peekable());
    loop {
        let next = match (kept.peek(), fresh.peek()) {
            (Some(a), Some(b)) if urgency(a.as_ref(), b.as_ref()) == Ordering::Greater => fresh.next(),
            (Some(_), _) => kept.next(),
            (None, _) => fresh.next(),
        };
        let Some(alert) = next else { break };
        alerts.push(alert);
    }
}

impl AsRef<Alert> for Alert {
    fn as_ref(&self) -> &Alert {
        self
    }
}

fn contact_date(ctx: &Context<'_>, facts: &ClientFacts) -> Option<NaiveDate> {
    facts.last_contact_at.map(|at| ctx.zone.local_date(at))
}

fn tcm_discharge(ctx: &Context<'_>, encounter: &Encounter) -> Option<NaiveDate> {
    let discharged = encounter.discharged_on?;
    (encounter.kind.starts_transition() && ctx.within_last(discharged, ctx.rules.tcm_window_days)).then_some(discharged)
}

fn tcm_contact(ctx: &Context<'_>, facts: &ClientFacts, encounter: &Encounter) -> Option<Alert> {
    let discharged = tcm_discharge(ctx, encounter)?;
    if contact_date(ctx, facts).is_some_and(|contact| contact >= discharged) {
        return None;
    }
    let due = add_business_days(discharged, ctx.rules.tcm_contact_business_days, ctx.holidays);
    let message = format!("{} discharge from {} on {discharged}: call by {due}", encounter.kind, encounter.facility);
    Some(ctx.alert(AlertKind::TcmContact, facts, Some(encounter.id), due, message))
}

fn tcm_visit(ctx: &Context<'_>, facts: &ClientFacts, encounter: &Encounter, visits: &[&Appointment]) -> Option<Alert> {
    let discharged = tcm_discharge(ctx, encounter)?;
    if visits.iter().any(|visit| ctx.zone.local_date(visit.starts_at) >= discharged) {
        return None;
    }
    let days = if facts.risk == Risk::High { ctx.rules.tcm_visit_days_high } else { ctx.rules.tcm_visit_days_other };
    let due = discharged + ctx.days(days);
    let message = format!("Discharged {discharged}, no follow-up visit booked: visit by {due}");
    Some(ctx.alert(AlertKind::TcmVisit, facts, Some(encounter.id), due, message))
}

fn med_reconciliation(
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
fn bh_followup(
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
    if !ctx.within_last(event, ctx.rules.tcm_window_days)
        || visits.iter().any(|visit| ctx.zone.local_date(visit.starts_at) >= counts_from)
    {
        return None;
    }
    let due = event + ctx.days(7);
    let message = format!("{what} on {event}, no follow-up visit: see by {due}");
    Some(ctx.alert(AlertKind::BhFollowup, facts, Some(encounter.id), due, message))
}

fn contact_cadence(ctx: &Context<'_>, facts: &ClientFacts) -> Option<Alert> {
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

fn followup_due(ctx: &Context<'_>, client: &ClientFacts, followup: &Followup) -> Option<Alert> {
    let open = followup.status == FollowupStatus::Open;
    let snoozed = followup.snoozed_until.is_some_and(|until| ctx.today < until);
    (open && !snoozed && followup.due_on <= ctx.today)
        .then(|| ctx.alert(AlertKind::FollowupDue, client, Some(followup.id), followup.due_on, followup.title.clone()))
}

fn describe(ctx: &Context<'_>, appointment: &Appointment) -> String {
    let with = appointment.with_whom.as_deref().map(|w| format!(" with {w}")).unwrap_or_default();
    format!("{} {}{with}", appointment.kind.label(), ctx.zone.local_display(appointment.starts_at))
}

fn appt_unconfirmed(ctx: &Context<'_>, client: &ClientFacts, appointment: &Appointment) -> Option<Alert> {
    let date = ctx.zone.local_date(appointment.starts_at);
    let fires = appointment.status == AppointmentStatus::Scheduled
        && appointment.starts_at > ctx.now
        && ctx.within_next(date, ctx.rules.appt_unconfirmed_days);
    fires.then(|| {
        let message = format!("Confirm the {}", describe(ctx, appointment));
        ctx.alert(AlertKind::ApptUnconfirmed, client, Some(appointment.id), date, message)
    })
}

fn transport_needed(ctx: &Context<'_>, client: &ClientFacts, appointment: &Appointment) -> Option<Alert> {
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

fn appt_outcome_missing(ctx: &Context<'_>, client: &ClientFacts, appointment: &Appointment) -> Option<Alert> {
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

fn no_show_followup(ctx: &Context<'_>, facts: &ClientFacts, appointment: &Appointment) -> Option<Alert> {
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

fn referral_stale(ctx: &Context<'_>, client: &ClientFacts, referral: &Referral) -> Option<Alert> {
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

fn care_plan_review(ctx: &Context<'_>, facts: &ClientFacts) -> Option<Alert> {
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

fn goal_overdue(ctx: &Context<'_>, client: &ClientFacts, goal: &Goal) -> Option<Alert> {
    let target = goal.target_on?;
    (goal.status.is_open() && target < ctx.today).then(|| {
        let message = format!("Goal past its target date: {}", goal.description);
        ctx.alert(AlertKind::GoalOverdue, client, Some(goal.id), target, message)
    })
}

/// In the program today (the store hands over more; each rule checks).
fn active(ctx: &Context<'_>, enrollment: &Enrollment) -> bool {
    enrollment.is_active_on(ctx.today)
}

fn business_days_left(ctx: &Context<'_>) -> String {
    super::wording::counted(usize::try_from(ctx.business_days_left).unwrap_or_default(), "business day")
}

fn ccm_minutes(ctx: &Context<'_>, facts: &ClientFacts, enrollment: &Enrollment, minutes: u32) -> Option<Alert> {
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
fn program_minutes(ctx: &Context<'_>, facts: &ClientFacts, enrollment: &Enrollment, minutes: u32) -> Option<Alert> {
    if enrollment.program == Program::Ccm || !active(ctx, enrollment) {
        return None;
    }
    let first_month = first_day_of_month(ctx.today) <= enrollment.started_on;
    let threshold = first_threshold(enrollment.program, first_month, &ctx.rules.billing)?;
    let fires = minutes < threshold && ctx.business_days_left <= ctx.rules.ccm_warning_business_days;
    fires.then(|| {
        let due = last_business_day_of_month(ctx.today, ctx.holidays);
        let more = super::wording::counted(usize::try_from(threshold - minutes).unwrap_or_default(), "more minute");
        let message = format!("{}: {more} needed in {}", enrollment.program.label(), business_days_left(ctx));
        ctx.alert(AlertKind::ProgramMinutes, facts, Some(enrollment.id), due, message)
    })
}

/// A program that bills, with no consent on file: nothing of it can be billed.
fn consent_missing(ctx: &Context<'_>, facts: &ClientFacts, enrollment: &Enrollment) -> Option<Alert> {
    let fires = enrollment.program.is_billed() && active(ctx, enrollment) && enrollment.consent_on.is_none();
    fires.then(|| {
        let due = last_business_day_of_month(ctx.today, ctx.holidays);
        let message =
            format!("No consent on file for {}: nothing can be billed this month", enrollment.program.label());
        ctx.alert(AlertKind::ConsentMissing, facts, Some(enrollment.id), due, message)
    })
}

fn coverage_expiring(ctx: &Context<'_>, facts: &ClientFacts) -> Option<Alert> {
    let ends = facts.coverage_ends_on?;
    (ends <= ctx.today + ctx.days(ctx.rules.coverage_expiring_days)).then(|| {
        let payer = facts.payer.as_deref().map(|p| format!(" ({p})")).unwrap_or_default();
        let verb = if ends < ctx.today { "ended" } else { "ends" };
        ctx.alert(AlertKind::CoverageExpiring, facts, None, ends, format!("Coverage{payer} {verb} {ends}"))
    })
}

fn consent_expiring(ctx: &Context<'_>, facts: &ClientFacts) -> Option<Alert> {
    let ends = facts.consent_expires_on?;
    (ends <= ctx.today + ctx.days(ctx.rules.consent_expiring_days)).then(|| {
        let verb = if ends < ctx.today { "expired" } else { "expires" };
        ctx.alert(AlertKind::ConsentExpiring, facts, None, ends, format!("Consent to share {verb} {ends}"))
    })
}

/// "Nov 28" this year, "Nov 28, 2025" another.
fn spoken_date(ctx: &Context<'_>, date: NaiveDate) -> String {
    if date.year() == ctx.today.year() { date.format("%b %-d") } else { date.format("%b %-d, %Y") }.to_string()
}

/// The screening alerts of one client, from their screenings (the latest of
/// each instrument among them) and their social-need referrals.
fn screening_alerts(
    ctx: &Context<'_>,
    facts: &ClientFacts,
    screenings: &[&Assessment],
    referrals: &[&Referral],
) -> Vec<Alert> {
    let latest = |instrument: Instrument| {
        screenings.iter().copied().filter(|a| a.instrument == instrument).max_by_key(|a| (a.taken_at, a.id))
    };
    let mut alerts = screening_due(ctx, facts, latest(Instrument::Phq9), latest(Instrument::Hrsn));
    for screening in screenings {
        alerts.extend(safety_risk(ctx, facts, screening));
        alerts.extend(sdoh_followup(ctx, facts, screening, referrals));
    }
    alerts
}

/// A PHQ-9 of the last days with item 9 (thoughts of self-harm) above 0 and
/// no contact on or after its day: always critical.
fn safety_risk(ctx: &Context<'_>, facts: &ClientFacts, phq9: &Assessment) -> Option<Alert> {
    let taken = ctx.zone.local_date(phq9.taken_at);
    let item9 = phq9.answers.get(8).copied().unwrap_or(0);
    let fires = phq9.instrument == Instrument::Phq9
        && item9 > 0
        && ctx.within_last(taken, ctx.rules.safety_risk_days)
        && contact_date(ctx, facts).is_none_or(|contact| contact < taken);
    fires.then(|| {
        let message = format!("PHQ-9 item 9 answered {item9} on {} — no contact since", spoken_date(ctx, taken));
        ctx.alert(AlertKind::SafetyRisk, facts, Some(phq9.id), taken, message)
    })
}

/// The reminders to screen again: after a PHQ-9 of 10 or more (the client's
/// latest PHQ-9, so none is later), and when no AHC HRSN is a year old or
/// less (or none was ever taken). Always low.
fn screening_due(
    ctx: &Context<'_>,
    facts: &ClientFacts,
    phq9: Option<&Assessment>,
    hrsn: Option<&Assessment>,
) -> Vec<Alert> {
    let rules = ctx.rules;
    let phq9 = phq9.filter(|phq9| phq9.score >= rules.phq9_rescreen_score).map(|phq9| {
        let taken = ctx.zone.local_date(phq9.taken_at);
        let due = taken + ctx.days(rules.phq9_rescreen_days);
        let message = format!(
            "PHQ-9 scored {} on {}: repeat it by {}",
            phq9.score,
            spoken_date(ctx, taken),
            spoken_date(ctx, due)
        );
        ctx.alert(AlertKind::ScreeningDue, facts, Some(phq9.id), due, message)
    });
    let hrsn = match hrsn.map(|hrsn| (hrsn, ctx.zone.local_date(hrsn.taken_at))) {
        Some((_, taken)) if taken >= ctx.today - ctx.days(rules.hrsn_rescreen_days) => None,
        Some((hrsn, taken)) => {
            let message = format!("Social-needs screening last done {}: due again", spoken_date(ctx, taken));
            Some(ctx.alert(
                AlertKind::ScreeningDue,
                facts,
                Some(hrsn.id),
                taken + ctx.days(rules.hrsn_rescreen_days),
                message,
            ))
        }
        None => {
            let due = facts.enrolled_on + ctx.days(rules.hrsn_first_screen_days);
            let message = format!("No social-needs screening yet: due {}", spoken_date(ctx, due));
            Some(ctx.alert(AlertKind::ScreeningDue, facts, None, due, message))
        }
    };
    phq9.into_iter().chain(hrsn).collect()
}

/// An AHC HRSN of the last days positive in a need that no referral of its
/// kind, created on or after the screening's day, answers: one alert per
/// screening, naming the needs still open.
fn sdoh_followup(ctx: &Context<'_>, facts: &ClientFacts, hrsn: &Assessment, referrals: &[&Referral]) -> Option<Alert> {
    let taken = ctx.zone.local_date(hrsn.taken_at);
    if hrsn.instrument != Instrument::Hrsn || !ctx.within_last(taken, ctx.rules.sdoh_window_days) {
        return None;
    }
    let referred =
        |kind: ReferralKind| referrals.iter().any(|r| r.kind == kind && ctx.zone.local_date(r.created_at) >= taken);
    let open: Vec<&str> = SOCIAL_NEEDS
        .iter()
        .filter(|(need, kind)| hrsn.has(*need) && !referred(*kind))
        .map(|(need, _)| need.label())
        .collect();
    if open.is_empty() {
        return None;
    }
    let needs = and_list(&open);
    let mut letters = needs.chars();
    let needs: String = letters.next().map(|first| first.to_uppercase().chain(letters).collect()).unwrap_or_default();
    let (noun, verb) = if open.len() == 1 { ("need", "has") } else { ("needs", "have") };
    let message =
        format!("{needs} {noun} from the {} social-needs screening {verb} no referral", spoken_date(ctx, taken));
    let due = taken + ctx.days(ctx.rules.sdoh_followup_days);
    Some(ctx.alert(AlertKind::SdohFollowup, facts, Some(hrsn.id), due, message))
}

#[cfg(test)]
#[path = "alerts_tests.rs"]
mod tests;
