//! Schema versions on `PRAGMA user_version`: an append-only list of SQL
//! scripts, each applied in its own transaction, with a backup of the file
//! taken before any migration of a database that already holds data.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::Result;
use crate::files::{self, Sharing};

/// Migration N brings the schema from version N-1 to N. Never edit one that shipped.
const MIGRATIONS: &[&str] = &[include_str!("migrations/0001_initial.sql")];

pub const LATEST_VERSION: u32 = MIGRATIONS.len() as u32;

pub fn user_version(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row("PRAGMA user_version", [], |row| row.get(0))?)
}

pub(super) fn has_tables(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row("SELECT count(*) > 0 FROM sqlite_master", [], |row| row.get(0))?)
}

pub(super) fn migrate(conn: &Connection, path: &Path, from: u32, sharing: &Sharing) -> Result<()> {
    if from == LATEST_VERSION {
        return Ok(());
    }
    if from > 0 {
        backup_before_migration(conn, path, from, sharing)?;
    }
    for (index, script) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        let version = index as u32 + 1;
        conn.execute_batch(&format!("BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {version};\nCOMMIT;"))
            .inspect_err(|_| {
                let _ = conn.execute_batch("ROLLBACK");
            })?;
    }
    Ok(())
}

/// `caseload.db` at version 1 is copied to `caseload.db.v1.bak` (or `.v1.2.bak`…).
fn backup_before_migration(conn: &Connection, path: &Path, version: u32, sharing: &Sharing) -> Result<()> {
    let target = free_backup_path(path, version);
    files::create_private(&target, sharing)?;
    conn.execute("VACUUM INTO ?1", [target.display().to_string()]).inspect_err(|_| {
        let _ = std::fs::remove_file(&target);
    })?;
    Ok(())
}

fn free_backup_path(path: &Path, version: u32) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "caseload.db".into());
    (1..)
        .map(|n| {
            let suffix = if n == 1 { format!("v{version}.bak") } else { format!("v{version}.{n}.bak") };
            path.with_file_name(format!("{name}.{suffix}"))
        })
        .find(|candidate| !candidate.exists())
        .unwrap_or_else(|| path.with_file_name(format!("{name}.v{version}.bak")))
}
