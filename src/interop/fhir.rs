//! A FHIR R4 (4.0.1) JSON Bundle of type `collection` for `export fhir`: one
//! Patient, CareTeam and (when there is one) CarePlan per client, and a Goal,
//! Appointment, Communication (note), Task (follow-up), ServiceRequest
//! (referral) or Encounter per record, an EpisodeOfCare per enrollment in a
//! program, a Consent per documented consent to one, a
//! QuestionnaireResponse and an Observation of its score per screening
//! (`fhir_screening.rs`), and a MedicationStatement per medication and a
//! Procedure per reconciliation (`fhir_medication.rs`), and a Practitioner
//! per coordinator or billing practitioner the others name.
//!
//! Every entry has a `urn:uuid:` fullUrl and every reference is one of
//! those, so the bundle resolves on its own. The fullUrl is a name-based
//! (version 5) UUID of the database's identity, the resource type and the
//! record's id, and each resource carries the identifier
//! `urn:caseload:<kind>|<database>/<id>`: the same record has the same
//! fullUrl and identifier on every export. A `transaction` bundle loads into
//! a server: each entry is a conditional update (`PUT Type?identifier=…`),
//! which creates the resource the first time and matches it on every later
//! load, so loading the same export twice creates nothing twice, and a later
//! export brings the changes (an appointment cancelled, a medication
//! stopped) to the resources it made.

use std::collections::{HashMap, HashSet};
use std::io::{self, Write};

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde_json::{Value, json};

use crate::domain::appointment::{Appointment, AppointmentStatus};
use crate::domain::care_plan::{Goal, GoalStatus, Intervention, InterventionStatus, Problem};
use crate::domain::client::{Client, ClientStatus};
use crate::domain::contact::Contact;
use crate::domain::encounter::{Encounter, EncounterKind};
use crate::domain::followup::{Followup, FollowupStatus};
use crate::domain::medication::{Medication, Reconciliation};
use crate::domain::note::{ContactType, Direction, Note, Outcome};
use crate::domain::program::{Enrollment, Program};
use crate::domain::referral::{Referral, ReferralStatus};
use crate::domain::screening::Assessment;
use crate::domain::time::{Now, Zone};

/// Identifier systems of this program's own numbers.
pub const MRN_SYSTEM: &str = "urn:caseload:mrn";
pub const MEMBER_ID_SYSTEM: &str = "urn:caseload:member-id";
/// The code system of programs (SPEC §8): the codes are the program words
/// (`ccm`, `bhi`, …), the displays their names ("Chronic care management").
pub const PROGRAM_SYSTEM: &str = "urn:caseload:program";
/// Extension on a Communication: the program whose time its minutes are
/// (valueCoding of `PROGRAM_SYSTEM`). No R4 element says whose minutes a
/// contact's are; `about` links the EpisodeOfCare when one covers the day.
pub const NOTE_PROGRAM_EXTENSION: &str = "urn:caseload:fhir:extension:note-program";
/// Extension on a Consent: how it was documented (valueCode `verbal`,
/// `written` or `electronic`); R4's Consent has no element for it.
pub const CONSENT_METHOD_EXTENSION: &str = "urn:caseload:fhir:extension:consent-method";
/// Extension on a QuestionnaireResponse: how the screening was administered
/// (valueCode `phone`, `video`, `in_person` or `self`).
pub const SCREENING_MODE_EXTENSION: &str = "urn:caseload:fhir:extension:screening-mode";
/// The code system of the screening totals LOINC has no code for: `steadi`
/// (the STEADI points) and `hrsn` (how many AHC HRSN needs are positive).
pub const SCREENING_SCORE_SYSTEM: &str = "urn:caseload:screening-score";
/// The code system of a screening's band (SPEC §9: `minimal` … `severe`,
/// `negative`, `positive`, `not_at_risk`, `at_risk`).
pub const SCREENING_BAND_SYSTEM: &str = "urn:caseload:screening-band";
/// The code system of a screening's named positives (`item9`, `housing`,
/// `food`, `transport`, `utilities`, `safety`).
pub const SCREENING_POSITIVE_SYSTEM: &str = "urn:caseload:screening-positive";

