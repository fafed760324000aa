//! Clients: insert, look up by id or MRN, list with filters, edit, discharge.

use super::db::{Db, DbError, Dialect, Optional, Row, params_from_iter};
use chrono::NaiveDate;
use rusqlite::ToSql;

use super::sql::{date, instant, optional_date, stamp, word};
use super::unreadable::read_one;
use super::{AuditAction, Result, Store, StoreError, Writer};
use crate::domain::client::{Client, ClientStatus, Risk};
use crate::domain::privacy::Redactor;
use crate::domain::program::{Enrollment, Program};
use crate::domain::{Invalid, time::Now};

pub(crate) const COLUMNS: &str =
    "id, mrn, given_name, family_name, preferred_name, dob, phone, alt_phone, address, language,
    interpreter_needed, program, risk, status, coordinator, enrolled_on, discharged_on, discharge_reason, payer,
    member_id, coverage_ends_on, consent_expires_on, tags, revision, created_by, created_at, updated_at, gender";

/// A client from a row that starts with `COLUMNS`, read by position: the
/// caseload reads thousands of clients, and looking each column up by name
/// cost a quarter of the time.
pub(crate) fn from_row(row: &Row<'_>) -> rusqlite::Result<Client> {
    let tags: String = row.get(22)?;
    Ok(Client {
        id: row.get(0)?,
        mrn: row.get(1)?,
        given_name: row.get(2)?,
        family_name: row.get(3)?,
        preferred_name: row.get(4)?,
        dob: optional_date(row, 5)?,
        phone: row.get(6)?,
        alt_phone: row.get(7)?,
        address: row.get(8)?,
        language: row.get(9)?,
        interpreter_needed: row.get(10)?,
        program: row.get(11)?,
        risk: word(row, 12)?,
        status: word(row, 13)?,
        coordinator: row.get(14)?,
        enrolled_on: date(row, 15)?,
        discharged_on: optional_date(row, 16)?,
        discharge_reason: row.get(17)?,
        payer: row.get(18)?,
        member_id: row.get(19)?,
        coverage_ends_on: optional_date(row, 20)?,
        consent_expires_on: optional_date(row, 21)?,
        tags: tags.split(',').filter(|t| !t.is_empty()).map(str::to_string).collect(),
        revision: row.get(23)?,
        created_by: row.get(24)?,
        created_at: instant(row, 25)?,
        updated_at: instant(row, 26)?,
        gender: word(row, 27)?,
    })
}

/// The fields of a client as an import stages it: those of `with_fields`,
/// plus its tags joined (the rest are set when it is copied in).
const STAGED_FIELDS: [&str; 23] = crate::domain::client::CLIENT_FIELDS;

/// The staging database's page cache: a million staged clients (about 150 MB)
/// stay in memory instead of being written out to its temporary file and read
/// back; a bigger file spills past this.
const STAGING_CACHE_KIB: i64 = 256 * 1024;

/// Where a PostgreSQL session stages an import: its own temporary schema.
const STAGING_TABLE_POSTGRES: &str = "pg_temp.staging_client";

/// Inserts a client as given (id, created_* and updated_at are set here) and
/// returns the new id. No validation or audit: callers do both.
pub fn insert(conn: &Db, client: &Client, user: &str, now: chrono::DateTime<chrono::Utc>) -> Result<i64> {
    let tags = client.tags.join(",");
    let mut statement = conn.prepare_cached(
        "INSERT INTO client (mrn, given_name, family_name, preferred_name, dob, phone, alt_phone, address, language,
            interpreter_needed, gender, program, risk, status, coordinator, enrolled_on, discharged_on, discharge_reason,
            payer, member_id, coverage_ends_on, consent_expires_on, tags, created_by, created_at, updated_at)
         VALUES (:mrn, :given_name, :family_name, :preferred_name, :dob, :phone, :alt_phone, :address, :language,
            :interpreter_needed, :gender, :program, :risk, :status, :coordinator, :enrolled_on, :discharged_on,
            :discharge_reason, :payer, :member_id, :coverage_ends_on, :consent_expires_on, :tags, :user, :now, :now) RETURNING id",
    )?;
    statement
        .insert(with_fields(client, &[(":tags", &tags), (":user", &user), (":now", &stamp(now))]).as_slice())
        .map_err(duplicate_mrn)
}

