//! People around a client: family, caregivers, clinicians, pharmacies.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::validation::{optional_line, required_text};
use super::{Invalid, word_enum};

word_enum!(
    Relationship, "relationship" {
        Caregiver => "caregiver", Family => "family", Guardian => "guardian", Pcp => "pcp" ("PCP"),
        Specialist => "specialist", Pharmacy => "pharmacy", SocialWorker => "social_worker" ("social worker"), Other => "other",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contact {
    pub id: i64,
    pub client_id: i64,
    pub name: String,
    pub relationship: Relationship,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub organization: Option<String>,
    pub on_care_team: bool,
    pub may_share_info: bool,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

impl Contact {
    /// Trims free text (blanks become absent) and checks what a person typed.
    pub fn normalize_and_validate(&mut self) -> Result<(), Invalid> {
        self.name = required_text("name", &self.name)?;
        self.phone = optional_line("phone", self.phone.as_deref())?;
        self.email = optional_line("email", self.email.as_deref())?;
        self.organization = optional_line("organization", self.organization.as_deref())?;
        if let Some(email) = &self.email
            && !looks_like_email(email)
        {
            return Err(Invalid::new(
                "email",
                format!("{email:?} is not an email address"),
                "give --email as name@example.org, or leave it out",
            ));
        }
        Ok(())
    }
}

/// Enough of a check to catch a phone number typed into the email field.
fn looks_like_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !text.contains(char::is_whitespace)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Contact {
        let at = chrono::DateTime::UNIX_EPOCH;
        Contact {
            id: 0,
            client_id: 1,
            name: "  Pat Example ".into(),
            relationship: Relationship::Caregiver,
            phone: Some(" ".into()),
            email: Some(" pat@example.org ".into()),
            organization: None,
            on_care_team: true,
            may_share_info: false,
            created_by: "casey".into(),
            created_at: at,
        }
    }

    #[test]
    fn text_is_trimmed_and_blanks_become_absent() {
        let mut contact = sample();
        contact.normalize_and_validate().expect("valid");
        assert_eq!(contact.name, "Pat Example");
        assert_eq!(contact.phone, None);
        assert_eq!(contact.email.as_deref(), Some("pat@example.org"));
    }

    #[test]
    fn a_missing_name_or_a_bad_email_is_refused() {
        let mut contact = Contact { name: " ".into(), ..sample() };
        assert_eq!(contact.normalize_and_validate().expect_err("no name").field, "name");
        for email in ["555-0100", "pat@", "@example.org", "pat example@example.org"] {
            let mut contact = Contact { email: Some(email.into()), ..sample() };
            assert_eq!(contact.normalize_and_validate().expect_err(email).field, "email");
        }
    }
}
