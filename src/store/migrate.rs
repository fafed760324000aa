//! Schema versions on `PRAGMA user_version`: an append-only list of SQL
//! scripts, each applied in its own transaction, with a backup of the file
//! taken before any migration of a database that already holds data.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::error::sqlite_words;
use super::{Result, StoreError};
use crate::files::{self, Sharing};

/// Migration N brings the schema from version N-1 to N. Never edit one that shipped.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_alert_indexes.sql"),
    include_str!("migrations/0003_covering_note_indexes.sql"),
    include_str!("migrations/0004_last_contact.sql"),
];

pub const LATEST_VERSION: u32 = MIGRATIONS.len() as u32;

pub fn user_version(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row("PRAGMA user_version", [], |row| row.get(0))?)
}

pub(super) fn has_tables(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row("SELECT count(*) > 0 FROM sqlite_master", [], |row| row.get(0))?)
}

pub(super) fn migrate(conn: &Connection, path: &Path, from: u32, sharing: &Sharing) -> Result<()> {
    apply(conn, path, from, sharing, MIGRATIONS)
}

fn apply(conn: &Connection, path: &Path, from: u32, sharing: &Sharing, migrations: &[&str]) -> Result<()> {
    if from as usize >= migrations.len() {
        return Ok(());
    }
    let backup = if from > 0 { Some(backup_before_migration(conn, path, from, sharing)?) } else { None };
    let mut at = from;
    for (index, script) in migrations.iter().enumerate().skip(from as usize) {
        let version = index as u32 + 1;
        if let Err(error) = step(conn, script, version) {
            if at == from
                && let Some(backup) = &backup
            {
                // Nothing changed: the copy would only pile up, one per attempt.
                files::remove_with_companions(backup);
            }
            return Err(match StoreError::from(error) {
                StoreError::Sqlite(error) => StoreError::MigrationFailed {
                    path: path.display().to_string(),
                    from: at,
                    to: version,
                    reason: sqlite_words(&error),
                },
                other => other,
            });
        }
        at = version;
    }
    Ok(())
}

/// Applies one migration in its own transaction; any failure rolls it back.
fn step(conn: &Connection, script: &str, version: u32) -> rusqlite::Result<()> {
    conn.execute_batch("BEGIN IMMEDIATE")?;
    // Another process opening the same new file may have migrated it
    // while this one waited for the write lock.
    let result = conn.query_row("PRAGMA user_version", [], |row| row.get::<_, i64>(0)).and_then(|current| {
        if current >= i64::from(version) {
            conn.execute_batch("COMMIT")
        } else {
            conn.execute_batch(&format!("{script}\nPRAGMA user_version = {version};\nCOMMIT;"))
        }
    });
    result.inspect_err(|_| {
        if !conn.is_autocommit() {
            let _ = conn.execute_batch("ROLLBACK");
        }
    })
}

/// `caseload.db` at version 1 is copied to `caseload.db.v1.bak` (or `.v1.2.bak`…).
fn backup_before_migration(conn: &Connection, path: &Path, version: u32, sharing: &Sharing) -> Result<PathBuf> {
    let target = free_backup_path(path, version);
    files::create_private(&target, sharing)?;
    conn.execute("VACUUM INTO ?1", [target.display().to_string()]).inspect_err(|_| {
        files::remove_with_companions(&target);
    })?;
    Ok(target)
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

#[cfg(test)]
mod tests {
    use super::*;

    const STEPS: [&str; 2] = ["CREATE TABLE t (x); INSERT INTO t VALUES (1);", "ALTER TABLE t ADD COLUMN y;"];

    #[test]
    fn a_database_with_data_is_copied_aside_before_it_migrates() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("caseload.db");
        let conn = Connection::open(&path).expect("open");
        apply(&conn, &path, 0, &Sharing::Private, &STEPS[..1]).expect("to v1");
        assert!(!dir.path().join("caseload.db.v0.bak").exists(), "an empty file needs no backup");
        apply(&conn, &path, 1, &Sharing::Private, &STEPS).expect("to v2");
        assert_eq!(user_version(&conn).expect("version"), 2);
        let backup = Connection::open(dir.path().join("caseload.db.v1.bak")).expect("backup opens");
        assert_eq!(user_version(&backup).expect("version"), 1);
        let rows: i64 = backup.query_row("SELECT count(*) FROM t", [], |r| r.get(0)).expect("data kept");
        assert_eq!(rows, 1);
        // A second migration from the same version does not overwrite the first copy.
        assert_eq!(free_backup_path(&path, 1), dir.path().join("caseload.db.v1.2.bak"));
    }

    #[test]
    fn a_failed_migration_leaves_the_old_version() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("caseload.db");
        let conn = Connection::open(&path).expect("open");
        apply(&conn, &path, 0, &Sharing::Private, &STEPS[..1]).expect("to v1");
        let error = apply(&conn, &path, 1, &Sharing::Private, &[STEPS[0], "THIS IS NOT SQL"]).expect_err("fails");
        assert!(matches!(error, StoreError::MigrationFailed { from: 1, to: 2, .. }), "{error}");
        assert!(!error.to_string().contains("THIS IS NOT SQL"), "the script stays out of the message: {error}");
        assert_eq!(user_version(&conn).expect("version"), 1);
        // Nothing changed, so the copy taken before is not kept (it would pile up per attempt).
        let left: Vec<_> =
            std::fs::read_dir(dir.path()).expect("dir").filter_map(Result::ok).map(|e| e.file_name()).collect();
        assert!(!left.iter().any(|name| name.to_string_lossy().contains(".bak")), "{left:?}");
    }
}
