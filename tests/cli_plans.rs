//! `caseload plan` and `caseload encounter` through the real binary, on
//! Monday 23 November 2026.

mod common;

use caseload::domain::client::Risk;
use caseload::store::AuditAction;
use caseload::store::audit::AuditFilter;
use common::Env;
use serde_json::json;

fn new_id(output: String) -> i64 {
    output.trim().parse().expect("add prints the new id alone")
}

#[test]
fn a_care_plan_is_built_changed_and_shown() {
    let env = Env::new();
    let client = env.add_client("Ada", "Quill", Risk::High);
    let c = client.to_string();

    let problem = env.json(&["plan", "problem", &c, "--add", " Uncontrolled type 2 diabetes "]);
    let problem_id = problem["id"].as_i64().expect("id");
    assert_eq!(
        problem,
        json!({"id": problem_id, "client_id": client, "description": "Uncontrolled type 2 diabetes",
               "status": "active", "created_by": "casey", "created_at": "2026-11-23T15:00:00Z"})
    );
    let goal = env.json(&[
        "plan",
        "goal",
        &c,
        "--add",
        "A1c under 8",
        "--target",
        "2027-03-01",
        "--problem",
        &problem_id.to_string(),
    ]);
    let goal_id = goal["id"].as_i64().expect("id");
    assert_eq!(
        (&goal["problem_id"], &goal["target_on"], &goal["status"]),
        (&json!(problem_id), &json!("2027-03-01"), &json!("active"))
    );
    let intervention = env.json(&[
        "plan",
        "intervention",
        &c,
        "--add",
        "Weekly glucose log review",
        "--owner",
        "casey",
        "--goal",
        &goal_id.to_string(),
    ]);
    assert_eq!((&intervention["goal_id"], &intervention["status"]), (&json!(goal_id), &json!("planned")));
    let second = new_id(env.ok(&["plan", "problem", &c, "--add", "Food insecurity"]));
    let proposed = new_id(env.ok(&["plan", "goal", &c, "--add", "Enrol in SNAP", "--status", "proposed"]));

    let shown = env.json(&["plan", "show", &c]);
    assert_eq!(shown["client_id"], client);
    assert_eq!(shown["last_reviewed_on"], json!(null));
    assert_eq!(shown["problems"][0], problem);
    assert_eq!(shown["goals"][0], goal);
    assert_eq!(shown["goals"][1]["status"], "proposed");
    assert_eq!(shown["interventions"], json!([intervention]));

    env.ok(&["plan", "problem", &c, "--resolve", &second.to_string()]);
    let achieved = env.json(&["plan", "goal", &c, "--set", &goal_id.to_string(), "--status", "achieved"]);
    assert_eq!((&achieved["status"], &achieved["target_on"]), (&json!("achieved"), &json!("2027-03-01")));
    let moved = env.json(&["plan", "goal", &c, "--set", &proposed.to_string(), "--target", "+2w"]);
    assert_eq!((&moved["status"], &moved["target_on"]), (&json!("proposed"), &json!("2026-12-07")));
    let started =
        env.json(&["plan", "intervention", &c, "--set", &intervention["id"].to_string(), "--status", "in_progress"]);
    assert_eq!(started["status"], "in_progress");
    let reviewed = env.json(&["plan", "review", &c, "--on", "-3d"]);
    assert_eq!((&reviewed["last_reviewed_on"], &reviewed["last_reviewed_by"]), (&json!("2026-11-20"), &json!("casey")));

    let shown = env.json(&["plan", "show", &c]);
    assert_eq!(shown["problems"][1]["status"], "resolved");
    assert_eq!(shown["goals"][0]["status"], "achieved");
    assert_eq!(shown["interventions"][0]["status"], "in_progress");

    let table = env.ok(&["plan", "show", &c]);
    assert!(table.starts_with("Care plan of Quill, Ada (id 1), last reviewed 2026-11-20 by casey\n"), "{table}");
    for heading in ["\nProblems\n", "\nGoals\n", "\nInterventions\n"] {
        assert!(table.contains(heading), "{table}");
    }
    assert!(table.contains("Uncontrolled type 2 diabetes") && table.contains("in_progress"), "{table}");
    assert!(table.lines().all(|line| line.chars().count() <= 80), "{table}");

    let audit = env.store().audit_entries(&AuditFilter { client_id: Some(client), ..Default::default() });
    let audit = audit.expect("audit");
    let count =
        |action: AuditAction, entity: &str| audit.iter().filter(|e| e.action == action && e.entity == entity).count();
    assert_eq!((count(AuditAction::Create, "problem"), count(AuditAction::Update, "problem")), (2, 1));
    assert_eq!((count(AuditAction::Create, "goal"), count(AuditAction::Update, "goal")), (2, 2));
    assert_eq!((count(AuditAction::Create, "intervention"), count(AuditAction::Update, "intervention")), (1, 1));
    assert_eq!(count(AuditAction::View, "client"), 3);
}

