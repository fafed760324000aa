//! Care plans: problems, goals, interventions and the review date.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, Row, named_params, params};

use super::Result;
use super::sql::{instant, stamp, word};
use crate::domain::care_plan::{Goal, Intervention, Problem};

pub(crate) fn problem_from_row(row: &Row<'_>) -> rusqlite::Result<Problem> {
    Ok(Problem {
        id: row.get("id")?,
        client_id: row.get("client_id")?,
        description: row.get("description")?,
        status: word(row, "status")?,
        created_by: row.get("created_by")?,
        created_at: instant(row, "created_at")?,
    })
}

pub(crate) fn goal_from_row(row: &Row<'_>) -> rusqlite::Result<Goal> {
    Ok(Goal {
        id: row.get("id")?,
        client_id: row.get("client_id")?,
        problem_id: row.get("problem_id")?,
        description: row.get("description")?,
        target_on: row.get("target_on")?,
        status: word(row, "status")?,
        created_by: row.get("created_by")?,
        created_at: instant(row, "created_at")?,
    })
}

pub(crate) fn intervention_from_row(row: &Row<'_>) -> rusqlite::Result<Intervention> {
    Ok(Intervention {
        id: row.get("id")?,
        client_id: row.get("client_id")?,
        goal_id: row.get("goal_id")?,
        description: row.get("description")?,
        owner: row.get("owner")?,
        status: word(row, "status")?,
        created_by: row.get("created_by")?,
        created_at: instant(row, "created_at")?,
    })
}

pub fn insert_problem(conn: &Connection, problem: &Problem, user: &str, now: DateTime<Utc>) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO problem (client_id, description, status, created_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![problem.client_id, problem.description, problem.status.as_str(), user, stamp(now)])?;
    Ok(conn.last_insert_rowid())
}

pub fn insert_goal(conn: &Connection, goal: &Goal, user: &str, now: DateTime<Utc>) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO goal (client_id, problem_id, description, target_on, status, created_by, created_at)
         VALUES (:client_id, :problem_id, :description, :target_on, :status, :user, :now)",
    )?
    .execute(named_params! {
        ":client_id": goal.client_id, ":problem_id": goal.problem_id, ":description": goal.description,
        ":target_on": goal.target_on, ":status": goal.status.as_str(), ":user": user, ":now": stamp(now),
    })?;
    Ok(conn.last_insert_rowid())
}

pub fn insert_intervention(conn: &Connection, item: &Intervention, user: &str, now: DateTime<Utc>) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO intervention (client_id, goal_id, description, owner, status, created_by, created_at)
         VALUES (:client_id, :goal_id, :description, :owner, :status, :user, :now)",
    )?
    .execute(named_params! {
        ":client_id": item.client_id, ":goal_id": item.goal_id, ":description": item.description,
        ":owner": item.owner, ":status": item.status.as_str(), ":user": user, ":now": stamp(now),
    })?;
    Ok(conn.last_insert_rowid())
}

/// Sets the date of the last care-plan review (creating the plan row if needed).
pub fn set_reviewed(conn: &Connection, client_id: i64, on: NaiveDate, user: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO care_plan (client_id, last_reviewed_on, last_reviewed_by) VALUES (?1, ?2, ?3)
         ON CONFLICT (client_id) DO UPDATE SET last_reviewed_on = excluded.last_reviewed_on,
            last_reviewed_by = excluded.last_reviewed_by",
    )?
    .execute(params![client_id, on, user])?;
    Ok(())
}
