//! The audit trail through the real binary: every command that shows client
//! data writes one `view` row saying what and how much, every row names the
//! OS account, and `caseload check` finds rows changed, removed or forged
//! behind caseload's back (with the append-only triggers dropped, or on a
//! PostgreSQL server disabled by its superuser), while on a server an ordinary
//! role is refused every change to the trail (SPEC §11).

mod common;

use caseload::domain::client::Risk;
use caseload::store::Store;
use common::{Env, USER};
use serde_json::Value;

/// The account the binary runs as, as the audit trail names it.
fn os_account() -> String {
    let uid = nix::unistd::getuid();
    nix::unistd::User::from_uid(uid).ok().flatten().map(|u| u.name).unwrap_or_else(|| format!("uid {uid}"))
}

fn audit_rows(env: &Env) -> i64 {
    env.store().conn().query_row("SELECT count(*) FROM audit", [], |row| row.get(0)).expect("count")
}

/// (action, entity, entity_id, detail) of an audit row.
type Row = (String, String, Option<i64>, String);

/// (action, entity, entity_id, detail) of the newest row, after checking it is
/// the only row the command wrote and that it names both users.
fn one_new_row(env: &Env, args: &[&str]) -> Row {
    let before = audit_rows(env);
    env.ok(args);
    assert_eq!(audit_rows(env), before + 1, "caseload {args:?} should write exactly one audit row");
    let store = env.store();
    let (user, os_user, action, entity, entity_id, detail): (String, String, String, String, Option<i64>, String) =
        store
            .conn()
            .query_row(
                "SELECT \"user\", os_user, action, entity, entity_id, detail FROM audit ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
            )
            .expect("newest row");
    assert_eq!((user.as_str(), os_user), (USER, os_account()), "caseload {args:?}");
    (action, entity, entity_id, detail)
}

fn row(action: &str, entity: &str, entity_id: Option<i64>, detail: &str) -> Row {
    (action.into(), entity.into(), entity_id, detail.into())
}

/// Ada (casey's, with a note, an appointment tomorrow and a follow-up) and Bo (robin's).
fn two_caseloads() -> (Env, i64, i64, i64) {
    let env = Env::new();
    let ada = env.add_client("Ada", "Quill", Risk::High);
    let mut bo = common::blank_client();
    bo.given_name = "Bo".into();
    bo.family_name = "Quince".into();
    bo.coordinator = "robin".into();
    let bo = env.store().add_client(bo, common::today()).expect("added");
    let ada_key = ada.to_string();
    env.ok(&["note", "add", &ada_key, "--body", "Called about the podiatry visit."]);
    let appt: i64 =
        env.ok(&["appt", "add", &ada_key, "--at", "tomorrow 10:00"]).trim().parse().expect("appointment id");
    env.ok(&["followup", "add", &ada_key, "--due", "today", "--title", "Call back"]);
    (env, ada, bo, appt)
}

