//! Surprises of walking the demo (issue #14): words instead of codes and
//! "(s)", names with room in Today, wrapped details under their text, the
//! alert detail at 60x20. TestBackend frames through the real update loop.

mod common;

use caseload::domain::alerts::AlertKind;
use caseload::tui::Options;
use chrono::Days;
use common::Env;
use common::tui::{Ui, caseload};
use ratatui::crossterm::event::KeyCode;

/// Opens the client whose name matches `filter` from the caseload.
fn open(ui: &mut Ui, filter: &str) {
    ui.press(KeyCode::Char('/'));
    ui.type_text(filter);
    ui.press(KeyCode::Enter);
    ui.press(KeyCode::Enter);
}

#[test]
fn a_refused_status_change_says_it_in_words_not_codes() {
    let env = caseload();
    let mut ui = Ui::open(&env, 120, 40, Options::default());
    ui.press(KeyCode::Char('2'));
    // Ada's lab at 10:15 has not started at 09:00: it cannot be a no-show yet.
    ui.press(KeyCode::Char('N'));
    let status = ui.screen().lines().last().unwrap_or_default().to_string();
    assert!(status.contains("so it cannot be no-show"), "{status}");
    assert!(!status.contains("no_show"), "{status}");
    let refused = env.store().snooze_alert(
        2,
        AlertKind::FollowupDue,
        None,
        common::today() + Days::new(3),
        "away",
        common::today(),
    );
    let error = refused.expect_err("a follow-up alert needs its subject").to_string();
    assert!(error.contains("a follow-up due alert is about one record"), "{error}");
    let (_, stderr) =
        env.fails(&["alerts", "snooze", "2", "followup_due", "--subject", "9", "--until", "+3d", "--reason", "away"]);
    assert!(stderr.contains("no current follow-up due alert about record 9"), "{stderr}");
}

#[test]
fn the_appointment_form_names_its_choices_in_words() {
    let env = caseload();
    env.ok(&["appt", "add", "2", "--at", "tomorrow 9:00", "--kind", "home_visit"]);
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    open(&mut ui, "ortiz");
    ui.press(KeyCode::Char('t'));
    ui.press(KeyCode::Right);
    let screen = ui.screen();
    assert!(screen.contains("home visit scheduled"), "{screen}");
    assert!(!screen.contains("home_visit"), "{screen}");
}

#[test]
fn one_alert_is_one_alert_on_the_client_screen_and_in_the_cli() {
    let env = Env::new();
    // Enrolled today, reached and screened for social needs (none) today: only the follow-up is due.
    let client = env.ok(&["client", "add", "--given-name", "Ada", "--family-name", "Quill"]).trim().to_string();
    env.ok(&["note", "add", &client, "--type", "phone", "--outcome", "reached", "--body", "Called."]);
    env.ok(&["assess", &client, "hrsn", "--answers", "0,0,0,0,0,0,1,1,1,1"]);
    env.ok(&["followup", "add", &client, "--due", "today", "--title", "Call back"]);
    let listed = env.ok(&["alerts"]);
    assert!(listed.contains("\n1 alert for casey's caseload"), "{listed}");
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    open(&mut ui, "quill");
    let screen = ui.screen();
    assert!(screen.contains("coordinator casey · 1 alert") && !screen.contains("alert(s)"), "{screen}");
}

#[test]
fn the_today_pane_gives_names_the_room_at_120_columns() {
    let env = Env::new();
    let long = env.add_client("Wenceslao", "Lorimer", caseload::domain::client::Risk::Low).to_string();
    env.ok(&["appt", "add", &long, "--at", "today 14:30", "--kind", "specialist", "--with", "Dr. Imani Falk"]);
    env.ok(&["appt", "set", "1", "--transport", "needed"]);
    let mut ui = Ui::open(&env, 120, 40, Options::default());
    let screen = ui.screen();
    let row = screen.lines().find(|line| line.contains("14:30")).expect("today's row");
    assert!(row.contains("14:30 Lorimer, Wenceslao"), "{screen}");
    assert!(row.contains("NEEDED") && row.contains("scheduled"), "{row}");
    // At 80 columns (stacked) there is room for whom the visit is with too.
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    ui.press(KeyCode::Char('2'));
    let screen = ui.screen();
    let row = screen.lines().find(|line| line.contains("14:30")).expect("today's row");
    assert!(row.contains("Lorimer, Wenceslao") && row.contains("Dr. Imani Falk"), "{screen}");
}

