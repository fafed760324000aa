//! Notes typed during a call survive whatever ends the program: the real
//! binary in a pseudo-terminal is hung up on, killed, or loses its terminal;
//! the next start offers the draft with every character, and saving it writes
//! exactly one note.

mod common;

use std::time::Duration;

use common::Env;
use common::pty::{Pty, caseload, main_screen};

/// The store's view of casey's drafts: (client id, body).
fn drafts(env: &Env) -> Vec<(i64, String)> {
    env.store().drafts().expect("drafts").into_iter().map(|d| (d.record.client_id, d.record.body)).collect()
}

fn note_bodies(env: &Env) -> Vec<String> {
    let store = env.store();
    let ada = store.resolve_client("1").expect("Ada").id;
    store.client_notes(ada, None).expect("notes").into_iter().map(|n| n.body).collect()
}

/// Starts caseload and opens the editor on Ada (first in triage), typing
/// `text` (newlines typed as Enter). Returns the running program.
fn type_a_note(env: &Env, text: &str) -> Pty {
    let mut pty = Pty::start(env);
    main_screen(&pty);
    pty.press(b"n");
    pty.wait_for_text("Note · Quill, Ada");
    pty.press(text.replace('\n', "\r").as_bytes());
    // The last line typed is on the screen: every key was read.
    pty.wait_for_text(text.lines().last().unwrap_or_default());
    pty
}

/// The next start offers the draft; Enter resumes it with the whole text,
/// Ctrl-S saves it: one note, no draft left.
fn resume_and_save(env: &Env, text: &str) {
    let mut pty = Pty::start(env);
    let offer = pty.wait_for_text("Unsaved notes");
    assert!(offer.contains("Quill, Ada"), "the draft is offered with its client:\n{offer}");
    pty.press(b"\r");
    // The editor opens at the end of the text: judged on a whole frame (the
    // status line, drawn last, holds the editor's keys), never on one drawn
    // halfway, whose title may be there before its body.
    let last_line = text.lines().last().unwrap_or_default();
    pty.wait_for("the resumed note", |screen| {
        let shown = screen.contents();
        shown.contains("Note · Quill, Ada") && shown.contains(last_line) && shown.contains("Esc close")
    });
    pty.press(b"\x13");
    pty.wait_for_text("saved.");
    pty.press(b"q");
    assert!(pty.wait_exit().success());
    assert_eq!(note_bodies(env), [text.trim()], "exactly one note, with every character");
    assert_eq!(drafts(env), [], "the saved note's draft is gone");
}

const NOTE: &str = "Spoke with daughter (Mara): refill of metformin 500 mg picked up.\nBP at home 132/84; \
                    wants a ride to cardiology on the 2nd -- book County Ride?\nÜmlauts & symbols: 100% ok #42 @home";

#[test]
fn sighup_writes_the_draft_before_leaving() {
    let env = caseload();
    let mut pty = type_a_note(&env, NOTE);
    pty.signal("HUP");
    let status = pty.wait_exit();
    assert!(status.exit_code() == 129 || status.signal().is_some(), "ends on SIGHUP: {status}");
    assert_eq!(drafts(&env), [(1, NOTE.to_string())], "every character is in the draft");
    resume_and_save(&env, NOTE);
}

#[test]
fn sigterm_and_sigint_write_the_draft_too() {
    for (signal, code) in [("TERM", 143), ("INT", 130)] {
        let env = caseload();
        let mut pty = type_a_note(&env, NOTE);
        pty.signal(signal);
        let status = pty.wait_exit();
        assert!(status.exit_code() == code || status.signal().is_some(), "ends on SIG{signal}: {status}");
        assert_eq!(drafts(&env), [(1, NOTE.to_string())], "SIG{signal}");
    }
}

#[test]
fn sigkill_after_three_idle_seconds_loses_nothing() {
    let env = caseload();
    let mut pty = type_a_note(&env, NOTE);
    // No signal handler runs on SIGKILL: the draft must already be written.
    std::thread::sleep(Duration::from_secs(3));
    pty.signal("KILL");
    pty.wait_exit();
    assert_eq!(drafts(&env), [(1, NOTE.to_string())]);
    resume_and_save(&env, NOTE);
}

#[test]
fn closing_the_terminal_keeps_the_draft() {
    let env = caseload();
    let mut pty = type_a_note(&env, NOTE);
    // As when the SSH link drops: the kernel hangs the program up.
    pty.hang_up();
    pty.wait_exit();
    assert_eq!(drafts(&env), [(1, NOTE.to_string())]);
    resume_and_save(&env, NOTE);
}

