//! Open Referral HSDS 3.0 directories read into community resources (SPEC §4
//! `import resources --hsds`): a tabular data package (a directory whose
//! `datapackage.json` names its CSV files) or the JSON form (a compiled
//! service object with its organization, locations, phones and schedules
//! nested, an array of them, or a page whose `contents` holds them).
//!
//! Table and field names are those of the published HSDS 3.0 schema
//! (openreferral/specification `schema/*.json` and `schema/simple/schema.csv`):
//! organization, service, location, service_at_location, address, phone,
//! schedule, taxonomy_term, attribute and language. Only `service` and
//! `organization` must be there; columns this reader does not use are ignored.
//!
//! **One resource per service at a location.** A coordinator refers a client
//! to a place: the site near them, with that site's address, hours and phone
//! (HSDS lets each service_at_location have its own phones and schedules).
//! One resource holding several addresses would leave the coordinator to
//! work out which hours and phone go with which site. So each
//! service_at_location becomes a resource (its HSDS id the
//! service_at_location id), and a service with no location (a hotline, a
//! website) becomes one resource with the service id.
//!
//! Nothing here touches the database: the whole directory is read and checked
//! first, and every problem found is returned, each naming its file, line and
//! column (or, in the JSON form, where in the document).

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Component, Path, PathBuf};

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::hsds_schedule::{Schedule, hours};
use crate::domain::referral::ReferralKind;
use crate::domain::resource::Resource;

/// Where in a directory something is: a file and a line and column, or a
/// place in a JSON document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: String,
    pub line: Option<u64>,
    /// A column name (CSV), a column number (JSON syntax) or a JSON path.
    pub column: Option<String>,
}

impl Place {
    /// The same record's `field`: its column in a CSV file, its key in JSON.
    fn field(&self, field: &str) -> Place {
        let column = match (&self.line, &self.column) {
            (None, Some(path)) => match path.rsplit_once('.') {
                Some((record, _)) => format!("{record}.{field}"),
                None => field.to_string(),
            },
            _ => field.to_string(),
        };
        Place { column: Some(column), ..self.clone() }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        match (&self.line, &self.column) {
            (Some(line), Some(column)) => write!(f, " line {line}, column {column}"),
            (Some(line), None) => write!(f, " line {line}"),
            (None, Some(path)) => write!(f, " at {path}"),
            (None, None) => Ok(()),
        }
    }
}

/// One thing wrong with a directory: where, what, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub place: Place,
    pub reason: String,
    pub hint: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.reason)
    }
}

/// At most this many problems are kept (a file wrong on every row stays readable).
pub const LISTED_PROBLEMS: usize = 100;

/// Who imports and when: what each new resource records.
#[derive(Debug, Clone, Copy)]
pub struct Importer<'a> {
    pub user: &'a str,
    pub now: DateTime<Utc>,
}

/// Every resource of the directory or file at `path`, each normalized and
/// validated with its HSDS id; or every problem found (at most `LISTED_PROBLEMS`).
pub fn read(path: &Path, importer: Importer<'_>) -> Result<Vec<Resource>, Vec<Problem>> {
    let mut problems = Problems::default();
    let services = if path.is_dir() { tabular::read(path, &mut problems) } else { json::read(path, &mut problems) };
    let mut resources = Vec::new();
    let mut seen: HashMap<String, Place> = HashMap::new();
    for service in &services {
        for resource in service.resources(importer, &mut problems) {
            let id = resource.hsds_id.clone().unwrap_or_default();
            if let Some(first) = seen.get(&id) {
                problems.push(
                    service.place.clone(),
                    format!("the HSDS id {id:?} is also used at {first}"),
                    "give every service and service_at_location its own id",
                );
                continue;
            }
            seen.insert(id, service.place.clone());
            resources.push(resource);
        }
    }
    if !problems.list.is_empty() {
        return Err(problems.list);
    }
    if resources.is_empty() {
        problems.push(
            Place { file: path.display().to_string(), line: None, column: None },
            "the directory lists no services".into(),
            "an HSDS directory needs at least one service (services.csv, or the service objects of the JSON form)",
        );
        return Err(problems.list);
    }
    Ok(resources)
}

#[derive(Default)]
struct Problems {
    list: Vec<Problem>,
}

impl Problems {
    fn push(&mut self, place: Place, reason: String, hint: &str) {
        if self.list.len() < LISTED_PROBLEMS {
            self.list.push(Problem { place, reason, hint: hint.to_string() });
        }
    }
}

#[derive(Debug, Clone, Default)]
struct Organization {
    name: Option<String>,
    url: Option<String>,
    email: Option<String>,
    phones: Vec<Phone>,
}

#[derive(Debug, Clone, Default)]
struct Phone {
    number: String,
    extension: Option<String>,
    kind: Option<String>,
}

