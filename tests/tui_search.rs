//! Issue #14: full-text search over notes from the interface (Ctrl-F), its
//! results, and opening the client at the note found.

mod common;

use caseload::domain::client::Risk;
use caseload::store::audit::AuditFilter;
use caseload::tui::Options;
use common::Env;
use common::tui::Ui;
use ratatui::crossterm::event::KeyCode;

fn add_note(env: &Env, client: i64, at: &str, body: &str) -> i64 {
    env.ok(&["note", "add", &client.to_string(), "--at", at, "--body", body]).trim().parse().expect("note id")
}

/// Ada with a note about podiatry between long notes of calls, two newer
/// ones that push it off an 80x24 Notes tab and two older; Bo with a note
/// of nothing much.
fn caseload() -> Env {
    let env = Env::new();
    let ada = env.add_client("Ada", "Quillfeather", Risk::High);
    let bo = env.add_client("Bo", "Zed", Risk::Low);
    let filler: String = (1..=10).map(|n| format!("Line {n} of a long call.\n")).collect();
    for day in ["2026-11-01 10:00", "2026-11-02 10:00", "2026-11-16 10:00", "2026-11-18 10:00"] {
        add_note(&env, ada, day, &filler);
    }
    add_note(&env, ada, "2026-11-12 10:00", "Discussed the podiatry referral and new shoes.");
    add_note(&env, bo, "2026-11-20 09:00", "Left a voicemail.");
    env
}

fn search_views(env: &Env) -> Vec<String> {
    let entries = env.store().audit_entries(&AuditFilter::default()).expect("audit");
    entries.into_iter().filter(|e| e.entity == "search").map(|e| e.detail).collect()
}

#[test]
fn ctrl_f_finds_a_note_by_a_word_and_enter_opens_the_client_at_that_note() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    ui.ctrl('f');
    ui.type_text("podiat");
    ui.press(KeyCode::Enter);
    let screen = ui.screen();
    assert!(screen.contains("Quillfeather, Ada") && screen.contains("2026-11-12"), "{screen}");
    assert!(screen.contains("[podiatry]"), "the snippet shows the match: {screen}");
    assert!(!screen.contains("Zed, Bo"), "{screen}");
    assert_eq!(search_views(&env), vec!["search coordinator casey, 0 clients and 1 note".to_string()]);

    ui.press(KeyCode::Enter);
    let screen = ui.screen();
    assert_eq!(ui.model().client_tab(), 1, "the Notes tab");
    let top = screen.lines().nth(6).unwrap_or_default();
    assert!(top.contains("2026-11-12 10:00 ·"), "the note found is at the top of the tab: {screen}");
    assert!(screen.contains("Discussed the podiatry referral"), "{screen}");
    assert!(!screen.contains("2026-11-16"), "the newer notes are scrolled past: {screen}");
    // From there the user scrolls as usual, and the note stays where it was put.
    let screen = ui.screen();
    assert!(screen.contains("Discussed the podiatry referral"), "{screen}");
    ui.press(KeyCode::Char('g'));
    assert!(ui.screen().contains("2026-11-18 10:00 ·"), "back at the top");
}

#[test]
fn j_and_k_move_through_the_results_and_esc_closes() {
    let env = caseload();
    let mut ui = Ui::open(&env, 120, 40, Options::default());
    ui.ctrl('f');
    ui.type_text("call");
    ui.press(KeyCode::Enter);
    let screen = ui.screen();
    assert_eq!(screen.matches("Quillfeather, Ada    2026-11-").count(), 4, "four notes say call: {screen}");
    assert!(screen.contains("> Quillfeather, Ada    2026-11-18"), "the newest first, marked: {screen}");
    assert!(screen.contains("long [call]. Line 2"), "a snippet across lines reads as one: {screen}");
    ui.press(KeyCode::Char('j'));
    ui.press(KeyCode::Char('j'));
    assert!(ui.screen().contains("> Quillfeather, Ada    2026-11-02"));
    ui.press(KeyCode::Char('k'));
    assert!(ui.screen().contains("> Quillfeather, Ada    2026-11-16"));
    ui.press(KeyCode::Esc);
    let screen = ui.screen();
    assert!(!screen.contains("Search notes"), "{screen}");
    assert_eq!(ui.model().overlay(), None);
}

#[test]
fn a_search_that_finds_nothing_says_so() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    ui.ctrl('f');
    ui.type_text("nephrology");
    ui.press(KeyCode::Enter);
    let screen = ui.screen();
    assert!(screen.contains("Nothing found"), "{screen}");
    assert_eq!(search_views(&env), vec!["search coordinator casey, 0 clients and 0 notes".to_string()]);
    // Enter on no results opens nothing.
    ui.press(KeyCode::Enter);
    assert!(ui.screen().contains("Nothing found"));
}

#[test]
fn redacted_results_show_initials_and_no_names_in_snippets() {
    let env = Env::new();
    let ada = env.add_client("Ada", "Quillfeather", Risk::High);
    add_note(&env, ada, "2026-11-02 10:00", "Quillfeather asked about the podiatry referral.");
    let mut ui = Ui::open(&env, 80, 24, Options { redact: true, ..Options::default() });
    ui.ctrl('f');
    ui.type_text("podiatry");
    ui.press(KeyCode::Enter);
    let screen = ui.screen();
    assert!(!screen.contains("Quillfeather") && !screen.contains("Ada"), "{screen}");
    assert!(screen.contains("[podiatry]"), "{screen}");
}

#[test]
fn the_key_list_names_the_search_key_on_both_screens() {
    let env = caseload();
    let mut ui = Ui::open(&env, 120, 40, Options::default());
    ui.press(KeyCode::Char('?'));
    assert!(ui.screen().contains("Ctrl-F") && ui.screen().contains("Search every note"));
    ui.press(KeyCode::Esc);
    ui.press(KeyCode::Enter);
    ui.press(KeyCode::Char('?'));
    let screen = ui.screen();
    assert!(screen.contains("Ctrl-F") && screen.contains("Search every note"), "{screen}");
}
