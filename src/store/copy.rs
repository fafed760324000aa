//! `caseload copy` (SPEC §11): the whole database into an empty one on the
//! other engine — a team's SQLite file into an empty PostgreSQL database, or
//! a server's database back into a new SQLite file — with every table's rows
//! counted on both sides.
//!
//! - **One transaction on each side.** The target's schema is made and every
//!   row copied in one transaction (on a server the schema is created inside
//!   it, so a refused copy rolls the schema back too; a new SQLite file is
//!   removed). The source is read in its own write transaction, which first
//!   appends the copy's audit row ("copy to URL, N records") and commits only
//!   after the target has committed: the target is an exact copy, that row
//!   and its place in the hash chain included, and a refused copy writes
//!   nothing on either side. (Holding the source's write lock also means no
//!   colleague's write slips in while the copy is read; they wait for it.)
//! - **Rows as they are.** Every table is read in its primary key's order,
//!   page by page, through the `Db` seam (SQLite's values on both engines),
//!   and inserted with its explicit ids, many rows to a statement. On a
//!   server each identity sequence is then moved past the largest id.
//! - **Triggers.** The append-only triggers refuse only UPDATE and DELETE, so
//!   plain inserts pass them. The derived tables — `last_contact` and
//!   `note_minutes` from the notes, and the search index of clients and
//!   notes — are made by the target itself as its own writes make them (on
//!   SQLite the bulk load's set-at-once form of the same triggers), not
//!   copied, so nothing is counted twice; `last_contact` and `note_minutes`
//!   are then compared with the source's row for row. The search index
//!   cannot be copied: FTS5's index and a server's tsvectors are different
//!   things. Built by the target's own tokenizer from the same names and
//!   bodies, it is exactly the index that engine's search reads, as if every
//!   note had been written there; it is counted (one entry per client and
//!   per note) on both sides. The one stored value a migration makes up —
//!   `meta.database_id`, which every FHIR identifier derives from — is
//!   replaced by the source's with its guard trigger set aside for that one
//!   statement (the owner of a table may; no superuser is needed).

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use rusqlite::types::{Value, ValueRef};

use super::db::{Db, Dialect, params_from_iter};
use super::{AuditAction, OpenOptions, Result, Store, StoreError, Writer, bulk, server};
use crate::domain::wording::counted;
use crate::files;

/// What a table holds, for how it is copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Rows copied as they are.
    Rows,
    /// Rows the target's migration already made one of (the identity).
    Meta,
    /// Made by the target's triggers from the copied notes, then compared.
    Derived,
    /// The search index: made by the target, counted only.
    Search,
}

struct Table {
    name: &'static str,
    /// The primary key's columns: the order rows are read in.
    key: &'static [&'static str],
    kind: Kind,
}

const fn table(name: &'static str, key: &'static [&'static str], kind: Kind) -> Table {
    Table { name, key, kind }
}

const ID: &[&str] = &["id"];

/// Every table, each after the tables it refers to.
const TABLES: &[Table] = &[
    table("client", ID, Kind::Rows),
    table("resource", ID, Kind::Rows),
    table("contact", ID, Kind::Rows),
    table("enrollment", ID, Kind::Rows),
    table("appointment", ID, Kind::Rows),
    // An addendum refers to an earlier note, so to a smaller id.
    table("note", ID, Kind::Rows),
    table("draft", ID, Kind::Rows),
    table("followup", ID, Kind::Rows),
    table("referral", ID, Kind::Rows),
    table("care_plan", &["client_id"], Kind::Rows),
    table("problem", ID, Kind::Rows),
    table("goal", ID, Kind::Rows),
    table("intervention", ID, Kind::Rows),
    table("encounter", ID, Kind::Rows),
    table("alert_snooze", ID, Kind::Rows),
    table("audit", ID, Kind::Rows),
    table("assessment", ID, Kind::Rows),
    // After the screenings: recording one ends its author's draft of it.
    table("assessment_draft", &["user", "client_id", "instrument"], Kind::Rows),
    table("medication", ID, Kind::Rows),
    table("reconciliation", ID, Kind::Rows),
    table("meta", &["key"], Kind::Meta),
    table("last_contact", &["client_id"], Kind::Derived),
    table("note_minutes", &["month", "client_id", "program"], Kind::Derived),
    table("client_search", &[], Kind::Search),
    table("note_search", &[], Kind::Search),
];

/// Rows read from the source at a time.
const PAGE: usize = 2000;
/// Rows in one INSERT, and the parameters it may bind (both engines take more).
const ROWS_PER_INSERT: usize = 500;
const PARAMS_PER_INSERT: usize = 16_000;

/// The trigger that keeps `meta.database_id` from ever changing.
const IDENTITY_GUARD: &str = "meta_database_id_is_kept";

/// One table's rows on each side, counted after the copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCount {
    pub table: &'static str,
    pub source: i64,
    pub target: i64,
}

