//! The note editor in a TestBackend: what it shows, saving a note with its
//! follow-up in one go, keeping and discarding drafts, the drafts offered at
//! start, and a save that finds the database locked.

mod common;

use std::time::Duration;

use caseload::config::Config;
use caseload::tui::Options;
use caseload::tui::keymap::Screen;
use caseload::tui::model::{Message, Overlay};
use common::Env;
use common::tui::{Ui, caseload, enrolled_with_minutes};
use ratatui::crossterm::event::KeyCode;

/// casey's drafts as (client, body), by client (the clock is fixed, so
/// "most recent first" is a tie).
fn drafts(env: &Env) -> Vec<(i64, String)> {
    let mut drafts: Vec<_> =
        env.store().drafts().expect("drafts").into_iter().map(|d| (d.record.client_id, d.record.body)).collect();
    drafts.sort();
    drafts
}

fn info(ui: &Ui) -> String {
    match ui.model().message() {
        Some(Message::Info(text)) => text.clone(),
        other => panic!("expected an info message, got {other:?}"),
    }
}

/// Opens the editor on the selected client; returns the client's id.
fn open_editor(ui: &mut Ui) -> i64 {
    let client = ui.model().selected_client().expect("a client is selected");
    ui.press(KeyCode::Char('n'));
    assert_eq!(ui.model().screen(), Screen::Editor);
    client
}

#[test]
fn the_editor_shows_the_client_timer_fields_and_keys_at_80x24() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    open_editor(&mut ui);
    assert!(!ui.screen().contains("draft"), "nothing typed, no draft to speak of");
    ui.type_text("Reached Ada; the refill is sorted.");
    assert!(ui.screen().contains("saving draft"), "typed, not yet written");
    ui.flush_draft();
    ui.tick(Duration::ZERO);
    let screen = ui.screen();
    assert!(screen.contains("draft saved"), "written:\n{screen}");
    for part in [
        "Note · Quill, Ada",
        "call 00:00",
        "Type",
        "phone",
        "Direction",
        "Outcome",
        "reached",
        "Minutes",
        "When 2026-11-23 09:00",
        "Follow-up",
        "Title",
        "Reached Ada; the refill is sorted.",
        "Ctrl-S save",
        "Tab fields",
        "Esc close",
        "F1 keys",
    ] {
        assert!(screen.contains(part), "the editor lacks {part:?}:\n{screen}");
    }
    // F1 lists the editor's keys from the key map.
    ui.press(KeyCode::F(1));
    let help = ui.screen();
    assert!(help.contains("Keys: note editor") && help.contains("Pause or resume the call timer"), "{help}");
}

#[test]
fn a_note_and_its_follow_up_are_saved_together_and_the_draft_goes() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    let client = open_editor(&mut ui);
    ui.type_text("Left a voicemail about the cardiology referral.");
    ui.press(KeyCode::Tab); // type
    ui.press(KeyCode::Tab); // direction
    ui.press(KeyCode::Tab); // outcome
    ui.press(KeyCode::Right); // voicemail
    (0..3).for_each(|_| ui.press(KeyCode::Tab)); // minutes, when, follow-up
    ui.type_text("friday");
    ui.press(KeyCode::Tab);
    ui.type_text("Try Ben again");
    ui.flush_draft();
    assert_eq!(drafts(&env).len(), 1, "the draft is written while typing");
    ui.ctrl('s');

    assert_eq!(info(&ui), "Note 1 and follow-up 2 saved.");
    assert_eq!(ui.model().screen(), Screen::Main);
    let store = env.store();
    let note = store.note(1).expect("note");
    assert_eq!((note.client_id, note.outcome.as_str()), (client, "voicemail"));
    let followup = store.followup(2).expect("follow-up");
    assert_eq!((followup.title.as_str(), followup.due_on.to_string()), ("Try Ben again", "2026-11-27".to_string()));
    assert_eq!(drafts(&env), [], "a saved note leaves no draft");
}

