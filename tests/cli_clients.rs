//! `caseload client add/list/show/edit/discharge` through the real binary.

mod common;

use caseload::domain::client::Risk;
use common::{Env, USER};
use serde_json::{Value, json};

/// Adds a client through the CLI and returns its id.
fn add(env: &Env, args: &[&str]) -> i64 {
    let mut all = vec!["client", "add"];
    all.extend(args);
    env.ok(&all).trim().parse().expect("add prints the new id")
}

fn show(env: &Env, client: &str) -> Value {
    env.json(&["client", "show", client])
}

fn ids(listing: &Value) -> Vec<i64> {
    listing.as_array().expect("array").iter().map(|c| c["id"].as_i64().expect("id")).collect()
}

fn table_counts(env: &Env) -> Vec<(&'static str, i64)> {
    env.store().table_counts().expect("counts")
}

#[test]
fn add_takes_every_field_and_show_gives_them_back() {
    let env = Env::new();
    let id = add(
        &env,
        &[
            "--mrn",
            "MRN-0042",
            "--given-name",
            "Ada",
            "--family-name",
            "Quill",
            "--preferred-name",
            "Addie",
            "--dob",
            "1950-03-04",
            "--phone",
            "555-0100",
            "--alt-phone",
            "555-0101",
            "--address",
            "12 Example Lane, Springfield",
            "--language",
            "Spanish",
            "--interpreter-needed",
            "--gender",
            "Female",
            "--program",
            "CCM",
            "--risk",
            "high",
            "--status",
            "on_hold",
            "--coordinator",
            "robin",
            "--enrolled-on",
            "yesterday",
            "--payer",
            "Example Health Plan",
            "--member-id",
            "EX123",
            "--coverage-ends-on",
            "+30d",
            "--consent-expires-on",
            "2027-06-30",
            "--tags",
            "Diabetes, CHF",
        ],
    );
    let client = show(&env, &id.to_string());
    let expected = json!({
        "id": id, "mrn": "MRN-0042", "given_name": "Ada", "family_name": "Quill", "preferred_name": "Addie",
        "dob": "1950-03-04", "phone": "555-0100", "alt_phone": "555-0101",
        "address": "12 Example Lane, Springfield", "language": "Spanish", "interpreter_needed": true,
        "gender": "female", "program": "ccm", "risk": "high", "status": "on_hold", "coordinator": "robin",
        "enrolled_on": "2026-11-22", "discharged_on": null, "discharge_reason": null,
        "payer": "Example Health Plan", "member_id": "EX123", "coverage_ends_on": "2026-12-23",
        "consent_expires_on": "2027-06-30", "tags": ["diabetes", "chf"], "created_by": USER,
        "created_at": "2026-11-23T15:00:00Z", "updated_at": "2026-11-23T15:00:00Z",
    });
    assert_eq!(client, expected);
    // The listing carries the same record.
    let listing = env.json(&["client", "list", "--all"]);
    assert_eq!(listing, json!([expected]));
}

#[test]
fn add_fills_the_defaults_and_json_prints_the_record() {
    let env = Env::new();
    let created = env.json(&["client", "add", "--given-name", "Bo", "--family-name", "Zed"]);
    assert_eq!(created["program"], "general");
    assert_eq!(created["risk"], "medium");
    assert_eq!(created["status"], "active");
    assert_eq!(created["coordinator"], USER);
    assert_eq!(created["enrolled_on"], "2026-11-23");
    assert_eq!(created["interpreter_needed"], false);
    assert_eq!(created["tags"], json!([]));
    assert_eq!(show(&env, &created["id"].to_string()), created);
}

#[test]
fn a_client_can_be_named_by_mrn() {
    let env = Env::new();
    let id = add(&env, &["--given-name", "Ada", "--family-name", "Quill", "--mrn", "A-77"]);
    assert_eq!(show(&env, "A-77")["id"], id);
    env.ok(&["client", "edit", "A-77", "--language", "French"]);
    assert_eq!(show(&env, &id.to_string())["language"], "French");
}

#[test]
fn edit_changes_only_the_given_fields() {
    let env = Env::new();
    let id = add(
        &env,
        &["--given-name", "Ada", "--family-name", "Quill", "--phone", "555-0100", "--payer", "Plan", "--tags", "a,b"],
    )
    .to_string();
    let before = show(&env, &id);
    let out = env.ok(&["client", "edit", &id, "--risk", "high", "--phone", "", "--interpreter-needed", "true"]);
    assert!(out.contains("Updated client"), "{out}");
    let after = show(&env, &id);
    let mut expected = before.clone();
    expected["risk"] = json!("high");
    expected["phone"] = Value::Null;
    expected["interpreter_needed"] = json!(true);
    expected["updated_at"] = after["updated_at"].clone();
    assert_eq!(after, expected);

    env.ok(&["client", "edit", &id, "--interpreter-needed", "false", "--tags", "", "--dob", "1961-01-02"]);
    let again = show(&env, &id);
    assert_eq!(again["interpreter_needed"], false);
    assert_eq!(again["tags"], json!([]));
    assert_eq!(again["dob"], "1961-01-02");
    assert_eq!(again["payer"], "Plan");
}

