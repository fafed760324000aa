//! `caseload followup` through the real binary, on Monday 23 November 2026.

mod common;

use caseload::domain::client::Risk;
use caseload::store::AuditAction;
use caseload::store::audit::AuditFilter;
use common::Env;
use serde_json::{Value, json};

fn add(env: &Env, client: i64, due: &str, title: &str) -> String {
    env.ok(&["followup", "add", &client.to_string(), "--due", due, "--title", title]).trim().to_string()
}

fn titles(listing: &Value) -> Vec<&str> {
    listing.as_array().expect("array").iter().map(|f| f["title"].as_str().expect("title")).collect()
}

#[test]
fn a_follow_up_round_trips() {
    let env = Env::new();
    let client = env.add_client("Ada", "Quill", Risk::High);
    let added = env.json(&["followup", "add", &client.to_string(), "--due", "friday", "--title", "  Call about labs "]);
    let id = added["id"].as_i64().expect("id");
    let expected = json!({
        "id": id, "client_id": client, "title": "Call about labs", "due_on": "2026-11-27", "status": "open",
        "done_at": null, "done_by": null, "snoozed_until": null, "snooze_reason": null,
        "created_by": "casey", "created_at": "2026-11-23T15:00:00Z",
    });
    assert_eq!(added, expected);
    let mut listed = expected;
    listed["client_name"] = json!("Quill, Ada");
    assert_eq!(env.json(&["followup", "list"]), json!([listed]));
    let table = env.ok(&["followup", "list"]);
    assert!(table.contains("2026-11-27") && table.contains("Call about labs"), "{table}");
    let late = env.ok(&["followup", "add", &client.to_string(), "--due", "-2d", "--title", "Late"]);
    assert_eq!(late.trim(), (id + 1).to_string());
}

#[test]
fn a_due_date_already_past_is_saved_with_a_warning() {
    let env = Env::new();
    let client = env.add_client("Ada", "Quill", Risk::High).to_string();
    let output = env
        .cmd()
        .args(["followup", "add", &client, "--due", "2026-02-28", "--title", "Call back"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "1");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with(
            "warning: 2026-02-28 is already past (268 days ago), so the follow-up is overdue at once\nhint: "
        ),
        "{stderr}"
    );
    let today =
        env.cmd().args(["followup", "add", &client, "--due", "today", "--title", "Due today"]).output().expect("runs");
    assert!(today.status.success() && today.stderr.is_empty(), "{today:?}");
    let late = env.json(&["followup", "add", &client, "--due", "-3d", "--title", "From paper"]);
    assert_eq!(late["due_on"], "2026-11-20");
    let alerts = env.json(&["alerts"]);
    let late_alert = alerts.as_array().expect("array").iter().find(|a| a["subject"] == late["id"]).expect("alert");
    assert_eq!((&late_alert["kind"], &late_alert["severity"]), (&json!("followup_due"), &json!("high")));
}

#[test]
fn lists_are_ordered_by_due_date_and_filtered() {
    let env = Env::new();
    let ada = env.add_client("Ada", "Quill", Risk::High);
    let cy = env.add_client("Cy", "Mendez", Risk::Low);
    let mut colleague = common::blank_client();
    colleague.coordinator = "morgan".into();
    let theirs = env.store().add_client(colleague, common::today()).expect("client");
    add(&env, ada, "+2w", "Later");
    add(&env, cy, "today", "Now");
    let done = add(&env, ada, "tomorrow", "Soon");
    add(&env, theirs, "today", "Not mine");
    env.ok(&["followup", "done", &done]);

    assert_eq!(titles(&env.json(&["followup", "list"])), ["Now", "Later"]);
    assert_eq!(titles(&env.json(&["followup", "list", "--status", "all"])), ["Now", "Soon", "Later"]);
    assert_eq!(titles(&env.json(&["followup", "list", "--status", "done"])), ["Soon"]);
    assert_eq!(titles(&env.json(&["followup", "list", "--client", &ada.to_string()])), ["Later"]);
    assert_eq!(titles(&env.json(&["followup", "list", "--all-coordinators"])), ["Now", "Not mine", "Later"]);
    assert_eq!(env.ok(&["followup", "list", "--status", "cancelled"]).trim(), "No follow-ups.");
}

