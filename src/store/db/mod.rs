//! The one seam between the store and its database engine. Every query of
//! the store goes through `Db`, which runs it on SQLite (the default: one
//! private file) or on a PostgreSQL server (SPEC §11) with the same SQL text,
//! the same parameters and the same row reading.
//!
//! Values keep SQLite's model on both engines (rusqlite's `ToSql`, `FromSql`,
//! `Value`): dates and instants are ISO text, flags and numbers are 64-bit
//! integers. PostgreSQL parameters and columns are converted to and from it
//! in `postgres.rs`, so a record reads the same whichever engine holds it.
//! Where the engines' SQL differs, `Db::dialect` tells the few places that
//! must say it differently.

mod params;
mod postgres;
mod row;

use std::fmt;
use std::time::Duration;

pub use self::params::{Params, params_from_iter};
pub use self::postgres::PgConn;
pub use self::row::{ColumnIndex, Row};

use self::params::Bound;

/// What a database call can fail with: SQLite's own error (also used for a
/// value that cannot be decoded, on either engine, since values are read with
/// rusqlite's conversions) or the PostgreSQL server's.
#[derive(Debug)]
pub enum DbError {
    Sqlite(rusqlite::Error),
    Postgres(::postgres::Error),
}

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbError::Sqlite(error) => error.fmt(f),
            DbError::Postgres(error) => match (error.as_db_error(), std::error::Error::source(error)) {
                (Some(db), _) => f.write_str(db.message()),
                (None, Some(source)) => write!(f, "{error}: {source}"),
                (None, None) => error.fmt(f),
            },
        }
    }
}

impl std::error::Error for DbError {}

impl From<rusqlite::Error> for DbError {
    fn from(error: rusqlite::Error) -> Self {
        DbError::Sqlite(error)
    }
}

impl From<::postgres::Error> for DbError {
    fn from(error: ::postgres::Error) -> Self {
        DbError::Postgres(error)
    }
}

pub type DbResult<T> = std::result::Result<T, DbError>;

/// `.optional()` on a single-row read: no row is `None`, not an error.
pub trait Optional<T> {
    fn optional(self) -> DbResult<Option<T>>;
}

impl<T> Optional<T> for DbResult<T> {
    fn optional(self) -> DbResult<Option<T>> {
        match self {
            Ok(value) => Ok(Some(value)),
            Err(DbError::Sqlite(rusqlite::Error::QueryReturnedNoRows)) => Ok(None),
            Err(error) => Err(error),
        }
    }
}

/// Which SQL the engine speaks, for the statements that cannot be written once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// The ids of a JSON array parameter (`"[1,2,3]"`) as rows, for `x IN (…)`.
    pub fn json_ids(self, parameter: &str) -> String {
        match self {
            Dialect::Sqlite => format!("SELECT value FROM json_each({parameter})"),
            Dialect::Postgres => format!("SELECT value::bigint FROM json_array_elements_text({parameter}::text::json)"),
        }
    }

    /// ` INDEXED BY index` where SQLite's planner must be told which index
    /// to use; PostgreSQL's plans from its statistics, and has no such clause.
    pub fn indexed_by(self, index: &str) -> String {
        match self {
            Dialect::Sqlite => format!(" INDEXED BY {index}"),
            Dialect::Postgres => String::new(),
        }
    }
}

/// An open connection to one caseload database.
pub enum Db {
    Sqlite(rusqlite::Connection),
    // Boxed: one per process, and SQLite's connection is the small common case.
    Postgres(Box<PgConn>),
}

impl Db {
    pub fn dialect(&self) -> Dialect {
        match self {
            Db::Sqlite(_) => Dialect::Sqlite,
            Db::Postgres(_) => Dialect::Postgres,
        }
    }

