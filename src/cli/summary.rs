//! `caseload client summary CLIENT`: a one-page Markdown handoff for a
//! colleague covering the client: who they are, who is around them, the plan,
//! what is open and due, and the latest notes.

use anyhow::Result;

use super::Ctx;
use super::alerts::current_alerts;
use super::output::emit;
use crate::domain::alerts::Alert;
use crate::domain::appointment::Appointment;
use crate::domain::care_plan::{CarePlan, GoalStatus, ProblemStatus};
use crate::domain::client::Client;
use crate::domain::contact::Contact;
use crate::domain::followup::{Followup, FollowupStatus};
use crate::domain::note::Note;
use crate::domain::privacy::{Redact, Redactor, shown_name};
use crate::domain::referral::Referral;
use crate::domain::time::Now;
// Every user-typed text goes through these: one line of text that renders as
// typed (no Markdown, no HTML), and note bodies as quoted lines.
use crate::domain::text::{markdown_block, markdown_inline as cell};
use crate::store::AuditAction;
use crate::store::appointments::AppointmentFilter;
use crate::store::facts::Scope;
use crate::store::followups::FollowupFilter;
use crate::store::referrals::ReferralFilter;

/// How many upcoming appointments and recent notes a handoff shows.
const NEXT_APPOINTMENTS: usize = 5;
const RECENT_NOTES: u32 = 5;

#[derive(Debug, clap::Args)]
pub struct SummaryArgs {
    /// The client's id or MRN.
    client: String,
    #[arg(long, value_enum, default_value_t)]
    format: SummaryFormat,
}

/// A handoff is a document to read or paste, so Markdown is its one form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
enum SummaryFormat {
    #[default]
    Md,
}

/// Everything a handoff shows, gathered from the store.
struct Handoff {
    /// As the heading shows it: initials with `--redact`.
    name: String,
    client: Client,
    contacts: Vec<Contact>,
    plan: CarePlan,
    followups: Vec<Followup>,
    appointments: Vec<Appointment>,
    referrals: Vec<Referral>,
    alerts: Vec<Alert>,
    notes: Vec<Note>,
}

pub fn run(ctx: &Ctx, args: SummaryArgs) -> Result<()> {
    let SummaryFormat::Md = args.format;
    let mut store = ctx.read_store()?;
    let client = store.resolve_client(&args.client)?;
    let id = client.id;
    let mut appointments = store.appointments(&AppointmentFilter {
        client_id: Some(id),
        from: Some(ctx.now.instant),
        hide_cancelled: true,
        ..AppointmentFilter::default()
    })?;
    appointments.truncate(NEXT_APPOINTMENTS);
    let mut handoff = Handoff {
        name: shown_name(&client, ctx.redact),
        contacts: store.client_contacts(id)?,
        plan: store.care_plan(id)?,
        followups: store
            .followups(&FollowupFilter {
                client_id: Some(id),
                status: Some(FollowupStatus::Open),
                ..FollowupFilter::default()
            })?
            .into_iter()
            .map(|row| row.record)
            .collect(),
        appointments: appointments.into_iter().map(|row| row.record).collect(),
        referrals: store
            .referrals(&ReferralFilter { client_id: Some(id), open_only: true, ..ReferralFilter::default() })?
            .into_iter()
            .map(|row| row.record)
            .collect(),
        alerts: current_alerts(ctx, &store, &Scope { coordinator: None, client_id: Some(id) })?,
        notes: store.client_notes(id, Some(RECENT_NOTES))?,
        client,
    };
    store.audit(AuditAction::Export, "client", Some(id), "handoff summary")?;
    super::redact::of(ctx, [&handoff.client]).apply(&mut handoff);
    emit(&markdown(&handoff, ctx.now, &ctx.user))
}

impl Redact for Handoff {
    fn redact(&mut self, with: &Redactor) {
        with.apply(&mut self.client);
        with.apply(&mut self.contacts);
        with.apply(&mut self.plan);
        with.apply(&mut self.followups);
        with.apply(&mut self.appointments);
        with.apply(&mut self.referrals);
        with.apply(&mut self.alerts);
        with.apply(&mut self.notes);
    }
}