/// The record's editable fields as named parameters (tags come with `extra`,
/// joined by the caller), plus `extra`.
fn with_fields<'a>(client: &'a Client, extra: &[(&'static str, &'a dyn ToSql)]) -> Vec<(&'static str, &'a dyn ToSql)> {
    let mut params: Vec<(&'static str, &'a dyn ToSql)> = vec![
        (":mrn", &client.mrn),
        (":given_name", &client.given_name),
        (":family_name", &client.family_name),
        (":preferred_name", &client.preferred_name),
        (":dob", &client.dob),
        (":phone", &client.phone),
        (":alt_phone", &client.alt_phone),
        (":address", &client.address),
        (":language", &client.language),
        (":interpreter_needed", &client.interpreter_needed),
        (":gender", &client.gender),
        (":program", &client.program),
        (":risk", &client.risk),
        (":status", &client.status),
        (":coordinator", &client.coordinator),
        (":enrolled_on", &client.enrolled_on),
        (":discharged_on", &client.discharged_on),
        (":discharge_reason", &client.discharge_reason),
        (":payer", &client.payer),
        (":member_id", &client.member_id),
        (":coverage_ends_on", &client.coverage_ends_on),
        (":consent_expires_on", &client.consent_expires_on),
    ];
    params.extend_from_slice(extra);
    params
}

/// A UNIQUE failure on mrn becomes a clear validation error.
fn duplicate_mrn(error: DbError) -> StoreError {
    // SQLite names the column, PostgreSQL the constraint.
    let words = error.to_string();
    if words.contains("client.mrn") || words.contains("client_mrn") {
        return Invalid::new(
            "mrn",
            "another client already has that MRN",
            "give a different --mrn, or find the client with `caseload client list --search`",
        )
        .into();
    }
    error.into()
}

/// Which clients to list.
#[derive(Debug, Clone, Default)]
pub struct ClientFilter {
    /// Only this coordinator's clients; None means the whole team.
    pub coordinator: Option<String>,
    pub risk: Option<Risk>,
    /// Only these statuses; empty means every status.
    pub statuses: Vec<ClientStatus>,
    /// Words that must all appear in the name, MRN or phone.
    pub search: Option<String>,
}

impl Store {
    /// A client by numeric id or MRN (the CLIENT argument of every command).
    pub fn resolve_client(&self, key: &str) -> Result<Client> {
        let key = key.trim();
        let by_mrn = self.client_where("mrn = ?1", key)?;
        if let Some(client) = by_mrn {
            return Ok(client);
        }
        match key.parse::<i64>() {
            Ok(id) => self.client(id),
            Err(_) => Err(StoreError::not_found("client", "id or MRN", key)),
        }
    }

    pub fn client(&self, id: i64) -> Result<Client> {
        self.client_where("id = ?1", id)?.ok_or_else(|| StoreError::not_found("client", "id", id))
    }

    fn client_where(&self, condition: &str, value: impl rusqlite::ToSql) -> Result<Option<Client>> {
        let sql = format!("SELECT {COLUMNS} FROM client WHERE {condition}");
        read_one(&mut self.conn().prepare_cached(&sql)?, [value], "client", from_row)
    }

    /// The clients with these ids, in id order, in one query (ids of no client
    /// are left out). SQLite's primary-key lookups give id order by themselves
    /// (the same plan, no sort); a server's join is told.
    pub fn clients_by_id(&self, ids: &[i64]) -> Result<Vec<Client>> {
        let ids = format!("[{}]", ids.iter().map(i64::to_string).collect::<Vec<_>>().join(","));
        let sql =
            format!("SELECT {COLUMNS} FROM client WHERE id IN ({}) ORDER BY id", self.conn().dialect().json_ids("?1"));
        let clients = self.conn().prepare_cached(&sql)?.query_map([ids], from_row)?.collect::<rusqlite::Result<_>>()?;
        Ok(clients)
    }

