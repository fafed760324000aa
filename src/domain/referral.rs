//! Referrals to specialists and community resources, tracked until the loop closes.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::validation::{optional_body, required_text};
use super::{Invalid, word_enum};

word_enum!(
    ReferralKind, "kind" {
        Medical => "medical", Behavioral => "behavioral", Food => "food", Housing => "housing",
        Transport => "transport", Financial => "financial", Utilities => "utilities", Other => "other",
    }
);

word_enum!(
    ReferralStatus, "status" {
        Draft => "draft", Sent => "sent", Scheduled => "scheduled", Completed => "completed",
        Declined => "declined", NoResponse => "no_response" ("no response"),
    }
);

impl ReferralStatus {
    /// The loop is closed: nothing more to chase.
    pub fn is_closed(self) -> bool {
        matches!(self, Self::Completed | Self::Declined | Self::NoResponse)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Referral {
    pub id: i64,
    pub client_id: i64,
    pub to: String,
    pub resource_id: Option<i64>,
    pub kind: ReferralKind,
    pub reason: String,
    pub status: ReferralStatus,
    pub sent_on: Option<NaiveDate>,
    pub status_changed_on: NaiveDate,
    pub outcome: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

impl Referral {
    /// Applies a status change on `today`: status_changed_on moves, and
    /// sent_on is set the first time the referral becomes `sent`.
    pub fn set_status(&mut self, status: ReferralStatus, today: NaiveDate) {
        if status == ReferralStatus::Sent && self.sent_on.is_none() {
            self.sent_on = Some(today);
        }
        self.status = status;
        self.status_changed_on = today;
    }

    /// Checks a new referral (trimming its text) and dates it `today`.
    pub fn open_on(&mut self, today: NaiveDate) -> Result<(), Invalid> {
        self.to = required_text("to", &self.to)?;
        self.reason = required_text("reason", &self.reason)?;
        self.outcome = optional_body("outcome", self.outcome.as_deref())?;
        self.sent_on = None;
        self.set_status(self.status, today);
        Ok(())
    }

    /// A status change, optionally with an outcome. Repeating the current
    /// status is refused unless an outcome is being recorded.
    pub fn update(&mut self, status: ReferralStatus, outcome: Option<&str>, today: NaiveDate) -> Result<(), Invalid> {
        let outcome = optional_body("outcome", outcome)?;
        if status == self.status && outcome.is_none() {
            return Err(Invalid::new(
                "status",
                format!("referral {} is already {}", self.id, status.label()),
                "give a different --status, or an --outcome to record",
            ));
        }
        if status != self.status {
            self.set_status(status, today);
        }
        if outcome.is_some() {
            self.outcome = outcome;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    fn sample(status: ReferralStatus) -> Referral {
        let at = DateTime::parse_from_rfc3339("2026-11-01T15:00:00Z").expect("instant").with_timezone(&Utc);
        Referral {
            id: 3,
            client_id: 1,
            to: " Northside Food Pantry ".into(),
            resource_id: None,
            kind: ReferralKind::Food,
            reason: "food insecurity".into(),
            status,
            sent_on: None,
            status_changed_on: day("2026-11-01"),
            outcome: Some(" ".into()),
            created_by: "casey".into(),
            created_at: at,
        }
    }

    #[test]
    fn created_as_sent_is_sent_today() {
        let today = day("2026-11-23");
        let mut referral = sample(ReferralStatus::Sent);
        referral.open_on(today).expect("valid");
        assert_eq!((referral.sent_on, referral.status_changed_on), (Some(today), today));
        assert_eq!((referral.to.as_str(), referral.outcome.clone()), ("Northside Food Pantry", None));
        let mut draft = sample(ReferralStatus::Draft);
        draft.open_on(today).expect("valid");
        assert_eq!(draft.sent_on, None);
        draft.reason = "".into();
        assert_eq!(draft.open_on(today).expect_err("no reason").field, "reason");
    }

    #[test]
    fn updates_move_the_dates_once() {
        let mut referral = sample(ReferralStatus::Draft);
        referral.update(ReferralStatus::Sent, None, day("2026-11-10")).expect("sent");
        referral.update(ReferralStatus::Scheduled, None, day("2026-11-12")).expect("scheduled");
        assert_eq!((referral.sent_on, referral.status_changed_on), (Some(day("2026-11-10")), day("2026-11-12")));
        assert_eq!(
            referral.update(ReferralStatus::Scheduled, Some(" "), day("2026-11-13")).expect_err("same").field,
            "status"
        );
        referral.update(ReferralStatus::Scheduled, Some("intake on Friday"), day("2026-11-13")).expect("outcome");
        assert_eq!(referral.status_changed_on, day("2026-11-12"));
        assert_eq!(referral.outcome.as_deref(), Some("intake on Friday"));
    }
}
