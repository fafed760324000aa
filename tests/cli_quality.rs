//! `report quality` (SPEC §10) through the real binary: a caseload with
//! discharges, psychiatric stays, ED visits, screenings and referrals in
//! November 2026, counted on Monday 23 November (so today, not the period's
//! end, decides what is still pending), checked measure by measure.

mod common;

use common::Env;
use serde_json::{Value, json};

fn client(env: &Env, given: &str, extra: &[&str]) -> String {
    let mut args =
        vec!["client", "add", "--given-name", given, "--family-name", "Testcase", "--enrolled-on", "2026-09-01"];
    args.extend_from_slice(extra);
    env.ok(&args).trim().to_string()
}

fn encounter(env: &Env, client: &str, kind: &str, reason: &str, admitted: &str, discharged: &str) {
    env.ok(&[
        "encounter",
        "add",
        client,
        "--kind",
        kind,
        "--reason",
        reason,
        "--facility",
        "Synthetic General",
        "--admitted",
        admitted,
        "--discharged",
        discharged,
    ]);
}

fn completed_visit(env: &Env, client: &str, kind: &str, at: &str) {
    let id = env.ok(&["appt", "add", client, "--at", at, "--kind", kind]).trim().to_string();
    env.ok(&["appt", "set", &id, "--status", "completed"]);
}

struct Caseload {
    ada: i64,
    bo: i64,
    di: i64,
    eve: i64,
}

fn caseload(env: &Env) -> Caseload {
    let ada = client(env, "Ada", &["--risk", "high"]);
    let bo = client(env, "Bo", &["--risk", "low"]);
    let cy = client(env, "Cy", &[]);
    let di = client(env, "Di", &[]);
    let eve = client(env, "Eve", &["--coordinator", "robin"]);
    // Ada: a psychiatric stay; reached the next day, therapy on day 4 (no TCM
    // visit kind, and 7 days for high risk have passed), reconciled on day 2.
    encounter(env, &ada, "inpatient", "mental_health", "2026-10-28", "2026-11-02");
    env.ok(&[
        "note",
        "add",
        &ada,
        "--at",
        "2026-11-03 10:00",
        "--type",
        "phone",
        "--outcome",
        "reached",
        "--body",
        "Synthetic call.",
    ]);
    completed_visit(env, &ada, "therapy", "2026-11-06 10:00");
    env.ok(&["med", "reconcile", &ada, "--on", "2026-11-04"]);
    env.ok(&["assess", &ada, "phq9", "--answers", "2,2,2,2,1,1,1,1,0", "--at", "2026-11-02 12:00"]);
    // Bo: an observation stay on the 10th, nobody reached him; a referral sent and another closed.
    encounter(env, &bo, "observation", "medical", "2026-11-09", "2026-11-10");
    env.ok(&[
        "referral",
        "add",
        &bo,
        "--to",
        "Synthetic clinic",
        "--kind",
        "medical",
        "--reason",
        "Synthetic.",
        "--status",
        "sent",
    ]);
    let closed = env
        .ok(&[
            "referral",
            "add",
            &bo,
            "--to",
            "Synthetic lab",
            "--kind",
            "medical",
            "--reason",
            "Synthetic.",
            "--status",
            "sent",
        ])
        .trim()
        .to_string();
    env.ok(&["referral", "set", &closed, "--status", "completed"]);
    // Cy: an ED visit for mental health seen the same day by telehealth, one
    // for substance use three days ago, and food insecurity referred.
    encounter(env, &cy, "ed", "mental_health", "2026-11-05", "2026-11-05");
    completed_visit(env, &cy, "telehealth", "2026-11-05 16:00");
    encounter(env, &cy, "ed", "substance_use", "2026-11-20", "2026-11-20");
    env.ok(&["assess", &cy, "hrsn", "--answers", "0,0,1,0,0,0,1,1,1,1", "--at", "2026-11-02 12:00"]);
    env.ok(&["referral", "add", &cy, "--to", "Synthetic pantry", "--kind", "food", "--reason", "Synthetic."]);
    // Di: an ED visit for self-harm on the 1st, no follow-up.
    encounter(env, &di, "ed", "self_harm", "2026-11-01", "2026-11-01");
    // Eve is robin's: a discharge only the team's report counts.
    encounter(env, &eve, "inpatient", "medical", "2026-11-01", "2026-11-03");
    let id = |text: String| text.parse().expect("id");
    Caseload { ada: id(ada), bo: id(bo), di: id(di), eve: id(eve) }
}

