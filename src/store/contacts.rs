//! People around a client.

use super::db::{Db, Row};
use chrono::{DateTime, Utc};
use rusqlite::named_params;

use super::sql::{instant, stamp, word};
use super::unreadable::read_one;
use super::{AuditAction, Result, Store, StoreError};
use crate::domain::contact::Contact;

pub(crate) const COLUMNS: &str = "id, client_id, name, relationship, phone, email, organization, on_care_team, may_share_info, created_by, created_at";

/// Read by position from a row that starts with `COLUMNS` (by name costs a lookup per field).
pub(crate) fn from_row(row: &Row<'_>) -> rusqlite::Result<Contact> {
    Ok(Contact {
        id: row.get(0)?,
        client_id: row.get(1)?,
        name: row.get(2)?,
        relationship: word(row, 3)?,
        phone: row.get(4)?,
        email: row.get(5)?,
        organization: row.get(6)?,
        on_care_team: row.get(7)?,
        may_share_info: row.get(8)?,
        created_by: row.get(9)?,
        created_at: instant(row, 10)?,
    })
}

pub fn insert(conn: &Db, contact: &Contact, user: &str, now: DateTime<Utc>) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "INSERT INTO contact (client_id, name, relationship, phone, email, organization, on_care_team,
            may_share_info, created_by, created_at)
         VALUES (:client_id, :name, :relationship, :phone, :email, :organization, :on_care_team,
            :may_share_info, :user, :now) RETURNING id",
        )?
        .insert(named_params! {
            ":client_id": contact.client_id, ":name": contact.name, ":relationship": contact.relationship.as_str(),
            ":phone": contact.phone, ":email": contact.email, ":organization": contact.organization,
            ":on_care_team": contact.on_care_team, ":may_share_info": contact.may_share_info,
            ":user": user, ":now": stamp(now),
        })?)
}

impl Store {
    /// Validates and adds a person around a client; returns the new id.
    pub fn add_contact(&mut self, mut contact: Contact) -> Result<i64> {
        contact.normalize_and_validate()?;
        self.client(contact.client_id)?;
        self.write(|w| {
            let id = insert(w.conn(), &contact, w.user(), w.now())?;
            w.audit(AuditAction::Create, "contact", Some(id))?;
            Ok(id)
        })
    }

    pub fn contact(&self, id: i64) -> Result<Contact> {
        let sql = format!("SELECT {COLUMNS} FROM contact WHERE id = ?1");
        read_one(&mut self.conn().prepare_cached(&sql)?, [id], "contact", from_row)?
            .ok_or_else(|| StoreError::not_found("contact", "id", id))
    }

    /// A client's contacts: the care team first, then by name.
    pub fn client_contacts(&self, client_id: i64) -> Result<Vec<Contact>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM contact WHERE client_id = ?1
             ORDER BY on_care_team DESC, lower(name), id"
        );
        let mut statement = self.conn().prepare_cached(&sql)?;
        self.read_rows("contact", &mut statement, [client_id], from_row)
    }
}
