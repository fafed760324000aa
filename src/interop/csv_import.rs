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

/// What a client column holds, as the help and the template describe it.
#[derive(Debug, Clone, Copy)]
pub enum Holds {
    Text,
    /// Text that may take several lines (quoted in the file).
    Lines,
    Date,
    YesNo,
    /// One of a word enum's words.
    Word(fn() -> String),
    Tags,
}

/// One column a client file may have: named as SPEC §2 names the field,
/// whether every row needs it, what it holds, what a row without it gets,
/// and a synthetic example. The importer, its help and its template are all
/// made from `CLIENT_COLUMNS`, so they cannot drift apart.
#[derive(Debug, Clone, Copy)]
pub struct ClientColumn {
    pub name: &'static str,
    pub required: bool,
    pub holds: Holds,
    pub default: Option<&'static str>,
    pub example: &'static str,
}

const fn column(name: &'static str, holds: Holds, example: &'static str) -> ClientColumn {
    ClientColumn { name, required: false, holds, default: None, example }
}

const fn defaulted(name: &'static str, holds: Holds, default: &'static str, example: &'static str) -> ClientColumn {
    ClientColumn { name, required: false, holds, default: Some(default), example }
}

/// The columns of a client file, required ones first: the client fields of SPEC §2.
pub const CLIENT_COLUMNS: &[ClientColumn] = &[
    ClientColumn { name: "given_name", required: true, holds: Holds::Text, default: None, example: "Ada" },
    ClientColumn { name: "family_name", required: true, holds: Holds::Text, default: None, example: "Example" },
    column("mrn", Holds::Text, "EX-0001"),
    column("preferred_name", Holds::Text, "Addie"),
    column("dob", Holds::Date, "1950-03-04"),
    column("phone", Holds::Text, "555-0100"),
    column("alt_phone", Holds::Text, "555-0101"),
    column("address", Holds::Lines, "1 Sample Street, Springfield"),
    column("language", Holds::Text, "English"),
    defaulted("interpreter_needed", Holds::YesNo, "no", "no"),
    defaulted("gender", Holds::Word(crate::domain::client::Gender::words), "unknown", "female"),
    defaulted("program", Holds::Word(crate::domain::program::Program::words), "general", "ccm"),
    defaulted("risk", Holds::Word(crate::domain::client::Risk::words), "medium", "high"),
    defaulted("status", Holds::Word(crate::domain::client::ClientStatus::words), "active", "active"),
    defaulted("coordinator", Holds::Text, "you (the --user importing)", ""),
    defaulted("enrolled_on", Holds::Date, "today", "2026-01-15"),
    column("discharged_on", Holds::Date, ""),
    column("discharge_reason", Holds::Text, ""),
    column("payer", Holds::Text, "Medicaid"),
    column("member_id", Holds::Text, "MC-0001"),
    column("coverage_ends_on", Holds::Date, "2027-12-31"),
    column("consent_expires_on", Holds::Date, "2027-12-31"),
    column("tags", Holds::Tags, "diabetes;copd"),
];

/// Columns `client list --format csv` writes that are not the client's to
/// import: the id the database gave it, who created it and when. They are
/// ignored, so an export reads back; every row is a new client (an id never
/// selects one to overwrite).
pub const CLIENT_EXPORT_ONLY: &[&str] = &["id", "created_by", "created_at", "updated_at"];

/// The names of `CLIENT_COLUMNS`, in order.
pub fn client_column_names() -> Vec<&'static str> {
    CLIENT_COLUMNS.iter().map(|c| c.name).collect()
}

impl ClientColumn {
    /// What a cell of this column holds, in words: "date YYYY-MM-DD; default today".
    pub fn describe(&self) -> String {
        let holds = match self.holds {
            Holds::Text => "text".to_string(),
            Holds::Lines => "text, may take two lines".to_string(),
            Holds::Date => "date YYYY-MM-DD".to_string(),
            Holds::YesNo => "yes or no (also true/false, 1/0)".to_string(),
            Holds::Word(words) => format!("one of {}", words()),
            Holds::Tags => "words separated by ; or ,".to_string(),
        };
        match (self.required, self.default) {
            (true, _) => format!("required; {holds}"),
            (false, Some(default)) => format!("{holds}; default {default}"),
            (false, None) => holds,
        }
    }
}

