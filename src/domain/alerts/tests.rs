//! Each rule at its edges: the day before it fires, the day it fires, the day
//! it turns critical. Now is noon in UTC, pinned, so the local date is the
//! calendar day the instants name; `zones` runs the rules in others.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::*;
use crate::domain::appointment::{Appointment, AppointmentKind, AppointmentStatus, Transport};
use crate::domain::care_plan::{Goal, GoalStatus};
use crate::domain::client::{ClientStatus, Risk};
use crate::domain::encounter::{Encounter, EncounterKind, EncounterReason};
use crate::domain::followup::{Followup, FollowupStatus};
use crate::domain::program::{Enrollment, Program};
use crate::domain::referral::{Referral, ReferralKind, ReferralStatus};
use crate::domain::screening::{Assessment, Instrument};

mod screening;
mod zones;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
}

fn instant(date: &str, hour: u32) -> DateTime<Utc> {
    day(date).and_hms_opt(hour, 0, 0).expect("time").and_utc()
}

/// What `compute` gives for a copy of these facts (a test reads one set
/// of facts at several moments).
fn alerts_at(now: Now, facts: &Facts, rules: &AlertRules, holidays: &[NaiveDate]) -> Vec<Alert> {
    compute(now, facts.clone(), rules, holidays).alerts
}

fn on(date: &str) -> Now {
    Now::new(instant(date, 12), crate::domain::time::Zone::UTC)
}

/// An active medium-risk client enrolled long ago, contacted recently, reviewed recently.
fn client_facts(risk: Risk) -> ClientFacts {
    let mut client = crate::domain::client::tests::sample(day("2025-01-06"));
    client.risk = risk;
    client.program = "general".into();
    ClientFacts {
        last_contact_at: Some(instant("2026-11-20", 15)),
        last_reviewed_on: Some(day("2026-10-01")),
        ..ClientFacts::of(&client)
    }
}

fn facts(client: ClientFacts) -> Facts {
    Facts { clients: vec![client], ..Facts::default() }
}

/// The client's facts with an enrollment in `program` since 2025, consented,
/// and `minutes` of it this month.
fn enrolled(client: ClientFacts, program: Program, minutes: u32) -> Facts {
    let enrollment = Enrollment {
        id: 70,
        consent_on: Some(day("2025-01-06")),
        consent_method: Some(crate::domain::program::ConsentMethod::Verbal),
        ..Enrollment::new(client.id, program, day("2025-01-06"))
    };
    let minutes = [((client.id, program), minutes)].into_iter().collect();
    Facts { enrollments: vec![enrollment], minutes, ..facts(client) }
}

fn kinds(now: Now, facts: &Facts) -> Vec<(AlertKind, Severity, NaiveDate)> {
    alerts_at(now, facts, &AlertRules::default(), &[]).into_iter().map(|a| (a.kind, a.severity, a.due)).collect()
}

fn only(now: Now, facts: &Facts, kind: AlertKind) -> Option<(Severity, NaiveDate)> {
    kinds(now, facts).into_iter().find(|(k, _, _)| *k == kind).map(|(_, s, d)| (s, d))
}

fn encounter(discharged: &str) -> Encounter {
    Encounter {
        id: 40,
        client_id: 1,
        kind: EncounterKind::Inpatient,
        facility: "Lakeview General".into(),
        admitted_on: day("2026-11-01"),
        discharged_on: Some(day(discharged)),
        reason: EncounterReason::Medical,
        created_by: "casey".into(),
        created_at: instant("2026-11-01", 12),
    }
}

fn appointment(id: i64, starts_at: DateTime<Utc>, status: AppointmentStatus) -> Appointment {
    Appointment {
        id,
        client_id: 1,
        starts_at,
        minutes: 30,
        kind: AppointmentKind::Pcp,
        with_whom: Some("Dr. Imani Falk".into()),
        location: None,
        status,
        transport: Transport::NotNeeded,
        transport_details: None,
        notes: None,
        created_by: "casey".into(),
        created_at: instant("2026-11-01", 12),
    }
}

// --- tcm_contact / tcm_visit ---------------------------------------------------

#[test]
fn tcm_contact_after_a_friday_discharge_is_due_tuesday_and_critical_wednesday() {
    let mut client = client_facts(Risk::Medium);
    client.last_contact_at = Some(instant("2026-11-19", 15)); // before the discharge
    let mut facts = facts(client);
    facts.encounters.push(encounter("2026-11-20")); // a Friday
    assert_eq!(only(on("2026-11-23"), &facts, AlertKind::TcmContact), Some((Severity::Low, day("2026-11-24"))));
    assert_eq!(only(on("2026-11-24"), &facts, AlertKind::TcmContact), Some((Severity::High, day("2026-11-24"))));
    assert_eq!(only(on("2026-11-25"), &facts, AlertKind::TcmContact), Some((Severity::Critical, day("2026-11-24"))));
}

