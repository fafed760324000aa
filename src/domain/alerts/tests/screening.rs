//! safety_risk, screening_due and sdoh_followup (SPEC §3) at their edges:
//! the last day of each window and the first outside it, a contact or
//! referral on the screening's own day, one before it, and one of another kind.

use super::*;
use crate::domain::client::Gender;
use crate::domain::screening::{Flag, Mode, score};

/// A screening of client 1 taken at 10:00 UTC on `date`, scored by the domain.
fn screening(id: i64, instrument: Instrument, date: &str, answers: &[u8]) -> Assessment {
    let scored = score(instrument, answers, Gender::Unknown).expect("valid answers");
    Assessment {
        id,
        client_id: 1,
        instrument,
        taken_at: instant(date, 10),
        mode: Mode::Phone,
        answers: answers.to_vec(),
        score: scored.score,
        band: scored.band,
        positives: scored.positives,
        administered_by: "casey".into(),
        created_by: "casey".into(),
        created_at: instant(date, 10),
    }
}

/// A PHQ-9 scoring 6 with item 9 answered `item9` (so under 10 unless item 9 adds to it).
fn phq9(id: i64, date: &str, item9: u8) -> Assessment {
    screening(id, Instrument::Phq9, date, &[1, 1, 1, 1, 1, 1, 0, 0, item9])
}

/// A PHQ-9 scoring `total` (at most 24) with item 9 at 0.
fn phq9_scoring(id: i64, date: &str, total: u8) -> Assessment {
    let answers: Vec<u8> =
        (0..9).map(|item| if item == 8 { 0 } else { (total / 8 + u8::from(item < total % 8)).min(3) }).collect();
    let assessment = screening(id, Instrument::Phq9, date, &answers);
    assert_eq!(assessment.score, u32::from(total), "the test's answers add up");
    assessment
}

/// An AHC HRSN positive in food (item 3) and housing (item 1) as asked, nothing else.
fn hrsn(id: i64, date: &str, housing: bool, food: bool) -> Assessment {
    screening(id, Instrument::Hrsn, date, &[u8::from(housing), 0, u8::from(food), 0, 0, 0, 1, 1, 1, 1])
}

fn referral(id: i64, kind: ReferralKind, created: DateTime<Utc>) -> Referral {
    Referral {
        id,
        client_id: 1,
        to: "Eastside Pantry".into(),
        resource_id: None,
        kind,
        reason: "Screening positive".into(),
        status: ReferralStatus::Draft,
        sent_on: None,
        status_changed_on: created.date_naive(),
        outcome: None,
        created_by: "casey".into(),
        created_at: created,
    }
}

/// A client screened for social needs a month ago (so the HRSN reminder is quiet).
fn screened(client: ClientFacts) -> Facts {
    Facts { assessments: vec![hrsn(90, "2026-10-23", false, false)], ..facts(client) }
}

/// The client's alerts of one kind: (severity, due, subject, message).
fn of_kind(now: Now, facts: &Facts, kind: AlertKind) -> Vec<(Severity, NaiveDate, Option<i64>, String)> {
    alerts_at(now, facts, &AlertRules::default(), &[])
        .into_iter()
        .filter(|a| a.kind == kind)
        .map(|a| (a.severity, a.due, a.subject, a.message))
        .collect()
}

// --- safety_risk --------------------------------------------------------------

#[test]
fn safety_risk_is_critical_at_once_and_for_fourteen_days() {
    let mut client = client_facts(Risk::Low);
    client.last_contact_at = Some(instant("2026-11-08", 15));
    let mut facts = screened(client);
    facts.assessments.push(phq9(7, "2026-11-09", 2));
    let message = "PHQ-9 item 9 answered 2 on Nov 9 — no contact since".to_string();
    let fired = vec![(Severity::Critical, day("2026-11-09"), Some(7), message)];
    assert_eq!(of_kind(on("2026-11-09"), &facts, AlertKind::SafetyRisk), fired, "critical on its own day");
    assert_eq!(of_kind(on("2026-11-23"), &facts, AlertKind::SafetyRisk), fired, "14 days on: still inside");
    assert_eq!(of_kind(on("2026-11-24"), &facts, AlertKind::SafetyRisk), vec![], "15 days on: outside");
}

#[test]
fn safety_risk_ends_with_a_contact_the_same_day_but_not_the_day_before() {
    let mut client = client_facts(Risk::Low);
    client.last_contact_at = Some(instant("2026-11-19", 23));
    let mut facts = screened(client);
    facts.assessments.push(phq9(7, "2026-11-20", 1));
    assert_eq!(of_kind(on("2026-11-23"), &facts, AlertKind::SafetyRisk).len(), 1);
    // A contact earlier on the screening's day is dated on it: it counts.
    facts.clients[0].last_contact_at = Some(instant("2026-11-20", 8));
    assert_eq!(of_kind(on("2026-11-23"), &facts, AlertKind::SafetyRisk), vec![]);
}

