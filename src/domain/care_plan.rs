//! Care plans: problems, goals with target dates, interventions, and reviews.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::word_enum;

word_enum!(ProblemStatus, "status" { Active => "active", Resolved => "resolved" });

word_enum!(
    GoalStatus, "status" {
        Proposed => "proposed", Active => "active", Achieved => "achieved",
        NotAchieved => "not_achieved", Cancelled => "cancelled",
    }
);

word_enum!(
    InterventionStatus, "status" {
        Planned => "planned", InProgress => "in_progress", Done => "done", Cancelled => "cancelled",
    }
);

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
