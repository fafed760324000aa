//! What a discharge leaves open, and how it is closed when the coordinator
//! says so: appointments still to come are cancelled, open follow-ups
//! (snoozed ones too) are cancelled, and referrals whose loop is still open
//! close as `declined` with an outcome saying why.
//!
//! Referrals have no "cancelled" status (SPEC §2). Of the statuses that close
//! the loop without a visit, `declined` says the referral will not be taken
//! up, which is what leaving care means; `no_response` would claim that the
//! destination never answered, which nobody observed. The outcome records
//! that it was the discharge.

use chrono::{DateTime, NaiveDate, Utc};

use super::Invalid;
use super::appointment::{Appointment, AppointmentStatus, Transport};
use super::followup::{Followup, FollowupStatus};
use super::referral::{Referral, ReferralStatus};
use super::wording::{and_list, counted};

/// The status a referral still open takes when its client is discharged.
pub const REFERRAL_AT_DISCHARGE: ReferralStatus = ReferralStatus::Declined;

/// The outcome a referral closed at discharge records.
pub const CLOSED_AT_DISCHARGE: &str = "Closed at discharge.";

/// One client's records still open at a moment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OpenWork {
    pub appointments: Vec<Appointment>,
    pub followups: Vec<Followup>,
    pub referrals: Vec<Referral>,
}

/// An appointment that has not started yet and is scheduled or confirmed.
pub fn appointment_is_open(appointment: &Appointment, now: DateTime<Utc>) -> bool {
    appointment.status.is_open() && appointment.starts_at > now
}

pub fn followup_is_open(followup: &Followup) -> bool {
    followup.status == FollowupStatus::Open
}

pub fn referral_is_open(referral: &Referral) -> bool {
    !referral.status.is_closed()
}

impl OpenWork {
    /// What of these records is still open at `now`, in the order given.
    pub fn of(
        now: DateTime<Utc>,
        appointments: &[Appointment],
        followups: &[Followup],
        referrals: &[Referral],
    ) -> OpenWork {
        OpenWork {
            appointments: appointments.iter().filter(|a| appointment_is_open(a, now)).cloned().collect(),
            followups: followups.iter().filter(|f| followup_is_open(f)).cloned().collect(),
            referrals: referrals.iter().filter(|r| referral_is_open(r)).cloned().collect(),
        }
    }

    /// How many records are open.
    pub fn len(&self) -> usize {
        self.appointments.len() + self.followups.len() + self.referrals.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The appointments with a ride arranged: cancelling them leaves the
    /// ride to be called off with whoever provides it.
    pub fn rides_arranged(&self) -> usize {
        self.appointments.iter().filter(|a| a.transport == Transport::Arranged).count()
    }

    /// What answering yes does, in words: "cancels the appointment and the
    /// follow-ups, and closes the referral as declined" (only what there is).
    pub fn what_cancelling_does(&self) -> String {
        let the = |count: usize, noun: &str| match count {
            0 => None,
            1 => Some(format!("the {noun}")),
            _ => Some(format!("the {noun}s")),
        };
        let cancelled: Vec<String> =
            [the(self.appointments.len(), "appointment"), the(self.followups.len(), "follow-up")]
                .into_iter()
                .flatten()
                .collect();
        let cancels = (!cancelled.is_empty()).then(|| format!("cancels {}", and_list(&cancelled)));
        let closes = the(self.referrals.len(), "referral").map(|referrals| format!("closes {referrals} as declined"));
        match (cancels, closes) {
            (Some(cancels), Some(closes)) => format!("{cancels}, and {closes}"),
            (one, other) => one.or(other).unwrap_or_default(),
        }
    }

    /// "2 appointments, 1 follow-up and 1 referral" (what there is of each).
    pub fn summary(&self) -> String {
        let parts: Vec<String> = [
            (self.appointments.len(), "appointment"),
            (self.followups.len(), "follow-up"),
            (self.referrals.len(), "referral"),
        ]
        .into_iter()
        .filter(|(count, _)| *count > 0)
        .map(|(count, noun)| counted(count, noun))
        .collect();
        if parts.is_empty() { "nothing".to_string() } else { and_list(&parts) }
    }
}

/// Cancels an appointment at discharge.
pub fn cancel_appointment(appointment: &mut Appointment, now: DateTime<Utc>) -> Result<(), Invalid> {
    appointment.set_status(AppointmentStatus::Cancelled, now)
}

/// Closes a referral at discharge on `today`, keeping any outcome it had.
pub fn close_referral(referral: &mut Referral, today: NaiveDate) -> Result<(), Invalid> {
    let outcome = match referral.outcome.as_deref() {
        Some(before) => format!("{before}\n{CLOSED_AT_DISCHARGE}"),
        None => CLOSED_AT_DISCHARGE.to_string(),
    };
    referral.update(REFERRAL_AT_DISCHARGE, Some(&outcome), today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::appointment::{AppointmentKind, Transport};
    use crate::domain::referral::ReferralKind;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).expect("instant").with_timezone(&Utc)
    }

