//! The snoozed alerts still hiding something, and ending a snooze. A snooze
//! is never deleted (what was hidden, until when and why stays on record):
//! ending one moves its `until` to today, so the alert shows again from
//! today on, and the audit row says so.

use super::db::Row;
use chrono::NaiveDate;
use rusqlite::named_params;

use super::listing::WithClient;
use super::sql::{date, word};
use super::{AuditAction, Result, Store, StoreError};
use crate::domain::Invalid;
use crate::domain::alerts::AlertKind;

/// One snooze that still hides an alert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveSnooze {
    pub id: i64,
    pub client_id: i64,
    pub kind: AlertKind,
    pub subject: Option<i64>,
    pub until: NaiveDate,
    pub reason: String,
    pub created_by: String,
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<ActiveSnooze> {
    Ok(ActiveSnooze {
        id: row.get(0)?,
        client_id: row.get(1)?,
        kind: word(row, 2)?,
        subject: row.get(3)?,
        until: date(row, 4)?,
        reason: row.get(5)?,
        created_by: row.get(6)?,
    })
}

impl Store {
    /// The snoozes hiding an alert after `today`, of one coordinator's
    /// clients (None: the whole team's), the soonest to end first.
    pub fn active_snoozes(&self, coordinator: Option<&str>, today: NaiveDate) -> Result<Vec<WithClient<ActiveSnooze>>> {
        let sql = "SELECT s.id, s.client_id, s.kind, s.subject_id, s.until, s.reason, s.created_by
                   FROM alert_snooze s JOIN client c ON c.id = s.client_id
                   WHERE s.until > :today AND c.status <> 'discharged'
                     AND (:coordinator IS NULL OR c.coordinator = :coordinator)
                   ORDER BY s.until, s.id";
        let mut statement = self.conn().prepare_cached(sql)?;
        let params = named_params! { ":today": today, ":coordinator": coordinator };
        let snoozes = self.read_rows("alert_snooze", &mut statement, params, from_row)?;
        self.with_client_names(snoozes, |s| s.client_id)
    }

    /// Ends a snooze today: its alert shows again from today on. Audited as
    /// an update of the snooze.
    pub fn end_snooze(&mut self, id: i64, today: NaiveDate) -> Result<()> {
        self.write(|w| {
            let changed = w
                .conn()
                .prepare_cached("UPDATE alert_snooze SET until = :today WHERE id = :id AND until > :today")?
                .execute(named_params! { ":id": id, ":today": today })
                .map_err(StoreError::from)?;
            if changed == 0 {
                return Err(Invalid::new(
                    "snooze",
                    "that snooze has already ended or no longer exists",
                    "reload the list of snoozed alerts",
                )
                .into());
            }
            w.audit_detail(AuditAction::Update, "alert_snooze", Some(id), &format!("snooze ended on {today}"))
        })
    }
}
