//! Appointments with providers, and the transport they may need.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use super::text::{line_feeds, multi_line, one_line_fields};
use super::validation::{self, optional_text};
use super::{Invalid, word_enum};

word_enum!(
    AppointmentKind, "kind" {
        Pcp => "pcp" ("PCP"), Specialist => "specialist", Lab => "lab", Imaging => "imaging", Therapy => "therapy",
        HomeVisit => "home_visit" ("home visit"), Telehealth => "telehealth", Other => "other",
    }
);

word_enum!(
    AppointmentStatus, "status" {
        Scheduled => "scheduled", Confirmed => "confirmed", Completed => "completed",
        NoShow => "no_show" ("no-show"), Cancelled => "cancelled",
    }
);

word_enum!(
    Transport, "transport" { NotNeeded => "not_needed" ("not needed"), Needed => "needed", Arranged => "arranged" }
);

impl AppointmentKind {
    /// Kinds that count as the face-to-face visit after a hospital discharge.
    pub fn is_visit(self) -> bool {
        matches!(self, Self::Pcp | Self::Specialist | Self::HomeVisit | Self::Telehealth)
    }

    /// Kinds that count as the follow-up after a psychiatric stay or an ED
    /// visit for mental health or substance use (FUH, FUM, FUA; SPEC §3, §10).
    pub fn is_bh_followup(self) -> bool {
        self == Self::Therapy || self.is_visit()
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

    /// What the coordinator is told after changing the appointment. A ride
    /// arranged for a cancelled visit is still booked with its provider, so
    /// the sentence says to call it off rather than "transport arranged".
    pub fn changed_sentence(&self) -> String {
        if self.status == AppointmentStatus::Cancelled && self.transport == Transport::Arranged {
            format!("Appointment {} is cancelled; its ride is still booked: call it off with the provider.", self.id)
        } else {
            format!("Appointment {} is {}; transport {}.", self.id, self.status.label(), self.transport.label())
        }
    }

    /// Free text trimmed, blanks absent: the same on every entry path.
    pub fn normalize(&mut self) {
        for field in [&mut self.with_whom, &mut self.location, &mut self.transport_details] {
            *field = optional_text(field.as_deref());
        }
        self.notes = optional_text(self.notes.as_deref()).map(|notes| line_feeds(&notes));
    }

    /// Who, where and transport are one line each; the notes may run over lines.
    pub fn validate_text(&self) -> Result<(), Invalid> {
        one_line_fields([
            ("with_whom", self.with_whom.as_deref()),
            ("location", self.location.as_deref()),
            ("transport_details", self.transport_details.as_deref()),
        ])?;
        self.notes.as_deref().map_or(Ok(()), |notes| multi_line("notes", notes).map(drop))
    }

    /// Checks a new appointment: a real length, and no outcome before it is made.
    pub fn validate_new(&self) -> Result<(), Invalid> {
        validation::minutes("minutes", i64::from(self.minutes), false)?;
        self.validate_text()?;
        if !self.status.is_open() {
            return Err(Invalid::new(
                "status",
                format!("a new appointment is scheduled or confirmed, not {}", self.status.label()),
                "give --status scheduled or confirmed; record the outcome later with `caseload appt set`",
            ));
        }
        Ok(())
    }

    /// Moves the status. An outcome (completed, no-show) needs the start to have passed.
    pub fn set_status(&mut self, status: AppointmentStatus, now: DateTime<Utc>) -> Result<(), Invalid> {
        if matches!(status, AppointmentStatus::Completed | AppointmentStatus::NoShow) && self.starts_at > now {
            return Err(Invalid::new(
                "status",
                format!("appointment {} has not started yet, so it cannot be {}", self.id, status.label()),
                "record the outcome once the start time has passed, or cancel it",
            ));
        }
        self.status = status;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Appointment {
        let at = DateTime::parse_from_rfc3339("2026-11-24T20:30:00Z").expect("instant").with_timezone(&Utc);
        Appointment {
            id: 7,
            client_id: 1,
            starts_at: at,
            minutes: 30,
            kind: AppointmentKind::Pcp,
            with_whom: Some("  Dr. Rivera ".into()),
            location: Some("   ".into()),
            status: AppointmentStatus::Scheduled,
            transport: Transport::NotNeeded,
            transport_details: None,
            notes: None,
            created_by: "casey".into(),
            created_at: at,
        }
    }

    #[test]
    fn zero_minutes_and_an_outcome_at_creation_are_refused() {
        let mut appointment = sample();
        appointment.minutes = 0;
        assert_eq!(appointment.validate_new().expect_err("0 minutes").field, "minutes");
        let mut appointment = sample();
        appointment.status = AppointmentStatus::Completed;
        assert_eq!(appointment.validate_new().expect_err("completed").field, "status");
        assert_eq!(sample().validate_new(), Ok(()));
    }

    #[test]
    fn normalize_trims_and_drops_blanks() {
        let mut appointment = sample();
        appointment.normalize();
        assert_eq!(appointment.with_whom.as_deref(), Some("Dr. Rivera"));
        assert_eq!(appointment.location, None);
    }

    #[test]
    fn an_outcome_waits_for_the_start() {
        let mut appointment = sample();
        let before = appointment.starts_at - Duration::hours(1);
        assert!(appointment.set_status(AppointmentStatus::Completed, before).is_err());
        assert!(appointment.set_status(AppointmentStatus::NoShow, before).is_err());
        assert_eq!(appointment.set_status(AppointmentStatus::Cancelled, before), Ok(()));
        assert_eq!(appointment.set_status(AppointmentStatus::Completed, appointment.starts_at), Ok(()));
        assert_eq!(appointment.status, AppointmentStatus::Completed);
    }
}
