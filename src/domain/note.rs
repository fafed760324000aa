//! The contact log. A saved note is never edited: a correction is an addendum.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::word_enum;

word_enum!(
    ContactType, "contact_type" {
        Phone => "phone", Video => "video", InPerson => "in_person", Text => "text", Email => "email",
        Collateral => "collateral", ChartReview => "chart_review",
    }
);

word_enum!(Direction, "direction" { Outbound => "outbound", Inbound => "inbound" });

word_enum!(
    Outcome, "outcome" {
        Reached => "reached", Voicemail => "voicemail", NoAnswer => "no_answer",
        WrongNumber => "wrong_number", NotApplicable => "n_a",
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
    pub body: String,
    pub addendum_of: Option<i64>,
    pub created_at: DateTime<Utc>,
}

impl Note {
    /// A contact in the sense of SPEC §3: reached, by phone, video, in person or text.
    pub fn is_contact(&self) -> bool {
        self.outcome == Outcome::Reached && self.contact_type.is_direct()
    }
}
