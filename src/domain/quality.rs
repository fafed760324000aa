//! The quality measures of SPEC §10, counted over the events dated in a
//! period: each event opens a window, and evidence dated inside it meets the
//! measure. Pure: "today", the zone and the holidays are parameters.
//!
//! Where SPEC §10 and HEDIS differ, this follows the SPEC: FUH counts
//! telehealth, pcp, specialist and home visits besides therapy (HEDIS asks
//! for a mental-health practitioner), FUM/FUA count the same kinds, and no
//! event is excluded for a readmission or a member's age; sdoh_referral is
//! one event per positive screening, met when each of its needs (housing,
//! food, transport, utilities) has a referral of that kind.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::appointment::{Appointment, AppointmentKind, AppointmentStatus};
use super::client::{Client, Risk};
use super::dates::{add_business_days, first_day_of_month};
use super::encounter::{Encounter, EncounterKind, EncounterReason};
use super::medication::Reconciliation;
use super::note::Note;
use super::referral::{Referral, ReferralKind};
use super::screening::{Assessment, Instrument, SOCIAL_NEEDS};
use super::time::Zone;
use super::word_enum;

word_enum!(
    Measure, "measure" {
        TcmContact => "tcm_contact" ("TCM contact within 2 business days"),
        TcmVisit => "tcm_visit" ("TCM visit within 14 days (7 for high risk)"),
        MedReconciliation => "med_reconciliation" ("medications reconciled within 30 days of discharge"),
        Fuh7 => "fuh_7" ("follow-up within 7 days of a psychiatric stay"),
        Fuh30 => "fuh_30" ("follow-up within 30 days of a psychiatric stay"),
        Fum7 => "fum_7" ("follow-up within 7 days of an ED visit for mental illness"),
        Fum30 => "fum_30" ("follow-up within 30 days of an ED visit for mental illness"),
        Fua7 => "fua_7" ("follow-up within 7 days of an ED visit for substance use"),
        Fua30 => "fua_30" ("follow-up within 30 days of an ED visit for substance use"),
        SdohReferral => "sdoh_referral" ("social need referred within 30 days"),
        Phq9Followup => "phq9_followup" ("PHQ-9 repeated 120–240 days after a score of 10+"),
        ReferralLoop => "referral_loop" ("referral loop closed within 30 days"),
    }
);

/// The days counted, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn has_day(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// This month so far: its 1st to `today`.
    pub fn month_to_date(today: NaiveDate) -> Period {
        Period { from: first_day_of_month(today), to: today }
    }

    /// The whole month before `today`'s.
    pub fn last_month(today: NaiveDate) -> Period {
        let to = first_day_of_month(today) - days(1);
        Period { from: first_day_of_month(to), to }
    }
}

impl Measure {
    /// The measure's short name, as a supervisor says it ("FUH 7 days").
    pub fn short_name(self) -> &'static str {
        match self {
            Measure::TcmContact => "TCM contact",
            Measure::TcmVisit => "TCM visit",
            Measure::MedReconciliation => "Med reconciliation",
            Measure::Fuh7 => "FUH 7 days",
            Measure::Fuh30 => "FUH 30 days",
            Measure::Fum7 => "FUM 7 days",
            Measure::Fum30 => "FUM 30 days",
            Measure::Fua7 => "FUA 7 days",
            Measure::Fua30 => "FUA 30 days",
            Measure::SdohReferral => "SDOH referral",
            Measure::Phq9Followup => "PHQ-9 follow-up",
            Measure::ReferralLoop => "Referral loop",
        }
    }

    /// What meets the measure inside an event's window, as a missed event
    /// lacks it ("no follow-up visit").
    pub fn evidence(self) -> &'static str {
        match self {
            Measure::TcmContact => "contact",
            Measure::TcmVisit => "completed visit",
            Measure::MedReconciliation => "reconciliation",
            Measure::Fuh7 | Measure::Fuh30 | Measure::Fum7 | Measure::Fum30 | Measure::Fua7 | Measure::Fua30 => {
                "follow-up visit"
            }
            Measure::SdohReferral => "referral for each need",
            Measure::Phq9Followup => "repeat PHQ-9",
            Measure::ReferralLoop => "closed status",
        }
    }
}

/// The longest window after an event (PHQ-9's 240 days): evidence is read up to `to` plus this.
pub const LONGEST_WINDOW_DAYS: i64 = 240;

/// What the measures read, for the clients of one caseload (the store
/// bounds it to the events in the period and their windows).
#[derive(Debug, Clone, Default)]
pub struct QualityRecords {
    pub clients: Vec<Client>,
    pub encounters: Vec<Encounter>,
    pub notes: Vec<Note>,
    pub appointments: Vec<Appointment>,
    pub reconciliations: Vec<Reconciliation>,
    /// PHQ-9s and AHC HRSNs.
    pub assessments: Vec<Assessment>,
    pub referrals: Vec<Referral>,
}

word_enum!(
    /// Where one event stands.
    EventOutcome, "outcome" { Met => "met", Missed => "missed", Pending => "pending" }
);

