//! Issue #17 item 5: the quality screen (`Q`) at 80x24 — this month's
//! measures for casey or the team, last month's, a measure's misses and
//! pending events, and opening the client of a miss (its view row written).
//! Counted on Monday 23 November 2026 (the tests' fixed clock, Chicago).

mod common;

use std::collections::BTreeMap;

use caseload::config::Config;
use caseload::store::AuditAction;
use caseload::store::audit::AuditFilter;
use caseload::tui::Options;
use common::Env;
use common::tui::Ui;
use ratatui::crossterm::event::KeyCode;

fn client(env: &Env, given: &str, family: &str, mrn: &str, coordinator: &str) -> String {
    env.ok(&[
        "client",
        "add",
        "--given-name",
        given,
        "--family-name",
        family,
        "--mrn",
        mrn,
        "--coordinator",
        coordinator,
        "--enrolled-on",
        "2026-09-01",
    ])
    .trim()
    .to_string()
}

fn psychiatric_stay(env: &Env, client: &str, admitted: &str, discharged: &str) {
    env.ok(&[
        "encounter",
        "add",
        client,
        "--kind",
        "inpatient",
        "--reason",
        "mental_health",
        "--facility",
        "Synthetic Behavioral",
        "--admitted",
        admitted,
        "--discharged",
        discharged,
    ]);
}

fn therapy(env: &Env, client: &str, at: &str) {
    let id = env.ok(&["appt", "add", client, "--at", at, "--kind", "therapy"]).trim().to_string();
    env.ok(&["appt", "set", &id, "--status", "completed"]);
}

struct Scenario {
    env: Env,
    ada: i64,
}

/// FUH this month for casey: Ada discharged on the 5th and never seen (a
/// miss), Bo discharged on the 10th and seen on the 12th (met), Cy
/// discharged on the 20th (pending until the 27th). Robin's Eve, discharged
/// on the 3rd and never seen, is a miss only the team counts. Last month Bo
/// was seen two days after a stay: 1 of 1.
fn scenario() -> Scenario {
    let env = Env::new();
    let ada = client(&env, "Ada", "Quillfeather", "MRN-A1", "casey");
    let bo = client(&env, "Bo", "Zed", "MRN-B2", "casey");
    let cy = client(&env, "Cy", "Pending", "MRN-C3", "casey");
    let eve = client(&env, "Eve", "Robinson", "MRN-E5", "robin");
    psychiatric_stay(&env, &ada, "2026-11-01", "2026-11-05");
    psychiatric_stay(&env, &bo, "2026-11-07", "2026-11-10");
    therapy(&env, &bo, "2026-11-12 10:00");
    psychiatric_stay(&env, &cy, "2026-11-18", "2026-11-20");
    psychiatric_stay(&env, &eve, "2026-11-01", "2026-11-03");
    psychiatric_stay(&env, &bo, "2026-10-05", "2026-10-10");
    therapy(&env, &bo, "2026-10-12 10:00");
    Scenario { ada: ada.parse().expect("id"), env }
}

/// The screen's line that contains `what`, inside the border.
fn row(screen: &str, what: &str) -> String {
    let line = screen.lines().find(|l| l.contains(what)).unwrap_or_default();
    line.trim_matches(|c| c == '│' || c == ' ').to_string()
}

/// The screen's line about FUH 7 days.
fn fuh_7(screen: &str) -> String {
    row(screen, "FUH 7 days —")
}

fn client_views(env: &Env, client_id: i64) -> usize {
    let entries = env.store().audit_entries(&AuditFilter::default()).expect("audit");
    entries
        .iter()
        .filter(|e| e.action == AuditAction::View && e.entity == "client" && e.entity_id == Some(client_id))
        .count()
}

fn quality_views(env: &Env) -> Vec<String> {
    let entries = env.store().audit_entries(&AuditFilter::default()).expect("audit");
    entries.into_iter().filter(|e| e.detail.starts_with("quality screen")).map(|e| e.detail).collect()
}

