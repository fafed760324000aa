//! Small conversions between rows and domain values, shared by every table.

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::{FromSqlError, Type};
use rusqlite::{Row, RowIndex};

use crate::domain::Invalid;

/// A word-enum column (`risk`, `status`…), refused loudly if the file holds
/// a word this version does not know.
pub(crate) fn word<T: FromStr<Err = Invalid>>(row: &Row<'_>, column: impl RowIndex) -> rusqlite::Result<T> {
    let text: String = row.get(column)?;
    text.parse().map_err(|error: Invalid| rusqlite::Error::FromSqlConversionFailure(0, Type::Text, Box::new(error)))
}

/// A stored date (`YYYY-MM-DD`). Read by hand: chrono's format parser cost a
/// fifth of reading a client, whose row holds five dates.
pub(crate) fn date(row: &Row<'_>, column: impl RowIndex) -> rusqlite::Result<NaiveDate> {
    parse_date(row.get_ref(column)?.as_str()?)
}

pub(crate) fn optional_date(row: &Row<'_>, column: impl RowIndex) -> rusqlite::Result<Option<NaiveDate>> {
    row.get_ref(column)?.as_str_or_null()?.map(parse_date).transpose()
}

fn parse_date(text: &str) -> rusqlite::Result<NaiveDate> {
    let bytes = text.as_bytes();
    let number =
        |digits: &[u8]| digits.iter().try_fold(0u32, |n, &d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')));
    let fast = match bytes {
        [y @ .., b'-', m1, m2, b'-', d1, d2] if y.len() == 4 => number(y)
            .zip(number(&[*m1, *m2]))
            .zip(number(&[*d1, *d2]))
            .and_then(|((year, month), day)| NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)),
        _ => None,
    };
    // Anything unusual goes through chrono, which also words the error.
    fast.map_or_else(
        || {
            NaiveDate::parse_from_str(text, "%F").map_err(|error| {
                rusqlite::Error::FromSqlConversionFailure(0, Type::Text, Box::new(FromSqlError::Other(Box::new(error))))
            })
        },
        Ok,
    )
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

#[cfg(test)]
mod tests {
    use super::parse_date;
    use chrono::NaiveDate;

    #[test]
    fn stored_dates_are_read_and_bad_ones_refused() {
        assert_eq!(parse_date("2026-11-23").ok(), NaiveDate::from_ymd_opt(2026, 11, 23));
        assert_eq!(parse_date("0999-01-02").ok(), NaiveDate::from_ymd_opt(999, 1, 2));
        for bad in ["2026-02-30", "2026-1x-01", "23/11/2026", "", "2026-11-23T09:00"] {
            assert!(parse_date(bad).is_err(), "{bad:?} was accepted");
        }
    }
}
