//! Transitions of care in the interface (issue #17 items 1 and 2): the
//! encounter form's reason, the Medications tab with its add and stop keys,
//! and the reconcile screen, driven by key presses at 80x24 and checked on
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

/// Whether the first cell of `text` on screen is drawn dim (greyed).
fn dimmed(ui: &Ui, text: &str) -> bool {
    let buffer = ui.terminal.backend().buffer();
    let width = buffer.area.width;
    (0..buffer.area.height).any(|y| {
        let row: String = (0..width).map(|x| buffer[(x, y)].symbol()).collect();
        row.find(text).is_some_and(|at| {
            let x = row[..at].chars().count() as u16;
            buffer[(x, y)].modifier.contains(ratatui::style::Modifier::DIM)
        })
    })
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

/// Ada (client 1, discharged 2026-11-18) takes Lisinopril (1), Metformin (2)
/// and Sertraline (3); Atorvastatin (4) was stopped.
fn with_medications() -> common::Env {
    let env = caseload();
    for (name, dose, frequency, started) in [
        ("Lisinopril", "10 mg", "daily", "2026-06-01"),
        ("Metformin", "500 mg", "twice daily", "2026-03-15"),
        ("Sertraline", "50 mg", "daily", "2026-09-10"),
        ("Atorvastatin", "20 mg", "nightly", "2025-12-01"),
    ] {
        env.ok(&[
            "med",
            "add",
            "1",
            "--name",
            name,
            "--dose",
            dose,
            "--frequency",
            frequency,
            "--prescriber",
            "Dr. Lee",
            "--started",
            started,
        ]);
    }
    env.ok(&["med", "stop", "4", "--on", "2026-11-01"]);
    env
}

/// What the store holds of Ada's medications: (name, dose, active).
fn listed(env: &common::Env) -> Vec<(String, String, bool)> {
    let medications = env.store().medications(1).expect("medications");
    medications
        .into_iter()
        .map(|m| (m.is_active(), m.name, m.dose.unwrap_or_default()))
        .map(|(active, name, dose)| (name, dose, active))
        .collect()
}

#[test]
fn the_medications_tab_lists_active_then_stopped_and_its_keys_add_and_stop() {
    let env = with_medications();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    open(&mut ui, "Quill");
    tab(&mut ui, 7);
    let screen = ui.screen();
    let tabs = screen.lines().nth(4).expect("tab row");
    assert!(tabs.contains("[Meds]") && tabs.contains("Contacts"), "nine tabs fit at 80 columns: {tabs:?}");
    let (active, stopped) = (screen.find("Active medications (3)"), screen.find("Stopped (1)"));
    assert!(active.is_some() && stopped > active, "active first, then stopped:\n{screen}");
    assert!(screen.contains("Name") && screen.contains("Since") && screen.contains("Prescriber"), "{screen}");
    let row = |name: &str| screen.lines().find(|l| l.contains(name)).unwrap_or_default().to_string();
    assert!(row("▸ Lisinopril").contains("10 mg") && row("Lisinopril").contains("2026-06-01"), "{screen}");
    assert!(row("Lisinopril").contains("daily") && row("Lisinopril").contains("Dr. Lee"), "{screen}");
    assert!(row("Atorvastatin").contains("2026-11-01"), "greyed with its stop date: {screen}");
    assert!(dimmed(&ui, "Atorvastatin") && !dimmed(&ui, "Sertraline"), "the stopped one is greyed");
    assert!(screen.contains("Reconciliations") && screen.contains("none yet"), "{screen}");
    assert!(screen.contains("M add") && screen.contains("O stop") && screen.contains("R reconcile"), "{screen}");

    // Add one through the form.
    ui.press(KeyCode::Char('M'));
    assert!(ui.screen().contains("New medication · Quill, Ada"));
    ui.type_text("Amlodipine");
    tab(&mut ui, 1);
    ui.type_text("5 mg");
    tab(&mut ui, 1);
    ui.type_text("daily");
    tab(&mut ui, 1);
    ui.type_text("Dr. Park");
    tab(&mut ui, 1);
    ui.type_text("-3d");
    ui.ctrl('s');
    assert_eq!(info(&ui), "Medication 5 added.");
    let screen = ui.screen();
    let added = screen.lines().find(|l| l.contains("Amlodipine")).unwrap_or_default();
    assert!(added.contains("5 mg") && added.contains("2026-11-20") && added.contains("Dr. Park"), "{screen}");

    // A name is required.
    ui.press(KeyCode::Char('M'));
    ui.ctrl('s');
    assert!(ui.screen().contains("Name"), "{}", ui.screen());
    assert!(ui.model().form().and_then(|f| f.error.as_ref()).is_some(), "refused without a name");
    ui.press(KeyCode::Esc);

    // Stop the selected one (the third active row: Metformin), on today.
    ui.press(KeyCode::Char('j'));
    ui.press(KeyCode::Char('j'));
    assert!(ui.screen().contains("▸ Metformin"), "{}", ui.screen());
    ui.press(KeyCode::Char('O'));
    let form = ui.screen();
    assert!(form.contains("Stop a medication") && form.contains("Metformin 500 mg"), "{form}");
    assert!(form.contains("today") && form.contains("Mon 23 Nov 2026"), "today by default: {form}");
    ui.ctrl('s');
    assert_eq!(info(&ui), "Metformin stopped on 2026-11-23.");
    assert!(listed(&env).contains(&("Metformin".into(), "500 mg".into(), false)));
    let screen = ui.screen();
    let stopped = screen.lines().find(|l| l.contains("Metformin")).unwrap_or_default();
    assert!(screen.contains("Active medications (3)") && stopped.contains("2026-11-23"), "{screen}");
    assert!(screen.find("Stopped (2)") < screen.find("Metformin"), "under the stopped ones: {screen}");
}

#[test]
fn reconciling_with_one_stop_and_one_change_saves_all_of_it_and_clears_the_alert() {
    let env = with_medications();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    let reconcile_alerts =
        |ui: &Ui| ui.model().alerts().iter().filter(|a| a.kind == AlertKind::MedReconciliation).count();
    assert_eq!(reconcile_alerts(&ui), 1, "Ada's discharge waits for a reconciliation");
    open(&mut ui, "Quill");
    ui.press(KeyCode::Char('R'));
    let screen = ui.screen();
    assert!(screen.contains("Medication reconciliation · Quill, Ada"), "{screen}");
    for name in ["Lisinopril 10 mg daily", "Metformin 500 mg twice daily", "Sertraline 50 mg daily"] {
        assert!(screen.contains(name), "{name} listed:\n{screen}");
    }
    assert!(!screen.contains("Atorvastatin 20 mg"), "only the active ones:\n{screen}");
    assert!(screen.contains("confirm: taken as listed"), "confirm by default:\n{screen}");
    assert!(screen.contains("#1 inpatient Lakeview General, discharged 2026-11-18"), "the discharge:\n{screen}");
    assert!(screen.contains("Ctrl-S save all in one") && screen.contains("Esc cancel"), "the footer:\n{screen}");

    // Lisinopril: stop. Metformin: change to 1000 mg.
    ui.press(KeyCode::Right);
    tab(&mut ui, 1);
    ui.press(KeyCode::Right);
    ui.press(KeyCode::Right);
    assert!(ui.screen().contains("New dose"), "a change asks for the new dose:\n{}", ui.screen());
    tab(&mut ui, 1);
    (0..6).for_each(|_| ui.press(KeyCode::Backspace));
    ui.type_text("1000 mg");
    // Frequency as it was, Sertraline confirmed, today, after the discharge.
    tab(&mut ui, 5);
    ui.type_text("Went through the bottles with her daughter");
    assert!(env.store().reconciliations(1).expect("none yet").is_empty(), "nothing is written before the save");
    ui.ctrl('s');
    assert!(ui.model().reconciling().is_none(), "saved and closed: {:?}", ui.model().reconciling().map(|r| &r.error));
    assert_eq!(info(&ui), "Reconciliation 1 saved for 2026-11-23: 1 stopped, 1 changed.");
    let reconciliations = env.store().reconciliations(1).expect("listed");
    assert_eq!(
        reconciliations.iter().map(|r| (r.encounter_id, r.notes.as_deref())).collect::<Vec<_>>(),
        [(Some(1), Some("Went through the bottles with her daughter"))]
    );
    assert_eq!(
        listed(&env),
        [
            ("Metformin".to_string(), "1000 mg".to_string(), true),
            ("Sertraline".into(), "50 mg".into(), true),
            ("Lisinopril".into(), "10 mg".into(), false),
            ("Metformin".into(), "500 mg".into(), false),
            ("Atorvastatin".into(), "20 mg".into(), false),
        ]
    );
    // The tab afterwards, at 80x24.
    let screen = ui.screen();
    assert!(screen.contains("[Meds]") && screen.contains("Active medications (2)"), "{screen}");
    let changed = screen.lines().find(|l| l.contains("Metformin")).unwrap_or_default();
    assert!(changed.contains("1000 mg") && changed.contains("2026-11-23"), "the new dose from today: {screen}");
    assert!(screen.contains("Stopped (3)"), "{screen}");
    ui.press(KeyCode::Char('G'));
    let end = ui.screen();
    assert!(end.contains("2026-11-23 by casey · after inpatient Lakeview General"), "the reconciliation:\n{end}");
    // The alert is gone, on the client screen and the main screen.
    let open_alerts = &ui.model().open_client().expect("open").alerts;
    assert!(open_alerts.iter().all(|a| a.kind != AlertKind::MedReconciliation), "{open_alerts:?}");
    ui.press(KeyCode::Esc);
    assert_eq!(reconcile_alerts(&ui), 0, "the alert cleared: {:?}", ui.model().alerts());
}

#[test]
fn esc_after_a_change_asks_before_throwing_the_reconciliation_away_and_a_bad_change_is_refused() {
    let env = with_medications();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    open(&mut ui, "Quill");
    ui.press(KeyCode::Char('R'));
    ui.press(KeyCode::Esc);
    assert!(ui.model().reconciling().is_none(), "nothing chosen: Esc closes at once");
    ui.press(KeyCode::Char('R'));
    // Metformin marked changed but nothing typed: refused, with the reason.
    tab(&mut ui, 1);
    ui.press(KeyCode::Left);
    ui.ctrl('s');
    let screen = ui.screen();
    assert!(screen.contains("Not saved: Metformin is marked changed"), "{screen}");
    ui.press(KeyCode::Esc);
    assert!(ui.screen().contains("Throw away what you chose? y yes"), "{}", ui.screen());
    ui.press(KeyCode::Char('n'));
    assert!(ui.model().reconciling().is_some(), "any other key goes back");
    ui.press(KeyCode::Esc);
    ui.press(KeyCode::Char('y'));
    assert!(ui.model().reconciling().is_none());
    assert!(env.store().reconciliations(1).expect("listed").is_empty(), "nothing written");
    assert_eq!(listed(&env).iter().filter(|(_, _, active)| *active).count(), 3);
}

#[test]
fn help_lists_the_medication_keys_and_they_can_be_remapped() {
    let env = with_medications();
    let mut ui = Ui::open(&env, 100, 60, Options::default());
    open(&mut ui, "Quill");
    ui.press(KeyCode::Char('?'));
    let help = ui.screen();
    for text in ["Add a medication", "Stop the selected medication", "Reconcile the medications"] {
        assert!(help.contains(text), "{text} missing:\n{help}");
    }
    ui.press(KeyCode::Esc);
    ui.press(KeyCode::Char('R'));
    ui.press(KeyCode::F(1));
    let keys = ui.screen();
    assert!(keys.contains("Keys: medication reconciliation") && keys.contains("Confirm, stop or change"), "{keys}");

    let mut config = caseload::config::Config::default();
    config.ui.keys.insert("reconcile".into(), "ctrl-g".into());
    let mut ui = Ui::open_with(&env, config, 100, 30, Options::default());
    open(&mut ui, "Quill");
    ui.press(KeyCode::Char('R'));
    assert!(ui.model().reconciling().is_none(), "the old key no longer reconciles");
    ui.ctrl('g');
    assert!(ui.screen().contains("Medication reconciliation · Quill, Ada"), "the remapped key reconciles");
}
