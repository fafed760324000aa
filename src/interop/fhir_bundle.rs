//! How entries are named and written: the fullUrl of a record (a version 5
//! UUID of the database's identity, the resource's kind and the record's
//! key), the identifier every resource carries, and, in a transaction, the
//! conditional update that finds the resource again on a server.

use std::collections::BTreeSet;
use std::fmt;
use std::io::{self, Write};

use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::{BundleType, IDENTIFIER_SYSTEM_PREFIX, prune};

/// What names a resource: the id of its record, or (a Practitioner) a person's name.
#[derive(Debug, Clone, Copy)]
pub(super) enum Key<'a> {
    Row(i64),
    Name(&'a str),
}

impl From<i64> for Key<'_> {
    fn from(id: i64) -> Self {
        Key::Row(id)
    }
}

impl fmt::Display for Key<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Key::Row(id) => write!(f, "{id}"),
            Key::Name(name) => f.write_str(name),
        }
    }
}

/// Where entries go, how many went, and the names of the people referenced so far.
pub(super) struct Bundle<'a> {
    database: &'a str,
    /// The UUID namespace of this database's fullUrls.
    namespace: Uuid,
    kind: BundleType,
    sink: &'a mut dyn Write,
    written: usize,
    pub(super) practitioners: BTreeSet<String>,
}

impl<'a> Bundle<'a> {
    pub(super) fn new(database: &'a str, kind: BundleType, sink: &'a mut dyn Write) -> Self {
        // The identity is a UUID (migration 13); any other text still names one namespace.
        let namespace = Uuid::parse_str(database)
            .unwrap_or_else(|_| Uuid::new_v5(&Uuid::NAMESPACE_URL, format!("urn:caseload:{database}").as_bytes()));
        Bundle { database, namespace, kind, sink, written: 0, practitioners: BTreeSet::new() }
    }

    /// The fullUrl of a resource: the same record, the same URL, on every export of this database.
    fn url(&self, resource_type: &str, key: Key<'_>) -> String {
        let name = format!("{}/{key}", kind(resource_type));
        format!("urn:uuid:{}", Uuid::new_v5(&self.namespace, name.as_bytes()))
    }

    pub(super) fn reference(&self, resource_type: &'static str, id: i64) -> Value {
        json!({ "reference": self.url(resource_type, Key::Row(id)) })
    }

    /// A reference to the Practitioner named `name` (written at the end of the bundle), with the name as display.
    pub(super) fn practitioner(&mut self, name: &str) -> Value {
        if !self.practitioners.contains(name) {
            self.practitioners.insert(name.to_string());
        }
        json!({ "reference": self.url("Practitioner", Key::Name(name)), "type": "Practitioner", "display": name })
    }

    pub(super) fn add<'k>(
        &mut self,
        resource_type: &'static str,
        key: impl Into<Key<'k>>,
        mut resource: Value,
    ) -> io::Result<()> {
        let key = key.into();
        let full_url = self.url(resource_type, key);
        let system = format!("{IDENTIFIER_SYSTEM_PREFIX}{}", kind(resource_type));
        let value = format!("{}/{key}", self.database);
        let mut request = None;
        if let Value::Object(fields) = &mut resource {
            // resourceType, id and our identifier first, as people reading the file expect.
            let ours = json!({ "use": "secondary", "system": system, "value": value });
            let mut ordered = Map::new();
            ordered.insert("resourceType".into(), resource_type.into());
            match self.kind {
                BundleType::Collection => {
                    ordered.insert("id".into(), resource_id(resource_type, key, &full_url).into());
                }
                // A server names what it creates; the request finds it again by the identifier.
                BundleType::Transaction => {
                    let url = format!("{resource_type}?identifier={}", search_token(&system, &value));
                    request = Some(json!({ "method": "PUT", "url": url }));
                }
            }
            match fields.remove("identifier") {
                Some(Value::Array(mut others)) => {
                    others.push(ours);
                    ordered.insert("identifier".into(), others.into());
                }
                // QuestionnaireResponse holds one identifier, not a list.
                _ if resource_type == "QuestionnaireResponse" => {
                    ordered.insert("identifier".into(), ours);
                }
                _ => {
                    ordered.insert("identifier".into(), json!([ours]));
                }
            }
            ordered.append(fields);
            *fields = ordered;
        }
        let mut entry = json!({ "fullUrl": full_url, "resource": resource, "request": request });
        prune(&mut entry);
        self.sink.write_all(if self.written == 0 { b",\n  \"entry\": [\n    " } else { b",\n    " })?;
        serde_json::to_writer(&mut *self.sink, &entry)?;
        self.written += 1;
        Ok(())
    }

    /// Closes the entry list (if any) and the bundle.
    pub(super) fn finish(self) -> io::Result<()> {
        if self.written > 0 {
            self.sink.write_all(b"\n  ]")?;
        }
        self.sink.write_all(b"\n}\n")
    }
}

