//! The records behind `report monthly`, `report billing` and `report
//! quality`: one bounded query per record kind, each limited to one
//! coordinator's clients and the month or period.

use super::db::Row;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::params;

use super::clients::ClientFilter;
use super::sql::stamp;
use super::{Result, Store, appointments, assessments, encounters, enrollments, medications, notes, referrals};
use crate::domain::appointment::Appointment;
use crate::domain::billing::BillingRecords;
use crate::domain::client::Client;
use crate::domain::note::Note;
use crate::domain::quality::{LONGEST_WINDOW_DAYS, Period, QualityRecords};
use crate::domain::time::Zone;
use crate::interop::report::{Month, MonthRecords};

/// The clients of coordinator ?1 (NULL: the team's), as a subquery.
const CASELOAD: &str = "client_id IN (SELECT id FROM client WHERE ?1 IS NULL OR coordinator = ?1)";

/// Whether a client was on the caseload at some time from `first` to `last`:
/// enrolled by then, not discharged before.
fn on_caseload_between(client: &Client, first: NaiveDate, last: NaiveDate) -> bool {
    client.enrolled_on <= last && client.discharged_on.is_none_or(|d| d >= first)
}

/// The clients with a discharge, or an ED visit, from ?2 to ?3 (the
/// encounters the quality measures count), as a subquery.
const AFTER_ENCOUNTER: &str =
    "client_id IN (SELECT client_id FROM encounter WHERE (discharged_on >= ?2 AND discharged_on <= ?3)
    OR (kind = 'ed' AND admitted_on >= ?2 AND admitted_on <= ?3))";

/// The longest window after an encounter (FUH, FUM and FUA 30 days, a
/// reconciliation 30, a TCM visit 14, a contact 2 business days).
const ENCOUNTER_WINDOW_DAYS: i64 = 30;

