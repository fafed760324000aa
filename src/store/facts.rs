//! The bounded set of queries that feed the alert rules: one query per kind
//! of record, never one per client, so 10,000 clients cost the same few
//! statements as ten.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use rusqlite::{Row, ToSql, named_params};

use super::sql::{self, date, optional_date, optional_instant, optional_text, qualified, stamp, word};
use super::{AuditAction, Result, Store, StoreError, appointments, care_plans, encounters, followups, referrals};
use crate::domain::alerts::{AlertKind, AlertRules, ClientFacts, Facts, Snooze};
use crate::domain::client::display_name;
use crate::domain::dates::{first_day_of_month, last_day_of_month};
use crate::domain::time::Now;
use crate::domain::validation::required_text;
use crate::domain::{Invalid, appointment::Appointment};

/// Extra named parameters of one query.
type NamedParams<'a> = Vec<(&'static str, &'a dyn ToSql)>;

/// Whose alerts: one coordinator's caseload (None: the whole team), or one client.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    pub coordinator: Option<String>,
    pub client_id: Option<i64>,
}

/// What the rules, the triage order and the caseload list read of a client
/// (`client_facts_from_row` reads them by position).
const FACT_COLUMNS: &str = "c.id, c.family_name, c.given_name, c.preferred_name, c.mrn, c.phone, c.program, c.risk,
    c.status, c.enrolled_on, c.payer, c.coverage_ends_on, c.consent_expires_on, cp.last_reviewed_on, lc.contact_at";

/// One shared copy of each distinct text read: a team's clients name a
/// handful of programs and payers between them.
#[derive(Default)]
struct Shared(HashSet<Arc<str>>);

impl Shared {
    fn get(&mut self, text: &str) -> Arc<str> {
        if let Some(shared) = self.0.get(text) {
            return Arc::clone(shared);
        }
        let shared: Arc<str> = Arc::from(text);
        self.0.insert(Arc::clone(&shared));
        shared
    }
}

/// A client's facts from a row that starts with `FACT_COLUMNS`; the minutes
/// come next, when the query reads them.
fn client_facts_from_row(row: &Row<'_>, shared: &mut Shared) -> rusqlite::Result<ClientFacts> {
    let preferred = optional_text(row, 3)?;
    Ok(ClientFacts {
        id: row.get(0)?,
        name: display_name(sql::required_text(row, 1)?, sql::required_text(row, 2)?, preferred),
        mrn: row.get(4)?,
        phone: row.get(5)?,
        program: shared.get(sql::required_text(row, 6)?),
        risk: word(row, 7)?,
        status: word(row, 8)?,
        enrolled_on: date(row, 9)?,
        payer: optional_text(row, 10)?.map(|payer| shared.get(payer)),
        coverage_ends_on: optional_date(row, 11)?,
        consent_expires_on: optional_date(row, 12)?,
        last_reviewed_on: optional_date(row, 13)?,
        last_contact_at: optional_instant(row, 14)?,
        minutes_this_month: row.get(15)?,
    })
}

/// The clause every query shares: active clients in scope (table alias `c`).
const IN_SCOPE: &str = "c.status = 'active' AND (:coordinator IS NULL OR c.coordinator = :coordinator) AND (:client IS NULL OR c.id = :client)";

/// The FROM and WHERE parts for records of `table` (as `alias`)
/// of clients in scope: one client's through the table's `client_id` index
/// (named, since the planner would pick the rule's status index, which scans the
/// whole team's), a caseload's against its ids (a seek in the small
/// coordinator index), the team's not filtered at all. No record looks up its
/// client row: `compute` keeps only the records of active clients in scope.
fn records_in_scope(table: &str, alias: &str, scope: &Scope) -> (String, String) {
    match (scope.client_id, &scope.coordinator) {
        (Some(_), _) => {
            (format!("{table} {alias} INDEXED BY {table}_by_client"), format!("{alias}.client_id = :client"))
        }
        (None, Some(_)) => (
            format!("{table} {alias}"),
            format!("{alias}.client_id IN (SELECT id FROM client WHERE coordinator = :coordinator)"),
        ),
        (None, None) => (format!("{table} {alias}"), "1".to_string()),
    }
}

