//! The demo's screenings (SPEC §9): an AHC HRSN for most clients (some
//! positive, some of those followed by a referral of that kind), a PHQ-2 at
//! intake leading to PHQ-9 series months apart (improving, worsening or
//! flat; now and then item 9 above 0), GAD-7s beside them, AUDIT-Cs, and a
//! STEADI for older clients. Each client's screenings draw from their own
//! generator, seeded from the demo's seed and the client, so adding them left
//! every other record of a seed as it was.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use fastrand::Rng;

use super::Demo;
use crate::domain::client::{Client, ClientStatus, Gender};
use crate::domain::referral::{Referral, ReferralStatus};
use crate::domain::screening::{Assessment, Instrument, Mode, SOCIAL_NEEDS, Screening};
use crate::domain::time::Now;
use crate::store::{Result, assessments, referrals};

/// Given names of the demo read as women's or men's; the rest are anyone's.
const WOMEN: &[&str] = &[
    "Ada",
    "Cora",
    "Elena",
    "Grace",
    "Imani",
    "Lucia",
    "Nadia",
    "Priya",
    "Rosa",
    "Tessa",
    "Uma",
    "Ximena",
    "Zara",
    "Amara",
    "Carmen",
    "Esi",
    "Gloria",
    "Ines",
    "Keiko",
    "Mei",
    "Olga",
    "Rahel",
    "Valeria",
    "Yara",
    "Agnes",
    "Clara",
    "Edith",
    "Harriet",
    "Josephine",
    "Mildred",
    "Opal",
    "Ruth",
];
const MEN: &[&str] = &[
    "Ben", "Dev", "Farid", "Hiro", "Jonah", "Marcus", "Omar", "Samir", "Victor", "Yusuf", "Dmitri", "Felix", "Hassan",
    "Jamal", "Luis", "Nikolai", "Pedro", "Sione", "Tomas", "Walter", "Bernard", "Desmond", "Frank", "Irving", "Leon",
    "Norman",
];

