//! The SQLite store: the only place that speaks SQL. Opening checks file
//! permissions, sets the pragmas and migrates; every write runs in a short
//! immediate transaction together with its audit row.

mod backup;
pub mod copy;
pub mod db;
mod error;
mod import_lock;
mod migrate;
mod open;
mod server;
mod sql;

pub mod appointments;
pub mod assessments;
pub mod audit;
pub mod bulk;
pub mod care_plans;
pub mod clients;
pub mod contacts;
mod discharge;
pub mod drafts;
pub mod encounters;
pub mod enrollments;
pub mod export;
pub mod facts;
pub mod followups;
pub mod listing;
pub mod medications;
pub mod notes;
pub mod referrals;
mod report;
pub mod resources;
mod scan;
pub mod search;
pub mod snoozes;
pub mod unreadable;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::files::Sharing;
use db::Db;

pub use audit::AuditAction;
pub use error::StoreError;
pub use migrate::LATEST_VERSION;
use open::Missing;
pub use open::OpenOptions;
pub use server::{database_name, server_url, shown_url};
pub use unreadable::{UnreadableLog, UnreadableRow};

/// How long a write tries at a time while an import holds the database.
const IMPORT_POLL: Duration = Duration::from_millis(100);

/// Told who is importing when a write has to wait for their import.
pub type ImportNotice = Box<dyn Fn(&str) + Send>;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open caseload database, acting for one user at one "now".
pub struct Store {
    conn: Db,
    path: PathBuf,
    user: String,
    /// The operating-system account running the process, on every audit row.
    os_user: String,
    now: DateTime<Utc>,
    /// How long a write waits for another writer (from the config).
    busy_timeout: Duration,
    /// Rows the read paths left out because this version cannot decode them.
    unreadable: UnreadableLog,
    /// How new files beside the database (the import marker) are shared.
    sharing: Sharing,
    /// Set when a write should wait past the busy timeout for as long as
    /// another process's import runs, telling this who it waits for.
    import_wait: Option<ImportNotice>,
    /// A second, read-only connection to a SQLite file, opened on first use,
    /// so the team's alert facts are read on two cores (`facts`).
    second_reader: std::cell::Cell<Option<Box<Db>>>,
}

impl Store {
    /// Opens (creating it if missing) and migrates the database at `path`.
    pub fn open(path: &Path, options: &OpenOptions) -> Result<Store> {
        Store::open_with(path, options, Missing::Create)
    }

    /// Opens and migrates the database at `path`, which must exist and not be
    /// empty: what read-only commands use, so a typo never makes a database.
    pub fn open_existing(path: &Path, options: &OpenOptions) -> Result<Store> {
        Store::open_with(path, options, Missing::Refuse)
    }

