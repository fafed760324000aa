//! What the record listings share: a SELECT whose WHERE clause holds only the
//! filters actually given (so SQLite can use the indexes), lookups by id, and
//! records paired with their client's name.

use std::collections::HashMap;

use rusqlite::types::ToSql;
use rusqlite::{Connection, OptionalExtension, Row};
use serde::Serialize;

use super::{Result, Store, StoreError};
use crate::domain::client::display_name;

/// A record as listings show it: its own fields plus `client_name`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WithClient<T> {
    #[serde(flatten)]
    pub record: T,
    pub client_name: String,
}

/// A SELECT over one table, built up filter by filter.
pub(crate) struct Select {
    sql: String,
    conditions: Vec<String>,
    params: Vec<Box<dyn ToSql>>,
}

impl Select {
    pub fn new(table: &str, columns: &str) -> Self {
        Select { sql: format!("SELECT {columns} FROM {table}"), conditions: Vec::new(), params: Vec::new() }
    }

    /// Adds a condition with one `?` placeholder bound to `value`.
    pub fn when(&mut self, condition: &str, value: impl ToSql + 'static) -> &mut Self {
        self.conditions.push(condition.to_string());
        self.params.push(Box::new(value));
        self
    }

    /// Adds `condition` with its value only when there is a value.
    pub fn when_some<V: ToSql + 'static>(&mut self, condition: &str, value: Option<V>) -> &mut Self {
        if let Some(value) = value {
            self.when(condition, value);
        }
        self
    }

    /// Only records of clients this coordinator looks after (None: the whole team).
    pub fn coordinator(&mut self, coordinator: Option<&str>) -> &mut Self {
        self.when_some("client_id IN (SELECT id FROM client WHERE coordinator = ?)", coordinator.map(str::to_string))
    }

    /// Adds a condition without a value.
    pub fn filter(&mut self, condition: &str) -> &mut Self {
        self.conditions.push(condition.to_string());
        self
    }

    pub fn fetch<T>(
        &self,
        conn: &Connection,
        order_by: &str,
        map: fn(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut sql = self.sql.clone();
        if !self.conditions.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&self.conditions.join(" AND "));
        }
        sql.push_str(" ORDER BY ");
        sql.push_str(order_by);
        let params: Vec<&dyn ToSql> = self.params.iter().map(|p| p.as_ref()).collect();
        let rows =
            conn.prepare_cached(&sql)?.query_map(params.as_slice(), map)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

/// One record of `table` by id, or NotFound naming `entity`.
pub(crate) fn by_id<T>(
    conn: &Connection,
    table: &str,
    columns: &str,
    entity: &'static str,
    id: i64,
    map: fn(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<T> {
    let sql = format!("SELECT {columns} FROM {table} WHERE id = ?1");
    conn.prepare_cached(&sql)?.query_row([id], map).optional()?.ok_or_else(|| StoreError::not_found(entity, "id", id))
}

impl Store {
    /// Pairs each record with its client's display name, all names read in one query.
    pub(crate) fn with_client_names<T>(&self, records: Vec<T>, client_id: fn(&T) -> i64) -> Result<Vec<WithClient<T>>> {
        let mut ids: Vec<i64> = records.iter().map(client_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let ids = format!("[{}]", ids.iter().map(i64::to_string).collect::<Vec<_>>().join(","));
        let mut statement = self.conn().prepare_cached(
            "SELECT id, family_name, given_name, preferred_name FROM client
             WHERE id IN (SELECT value FROM json_each(?1))",
        )?;
        let names = statement
            .query_map([ids], |row| {
                let (family, given): (String, String) = (row.get(1)?, row.get(2)?);
                Ok((row.get(0)?, display_name(&family, &given, row.get::<_, Option<String>>(3)?.as_deref())))
            })?
            .collect::<rusqlite::Result<HashMap<i64, String>>>()?;
        records
            .into_iter()
            .map(|record| {
                let id = client_id(&record);
                let client_name = names.get(&id).cloned().ok_or_else(|| StoreError::not_found("client", "id", id))?;
                Ok(WithClient { record, client_name })
            })
            .collect()
    }
}
