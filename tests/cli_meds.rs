//! `caseload med` and `encounter add --reason` (SPEC §2, §4, §10): a
//! medication list that is never deleted, reconciliations tied to the
//! client's own discharges, refusals that write nothing, the audit rows and
//! `--redact`.

mod common;

use common::Env;
use serde_json::Value;

fn client(env: &Env, given: &str) -> String {
    env.ok(&["client", "add", "--given-name", given, "--family-name", "Testcase", "--enrolled-on", "2026-09-01"])
        .trim()
        .to_string()
}

fn med(env: &Env, client: &str, name: &str, extra: &[&str]) -> String {
    let mut args = vec!["med", "add", client, "--name", name];
    args.extend_from_slice(extra);
    env.ok(&args).trim().to_string()
}

fn names(list: &Value) -> Vec<String> {
    list.as_array().expect("array").iter().map(|m| m["name"].as_str().expect("name").to_string()).collect()
}

#[test]
fn an_encounter_says_why_and_is_medical_unless_told() {
    let env = Env::new();
    let ada = client(&env, "Ada");
    let base = ["encounter", "add", &ada, "--kind", "ed", "--facility", "Synthetic ED", "--admitted", "2026-11-20"];
    let mut args = base.to_vec();
    args.extend(["--reason", "Mental-Health"]);
    assert_eq!(env.json(&args)["reason"], "mental_health");
    assert_eq!(env.json(&base)["reason"], "medical");
    let mut bad = base.to_vec();
    bad.extend(["--reason", "psych"]);
    let stderr = env.refused_unchanged(&bad, "\"psych\" is not a known reason");
    assert!(stderr.contains("self_harm, substance_use"), "{stderr}");
    let table = env.ok(&["encounter", "list", &ada]);
    assert!(table.contains("REASON") && table.contains("mental health"), "{table}");
}

#[test]
fn medications_are_listed_active_first_and_stopped_as_stopped() {
    let env = Env::new();
    let ada = client(&env, "Ada");
    let a =
        med(&env, &ada, "Synthetic-statin", &["--dose", "20 mg", "--frequency", "nightly", "--started", "2026-10-01"]);
    med(&env, &ada, "Synthetic-pril", &["--prescriber", "Dr. Test"]);
    let stopped = env.json(&["med", "stop", &a, "--on", "2026-11-20"]);
    assert_eq!(stopped["stopped_on"], "2026-11-20");
    let list = env.json(&["med", "list", &ada]);
    assert_eq!(names(&list), ["Synthetic-pril", "Synthetic-statin"]);
    let statin = &list[1];
    for (field, value) in [
        ("dose", "20 mg"),
        ("frequency", "nightly"),
        ("started_on", "2026-10-01"),
        ("stopped_on", "2026-11-20"),
        ("created_by", "casey"),
    ] {
        assert_eq!(statin[field], value, "{field}: {statin}");
    }
    assert_eq!(list[0]["stopped_on"], Value::Null);
    let table = env.ok(&["med", "list", &ada]);
    assert!(table.contains("stopped 2026-11-20") && table.contains("active"), "{table}");
    assert!(table.contains("Never reconciled"), "{table}");
    let csv = env.ok(&["med", "list", &ada, "--format", "csv"]);
    assert!(csv.starts_with("id,client_id,name,dose,frequency,prescriber,started_on,stopped_on,notes"), "{csv}");
    // A stopped medication stays stopped; the refusal writes nothing.
    env.refused_unchanged(&["med", "stop", &a, "--on", "2026-11-21"], "already stopped");
    env.refused_unchanged(&["med", "stop", "999", "--on", "2026-11-21"], "No medication with id 999");
    env.refused_unchanged(&["med", "add", &ada, "--name", "x", "--started", "2026-11-24"], "in the future");
    env.refused_unchanged(&["med", "add", &ada, "--name", "x", "--dose", "1\u{1b}[2J"], "control character");
    env.refused_unchanged(&["med", "add", &ada, "--name", " "], "Name cannot be empty");
}

#[test]
fn a_reconciliation_follows_the_clients_own_discharge_and_stops_in_the_same_transaction() {
    let env = Env::new();
    let ada = client(&env, "Ada");
    let bo = client(&env, "Bo");
    let args = |who: &str| {
        env.ok(&[
            "encounter",
            "add",
            who,
            "--kind",
            "inpatient",
            "--facility",
            "Synthetic General",
            "--admitted",
            "2026-11-10",
            "--discharged",
            "2026-11-16",
        ])
        .trim()
        .to_string()
    };
    let (ada_stay, bo_stay) = (args(&ada), args(&bo));
    let ada_med = med(&env, &ada, "Synthetic-olol", &[]);
    let bo_med = med(&env, &bo, "Synthetic-azole", &[]);
    env.refused_unchanged(
        &["med", "reconcile", &ada, "--encounter", &bo_stay],
        &format!("Encounter {bo_stay} is not this client's"),
    );
    env.refused_unchanged(&["med", "reconcile", &ada, "--encounter", "999"], "No encounter with id 999");
    // The other client's medication: nothing is written, not even the reconciliation before it.
    env.refused_unchanged(
        &["med", "reconcile", &ada, "--stop", &ada_med, "--stop", &bo_med],
        &format!("Medication {bo_med} is not this client's"),
    );
    env.refused_unchanged(&["med", "reconcile", &ada, "--on", "2026-11-24"], "in the future");
    let done = env.json(&[
        "med",
        "reconcile",
        &ada,
        "--on",
        "2026-11-18",
        "--encounter",
        &ada_stay,
        "--stop",
        &ada_med,
        "--notes",
        "Went through the list with Ada.",
    ]);
    assert_eq!(done["reconciled_on"], "2026-11-18");
    assert_eq!(done["encounter_id"].to_string(), ada_stay);
    assert_eq!(done["by"], "casey");
    assert_eq!(env.json(&["med", "list", &ada])[0]["stopped_on"], "2026-11-18");
    assert!(env.ok(&["med", "list", &ada]).contains("Last reconciled on 2026-11-18."));
    // --redact: the client's name in the notes becomes initials.
    let redacted =
        env.ok(&["--redact", "med", "reconcile", &ada, "--notes", "Ada Testcase confirmed.", "--format", "json"]);
    assert!(!redacted.contains("Ada") && redacted.contains("A. T. confirmed."), "{redacted}");
}