#[test]
fn an_empty_plan_says_so() {
    let env = Env::new();
    let client = env.add_client("Ada", "Quill", Risk::Low).to_string();
    let table = env.ok(&["plan", "show", &client]);
    assert!(table.contains("never reviewed") && table.contains("No problems yet."), "{table}");
    assert_eq!(env.ok(&["plan", "review", &client]).trim(), "Care plan of client 1 reviewed on 2026-11-23.");
}

#[test]
fn bad_care_plan_input_is_refused_and_changes_nothing() {
    let env = Env::new();
    let ada = env.add_client("Ada", "Quill", Risk::High).to_string();
    let cy = env.add_client("Cy", "Mendez", Risk::Low).to_string();
    let problem = new_id(env.ok(&["plan", "problem", &ada, "--add", "Diabetes"])).to_string();
    let goal = new_id(env.ok(&["plan", "goal", &ada, "--add", "A1c under 8"])).to_string();
    env.ok(&["plan", "problem", &ada, "--resolve", &problem]);

    env.refused_unchanged(&["plan", "problem", &ada, "--add", "  "], "needs a description");
    env.refused_unchanged(&["plan", "problem", &ada, "--resolve", &problem], "already resolved");
    env.refused_unchanged(&["plan", "problem", &cy, "--resolve", &problem], "no problem 1 in this client's care plan");
    env.refused_unchanged(&["plan", "goal", &ada, "--add", "x", "--target", "yesterday"], "already past");
    env.refused_unchanged(
        &["plan", "goal", &ada, "--add", "x", "--target", "2026-13-01"],
        "2026-13-01 is not a date on the calendar (there is no month 13)",
    );
    env.refused_unchanged(&["plan", "goal", &cy, "--add", "x", "--problem", &problem], "no problem 1 in this");
    env.refused_unchanged(&["plan", "goal", &ada, "--set", &goal, "--status", "done"], "proposed, active, achieved");
    env.refused_unchanged(&["plan", "goal", &ada, "--set", &goal], "Nothing to change in goal 1");
    env.refused_unchanged(&["plan", "goal", &cy, "--set", &goal, "--status", "achieved"], "no goal");
    env.refused_unchanged(&["plan", "intervention", &ada, "--add", "x", "--goal", "42"], "no goal 42");
    env.refused_unchanged(&["plan", "intervention", &ada, "--add", "x", "--status", "later"], "planned, in_progress");
    env.refused_unchanged(&["plan", "review", &ada, "--on", "tomorrow"], "in the future");
    env.refused_unchanged(&["plan", "show", "nobody"], "No client with id or MRN nobody");

    let (code, _) = env.fails(&["plan", "goal", &ada, "--set", "first", "--status", "active"]);
    assert_eq!(code, 2);
    let (code, _) = env.fails(&["plan", "goal", &ada, "--add", "x", "--set", &goal]);
    assert_eq!(code, 2, "--add and --set are exclusive");
    let (code, _) = env.fails(&["plan", "problem", &ada]);
    assert_eq!(code, 2, "an action is required");
    let (code, _) = env.fails(&["plan", "intervention", &ada, "--set", "1"]);
    assert_eq!(code, 2, "--set needs --status");
}