/// What a copy did.
#[derive(Debug, Clone)]
pub struct Copied {
    /// The source and target as they may be shown (a URL without its password).
    pub source: String,
    pub target: String,
    /// Every table's rows on both sides, the search index's entries last.
    pub tables: Vec<TableCount>,
    /// The rows of every table but the search index, the copy's audit row included.
    pub records: i64,
}

/// Where the copy goes: a server database checked empty, or a new file.
enum Target {
    Server { db: Db, shown: String },
    File { store: Store, path: PathBuf },
}

impl Target {
    fn db(&self) -> &Db {
        match self {
            Target::Server { db, .. } => db,
            Target::File { store, .. } => store.conn(),
        }
    }

    fn shown(&self) -> String {
        match self {
            Target::Server { shown, .. } => shown.clone(),
            Target::File { path, .. } => path.display().to_string(),
        }
    }

    /// Opens the target: a server database must hold no table at all; a file
    /// must not exist yet, and is created with the schema (removed again if
    /// that fails).
    fn open(location: &Path, options: &OpenOptions) -> Result<Target> {
        if let Some(url) = server::server_url(location) {
            let shown = server::shown_url(url);
            let db = server::connect(url, options)?;
            let tables = server::table_count(&db)?;
            if tables > 0 {
                let tables = usize::try_from(tables).unwrap_or(usize::MAX);
                return Err(not_empty(&shown, &format!("it holds {}", counted(tables, "table"))));
            }
            return Ok(Target::Server { db, shown });
        }
        files::create_private(location, &options.sharing)?;
        match Store::open(location, options) {
            Ok(store) => Ok(Target::File { store, path: location.to_path_buf() }),
            Err(error) => {
                files::remove_with_companions(location);
                Err(error)
            }
        }
    }

    /// After a refused copy: a new file goes (the server rolled back itself).
    fn discard(self) {
        if let Target::File { store, path } = self {
            drop(store);
            files::remove_with_companions(&path);
        }
    }
}

impl Store {
    /// Copies this whole database into `target`: an empty PostgreSQL database
    /// (`postgresql://…`) or a SQLite file that does not exist yet. All or
    /// nothing on both sides (see the module documentation); the counts of
    /// every table must match, or nothing is kept.
    pub fn copy_into(&mut self, target: &Path, options: &OpenOptions) -> Result<Copied> {
        let target = Target::open(target, options)?;
        let shown = target.shown();
        let source_shown = match server::server_url(&self.path) {
            Some(url) => server::shown_url(url),
            None => self.path.display().to_string(),
        };
        let result = self.write(|w| {
            let before: i64 = TABLES
                .iter()
                .filter(|table| table.kind != Kind::Search)
                .map(|table| count(w.conn(), table))
                .sum::<Result<i64>>()?;
            // This row is part of what is copied: N counts it too.
            let records = before + 1;
            w.audit_detail(AuditAction::Export, "database", None, &format!("copy to {shown}, {records} records"))?;
            let tables = copy_tables(w, &target)?;
            Ok(Copied { source: source_shown.clone(), target: shown.clone(), tables, records })
        });
        if result.is_err() {
            target.discard();
        }
        result
    }
}