/// The help text listing every client column: name, then what it holds.
pub fn client_columns_help() -> String {
    let width = CLIENT_COLUMNS.iter().map(|c| c.name.len()).max().unwrap_or(0);
    let mut out = String::from(
        "Client file columns (a header line names them, in any order, any case; blank rows are skipped;\n\
         comma, semicolon or tab separated; `caseload import clients --template` writes an example):\n",
    );
    for column in CLIENT_COLUMNS {
        out.push_str(&format!("  {:<width$}  {}\n", column.name, column.describe()));
    }
    out.push_str(&format!(
        "A status of discharged needs discharged_on. The columns of `client list --format csv` that are\n\
         not the client's own ({}) are ignored:\n\
         every row is a new client, and an id never updates one.\n",
        CLIENT_EXPORT_ONLY.join(", ")
    ));
    out
}

/// The template: the header (required columns first) and one synthetic example row.
pub fn client_template() -> std::io::Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(CLIENT_COLUMNS.iter().map(|c| c.name))?;
    writer.write_record(CLIENT_COLUMNS.iter().map(|c| c.example))?;
    let bytes = writer.into_inner().map_err(|error| error.into_error())?;
    String::from_utf8(bytes).map_err(std::io::Error::other)
}

/// The columns of an Open Referral (HSDS) style resource file; `service` is the resource's name.
pub const RESOURCE_COLUMNS: &[&str] =
    &["organization", "service", "category", "phone", "address", "hours", "eligibility", "languages", "url", "notes"];
const RESOURCE_REQUIRED: &[&str] = &["service"];

/// One thing wrong with a file, at the line its record starts on and, when
/// it is about one cell, its column ("M (risk)": the letter a spreadsheet
/// shows, and the name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: u64,
    pub column: Option<String>,
    pub reason: String,
}

impl Problem {
    fn at(line: u64, reason: impl Into<String>) -> Problem {
        Problem { line, column: None, reason: reason.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(column) => write!(f, "line {}, column {column}: {}", self.line, self.reason),
            None => write!(f, "line {}: {}", self.line, self.reason),
        }
    }
}

/// At most this many problems are kept to be listed; the rest are only
/// counted (a file wrong on every one of a million rows stays readable).
pub const LISTED_PROBLEMS: usize = 50;

