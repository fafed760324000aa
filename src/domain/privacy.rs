//! What `--redact` hides (SPEC §6), written once for every front end: names
//! become initials; phone numbers, address, date of birth, MRN, member id and
//! contacts' details are left out. Records keep their shape (a JSON field is
//! null or initials, never missing), so scripts keep working.
//!
//! Free text (note bodies, follow-up titles, referral reasons, alert
//! messages, search snippets) stays readable: a coordinator sharing a screen
//! still talks about what happened. Every word of the client's given, family
//! or preferred name becomes its initial ("Spoke with A. Q."), and the
//! client's identifiers are hidden wherever they appear in it. Text of a
//! client the redactor does not know is hidden whole: nothing leaks by default.

use std::collections::HashMap;

use super::alerts::Alert;
use super::appointment::Appointment;
use super::care_plan::{CarePlan, Goal, Intervention, Problem};
use super::client::Client;
use super::contact::Contact;
use super::encounter::Encounter;
use super::followup::Followup;
use super::medication::{Medication, Reconciliation};
use super::note::Note;
use super::program::Enrollment;
use super::referral::Referral;
use super::triage::TriageRow;

/// What stands in for a hidden value in text.
pub const HIDDEN: &str = "•••";

/// Initials for redacted views: "J.D." for Jane Doe.
pub fn initials(given_name: &str, family_name: &str) -> String {
    [given_name, family_name].iter().filter_map(|name| initial(name)).collect()
}

/// "J." for "jane"; None for a name without a letter or digit.
fn initial(name: &str) -> Option<String> {
    name.chars().find(|c| c.is_alphanumeric()).map(|c| format!("{}.", c.to_uppercase()))
}

/// Initials of every word of a name: "R.Q." for "Rosa Quill" (contacts' names).
fn initials_of_words(name: &str) -> String {
    words(name).filter_map(initial).collect()
}

/// Initials from a "Family, Given (Preferred)" display name, for a name shown
/// without its client record at hand.
pub fn display_initials(name: &str) -> String {
    let (family, given) = name.split_once(", ").unwrap_or(("", name));
    initials(given.split_whitespace().next().unwrap_or_default(), family)
}

/// A client's name as a screen or listing shows it: initials when redacted.
pub fn shown_name(client: &Client, redact: bool) -> String {
    if redact { initials(&client.given_name, &client.family_name) } else { client.display_name() }
}

/// The words of a text: its runs of letters and digits.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty())
}

/// What one client's texts must not show.
#[derive(Debug, Clone)]
struct Identity {
    initials: String,
    /// The words of the client's names, lower case (one letter is no name).
    names: Vec<String>,
    /// Phone numbers, MRN, member id, address and date of birth as typed or printed.
    identifiers: Vec<String>,
}

impl Identity {
    fn of(client: &Client) -> Identity {
        let mut names: Vec<String> =
            [Some(client.given_name.as_str()), Some(client.family_name.as_str()), client.preferred_name.as_deref()]
                .into_iter()
                .flatten()
                .flat_map(words)
                .filter(|word| word.chars().count() > 1)
                .map(str::to_lowercase)
                .collect();
        names.sort();
        names.dedup();
        let mut identifiers: Vec<String> =
            [&client.phone, &client.alt_phone, &client.mrn, &client.member_id, &client.address]
                .into_iter()
                .flatten()
                .filter(|value| !value.trim().is_empty())
                .cloned()
                .collect();
        identifiers.extend(client.dob.map(|dob| dob.to_string()));
        // The longest first, so an address goes before a number inside it.
        identifiers.sort_by_key(|value| std::cmp::Reverse(value.len()));
        Identity { initials: initials(&client.given_name, &client.family_name), names, identifiers }
    }

    /// Whether a word of a text is one of the client's names, in any case.
    fn is_name(&self, word: &str) -> bool {
        if word.is_ascii() {
            self.names.iter().any(|name| name.eq_ignore_ascii_case(word))
        } else {
            self.names.contains(&word.to_lowercase())
        }
    }

