//! The demo's programs: enrollments in realistic mixes (most CCM, some PCM,
//! BHI, CoCM, CHI, PIN, RPM and TCM, a few APCM, some with a second program),
//! consents now and then missing or late, and this month's minutes spread so
//! that `report billing` shows every status.

use chrono::Duration;

use super::Demo;
use super::words::PRACTITIONERS;
use crate::domain::appointment::{Appointment, AppointmentKind, AppointmentStatus, Transport};
use crate::domain::client::Client;
use crate::domain::dates::first_day_of_month;
use crate::domain::note::{ContactType, Direction, Note, Outcome};
use crate::domain::program::{ConsentMethod, Enrollment, Program};
use crate::store::{Result, appointments, enrollments, notes};

impl Demo<'_, '_> {
    /// The client's programs: the primary one first, sometimes a second.
    pub(super) fn programs(&mut self) -> Vec<Program> {
        let primary = match self.rng.u32(0..100) {
            0..38 => Program::Ccm,
            38..46 => Program::Pcm,
            46..54 => Program::Bhi,
            54..59 => Program::Cocm,
            59..64 => Program::Chi,
            64..67 => Program::Pin,
            67..72 => Program::Rpm,
            72..76 => Program::Apcm,
            76..82 => Program::Tcm,
            _ => Program::General,
        };
        let second = match (primary, self.rng.u32(0..100)) {
            (Program::Ccm, 0..12) => Some(Program::Bhi),
            (Program::Ccm, 12..22) => Some(Program::Rpm),
            // By the same practitioner: CCM gives way to APCM, BHI to CoCM.
            (Program::Apcm, 0..30) => Some(Program::Ccm),
            (Program::Cocm, 0..20) => Some(Program::Bhi),
            _ => None,
        };
        std::iter::once(primary).chain(second).collect()
    }

    /// Enrolls the (inserted) client in `programs` from its enrolled_on, to
    /// its discharge; returns the enrollments.
    pub(super) fn enroll(&mut self, client: &Client, programs: &[Program]) -> Result<Vec<Enrollment>> {
        let practitioner = self.pick(PRACTITIONERS).to_string();
        let mut enrolled = Vec::new();
        for &program in programs {
            let mut enrollment = Enrollment::new(client.id, program, client.enrolled_on);
            enrollment.practitioner = program.is_billed().then(|| practitioner.clone());
            // Most consents are taken at enrollment; some are missing, a few come late.
            let (consent_roll, method) = (self.rng.u32(0..100), self.pick(ConsentMethod::ALL));
            enrollment.consent_on = match consent_roll {
                _ if !program.is_billed() => None,
                0..7 => None,
                7..10 => Some(self.today()),
                _ => Some(client.enrolled_on),
            };
            enrollment.consent_method = enrollment.consent_on.map(|_| method);
            if let Some(discharged) = client.discharged_on {
                enrollment.ended_on = Some(discharged);
                enrollment.end_reason = Some(client.discharge_reason.clone().unwrap_or_else(|| "discharged".into()));
            }
            enrollment.id = enrollments::insert(self.w.conn(), &enrollment, &client.coordinator, self.now.instant)?;
            enrolled.push(enrollment);
        }
        Ok(enrolled)
    }

    /// Whose time a note's minutes are: the one time-based program, or one of several.
    pub(super) fn note_program(&mut self, timed: &[Program]) -> Option<Program> {
        match timed {
            [] => None,
            [only] => Some(*only),
            several => Some(several[self.rng.usize(..several.len())]),
        }
    }

    /// This month's work for each time-based program: none to a few notes,
    /// so some months are short and some bill add-on units.
    pub(super) fn this_month(&mut self, client: &Client, timed: &[Program]) -> Result<()> {
        let first = first_day_of_month(self.today());
        let days = (self.today() - first).num_days();
        for &program in timed {
            for _ in 0..self.rng.usize(0..4) {
                let day = first + Duration::days(self.rng.i64(0..=days));
                let contact_at = self.at(day, 8, 17).min(self.now.instant);
                let reached = self.chance(60);
                let note = Note {
                    id: 0,
                    client_id: client.id,
                    author: client.coordinator.clone(),
                    contact_at,
                    contact_type: if reached { ContactType::Phone } else { ContactType::ChartReview },
                    direction: Direction::Outbound,
                    outcome: if reached { Outcome::Reached } else { Outcome::NotApplicable },
                    minutes: self.rng.u32(4..16),
                    program: Some(program),
                    body: format!(
                        "{} care management: monthly check-in and care plan follow-through.",
                        program.label()
                    ),
                    addendum_of: None,
                    created_at: self.now.instant,
                };
                notes::insert(self.w.conn(), &note, self.now.instant)?;
            }
        }
        Ok(())
    }

    /// After a discharge: often a call within a day and a visit within five.
    pub(super) fn transition_care(&mut self, client: &Client, discharged_on: chrono::NaiveDate) -> Result<()> {
        let (called, seen) = (self.chance(75), self.chance(65));
        let call_at = self.at(discharged_on + Duration::days(1), 9, 12);
        if called && call_at < self.now.instant {
            let note = Note {
                id: 0,
                client_id: client.id,
                author: client.coordinator.clone(),
                contact_at: call_at,
                contact_type: ContactType::Phone,
                direction: Direction::Outbound,
                outcome: Outcome::Reached,
                minutes: self.rng.u32(10..31),
                program: None,
                body: "Called after the discharge: medications reviewed, follow-up visit arranged.".into(),
                addendum_of: None,
                created_at: self.now.instant,
            };
            notes::insert(self.w.conn(), &note, self.now.instant)?;
        }
        let visit_at = self.at(discharged_on + Duration::days(5), 9, 16);
        if seen && visit_at < self.now.instant {
            let visit = Appointment {
                id: 0,
                client_id: client.id,
                starts_at: visit_at,
                minutes: 30,
                kind: AppointmentKind::Pcp,
                with_whom: Some(self.pick(PRACTITIONERS).to_string()),
                location: Some("Riverton Family Clinic".into()),
                status: AppointmentStatus::Completed,
                transport: Transport::NotNeeded,
                transport_details: None,
                notes: Some("Transitional care visit".into()),
                created_by: client.coordinator.clone(),
                created_at: self.now.instant,
            };
            appointments::insert(self.w.conn(), &visit, &client.coordinator, self.now.instant)?;
        }
        Ok(())
    }
}

/// The time-based programs among the enrollments: whose time notes' minutes are.
pub(super) fn timed(enrolled: &[Enrollment]) -> Vec<Program> {
    enrolled.iter().map(|e| e.program).filter(|p| p.is_time_based()).collect()
}
