//! `caseload copy --to URL` / `--from URL` (SPEC §11): a demo's SQLite file
//! into an empty PostgreSQL database and back into a new file, every count
//! equal and every output the same on the three; a copy into a database that
//! is not empty, or one the target refuses half-way, leaves the target as it
//! was. Needs the test server (`CASELOAD_TEST_POSTGRES`); without it the
//! tests say so and pass.

mod common;

use std::path::{Path, PathBuf};

use caseload::store::Store;
use common::Env;
use rusqlite::types::Value;
use serde_json::Value as Json;

/// Every table the copy copies (the search index is counted, not compared).
const TABLES: [&str; 23] = [
    "client",
    "resource",
    "contact",
    "enrollment",
    "appointment",
    "note",
    "draft",
    "followup",
    "referral",
    "care_plan",
    "problem",
    "goal",
    "intervention",
    "encounter",
    "alert_snooze",
    "audit",
    "assessment",
    "assessment_draft",
    "medication",
    "reconciliation",
    "meta",
    "last_contact",
    "note_minutes",
];

fn without_server() -> bool {
    if common::on_postgres() {
        return false;
    }
    eprintln!("copy needs a PostgreSQL server: set CASELOAD_TEST_POSTGRES (`.ci/postgres` starts one); not run");
    true
}