/// Everything into the target in one transaction, committed only when every
/// count matches.
fn copy_tables(source: &Writer<'_>, target: &Target) -> Result<Vec<TableCount>> {
    let db = target.db();
    let tx = db.begin_write()?;
    if let Target::Server { shown, .. } = target {
        server::migrate_in_transaction(db, shown)?;
        // Another process may have made the schema since it was checked:
        // only the identity the migration just made may be there.
        for table in TABLES.iter().filter(|table| table.kind != Kind::Search) {
            let rows = count(db, table)?;
            if rows > i64::from(table.kind == Kind::Meta) {
                return Err(not_empty(shown, &format!("its {} table has rows", table.name)));
            }
        }
    }
    let writer = Writer { db, user: source.user, os_user: source.os_user, now: source.now };
    bulk::load(&writer, |writer| {
        for table in TABLES {
            match table.kind {
                Kind::Rows => copy_rows(source.conn(), writer.conn(), table)?,
                Kind::Meta => copy_meta(source.conn(), writer.conn(), table)?,
                Kind::Derived | Kind::Search => {}
            }
        }
        Ok(())
    })?;
    for table in TABLES.iter().filter(|table| table.kind == Kind::Derived) {
        compare_derived(source.conn(), db, table)?;
    }
    move_sequences(db)?;
    let counts = TABLES
        .iter()
        .map(|table| {
            Ok(TableCount { table: table.name, source: count(source.conn(), table)?, target: count(db, table)? })
        })
        .collect::<Result<Vec<_>>>()?;
    let differ: Vec<String> = counts
        .iter()
        .filter(|c| c.source != c.target)
        .map(|c| format!("{} {} in the source, {} in the copy", c.table, c.source, c.target))
        .collect();
    if !differ.is_empty() {
        return Err(StoreError::Conflict {
            message: format!("the copy was rolled back: its counts differ from the source's ({})", differ.join("; ")),
            hint: "nothing was written; run `caseload check` on the source, then copy again".into(),
        });
    }
    tx.commit()?;
    Ok(counts)
}

/// How many rows a table holds (for the search index, how many entries).
fn count(db: &Db, table: &Table) -> Result<i64> {
    let sql = match (table.kind, db.dialect()) {
        // FTS5 counts a contentless table's rows, and an external-content
        // table's rows are its content table's: the index's own entries are
        // one row each of its docsize table.
        (Kind::Search, Dialect::Sqlite) => format!("SELECT count(*) FROM {}_docsize", table.name),
        _ => format!("SELECT count(*) FROM {}", table.name),
    };
    Ok(db.query_row(&sql, [], |row| row.get(0))?)
}

/// `"name"`: every column quoted ("user" and "to" are reserved words on a server).
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A table read page by page in its key's order: each page starts after the
/// last key of the one before (no OFFSET, so every page costs the same).
struct Reader<'a> {
    db: &'a Db,
    table: &'static Table,
    /// The columns to read: `*`, or these (the other side's) in this order.
    select: Option<Vec<String>>,
    columns: Vec<String>,
    key_at: Vec<usize>,
    after: Option<Vec<Value>>,
    buffered: VecDeque<Vec<Value>>,
    done: bool,
}

impl<'a> Reader<'a> {
    fn new(db: &'a Db, table: &'static Table, select: Option<Vec<String>>) -> Self {
        Reader {
            db,
            table,
            select,
            columns: Vec::new(),
            key_at: Vec::new(),
            after: None,
            buffered: VecDeque::new(),
            done: false,
        }
    }