/// A location a service is offered at (a service_at_location with its location).
#[derive(Debug, Clone, Default)]
struct Site {
    id: String,
    name: Option<String>,
    address: Option<String>,
    url: Option<String>,
    /// The service_at_location's own phones and schedules, then the location's.
    phones: Vec<Phone>,
    schedules: Vec<Schedule>,
    location_phones: Vec<Phone>,
    location_schedules: Vec<Schedule>,
    languages: Vec<String>,
}

/// A service as both forms read it, with what it links to.
#[derive(Debug, Clone)]
struct Service {
    place: Place,
    id: String,
    name: String,
    status: Option<String>,
    description: Option<String>,
    url: Option<String>,
    email: Option<String>,
    eligibility: Option<String>,
    organization: Organization,
    phones: Vec<Phone>,
    schedules: Vec<Schedule>,
    terms: Vec<String>,
    languages: Vec<String>,
    sites: Vec<Site>,
}

impl Service {
    /// One resource per site (one with the service id when it has none),
    /// each checked by `Resource::validate`.
    fn resources(&self, importer: Importer<'_>, problems: &mut Problems) -> Vec<Resource> {
        let at_no_site = [Site { id: self.id.clone(), ..Site::default() }];
        let sites: &[Site] = if self.sites.is_empty() { &at_no_site } else { &self.sites };
        let mut resources = Vec::new();
        for (index, site) in sites.iter().enumerate() {
            let phones = [&site.phones, &self.phones, &site.location_phones, &self.organization.phones]
                .into_iter()
                .find(|phones| !phones.is_empty());
            let schedules = [&site.schedules, &self.schedules, &site.location_schedules]
                .into_iter()
                .find(|schedules| !schedules.is_empty());
            let mut languages = self.languages.clone();
            languages.extend(site.languages.iter().filter(|l| !self.languages.contains(l)).cloned());
            let mut resource = Resource {
                id: 0,
                name: self.resource_name(site, index),
                organization: self.organization.name.clone(),
                category: category(&self.terms),
                phone: phones.map(|phones| phone_text(phones)),
                address: site.address.clone(),
                hours: schedules.and_then(|schedules| hours(schedules)),
                eligibility: self.eligibility.clone(),
                languages: (!languages.is_empty()).then(|| languages.join(", ")),
                url: self.url.clone().or_else(|| site.url.clone()).or_else(|| self.organization.url.clone()),
                email: self.email.clone().or_else(|| self.organization.email.clone()),
                notes: self.notes(),
                hsds_id: Some(site.id.clone()),
                created_by: importer.user.to_string(),
                created_at: importer.now,
            };
            resource.normalize();
            match resource.validate() {
                Ok(()) => resources.push(resource),
                Err(invalid) => problems.push(self.place.field(invalid.field), invalid.message, &invalid.hint),
            }
        }
        resources
    }

    /// "Food Pantry · Eastside Center · Riverside Food Bank": the service
    /// (saying so when it is not active), which of its places when it is
    /// offered at several, then its organization (unless the service's name
    /// already says it); so that the referral form's directory tells every
    /// entry apart, most telling first where 80 columns cut the rest off.
    fn resource_name(&self, site: &Site, index: usize) -> String {
        let mut name = match self.status.as_deref().map(str::trim) {
            Some(status) if !status.is_empty() && !status.eq_ignore_ascii_case("active") => {
                format!("{} ({})", self.name, status.to_lowercase())
            }
            _ => self.name.clone(),
        };
        if self.sites.len() > 1 {
            let first_line = site.address.as_deref().and_then(|a| a.split(',').next()).map(str::to_string);
            let which = site.name.clone().or(first_line).unwrap_or_else(|| format!("location {}", index + 1));
            name = format!("{name} · {which}");
        }
        match &self.organization.name {
            Some(organization) if !self.name.to_lowercase().contains(&organization.to_lowercase()) => {
                format!("{name} · {organization}")
            }
            _ => name,
        }
    }

    /// The service's description, then its taxonomy terms.
    fn notes(&self) -> Option<String> {
        let terms = (!self.terms.is_empty()).then(|| format!("Categories: {}", self.terms.join("; ")));
        let parts: Vec<String> = self.description.iter().cloned().chain(terms).collect();
        (!parts.is_empty()).then(|| parts.join("\n"))
    }
}

