use chrono::{DateTime, NaiveDate, Utc};

use super::*;
use crate::domain::appointment::Transport;
use crate::domain::note::{ContactType, Direction, Outcome};
use crate::domain::referral::ReferralStatus;
use crate::domain::screening::{Band, Flag, Mode};

fn date(text: &str) -> NaiveDate {
    text.parse().expect("date")
}

/// 15:00 UTC on a day: the same local day in UTC.
fn at(day: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("{day}T15:00:00Z")).expect("instant").with_timezone(&Utc)
}

fn client(id: i64, risk: Risk) -> Client {
    let mut client = Client::new("Ada", &format!("Test{id}"), "casey", date("2025-01-01"), at("2025-01-01"));
    client.id = id;
    client.risk = risk;
    client
}

fn encounter(id: i64, kind: EncounterKind, reason: EncounterReason, admitted: &str, discharged: &str) -> Encounter {
    Encounter {
        id,
        client_id: 1,
        kind,
        facility: "Synthetic General".into(),
        admitted_on: date(admitted),
        discharged_on: Some(date(discharged)),
        reason,
        created_by: "casey".into(),
        created_at: at(discharged),
    }
}

fn stay(discharged: &str) -> Encounter {
    encounter(10, EncounterKind::Inpatient, EncounterReason::Medical, "2026-10-01", discharged)
}

fn psychiatric(discharged: &str) -> Encounter {
    encounter(11, EncounterKind::Inpatient, EncounterReason::MentalHealth, "2026-10-01", discharged)
}

fn ed(day: &str, reason: EncounterReason) -> Encounter {
    encounter(12, EncounterKind::Ed, reason, day, day)
}

fn visit(kind: AppointmentKind, day: &str, status: AppointmentStatus) -> Appointment {
    Appointment {
        id: 0,
        client_id: 1,
        starts_at: at(day),
        minutes: 30,
        kind,
        with_whom: None,
        location: None,
        status,
        transport: Transport::NotNeeded,
        transport_details: None,
        notes: None,
        created_by: "casey".into(),
        created_at: at(day),
    }
}

fn done(kind: AppointmentKind, day: &str) -> Appointment {
    visit(kind, day, AppointmentStatus::Completed)
}

fn contact(day: &str) -> Note {
    Note {
        id: 0,
        client_id: 1,
        author: "casey".into(),
        contact_at: at(day),
        contact_type: ContactType::Phone,
        direction: Direction::Outbound,
        outcome: Outcome::Reached,
        minutes: 5,
        program: None,
        body: "Synthetic.".into(),
        addendum_of: None,
        created_at: at(day),
    }
}

fn reconciled(day: &str) -> Reconciliation {
    Reconciliation {
        id: 0,
        client_id: 1,
        reconciled_on: date(day),
        encounter_id: None,
        by: "casey".into(),
        notes: None,
        created_by: "casey".into(),
        created_at: at(day),
    }
}

fn screening(id: i64, instrument: Instrument, day: &str, score: u32, positives: Vec<Flag>) -> Assessment {
    Assessment {
        id,
        client_id: 1,
        instrument,
        taken_at: at(day),
        mode: Mode::Phone,
        answers: Vec::new(),
        score,
        band: Band::Moderate,
        positives,
        administered_by: "casey".into(),
        created_by: "casey".into(),
        created_at: at(day),
    }
}

fn referral(kind: ReferralKind, created: &str, sent: Option<&str>, status: ReferralStatus, changed: &str) -> Referral {
    Referral {
        id: 30,
        client_id: 1,
        to: "Synthetic pantry".into(),
        resource_id: None,
        kind,
        reason: "Synthetic.".into(),
        status,
        sent_on: sent.map(date),
        status_changed_on: date(changed),
        outcome: None,
        created_by: "casey".into(),
        created_at: at(created),
    }
}

fn records(risk: Risk) -> QualityRecords {
    QualityRecords { clients: vec![client(1, risk)], ..QualityRecords::default() }
}

