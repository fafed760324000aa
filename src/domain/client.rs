//! A client of the caseload and the rules a client record must satisfy.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::program::Program;
use super::text::{line_feeds, multi_line, one_line_fields};
use super::validation::{optional_text, required_text};
use super::{Invalid, word_enum};

word_enum!(
    /// How closely a client must be followed; sets the contact cadence.
    Risk, "risk" { High => "high", Medium => "medium", Low => "low" }
);

word_enum!(
    ClientStatus, "status" { Active => "active", OnHold => "on_hold" ("on hold"), Discharged => "discharged" }
);

word_enum!(
    /// A client's gender as recorded (SPEC §2); AUDIT-C's threshold depends on it.
    Gender, "gender" { Female => "female", Male => "male", Other => "other", Unknown => "unknown" }
);

impl Risk {
    /// Sort rank: high first.
    pub fn rank(self) -> u8 {
        match self {
            Risk::High => 0,
            Risk::Medium => 1,
            Risk::Low => 2,
        }
    }
}

/// A client's own fields of SPEC §2, in the order a CSV file and an import
/// name them (everything but ids, who made it and when).
pub const CLIENT_FIELDS: [&str; 23] = [
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
    "gender",
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

/// A client as stored. JSON field names are the contract of SPEC §2.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Client {
    pub id: i64,
    pub mrn: Option<String>,
    pub given_name: String,
    pub family_name: String,
    pub preferred_name: Option<String>,
    pub dob: Option<NaiveDate>,
    pub phone: Option<String>,
    pub alt_phone: Option<String>,
    pub address: Option<String>,
    pub language: Option<String>,
    pub interpreter_needed: bool,
    pub gender: Gender,
    pub program: String,
    pub risk: Risk,
    pub status: ClientStatus,
    pub coordinator: String,
    pub enrolled_on: NaiveDate,
    pub discharged_on: Option<NaiveDate>,
    pub discharge_reason: Option<String>,
    pub payer: Option<String>,
    pub member_id: Option<String>,
    pub coverage_ends_on: Option<NaiveDate>,
    pub consent_expires_on: Option<NaiveDate>,
    pub tags: Vec<String>,
    /// Bumped by every update; an edit made from an older revision is refused.
    #[serde(skip)]
    pub revision: i64,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Client {
    /// A new active, medium-risk client in the general program: the defaults
    /// of `client add`, with nothing else filled in.
    pub fn new(
        given_name: &str,
        family_name: &str,
        coordinator: &str,
        enrolled_on: NaiveDate,
        at: DateTime<Utc>,
    ) -> Client {
        Client {
            id: 0,
            mrn: None,
            given_name: given_name.to_string(),
            family_name: family_name.to_string(),
            preferred_name: None,
            dob: None,
            phone: None,
            alt_phone: None,
            address: None,
            language: None,
            interpreter_needed: false,
            gender: Gender::Unknown,
            program: "general".into(),
            risk: Risk::Medium,
            status: ClientStatus::Active,
            coordinator: coordinator.to_string(),
            enrolled_on,
            discharged_on: None,
            discharge_reason: None,
            payer: None,
            member_id: None,
            coverage_ends_on: None,
            consent_expires_on: None,
            tags: Vec::new(),
            revision: 1,
            created_by: coordinator.to_string(),
            created_at: at,
            updated_at: at,
        }
    }

    /// "Family, Given (Preferred)" — the form lists use.
    pub fn display_name(&self) -> String {
        display_name(&self.family_name, &self.given_name, self.preferred_name.as_deref())
    }

    /// Whole years of age on `today`, if the date of birth is known.
    pub fn age_on(&self, today: NaiveDate) -> Option<u32> {
        self.dob.and_then(|dob| today.years_since(dob))
    }

    /// Checks every field a person can type; called before any insert or update.
    pub fn validate(&self, today: NaiveDate) -> Result<(), Invalid> {
        self.problems(today).into_iter().next().map_or(Ok(()), Err)
    }

    /// Everything `validate` refuses, each field's first fault in field
    /// order, for a file whose every problem is listed at once.
    pub fn problems(&self, today: NaiveDate) -> Vec<Invalid> {
        let checks = [
            required_text("given_name", &self.given_name).map(drop),
            required_text("family_name", &self.family_name).map(drop),
            required_text("coordinator", &self.coordinator).map(drop),
            // A new client's program is one of the programs. A stored one may hold
            // text from before enrollments (kept by migration 7) and is never
            // changed by an edit (enrollments set it), so it is not checked again.
            if self.id == 0 { self.program.parse::<Program>().map(drop) } else { Ok(()) },
            one_line_fields([
                ("mrn", self.mrn.as_deref()),
                ("preferred_name", self.preferred_name.as_deref()),
                ("phone", self.phone.as_deref()),
                ("alt_phone", self.alt_phone.as_deref()),
                ("language", self.language.as_deref()),
                ("discharge_reason", self.discharge_reason.as_deref()),
                ("payer", self.payer.as_deref()),
                ("member_id", self.member_id.as_deref()),
            ]),
            one_line_fields(self.tags.iter().map(|tag| ("tags", Some(tag.as_str())))),
            // A postal address may take two lines; tables show it folded.
            self.address.as_deref().map_or(Ok(()), |address| multi_line("address", address).map(drop)),
            self.check_dob(today),
            self.check_discharge(today),
        ];
        checks.into_iter().filter_map(Result::err).collect()
    }

    fn check_dob(&self, today: NaiveDate) -> Result<(), Invalid> {
        if let Some(dob) = self.dob {
            if dob > today {
                return Err(Invalid::new(
                    "dob",
                    format!("date of birth {dob} is in the future"),
                    "check the year of --dob",
                ));
            }
            if today.years_since(dob).unwrap_or(0) > 130 {
                return Err(Invalid::new(
                    "dob",
                    format!("date of birth {dob} is more than 130 years ago"),
                    "check the year of --dob",
                ));
            }
        }
        Ok(())
    }

    fn check_discharge(&self, today: NaiveDate) -> Result<(), Invalid> {
        if let Some(discharged) = self.discharged_on
            && discharged < self.enrolled_on
        {
            return Err(Invalid::new(
                "discharged_on",
                format!("discharge date {discharged} is before enrolment on {}", self.enrolled_on),
                "give a discharge date on or after the enrolment date",
            ));
        }
        if let Some(discharged) = self.discharged_on
            && discharged > today
        {
            return Err(Invalid::new(
                "discharged_on",
                format!("discharge date {discharged} is in the future"),
                "discharge the client on the day it happens (today or earlier)",
            ));
        }
        if self.status == ClientStatus::Discharged && self.discharged_on.is_none() {
            return Err(Invalid::new(
                "discharged_on",
                "a discharged client needs a discharge date",
                "use `caseload client discharge`",
            ));
        }
        Ok(())
    }

    /// Cleans free text the way every entry path should: trimmed, blanks absent.
    pub fn normalize(&mut self) {
        for field in [
            &mut self.mrn,
            &mut self.preferred_name,
            &mut self.phone,
            &mut self.alt_phone,
            &mut self.language,
            &mut self.discharge_reason,
            &mut self.payer,
            &mut self.member_id,
        ] {
            *field = optional_text(field.as_deref());
        }
        self.address = optional_text(self.address.as_deref()).map(|address| line_feeds(&address));
        self.given_name = self.given_name.trim().to_string();
        self.family_name = self.family_name.trim().to_string();
        self.program = match self.program.parse::<Program>() {
            Ok(program) => program.as_str().to_string(),
            Err(_) => self.program.trim().to_string(),
        };
        self.tags = normalize_tags(self.tags.iter().map(String::as_str));
    }
}

/// Tags are short lower-case words, unique, in the order given.
pub fn normalize_tags<'a>(tags: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tag in tags.into_iter().flat_map(|t| t.split(',')) {
        let tag = tag.trim().to_lowercase();
        if !tag.is_empty() && !out.contains(&tag) {
            out.push(tag);
        }
    }
    out
}