/// The identifier systems of caseload's records are `urn:caseload:` and the
/// resource's kind (`patient`, `care-team`, `medication-statement`, …); the
/// value is the database's identity, `/`, and the record's id (for a
/// Practitioner, the name).
pub const IDENTIFIER_SYSTEM_PREFIX: &str = "urn:caseload:";

const IDENTIFIER_TYPE: &str = "http://terminology.hl7.org/CodeSystem/v2-0203";
const ACT_CODE: &str = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
const PARTICIPATION_MODE: &str = "http://terminology.hl7.org/CodeSystem/v3-ParticipationMode";
const GOAL_ACHIEVEMENT: &str = "http://terminology.hl7.org/CodeSystem/goal-achievement";
const CONSENT_SCOPE: &str = "http://terminology.hl7.org/CodeSystem/consentscope";
const NOT_DONE_REASON: &str = "http://terminology.hl7.org/CodeSystem/communication-not-done-reason";
const LOINC: &str = "http://loinc.org";
/// The code system of an encounter's reason (SPEC §2): `medical`,
/// `mental_health`, `self_harm`, `substance_use`.
pub const ENCOUNTER_REASON_SYSTEM: &str = "urn:caseload:encounter-reason";

const INTERPRETER_REQUIRED: &str = "http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired";

#[path = "fhir_screening.rs"]
mod screening;

#[path = "fhir_medication.rs"]
mod medication;

#[path = "fhir_bundle.rs"]
mod bundle;
use bundle::{Bundle, Key};

/// When a client's care plan was last reviewed, and by whom.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanReview {
    pub client_id: i64,
    pub on: NaiveDate,
    pub by: Option<String>,
}

/// What a bundle is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BundleType {
    /// A set of resources to read (resource ids `patient-3`, no requests).
    #[default]
    Collection,
    /// A transaction for a FHIR server: every entry a conditional update on its identifier.
    Transaction,
}

/// Everything one export holds; every record belongs to one of `clients`.
#[derive(Debug, Clone, Default)]
pub struct ExportRecords {
    /// The database's identity (a UUID), which names every resource.
    pub database_id: String,
    pub clients: Vec<Client>,
    pub contacts: Vec<Contact>,
    pub notes: Vec<Note>,
    pub appointments: Vec<Appointment>,
    pub followups: Vec<Followup>,
    pub referrals: Vec<Referral>,
    pub encounters: Vec<Encounter>,
    pub enrollments: Vec<Enrollment>,
    pub problems: Vec<Problem>,
    pub goals: Vec<Goal>,
    pub interventions: Vec<Intervention>,
    pub reviews: Vec<PlanReview>,
    pub assessments: Vec<Assessment>,
    pub medications: Vec<Medication>,
    pub reconciliations: Vec<Reconciliation>,
}

