//! `caseload program` and `caseload report billing` (SPEC §4, §8): a
//! caseload enrolled across programs, with notes whose minutes belong to
//! them, turned into codes, units and statuses; checked field by field.

mod common;

use common::{Env, USER};
use serde_json::{Value, json};

/// Adds a client through the command line; returns its id.
fn client(env: &Env, given: &str, extra: &[&str]) -> String {
    let mut args = vec!["client", "add", "--given-name", given, "--family-name", "Test", "--enrolled-on", "2026-09-01"];
    args.extend_from_slice(extra);
    env.ok(&args).trim().to_string()
}

fn note(env: &Env, client: &str, at: &str, minutes: &str, extra: &[&str]) {
    let mut args =
        vec!["note", "add", client, "--at", at, "--minutes", minutes, "--type", "chart_review", "--outcome", "n_a"];
    args.extend_from_slice(extra);
    args.extend(["--body", "Synthetic billing note"]);
    env.ok(&args);
}

/// The report's row for one client and program.
fn row<'a>(report: &'a Value, client: &str, program: &str) -> &'a Value {
    let id: i64 = client.parse().expect("id");
    let rows = report["rows"].as_array().expect("rows");
    let found: Vec<&Value> = rows.iter().filter(|r| r["client_id"] == id && r["program"] == program).collect();
    assert_eq!(found.len(), 1, "one {program} row for client {client}: {rows:#?}");
    found[0]
}

/// A caseload of five: CCM and BHI with consent, PCM without, APCM with
/// CCM by the same practitioner, and transitional care after a discharge;
/// plus a colleague's CCM client.
struct Caseload {
    ada: String,
    bo: String,
    cy: String,
    eve: String,
    di: String,
}

fn caseload(env: &Env) -> Caseload {
    let ada = client(env, "Ada", &["--program", "CCM"]);
    env.ok(&["program", "consent", &ada, "ccm", "--on", "2026-09-01", "--method", "verbal"]);
    env.ok(&[
        "program",
        "enroll",
        &ada,
        "bhi",
        "--practitioner",
        "Dr. Lee",
        "--from",
        "2026-09-01",
        "--consent-on",
        "2026-09-02",
        "--consent-method",
        "written",
    ]);
    note(env, &ada, "2026-11-02 10:00", "25", &["--program", "ccm"]);
    note(env, &ada, "2026-11-10 10:00", "20", &["--program", "CCM"]);
    note(env, &ada, "2026-11-05 10:00", "12", &["--program", "bhi"]);
    // 23:30 on 31 October in Chicago: October's minutes, not November's.
    note(env, &ada, "2026-10-31 23:30", "30", &["--program", "ccm"]);

    // PCM without consent; its only time-based enrollment takes the minutes by default.
    let bo = client(env, "Bo", &["--program", "pcm"]);
    note(env, &bo, "2026-11-03 10:00", "35", &[]);

    // APCM and CCM billed by the same practitioner: CCM gives way.
    let cy = client(env, "Cy", &[]);
    for program in ["apcm", "ccm"] {
        env.ok(&[
            "program",
            "enroll",
            &cy,
            program,
            "--practitioner",
            "Dr. Ray",
            "--from",
            "2026-09-01",
            "--consent-on",
            "2026-09-01",
            "--consent-method",
            "electronic",
        ]);
    }
    env.ok(&["plan", "problem", &cy, "--add", "Diabetes"]);
    env.ok(&["plan", "problem", &cy, "--add", "Heart failure"]);
    note(env, &cy, "2026-11-04 10:00", "25", &[]);

    // Transitional care: discharged Thursday 5 November, reached Friday, seen Tuesday.
    let eve = client(env, "Eve", &["--program", "tcm", "--risk", "high"]);
    env.ok(&[
        "encounter",
        "add",
        &eve,
        "--kind",
        "inpatient",
        "--facility",
        "General Hospital",
        "--admitted",
        "2026-11-01",
        "--discharged",
        "2026-11-05",
    ]);
    env.ok(&["note", "add", &eve, "--at", "2026-11-06 11:00", "--body", "Reached after discharge"]);
    let visit = env.ok(&["appt", "add", &eve, "--at", "2026-11-10 09:00", "--kind", "pcp"]);
    env.ok(&["appt", "set", visit.trim(), "--status", "completed"]);

    let di = client(env, "Di", &["--program", "ccm", "--coordinator", "robin"]);
    env.ok(&["program", "consent", &di, "ccm", "--on", "2026-09-01", "--method", "verbal"]);
    note(env, &di, "2026-11-06 10:00", "30", &[]);
    Caseload { ada, bo, cy, eve, di }
}

