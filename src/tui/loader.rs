//! Loading what the screens show from the store: one query per record kind
//! for the whole caseload (never one per row), then the pure alert rules and
//! triage order. It hands back a `Snapshot` and never touches the model.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use anyhow::Result;
use chrono::NaiveDate;

use super::quality::{QualityFigures, ShownClient};
use super::snapshot::{CaseloadRow, ClientView, Drafts, NotePrograms, Patch, Query, Snapshot, TodayRow};
use crate::domain::alerts::{Alert, AlertRules, Computed, Facts, compute};
use crate::domain::billing::{BillingRules, progress};
use crate::domain::filter::Candidate;
use crate::domain::followup::FollowupStatus;
use crate::domain::privacy::{Redactor, display_initials, shown_name};
use crate::domain::quality::{self, Counting, EventOutcome, Period};
use crate::domain::time::{Month, Now};
use crate::domain::triage::triage;
use crate::store::appointments::AppointmentFilter;
use crate::store::audit::{caseload_detail, counted, whose};
use crate::store::facts::Scope;
use crate::store::followups::FollowupFilter;
use crate::store::listing::WithClient;
use crate::store::referrals::ReferralFilter;
use crate::store::snoozes::ActiveSnooze;
use crate::store::{AuditAction, Store};

/// What the loads compute with: the alert and billing rules and the holidays.
#[derive(Debug, Clone)]
pub struct Rules {
    pub alerts: AlertRules,
    pub billing: BillingRules,
    pub holidays: Vec<NaiveDate>,
}

/// Loads the main screen's three panes for the query's caseload at its moment,
/// with the audit row saying what they show (written before they show it),
/// and the open client.
pub fn load(store: &mut Store, query: &Query, rules: &Rules) -> Result<Snapshot> {
    let scope = Scope { coordinator: query.coordinator.clone(), client_id: None };
    let facts = store.alert_facts(&scope, query.now, &rules.alerts)?;
    let (caseload, alerts, redactor) = caseload_and_alerts(store, query, facts, rules)?;
    let today = today(store, query, &redactor)?;
    let detail =
        caseload_detail("main screen", query.coordinator.as_deref(), caseload.len(), today.len(), alerts.len());
    store.audit(AuditAction::View, "caseload", None, &detail)?;
    let open_client = query.open_client.map(|id| load_client(store, id, query.now, rules)).transpose()?;
    Ok(Snapshot {
        caseload,
        today,
        alerts,
        drafts: drafts(store, query.redact)?,
        open_client,
        unreadable: unreadable_message(store),
    })
}

/// Loads again only what changed for these clients (a colleague's note, a
/// follow-up done): their caseload rows and alerts, which the model puts in
/// place of the old ones, and today's appointments, the drafts and the open
/// client whole (each one small query). At 100,000 clients a full load takes
/// most of a second; this takes a few milliseconds.
pub fn load_changed(store: &mut Store, query: &Query, clients: BTreeSet<i64>, rules: &Rules) -> Result<Patch> {
    let scope = Scope { coordinator: query.coordinator.clone(), client_id: None };
    let ids: Vec<i64> = clients.iter().copied().collect();
    let facts = store.alert_facts_of(&scope, &ids, query.now, &rules.alerts)?;
    let (caseload, alerts, redactor) = caseload_and_alerts(store, query, facts, rules)?;
    let today = today(store, query, &redactor)?;
    let detail = format!(
        "main screen {}, {} changed, {}",
        whose(query.coordinator.as_deref()),
        counted(clients.len(), "client"),
        counted(today.len(), "appointment")
    );
    store.audit(AuditAction::View, "caseload", None, &detail)?;
    let open_client = query.open_client.map(|id| load_client(store, id, query.now, rules)).transpose()?;
    Ok(Patch {
        clients,
        caseload,
        alerts,
        today,
        drafts: drafts(store, query.redact)?,
        open_client,
        unreadable: unreadable_message(store),
    })
}

