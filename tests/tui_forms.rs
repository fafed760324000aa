//! The interface's forms, driven by key presses through the real update loop
//! and checked both on screen (TestBackend, 80x24) and in the store.

mod common;

use caseload::domain::alerts::AlertKind;
use caseload::domain::appointment::{AppointmentKind, Transport};
use caseload::domain::client::{ClientStatus, Risk};
use caseload::domain::followup::FollowupStatus;
use caseload::domain::referral::{ReferralKind, ReferralStatus};
use caseload::store::AuditAction;
use caseload::store::appointments::AppointmentFilter;
use caseload::store::audit::AuditFilter;
use caseload::tui::Options;
use caseload::tui::keymap::Screen;
use caseload::tui::model::Message;
use chrono::NaiveDate;
use common::tui::{Ui, caseload};
use ratatui::crossterm::event::KeyCode;
use ratatui::style::Color;

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
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

/// Focuses the Alerts pane and selects the first alert that matches.
fn select_alert(ui: &mut Ui, wanted: impl Fn(&caseload::domain::alerts::Alert) -> bool) {
    ui.press(KeyCode::Char('3'));
    ui.press(KeyCode::Char('g'));
    for _ in 0..ui.model().alerts().len() {
        if ui.model().selected_alert().is_some_and(&wanted) {
            return;
        }
        ui.press(KeyCode::Char('j'));
    }
    panic!("no such alert in {:?}", ui.model().alerts());
}

/// The screen's line holding `text`, and the line after it.
fn line_and_next(screen: &str, text: &str) -> (String, String) {
    let lines: Vec<&str> = screen.lines().collect();
    let at = lines.iter().position(|l| l.contains(text)).unwrap_or_else(|| panic!("{text:?} not on screen: {screen}"));
    (lines[at].to_string(), lines.get(at + 1).copied().unwrap_or_default().to_string())
}

#[test]
fn a_client_added_through_the_form_is_stored_and_listed() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    ui.press(KeyCode::Char('a'));
    assert!(ui.screen().contains("New client"));
    ui.type_text("Dana");
    tab(&mut ui, 1);
    ui.type_text("Reyes");
    tab(&mut ui, 2);
    ui.type_text("MRN-77");
    tab(&mut ui, 1);
    ui.type_text("1971-02-03");
    tab(&mut ui, 7);
    ui.press(KeyCode::Left);
    ui.ctrl('s');
    assert!(ui.model().form().is_none(), "saved and closed: {:?}", ui.model().form().map(|f| &f.error));
    assert_eq!(info(&ui), "Client 5 added.");
    let client = env.store().client(5).expect("stored");
    assert_eq!((client.given_name.as_str(), client.family_name.as_str()), ("Dana", "Reyes"));
    assert_eq!((client.mrn.as_deref(), client.dob), (Some("MRN-77"), Some(date("1971-02-03"))));
    assert_eq!((client.risk, client.coordinator.as_str()), (Risk::High, "casey"));
    assert_eq!(client.enrolled_on, date("2026-11-23"));
    let screen = ui.screen();
    assert!(screen.contains("Reyes, Dana") && screen.contains("Client 5 added."), "{screen}");
}

#[test]
fn an_appointment_with_transport_is_stored_at_the_right_instant() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    ui.press(KeyCode::Char('j'));
    ui.press(KeyCode::Char('s'));
    assert!(ui.screen().contains("Schedule · Ortiz, Ben"));
    ui.type_text("tomorrow 14:30");
    assert!(ui.screen().contains("= Tue 24 Nov 2026 14:30"), "the form says what the words mean");
    tab(&mut ui, 2);
    ui.press(KeyCode::Right);
    tab(&mut ui, 1);
    ui.type_text("Dr. Imani Falk");
    tab(&mut ui, 2);
    ui.press(KeyCode::Right);
    tab(&mut ui, 1);
    ui.type_text("Neighbour drives");
    ui.press(KeyCode::Enter);
    assert!(ui.model().form().is_none());
    assert_eq!(info(&ui), "Appointment 3 scheduled for 2026-11-24 14:30.");
    let filter = AppointmentFilter { client_id: Some(2), ..AppointmentFilter::default() };
    let stored = env.store().appointments(&filter).expect("appointments");
    let appointment = &stored.iter().find(|a| a.record.id == 3).expect("stored").record;
    // 14:30 in Chicago on 24 November is 20:30 UTC.
    assert_eq!(appointment.starts_at.to_rfc3339(), "2026-11-24T20:30:00+00:00");
    assert_eq!((appointment.kind, appointment.transport), (AppointmentKind::Specialist, Transport::Needed));
    assert_eq!((appointment.minutes, appointment.transport_details.as_deref()), (30, Some("Neighbour drives")));
}

