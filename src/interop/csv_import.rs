//! Reading clients and community resources from CSV files (SPEC §4 `import`).
//!
//! Every row is checked before anything is written, and every problem is
//! reported with the physical line its record starts on (as a text editor
//! numbers it), so a coordinator can fix the whole file in one pass. Files are
//! read record by record, never held whole in memory, so the same reading can
//! check a file first and then feed the database. Nothing here touches the
//! database.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::Read;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::Invalid;
use crate::domain::client::{Client, normalize_tags};
use crate::domain::dates;
use crate::domain::resource::Resource;

/// The columns a client file may have: the client fields of SPEC §2.
pub const CLIENT_COLUMNS: &[&str] = &crate::domain::client::CLIENT_FIELDS;
const CLIENT_REQUIRED: &[&str] = &["given_name", "family_name"];

/// The columns of an Open Referral (HSDS) style resource file; `service` is the resource's name.
pub const RESOURCE_COLUMNS: &[&str] =
    &["organization", "service", "category", "phone", "address", "hours", "eligibility", "languages", "url", "notes"];
const RESOURCE_REQUIRED: &[&str] = &["service"];

/// One thing wrong with a file, at the line its record starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: u64,
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

/// At most this many problems are kept to be listed; lines past them are
/// only counted (a file wrong on every one of a million rows stays readable).
pub const LISTED_PROBLEMS: usize = 100;

/// Why a file cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// Not even a header line.
    Empty,
    /// A header and no rows.
    NoRows,
    /// The header or some rows are wrong: the first problems found (each
    /// naming its line, in file order) and how many lines have one.
    Problems { listed: Vec<Problem>, lines: u64 },
}

/// Who and when: the values a new client gets when the file leaves them out,
/// as `client add` would give them.
#[derive(Debug, Clone)]
pub struct Defaults<'a> {
    pub user: &'a str,
    pub today: NaiveDate,
    pub now: DateTime<Utc>,
}

/// Reads the clients of a CSV file one by one: field formats, the rules of
/// `Client::validate`, and MRNs unique within the file and against
/// `mrns_in_use`. Each good client is handed to `take` while no problem has
/// been found; the verdict on the whole file is the inner result (how many
/// clients, or every problem), and a failure of `take` ends the read at once.
pub fn read_clients<E>(
    source: impl Read,
    defaults: &Defaults<'_>,
    mrns_in_use: &HashSet<String>,
    mut take: impl FnMut(Client) -> Result<(), E>,
) -> Result<Result<usize, ImportError>, E> {
    let mut table = match Table::open(source, CLIENT_COLUMNS, CLIENT_REQUIRED) {
        Ok(table) => table,
        Err(error) => return Ok(Err(error)),
    };
    let mut tally = Tally::default();
    let mut mrn_lines: HashMap<String, u64> = HashMap::new();
    while let Some(row) = table.next_row() {
        let row = match tally.row(row) {
            Some(row) => row,
            None => continue,
        };
        let mut fields = Fields { row: &row, columns: &table.columns, reasons: Vec::new() };
        let client = client_from_row(&mut fields, defaults);
        let mut reasons = fields.reasons;
        if let Some(client) = client {
            if let Some(mrn) = &client.mrn {
                if let Some(first) = mrn_lines.get(mrn) {
                    reasons.push(format!("MRN {mrn:?} is also on line {first}"));
                } else if mrns_in_use.contains(mrn) {
                    reasons.push(format!("MRN {mrn:?} already belongs to a client in the database"));
                } else {
                    mrn_lines.insert(mrn.clone(), row.line);
                }
            }
            if reasons.is_empty() && tally.good() {
                take(client)?;
            }
        }
        tally.problems(row.line, reasons);
    }
    Ok(tally.finish())
}

/// The clients of a CSV file checked, without keeping them: how many there
/// are, or every problem.
pub fn check_clients(
    source: impl Read,
    defaults: &Defaults<'_>,
    mrns_in_use: &HashSet<String>,
) -> Result<usize, ImportError> {
    read_clients(source, defaults, mrns_in_use, |_| Ok::<(), std::convert::Infallible>(()))
        .unwrap_or_else(|never| match never {})
}

