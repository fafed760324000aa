//! `caseload demo` and `caseload --demo` through the real binary.

mod common;

use common::Env;

#[test]
fn demo_fills_an_empty_database_and_refuses_one_with_clients() {
    let env = Env::new();
    let summary = env.ok(&["demo", "--clients", "50", "--seed", "3"]);
    assert!(summary.starts_with("50 client, "), "{summary}");
    assert!(summary.contains(" note, ") && summary.contains(" appointment"), "{summary}");
    let stderr = env.refused_unchanged(&["demo", "--clients", "5"], "already has 50 clients;");
    assert!(stderr.contains("--force"), "{stderr}");
    let forced = env.ok(&["demo", "--clients", "5", "--seed", "4", "--force"]);
    assert!(forced.starts_with("55 client, "), "{forced}");
    let clients = env.json(&["client", "list", "--all"]);
    let mrns: std::collections::BTreeSet<&str> =
        clients.as_array().expect("array").iter().map(|c| c["mrn"].as_str().expect("mrn")).collect();
    assert_eq!(mrns.len(), 55, "every demo client has its own MRN");
}

#[test]
fn the_demo_option_leaves_the_real_database_alone() {
    let env = Env::new();
    let alerts = env.json(&["--demo", "alerts"]);
    assert!(!alerts.as_array().expect("array").is_empty(), "the demo caseload has alerts for its user");
    assert!(!env.db.exists(), "the real database was not created");
    let overview = env.ok(&["--demo"]);
    assert!(overview.contains("Caseload of casey") && overview.contains("Today,"), "{overview}");
}

#[test]
fn a_bad_client_count_is_a_usage_error() {
    let env = Env::new();
    let (code, _) = env.fails(&["demo", "--clients", "0"]);
    assert_eq!(code, 2);
}

/// Runs `caseload ARGS --format json` on `db` at the local time `now`.
fn json_at(env: &Env, db: &std::path::Path, now: &str, args: &[&str]) -> serde_json::Value {
    let output = env.cmd_on(db).env("CASELOAD_NOW", now).args(args).args(["--format", "json"]).output().expect("runs");
    assert!(output.status.success(), "caseload {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("valid JSON")
}

/// A fresh demo database generated at `now`, named after it.
fn demo_at(env: &Env, now: &str) -> std::path::PathBuf {
    let db = env.dir.path().join(format!("demo-{}.db", now.replace(':', "")));
    let output = env
        .cmd_on(&db)
        .env("CASELOAD_NOW", now)
        .args(["demo", "--clients", "80", "--seed", "11"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "demo at {now}: {}", String::from_utf8_lossy(&output.stderr));
    db
}

/// The clients as listed, without the stamps of when the demo wrote them.
fn clients_without_stamps(mut listing: serde_json::Value) -> serde_json::Value {
    for client in listing.as_array_mut().expect("array") {
        let fields = client.as_object_mut().expect("object");
        fields.remove("created_at");
        fields.remove("updated_at");
    }
    listing
}

#[test]
fn two_demos_with_one_seed_and_clock_are_identical() {
    let env = Env::new();
    let now = "2026-11-23T09:00:00";
    let (first, second) = (demo_at(&env, now), env.dir.path().join("again.db"));
    let output =
        env.cmd_on(&second).env("CASELOAD_NOW", now).args(["demo", "--clients", "80", "--seed", "11"]).output();
    assert!(output.expect("runs").status.success());
    for args in [&["client", "list", "--all"][..], &["alerts", "--all-coordinators"]] {
        assert_eq!(json_at(&env, &first, now, args), json_at(&env, &second, now, args), "caseload {args:?}");
    }
}

#[test]
fn demos_at_two_times_of_one_day_have_the_same_clients() {
    let env = Env::new();
    // Before and after clinic hours: every appointment made for today lies
    // ahead in the first and behind in the second.
    let (morning, evening) = ("2026-11-23T07:00:00", "2026-11-23T18:30:00");
    let clients = |now| clients_without_stamps(json_at(&env, &demo_at(&env, now), now, &["client", "list", "--all"]));
    let early = clients(morning);
    assert_eq!(early.as_array().expect("array").len(), 80);
    assert_eq!(early, clients(evening));
}
