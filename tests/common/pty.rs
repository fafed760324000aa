//! The real binary in a real pseudo-terminal (80x24), with a thread reading
//! what it draws into a vt100 screen. Keys are written through our own
//! handle on the terminal, so `hang_up` can close every handle at once, as a
//! dropped SSH link does (portable-pty's own writer types "\n^D" when dropped).
//!
//! Every wait polls with a deadline; nothing sleeps for a fixed long time.

use std::fs::File;
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::os::fd::BorrowedFd;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

use super::Env;

pub const ROWS: NonZeroU16 = NonZeroU16::new(24).unwrap();
pub const COLS: NonZeroU16 = NonZeroU16::new(80).unwrap();
/// Generous for a loaded 2-core machine; a passing run takes well under a second a step.
pub const DEADLINE: Duration = Duration::from_secs(10);

pub const ENTER_ALTERNATE_SCREEN: &[u8] = b"\x1b[?1049h";
pub const LEAVE_ALTERNATE_SCREEN: &[u8] = b"\x1b[?1049l";
pub const HIDE_CURSOR: &[u8] = b"\x1b[?25l";
pub const SHOW_CURSOR: &[u8] = b"\x1b[?25h";

/// Everything the program wrote, raw and as a terminal would show it.
pub struct Output {
    pub bytes: Vec<u8>,
    pub parser: vt100::Parser,
    /// When each read ended, and how many bytes had come by then.
    pub reads: Vec<(Instant, usize)>,
    /// A frame has begun (synchronized update) and not yet ended: the screen
    /// is half drawn and must not be judged.
    pub mid_frame: bool,
}

pub const BEGIN_FRAME: &[u8] = b"\x1b[?2026h";
pub const END_FRAME: &[u8] = b"\x1b[?2026l";

impl Output {
    fn new() -> Output {
        Output { bytes: Vec::new(), parser: vt100::Parser::new(ROWS, COLS, 0), reads: Vec::new(), mid_frame: false }
    }

    /// Takes in what one read returned.
    fn take_in(&mut self, chunk: &[u8]) {
        let seen = self.bytes.len();
        self.bytes.extend_from_slice(chunk);
        self.parser.process(chunk);
        // A marker may straddle two reads: look a marker's length back.
        let tail_from = seen.saturating_sub(BEGIN_FRAME.len() - 1);
        let tail = &self.bytes[tail_from..];
        match (rfind(tail, BEGIN_FRAME), rfind(tail, END_FRAME)) {
            (Some(begin), Some(end)) => self.mid_frame = begin > end,
            (Some(_), None) => self.mid_frame = true,
            (None, Some(_)) => self.mid_frame = false,
            (None, None) => {}
        }
        let total = self.bytes.len();
        self.reads.push((Instant::now(), total));
    }
}

/// `caseload` running in a pseudo-terminal, with a thread reading its output.
pub struct Pty {
    child: Box<dyn Child + Send + Sync>,
    /// None once hung up.
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<File>,
    output: Arc<Mutex<Output>>,
    reader_done: Receiver<()>,
    stop_reading: Arc<AtomicBool>,
}

