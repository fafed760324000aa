//! The date-sensitive rules in three pinned zones — Chicago (UTC−6), Tokyo
//! (UTC+9) and Kiritimati (UTC+14) — whatever `TZ` the machine has: "today",
//! "within the next N days", "this month" and the day of a contact are all
//! local dates, and turn at local midnight, not at midnight UTC.

use super::*;
use crate::domain::time::Zone;
use crate::domain::time::zones::{chicago, kiritimati, tokyo};

fn zones() -> [Zone; 3] {
    [chicago(), tokyo(), kiritimati()]
}

/// A local wall-clock time in `zone`, "YYYY-MM-DD HH:MM", as an instant.
fn local(zone: Zone, text: &str) -> DateTime<Utc> {
    let wall = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").expect("test time");
    zone.local_to_utc("test", wall).expect("a time that exists")
}

fn at(zone: Zone, text: &str) -> Now {
    Now::new(local(zone, text), zone)
}

#[test]
fn today_is_the_local_date_wherever_the_instant_falls_in_utc() {
    let instant = |text| DateTime::parse_from_rfc3339(text).expect("instant").with_timezone(&Utc);
    let today = |zone, text| Now::new(instant(text), zone).today();
    assert_eq!(today(chicago(), "2026-11-23T10:30:00Z"), day("2026-11-23"));
    assert_eq!(today(tokyo(), "2026-11-23T10:30:00Z"), day("2026-11-23"));
    assert_eq!(today(kiritimati(), "2026-11-23T10:30:00Z"), day("2026-11-24"));
    assert_eq!(today(chicago(), "2026-11-24T05:59:00Z"), day("2026-11-23"));
    assert_eq!(today(tokyo(), "2026-11-23T15:00:00Z"), day("2026-11-24"));
    assert_eq!(today(kiritimati(), "2026-11-23T09:59:00Z"), day("2026-11-23"));
}

#[test]
fn a_followup_falls_due_at_local_midnight() {
    for zone in zones() {
        let mut facts = facts(client_facts(Risk::Medium));
        facts.followups.push(followup("2026-11-24"));
        let due = |text| only(at(zone, text), &facts, AlertKind::FollowupDue);
        assert_eq!(due("2026-11-23 23:59"), None, "{zone:?}");
        assert_eq!(due("2026-11-24 00:00"), Some((Severity::Normal, day("2026-11-24"))), "{zone:?}");
    }
}

#[test]
fn an_appointment_is_dated_and_counted_in_local_days() {
    for zone in zones() {
        let mut facts = facts(client_facts(Risk::Medium));
        facts.appointments.push(appointment(3, local(zone, "2026-11-25 23:30"), AppointmentStatus::Scheduled));
        facts.appointments.push(appointment(4, local(zone, "2026-11-26 00:30"), AppointmentStatus::Scheduled));
        let alerts = alerts_at(at(zone, "2026-11-23 09:00"), &facts, &AlertRules::default(), &[]);
        let unconfirmed: Vec<_> =
            alerts.iter().filter(|a| a.kind == AlertKind::ApptUnconfirmed).map(|a| (a.subject, a.due)).collect();
        assert_eq!(unconfirmed, vec![(Some(3), day("2026-11-25"))], "{zone:?}: the 26th is three days ahead");
        let message = &alerts.iter().find(|a| a.subject == Some(3)).expect("alert").message;
        assert!(message.contains("2026-11-25 23:30"), "{zone:?}: {message}");
    }
}

#[test]
fn the_last_contacts_day_is_its_local_date() {
    for zone in zones() {
        let mut client = client_facts(Risk::High); // every 7 days
        client.last_contact_at = Some(local(zone, "2026-11-16 23:30"));
        let mut facts = facts(client);
        let cadence = |facts: &Facts| only(at(zone, "2026-11-23 09:00"), facts, AlertKind::ContactCadence);
        assert_eq!(cadence(&facts), Some((Severity::Normal, day("2026-11-23"))), "{zone:?}");
        facts.clients[0].last_contact_at = Some(local(zone, "2026-11-17 00:30"));
        assert_eq!(cadence(&facts), None, "{zone:?}");
    }
}

#[test]
fn the_month_and_its_business_days_turn_at_local_midnight() {
    for zone in zones() {
        let facts = enrolled(client_facts(Risk::Medium), Program::Ccm, 15);
        let warn = |text| only(at(zone, text), &facts, AlertKind::CcmMinutes);
        // Left of November on Monday the 23rd: 23, 24, 25, 26, 27, 30 = 6.
        assert_eq!(warn("2026-11-23 23:59"), None, "{zone:?}");
        assert_eq!(warn("2026-11-24 00:00"), Some((Severity::Low, day("2026-11-30"))), "{zone:?}");
        assert_eq!(warn("2026-11-30 23:59").map(|(_, due)| due), Some(day("2026-11-30")), "{zone:?}");
        assert_eq!(warn("2026-12-01 00:00"), None, "{zone:?}: a new month");
    }
}