impl Store {
    /// The coordinator's clients on the caseload during the month (enrolled by
    /// its end, not discharged before it), with their notes and appointments
    /// dated in the month and the referrals opened or changed in it.
    pub fn month_records(&self, coordinator: &str, month: &Month) -> Result<MonthRecords> {
        let clients = self.clients_in_month(Some(coordinator), month)?;
        let (notes, appointments) = self.notes_and_appointments(Some(coordinator), month.from, month.until)?;
        let referrals = self.query_all(
            "referral",
            &format!(
                "SELECT {} FROM referral WHERE ((created_at >= ?2 AND created_at < ?3)
                    OR (status_changed_on >= ?4 AND status_changed_on <= ?5)) AND {CASELOAD} ORDER BY client_id, id",
                referrals::COLUMNS
            ),
            params![coordinator, stamp(month.from), stamp(month.until), month.first, month.last],
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
        let clients = self.clients_in_month(coordinator, month)?;
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
        let (notes, appointments) =
            self.notes_and_appointments(coordinator, month.from, month.zone.local_day_bounds(through).1)?;
        let encounters = self.query_all(
            "encounter",
            &format!(
                "SELECT {} FROM encounter WHERE discharged_on >= ?2 AND discharged_on <= ?3 AND {CASELOAD} ORDER BY client_id, id",
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

    /// What the quality measures of `period` need (SPEC §10), for one
    /// coordinator's clients (None: the team's) on the caseload during it:
    /// the encounters discharged (or ED visits) in it, the PHQ-9s, AHC HRSNs
    /// and referrals sent in it, and the evidence dated from its start to
    /// the end of the longest window (local days in `zone`). Notes and
    /// visits count only after an encounter, so only the contacts and
    /// completed visits of clients with one are read, up to its longest
    /// window (at 100,000 clients every note of the period is a second's read).
    pub fn quality_records(&self, coordinator: Option<&str>, period: &Period, zone: Zone) -> Result<QualityRecords> {
        let through = period.to + chrono::Duration::days(LONGEST_WINDOW_DAYS);
        let (from, until) = (zone.local_day_bounds(period.from).0, zone.local_day_bounds(through).1);
        let visits_until = stamp(zone.local_day_bounds(period.to + chrono::Duration::days(ENCOUNTER_WINDOW_DAYS)).1);
        let notes = self.query_all(
            "note",
            &format!(
                "SELECT {} FROM note WHERE contact_at >= ?4 AND contact_at < ?5 AND {CASELOAD}
                    AND {AFTER_ENCOUNTER} ORDER BY client_id, id",
                notes::COLUMNS
            ),
            params![coordinator, period.from, period.to, stamp(from), visits_until],
            notes::from_row,
        )?;
        let appointments = self.query_all(
            "appointment",
            &format!(
                "SELECT {} FROM appointment WHERE status = 'completed' AND starts_at >= ?4 AND starts_at < ?5
                    AND {CASELOAD} AND {AFTER_ENCOUNTER} ORDER BY client_id, id",
                appointments::COLUMNS
            ),
            params![coordinator, period.from, period.to, stamp(from), visits_until],
            appointments::from_row,
        )?;
        let encounters = self.query_all(
            "encounter",
            &format!(
                "SELECT {} FROM encounter WHERE ((discharged_on >= ?2 AND discharged_on <= ?3)
                    OR (kind = 'ed' AND admitted_on >= ?2 AND admitted_on <= ?3)) AND {CASELOAD} ORDER BY client_id, id",
                encounters::COLUMNS
            ),
            params![coordinator, period.from, period.to],
            encounters::from_row,
        )?;
        let reconciliations = self.query_all(
            "reconciliation",
            &format!(
                "SELECT {} FROM reconciliation WHERE reconciled_on >= ?2 AND reconciled_on <= ?3 AND {CASELOAD} ORDER BY client_id, id",
                medications::RECONCILIATION_COLUMNS
            ),
            params![coordinator, period.from, through],
            medications::reconciliation_from_row,
        )?;
        let assessments = self.query_all(
            "assessment",
            &format!(
                "SELECT {} FROM assessment WHERE instrument IN ('phq9', 'hrsn') AND taken_at >= ?2 AND taken_at < ?3
                    AND {CASELOAD} ORDER BY client_id, id",
                assessments::COLUMNS
            ),
            params![coordinator, stamp(from), stamp(until)],
            assessments::from_row,
        )?;
        let referrals = self.query_all(
            "referral",
            &format!(
                "SELECT {} FROM referral WHERE ((sent_on >= ?2 AND sent_on <= ?3)
                    OR (created_at >= ?4 AND created_at < ?5)) AND {CASELOAD} ORDER BY client_id, id",
                referrals::COLUMNS
            ),
            params![coordinator, period.from, period.to, stamp(from), stamp(until)],
            referrals::from_row,
        )?;
        // Only the clients of those events, not the whole caseload (at 100,000 clients, a second).
        let mut ids: Vec<i64> = encounters
            .iter()
            .map(|e| e.client_id)
            .chain(assessments.iter().map(|a| a.client_id))
            .chain(referrals.iter().map(|r| r.client_id))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let mut clients = self.clients_by_id(&ids)?;
        clients.retain(|c| on_caseload_between(c, period.from, period.to));
        Ok(QualityRecords { clients, encounters, notes, appointments, reconciliations, assessments, referrals })
    }

    /// The clients of `coordinator` (None: the team's) on the caseload during
    /// the month: enrolled by its end, not discharged before it.
    fn clients_in_month(&self, coordinator: Option<&str>, month: &Month) -> Result<Vec<Client>> {
        self.clients_between(coordinator, month.first, month.last)
    }

    /// The clients of `coordinator` (None: the team's) on the caseload at
    /// some time from `first` to `last`: enrolled by then, not discharged before.
    fn clients_between(&self, coordinator: Option<&str>, first: NaiveDate, last: NaiveDate) -> Result<Vec<Client>> {
        let mut clients =
            self.clients(&ClientFilter { coordinator: coordinator.map(str::to_string), ..ClientFilter::default() })?;
        clients.retain(|c| on_caseload_between(c, first, last));
        Ok(clients)
    }

    /// Those clients' notes and appointments from `from` until `until`.
    fn notes_and_appointments(
        &self,
        coordinator: Option<&str>,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<(Vec<Note>, Vec<Appointment>)> {
        let (from, until) = (stamp(from), stamp(until));
        let notes = self.query_all(
            "note",
            &format!(
                "SELECT {} FROM note WHERE contact_at >= ?2 AND contact_at < ?3 AND {CASELOAD} ORDER BY client_id, id",
                notes::COLUMNS
            ),
            params![coordinator, from, until],
            notes::from_row,
        )?;
        let appointments = self.query_all(
            "appointment",
            &format!(
                "SELECT {} FROM appointment WHERE starts_at >= ?2 AND starts_at < ?3 AND {CASELOAD} ORDER BY client_id, id",
                appointments::COLUMNS
            ),
            params![coordinator, from, until],
            appointments::from_row,
        )?;
        Ok((notes, appointments))
    }

    fn query_all<T>(
        &self,
        table: &'static str,
        sql: &str,
        params: impl super::db::Params,
        map: fn(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        self.read_rows(table, &mut self.conn().prepare(sql)?, params, map)
    }
}
