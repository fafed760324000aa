//! The bounded set of queries that feed the alert rules: one query per kind
//! of record, never one per client, so 10,000 clients cost the same few
//! statements as ten.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::db::{Db, Dialect, Row};
use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use rusqlite::{ToSql, named_params};

use super::sql::{self, date, instant, optional_date, optional_instant, optional_text, qualified, stamp, word};
use super::{
    AuditAction, Result, Store, StoreError, UnreadableLog, appointments, assessments, care_plans, encounters,
    enrollments, followups, medications, referrals,
};
use crate::domain::alerts::{AlertKind, AlertRules, ClientFacts, Facts, LatestScreening, Snooze, Subject};
use crate::domain::care_plan::Goal;
use crate::domain::client::display_name;
use crate::domain::dates::{first_day_of_month, last_day_of_month};
use crate::domain::followup::Followup;
use crate::domain::program::Enrollment;
use crate::domain::program::Program;
use crate::domain::referral::Referral;
use crate::domain::schedule::snooze_until;
use crate::domain::screening::Assessment;
use crate::domain::screening::SOCIAL_NEEDS;
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
    c.status, c.enrolled_on, c.payer, c.coverage_ends_on, c.consent_expires_on, cp.last_reviewed_on, lc.contact_at, c.coordinator";

/// One shared copy of each distinct text read: a team's clients name a
/// handful of programs, payers and coordinators between them.
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

/// A client id, a program and a number of minutes.
fn program_minutes(row: &Row<'_>) -> rusqlite::Result<((i64, Program), i64)> {
    Ok(((row.get(0)?, word(row, 1)?), row.get(2)?))
}

/// A client's facts from a row that starts with `FACT_COLUMNS`.
fn client_facts_from_row(row: &Row<'_>, shared: &mut Shared) -> rusqlite::Result<ClientFacts> {
    let preferred = optional_text(row, 3)?;
    Ok(ClientFacts {
        id: row.get(0)?,
        name: display_name(sql::required_text(row, 1)?, sql::required_text(row, 2)?, preferred).into(),
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
        coordinator: shared.get(sql::required_text(row, 15)?),
    })
}

/// Ids as the JSON array a `json_ids` fragment reads.
fn json_list(ids: &[i64]) -> String {
    format!("[{}]", ids.iter().map(i64::to_string).collect::<Vec<_>>().join(","))
}

/// A scope as the queries bind it: `:coordinator`, and `:clients` (a JSON
/// array of client ids) when it is narrowed to some clients.
struct Bound<'a> {
    coordinator: Option<&'a str>,
    clients: Option<String>,
    dialect: Dialect,
}

