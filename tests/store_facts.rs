//! The alert facts as the store reads them: this month's minutes from the
//! per-month table (migration 6) match the notes' own local months in any
//! zone, also for notes loaded in bulk; and a screen can ask which clients
//! changed since it last looked and read just their facts.

mod common;

use std::collections::BTreeSet;

use caseload::domain::alerts::{AlertRules, Facts};
use caseload::domain::client::Risk;
use caseload::domain::followup::Followup;
use caseload::domain::note::{ContactType, Direction, Note, Outcome};
use caseload::domain::program::{Enrollment, Program};
use caseload::domain::time::{Now, Zone};
use caseload::store::AuditAction;
use caseload::store::audit::Changes;
use caseload::store::facts::Scope;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use common::Env;

fn note(client_id: i64, contact_at: DateTime<Utc>, minutes: u32) -> Note {
    Note {
        id: 0,
        client_id,
        author: String::new(),
        contact_at,
        contact_type: ContactType::Phone,
        direction: Direction::Outbound,
        outcome: Outcome::Reached,
        minutes,
        body: "Synthetic note.".into(),
        program: None,
        addendum_of: None,
        created_at: contact_at,
    }
}

/// A client enrolled in CCM, whose notes' minutes are CCM's.
fn ccm_client(env: &Env, given: &str, family: &str, risk: Risk) -> i64 {
    let id = env.add_client(given, family, risk);
    let started = NaiveDate::from_ymd_opt(2026, 10, 1).expect("date");
    env.store().enroll(Enrollment::new(id, Program::Ccm, started), common::today()).expect("enrolled");
    id
}

fn local(zone: Zone, date: (i32, u32, u32), hour: u32, minute: u32) -> DateTime<Utc> {
    let day = NaiveDate::from_ymd_opt(date.0, date.1, date.2).expect("date");
    zone.local_to_utc("test", day.and_hms_opt(hour, minute, 0).expect("time")).expect("a time that exists")
}

fn utc(date: (i32, u32, u32), hour: u32) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(date.0, date.1, date.2).expect("date").and_hms_opt(hour, 0, 0).expect("time").and_utc()
}

fn minutes_this_month(env: &Env, client_id: i64, now: Now) -> u32 {
    let scope = Scope { coordinator: None, client_id: Some(client_id) };
    let facts = env.store().alert_facts(&scope, now, &AlertRules::default()).expect("facts");
    assert_eq!(facts.clients.len(), 1, "the client");
    minutes_of(&facts, client_id)
}

/// The client's minutes this month, every program's.
fn minutes_of(facts: &Facts, client_id: i64) -> u32 {
    facts.minutes.iter().filter(|((client, _), _)| *client == client_id).map(|(_, minutes)| minutes).sum()
}

#[test]
fn this_months_minutes_are_the_local_months_in_every_zone() {
    for name in ["America/Chicago", "Asia/Tokyo", "Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC"] {
        let zone = Zone::named(name).expect("zone");
        let env = Env::new();
        let ada = ccm_client(&env, "Ada", "Quill", Risk::High);
        let mut store = env.store();
        store.set_now(utc((2026, 12, 3), 0));
        // Either side of both local midnights and both UTC midnights of November.
        let times = [
            local(zone, (2026, 10, 31), 23, 59),
            local(zone, (2026, 11, 1), 0, 0),
            local(zone, (2026, 11, 15), 12, 0),
            local(zone, (2026, 11, 30), 23, 59),
            local(zone, (2026, 12, 1), 0, 0),
            utc((2026, 10, 31), 23),
            utc((2026, 11, 1), 0),
            utc((2026, 11, 30), 23),
            utc((2026, 12, 1), 0),
        ];
        let mut expected = 0;
        for (i, at) in times.into_iter().enumerate() {
            let minutes = 1 << i;
            store.add_note(note(ada, at, minutes)).expect("note");
            if zone.local_date(at).month() == 11 {
                expected += minutes;
            }
        }
        for day in [1, 23, 30] {
            let now = Now::new(local(zone, (2026, 11, day), 12, 0), zone);
            assert_eq!(minutes_this_month(&env, ada, now), expected, "{name}, November {day}");
        }
    }
}

