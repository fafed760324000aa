//! `caseload agenda --format ics`: an RFC 5545 calendar a calendar program
//! reads back, with clients by initials unless --full-names.

mod common;

use caseload::domain::client::Risk;
use common::Env;
use icalendar::{CalendarDateTime, Component, DatePerhapsTime, EventLike};

fn utc(value: Option<DatePerhapsTime>) -> String {
    match value {
        Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(at))) => at.to_rfc3339(),
        other => panic!("expected a UTC date-time, got {other:?}"),
    }
}

fn add_appointment(env: &Env, client: i64, at: &str, with: &str) -> i64 {
    let args = ["appt", "add", &client.to_string(), "--at", at, "--minutes", "45", "--with", with];
    let out = env.ok(&[&args[..], &["--location", "Main St Clinic, Suite 4; 2nd floor"]].concat());
    out.trim().parse().expect("appointment id")
}

#[test]
fn the_agenda_exports_as_a_calendar_that_parses_back() {
    let env = Env::new();
    let ada = env.add_client("Ada", "Quillfeather", Risk::High);
    let ben = env.add_client("Benedikt", "Østergård", Risk::Low);
    let first = add_appointment(&env, ada, "2026-11-24T10:30", "Dr. Lee");
    let long_name = "Dr. Ångström-Papadopoulou, Cardiology and Interventional Electrophysiology";
    let second = add_appointment(&env, ben, "2026-11-25 14:00", long_name);
    env.ok(&["appt", "set", &second.to_string(), "--status", "confirmed"]);

    let text = env.ok(&["agenda", "--days", "7", "--format", "ics"]);
    assert!(text.contains("\r\n"), "CRLF line endings");
    assert!(!text.replace("\r\n", "").contains('\n'), "no bare LF");
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "line longer than 75 octets: {line:?}");
    }
    for secret in ["Quillfeather", "Ada", "Benedikt", "Østergård"] {
        assert!(!text.contains(secret), "{secret} appears without --full-names");
    }

    let calendar: icalendar::Calendar = text.parse().expect("the parser accepts the calendar");
    let events: Vec<_> = calendar.events().collect();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].get_uid(), Some(format!("appointment-{first}@caseload").as_str()));
    assert_eq!(events[1].get_uid(), Some(format!("appointment-{second}@caseload").as_str()));
    // 10:30 in Chicago on 24 November is 16:30 UTC; 45 minutes long.
    assert_eq!(utc(events[0].get_start()), "2026-11-24T16:30:00+00:00");
    assert_eq!(utc(events[0].get_end()), "2026-11-24T17:15:00+00:00");
    assert_eq!(utc(events[1].get_start()), "2026-11-25T20:00:00+00:00");
    let summary = events[0].get_summary().expect("summary");
    assert!(summary.contains("with Dr. Lee") && summary.contains("A.Q."), "{summary}");
    assert!(events[1].get_summary().expect("summary").contains("B.Ø."));
    assert_eq!(events[0].property_value("STATUS"), Some("TENTATIVE"));
    assert_eq!(events[1].property_value("STATUS"), Some("CONFIRMED"));
    assert!(events[0].get_location().expect("location").contains("Suite 4"));

    // Exporting again gives the same UIDs, so a calendar updates instead of duplicating.
    let again = env.ok(&["agenda", "--days", "7", "--format", "ics"]);
    assert_eq!(again, text);

    let full = env.ok(&["agenda", "--days", "7", "--format", "ics", "--full-names"]);
    assert!(full.contains("Quillfeather"), "{full}");

    let store = env.store();
    let conn = store.conn();
    let exports: i64 = conn
        .query_row("SELECT count(*) FROM audit WHERE action = 'export' AND entity = 'agenda'", [], |r| r.get(0))
        .expect("audit rows");
    assert_eq!(exports, 3);
}

