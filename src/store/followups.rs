//! Follow-ups.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row, named_params};

use super::Result;
use super::sql::{instant, optional_instant, stamp, word};
use crate::domain::followup::Followup;

pub(crate) const COLUMNS: &str =
    "id, client_id, title, due_on, status, done_at, done_by, snoozed_until, snooze_reason, created_by, created_at";

pub(crate) fn from_row(row: &Row<'_>) -> rusqlite::Result<Followup> {
    Ok(Followup {
        id: row.get("id")?,
        client_id: row.get("client_id")?,
        title: row.get("title")?,
        due_on: row.get("due_on")?,
        status: word(row, "status")?,
        done_at: optional_instant(row, "done_at")?,
        done_by: row.get("done_by")?,
        snoozed_until: row.get("snoozed_until")?,
        snooze_reason: row.get("snooze_reason")?,
        created_by: row.get("created_by")?,
        created_at: instant(row, "created_at")?,
    })
}

pub fn insert(conn: &Connection, followup: &Followup, user: &str, now: DateTime<Utc>) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO followup (client_id, title, due_on, status, done_at, done_by, snoozed_until, snooze_reason,
            created_by, created_at)
         VALUES (:client_id, :title, :due_on, :status, :done_at, :done_by, :snoozed_until, :snooze_reason,
            :user, :now)",
    )?
    .execute(named_params! {
        ":client_id": followup.client_id, ":title": followup.title, ":due_on": followup.due_on,
        ":status": followup.status.as_str(), ":done_at": followup.done_at.map(stamp), ":done_by": followup.done_by,
        ":snoozed_until": followup.snoozed_until, ":snooze_reason": followup.snooze_reason,
        ":user": user, ":now": stamp(now),
    })?;
    Ok(conn.last_insert_rowid())
}
