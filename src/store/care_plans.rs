//! Care plans: problems, goals, interventions and the review date.

use super::db::{Db, Row};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{named_params, params};

use super::listing::{Select, by_id};
use super::sql::{instant, optional_date, stamp, word};
use super::unreadable::read_one;
use super::{AuditAction, Result, Store};
use crate::domain::Invalid;
use crate::domain::care_plan::{self, CarePlan, Goal, GoalStatus, Intervention, InterventionStatus, Problem};

pub(crate) const PROBLEM_COLUMNS: &str = "id, client_id, description, status, created_by, created_at";
pub(crate) const GOAL_COLUMNS: &str =
    "id, client_id, problem_id, description, target_on, status, created_by, created_at";
pub(crate) const INTERVENTION_COLUMNS: &str =
    "id, client_id, goal_id, description, owner, status, created_by, created_at";

// Each `*_from_row` reads by position from a row that starts with its `*_COLUMNS`.
pub(crate) fn problem_from_row(row: &Row<'_>) -> rusqlite::Result<Problem> {
    Ok(Problem {
        id: row.get(0)?,
        client_id: row.get(1)?,
        description: row.get(2)?,
        status: word(row, 3)?,
        created_by: row.get(4)?,
        created_at: instant(row, 5)?,
    })
}

pub(crate) fn goal_from_row(row: &Row<'_>) -> rusqlite::Result<Goal> {
    Ok(Goal {
        id: row.get(0)?,
        client_id: row.get(1)?,
        problem_id: row.get(2)?,
        description: row.get(3)?,
        target_on: optional_date(row, 4)?,
        status: word(row, 5)?,
        created_by: row.get(6)?,
        created_at: instant(row, 7)?,
    })
}

pub(crate) fn intervention_from_row(row: &Row<'_>) -> rusqlite::Result<Intervention> {
    Ok(Intervention {
        id: row.get(0)?,
        client_id: row.get(1)?,
        goal_id: row.get(2)?,
        description: row.get(3)?,
        owner: row.get(4)?,
        status: word(row, 5)?,
        created_by: row.get(6)?,
        created_at: instant(row, 7)?,
    })
}

pub fn insert_problem(conn: &Db, problem: &Problem, user: &str, now: DateTime<Utc>) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "INSERT INTO problem (client_id, description, status, created_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
        )?
        .insert(params![problem.client_id, problem.description, problem.status.as_str(), user, stamp(now)])?)
}

pub fn insert_goal(conn: &Db, goal: &Goal, user: &str, now: DateTime<Utc>) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "INSERT INTO goal (client_id, problem_id, description, target_on, status, created_by, created_at)
         VALUES (:client_id, :problem_id, :description, :target_on, :status, :user, :now) RETURNING id",
        )?
        .insert(named_params! {
            ":client_id": goal.client_id, ":problem_id": goal.problem_id, ":description": goal.description,
            ":target_on": goal.target_on, ":status": goal.status.as_str(), ":user": user, ":now": stamp(now),
        })?)
}

pub fn insert_intervention(conn: &Db, item: &Intervention, user: &str, now: DateTime<Utc>) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "INSERT INTO intervention (client_id, goal_id, description, owner, status, created_by, created_at)
         VALUES (:client_id, :goal_id, :description, :owner, :status, :user, :now) RETURNING id",
        )?
        .insert(named_params! {
            ":client_id": item.client_id, ":goal_id": item.goal_id, ":description": item.description,
            ":owner": item.owner, ":status": item.status.as_str(), ":user": user, ":now": stamp(now),
        })?)
}

/// Sets the date of the last care-plan review (creating the plan row if needed).
pub fn set_reviewed(conn: &Db, client_id: i64, on: NaiveDate, user: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO care_plan (client_id, last_reviewed_on, last_reviewed_by) VALUES (?1, ?2, ?3)
         ON CONFLICT (client_id) DO UPDATE SET last_reviewed_on = excluded.last_reviewed_on,
            last_reviewed_by = excluded.last_reviewed_by",
    )?
    .execute(params![client_id, on, user])?;
    Ok(())
}