#[test]
fn encounters_round_trip_and_discharge_once() {
    let env = Env::new();
    let client = env.add_client("Ada", "Quill", Risk::High);
    let c = client.to_string();
    let added = env.json(&[
        "encounter",
        "add",
        &c,
        "--kind",
        "inpatient",
        "--facility",
        " Mercy General ",
        "--admitted",
        "-5d",
    ]);
    let id = added["id"].as_i64().expect("id");
    assert_eq!(
        added,
        json!({"id": id, "client_id": client, "kind": "inpatient", "facility": "Mercy General",
               "admitted_on": "2026-11-18", "discharged_on": null, "reason": "medical", "created_by": "casey",
               "created_at": "2026-11-23T15:00:00Z"})
    );
    let earlier = new_id(env.ok(&[
        "encounter",
        "add",
        &c,
        "--kind",
        "ed",
        "--facility",
        "St. Luke",
        "--admitted",
        "2026-10-01",
        "--discharged",
        "2026-10-01",
    ]));

    let discharged = env.json(&["encounter", "discharge", &id.to_string(), "--on", "yesterday"]);
    assert_eq!(discharged["discharged_on"], "2026-11-22");
    let listed = env.json(&["encounter", "list", &c]);
    let ids: Vec<i64> = listed.as_array().expect("array").iter().map(|e| e["id"].as_i64().expect("id")).collect();
    assert_eq!(ids, [id, earlier]);
    assert_eq!(listed[0], discharged);
    let table = env.ok(&["encounter", "list", &c]);
    assert!(table.contains("Mercy General") && table.contains("2026-11-22"), "{table}");

    let id = id.to_string();
    env.refused_unchanged(&["encounter", "discharge", &id, "--on", "today"], "already discharged on 2026-11-22");
    let open =
        new_id(env.ok(&["encounter", "add", &c, "--kind", "snf", "--facility", "Oak Manor", "--admitted", "today"]));
    let open = open.to_string();
    env.refused_unchanged(&["encounter", "discharge", &open, "--on", "yesterday"], "before admission");
    env.refused_unchanged(&["encounter", "discharge", &open, "--on", "tomorrow"], "in the future");
    env.refused_unchanged(&["encounter", "discharge", "31", "--on", "today"], "No encounter with id 31");
    let kind = env.refused_unchanged(
        &["encounter", "add", &c, "--kind", "icu", "--facility", "x", "--admitted", "today"],
        "\"icu\" is not a known kind",
    );
    assert!(kind.contains("inpatient, observation, ed, snf"), "{kind}");
    env.refused_unchanged(
        &["encounter", "add", &c, "--kind", "ed", "--facility", " ", "--admitted", "today"],
        "Facility",
    );
    env.refused_unchanged(
        &["encounter", "add", &c, "--kind", "ed", "--facility", "x", "--admitted", "tomorrow"],
        "future",
    );
    env.refused_unchanged(
        &["encounter", "add", &c, "--kind", "ed", "--facility", "x", "--admitted", "today", "--discharged", "-1d"],
        "before admission",
    );
    env.refused_unchanged(
        &["encounter", "add", &c, "--kind", "ed", "--facility", "x", "--admitted", "2026-11-31"],
        "not a date",
    );
    env.refused_unchanged(&["encounter", "list", "MRN-0"], "No client with id or MRN MRN-0");
    let (code, _) = env.fails(&["encounter", "discharge", "ten", "--on", "today"]);
    assert_eq!(code, 2);
}
