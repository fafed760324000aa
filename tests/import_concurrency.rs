//! SPEC §6, issue #12 item 6: while an import runs, colleagues' notes are
//! saved (they may wait, and say why), never refused as busy.
//!
//! Two views of it: a real import raced by eight writers at the configured
//! wait, and an import that holds the write lock longer than any busy timeout
//! (played by this test, so its length does not depend on the machine).

mod common;

use std::os::unix::fs::OpenOptionsExt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use caseload::domain::client::Risk;
use common::Env;

const WRITERS: usize = 8;
/// Enough that the import holds the write lock for seconds in a debug build.
const ROWS: usize = 20_000;
const WAITING: &str = "waiting for an import by casey to finish…";

/// What one writer saw: the notes it was told were saved, the refusals, and
/// whether it was ever told it was waiting for the import.
#[derive(Default)]
struct Outcome {
    notes: Vec<(i64, String)>,
    failures: Vec<String>,
    waited: bool,
}

fn writer(env: &Env, worker: usize, client: &str, started: &AtomicUsize, done: &AtomicBool) -> Outcome {
    let mut outcome = Outcome::default();
    let mut round = 0;
    // One more note after the import has finished, so every writer overlaps it.
    let mut last = false;
    while !last {
        last = done.load(Ordering::SeqCst);
        let body = format!("Writer {worker} round {round}: called, reached, plan reviewed.");
        let output = env.cmd().args(["note", "add", client, "--minutes", "5", "--body", &body]).output().expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        outcome.waited |= stderr.contains(WAITING);
        match String::from_utf8_lossy(&output.stdout).trim().parse::<i64>() {
            Ok(id) if output.status.success() => outcome.notes.push((id, body)),
            _ => outcome.failures.push(stderr),
        }
        if round == 0 {
            started.fetch_add(1, Ordering::SeqCst);
        }
        round += 1;
    }
    outcome
}

#[test]
fn eight_writers_adding_notes_during_an_import_are_all_saved() {
    // The configured wait (5 s) covers writers taking turns with each other
    // on a loaded machine; the import is what they must be told about.
    let env = Env::new();
    let client = env.add_client("Ada", "Quill", Risk::High).to_string();
    let csv = env.dir.path().join("clients.csv");
    common::synthetic::clients_csv(ROWS, std::fs::File::create(&csv).expect("csv")).expect("csv written");

    let env = Arc::new(env);
    let started = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..WRITERS)
        .map(|n| {
            let (env, client, started, done) =
                (Arc::clone(&env), client.clone(), Arc::clone(&started), Arc::clone(&done));
            std::thread::spawn(move || writer(&env, n, &client, &started, &done))
        })
        .collect();
    while started.load(Ordering::SeqCst) < WRITERS {
        std::thread::yield_now();
    }
    let import = env.cmd().args(["import", "clients", csv.to_str().expect("path")]).output().expect("import runs");
    done.store(true, Ordering::SeqCst);
    let outcomes: Vec<Outcome> = writers.into_iter().map(|w| w.join().expect("writer")).collect();

    assert!(import.status.success(), "import failed: {}", String::from_utf8_lossy(&import.stderr));
    assert_eq!(String::from_utf8_lossy(&import.stdout), format!("Imported {ROWS} clients.\n"));
    let failures: Vec<&String> = outcomes.iter().flat_map(|o| &o.failures).collect();
    assert!(failures.is_empty(), "{} notes refused, e.g. {:?}", failures.len(), failures.first());
    assert!(outcomes.iter().any(|o| o.waited), "no writer ever waited for the import");
    let store = env.store();
    let acknowledged: usize = outcomes.iter().map(|o| o.notes.len()).sum();
    for (id, body) in outcomes.iter().flat_map(|o| &o.notes) {
        assert_eq!(&store.note(*id).expect("acknowledged note is there").body, body);
    }
    let counts: std::collections::HashMap<_, _> = store.table_counts().expect("counts").into_iter().collect();
    assert_eq!(counts["note"], acknowledged as i64, "every note saved is one acknowledged");
    assert_eq!(counts["client"], ROWS as i64 + 1);
    eprintln!("{WRITERS} writers: {acknowledged} notes acknowledged and stored, none refused");
}

/// An import as other processes see it, played by the test for as long as
/// it likes: on SQLite the marker beside the database locked by the importer
/// (src/store/import_lock.rs) and SQLite's write lock; on a server the
/// importer's advisory lock, its connection named after it, and the write
/// lock (src/store/db/mod.rs) held in its transaction.
enum PlayedImport {
    File { _marker: nix::fcntl::Flock<std::fs::File>, lock: rusqlite::Connection },
    Server(postgres::Client),
}

/// The keys of src/store/import_lock.rs's IMPORT_LOCK ("caseimpo") and
/// src/store/db/mod.rs's WRITE_LOCK ("caseload").
const IMPORT_LOCK: i64 = 0x6361_7365_696d_706f;
const WRITE_LOCK: i64 = 0x6361_7365_6c6f_6164;