impl Bound<'_> {
    fn of<'a>(scope: &'a Scope, ids: Option<&[i64]>, dialect: Dialect) -> Bound<'a> {
        let mut narrowed: Option<Vec<i64>> = ids.map(<[i64]>::to_vec);
        if let Some(id) = scope.client_id {
            narrowed = Some(narrowed.map_or_else(|| vec![id], |ids| ids.into_iter().filter(|i| *i == id).collect()));
        }
        let clients = narrowed.as_deref().map(json_list);
        Bound { coordinator: scope.coordinator.as_deref(), clients, dialect }
    }

    /// Active clients in scope (table alias `c`).
    fn clients_clause(&self) -> String {
        let some = match self.clients {
            Some(_) => format!(" AND c.id IN ({})", self.dialect.json_ids(":clients")),
            None => String::new(),
        };
        format!("c.status = 'active' AND (:coordinator IS NULL OR c.coordinator = :coordinator){some}")
    }

    /// Records of `alias` whose client is in scope (always true for the team).
    fn records_clause(&self, alias: &str) -> String {
        match (&self.clients, self.coordinator) {
            (Some(_), _) => format!("{alias}.client_id IN ({})", self.dialect.json_ids(":clients")),
            (None, Some(_)) => format!("{alias}.client_id IN (SELECT id FROM client WHERE coordinator = :coordinator)"),
            (None, None) => "TRUE".to_string(),
        }
    }

    /// The `columns` of the records of `table` (as `alias`) that meet
    /// `condition`, of clients in scope: some clients' through the table's
    /// `client_id` index (named, since the planner would pick the rule's
    /// status index, which scans the whole team's), a caseload's against its
    /// ids (a seek in the small coordinator index), the team's not filtered at
    /// all. No record looks up its client row: `compute` keeps only the
    /// records of active clients in scope. Scattered rows come by their ids,
    /// from the index first, then in id order: each of the table's pages is
    /// read once, in file order, where rows fetched in the index's order read
    /// the same pages again and again. The team's rows a condition reaches
    /// directly are read as they come: by id again, they are read twice.
    fn select(&self, table: &str, alias: &str, columns: &str, condition: &str, reach: Reach) -> String {
        let indexed = match self.clients {
            Some(_) => self.dialect.indexed_by(&format!("{table}_by_client")),
            None => String::new(),
        };
        let in_scope = self.records_clause(alias);
        if reach == Reach::Direct && self.clients.is_none() && self.coordinator.is_none() {
            return format!("SELECT {columns} FROM {table} {alias} WHERE {condition}");
        }
        format!(
            "SELECT {columns} FROM {table} {alias}
             WHERE {alias}.id IN (SELECT {alias}.id FROM {table} {alias}{indexed} WHERE {condition} AND {in_scope})"
        )
    }
}

/// How a fact query's condition reaches the team's rows (the planner's
/// choice on the demo data, `EXPLAIN QUERY PLAN`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// Through an index over the whole table (a status and a date), in its order.
    Scattered,
    /// In table order (a scan), or client by client through the client index.
    Direct,
}

/// One connection's reads of the fact queries, noting the rows it leaves
/// out in the store's log.
struct Reader<'a> {
    db: &'a Db,
    log: &'a UnreadableLog,
    scope: &'a Bound<'a>,
}

/// The half of the facts about the work open for the clients: follow-ups,
/// referrals and goals, programs and their minutes, screenings (the other
/// half, `Reader::records`, is a `Facts` without them). The halves are read
/// at once and take about as long at 100,000 clients.
struct OpenWork {
    followups: Vec<Followup>,
    referrals: Vec<Referral>,
    enrollments: Vec<Enrollment>,
    minutes: HashMap<(i64, Program), u32>,
    goals: Vec<Goal>,
    screenings: Screenings,
}

/// The screening facts (`Reader::screenings`).
struct Screenings {
    latest: Vec<LatestScreening>,
    recent: Vec<Assessment>,
    need_referrals: Vec<Referral>,
}

