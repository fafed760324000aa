//! Hospital encounters.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row, named_params};

use super::Result;
use super::sql::{instant, stamp, word};
use crate::domain::encounter::Encounter;

pub(crate) const COLUMNS: &str = "id, client_id, kind, facility, admitted_on, discharged_on, created_by, created_at";

pub(crate) fn from_row(row: &Row<'_>) -> rusqlite::Result<Encounter> {
    Ok(Encounter {
        id: row.get("id")?,
        client_id: row.get("client_id")?,
        kind: word(row, "kind")?,
        facility: row.get("facility")?,
        admitted_on: row.get("admitted_on")?,
        discharged_on: row.get("discharged_on")?,
        created_by: row.get("created_by")?,
        created_at: instant(row, "created_at")?,
    })
}

pub fn insert(conn: &Connection, encounter: &Encounter, user: &str, now: DateTime<Utc>) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO encounter (client_id, kind, facility, admitted_on, discharged_on, created_by, created_at)
         VALUES (:client_id, :kind, :facility, :admitted_on, :discharged_on, :user, :now)",
    )?
    .execute(named_params! {
        ":client_id": encounter.client_id, ":kind": encounter.kind.as_str(), ":facility": encounter.facility,
        ":admitted_on": encounter.admitted_on, ":discharged_on": encounter.discharged_on,
        ":user": user, ":now": stamp(now),
    })?;
    Ok(conn.last_insert_rowid())
}
