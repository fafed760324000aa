//! The minutes ledger (SPEC §8): a month's minutes per client and program,
//! the enrollments, care plans, payers and hospital events turned into
//! billing codes with units and a status. Pure: the month (with its zone)
//! and "today" are parameters.
//!
//! Read against the CMS rules for 2026 where SPEC is silent or differs:
//! - consent is checked against the month's first day of service (the first
//!   note with minutes, the first day enrolled for APCM); TCM needs no
//!   consent (CMS asks none for it), so its rows are never `no_consent`;
//! - the "cannot be billed with" rules bite only when the other program is
//!   billable that month (an unbilled CCM month leaves PCM billable);
//! - RPM management needs a real-time interactive contact (a reached phone
//!   or video note) for 99470 as for 99457;
//! - a TCM row belongs to the month of its discharge and is `pending` while
//!   its contact or visit window is still open on `today`.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::appointment::{Appointment, AppointmentStatus};
use super::client::{Client, Risk};
use super::dates::add_business_days;
use super::encounter::Encounter;
use super::note::{ContactType, Note, Outcome};
use super::program::{Enrollment, Program};
use super::time::Month;
use super::word_enum;

/// Every threshold of the code table, settable under `[billing]`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BillingRules {
    pub ccm_minutes: u32,
    pub ccm_extra_minutes: u32,
    pub ccm_extra_max: u32,
    pub pcm_minutes: u32,
    pub pcm_extra_minutes: u32,
    pub bhi_minutes: u32,
    pub cocm_first_month_minutes: u32,
    pub cocm_minutes: u32,
    pub cocm_first_month_extra_after: u32,
    pub cocm_extra_after: u32,
    pub cocm_extra_minutes: u32,
    pub cocm_extra_counts_from: u32,
    pub chi_minutes: u32,
    pub chi_extra_minutes: u32,
    pub pin_minutes: u32,
    pub pin_extra_minutes: u32,
    pub rpm_minutes: u32,
    pub rpm_short_minutes: u32,
    pub rpm_extra_minutes: u32,
    pub apcm_complex_problems: u32,
    pub apcm_qmb_payer: String,
    pub tcm_contact_business_days: u32,
    pub tcm_visit_days_high: u32,
    pub tcm_visit_days: u32,
}

impl Default for BillingRules {
    fn default() -> Self {
        BillingRules {
            ccm_minutes: 20,
            ccm_extra_minutes: 20,
            ccm_extra_max: 2,
            pcm_minutes: 30,
            pcm_extra_minutes: 30,
            bhi_minutes: 20,
            cocm_first_month_minutes: 36,
            cocm_minutes: 31,
            cocm_first_month_extra_after: 70,
            cocm_extra_after: 60,
            cocm_extra_minutes: 30,
            cocm_extra_counts_from: 16,
            chi_minutes: 60,
            chi_extra_minutes: 30,
            pin_minutes: 60,
            pin_extra_minutes: 30,
            rpm_minutes: 20,
            rpm_short_minutes: 10,
            rpm_extra_minutes: 20,
            apcm_complex_problems: 2,
            apcm_qmb_payer: "QMB".into(),
            tcm_contact_business_days: 2,
            tcm_visit_days_high: 7,
            tcm_visit_days: 14,
        }
    }
}

word_enum!(
    BillingStatus, "status" {
        Billable => "billable", Short => "short", NoConsent => "no_consent" ("no consent"),
        Excluded => "excluded", Pending => "pending", Missed => "missed",
    }
);

/// A code and how many units of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeUnits {
    pub code: &'static str,
    pub units: u32,
}

/// One line of `report billing`: a client's program in the month (or, for
/// tcm, one discharge). JSON field names are SPEC §8's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BillingRow {
    pub client_id: i64,
    pub client_name: String,
    pub program: Program,
    pub practitioner: Option<String>,
    pub month: String,
    pub minutes: u32,
    /// What is billed: empty unless the row is billable.
    pub codes: Vec<CodeUnits>,
    pub status: BillingStatus,
    pub reason: Option<String>,
}

