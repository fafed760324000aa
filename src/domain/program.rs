//! Care-management programs and a client's enrollments in them (SPEC §8).

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::validation::{optional_line, required_text};
use super::{Invalid, word_enum};

word_enum!(
    /// A program whose work is billed (or, `general`, not): the words are the contract.
    Program, "program" {
        Ccm => "ccm" ("CCM"), Pcm => "pcm" ("PCM"), Bhi => "bhi" ("BHI"), Cocm => "cocm" ("CoCM"),
        Chi => "chi" ("CHI"), Pin => "pin" ("PIN"), Rpm => "rpm" ("RPM"), Tcm => "tcm" ("TCM"),
        Apcm => "apcm" ("APCM"), General => "general",
    }
);

word_enum!(
    /// How the client's consent to a program was documented.
    ConsentMethod, "consent_method" { Verbal => "verbal", Written => "written", Electronic => "electronic" }
);

impl Program {
    /// Programs paid by the minutes of a calendar month: a note's minutes can belong to these.
    pub fn is_time_based(self) -> bool {
        matches!(self, Self::Ccm | Self::Pcm | Self::Bhi | Self::Cocm | Self::Chi | Self::Pin | Self::Rpm)
    }

    /// Programs that bill anything (every one but `general`); each needs consent.
    pub fn is_billed(self) -> bool {
        self != Self::General
    }
}

/// How a client's program reads for people: the program's label ("CCM"),
/// or the text as it is when it names no program (kept from before
/// enrollments).
pub fn program_label(text: &str) -> &str {
    match text.parse::<Program>() {
        Ok(program) => program.label(),
        Err(_) => text,
    }
}

/// A client's time in one program.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Enrollment {
    pub id: i64,
    pub client_id: i64,
    pub program: Program,
    /// Who bills the program's codes.
    pub practitioner: Option<String>,
    pub consent_on: Option<NaiveDate>,
    pub consent_method: Option<ConsentMethod>,
    pub started_on: NaiveDate,
    /// The last day in the program.
    pub ended_on: Option<NaiveDate>,
    pub end_reason: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

impl Enrollment {
    /// A new enrollment from `started_on`, without consent or practitioner.
    pub fn new(client_id: i64, program: Program, started_on: NaiveDate) -> Enrollment {
        Enrollment {
            id: 0,
            client_id,
            program,
            practitioner: None,
            consent_on: None,
            consent_method: None,
            started_on,
            ended_on: None,
            end_reason: None,
            created_by: String::new(),
            created_at: DateTime::UNIX_EPOCH,
        }
    }

    /// In the program on `date` (its start and end days included).
    pub fn is_active_on(&self, date: NaiveDate) -> bool {
        self.started_on <= date && self.ended_on.is_none_or(|end| end >= date)
    }

    /// In the program on any day from `first` to `last`.
    pub fn overlaps(&self, first: NaiveDate, last: NaiveDate) -> bool {
        self.started_on <= last && self.ended_on.is_none_or(|end| end >= first)
    }

    /// Trims the practitioner and refuses what a person could not mean.
    pub fn validate(&mut self, today: NaiveDate) -> Result<(), Invalid> {
        self.practitioner = optional_line("practitioner", self.practitioner.as_deref())?;
        if self.started_on > today {
            return Err(Invalid::new(
                "started_on",
                format!("the enrollment cannot start in the future ({})", self.started_on),
                "give --from today or an earlier date",
            ));
        }
        self.check_consent(today)?;
        if let Some(end) = self.ended_on {
            if end < self.started_on {
                return Err(Invalid::new(
                    "ended_on",
                    format!("the end {end} is before the start {}", self.started_on),
                    "give --on a date on or after the enrollment's start",
                ));
            }
            self.end_reason = Some(required_text("reason", self.end_reason.as_deref().unwrap_or(""))?);
        }
        Ok(())
    }

