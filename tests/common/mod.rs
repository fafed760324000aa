//! Shared set-up for tests that run the real binary: a temp dir holding the
//! database and a (missing) config, a fixed clock, a fixed time zone and user.
#![allow(dead_code)] // each test file uses a different part of this

pub mod pty;
pub mod synthetic;
pub mod tui;

use std::path::PathBuf;
use std::time::Duration;

use assert_cmd::Command;
use caseload::domain::client::{Client, Risk};
use caseload::domain::time::Zone;
use caseload::files::Sharing;
use caseload::store::{OpenOptions, Store};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;
use tempfile::TempDir;

/// Monday 23 November 2026, 09:00 in Chicago (15:00 UTC).
pub const NOW: &str = "2026-11-23T09:00:00";
pub const TZ: &str = "America/Chicago";
pub const USER: &str = "casey";
/// The OS account the tests' own library stores record (the binary records the real one).
pub const OS_USER: &str = "tester";

pub struct Env {
    pub dir: TempDir,
    /// The database: a file in `dir`, or with `CASELOAD_TEST_POSTGRES` set, the
    /// URL of a fresh database of its own on that server (SPEC §11).
    pub db: PathBuf,
    pub config: PathBuf,
    server_database: Option<ServerDatabase>,
    extra_databases: Vec<ServerDatabase>,
}

/// The server the suites also run against: `CASELOAD_TEST_POSTGRES`, the URL
/// of a database on it that the tests may create databases from
/// (`.ci/postgres` starts one and prints it).
pub fn test_server() -> Option<String> {
    std::env::var("CASELOAD_TEST_POSTGRES").ok().filter(|url| !url.trim().is_empty())
}

/// Whether this run's databases are on a PostgreSQL server.
pub fn on_postgres() -> bool {
    test_server().is_some()
}

/// True (and says why) when a test checks what only a SQLite file has
/// (its permissions, its bytes, rusqlite opened on it): such a test returns
/// early on a run against the server.
pub fn sqlite_only(why: &str) -> bool {
    if on_postgres() {
        eprintln!("SQLite only ({why}): not run against PostgreSQL");
    }
    on_postgres()
}

/// How many tables the database at `db` on the test server holds: none until
/// a command that adds a record sets it up (always 0 on a SQLite run).
pub fn server_tables(db: &std::path::Path) -> i64 {
    let Some(url) = db.to_str().filter(|_| on_postgres()) else { return 0 };
    let mut client = postgres::Client::connect(url, postgres::NoTls).expect("the test server answers");
    client
        .query_one(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')",
            &[],
        )
        .expect("count")
        .get(0)
}

/// A database made on the test server for one test, dropped with it.
struct ServerDatabase {
    server: String,
    name: String,
}

impl ServerDatabase {
    fn create(server: &str) -> (ServerDatabase, String) {
        static MADE: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let name = format!("caseload_test_{}_{n}_{}", std::process::id(), fastrand::u32(..));
        let mut client = postgres::Client::connect(server, postgres::NoTls).expect("the test server answers");
        client.batch_execute(&format!("CREATE DATABASE {name}")).expect("a test database");
        let url = match server.rsplit_once('/') {
            Some((base, _)) => format!("{base}/{name}"),
            None => panic!("CASELOAD_TEST_POSTGRES must end with /DATABASE: {server}"),
        };
        (ServerDatabase { server: server.to_string(), name }, url)
    }
}

impl Drop for ServerDatabase {
    fn drop(&mut self) {
        if let Ok(mut client) = postgres::Client::connect(&self.server, postgres::NoTls) {
            let _ = client.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
        }
    }
}

