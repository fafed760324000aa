//! Screenings in the store: scored with the client's stored gender, audited,
//! listed oldest first, the latest PHQ-9 and HRSN of every client in one
//! read, refusals that write nothing, and unreadable rows left out.

mod common;

use caseload::domain::client::{Gender, Risk};
use caseload::domain::screening::{Band, Instrument, Mode, Screening};
use chrono::Duration;
use common::Env;

fn screening(client_id: i64, instrument: Instrument, answers: &[u8], days_ago: i64) -> Screening {
    Screening {
        client_id,
        instrument,
        answers: answers.to_vec(),
        taken_at: common::now() - Duration::days(days_ago),
        mode: Mode::Phone,
    }
}

#[test]
fn a_screening_is_scored_with_the_clients_gender_and_audited() {
    let env = Env::new();
    let id = env.add_client("Ada", "Quill", Risk::High);
    let mut store = env.store();
    let mut client = store.client(id).expect("client");
    client.gender = Gender::Female;
    store.update_client(client, caseload::domain::time::Now::new(common::now(), common::zone())).expect("gender");
    let recorded = store.add_assessment(screening(id, Instrument::Auditc, &[1, 1, 1], 2)).expect("recorded");
    assert_eq!((recorded.score, recorded.band), (3, Band::Positive), "3 is positive for a woman");
    assert_eq!(recorded.administered_by, common::USER);
    assert_eq!(store.assessment(recorded.id).expect("stored"), recorded);
    let audited: i64 = env
        .store()
        .conn()
        .query_row(
            "SELECT count(*) FROM audit WHERE action = 'create' AND entity = 'assessment' AND entity_id = ?1",
            [recorded.id],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(audited, 1);
    assert_eq!(store.client(id).expect("client").gender, Gender::Female);
}

#[test]
fn a_clients_history_is_oldest_first() {
    let env = Env::new();
    let ada = env.add_client("Ada", "Quill", Risk::High);
    let ben = env.add_client("Ben", "Stone", Risk::Low);
    let mut store = env.store();
    let phq9 = |total: u8| -> Vec<u8> {
        let mut answers = vec![0; 9];
        for (i, answer) in answers.iter_mut().enumerate().take(8) {
            *answer = total.saturating_sub(3 * i as u8).min(3);
        }
        answers
    };
    for (days_ago, total) in [(200, 18), (100, 11), (10, 7)] {
        store.add_assessment(screening(ada, Instrument::Phq9, &phq9(total), days_ago)).expect("phq9");
    }
    store.add_assessment(screening(ada, Instrument::Gad7, &[1; 7], 5)).expect("gad7");
    store.add_assessment(screening(ada, Instrument::Hrsn, &[0, 0, 1, 0, 0, 0, 1, 1, 1, 1], 300)).expect("old hrsn");
    store.add_assessment(screening(ada, Instrument::Hrsn, &[0, 1, 0, 0, 1, 0, 1, 1, 1, 1], 30)).expect("hrsn");
    store.add_assessment(screening(ben, Instrument::Phq9, &[0, 0, 0, 0, 0, 0, 0, 0, 1], 3)).expect("ben");
    let history: Vec<(Instrument, u32)> =
        store.assessments(ada).expect("history").iter().map(|a| (a.instrument, a.score)).collect();
    assert_eq!(
        history,
        [
            (Instrument::Hrsn, 1),
            (Instrument::Phq9, 18),
            (Instrument::Phq9, 11),
            (Instrument::Hrsn, 2),
            (Instrument::Phq9, 7),
            (Instrument::Gad7, 7),
        ]
    );
}

#[test]
fn refused_answers_or_a_future_time_write_nothing() {
    let env = Env::new();
    let id = env.add_client("Ada", "Quill", Risk::High);
    let before = env.snapshot();
    let mut store = env.store();
    let error = store.add_assessment(screening(id, Instrument::Phq9, &[0, 0, 0, 0, 0, 0, 0, 0, 4], 1)).expect_err("4");
    assert!(error.to_string().contains("item 9 of the PHQ-9 allows 0 to 3"), "{error}");
    let tomorrow =
        Screening { taken_at: common::now() + Duration::days(1), ..screening(id, Instrument::Phq2, &[0, 0], 0) };
    assert!(store.add_assessment(tomorrow).is_err());
    assert!(store.add_assessment(screening(id + 100, Instrument::Phq2, &[0, 0], 0)).is_err(), "no such client");
    drop(store);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn an_unreadable_assessment_is_left_out_and_named() {
    let env = Env::new();
    let id = env.add_client("Ada", "Quill", Risk::High);
    let mut store = env.store();
    let kept = store.add_assessment(screening(id, Instrument::Phq2, &[1, 1], 2)).expect("kept");
    let bad = store.add_assessment(screening(id, Instrument::Phq2, &[3, 3], 1)).expect("to damage");
    env.damage_past_triggers(
        &["assessment_is_never_updated"],
        &format!("UPDATE assessment SET band = 'dreadful' WHERE id = {}", bad.id),
    );
    let listed: Vec<i64> = store.assessments(id).expect("listed").iter().map(|a| a.id).collect();
    assert_eq!(listed, [kept.id]);
    let noted = store.unreadable().take();
    assert_eq!(noted.len(), 1);
    assert_eq!((noted[0].table, noted[0].id, noted[0].column.as_str()), ("assessment", Some(bad.id), "band"));
}
