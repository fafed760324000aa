//! `caseload demo` and `caseload --demo` through the real binary.

mod common;

use common::Env;

#[test]
fn demo_fills_an_empty_database_and_refuses_one_with_clients() {
    let env = Env::new();
    let summary = env.ok(&["demo", "--clients", "50", "--seed", "3"]);
    assert!(summary.starts_with("50 client, "), "{summary}");
    assert!(summary.contains(" note, ") && summary.contains(" appointment"), "{summary}");
    let stderr = env.refused_unchanged(&["demo", "--clients", "5"], "already has 50 client(s)");
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
