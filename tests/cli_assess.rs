//! `caseload assess` through the real binary (SPEC §4, §9): recording a
//! screening, its refusals (naming the item and range, writing nothing), the
//! client's history in JSON, CSV and a table with its trend, the instruments'
//! items, the audit rows, `--redact`, and inert text.

mod common;

use caseload::domain::client::Risk;
use common::{Env, USER};
use serde_json::{Value, json};

fn client(env: &Env) -> String {
    env.add_client("Ada", "Quill", Risk::High).to_string()
}

#[test]
fn assess_prints_the_new_id_and_the_whole_record_in_json() {
    let env = Env::new();
    let id = client(&env);
    let first = env.ok(&["assess", &id, "phq9", "--answers", "3,3,3,2,2,2,1,1,1", "--at", "2026-06-01 10:00"]);
    assert_eq!(first.trim(), "1");
    let record = env.json(&["assess", &id, "PHQ9", "--answers", "1, 1,1,1,1,1,1,0,0", "--mode", "in-person"]);
    assert_eq!(
        record,
        json!({
            "id": 2, "client_id": id.parse::<i64>().expect("id"), "instrument": "phq9",
            "taken_at": "2026-11-23T15:00:00Z", "mode": "in_person", "answers": [1, 1, 1, 1, 1, 1, 1, 0, 0],
            "score": 7, "band": "mild", "positives": [], "administered_by": USER,
            "created_by": USER, "created_at": "2026-11-23T15:00:00Z",
        })
    );
}

#[test]
fn the_history_lists_in_json_and_csv_with_the_spec_fields_and_the_table_gives_the_trend() {
    let env = Env::new();
    let id = client(&env);
    for (answers, at) in [
        ("3,3,3,2,2,2,1,1,1", "2026-05-01 10:00"),
        ("2,2,1,1,1,1,1,1,1", "2026-08-01 10:00"),
        ("1,1,1,1,1,1,1,0,0", "2026-11-20 10:00"),
    ] {
        env.ok(&["assess", &id, "phq9", "--answers", answers, "--at", at]);
    }
    env.ok(&["assess", &id, "hrsn", "--answers", "1,0,1,0,1,0,1,1,1,1", "--mode", "self"]);
    let history = env.json(&["assess", "list", &id]);
    let rows = history.as_array().expect("array");
    assert_eq!(rows.len(), 4);
    let fields: Vec<&str> = rows[0].as_object().expect("object").keys().map(String::as_str).collect();
    for field in [
        "id",
        "client_id",
        "instrument",
        "taken_at",
        "mode",
        "answers",
        "score",
        "band",
        "positives",
        "administered_by",
    ] {
        assert!(fields.contains(&field), "{field} in {fields:?}");
    }
    let summary: Vec<(Value, Value, Value)> =
        rows.iter().map(|r| (r["instrument"].clone(), r["score"].clone(), r["positives"].clone())).collect();
    assert_eq!(
        summary,
        [
            (json!("phq9"), json!(18), json!(["item9"])),
            (json!("phq9"), json!(11), json!(["item9"])),
            (json!("phq9"), json!(7), json!([])),
            (json!("hrsn"), json!(3), json!(["housing", "food", "transport"])),
        ]
    );
    assert_eq!(rows[0]["answers"], json!([3, 3, 3, 2, 2, 2, 1, 1, 1]));
    assert_eq!(rows[0]["band"], "moderately_severe");
    let csv = env.ok(&["assess", "list", &id, "--format", "csv"]);
    assert!(csv.starts_with("id,client_id,instrument,taken_at,mode,answers,score,band,positives,administered_by"));
    assert!(csv.contains(",hrsn,") && csv.contains("housing;food;transport"), "{csv}");
    let table = env.ok(&["assess", "list", &id]);
    assert!(table.starts_with("Screenings of Quill, Ada"), "{table}");
    assert!(table.contains("moderately severe") && table.contains("AHC HRSN"), "{table}");
    assert!(table.contains("PHQ-9 18 → 11 → 7: response"), "{table}");
    assert!(table.lines().all(|line| line.chars().count() <= 80), "{table}");
}

#[test]
fn auditc_reads_the_clients_gender() {
    let env = Env::new();
    let woman = env.ok(&["client", "add", "--given-name", "Cora", "--family-name", "Lind", "--gender", "female"]);
    let man = env.ok(&["client", "add", "--given-name", "Dev", "--family-name", "Lind", "--gender", "male"]);
    let band = |id: &str| env.json(&["assess", id.trim(), "auditc", "--answers", "1,1,1"])["band"].clone();
    assert_eq!(band(&woman), "positive");
    assert_eq!(band(&man), "negative");
    env.ok(&["client", "edit", man.trim(), "--gender", "other"]);
    assert_eq!(env.json(&["client", "show", man.trim()])["gender"], "other");
}

