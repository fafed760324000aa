//! Small conversions between rows and domain values, shared by every table.

use std::fmt;
use std::str::FromStr;

use super::db::{ColumnIndex, Row};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rusqlite::types::{Type, ValueRef};

use crate::domain::Invalid;
use crate::domain::dates::in_range;
use crate::domain::time::instant_in_range;

/// Why a stored value cannot be read, carried in rusqlite's conversion error
/// so that the read paths can name the row and leave it out (`unreadable`).
#[derive(Debug)]
pub(crate) struct BadValue(pub &'static str);

impl fmt::Display for BadValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the stored value {}", self.0)
    }
}

impl std::error::Error for BadValue {}

fn bad(index: usize, problem: &'static str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(index, Type::Text, Box::new(BadValue(problem)))
}

const OUT_OF_RANGE: &str = "is outside 1900-01-01 … 2199-12-31";

/// The text of a column without copying it (None for NULL); errors name the column.
pub(crate) fn optional_text<'r>(row: &'r Row<'_>, index: usize) -> rusqlite::Result<Option<&'r str>> {
    match row.get_ref(index)? {
        ValueRef::Null => Ok(None),
        ValueRef::Text(bytes) => {
            std::str::from_utf8(bytes).map(Some).map_err(|error| rusqlite::Error::Utf8Error(index, error))
        }
        other => Err(rusqlite::Error::InvalidColumnType(
            index,
            row.column_name(index).unwrap_or_default().to_string(),
            other.data_type(),
        )),
    }
}

pub(crate) fn required_text<'r>(row: &'r Row<'_>, index: usize) -> rusqlite::Result<&'r str> {
    optional_text(row, index)?.ok_or_else(|| {
        rusqlite::Error::InvalidColumnType(index, row.column_name(index).unwrap_or_default().to_string(), Type::Null)
    })
}

/// A word-enum column (`risk`, `status`…); a word this version does not know
/// makes the row unreadable rather than guessed at.
pub(crate) fn word<T: FromStr<Err = Invalid>>(row: &Row<'_>, column: impl ColumnIndex) -> rusqlite::Result<T> {
    let index = column.index(row)?;
    required_text(row, index)?.parse().map_err(|_: Invalid| bad(index, "holds a word this version does not know"))
}

/// A word-enum column that may be NULL.
pub(crate) fn optional_word<T: FromStr<Err = Invalid>>(
    row: &Row<'_>,
    column: impl ColumnIndex,
) -> rusqlite::Result<Option<T>> {
    let index = column.index(row)?;
    optional_text(row, index)?
        .map(str::parse)
        .transpose()
        .map_err(|_: Invalid| bad(index, "holds a word this version does not know"))
}

/// A comma-separated list of small numbers (an assessment's answers).
pub(crate) fn number_list(row: &Row<'_>, column: impl ColumnIndex) -> rusqlite::Result<Vec<u8>> {
    let index = column.index(row)?;
    let text = required_text(row, index)?;
    text.split(',').map(|n| n.parse()).collect::<Result<_, _>>().map_err(|_| bad(index, "is not a list of numbers"))
}

/// A comma-separated list of words of one word enum ('' is none).
pub(crate) fn word_list<T: FromStr<Err = Invalid>>(
    row: &Row<'_>,
    column: impl ColumnIndex,
) -> rusqlite::Result<Vec<T>> {
    let index = column.index(row)?;
    let text = required_text(row, index)?;
    text.split(',')
        .filter(|w| !w.is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|_: Invalid| bad(index, "holds a word this version does not know"))
}

/// A stored date (`YYYY-MM-DD`, 1900-01-01 … 2199-12-31). Read by hand:
/// chrono's format parser cost a fifth of reading a client, whose row holds five dates.
pub(crate) fn date(row: &Row<'_>, column: impl ColumnIndex) -> rusqlite::Result<NaiveDate> {
    let index = column.index(row)?;
    parse_date(required_text(row, index)?).map_err(|problem| bad(index, problem))
}

pub(crate) fn optional_date(row: &Row<'_>, column: impl ColumnIndex) -> rusqlite::Result<Option<NaiveDate>> {
    let index = column.index(row)?;
    optional_text(row, index)?.map(parse_date).transpose().map_err(|problem| bad(index, problem))
}

/// Decimal digits as a number; None if any is not a digit.
fn number(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |n, &d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
}

/// "YYYY-MM-DD", the stored form of a date, read without chrono's parser.
fn stored_date(bytes: &[u8]) -> Option<NaiveDate> {
    match bytes {
        [y @ .., b'-', m1, m2, b'-', d1, d2] if y.len() == 4 => {
            NaiveDate::from_ymd_opt(i32::try_from(number(y)?).ok()?, number(&[*m1, *m2])?, number(&[*d1, *d2])?)
        }
        _ => None,
    }
}

fn parse_date(text: &str) -> Result<NaiveDate, &'static str> {
    // Anything unusual goes through chrono.
    let date = match stored_date(text.as_bytes()) {
        Some(date) => date,
        None => NaiveDate::parse_from_str(text, "%F").map_err(|_| "is not a valid date")?,
    };
    if in_range(date) { Ok(date) } else { Err(OUT_OF_RANGE) }
}

