//! Listings as a table (default), JSON or CSV. JSON and CSV carry the record
//! field names of SPEC §2; tables pick the columns a person needs and fit 80
//! columns. Output is written once, and a closed pipe (`| head`) is not an error.
//! Everything printed passes through [`emit`], which makes stored text inert
//! for a terminal (SPEC §6); JSON escapes such characters itself, losslessly.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;
use serde_json::Value;

use crate::domain::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Table,
    Json,
    Csv,
}

/// One table column: a header, the widest it may grow, and how to show a row.
pub struct Column<T> {
    pub header: &'static str,
    pub max_width: usize,
    pub value: Box<dyn Fn(&T) -> String>,
}

impl<T: 'static> Column<T> {
    pub fn new(header: &'static str, max_width: usize, value: fn(&T) -> String) -> Self {
        Column::from_fn(header, max_width, value)
    }

    /// A column whose values need more than the row, such as the time zone.
    pub fn from_fn(header: &'static str, max_width: usize, value: impl Fn(&T) -> String + 'static) -> Self {
        Column { header, max_width, value: Box::new(value) }
    }
}

/// Prints a listing in the chosen format. `empty` is what a table says when
/// there is nothing to show (JSON prints `[]`, CSV only its header).
pub fn print_list<T: Serialize>(format: Format, rows: &[T], columns: &[Column<T>], empty: &str) -> Result<()> {
    let text = match format {
        Format::Json => json_text(rows)?,
        Format::Csv => csv_text(rows)?,
        Format::Table if rows.is_empty() => format!("{empty}\n"),
        Format::Table => table_text(rows, columns),
    };
    emit(&text)
}

/// Prints rows as CSV; when there are none, the header that `blank`'s
/// fields make, so that a reader of an empty report still finds its columns.
pub fn print_csv<T: Serialize>(rows: &[T], blank: &T) -> Result<()> {
    match rows {
        [] => {
            let text = csv_text(std::slice::from_ref(blank))?;
            emit(&format!("{}\n", text.lines().next().unwrap_or_default()))
        }
        _ => emit(&csv_text(rows)?),
    }
}

/// Prints one record: `field  value` lines, or a JSON object, or a CSV row.
pub fn print_record<T: Serialize>(format: Format, record: &T) -> Result<()> {
    let text = match format {
        Format::Json => json_text(record)?,
        Format::Csv => csv_text(std::slice::from_ref(record))?,
        Format::Table => {
            let Value::Object(fields) = serde_json::to_value(record)? else {
                return emit(&format!("{}\n", serde_json::to_string(record)?));
            };
            let width = fields.keys().map(String::len).max().unwrap_or(0);
            fields.iter().map(|(key, value)| format!("{key:<width$}  {}\n", text::inert_line(&cell(value)))).collect()
        }
    };
    emit(&text)
}

/// What every `add` prints: the new id alone on a line, or the whole record
/// in JSON, read back by `read`. The record is saved by then, so a read-back
/// that fails is a warning beside the id, never an error (SPEC §6).
pub fn print_created<T: Serialize>(
    format: Format,
    id: i64,
    read: impl FnOnce() -> crate::store::Result<T>,
) -> Result<()> {
    match format {
        Format::Json => match read() {
            Ok(record) => print_record(format, &record),
            Err(error) => {
                eprintln!("warning: record {id} was saved but could not be read back ({error}); run `caseload check`");
                emit(&format!("{}\n", serde_json::json!({ "id": id })))
            }
        },
        _ => emit(&format!("{id}\n")),
    }
}

/// Pretty JSON in which every character a terminal must not receive as it
/// is (C1 and bidirectional controls, DEL; serde_json already escapes C0)
/// is written as a JSON `\u` escape (`\u202e`): the same string to a JSON reader.
pub fn json_text<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    let json = serde_json::to_string_pretty(value)?;
    let mut out = String::with_capacity(json.len() + 1);
    push_json_inert(&mut out, &json);
    out.push('\n');
    Ok(out)
}

/// Appends JSON text with its unsafe characters as JSON `\u` escapes. Such a
/// character can only stand inside a string (JSON's own whitespace is safe),
/// where the escape means the same character.
fn push_json_inert(out: &mut String, json: &str) {
    for c in json.chars() {
        if text::is_unsafe(c) && !matches!(c, '\n' | '\t' | '\r') {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
}

/// A writer for JSON streamed straight to its sink (the FHIR export): what
/// passes through is made inert as `json_text` makes it. A character split
/// between two writes waits for its other bytes.
pub struct InertJson<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> InertJson<W> {
    pub fn new(inner: W) -> Self {
        InertJson { inner, pending: Vec::new() }
    }
}

impl<W: Write> Write for InertJson<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(bytes);
        let whole = match std::str::from_utf8(&self.pending) {
            Ok(text) => text.len(),
            // Only the last character is incomplete: keep it for the next write.
            Err(error) if error.error_len().is_none() => error.valid_up_to(),
            Err(_) => return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, "the JSON is not UTF-8")),
        };
        let text = std::str::from_utf8(&self.pending[..whole]).map_err(std::io::Error::other)?;
        let mut out = String::with_capacity(text.len());
        push_json_inert(&mut out, text);
        self.inner.write_all(out.as_bytes())?;
        self.pending.drain(..whole);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Writes text to standard output, inert (no escape sequence, control or
/// bidirectional override from stored text reaches the terminal); a reader
/// that went away is not a failure.
pub fn emit(text: &str) -> Result<()> {
    let text = text::inert(text);
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => Err(error.into()),
        _ => Ok(()),
    }
}