/// November 2026, counted on 15 December (the period is over), no holidays.
fn november() -> Counting<'static> {
    Counting {
        period: Period { from: date("2026-11-01"), to: date("2026-11-30") },
        today: date("2026-12-15"),
        zone: Zone::UTC,
        holidays: &[],
    }
}

fn result(counting: &Counting<'_>, records: &QualityRecords, measure: Measure) -> MeasureResult {
    let all = measures(counting, records);
    assert_eq!(all.iter().map(|m| m.measure).collect::<Vec<_>>(), Measure::ALL, "every measure, in order");
    all.into_iter().find(|m| m.measure == measure).expect("measure")
}

/// The one event's outcome of `measure`.
fn outcome(counting: &Counting<'_>, records: &QualityRecords, measure: Measure) -> EventOutcome {
    let result = result(counting, records, measure);
    assert_eq!(result.events.len(), 1, "{measure}: {result:?}");
    result.events[0].outcome
}

use EventOutcome::{Met, Missed, Pending};

#[test]
fn fuh_does_not_count_the_discharge_day_and_counts_day_7() {
    let c = november();
    let check = |visit_on: &str, seven: EventOutcome, thirty: EventOutcome| {
        let mut r = records(Risk::Low);
        r.encounters = vec![psychiatric("2026-11-10")];
        r.appointments = vec![done(AppointmentKind::Therapy, visit_on)];
        assert_eq!(outcome(&c, &r, Measure::Fuh7), seven, "fuh_7 with a visit on {visit_on}");
        assert_eq!(outcome(&c, &r, Measure::Fuh30), thirty, "fuh_30 with a visit on {visit_on}");
    };
    check("2026-11-10", Missed, Pending);
    check("2026-11-11", Met, Met);
    check("2026-11-17", Met, Met);
    check("2026-11-18", Missed, Met);
    check("2026-12-10", Missed, Met);
    check("2026-12-11", Missed, Pending);
    // A 30-day window still open on 30 November: pending, not missed, whatever came later.
}

#[test]
fn fuh_needs_a_psychiatric_inpatient_stay_and_a_completed_visit_of_the_kinds() {
    let c = november();
    let mut r = records(Risk::Low);
    r.encounters = vec![
        stay("2026-11-10"),
        encounter(13, EncounterKind::Observation, EncounterReason::SelfHarm, "2026-11-01", "2026-11-02"),
    ];
    assert_eq!(result(&c, &r, Measure::Fuh7).denominator, 0, "medical stays and observation are no FUH event");
    r.encounters = vec![encounter(14, EncounterKind::Inpatient, EncounterReason::SelfHarm, "2026-11-01", "2026-11-10")];
    r.appointments = vec![
        visit(AppointmentKind::Therapy, "2026-11-12", AppointmentStatus::Scheduled),
        visit(AppointmentKind::Pcp, "2026-11-12", AppointmentStatus::NoShow),
        done(AppointmentKind::Lab, "2026-11-12"),
    ];
    assert_eq!(outcome(&c, &r, Measure::Fuh7), Missed, "not completed, or not a follow-up kind");
    r.appointments.push(done(AppointmentKind::Telehealth, "2026-11-12"));
    assert_eq!(outcome(&c, &r, Measure::Fuh7), Met);
}

