//! The monthly report (SPEC §4 `report monthly`): per client, contacts,
//! minutes and CCM billing units, appointments kept and missed, referrals
//! opened and closed. A pure function of the month's records.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::domain::appointment::{Appointment, AppointmentStatus};
use crate::domain::billing::{self, BillingRules};
use crate::domain::client::Client;
use crate::domain::note::{Note, Outcome};
use crate::domain::program::Program;
use crate::domain::referral::Referral;
use crate::domain::text::markdown_inline;

pub use crate::domain::time::Month;

/// One client's month; also the shape of the totals row.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ClientMonth {
    pub client_id: Option<i64>,
    pub client_name: String,
    pub program: String,
    /// Notes of a direct type (phone, video, in person, text), addenda excluded.
    pub contacts: u32,
    /// Of those, the ones that reached the client.
    pub reached: u32,
    pub minutes: u32,
    pub ccm_99490: u32,
    pub ccm_99439: u32,
    pub appointments_kept: u32,
    pub no_shows: u32,
    pub referrals_opened: u32,
    pub referrals_closed: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthlyReport {
    pub month: String,
    pub coordinator: String,
    pub clients: Vec<ClientMonth>,
    pub totals: ClientMonth,
}

/// The totals as a CSV line of their own: the month, whose caseload, how
/// many clients, then the counts the client rows have (so that the client
/// rows stay clients only, every one with its integer client_id).
pub fn totals_line(report: &MonthlyReport) -> serde_json::Result<serde_json::Map<String, serde_json::Value>> {
    let mut line = serde_json::Map::new();
    line.insert("month".into(), report.month.clone().into());
    line.insert("coordinator".into(), report.coordinator.clone().into());
    line.insert("clients".into(), report.clients.len().into());
    if let serde_json::Value::Object(counts) = serde_json::to_value(&report.totals)? {
        let of_a_client = |field: &str| matches!(field, "client_id" | "client_name" | "program");
        line.extend(counts.into_iter().filter(|(field, _)| !of_a_client(field)));
    }
    Ok(line)
}

/// The records of one month, as the store hands them over: the caseload's
/// clients, and their notes, appointments and referrals touching the month.
#[derive(Debug, Clone, Default)]
pub struct MonthRecords {
    pub clients: Vec<Client>,
    pub notes: Vec<Note>,
    pub appointments: Vec<Appointment>,
    pub referrals: Vec<Referral>,
}

/// CCM units for a month's minutes: (99490, 99439), by the default rules of
/// the minutes ledger (`domain::billing`).
pub fn ccm_units(minutes: u32) -> (u32, u32) {
    let codes = billing::month_codes(Program::Ccm, minutes, false, &BillingRules::default());
    let units = |code| codes.iter().find(|c| c.code == code).map_or(0, |c| c.units);
    (units("99490"), units("99439"))
}

/// The report: one row per client (in the order given), then the totals.
pub fn monthly(month: &Month, coordinator: &str, records: &MonthRecords) -> MonthlyReport {
    let mut rows: Vec<ClientMonth> = records
        .clients
        .iter()
        .map(|client| ClientMonth {
            client_id: Some(client.id),
            client_name: client.display_name(),
            program: client.program.clone(),
            ..ClientMonth::default()
        })
        .collect();
    let index: HashMap<i64, usize> = records.clients.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    let row = |id: i64| index.get(&id).copied();
    let in_month = |at: DateTime<Utc>| month.contains(at);
    let on_month_day = |date: NaiveDate| month.has_day(date);

    for note in records.notes.iter().filter(|n| in_month(n.contact_at)) {
        let Some(i) = row(note.client_id) else { continue };
        rows[i].minutes += note.minutes;
        if note.contact_type.is_direct() && note.addendum_of.is_none() {
            rows[i].contacts += 1;
            rows[i].reached += u32::from(note.outcome == Outcome::Reached);
        }
    }
    for appointment in records.appointments.iter().filter(|a| in_month(a.starts_at)) {
        let Some(i) = row(appointment.client_id) else { continue };
        match appointment.status {
            AppointmentStatus::Completed => rows[i].appointments_kept += 1,
            AppointmentStatus::NoShow => rows[i].no_shows += 1,
            _ => {}
        }
    }
    for referral in &records.referrals {
        let Some(i) = row(referral.client_id) else { continue };
        rows[i].referrals_opened += u32::from(in_month(referral.created_at));
        rows[i].referrals_closed += u32::from(referral.status.is_closed() && on_month_day(referral.status_changed_on));
    }
    let mut totals = ClientMonth { client_name: "Total".into(), ..ClientMonth::default() };
    for row in &mut rows {
        if row.program.eq_ignore_ascii_case("CCM") {
            (row.ccm_99490, row.ccm_99439) = ccm_units(row.minutes);
        }
        totals.contacts += row.contacts;
        totals.reached += row.reached;
        totals.minutes += row.minutes;
        totals.ccm_99490 += row.ccm_99490;
        totals.ccm_99439 += row.ccm_99439;
        totals.appointments_kept += row.appointments_kept;
        totals.no_shows += row.no_shows;
        totals.referrals_opened += row.referrals_opened;
        totals.referrals_closed += row.referrals_closed;
    }
    MonthlyReport {
        month: month.first.format("%Y-%m").to_string(),
        coordinator: coordinator.into(),
        clients: rows,
        totals,
    }
}