/// One problem, goal or intervention of this client's plan; anything else
/// (another client's, or no such id) is refused the same way.
fn plan_item<T>(
    conn: &Db,
    table: &'static str,
    columns: &str,
    client_id: i64,
    id: i64,
    map: fn(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<T> {
    let sql = format!("SELECT {columns} FROM {table} WHERE id = ?1 AND client_id = ?2");
    read_one(&mut conn.prepare_cached(&sql)?, [id, client_id], table, map)?.ok_or_else(|| {
        Invalid::new(
            "id",
            format!("there is no {table} {id} in this client's care plan"),
            "`caseload plan show CLIENT` lists the plan with its ids",
        )
        .into()
    })
}

impl Store {
    /// A client's whole care plan: items in the order they were added.
    pub fn care_plan(&self, client_id: i64) -> Result<CarePlan> {
        let mut statement = self
            .conn()
            .prepare_cached("SELECT last_reviewed_on, last_reviewed_by FROM care_plan WHERE client_id = ?1")?;
        // An unreadable review date is noted and the plan shown as never reviewed.
        let review: Option<(Option<NaiveDate>, Option<String>)> = self
            .read_rows("care_plan", &mut statement, [client_id], |row| Ok((optional_date(row, 0)?, row.get(1)?)))?
            .into_iter()
            .next();
        let (last_reviewed_on, last_reviewed_by) = review.unwrap_or_default();
        let of_client = |table: &'static str, columns: &str| {
            let mut select = Select::new(table, columns);
            select.when("client_id = ?", client_id);
            select
        };
        Ok(CarePlan {
            client_id,
            last_reviewed_on,
            last_reviewed_by,
            problems: of_client("problem", PROBLEM_COLUMNS).fetch(self, "id", problem_from_row)?,
            goals: of_client("goal", GOAL_COLUMNS).fetch(self, "id", goal_from_row)?,
            interventions: of_client("intervention", INTERVENTION_COLUMNS).fetch(self, "id", intervention_from_row)?,
        })
    }

    pub fn problem(&self, id: i64) -> Result<Problem> {
        by_id(self.conn(), "problem", PROBLEM_COLUMNS, "problem", id, problem_from_row)
    }

    pub fn goal(&self, id: i64) -> Result<Goal> {
        by_id(self.conn(), "goal", GOAL_COLUMNS, "goal", id, goal_from_row)
    }

    pub fn intervention(&self, id: i64) -> Result<Intervention> {
        by_id(self.conn(), "intervention", INTERVENTION_COLUMNS, "intervention", id, intervention_from_row)
    }

    pub fn add_problem(&mut self, mut problem: Problem) -> Result<i64> {
        problem.validate_new()?;
        self.write(|w| {
            let id = insert_problem(w.conn(), &problem, w.user(), w.now())?;
            w.audit(AuditAction::Create, "problem", Some(id))?;
            Ok(id)
        })
    }

    pub fn resolve_problem(&mut self, client_id: i64, id: i64) -> Result<Problem> {
        self.write(|w| {
            let mut problem = plan_item(w.conn(), "problem", PROBLEM_COLUMNS, client_id, id, problem_from_row)?;
            problem.resolve()?;
            w.conn()
                .prepare_cached("UPDATE problem SET status = ?1 WHERE id = ?2")?
                .execute(params![problem.status.as_str(), id])?;
            w.audit(AuditAction::Update, "problem", Some(id))?;
            Ok(problem)
        })
    }

    /// Adds a goal, under one of the client's problems if it names one.
    pub fn add_goal(&mut self, mut goal: Goal, today: NaiveDate) -> Result<i64> {
        goal.validate_new(today)?;
        self.write(|w| {
            if let Some(problem) = goal.problem_id {
                plan_item(w.conn(), "problem", PROBLEM_COLUMNS, goal.client_id, problem, problem_from_row)?;
            }
            let id = insert_goal(w.conn(), &goal, w.user(), w.now())?;
            w.audit(AuditAction::Create, "goal", Some(id))?;
            Ok(id)
        })
    }

    pub fn change_goal(
        &mut self,
        client_id: i64,
        id: i64,
        status: Option<GoalStatus>,
        target_on: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<Goal> {
        self.write(|w| {
            let mut goal = plan_item(w.conn(), "goal", GOAL_COLUMNS, client_id, id, goal_from_row)?;
            goal.change(status, target_on, today)?;
            w.conn().prepare_cached("UPDATE goal SET status = ?1, target_on = ?2 WHERE id = ?3")?.execute(params![
                goal.status.as_str(),
                goal.target_on,
                id
            ])?;
            w.audit(AuditAction::Update, "goal", Some(id))?;
            Ok(goal)
        })
    }

    /// Adds an intervention, under one of the client's goals if it names one.
    pub fn add_intervention(&mut self, mut intervention: Intervention) -> Result<i64> {
        intervention.validate_new()?;
        self.write(|w| {
            if let Some(goal) = intervention.goal_id {
                plan_item(w.conn(), "goal", GOAL_COLUMNS, intervention.client_id, goal, goal_from_row)?;
            }
            let id = insert_intervention(w.conn(), &intervention, w.user(), w.now())?;
            w.audit(AuditAction::Create, "intervention", Some(id))?;
            Ok(id)
        })
    }

    pub fn set_intervention_status(
        &mut self,
        client_id: i64,
        id: i64,
        status: InterventionStatus,
    ) -> Result<Intervention> {
        self.write(|w| {
            let mut item =
                plan_item(w.conn(), "intervention", INTERVENTION_COLUMNS, client_id, id, intervention_from_row)?;
            item.status = status;
            w.conn()
                .prepare_cached("UPDATE intervention SET status = ?1 WHERE id = ?2")?
                .execute(params![status.as_str(), id])?;
            w.audit(AuditAction::Update, "intervention", Some(id))?;
            Ok(item)
        })
    }

    /// Records a care-plan review on `on` (today or earlier) by the store's user.
    pub fn review_care_plan(&mut self, client_id: i64, on: NaiveDate, today: NaiveDate) -> Result<()> {
        care_plan::check_review_date(on, today)?;
        self.write(|w| {
            set_reviewed(w.conn(), client_id, on, w.user())?;
            w.audit(AuditAction::Update, "care_plan", Some(client_id))
        })
    }
}
