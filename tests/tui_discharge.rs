//! Issue #14: on discharge, the offer to cancel what the client still has
//! open (appointments to come, open follow-ups, open referrals), and the
//! Today pane's cancel key asking first. TestBackend frames through the real
//! update loop, checked on screen and in the store.

mod common;

use caseload::domain::appointment::AppointmentStatus;
use caseload::domain::client::ClientStatus;
use caseload::domain::followup::FollowupStatus;
use caseload::domain::referral::ReferralStatus;
use caseload::tui::Options;
use caseload::tui::model::Overlay;
use common::Env;
use common::tui::{Ui, caseload};
use ratatui::crossterm::event::KeyCode;

/// Ben Ortiz (client 2) with a referral besides his follow-up and today's visit.
fn with_referral() -> Env {
    let env = caseload();
    env.ok(&["referral", "add", "2", "--to", "Northside Food Pantry", "--kind", "food", "--reason", "Food insecurity"]);
    env
}

/// Opens Ben from the caseload filter and discharges him through the form.
fn discharge_ben(ui: &mut Ui) {
    ui.press(KeyCode::Char('/'));
    ui.type_text("ortiz");
    ui.press(KeyCode::Enter);
    ui.press(KeyCode::Enter);
    ui.press(KeyCode::Char('x'));
    ui.press(KeyCode::Tab);
    ui.type_text("Moved out of the area");
    ui.ctrl('s');
}

#[test]
fn a_discharge_offers_to_cancel_what_is_open_and_y_cancels_all_of_it() {
    let env = with_referral();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    let before = ui.screen();
    assert!(before.contains("Ortiz, Ben") && before.contains("14:30"), "{before}");
    discharge_ben(&mut ui);
    let screen = ui.screen();
    assert!(screen.contains("Still open after the discharge"), "{screen}");
    assert!(screen.contains("still has 1 appointment, 1 follow-up and 1"), "the counts in words: {screen}");
    for item in ["specialist with Dr. Imani Falk", "Call pharmacy about refill", "Northside Food Pantry"] {
        assert!(screen.contains(item), "{item:?} is listed: {screen}");
    }
    assert!(screen.contains("y cancel them all") && screen.contains("n keep them open"), "{screen}");
    assert_eq!(env.store().client(2).expect("client").status, ClientStatus::Discharged);

    ui.press(KeyCode::Char('y'));
    assert!(ui.model().overlay().is_none());
    let store = env.store();
    let appointment = store.appointment(1).expect("Ben's visit");
    assert_eq!(appointment.status, AppointmentStatus::Cancelled);
    assert_eq!(store.followup(1).expect("Ben's follow-up").status, FollowupStatus::Cancelled);
    let referral = store.referral(1).expect("Ben's referral");
    assert_eq!(
        (referral.status, referral.outcome.as_deref()),
        (ReferralStatus::Declined, Some("Closed at discharge."))
    );

    ui.press(KeyCode::Esc);
    let screen = ui.screen();
    assert!(
        !screen.contains("14:30") && !screen.contains("Dr. Imani Falk"),
        "Ben's visit is gone from Today: {screen}"
    );
    assert!(!screen.contains("Call pharmacy"), "and his follow-up from the alerts: {screen}");
    assert!(!screen.contains("Ortiz, Ben"), "{screen}");
}

#[test]
fn n_keeps_everything_open_and_says_so() {
    let env = with_referral();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    discharge_ben(&mut ui);
    assert!(matches!(ui.model().overlay(), Some(Overlay::DischargeOffer { .. })));
    // A key that answers nothing leaves the question open.
    ui.press(KeyCode::Char('j'));
    assert!(matches!(ui.model().overlay(), Some(Overlay::DischargeOffer { .. })));
    assert!(ui.screen().contains("Answer the question first"), "{}", ui.screen());
    ui.press(KeyCode::Char('n'));
    assert!(ui.model().overlay().is_none());
    assert!(ui.screen().contains("Left open: 1 appointment, 1 follow-up and 1 referral."), "{}", ui.screen());
    let store = env.store();
    assert_eq!(store.appointment(1).expect("visit").status, AppointmentStatus::Scheduled);
    assert_eq!(store.followup(1).expect("follow-up").status, FollowupStatus::Open);
    assert_eq!(store.referral(1).expect("referral").status, ReferralStatus::Draft);
}

#[test]
fn a_client_with_nothing_open_is_discharged_without_a_question() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    ui.press(KeyCode::Char('/'));
    ui.type_text("lind");
    ui.press(KeyCode::Enter);
    ui.press(KeyCode::Enter);
    ui.press(KeyCode::Char('x'));
    ui.press(KeyCode::Tab);
    ui.type_text("Moved");
    ui.ctrl('s');
    assert!(ui.model().overlay().is_none(), "{:?}", ui.model().overlay());
}

