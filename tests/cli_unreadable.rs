//! One row this version cannot read never makes a listing, the alerts, the
//! summary or the export fail: the row is left out with one warning naming it
//! (table and id, never its contents), and `caseload check` reports it.

mod common;

use caseload::domain::client::Risk;
use common::Env;

/// Changes one stored value behind caseload's back, as a damaged or future
/// file would (on a server, as its superuser with the triggers bypassed).
fn corrupt(env: &Env, sql: &str) {
    let store = env.store();
    if common::on_postgres() {
        store.conn().execute_batch("SET session_replication_role = replica").expect("triggers bypassed");
    }
    assert_eq!(store.conn().execute(sql, []).expect("update"), 1, "{sql}");
}

/// Runs a command that must succeed; returns its standard error.
fn warns(env: &Env, args: &[&str]) -> String {
    let output = env.cmd().args(args).output().expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "caseload {args:?} failed: {stderr}");
    stderr
}

/// Two clients of casey's, each with an appointment tomorrow and one yesterday
/// still open (so both show in alerts); returns (client ids, appointment ids).
fn caseload(env: &Env) -> (Vec<String>, Vec<String>) {
    let clients: Vec<String> = [("Ada", "Quill"), ("Ben", "Stone")]
        .iter()
        .map(|(g, f)| env.add_client(g, f, Risk::High).to_string())
        .collect();
    let mut appointments = Vec::new();
    for client in &clients {
        for at in ["tomorrow 10:00", "yesterday 10:00"] {
            appointments.push(env.ok(&["appt", "add", client, "--at", at]).trim().to_string());
        }
    }
    (clients, appointments)
}

const WARNING_END: &str = "and was left out; run `caseload check`";

#[test]
fn a_year_10000_appointment_is_left_out_of_every_read_with_one_warning() {
    let env = Env::new();
    let (clients, appointments) = caseload(&env);
    let bad = &appointments[1];
    corrupt(&env, &format!("UPDATE appointment SET starts_at = '+10000-01-01T05:30:00Z' WHERE id = {bad}"));
    let warning =
        format!("warning: appointment {bad} could not be read (its starts_at is not a valid time) {WARNING_END}");
    let reads: &[&[&str]] = &[
        &["alerts"],
        &["alerts", "--all-coordinators"],
        &["alerts", "--format", "json"],
        &["client", "summary", &clients[0]],
        &["export", "fhir"],
        &["export", "fhir", "--client", &clients[0]],
    ];
    for args in reads {
        let stderr = warns(&env, args);
        assert_eq!(stderr.matches(&warning).count(), 1, "caseload {args:?}: {stderr}");
        assert!(!stderr.contains("10000"), "the stored value stays out of the warning: {stderr}");
    }
    // Listings by date never reach a start that sorts before every real one.
    warns(&env, &["agenda", "--date", "yesterday", "--days", "3"]);
    // The other appointments are still there.
    let listed = env.json(&["appt", "list", "--from", "-7d"]);
    assert_eq!(listed.as_array().map(Vec::len), Some(3), "{listed}");
    let alerts = env.json(&["alerts"]);
    assert!(alerts.as_array().is_some_and(|a| !a.is_empty()), "{alerts}");
    // Another appointment can still be changed; the unreadable one is named.
    env.ok(&["appt", "set", &appointments[0], "--status", "confirmed"]);
    let stderr = env.refused_unchanged(
        &["appt", "set", bad, "--status", "cancelled"],
        &format!("Appointment {bad} could not be read"),
    );
    assert!(stderr.contains("hint: run `caseload check`"), "{stderr}");
    env.refused_unchanged(&["appt", "show", bad], "its starts_at is not a valid time");

    let (code, stderr) = env.fails(&["check"]);
    assert_eq!(code, 1, "{stderr}");
    let stdout = String::from_utf8(env.cmd().arg("check").output().expect("runs").stdout).expect("utf-8");
    assert!(
        stdout
            .contains(&format!("PROBLEM      appointment {bad} could not be read (its starts_at is not a valid time)")),
        "{stdout}"
    );
}

