//! The rules for dates a coordinator sets ahead, written once for the command
//! line and the forms: when a follow-up falls due, and when a snooze ends.
//!
//! A follow-up is scheduled for today or later. A due date already past is
//! usually a slip (the wrong year or month: `2026-02-28` for `2027-02-28`),
//! and the follow-up would land in triage as overdue the moment it is saved,
//! where nothing can delete it (it can only be cancelled). But a task entered
//! late, from paper or a colleague's handoff, really was due then, and its
//! lateness is what triage must see. So a past date is never refused: it is
//! said out loud (a warning on the command line; the form asks once more).
//!
//! A snooze ends after today: one ending today or earlier hides nothing (the
//! alert shows again on its end date), so it is always a slip and has no
//! override.

use chrono::NaiveDate;

use super::Invalid;

/// What to tell the coordinator when a follow-up's due date is already past
/// (None when it is today or later): the follow-up is overdue at once.
pub fn past_due(due: NaiveDate, today: NaiveDate) -> Option<Invalid> {
    if due >= today {
        return None;
    }
    let days = (today - due).num_days();
    let ago = if days == 1 { "yesterday".to_string() } else { format!("{days} days ago") };
    Some(Invalid::new(
        "due",
        format!("{due} is already past ({ago}), so the follow-up is overdue at once"),
        "if that was a slip, mark it done and add it again with today or a later date",
    ))
}

/// The date a snooze (of a follow-up or an alert) ends: after today.
pub fn snooze_until(until: NaiveDate, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    if until > today {
        return Ok(until);
    }
    Err(Invalid::new(
        "until",
        format!("a snooze must end after today, and {until} does not"),
        "give --until a later date, e.g. tomorrow, +3d or friday",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    const TODAY: &str = "2026-12-01";

    #[test]
    fn a_past_due_date_is_said_out_loud() {
        let today = day(TODAY);
        assert_eq!(past_due(today, today), None);
        assert_eq!(past_due(day("2027-02-28"), today), None);
        let warning = past_due(day("2026-02-28"), today).expect("past");
        assert_eq!(warning.field, "due");
        assert_eq!(warning.message, "2026-02-28 is already past (276 days ago), so the follow-up is overdue at once");
        assert!(warning.hint.starts_with("if that was a slip"), "{warning:?}");
        let yesterday = past_due(day("2026-11-30"), today).expect("yesterday");
        assert!(yesterday.message.contains("(yesterday)"), "{yesterday:?}");
    }

    #[test]
    fn a_snooze_ends_after_today() {
        let today = day(TODAY);
        assert_eq!(snooze_until(day("2026-12-02"), today), Ok(day("2026-12-02")));
        for until in [TODAY, "2026-11-30", "2025-12-01"] {
            let error = snooze_until(day(until), today).expect_err(until);
            assert_eq!(error.field, "until");
            assert!(error.message.contains("must end after today"), "{error:?}");
            assert!(error.hint.contains("later date"), "{error:?}");
        }
    }
}
