//! Follow-ups: the coordinator's own to-do items per client.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::word_enum;

word_enum!(FollowupStatus, "status" { Open => "open", Done => "done", Cancelled => "cancelled" });

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Followup {
    pub id: i64,
    pub client_id: i64,
    pub title: String,
    pub due_on: NaiveDate,
    pub status: FollowupStatus,
    pub done_at: Option<DateTime<Utc>>,
    pub done_by: Option<String>,
    pub snoozed_until: Option<NaiveDate>,
    pub snooze_reason: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}
