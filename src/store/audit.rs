//! The append-only audit trail: who viewed, created, changed, exported what,
//! each row chained to the one before it by a SHA-256 hash (SPEC §6).
//!
//! # The hash chain
//!
//! Row `n` stores `hash(n) = hex(SHA-256(field(prev) ‖ field(id) ‖ field(at) ‖
//! field(user) ‖ field(os_user) ‖ field(action) ‖ field(entity) ‖
//! field(entity_id) ‖ field(detail)))`, where
//!
//! - `prev` is the text of `hash(n-1)`, or [`GENESIS`] for the first row;
//! - every other field is the column's value exactly as stored (`at` as its
//!   RFC 3339 text, not re-formatted);
//! - `field(v)` is one type byte, the value's length in bytes as an unsigned
//!   64-bit big-endian number, then its bytes: `T` and the UTF-8 of a text,
//!   `I` and the decimal digits of an integer, `N` and nothing for NULL (`R`
//!   with the 8 big-endian bytes of a real and `B` with a blob's bytes, which
//!   caseload never writes but a forged row may hold);
//! - `hex` is 64 lowercase hexadecimal digits.
//!
//! The length prefix keeps fields apart ("ab" + "c" ≠ "a" + "bc") and the type
//! byte keeps NULL apart from "" and the integer 5 from the text "5". Because
//! the id is hashed and each row hashes its predecessor, a changed, removed or
//! inserted row breaks the chain at that row or the one after it, even with
//! the append-only triggers dropped.

use std::collections::{BTreeMap, BTreeSet};

use super::db::{Db, Dialect, Optional, Row};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::params;
use rusqlite::types::ValueRef;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::sql::{instant, stamp, word};
use super::{Result, Store};
use crate::domain::word_enum;

word_enum!(
    AuditAction, "action" {
        View => "view", Create => "create", Update => "update", Export => "export",
        Import => "import", Snooze => "snooze",
    }
);

/// The `prev` of the first row of the chain.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The database refuses changes to audit rows (migration 1 made these; migration 5 puts them back).
const APPEND_ONLY: &str = "
CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit rows cannot be changed'); END;
CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit rows cannot be deleted'); END;";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// Who they acted as (`--user`).
    pub user: String,
    /// The operating-system account that ran the process ('' when not recorded).
    pub os_user: String,
    pub action: AuditAction,
    pub entity: String,
    pub entity_id: Option<i64>,
    /// What the row covers, e.g. "list all coordinators, 812 clients".
    pub detail: String,
    pub hash: Option<String>,
}

/// One new audit row, before it has an id and a hash.
pub(crate) struct NewEntry<'a> {
    pub at: DateTime<Utc>,
    pub user: &'a str,
    pub os_user: &'a str,
    pub action: AuditAction,
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    pub detail: &'a str,
}

/// The hashed columns, in hash order after `prev`.
const CHAIN_COLUMNS: &str = "id, at, \"user\", os_user, action, entity, entity_id, detail";

