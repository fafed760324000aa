//! `caseload search` and `caseload audit` through the real binary.

mod common;

use caseload::domain::client::Risk;
use common::{Env, USER};
use serde_json::Value;

fn hits(env: &Env, args: &[&str]) -> Vec<(String, i64, Option<i64>)> {
    let mut all = vec!["search"];
    all.extend(args);
    let listing = env.json(&all);
    listing
        .as_array()
        .expect("array")
        .iter()
        .map(|h| {
            (h["kind"].as_str().expect("kind").to_string(), h["client_id"].as_i64().expect("id"), h["note_id"].as_i64())
        })
        .collect()
}

fn add_note(env: &Env, client: i64, body: &str) -> i64 {
    env.ok(&["note", "add", &client.to_string(), "--body", body]).trim().parse().expect("id")
}

#[test]
fn search_finds_clients_by_name_prefix_and_notes_by_word() {
    let env = Env::new();
    let ada = env.add_client("Ada", "Quillfeather", Risk::High);
    let bo = env.add_client("Bo", "Zed", Risk::Low);
    let note = add_note(&env, bo, "Discussed the podiatry referral and shoes.");
    add_note(&env, ada, "Nothing of interest.");

    assert_eq!(hits(&env, &["quill"]), vec![("client".into(), ada, None)]);
    assert_eq!(hits(&env, &["podiatry"]), vec![("note".into(), bo, Some(note))]);
    assert_eq!(hits(&env, &["podia", "shoe"]), vec![("note".into(), bo, Some(note))]);
    assert_eq!(hits(&env, &["nobody-here"]), vec![]);
    // Search syntax is taken literally, never as an FTS5 query.
    assert_eq!(hits(&env, &["\"(*", "NEAR"]), vec![]);
    let json = env.json(&["search", "podiatry"]);
    assert_eq!(json[0]["client_name"], "Zed, Bo");
    assert_eq!(json[0]["contact_at"], "2026-11-23T15:00:00Z");
    assert!(json[0]["snippet"].as_str().expect("snippet").contains("[podiatry]"));
    let table = env.ok(&["search", "podiatry"]);
    assert!(table.contains("Zed, Bo") && table.contains("2026-11-23"), "{table}");
}

#[test]
fn search_keeps_to_your_caseload_unless_asked() {
    let env = Env::new();
    let mine = env.add_client("Ada", "Quill", Risk::High);
    let mut theirs = common::blank_client();
    theirs.given_name = "Adam".into();
    theirs.family_name = "Quince".into();
    theirs.coordinator = "robin".into();
    let theirs = env.store().add_client(theirs, common::today()).expect("added");

    assert_eq!(hits(&env, &["qu"]), vec![("client".into(), mine, None)]);
    assert_eq!(
        hits(&env, &["qu", "--all-coordinators"]),
        vec![("client".into(), mine, None), ("client".into(), theirs, None)]
    );
    assert_eq!(hits(&env, &["qu", "--all-coordinators", "--limit", "1"]).len(), 1);
    assert!(env.ok(&["search", "quince"]).contains("--all-coordinators"));
    let (code, _) = env.fails(&["search"]);
    assert_eq!(code, 2);
}

#[test]
fn audit_lists_the_creation_and_views_of_a_client() {
    let env = Env::new();
    let other = env.add_client("Bo", "Zed", Risk::Low);
    let id: i64 = env
        .ok(&["client", "add", "--given-name", "Ada", "--family-name", "Quill", "--mrn", "AUD-1"])
        .trim()
        .parse()
        .expect("id");
    env.ok(&["client", "show", "AUD-1"]);
    let note = add_note(&env, id, "Called.");
    env.ok(&["client", "edit", &id.to_string(), "--risk", "high"]);
    env.ok(&["client", "show", &other.to_string()]);

    let rows = env.json(&["audit", "--client", "AUD-1"]);
    let seen: Vec<(&str, &str, i64)> = rows
        .as_array()
        .expect("array")
        .iter()
        .map(|r| {
            (
                r["action"].as_str().expect("action"),
                r["entity"].as_str().expect("entity"),
                r["entity_id"].as_i64().expect("id"),
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            ("create", "client", id),
            // `client add` enrolls the client in its program (Bo's enrollment is the first).
            ("create", "enrollment", 2),
            ("view", "client", id),
            ("create", "note", note),
            ("update", "client", id)
        ]
    );
    assert!(rows.as_array().expect("array").iter().all(|r| r["user"] == USER && r["at"] == "2026-11-23T15:00:00Z"));

    // The whole trail includes the other client and the reading of the trail
    // just now (reading it is a view too); --limit keeps the newest rows.
    let all = env.json(&["audit"]);
    assert_eq!(all.as_array().expect("array").len(), 9);
    assert_eq!(
        (&all[8]["action"], &all[8]["entity"], &all[8]["entity_id"]),
        (&"view".into(), &"audit".into(), &id.into())
    );
    let newest = env.json(&["audit", "--limit", "3"]);
    let newest: Vec<&Value> = newest.as_array().expect("array").iter().map(|r| &r["entity"]).collect();
    assert_eq!(newest, vec!["client", "audit", "audit"]);
    assert_eq!(env.json(&["audit", "--since", "tomorrow"]), serde_json::json!([]));
    assert_eq!(env.json(&["audit", "--since", "today"]).as_array().expect("array").len(), 12);
    let table = env.ok(&["audit", "--client", &id.to_string()]);
    assert!(table.contains("create") && table.contains("view"), "{table}");
    let (code, stderr) = env.fails(&["audit", "--client", "NOPE"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("hint:"), "{stderr}");
    let (code, stderr) = env.fails(&["audit", "--since", "last week"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("hint:"), "{stderr}");
}

#[test]
fn hits_of_one_name_or_one_minute_come_in_id_order_on_every_engine() {
    let env = Env::new();
    let clients: Vec<i64> = (0..4).map(|_| env.add_client("Ada", "Quill", Risk::High)).collect();
    // Notes of the same minute, written for the clients out of their order.
    let mut notes = Vec::new();
    for client in [clients[3], clients[1], clients[0], clients[2]] {
        let id = env.ok(&["note", "add", &client.to_string(), "--at", "2026-11-20 10:00", "--body", "Housing call."]);
        notes.push((client, id.trim().parse::<i64>().expect("id")));
    }
    let by_name: Vec<i64> = hits(&env, &["quill"]).into_iter().map(|(_, client, _)| client).collect();
    assert_eq!(by_name, clients);
    let by_word: Vec<(i64, Option<i64>)> =
        hits(&env, &["housing"]).into_iter().map(|(_, client, note)| (client, note)).collect();
    assert_eq!(by_word, notes.iter().map(|&(client, note)| (client, Some(note))).collect::<Vec<_>>());
}
