//! Dates and date-times outside 1900-01-01 … 2199-12-31 are refused on every
//! input path, and a refused command has written nothing (SPEC §6).

mod common;

use common::Env;

/// Runs `args` at `now` (CASELOAD_NOW) expecting a refusal that mentions
/// `expect`, with a hint, exit 1 and not one row changed. Returns standard error.
fn refused_at(env: &Env, now: &str, args: &[&str], expect: &str) -> String {
    let before = env.snapshot();
    let output = env.cmd().env("CASELOAD_NOW", now).args(args).output().expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(1), "caseload {args:?} at {now}: {stderr}");
    assert!(stderr.starts_with("error: ") && stderr.contains("\nhint: "), "caseload {args:?}: {stderr}");
    assert!(stderr.contains(expect), "caseload {args:?} should mention {expect:?}: {stderr}");
    assert_eq!(env.snapshot(), before, "caseload {args:?} at {now} changed the database");
    stderr
}

fn client(env: &Env) -> String {
    env.add_client("Ada", "Quill", caseload::domain::client::Risk::High).to_string()
}

#[test]
fn an_appointment_in_the_year_9999_is_refused_and_nothing_is_saved() {
    let env = Env::new();
    let id = client(&env);
    let stderr =
        env.refused_unchanged(&["appt", "add", &id, "--at", "9999-12-31 23:30"], "between 1900-01-01 and 2199-12-31");
    assert!(stderr.contains("hint: give a date from 1900-01-01 to 2199-12-31"), "{stderr}");
    for outside in ["2200-01-01 00:00", "1899-12-31 23:59", "+10000-01-01 05:30"] {
        env.refused_unchanged(&["appt", "add", &id, "--at", outside], "");
    }
    // The last minute of the range is kept, and reads back.
    let new = env.ok(&["appt", "add", &id, "--at", "2199-12-31 23:30"]);
    let shown = env.ok(&["appt", "show", new.trim()]);
    assert!(shown.contains("2199-12-31 23:30"), "{shown}");
}

#[test]
fn every_date_flag_keeps_to_the_range() {
    let env = Env::new();
    let id = client(&env);
    let cases: &[&[&str]] = &[
        &["followup", "add", &id, "--due", "2200-01-01", "--title", "Call back"],
        &["note", "add", &id, "--body", "Called.", "--at", "1899-06-01 10:00"],
        &["encounter", "add", &id, "--kind", "inpatient", "--facility", "General", "--admitted", "1850-01-01"],
        &["client", "edit", &id, "--dob", "1899-12-31"],
        &["client", "add", "--given-name", "Ben", "--family-name", "Stone", "--enrolled-on", "2200-01-01"],
    ];
    for args in cases {
        env.refused_unchanged(args, "between 1900-01-01 and 2199-12-31");
    }
}

#[test]
fn a_caseload_now_outside_the_range_is_refused_before_anything_runs() {
    let env = Env::new();
    let id = client(&env);
    let stderr = refused_at(
        &env,
        "9999-12-31T23:59:59",
        &["followup", "add", &id, "--due", "tomorrow", "--title", "Call back"],
        "CASELOAD_NOW",
    );
    assert!(stderr.contains("unset it"), "{stderr}");
    refused_at(&env, "1899-12-31T12:00:00", &["alerts"], "CASELOAD_NOW");
}

#[test]
fn relative_dates_are_checked_after_they_are_worked_out() {
    let env = Env::new();
    let id = client(&env);
    let last_day = "2199-12-31T09:00:00";
    for due in ["tomorrow", "+3d", "+2w", "friday"] {
        refused_at(&env, last_day, &["followup", "add", &id, "--due", due, "--title", "Call"], "between 1900-01-01");
    }
    refused_at(&env, last_day, &["appt", "add", &id, "--at", "+3d 9:00"], "between 1900-01-01");
    refused_at(&env, "1900-01-01T09:00:00", &["appt", "list", "--from", "yesterday"], "between 1900-01-01");
    let output = env
        .cmd()
        .env("CASELOAD_NOW", last_day)
        .args(["followup", "add", &id, "--due", "today", "--title", "Call"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn an_imported_date_outside_the_range_is_refused_with_its_line() {
    let env = Env::new();
    let file = format!("{}/tests/fixtures/import/bad_dob_out_of_range.csv", env!("CARGO_MANIFEST_DIR"));
    let before = env.snapshot();
    let (code, stderr) = env.fails(&["import", "clients", &file]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("line 3, column C (dob): dob is outside 1900-01-01 … 2199-12-31"), "{stderr}");
    assert!(!stderr.contains("1850"), "the client's date stays out of the message: {stderr}");
    assert_eq!(env.snapshot(), before, "the import changed the database");
}

#[test]
fn a_date_that_is_not_on_the_calendar_says_so_and_a_malformed_one_asks_for_the_form() {
    let env = Env::new();
    let id = client(&env);
    let feb30 = env.refused_unchanged(
        &["followup", "add", &id, "--due", "2026-02-30", "--title", "Call back"],
        "error: 2026-02-30 is not a date on the calendar (February 2026 has 28 days).\n",
    );
    assert!(feb30.contains("hint: the last day of February 2026 is 2026-02-28"), "{feb30}");
    env.refused_unchanged(
        &["client", "edit", &id, "--dob", "2026-13-01"],
        "error: 2026-13-01 is not a date on the calendar (there is no month 13).\n",
    );
    let malformed = env.refused_unchanged(
        &["followup", "add", &id, "--due", "30/02/2026", "--title", "Call back"],
        "\"30/02/2026\" is not a date I understand",
    );
    assert!(malformed.contains("hint: use YYYY-MM-DD"), "{malformed}");
}

#[test]
fn a_date_time_names_the_part_that_is_not_real() {
    let env = Env::new();
    let id = client(&env);
    for (at, expect) in [
        ("2026-02-30 14:00", "error: 2026-02-30 is not a date on the calendar (February 2026 has 28 days).\n"),
        ("2026-13-01T09:00", "error: 2026-13-01 is not a date on the calendar (there is no month 13).\n"),
        ("2026-12-01 24:30", "error: 24:30 is not a time of day (hours run from 00 to 23).\n"),
        ("tomorrow 24:30", "error: 24:30 is not a time of day (hours run from 00 to 23).\n"),
    ] {
        env.refused_unchanged(&["appt", "add", &id, "--at", at], expect);
    }
    let stderr = env.refused_unchanged(&["note", "add", &id, "--body", "Called.", "--at", "2026-12-01 24:30"], "24:30");
    assert!(stderr.contains("hint: use a time from 00:00 to 23:59"), "{stderr}");
    env.refused_unchanged(&["appt", "add", &id, "--at", "next tuesday at 9"], "is not a date and time I understand");
}
