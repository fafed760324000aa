//! Opening a database file safely: permissions first, then SQLite, then the
//! schema version check, pragmas and migrations.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};

use super::db::Db;
use super::{Result, StoreError, migrate};
use crate::files::{self, FileError, Sharing};

/// How to open a store.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// Who writes: recorded on every row and audit entry.
    pub user: String,
    /// The operating-system account running the process (whatever `user`
    /// says), recorded on every audit entry.
    pub os_user: String,
    /// The program's "now", recorded as created_at.
    pub now: DateTime<Utc>,
    pub sharing: Sharing,
    pub busy_timeout: Duration,
}

/// Whether opening may make a new database where there is none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// Create it (and set up an empty file): commands that add records, the interface.
    Create,
    /// Refuse: read-only commands never create a database (SPEC §6).
    Refuse,
}

pub(super) fn open_connection(path: &Path, options: &OpenOptions, missing: Missing) -> Result<Db> {
    let display = path.display().to_string();
    check_directory(path)?;
    // Created here with the right mode so SQLite never makes it with the umask;
    // if another process created it first, it is checked like any existing file.
    let created = match files::metadata(path)? {
        None if missing == Missing::Refuse => return Err(StoreError::Missing { path: display }),
        None => match files::create_private(path, &options.sharing) {
            Ok(_) => true,
            Err(error) if error.already_exists() => false,
            Err(error) => return Err(error.into()),
        },
        Some(_) => false,
    };
    if !created {
        let metadata = check_existing(path, &options.sharing)?;
        if metadata.len() == 0 && missing == Missing::Refuse {
            return Err(StoreError::Empty { path: display });
        }
    }
    let result = configure(path, options);
    if result.is_err() && created {
        // Leave nothing behind from a start that failed.
        files::remove_with_companions(path);
    }
    result.map_err(|error| match error {
        StoreError::NotADatabase { .. } => StoreError::NotADatabase { path: display },
        other => other,
    })
}

/// The directory must be there and searchable; "does not exist" is said only
/// when that is true.
fn check_directory(path: &Path) -> Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    match std::fs::metadata(dir) {
        Ok(metadata) if metadata.is_dir() => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::PermissionDenied => {
            Err(FileError::NoAccess { path: dir.display().to_string() }.into())
        }
        _ => Err(StoreError::MissingDirectory { dir: dir.display().to_string() }),
    }
}

/// Checks a database that is there, and SQLite's files beside it, before
/// SQLite touches any of them: a read-only `-shm` would otherwise make every
/// write fail as "read-only", and a read-only database would make SQLite
/// create its `-shm` read-only too.
fn check_existing(path: &Path, sharing: &Sharing) -> Result<std::fs::Metadata> {
    let metadata = files::check_database_file(path, sharing, true)?;
    let [wal, shm, _] = files::companions(path);
    for companion in [wal, shm] {
        files::check_companion(&companion, sharing)?;
    }
    Ok(metadata)
}

fn configure(path: &Path, options: &OpenOptions) -> Result<Db> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(options.busy_timeout)?;
    // Read the version before changing anything, so a newer or foreign file is
    // left byte-for-byte as it was.
    // One read transaction, so a version and the tables are seen from the same
    // moment even while another process is creating the schema.
    conn.execute_batch("BEGIN")?;
    let seen = raw_user_version(&conn).and_then(|version| Ok((version, migrate::has_tables(&conn)?)));
    match &seen {
        Ok(_) => conn.execute_batch("COMMIT")?,
        // A failed read (a full disk, a damaged file) may already have ended
        // the transaction: its own error is the one to report.
        Err(_) => {
            let _ = conn.execute_batch("ROLLBACK");
        }
    }
    let (version, has_tables) = seen?;
    let version = match u32::try_from(version) {
        Ok(version) if version <= migrate::LATEST_VERSION => version,
        Ok(found) => {
            return Err(StoreError::NewerSchema {
                path: path.display().to_string(),
                found,
                known: migrate::LATEST_VERSION,
            });
        }
        Err(_) => return Err(StoreError::BadSchemaVersion { path: path.display().to_string(), found: version }),
    };
    if version == 0 && has_tables {
        return Err(StoreError::NotADatabase { path: path.display().to_string() });
    }
    use_wal(&conn, options.busy_timeout)?;
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")?;
    let db = Db::Sqlite(conn);
    migrate::migrate(&db, path, version, &options.sharing)?;
    Ok(db)
}

/// A read-only connection to a database `open_connection` has opened (so
/// checked, migrated and in WAL mode): a second reader for another thread.
pub(super) fn open_reader(path: &Path, busy_timeout: Duration) -> Result<Db> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(busy_timeout)?;
    Ok(Db::Sqlite(conn))
}

/// Puts the file in WAL mode (a no-op once it is). Switching a new file
/// upgrades a read lock to the write lock, and SQLite refuses that upgrade at
/// once, without its busy handler, while another process writes (waiting
/// could deadlock two upgraders); so it is tried again here, in short steps,
/// for as long as the busy timeout allows.
fn use_wal(conn: &Connection, busy_timeout: Duration) -> Result<()> {
    const STEP: Duration = Duration::from_millis(10);
    let started = Instant::now();
    loop {
        match conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get::<_, String>(0)) {
            Ok(mode) if mode.eq_ignore_ascii_case("wal") => return Ok(()),
            Ok(_) => return Err(StoreError::ReadOnly),
            Err(error) => match StoreError::from(error) {
                StoreError::Busy if started.elapsed() < busy_timeout => std::thread::sleep(STEP),
                other => return Err(other),
            },
        }
    }
}

/// `PRAGMA user_version` as SQLite holds it: a signed 32-bit number.
fn raw_user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |row| row.get(0))?)
}