/// Writes the bundle of `records`, stamped `now` (dates are in its zone), one
/// entry at a time (one entry per line): a whole team's export never sits in memory as one tree.
pub fn write_bundle(records: &ExportRecords, now: Now, kind: BundleType, sink: &mut dyn Write) -> io::Result<()> {
    let bundle_type = match kind {
        BundleType::Collection => "collection",
        BundleType::Transaction => "transaction",
    };
    write!(
        sink,
        "{{\n  \"resourceType\": \"Bundle\",\n  \"type\": \"{bundle_type}\",\n  \"timestamp\": \"{}\"",
        instant(now.instant)
    )?;
    let mut out = Bundle::new(&records.database_id, kind, sink);
    let mut contacts = by_client(&records.contacts, |c| c.client_id);
    let mut problems = by_client(&records.problems, |p| p.client_id);
    let mut goals = by_client(&records.goals, |g| g.client_id);
    let mut interventions = by_client(&records.interventions, |i| i.client_id);
    let reviews: HashMap<i64, &PlanReview> = records.reviews.iter().map(|r| (r.client_id, r)).collect();
    for client in &records.clients {
        out.add("Patient", client.id, patient(client))?;
        let coordinator = out.practitioner(&client.coordinator);
        let patient = out.reference("Patient", client.id);
        let care_team = care_team(client, &contacts.remove(&client.id).unwrap_or_default(), patient, coordinator);
        out.add("CareTeam", client.id, care_team)?;
        let plan = Plan {
            problems: problems.remove(&client.id).unwrap_or_default(),
            goals: goals.remove(&client.id).unwrap_or_default(),
            interventions: interventions.remove(&client.id).unwrap_or_default(),
            review: reviews.get(&client.id).copied(),
        };
        if !plan.is_empty() {
            let resource = care_plan(&mut out, client, &plan);
            out.add("CarePlan", client.id, resource)?;
        }
    }
    let problem_text: HashMap<i64, &str> = records.problems.iter().map(|p| (p.id, p.description.as_str())).collect();
    for goal in &records.goals {
        let problem = goal.problem_id.and_then(|id| problem_text.get(&id).copied());
        let resource = goal_resource(goal, problem, out.reference("Patient", goal.client_id), now.zone);
        out.add("Goal", goal.id, resource)?;
    }
    for appointment in &records.appointments {
        let resource = appointment_resource(appointment, out.reference("Patient", appointment.client_id), now.zone);
        out.add("Appointment", appointment.id, resource)?;
    }
    let today = now.zone.local_date(now.instant);
    for enrollment in &records.enrollments {
        let episode = episode_of_care(&mut out, enrollment, today);
        out.add("EpisodeOfCare", enrollment.id, episode)?;
        if let Some(resource) = consent(&mut out, enrollment, today) {
            out.add("Consent", enrollment.id, resource)?;
        }
    }
    let enrollments = by_client(&records.enrollments, |e| e.client_id);
    for note in &records.notes {
        let original = note.addendum_of.map(|id| out.reference("Communication", id));
        // The enrollment in the note's program on the note's day, if any.
        let day = now.zone.local_date(note.contact_at);
        let client = enrollments.get(&note.client_id).map(Vec::as_slice).unwrap_or_default();
        let episode = client.iter().rev().find(|e| Some(e.program) == note.program && e.is_active_on(day));
        let episode = episode.map(|e| out.reference("EpisodeOfCare", e.id));
        let author = out.practitioner(&note.author);
        let resource = communication(note, out.reference("Patient", note.client_id), author, original, episode);
        out.add("Communication", note.id, resource)?;
    }
    for followup in &records.followups {
        let requester = out.practitioner(&followup.created_by);
        let owner = followup.done_by.as_deref().map(|by| out.practitioner(by));
        let resource = task(followup, out.reference("Patient", followup.client_id), requester, owner);
        out.add("Task", followup.id, resource)?;
    }
    for referral in &records.referrals {
        let requester = out.practitioner(&referral.created_by);
        let resource = service_request(referral, out.reference("Patient", referral.client_id), requester);
        out.add("ServiceRequest", referral.id, resource)?;
    }
    for encounter in &records.encounters {
        let resource = encounter_resource(encounter, out.reference("Patient", encounter.client_id));
        out.add("Encounter", encounter.id, resource)?;
    }
    for assessment in &records.assessments {
        let patient = out.reference("Patient", assessment.client_id);
        let by = out.practitioner(&assessment.administered_by);
        let response = screening::questionnaire_response(assessment, patient.clone(), by.clone());
        out.add("QuestionnaireResponse", assessment.id, response)?;
        let derived_from = out.reference("QuestionnaireResponse", assessment.id);
        out.add("Observation", assessment.id, screening::score_observation(assessment, patient, by, derived_from))?;
    }
    for medication in &records.medications {
        let resource = medication::medication_statement(medication, out.reference("Patient", medication.client_id));
        out.add("MedicationStatement", medication.id, resource)?;
    }
    // A reconciliation names the discharge it follows only when that encounter is in the bundle.
    let exported: HashSet<i64> = records.encounters.iter().map(|e| e.id).collect();
    for reconciliation in &records.reconciliations {
        let encounter = reconciliation.encounter_id.filter(|id| exported.contains(id));
        let encounter = encounter.map(|id| out.reference("Encounter", id));
        let patient = out.reference("Patient", reconciliation.client_id);
        let by = out.practitioner(&reconciliation.by);
        let resource = medication::reconciliation_procedure(reconciliation, patient, by, encounter);
        out.add("Procedure", reconciliation.id, resource)?;
    }
    // Last, every person the entries above name: their fullUrls were fixed by their names.
    for name in std::mem::take(&mut out.practitioners) {
        let resource = json!({ "active": true, "name": [{ "text": name }] });
        out.add("Practitioner", Key::Name(&name), resource)?;
    }
    out.finish()
}