fn markdown(h: &Handoff, now: Now, user: &str) -> String {
    let (zone, today, generated) = (now.zone, now.today(), now.zone.local_display(now.instant));
    let c = &h.client;
    let mut out = format!("# Handoff: {} (#{})\n\n", cell(&h.name), c.id);
    out.push_str(&format!("Prepared {generated} by {}. Confidential: contains health information.\n", cell(user)));

    out.push_str("\n## Identity\n\n");
    let age = c.age_on(today).map(|age| format!(" (age {age})")).unwrap_or_default();
    let language = match (&c.language, c.interpreter_needed) {
        (Some(language), true) => format!("{language}, interpreter needed"),
        (Some(language), false) => language.clone(),
        (None, true) => "interpreter needed".into(),
        (None, false) => String::new(),
    };
    let coverage = [c.payer.clone(), c.member_id.as_ref().map(|m| format!("member {m}"))]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    let fields = [
        ("MRN", c.mrn.clone().unwrap_or_default()),
        ("Date of birth", c.dob.map(|d| format!("{d}{age}")).unwrap_or_default()),
        ("Phone", [c.phone.clone(), c.alt_phone.clone()].into_iter().flatten().collect::<Vec<_>>().join(", ")),
        ("Address", c.address.clone().unwrap_or_default()),
        ("Language", language),
        ("Program", format!("{}, {} risk, {}", c.program, c.risk, c.status)),
        ("Coordinator", c.coordinator.clone()),
        ("Enrolled", c.enrolled_on.to_string()),
        ("Coverage", coverage),
        ("Coverage ends", c.coverage_ends_on.map(|d| d.to_string()).unwrap_or_default()),
        ("Consent expires", c.consent_expires_on.map(|d| d.to_string()).unwrap_or_default()),
        ("Tags", c.tags.join(", ")),
    ];
    for (label, value) in fields.iter().filter(|(_, value)| !value.is_empty()) {
        out.push_str(&format!("- **{label}:** {}\n", cell(value)));
    }

    section(&mut out, "Contacts and care team", "No contacts recorded.", &h.contacts, |contact| {
        let mut parts = vec![format!("**{}**, {}", cell(&contact.name), contact.relationship)];
        parts.extend(contact.organization.as_deref().map(cell));
        parts.extend(contact.phone.as_deref().map(cell));
        parts.extend(contact.email.as_deref().map(cell));
        if contact.on_care_team {
            parts.push("care team".into());
        }
        parts.push(if contact.may_share_info { "may share information" } else { "do NOT share information" }.into());
        parts.join(" · ")
    });

    let problems: Vec<_> = h.plan.problems.iter().filter(|p| p.status == ProblemStatus::Active).collect();
    let goals: Vec<_> =
        h.plan.goals.iter().filter(|g| matches!(g.status, GoalStatus::Active | GoalStatus::Proposed)).collect();
    out.push_str("\n## Active problems and goals\n\n");
    if problems.is_empty() && goals.is_empty() {
        out.push_str("No active problems or goals.\n");
    }
    for problem in &problems {
        out.push_str(&format!("- Problem: {}\n", cell(&problem.description)));
    }
    for goal in &goals {
        let target = goal.target_on.map(|d| format!(", target {d}")).unwrap_or_default();
        out.push_str(&format!("- Goal: {} ({}{target})\n", cell(&goal.description), goal.status));
    }
    let reviewed = h.plan.last_reviewed_on.map_or("never".to_string(), |d| d.to_string());
    out.push_str(&format!("- Care plan last reviewed: {reviewed}\n"));

    section(&mut out, "Open follow-ups", "No open follow-ups.", &h.followups, |f| {
        let snoozed = f.snoozed_until.map(|d| format!(" (snoozed until {d})")).unwrap_or_default();
        format!("{}: {}{snoozed}", f.due_on, cell(&f.title))
    });
    section(&mut out, "Next appointments", "No upcoming appointments.", &h.appointments, |a| {
        let with = a.with_whom.as_deref().map(|w| format!(" with {}", cell(w))).unwrap_or_default();
        let location = a.location.as_deref().map(|l| format!(" at {}", cell(l))).unwrap_or_default();
        format!(
            "{}: {}{with}{location} ({}, transport {})",
            zone.local_display(a.starts_at),
            a.kind.label(),
            a.status.label(),
            a.transport.label()
        )
    });
    section(&mut out, "Open referrals", "No open referrals.", &h.referrals, |r| {
        format!(
            "{} referral to {}: {} ({} since {})",
            r.kind,
            cell(&r.to),
            cell(&r.reason),
            r.status,
            r.status_changed_on
        )
    });
    section(&mut out, "Current alerts", "No current alerts.", &h.alerts, |a| {
        format!("**{}** {} due {}: {}", a.severity, a.kind, a.due, cell(&a.message))
    });

    out.push_str("\n## Recent notes\n\n");
    if h.notes.is_empty() {
        out.push_str("No notes yet.\n");
    }
    for note in &h.notes {
        let heading = match note.addendum_of {
            Some(original) => format!("Addendum to note #{original}"),
            None => format!("{} {}, {}, {} min", note.contact_type, note.direction, note.outcome, note.minutes),
        };
        out.push_str(&format!(
            "\n**{}** — {heading} — {}\n\n",
            zone.local_display(note.contact_at),
            cell(&note.author)
        ));
        out.push_str(&markdown_block(&note.body, "> "));
    }
    out
}

/// A heading and a bullet per item, or a sentence saying there are none.
fn section<T>(out: &mut String, title: &str, none: &str, items: &[T], line: impl Fn(&T) -> String) {
    out.push_str(&format!("\n## {title}\n\n"));
    if items.is_empty() {
        out.push_str(none);
        out.push('\n');
    }
    for item in items {
        out.push_str(&format!("- {}\n", line(item)));
    }
}
