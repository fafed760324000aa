//! Referrals to specialists and community resources, tracked until the loop closes.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::word_enum;

word_enum!(
    ReferralKind, "kind" {
        Medical => "medical", Behavioral => "behavioral", Food => "food", Housing => "housing",
        Transport => "transport", Financial => "financial", Utilities => "utilities", Other => "other",
    }
);

word_enum!(
    ReferralStatus, "status" {
        Draft => "draft", Sent => "sent", Scheduled => "scheduled", Completed => "completed",
        Declined => "declined", NoResponse => "no_response",
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
}