/// Records grouped by the client they belong to.
fn by_client<T>(records: &[T], client_id: fn(&T) -> i64) -> HashMap<i64, Vec<&T>> {
    let mut groups: HashMap<i64, Vec<&T>> = HashMap::new();
    for record in records {
        groups.entry(client_id(record)).or_default().push(record);
    }
    groups
}

/// One client's care plan items.
struct Plan<'a> {
    problems: Vec<&'a Problem>,
    goals: Vec<&'a Goal>,
    interventions: Vec<&'a Intervention>,
    review: Option<&'a PlanReview>,
}

impl Plan<'_> {
    fn is_empty(&self) -> bool {
        self.problems.is_empty() && self.goals.is_empty() && self.interventions.is_empty() && self.review.is_none()
    }
}

fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A record's word as people read it: "no_show" → "no show".
fn words(word: &str) -> String {
    word.replace('_', " ")
}

fn text(text: impl Into<String>) -> Value {
    json!({ "text": text.into() })
}

fn display(text: &str) -> Value {
    json!({ "display": text })
}

fn annotation(text: String) -> Value {
    json!({ "text": text })
}

/// Drops nulls, empty strings, arrays and objects: FHIR JSON never holds them.
fn prune(value: &mut Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(text) => !text.is_empty(),
        Value::Array(items) => {
            items.retain_mut(prune);
            !items.is_empty()
        }
        Value::Object(fields) => {
            fields.retain(|_, field| prune(field));
            !fields.is_empty()
        }
        _ => true,
    }
}

fn patient(client: &Client) -> Value {
    let mrn = client.mrn.as_ref().map(|mrn| {
        json!({
            "use": "usual",
            "type": { "coding": [{ "system": IDENTIFIER_TYPE, "code": "MR" }], "text": "MRN" },
            "system": MRN_SYSTEM,
            "value": mrn,
        })
    });
    let member_id = client.member_id.as_ref().map(|member_id| {
        json!({
            "type": { "coding": [{ "system": IDENTIFIER_TYPE, "code": "MB" }], "text": "member id" },
            "system": MEMBER_ID_SYSTEM,
            "value": member_id,
            "assigner": client.payer.as_deref().map(display),
        })
    });
    let nickname = client
        .preferred_name
        .as_ref()
        .filter(|name| **name != client.given_name)
        .map(|name| json!({ "use": "nickname", "given": [name] }));
    let phones = [(&client.phone, 1), (&client.alt_phone, 2)]
        .into_iter()
        .filter_map(|(phone, rank)| phone.as_ref().map(|p| json!({ "system": "phone", "value": p, "rank": rank })));
    json!({
        "extension": client.interpreter_needed.then(|| json!([{ "url": INTERPRETER_REQUIRED, "valueBoolean": true }])),
        "identifier": [mrn, member_id],
        "active": client.status != ClientStatus::Discharged,
        "name": [
            { "use": "official", "family": client.family_name, "given": [client.given_name] },
            nickname,
        ],
        "telecom": phones.collect::<Vec<_>>(),
        "birthDate": client.dob.map(|d| d.to_string()),
        "address": [client.address.as_ref().map(|a| json!({ "text": a }))],
        "communication": [client.language.as_ref().map(|l| json!({ "language": text(l.as_str()), "preferred": true }))],
    })
}

