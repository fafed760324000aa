//! The PostgreSQL side of the seam: SQLite-style placeholders turned into
//! `$n`, SQLite values bound to the server's types and read back from them,
//! statements prepared once per connection, and the change notifications
//! other processes send (LISTEN/NOTIFY) counted like SQLite's data_version.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::error::Error;
use std::sync::Arc;
use std::time::Duration;

use bytes::BytesMut;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};
use rusqlite::types::{ToSqlOutput, Value, ValueRef};

use super::params::Bound;
use super::{DbError, DbResult};

/// The channel every committed write notifies, so other interfaces refresh.
pub const CHANGES_CHANNEL: &str = "caseload_changes";

type BoxError = Box<dyn Error + Sync + Send>;

/// A connection to a PostgreSQL caseload database.
pub struct PgConn {
    client: RefCell<postgres::Client>,
    prepared: RefCell<HashMap<String, Arc<Prepared>>>,
    /// This connection's server process, whose own notifications are not news.
    backend_pid: i32,
    /// Commits by other connections seen so far.
    changes: Cell<i64>,
}

/// A statement as the server prepared it, with what binding it needs.
pub struct Prepared {
    statement: postgres::Statement,
    /// For `:name` parameters, the name of `$1`, `$2`…; empty for positional ones.
    names: Vec<String>,
    columns: Arc<[String]>,
}

impl PgConn {
    /// Connects and listens for other processes' changes.
    pub fn connect(url: &str) -> DbResult<PgConn> {
        let mut client = postgres::Client::connect(url, postgres::NoTls)?;
        client.batch_execute(&format!("LISTEN {CHANGES_CHANNEL}"))?;
        let backend_pid: i32 = client.query_one("SELECT pg_backend_pid()", &[])?.get(0);
        Ok(PgConn {
            client: RefCell::new(client),
            prepared: RefCell::new(HashMap::new()),
            backend_pid,
            changes: Cell::new(0),
        })
    }

    /// Prepares `sql`; `keep` keeps the statement for the next call with the
    /// same text (SQLite's prepare_cached), else it is the server's for this
    /// call only, so a text made once (a filter, a limit) never piles up.
    pub(super) fn prepare(&self, sql: &str, keep: bool) -> DbResult<PgStatement<'_>> {
        if let Some(prepared) = self.prepared.borrow().get(sql) {
            return Ok(PgStatement { conn: self, prepared: Arc::clone(prepared) });
        }
        let (mut text, names) = translate_placeholders(sql);
        let statement = loop {
            match self.client.borrow_mut().prepare(&text) {
                Ok(statement) => break statement,
                // SQLite takes `?1 IS NULL` with any value; the server must
                // know a type, and only text fits every value a caller binds.
                Err(error) => match untyped_parameter(&error) {
                    Some(number) => text = typed_as_text(&text, number),
                    None => return Err(error.into()),
                },
            }
        };
        let columns = statement.columns().iter().map(|column| column.name().to_string()).collect();
        let prepared = Arc::new(Prepared { statement, names, columns });
        if keep {
            self.prepared.borrow_mut().insert(sql.to_string(), Arc::clone(&prepared));
        }
        Ok(PgStatement { conn: self, prepared })
    }

    pub(super) fn batch(&self, sql: &str) -> DbResult<()> {
        Ok(self.client.borrow_mut().batch_execute(sql)?)
    }

    pub(super) fn lock_timeout(&self, timeout: Duration) -> DbResult<()> {
        self.batch(&format!("SET lock_timeout = {}", timeout.as_millis().max(1)))
    }

    /// A number that grows whenever another connection has committed a write
    /// (each write notifies `CHANGES_CHANNEL` as it commits). A write that
    /// committed before this call is always counted: an empty query first
    /// makes the server send every notification it holds for this connection
    /// before it answers (the committer signalled this connection's server
    /// process before its commit returned), so none is still on its way.
    pub fn changes_seen(&self) -> DbResult<i64> {
        let mut client = self.client.borrow_mut();
        client.batch_execute("")?;
        let mut notifications = client.notifications();
        let mut pending = notifications.iter();
        while let Some(notification) = pending.next()? {
            if notification.process_id() != self.backend_pid {
                self.changes.set(self.changes.get() + 1);
            }
        }
        Ok(self.changes.get())
    }
}

