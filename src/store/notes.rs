//! The contact log. Notes are inserted, never updated (the schema refuses).

use super::db::{Db, Row};
use chrono::{DateTime, Utc};
use rusqlite::{named_params, params};

use super::sql::{instant, minutes, optional_word, stamp, word};
use super::unreadable::read_one;
use super::{AuditAction, Result, Store, StoreError};
use crate::domain::followup::Followup;
use crate::domain::note::Note;
use crate::domain::program::Program;
use crate::domain::time::Month;

pub(crate) const COLUMNS: &str = "id, client_id, author, contact_at, contact_type, direction, outcome, minutes, body, addendum_of, created_at, program";

/// Read by position from a row that starts with `COLUMNS` (by name costs a lookup per field).
pub(crate) fn from_row(row: &Row<'_>) -> rusqlite::Result<Note> {
    Ok(Note {
        id: row.get(0)?,
        client_id: row.get(1)?,
        author: row.get(2)?,
        contact_at: instant(row, 3)?,
        contact_type: word(row, 4)?,
        direction: word(row, 5)?,
        outcome: word(row, 6)?,
        minutes: minutes(row, 7)?,
        program: optional_word(row, 11)?,
        body: row.get(8)?,
        addendum_of: row.get(9)?,
        created_at: instant(row, 10)?,
    })
}

/// Inserts a note; `note.author` is who wrote it (the demo invents colleagues).
pub fn insert(conn: &Db, note: &Note, now: DateTime<Utc>) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "INSERT INTO note (client_id, author, contact_at, contact_type, direction, outcome, minutes, body,
            addendum_of, created_at, program)
         VALUES (:client_id, :author, :contact_at, :contact_type, :direction, :outcome, :minutes, :body,
            :addendum_of, :now, :program) RETURNING id",
        )?
        .insert(named_params! {
            ":client_id": note.client_id, ":author": note.author, ":contact_at": stamp(note.contact_at),
            ":contact_type": note.contact_type.as_str(), ":direction": note.direction.as_str(),
            ":outcome": note.outcome.as_str(), ":minutes": note.minutes, ":body": note.body,
            ":addendum_of": note.addendum_of, ":now": stamp(now),
            ":program": note.program.map(Program::as_str),
        })?)
}

/// What the note editor saves at once.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteSave {
    pub note: Note,
    /// The next follow-up, set from the editor.
    pub followup: Option<Followup>,
    /// The draft the note was written in, removed with the save.
    pub draft_id: Option<i64>,
}

impl Store {
    pub fn note(&self, id: i64) -> Result<Note> {
        let sql = format!("SELECT {COLUMNS} FROM note WHERE id = ?1");
        read_one(&mut self.conn().prepare_cached(&sql)?, [id], "note", from_row)?
            .ok_or_else(|| StoreError::not_found("note", "id", id))
    }

    /// Validates and saves a note written by the store's user; returns its id.
    pub fn add_note(&mut self, note: Note) -> Result<i64> {
        self.save_note(NoteSave { note, followup: None, draft_id: None }).map(|(id, _)| id)
    }

    /// Saves a note as the editor does: with the follow-up set from the
    /// editor and the removal of the note's draft, in one transaction (all
    /// or nothing). Returns the note's id and the follow-up's.
    pub fn save_note(&mut self, save: NoteSave) -> Result<(i64, Option<i64>)> {
        let NoteSave { mut note, mut followup, draft_id } = save;
        note.author = self.user().to_string();
        note.normalize();
        note.validate(self.now())?;
        if let Some(followup) = &mut followup {
            followup.validate_new()?;
        }
        self.client(note.client_id)?;
        self.write(|w| {
            if note.addendum_of.is_none() {
                note.program = super::enrollments::note_program(w.conn(), note.client_id, note.program)?;
            }
            let id = insert(w.conn(), &note, w.now())?;
            w.audit(AuditAction::Create, "note", Some(id))?;
            let followup_id = match &followup {
                Some(followup) => {
                    let followup_id = super::followups::insert(w.conn(), followup, w.user(), w.now())?;
                    w.audit(AuditAction::Create, "followup", Some(followup_id))?;
                    Some(followup_id)
                }
                None => None,
            };
            if let Some(draft_id) = draft_id {
                super::drafts::delete(w.conn(), draft_id, w.user())?;
            }
            Ok((id, followup_id))
        })
    }

    /// Adds a correction to note `id` (the note itself is never changed).
    pub fn amend_note(&mut self, id: i64, body: &str) -> Result<i64> {
        let original = self.note(id)?;
        let addendum = Note::addendum(&original, self.user(), body, self.now());
        self.add_note(addendum)
    }

    /// A client's notes, newest first, each followed by its addenda (oldest
    /// addendum first). `limit` counts notes, not addenda.
    pub fn client_notes(&self, client_id: i64, limit: Option<u32>) -> Result<Vec<Note>> {
        let sql = format!(
            "WITH shown AS (SELECT id FROM note WHERE client_id = ?1 AND addendum_of IS NULL
                            ORDER BY contact_at DESC, id DESC LIMIT ?2)
             SELECT {COLUMNS} FROM note
             WHERE id IN (SELECT id FROM shown) OR (client_id = ?1 AND addendum_of IN (SELECT id FROM shown))
             ORDER BY contact_at DESC, id DESC"
        );
        // No limit is a limit no caseload reaches (neither engine takes NULL alike).
        let limit = limit.map_or(i64::MAX, i64::from);
        let mut statement = self.conn().prepare_cached(&sql)?;
        let newest_first = self.read_rows("note", &mut statement, params![client_id, limit], from_row)?;
        Ok(thread_addenda(newest_first))
    }

    /// A client's notes dated in `month` (its minutes so far), oldest first.
    pub fn client_month_notes(&self, client_id: i64, month: &Month) -> Result<Vec<Note>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM note WHERE client_id = ?1 AND contact_at >= ?2 AND contact_at < ?3
             ORDER BY contact_at, id"
        );
        let mut statement = self.conn().prepare_cached(&sql)?;
        self.read_rows("note", &mut statement, params![client_id, stamp(month.from), stamp(month.until)], from_row)
    }
}

/// Puts each addendum right after its note, oldest addendum first, keeping
/// the notes themselves in the order given.
fn thread_addenda(newest_first: Vec<Note>) -> Vec<Note> {
    let (mut addenda, notes): (Vec<Note>, Vec<Note>) = newest_first.into_iter().partition(|n| n.addendum_of.is_some());
    addenda.reverse();
    let mut threaded = Vec::with_capacity(notes.len() + addenda.len());
    for note in notes {
        let id = note.id;
        threaded.push(note);
        threaded.extend(addenda.iter().filter(|a| a.addendum_of == Some(id)).cloned());
    }
    threaded
}