impl Env {
    pub fn new() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = dir.path().join("config.toml");
        let (server_database, db) = match test_server() {
            Some(server) => {
                let (database, url) = ServerDatabase::create(&server);
                (Some(database), PathBuf::from(url))
            }
            None => (None, dir.path().join("caseload.db")),
        };
        Env { dir, db, config, server_database, extra_databases: Vec::new() }
    }

    /// Another database beside this one (a file in `dir`, or a fresh database
    /// on the test server), kept as long as this Env.
    pub fn another_database(&mut self, file_name: &str) -> PathBuf {
        match test_server() {
            Some(server) => {
                let (database, url) = ServerDatabase::create(&server);
                self.extra_databases.push(database);
                PathBuf::from(url)
            }
            None => self.dir.path().join(file_name),
        }
    }

    /// `caseload --db DB --user casey` with the fixed clock and time zone.
    pub fn cmd(&self) -> Command {
        self.cmd_on(&self.db)
    }

    /// The same, on another database file.
    pub fn cmd_on(&self, db: &std::path::Path) -> Command {
        self.cmd_through(&[], db)
    }

    /// The same, started through another program that runs the binary given
    /// as its last argument (`setpriv …` to run as another account, `sh -c …`
    /// to set a limit first).
    pub fn cmd_through(&self, wrapper: &[&str], db: &std::path::Path) -> Command {
        let binary = assert_cmd::cargo::cargo_bin!("caseload");
        let mut command = match wrapper.split_first() {
            Some((program, args)) => {
                let mut command = Command::new(program);
                command.args(args).arg(binary);
                command
            }
            None => Command::new(binary),
        };
        command
            .env_clear()
            .env("CASELOAD_NOW", NOW)
            .env("TZ", TZ)
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("xdg-config"))
            .env("XDG_DATA_HOME", self.dir.path().join("xdg-data"))
            .env("CASELOAD_CONFIG", &self.config)
            .arg("--db")
            .arg(db)
            .arg("--user")
            .arg(USER)
            .timeout(Duration::from_secs(60));
        command
    }

    /// Runs a command that must succeed; returns its standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        let output = self.cmd().args(args).output().expect("runs");
        assert!(output.status.success(), "caseload {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).expect("utf-8 output")
    }

    /// Runs a command with `--format json` appended and parses its output.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.extend(["--format", "json"]);
        serde_json::from_str(&self.ok(&all)).expect("valid JSON")
    }

    /// Runs a command that must fail; returns (exit code, standard error).
    pub fn fails(&self, args: &[&str]) -> (i32, String) {
        let output = self.cmd().args(args).output().expect("runs");
        assert!(!output.status.success(), "caseload {args:?} should have failed");
        (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stderr).into_owned())
    }

    /// Runs a command that must be refused as bad input: exit 1, one error
    /// sentence containing `expect`, a hint, and no row added or changed
    /// anywhere (the audit trail included). Returns standard error.
    pub fn refused_unchanged(&self, args: &[&str], expect: &str) -> String {
        let before = self.snapshot();
        let (code, stderr) = self.fails(args);
        assert_eq!(code, 1, "caseload {args:?} should exit 1: {stderr}");
        assert!(stderr.starts_with("error: ") && stderr.contains("\nhint: "), "caseload {args:?}: {stderr}");
        assert!(stderr.contains(expect), "caseload {args:?} should mention {expect:?}: {stderr}");
        assert_eq!(self.snapshot(), before, "caseload {args:?} changed the database");
        stderr
    }

    /// Every row of every table, as text: equal snapshots mean an unchanged database.
    pub fn snapshot(&self) -> Vec<String> {
        let store = self.store();
        let tables = store.table_counts().expect("tables");
        let conn = store.conn();
        let mut rows = Vec::new();
        for (table, _) in tables {
            let mut statement = conn.prepare(&format!("SELECT * FROM {table} ORDER BY 1")).expect("select");
            let width = statement.column_count();
            let mut query = statement.query([]).expect("query");
            while let Some(row) = query.next().expect("row") {
                let cells: Vec<String> = (0..width).map(|i| format!("{:?}", row.get_ref(i).expect("cell"))).collect();
                rows.push(format!("{table}: {}", cells.join(" | ")));
            }
        }
        rows
    }

    /// Damages the database as only an older version or another program could:
    /// runs `sql` past the schema's triggers (on SQLite by dropping the named
    /// `triggers` first; on the server, whose superuser the tests are, with
    /// triggers switched off for this one session). Damage the schema refuses
    /// by its types or checks is not possible there.
    pub fn damage_past_triggers(&self, triggers: &[&str], sql: &str) {
        let store = self.store();
        let batch = if on_postgres() {
            format!("SET session_replication_role = replica; {sql}; SET session_replication_role = DEFAULT")
        } else {
            let drops: String = triggers.iter().map(|trigger| format!("DROP TRIGGER {trigger}; ")).collect();
            format!("{drops}{sql}")
        };
        store.conn().execute_batch(&batch).expect("damaged");
    }

    /// The store opened directly through the library, at the tests' "now".
    pub fn store(&self) -> Store {
        Store::open(&self.db, &self.store_options()).expect("store opens")
    }

    pub fn store_options(&self) -> OpenOptions {
        OpenOptions {
            user: USER.into(),
            os_user: OS_USER.into(),
            now: now(),
            sharing: Sharing::Private,
            busy_timeout: Duration::from_secs(5),
        }
    }

    /// Adds an active client through the library (no CLI needed); returns its id.
    pub fn add_client(&self, given: &str, family: &str, risk: Risk) -> i64 {
        let mut client = blank_client();
        client.given_name = given.into();
        client.family_name = family.into();
        client.risk = risk;
        self.store().add_client(client, today()).expect("client added")
    }
}

pub fn now() -> DateTime<Utc> {
    // 09:00 in Chicago on 23 November 2026 (CST, UTC-6).
    DateTime::parse_from_rfc3339("2026-11-23T15:00:00Z").expect("instant").with_timezone(&Utc)
}

/// The zone of `TZ`, for tests that build a `Now` in the test process.
pub fn zone() -> Zone {
    Zone::named(TZ).expect("a known zone")
}

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("date")
}

/// A valid active client of `casey`, enrolled a year ago, to be adjusted by tests.
pub fn blank_client() -> Client {
    let mut client = Client::new("Test", "Client", USER, NaiveDate::from_ymd_opt(2025, 11, 23).expect("date"), now());
    client.dob = NaiveDate::from_ymd_opt(1960, 5, 17);
    client
}
