//! A client's medications and the reconciliations after a discharge (SPEC §2,
//! §10). A medication is never deleted: it is stopped. A reconciliation is a
//! dated record that someone went through the whole list with the client.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::Invalid;
use super::validation::{optional_body, optional_line, required_text};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Medication {
    pub id: i64,
    pub client_id: i64,
    pub name: String,
    pub dose: Option<String>,
    pub frequency: Option<String>,
    pub prescriber: Option<String>,
    pub started_on: Option<NaiveDate>,
    pub stopped_on: Option<NaiveDate>,
    pub notes: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

impl Medication {
    /// Trims and checks a new medication: a name, one-line fields, a start not
    /// in the future, and never stopped before it started.
    pub fn check_new(&mut self, today: NaiveDate) -> Result<(), Invalid> {
        self.name = required_text("name", &self.name)?;
        self.dose = optional_line("dose", self.dose.as_deref())?;
        self.frequency = optional_line("frequency", self.frequency.as_deref())?;
        self.prescriber = optional_line("prescriber", self.prescriber.as_deref())?;
        self.notes = optional_body("notes", self.notes.as_deref())?;
        if let Some(started) = self.started_on
            && started > today
        {
            return Err(Invalid::new(
                "started",
                format!("start date {started} is in the future"),
                "record a medication once the client has started it",
            ));
        }
        match self.stopped_on.take() {
            Some(on) => self.stop(on, today),
            None => Ok(()),
        }
    }

    pub fn is_active(&self) -> bool {
        self.stopped_on.is_none()
    }

    /// Stops a medication still taken, on `on` (today or earlier, not before its start).
    pub fn stop(&mut self, on: NaiveDate, today: NaiveDate) -> Result<(), Invalid> {
        if let Some(stopped) = self.stopped_on {
            return Err(Invalid::new(
                "on",
                format!("medication {} was already stopped on {stopped}", self.id),
                "nothing to do; `caseload med list CLIENT` shows it",
            ));
        }
        if on > today {
            return Err(Invalid::new("on", format!("stop date {on} is in the future"), "stop it on today or earlier"));
        }
        if let Some(started) = self.started_on
            && on < started
        {
            return Err(Invalid::new(
                "on",
                format!("stop date {on} is before the start on {started}"),
                "give --on on or after the start date",
            ));
        }
        self.stopped_on = Some(on);
        Ok(())
    }

    /// Dose and frequency as one text ("10 mg once daily"); None when neither is known.
    pub fn dosage(&self) -> Option<String> {
        let parts: Vec<&str> = [&self.dose, &self.frequency].into_iter().flatten().map(String::as_str).collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }

    /// "active" or "stopped 2026-11-20", as the list shows it.
    pub fn state(&self) -> String {
        match self.stopped_on {
            None => "active".to_string(),
            Some(on) => format!("stopped {on}"),
        }
    }
}

/// Active medications first (by name), then stopped ones, most recently stopped first.
pub fn list_order(medications: &mut [Medication]) {
    medications.sort_by(|a, b| {
        (a.stopped_on.is_some(), std::cmp::Reverse(a.stopped_on), a.name.to_lowercase(), a.id).cmp(&(
            b.stopped_on.is_some(),
            std::cmp::Reverse(b.stopped_on),
            b.name.to_lowercase(),
            b.id,
        ))
    });
}

/// A medication reconciliation: the list gone through with the client,
/// usually after a discharge (the encounter, when given, is the client's).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reconciliation {
    pub id: i64,
    pub client_id: i64,
    pub reconciled_on: NaiveDate,
    pub encounter_id: Option<i64>,
    pub by: String,
    pub notes: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

impl Reconciliation {
    pub fn check_new(&mut self, today: NaiveDate) -> Result<(), Invalid> {
        self.notes = optional_body("notes", self.notes.as_deref())?;
        if self.reconciled_on > today {
            return Err(Invalid::new(
                "on",
                format!("reconciliation date {} is in the future", self.reconciled_on),
                "record a reconciliation once it is done",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    fn medication(name: &str, stopped: Option<&str>) -> Medication {
        Medication {
            id: 1,
            client_id: 1,
            name: name.into(),
            dose: Some(" 10 mg ".into()),
            frequency: Some(" ".into()),
            prescriber: None,
            started_on: Some(day("2026-10-01")),
            stopped_on: stopped.map(day),
            notes: None,
            created_by: "casey".into(),
            created_at: DateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn a_new_medication_is_trimmed_and_checked() {
        let today = day("2026-11-23");
        let mut med = medication(" Lisinopril ", None);
        med.check_new(today).expect("fine");
        assert_eq!(
            (med.name.as_str(), med.dose.as_deref(), med.frequency.as_deref()),
            ("Lisinopril", Some("10 mg"), None)
        );
        assert_eq!(medication(" ", None).check_new(today).expect_err("no name").field, "name");
        let mut ahead = medication("x", None);
        ahead.started_on = Some(day("2026-11-24"));
        assert_eq!(ahead.check_new(today).expect_err("future").field, "started");
        assert!(medication("x", Some("2026-09-30")).check_new(today).is_err(), "stopped before it started");
        let mut bad = medication("x", None);
        bad.dose = Some("10\u{1b}[2Jmg".into());
        assert_eq!(bad.check_new(today).expect_err("control").field, "dose");
    }

    #[test]
    fn the_dosage_reads_dose_then_frequency_and_is_none_without_either() {
        let mut med = medication("Metformin", None);
        (med.dose, med.frequency) = (Some("500 mg".into()), Some("twice daily".into()));
        assert_eq!(med.dosage().as_deref(), Some("500 mg twice daily"));
        med.dose = None;
        assert_eq!(med.dosage().as_deref(), Some("twice daily"));
        med.frequency = None;
        assert_eq!(med.dosage(), None);
    }

    #[test]
    fn a_medication_stops_once_and_not_ahead() {
        let today = day("2026-11-23");
        let mut med = medication("x", None);
        assert!(med.clone().stop(day("2026-11-24"), today).is_err());
        assert!(med.clone().stop(day("2026-09-01"), today).is_err());
        med.stop(day("2026-11-20"), today).expect("stopped");
        assert_eq!(med.state(), "stopped 2026-11-20");
        assert!(med.stop(day("2026-11-21"), today).expect_err("twice").message.contains("already"));
    }

    #[test]
    fn active_medications_come_first() {
        let mut list = vec![
            medication("b", Some("2026-11-01")),
            medication("Zoloft", None),
            medication("a", Some("2026-11-10")),
            medication("aspirin", None),
        ];
        list_order(&mut list);
        let names: Vec<&str> = list.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["aspirin", "Zoloft", "a", "b"]);
    }

    #[test]
    fn a_reconciliation_is_not_dated_ahead() {
        let mut rec = Reconciliation {
            id: 0,
            client_id: 1,
            reconciled_on: day("2026-11-24"),
            encounter_id: None,
            by: "casey".into(),
            notes: Some("  ".into()),
            created_by: "casey".into(),
            created_at: DateTime::UNIX_EPOCH,
        };
        assert_eq!(rec.check_new(day("2026-11-23")).expect_err("future").field, "on");
        rec.reconciled_on = day("2026-11-23");
        rec.check_new(day("2026-11-23")).expect("fine");
        assert_eq!(rec.notes, None);
    }
}
