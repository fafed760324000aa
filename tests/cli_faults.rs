//! Faults in the right words (issue #12, items 7 and 8): a read-only file or
//! `-shm`, a full disk, a damaged file, a schema version that lies, a
//! directory, a link, a foreign owner, a file nobody may open. Each gets its
//! own sentence and a hint that fixes the real problem, leaves no file behind,
//! and `caseload check` reports it.
//!
//! How each is simulated without mounting anything:
//! - file modes that only bind other accounts: the binary runs as `nobody`
//!   through `setpriv` (the tests run as root; as any other user they run the
//!   binary directly, where the modes bind anyway);
//! - a full disk: `ulimit -f` in `sh` (with SIGXFSZ ignored), so SQLite cannot
//!   grow its `-shm` file or the database, and `/dev/full` for outputs;
//! - damage: bytes flipped in the client table's root page.
//!
//! Against a PostgreSQL server (CASELOAD_TEST_POSTGRES) the faults of the
//! database file (its modes, owner, link, directory, disk, bytes, version
//! pragma, backup file) do not exist and those tests are SQLite only; the ones
//! about input, outputs and the command line run on both.

mod common;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Output;

use caseload::domain::client::Risk;
use common::Env;

/// The account the binary runs as when the tests run as root.
const NOBODY: u32 = 65534;

fn is_root() -> bool {
    nix::unistd::geteuid().is_root()
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).expect("metadata").permissions().mode() & 0o777
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn companion(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    name.into()
}

/// Files in the test directory, by name.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Runs caseload as an account that file modes bind: `nobody` (owning the
/// test directory) when the tests run as root, else the test's own account.
fn as_unprivileged(env: &Env, args: &[&str]) -> Output {
    let wrapper: &[&str] = if is_root() {
        for entry in walk(env.dir.path()) {
            std::os::unix::fs::lchown(&entry, Some(NOBODY), Some(NOBODY)).expect("chown to nobody");
        }
        &["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    } else {
        &[]
    };
    env.cmd_through(wrapper, &env.db).args(args).output().expect("runs")
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut all = vec![dir.to_path_buf()];
    for entry in std::fs::read_dir(dir).expect("dir").filter_map(Result::ok) {
        let path = entry.path();
        if entry.file_type().expect("type").is_dir() {
            all.extend(walk(&path));
        } else {
            all.push(path);
        }
    }
    all
}

/// Runs caseload with files limited to `blocks` blocks of 512 bytes, as if
/// the disk filled up at that size.
fn with_file_limit(env: &Env, blocks: u32, args: &[&str]) -> Output {
    let script = format!("trap '' XFSZ; ulimit -f {blocks}; exec \"$0\" \"$@\"");
    env.cmd_through(&["/bin/sh", "-c", &script], &env.db).args(args).output().expect("runs")
}

/// A database with one client, closed (its WAL folded in).
fn one_client(env: &Env) {
    env.add_client("Ada", "Quill", Risk::High);
}

#[test]
fn a_read_only_database_is_refused_before_sqlite_makes_a_read_only_shm() {
    if common::sqlite_only("the database file's mode and its -shm") {
        return;
    }
    let env = Env::new();
    one_client(&env);
    chmod(&env.db, 0o400);
    let output = as_unprivileged(&env, &["alerts"]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("is read-only (mode 400)") && stderr.contains("hint: run `chmod 600 "), "{stderr}");
    assert!(!companion(&env.db, "-shm").exists(), "no -shm made from a read-only database");
    chmod(&env.db, 0o600);
    let output = as_unprivileged(&env, &["note", "add", "1", "--body", "Called back."]);
    assert!(output.status.success(), "{}", text(&output.stderr));
}

#[test]
fn a_read_only_shm_left_behind_is_named_and_check_reports_it() {
    if common::sqlite_only("a -shm file left beside the database") {
        return;
    }
    let env = Env::new();
    one_client(&env);
    let before = std::fs::read(&env.db).expect("read");
    // What an older caseload left after running on a 0400 database.
    let shm = companion(&env.db, "-shm");
    std::fs::write(&shm, vec![0u8; 32 * 1024]).expect("shm");
    chmod(&shm, 0o400);
    let output = as_unprivileged(&env, &["note", "add", "1", "--body", "Called back."]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("caseload.db-shm is read-only (mode 400)"), "{stderr}");
    assert!(stderr.contains("hint: run `chmod 600 ") && stderr.contains("caseload.db-shm`"), "{stderr}");
    let check = as_unprivileged(&env, &["check"]);
    let stdout = text(&check.stdout);
    assert_eq!(check.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("PROBLEM      the file ") && stdout.contains("-shm is read-only"), "{stdout}");
    assert!(!stdout.contains("all checks passed"), "{stdout}");
    assert_eq!(std::fs::read(&env.db).expect("read"), before, "nothing was written");
    assert!(!companion(&env.db, "-wal").exists(), "nor begun");
}

#[test]
fn a_directory_that_cannot_be_written_is_named_by_check() {
    if common::sqlite_only("the database's directory, where SQLite makes -wal and -shm") {
        return;
    }
    let env = Env::new();
    one_client(&env);
    chmod(env.dir.path(), 0o500);
    let output = as_unprivileged(&env, &["note", "add", "1", "--body", "Called back."]);
    let stderr = text(&output.stderr);
    let check = as_unprivileged(&env, &["check"]);
    chmod(env.dir.path(), 0o700);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("read-only") && stderr.contains("hint: run `caseload check`"), "{stderr}");
    let stdout = text(&check.stdout);
    assert_eq!(check.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("PROBLEM      the directory ") && stdout.contains("is not writable by you"), "{stdout}");
}

