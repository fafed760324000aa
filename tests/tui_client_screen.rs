//! The client screen and its forms as a person sees them (issue #14): long
//! notes and the Overview scroll to their end, labels instead of codes, the
//! tabs at 60 columns, the Appointments tab's selection and detail, and the
//! short forms' warnings and questions.

mod common;

use caseload::domain::text;
use caseload::tui::Options;
use caseload::tui::keymap::Screen;
use common::tui::{Ui, caseload, enrolled_with_minutes};
use ratatui::crossterm::event::KeyCode;

/// Opens Ada Quill (client 1) on a tab, found through the caseload filter.
fn open_ada(ui: &mut Ui, tab: usize) {
    ui.press(KeyCode::Char('/'));
    ui.type_text("Quill");
    ui.press(KeyCode::Enter);
    ui.press(KeyCode::Enter);
    assert_eq!(ui.model().screen(), Screen::Client);
    (0..tab).for_each(|_| ui.press(KeyCode::Tab));
}

/// Scrolls the tab to its end, as `G` does, and returns the screen.
fn at_the_end(ui: &mut Ui) -> String {
    ui.screen();
    ui.press(KeyCode::Char('G'));
    ui.screen()
}

#[test]
fn a_long_pasted_note_scrolls_to_its_last_character_and_older_notes_are_reached() {
    let env = caseload();
    env.ok(&["note", "add", "1", "--at", "2026-11-20 10:00", "--body", "The older note about the pharmacy."]);
    let long: String = (0..1000).map(|i| format!("w{i:04}x ")).collect::<String>() + "THE-END";
    assert!(long.len() > 7000);
    env.ok(&["note", "add", "1", "--at", "2026-11-22 10:00", "--body", &long]);
    for (width, height) in [(80, 24), (120, 40)] {
        let mut ui = Ui::open(&env, width, height, Options::default());
        open_ada(&mut ui, 1);
        let screen = at_the_end(&mut ui);
        assert!(screen.contains("The older note about the pharmacy."), "older note unreachable: {screen}");
        ui.press(KeyCode::Char('g'));
        let mut seen = false;
        for _ in 0..80 {
            seen |= ui.screen().contains("THE-END");
            ui.press(KeyCode::PageDown);
        }
        assert!(seen, "the note's end never shown at {width}x{height}");
    }
}

#[test]
fn the_overview_shows_the_hospital_stay_once_and_scrolls_to_its_last_field() {
    let env = caseload();
    let mut ui = Ui::open(&env, 120, 40, Options::default());
    open_ada(&mut ui, 0);
    let whole = ui.screen();
    assert_eq!(whole.matches("Hospital  ").count(), 1, "{whole}");
    assert!(whole.contains("inpatient Lakeview General"), "{whole}");
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    open_ada(&mut ui, 0);
    let end = at_the_end(&mut ui);
    assert!(end.contains("Tags"), "the Overview cannot reach its last field at 80x24: {end}");
}

#[test]
fn the_client_screen_shows_labels_not_codes() {
    let env = caseload();
    env.ok(&["note", "add", "1", "--type", "chart_review", "--outcome", "n_a", "--body", "Read the chart."]);
    env.ok(&["note", "add", "1", "--outcome", "no_answer", "--body", "Rang twice."]);
    env.ok(&["appt", "add", "1", "--at", "2026-11-20 09:00", "--kind", "home_visit", "--status", "scheduled"]);
    env.ok(&["appt", "set", "3", "--status", "no_show"]);
    let mut ui = Ui::open(&env, 120, 40, Options::default());
    open_ada(&mut ui, 1);
    let notes = ui.screen();
    assert!(notes.contains("chart review") && notes.contains("no answer") && notes.contains("n/a"), "{notes}");
    ui.press(KeyCode::Tab);
    let appointments = ui.screen();
    assert!(appointments.contains("home visit") && appointments.contains("no-show"), "{appointments}");
    assert!(appointments.contains("not needed"), "{appointments}");
    for code in ["chart_review", "no_answer", "n_a ", "home_visit", "no_show", "not_needed"] {
        assert!(!notes.contains(code) && !appointments.contains(code), "{code} on screen");
    }
}

