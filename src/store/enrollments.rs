//! Enrollments in programs (SPEC §8): enroll, record consent, end, list; and
//! the client's primary program, kept on the client row as enrollments change.

use super::db::{Db, Row};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{named_params, params};

use super::sql::{date, instant, optional_date, optional_word, stamp, word};
use super::unreadable::read_one;
use super::{AuditAction, Result, Store, StoreError, Writer};
use crate::domain::Invalid;
use crate::domain::program::{ConsentMethod, Enrollment, Program, primary_program};

pub(crate) const COLUMNS: &str = "id, client_id, program, practitioner, consent_on, consent_method, started_on, \
    ended_on, end_reason, created_by, created_at";

/// Read by position from a row that starts with `COLUMNS`.
pub(crate) fn from_row(row: &Row<'_>) -> rusqlite::Result<Enrollment> {
    Ok(Enrollment {
        id: row.get(0)?,
        client_id: row.get(1)?,
        program: word(row, 2)?,
        practitioner: row.get(3)?,
        consent_on: optional_date(row, 4)?,
        consent_method: optional_word(row, 5)?,
        started_on: date(row, 6)?,
        ended_on: optional_date(row, 7)?,
        end_reason: row.get(8)?,
        created_by: row.get(9)?,
        created_at: instant(row, 10)?,
    })
}

/// Inserts an enrollment as given (no validation or audit: callers do both).
pub fn insert(conn: &Db, enrollment: &Enrollment, user: &str, now: DateTime<Utc>) -> Result<i64> {
    Ok(conn.prepare_cached(
        "INSERT INTO enrollment (client_id, program, practitioner, consent_on, consent_method, started_on, ended_on,
            end_reason, created_by, created_at)
         VALUES (:client_id, :program, :practitioner, :consent_on, :consent_method, :started_on, :ended_on,
            :end_reason, :user, :now) RETURNING id",
    )?
    .insert(named_params! {
        ":client_id": enrollment.client_id, ":program": enrollment.program.as_str(),
        ":practitioner": enrollment.practitioner, ":consent_on": enrollment.consent_on,
        ":consent_method": enrollment.consent_method.map(ConsentMethod::as_str),
        ":started_on": enrollment.started_on, ":ended_on": enrollment.ended_on, ":end_reason": enrollment.end_reason,
        ":user": user, ":now": stamp(now),
    })?)
}

/// Sets the client's primary program from its enrollments (`primary_program`).
pub(crate) fn set_primary(w: &Writer<'_>, client_id: i64) -> Result<()> {
    let program = primary_program(&client_enrollments(w.conn(), client_id)?);
    w.conn()
        .prepare_cached("UPDATE client SET program = ?2, revision = revision + 1, updated_at = ?3 WHERE id = ?1")?
        .execute(params![client_id, program.as_str(), stamp(w.now())])?;
    Ok(())
}