impl Store {
    /// Everything the alert rules read for `scope` at `now`.
    pub fn alert_facts(&self, scope: &Scope, now: Now, rules: &AlertRules) -> Result<Facts> {
        let today = now.today();
        let days = |n: u32| Duration::days(i64::from(n));
        let local_day_bounds = |date| now.zone.local_day_bounds(date);
        let (month_start, _) = local_day_bounds(first_day_of_month(today));
        let (_, month_end) = local_day_bounds(last_day_of_month(today));
        let (_, horizon) = local_day_bounds(today + days(rules.appt_unconfirmed_days.max(rules.transport_needed_days)));
        let tcm_start = today - days(rules.tcm_window_days);
        let (no_show_start, _) = local_day_bounds(today - days(rules.no_show_window_days));

        let one_client = if scope.client_id.is_some() { "c.id = :client AND " } else { "" };
        let mut shared = Shared::default();
        let client_facts = self.query(
            "client",
            &format!(
                "SELECT {FACT_COLUMNS},
                    CASE WHEN upper(c.program) = 'CCM' THEN
                        (SELECT coalesce(sum(n.minutes), 0) FROM note n WHERE n.client_id = c.id
                            AND n.contact_at >= :month_start AND n.contact_at < :month_end)
                    ELSE 0 END AS minutes_this_month
                 FROM client c LEFT JOIN care_plan cp ON cp.client_id = c.id
                    LEFT JOIN last_contact lc ON lc.client_id = c.id
                 WHERE {one_client}{IN_SCOPE}"
            ),
            scope,
            &[(":month_start", &stamp(month_start)), (":month_end", &stamp(month_end))],
            |row| client_facts_from_row(row, &mut shared),
        )?;
        let encounter_columns = qualified(encounters::COLUMNS, "e");
        let (from, in_scope) = records_in_scope("encounter", "e", scope);
        let encounters = self.query(
            "encounter",
            &format!(
                "SELECT {encounter_columns} FROM {from}
                 WHERE e.discharged_on >= :since AND e.kind IN ('inpatient', 'observation', 'snf') AND {in_scope}"
            ),
            scope,
            &[(":since", &tcm_start)],
            encounters::from_row,
        )?;

        // Appointments for several rules, each fetched by its own index and merged by id.
        let (until, from_now) = (stamp(horizon), stamp(now.instant));
        let (no_show_from, tcm_from) = (stamp(no_show_start), stamp(local_day_bounds(tcm_start).0));
        let appointment_queries: [(&str, NamedParams<'_>); 4] = [
            // Unconfirmed soon, and still open after they ended.
            ("a.status IN ('scheduled', 'confirmed') AND a.starts_at < :until", vec![(":until", &until)]),
            ("a.status = 'no_show' AND a.starts_at >= :since", vec![(":since", &no_show_from)]),
            (
                "a.transport = 'needed' AND a.starts_at >= :since AND a.starts_at < :until",
                vec![(":since", &from_now), (":until", &until)],
            ),
            // Visits after a recent discharge.
            (
                "a.status <> 'cancelled' AND a.kind IN ('pcp', 'specialist', 'home_visit', 'telehealth')
                    AND a.starts_at >= :since
                    AND a.client_id IN (SELECT client_id FROM encounter WHERE discharged_on >= :tcm)",
                vec![(":since", &tcm_from), (":tcm", &tcm_start)],
            ),
        ];
        let appointment_columns = qualified(appointments::COLUMNS, "a");
        let (from, in_scope) = records_in_scope("appointment", "a", scope);
        let mut appointments: BTreeMap<i64, Appointment> = BTreeMap::new();
        for (condition, extra) in &appointment_queries {
            let sql = format!("SELECT {appointment_columns} FROM {from} WHERE {condition} AND {in_scope}");
            for appointment in self.query("appointment", &sql, scope, extra, appointments::from_row)? {
                appointments.insert(appointment.id, appointment);
            }
        }

        let followup_columns = qualified(followups::COLUMNS, "f");
        let (from, in_scope) = records_in_scope("followup", "f", scope);
        let followups = self.query(
            "followup",
            &format!(
                "SELECT {followup_columns} FROM {from}
                 WHERE f.status = 'open' AND f.due_on <= :today AND {in_scope}"
            ),
            scope,
            &[(":today", &today)],
            followups::from_row,
        )?;
        let referral_columns = qualified(referrals::COLUMNS, "r");
        let (from, in_scope) = records_in_scope("referral", "r", scope);
        let referrals = self.query(
            "referral",
            &format!(
                "SELECT {referral_columns} FROM {from}
                 WHERE r.status = 'sent' AND r.status_changed_on <= :stale AND {in_scope}"
            ),
            scope,
            &[(":stale", &(today - days(rules.referral_stale_days)))],
            referrals::from_row,
        )?;
        let goal_columns = qualified(care_plans::GOAL_COLUMNS, "g");
        let (from, in_scope) = records_in_scope("goal", "g", scope);
        let goals = self.query(
            "goal",
            &format!(
                "SELECT {goal_columns} FROM {from}
                 WHERE g.status IN ('proposed', 'active') AND g.target_on < :today AND {in_scope}"
            ),
            scope,
            &[(":today", &today)],
            care_plans::goal_from_row,
        )?;
        let (from, in_scope) = records_in_scope("alert_snooze", "s", scope);
        let snoozes = self.query(
            "alert_snooze",
            &format!(
                "SELECT s.id, s.client_id, s.kind, s.subject_id, s.until FROM {from}
                 WHERE s.until > :today AND {in_scope}"
            ),
            scope,
            &[(":today", &today)],
            |row| {
                Ok(Snooze { client_id: row.get(1)?, kind: word(row, 2)?, subject: row.get(3)?, until: date(row, 4)? })
            },
        )?;
        Ok(Facts {
            clients: client_facts,
            encounters,
            appointments: appointments.into_values().collect(),
            followups,
            referrals,
            goals,
            snoozes,
        })
    }

    /// Runs one scoped query: `:coordinator` and `:client` come from the scope.
    fn query<T>(
        &self,
        table: &'static str,
        sql: &str,
        scope: &Scope,
        extra: &[(&str, &dyn ToSql)],
        map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        // Only the scope parameters the statement names: binding another is an error.
        let scope_params: [(&str, &dyn ToSql); 2] =
            [(":coordinator", &scope.coordinator), (":client", &scope.client_id)];
        let mut params: Vec<(&str, &dyn ToSql)> =
            scope_params.into_iter().filter(|(name, _)| sql.contains(name)).collect();
        params.extend_from_slice(extra);
        self.read_rows(table, &mut *self.conn().prepare_cached(sql)?, params.as_slice(), map)
    }

    /// Hides one alert until `until`, keeping the reason; audited as a snooze.
    pub fn snooze_alert(
        &mut self,
        client_id: i64,
        kind: AlertKind,
        subject: Option<i64>,
        until: NaiveDate,
        reason: &str,
        today: NaiveDate,
    ) -> Result<i64> {
        let reason = validate_snooze(until, reason, today)?;
        match (kind.has_subject(), subject) {
            (true, None) => {
                return Err(Invalid::new(
                    "subject",
                    format!("a {kind} alert is about one record, so the snooze must name it"),
                    "give --subject ID, the subject shown by `caseload alerts --format json`",
                )
                .into());
            }
            (false, Some(_)) => {
                return Err(Invalid::new(
                    "subject",
                    format!("a {kind} alert is about the client as a whole, not one record"),
                    "leave out --subject",
                )
                .into());
            }
            _ => {}
        }
        self.client(client_id)?;
        self.write(|w| {
            w.conn()
                .prepare_cached(
                    "INSERT INTO alert_snooze (client_id, kind, subject_id, until, reason, created_by, created_at)
                     VALUES (:client, :kind, :subject, :until, :reason, :user, :now)",
                )?
                .execute(named_params! {
                    ":client": client_id, ":kind": kind.as_str(), ":subject": subject, ":until": until,
                    ":reason": reason, ":user": w.user(), ":now": stamp(w.now()),
                })
                .map_err(StoreError::from)?;
            let id = w.conn().last_insert_rowid();
            w.audit(AuditAction::Snooze, "alert_snooze", Some(id))?;
            Ok(id)
        })
    }
}

/// A snooze needs a reason and a date after today (SPEC §3).
pub fn validate_snooze(until: NaiveDate, reason: &str, today: NaiveDate) -> Result<String, Invalid> {
    let reason = required_text("reason", reason)?;
    if until <= today {
        return Err(Invalid::new(
            "until",
            format!("a snooze must end after today, and {until} does not"),
            "give --until a later date, e.g. +3d or friday",
        ));
    }
    Ok(reason)
}