/// Three clients of casey's: Ada with an overdue follow-up (first in triage),
/// Ben with an appointment this afternoon, Cora with nothing due.
pub fn caseload() -> Env {
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
    pub fn start(env: &Env) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize { rows: ROWS.get(), cols: COLS.get(), pixel_width: 0, pixel_height: 0 })
            .expect("a pseudo-terminal");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_caseload"));
        command.env_clear();
        let dir = env.dir.path();
        command.cwd(dir);
        for (key, value) in [
            ("CASELOAD_NOW", super::NOW.as_ref()),
            ("TZ", super::TZ.as_ref()),
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
        command.args(["--user", super::USER]);
        let child = pair.slave.spawn_command(command).expect("caseload starts");
        // Only the child holds the terminal's other end now, so its exit ends the reads.
        drop(pair.slave);

        let output = Arc::new(Mutex::new(Output::new()));
        let (done, reader_done) = mpsc::channel();
        let mut reader = pair.master.try_clone_reader().expect("a reader");
        let master_fd = pair.master.as_raw_fd().expect("a unix pty");
        let shared = Arc::clone(&output);
        let stop_reading = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&stop_reading);
        std::thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            // Ends on end of file or EIO, once the child has exited and its
            // output is read, or when told to stop (its handle then closes).
            while !stop.load(Ordering::Relaxed) {
                // SAFETY: the master stays open until this thread has stopped.
                let fd = unsafe { BorrowedFd::borrow_raw(master_fd) };
                let mut poll = [nix::poll::PollFd::new(fd, nix::poll::PollFlags::POLLIN)];
                if nix::poll::poll(&mut poll, 50u16).unwrap_or(0) == 0 {
                    continue;
                }
                let n = match reader.read(&mut buffer) {
                    Ok(0) => break,
                    Ok(n) => n,
                    Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(error) => {
                        // EIO once the program has exited; anything else is worth seeing.
                        if error.raw_os_error() != Some(5) {
                            eprintln!("pty reader stopped: {error}");
                        }
                        break;
                    }
                };
                shared.lock().expect("output lock").take_in(&buffer[..n]);
            }
            let _ = done.send(());
        });
        let writer = File::from(nix::unistd::dup(unsafe { BorrowedFd::borrow_raw(master_fd) }).expect("a writer"));
        Pty { child, master: Some(pair.master), writer: Some(writer), output, reader_done, stop_reading }
    }

    /// The program's process id, to send it signals.
    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("a process id")
    }

    /// Sends a signal ("HUP", "KILL", "TERM"…) with kill(1).
    pub fn signal(&self, name: &str) {
        let sent = std::process::Command::new("kill").args([format!("-{name}"), self.pid().to_string()]).status();
        assert!(sent.expect("kill runs").success(), "kill -{name} failed");
    }

    /// Closes every handle on the terminal's master side, as a dropped SSH
    /// link does: the kernel then sends the program SIGHUP.
    pub fn hang_up(&mut self) {
        self.stop_reading.store(true, Ordering::Relaxed);
        self.writer = None;
        self.reader_done.recv_timeout(DEADLINE).expect("the reader stops");
        self.master = None;
    }

    /// Writes `keys` one byte at a time, `pace` apart (zero: as fast as the
    /// terminal takes them), and returns for each key the time from writing
    /// it to the first output after which `echoed` (the count of keys shown
    /// so far, read off the screen) counts it.
    pub fn measure_echo(
        &mut self,
        keys: &[u8],
        pace: Duration,
        echoed: impl Fn(&vt100::Screen) -> Option<usize>,
    ) -> Vec<Duration> {
        let (replay_from, first_read) = {
            let output = self.output.lock().expect("output lock");
            (output.bytes.len(), output.reads.len())
        };
        let mut writer = self.writer.as_ref().expect("the terminal is open").try_clone().expect("a writer");
        let to_send = keys.to_vec();
        let typist = std::thread::spawn(move || {
            to_send
                .iter()
                .map(|key| {
                    std::thread::sleep(pace);
                    let at = Instant::now();
                    writer.write_all(&[*key]).expect("key written");
                    at
                })
                .collect::<Vec<Instant>>()
        });
        let sent = typist.join().expect("the typist finishes");
        self.wait_for("every key echoed", |screen| echoed(screen) == Some(keys.len()));
        // Replay the output read by read, noting when each key first showed
        // on a whole frame.
        let output = self.output.lock().expect("output lock");
        let mut replay = Output::new();
        replay.take_in(&output.bytes[..replay_from]);
        let (mut latencies, mut done) = (Vec::with_capacity(keys.len()), replay_from);
        for &(at, end) in &output.reads[first_read..] {
            replay.take_in(&output.bytes[done..end]);
            done = end;
            if replay.mid_frame {
                continue;
            }
            let now_shown = echoed(replay.parser.screen()).unwrap_or(0).min(keys.len());
            for key_sent in sent.iter().take(now_shown).skip(latencies.len()) {
                latencies.push(at.saturating_duration_since(*key_sent));
            }
        }
        latencies
    }

    /// Waits until the output has grown past `from` bytes and then stopped
    /// growing; returns what came after `from`.
    pub fn settled_output(&self, from: usize) -> Vec<u8> {
        let start = Instant::now();
        let mut seen = from;
        loop {
            std::thread::sleep(Duration::from_millis(100));
            let output = self.output.lock().expect("output lock");
            if output.bytes.len() > from && output.bytes.len() == seen {
                return output.bytes[from..].to_vec();
            }
            seen = output.bytes.len();
            assert!(start.elapsed() < DEADLINE, "the output did not settle within {DEADLINE:?}");
        }
    }

    /// Polls the screen until `ready` holds on a whole frame; returns its
    /// text. Fails with the screen as it is after the deadline.
    pub fn wait_for(&self, what: &str, ready: impl Fn(&vt100::Screen) -> bool) -> String {
        let start = Instant::now();
        loop {
            {
                let output = self.output.lock().expect("output lock");
                let screen = output.parser.screen();
                if !output.mid_frame && ready(screen) {
                    return screen.contents();
                }
                assert!(start.elapsed() < DEADLINE, "no {what} after {DEADLINE:?}; the screen:\n{}", screen.contents());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn wait_for_text(&self, text: &str) -> String {
        self.wait_for(text, |screen| screen.contents().contains(text))
    }

    pub fn press(&mut self, keys: &[u8]) {
        let writer = self.writer.as_mut().expect("the terminal is open");
        writer.write_all(keys).expect("keys written");
        writer.flush().expect("keys flushed");
    }

    /// Whether the terminal is in canonical (cooked) mode: off in raw mode.
    pub fn canonical_mode(&self) -> bool {
        let master = self.master.as_ref().expect("the terminal is open");
        let termios = master.get_termios().expect("the terminal's settings");
        format!("{:?}", termios.local_flags).contains("ICANON")
    }

    pub fn wait_exit(&mut self) -> ExitStatus {
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
    pub fn drained(&self) -> std::sync::MutexGuard<'_, Output> {
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

pub fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|at| at + from)
}

pub fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// The terminal is as the program found it: main screen, cursor visible, cooked mode.
pub fn assert_restored(pty: &Pty) {
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
pub fn main_screen(pty: &Pty) -> String {
    pty.wait_for("main screen", |screen| {
        let text = screen.contents();
        // The status line is drawn last: once it is there the whole frame is.
        screen.alternate_screen()
            && text.contains("1 Caseload")
            && text.contains("Lind, Cora")
            && text.contains("q quit")
    })
}