#[test]
fn every_listing_of_client_data_writes_one_view_row_with_its_scope_and_count() {
    let (env, ada, _bo, appt) = two_caseloads();
    let (a, appt_key) = (ada.to_string(), appt.to_string());
    let alerts = env.json(&["alerts", "--all-coordinators"]).as_array().expect("array").len();
    let mine = match env.json(&["alerts"]).as_array().expect("array").len() {
        1 => "1 alert".to_string(),
        n => format!("{n} alerts"),
    };

    let cases: Vec<(Vec<&str>, Row)> = vec![
        (
            vec!["client", "list", "--all", "--format", "csv"],
            row("view", "client", None, "client list all coordinators, all statuses, 2 clients"),
        ),
        (
            vec!["client", "list"],
            row("view", "client", None, "client list coordinator casey, active or on_hold, 1 client"),
        ),
        (
            vec!["client", "list", "--team", "--risk", "high", "--search", "quill"],
            row(
                "view",
                "client",
                None,
                "client list all coordinators, active or on_hold, risk high, matching a search, 1 client",
            ),
        ),
        (vec!["client", "show", &a], row("view", "client", Some(ada), "show")),
        (
            vec!["search", "qu", "--all-coordinators"],
            row("view", "search", None, "search all coordinators, 2 clients and 0 notes"),
        ),
        (vec!["search", "podiatry"], row("view", "search", None, "search coordinator casey, 0 clients and 1 note")),
        (
            vec!["alerts", "--all-coordinators", "--format", "json"],
            row("view", "alert", None, &format!("alerts all coordinators, {alerts} alerts")),
        ),
        (
            vec!["appt", "list"],
            row("view", "appointment", None, "appointment list coordinator casey from 2026-11-23, 1 appointment"),
        ),
        (vec!["appt", "show", &appt_key], row("view", "appointment", Some(appt), "show")),
        (
            vec!["followup", "list", "--all-coordinators"],
            row("view", "followup", None, "followup list all coordinators, 1 followup"),
        ),
        (
            vec!["referral", "list", "--client", &a],
            row("view", "client", Some(ada), "referral list coordinator casey, 0 referrals"),
        ),
        (
            vec!["agenda", "--days", "2"],
            row("view", "agenda", None, "agenda coordinator casey 2026-11-23 to 2026-11-24, 1 appointment"),
        ),
        (
            vec!["agenda", "--days", "2", "--format", "ics"],
            row("export", "agenda", None, "agenda coordinator casey 2026-11-23 to 2026-11-24, 1 appointment"),
        ),
        (vec!["note", "list", &a], row("view", "client", Some(ada), "note list, 1 note")),
        (vec!["contact", "list", &a], row("view", "client", Some(ada), "contact list, 0 contacts")),
        (vec!["encounter", "list", &a], row("view", "client", Some(ada), "encounter list, 0 encounters")),
        (vec!["plan", "show", &a], row("view", "client", Some(ada), "care plan, 0 problems, 0 goals, 0 interventions")),
        (vec!["client", "summary", &a], row("export", "client", Some(ada), "handoff summary")),
        (
            vec!["report", "monthly", "--month", "2026-11"],
            row("export", "report", None, "monthly report 2026-11, coordinator casey, 1 client"),
        ),
        (
            vec!["export", "fhir", "--all-coordinators"],
            row("export", "fhir", None, "fhir bundle all coordinators, 2 clients"),
        ),
        // `caseload` into a pipe prints the three panes.
        (
            vec![],
            row(
                "view",
                "caseload",
                None,
                &format!("overview coordinator casey, 1 client, 0 appointments today, {mine}"),
            ),
        ),
    ];
    for (args, expected) in cases {
        assert_eq!(one_new_row(&env, &args), expected, "caseload {args:?}");
    }
    let note: i64 = env.json(&["note", "list", &a])[0]["id"].as_i64().expect("note id");
    assert_eq!(one_new_row(&env, &["note", "show", &note.to_string()]), row("view", "note", Some(note), "show"));
    let rows = audit_rows(&env) as usize;
    assert_eq!(
        one_new_row(&env, &["audit", "--limit", "0"]),
        row("view", "audit", None, &format!("audit, {rows} rows"))
    );
    let (action, entity, entity_id, detail) = one_new_row(&env, &["audit", "--client", &a]);
    assert_eq!((action.as_str(), entity.as_str(), entity_id), ("view", "audit", Some(ada)));
    assert!(detail.starts_with(&format!("audit client {ada}, ")), "{detail}");
}