#[test]
fn listing_medications_writes_a_view_row_and_each_change_its_own() {
    let env = Env::new();
    let ada = client(&env, "Ada");
    let id = med(&env, &ada, "Synthetic-pine", &[]);
    env.ok(&["med", "stop", &id, "--on", "today"]);
    env.ok(&["med", "list", &ada]);
    env.ok(&["med", "reconcile", &ada]);
    let store = env.store();
    let mut statement = store
        .conn()
        .prepare("SELECT action || ' ' || entity || ' ' || coalesce(CAST(entity_id AS TEXT), '-') FROM audit WHERE entity IN ('medication', 'reconciliation') OR action = 'view' ORDER BY id")
        .expect("select");
    let rows: Vec<String> =
        statement.query_map([], |r| r.get(0)).expect("rows").collect::<rusqlite::Result<_>>().expect("read");
    assert_eq!(
        rows,
        [
            format!("create medication {id}"),
            format!("update medication {id}"),
            format!("view client {ada}"),
            "create reconciliation 1".to_string()
        ]
    );
}

#[test]
fn an_unreadable_medication_is_left_out_with_a_warning_and_check_names_it() {
    let env = Env::new();
    let ada = client(&env, "Ada");
    med(&env, &ada, "Synthetic-pril", &[]);
    let store = env.store();
    let conn = store.conn();
    conn.execute(
        "INSERT INTO medication (client_id, name, started_on, created_by, created_at)
         VALUES (?1, 'Synthetic-bad', '2026-13-45', 'casey', '2026-11-23T15:00:00Z')",
        [&ada],
    )
    .expect("a damaged row");
    conn.execute(
        "INSERT INTO reconciliation (client_id, reconciled_on, reconciled_by, created_by, created_at)
         VALUES (?1, '2026-11-20', 'casey', 'casey', 'yesterday')",
        [&ada],
    )
    .expect("a damaged row");
    drop(store);
    let output = env.cmd().args(["med", "list", &ada, "--format", "json"]).output().expect("runs");
    assert!(output.status.success());
    let list: Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(names(&list), ["Synthetic-pril"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("medication 2 could not be read (its started_on is not a valid date)"), "{stderr}");
    assert!(stderr.contains("reconciliation 1 could not be read"), "{stderr}");
    assert!(!stderr.contains("Synthetic-bad"), "no contents in the warning: {stderr}");
    let (code, _) = env.fails(&["check"]);
    assert_eq!(code, 1);
    let output = env.cmd().arg("check").output().expect("runs");
    let all = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(all.contains("medication 2") && all.contains("reconciliation 1"), "{all}");
}

/// The kinds `caseload alerts` lists for the caseload.
fn alert_kinds(env: &Env) -> Vec<String> {
    let alerts = env.json(&["alerts"]);
    alerts.as_array().expect("array").iter().map(|a| a["kind"].as_str().expect("kind").to_string()).collect()
}

#[test]
fn alerts_ask_for_a_reconciliation_after_a_discharge_and_a_visit_after_an_ed_visit_for_substance_use() {
    let env = Env::new();
    let ada = client(&env, "Ada");
    env.ok(&[
        "encounter",
        "add",
        &ada,
        "--kind",
        "inpatient",
        "--facility",
        "Synthetic General",
        "--admitted",
        "2026-11-10",
        "--discharged",
        "2026-11-16",
    ]);
    env.ok(&[
        "encounter",
        "add",
        &ada,
        "--kind",
        "ed",
        "--reason",
        "substance_use",
        "--facility",
        "Synthetic ED",
        "--admitted",
        "2026-11-20",
        "--discharged",
        "2026-11-20",
    ]);
    let kinds = alert_kinds(&env);
    assert!(kinds.contains(&"med_reconciliation".to_string()), "{kinds:?}");
    assert!(kinds.contains(&"bh_followup".to_string()), "{kinds:?}");
    env.ok(&["med", "reconcile", &ada, "--on", "2026-11-17"]);
    env.ok(&["appt", "add", &ada, "--at", "2026-11-25 10:00", "--kind", "therapy"]);
    let kinds = alert_kinds(&env);
    assert!(!kinds.contains(&"med_reconciliation".to_string()), "{kinds:?}");
    assert!(!kinds.contains(&"bh_followup".to_string()), "a therapy visit is booked: {kinds:?}");
}