/// The caseload rows in triage order and the alerts in urgency order for
/// these facts, redacted when asked, and the redactor (for the other panes).
/// The facts go as soon as they have served, the records once the alerts
/// are computed, each client once its filter text is made: at 100,000
/// clients they are a third of the memory a load needs.
fn caseload_and_alerts(
    store: &Store,
    query: &Query,
    facts: Facts,
    rules: &Rules,
) -> Result<(Vec<CaseloadRow>, Vec<Alert>, Redactor)> {
    let now = query.now;
    let Computed { mut alerts, clients: active } = compute(now, facts, &rules.alerts, &rules.holidays);
    let redactor = if query.redact {
        // The facts hold no more of a client than the panes show; redaction reads the whole record.
        Redactor::new(&store.clients_by_id(&active.iter().map(|f| f.id).collect::<Vec<_>>())?)
    } else {
        Redactor::off()
    };
    redactor.apply(&mut alerts);
    let rows = triage(&active, &alerts, now.zone);
    let mut filter_texts: HashMap<i64, (Candidate, Option<Arc<str>>)> = active
        .into_iter()
        .map(|client| {
            // The name reads "Family, Given (Preferred)".
            let (family, given) = client.name.split_once(", ").unwrap_or((&client.name, ""));
            let candidate = Candidate::new(family, given, client.mrn.as_deref(), client.phone.as_deref());
            // The team view tells apart two clients of one name by their coordinator.
            let coordinator = query.coordinator.is_none().then_some(client.coordinator);
            (client.id, (candidate, coordinator))
        })
        .collect();
    let caseload: Vec<CaseloadRow> = rows
        .into_iter()
        .filter_map(|mut row| {
            let (candidate, coordinator) = filter_texts.remove(&row.client_id)?;
            redactor.apply(&mut row);
            Some(CaseloadRow { triage: row, candidate, coordinator })
        })
        .collect();
    Ok((caseload, alerts, redactor))
}

/// Today's appointments of the query's caseload, not cancelled, in time order.
fn today(store: &Store, query: &Query, redactor: &Redactor) -> Result<Vec<TodayRow>> {
    let now = query.now;
    let (start, end) = now.zone.local_day_bounds(now.today());
    let filter = AppointmentFilter {
        coordinator: query.coordinator.clone(),
        from: Some(start),
        until: Some(end),
        hide_cancelled: true,
        ..AppointmentFilter::default()
    };
    Ok(store
        .appointments(&filter)?
        .into_iter()
        .map(|item| {
            let client_name = redactor.name(item.record.client_id, &item.client_name);
            let with = item.record.with_whom.as_deref().unwrap_or_default();
            let search_text = format!("{client_name} {} {with}", item.record.kind.label());
            TodayRow { client_name, search_text, appointment: item.record }
        })
        .collect())
}

/// What the status line says about rows the loads since the last call left
/// out (None when every row could be read).
fn unreadable_message(store: &Store) -> Option<String> {
    let message = match store.unreadable().take().len() {
        0 => return None,
        1 => "1 record could not be read and was left out; run `caseload check`".to_string(),
        n => format!("{n} records could not be read and were left out; run `caseload check`"),
    };
    Some(message)
}

/// The user's drafts of notes and screenings (a handful of rows: one query
/// by user each).
pub fn drafts(store: &Store, redact: bool) -> Result<Drafts> {
    let mut drafts = Drafts { notes: store.drafts()?, screenings: store.screening_drafts()? };
    if redact {
        for name in drafts.notes.iter_mut().map(|d| &mut d.client_name) {
            *name = display_initials(name);
        }
        for name in drafts.screenings.iter_mut().map(|d| &mut d.client_name) {
            *name = display_initials(name);
        }
    }
    Ok(drafts)
}

/// The snoozes still hiding an alert in a caseload (one query); redacted,
/// names become initials and reasons (free text) are left out.
pub fn snoozes(
    store: &Store,
    coordinator: Option<&str>,
    today: NaiveDate,
    redact: bool,
) -> Result<Vec<WithClient<ActiveSnooze>>> {
    let mut snoozes = store.active_snoozes(coordinator, today)?;
    if redact {
        for snooze in &mut snoozes {
            snooze.client_name = display_initials(&snooze.client_name);
            snooze.record.reason.clear();
        }
    }
    Ok(snoozes)
}

