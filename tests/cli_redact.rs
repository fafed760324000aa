//! `--redact` (SPEC §6) through the real binary: every listing, show, report,
//! summary, agenda, search, alerts and audit output of a demo caseload leaves
//! out every client's names and identifiers; the identity export refuses it.

mod common;

use std::collections::BTreeSet;

use caseload::domain::client::Client;
use caseload::store::appointments::AppointmentFilter;
use caseload::store::clients::ClientFilter;
use common::Env;

/// What no redacted output may contain: names (as whole words) and identifiers.
struct Secrets {
    names: BTreeSet<String>,
    identifiers: BTreeSet<String>,
    /// Providers' names (`appt --with`): they are not the client's, though a
    /// clinician may share a given name with a client.
    providers: Vec<String>,
}

impl Secrets {
    fn of(clients: &[Client], providers: Vec<String>) -> Secrets {
        let mut names = BTreeSet::new();
        let mut identifiers = BTreeSet::new();
        for c in clients {
            names.insert(c.given_name.clone());
            names.insert(c.family_name.clone());
            names.extend(c.preferred_name.clone());
            identifiers
                .extend([&c.mrn, &c.phone, &c.alt_phone, &c.member_id, &c.address].into_iter().flatten().cloned());
            if let Some(dob) = c.dob {
                for format in ["%Y-%m-%d", "%Y%m%d", "%-d %B %Y", "%B %-d, %Y", "%m/%d/%Y"] {
                    identifiers.insert(dob.format(format).to_string());
                }
            }
        }
        Secrets { names, identifiers, providers }
    }

    /// The secrets found in one output, named for the failure message.
    fn found_in(&self, output: &str) -> Vec<String> {
        let mut text = output.to_string();
        for provider in &self.providers {
            text = text.replace(provider.as_str(), " ");
        }
        let words: BTreeSet<&str> = text.split(|c: char| !c.is_alphanumeric()).collect();
        let names = self.names.iter().filter(|name| words.contains(name.as_str())).cloned();
        names.chain(self.identifiers.iter().filter(|id| text.contains(id.as_str())).cloned()).collect()
    }
}

/// Runs `args` with --redact in each format and checks no secret shows.
fn check(env: &Env, secrets: &Secrets, args: &[&str], formats: &[&str]) {
    for format in formats {
        let mut all = vec!["--redact"];
        all.extend_from_slice(args);
        if !format.is_empty() {
            all.extend(["--format", format]);
        }
        let output = env.ok(&all);
        let found = secrets.found_in(&output);
        assert!(found.is_empty(), "caseload {all:?} shows {found:?}:\n{output}");
    }
}

const LISTING: &[&str] = &["table", "json", "csv"];

