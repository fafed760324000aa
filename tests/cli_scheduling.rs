//! `caseload appt` and `caseload agenda` through the real binary, in
//! America/Chicago (UTC-6 in November) on Monday 23 November 2026, 09:00.

mod common;

use caseload::domain::client::Risk;
use caseload::store::AuditAction;
use caseload::store::audit::AuditFilter;
use common::Env;
use serde_json::{Value, json};

/// A client of another coordinator, to check the default "my clients" scope.
fn colleague_client(env: &Env) -> i64 {
    let mut client = common::blank_client();
    client.given_name = "Bo".into();
    client.family_name = "Reyes".into();
    client.coordinator = "morgan".into();
    env.store().add_client(client, common::today()).expect("client added")
}

fn add_appt(env: &Env, client: i64, at: &str, extra: &[&str]) -> i64 {
    let client = client.to_string();
    let mut args = vec!["appt", "add", client.as_str(), "--at", at];
    args.extend(extra);
    env.ok(&args).trim().parse().expect("add prints the new id alone")
}

/// The times of an agenda or list in JSON, as stored (UTC).
fn starts(listing: &Value) -> Vec<&str> {
    listing.as_array().expect("array").iter().map(|a| a["starts_at"].as_str().expect("starts_at")).collect()
}

#[test]
fn an_appointment_round_trips_and_is_stored_in_utc() {
    let env = Env::new();
    let client = env.add_client("Ada", "Quill", Risk::High);
    let added = env.json(&[
        "appt",
        "add",
        &client.to_string(),
        "--at",
        "tomorrow 14:30",
        "--minutes",
        "45",
        "--kind",
        "specialist",
        "--with",
        "Dr. Rivera",
        "--location",
        "Eastside Clinic",
        "--transport",
        "needed",
        "--transport-details",
        "  van, call the day before ",
        "--notes",
        "bring the medication list",
    ]);
    let id = added["id"].as_i64().expect("id");
    let expected = json!({
        "id": id, "client_id": client, "starts_at": "2026-11-24T20:30:00Z", "minutes": 45, "kind": "specialist",
        "with_whom": "Dr. Rivera", "location": "Eastside Clinic", "status": "scheduled", "transport": "needed",
        "transport_details": "van, call the day before", "notes": "bring the medication list",
        "created_by": "casey", "created_at": "2026-11-23T15:00:00Z",
    });
    assert_eq!(added, expected);

    let mut with_name = expected.clone();
    with_name["client_name"] = json!("Quill, Ada");
    assert_eq!(env.json(&["appt", "list"]), json!([with_name]));
    assert_eq!(env.json(&["appt", "show", &id.to_string()]), with_name);

    let table = env.ok(&["appt", "list"]);
    assert!(table.contains("2026-11-24 14:30") && table.contains("Quill, Ada"), "{table}");
    assert!(table.lines().all(|line| line.chars().count() <= 80), "{table}");
    let shown = env.ok(&["appt", "show", &id.to_string()]);
    assert!(shown.contains("2026-11-24 14:30") && shown.contains("2026-11-24 15:15"), "{shown}");

    let audit = env.store().audit_entries(&AuditFilter::default()).expect("audit");
    assert!(
        audit.iter().any(|e| e.action == AuditAction::Create && e.entity == "appointment" && e.entity_id == Some(id))
    );
    assert!(audit.iter().any(|e| e.action == AuditAction::View && e.entity == "appointment"));
}

#[test]
fn defaults_are_thirty_minutes_pcp_scheduled_and_no_transport() {
    let env = Env::new();
    let client = env.add_client("Ada", "Quill", Risk::Low);
    let added = env.json(&["appt", "add", &client.to_string(), "--at", "2026-12-01T10:00"]);
    assert_eq!(
        (&added["minutes"], &added["kind"], &added["status"], &added["transport"], &added["with_whom"]),
        (&json!(30), &json!("pcp"), &json!("scheduled"), &json!("not_needed"), &Value::Null)
    );
    assert_eq!(added["starts_at"], "2026-12-01T16:00:00Z");
}

