//! The caseload's triage order (SPEC §3): highest alert severity, then most
//! days past due, then risk, then longest since the last contact, then name.
//! Shared by the command line and the interface.

use std::cmp::Reverse;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use super::alerts::{Alert, ClientFacts, Severity};
use super::client::Risk;
use super::time::Zone;

/// One line of the caseload: a client and the summary of their alerts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TriageRow {
    pub client_id: i64,
    pub client_name: Arc<str>,
    pub risk: Risk,
    /// Shared with the facts (a team names a handful of programs).
    pub program: Arc<str>,
    /// The worst severity among the client's alerts, if any.
    pub severity: Option<Severity>,
    pub alert_count: usize,
    /// The earliest due date among the client's alerts of the worst severity.
    pub next_due: Option<NaiveDate>,
    pub days_past_due: i64,
    pub last_contact_on: Option<NaiveDate>,
}

/// The clients in triage order, each with its alert summary; last contacts
/// are dated in `zone`.
pub fn triage(clients: &[ClientFacts], alerts: &[Alert], zone: Zone) -> Vec<TriageRow> {
    // One summary per client, built in one pass (no list of alerts per client).
    let mut by_client: HashMap<i64, Summary> = HashMap::with_capacity(clients.len());
    for alert in alerts {
        by_client.entry(alert.client_id).or_default().add(alert);
    }
    let mut rows: Vec<TriageRow> = clients
        .iter()
        .map(|facts| {
            let own = by_client.get(&facts.id).copied().unwrap_or_default();
            TriageRow {
                client_id: facts.id,
                client_name: Arc::clone(&facts.name),
                risk: facts.risk,
                program: Arc::clone(&facts.program),
                severity: own.severity,
                alert_count: own.count,
                next_due: own.next_due,
                days_past_due: own.days_past_due.unwrap_or(i64::MIN).max(0),
                last_contact_on: facts.last_contact_at.map(|at| zone.local_date(at)),
            }
        })
        .collect();
    rows.sort_by_cached_key(triage_key);
    rows
}

/// What a row says of a client's alerts.
#[derive(Debug, Clone, Copy, Default)]
struct Summary {
    severity: Option<Severity>,
    count: usize,
    next_due: Option<NaiveDate>,
    days_past_due: Option<i64>,
}

impl Summary {
    /// Lateness and the next due date come from the alerts of the worst
    /// severity only: a low reminder years overdue (a screening never given)
    /// must not outrank, or be shown instead of, the high alert that drives
    /// the client's place in the order.
    fn add(&mut self, alert: &Alert) {
        self.count += 1;
        let rank = alert.severity.rank();
        match self.severity.map(Severity::rank) {
            Some(worst) if rank > worst => {}
            Some(worst) if rank == worst => {
                self.next_due = self.next_due.map(|due| due.min(alert.due));
                self.days_past_due = self.days_past_due.map(|days| days.max(alert.days_past_due));
            }
            _ => {
                self.severity = Some(alert.severity);
                self.next_due = Some(alert.due);
                self.days_past_due = Some(alert.days_past_due);
            }
        }
    }
}

impl AsRef<TriageRow> for TriageRow {
    fn as_ref(&self) -> &TriageRow {
        self
    }
}

/// Replaces the rows of `clients` in a list in triage order with `fresh`
/// ones (from `triage` over just those clients' facts and alerts; a client
/// no longer active in scope has none), keeping the order. `T` is the row
/// or a screen's row that holds one.
pub fn replace_clients<T: AsRef<TriageRow>>(rows: &mut Vec<T>, clients: &BTreeSet<i64>, fresh: Vec<T>) {
    rows.retain(|row| !clients.contains(&row.as_ref().client_id));
    for row in fresh.into_iter().filter(|row| clients.contains(&row.as_ref().client_id)) {
        let key = triage_key(row.as_ref());
        let at = rows.partition_point(|other| triage_key(other.as_ref()) < key);
        rows.insert(at, row);
    }
}