#[test]
fn redacted_outputs_show_no_names_or_identifiers() {
    let env = Env::new();
    env.ok(&["demo", "--clients", "60", "--seed", "7"]);
    let store = env.store();
    let clients = store.clients(&ClientFilter::default()).expect("clients");
    let providers: BTreeSet<String> = store
        .appointments(&AppointmentFilter::default())
        .expect("appointments")
        .into_iter()
        .filter_map(|a| a.record.with_whom)
        .collect();
    let secrets = Secrets::of(&clients, providers.into_iter().collect());
    // The check means something: without --redact the same outputs do show them.
    let plain = env.ok(&["client", "list", "--all"]);
    assert!(!secrets.found_in(&plain).is_empty(), "unredacted list shows names: {plain}");

    // Some of the user's clients, one with a preferred name and one with a
    // second phone, and somebody else's.
    let mut sample: Vec<&Client> = clients.iter().filter(|c| c.coordinator == common::USER).take(3).collect();
    sample.extend(clients.iter().find(|c| c.preferred_name.is_some()));
    sample.extend(clients.iter().find(|c| c.alt_phone.is_some()));
    sample.extend(clients.iter().find(|c| c.coordinator != common::USER));
    for client in sample {
        let id = client.id.to_string();
        let id = id.as_str();
        check(&env, &secrets, &["client", "show", id], LISTING);
        check(&env, &secrets, &["client", "summary", id], &["md"]);
        check(&env, &secrets, &["contact", "list", id], LISTING);
        check(&env, &secrets, &["note", "list", id], LISTING);
        check(&env, &secrets, &["encounter", "list", id], LISTING);
        check(&env, &secrets, &["program", "list", id], LISTING);
        check(&env, &secrets, &["assess", "list", id], LISTING);
        check(&env, &secrets, &["plan", "show", id], LISTING);
        check(&env, &secrets, &["alerts", "--client", id], LISTING);
        let notes = store.client_notes(client.id, Some(2)).expect("notes");
        for note in notes {
            check(&env, &secrets, &["note", "show", &note.id.to_string()], LISTING);
        }
        let appointments = store
            .appointments(&AppointmentFilter { client_id: Some(client.id), ..AppointmentFilter::default() })
            .expect("appointments");
        for appointment in appointments.iter().take(2) {
            check(&env, &secrets, &["appt", "show", &appointment.record.id.to_string()], LISTING);
        }
        for words in [&client.family_name, &client.given_name] {
            check(&env, &secrets, &["search", words, "--all-coordinators"], LISTING);
        }
        check(&env, &secrets, &["search", client.mrn.as_deref().expect("demo MRN"), "--all-coordinators"], LISTING);
    }
    check(&env, &secrets, &["search", "voicemail", "--all-coordinators"], LISTING);
    check(&env, &secrets, &["client", "list", "--all"], LISTING);
    check(&env, &secrets, &["client", "list"], LISTING);
    check(&env, &secrets, &["appt", "list", "--all-coordinators", "--from", "2025-01-01"], LISTING);
    check(&env, &secrets, &["followup", "list", "--all-coordinators", "--status", "all"], LISTING);
    check(&env, &secrets, &["referral", "list", "--all-coordinators"], LISTING);
    check(&env, &secrets, &["alerts", "--all-coordinators"], LISTING);
    check(&env, &secrets, &["alerts"], LISTING);
    check(&env, &secrets, &["agenda", "--days", "60", "--all-coordinators"], &["table", "json", "csv", "ics"]);
    check(&env, &secrets, &["audit", "--limit", "0"], LISTING);
    check(&env, &secrets, &["report", "monthly", "--month", "2026-11"], &["md", "csv", "json"]);
    check(&env, &secrets, &["report", "monthly", "--month", "2026-10", "--coordinator", "li.wei"], &["md"]);
    check(&env, &secrets, &["report", "billing", "--month", "2026-11", "--all-coordinators"], &["md", "csv", "json"]);
    check(&env, &secrets, &["program", "list", "--all-coordinators"], LISTING);
    // Without a subcommand and not on a terminal: the overview.
    check(&env, &secrets, &[], &[""]);
}

#[test]
fn the_identity_export_refuses_redact_and_writes_nothing() {
    let env = Env::new();
    env.ok(&["demo", "--clients", "5", "--seed", "7"]);
    let file = env.dir.path().join("bundle.json");
    let path = file.to_str().expect("utf-8 path");
    let stderr = env.refused_unchanged(&["--redact", "export", "fhir", "--output", path], "--redact");
    assert!(stderr.contains("identity"), "{stderr}");
    assert!(!file.exists(), "no file was written");
    let output = env.cmd().args(["--redact", "export", "fhir"]).output().expect("runs");
    assert!(output.stdout.is_empty(), "nothing on standard output");
    // A calendar cannot both carry full names and hide them.
    env.refused_unchanged(&["--redact", "agenda", "--format", "ics", "--full-names"], "--full-names");
}

#[test]
fn redacted_free_text_keeps_its_words_but_not_the_clients_names() {
    let env = Env::new();
    let id = env.add_client("Ada", "Quill", caseload::domain::client::Risk::High).to_string();
    env.ok(&["client", "edit", &id, "--preferred-name", "Addie", "--phone", "555-0199"]);
    let body = "Spoke with ADA Quill (Addie); call back on 555-0199 about the Quillfield pharmacy.";
    env.ok(&["note", "add", &id, "--body", body]);
    let added =
        env.json(&["--redact", "client", "add", "--given-name", "Ben", "--family-name", "Ortiz", "--mrn", "X9"]);
    assert_eq!(
        (&added["given_name"], &added["family_name"], &added["mrn"]),
        (&"B.".into(), &"O.".into(), &None::<String>.into())
    );
    let shown = env.ok(&["--redact", "note", "list", &id, "--format", "json"]);
    let notes: serde_json::Value = serde_json::from_str(&shown).expect("json");
    assert_eq!(
        notes[0]["body"], "Spoke with A. Q. (A.); call back on ••• about the Quillfield pharmacy.",
        "names become initials, identifiers are hidden, other words stay"
    );
}