#[test]
fn every_kind_of_undecodable_value_is_left_out_and_named_by_check() {
    let env = Env::new();
    let (clients, appointments) = caseload(&env);
    let followup =
        env.ok(&["followup", "add", &clients[1], "--due", "yesterday", "--title", "Call"]).trim().to_string();
    let cases = [
        (
            format!("UPDATE appointment SET status = 'rescheduled' WHERE id = {}", appointments[0]),
            format!(
                "appointment {} could not be read (its status holds a word this version does not know)",
                appointments[0]
            ),
        ),
        (
            format!("UPDATE appointment SET minutes = 5000000000 WHERE id = {}", appointments[2]),
            format!("appointment {} could not be read (its minutes holds a number out of range)", appointments[2]),
        ),
        // A server's text is always valid UTF-8 (it refuses anything else):
        // there, an instant that is no time instead.
        if common::on_postgres() {
            (
                format!("UPDATE appointment SET starts_at = '2026-11-22T25:00:00Z' WHERE id = {}", appointments[3]),
                format!("appointment {} could not be read (its starts_at is not a valid time)", appointments[3]),
            )
        } else {
            (
                format!("UPDATE appointment SET with_whom = CAST(X'FF00' AS TEXT) WHERE id = {}", appointments[3]),
                format!("appointment {} could not be read (its with_whom is not valid UTF-8 text)", appointments[3]),
            )
        },
        (
            format!("UPDATE followup SET due_on = '2026-13-45' WHERE id = {followup}"),
            format!("followup {followup} could not be read (its due_on is not a valid date)"),
        ),
        // A column the alerts read too (they read no more of a client than they use).
        (
            format!("UPDATE client SET enrolled_on = '1850-01-01' WHERE id = {}", clients[0]),
            format!("client {} could not be read (its enrolled_on is outside 1900-01-01 … 2199-12-31)", clients[0]),
        ),
    ];
    for (sql, _) in &cases {
        corrupt(&env, sql);
    }
    let stdout = String::from_utf8(env.cmd().arg("check").output().expect("runs").stdout).expect("utf-8");
    for (_, problem) in &cases {
        assert!(stdout.contains(&format!("PROBLEM      {problem}")), "{problem}: {stdout}");
    }
    assert_eq!(stdout.matches("PROBLEM").count(), cases.len(), "{stdout}");
    // Each listing survives and names what it left out.
    let stderr = warns(&env, &["alerts", "--all-coordinators"]);
    assert!(stderr.contains(&format!("warning: {} {WARNING_END}", cases[4].1)), "{stderr}");
    let stderr = warns(&env, &["client", "list", "--all"]);
    assert!(stderr.contains(&format!("warning: {} {WARNING_END}", cases[4].1)), "{stderr}");
    let stderr = warns(&env, &["appt", "list", "--from", "-7d", "--client", &clients[1]]);
    assert!(stderr.contains(&format!("warning: {} {WARNING_END}", cases[2].1)), "{stderr}");
    let stderr = warns(&env, &["followup", "list"]);
    assert!(stderr.contains(&format!("warning: {} {WARNING_END}", cases[3].1)), "{stderr}");
    warns(&env, &["export", "fhir"]);
    warns(&env, &["client", "summary", &clients[1]]);
}

#[test]
fn a_database_every_row_of_which_reads_passes_check() {
    let env = Env::new();
    caseload(&env);
    let stdout = env.ok(&["check"]);
    assert!(stdout.contains("every row readable") && stdout.contains("all checks passed"), "{stdout}");
}

/// The enrollments are read on the store's second connection, on another
/// thread, when a whole caseload's alerts are computed: a row left out there
/// is still named once, in the one log of the command.
#[test]
fn an_unreadable_enrollment_read_beside_the_clients_is_named_once() {
    let env = Env::new();
    let (clients, _) = caseload(&env);
    let enroll = ["program", "enroll", &clients[0], "bhi", "--from", "2026-11-02"];
    let enrolled = env.ok(&[&enroll[..], &["--consent-on", "2026-11-02", "--consent-method", "verbal"]].concat());
    let bad = enrolled.trim();
    corrupt(&env, &format!("UPDATE enrollment SET consent_on = '2026-13-45' WHERE id = {bad}"));
    let warning =
        format!("warning: enrollment {bad} could not be read (its consent_on is not a valid date) {WARNING_END}");
    for args in [&["alerts"][..], &["alerts", "--all-coordinators"]] {
        let stderr = warns(&env, args);
        assert_eq!(stderr.matches(&warning).count(), 1, "caseload {args:?}: {stderr}");
        assert!(!stderr.contains("2026-13-45"), "the stored value stays out of the warning: {stderr}");
    }
    let alerts = env.json(&["alerts", "--all-coordinators"]);
    assert!(alerts.as_array().is_some_and(|a| !a.is_empty()), "the other records still give alerts: {alerts}");
}
