//! A client's medications (never deleted: stopped) and the reconciliations
//! of that list (SPEC §2, §10), each write with its audit row.

use super::db::{Db, Row};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{named_params, params};

use super::listing::{Select, by_id};
use super::sql::{date, instant, optional_date, stamp};
use super::{AuditAction, Result, Store, Writer, encounters};
use crate::domain::Invalid;
use crate::domain::medication::{Medication, Reconciliation, list_order};

pub(crate) const COLUMNS: &str =
    "id, client_id, name, dose, frequency, prescriber, started_on, stopped_on, notes, created_by, created_at";

pub(crate) const RECONCILIATION_COLUMNS: &str =
    "id, client_id, reconciled_on, encounter_id, reconciled_by, notes, created_by, created_at";

/// Read by position from a row that starts with `COLUMNS`.
pub(crate) fn from_row(row: &Row<'_>) -> rusqlite::Result<Medication> {
    Ok(Medication {
        id: row.get(0)?,
        client_id: row.get(1)?,
        name: row.get(2)?,
        dose: row.get(3)?,
        frequency: row.get(4)?,
        prescriber: row.get(5)?,
        started_on: optional_date(row, 6)?,
        stopped_on: optional_date(row, 7)?,
        notes: row.get(8)?,
        created_by: row.get(9)?,
        created_at: instant(row, 10)?,
    })
}

/// Read by position from a row that starts with `RECONCILIATION_COLUMNS`.
pub(crate) fn reconciliation_from_row(row: &Row<'_>) -> rusqlite::Result<Reconciliation> {
    Ok(Reconciliation {
        id: row.get(0)?,
        client_id: row.get(1)?,
        reconciled_on: date(row, 2)?,
        encounter_id: row.get(3)?,
        by: row.get(4)?,
        notes: row.get(5)?,
        created_by: row.get(6)?,
        created_at: instant(row, 7)?,
    })
}

/// Inserts a checked medication as given; returns the new id (no audit: callers do it).
pub fn insert(conn: &Db, medication: &Medication, user: &str, now: DateTime<Utc>) -> Result<i64> {
    Ok(conn.prepare_cached(
        "INSERT INTO medication (client_id, name, dose, frequency, prescriber, started_on, stopped_on, notes,
            created_by, created_at)
         VALUES (:client_id, :name, :dose, :frequency, :prescriber, :started_on, :stopped_on, :notes, :user, :now) RETURNING id",
    )?
    .insert(named_params! {
        ":client_id": medication.client_id, ":name": medication.name, ":dose": medication.dose,
        ":frequency": medication.frequency, ":prescriber": medication.prescriber,
        ":started_on": medication.started_on, ":stopped_on": medication.stopped_on, ":notes": medication.notes,
        ":user": user, ":now": stamp(now),
    })?)
}

/// Inserts a checked reconciliation as given; returns the new id (no audit: callers do it).
pub fn insert_reconciliation(
    conn: &Db,
    reconciliation: &Reconciliation,
    user: &str,
    now: DateTime<Utc>,
) -> Result<i64> {
    Ok(conn.prepare_cached(
        "INSERT INTO reconciliation (client_id, reconciled_on, encounter_id, reconciled_by, notes, created_by, created_at)
         VALUES (:client_id, :on, :encounter_id, :by, :notes, :user, :now) RETURNING id",
    )?
    .insert(named_params! {
        ":client_id": reconciliation.client_id, ":on": reconciliation.reconciled_on,
        ":encounter_id": reconciliation.encounter_id, ":by": reconciliation.by, ":notes": reconciliation.notes,
        ":user": user, ":now": stamp(now),
    })?)
}

/// Stops one medication inside a write, with its audit row.
fn stop(w: &Writer<'_>, id: i64, on: NaiveDate, today: NaiveDate) -> Result<Medication> {
    let mut medication = by_id(w.conn(), "medication", COLUMNS, "medication", id, from_row)?;
    medication.stop(on, today)?;
    w.conn()
        .prepare_cached("UPDATE medication SET stopped_on = ?1 WHERE id = ?2")?
        .execute(params![medication.stopped_on, id])?;
    w.audit(AuditAction::Update, "medication", Some(id))?;
    Ok(medication)
}