#[test]
fn at_60x20_every_tab_is_named_and_the_current_one_marked() {
    let env = caseload();
    let mut ui = Ui::open(&env, 60, 20, Options::default());
    open_ada(&mut ui, 5);
    let screen = ui.screen();
    let tabs = screen.lines().nth(4).expect("tab row");
    for title in ["Overview", "Notes", "Appts", "Follow", "Refs", "[Plan]", "Assess", "Meds", "Contacts"] {
        assert!(tabs.contains(title), "{title} missing from {tabs:?}");
    }
    // Nine tabs: the full titles from 120 columns, the short ones at 80.
    let mut ui = Ui::open(&env, 120, 24, Options::default());
    open_ada(&mut ui, 8);
    let screen = ui.screen();
    let tabs = screen.lines().nth(4).expect("tab row");
    assert!(tabs.contains("Appointments") && tabs.contains("Medications") && tabs.contains("[Contacts]"), "{tabs:?}");
}

#[test]
fn a_joined_emoji_in_a_note_keeps_the_box_border_in_line() {
    let env = caseload();
    let family = "Visit with the family \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} at home; ".repeat(4);
    env.ok(&["note", "add", "1", "--body", &family]);
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    open_ada(&mut ui, 1);
    let screen = ui.screen();
    assert!(screen.contains('\u{1F467}'), "{screen}");
    // Each row of the tab's box ends in its border at the last column, and
    // what is drawn before it is exactly as wide as the box's inside.
    let buffer = ui.terminal.backend().buffer();
    for y in 6..22 {
        assert_eq!(buffer[(79, y)].symbol(), "│", "row {y}: {screen}");
        let drawn: usize = (1..79).map(|x| buffer[(x, y)].symbol()).filter(|s| !s.is_empty()).map(text::width).sum();
        let hidden = (1..79).filter(|&x| text::width(buffer[(x, y)].symbol()) == 2).count();
        assert_eq!(drawn - hidden, 78, "row {y} is not as wide as the box: {screen}");
    }
}

#[test]
fn the_appointments_tab_selects_a_visit_and_shows_where_and_the_ride() {
    let env = caseload();
    env.ok(&[
        "appt",
        "add",
        "1",
        "--at",
        "2026-11-25 11:00",
        "--kind",
        "specialist",
        "--with",
        "Dr. Ray Okafor",
        "--location",
        "Riverside Clinic, 4th floor",
        "--transport",
        "arranged",
        "--transport-details",
        "Metro Ride pick-up 10:15, booking 5521",
    ]);
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    open_ada(&mut ui, 2);
    let first = ui.screen();
    assert!(first.contains("Appointment #2") && first.contains("Northside Lab"), "{first}");
    assert!(first.contains("▸ ") && first.contains("Where"), "{first}");
    ui.press(KeyCode::Char('j'));
    let second = ui.screen();
    assert!(second.contains("Appointment #3"), "{second}");
    assert!(second.contains("Riverside Clinic, 4th floor"), "{second}");
    assert!(second.contains("Metro Ride pick-up 10:15, booking 5521") && second.contains("arranged"), "{second}");
    let marked = second.lines().find(|l| l.contains("▸ ")).expect("a marked row");
    assert!(marked.contains("Dr. Ray Okafor"), "{marked}");
    ui.press(KeyCode::Char('g'));
    assert_eq!(ui.model().selected_appointment(), Some(2));
}