#[test]
fn tcm_contact_skips_a_holiday_and_ends_with_a_contact_on_the_discharge_day() {
    let mut client = client_facts(Risk::Medium);
    client.last_contact_at = None;
    let mut facts = facts(client);
    facts.encounters.push(encounter("2026-11-25")); // Wednesday; Thursday 26 is a holiday
    let holidays = [day("2026-11-26")];
    let alerts = alerts_at(on("2026-11-25"), &facts, &AlertRules::default(), &holidays);
    let tcm = alerts.iter().find(|a| a.kind == AlertKind::TcmContact).expect("tcm_contact");
    assert_eq!(tcm.due, day("2026-11-30"), "Fri 27 then Mon 30");
    assert_eq!(tcm.subject, Some(40));
    facts.clients[0].last_contact_at = Some(instant("2026-11-25", 18));
    assert_eq!(only(on("2026-11-26"), &facts, AlertKind::TcmContact), None);
}

#[test]
fn tcm_ends_thirty_days_after_discharge_and_ignores_ed_visits() {
    let mut client = client_facts(Risk::Medium);
    client.last_contact_at = None;
    let mut facts = facts(client);
    facts.encounters.push(encounter("2026-10-24"));
    assert!(only(on("2026-11-23"), &facts, AlertKind::TcmContact).is_some(), "30 days back is inside");
    assert_eq!(only(on("2026-11-24"), &facts, AlertKind::TcmContact), None, "31 days back is outside");
    facts.encounters[0].kind = EncounterKind::Ed;
    assert_eq!(only(on("2026-11-23"), &facts, AlertKind::TcmContact), None);
}

#[test]
fn tcm_visit_is_due_in_seven_days_for_high_risk_and_fourteen_otherwise() {
    let mut facts = facts(client_facts(Risk::High));
    facts.encounters.push(encounter("2026-11-16"));
    assert_eq!(only(on("2026-11-22"), &facts, AlertKind::TcmVisit), Some((Severity::Low, day("2026-11-23"))));
    assert_eq!(only(on("2026-11-23"), &facts, AlertKind::TcmVisit), Some((Severity::High, day("2026-11-23"))));
    assert_eq!(only(on("2026-11-24"), &facts, AlertKind::TcmVisit), Some((Severity::Critical, day("2026-11-23"))));
    facts.clients[0].risk = Risk::Low;
    assert_eq!(only(on("2026-11-24"), &facts, AlertKind::TcmVisit), Some((Severity::Low, day("2026-11-30"))));
}

#[test]
fn tcm_visit_is_satisfied_by_a_visit_on_or_after_discharge_but_not_a_cancelled_or_lab_one() {
    let mut facts = facts(client_facts(Risk::High));
    facts.encounters.push(encounter("2026-11-16"));
    facts.appointments.push(appointment(7, instant("2026-11-15", 15), AppointmentStatus::Completed));
    assert!(only(on("2026-11-23"), &facts, AlertKind::TcmVisit).is_some(), "a visit before discharge does not count");
    facts.appointments.push(appointment(8, instant("2026-12-01", 15), AppointmentStatus::Cancelled));
    assert!(only(on("2026-11-23"), &facts, AlertKind::TcmVisit).is_some(), "cancelled does not count");
    let mut lab = appointment(9, instant("2026-11-30", 15), AppointmentStatus::Scheduled);
    lab.kind = AppointmentKind::Lab;
    facts.appointments.push(lab);
    assert!(only(on("2026-11-23"), &facts, AlertKind::TcmVisit).is_some(), "a lab is not a visit");
    facts.appointments.push(appointment(10, instant("2026-11-16", 15), AppointmentStatus::Scheduled));
    assert_eq!(only(on("2026-11-23"), &facts, AlertKind::TcmVisit), None);
}

// --- med_reconciliation / bh_followup ------------------------------------------

fn reconciled(on: &str) -> crate::domain::medication::Reconciliation {
    crate::domain::medication::Reconciliation {
        id: 60,
        client_id: 1,
        reconciled_on: day(on),
        encounter_id: None,
        by: "casey".into(),
        notes: None,
        created_by: "casey".into(),
        created_at: instant(on, 12),
    }
}

