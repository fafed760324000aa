//! Schema versions on `PRAGMA user_version`: an append-only list of SQL
//! scripts, each applied in its own transaction, with a backup of the file
//! taken before any migration of a database that already holds data.

use std::path::{Path, PathBuf};

use super::db::Db;

use super::error::sqlite_words;
use super::{Result, StoreError};
use crate::files::{self, Sharing};

/// One schema step: an SQL script, then (for what SQL cannot do) a Rust step,
/// both in the same transaction.
struct Migration {
    sql: &'static str,
    then: Option<fn(&Db) -> Result<()>>,
}

const fn sql(sql: &'static str) -> Migration {
    Migration { sql, then: None }
}

/// Migration N brings the schema from version N-1 to N. Never edit one that shipped.
const MIGRATIONS: &[Migration] = &[
    sql(include_str!("migrations/0001_initial.sql")),
    sql(include_str!("migrations/0002_alert_indexes.sql")),
    sql(include_str!("migrations/0003_covering_note_indexes.sql")),
    sql(include_str!("migrations/0004_last_contact.sql")),
    // SHA-256 of every existing audit row, in order.
    Migration { sql: include_str!("migrations/0005_audit_chain.sql"), then: Some(super::audit::chain_existing_rows) },
    sql(include_str!("migrations/0006_note_minutes.sql")),
    sql(include_str!("migrations/0007_enrollments.sql")),
    sql(include_str!("migrations/0008_note_minutes_by_program.sql")),
    sql(include_str!("migrations/0009_assessments.sql")),
    sql(include_str!("migrations/0010_assessment_drafts.sql")),
    sql(include_str!("migrations/0011_medications.sql")),
    sql(include_str!("migrations/0012_resource_hsds.sql")),
    sql(include_str!("migrations/0013_database_identity.sql")),
    sql(include_str!("migrations/0014_assessment_latest_score.sql")),
];

pub const LATEST_VERSION: u32 = MIGRATIONS.len() as u32;

pub fn user_version(conn: &Db) -> Result<u32> {
    Ok(conn.query_row("PRAGMA user_version", [], |row| row.get(0))?)
}

pub(super) fn has_tables(conn: &rusqlite::Connection) -> Result<bool> {
    Ok(conn.query_row("SELECT count(*) > 0 FROM sqlite_master", [], |row| row.get(0))?)
}

pub(super) fn migrate(conn: &Db, path: &Path, from: u32, sharing: &Sharing) -> Result<()> {
    apply(conn, path, from, sharing, MIGRATIONS)
}

fn apply(conn: &Db, path: &Path, from: u32, sharing: &Sharing, migrations: &[Migration]) -> Result<()> {
    if from as usize >= migrations.len() {
        return Ok(());
    }
    let backup = if from > 0 { Some(backup_before_migration(conn, path, from, sharing)?) } else { None };
    let mut at = from;
    for (index, migration) in migrations.iter().enumerate().skip(from as usize) {
        let version = index as u32 + 1;
        if let Err(error) = step(conn, migration, version) {
            if at == from
                && let Some(backup) = &backup
            {
                // Nothing changed: the copy would only pile up, one per attempt.
                files::remove_with_companions(backup);
            }
            return Err(match error {
                StoreError::Sqlite(error) => StoreError::MigrationFailed {
                    path: path.display().to_string(),
                    from: at,
                    to: version,
                    reason: sqlite_words(&error),
                },
                other => other,
            });
        }
        at = version;
    }
    Ok(())
}

/// Applies one migration in its own transaction; any failure rolls it back.
fn step(conn: &Db, migration: &Migration, version: u32) -> Result<()> {
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let result = (|| {
        // Another process opening the same new file may have migrated it
        // while this one waited for the write lock.
        if user_version(conn)? >= version {
            return Ok(conn.execute_batch("COMMIT")?);
        }
        conn.execute_batch(migration.sql)?;
        if let Some(then) = migration.then {
            then(conn)?;
        }
        Ok(conn.execute_batch(&format!("PRAGMA user_version = {version};\nCOMMIT;"))?)
    })();
    result.inspect_err(|_| {
        if conn.sqlite().is_some_and(|conn| !conn.is_autocommit()) {
            let _ = conn.execute_batch("ROLLBACK");
        }
    })
}