#[test]
fn the_trail_shows_the_os_account_and_the_detail_in_every_format() {
    let (env, ada, _, _) = two_caseloads();
    env.ok(&["client", "list", "--all"]);
    let rows = env.json(&["audit", "--client", &ada.to_string()]);
    let rows = rows.as_array().expect("array");
    let created = rows.iter().find(|r| r["action"] == "create" && r["entity"] == "note").expect("the note's row");
    assert_eq!(created["os_user"], Value::from(os_account()));
    assert_eq!(created["user"], USER);
    assert_eq!(created["hash"].as_str().map(str::len), Some(64));
    let all = env.json(&["audit"]);
    let listing = all.as_array().expect("array").iter().find(|r| r["entity"] == "client" && r["action"] == "view");
    assert_eq!(
        listing.map(|r| &r["detail"]),
        Some(&Value::from("client list all coordinators, all statuses, 2 clients"))
    );
    let csv = env.ok(&["audit", "--format", "csv"]);
    assert!(csv.starts_with("id,at,user,os_user,action,entity,entity_id,detail,hash\n"), "{csv}");
    assert!(csv.contains("client list all coordinators"), "{csv}");
    let table = env.ok(&["audit"]);
    assert!(table.lines().next().is_some_and(|h| h.contains("OS USER") && h.contains("DETAIL")), "{table}");
    assert!(table.contains(&os_account()) && table.contains("client list"), "{table}");
    assert!(table.lines().all(|line| line.chars().count() <= 80), "{table}");
}

#[test]
fn an_import_is_one_row_with_its_count() {
    let env = Env::new();
    drop(env.store());
    let file = env.dir.path().join("clients.csv");
    std::fs::write(&file, "given_name,family_name\nAda,Quill\nBo,Zed\nCy,Moss\n").expect("csv written");
    let imported = one_new_row(&env, &["import", "clients", file.to_str().expect("utf-8 path")]);
    assert_eq!(imported, row("import", "client", None, "3 clients"));
    // A dry run writes nothing at all.
    let before = audit_rows(&env);
    env.ok(&["import", "clients", file.to_str().expect("utf-8 path"), "--dry-run"]);
    assert_eq!(audit_rows(&env), before);
}

/// A trail of a few rows, then the triggers put out of the way as someone
/// with sqlite3 would (dropped), or on a server its superuser (disabled), to
/// tamper with it through the returned store's connection.
fn tamperable_trail() -> (Env, Store) {
    let (env, ada, _, _) = two_caseloads();
    env.ok(&["client", "show", &ada.to_string()]);
    env.ok(&["client", "list", "--all"]);
    let store = env.store();
    let sql = if common::on_postgres() {
        "ALTER TABLE audit DISABLE TRIGGER ALL"
    } else {
        "DROP TRIGGER audit_is_append_only_update; DROP TRIGGER audit_is_append_only_delete;"
    };
    store.conn().execute_batch(sql).expect("triggers out of the way");
    (env, store)
}

/// `caseload check` fails naming `row` as the first bad one.
fn check_names(env: &Env, row: i64) {
    let output = env.cmd().arg("check").output().expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    let problem = format!(
        "PROBLEM      audit trail: row {row} does not match its hash (changed, removed or inserted outside caseload)"
    );
    assert!(stdout.contains(&problem), "{stdout}");
    assert!(stdout.contains("PROBLEM      audit trail: the triggers that keep it append-only are missing"), "{stdout}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("hint:"));
}

#[test]
fn an_intact_trail_passes_the_check() {
    let (env, ada, _, _) = two_caseloads();
    env.ok(&["client", "show", &ada.to_string()]);
    let rows = audit_rows(&env);
    let report = env.ok(&["check"]);
    assert!(report.contains(&format!("audit trail  {rows} rows, hash chain intact")), "{report}");
    assert!(report.contains("all checks passed"), "{report}");
    if common::on_postgres() {
        // SPEC §11: the connection, the schema version, the audit chain, every row readable.
        for line in [
            "server       PostgreSQL ",
            ", connected\n",
            "schema       version ",
            "rows         every row readable\n",
            "append-only  the server refuses changes to audit rows (its triggers are in place)\n",
        ] {
            assert!(report.contains(line), "{line:?}: {report}");
        }
    }
}

#[test]
fn a_row_changed_past_the_triggers_for_one_session_is_named_though_they_are_in_place() {
    if !common::on_postgres() {
        eprintln!("PostgreSQL only (session_replication_role is the server's): not run against SQLite");
        return;
    }
    let (env, ada, _, _) = two_caseloads();
    env.ok(&["client", "show", &ada.to_string()]);
    // A superuser's session in which no ordinary trigger fires; the triggers
    // themselves stay as they were.
    let store = env.store();
    store.conn().execute_batch("SET session_replication_role = replica").expect("as the superuser");
    store.conn().execute("UPDATE audit SET detail = 'nothing to see' WHERE id = 2", []).expect("changed");
    drop(store);
    let output = env.cmd().arg("check").output().expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("PROBLEM      audit trail: row 2 does not match its hash"), "{stdout}");
    assert!(stdout.contains("append-only  the server refuses changes") && !stdout.contains("are missing"), "{stdout}");
}

