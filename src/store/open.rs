//! Opening a database file safely: permissions first, then SQLite, then the
//! schema version check, pragmas and migrations.

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};

use super::{Result, StoreError, migrate};
use crate::files::{self, Sharing};

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

pub(super) fn open_connection(path: &Path, options: &OpenOptions) -> Result<Connection> {
    let display = path.display().to_string();
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(StoreError::MissingDirectory { dir: dir.display().to_string() });
    }
    // Created here with the right mode so SQLite never makes it with the umask;
    // if another process created it first, it is checked like any existing file.
    let created = match files::create_private(path, &options.sharing) {
        Ok(_) => true,
        Err(error) if error.already_exists() => {
            files::check_private(path, &options.sharing)?;
            false
        }
        Err(error) => return Err(error.into()),
    };
    let result = configure(path, options);
    if result.is_err() && created {
        // Leave nothing behind from a start that failed.
        let _ = std::fs::remove_file(path);
    }
    result.map_err(|error| match error {
        StoreError::NotADatabase { .. } => StoreError::NotADatabase { path: display },
        other => other,
    })
}

fn configure(path: &Path, options: &OpenOptions) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(options.busy_timeout)?;
    // Read the version before changing anything, so a newer or foreign file is
    // left byte-for-byte as it was.
    // One read transaction, so a version and the tables are seen from the same
    // moment even while another process is creating the schema.
    conn.execute_batch("BEGIN")?;
    let seen = migrate::user_version(&conn).and_then(|version| Ok((version, migrate::has_tables(&conn)?)));
    conn.execute_batch("COMMIT")?;
    let (version, has_tables) = seen?;
    if version > migrate::LATEST_VERSION {
        return Err(StoreError::NewerSchema {
            path: path.display().to_string(),
            found: version,
            known: migrate::LATEST_VERSION,
        });
    }
    if version == 0 && has_tables {
        return Err(StoreError::NotADatabase { path: path.display().to_string() });
    }
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::ReadOnly);
    }
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")?;
    migrate::migrate(&conn, path, version, &options.sharing)?;
    Ok(conn)
}