/// `caseload.db` at version 1 is copied to `caseload.db.v1.bak` (or `.v1.2.bak`…).
fn backup_before_migration(conn: &Db, path: &Path, version: u32, sharing: &Sharing) -> Result<PathBuf> {
    let target = free_backup_path(path, version);
    files::create_private(&target, sharing)?;
    conn.execute("VACUUM INTO ?1", [target.display().to_string()]).inspect_err(|_| {
        files::remove_with_companions(&target);
    })?;
    Ok(target)
}

fn free_backup_path(path: &Path, version: u32) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "caseload.db".into());
    (1..)
        .map(|n| {
            let suffix = if n == 1 { format!("v{version}.bak") } else { format!("v{version}.{n}.bak") };
            path.with_file_name(format!("{name}.{suffix}"))
        })
        .find(|candidate| !candidate.exists())
        .unwrap_or_else(|| path.with_file_name(format!("{name}.v{version}.bak")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::audit::{self, AuditCheck};

    const STEPS: [Migration; 2] =
        [sql("CREATE TABLE t (x); INSERT INTO t VALUES (1);"), sql("ALTER TABLE t ADD COLUMN y;")];

    #[test]
    fn a_database_with_data_is_copied_aside_before_it_migrates() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("caseload.db");
        let conn = Db::Sqlite(rusqlite::Connection::open(&path).expect("open"));
        apply(&conn, &path, 0, &Sharing::Private, &STEPS[..1]).expect("to v1");
        assert!(!dir.path().join("caseload.db.v0.bak").exists(), "an empty file needs no backup");
        apply(&conn, &path, 1, &Sharing::Private, &STEPS).expect("to v2");
        assert_eq!(user_version(&conn).expect("version"), 2);
        let backup =
            Db::Sqlite(rusqlite::Connection::open(dir.path().join("caseload.db.v1.bak")).expect("backup opens"));
        assert_eq!(user_version(&backup).expect("version"), 1);
        let rows: i64 = backup.query_row("SELECT count(*) FROM t", [], |r| r.get(0)).expect("data kept");
        assert_eq!(rows, 1);
        // A second migration from the same version does not overwrite the first copy.
        assert_eq!(free_backup_path(&path, 1), dir.path().join("caseload.db.v1.2.bak"));
    }

    #[test]
    fn migration_5_chains_the_audit_rows_written_before_it_and_keeps_them_append_only() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("caseload.db");
        let conn = Db::Sqlite(rusqlite::Connection::open(&path).expect("open"));
        apply(&conn, &path, 0, &Sharing::Private, &MIGRATIONS[..4]).expect("to v4");
        conn.execute_batch(
            "INSERT INTO audit (at, user, action, entity, entity_id) VALUES
                ('2026-11-20T15:00:00Z', 'casey', 'create', 'client', 1),
                ('2026-11-21T15:00:00Z', 'casey', 'view', 'client', 1),
                ('2026-11-22T15:00:00Z', 'robin', 'import', 'client', NULL);
             -- More than one batch of the migration.
             WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 25000)
             INSERT INTO audit (at, user, action, entity, entity_id)
                 SELECT '2026-11-23T15:00:00Z', 'casey', 'view', 'note', i FROM n;",
        )
        .expect("old rows");
        apply(&conn, &path, 4, &Sharing::Private, MIGRATIONS).expect("to v5");
        let check = audit::check_chain(&conn).expect("checked");
        assert_eq!(check, AuditCheck { rows: 25_003, first_broken: None, append_only: true });
        let unknown: i64 =
            conn.query_row("SELECT count(*) FROM audit WHERE os_user = ''", [], |r| r.get(0)).expect("count");
        assert_eq!(unknown, 25_003, "the OS account of old rows is unknown");
        // A row written now continues the migrated chain.
        let entry = audit::NewEntry {
            at: chrono::DateTime::UNIX_EPOCH,
            user: "casey",
            os_user: "casey",
            action: audit::AuditAction::View,
            entity: "client",
            entity_id: Some(1),
            detail: "show",
        };
        audit::insert(&conn, &entry).expect("appended");
        assert_eq!(audit::check_chain(&conn).expect("checked").rows, 25_004);
        assert!(conn.execute("UPDATE audit SET user = 'x' WHERE id = 1", []).is_err(), "still append-only");
        assert!(conn.execute("DELETE FROM audit WHERE id = 1", []).is_err(), "still append-only");
    }

    #[test]
    fn migration_7_turns_each_clients_program_into_an_enrollment_and_keeps_every_record() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("caseload.db");
        let conn = Db::Sqlite(rusqlite::Connection::open(&path).expect("open"));
        apply(&conn, &path, 0, &Sharing::Private, &MIGRATIONS[..6]).expect("to v6");
        conn.execute_batch(
            "INSERT INTO client (id, given_name, family_name, program, risk, status, coordinator, enrolled_on,
                 discharged_on, discharge_reason, created_by, created_at, updated_at) VALUES
                 (1, 'A', 'One', 'CCM', 'high', 'active', 'casey', '2026-01-05', NULL, NULL, 'casey', '2026-01-05T15:00:00Z', '2026-01-05T15:00:00Z'),
                 (2, 'B', 'Two', 'TCM', 'low', 'discharged', 'casey', '2026-02-01', '2026-03-01', 'moved', 'casey', '2026-02-01T15:00:00Z', '2026-03-01T15:00:00Z'),
                 (3, 'C', 'Three', 'BH', 'medium', 'active', 'robin', '2026-03-01', NULL, NULL, 'robin', '2026-03-01T15:00:00Z', '2026-03-01T15:00:00Z'),
                 (4, 'D', 'Four', 'general', 'low', 'active', 'robin', '2026-04-01', NULL, NULL, 'robin', '2026-04-01T15:00:00Z', '2026-04-01T15:00:00Z'),
                 (5, 'E', 'Five', 'Behavioral-Health-Long', 'low', 'active', 'robin', '2026-05-01', NULL, NULL, 'robin', '2026-05-01T15:00:00Z', '2026-05-01T15:00:00Z');
             INSERT INTO note (client_id, author, contact_at, contact_type, direction, outcome, minutes, body, addendum_of, created_at) VALUES
                 (1, 'casey', '2026-11-02T15:00:00Z', 'phone', 'outbound', 'reached', 25, 'Synthetic.', NULL, '2026-11-02T15:00:00Z'),
                 (1, 'casey', '2026-11-03T15:00:00Z', 'phone', 'outbound', 'n_a', 0, 'Addendum.', 1, '2026-11-03T15:00:00Z'),
                 (2, 'casey', '2026-02-10T15:00:00Z', 'phone', 'outbound', 'reached', 10, 'Synthetic.', NULL, '2026-02-10T15:00:00Z'),
                 (3, 'robin', '2026-11-04T15:00:00Z', 'video', 'inbound', 'reached', 15, 'Synthetic.', NULL, '2026-11-04T15:00:00Z'),
                 (5, 'robin', '2026-11-05T15:00:00Z', 'phone', 'outbound', 'reached', 5, 'Synthetic.', NULL, '2026-11-05T15:00:00Z');",
        )
        .expect("old rows");
        let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).expect("count") };
        let before = (count("SELECT count(*) FROM client"), count("SELECT count(*) FROM note"));
        apply(&conn, &path, 6, &Sharing::Private, MIGRATIONS).expect("to v7");
        assert_eq!((count("SELECT count(*) FROM client"), count("SELECT count(*) FROM note")), before);
        let rows = |sql: &str| -> Vec<String> {
            let mut statement = conn.prepare(sql).expect("select");
            statement.query_map([], |r| r.get(0)).expect("rows").collect::<rusqlite::Result<_>>().expect("read")
        };
        assert_eq!(
            rows(
                "SELECT client_id || ' ' || program || ' ' || started_on || ' ' || coalesce(ended_on, '-') || ' '
                      || coalesce(end_reason, '-') || ' ' || created_by FROM enrollment ORDER BY client_id"
            ),
            [
                "1 ccm 2026-01-05 - - casey",
                "2 tcm 2026-02-01 2026-03-01 moved casey",
                "3 bhi 2026-03-01 - - robin",
                "4 general 2026-04-01 - - robin",
                "5 general 2026-05-01 - - robin",
            ]
        );
        assert_eq!(
            rows("SELECT program FROM client ORDER BY id"),
            ["ccm", "tcm", "bhi", "general", "Behavioral-Health-Long"],
            "mapped programs read as their word; other text stays as typed"
        );
        assert_eq!(
            rows("SELECT id || ' ' || coalesce(program, '-') FROM note ORDER BY id"),
            ["1 ccm", "2 -", "3 -", "4 bhi", "5 -"],
            "minutes go to the client's time-based program; tcm and general have none"
        );
        assert!(conn.execute("UPDATE note SET minutes = 1 WHERE id = 1", []).is_err(), "notes are still never edited");
    }

    #[test]
    fn migration_9_adds_screenings_and_an_unknown_gender_and_keeps_every_record() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("caseload.db");
        let conn = Db::Sqlite(rusqlite::Connection::open(&path).expect("open"));
        apply(&conn, &path, 0, &Sharing::Private, &MIGRATIONS[..8]).expect("to v8");
        conn.execute_batch(
            "INSERT INTO client (id, given_name, family_name, program, risk, status, coordinator, enrolled_on,
                 created_by, created_at, updated_at) VALUES
                 (1, 'A', 'One', 'ccm', 'high', 'active', 'casey', '2026-01-05', 'casey', '2026-01-05T15:00:00Z', '2026-01-05T15:00:00Z'),
                 (2, 'B', 'Two', 'general', 'low', 'active', 'robin', '2026-02-01', 'robin', '2026-02-01T15:00:00Z', '2026-02-01T15:00:00Z');
             INSERT INTO enrollment (client_id, program, started_on, created_by, created_at) VALUES
                 (1, 'ccm', '2026-01-05', 'casey', '2026-01-05T15:00:00Z');
             INSERT INTO note (client_id, author, contact_at, contact_type, direction, outcome, minutes, program, body, created_at) VALUES
                 (1, 'casey', '2026-11-02T15:00:00Z', 'phone', 'outbound', 'reached', 25, 'ccm', 'Synthetic.', '2026-11-02T15:00:00Z');",
        )
        .expect("old rows");
        let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).expect("count") };
        let tables = ["client", "enrollment", "note", "note_minutes", "audit"];
        let before: Vec<i64> = tables.iter().map(|t| count(&format!("SELECT count(*) FROM {t}"))).collect();
        apply(&conn, &path, 8, &Sharing::Private, MIGRATIONS).expect("to v9");
        let after: Vec<i64> = tables.iter().map(|t| count(&format!("SELECT count(*) FROM {t}"))).collect();
        assert_eq!(after, before);
        assert_eq!(
            count("SELECT count(*) FROM client WHERE gender = 'unknown'"),
            2,
            "existing clients' gender is unknown"
        );
        assert!(conn.execute("UPDATE client SET gender = 'woman' WHERE id = 1", []).is_err(), "only the four words");
        conn.execute(
            "INSERT INTO assessment (client_id, instrument, taken_at, mode, answers, score, band, positives,
                administered_by, created_by, created_at)
             VALUES (1, 'phq2', '2026-11-20T15:00:00Z', 'phone', '1,2', 3, 'positive', '', 'casey', 'casey', '2026-11-20T15:00:00Z')",
            [],
        )
        .expect("a screening");
        assert!(conn.execute("UPDATE assessment SET score = 0", []).is_err(), "assessments are never edited");
        assert!(conn.execute("DELETE FROM assessment", []).is_err(), "nor deleted");
    }

    #[test]
    fn migration_7_looks_each_client_up_by_key_not_by_a_scan() {
        use rusqlite::fallible_iterator::FallibleIterator;
        use rusqlite::{Batch, StatementStatus};
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("caseload.db");
        let conn = Db::Sqlite(rusqlite::Connection::open(&path).expect("open"));
        apply(&conn, &path, 0, &Sharing::Private, &MIGRATIONS[..6]).expect("to v6");
        let rows = 2_000;
        conn.execute_batch(&format!(
            "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows})
             INSERT INTO client (id, given_name, family_name, program, risk, status, coordinator, enrolled_on,
                 created_by, created_at, updated_at)
                 SELECT i, 'A', 'Synthetic', 'CCM', 'low', 'active', 'casey', '2026-01-05', 'casey',
                     '2026-01-05T15:00:00Z', '2026-01-05T15:00:00Z' FROM n;
             WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows})
             INSERT INTO note (client_id, author, contact_at, contact_type, direction, outcome, minutes, body,
                 created_at)
                 SELECT i, 'casey', '2026-11-02T15:00:00Z', 'phone', 'outbound', 'reached', 10, 'Synthetic.',
                     '2026-11-02T15:00:00Z' FROM n;"
        ))
        .expect("old rows");
        // The virtual machine's steps count the work without a clock: a scan of
        // every client per client and per note is 30 million at 2,000 of each,
        // a lookup by key about 130 a row.
        conn.execute_batch("BEGIN").expect("begin");
        let mut batch = Batch::new(conn.sqlite().expect("SQLite"), MIGRATIONS[6].sql);
        let mut steps = 0;
        while let Some(mut statement) = batch.next().expect("statement") {
            statement.raw_execute().expect("runs");
            steps += statement.get_status(StatementStatus::VmStep);
        }
        conn.execute_batch("ROLLBACK").expect("rollback");
        assert!(steps < 500 * 2 * rows, "{steps} steps for {rows} clients and {rows} notes");
    }

    #[test]
    fn migration_11_adds_medications_and_a_medical_reason_and_keeps_every_record() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("caseload.db");
        let conn = Db::Sqlite(rusqlite::Connection::open(&path).expect("open"));
        // Version 9, the schema before this change (10 is another change's).
        apply(&conn, &path, 0, &Sharing::Private, &MIGRATIONS[..10]).expect("to v10");
        conn.execute_batch(
            "INSERT INTO client (id, given_name, family_name, program, risk, status, coordinator, enrolled_on,
                 created_by, created_at, updated_at) VALUES
                 (1, 'A', 'One', 'ccm', 'high', 'active', 'casey', '2026-01-05', 'casey', '2026-01-05T15:00:00Z', '2026-01-05T15:00:00Z');
             INSERT INTO encounter (client_id, kind, facility, admitted_on, discharged_on, created_by, created_at) VALUES
                 (1, 'inpatient', 'Synthetic General', '2026-11-01', '2026-11-05', 'casey', '2026-11-05T15:00:00Z'),
                 (1, 'ed', 'Synthetic General', '2026-11-10', '2026-11-10', 'casey', '2026-11-10T15:00:00Z');
             INSERT INTO note (client_id, author, contact_at, contact_type, direction, outcome, minutes, program, body, created_at) VALUES
                 (1, 'casey', '2026-11-06T15:00:00Z', 'phone', 'outbound', 'reached', 25, 'ccm', 'Synthetic.', '2026-11-06T15:00:00Z');
             INSERT INTO assessment (client_id, instrument, taken_at, mode, answers, score, band, positives,
                 administered_by, created_by, created_at)
             VALUES (1, 'phq2', '2026-11-20T15:00:00Z', 'phone', '1,2', 3, 'positive', '', 'casey', 'casey', '2026-11-20T15:00:00Z');",
        )
        .expect("old rows");
        let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).expect("count") };
        let tables = ["client", "encounter", "note", "assessment", "enrollment", "audit"];
        let before: Vec<i64> = tables.iter().map(|t| count(&format!("SELECT count(*) FROM {t}"))).collect();
        apply(&conn, &path, 10, &Sharing::Private, MIGRATIONS).expect("to the latest");
        let after: Vec<i64> = tables.iter().map(|t| count(&format!("SELECT count(*) FROM {t}"))).collect();
        assert_eq!(after, before);
        assert_eq!(count("SELECT count(*) FROM encounter WHERE reason = 'medical'"), 2, "old encounters are medical");
        assert!(conn.execute("UPDATE encounter SET reason = 'psych' WHERE id = 1", []).is_err(), "only the four words");
        conn.execute_batch(
            "INSERT INTO medication (client_id, name, started_on, created_by, created_at)
                 VALUES (1, 'Synthetic-pril', '2026-10-01', 'casey', '2026-11-06T15:00:00Z');
             INSERT INTO reconciliation (client_id, reconciled_on, encounter_id, reconciled_by, created_by, created_at)
                 VALUES (1, '2026-11-07', 1, 'casey', 'casey', '2026-11-07T15:00:00Z');",
        )
        .expect("the new records");
        assert!(conn.execute("DELETE FROM medication", []).is_err(), "medications are never deleted");
        assert!(conn.execute("UPDATE medication SET name = 'x'", []).is_err(), "nor renamed");
        conn.execute("UPDATE medication SET stopped_on = '2026-11-07'", []).expect("stopped");
        assert!(conn.execute("UPDATE medication SET stopped_on = '2026-11-08'", []).is_err(), "stopped once");
        assert!(conn.execute("UPDATE reconciliation SET notes = 'x'", []).is_err(), "reconciliations are never edited");
        assert!(conn.execute("DELETE FROM reconciliation", []).is_err(), "nor deleted");
    }

    #[test]
    fn migration_12_gives_resources_an_hsds_id_and_keeps_every_record() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("caseload.db");
        let conn = Db::Sqlite(rusqlite::Connection::open(&path).expect("open"));
        apply(&conn, &path, 0, &Sharing::Private, &MIGRATIONS[..11]).expect("to v11");
        conn.execute_batch(
            "INSERT INTO client (id, given_name, family_name, program, risk, status, coordinator, enrolled_on,
                 created_by, created_at, updated_at) VALUES
                 (1, 'A', 'One', 'ccm', 'high', 'active', 'casey', '2026-01-05', 'casey', '2026-01-05T15:00:00Z', '2026-01-05T15:00:00Z');
             INSERT INTO resource (id, name, organization, category, phone, hours, created_by, created_at) VALUES
                 (1, 'Synthetic Pantry', 'Synthetic Org', 'food', '555-0100', 'Mon-Fri 9-5', 'casey', '2026-01-05T15:00:00Z'),
                 (2, 'Synthetic Rides', NULL, 'transport', NULL, NULL, 'casey', '2026-01-06T15:00:00Z');
             INSERT INTO referral (client_id, \"to\", resource_id, kind, reason, status, status_changed_on, created_by, created_at)
                 VALUES (1, 'Synthetic Pantry', 1, 'food', 'synthetic', 'sent', '2026-11-01', 'casey', '2026-11-01T15:00:00Z');",
        )
        .expect("old rows");
        let rows = |sql: &str| -> Vec<String> {
            let mut statement = conn.prepare(sql).expect("select");
            statement.query_map([], |r| r.get(0)).expect("rows").collect::<rusqlite::Result<_>>().expect("read")
        };
        let resources =
            "SELECT id || ' ' || name || ' ' || coalesce(organization, '-') || ' ' || coalesce(category, '-')
            || ' ' || coalesce(phone, '-') || ' ' || coalesce(hours, '-') || ' ' || created_by || ' ' || created_at
            FROM resource ORDER BY id";
        let before = (rows(resources), rows("SELECT \"to\" || ' ' || resource_id FROM referral"));
        apply(&conn, &path, 11, &Sharing::Private, MIGRATIONS).expect("to the latest");
        assert_eq!((rows(resources), rows("SELECT \"to\" || ' ' || resource_id FROM referral")), before);
        assert_eq!(rows("SELECT coalesce(hsds_id, '-') || coalesce(email, '-') FROM resource"), ["--", "--"]);
        conn.execute("UPDATE resource SET hsds_id = 'svc-1' WHERE id = 1", []).expect("an HSDS id");
        assert!(conn.execute("UPDATE resource SET hsds_id = 'svc-1' WHERE id = 2", []).is_err(), "one resource per id");
    }

    #[test]
    fn each_database_gets_an_identity_that_never_changes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let identity = |name: &str| {
            let path = dir.path().join(name);
            let conn = Db::Sqlite(rusqlite::Connection::open(&path).expect("open"));
            apply(&conn, &path, 0, &Sharing::Private, MIGRATIONS).expect("to the latest");
            let id: String =
                conn.query_row("SELECT value FROM meta WHERE key = 'database_id'", [], |r| r.get(0)).expect("id");
            assert!(conn.execute("UPDATE meta SET value = 'x'", []).is_err(), "never changed");
            assert!(conn.execute("DELETE FROM meta", []).is_err(), "nor deleted");
            id
        };
        let (one, two) = (identity("one.db"), identity("two.db"));
        assert_ne!(one, two);
        for id in [&one, &two] {
            let uuid = uuid::Uuid::parse_str(id).expect("a UUID");
            assert_eq!((uuid.get_version_num(), uuid.get_variant()), (4, uuid::Variant::RFC4122), "{id}");
        }
    }

    #[test]
    fn a_failed_migration_leaves_the_old_version() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("caseload.db");
        let conn = Db::Sqlite(rusqlite::Connection::open(&path).expect("open"));
        apply(&conn, &path, 0, &Sharing::Private, &STEPS[..1]).expect("to v1");
        let error = apply(&conn, &path, 1, &Sharing::Private, &[sql("CREATE TABLE t (x);"), sql("THIS IS NOT SQL")])
            .expect_err("fails");
        assert!(matches!(error, StoreError::MigrationFailed { from: 1, to: 2, .. }), "{error}");
        assert!(!error.to_string().contains("THIS IS NOT SQL"), "the script stays out of the message: {error}");
        assert_eq!(user_version(&conn).expect("version"), 1);
        // Nothing changed, so the copy taken before is not kept (it would pile up per attempt).
        let left: Vec<_> =
            std::fs::read_dir(dir.path()).expect("dir").filter_map(Result::ok).map(|e| e.file_name()).collect();
        assert!(!left.iter().any(|name| name.to_string_lossy().contains(".bak")), "{left:?}");
    }
}
