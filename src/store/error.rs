//! What can go wrong in the store, in cases a caller may need to tell apart.

use thiserror::Error;

use super::server_url;
use crate::domain::Invalid;
use crate::files::FileError;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("{0}")]
    Invalid(#[from] Invalid),
    #[error("no {entity} with {key} {value}")]
    NotFound { entity: &'static str, key: &'static str, value: String },
    #[error("the database is busy: another caseload is writing to it")]
    Busy,
    #[error(
        "the database {path} was written by a newer caseload (schema version {found}; this one knows up to {known})"
    )]
    NewerSchema { path: String, found: u32, known: u32 },
    #[error("the {} {path} is not a caseload database", if server_url(std::path::Path::new(path)).is_some() { "database" } else { "file" })]
    NotADatabase { path: String },
    #[error("the file {path} is empty, not a caseload database")]
    Empty { path: String },
    #[error("there is no database at {path}")]
    Missing { path: String },
    #[error("the directory {dir} does not exist")]
    MissingDirectory { dir: String },
    #[error("the database {path} has schema version {found}, which no caseload writes, so it was left as it is")]
    BadSchemaVersion { path: String, found: i64 },
    #[error(
        "the database {path} could not be brought from schema version {from} to {to} ({reason}), so it was left at version {from}"
    )]
    MigrationFailed { path: String, from: u32, to: u32, reason: String },
    #[error("the database could not be written: a file or the directory it is in is read-only")]
    ReadOnly,
    #[error("the disk is full: nothing was written")]
    DiskFull,
    #[error("the disk failed to read or write the database: nothing was written")]
    DiskFailed,
    #[error("the database file is damaged: SQLite found a malformed page in it")]
    Damaged,
    #[error("{message}")]
    Conflict { message: String, hint: String },
    #[error("{0}")]
    Unreadable(super::UnreadableRow),
    #[error(transparent)]
    File(#[from] FileError),
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("database server error: {0}")]
    Postgres(super::db::DbError),
    #[error("a database on a PostgreSQL server is backed up by the server's own tools, not by caseload")]
    BackupByServer,
    #[error("the database server at {url} could not be reached ({reason})")]
    Unreachable { url: String, reason: String },
}

impl StoreError {
    pub fn not_found(entity: &'static str, key: &'static str, value: impl ToString) -> Self {
        StoreError::NotFound { entity, key, value: value.to_string() }
    }

    /// One short suggestion for what to do next.
    pub fn hint(&self) -> String {
        match self {
            StoreError::Invalid(invalid) => invalid.hint.clone(),
            StoreError::NotFound { entity: "client", .. } => {
                "give the client's id or MRN; `caseload client list --all` lists them".into()
            }
            StoreError::NotFound { entity, .. } => {
                format!("check the {entity} id; the list commands show them")
            }
            StoreError::Busy => {
                "try again in a moment; raise busy_timeout_ms in the config if it keeps happening".into()
            }
            StoreError::NewerSchema { .. } => {
                "upgrade caseload to the newest version; the database was left unchanged".into()
            }
            StoreError::NotADatabase { path } if server_url(std::path::Path::new(path)).is_some() => {
                "check --db or database_url in the config: caseload sets up an empty database, or one it set up before".into()
            }
            StoreError::NotADatabase { .. } => "check --db or db_path in the config".into(),
            StoreError::Empty { .. } => {
                "check --db and db_path; `caseload init` turns an empty file into a caseload database".into()
            }
            StoreError::Missing { .. } => {
                "check --db and db_path; `caseload init` (or any command that adds a record) creates the database".into()
            }
            StoreError::MissingDirectory { .. } => "create the directory first, or choose another --db".into(),
            StoreError::BadSchemaVersion { .. } | StoreError::MigrationFailed { .. } => {
                "restore a copy made by `caseload backup`; the version number in the file does not match its tables, as if it was changed by hand".into()
            }
            StoreError::ReadOnly => "run `caseload check`: it names the read-only file or directory".into(),
            StoreError::DiskFull => "free some disk space and try again; what was saved before is intact".into(),
            StoreError::DiskFailed => {
                "check free space with `df -h`; if there is room, the disk may be failing: copy the database with `caseload backup` now".into()
            }
            StoreError::Damaged => {
                "restore the newest copy made by `caseload backup` after testing it with `caseload --db COPY check`, or salvage what is left with `sqlite3 DB .recover`".into()
            }
            StoreError::Conflict { hint, .. } => hint.clone(),
            StoreError::Unreadable(_) => {
                "run `caseload check` to list every record this version cannot read, then repair or restore it".into()
            }
            StoreError::File(error) => error.hint(),
            StoreError::Sqlite(_) => "run `caseload check`; it reports damage, permissions and the schema version".into(),
            StoreError::Postgres(_) => {
                "run `caseload check`; it reports the connection, the schema version and the audit chain".into()
            }
            StoreError::BackupByServer => {
                "run `pg_dump --format=custom --file=caseload.dump URL` (the URL of database_url), or ask the server's administrator for its backups".into()
            }
            StoreError::Unreachable { .. } => {
                "check database_url (or --db): host, port, database name and user; `psql URL` should connect".into()
            }
        }
    }
}