/// The generator of one client's screenings (and gender).
pub(super) fn client_rng(seed: u64, mrn: i64) -> Rng {
    Rng::with_seed(seed ^ (mrn as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// A client's gender as the demo records it: mostly as their name reads.
pub(super) fn gender(rng: &mut Rng, given_name: &str) -> Gender {
    match rng.u32(0..100) {
        0..3 => Gender::Other,
        3..7 => Gender::Unknown,
        _ if WOMEN.contains(&given_name) => Gender::Female,
        _ if MEN.contains(&given_name) => Gender::Male,
        _ if rng.bool() => Gender::Female,
        _ => Gender::Male,
    }
}

/// Answers of `instrument` adding up to `total` over `items` (indexes),
/// the others at their lowest, spread at random.
fn answers_for(rng: &mut Rng, instrument: Instrument, total: u32, items: std::ops::Range<usize>) -> Vec<u8> {
    let all = instrument.items();
    let mut answers: Vec<u8> = all.iter().map(|item| item.lowest()).collect();
    let room: u32 = items.clone().map(|i| u32::from(all[i].highest() - all[i].lowest())).sum();
    for _ in 0..total.min(room) {
        loop {
            let i = rng.usize(items.clone());
            if answers[i] < all[i].highest() {
                answers[i] += 1;
                break;
            }
        }
    }
    answers
}

impl Demo<'_, '_> {
    /// The (inserted) client's screenings, from `enrolled_on` to now.
    pub(super) fn screenings(&mut self, client: &Client, rng: &mut Rng) -> Result<()> {
        if client.status == ClientStatus::Discharged && rng.u32(0..100) < 50 {
            return Ok(());
        }
        let enrolled = (self.today() - client.enrolled_on).num_days().max(0);
        // AHC HRSN: most clients; a few not for over a year.
        if rng.u32(0..100) < 85 {
            let back = if rng.u32(0..100) < 12 { rng.i64(366..500) } else { rng.i64(0..330) };
            let answers = hrsn_answers(rng);
            let taken = self.assessment(client, rng, Instrument::Hrsn, answers, back)?;
            self.sdoh_referrals(client, rng, &taken)?;
        }
        // PHQ-2 at intake; a positive one (or a behavioral program) leads to PHQ-9s.
        let mut depressed = ["bhi", "cocm"].contains(&client.program.as_str());
        if rng.u32(0..100) < 60 {
            let total = if rng.u32(0..100) < 35 { rng.u32(3..7) } else { rng.u32(0..3) };
            self.totalling(client, rng, Instrument::Phq2, total, enrolled)?;
            depressed |= total >= 3;
        }
        if depressed || rng.u32(0..100) < 15 {
            self.phq9_series(client, rng)?;
        }
        if depressed && rng.u32(0..100) < 60 || rng.u32(0..100) < 10 {
            let (back, total) = (rng.i64(0..300), rng.u32(2..18));
            self.totalling(client, rng, Instrument::Gad7, total, back)?;
        }
        if rng.u32(0..100) < 25 {
            let total = if rng.u32(0..100) < 30 { rng.u32(3..9) } else { rng.u32(0..3) };
            let back = rng.i64(0..365);
            self.totalling(client, rng, Instrument::Auditc, total, back)?;
        }
        if client.age_on(self.today()).is_some_and(|age| age >= 65) && rng.u32(0..100) < 70 {
            let (back, total) = (rng.i64(0..365), rng.u32(0..8));
            self.totalling(client, rng, Instrument::Steadi, total, back)?;
        }
        Ok(())
    }

    /// One to four PHQ-9s about three to four months apart, improving,
    /// worsening or flat; now and then item 9 above 0.
    fn phq9_series(&mut self, client: &Client, rng: &mut Rng) -> Result<()> {
        let count = rng.i64(1..5);
        let (mut total, step): (i32, i32) = match rng.u32(0..100) {
            0..50 => (rng.i32(12..24), -rng.i32(3..7)),
            50..75 => (rng.i32(5..12), rng.i32(2..6)),
            _ => (rng.i32(4..15), 0),
        };
        // The series fits in the client's time with the program.
        let enrolled = (self.today() - client.enrolled_on).num_days().max(0);
        let (latest, apart) = (rng.i64(0..90).min(enrolled), rng.i64(90..125));
        for n in (0..count.min((enrolled - latest) / apart + 1)).rev() {
            let mut answers = answers_for(rng, Instrument::Phq9, total.clamp(0, 24) as u32, 0..8);
            if rng.u32(0..100) < 6 {
                answers[8] = rng.u8(1..3);
            }
            self.assessment(client, rng, Instrument::Phq9, answers, latest + n * apart)?;
            total += step + rng.i32(-1..2);
        }
        Ok(())
    }

    /// For about half of an HRSN's housing, food, transport and utilities
    /// needs, a referral of that kind made within three weeks after, closed
    /// 3 to 44 days after it was sent unless that is still to come.
    fn sdoh_referrals(&mut self, client: &Client, rng: &mut Rng, hrsn: &Assessment) -> Result<()> {
        let taken_on = hrsn.taken_at.date_naive();
        let places =
            ["Riverton Housing Authority", "Riverton Food Bank", "County ride program", "Energy assistance office"];
        for ((flag, kind), to) in SOCIAL_NEEDS.into_iter().zip(places) {
            if !hrsn.has(flag) || rng.u32(0..100) >= 50 {
                continue;
            }
            let on = (taken_on + Duration::days(rng.i64(0..21))).min(self.today());
            let created_at = local_at(rng, self.now, on).min(self.now.instant).max(hrsn.taken_at);
            // The loop closes, mostly within a month (some later): a referral
            // from last year still "sent" would be a stale alert no team has.
            let closed_on = on + Duration::days(rng.i64(3..45));
            let (status, status_changed_on, outcome) = if closed_on >= self.today() {
                (ReferralStatus::Sent, on, None)
            } else {
                let (status, outcome) = match rng.u32(0..100) {
                    0..70 => (ReferralStatus::Completed, "Connected; help received."),
                    70..85 => (ReferralStatus::NoResponse, "No answer from the agency after two calls."),
                    _ => (ReferralStatus::Declined, "Client chose not to go ahead."),
                };
                (status, closed_on, Some(outcome.to_string()))
            };
            let referral = Referral {
                id: 0,
                client_id: client.id,
                to: to.to_string(),
                resource_id: None,
                kind,
                reason: "Need found on the social needs screening".into(),
                status,
                sent_on: Some(on),
                status_changed_on,
                outcome,
                created_by: client.coordinator.clone(),
                created_at,
            };
            referrals::insert(self.w.conn(), &referral, &client.coordinator, created_at)?;
        }
        Ok(())
    }

    /// Records one screening adding up to `total` (spread over all its items) `days_ago`.
    fn totalling(
        &mut self,
        client: &Client,
        rng: &mut Rng,
        instrument: Instrument,
        total: u32,
        days_ago: i64,
    ) -> Result<()> {
        let answers = answers_for(rng, instrument, total, 0..instrument.items().len());
        self.assessment(client, rng, instrument, answers, days_ago).map(drop)
    }

    /// Records one screening `days_ago` (not before enrollment), scored as
    /// the store scores it, recorded when it was taken.
    fn assessment(
        &mut self,
        client: &Client,
        rng: &mut Rng,
        instrument: Instrument,
        answers: Vec<u8>,
        days_ago: i64,
    ) -> Result<Assessment> {
        let on = self.days_from_today(-days_ago).max(client.enrolled_on);
        let taken_at = local_at(rng, self.now, on).min(self.now.instant);
        let mode = match rng.u32(0..100) {
            0..70 => Mode::Phone,
            70..85 => Mode::InPerson,
            85..95 => Mode::Video,
            _ => Mode::SelfReport,
        };
        let screening = Screening { client_id: client.id, instrument, answers, taken_at, mode };
        let mut assessment = screening.assess(client.gender, &client.coordinator, self.now.instant)?;
        assessment.id = assessments::insert(self.w.conn(), &assessment, &client.coordinator, taken_at)?;
        Ok(assessment)
    }
}

/// HRSN answers: the safety items mostly "Never"; needs now and then.
fn hrsn_answers(rng: &mut Rng) -> Vec<u8> {
    let mut chance = |percent: u32| u8::from(rng.u32(0..100) < percent);
    let mut answers = vec![
        chance(10) + chance(4),
        chance(8),
        chance(15) + chance(5),
        chance(10),
        chance(12),
        chance(8) + chance(2),
        1 + chance(6),
        1 + chance(10),
        1 + chance(4),
        1 + chance(10),
    ];
    if chance(2) == 1 {
        answers[7] = 4;
    }
    answers
}

/// A time in clinic hours (9 to 16) on a date, as a UTC instant.
fn local_at(rng: &mut Rng, now: Now, date: NaiveDate) -> DateTime<Utc> {
    let time = NaiveTime::from_hms_opt(rng.u32(9..16), rng.u32(0..4) * 15, 0).unwrap_or_default();
    now.zone.local_to_utc("demo", date.and_time(time)).unwrap_or_else(|_| date.and_time(time).and_utc())
}
