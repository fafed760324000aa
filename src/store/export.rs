//! The records behind `export fhir`: one query per record kind, limited to one
//! client or to a caseload, read from one snapshot so the references agree.

use super::listing::Select;
use super::sql::date;
use super::{
    Result, Store, appointments, assessments, care_plans, clients, contacts, encounters, enrollments, followups,
    medications, notes, referrals,
};
use crate::domain::client::ClientStatus;
use crate::interop::fhir::{ExportRecords, PlanReview};

/// Whose records an export holds.
#[derive(Debug, Clone)]
pub enum ExportScope {
    /// One client, whatever their status.
    Client(i64),
    /// Clients not discharged, of this coordinator (None: the whole team).
    Caseload { coordinator: Option<String> },
}

impl ExportScope {
    /// A SELECT over `table` limited to the scope; `key` is the column holding the client id.
    fn select(&self, table: &'static str, columns: &str, key: &str) -> Select {
        let mut select = Select::new(table, columns);
        match self {
            ExportScope::Client(id) => {
                select.when(&format!("{key} = ?"), *id);
            }
            ExportScope::Caseload { coordinator } => {
                select.when(
                    &format!("{key} IN (SELECT id FROM client WHERE status <> ?)"),
                    ClientStatus::Discharged.as_str(),
                );
                select
                    .when_some(&format!("{key} IN (SELECT id FROM client WHERE coordinator = ?)"), coordinator.clone());
            }
        }
        select
    }

    fn records(&self, table: &'static str, columns: &str) -> Select {
        self.select(table, columns, "client_id")
    }
}

impl Store {
    /// The database's identity: a UUID made once by migration 13, never changed.
    pub fn database_id(&self) -> Result<String> {
        Ok(self.conn().query_row("SELECT value FROM meta WHERE key = 'database_id'", [], |row| row.get(0))?)
    }

    /// Every record an export of `scope` holds, each kind in id order.
    pub fn export_records(&self, scope: &ExportScope) -> Result<ExportRecords> {
        // A read transaction: a write committed between two queries cannot
        // leave a reference to a record the export does not hold.
        let snapshot = self.conn().begin_read()?;
        let records = ExportRecords {
            database_id: self.database_id()?,
            clients: scope.select("client", clients::COLUMNS, "id").fetch(self, "id", clients::from_row)?,
            contacts: scope.records("contact", contacts::COLUMNS).fetch(self, "id", contacts::from_row)?,
            notes: scope.records("note", notes::COLUMNS).fetch(self, "id", notes::from_row)?,
            appointments: scope.records("appointment", appointments::COLUMNS).fetch(
                self,
                "id",
                appointments::from_row,
            )?,
            followups: scope.records("followup", followups::COLUMNS).fetch(self, "id", followups::from_row)?,
            referrals: scope.records("referral", referrals::COLUMNS).fetch(self, "id", referrals::from_row)?,
            encounters: scope.records("encounter", encounters::COLUMNS).fetch(self, "id", encounters::from_row)?,
            enrollments: scope.records("enrollment", enrollments::COLUMNS).fetch(self, "id", enrollments::from_row)?,
            problems: scope.records("problem", care_plans::PROBLEM_COLUMNS).fetch(
                self,
                "id",
                care_plans::problem_from_row,
            )?,
            goals: scope.records("goal", care_plans::GOAL_COLUMNS).fetch(self, "id", care_plans::goal_from_row)?,
            interventions: scope.records("intervention", care_plans::INTERVENTION_COLUMNS).fetch(
                self,
                "id",
                care_plans::intervention_from_row,
            )?,
            reviews: scope
                .records("care_plan", "client_id, last_reviewed_on, last_reviewed_by")
                .filter("last_reviewed_on IS NOT NULL")
                .fetch(self, "client_id", |row| {
                    Ok(PlanReview {
                        client_id: row.get("client_id")?,
                        on: date(row, "last_reviewed_on")?,
                        by: row.get("last_reviewed_by")?,
                    })
                })?,
            assessments: scope.records("assessment", assessments::COLUMNS).fetch(self, "id", assessments::from_row)?,
            medications: scope.records("medication", medications::COLUMNS).fetch(self, "id", medications::from_row)?,
            reconciliations: scope.records("reconciliation", medications::RECONCILIATION_COLUMNS).fetch(
                self,
                "id",
                medications::reconciliation_from_row,
            )?,
        };
        snapshot.finish()?;
        Ok(records)
    }
}
