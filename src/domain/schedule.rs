//! The rules for dates a coordinator sets ahead, written once for the command
//! line and the forms: when a follow-up falls due, and when a snooze ends.
//!
//! A follow-up is scheduled for today or later. A due date already past is
//! nearly always a slip (the wrong year or month: `2026-02-28` for
//! `2027-02-28`), and the follow-up would land in the team's triage as
//! overdue the moment it is saved, where nothing can delete it again (it can
//! only be cancelled). It is refused unless the caller says the lateness is
//! meant: a task entered late, from paper or a colleague's handoff, really
//! was due then, and its lateness is what triage must see, so making the
//! coordinator type "today" instead would falsify it.
//!
//! A snooze ends after today: one ending today or earlier hides nothing (the
//! alert shows again on its end date), so it is always a slip and has no
//! override.

use chrono::NaiveDate;

use super::Invalid;

/// A follow-up's due date: today or later, or earlier when `overdue_meant`.
pub fn due_on(due: NaiveDate, today: NaiveDate, overdue_meant: bool) -> Result<NaiveDate, Invalid> {
    if due >= today || overdue_meant {
        return Ok(due);
    }
    let days = (today - due).num_days();
    let ago = if days == 1 { "yesterday".to_string() } else { format!("{days} days ago") };
    Err(Invalid::new(
        "due",
        format!("{due} is already past ({ago}), so the follow-up would be overdue at once"),
        "use today or a later date; if it really was due then, add --overdue",
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
    fn a_follow_up_falls_due_today_or_later() {
        let today = day(TODAY);
        assert_eq!(due_on(today, today, false), Ok(today));
        assert_eq!(due_on(day("2027-02-28"), today, false), Ok(day("2027-02-28")));
        let error = due_on(day("2026-02-28"), today, false).expect_err("past");
        assert_eq!(error.field, "due");
        assert_eq!(
            error.message,
            "2026-02-28 is already past (276 days ago), so the follow-up would be overdue at once"
        );
        assert!(error.hint.starts_with("use today or a later date"), "{error:?}");
        let yesterday = due_on(day("2026-11-30"), today, false).expect_err("yesterday");
        assert!(yesterday.message.contains("(yesterday)"), "{yesterday:?}");
    }

    #[test]
    fn an_overdue_follow_up_is_kept_when_it_is_meant() {
        let today = day(TODAY);
        assert_eq!(due_on(day("2026-11-28"), today, true), Ok(day("2026-11-28")));
        assert_eq!(due_on(day("2026-12-05"), today, true), Ok(day("2026-12-05")));
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