fn text(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// Runs a command on `db` that must succeed; its standard output.
fn ok_on(env: &Env, db: &Path, args: &[&str]) -> String {
    let output = env.cmd_on(db).args(args).output().expect("runs");
    assert!(output.status.success(), "caseload {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("utf-8 output")
}

/// Runs a command on `db` that must fail with exit 1; its standard error.
fn fails_on(env: &Env, db: &Path, args: &[&str]) -> String {
    let output = env.cmd_on(db).args(args).output().expect("runs");
    assert_eq!(output.status.code(), Some(1), "caseload {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(stderr.starts_with("error: ") && stderr.contains("\nhint: "), "{stderr}");
    stderr
}

fn store(env: &Env, db: &Path) -> Store {
    Store::open(db, &env.store_options()).expect("store opens")
}

/// Every row of every table, each table's rows sorted: equal means the same records.
fn rows(env: &Env, db: &Path) -> Vec<(String, Vec<String>)> {
    let store = store(env, db);
    TABLES
        .iter()
        .map(|table| {
            let mut statement = store.conn().prepare(&format!("SELECT * FROM {table}")).expect("select");
            let width = statement.column_count();
            let mut query = statement.query([]).expect("query");
            let mut rows = Vec::new();
            while let Some(row) = query.next().expect("row") {
                let mut cells = Vec::with_capacity(width);
                for i in 0..width {
                    let name = row.column_name(i).expect("name").to_string();
                    cells.push(format!("{name}={:?}", Value::try_from(row.get_ref(i).expect("cell")).expect("UTF-8")));
                }
                cells.sort();
                rows.push(cells.join(" | "));
            }
            rows.sort();
            (table.to_string(), rows)
        })
        .collect()
}

/// The counts a copy printed, checked equal on both sides: table → count.
fn counts(report: &Json) -> Vec<(String, i64)> {
    let tables = report["tables"].as_array().expect("tables");
    assert_eq!(tables.len(), TABLES.len() + 2, "every table and the two search indexes: {report}");
    tables
        .iter()
        .map(|row| {
            let table = row["table"].as_str().expect("table").to_string();
            let (source, target) = (row["source"].as_i64().expect("source"), row["target"].as_i64().expect("target"));
            assert_eq!(source, target, "{table}: {report}");
            (table, source)
        })
        .collect()
}

fn count_of(counts: &[(String, i64)], table: &str) -> i64 {
    counts.iter().find(|(name, _)| name == table).map(|(_, n)| *n).expect("counted")
}

/// The outputs that must read the same on every copy.
fn outputs(env: &Env, db: &Path, name: &str) -> Vec<String> {
    [
        vec!["alerts", "--all-coordinators", "--format", "json"],
        vec!["report", "monthly", "--month", "2026-11"],
        vec!["report", "billing", "--month", "2026-11", "--all-coordinators"],
        vec!["search", "--all-coordinators", name],
        vec!["search", "--all-coordinators", "pharmacy"],
    ]
    .iter()
    .map(|args| ok_on(env, db, args))
    .collect()
}

/// The first line where two outputs differ, with its neighbours.
fn first_difference(got: &str, want: &str) -> String {
    let (got, want): (Vec<&str>, Vec<&str>) = (got.lines().collect(), want.lines().collect());
    let at = got.iter().zip(&want).position(|(a, b)| a != b).unwrap_or(got.len().min(want.len()));
    let around = |lines: &[&str]| lines[at.saturating_sub(3)..(at + 3).min(lines.len())].join("\n");
    format!("line {at}: got\n{}\nexpected\n{}", around(&got), around(&want))
}

fn demo(env: &Env, name: &str) -> PathBuf {
    let file = env.dir.path().join(name);
    ok_on(env, &file, &["demo", "--clients", "300", "--seed", "7"]);
    file
}

#[test]
fn a_demo_copied_to_a_server_and_back_is_the_same_database_on_all_three() {
    if without_server() {
        return;
    }
    let mut env = Env::new();
    let file = demo(&env, "demo.db");
    let url = env.another_database("copy");

    let to: Json = serde_json::from_str::<Json>(&ok_on(&env, &file, &["copy", "--to", text(&url), "--format", "json"]))
        .expect("JSON");
    let to_counts = counts(&to);
    assert_eq!(count_of(&to_counts, "client"), 300);
    assert_eq!(count_of(&to_counts, "client_search"), 300, "every client indexed");
    assert_eq!(count_of(&to_counts, "note_search"), count_of(&to_counts, "note"), "every note indexed");
    assert_eq!(to["source"], text(&file));
    assert_eq!(to["target"], text(&url));
    let records: i64 = to_counts.iter().filter(|(table, _)| !table.ends_with("_search")).map(|(_, n)| n).sum();
    assert_eq!(to["records"], records);
    // The source records the copy in its own trail, and the copy holds that row too.
    let source_rows = rows(&env, &file);
    assert_eq!(rows(&env, &url), source_rows, "the server holds exactly the file's rows");
    let audit = &source_rows.iter().find(|(table, _)| table == "audit").expect("audit").1;
    assert!(
        audit.iter().any(|row| row.contains(&format!("detail=Text(\"copy to {}, {records} records\")", text(&url)))),
        "the copy's audit row: {audit:?}"
    );

    let back = env.dir.path().join("back.db");
    let from: Json =
        serde_json::from_str::<Json>(&ok_on(&env, &back, &["copy", "--from", text(&url), "--format", "json"]))
            .expect("JSON");
    let from_counts = counts(&from);
    for ((table, there), (_, back_again)) in to_counts.iter().zip(&from_counts) {
        let expected = if table == "audit" { there + 1 } else { *there };
        assert_eq!(*back_again, expected, "{table}: one more audit row, the second copy's");
    }
    assert_eq!(rows(&env, &back), rows(&env, &url), "the new file holds exactly the server's rows");

    // The identity (every FHIR identifier's namespace) came along both ways.
    let identity = |db: &Path| -> String {
        store(&env, db)
            .conn()
            .query_row("SELECT value FROM meta WHERE key = 'database_id'", [], |row| row.get(0))
            .expect("identity")
    };
    assert_eq!(identity(&url), identity(&file));
    assert_eq!(identity(&back), identity(&file));

    let name: Json =
        serde_json::from_str::<Json>(&ok_on(&env, &file, &["client", "list", "--all", "--format", "json"]))
            .expect("JSON");
    let name = name[0]["family_name"].as_str().expect("a family name").to_string();
    let expected = outputs(&env, &file, &name);
    assert!(expected[0].contains("\"kind\""), "alerts to compare: {}", expected[0]);
    for (db, what) in [(&url, "the server"), (&back, "the file copied back")] {
        let got = outputs(&env, db, &name);
        // Notes found at the same instant come in the engine's own order
        // (search orders by contact_at alone), so that list is compared
        // between the two SQLite files only.
        let compared = if db == &url { expected.len() - 1 } else { expected.len() };
        for (n, (got, want)) in got.iter().zip(&expected).take(compared).enumerate() {
            assert!(got == want, "{what} reads output {n} differently:\n{}", first_difference(got, want));
        }
    }

    // The hash chain is intact on the copy that went there and back.
    let check = ok_on(&env, &back, &["check"]);
    assert!(check.contains("hash chain intact") && check.contains("all checks passed"), "{check}");
    assert!(ok_on(&env, &file, &["check"]).contains("hash chain intact"));

    // A new record on the server takes the next id, after every copied one.
    let next_client = ok_on(&env, &url, &["client", "add", "--given-name", "Nova", "--family-name", "Afterward"]);
    assert_eq!(next_client.trim(), "301");
}

#[test]
fn a_copy_into_a_database_that_is_not_empty_is_refused_and_changes_nothing() {
    if without_server() {
        return;
    }
    let mut env = Env::new();
    let file = demo(&env, "demo.db");
    let url = env.another_database("copy");
    ok_on(&env, &file, &["copy", "--to", text(&url)]);
    let (server_before, file_before) = (rows(&env, &url), rows(&env, &file));

    let stderr = fails_on(&env, &file, &["copy", "--to", text(&url)]);
    assert!(stderr.contains("is not empty"), "{stderr}");
    assert_eq!(rows(&env, &url), server_before, "the target is unchanged");
    assert_eq!(rows(&env, &file), file_before, "the source recorded no copy");

    // Back into a file that exists: refused, the file untouched.
    let existing = env.dir.path().join("existing.db");
    std::fs::write(&existing, b"not a database").expect("written");
    let stderr = fails_on(&env, &existing, &["copy", "--from", text(&url)]);
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(std::fs::read(&existing).expect("read"), b"not a database");
    assert_eq!(rows(&env, &url), server_before, "the source recorded no copy");
}

#[test]
fn the_wrong_kind_of_database_on_either_side_is_refused_before_anything_is_opened() {
    // No server needed: each is refused before a connection or a file is made.
    let env = Env::new();
    let file = env.dir.path().join("team.db");
    let other = env.dir.path().join("other.db");
    let server = Path::new("postgresql://casey:s3cret@127.0.0.1:1/nowhere");
    let cases: [(&Path, &[&str], &str); 4] = [
        (&file, &["copy", "--to", text(&other)], "--to takes the URL of a PostgreSQL database"),
        (&file, &["copy", "--from", text(&other)], "--from takes the URL of a PostgreSQL database"),
        (server, &["copy", "--to", text(server)], "but copy --to copies a SQLite database"),
        (server, &["copy", "--from", text(server)], "but copy --from writes a new SQLite file"),
    ];
    for (db, args, expected) in cases {
        let stderr = fails_on(&env, db, args);
        assert!(stderr.contains(expected), "caseload {args:?}: {stderr}");
        assert!(!stderr.contains("s3cret"), "the password is never shown: {stderr}");
    }
    assert!(!file.exists() && !other.exists(), "no file was made");
    // One of --to and --from, not both: a usage error.
    let output = env.cmd_on(&file).args(["copy"]).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let output = env.cmd_on(&file).args(["copy", "--to", text(server), "--from", text(server)]).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_copy_the_target_refuses_half_way_leaves_it_empty() {
    if without_server() {
        return;
    }
    let mut env = Env::new();
    let file = demo(&env, "demo.db");
    // A value SQLite keeps but the server's CHECK (interpreter_needed IN (0, 1)) refuses.
    store(&env, &file).conn().execute("UPDATE client SET interpreter_needed = 2 WHERE id = 17", []).expect("damaged");
    let before = rows(&env, &file);
    let url = env.another_database("refused");

    let stderr = fails_on(&env, &file, &["copy", "--to", text(&url)]);
    assert!(stderr.contains("refused client row id 17") && stderr.contains("check constraint"), "{stderr}");
    assert_eq!(common::server_tables(&url), 0, "no schema and no rows were left on the server");
    assert_eq!(rows(&env, &file), before, "the source recorded no copy");

    // The other way: the server's minutes ledger out of step with its notes
    // is found when the new file derives it again, and no file is left.
    let fixed = store(&env, &file);
    fixed.conn().execute("UPDATE client SET interpreter_needed = 1 WHERE id = 17", []).expect("repaired");
    drop(fixed);
    ok_on(&env, &file, &["copy", "--to", text(&url)]);
    let mut client = postgres::Client::connect(text(&url), postgres::NoTls).expect("connects");
    client
        .batch_execute(
            "UPDATE note_minutes SET minutes = minutes + 1 WHERE (month, client_id, program) = \
             (SELECT month, client_id, program FROM note_minutes ORDER BY 1, 2, 3 LIMIT 1)",
        )
        .expect("ledger out of step");
    let back = env.dir.path().join("back.db");
    let stderr = fails_on(&env, &back, &["copy", "--from", text(&url)]);
    assert!(stderr.contains("note_minutes rows made from the copied notes differ"), "{stderr}");
    assert!(!back.exists(), "no half-made file");
    for companion in ["-wal", "-shm", "-journal"] {
        assert!(!env.dir.path().join(format!("back.db{companion}")).exists(), "no {companion} left");
    }
}

#[test]
fn the_library_copies_a_file_into_a_new_file_the_same_way_and_removes_a_refused_one() {
    // The engine-independent part of the copy, on every run: SQLite to SQLite.
    let env = Env::new();
    let file = env.dir.path().join("small.db");
    ok_on(&env, &file, &["demo", "--clients", "40", "--seed", "3"]);
    let copy = env.dir.path().join("copy.db");
    let copied = store(&env, &file).copy_into(&copy, &env.store_options()).expect("copied");
    assert_eq!(copied.tables.len(), TABLES.len() + 2);
    assert!(copied.tables.iter().all(|count| count.source == count.target), "{:?}", copied.tables);
    assert_eq!(rows(&env, &copy), rows(&env, &file), "the same rows, the copy's audit row included");
    assert!(ok_on(&env, &copy, &["check"]).contains("hash chain intact"));

    // A value the new file's CHECK refuses (written past SQLite's own check).
    let damaged = store(&env, &file);
    damaged.conn().execute_batch("PRAGMA ignore_check_constraints = ON").expect("pragma");
    damaged.conn().execute("UPDATE client SET risk = 'extreme' WHERE id = 7", []).expect("damaged");
    drop(damaged);
    let before = rows(&env, &file);
    let refused = env.dir.path().join("refused.db");
    let error = store(&env, &file).copy_into(&refused, &env.store_options()).expect_err("refused");
    assert!(error.to_string().contains("refused client row id 7"), "{error}");
    assert!(!refused.exists(), "no half-made file");
    assert_eq!(rows(&env, &file), before, "the source recorded no copy");
}
