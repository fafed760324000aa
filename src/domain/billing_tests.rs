use chrono::{DateTime, NaiveDate, Utc};

use super::*;
use crate::domain::appointment::{AppointmentKind, Transport};
use crate::domain::encounter::{EncounterKind, EncounterReason};
use crate::domain::note::Direction;
use crate::domain::program::ConsentMethod;
use crate::domain::time::zones::chicago;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).expect("instant").with_timezone(&Utc)
}

fn date(text: &str) -> NaiveDate {
    text.parse().expect("date")
}

fn november() -> Month {
    Month::containing(date("2026-11-01"), chicago())
}

fn today() -> NaiveDate {
    date("2026-12-15")
}

fn codes(list: &[(&'static str, u32)]) -> Vec<CodeUnits> {
    list.iter().map(|&(code, units)| CodeUnits { code, units }).collect()
}

/// The codes `minutes` make in a month, or how many minutes are missing.
fn billed(program: Program, minutes: u32, first_month: bool) -> Result<Vec<CodeUnits>, u32> {
    Schedule::of(program, first_month, &BillingRules::default()).expect("time-based").codes(minutes)
}

/// Minutes, and the codes they make (or how many minutes are missing).
type Case<'a> = (u32, Result<&'a [(&'static str, u32)], u32>);

fn check(program: Program, first_month: bool, cases: &[Case<'_>]) {
    for (minutes, expected) in cases {
        let expected = expected.map(codes);
        assert_eq!(billed(program, *minutes, first_month), expected, "{program} at {minutes} min");
    }
}

#[test]
fn ccm_boundaries() {
    check(
        Program::Ccm,
        false,
        &[
            (19, Err(1)),
            (20, Ok(&[("99490", 1)])),
            (39, Ok(&[("99490", 1)])),
            (40, Ok(&[("99490", 1), ("99439", 1)])),
            (59, Ok(&[("99490", 1), ("99439", 1)])),
            (60, Ok(&[("99490", 1), ("99439", 2)])),
            (79, Ok(&[("99490", 1), ("99439", 2)])),
            (80, Ok(&[("99490", 1), ("99439", 2)])),
        ],
    );
}

#[test]
fn pcm_boundaries() {
    check(
        Program::Pcm,
        false,
        &[
            (29, Err(1)),
            (30, Ok(&[("99426", 1)])),
            (59, Ok(&[("99426", 1)])),
            (60, Ok(&[("99426", 1), ("99427", 1)])),
            (90, Ok(&[("99426", 1), ("99427", 2)])),
        ],
    );
}

#[test]
fn bhi_boundaries() {
    check(Program::Bhi, false, &[(19, Err(1)), (20, Ok(&[("99484", 1)])), (80, Ok(&[("99484", 1)]))]);
}

#[test]
fn cocm_boundaries_in_the_first_month_and_later() {
    check(
        Program::Cocm,
        true,
        &[
            (35, Err(1)),
            (36, Ok(&[("99492", 1)])),
            (85, Ok(&[("99492", 1)])),
            (86, Ok(&[("99492", 1), ("99494", 1)])),
            (101, Ok(&[("99492", 1), ("99494", 1)])),
            (115, Ok(&[("99492", 1), ("99494", 1)])),
            (116, Ok(&[("99492", 1), ("99494", 2)])),
        ],
    );
    check(
        Program::Cocm,
        false,
        &[(30, Err(1)), (31, Ok(&[("99493", 1)])), (75, Ok(&[("99493", 1)])), (76, Ok(&[("99493", 1), ("99494", 1)]))],
    );
}

#[test]
fn chi_and_pin_boundaries() {
    for (program, first, add_on) in [(Program::Chi, "G0019", "G0022"), (Program::Pin, "G0023", "G0024")] {
        check(
            program,
            false,
            &[
                (59, Err(1)),
                (60, Ok(&[(first, 1)])),
                (89, Ok(&[(first, 1)])),
                (90, Ok(&[(first, 1), (add_on, 1)])),
                (120, Ok(&[(first, 1), (add_on, 2)])),
            ],
        );
    }
}

#[test]
fn rpm_boundaries_with_99470_from_10_minutes() {
    check(
        Program::Rpm,
        false,
        &[
            (9, Err(1)),
            (10, Ok(&[("99470", 1)])),
            (19, Ok(&[("99470", 1)])),
            (20, Ok(&[("99457", 1)])),
            (39, Ok(&[("99457", 1)])),
            (40, Ok(&[("99457", 1), ("99458", 1)])),
        ],
    );
}

#[test]
fn thresholds_come_from_the_rules() {
    let rules = BillingRules { ccm_minutes: 30, ..BillingRules::default() };
    let schedule = Schedule::of(Program::Ccm, false, &rules).expect("ccm");
    assert_eq!(schedule.codes(29), Err(1));
    assert_eq!(schedule.codes(50), Ok(codes(&[("99490", 1), ("99439", 1)])));
}

#[test]
fn the_next_threshold_for_the_screen() {
    let rules = BillingRules::default();
    assert_eq!(next_threshold(Program::Ccm, 14, false, &rules), Some(20));
    assert_eq!(next_threshold(Program::Ccm, 20, false, &rules), Some(40));
    assert_eq!(next_threshold(Program::Ccm, 60, false, &rules), None, "two 99439 at most");
    assert_eq!(next_threshold(Program::Rpm, 5, false, &rules), Some(10));
    assert_eq!(next_threshold(Program::Rpm, 10, false, &rules), Some(20));
    assert_eq!(next_threshold(Program::Cocm, 40, true, &rules), Some(86));
    assert_eq!(next_threshold(Program::Apcm, 0, false, &rules), None);
    let shown = Progress { program: Program::Ccm, minutes: 14, next: Some(20) };
    assert_eq!(shown.to_string(), "CCM 14/20 min");
}

// The ledger over records.

fn client(id: i64) -> Client {
    let mut client = Client::new("Ada", &format!("Test{id}"), "casey", date("2025-01-01"), at("2025-01-01T00:00:00Z"));
    client.id = id;
    client
}

fn enrolled(client_id: i64, program: Program, practitioner: &str) -> Enrollment {
    Enrollment {
        id: client_id * 100 + program as i64,
        practitioner: Some(practitioner.into()),
        consent_on: Some(date("2026-01-05")),
        consent_method: Some(ConsentMethod::Verbal),
        ..Enrollment::new(client_id, program, date("2026-01-05"))
    }
}

fn note(client_id: i64, program: Program, contact_at: &str, minutes: u32) -> Note {
    Note {
        id: 0,
        client_id,
        author: "casey".into(),
        contact_at: at(contact_at),
        contact_type: ContactType::ChartReview,
        direction: Direction::Outbound,
        outcome: Outcome::NotApplicable,
        minutes,
        program: Some(program),
        body: "Synthetic.".into(),
        addendum_of: None,
        created_at: at(contact_at),
    }
}

fn run(records: &BillingRecords) -> Vec<BillingRow> {
    ledger(&november(), records, &BillingRules::default(), &[], today())
}

fn one(records: &BillingRecords) -> BillingRow {
    let rows = run(records);
    assert_eq!(rows.len(), 1, "{rows:?}");
    rows[0].clone()
}

fn records(enrollments: Vec<Enrollment>, notes: Vec<Note>) -> BillingRecords {
    BillingRecords { clients: vec![client(1)], enrollments, notes, ..BillingRecords::default() }
}

#[test]
fn a_month_of_ccm_minutes_becomes_a_row() {
    let row = one(&records(
        vec![enrolled(1, Program::Ccm, "Dr. Lee")],
        vec![note(1, Program::Ccm, "2026-11-03T15:00:00Z", 25), note(1, Program::Ccm, "2026-11-20T15:00:00Z", 20)],
    ));
    assert_eq!(
        row,
        BillingRow {
            client_id: 1,
            client_name: "Test1, Ada".into(),
            program: Program::Ccm,
            practitioner: Some("Dr. Lee".into()),
            month: "2026-11".into(),
            minutes: 45,
            codes: codes(&[("99490", 1), ("99439", 1)]),
            status: BillingStatus::Billable,
            reason: None,
        }
    );
}

#[test]
fn short_rows_say_how_many_minutes_are_missing() {
    let row = one(&records(
        vec![enrolled(1, Program::Ccm, "Dr. Lee")],
        vec![note(1, Program::Ccm, "2026-11-03T15:00:00Z", 14)],
    ));
    assert_eq!((row.status, row.minutes, row.codes.len()), (BillingStatus::Short, 14, 0));
    assert_eq!(row.reason.as_deref(), Some("6 more minutes needed for 99490 (20 min)"));
}

#[test]
fn minutes_count_for_their_own_program_only() {
    let rows = run(&records(
        vec![enrolled(1, Program::Ccm, "Dr. Lee"), enrolled(1, Program::Bhi, "Dr. Lee")],
        vec![
            note(1, Program::Ccm, "2026-11-03T15:00:00Z", 20),
            note(1, Program::Bhi, "2026-11-04T15:00:00Z", 5),
            // A note of no program counts for none.
            Note { program: None, ..note(1, Program::Ccm, "2026-11-05T15:00:00Z", 30) },
        ],
    ));
    let of = |program| rows.iter().find(|r| r.program == program).expect("row");
    assert_eq!((of(Program::Ccm).minutes, of(Program::Ccm).status), (20, BillingStatus::Billable));
    assert_eq!((of(Program::Bhi).minutes, of(Program::Bhi).status), (5, BillingStatus::Short));
}

#[test]
fn a_note_at_23_30_local_on_the_last_day_counts_for_that_month() {
    let notes = vec![
        // 23:30 on 30 November in Chicago (05:30 UTC on 1 December).
        note(1, Program::Ccm, "2026-12-01T05:30:00Z", 20),
        // 23:30 on 31 October in Chicago (04:30 UTC on 1 November): October's.
        note(1, Program::Ccm, "2026-11-01T04:30:00Z", 30),
    ];
    let row = one(&records(vec![enrolled(1, Program::Ccm, "Dr. Lee")], notes));
    assert_eq!((row.minutes, row.status), (20, BillingStatus::Billable));
}

#[test]
fn consent_before_or_on_the_service_date_bills_and_after_it_does_not() {
    let service = "2026-11-10T15:00:00Z";
    for (consent_on, status) in [
        (Some("2026-11-09"), BillingStatus::Billable),
        (Some("2026-11-10"), BillingStatus::Billable),
        (Some("2026-11-11"), BillingStatus::NoConsent),
        (None, BillingStatus::NoConsent),
    ] {
        let mut enrollment = enrolled(1, Program::Ccm, "Dr. Lee");
        enrollment.consent_on = consent_on.map(date);
        enrollment.consent_method = consent_on.map(|_| ConsentMethod::Written);
        let row = one(&records(vec![enrollment], vec![note(1, Program::Ccm, service, 30)]));
        assert_eq!(row.status, status, "consent on {consent_on:?}");
        if status == BillingStatus::NoConsent {
            assert!(row.codes.is_empty() && row.reason.is_some(), "{row:?}");
        }
    }
}

#[test]
fn rpm_needs_an_interactive_contact() {
    let enrollment = vec![enrolled(1, Program::Rpm, "Dr. Lee")];
    let without = one(&records(enrollment.clone(), vec![note(1, Program::Rpm, "2026-11-03T15:00:00Z", 25)]));
    assert_eq!(without.status, BillingStatus::Short);
    assert!(without.reason.as_deref().is_some_and(|r| r.contains("phone or video")), "{without:?}");
    let call = Note {
        contact_type: ContactType::Video,
        outcome: Outcome::Reached,
        ..note(1, Program::Rpm, "2026-11-04T15:00:00Z", 0)
    };
    let with = one(&records(enrollment.clone(), vec![note(1, Program::Rpm, "2026-11-03T15:00:00Z", 25), call.clone()]));
    assert_eq!((with.status, with.codes), (BillingStatus::Billable, codes(&[("99457", 1)])));
    let ten = one(&records(enrollment, vec![note(1, Program::Rpm, "2026-11-03T15:00:00Z", 10), call]));
    assert_eq!((ten.status, ten.codes), (BillingStatus::Billable, codes(&[("99470", 1)])));
}

#[test]
fn cocm_bills_the_first_month_of_its_enrollment_differently() {
    let mut first = enrolled(1, Program::Cocm, "Dr. Lee");
    first.started_on = date("2026-11-02");
    first.consent_on = Some(date("2026-11-02"));
    let row = one(&records(vec![first], vec![note(1, Program::Cocm, "2026-11-03T15:00:00Z", 36)]));
    assert_eq!(row.codes, codes(&[("99492", 1)]));
    let row = one(&records(
        vec![enrolled(1, Program::Cocm, "Dr. Lee")],
        vec![note(1, Program::Cocm, "2026-11-03T15:00:00Z", 36)],
    ));
    assert_eq!(row.codes, codes(&[("99493", 1)]));
}

#[test]
fn pcm_gives_way_to_ccm_by_the_same_practitioner_only() {
    let notes =
        vec![note(1, Program::Ccm, "2026-11-03T15:00:00Z", 20), note(1, Program::Pcm, "2026-11-04T15:00:00Z", 30)];
    let rows =
        run(&records(vec![enrolled(1, Program::Ccm, "Dr. Lee"), enrolled(1, Program::Pcm, "Dr. Lee")], notes.clone()));
    let pcm = rows.iter().find(|r| r.program == Program::Pcm).expect("pcm");
    assert_eq!((pcm.status, pcm.codes.len()), (BillingStatus::Excluded, 0));
    assert_eq!(pcm.reason.as_deref(), Some("CCM is billed by the same practitioner this month"));
    let rows =
        run(&records(vec![enrolled(1, Program::Ccm, "Dr. Lee"), enrolled(1, Program::Pcm, "Dr. Ray")], notes.clone()));
    assert!(rows.iter().all(|r| r.status == BillingStatus::Billable), "{rows:?}");
    // A CCM month that is not billable leaves PCM billable.
    let short = vec![note(1, Program::Ccm, "2026-11-03T15:00:00Z", 5), notes[1].clone()];
    let rows = run(&records(vec![enrolled(1, Program::Ccm, "Dr. Lee"), enrolled(1, Program::Pcm, "Dr. Lee")], short));
    let pcm = rows.iter().find(|r| r.program == Program::Pcm).expect("pcm");
    assert_eq!(pcm.status, BillingStatus::Billable);
}

#[test]
fn bhi_gives_way_to_cocm_whoever_bills_it() {
    let rows = run(&records(
        vec![enrolled(1, Program::Bhi, "Dr. Lee"), enrolled(1, Program::Cocm, "Dr. Ray")],
        vec![note(1, Program::Bhi, "2026-11-03T15:00:00Z", 20), note(1, Program::Cocm, "2026-11-04T15:00:00Z", 40)],
    ));
    let bhi = rows.iter().find(|r| r.program == Program::Bhi).expect("bhi");
    assert_eq!((bhi.status, bhi.reason.as_deref()), (BillingStatus::Excluded, Some("CoCM is billed this month")));
}

#[test]
fn apcm_bills_by_problems_and_payer_and_pushes_out_ccm_pcm_and_tcm() {
    let mut records = records(
        vec![enrolled(1, Program::Apcm, "Dr. Lee"), enrolled(1, Program::Ccm, "Dr. Lee")],
        vec![note(1, Program::Ccm, "2026-11-03T15:00:00Z", 25)],
    );
    let apcm = |records: &BillingRecords| run(records).into_iter().find(|r| r.program == Program::Apcm).expect("apcm");
    assert_eq!(apcm(&records).codes, codes(&[("G0556", 1)]));
    records.problems.insert(1, 2);
    assert_eq!(apcm(&records).codes, codes(&[("G0557", 1)]));
    records.clients[0].payer = Some("qmb".into());
    assert_eq!(apcm(&records).codes, codes(&[("G0558", 1)]));
    let rows = run(&records);
    let ccm = rows.iter().find(|r| r.program == Program::Ccm).expect("ccm");
    assert_eq!(
        (ccm.status, ccm.reason.as_deref()),
        (BillingStatus::Excluded, Some("APCM is billed by the same practitioner this month"))
    );
    // Another practitioner's APCM leaves CCM alone.
    records.enrollments[0].practitioner = Some("Dr. Ray".into());
    assert!(run(&records).iter().all(|r| r.status == BillingStatus::Billable));
}

fn tcm_records(risk: Risk, contact_on: Option<&str>, visit_on: Option<&str>) -> BillingRecords {
    let mut client = client(1);
    client.risk = risk;
    let encounter = Encounter {
        id: 5,
        client_id: 1,
        kind: EncounterKind::Inpatient,
        facility: "General Hospital".into(),
        admitted_on: date("2026-11-01"),
        discharged_on: Some(date("2026-11-05")),
        reason: EncounterReason::Medical,
        created_by: "casey".into(),
        created_at: at("2026-11-05T15:00:00Z"),
    };
    let notes = contact_on
        .map(|on| Note {
            contact_type: ContactType::Phone,
            outcome: Outcome::Reached,
            ..note(1, Program::Ccm, &format!("{on}T15:00:00Z"), 10)
        })
        .into_iter()
        .collect();
    let appointments = visit_on
        .map(|on| Appointment {
            id: 0,
            client_id: 1,
            starts_at: at(&format!("{on}T15:00:00Z")),
            minutes: 30,
            kind: AppointmentKind::Pcp,
            with_whom: None,
            location: None,
            status: AppointmentStatus::Completed,
            transport: Transport::NotNeeded,
            transport_details: None,
            notes: None,
            created_by: "casey".into(),
            created_at: at("2026-11-01T00:00:00Z"),
        })
        .into_iter()
        .collect();
    BillingRecords {
        clients: vec![client],
        enrollments: vec![Enrollment {
            consent_on: None,
            consent_method: None,
            ..enrolled(1, Program::Tcm, "Dr. Lee")
        }],
        encounters: vec![encounter],
        notes,
        appointments,
        ..BillingRecords::default()
    }
}

#[test]
fn tcm_rows_per_discharge() {
    // Thursday 5 November: two business days end on Monday the 9th.
    let row = one(&tcm_records(Risk::High, Some("2026-11-09"), Some("2026-11-12")));
    assert_eq!((row.status, row.codes.clone()), (BillingStatus::Billable, codes(&[("99496", 1)])), "{row:?}");
    let row = one(&tcm_records(Risk::High, Some("2026-11-09"), Some("2026-11-13")));
    assert_eq!(row.codes, codes(&[("99495", 1)]), "a visit after 7 days is 99495");
    let row = one(&tcm_records(Risk::Low, Some("2026-11-06"), Some("2026-11-19")));
    assert_eq!(row.codes, codes(&[("99495", 1)]));
    let row = one(&tcm_records(Risk::Low, Some("2026-11-10"), Some("2026-11-12")));
    assert_eq!(
        (row.status, row.reason.as_deref()),
        (BillingStatus::Missed, Some("discharge on 2026-11-05: no contact by 2026-11-09"))
    );
    let row = one(&tcm_records(Risk::Low, Some("2026-11-06"), Some("2026-11-20")));
    assert_eq!(row.status, BillingStatus::Missed, "a visit after 14 days");
    // While the window is open, the row waits.
    let row = ledger(
        &november(),
        &tcm_records(Risk::Low, Some("2026-11-06"), None),
        &BillingRules::default(),
        &[],
        date("2026-11-12"),
    );
    assert_eq!(
        (row[0].status, row[0].reason.as_deref()),
        (BillingStatus::Pending, Some("discharge on 2026-11-05: visit due by 2026-11-19"))
    );
    // TCM gives way to APCM by the same practitioner.
    let mut records = tcm_records(Risk::High, Some("2026-11-09"), Some("2026-11-12"));
    records.enrollments.push(enrolled(1, Program::Apcm, "Dr. Lee"));
    let rows = run(&records);
    let tcm = rows.iter().find(|r| r.program == Program::Tcm).expect("tcm");
    assert_eq!(tcm.status, BillingStatus::Excluded);
}

#[test]
fn the_tcm_window_reaches_past_the_month_for_its_last_discharges() {
    let rules = BillingRules::default();
    assert_eq!(tcm_window_end(&november(), &rules, &[]), date("2026-12-14"));
}

#[test]
fn enrollments_outside_the_month_and_general_make_no_rows() {
    let mut ended = enrolled(1, Program::Ccm, "Dr. Lee");
    ended.ended_on = Some(date("2026-10-31"));
    ended.end_reason = Some("moved".into());
    let rows = run(&records(vec![ended, enrolled(1, Program::General, "Dr. Lee")], vec![]));
    assert!(rows.is_empty(), "{rows:?}");
}

#[test]
fn totals_count_billable_codes() {
    let rows = run(&BillingRecords {
        clients: vec![client(1), client(2)],
        enrollments: vec![
            enrolled(1, Program::Ccm, "Dr. Lee"),
            enrolled(2, Program::Ccm, "Dr. Lee"),
            enrolled(2, Program::Bhi, "Dr. Lee"),
        ],
        notes: vec![
            note(1, Program::Ccm, "2026-11-03T15:00:00Z", 45),
            note(2, Program::Ccm, "2026-11-03T15:00:00Z", 65),
            note(2, Program::Bhi, "2026-11-03T15:00:00Z", 5),
        ],
        ..BillingRecords::default()
    });
    assert_eq!(totals(&rows), codes(&[("99439", 3), ("99490", 2)]));
}

#[test]
fn progress_shows_each_time_based_enrollment_against_its_next_threshold() {
    let enrollments = vec![
        enrolled(1, Program::Ccm, "Dr. Lee"),
        enrolled(1, Program::Bhi, "Dr. Lee"),
        enrolled(1, Program::Apcm, "Dr. Lee"),
    ];
    let notes =
        vec![note(1, Program::Ccm, "2026-11-03T15:00:00Z", 14), note(1, Program::Bhi, "2026-11-04T15:00:00Z", 5)];
    let shown: Vec<String> =
        progress(&november(), &enrollments, &notes, &BillingRules::default()).iter().map(ToString::to_string).collect();
    assert_eq!(shown, vec!["CCM 14/20 min", "BHI 5/20 min"]);
}
