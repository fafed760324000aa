//! Discharging a client, and closing what the discharge leaves open (its
//! appointments still to come, open follow-ups and open referrals): each
//! closing is one transaction, all of it or nothing, audited per record.

use chrono::NaiveDate;

use super::appointments::AppointmentFilter;
use super::followups::FollowupFilter;
use super::referrals::ReferralFilter;
use super::{AuditAction, Result, Store, Writer, appointments, clients, enrollments, followups, referrals};
use crate::domain::Invalid;
use crate::domain::client::ClientStatus;
use crate::domain::discharge::{
    OpenWork, appointment_is_open, cancel_appointment, close_referral, followup_is_open, referral_is_open,
};
use crate::domain::time::Now;

/// The audit detail of a record closed because its client was discharged.
const DETAIL: &str = "closed at discharge";

impl Store {
    /// Marks a client discharged (never deleted) and, in the same
    /// transaction, closes `open` (what was found still open; an empty one
    /// closes nothing). Returns how many records it closed.
    pub fn discharge_client(
        &mut self,
        id: i64,
        on: NaiveDate,
        reason: &str,
        now: Now,
        open: &OpenWork,
    ) -> Result<usize> {
        let mut client = self.client(id)?;
        if client.status == ClientStatus::Discharged {
            return Err(Invalid::new("status", format!("client {id} is already discharged"), "nothing to do").into());
        }
        client.status = ClientStatus::Discharged;
        client.discharged_on = Some(on);
        let reason = crate::domain::validation::required_text("reason", reason)?;
        client.discharge_reason = Some(reason.clone());
        client.normalize();
        client.validate(now.today())?;
        // The client leaves every program with the caseload (the row keeps
        // showing the last one).
        self.write(|w| {
            clients::update(w, &client)?;
            enrollments::end_open(w, id, on, &reason)?;
            close(w, id, open, now)
        })
    }

    /// Closes what a discharge left open of one client, in one transaction:
    /// every record of `open` that is still open is closed, or (on any
    /// error) none is. Returns how many it closed; one a colleague closed
    /// meanwhile is left as they left it.
    pub fn close_open_work(&mut self, client_id: i64, open: &OpenWork, now: Now) -> Result<usize> {
        self.write(|w| close(w, client_id, open, now))
    }

    /// What of one client's records is still open at `now`.
    pub fn open_work(&self, client_id: i64, now: Now) -> Result<OpenWork> {
        let appointments: Vec<_> = self
            .appointments(&AppointmentFilter { client_id: Some(client_id), ..AppointmentFilter::default() })?
            .into_iter()
            .map(|item| item.record)
            .collect();
        let followups: Vec<_> = self
            .followups(&FollowupFilter { client_id: Some(client_id), ..FollowupFilter::default() })?
            .into_iter()
            .map(|item| item.record)
            .collect();
        let referrals: Vec<_> = self
            .referrals(&ReferralFilter { client_id: Some(client_id), ..ReferralFilter::default() })?
            .into_iter()
            .map(|item| item.record)
            .collect();
        Ok(OpenWork::of(now.instant, &appointments, &followups, &referrals))
    }
}

/// Each record of `open` read again, checked to be the client's, and closed
/// if it is still open.
fn close(w: &Writer<'_>, client_id: i64, open: &OpenWork, now: Now) -> Result<usize> {
    let mut closed = 0;
    for listed in &open.appointments {
        let mut appointment = appointments::read(w.conn(), listed.id)?;
        belongs("appointment", listed.id, appointment.client_id, client_id)?;
        if appointment_is_open(&appointment, now.instant) {
            cancel_appointment(&mut appointment, now.instant)?;
            appointments::save(w, &appointment, DETAIL)?;
            closed += 1;
        }
    }
    for listed in &open.followups {
        let mut followup = followups::read(w.conn(), listed.id)?;
        belongs("follow-up", listed.id, followup.client_id, client_id)?;
        if followup_is_open(&followup) {
            followup.cancel()?;
            followups::save(w, &followup, AuditAction::Update, DETAIL)?;
            closed += 1;
        }
    }
    for listed in &open.referrals {
        let mut referral = referrals::read(w.conn(), listed.id)?;
        belongs("referral", listed.id, referral.client_id, client_id)?;
        if referral_is_open(&referral) {
            close_referral(&mut referral, now.today())?;
            referrals::save(w, &referral, DETAIL)?;
            closed += 1;
        }
    }
    Ok(closed)
}

fn belongs(record: &str, id: i64, owner: i64, client_id: i64) -> Result<()> {
    if owner == client_id {
        return Ok(());
    }
    Err(Invalid::new(
        "client",
        format!("{record} {id} belongs to another client, not client {client_id}"),
        "show the client again and repeat the discharge",
    )
    .into())
}
