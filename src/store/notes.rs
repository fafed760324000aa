//! The contact log. Notes are inserted, never updated (the schema refuses).

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row, named_params};

use super::Result;
use super::sql::{instant, minutes, stamp, word};
use crate::domain::note::Note;

pub(crate) const COLUMNS: &str =
    "id, client_id, author, contact_at, contact_type, direction, outcome, minutes, body, addendum_of, created_at";

pub(crate) fn from_row(row: &Row<'_>) -> rusqlite::Result<Note> {
    Ok(Note {
        id: row.get("id")?,
        client_id: row.get("client_id")?,
        author: row.get("author")?,
        contact_at: instant(row, "contact_at")?,
        contact_type: word(row, "contact_type")?,
        direction: word(row, "direction")?,
        outcome: word(row, "outcome")?,
        minutes: minutes(row, "minutes")?,
        body: row.get("body")?,
        addendum_of: row.get("addendum_of")?,
        created_at: instant(row, "created_at")?,
    })
}

/// Inserts a note; `note.author` is who wrote it (the demo invents colleagues).
pub fn insert(conn: &Connection, note: &Note, now: DateTime<Utc>) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO note (client_id, author, contact_at, contact_type, direction, outcome, minutes, body,
            addendum_of, created_at)
         VALUES (:client_id, :author, :contact_at, :contact_type, :direction, :outcome, :minutes, :body,
            :addendum_of, :now)",
    )?
    .execute(named_params! {
        ":client_id": note.client_id, ":author": note.author, ":contact_at": stamp(note.contact_at),
        ":contact_type": note.contact_type.as_str(), ":direction": note.direction.as_str(),
        ":outcome": note.outcome.as_str(), ":minutes": note.minutes, ":body": note.body,
        ":addendum_of": note.addendum_of, ":now": stamp(now),
    })?;
    Ok(conn.last_insert_rowid())
}