#[test]
fn the_offer_fits_and_counts_what_does_not_at_60x20() {
    let env = with_referral();
    for n in 0..12 {
        env.ok(&["followup", "add", "2", "--due", "+2w", "--title", &format!("Check on the move, step {n}")]);
    }
    let mut ui = Ui::open(&env, 60, 20, Options::default());
    discharge_ben(&mut ui);
    let screen = ui.screen();
    assert!(screen.contains("… and") && screen.contains("more"), "{screen}");
    assert!(screen.contains("y cancel them all"), "the answer keys stay in sight: {screen}");
    ui.press(KeyCode::Char('y'));
    let open = env.store().open_work(2, ui.model().now()).expect("open work");
    assert!(open.is_empty(), "those not listed are cancelled too: {open:?}");
}

#[test]
fn the_today_cancel_key_asks_first() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    ui.press(KeyCode::Char('2'));
    ui.press(KeyCode::Char('X'));
    let screen = ui.screen();
    assert!(
        screen.contains("Cancel the appointment at 10:15 lab with Northside Lab for") && screen.contains("Quill, Ada?"),
        "{screen}"
    );
    assert_eq!(env.store().appointment(2).expect("lab").status, AppointmentStatus::Scheduled, "not yet");
    ui.press(KeyCode::Esc);
    assert!(ui.model().overlay().is_none());
    assert_eq!(env.store().appointment(2).expect("lab").status, AppointmentStatus::Scheduled, "Esc keeps it");
    ui.press(KeyCode::Char('X'));
    ui.press(KeyCode::Char('y'));
    assert_eq!(env.store().appointment(2).expect("lab").status, AppointmentStatus::Cancelled);
}

#[test]
fn help_lists_the_answers_of_both_questions() {
    let env = caseload();
    let mut ui = Ui::open(&env, 120, 60, Options::default());
    ui.press(KeyCode::Char('?'));
    let main = ui.screen();
    assert!(main.contains("asks: yes, cancel the appointment") && main.contains("asks: no, keep it"), "{main}");
    ui.press(KeyCode::Esc);
    ui.press(KeyCode::Enter);
    ui.press(KeyCode::Char('?'));
    ui.press(KeyCode::Char('G'));
    let client = ui.screen();
    assert!(client.contains("After a discharge: cancel"), "{client}");
}

#[test]
fn the_offer_says_what_y_does_and_which_rides_to_call_off() {
    let env = with_referral();
    env.ok(&["appt", "set", "1", "--transport", "arranged"]);
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    discharge_ben(&mut ui);
    let screen = ui.screen();
    for said in [
        "y cancels the appointment and the follow-up, and closes the referral as",
        "One appointment has a ride arranged:",
        "call it off with its provider.",
    ] {
        assert!(screen.contains(said), "{said:?}: {screen}");
    }
    ui.press(KeyCode::Char('y'));
    assert!(ui.screen().contains("Closed at discharge: 1 appointment, 1 follow-up and 1 referral."), "{}", ui.screen());
}

#[test]
fn redacted_the_offer_shows_initials_and_no_name_in_the_items() {
    let env = caseload();
    env.ok(&["followup", "add", "2", "--due", "+1w", "--title", "Ask Ben Ortiz about the new address"]);
    let mut ui = Ui::open(&env, 80, 24, Options { redact: true, ..Options::default() });
    ui.press(KeyCode::Char('j'));
    ui.press(KeyCode::Enter);
    ui.press(KeyCode::Char('x'));
    ui.press(KeyCode::Tab);
    ui.type_text("Moved");
    ui.ctrl('s');
    let screen = ui.screen();
    assert!(screen.contains("B.O. is discharged and still has"), "{screen}");
    assert!(!screen.contains("Ortiz") && !screen.contains("Ben "), "{screen}");
    ui.press(KeyCode::Char('y'));
    let store = env.store();
    let open = store.open_work(2, ui.model().now()).expect("open work");
    assert!(open.is_empty(), "the redacted copy closed the real records: {open:?}");
    assert_eq!(store.followup(2).expect("follow-up").title, "Ask Ben Ortiz about the new address", "titles untouched");
}

#[test]
fn the_cancel_key_asks_in_the_appointments_tab_too() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    ui.press(KeyCode::Char('/'));
    ui.type_text("ortiz");
    ui.press(KeyCode::Enter);
    ui.press(KeyCode::Enter);
    ui.press(KeyCode::Char('X'));
    assert!(ui.model().overlay().is_none());
    assert!(ui.screen().contains("Go to the Appointments tab"), "{}", ui.screen());
    ui.press(KeyCode::Tab);
    ui.press(KeyCode::Tab);
    ui.press(KeyCode::Char('X'));
    let screen = ui.screen();
    assert!(screen.contains("Cancel the appointment at 2026-11-23 14:30 specialist with"), "{screen}");
    assert!(screen.contains("Dr. Imani Falk for Ortiz, Ben?") && !screen.contains("Go to the"), "{screen}");
    ui.press(KeyCode::Char('n'));
    assert_eq!(env.store().appointment(1).expect("visit").status, AppointmentStatus::Scheduled);
    ui.press(KeyCode::Char('X'));
    ui.press(KeyCode::Char('y'));
    assert_eq!(env.store().appointment(1).expect("visit").status, AppointmentStatus::Cancelled);
    assert!(ui.screen().contains("specialist · cancelled"), "{}", ui.screen());
}
