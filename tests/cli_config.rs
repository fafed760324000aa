//! Config files the way people break them, run through the real binary.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use common::Env;

fn with_config(env: &Env, source: &Path) {
    std::fs::copy(source, &env.config).expect("copy config");
    std::fs::set_permissions(&env.config, std::fs::Permissions::from_mode(0o600)).expect("chmod");
}

fn configs(kind: &str) -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/configs").join(kind);
    let mut files: Vec<_> = std::fs::read_dir(dir).expect("configs").map(|e| e.expect("entry").path()).collect();
    files.sort();
    files
}

#[test]
fn every_valid_config_and_the_shipped_example_are_accepted() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("config.example.toml");
    for source in configs("valid").into_iter().chain([example]) {
        let env = Env::new();
        with_config(&env, &source);
        let output = env.cmd().arg("init").output().expect("runs");
        assert!(output.status.success(), "{}: {}", source.display(), String::from_utf8_lossy(&output.stderr));
    }
}

#[test]
fn every_invalid_config_is_one_sentence_naming_the_line() {
    for source in configs("invalid") {
        let env = Env::new();
        with_config(&env, &source);
        let (code, stderr) = env.fails(&["init"]);
        assert_eq!(code, 1, "{}", source.display());
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines.len(), 2, "{}: {stderr}", source.display());
        assert!(lines[0].starts_with("error: The config file") && lines[0].contains("line "), "{stderr}");
        assert!(lines[1].starts_with("hint: "), "{stderr}");
        assert!(!env.db.exists(), "{}: nothing created on a bad config", source.display());
        assert_eq!(common::server_tables(&env.db), 0, "{}: nothing created on a bad config", source.display());
    }
}

#[test]
fn an_unknown_key_is_named() {
    let env = Env::new();
    with_config(&env, &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/configs/invalid/unknown_key.toml"));
    let (_, stderr) = env.fails(&["init"]);
    assert!(stderr.contains("line 4") && stderr.contains("cadence_hihg_days"), "{stderr}");
}

#[test]
fn a_config_other_users_can_read_is_refused() {
    let env = Env::new();
    std::fs::write(&env.config, "user = \"casey\"\n").expect("write");
    std::fs::set_permissions(&env.config, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let (code, stderr) = env.fails(&["init"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("chmod 600"), "{stderr}");
}

#[test]
fn init_writes_a_private_config_and_database_and_is_idempotent() {
    let env = Env::new();
    let first = env.ok(&["init"]);
    assert!(first.contains("written with every default") && first.contains("created"), "{first}");
    // A database on a server has no file mode; its tables are there.
    let files = if common::on_postgres() { vec![&env.config] } else { vec![&env.config, &env.db] };
    for path in files {
        let mode = std::fs::metadata(path).expect("exists").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", path.display());
    }
    if common::on_postgres() {
        assert!(common::server_tables(&env.db) > 0, "the server's database was set up");
    }
    assert_eq!(std::fs::read_to_string(&env.config).expect("read"), caseload::config::EXAMPLE);
    let second = env.ok(&["init"]);
    assert!(second.contains("left as it was") && second.contains("already there, checked and up to date"), "{second}");
    assert!(env.ok(&["check"]).contains("all checks passed"));
}

#[test]
fn a_bad_clock_override_is_refused_with_a_hint() {
    let env = Env::new();
    let output = env.cmd().env("CASELOAD_NOW", "next tuesday").arg("init").output().expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("CASELOAD_NOW") && stderr.contains("hint: use RFC 3339"), "{stderr}");
}

#[test]
fn usage_errors_exit_2() {
    let env = Env::new();
    let output = env.cmd().args(["no-such-command"]).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
}
