//! What the record listings share: a SELECT whose WHERE clause holds only the
//! filters actually given (so SQLite can use the indexes), lookups by id, and
//! records paired with their client's name.

use std::collections::HashMap;

use super::db::{Db, Row};
use rusqlite::types::ToSql;
use serde::Serialize;

use super::unreadable::read_one;
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
    table: &'static str,
    sql: String,
    conditions: Vec<String>,
    params: Vec<Box<dyn ToSql>>,
}

impl Select {
    pub fn new(table: &'static str, columns: &str) -> Self {
        Select { table, sql: format!("SELECT {columns} FROM {table}"), conditions: Vec::new(), params: Vec::new() }
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

    /// The matching rows in `order_by` order; a row this version cannot
    /// decode is left out and noted in the store's unreadable log.
    pub fn fetch<T>(
        &self,
        store: &Store,
        order_by: &str,
        map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut sql = self.sql.clone();
        if !self.conditions.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&self.conditions.join(" AND "));
        }
        sql.push_str(" ORDER BY ");
        sql.push_str(order_by);
        let params: Vec<&dyn ToSql> = self.params.iter().map(|p| p.as_ref()).collect();
        store.read_rows(self.table, &mut store.conn().prepare_cached(&sql)?, params.as_slice(), map)
    }
}

/// One record of `table` by id, or NotFound naming `entity` (Unreadable when
/// this version cannot decode it).
pub(crate) fn by_id<T>(
    conn: &Db,
    table: &'static str,
    columns: &str,
    entity: &'static str,
    id: i64,
    map: fn(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<T> {
    let sql = format!("SELECT {columns} FROM {table} WHERE id = ?1");
    read_one(&mut conn.prepare_cached(&sql)?, [id], table, map)?.ok_or_else(|| StoreError::not_found(entity, "id", id))
}

impl Store {
    /// Pairs each record with its client's display name, all names read in one query.
    pub(crate) fn with_client_names<T>(&self, records: Vec<T>, client_id: fn(&T) -> i64) -> Result<Vec<WithClient<T>>> {
        let mut ids: Vec<i64> = records.iter().map(client_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let ids = format!("[{}]", ids.iter().map(i64::to_string).collect::<Vec<_>>().join(","));
        let mut statement = self.conn().prepare_cached(&format!(
            "SELECT id, family_name, given_name, preferred_name FROM client WHERE id IN ({})",
            self.conn().dialect().json_ids("?1")
        ))?;
        let names: HashMap<i64, String> = self
            .read_rows("client", &mut statement, [ids], |row| {
                let (family, given): (String, String) = (row.get(1)?, row.get(2)?);
                Ok((row.get(0)?, display_name(&family, &given, row.get::<_, Option<String>>(3)?.as_deref())))
            })?
            .into_iter()
            .collect();
        // A record whose client cannot be read is left out with it (the client is noted).
        Ok(records
            .into_iter()
            .filter_map(|record| {
                let client_name = names.get(&client_id(&record))?.clone();
                Some(WithClient { record, client_name })
            })
            .collect())
    }
}