#[test]
fn med_reconciliation_is_due_30_days_after_discharge_until_one_is_dated_on_or_after_it() {
    let mut facts = facts(client_facts(Risk::Medium));
    facts.encounters.push(encounter("2026-10-25"));
    assert_eq!(only(on("2026-11-23"), &facts, AlertKind::MedReconciliation), Some((Severity::Low, day("2026-11-24"))));
    assert_eq!(
        only(on("2026-11-24"), &facts, AlertKind::MedReconciliation),
        Some((Severity::Normal, day("2026-11-24")))
    );
    assert_eq!(only(on("2026-11-25"), &facts, AlertKind::MedReconciliation), None, "31 days back is outside");
    facts.reconciliations.push(reconciled("2026-10-24"));
    assert!(only(on("2026-11-23"), &facts, AlertKind::MedReconciliation).is_some(), "one before the discharge");
    facts.reconciliations.push(reconciled("2026-10-25"));
    assert_eq!(only(on("2026-11-23"), &facts, AlertKind::MedReconciliation), None, "the discharge day counts");
    let mut ed = encounter("2026-11-20");
    ed.kind = EncounterKind::Ed;
    let facts = Facts { encounters: vec![ed], ..self::facts(client_facts(Risk::Medium)) };
    assert_eq!(only(on("2026-11-23"), &facts, AlertKind::MedReconciliation), None, "an ED visit is no discharge");
}

fn bh_encounter(kind: EncounterKind, reason: EncounterReason, on: &str) -> Encounter {
    Encounter { kind, reason, admitted_on: day(on), ..encounter(on) }
}

#[test]
fn bh_followup_after_a_psychiatric_stay_is_high_on_day_7_and_critical_after() {
    let mut facts = facts(client_facts(Risk::Low));
    facts.encounters.push(bh_encounter(EncounterKind::Inpatient, EncounterReason::SelfHarm, "2026-11-16"));
    assert_eq!(only(on("2026-11-22"), &facts, AlertKind::BhFollowup), Some((Severity::Low, day("2026-11-23"))));
    assert_eq!(only(on("2026-11-23"), &facts, AlertKind::BhFollowup), Some((Severity::High, day("2026-11-23"))));
    assert_eq!(only(on("2026-11-24"), &facts, AlertKind::BhFollowup), Some((Severity::Critical, day("2026-11-23"))));
    // FUH does not count the discharge day; the day after counts, completed or still to come.
    facts.appointments.push(appointment(7, instant("2026-11-16", 15), AppointmentStatus::Completed));
    assert!(only(on("2026-11-24"), &facts, AlertKind::BhFollowup).is_some(), "the discharge day does not count");
    let mut therapy = appointment(8, instant("2026-11-25", 15), AppointmentStatus::Scheduled);
    therapy.kind = AppointmentKind::Therapy;
    facts.appointments.push(therapy);
    assert_eq!(only(on("2026-11-24"), &facts, AlertKind::BhFollowup), None, "a therapy visit still to come");
    assert!(only(on("2026-11-26"), &facts, AlertKind::BhFollowup).is_some(), "once it passed without an outcome");
    facts.appointments[1].status = AppointmentStatus::Completed;
    assert_eq!(only(on("2026-11-26"), &facts, AlertKind::BhFollowup), None);
    facts.appointments[1].status = AppointmentStatus::Cancelled;
    assert!(only(on("2026-11-24"), &facts, AlertKind::BhFollowup).is_some(), "cancelled does not count");
    let medical = Facts { encounters: vec![encounter("2026-11-16")], ..self::facts(client_facts(Risk::Low)) };
    assert_eq!(only(on("2026-11-24"), &medical, AlertKind::BhFollowup), None, "a medical stay");
}

#[test]
fn bh_followup_is_not_answered_by_a_visit_booked_past_the_thirty_day_window() {
    // Discharged 16 Nov: a visit counts 17 Nov to 16 Dec (FUH 30); one in January meets no measure.
    let mut facts = facts(client_facts(Risk::Low));
    facts.encounters.push(bh_encounter(EncounterKind::Inpatient, EncounterReason::MentalHealth, "2026-11-16"));
    let mut therapy = appointment(8, instant("2026-12-17", 15), AppointmentStatus::Scheduled);
    therapy.kind = AppointmentKind::Therapy;
    facts.appointments.push(therapy);
    assert!(only(on("2026-11-24"), &facts, AlertKind::BhFollowup).is_some(), "31 days after discharge");
    facts.appointments[0].starts_at = instant("2026-12-16", 15);
    assert_eq!(only(on("2026-11-24"), &facts, AlertKind::BhFollowup), None, "30 days after discharge");
}

