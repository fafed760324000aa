//! `caseload backup PATH`: a consistent, private copy taken while another
//! connection keeps writing. A database on a PostgreSQL server is backed up by
//! the server's own tools: there `backup` refuses in one sentence and writes
//! nothing.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use caseload::domain::client::Risk;
use caseload::domain::note::{ContactType, Direction, Note, Outcome};
use common::{Env, now};

fn note(client_id: i64, n: usize) -> Note {
    Note {
        id: 0,
        client_id,
        author: common::USER.into(),
        contact_at: now(),
        contact_type: ContactType::Phone,
        direction: Direction::Outbound,
        outcome: Outcome::Reached,
        minutes: 5,
        body: format!("Synthetic check-in number {n}, repeated to fill pages. ").repeat(20),
        program: None,
        addendum_of: None,
        created_at: now(),
    }
}

#[test]
fn a_backup_taken_while_notes_are_written_is_consistent_and_private() {
    if common::sqlite_only("the SQLite backup file") {
        return;
    }
    let env = Env::new();
    let client = env.add_client("Ada", "Backup", Risk::High);
    let mut store = env.store();
    for n in 0..200 {
        store.add_note(note(client, n)).expect("note");
    }
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let stop = Arc::clone(&stop);
        let mut store = env.store();
        std::thread::spawn(move || {
            let mut written = 0;
            while !stop.load(Ordering::Relaxed) {
                store.add_note(note(client, 1000 + written)).expect("note while backing up");
                written += 1;
            }
            written
        })
    };
    let copies: Vec<_> = (0..3).map(|n| env.dir.path().join(format!("copy-{n}.db"))).collect();
    for copy in &copies {
        let out = env.ok(&["backup", copy.to_str().expect("utf-8 path")]);
        assert!(out.starts_with(copy.to_str().expect("path")), "{out}");
        assert!(out.contains("KiB") || out.contains("MiB"), "{out}");
    }
    stop.store(true, Ordering::Relaxed);
    let written = writer.join().expect("writer thread");
    assert!(written > 0, "the writer kept writing during the backups");

    for copy in &copies {
        let mode = std::fs::metadata(copy).expect("copy exists").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", copy.display());
        let conn = rusqlite::Connection::open(copy).expect("copy opens");
        let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("integrity");
        assert_eq!(integrity, "ok");
        let notes: i64 = conn.query_row("SELECT count(*) FROM note", [], |r| r.get(0)).expect("count");
        assert!(notes >= 200, "{notes}");
        // The full-text index matches its notes: the copy is of one instant.
        conn.execute("INSERT INTO note_search (note_search) VALUES ('integrity-check')", [])
            .expect("search index matches the notes");
        drop(conn);
        let output = env.cmd_on(copy).arg("check").output().expect("check runs");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stdout));
    }
    let exports: i64 = env
        .store()
        .conn()
        .query_row("SELECT count(*) FROM audit WHERE action = 'export' AND entity = 'backup'", [], |r| r.get(0))
        .expect("audit rows");
    assert_eq!(exports, 3);
}

#[test]
fn an_existing_file_is_never_overwritten() {
    if common::sqlite_only("the SQLite backup file; a server refuses before any file") {
        return;
    }
    let env = Env::new();
    env.add_client("Ada", "Backup", Risk::Low);
    let target = env.dir.path().join("already.db");
    std::fs::write(&target, b"precious").expect("write");
    let target_text = target.to_str().expect("path");
    env.refused_unchanged(&["backup", target_text], "already exists");
    assert_eq!(std::fs::read(&target).expect("read"), b"precious");
}

#[test]
fn a_server_database_is_left_to_the_servers_tools_and_nothing_is_written() {
    if !common::on_postgres() {
        eprintln!("PostgreSQL only (a SQLite file is backed up by caseload): not run against SQLite");
        return;
    }
    let env = Env::new();
    env.add_client("Ada", "Backup", Risk::High);
    let target = env.dir.path().join("copy.db");
    let stderr = env.refused_unchanged(
        &["backup", target.to_str().expect("utf-8 path")],
        "is backed up by the server's own tools, not by caseload",
    );
    assert_eq!(stderr.lines().count(), 2, "one sentence and a hint: {stderr}");
    assert!(stderr.contains("hint: run `pg_dump "), "{stderr}");
    assert!(!target.exists(), "no file was made");
    let left = std::fs::read_dir(env.dir.path()).expect("dir").filter_map(Result::ok);
    assert!(left.into_iter().all(|entry| !entry.file_name().to_string_lossy().starts_with("copy.db")));
}