#[test]
fn safety_risk_needs_item_nine_above_zero_whatever_the_total() {
    let mut client = client_facts(Risk::Low);
    client.last_contact_at = None;
    let mut facts = screened(client);
    facts.assessments.push(phq9_scoring(7, "2026-11-20", 22));
    assert_eq!(of_kind(on("2026-11-23"), &facts, AlertKind::SafetyRisk), vec![]);
    facts.assessments.push(phq9(8, "2026-11-21", 1)); // total 7, item 9 at 1
    let subjects: Vec<_> = of_kind(on("2026-11-23"), &facts, AlertKind::SafetyRisk).into_iter().map(|a| a.2).collect();
    assert_eq!(subjects, vec![Some(8)]);
}

// --- screening_due ------------------------------------------------------------

#[test]
fn a_phq9_of_ten_or_more_is_due_again_in_120_days_and_always_low() {
    let mut facts = screened(client_facts(Risk::High));
    facts.assessments.push(phq9_scoring(7, "2026-07-23", 10));
    let due =
        vec![(Severity::Low, day("2026-11-20"), Some(7), "PHQ-9 scored 10 on Jul 23: repeat it by Nov 20".to_string())];
    assert_eq!(of_kind(on("2026-07-23"), &facts, AlertKind::ScreeningDue), due, "listed from the day it is taken");
    assert_eq!(of_kind(on("2026-11-20"), &facts, AlertKind::ScreeningDue)[0].0, Severity::Low, "due today: low");
    assert_eq!(of_kind(on("2026-11-23"), &facts, AlertKind::ScreeningDue)[0].0, Severity::Low, "past due: low");
    facts.assessments[1] = phq9_scoring(7, "2026-07-23", 9);
    assert_eq!(of_kind(on("2026-11-23"), &facts, AlertKind::ScreeningDue), vec![], "9 is under the threshold");
}

#[test]
fn a_later_phq9_ends_the_reminder_and_a_later_high_one_starts_its_own() {
    let mut facts = screened(client_facts(Risk::Medium));
    facts.assessments.push(phq9_scoring(7, "2026-07-23", 15));
    facts.assessments.push(phq9_scoring(8, "2026-11-02", 4));
    assert_eq!(of_kind(on("2026-11-23"), &facts, AlertKind::ScreeningDue), vec![]);
    facts.assessments[2] = phq9_scoring(8, "2026-11-02", 12);
    let due: Vec<_> =
        of_kind(on("2026-11-23"), &facts, AlertKind::ScreeningDue).into_iter().map(|a| (a.1, a.2)).collect();
    assert_eq!(due, vec![(day("2027-03-02"), Some(8))]);
}

#[test]
fn an_hrsn_is_due_again_365_days_after_the_last() {
    let mut facts = facts(client_facts(Risk::Medium));
    facts.assessments.push(hrsn(90, "2025-11-23", false, false));
    assert_eq!(of_kind(on("2026-11-23"), &facts, AlertKind::ScreeningDue), vec![], "365 days back is inside");
    let message = "Social-needs screening last done Nov 23, 2025: due again".to_string();
    assert_eq!(
        of_kind(on("2026-11-24"), &facts, AlertKind::ScreeningDue),
        vec![(Severity::Low, day("2026-11-23"), Some(90), message)],
        "366 days back: due the day before, and low however late"
    );
}

#[test]
fn the_reminders_read_the_latest_screenings_as_the_store_summarises_them() {
    // What the store gives for screenings outside the windows: no answers, no row.
    let mut facts = facts(client_facts(Risk::Medium));
    facts.latest_screenings.push(LatestScreening::of(&hrsn(90, "2025-11-22", false, false)));
    facts.latest_screenings.push(LatestScreening::of(&phq9_scoring(7, "2026-07-23", 10)));
    let due: Vec<_> =
        of_kind(on("2026-11-23"), &facts, AlertKind::ScreeningDue).into_iter().map(|a| (a.1, a.2)).collect();
    assert_eq!(due, vec![(day("2026-11-20"), Some(7)), (day("2026-11-22"), Some(90))]);
    // A later screening among the whole ones is the latest, whichever list holds it.
    facts.assessments.push(phq9_scoring(8, "2026-11-20", 4));
    facts.assessments.push(hrsn(91, "2026-11-20", false, false));
    assert_eq!(of_kind(on("2026-11-23"), &facts, AlertKind::ScreeningDue), vec![]);
}