#[test]
fn bh_followup_after_an_ed_visit_counts_the_ed_day_itself() {
    for reason in [EncounterReason::MentalHealth, EncounterReason::SelfHarm, EncounterReason::SubstanceUse] {
        let mut facts = facts(client_facts(Risk::Low));
        facts.encounters.push(bh_encounter(EncounterKind::Ed, reason, "2026-11-20"));
        assert_eq!(only(on("2026-11-27"), &facts, AlertKind::BhFollowup), Some((Severity::High, day("2026-11-27"))));
        let mut visit = appointment(7, instant("2026-11-20", 18), AppointmentStatus::Completed);
        visit.kind = AppointmentKind::Telehealth;
        facts.appointments.push(visit);
        assert_eq!(only(on("2026-11-27"), &facts, AlertKind::BhFollowup), None, "{reason}: seen on the ED day");
    }
    let mut facts = facts(client_facts(Risk::Low));
    facts.encounters.push(bh_encounter(EncounterKind::Ed, EncounterReason::Medical, "2026-11-20"));
    assert_eq!(only(on("2026-11-23"), &facts, AlertKind::BhFollowup), None, "a medical ED visit");
    facts.encounters[0].reason = EncounterReason::SubstanceUse;
    facts.encounters[0].admitted_on = day("2026-10-23");
    assert_eq!(only(on("2026-11-23"), &facts, AlertKind::BhFollowup), None, "31 days back is outside");
}

// --- contact_cadence -------------------------------------------------------------

#[test]
fn contact_cadence_fires_on_the_due_day_by_risk() {
    let mut client = client_facts(Risk::High);
    client.last_contact_at = Some(instant("2026-11-16", 15));
    let facts = facts(client);
    assert_eq!(only(on("2026-11-22"), &facts, AlertKind::ContactCadence), None);
    assert_eq!(only(on("2026-11-23"), &facts, AlertKind::ContactCadence), Some((Severity::Normal, day("2026-11-23"))));
    assert_eq!(only(on("2026-11-24"), &facts, AlertKind::ContactCadence), Some((Severity::High, day("2026-11-23"))));
}

#[test]
fn contact_cadence_counts_from_enrolment_without_a_contact_since() {
    let mut client = client_facts(Risk::Low);
    client.enrolled_on = day("2026-11-01");
    client.last_contact_at = Some(instant("2026-06-01", 15)); // before a re-enrolment
    let facts = facts(client);
    assert_eq!(only(on("2026-11-30"), &facts, AlertKind::ContactCadence), None);
    assert_eq!(only(on("2026-12-01"), &facts, AlertKind::ContactCadence), Some((Severity::Normal, day("2026-12-01"))));
}

#[test]
fn a_configured_cadence_replaces_the_default() {
    let mut client = client_facts(Risk::Medium);
    client.last_contact_at = Some(instant("2026-11-16", 15));
    let facts = facts(client);
    let rules = AlertRules { cadence_medium_days: 5, ..AlertRules::default() };
    let alerts = alerts_at(on("2026-11-21"), &facts, &rules, &[]);
    assert!(alerts.iter().any(|a| a.kind == AlertKind::ContactCadence && a.due == day("2026-11-21")));
    assert_eq!(only(on("2026-11-21"), &facts, AlertKind::ContactCadence), None, "the default 14 days has not passed");
}

// --- followup_due ------------------------------------------------------------------

fn followup(due: &str) -> Followup {
    Followup {
        id: 5,
        client_id: 1,
        title: "Call pharmacy about refill".into(),
        due_on: day(due),
        status: FollowupStatus::Open,
        done_at: None,
        done_by: None,
        snoozed_until: None,
        snooze_reason: None,
        created_by: "casey".into(),
        created_at: instant("2026-11-01", 12),
    }
}

#[test]
fn followup_due_on_its_day_then_late_and_hidden_while_snoozed_or_done() {
    let mut facts = facts(client_facts(Risk::Medium));
    facts.followups.push(followup("2026-11-23"));
    assert_eq!(only(on("2026-11-22"), &facts, AlertKind::FollowupDue), None);
    assert_eq!(only(on("2026-11-23"), &facts, AlertKind::FollowupDue), Some((Severity::Normal, day("2026-11-23"))));
    assert_eq!(only(on("2026-11-24"), &facts, AlertKind::FollowupDue), Some((Severity::High, day("2026-11-23"))));
    facts.followups[0].snoozed_until = Some(day("2026-11-26"));
    assert_eq!(only(on("2026-11-25"), &facts, AlertKind::FollowupDue), None);
    assert!(only(on("2026-11-26"), &facts, AlertKind::FollowupDue).is_some(), "back on the snooze date");
    facts.followups[0].status = FollowupStatus::Done;
    assert_eq!(only(on("2026-11-26"), &facts, AlertKind::FollowupDue), None);
}

// --- appointments ------------------------------------------------------------------

