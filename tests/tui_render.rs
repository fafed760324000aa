//! The interface as a person sees it: rendered into ratatui's TestBackend at
//! 80x24 and 120x40, driven by key presses through the real update loop.

mod common;

use caseload::tui::Options;
use caseload::tui::keymap::Screen;
use common::Env;
use common::tui::{Ui, caseload};
use ratatui::crossterm::event::KeyCode;

#[test]
fn the_main_screen_at_80x24_shows_every_pane_and_the_status_line() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    let screen = ui.screen();
    assert!(screen.contains("1 Caseload (3)"), "{screen}");
    assert!(screen.contains("2 Today (2)") && screen.contains("3 Alerts ("), "{screen}");
    // Triage order: Ada (late transitional care) first, then Ben, then Cora.
    let ada = screen.find("Quill, Ada").expect("Ada shown");
    let ben = screen.find("Ortiz, Ben").expect("Ben shown");
    let cora = screen.find("Lind, Cora").expect("Cora shown");
    assert!(ada < ben && ben < cora, "{screen}");
    assert!(screen.contains("CRIT"), "{screen}");
    assert!(screen.contains("10:15") && screen.contains("14:30") && screen.contains("Dr. Imani Falk"), "{screen}");
    assert!(!screen.contains("Zed"), "a colleague's client is not in my caseload: {screen}");
    let status = screen.lines().last().expect("status line");
    assert!(
        status.contains("casey") && status.contains("caseload.db") && status.contains("Mon 23 Nov 09:00"),
        "{status}"
    );
    assert!(status.contains("? help") && status.contains("q quit"), "{status}");
    assert!(screen.lines().all(|line| line.chars().count() <= 80));
}

#[test]
fn a_wide_terminal_puts_the_caseload_beside_today_and_alerts() {
    let env = caseload();
    let mut ui = Ui::open(&env, 120, 40, Options::default());
    let screen = ui.screen();
    let first = screen.lines().next().expect("top line");
    assert!(first.contains("1 Caseload") && first.contains("2 Today"), "{screen}");
    let alerts = screen.lines().find(|l| l.contains("3 Alerts")).expect("alerts pane");
    assert!(alerts.starts_with("╭ 3 Alerts"), "alerts span the whole width: {screen}");
    assert!(screen.contains("Call pharmacy about refill") && screen.contains("Ortiz, Ben"), "{screen}");
    assert!(screen.contains("NEEDED"), "the 14:30 visit still needs a ride: {screen}");
}

#[test]
fn help_lists_every_key_of_the_screen_from_the_key_map() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    ui.press(KeyCode::Char('?'));
    let screen = ui.screen();
    assert!(screen.contains("Keys: main screen"), "{screen}");
    for text in ["Filter the list", "Open the selected client", "Next pane", "Quit caseload", "Shift-Tab"] {
        assert!(screen.contains(text), "help lacks {text:?}: {screen}");
    }
    ui.press(KeyCode::Char('x'));
    assert!(!ui.screen().contains("Keys: main screen"), "any key closes help");
}

#[test]
fn filtering_narrows_the_focused_list_and_esc_clears_it() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    ui.press(KeyCode::Char('/'));
    ui.type_text("ortz");
    let screen = ui.screen();
    assert!(screen.contains("(1 of 3) /ortz_"), "{screen}");
    let caseload_pane: String = screen.lines().take(6).collect();
    assert!(caseload_pane.contains("Ortiz, Ben") && !caseload_pane.contains("Lind, Cora"), "{screen}");
    ui.press(KeyCode::Enter);
    assert!(ui.screen().contains("(1 of 3) /ortz "), "Enter keeps the filter");
    ui.press(KeyCode::Esc);
    let screen = ui.screen();
    assert!(screen.contains("1 Caseload (3)") && screen.contains("Lind, Cora"), "{screen}");
}

#[test]
fn moving_and_switching_panes_follow_the_keys() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    ui.press(KeyCode::Char('j'));
    assert_eq!(ui.model().selected_client(), Some(2), "second in triage order is Ben (id 2)");
    ui.press(KeyCode::Char('G'));
    assert_eq!(ui.model().selected_client(), Some(3));
    ui.press(KeyCode::Char('g'));
    assert_eq!(ui.model().selected_client(), Some(1));
    ui.press(KeyCode::Char('2'));
    assert_eq!(ui.model().selected_client(), Some(1), "the 10:15 lab is Ada's");
    ui.press(KeyCode::Down);
    assert_eq!(ui.model().selected_client(), Some(2));
    ui.press(KeyCode::Tab);
    assert_eq!(ui.model().focus(), caseload::tui::model::Pane::Alerts);
    ui.press(KeyCode::BackTab);
    assert_eq!(ui.model().focus(), caseload::tui::model::Pane::Today);
}