    /// The redactor for output about the clients with these ids (repeats
    /// are fine), read in one query.
    pub fn redactor_of(&self, ids: impl IntoIterator<Item = i64>) -> Result<Redactor> {
        let mut ids: Vec<i64> = ids.into_iter().collect();
        ids.sort_unstable();
        ids.dedup();
        Ok(Redactor::new(&self.clients_by_id(&ids)?))
    }

    /// Clients matching the filter, by family then given name.
    pub fn clients(&self, filter: &ClientFilter) -> Result<Vec<Client>> {
        let mut sql = format!(
            "SELECT {COLUMNS} FROM client WHERE (:coordinator IS NULL OR coordinator = :coordinator)
            AND (:risk IS NULL OR risk = :risk)"
        );
        if !filter.statuses.is_empty() {
            let words: Vec<String> = filter.statuses.iter().map(|s| format!("'{}'", s.as_str())).collect();
            sql.push_str(&format!(" AND status IN ({})", words.join(", ")));
        }
        let search = filter.search.as_deref().and_then(super::search::client_match_query);
        let search = match self.conn().dialect() {
            Dialect::Sqlite => search,
            // The server's search_query() takes the words as typed.
            Dialect::Postgres => search.and(filter.search.clone()),
        };
        if search.is_some() {
            let matching = super::search::SearchSql::of(self.conn().dialect()).clients_match.replace("?1", ":search");
            sql.push_str(&format!(" AND id IN (SELECT rowid FROM client_search s WHERE {matching})"));
        }
        // lower() folds ASCII only on both engines (SQLite's NOCASE does the same).
        sql.push_str(" ORDER BY lower(family_name), lower(given_name), id");
        let mut statement = self.conn().prepare(&sql)?;
        let risk = filter.risk.map(Risk::as_str);
        let mut params: Vec<(&str, &dyn rusqlite::ToSql)> =
            vec![(":coordinator", &filter.coordinator), (":risk", &risk)];
        if let Some(query) = &search {
            params.push((":search", query));
        }
        self.read_rows("client", &mut statement, params.as_slice(), from_row)
    }

    /// Validates and adds a client; returns the new id.
    /// The client is enrolled in its program (`client add --program P`)
    /// from enrolled_on, to discharged_on if it is added discharged.
    pub fn add_client(&mut self, mut client: Client, today: NaiveDate) -> Result<i64> {
        client.normalize();
        client.validate(today)?;
        let program: Program = client.program.parse()?;
        client.program = program.as_str().to_string();
        self.write(|w| {
            let id = insert(w.conn(), &client, w.user(), w.now())?;
            w.audit(AuditAction::Create, "client", Some(id))?;
            let mut enrollment = Enrollment::new(id, program, client.enrolled_on);
            if let Some(discharged) = client.discharged_on {
                enrollment.ended_on = Some(discharged);
                enrollment.end_reason = Some(client.discharge_reason.clone().unwrap_or_else(|| "discharged".into()));
            }
            let enrollment_id = super::enrollments::insert(w.conn(), &enrollment, w.user(), w.now())?;
            w.audit(AuditAction::Create, "enrollment", Some(enrollment_id))?;
            Ok(id)
        })
    }

    /// Adds every client `load` hands over, each validated, in one
    /// transaction with one audit row (all or none); returns how many were
    /// added, or `load`'s own verdict against the whole lot (then nothing is).
    ///
    /// What `load` hands over is kept in a private temporary database first
    /// (SQLite's own, gone when it is detached), without any lock on the
    /// caseload, so a file is read only once. Only the copy into the caseload
    /// runs as an import: while it does, other processes can see who is
    /// importing (and their writes wait for it instead of failing as busy).
    pub fn import_clients<E>(
        &mut self,
        today: NaiveDate,
        load: impl FnOnce(&mut dyn FnMut(Client) -> Result<()>) -> Result<Result<usize, E>>,
    ) -> Result<Result<usize, E>> {
        let staging = STAGED_FIELDS.join(", ");
        let (create, drop) = match self.conn.dialect() {
            Dialect::Sqlite => (
                format!(
                    "ATTACH DATABASE '' AS staging;
                     PRAGMA staging.synchronous = OFF;
                     PRAGMA staging.cache_size = -{STAGING_CACHE_KIB};
                     CREATE TABLE staging.client ({staging});"
                ),
                "DETACH DATABASE staging",
            ),
            // A temporary table of this session, typed as the client table is
            // (PostgreSQL checks types on insert); `rowid` keeps the file's order.
            Dialect::Postgres => (
                format!(
                    "CREATE TEMPORARY TABLE {STAGING_TABLE_POSTGRES} AS SELECT {staging} FROM client WITH NO DATA;
                     ALTER TABLE {STAGING_TABLE_POSTGRES} ADD COLUMN rowid BIGINT GENERATED ALWAYS AS IDENTITY;"
                ),
                "DROP TABLE IF EXISTS pg_temp.staging_client",
            ),
        };
        self.conn.execute_batch(&create)?;
        let imported = self.stage_then_import(today, load);
        let detached = self.conn.execute_batch(drop);
        let imported = imported?;
        detached?;
        Ok(imported)
    }

