//! People around a client.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row, named_params};

use super::Result;
use super::sql::{instant, stamp, word};
use crate::domain::contact::Contact;

pub(crate) const COLUMNS: &str = "id, client_id, name, relationship, phone, email, organization, on_care_team, may_share_info, created_by, created_at";

pub(crate) fn from_row(row: &Row<'_>) -> rusqlite::Result<Contact> {
    Ok(Contact {
        id: row.get("id")?,
        client_id: row.get("client_id")?,
        name: row.get("name")?,
        relationship: word(row, "relationship")?,
        phone: row.get("phone")?,
        email: row.get("email")?,
        organization: row.get("organization")?,
        on_care_team: row.get("on_care_team")?,
        may_share_info: row.get("may_share_info")?,
        created_by: row.get("created_by")?,
        created_at: instant(row, "created_at")?,
    })
}

pub fn insert(conn: &Connection, contact: &Contact, user: &str, now: DateTime<Utc>) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO contact (client_id, name, relationship, phone, email, organization, on_care_team,
            may_share_info, created_by, created_at)
         VALUES (:client_id, :name, :relationship, :phone, :email, :organization, :on_care_team,
            :may_share_info, :user, :now)",
    )?
    .execute(named_params! {
        ":client_id": contact.client_id, ":name": contact.name, ":relationship": contact.relationship.as_str(),
        ":phone": contact.phone, ":email": contact.email, ":organization": contact.organization,
        ":on_care_team": contact.on_care_team, ":may_share_info": contact.may_share_info,
        ":user": user, ":now": stamp(now),
    })?;
    Ok(conn.last_insert_rowid())
}
