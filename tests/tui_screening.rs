//! Giving a screening from the client screen and seeing change (issue #16
//! items 2-4): a PHQ-9 given key by key at 80x24 with each item's wording on
//! screen, Backspace correcting an answer, the summary's total, band and
//! safety instructions, the Assessments tab's trend and sparkline; the PHQ-9
//! offered after a positive PHQ-2, the referral form after an HRSN need; the
//! new key in `?` and remappable.

mod common;

use caseload::config::Config;
use caseload::domain::screening::Instrument;
use caseload::tui::Options;
use caseload::tui::keymap::Screen;
use common::tui::{Ui, caseload};
use ratatui::crossterm::event::KeyCode;

/// Opens Ada Quill (client 1) through the caseload filter.
fn open_ada(ui: &mut Ui) {
    ui.press(KeyCode::Char('/'));
    ui.type_text("Quill");
    ui.press(KeyCode::Enter);
    ui.press(KeyCode::Enter);
    assert_eq!(ui.model().screen(), Screen::Client);
}

fn press_digits(ui: &mut Ui, digits: &str) {
    digits.chars().for_each(|d| ui.press(KeyCode::Char(d)));
}

/// casey's recorded screenings of Ada: (instrument, answers).
fn recorded(env: &common::Env) -> Vec<(Instrument, Vec<u8>)> {
    env.store().assessments(1).expect("assessments").into_iter().map(|a| (a.instrument, a.answers)).collect()
}

#[test]
fn a_phq9_given_key_by_key_at_80x24_shows_each_item_the_total_the_band_and_the_sparkline() {
    let env = caseload();
    // Two earlier PHQ-9s: 18 in September, 11 in October.
    env.ok(&["assess", "1", "phq9", "--answers", "3,3,2,2,2,2,2,1,1", "--at", "2026-09-01 10:00"]);
    env.ok(&["assess", "1", "phq9", "--answers", "2,2,2,1,1,1,1,1,0", "--at", "2026-10-01 10:00"]);
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    open_ada(&mut ui);
    ui.press(KeyCode::Char('S'));
    let list = ui.screen();
    assert!(list.contains("Which screening?") && list.contains("Patient Health Questionnaire-9"), "{list}");
    ui.press(KeyCode::Char('2'));
    // Item by item: its wording and its answers in words, then a number answers it.
    let answers = "110110101";
    for (index, item) in Instrument::Phq9.items().iter().enumerate() {
        let screen = ui.screen();
        assert!(screen.contains(&format!("Item {} of 9", item.number)), "item {}:\n{screen}", item.number);
        let start: String = item.wording.chars().take(30).collect();
        assert!(screen.contains(&start), "the wording of item {} is shown:\n{screen}", item.number);
        assert!(screen.contains("0  Not at all") && screen.contains("3  Nearly every day"), "{screen}");
        if index == 3 {
            // A wrong answer first, taken back with Backspace.
            ui.press(KeyCode::Char('3'));
            assert!(ui.screen().contains("Item 5 of 9"));
            ui.press(KeyCode::Backspace);
            assert!(ui.screen().contains("Item 4 of 9"), "Backspace goes back one item");
        }
        // Not an answer of this item: nothing moves.
        ui.press(KeyCode::Char('7'));
        assert!(ui.screen().contains(&format!("Item {} of 9", item.number)));
        ui.press(KeyCode::Char(answers.as_bytes()[index] as char));
    }
    let summary = ui.screen();
    assert!(summary.contains("Total 6 of 27 · mild"), "{summary}");
    assert!(summary.contains("Answers  1:1 2:1 3:0 4:1 5:1 6:0 7:1 8:0 9:1"), "{summary}");
    assert!(summary.contains("Positive: item 9 (self-harm)"), "{summary}");
    assert!(summary.contains("Ask about thoughts of self-harm now"), "the safety instructions:\n{summary}");
    assert!(summary.contains("Given by phone"), "{summary}");
    ui.press(KeyCode::Tab);
    assert!(ui.screen().contains("Given by video"), "Tab changes how it was given");
    ui.press(KeyCode::Tab);
    ui.press(KeyCode::Tab);
    ui.press(KeyCode::Tab);
    assert!(recorded(&env).len() == 2, "nothing is written before the save");
    ui.press(KeyCode::Enter);
    // Saved: item 9 keeps the instructions on screen until it is closed.
    let saved = ui.screen();
    assert!(saved.contains("Saved: PHQ-9 6 · mild.") && saved.contains("call 988 or 911"), "{saved}");
    ui.press(KeyCode::Enter);
    assert!(ui.model().administering().is_none());
    assert_eq!(recorded(&env).last(), Some(&(Instrument::Phq9, vec![1, 1, 0, 1, 1, 0, 1, 0, 1])));
    let mode = env.store().assessments(1).expect("assessments").last().map(|a| a.mode.as_str());
    assert_eq!(mode, Some("phone"), "Tab went round to phone again");
    let audit = env.json(&["audit", "--client", "1", "--limit", "0"]);
    let created = audit
        .as_array()
        .expect("rows")
        .iter()
        .filter(|row| row["entity"] == "assessment" && row["action"] == "create")
        .count();
    assert_eq!(created, 3, "each save writes its audit row: {audit}");
    // The Assessments tab: the trend in words, the latest band, the chart, the history.
    let tab = ui.screen();
    assert!(tab.contains("[Assess]"), "the tab shows the saved screening:\n{tab}");
    assert!(tab.contains("PHQ-9 18 → 11 → 6: response"), "{tab}");
    assert!(tab.contains("Latest: 6 · mild"), "{tab}");
    assert!(tab.contains("Item 9 above 0: Ask about thoughts of self-harm now"), "{tab}");
    // 18, 11 and 6 of 27 over two rows: the first reaches the upper row.
    assert!(tab.contains("  ▂ \n") || tab.contains("│  ▂"), "the sparkline's upper row:\n{tab}");
    assert!(tab.contains("│  █▆▃"), "the sparkline, oldest first:\n{tab}");
    assert!(tab.contains("2026-09-01") && tab.contains("moderately severe"), "{tab}");
}