    fn stage_then_import<E>(
        &mut self,
        today: NaiveDate,
        load: impl FnOnce(&mut dyn FnMut(Client) -> Result<()>) -> Result<Result<usize, E>>,
    ) -> Result<Result<usize, E>> {
        let fields = STAGED_FIELDS.join(", ");
        // Deferred, and writing only the staging database: nothing of the caseload is locked.
        let staging = match self.conn.dialect() {
            Dialect::Sqlite => "staging.client",
            Dialect::Postgres => STAGING_TABLE_POSTGRES,
        };
        let tx = self.conn.begin_private()?;
        let verdict = {
            // Bound by position (`with_fields` gives them in `STAGED_FIELDS` order):
            // looking up 22 names for each of a million rows is measurable.
            let values = (1..=STAGED_FIELDS.len()).map(|n| format!("?{n}")).collect::<Vec<_>>().join(", ");
            let mut statement = self.conn.prepare(&format!("INSERT INTO {staging} ({fields}) VALUES ({values})"))?;
            let mut stage = |mut client: Client| {
                client.normalize();
                client.validate(today)?;
                let tags = client.tags.join(",");
                let fields = with_fields(&client, &[(":tags", &tags)]);
                statement.execute(params_from_iter(fields.iter().map(|(_, value)| value)))?;
                Ok(())
            };
            load(&mut stage)?
        };
        if verdict.is_err() {
            return Ok(verdict);
        }
        tx.commit()?;
        let copied = self.import(|w| {
            let before: i64 = w.conn().query_row("SELECT coalesce(max(id), 0) FROM client", [], |row| row.get(0))?;
            let copied = w
                .conn()
                .execute(
                    &format!(
                        "INSERT INTO client ({fields}, created_by, created_at, updated_at)
                         SELECT {fields}, ?1, ?2, ?2 FROM {staging} ORDER BY rowid"
                    ),
                    rusqlite::params![w.user(), stamp(w.now())],
                )
                .map_err(duplicate_mrn)?;
            // Each imported client is enrolled in its program, as `client add` enrolls.
            w.conn().execute(
                "INSERT INTO enrollment (client_id, program, started_on, ended_on, end_reason, created_by, created_at)
                 SELECT id, program, enrolled_on, discharged_on,
                        CASE WHEN discharged_on IS NOT NULL THEN coalesce(discharge_reason, 'discharged') END, ?2, ?3
                 FROM client WHERE id > ?1 ORDER BY id",
                rusqlite::params![before, w.user(), stamp(w.now())],
            )?;
            w.audit_detail(AuditAction::Import, "client", None, &super::audit::counted(copied, "client"))?;
            Ok(copied)
        })?;
        Ok(Ok(copied))
    }

    /// Every MRN in use, to check a file of new clients against.
    pub fn client_mrns(&self) -> Result<std::collections::HashSet<String>> {
        let mut statement = self.conn().prepare("SELECT mrn FROM client WHERE mrn IS NOT NULL")?;
        let mrns = statement.query_map([], |row| row.get(0))?;
        Ok(mrns.collect::<rusqlite::Result<_>>()?)
    }