#[test]
fn twenty_hangups_in_a_row_lose_nothing() {
    let env = caseload();
    let mut random = fastrand::Rng::with_seed(5);
    let alphabet: Vec<char> =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?()/-+%'\"é".chars().collect();
    let mut expected = String::new();
    for round in 0..20 {
        let mut pty = Pty::start(&env);
        if round > 0 {
            // The draft is offered; n on Ada takes up the same draft again.
            pty.wait_for_text("Unsaved notes");
            pty.press(b"\x1b");
            // (An Esc followed at once by a key would read as Alt-key.)
            pty.wait_for("the offer closed", |screen| !screen.contents().contains("Unsaved notes"));
        }
        main_screen(&pty);
        pty.press(b"n");
        pty.wait_for_text("Note · Quill, Ada");
        let length = random.usize(1..60);
        let piece: String = (0..length).map(|_| alphabet[random.usize(..alphabet.len())]).collect();
        // Ends with a mark seen nowhere else, to know every key was read.
        let mark = format!("~{round:02}~");
        let typed = if round > 0 { format!("\n{piece}{mark}") } else { format!("{piece}{mark}") };
        pty.press(typed.replace('\n', "\r").as_bytes());
        expected.push_str(&typed);
        pty.wait_for_text(&mark);
        pty.signal("HUP");
        pty.wait_exit();
        assert_eq!(drafts(&env), [(1, expected.clone())], "round {round}");
    }
    resume_and_save(&env, &expected);
}

/// 2,000 characters typed as fast as the terminal takes them, then 200 at
/// a fast typist's pace: all of them reach the saved note. Prints the worst
/// time from a key to its echo on the screen for both.
#[test]
fn two_thousand_characters_at_full_speed() {
    let env = caseload();
    let mut pty = type_a_note(&env, "Start.");
    // Lines of 49 characters + Enter, each starting with its number, so the
    // line under the editor's cursor says how many keys have been echoed.
    let lines = |from: usize, count: usize| -> String {
        (from..from + count).map(|i| format!("\n{i:04}:{}", "x".repeat(LINE - 5))).collect()
    };
    let burst = lines(0, 40);
    let keys = burst.replace('\n', "\r").into_bytes();
    assert_eq!(keys.len(), 2000);
    let burst_echo = pty.measure_echo(&keys, Duration::ZERO, |screen| echoed_keys(screen, 0));
    let paced = lines(40, 4);
    let keys = paced.replace('\n', "\r").into_bytes();
    let paced_echo = pty.measure_echo(&keys, Duration::from_millis(30), |screen| echoed_keys(screen, 40));

    pty.press(b"\x13");
    pty.wait_for_text("saved.");
    pty.press(b"q");
    assert!(pty.wait_exit().success());
    assert_eq!(note_bodies(&env), [format!("Start.{burst}{paced}")], "every character arrives");
    eprintln!("key to echo, 2,000 keys at full speed: {}", summary(burst_echo));
    eprintln!("key to echo, 200 keys 30 ms apart: {}", summary(paced_echo));
}

/// "median 1.2 ms, 99th percentile 3.4 ms, worst 5.6 ms".
fn summary(mut latencies: Vec<Duration>) -> String {
    latencies.sort();
    let at = |share: f64| latencies[((latencies.len() - 1) as f64 * share) as usize].as_secs_f64() * 1000.0;
    format!("median {:.1} ms, 99th percentile {:.1} ms, worst {:.1} ms", at(0.5), at(0.99), at(1.0))
}

/// Each typed line: its number, a colon, then x's, LINE characters in all.
const LINE: usize = 49;

/// Keys echoed so far, counted from line `first`: the number of the line
/// the cursor is on and the cursor's place in it (the text area draws its
/// cursor in reverse video). A line whose number is not all typed yet is
/// the one after the line above it.
fn echoed_keys(screen: &vt100::Screen, first: usize) -> Option<usize> {
    let (rows, cols) = screen.size();
    let (rows, cols) = (rows.get(), cols.get());
    let number_on = |row: u16| -> Option<usize> {
        let start = screen.contents_between(row, 1, row, 6);
        start.strip_suffix(':')?.parse().ok()
    };
    (1..rows).find_map(|row| {
        let col = (1..cols).find(|&col| screen.cell(row, col).is_some_and(|cell| cell.inverse()))?;
        let number = number_on(row).or_else(|| Some(number_on(row - 1)? + 1))?;
        Some(number.checked_sub(first)? * (LINE + 1) + 1 + usize::from(col - 1))
    })
}
