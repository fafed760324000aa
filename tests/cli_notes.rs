//! `caseload note add/list/show/amend` through the real binary.

mod common;

use caseload::domain::client::Risk;
use common::{Env, USER};
use serde_json::{Value, json};

fn note_ids(listing: &Value) -> Vec<i64> {
    listing.as_array().expect("array").iter().map(|n| n["id"].as_i64().expect("id")).collect()
}

fn add_note(env: &Env, client: &str, body: &str, at: &str) -> i64 {
    env.ok(&["note", "add", client, "--body", body, "--at", at]).trim().parse().expect("id")
}

#[test]
fn add_takes_every_flag_and_list_and_show_give_it_back() {
    let env = Env::new();
    let client = env.add_client("Ada", "Quill", Risk::High).to_string();
    let created = env.json(&[
        "note",
        "add",
        &client,
        "--type",
        "video",
        "--direction",
        "inbound",
        "--outcome",
        "reached",
        "--minutes",
        "25",
        "--at",
        "today 8:15",
        "--body",
        "Reviewed the inhaler technique with the daughter present.",
    ]);
    let expected = json!({
        "id": created["id"], "client_id": client.parse::<i64>().expect("id"), "author": USER,
        "contact_at": "2026-11-23T14:15:00Z", "contact_type": "video", "direction": "inbound",
        "outcome": "reached", "minutes": 25, "program": null,
        "body": "Reviewed the inhaler technique with the daughter present.",
        "addendum_of": null, "created_at": "2026-11-23T15:00:00Z",
    });
    assert_eq!(created, expected);
    assert_eq!(env.json(&["note", "list", &client]), json!([expected]));
    assert_eq!(env.json(&["note", "show", &created["id"].to_string()]), expected);
    let shown = env.ok(&["note", "show", &created["id"].to_string()]);
    assert!(shown.contains("2026-11-23 08:15") && shown.ends_with("daughter present.\n"), "{shown}");
}

#[test]
fn defaults_are_a_reached_outbound_phone_call_now() {
    let env = Env::new();
    let client = env.add_client("Ada", "Quill", Risk::High).to_string();
    let id = env.ok(&["note", "add", &client, "--body", "Quick check-in."]);
    let note = env.json(&["note", "show", id.trim()]);
    assert_eq!(
        (&note["contact_type"], &note["direction"], &note["outcome"], &note["minutes"], &note["contact_at"]),
        (&json!("phone"), &json!("outbound"), &json!("reached"), &json!(0), &json!("2026-11-23T15:00:00Z"))
    );
}

#[test]
fn the_body_can_come_from_standard_input_and_the_client_from_its_mrn() {
    let env = Env::new();
    let mut client = common::blank_client();
    client.mrn = Some("MRN-9".into());
    let id = env.store().add_client(client, common::today()).expect("added");
    let output = env
        .cmd()
        .args(["note", "add", "MRN-9", "--outcome", "voicemail"])
        .write_stdin("Left a message about\nthe podiatry referral.\n\n")
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let notes = env.json(&["note", "list", &id.to_string()]);
    assert_eq!(notes[0]["body"], "Left a message about\nthe podiatry referral.");
    assert_eq!(notes[0]["outcome"], "voicemail");
}

#[test]
fn an_empty_body_is_refused_and_nothing_is_written() {
    let env = Env::new();
    let client = env.add_client("Ada", "Quill", Risk::High).to_string();
    let before = env.store().table_counts().expect("counts");
    for body in [Some("   "), Some("\n\t"), None] {
        let mut command = env.cmd();
        command.args(["note", "add", &client]);
        match body {
            Some(text) => command.args(["--body", text]),
            None => command.write_stdin(" \n \n"),
        };
        let output = command.output().expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{body:?}");
        assert!(stderr.contains("empty") && stderr.contains("hint:"), "{stderr}");
    }
    assert_eq!(env.store().table_counts().expect("counts"), before);
    assert_eq!(env.json(&["note", "list", &client]), json!([]));
}