#[test]
fn a_client_never_screened_for_social_needs_is_due_thirty_days_after_enrolment() {
    let mut client = client_facts(Risk::Medium);
    client.enrolled_on = day("2026-11-10");
    let facts = facts(client);
    let due = vec![(Severity::Low, day("2026-12-10"), None, "No social-needs screening yet: due Dec 10".to_string())];
    assert_eq!(of_kind(on("2026-11-10"), &facts, AlertKind::ScreeningDue), due, "listed from enrolment");
    assert_eq!(of_kind(on("2026-12-11"), &facts, AlertKind::ScreeningDue)[0].0, Severity::Low);
}

// --- sdoh_followup ------------------------------------------------------------

#[test]
fn sdoh_followup_names_the_needs_and_lasts_sixty_days() {
    let mut facts = facts(client_facts(Risk::Medium));
    facts.assessments.push(hrsn(90, "2026-09-24", true, true));
    let message = "Housing and food needs from the Sep 24 social-needs screening have no referral".to_string();
    let alert = |severity| vec![(severity, day("2026-10-24"), Some(90), message.clone())];
    assert_eq!(of_kind(on("2026-10-23"), &facts, AlertKind::SdohFollowup), alert(Severity::Low), "due later: low");
    assert_eq!(of_kind(on("2026-10-24"), &facts, AlertKind::SdohFollowup), alert(Severity::Normal));
    assert_eq!(of_kind(on("2026-11-23"), &facts, AlertKind::SdohFollowup), alert(Severity::High), "60 days back");
    assert_eq!(of_kind(on("2026-11-24"), &facts, AlertKind::SdohFollowup), vec![], "61 days back: outside");
}

#[test]
fn a_referral_of_the_kind_from_the_screening_day_on_clears_its_need_only() {
    let mut facts = facts(client_facts(Risk::Medium));
    facts.assessments.push(hrsn(90, "2026-11-20", true, true));
    let needs = |facts: &Facts| {
        of_kind(on("2026-11-23"), facts, AlertKind::SdohFollowup).into_iter().map(|a| a.3).collect::<Vec<_>>()
    };
    // Another kind, and the kind but the day before the screening: neither answers it.
    facts.need_referrals.push(referral(1, ReferralKind::Transport, instant("2026-11-21", 12)));
    facts.need_referrals.push(referral(2, ReferralKind::Food, instant("2026-11-19", 12)));
    assert_eq!(needs(&facts), vec!["Housing and food needs from the Nov 20 social-needs screening have no referral"]);
    // A food referral the same day, earlier than the screening: the food need is answered.
    facts.need_referrals.push(referral(3, ReferralKind::Food, instant("2026-11-20", 8)));
    assert_eq!(needs(&facts), vec!["Housing need from the Nov 20 social-needs screening has no referral"]);
    facts.need_referrals.push(referral(4, ReferralKind::Housing, instant("2026-11-22", 12)));
    assert_eq!(needs(&facts), Vec::<String>::new());
}

#[test]
fn a_negative_hrsn_or_a_safety_need_alone_asks_for_no_referral() {
    let mut facts = facts(client_facts(Risk::Medium));
    facts.assessments.push(hrsn(90, "2026-11-20", false, false));
    facts.assessments.push(screening(91, Instrument::Hrsn, "2026-11-21", &[0, 0, 0, 0, 0, 0, 5, 1, 1, 1]));
    assert!(facts.assessments[1].has(Flag::Safety));
    assert_eq!(of_kind(on("2026-11-23"), &facts, AlertKind::SdohFollowup), vec![]);
}

#[test]
fn a_screening_reminder_is_snoozed_by_its_subject_or_by_none() {
    let mut client = client_facts(Risk::Medium);
    client.enrolled_on = day("2026-11-10");
    let mut facts = facts(client);
    facts.assessments.push(phq9_scoring(7, "2026-11-20", 12));
    let subjects = |facts: &Facts| {
        of_kind(on("2026-11-23"), facts, AlertKind::ScreeningDue).into_iter().map(|a| a.2).collect::<Vec<_>>()
    };
    assert_eq!(subjects(&facts), vec![None, Some(7)], "the HRSN never taken, then the PHQ-9's");
    let snooze = |subject| Snooze { client_id: 1, kind: AlertKind::ScreeningDue, subject, until: day("2026-12-01") };
    facts.snoozes.push(snooze(None));
    assert_eq!(subjects(&facts), vec![Some(7)]);
    facts.snoozes.push(snooze(Some(7)));
    assert_eq!(subjects(&facts), Vec::<Option<i64>>::new());
}
