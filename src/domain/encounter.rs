//! Hospital events: admissions, observation stays, ED visits, skilled nursing.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::{Invalid, word_enum};

word_enum!(
    EncounterKind, "kind" { Inpatient => "inpatient", Observation => "observation", Ed => "ed", Snf => "snf" }
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
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

impl Encounter {
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
        Ok(())
    }
}