#[test]
fn a_note_in_the_future_or_with_bad_fields_is_refused() {
    let env = Env::new();
    let client = env.add_client("Ada", "Quill", Risk::High).to_string();
    let before = env.store().table_counts().expect("counts");
    for args in [
        vec!["--at", "today 9:01"],
        vec!["--at", "tomorrow"],
        vec!["--at", "half past nine"],
        vec!["--type", "fax"],
        vec!["--direction", "sideways"],
        vec!["--outcome", "maybe"],
        vec!["--minutes", "1441"],
    ] {
        let mut all = vec!["note", "add", &client, "--body", "Some text"];
        all.extend(args.iter());
        let (code, stderr) = env.fails(&all);
        assert_eq!(code, 1, "{args:?}");
        assert!(stderr.starts_with("error: ") && stderr.contains("hint:"), "{args:?}: {stderr}");
    }
    let (code, stderr) = env.fails(&["note", "add", "404", "--body", "text"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("hint:"), "{stderr}");
    assert_eq!(env.store().table_counts().expect("counts"), before);
    // Exactly now is not the future.
    add_note(&env, &client, "On time.", "today 9:00");
}

#[test]
fn a_note_id_must_be_a_number() {
    let env = Env::new();
    for args in [vec!["note", "show", "abc"], vec!["note", "amend", "12x", "--body", "text"]] {
        let (code, _) = env.fails(&args);
        assert_eq!(code, 2, "{args:?}");
    }
    let (code, stderr) = env.fails(&["note", "amend", "99", "--body", "text"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("hint:"), "{stderr}");
}

#[test]
fn amend_adds_an_addendum_listed_right_after_its_note() {
    let env = Env::new();
    let client = env.add_client("Ada", "Quill", Risk::High).to_string();
    let first = add_note(&env, &client, "Talked about meals.", "2026-11-20 10:00");
    let second = add_note(&env, &client, "Talked about rides.", "2026-11-21 10:00");
    let addendum = env.json(&["note", "amend", &first.to_string(), "--body", "Meals on wheels starts Monday."]);
    assert_eq!(addendum["addendum_of"], first);
    assert_eq!(addendum["client_id"], client.parse::<i64>().expect("id"));
    assert_eq!((&addendum["outcome"], &addendum["minutes"]), (&json!("n_a"), &json!(0)));
    assert_eq!(addendum["contact_at"], "2026-11-23T15:00:00Z");
    let addendum = addendum["id"].as_i64().expect("id");
    // Amending the addendum corrects the same original note.
    let output = env.cmd().args(["note", "amend", &addendum.to_string()]).write_stdin("Mondays only.").output();
    let later: i64 = String::from_utf8(output.expect("runs").stdout).expect("utf-8").trim().parse().expect("id");
    assert_eq!(env.json(&["note", "show", &later.to_string()])["addendum_of"], first);

    let listing = env.json(&["note", "list", &client]);
    assert_eq!(note_ids(&listing), vec![second, first, addendum, later]);
    // The original is untouched.
    assert_eq!(listing[1]["body"], "Talked about meals.");
    let table = env.ok(&["note", "list", &client]);
    assert_eq!(table.matches("↳ addendum").count(), 2, "{table}");
    for line in table.lines() {
        assert!(line.chars().count() <= 80, "{line}");
    }
    // --limit counts notes; their addenda come along.
    assert_eq!(note_ids(&env.json(&["note", "list", &client, "--limit", "1"])), vec![second]);
    assert_eq!(note_ids(&env.json(&["note", "list", &client, "--limit", "2"])), vec![second, first, addendum, later]);
}

#[test]
fn the_database_refuses_to_change_or_delete_a_note() {
    let env = Env::new();
    let client = env.add_client("Ada", "Quill", Risk::High).to_string();
    let id = add_note(&env, &client, "Original text.", "today 8:00");
    let store = env.store();
    let conn = store.conn();
    let update = conn.execute("UPDATE note SET body = 'changed' WHERE id = ?1", [id]);
    assert!(update.expect_err("update refused").to_string().contains("never edited"));
    let delete = conn.execute("DELETE FROM note WHERE id = ?1", [id]);
    assert!(delete.expect_err("delete refused").to_string().contains("never deleted"));
    drop(store);
    assert_eq!(env.json(&["note", "show", &id.to_string()])["body"], "Original text.");
}

#[test]
fn a_past_contact_can_be_written_with_a_negative_offset() {
    let env = Env::new();
    let client = env.add_client("Ada", "Quill", caseload::domain::client::Risk::High).to_string();
    let note = env.json(&["note", "add", &client, "--at", "-5d 10:00", "--body", "Reviewed meds."]);
    assert_eq!(note["contact_at"], "2026-11-18T16:00:00Z");
}