#[test]
fn appt_unconfirmed_within_the_next_two_days_only() {
    let mut facts = facts(client_facts(Risk::Medium));
    facts.appointments.push(appointment(3, instant("2026-11-25", 15), AppointmentStatus::Scheduled));
    assert_eq!(only(on("2026-11-22"), &facts, AlertKind::ApptUnconfirmed), None, "three days ahead");
    assert_eq!(only(on("2026-11-23"), &facts, AlertKind::ApptUnconfirmed), Some((Severity::Low, day("2026-11-25"))));
    assert_eq!(only(on("2026-11-25"), &facts, AlertKind::ApptUnconfirmed), Some((Severity::Normal, day("2026-11-25"))));
    facts.appointments[0].status = AppointmentStatus::Confirmed;
    assert_eq!(only(on("2026-11-25"), &facts, AlertKind::ApptUnconfirmed), None);
}

#[test]
fn transport_needed_within_three_days_until_arranged() {
    let mut facts = facts(client_facts(Risk::Medium));
    let mut visit = appointment(3, instant("2026-11-26", 15), AppointmentStatus::Confirmed);
    visit.transport = Transport::Needed;
    facts.appointments.push(visit);
    assert_eq!(only(on("2026-11-22"), &facts, AlertKind::TransportNeeded), None);
    assert_eq!(only(on("2026-11-23"), &facts, AlertKind::TransportNeeded), Some((Severity::Low, day("2026-11-26"))));
    facts.appointments[0].transport = Transport::Arranged;
    assert_eq!(only(on("2026-11-23"), &facts, AlertKind::TransportNeeded), None);
}

#[test]
fn appt_outcome_missing_once_the_appointment_has_ended() {
    let mut facts = facts(client_facts(Risk::Medium));
    // Ends 11:30 UTC; "now" in on() is 12:00 UTC.
    facts.appointments.push(appointment(3, instant("2026-11-23", 11), AppointmentStatus::Confirmed));
    assert_eq!(
        only(on("2026-11-23"), &facts, AlertKind::ApptOutcomeMissing),
        Some((Severity::Normal, day("2026-11-23")))
    );
    let earlier = Now::new(instant("2026-11-23", 11) + Duration::minutes(29), crate::domain::time::Zone::UTC);
    assert_eq!(only(earlier, &facts, AlertKind::ApptOutcomeMissing), None, "still in progress");
    facts.appointments[0].status = AppointmentStatus::Completed;
    assert_eq!(only(on("2026-11-23"), &facts, AlertKind::ApptOutcomeMissing), None);
}

#[test]
fn an_appointment_alert_names_the_visit_in_words_not_its_code() {
    let mut facts = facts(client_facts(Risk::Medium));
    let mut visit = appointment(3, instant("2026-11-23", 11), AppointmentStatus::Confirmed);
    visit.kind = AppointmentKind::HomeVisit;
    facts.appointments.push(visit);
    let alerts = alerts_at(on("2026-11-23"), &facts, &AlertRules::default(), &[]);
    let missing = alerts.iter().find(|a| a.kind == AlertKind::ApptOutcomeMissing).expect("alert");
    assert!(missing.message.starts_with("Record the outcome of the home visit 2026-11-23"), "{}", missing.message);
}

#[test]
fn no_show_followup_until_a_contact_after_it() {
    let mut client = client_facts(Risk::Medium);
    client.last_contact_at = Some(instant("2026-11-19", 10));
    let mut facts = facts(client);
    facts.appointments.push(appointment(3, instant("2026-11-20", 15), AppointmentStatus::NoShow)); // Friday
    assert_eq!(only(on("2026-11-23"), &facts, AlertKind::NoShowFollowup), Some((Severity::Normal, day("2026-11-23"))));
    assert_eq!(only(on("2026-11-24"), &facts, AlertKind::NoShowFollowup), Some((Severity::High, day("2026-11-23"))));
    facts.clients[0].last_contact_at = Some(instant("2026-11-20", 16));
    assert_eq!(only(on("2026-11-24"), &facts, AlertKind::NoShowFollowup), None);
    facts.clients[0].last_contact_at = None;
    assert_eq!(only(on("2026-12-21"), &facts, AlertKind::NoShowFollowup), None, "older than 30 days");
}

// --- referrals, care plans, goals ---------------------------------------------------