/// The open follow-ups of client `id`, by title.
fn followup_titles(env: &common::Env, id: i64) -> Vec<String> {
    let listed = env.json(&["followup", "list", "--client", &id.to_string()]);
    listed
        .as_array()
        .map(|all| all.iter().filter_map(|f| f["title"].as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

#[test]
fn a_follow_up_due_in_the_past_is_warned_on_its_field_and_saved_on_the_second_save() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    open_ada(&mut ui, 0);
    ui.press(KeyCode::Char('f'));
    ui.type_text("Call back about scale");
    ui.press(KeyCode::Tab);
    ui.type_text("2026-02-28");
    ui.ctrl('s');
    let screen = ui.screen();
    assert!(ui.model().form().is_some(), "the first save only warns");
    assert!(screen.contains("Warning: 2026-02-28 is already past"), "{screen}");
    assert!(screen.contains("Ctrl-S again saves it as it is"), "{screen}");
    assert!(!followup_titles(&env, 1).contains(&"Call back about scale".to_string()), "nothing written yet");
    ui.ctrl('s');
    assert!(ui.model().form().is_none(), "the second save goes ahead");
    assert!(followup_titles(&env, 1).contains(&"Call back about scale".to_string()));
}

#[test]
fn changing_a_warned_date_to_a_future_one_saves_at_once() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    open_ada(&mut ui, 0);
    ui.press(KeyCode::Char('f'));
    ui.type_text("Weigh-in");
    ui.press(KeyCode::Tab);
    ui.type_text("2026-02-28");
    ui.ctrl('s');
    (0..10).for_each(|_| ui.press(KeyCode::Backspace));
    ui.type_text("+3d");
    assert!(!ui.screen().contains("Warning"), "the warning goes with the date it was about");
    ui.ctrl('s');
    assert!(ui.model().form().is_none());
    assert!(followup_titles(&env, 1).contains(&"Weigh-in".to_string()));
}

#[test]
fn esc_in_a_short_form_asks_before_throwing_away_what_was_typed() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    open_ada(&mut ui, 0);
    ui.press(KeyCode::Char('f'));
    ui.press(KeyCode::Esc);
    assert!(ui.model().form().is_none(), "nothing typed: Esc closes at once");
    ui.press(KeyCode::Char('f'));
    ui.type_text("Ring the pharmacy");
    ui.press(KeyCode::Esc);
    let screen = ui.screen();
    assert!(ui.model().form().is_some(), "asked first");
    assert!(screen.contains("Throw away what you typed? y yes"), "{screen}");
    ui.press(KeyCode::Char('n'));
    let form = ui.model().form().expect("back in the form");
    assert_eq!(form.text("title"), "Ring the pharmacy", "the answer is not typed");
    ui.press(KeyCode::Esc);
    ui.press(KeyCode::Char('y'));
    assert!(ui.model().form().is_none(), "y throws it away");
    ui.press(KeyCode::Char('?'));
    let help = ui.screen();
    assert!(!help.contains("Throw away"), "not a form's list here");
    ui.press(KeyCode::Esc);
    ui.press(KeyCode::Char('f'));
    ui.press(KeyCode::F(1));
    let help = ui.screen();
    assert!(help.contains("Throw away what was typed"), "the form's key list names the answer key: {help}");
}

#[test]
fn a_refused_save_keeps_the_focus_and_marks_the_failing_field() {
    let env = caseload();
    for (width, height) in [(80, 24), (60, 20)] {
        let mut ui = Ui::open(&env, width, height, Options::default());
        ui.press(KeyCode::Char('a'));
        ui.type_text("Dana");
        (0..3).for_each(|_| ui.press(KeyCode::Tab));
        ui.type_text("MRN-9");
        ui.ctrl('s');
        let screen = ui.screen();
        let form = ui.model().form().expect("refused, still open");
        assert_eq!(form.focus, 3, "the focus stays on MRN");
        assert!(screen.contains("Not saved: see Family name (marked ✗)"), "{width}x{height}: {screen}");
        assert!(screen.contains("MRN-9"), "the focused field stays in sight at {width}x{height}: {screen}");
        ui.type_text("1");
        let form = ui.model().form().expect("open");
        assert_eq!((form.text("mrn"), form.text("family_name")), ("MRN-91", ""), "typing lands where the user was");
        ui.press(KeyCode::BackTab);
        ui.press(KeyCode::BackTab);
        let screen = ui.screen();
        assert!(screen.contains("✗ Family name:"), "{width}x{height}: {screen}");
        let error = screen.lines().position(|l| l.contains("✗ Family name:")).expect("marked");
        let below = screen.lines().nth(error + 1).unwrap_or_default();
        assert!(below.contains("amily name"), "its error under it, in sight: {screen}");
    }
}

