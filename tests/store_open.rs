//! Opening the store: migrations, version refusal, permissions, append-only audit.

mod common;

use std::os::unix::fs::PermissionsExt;

use caseload::domain::client::Risk;
use caseload::store::{LATEST_VERSION, StoreError};
use common::Env;
use rusqlite::Connection;

fn raw(env: &Env) -> Connection {
    Connection::open(&env.db).expect("raw connection")
}

/// A plain connection to the test's server database, as another program has.
fn server_client(env: &Env) -> postgres::Client {
    postgres::Client::connect(env.db.to_str().expect("a URL"), postgres::NoTls).expect("the test database answers")
}

/// Runs `sql` on the database as another program would (not through caseload):
/// SQLite on the file, made private as caseload's own files are, or a plain
/// client on the server.
fn foreign(env: &Env, sql: &str) {
    if common::on_postgres() {
        server_client(env).batch_execute(sql).expect("foreign statements");
    } else {
        raw(env).execute_batch(sql).expect("foreign statements");
        std::fs::set_permissions(&env.db, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    }
}

/// What would show any change to the database: the file's bytes and whether
/// SQLite made a write-ahead log beside it, or on the server every table of
/// the schema with every row.
fn fingerprint(env: &Env) -> Vec<String> {
    if !common::on_postgres() {
        let wal = env.db.with_extension("db-wal").exists();
        return vec![format!("{:?}", std::fs::read(&env.db).expect("read")), format!("wal: {wal}")];
    }
    let mut client = server_client(env);
    let tables: Vec<String> = client
        .query("SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1", &[])
        .expect("tables")
        .iter()
        .map(|row| row.get(0))
        .collect();
    tables
        .into_iter()
        .map(|table| {
            let sql = format!("SELECT coalesce(string_agg(t::text, ' | ' ORDER BY t::text), '') FROM \"{table}\" t");
            let rows: String = client.query_one(&sql, &[]).expect("rows").get(0);
            format!("{table}: {rows}")
        })
        .collect()
}

/// The schema as the engine holds it: SQLite's statements, or the server's
/// columns, indexes, triggers, functions and the recorded version.
fn schema(env: &Env) -> Vec<String> {
    if !common::on_postgres() {
        return raw(env)
            .prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
            .expect("query")
            .query_map([], |r| r.get(0))
            .expect("rows")
            .collect::<rusqlite::Result<_>>()
            .expect("schema");
    }
    let sql = "SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || coalesce(column_default, '')
               FROM information_schema.columns WHERE table_schema = current_schema()
               UNION ALL SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()
               UNION ALL SELECT tgname || ' ON ' || tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal
               UNION ALL SELECT proname || ' ' || md5(prosrc) FROM pg_proc
                   WHERE pronamespace = current_schema()::regnamespace
               UNION ALL SELECT 'version ' || version FROM schema_version
               ORDER BY 1";
    server_client(env).query(sql, &[]).expect("schema").iter().map(|row| row.get(0)).collect()
}

/// Whether the database is still as a typo would have left it: no file, or
/// on the server an empty database (no table made in it).
fn nothing_created(env: &Env) -> bool {
    if !common::on_postgres() {
        return !env.db.exists();
    }
    let tables: i64 = server_client(env)
        .query_one("SELECT count(*) FROM pg_class WHERE relnamespace = current_schema()::regnamespace", &[])
        .expect("count")
        .get(0);
    tables == 0
}

#[test]
fn a_new_database_is_migrated_and_reopens_unchanged() {
    let env = Env::new();
    let store = env.store();
    assert_eq!(store.schema_version().expect("version"), LATEST_VERSION);
    drop(store);
    let migrated = schema(&env);
    let id = env.add_client("Ada", "Quill", Risk::High);
    // Re-opening runs no migration again and keeps the data.
    let store = env.store();
    assert_eq!(store.client(id).expect("client").family_name, "Quill");
    assert_eq!(store.integrity_check().expect("check"), vec!["ok".to_string()]);
    assert_eq!(schema(&env), migrated);
}

#[test]
fn a_new_database_file_is_private_in_wal_mode_and_not_backed_up() {
    if common::sqlite_only("the file's mode, its journal mode and backups beside it") {
        return;
    }
    let env = Env::new();
    let store = env.store();
    assert_eq!(store.schema_version().expect("version"), LATEST_VERSION);
    drop(store);
    let mode = std::fs::metadata(&env.db).expect("metadata").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    env.add_client("Ada", "Quill", Risk::High);
    env.store();
    let backups: Vec<_> = std::fs::read_dir(env.dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".bak"))
        .collect();
    assert!(backups.is_empty(), "no backup when nothing was migrated");
    let journal: String = raw(&env).query_row("PRAGMA journal_mode", [], |r| r.get(0)).expect("mode");
    assert_eq!(journal, "wal");
}

