//! Forms for what is due and when: follow-ups, appointments, alert snoozes.

use super::{Purpose, Target, record};
use crate::domain::Invalid;
use crate::domain::alerts::AlertKind;
use crate::domain::appointment::{Appointment, AppointmentKind, AppointmentStatus, Transport};
use crate::domain::followup::{Followup, FollowupStatus};
use crate::domain::schedule;
use crate::domain::validation::minutes;
use crate::store::appointments::AppointmentChange;
use crate::tui::effect::Change;
use crate::tui::form::{Field, Form, keep_or_words};
use crate::tui::model::{ClientView, Model};

pub fn followup(app: &Model, target: Target) -> Form<Purpose> {
    let fields = vec![Field::text("title", "Title", ""), Field::date("due", "Due", "")];
    Form::new(
        format!("New follow-up · {}", target.name),
        Purpose::AddFollowup { client_id: target.id },
        app.now,
        fields,
    )
}

pub fn new_followup(form: &Form<Purpose>, user: &str, client_id: i64) -> Result<Change, Invalid> {
    let due_on = form.required_date("due")?;
    Ok(Change::AddFollowup(Followup::new(client_id, form.text("title"), due_on, user, form.now.instant)))
}

/// A due date already past: said before saving (the follow-up is overdue at once).
pub fn followup_warning(form: &Form<Purpose>) -> Option<Invalid> {
    schedule::past_due(form.required_date("due").ok()?, form.now.today())
}

/// The open follow-ups of the client, to choose from.
fn open_followups(view: &ClientView) -> Result<Field, String> {
    let options: Vec<_> = view
        .followups
        .iter()
        .filter(|f| f.status == FollowupStatus::Open)
        .map(|f| record(f.id, format!("due {} {}", f.due_on, f.title)))
        .collect();
    if options.is_empty() {
        return Err("No open follow-ups.".into());
    }
    Ok(Field::choice("followup", "Follow-up", options, 0))
}

pub fn complete(app: &Model, view: &ClientView) -> Result<Form<Purpose>, String> {
    Ok(Form::new("Mark a follow-up done", Purpose::CompleteFollowup, app.now, vec![open_followups(view)?]))
}

/// From the alerts pane: the selected follow-up alert's follow-up.
pub fn complete_from_alert(app: &Model) -> Result<Form<Purpose>, String> {
    let why = "Select a follow-up alert in the Alerts pane to mark it done.";
    let alert = app.selected_alert().filter(|a| a.kind == AlertKind::FollowupDue).ok_or(why)?;
    let id = alert.subject.ok_or(why)?;
    let field = Field::choice("followup", "Follow-up", vec![record(id, alert.message.clone())], 0);
    let title = format!("Mark done · {}", alert.client_name);
    Ok(Form::new(title, Purpose::CompleteFollowup, app.now, vec![field]))
}

pub fn snooze_followup(app: &Model, view: &ClientView) -> Result<Form<Purpose>, String> {
    let fields = vec![open_followups(view)?, Field::date("until", "Until", ""), Field::text("reason", "Reason", "")];
    Ok(Form::new("Snooze a follow-up", Purpose::SnoozeFollowup, app.now, fields))
}

pub fn followup_snoozed(form: &Form<Purpose>) -> Result<Change, Invalid> {
    let until = form.required_date("until")?;
    Ok(Change::SnoozeFollowup { followup_id: form.id("followup")?, until, reason: form.text("reason").to_string() })
}

pub fn appointment(app: &Model, target: Target) -> Form<Purpose> {
    let fields = vec![
        Field::datetime("at", "When", ""),
        Field::number("minutes", "Minutes", "30"),
        Field::words("kind", "Kind", AppointmentKind::ALL, AppointmentKind::Pcp),
        Field::text("with_whom", "With", ""),
        Field::text("location", "Where", ""),
        Field::words("transport", "Transport", Transport::ALL, Transport::NotNeeded),
        Field::text("transport_details", "Ride details", ""),
    ];
    Form::new(format!("Schedule · {}", target.name), Purpose::Schedule { client_id: target.id }, app.now, fields)
}

pub fn new_appointment(form: &Form<Purpose>, user: &str, client_id: i64) -> Result<Change, Invalid> {
    let appointment = Appointment {
        id: 0,
        client_id,
        starts_at: form.datetime("at")?,
        minutes: minutes("minutes", form.number("minutes")?.unwrap_or(0), false)?,
        kind: form.word("kind")?,
        with_whom: form.optional("with_whom"),
        location: form.optional("location"),
        status: AppointmentStatus::Scheduled,
        transport: form.word("transport")?,
        transport_details: form.optional("transport_details"),
        notes: None,
        created_by: user.to_string(),
        created_at: form.now.instant,
    };
    Ok(Change::Schedule(Box::new(appointment)))
}

pub fn set_appointment(app: &Model, view: &ClientView) -> Result<Form<Purpose>, String> {
    let options: Vec<_> = view
        .appointments
        .iter()
        .map(|a| {
            record(a.id, format!("{} {} {}", app.now.zone.local_display(a.starts_at), a.kind.label(), a.status.label()))
        })
        .collect();
    if options.is_empty() {
        return Err("No appointments to change.".into());
    }
    let first_open = view.appointments.iter().position(|a| a.status.is_open()).unwrap_or(0);
    let fields = vec![
        Field::choice("appointment", "Appointment", options, first_open),
        keep_or_words("status", "Status", AppointmentStatus::ALL),
        keep_or_words("transport", "Transport", Transport::ALL),
        Field::text("transport_details", "Ride details", ""),
    ];
    Ok(Form::new("Change an appointment", Purpose::SetAppointment, app.now, fields))
}

pub fn appointment_set(form: &Form<Purpose>) -> Result<Change, Invalid> {
    let change = AppointmentChange {
        status: form.word_or_keep("status")?,
        transport: form.word_or_keep("transport")?,
        transport_details: form.optional("transport_details"),
    };
    if change.status.is_none() && change.transport.is_none() && change.transport_details.is_none() {
        return Err(Invalid::new("status", "nothing to change", "choose a new status or transport"));
    }
    Ok(Change::SetAppointment { appointment_id: form.id("appointment")?, change })
}

pub fn snooze_alert(app: &Model) -> Result<Form<Purpose>, String> {
    let alert = app.selected_alert().ok_or("Select an alert in the Alerts pane to snooze it.")?;
    let purpose = Purpose::SnoozeAlert { client_id: alert.client_id, kind: alert.kind, subject: alert.subject };
    let fields = vec![Field::date("until", "Until", ""), Field::text("reason", "Reason", "")];
    Ok(Form::new(format!("Snooze {} · {}", alert.kind.label(), alert.client_name), purpose, app.now, fields))
}