/// Reads the resources of an HSDS-style CSV file one by one, each checked by
/// `Resource::validate`, handing the good ones to `take` as `read_clients` does.
pub fn read_resources<E>(
    source: impl Read,
    defaults: &Defaults<'_>,
    mut take: impl FnMut(Resource) -> Result<(), E>,
) -> Result<Result<usize, ImportError>, E> {
    let mut table = match Table::open(source, RESOURCE_COLUMNS, RESOURCE_REQUIRED) {
        Ok(table) => table,
        Err(error) => return Ok(Err(error)),
    };
    let mut tally = Tally::default();
    while let Some(row) = table.next_row() {
        let row = match tally.row(row) {
            Some(row) => row,
            None => continue,
        };
        let fields = Fields { row: &row, columns: &table.columns, reasons: Vec::new() };
        let mut resource = Resource {
            id: 0,
            name: fields.text("service").unwrap_or_default(),
            organization: fields.text("organization"),
            category: fields.text("category"),
            phone: fields.text("phone"),
            address: fields.text("address"),
            hours: fields.text("hours"),
            eligibility: fields.text("eligibility"),
            languages: fields.text("languages"),
            url: fields.text("url"),
            email: None,
            notes: fields.text("notes"),
            hsds_id: None,
            created_by: defaults.user.to_string(),
            created_at: defaults.now,
        };
        resource.normalize();
        let reasons = match resource.validate() {
            Ok(()) => {
                if tally.good() {
                    take(resource)?;
                }
                Vec::new()
            }
            // The file calls the name "service".
            Err(invalid) if invalid.field == "name" => vec!["service cannot be empty (every row needs one)".into()],
            Err(invalid) => vec![reason(&invalid)],
        };
        tally.problems(row.line, reasons);
    }
    Ok(tally.finish())
}

/// The resources of a CSV file checked, without keeping them.
pub fn check_resources(source: impl Read, defaults: &Defaults<'_>) -> Result<usize, ImportError> {
    read_resources(source, defaults, |_| Ok::<(), std::convert::Infallible>(())).unwrap_or_else(|never| match never {})
}

/// What a read found so far: good records, and the problems (the first
/// `LISTED_PROBLEMS` kept, every line counted).
#[derive(Default)]
struct Tally {
    rows: usize,
    good: usize,
    listed: Vec<Problem>,
    lines: u64,
    last_line: Option<u64>,
}

impl Tally {
    /// A record read: its row, or None when it could not be read (counted as a problem).
    fn row(&mut self, row: Result<Row, Problem>) -> Option<Row> {
        self.rows += 1;
        match row {
            Ok(row) => Some(row),
            Err(problem) => {
                self.problem(problem);
                None
            }
        }
    }

    /// A good record; returns whether it should be kept (nothing wrong so far).
    fn good(&mut self) -> bool {
        self.good += 1;
        self.lines == 0
    }

    fn problems(&mut self, line: u64, reasons: Vec<String>) {
        for reason in reasons {
            self.problem(Problem { line, reason });
        }
    }

    fn problem(&mut self, problem: Problem) {
        if self.last_line != Some(problem.line) {
            self.lines += 1;
            self.last_line = Some(problem.line);
        }
        if self.listed.len() < LISTED_PROBLEMS {
            self.listed.push(problem);
        }
    }

    fn finish(self) -> Result<usize, ImportError> {
        if self.lines > 0 {
            return Err(ImportError::Problems { listed: self.listed, lines: self.lines });
        }
        if self.rows == 0 {
            return Err(ImportError::NoRows);
        }
        Ok(self.good)
    }
}

