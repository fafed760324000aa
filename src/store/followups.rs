//! Follow-ups.

use super::db::{Db, Row};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::named_params;

use super::listing::{Select, WithClient, by_id};
use super::sql::{date, instant, optional_date, optional_instant, stamp, word};
use super::{AuditAction, Result, Store, Writer};
use crate::domain::Invalid;
use crate::domain::followup::{Followup, FollowupStatus};

pub(crate) const COLUMNS: &str =
    "id, client_id, title, due_on, status, done_at, done_by, snoozed_until, snooze_reason, created_by, created_at";

/// Read by position from a row that starts with `COLUMNS` (by name costs a lookup per field).
pub(crate) fn from_row(row: &Row<'_>) -> rusqlite::Result<Followup> {
    Ok(Followup {
        id: row.get(0)?,
        client_id: row.get(1)?,
        title: row.get(2)?,
        due_on: date(row, 3)?,
        status: word(row, 4)?,
        done_at: optional_instant(row, 5)?,
        done_by: row.get(6)?,
        snoozed_until: optional_date(row, 7)?,
        snooze_reason: row.get(8)?,
        created_by: row.get(9)?,
        created_at: instant(row, 10)?,
    })
}

pub fn insert(conn: &Db, followup: &Followup, user: &str, now: DateTime<Utc>) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "INSERT INTO followup (client_id, title, due_on, status, done_at, done_by, snoozed_until, snooze_reason,
            created_by, created_at)
         VALUES (:client_id, :title, :due_on, :status, :done_at, :done_by, :snoozed_until, :snooze_reason,
            :user, :now) RETURNING id",
        )?
        .insert(named_params! {
            ":client_id": followup.client_id, ":title": followup.title, ":due_on": followup.due_on,
            ":status": followup.status.as_str(), ":done_at": followup.done_at.map(stamp), ":done_by": followup.done_by,
            ":snoozed_until": followup.snoozed_until, ":snooze_reason": followup.snooze_reason,
            ":user": user, ":now": stamp(now),
        })?)
}

/// Which follow-ups to list; every filter left out matches all.
#[derive(Debug, Clone, Default)]
pub struct FollowupFilter {
    /// Only this coordinator's clients; None means the whole team.
    pub coordinator: Option<String>,
    pub client_id: Option<i64>,
    pub status: Option<FollowupStatus>,
}

impl Store {
    /// Validates and adds a follow-up; returns the new id.
    pub fn add_followup(&mut self, mut followup: Followup) -> Result<i64> {
        followup.validate_new()?;
        self.write(|w| {
            let id = insert(w.conn(), &followup, w.user(), w.now())?;
            w.audit(AuditAction::Create, "followup", Some(id))?;
            Ok(id)
        })
    }

    pub fn followup(&self, id: i64) -> Result<Followup> {
        read(self.conn(), id)
    }

    /// Follow-ups matching the filter, soonest due first, with their client's name.
    pub fn followups(&self, filter: &FollowupFilter) -> Result<Vec<WithClient<Followup>>> {
        let rows = Select::new("followup", COLUMNS)
            .coordinator(filter.coordinator.as_deref())
            .when_some("client_id = ?", filter.client_id)
            .when_some("status = ?", filter.status.map(FollowupStatus::as_str))
            .fetch(self, "due_on, id", from_row)?;
        self.with_client_names(rows, |f| f.client_id)
    }

    /// Marks an open follow-up done now, by the store's user.
    pub fn complete_followup(&mut self, id: i64) -> Result<Followup> {
        self.change_followup(id, AuditAction::Update, |f, w| f.mark_done(w.now(), w.user()))
    }

    pub fn cancel_followup(&mut self, id: i64) -> Result<Followup> {
        self.change_followup(id, AuditAction::Update, |f, _| f.cancel())
    }

    /// Hides an open follow-up until a later date, for a reason (audited as a snooze).
    pub fn snooze_followup(&mut self, id: i64, until: NaiveDate, reason: &str, today: NaiveDate) -> Result<Followup> {
        self.change_followup(id, AuditAction::Snooze, |f, _| f.snooze(until, reason, today))
    }

    /// Reads, changes through the domain, and writes back one follow-up in one transaction.
    fn change_followup(
        &mut self,
        id: i64,
        action: AuditAction,
        apply: impl FnOnce(&mut Followup, &Writer<'_>) -> Result<(), Invalid>,
    ) -> Result<Followup> {
        self.write(|w| {
            let mut followup = read(w.conn(), id)?;
            apply(&mut followup, w)?;
            save(w, &followup, action, "")?;
            Ok(followup)
        })
    }
}

/// One follow-up, read where it is about to be changed (in a write).
pub(crate) fn read(conn: &Db, id: i64) -> Result<Followup> {
    by_id(conn, "followup", COLUMNS, "follow-up", id, from_row)
}

/// Writes back a follow-up's status and snooze, audited as `action`
/// (`detail` says why, when it is not the user's own change).
pub(crate) fn save(w: &Writer<'_>, followup: &Followup, action: AuditAction, detail: &str) -> Result<()> {
    w.conn()
        .prepare_cached(
            "UPDATE followup SET status = :status, done_at = :done_at, done_by = :done_by,
                snoozed_until = :snoozed_until, snooze_reason = :snooze_reason WHERE id = :id",
        )?
        .execute(named_params! {
            ":id": followup.id, ":status": followup.status.as_str(), ":done_at": followup.done_at.map(stamp),
            ":done_by": followup.done_by, ":snoozed_until": followup.snoozed_until,
            ":snooze_reason": followup.snooze_reason,
        })?;
    w.audit_detail(action, "followup", Some(followup.id), detail)
}