fn care_team(client: &Client, contacts: &[&Contact], patient: Value, coordinator: Value) -> Value {
    let coordinator = json!({ "role": [text("care coordinator")], "member": coordinator });
    let members = contacts.iter().filter(|c| c.on_care_team).map(|contact| {
        json!({
            "role": [text(words(contact.relationship.as_str()))],
            "member": display(&contact.name),
            "onBehalfOf": contact.organization.as_deref().map(display),
        })
    });
    json!({
        "status": if client.status == ClientStatus::Discharged { "inactive" } else { "active" },
        "subject": patient,
        "period": { "start": client.enrolled_on.to_string(), "end": client.discharged_on.map(|d| d.to_string()) },
        "participant": std::iter::once(coordinator).chain(members).collect::<Vec<_>>(),
    })
}

fn care_plan(out: &mut Bundle<'_>, client: &Client, plan: &Plan<'_>) -> Value {
    let status = match client.status {
        ClientStatus::Active => "active",
        ClientStatus::OnHold => "on-hold",
        ClientStatus::Discharged => "completed",
    };
    let activity: Vec<Value> = plan
        .interventions
        .iter()
        .map(|item| {
            let status = match item.status {
                InterventionStatus::Planned => "not-started",
                InterventionStatus::InProgress => "in-progress",
                InterventionStatus::Done => "completed",
                InterventionStatus::Cancelled => "cancelled",
            };
            json!({ "detail": {
                "status": status,
                "description": item.description,
                "performer": [item.owner.as_deref().map(display)],
                "goal": [item.goal_id.map(|id| out.reference("Goal", id))],
            }})
        })
        .collect();
    let mut notes: Vec<Value> =
        plan.problems.iter().map(|p| annotation(format!("Problem ({}): {}", p.status, p.description))).collect();
    if let Some(review) = plan.review {
        let by = review.by.as_deref().map(|by| format!(" by {by}")).unwrap_or_default();
        notes.push(
            json!({ "time": review.on.to_string(), "text": format!("Care plan last reviewed on {}{by}.", review.on) }),
        );
    }
    json!({
        "status": status,
        "intent": "plan",
        "subject": out.reference("Patient", client.id),
        "period": { "start": client.enrolled_on.to_string(), "end": client.discharged_on.map(|d| d.to_string()) },
        "careTeam": [out.reference("CareTeam", client.id)],
        "goal": plan.goals.iter().map(|g| out.reference("Goal", g.id)).collect::<Vec<_>>(),
        "activity": activity,
        "note": notes,
    })
}

fn goal_resource(goal: &Goal, problem: Option<&str>, patient: Value, zone: Zone) -> Value {
    let (lifecycle, achievement) = match goal.status {
        GoalStatus::Proposed => ("proposed", None),
        GoalStatus::Active => ("active", None),
        GoalStatus::Achieved => ("completed", Some(("achieved", "Achieved"))),
        GoalStatus::NotAchieved => ("completed", Some(("not-achieved", "Not Achieved"))),
        GoalStatus::Cancelled => ("cancelled", None),
    };
    json!({
        "lifecycleStatus": lifecycle,
        "achievementStatus": achievement.map(|(code, display)| json!({
            "coding": [{ "system": GOAL_ACHIEVEMENT, "code": code, "display": display }],
        })),
        "description": text(goal.description.as_str()),
        "subject": patient,
        "startDate": zone.local_date(goal.created_at).to_string(),
        "target": [goal.target_on.map(|d| json!({ "dueDate": d.to_string() }))],
        "note": [problem.map(|p| annotation(format!("Addresses the problem: {p}")))],
    })
}

