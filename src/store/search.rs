//! Full-text search (FTS5) over client names, MRNs and phones, and note bodies.

use chrono::{DateTime, Utc};
use rusqlite::params;
use serde::Serialize;

use super::audit::{counted, whose};
use super::db::Dialect;
use super::sql::instant;
use super::{AuditAction, Result, Store};
use crate::domain::privacy::{Redact, Redactor};

/// Turns what a person typed into an FTS5 query: every word must match as a
/// prefix; quotes and operators are taken literally, never as syntax.
pub fn client_match_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| format!("\"{word}\"*"))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// How each engine matches the search tables (`s` in the queries, `?1` the
/// query) and cuts a note's snippet: FTS5 on SQLite, the baseline schema's
/// tsvector columns and functions on PostgreSQL, which find the same words.
pub(crate) struct SearchSql {
    pub clients_match: &'static str,
    pub notes_match: &'static str,
    pub note_snippet: &'static str,
}

impl SearchSql {
    pub(crate) fn of(dialect: Dialect) -> SearchSql {
        match dialect {
            Dialect::Sqlite => SearchSql {
                clients_match: "client_search MATCH ?1",
                notes_match: "note_search MATCH ?1",
                note_snippet: "snippet(note_search, 0, '[', ']', '…', 12)",
            },
            Dialect::Postgres => SearchSql {
                clients_match: "s.document @@ search_query(?1)",
                notes_match: "s.document @@ search_query(?1)",
                note_snippet: "search_snippet(s.body, ?1)",
            },
        }
    }
}

/// One search result: a client, or a note of a client.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    /// "client" or "note".
    pub kind: &'static str,
    pub client_id: i64,
    pub client_name: String,
    pub note_id: Option<i64>,
    pub contact_at: Option<DateTime<Utc>>,
    /// The matching words in context.
    pub snippet: String,
}

impl Redact for SearchHit {
    fn redact(&mut self, with: &Redactor) {
        self.client_name = with.name(self.client_id, &self.client_name);
        self.snippet = with.text(self.client_id, &self.snippet);
    }
}

impl Store {
    /// A search as a person is shown it (`caseload search`, the interface's
    /// search): the hits, redacted when asked, after the view row saying how
    /// much was found. The words searched for may be a name: the row says
    /// how much was found, not what was asked.
    pub fn search_shown(
        &mut self,
        text: &str,
        coordinator: Option<&str>,
        limit: u32,
        redact: bool,
    ) -> Result<Vec<SearchHit>> {
        let mut hits = self.search(text, coordinator, limit)?;
        if redact {
            self.redactor_of(hits.iter().map(|hit| hit.client_id))?.apply(&mut hits);
        }
        let notes = hits.iter().filter(|hit| hit.note_id.is_some()).count();
        let found = format!("{} and {}", counted(hits.len() - notes, "client"), counted(notes, "note"));
        self.audit(AuditAction::View, "search", None, &format!("search {}, {found}", whose(coordinator)))?;
        Ok(hits)
    }

    /// Clients whose name, MRN or phone match, then notes whose body matches,
    /// newest first; at most `limit` of each. `coordinator` narrows to one caseload.
    pub fn search(&self, text: &str, coordinator: Option<&str>, limit: u32) -> Result<Vec<SearchHit>> {
        let Some(query) = client_match_query(text) else {
            return Ok(Vec::new());
        };
        let sql = SearchSql::of(self.conn().dialect());
        // FTS5 takes its own query syntax; the server's search_query() takes the words as typed.
        let query = match self.conn().dialect() {
            Dialect::Sqlite => query,
            Dialect::Postgres => text.to_string(),
        };
        let mut hits = Vec::new();
        // Ties (two clients of one name, two notes of one minute) come in id
        // order, as SQLite's index scan gives them; a server's join need not.
        let mut clients = self.conn().prepare_cached(&format!(
            "SELECT c.id, c.family_name || ', ' || c.given_name, coalesce(c.mrn, '') || ' ' || coalesce(c.phone, '')
             FROM client_search s JOIN client c ON c.id = s.rowid
             WHERE {} AND (?2 IS NULL OR c.coordinator = ?2)
             ORDER BY c.family_name, c.given_name, c.id LIMIT ?3",
            sql.clients_match
        ))?;
        let rows = self.read_rows("client", &mut clients, params![query, coordinator, limit], |row| {
            Ok(SearchHit {
                kind: "client",
                client_id: row.get(0)?,
                client_name: row.get(1)?,
                note_id: None,
                contact_at: None,
                snippet: row.get::<_, String>(2)?.trim().to_string(),
            })
        })?;
        hits.extend(rows);
        let mut notes = self.conn().prepare_cached(&format!(
            "SELECT n.id, n.client_id, c.family_name || ', ' || c.given_name, n.contact_at AS contact_at, {}
             FROM note_search s JOIN note n ON n.id = s.rowid JOIN client c ON c.id = n.client_id
             WHERE {} AND (?2 IS NULL OR c.coordinator = ?2)
             ORDER BY n.contact_at DESC, n.id LIMIT ?3",
            sql.note_snippet, sql.notes_match
        ))?;
        let rows = self.read_rows("note", &mut notes, params![query, coordinator, limit], |row| {
            Ok(SearchHit {
                kind: "note",
                note_id: Some(row.get(0)?),
                client_id: row.get(1)?,
                client_name: row.get(2)?,
                contact_at: Some(instant(row, "contact_at")?),
                snippet: row.get(4)?,
            })
        })?;
        hits.extend(rows);
        Ok(hits)
    }
}

#[cfg(test)]
mod tests {
    use super::client_match_query;

    #[test]
    fn typed_text_never_becomes_fts_syntax() {
        assert_eq!(client_match_query("ada qu"), Some("\"ada\"* \"qu\"*".into()));
        assert_eq!(client_match_query("\"OR NEAR(*"), Some("\"OR\"* \"NEAR\"*".into()));
        assert_eq!(client_match_query("  --  "), None);
    }
}
