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

    let conn = rusqlite::Connection::open(&env.db).expect("opens");
    let exports: i64 = conn
        .query_row("SELECT count(*) FROM audit WHERE action = 'export' AND entity = 'agenda'", [], |r| r.get(0))
        .expect("audit rows");
    assert_eq!(exports, 3);
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