fn appointment_resource(appointment: &Appointment, patient: Value, zone: Zone) -> Value {
    let status = match appointment.status {
        AppointmentStatus::Scheduled | AppointmentStatus::Confirmed => "booked",
        AppointmentStatus::Completed => "fulfilled",
        AppointmentStatus::NoShow => "noshow",
        AppointmentStatus::Cancelled => "cancelled",
    };
    let kind = words(appointment.kind.as_str());
    let mut comment = Vec::new();
    if let Some(location) = &appointment.location {
        comment.push(format!("Location: {location}"));
    }
    let transport = words(appointment.transport.as_str());
    match &appointment.transport_details {
        Some(details) => comment.push(format!("Transport: {transport} ({details})")),
        None => comment.push(format!("Transport: {transport}")),
    }
    comment.extend(appointment.notes.clone());
    let with_whom = appointment.with_whom.as_deref().map(|w| json!({ "actor": display(w), "status": "accepted" }));
    json!({
        "status": status,
        "serviceType": [text(kind.as_str())],
        "description": kind,
        "start": instant(appointment.starts_at),
        "end": instant(appointment.ends_at()),
        "minutesDuration": appointment.minutes,
        "created": zone.local_date(appointment.created_at).to_string(),
        "comment": comment.join("\n"),
        "participant": [{ "actor": patient, "status": "accepted" }, with_whom],
    })
}

/// A note by `author`; `episode`: the EpisodeOfCare of the note's program
/// that covers its day. A call or message that reached no one (no answer, a
/// wrong number) is `not-done`, with the reason; a voicemail left is done:
/// the message was delivered, though not to a person.
fn communication(note: &Note, patient: Value, author: Value, original: Option<Value>, episode: Option<Value>) -> Value {
    let medium = match note.contact_type {
        ContactType::Phone => Some(("PHONE", "telephone")),
        ContactType::Video => Some(("VIDEOCONF", "videoconferencing")),
        ContactType::InPerson => Some(("FACE", "face-to-face")),
        ContactType::Text => Some(("WRITTEN", "written")),
        ContactType::Email => Some(("EMAILWRIT", "email")),
        ContactType::Collateral | ContactType::ChartReview => None,
    };
    // The client is the other party only when they were the one talked to.
    let client_party = note.contact_type.is_direct().then(|| patient.clone());
    let (sender, recipient) = match note.direction {
        Direction::Outbound => (Some(author), client_party),
        Direction::Inbound => (client_party, Some(author)),
    };
    let summary = match original {
        Some(_) => format!("Addendum by {}.", note.author),
        None => format!(
            "{} {}, outcome {}, {} minutes.",
            note.direction,
            words(note.contact_type.as_str()),
            words(note.outcome.as_str()),
            note.minutes
        ),
    };
    let program = note.program.map(|p| json!({ "url": NOTE_PROGRAM_EXTENSION, "valueCoding": program_coding(p) }));
    let not_done = match note.outcome {
        Outcome::NoAnswer => Some(("recipient-unavailable", "Recipient Unavailable")),
        Outcome::WrongNumber => Some(("invalid-phone-number", "Invalid Phone Number")),
        Outcome::Reached | Outcome::Voicemail | Outcome::NotApplicable => None,
    };
    json!({
        "extension": [program],
        "partOf": [original],
        "status": if not_done.is_some() { "not-done" } else { "completed" },
        "statusReason": not_done.map(|(code, label)| json!({
            "coding": [{ "system": NOT_DONE_REASON, "code": code, "display": label }],
            "text": words(note.outcome.as_str()),
        })),
        "category": [text(words(note.contact_type.as_str()))],
        "medium": [medium.map(|(code, label)| json!({ "coding": [{ "system": PARTICIPATION_MODE, "code": code, "display": label }] }))],
        "subject": patient,
        "about": [episode],
        "sent": instant(note.contact_at),
        "recipient": [recipient],
        "sender": sender,
        "payload": [{ "contentString": note.body }],
        "note": [annotation(summary)],
    })
}

/// A program's name, as the coding's display.
fn program_name(program: Program) -> &'static str {
    match program {
        Program::Ccm => "Chronic care management",
        Program::Pcm => "Principal care management",
        Program::Bhi => "Behavioral health integration",
        Program::Cocm => "Psychiatric collaborative care",
        Program::Chi => "Community health integration",
        Program::Pin => "Principal illness navigation",
        Program::Rpm => "Remote monitoring",
        Program::Tcm => "Transitional care management",
        Program::Apcm => "Advanced primary care management",
        Program::General => "General care coordination",
    }
}

