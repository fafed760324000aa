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

/// The line of the screen holding `text` (the first one).
fn line_with<'a>(screen: &'a str, text: &str) -> &'a str {
    screen.lines().find(|line| line.contains(text)).unwrap_or_else(|| panic!("no {text:?} in {screen}"))
}

#[test]
fn the_selected_alert_shows_whole_with_its_kind_and_alerts_filter_by_kind() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    ui.press(KeyCode::Char('3'));
    let mut screen = ui.screen();
    for _ in 0..14 {
        if screen.contains("follow-up due only") {
            break;
        }
        ui.press(KeyCode::Char('K'));
        screen = ui.screen();
    }
    assert!(screen.contains("3 Alerts · follow-up due only (1 of "), "{screen}");
    assert!(screen.contains("follow-up due · Ortiz, Ben · due"), "the kind as a label, not a code: {screen}");
    assert!(screen.contains("Call pharmacy about refill"), "{screen}");
    assert!(!screen.contains("followup_due"), "{screen}");
    assert!(screen.lines().all(|line| caseload::domain::text::width(line) <= 80), "{screen}");
    // After the last kind, every kind again.
    for _ in 0..14 {
        ui.press(KeyCode::Char('K'));
        if ui.model().alert_kind().is_none() {
            break;
        }
    }
    let screen = ui.screen();
    assert!(status(&screen).contains("Showing every kind of alert."), "{screen}");
    assert!(!screen.contains(" only ("), "{screen}");
}

#[test]
fn today_keys_set_status_and_transport_and_show_labels() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    ui.press(KeyCode::Char('2'));
    ui.press(KeyCode::Char('c'));
    let screen = ui.screen();
    assert!(line_with(&screen, "10:15").contains("confirmed"), "{screen}");
    assert!(status(&screen).contains("is confirmed; transport not needed."), "labels, not codes: {screen}");
    ui.press(KeyCode::Char('R'));
    assert!(line_with(&ui.screen(), "10:15").contains("NEEDED"));
    ui.press(KeyCode::Char('A'));
    assert!(line_with(&ui.screen(), "10:15").contains("arranged"));
    // A visit that has not begun cannot be a no-show: the store says so and nothing changes.
    ui.press(KeyCode::Char('N'));
    let screen = ui.screen();
    assert!(status(&screen).contains("has not started yet"), "{screen}");
    assert!(line_with(&screen, "10:15").contains("confirmed"), "{screen}");
    // Cancelling asks first (tests/tui_discharge.rs); y cancels.
    ui.press(KeyCode::Char('X'));
    ui.press(KeyCode::Char('y'));
    let screen = ui.screen();
    assert!(!screen.contains("10:15") && screen.contains("2 Today (1)"), "cancelled visits leave Today: {screen}");
    // Outside the Today pane the keys say where they work.
    ui.press(KeyCode::Char('1'));
    ui.press(KeyCode::Char('c'));
    assert!(status(&ui.screen()).contains("Select an appointment in the Today pane (2) first."));
}

#[test]
fn enter_in_today_opens_the_client_on_the_appointments_tab_at_that_appointment() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    ui.press(KeyCode::Char('2'));
    ui.press(KeyCode::Char('j'));
    let wanted = ui.model().selected_today().expect("a visit selected").appointment.id;
    ui.press(KeyCode::Enter);
    let screen = ui.screen();
    assert!(screen.contains("Ortiz, Ben"), "{screen}");
    assert_eq!(ui.model().client_tab(), caseload::tui::model::APPOINTMENTS_TAB);
    assert_eq!(ui.model().client_appointment(), Some(wanted));
    // Opening from the caseload still starts on the overview.
    ui.press(KeyCode::Esc);
    ui.press(KeyCode::Char('1'));
    ui.press(KeyCode::Enter);
    assert_eq!(ui.model().client_tab(), 0);
}

#[test]
fn the_focus_shows_without_colour_and_help_lists_the_new_keys() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options { no_color: true, ..Options::default() });
    let screen = ui.screen();
    assert!(screen.contains("▶ 1 Caseload") && !screen.contains("▶ 2 Today"), "{screen}");
    ui.press(KeyCode::Tab);
    let screen = ui.screen();
    assert!(screen.contains("▶ 2 Today") && !screen.contains("▶ 1 Caseload"), "{screen}");
    ui.press(KeyCode::Char('?'));
    let mut help = ui.screen();
    for _ in 0..6 {
        ui.press(KeyCode::PageDown);
        help.push_str(&ui.screen());
    }
    for text in [
        "Alerts: show one kind",
        "Today: mark the appointment confirmed",
        "Today: mark the appointment completed",
        "Today: mark the appointment a no-show",
        "Today or the Appointments tab: cancel the selected",
        "Today: the appointment needs a ride",
        "Today: the ride is arranged",
        "Snoozed alerts: the list, and ending a snooze",
        "In the snoozed alerts: end the selected snooze today",
    ] {
        assert!(help.contains(text), "help lacks {text:?}: {help}");
    }
}

