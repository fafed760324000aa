//! One key table for every context: a key remapped under `[ui.keys]` works
//! in the note editor and in forms alike, the old key no longer does, and the
//! help and the footers show the new key.

mod common;

use std::collections::BTreeMap;

use caseload::config::Config;
use caseload::tui::Options;
use caseload::tui::keymap::Screen;
use caseload::tui::model::Message;
use common::Env;
use common::tui::{Ui, caseload};
use ratatui::crossterm::event::KeyCode;

fn with_keys(env: &Env, keys: &[(&str, &str)]) -> Ui {
    let mut config = Config::default();
    config.ui.keys = keys.iter().map(|(action, key)| (action.to_string(), key.to_string())).collect::<BTreeMap<_, _>>();
    Ui::open_with(env, config, 100, 40, Options::default())
}

fn info(ui: &Ui) -> String {
    match ui.model().message() {
        Some(Message::Info(text)) => text.clone(),
        other => panic!("expected an info message, got {other:?}"),
    }
}

#[test]
fn a_remapped_save_key_saves_a_note_and_its_help_shows_it() {
    let env = caseload();
    let mut ui = with_keys(&env, &[("save_note", "ctrl-w")]);
    ui.press(KeyCode::Char('n'));
    assert_eq!(ui.model().screen(), Screen::Editor);
    let screen = ui.screen();
    assert!(screen.contains("Ctrl-W save"), "the editor's footer:\n{screen}");
    ui.press(KeyCode::F(1));
    let help = ui.screen();
    let save = help.lines().find(|l| l.contains("Save the note")).unwrap_or_else(|| panic!("no save line:\n{help}"));
    assert!(save.contains("Ctrl-W") && !save.contains("Ctrl-S"), "{save}");
    assert!(
        !help.lines().any(|l| l.contains("Ctrl-W") && l.contains("Delete")),
        "Ctrl-W saves, so the help no longer says it deletes a word:\n{help}"
    );
    ui.press(KeyCode::Char('x')); // closes the key list
    ui.type_text("Reached Ada.");
    ui.ctrl('s');
    assert_eq!(ui.model().screen(), Screen::Editor, "Ctrl-S no longer saves");
    assert_eq!(ui.model().editor().map(|e| e.body_text()), Some("Reached Ada.".into()));
    ui.ctrl('w');
    assert_eq!(ui.model().screen(), Screen::Main, "Ctrl-W saves: {:?}", ui.model().message());
    assert_eq!(info(&ui), "Note 1 saved.");
    assert_eq!(env.store().note(1).expect("note").body, "Reached Ada.");
}

#[test]
fn a_remapped_save_key_submits_a_form_and_its_footer_and_help_show_it() {
    let env = caseload();
    let mut ui = with_keys(&env, &[("save_note", "ctrl-w")]);
    ui.press(KeyCode::Char('f'));
    assert!(ui.model().form().is_some(), "the follow-up form is open");
    let screen = ui.screen();
    assert!(screen.contains("Ctrl-W save · Esc cancel · Tab next field"), "the form's footer:\n{screen}");
    assert!(!screen.contains("Ctrl-S"), "{screen}");
    ui.press(KeyCode::F(1));
    let help = ui.screen();
    assert!(help.contains("Keys: forms"), "{help}");
    let save = help.lines().find(|l| l.contains("Save the form")).unwrap_or_else(|| panic!("no save line:\n{help}"));
    assert!(save.contains("Ctrl-W"), "{save}");
    ui.press(KeyCode::Esc); // closes the key list, not the form
    assert!(ui.model().form().is_some() && ui.model().overlay().is_none());
    ui.type_text("Call back about the ride");
    ui.press(KeyCode::Tab);
    ui.type_text("friday");
    let before = env.snapshot();
    ui.ctrl('s');
    assert!(ui.model().form().is_some(), "Ctrl-S no longer submits");
    assert_eq!(env.snapshot(), before, "nothing written");
    ui.ctrl('w');
    assert!(ui.model().form().is_none(), "Ctrl-W submits: {:?}", ui.model().form().map(|f| &f.error));
    assert!(info(&ui).starts_with("Follow-up"), "{:?}", ui.model().message());
}

#[test]
fn a_remapped_back_key_cancels_a_form_clears_a_filter_and_leaves_a_client() {
    let env = caseload();
    let mut ui = with_keys(&env, &[("back", "ctrl-g")]);
    ui.press(KeyCode::Char('f'));
    ui.press(KeyCode::Esc);
    assert!(ui.model().form().is_some(), "Esc no longer cancels");
    assert!(ui.screen().contains("Ctrl-G cancel"));
    ui.ctrl('g');
    assert!(ui.model().form().is_none(), "Ctrl-G cancels");

    ui.press(KeyCode::Char('/'));
    ui.type_text("zzz");
    assert!(ui.screen().contains("Ctrl-G clear"), "the filter's hint");
    ui.ctrl('g');
    assert!(!ui.model().is_editing_filter(), "Ctrl-G clears the filter");

    ui.press(KeyCode::Enter);
    assert_eq!(ui.model().screen(), Screen::Client);
    ui.press(KeyCode::Esc);
    assert_eq!(ui.model().screen(), Screen::Client, "Esc no longer goes back");
    ui.ctrl('g');
    assert_eq!(ui.model().screen(), Screen::Main);
}