#[test]
fn set_changes_status_and_transport() {
    let env = Env::new();
    let client = env.add_client("Ada", "Quill", Risk::High);
    let id = add_appt(&env, client, "tomorrow 14:30", &["--transport", "needed"]).to_string();

    let changed = env.json(&[
        "appt",
        "set",
        &id,
        "--status",
        "confirmed",
        "--transport",
        "arranged",
        "--transport-details",
        "van 13:45",
    ]);
    assert_eq!((&changed["status"], &changed["transport"]), (&json!("confirmed"), &json!("arranged")));
    assert_eq!(changed["transport_details"], "van 13:45");
    let listed = &env.json(&["appt", "list"])[0];
    assert_eq!((&listed["status"], &listed["transport_details"]), (&json!("confirmed"), &json!("van 13:45")));

    let said = env.ok(&["appt", "set", &id, "--status", "cancelled"]);
    assert_eq!(
        said.trim(),
        format!("Appointment {id} is cancelled; its ride is still booked: call it off with the provider.")
    );

    // Sentences use words, not the stored codes (`not_needed`).
    let other = add_appt(&env, client, "tomorrow 09:00", &[]).to_string();
    let said = env.ok(&["appt", "set", &other, "--transport", "not_needed"]);
    assert_eq!(said.trim(), format!("Appointment {other} is scheduled; transport not needed."));

    // An outcome waits for the start; an appointment already begun can have one.
    env.refused_unchanged(&["appt", "set", &id, "--status", "completed"], "has not started yet");
    let past = add_appt(&env, client, "today 08:00", &[]).to_string();
    assert_eq!(env.json(&["appt", "set", &past, "--status", "no_show"])["status"], "no_show");
}

#[test]
fn list_filters_by_days_client_and_status_and_defaults_to_my_clients_from_today() {
    let env = Env::new();
    let mine = env.add_client("Ada", "Quill", Risk::High);
    let theirs = colleague_client(&env);
    add_appt(&env, mine, "yesterday 10:00", &[]);
    add_appt(&env, mine, "today 11:00", &[]);
    add_appt(&env, mine, "2026-12-02 09:00", &["--status", "confirmed"]);
    add_appt(&env, theirs, "tomorrow 09:00", &[]);

    assert_eq!(starts(&env.json(&["appt", "list"])), ["2026-11-23T17:00:00Z", "2026-12-02T15:00:00Z"]);
    assert_eq!(env.json(&["appt", "list", "--all-coordinators"]).as_array().map(Vec::len), Some(3));
    assert_eq!(starts(&env.json(&["appt", "list", "--from", "yesterday", "--to", "today"])).len(), 2);
    assert_eq!(starts(&env.json(&["appt", "list", "--status", "confirmed"])), ["2026-12-02T15:00:00Z"]);
    let theirs_only = env.json(&["appt", "list", "--client", &theirs.to_string(), "--all-coordinators"]);
    assert_eq!(theirs_only[0]["client_name"], "Reyes, Bo");
    assert_eq!(env.ok(&["appt", "list", "--from", "2027-01-01"]).trim(), "No appointments.");
    env.refused_unchanged(&["appt", "list", "--from", "friday", "--to", "today"], "before the first day");
}