/// One event of a measure and its window (what the TUI lists, opening the client).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    pub client_id: i64,
    /// The encounter, assessment or referral the event is.
    pub subject_id: i64,
    pub on: NaiveDate,
    pub window_from: NaiveDate,
    pub window_to: NaiveDate,
    pub outcome: EventOutcome,
}

/// One measure over the period. `rate` is numerator / (denominator − pending), None when that is 0.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureResult {
    pub measure: Measure,
    pub denominator: u32,
    pub numerator: u32,
    pub pending: u32,
    pub rate: Option<f64>,
    /// The clients with a missed event, by id, each once.
    pub missed: Vec<i64>,
    #[serde(skip)]
    pub events: Vec<Event>,
}

impl MeasureResult {
    fn of(measure: Measure, events: Vec<Event>) -> Self {
        let count = |outcome| events.iter().filter(|e| e.outcome == outcome).count() as u32;
        let (numerator, pending, denominator) =
            (count(EventOutcome::Met), count(EventOutcome::Pending), events.len() as u32);
        let decided = denominator - pending;
        let rate = (decided > 0).then(|| (f64::from(numerator) / f64::from(decided) * 10_000.0).round() / 10_000.0);
        let mut missed: Vec<i64> =
            events.iter().filter(|e| e.outcome == EventOutcome::Missed).map(|e| e.client_id).collect();
        missed.sort_unstable();
        missed.dedup();
        MeasureResult { measure, denominator, numerator, pending, rate, missed, events }
    }

    /// "3 of 4 met (75%), 1 pending" — the rate in words.
    pub fn in_words(&self) -> String {
        let decided = self.denominator - self.pending;
        let mut words = match self.rate {
            None if self.denominator == 0 => "no events".to_string(),
            None => "none decided yet".to_string(),
            Some(rate) => format!("{} of {decided} met ({:.0}%)", self.numerator, rate * 100.0),
        };
        if self.pending > 0 {
            words.push_str(&format!(", {} pending", self.pending));
        }
        words
    }
}

/// What decides the measures: the period, today, the zone of the local dates, the holidays.
#[derive(Debug, Clone, Copy)]
pub struct Counting<'a> {
    pub period: Period,
    pub today: NaiveDate,
    pub zone: Zone,
    pub holidays: &'a [NaiveDate],
}

impl Counting<'_> {
    /// Met when `met` is true, else pending while the window is still open
    /// on the earlier of the period's end and today, else missed.
    fn event(
        &self,
        client_id: i64,
        subject_id: i64,
        on: NaiveDate,
        window: (NaiveDate, NaiveDate),
        met: bool,
    ) -> Event {
        let cutoff = self.period.to.min(self.today);
        let outcome = if met {
            EventOutcome::Met
        } else if window.1 >= cutoff {
            EventOutcome::Pending
        } else {
            EventOutcome::Missed
        };
        Event { client_id, subject_id, on, window_from: window.0, window_to: window.1, outcome }
    }
}

fn days(n: i64) -> Duration {
    Duration::days(n)
}

/// Each client's items, in the order given.
fn by_client<T>(items: impl Iterator<Item = (i64, T)>) -> HashMap<i64, Vec<T>> {
    let mut by_client: HashMap<i64, Vec<T>> = HashMap::new();
    for (client_id, item) in items {
        by_client.entry(client_id).or_default().push(item);
    }
    by_client
}

fn within(day: NaiveDate, window: (NaiveDate, NaiveDate)) -> bool {
    window.0 <= day && day <= window.1
}

