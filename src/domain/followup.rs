//! Follow-ups: the coordinator's own to-do items per client.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::validation::required_text;
use super::{Invalid, schedule, word_enum};

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

impl Followup {
    /// A new open follow-up, as `add` makes it.
    pub fn new(client_id: i64, title: &str, due_on: NaiveDate, created_by: &str, at: DateTime<Utc>) -> Followup {
        Followup {
            id: 0,
            client_id,
            title: title.to_string(),
            due_on,
            status: FollowupStatus::Open,
            done_at: None,
            done_by: None,
            snoozed_until: None,
            snooze_reason: None,
            created_by: created_by.to_string(),
            created_at: at,
        }
    }

    /// Checks a new follow-up (and trims its title): it starts open, with a title.
    pub fn validate_new(&mut self) -> Result<(), Invalid> {
        self.title = required_text("title", &self.title)?;
        if self.status != FollowupStatus::Open {
            return Err(Invalid::new("status", "a new follow-up starts open", "leave out the status"));
        }
        Ok(())
    }

    /// Marks the follow-up done by `user` at `at`.
    pub fn mark_done(&mut self, at: DateTime<Utc>, user: &str) -> Result<(), Invalid> {
        self.require_open("marked done")?;
        self.status = FollowupStatus::Done;
        self.done_at = Some(at);
        self.done_by = Some(user.to_string());
        Ok(())
    }

    /// Cancels the follow-up: it stays on record, no longer due.
    pub fn cancel(&mut self) -> Result<(), Invalid> {
        self.require_open("cancelled")?;
        self.status = FollowupStatus::Cancelled;
        Ok(())
    }

    /// Hides the follow-up until `until` (a date after today), for a stated reason.
    pub fn snooze(&mut self, until: NaiveDate, reason: &str, today: NaiveDate) -> Result<(), Invalid> {
        self.require_open("snoozed")?;
        let until = schedule::snooze_until(until, today)?;
        let reason = required_text("reason", reason)
            .map_err(|_| Invalid::new("reason", "a snooze needs a reason", "say why with --reason TEXT"))?;
        self.snoozed_until = Some(until);
        self.snooze_reason = Some(reason);
        Ok(())
    }

    fn require_open(&self, change: &str) -> Result<(), Invalid> {
        if self.status == FollowupStatus::Open {
            return Ok(());
        }
        Err(Invalid::new(
            "status",
            format!("follow-up {} is {}, so it cannot be {change}", self.id, self.status.label()),
            "only open follow-ups change; add a new one with `caseload followup add`",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    fn sample() -> Followup {
        let at = DateTime::parse_from_rfc3339("2026-11-23T15:00:00Z").expect("instant").with_timezone(&Utc);
        Followup {
            id: 4,
            client_id: 1,
            title: "  Call about labs ".into(),
            due_on: day("2026-11-25"),
            status: FollowupStatus::Open,
            done_at: None,
            done_by: None,
            snoozed_until: None,
            snooze_reason: None,
            created_by: "casey".into(),
            created_at: at,
        }
    }

    #[test]
    fn a_new_follow_up_needs_a_title() {
        let mut followup = sample();
        assert_eq!(followup.validate_new(), Ok(()));
        assert_eq!(followup.title, "Call about labs");
        followup.title = " ".into();
        assert_eq!(followup.validate_new().expect_err("empty").field, "title");
    }

    #[test]
    fn done_once_and_only_once() {
        let mut followup = sample();
        let at = followup.created_at;
        assert_eq!(followup.mark_done(at, "casey"), Ok(()));
        assert_eq!((followup.status, followup.done_by.as_deref()), (FollowupStatus::Done, Some("casey")));
        assert!(followup.mark_done(at, "casey").expect_err("twice").message.contains("is done"));
        assert!(followup.cancel().is_err());
    }

    #[test]
    fn snoozes_need_a_later_date_and_a_reason() {
        let today = day("2026-11-23");
        let mut followup = sample();
        assert_eq!(followup.snooze(today, "waiting", today).expect_err("today").field, "until");
        assert_eq!(followup.snooze(day("2026-11-30"), "  ", today).expect_err("no reason").field, "reason");
        assert_eq!(followup.snoozed_until, None);
        assert_eq!(followup.snooze(day("2026-11-30"), " waiting on lab ", today), Ok(()));
        assert_eq!(followup.snooze_reason.as_deref(), Some("waiting on lab"));
        followup.cancel().expect("open");
        assert_eq!(followup.snooze(day("2026-12-30"), "x", today).expect_err("cancelled").field, "status");
    }
}
