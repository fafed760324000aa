//! Bytes written to the terminal per key (issue #7, SPEC §7: a selection move
//! under 300 bytes over SSH). Runs the real binary in a pseudo-terminal on the
//! demo data and counts what it writes after each key:
//! `cargo bench --bench terminal_bytes` (`CASELOAD_BENCH_SIZES=10000` narrows it).
//! It prints figures and asserts nothing about them.

mod support;

use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// Output is complete once nothing more arrives for this long.
const QUIET: Duration = Duration::from_millis(150);
const DEADLINE: Duration = Duration::from_secs(30);
/// Keys measured per figure; the figure is their mean.
const PRESSES: usize = 20;
const CLEAR_SCREEN: &[u8] = b"\x1b[2J";

/// `caseload` in a pseudo-terminal, with a thread counting its output.
struct Pty {
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    output: Arc<Mutex<Vec<u8>>>,
    last_byte_at: Arc<Mutex<Instant>>,
    total: Arc<AtomicUsize>,
}

impl Pty {
    fn start(db: &Path, cols: u16, rows: u16) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 })
            .expect("a pseudo-terminal");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_caseload"));
        command.env_clear();
        let config_home = support::bench_dir().join("xdg-config");
        for (key, value) in [
            ("CASELOAD_NOW", support::NOW.as_ref()),
            ("TZ", support::TZ.as_ref()),
            ("TERM", "xterm-256color".as_ref()),
            ("HOME", support::bench_dir().as_os_str()),
            ("XDG_CONFIG_HOME", config_home.as_os_str()),
        ] {
            command.env(key, value);
        }
        command.arg("--db");
        command.arg(db);
        command.args(["--user", support::USER]);
        let child = pair.slave.spawn_command(command).expect("caseload starts");
        drop(pair.slave);
        let output = Arc::new(Mutex::new(Vec::new()));
        let last_byte_at = Arc::new(Mutex::new(Instant::now()));
        let total = Arc::new(AtomicUsize::new(0));
        let mut reader = pair.master.try_clone_reader().expect("a reader");
        let (shared, at, count) = (Arc::clone(&output), Arc::clone(&last_byte_at), Arc::clone(&total));
        std::thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            while let Ok(n @ 1..) = reader.read(&mut buffer) {
                shared.lock().expect("output").extend_from_slice(&buffer[..n]);
                *at.lock().expect("clock") = Instant::now();
                count.fetch_add(n, Ordering::SeqCst);
            }
        });
        let writer = pair.master.take_writer().expect("a writer");
        Pty { child, _master: pair.master, writer, output, last_byte_at, total }
    }

    /// Waits until more than `after` bytes have arrived and then none for `QUIET`;
    /// returns the bytes written since `after`.
    fn settle(&self, after: usize) -> Vec<u8> {
        let start = Instant::now();
        loop {
            let quiet = self.last_byte_at.lock().expect("clock").elapsed() >= QUIET;
            if self.total.load(Ordering::SeqCst) > after && quiet {
                return self.output.lock().expect("output")[after..].to_vec();
            }
            assert!(start.elapsed() < DEADLINE, "no output settled within {DEADLINE:?}");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Presses `keys` and returns what the terminal was sent in answer.
    fn press(&mut self, keys: &[u8]) -> Vec<u8> {
        let before = self.total.load(Ordering::SeqCst);
        self.writer.write_all(keys).expect("keys written");
        self.writer.flush().expect("keys flushed");
        self.settle(before)
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.writer.write_all(b"q");
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One figure: bytes per key, averaged over `PRESSES` presses (each undone
/// by `undo`, which is not counted), and whether any of them cleared the screen.
struct Figure {
    mean: usize,
    max: usize,
    cleared: bool,
}

fn bytes_per_key(pty: &mut Pty, key: &[u8], undo: &[u8]) -> Figure {
    let sizes: Vec<(usize, bool)> = (0..PRESSES)
        .map(|_| {
            let written = pty.press(key);
            pty.press(undo);
            (written.len(), written.windows(CLEAR_SCREEN.len()).any(|w| w == CLEAR_SCREEN))
        })
        .collect();
    Figure {
        mean: sizes.iter().map(|(n, _)| n).sum::<usize>() / sizes.len(),
        max: sizes.iter().map(|(n, _)| *n).max().unwrap_or_default(),
        cleared: sizes.iter().any(|(_, cleared)| *cleared),
    }
}

/// A selection move on the main screen: `j`, undone by `k`.
fn selection_move(pty: &mut Pty) -> Figure {
    bytes_per_key(pty, b"j", b"k")
}

/// A character typed in the note editor (opened with `n` on the first
/// client), undone by Backspace; the draft is discarded afterwards so the
/// cached demo database is left as it was.
fn typed_character(pty: &mut Pty) -> Figure {
    pty.press(b"n");
    let figure = bytes_per_key(pty, b"x", b"\x7f");
    pty.press(b"\x1b");
    pty.press(b"d");
    figure
}

/// Measures one figure on a started interface.
type Measure = fn(&mut Pty) -> Figure;

/// What is measured, by name.
const FIGURES: &[(&str, Measure)] =
    &[("selection move (j)", selection_move), ("character typed in the note editor", typed_character)];

fn main() {
    println!("| figure | clients | terminal | first frame bytes | mean bytes/key | max | clears screen |");
    println!("|---|---:|---|---:|---:|---:|---|");
    for n in support::sizes() {
        let db = support::demo_db(n);
        for (cols, rows) in [(80, 24), (120, 40)] {
            for (name, measure) in FIGURES {
                let mut pty = Pty::start(&db, cols, rows);
                let first = pty.settle(0).len();
                let figure = measure(&mut pty);
                println!(
                    "| {name} | {n} | {cols}x{rows} | {first} | {} | {} | {} |",
                    figure.mean,
                    figure.max,
                    if figure.cleared { "yes" } else { "no" }
                );
            }
        }
    }
}
