//! The demo's medications and the transitions of care around them (SPEC §10):
//! most clients take two to eight medications (a few stopped); hospital
//! stays carry a reason; some clients had a psychiatric stay or an emergency
//! visit for mental health, self-harm or substance use in the last three
//! months, followed by a therapy or telehealth visit on time, late or not at
//! all; and a discharge is reconciled on time, late or never. So every
//! quality measure on the demo has events met, missed and still pending.
//!
//! Each client's draws come from a stream of their own (as their
//! screenings' do), so adding these leaves the rest of the demo as it was.

use chrono::{Duration, NaiveDate};
use fastrand::Rng;

use super::Demo;
use super::words::{CLINICIANS, PRACTITIONERS};
use crate::domain::appointment::{Appointment, AppointmentKind, AppointmentStatus, Transport};
use crate::domain::client::{Client, ClientStatus};
use crate::domain::encounter::{Encounter, EncounterKind, EncounterReason};
use crate::domain::medication::{Medication, Reconciliation};
use crate::store::{Result, appointments, encounters, medications};

/// (generic name, usual doses, usual frequencies): synthetic but plausible.
const MEDICATIONS: &[(&str, &[&str], &[&str])] = &[
    ("Lisinopril", &["5 mg", "10 mg", "20 mg"], &["daily"]),
    ("Metformin", &["500 mg", "850 mg", "1000 mg"], &["twice daily", "daily with supper"]),
    ("Atorvastatin", &["10 mg", "20 mg", "40 mg"], &["nightly"]),
    ("Amlodipine", &["2.5 mg", "5 mg", "10 mg"], &["daily"]),
    ("Metoprolol succinate", &["25 mg", "50 mg"], &["daily"]),
    ("Losartan", &["25 mg", "50 mg", "100 mg"], &["daily"]),
    ("Hydrochlorothiazide", &["12.5 mg", "25 mg"], &["every morning"]),
    ("Furosemide", &["20 mg", "40 mg"], &["daily", "twice daily"]),
    ("Apixaban", &["2.5 mg", "5 mg"], &["twice daily"]),
    ("Levothyroxine", &["50 mcg", "75 mcg", "100 mcg"], &["daily before breakfast"]),
    ("Omeprazole", &["20 mg", "40 mg"], &["daily before breakfast"]),
    ("Sertraline", &["50 mg", "100 mg"], &["daily"]),
    ("Escitalopram", &["10 mg", "20 mg"], &["daily"]),
    ("Bupropion XL", &["150 mg", "300 mg"], &["every morning"]),
    ("Quetiapine", &["25 mg", "100 mg"], &["at bedtime"]),
    ("Buprenorphine-naloxone", &["8 mg-2 mg"], &["daily under the tongue"]),
    ("Gabapentin", &["300 mg", "600 mg"], &["three times daily"]),
    ("Albuterol inhaler", &["90 mcg, 2 puffs"], &["every 4 hours as needed"]),
    ("Tiotropium inhaler", &["18 mcg"], &["daily"]),
    ("Insulin glargine", &["10 units", "20 units", "30 units"], &["at bedtime"]),
    ("Empagliflozin", &["10 mg", "25 mg"], &["daily"]),
    ("Aspirin", &["81 mg"], &["daily"]),
    ("Acetaminophen", &["500 mg", "650 mg"], &["every 6 hours as needed"]),
    ("Tamsulosin", &["0.4 mg"], &["daily after supper"]),
    ("Donepezil", &["5 mg", "10 mg"], &["at bedtime"]),
];

const STOP_NOTES: &[&str] = &["Side effects", "Replaced by the prescriber", "No longer needed", "Course finished"];

const RECONCILIATION_NOTES: &[&str] = &[
    "Went through every bottle with the client by phone; list matches the discharge summary.",
    "Reviewed the discharge list with the caregiver; new prescriptions picked up.",
    "Home visit: compared the pill box with the discharge list.",
];

/// Where a psychiatric stay happens.
const BEHAVIORAL_FACILITIES: &[&str] = &["Riverton Behavioral Health Center", "Lakeview General, inpatient psychiatry"];