/// How minutes turn into one program's codes in a month.
#[derive(Debug, Clone, PartialEq)]
struct Schedule {
    code: &'static str,
    at: u32,
    /// A code billed below `at` (RPM's 99470 from 10 minutes).
    lesser: Option<(&'static str, u32)>,
    add_on: Option<AddOn>,
}

/// An add-on code: one unit once `after + counts_from` minutes are reached,
/// one more for each further `every`, at most `max`.
#[derive(Debug, Clone, PartialEq)]
struct AddOn {
    code: &'static str,
    after: u32,
    every: u32,
    counts_from: u32,
    max: Option<u32>,
}

impl AddOn {
    fn units(&self, minutes: u32) -> u32 {
        let start = self.after + self.counts_from;
        if minutes < start || self.every == 0 {
            return 0;
        }
        let units = 1 + (minutes - start) / self.every;
        self.max.map_or(units, |max| units.min(max))
    }

    /// The minutes at which each unit is reached, in order.
    fn thresholds(&self) -> impl Iterator<Item = u32> + '_ {
        let start = self.after + self.counts_from;
        (0..self.max.unwrap_or(u32::MAX)).map_while(move |n| n.checked_mul(self.every)?.checked_add(start))
    }
}

impl Schedule {
    /// The program's code table; None for programs not paid by time.
    fn of(program: Program, first_month: bool, r: &BillingRules) -> Option<Schedule> {
        let add_on = |code, after, every, counts_from, max| Some(AddOn { code, after, every, counts_from, max });
        let plain = |code, at, add_on| Some(Schedule { code, at, lesser: None, add_on });
        match program {
            Program::Ccm => plain(
                "99490",
                r.ccm_minutes,
                add_on("99439", r.ccm_minutes, r.ccm_extra_minutes, r.ccm_extra_minutes, Some(r.ccm_extra_max)),
            ),
            Program::Pcm => plain(
                "99426",
                r.pcm_minutes,
                add_on("99427", r.pcm_minutes, r.pcm_extra_minutes, r.pcm_extra_minutes, None),
            ),
            Program::Bhi => plain("99484", r.bhi_minutes, None),
            Program::Cocm => {
                let (code, at, after) = if first_month {
                    ("99492", r.cocm_first_month_minutes, r.cocm_first_month_extra_after)
                } else {
                    ("99493", r.cocm_minutes, r.cocm_extra_after)
                };
                plain(code, at, add_on("99494", after, r.cocm_extra_minutes, r.cocm_extra_counts_from, None))
            }
            Program::Chi => plain(
                "G0019",
                r.chi_minutes,
                add_on("G0022", r.chi_minutes, r.chi_extra_minutes, r.chi_extra_minutes, None),
            ),
            Program::Pin => plain(
                "G0023",
                r.pin_minutes,
                add_on("G0024", r.pin_minutes, r.pin_extra_minutes, r.pin_extra_minutes, None),
            ),
            Program::Rpm => Some(Schedule {
                code: "99457",
                at: r.rpm_minutes,
                lesser: Some(("99470", r.rpm_short_minutes)),
                add_on: add_on("99458", r.rpm_minutes, r.rpm_extra_minutes, r.rpm_extra_minutes, None),
            }),
            Program::Tcm | Program::Apcm | Program::General => None,
        }
    }

    /// The first minutes anything is billable at.
    fn first(&self) -> (&'static str, u32) {
        self.lesser.unwrap_or((self.code, self.at))
    }

    /// The codes these minutes make, or how many minutes are missing.
    fn codes(&self, minutes: u32) -> Result<Vec<CodeUnits>, u32> {
        if minutes >= self.at {
            let mut codes = vec![CodeUnits { code: self.code, units: 1 }];
            if let Some(add_on) = &self.add_on {
                let units = add_on.units(minutes);
                if units > 0 {
                    codes.push(CodeUnits { code: add_on.code, units });
                }
            }
            return Ok(codes);
        }
        match self.lesser {
            Some((code, at)) if minutes >= at => Ok(vec![CodeUnits { code, units: 1 }]),
            _ => Err(self.first().1 - minutes),
        }
    }

