//! Appointments and their transport.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row, named_params};

use super::Result;
use super::sql::{instant, minutes, stamp, word};
use crate::domain::appointment::Appointment;

pub(crate) const COLUMNS: &str = "id, client_id, starts_at, minutes, kind, with_whom, location, status, transport,
    transport_details, notes, created_by, created_at";

pub(crate) fn from_row(row: &Row<'_>) -> rusqlite::Result<Appointment> {
    Ok(Appointment {
        id: row.get("id")?,
        client_id: row.get("client_id")?,
        starts_at: instant(row, "starts_at")?,
        minutes: minutes(row, "minutes")?,
        kind: word(row, "kind")?,
        with_whom: row.get("with_whom")?,
        location: row.get("location")?,
        status: word(row, "status")?,
        transport: word(row, "transport")?,
        transport_details: row.get("transport_details")?,
        notes: row.get("notes")?,
        created_by: row.get("created_by")?,
        created_at: instant(row, "created_at")?,
    })
}

pub fn insert(conn: &Connection, appointment: &Appointment, user: &str, now: DateTime<Utc>) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO appointment (client_id, starts_at, minutes, kind, with_whom, location, status, transport,
            transport_details, notes, created_by, created_at)
         VALUES (:client_id, :starts_at, :minutes, :kind, :with_whom, :location, :status, :transport,
            :transport_details, :notes, :user, :now)",
    )?
    .execute(named_params! {
        ":client_id": appointment.client_id, ":starts_at": stamp(appointment.starts_at),
        ":minutes": appointment.minutes, ":kind": appointment.kind.as_str(), ":with_whom": appointment.with_whom,
        ":location": appointment.location, ":status": appointment.status.as_str(),
        ":transport": appointment.transport.as_str(), ":transport_details": appointment.transport_details,
        ":notes": appointment.notes, ":user": user, ":now": stamp(now),
    })?;
    Ok(conn.last_insert_rowid())
}
