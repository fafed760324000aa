//! Referrals, tracked until the loop closes.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row, named_params};

use super::Result;
use super::sql::{instant, stamp, word};
use crate::domain::referral::Referral;

pub(crate) const COLUMNS: &str = "id, client_id, \"to\", resource_id, kind, reason, status, sent_on, status_changed_on,
    outcome, created_by, created_at";

pub(crate) fn from_row(row: &Row<'_>) -> rusqlite::Result<Referral> {
    Ok(Referral {
        id: row.get("id")?,
        client_id: row.get("client_id")?,
        to: row.get("to")?,
        resource_id: row.get("resource_id")?,
        kind: word(row, "kind")?,
        reason: row.get("reason")?,
        status: word(row, "status")?,
        sent_on: row.get("sent_on")?,
        status_changed_on: row.get("status_changed_on")?,
        outcome: row.get("outcome")?,
        created_by: row.get("created_by")?,
        created_at: instant(row, "created_at")?,
    })
}

pub fn insert(conn: &Connection, referral: &Referral, user: &str, now: DateTime<Utc>) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO referral (client_id, \"to\", resource_id, kind, reason, status, sent_on, status_changed_on,
            outcome, created_by, created_at)
         VALUES (:client_id, :to, :resource_id, :kind, :reason, :status, :sent_on, :status_changed_on,
            :outcome, :user, :now)",
    )?
    .execute(named_params! {
        ":client_id": referral.client_id, ":to": referral.to, ":resource_id": referral.resource_id,
        ":kind": referral.kind.as_str(), ":reason": referral.reason, ":status": referral.status.as_str(),
        ":sent_on": referral.sent_on, ":status_changed_on": referral.status_changed_on,
        ":outcome": referral.outcome, ":user": user, ":now": stamp(now),
    })?;
    Ok(conn.last_insert_rowid())
}