    /// The next page of rows (empty after the last).
    fn page(&mut self) -> Result<Vec<Vec<Value>>> {
        if self.done {
            return Ok(Vec::new());
        }
        let table = self.table;
        let order = table.key.iter().map(|column| quoted(column)).collect::<Vec<_>>().join(", ");
        let select = match &self.select {
            Some(columns) => columns.iter().map(|column| quoted(column)).collect::<Vec<_>>().join(", "),
            None => "*".to_string(),
        };
        let sql = match &self.after {
            None => format!("SELECT {select} FROM {} ORDER BY {order} LIMIT {PAGE}", table.name),
            Some(_) => format!(
                "SELECT {select} FROM {} WHERE ({order}) > ({}) ORDER BY {order} LIMIT {PAGE}",
                table.name,
                vec!["?"; table.key.len()].join(", ")
            ),
        };
        let mut statement = self.db.prepare_cached(&sql)?;
        let after = self.after.take().unwrap_or_default();
        let mut rows = statement.query(params_from_iter(after.iter()))?;
        let mut page = Vec::with_capacity(PAGE);
        while let Some(row) = rows.next()? {
            if self.columns.is_empty() {
                self.columns = (0..row.column_count())
                    .map(|i| row.column_name(i).map(str::to_string))
                    .collect::<Result<_, _>>()?;
                self.key_at = table
                    .key
                    .iter()
                    .map(|key| {
                        self.columns.iter().position(|column| column == key).ok_or_else(|| StoreError::Conflict {
                            message: format!("the {} table has no {key} column, so it cannot be copied", table.name),
                            hint: "copy between databases of the same caseload version".into(),
                        })
                    })
                    .collect::<Result<_>>()?;
            }
            let mut values = Vec::with_capacity(self.columns.len());
            for i in 0..self.columns.len() {
                match owned(row.get_ref(i)?) {
                    Some(value) => values.push(value),
                    None => {
                        let key: Option<Vec<String>> = self
                            .key_at
                            .iter()
                            .map(|&at| row.get_ref(at).ok().and_then(owned).map(|value| shown_value(&value)))
                            .collect();
                        let which = match key {
                            Some(key) => format!("the {} row {} {}", table.name, table.key.join(", "), key.join(", ")),
                            None => format!("a row of the {} table", table.name),
                        };
                        return Err(StoreError::Conflict {
                            message: format!(
                                "{which} holds text that is not UTF-8 in its {} column, so nothing was copied",
                                self.columns[i]
                            ),
                            hint: "run `caseload check` on the source: it names every row this version cannot read"
                                .into(),
                        });
                    }
                }
            }
            page.push(values);
        }
        self.done = page.len() < PAGE;
        self.after = page.last().map(|row| self.key_at.iter().map(|&at| row[at].clone()).collect());
        Ok(page)
    }

    /// The next row, or None after the last.
    fn next_row(&mut self) -> Result<Option<Vec<Value>>> {
        if self.buffered.is_empty() {
            self.buffered = self.page()?.into();
        }
        Ok(self.buffered.pop_front())
    }
}

/// A value read as one to write; None for text that is not UTF-8.
fn owned(value: ValueRef<'_>) -> Option<Value> {
    Some(match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(n) => Value::Integer(n),
        ValueRef::Real(x) => Value::Real(x),
        ValueRef::Text(text) => Value::Text(std::str::from_utf8(text).ok()?.to_string()),
        ValueRef::Blob(bytes) => Value::Blob(bytes.to_vec()),
    })
}

/// A key's value in a message (ids, months, programs, user names: never client data).
fn shown_value(value: &Value) -> String {
    match value {
        Value::Null => "NULL".into(),
        Value::Integer(n) => n.to_string(),
        Value::Real(x) => x.to_string(),
        Value::Text(text) => text.clone(),
        Value::Blob(bytes) => format!("({} bytes)", bytes.len()),
    }
}

