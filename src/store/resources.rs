//! The community resource directory.

use std::collections::HashMap;

use super::db::{Db, Dialect, Row};
use chrono::{DateTime, Utc};
use rusqlite::named_params;

use super::sql::{instant, stamp};
use super::{AuditAction, Result, Store};
use crate::domain::resource::Resource;

pub(crate) const COLUMNS: &str = "id, name, organization, category, phone, address, hours, eligibility, languages, url, email, notes, hsds_id, created_by, created_at";

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
        email: row.get("email")?,
        notes: row.get("notes")?,
        hsds_id: row.get("hsds_id")?,
        created_by: row.get("created_by")?,
        created_at: instant(row, "created_at")?,
    })
}

pub fn insert(conn: &Db, resource: &Resource, user: &str, now: DateTime<Utc>) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "INSERT INTO resource (name, organization, category, phone, address, hours, eligibility, languages, url,
            email, notes, hsds_id, created_by, created_at)
         VALUES (:name, :organization, :category, :phone, :address, :hours, :eligibility, :languages, :url,
            :email, :notes, :hsds_id, :user, :now) RETURNING id",
        )?
        .insert(named_params! {
            ":name": resource.name, ":organization": resource.organization, ":category": resource.category,
            ":phone": resource.phone, ":address": resource.address, ":hours": resource.hours,
            ":eligibility": resource.eligibility, ":languages": resource.languages, ":url": resource.url,
            ":email": resource.email, ":notes": resource.notes, ":hsds_id": resource.hsds_id, ":user": user,
            ":now": stamp(now),
        })?)
}

/// What importing a directory did (or, in a dry run, would do) to the
/// resources, matched by HSDS id.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Upserted {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl Upserted {
    /// "3 added, 1 updated, 5 unchanged".
    pub fn summary(&self) -> String {
        format!("{} added, {} updated, {} unchanged", self.added, self.updated, self.unchanged)
    }
}

/// The directory's resources already here, by HSDS id.
fn by_hsds_id(conn: &Db) -> Result<HashMap<String, Resource>> {
    let mut statement = conn.prepare(&format!("SELECT {COLUMNS} FROM resource WHERE hsds_id IS NOT NULL"))?;
    let rows = statement.query_map([], from_row)?;
    let mut known = HashMap::new();
    for resource in rows {
        let resource = resource?;
        if let Some(id) = resource.hsds_id.clone() {
            known.insert(id, resource);
        }
    }
    Ok(known)
}

/// Each resource matched to the one with its HSDS id: what is new, what
/// changed (with the id of the row it replaces), and how many are unchanged.
fn sort_out(known: &HashMap<String, Resource>, resources: Vec<Resource>) -> (Vec<Resource>, Vec<Resource>, usize) {
    let (mut added, mut updated, mut unchanged) = (Vec::new(), Vec::new(), 0);
    for mut resource in resources {
        match resource.hsds_id.as_ref().and_then(|id| known.get(id)) {
            None => added.push(resource),
            Some(old) if old.same_listing(&resource) => unchanged += 1,
            Some(old) => {
                resource.id = old.id;
                updated.push(resource);
            }
        }
    }
    (added, updated, unchanged)
}

fn update(conn: &Db, resource: &Resource) -> Result<()> {
    conn.prepare_cached(
        "UPDATE resource SET name = :name, organization = :organization, category = :category, phone = :phone,
            address = :address, hours = :hours, eligibility = :eligibility, languages = :languages, url = :url,
            email = :email, notes = :notes
         WHERE id = :id",
    )?
    .execute(named_params! {
        ":name": resource.name, ":organization": resource.organization, ":category": resource.category,
        ":phone": resource.phone, ":address": resource.address, ":hours": resource.hours,
        ":eligibility": resource.eligibility, ":languages": resource.languages, ":url": resource.url,
        ":email": resource.email, ":notes": resource.notes, ":id": resource.id,
    })?;
    Ok(())
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

    /// Imports an HSDS directory's resources (each with its HSDS id, already
    /// validated): a resource whose HSDS id is already here is updated when
    /// anything in it changed, the others are added; one transaction with one
    /// audit row. A dry run only counts, writing nothing.
    pub fn import_hsds_resources(&mut self, resources: Vec<Resource>, dry_run: bool) -> Result<Upserted> {
        if dry_run {
            let (added, updated, unchanged) = sort_out(&by_hsds_id(self.conn())?, resources);
            return Ok(Upserted { added: added.len(), updated: updated.len(), unchanged });
        }
        self.import(|w| {
            let (added, updated, unchanged) = sort_out(&by_hsds_id(w.conn())?, resources);
            for resource in &added {
                insert(w.conn(), resource, w.user(), w.now())?;
            }
            for resource in &updated {
                update(w.conn(), resource)?;
            }
            let upserted = Upserted { added: added.len(), updated: updated.len(), unchanged };
            w.audit_detail(AuditAction::Import, "resource", None, &format!("hsds: {}", upserted.summary()))?;
            Ok(upserted)
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
        // SQLite's LIKE ignores the case of ASCII letters; PostgreSQL's ILIKE
        // does the same under the baseline's "C" collation.
        let like = match self.conn().dialect() {
            Dialect::Sqlite => "LIKE",
            Dialect::Postgres => "ILIKE",
        };
        for index in 0..words.len() {
            let n = index + 2;
            sql.push_str(&format!(
                " AND (name {like} ?{n} ESCAPE '\\' OR organization {like} ?{n} ESCAPE '\\'
                    OR category {like} ?{n} ESCAPE '\\')"
            ));
        }
        // NULLS FIRST is SQLite's own order, said for PostgreSQL (which puts them last).
        sql.push_str(" ORDER BY lower(category) NULLS FIRST, lower(name), id");
        let mut params: Vec<&dyn rusqlite::ToSql> = vec![&filter.category];
        params.extend(words.iter().map(|word| word as &dyn rusqlite::ToSql));
        let mut statement = self.conn().prepare(&sql)?;
        self.read_rows("resource", &mut statement, params.as_slice(), from_row)
    }
}