const BEHAVIORAL_CLINICIANS: &[&str] = &["Dana Whitfield, LCSW", "Dr. Priya Natarajan", "Marcus Bell, LPC"];

/// A client's own stream for these draws (their id picks it, under the demo's seed).
fn client_rng(seed: u64, client_id: i64) -> Rng {
    super::screenings::client_rng(seed ^ 0x6D65_6473_2F74_6F63, client_id)
}

/// Why a hospital encounter of the main demo happened: mostly medical; now
/// and then an inpatient stay or an ED visit is for behavioral health.
pub(super) fn hospital_reason(seed: u64, client_id: i64, kind: EncounterKind) -> EncounterReason {
    let roll = client_rng(seed ^ 0x7265_6173_6f6e, client_id).u32(0..100);
    match (kind, roll) {
        (EncounterKind::Inpatient, 0..10) => EncounterReason::MentalHealth,
        (EncounterKind::Inpatient, 10..15) => EncounterReason::SelfHarm,
        (EncounterKind::Ed, 0..25) => EncounterReason::MentalHealth,
        (EncounterKind::Ed, 25..35) => EncounterReason::SelfHarm,
        (EncounterKind::Ed, 35..55) => EncounterReason::SubstanceUse,
        _ => EncounterReason::Medical,
    }
}

impl Demo<'_, '_> {
    /// Everything of this file for one client, on the client's own stream;
    /// `hospital` is the stay the main demo gave them, if any.
    pub(super) fn medication_history(&mut self, client: &Client, hospital: Option<&Encounter>) -> Result<()> {
        let main = std::mem::replace(&mut self.rng, client_rng(self.seed, client.id));
        let done = self.medication_history_drawn(client, hospital);
        self.rng = main;
        done
    }

    fn medication_history_drawn(&mut self, client: &Client, hospital: Option<&Encounter>) -> Result<()> {
        if self.chance(85) {
            self.medications(client)?;
        }
        let mut discharges: Vec<Encounter> = hospital.into_iter().cloned().collect();
        if client.status == ClientStatus::Active && self.chance(14) {
            discharges.push(self.behavioral_event(client)?);
        }
        for encounter in discharges.iter().filter(|e| e.kind.starts_transition()) {
            if let Some(discharged_on) = encounter.discharged_on {
                self.reconciliation(client, encounter.id, discharged_on)?;
            }
        }
        Ok(())
    }

    /// Two to eight different medications, started over the years, about
    /// one in eight stopped since.
    fn medications(&mut self, client: &Client) -> Result<()> {
        let mut picks: Vec<usize> = (0..MEDICATIONS.len()).collect();
        self.rng.shuffle(&mut picks);
        let prescriber = self.pick(PRACTITIONERS);
        for &index in picks.iter().take(self.rng.usize(2..=8)) {
            let (name, doses, frequencies) = MEDICATIONS[index];
            let started_on = self.days_ago(20..2000);
            let stopped_on = self.chance(12).then(|| {
                let since = (self.today() - started_on).num_days().max(2);
                started_on + Duration::days(self.rng.i64(1..since))
            });
            let medication = Medication {
                id: 0,
                client_id: client.id,
                name: name.to_string(),
                dose: Some(self.pick(doses).to_string()),
                frequency: Some(self.pick(frequencies).to_string()),
                prescriber: Some(if self.chance(80) { prescriber } else { self.pick(PRACTITIONERS) }.to_string()),
                started_on: Some(started_on),
                stopped_on,
                notes: stopped_on.map(|_| self.pick(STOP_NOTES).to_string()),
                created_by: client.coordinator.clone(),
                created_at: self.now.instant,
            };
            medications::insert(self.w.conn(), &medication, &client.coordinator, self.now.instant)?;
        }
        Ok(())
    }