/// Copies one table's rows, a page at a time, many rows to a statement.
fn copy_rows(source: &Db, target: &Db, table: &'static Table) -> Result<()> {
    let mut reader = Reader::new(source, table, None);
    loop {
        let page = reader.page()?;
        if page.is_empty() {
            break;
        }
        let per_insert = (PARAMS_PER_INSERT / reader.columns.len().max(1)).clamp(1, ROWS_PER_INSERT);
        for rows in page.chunks(per_insert) {
            insert(target, table, &reader.columns, &reader.key_at, rows)?;
        }
    }
    if !reader.columns.is_empty() {
        same_columns(target, table, &reader.columns)?;
    }
    Ok(())
}

fn insert_sql(table: &Table, columns: &[String], rows: usize) -> String {
    let names = columns.iter().map(|column| quoted(column)).collect::<Vec<_>>().join(", ");
    let row = format!("({})", vec!["?"; columns.len()].join(", "));
    format!("INSERT INTO {} ({names}) VALUES {}", table.name, vec![row; rows].join(", "))
}

/// Inserts rows in one statement. When the target refuses it, the rows are
/// tried one at a time to name the one refused (a savepoint undoes the
/// statement, which on a server would otherwise end the transaction).
fn insert(target: &Db, table: &Table, columns: &[String], key_at: &[usize], rows: &[Vec<Value>]) -> Result<()> {
    target.execute_batch("SAVEPOINT copy_rows")?;
    let sql = insert_sql(table, columns, rows.len());
    let error = match target.execute(&sql, params_from_iter(rows.iter().flatten())) {
        Ok(_) => return Ok(target.execute_batch("RELEASE copy_rows")?),
        Err(error) => error,
    };
    target.execute_batch("ROLLBACK TO copy_rows")?;
    let one = insert_sql(table, columns, 1);
    for row in rows {
        if let Err(error) = target.execute(&one, params_from_iter(row.iter())) {
            let key: Vec<String> = key_at.iter().map(|&at| shown_value(&row[at])).collect();
            return Err(refused(
                target,
                &format!("{} row {} {}", table.name, table.key.join(", "), key.join(", ")),
                &error,
            ));
        }
    }
    Err(refused(target, &format!("the {} rows", table.name), &error))
}

fn refused(target: &Db, what: &str, error: &super::db::DbError) -> StoreError {
    let engine = match target.dialect() {
        Dialect::Sqlite => "the new SQLite database",
        Dialect::Postgres => "the server",
    };
    StoreError::Conflict {
        message: format!("{engine} refused {what} ({error}), so nothing was copied"),
        hint: "correct that row in the source (`caseload check` lists the rows it cannot read), then copy again; the target was left empty".into(),
    }
}

/// The target's table has the columns the source's has (the same version's schema).
fn same_columns(target: &Db, table: &'static Table, columns: &[String]) -> Result<()> {
    let mut statement = target.prepare(&format!("SELECT * FROM {} LIMIT 1", table.name))?;
    let mut rows = statement.query([])?;
    let Some(row) = rows.next()? else { return Ok(()) };
    let mut theirs =
        (0..row.column_count()).map(|i| row.column_name(i).map(str::to_string)).collect::<Result<Vec<_>, _>>()?;
    let mut ours = columns.to_vec();
    theirs.sort();
    ours.sort();
    if theirs != ours {
        return Err(StoreError::Conflict {
            message: format!(
                "the copy's {} table has other columns than the source's, so nothing was copied",
                table.name
            ),
            hint: "copy between databases of the same caseload version".into(),
        });
    }
    Ok(())
}