    /// Replaces a client's editable fields. The record's `revision` guards
    /// against overwriting a change someone else made since it was read.
    pub fn update_client(&mut self, mut client: Client, now: Now) -> Result<()> {
        client.normalize();
        client.validate(now.today())?;
        self.write(|w| update(w, &client))
    }

    /// Everyone who coordinates an active or on-hold client, by name.
    pub fn coordinators(&self) -> Result<Vec<String>> {
        let mut statement = self.conn().prepare_cached(
            "SELECT DISTINCT coordinator FROM client WHERE status <> 'discharged' ORDER BY coordinator",
        )?;
        self.read_rows("client", &mut statement, [], |row| row.get(0))
    }

    /// Hands one client to another coordinator (guarded by the record's revision).
    pub fn reassign_client(&mut self, mut client: Client, to: &str, now: Now) -> Result<()> {
        client.coordinator = crate::domain::validation::required_text("coordinator", to)?;
        self.update_client(client, now)
    }

    /// Hands every active and on-hold client of one coordinator to another,
    /// in one transaction with an audit row per client; returns how many.
    pub fn reassign_caseload(&mut self, from: &str, to: &str) -> Result<usize> {
        let from = crate::domain::validation::required_text("from", from)?;
        let to = crate::domain::validation::required_text("to", to)?;
        if from == to {
            return Err(Invalid::new(
                "to",
                format!("the clients are already coordinated by {from}"),
                "give --to another user",
            )
            .into());
        }
        self.write(|w| {
            let ids = w
                .conn()
                .prepare(
                    "UPDATE client SET coordinator = ?2, revision = revision + 1, updated_at = ?3
                     WHERE coordinator = ?1 AND status <> 'discharged' RETURNING id",
                )?
                .query_map(rusqlite::params![from, to, stamp(w.now())], |row| row.get::<_, i64>(0))?
                .collect::<rusqlite::Result<Vec<i64>>>()?;
            if ids.is_empty() {
                return Err(Invalid::new(
                    "from",
                    format!("no active or on-hold clients are coordinated by {from}"),
                    "check the user name with `caseload client list --team`",
                )
                .into());
            }
            for id in &ids {
                w.audit(AuditAction::Update, "client", Some(*id))?;
            }
            Ok(ids.len())
        })
    }
}

/// Writes back a client's editable fields (guarded by its revision), with its
/// audit row; a client's program comes from their enrollments, never an edit.
pub(super) fn update(w: &Writer<'_>, client: &Client) -> Result<()> {
    let stored: Option<String> =
        w.conn().query_row("SELECT program FROM client WHERE id = ?1", [client.id], |row| row.get(0)).optional()?;
    if stored.is_some_and(|program| program != client.program) {
        return Err(Invalid::new(
            "program",
            "a client's program comes from their enrollments",
            "use `caseload program enroll CLIENT PROGRAM` or `caseload program end CLIENT PROGRAM`",
        )
        .into());
    }
    let tags = client.tags.join(",");
    let changed = w
        .conn()
        .prepare_cached(
            "UPDATE client SET mrn = :mrn, given_name = :given_name, family_name = :family_name,
                preferred_name = :preferred_name, dob = :dob, phone = :phone, alt_phone = :alt_phone,
                address = :address, language = :language, interpreter_needed = :interpreter_needed, gender = :gender,
                program = :program, risk = :risk, status = :status, coordinator = :coordinator,
                enrolled_on = :enrolled_on, discharged_on = :discharged_on, discharge_reason = :discharge_reason,
                payer = :payer, member_id = :member_id, coverage_ends_on = :coverage_ends_on,
                consent_expires_on = :consent_expires_on, tags = :tags, updated_at = :now,
                revision = revision + 1
             WHERE id = :id AND revision = :revision",
        )?
        .execute(
            with_fields(
                client,
                &[(":tags", &tags), (":id", &client.id), (":revision", &client.revision), (":now", &stamp(w.now()))],
            )
            .as_slice(),
        )
        .map_err(duplicate_mrn)?;
    if changed == 0 {
        return Err(StoreError::Conflict {
            message: format!("client {} was changed by someone else since it was read", client.id),
            hint: "show the client again and repeat the change".into(),
        });
    }
    w.audit(AuditAction::Update, "client", Some(client.id))
}