    /// The next number of minutes that bills more than `minutes` do.
    fn next_threshold(&self, minutes: u32) -> Option<u32> {
        let firsts = self.lesser.map(|(_, at)| at).into_iter().chain(std::iter::once(self.at));
        let add_ons = self.add_on.iter().flat_map(AddOn::thresholds);
        firsts.chain(add_ons).find(|at| *at > minutes)
    }
}

/// The minutes at which `program` next bills more than `minutes` do this
/// month, for "CCM 14/20 min"; None for programs not paid by time, or once
/// no further unit can be billed.
pub fn next_threshold(program: Program, minutes: u32, first_month: bool, rules: &BillingRules) -> Option<u32> {
    Schedule::of(program, first_month, rules)?.next_threshold(minutes)
}

/// The minutes below which `program` bills nothing in a month (its first
/// code's threshold); None for programs not paid by time.
pub fn first_threshold(program: Program, first_month: bool, rules: &BillingRules) -> Option<u32> {
    Schedule::of(program, first_month, rules).map(|schedule| schedule.first().1)
}

/// The codes `minutes` of `program` make in a month (none below the first
/// threshold, or for programs not paid by time), consent and exclusions aside.
pub fn month_codes(program: Program, minutes: u32, first_month: bool, rules: &BillingRules) -> Vec<CodeUnits> {
    Schedule::of(program, first_month, rules).and_then(|s| s.codes(minutes).ok()).unwrap_or_default()
}

/// What a client's programs add up to in one month, for the TUI: each
/// enrollment's minutes against its next threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub program: Program,
    pub minutes: u32,
    pub next: Option<u32>,
}

/// One client's time-based enrollments in `month` with their minutes so far
/// (notes of that program dated in the month) and the next threshold.
pub fn progress(month: &Month, enrollments: &[Enrollment], notes: &[Note], rules: &BillingRules) -> Vec<Progress> {
    let minutes = minutes_by_program(month, notes);
    current_enrollments(month, enrollments)
        .into_iter()
        .filter(|e| e.program.is_time_based())
        .map(|e| {
            let spent = minutes.get(&(e.client_id, e.program)).map_or(0, |m| m.minutes);
            let first_month = month.has_day(e.started_on);
            Progress { program: e.program, minutes: spent, next: next_threshold(e.program, spent, first_month, rules) }
        })
        .collect()
}

/// A client's programs on one line, "CCM 14/20 min · BHI 5/20 min" (None
/// when no time-based enrollment is open).
pub fn progress_line(progress: &[Progress]) -> Option<String> {
    (!progress.is_empty()).then(|| progress.iter().map(ToString::to_string).collect::<Vec<_>>().join(" · "))
}

impl std::fmt::Display for Progress {
    /// "CCM 14/20 min", or "CCM 75 min" once nothing more can be billed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.next {
            Some(next) => write!(f, "{} {}/{} min", self.program.label(), self.minutes, next),
            None => write!(f, "{} {} min", self.program.label(), self.minutes),
        }
    }
}

/// What the ledger of one month is computed from, as the store hands it over.
#[derive(Debug, Clone, Default)]
pub struct BillingRecords {
    pub clients: Vec<Client>,
    /// The clients' enrollments (any that overlap the month).
    pub enrollments: Vec<Enrollment>,
    /// The clients' notes from the month's start to `tcm_window_end` (the
    /// month's minutes, and the contacts after its discharges).
    pub notes: Vec<Note>,
    /// Open care-plan problems per client (APCM's level).
    pub problems: HashMap<i64, u32>,
    /// Hospital events discharged in the month (TCM).
    pub encounters: Vec<Encounter>,
    /// Appointments from the month's start to `tcm_window_end`.
    pub appointments: Vec<Appointment>,
}

