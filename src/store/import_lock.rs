//! A running import, visible to other processes (SPEC §6: imports never lock
//! others out). SQLite has one writer at a time and an import of a million
//! rows holds the write lock for seconds, longer than any busy timeout; a
//! writer that finds the database busy asks here whether an import is the
//! reason, and if so says who is importing and keeps waiting.
//!
//! The marker is a file beside the database (`caseload.db-import`) holding
//! the importer's name, with an exclusive `flock` held for exactly as long as
//! the import runs. The kernel drops the lock when its process ends, however
//! it ends, so a crashed import never makes anyone wait. The file itself is
//! left in place: removing it would race with a process about to lock it.
//!
//! A PostgreSQL server has no file beside it; there the same mark is a
//! session-level advisory lock (`IMPORT_LOCK`) held by the importer's
//! connection, which names the importer in its `application_name`. Others
//! find the lock's holder in `pg_locks` and its name in `pg_stat_activity`
//! (both readable by every role). The server drops the lock when the
//! connection ends, however it ends.

use std::fs::File;
use std::io::{Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use nix::errno::Errno;
use nix::fcntl::{Flock, FlockArg};

use super::db::{Db, Optional};
use super::{IMPORT_POLL, Result};
use crate::files::{self, FileError, Sharing};

/// Names longer than this are cut when shown (the file is only ever ours).
const LONGEST_NAME: usize = 64;

/// An import in progress; dropping it ends the mark.
pub(crate) struct ImportLock {
    _lock: Flock<File>,
}

fn marker_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-import");
    PathBuf::from(name)
}

impl ImportLock {
    /// Marks an import by `user` as running. Another import already running
    /// is waited for (after `notice` names its user): two imports would only
    /// take turns at SQLite's write lock anyway.
    pub(crate) fn hold(db: &Path, user: &str, sharing: &Sharing, notice: Option<&dyn Fn(&str)>) -> Result<ImportLock> {
        let path = marker_path(db);
        let file = match files::create_private(&path, sharing) {
            Ok(file) => file,
            Err(error) if error.already_exists() => {
                files::check_private(&path, sharing)?;
                std::fs::OpenOptions::new()
                    .write(true)
                    .custom_flags(nix::libc::O_NOFOLLOW)
                    .open(&path)
                    .map_err(|error| FileError::Io { path: path.display().to_string(), source: error })?
            }
            Err(error) => return Err(error.into()),
        };
        let lock = match Flock::lock(file, FlockArg::LockExclusiveNonblock) {
            Ok(lock) => lock,
            Err((file, _)) => {
                if let Some(notice) = notice {
                    notice(&running(db).unwrap_or_else(|| "another user".into()));
                }
                Flock::lock(file, FlockArg::LockExclusive).map_err(|(_, errno)| io_error(&path, errno))?
            }
        };
        lock.set_len(0)
            .and_then(|()| (&*lock).write_all(user.as_bytes()))
            .map_err(|error| FileError::Io { path: path.display().to_string(), source: error })?;
        Ok(ImportLock { _lock: lock })
    }
}

fn io_error(path: &Path, errno: Errno) -> FileError {
    FileError::Io { path: path.display().to_string(), source: std::io::Error::from(errno) }
}

/// Who is importing into the database at `db` right now, if anyone.
pub(crate) fn running(db: &Path) -> Option<String> {
    let file = File::open(marker_path(db)).ok()?;
    match Flock::lock(file, FlockArg::LockSharedNonblock) {
        // Nobody holds it (the lock is dropped again at once).
        Ok(_free) => None,
        Err((mut file, Errno::EWOULDBLOCK)) => {
            let mut name = String::new();
            // Written just after the lock is taken: empty for that instant.
            let _ = file.read_to_string(&mut name);
            let name: String = name.chars().filter(|c| !c.is_control()).take(LONGEST_NAME).collect();
            Some(if name.trim().is_empty() { "another user".into() } else { name })
        }
        Err(_) => None,
    }
}

/// The key of the advisory lock an import holds on a server, for as long as
/// it runs (its session's, not its transaction's: it is taken before the
/// import's write transaction begins and let go after it ends).
const IMPORT_LOCK: i64 = 0x6361_7365_696d_706f; // "caseimpo"

/// What an importing connection calls itself, before the importer's name.
const IMPORTER: &str = "caseload import by ";

/// Marks an import by `user` as running on the server of `db`, until
/// `unmark_on_server`. Another import already running is waited for (after
/// `notice` names its user), however long it takes, as on SQLite.
pub(crate) fn mark_on_server(db: &Db, user: &str, notice: Option<&dyn Fn(&str)>) -> Result<()> {
    let name: String = user.chars().filter(|c| !c.is_control()).take(LONGEST_NAME).collect();
    let mut told = false;
    loop {
        // Named first: whoever sees the lock held finds the name with it.
        db.query_row("SELECT set_config('application_name', ?1, false)", [format!("{IMPORTER}{name}")], |_| Ok(()))?;
        let locked: bool =
            db.query_row(&format!("SELECT pg_try_advisory_lock({IMPORT_LOCK})"), [], |row| row.get(0))?;
        if locked {
            return Ok(());
        }
        db.execute_batch("RESET application_name")?;
        if !told && let Some(notice) = notice {
            notice(&running_on_server(db).unwrap_or_else(|| "another user".into()));
            told = true;
        }
        std::thread::sleep(IMPORT_POLL);
    }
}

/// Ends this connection's mark (the lock, then the name).
pub(crate) fn unmark_on_server(db: &Db) -> Result<()> {
    db.query_row(&format!("SELECT pg_advisory_unlock({IMPORT_LOCK})"), [], |_| Ok(()))?;
    Ok(db.execute_batch("RESET application_name")?)
}

/// Who is importing into the server database of `db` right now, if anyone
/// (not this connection: its own import is not one to wait for).
pub(crate) fn running_on_server(db: &Db) -> Option<String> {
    // A bigint advisory key is shown in pg_locks as its high and low halves.
    let (high, low) = ((IMPORT_LOCK >> 32) & 0xFFFF_FFFF, IMPORT_LOCK & 0xFFFF_FFFF);
    let sql = format!(
        "SELECT coalesce(a.application_name, '') FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE l.locktype = 'advisory' AND l.granted AND l.pid <> pg_backend_pid()
           AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
           AND l.classid = {high}::oid AND l.objid = {low}::oid AND l.objsubid = 1"
    );
    let name: String = db.query_row(&sql, [], |row| row.get(0)).optional().ok().flatten()?;
    let name: String = name.strip_prefix(IMPORTER).unwrap_or("").chars().filter(|c| !c.is_control()).collect();
    Some(if name.trim().is_empty() { "another user".into() } else { name })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_import_is_seen_while_it_runs_and_not_after() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("team.db");
        assert_eq!(running(&db), None);
        let lock = ImportLock::hold(&db, "casey", &Sharing::Private, None).expect("marked");
        assert_eq!(running(&db).as_deref(), Some("casey"));
        drop(lock);
        assert_eq!(running(&db), None, "the file stays, but nobody holds it");
        let again = ImportLock::hold(&db, "riley", &Sharing::Private, None).expect("marked again");
        assert_eq!(running(&db).as_deref(), Some("riley"));
        drop(again);
    }

    #[test]
    fn a_marker_left_by_a_dead_import_is_not_a_running_import() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("team.db");
        // What a killed importer leaves: the file with its name, and no lock.
        std::fs::write(marker_path(&db), "casey").expect("marker");
        assert_eq!(running(&db), None);
    }
}
