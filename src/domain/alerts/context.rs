//! What every rule reads besides its own records: now, the zone, the thresholds and holidays.

use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::record::{Alert, AlertKind, AlertRules, ClientFacts, Severity};
use crate::domain::time::Zone;

/// Everything a rule needs besides its own records.
pub(super) struct Context<'a> {
    pub(super) now: DateTime<Utc>,
    pub(super) zone: Zone,
    pub(super) today: NaiveDate,
    pub(super) rules: &'a AlertRules,
    pub(super) holidays: &'a [NaiveDate],
    /// Business days left in this month, counted once rather than per client.
    pub(super) business_days_left: u32,
}

impl Context<'_> {
    pub(super) fn days(&self, n: u32) -> Duration {
        Duration::days(i64::from(n))
    }

    /// Severity from the due date (SPEC §3).
    pub(super) fn severity(&self, kind: AlertKind, due: NaiveDate) -> Severity {
        if let Some(severity) = kind.fixed_severity() {
            severity
        } else if due < self.today {
            if kind.critical_when_late() { Severity::Critical } else { Severity::High }
        } else if due == self.today {
            if kind.critical_when_late() { Severity::High } else { Severity::Normal }
        } else {
            Severity::Low
        }
    }

    pub(super) fn alert(
        &self,
        kind: AlertKind,
        client: &ClientFacts,
        subject: Option<i64>,
        due: NaiveDate,
        message: String,
    ) -> Alert {
        Alert {
            kind,
            severity: self.severity(kind, due),
            client_id: client.id,
            client_name: Arc::clone(&client.name),
            subject,
            due,
            message,
            days_past_due: (self.today - due).num_days(),
        }
    }

    /// "Within the last N days": 0 to N days before today, both ends included.
    pub(super) fn within_last(&self, date: NaiveDate, days: u32) -> bool {
        date <= self.today && date >= self.today - self.days(days)
    }

    /// "Within the next N days": today to N days ahead, both included.
    pub(super) fn within_next(&self, date: NaiveDate, days: u32) -> bool {
        date >= self.today && date <= self.today + self.days(days)
    }
}

pub(super) fn contact_date(ctx: &Context<'_>, facts: &ClientFacts) -> Option<NaiveDate> {
    facts.last_contact_at.map(|at| ctx.zone.local_date(at))
}