/// A client built from one row, or None when a field could not be read (the
/// reasons are in `fields`).
fn client_from_row(fields: &mut Fields<'_>, defaults: &Defaults<'_>) -> Option<Client> {
    let given = fields.text("given_name").unwrap_or_default();
    let family = fields.text("family_name").unwrap_or_default();
    let mut client = Client::new(&given, &family, defaults.user, defaults.today, defaults.now);
    client.mrn = fields.text("mrn");
    client.preferred_name = fields.text("preferred_name");
    client.phone = fields.text("phone");
    client.alt_phone = fields.text("alt_phone");
    client.address = fields.text("address");
    client.language = fields.text("language");
    client.discharge_reason = fields.text("discharge_reason");
    client.payer = fields.text("payer");
    client.member_id = fields.text("member_id");
    client.tags = normalize_tags(fields.text("tags").as_deref());
    if let Some(program) = fields.text("program") {
        client.program = program;
    }
    if let Some(coordinator) = fields.text("coordinator") {
        client.coordinator = coordinator;
    }
    client.dob = fields.date("dob");
    client.discharged_on = fields.date("discharged_on");
    client.coverage_ends_on = fields.date("coverage_ends_on");
    client.consent_expires_on = fields.date("consent_expires_on");
    if let Some(enrolled) = fields.date("enrolled_on") {
        client.enrolled_on = enrolled;
    }
    if let Some(interpreter) = fields.boolean("interpreter_needed") {
        client.interpreter_needed = interpreter;
    }
    if let Some(risk) = fields.word("risk") {
        client.risk = risk;
    }
    if let Some(status) = fields.word("status") {
        client.status = status;
    }
    if let Some(gender) = fields.word("gender") {
        client.gender = gender;
    }
    if !fields.reasons.is_empty() {
        return None;
    }
    client.normalize();
    match client.validate(defaults.today) {
        Ok(()) => Some(client),
        Err(invalid) => {
            fields.reasons.push(reason(&invalid));
            None
        }
    }
}

/// A domain refusal as one row reason: the message and what to do.
fn reason(invalid: &Invalid) -> String {
    format!("{} ({})", invalid.message, invalid.hint.replace("--", ""))
}

/// A file being read: the column each header name is at, and the records
/// still to come.
struct Table<R> {
    reader: csv::Reader<LineCounter<R>>,
    record: csv::ByteRecord,
    columns: HashMap<String, usize>,
    /// How many fields the header has (every row must have as many).
    width: usize,
    /// The file could not be read any further.
    done: bool,
}

struct Row {
    line: u64,
    cells: csv::StringRecord,
}

impl<R: Read> Table<R> {
    /// Reads the header. A bad header stops here: no row can be understood
    /// without it.
    fn open(source: R, allowed: &[&str], required: &[&str]) -> Result<Table<R>, ImportError> {
        // Flexible so that a short or long row is reported with the others
        // instead of ending the read; the UTF-8 BOM is dropped by the reader.
        let reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(LineCounter::new(source));
        let mut table =
            Table { reader, record: csv::ByteRecord::new(), columns: HashMap::new(), width: 0, done: false };
        let header = match table.next_record() {
            None => return Err(ImportError::Empty),
            Some(Err(problem)) => return Err(ImportError::Problems { listed: vec![problem], lines: 1 }),
            Some(Ok(header)) => header,
        };
        table.columns = header_columns(&header, allowed, required)?;
        table.width = header.cells.len();
        Ok(table)
    }

    /// The next row, or the problem that makes it unreadable (not UTF-8, a
    /// different number of fields than the header, or no CSV at all, which
    /// also ends the read).
    fn next_row(&mut self) -> Option<Result<Row, Problem>> {
        let row = match self.next_record()? {
            Ok(row) => row,
            Err(problem) => return Some(Err(problem)),
        };
        if row.cells.len() == self.width {
            return Some(Ok(row));
        }
        let reason = format!("{} fields where the header names {} columns", row.cells.len(), self.width);
        Some(Err(Problem { line: row.line, reason }))
    }

    fn next_record(&mut self) -> Option<Result<Row, Problem>> {
        if self.done {
            return None;
        }
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => {
                self.done = true;
                None
            }
            Ok(true) => {
                let byte = self.record.position().map_or(0, csv::Position::byte);
                let line = self.reader.get_mut().line_of(byte);
                // Checked as UTF-8 where it lies, without copying each field.
                let cells = csv::StringRecord::from_byte_record(std::mem::take(&mut self.record));
                Some(cells.map(|cells| Row { line, cells }).map_err(|_| Problem {
                    line,
                    reason: "the row is not valid UTF-8 text (save the file as UTF-8)".into(),
                }))
            }
            Err(error) => {
                self.done = true;
                let byte = error.position().unwrap_or_else(|| self.reader.position()).byte();
                let line = self.reader.get_mut().line_of(byte);
                Some(Err(Problem { line, reason: format!("the file cannot be read as CSV: {error}") }))
            }
        }
    }
}