#[test]
fn bad_answers_are_refused_naming_the_item_and_range_and_write_nothing() {
    let env = Env::new();
    let id = client(&env);
    let stderr = env.refused_unchanged(
        &["assess", &id, "phq9", "--answers", "0,0,0,0,0,0,0,0,4"],
        "tem 9 of the PHQ-9 allows 0 to 3, not 4",
    );
    assert_eq!(stderr.lines().count(), 2, "one sentence and a hint: {stderr}");
    env.refused_unchanged(
        &["assess", &id, "hrsn", "--answers", "0,0,0,0,0,0,1,0,1,1"],
        "tem 8 of the AHC HRSN allows 1 to 5",
    );
    env.refused_unchanged(&["assess", &id, "gad7", "--answers", "1,1,1"], "has 7 items, and 3 answers were given");
    env.refused_unchanged(&["assess", &id, "phq2", "--answers", "1,1,1"], "has 2 items, and 3 answers");
    env.refused_unchanged(&["assess", &id, "phq2", "--answers", "1,x"], "nswer 2 is not a whole number");
    env.refused_unchanged(&["assess", &id, "beck", "--answers", "1"], "not a known instrument");
    env.refused_unchanged(&["assess", &id, "phq2", "--answers", "1,1", "--mode", "fax"], "not a known mode");
    env.refused_unchanged(&["assess", &id, "phq2", "--answers", "1,1", "--at", "tomorrow 10:00"], "future");
    env.refused_unchanged(&["assess", "999", "phq2", "--answers", "1,1"], "999");
}

fn audit_rows(env: &Env) -> Vec<(String, String, Option<i64>, String)> {
    let store = env.store();
    let conn = store.conn();
    let mut statement = conn
        .prepare(
            "SELECT action, entity, entity_id, detail FROM audit WHERE entity IN ('assessment', 'client') ORDER BY id",
        )
        .expect("select");
    statement
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .expect("rows")
        .collect::<rusqlite::Result<_>>()
        .expect("read")
}

#[test]
fn recording_and_listing_write_their_audit_rows() {
    let env = Env::new();
    let id = client(&env);
    let before = audit_rows(&env).len();
    env.ok(&["assess", &id, "phq2", "--answers", "1,1"]);
    env.ok(&["assess", "list", &id]);
    let rows = audit_rows(&env);
    let client_id = id.parse::<i64>().expect("id");
    assert_eq!(rows[before..].len(), 2, "{rows:?}");
    assert_eq!((rows[before].0.as_str(), rows[before].1.as_str(), rows[before].2), ("create", "assessment", Some(1)));
    let (action, entity, entity_id, detail) = &rows[before + 1];
    assert_eq!((action.as_str(), entity.as_str(), *entity_id), ("view", "client", Some(client_id)));
    assert!(detail.contains("assess list") && detail.contains('1'), "{detail}");
    // The instruments are no client's data: no audit row.
    env.ok(&["assess", "instruments"]);
    assert_eq!(audit_rows(&env).len(), rows.len());
}

#[test]
fn redact_shows_initials_and_stored_text_stays_inert() {
    let env = Env::new();
    let id = client(&env);
    env.ok(&["assess", &id, "phq2", "--answers", "2,2"]);
    let redacted = env.cmd().args(["--redact", "assess", "list", &id]).output().expect("runs");
    let redacted = String::from_utf8_lossy(&redacted.stdout).into_owned();
    assert!(redacted.starts_with("Screenings of A.Q."), "{redacted}");
    assert!(!redacted.contains("Quill"), "{redacted}");
    let store = env.store();
    store
        .conn()
        .execute("UPDATE client SET family_name = 'Qu\u{1b}[31mill\u{202e}' WHERE id = ?1", [&id])
        .expect("stored");
    let table = env.ok(&["assess", "list", &id]);
    assert!(!table.contains('\u{1b}') && !table.contains('\u{202e}'), "{table:?}");
}

#[test]
fn the_instruments_list_every_item_with_its_wording_and_allowed_answers() {
    let env = Env::new();
    let sheets = env.json(&["assess", "instruments"]);
    let sheets = sheets.as_array().expect("array");
    let counts: Vec<(String, usize)> = sheets
        .iter()
        .map(|s| (s["instrument"].as_str().expect("word").to_string(), s["items"].as_array().expect("items").len()))
        .collect();
    assert_eq!(
        counts,
        [("phq2", 2), ("phq9", 9), ("gad7", 7), ("auditc", 3), ("steadi", 12), ("hrsn", 10)]
            .map(|(word, n)| (word.to_string(), n))
    );
    let phq9 = &sheets[1];
    assert_eq!(phq9["label"], "PHQ-9");
    assert_eq!(
        phq9["items"][8]["wording"],
        "Thoughts that you would be better off dead or of hurting yourself in some way"
    );
    assert_eq!(phq9["items"][8]["number"], 9);
    assert_eq!(phq9["items"][8]["answers"][3], json!({"value": 3, "words": "Nearly every day"}));
    let hrsn_safety = &sheets[5]["items"][6]["answers"];
    assert_eq!(hrsn_safety[0], json!({"value": 1, "words": "Never"}));
    assert_eq!(hrsn_safety[4], json!({"value": 5, "words": "Frequently"}));
    let table = env.ok(&["assess", "instruments"]);
    assert!(table.contains("STEADI (steadi)") && table.contains("0 Never true · 1 Sometimes true · 2 Often true"));
    let csv = env.ok(&["assess", "instruments", "--format", "csv"]);
    assert_eq!(csv.lines().count(), 1 + 2 + 9 + 7 + 3 + 12 + 10);
}
