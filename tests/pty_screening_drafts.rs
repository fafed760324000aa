//! A screening given part-way survives whatever ends the program, as a
//! note's draft does (issue #16 item 2): the real binary in a
//! pseudo-terminal is hung up on or killed halfway through a PHQ-9; the next
//! start offers it, Enter takes it up at the next item with every answer
//! kept, and saving it records one assessment and leaves no draft.

mod common;

use std::time::Duration;

use caseload::domain::screening::Instrument;
use common::Env;
use common::pty::{Pty, caseload, main_screen};

/// casey's screening drafts: (client id, instrument, answers).
fn drafts(env: &Env) -> Vec<(i64, Instrument, Vec<u8>)> {
    let drafts = env.store().screening_drafts().expect("screening drafts");
    drafts.into_iter().map(|d| (d.record.client_id, d.record.instrument, d.record.answers)).collect()
}

/// Opens Ada (first in triage) and answers the PHQ-9's first three items.
fn three_answers_in(env: &Env) -> Pty {
    let mut pty = Pty::start(env);
    main_screen(&pty);
    pty.press(b"\r");
    pty.wait_for_text("[Overview]");
    pty.press(b"S");
    pty.wait_for_text("Which screening?");
    pty.press(b"2");
    pty.wait_for_text("Item 1 of 9");
    pty.press(b"1");
    pty.wait_for_text("Item 2 of 9");
    pty.press(b"2");
    pty.wait_for_text("Item 3 of 9");
    pty.press(b"3");
    pty.wait_for_text("Item 4 of 9");
    pty
}

/// The next start offers the screening; Enter opens the client on it at
/// item 4; the rest answered, Enter saves: one PHQ-9 with all nine answers.
fn resume_and_save(env: &Env) {
    let mut pty = Pty::start(env);
    let offer = pty.wait_for_text("PHQ-9, 3 of 9 answered");
    assert!(offer.contains("Quill, Ada"), "offered with its client:\n{offer}");
    pty.press(b"\r");
    let resumed = pty.wait_for_text("Item 4 of 9");
    assert!(resumed.contains("PHQ-9 · Quill, Ada"), "{resumed}");
    pty.press(b"000000");
    pty.wait_for_text("Total 6 of 27");
    pty.press(b"\r");
    let saved = pty.wait_for_text("PHQ-9 saved: 6");
    assert!(saved.contains("[Assess]"), "the Assessments tab shows it:\n{saved}");
    pty.press(b"q");
    assert!(pty.wait_exit().success());
    let recorded: Vec<Vec<u8>> =
        env.store().assessments(1).expect("assessments").into_iter().map(|a| a.answers).collect();
    assert_eq!(recorded, [vec![1, 2, 3, 0, 0, 0, 0, 0, 0]], "one PHQ-9, every answer kept");
    assert_eq!(drafts(env), [], "the save ended the draft");
}

#[test]
fn sighup_halfway_through_a_phq9_keeps_its_answers_for_the_next_start() {
    let env = caseload();
    let mut pty = three_answers_in(&env);
    pty.signal("HUP");
    let status = pty.wait_exit();
    assert!(status.exit_code() == 129 || status.signal().is_some(), "ends on SIGHUP: {status}");
    assert_eq!(drafts(&env), [(1, Instrument::Phq9, vec![1, 2, 3])]);
    resume_and_save(&env);
}

#[test]
fn sigkill_two_seconds_after_the_last_answer_loses_none() {
    let env = caseload();
    let mut pty = three_answers_in(&env);
    // No handler runs on SIGKILL: the keeper must already have written it.
    std::thread::sleep(Duration::from_secs(2));
    pty.signal("KILL");
    pty.wait_exit();
    assert_eq!(drafts(&env), [(1, Instrument::Phq9, vec![1, 2, 3])]);
    resume_and_save(&env);
}
