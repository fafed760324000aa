//! A realistic synthetic caseload, relative to "now" and deterministic for a
//! seed: invented clients of the user (about one in five) and four invented
//! colleagues, with years of notes, appointments past and future, follow-ups,
//! referrals in every status, hospital stays, care plans and contacts, and
//! medications with the reconciliations and follow-up visits after a stay.
//! Everything goes in through the store's insert functions in one transaction.

mod medications;
mod programs;
mod screenings;
mod words;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use fastrand::Rng;

use crate::domain::appointment::{Appointment, AppointmentKind, AppointmentStatus, Transport};
use crate::domain::care_plan::{Goal, GoalStatus, Intervention, InterventionStatus, Problem, ProblemStatus};
use crate::domain::client::{Client, ClientStatus, Risk};
use crate::domain::contact::{Contact, Relationship};
use crate::domain::encounter::{Encounter, EncounterKind};
use crate::domain::followup::{Followup, FollowupStatus};
use crate::domain::note::{ContactType, Direction, Note, Outcome};
use crate::domain::program::Program;
use crate::domain::referral::{Referral, ReferralKind, ReferralStatus};
use crate::domain::resource::Resource;
use crate::domain::time::Now;
use crate::store::{AuditAction, Result, Store, Writer, bulk};
use crate::store::{appointments, care_plans, clients, contacts, encounters, followups, notes, referrals, resources};
use words::*;

/// How big a caseload, and from which seed.
#[derive(Debug, Clone, Copy)]
pub struct DemoOptions {
    pub clients: u32,
    pub seed: u64,
}

/// Fills the store with a demo caseload; the user of the store coordinates
/// about one client in five.
pub fn generate(store: &mut Store, options: DemoOptions, now: Now) -> Result<()> {
    let user = store.user().to_string();
    store.write(|w| {
        bulk::load(w, |w| {
            let first_mrn = w.conn().query_row("SELECT coalesce(max(id), 0) + 1 FROM client", [], |row| row.get(0))?;
            let mut demo = Demo {
                rng: Rng::with_seed(options.seed),
                seed: options.seed,
                w,
                now,
                user: &user,
                next_mrn: first_mrn,
            };
            demo.resources()?;
            for _ in 0..options.clients {
                demo.client()?;
            }
            let detail = crate::store::audit::counted(options.clients as usize, "client");
            w.audit_detail(AuditAction::Import, "demo", None, &detail)
        })
    })
}

struct Demo<'a, 'w> {
    rng: Rng,
    /// The demo's seed, from which each client's screenings are seeded.
    seed: u64,
    w: &'a Writer<'w>,
    now: Now,
    user: &'a str,
    /// MRNs count on from the highest client id, so a forced second demo never collides.
    next_mrn: i64,
}

