//! `caseload check`'s scan: every row of every table read the way its records
//! are read, to name each one this version cannot decode. Kept apart from
//! `unreadable`, which every record module uses, so the record modules do not
//! depend on each other through it.

use super::db::{Dialect, Row};

use super::sql::{date, instant, optional_date, word};
use super::unreadable::{UnreadableRow, decode};
use super::{AuditAction, Result, Store};
use super::{
    appointments, assessments, care_plans, clients, contacts, drafts, encounters, followups, medications, notes,
    referrals, resources,
};
use crate::domain::alerts::AlertKind;

impl Store {
    /// Every row of every table that this version cannot decode, each table
    /// read the way its records are read (for `caseload check`).
    pub fn scan_unreadable(&self) -> Result<Vec<UnreadableRow>> {
        type Check<'a> = &'a dyn Fn(&Row<'_>) -> rusqlite::Result<()>;
        let tables: [(&'static str, &str, Check<'_>); 19] = [
            ("client", clients::COLUMNS, &|row| clients::from_row(row).map(drop)),
            ("contact", contacts::COLUMNS, &|row| contacts::from_row(row).map(drop)),
            ("note", notes::COLUMNS, &|row| notes::from_row(row).map(drop)),
            ("appointment", appointments::COLUMNS, &|row| appointments::from_row(row).map(drop)),
            ("followup", followups::COLUMNS, &|row| followups::from_row(row).map(drop)),
            ("referral", referrals::COLUMNS, &|row| referrals::from_row(row).map(drop)),
            ("resource", resources::COLUMNS, &|row| resources::from_row(row).map(drop)),
            ("assessment", assessments::COLUMNS, &|row| assessments::from_row(row).map(drop)),
            ("encounter", encounters::COLUMNS, &|row| encounters::from_row(row).map(drop)),
            ("medication", medications::COLUMNS, &|row| medications::from_row(row).map(drop)),
            ("reconciliation", medications::RECONCILIATION_COLUMNS, &|row| {
                medications::reconciliation_from_row(row).map(drop)
            }),
            ("problem", care_plans::PROBLEM_COLUMNS, &|row| care_plans::problem_from_row(row).map(drop)),
            ("goal", care_plans::GOAL_COLUMNS, &|row| care_plans::goal_from_row(row).map(drop)),
            ("intervention", care_plans::INTERVENTION_COLUMNS, &|row| care_plans::intervention_from_row(row).map(drop)),
            ("care_plan", "client_id, last_reviewed_on, last_reviewed_by", &|row| {
                optional_date(row, 1).and_then(|_| row.get::<_, Option<String>>(2)).map(drop)
            }),
            ("draft", drafts::COLUMNS, &|row| drafts::from_row(row).map(drop)),
            ("assessment_draft", drafts::SCREENING_COLUMNS, &|row| drafts::screening_from_row(row).map(drop)),
            ("alert_snooze", "id, client_id, kind, subject_id, until, reason, created_by, created_at", &|row| {
                word::<AlertKind>(row, 2)?;
                date(row, 4)?;
                row.get::<_, String>(5)?;
                row.get::<_, String>(6)?;
                instant(row, 7).map(drop)
            }),
            ("audit", "id, at, \"user\", action, entity, entity_id", &|row| {
                instant(row, 1)?;
                word::<AuditAction>(row, 3)?;
                row.get::<_, String>(2)?;
                row.get::<_, String>(4)?;
                row.get::<_, Option<i64>>(5)?;
                Ok(())
            }),
        ];
        let dialect = self.conn().dialect();
        let mut unreadable = Vec::new();
        for (table, columns, check) in tables {
            let order = stored_order(dialect, table);
            let mut statement = self.conn().prepare(&format!("SELECT {columns} FROM {table} ORDER BY {order}"))?;
            let mut rows = statement.query([])?;
            while let Some(row) = rows.next()? {
                if let Err(row) = decode(table, &row, &mut |row| check(row))? {
                    unreadable.push(row);
                }
            }
        }
        Ok(unreadable)
    }
}

/// The order rows were stored in, so problems are listed oldest first: SQLite's
/// rowid; on PostgreSQL, which has none, the table's key (an identity id, which
/// grows with every row, or the key of the tables that have no id).
fn stored_order(dialect: Dialect, table: &str) -> &'static str {
    match (dialect, table) {
        (Dialect::Sqlite, _) => "rowid",
        (Dialect::Postgres, "care_plan") => "client_id",
        (Dialect::Postgres, "assessment_draft") => "created_at, \"user\", client_id, instrument",
        (Dialect::Postgres, _) => "id",
    }
}