impl Reader<'_> {
    /// The clients in scope and their hospital stays, appointments, snoozes
    /// and reconciliations the rules read (the open work left empty).
    fn records(&self, now: Now, rules: &AlertRules) -> Result<Facts> {
        let today = now.today();
        let days = |n: u32| Duration::days(i64::from(n));
        let local_day_bounds = |date| now.zone.local_day_bounds(date);
        let (_, horizon) = local_day_bounds(today + days(rules.appt_unconfirmed_days.max(rules.transport_needed_days)));
        let tcm_start = today - days(rules.tcm_window_days);
        let (no_show_start, _) = local_day_bounds(today - days(rules.no_show_window_days));

        let mut shared = Shared::default();
        let client_facts = self.query(
            "client",
            &format!(
                "SELECT {FACT_COLUMNS}
                 FROM client c LEFT JOIN care_plan cp ON cp.client_id = c.id
                    LEFT JOIN last_contact lc ON lc.client_id = c.id
                 WHERE {}",
                self.scope.clients_clause()
            ),
            &[],
            |row| client_facts_from_row(row, &mut shared),
        )?;
        let encounters = self.query(
            "encounter",
            &self.scope.select(
                "encounter",
                "e",
                &qualified(encounters::COLUMNS, "e"),
                // Discharges (TCM, med_reconciliation, FUH) and ED visits (FUM, FUA) since the window opened.
                "((e.discharged_on >= :since AND e.kind IN ('inpatient', 'observation', 'snf'))
                    OR (e.kind = 'ed' AND e.admitted_on >= :since))",
                Reach::Direct,
            ),
            &[(":since", &tcm_start)],
            encounters::from_row,
        )?;

        // Appointments for several rules, each fetched by its own index, then
        // put in id order with each read once (a map by id was 10 MB of nodes
        // at 100,000 clients, a list is the rows alone).
        let (until, from_now) = (stamp(horizon), stamp(now.instant));
        let (no_show_from, tcm_from) = (stamp(no_show_start), stamp(local_day_bounds(tcm_start).0));
        // The scope's clients with a recent discharge or ED visit only: the whole
        // team's list is 9 ms at 100,000 clients, when opening one client needs one client's.
        let discharged_in_scope = format!(
            "a.client_id IN (SELECT e.client_id FROM encounter e
                WHERE (e.discharged_on >= :tcm OR e.admitted_on >= :tcm) AND {})",
            self.scope.records_clause("e")
        );
        let appointment_queries: [(&str, NamedParams<'_>, Reach); 5] = [
            // Unconfirmed soon, and still open after they ended (so begun before now: a
            // confirmed one still to come is read only if it needs transport, below).
            ("a.status = 'scheduled' AND a.starts_at < :until", vec![(":until", &until)], Reach::Scattered),
            ("a.status = 'confirmed' AND a.starts_at < :now", vec![(":now", &from_now)], Reach::Scattered),
            ("a.status = 'no_show' AND a.starts_at >= :since", vec![(":since", &no_show_from)], Reach::Scattered),
            (
                "a.transport = 'needed' AND a.starts_at >= :since AND a.starts_at < :until",
                vec![(":since", &from_now), (":until", &until)],
                Reach::Scattered,
            ),
            // Visits (and therapy, for bh_followup) after a recent discharge or ED visit.
            (
                &format!(
                    "a.status <> 'cancelled' AND a.kind IN ('pcp', 'specialist', 'home_visit', 'telehealth', 'therapy')
                        AND a.starts_at >= :since AND {discharged_in_scope}"
                ),
                vec![(":since", &tcm_from), (":tcm", &tcm_start)],
                Reach::Direct,
            ),
        ];
        let appointment_columns = qualified(appointments::COLUMNS, "a");
        let mut appointments: Vec<Appointment> = Vec::new();
        for (condition, extra, reach) in &appointment_queries {
            let sql = self.scope.select("appointment", "a", &appointment_columns, condition, *reach);
            appointments.extend(self.query("appointment", &sql, extra, appointments::from_row)?);
        }
        appointments.sort_unstable_by_key(|appointment| appointment.id);
        appointments.dedup_by_key(|appointment| appointment.id);

        let snoozes = self.query(
            "alert_snooze",
            &self.scope.select(
                "alert_snooze",
                "s",
                "s.id, s.client_id, s.kind, s.subject_id, s.until",
                "s.until > :today",
                Reach::Scattered,
            ),
            &[(":today", &today)],
            |row| {
                Ok(Snooze { client_id: row.get(1)?, kind: word(row, 2)?, subject: row.get(3)?, until: date(row, 4)? })
            },
        )?;
        let reconciliations = self.query(
            "reconciliation",
            &self.scope.select(
                "reconciliation",
                "rc",
                &qualified(medications::RECONCILIATION_COLUMNS, "rc"),
                "rc.reconciled_on >= :since",
                Reach::Direct,
            ),
            &[(":since", &tcm_start)],
            medications::reconciliation_from_row,
        )?;
        Ok(Facts { clients: client_facts, encounters, appointments, snoozes, reconciliations, ..Facts::default() })
    }

    /// The follow-ups, referrals, goals, enrollments, minutes and screenings the rules read.
    fn open_work(&self, now: Now, rules: &AlertRules) -> Result<OpenWork> {
        let today = now.today();
        let minutes = self.minutes_this_month(now)?;
        let enrollments = self.query(
            "enrollment",
            &self.scope.select(
                "enrollment",
                "en",
                &qualified(enrollments::COLUMNS, "en"),
                "en.program <> 'general' AND en.started_on <= :today AND (en.ended_on IS NULL OR en.ended_on >= :today)",
                Reach::Direct,
            ),
            &[(":today", &today)],
            enrollments::from_row,
        )?;
        let goals = self.query(
            "goal",
            &self.scope.select(
                "goal",
                "g",
                &qualified(care_plans::GOAL_COLUMNS, "g"),
                "g.status IN ('proposed', 'active') AND g.target_on < :today",
                Reach::Scattered,
            ),
            &[(":today", &today)],
            care_plans::goal_from_row,
        )?;
        let followups = self.query(
            "followup",
            &self.scope.select(
                "followup",
                "f",
                &qualified(followups::COLUMNS, "f"),
                "f.status = 'open' AND f.due_on <= :today",
                Reach::Scattered,
            ),
            &[(":today", &today)],
            followups::from_row,
        )?;
        let referrals = self.query(
            "referral",
            &self.scope.select(
                "referral",
                "r",
                &qualified(referrals::COLUMNS, "r"),
                "r.status = 'sent' AND r.status_changed_on <= :stale",
                Reach::Scattered,
            ),
            &[(":stale", &(today - Duration::days(i64::from(rules.referral_stale_days))))],
            referrals::from_row,
        )?;
        let screenings = self.screenings(now, rules)?;
        Ok(OpenWork { followups, referrals, enrollments, minutes, goals, screenings })
    }

    /// What the screening alerts read: each client's latest PHQ-9 and AHC
    /// HRSN as the index holds them, and those of the rules' windows whole
    /// (a few thousand, where the latest are one per client); and the
    /// social-need referrals created since the earliest HRSN sdoh_followup
    /// reads, of clients with such an HRSN.
    fn screenings(&self, now: Now, rules: &AlertRules) -> Result<Screenings> {
        let since = |days: u32| stamp(now.zone.local_day_bounds(now.today() - Duration::days(i64::from(days))).0);
        let (phq9_since, hrsn_since) = (since(rules.safety_risk_days), since(rules.sdoh_window_days));
        let latest = self.scope.dialect.indexed_by("assessment_latest");
        // From the `assessment_latest` index alone (migration 14 put the score
        // in it), in its order (instrument, client, time, id): the last of each
        // client and instrument is the latest. Asking SQL for the latest costs
        // a seek per row; this is one pass over the index.
        let entries = self.query(
            "assessment",
            &format!(
                "SELECT a.id, a.instrument, a.client_id, a.taken_at, a.score,
                    a.taken_at >= CASE a.instrument WHEN 'phq9' THEN :phq9 ELSE :hrsn END
                 FROM assessment a{latest}
                 WHERE a.instrument IN ('phq9', 'hrsn') AND {}
                 ORDER BY a.instrument, a.client_id, a.taken_at, a.id",
                self.scope.records_clause("a")
            ),
            &[(":phq9", &phq9_since), (":hrsn", &hrsn_since)],
            |row| {
                let entry = LatestScreening {
                    id: row.get(0)?,
                    instrument: word(row, 1)?,
                    client_id: row.get(2)?,
                    taken_at: instant(row, 3)?,
                    score: row.get(4)?,
                };
                Ok((entry, row.get::<_, bool>(5)?))
            },
        )?;
        let recent: Vec<i64> = entries.iter().filter(|(_, recent)| *recent).map(|(entry, _)| entry.id).collect();
        let key = |entry: &LatestScreening| (entry.instrument, entry.client_id);
        let latest_screenings: Vec<LatestScreening> = entries
            .iter()
            .enumerate()
            .filter(|(at, (entry, _))| entries.get(at + 1).is_none_or(|(next, _)| key(next) != key(entry)))
            .map(|(_, (entry, _))| *entry)
            .collect();
        drop(entries);
        let ids = json_list(&recent);
        let recent = self.query(
            "assessment",
            &format!(
                "SELECT {} FROM assessment a WHERE a.id IN ({})",
                qualified(assessments::COLUMNS, "a"),
                self.scope.dialect.json_ids(":ids")
            ),
            &[(":ids", &ids)],
            assessments::from_row,
        )?;
        let kinds = SOCIAL_NEEDS.map(|(_, kind)| format!("'{}'", kind.as_str())).join(", ");
        let need_referrals = self.query(
            "referral",
            &self.scope.select(
                "referral",
                "r",
                &qualified(referrals::COLUMNS, "r"),
                &format!(
                    "r.kind IN ({kinds}) AND r.created_at >= :hrsn
                        AND r.client_id IN (SELECT client_id FROM assessment{latest}
                            WHERE instrument = 'hrsn' AND taken_at >= :hrsn)"
                ),
                Reach::Direct,
            ),
            &[(":hrsn", &hrsn_since)],
            referrals::from_row,
        )?;
        Ok(Screenings { latest: latest_screenings, recent, need_referrals })
    }

    /// Each client's minutes per program of notes dated this local calendar month, without
    /// reading every client's notes: the month's row per client of
    /// `note_minutes` (migration 6, kept per UTC month by a trigger), corrected
    /// by the notes in the few hours between the local and the UTC midnights
    /// at either end of the month, where the two months differ.
    fn minutes_this_month(&self, now: Now) -> Result<HashMap<(i64, Program), u32>> {
        let (first, last) = (first_day_of_month(now.today()), last_day_of_month(now.today()));
        let (local_start, _) = now.zone.local_day_bounds(first);
        let (_, local_end) = now.zone.local_day_bounds(last);
        let utc_start = first.and_time(NaiveTime::MIN).and_utc();
        let utc_end = utc_start + Duration::days(i64::from(last.day()));
        let month = format!("{:04}-{:02}", first.year(), first.month());
        let mut minutes: HashMap<(i64, Program), i64> = HashMap::new();
        let sql = format!(
            "SELECT m.client_id, m.program, m.minutes FROM note_minutes m
             WHERE m.month = :month AND m.program <> '' AND {}",
            self.scope.records_clause("m")
        );
        for (key, total) in self.query("note_minutes", &sql, &[(":month", &month)], program_minutes)? {
            *minutes.entry(key).or_default() += total;
        }
        // (from, until, +1 when the local month has those hours and the UTC month not, -1 the other way round)
        let edges = [
            (local_start.min(utc_start), local_start.max(utc_start), if local_start < utc_start { 1 } else { -1 }),
            (local_end.min(utc_end), local_end.max(utc_end), if local_end > utc_end { 1 } else { -1 }),
        ];
        let sql = format!(
            "SELECT n.client_id, n.program, sum(n.minutes) FROM note n
             WHERE n.contact_at >= :from AND n.contact_at < :until AND n.program IS NOT NULL AND {}
             GROUP BY n.client_id, n.program",
            self.scope.records_clause("n")
        );
        for (from, until, sign) in edges.into_iter().filter(|(from, until, _)| from < until) {
            let (from, until) = (stamp(from), stamp(until));
            for (key, total) in self.query("note", &sql, &[(":from", &from), (":until", &until)], program_minutes)? {
                *minutes.entry(key).or_default() += sign * total;
            }
        }
        Ok(minutes.into_iter().map(|(key, total)| (key, u32::try_from(total).unwrap_or(0))).collect())
    }

    /// Runs one scoped query: `:coordinator` and `:clients` come from the scope.
    fn query<T>(
        &self,
        table: &'static str,
        sql: &str,
        extra: &[(&str, &dyn ToSql)],
        map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        // Only the scope parameters the statement names: binding another is an error.
        let scope_params: [(&str, &dyn ToSql); 2] =
            [(":coordinator", &self.scope.coordinator), (":clients", &self.scope.clients)];
        let mut params: Vec<(&str, &dyn ToSql)> =
            scope_params.into_iter().filter(|(name, _)| sql.contains(name)).collect();
        params.extend_from_slice(extra);
        self.log.read_rows(table, &mut self.db.prepare_cached(sql)?, params.as_slice(), map)
    }
}

