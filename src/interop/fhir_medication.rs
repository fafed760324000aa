//! Medications and their reconciliations in the FHIR bundle (SPEC §2, §10).
//!
//! A medication is a `MedicationStatement`: what the client takes (or took),
//! as they and the coordinator recorded it. We hold the name as typed, no
//! RxNorm code, so the medication is `medicationCodeableConcept.text` alone.
//!
//! A reconciliation is a `Procedure`, not a `Task`: it is an act that was
//! done (someone went through the whole list with the client on a date), not
//! work still to be assigned or tracked, and it is what the transitions-of-care
//! measure counts. SNOMED CT 430193006 "Medication reconciliation
//! (procedure)" codes it; `reasonReference` names the discharge it follows.

use serde_json::{Value, json};

use super::{annotation, instant};
use crate::domain::medication::{Medication, Reconciliation};

const SNOMED: &str = "http://snomed.info/sct";

/// `active` until the medication is stopped, then `stopped`; its days as
/// `effectivePeriod`; dose and frequency as the one dosage's text; the
/// prescriber (a name, not a record of ours) and the notes as annotations.
pub fn medication_statement(medication: &Medication, patient: Value) -> Value {
    json!({
        "status": if medication.is_active() { "active" } else { "stopped" },
        "medicationCodeableConcept": { "text": medication.name },
        "subject": patient,
        "effectivePeriod": {
            "start": medication.started_on.map(|d| d.to_string()),
            "end": medication.stopped_on.map(|d| d.to_string()),
        },
        "dateAsserted": instant(medication.created_at),
        "note": [
            medication.prescriber.as_ref().map(|p| annotation(format!("Prescribed by {p}"))),
            medication.notes.clone().map(annotation),
        ],
        "dosage": [medication.dosage().map(|text| json!({ "text": text }))],
    })
}

/// A completed reconciliation on its date, `by` the Practitioner who did it;
/// `encounter`: the discharge it follows, when one is named and in the bundle.
pub fn reconciliation_procedure(
    reconciliation: &Reconciliation,
    patient: Value,
    by: Value,
    encounter: Option<Value>,
) -> Value {
    json!({
        "status": "completed",
        "code": {
            "coding": [{ "system": SNOMED, "code": "430193006", "display": "Medication reconciliation (procedure)" }],
            "text": "Medication reconciliation",
        },
        "subject": patient,
        "performedDateTime": reconciliation.reconciled_on.to_string(),
        "performer": [{ "actor": by }],
        "reasonReference": [encounter],
        "note": [reconciliation.notes.clone().map(annotation)],
    })
}
