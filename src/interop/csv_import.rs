//! Reading clients and community resources from CSV files (SPEC §4 `import`).
//!
//! Every row is checked before anything is written, and every problem is
//! reported with the line its record starts on, so a coordinator can fix the
//! whole file in one pass. Nothing here touches the database.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::Invalid;
use crate::domain::client::{Client, normalize_tags};
use crate::domain::dates;
use crate::domain::resource::Resource;

/// The columns a client file may have: the client fields of SPEC §2.
pub const CLIENT_COLUMNS: &[&str] = &[
    "mrn",
    "given_name",
    "family_name",
    "preferred_name",
    "dob",
    "phone",
    "alt_phone",
    "address",
    "language",
    "interpreter_needed",
    "program",
    "risk",
    "status",
    "coordinator",
    "enrolled_on",
    "discharged_on",
    "discharge_reason",
    "payer",
    "member_id",
    "coverage_ends_on",
    "consent_expires_on",
    "tags",
];
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

/// Why a file cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// Not even a header line.
    Empty,
    /// A header and no rows.
    NoRows,
    /// The header or some rows are wrong; each problem names its line.
    Problems(Vec<Problem>),
}

/// Who and when: the values a new client gets when the file leaves them out,
/// as `client add` would give them.
#[derive(Debug, Clone)]
pub struct Defaults<'a> {
    pub user: &'a str,
    pub today: NaiveDate,
    pub now: DateTime<Utc>,
}

/// The clients of a CSV file, checked row by row: field formats, the rules of
/// `Client::validate`, and MRNs unique within the file and against `mrns_in_use`.
pub fn clients_from_csv(
    bytes: &[u8],
    defaults: &Defaults<'_>,
    mrns_in_use: &HashSet<String>,
) -> Result<Vec<Client>, ImportError> {
    let table = Table::read(bytes, CLIENT_COLUMNS, CLIENT_REQUIRED)?;
    let mut problems = table.problems;
    let mut clients = Vec::new();
    let mut mrn_lines: HashMap<String, u64> = HashMap::new();
    for row in &table.rows {
        let mut fields = Fields { row, columns: &table.columns, reasons: Vec::new() };
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
            if reasons.is_empty() {
                clients.push(client);
            }
        }
        problems.extend(reasons.into_iter().map(|reason| Problem { line: row.line, reason }));
    }
    finish(problems, clients)
}

/// The resources of an HSDS-style CSV file, each checked by `Resource::validate`.
pub fn resources_from_csv(bytes: &[u8], defaults: &Defaults<'_>) -> Result<Vec<Resource>, ImportError> {
    let table = Table::read(bytes, RESOURCE_COLUMNS, RESOURCE_REQUIRED)?;
    let mut problems = table.problems;
    let mut resources = Vec::new();
    for row in &table.rows {
        let fields = Fields { row, columns: &table.columns, reasons: Vec::new() };
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
            notes: fields.text("notes"),
            created_by: defaults.user.to_string(),
            created_at: defaults.now,
        };
        resource.normalize();
        match resource.validate() {
            Ok(()) => resources.push(resource),
            // The file calls the name "service".
            Err(invalid) if invalid.field == "name" => problems
                .push(Problem { line: row.line, reason: "service cannot be empty (every row needs one)".into() }),
            Err(invalid) => problems.push(Problem { line: row.line, reason: reason(&invalid) }),
        }
    }
    finish(problems, resources)
}

fn finish<T>(mut problems: Vec<Problem>, records: Vec<T>) -> Result<Vec<T>, ImportError> {
    if problems.is_empty() {
        return Ok(records);
    }
    problems.sort_by_key(|problem| problem.line);
    Err(ImportError::Problems(problems))
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

/// A parsed file: the column each header name is at, and the rows.
struct Table {
    columns: HashMap<String, usize>,
    rows: Vec<Row>,
    /// Rows that could not be read at all (wrong number of fields, not UTF-8).
    problems: Vec<Problem>,
}

struct Row {
    line: u64,
    cells: Vec<String>,
}

impl Table {
    /// Reads the header and every record. A bad header stops here: no row
    /// can be understood without it.
    fn read(bytes: &[u8], allowed: &[&str], required: &[&str]) -> Result<Table, ImportError> {
        // Flexible so that a short or long row is reported with the others
        // instead of ending the read; the UTF-8 BOM is dropped by the reader.
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
        let mut records = Vec::new();
        let mut problems = Vec::new();
        let mut record = csv::ByteRecord::new();
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    let line = record.position().map_or(0, csv::Position::line);
                    match decode(&record) {
                        Some(cells) => records.push(Row { line, cells }),
                        None => problems.push(Problem {
                            line,
                            reason: "the row is not valid UTF-8 text (save the file as UTF-8)".into(),
                        }),
                    }
                }
                Err(error) => {
                    let line = error.position().map_or(0, csv::Position::line);
                    problems.push(Problem { line, reason: format!("the file cannot be read as CSV: {error}") });
                    return Err(ImportError::Problems(problems));
                }
            }
        }
        if records.is_empty() && problems.is_empty() {
            return Err(ImportError::Empty);
        }
        if problems.first().is_some_and(|problem| records.first().is_none_or(|row| problem.line < row.line)) {
            return Err(ImportError::Problems(problems));
        }
        let header = records.remove(0);
        let columns = header_columns(&header, allowed, required)?;
        if records.is_empty() && problems.is_empty() {
            return Err(ImportError::NoRows);
        }
        let width = header.cells.len();
        let mut rows = Vec::new();
        for row in records {
            if row.cells.len() == width {
                rows.push(row);
            } else {
                problems.push(Problem {
                    line: row.line,
                    reason: format!("{} fields where the header names {width} columns", row.cells.len()),
                });
            }
        }
        Ok(Table { columns, rows, problems })
    }
}

fn decode(record: &csv::ByteRecord) -> Option<Vec<String>> {
    record.iter().map(|field| std::str::from_utf8(field).ok().map(str::to_string)).collect()
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
    Err(ImportError::Problems(reasons.into_iter().map(|reason| Problem { line: header.line, reason }).collect()))
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
        clients_from_csv(text.as_bytes(), &defaults(), &HashSet::from(["M-9".to_string()]))
    }

    fn problems(text: &str) -> Vec<String> {
        match clients(text) {
            Err(ImportError::Problems(problems)) => problems.iter().map(Problem::to_string).collect(),
            other => panic!("expected problems, got {other:?}"),
        }
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
        match resources_from_csv(text.as_bytes(), &defaults()) {
            Err(ImportError::Problems(problems)) => {
                assert_eq!(problems.len(), 1);
                assert_eq!(problems[0].line, 3);
            }
            other => panic!("expected a problem, got {other:?}"),
        }
    }
}
