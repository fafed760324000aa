//! `caseload contact add/list` through the real binary.

mod common;

use caseload::domain::client::Risk;
use common::{Env, USER};
use serde_json::json;

#[test]
fn add_takes_every_flag_and_list_gives_it_back() {
    let env = Env::new();
    let client = env.add_client("Ada", "Quill", Risk::High);
    let created = env.json(&[
        "contact",
        "add",
        &client.to_string(),
        "--name",
        "Pat Quill",
        "--relationship",
        "social-worker",
        "--phone",
        "555-0111",
        "--email",
        "pat@example.org",
        "--organization",
        "Example County Services",
        "--care-team",
        "--may-share",
    ]);
    let expected = json!({
        "id": created["id"], "client_id": client, "name": "Pat Quill", "relationship": "social_worker",
        "phone": "555-0111", "email": "pat@example.org", "organization": "Example County Services",
        "on_care_team": true, "may_share_info": true, "created_by": USER, "created_at": "2026-11-23T15:00:00Z",
    });
    assert_eq!(created, expected);
    let plain = env.ok(&["contact", "add", &client.to_string(), "--name", "Dr. Lee", "--relationship", "pcp"]);
    let plain: i64 = plain.trim().parse().expect("add prints the id");
    let listing = env.json(&["contact", "list", &client.to_string()]);
    assert_eq!(listing[0], expected, "the care team comes first");
    assert_eq!(listing[1]["id"], plain);
    assert_eq!((&listing[1]["on_care_team"], &listing[1]["email"]), (&json!(false), &json!(null)));
    for line in env.ok(&["contact", "list", &client.to_string()]).lines() {
        assert!(line.chars().count() <= 80, "{line}");
    }
}

#[test]
fn bad_contacts_are_refused_and_nothing_is_written() {
    let env = Env::new();
    let client = env.add_client("Ada", "Quill", Risk::High).to_string();
    let before = env.store().table_counts().expect("counts");
    for args in [
        vec!["contact", "add", &client, "--name", "X", "--relationship", "cousin"],
        vec!["contact", "add", &client, "--name", " ", "--relationship", "family"],
        vec!["contact", "add", &client, "--name", "X", "--relationship", "family", "--email", "555-0100"],
        vec!["contact", "add", "404", "--name", "X", "--relationship", "family"],
        vec!["contact", "list", "404"],
    ] {
        let (code, stderr) = env.fails(&args);
        assert_eq!(code, 1, "{args:?}");
        assert!(stderr.starts_with("error: ") && stderr.contains("hint:"), "{args:?}: {stderr}");
    }
    assert_eq!(env.store().table_counts().expect("counts"), before);
    assert!(env.ok(&["contact", "list", &client]).contains("No contacts"));
}