/// A resource type as the kind of an identifier system: "ServiceRequest" → "service-request".
fn kind(resource_type: &str) -> String {
    let mut kind = String::with_capacity(resource_type.len() + 4);
    for (at, letter) in resource_type.char_indices() {
        if letter.is_ascii_uppercase() && at > 0 {
            kind.push('-');
        }
        kind.push(letter.to_ascii_lowercase());
    }
    kind
}

/// "Patient" 3 → "patient-3"; "ServiceRequest" 3 → "servicerequest-3"; a
/// Practitioner is named by the UUID of its fullUrl (a name is no id).
fn resource_id(resource_type: &str, key: Key<'_>, full_url: &str) -> String {
    let lower = resource_type.to_ascii_lowercase();
    match key {
        Key::Row(id) => format!("{lower}-{id}"),
        Key::Name(_) => format!("{lower}-{}", full_url.trim_start_matches("urn:uuid:")),
    }
}

/// `system|value` as a token search parameter in a URL's query: FHIR's
/// escapes for `\`, `|`, `,` and `$` in the value, then percent-encoding of
/// everything but unreserved characters.
fn search_token(system: &str, value: &str) -> String {
    let mut escaped = String::new();
    for letter in value.chars() {
        if matches!(letter, '\\' | '|' | ',' | '$') {
            escaped.push('\\');
        }
        escaped.push(letter);
    }
    let token = format!("{system}|{escaped}");
    let mut encoded = String::with_capacity(token.len() * 3 / 2);
    for byte in token.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_urls_are_the_same_for_the_same_record_and_database_only() {
        let mut sink = Vec::new();
        let first = "6f1c3a52-1d2e-4c5b-9a8f-0e1d2c3b4a59";
        let one = Bundle::new(first, BundleType::Collection, &mut sink).url("Patient", Key::Row(3));
        let mut sink = Vec::new();
        let again = Bundle::new(first, BundleType::Transaction, &mut sink);
        assert_eq!(again.url("Patient", Key::Row(3)), one);
        assert_ne!(again.url("CareTeam", Key::Row(3)), one, "another kind");
        assert_ne!(again.url("Patient", Key::Row(4)), one, "another record");
        let mut sink = Vec::new();
        let other = Bundle::new("0b7e2d10-5a4f-4e3c-8d2b-1a0f9e8d7c6b", BundleType::Collection, &mut sink);
        assert_ne!(other.url("Patient", Key::Row(3)), one, "another database");
        let uuid = Uuid::parse_str(one.trim_start_matches("urn:uuid:")).expect("a UUID");
        assert_eq!(uuid.get_version_num(), 5);
    }

    #[test]
    fn identifier_kinds_and_search_tokens() {
        assert_eq!(kind("Patient"), "patient");
        assert_eq!(kind("EpisodeOfCare"), "episode-of-care");
        assert_eq!(kind("QuestionnaireResponse"), "questionnaire-response");
        assert_eq!(search_token("urn:caseload:patient", "db/3"), "urn%3Acaseload%3Apatient%7Cdb%2F3");
        // FHIR's escapes first (a comma would be "or", a bar a system), then percent-encoding.
        assert_eq!(search_token("s", "Smith, J|r $1 \\"), "s%7CSmith%5C%2C%20J%5C%7Cr%20%5C%241%20%5C%5C");
    }
}
