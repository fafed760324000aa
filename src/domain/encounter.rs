//! Hospital events: admissions, observation stays, ED visits, skilled nursing.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::{Invalid, word_enum};

word_enum!(
    EncounterKind, "kind" { Inpatient => "inpatient", Observation => "observation", Ed => "ed" ("ED visit"), Snf => "snf" ("skilled nursing") }
);

word_enum!(
    /// Why the client was there (SPEC §2): the behavioral-health measures (§10) read it.
    EncounterReason, "reason" {
        Medical => "medical",
        MentalHealth => "mental_health" ("mental health"),
        SelfHarm => "self_harm" ("self-harm"),
        SubstanceUse => "substance_use" ("substance use"),
    }
);

impl EncounterKind {
    /// Discharges from these start transitional care (TCM) work.
    pub fn starts_transition(self) -> bool {
        matches!(self, Self::Inpatient | Self::Observation | Self::Snf)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Encounter {
    pub id: i64,
    pub client_id: i64,
    pub kind: EncounterKind,
    pub facility: String,
    pub admitted_on: NaiveDate,
    pub discharged_on: Option<NaiveDate>,
    pub reason: EncounterReason,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

impl Encounter {
    pub fn normalize(&mut self) {
        self.facility = self.facility.trim().to_string();
    }

    pub fn validate(&self, today: NaiveDate) -> Result<(), Invalid> {
        super::validation::required_text("facility", &self.facility)?;
        if self.admitted_on > today {
            return Err(Invalid::new(
                "admitted",
                format!("admission date {} is in the future", self.admitted_on),
                "record an encounter once it has begun",
            ));
        }
        if let Some(discharged) = self.discharged_on
            && discharged < self.admitted_on
        {
            return Err(Invalid::new(
                "discharged",
                format!("discharge date {discharged} is before admission on {}", self.admitted_on),
                "give --discharged on or after --admitted",
            ));
        }
        if let Some(discharged) = self.discharged_on
            && discharged > today
        {
            return Err(Invalid::new(
                "discharged",
                format!("discharge date {discharged} is in the future"),
                "record the discharge once it has happened",
            ));
        }
        Ok(())
    }

    /// Records the discharge of an encounter still open.
    pub fn discharge(&mut self, on: NaiveDate, today: NaiveDate) -> Result<(), Invalid> {
        if let Some(discharged) = self.discharged_on {
            return Err(Invalid::new(
                "discharged",
                format!("encounter {} was already discharged on {discharged}", self.id),
                "nothing to do; `caseload encounter list CLIENT` shows it",
            ));
        }
        self.discharged_on = Some(on);
        self.validate(today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    fn sample() -> Encounter {
        let at = DateTime::parse_from_rfc3339("2026-11-20T15:00:00Z").expect("instant").with_timezone(&Utc);
        Encounter {
            id: 2,
            client_id: 1,
            kind: EncounterKind::Inpatient,
            facility: " Mercy General ".into(),
            admitted_on: day("2026-11-18"),
            discharged_on: None,
            reason: EncounterReason::Medical,
            created_by: "casey".into(),
            created_at: at,
        }
    }

    #[test]
    fn dates_must_be_in_order_and_not_ahead() {
        let today = day("2026-11-23");
        let mut encounter = sample();
        assert_eq!(encounter.validate(today), Ok(()));
        encounter.normalize();
        assert_eq!(encounter.facility, "Mercy General");
        encounter.admitted_on = day("2026-11-24");
        assert_eq!(encounter.validate(today).expect_err("future").field, "admitted");
        let mut encounter = sample();
        encounter.discharged_on = Some(day("2026-11-17"));
        assert_eq!(encounter.validate(today).expect_err("before").field, "discharged");
        encounter.discharged_on = Some(day("2026-11-24"));
        assert_eq!(encounter.validate(today).expect_err("future").field, "discharged");
    }

    #[test]
    fn discharge_happens_once() {
        let today = day("2026-11-23");
        let mut encounter = sample();
        assert!(encounter.clone().discharge(day("2026-11-10"), today).is_err());
        encounter.discharge(day("2026-11-21"), today).expect("discharged");
        assert_eq!(encounter.discharged_on, Some(day("2026-11-21")));
        assert!(encounter.discharge(day("2026-11-22"), today).expect_err("twice").message.contains("already"));
    }
}
