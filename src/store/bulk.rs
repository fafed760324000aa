//! Loading many rows in one transaction (the demo caseload): fast enough for
//! the 10k-client reference data, and still all or nothing.

use super::{Result, Writer};

/// The trigger that indexes each note as it is inserted (see the schema).
const NOTE_INDEX_TRIGGER: &str = "note_search_insert";

/// A page cache big enough that a load of a few hundred megabytes rarely spills.
const BULK_CACHE_KIB: i64 = 64 * 1024;

/// Runs `load` inside the caller's write transaction with a larger page cache
/// and without indexing notes one at a time, then indexes every note at once.
///
/// FTS5 writes its pending index to disk at each statement savepoint, and inside
/// a transaction every note INSERT (which fires the index trigger) opens one, so
/// row-by-row loading would spend most of its time merging tiny index segments.
/// Dropping the trigger is part of the transaction: if anything fails, the
/// rollback puts it back.
pub fn load<T>(w: &Writer<'_>, load: impl FnOnce(&Writer<'_>) -> Result<T>) -> Result<T> {
    let conn = w.conn();
    let cache: i64 = conn.query_row("PRAGMA cache_size", [], |row| row.get(0))?;
    let trigger: String = conn.query_row(
        "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1",
        [NOTE_INDEX_TRIGGER],
        |row| row.get(0),
    )?;
    conn.execute_batch(&format!("PRAGMA cache_size = -{BULK_CACHE_KIB}; DROP TRIGGER {NOTE_INDEX_TRIGGER};"))?;
    let loaded = load(w);
    conn.execute_batch(&format!("PRAGMA cache_size = {cache}"))?;
    let value = loaded?;
    conn.execute_batch(&format!("{trigger}; INSERT INTO note_search (note_search) VALUES ('rebuild');"))?;
    Ok(value)
}