#[test]
fn report_billing_json_has_every_field_of_every_row() {
    let env = Env::new();
    let c = caseload(&env);
    let report = env.json(&["report", "billing", "--month", "2026-11"]);
    assert_eq!(report["month"], "2026-11");
    assert_eq!(report["coordinator"], USER);
    assert_eq!(report["rows"].as_array().expect("rows").len(), 6, "{report:#}");
    let id = |client: &str| client.parse::<i64>().expect("id");
    assert_eq!(
        row(&report, &c.ada, "ccm"),
        &json!({
            "client_id": id(&c.ada), "client_name": "Test, Ada", "program": "ccm", "practitioner": null,
            "month": "2026-11", "minutes": 45, "codes": [{"code": "99490", "units": 1}, {"code": "99439", "units": 1}],
            "status": "billable", "reason": null,
        })
    );
    assert_eq!(
        row(&report, &c.ada, "bhi"),
        &json!({
            "client_id": id(&c.ada), "client_name": "Test, Ada", "program": "bhi", "practitioner": "Dr. Lee",
            "month": "2026-11", "minutes": 12, "codes": [], "status": "short",
            "reason": "8 more minutes needed for 99484 (20 min)",
        })
    );
    assert_eq!(
        row(&report, &c.bo, "pcm"),
        &json!({
            "client_id": id(&c.bo), "client_name": "Test, Bo", "program": "pcm", "practitioner": null,
            "month": "2026-11", "minutes": 35, "codes": [], "status": "no_consent", "reason": "no consent documented",
        })
    );
    assert_eq!(
        row(&report, &c.cy, "apcm"),
        &json!({
            "client_id": id(&c.cy), "client_name": "Test, Cy", "program": "apcm", "practitioner": "Dr. Ray",
            "month": "2026-11", "minutes": 0, "codes": [{"code": "G0557", "units": 1}], "status": "billable",
            "reason": null,
        })
    );
    assert_eq!(
        row(&report, &c.cy, "ccm"),
        &json!({
            "client_id": id(&c.cy), "client_name": "Test, Cy", "program": "ccm", "practitioner": "Dr. Ray",
            "month": "2026-11", "minutes": 25, "codes": [], "status": "excluded",
            "reason": "APCM is billed by the same practitioner this month",
        })
    );
    assert_eq!(
        row(&report, &c.eve, "tcm"),
        &json!({
            "client_id": id(&c.eve), "client_name": "Test, Eve", "program": "tcm", "practitioner": null,
            "month": "2026-11", "minutes": 0, "codes": [{"code": "99496", "units": 1}], "status": "billable",
            "reason": "discharge on 2026-11-05",
        })
    );
    // Cy's general enrollment (from client add) bills nothing and has no row.
    assert_eq!(
        report["totals"],
        json!([
            {"code": "99439", "units": 1}, {"code": "99490", "units": 1}, {"code": "99496", "units": 1},
            {"code": "G0557", "units": 1},
        ])
    );

    let team = env.json(&["report", "billing", "--month", "2026-11", "--all-coordinators"]);
    assert_eq!(team["coordinator"], Value::Null);
    assert_eq!(row(&team, &c.di, "ccm")["codes"], json!([{"code": "99490", "units": 1}]));
    assert_eq!(team["totals"][1], json!({"code": "99490", "units": 2}));
    // October holds the note written at 23:30 local on its last day.
    let october = env.json(&["report", "billing", "--month", "2026-10"]);
    assert_eq!(row(&october, &c.ada, "ccm")["minutes"], 30);
}

