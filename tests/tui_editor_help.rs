//! Issue #14 in the note editor and the key list: the call timer starts at
//! 00:00 whatever the clock's seconds, the editor shows labels (not codes)
//! for its choices, and the key list is readable at 80x24 and 60x20.

mod common;

use std::collections::BTreeMap;

use caseload::domain::time::Now;
use caseload::tui::Options;
use caseload::tui::keymap::{Context, Keymap, Screen};
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

#[test]
fn at_60_columns_every_editor_field_shows_its_whole_value() {
    let env = caseload();
    let mut ui = Ui::open(&env, 60, 20, Options::default());
    ui.press(KeyCode::Char('n'));
    // Outcome's widest value: step to "wrong number".
    ui.press(KeyCode::Tab);
    ui.press(KeyCode::Tab);
    ui.press(KeyCode::Tab);
    for _ in 0..3 {
        ui.press(KeyCode::Right);
    }
    let screen = ui.screen();
    for whole in ["Type", "phone", "Direction", "outbound", "Outcome", "wrong number", "Minutes", "When"] {
        assert!(screen.contains(whole), "{whole:?} is cut or missing at 60x20:\n{screen}");
    }
}

/// Every screen of the key list, scrolled a line at a time to its end: the
/// text inside its box, with runs of spaces made one.
fn key_list_pages(ui: &mut Ui) -> Vec<String> {
    let mut pages = Vec::new();
    loop {
        let screen = ui.screen();
        let rows: Vec<Vec<char>> = screen.lines().map(|line| line.chars().collect()).collect();
        let title = rows.iter().position(|row| row.iter().collect::<String>().contains(" Keys: ")).expect("key list");
        let text: String = rows[title].iter().collect();
        // The box's corner is just before " Keys: ".
        let left = text[..text.find(" Keys: ").expect("title")].chars().count() - 1;
        let inside: Vec<String> = rows[title + 1..]
            .iter()
            .take_while(|row| !matches!(row.get(left), Some('╰' | '└')))
            .map(|row| row.iter().skip(left + 1).take_while(|c| !matches!(c, '│')).collect())
            .collect();
        pages.push(inside.join(" ").split_whitespace().collect::<Vec<_>>().join(" "));
        if !screen.contains("more below") || pages.len() > 200 {
            return pages;
        }
        ui.press(KeyCode::Char('j'));
    }
}

fn every_key_is_readable(width: u16, height: u16, context: Context, open: impl Fn(&mut Ui)) {
    let env = caseload();
    let mut ui = Ui::open(&env, width, height, Options::default());
    open(&mut ui);
    let pages = key_list_pages(&mut ui);
    let keymap = Keymap::with_overrides(&BTreeMap::new()).expect("default keys");
    for binding in keymap.for_context(context) {
        let description = binding.action.description_in(context);
        let keys: Vec<String> = binding.keys.iter().map(ToString::to_string).collect();
        let entry = format!("{} {description}", keys.join(" "));
        assert!(
            pages.iter().any(|page| page.contains(&entry)),
            "{width}x{height}: {entry:?} is not readable whole on any page of the key list:\n{pages:#?}"
        );
    }
}

#[test]
fn the_key_list_is_readable_whole_at_80x24_and_60x20() {
    for (width, height) in [(80, 24), (60, 20)] {
        every_key_is_readable(width, height, Context::Main, |ui| ui.press(KeyCode::Char('?')));
        every_key_is_readable(width, height, Context::Client, |ui| {
            ui.press(KeyCode::Enter);
            ui.press(KeyCode::Char('?'));
        });
        every_key_is_readable(width, height, Context::Editor, |ui| {
            ui.press(KeyCode::Char('n'));
            ui.press(KeyCode::F(1));
        });
    }
}

fn demo_options(env: &common::Env) -> Options {
    Options { demo_instead_of: Some(env.dir.path().join("real.db")), ..Options::default() }
}

#[test]
fn quitting_the_demo_asks_first_and_says_where_real_work_lives() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, demo_options(&env));
    ui.press(KeyCode::Char('q'));
    assert!(!ui.quit, "the demo does not quit at once");
    let screen = ui.screen();
    for said in ["Quit the demo?", "temporary", "gone", "real.db", "init` sets it up", "y quit"] {
        assert!(screen.contains(said), "{said:?} missing:\n{screen}");
    }
    // Any other key stays in the demo, with its work.
    ui.press(KeyCode::Char('n'));
    assert!(!ui.quit);
    assert_eq!(ui.model().screen(), Screen::Main, "the key only closed the question");
    assert!(!ui.screen().contains("Quit the demo?"));
    ui.press(KeyCode::Char('q'));
    ui.press(KeyCode::Char('y'));
    assert!(ui.quit, "y quits");
}

#[test]
fn q_on_a_real_database_still_quits_at_once() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    ui.press(KeyCode::Char('q'));
    assert!(ui.quit);
}

#[test]
fn two_demo_runs_show_the_same_caseload() {
    let env = common::Env::new();
    let first = env.json(&["--demo", "client", "list", "--all"]);
    let second = env.json(&["--demo", "client", "list", "--all"]);
    assert!(first.as_array().is_some_and(|clients| !clients.is_empty()), "{first}");
    assert_eq!(first, second);
}
