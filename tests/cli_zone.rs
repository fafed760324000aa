//! The time zone comes from `TZ` (else the system's), is resolved once at
//! start, and every local date and time follows it; a `TZ` naming no zone is
//! refused before anything runs.

mod common;

use common::Env;

/// The same instant, 15:00 UTC on Monday 23 November 2026, in every run.
const INSTANT: &str = "2026-11-23T15:00:00Z";

fn agenda_heading(env: &Env, tz: &str) -> String {
    let output = env.cmd().env("TZ", tz).env("CASELOAD_NOW", INSTANT).args(["agenda"]).output().expect("runs");
    assert!(output.status.success(), "TZ={tz}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("utf-8 output")
}

#[test]
fn today_is_the_date_in_the_zone_tz_names() {
    let env = Env::new();
    env.ok(&["init"]);
    assert!(agenda_heading(&env, "America/Chicago").contains("Monday 23 November 2026 (today)"));
    assert!(agenda_heading(&env, "Asia/Tokyo").contains("Tuesday 24 November 2026 (today)"));
    assert!(agenda_heading(&env, ":Pacific/Kiritimati").contains("Tuesday 24 November 2026 (today)"));
}

#[test]
fn a_local_time_is_read_and_shown_in_the_zone_tz_names() {
    let env = Env::new();
    let id = env.add_client("Ada", "Quill", caseload::domain::client::Risk::High).to_string();
    let tokyo = |args: &[&str]| {
        let output = env.cmd().env("TZ", "Asia/Tokyo").args(args).output().expect("runs");
        assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).expect("utf-8 output")
    };
    tokyo(&["appt", "add", &id, "--at", "2026-11-25 10:00", "--kind", "pcp"]);
    let stored = env.json(&["appt", "list", "--client", &id]);
    assert_eq!(stored[0]["starts_at"], "2026-11-25T01:00:00Z", "10:00 in Tokyo is 01:00 UTC");
    assert!(tokyo(&["appt", "list", "--client", &id]).contains("2026-11-25 10:00"));
    assert!(env.ok(&["appt", "list", "--client", &id]).contains("2026-11-24 19:00"), "and 19:00 in Chicago");
}

#[test]
fn a_tz_naming_no_zone_is_refused_with_a_hint_and_nothing_is_written() {
    let env = Env::new();
    let id = env.add_client("Ada", "Quill", caseload::domain::client::Risk::High).to_string();
    let before = env.snapshot();
    let output = env
        .cmd()
        .env("TZ", "America/Chicgo")
        .args(["followup", "add", &id, "--due", "tomorrow", "--title", "Call back"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.starts_with("error: TZ is set to \"America/Chicgo\""), "{stderr}");
    assert!(stderr.contains("\nhint: ") && stderr.contains("unset it"), "{stderr}");
    assert_eq!(env.snapshot(), before);
}