impl Store {
    /// Checks and adds a medication; returns the new id.
    pub fn add_medication(&mut self, mut medication: Medication, today: NaiveDate) -> Result<i64> {
        medication.check_new(today)?;
        self.write(|w| {
            let id = insert(w.conn(), &medication, w.user(), w.now())?;
            w.audit(AuditAction::Create, "medication", Some(id))?;
            Ok(id)
        })
    }

    pub fn medication(&self, id: i64) -> Result<Medication> {
        by_id(self.conn(), "medication", COLUMNS, "medication", id, from_row)
    }

    /// A client's medications: active ones first, then the stopped ones.
    pub fn medications(&self, client_id: i64) -> Result<Vec<Medication>> {
        let mut medications =
            Select::new("medication", COLUMNS).when("client_id = ?", client_id).fetch(self, "id", from_row)?;
        list_order(&mut medications);
        Ok(medications)
    }

    /// Stops a medication still taken.
    pub fn stop_medication(&mut self, id: i64, on: NaiveDate, today: NaiveDate) -> Result<Medication> {
        self.write(|w| stop(w, id, on, today))
    }

    /// Records a reconciliation and, in the same transaction, stops the
    /// medications the client no longer takes (each must be the client's),
    /// on the reconciliation's date, and adds the ones it starts (a changed
    /// dose or frequency is the old one stopped and the new one added);
    /// returns the new id. The encounter, when given, must be the client's.
    /// Anything refused writes nothing.
    pub fn reconcile(
        &mut self,
        mut reconciliation: Reconciliation,
        stopped: &[i64],
        added: &[Medication],
        today: NaiveDate,
    ) -> Result<i64> {
        reconciliation.check_new(today)?;
        let mut added = added.to_vec();
        for medication in &mut added {
            medication.check_new(today)?;
            if medication.client_id != reconciliation.client_id {
                return Err(Invalid::new(
                    "medication",
                    format!("a medication added for client {} is not this client's", medication.client_id),
                    "add the client's own medications with the reconciliation",
                )
                .into());
            }
        }
        self.write(|w| {
            if let Some(encounter_id) = reconciliation.encounter_id {
                let encounter =
                    by_id(w.conn(), "encounter", encounters::COLUMNS, "encounter", encounter_id, encounters::from_row)?;
                if encounter.client_id != reconciliation.client_id {
                    return Err(Invalid::new(
                        "encounter",
                        format!("encounter {encounter_id} is not this client's"),
                        "give one of the client's encounters; `caseload encounter list CLIENT` lists them",
                    )
                    .into());
                }
            }
            let id = insert_reconciliation(w.conn(), &reconciliation, w.user(), w.now())?;
            w.audit(AuditAction::Create, "reconciliation", Some(id))?;
            for &medication_id in stopped {
                let medication = stop(w, medication_id, reconciliation.reconciled_on, today)?;
                if medication.client_id != reconciliation.client_id {
                    return Err(Invalid::new(
                        "stop",
                        format!("medication {medication_id} is not this client's"),
                        "give the ids `caseload med list CLIENT` shows",
                    )
                    .into());
                }
            }
            for medication in &added {
                let added_id = insert(w.conn(), medication, w.user(), w.now())?;
                w.audit(AuditAction::Create, "medication", Some(added_id))?;
            }
            Ok(id)
        })
    }

    pub fn reconciliation(&self, id: i64) -> Result<Reconciliation> {
        by_id(self.conn(), "reconciliation", RECONCILIATION_COLUMNS, "reconciliation", id, reconciliation_from_row)
    }

    /// A client's reconciliations, most recent first.
    pub fn reconciliations(&self, client_id: i64) -> Result<Vec<Reconciliation>> {
        Select::new("reconciliation", RECONCILIATION_COLUMNS).when("client_id = ?", client_id).fetch(
            self,
            "reconciled_on DESC, id DESC",
            reconciliation_from_row,
        )
    }
}