#[test]
fn a_changed_row_is_named_even_with_the_triggers_dropped() {
    let (env, store) = tamperable_trail();
    store.conn().execute("UPDATE audit SET \"user\" = 'robin' WHERE id = 3", []).expect("changed");
    check_names(&env, 3);
}

#[test]
fn a_removed_row_is_named_by_the_row_after_it() {
    let (env, store) = tamperable_trail();
    store.conn().execute("DELETE FROM audit WHERE id = 3", []).expect("removed");
    check_names(&env, 4);
}

#[test]
fn a_forged_row_is_named_with_a_made_up_hash_or_none() {
    // The forger gives the id the next row would get (SQLite would pick the
    // same; a server's identity sequence is not moved by caseload's own ids).
    let (env, store) = tamperable_trail();
    let last: i64 = store.conn().query_row("SELECT max(id) FROM audit", [], |r| r.get(0)).expect("max");
    store
        .conn()
        .execute(
            "INSERT INTO audit (id, at, \"user\", os_user, action, entity, entity_id, detail, hash)
             VALUES (?1, '2026-11-23T15:00:00Z', 'casey', 'casey', 'update', 'client', 1, '', ?2)",
            rusqlite::params![last + 1, "ab".repeat(32)],
        )
        .expect("forged");
    check_names(&env, last + 1);

    let (env, store) = tamperable_trail();
    store
        .conn()
        .execute(
            "INSERT INTO audit (id, at, \"user\", action, entity, entity_id)
             VALUES (?1, '2026-11-23T15:00:00Z', 'casey', 'view', 'client', 1)",
            [last + 1],
        )
        .expect("forged");
    check_names(&env, last + 1);
}

#[test]
fn rows_written_after_a_forgery_keep_it_named() {
    let (env, store) = tamperable_trail();
    store.conn().execute("UPDATE audit SET detail = 'nothing to see' WHERE id = 2", []).expect("changed");
    env.ok(&["client", "list"]);
    check_names(&env, 2);
}

#[test]
fn the_demo_bulk_load_writes_a_valid_chain() {
    let env = Env::new();
    env.ok(&["demo", "--clients", "20", "--seed", "7"]);
    env.ok(&["client", "list", "--all"]);
    let report = env.ok(&["check"]);
    assert!(report.contains("audit trail  2 rows, hash chain intact"), "{report}");
    let demo = &env.json(&["audit"])[0];
    assert_eq!(
        (&demo["action"], &demo["entity"], &demo["detail"]),
        (&"import".into(), &"demo".into(), &"20 clients".into())
    );
}

/// A login role made for one test on the test server, with its privileges
/// taken back and the role dropped when the test ends (roles outlive databases).
struct ServerRole {
    admin_url: String,
    name: String,
}

impl Drop for ServerRole {
    fn drop(&mut self) {
        if let Ok(mut admin) = postgres::Client::connect(&self.admin_url, postgres::NoTls) {
            let _ = admin.batch_execute(&format!("DROP OWNED BY {0}; DROP ROLE IF EXISTS {0}", self.name));
        }
    }
}