/// Why a file cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// Not even a header line.
    Empty,
    /// A header and no rows.
    NoRows,
    /// The header or some rows are wrong: the first problems found (each
    /// naming its line, in file order), how many there are in all, on how
    /// many lines, and whether the header is among them.
    Problems { listed: Vec<Problem>, total: u64, lines: u64, header: bool },
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
/// `mrns_in_use`. Every problem of the file is found in this one pass, the
/// header's with the rows'. Each good client is handed to `take` while no
/// problem has been found; the verdict on the whole file is the inner result
/// (how many clients, or every problem), and a failure of `take` ends the
/// read at once.
pub fn read_clients<E>(
    source: impl Read,
    defaults: &Defaults<'_>,
    mrns_in_use: &HashSet<String>,
    mut take: impl FnMut(Client) -> Result<(), E>,
) -> Result<Result<usize, ImportError>, E> {
    let required: Vec<&str> = CLIENT_COLUMNS.iter().filter(|c| c.required).map(|c| c.name).collect();
    let (mut table, mut tally) = match Table::open(source, &client_column_names(), CLIENT_EXPORT_ONLY, &required) {
        Ok(opened) => opened,
        Err(error) => return Ok(Err(error)),
    };
    let mut mrn_lines: HashMap<String, u64> = HashMap::new();
    while let Some(row) = table.next_row() {
        let Some(row) = tally.row(row) else { continue };
        let mut fields = table.fields(&row);
        let client = client_from_row(&mut fields, defaults);
        if let Some(mrn) = &client.mrn {
            if let Some(first) = mrn_lines.get(mrn) {
                fields.fault("mrn", format!("MRN {mrn:?} is also on line {first}"));
            } else if mrns_in_use.contains(mrn) {
                fields.fault("mrn", format!("MRN {mrn:?} already belongs to a client in the database"));
            } else {
                mrn_lines.insert(mrn.clone(), row.line);
            }
        }
        if fields.problems.is_empty() && tally.good() {
            take(client)?;
        }
        tally.problems(fields.into_problems());
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
    let (mut table, mut tally) = match Table::open(source, RESOURCE_COLUMNS, &[], RESOURCE_REQUIRED) {
        Ok(opened) => opened,
        Err(error) => return Ok(Err(error)),
    };
    while let Some(row) = table.next_row() {
        let Some(row) = tally.row(row) else { continue };
        let mut fields = table.fields(&row);
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
        match resource.validate() {
            // The file calls the name "service".
            Err(invalid) if invalid.field == "name" => {
                fields.fault("service", "service cannot be empty (every row needs one)".into());
            }
            Err(invalid) => fields.refuse(invalid.field, &invalid),
            Ok(()) => {}
        }
        if fields.problems.is_empty() && tally.good() {
            take(resource)?;
        }
        tally.problems(fields.into_problems());
    }
    Ok(tally.finish())
}

/// The resources of a CSV file checked, without keeping them.
pub fn check_resources(source: impl Read, defaults: &Defaults<'_>) -> Result<usize, ImportError> {
    read_resources(source, defaults, |_| Ok::<(), std::convert::Infallible>(())).unwrap_or_else(|never| match never {})
}

/// What a read found so far: good records, and the problems (the first
/// `LISTED_PROBLEMS` kept, every one counted).
#[derive(Default)]
struct Tally {
    rows: usize,
    good: usize,
    listed: Vec<Problem>,
    total: u64,
    lines: u64,
    last_line: Option<u64>,
    header: bool,
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
        self.total == 0
    }

    fn problems(&mut self, problems: Vec<Problem>) {
        for problem in problems {
            self.problem(problem);
        }
    }

    fn problem(&mut self, problem: Problem) {
        self.total += 1;
        if self.last_line != Some(problem.line) {
            self.lines += 1;
            self.last_line = Some(problem.line);
        }
        if self.listed.len() < LISTED_PROBLEMS {
            self.listed.push(problem);
        }
    }

    fn finish(self) -> Result<usize, ImportError> {
        if self.total > 0 {
            let Tally { listed, total, lines, header, .. } = self;
            return Err(ImportError::Problems { listed, total, lines, header });
        }
        if self.rows == 0 {
            return Err(ImportError::NoRows);
        }
        Ok(self.good)
    }
}

/// A client built from one row: every cell that can be read, defaults for
/// the rest, and every problem of the row in `fields`.
fn client_from_row(fields: &mut Fields<'_>, defaults: &Defaults<'_>) -> Client {
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
    // `client list --format csv` joins tags with ";"; a person may use ",".
    client.tags = normalize_tags(fields.text("tags").as_deref().map(|tags| tags.split(';')).into_iter().flatten());
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
    client.normalize();
    for invalid in client.problems(defaults.today) {
        fields.refuse(invalid.field, &invalid);
    }
    client
}

/// A domain refusal as one row reason: the message and what to do, said of
/// the file's cells rather than of command-line flags.
fn reason(invalid: &Invalid) -> String {
    let column = invalid.field;
    let flag_word = column.replace('_', "-");
    let hint = invalid.hint.replace(&format!("--{flag_word}"), column);
    let hint = if hint.contains('`') || (flag_word != column && hint.contains(&flag_word)) {
        format!("fill in its {column} cell")
    } else {
        hint
    };
    format!("{} ({hint})", invalid.message)
}

