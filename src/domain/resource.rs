//! The community resource directory (food banks, housing, transport…).

use chrono::{DateTime, Utc};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resource {
    pub id: i64,
    pub name: String,
    pub organization: Option<String>,
    pub category: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub hours: Option<String>,
    pub eligibility: Option<String>,
    pub languages: Option<String>,
    pub url: Option<String>,
    pub notes: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}