#[test]
fn done_cancel_and_snooze_change_an_open_follow_up_once() {
    let env = Env::new();
    let client = env.add_client("Ada", "Quill", Risk::High);
    let id = add(&env, client, "today", "Call back");

    let snoozed = env.json(&["followup", "snooze", &id, "--until", "+3d", "--reason", " pharmacy closed "]);
    assert_eq!(
        (&snoozed["snoozed_until"], &snoozed["snooze_reason"]),
        (&json!("2026-11-26"), &json!("pharmacy closed"))
    );
    assert_eq!((&snoozed["status"], &snoozed["due_on"]), (&json!("open"), &json!("2026-11-23")));

    assert_eq!(env.ok(&["followup", "done", &id]).trim(), format!("Follow-up {id} is done."));
    let done = &env.json(&["followup", "list", "--status", "done"])[0];
    assert_eq!((&done["done_at"], &done["done_by"]), (&json!("2026-11-23T15:00:00Z"), &json!("casey")));

    let other = add(&env, client, "today", "Mail the form");
    assert_eq!(env.json(&["followup", "cancel", &other])["status"], "cancelled");

    let audit = env.store().audit_entries(&AuditFilter::default()).expect("audit");
    let actions: Vec<AuditAction> = audit.iter().filter(|e| e.entity == "followup").map(|e| e.action).collect();
    use AuditAction::{Create, Snooze, Update, View};
    // The listing in between is audited as a view of follow-ups.
    assert_eq!(actions, [Create, Snooze, Update, View, Create, Update]);
}

#[test]
fn bad_follow_up_input_is_refused_and_changes_nothing() {
    let env = Env::new();
    let client = env.add_client("Ada", "Quill", Risk::High).to_string();
    let open = add(&env, client.parse().expect("id"), "today", "Call back");
    let done = add(&env, client.parse().expect("id"), "today", "Done already");
    env.ok(&["followup", "done", &done]);

    env.refused_unchanged(
        &["followup", "add", &client, "--due", "2026-02-31", "--title", "x"],
        "2026-02-31 is not a date on the calendar",
    );
    env.refused_unchanged(&["followup", "add", &client, "--due", "today", "--title", "  "], "Title cannot be empty");
    env.refused_unchanged(&["followup", "add", "404", "--due", "today", "--title", "x"], "No client with id 404");
    env.refused_unchanged(&["followup", "done", &done], "is done, so it cannot be marked done");
    env.refused_unchanged(&["followup", "cancel", &done], "cannot be cancelled");
    env.refused_unchanged(&["followup", "done", "999"], "No follow-up with id 999");
    env.refused_unchanged(&["followup", "snooze", &open, "--until", "friday"], "needs a reason");
    env.refused_unchanged(&["followup", "snooze", &open, "--until", "friday", "--reason", " "], "needs a reason");
    env.refused_unchanged(&["followup", "snooze", &open, "--until", "today", "--reason", "x"], "must end after today");
    env.refused_unchanged(&["followup", "snooze", &open, "--until", "-1d", "--reason", "x"], "must end after today");
    env.refused_unchanged(&["followup", "snooze", &done, "--until", "friday", "--reason", "x"], "cannot be snoozed");
    let status = env.refused_unchanged(&["followup", "list", "--status", "late"], "not a known status");
    assert!(status.contains("open, done, cancelled, or all"), "{status}");

    let (code, _) = env.fails(&["followup", "done", "first"]);
    assert_eq!(code, 2);
    let (code, _) = env.fails(&["followup", "snooze", &open, "--reason", "no date"]);
    assert_eq!(code, 2, "--until is required");
}