/// The identity: the target's migration made one of its own, which the
/// source's replaces (its guard set aside for that statement alone).
fn copy_meta(source: &Db, target: &Db, table: &'static Table) -> Result<()> {
    let mut reader = Reader::new(source, table, None);
    while let Some(row) = reader.next_row()? {
        let at = |name: &str| reader.columns.iter().position(|column| column == name);
        let (Some(key), Some(value)) = (at("key"), at("value")) else {
            return Err(StoreError::Conflict {
                message: "the source's meta table has no key and value columns, so it cannot be copied".into(),
                hint: "copy between databases of the same caseload version".into(),
            });
        };
        let (key, value) = (&row[key], &row[value]);
        let changed = with_trigger_set_aside(target, "meta", IDENTITY_GUARD, || {
            Ok(target.execute("UPDATE meta SET value = ?2 WHERE key = ?1", [key, value])?)
        })?;
        if changed == 0 {
            target.execute("INSERT INTO meta (key, value) VALUES (?1, ?2)", [key, value])?;
        }
    }
    Ok(())
}

/// Runs `work` with one trigger out of the way, inside the caller's
/// transaction: a server disables it (its table's owner may), SQLite drops
/// it and makes it again from its own text. A failure rolls the whole
/// transaction back, the trigger with it.
fn with_trigger_set_aside<T>(db: &Db, table: &str, trigger: &str, work: impl FnOnce() -> Result<T>) -> Result<T> {
    match db.dialect() {
        Dialect::Postgres => {
            db.execute_batch(&format!("ALTER TABLE {table} DISABLE TRIGGER {trigger}"))?;
            let value = work()?;
            db.execute_batch(&format!("ALTER TABLE {table} ENABLE TRIGGER {trigger}"))?;
            Ok(value)
        }
        Dialect::Sqlite => {
            let sql: String =
                db.query_row("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1", [trigger], |row| {
                    row.get(0)
                })?;
            db.execute_batch(&format!("DROP TRIGGER {trigger}"))?;
            let value = work()?;
            db.execute_batch(&sql)?;
            Ok(value)
        }
    }
}

/// A derived table the target made from the copied notes must hold exactly
/// the source's rows.
fn compare_derived(source: &Db, target: &Db, table: &'static Table) -> Result<()> {
    let mut ours = Reader::new(source, table, None);
    let first = ours.next_row()?;
    let mut theirs = Reader::new(target, table, Some(ours.columns.clone()).filter(|columns| !columns.is_empty()));
    let mut next = first;
    loop {
        let other = theirs.next_row()?;
        match (&next, &other) {
            (None, None) => return Ok(()),
            (Some(a), Some(b)) if a == b => {}
            (row, _) => {
                let at = match row {
                    Some(row) => {
                        let key: Vec<String> = ours.key_at.iter().map(|&at| shown_value(&row[at])).collect();
                        format!(" (first at {} {})", table.key.join(", "), key.join(", "))
                    }
                    None => String::new(),
                };
                return Err(StoreError::Conflict {
                    message: format!(
                        "the copy was rolled back: the {} rows made from the copied notes differ from the source's{at}",
                        table.name
                    ),
                    hint: format!(
                        "caseload keeps {} from the notes itself, so the source's is out of step with them: take a `caseload backup` of it and report this",
                        table.name
                    ),
                });
            }
        }
        next = ours.next_row()?;
    }
}

/// On a server, every identity sequence continues after the largest id
/// copied (explicit ids do not move it); SQLite's next rowid is already that.
fn move_sequences(db: &Db) -> Result<()> {
    if db.dialect() != Dialect::Postgres {
        return Ok(());
    }
    for table in TABLES.iter().filter(|table| table.key == ID) {
        let sql = format!("SELECT setval(pg_get_serial_sequence('{0}', 'id'), max(id)) FROM {0}", table.name);
        let _: Option<i64> = db.query_row(&sql, [], |row| row.get(0))?;
    }
    Ok(())
}

fn not_empty(shown: &str, why: &str) -> StoreError {
    StoreError::Conflict {
        message: format!("the database {shown} is not empty ({why}), so nothing was copied into it"),
        hint: "copy into a new, empty database (`createdb NAME`, then `caseload copy --to postgresql://…/NAME`); caseload makes the schema itself".into(),
    }
}