/// The one event whose UID is `uid`, parsed by the icalendar crate's parser.
fn event(text: &str, uid: &str) -> icalendar::Event {
    let calendar: icalendar::Calendar = text.parse().expect("the parser accepts the calendar");
    calendar.events().find(|event| event.get_uid() == Some(uid)).cloned().unwrap_or_else(|| panic!("{uid}: {text}"))
}

fn sequence(event: &icalendar::Event) -> u32 {
    event.property_value("SEQUENCE").expect("a SEQUENCE").parse().expect("a number")
}

#[test]
fn a_cancelled_appointment_stays_in_the_calendar_as_cancelled_with_a_higher_sequence() {
    let env = Env::new();
    let ada = env.add_client("Ada", "Quillfeather", Risk::High);
    let kept = add_appointment(&env, ada, "2026-11-24T10:30", "Dr. Lee");
    let called_off = add_appointment(&env, ada, "2026-11-25T14:00", "Dr. Roe");
    let (kept_uid, off_uid) = (format!("appointment-{kept}@caseload"), format!("appointment-{called_off}@caseload"));
    let export = || env.ok(&["agenda", "--days", "7", "--format", "ics"]);

    let before = export();
    let first = event(&before, &off_uid);
    assert_eq!((first.property_value("STATUS"), sequence(&first)), (Some("TENTATIVE"), 0));
    assert_eq!(first.property_value("CREATED"), Some("20261123T150000Z"));
    assert_eq!(first.property_value("LAST-MODIFIED"), Some("20261123T150000Z"));

    // Cancelled two hours later (a change at another time, to see LAST-MODIFIED follow it).
    let cancel = env
        .cmd()
        .env("CASELOAD_NOW", "2026-11-23T11:00:00")
        .args(["appt", "set", &called_off.to_string(), "--status", "cancelled"])
        .output()
        .expect("runs");
    assert!(cancel.status.success(), "{}", String::from_utf8_lossy(&cancel.stderr));
    let after = export();
    let cancelled = event(&after, &off_uid);
    assert_eq!(cancelled.property_value("STATUS"), Some("CANCELLED"), "{after}");
    assert!(sequence(&cancelled) > sequence(&first), "{after}");
    assert_eq!(cancelled.property_value("LAST-MODIFIED"), Some("20261123T170000Z"));
    assert_eq!(cancelled.property_value("CREATED"), first.property_value("CREATED"));
    assert_eq!(cancelled.get_start(), first.get_start());
    assert_eq!(after.matches("BEGIN:VEVENT").count(), 2);

    // Every further change raises it again; the untouched event is the same as before.
    env.ok(&["appt", "set", &called_off.to_string(), "--transport", "needed"]);
    assert!(sequence(&event(&export(), &off_uid)) > sequence(&cancelled));
    let untouched = |text: &str| {
        let event = event(text, &kept_uid);
        (event.property_value("SEQUENCE").map(str::to_string), event.property_value("STATUS").map(str::to_string))
    };
    assert_eq!(untouched(&export()), untouched(&before));
    assert_eq!(untouched(&before), (Some("0".to_string()), Some("TENTATIVE".to_string())));

    // The agenda on screen still leaves cancelled appointments out unless asked.
    let table = env.ok(&["agenda", "--days", "7"]);
    assert!(!table.contains("cancelled"), "{table}");
    assert!(env.ok(&["agenda", "--days", "7", "--include-cancelled"]).contains("cancelled"));
}

#[test]
fn an_empty_agenda_is_an_empty_calendar() {
    let env = Env::new();
    env.store(); // an empty database: a read command never creates one
    let text = env.ok(&["agenda", "--format", "ics"]);
    assert_eq!(
        text,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//caseload//agenda//EN\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nEND:VCALENDAR\r\n"
    );
}

#[test]
fn other_listings_refuse_ics() {
    let env = Env::new();
    let (code, stderr) = env.fails(&["client", "list", "--format", "ics"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("table, json, csv"), "{stderr}");
}
