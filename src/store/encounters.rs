//! Hospital encounters.

use super::db::{Db, Row};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{named_params, params};

use super::listing::{Select, by_id};
use super::sql::{date, instant, optional_date, stamp, word};
use super::{AuditAction, Result, Store};
use crate::domain::encounter::Encounter;

pub(crate) const COLUMNS: &str =
    "id, client_id, kind, facility, admitted_on, discharged_on, created_by, created_at, reason";

/// Read by position from a row that starts with `COLUMNS` (by name costs a lookup per field).
pub(crate) fn from_row(row: &Row<'_>) -> rusqlite::Result<Encounter> {
    Ok(Encounter {
        id: row.get(0)?,
        client_id: row.get(1)?,
        kind: word(row, 2)?,
        facility: row.get(3)?,
        admitted_on: date(row, 4)?,
        discharged_on: optional_date(row, 5)?,
        created_by: row.get(6)?,
        created_at: instant(row, 7)?,
        reason: word(row, 8)?,
    })
}

pub fn insert(conn: &Db, encounter: &Encounter, user: &str, now: DateTime<Utc>) -> Result<i64> {
    Ok(conn.prepare_cached(
        "INSERT INTO encounter (client_id, kind, facility, admitted_on, discharged_on, reason, created_by, created_at)
         VALUES (:client_id, :kind, :facility, :admitted_on, :discharged_on, :reason, :user, :now) RETURNING id",
    )?
    .insert(named_params! {
        ":client_id": encounter.client_id, ":kind": encounter.kind.as_str(), ":facility": encounter.facility,
        ":admitted_on": encounter.admitted_on, ":discharged_on": encounter.discharged_on,
        ":reason": encounter.reason.as_str(),
        ":user": user, ":now": stamp(now),
    })?)
}

impl Store {
    /// Validates and adds an encounter; returns the new id.
    pub fn add_encounter(&mut self, mut encounter: Encounter, today: NaiveDate) -> Result<i64> {
        encounter.normalize();
        encounter.validate(today)?;
        self.write(|w| {
            let id = insert(w.conn(), &encounter, w.user(), w.now())?;
            w.audit(AuditAction::Create, "encounter", Some(id))?;
            Ok(id)
        })
    }

    pub fn encounter(&self, id: i64) -> Result<Encounter> {
        by_id(self.conn(), "encounter", COLUMNS, "encounter", id, from_row)
    }

    /// A client's encounters, most recent admission first.
    pub fn encounters(&self, client_id: i64) -> Result<Vec<Encounter>> {
        Select::new("encounter", COLUMNS).when("client_id = ?", client_id).fetch(
            self,
            "admitted_on DESC, id DESC",
            from_row,
        )
    }

    /// Records the discharge of an open encounter.
    pub fn discharge_encounter(&mut self, id: i64, on: NaiveDate, today: NaiveDate) -> Result<Encounter> {
        self.write(|w| {
            let mut encounter = by_id(w.conn(), "encounter", COLUMNS, "encounter", id, from_row)?;
            encounter.discharge(on, today)?;
            w.conn()
                .prepare_cached("UPDATE encounter SET discharged_on = ?1 WHERE id = ?2")?
                .execute(params![encounter.discharged_on, id])?;
            w.audit(AuditAction::Update, "encounter", Some(id))?;
            Ok(encounter)
        })
    }
}
