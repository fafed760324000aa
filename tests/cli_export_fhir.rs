//! `caseload export fhir`: the bundle is checked with an independent FHIR R4
//! model (fhirbolt, strict mode: unknown or misshapen fields are errors), and
//! every reference in it must name an entry of the same bundle.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::os::unix::fs::PermissionsExt;

use common::Env;
use fhirbolt::model::r4::Resource;
use fhirbolt::model::r4::resources::Bundle;
use serde_json::Value;

/// Adds a record through the CLI and returns the id it printed.
fn add(env: &Env, args: &[&str]) -> String {
    env.ok(args).trim().to_string()
}

struct Caseload {
    ana: String,
    ben: String,
    gone: String,
}

/// Ana has one of every record kind; Ben a note; a discharged client of
/// casey's and a client of robin's have one follow-up each.
fn caseload(env: &Env) -> Caseload {
    let ana = add(
        env,
        &[
            "client",
            "add",
            "--given-name",
            "Ana",
            "--family-name",
            "Reyes",
            "--mrn",
            "MRN-1001",
            "--preferred-name",
            "Annie",
            "--dob",
            "1950-03-04",
            "--phone",
            "555-0101",
            "--alt-phone",
            "555-0102",
            "--address",
            "12 Elm St, Springfield",
            "--language",
            "Spanish",
            "--interpreter-needed",
            "--payer",
            "Acme Health",
            "--member-id",
            "M-77",
            "--enrolled-on",
            "2026-09-01",
        ],
    );
    let ben = add(env, &["client", "add", "--given-name", "Ben", "--family-name", "Okafor", "--mrn", "MRN-1002"]);
    let gone = add(env, &["client", "add", "--given-name", "Cy", "--family-name", "Moss", "--mrn", "MRN-1003"]);
    env.ok(&["client", "discharge", &gone, "--reason", "moved away"]);
    let robins = add(
        env,
        &[
            "client",
            "add",
            "--given-name",
            "Dee",
            "--family-name",
            "Park",
            "--mrn",
            "MRN-2001",
            "--coordinator",
            "robin",
        ],
    );
    for client in [&gone, &robins] {
        env.ok(&["followup", "add", client, "--due", "+3d", "--title", "Check in"]);
    }

    env.ok(&[
        "contact",
        "add",
        &ana,
        "--name",
        "Pat Reyes",
        "--relationship",
        "caregiver",
        "--care-team",
        "--organization",
        "Home Helpers",
    ]);
    env.ok(&["contact", "add", &ana, "--name", "Lee Neighbour", "--relationship", "other"]);
    // CCM with written consent, BHI without, and a TCM stay that ended.
    env.ok(&[
        "program",
        "enroll",
        &ana,
        "ccm",
        "--from",
        "2026-10-01",
        "--practitioner",
        "Dr. Rivera",
        "--consent-on",
        "2026-10-01",
        "--consent-method",
        "written",
    ]);
    env.ok(&["program", "enroll", &ana, "bhi", "--from", "2026-11-01", "--practitioner", "Dr. Rivera"]);
    env.ok(&["program", "enroll", &ana, "tcm", "--from", "2026-09-10"]);
    env.ok(&["program", "consent", &ana, "tcm", "--on", "2026-09-10", "--method", "verbal"]);
    env.ok(&["program", "end", &ana, "tcm", "--on", "2026-10-09", "--reason", "thirty days after discharge"]);
    let note = add(
        env,
        &[
            "note",
            "add",
            &ana,
            "--type",
            "phone",
            "--minutes",
            "15",
            "--at",
            "2026-11-20 10:00",
            "--program",
            "ccm",
            "--body",
            "Talked meds.",
        ],
    );
    env.ok(&["note", "amend", &note, "--body", "Dose is twice a day."]);
    env.ok(&[
        "note",
        "add",
        &ana,
        "--type",
        "chart_review",
        "--outcome",
        "n_a",
        "--minutes",
        "5",
        "--at",
        "2026-09-20 10:00",
        "--program",
        "ccm",
        "--body",
        "Before CCM began.",
    ]);
    env.ok(&["note", "add", &ana, "--type", "collateral", "--direction", "inbound", "--body", "PCP office called."]);
    env.ok(&["note", "add", &ben, "--body", "Intro call."]);
    // Calls that reached no one, and a voicemail, which left the message.
    for outcome in ["no_answer", "wrong_number", "voicemail"] {
        env.ok(&["note", "add", &ben, "--outcome", outcome, "--minutes", "2", "--body", outcome]);
    }

    let seen = add(env, &["appt", "add", &ana, "--at", "2026-11-16 10:00", "--with", "Dr. Rivera", "--kind", "pcp"]);
    env.ok(&["appt", "set", &seen, "--status", "completed"]);
    let missed = add(env, &["appt", "add", &ana, "--at", "2026-11-18 09:00", "--kind", "lab"]);
    env.ok(&["appt", "set", &missed, "--status", "no_show"]);
    let off = add(env, &["appt", "add", &ana, "--at", "2026-11-30 09:00", "--kind", "imaging"]);
    env.ok(&["appt", "set", &off, "--status", "cancelled"]);
    env.ok(&[
        "appt",
        "add",
        &ana,
        "--at",
        "tomorrow 14:30",
        "--status",
        "confirmed",
        "--kind",
        "home_visit",
        "--location",
        "Home",
        "--transport",
        "needed",
    ]);

    env.ok(&["followup", "add", &ana, "--due", "+3d", "--title", "Call pharmacy"]);
    let done = add(env, &["followup", "add", &ana, "--due", "tomorrow", "--title", "Check labs"]);
    env.ok(&["followup", "done", &done]);

    for (status, to) in [("draft", "Pantry"), ("sent", "Housing Co"), ("scheduled", "Dr. Lin"), ("completed", "Rides")]
    {
        env.ok(&[
            "referral",
            "add",
            &ana,
            "--kind",
            "food",
            "--reason",
            "food insecurity",
            "--to",
            to,
            "--status",
            status,
        ]);
    }
    let declined = add(env, &["referral", "add", &ana, "--kind", "housing", "--reason", "rent", "--to", "Shelter"]);
    env.ok(&["referral", "set", &declined, "--status", "declined", "--outcome", "client declined"]);

    let stay = add(
        env,
        &[
            "encounter",
            "add",
            &ana,
            "--kind",
            "inpatient",
            "--facility",
            "General Hospital",
            "--admitted",
            "2026-11-01",
            "--discharged",
            "2026-11-05",
            "--reason",
            "mental_health",
        ],
    );
    env.ok(&["encounter", "add", &ana, "--kind", "snf", "--facility", "Oak SNF", "--admitted", "2026-11-06"]);

    // Two medications, one stopped at the reconciliation after the stay; a second reconciliation follows nothing.
    env.ok(&[
        "med",
        "add",
        &ana,
        "--name",
        "Lisinopril",
        "--dose",
        "10 mg",
        "--frequency",
        "once daily",
        "--prescriber",
        "Dr. Rivera",
        "--started",
        "2026-10-01",
    ]);
    let stopped = add(env, &["med", "add", &ana, "--name", "Sertraline", "--started", "2026-09-01"]);
    env.ok(&[
        "med",
        "reconcile",
        &ana,
        "--on",
        "2026-11-06",
        "--encounter",
        &stay,
        "--stop",
        &stopped,
        "--notes",
        "Went through the list by phone.",
    ]);
    env.ok(&["med", "reconcile", &ana, "--on", "2026-11-20"]);

    let problem = add(env, &["plan", "problem", &ana, "--add", "Uncontrolled diabetes"]);
    let a1c =
        add(env, &["plan", "goal", &ana, "--add", "A1c under 8", "--problem", &problem, "--target", "2027-03-01"]);
    let walk = add(env, &["plan", "goal", &ana, "--add", "Walk daily"]);
    env.ok(&["plan", "goal", &ana, "--set", &walk, "--status", "achieved"]);
    env.ok(&["plan", "intervention", &ana, "--add", "Diabetes education", "--goal", &a1c, "--owner", "RN Lee"]);
    env.ok(&["plan", "review", &ana]);

    // One screening of every instrument (Ana's gender is unknown: AUDIT-C positive at 4).
    for (instrument, answers) in [
        ("phq9", "2,2,1,1,1,1,1,0,1"),
        ("phq2", "1,1"),
        ("gad7", "0,1,1,0,0,1,0"),
        ("auditc", "1,0,0"),
        ("steadi", "1,0,1,0,1,0,0,0,0,0,0,0"),
        ("hrsn", "0,1,1,0,0,0,1,1,1,1"),
    ] {
        env.ok(&["assess", &ana, instrument, "--answers", answers, "--at", "2026-11-20 09:00", "--mode", "phone"]);
    }
    Caseload { ana, ben, gone }
}