impl PlayedImport {
    fn start(env: &Env, importer: &str) -> PlayedImport {
        if common::on_postgres() {
            let url = env.db.to_str().expect("a URL");
            let mut client = postgres::Client::connect(url, postgres::NoTls).expect("connects");
            client
                .batch_execute(&format!(
                    "SET application_name = 'caseload import by {importer}'; SELECT pg_advisory_lock({IMPORT_LOCK});
                     BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK});"
                ))
                .expect("marked running, holding the write lock");
            return PlayedImport::Server(client);
        }
        let marker = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(env.dir.path().join("caseload.db-import"))
            .expect("marker");
        let mut marker = nix::fcntl::Flock::lock(marker, nix::fcntl::FlockArg::LockExclusive).expect("marked running");
        std::io::Write::write_all(&mut *marker, importer.as_bytes()).expect("importer named");
        let lock = rusqlite::Connection::open(&env.db).expect("opens");
        lock.execute_batch("BEGIN IMMEDIATE").expect("holds the write lock");
        PlayedImport::File { _marker: marker, lock }
    }

    /// Commits, then ends the mark.
    fn finish(self) {
        match self {
            PlayedImport::File { _marker, lock } => {
                lock.execute_batch("COMMIT").expect("import done");
                drop(_marker);
            }
            PlayedImport::Server(mut client) => {
                client
                    .batch_execute(&format!("COMMIT; SELECT pg_advisory_unlock({IMPORT_LOCK})"))
                    .expect("import done");
            }
        }
    }
}

#[test]
fn a_note_kept_out_by_an_import_longer_than_the_busy_timeout_waits_and_is_saved() {
    let env = Env::new();
    let mut config =
        std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(&env.config).expect("config");
    std::io::Write::write_all(&mut config, b"busy_timeout_ms = 200\n").expect("config written");
    let client = env.add_client("Ada", "Quill", Risk::High).to_string();

    let import = PlayedImport::start(&env, "riley");

    let body = "Called, reached, plan reviewed.";
    let (sender, ended) = std::sync::mpsc::channel();
    let mut note = env.cmd();
    note.args(["note", "add", &client, "--body", body]);
    std::thread::spawn(move || sender.send(note.output().expect("note add runs")));
    // Many busy timeouts long.
    assert!(ended.recv_timeout(Duration::from_millis(1500)).is_err(), "the note gave up while the import ran");
    import.finish();

    let output = ended.recv().expect("note add ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "refused: {stderr}");
    assert_eq!(stderr, "waiting for an import by riley to finish…\n", "said once, and why");
    let id: i64 = String::from_utf8_lossy(&output.stdout).trim().parse().expect("the new note's id");
    assert_eq!(env.store().note(id).expect("saved").body, body);
}

/// A second import waits for the first, saying who runs it, then runs.
#[test]
fn an_import_during_another_import_waits_for_it() {
    let env = Env::new();
    env.add_client("Ada", "Quill", Risk::High);
    let csv = env.dir.path().join("clients.csv");
    common::synthetic::clients_csv(3, std::fs::File::create(&csv).expect("csv")).expect("csv written");
    let import = PlayedImport::start(&env, "riley");
    let (sender, ended) = std::sync::mpsc::channel();
    let mut second = env.cmd();
    second.args(["import", "clients", csv.to_str().expect("path")]);
    std::thread::spawn(move || sender.send(second.output().expect("import runs")));
    assert!(
        ended.recv_timeout(Duration::from_millis(1500)).is_err(),
        "the second import gave up or ran over the first"
    );
    import.finish();
    let output = ended.recv().expect("the second import ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "refused: {stderr}");
    assert_eq!(stderr, "waiting for an import by riley to finish…\n", "said once, and why");
    assert_eq!(String::from_utf8_lossy(&output.stdout), "Imported 3 clients.\n");
}

/// An importer that died (killed, its link dropped) leaves nobody waiting:
/// the kernel lets go of the marker's lock, the server of the connection's.
#[test]
fn an_import_that_died_keeps_nobody_waiting() {
    let env = Env::new();
    let client = env.add_client("Ada", "Quill", Risk::High).to_string();
    match PlayedImport::start(&env, "riley") {
        // What a killed importer leaves: the marker with its name, and no lock.
        PlayedImport::File { _marker, lock } => {
            drop(lock);
            drop(_marker);
        }
        PlayedImport::Server(client) => drop(client),
    }
    let output = env.cmd().args(["note", "add", &client, "--body", "Called."]).output().expect("runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
    let store = env.store();
    // Given a moment, the server has ended the dead connection's session.
    let gone = (0..50).any(|_| {
        std::thread::sleep(Duration::from_millis(20));
        store.running_import().is_none()
    });
    assert!(gone, "the dead import is not a running import");
}
