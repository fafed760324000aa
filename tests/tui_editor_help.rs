//! Issue #14 in the note editor and the key list: the call timer starts at
//! 00:00 whatever the clock's seconds, the editor shows labels (not codes)
//! for its choices, and the key list is readable at 80x24 and 60x20.

mod common;

use caseload::domain::time::Now;
use caseload::tui::Options;
use caseload::tui::keymap::Screen;
use caseload::tui::msg::Msg;
use common::tui::{Ui, caseload};
use ratatui::crossterm::event::KeyCode;

/// The clock as the loop hands it over, `seconds` after the fixed start.
fn clock_at(ui: &mut Ui, seconds: i64) {
    let now = Now::new(common::now() + chrono::Duration::seconds(seconds), common::zone());
    ui.runtime.dispatch(Msg::Clock(now));
}

#[test]
fn the_call_timer_starts_at_zero_whatever_the_seconds_of_the_minute() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    // The minute shown on the status line has not changed, but the clock is
    // 16 seconds into it when the editor opens.
    clock_at(&mut ui, 16);
    ui.press(KeyCode::Char('n'));
    assert_eq!(ui.model().screen(), Screen::Editor);
    clock_at(&mut ui, 16);
    let screen = ui.screen();
    assert!(screen.contains("call 00:00"), "the timer starts at zero:\n{screen}");
    clock_at(&mut ui, 21);
    let screen = ui.screen();
    assert!(screen.contains("call 00:05"), "and counts from the opening:\n{screen}");
}

#[test]
fn the_editor_shows_labels_for_its_choices_not_codes() {
    let env = caseload();
    let mut ui = Ui::open(&env, 120, 40, Options::default());
    ui.press(KeyCode::Char('n'));
    // The first field after the body is the contact type: step to "chart review".
    ui.press(KeyCode::Tab);
    for _ in 0..6 {
        ui.press(KeyCode::Right);
    }
    // Outcome: on to "no answer", then to "n/a".
    ui.press(KeyCode::Tab);
    ui.press(KeyCode::Tab);
    ui.press(KeyCode::Right);
    ui.press(KeyCode::Right);
    let screen = ui.screen();
    assert!(screen.contains("chart review"), "{screen}");
    assert!(screen.contains("no answer"), "{screen}");
    assert!(!screen.contains("chart_review") && !screen.contains("no_answer"), "{screen}");
    ui.press(KeyCode::Right);
    ui.press(KeyCode::Right);
    let screen = ui.screen();
    assert!(screen.contains("n/a"), "{screen}");
    assert!(!screen.contains("n_a"), "{screen}");
}
