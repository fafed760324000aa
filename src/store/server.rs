//! Opening a caseload database on a PostgreSQL server (SPEC §11): the URL
//! (`database_url`, `--db postgresql://…`), the connection, the schema
//! version in `schema_version`, and the server's own migrations.
//!
//! The server's schema starts at version 13, the SQLite schema it matches as
//! a whole (PostgreSQL support came with it); every later version is one more
//! script in both lists, so a version number means the same tables on both.

use std::path::Path;

use super::db::{Db, Optional, PgConn};
use super::migrate::LATEST_VERSION;
use super::open::{Missing, OpenOptions};
use super::{Result, StoreError};

/// The first server version: the whole schema of SQLite version 13.
const BASELINE_VERSION: u32 = 13;

/// Server migrations after the baseline: migration N brings version N-1 to N.
const MIGRATIONS: &[(u32, &str)] = &[
    (BASELINE_VERSION, include_str!("migrations/postgres/0013_baseline.sql")),
    (14, include_str!("migrations/postgres/0014_assessment_latest_score.sql")),
];

/// The lock a process holds while it creates or migrates the schema, so two
/// processes opening a new database do not both create it.
const MIGRATION_LOCK: i64 = 0x6361_7365_6d69_6772; // "casemigr"

/// The URL when `location` names a database server rather than a file.
pub fn server_url(location: &Path) -> Option<&str> {
    let text = location.to_str()?;
    (text.starts_with("postgresql://") || text.starts_with("postgres://")).then_some(text)
}

/// The URL as it may be shown: a password in it is replaced by `***`, and
/// the options after `?` (which may hold one too) are left out. A password
/// typed with `/`, `?` or `@` in it unescaped is hidden whole as well: it
/// runs from the user's `:` to the last `@`.
pub fn shown_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let user_of = |info: &str| info.split_once(':').map_or(info, |(user, _password)| user).to_string();
    // A user name holds no '/' or '?': an '@' after one of those is in the
    // path or the options, and the URL names no user.
    let user_info = rest.rfind('@').map(|at| (at, user_of(&rest[..at]))).filter(|(_, user)| !user.contains(['/', '?']));
    let (shown_user, host_and_tail) = match user_info {
        Some((at, user)) if user.len() < at => (format!("{user}:***@"), &rest[at + 1..]),
        Some((at, user)) => (format!("{user}@"), &rest[at + 1..]),
        None => (String::new(), rest),
    };
    let host_and_path = host_and_tail.split_once('?').map_or(host_and_tail, |(path, _)| path);
    format!("{scheme}://{shown_user}{host_and_path}")
}

/// The database's short name, for a status line: a file's name, or a server
/// database's name (its host when the URL names none), never a password or
/// the URL's options.
pub fn database_name(location: &Path) -> String {
    let Some(url) = server_url(location) else {
        return location.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    };
    let shown = shown_url(url);
    let rest = shown.split_once("://").map_or(shown.as_str(), |(_, rest)| rest);
    let host_and_path = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
    match host_and_path.split_once('/') {
        Some((_, name)) if !name.is_empty() => name.to_string(),
        Some((host, _)) => host.to_string(),
        None => host_and_path.to_string(),
    }
}

/// A connection to the server database at `url`, waiting at most the busy
/// timeout for a lock; an unreachable server is named without its password.
pub(super) fn connect(url: &str, options: &OpenOptions) -> Result<Db> {
    let conn = PgConn::connect(url)
        .map_err(|error| StoreError::Unreachable { url: shown_url(url), reason: error.to_string() })?;
    let db = Db::Postgres(Box::new(conn));
    db.busy_timeout(options.busy_timeout)?;
    Ok(db)
}

pub(super) fn open_server(url: &str, options: &OpenOptions, missing: Missing) -> Result<Db> {
    let shown = shown_url(url);
    let db = connect(url, options)?;
    let version = version(&db)?;
    match version {
        Some(found) if found > LATEST_VERSION => {
            return Err(StoreError::NewerSchema { path: shown, found, known: LATEST_VERSION });
        }
        Some(_) => {}
        // Another program's tables are said to be that, whatever the command
        // (as a SQLite file holding them is).
        None if table_count(&db)? > 0 => return Err(StoreError::NotADatabase { path: shown }),
        None if missing == Missing::Refuse => return Err(StoreError::Missing { path: shown }),
        None => {}
    }
    if version != Some(LATEST_VERSION) {
        migrate(&db, &shown)?;
    }
    Ok(db)
}

