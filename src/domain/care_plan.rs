//! Care plans: problems, goals with target dates, interventions, and reviews.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::text::one_line;
use super::validation::optional_line;
use super::{Invalid, word_enum};

word_enum!(ProblemStatus, "status" { Active => "active", Resolved => "resolved" });

word_enum!(
    GoalStatus, "status" {
        Proposed => "proposed", Active => "active", Achieved => "achieved",
        NotAchieved => "not_achieved" ("not achieved"), Cancelled => "cancelled",
    }
);

word_enum!(
    InterventionStatus, "status" {
        Planned => "planned", InProgress => "in_progress" ("in progress"), Done => "done", Cancelled => "cancelled",
    }
);

/// The text of a new problem, goal or intervention: trimmed, never empty.
fn description(text: &str, what: &str) -> Result<String, Invalid> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Invalid::new("add", format!("a {what} needs a description"), "put the text after --add"));
    }
    one_line("description", text)?;
    Ok(text.to_string())
}

impl GoalStatus {
    /// Still being worked on: can become overdue.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Proposed | Self::Active)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub id: i64,
    pub client_id: i64,
    pub description: String,
    pub status: ProblemStatus,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Goal {
    pub id: i64,
    pub client_id: i64,
    pub problem_id: Option<i64>,
    pub description: String,
    pub target_on: Option<NaiveDate>,
    pub status: GoalStatus,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Intervention {
    pub id: i64,
    pub client_id: i64,
    pub goal_id: Option<i64>,
    pub description: String,
    pub owner: Option<String>,
    pub status: InterventionStatus,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

/// A client's whole care plan, as `plan show` prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CarePlan {
    pub client_id: i64,
    pub last_reviewed_on: Option<NaiveDate>,
    pub last_reviewed_by: Option<String>,
    pub problems: Vec<Problem>,
    pub goals: Vec<Goal>,
    pub interventions: Vec<Intervention>,
}

impl Problem {
    pub fn validate_new(&mut self) -> Result<(), Invalid> {
        self.description = description(&self.description, "problem")?;
        Ok(())
    }

    pub fn resolve(&mut self) -> Result<(), Invalid> {
        if self.status == ProblemStatus::Resolved {
            return Err(Invalid::new(
                "resolve",
                format!("problem {} is already resolved", self.id),
                "nothing to do; `caseload plan show CLIENT` shows the plan",
            ));
        }
        self.status = ProblemStatus::Resolved;
        Ok(())
    }
}

impl Goal {
    /// Checks a new goal: a description, and a target date not already past.
    pub fn validate_new(&mut self, today: NaiveDate) -> Result<(), Invalid> {
        self.description = description(&self.description, "goal")?;
        check_target(self.target_on, today)
    }

    /// Changes the status and/or the target date.
    pub fn change(
        &mut self,
        status: Option<GoalStatus>,
        target_on: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<(), Invalid> {
        if target_on.is_some() {
            check_target(target_on, today)?;
            self.target_on = target_on;
        }
        if let Some(status) = status {
            self.status = status;
        }
        Ok(())
    }
}

fn check_target(target_on: Option<NaiveDate>, today: NaiveDate) -> Result<(), Invalid> {
    match target_on {
        Some(target) if target < today => {
            Err(Invalid::new("target", format!("target date {target} is already past"), "give --target today or later"))
        }
        _ => Ok(()),
    }
}

impl Intervention {
    pub fn validate_new(&mut self) -> Result<(), Invalid> {
        self.description = description(&self.description, "intervention")?;
        self.owner = optional_line("owner", self.owner.as_deref())?;
        Ok(())
    }
}

/// A review is recorded once it has happened: today or earlier.
pub fn check_review_date(on: NaiveDate, today: NaiveDate) -> Result<(), Invalid> {
    if on > today {
        return Err(Invalid::new(
            "on",
            format!("review date {on} is in the future"),
            "record a review once it has happened; leave out --on for today",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    fn goal() -> Goal {
        let at = DateTime::parse_from_rfc3339("2026-11-23T15:00:00Z").expect("instant").with_timezone(&Utc);
        Goal {
            id: 5,
            client_id: 1,
            problem_id: None,
            description: " A1c under 8 ".into(),
            target_on: Some(day("2027-03-01")),
            status: GoalStatus::Active,
            created_by: "casey".into(),
            created_at: at,
        }
    }

    #[test]
    fn goals_need_text_and_a_target_not_past() {
        let today = day("2026-11-23");
        let mut new = goal();
        assert_eq!(new.validate_new(today), Ok(()));
        assert_eq!(new.description, "A1c under 8");
        new.target_on = Some(day("2026-11-22"));
        assert_eq!(new.validate_new(today).expect_err("past").field, "target");
        new.target_on = None;
        new.description = "  ".into();
        assert_eq!(new.validate_new(today).expect_err("empty").field, "add");
    }

    #[test]
    fn goal_changes_keep_what_is_not_given() {
        let today = day("2026-11-23");
        let mut changed = goal();
        changed.change(Some(GoalStatus::Achieved), None, today).expect("status");
        assert_eq!((changed.status, changed.target_on), (GoalStatus::Achieved, Some(day("2027-03-01"))));
        assert!(changed.change(None, Some(day("2026-01-01")), today).is_err());
        assert_eq!(changed.target_on, Some(day("2027-03-01")));
    }

    #[test]
    fn problems_resolve_once_and_reviews_are_not_ahead() {
        let mut problem = Problem {
            id: 1,
            client_id: 1,
            description: "Diabetes".into(),
            status: ProblemStatus::Active,
            created_by: "casey".into(),
            created_at: goal().created_at,
        };
        problem.resolve().expect("active");
        assert!(problem.resolve().is_err());
        let today = day("2026-11-23");
        assert_eq!(check_review_date(today, today), Ok(()));
        assert_eq!(check_review_date(day("2026-11-24"), today).expect_err("future").field, "on");
    }
}
