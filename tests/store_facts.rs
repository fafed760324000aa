//! The alert facts as the store reads them: this month's minutes from the
//! per-month table (migration 6) match the notes' own local months in any
//! zone, also for notes loaded in bulk; and a screen can ask which clients
//! changed since it last looked and read just their facts.

mod common;

use caseload::domain::alerts::AlertRules;
use caseload::domain::client::Risk;
use caseload::domain::note::{ContactType, Direction, Note, Outcome};
use caseload::domain::time::{Now, Zone};
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
        addendum_of: None,
        created_at: contact_at,
    }
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
    facts.clients.first().map(|c| c.minutes_this_month).expect("the client")
}

#[test]
fn this_months_minutes_are_the_local_months_in_every_zone() {
    for name in ["America/Chicago", "Asia/Tokyo", "Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC"] {
        let zone = Zone::named(name).expect("zone");
        let env = Env::new();
        let ada = env.add_client("Ada", "Quill", Risk::High);
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
    let conn = rusqlite::Connection::open(&env.db).expect("open");
    let differences: i64 = conn
        .query_row(
            "SELECT count(*) FROM (
                SELECT substr(contact_at, 1, 7) AS month, client_id, sum(minutes) AS minutes FROM note GROUP BY 1, 2
                EXCEPT SELECT month, client_id, minutes FROM note_minutes)",
            [],
            |row| row.get(0),
        )
        .expect("compare");
    let rows: i64 = conn.query_row("SELECT count(*) FROM note_minutes", [], |row| row.get(0)).expect("count");
    assert!(rows > 30, "{rows} months of minutes");
    assert_eq!(differences, 0);
}
