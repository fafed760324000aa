//! Screenings (SPEC §9): record one (scored by the domain, with its audit
//! row), a client's history, and the latest PHQ-9 and AHC HRSN of every
//! client for the alert facts.

use super::db::{Db, Optional, Row};
use chrono::{DateTime, Utc};
use rusqlite::named_params;

use super::sql::{instant, number_list, stamp, word, word_list};
use super::unreadable::read_one;
use super::{AuditAction, Result, Store, StoreError};
use crate::domain::client::Gender;
use crate::domain::screening::{Assessment, Screening};

pub(crate) const COLUMNS: &str = "id, client_id, instrument, taken_at, mode, answers, score, band, positives, \
    administered_by, created_by, created_at";

/// Read by position from a row that starts with `COLUMNS`.
pub(crate) fn from_row(row: &Row<'_>) -> rusqlite::Result<Assessment> {
    Ok(Assessment {
        id: row.get(0)?,
        client_id: row.get(1)?,
        instrument: word(row, 2)?,
        taken_at: instant(row, 3)?,
        mode: word(row, 4)?,
        answers: number_list(row, 5)?,
        score: row.get(6)?,
        band: word(row, 7)?,
        positives: word_list(row, 8)?,
        administered_by: row.get(9)?,
        created_by: row.get(10)?,
        created_at: instant(row, 11)?,
    })
}

/// Inserts a scored assessment as given; returns the new id. No scoring,
/// validation or audit: callers do those (`Store::add_assessment`, the demo).
pub fn insert(conn: &Db, assessment: &Assessment, user: &str, now: DateTime<Utc>) -> Result<i64> {
    let answers = assessment.answers.iter().map(u8::to_string).collect::<Vec<_>>().join(",");
    let positives = assessment.positives.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(",");
    Ok(conn
        .prepare_cached(
            "INSERT INTO assessment (client_id, instrument, taken_at, mode, answers, score, band, positives,
            administered_by, created_by, created_at)
         VALUES (:client_id, :instrument, :taken_at, :mode, :answers, :score, :band, :positives,
            :administered_by, :user, :now) RETURNING id",
        )?
        .insert(named_params! {
            ":client_id": assessment.client_id, ":instrument": assessment.instrument.as_str(),
            ":taken_at": stamp(assessment.taken_at), ":mode": assessment.mode.as_str(),
            ":answers": answers, ":score": assessment.score, ":band": assessment.band.as_str(),
            ":positives": positives, ":administered_by": assessment.administered_by,
            ":user": user, ":now": stamp(now),
        })?)
}

impl Store {
    /// Scores a screening with the client's gender as stored and records it,
    /// administered by the store's user; returns the stored record.
    /// Bad answers or a future time are refused and nothing is written.
    pub fn add_assessment(&mut self, screening: Screening) -> Result<Assessment> {
        self.write(|w| {
            let gender: Option<Gender> = w
                .conn()
                .query_row("SELECT gender FROM client WHERE id = ?1", [screening.client_id], |row| word(row, 0))
                .optional()?;
            let gender = gender.ok_or_else(|| StoreError::not_found("client", "id", screening.client_id))?;
            let mut assessment = screening.assess(gender, w.user(), w.now())?;
            assessment.id = insert(w.conn(), &assessment, w.user(), w.now())?;
            assessment.created_by = w.user().to_string();
            assessment.created_at = w.now();
            w.audit(AuditAction::Create, "assessment", Some(assessment.id))?;
            Ok(assessment)
        })
    }

    pub fn assessment(&self, id: i64) -> Result<Assessment> {
        let sql = format!("SELECT {COLUMNS} FROM assessment WHERE id = ?1");
        read_one(&mut self.conn().prepare_cached(&sql)?, [id], "assessment", from_row)?
            .ok_or_else(|| StoreError::not_found("assessment", "id", id))
    }

    /// One client's screenings, oldest first (every instrument; the caller groups them).
    pub fn assessments(&self, client_id: i64) -> Result<Vec<Assessment>> {
        let indexed = self.conn().dialect().indexed_by("assessment_by_client");
        let sql = format!("SELECT {COLUMNS} FROM assessment{indexed} WHERE client_id = ?1 ORDER BY taken_at, id");
        self.read_rows("assessment", &mut self.conn().prepare_cached(&sql)?, [client_id], from_row)
    }
}
