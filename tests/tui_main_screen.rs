//! Issue #14 on the main screen, as a coordinator sees it: the status line,
//! lists after a resize, keys that do not apply, the filter, the alert
//! detail, the Today pane's keys and the focus marker. TestBackend frames at
//! 80x24, 120x40 and 60x20, driven through the real update loop.

mod common;

use caseload::domain::client::Risk;
use caseload::tui::Options;
use common::Env;
use common::tui::{Ui, caseload};
use ratatui::crossterm::event::KeyCode;

fn status(screen: &str) -> &str {
    screen.lines().last().expect("status line")
}

/// `count` clients of casey's, named "Family, Given" from a list that holds
/// two alike names.
fn many_clients(count: usize) -> Env {
    let env = Env::new();
    for n in 0..count {
        env.add_client(&format!("Given{n:02}"), &format!("Family{n:02}"), Risk::Medium);
    }
    env
}

#[test]
fn the_status_message_never_runs_into_user_database_and_clock() {
    let env = caseload();
    let mut ui = Ui::open(&env, 60, 20, Options::default());
    ui.press(KeyCode::Char('w'));
    let screen = ui.screen();
    let line = status(&screen);
    assert!(line.ends_with("w does nothing here; ? lists the keys."), "{line:?}");
    assert!(line.contains("…  w does nothing"), "the left side is cut with a mark and a gap: {line:?}");
    assert!(line.starts_with(" casey · "), "{line:?}");
}

#[test]
fn a_taller_window_fills_the_pane_instead_of_keeping_the_old_offset() {
    let env = many_clients(30);
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    ui.press(KeyCode::Char('G'));
    let before = ui.screen();
    assert!(before.contains("(30)"), "{before}");
    ui.terminal.backend_mut().resize(120, 40);
    let screen = ui.screen();
    // The caseload pane is the top left; every one of its rows holds a client.
    let rows: Vec<&str> = screen.lines().skip(2).take(20).collect();
    let named = rows.iter().filter(|line| line.chars().take(60).collect::<String>().contains("Family")).count();
    assert_eq!(named, 20, "{screen}");
}

#[test]
fn keys_that_do_nothing_here_say_so_in_the_status_line() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    ui.press(KeyCode::Char('e'));
    let screen = ui.screen();
    assert!(status(&screen).contains("e does nothing here; ? lists the keys."), "{screen}");
    ui.press(KeyCode::Enter);
    ui.press(KeyCode::Char('/'));
    let screen = ui.screen();
    assert!(status(&screen).contains("/ does nothing here; ? lists the keys."), "{screen}");
}

#[test]
fn the_caseload_filter_is_a_phrase_not_a_bag_of_words() {
    let env = Env::new();
    env.add_client("Bea", "Szabo", Risk::Medium);
    env.add_client("Rahel", "Szabo", Risk::Medium);
    env.add_client("Bo", "Ortiz", Risk::Low);
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    ui.press(KeyCode::Char('/'));
    ui.type_text("szabo, b");
    let screen = ui.screen();
    assert!(screen.contains("(1 of 3) /szabo, b_"), "{screen}");
    let caseload: String = screen.lines().take(8).collect::<Vec<_>>().join("\n");
    assert!(caseload.contains("Szabo, Bea") && !caseload.contains("Szabo, Rahel"), "{screen}");
}