#[test]
fn a_full_disk_says_so_and_not_that_no_transaction_is_active() {
    if common::sqlite_only("the disk the database file grows on; a server's disk is its own") {
        return;
    }
    let env = Env::new();
    one_client(&env);
    let before = env.snapshot();
    // Too little room for SQLite's 32 KiB -shm file.
    for args in [&["alerts"][..], &["note", "add", "1", "--body", "Called back."]] {
        let output = with_file_limit(&env, 8, args);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(stderr.starts_with("error: The disk is full"), "{args:?}: {stderr}");
        assert!(stderr.contains("hint: free some disk space"), "{stderr}");
        assert!(!stderr.contains("transaction") && !stderr.contains("caseload check"), "{stderr}");
    }
    assert_eq!(env.snapshot(), before);
}

#[test]
fn a_backup_that_runs_out_of_room_leaves_no_copy_and_no_journal() {
    if common::sqlite_only("the SQLite backup file; a server refuses backup") {
        return;
    }
    let env = Env::new();
    env.ok(&["demo", "--clients", "20"]);
    let target = env.dir.path().join("copy.db");
    let output = with_file_limit(&env, 96, &["backup", target.to_str().expect("path")]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("nothing was written") && !stderr.contains("caseload check"), "{stderr}");
    let left: Vec<String> = files_in(env.dir.path()).into_iter().filter(|name| name.starts_with("copy.db")).collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_demo_that_runs_out_of_room_leaves_no_database() {
    if common::sqlite_only("a database file the disk has no room for") {
        return;
    }
    let env = Env::new();
    let output = with_file_limit(&env, 1000, &["demo", "--clients", "50"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let left: Vec<String> =
        files_in(env.dir.path()).into_iter().filter(|name| name.starts_with("caseload.db")).collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn output_to_a_full_device_says_so_with_a_hint() {
    let env = Env::new();
    one_client(&env);
    let to_full = ["/bin/sh", "-c", "exec \"$0\" \"$@\" > /dev/full"];
    let output = env.cmd_through(&to_full, &env.db).args(["client", "list", "--all"]).output().expect("runs");
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("no space is left on the device") && stderr.contains("\nhint: free some"), "{stderr}");
}

/// Flips the b-tree header of the client table's root page.
fn damage_client_table(db: &Path) {
    let (root, page_size): (i64, i64) = {
        let conn = rusqlite::Connection::open(db).expect("opens");
        let root = conn.query_row("SELECT rootpage FROM sqlite_master WHERE name = 'client'", [], |r| r.get(0));
        (root.expect("root page"), conn.query_row("PRAGMA page_size", [], |r| r.get(0)).expect("page size"))
    };
    let mut bytes = std::fs::read(db).expect("read");
    let start = usize::try_from((root - 1) * page_size).expect("offset");
    bytes[start..start + 8].fill(0xff);
    std::fs::write(db, bytes).expect("write");
}

#[test]
fn a_damaged_database_is_reported_by_check_and_named_with_a_way_back() {
    if common::sqlite_only("bytes of the database file") {
        return;
    }
    let env = Env::new();
    one_client(&env);
    damage_client_table(&env.db);
    let check = env.cmd().arg("check").output().expect("runs");
    let stdout = text(&check.stdout);
    let stderr = text(&check.stderr);
    assert_eq!(check.status.code(), Some(1), "{stderr}");
    assert!(stdout.contains("PROBLEM      the database file is damaged"), "{stdout}");
    assert!(stdout.contains("caseload backup") && stdout.contains(".recover"), "{stdout}");
    assert!(stderr.starts_with("error: Caseload check found"), "{stderr}");
    assert!(!stderr.contains("malformed") && !stdout.contains("Database error"), "{stdout}{stderr}");
    let (code, stderr) = env.fails(&["client", "list", "--all"]);
    assert_eq!(code, 1);
    assert!(stderr.starts_with("error: The database file is damaged"), "{stderr}");
    assert!(stderr.contains("hint: restore the newest copy made by `caseload backup`"), "{stderr}");
    assert!(!stderr.contains("run `caseload check`"), "{stderr}");
}

#[test]
fn a_version_that_does_not_match_the_tables_fails_in_one_sentence_without_piling_up_backups() {
    if common::sqlite_only("the file's PRAGMA user_version and the backups made before migrating it") {
        return;
    }
    let env = Env::new();
    one_client(&env);
    rusqlite::Connection::open(&env.db).expect("opens").execute_batch("PRAGMA user_version = 3").expect("set");
    for _attempt in 0..2 {
        let (code, stderr) = env.fails(&["alerts"]);
        assert_eq!(code, 1);
        assert_eq!(stderr.lines().count(), 2, "one sentence and a hint: {stderr}");
        assert!(stderr.contains("from schema version 3 to 4") && !stderr.contains("CREATE"), "{stderr}");
        assert!(stderr.contains("hint: restore a copy made by `caseload backup`"), "{stderr}");
    }
    let backups: Vec<String> = files_in(env.dir.path()).into_iter().filter(|name| name.contains(".bak")).collect();
    assert!(backups.is_empty(), "a migration that changed nothing keeps no copy: {backups:?}");
    let check = env.cmd().arg("check").output().expect("runs");
    assert_eq!(check.status.code(), Some(1));
    assert!(text(&check.stdout).contains("PROBLEM      the database"), "{}", text(&check.stdout));
}

#[test]
fn a_negative_schema_version_is_named_and_check_reports_it() {
    if common::sqlite_only("the file's PRAGMA user_version") {
        return;
    }
    let env = Env::new();
    one_client(&env);
    rusqlite::Connection::open(&env.db).expect("opens").execute_batch("PRAGMA user_version = -1").expect("set");
    let before = std::fs::read(&env.db).expect("read");
    let (code, stderr) = env.fails(&["alerts"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("schema version -1, which no caseload writes") && stderr.contains("hint:"), "{stderr}");
    assert!(!stderr.contains("out of range"), "{stderr}");
    let check = env.cmd().arg("check").output().expect("runs");
    assert_eq!(check.status.code(), Some(1));
    assert!(text(&check.stdout).contains("PROBLEM      the database"), "{}", text(&check.stdout));
    assert_eq!(std::fs::read(&env.db).expect("read"), before, "left as it was");
}

#[test]
fn a_directory_given_as_the_database_is_not_told_to_chmod() {
    let env = Env::new();
    let dir = env.dir.path().join("team");
    std::fs::create_dir(&dir).expect("dir");
    chmod(&dir, 0o755);
    let output = env.cmd_on(&dir).arg("alerts").output().expect("runs");
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr.contains("is a directory, not a file") && !stderr.contains("chmod"), "{stderr}");
    let check = env.cmd_on(&dir).arg("check").output().expect("runs");
    let stdout = text(&check.stdout);
    assert!(stdout.contains("PROBLEM") && stdout.contains("is a directory") && !stdout.contains("chmod"), "{stdout}");
    assert_eq!(mode(&dir), 0o755);
}

#[test]
fn a_link_is_refused_without_a_hint_that_would_chmod_its_target() {
    if common::sqlite_only("the database file as a symbolic link") {
        return;
    }
    let env = Env::new();
    let target = env.dir.path().join("system-file");
    std::fs::write(&target, "root:x:0:0\n").expect("target");
    chmod(&target, 0o644);
    let link = env.dir.path().join("caseload.db");
    std::os::unix::fs::symlink(&target, &link).expect("link");
    let (code, stderr) = env.fails(&["alerts"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("is a symbolic link") && !stderr.contains("chmod"), "{stderr}");
    let check = env.cmd().arg("check").output().expect("runs");
    assert!(!text(&check.stdout).contains("chmod"), "{}", text(&check.stdout));
    assert_eq!(mode(&target), 0o644);
    assert_eq!(std::fs::read_to_string(&target).expect("read"), "root:x:0:0\n");
}

#[test]
fn a_relative_path_is_printed_as_typed_and_writable_modes_say_written() {
    let env = Env::new();
    one_client(&env);
    std::fs::write(env.dir.path().join("wr.toml"), "").expect("config");
    chmod(&env.dir.path().join("wr.toml"), 0o644);
    let output = env.cmd().current_dir(env.dir.path()).args(["--config", "wr.toml", "alerts"]).output().expect("runs");
    let stderr = text(&output.stderr);
    assert!(stderr.contains(" wr.toml can be read by its group and other users (mode 644)"), "{stderr}");
    assert!(!stderr.contains("Wr.toml"), "{stderr}");
    if common::sqlite_only("the database file's mode") {
        return;
    }
    for (bits, words) in [(0o620, "can be written by its group"), (0o602, "can be written by other users")] {
        chmod(&env.db, bits);
        let (code, stderr) = env.fails(&["alerts"]);
        assert_eq!(code, 1);
        assert!(stderr.contains(words) && stderr.contains("chmod 600"), "{bits:o}: {stderr}");
    }
}

#[test]
fn a_team_database_without_share_group_is_told_about_share_group_first() {
    if common::sqlite_only("the database file's mode") {
        return;
    }
    let env = Env::new();
    one_client(&env);
    chmod(&env.db, 0o660);
    let (code, stderr) = env.fails(&["alerts"]);
    assert_eq!(code, 1);
    let hint = stderr.lines().find(|line| line.starts_with("hint:")).expect("hint");
    assert!(hint.contains("share_group = \"") && hint.contains("if not, run `chmod 600 "), "{hint}");
}

#[test]
fn a_file_owned_by_another_account_is_refused_even_to_root() {
    if !is_root() {
        eprintln!("skipped: only root can give a file to another account");
        return;
    }
    if common::sqlite_only("the database file's owner") {
        return;
    }
    let env = Env::new();
    one_client(&env);
    std::os::unix::fs::chown(&env.db, Some(NOBODY), Some(NOBODY)).expect("chown");
    let before = std::fs::read(&env.db).expect("read");
    let (code, stderr) = env.fails(&["alerts"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("belongs to another account (nobody)") && stderr.contains("share_group"), "{stderr}");
    assert!(stderr.contains("hint: run caseload as nobody"), "{stderr}");
    let check = env.cmd().arg("check").output().expect("runs");
    assert!(text(&check.stdout).contains("PROBLEM      the file"), "{}", text(&check.stdout));
    assert_eq!(std::fs::read(&env.db).expect("read"), before);
    assert_eq!(std::fs::metadata(&env.db).expect("metadata").uid(), NOBODY);
}

#[test]
fn someone_outside_the_group_is_told_they_may_not_open_it_not_that_it_is_missing() {
    if !is_root() {
        eprintln!("skipped: needs root to run as an account outside the group");
        return;
    }
    let env = Env::new();
    let team = env.dir.path().join("team");
    std::fs::create_dir(&team).expect("team dir");
    let db = team.join("caseload.db");
    caseload::store::Store::open(&db, &env.store_options()).expect("team database");
    chmod(&team, 0o770); // root's group only; nobody is outside it
    chmod(env.dir.path(), 0o755);
    let setpriv = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"];
    for args in [&["alerts"][..], &["check"]] {
        let output = env.cmd_through(&setpriv, &db).args(args).output().expect("runs");
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("may not open") && stderr.contains("permission is denied"), "{args:?}: {stderr}");
        assert!(stderr.contains("its group") && !stderr.contains("no database"), "{stderr}");
    }
}

#[test]
fn a_read_command_never_creates_a_database() {
    let env = Env::new();
    for args in [&["alerts"][..], &["client", "list"], &["check"], &["agenda"]] {
        let (code, stderr) = env.fails(args);
        assert_eq!(code, 1);
        assert!(stderr.starts_with("error: There is no database at "), "{args:?}: {stderr}");
        assert!(stderr.contains("`caseload init`"), "{stderr}");
        assert!(files_in(env.dir.path()).iter().all(|name| !name.starts_with("caseload.db")), "{args:?} made a file");
        if common::on_postgres() {
            assert_eq!(common::server_tables(&env.db), 0, "{args:?} set up the server's database");
        }
    }
    // (An empty file is the file's own case; a server's empty database is the one above.)
    if !common::on_postgres() {
        std::fs::write(&env.db, b"").expect("empty file");
        chmod(&env.db, 0o600);
        let (code, stderr) = env.fails(&["alerts"]);
        assert_eq!(code, 1);
        assert!(stderr.contains("is empty, not a caseload database"), "{stderr}");
        assert_eq!(std::fs::metadata(&env.db).expect("metadata").len(), 0, "left empty");
        std::fs::remove_file(&env.db).expect("remove");
    }
    // A command that adds a record does create it.
    env.ok(&["client", "add", "--given-name", "Ada", "--family-name", "Quill"]);
    if common::on_postgres() {
        assert!(common::server_tables(&env.db) > 0, "the server's database was set up");
    } else {
        assert!(env.db.exists());
    }
}

#[test]
fn an_existing_output_file_is_not_a_missing_directory() {
    let env = Env::new();
    one_client(&env);
    let existing = env.dir.path().join("bundle.json");
    std::fs::write(&existing, "{}").expect("existing");
    let (code, stderr) =
        env.fails(&["export", "fhir", "--all-coordinators", "--output", existing.to_str().expect("path")]);
    assert_eq!(code, 1);
    assert!(stderr.contains("already exists") && stderr.contains("hint: give a new file name"), "{stderr}");
    assert!(!stderr.contains("directory exists"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&existing).expect("read"), "{}");
}

#[test]
fn a_note_limit_of_zero_is_a_usage_error_not_an_empty_list() {
    let env = Env::new();
    one_client(&env);
    let output = env.cmd().args(["note", "list", "1", "--limit", "0"]).output().expect("runs");
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stdout));
    assert!(text(&output.stderr).contains("--limit"), "{}", text(&output.stderr));
}
