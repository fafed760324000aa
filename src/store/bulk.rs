//! Loading many rows in one transaction (the demo caseload, imports): fast
//! enough for the 10k-client reference data and a million imported clients,
//! and still all or nothing.

use rusqlite::named_params;

use super::{Result, Writer};

/// Triggers that do per-row work on each row inserted, the table they watch,
/// and the statement that does the same work at once for every row added
/// since `:after` (the table's last rowid before the load).
const DEFERRED_TRIGGERS: &[(&str, &str, &str)] = &[
    // The full-text index of client names (the row the trigger writes).
    (
        "client_search_insert",
        "client",
        "INSERT INTO client_search (rowid, name, mrn, phone)
            SELECT id, given_name || ' ' || family_name || ' ' || coalesce(preferred_name, ''),
                coalesce(mrn, ''), coalesce(phone, '')
            FROM client WHERE id > :after",
    ),
    // The full-text index of note bodies.
    ("note_search_insert", "note", "INSERT INTO note_search (rowid, body) SELECT id, body FROM note WHERE id > :after"),
    // Each client's latest contact (migration 4).
    (
        "note_keeps_last_contact",
        "note",
        "INSERT INTO last_contact (client_id, contact_at)
            SELECT client_id, max(contact_at) FROM note
            WHERE id > :after AND outcome = 'reached' AND contact_type IN ('phone', 'video', 'in_person', 'text')
            GROUP BY client_id
         ON CONFLICT (client_id) DO UPDATE SET contact_at = max(last_contact.contact_at, excluded.contact_at)",
    ),
    // Each client's minutes per month and program (migration 8).
    (
        "note_keeps_minutes",
        "note",
        "INSERT INTO note_minutes (month, client_id, program, minutes)
            SELECT substr(contact_at, 1, 7), client_id, coalesce(program, ''), sum(minutes) FROM note
            WHERE id > :after GROUP BY 1, 2, 3
         ON CONFLICT (month, client_id, program) DO UPDATE SET minutes = note_minutes.minutes + excluded.minutes",
    ),
];

/// A page cache big enough that a load of a few hundred megabytes rarely spills.
const BULK_CACHE_KIB: i64 = 64 * 1024;

/// Runs `load` inside the caller's write transaction with a larger page cache
/// and without the per-row triggers, then does their work for every new row at once.
///
/// FTS5 writes its pending index to disk at each statement savepoint, and inside
/// a transaction every INSERT that fires an index trigger opens one, so
/// row-by-row loading would spend most of its time merging tiny index segments.
/// Dropping the triggers is part of the transaction: if anything fails, the
/// rollback puts them back.
pub fn load<T>(w: &Writer<'_>, load: impl FnOnce(&Writer<'_>) -> Result<T>) -> Result<T> {
    let conn = w.conn();
    // A server keeps its search columns up to date statement by statement; it
    // has no page cache to size and no triggers worth deferring.
    if conn.sqlite().is_none() {
        return load(w);
    }
    let cache: i64 = conn.query_row("PRAGMA cache_size", [], |row| row.get(0))?;
    let mut restore = Vec::with_capacity(DEFERRED_TRIGGERS.len());
    for (name, table, catch_up) in DEFERRED_TRIGGERS {
        let sql: String =
            conn.query_row("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1", [name], |row| {
                row.get(0)
            })?;
        let after: i64 =
            conn.query_row(&format!("SELECT coalesce(max(rowid), 0) FROM {table}"), [], |row| row.get(0))?;
        conn.execute_batch(&format!("DROP TRIGGER {name}"))?;
        restore.push((sql, *catch_up, after));
    }
    conn.execute_batch(&format!("PRAGMA cache_size = -{BULK_CACHE_KIB}"))?;
    let loaded = load(w);
    conn.execute_batch(&format!("PRAGMA cache_size = {cache}"))?;
    let value = loaded?;
    for (trigger, catch_up, after) in restore {
        conn.execute_batch(&trigger)?;
        conn.execute(catch_up, named_params! { ":after": after })?;
    }
    Ok(value)
}