#[test]
fn the_demos_bulk_loaded_notes_are_counted_per_month() {
    let env = Env::new();
    env.ok(&["demo", "--clients", "30", "--seed", "7"]);
    let store = env.store();
    let conn = store.conn();
    let differences: i64 = conn
        .query_row(
            "SELECT count(*) FROM (
                SELECT substr(contact_at, 1, 7) AS month, client_id, coalesce(program, ''), sum(minutes) AS minutes
                FROM note GROUP BY 1, 2, 3
                EXCEPT SELECT month, client_id, program, minutes FROM note_minutes) AS differing",
            [],
            |row| row.get(0),
        )
        .expect("compare");
    let rows: i64 = conn.query_row("SELECT count(*) FROM note_minutes", [], |row| row.get(0)).expect("count");
    assert!(rows > 30, "{rows} months of minutes");
    assert_eq!(differences, 0);
}

#[test]
fn a_colleagues_note_names_only_its_client_and_a_view_names_none() {
    let env = Env::new();
    let (ada, ben, cy) = (
        env.add_client("Ada", "Quill", Risk::High),
        ccm_client(&env, "Ben", "Roe", Risk::Low),
        env.add_client("Cy", "Sato", Risk::Medium),
    );
    let mine = env.store();
    let seen = mine.last_change_id().expect("change id");
    let mut colleague = env.store();
    // Only looking, and an export, change nothing.
    colleague.audit(AuditAction::View, "client", Some(ada), "opened").expect("view");
    colleague.audit(AuditAction::Export, "client", Some(cy), "exported").expect("export");
    let quiet = mine.changes_since(seen).expect("changes");
    assert_eq!(quiet, Changes { last_change_id: seen, clients: Some(BTreeSet::new()) });

    colleague.add_note(note(ben, common::now(), 12)).expect("note");
    colleague.add_followup(Followup::new(cy, "Call back", common::today(), "casey", common::now())).expect("followup");
    let changes = mine.changes_since(seen).expect("changes");
    assert_eq!(changes.clients, Some(BTreeSet::from([ben, cy])));
    assert!(changes.last_change_id > seen);
    assert_eq!(mine.changes_since(changes.last_change_id).expect("none since").clients, Some(BTreeSet::new()));

    // The facts of just those clients, as the whole team's facts have them.
    let now = Now::new(common::now(), common::zone());
    let rules = AlertRules::default();
    let team = Scope::default();
    let all = mine.alert_facts(&team, now, &rules).expect("facts");
    let some = mine.alert_facts_of(&team, &[ben, cy], now, &rules).expect("facts");
    let ids: Vec<i64> = some.clients.iter().map(|c| c.id).collect();
    assert_eq!(ids, vec![ben, cy]);
    assert_eq!(some.clients, all.clients.iter().filter(|c| c.id != ada).cloned().collect::<Vec<_>>());
    assert_eq!(some.followups.len(), 1);
    assert_eq!(minutes_of(&some, ben), 12);
    // Narrowed to a caseload, a client now someone else's is not in it.
    let someone_else = Scope { coordinator: Some("robin".into()), client_id: None };
    assert!(mine.alert_facts_of(&someone_else, &[ben], now, &rules).expect("facts").clients.is_empty());
}

#[test]
fn a_change_about_no_one_client_asks_for_everything() {
    let env = Env::new();
    env.ok(&["demo", "--clients", "5", "--seed", "7"]);
    let changes = env.store().changes_since(0).expect("changes");
    assert_eq!(changes.clients, None);
    assert!(changes.last_change_id > 0);
}