    /// The SQLite connection, for what only SQLite has (pragmas, backup, attach).
    pub fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match self {
            Db::Sqlite(conn) => Some(conn),
            Db::Postgres(_) => None,
        }
    }

    pub fn prepare(&self, sql: &str) -> DbResult<Statement<'_>> {
        match self {
            Db::Sqlite(conn) => Ok(Statement::Sqlite(SqliteStatement::Once(conn.prepare(sql)?))),
            Db::Postgres(conn) => Ok(Statement::Postgres(conn.prepare(sql, false)?)),
        }
    }

    /// Prepares once per connection and reuses it (the hot read paths).
    pub fn prepare_cached(&self, sql: &str) -> DbResult<Statement<'_>> {
        match self {
            Db::Sqlite(conn) => Ok(Statement::Sqlite(SqliteStatement::Cached(conn.prepare_cached(sql)?))),
            Db::Postgres(conn) => Ok(Statement::Postgres(conn.prepare(sql, true)?)),
        }
    }

    pub fn execute(&self, sql: &str, params: impl Params) -> DbResult<usize> {
        self.prepare_cached(sql)?.execute(params)
    }

    /// Runs statements that take no parameters, separated by semicolons.
    pub fn execute_batch(&self, sql: &str) -> DbResult<()> {
        match self {
            Db::Sqlite(conn) => Ok(conn.execute_batch(sql)?),
            Db::Postgres(conn) => conn.batch(sql),
        }
    }

    pub fn query_row<T>(
        &self,
        sql: &str,
        params: impl Params,
        map: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
    ) -> DbResult<T> {
        self.prepare_cached(sql)?.query_row(params, map)
    }

    /// How long a write waits for another writer before it is refused as busy.
    pub fn busy_timeout(&self, timeout: Duration) -> DbResult<()> {
        match self {
            Db::Sqlite(conn) => Ok(conn.busy_timeout(timeout)?),
            Db::Postgres(conn) => conn.lock_timeout(timeout),
        }
    }
}

/// A prepared statement of either engine.
pub enum Statement<'db> {
    Sqlite(SqliteStatement<'db>),
    Postgres(self::postgres::PgStatement<'db>),
}

pub enum SqliteStatement<'db> {
    Cached(rusqlite::CachedStatement<'db>),
    Once(rusqlite::Statement<'db>),
}

impl<'db> SqliteStatement<'db> {
    fn get(&mut self) -> &mut rusqlite::Statement<'db> {
        match self {
            SqliteStatement::Cached(statement) => statement,
            SqliteStatement::Once(statement) => statement,
        }
    }
}

/// Binds parameters the way SQLite takes them.
fn bind_sqlite<T>(
    statement: &mut rusqlite::Statement<'_>,
    bound: &Bound<'_>,
    run: impl FnOnce(&mut rusqlite::Statement<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    match bound {
        Bound::Positional(values) => {
            for (index, value) in values.iter().enumerate() {
                statement.raw_bind_parameter(index + 1, value)?;
            }
        }
        Bound::Named(values) => {
            for (name, value) in values {
                let Some(index) = statement.parameter_index(name)? else {
                    return Err(rusqlite::Error::InvalidParameterName((*name).to_string()));
                };
                statement.raw_bind_parameter(index, value)?;
            }
        }
    }
    let expected = statement.parameter_count();
    if let Bound::Positional(values) = bound
        && values.len() != expected
    {
        return Err(rusqlite::Error::InvalidParameterCount(values.len(), expected));
    }
    run(statement)
}

impl Statement<'_> {
    pub fn column_count(&self) -> usize {
        match self {
            Statement::Sqlite(SqliteStatement::Cached(statement)) => statement.column_count(),
            Statement::Sqlite(SqliteStatement::Once(statement)) => statement.column_count(),
            Statement::Postgres(statement) => statement.column_count(),
        }
    }

    pub fn execute(&mut self, params: impl Params) -> DbResult<usize> {
        let bound = params.bind();
        match self {
            Statement::Sqlite(statement) => {
                Ok(bind_sqlite(statement.get(), &bound, |statement| statement.raw_execute())?)
            }
            Statement::Postgres(statement) => statement.execute(&bound),
        }
    }

    /// Every row, for reading one at a time.
    pub fn query(&mut self, params: impl Params) -> DbResult<Rows<'_>> {
        let bound = params.bind();
        match self {
            Statement::Sqlite(statement) => {
                let statement = statement.get();
                bind_sqlite(statement, &bound, |_| Ok(()))?;
                Ok(Rows::Sqlite(statement.raw_query()))
            }
            Statement::Postgres(statement) => Ok(Rows::Postgres(statement.query(&bound)?.into_iter())),
        }
    }

    /// Every row mapped by `map`; collect into a `rusqlite::Result<Vec<_>>`.
    pub fn query_map<T>(
        &mut self,
        params: impl Params,
        mut map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> DbResult<std::vec::IntoIter<rusqlite::Result<T>>> {
        let mut rows = self.query(params)?;
        let mut mapped = Vec::new();
        while let Some(row) = rows.next()? {
            mapped.push(map(&row));
        }
        Ok(mapped.into_iter())
    }

    /// The first row mapped by `map`; no row is `QueryReturnedNoRows` (see `Optional`).
    pub fn query_row<T>(
        &mut self,
        params: impl Params,
        map: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
    ) -> DbResult<T> {
        let mut rows = self.query(params)?;
        match rows.next()? {
            Some(row) => Ok(map(&row)?),
            None => Err(DbError::Sqlite(rusqlite::Error::QueryReturnedNoRows)),
        }
    }

    /// Runs an `INSERT … RETURNING id` (both engines take it) and gives the new id.
    pub fn insert(&mut self, params: impl Params) -> DbResult<i64> {
        self.query_row(params, |row| row.get(0))
    }

    pub fn exists(&mut self, params: impl Params) -> DbResult<bool> {
        let mut rows = self.query(params)?;
        Ok(rows.next()?.is_some())
    }
}

/// The rows of a query, read one at a time.
pub enum Rows<'s> {
    Sqlite(rusqlite::Rows<'s>),
    Postgres(std::vec::IntoIter<self::postgres::PgRow>),
}

impl Rows<'_> {
    /// The next row, or `None` after the last. A PostgreSQL row is already
    /// read; the Option holds it while the caller looks at it. (Not an
    /// `Iterator`: a SQLite row borrows the rows it comes from.)
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> DbResult<Option<Row<'_>>> {
        match self {
            Rows::Sqlite(rows) => Ok(rows.next()?.map(Row::Sqlite)),
            Rows::Postgres(rows) => Ok(rows.next().map(Row::Postgres)),
        }
    }
}