#[test]
fn a_follow_up_title_without_a_date_is_refused_and_nothing_is_written() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    open_editor(&mut ui);
    ui.type_text("Talked it through.");
    ui.press(KeyCode::BackTab);
    ui.type_text("Call back");
    let before = env.store().table_counts().expect("counts");
    ui.ctrl('s');
    let screen = ui.screen();
    assert!(screen.contains("The follow-up has a title but no date"), "{screen}");
    assert!(screen.contains("Talked it through."), "the text stays:\n{screen}");
    assert_eq!(ui.model().screen(), Screen::Editor);
    let after = env.store().table_counts().expect("counts");
    let notes = |counts: &[(&str, i64)]| counts.iter().find(|(t, _)| *t == "note").map(|(_, n)| *n);
    assert_eq!(notes(&after), notes(&before), "no note was written");
}

#[test]
fn esc_keeps_or_discards_the_draft_and_two_drafts_coexist() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    // Nothing typed: Esc just closes, and leaves no draft.
    open_editor(&mut ui);
    ui.press(KeyCode::Esc);
    assert_eq!(ui.model().screen(), Screen::Main);

    let first = open_editor(&mut ui);
    ui.type_text("First client, half written");
    ui.press(KeyCode::Esc);
    assert!(ui.screen().contains("keep the draft for later"), "Esc asks");
    ui.press(KeyCode::Char('k'));
    assert_eq!(ui.model().screen(), Screen::Main);
    assert!(info(&ui).starts_with("Draft kept"));

    ui.press(KeyCode::Char('j'));
    let second = open_editor(&mut ui);
    assert_ne!(first, second);
    ui.type_text("Second client, also half written");
    ui.press(KeyCode::Esc);
    ui.press(KeyCode::Char('k'));
    assert_eq!(
        drafts(&env),
        [(first, "First client, half written".into()), (second, "Second client, also half written".into())]
    );
    // Esc on the main screen clears the message (and the filter) so the keys show.
    ui.press(KeyCode::Esc);
    assert!(ui.screen().contains("D unsaved notes (2)"), "the status line says so:\n{}", ui.screen());

    // The client screen marks the draft; n takes it up again.
    ui.press(KeyCode::Char('k'));
    ui.press(KeyCode::Enter);
    assert!(ui.screen().contains("DRAFT note unsaved"), "{}", ui.screen());
    ui.press(KeyCode::Char('n'));
    assert_eq!(ui.model().editor().map(|e| e.body_text()), Some("First client, half written".into()));
    ui.press(KeyCode::Char('!'));
    ui.press(KeyCode::Esc);
    ui.press(KeyCode::Char('d'));
    assert_eq!(info(&ui), "Draft discarded.");
    assert_eq!(drafts(&env), [(second, "Second client, also half written".into())]);
}

#[test]
fn drafts_left_behind_are_offered_at_start_and_resume_whole() {
    let env = caseload();
    let client = {
        let mut ui = Ui::open(&env, 80, 24, Options::default());
        let client = open_editor(&mut ui);
        ui.type_text("Typed before the link dropped");
        ui.press(KeyCode::Tab);
        ui.press(KeyCode::Right);
        ui.flush_draft();
        client
    };
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    assert!(matches!(ui.model().overlay(), Some(Overlay::Drafts { .. })), "offered at start");
    let screen = ui.screen();
    assert!(screen.contains("Unsaved notes") && screen.contains("Typed before the link dropped"), "{screen}");
    ui.press(KeyCode::Enter);
    let editor = ui.model().editor().expect("the editor opens");
    assert_eq!((editor.client_id(), editor.body_text().as_str()), (client, "Typed before the link dropped"));
    assert_eq!(editor.fields().chosen("contact_type"), "video", "the fields come back too");
    ui.ctrl('s');
    assert_eq!(info(&ui), "Note 1 saved.");
    assert_eq!(drafts(&env), []);
}

#[test]
fn a_template_from_the_config_fills_the_body() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    open_editor(&mut ui);
    ui.ctrl('o');
    let screen = ui.screen();
    assert!(screen.contains("DAP") && screen.contains("SOAP"), "{screen}");
    ui.press(KeyCode::Down);
    ui.press(KeyCode::Enter);
    let body = ui.model().editor().map(|e| e.body_text()).unwrap_or_default();
    assert!(body.starts_with("Subjective: \nObjective: "), "{body:?}");
}

