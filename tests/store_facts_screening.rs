//! The screening facts as the store reads them (SPEC §3's safety_risk,
//! screening_due and sdoh_followup): each client's latest AHC HRSN and
//! PHQ-9 (with its score) from the index, those of the rules' windows
//! whole, no older one; the social-need referrals of clients with an HRSN in
//! sdoh_followup's window; and the same for one client read alone (the
//! incremental reload) as for the whole team.

mod common;

use caseload::domain::alerts::{AlertRules, Facts};
use caseload::domain::client::Risk;
use caseload::domain::referral::{Referral, ReferralKind, ReferralStatus};
use caseload::domain::screening::{Instrument, Mode, Screening};
use caseload::domain::time::Now;
use caseload::store::Store;
use caseload::store::facts::Scope;
use chrono::Duration;
use common::Env;

fn assess(store: &mut Store, client_id: i64, instrument: Instrument, answers: &[u8], days_ago: i64) -> i64 {
    let taken_at = common::now() - Duration::days(days_ago);
    let screening = Screening { client_id, instrument, answers: answers.to_vec(), taken_at, mode: Mode::Phone };
    store.add_assessment(screening).expect("recorded").id
}

fn refer(store: &mut Store, client_id: i64, kind: ReferralKind) -> i64 {
    let referral = Referral {
        id: 0,
        client_id,
        to: "Eastside Services".into(),
        resource_id: None,
        kind,
        reason: "Screening positive".into(),
        status: ReferralStatus::Draft,
        sent_on: None,
        status_changed_on: common::today(),
        outcome: None,
        created_by: String::new(),
        created_at: common::now(),
    };
    store.add_referral(referral, common::today()).expect("referral")
}

/// A client's (latest screenings with their scores, whole screenings, need referrals) in the facts.
type Read = (Vec<(i64, u32)>, Vec<i64>, Vec<i64>);

fn ids_of(facts: &Facts, client_id: i64) -> Read {
    let mut latest: Vec<(i64, u32)> =
        facts.latest_screenings.iter().filter(|s| s.client_id == client_id).map(|s| (s.id, s.score)).collect();
    let mut assessments: Vec<i64> =
        facts.assessments.iter().filter(|a| a.client_id == client_id).map(|a| a.id).collect();
    let mut referrals: Vec<i64> =
        facts.need_referrals.iter().filter(|r| r.client_id == client_id).map(|r| r.id).collect();
    latest.sort_unstable();
    assessments.sort_unstable();
    referrals.sort_unstable();
    (latest, assessments, referrals)
}

const PHQ9_12: [u8; 9] = [2, 2, 2, 2, 1, 1, 1, 1, 0];
const PHQ9_ITEM9: [u8; 9] = [1, 1, 1, 1, 1, 1, 0, 0, 2];
const PHQ9_3: [u8; 9] = [1, 1, 1, 0, 0, 0, 0, 0, 0];
const HRSN_FOOD: [u8; 10] = [0, 0, 1, 0, 0, 0, 1, 1, 1, 1];

#[test]
fn the_facts_hold_the_latest_screenings_and_those_of_the_windows_only() {
    let env = Env::new();
    let (ada, ben) = (env.add_client("Ada", "Quill", Risk::High), env.add_client("Ben", "Roe", Risk::Low));
    let mut store = env.store();
    assess(&mut store, ada, Instrument::Phq9, &PHQ9_12, 200);
    assess(&mut store, ada, Instrument::Phq9, &PHQ9_3, 100);
    let phq9_14 = assess(&mut store, ada, Instrument::Phq9, &PHQ9_ITEM9, 14); // the window's first day
    assess(&mut store, ada, Instrument::Phq9, &PHQ9_ITEM9, 15);
    let phq9_latest = assess(&mut store, ada, Instrument::Phq9, &PHQ9_3, 3);
    assess(&mut store, ada, Instrument::Gad7, &[3, 3, 3, 3, 3, 3, 3], 1); // no rule reads a GAD-7
    assess(&mut store, ada, Instrument::Hrsn, &HRSN_FOOD, 400);
    assess(&mut store, ada, Instrument::Hrsn, &HRSN_FOOD, 61);
    let hrsn_60 = assess(&mut store, ada, Instrument::Hrsn, &HRSN_FOOD, 60);
    let hrsn_latest = assess(&mut store, ada, Instrument::Hrsn, &HRSN_FOOD, 30);
    let ada_food = refer(&mut store, ada, ReferralKind::Food);
    refer(&mut store, ada, ReferralKind::Medical);
    // Ben's only HRSN is old: it is his latest, and no referral of his is read.
    let ben_hrsn = assess(&mut store, ben, Instrument::Hrsn, &HRSN_FOOD, 400);
    refer(&mut store, ben, ReferralKind::Food);
    // Ben's latest PHQ-9, outside every window, is read for its reminder
    // (12), as Cy's is (3), but not the high one before it nor either whole.
    let ben_phq9 = assess(&mut store, ben, Instrument::Phq9, &PHQ9_12, 50);
    let cy = env.add_client("Cy", "Sato", Risk::Medium);
    assess(&mut store, cy, Instrument::Phq9, &PHQ9_12, 100);
    let cy_phq9 = assess(&mut store, cy, Instrument::Phq9, &PHQ9_3, 40);

    let now = Now::new(common::now(), common::zone());
    let rules = AlertRules::default();
    let team = store.alert_facts(&Scope::default(), now, &rules).expect("facts");
    let ada_expected: Read =
        (vec![(phq9_latest, 3), (hrsn_latest, 1)], vec![phq9_14, phq9_latest, hrsn_60, hrsn_latest], vec![ada_food]);
    assert_eq!(ids_of(&team, ada), ada_expected);
    let ben_expected: Read = (vec![(ben_hrsn, 1), (ben_phq9, 12)], vec![], vec![]);
    assert_eq!(ids_of(&team, ben), ben_expected);
    assert_eq!(ids_of(&team, cy), (vec![(cy_phq9, 3)], vec![], vec![]));
    // One client read alone, as after a colleague's change: the same facts.
    let alone = store.alert_facts_of(&Scope::default(), &[ada], now, &rules).expect("facts");
    assert_eq!(ids_of(&alone, ada), ada_expected);
    assert_eq!(ids_of(&alone, ben), (vec![], vec![], vec![]));
    let mine = Scope { coordinator: Some(common::USER.into()), client_id: None };
    assert_eq!(ids_of(&store.alert_facts(&mine, now, &rules).expect("facts"), ben), ben_expected);
}