impl Demo<'_, '_> {
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.rng.usize(..items.len())]
    }

    /// True with the given chance in percent.
    fn chance(&mut self, percent: u32) -> bool {
        self.rng.u32(0..100) < percent
    }

    fn today(&self) -> NaiveDate {
        self.now.today()
    }

    fn days_from_today(&self, days: i64) -> NaiveDate {
        self.today() + Duration::days(days)
    }

    /// A date some random number of days from today (negative: in the past).
    fn days_ahead(&mut self, range: std::ops::Range<i64>) -> NaiveDate {
        let days = self.rng.i64(range);
        self.days_from_today(days)
    }

    fn days_ago(&mut self, range: std::ops::Range<i64>) -> NaiveDate {
        let days = self.rng.i64(range);
        self.days_from_today(-days)
    }

    /// A local time of day on a date, as a UTC instant (clinic hours).
    fn at(&mut self, date: NaiveDate, from_hour: u32, to_hour: u32) -> DateTime<Utc> {
        let minute = self.rng.u32(0..4) * 15;
        let time = NaiveTime::from_hms_opt(self.rng.u32(from_hour..to_hour), minute, 0).unwrap_or_default();
        self.now.zone.local_to_utc("demo", date.and_time(time)).unwrap_or_else(|_| date.and_time(time).and_utc())
    }

    fn resources(&mut self) -> Result<()> {
        for (name, category, hours) in RESOURCES {
            let resource = Resource {
                id: 0,
                name: name.to_string(),
                organization: Some("Riverton Community Services".into()),
                category: Some(category.to_string()),
                phone: Some(format!("555-01{:02}", self.rng.u32(0..100))),
                address: Some(format!("{} {}", self.rng.u32(10..999), self.pick(STREETS))),
                hours: Some(hours.to_string()),
                eligibility: Some("Riverton county residents".into()),
                languages: Some("English, Spanish".into()),
                url: None,
                email: None,
                notes: None,
                hsds_id: None,
                created_by: self.user.to_string(),
                created_at: self.now.instant,
            };
            resources::insert(self.w.conn(), &resource, self.user, self.now.instant)?;
        }
        Ok(())
    }

    fn client(&mut self) -> Result<()> {
        let coordinator = if self.chance(20) { self.user.to_string() } else { self.pick(&COLLEAGUES).to_string() };
        let risk = match self.rng.u32(0..100) {
            0..20 => Risk::High,
            20..65 => Risk::Medium,
            _ => Risk::Low,
        };
        let programs = self.programs();
        let enrolled_days_ago = self.rng.i64(30..1500);
        let status_roll = self.rng.u32(0..100);
        let (status, discharged_on, discharge_reason) = match status_roll {
            0..6 => (
                ClientStatus::Discharged,
                Some(self.days_ago(1..enrolled_days_ago.min(180))),
                Some(self.pick(DISCHARGE_REASONS).to_string()),
            ),
            6..12 => (ClientStatus::OnHold, None, None),
            _ => (ClientStatus::Active, None, None),
        };
        let (language, interpreter_needed) = self.language();
        let mut client = Client {
            id: 0,
            mrn: Some(format!("D{:07}", self.next_mrn)),
            given_name: self.pick(GIVEN_NAMES).to_string(),
            family_name: self.pick(FAMILY_NAMES).to_string(),
            preferred_name: None,
            dob: Some(self.days_ago(19 * 365..97 * 365)),
            phone: Some(format!("555-01{:02}", self.rng.u32(0..100))),
            alt_phone: self.chance(30).then(|| format!("555-01{:02}", self.rng.u32(0..100))),
            address: Some(format!("{} {}, Riverton", self.rng.u32(1..2000), self.pick(STREETS))),
            language,
            interpreter_needed,
            gender: crate::domain::client::Gender::Unknown,
            program: programs[0].as_str().to_string(),
            risk,
            status,
            coordinator: coordinator.clone(),
            enrolled_on: self.days_from_today(-enrolled_days_ago),
            discharged_on,
            discharge_reason,
            payer: Some(self.pick(PAYERS).to_string()),
            member_id: Some(format!("M{:08}", self.rng.u32(0..100_000_000))),
            coverage_ends_on: Some(self.expiry()),
            consent_expires_on: Some(self.expiry()),
            tags: (0..self.rng.usize(0..3)).map(|_| self.pick(TAGS).to_string()).collect(),
            revision: 1,
            created_by: coordinator.clone(),
            created_at: self.now.instant,
            updated_at: self.now.instant,
        };
        if self.chance(15) {
            client.preferred_name = Some(self.pick(GIVEN_NAMES).to_string());
        }
        let mut screening_rng = screenings::client_rng(self.seed, self.next_mrn);
        client.gender = screenings::gender(&mut screening_rng, &client.given_name);
        client.normalize();
        client.id = clients::insert(self.w.conn(), &client, &coordinator, self.now.instant)?;
        self.next_mrn += 1;
        let timed = programs::timed(&self.enroll(&client, &programs)?);
        self.notes(&client, enrolled_days_ago, &timed)?;
        if client.status != ClientStatus::Discharged {
            self.this_month(&client, &timed)?;
        }
        self.appointments(&client)?;
        self.followups(&client)?;
        self.referrals(&client)?;
        // Transitional care follows a discharge.
        let mut hospital = None;
        if client.status == ClientStatus::Active && (self.chance(4) || programs.contains(&Program::Tcm)) {
            let encounter = self.encounter(&client)?;
            if programs.contains(&Program::Tcm)
                && let Some(discharged_on) = encounter.discharged_on
            {
                self.transition_care(&client, discharged_on)?;
            }
            hospital = Some(encounter);
        }
        // Everyone but the newly enrolled has a care plan by now.
        if enrolled_days_ago > 45 || self.chance(50) {
            self.care_plan(&client)?;
        }
        self.screenings(&client, &mut screening_rng)?;
        self.contacts(&client)?;
        self.medication_history(&client, hospital.as_ref())
    }

    fn language(&mut self) -> (Option<String>, bool) {
        let mut roll = self.rng.u32(0..1000);
        for (language, share) in LANGUAGES {
            if roll < *share {
                return (Some(language.to_string()), self.chance(70));
            }
            roll -= share;
        }
        (Some("English".into()), false)
    }

    /// A coverage or consent end: now and then soon or just past, mostly far off.
    fn expiry(&mut self) -> NaiveDate {
        if self.chance(8) { self.days_ahead(-10..40) } else { self.days_ahead(60..700) }
    }

    fn notes(&mut self, client: &Client, enrolled_days_ago: i64, timed: &[Program]) -> Result<()> {
        // One client in fifteen has gone quiet: nothing in the last 45 days.
        let quiet = self.chance(7);
        let newest = if quiet { 45 } else { 1 };
        let count = self.rng.usize(5..36);
        for _ in 0..count {
            let span = (enrolled_days_ago - newest).max(1) as f64;
            // Squaring a uniform number packs the notes towards the present.
            let back = newest + (span * self.rng.f64().powi(2)) as i64;
            let contact_at = self.at(self.days_from_today(-back), 8, 17).min(self.now.instant);
            let contact_type = match self.rng.u32(0..100) {
                0..70 => ContactType::Phone,
                70..75 => ContactType::Video,
                75..85 => ContactType::InPerson,
                85..90 => ContactType::Text,
                90..95 => ContactType::Email,
                _ => ContactType::ChartReview,
            };
            let outcome = match contact_type {
                ContactType::Phone => match self.rng.u32(0..100) {
                    0..60 => Outcome::Reached,
                    60..85 => Outcome::Voicemail,
                    85..97 => Outcome::NoAnswer,
                    _ => Outcome::WrongNumber,
                },
                ContactType::ChartReview | ContactType::Email => Outcome::NotApplicable,
                _ => Outcome::Reached,
            };
            let minutes = match (contact_type, outcome) {
                (ContactType::InPerson, _) => self.rng.u32(20..61),
                (_, Outcome::Reached) => self.rng.u32(5..31),
                (ContactType::ChartReview, _) => self.rng.u32(5..16),
                _ => self.rng.u32(1..3),
            };
            let body = if outcome == Outcome::Reached {
                format!("{} {} {}", self.pick(REACHED), self.pick(TOPICS), self.pick(PLANS))
            } else if contact_type == ContactType::ChartReview {
                format!("Chart review. {} {}", self.pick(TOPICS), self.pick(PLANS))
            } else {
                self.pick(NOT_REACHED).to_string()
            };
            let note = Note {
                id: 0,
                client_id: client.id,
                author: client.coordinator.clone(),
                contact_at,
                contact_type,
                direction: if self.chance(80) { Direction::Outbound } else { Direction::Inbound },
                outcome,
                minutes,
                body,
                program: self.note_program(timed),
                addendum_of: None,
                created_at: self.now.instant,
            };
            let id = notes::insert(self.w.conn(), &note, self.now.instant)?;
            if self.chance(1) {
                let addendum = Note {
                    addendum_of: Some(id),
                    outcome: Outcome::NotApplicable,
                    minutes: 0,
                    program: None,
                    body: "Addendum: corrected the medication name in the note above.".into(),
                    ..note
                };
                notes::insert(self.w.conn(), &addendum, self.now.instant)?;
            }
        }
        // The latest reached call: within about one cadence for most clients,
        // six weeks or more ago for the quiet ones.
        let cadence = match client.risk {
            Risk::High => 9,
            Risk::Medium => 18,
            Risk::Low => 36,
        };
        let back = if quiet { self.rng.i64(45..90) } else { self.rng.i64(1..cadence) };
        let latest = Note {
            id: 0,
            client_id: client.id,
            author: client.coordinator.clone(),
            contact_at: self.at(self.days_from_today(-back.min(enrolled_days_ago)), 8, 17),
            contact_type: ContactType::Phone,
            direction: Direction::Outbound,
            outcome: Outcome::Reached,
            minutes: self.rng.u32(5..31),
            body: format!("{} {} {}", self.pick(REACHED), self.pick(TOPICS), self.pick(PLANS)),
            program: self.note_program(timed),
            addendum_of: None,
            created_at: self.now.instant,
        };
        notes::insert(self.w.conn(), &latest, self.now.instant)?;
        Ok(())
    }

    fn appointments(&mut self, client: &Client) -> Result<()> {
        let mut days: Vec<i64> = (0..3).map(|_| -self.rng.i64(1..180)).collect();
        days.extend((0..2).map(|_| self.rng.i64(1..60)));
        if client.status == ClientStatus::Active && self.chance(12) {
            days.push(0);
        }
        for day in days {
            let starts_at = self.at(self.days_from_today(day), 8, 17);
            // Every roll is drawn whether the visit is past or not: whether one
            // made for today is past depends on the clock's time of day, and
            // drawing more or fewer numbers then would change every client
            // after it (two demos of one seed on one day would differ).
            let (outcome_roll, still_open, scheduled) = (self.rng.u32(0..100), self.chance(8), self.chance(60));
            let status = if starts_at < self.now.instant {
                // Only recent visits may still wait for their outcome.
                match outcome_roll {
                    _ if day > -14 && still_open => AppointmentStatus::Scheduled,
                    0..84 => AppointmentStatus::Completed,
                    84..92 => AppointmentStatus::NoShow,
                    _ => AppointmentStatus::Cancelled,
                }
            } else if scheduled {
                AppointmentStatus::Scheduled
            } else {
                AppointmentStatus::Confirmed
            };
            let transport = match self.rng.u32(0..100) {
                0..15 => Transport::Needed,
                15..25 => Transport::Arranged,
                _ => Transport::NotNeeded,
            };
            let kind = self.pick(AppointmentKind::ALL);
            let appointment = Appointment {
                id: 0,
                client_id: client.id,
                starts_at,
                minutes: self.pick(&[20, 30, 30, 45, 60]),
                kind,
                with_whom: Some(self.pick(CLINICIANS).to_string()),
                location: Some(
                    if kind == AppointmentKind::HomeVisit { "Client's home" } else { self.pick(LOCATIONS) }.to_string(),
                ),
                status,
                transport,
                transport_details: (transport == Transport::Arranged)
                    .then(|| "County Ride Program, pickup 30 min before".into()),
                notes: None,
                created_by: client.coordinator.clone(),
                created_at: self.now.instant,
            };
            appointments::insert(self.w.conn(), &appointment, &client.coordinator, self.now.instant)?;
        }
        Ok(())
    }

    fn followups(&mut self, client: &Client) -> Result<()> {
        for _ in 0..self.rng.usize(0..5) {
            let status = match self.rng.u32(0..100) {
                0..60 => FollowupStatus::Open,
                60..95 => FollowupStatus::Done,
                _ => FollowupStatus::Cancelled,
            };
            // Open ones mostly lie ahead; a few are late.
            let due_on = if status == FollowupStatus::Open { self.days_ahead(-6..28) } else { self.days_ago(1..60) };
            let snoozed = status == FollowupStatus::Open && self.chance(5);
            let followup = Followup {
                id: 0,
                client_id: client.id,
                title: self.pick(FOLLOWUP_TITLES).to_string(),
                due_on,
                status,
                done_at: (status == FollowupStatus::Done)
                    .then(|| self.now.instant - Duration::days(self.rng.i64(0..20))),
                done_by: (status == FollowupStatus::Done).then(|| client.coordinator.clone()),
                snoozed_until: if snoozed { Some(self.days_ahead(1..10)) } else { None },
                snooze_reason: snoozed.then(|| "Client travelling; call when back".into()),
                created_by: client.coordinator.clone(),
                created_at: self.now.instant,
            };
            followups::insert(self.w.conn(), &followup, &client.coordinator, self.now.instant)?;
        }
        Ok(())
    }

    fn referrals(&mut self, client: &Client) -> Result<()> {
        for _ in 0..self.rng.usize(0..3) {
            let (kind, to, reason) = self.pick(REFERRALS);
            let status = self.pick(ReferralStatus::ALL);
            let changed = if status == ReferralStatus::Sent { self.days_ago(0..24) } else { self.days_ago(0..90) };
            let sent_on = (status != ReferralStatus::Draft).then(|| changed - Duration::days(self.rng.i64(0..20)));
            let referral = Referral {
                id: 0,
                client_id: client.id,
                to: to.to_string(),
                resource_id: None,
                kind: kind.parse::<ReferralKind>()?,
                reason: reason.to_string(),
                status,
                sent_on: if status == ReferralStatus::Sent { Some(changed) } else { sent_on },
                status_changed_on: changed,
                outcome: status.is_closed().then(|| "Loop closed with the client".into()),
                created_by: client.coordinator.clone(),
                created_at: self.now.instant,
            };
            referrals::insert(self.w.conn(), &referral, &client.coordinator, self.now.instant)?;
        }
        Ok(())
    }

    /// A hospital stay ended within the last five weeks.
    fn encounter(&mut self, client: &Client) -> Result<Encounter> {
        let kind = match self.rng.u32(0..100) {
            0..50 => EncounterKind::Inpatient,
            50..70 => EncounterKind::Observation,
            70..80 => EncounterKind::Snf,
            _ => EncounterKind::Ed,
        };
        let discharged_on = self.days_ago(0..35);
        let mut encounter = Encounter {
            id: 0,
            client_id: client.id,
            kind,
            facility: self.pick(FACILITIES).to_string(),
            admitted_on: discharged_on - Duration::days(self.rng.i64(0..10)),
            discharged_on: Some(discharged_on),
            reason: medications::hospital_reason(self.seed, client.id, kind),
            created_by: client.coordinator.clone(),
            created_at: self.now.instant,
        };
        encounter.id = encounters::insert(self.w.conn(), &encounter, &client.coordinator, self.now.instant)?;
        Ok(encounter)
    }

    fn care_plan(&mut self, client: &Client) -> Result<()> {
        let by = client.coordinator.as_str();
        for _ in 0..self.rng.usize(1..4) {
            let (problem_text, goal_text, intervention_text) = self.pick(PROBLEMS);
            let problem = Problem {
                id: 0,
                client_id: client.id,
                description: problem_text.to_string(),
                status: if self.chance(85) { ProblemStatus::Active } else { ProblemStatus::Resolved },
                created_by: by.to_string(),
                created_at: self.now.instant,
            };
            let problem_id = care_plans::insert_problem(self.w.conn(), &problem, by, self.now.instant)?;
            let goal = Goal {
                id: 0,
                client_id: client.id,
                problem_id: Some(problem_id),
                description: goal_text.to_string(),
                target_on: Some(self.days_ahead(-10..180)),
                status: match self.rng.u32(0..100) {
                    0..70 => GoalStatus::Active,
                    70..80 => GoalStatus::Proposed,
                    80..92 => GoalStatus::Achieved,
                    _ => GoalStatus::NotAchieved,
                },
                created_by: by.to_string(),
                created_at: self.now.instant,
            };
            let goal_id = care_plans::insert_goal(self.w.conn(), &goal, by, self.now.instant)?;
            let intervention = Intervention {
                id: 0,
                client_id: client.id,
                goal_id: Some(goal_id),
                description: intervention_text.to_string(),
                owner: Some(by.to_string()),
                status: self.pick(&[
                    InterventionStatus::Planned,
                    InterventionStatus::InProgress,
                    InterventionStatus::Done,
                ]),
                created_by: by.to_string(),
                created_at: self.now.instant,
            };
            care_plans::insert_intervention(self.w.conn(), &intervention, by, self.now.instant)?;
        }
        let enrolled_days_ago = (self.today() - client.enrolled_on).num_days();
        if enrolled_days_ago > 45 || self.chance(50) {
            let reviewed = self.days_ago(0..105.min(enrolled_days_ago.max(1)));
            care_plans::set_reviewed(self.w.conn(), client.id, reviewed, by)?;
        }
        Ok(())
    }

    fn contacts(&mut self, client: &Client) -> Result<()> {
        for _ in 0..self.rng.usize(1..4) {
            let relationship =
                self.pick(&[Relationship::Caregiver, Relationship::Family, Relationship::Pcp, Relationship::Pharmacy]);
            let (name, organization) = match relationship {
                Relationship::Pcp => (self.pick(CLINICIANS).to_string(), Some("Riverton Clinic".to_string())),
                Relationship::Pharmacy => ("Northside Pharmacy".to_string(), Some("Northside Pharmacy".to_string())),
                _ => (format!("{} {}", self.pick(GIVEN_NAMES), client.family_name), None),
            };
            let contact = Contact {
                id: 0,
                client_id: client.id,
                name,
                relationship,
                phone: Some(format!("555-01{:02}", self.rng.u32(0..100))),
                email: None,
                organization,
                on_care_team: relationship == Relationship::Pcp || self.chance(30),
                may_share_info: self.chance(70),
                created_by: client.coordinator.clone(),
                created_at: self.now.instant,
            };
            contacts::insert(self.w.conn(), &contact, &client.coordinator, self.now.instant)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::Sharing;
    use crate::store::OpenOptions;
    use crate::store::clients::ClientFilter;

    fn now() -> Now {
        Now::new(
            chrono::DateTime::parse_from_rfc3339("2026-11-23T15:00:00Z").expect("instant").with_timezone(&Utc),
            crate::domain::time::Zone::UTC,
        )
    }

    fn demo_options() -> OpenOptions {
        OpenOptions {
            user: "casey".into(),
            os_user: "casey".into(),
            now: now().instant,
            sharing: Sharing::Private,
            busy_timeout: std::time::Duration::from_secs(5),
        }
    }

    fn demo(dir: &std::path::Path, name: &str, seed: u64) -> Store {
        let mut store = Store::open(&dir.join(name), &demo_options()).expect("store");
        generate(&mut store, DemoOptions { clients: 200, seed }, now()).expect("demo");
        store
    }

    fn dump(store: &Store) -> Vec<String> {
        let mut rows = Vec::new();
        for (table, _) in store.table_counts().expect("tables") {
            let mut statement = store.conn().prepare(&format!("SELECT * FROM {table} ORDER BY rowid")).expect("select");
            let width = statement.column_count();
            let mut query = statement.query([]).expect("query");
            while let Some(row) = query.next().expect("row") {
                let cells: Vec<String> = (0..width).map(|i| format!("{:?}", row.get_ref(i).expect("cell"))).collect();
                rows.push(format!("{table}: {}", cells.join("|")));
            }
        }
        rows
    }

    #[test]
    fn the_same_seed_and_clock_give_the_same_caseload() {
        let dir = tempfile::tempdir().expect("dir");
        let first = dump(&demo(dir.path(), "a.db", 7));
        assert_eq!(first, dump(&demo(dir.path(), "b.db", 7)));
        assert_ne!(first, dump(&demo(dir.path(), "c.db", 8)));
    }

    #[test]
    fn notes_are_searchable_after_the_demo_and_new_ones_still_get_indexed() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = demo(dir.path(), "demo.db", 5);
        assert!(!store.search("metformin", None, 5).expect("search").is_empty());
        let client = store.clients(&ClientFilter::default()).expect("clients")[0].id;
        let mut note = store.client_notes(client, Some(1)).expect("notes")[0].clone();
        note.body = "Zanzibarian spice allergy noted.".into();
        note.contact_at = now().instant;
        store.add_note(note).expect("note");
        let hits = store.search("zanzibarian", None, 5).expect("search");
        assert_eq!(hits.iter().filter(|h| h.kind == "note").count(), 1);
    }

    #[test]
    fn the_user_gets_about_a_fifth_and_every_kind_of_record_appears() {
        let dir = tempfile::tempdir().expect("dir");
        let store = demo(dir.path(), "demo.db", 3);
        let all = store.clients(&ClientFilter::default()).expect("clients");
        let mine = all.iter().filter(|c| c.coordinator == "casey").count();
        assert_eq!(all.len(), 200);
        assert!((25..=55).contains(&mine), "{mine} of 200 are the user's");
        let statuses: std::collections::BTreeSet<String> = store
            .conn()
            .prepare("SELECT DISTINCT status FROM referral")
            .expect("query")
            .query_map([], |row| row.get(0))
            .expect("rows")
            .collect::<rusqlite::Result<_>>()
            .expect("statuses");
        assert_eq!(statuses.len(), ReferralStatus::ALL.len(), "{statuses:?}");
        let counts: std::collections::HashMap<&str, i64> = store.table_counts().expect("counts").into_iter().collect();
        for table in ["note", "appointment", "followup", "referral", "contact", "problem", "goal", "resource"] {
            assert!(counts[table] > 0, "no {table}");
        }
        assert!((counts["note"] as f64 / 200.0) > 15.0, "about twenty notes a client");
        let (start, end) = now().zone.local_day_bounds(now().today());
        let today: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM appointment a JOIN client c ON c.id = a.client_id
                 WHERE c.coordinator = 'casey' AND a.starts_at >= ?1 AND a.starts_at < ?2",
                [crate::domain::time::to_stored(start), crate::domain::time::to_stored(end)],
                |row| row.get(0),
            )
            .expect("count");
        assert!(today > 0, "the user has appointments today");
    }

    #[test]
    fn screening_histories_improve_worsen_and_find_needs_some_referred_and_some_not() {
        use crate::domain::client::Gender;
        use crate::domain::screening::{Flag, Instrument, Trend, trend};
        let dir = tempfile::tempdir().expect("dir");
        let store = demo(dir.path(), "demo.db", 3);
        let clients = store.clients(&ClientFilter::default()).expect("clients");
        let genders: std::collections::BTreeSet<Gender> = clients.iter().map(|c| c.gender).collect();
        assert_eq!(genders.len(), Gender::ALL.len(), "{genders:?}");
        let (mut trends, mut item9, mut referred, mut unreferred) = (Vec::new(), 0, 0, 0);
        let referrals = store.referrals(&Default::default()).expect("referrals");
        for client in &clients {
            let history = store.assessments(client.id).expect("history");
            let phq9: Vec<_> = history.iter().filter(|a| a.instrument == Instrument::Phq9).collect();
            for pair in phq9.windows(2) {
                assert!((pair[1].taken_at - pair[0].taken_at).num_days() >= 60, "PHQ-9s months apart");
            }
            trends.extend(trend(Instrument::Phq9, &phq9.iter().map(|a| a.score).collect::<Vec<_>>()));
            item9 += phq9.iter().filter(|a| a.has(Flag::Item9)).count();
            for hrsn in history.iter().filter(|a| a.instrument == Instrument::Hrsn) {
                for (flag, kind) in [(Flag::Housing, "housing"), (Flag::Food, "food"), (Flag::Transport, "transport")] {
                    if hrsn.has(flag) {
                        let after = referrals.iter().any(|r| {
                            r.record.client_id == client.id
                                && r.record.kind.as_str() == kind
                                && r.record.created_at >= hrsn.taken_at
                        });
                        if after { referred += 1 } else { unreferred += 1 }
                    }
                }
            }
            let older = client.age_on(now().today()).is_some_and(|age| age >= 65);
            assert!(older || !history.iter().any(|a| a.instrument == Instrument::Steadi), "STEADI for older clients");
            assert!(
                history.iter().all(|a| a.taken_at.date_naive() >= client.enrolled_on && a.taken_at <= now().instant)
            );
        }
        for wanted in [Trend::Response, Trend::Worsening, Trend::NoClearChange] {
            assert!(trends.contains(&wanted), "a {wanted} series among {trends:?}");
        }
        assert!(item9 > 0, "a few PHQ-9s with item 9 above 0");
        assert!(referred > 0 && unreferred > 0, "needs referred {referred}, not referred {unreferred}");
    }

    #[test]
    fn every_transition_measure_has_events_met_missed_and_pending_over_ninety_days() {
        use crate::domain::quality::{Counting, EventOutcome, Measure, Period, measures};
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::open(&dir.path().join("demo.db"), &demo_options()).expect("store");
        generate(&mut store, DemoOptions { clients: 1000, seed: 7 }, now()).expect("demo");
        let today = now().today();
        let period = Period { from: today - Duration::days(90), to: today };
        let records = store.quality_records(None, &period, now().zone).expect("records");
        let counting = Counting { period, today, zone: now().zone, holidays: &[] };
        for result in measures(&counting, &records) {
            let outcomes: std::collections::BTreeSet<EventOutcome> = result.events.iter().map(|e| e.outcome).collect();
            let wanted = if result.measure == Measure::Phq9Followup {
                // 120 to 240 days after a screening: nothing screened in 90 days is met or missed yet.
                vec![EventOutcome::Pending]
            } else {
                EventOutcome::ALL.to_vec()
            };
            for outcome in wanted {
                assert!(outcomes.contains(&outcome), "{} has no {outcome} event: {result:?}", result.measure);
            }
        }
        let medications: i64 = store.conn().query_row("SELECT count(*) FROM medication", [], |r| r.get(0)).expect("n");
        let stopped: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM medication WHERE stopped_on IS NOT NULL", [], |r| r.get(0))
            .expect("n");
        assert!(medications > 2500 && stopped > 100, "{medications} medications, {stopped} stopped");
    }
}
