//! The community resource directory (food banks, housing, transport…).

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::Invalid;
use super::text::{line_feeds, multi_line, one_line_fields};
use super::validation::{optional_text, required_text};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resource {
    pub id: i64,
    pub name: String,
    pub organization: Option<String>,
    pub category: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub hours: Option<String>,
    pub eligibility: Option<String>,
    pub languages: Option<String>,
    pub url: Option<String>,
    pub email: Option<String>,
    pub notes: Option<String>,
    /// The Open Referral (HSDS) id it was imported from, if any: a second
    /// import of the same directory updates the resource that has it.
    pub hsds_id: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

impl Resource {
    /// Trims every text field; blanks become absent.
    pub fn normalize(&mut self) {
        self.name = self.name.trim().to_string();
        for field in [
            &mut self.organization,
            &mut self.category,
            &mut self.phone,
            &mut self.eligibility,
            &mut self.languages,
            &mut self.url,
            &mut self.email,
            &mut self.hsds_id,
        ] {
            *field = optional_text(field.as_deref());
        }
        for field in [&mut self.address, &mut self.hours, &mut self.notes] {
            *field = optional_text(field.as_deref()).map(|text| line_feeds(&text));
        }
    }

    /// Whether the two say the same to a coordinator: every directory field
    /// but the record's id and who created it when.
    pub fn same_listing(&self, other: &Resource) -> bool {
        fn listing(r: &Resource) -> (&str, [&Option<String>; 11]) {
            let fields = [
                &r.organization,
                &r.category,
                &r.phone,
                &r.address,
                &r.hours,
                &r.eligibility,
                &r.languages,
                &r.url,
                &r.email,
                &r.notes,
                &r.hsds_id,
            ];
            (&r.name, fields)
        }
        listing(self) == listing(other)
    }

    /// A resource needs a name; a web address must be one a browser opens.
    pub fn validate(&self) -> Result<(), Invalid> {
        required_text("name", &self.name)?;
        one_line_fields([
            ("organization", self.organization.as_deref()),
            ("category", self.category.as_deref()),
            ("phone", self.phone.as_deref()),
            ("eligibility", self.eligibility.as_deref()),
            ("languages", self.languages.as_deref()),
            ("url", self.url.as_deref()),
            ("email", self.email.as_deref()),
            ("hsds_id", self.hsds_id.as_deref()),
        ])?;
        // An address and opening hours may take several lines, like the notes.
        for (field, text) in [("address", &self.address), ("hours", &self.hours), ("notes", &self.notes)] {
            text.as_deref().map_or(Ok(()), |text| multi_line(field, text).map(drop))?;
        }
        if let Some(url) = &self.url {
            let lower = url.to_ascii_lowercase();
            if !(lower.starts_with("http://") || lower.starts_with("https://")) {
                return Err(Invalid::new(
                    "url",
                    format!("url {url:?} does not start with http:// or https://"),
                    "give the full web address, e.g. https://example.org",
                ));
            }
        }
        Ok(())
    }
}
