//! `caseload backup`: a consistent copy of the live database through SQLite's
//! online backup API (never a file copy, which can tear a WAL database).

use std::path::Path;
use std::thread::sleep;
use std::time::Duration;

use rusqlite::Connection;
use rusqlite::backup::{Backup, StepResult};

use super::{AuditAction, Result, Store, StoreError};
use crate::files::{self, Sharing};

/// How often a busy or locked step is retried before giving up (with a pause each time).
const BUSY_RETRIES: u32 = 200;
const BUSY_PAUSE: Duration = Duration::from_millis(25);

impl Store {
    /// Copies the database into a new file at `target`, created with the
    /// sharing's mode; returns the copy's size in bytes. Other processes may
    /// keep writing: the copy is taken in one read transaction, which WAL lets
    /// run beside writers, so it is the database as of one instant.
    pub fn backup_to(&mut self, target: &Path, sharing: &Sharing) -> Result<u64> {
        if self.conn.sqlite().is_none() {
            return Err(StoreError::BackupByServer);
        }
        // Never overwrites: an existing file (or link) is refused as it is.
        files::create_private(target, sharing)?;
        let Some(conn) = self.conn.sqlite() else { return Err(StoreError::BackupByServer) };
        let copied = copy_into(conn, target).and_then(|()| {
            std::fs::metadata(target)
                .map(|m| m.len())
                .map_err(|source| files::FileError::Io { path: target.display().to_string(), source }.into())
        });
        match copied {
            Ok(size) => {
                self.audit(AuditAction::Export, "backup", None, "whole database")?;
                Ok(size)
            }
            Err(error) => {
                // A half-written copy must not pass for a backup, and its
                // journal must not be left beside it.
                files::remove_with_companions(target);
                Err(error)
            }
        }
    }
}

/// Copies every page in one step: a single read transaction, so writers
/// committing meanwhile never force the copy to restart.
fn copy_into(source: &Connection, target: &Path) -> Result<()> {
    let mut destination = Connection::open(target)?;
    {
        let backup = Backup::new(source, &mut destination)?;
        let mut retries = 0;
        loop {
            match backup.step(-1)? {
                StepResult::Done => break,
                StepResult::More | StepResult::Busy | StepResult::Locked if retries < BUSY_RETRIES => {
                    retries += 1;
                    sleep(BUSY_PAUSE);
                }
                _ => return Err(StoreError::Busy),
            }
        }
    }
    destination.close().map_err(|(_, error)| error)?;
    Ok(())
}