/// The report as a Markdown document: a heading and one table, totals last.
pub fn markdown(report: &MonthlyReport) -> String {
    let mut out = format!("# Monthly report {} — {}\n\n", report.month, markdown_inline(&report.coordinator));
    if report.clients.is_empty() {
        out.push_str("No clients on this caseload that month.\n");
        return out;
    }
    out.push_str("| Client | Program | Contacts | Reached | Minutes | 99490 | 99439 | Kept | No-show | Ref. opened | Ref. closed |\n");
    out.push_str("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for row in report.clients.iter().chain(std::iter::once(&report.totals)) {
        let name = match row.client_id {
            Some(id) => format!("{} #{id}", markdown_inline(&row.client_name)),
            None => format!("**{}**", row.client_name),
        };
        out.push_str(&format!(
            "| {name} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            markdown_inline(&row.program),
            row.contacts,
            row.reached,
            row.minutes,
            row.ccm_99490,
            row.ccm_99439,
            row.appointments_kept,
            row.no_shows,
            row.referrals_opened,
            row.referrals_closed
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::appointment::{AppointmentKind, Transport};
    use crate::domain::note::{ContactType, Direction};
    use crate::domain::referral::{ReferralKind, ReferralStatus};

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).expect("instant").with_timezone(&Utc)
    }

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("date")
    }

    fn november() -> Month {
        // Chicago: 1 November starts in daylight time (05:00 UTC), 1 December in standard time (06:00 UTC).
        let november = Month::containing(date("2026-11-01"), crate::domain::time::zones::chicago());
        assert_eq!((november.from, november.until), (at("2026-11-01T05:00:00Z"), at("2026-12-01T06:00:00Z")));
        november
    }

    fn client(id: i64, program: &str) -> Client {
        let mut client =
            Client::new("Ada", &format!("Test{id}"), "casey", date("2025-01-01"), at("2025-01-01T00:00:00Z"));
        client.id = id;
        client.program = program.into();
        client
    }

    fn note(client_id: i64, contact_at: &str, contact_type: ContactType, outcome: Outcome, minutes: u32) -> Note {
        Note {
            id: 0,
            client_id,
            author: "casey".into(),
            contact_at: at(contact_at),
            contact_type,
            direction: Direction::Outbound,
            outcome,
            minutes,
            body: "Synthetic.".into(),
            program: None,
            addendum_of: None,
            created_at: at(contact_at),
        }
    }

    #[test]
    fn ccm_billing_edges() {
        for (minutes, units) in [
            (0, (0, 0)),
            (19, (0, 0)),
            (20, (1, 0)),
            (39, (1, 0)),
            (40, (1, 1)),
            (59, (1, 1)),
            (60, (1, 2)),
            (80, (1, 2)),
            (100, (1, 2)),
        ] {
            assert_eq!(ccm_units(minutes), units, "{minutes} minutes");
        }
    }

    #[test]
    fn counts_contacts_minutes_appointments_and_referrals_of_the_month_only() {
        let clients = [client(1, "CCM"), client(2, "general")];
        let mut addendum = note(1, "2026-11-10T15:00:00Z", ContactType::Phone, Outcome::NotApplicable, 0);
        addendum.addendum_of = Some(1);
        let notes = [
            note(1, "2026-11-02T15:00:00Z", ContactType::Phone, Outcome::Reached, 25),
            note(1, "2026-11-03T15:00:00Z", ContactType::Video, Outcome::NoAnswer, 5),
            note(1, "2026-11-04T15:00:00Z", ContactType::ChartReview, Outcome::NotApplicable, 12),
            addendum,
            // 23:30 on 31 October in Chicago: not November.
            note(1, "2026-11-01T04:30:00Z", ContactType::Phone, Outcome::Reached, 30),
            // 23:30 on 30 November in Chicago: November.
            note(2, "2026-12-01T05:30:00Z", ContactType::Text, Outcome::Reached, 45),
            // Someone else's client.
            note(9, "2026-11-05T15:00:00Z", ContactType::Phone, Outcome::Reached, 60),
        ];
        let appointment = |client_id, starts_at: &str, status| Appointment {
            id: 0,
            client_id,
            starts_at: at(starts_at),
            minutes: 30,
            kind: AppointmentKind::Pcp,
            with_whom: None,
            location: None,
            status,
            transport: Transport::NotNeeded,
            transport_details: None,
            notes: None,
            created_by: "casey".into(),
            created_at: at("2026-10-01T00:00:00Z"),
        };
        let appointments = [
            appointment(1, "2026-11-05T15:00:00Z", AppointmentStatus::Completed),
            appointment(1, "2026-11-06T15:00:00Z", AppointmentStatus::NoShow),
            appointment(1, "2026-11-07T15:00:00Z", AppointmentStatus::Cancelled),
            appointment(2, "2026-10-07T15:00:00Z", AppointmentStatus::Completed),
        ];
        let referral = |created_at: &str, status, changed: &str| Referral {
            id: 0,
            client_id: 2,
            to: "Food bank".into(),
            resource_id: None,
            kind: ReferralKind::Food,
            reason: "Synthetic.".into(),
            status,
            sent_on: None,
            status_changed_on: date(changed),
            outcome: None,
            created_by: "casey".into(),
            created_at: at(created_at),
        };
        let referrals = [
            referral("2026-11-02T15:00:00Z", ReferralStatus::Sent, "2026-11-02"),
            referral("2026-10-02T15:00:00Z", ReferralStatus::Completed, "2026-11-20"),
            referral("2026-10-02T15:00:00Z", ReferralStatus::Scheduled, "2026-11-20"),
            referral("2026-09-02T15:00:00Z", ReferralStatus::Declined, "2026-10-20"),
        ];
        let records = MonthRecords {
            clients: clients.to_vec(),
            notes: notes.to_vec(),
            appointments: appointments.to_vec(),
            referrals: referrals.to_vec(),
        };
        let report = monthly(&november(), "casey", &records);
        assert_eq!(report.month, "2026-11");
        let first = &report.clients[0];
        assert_eq!((first.contacts, first.reached, first.minutes), (2, 1, 42));
        assert_eq!((first.ccm_99490, first.ccm_99439), (1, 1));
        assert_eq!((first.appointments_kept, first.no_shows), (1, 1));
        let second = &report.clients[1];
        assert_eq!((second.contacts, second.reached, second.minutes), (1, 1, 45));
        assert_eq!((second.ccm_99490, second.ccm_99439), (0, 0), "only CCM clients bill CCM");
        assert_eq!((second.appointments_kept, second.referrals_opened, second.referrals_closed), (0, 1, 1));
        let totals = &report.totals;
        assert_eq!((totals.client_id, totals.contacts, totals.minutes, totals.ccm_99490), (None, 3, 87, 1));
        let md = markdown(&report);
        assert!(md.contains("| **Total** |  | 3 | 2 | 87 | 1 | 1 | 1 | 1 | 1 | 1 |"), "{md}");
    }

    #[test]
    fn markdown_cells_cannot_break_the_table() {
        let mut client = client(1, "ccm");
        client.family_name = "a|b\nc".into();
        let records = MonthRecords { clients: vec![client], notes: vec![], appointments: vec![], referrals: vec![] };
        let md = markdown(&monthly(&november(), "casey", &records));
        assert!(md.contains("| a\\|b c, "), "{md}");
    }
}