/// "Family, Given (Preferred)", the preferred name only when it differs.
pub fn display_name(family: &str, given: &str, preferred: Option<&str>) -> String {
    match preferred {
        Some(preferred) if preferred != given => format!("{family}, {given} ({preferred})"),
        _ => format!("{family}, {given}"),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn sample(today: NaiveDate) -> Client {
        let at = today.and_hms_opt(9, 0, 0).expect("time").and_utc();
        let mut client = Client::new("Ada", "Quill", "casey", today, at);
        client.id = 1;
        client.mrn = Some("MRN-1".into());
        client.dob = NaiveDate::from_ymd_opt(1950, 3, 4);
        client.program = "CCM".into();
        client.risk = Risk::High;
        client
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).expect("date")
    }

    #[test]
    fn a_future_birth_date_is_refused() {
        let mut client = sample(today());
        client.dob = NaiveDate::from_ymd_opt(2027, 1, 1);
        assert_eq!(client.validate(today()).expect_err("future dob").field, "dob");
    }

    #[test]
    fn a_future_discharge_is_refused() {
        let mut client = sample(today() - chrono::Duration::days(30));
        client.status = ClientStatus::Discharged;
        client.discharged_on = Some(today() + chrono::Duration::days(1));
        assert_eq!(client.validate(today()).expect_err("future discharge").field, "discharged_on");
        client.discharged_on = Some(today());
        assert_eq!(client.validate(today()), Ok(()));
    }

    #[test]
    fn the_program_is_one_of_the_programs_in_any_case() {
        let mut client = sample(today());
        client.program = " CoCM ".into();
        client.normalize();
        assert_eq!((client.program.as_str(), client.validate(today())), ("cocm", Ok(())));
        client.program = "Behavioral health".into();
        assert_eq!(Client { id: 0, ..client.clone() }.validate(today()).expect_err("unknown").field, "program");
        assert_eq!(client.validate(today()), Ok(()), "a stored client keeps its text from before enrollments");
    }

    #[test]
    fn an_empty_name_is_refused() {
        let mut client = sample(today());
        client.family_name = "  ".into();
        assert_eq!(client.validate(today()).expect_err("empty").field, "family_name");
    }

    #[test]
    fn risk_words_parse_and_unknown_ones_list_the_choices() {
        assert_eq!("HIGH".parse::<Risk>(), Ok(Risk::High));
        let error = "severe".parse::<Risk>().expect_err("unknown risk");
        assert!(error.hint.contains("high, medium, low"));
        assert_eq!("on-hold".parse::<ClientStatus>(), Ok(ClientStatus::OnHold));
    }

    #[test]
    fn names_and_tags() {
        let mut client = sample(today());
        client.preferred_name = Some("Addie".into());
        assert_eq!(client.display_name(), "Quill, Ada (Addie)");
        assert_eq!(normalize_tags(["Diabetes, CHF", "chf", " "]), vec!["diabetes", "chf"]);
        assert_eq!(client.age_on(today()), Some(76));
    }
}