#[test]
fn fum_and_fua_count_the_ed_day_itself() {
    let c = november();
    for (reason, seven, thirty) in [
        (EncounterReason::MentalHealth, Measure::Fum7, Measure::Fum30),
        (EncounterReason::SelfHarm, Measure::Fum7, Measure::Fum30),
        (EncounterReason::SubstanceUse, Measure::Fua7, Measure::Fua30),
    ] {
        let mut r = records(Risk::Low);
        r.encounters = vec![ed("2026-11-05", reason)];
        r.appointments = vec![done(AppointmentKind::HomeVisit, "2026-11-05")];
        assert_eq!((outcome(&c, &r, seven), outcome(&c, &r, thirty)), (Met, Met), "{reason} on the ED day");
        r.appointments = vec![done(AppointmentKind::Specialist, "2026-11-12")];
        assert_eq!((outcome(&c, &r, seven), outcome(&c, &r, thirty)), (Met, Met), "{reason} on day 7");
        r.appointments = vec![done(AppointmentKind::Specialist, "2026-11-13")];
        assert_eq!((outcome(&c, &r, seven), outcome(&c, &r, thirty)), (Missed, Met), "{reason} on day 8");
        r.appointments = vec![done(AppointmentKind::Specialist, "2026-12-05")];
        assert_eq!(outcome(&c, &r, thirty), Met, "{reason} on day 30");
    }
    let mut r = records(Risk::Low);
    r.encounters = vec![ed("2026-11-05", EncounterReason::Medical)];
    let all = measures(&c, &r);
    assert!(all.iter().all(|m| m.denominator == 0), "a medical ED visit is no event: {all:?}");
}

#[test]
fn med_reconciliation_counts_the_discharge_day_to_day_30() {
    let c = Counting { period: Period { from: date("2026-10-01"), to: date("2026-11-30") }, ..november() };
    for (day, expected) in [
        ("2026-10-09", Missed),
        ("2026-10-10", Met),
        ("2026-11-09", Met),
        ("2026-11-10", Missed),
        ("2026-12-01", Missed),
    ] {
        let mut r = records(Risk::Low);
        r.encounters = vec![stay("2026-10-10")];
        r.reconciliations = vec![reconciled(day)];
        assert_eq!(outcome(&c, &r, Measure::MedReconciliation), expected, "reconciled on {day}");
    }
}

#[test]
fn an_unmet_event_with_its_window_open_at_the_end_of_the_period_or_today_is_pending() {
    // The period is over: its last day decides.
    let c = november();
    let mut r = records(Risk::Low);
    r.encounters = vec![psychiatric("2026-11-22")];
    assert_eq!(outcome(&c, &r, Measure::Fuh7), Missed, "the window closed on 29 November");
    r.encounters = vec![psychiatric("2026-11-23")];
    assert_eq!(outcome(&c, &r, Measure::Fuh7), Pending, "the window is open on the period's last day");
    // The period runs on past today: today decides.
    let early = Counting { today: date("2026-11-20"), ..november() };
    r.encounters = vec![psychiatric("2026-11-12")];
    assert_eq!(outcome(&early, &r, Measure::Fuh7), Missed, "closed on 19 November, before today");
    r.encounters = vec![psychiatric("2026-11-13")];
    assert_eq!(outcome(&early, &r, Measure::Fuh7), Pending, "open today");
    // Met counts even while the window is open; pending leaves the rate.
    r.appointments = vec![done(AppointmentKind::Therapy, "2026-11-14")];
    let met = result(&early, &r, Measure::Fuh7);
    assert_eq!((met.denominator, met.numerator, met.pending, met.rate), (1, 1, 0, Some(1.0)));
    r.appointments.clear();
    let pending = result(&early, &r, Measure::Fuh7);
    assert_eq!((pending.denominator, pending.numerator, pending.pending, pending.rate), (1, 0, 1, None));
    assert!(pending.missed.is_empty());
}

#[test]
fn events_outside_the_period_are_not_counted() {
    let c = november();
    let mut r = records(Risk::Low);
    r.encounters = vec![stay("2026-10-31"), stay("2026-12-01")];
    assert!(measures(&c, &r).iter().all(|m| m.denominator == 0));
    r.clients.clear();
    r.encounters = vec![stay("2026-11-05")];
    assert!(measures(&c, &r).iter().all(|m| m.denominator == 0), "another caseload's client");
}