#[test]
fn referral_stale_fourteen_days_after_its_last_change() {
    let mut facts = facts(client_facts(Risk::Medium));
    facts.referrals.push(Referral {
        id: 9,
        client_id: 1,
        to: "Eastside Food Pantry".into(),
        resource_id: None,
        kind: ReferralKind::Food,
        reason: "Food insecurity screen positive".into(),
        status: ReferralStatus::Sent,
        sent_on: Some(day("2026-11-09")),
        status_changed_on: day("2026-11-09"),
        outcome: None,
        created_by: "casey".into(),
        created_at: instant("2026-11-09", 12),
    });
    assert_eq!(only(on("2026-11-22"), &facts, AlertKind::ReferralStale), None);
    assert_eq!(only(on("2026-11-23"), &facts, AlertKind::ReferralStale), Some((Severity::Normal, day("2026-11-23"))));
    assert_eq!(only(on("2026-11-24"), &facts, AlertKind::ReferralStale), Some((Severity::High, day("2026-11-23"))));
    facts.referrals[0].status = ReferralStatus::Scheduled;
    assert_eq!(only(on("2026-11-24"), &facts, AlertKind::ReferralStale), None);
}

#[test]
fn care_plan_review_ninety_days_after_the_last_or_thirty_after_enrolment() {
    let mut client = client_facts(Risk::Medium);
    client.last_reviewed_on = Some(day("2026-08-25"));
    let mut facts = facts(client);
    assert_eq!(only(on("2026-11-22"), &facts, AlertKind::CarePlanReview), None);
    assert_eq!(only(on("2026-11-23"), &facts, AlertKind::CarePlanReview), Some((Severity::Normal, day("2026-11-23"))));
    facts.clients[0].last_reviewed_on = None;
    facts.clients[0].enrolled_on = day("2026-11-01");
    assert_eq!(only(on("2026-11-30"), &facts, AlertKind::CarePlanReview), None);
    assert_eq!(only(on("2026-12-02"), &facts, AlertKind::CarePlanReview), Some((Severity::High, day("2026-12-01"))));
}

#[test]
fn goal_overdue_the_day_after_its_target_while_open() {
    let mut facts = facts(client_facts(Risk::Medium));
    facts.goals.push(Goal {
        id: 12,
        client_id: 1,
        problem_id: None,
        description: "A1c under 8".into(),
        target_on: Some(day("2026-11-23")),
        status: GoalStatus::Active,
        created_by: "casey".into(),
        created_at: instant("2026-06-01", 12),
    });
    assert_eq!(only(on("2026-11-23"), &facts, AlertKind::GoalOverdue), None);
    assert_eq!(only(on("2026-11-24"), &facts, AlertKind::GoalOverdue), Some((Severity::High, day("2026-11-23"))));
    facts.goals[0].status = GoalStatus::Achieved;
    assert_eq!(only(on("2026-11-24"), &facts, AlertKind::GoalOverdue), None);
}

// --- ccm_minutes ---------------------------------------------------------------------

#[test]
fn ccm_minutes_warns_in_the_last_five_business_days_of_december() {
    let facts = enrolled(client_facts(Risk::Medium), Program::Ccm, 15);
    let holidays = [day("2026-12-25")];
    let rules = AlertRules::default();
    // Business days left from Dec 23: 23, 24, 28, 29, 30, 31 = 6.
    let warn =
        |date| alerts_at(on(date), &facts, &rules, &holidays).into_iter().find(|a| a.kind == AlertKind::CcmMinutes);
    assert_eq!(warn("2026-12-23"), None);
    let alert = warn("2026-12-24").expect("five business days left");
    assert_eq!((alert.severity, alert.due), (Severity::Low, day("2026-12-31")));
    assert!(alert.message.starts_with("15 of 20"), "{}", alert.message);
    assert_eq!(warn("2026-12-31").map(|a| a.severity), Some(Severity::Normal));
    let enough = enrolled(client_facts(Risk::Medium), Program::Ccm, 20);
    assert!(alerts_at(on("2026-12-31"), &enough, &rules, &holidays).iter().all(|a| a.kind != AlertKind::CcmMinutes));
}

#[test]
fn ccm_minutes_counts_only_ccm_minutes_of_an_active_enrollment() {
    let mut facts = enrolled(client_facts(Risk::Medium), Program::Ccm, 15);
    facts.minutes.insert((1, Program::Bhi), 30);
    assert!(only(on("2026-11-30"), &facts, AlertKind::CcmMinutes).is_some(), "bhi minutes are not ccm's");
    facts.enrollments[0].ended_on = Some(day("2026-11-29"));
    facts.enrollments[0].end_reason = Some("moved".into());
    assert_eq!(only(on("2026-11-30"), &facts, AlertKind::CcmMinutes), None, "the enrollment ended");
}

// --- program_minutes and consent_missing --------------------------------------------

fn alert_of(now: Now, facts: &Facts, kind: AlertKind) -> Option<Alert> {
    alerts_at(now, facts, &AlertRules::default(), &[]).into_iter().find(|a| a.kind == kind)
}

