//! Small conversions between rows and domain values, shared by every table.

use std::str::FromStr;

use chrono::{DateTime, Utc};
use rusqlite::types::{FromSqlError, Type};
use rusqlite::{Row, RowIndex};

use crate::domain::Invalid;

/// A word-enum column (`risk`, `status`…), refused loudly if the file holds
/// a word this version does not know.
pub(crate) fn word<T: FromStr<Err = Invalid>>(row: &Row<'_>, column: impl RowIndex) -> rusqlite::Result<T> {
    let text: String = row.get(column)?;
    text.parse().map_err(|error: Invalid| rusqlite::Error::FromSqlConversionFailure(0, Type::Text, Box::new(error)))
}

/// A stored UTC instant (RFC 3339).
pub(crate) fn instant(row: &Row<'_>, column: impl RowIndex) -> rusqlite::Result<DateTime<Utc>> {
    let text: String = row.get(column)?;
    parse_instant(&text)
}

pub(crate) fn optional_instant(row: &Row<'_>, column: impl RowIndex) -> rusqlite::Result<Option<DateTime<Utc>>> {
    let text: Option<String> = row.get(column)?;
    text.map(|t| parse_instant(&t)).transpose()
}

fn parse_instant(text: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).map(|at| at.with_timezone(&Utc)).map_err(|error| {
        rusqlite::Error::FromSqlConversionFailure(0, Type::Text, Box::new(FromSqlError::Other(Box::new(error))))
    })
}

/// A column list with every name prefixed by a table alias ("c.id, c.mrn, …").
pub(crate) fn qualified(columns: &str, alias: &str) -> String {
    columns.split(',').map(|column| format!("{alias}.{}", column.trim())).collect::<Vec<_>>().join(", ")
}

/// Unsigned minutes stored as INTEGER.
pub(crate) fn minutes(row: &Row<'_>, column: impl RowIndex) -> rusqlite::Result<u32> {
    let value: i64 = row.get(column)?;
    u32::try_from(value).map_err(|_| rusqlite::Error::IntegralValueOutOfRange(0, value))
}

pub(crate) use crate::domain::time::to_stored as stamp;

/// Word enums and tag lists bind as the text they are stored as.
macro_rules! bind_as_text {
    ($($type:ty),+) => {$(
        impl rusqlite::ToSql for $type {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::from(self.as_str()))
            }
        }
    )+};
}

bind_as_text!(crate::domain::client::Risk, crate::domain::client::ClientStatus);