/// Ends every enrollment of the client still open on `on` (a discharge).
pub(crate) fn end_open(w: &Writer<'_>, client_id: i64, on: NaiveDate, reason: &str) -> Result<()> {
    let ended = w
        .conn()
        .prepare_cached(
            "UPDATE enrollment SET ended_on = ?2, end_reason = ?3
             WHERE client_id = ?1 AND ended_on IS NULL AND started_on <= ?2 RETURNING id",
        )?
        .query_map(params![client_id, on, reason], |row| row.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    for id in ended {
        w.audit(AuditAction::Update, "enrollment", Some(id))?;
    }
    Ok(())
}

fn by_client() -> String {
    format!("SELECT {COLUMNS} FROM enrollment WHERE client_id = ?1 ORDER BY started_on, id")
}

fn client_enrollments(conn: &Db, client_id: i64) -> Result<Vec<Enrollment>> {
    let mut statement = conn.prepare_cached(&by_client())?;
    let rows = statement.query_map([client_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The client's enrollment in `program` that has not ended, if any.
fn open_enrollment(conn: &Db, client_id: i64, program: Program) -> Result<Option<Enrollment>> {
    Ok(client_enrollments(conn, client_id)?.into_iter().find(|e| e.program == program && e.ended_on.is_none()))
}

/// The program a note's minutes belong to when none is given: the
/// client's only time-based enrollment that has not ended, else none.
/// A program given must be one the client is enrolled in.
pub(crate) fn note_program(conn: &Db, client_id: i64, given: Option<Program>) -> Result<Option<Program>> {
    let enrollments = client_enrollments(conn, client_id)?;
    match given {
        Some(program) if enrollments.iter().any(|e| e.program == program) => Ok(Some(program)),
        Some(program) => Err(not_enrolled(program).into()),
        None => {
            let mut timed = enrollments.iter().filter(|e| e.ended_on.is_none() && e.program.is_time_based());
            Ok(match (timed.next(), timed.next()) {
                (Some(only), None) => Some(only.program),
                _ => None,
            })
        }
    }
}

fn not_enrolled(program: Program) -> Invalid {
    Invalid::new(
        "program",
        format!("the client is not enrolled in {}", program.label()),
        "enroll first with `caseload program enroll CLIENT PROGRAM`; `caseload program list CLIENT` shows the enrollments",
    )
}

impl Store {
    /// Enrolls a client in a program; returns the enrollment's id. A client
    /// is in each program once at a time.
    pub fn enroll(&mut self, mut enrollment: Enrollment, today: NaiveDate) -> Result<i64> {
        enrollment.validate(today)?;
        let client = self.client(enrollment.client_id)?;
        if enrollment.started_on < client.enrolled_on {
            return Err(Invalid::new(
                "started_on",
                format!("the enrollment cannot start before the client was enrolled on {}", client.enrolled_on),
                "give --from a date on or after the client's enrolled_on",
            )
            .into());
        }
        self.write(|w| {
            if open_enrollment(w.conn(), enrollment.client_id, enrollment.program)?.is_some() {
                return Err(Invalid::new(
                    "program",
                    format!("the client is already enrolled in {}", enrollment.program.label()),
                    "record consent with `caseload program consent`, or end the enrollment first with `caseload program end`",
                )
                .into());
            }
            let id = insert(w.conn(), &enrollment, w.user(), w.now())?;
            w.audit(AuditAction::Create, "enrollment", Some(id))?;
            set_primary(w, enrollment.client_id)?;
            Ok(id)
        })
    }

    /// Records the client's consent to a program they are enrolled in.
    pub fn record_consent(
        &mut self,
        client_id: i64,
        program: Program,
        on: NaiveDate,
        method: ConsentMethod,
        today: NaiveDate,
    ) -> Result<i64> {
        self.change_enrollment(client_id, program, today, |e| {
            e.consent_on = Some(on);
            e.consent_method = Some(method);
        })
    }

    /// Ends the client's enrollment in a program on `on` (its last day).
    pub fn end_enrollment(
        &mut self,
        client_id: i64,
        program: Program,
        on: NaiveDate,
        reason: &str,
        today: NaiveDate,
    ) -> Result<i64> {
        if on > today {
            return Err(Invalid::new(
                "ended_on",
                format!("an enrollment cannot end in the future ({on})"),
                "end it on the day it happens (today or earlier)",
            )
            .into());
        }
        self.change_enrollment(client_id, program, today, |e| {
            e.ended_on = Some(on);
            e.end_reason = Some(reason.to_string());
        })
    }

    /// Applies `change` to the open enrollment, validates and saves it.
    fn change_enrollment(
        &mut self,
        client_id: i64,
        program: Program,
        today: NaiveDate,
        change: impl FnOnce(&mut Enrollment),
    ) -> Result<i64> {
        self.client(client_id)?;
        self.write(|w| {
            let mut enrollment = open_enrollment(w.conn(), client_id, program)?.ok_or_else(|| not_enrolled(program))?;
            change(&mut enrollment);
            enrollment.validate(today)?;
            w.conn()
                .prepare_cached(
                    "UPDATE enrollment SET consent_on = :consent_on, consent_method = :consent_method,
                        ended_on = :ended_on, end_reason = :end_reason
                     WHERE id = :id",
                )?
                .execute(named_params! {
                    ":consent_on": enrollment.consent_on,
                    ":consent_method": enrollment.consent_method.map(ConsentMethod::as_str),
                    ":ended_on": enrollment.ended_on, ":end_reason": enrollment.end_reason, ":id": enrollment.id,
                })?;
            w.audit(AuditAction::Update, "enrollment", Some(enrollment.id))?;
            set_primary(w, client_id)?;
            Ok(enrollment.id)
        })
    }

    pub fn enrollment(&self, id: i64) -> Result<Enrollment> {
        let sql = format!("SELECT {COLUMNS} FROM enrollment WHERE id = ?1");
        read_one(&mut self.conn().prepare_cached(&sql)?, [id], "enrollment", from_row)?
            .ok_or_else(|| StoreError::not_found("enrollment", "id", id))
    }

    /// One client's enrollments, earliest first.
    pub fn enrollments(&self, client_id: i64) -> Result<Vec<Enrollment>> {
        self.read_rows("enrollment", &mut self.conn().prepare_cached(&by_client())?, [client_id], from_row)
    }

    /// Every enrollment of one coordinator's clients (None: the team's), by client.
    pub fn caseload_enrollments(&self, coordinator: Option<&str>) -> Result<Vec<Enrollment>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM enrollment
             WHERE client_id IN (SELECT id FROM client WHERE ?1 IS NULL OR coordinator = ?1)
             ORDER BY client_id, started_on, id"
        );
        self.read_rows("enrollment", &mut self.conn().prepare(&sql)?, [coordinator], from_row)
    }
}