/// The key of the advisory lock every PostgreSQL write takes first: writes
/// are one at a time, as SQLite's are, so a read-modify-write (the audit
/// chain's previous hash above all) never races another process's.
const WRITE_LOCK: i64 = 0x6361_7365_6c6f_6164; // "caseload"

impl Db {
    /// Starts a write transaction holding the database's one write lock
    /// (waiting at most the busy timeout for it).
    pub fn begin_write(&self) -> DbResult<Transaction<'_>> {
        match self {
            Db::Sqlite(conn) => conn.execute_batch("BEGIN IMMEDIATE")?,
            Db::Postgres(conn) => {
                conn.batch("BEGIN")?;
                if let Err(error) = conn.batch(&format!("SELECT pg_advisory_xact_lock({WRITE_LOCK})")) {
                    let _ = conn.batch("ROLLBACK");
                    return Err(error);
                }
            }
        }
        Ok(Transaction { db: self, open: true, writes: true })
    }

    /// Starts a read transaction: every query in it sees the same moment.
    pub fn begin_read(&self) -> DbResult<Transaction<'_>> {
        self.execute_batch(match self {
            Db::Sqlite(_) => "BEGIN DEFERRED",
            Db::Postgres(_) => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        })?;
        Ok(Transaction { db: self, open: true, writes: false })
    }

    /// Starts a transaction that takes no lock until it needs one (on SQLite),
    /// for work on this connection's own temporary tables.
    pub fn begin_private(&self) -> DbResult<Transaction<'_>> {
        self.execute_batch("BEGIN")?;
        Ok(Transaction { db: self, open: true, writes: false })
    }
}

/// An open transaction; dropped without `commit`, it rolls back.
pub struct Transaction<'db> {
    db: &'db Db,
    open: bool,
    writes: bool,
}

impl Transaction<'_> {
    /// Ends a read transaction (nothing to keep).
    pub fn finish(self) -> DbResult<()> {
        self.commit()
    }

    /// Commits; a write on PostgreSQL tells every other listening process.
    pub fn commit(mut self) -> DbResult<()> {
        let sql = match (self.db, self.writes) {
            (Db::Postgres(_), true) => format!("NOTIFY {}; COMMIT", self::postgres::CHANGES_CHANNEL),
            _ => "COMMIT".to_string(),
        };
        self.db.execute_batch(&sql)?;
        self.open = false;
        Ok(())
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        if self.open {
            let _ = self.db.execute_batch("ROLLBACK");
        }
    }
}