/// The schema version, or None for a database with no caseload schema.
fn version(db: &Db) -> Result<Option<u32>> {
    let exists: bool = db.query_row("SELECT to_regclass('schema_version') IS NOT NULL", [], |row| row.get(0))?;
    if !exists {
        return Ok(None);
    }
    let version: Option<i64> =
        db.query_row("SELECT max(version) FROM schema_version", [], |row| row.get(0)).optional()?.flatten();
    Ok(version.and_then(|v| u32::try_from(v).ok()))
}

/// The schema version of an open server database.
pub(super) fn schema_version(db: &Db) -> Result<u32> {
    Ok(version(db)?.unwrap_or(0))
}

/// How many tables the database's schema holds (caseload's or anyone's).
pub(super) fn table_count(db: &Db) -> Result<i64> {
    Ok(db.query_row(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()",
        [],
        |row| row.get(0),
    )?)
}

/// Brings the schema to the latest version, each step in the transaction
/// that also records it; another process migrating first is waited for.
fn migrate(db: &Db, shown: &str) -> Result<()> {
    let tx = db.begin_private()?;
    migrate_in_transaction(db, shown)?;
    tx.commit()?;
    Ok(())
}

/// The migrations, in the transaction the connection is in (`caseload copy`
/// creates the schema in the transaction that copies the rows, so a refused
/// copy leaves no schema behind).
pub(super) fn migrate_in_transaction(db: &Db, shown: &str) -> Result<()> {
    db.execute_batch(&format!("SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"))?;
    let from = version(db)?.unwrap_or(0);
    for (to, sql) in MIGRATIONS.iter().filter(|(to, _)| *to > from) {
        db.execute_batch(sql).map_err(|error| StoreError::MigrationFailed {
            path: shown.to_string(),
            from,
            to: *to,
            reason: error.to_string(),
        })?;
        db.execute("DELETE FROM schema_version", [])?;
        db.execute("INSERT INTO schema_version (version) VALUES (?1)", [i64::from(*to)])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{database_name, server_url, shown_url};
    use std::path::Path;

    #[test]
    fn a_server_url_is_told_from_a_file_and_shown_without_its_password() {
        assert!(server_url(Path::new("postgresql://casey@db.example/caseload")).is_some());
        assert!(server_url(Path::new("postgres://db.example/caseload")).is_some());
        assert!(server_url(Path::new("/var/lib/caseload/caseload.db")).is_none());
        assert!(server_url(Path::new("postgresql.db")).is_none());
        assert_eq!(
            shown_url("postgresql://casey:s3cret@db.example:5432/caseload?sslmode=require"),
            "postgresql://casey:***@db.example:5432/caseload"
        );
        assert_eq!(shown_url("postgresql://casey@127.0.0.1/caseload"), "postgresql://casey@127.0.0.1/caseload");
        assert_eq!(shown_url("postgresql://db.example/caseload"), "postgresql://db.example/caseload");
        assert_eq!(shown_url("postgresql://db.example/caseload?password=x"), "postgresql://db.example/caseload");
        // A password typed with the characters a URL must escape.
        assert_eq!(
            shown_url("postgresql://casey:a/b?c@d@db.example/caseload"),
            "postgresql://casey:***@db.example/caseload"
        );
        assert_eq!(
            shown_url("postgresql://db.example/caseload?user=a@b&password=x"),
            "postgresql://db.example/caseload"
        );
    }

    #[test]
    fn a_status_line_names_the_database_without_a_password() {
        assert_eq!(database_name(Path::new("/var/lib/caseload/caseload.db")), "caseload.db");
        assert_eq!(database_name(Path::new("postgresql://casey:s3cret@db.example:5432/team?password=x")), "team");
        assert_eq!(database_name(Path::new("postgresql://casey:s3cret@db.example")), "db.example");
        assert_eq!(database_name(Path::new("postgres://db.example/")), "db.example");
    }
}