#[test]
fn program_minutes_warns_with_five_business_days_left_not_six() {
    // BHI bills 99484 from 20 minutes. Left of November on Monday the 23rd: 23..27, 30 = 6.
    let facts = enrolled(client_facts(Risk::Medium), Program::Bhi, 8);
    assert_eq!(alert_of(on("2026-11-23"), &facts, AlertKind::ProgramMinutes), None);
    let alert = alert_of(on("2026-11-25"), &facts, AlertKind::ProgramMinutes).expect("four business days left");
    assert_eq!((alert.severity, alert.due, alert.subject), (Severity::Low, day("2026-11-30"), Some(70)));
    assert_eq!(alert.message, "BHI: 12 more minutes needed in 4 business days");
    assert!(alert_of(on("2026-11-24"), &facts, AlertKind::ProgramMinutes).is_some(), "five left");
    assert_eq!(only(on("2026-11-30"), &facts, AlertKind::ProgramMinutes), Some((Severity::Normal, day("2026-11-30"))));
}

#[test]
fn program_minutes_stops_at_the_first_codes_threshold() {
    let under = enrolled(client_facts(Risk::Medium), Program::Pcm, 29);
    let alert = alert_of(on("2026-11-30"), &under, AlertKind::ProgramMinutes).expect("one under 30");
    assert_eq!(alert.message, "PCM: 1 more minute needed in 1 business day");
    let at = enrolled(client_facts(Risk::Medium), Program::Pcm, 30);
    assert_eq!(only(on("2026-11-30"), &at, AlertKind::ProgramMinutes), None);
    // CoCM's first month asks 36 minutes, later months 31.
    let mut cocm = enrolled(client_facts(Risk::Medium), Program::Cocm, 31);
    assert_eq!(only(on("2026-11-30"), &cocm, AlertKind::ProgramMinutes), None);
    cocm.enrollments[0].started_on = day("2026-11-02");
    assert!(only(on("2026-11-30"), &cocm, AlertKind::ProgramMinutes).is_some(), "first month: 36");
}

#[test]
fn program_minutes_leaves_out_ended_ccm_and_untimed_enrollments() {
    let mut ended = enrolled(client_facts(Risk::Medium), Program::Rpm, 0);
    ended.enrollments[0].ended_on = Some(day("2026-11-27"));
    ended.enrollments[0].end_reason = Some("declined".into());
    assert_eq!(only(on("2026-11-30"), &ended, AlertKind::ProgramMinutes), None);
    for program in [Program::Ccm, Program::Tcm, Program::Apcm, Program::General] {
        let facts = enrolled(client_facts(Risk::Medium), program, 0);
        assert_eq!(only(on("2026-11-30"), &facts, AlertKind::ProgramMinutes), None, "{program}");
    }
}

#[test]
fn consent_missing_names_the_program_for_any_enrollment_but_general() {
    let mut facts = enrolled(client_facts(Risk::Medium), Program::Ccm, 0);
    assert_eq!(only(on("2026-11-02"), &facts, AlertKind::ConsentMissing), None, "consented");
    facts.enrollments[0].consent_on = None;
    facts.enrollments[0].consent_method = None;
    let alert = alert_of(on("2026-11-02"), &facts, AlertKind::ConsentMissing).expect("no consent");
    assert_eq!(alert.message, "No consent on file for CCM: nothing can be billed this month");
    assert_eq!((alert.severity, alert.due, alert.subject), (Severity::Low, day("2026-11-30"), Some(70)));
    assert_eq!(only(on("2026-11-30"), &facts, AlertKind::ConsentMissing), Some((Severity::Normal, day("2026-11-30"))));
    facts.enrollments[0].program = Program::General;
    assert_eq!(only(on("2026-11-02"), &facts, AlertKind::ConsentMissing), None, "general bills nothing");
    facts.enrollments[0].program = Program::Tcm;
    facts.enrollments[0].ended_on = Some(day("2026-11-01"));
    facts.enrollments[0].end_reason = Some("done".into());
    assert_eq!(only(on("2026-11-02"), &facts, AlertKind::ConsentMissing), None, "ended");
}

// --- coverage and consent -------------------------------------------------------------

#[test]
fn coverage_and_consent_warn_thirty_days_ahead_and_stay_once_past() {
    let mut client = client_facts(Risk::Medium);
    client.coverage_ends_on = Some(day("2026-12-23"));
    client.consent_expires_on = Some(day("2026-12-23"));
    let facts = facts(client);
    for kind in [AlertKind::CoverageExpiring, AlertKind::ConsentExpiring] {
        assert_eq!(only(on("2026-11-22"), &facts, kind), None);
        assert_eq!(only(on("2026-11-23"), &facts, kind), Some((Severity::Low, day("2026-12-23"))));
        assert_eq!(only(on("2026-12-23"), &facts, kind), Some((Severity::Normal, day("2026-12-23"))));
        assert_eq!(only(on("2027-02-01"), &facts, kind), Some((Severity::High, day("2026-12-23"))));
    }
}

