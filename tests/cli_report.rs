//! `caseload report monthly`: per-client contacts, minutes, CCM units,
//! appointments and referrals of one month, in Markdown, CSV and JSON.

mod common;

use caseload::domain::client::Risk;
use common::{Env, blank_client, today};
use serde_json::json;

fn client(env: &Env, family: &str, program: &str, coordinator: &str) -> String {
    let mut client = blank_client();
    client.family_name = family.into();
    client.program = program.into();
    client.coordinator = coordinator.into();
    env.store().add_client(client, today()).expect("client").to_string()
}

fn note(env: &Env, client: &str, at: &str, extra: &[&str]) {
    let mut args = vec!["note", "add", client, "--at", at, "--body", "Synthetic report note"];
    args.extend_from_slice(extra);
    env.ok(&args);
}

#[test]
fn the_month_is_counted_per_client_with_ccm_units_and_totals() {
    let env = Env::new();
    let ccm = client(&env, "Ccmson", "CCM", common::USER);
    let general = client(&env, "Generalova", "general", common::USER);
    let theirs = client(&env, "Otherly", "CCM", "robin");
    note(&env, &ccm, "2026-11-02 10:00", &["--type", "phone", "--outcome", "reached", "--minutes", "25"]);
    note(&env, &ccm, "2026-11-03 10:00", &["--type", "video", "--outcome", "no_answer", "--minutes", "5"]);
    note(&env, &ccm, "2026-11-04 10:00", &["--type", "chart_review", "--outcome", "n_a", "--minutes", "12"]);
    note(&env, &ccm, "2026-10-31 23:30", &["--type", "phone", "--outcome", "reached", "--minutes", "30"]);
    note(&env, &general, "2026-11-05 10:00", &["--type", "text", "--outcome", "reached", "--minutes", "45"]);
    note(&env, &theirs, "2026-11-05 10:00", &["--type", "phone", "--outcome", "reached", "--minutes", "60"]);
    let kept = env.ok(&["appt", "add", &ccm, "--at", "2026-11-10 09:00"]);
    env.ok(&["appt", "set", kept.trim(), "--status", "completed"]);
    let missed = env.ok(&["appt", "add", &ccm, "--at", "2026-11-11 09:00"]);
    env.ok(&["appt", "set", missed.trim(), "--status", "no_show"]);
    let referral =
        env.ok(&["referral", "add", &general, "--to", "Food bank", "--kind", "food", "--reason", "Synthetic"]);
    env.ok(&["referral", "set", referral.trim(), "--status", "completed"]);

    let report = env.json(&["report", "monthly", "--month", "2026-11"]);
    assert_eq!(report["month"], "2026-11");
    assert_eq!(report["coordinator"], common::USER);
    let clients = report["clients"].as_array().expect("clients");
    assert_eq!(clients.len(), 2, "only casey's clients: {clients:?}");
    let row = |family: &str| {
        clients.iter().find(|c| c["client_name"].as_str().is_some_and(|n| n.starts_with(family))).expect("row")
    };
    let first = row("Ccmson");
    assert_eq!(
        (&first["contacts"], &first["reached"], &first["minutes"], &first["ccm_99490"], &first["ccm_99439"]),
        (&json!(2), &json!(1), &json!(42), &json!(1), &json!(1))
    );
    assert_eq!((&first["appointments_kept"], &first["no_shows"]), (&json!(1), &json!(1)));
    let second = row("Generalova");
    assert_eq!((&second["minutes"], &second["ccm_99490"]), (&json!(45), &json!(0)));
    assert_eq!((&second["referrals_opened"], &second["referrals_closed"]), (&json!(1), &json!(1)));
    assert_eq!(report["totals"]["minutes"], 87);
    assert_eq!(report["totals"]["contacts"], 3);

    let md = env.ok(&["report", "monthly", "--month", "2026-11"]);
    assert!(md.starts_with("# Monthly report 2026-11"), "{md}");
    assert!(md.contains("| **Total** |"), "{md}");
    assert!(!md.contains("Otherly"), "{md}");

    let csv = env.ok(&["report", "monthly", "--month", "2026-11", "--format", "csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("client_id,client_name,program,contacts,reached,minutes,ccm_99490"), "{csv}");
    assert_eq!(lines.len(), 3, "header and two clients; the totals are --totals: {csv}");
    assert!(!csv.contains("Total"), "{csv}");

    let store = env.store();
    let conn = store.conn();
    let exports: i64 = conn
        .query_row("SELECT count(*) FROM audit WHERE action = 'export' AND entity = 'report'", [], |r| r.get(0))
        .expect("audit rows");
    assert_eq!(exports, 3);

    // The report's minutes equal the notes' own sum, counted here by SQL over the
    // month's UTC bounds in Chicago (Nov 1 05:00Z to Dec 1 06:00Z).
    let summed: i64 = conn
        .query_row(
            "SELECT sum(n.minutes) FROM note n JOIN client c ON c.id = n.client_id
             WHERE c.coordinator = ?1 AND n.contact_at >= '2026-11-01T05:00:00Z' AND n.contact_at < '2026-12-01T06:00:00Z'",
            [common::USER],
            |r| r.get(0),
        )
        .expect("sum");
    assert_eq!(report["totals"]["minutes"], summed);

    // October holds only the late-evening note of the 31st.
    let october = env.json(&["report", "monthly", "--month", "2026-10"]);
    assert_eq!(october["totals"]["minutes"], 30);
}

#[test]
fn a_bad_month_is_refused() {
    let env = Env::new();
    env.add_client("Ada", "Quill", Risk::Low);
    for bad in ["2026-13", "November", "2026-1", "2026-11-01"] {
        env.refused_unchanged(&["report", "monthly", "--month", bad], "is not a month");
    }
}
