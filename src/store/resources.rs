//! The community resource directory.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row, named_params};

use super::sql::{instant, stamp};
use super::{AuditAction, Result, Store};
use crate::domain::resource::Resource;

pub(crate) const COLUMNS: &str = "id, name, organization, category, phone, address, hours, eligibility, languages, url, notes, created_by, created_at";

pub(crate) fn from_row(row: &Row<'_>) -> rusqlite::Result<Resource> {
    Ok(Resource {
        id: row.get("id")?,
        name: row.get("name")?,
        organization: row.get("organization")?,
        category: row.get("category")?,
        phone: row.get("phone")?,
        address: row.get("address")?,
        hours: row.get("hours")?,
        eligibility: row.get("eligibility")?,
        languages: row.get("languages")?,
        url: row.get("url")?,
        notes: row.get("notes")?,
        created_by: row.get("created_by")?,
        created_at: instant(row, "created_at")?,
    })
}

pub fn insert(conn: &Connection, resource: &Resource, user: &str, now: DateTime<Utc>) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO resource (name, organization, category, phone, address, hours, eligibility, languages, url,
            notes, created_by, created_at)
         VALUES (:name, :organization, :category, :phone, :address, :hours, :eligibility, :languages, :url,
            :notes, :user, :now)",
    )?
    .execute(named_params! {
        ":name": resource.name, ":organization": resource.organization, ":category": resource.category,
        ":phone": resource.phone, ":address": resource.address, ":hours": resource.hours,
        ":eligibility": resource.eligibility, ":languages": resource.languages, ":url": resource.url,
        ":notes": resource.notes, ":user": user, ":now": stamp(now),
    })?;
    Ok(conn.last_insert_rowid())
}

/// Which resources to list.
#[derive(Debug, Clone, Default)]
pub struct ResourceFilter {
    /// Only this category (any case).
    pub category: Option<String>,
    /// Words that must all appear in the name, organization or category.
    pub search: Option<String>,
}

impl Store {
    /// Adds every resource `load` hands over, each validated, in one
    /// transaction with one audit row (all or none), as `import_clients` does.
    pub fn import_resources(
        &mut self,
        load: impl FnOnce(&mut dyn FnMut(Resource) -> Result<()>) -> Result<usize>,
    ) -> Result<usize> {
        self.import(|w| {
            let mut insert_one = |mut resource: Resource| {
                resource.normalize();
                resource.validate()?;
                insert(w.conn(), &resource, w.user(), w.now()).map(drop)
            };
            let count = load(&mut insert_one)?;
            w.audit_detail(AuditAction::Import, "resource", None, &super::audit::counted(count, "resource"))?;
            Ok(count)
        })
    }

    /// Resources matching the filter, by category then name.
    pub fn resources(&self, filter: &ResourceFilter) -> Result<Vec<Resource>> {
        let mut sql = format!("SELECT {COLUMNS} FROM resource WHERE (?1 IS NULL OR lower(category) = lower(?1))");
        let words: Vec<String> = filter
            .search
            .as_deref()
            .unwrap_or_default()
            .split_whitespace()
            .map(|word| format!("%{}%", word.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")))
            .collect();
        for index in 0..words.len() {
            let n = index + 2;
            sql.push_str(&format!(
                " AND (name LIKE ?{n} ESCAPE '\\' OR organization LIKE ?{n} ESCAPE '\\'
                    OR category LIKE ?{n} ESCAPE '\\')"
            ));
        }
        sql.push_str(" ORDER BY category COLLATE NOCASE, name COLLATE NOCASE, id");
        let mut params: Vec<&dyn rusqlite::ToSql> = vec![&filter.category];
        params.extend(words.iter().map(|word| word as &dyn rusqlite::ToSql));
        let mut statement = self.conn().prepare(&sql)?;
        self.read_rows("resource", &mut statement, params.as_slice(), from_row)
    }
}