/// The quality measures of `period` for a caseload (None: the team's),
/// counted on `now`'s day with the holidays, and the clients of their misses
/// and pending events (redacted when asked), with the view row saying what
/// is shown (written before it is). Each measure keeps only those events,
/// misses first, each kind by date.
pub fn quality(
    store: &mut Store,
    coordinator: Option<&str>,
    period: Period,
    now: Now,
    holidays: &[NaiveDate],
    redact: bool,
) -> Result<QualityFigures> {
    let records = store.quality_records(coordinator, &period, now.zone)?;
    let counting = Counting { period, today: now.today(), zone: now.zone, holidays };
    let mut measures = quality::measures(&counting, &records);
    for measure in &mut measures {
        measure.events.retain(|e| e.outcome != EventOutcome::Met);
        measure.events.sort_by_key(|e| (e.outcome != EventOutcome::Missed, e.on, e.client_id));
    }
    let listed: HashSet<i64> = measures.iter().flat_map(|m| m.events.iter().map(|e| e.client_id)).collect();
    let clients: HashMap<i64, ShownClient> = records
        .clients
        .iter()
        .filter(|c| listed.contains(&c.id))
        .map(|c| (c.id, ShownClient { name: shown_name(c, redact), mrn: c.mrn.clone().filter(|_| !redact) }))
        .collect();
    let detail = format!(
        "quality screen {} to {}, {}, {} listed",
        period.from,
        period.to,
        whose(coordinator),
        counted(clients.len(), "client")
    );
    store.audit(AuditAction::View, "report", None, &detail)?;
    Ok(QualityFigures { period, coordinator: coordinator.map(str::to_string), measures, clients })
}

/// Loads one client's whole record for the client screen.
pub fn load_client(store: &Store, client_id: i64, now: Now, rules: &Rules) -> Result<ClientView> {
    let client = store.client(client_id)?;
    let scope = Scope { coordinator: None, client_id: Some(client_id) };
    let alerts = compute(now, store.alert_facts(&scope, now, &rules.alerts)?, &rules.alerts, &rules.holidays).alerts;
    let progress = note_programs(store, client_id, now, &rules.billing)?.progress;
    let mut appointments: Vec<_> = store
        .appointments(&AppointmentFilter { client_id: Some(client_id), ..AppointmentFilter::default() })?
        .into_iter()
        .map(|item| item.record)
        .collect();
    // Upcoming first (soonest on top), then the past (most recent on top).
    appointments.sort_by_key(|a| {
        if a.starts_at >= now.instant { (0, a.starts_at.timestamp()) } else { (1, -a.starts_at.timestamp()) }
    });
    let mut followups: Vec<_> = store
        .followups(&FollowupFilter { client_id: Some(client_id), ..FollowupFilter::default() })?
        .into_iter()
        .map(|item| item.record)
        .collect();
    followups.sort_by_key(|f| (f.status != FollowupStatus::Open, f.due_on));
    let referrals = store
        .referrals(&ReferralFilter { client_id: Some(client_id), ..ReferralFilter::default() })?
        .into_iter()
        .map(|item| item.record)
        .collect();
    Ok(ClientView {
        alerts,
        notes: store.client_notes(client_id, Some(200))?,
        appointments,
        followups,
        referrals,
        plan: store.care_plan(client_id)?,
        contacts: store.client_contacts(client_id)?,
        encounters: store.encounters(client_id)?,
        progress,
        assessments: store.assessments(client_id)?,
        medications: store.medications(client_id)?,
        reconciliations: store.reconciliations(client_id)?,
        client,
    })
}

/// A client's open time-based programs and this month's minutes in each.
pub fn note_programs(store: &Store, client_id: i64, now: Now, billing: &BillingRules) -> Result<NotePrograms> {
    let month = Month::containing(now.today(), now.zone);
    let enrollments = store.enrollments(client_id)?;
    let progress = progress(&month, &enrollments, &store.client_month_notes(client_id, &month)?, billing);
    let open =
        enrollments.iter().filter(|e| e.ended_on.is_none() && e.program.is_time_based()).map(|e| e.program).collect();
    Ok(NotePrograms { client_id, open, progress })
}
