//! The real binary in a real pseudo-terminal (80x24): it draws the main
//! screen, answers keys, and gives the terminal back as it found it, whether
//! the user quits or the process is sent SIGTERM.
//!
//! Every wait polls with a deadline; nothing sleeps for a fixed long time.

mod common;

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::Env;
use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

const ROWS: NonZeroU16 = NonZeroU16::new(24).unwrap();
const COLS: NonZeroU16 = NonZeroU16::new(80).unwrap();
/// Generous for a loaded 2-core machine; a passing run takes well under a second a step.
const DEADLINE: Duration = Duration::from_secs(10);

const ENTER_ALTERNATE_SCREEN: &[u8] = b"\x1b[?1049h";
const LEAVE_ALTERNATE_SCREEN: &[u8] = b"\x1b[?1049l";
const HIDE_CURSOR: &[u8] = b"\x1b[?25l";
const SHOW_CURSOR: &[u8] = b"\x1b[?25h";

/// Everything the program wrote, raw and as a terminal would show it.
struct Output {
    bytes: Vec<u8>,
    parser: vt100::Parser,
}

/// `caseload` running in a pseudo-terminal, with a thread reading its output.
struct Pty {
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    output: Arc<Mutex<Output>>,
    reader_done: Receiver<()>,
}

/// Three clients of casey's: Ada with an overdue follow-up (first in triage),
/// Ben with an appointment this afternoon, Cora with nothing due.
fn caseload() -> Env {
    let env = Env::new();
    let add = |given: &str, family: &str, risk: &str| {
        let added = env.ok(&["client", "add", "--given-name", given, "--family-name", family, "--risk", risk]);
        added.trim().to_string()
    };
    let ada = add("Ada", "Quill", "high");
    let ben = add("Ben", "Ortiz", "medium");
    add("Cora", "Lind", "low");
    env.ok(&["followup", "add", &ada, "--due", "-3d", "--title", "Call pharmacy about refill"]);
    env.ok(&["appt", "add", &ben, "--at", "today 14:30", "--kind", "specialist", "--with", "Dr. Imani Falk"]);
    env
}