impl Store {
    /// Everything the alert rules read for `scope` at `now`.
    pub fn alert_facts(&self, scope: &Scope, now: Now, rules: &AlertRules) -> Result<Facts> {
        self.facts(&Bound::of(scope, None, self.conn().dialect()), now, rules)
    }

    /// The facts of only these clients of `scope` (those still active in it):
    /// what a screen recomputes when `changed_since` names a few clients.
    pub fn alert_facts_of(&self, scope: &Scope, ids: &[i64], now: Now, rules: &AlertRules) -> Result<Facts> {
        self.facts(&Bound::of(scope, Some(ids), self.conn().dialect()), now, rules)
    }

    fn facts(&self, scope: &Bound<'_>, now: Now, rules: &AlertRules) -> Result<Facts> {
        let here = Reader { db: self.conn(), log: &self.unreadable, scope };
        // A caseload's facts are read in two halves at once, each on its own
        // connection and core (at 100,000 clients each half is about 300 ms);
        // a few clients' are a few seeks, which a thread only slows.
        let second = match scope.clients {
            None => self.take_second_reader()?,
            Some(_) => None,
        };
        let (records, work) = match second {
            None => (here.records(now, rules)?, here.open_work(now, rules)?),
            Some(db) => {
                let log = self.unreadable.clone();
                let (records, (work, db)) = std::thread::scope(|threads| {
                    let other = threads.spawn(move || {
                        let work = Reader { db: &db, log: &log, scope }.open_work(now, rules);
                        (work, db)
                    });
                    let records = here.records(now, rules);
                    (records, other.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
                });
                self.return_second_reader(db);
                (records?, work?)
            }
        };
        let OpenWork { followups, referrals, enrollments, minutes, goals, screenings } = work;
        let Screenings { latest: latest_screenings, recent: assessments, need_referrals } = screenings;
        Ok(Facts {
            followups,
            referrals,
            enrollments,
            minutes,
            goals,
            latest_screenings,
            assessments,
            need_referrals,
            ..records
        })
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
        match (kind.subject(), subject) {
            (Subject::Record, None) => {
                return Err(Invalid::new(
                    "subject",
                    format!("a {} alert is about one record, so the snooze must name it", kind.label()),
                    "give --subject ID, the subject shown by `caseload alerts --format json`",
                )
                .into());
            }
            (Subject::Client, Some(_)) => {
                return Err(Invalid::new(
                    "subject",
                    format!("a {} alert is about the client as a whole, not one record", kind.label()),
                    "leave out --subject",
                )
                .into());
            }
            _ => {}
        }
        self.client(client_id)?;
        self.write(|w| {
            let id = w
                .conn()
                .prepare_cached(
                    "INSERT INTO alert_snooze (client_id, kind, subject_id, until, reason, created_by, created_at)
                     VALUES (:client, :kind, :subject, :until, :reason, :user, :now) RETURNING id",
                )?
                .insert(named_params! {
                    ":client": client_id, ":kind": kind.as_str(), ":subject": subject, ":until": until,
                    ":reason": reason, ":user": w.user(), ":now": stamp(w.now()),
                })
                .map_err(StoreError::from)?;
            w.audit(AuditAction::Snooze, "alert_snooze", Some(id))?;
            Ok(id)
        })
    }
}

/// A snooze needs a reason and a date after today (SPEC §3).
pub fn validate_snooze(until: NaiveDate, reason: &str, today: NaiveDate) -> Result<String, Invalid> {
    let reason = required_text("reason", reason)?;
    snooze_until(until, today)?;
    Ok(reason)
}