#[test]
fn a_followup_alert_is_marked_done_from_the_alerts_pane() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    select_alert(&mut ui, |a| a.kind == AlertKind::TcmContact);
    ui.press(KeyCode::Char('d'));
    assert!(ui.model().form().is_none() && info(&ui).contains("Select a follow-up alert"), "only follow-up alerts");
    select_alert(&mut ui, |a| a.kind == AlertKind::FollowupDue);
    ui.press(KeyCode::Char('d'));
    assert!(ui.screen().contains("#1 Call pharmacy about refill"));
    ui.press(KeyCode::Enter);
    assert_eq!(info(&ui), "Follow-up 1 done.");
    let followup = env.store().followup(1).expect("follow-up");
    assert_eq!((followup.status, followup.done_by.as_deref()), (FollowupStatus::Done, Some("casey")));
    assert!(ui.model().alerts().iter().all(|a| a.kind != AlertKind::FollowupDue), "the alert is gone");
}

#[test]
fn a_change_made_elsewhere_meanwhile_shows_in_the_form() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    select_alert(&mut ui, |a| a.kind == AlertKind::FollowupDue);
    ui.press(KeyCode::Char('d'));
    env.store().complete_followup(1).expect("a colleague completes it first");
    ui.press(KeyCode::Enter);
    let error = ui.model().form().and_then(|f| f.error.clone()).expect("the form stays open with the error");
    assert_eq!(error.field, None);
    assert!(ui.screen().contains("Follow-up 1 is done, so it cannot be marked done"), "{}", ui.screen());
}

#[test]
fn a_snoozed_alert_needs_a_reason_and_leaves_the_alerts_pane() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    select_alert(&mut ui, |a| a.kind == AlertKind::TcmContact);
    let alert = ui.model().selected_alert().cloned().expect("selected");
    ui.press(KeyCode::Char('z'));
    ui.type_text("+3d");
    ui.press(KeyCode::Enter);
    ui.press(KeyCode::Enter);
    let error = ui.model().form().and_then(|f| f.error.clone()).expect("refused");
    assert_eq!((error.field, error.message.as_str()), (Some(1), "Reason cannot be empty"));
    ui.type_text("Waiting for the discharge summary");
    ui.press(KeyCode::Enter);
    assert_eq!(info(&ui), "Alert snoozed until 2026-11-26.");
    let same = |a: &caseload::domain::alerts::Alert| {
        (a.kind, a.client_id, a.subject) == (alert.kind, alert.client_id, alert.subject)
    };
    assert!(!ui.model().alerts().iter().any(same), "snoozed alert still listed");
    let snoozes = env
        .store()
        .audit_entries(&AuditFilter::default())
        .expect("audit")
        .into_iter()
        .filter(|e| e.action == AuditAction::Snooze && e.entity == "alert_snooze")
        .count();
    assert_eq!(snoozes, 1);
}

#[test]
fn a_bad_date_shows_under_its_field_keeps_the_typing_and_writes_nothing() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    let before = env.snapshot();
    ui.press(KeyCode::Char('j'));
    ui.press(KeyCode::Char('f'));
    ui.type_text("Call back about the ride");
    tab(&mut ui, 1);
    ui.type_text("31/12");
    ui.ctrl('s');
    let screen = ui.screen();
    let (due, under) = line_and_next(&screen, "Due:");
    assert!(due.contains("31/12"), "{screen}");
    assert!(under.contains("\"31/12\" is not a date I understand"), "{screen}");
    let (title, _) = line_and_next(&screen, "Title:");
    assert!(title.contains("Call back about the ride"), "{screen}");
    assert!(screen.contains("Ctrl-S save · Esc cancel · Tab next field"), "{screen}");
    assert_eq!(env.snapshot(), before, "nothing written");
    (0..5).for_each(|_| ui.press(KeyCode::Backspace));
    ui.type_text("friday");
    ui.ctrl('s');
    assert_eq!(info(&ui), "Follow-up 2 added.");
    assert_eq!(env.store().followup(2).expect("stored").due_on, date("2026-11-27"));
}