/// A database a newer caseload wrote: SQLite's user_version, or the server's
/// schema_version table, says 99.
#[test]
fn a_newer_schema_is_refused_and_left_as_it_was() {
    let env = Env::new();
    if common::on_postgres() {
        env.store();
        foreign(&env, "CREATE TABLE future (x integer); UPDATE schema_version SET version = 99;");
    } else {
        foreign(&env, "CREATE TABLE future (x); PRAGMA user_version = 99;");
    }
    let before = fingerprint(&env);
    let (code, stderr) = env.fails(&["alerts"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("newer caseload") && stderr.contains("hint:"), "{stderr}");
    let (code, stderr) = env.fails(&["note", "add", "1", "--body", "Called."]);
    assert_eq!(code, 1);
    assert!(stderr.contains("newer caseload") && stderr.contains("hint:"), "{stderr}");
    let error = caseload::store::Store::open(&env.db, &env.store_options()).err().expect("refused");
    assert!(matches!(error, StoreError::NewerSchema { found: 99, .. }), "{error}");
    let check = env.cmd().arg("check").output().expect("runs");
    assert_eq!(check.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(stdout.contains("PROBLEM") && stdout.contains("newer caseload"), "{stdout}");
    assert_eq!(fingerprint(&env), before, "left byte for byte (on a server: every row) as it was");
}

#[test]
fn a_world_readable_database_is_refused_with_the_chmod() {
    if common::sqlite_only("the database file's permissions") {
        return;
    }
    let env = Env::new();
    env.store();
    std::fs::set_permissions(&env.db, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let (code, stderr) = env.fails(&["check"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("PROBLEM") || stderr.contains("chmod 600"), "{stderr}");
    let output = env.cmd().args(["alerts"]).output().expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr.contains("other users") && stderr.contains("chmod 600"), "{stderr}");
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_kept() {
    if common::sqlite_only("a file that is not SQLite's; a server database is always the server's") {
        return;
    }
    let env = Env::new();
    std::fs::write(&env.db, "these are somebody's notes, not a database\n".repeat(100)).expect("write");
    std::fs::set_permissions(&env.db, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let before = std::fs::read(&env.db).expect("read");
    let (code, stderr) = env.fails(&["alerts"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("not a caseload database"), "{stderr}");
    let check = env.cmd().arg("check").output().expect("runs");
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stdout).contains("PROBLEM      the file"));
    assert_eq!(std::fs::read(&env.db).expect("read"), before);
}

/// Another program's SQLite file, or another program's tables in the server
/// database: refused by every command, and left as it was.
#[test]
fn another_programs_database_is_refused() {
    let env = Env::new();
    foreign(&env, "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('bread');");
    let before = fingerprint(&env);
    let error = caseload::store::Store::open(&env.db, &env.store_options()).err().expect("refused");
    assert!(matches!(error, StoreError::NotADatabase { .. }), "{error}");
    let error = caseload::store::Store::open_existing(&env.db, &env.store_options()).err().expect("refused");
    assert!(matches!(error, StoreError::NotADatabase { .. }), "a read-only command is told the same: {error}");
    for args in [&["alerts"][..], &["init"]] {
        let (code, stderr) = env.fails(args);
        assert_eq!(code, 1);
        assert!(stderr.contains("not a caseload database") && stderr.contains("hint:"), "{args:?}: {stderr}");
    }
    assert_eq!(fingerprint(&env), before);
}

/// A read-only command on a database that is not there (a missing file, or
/// an empty server database) says there is none, and creates nothing.
#[test]
fn a_read_only_command_on_no_database_creates_nothing() {
    let env = Env::new();
    for args in [&["alerts"][..], &["client", "list"], &["check"]] {
        let output = env.cmd().args(args).output().expect("runs");
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        // `check` says it as one of its PROBLEM lines when it reached a server.
        let said = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        assert!(said.contains("here is no database at") && said.contains("caseload init"), "{args:?}: {said}");
        assert!(nothing_created(&env), "{args:?} created a database");
    }
    let error = caseload::store::Store::open_existing(&env.db, &env.store_options()).err().expect("refused");
    assert!(matches!(error, StoreError::Missing { .. }), "{error}");
    assert!(nothing_created(&env));
}

/// A server nobody answers on: one sentence naming it (without the
/// password) and a hint, whatever the command. Needs no server.
#[test]
fn an_unreachable_server_is_one_sentence_and_a_hint_without_the_password() {
    let env = Env::new();
    // A port just closed again: nothing listens on it.
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("port").port();
    let url = format!("postgresql://casey:Sup3rSecretPw@127.0.0.1:{port}/caseload?sslmode=disable");
    for args in [&["alerts"][..], &["init"], &["note", "add", "1", "--body", "Called."]] {
        let output = env.cmd_on(std::path::Path::new(&url)).args(args).output().expect("runs");
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines.len(), 2, "{args:?}: one sentence and a hint: {stderr}");
        assert!(lines[0].starts_with("error: ") && lines[1].starts_with("hint: "), "{args:?}: {stderr}");
        assert!(
            lines[0].contains(&format!("postgresql://casey:***@127.0.0.1:{port}/caseload"))
                && lines[0].contains("could not be reached"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("Sup3rSecretPw") && !stderr.contains("sslmode"), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn audit_rows_cannot_be_changed_or_deleted() {
    let env = Env::new();
    env.add_client("Ada", "Quill", Risk::Low);
    let store = env.store();
    let conn = store.conn();
    let count: i64 = conn.query_row("SELECT count(*) FROM audit", [], |r| r.get(0)).expect("count");
    assert!(count >= 1);
    let update = conn.execute("UPDATE audit SET \"user\" = 'mallory'", []);
    assert!(update.is_err_and(|e| e.to_string().contains("audit rows cannot be changed")));
    let delete = conn.execute("DELETE FROM audit", []);
    assert!(delete.is_err_and(|e| e.to_string().contains("audit rows cannot be deleted")));
    if common::on_postgres() {
        // The server has one more way to empty a table.
        let truncate = conn.execute_batch("TRUNCATE audit");
        assert!(truncate.is_err_and(|e| e.to_string().contains("audit rows cannot be deleted")));
    }
    let after: i64 = conn.query_row("SELECT count(*) FROM audit", [], |r| r.get(0)).expect("count");
    assert_eq!(after, count);
}

#[test]
fn a_database_in_a_missing_directory_is_refused() {
    let env = Env::new();
    let missing = env.dir.path().join("no/such/dir/caseload.db");
    let output = env.cmd_on(&missing).arg("alerts").output().expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("does not exist") && stderr.contains("hint:"), "{stderr}");
    assert!(!missing.exists());
}

#[test]
fn a_directory_nobody_may_write_is_a_clear_error() {
    // /proc refuses new files even to root, so this holds wherever the tests run.
    let env = Env::new();
    let output = env.cmd_on(std::path::Path::new("/proc/caseload.db")).arg("init").output().expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with("error: The file /proc/caseload.db") && stderr.contains("hint:"), "{stderr}");
}

#[test]
/// An empty file, or an empty server database (what the test server makes).
fn an_empty_file_is_migrated_and_a_reopen_changes_nothing() {
    let env = Env::new();
    if !common::on_postgres() {
        std::fs::write(&env.db, b"").expect("empty file");
        std::fs::set_permissions(&env.db, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    }
    assert_eq!(env.store().schema_version().expect("version"), LATEST_VERSION);
    let first = schema(&env);
    env.store();
    assert_eq!(schema(&env), first);
}

#[test]
fn an_older_schema_is_backed_up_then_migrated() {
    if common::sqlite_only("a server's schema starts at version 13; version 1 and its backup file are SQLite's") {
        return;
    }
    let env = Env::new();
    let id = env.add_client("Ada", "Quill", Risk::High);
    // Turn the file back into a version-1 database: what the later versions added goes
    // (version 8's trigger reads note.program, so it goes first).
    raw(&env)
        .execute_batch(
            "DROP TABLE meta; DROP INDEX resource_by_hsds_id; ALTER TABLE resource DROP COLUMN hsds_id;
             ALTER TABLE resource DROP COLUMN email;
             DROP TABLE reconciliation; DROP TABLE medication; ALTER TABLE encounter DROP COLUMN reason;
             DROP TABLE assessment_draft; DROP TABLE assessment; ALTER TABLE client DROP COLUMN gender;
             DROP TRIGGER note_keeps_minutes; DROP TABLE note_minutes;
             DROP TABLE enrollment; ALTER TABLE note DROP COLUMN program;
             UPDATE client SET program = 'Behavioral-Health-Long';
             DROP TRIGGER note_keeps_last_contact; DROP TABLE last_contact;
             DROP INDEX appointment_by_status; DROP INDEX appointment_by_transport;
             DROP INDEX goal_by_status; DROP INDEX alert_snooze_by_client;
             DROP INDEX audit_changes; ALTER TABLE audit DROP COLUMN os_user;
             ALTER TABLE audit DROP COLUMN detail; ALTER TABLE audit DROP COLUMN hash; PRAGMA user_version = 1;",
        )
        .expect("downgrade to version 1");
    let store = env.store();
    assert_eq!(store.schema_version().expect("version"), LATEST_VERSION);
    assert_eq!(store.client(id).expect("kept").given_name, "Ada");
    let enrollments = store.enrollments(id).expect("enrollments");
    assert_eq!(enrollments.len(), 1, "the client's program becomes its enrollment: {enrollments:?}");
    assert_eq!(enrollments[0].program, caseload::domain::program::Program::General);
    // Text no program maps to stays on the client, and the client can still be edited.
    let mut client = store.client(id).expect("kept");
    assert_eq!(client.program, "Behavioral-Health-Long");
    client.phone = Some("555-0100".into());
    let mut store = store;
    store
        .update_client(client, caseload::domain::time::Now::new(common::now(), caseload::domain::time::Zone::UTC))
        .expect("edited");
    let backup = env.dir.path().join("caseload.db.v1.bak");
    let mode = std::fs::metadata(&backup).expect("backup exists").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the backup is as private as the database");
    let copy = Connection::open(&backup).expect("backup opens");
    let version: u32 = copy.query_row("PRAGMA user_version", [], |r| r.get(0)).expect("version");
    let clients: i64 = copy.query_row("SELECT count(*) FROM client", [], |r| r.get(0)).expect("count");
    assert_eq!((version, clients), (1, 1));
}

#[test]
fn a_shared_group_gets_0660_files_owned_by_the_group_and_nothing_wider() {
    use std::os::unix::fs::MetadataExt;
    if common::sqlite_only("share_group sets the database file's mode and group") {
        return;
    }
    let env = Env::new();
    let group = nix::unistd::Group::from_gid(nix::unistd::getegid()).expect("lookup").expect("own group");
    std::fs::write(&env.config, format!("share_group = \"{}\"\n", group.name)).expect("config");
    std::fs::set_permissions(&env.config, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    env.ok(&["init"]);
    let metadata = std::fs::metadata(&env.db).expect("created");
    assert_eq!(metadata.permissions().mode() & 0o777, 0o660);
    assert_eq!(metadata.gid(), group.gid.as_raw());
    assert!(env.ok(&["check"]).contains("all checks passed"));
    std::fs::set_permissions(&env.db, std::fs::Permissions::from_mode(0o664)).expect("chmod");
    let (code, stderr) = env.fails(&["alerts"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("chmod 660"), "{stderr}");
}

#[test]
fn an_unknown_share_group_is_refused_before_any_file_is_made() {
    if common::sqlite_only("share_group is the database file's group; a server database makes no file") {
        return;
    }
    let env = Env::new();
    std::fs::write(&env.config, "share_group = \"no-such-group-here\"\n").expect("config");
    std::fs::set_permissions(&env.config, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let (code, stderr) = env.fails(&["init"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("no-such-group-here") && stderr.contains("hint:"), "{stderr}");
    assert!(!env.db.exists());
}

#[test]
fn eight_processes_opening_a_new_database_at_once_all_succeed() {
    let env = Env::new();
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let mut command = env.cmd();
            std::thread::spawn(move || command.arg("init").output().expect("runs"))
        })
        .collect();
    for handle in handles {
        let output = handle.join().expect("thread");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    }
    assert_eq!(env.store().schema_version().expect("version"), LATEST_VERSION);
}

/// What one of eight processes opening a new file at once met (the flake of
/// the test above): switching the file to WAL upgrades a read lock to a write
/// lock, which SQLite refuses at once, without waiting, while another process
/// writes. Played here by holding the write lock on the new, empty file.
#[test]
fn a_new_file_another_process_is_writing_is_waited_for_not_refused() {
    if common::sqlite_only("SQLite's switch of a new file to WAL mode") {
        return;
    }
    let env = Env::new();
    std::fs::File::create(&env.db).expect("the new, empty file");
    std::fs::set_permissions(&env.db, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let other = raw(&env);
    other.execute_batch("BEGIN IMMEDIATE").expect("holds the write lock");
    let mut init = env.cmd();
    init.arg("init");
    let running = std::thread::spawn(move || init.output().expect("runs"));
    std::thread::sleep(std::time::Duration::from_millis(300));
    other.execute_batch("COMMIT").expect("lets go");
    let output = running.join().expect("thread");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(env.store().schema_version().expect("version"), LATEST_VERSION);
}

/// The server's side of the same: a process that finds another one creating
/// the schema of a new database waits for it (the migration lock, held here
/// as that process would hold it), then finds the schema made.
#[test]
fn a_new_server_database_another_process_is_creating_is_waited_for_not_refused() {
    if !common::on_postgres() {
        eprintln!("PostgreSQL only (the server's migration lock): run with CASELOAD_TEST_POSTGRES");
        return;
    }
    let env = Env::new();
    let mut other = server_client(&env);
    // The key of src/store/server.rs's lock ("casemigr").
    const MIGRATION_LOCK: i64 = 0x6361_7365_6d69_6772;
    other.batch_execute(&format!("BEGIN; SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")).expect("holds the lock");
    let mut init = env.cmd();
    init.arg("init");
    let running = std::thread::spawn(move || init.output().expect("runs"));
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(!running.is_finished(), "init waited for the other process");
    other.batch_execute("COMMIT").expect("lets go");
    let output = running.join().expect("thread");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(env.store().schema_version().expect("version"), LATEST_VERSION);
}