#[test]
fn wrapped_lines_of_the_appointment_detail_go_on_under_their_text() {
    let env = caseload();
    let details = "Blue Cab 555-0100, pick up at the side door on Maple Street, wheelchair ramp needed, call first";
    env.ok(&["appt", "set", "1", "--transport", "arranged", "--transport-details", details]);
    let mut ui = Ui::open(&env, 60, 20, Options::default());
    ui.press(KeyCode::Char('2'));
    ui.press(KeyCode::Char('j'));
    ui.press(KeyCode::Enter);
    let screen = ui.screen();
    let lines: Vec<&str> = screen.lines().collect();
    let at = lines.iter().position(|l| l.contains("Ride details")).unwrap_or_else(|| panic!("{screen}"));
    let next = lines[at + 1];
    // Inside the border, the continuation starts in the value's column (18).
    assert!(next.starts_with(&format!("│{}", " ".repeat(18))), "{screen}");
    assert!(!next[next.len().min(4)..].trim_start().is_empty(), "{screen}");
    assert!(!next.chars().nth(19).is_some_and(char::is_whitespace), "{screen}");
    // The list's rows go on under their text, past the marker.
    let row = lines.iter().position(|l| l.contains("▸ ")).unwrap_or_else(|| panic!("{screen}"));
    assert!(lines[row + 1].starts_with("│  ") && !lines[row + 1].starts_with("│   "), "{screen}");
}

#[test]
fn the_alert_detail_fits_at_60x20() {
    let env = caseload();
    let mut ui = Ui::open(&env, 60, 20, Options::default());
    ui.press(KeyCode::Char('3'));
    let screen = ui.screen();
    let alert = ui.model().selected_alert().expect("the first alert").clone();
    // The message whole, over as many lines as it takes, under the list.
    let words: Vec<&str> = alert.message.split_whitespace().collect();
    let detail: String = screen.lines().skip_while(|l| !l.contains("· due ")).collect::<Vec<_>>().join(" ");
    assert!(!detail.is_empty(), "the detail shows: {screen}");
    for word in words {
        assert!(detail.contains(word), "{word:?} of {:?} is shown: {screen}", alert.message);
    }
    assert!(detail.contains(alert.kind.label()) || screen.contains(alert.kind.label()), "{screen}");
    // And the list keeps rows above it, the other panes a row each at least.
    assert!(screen.contains("CRIT 3d late") && screen.contains("1 Caseload") && screen.contains("2 Today"), "{screen}");
}

#[test]
fn wide_alerts_show_longer_names_whole() {
    let env = Env::new();
    let id =
        env.ok(&["client", "add", "--given-name", "Irving", "--family-name", "Kettering", "--preferred-name", "Hiro"]);
    env.ok(&["followup", "add", id.trim(), "--due", "today", "--title", "Call back"]);
    let mut ui = Ui::open(&env, 120, 40, Options::default());
    let screen = ui.screen();
    let row = screen.lines().find(|l| l.contains("Call back")).unwrap_or_else(|| panic!("{screen}"));
    assert!(row.contains("Kettering, Irving (Hiro)"), "{screen}");
    // At 80 columns the message keeps the room.
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    let screen = ui.screen();
    let row = screen.lines().find(|l| l.contains("Call back")).unwrap_or_else(|| panic!("{screen}"));
    assert!(row.contains("Kettering, Irving (H "), "{screen}");
}

#[test]
fn a_contact_without_an_organization_has_no_double_space() {
    let env = caseload();
    env.ok(&[
        "contact",
        "add",
        "2",
        "--name",
        "Bao Ortiz",
        "--relationship",
        "caregiver",
        "--phone",
        "555-0199",
        "--may-share",
    ]);
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    open(&mut ui, "ortiz");
    ui.press(KeyCode::Char('h'));
    let screen = ui.screen();
    assert!(screen.contains("caregiver     555-0199 · may share"), "{screen}");
}

#[test]
fn an_empty_date_field_says_what_it_takes() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    ui.press(KeyCode::Char('3'));
    ui.press(KeyCode::Char('z'));
    let screen = ui.screen();
    assert!(screen.contains("Until:      e.g. friday, +3d, +2w, 2026-12-01"), "{screen}");
    ui.type_text("friday");
    assert!(ui.screen().contains("friday  = Fri 27 Nov 2026"), "{}", ui.screen());
}
