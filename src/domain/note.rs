//! The contact log. A saved note is never edited: a correction is an addendum.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::program::Program;
use super::text::{line_feeds, multi_line};
use super::validation::minutes;
use super::{Invalid, word_enum};

word_enum!(
    ContactType, "contact_type" {
        Phone => "phone", Video => "video", InPerson => "in_person" ("in person"), Text => "text", Email => "email",
        Collateral => "collateral", ChartReview => "chart_review" ("chart review"),
    }
);

word_enum!(Direction, "direction" { Outbound => "outbound", Inbound => "inbound" });

word_enum!(
    Outcome, "outcome" {
        Reached => "reached", Voicemail => "voicemail", NoAnswer => "no_answer" ("no answer"),
        WrongNumber => "wrong_number" ("wrong number"), NotApplicable => "n_a" ("n/a"),
    }
);

impl ContactType {
    /// Types that can reach the client directly (a "contact" for the alert rules).
    pub fn is_direct(self) -> bool {
        matches!(self, Self::Phone | Self::Video | Self::InPerson | Self::Text)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Note {
    pub id: i64,
    pub client_id: i64,
    pub author: String,
    pub contact_at: DateTime<Utc>,
    pub contact_type: ContactType,
    pub direction: Direction,
    pub outcome: Outcome,
    pub minutes: u32,
    /// Whose time the minutes are (SPEC §8); none for notes outside any program.
    pub program: Option<Program>,
    pub body: String,
    pub addendum_of: Option<i64>,
    pub created_at: DateTime<Utc>,
}

impl Note {
    /// A contact in the sense of SPEC §3: reached, by phone, video, in person or text.
    pub fn is_contact(&self) -> bool {
        self.outcome == Outcome::Reached && self.contact_type.is_direct()
    }

    /// Cleans the body the same on every entry path: trimmed, CR LF (and a
    /// lone CR) as line feeds.
    pub fn normalize(&mut self) {
        self.body = line_feeds(self.body.trim());
    }

    /// Checks a note before it is saved: some text, sane minutes, and a
    /// contact time that has already happened.
    pub fn validate(&self, now: DateTime<Utc>) -> Result<(), Invalid> {
        multi_line("body", &self.body)?;
        if self.body.trim().is_empty() {
            return Err(Invalid::new(
                "body",
                "the note is empty",
                "write what happened: give --body TEXT, or pipe the text on standard input",
            ));
        }
        minutes("minutes", i64::from(self.minutes), true)?;
        if let Some(program) = self.program.filter(|p| !p.is_time_based()) {
            return Err(Invalid::new(
                "program",
                format!("{} is not paid by the minute, so a note's minutes cannot belong to it", program.label()),
                "give --program one of ccm, pcm, bhi, cocm, chi, pin, rpm, or leave it out",
            ));
        }
        if self.contact_at > now {
            return Err(Invalid::new(
                "contact_at",
                "a note cannot be dated in the future",
                "give --at a time up to now, or leave --at out to date the note now",
            ));
        }
        Ok(())
    }

    /// A correction to `original`, written by `author` at `now`. It keeps the
    /// original's type and direction, records no outcome or minutes of its own,
    /// and always points at the first note of the chain, so addenda never nest.
    pub fn addendum(original: &Note, author: &str, body: &str, now: DateTime<Utc>) -> Note {
        Note {
            id: 0,
            client_id: original.client_id,
            author: author.to_string(),
            contact_at: now,
            contact_type: original.contact_type,
            direction: original.direction,
            outcome: Outcome::NotApplicable,
            minutes: 0,
            program: None,
            body: body.to_string(),
            addendum_of: Some(original.addendum_of.unwrap_or(original.id)),
            created_at: now,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).expect("instant").with_timezone(&Utc)
    }

    fn sample() -> Note {
        let when = at("2026-11-23T15:00:00Z");
        Note {
            id: 7,
            client_id: 3,
            author: "casey".into(),
            contact_at: when,
            contact_type: ContactType::Video,
            direction: Direction::Inbound,
            outcome: Outcome::Reached,
            minutes: 12,
            program: Some(Program::Ccm),
            body: "Discussed the new inhaler.".into(),
            addendum_of: None,
            created_at: when,
        }
    }

    #[test]
    fn empty_future_and_overlong_notes_are_refused() {
        let now = at("2026-11-23T15:00:00Z");
        assert_eq!(sample().validate(now), Ok(()));
        let mut note = sample();
        note.body = " \n\t".into();
        assert_eq!(note.validate(now).expect_err("empty").field, "body");
        let mut note = sample();
        note.contact_at = at("2026-11-23T15:00:01Z");
        assert_eq!(note.validate(now).expect_err("future").field, "contact_at");
        let mut note = sample();
        note.minutes = 1441;
        assert_eq!(note.validate(now).expect_err("too long").field, "minutes");
    }

    #[test]
    fn addenda_point_at_the_first_note_of_the_chain() {
        let now = at("2026-11-24T10:00:00Z");
        let first = Note::addendum(&sample(), "robin", "Dose is 2 puffs.", now);
        assert_eq!(first.addendum_of, Some(7));
        assert_eq!((first.contact_type, first.direction), (ContactType::Video, Direction::Inbound));
        assert_eq!((first.outcome, first.minutes, first.contact_at), (Outcome::NotApplicable, 0, now));
        let second = Note::addendum(&Note { id: 9, ..first }, "casey", "Twice a day.", now);
        assert_eq!(second.addendum_of, Some(7));
    }
}