#[test]
fn an_unfocused_today_shows_four_visits_at_80x24_and_the_caseload_its_last_contact() {
    let env = caseload();
    // Ada, Ben and Cora are clients 1, 2 and 3.
    let ben = "2";
    for at in ["today 11:00", "today 12:00", "today 13:00"] {
        env.ok(&["appt", "add", ben, "--at", at, "--kind", "home_visit"]);
    }
    env.ok(&["note", "add", "3", "--at", "2026-11-20 10:00", "--body", "Synthetic call", "--outcome", "reached"]);
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    let screen = ui.screen();
    let visits = screen.lines().filter(|line| line.contains("│1") && line.contains(':')).count();
    assert!(visits >= 4, "{screen}");
    assert!(screen.contains("home visit") && !screen.contains("home_visit"), "{screen}");
    assert!(line_with(&screen, "CLIENT").contains("CONTACT"), "{screen}");
    assert!(line_with(&screen, "Lind, Cora").contains("20 Nov"), "{screen}");
    assert!(line_with(&screen, "Quill, Ada").contains("never"), "{screen}");
}

#[test]
fn the_team_view_tells_two_clients_of_one_name_apart_by_coordinator() {
    let env = Env::new();
    env.add_client("Pedro", "Nakamura", Risk::Medium);
    let mut theirs = common::blank_client();
    theirs.coordinator = "morgan".into();
    theirs.given_name = "Pedro".into();
    theirs.family_name = "Nakamura".into();
    env.store().add_client(theirs, common::today()).expect("colleague's client");
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    assert!(!ui.screen().contains("COORD"), "one coordinator's caseload needs no column");
    ui.press(KeyCode::Char('T'));
    let screen = ui.screen();
    assert!(line_with(&screen, "CLIENT").contains("COORD"), "{screen}");
    let rows: Vec<&str> = screen.lines().take(6).filter(|line| line.contains("Nakamura, Pedro")).collect();
    assert_eq!(rows.len(), 2, "{screen}");
    assert!(rows.iter().any(|r| r.contains("casey")) && rows.iter().any(|r| r.contains("morgan")), "{screen}");
}

#[test]
fn snoozed_alerts_are_listed_and_ending_one_brings_its_alert_back_today() {
    let env = caseload();
    // Cora (client 3) has only her contact-cadence alert and an overdue care plan review.
    env.ok(&["alerts", "snooze", "3", "contact_cadence", "--until", "+5d", "--reason", "Synthetic reason"]);
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    let count = |ui: &mut Ui| ui.model().alerts().iter().filter(|a| a.client_id == 3).count();
    let hidden = count(&mut ui);
    ui.press(KeyCode::Char('Z'));
    let screen = ui.screen();
    assert!(screen.contains("Snoozed alerts (1)"), "{screen}");
    let row = line_with(&screen, "until ");
    assert!(
        row.contains("Sat 28 Nov") && row.contains("Lind, Cora") && row.contains("contact cadence"),
        "the kind as a label: {screen}"
    );
    assert!(row.contains("Synthetic reason") && row.contains("by casey"), "{screen}");
    assert!(screen.contains("u end the snooze today"), "{screen}");
    ui.press(KeyCode::Char('u'));
    let screen = ui.screen();
    assert!(screen.contains("Snoozed alerts (0)") && screen.contains("No alert is snoozed"), "{screen}");
    assert!(status(&screen).contains("Snooze ended today"), "{screen}");
    assert_eq!(count(&mut ui), hidden + 1, "the alert shows again");
    // Not deleted: the snooze stays on record, ended today, and the change is audited.
    let store = env.store();
    assert!(store.active_snoozes(None, common::today()).expect("snoozes").is_empty());
    let audit = env.ok(&["audit", "--format", "csv"]);
    assert!(audit.contains("snooze ended on 2026-11-23"), "{audit}");
    ui.press(KeyCode::Esc);
    assert!(!ui.screen().contains("Snoozed alerts"));
}

#[test]
fn a_page_in_the_alerts_pane_is_the_rows_it_shows_above_the_detail() {
    let env = many_clients(30);
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    ui.press(KeyCode::Char('3'));
    let screen = ui.screen();
    let shown = screen.lines().filter(|line| line.starts_with("│HIGH") && line.contains("No contact since")).count();
    assert!(shown >= 3, "{screen}");
    ui.press(KeyCode::PageDown);
    assert_eq!(ui.model().list(caseload::tui::model::Pane::Alerts).selected, shown, "{screen}");
}