#[test]
fn choices_in_forms_show_labels_not_codes() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    open_ada(&mut ui, 0);
    ui.press(KeyCode::Char('s'));
    (0..2).for_each(|_| ui.press(KeyCode::Tab));
    (0..5).for_each(|_| ui.press(KeyCode::Right));
    let screen = ui.screen();
    assert!(screen.contains("home visit") && screen.contains("not needed"), "{screen}");
    assert!(!screen.contains("home_visit") && !screen.contains("not_needed"), "{screen}");
}

#[test]
fn a_referral_destination_is_chosen_from_the_resource_directory_or_typed() {
    let env = caseload();
    let csv = format!("{}/tests/fixtures/import/resources.csv", env!("CARGO_MANIFEST_DIR"));
    env.ok(&["import", "resources", &csv]);
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    open_ada(&mut ui, 4);
    ui.press(KeyCode::Char('r'));
    (0..4).for_each(|_| ui.press(KeyCode::Tab));
    let screen = ui.screen();
    assert!(screen.contains("Or directory:") && screen.contains("(none: type To)"), "{screen}");
    let mut chosen = String::new();
    for _ in 0..4 {
        ui.press(KeyCode::Right);
        chosen = ui.model().form().expect("open").shown("resource").to_string();
        if chosen == "Paratransit Rides" {
            break;
        }
    }
    assert_eq!(chosen, "Paratransit Rides", "the directory's resources are offered");
    (0..2).for_each(|_| ui.press(KeyCode::BackTab));
    ui.type_text("Rides to dialysis");
    ui.ctrl('s');
    assert!(ui.model().form().is_none(), "{:?}", ui.model().form().map(|f| &f.error));
    let referral = env.store().referral(1).expect("saved");
    assert_eq!(referral.to, "Paratransit Rides", "To left blank: the resource names it");
    assert!(referral.resource_id.is_some());
    // Free text still works, with no resource chosen.
    ui.press(KeyCode::Char('r'));
    ui.type_text("Dr. Lee's office");
    (0..2).for_each(|_| ui.press(KeyCode::Tab));
    ui.type_text("Second opinion");
    ui.ctrl('s');
    let referral = env.store().referral(2).expect("saved");
    assert_eq!((referral.to.as_str(), referral.resource_id), ("Dr. Lee's office", None));
}

#[test]
fn the_overview_shows_this_months_minutes_against_each_programs_next_threshold() {
    let env = caseload();
    enrolled_with_minutes(&env, &["ccm", "bhi"]);
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    open_ada(&mut ui, 0);
    let screen = ui.screen();
    assert!(screen.contains("This month        CCM 14/20 min · BHI 5/20 min"), "{screen}");
}

/// A program reads as people write it ("CCM"), in the caseload list and the
/// client's header, not as its stored word ("ccm").
#[test]
fn programs_read_as_their_abbreviations_in_the_list_and_the_header() {
    let env = caseload();
    enrolled_with_minutes(&env, &["ccm", "bhi"]);
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    let list = ui.screen();
    let ada = list.lines().find(|line| line.contains("Quill, Ada")).expect("Ada's row");
    assert!(ada.contains(" CCM ") && !ada.contains("ccm"), "{ada}");
    open_ada(&mut ui, 0);
    let header = ui.screen();
    assert!(header.contains(" risk · CCM · active"), "{header}");
}