/// The last day a TCM contact or visit can count for a discharge in `month`.
pub fn tcm_window_end(month: &Month, rules: &BillingRules, holidays: &[NaiveDate]) -> NaiveDate {
    let visit_days = rules.tcm_visit_days.max(rules.tcm_visit_days_high);
    let visit_by = month.last + Duration::days(i64::from(visit_days));
    visit_by.max(add_business_days(month.last, rules.tcm_contact_business_days, holidays))
}

#[derive(Debug, Clone, Copy, Default)]
struct Spent {
    minutes: u32,
    first_day: Option<NaiveDate>,
    interactive: bool,
}

/// Minutes per (client, program) of the notes dated in `month`, local time.
fn minutes_by_program(month: &Month, notes: &[Note]) -> HashMap<(i64, Program), Spent> {
    let mut spent: HashMap<(i64, Program), Spent> = HashMap::new();
    for note in notes.iter().filter(|n| month.contains(n.contact_at)) {
        let Some(program) = note.program else { continue };
        let entry = spent.entry((note.client_id, program)).or_default();
        entry.minutes += note.minutes;
        if note.minutes > 0 {
            let day = month.zone.local_date(note.contact_at);
            entry.first_day = Some(entry.first_day.map_or(day, |first| first.min(day)));
        }
        entry.interactive |=
            note.outcome == Outcome::Reached && matches!(note.contact_type, ContactType::Phone | ContactType::Video);
    }
    spent
}

/// Per client and program, the latest enrollment overlapping the month (a
/// re-enrollment within a month does not count its minutes twice).
fn current_enrollments<'a>(month: &Month, enrollments: &'a [Enrollment]) -> Vec<&'a Enrollment> {
    let mut latest: HashMap<(i64, Program), &Enrollment> = HashMap::new();
    for e in enrollments.iter().filter(|e| e.overlaps(month.first, month.last)) {
        let slot = latest.entry((e.client_id, e.program)).or_insert(e);
        if (e.started_on, e.id) > (slot.started_on, slot.id) {
            *slot = e;
        }
    }
    let mut current: Vec<&Enrollment> = latest.into_values().collect();
    current.sort_by_key(|e| (e.client_id, e.program, e.started_on));
    current
}

/// The month's ledger: one row per client and billed program enrolled in
/// the month (one per qualifying discharge for tcm), clients in the order
/// given, then the exclusions applied.
pub fn ledger(
    month: &Month,
    records: &BillingRecords,
    rules: &BillingRules,
    holidays: &[NaiveDate],
    today: NaiveDate,
) -> Vec<BillingRow> {
    let spent = minutes_by_program(month, &records.notes);
    let mut enrollments: HashMap<i64, Vec<&Enrollment>> = HashMap::new();
    for enrollment in current_enrollments(month, &records.enrollments) {
        enrollments.entry(enrollment.client_id).or_default().push(enrollment);
    }
    let days = TransitionDays::of(month, records);
    let mut rows = Vec::new();
    for client in &records.clients {
        let mut own: Vec<BillingRow> = Vec::new();
        let billed = enrollments.get(&client.id).into_iter().flatten().filter(|e| e.program.is_billed());
        for enrollment in billed {
            let row = |minutes, codes, status, reason| BillingRow {
                client_id: client.id,
                client_name: client.display_name(),
                program: enrollment.program,
                practitioner: enrollment.practitioner.clone(),
                month: month.label(),
                minutes,
                codes,
                status,
                reason,
            };
            match enrollment.program {
                Program::Tcm => {
                    for encounter in records.encounters.iter().filter(|e| e.client_id == client.id) {
                        if let Some((codes, status, reason)) =
                            transition(encounter, enrollment, client.risk, &days, rules, holidays, today, month)
                        {
                            own.push(row(0, codes, status, reason));
                        }
                    }
                }
                Program::Apcm => {
                    let served = enrollment.started_on.max(month.first);
                    let (codes, status, reason) = match consent(enrollment, served) {
                        Some(reason) => (Vec::new(), BillingStatus::NoConsent, Some(reason)),
                        None => (vec![apcm_code(client, records, rules)], BillingStatus::Billable, None),
                    };
                    own.push(row(0, codes, status, reason));
                }
                program => {
                    let used = spent.get(&(client.id, program)).copied().unwrap_or_default();
                    let first_month = month.has_day(enrollment.started_on);
                    let (codes, status, reason) = timed(program, used, first_month, enrollment, month, rules);
                    own.push(row(used.minutes, codes, status, reason));
                }
            }
        }
        exclude(&mut own);
        rows.extend(own);
    }
    rows
}