    fn appointment(id: i64, starts: &str, status: AppointmentStatus) -> Appointment {
        Appointment {
            id,
            client_id: 1,
            starts_at: at(starts),
            minutes: 30,
            kind: AppointmentKind::Lab,
            with_whom: None,
            location: None,
            status,
            transport: Transport::NotNeeded,
            transport_details: None,
            notes: None,
            created_by: "casey".into(),
            created_at: at("2026-11-01T15:00:00Z"),
        }
    }

    fn referral(id: i64, status: ReferralStatus, outcome: Option<&str>) -> Referral {
        Referral {
            id,
            client_id: 1,
            to: "Northside Food Pantry".into(),
            resource_id: None,
            kind: ReferralKind::Food,
            reason: "food insecurity".into(),
            status,
            sent_on: None,
            status_changed_on: NaiveDate::from_ymd_opt(2026, 11, 1).expect("date"),
            outcome: outcome.map(str::to_string),
            created_by: "casey".into(),
            created_at: at("2026-11-01T15:00:00Z"),
        }
    }

    #[test]
    fn only_what_is_still_to_come_or_still_open_is_offered() {
        let now = at("2026-11-23T15:00:00Z");
        let appointments = [
            appointment(1, "2026-11-24T15:00:00Z", AppointmentStatus::Scheduled),
            appointment(2, "2026-11-25T15:00:00Z", AppointmentStatus::Confirmed),
            appointment(3, "2026-11-26T15:00:00Z", AppointmentStatus::Cancelled),
            // Past and still scheduled: its outcome is missing, not to be cancelled.
            appointment(4, "2026-11-20T15:00:00Z", AppointmentStatus::Scheduled),
        ];
        let mut done = Followup::new(1, "done one", NaiveDate::from_ymd_opt(2026, 11, 1).expect("date"), "casey", now);
        done.status = FollowupStatus::Done;
        let open = Followup::new(1, "call", NaiveDate::from_ymd_opt(2026, 11, 30).expect("date"), "casey", now);
        let referrals = [referral(7, ReferralStatus::Sent, None), referral(8, ReferralStatus::Completed, None)];
        let work = OpenWork::of(now, &appointments, &[done, open], &referrals);
        assert_eq!(work.appointments.iter().map(|a| a.id).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(work.followups.len(), 1);
        assert_eq!(work.referrals.iter().map(|r| r.id).collect::<Vec<_>>(), [7]);
        assert_eq!(work.summary(), "2 appointments, 1 follow-up and 1 referral");
        assert_eq!(
            work.what_cancelling_does(),
            "cancels the appointments and the follow-up, and closes the referral as declined"
        );
        let only_referrals = OpenWork { referrals: work.referrals.clone(), ..OpenWork::default() };
        assert_eq!(only_referrals.what_cancelling_does(), "closes the referral as declined");
        assert_eq!(work.rides_arranged(), 0);
        assert!(OpenWork::default().is_empty());
    }

    #[test]
    fn a_referral_closes_as_declined_and_keeps_its_outcome() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
        let mut fresh = referral(7, ReferralStatus::Sent, None);
        close_referral(&mut fresh, today).expect("closes");
        assert_eq!((fresh.status, fresh.outcome.as_deref()), (ReferralStatus::Declined, Some(CLOSED_AT_DISCHARGE)));
        assert_eq!(fresh.status_changed_on, today);
        let mut noted = referral(8, ReferralStatus::Scheduled, Some("intake on Friday"));
        close_referral(&mut noted, today).expect("closes");
        assert_eq!(noted.outcome.as_deref(), Some("intake on Friday\nClosed at discharge."));
    }
}