#[test]
fn the_agenda_groups_local_days_and_skips_cancelled() {
    let env = Env::new();
    let mine = env.add_client("Ada", "Quill", Risk::High);
    let other = env.add_client("Cy", "Mendez", Risk::Low);
    let theirs = colleague_client(&env);
    add_appt(&env, mine, "tomorrow 14:30", &["--with", "Dr. Rivera", "--transport", "needed"]);
    // 23:30 in Chicago is already the next day in UTC: it still belongs to tomorrow.
    add_appt(&env, other, "tomorrow 23:30", &["--kind", "telehealth"]);
    add_appt(&env, other, "tomorrow 08:00", &["--kind", "lab"]);
    let cancelled = add_appt(&env, mine, "tomorrow 10:00", &[]).to_string();
    env.ok(&["appt", "set", &cancelled, "--status", "cancelled"]);
    add_appt(&env, mine, "today 16:00", &[]);
    add_appt(&env, mine, "2026-11-25 00:30", &[]);
    add_appt(&env, theirs, "tomorrow 12:00", &[]);

    assert_eq!(starts(&env.json(&["agenda"])), ["2026-11-23T22:00:00Z"]);
    let tomorrow = env.json(&["agenda", "--date", "tomorrow"]);
    assert_eq!(starts(&tomorrow), ["2026-11-24T14:00:00Z", "2026-11-24T20:30:00Z", "2026-11-25T05:30:00Z"]);
    assert_eq!(tomorrow[1]["client_name"], "Quill, Ada");
    assert_eq!(tomorrow[1]["with_whom"], "Dr. Rivera");
    assert_eq!(starts(&env.json(&["agenda", "--date", "tomorrow", "--include-cancelled"])).len(), 4);
    assert_eq!(starts(&env.json(&["agenda", "--date", "tomorrow", "--all-coordinators"])).len(), 4);
    assert_eq!(starts(&env.json(&["agenda", "--days", "3"])).len(), 5);

    let table = env.ok(&["agenda", "--days", "2"]);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines[0], "Monday 23 November 2026 (today)");
    assert!(lines[1].starts_with("TIME") && lines[1].contains("TRANSPORT") && lines[1].ends_with("STATUS"));
    assert!(lines[2].starts_with("16:00  Quill, Ada"), "{table}");
    assert!(lines.contains(&"Tuesday 24 November 2026 (tomorrow)"), "{table}");
    let tuesday = lines.iter().position(|l| l.starts_with("Tuesday")).expect("heading");
    let times: Vec<&str> = lines[tuesday + 2..].iter().map(|l| &l[..5]).collect();
    assert_eq!(times, ["08:00", "14:30", "23:30"]);
    assert!(lines.iter().any(|l| l.contains("Dr. Rivera") && l.contains("needed")), "{table}");
    assert!(lines.iter().all(|l| l.chars().count() <= 80), "{table}");

    assert_eq!(env.ok(&["agenda", "--date", "2026-12-25"]).trim(), "No appointments on Friday 25 December 2026.");
    let csv = env.ok(&["agenda", "--date", "tomorrow", "--format", "csv"]);
    assert_eq!(csv.lines().count(), 4, "{csv}");
}

#[test]
fn bad_appointment_input_is_refused_and_changes_nothing() {
    let env = Env::new();
    let client = env.add_client("Ada", "Quill", Risk::High).to_string();
    let add = |extra: &[&str]| {
        let mut args = vec!["appt", "add", client.as_str(), "--at", "tomorrow 14:30"];
        args.extend(extra);
        args.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let refuse = |args: Vec<String>, expect: &str| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        env.refused_unchanged(&args, expect)
    };
    refuse(add(&["--minutes", "0"]), "between 1 and 1440");
    refuse(add(&["--minutes", "-5"]), "between 1 and 1440");
    let kind = refuse(add(&["--kind", "dentist"]), "\"dentist\" is not a known kind");
    assert!(kind.contains("pcp, specialist, lab, imaging, therapy, home_visit, telehealth, other"), "{kind}");
    refuse(add(&["--transport", "bus"]), "not_needed, needed, arranged");
    refuse(add(&["--status", "completed"]), "scheduled or confirmed");
    env.refused_unchanged(
        &["appt", "add", &client, "--at", "2026-02-30 10:00"],
        "2026-02-30 is not a date on the calendar",
    );
    env.refused_unchanged(&["appt", "add", &client, "--at", "soon"], "not a date and time");
    env.refused_unchanged(&["appt", "add", "MRN-NOPE", "--at", "tomorrow 9:00"], "No client with id or MRN MRN-NOPE");
    env.refused_unchanged(&["appt", "add", "99", "--at", "tomorrow 9:00"], "No client with id 99");
    env.refused_unchanged(&["appt", "set", "99", "--status", "confirmed"], "No appointment with id 99");
    env.refused_unchanged(&["appt", "list", "--status", "done"], "scheduled, confirmed, completed");
    env.refused_unchanged(&["agenda", "--days", "0"], "--days must be between 1");
    env.refused_unchanged(&["agenda", "--date", "someday"], "not a date I understand");

    let (code, stderr) = env.fails(&["appt", "set", "seven", "--status", "confirmed"]);
    assert_eq!(code, 2, "{stderr}");
    let (code, _) = env.fails(&["appt", "show", "x1"]);
    assert_eq!(code, 2);
    let (code, _) = env.fails(&["appt", "set", "1"]);
    assert_eq!(code, 2, "set needs --status or --transport");
}