type Verdict = (Vec<CodeUnits>, BillingStatus, Option<String>);

/// Per client, the local days of its contacts and of its completed visits
/// (read once, so each discharge looks at its own client's only).
#[derive(Debug, Default)]
struct TransitionDays {
    contacts: HashMap<i64, Vec<NaiveDate>>,
    visits: HashMap<i64, Vec<NaiveDate>>,
}

impl TransitionDays {
    fn of(month: &Month, records: &BillingRecords) -> TransitionDays {
        let mut days = TransitionDays::default();
        for note in records.notes.iter().filter(|n| n.is_contact()) {
            days.contacts.entry(note.client_id).or_default().push(month.zone.local_date(note.contact_at));
        }
        let visits =
            records.appointments.iter().filter(|a| a.kind.is_visit() && a.status == AppointmentStatus::Completed);
        for visit in visits {
            days.visits.entry(visit.client_id).or_default().push(month.zone.local_date(visit.starts_at));
        }
        days
    }

    /// Whether `client` has a day in `of` from `first` to `last`.
    fn any(of: &HashMap<i64, Vec<NaiveDate>>, client: i64, first: NaiveDate, last: NaiveDate) -> bool {
        of.get(&client).is_some_and(|days| days.iter().any(|d| first <= *d && *d <= last))
    }
}

/// A time-based program's month.
fn timed(
    program: Program,
    used: Spent,
    first_month: bool,
    enrollment: &Enrollment,
    month: &Month,
    rules: &BillingRules,
) -> Verdict {
    let Some(schedule) = Schedule::of(program, first_month, rules) else {
        return (Vec::new(), BillingStatus::Excluded, Some("this program bills no time".into()));
    };
    if let Some(reason) = consent(enrollment, used.first_day.unwrap_or(month.last)) {
        return (Vec::new(), BillingStatus::NoConsent, Some(reason));
    }
    match schedule.codes(used.minutes) {
        Err(missing) => {
            let (code, at) = schedule.first();
            let reason = format!("{missing} more minutes needed for {code} ({at} min)");
            (Vec::new(), BillingStatus::Short, Some(reason))
        }
        Ok(_) if program == Program::Rpm && !used.interactive => (
            Vec::new(),
            BillingStatus::Short,
            Some("needs a reached phone or video contact this month (interactive communication)".into()),
        ),
        Ok(codes) => (codes, BillingStatus::Billable, None),
    }
}

/// Why the enrollment has no consent for a service on `served`, if it has none.
fn consent(enrollment: &Enrollment, served: NaiveDate) -> Option<String> {
    match enrollment.consent_on {
        None => Some("no consent documented".into()),
        Some(on) if on > served => Some(format!("consent dated {on}, after the service on {served}")),
        Some(_) => None,
    }
}

/// G0556, G0557 or G0558 by the care plan's open problems and the payer.
fn apcm_code(client: &Client, records: &BillingRecords, rules: &BillingRules) -> CodeUnits {
    let problems = records.problems.get(&client.id).copied().unwrap_or(0);
    let qmb = client.payer.as_deref().is_some_and(|payer| payer.trim().eq_ignore_ascii_case(&rules.apcm_qmb_payer));
    let code = match (problems >= rules.apcm_complex_problems, qmb) {
        (false, _) => "G0556",
        (true, false) => "G0557",
        (true, true) => "G0558",
    };
    CodeUnits { code, units: 1 }
}