#[test]
fn tcm_contact_counts_business_days_across_a_holiday() {
    // Wednesday 25 November; Thursday 26 is Thanksgiving.
    let thanksgiving = [date("2026-11-26")];
    let with_holiday = Counting { holidays: &thanksgiving, ..november() };
    let mut r = records(Risk::Low);
    r.encounters = vec![stay("2026-11-25")];
    r.notes = vec![contact("2026-11-30")];
    assert_eq!(outcome(&with_holiday, &r, Measure::TcmContact), Met, "Friday and Monday are the two business days");
    assert_eq!(outcome(&november(), &r, Measure::TcmContact), Missed, "without the holiday Friday was the last day");
    r.notes = vec![contact("2026-11-25")];
    assert_eq!(outcome(&november(), &r, Measure::TcmContact), Met, "the discharge day counts");
    let mut voicemail = contact("2026-11-26");
    voicemail.outcome = Outcome::Voicemail;
    r.notes = vec![voicemail];
    assert_eq!(outcome(&november(), &r, Measure::TcmContact), Missed, "a voicemail is no contact");
}

#[test]
fn tcm_visit_is_due_in_7_days_for_high_risk_and_14_otherwise() {
    let c = november();
    for (risk, day, expected) in [
        (Risk::High, "2026-11-12", Met),
        (Risk::High, "2026-11-13", Missed),
        (Risk::Medium, "2026-11-19", Met),
        (Risk::Medium, "2026-11-20", Missed),
    ] {
        let mut r = records(risk);
        r.encounters = vec![stay("2026-11-05")];
        r.appointments = vec![done(AppointmentKind::Pcp, day), done(AppointmentKind::Therapy, "2026-11-06")];
        assert_eq!(outcome(&c, &r, Measure::TcmVisit), expected, "{risk} risk, visit on {day}");
    }
}

#[test]
fn sdoh_referral_needs_a_referral_of_each_need_within_30_days() {
    let c = Counting { period: Period { from: date("2026-10-01"), to: date("2026-11-30") }, ..november() };
    let mut r = records(Risk::Low);
    r.assessments =
        vec![screening(20, Instrument::Hrsn, "2026-10-05", 3, vec![Flag::Food, Flag::Housing, Flag::Safety])];
    let sent = |kind, created| referral(kind, created, None, ReferralStatus::Draft, created);
    r.referrals = vec![sent(ReferralKind::Food, "2026-10-05")];
    assert_eq!(outcome(&c, &r, Measure::SdohReferral), Missed, "housing was never referred");
    r.referrals.push(sent(ReferralKind::Housing, "2026-11-04"));
    assert_eq!(outcome(&c, &r, Measure::SdohReferral), Met, "day 30 counts");
    r.referrals[1] = sent(ReferralKind::Housing, "2026-11-05");
    assert_eq!(outcome(&c, &r, Measure::SdohReferral), Missed, "day 31 is late");
    r.assessments = vec![screening(21, Instrument::Hrsn, "2026-10-05", 3, vec![Flag::Safety])];
    assert_eq!(result(&c, &r, Measure::SdohReferral).denominator, 0, "safety alone is not a social need here");
}

#[test]
fn phq9_followup_is_another_phq9_120_to_240_days_later() {
    let june = Counting { period: Period { from: date("2026-06-01"), to: date("2026-06-30") }, ..november() };
    for (later, expected) in
        [("2026-09-28", Pending), ("2026-09-29", Met), ("2027-01-27", Met), ("2027-01-28", Pending)]
    {
        let mut r = records(Risk::Low);
        r.assessments = vec![
            screening(20, Instrument::Phq9, "2026-06-01", 12, vec![]),
            screening(21, Instrument::Phq9, later, 4, vec![]),
        ];
        // The window runs past the period's end, so an unmet event is pending.
        assert_eq!(outcome(&june, &r, Measure::Phq9Followup), expected, "PHQ-9 again on {later}");
    }
    let mut r = records(Risk::Low);
    r.assessments = vec![
        screening(20, Instrument::Phq9, "2026-06-01", 9, vec![]),
        screening(22, Instrument::Gad7, "2026-06-02", 15, vec![]),
    ];
    assert_eq!(result(&june, &r, Measure::Phq9Followup).denominator, 0, "a 9, and other instruments, are no event");
}