/// "555-0100 ext. 12; 555-0199 (fax)".
fn phone_text(phones: &[Phone]) -> String {
    phones
        .iter()
        .map(|phone| {
            let mut text = phone.number.clone();
            if let Some(extension) = &phone.extension {
                text.push_str(&format!(" ext. {extension}"));
            }
            match phone.kind.as_deref().map(str::trim) {
                Some(kind) if !kind.is_empty() && !kind.eq_ignore_ascii_case("voice") => {
                    format!("{text} ({})", kind.to_lowercase())
                }
                _ => text,
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The referral kind the taxonomy terms point to (the first term that names
/// one), else the first term as the directory names it.
fn category(terms: &[String]) -> Option<String> {
    terms
        .iter()
        .find_map(|term| referral_kind(term))
        .map(|kind| kind.as_str().to_string())
        .or_else(|| terms.first().cloned())
}

/// Words of common service taxonomies (Open Eligibility, 211 LA / AIRS term
/// names) for the referral kinds a coordinator tracks.
fn referral_kind(term: &str) -> Option<ReferralKind> {
    const WORDS: &[(ReferralKind, &[&str])] = &[
        (ReferralKind::Food, &["food", "meal", "pantry", "nutrition", "grocer", "snap", "wic"]),
        (ReferralKind::Housing, &["housing", "shelter", "homeless", "rent", "eviction"]),
        (ReferralKind::Transport, &["transport", "transit", "ride", "bus ", "paratransit"]),
        (ReferralKind::Utilities, &["utilit", "electric", "heating", "energy", "water bill", "liheap"]),
        (ReferralKind::Financial, &["financial", "money", "income", "cash", "tax prep", "benefits"]),
        (ReferralKind::Behavioral, &["mental", "behavioral", "counsel", "substance", "addiction", "psychiatr"]),
        (ReferralKind::Medical, &["health", "medical", "clinic", "dental", "pharmac", "primary care"]),
    ];
    let term = format!("{} ", term.to_lowercase());
    WORDS.iter().find(|(_, words)| words.iter().any(|word| term.contains(word))).map(|(kind, _)| *kind)
}

/// "12 Oak Ave, Suite 3, Springfield, IL 62701" from an HSDS address.
fn address_text(parts: [Option<String>; 6]) -> Option<String> {
    let [line_1, line_2, city, state, postal_code, country] = parts;
    let region = [state, postal_code].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let country = country.filter(|c| !c.eq_ignore_ascii_case("US"));
    let parts: Vec<String> =
        [line_1, line_2, city, Some(region), country].into_iter().flatten().filter(|p| !p.is_empty()).collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The one path a data package may name: relative, inside the package.
fn package_path(dir: &Path, named: &str) -> Option<PathBuf> {
    let relative = Path::new(named);
    let inside = !named.contains("://")
        && relative.components().all(|part| matches!(part, Component::Normal(_) | Component::CurDir));
    inside.then(|| dir.join(relative))
}

mod tabular {
    //! The tabular data package: `datapackage.json` and its CSV files.

    use super::*;

    /// The tables read, by their HSDS resource name, with the file name used
    /// when there is no `datapackage.json`.
    const TABLES: [(&str, &str); 10] = [
        ("organization", "organizations.csv"),
        ("service", "services.csv"),
        ("location", "locations.csv"),
        ("service_at_location", "service_at_location.csv"),
        ("address", "addresses.csv"),
        ("phone", "phones.csv"),
        ("schedule", "schedules.csv"),
        ("taxonomy_term", "taxonomy_terms.csv"),
        ("attribute", "attributes.csv"),
        ("language", "languages.csv"),
    ];
    const REQUIRED: [&str; 2] = ["organization", "service"];

    pub(super) fn read(dir: &Path, problems: &mut Problems) -> Vec<Service> {
        let Some(files) = package_files(dir, problems) else {
            return Vec::new();
        };
        let mut tables: HashMap<&str, Table> = HashMap::new();
        for (name, path) in &files {
            if let Some(table) = Table::read(path, columns(name), problems) {
                tables.insert(name, table);
            }
        }
        if !problems.list.is_empty() {
            return Vec::new();
        }
        let empty = Table::default();
        let table = |name: &str| tables.get(name).unwrap_or(&empty);
        Linker::new(table).services(table("service"), problems)
    }

    /// The columns each table must have (those it may have are read by name).
    fn columns(table: &str) -> &'static [&'static str] {
        match table {
            "organization" => &["id", "name"],
            "service" => &["id", "name", "organization_id"],
            "location" | "taxonomy_term" => &["id"],
            "service_at_location" => &["id", "service_id", "location_id"],
            "address" => &["location_id"],
            "phone" => &["number"],
            "attribute" => &["link_id", "taxonomy_term_id"],
            _ => &[],
        }
    }

    /// Each table's file: as `datapackage.json` names it, or by the usual
    /// file name when the directory has none. None when a required table is
    /// missing or the package cannot be read (the problem is recorded).
    fn package_files(dir: &Path, problems: &mut Problems) -> Option<Vec<(&'static str, PathBuf)>> {
        let package = dir.join("datapackage.json");
        let named = if package.exists() { named_in_package(&package, problems)? } else { HashMap::new() };
        let mut files = Vec::new();
        for (name, usual) in TABLES {
            let path = if package.exists() { named.get(name).cloned() } else { Some(Some(dir.join(usual))) };
            match path {
                // Named, with a path that cannot be used (already said).
                Some(None) => {}
                Some(Some(path)) if path.is_file() => files.push((name, path)),
                // A missing optional table is fine.
                _ if !REQUIRED.contains(&name) => {}
                Some(Some(path)) => problems.push(
                    Place { file: path.display().to_string(), line: None, column: None },
                    format!("the {name} table's file does not exist"),
                    "copy the whole data package, with every file datapackage.json names",
                ),
                None => problems.push(
                    Place { file: package.display().to_string(), line: None, column: Some("resources".into()) },
                    format!("the package names no {name:?} resource"),
                    "an HSDS data package lists organizations.csv and services.csv under \"resources\"",
                ),
            }
        }
        (files.len() >= REQUIRED.len() && problems.list.is_empty()).then_some(files)
    }

    /// The CSV file of each HSDS resource `datapackage.json` lists (None for
    /// one named with a path that cannot be used, the problem recorded).
    fn named_in_package(package: &Path, problems: &mut Problems) -> Option<HashMap<&'static str, Option<PathBuf>>> {
        let file = package.display().to_string();
        let dir = package.parent().unwrap_or(Path::new("."));
        let value = json::parse(package, problems)?;
        let Some(resources) = value.get("resources").and_then(Value::as_array) else {
            problems.push(
                Place { file, line: None, column: Some("resources".into()) },
                "there is no \"resources\" list naming the package's files".into(),
                "an HSDS data package's datapackage.json lists each table under \"resources\" with its name and path",
            );
            return None;
        };
        let mut named = HashMap::new();
        for (index, resource) in resources.iter().enumerate() {
            let Some((name, _)) =
                TABLES.iter().find(|(name, _)| resource.get("name").and_then(Value::as_str) == Some(name))
            else {
                continue;
            };
            let at = Place { file: file.clone(), line: None, column: Some(format!("resources[{index}].path")) };
            match resource.get("path").and_then(Value::as_str).map(|path| (path, package_path(dir, path))) {
                Some((_, Some(path))) => {
                    named.insert(*name, Some(path));
                }
                Some((path, None)) => {
                    named.insert(*name, None);
                    problems.push(
                        at,
                        format!("the {name} table's path {path:?} is outside the package"),
                        "name each file by its path inside the package directory, e.g. \"services.csv\"",
                    );
                }
                None => {
                    named.insert(*name, None);
                    problems.push(
                        at,
                        format!("the {name} table has no path"),
                        "give each resource a \"path\" naming its CSV file, e.g. \"services.csv\"",
                    );
                }
            }
        }
        Some(named)
    }

    /// One CSV file read whole: its header and rows, each with its line.
    #[derive(Default)]
    struct Table {
        file: String,
        columns: HashMap<String, usize>,
        rows: Vec<(u64, csv::StringRecord)>,
    }

    impl Table {
        fn read(path: &Path, required: &[&str], problems: &mut Problems) -> Option<Table> {
            let file = path.display().to_string();
            let at = |line: Option<u64>, column: Option<String>| Place { file: file.clone(), line, column };
            let bytes = match std::fs::read(path) {
                Ok(bytes) => bytes,
                Err(error) => {
                    problems.push(at(None, None), format!("cannot be read: {error}"), "check the file's permissions");
                    return None;
                }
            };
            let text = match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(error) => {
                    let line = lines_before(&error.as_bytes()[..error.utf8_error().valid_up_to()]);
                    problems.push(
                        at(Some(line), None),
                        "is not UTF-8 text".into(),
                        "save the file as UTF-8 (CSV UTF-8)",
                    );
                    return None;
                }
            };
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
            let mut table = Table { file: file.clone(), ..Table::default() };
            let mut header = true;
            for record in reader.records() {
                let record = match record {
                    Ok(record) => record,
                    Err(error) => {
                        let line = error.position().map(|p| line_at(text, p.byte()));
                        problems.push(at(line, None), format!("cannot be read as CSV: {error}"), "check the quoting");
                        return None;
                    }
                };
                let line = record.position().map_or(0, |p| line_at(text, p.byte()));
                if header {
                    header = false;
                    for (index, name) in record.iter().enumerate() {
                        table.columns.entry(name.trim().to_lowercase()).or_insert(index);
                    }
                    let missing: Vec<&str> =
                        required.iter().copied().filter(|c| !table.columns.contains_key(*c)).collect();
                    for column in &missing {
                        problems.push(
                            at(Some(line), Some((*column).into())),
                            format!("the column {column:?} is missing from the header"),
                            "the first line names the columns of the HSDS table (extra columns are ignored)",
                        );
                    }
                    if !missing.is_empty() {
                        return None;
                    }
                } else if record.iter().any(|cell| !cell.trim().is_empty()) {
                    table.rows.push((line, record));
                }
            }
            Some(table)
        }

        fn cell<'r>(&self, row: &'r csv::StringRecord, column: &str) -> Option<&'r str> {
            let value = row.get(*self.columns.get(column)?)?.trim();
            (!value.is_empty()).then_some(value)
        }

        fn text(&self, row: &csv::StringRecord, column: &str) -> Option<String> {
            self.cell(row, column).map(str::to_string)
        }

        fn place(&self, line: u64, column: &str) -> Place {
            Place { file: self.file.clone(), line: Some(line), column: Some(column.into()) }
        }

        fn schedule(&self, row: &csv::StringRecord) -> Schedule {
            Schedule {
                freq: self.text(row, "freq"),
                interval: self.text(row, "interval"),
                byday: self.text(row, "byday"),
                bymonthday: self.text(row, "bymonthday"),
                wkst: self.text(row, "wkst"),
                dtstart: self.text(row, "dtstart"),
                opens_at: self.text(row, "opens_at"),
                closes_at: self.text(row, "closes_at"),
                description: self.text(row, "description"),
            }
        }

        fn phone(&self, row: &csv::StringRecord) -> Option<Phone> {
            Some(Phone {
                number: self.text(row, "number")?,
                extension: self.text(row, "extension"),
                kind: self.text(row, "type"),
            })
        }
    }

    /// The physical line (from 1) of the record the CSV reader says starts
    /// at `byte`: the reader counts a record as starting just after the
    /// previous one's terminator, so the line breaks (and blank lines) there
    /// are passed over first.
    fn line_at(text: &str, byte: u64) -> u64 {
        let start = usize::try_from(byte).unwrap_or(usize::MAX).min(text.len());
        let skipped = text.as_bytes()[start..].iter().take_while(|b| matches!(b, b'\r' | b'\n')).count();
        lines_before(&text.as_bytes()[..start + skipped])
    }

    /// The line a position is on, after `before`: `\n`, `\r\n` and a lone `\r` each end one.
    fn lines_before(before: &[u8]) -> u64 {
        let mut lines = 1;
        for (index, byte) in before.iter().enumerate() {
            match byte {
                b'\r' => lines += 1,
                b'\n' if index == 0 || before[index - 1] != b'\r' => lines += 1,
                _ => {}
            }
        }
        lines
    }

    /// Which row belongs to which: the optional tables indexed by the ids
    /// they point to.
    struct Linker {
        organizations: HashMap<String, Organization>,
        locations: HashMap<String, Site>,
        /// service id -> its service_at_location rows (id, location id, where).
        sites: HashMap<String, Vec<(String, String, Place)>>,
        /// By the most specific owner a row names: service_at_location, service, location.
        phones: HashMap<(Owner, String), Vec<Phone>>,
        schedules: HashMap<(Owner, String), Vec<Schedule>>,
        /// service id -> its taxonomy term names.
        terms: HashMap<String, Vec<String>>,
        languages: HashMap<(Owner, String), Vec<String>>,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    enum Owner {
        SiteOf,
        Service,
        Location,
        Organization,
    }

    /// The most specific record a phone, schedule or language row belongs to.
    fn owner(table: &Table, row: &csv::StringRecord) -> Option<(Owner, String)> {
        [
            ("service_at_location_id", Owner::SiteOf),
            ("service_id", Owner::Service),
            ("location_id", Owner::Location),
            ("organization_id", Owner::Organization),
        ]
        .into_iter()
        .find_map(|(column, owner)| table.text(row, column).map(|id| (owner, id)))
    }

    impl Linker {
        fn new<'t>(table: impl Fn(&str) -> &'t Table) -> Linker {
            let mut phones: HashMap<(Owner, String), Vec<Phone>> = HashMap::new();
            let phone_table = table("phone");
            for (_, row) in &phone_table.rows {
                if let (Some(owner), Some(phone)) = (owner(phone_table, row), phone_table.phone(row)) {
                    phones.entry(owner).or_default().push(phone);
                }
            }
            let mut schedules: HashMap<(Owner, String), Vec<Schedule>> = HashMap::new();
            let schedule_table = table("schedule");
            for (_, row) in &schedule_table.rows {
                if let Some(owner) = owner(schedule_table, row) {
                    schedules.entry(owner).or_default().push(schedule_table.schedule(row));
                }
            }
            let mut languages: HashMap<(Owner, String), Vec<String>> = HashMap::new();
            let language_table = table("language");
            for (_, row) in &language_table.rows {
                let name = language_table.text(row, "name").or_else(|| language_table.text(row, "code"));
                if let (Some(owner), Some(name)) = (owner(language_table, row), name) {
                    let known = languages.entry(owner).or_default();
                    if !known.contains(&name) {
                        known.push(name);
                    }
                }
            }
            let take = |map: &mut HashMap<(Owner, String), Vec<Phone>>, owner: Owner, id: &str| {
                map.remove(&(owner, id.to_string())).unwrap_or_default()
            };
            let organization_table = table("organization");
            let organizations = organization_table
                .rows
                .iter()
                .filter_map(|(_, row)| {
                    let id = organization_table.text(row, "id")?;
                    let organization = Organization {
                        name: organization_table.text(row, "name"),
                        // HSDS 3.0 calls it website; 2.0 called it url.
                        url: organization_table.text(row, "website").or_else(|| organization_table.text(row, "url")),
                        email: organization_table.text(row, "email"),
                        phones: take(&mut phones, Owner::Organization, &id),
                    };
                    Some((id, organization))
                })
                .collect();
            let mut addresses: HashMap<String, (bool, String)> = HashMap::new();
            let address_table = table("address");
            for (_, row) in &address_table.rows {
                let Some(location) = address_table.text(row, "location_id") else { continue };
                let text = address_text(
                    ["address_1", "address_2", "city", "state_province", "postal_code", "country"]
                        .map(|column| address_table.text(row, column)),
                );
                let physical =
                    address_table.cell(row, "address_type").is_none_or(|t| t.eq_ignore_ascii_case("physical"));
                // A physical address before a postal one: that is where the client goes.
                if let Some(text) = text
                    && addresses.get(&location).is_none_or(|(was_physical, _)| physical && !was_physical)
                {
                    addresses.insert(location, (physical, text));
                }
            }
            let location_table = table("location");
            let locations = location_table
                .rows
                .iter()
                .filter_map(|(_, row)| {
                    let id = location_table.text(row, "id")?;
                    let site = Site {
                        name: location_table.text(row, "name"),
                        address: addresses.remove(&id).map(|(_, text)| text),
                        url: location_table.text(row, "url"),
                        location_phones: take(&mut phones, Owner::Location, &id),
                        location_schedules: schedules.remove(&(Owner::Location, id.clone())).unwrap_or_default(),
                        languages: languages.remove(&(Owner::Location, id.clone())).unwrap_or_default(),
                        ..Site::default()
                    };
                    Some((id, site))
                })
                .collect();
            let mut sites: HashMap<String, Vec<(String, String, Place)>> = HashMap::new();
            let site_table = table("service_at_location");
            for (line, row) in &site_table.rows {
                if let (Some(id), Some(service), Some(location)) = (
                    site_table.text(row, "id"),
                    site_table.text(row, "service_id"),
                    site_table.text(row, "location_id"),
                ) {
                    sites.entry(service).or_default().push((id, location, site_table.place(*line, "location_id")));
                }
            }
            let term_table = table("taxonomy_term");
            let term_names: HashMap<String, String> = term_table
                .rows
                .iter()
                .filter_map(|(_, row)| Some((term_table.text(row, "id")?, term_table.text(row, "name")?)))
                .collect();
            let mut terms: HashMap<String, Vec<String>> = HashMap::new();
            let attribute_table = table("attribute");
            for (_, row) in &attribute_table.rows {
                let about_service =
                    attribute_table.cell(row, "link_entity").is_none_or(|e| e.eq_ignore_ascii_case("service"));
                let name = attribute_table.cell(row, "taxonomy_term_id").and_then(|id| term_names.get(id));
                if let (true, Some(service), Some(name)) = (about_service, attribute_table.text(row, "link_id"), name) {
                    let known = terms.entry(service).or_default();
                    if !known.contains(name) {
                        known.push(name.clone());
                    }
                }
            }
            Linker { organizations, locations, sites, phones, schedules, terms, languages }
        }

        fn services(mut self, table: &Table, problems: &mut Problems) -> Vec<Service> {
            let mut services = Vec::new();
            let mut ids: HashMap<String, u64> = HashMap::new();
            for (line, row) in &table.rows {
                let line = *line;
                let Some(id) = table.text(row, "id") else {
                    problems.push(table.place(line, "id"), "the service has no id".into(), "every service needs an id");
                    continue;
                };
                if let Some(first) = ids.insert(id.clone(), line) {
                    problems.push(
                        table.place(line, "id"),
                        format!("the service id {id:?} is also on line {first}"),
                        "give every service its own id",
                    );
                    continue;
                }
                let Some(name) = table.text(row, "name") else {
                    problems.push(
                        table.place(line, "name"),
                        "the service has no name".into(),
                        "every service needs a name",
                    );
                    continue;
                };
                let site_rows = self.sites.remove(&id).unwrap_or_default();
                let organization = match table.text(row, "organization_id") {
                    Some(org) => match self.organizations.get(&org) {
                        Some(organization) => organization.clone(),
                        None => {
                            problems.push(
                                table.place(line, "organization_id"),
                                format!("no organization in organizations.csv has the id {org:?}"),
                                "add the organization to organizations.csv, or correct the service's organization_id",
                            );
                            continue;
                        }
                    },
                    None => {
                        problems.push(
                            table.place(line, "organization_id"),
                            "the service names no organization".into(),
                            "give the organization_id of the organization that provides it (HSDS requires one)",
                        );
                        continue;
                    }
                };
                let mut sites = Vec::new();
                for (site_id, location, at) in site_rows {
                    let Some(place) = self.locations.get(&location) else {
                        problems.push(
                            at,
                            format!("no location in locations.csv has the id {location:?}"),
                            "add the location to locations.csv, or correct the service_at_location's location_id",
                        );
                        continue;
                    };
                    let mut site = place.clone();
                    site.phones = self.phones.remove(&(Owner::SiteOf, site_id.clone())).unwrap_or_default();
                    site.schedules = self.schedules.remove(&(Owner::SiteOf, site_id.clone())).unwrap_or_default();
                    site.id = site_id;
                    sites.push(site);
                }
                services.push(Service {
                    place: table.place(line, "id"),
                    status: table.text(row, "status"),
                    description: table.text(row, "description"),
                    url: table.text(row, "url"),
                    email: table.text(row, "email"),
                    eligibility: table.text(row, "eligibility_description"),
                    organization,
                    phones: self.phones.remove(&(Owner::Service, id.clone())).unwrap_or_default(),
                    schedules: self.schedules.remove(&(Owner::Service, id.clone())).unwrap_or_default(),
                    terms: self.terms.remove(&id).unwrap_or_default(),
                    languages: self.languages.remove(&(Owner::Service, id.clone())).unwrap_or_default(),
                    sites,
                    id,
                    name,
                });
            }
            // Whatever is left points at no service of the file.
            let mut dangling: Vec<(String, Place)> = self
                .sites
                .into_iter()
                .flat_map(|(service, sites)| sites.into_iter().map(move |(_, _, at)| (service.clone(), at)))
                .collect();
            dangling.sort_by_key(|(_, at)| at.line);
            for (service, mut at) in dangling {
                at.column = Some("service_id".into());
                problems.push(
                    at,
                    format!("no service in services.csv has the id {service:?}"),
                    "add the service to services.csv, or correct the service_at_location's service_id",
                );
            }
            services
        }
    }
}

mod json {
    //! The JSON form: compiled service objects.

    use super::*;

    /// The file parsed, or None with the problem recorded (its line and column).
    pub(super) fn parse(path: &Path, problems: &mut Problems) -> Option<Value> {
        let file = path.display().to_string();
        let text = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) => {
                problems.push(
                    Place { file, line: None, column: None },
                    format!("cannot be read: {error}"),
                    "check the path and the file's permissions",
                );
                return None;
            }
        };
        match serde_json::from_slice::<Value>(&text) {
            Ok(value) => Some(value),
            Err(error) => {
                let place = Place { file, line: Some(error.line() as u64), column: Some(error.column().to_string()) };
                let reason =
                    format!("is not valid JSON ({})", error.to_string().split(" at line").next().unwrap_or(""));
                problems.push(
                    place,
                    reason,
                    "fix the JSON there (a validator such as `python3 -m json.tool` shows it)",
                );
                None
            }
        }
    }

    pub(super) fn read(path: &Path, problems: &mut Problems) -> Vec<Service> {
        let Some(value) = parse(path, problems) else {
            return Vec::new();
        };
        let file = path.display().to_string();
        let (list, prefix): (Vec<&Value>, &str) = match &value {
            Value::Array(items) => (items.iter().collect(), ""),
            Value::Object(object) => match object.get("contents") {
                Some(Value::Array(items)) => (items.iter().collect(), "contents"),
                _ => (vec![&value], ""),
            },
            _ => (Vec::new(), ""),
        };
        if list.is_empty() || !list.iter().all(|item| item.is_object()) {
            problems.push(
                Place { file, line: None, column: None },
                "holds no HSDS service objects".into(),
                "give a service object, an array of them, or a page with them under \"contents\" (the /services form)",
            );
            return Vec::new();
        }
        let single = list.len() == 1 && prefix.is_empty() && value.is_object();
        list.iter()
            .enumerate()
            .filter_map(|(index, item)| {
                let at = if single {
                    String::new()
                } else if prefix.is_empty() {
                    format!("[{index}]")
                } else {
                    format!("{prefix}[{index}]")
                };
                service(item, &file, &at, problems)
            })
            .collect()
    }

    fn text(value: &Value, key: &str) -> Option<String> {
        match value.get(key)? {
            Value::String(text) if !text.trim().is_empty() => Some(text.trim().to_string()),
            Value::Number(number) => Some(number.to_string()),
            _ => None,
        }
    }

    fn list<'v>(value: &'v Value, key: &str) -> &'v [Value] {
        value.get(key).and_then(Value::as_array).map_or(&[], Vec::as_slice)
    }

    fn phones(value: &Value) -> Vec<Phone> {
        list(value, "phones")
            .iter()
            .filter_map(|p| {
                Some(Phone { number: text(p, "number")?, extension: text(p, "extension"), kind: text(p, "type") })
            })
            .collect()
    }

    fn schedules(value: &Value) -> Vec<Schedule> {
        list(value, "schedules")
            .iter()
            .map(|s| Schedule {
                freq: text(s, "freq"),
                interval: text(s, "interval"),
                byday: text(s, "byday"),
                bymonthday: text(s, "bymonthday"),
                wkst: text(s, "wkst"),
                dtstart: text(s, "dtstart"),
                opens_at: text(s, "opens_at"),
                closes_at: text(s, "closes_at"),
                description: text(s, "description"),
            })
            .collect()
    }

    fn languages(value: &Value) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for name in list(value, "languages").iter().filter_map(|l| text(l, "name").or_else(|| text(l, "code"))) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }

    fn service(value: &Value, file: &str, at: &str, problems: &mut Problems) -> Option<Service> {
        let place = |key: &str| Place {
            file: file.to_string(),
            line: None,
            column: Some(if at.is_empty() { key.to_string() } else { format!("{at}.{key}") }),
        };
        let (Some(id), Some(name)) = (text(value, "id"), text(value, "name")) else {
            let key = if text(value, "id").is_none() { "id" } else { "name" };
            problems.push(place(key), format!("the service has no {key}"), "every service needs an id and a name");
            return None;
        };
        let organization =
            value.get("organization").filter(|o| o.is_object()).map_or_else(Organization::default, |o| Organization {
                name: text(o, "name"),
                url: text(o, "website").or_else(|| text(o, "url")),
                email: text(o, "email"),
                phones: phones(o),
            });
        let mut seen = HashSet::new();
        let terms = list(value, "attributes")
            .iter()
            .filter_map(|a| a.get("taxonomy_term").and_then(|t| text(t, "name")).or_else(|| text(a, "label")))
            .filter(|name| seen.insert(name.clone()))
            .collect();
        let mut sites = Vec::new();
        for (index, entry) in list(value, "service_at_locations").iter().enumerate() {
            let Some(site_id) = text(entry, "id") else {
                problems.push(
                    place(&format!("service_at_locations[{index}].id")),
                    "the service_at_location has no id".into(),
                    "every service_at_location needs an id (the resource keeps it, to update it on the next import)",
                );
                continue;
            };
            let location = entry.get("location").cloned().unwrap_or(Value::Null);
            let address = list(&location, "addresses")
                .iter()
                .max_by_key(|a| text(a, "address_type").is_none_or(|t| t.eq_ignore_ascii_case("physical")))
                .and_then(|a| {
                    address_text(
                        ["address_1", "address_2", "city", "state_province", "postal_code", "country"]
                            .map(|k| text(a, k)),
                    )
                });
            sites.push(Site {
                id: site_id,
                name: text(&location, "name"),
                address,
                url: text(&location, "url"),
                phones: phones(entry),
                schedules: schedules(entry),
                location_phones: phones(&location),
                location_schedules: schedules(&location),
                languages: languages(&location),
            });
        }
        Some(Service {
            place: place("id"),
            status: text(value, "status"),
            description: text(value, "description"),
            url: text(value, "url"),
            email: text(value, "email"),
            eligibility: text(value, "eligibility_description"),
            organization,
            phones: phones(value),
            schedules: schedules(value),
            terms,
            languages: languages(value),
            sites,
            id,
            name,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taxonomy_terms_map_to_referral_kinds_where_one_fits() {
        let terms = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        assert_eq!(category(&terms(&["Emergency Food", "Food Pantries"])).as_deref(), Some("food"));
        assert_eq!(category(&terms(&["Legal Aid", "Rent Assistance"])).as_deref(), Some("housing"));
        assert_eq!(category(&terms(&["Bus Passes"])).as_deref(), Some("transport"));
        assert_eq!(category(&terms(&["Legal Aid"])).as_deref(), Some("Legal Aid"), "else the term itself");
        assert_eq!(category(&[]), None);
    }

    #[test]
    fn package_paths_stay_inside_the_package() {
        let dir = Path::new("/data/pkg");
        assert_eq!(package_path(dir, "services.csv"), Some(dir.join("services.csv")));
        assert_eq!(package_path(dir, "tables/services.csv"), Some(dir.join("tables/services.csv")));
        for outside in ["../services.csv", "/etc/passwd", "https://example.org/services.csv", "./a/../../b.csv"] {
            assert_eq!(package_path(dir, outside), None, "{outside}");
        }
    }

    #[test]
    fn addresses_read_as_one_line() {
        let some = |s: &str| Some(s.to_string());
        let text = address_text([some("12 Oak Ave"), None, some("Springfield"), some("IL"), some("62701"), some("US")]);
        assert_eq!(text.as_deref(), Some("12 Oak Ave, Springfield, IL 62701"));
        assert_eq!(address_text([None, None, None, None, None, None]), None);
    }
}