    /// The text with this client's identifiers hidden and names as initials.
    fn scrub(&self, text: &str) -> String {
        let mut text = text.to_string();
        for identifier in &self.identifiers {
            if text.contains(identifier.as_str()) {
                text = replace_whole(&text, identifier, HIDDEN);
            }
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(start) = rest.find(char::is_alphanumeric) {
            out.push_str(&rest[..start]);
            let word_len = rest[start..].find(|c: char| !c.is_alphanumeric()).unwrap_or(rest.len() - start);
            let word = &rest[start..start + word_len];
            match initial(word).filter(|_| self.is_name(word)) {
                Some(initial) => out.push_str(&initial),
                None => out.push_str(word),
            }
            rest = &rest[start + word_len..];
        }
        out.push_str(rest);
        out
    }
}

/// `text` with every occurrence of `needle` that is not part of a longer
/// word or number replaced.
fn replace_whole(text: &str, needle: &str, with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(needle) {
        let before = rest[..at].chars().next_back().is_some_and(char::is_alphanumeric);
        let after = rest[at + needle.len()..].chars().next().is_some_and(char::is_alphanumeric);
        out.push_str(&rest[..at]);
        out.push_str(if before || after { needle } else { with });
        rest = &rest[at + needle.len()..];
    }
    out.push_str(rest);
    out
}

/// Applies the redaction rules to records of the clients it knows. An "off"
/// redactor changes nothing, so output code can apply it unconditionally.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    on: bool,
    clients: HashMap<i64, Identity>,
}

impl Redactor {
    /// A redactor that changes nothing (no `--redact`).
    pub fn off() -> Redactor {
        Redactor::default()
    }

    /// A redactor for records of these clients.
    pub fn new<'a>(clients: impl IntoIterator<Item = &'a Client>) -> Redactor {
        Redactor { on: true, clients: clients.into_iter().map(|c| (c.id, Identity::of(c))).collect() }
    }

    /// Redacts a record (or a list of them) in place; off, it does nothing.
    pub fn apply<T: Redact + ?Sized>(&self, record: &mut T) {
        if self.on {
            record.redact(self);
        }
    }

    /// The record, redacted (for a record read back and printed at once).
    pub fn applied<T: Redact>(&self, mut record: T) -> T {
        self.apply(&mut record);
        record
    }

    /// The name to show for a client: its initials, or initials read from the
    /// display name `shown` for a client it does not know.
    pub fn name(&self, client_id: i64, shown: &str) -> String {
        match self.clients.get(&client_id) {
            _ if !self.on => shown.to_string(),
            Some(identity) => identity.initials.clone(),
            None => display_initials(shown),
        }
    }

    /// A free text about a client, with the client's names as initials and
    /// identifiers hidden; the whole text hidden for a client it does not know.
    pub fn text(&self, client_id: i64, text: &str) -> String {
        match self.clients.get(&client_id) {
            _ if !self.on => text.to_string(),
            Some(identity) => identity.scrub(text),
            None => HIDDEN.to_string(),
        }
    }

    fn optional_text(&self, client_id: i64, text: &mut Option<String>) {
        if let Some(value) = text {
            *value = self.text(client_id, value);
        }
    }
}

/// A record that can be shown redacted. Call through [`Redactor::apply`].
pub trait Redact {
    fn redact(&mut self, with: &Redactor);
}

impl<T: Redact> Redact for [T] {
    fn redact(&mut self, with: &Redactor) {
        for record in self {
            record.redact(with);
        }
    }
}

impl<T: Redact> Redact for Vec<T> {
    fn redact(&mut self, with: &Redactor) {
        self.as_mut_slice().redact(with);
    }
}

impl Redact for Client {
    /// Names become one initial each (so `initials` of the result still reads
    /// "A.Q."); the identifiers become null.
    fn redact(&mut self, with: &Redactor) {
        let id = self.id;
        self.discharge_reason = self.discharge_reason.as_deref().map(|text| with.text(id, text));
        self.given_name = initial(&self.given_name).unwrap_or_default();
        self.family_name = initial(&self.family_name).unwrap_or_default();
        for hidden in [
            &mut self.preferred_name,
            &mut self.phone,
            &mut self.alt_phone,
            &mut self.address,
            &mut self.mrn,
            &mut self.member_id,
        ] {
            *hidden = None;
        }
        self.dob = None;
    }
}

impl Redact for Contact {
    fn redact(&mut self, with: &Redactor) {
        self.name = initials_of_words(&self.name);
        self.phone = None;
        self.email = None;
        with.optional_text(self.client_id, &mut self.organization);
    }
}

impl Redact for Enrollment {
    fn redact(&mut self, with: &Redactor) {
        with.optional_text(self.client_id, &mut self.end_reason);
    }
}

impl Redact for Note {
    fn redact(&mut self, with: &Redactor) {
        self.body = with.text(self.client_id, &self.body);
    }
}

impl Redact for Appointment {
    fn redact(&mut self, with: &Redactor) {
        for text in [&mut self.with_whom, &mut self.location, &mut self.transport_details, &mut self.notes] {
            with.optional_text(self.client_id, text);
        }
    }
}