#[test]
fn esc_cancels_a_form_without_writing() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    let before = env.snapshot();
    for key in ['a', 'f', 's'] {
        ui.press(KeyCode::Char(key));
        assert!(ui.model().form().is_some(), "{key} opens a form");
        ui.type_text("Half typed");
        ui.press(KeyCode::Esc);
        // Something was typed: Esc asks first (issue #14, item 7).
        ui.press(KeyCode::Char('y'));
        assert!(ui.model().form().is_none(), "Esc closes the {key} form");
    }
    assert_eq!(ui.model().screen(), Screen::Main, "Esc in a form does not leave the screen");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn an_error_from_the_store_renders_under_its_field_at_80x24() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    ui.press(KeyCode::Enter);
    ui.press(KeyCode::Char('i'));
    tab(&mut ui, 1);
    ui.type_text("Mercy");
    tab(&mut ui, 1);
    ui.type_text("tomorrow");
    ui.ctrl('s');
    let screen = ui.screen();
    let (admitted, under) = line_and_next(&screen, "Admitted:");
    assert!(admitted.contains("tomorrow"), "{screen}");
    assert!(under.contains("Admission date 2026-11-24 is in the future"), "{screen}");
    assert!(screen.contains("record an encounter once it has begun"), "the hint: {screen}");
    let row = screen.lines().position(|l| l.contains("Admitted:")).expect("row") as u16;
    let column =
        |line: &str, text: &str| line.find(text).map(|byte| line[..byte].chars().count()).expect("on the line");
    let buffer = ui.terminal.backend().buffer().clone();
    let label = (column(&admitted, "Admitted:") as u16, row);
    assert_eq!(buffer[label].fg, Color::Red, "the field with the error is highlighted");
    assert_eq!(buffer[(column(&under, "Admission") as u16, row + 1)].fg, Color::Red, "the error is red");
    let cursor = ui.terminal.get_cursor_position().expect("cursor");
    assert_eq!(cursor.y, row, "the cursor is in the field with the error");
}

#[test]
fn a_long_form_scrolls_to_the_field_in_error() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    ui.press(KeyCode::Char('a'));
    ui.type_text("Eli");
    tab(&mut ui, 1);
    ui.type_text("Marsh");
    tab(&mut ui, 16);
    ui.type_text("someday");
    tab(&mut ui, 1);
    let screen = ui.screen();
    let (field, under) = line_and_next(&screen, "Consent expires:");
    assert!(field.contains("someday") && under.contains("\"someday\" is not a date"), "{screen}");
    ui.ctrl('s');
    assert!(ui.model().form().is_some(), "refused");
    let screen = ui.screen();
    assert!(screen.contains("Consent expires:") && screen.contains("Ctrl-S save"), "{screen}");
    assert!(screen.lines().count() <= 24 && screen.lines().all(|l| l.chars().count() <= 80));
    assert!(env.store().client(5).is_err(), "nothing added");
}

#[test]
fn client_screen_forms_track_referrals_and_the_care_plan() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    ui.press(KeyCode::Char('j'));
    ui.press(KeyCode::Enter);
    ui.press(KeyCode::Char('r'));
    ui.type_text("Northside Food Bank");
    tab(&mut ui, 1);
    (0..2).for_each(|_| ui.press(KeyCode::Right));
    tab(&mut ui, 1);
    ui.type_text("Food insecurity");
    ui.ctrl('s');
    assert_eq!(info(&ui), "Referral 1 added.");
    assert_eq!(ui.model().open_client().map(|v| v.referrals.len()), Some(1), "the client view reloads");
    ui.press(KeyCode::Char('m'));
    tab(&mut ui, 1);
    ui.press(KeyCode::Right);
    ui.ctrl('s');
    assert_eq!(info(&ui), "Referral 1 is sent.");
    let referral = env.store().referral(1).expect("referral");
    assert_eq!((referral.kind, referral.status), (ReferralKind::Food, ReferralStatus::Sent));
    assert_eq!(referral.sent_on, Some(date("2026-11-23")));

    ui.press(KeyCode::Char('p'));
    tab(&mut ui, 1);
    ui.type_text("Food insecurity");
    ui.ctrl('s');
    assert_eq!(info(&ui), "Problem 1 added.");
    ui.press(KeyCode::Char('p'));
    ui.press(KeyCode::Right);
    tab(&mut ui, 1);
    ui.type_text("Steady groceries");
    tab(&mut ui, 1);
    ui.type_text("+4w");
    tab(&mut ui, 2);
    ui.type_text("9");
    ui.ctrl('s');
    let error = ui.model().form().and_then(|f| f.error.clone()).expect("no problem 9");
    assert_eq!(error.field, Some(4), "{error:?}");
    ui.press(KeyCode::Backspace);
    ui.type_text("1");
    ui.ctrl('s');
    assert_eq!(info(&ui), "Goal 1 added.");
    ui.press(KeyCode::Char('c'));
    tab(&mut ui, 1);
    (0..3).for_each(|_| ui.press(KeyCode::Right));
    ui.ctrl('s');
    assert_eq!(info(&ui), "Goal 1 is achieved.");
    ui.press(KeyCode::Char('v'));
    ui.press(KeyCode::Enter);
    assert_eq!(info(&ui), "Care plan reviewed on 2026-11-23.");
    let plan = env.store().care_plan(2).expect("plan");
    assert_eq!((plan.goals[0].problem_id, plan.goals[0].target_on), (Some(1), Some(date("2026-12-21"))));
    assert_eq!(plan.last_reviewed_on, Some(date("2026-11-23")));
}