#[test]
fn referral_loop_closes_within_30_days_of_sending() {
    let c = Counting { period: Period { from: date("2026-10-01"), to: date("2026-11-30") }, ..november() };
    for (status, changed, expected) in [
        (ReferralStatus::Completed, "2026-10-31", Met),
        (ReferralStatus::Declined, "2026-10-02", Met),
        (ReferralStatus::NoResponse, "2026-10-20", Met),
        (ReferralStatus::Completed, "2026-11-01", Missed),
        (ReferralStatus::Scheduled, "2026-10-10", Missed),
    ] {
        let mut r = records(Risk::Low);
        r.referrals = vec![referral(ReferralKind::Medical, "2026-09-30", Some("2026-10-01"), status, changed)];
        assert_eq!(outcome(&c, &r, Measure::ReferralLoop), expected, "{status} on {changed}");
    }
    let mut r = records(Risk::Low);
    r.referrals = vec![referral(ReferralKind::Medical, "2026-10-01", None, ReferralStatus::Draft, "2026-10-01")];
    assert_eq!(result(&c, &r, Measure::ReferralLoop).denominator, 0, "a draft was never sent");
}

#[test]
fn the_rate_leaves_pending_events_out_and_names_each_missed_client_once() {
    let c = november();
    let mut r = records(Risk::Low);
    r.clients.push(client(2, Risk::Low));
    let mut other = stay("2026-11-03");
    other.client_id = 2;
    let mut again = stay("2026-11-06");
    again.client_id = 2;
    r.encounters = vec![stay("2026-11-02"), other, again, stay("2026-11-29")];
    r.reconciliations = vec![reconciled("2026-11-04")];
    let m = result(&c, &r, Measure::MedReconciliation);
    assert_eq!((m.denominator, m.numerator, m.pending), (4, 1, 3), "{m:?}");
    let m = result(&c, &r, Measure::TcmContact);
    assert_eq!((m.denominator, m.numerator, m.pending, m.rate), (4, 0, 1, Some(0.0)));
    assert_eq!(m.missed, [1, 2]);
    assert_eq!(m.in_words(), "0 of 3 met (0%), 1 pending");
    r.notes = vec![contact("2026-11-02")];
    let m = result(&c, &r, Measure::TcmContact);
    assert_eq!(m.rate, Some(0.3333));
    assert_eq!(m.in_words(), "1 of 3 met (33%), 1 pending");
    assert_eq!(result(&c, &r, Measure::Fua7).in_words(), "no events");
}

#[test]
fn this_month_runs_from_the_first_to_today_and_last_month_is_the_whole_month_before() {
    assert_eq!(Period::month_to_date(date("2026-12-02")), Period { from: date("2026-12-01"), to: date("2026-12-02") });
    assert_eq!(Period::month_to_date(date("2026-12-01")), Period { from: date("2026-12-01"), to: date("2026-12-01") });
    assert_eq!(Period::last_month(date("2026-12-02")), Period { from: date("2026-11-01"), to: date("2026-11-30") });
    // Across a year and into a leap February.
    assert_eq!(Period::last_month(date("2027-01-31")), Period { from: date("2026-12-01"), to: date("2026-12-31") });
    assert_eq!(Period::last_month(date("2028-03-01")), Period { from: date("2028-02-01"), to: date("2028-02-29") });
}

#[test]
fn every_measure_has_a_short_name_and_what_meets_it() {
    for measure in Measure::ALL {
        assert!(!measure.short_name().is_empty() && !measure.evidence().is_empty(), "{measure}");
    }
    assert_eq!(Measure::Fuh7.short_name(), "FUH 7 days");
}
