//! Appointments and their transport.

use std::collections::HashMap;

use super::db::{Db, Row};
use chrono::{DateTime, Utc};
use rusqlite::named_params;

use super::listing::{Select, WithClient, by_id};
use super::sql::{instant, minutes, stamp, word};
use super::{AuditAction, Result, Store, Writer};
use crate::domain::appointment::{Appointment, AppointmentStatus, Transport};
use crate::domain::validation::optional_line;

pub(crate) const COLUMNS: &str = "id, client_id, starts_at, minutes, kind, with_whom, location, status, transport,
    transport_details, notes, created_by, created_at";

/// Read by position from a row that starts with `COLUMNS` (by name costs a lookup per field).
pub(crate) fn from_row(row: &Row<'_>) -> rusqlite::Result<Appointment> {
    Ok(Appointment {
        id: row.get(0)?,
        client_id: row.get(1)?,
        starts_at: instant(row, 2)?,
        minutes: minutes(row, 3)?,
        kind: word(row, 4)?,
        with_whom: row.get(5)?,
        location: row.get(6)?,
        status: word(row, 7)?,
        transport: word(row, 8)?,
        transport_details: row.get(9)?,
        notes: row.get(10)?,
        created_by: row.get(11)?,
        created_at: instant(row, 12)?,
    })
}

pub fn insert(conn: &Db, appointment: &Appointment, user: &str, now: DateTime<Utc>) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "INSERT INTO appointment (client_id, starts_at, minutes, kind, with_whom, location, status, transport,
            transport_details, notes, created_by, created_at)
         VALUES (:client_id, :starts_at, :minutes, :kind, :with_whom, :location, :status, :transport,
            :transport_details, :notes, :user, :now) RETURNING id",
        )?
        .insert(named_params! {
            ":client_id": appointment.client_id, ":starts_at": stamp(appointment.starts_at),
            ":minutes": appointment.minutes, ":kind": appointment.kind.as_str(), ":with_whom": appointment.with_whom,
            ":location": appointment.location, ":status": appointment.status.as_str(),
            ":transport": appointment.transport.as_str(), ":transport_details": appointment.transport_details,
            ":notes": appointment.notes, ":user": user, ":now": stamp(now),
        })?)
}

/// How often an appointment has been changed since it was made, and when last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Changes {
    pub count: u32,
    pub last: Option<DateTime<Utc>>,
}

/// Which appointments to list; every filter left out matches all.
#[derive(Debug, Clone, Default)]
pub struct AppointmentFilter {
    /// Only this coordinator's clients; None means the whole team.
    pub coordinator: Option<String>,
    pub client_id: Option<i64>,
    /// Starting at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Starting before this instant.
    pub until: Option<DateTime<Utc>>,
    pub status: Option<AppointmentStatus>,
    pub hide_cancelled: bool,
}

/// What `appt set` changes; None leaves a field as it is. Blank details clear them.
#[derive(Debug, Clone, Default)]
pub struct AppointmentChange {
    pub status: Option<AppointmentStatus>,
    pub transport: Option<Transport>,
    pub transport_details: Option<String>,
}

impl Store {
    /// Validates and adds an appointment; returns the new id.
    pub fn add_appointment(&mut self, mut appointment: Appointment) -> Result<i64> {
        appointment.normalize();
        appointment.validate_new()?;
        self.write(|w| {
            let id = insert(w.conn(), &appointment, w.user(), w.now())?;
            w.audit(AuditAction::Create, "appointment", Some(id))?;
            Ok(id)
        })
    }

    pub fn appointment(&self, id: i64) -> Result<Appointment> {
        read(self.conn(), id)
    }

    /// Appointments matching the filter, in time order, with their client's name.
    pub fn appointments(&self, filter: &AppointmentFilter) -> Result<Vec<WithClient<Appointment>>> {
        let mut select = Select::new("appointment", COLUMNS);
        select
            .coordinator(filter.coordinator.as_deref())
            .when_some("client_id = ?", filter.client_id)
            .when_some("starts_at >= ?", filter.from.map(stamp))
            .when_some("starts_at < ?", filter.until.map(stamp))
            .when_some("status = ?", filter.status.map(AppointmentStatus::as_str));
        if filter.hide_cancelled {
            select.filter("status <> 'cancelled'");
        }
        let rows = select.fetch(self, "starts_at, id", from_row)?;
        self.with_client_names(rows, |a| a.client_id)
    }

    /// The changes of every appointment starting in `[from, until)` that has
    /// any, counted from its `update` audit rows: every change to an
    /// appointment writes one, and the database keeps them append-only, so a
    /// count never goes back and covers changes made before it was first asked.
    pub fn appointment_changes(&self, from: DateTime<Utc>, until: DateTime<Utc>) -> Result<HashMap<i64, Changes>> {
        let mut statement = self.conn().prepare_cached(
            "SELECT entity_id, count(*), max(at) FROM audit
             WHERE entity = 'appointment' AND action = 'update' AND entity_id IN
                (SELECT id FROM appointment WHERE starts_at >= ?1 AND starts_at < ?2)
             GROUP BY entity_id",
        )?;
        let rows = statement.query_map([stamp(from), stamp(until)], |row| {
            let count = u32::try_from(row.get::<_, i64>(1)?).unwrap_or(u32::MAX);
            // A stamp this version cannot read leaves only the time unknown.
            Ok((row.get::<_, i64>(0)?, Changes { count, last: instant(row, 2).ok() }))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Applies a status and/or transport change; returns the changed appointment.
    pub fn change_appointment(&mut self, id: i64, change: &AppointmentChange) -> Result<Appointment> {
        self.write(|w| {
            let mut appointment = read(w.conn(), id)?;
            if let Some(status) = change.status {
                appointment.set_status(status, w.now())?;
            }
            if let Some(transport) = change.transport {
                appointment.transport = transport;
            }
            if let Some(details) = &change.transport_details {
                appointment.transport_details = optional_line("transport_details", Some(details))?;
            }
            save(w, &appointment, "")?;
            Ok(appointment)
        })
    }
}

/// One appointment, read where it is about to be changed (in a write).
pub(crate) fn read(conn: &Db, id: i64) -> Result<Appointment> {
    by_id(conn, "appointment", COLUMNS, "appointment", id, from_row)
}

/// Writes back an appointment's status and transport, with its audit row
/// (`detail` says why, when it is not the user's own change).
pub(crate) fn save(w: &Writer<'_>, appointment: &Appointment, detail: &str) -> Result<()> {
    w.conn()
        .prepare_cached(
            "UPDATE appointment SET status = :status, transport = :transport,
                transport_details = :transport_details WHERE id = :id",
        )?
        .execute(named_params! {
            ":id": appointment.id, ":status": appointment.status.as_str(),
            ":transport": appointment.transport.as_str(), ":transport_details": appointment.transport_details,
        })?;
    w.audit_detail(AuditAction::Update, "appointment", Some(appointment.id), detail)
}