/// "YYYY-MM-DDTHH:MM:SSZ", the stored form of an instant (`stamp`), read
/// without chrono's RFC 3339 parser: a team's facts hold a million of them.
fn stored_instant(bytes: &[u8]) -> Option<DateTime<Utc>> {
    match bytes {
        [date @ .., b'T', h1, h2, b':', m1, m2, b':', s1, s2, b'Z'] if date.len() == 10 => {
            let time = NaiveTime::from_hms_opt(number(&[*h1, *h2])?, number(&[*m1, *m2])?, number(&[*s1, *s2])?)?;
            Some(stored_date(date)?.and_time(time).and_utc())
        }
        _ => None,
    }
}

/// A stored UTC instant (RFC 3339).
pub(crate) fn instant(row: &Row<'_>, column: impl ColumnIndex) -> rusqlite::Result<DateTime<Utc>> {
    let index = column.index(row)?;
    parse_instant(required_text(row, index)?).map_err(|problem| bad(index, problem))
}

pub(crate) fn optional_instant(row: &Row<'_>, column: impl ColumnIndex) -> rusqlite::Result<Option<DateTime<Utc>>> {
    let index = column.index(row)?;
    optional_text(row, index)?.map(parse_instant).transpose().map_err(|problem| bad(index, problem))
}

fn parse_instant(text: &str) -> Result<DateTime<Utc>, &'static str> {
    let at = match stored_instant(text.as_bytes()) {
        Some(at) => at,
        None => DateTime::parse_from_rfc3339(text).map_err(|_| "is not a valid time")?.with_timezone(&Utc),
    };
    if instant_in_range(at) { Ok(at) } else { Err(OUT_OF_RANGE) }
}

/// A column list with every name prefixed by a table alias ("c.id, c.mrn, …").
pub(crate) fn qualified(columns: &str, alias: &str) -> String {
    columns.split(',').map(|column| format!("{alias}.{}", column.trim())).collect::<Vec<_>>().join(", ")
}

/// Unsigned minutes stored as INTEGER.
pub(crate) fn minutes(row: &Row<'_>, column: impl ColumnIndex) -> rusqlite::Result<u32> {
    let index = column.index(row)?;
    let value: i64 = row.get(index)?;
    u32::try_from(value).map_err(|_| rusqlite::Error::IntegralValueOutOfRange(index, value))
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

bind_as_text!(crate::domain::client::Risk, crate::domain::client::ClientStatus, crate::domain::client::Gender);

#[cfg(test)]
mod tests {
    use super::{parse_date, parse_instant};
    use chrono::NaiveDate;

    #[test]
    fn stored_dates_are_read_and_bad_ones_refused() {
        assert_eq!(parse_date("2026-11-23").ok(), NaiveDate::from_ymd_opt(2026, 11, 23));
        assert_eq!(parse_date("1900-01-01").ok(), NaiveDate::from_ymd_opt(1900, 1, 1));
        assert_eq!(parse_date("2199-12-31").ok(), NaiveDate::from_ymd_opt(2199, 12, 31));
        for bad in ["2026-02-30", "2026-1x-01", "23/11/2026", "", "2026-11-23T09:00"] {
            assert_eq!(parse_date(bad), Err("is not a valid date"), "{bad:?}");
        }
        for outside in ["0999-01-02", "1899-12-31", "2200-01-01", "+10000-01-01"] {
            assert_eq!(parse_date(outside), Err(super::OUT_OF_RANGE), "{outside:?}");
        }
    }

    #[test]
    fn stored_instants_outside_the_range_are_refused() {
        assert!(parse_instant("2200-01-01T05:30:00Z").is_ok());
        assert_eq!(parse_instant("+10000-01-01T05:30:00Z"), Err("is not a valid time"));
        assert_eq!(parse_instant("2300-01-01T05:30:00Z"), Err(super::OUT_OF_RANGE));
        assert_eq!(parse_instant("yesterday"), Err("is not a valid time"));
    }

    #[test]
    fn stored_instants_read_as_chrono_reads_them() {
        let chrono =
            |text| chrono::DateTime::parse_from_rfc3339(text).map(|at| at.to_utc()).map_err(|_| "is not a valid time");
        for text in [
            "2026-11-23T09:00:00Z",
            "2024-02-29T23:59:59Z",
            "1900-01-01T00:00:00Z",
            "2026-11-23T09:00:00+01:00", // not the stored form: chrono reads it
            "2026-11-23T09:00:00.5Z",
            "2016-12-31T23:59:60Z", // a leap second
            // Not instants, in the stored form's shape or near it.
            "2026-02-30T09:00:00Z",
            "2026-11-23T24:00:00Z",
            "2026-11-23T09:60:00Z",
            "2026-11-23T0x:00:00Z",
            "2026-11-23 09:00:00Z",
        ] {
            assert_eq!(parse_instant(text), chrono(text), "{text:?}");
        }
    }
}