// --- across rules ----------------------------------------------------------------------

#[test]
fn a_discharged_or_on_hold_client_gets_no_alerts() {
    let mut client = client_facts(Risk::High);
    client.last_contact_at = None;
    client.last_reviewed_on = None;
    client.coverage_ends_on = Some(day("2026-11-01"));
    let mut facts = facts(client);
    facts.followups.push(followup("2026-11-01"));
    facts.encounters.push(encounter("2026-11-20"));
    assert!(!kinds(on("2026-11-23"), &facts).is_empty());
    for status in [ClientStatus::Discharged, ClientStatus::OnHold] {
        facts.clients[0].status = status;
        assert!(kinds(on("2026-11-23"), &facts).is_empty(), "{status}");
    }
}

#[test]
fn a_snooze_hides_exactly_its_alert_until_its_date() {
    let mut facts = facts(client_facts(Risk::Medium));
    facts.followups.push(followup("2026-11-20"));
    let mut second = followup("2026-11-21");
    second.id = 6;
    facts.followups.push(second);
    facts.snoozes.push(Snooze {
        client_id: 1,
        kind: AlertKind::FollowupDue,
        subject: Some(5),
        until: day("2026-11-25"),
    });
    let subjects = |date| {
        alerts_at(on(date), &facts, &AlertRules::default(), &[])
            .into_iter()
            .filter(|a| a.kind == AlertKind::FollowupDue)
            .map(|a| a.subject)
            .collect::<Vec<_>>()
    };
    assert_eq!(subjects("2026-11-24"), vec![Some(6)]);
    assert_eq!(subjects("2026-11-25"), vec![Some(5), Some(6)]);
}

#[test]
fn alerts_come_most_urgent_first() {
    let mut client = client_facts(Risk::Medium);
    client.last_contact_at = None;
    let mut facts = facts(client);
    facts.followups.push(followup("2026-11-23")); // normal, due today
    let mut older = followup("2026-11-10");
    older.id = 6;
    facts.followups.push(older); // high, 13 days late
    facts.encounters.push(encounter("2026-11-18")); // tcm_contact critical
    let order: Vec<AlertKind> = kinds(on("2026-11-23"), &facts).into_iter().map(|(k, _, _)| k).collect();
    assert_eq!(order.first(), Some(&AlertKind::TcmContact));
    let followups: Vec<_> = alerts_at(on("2026-11-23"), &facts, &AlertRules::default(), &[])
        .into_iter()
        .filter(|a| a.kind == AlertKind::FollowupDue)
        .map(|a| (a.subject, a.severity))
        .collect();
    assert_eq!(followups, vec![(Some(6), Severity::High), (Some(5), Severity::Normal)]);
}

#[test]
fn replacing_one_clients_alerts_gives_what_recomputing_everyone_gives() {
    let now = on("2026-11-23");
    let rules = AlertRules::default();
    let mut team = Facts::default();
    for (id, name) in [(1, "Able"), (2, "Baker"), (3, "Cole")] {
        let mut client = client_facts(Risk::Medium);
        (client.id, client.name, client.last_contact_at) = (id, name.into(), None);
        team.clients.push(client);
        let mut due = followup("2026-11-20");
        (due.id, due.client_id) = (id * 10, id);
        team.followups.push(due);
    }
    let mut alerts = alerts_at(now, &team, &rules, &[]);
    // Baker's follow-up is done and two others are written; Cole is discharged.
    team.followups.retain(|f| f.client_id != 2);
    for (id, due) in [(21, "2026-11-01"), (22, "2026-11-23")] {
        let mut new = followup(due);
        (new.id, new.client_id) = (id, 2);
        team.followups.push(new);
    }
    team.clients[2].status = ClientStatus::Discharged;
    let changed = BTreeSet::from([2, 3]);
    let some = Facts {
        clients: team.clients.iter().filter(|c| changed.contains(&c.id)).cloned().collect(),
        followups: team.followups.iter().filter(|f| changed.contains(&f.client_id)).cloned().collect(),
        ..Facts::default()
    };
    replace_clients(&mut alerts, &changed, alerts_at(now, &some, &rules, &[]));
    assert_eq!(alerts, alerts_at(now, &team, &rules, &[]));
    assert!(alerts.iter().all(|a| a.client_id != 3));
}
