//! `caseload referral` through the real binary, on Monday 23 November 2026.

mod common;

use caseload::domain::client::Risk;
use caseload::domain::resource::Resource;
use caseload::store::resources;
use common::Env;
use serde_json::{Value, json};

/// Runs a command on another day (local 09:00), for status-change dates.
fn on_day(env: &Env, day: &str, args: &[&str]) -> Value {
    let output =
        env.cmd().env("CASELOAD_NOW", format!("{day}T09:00:00")).args(args).args(["--format", "json"]).output();
    let output = output.expect("runs");
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("json")
}

fn add_resource(env: &Env, name: &str) -> i64 {
    let resource = Resource {
        id: 0,
        name: name.into(),
        organization: None,
        category: Some("food".into()),
        phone: None,
        address: None,
        hours: None,
        eligibility: None,
        languages: None,
        url: None,
        email: None,
        notes: None,
        hsds_id: None,
        created_by: common::USER.into(),
        created_at: common::now(),
    };
    env.store().write(|w| resources::insert(w.conn(), &resource, w.user(), w.now())).expect("resource")
}

fn ids(listing: &Value) -> Vec<i64> {
    listing.as_array().expect("array").iter().map(|r| r["id"].as_i64().expect("id")).collect()
}

#[test]
fn a_referral_round_trips_as_a_draft_and_as_sent() {
    let env = Env::new();
    let client = env.add_client("Ada", "Quill", Risk::High).to_string();
    let draft = env.json(&[
        "referral",
        "add",
        &client,
        "--to",
        "Dr. Okafor, cardiology",
        "--kind",
        "medical",
        "--reason",
        "new murmur",
    ]);
    let id = draft["id"].as_i64().expect("id");
    let expected = json!({
        "id": id, "client_id": client.parse::<i64>().expect("id"), "to": "Dr. Okafor, cardiology",
        "resource_id": null, "kind": "medical", "reason": "new murmur", "status": "draft", "sent_on": null,
        "status_changed_on": "2026-11-23", "outcome": null, "created_by": "casey",
        "created_at": "2026-11-23T15:00:00Z",
    });
    assert_eq!(draft, expected);
    let mut listed = expected;
    listed["client_name"] = json!("Quill, Ada");
    assert_eq!(env.json(&["referral", "list"]), json!([listed]));

    let sent = env.json(&[
        "referral",
        "add",
        &client,
        "--to",
        "Northside Food Pantry",
        "--kind",
        "food",
        "--reason",
        "food insecurity",
        "--status",
        "sent",
    ]);
    assert_eq!((&sent["status"], &sent["sent_on"]), (&json!("sent"), &json!("2026-11-23")));
    let plain = env.ok(&["referral", "add", &client, "--to", "x", "--kind", "other", "--reason", "y"]);
    assert_eq!(plain.trim(), (id + 2).to_string());
    let table = env.ok(&["referral", "list"]);
    assert!(table.contains("Northside Food") && table.contains("sent") && table.contains("2026-11-23"), "{table}");
}

#[test]
fn status_changes_are_dated_and_sent_on_is_kept() {
    let env = Env::new();
    let client = env.add_client("Ada", "Quill", Risk::High).to_string();
    let id = env.ok(&["referral", "add", &client, "--to", "Housing hub", "--kind", "housing", "--reason", "eviction"]);
    let id = id.trim();

    let sent = on_day(&env, "2026-11-30", &["referral", "set", id, "--status", "sent"]);
    assert_eq!((&sent["sent_on"], &sent["status_changed_on"]), (&json!("2026-11-30"), &json!("2026-11-30")));
    let scheduled =
        on_day(&env, "2026-12-02", &["referral", "set", id, "--status", "scheduled", "--outcome", "intake on Friday"]);
    assert_eq!((&scheduled["sent_on"], &scheduled["status_changed_on"]), (&json!("2026-11-30"), &json!("2026-12-02")));
    let listed = &env.json(&["referral", "list"])[0];
    assert_eq!((&listed["status"], &listed["outcome"]), (&json!("scheduled"), &json!("intake on Friday")));

    // An outcome alone may be added without moving the status date.
    let noted = on_day(&env, "2026-12-03", &["referral", "set", id, "--status", "scheduled", "--outcome", "moved"]);
    assert_eq!((&noted["status_changed_on"], &noted["outcome"]), (&json!("2026-12-02"), &json!("moved")));
    assert_eq!(
        env.ok(&["referral", "set", id, "--status", "completed"]).trim(),
        format!("Referral {id} is completed as of 2026-11-23.")
    );
}