#[test]
fn a_save_that_finds_the_database_locked_keeps_the_note_and_saves_once_it_is_free() {
    let env = caseload();
    let mut config = Config::default();
    config.busy_timeout_ms = 200;
    let mut ui = Ui::open_with(&env, config, 80, 24, Options::default());
    open_editor(&mut ui);
    ui.type_text("Written while someone else held the database.");

    let other = env.store();
    let held = other.conn().begin_write().expect("holds the write lock");
    ui.ctrl('s');
    let screen = ui.screen();
    assert!(screen.contains("The database is busy"), "says why:\n{screen}");
    assert!(screen.contains("Written while someone else held the database."), "keeps the text:\n{screen}");
    assert_eq!(ui.model().screen(), Screen::Editor);
    ui.tick(Duration::ZERO);
    assert_eq!(ui.model().screen(), Screen::Editor, "still locked: still waiting");

    held.commit().expect("lets go");
    ui.tick(Duration::ZERO);
    assert_eq!(info(&ui), "Note 1 saved.");
    assert_eq!(env.store().note(1).expect("saved").body, "Written while someone else held the database.");
}

#[test]
fn the_editor_shows_the_months_minutes_and_saves_the_program_chosen_among_several() {
    let env = caseload();
    enrolled_with_minutes(&env, &["ccm", "bhi"]);
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    assert_eq!(open_editor(&mut ui), 1);
    let screen = ui.screen();
    assert!(screen.contains("Note · Quill, Ada · CCM 14/20 min · BHI 5/20 min"), "{screen}");
    assert!(screen.contains("Program CCM"), "the earliest enrollment first:\n{screen}");
    ui.type_text("Reviewed the mood log.");
    (0..5).for_each(|_| ui.press(KeyCode::Tab)); // type, direction, outcome, minutes, program
    ui.press(KeyCode::Right);
    let screen = ui.screen();
    assert!(screen.contains("Program ◂ BHI ▸"), "{screen}");
    ui.ctrl('s');
    assert_eq!(info(&ui), "Note 5 saved.");
    assert_eq!(env.store().note(5).expect("note").program.map(|p| p.to_string()).as_deref(), Some("bhi"));
}

#[test]
fn the_editor_defaults_the_program_to_the_clients_only_time_based_enrollment() {
    let env = caseload();
    enrolled_with_minutes(&env, &["ccm"]);
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    assert_eq!(open_editor(&mut ui), 1);
    let screen = ui.screen();
    assert!(screen.contains("Note · Quill, Ada · CCM 14/20 min"), "{screen}");
    assert!(screen.contains("Program CCM"), "{screen}");
    ui.type_text("Called about the refill.");
    ui.ctrl('s');
    assert_eq!(env.store().note(4).expect("note").program.map(|p| p.to_string()).as_deref(), Some("ccm"));
}

/// A draft keeps the program chosen in it: resumed, the editor offers that
/// program again, not the default (the earliest enrollment's).
#[test]
fn a_resumed_draft_keeps_the_program_chosen() {
    let env = caseload();
    enrolled_with_minutes(&env, &["ccm", "bhi"]);
    {
        let mut ui = Ui::open(&env, 80, 24, Options::default());
        assert_eq!(open_editor(&mut ui), 1);
        ui.type_text("Half written, for BHI.");
        (0..5).for_each(|_| ui.press(KeyCode::Tab)); // type, direction, outcome, minutes, program
        ui.press(KeyCode::Right);
        assert!(ui.screen().contains("Program ◂ BHI ▸"));
        ui.flush_draft();
    }
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    assert!(matches!(ui.model().overlay(), Some(Overlay::Drafts { .. })), "offered at start");
    ui.press(KeyCode::Enter);
    let screen = ui.screen();
    assert!(screen.contains("Program BHI"), "{screen}");
    assert_eq!(ui.model().editor().map(|e| e.fields().chosen("program").to_string()).as_deref(), Some("bhi"));
    ui.ctrl('s');
    assert_eq!(info(&ui), "Note 5 saved.");
    assert_eq!(env.store().note(5).expect("note").program.map(|p| p.to_string()).as_deref(), Some("bhi"));
}