    /// Consent is a date and a method together, and not in the future.
    fn check_consent(&self, today: NaiveDate) -> Result<(), Invalid> {
        match (self.consent_on, self.consent_method) {
            (Some(on), Some(_)) if on > today => Err(Invalid::new(
                "consent_on",
                format!("consent cannot be dated in the future ({on})"),
                "record consent on the day it is given",
            )),
            (Some(_), None) | (None, Some(_)) => Err(Invalid::new(
                "consent_method",
                "consent needs both its date and its method",
                format!("give --consent-on DATE and --consent-method ({})", ConsentMethod::words()),
            )),
            _ => Ok(()),
        }
    }
}

/// The primary program among a client's enrollments: the earliest one's
/// that has not ended (SPEC §2; none starts in the future), one that bills
/// before `general` (which every client added is in), `general` when every
/// one has ended.
pub fn primary_program(enrollments: &[Enrollment]) -> Program {
    enrollments
        .iter()
        .filter(|e| e.ended_on.is_none())
        .min_by_key(|e| (!e.program.is_billed(), e.started_on, e.id))
        .map_or(Program::General, |e| e.program)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("date")
    }

    #[test]
    fn programs_parse_in_any_case_and_read_as_their_abbreviations() {
        assert_eq!("CCM".parse::<Program>(), Ok(Program::Ccm));
        assert_eq!(" CoCM ".parse::<Program>(), Ok(Program::Cocm));
        assert_eq!(Program::Cocm.label(), "CoCM");
        assert_eq!(Program::Ccm.to_string(), "ccm");
        let error = "hospice".parse::<Program>().expect_err("unknown");
        assert!(error.hint.contains("ccm, pcm, bhi"), "{error:?}");
        assert!(Program::Rpm.is_time_based() && !Program::Apcm.is_time_based() && !Program::Tcm.is_time_based());
    }

    #[test]
    fn a_clients_program_reads_as_its_label_and_text_kept_from_before_as_it_is() {
        assert_eq!(program_label("cocm"), "CoCM");
        assert_eq!(program_label("Behavioral-Health-Long"), "Behavioral-Health-Long");
    }

    #[test]
    fn consent_needs_date_and_method_and_an_end_needs_a_reason() {
        let today = date("2026-11-23");
        let mut enrollment = Enrollment::new(1, Program::Ccm, date("2026-11-01"));
        assert_eq!(enrollment.validate(today), Ok(()));
        enrollment.consent_on = Some(date("2026-11-02"));
        assert_eq!(enrollment.validate(today).expect_err("no method").field, "consent_method");
        enrollment.consent_method = Some(ConsentMethod::Verbal);
        assert_eq!(enrollment.validate(today), Ok(()));
        enrollment.ended_on = Some(date("2026-10-31"));
        enrollment.end_reason = Some("moved".into());
        assert_eq!(enrollment.validate(today).expect_err("before start").field, "ended_on");
        enrollment.ended_on = Some(date("2026-11-20"));
        enrollment.end_reason = None;
        assert_eq!(enrollment.validate(today).expect_err("no reason").field, "reason");
        let mut future = Enrollment::new(1, Program::Ccm, date("2026-11-24"));
        assert_eq!(future.validate(today).expect_err("future").field, "started_on");
    }

    fn bhi_again() -> Enrollment {
        Enrollment { id: 4, ..Enrollment::new(1, Program::Bhi, date("2026-06-01")) }
    }

    #[test]
    fn the_primary_program_is_the_earliest_open_enrollment() {
        let mut ended = Enrollment::new(1, Program::Tcm, date("2026-01-01"));
        ended.ended_on = Some(date("2026-02-01"));
        let bhi = Enrollment { id: 3, ..Enrollment::new(1, Program::Bhi, date("2026-06-01")) };
        let ccm = Enrollment { id: 2, ..Enrollment::new(1, Program::Ccm, date("2026-03-01")) };
        assert_eq!(primary_program(&[ended.clone(), bhi.clone(), ccm]), Program::Ccm);
        assert_eq!(primary_program(&[ended.clone(), bhi]), Program::Bhi);
        assert_eq!(primary_program(&[ended.clone()]), Program::General);
        let general = Enrollment { id: 1, ..Enrollment::new(1, Program::General, date("2026-01-01")) };
        assert_eq!(primary_program(&[general, ended, bhi_again()]), Program::Bhi);
    }
}