    fn open_with(path: &Path, options: &OpenOptions, missing: Missing) -> Result<Store> {
        let conn = match server::server_url(path) {
            Some(url) => server::open_server(url, options, missing)?,
            None => open::open_connection(path, options, missing)?,
        };
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            user: options.user.clone(),
            os_user: options.os_user.clone(),
            now: options.now,
            busy_timeout: options.busy_timeout,
            unreadable: UnreadableLog::default(),
            sharing: options.sharing.clone(),
            import_wait: None,
            second_reader: std::cell::Cell::new(None),
        })
    }

    /// From now on a write that finds the database busy because another
    /// process is importing waits until that import ends (calling `notice`
    /// with the importer's name once) instead of failing as busy. For
    /// commands; the interface keeps typing responsive and retries itself.
    pub fn wait_for_imports(&mut self, notice: impl Fn(&str) + Send + 'static) {
        self.import_wait = Some(Box::new(notice));
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn user(&self) -> &str {
        &self.user
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Moves the store's "now" (the interface does this on every tick).
    pub fn set_now(&mut self, now: DateTime<Utc>) {
        self.now = now;
    }

    /// Runs `work` waiting at most `timeout` for another writer (an import
    /// included), then goes back to the configured wait. The interface
    /// retries a save this way so that typing is never held up for long.
    pub fn with_busy_timeout<T>(&mut self, timeout: Duration, work: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        self.conn.busy_timeout(timeout)?;
        let import_wait = self.import_wait.take();
        let result = work(self);
        self.import_wait = import_wait;
        self.conn.busy_timeout(self.busy_timeout)?;
        result
    }

    /// Who is importing into this database right now, if anyone.
    pub fn running_import(&self) -> Option<String> {
        match self.conn.dialect() {
            db::Dialect::Sqlite => import_lock::running(&self.path),
            db::Dialect::Postgres => import_lock::running_on_server(&self.conn),
        }
    }

    /// A read-only connection of its own to this store's SQLite file, for a
    /// read on another thread (None on PostgreSQL, whose reads stay on the
    /// one connection). Hand it back with `return_second_reader`.
    pub(crate) fn take_second_reader(&self) -> Result<Option<Box<Db>>> {
        if !matches!(self.conn.dialect(), db::Dialect::Sqlite) {
            return Ok(None);
        }
        match self.second_reader.take() {
            Some(reader) => Ok(Some(reader)),
            None => Ok(Some(Box::new(open::open_reader(&self.path, self.busy_timeout)?))),
        }
    }

    pub(crate) fn return_second_reader(&self, reader: Box<Db>) {
        self.second_reader.set(Some(reader));
    }

    /// Read access for queries in sibling modules.
    pub fn conn(&self) -> &Db {
        &self.conn
    }

    /// Runs `work` in an immediate transaction (so the busy timeout applies to
    /// the whole read-modify-write) and commits it; any error rolls back.
    /// With `wait_for_imports`, a write kept out by a running import waits
    /// for it, however long it takes.
    pub fn write<T>(&mut self, work: impl FnOnce(&Writer<'_>) -> Result<T>) -> Result<T> {
        let mut waiting_for: Option<String> = None;
        let tx = loop {
            // Looked at before trying too, so an import that ends while this
            // waits is still known to have been the reason.
            let importer = self.import_wait.as_ref().and_then(|_| self.running_import());
            // While an import runs, try in short steps: the person is told at
            // once why they wait, not after the whole busy timeout.
            if importer.is_some() {
                self.conn.busy_timeout(IMPORT_POLL.min(self.busy_timeout))?;
            }
            let error = match self.conn.begin_write() {
                Ok(tx) => {
                    if importer.is_some() {
                        self.conn.busy_timeout(self.busy_timeout)?;
                    }
                    break tx;
                }
                Err(error) => StoreError::from(error),
            };
            if importer.is_some() {
                self.conn.busy_timeout(self.busy_timeout)?;
            }
            let Some(notice) = self.import_wait.as_ref().filter(|_| matches!(error, StoreError::Busy)) else {
                return Err(error);
            };
            let Some(importer) = importer.or_else(|| self.running_import()) else { return Err(error) };
            if waiting_for.as_ref() != Some(&importer) {
                notice(&importer);
                waiting_for = Some(importer);
            }
        };
        let writer = Writer { db: &self.conn, user: &self.user, os_user: &self.os_user, now: self.now };
        let value = work(&writer)?;
        tx.commit()?;
        Ok(value)
    }

    /// Runs an import's `work` as a bulk load in one write transaction, marked
    /// as a running import for other processes until it has committed or
    /// rolled back. An import already running is waited for.
    fn import<T>(&mut self, work: impl FnOnce(&Writer<'_>) -> Result<T>) -> Result<T> {
        let notice = self.import_wait.as_deref().map(|notice| notice as &dyn Fn(&str));
        // A file beside the database, or on a server a lock of this
        // connection (which outlives the import, so it is ended below).
        let _running = match self.conn.dialect() {
            db::Dialect::Sqlite => Some(import_lock::ImportLock::hold(&self.path, &self.user, &self.sharing, notice)?),
            db::Dialect::Postgres => {
                import_lock::mark_on_server(&self.conn, &self.user, notice)?;
                None
            }
        };
        // Not waiting for imports: its own mark would make it wait for itself.
        let import_wait = self.import_wait.take();
        let result = self.write(|w| bulk::load(w, work));
        self.import_wait = import_wait;
        if self.conn.dialect() == db::Dialect::Postgres {
            // The import's own error first, if it had one.
            let unmarked = import_lock::unmark_on_server(&self.conn);
            return result.and_then(|value| unmarked.map(|()| value));
        }
        // Copy the import out of the write-ahead log now, while others still
        // see the import running and wait for it. Left for later, the process
        // closing last copies it all at close holding the file exclusively,
        // and every colleague opening the database meanwhile is refused as
        // busy (seconds for a large import; the import_concurrency flake).
        // PASSIVE takes no lock writers need; whatever it leaves is small.
        if result.is_ok()
            && let Some(conn) = self.conn.sqlite()
        {
            let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
        }
        result
    }

    /// Records that the user looked at or exported something (its own
    /// transaction); `detail` says what, e.g. "list all coordinators, 812 clients".
    pub fn audit(&mut self, action: AuditAction, entity: &str, entity_id: Option<i64>, detail: &str) -> Result<()> {
        self.write(|w| w.audit_detail(action, entity, entity_id, detail))
    }

    /// `PRAGMA integrity_check`: "ok", or the problems found. A PostgreSQL
    /// server checks its own pages; reaching it and reading is the check here.
    pub fn integrity_check(&self) -> Result<Vec<String>> {
        let sql = match self.conn.dialect() {
            db::Dialect::Sqlite => "PRAGMA integrity_check",
            db::Dialect::Postgres => "SELECT 'ok'",
        };
        let mut statement = self.conn.prepare(sql)?;
        let rows = statement.query_map([], |row| row.get::<_, String>(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The server's version when the database is on a PostgreSQL server.
    pub fn server_version(&self) -> Option<Result<String>> {
        self.conn.sqlite().is_none().then(|| Ok(self.conn.query_row("SHOW server_version", [], |row| row.get(0))?))
    }

    /// A number that changes whenever another connection commits a write.
    pub fn data_version(&self) -> Result<i64> {
        match &self.conn {
            Db::Sqlite(conn) => Ok(conn.query_row("PRAGMA data_version", [], |row| row.get(0))?),
            Db::Postgres(conn) => Ok(conn.changes_seen()?),
        }
    }

    pub fn schema_version(&self) -> Result<u32> {
        match self.conn.dialect() {
            db::Dialect::Sqlite => migrate::user_version(&self.conn),
            db::Dialect::Postgres => server::schema_version(&self.conn),
        }
    }

    /// How many rows each table holds, for `check` and the demo's summary.
    pub fn table_counts(&self) -> Result<Vec<(&'static str, i64)>> {
        const TABLES: [&str; 18] = [
            "client",
            "enrollment",
            "assessment",
            "contact",
            "note",
            "appointment",
            "followup",
            "referral",
            "resource",
            "encounter",
            "medication",
            "reconciliation",
            "problem",
            "goal",
            "intervention",
            "draft",
            "alert_snooze",
            "audit",
        ];
        TABLES
            .iter()
            .map(|table| {
                let count = self.conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| row.get(0))?;
                Ok((*table, count))
            })
            .collect()
    }
}

/// A write transaction in progress, carrying who writes and when.
pub struct Writer<'a> {
    db: &'a Db,
    user: &'a str,
    os_user: &'a str,
    now: DateTime<Utc>,
}

impl Writer<'_> {
    pub fn conn(&self) -> &Db {
        self.db
    }

    pub fn user(&self) -> &str {
        self.user
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Appends an audit row about one record (or none) with no detail.
    pub fn audit(&self, action: AuditAction, entity: &str, entity_id: Option<i64>) -> Result<()> {
        self.audit_detail(action, entity, entity_id, "")
    }

    /// Appends an audit row; `detail` says what it covers (e.g. how many records).
    pub fn audit_detail(&self, action: AuditAction, entity: &str, entity_id: Option<i64>, detail: &str) -> Result<()> {
        let entry =
            audit::NewEntry { at: self.now, user: self.user, os_user: self.os_user, action, entity, entity_id, detail };
        audit::insert(self.db, &entry)
    }
}
