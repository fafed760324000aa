//! Each client's latest contact is kept by the database as notes are written
//! (migration 4), and the alert facts read it: only reached notes by phone,
//! video, in person or text count, and an older note never moves it back.

mod common;

use caseload::domain::alerts::AlertRules;
use caseload::domain::client::Risk;
use caseload::domain::note::{ContactType, Direction, Note, Outcome};
use caseload::domain::time::Now;
use caseload::store::facts::Scope;
use chrono::{DateTime, Duration, Utc};
use common::Env;

fn note(client_id: i64, days_ago: i64, contact_type: ContactType, outcome: Outcome) -> Note {
    Note {
        id: 0,
        client_id,
        author: String::new(),
        contact_at: common::now() - Duration::days(days_ago),
        contact_type,
        direction: Direction::Outbound,
        outcome,
        minutes: 5,
        body: "Synthetic note.".into(),
        program: None,
        addendum_of: None,
        created_at: common::now(),
    }
}

fn last_contact(env: &Env, client_id: i64) -> Option<DateTime<Utc>> {
    let scope = Scope { coordinator: None, client_id: Some(client_id) };
    let facts = env
        .store()
        .alert_facts(&scope, Now::new(common::now(), common::zone()), &AlertRules::default())
        .expect("facts");
    facts.clients.first().and_then(|c| c.last_contact_at)
}

#[test]
fn the_latest_reached_direct_note_is_the_last_contact() {
    let env = Env::new();
    let ada = env.add_client("Ada", "Quill", Risk::High);
    let mut store = env.store();
    assert_eq!(last_contact(&env, ada), None);

    store.add_note(note(ada, 10, ContactType::Phone, Outcome::Reached)).expect("note");
    assert_eq!(last_contact(&env, ada), Some(common::now() - Duration::days(10)));

    // Not contacts: a voicemail, and an email even when it was answered.
    store.add_note(note(ada, 2, ContactType::Phone, Outcome::Voicemail)).expect("note");
    store.add_note(note(ada, 1, ContactType::Email, Outcome::Reached)).expect("note");
    assert_eq!(last_contact(&env, ada), Some(common::now() - Duration::days(10)));

    // A later visit moves it; a note about an older call, written today, does not.
    store.add_note(note(ada, 3, ContactType::InPerson, Outcome::Reached)).expect("note");
    store.add_note(note(ada, 30, ContactType::Video, Outcome::Reached)).expect("note");
    assert_eq!(last_contact(&env, ada), Some(common::now() - Duration::days(3)));
}