/// `hash(n)` of the module documentation, from `prev` and a row's hashed columns.
fn chain_hash(prev: &str, fields: &[ValueRef<'_>]) -> String {
    let mut hasher = Sha256::new();
    for value in std::iter::once(ValueRef::Text(prev.as_bytes())).chain(fields.iter().copied()) {
        let real;
        let integer;
        let (kind, bytes): (u8, &[u8]) = match value {
            ValueRef::Null => (b'N', &[]),
            ValueRef::Integer(n) => {
                integer = n.to_string();
                (b'I', integer.as_bytes())
            }
            ValueRef::Real(x) => {
                real = x.to_be_bytes();
                (b'R', &real)
            }
            ValueRef::Text(text) => (b'T', text),
            ValueRef::Blob(blob) => (b'B', blob),
        };
        hasher.update([kind]);
        hasher.update((bytes.len() as u64).to_be_bytes());
        hasher.update(bytes);
    }
    hasher.finalize().iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Appends one row to the chain. Runs inside the writer's immediate
/// transaction, so no other process can append between reading the last
/// hash and writing this row.
pub(crate) fn insert(conn: &Db, entry: &NewEntry<'_>) -> Result<()> {
    let last: Option<(i64, Option<String>)> = conn
        .prepare_cached("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1")?
        .query_row([], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    let (id, prev) = match last {
        Some((id, hash)) => (id + 1, hash.unwrap_or_default()),
        None => (1, GENESIS.to_string()),
    };
    let at = stamp(entry.at);
    let entity_id = entry.entity_id.map_or(ValueRef::Null, ValueRef::Integer);
    let fields = [
        ValueRef::Integer(id),
        ValueRef::Text(at.as_bytes()),
        ValueRef::Text(entry.user.as_bytes()),
        ValueRef::Text(entry.os_user.as_bytes()),
        ValueRef::Text(entry.action.as_str().as_bytes()),
        ValueRef::Text(entry.entity.as_bytes()),
        entity_id,
        ValueRef::Text(entry.detail.as_bytes()),
    ];
    let hash = chain_hash(&prev, &fields);
    conn.prepare_cached(
        "INSERT INTO audit (id, at, \"user\", os_user, action, entity, entity_id, detail, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        id,
        at,
        entry.user,
        entry.os_user,
        entry.action.as_str(),
        entry.entity,
        entry.entity_id,
        entry.detail,
        hash
    ])?;
    Ok(())
}

/// What `caseload check` finds of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditCheck {
    /// How many rows the chain was checked over (up to the first broken one).
    pub rows: u64,
    /// The first row whose hash is not what its fields and its predecessor give.
    pub first_broken: Option<i64>,
    /// Whether the triggers that refuse changes and deletes are in place
    /// (SQLite's two; on PostgreSQL the baseline's three, TRUNCATE's too, and
    /// enabled: the server then refuses every role but the table's owner).
    pub append_only: bool,
}

/// Walks the chain from the first row. Reads raw values so that a forged row
/// of any shape is reported rather than failing the walk.
pub(super) fn check_chain(conn: &Db) -> Result<AuditCheck> {
    let mut statement = conn.prepare(&format!("SELECT {CHAIN_COLUMNS}, hash FROM audit ORDER BY id"))?;
    let mut rows = statement.query([])?;
    let mut prev = GENESIS.to_string();
    let mut checked = 0;
    let mut first_broken = None;
    while let Some(row) = rows.next()? {
        let fields = (0..8).map(|i| row.get_ref(i)).collect::<rusqlite::Result<Vec<_>>>()?;
        let expected = chain_hash(&prev, &fields);
        if row.get_ref(8)?.as_str_or_null().ok().flatten() != Some(expected.as_str()) {
            first_broken = Some(row.get(0)?);
            break;
        }
        checked += 1;
        prev = expected;
    }
    // SQLite's two (it has no TRUNCATE), as migration 5 leaves them; on
    // PostgreSQL the baseline's three, counted only while they fire in an
    // ordinary session (enabled: 'O' or 'A'): the table's owner (or a
    // superuser) can disable one, and the server then lets changes through,
    // so a disabled trigger is as good as a dropped one.
    let (sql, wanted) = match conn.dialect() {
        Dialect::Sqlite => (
            "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'audit'
             AND name IN ('audit_is_append_only_update', 'audit_is_append_only_delete')",
            2,
        ),
        Dialect::Postgres => (
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = to_regclass('audit') AND tgenabled IN ('O', 'A')
             AND tgname IN ('audit_is_append_only_update', 'audit_is_append_only_delete',
                            'audit_is_append_only_truncate')",
            3,
        ),
    };
    let triggers: i64 = conn.query_row(sql, [], |row| row.get(0))?;
    Ok(AuditCheck { rows: checked, first_broken, append_only: triggers == wanted })
}

/// Migration 5: hashes the rows written before the chain existed, in id
/// order, then puts the append-only triggers back. Runs in the migration's
/// transaction (its SQL dropped the triggers to allow this one update).
pub(super) fn chain_existing_rows(conn: &Db) -> Result<()> {
    // In batches, each read to its end before its rows are updated: SQLite
    // leaves undefined what a query sees of rows changed while it runs.
    const BATCH: i64 = 10_000;
    let mut read = conn.prepare(&format!("SELECT {CHAIN_COLUMNS} FROM audit WHERE id > ?1 ORDER BY id LIMIT ?2"))?;
    let mut write = conn.prepare("UPDATE audit SET hash = ?1 WHERE id = ?2")?;
    let (mut prev, mut last) = (GENESIS.to_string(), i64::MIN);
    loop {
        let mut hashed = Vec::new();
        let mut rows = read.query(params![last, BATCH])?;
        while let Some(row) = rows.next()? {
            let fields = (0..8).map(|i| row.get_ref(i)).collect::<rusqlite::Result<Vec<_>>>()?;
            prev = chain_hash(&prev, &fields);
            last = row.get(0)?;
            hashed.push((last, prev.clone()));
        }
        if hashed.is_empty() {
            break;
        }
        for (id, hash) in hashed {
            write.execute(params![hash, id])?;
        }
    }
    conn.execute_batch(APPEND_ONLY)?;
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

/// Entities whose audit rows carry the client's own id.
const CLIENT_KEYED: [&str; 2] = ["client", "care_plan"];

/// Record families that belong to one client, with the column naming it.
const CLIENT_RECORDS: [&str; 13] = [
    "contact",
    "enrollment",
    "assessment",
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

/// What changed after a change id (`Store::last_change_id`, `changes_since`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changes {
    /// The newest change seen: what to give the next `changes_since`.
    pub last_change_id: i64,
    /// The clients whose records changed (empty when nothing that shows on
    /// a caseload did), or None when a change was not about one client (an
    /// import): then everything is to be reloaded.
    pub clients: Option<BTreeSet<i64>>,
}

/// Records no caseload row or alert reads.
const NOT_ABOUT_CLIENTS: [&str; 1] = ["resource"];

impl Store {
    /// Which clients' records changed after `change_id` (a previous
    /// `last_change_id` or `changes_since`), read from the audit rows of the
    /// changes (views and exports are not changes): a client's own row and
    /// care plan name the client, any other record names its own id, which
    /// one query per kind of record turns into its client's.
    pub fn changes_since(&self, change_id: i64) -> Result<Changes> {
        let indexed = self.conn().dialect().indexed_by("audit_changes");
        let rows: Vec<(i64, String, Option<i64>)> = self
            .conn()
            .prepare_cached(&format!(
                "SELECT id, entity, entity_id FROM audit{indexed}
                 WHERE action NOT IN ('view', 'export') AND id > ?1 ORDER BY id",
            ))?
            .query_map([change_id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let last_change_id = rows.last().map_or(change_id, |(id, ..)| *id);
        let everything = Changes { last_change_id, clients: None };
        let mut clients = BTreeSet::new();
        let mut records: BTreeMap<&'static str, Vec<i64>> = BTreeMap::new();
        for (_, entity, entity_id) in &rows {
            if NOT_ABOUT_CLIENTS.contains(&entity.as_str()) {
                continue;
            }
            let Some(id) = *entity_id else { return Ok(everything) };
            if CLIENT_KEYED.contains(&entity.as_str()) {
                clients.insert(id);
            } else if let Some(table) = CLIENT_RECORDS.iter().find(|table| **table == entity) {
                records.entry(table).or_default().push(id);
            } else {
                return Ok(everything);
            }
        }
        for (table, ids) in records {
            let ids = format!("[{}]", ids.iter().map(i64::to_string).collect::<Vec<_>>().join(","));
            let ids_given = self.conn().dialect().json_ids("?1");
            let mut statement = self
                .conn()
                .prepare_cached(&format!("SELECT DISTINCT client_id FROM {table} WHERE id IN ({ids_given})"))?;
            for client in statement.query_map([ids], |row| row.get(0))? {
                clients.insert(client?);
            }
        }
        Ok(Changes { last_change_id, clients: Some(clients) })
    }

    /// A number that moves with every change to a record (the newest audit
    /// row that is not a view or an export), and not with views, exports or
    /// drafts: a screen reloads when it moves, so one user reading never makes
    /// another's screen reload (and two screens never reload each other).
    pub fn last_change_id(&self) -> Result<i64> {
        let indexed = self.conn().dialect().indexed_by("audit_changes");
        Ok(self
            .conn()
            .prepare_cached(&format!(
                "SELECT coalesce(max(id), 0) FROM audit{indexed} WHERE action NOT IN ('view', 'export')"
            ))?
            .query_row([], |row| row.get(0))?)
    }

    /// Recomputes the audit trail's hash chain: the first row that does not
    /// match (changed, removed or inserted outside caseload), if any.
    pub fn check_audit_trail(&self) -> Result<AuditCheck> {
        check_chain(self.conn())
    }

    /// The audit trail, oldest first (the newest `limit` rows when a limit is set).
    pub fn audit_entries(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
        let mut sql = String::from(
            "SELECT id, at, \"user\", os_user, action, entity, entity_id, detail, hash FROM audit WHERE at >= ?1",
        );
        if filter.client_id.is_some() {
            // A client's own row and its care plan are keyed by the client id.
            let keyed = CLIENT_KEYED.map(|entity| format!("'{entity}'")).join(", ");
            sql.push_str(&format!(" AND ((entity IN ({keyed}) AND entity_id = ?2)"));
            for table in CLIENT_RECORDS {
                sql.push_str(&format!(
                    " OR (entity = '{table}' AND entity_id IN (SELECT id FROM {table} WHERE client_id = ?2))"
                ));
            }
            sql.push(')');
        }
        // A limit keeps the newest rows; they are still listed oldest first.
        if let Some(limit) = filter.limit {
            sql = format!("SELECT * FROM ({sql} ORDER BY id DESC LIMIT {limit}) AS newest");
        }
        sql.push_str(" ORDER BY id");
        let since = filter.since.map(stamp).unwrap_or_default();
        let mut statement = self.conn().prepare(&sql)?;
        let map = |row: &Row<'_>| {
            Ok(AuditEntry {
                id: row.get("id")?,
                at: instant(row, "at")?,
                user: row.get("user")?,
                os_user: row.get("os_user")?,
                action: word(row, "action")?,
                entity: row.get("entity")?,
                entity_id: row.get("entity_id")?,
                detail: row.get("detail")?,
                hash: row.get("hash")?,
            })
        };
        let rows = match filter.client_id {
            Some(client) => self.read_rows("audit", &mut statement, params![since, client], map)?,
            None => self.read_rows("audit", &mut statement, params![since], map)?,
        };
        Ok(rows)
    }
}

/// The `detail` of a view or export row: what was shown and how many, e.g.
/// "client list all coordinators, 812 clients".
pub fn listed(scope: &str, count: usize, noun: &str) -> String {
    format!("{scope}, {}", counted(count, noun))
}

pub use crate::domain::wording::counted;

/// Whose records a listing covered, in its audit row.
pub fn whose(coordinator: Option<&str>) -> String {
    match coordinator {
        Some(name) => format!("coordinator {name}"),
        None => "all coordinators".to_string(),
    }
}

/// The `detail` of a view of the three panes (the interface's main screen,
/// or `caseload` into a pipe): "main screen all coordinators, 10000 clients,
/// 35 appointments today, 812 alerts".
pub fn caseload_detail(view: &str, coordinator: Option<&str>, clients: usize, today: usize, alerts: usize) -> String {
    format!(
        "{view} {}, {}, {} today, {}",
        whose(coordinator),
        counted(clients, "client"),
        counted(today, "appointment"),
        counted(alerts, "alert")
    )
}

/// The start of a local date as a UTC instant, for `--since DATE`.
pub fn since_date(zone: crate::domain::time::Zone, date: NaiveDate) -> DateTime<Utc> {
    zone.local_day_bounds(date).0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> ValueRef<'_> {
        ValueRef::Text(s.as_bytes())
    }

    #[test]
    fn fields_cannot_run_into_each_other() {
        let ab_c = chain_hash(GENESIS, &[text("ab"), text("c")]);
        let a_bc = chain_hash(GENESIS, &[text("a"), text("bc")]);
        assert_ne!(ab_c, a_bc);
        assert_ne!(chain_hash(GENESIS, &[ValueRef::Null]), chain_hash(GENESIS, &[text("")]));
        assert_ne!(chain_hash(GENESIS, &[ValueRef::Integer(5)]), chain_hash(GENESIS, &[text("5")]));
        assert_ne!(chain_hash(GENESIS, &[text("x")]), chain_hash(&ab_c, &[text("x")]));
        assert_eq!(ab_c.len(), 64);
        assert!(ab_c.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
    }

    #[test]
    fn the_serialization_is_the_documented_one() {
        // SHA-256 of: T, len 64, GENESIS; I, len 1, "7"; N, len 0.
        let mut bytes = vec![b'T'];
        bytes.extend(64u64.to_be_bytes());
        bytes.extend(GENESIS.as_bytes());
        bytes.push(b'I');
        bytes.extend(1u64.to_be_bytes());
        bytes.push(b'7');
        bytes.push(b'N');
        bytes.extend(0u64.to_be_bytes());
        let expected: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(chain_hash(GENESIS, &[ValueRef::Integer(7), ValueRef::Null]), expected);
    }
}
