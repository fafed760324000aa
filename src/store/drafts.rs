//! Drafts of notes and of screenings: written every few seconds while the
//! editor or the screening is open, so a dropped link or a crash loses nothing. A draft is work in progress, not a
//! record: its writes are not audited, and they are never shown to anyone
//! but their author.

use super::db::{Db, Row};
use rusqlite::named_params;

use super::listing::WithClient;
use super::sql::{instant, number_list, optional_instant, stamp, word};
use super::{Result, Store};
use crate::domain::draft::{Draft, DraftFields, ScreeningDraft, Unsaved};
use crate::domain::screening::Instrument;

pub(crate) const COLUMNS: &str = "id, \"user\", client_id, body, timer_started_at, fields, updated_at, created_at";

pub(crate) fn from_row(row: &Row<'_>) -> rusqlite::Result<Draft> {
    let fields: String = row.get("fields")?;
    Ok(Draft {
        id: row.get("id")?,
        user: row.get("user")?,
        client_id: row.get("client_id")?,
        body: row.get("body")?,
        timer_started_at: optional_instant(row, "timer_started_at")?,
        // Fields a later version added or dropped fall back to blank rather
        // than hiding the body, which is what matters.
        fields: serde_json::from_str(&fields).unwrap_or_else(|_| DraftFields::default()),
        updated_at: instant(row, "updated_at")?,
        created_at: instant(row, "created_at")?,
    })
}

pub(crate) const SCREENING_COLUMNS: &str = "\"user\", client_id, instrument, mode, answers, updated_at, created_at";

/// Read by position from a row that starts with `SCREENING_COLUMNS`.
pub(crate) fn screening_from_row(row: &Row<'_>) -> rusqlite::Result<ScreeningDraft> {
    Ok(ScreeningDraft {
        user: row.get(0)?,
        client_id: row.get(1)?,
        instrument: word(row, 2)?,
        mode: word(row, 3)?,
        answers: number_list(row, 4)?,
        updated_at: instant(row, 5)?,
        created_at: instant(row, 6)?,
    })
}

/// How a draft write treats a draft that is no longer in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftWrite {
    /// Create it or bring it up to date.
    Upsert,
    /// Bring it up to date only if it is still there: used while its note is
    /// being saved, so a late write cannot bring back a draft the save removed.
    UpdateOnly,
}

impl Store {
    /// Writes a draft in its own short transaction. The draft's id is chosen
    /// by the editor, so the first write and every later one are the same.
    pub fn write_draft(&mut self, draft: &Draft, how: DraftWrite) -> Result<()> {
        let fields = serde_json::to_string(&draft.fields)
            .map_err(|e| super::StoreError::Sqlite(rusqlite::Error::ToSqlConversionFailure(Box::new(e))))?;
        let sql = match how {
            DraftWrite::Upsert => {
                "INSERT INTO draft (id, \"user\", client_id, body, timer_started_at, fields, updated_at, created_at)
                 VALUES (:id, :user, :client_id, :body, :timer_started_at, :fields, :updated_at, :created_at)
                 ON CONFLICT (id) DO UPDATE SET body = excluded.body,
                    timer_started_at = excluded.timer_started_at, fields = excluded.fields,
                    updated_at = excluded.updated_at
                 WHERE draft.\"user\" = excluded.\"user\""
            }
            DraftWrite::UpdateOnly => {
                "UPDATE draft SET body = :body, timer_started_at = :timer_started_at, fields = :fields,
                    updated_at = :updated_at
                 WHERE id = :id AND \"user\" = :user AND client_id = :client_id AND created_at = :created_at"
            }
        };
        self.write(|w| {
            let mut statement = w.conn().prepare_cached(sql)?;
            let timer_started_at = draft.timer_started_at.map(stamp);
            let (updated_at, created_at) = (stamp(draft.updated_at), stamp(draft.created_at));
            statement.execute(named_params! {
                ":id": draft.id, ":user": draft.user, ":client_id": draft.client_id, ":body": draft.body,
                ":timer_started_at": timer_started_at, ":fields": fields,
                ":updated_at": updated_at, ":created_at": created_at,
            })?;
            Ok(())
        })
    }