/// A statement of a `PgConn`, ready to run with SQLite-style parameters.
pub struct PgStatement<'db> {
    conn: &'db PgConn,
    prepared: Arc<Prepared>,
}

/// A PostgreSQL row turned into SQLite values.
pub struct PgRow {
    pub(super) columns: Arc<[String]>,
    pub(super) values: Vec<Value>,
}

impl PgStatement<'_> {
    pub(super) fn column_count(&self) -> usize {
        self.prepared.columns.len()
    }

    fn values(&self, bound: &Bound<'_>) -> DbResult<Vec<PgParam>> {
        let owned = |value: &dyn rusqlite::ToSql| -> DbResult<PgParam> {
            Ok(PgParam(match value.to_sql()? {
                ToSqlOutput::Borrowed(value) => {
                    Value::try_from(value).map_err(|error| rusqlite::Error::ToSqlConversionFailure(Box::new(error)))?
                }
                ToSqlOutput::Owned(value) => value,
                _ => return Err(DbError::Sqlite(rusqlite::Error::ToSqlConversionFailure("unsupported value".into()))),
            }))
        };
        match bound {
            Bound::Positional(values) => values.iter().map(|value| owned(*value)).collect(),
            Bound::Named(values) => self
                .prepared
                .names
                .iter()
                .map(|name| match values.iter().find(|(given, _)| given == name) {
                    Some((_, value)) => owned(*value),
                    None => Err(DbError::Sqlite(rusqlite::Error::InvalidParameterName(name.clone()))),
                })
                .collect(),
        }
    }

    pub(super) fn execute(&mut self, bound: &Bound<'_>) -> DbResult<usize> {
        let values = self.values(bound)?;
        let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|value| value as &(dyn ToSql + Sync)).collect();
        let changed = self.conn.client.borrow_mut().execute(&self.prepared.statement, &refs)?;
        Ok(usize::try_from(changed).unwrap_or(usize::MAX))
    }

    pub(super) fn query(&mut self, bound: &Bound<'_>) -> DbResult<Vec<PgRow>> {
        let values = self.values(bound)?;
        let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|value| value as &(dyn ToSql + Sync)).collect();
        let rows = self.conn.client.borrow_mut().query(&self.prepared.statement, &refs)?;
        rows.iter()
            .map(|row| {
                let values = (0..row.len())
                    .map(|index| row.try_get::<_, PgValue>(index).map(|value| value.0))
                    .collect::<Result<_, _>>()?;
                Ok(PgRow { columns: Arc::clone(&self.prepared.columns), values })
            })
            .collect()
    }
}

/// The parameter the server could not give a type to, from its error.
fn untyped_parameter(error: &postgres::Error) -> Option<usize> {
    use postgres::error::SqlState;
    let db = error.as_db_error()?;
    if *db.code() != SqlState::INDETERMINATE_DATATYPE && *db.code() != SqlState::AMBIGUOUS_PARAMETER {
        return None;
    }
    let after = db.message().split('$').nth(1)?;
    after.chars().take_while(char::is_ascii_digit).collect::<String>().parse().ok()
}