/// A TCM row for a discharge in the month that starts transitional care
/// while the tcm enrollment is active; None for any other encounter.
#[allow(clippy::too_many_arguments)]
fn transition(
    encounter: &Encounter,
    enrollment: &Enrollment,
    risk: Risk,
    days: &TransitionDays,
    rules: &BillingRules,
    holidays: &[NaiveDate],
    today: NaiveDate,
    month: &Month,
) -> Option<Verdict> {
    let discharged = encounter.discharged_on?;
    if !encounter.kind.starts_transition() || !month.has_day(discharged) || !enrollment.is_active_on(discharged) {
        return None;
    }
    let client = encounter.client_id;
    let contact_by = add_business_days(discharged, rules.tcm_contact_business_days, holidays);
    let contacted = TransitionDays::any(&days.contacts, client, discharged, contact_by);
    let visited_within = |within: u32| {
        TransitionDays::any(&days.visits, client, discharged, discharged + Duration::days(i64::from(within)))
    };
    let visit_by = discharged + Duration::days(i64::from(rules.tcm_visit_days));
    let on = format!("discharge on {discharged}");
    let outcome = if contacted && risk == Risk::High && visited_within(rules.tcm_visit_days_high) {
        (vec![CodeUnits { code: "99496", units: 1 }], BillingStatus::Billable, Some(on))
    } else if contacted && visited_within(rules.tcm_visit_days) {
        (vec![CodeUnits { code: "99495", units: 1 }], BillingStatus::Billable, Some(on))
    } else if !contacted && today <= contact_by {
        (Vec::new(), BillingStatus::Pending, Some(format!("{on}: contact due by {contact_by}")))
    } else if !contacted {
        (Vec::new(), BillingStatus::Missed, Some(format!("{on}: no contact by {contact_by}")))
    } else if today <= visit_by {
        (Vec::new(), BillingStatus::Pending, Some(format!("{on}: visit due by {visit_by}")))
    } else {
        (Vec::new(), BillingStatus::Missed, Some(format!("{on}: no completed visit by {visit_by}")))
    };
    Some(outcome)
}

/// The "cannot be billed with" rules of one client's month: ccm, pcm and tcm
/// give way to APCM by the same practitioner, pcm to CCM by the same
/// practitioner, bhi to CoCM. Only a billable program pushes another out.
fn exclude(rows: &mut [BillingRow]) {
    let billable = |rows: &[BillingRow], program: Program, practitioner: Option<&Option<String>>| {
        rows.iter().any(|r| {
            r.program == program
                && r.status == BillingStatus::Billable
                && practitioner.is_none_or(|p| &r.practitioner == p)
        })
    };
    let rules: [(Program, &[Program], bool); 3] = [
        (Program::Apcm, &[Program::Ccm, Program::Pcm, Program::Tcm], true),
        (Program::Ccm, &[Program::Pcm], true),
        (Program::Cocm, &[Program::Bhi], false),
    ];
    for (winner, losers, same_practitioner) in rules {
        for i in 0..rows.len() {
            let row = &rows[i];
            if !losers.contains(&row.program) || !matches!(row.status, BillingStatus::Billable | BillingStatus::Short) {
                continue;
            }
            let practitioner = row.practitioner.clone();
            if billable(rows, winner, same_practitioner.then_some(&practitioner)) {
                let by = if same_practitioner { " by the same practitioner" } else { "" };
                let row = &mut rows[i];
                row.reason = Some(format!("{} is billed{by} this month", winner.label()));
                row.status = BillingStatus::Excluded;
                row.codes.clear();
            }
        }
    }
}

/// Units per code over the billable rows, by code.
pub fn totals(rows: &[BillingRow]) -> Vec<CodeUnits> {
    let mut totals: std::collections::BTreeMap<&'static str, u32> = std::collections::BTreeMap::new();
    for code in rows.iter().filter(|r| r.status == BillingStatus::Billable).flat_map(|r| &r.codes) {
        *totals.entry(code.code).or_default() += code.units;
    }
    totals.into_iter().map(|(code, units)| CodeUnits { code, units }).collect()
}

#[cfg(test)]
#[path = "billing_tests.rs"]
mod tests;
