//! Transitions of care in the interface (issue #17 items 1 and 2): the
//! encounter form's reason, driven by key presses at 80x24 and checked on
//! screen and in the store.

mod common;

use caseload::domain::alerts::AlertKind;
use caseload::domain::encounter::{EncounterKind, EncounterReason};
use caseload::tui::Options;
use caseload::tui::keymap::Screen;
use caseload::tui::model::Message;
use common::tui::{Ui, caseload};
use ratatui::crossterm::event::KeyCode;

/// Opens a client through the caseload filter.
fn open(ui: &mut Ui, family_name: &str) {
    ui.press(KeyCode::Char('/'));
    ui.type_text(family_name);
    ui.press(KeyCode::Enter);
    ui.press(KeyCode::Enter);
    assert_eq!(ui.model().screen(), Screen::Client);
}

fn info(ui: &Ui) -> String {
    match ui.model().message() {
        Some(Message::Info(text)) => text.clone(),
        other => panic!("expected an info message, got {other:?}"),
    }
}

fn tab(ui: &mut Ui, times: usize) {
    (0..times).for_each(|_| ui.press(KeyCode::Tab));
}

#[test]
fn an_ed_visit_for_mental_health_added_through_the_form_raises_the_behavioral_follow_up_alert() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    // Cora Lind (client 3) has no visit booked: nothing would count as the follow-up.
    open(&mut ui, "Lind");
    ui.press(KeyCode::Char('i'));
    // Kind: inpatient → observation → ED visit.
    ui.press(KeyCode::Right);
    ui.press(KeyCode::Right);
    tab(&mut ui, 1);
    ui.type_text("Mercy ED");
    tab(&mut ui, 1);
    ui.type_text("-2d");
    tab(&mut ui, 1);
    ui.type_text("-2d");
    tab(&mut ui, 1);
    let form = ui.screen();
    assert!(form.contains("Reason:") && form.contains("medical"), "the reason is a field, medical first:\n{form}");
    ui.press(KeyCode::Right);
    assert!(ui.screen().contains("mental health"), "{}", ui.screen());
    ui.ctrl('s');
    assert_eq!(info(&ui), "Encounter 2 added.");
    let stored = env.store().encounters(3).expect("encounters");
    assert_eq!(
        stored.iter().map(|e| (e.kind, e.reason)).collect::<Vec<_>>(),
        [(EncounterKind::Ed, EncounterReason::MentalHealth)]
    );
    let alerts = ui.model().open_client().expect("open").alerts.clone();
    assert!(alerts.iter().any(|a| a.kind == AlertKind::BhFollowup && a.subject == Some(2)), "{alerts:?}");
    let overview = ui.screen();
    assert!(overview.contains("ED visit (mental health) on 2026-11-21"), "the alert on the Overview:\n{overview}");
    assert!(overview.contains("ED visit Mercy ED (mental health)"), "the encounter with its reason:\n{overview}");
}
