//! Rows this version cannot decode (a bad date or instant text, an unknown
//! word, bad UTF-8, a number out of range). One row must not make a listing,
//! the alerts or an export fail for the team: the read paths leave it out and
//! note it here, and the front ends say so once, naming the table and id
//! (never the contents). A lookup of that one record fails with the same words.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use super::db::{Params, Row, Statement};
use rusqlite::types::Type;
use serde::Serialize;

use super::sql::BadValue;
use super::{Result, Store};

/// One row left out: which table, which id (when the row has one), which column and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnreadableRow {
    pub table: &'static str,
    pub id: Option<i64>,
    pub column: String,
    pub problem: &'static str,
}

impl fmt::Display for UnreadableRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.id {
            Some(id) => write!(f, "{} {id} could not be read (its {} {})", self.table, self.column, self.problem),
            None => write!(f, "a {} row could not be read (its {} {})", self.table, self.column, self.problem),
        }
    }
}

/// The rows left out so far, each once. Cloning shares the log, so a front end
/// can hand one to every store it opens and read it when it is done.
#[derive(Debug, Clone, Default)]
pub struct UnreadableLog(Arc<Mutex<Vec<UnreadableRow>>>);

impl UnreadableLog {
    fn note(&self, row: UnreadableRow) {
        let mut rows = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if !rows.contains(&row) {
            rows.push(row);
        }
    }

    /// Every row of a query of `table`, leaving out (and noting here) the
    /// ones this version cannot decode: what a store's reads do on any of
    /// its connections.
    pub(crate) fn read_rows<T>(
        &self,
        table: &'static str,
        statement: &mut Statement<'_>,
        params: impl Params,
        mut map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut rows = statement.query(params)?;
        let mut kept = Vec::new();
        while let Some(row) = rows.next()? {
            match decode(table, &row, &mut map)? {
                Ok(value) => kept.push(value),
                Err(unreadable) => self.note(unreadable),
            }
        }
        Ok(kept)
    }

    /// The rows noted since the last call, oldest first.
    pub fn take(&self) -> Vec<UnreadableRow> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// Maps one row, telling "this row cannot be decoded" (Ok(Err)) apart from a
/// failure of the database itself (Err), which still fails the read.
pub(crate) fn decode<T>(
    table: &'static str,
    row: &Row<'_>,
    map: &mut impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<Result<T, UnreadableRow>> {
    let error = match map(row) {
        Ok(value) => return Ok(Ok(value)),
        Err(error) => error,
    };
    let (index, problem) = match &error {
        rusqlite::Error::FromSqlConversionFailure(index, _, source) => {
            (*index, source.downcast_ref::<BadValue>().map_or("cannot be converted", |bad| bad.0))
        }
        rusqlite::Error::IntegralValueOutOfRange(index, _) => (*index, "holds a number out of range"),
        rusqlite::Error::Utf8Error(index, _) => (*index, "is not valid UTF-8 text"),
        rusqlite::Error::InvalidColumnType(index, _, Type::Null) => (*index, "is empty"),
        rusqlite::Error::InvalidColumnType(index, _, _) => (*index, "holds a value of the wrong type"),
        _ => return Err(error),
    };
    let column = row.column_name(index).map_or_else(|_| "value".to_string(), str::to_string);
    let id = row.get::<_, i64>("id").ok();
    Ok(Err(UnreadableRow { table, id, column, problem }))
}

/// At most one row of `table`; a row that cannot be decoded is an error naming it.
pub(crate) fn read_one<T>(
    statement: &mut Statement<'_>,
    params: impl Params,
    table: &'static str,
    mut map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Option<T>> {
    let mut rows = statement.query(params)?;
    match rows.next()? {
        None => Ok(None),
        Some(row) => Ok(Some(decode(table, &row, &mut map)?.map_err(super::StoreError::Unreadable)?)),
    }
}

impl Store {
    /// Every row of a query of `table`, leaving out (and noting) the ones
    /// this version cannot decode.
    pub(crate) fn read_rows<T>(
        &self,
        table: &'static str,
        statement: &mut Statement<'_>,
        params: impl Params,
        map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        self.unreadable.read_rows(table, statement, params, map)
    }

    /// Where this store notes the rows it left out.
    pub fn unreadable(&self) -> &UnreadableLog {
        &self.unreadable
    }

    /// Notes left-out rows in `log` from now on (a front end's shared log).
    pub fn share_unreadable_log(&mut self, log: UnreadableLog) {
        self.unreadable = log;
    }
}