/// SQLite's "could not grow the shared-memory file": a full disk in practice.
const SQLITE_IOERR_SHMSIZE: std::ffi::c_int = rusqlite::ffi::SQLITE_IOERR | (19 << 8);

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        let extended = match &error {
            rusqlite::Error::SqliteFailure(failure, _) => failure.extended_code,
            _ => 0,
        };
        match error.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy,
            Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => StoreError::ReadOnly,
            Some(ErrorCode::DiskFull) => StoreError::DiskFull,
            Some(ErrorCode::SystemIoFailure) if extended == SQLITE_IOERR_SHMSIZE => StoreError::DiskFull,
            Some(ErrorCode::SystemIoFailure) => StoreError::DiskFailed,
            Some(ErrorCode::DatabaseCorrupt) => StoreError::Damaged,
            Some(ErrorCode::NotADatabase) => StoreError::NotADatabase { path: "given".into() },
            _ => StoreError::Sqlite(error),
        }
    }
}

impl From<super::db::DbError> for StoreError {
    fn from(error: super::db::DbError) -> Self {
        use postgres::error::SqlState;
        let postgres = match error {
            super::db::DbError::Sqlite(error) => return error.into(),
            super::db::DbError::Postgres(error) => error,
        };
        match postgres.code() {
            Some(code)
                if *code == SqlState::LOCK_NOT_AVAILABLE
                    || *code == SqlState::T_R_SERIALIZATION_FAILURE
                    || *code == SqlState::T_R_DEADLOCK_DETECTED =>
            {
                StoreError::Busy
            }
            Some(code) if *code == SqlState::DISK_FULL => StoreError::DiskFull,
            Some(code) if *code == SqlState::DATA_CORRUPTED || *code == SqlState::INDEX_CORRUPTED => {
                StoreError::Damaged
            }
            Some(code) if *code == SqlState::READ_ONLY_SQL_TRANSACTION || *code == SqlState::INSUFFICIENT_PRIVILEGE => {
                StoreError::ReadOnly
            }
            _ => StoreError::Postgres(super::db::DbError::Postgres(postgres)),
        }
    }
}

/// SQLite's own words for an error, without the statement it came from
/// (a migration's whole script would otherwise land on one line).
pub(super) fn sqlite_words(error: &rusqlite::Error) -> String {
    match error {
        rusqlite::Error::SqliteFailure(_, Some(message)) => message.clone(),
        rusqlite::Error::SqliteFailure(failure, None) => failure.to_string(),
        rusqlite::Error::SqlInputError { msg, .. } => msg.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::StoreError;
    use crate::files::Sharing;
    use crate::store::{OpenOptions, Store};

    #[test]
    fn a_write_with_no_room_left_is_disk_full_and_the_store_stays_usable() {
        let dir = tempfile::tempdir().expect("tempdir");
        let options = OpenOptions {
            user: "casey".into(),
            os_user: "casey".into(),
            now: chrono::DateTime::UNIX_EPOCH,
            sharing: Sharing::Private,
            busy_timeout: std::time::Duration::from_secs(1),
        };
        let mut store = Store::open(&dir.path().join("full.db"), &options).expect("opens");
        let pages: i64 = store.conn().query_row("PRAGMA page_count", [], |row| row.get(0)).expect("pages");
        let _: i64 =
            store.conn().query_row(&format!("PRAGMA max_page_count = {pages}"), [], |row| row.get(0)).expect("cap");
        let error = store
            .write(|w| {
                Ok(w.conn().execute_batch("CREATE TABLE filler (x); INSERT INTO filler VALUES (zeroblob(200000));")?)
            })
            .expect_err("no room");
        assert!(matches!(error, StoreError::DiskFull), "{error}");
        store.write(|_| Ok(())).expect("the next write starts a fresh transaction");
    }
}