#[test]
fn report_billing_in_markdown_and_csv() {
    let env = Env::new();
    caseload(&env);
    let md = env.ok(&["report", "billing", "--month", "2026-11"]);
    assert!(md.starts_with("# Billing report 2026-11 — casey\n"), "{md}");
    assert!(md.contains("| CCM |  | 45 | 99490:1 99439:1 | billable |  |"), "{md}");
    assert!(md.contains("| G0557 | 1 |"), "{md}");
    let csv = env.ok(&["report", "billing", "--month", "2026-11", "--format", "csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "client_id,client_name,program,practitioner,month,minutes,codes,status,reason");
    assert!(!csv.contains("Total"), "the totals are --totals, not a row among the clients: {csv}");
    let totals = env.ok(&["report", "billing", "--month", "2026-11", "--format", "csv", "--totals"]);
    let totals: Vec<&str> = totals.lines().collect();
    assert_eq!(totals[0], "month,code,units");
    assert!(totals.contains(&"2026-11,G0557,1"), "{totals:?}");
    let (code, stderr) = env.fails(&["report", "billing", "--month", "November"]);
    assert!(code == 1 && stderr.contains("hint:"), "{stderr}");
}

#[test]
fn program_enroll_consent_end_and_list() {
    let env = Env::new();
    let ada = client(&env, "Ada", &["--program", "ccm"]);
    assert_eq!(env.json(&["client", "show", &ada])["program"], "ccm");
    let enrolled = env.json(&["program", "enroll", &ada, "BHI", "--practitioner", "Dr. Lee", "--from", "2026-10-01"]);
    assert_eq!(
        (&enrolled["program"], &enrolled["practitioner"], &enrolled["started_on"], &enrolled["consent_on"]),
        (&json!("bhi"), &json!("Dr. Lee"), &json!("2026-10-01"), &Value::Null)
    );
    let consented = env.json(&["program", "consent", &ada, "bhi", "--on", "2026-10-02", "--method", "written"]);
    assert_eq!((&consented["consent_on"], &consented["consent_method"]), (&json!("2026-10-02"), &json!("written")));
    // With two time-based programs a note's minutes belong to none unless told.
    let id = env.ok(&["note", "add", &ada, "--minutes", "10", "--body", "Synthetic"]);
    assert_eq!(env.json(&["note", "show", id.trim()])["program"], Value::Null);
    env.refused_unchanged(&["note", "add", &ada, "--program", "pcm", "--body", "Synthetic"], "not enrolled in PCM");
    env.refused_unchanged(&["note", "add", &ada, "--program", "tcm", "--body", "Synthetic"], "not paid by the minute");
    env.refused_unchanged(&["program", "enroll", &ada, "ccm"], "already enrolled in CCM");
    env.refused_unchanged(&["program", "enroll", &ada, "hospice"], "not a known program");
    env.refused_unchanged(
        &["program", "enroll", &ada, "pcm", "--from", "2026-08-01"],
        "before the client was enrolled",
    );
    env.refused_unchanged(&["program", "end", &ada, "pcm", "--on", "today", "--reason", "x"], "not enrolled in PCM");
    env.refused_unchanged(&["client", "edit", &ada, "--program", "pcm"], "comes from their enrollments");
    // The primary program is the earliest open enrollment's.
    env.ok(&["program", "end", &ada, "ccm", "--on", "2026-11-20", "--reason", "Moved to BHI only"]);
    assert_eq!(env.json(&["client", "show", &ada])["program"], "bhi");
    let listed = env.json(&["program", "list", &ada]);
    let programs: Vec<(&str, Option<&str>)> = listed
        .as_array()
        .expect("array")
        .iter()
        .map(|e| (e["program"].as_str().expect("program"), e["ended_on"].as_str()))
        .collect();
    assert_eq!(programs, vec![("ccm", Some("2026-11-20")), ("bhi", None)]);
    assert_eq!(env.json(&["program", "list"]).as_array().expect("array").len(), 2, "the caseload's enrollments");
    let table = env.ok(&["program", "list", &ada]);
    assert!(table.contains("BHI") && table.contains("Dr. Lee"), "{table}");
    // A discharge ends every open enrollment with it.
    env.ok(&["client", "discharge", &ada, "--on", "2026-11-22", "--reason", "Moved away"]);
    let listed = env.json(&["program", "list", &ada]);
    assert_eq!((&listed[1]["ended_on"], &listed[1]["end_reason"]), (&json!("2026-11-22"), &json!("Moved away")));
    assert_eq!(listed[0]["ended_on"], "2026-11-20", "an enrollment already ended keeps its end");
}

#[test]
fn the_demo_caseload_shows_every_status() {
    let env = Env::new();
    env.ok(&["demo", "--clients", "300", "--seed", "7"]);
    let report = env.json(&["report", "billing", "--month", "2026-11", "--all-coordinators"]);
    let rows = report["rows"].as_array().expect("rows");
    for status in ["billable", "short", "no_consent", "excluded", "pending", "missed"] {
        assert!(rows.iter().any(|r| r["status"] == status), "no {status} row in the demo");
    }
    for program in ["ccm", "pcm", "bhi", "cocm", "chi", "pin", "rpm", "tcm", "apcm"] {
        assert!(rows.iter().any(|r| r["program"] == program), "no {program} row in the demo");
    }
}