    /// A psychiatric stay, or an ED visit for mental health, self-harm,
    /// substance use (or, now and then, a medical one), in the last 90 days,
    /// and the follow-up visit after it: on time, late, or none yet.
    fn behavioral_event(&mut self, client: &Client) -> Result<Encounter> {
        let day = self.days_ago(0..90);
        let (kind, reason, admitted_on) = match self.rng.u32(0..100) {
            0..25 => {
                (EncounterKind::Inpatient, EncounterReason::MentalHealth, day - Duration::days(self.rng.i64(2..12)))
            }
            25..40 => (EncounterKind::Inpatient, EncounterReason::SelfHarm, day - Duration::days(self.rng.i64(2..8))),
            40..62 => (EncounterKind::Ed, EncounterReason::MentalHealth, day),
            62..72 => (EncounterKind::Ed, EncounterReason::SelfHarm, day),
            72..92 => (EncounterKind::Ed, EncounterReason::SubstanceUse, day),
            _ => (EncounterKind::Ed, EncounterReason::Medical, day),
        };
        let facility = if kind == EncounterKind::Inpatient {
            self.pick(BEHAVIORAL_FACILITIES)
        } else {
            self.pick(super::words::FACILITIES)
        };
        let mut encounter = Encounter {
            id: 0,
            client_id: client.id,
            kind,
            facility: facility.to_string(),
            admitted_on,
            discharged_on: Some(day),
            reason,
            created_by: client.coordinator.clone(),
            created_at: self.now.instant,
        };
        encounter.id = encounters::insert(self.w.conn(), &encounter, &client.coordinator, self.now.instant)?;
        // FUH counts from the day after a discharge, FUM and FUA from the ED day.
        let counts_from = if kind == EncounterKind::Inpatient { day + Duration::days(1) } else { day };
        let visit_day = match self.rng.u32(0..100) {
            0..45 => Some(counts_from + Duration::days(self.rng.i64(0..7))),
            45..70 => Some(counts_from + Duration::days(self.rng.i64(8..30))),
            _ => None,
        };
        if let Some(visit_day) = visit_day {
            self.behavioral_visit(client, visit_day)?;
        }
        Ok(encounter)
    }

    /// A therapy or telehealth visit: completed when past, booked when to come.
    fn behavioral_visit(&mut self, client: &Client, day: NaiveDate) -> Result<()> {
        let starts_at = self.at(day, 9, 17);
        let kind = if self.chance(60) { AppointmentKind::Therapy } else { AppointmentKind::Telehealth };
        let past = starts_at < self.now.instant;
        let visit = Appointment {
            id: 0,
            client_id: client.id,
            starts_at,
            minutes: if kind == AppointmentKind::Therapy { 50 } else { 30 },
            kind,
            with_whom: Some(
                if self.chance(70) { self.pick(BEHAVIORAL_CLINICIANS) } else { self.pick(CLINICIANS) }.to_string(),
            ),
            location: Some(
                if kind == AppointmentKind::Telehealth { "Video visit" } else { "Riverton Behavioral Health" }
                    .to_string(),
            ),
            status: if past { AppointmentStatus::Completed } else { AppointmentStatus::Scheduled },
            transport: Transport::NotNeeded,
            transport_details: None,
            notes: Some("Follow-up after the hospital visit".into()),
            created_by: client.coordinator.clone(),
            created_at: self.now.instant,
        };
        appointments::insert(self.w.conn(), &visit, &client.coordinator, self.now.instant)?;
        Ok(())
    }

    /// After a discharge: reconciled within 30 days (about half), late (when
    /// that is already possible), or not at all.
    fn reconciliation(&mut self, client: &Client, encounter_id: i64, discharged_on: NaiveDate) -> Result<()> {
        let since = (self.today() - discharged_on).num_days();
        let reconciled_on = match self.rng.u32(0..100) {
            0..50 => discharged_on + Duration::days(self.rng.i64(0..=since.min(30))),
            50..75 if since > 31 => discharged_on + Duration::days(self.rng.i64(31..=since.min(60))),
            _ => return Ok(()),
        };
        let reconciliation = Reconciliation {
            id: 0,
            client_id: client.id,
            reconciled_on,
            encounter_id: Some(encounter_id),
            by: client.coordinator.clone(),
            notes: Some(self.pick(RECONCILIATION_NOTES).to_string()),
            created_by: client.coordinator.clone(),
            created_at: self.now.instant,
        };
        medications::insert_reconciliation(self.w.conn(), &reconciliation, &client.coordinator, self.now.instant)?;
        Ok(())
    }
}