/// A JSON value as one table or CSV cell.
fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        Value::Array(items) => items.iter().map(cell).collect::<Vec<_>>().join(";"),
        other => other.to_string(),
    }
}

fn csv_text<T: Serialize>(rows: &[T]) -> Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header_written = false;
    for row in rows {
        let Value::Object(fields) = serde_json::to_value(row)? else {
            continue;
        };
        if !header_written {
            writer.write_record(fields.keys())?;
            header_written = true;
        }
        writer.write_record(fields.values().map(|v| guard_formula(cell(v))))?;
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}

/// A cell a spreadsheet would run as a formula is prefixed with a quote.
fn guard_formula(text: String) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text,
    }
}

fn table_text<T>(rows: &[T], columns: &[Column<T>]) -> String {
    let cells: Vec<Vec<String>> =
        rows.iter().map(|row| columns.iter().map(|c| one_line((c.value)(row), c.max_width)).collect()).collect();
    let widths: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| cells.iter().map(|r| r[i].chars().count()).max().unwrap_or(0).max(c.header.len()))
        .collect();
    let mut out = String::new();
    let mut push_line = |values: Vec<&str>| {
        let line: Vec<String> = values.iter().zip(&widths).map(|(v, w)| pad(v, *w)).collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    };
    push_line(columns.iter().map(|c| c.header).collect());
    for row in &cells {
        push_line(row.iter().map(String::as_str).collect());
    }
    out
}

fn pad(text: &str, width: usize) -> String {
    let count = text.chars().count();
    format!("{text}{}", " ".repeat(width.saturating_sub(count)))
}

/// Newlines folded to spaces, and cut with an ellipsis past `max` characters.
pub fn one_line(text: String, max: usize) -> String {
    // Most cells are one line already: kept as they are, not copied (a team's alert table has 140,000).
    let flat_already = !text.starts_with(' ')
        && !text.ends_with(' ')
        && !text.contains("  ")
        && !text.chars().any(|c| c.is_whitespace() && c != ' ');
    let flat = if flat_already { text } else { text.split_whitespace().collect::<Vec<_>>().join(" ") };
    if flat.chars().count() <= max {
        return flat;
    }
    let mut cut: String = flat.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// An optional value for a table cell.
pub fn or_blank<T: ToString>(value: &Option<T>) -> String {
    value.as_ref().map(ToString::to_string).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        id: i64,
        name: String,
        tags: Vec<String>,
        due: Option<String>,
    }

    fn rows() -> Vec<Row> {
        vec![
            Row { id: 1, name: "=cmd()".into(), tags: vec!["a".into(), "b".into()], due: None },
            Row {
                id: 22,
                name: "Line\nbreak and a very long name indeed".into(),
                tags: vec![],
                due: Some("2026-11-23".into()),
            },
        ]
    }

    #[test]
    fn streamed_json_escapes_what_a_terminal_must_not_see_even_split_between_writes() {
        let mut sink = InertJson::new(Vec::new());
        let text = "{\"name\": \"Ada\u{202E}\u{9B}x\"}";
        let bytes = text.as_bytes();
        // Split inside the three bytes of U+202E.
        let split = text.find('\u{202E}').expect("there") + 1;
        sink.write_all(&bytes[..split]).expect("first part");
        sink.write_all(&bytes[split..]).expect("second part");
        let written = String::from_utf8(sink.inner).expect("utf-8");
        assert_eq!(written, "{\"name\": \"Ada\\u202e\\u009bx\"}");
        let parsed: Value = serde_json::from_str(&written).expect("still JSON");
        assert_eq!(parsed["name"], "Ada\u{202E}\u{9B}x", "the same string to a JSON reader");
    }

    #[test]
    fn csv_has_field_names_and_guards_formulas() {
        let text = csv_text(&rows()).expect("csv");
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("id,name,tags,due"));
        assert_eq!(lines.next(), Some("1,'=cmd(),a;b,"));
    }

    #[test]
    fn tables_align_and_cut_long_cells() {
        let columns =
            [Column::new("ID", 6, |r: &Row| r.id.to_string()), Column::new("NAME", 12, |r: &Row| r.name.clone())];
        let text = table_text(&rows(), &columns);
        assert_eq!(text, "ID  NAME\n1   =cmd()\n22  Line break …\n");
    }
}