#[test]
fn edit_without_flags_is_refused_with_the_flags_as_hint() {
    let env = Env::new();
    let id = env.add_client("Ada", "Quill", Risk::Low).to_string();
    let before = table_counts(&env);
    let (code, stderr) = env.fails(&["client", "edit", &id]);
    assert_eq!(code, 1);
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains("hint:") && stderr.contains("--phone") && stderr.contains("--risk"), "{stderr}");
    assert_eq!(table_counts(&env), before);
}

#[test]
fn bad_edits_change_nothing() {
    let env = Env::new();
    let id = env.add_client("Ada", "Quill", Risk::Low).to_string();
    let before = show(&env, &id);
    for args in [
        vec!["--given-name", " "],
        vec!["--risk", "severe"],
        vec!["--dob", "next year"],
        vec!["--dob", "+3d"],
        vec!["--status", "discharged"],
    ] {
        let mut all = vec!["client", "edit", &id];
        all.extend(args.iter());
        let (code, stderr) = env.fails(&all);
        assert_eq!(code, 1, "{args:?}");
        assert!(stderr.contains("hint:"), "{args:?}: {stderr}");
    }
    assert_eq!(show(&env, &id), before);
}

#[test]
fn discharge_sets_date_and_reason_and_hides_the_client_from_the_default_list() {
    let env = Env::new();
    let kept = env.add_client("Ada", "Quill", Risk::High);
    let gone = env.add_client("Bo", "Zed", Risk::Low);
    let out =
        env.ok(&["client", "discharge", &gone.to_string(), "--reason", "Moved out of state", "--on", "yesterday"]);
    assert!(out.contains("Discharged"), "{out}");
    let client = show(&env, &gone.to_string());
    assert_eq!(client["status"], "discharged");
    assert_eq!(client["discharged_on"], "2026-11-22");
    assert_eq!(client["discharge_reason"], "Moved out of state");
    assert_eq!(ids(&env.json(&["client", "list"])), vec![kept]);
    assert_eq!(ids(&env.json(&["client", "list", "--all"])), vec![kept, gone]);
    assert_eq!(ids(&env.json(&["client", "list", "--status", "discharged"])), vec![gone]);

    let (code, stderr) = env.fails(&["client", "discharge", &gone.to_string(), "--reason", "again"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("already discharged") && stderr.contains("hint:"), "{stderr}");
    let (code, stderr) = env.fails(&["client", "discharge", &kept.to_string(), "--reason", "x", "--on", "tomorrow"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("future"), "{stderr}");
    assert_eq!(show(&env, &kept.to_string())["status"], "active");
}

#[test]
fn an_unknown_client_gets_exit_1_and_a_hint() {
    let env = Env::new();
    env.add_client("Ada", "Quill", Risk::Low);
    for args in [
        vec!["client", "show", "999"],
        vec!["client", "show", "NO-SUCH-MRN"],
        vec!["client", "edit", "999", "--phone", "1"],
        vec!["client", "discharge", "999", "--reason", "x"],
    ] {
        let (code, stderr) = env.fails(&args);
        assert_eq!(code, 1, "{args:?}");
        assert!(stderr.starts_with("error: ") && stderr.contains("\nhint: "), "{args:?}: {stderr}");
    }
}

#[test]
fn a_duplicate_mrn_is_refused_and_nothing_is_written() {
    let env = Env::new();
    add(&env, &["--given-name", "Ada", "--family-name", "Quill", "--mrn", "DUP-1"]);
    let other = add(&env, &["--given-name", "Bo", "--family-name", "Zed"]).to_string();
    let before = table_counts(&env);
    let (code, stderr) = env.fails(&["client", "add", "--given-name", "Cy", "--family-name", "Ray", "--mrn", "DUP-1"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("MRN") && stderr.contains("hint:"), "{stderr}");
    let (code, _) = env.fails(&["client", "edit", &other, "--mrn", "DUP-1"]);
    assert_eq!(code, 1);
    assert_eq!(table_counts(&env), before);
    assert_eq!(show(&env, &other)["mrn"], Value::Null);
}

#[test]
fn bad_input_on_add_is_refused_with_a_hint() {
    let env = Env::new();
    for args in [
        vec!["--risk", "severe"],
        vec!["--status", "gone"],
        vec!["--dob", "2030-01-01"],
        vec!["--enrolled-on", "someday"],
        vec!["--program", ""],
    ] {
        let mut all = vec!["client", "add", "--given-name", "Ada", "--family-name", "Quill"];
        all.extend(args.iter());
        let (code, stderr) = env.fails(&all);
        assert_eq!(code, 1, "{args:?}");
        assert!(stderr.contains("hint:"), "{args:?}: {stderr}");
    }
    // A missing required flag is a usage error.
    let (code, _) = env.fails(&["client", "add", "--given-name", "Ada"]);
    assert_eq!(code, 2);
    assert!(env.json(&["client", "list", "--all"]).as_array().expect("array").is_empty());
}

#[test]
fn list_filters_by_coordinator_risk_status_and_search() {
    let env = Env::new();
    let ada = add(&env, &["--given-name", "Ada", "--family-name", "Quill", "--risk", "high", "--phone", "555-0199"]);
    let bo = add(&env, &["--given-name", "Bo", "--family-name", "Zed", "--status", "on_hold"]);
    let cy = add(&env, &["--given-name", "Cy", "--family-name", "Ray", "--coordinator", "robin"]);
    let di = add(&env, &["--given-name", "Di", "--family-name", "Ames", "--coordinator", "robin", "--risk", "high"]);

    assert_eq!(ids(&env.json(&["client", "list"])), vec![ada, bo]);
    assert_eq!(ids(&env.json(&["client", "list", "--team"])), vec![di, ada, cy, bo]);
    assert_eq!(ids(&env.json(&["client", "list", "--coordinator", "robin"])), vec![di, cy]);
    assert_eq!(ids(&env.json(&["client", "list", "--team", "--risk", "high"])), vec![di, ada]);
    assert_eq!(ids(&env.json(&["client", "list", "--status", "on_hold"])), vec![bo]);
    assert_eq!(ids(&env.json(&["client", "list", "--search", "qui"])), vec![ada]);
    assert_eq!(ids(&env.json(&["client", "list", "--search", "555-0199"])), vec![ada]);
    assert_eq!(ids(&env.json(&["client", "list", "--search", "ray"])), Vec::<i64>::new());
    assert_eq!(ids(&env.json(&["client", "list", "--all", "--search", "ray"])), vec![cy]);

    let (code, stderr) = env.fails(&["client", "list", "--risk", "extreme"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("high, medium, low"), "{stderr}");
    let (code, _) = env.fails(&["client", "list", "--team", "--coordinator", "robin"]);
    assert_eq!(code, 2);
}

#[test]
fn tables_fit_80_columns_and_csv_has_the_field_names() {
    let env = Env::new();
    let long = "Bartholomew-Alexander Featherstonehaugh-Cholmondeley";
    for coordinator in [USER, "a-coordinator-with-a-long-name"] {
        add(
            &env,
            &[
                "--given-name",
                long,
                "--family-name",
                long,
                "--preferred-name",
                "Barty",
                "--program",
                "general",
                "--phone",
                "+1 (555) 555-0100 ext 1234",
                "--coordinator",
                coordinator,
                "--status",
                "on_hold",
            ],
        );
    }
    for args in [vec!["client", "list"], vec!["client", "list", "--team"]] {
        let table = env.ok(&args);
        assert_eq!(table.lines().count(), if args.len() == 2 { 2 } else { 3 }, "{table}");
        for line in table.lines() {
            assert!(line.chars().count() <= 80, "{} wide: {line}", line.chars().count());
        }
    }
    let csv = env.ok(&["client", "list", "--format", "csv"]);
    let header = csv.lines().next().expect("header");
    assert!(header.contains("given_name") && header.contains("coverage_ends_on"), "{header}");
    assert!(env.ok(&["client", "list", "--coordinator", "nobody"]).contains("No clients"));
}

#[test]
fn reassign_hands_one_client_or_a_whole_caseload_over_and_audits_it() {
    let env = Env::new();
    let ada = env.add_client("Ada", "Quill", caseload::domain::client::Risk::High).to_string();
    env.add_client("Ben", "Ortiz", caseload::domain::client::Risk::Low);
    env.add_client("Cora", "Lind", caseload::domain::client::Risk::Low);
    env.ok(&["client", "discharge", "3", "--reason", "Moved away"]);

    assert_eq!(
        env.ok(&["client", "reassign", &ada, "--to", "morgan"]).trim(),
        "Client 1 is now coordinated by morgan."
    );
    assert_eq!(env.json(&["client", "show", &ada])["coordinator"], "morgan");
    assert_eq!(
        env.ok(&["client", "reassign", "--from", "casey", "--to", "riley"]).trim(),
        "1 client moved from casey to riley."
    );
    let everyone = env.json(&["client", "list", "--all"]);
    let coordinators: Vec<&str> =
        everyone.as_array().expect("array").iter().map(|c| c["coordinator"].as_str().expect("coordinator")).collect();
    // Ortiz, Lind (discharged, stays with casey), Quill — by family name.
    assert_eq!(coordinators, ["casey", "riley", "morgan"]);
    let audit = env.json(&["audit", "--client", "2"]);
    assert!(audit.as_array().expect("array").iter().any(|row| row["action"] == "update"), "{audit}");

    env.refused_unchanged(
        &["client", "reassign", "--from", "casey", "--to", "riley"],
        "No active or on-hold clients are coordinated by casey",
    );
    env.refused_unchanged(&["client", "reassign", &ada, "--to", "  "], "Coordinator cannot be empty");
    let (code, _) = env.fails(&["client", "reassign", "--to", "riley"]);
    assert_eq!(code, 2, "which clients is a usage error");
}
