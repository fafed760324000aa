//! A reconciliation with its stops and its changed medications is one
//! transaction (issue #17 item 1): all of it, each audited, or nothing.

mod common;

use caseload::domain::client::Risk;
use caseload::domain::medication::{Medication, Reconciliation};
use common::Env;

fn medication(client_id: i64, name: &str, dose: &str) -> Medication {
    Medication {
        id: 0,
        client_id,
        name: name.into(),
        dose: Some(dose.into()),
        frequency: Some("daily".into()),
        prescriber: Some("Dr. Lee".into()),
        started_on: Some(common::today()),
        stopped_on: None,
        notes: None,
        created_by: common::USER.into(),
        created_at: common::now(),
    }
}

fn reconciliation(client_id: i64) -> Reconciliation {
    Reconciliation {
        id: 0,
        client_id,
        reconciled_on: common::today(),
        encounter_id: None,
        by: common::USER.into(),
        notes: Some("Went through the bag of bottles".into()),
        created_by: common::USER.into(),
        created_at: common::now(),
    }
}

/// Ada (client 1) takes medications 1 and 2; Ben (client 2) takes 3.
fn three_medications() -> Env {
    let env = Env::new();
    env.add_client("Ada", "Quill", Risk::High);
    env.add_client("Ben", "Ortiz", Risk::Medium);
    let mut store = env.store();
    for (client, name) in [(1, "Lisinopril"), (1, "Metformin"), (2, "Sertraline")] {
        store.add_medication(medication(client, name, "10 mg"), common::today()).expect("added");
    }
    env
}

#[test]
fn a_reconciliation_stops_and_adds_in_one_transaction() {
    let env = three_medications();
    let mut store = env.store();
    let id = store
        .reconcile(reconciliation(1), &[1, 2], &[medication(1, "Metformin", "500 mg")], common::today())
        .expect("reconciled");
    assert_eq!(store.reconciliations(1).expect("listed").iter().map(|r| r.id).collect::<Vec<_>>(), [id]);
    let listed: Vec<(String, Option<String>, bool)> = store
        .medications(1)
        .expect("listed")
        .into_iter()
        .map(|m| (m.name.clone(), m.dose.clone(), m.is_active()))
        .collect();
    assert_eq!(
        listed,
        [
            ("Metformin".into(), Some("500 mg".into()), true),
            ("Lisinopril".into(), Some("10 mg".into()), false),
            ("Metformin".into(), Some("10 mg".into()), false),
        ]
    );
}

#[test]
fn a_failure_part_way_writes_nothing() {
    let env = three_medications();
    let mut store = env.store();
    let before = env.snapshot();
    // Ben's medication listed after Ada's: refused once the reconciliation
    // and Ada's stop are already written in the transaction.
    let error = store
        .reconcile(reconciliation(1), &[1, 3], &[medication(1, "Lisinopril", "20 mg")], common::today())
        .expect_err("another client's medication");
    assert!(error.to_string().contains("not this client's"), "{error}");
    assert_eq!(env.snapshot(), before, "nothing written, not even an audit row");
    // A stop already made, and a new medication that is not the client's.
    store.stop_medication(2, common::today(), common::today()).expect("stopped");
    let before = env.snapshot();
    let error = store.reconcile(reconciliation(1), &[1, 2], &[], common::today()).expect_err("already stopped");
    assert!(error.to_string().contains("already stopped"), "{error}");
    let error = store
        .reconcile(reconciliation(1), &[1], &[medication(2, "Sertraline", "50 mg")], common::today())
        .expect_err("Ben's");
    assert!(error.to_string().contains("not this client's"), "{error}");
    assert_eq!(env.snapshot(), before);
    assert!(store.reconciliations(1).expect("listed").is_empty());
}