impl Redact for Followup {
    fn redact(&mut self, with: &Redactor) {
        self.title = with.text(self.client_id, &self.title);
        with.optional_text(self.client_id, &mut self.snooze_reason);
    }
}

impl Redact for Referral {
    fn redact(&mut self, with: &Redactor) {
        self.to = with.text(self.client_id, &self.to);
        self.reason = with.text(self.client_id, &self.reason);
        with.optional_text(self.client_id, &mut self.outcome);
    }
}

impl Redact for Encounter {
    fn redact(&mut self, with: &Redactor) {
        self.facility = with.text(self.client_id, &self.facility);
    }
}

impl Redact for Medication {
    fn redact(&mut self, with: &Redactor) {
        with.optional_text(self.client_id, &mut self.notes);
    }
}

impl Redact for Reconciliation {
    fn redact(&mut self, with: &Redactor) {
        with.optional_text(self.client_id, &mut self.notes);
    }
}

impl Redact for Problem {
    fn redact(&mut self, with: &Redactor) {
        self.description = with.text(self.client_id, &self.description);
    }
}

impl Redact for Goal {
    fn redact(&mut self, with: &Redactor) {
        self.description = with.text(self.client_id, &self.description);
    }
}

impl Redact for Intervention {
    fn redact(&mut self, with: &Redactor) {
        self.description = with.text(self.client_id, &self.description);
        with.optional_text(self.client_id, &mut self.owner);
    }
}

impl Redact for CarePlan {
    fn redact(&mut self, with: &Redactor) {
        self.problems.redact(with);
        self.goals.redact(with);
        self.interventions.redact(with);
    }
}

impl Redact for Alert {
    fn redact(&mut self, with: &Redactor) {
        self.client_name = with.name(self.client_id, &self.client_name).into();
        self.message = with.text(self.client_id, &self.message);
    }
}

impl Redact for TriageRow {
    fn redact(&mut self, with: &Redactor) {
        self.client_name = with.name(self.client_id, &self.client_name).into();
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::client::tests::sample;

    fn ada() -> Client {
        let mut client = sample(NaiveDate::from_ymd_opt(2026, 11, 23).expect("date"));
        client.preferred_name = Some("Addie".into());
        client.phone = Some("555-0199".into());
        client.address = Some("12 Alder Way, Riverton".into());
        client
    }

    #[test]
    fn names_become_initials() {
        assert_eq!(initials("ada", "Quill"), "A.Q.");
        assert_eq!(display_initials("Quill, Ada (Addie)"), "A.Q.");
        assert_eq!(display_initials("Mononym"), "M.");
        assert_eq!(initials_of_words("Dr. Rosa  Quill"), "D.R.Q.");
        assert_eq!(shown_name(&ada(), true), "A.Q.");
        assert_eq!(shown_name(&ada(), false), "Quill, Ada (Addie)");
    }

    #[test]
    fn a_redacted_client_keeps_its_shape_without_identifiers() {
        let mut client = ada();
        Redactor::new([&ada()]).apply(&mut client);
        assert_eq!((client.given_name.as_str(), client.family_name.as_str()), ("A.", "Q."));
        assert_eq!(initials(&client.given_name, &client.family_name), "A.Q.");
        assert_eq!((client.mrn, client.dob, client.phone, client.address), (None, None, None, None));
        assert_eq!(client.preferred_name, None);
        assert_eq!(client.program, "CCM");
    }

    #[test]
    fn free_text_loses_names_and_identifiers_but_keeps_other_words() {
        let redactor = Redactor::new([&ada()]);
        let text =
            "ADA Quill (Addie) at 12 Alder Way, Riverton; MRN-1, 555-0199, born 1950-03-04. Quillfield 1555-01999";
        assert_eq!(redactor.text(1, text), "A. Q. (A.) at •••; •••, •••, born •••. Quillfield 1555-01999");
        assert_eq!(redactor.text(2, "about someone else"), HIDDEN, "an unknown client's text is hidden whole");
        assert_eq!(redactor.name(2, "Lind, Cora"), "C.L.");
    }

    #[test]
    fn an_off_redactor_changes_nothing() {
        let mut client = ada();
        Redactor::off().apply(&mut client);
        assert_eq!(client, ada());
        assert_eq!(Redactor::off().text(1, "Ada"), "Ada");
        assert_eq!(Redactor::off().name(1, "Quill, Ada"), "Quill, Ada");
    }
}