#[test]
fn lists_filter_by_status_openness_client_and_coordinator() {
    let env = Env::new();
    let ada = env.add_client("Ada", "Quill", Risk::High).to_string();
    let cy = env.add_client("Cy", "Mendez", Risk::Low).to_string();
    let mut colleague = common::blank_client();
    colleague.coordinator = "morgan".into();
    let theirs = env.store().add_client(colleague, common::today()).expect("client").to_string();
    let add = |client: &str, status: &str| -> i64 {
        let out =
            env.ok(&["referral", "add", client, "--to", "x", "--kind", "food", "--reason", "y", "--status", status]);
        out.trim().parse().expect("id")
    };
    let a = add(&ada, "sent");
    let b = add(&cy, "completed");
    let c = add(&ada, "draft");
    let d = add(&theirs, "sent");

    assert_eq!(ids(&env.json(&["referral", "list"])), [a, b, c]);
    assert_eq!(ids(&env.json(&["referral", "list", "--open"])), [a, c]);
    assert_eq!(ids(&env.json(&["referral", "list", "--status", "sent", "--all-coordinators"])), [a, d]);
    assert_eq!(ids(&env.json(&["referral", "list", "--client", &cy])), [b]);
    assert_eq!(env.ok(&["referral", "list", "--status", "declined"]).trim(), "No referrals.");
}

#[test]
fn a_referral_may_point_at_a_directory_resource() {
    let env = Env::new();
    let client = env.add_client("Ada", "Quill", Risk::High).to_string();
    let resource = add_resource(&env, "Northside Food Pantry");
    let added = env.json(&[
        "referral",
        "add",
        &client,
        "--resource",
        &resource.to_string(),
        "--kind",
        "food",
        "--reason",
        "food insecurity",
    ]);
    assert_eq!((&added["to"], &added["resource_id"]), (&json!("Northside Food Pantry"), &json!(resource)));
    env.refused_unchanged(
        &["referral", "add", &client, "--resource", "77", "--kind", "food", "--reason", "x"],
        "No resource with id 77",
    );
}

#[test]
fn bad_referral_input_is_refused_and_changes_nothing() {
    let env = Env::new();
    let client = env.add_client("Ada", "Quill", Risk::High).to_string();
    let id = env.ok(&["referral", "add", &client, "--to", "x", "--kind", "food", "--reason", "y"]);
    let id = id.trim();

    let kind = env.refused_unchanged(
        &["referral", "add", &client, "--to", "x", "--kind", "dental", "--reason", "y"],
        "\"dental\" is not a known kind",
    );
    assert!(kind.contains("medical, behavioral, food, housing, transport, financial, utilities, other"), "{kind}");
    env.refused_unchanged(
        &["referral", "add", &client, "--to", "x", "--kind", "food", "--reason", "y", "--status", "lost"],
        "draft, sent, scheduled, completed, declined, no_response",
    );
    env.refused_unchanged(
        &["referral", "add", &client, "--to", "x", "--kind", "food", "--reason", " "],
        "Reason cannot be empty",
    );
    env.refused_unchanged(
        &["referral", "add", &client, "--to", "", "--kind", "food", "--reason", "y"],
        "To cannot be empty",
    );
    env.refused_unchanged(
        &["referral", "add", "Q-1", "--to", "x", "--kind", "food", "--reason", "y"],
        "No client with id or MRN Q-1",
    );
    env.refused_unchanged(&["referral", "set", id, "--status", "draft"], "is already draft");
    env.refused_unchanged(&["referral", "set", "55", "--status", "sent"], "No referral with id 55");
    env.refused_unchanged(&["referral", "set", id, "--status", "gone"], "not a known status");

    let (code, _) = env.fails(&["referral", "set", "one", "--status", "sent"]);
    assert_eq!(code, 2);
    let (code, _) = env.fails(&["referral", "add", &client, "--kind", "food", "--reason", "y"]);
    assert_eq!(code, 2, "--to or --resource is required");
}