/// Every measure of SPEC §10, in its table's order.
pub fn measures(counting: &Counting<'_>, records: &QualityRecords) -> Vec<MeasureResult> {
    let c = counting;
    let local = |instant| c.zone.local_date(instant);
    // The evidence by client, so each event reads only its client's (at
    // 100,000 clients a scan of every record per event takes a minute).
    let clients: HashMap<i64, &Client> = records.clients.iter().map(|client| (client.id, client)).collect();
    let on_caseload = |client_id: i64| clients.get(&client_id).copied();
    let contacts =
        by_client(records.notes.iter().filter(|n| n.is_contact()).map(|n| (n.client_id, local(n.contact_at))));
    let visits = by_client(
        records
            .appointments
            .iter()
            .filter(|a| a.status == AppointmentStatus::Completed)
            .map(|a| (a.client_id, (a.kind, local(a.starts_at)))),
    );
    let completed = |client_id: i64, kinds: fn(AppointmentKind) -> bool, window: (NaiveDate, NaiveDate)| {
        visits.get(&client_id).is_some_and(|visits| visits.iter().any(|&(kind, on)| kinds(kind) && within(on, window)))
    };
    let reconciliations = by_client(records.reconciliations.iter().map(|r| (r.client_id, r.reconciled_on)));
    let phq9s = by_client(
        records
            .assessments
            .iter()
            .filter(|a| a.instrument == Instrument::Phq9)
            .map(|a| (a.client_id, local(a.taken_at))),
    );
    let referrals = by_client(records.referrals.iter().map(|r| (r.client_id, (r.kind, local(r.created_at)))));
    let any_in = |dates: &HashMap<i64, Vec<NaiveDate>>, client_id: i64, window| {
        dates.get(&client_id).is_some_and(|dates| dates.iter().any(|&on| within(on, window)))
    };

    let mut tcm_contact = Vec::new();
    let mut tcm_visit = Vec::new();
    let mut reconciled = Vec::new();
    let (mut fuh_7, mut fuh_30, mut fum_7, mut fum_30, mut fua_7, mut fua_30) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for encounter in &records.encounters {
        let Some(client) = on_caseload(encounter.client_id) else { continue };
        let (id, client_id) = (encounter.id, client.id);
        let discharged = encounter.discharged_on.filter(|d| c.period.has_day(*d));
        if let Some(d) = discharged.filter(|_| encounter.kind.starts_transition()) {
            let window = (d, add_business_days(d, 2, c.holidays));
            let met = any_in(&contacts, client_id, window);
            tcm_contact.push(c.event(client_id, id, d, window, met));
            let window = (d, d + days(if client.risk == Risk::High { 7 } else { 14 }));
            tcm_visit.push(c.event(client_id, id, d, window, completed(client_id, AppointmentKind::is_visit, window)));
            let window = (d, d + days(30));
            let met = any_in(&reconciliations, client_id, window);
            reconciled.push(c.event(client_id, id, d, window, met));
        }
        let mental = matches!(encounter.reason, EncounterReason::MentalHealth | EncounterReason::SelfHarm);
        if let Some(d) = discharged.filter(|_| encounter.kind == EncounterKind::Inpatient && mental) {
            for (list, n) in [(&mut fuh_7, 7), (&mut fuh_30, 30)] {
                let window = (d + days(1), d + days(n));
                list.push(c.event(
                    client_id,
                    id,
                    d,
                    window,
                    completed(client_id, AppointmentKind::is_bh_followup, window),
                ));
            }
        }
        let ed_day = encounter.admitted_on;
        if encounter.kind == EncounterKind::Ed && c.period.has_day(ed_day) {
            let lists = match encounter.reason {
                EncounterReason::MentalHealth | EncounterReason::SelfHarm => Some([(&mut fum_7, 7), (&mut fum_30, 30)]),
                EncounterReason::SubstanceUse => Some([(&mut fua_7, 7), (&mut fua_30, 30)]),
                EncounterReason::Medical => None,
            };
            for (list, n) in lists.into_iter().flatten() {
                let window = (ed_day, ed_day + days(n));
                list.push(c.event(
                    client_id,
                    id,
                    ed_day,
                    window,
                    completed(client_id, AppointmentKind::is_bh_followup, window),
                ));
            }
        }
    }

    let mut sdoh = Vec::new();
    let mut phq9 = Vec::new();
    for assessment in &records.assessments {
        let Some(client) = on_caseload(assessment.client_id) else { continue };
        let taken = local(assessment.taken_at);
        if !c.period.has_day(taken) {
            continue;
        }
        match assessment.instrument {
            Instrument::Hrsn => {
                let needs: Vec<ReferralKind> =
                    SOCIAL_NEEDS.into_iter().filter(|(flag, _)| assessment.has(*flag)).map(|(_, kind)| kind).collect();
                if needs.is_empty() {
                    continue;
                }
                let window = (taken, taken + days(30));
                let made = referrals.get(&client.id).map_or(&[][..], Vec::as_slice);
                let met = needs.iter().all(|&need| made.iter().any(|&(kind, on)| kind == need && within(on, window)));
                sdoh.push(c.event(client.id, assessment.id, taken, window, met));
            }
            Instrument::Phq9 if assessment.score >= 10 => {
                let window = (taken + days(120), taken + days(LONGEST_WINDOW_DAYS));
                let met = any_in(&phq9s, client.id, window);
                phq9.push(c.event(client.id, assessment.id, taken, window, met));
            }
            _ => {}
        }
    }

    let mut loops = Vec::new();
    for referral in &records.referrals {
        let Some(client) = on_caseload(referral.client_id) else { continue };
        let Some(sent) = referral.sent_on.filter(|d| c.period.has_day(*d)) else { continue };
        let window = (sent, sent + days(30));
        let met = referral.status.is_closed() && within(referral.status_changed_on, window);
        loops.push(c.event(client.id, referral.id, sent, window, met));
    }

    [
        (Measure::TcmContact, tcm_contact),
        (Measure::TcmVisit, tcm_visit),
        (Measure::MedReconciliation, reconciled),
        (Measure::Fuh7, fuh_7),
        (Measure::Fuh30, fuh_30),
        (Measure::Fum7, fum_7),
        (Measure::Fum30, fum_30),
        (Measure::Fua7, fua_7),
        (Measure::Fua30, fua_30),
        (Measure::SdohReferral, sdoh),
        (Measure::Phq9Followup, phq9),
        (Measure::ReferralLoop, loops),
    ]
    .into_iter()
    .map(|(measure, events)| MeasureResult::of(measure, events))
    .collect()
}

#[cfg(test)]
#[path = "quality_tests.rs"]
mod tests;