fn report(env: &Env, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["report", "quality", "--from", "2026-11-01", "--to", "2026-11-30"];
    args.extend_from_slice(extra);
    env.json(&args).as_array().expect("one object per measure").clone()
}

#[test]
fn the_json_has_every_measure_with_its_counts_rate_and_missed_clients() {
    let env = Env::new();
    let c = caseload(&env);
    let measures = report(&env, &[]);
    let expected = [
        json!({"measure": "tcm_contact", "denominator": 2, "numerator": 1, "pending": 0, "rate": 0.5, "missed": [c.bo]}),
        json!({"measure": "tcm_visit", "denominator": 2, "numerator": 0, "pending": 1, "rate": 0.0, "missed": [c.ada]}),
        json!({"measure": "med_reconciliation", "denominator": 2, "numerator": 1, "pending": 1, "rate": 1.0, "missed": []}),
        json!({"measure": "fuh_7", "denominator": 1, "numerator": 1, "pending": 0, "rate": 1.0, "missed": []}),
        json!({"measure": "fuh_30", "denominator": 1, "numerator": 1, "pending": 0, "rate": 1.0, "missed": []}),
        json!({"measure": "fum_7", "denominator": 2, "numerator": 1, "pending": 0, "rate": 0.5, "missed": [c.di]}),
        json!({"measure": "fum_30", "denominator": 2, "numerator": 1, "pending": 1, "rate": 1.0, "missed": []}),
        json!({"measure": "fua_7", "denominator": 1, "numerator": 0, "pending": 1, "rate": null, "missed": []}),
        json!({"measure": "fua_30", "denominator": 1, "numerator": 0, "pending": 1, "rate": null, "missed": []}),
        json!({"measure": "sdoh_referral", "denominator": 1, "numerator": 1, "pending": 0, "rate": 1.0, "missed": []}),
        json!({"measure": "phq9_followup", "denominator": 1, "numerator": 0, "pending": 1, "rate": null, "missed": []}),
        json!({"measure": "referral_loop", "denominator": 2, "numerator": 1, "pending": 1, "rate": 1.0, "missed": []}),
    ];
    assert_eq!(measures.len(), expected.len(), "{measures:#?}");
    for (got, want) in measures.iter().zip(&expected) {
        assert_eq!(got, want, "measure {}", want["measure"]);
    }
    // The team's report counts robin's client too.
    let team = report(&env, &["--all-coordinators"]);
    assert_eq!(team[0]["denominator"], 3);
    assert_eq!(team[0]["missed"], json!([c.bo, c.eve]));
    let robin = report(&env, &["--coordinator", "robin"]);
    assert_eq!(robin[0]["missed"], json!([c.eve]));
}

#[test]
fn markdown_says_the_rate_in_words_and_names_the_missed_and_csv_has_one_line_per_measure() {
    let env = Env::new();
    let c = caseload(&env);
    let md = env.ok(&["report", "quality", "--from", "2026-11-01", "--to", "2026-11-30"]);
    assert!(md.starts_with("# Quality report 2026-11-01 to 2026-11-30 — casey"), "{md}");
    assert!(md.contains(&format!("| 2 | 1 of 2 met (50%) | Testcase, Bo #{} |", c.bo)), "{md}");
    assert!(md.contains("| 1 | none decided yet, 1 pending | — |"), "{md}");
    let redacted = env.ok(&["--redact", "report", "quality", "--from", "2026-11-01", "--to", "2026-11-30"]);
    assert!(!redacted.contains("Bo") && redacted.contains(&format!("B.T. #{}", c.bo)), "{redacted}");
    let csv = env.ok(&["report", "quality", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "measure,denominator,numerator,pending,rate,missed");
    assert_eq!(lines[1], format!("tcm_contact,2,1,0,0.5,{}", c.bo));
    assert_eq!(lines.len(), 13);
}

#[test]
fn a_period_that_ends_before_it_starts_is_refused_and_writes_nothing() {
    let env = Env::new();
    client(&env, "Ada", &[]);
    env.refused_unchanged(&["report", "quality", "--from", "2026-11-30", "--to", "2026-11-01"], "before it starts");
    env.refused_unchanged(&["report", "quality", "--from", "someday", "--to", "2026-11-01"], "someday");
}
