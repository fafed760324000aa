//! The append-only audit trail: who viewed, created, changed, exported what.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, params};
use serde::Serialize;

use super::sql::{instant, stamp, word};
use super::{Result, Store};
use crate::domain::word_enum;

word_enum!(
    AuditAction, "action" {
        View => "view", Create => "create", Update => "update", Export => "export",
        Import => "import", Snooze => "snooze",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub user: String,
    pub action: AuditAction,
    pub entity: String,
    pub entity_id: Option<i64>,
}

pub(crate) fn insert(
    conn: &Connection,
    now: DateTime<Utc>,
    user: &str,
    action: AuditAction,
    entity: &str,
    entity_id: Option<i64>,
) -> Result<()> {
    conn.prepare_cached("INSERT INTO audit (at, user, action, entity, entity_id) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![stamp(now), user, action.as_str(), entity, entity_id])?;
    Ok(())
}

/// Which audit rows to list.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Rows about this client or any record of theirs.
    pub client_id: Option<i64>,
    /// Rows at or after the start of this UTC instant.
    pub since: Option<DateTime<Utc>>,
    /// Only the newest this many rows.
    pub limit: Option<u32>,
}

/// Record families that belong to one client, with the column naming it.
const CLIENT_RECORDS: [&str; 11] = [
    "contact",
    "appointment",
    "note",
    "followup",
    "referral",
    "encounter",
    "problem",
    "goal",
    "intervention",
    "alert_snooze",
    "draft",
];

impl Store {
    /// The id of the newest audit row: every change to a record writes one,
    /// so this moves with every record change (and not with drafts).
    pub fn last_audit_id(&self) -> Result<i64> {
        Ok(self.conn().prepare_cached("SELECT coalesce(max(id), 0) FROM audit")?.query_row([], |row| row.get(0))?)
    }

    /// The audit trail, oldest first (the newest `limit` rows when a limit is set).
    pub fn audit_entries(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
        let mut sql = String::from("SELECT id, at, user, action, entity, entity_id FROM audit WHERE at >= ?1");
        if filter.client_id.is_some() {
            // A client's own row and its care plan are keyed by the client id.
            sql.push_str(" AND ((entity IN ('client', 'care_plan') AND entity_id = ?2)");
            for table in CLIENT_RECORDS {
                sql.push_str(&format!(
                    " OR (entity = '{table}' AND entity_id IN (SELECT id FROM {table} WHERE client_id = ?2))"
                ));
            }
            sql.push(')');
        }
        // A limit keeps the newest rows; they are still listed oldest first.
        if let Some(limit) = filter.limit {
            sql = format!("SELECT * FROM ({sql} ORDER BY id DESC LIMIT {limit})");
        }
        sql.push_str(" ORDER BY id");
        let since = filter.since.map(stamp).unwrap_or_default();
        let mut statement = self.conn().prepare(&sql)?;
        let map = |row: &rusqlite::Row<'_>| {
            Ok(AuditEntry {
                id: row.get("id")?,
                at: instant(row, "at")?,
                user: row.get("user")?,
                action: word(row, "action")?,
                entity: row.get("entity")?,
                entity_id: row.get("entity_id")?,
            })
        };
        let rows = match filter.client_id {
            Some(client) => self.read_rows("audit", &mut statement, params![since, client], map)?,
            None => self.read_rows("audit", &mut statement, params![since], map)?,
        };
        Ok(rows)
    }
}

/// The start of a local date as a UTC instant, for `--since DATE`.
pub fn since_date(zone: crate::domain::time::Zone, date: NaiveDate) -> DateTime<Utc> {
    zone.local_day_bounds(date).0
}
