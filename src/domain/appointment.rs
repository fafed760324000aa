//! Appointments with providers, and the transport they may need.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use super::word_enum;

word_enum!(
    AppointmentKind, "kind" {
        Pcp => "pcp", Specialist => "specialist", Lab => "lab", Imaging => "imaging", Therapy => "therapy",
        HomeVisit => "home_visit", Telehealth => "telehealth", Other => "other",
    }
);

word_enum!(
    AppointmentStatus, "status" {
        Scheduled => "scheduled", Confirmed => "confirmed", Completed => "completed",
        NoShow => "no_show", Cancelled => "cancelled",
    }
);

word_enum!(
    Transport, "transport" { NotNeeded => "not_needed", Needed => "needed", Arranged => "arranged" }
);

impl AppointmentKind {
    /// Kinds that count as the face-to-face visit after a hospital discharge.
    pub fn is_visit(self) -> bool {
        matches!(self, Self::Pcp | Self::Specialist | Self::HomeVisit | Self::Telehealth)
    }
}

impl AppointmentStatus {
    /// Still waiting for an outcome (the visit may or may not have happened).
    pub fn is_open(self) -> bool {
        matches!(self, Self::Scheduled | Self::Confirmed)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Appointment {
    pub id: i64,
    pub client_id: i64,
    pub starts_at: DateTime<Utc>,
    pub minutes: u32,
    pub kind: AppointmentKind,
    pub with_whom: Option<String>,
    pub location: Option<String>,
    pub status: AppointmentStatus,
    pub transport: Transport,
    pub transport_details: Option<String>,
    pub notes: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

impl Appointment {
    pub fn ends_at(&self) -> DateTime<Utc> {
        self.starts_at + Duration::minutes(i64::from(self.minutes))
    }
}