/// The source as the CSV reader reads it, keeping the bytes it has passed on
/// but not yet counted, so that each record's physical line can be found.
///
/// The reader's own `Position::line` cannot serve: it places a record's start
/// right after the previous record's terminator, so the `\n` of a CRLF and
/// any blank lines it then skips come before the line it reports (one too
/// low for CRLF files, and short by every blank line). Its byte offset has
/// the same fault, so the record's first byte is found here by passing over
/// line breaks from that offset.
struct LineCounter<R> {
    inner: R,
    /// Bytes read but not yet counted, from `unread_from`.
    unread: Vec<u8>,
    unread_from: usize,
    /// The file offset of `unread[unread_from]`.
    offset: u64,
    /// Line breaks counted so far: `\n`, `\r\n` and a lone `\r` are one each.
    breaks: u64,
    after_cr: bool,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

impl<R> LineCounter<R> {
    fn new(inner: R) -> LineCounter<R> {
        LineCounter { inner, unread: Vec::new(), unread_from: 0, offset: 0, breaks: 0, after_cr: false }
    }

    /// The physical line (from 1) of the record the CSV reader says starts at `byte`.
    fn line_of(&mut self, byte: u64) -> u64 {
        let skip = usize::try_from(byte.saturating_sub(self.offset)).unwrap_or(usize::MAX);
        self.count(skip.min(self.unread.len() - self.unread_from));
        if self.offset == 0 && self.unread[self.unread_from..].starts_with(BOM) {
            self.count(BOM.len());
        }
        let breaks = self.unread[self.unread_from..].iter().take_while(|b| matches!(b, b'\r' | b'\n')).count();
        self.count(breaks);
        if self.unread_from > self.unread.len() / 2 {
            self.unread.drain(..self.unread_from);
            self.unread_from = 0;
        }
        self.breaks + 1
    }

    fn count(&mut self, n: usize) {
        for &byte in &self.unread[self.unread_from..self.unread_from + n] {
            match byte {
                b'\r' => self.breaks += 1,
                b'\n' if !self.after_cr => self.breaks += 1,
                _ => {}
            }
            self.after_cr = byte == b'\r';
        }
        self.unread_from += n;
        self.offset += n as u64;
    }
}

impl<R: Read> Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.unread.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

/// Column positions by name (trimmed, case-insensitive); unknown, repeated
/// and missing required columns are all reported at once.
fn header_columns(header: &Row, allowed: &[&str], required: &[&str]) -> Result<HashMap<String, usize>, ImportError> {
    let mut columns = HashMap::new();
    let mut reasons = Vec::new();
    let mut unknown = Vec::new();
    for (index, name) in header.cells.iter().enumerate() {
        let name = name.trim().to_lowercase();
        if !allowed.contains(&name.as_str()) {
            unknown.push(format!("{name:?}"));
        } else if columns.insert(name.clone(), index).is_some() {
            reasons.push(format!("column {name:?} appears more than once"));
        }
    }
    if !unknown.is_empty() {
        let noun = if unknown.len() == 1 { "column" } else { "columns" };
        reasons.insert(0, format!("unknown {noun} {} (allowed: {})", unknown.join(", "), allowed.join(", ")));
    }
    for name in required {
        if !columns.contains_key(*name) {
            reasons.push(format!("the required column {name:?} is missing"));
        }
    }
    if reasons.is_empty() {
        return Ok(columns);
    }
    let listed = reasons.into_iter().map(|reason| Problem { line: header.line, reason }).collect();
    Err(ImportError::Problems { listed, lines: 1 })
}

/// One row's fields by column name, collecting what cannot be read.
struct Fields<'a> {
    row: &'a Row,
    columns: &'a HashMap<String, usize>,
    reasons: Vec<String>,
}

