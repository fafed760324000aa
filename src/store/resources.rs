//! The community resource directory.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row, named_params};

use super::Result;
use super::sql::{instant, stamp};
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