#[test]
fn the_tabs_fit_at_80_and_60_columns_with_the_assessments_tab() {
    let env = caseload();
    for (width, titles) in
        [(80, ["Appts", "Follow-ups", "Assess", "Contacts"]), (60, ["Appts", "Follow", "Assess", "Contacts"])]
    {
        let mut ui = Ui::open(&env, width, 24, Options::default());
        open_ada(&mut ui);
        let screen = ui.screen();
        let tabs = screen.lines().nth(4).expect("tab row");
        for title in titles {
            assert!(tabs.contains(title), "{title} missing at {width}: {tabs:?}");
        }
    }
    let mut ui = Ui::open(&env, 120, 30, Options::default());
    open_ada(&mut ui);
    (0..6).for_each(|_| ui.press(KeyCode::Tab));
    let screen = ui.screen();
    assert!(screen.lines().nth(4).expect("tabs").contains("[Assessments]"), "{screen}");
    assert!(screen.contains("No assessments yet."), "{screen}");
}

#[test]
fn a_positive_phq2_offers_the_phq9_with_its_two_answers_carried_over() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    open_ada(&mut ui);
    ui.press(KeyCode::Char('S'));
    press_digits(&mut ui, "123");
    ui.press(KeyCode::Enter);
    let offer = ui.screen();
    assert!(offer.contains("Saved: PHQ-2 5 · positive.") && offer.contains("y gives the PHQ-9 now"), "{offer}");
    ui.press(KeyCode::Char('y'));
    let item = ui.screen();
    assert!(item.contains("PHQ-9 · Quill, Ada") && item.contains("Item 3 of 9"), "{item}");
    press_digits(&mut ui, "0000000");
    ui.press(KeyCode::Enter);
    assert_eq!(recorded(&env), [(Instrument::Phq2, vec![2, 3]), (Instrument::Phq9, vec![2, 3, 0, 0, 0, 0, 0, 0, 0])]);
}

