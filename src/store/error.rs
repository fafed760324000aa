//! What can go wrong in the store, in cases a caller may need to tell apart.

use thiserror::Error;

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
    #[error("{path} is not a caseload database")]
    NotADatabase { path: String },
    #[error("the directory {dir} does not exist")]
    MissingDirectory { dir: String },
    #[error("the database is read-only or its directory is not writable")]
    ReadOnly,
    #[error("the disk is full: nothing was written")]
    DiskFull,
    #[error("{message}")]
    Conflict { message: String, hint: String },
    #[error("{0}")]
    Unreadable(super::UnreadableRow),
    #[error(transparent)]
    File(#[from] FileError),
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
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
            StoreError::NotADatabase { .. } => "check --db or db_path in the config".into(),
            StoreError::MissingDirectory { .. } => "create the directory first, or choose another --db".into(),
            StoreError::ReadOnly => "check the permissions of the database file and its directory".into(),
            StoreError::DiskFull => "free some disk space and try again; what was saved before is intact".into(),
            StoreError::Conflict { hint, .. } => hint.clone(),
            StoreError::Unreadable(_) => {
                "run `caseload check` to list every record this version cannot read, then repair or restore it".into()
            }
            StoreError::File(error) => error.hint(),
            StoreError::Sqlite(_) => "run `caseload check` to look for damage".into(),
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match error.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy,
            Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => StoreError::ReadOnly,
            Some(ErrorCode::DiskFull) => StoreError::DiskFull,
            Some(ErrorCode::NotADatabase) => StoreError::NotADatabase { path: "the file".into() },
            _ => StoreError::Sqlite(error),
        }
    }
}
