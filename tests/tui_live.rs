//! The interface on a shared database: other processes' writes show up on
//! the next tick with the selection kept, and an idle screen locks.

mod common;

use std::time::Duration;

use caseload::tui::Options;
use caseload::tui::model::Pane;
use common::tui::{Ui, caseload};
use ratatui::crossterm::event::KeyCode;

#[test]
fn another_process_writes_show_up_on_the_next_tick_keeping_the_selection() {
    let env = caseload();
    let mut ui = Ui::open(&env, 120, 40, Options::default());
    ui.press(KeyCode::Char('j'));
    let selected = ui.model().selected_client();
    assert!(!ui.tick(Duration::ZERO), "nothing changed yet");

    // A colleague (another process) adds a follow-up for Cora that is already due.
    env.ok(&["followup", "add", "3", "--due", "-40d", "--title", "Return the housing form"]);
    assert!(ui.tick(Duration::ZERO), "the write was noticed");
    let screen = ui.screen();
    assert!(screen.contains("Return the housing form"), "{screen}");
    assert_eq!(ui.model().selected_client(), selected, "the same client stays selected though the order moved");
}

/// A colleague's change loads again only the clients it was about; what the
/// panes then show is exactly what a fresh start shows.
#[test]
fn a_colleagues_changes_show_as_a_fresh_start_would_show_them() {
    let env = caseload();
    let mut ui = Ui::open(&env, 120, 40, Options::default());
    ui.press(KeyCode::Char('3'));
    ui.press(KeyCode::Char('j'));
    ui.press(KeyCode::Char('1'));
    // A note that ends Cora's contact-cadence alert, a follow-up for Ada, and a snooze.
    env.ok(&[
        "note",
        "add",
        "3",
        "--outcome",
        "reached",
        "--at",
        "today 08:00",
        "--body",
        "Reached Cora; housing form is in.",
    ]);
    env.ok(&["followup", "add", "1", "--due", "today", "--title", "Ask about the pharmacy refill"]);
    assert!(ui.tick(Duration::ZERO), "the writes were noticed");
    let mut fresh = Ui::open(&env, 120, 40, Options::default());
    let (patched, started) = (ui.model(), fresh.model());
    assert_eq!(patched.caseload(), started.caseload(), "caseload in the same triage order");
    assert_eq!(patched.alerts(), started.alerts(), "alerts in the same urgency order");
    assert_eq!(ui.screen(), fresh.screen(), "the same frame");
}

#[test]
fn the_open_client_and_an_open_form_survive_a_refresh() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    ui.press(KeyCode::Enter);
    ui.press(KeyCode::Tab);
    let client = ui.model().open_client().map(|view| view.client.id).expect("open");
    ui.press(KeyCode::Char('f'));
    ui.type_text("+3d");
    env.ok(&["note", "add", &client.to_string(), "--at", "-1d 10:00", "--body", "Caregiver called in with an update."]);
    assert!(ui.tick(Duration::ZERO));
    assert!(ui.model().form().is_some(), "the form stays open");
    ui.press(KeyCode::Esc);
    assert_eq!(ui.model().client_tab(), 1, "still on the Notes tab");
    assert!(ui.screen().contains("Caregiver called in with an update."), "the new note is listed");
}

#[test]
fn an_idle_screen_hides_every_client_detail_until_a_key() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    ui.press(KeyCode::Char('3'));
    assert!(!ui.tick(Duration::from_secs(14 * 60 + 59)));
    assert!(ui.tick(Duration::from_secs(15 * 60)));
    let screen = ui.screen();
    assert!(screen.contains("locked"), "{screen}");
    for name in ["Quill", "Ortiz", "Lind", "Dr. Imani Falk", "pharmacy"] {
        assert!(!screen.contains(name), "{name} visible while locked: {screen}");
    }
    ui.press(KeyCode::Char('q'));
    assert!(!ui.quit, "the waking key does nothing else");
    assert_eq!(ui.model().focus(), Pane::Alerts, "back where the user was");
    assert!(ui.screen().contains("Quill"));
}

#[test]
fn a_zero_lock_time_never_locks() {
    let env = caseload();
    let mut config = caseload::config::Config::default();
    config.ui.lock_after_minutes = 0;
    let mut ui = Ui::open_with(&env, config, 80, 24, Options::default());
    ui.tick(Duration::from_secs(24 * 3600));
    assert!(!ui.model().is_locked());
}

#[test]
fn t_cycles_through_my_caseload_the_team_and_each_colleague() {
    let env = caseload();
    let mut ui = Ui::open(&env, 120, 40, Options::default());
    assert!(ui.screen().contains("1 Caseload (3)"));
    ui.press(KeyCode::Char('T'));
    let team = ui.screen();
    assert!(team.contains("1 Caseload · team (4)") && team.contains("Client, Zed"), "{team}");
    ui.press(KeyCode::Char('T'));
    let morgan = ui.screen();
    assert!(morgan.contains("1 Caseload · morgan (1)") && !morgan.contains("Quill"), "{morgan}");
    ui.press(KeyCode::Char('T'));
    assert!(ui.screen().contains("1 Caseload (3)"), "back to mine");
}

#[test]
fn an_edit_racing_a_colleagues_change_is_refused_and_the_new_values_show() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    ui.press(KeyCode::Enter);
    let client = ui.model().open_client().map(|view| view.client.id).expect("open").to_string();
    ui.press(KeyCode::Char('e'));
    assert!(ui.model().form().is_some(), "the edit form is open");
    // A colleague changes the same client from another process meanwhile.
    env.ok(&["client", "edit", &client, "--phone", "555-0177"]);
    ui.ctrl('s');
    assert!(ui.model().form().is_some(), "the form stays open with what was typed");
    let screen = ui.screen();
    assert!(screen.contains("changed by someone else"), "{screen}");
    ui.press(KeyCode::Esc);
    ui.tick(Duration::ZERO);
    assert!(ui.screen().contains("555-0177"), "the colleague's change is shown");
    assert_eq!(env.json(&["client", "show", &client])["phone"], "555-0177", "nothing was overwritten");
}

#[test]
fn looking_never_reloads_anyone_and_two_open_screens_do_not_reload_each_other() {
    let env = caseload();
    let mut mine = Ui::open(&env, 80, 24, Options::default());
    let mut colleague = Ui::open(&env, 80, 24, Options::default());
    // Each load wrote its own view row: neither is a change to the other.
    assert!(!mine.tick(Duration::ZERO), "the colleague's first frame");
    assert!(!colleague.tick(Duration::ZERO));

    // Opening a client, listing every client, exporting: still no reload.
    colleague.press(KeyCode::Enter);
    env.ok(&["client", "list", "--all", "--format", "csv"]);
    env.ok(&["export", "fhir"]);
    assert!(!mine.tick(Duration::ZERO), "a view is not a change");

    // A saved note reloads both screens once, and their reloads (each writing
    // a view row) do not set each other off again.
    env.ok(&["note", "add", "1", "--body", "Called about the visit."]);
    assert!(mine.tick(Duration::ZERO), "a note is a change");
    assert!(colleague.tick(Duration::ZERO));
    for _ in 0..3 {
        assert!(!mine.tick(Duration::ZERO), "no ping-pong");
        assert!(!colleague.tick(Duration::ZERO), "no ping-pong");
    }
    let store = env.store();
    let loads: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM audit WHERE entity = 'caseload' AND action = 'view'", [], |r| r.get(0))
        .expect("count");
    assert_eq!(loads, 4, "two first loads and two reloads, each with its view row");
}
