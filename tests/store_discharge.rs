//! Closing what a discharge leaves open: one transaction, every record or
//! none, each change audited; and `client discharge --cancel-open` doing the
//! discharge and the closing as one change.

mod common;

use caseload::domain::appointment::AppointmentStatus;
use caseload::domain::client::{ClientStatus, Risk};
use caseload::domain::followup::FollowupStatus;
use caseload::domain::referral::ReferralStatus;
use caseload::domain::time::Now;
use caseload::store::AuditAction;
use caseload::store::audit::AuditFilter;
use common::Env;

fn now() -> Now {
    Now::new(common::now(), common::zone())
}

/// Ada (client 1) with a visit to come, a past one, a follow-up, a sent
/// referral; Ben (client 2) with a visit of his own.
fn two_clients() -> Env {
    let env = Env::new();
    env.add_client("Ada", "Quill", Risk::High);
    env.add_client("Ben", "Ortiz", Risk::Medium);
    env.ok(&["appt", "add", "1", "--at", "tomorrow 10:00", "--kind", "pcp", "--transport", "arranged"]);
    env.ok(&["appt", "add", "1", "--at", "-2d 10:00", "--kind", "lab"]);
    env.ok(&["followup", "add", "1", "--due", "+3d", "--title", "Call about the move"]);
    env.ok(&["referral", "add", "1", "--to", "Food bank", "--kind", "food", "--reason", "Food", "--status", "sent"]);
    env.ok(&["appt", "add", "2", "--at", "tomorrow 11:00", "--kind", "pcp"]);
    env
}

#[test]
fn an_error_part_way_leaves_every_record_as_it_was() {
    let env = two_clients();
    let mut store = env.store();
    let mut open = store.open_work(1, now()).expect("open work");
    assert_eq!((open.appointments.len(), open.followups.len(), open.referrals.len()), (1, 1, 1));
    // A referral that is not there, listed last: refused after Ada's visit,
    // follow-up and referral were already closed in the transaction.
    let bens = store.open_work(2, now()).expect("Ben's").appointments;
    open.referrals.extend(store.open_work(1, now()).expect("again").referrals);
    open.referrals[1].id = 99;
    let before = env.snapshot();
    let error = store.close_open_work(1, &open, now()).expect_err("no such referral");
    assert!(error.to_string().contains("referral"), "{error}");
    assert_eq!(env.snapshot(), before, "nothing written, not even an audit row");

    // Another client's visit slipped into Ada's list.
    let mut open = store.open_work(1, now()).expect("open work");
    open.appointments.extend(bens);
    let error = store.close_open_work(1, &open, now()).expect_err("another client's");
    assert!(error.to_string().contains("belongs to another client"), "{error}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn closing_cancels_each_open_record_once_and_audits_it() {
    let env = two_clients();
    let mut store = env.store();
    let open = store.open_work(1, now()).expect("open work");
    assert_eq!(store.close_open_work(1, &open, now()).expect("closed"), 3);
    assert_eq!(store.appointment(1).expect("visit").status, AppointmentStatus::Cancelled);
    assert_eq!(store.appointment(2).expect("past visit").status, AppointmentStatus::Scheduled, "not to come");
    assert_eq!(store.appointment(3).expect("Ben's").status, AppointmentStatus::Scheduled);
    assert_eq!(store.followup(1).expect("follow-up").status, FollowupStatus::Cancelled);
    assert_eq!(store.referral(1).expect("referral").status, ReferralStatus::Declined);
    let closed: Vec<(String, Option<i64>)> = store
        .audit_entries(&AuditFilter { client_id: Some(1), ..AuditFilter::default() })
        .expect("trail")
        .into_iter()
        .filter(|e| e.action == AuditAction::Update && e.detail == "closed at discharge")
        .map(|e| (e.entity, e.entity_id))
        .collect();
    assert_eq!(closed.len(), 3, "{closed:?}");
    // What a colleague closed meanwhile is left alone, not refused.
    assert_eq!(store.close_open_work(1, &open, now()).expect("nothing left"), 0);
}

#[test]
fn the_cli_discharges_and_cancels_in_one_change_or_says_what_stays_open() {
    let env = two_clients();
    let out = env.ok(&["client", "discharge", "2", "--reason", "Moved away"]);
    assert_eq!(out, "Discharged client 2 on 2026-11-23.\nStill open, left as they are: 1 appointment.\n");
    let out = env.ok(&["client", "discharge", "1", "--reason", "Moved away", "--cancel-open"]);
    assert_eq!(
        out,
        "Discharged client 1 on 2026-11-23.\nClosed what was still open: 1 appointment, 1 follow-up and 1 referral \
         (it cancels the appointment and the follow-up, and closes the referral as declined).\n\
         1 ride had been arranged for them: call them off with the providers.\n"
    );
    let store = env.store();
    assert_eq!(store.client(1).expect("Ada").status, ClientStatus::Discharged);
    assert_eq!(store.appointment(1).expect("visit").status, AppointmentStatus::Cancelled);
    assert_eq!(store.referral(1).expect("referral").status, ReferralStatus::Declined);
    // A refused discharge (already discharged) cancels nothing either.
    drop(store);
    env.refused_unchanged(&["client", "discharge", "2", "--reason", "Again", "--cancel-open"], "already discharged");
}