/// Severity, most days past due, risk, longest since contact (never contacted
/// first), name ignoring case, id.
fn triage_key(row: &TriageRow) -> (u8, Reverse<i64>, u8, Option<NaiveDate>, String, i64) {
    (
        row.severity.map_or(u8::MAX, Severity::rank),
        Reverse(row.days_past_due),
        row.risk.rank(),
        row.last_contact_on,
        row.client_name.to_lowercase(),
        row.client_id,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::alerts::AlertKind;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).expect("date")
    }

    fn facts(id: i64, family: &str, risk: Risk, contact: Option<u32>) -> ClientFacts {
        let mut client = crate::domain::client::tests::sample(day(1));
        client.id = id;
        client.family_name = family.into();
        client.risk = risk;
        ClientFacts {
            last_contact_at: contact.map(|d| day(d).and_hms_opt(12, 0, 0).expect("time").and_utc()),
            ..ClientFacts::of(&client)
        }
    }

    fn alert(client_id: i64, severity: Severity, days_past_due: i64) -> Alert {
        Alert {
            kind: AlertKind::FollowupDue,
            severity,
            client_id,
            client_name: "".into(),
            subject: None,
            due: day(23) - chrono::Duration::days(days_past_due),
            message: String::new(),
            days_past_due,
        }
    }

    #[test]
    fn severity_then_lateness_then_risk_then_contact_then_name() {
        let clients = vec![
            facts(1, "Able", Risk::Low, Some(20)),
            facts(2, "Baker", Risk::High, Some(20)),
            facts(3, "Cole", Risk::Low, Some(20)),
            facts(4, "Dunn", Risk::Low, Some(20)),
            facts(5, "Eady", Risk::High, Some(10)),
            facts(6, "Ford", Risk::High, None),
            facts(7, "Gale", Risk::High, Some(10)),
            facts(8, "Hart", Risk::Low, None),
        ];
        let alerts = vec![
            alert(1, Severity::High, 2),
            alert(3, Severity::Critical, 1),
            alert(4, Severity::High, 9),
            alert(4, Severity::Low, -3),
            alert(2, Severity::High, 2),
            alert(5, Severity::Normal, 0),
            alert(6, Severity::Normal, 0),
            alert(7, Severity::Normal, 0),
        ];
        let order: Vec<i64> =
            triage(&clients, &alerts, crate::domain::time::zones::chicago()).iter().map(|r| r.client_id).collect();
        // 3 critical; 4 most days late; 2 beats 1 on risk; 6 never contacted,
        // then 5 and 7 (same contact) by name; 8 has no alerts.
        assert_eq!(order, vec![3, 4, 2, 1, 6, 5, 7, 8]);
        let rows = triage(&clients, &alerts, crate::domain::time::zones::chicago());
        let dunn = rows.iter().find(|r| r.client_id == 4).expect("row");
        assert_eq!((dunn.alert_count, dunn.severity, dunn.next_due), (2, Some(Severity::High), Some(day(14))));
        let hart = rows.iter().find(|r| r.client_id == 8).expect("row");
        assert_eq!((hart.alert_count, hart.severity, hart.days_past_due), (0, None, 0));
    }

    #[test]
    fn lateness_and_the_next_due_date_come_from_the_worst_alerts_only() {
        let clients = vec![facts(1, "Able", Risk::High, Some(20)), facts(2, "Baker", Risk::High, Some(20))];
        // Able: high 1 day late, and a low reminder three years overdue.
        // Baker: high 2 days late. Baker is the later of the two high alerts.
        let alerts = vec![alert(1, Severity::High, 1), alert(1, Severity::Low, 1100), alert(2, Severity::High, 2)];
        let rows = triage(&clients, &alerts, crate::domain::time::zones::chicago());
        assert_eq!(rows.iter().map(|r| r.client_id).collect::<Vec<_>>(), vec![2, 1]);
        let able = &rows[1];
        assert_eq!((able.alert_count, able.days_past_due, able.next_due), (2, 1, Some(day(22))));
    }

    #[test]
    fn replacing_some_clients_rows_keeps_the_triage_order() {
        let mut clients: Vec<ClientFacts> = ["Able", "Baker", "Cole", "Dunn", "Eady"]
            .into_iter()
            .zip(1..)
            .map(|(name, id)| facts(id, name, Risk::Low, Some(20)))
            .collect();
        let zone = crate::domain::time::zones::chicago();
        let mut alerts = vec![alert(1, Severity::High, 2), alert(4, Severity::Normal, 0)];
        let mut rows = triage(&clients, &alerts, zone);
        // Eady turns critical, Able's alert is dealt with, Baker leaves the caseload.
        alerts = vec![alert(5, Severity::Critical, 1), alert(4, Severity::Normal, 0)];
        clients.retain(|c| c.id != 2);
        let changed = BTreeSet::from([1, 2, 5]);
        let some: Vec<ClientFacts> = clients.iter().filter(|c| changed.contains(&c.id)).cloned().collect();
        let own: Vec<Alert> = alerts.iter().filter(|a| changed.contains(&a.client_id)).cloned().collect();
        replace_clients(&mut rows, &changed, triage(&some, &own, zone));
        assert_eq!(rows, triage(&clients, &alerts, zone));
        assert_eq!(rows.iter().map(|r| r.client_id).collect::<Vec<_>>(), vec![5, 4, 1, 3]);
    }
}