#[test]
fn an_hrsn_need_opens_the_referral_form_with_that_kind_and_long_wording_wraps_at_80x24() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    open_ada(&mut ui);
    ui.press(KeyCode::Char('S'));
    ui.press(KeyCode::Char('6'));
    let first = ui.screen();
    // The longest answer of the tool, read to its last words.
    assert!(first.contains("What is your living situation today?") && first.contains("in a park)"), "{first}");
    // Steady housing, no problems, food ran out sometimes, the rest no / never.
    press_digits(&mut ui, "0001001111");
    ui.press(KeyCode::Enter);
    let offer = ui.screen();
    assert!(offer.contains("Saved: AHC HRSN 1 · positive.") && offer.contains("1 food"), "{offer}");
    ui.press(KeyCode::Char('1'));
    let form = ui.screen();
    assert!(form.contains("New referral · Quill, Ada"), "{form}");
    assert!(form.contains("food") && form.contains("Social needs screening: food"), "{form}");
}

#[test]
fn help_lists_the_screening_key_and_it_can_be_remapped() {
    let env = caseload();
    let mut ui = Ui::open(&env, 100, 60, Options::default());
    open_ada(&mut ui);
    ui.press(KeyCode::Char('?'));
    let help = ui.screen();
    assert!(help.contains("Give a screening (PHQ-9, GAD-7, …)"), "{help}");
    ui.press(KeyCode::Esc);
    ui.press(KeyCode::Char('S'));
    ui.press(KeyCode::Char('?'));
    let keys = ui.screen();
    assert!(keys.contains("Answer the item with that number") && keys.contains("Back one item"), "{keys}");

    let mut config = Config::default();
    config.ui.keys.insert("administer".into(), "ctrl-g".into());
    let mut ui = Ui::open_with(&env, config, 100, 30, Options::default());
    open_ada(&mut ui);
    ui.ctrl('g');
    assert!(ui.screen().contains("Which screening?"), "the remapped key gives a screening");
}

#[test]
fn esc_keeps_a_half_done_screening_and_the_administer_key_takes_it_up_again() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    open_ada(&mut ui);
    ui.press(KeyCode::Char('S'));
    ui.press(KeyCode::Char('3'));
    press_digits(&mut ui, "210");
    ui.press(KeyCode::Esc);
    assert!(ui.model().administering().is_none());
    assert!(ui.screen().contains("Screening kept"), "{}", ui.screen());
    let drafts = env.store().screening_drafts().expect("drafts");
    assert_eq!(drafts.iter().map(|d| d.record.answers.clone()).collect::<Vec<_>>(), [vec![2, 1, 0]]);
    ui.press(KeyCode::Char('S'));
    let resumed = ui.screen();
    assert!(resumed.contains("GAD-7 · Quill, Ada") && resumed.contains("Item 4 of 7"), "{resumed}");
    press_digits(&mut ui, "0000");
    ui.press(KeyCode::Enter);
    assert_eq!(recorded(&env), [(Instrument::Gad7, vec![2, 1, 0, 0, 0, 0, 0])]);
    assert!(env.store().screening_drafts().expect("drafts").is_empty(), "the save ended the draft");
}

#[test]
fn taking_back_every_answer_leaves_no_draft_behind() {
    let env = caseload();
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    open_ada(&mut ui);
    ui.press(KeyCode::Char('S'));
    ui.press(KeyCode::Char('6'));
    press_digits(&mut ui, "01");
    ui.press(KeyCode::Esc);
    assert_eq!(env.store().screening_drafts().expect("drafts").len(), 1);
    ui.press(KeyCode::Char('S'));
    ui.press(KeyCode::Backspace);
    ui.press(KeyCode::Backspace);
    ui.flush_draft();
    assert!(env.store().screening_drafts().expect("drafts").is_empty(), "no answers, no draft");
    ui.press(KeyCode::Backspace);
    assert!(ui.screen().contains("Which screening?"), "before the first item: the list");
    ui.press(KeyCode::Char('1'));
    press_digits(&mut ui, "3");
    ui.flush_draft();
    let drafts = env.store().screening_drafts().expect("drafts");
    assert_eq!(
        drafts.iter().map(|d| (d.record.instrument, d.record.answers.clone())).collect::<Vec<_>>(),
        [(Instrument::Phq2, vec![3])]
    );
}