/// A program as a coding of `PROGRAM_SYSTEM`.
fn program_coding(program: Program) -> Value {
    json!({ "system": PROGRAM_SYSTEM, "code": program.as_str(), "display": program_name(program) })
}

/// An enrollment: its program, its days, who bills it (a Practitioner of
/// that name) and the client's care team. No managing organization: we hold none.
fn episode_of_care(out: &mut Bundle<'_>, enrollment: &Enrollment, today: NaiveDate) -> Value {
    let care_manager = enrollment.practitioner.as_deref().map(|name| out.practitioner(name));
    json!({
        "status": if has_ended(enrollment, today) { "finished" } else { "active" },
        "type": [{ "coding": [program_coding(enrollment.program)], "text": enrollment.program.label() }],
        "patient": out.reference("Patient", enrollment.client_id),
        "period": { "start": enrollment.started_on.to_string(), "end": enrollment.ended_on.map(|d| d.to_string()) },
        "careManager": care_manager,
        "team": [out.reference("CareTeam", enrollment.client_id)],
    })
}

/// The enrollment's last day has passed.
fn has_ended(enrollment: &Enrollment, today: NaiveDate) -> bool {
    enrollment.ended_on.is_some_and(|end| end < today)
}

/// The client's documented consent to a program, if there is one: consent
/// to be treated (the care-management service and its billing), given by the
/// client on its date, covering the enrollment's episode and the notes about
/// it; inactive once the enrollment's last day has passed.
fn consent(out: &mut Bundle<'_>, enrollment: &Enrollment, today: NaiveDate) -> Option<Value> {
    let (on, method) = (enrollment.consent_on?, enrollment.consent_method?);
    let patient = out.reference("Patient", enrollment.client_id);
    Some(json!({
        "extension": [{ "url": CONSENT_METHOD_EXTENSION, "valueCode": method.as_str() }],
        "status": if has_ended(enrollment, today) { "inactive" } else { "active" },
        "scope": { "coding": [{ "system": CONSENT_SCOPE, "code": "treatment", "display": "Treatment" }] },
        "category": [{ "coding": [{ "system": LOINC, "code": "59284-0", "display": "Patient Consent" }] }],
        "patient": patient.clone(),
        "dateTime": on.to_string(),
        "performer": [patient],
        "policyRule": {
            "coding": [{ "system": ACT_CODE, "code": "OPTIN", "display": "opt-in" }],
            "text": format!("Consent to {}", program_name(enrollment.program).to_lowercase()),
        },
        "provision": {
            "type": "permit",
            "period": { "start": on.to_string(), "end": enrollment.ended_on.map(|d| d.to_string()) },
            "data": [{ "meaning": "dependents", "reference": out.reference("EpisodeOfCare", enrollment.id) }],
        },
    }))
}

fn task(followup: &Followup, patient: Value, requester: Value, owner: Option<Value>) -> Value {
    let status = match followup.status {
        FollowupStatus::Open => "requested",
        FollowupStatus::Done => "completed",
        FollowupStatus::Cancelled => "cancelled",
    };
    let snooze = followup.snoozed_until.map(|until| {
        let reason = followup.snooze_reason.as_deref().map(|r| format!(": {r}")).unwrap_or_default();
        annotation(format!("Snoozed until {until}{reason}"))
    });
    json!({
        "status": status,
        "intent": "order",
        "description": followup.title,
        "for": patient,
        "executionPeriod": { "end": followup.done_at.map(instant) },
        "authoredOn": instant(followup.created_at),
        "requester": requester,
        "owner": owner,
        "restriction": { "period": { "end": followup.due_on.to_string() } },
        "note": [snooze],
    })
}

