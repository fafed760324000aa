//! People around a client: family, caregivers, clinicians, pharmacies.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::word_enum;

word_enum!(
    Relationship, "relationship" {
        Caregiver => "caregiver", Family => "family", Guardian => "guardian", Pcp => "pcp",
        Specialist => "specialist", Pharmacy => "pharmacy", SocialWorker => "social_worker", Other => "other",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contact {
    pub id: i64,
    pub client_id: i64,
    pub name: String,
    pub relationship: Relationship,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub organization: Option<String>,
    pub on_care_team: bool,
    pub may_share_info: bool,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}
