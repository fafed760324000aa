//! Referrals, tracked until the loop closes.

use super::db::{Db, Row};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::named_params;

use super::listing::{Select, WithClient, by_id};
use super::sql::{date, instant, optional_date, stamp, word};
use super::{AuditAction, Result, Store, Writer, resources};
use crate::domain::referral::{Referral, ReferralStatus};
use crate::domain::resource::Resource;

pub(crate) const COLUMNS: &str = "id, client_id, \"to\", resource_id, kind, reason, status, sent_on, status_changed_on,
    outcome, created_by, created_at";

/// Read by position from a row that starts with `COLUMNS` (by name costs a lookup per field).
pub(crate) fn from_row(row: &Row<'_>) -> rusqlite::Result<Referral> {
    Ok(Referral {
        id: row.get(0)?,
        client_id: row.get(1)?,
        to: row.get(2)?,
        resource_id: row.get(3)?,
        kind: word(row, 4)?,
        reason: row.get(5)?,
        status: word(row, 6)?,
        sent_on: optional_date(row, 7)?,
        status_changed_on: date(row, 8)?,
        outcome: row.get(9)?,
        created_by: row.get(10)?,
        created_at: instant(row, 11)?,
    })
}

pub fn insert(conn: &Db, referral: &Referral, user: &str, now: DateTime<Utc>) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "INSERT INTO referral (client_id, \"to\", resource_id, kind, reason, status, sent_on, status_changed_on,
            outcome, created_by, created_at)
         VALUES (:client_id, :to, :resource_id, :kind, :reason, :status, :sent_on, :status_changed_on,
            :outcome, :user, :now) RETURNING id",
        )?
        .insert(named_params! {
            ":client_id": referral.client_id, ":to": referral.to, ":resource_id": referral.resource_id,
            ":kind": referral.kind.as_str(), ":reason": referral.reason, ":status": referral.status.as_str(),
            ":sent_on": referral.sent_on, ":status_changed_on": referral.status_changed_on,
            ":outcome": referral.outcome, ":user": user, ":now": stamp(now),
        })?)
}

/// Which referrals to list; every filter left out matches all.
#[derive(Debug, Clone, Default)]
pub struct ReferralFilter {
    /// Only this coordinator's clients; None means the whole team.
    pub coordinator: Option<String>,
    pub client_id: Option<i64>,
    pub status: Option<ReferralStatus>,
    /// Only referrals whose loop is not closed yet.
    pub open_only: bool,
}

impl Store {
    /// Validates and adds a referral dated `today`; returns the new id.
    pub fn add_referral(&mut self, mut referral: Referral, today: NaiveDate) -> Result<i64> {
        referral.open_on(today)?;
        if let Some(resource) = referral.resource_id {
            self.referral_resource(resource)?;
        }
        self.write(|w| {
            let id = insert(w.conn(), &referral, w.user(), w.now())?;
            w.audit(AuditAction::Create, "referral", Some(id))?;
            Ok(id)
        })
    }

    /// The directory entry a referral points at.
    pub fn referral_resource(&self, id: i64) -> Result<Resource> {
        by_id(self.conn(), "resource", resources::COLUMNS, "resource", id, resources::from_row)
    }

    pub fn referral(&self, id: i64) -> Result<Referral> {
        read(self.conn(), id)
    }

    /// Referrals matching the filter, longest unchanged first, with their client's name.
    pub fn referrals(&self, filter: &ReferralFilter) -> Result<Vec<WithClient<Referral>>> {
        let mut select = Select::new("referral", COLUMNS);
        select
            .coordinator(filter.coordinator.as_deref())
            .when_some("client_id = ?", filter.client_id)
            .when_some("status = ?", filter.status.map(ReferralStatus::as_str));
        if filter.open_only {
            let open: Vec<String> =
                ReferralStatus::ALL.iter().filter(|s| !s.is_closed()).map(|s| format!("'{s}'")).collect();
            select.filter(&format!("status IN ({})", open.join(", ")));
        }
        let rows = select.fetch(self, "status_changed_on, id", from_row)?;
        self.with_client_names(rows, |r| r.client_id)
    }

    /// Moves a referral's status (and/or records its outcome) on `today`.
    pub fn update_referral(
        &mut self,
        id: i64,
        status: ReferralStatus,
        outcome: Option<&str>,
        today: NaiveDate,
    ) -> Result<Referral> {
        self.write(|w| {
            let mut referral = read(w.conn(), id)?;
            referral.update(status, outcome, today)?;
            save(w, &referral, "")?;
            Ok(referral)
        })
    }
}

/// One referral, read where it is about to be changed (in a write).
pub(crate) fn read(conn: &Db, id: i64) -> Result<Referral> {
    by_id(conn, "referral", COLUMNS, "referral", id, from_row)
}

/// Writes back a referral's status, dates and outcome, with its audit row
/// (`detail` says why, when it is not the user's own change).
pub(crate) fn save(w: &Writer<'_>, referral: &Referral, detail: &str) -> Result<()> {
    w.conn()
        .prepare_cached(
            "UPDATE referral SET status = :status, sent_on = :sent_on,
                status_changed_on = :status_changed_on, outcome = :outcome WHERE id = :id",
        )?
        .execute(named_params! {
            ":id": referral.id, ":status": referral.status.as_str(), ":sent_on": referral.sent_on,
            ":status_changed_on": referral.status_changed_on, ":outcome": referral.outcome,
        })?;
    w.audit_detail(AuditAction::Update, "referral", Some(referral.id), detail)
}