    /// Writes whichever draft it is (the keeper's one call).
    pub fn write_unsaved(&mut self, unsaved: &Unsaved, how: DraftWrite) -> Result<()> {
        match unsaved {
            Unsaved::Note(draft) => self.write_draft(draft, how),
            Unsaved::Screening(draft) => self.write_screening_draft(draft, how),
        }
    }

    /// Writes a screening's draft in its own short transaction: one row per
    /// user, client and instrument, created or brought up to date.
    pub fn write_screening_draft(&mut self, draft: &ScreeningDraft, how: DraftWrite) -> Result<()> {
        let sql = match how {
            DraftWrite::Upsert => {
                "INSERT INTO assessment_draft (\"user\", client_id, instrument, mode, answers, updated_at, created_at)
                 VALUES (:user, :client_id, :instrument, :mode, :answers, :updated_at, :created_at)
                 ON CONFLICT (\"user\", client_id, instrument) DO UPDATE SET mode = excluded.mode,
                    answers = excluded.answers, updated_at = excluded.updated_at"
            }
            DraftWrite::UpdateOnly => {
                "UPDATE assessment_draft SET mode = :mode, answers = :answers, updated_at = :updated_at
                 WHERE \"user\" = :user AND client_id = :client_id AND instrument = :instrument
                    AND created_at = :created_at"
            }
        };
        let answers = draft.answers.iter().map(u8::to_string).collect::<Vec<_>>().join(",");
        self.write(|w| {
            w.conn().prepare_cached(sql)?.execute(named_params! {
                ":user": draft.user, ":client_id": draft.client_id, ":instrument": draft.instrument.as_str(),
                ":mode": draft.mode.as_str(), ":answers": answers,
                ":updated_at": stamp(draft.updated_at), ":created_at": stamp(draft.created_at),
            })?;
            Ok(())
        })
    }

    /// The store user's screening drafts, most recently touched first, with client names.
    pub fn screening_drafts(&self) -> Result<Vec<WithClient<ScreeningDraft>>> {
        let sql = format!(
            "SELECT {SCREENING_COLUMNS} FROM assessment_draft
             WHERE \"user\" = ?1 ORDER BY updated_at DESC, client_id, instrument"
        );
        let drafts = self.read_rows(
            "assessment_draft",
            &mut self.conn().prepare_cached(&sql)?,
            [self.user()],
            screening_from_row,
        )?;
        self.with_client_names(drafts, |d| d.client_id)
    }

    /// Throws a screening's draft away (only the store user's own).
    pub fn discard_screening_draft(&mut self, client_id: i64, instrument: Instrument) -> Result<()> {
        self.write(|w| {
            w.conn()
                .prepare_cached(
                    "DELETE FROM assessment_draft WHERE \"user\" = ?1 AND client_id = ?2 AND instrument = ?3",
                )?
                .execute(rusqlite::params![w.user(), client_id, instrument.as_str()])?;
            Ok(())
        })
    }

    /// The store user's drafts, most recently touched first, with client names.
    pub fn drafts(&self) -> Result<Vec<WithClient<Draft>>> {
        let sql = format!("SELECT {COLUMNS} FROM draft WHERE \"user\" = ?1 ORDER BY updated_at DESC, id DESC");
        let drafts = self.read_rows("draft", &mut self.conn().prepare_cached(&sql)?, [self.user()], from_row)?;
        self.with_client_names(drafts, |d| d.client_id)
    }

    /// Throws a draft away (only the store user's own).
    pub fn discard_draft(&mut self, id: i64) -> Result<()> {
        self.write(|w| delete(w.conn(), id, w.user()))
    }
}

/// Removes a draft; also part of the transaction that saves its note.
pub(crate) fn delete(conn: &Db, id: i64, user: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM draft WHERE id = ?1 AND \"user\" = ?2")?.execute(rusqlite::params![id, user])?;
    Ok(())
}

/// A fresh id for a new draft, chosen by the editor so every write of the
/// draft (even one racing a signal) names the same row. Random over 2^62
/// values: two drafts sharing one is not a practical concern.
pub fn new_draft_id() -> i64 {
    fastrand::i64(1..i64::MAX)
}
