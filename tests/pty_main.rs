//! The real binary in a real pseudo-terminal (80x24): it draws the main
//! screen, answers keys, and gives the terminal back as it found it, whether
//! the user quits or the process is sent SIGTERM.

mod common;

use std::time::Instant;

use common::pty::{Pty, assert_restored, caseload, main_screen};

#[test]
fn the_interface_opens_a_client_shows_help_and_quits_cleanly() {
    let env = caseload();
    assert!(!env.config.exists(), "the config is a missing file: defaults apply");
    let mut pty = Pty::start(&env);

    let screen = main_screen(&pty);
    assert!(!pty.canonical_mode(), "the interface runs in raw mode");
    let (ada, ben, cora) = (screen.find("Quill, Ada"), screen.find("Ortiz, Ben"), screen.find("Lind, Cora"));
    assert!(ada < ben && ben < cora && ada.is_some(), "triage order, Ada's late follow-up first:\n{screen}");
    assert!(screen.contains("Dr. Imani Falk"), "today's appointment:\n{screen}");
    let status = screen.lines().last().expect("a status line");
    // The database's file name; or the server database's name, which for the
    // tests' databases is long enough that the left side gives way (cut, the
    // clock with it) to the keys.
    let parts: &[&str] = if common::on_postgres() {
        &["casey", "caseload_test_", "? help", "q quit"]
    } else {
        &["casey", "caseload.db", "Mon 23 Nov 09:00", "? help", "q quit"]
    };
    for part in parts {
        assert!(status.contains(part), "status line lacks {part:?}: {status:?}");
    }

    pty.press(b"j");
    pty.press(b"\r");
    let client = pty.wait_for_text("Overview");
    assert!(client.contains("Ortiz, Ben") && !client.contains("Quill, Ada"), "Ben's screen (j moved down):\n{client}");

    pty.press(b"?");
    pty.wait_for_text("Keys: client screen");
    pty.press(b"\x1b");
    pty.wait_for("help closed", |screen| !screen.contents().contains("Keys:"));
    pty.press(b"q");

    let status = pty.wait_exit();
    assert!(status.success(), "caseload exited with {status}");
    assert_restored(&pty);
}

#[test]
fn sigterm_restores_the_terminal() {
    let env = caseload();
    let mut pty = Pty::start(&env);
    main_screen(&pty);
    pty.signal("TERM");

    let status = pty.wait_exit();
    assert!(
        status.exit_code() == 143 || status.signal().is_some(),
        "caseload should end on SIGTERM with 143 or the signal: {status}"
    );
    assert_restored(&pty);
}

#[test]
fn a_note_saved_in_one_interface_appears_in_another() {
    let env = caseload();
    let mut writer = Pty::start(&env);
    let mut reader = Pty::start(&env);
    main_screen(&writer);
    main_screen(&reader);
    // Both open Ada (first in triage); the reader looks at her Notes tab.
    reader.press(b"\r");
    reader.wait_for_text("Overview");
    reader.press(b"\t");
    reader.wait_for_text("No notes yet.");
    writer.press(b"\r");
    writer.wait_for_text("Overview");

    // The note editor opens on the body.
    writer.press(b"n");
    writer.wait_for_text("Note ·");
    writer.press(b"Left a message with the daughter about the refill.");
    writer.press(b"\x13");
    writer.wait_for_text("saved.");
    let saved = Instant::now();
    let notes = reader.wait_for_text("Left a message with the daughter");
    // The other interface checks for writes about once a second.
    eprintln!("the note appeared in the other interface {} ms after it was saved", saved.elapsed().as_millis());
    assert!(notes.contains("casey"), "{notes}");

    for pty in [&mut writer, &mut reader] {
        pty.press(b"q");
        assert!(pty.wait_exit().success());
    }
}

/// A move redraws what changed and never clears the screen (byte counts:
/// `cargo bench --bench terminal_bytes`).
#[test]
fn a_selection_move_never_clears_the_screen() {
    let env = caseload();
    let mut pty = Pty::start(&env);
    main_screen(&pty);
    let drawn = pty.settled_output(0).len();
    pty.press(b"j");
    let moved = pty.settled_output(drawn);
    assert!(!moved.windows(4).any(|w| w == b"\x1b[2J"), "a move cleared the screen: {moved:?}");
    pty.press(b"q");
    assert!(pty.wait_exit().success());
}