impl Fields<'_> {
    /// The trimmed cell, None when the column is absent or the cell blank.
    fn text(&self, column: &str) -> Option<String> {
        let index = *self.columns.get(column)?;
        let value = self.row.cells.get(index)?.trim();
        (!value.is_empty()).then(|| value.to_string())
    }

    /// A strict YYYY-MM-DD date: relative forms mean nothing in a file.
    fn date(&mut self, column: &'static str) -> Option<NaiveDate> {
        let text = self.text(column)?;
        let shaped = text.len() == 10
            && text.char_indices().all(|(i, c)| if i == 4 || i == 7 { c == '-' } else { c.is_ascii_digit() });
        if !shaped {
            self.reasons.push(format!("{column} {text:?} is not a date in the form YYYY-MM-DD"));
            return None;
        }
        match NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
            Ok(date) if dates::in_range(date) => Some(date),
            Ok(_) => {
                self.reasons.push(format!("{column} is outside {} … {}", dates::EARLIEST, dates::LATEST));
                None
            }
            Err(_) => {
                self.reasons.push(format!("{column} {text:?} is not a real calendar date"));
                None
            }
        }
    }

    fn boolean(&mut self, column: &'static str) -> Option<bool> {
        let text = self.text(column)?;
        match text.to_lowercase().as_str() {
            "true" | "yes" | "y" | "1" => Some(true),
            "false" | "no" | "n" | "0" => Some(false),
            _ => {
                self.reasons.push(format!("{column} {text:?} is not yes/no (use true, false, yes, no, 1 or 0)"));
                None
            }
        }
    }

    fn word<T: FromStr<Err = Invalid>>(&mut self, column: &str) -> Option<T> {
        let text = self.text(column)?;
        match text.parse() {
            Ok(value) => Some(value),
            Err(invalid) => {
                self.reasons.push(reason(&invalid));
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> Defaults<'static> {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
        Defaults { user: "casey", today, now: today.and_hms_opt(15, 0, 0).expect("time").and_utc() }
    }

    fn clients(text: &str) -> Result<Vec<Client>, ImportError> {
        let mut clients = Vec::new();
        let take = |client| {
            clients.push(client);
            Ok::<(), ()>(())
        };
        let read = read_clients(text.as_bytes(), &defaults(), &HashSet::from(["M-9".to_string()]), take);
        let count = read.expect("nothing refuses a client here")?;
        assert_eq!(count, clients.len());
        Ok(clients)
    }

    fn problems(text: &str) -> Vec<String> {
        match clients(text) {
            Err(ImportError::Problems { listed, .. }) => listed.iter().map(Problem::to_string).collect(),
            other => panic!("expected problems, got {other:?}"),
        }
    }

    /// The line each problem is reported on.
    fn lines(text: &str) -> Vec<u64> {
        match check_clients(text.as_bytes(), &defaults(), &HashSet::new()) {
            Err(ImportError::Problems { listed, .. }) => listed.iter().map(|problem| problem.line).collect(),
            other => panic!("expected problems, got {other:?}"),
        }
    }

    #[test]
    fn lines_are_counted_as_an_editor_counts_them() {
        // Each file's bad rows have no family name; the lines an editor shows them on.
        let cases = [
            ("LF", "given_name,family_name\nAda,Quill\nBo,\nCy,Dee\nDi,\n", [3, 5]),
            ("CRLF", "given_name,family_name\r\nAda,Quill\r\nBo,\r\nCy,Dee\r\nDi,\r\n", [3, 5]),
            ("lone CR", "given_name,family_name\rAda,Quill\rBo,\rCy,Dee\rDi,\r", [3, 5]),
            ("blank lines", "given_name,family_name\n\nBo,\n\n\nDi,\n", [3, 6]),
            ("CRLF blank lines", "given_name,family_name\r\n\r\nBo,\r\n\r\n\r\nDi,\r\n", [3, 6]),
            // (A name may not hold a line break; a postal address may.)
            (
                "embedded newlines",
                "given_name,family_name,address\nAda,Quill,\"1 Main St\nSpringfield\"\nBo,,\nCy,Dee,\"2 Elm\r\nTown\"\nDi,,\n",
                [4, 7],
            ),
            ("BOM", "\u{feff}given_name,family_name\nAda,Quill\nBo,\nCy,Dee\nDi,\n", [3, 5]),
            ("BOM, blank first lines", "\u{feff}\r\n\r\ngiven_name,family_name\r\nBo,\r\n\r\nDi,\r\n", [4, 6]),
        ];
        for (case, text, expected) in cases {
            assert_eq!(lines(text), expected, "{case}");
        }
    }

    #[test]
    fn a_file_wrong_on_every_row_lists_the_first_problems_and_counts_every_line() {
        let text = format!("given_name,family_name\n{}", "Bo,\n".repeat(LISTED_PROBLEMS * 3));
        match check_clients(text.as_bytes(), &defaults(), &HashSet::new()) {
            Err(ImportError::Problems { listed, lines }) => {
                assert_eq!((listed.len(), lines), (LISTED_PROBLEMS, 3 * LISTED_PROBLEMS as u64));
                assert_eq!(listed[0].line, 2);
            }
            other => panic!("expected problems, got {other:?}"),
        }
    }

    #[test]
    fn nothing_is_handed_over_after_the_first_problem() {
        let mut taken = Vec::new();
        let text = "given_name,family_name\nAda,Quill\nBo,\nCy,Dee\n";
        let read = read_clients(text.as_bytes(), &defaults(), &HashSet::new(), |client: Client| {
            taken.push(client.given_name);
            Ok::<(), ()>(())
        });
        assert!(matches!(read, Ok(Err(ImportError::Problems { lines: 1, .. }))));
        assert_eq!(taken, ["Ada"]);
    }

    #[test]
    fn missing_fields_take_the_defaults_of_client_add() {
        let imported = clients("\u{feff}given_name,family_name\nAda,Quill\n").expect("imports");
        let client = &imported[0];
        assert_eq!((client.given_name.as_str(), client.family_name.as_str()), ("Ada", "Quill"));
        assert_eq!((client.program.as_str(), client.coordinator.as_str()), ("general", "casey"));
        assert_eq!(client.enrolled_on, defaults().today);
    }

    #[test]
    fn every_bad_row_is_reported_with_the_line_it_starts_on() {
        let text = "given_name,family_name,dob,mrn\n\"Multi\nLine\",Quill,1950-02-30,M-1\nBo,,,M-1\nCy,Dee,,M-9\n";
        let found = problems(text);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].starts_with("line 2: dob \"1950-02-30\" is not a real calendar date"), "{found:?}");
        assert!(found[1].starts_with("line 4: family name cannot be empty"), "{found:?}");
        assert!(found[2].starts_with("line 5: MRN \"M-9\" already belongs"), "{found:?}");
    }

    #[test]
    fn header_faults_stop_before_the_rows() {
        let found = problems("given_name,surname\nAda,Quill\n");
        assert!(found[0].contains("unknown column \"surname\""), "{found:?}");
        assert!(found[1].contains("required column \"family_name\" is missing"), "{found:?}");
        assert_eq!(clients(""), Err(ImportError::Empty));
        assert_eq!(clients("given_name,family_name\n"), Err(ImportError::NoRows));
    }

    #[test]
    fn dates_are_strict_and_booleans_are_words() {
        let found = problems("given_name,family_name,enrolled_on,interpreter_needed\nAda,Quill,+3d,maybe\n");
        assert!(found[0].contains("not a date in the form YYYY-MM-DD"), "{found:?}");
        assert!(found[1].contains("interpreter_needed \"maybe\""), "{found:?}");
    }

    #[test]
    fn resource_urls_must_be_web_addresses() {
        let text = "service,url\nPantry,https://pantry.example.org\nRides,ftp://rides.example.org\n";
        match check_resources(text.as_bytes(), &defaults()) {
            Err(ImportError::Problems { listed, .. }) => {
                assert_eq!(listed.len(), 1);
                assert_eq!(listed[0].line, 3);
            }
            other => panic!("expected a problem, got {other:?}"),
        }
    }
}
