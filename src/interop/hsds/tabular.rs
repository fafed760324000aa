//! The HSDS tabular data package: `datapackage.json` and its CSV files.

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
                let line = Lines::of(error.as_bytes()).line_of(error.utf8_error().valid_up_to());
                problems.push(at(Some(line), None), "is not UTF-8 text".into(), "save the file as UTF-8 (CSV UTF-8)");
                return None;
            }
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let lines = Lines::of(text.as_bytes());
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
        let mut table = Table { file: file.clone(), ..Table::default() };
        let mut header = true;
        for record in reader.records() {
            let record = match record {
                Ok(record) => record,
                Err(error) => {
                    let line = error.position().map(|p| lines.of_record(text, p.byte()));
                    problems.push(at(line, None), format!("cannot be read as CSV: {error}"), "check the quoting");
                    return None;
                }
            };
            let line = record.position().map_or(0, |p| lines.of_record(text, p.byte()));
            if header {
                header = false;
                for (index, name) in record.iter().enumerate() {
                    table.columns.entry(name.trim().to_lowercase()).or_insert(index);
                }
                let missing: Vec<&str> = required.iter().copied().filter(|c| !table.columns.contains_key(*c)).collect();
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

/// Where each line of a file starts (`\n`, `\r\n` and a lone `\r` each end
/// one), so that a record's line is found without counting from the top of
/// the file for every record.
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn of(text: &[u8]) -> Lines {
        let mut starts = vec![0];
        for (index, byte) in text.iter().enumerate() {
            match byte {
                b'\r' if text.get(index + 1) != Some(&b'\n') => starts.push(index + 1),
                b'\n' => starts.push(index + 1),
                _ => {}
            }
        }
        Lines { starts }
    }

    /// The line (from 1) the byte at `position` is on.
    fn line_of(&self, position: usize) -> u64 {
        self.starts.partition_point(|&start| start <= position) as u64
    }

    /// The physical line of the record the CSV reader says starts at
    /// `byte`: the reader counts a record as starting just after the
    /// previous one's terminator, so the line breaks (and blank lines) there
    /// are passed over first.
    fn of_record(&self, text: &str, byte: u64) -> u64 {
        let start = usize::try_from(byte).unwrap_or(usize::MAX).min(text.len());
        let skipped = text.as_bytes()[start..].iter().take_while(|b| matches!(b, b'\r' | b'\n')).count();
        self.line_of(start + skipped)
    }
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
            let physical = address_table.cell(row, "address_type").is_none_or(|t| t.eq_ignore_ascii_case("physical"));
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
            if let (Some(id), Some(service), Some(location)) =
                (site_table.text(row, "id"), site_table.text(row, "service_id"), site_table.text(row, "location_id"))
            {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_on_the_lines_an_editor_shows() {
        // The byte after each row's terminator (where the CSV reader places
        // the next record), blank lines passed over.
        for (text, byte, line) in [
            ("a\nb\nc\n", 2, 2),
            ("a\r\nb\r\nc\r\n", 3, 2),
            ("a\rb\rc\r", 4, 3),
            ("a\n\n\nb\n", 2, 4),
            ("a\r\n\r\nb\r\n", 3, 3),
        ] {
            assert_eq!(Lines::of(text.as_bytes()).of_record(text, byte), line, "{text:?}");
        }
    }
}