fn service_request(referral: &Referral, patient: Value, requester: Value) -> Value {
    let status = match referral.status {
        ReferralStatus::Draft => "draft",
        ReferralStatus::Sent | ReferralStatus::Scheduled => "active",
        ReferralStatus::Completed => "completed",
        ReferralStatus::Declined | ReferralStatus::NoResponse => "revoked",
    };
    // FHIR's status loses "declined" against "no response": the note keeps it.
    let history = format!("Referral {} since {}.", words(referral.status.as_str()), referral.status_changed_on);
    json!({
        "status": status,
        "intent": "order",
        "category": [text("referral")],
        "code": text(words(referral.kind.as_str())),
        "subject": patient,
        "authoredOn": referral.sent_on.map_or_else(|| instant(referral.created_at), |d| d.to_string()),
        "requester": requester,
        "performer": [display(&referral.to)],
        "reasonCode": [text(referral.reason.as_str())],
        "note": [annotation(history), referral.outcome.as_ref().map(|o| annotation(format!("Outcome: {o}")))],
    })
}

fn encounter_resource(encounter: &Encounter, patient: Value) -> Value {
    let (code, label) = match encounter.kind {
        EncounterKind::Inpatient | EncounterKind::Snf => ("IMP", "inpatient encounter"),
        EncounterKind::Observation => ("OBSENC", "observation encounter"),
        EncounterKind::Ed => ("EMER", "emergency"),
    };
    let kind = match encounter.kind {
        EncounterKind::Snf => "skilled nursing".to_string(),
        EncounterKind::Ed => "emergency department".to_string(),
        other => words(other.as_str()),
    };
    json!({
        "status": if encounter.discharged_on.is_some() { "finished" } else { "in-progress" },
        "class": { "system": ACT_CODE, "code": code, "display": label },
        "type": [text(kind)],
        "subject": patient,
        "period": { "start": encounter.admitted_on.to_string(), "end": encounter.discharged_on.map(|d| d.to_string()) },
        "reasonCode": [{
            "coding": [{ "system": ENCOUNTER_REASON_SYSTEM, "code": encounter.reason.as_str(), "display": encounter.reason.label() }],
            "text": encounter.reason.label(),
        }],
        "serviceProvider": display(&encounter.facility),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pruning_leaves_no_empty_values() {
        let mut value = json!({ "a": null, "b": [null, { "c": "" }], "d": { "e": [] }, "f": false, "g": ["x"] });
        prune(&mut value);
        assert_eq!(value, json!({ "f": false, "g": ["x"] }));
    }

    #[test]
    fn a_goal_starts_and_an_appointment_is_created_on_the_local_date() {
        // 21:00 in Chicago on the 23rd is already the 24th in UTC.
        let evening = DateTime::parse_from_rfc3339("2026-11-24T03:00:00Z").expect("instant").with_timezone(&Utc);
        let chicago = crate::domain::time::zones::chicago();
        let goal = Goal {
            id: 5,
            client_id: 1,
            problem_id: None,
            description: "A1c under 8".into(),
            target_on: None,
            status: GoalStatus::Active,
            created_by: "casey".into(),
            created_at: evening,
        };
        assert_eq!(goal_resource(&goal, None, json!({}), chicago)["startDate"], "2026-11-23");
        assert_eq!(goal_resource(&goal, None, json!({}), Zone::UTC)["startDate"], "2026-11-24");
        let appointment = Appointment {
            id: 3,
            client_id: 1,
            starts_at: evening,
            minutes: 30,
            kind: crate::domain::appointment::AppointmentKind::Pcp,
            with_whom: None,
            location: None,
            status: AppointmentStatus::Scheduled,
            transport: crate::domain::appointment::Transport::NotNeeded,
            transport_details: None,
            notes: None,
            created_by: "casey".into(),
            created_at: evening,
        };
        assert_eq!(appointment_resource(&appointment, json!({}), chicago)["created"], "2026-11-23");
    }

    #[test]
    fn an_empty_export_is_a_bundle_without_entries() {
        let at = DateTime::parse_from_rfc3339("2026-11-23T15:00:00Z").expect("instant").with_timezone(&Utc);
        let mut written = Vec::new();
        write_bundle(&ExportRecords::default(), Now::new(at, Zone::UTC), BundleType::Collection, &mut written)
            .expect("written");
        let bundle: Value = serde_json::from_slice(&written).expect("JSON");
        assert_eq!(
            bundle,
            json!({ "resourceType": "Bundle", "type": "collection", "timestamp": "2026-11-23T15:00:00Z" })
        );
    }
}