#[test]
fn client_screen_forms_change_visits_follow_ups_notes_and_the_client() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    ui.press(KeyCode::Char('j'));
    ui.press(KeyCode::Enter);
    ui.press(KeyCode::Char('t'));
    tab(&mut ui, 1);
    (0..2).for_each(|_| ui.press(KeyCode::Right));
    tab(&mut ui, 1);
    (0..3).for_each(|_| ui.press(KeyCode::Right));
    tab(&mut ui, 1);
    ui.type_text("Blue Cab at 13:45");
    ui.press(KeyCode::Enter);
    assert_eq!(info(&ui), "Appointment 1 is confirmed; transport arranged.");

    ui.press(KeyCode::Char('z'));
    tab(&mut ui, 1);
    ui.type_text("+2d");
    tab(&mut ui, 1);
    ui.type_text("Pharmacy closed");
    ui.press(KeyCode::Enter);
    assert_eq!(info(&ui), "Follow-up 1 snoozed until 2026-11-25.");
    ui.press(KeyCode::Char('d'));
    ui.press(KeyCode::Enter);
    assert_eq!(info(&ui), "Follow-up 1 done.");
    ui.press(KeyCode::Char('d'));
    assert_eq!(info(&ui), "No open follow-ups.");

    // The note editor: the body first, then Tab to the minutes (after type,
    // direction and outcome).
    ui.press(KeyCode::Char('n'));
    ui.type_text("Talked through the refill");
    tab(&mut ui, 4);
    ui.press(KeyCode::Backspace);
    ui.type_text("15");
    ui.ctrl('s');
    assert_eq!(info(&ui), "Note 1 saved.");
    assert_eq!(ui.model().screen(), Screen::Client, "saving goes back to the client");
    let note = env.store().note(1).expect("note");
    assert_eq!((note.minutes, note.body.as_str(), note.client_id), (15, "Talked through the refill", 2));

    // An addendum from the Notes tab, shown under its note.
    ui.press(KeyCode::Char('a'));
    tab(&mut ui, 1);
    ui.type_text("Correction: the refill is for 90 days");
    ui.ctrl('s');
    assert_eq!(info(&ui), "Addendum 2 saved.");
    assert_eq!(env.store().note(2).expect("addendum").addendum_of, Some(1));
    ui.press(KeyCode::Tab);
    let notes = ui.screen();
    let (note_line, addendum_line) = (notes.find("Talked through the refill"), notes.find("Correction: the refill"));
    assert!(note_line.is_some() && addendum_line > note_line, "the addendum shows under its note:\n{notes}");
    ui.press(KeyCode::BackTab);

    ui.press(KeyCode::Char('i'));
    tab(&mut ui, 1);
    ui.type_text("Mercy ED");
    tab(&mut ui, 1);
    ui.type_text("-1d");
    ui.ctrl('s');
    assert_eq!(info(&ui), "Encounter 2 added.");

    ui.press(KeyCode::Char('e'));
    tab(&mut ui, 5);
    ui.type_text("555-0142");
    ui.ctrl('s');
    assert_eq!(info(&ui), "Client 2 saved.");
    assert_eq!(env.store().client(2).expect("client").phone.as_deref(), Some("555-0142"));

    ui.press(KeyCode::Char('x'));
    tab(&mut ui, 1);
    ui.type_text("Moved out of the area");
    ui.press(KeyCode::Enter);
    assert_eq!(info(&ui), "Client 2 discharged on 2026-11-23.");
    let client = env.store().client(2).expect("client");
    assert_eq!(
        (client.status, client.discharge_reason.as_deref()),
        (ClientStatus::Discharged, Some("Moved out of the area"))
    );
}

#[test]
fn help_lists_the_form_keys_and_scrolls_when_they_do_not_fit() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    ui.press(KeyCode::Enter);
    ui.press(KeyCode::Char('?'));
    let first = ui.screen();
    assert!(first.contains("Keys: client screen") && first.contains("more below"), "{first}");
    ui.press(KeyCode::Char('G'));
    let last = ui.screen();
    for text in ["Record a care-plan review", "Set a goal's status or target", "Move a referral's status"] {
        assert!(last.contains(text), "help lacks {text:?}: {last}");
    }
    ui.press(KeyCode::Char('x'));
    assert!(
        ui.model().overlay().is_none() && ui.model().form().is_none(),
        "a non-moving key closes help and does nothing else"
    );
}

#[test]
fn a_form_on_a_tiny_terminal_still_draws() {
    let env = caseload();
    for (width, height) in [(20, 5), (3, 2), (80, 3)] {
        let mut ui = Ui::open(&env, width, height, Options::default());
        ui.press(KeyCode::Char('a'));
        ui.type_text("A very long given name that does not fit");
        ui.ctrl('s');
        ui.screen();
    }
}
