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

mod json;
mod tabular;

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