#[test]
fn the_quality_screen_shows_this_months_rates_and_a_miss_opens_its_client() {
    let Scenario { env, ada } = scenario();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    ui.press(KeyCode::Char('Q'));
    let screen = ui.screen();
    assert!(screen.contains("Quality · this month, 1 Nov – 23 Nov 2026 · your caseload"), "{screen}");
    // Every measure on its own line, at 80 columns.
    for name in ["TCM contact —", "Med reconciliation —", "FUH 30 days —", "FUA 7 days —", "Referral loop —"]
    {
        assert!(screen.contains(name), "{name}: {screen}");
    }
    let line = fuh_7(&screen);
    assert!(line.contains("1/3") && line.contains(" 1 ") && line.ends_with("50%"), "{line}");
    // Nothing decided yet: a dash, not 0%.
    let fua = row(&screen, "FUA 7 days —");
    assert!(fua.contains("0/0") && fua.ends_with('—'), "{fua}");
    assert_eq!(
        quality_views(&env),
        vec!["quality screen 2026-11-01 to 2026-11-23, coordinator casey, 3 clients listed"]
    );

    // Down to FUH 7 days: its rate in words below the table.
    for _ in 0..3 {
        ui.press(KeyCode::Char('j'));
    }
    let screen = ui.screen();
    assert!(fuh_7(&screen).starts_with("> FUH 7 days"), "{screen}");
    assert!(screen.contains("FUH 7 days — follow-up within 7 days of a psychiatric stay"), "{screen}");
    assert!(screen.contains("1 of 2 met (50%), 1 pending; 1 missed."), "{screen}");

    // Its misses and pending events: the miss first, by name and MRN.
    ui.press(KeyCode::Enter);
    let screen = ui.screen();
    let miss = row(&screen, "> missed");
    assert!(miss.contains("Quillfeather, Ada") && miss.contains("MRN-A1") && miss.contains("05 Nov"), "{screen}");
    assert!(miss.contains("no follow-up visit 06–12 Nov"), "{screen}");
    let pending = row(&screen, "pending  Pending, Cy");
    assert!(pending.contains("MRN-C3") && pending.contains("follow-up visit due 21–27 Nov"), "{screen}");
    assert!(!screen.contains("Zed, Bo"), "a met event is not listed: {screen}");
    ui.press(KeyCode::Char('j'));
    let screen = ui.screen();
    assert!(screen.contains("> pending  Pending, Cy"), "{screen}");
    assert!(screen.contains("pending until Fri 27 Nov"), "{screen}");
    ui.press(KeyCode::Char('k'));

    // Enter opens Ada, with the view row the client screen always writes.
    assert_eq!(client_views(&env, ada), 0);
    ui.press(KeyCode::Enter);
    let screen = ui.screen();
    assert!(screen.contains("Quillfeather, Ada") && !screen.contains("FUH 7 days —"), "{screen}");
    assert_eq!(ui.model().open_client().map(|view| view.client.id), Some(ada));
    assert_eq!(client_views(&env, ada), 1);

    // Esc comes back to the list of misses, the miss still selected, then to the measures.
    ui.press(KeyCode::Esc);
    let screen = ui.screen();
    assert!(screen.contains("> missed   Quillfeather, Ada"), "{screen}");
    ui.press(KeyCode::Esc);
    assert!(fuh_7(&ui.screen()).starts_with("> FUH 7 days"));
    ui.press(KeyCode::Esc);
    let screen = ui.screen();
    assert!(screen.contains("Caseload") && !screen.contains("FUH 7 days"), "{screen}");
    // Back on the main screen, a client opened and closed goes back there.
    assert!(ui.model().quality().is_none());
}

#[test]
fn last_month_and_the_team_change_the_figures() {
    let Scenario { env, .. } = scenario();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    ui.press(KeyCode::Char('Q'));
    ui.press(KeyCode::Char('m'));
    let screen = ui.screen();
    assert!(screen.contains("Quality · last month, 1 Oct – 31 Oct 2026 · your caseload"), "{screen}");
    assert!(fuh_7(&screen).contains("1/1") && fuh_7(&screen).ends_with("100%"), "{screen}");
    ui.press(KeyCode::Char('m'));
    ui.press(KeyCode::Char('T'));
    let screen = ui.screen();
    assert!(screen.contains("Quality · this month, 1 Nov – 23 Nov 2026 · the team"), "{screen}");
    assert!(fuh_7(&screen).contains("1/4") && fuh_7(&screen).ends_with("33%"), "{screen}");
    // Robin's miss is listed in the team's.
    for _ in 0..3 {
        ui.press(KeyCode::Char('j'));
    }
    ui.press(KeyCode::Enter);
    assert!(ui.screen().contains("Robinson, Eve"));
    ui.press(KeyCode::Char('T'));
    assert!(!ui.screen().contains("Robinson, Eve"), "back to casey's measures");
}

#[test]
fn redacted_the_screen_shows_initials_and_no_mrn() {
    let Scenario { env, .. } = scenario();
    let mut ui = Ui::open(&env, 80, 24, Options { redact: true, ..Options::default() });
    ui.press(KeyCode::Char('Q'));
    for _ in 0..3 {
        ui.press(KeyCode::Char('j'));
    }
    ui.press(KeyCode::Enter);
    let screen = ui.screen();
    assert!(screen.contains("> missed   A.Q.") && screen.contains("C.P."), "{screen}");
    assert!(!screen.contains("Quillfeather") && !screen.contains("MRN-"), "{screen}");
}

#[test]
fn the_key_list_names_the_quality_keys_and_a_remapped_key_opens_it() {
    let Scenario { env, .. } = scenario();
    let mut ui = Ui::open(&env, 120, 40, Options::default());
    let screen = ui.screen();
    assert!(screen.lines().last().unwrap_or_default().contains("Q quality"), "a wide status line hints it: {screen}");
    ui.press(KeyCode::Char('?'));
    assert!(ui.screen().contains("Quality measures (FUH, TCM, …)"), "the main screen's list");
    ui.press(KeyCode::Esc);
    ui.press(KeyCode::Char('Q'));
    assert!(ui.screen().contains("Enter misses · m last month · T team · Esc back · ? help · q quit"));
    ui.press(KeyCode::Char('?'));
    let screen = ui.screen();
    for words in ["This month so far, or last month", "Your caseload or the whole team's", "Show the measure's misses"]
    {
        assert!(screen.contains(words), "{words}: {screen}");
    }
    ui.press(KeyCode::Esc);
    assert!(ui.screen().contains("Quality · this month"), "the key list closes back onto the quality screen");

    let mut config = Config::default();
    config.ui.keys = BTreeMap::from([("quality".to_string(), "F6".to_string()), ("switch_month".into(), "L".into())]);
    let mut ui = Ui::open_with(&env, config, 80, 24, Options::default());
    ui.press(KeyCode::Char('Q'));
    assert!(!ui.screen().contains("Quality · this month"), "Q no longer opens it");
    ui.press(KeyCode::F(6));
    assert!(ui.screen().contains("Quality · this month"));
    ui.press(KeyCode::Char('L'));
    let screen = ui.screen();
    assert!(screen.contains("Quality · last month") && screen.contains("L this month"), "{screen}");
}