/// Every `$number` of the statement written `$number::text`.
fn typed_as_text(sql: &str, number: usize) -> String {
    let placeholder = format!("${number}");
    let mut out = String::with_capacity(sql.len() + 8);
    let mut rest = sql;
    while let Some(at) = rest.find(&placeholder) {
        let after = &rest[at + placeholder.len()..];
        out.push_str(&rest[..at + placeholder.len()]);
        if !after.starts_with(|c: char| c.is_ascii_digit()) && !after.starts_with("::") {
            out.push_str("::text");
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// SQLite's placeholders (`?`, `?NNN`, `:name`) as PostgreSQL's `$n`, and for
/// named ones the name of each `$n` in order. Quoted text, quoted names,
/// comments and `::` casts are left alone.
pub(crate) fn translate_placeholders(sql: &str) -> (String, Vec<String>) {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = String::with_capacity(sql.len() + 8);
    let mut names: Vec<String> = Vec::new();
    let mut highest = 0usize;
    let mut i = 0;
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_';
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\'' | '"' => {
                let end = chars[i + 1..].iter().position(|&d| d == c).map_or(chars.len(), |at| i + 1 + at);
                out.extend(&chars[i..(end + 1).min(chars.len())]);
                i = end + 1;
            }
            '-' if chars.get(i + 1) == Some(&'-') => {
                let end = chars[i..].iter().position(|&d| d == '\n').map_or(chars.len(), |at| i + at);
                out.extend(&chars[i..end]);
                i = end;
            }
            '/' if chars.get(i + 1) == Some(&'*') => {
                let end = (i + 2..chars.len().saturating_sub(1))
                    .find(|&at| chars[at] == '*' && chars[at + 1] == '/')
                    .map_or(chars.len(), |at| at + 2);
                out.extend(&chars[i..end]);
                i = end;
            }
            '?' => {
                let digits: String = chars[i + 1..].iter().take_while(|d| d.is_ascii_digit()).collect();
                let number = if digits.is_empty() { highest + 1 } else { digits.parse().unwrap_or(highest + 1) };
                highest = highest.max(number);
                out.push('$');
                out.push_str(&number.to_string());
                i += 1 + digits.len();
            }
            ':' if chars.get(i + 1) == Some(&':') => {
                out.push_str("::");
                i += 2;
            }
            ':' if chars.get(i + 1).is_some_and(|&d| d.is_ascii_alphabetic() || d == '_') => {
                let name: String =
                    std::iter::once(':').chain(chars[i + 1..].iter().copied().take_while(|&d| is_name(d))).collect();
                let number = match names.iter().position(|known| *known == name) {
                    Some(at) => at + 1,
                    None => {
                        names.push(name.clone());
                        names.len()
                    }
                };
                out.push('$');
                out.push_str(&number.to_string());
                i += name.chars().count();
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    (out, names)
}

/// A SQLite value bound to whatever type the server expects there.
#[derive(Debug)]
struct PgParam(Value);

fn text_type(ty: &Type) -> bool {
    matches!(*ty, Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN)
}

impl ToSql for PgParam {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        match (&self.0, ty) {
            (Value::Null, _) => Ok(IsNull::Yes),
            (Value::Integer(n), &Type::INT8) => n.to_sql(ty, out),
            (Value::Integer(n), &Type::INT4) => i32::try_from(*n)?.to_sql(ty, out),
            (Value::Integer(n), &Type::INT2) => i16::try_from(*n)?.to_sql(ty, out),
            (Value::Integer(n), &Type::BOOL) => (*n != 0).to_sql(ty, out),
            #[allow(clippy::cast_precision_loss)]
            (Value::Integer(n), &Type::FLOAT8) => (*n as f64).to_sql(ty, out),
            (Value::Integer(n), ty) if text_type(ty) => n.to_string().to_sql(&Type::TEXT, out),
            (Value::Real(x), &Type::FLOAT8) => x.to_sql(ty, out),
            (Value::Real(x), ty) if text_type(ty) => x.to_string().to_sql(&Type::TEXT, out),
            (Value::Text(text), ty) if text_type(ty) => text.to_sql(&Type::TEXT, out),
            (Value::Text(text), &Type::INT8) => text.trim().parse::<i64>()?.to_sql(ty, out),
            (Value::Blob(bytes), &Type::BYTEA) => bytes.to_sql(ty, out),
            (value, ty) => Err(format!("cannot bind {:?} as {ty}", ValueRef::from(value).data_type()).into()),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// A server value read as the SQLite value it stands for.
struct PgValue(Value);

impl<'a> FromSql<'a> for PgValue {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        Ok(PgValue(match *ty {
            Type::INT8 => Value::Integer(i64::from_sql(ty, raw)?),
            Type::INT4 => Value::Integer(i32::from_sql(ty, raw)?.into()),
            Type::INT2 => Value::Integer(i16::from_sql(ty, raw)?.into()),
            Type::OID => Value::Integer(u32::from_sql(ty, raw)?.into()),
            Type::BOOL => Value::Integer(bool::from_sql(ty, raw)?.into()),
            Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            Type::FLOAT4 => Value::Real(f32::from_sql(ty, raw)?.into()),
            Type::NUMERIC => numeric(raw)?,
            Type::BYTEA => Value::Blob(Vec::<u8>::from_sql(ty, raw)?),
            ref ty if text_type(ty) => Value::Text(String::from_sql(&Type::TEXT, raw)?),
            ref other => return Err(format!("caseload does not read values of type {other}").into()),
        }))
    }

    fn from_sql_null(_: &Type) -> Result<Self, BoxError> {
        Ok(PgValue(Value::Null))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// NUMERIC's binary form (what `sum()` of a bigint gives): an integer when it
/// has no fraction, else a float, as SQLite's sum would be.
fn numeric(raw: &[u8]) -> Result<Value, BoxError> {
    let word = |at: usize| -> Result<i64, BoxError> {
        let bytes = raw.get(at..at + 2).ok_or("short NUMERIC")?;
        Ok(i64::from(i16::from_be_bytes([bytes[0], bytes[1]])))
    };
    let (count, weight, sign, scale) = (word(0)?, word(2)?, word(4)? & 0xFFFF, word(6)?);
    if sign == 0xC000 {
        return Ok(Value::Null);
    }
    let mut value = 0f64;
    for digit in 0..count {
        #[allow(clippy::cast_possible_truncation)]
        let power = (weight - digit) as i32;
        #[allow(clippy::cast_precision_loss)]
        let term = word(8 + 2 * usize::try_from(digit)?)? as f64 * 10000f64.powi(power);
        value += term;
    }
    if sign == 0x4000 {
        value = -value;
    }
    #[allow(clippy::cast_possible_truncation)]
    Ok(if scale == 0 && value.abs() < 9.0e15 { Value::Integer(value as i64) } else { Value::Real(value) })
}

#[cfg(test)]
mod tests {
    use super::translate_placeholders;

    #[test]
    fn an_untyped_parameter_is_typed_as_text_wherever_it_is() {
        assert_eq!(super::typed_as_text("$1 IS NULL OR $12 = $1", 1), "$1::text IS NULL OR $12 = $1::text");
        assert_eq!(super::typed_as_text("$2::text IS NULL OR $2 = x", 2), "$2::text IS NULL OR $2::text = x");
    }

    #[test]
    fn sqlite_placeholders_become_numbered_ones() {
        assert_eq!(translate_placeholders("SELECT ? , ?"), ("SELECT $1 , $2".into(), vec![]));
        assert_eq!(
            translate_placeholders("a = ?2 OR ?2 IS NULL AND b = ?1"),
            ("a = $2 OR $2 IS NULL AND b = $1".into(), vec![])
        );
        let (sql, names) = translate_placeholders("VALUES (:mrn, :now, :now) -- :not\n");
        assert_eq!(sql, "VALUES ($1, $2, $2) -- :not\n");
        assert_eq!(names, vec![":mrn".to_string(), ":now".to_string()]);
        assert_eq!(translate_placeholders("x::text || '?:a' || \"?\""), ("x::text || '?:a' || \"?\"".into(), vec![]));
    }
}