/// The export checked with fhirbolt (strict): the Bundle itself, and each
/// entry's resource parsed into its R4 model type. Returns the typed
/// resources and the whole bundle rebuilt from what fhirbolt re-serialized,
/// so later checks read what the model understood. (fhirbolt 0.4.0 refuses a
/// `fullUrl` that follows an entry's resource in one document, a bug in its
/// JSON reader, hence one parse per resource.)
fn export(env: &Env, args: &[&str]) -> (Vec<Resource>, Value) {
    let mut all = vec!["export", "fhir"];
    all.extend(args);
    let mut json: Value = serde_json::from_str(&env.ok(&all)).expect("JSON");
    let mut resources = Vec::new();
    for entry in json.get_mut("entry").and_then(Value::as_array_mut).into_iter().flatten() {
        let text = entry["resource"].take().to_string();
        let resource: Resource =
            fhirbolt::json::from_str(&text, None).unwrap_or_else(|e| panic!("not R4: {e}\n{text}"));
        entry["resource"] = reserialized(&resource);
        resources.push(resource);
    }
    let mut shell = json.clone();
    for entry in shell.get_mut("entry").and_then(Value::as_array_mut).into_iter().flatten() {
        entry.as_object_mut().expect("entry").remove("resource");
    }
    let bundle: Bundle = fhirbolt::json::from_str(&shell.to_string(), None).expect("an R4 Bundle");
    let kind = if args.contains(&"transaction") { "transaction" } else { "collection" };
    assert_eq!(bundle.r#type.value.as_deref(), Some(kind));
    assert_eq!(bundle.entry.len(), resources.len());
    (resources, json)
}
fn reserialized(resource: &Resource) -> Value {
    serde_json::from_str(&fhirbolt::json::to_string(resource, None).expect("serializes")).expect("JSON")
}

fn entries(json: &Value) -> Vec<&Value> {
    json["entry"].as_array().map(|e| e.iter().collect()).unwrap_or_default()
}

/// Every `reference` anywhere below `value`, with the JSON path it sits at.
fn references<'a>(value: &'a Value, path: &str, found: &mut Vec<(String, &'a str)>) {
    match value {
        Value::Object(fields) => {
            for (key, field) in fields {
                match (key.as_str(), field) {
                    ("reference", Value::String(target)) => found.push((path.to_string(), target)),
                    _ => references(field, &format!("{path}.{key}"), found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| references(item, path, found)),
        _ => {}
    }
}

/// fullUrl → resource, with the check that fullUrls are unique and every
/// reference (subject, for, partOf, goal, participant.actor, …) names one.
fn resolve(json: &Value) -> HashMap<String, &Value> {
    let mut by_url = HashMap::new();
    for entry in entries(json) {
        let url = entry["fullUrl"].as_str().expect("fullUrl").to_string();
        assert!(url.starts_with("urn:uuid:"), "{url}");
        assert!(by_url.insert(url.clone(), &entry["resource"]).is_none(), "duplicate fullUrl {url}");
    }
    let mut found = Vec::new();
    references(json, "", &mut found);
    assert!(!found.is_empty());
    for (path, target) in found {
        assert!(by_url.contains_key(target), "{path} -> {target} is not in the bundle");
    }
    by_url
}

fn of_type<'a>(json: &'a Value, resource_type: &str) -> Vec<&'a Value> {
    entries(json).into_iter().map(|e| &e["resource"]).filter(|r| r["resourceType"] == resource_type).collect()
}

fn statuses(json: &Value, resource_type: &str, field: &str) -> BTreeSet<String> {
    of_type(json, resource_type).iter().map(|r| r[field].as_str().expect("status").to_string()).collect()
}

fn set(words: &[&str]) -> BTreeSet<String> {
    words.iter().map(|w| w.to_string()).collect()
}

/// The audit rows of `export fhir`, as (entity_id) values.
fn export_audits(env: &Env) -> Vec<Value> {
    let rows = env.json(&["audit", "--limit", "0"]);
    rows.as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["action"] == "export" && r["entity"] == "fhir")
        .map(|r| r["entity_id"].clone())
        .collect()
}

#[test]
fn the_caseload_exports_as_a_valid_bundle_whose_references_resolve() {
    let env = Env::new();
    let ids = caseload(&env);
    let (resources, json) = export(&env, &[]);
    let by_url = resolve(&json);

    let types: BTreeSet<String> =
        entries(&json).iter().map(|e| e["resource"]["resourceType"].as_str().expect("type").to_string()).collect();
    let all = [
        "Appointment",
        "CarePlan",
        "CareTeam",
        "Communication",
        "Consent",
        "Encounter",
        "EpisodeOfCare",
        "Goal",
        "MedicationStatement",
        "Observation",
        "Patient",
        "Practitioner",
        "Procedure",
        "QuestionnaireResponse",
        "ServiceRequest",
        "Task",
    ];
    assert_eq!(types, set(&all));

    // Only casey's active and on-hold clients: not the discharged one, not robin's.
    let patients: Vec<String> = resources
        .iter()
        .filter_map(|r| match r {
            Resource::Patient(p) => p.id.as_ref().and_then(|id| id.value.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(patients, [format!("patient-{}", ids.ana), format!("patient-{}", ids.ben)]);

    // The typed model read the MRN as an identifier of the MRN system.
    let ana = resources
        .iter()
        .find_map(|r| match r {
            Resource::Patient(p)
                if p.id.as_ref().and_then(|id| id.value.as_deref()) == Some(&format!("patient-{}", ids.ana)) =>
            {
                Some(p)
            }
            _ => None,
        })
        .expect("Ana's Patient");
    let mrn = ana
        .identifier
        .iter()
        .find(|i| i.system.as_ref().and_then(|s| s.value.as_deref()) == Some("urn:caseload:mrn"))
        .expect("MRN identifier");
    assert_eq!(mrn.value.as_ref().and_then(|v| v.value.as_deref()), Some("MRN-1001"));
    assert_eq!(ana.active.as_ref().and_then(|a| a.value), Some(true));
    let patient_json = of_type(&json, "Patient").into_iter().find(|p| p["identifier"][0]["value"] == "MRN-1001");
    let patient_json = patient_json.expect("Ana");
    assert_eq!(patient_json["birthDate"], "1950-03-04");
    assert_eq!(patient_json["name"][1], serde_json::json!({ "use": "nickname", "given": ["Annie"] }));
    assert_eq!(patient_json["identifier"][1]["value"], "M-77");

    assert_eq!(statuses(&json, "Appointment", "status"), set(&["booked", "cancelled", "fulfilled", "noshow"]));
    assert_eq!(statuses(&json, "Task", "status"), set(&["completed", "requested"]));
    assert_eq!(statuses(&json, "ServiceRequest", "status"), set(&["active", "completed", "draft", "revoked"]));
    assert_eq!(statuses(&json, "Encounter", "status"), set(&["finished", "in-progress"]));
    assert_eq!(statuses(&json, "Goal", "lifecycleStatus"), set(&["active", "completed"]));
    assert_eq!(statuses(&json, "Communication", "status"), set(&["completed", "not-done"]));
    let body = |c: &Value| c["payload"][0]["contentString"].as_str().unwrap_or_default().to_string();
    let calls: BTreeMap<String, &Value> = of_type(&json, "Communication").into_iter().map(|c| (body(c), c)).collect();
    for (outcome, code) in [("no_answer", "recipient-unavailable"), ("wrong_number", "invalid-phone-number")] {
        let call = calls[outcome];
        assert_eq!(call["status"], "not-done", "{call}");
        let reason = &call["statusReason"];
        assert_eq!(
            reason["coding"][0]["system"],
            "http://terminology.hl7.org/CodeSystem/communication-not-done-reason"
        );
        assert_eq!(reason["coding"][0]["code"], code);
        assert_eq!(reason["text"], outcome.replace('_', " "));
    }
    assert_eq!(calls["voicemail"]["status"], "completed");
    assert!(calls["voicemail"].get("statusReason").is_none());
    assert_eq!(calls["Talked meds."]["status"], "completed");
    practitioners(&json, &by_url);

    let done = of_type(&json, "Task").into_iter().find(|t| t["status"] == "completed").expect("done task");
    assert_eq!(done["description"], "Check labs");
    assert_eq!(done["intent"], "order");
    assert_eq!(done["executionPeriod"]["end"], "2026-11-23T15:00:00Z");
    assert_eq!(done["restriction"]["period"]["end"], "2026-11-24");

    let achieved = of_type(&json, "Goal").into_iter().find(|g| g["lifecycleStatus"] == "completed").expect("goal");
    assert_eq!(achieved["achievementStatus"]["coding"][0]["code"], "achieved");

    let snf = of_type(&json, "Encounter").into_iter().find(|e| e["status"] == "in-progress").expect("snf stay");
    assert_eq!(snf["class"]["code"], "IMP");
    assert_eq!(snf["type"][0]["text"], "skilled nursing");
    assert_eq!(snf["serviceProvider"]["display"], "Oak SNF");

    // The addendum is part of the note it amends.
    let addendum = of_type(&json, "Communication").into_iter().find(|c| c["partOf"].is_array()).expect("addendum");
    let original = by_url[addendum["partOf"][0]["reference"].as_str().expect("reference")];
    assert_eq!(original["payload"][0]["contentString"], "Talked meds.");
    assert_eq!(addendum["payload"][0]["contentString"], "Dose is twice a day.");

    // The plan links its goals, and its intervention serves the A1c goal.
    let plan = of_type(&json, "CarePlan");
    assert_eq!(plan.len(), 1, "only Ana has a plan");
    assert_eq!(plan[0]["goal"].as_array().map(Vec::len), Some(2));
    let served = by_url[plan[0]["activity"][0]["detail"]["goal"][0]["reference"].as_str().expect("goal")];
    assert_eq!(served["description"]["text"], "A1c under 8");
    assert_eq!(plan[0]["activity"][0]["detail"]["status"], "not-started");

    let team = of_type(&json, "CareTeam").into_iter().find(|t| t["participant"].as_array().map(Vec::len) == Some(2));
    assert_eq!(team.expect("Ana's team")["participant"][1]["member"]["display"], "Pat Reyes");

    let stay = of_type(&json, "Encounter").into_iter().find(|e| e["status"] == "finished").expect("the stay");
    assert_eq!(
        stay["reasonCode"][0],
        serde_json::json!({
            "coding": [{ "system": "urn:caseload:encounter-reason", "code": "mental_health", "display": "mental health" }],
            "text": "mental health",
        })
    );
    assert_eq!(snf["reasonCode"][0]["coding"][0]["code"], "medical");

    medications(&json, &by_url, stay);
    programs_and_consents(&json, &by_url, &ids);
    screenings(&json, &by_url, &ids);

    assert_eq!(export_audits(&env), [Value::Null]);
}

/// Each medication is a MedicationStatement (active or stopped), each
/// reconciliation a completed Procedure (SNOMED CT 430193006) that names the
/// discharge it follows.
fn medications(json: &Value, by_url: &HashMap<String, &Value>, stay: &Value) {
    let statements = of_type(json, "MedicationStatement");
    assert_eq!(statements.len(), 2);
    let named =
        |name: &str| *statements.iter().find(|m| m["medicationCodeableConcept"]["text"] == name).expect("medication");
    let lisinopril = named("Lisinopril");
    assert_eq!(lisinopril["status"], "active");
    assert_eq!(lisinopril["medicationCodeableConcept"], serde_json::json!({ "text": "Lisinopril" }));
    assert_eq!(lisinopril["dosage"], serde_json::json!([{ "text": "10 mg once daily" }]));
    assert_eq!(lisinopril["effectivePeriod"], serde_json::json!({ "start": "2026-10-01" }));
    assert_eq!(lisinopril["note"][0]["text"], "Prescribed by Dr. Rivera");
    assert_eq!(target(by_url, &lisinopril["subject"])["resourceType"], "Patient");
    let sertraline = named("Sertraline");
    assert_eq!(sertraline["status"], "stopped");
    assert_eq!(sertraline["effectivePeriod"], serde_json::json!({ "start": "2026-09-01", "end": "2026-11-06" }));
    assert!(sertraline.get("dosage").is_none() && sertraline.get("note").is_none(), "{sertraline}");

    let procedures = of_type(json, "Procedure");
    assert_eq!(procedures.len(), 2);
    let after_stay = *procedures.iter().find(|p| p["performedDateTime"] == "2026-11-06").expect("reconciliation");
    assert_eq!(after_stay["status"], "completed");
    assert_eq!(
        after_stay["code"]["coding"][0],
        serde_json::json!({
            "system": "http://snomed.info/sct",
            "code": "430193006",
            "display": "Medication reconciliation (procedure)",
        })
    );
    assert_eq!(after_stay["performer"][0]["actor"]["display"], "casey");
    assert!(std::ptr::eq(target(by_url, &after_stay["reasonReference"][0]), stay), "follows the stay");
    assert_eq!(after_stay["note"][0]["text"], "Went through the list by phone.");
    assert_eq!(target(by_url, &after_stay["subject"])["resourceType"], "Patient");
    let later = *procedures.iter().find(|p| p["performedDateTime"] == "2026-11-20").expect("reconciliation");
    assert!(later.get("reasonReference").is_none(), "{later}");
}

/// One Practitioner per person named: the coordinator (on the care team,
/// sending notes, asking for follow-ups and referrals) and the billing
/// practitioner; each reference to one keeps the name as its display.
fn practitioners(json: &Value, by_url: &HashMap<String, &Value>) {
    let names: BTreeSet<String> = of_type(json, "Practitioner")
        .iter()
        .map(|p| p["name"][0]["text"].as_str().expect("name").to_string())
        .collect();
    assert_eq!(names, set(&["Dr. Rivera", "casey"]));
    let casey = |reference: &Value| {
        assert_eq!(reference["display"], "casey", "{reference}");
        assert_eq!(target(by_url, reference)["name"][0]["text"], "casey", "{reference}");
    };
    let team = of_type(json, "CareTeam")[0];
    casey(&team["participant"][0]["member"]);
    let outbound =
        of_type(json, "Communication").into_iter().find(|c| c["payload"][0]["contentString"] == "Intro call.");
    casey(&outbound.expect("Ben's call")["sender"]);
    let task = of_type(json, "Task").into_iter().find(|t| t["status"] == "completed").expect("done task");
    casey(&task["requester"]);
    casey(&task["owner"]);
    casey(&of_type(json, "ServiceRequest")[0]["requester"]);
    casey(&of_type(json, "Observation")[0]["performer"][0]);
    casey(&of_type(json, "Procedure")[0]["performer"][0]["actor"]);
}

fn target<'a>(by_url: &HashMap<String, &'a Value>, reference: &Value) -> &'a Value {
    by_url[reference["reference"].as_str().expect("reference")]
}

/// Each enrollment is an EpisodeOfCare of its program; each documented
/// consent a Consent covering the episode; a note's program is on its
/// Communication, which is about the episode.
fn programs_and_consents(json: &Value, by_url: &HashMap<String, &Value>, ids: &Caseload) {
    let ana = format!("patient-{}", ids.ana);
    let episodes = of_type(json, "EpisodeOfCare");
    let program = |e: &Value| e["type"][0]["coding"][0]["code"].as_str().expect("program").to_string();
    let anas: BTreeSet<String> =
        episodes.iter().filter(|e| target(by_url, &e["patient"])["id"] == ana).map(|e| program(e)).collect();
    assert_eq!(anas, set(&["bhi", "ccm", "general", "tcm"]));
    assert_eq!(episodes.len(), 5, "Ana's four and Ben's general");
    let episode = |code: &str| *episodes.iter().find(|e| program(e) == code).expect("episode");

    let ccm = episode("ccm");
    assert_eq!(ccm["status"], "active");
    assert_eq!(
        ccm["type"][0]["coding"][0],
        serde_json::json!({ "system": "urn:caseload:program", "code": "ccm", "display": "Chronic care management" })
    );
    assert_eq!(ccm["period"], serde_json::json!({ "start": "2026-10-01" }));
    assert_eq!(
        (&ccm["careManager"]["type"], &ccm["careManager"]["display"]),
        (&"Practitioner".into(), &"Dr. Rivera".into())
    );
    assert_eq!(target(by_url, &ccm["careManager"])["name"][0]["text"], "Dr. Rivera");
    assert_eq!(target(by_url, &ccm["team"][0])["resourceType"], "CareTeam");
    let tcm = episode("tcm");
    assert_eq!(tcm["status"], "finished");
    assert_eq!(tcm["period"], serde_json::json!({ "start": "2026-09-10", "end": "2026-10-09" }));
    assert!(tcm.get("careManager").is_none() && tcm.get("managingOrganization").is_none());

    // Consent only where documented: CCM's (active) and the ended TCM's (inactive), none for BHI.
    let consents = of_type(json, "Consent");
    let covered = |c: &Value| program(target(by_url, &c["provision"]["data"][0]["reference"]));
    let mut by_program: Vec<(String, &Value)> = consents.iter().map(|c| (covered(c), *c)).collect();
    by_program.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(by_program.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(), ["ccm", "tcm"]);
    let (ccm_consent, tcm_consent) = (by_program[0].1, by_program[1].1);
    assert_eq!(ccm_consent["status"], "active");
    assert_eq!(tcm_consent["status"], "inactive");
    assert_eq!(ccm_consent["scope"]["coding"][0]["code"], "treatment");
    assert_eq!(ccm_consent["category"][0]["coding"][0]["code"], "59284-0");
    assert_eq!(ccm_consent["dateTime"], "2026-10-01");
    assert_eq!(target(by_url, &ccm_consent["patient"])["id"], ana);
    assert_eq!(
        ccm_consent["extension"][0],
        serde_json::json!({ "url": "urn:caseload:fhir:extension:consent-method", "valueCode": "written" })
    );
    assert_eq!(tcm_consent["extension"][0]["valueCode"], "verbal");
    assert_eq!(ccm_consent["provision"]["type"], "permit");

    // The CCM note carries its program and is about the CCM episode; a note of no program neither.
    let communications = of_type(json, "Communication");
    let talked = communications.iter().find(|c| c["payload"][0]["contentString"] == "Talked meds.").expect("note");
    assert_eq!(
        talked["extension"][0],
        serde_json::json!({
            "url": "urn:caseload:fhir:extension:note-program",
            "valueCoding": { "system": "urn:caseload:program", "code": "ccm", "display": "Chronic care management" },
        })
    );
    assert_eq!(program(target(by_url, &talked["about"][0])), "ccm");
    // Minutes before the enrollment began still name their program, but no episode covers them.
    let before = communications.iter().find(|c| c["payload"][0]["contentString"] == "Before CCM began.");
    let before = before.expect("the early note");
    assert_eq!(before["extension"][0]["valueCoding"]["code"], "ccm");
    assert!(before.get("about").is_none(), "{before}");
    let called = communications.iter().find(|c| c["payload"][0]["contentString"] == "PCP office called.");
    let called = called.expect("collateral note");
    assert!(called.get("extension").is_none() && called.get("about").is_none(), "{called}");
}

/// Each screening is a QuestionnaireResponse of its LOINC panel, answered item
/// by item, and an Observation of its total derived from it.
fn screenings(json: &Value, by_url: &HashMap<String, &Value>, ids: &Caseload) {
    let ana = format!("patient-{}", ids.ana);
    let responses = of_type(json, "QuestionnaireResponse");
    let questionnaire = |r: &Value| r["questionnaire"].as_str().expect("questionnaire").to_string();
    let canonicals: BTreeSet<String> = responses.iter().map(|r| questionnaire(r)).collect();
    let panels = ["44249-1", "55757-9", "69737-5", "72109-2", "96777-8", "97874-2"];
    assert_eq!(canonicals, panels.iter().map(|p| format!("http://loinc.org/q/{p}")).collect());
    for response in &responses {
        assert_eq!(response["status"], "completed");
        assert_eq!(target(by_url, &response["subject"])["id"], ana);
        assert_eq!(target(by_url, &response["source"])["id"], ana);
        assert_eq!(response["author"]["display"], "casey");
        assert_eq!(target(by_url, &response["author"])["name"][0]["text"], "casey");
        assert_eq!(response["authored"], "2026-11-20T15:00:00Z");
        assert_eq!(
            response["extension"][0],
            serde_json::json!({ "url": "urn:caseload:fhir:extension:screening-mode", "valueCode": "phone" })
        );
    }
    let response = |panel: &str| {
        let canonical = format!("http://loinc.org/q/{panel}");
        *responses.iter().find(|r| questionnaire(r) == canonical).expect("response")
    };
    let phq9 = response("44249-1");
    let items = phq9["item"].as_array().expect("items");
    assert_eq!(items.len(), 9);
    assert_eq!(items[0]["linkId"], "/44250-9");
    assert_eq!(items[0]["text"], "Little interest or pleasure in doing things");
    assert_eq!(
        items[0]["answer"][0]["valueCoding"],
        serde_json::json!({ "system": "http://loinc.org", "code": "LA6570-1", "display": "More than half the days" })
    );
    assert_eq!(items[8]["linkId"], "/44260-8");
    assert_eq!(items[8]["answer"][0]["valueCoding"]["code"], "LA6569-3");
    assert_eq!(items[7]["answer"][0]["valueCoding"]["code"], "LA6568-5");
    // STEADI's items are linked by number and answered as integers; so is the
    // HRSN housing-problems item, which LOINC codes as check-all-that-apply.
    let steadi = response("97874-2");
    assert_eq!(steadi["item"].as_array().map(Vec::len), Some(12));
    assert_eq!(steadi["item"][0]["linkId"], "1");
    assert_eq!(steadi["item"][0]["answer"][0], serde_json::json!({ "valueInteger": 1 }));
    let hrsn = response("96777-8");
    assert_eq!(hrsn["item"][1]["linkId"], "/96778-6");
    assert_eq!(hrsn["item"][1]["answer"][0], serde_json::json!({ "valueInteger": 1 }));
    assert_eq!(hrsn["item"][2]["answer"][0]["valueCoding"]["code"], "LA6729-3");
    assert_eq!(response("72109-2")["item"][0]["answer"][0]["valueCoding"]["code"], "LA18926-8");

    let observations = of_type(json, "Observation");
    assert_eq!(observations.len(), 6);
    let code = |o: &Value| o["code"]["coding"][0]["code"].as_str().expect("code").to_string();
    let codes: BTreeSet<String> = observations.iter().map(|o| code(o)).collect();
    assert_eq!(codes, set(&["44261-6", "55758-7", "70274-6", "75626-2", "hrsn", "steadi"]));
    for observation in &observations {
        assert_eq!(observation["status"], "final");
        assert_eq!(observation["category"][0]["coding"][0]["code"], "survey");
        assert_eq!(target(by_url, &observation["subject"])["id"], ana);
        assert_eq!(observation["effectiveDateTime"], "2026-11-20T15:00:00Z");
        assert_eq!(target(by_url, &observation["derivedFrom"][0])["resourceType"], "QuestionnaireResponse");
    }
    let observation = |c: &str| *observations.iter().find(|o| code(o) == c).expect("observation");
    let phq9_score = observation("44261-6");
    assert_eq!(phq9_score["code"]["coding"][0]["system"], "http://loinc.org");
    assert_eq!(phq9_score["valueInteger"], 10);
    assert_eq!(phq9_score["interpretation"][0]["coding"][0]["code"], "moderate");
    assert_eq!(phq9_score["component"][0]["code"]["coding"][0]["code"], "item9");
    assert_eq!(phq9_score["component"][0]["valueBoolean"], true);
    assert_eq!(phq9_score["performer"][0]["display"], "casey");
    assert!(std::ptr::eq(target(by_url, &phq9_score["derivedFrom"][0]), phq9), "the PHQ-9's own answers");
    let steadi_score = observation("steadi");
    assert_eq!(steadi_score["code"]["coding"][0]["system"], "urn:caseload:screening-score");
    assert_eq!(
        (steadi_score["valueInteger"].clone(), steadi_score["interpretation"][0]["text"].clone()),
        (4.into(), "at risk".into())
    );
    let hrsn_score = observation("hrsn");
    assert_eq!(hrsn_score["valueInteger"], 2);
    let needs: Vec<&Value> =
        hrsn_score["component"].as_array().expect("needs").iter().map(|c| &c["code"]["coding"][0]["code"]).collect();
    assert_eq!(needs, ["housing", "food"]);
    assert_eq!(hrsn_score["interpretation"][0]["coding"][1]["code"], "POS");
    let phq2_score = observation("55758-7");
    assert_eq!(phq2_score["valueInteger"], 2);
    assert_eq!(phq2_score["interpretation"][0]["coding"][1]["code"], "NEG");
    assert!(phq2_score.get("component").is_none());
}

#[test]
fn client_limits_the_bundle_and_all_coordinators_widens_it() {
    let env = Env::new();
    let ids = caseload(&env);

    let (_, json) = export(&env, &["--client", "MRN-1002"]);
    let by_url = resolve(&json);
    let patients = of_type(&json, "Patient");
    assert_eq!(patients.len(), 1);
    assert_eq!(patients[0]["id"], format!("patient-{}", ids.ben));
    // Everything but the people who work on it is the client's.
    for resource in by_url.values().filter(|r| r["resourceType"] != "Patient" && r["resourceType"] != "Practitioner") {
        let subject = ["subject", "for", "patient"].iter().find_map(|f| resource.get(*f)).expect("subject");
        assert_eq!(by_url[subject["reference"].as_str().expect("reference")]["id"], patients[0]["id"]);
    }

    // A discharged client is exported when asked for by name, marked inactive.
    let (_, json) = export(&env, &["--client", &ids.gone]);
    resolve(&json);
    assert_eq!(of_type(&json, "Patient")[0]["active"], false);
    assert_eq!(of_type(&json, "CareTeam")[0]["status"], "inactive");

    let (_, json) = export(&env, &["--all-coordinators"]);
    resolve(&json);
    let mrns: BTreeSet<String> =
        of_type(&json, "Patient").iter().map(|p| p["identifier"][0]["value"].as_str().expect("mrn").into()).collect();
    assert_eq!(mrns, set(&["MRN-1001", "MRN-1002", "MRN-2001"]));

    let ben: i64 = ids.ben.parse().expect("id");
    let gone: i64 = ids.gone.parse().expect("id");
    assert_eq!(export_audits(&env), [Value::from(ben), Value::from(gone), Value::Null]);
}

#[test]
fn an_unknown_client_is_refused_without_an_audit_row() {
    let env = Env::new();
    env.add_client("Ana", "Reyes", caseload::domain::client::Risk::Low);
    let stderr = env.refused_unchanged(&["export", "fhir", "--client", "MRN-9999"], "MRN-9999");
    assert_eq!(stderr.lines().count(), 2, "{stderr}");
    assert!(export_audits(&env).is_empty());
}

#[test]
fn output_writes_a_private_file_and_never_overwrites() {
    let env = Env::new();
    env.add_client("Ana", "Reyes", caseload::domain::client::Risk::Low);
    let path = env.dir.path().join("bundle.json");
    let path_text = path.to_str().expect("utf-8 path");
    assert_eq!(env.ok(&["export", "fhir", "--output", path_text]), "");
    let mode = std::fs::metadata(&path).expect("written").permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let text = std::fs::read_to_string(&path).expect("reads");
    let json: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(entries(&json).len(), 4, "a Patient, its CareTeam, its general EpisodeOfCare and its coordinator");
    for entry in entries(&json) {
        let _: Resource = fhirbolt::json::from_str(&entry["resource"].to_string(), None).expect("FHIR R4");
    }

    let (code, stderr) = env.fails(&["export", "fhir", "--output", path_text]);
    assert_eq!(code, 1);
    assert!(stderr.starts_with("error: ") && stderr.contains("hint: "), "{stderr}");
    assert_eq!(std::fs::read_to_string(&path).expect("reads"), text, "the first export is kept");
    assert_eq!(export_audits(&env).len(), 1, "only the export that was written is audited");
}

#[test]
fn an_empty_caseload_is_an_empty_collection() {
    let env = Env::new();
    env.store(); // an empty database: a read command never creates one
    let (resources, json) = export(&env, &[]);
    assert!(resources.is_empty());
    assert_eq!(json["type"], "collection");
}

/// The demo caseload (200 clients; set CASELOAD_FHIR_DEMO_CLIENTS=10000 with a
/// release build to check the reference data of the specification).
#[test]
fn the_demo_caseload_exports_as_valid_r4() {
    let env = Env::new();
    let clients = std::env::var("CASELOAD_FHIR_DEMO_CLIENTS").unwrap_or_else(|_| "200".into());
    env.ok(&["demo", "--clients", &clients, "--seed", "7"]);
    let (resources, json) = export(&env, &["--all-coordinators"]);
    resolve(&json);
    assert!(resources.len() > 100, "{} resources", resources.len());
    let responses = of_type(&json, "QuestionnaireResponse").len();
    assert!(responses > 0, "the demo's screenings export");
    assert_eq!(of_type(&json, "Observation").len(), responses, "one score per screening");
}

/// Every resource's identifier in caseload's system for its kind: the
/// database's identity and the record's id (a Practitioner: the name).
fn identifier(resource: &Value) -> (String, String) {
    let kind = resource["resourceType"].as_str().expect("type");
    let ours = match &resource["identifier"] {
        Value::Array(list) => list
            .iter()
            .find(|i| i["system"].as_str().is_some_and(|s| !s.ends_with(":mrn") && !s.ends_with(":member-id"))),
        one => Some(one),
    };
    let ours = ours.unwrap_or_else(|| panic!("no identifier of ours on {kind}: {resource}"));
    (ours["system"].as_str().expect("system").to_string(), ours["value"].as_str().expect("value").to_string())
}

#[test]
fn a_transaction_bundle_updates_by_identifier_and_keeps_its_full_urls() {
    let env = Env::new();
    caseload(&env);
    let (_, transaction) = export(&env, &["--bundle", "transaction"]);
    let by_url = resolve(&transaction);
    let (_, collection) = export(&env, &[]);
    resolve(&collection);
    let (_, again) = export(&env, &["--bundle", "transaction"]);
    assert_eq!(again["entry"], transaction["entry"], "the same export, the same entries");

    // One database identity, a UUID, in every identifier.
    let (_, value) = identifier(of_type(&transaction, "Patient")[0]);
    let database = value.split('/').next().expect("database").to_string();
    assert_eq!(database.len(), 36, "{database}");
    let mut seen = BTreeSet::new();
    for (entry, collected) in entries(&transaction).iter().zip(entries(&collection)) {
        let resource = &entry["resource"];
        let kind = resource["resourceType"].as_str().expect("type");
        assert!(resource.get("id").is_none(), "a server names what it creates: {resource}");
        assert_eq!(entry["fullUrl"], collected["fullUrl"], "a record's fullUrl does not depend on the bundle type");
        let (system, value) = identifier(resource);
        assert_eq!(identifier(&collected["resource"]), (system.clone(), value.clone()));
        assert!(system.starts_with("urn:caseload:") && !system.contains(char::is_uppercase), "{system}");
        let (db, key) = value.split_once('/').expect("database/key");
        assert_eq!(db, database);
        if kind != "Practitioner" {
            let id = collected["resource"]["id"].as_str().expect("id");
            assert_eq!(id, format!("{}-{key}", kind.to_lowercase()), "the row id");
        }
        assert!(seen.insert((kind.to_string(), system.clone(), value.clone())), "{kind} {system}|{value} twice");
        // A conditional update on that identifier, percent-encoded.
        assert_eq!(entry["request"]["method"], "PUT");
        let url = entry["request"]["url"].as_str().expect("url");
        let encoded =
            format!("{system}|{value}").replace(':', "%3A").replace('|', "%7C").replace('/', "%2F").replace(' ', "%20");
        assert_eq!(url, format!("{kind}?identifier={encoded}"));
    }
    let kinds: BTreeSet<&str> = seen.iter().map(|(_, system, _)| system.as_str()).collect();
    assert!(
        kinds.contains("urn:caseload:care-team") && kinds.contains("urn:caseload:medication-statement"),
        "{kinds:?}"
    );
    let patient = of_type(&transaction, "Patient").into_iter().find(|p| p["identifier"][0]["value"] == "MRN-1001");
    assert_eq!(patient.expect("Ana")["identifier"][0]["system"], "urn:caseload:mrn", "the MRN stays first");
    assert!(by_url.len() > 50);

    // Another database names its records apart, though their ids are the same.
    let other = Env::new();
    caseload(&other);
    let (_, elsewhere) = export(&other, &["--bundle", "transaction"]);
    assert_ne!(entries(&elsewhere)[0]["fullUrl"], entries(&transaction)[0]["fullUrl"]);
    assert_ne!(identifier(&entries(&elsewhere)[0]["resource"]), identifier(&entries(&transaction)[0]["resource"]));
}
