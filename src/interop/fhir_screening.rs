//! Screenings in the FHIR bundle (SPEC §9): each assessment is a
//! QuestionnaireResponse (the answers, item by item, against the LOINC
//! panel's Questionnaire) and an Observation of its total score (LOINC-coded
//! where LOINC has a code for the total), derived from the response.
//!
//! The LOINC codes below were read from LOINC-coded examples (US Core's
//! PHQ-9, AUDIT-C and AHC HRSN examples, LOINC's own PHQ-9 Questionnaire) and
//! checked against a second independent source each. An answer LOINC has no
//! code for (the HRSN housing-problems item, recorded as one answer though
//! published as check-all-that-apply) and every STEADI answer (whose LOINC
//! items we could not confirm) is a `valueInteger` of the recorded value.

use serde_json::{Value, json};

use super::instant;
use super::{
    LOINC, SCREENING_BAND_SYSTEM, SCREENING_MODE_EXTENSION, SCREENING_POSITIVE_SYSTEM, SCREENING_SCORE_SYSTEM,
};
use crate::domain::screening::{Assessment, Band, Instrument};

const OBSERVATION_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";
const OBSERVATION_INTERPRETATION: &str = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

/// One item's LOINC code and its answers' codes, in the order of the
/// item's choices (`Item::answers`); no answer codes: answered as integers.
type LoincItem = (&'static str, &'static [&'static str]);

/// An instrument as LOINC codes it.
struct Loinc {
    /// The panel; its Questionnaire's canonical is `http://loinc.org/q/{panel}`.
    panel: &'static str,
    /// The total score's code, if LOINC has one.
    total: Option<&'static str>,
    /// The items in order (none: items linked by their number).
    items: &'static [LoincItem],
}

/// LOINC answer list LL358-3 (PHQ and GAD-7): not at all … nearly every day.
const HOW_OFTEN: &[&str] = &["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"];

const PHQ9: &[LoincItem] = &[
    ("44250-9", HOW_OFTEN),
    ("44255-8", HOW_OFTEN),
    ("44259-0", HOW_OFTEN),
    ("44254-1", HOW_OFTEN),
    ("44251-7", HOW_OFTEN),
    ("44258-2", HOW_OFTEN),
    ("44252-5", HOW_OFTEN),
    ("44253-3", HOW_OFTEN),
    ("44260-8", HOW_OFTEN),
];

const GAD7: &[LoincItem] = &[
    ("69725-0", HOW_OFTEN),
    ("68509-9", HOW_OFTEN),
    ("69733-4", HOW_OFTEN),
    ("69734-2", HOW_OFTEN),
    ("69735-9", HOW_OFTEN),
    ("69689-8", HOW_OFTEN),
    ("69736-7", HOW_OFTEN),
];

/// AUDIT-C: answer lists LL2179-1 (how often), the SAMHSA drinks-a-day list,
/// and the AUDIT frequency list (never … daily or almost daily).
const AUDITC: &[LoincItem] = &[
    ("68518-0", &["LA6270-8", "LA18926-8", "LA18927-6", "LA18928-4", "LA18929-2"]),
    ("68519-8", &["LA15694-5", "LA15695-2", "LA18930-0", "LA18931-8", "LA18932-6"]),
    ("68520-6", &["LA6270-8", "LA18933-4", "LA18876-5", "LA18891-4", "LA18934-2"]),
];

const NO_YES: &[&str] = &["LA32-8", "LA33-6"];
/// Never true, sometimes true, often true (the Hunger Vital Sign's answers).
const FOOD_TRUE: &[&str] = &["LA28398-8", "LA6729-3", "LA28397-0"];
/// HITS: never, rarely, sometimes, fairly often, frequently.
const HOW_OFTEN_HURT: &[&str] = &["LA6270-8", "LA10066-1", "LA10082-8", "LA16644-9", "LA6482-9"];

const HRSN: &[LoincItem] = &[
    ("71802-3", &["LA31993-1", "LA31994-9", "LA31995-6"]),
    ("96778-6", &[]),
    ("88122-7", FOOD_TRUE),
    ("88123-5", FOOD_TRUE),
    ("93030-5", NO_YES),
    ("96779-4", &["LA32-8", "LA33-6", "LA32002-0"]),
    ("95618-5", HOW_OFTEN_HURT),
    ("95617-7", HOW_OFTEN_HURT),
    ("95616-9", HOW_OFTEN_HURT),
    ("95615-1", HOW_OFTEN_HURT),
];

fn loinc(instrument: Instrument) -> Loinc {
    match instrument {
        Instrument::Phq2 => Loinc { panel: "55757-9", total: Some("55758-7"), items: &PHQ9[..2] },
        Instrument::Phq9 => Loinc { panel: "44249-1", total: Some("44261-6"), items: PHQ9 },
        Instrument::Gad7 => Loinc { panel: "69737-5", total: Some("70274-6"), items: GAD7 },
        Instrument::Auditc => Loinc { panel: "72109-2", total: Some("75626-2"), items: AUDITC },
        // The Stay Independent panel; LOINC's items and total we could not confirm.
        Instrument::Steadi => Loinc { panel: "97874-2", total: None, items: &[] },
        // The AHC HRSN tool (core and supplemental items; we ask the 10 core
        // ones). Our score counts the positive needs, which LOINC does not code.
        Instrument::Hrsn => Loinc { panel: "96777-8", total: None, items: HRSN },
    }
}

/// The canonical of the Questionnaire a screening answers.
pub fn questionnaire(instrument: Instrument) -> String {
    format!("http://loinc.org/q/{}", loinc(instrument).panel)
}

/// A screening's answers: one item per question, linked by its LOINC code
/// (`/44250-9`, as US Core's examples do) or, with none, by its number;
/// `source` the client who answered, `author` the Practitioner who administered it.
pub fn questionnaire_response(assessment: &Assessment, patient: Value, author: Value) -> Value {
    let codes = loinc(assessment.instrument);
    let items: Vec<Value> = assessment
        .instrument
        .items()
        .iter()
        .zip(&assessment.answers)
        .enumerate()
        .map(|(index, (item, &value))| {
            let coded = codes.items.get(index);
            let link_id = coded.map_or_else(|| item.number.to_string(), |(code, _)| format!("/{code}"));
            let answer_code = coded.and_then(|(_, answers)| {
                item.answers.iter().position(|choice| choice.value == value).and_then(|at| answers.get(at))
            });
            let answer = match answer_code {
                Some(code) => {
                    json!({ "valueCoding": { "system": LOINC, "code": code, "display": item.words_of(value) } })
                }
                None => json!({ "valueInteger": value }),
            };
            json!({ "linkId": link_id, "text": item.wording, "answer": [answer] })
        })
        .collect();
    json!({
        "extension": [{ "url": SCREENING_MODE_EXTENSION, "valueCode": assessment.mode.as_str() }],
        "questionnaire": questionnaire(assessment.instrument),
        "status": "completed",
        "subject": patient.clone(),
        "authored": instant(assessment.taken_at),
        "author": author,
        "source": patient,
        "item": items,
    })
}

/// The total score: `valueInteger`, the band as its interpretation (with
/// HL7's POS/NEG where the band is one), each named positive as a component,
/// derived from the screening's `response`; `performer` who administered it.
pub fn score_observation(assessment: &Assessment, patient: Value, performer: Value, response: Value) -> Value {
    let instrument = assessment.instrument;
    let code = match loinc(instrument).total {
        Some(code) => json!({ "system": LOINC, "code": code }),
        None => {
            json!({ "system": SCREENING_SCORE_SYSTEM, "code": instrument.as_str(), "display": score_name(instrument) })
        }
    };
    let band = assessment.band;
    let hl7 = match band {
        Band::Positive => Some(("POS", "Positive")),
        Band::Negative => Some(("NEG", "Negative")),
        _ => None,
    };
    let interpretation = json!({
        "coding": [
            { "system": SCREENING_BAND_SYSTEM, "code": band.as_str(), "display": band.label() },
            hl7.map(|(code, label)| json!({ "system": OBSERVATION_INTERPRETATION, "code": code, "display": label })),
        ],
        "text": band.label(),
    });
    let components: Vec<Value> = assessment
        .positives
        .iter()
        .map(|flag| {
            json!({
                "code": {
                    "coding": [{ "system": SCREENING_POSITIVE_SYSTEM, "code": flag.as_str(), "display": flag.label() }],
                    "text": flag.label(),
                },
                "valueBoolean": true,
            })
        })
        .collect();
    json!({
        "status": "final",
        "category": [{ "coding": [{ "system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey" }] }],
        "code": { "coding": [code], "text": score_name(instrument) },
        "subject": patient,
        "effectiveDateTime": instant(assessment.taken_at),
        "performer": [performer],
        "valueInteger": assessment.score,
        "interpretation": [interpretation],
        "derivedFrom": [response],
        "component": components,
    })
}

/// What the score is, in words.
fn score_name(instrument: Instrument) -> String {
    match instrument {
        Instrument::Hrsn => "AHC HRSN needs positive (of housing, food, transport, utilities, safety)".to_string(),
        other => format!("{} total score", other.label()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loinc_tables_match_the_instruments() {
        for &instrument in Instrument::ALL {
            let codes = loinc(instrument);
            let items = instrument.items();
            if codes.items.is_empty() {
                continue;
            }
            assert_eq!(codes.items.len(), items.len(), "{instrument}");
            for (item, (code, answers)) in items.iter().zip(codes.items) {
                assert!(answers.is_empty() || answers.len() == item.answers.len(), "{instrument} {code}");
            }
        }
    }

    #[test]
    fn an_answer_without_a_loinc_code_is_an_integer() {
        let assessment = Assessment {
            id: 1,
            client_id: 2,
            instrument: Instrument::Hrsn,
            taken_at: chrono::DateTime::UNIX_EPOCH,
            mode: crate::domain::screening::Mode::Phone,
            answers: vec![0, 1, 0, 2, 0, 0, 1, 1, 1, 5],
            score: 3,
            band: Band::Positive,
            positives: Vec::new(),
            administered_by: "casey".into(),
            created_by: "casey".into(),
            created_at: chrono::DateTime::UNIX_EPOCH,
        };
        let response = questionnaire_response(&assessment, json!({}), json!({}));
        assert_eq!(response["item"][1]["linkId"], "/96778-6");
        assert_eq!(response["item"][1]["answer"][0], json!({ "valueInteger": 1 }));
        assert_eq!(response["item"][3]["answer"][0]["valueCoding"]["code"], "LA28397-0");
        assert_eq!(response["item"][9]["answer"][0]["valueCoding"]["code"], "LA6482-9");
        assert_eq!(response["item"][9]["answer"][0]["valueCoding"]["display"], "Frequently");
    }
}