/// A column's place as a spreadsheet shows it: A, B, … Z, AA, AB, …
fn column_letters(index: usize) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let digit = (n - 1) % 26;
        letters.push(char::from(b'A' + digit as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// A file being read: the column each header name is at, and the records
/// still to come.
struct Table<R> {
    reader: csv::Reader<LineCounter<R>>,
    record: csv::ByteRecord,
    columns: HashMap<String, usize>,
    /// Required columns the header lacks (reported once, on the header).
    missing: Vec<&'static str>,
    /// Columns with a blank header cell: ignored, but a value under one is reported.
    unnamed: Vec<usize>,
    /// How many fields the header has (every row must have as many).
    width: usize,
    /// The file could not be read any further.
    done: bool,
}

struct Row {
    line: u64,
    cells: csv::StringRecord,
}

/// The source with its first line read ahead to find the separator.
type Sniffed<R> = std::io::Chain<std::io::Cursor<Vec<u8>>, R>;

/// How far to read ahead for the header line before giving up on finding its end.
const SNIFF_LIMIT: usize = 1 << 20;

impl<R: Read> Table<Sniffed<R>> {
    /// Reads the header, and with it the separator: a header with more
    /// semicolons than commas is read as semicolon separated (a spreadsheet
    /// set to a language that writes decimal commas saves that), one with
    /// more tabs than either as tab separated. The header's problems are the
    /// first ones of the tally; the rows are read even so, so that every
    /// problem is found in one pass.
    fn open(
        source: R,
        allowed: &[&'static str],
        ignored: &[&'static str],
        required: &[&'static str],
    ) -> Result<(Table<Sniffed<R>>, Tally), ImportError> {
        let (separator, source) = sniff(source).map_err(|error| ImportError::Problems {
            listed: vec![Problem::at(1, format!("the file cannot be read: {error}"))],
            total: 1,
            lines: 1,
            header: true,
        })?;
        // Flexible so that a short or long row is reported with the others
        // instead of ending the read; the UTF-8 BOM is dropped by the reader.
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(separator)
            .from_reader(LineCounter::new(source));
        let mut table = Table {
            reader,
            record: csv::ByteRecord::new(),
            columns: HashMap::new(),
            missing: Vec::new(),
            unnamed: Vec::new(),
            width: 0,
            done: false,
        };
        let header = match table.next_record() {
            None => return Err(ImportError::Empty),
            Some(Err(problem)) => {
                return Err(ImportError::Problems { listed: vec![problem], total: 1, lines: 1, header: true });
            }
            Some(Ok(header)) => header,
        };
        let mut tally = Tally::default();
        tally.problems(table.header(&header, allowed, ignored, required));
        tally.header = tally.total > 0;
        table.width = header.cells.len();
        Ok((table, tally))
    }
}

/// The separator of a file, from its first line that holds anything, and the
/// file to read from its start.
fn sniff<R: Read>(mut source: R) -> std::io::Result<(u8, Sniffed<R>)> {
    let mut start = Vec::new();
    let mut chunk = [0_u8; 8192];
    loop {
        if let Some(line) = first_line(&start, false) {
            let separator = separator(line);
            return Ok((separator, std::io::Cursor::new(start).chain(source)));
        }
        let read = match source.read(&mut chunk) {
            Ok(read) => read,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if read == 0 || start.len() > SNIFF_LIMIT {
            let separator = first_line(&start, true).map_or(b',', separator);
            return Ok((separator, std::io::Cursor::new(start).chain(source)));
        }
        start.extend_from_slice(&chunk[..read]);
    }
}

/// The first line with anything on it (past a BOM and blank lines), once its
/// end has been read or, when `whole`, what there is of it.
fn first_line(bytes: &[u8], whole: bool) -> Option<&[u8]> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let from = bytes.iter().position(|b| !matches!(b, b'\r' | b'\n'))?;
    let rest = &bytes[from..];
    match rest.iter().position(|b| matches!(b, b'\r' | b'\n')) {
        Some(end) => Some(&rest[..end]),
        None => whole.then_some(rest),
    }
}

/// Tab when the line has more tabs than commas and semicolons, semicolon
/// when it has more of them than commas, else comma.
fn separator(line: &[u8]) -> u8 {
    let count = |separator: u8| line.iter().filter(|&&b| b == separator).count();
    let (commas, semicolons, tabs) = (count(b','), count(b';'), count(b'\t'));
    if tabs > commas && tabs > semicolons {
        b'\t'
    } else if semicolons > commas {
        b';'
    } else {
        b','
    }
}

impl<R: Read> Table<R> {
    /// Column positions by name (trimmed, case-insensitive); unknown,
    /// repeated and missing required columns are each a problem of the
    /// header. `ignored` columns and blank header cells are left unread.
    fn header(
        &mut self,
        header: &Row,
        allowed: &[&'static str],
        ignored: &[&'static str],
        required: &[&'static str],
    ) -> Vec<Problem> {
        let mut problems = Vec::new();
        for (index, name) in header.cells.iter().enumerate() {
            let name = name.trim().to_lowercase();
            let reason = if name.is_empty() {
                self.unnamed.push(index);
                continue;
            } else if ignored.contains(&name.as_str()) {
                continue;
            } else if !allowed.contains(&name.as_str()) {
                format!("unknown column {name:?}")
            } else {
                match self.columns.entry(name) {
                    std::collections::hash_map::Entry::Vacant(free) => {
                        free.insert(index);
                        continue;
                    }
                    std::collections::hash_map::Entry::Occupied(taken) => {
                        format!("column {:?} appears more than once", taken.key())
                    }
                }
            };
            problems.push(Problem { line: header.line, column: Some(column_letters(index)), reason });
        }
        for name in required {
            if !self.columns.contains_key(*name) {
                self.missing.push(name);
                problems.push(Problem::at(header.line, format!("the required column {name:?} is missing")));
            }
        }
        problems
    }

    /// A row's cells by column name, with a problem already for any value
    /// under a column the header leaves unnamed.
    fn fields<'a>(&'a self, row: &'a Row) -> Fields<'a> {
        let mut problems = Vec::new();
        for &index in &self.unnamed {
            if row.cells.get(index).is_some_and(|cell| !cell.trim().is_empty()) {
                let reason = "a value under a column with no name in the header (name the column, or clear it)";
                let problem = Problem { line: row.line, column: Some(column_letters(index)), reason: reason.into() };
                problems.push((index, problem));
            }
        }
        Fields { row, columns: &self.columns, missing: &self.missing, faulted: Vec::new(), problems }
    }

    /// The next row, or the problem that makes it unreadable (not UTF-8, a
    /// different number of fields than the header, or no CSV at all, which
    /// also ends the read).
    /// Rows whose every cell is blank (a spreadsheet leaves them, trailing or
    /// between) are skipped.
    fn next_row(&mut self) -> Option<Result<Row, Problem>> {
        loop {
            let row = match self.next_record()? {
                Ok(row) => row,
                Err(problem) => return Some(Err(problem)),
            };
            if row.cells.iter().all(|cell| cell.trim().is_empty()) {
                continue;
            }
            if row.cells.len() == self.width {
                return Some(Ok(row));
            }
            let reason = format!("{} fields where the header names {} columns", row.cells.len(), self.width);
            return Some(Err(Problem::at(row.line, reason)));
        }
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
                Some(
                    cells
                        .map(|cells| Row { line, cells })
                        .map_err(|_| Problem::at(line, "the row is not valid UTF-8 text (save the file as UTF-8)")),
                )
            }
            Err(error) => {
                self.done = true;
                let byte = error.position().unwrap_or_else(|| self.reader.position()).byte();
                let line = self.reader.get_mut().line_of(byte);
                Some(Err(Problem::at(line, format!("the file cannot be read as CSV: {error}"))))
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

/// One row's cells by column name, collecting what is wrong with them.
struct Fields<'a> {
    row: &'a Row,
    columns: &'a HashMap<String, usize>,
    /// Required columns the header lacks: their absence is already reported.
    missing: &'a [&'static str],
    /// Columns with a problem already: one per cell is enough.
    faulted: Vec<&'static str>,
    /// Each with its column's place, to be listed left to right.
    problems: Vec<(usize, Problem)>,
}

impl Fields<'_> {
    /// The trimmed cell, None when the column is absent or the cell blank.
    /// The quote our own CSV exports put before a cell a spreadsheet would
    /// run as a formula (`'=…`, `'+1 555…`) is taken off again.
    fn text(&self, column: &str) -> Option<String> {
        let index = *self.columns.get(column)?;
        let value = self.row.cells.get(index)?.trim();
        let value = match value.strip_prefix('\'') {
            Some(guarded) if guarded.starts_with(['=', '+', '-', '@']) => guarded,
            _ => value,
        };
        (!value.is_empty()).then(|| value.to_string())
    }

    /// A problem with the cell of `column`, unless the header already says
    /// the column is missing or the cell has one.
    fn fault(&mut self, column: &'static str, reason: String) {
        if self.missing.contains(&column) || self.faulted.contains(&column) {
            return;
        }
        self.faulted.push(column);
        let place = match self.columns.get(column) {
            Some(&index) => format!("{} ({column})", column_letters(index)),
            None => format!("{column} (not in the file)"),
        };
        let order = self.columns.get(column).copied().unwrap_or(usize::MAX);
        self.problems.push((order, Problem { line: self.row.line, column: Some(place), reason }));
    }

    /// The row's problems, left to right.
    fn into_problems(mut self) -> Vec<Problem> {
        self.problems.sort_by_key(|(order, _)| *order);
        self.problems.into_iter().map(|(_, problem)| problem).collect()
    }

    /// A domain refusal of the value in `column`.
    fn refuse(&mut self, column: &'static str, invalid: &Invalid) {
        self.fault(column, reason(invalid));
    }

    /// A strict YYYY-MM-DD date: relative forms mean nothing in a file.
    fn date(&mut self, column: &'static str) -> Option<NaiveDate> {
        let text = self.text(column)?;
        let shaped = text.len() == 10
            && text.char_indices().all(|(i, c)| if i == 4 || i == 7 { c == '-' } else { c.is_ascii_digit() });
        if !shaped {
            self.fault(column, format!("{column} {text:?} is not a date in the form YYYY-MM-DD"));
            return None;
        }
        match NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
            Ok(date) if dates::in_range(date) => Some(date),
            Ok(_) => {
                self.fault(column, format!("{column} is outside {} … {}", dates::EARLIEST, dates::LATEST));
                None
            }
            Err(_) => {
                self.fault(column, format!("{column} {text:?} is not a real calendar date"));
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
                self.fault(column, format!("{column} {text:?} is not yes/no (use true, false, yes, no, 1 or 0)"));
                None
            }
        }
    }

    fn word<T: FromStr<Err = Invalid>>(&mut self, column: &'static str) -> Option<T> {
        let text = self.text(column)?;
        match text.parse() {
            Ok(value) => Some(value),
            Err(invalid) => {
                self.refuse(column, &invalid);
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
            Err(ImportError::Problems { listed, total, lines, header }) => {
                assert_eq!((listed.len(), lines, total), (LISTED_PROBLEMS, 3 * LISTED_PROBLEMS as u64, lines));
                assert!(!header);
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
        assert!(matches!(read, Ok(Err(ImportError::Problems { lines: 1, total: 1, .. }))));
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
        assert_eq!(
            found,
            [
                "line 2, column A (given_name): the given name contains a line break (put the given name on one line)",
                "line 2, column C (dob): dob \"1950-02-30\" is not a real calendar date",
                "line 4, column B (family_name): family name cannot be empty (fill in its family_name cell)",
                "line 4, column D (mrn): MRN \"M-1\" is also on line 2",
                "line 5, column D (mrn): MRN \"M-9\" already belongs to a client in the database",
            ],
            "every problem of every row, each row's left to right"
        );
    }

    #[test]
    fn the_header_and_the_rows_are_checked_in_one_pass() {
        let found = problems("given_name,surname,risk\nAda,Quill,severe\n,,\nBo,Pell,low\n");
        assert_eq!(
            found,
            [
                "line 1, column B: unknown column \"surname\"",
                "line 1: the required column \"family_name\" is missing",
                "line 2, column C (risk): \"severe\" is not a known risk (use one of: high, medium, low)",
            ],
            "a missing required column is said once, not on every row; the blank row is skipped"
        );
        assert_eq!(clients(""), Err(ImportError::Empty));
        assert_eq!(clients("given_name,family_name\n"), Err(ImportError::NoRows));
        assert_eq!(clients("given_name,family_name\n,\n  ,\n\n"), Err(ImportError::NoRows));
    }

    #[test]
    fn every_problem_of_a_row_is_listed_with_file_words_for_the_fix() {
        let found = problems("given_name,family_name,dob,status\n,,2030-01-01,discharged\n");
        assert_eq!(
            found,
            [
                "line 2, column A (given_name): given name cannot be empty (fill in its given_name cell)",
                "line 2, column B (family_name): family name cannot be empty (fill in its family_name cell)",
                "line 2, column C (dob): date of birth 2030-01-01 is in the future (check the year of dob)",
                "line 2, column discharged_on (not in the file): a discharged client needs a discharge date \
                 (fill in its discharged_on cell)",
            ]
        );
    }

    #[test]
    fn semicolon_and_tab_files_are_read_by_their_header() {
        for (case, text) in [
            ("semicolon", "\u{feff}given_name;family_name;address\r\nAda;Quill;\"1 Main St, Apt 2\"\r\n"),
            ("semicolon, one comma", "given_name;family_name;address\nAda;Quill;1 Main St, Apt 2\n"),
            ("tab", "given_name\tfamily_name\taddress\nAda\tQuill\t1 Main St, Apt 2\n"),
            ("comma", "\n\ngiven_name,family_name,address\nAda,Quill,1 Main St; Apt 2\n"),
        ] {
            let imported = clients(text).unwrap_or_else(|error| panic!("{case}: {error:?}"));
            assert_eq!(imported[0].family_name, "Quill", "{case}");
            let address = imported[0].address.as_deref().unwrap_or_default();
            assert!(address.starts_with("1 Main St") && address.ends_with("Apt 2"), "{case}: {address}");
        }
    }

    #[test]
    fn our_own_export_columns_read_back() {
        let text = "id,given_name,family_name,phone,tags,created_by,created_at,updated_at\n\
                    7,Ada,Quill,'+1 555 0100,diabetes;copd,jordan,2026-11-23T15:00:00Z,2026-11-23T15:00:00Z\n";
        let imported = clients(text).expect("imports");
        assert_eq!(imported[0].id, 0, "an id in the file is never the client's");
        assert_eq!(imported[0].phone.as_deref(), Some("+1 555 0100"), "the formula guard is taken off");
        assert_eq!(imported[0].tags, ["diabetes", "copd"]);
        assert_eq!(imported[0].created_by, "casey");
    }

    #[test]
    fn the_template_names_every_client_field_required_first_and_imports() {
        let mut names = client_column_names();
        assert!(names[..2] == ["given_name", "family_name"]);
        assert!(CLIENT_COLUMNS.iter().skip_while(|c| c.required).all(|c| !c.required));
        names.sort_unstable();
        let mut fields = crate::domain::client::CLIENT_FIELDS.to_vec();
        fields.sort_unstable();
        assert_eq!(names, fields);
        let template = client_template().expect("template");
        assert_eq!(template.lines().count(), 2);
        assert_eq!(clients(&template).expect("the example imports").len(), 1);
    }

    #[test]
    fn columns_are_lettered_as_a_spreadsheet_letters_them() {
        let letters: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702].into_iter().map(column_letters).collect();
        assert_eq!(letters, ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
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
