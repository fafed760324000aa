//! The records behind `report monthly`: one bounded query per record kind,
//! each limited to one coordinator's clients and the month.

use chrono::NaiveDate;
use rusqlite::params;

use super::clients::ClientFilter;
use super::sql::stamp;
use super::{Result, Store, appointments, encounters, enrollments, notes, referrals};
use crate::domain::billing::BillingRecords;
use crate::interop::report::{Month, MonthRecords};

/// The coordinator's clients, as a subquery.
const CASELOAD: &str = "client_id IN (SELECT id FROM client WHERE coordinator = ?1)";

impl Store {
    /// The coordinator's clients on the caseload during the month (enrolled by
    /// its end, not discharged before it), with their notes and appointments
    /// dated in the month and the referrals opened or changed in it.
    pub fn month_records(&self, coordinator: &str, month: &Month) -> Result<MonthRecords> {
        let mut clients =
            self.clients(&ClientFilter { coordinator: Some(coordinator.into()), ..ClientFilter::default() })?;
        clients.retain(|c| c.enrolled_on <= month.last && c.discharged_on.is_none_or(|d| d >= month.first));
        let (from, until) = (stamp(month.from), stamp(month.until));
        let notes = self.query_all(
            "note",
            &format!("SELECT {} FROM note WHERE contact_at >= ?2 AND contact_at < ?3 AND {CASELOAD}", notes::COLUMNS),
            params![coordinator, from, until],
            notes::from_row,
        )?;
        let appointments = self.query_all(
            "appointment",
            &format!(
                "SELECT {} FROM appointment WHERE starts_at >= ?2 AND starts_at < ?3 AND {CASELOAD}",
                appointments::COLUMNS
            ),
            params![coordinator, from, until],
            appointments::from_row,
        )?;
        let referrals = self.query_all(
            "referral",
            &format!(
                "SELECT {} FROM referral WHERE ((created_at >= ?2 AND created_at < ?3)
                    OR (status_changed_on >= ?4 AND status_changed_on <= ?5)) AND {CASELOAD}",
                referrals::COLUMNS
            ),
            params![coordinator, from, until, month.first, month.last],
            referrals::from_row,
        )?;
        Ok(MonthRecords { clients, notes, appointments, referrals })
    }

    /// What the minutes ledger of `month` needs, for one coordinator's
    /// clients (None: the team's) on the caseload during the month: their
    /// enrollments overlapping it, notes and appointments from its start to
    /// `through` (the end of the last TCM window), open care-plan problems,
    /// and the encounters discharged in it.
    pub fn billing_records(
        &self,
        coordinator: Option<&str>,
        month: &Month,
        through: NaiveDate,
    ) -> Result<BillingRecords> {
        const CASELOAD: &str = "client_id IN (SELECT id FROM client WHERE ?1 IS NULL OR coordinator = ?1)";
        let mut clients =
            self.clients(&ClientFilter { coordinator: coordinator.map(str::to_string), ..ClientFilter::default() })?;
        clients.retain(|c| c.enrolled_on <= month.last && c.discharged_on.is_none_or(|d| d >= month.first));
        let (from, until) = (stamp(month.from), stamp(month.zone.local_day_bounds(through).1));
        let enrollments = self.query_all(
            "enrollment",
            &format!(
                "SELECT {} FROM enrollment WHERE started_on <= ?2 AND (ended_on IS NULL OR ended_on >= ?3) AND {CASELOAD}
                 ORDER BY client_id, started_on, id",
                enrollments::COLUMNS
            ),
            params![coordinator, month.last, month.first],
            enrollments::from_row,
        )?;
        let notes = self.query_all(
            "note",
            &format!("SELECT {} FROM note WHERE contact_at >= ?2 AND contact_at < ?3 AND {CASELOAD}", notes::COLUMNS),
            params![coordinator, from, until],
            notes::from_row,
        )?;
        let appointments = self.query_all(
            "appointment",
            &format!(
                "SELECT {} FROM appointment WHERE starts_at >= ?2 AND starts_at < ?3 AND {CASELOAD}",
                appointments::COLUMNS
            ),
            params![coordinator, from, until],
            appointments::from_row,
        )?;
        let encounters = self.query_all(
            "encounter",
            &format!(
                "SELECT {} FROM encounter WHERE discharged_on >= ?2 AND discharged_on <= ?3 AND {CASELOAD}",
                encounters::COLUMNS
            ),
            params![coordinator, month.first, month.last],
            encounters::from_row,
        )?;
        let problems = self
            .query_all(
                "problem",
                &format!(
                    "SELECT client_id, count(*) FROM problem WHERE status = 'active' AND {CASELOAD} GROUP BY client_id"
                ),
                params![coordinator],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )?
            .into_iter()
            .collect();
        Ok(BillingRecords { clients, enrollments, notes, problems, encounters, appointments })
    }

    fn query_all<T>(
        &self,
        table: &'static str,
        sql: &str,
        params: impl rusqlite::Params,
        map: fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        self.read_rows(table, &mut self.conn().prepare(sql)?, params, map)
    }
}
