//! One row of a result, read with rusqlite's conversions on either engine.

use rusqlite::types::{FromSql, FromSqlError, Type, ValueRef};

use super::postgres::PgRow;

/// A result row: SQLite's, or a PostgreSQL row already turned into SQLite values.
pub enum Row<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Postgres(PgRow),
}

/// A column by position or by name.
pub trait ColumnIndex {
    fn index(&self, row: &Row<'_>) -> rusqlite::Result<usize>;
}

impl ColumnIndex for usize {
    fn index(&self, row: &Row<'_>) -> rusqlite::Result<usize> {
        if *self < row.column_count() { Ok(*self) } else { Err(rusqlite::Error::InvalidColumnIndex(*self)) }
    }
}

impl ColumnIndex for &str {
    fn index(&self, row: &Row<'_>) -> rusqlite::Result<usize> {
        (0..row.column_count())
            .find(|&index| row.column_name(index).is_ok_and(|name| name.eq_ignore_ascii_case(self)))
            .ok_or_else(|| rusqlite::Error::InvalidColumnName((*self).to_string()))
    }
}

impl Row<'_> {
    pub fn column_count(&self) -> usize {
        match self {
            Row::Sqlite(row) => row.as_ref().column_count(),
            Row::Postgres(row) => row.values.len(),
        }
    }

    pub fn column_name(&self, index: usize) -> rusqlite::Result<&str> {
        match self {
            Row::Sqlite(row) => row.as_ref().column_name(index),
            Row::Postgres(row) => {
                row.columns.get(index).map(String::as_str).ok_or(rusqlite::Error::InvalidColumnIndex(index))
            }
        }
    }

    /// The value of a column without converting it.
    pub fn get_ref(&self, column: impl ColumnIndex) -> rusqlite::Result<ValueRef<'_>> {
        let index = column.index(self)?;
        match self {
            Row::Sqlite(row) => row.get_ref(index),
            Row::Postgres(row) => Ok(ValueRef::from(&row.values[index])),
        }
    }

    /// A column converted to `T`, failing as rusqlite does (naming the column).
    pub fn get<I: ColumnIndex, T: FromSql>(&self, column: I) -> rusqlite::Result<T> {
        let index = column.index(self)?;
        if let Row::Sqlite(row) = self {
            return row.get(index);
        }
        let value = self.get_ref(index)?;
        T::column_result(value).map_err(|error| match error {
            FromSqlError::InvalidType => rusqlite::Error::InvalidColumnType(
                index,
                self.column_name(index).unwrap_or_default().to_string(),
                value.data_type(),
            ),
            FromSqlError::OutOfRange(number) => rusqlite::Error::IntegralValueOutOfRange(index, number),
            FromSqlError::Utf8Error(error) => rusqlite::Error::Utf8Error(index, error),
            FromSqlError::Other(error) => rusqlite::Error::FromSqlConversionFailure(index, value.data_type(), error),
            other => rusqlite::Error::FromSqlConversionFailure(index, Type::Blob, Box::new(other)),
        })
    }
}