#[test]
fn enter_opens_the_selected_client_and_audits_the_view() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    ui.press(KeyCode::Char('j'));
    ui.press(KeyCode::Enter);
    assert_eq!(ui.model().screen(), Screen::Client);
    assert_eq!(ui.model().open_client().map(|view| view.client.id), Some(2));
    let views = env
        .store()
        .audit_entries(&caseload::store::audit::AuditFilter { client_id: Some(2), ..Default::default() })
        .expect("audit")
        .into_iter()
        .filter(|entry| entry.action == caseload::store::AuditAction::View)
        .count();
    assert_eq!(views, 1);
    ui.press(KeyCode::Esc);
    assert_eq!(ui.model().screen(), Screen::Main);
}

#[test]
fn the_redacted_view_shows_initials_only() {
    let env = caseload();
    let mut ui = Ui::open(&env, 120, 40, Options { redact: true, ..Options::default() });
    let screen = ui.screen();
    assert!(screen.contains("A.Q.") && screen.contains("B.O."), "{screen}");
    for name in ["Quill", "Ortiz", "Lind", "Ada", "Cora"] {
        assert!(!screen.contains(name), "{name} shown while redacted: {screen}");
    }
}

#[test]
fn the_redacted_client_screen_turns_names_in_notes_into_initials() {
    let env = caseload();
    env.ok(&["note", "add", "1", "--at", "-5d 10:00", "--body", "Ada Quill says her daughter drives."]);
    let mut ui = Ui::open(&env, 80, 24, Options { redact: true, ..Options::default() });
    ui.press(KeyCode::Char('/'));
    ui.type_text("quill");
    ui.press(KeyCode::Enter);
    ui.press(KeyCode::Enter);
    ui.press(KeyCode::Tab);
    let notes = ui.screen();
    assert!(notes.contains("A. Q. says her daughter drives."), "{notes}");
    assert!(!notes.contains("Quill") && !notes.contains("Ada"), "{notes}");
}

#[test]
fn a_first_run_says_how_to_begin() {
    let env = Env::new();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    let screen = ui.screen();
    assert!(screen.contains("caseload client add") && screen.contains("caseload --demo"), "{screen}");
    assert!(screen.contains("No appointments today.") && screen.contains("Nothing is due"), "{screen}");
    use std::os::unix::fs::PermissionsExt;
    for created in [&env.config, &env.db] {
        let mode = std::fs::metadata(created).expect("created on first run").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", created.display());
    }
}

#[test]
fn the_client_screen_shows_the_header_every_tab_and_notes_with_addenda() {
    let env = caseload();
    env.ok(&["note", "add", "1", "--at", "-5d 10:00", "--minutes", "12", "--body", "Reviewed meds. BP 128/82."]);
    env.ok(&["note", "amend", "1", "--body", "Correction: BP was 138/82."]);
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    ui.press(KeyCode::Char('/'));
    ui.type_text("quill");
    ui.press(KeyCode::Enter);
    ui.press(KeyCode::Enter);
    let screen = ui.screen();
    assert!(screen.contains("Quill, Ada") && screen.contains("high risk"), "{screen}");
    // Care plan review, the unconfirmed lab, the TCM visit, the social-needs screening never
    // taken, and the medications not yet reconciled after the stay.
    assert!(screen.contains("coordinator casey") && screen.contains("· 5 alerts"), "{screen}");
    for tab in ["Overview", "Notes", "Appts", "Follow-ups", "Referrals", "Plan", "Assess", "Meds", "Contacts"] {
        assert!(screen.contains(tab), "tab {tab} not shown at 80 columns: {screen}");
    }
    assert!(screen.contains("Lakeview General"), "the overview lists the hospital stay: {screen}");
    ui.press(KeyCode::Tab);
    let notes = ui.screen();
    let note = notes.find("Reviewed meds.").expect("note shown");
    let addendum = notes.find("↳ addendum").expect("addendum shown");
    assert!(note < addendum && notes.contains("Correction: BP was 138/82."), "{notes}");
    ui.press(KeyCode::Esc);
    assert!(ui.screen().contains("(1 of 3) /quill"), "Esc returns to the main screen as it was");
}

#[test]
fn ascii_mode_draws_without_box_drawing_characters() {
    let env = caseload();
    let mut config = caseload::config::Config::default();
    config.ui.ascii = true;
    let mut ui = Ui::open_with(&env, config, 80, 24, Options::default());
    let screen = ui.screen();
    assert!(screen.starts_with("+ > 1 Caseload"), "the focus marker in ASCII too: {screen}");
    let outside_ascii: Vec<char> = screen.chars().filter(|c| !c.is_ascii() && *c != '·').collect();
    assert!(outside_ascii.is_empty(), "{outside_ascii:?} in {screen}");
}

#[test]
fn without_colour_severity_still_reads_from_its_label() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options { no_color: true, ..Options::default() });
    ui.screen();
    let buffer = ui.terminal.backend().buffer().clone();
    let coloured = buffer
        .content
        .iter()
        .any(|cell| cell.fg != ratatui::style::Color::Reset || cell.bg != ratatui::style::Color::Reset);
    assert!(!coloured, "NO_COLOR draws no colour at all");
    let screen = ui.screen();
    assert!(screen.contains("CRIT") && screen.contains("HIGH"), "{screen}");
}