impl Pty {
    fn start(env: &Env) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize { rows: ROWS.get(), cols: COLS.get(), pixel_width: 0, pixel_height: 0 })
            .expect("a pseudo-terminal");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_caseload"));
        command.env_clear();
        let dir = env.dir.path();
        command.cwd(dir);
        for (key, value) in [
            ("CASELOAD_NOW", common::NOW.as_ref()),
            ("TZ", common::TZ.as_ref()),
            ("TERM", "xterm-256color".as_ref()),
            ("HOME", dir.as_os_str()),
            ("XDG_CONFIG_HOME", dir.join("xdg-config").as_os_str()),
            ("XDG_DATA_HOME", dir.join("xdg-data").as_os_str()),
            ("CASELOAD_CONFIG", env.config.as_os_str()),
        ] {
            command.env(key, value);
        }
        command.arg("--db");
        command.arg(&env.db);
        command.args(["--user", common::USER]);
        let child = pair.slave.spawn_command(command).expect("caseload starts");
        // Only the child holds the terminal's other end now, so its exit ends the reads.
        drop(pair.slave);

        let output = Arc::new(Mutex::new(Output { bytes: Vec::new(), parser: vt100::Parser::new(ROWS, COLS, 0) }));
        let (done, reader_done) = mpsc::channel();
        let mut reader = pair.master.try_clone_reader().expect("a reader");
        let shared = Arc::clone(&output);
        std::thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            // Ends on end of file or EIO, once the child has exited and its output is read.
            while let Ok(n @ 1..) = reader.read(&mut buffer) {
                let mut output = shared.lock().expect("output lock");
                output.bytes.extend_from_slice(&buffer[..n]);
                output.parser.process(&buffer[..n]);
            }
            let _ = done.send(());
        });
        let writer = pair.master.take_writer().expect("a writer");
        Pty { child, master: pair.master, writer, output, reader_done }
    }

    /// Polls the screen until `ready` holds; returns its text. Fails with the
    /// screen as it is after the deadline.
    fn wait_for(&self, what: &str, ready: impl Fn(&vt100::Screen) -> bool) -> String {
        let start = Instant::now();
        loop {
            {
                let output = self.output.lock().expect("output lock");
                let screen = output.parser.screen();
                if ready(screen) {
                    return screen.contents();
                }
                assert!(start.elapsed() < DEADLINE, "no {what} after {DEADLINE:?}; the screen:\n{}", screen.contents());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn wait_for_text(&self, text: &str) -> String {
        self.wait_for(text, |screen| screen.contents().contains(text))
    }

    fn press(&mut self, keys: &[u8]) {
        self.writer.write_all(keys).expect("keys written");
        self.writer.flush().expect("keys flushed");
    }

    /// Whether the terminal is in canonical (cooked) mode: off in raw mode.
    fn canonical_mode(&self) -> bool {
        let termios = self.master.get_termios().expect("the terminal's settings");
        format!("{:?}", termios.local_flags).contains("ICANON")
    }

    fn wait_exit(&mut self) -> ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("child status") {
                return status;
            }
            assert!(start.elapsed() < DEADLINE, "caseload still running after {DEADLINE:?}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// After the child exited: everything it wrote, once the reader has drained it.
    fn drained(&self) -> std::sync::MutexGuard<'_, Output> {
        self.reader_done.recv_timeout(DEADLINE).expect("the reader reaches the end of the output");
        self.output.lock().expect("output lock")
    }
}

impl Drop for Pty {
    /// A failed test leaves no program running.
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|at| at + from)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// The terminal is as the program found it: main screen, cursor visible, cooked mode.
fn assert_restored(pty: &Pty) {
    assert!(pty.canonical_mode(), "raw mode was left on");
    let output = pty.drained();
    let bytes = &output.bytes;
    let entered = find(bytes, ENTER_ALTERNATE_SCREEN, 0).expect("the alternate screen was entered");
    assert!(find(bytes, LEAVE_ALTERNATE_SCREEN, entered).is_some(), "the alternate screen was never left");
    assert!(!output.parser.screen().alternate_screen(), "still on the alternate screen");
    if let Some(hidden) = rfind(bytes, HIDE_CURSOR) {
        assert!(find(bytes, SHOW_CURSOR, hidden).is_some(), "the cursor was hidden and never shown again");
    }
    assert!(!output.parser.screen().hide_cursor(), "the cursor is still hidden");
}

/// Waits for the first frame of the main screen; returns its text.
fn main_screen(pty: &Pty) -> String {
    pty.wait_for("main screen", |screen| {
        let text = screen.contents();
        // The status line is drawn last: once it is there the whole frame is.
        screen.alternate_screen()
            && text.contains("1 Caseload")
            && text.contains("Lind, Cora")
            && text.contains("q quit")
    })
}

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
    for part in ["casey", "caseload.db", "Mon 23 Nov 09:00", "? help", "q quit"] {
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
    let pid = pty.child.process_id().expect("a process id").to_string();
    let killed = std::process::Command::new("kill").args(["-TERM", &pid]).status().expect("kill runs");
    assert!(killed.success());

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

    // A quick note: type, direction, outcome, minutes, when, then the body.
    writer.press(b"n");
    writer.wait_for_text("Note ·");
    writer.press(b"\t\t\t\t\t");
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

/// Waits until the output has grown past `from` bytes and then stopped growing;
/// returns what came after `from`.
fn settled_output(pty: &Pty, from: usize) -> Vec<u8> {
    let start = Instant::now();
    let mut seen = from;
    loop {
        std::thread::sleep(Duration::from_millis(100));
        let output = pty.output.lock().expect("output lock");
        if output.bytes.len() > from && output.bytes.len() == seen {
            return output.bytes[from..].to_vec();
        }
        seen = output.bytes.len();
        assert!(start.elapsed() < DEADLINE, "the output did not settle within {DEADLINE:?}");
    }
}

/// A move redraws what changed and never clears the screen (byte counts:
/// `cargo bench --bench terminal_bytes`).
#[test]
fn a_selection_move_never_clears_the_screen() {
    let env = caseload();
    let mut pty = Pty::start(&env);
    main_screen(&pty);
    let drawn = settled_output(&pty, 0).len();
    pty.press(b"j");
    let moved = settled_output(&pty, drawn);
    assert!(!moved.windows(4).any(|w| w == b"\x1b[2J"), "a move cleared the screen: {moved:?}");
    pty.press(b"q");
    assert!(pty.wait_exit().success());
}