/// The server's refusal: its SQLSTATE and message.
fn refusal(result: Result<(), postgres::Error>, sql: &str) -> (String, String) {
    let error = result.expect_err(sql);
    let db = error.as_db_error().unwrap_or_else(|| panic!("{sql}: refused by the server, not {error}"));
    (db.code().code().to_string(), db.message().to_string())
}

#[test]
fn on_a_server_a_role_that_may_only_insert_and_read_is_refused_every_change_to_the_trail() {
    if !common::on_postgres() {
        eprintln!("PostgreSQL only (login roles and their privileges are the server's): not run against SQLite");
        return;
    }
    let (env, ada, _, _) = two_caseloads();
    env.ok(&["client", "show", &ada.to_string()]);
    let url = env.db.to_str().expect("a URL").to_string();
    let role = ServerRole {
        admin_url: url.clone(),
        name: format!("caseload_clerk_{}_{}", std::process::id(), fastrand::u32(..)),
    };
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).expect("the test server answers");
    admin
        .batch_execute(&format!("CREATE ROLE {0} LOGIN; GRANT SELECT, INSERT ON audit TO {0}", role.name))
        .expect("a role that may read and append");
    let mut config: postgres::Config = url.parse().expect("a URL the driver reads");
    config.user(&role.name);
    let mut clerk = config.connect(postgres::NoTls).expect("the role logs in");
    let rows: i64 = clerk.query_one("SELECT count(*) FROM audit", &[]).expect("it may read").get(0);
    assert_eq!(rows, audit_rows(&env));

    // Without the privilege: refused by the server before any trigger.
    let changes = [
        ("UPDATE audit SET detail = 'nothing to see' WHERE id = 2", "audit rows cannot be changed"),
        ("DELETE FROM audit WHERE id = 2", "audit rows cannot be deleted"),
        ("TRUNCATE audit", "audit rows cannot be deleted"),
    ];
    for (sql, _) in changes {
        let (code, message) = refusal(clerk.batch_execute(sql), sql);
        assert_eq!(code, "42501", "{sql}: {message}");
        assert!(message.contains("permission denied"), "{sql}: {message}");
    }
    // Nor may it put the triggers out of the way, as the owner or a superuser could.
    for sql in ["ALTER TABLE audit DISABLE TRIGGER ALL", "SET session_replication_role = replica"] {
        let (code, message) = refusal(clerk.batch_execute(sql), sql);
        assert_eq!(code, "42501", "{sql}: {message}");
    }
    // Granted the privileges after all, it is refused by the triggers, in SQLite's words.
    admin.batch_execute(&format!("GRANT UPDATE, DELETE, TRUNCATE ON audit TO {}", role.name)).expect("granted");
    for (sql, words) in changes {
        let (code, message) = refusal(clerk.batch_execute(sql), sql);
        assert_eq!((code.as_str(), message.as_str()), ("23000", words), "{sql}");
    }
    let report = env.ok(&["check"]);
    let rows = audit_rows(&env);
    assert!(report.contains(&format!("audit trail  {rows} rows, hash chain intact")), "{report}");
    assert!(report.contains("append-only  the server refuses changes to audit rows"), "{report}");

    // What it may do, append, cannot pass for caseload's own row.
    clerk
        .execute(
            "INSERT INTO audit (id, at, \"user\", action, entity, entity_id, hash)
             VALUES ($1, '2026-11-23T15:00:00Z', 'casey', 'view', 'client', 1, $2)",
            &[&(rows + 1), &"ab".repeat(32)],
        )
        .expect("it may append");
    let output = env.cmd().arg("check").output().expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    let problem = format!("PROBLEM      audit trail: row {} does not match its hash", rows + 1);
    assert!(stdout.contains(&problem) && !stdout.contains("append-only are missing"), "{stdout}");
}
