//! Forms for a client's medications: adding one, and stopping one (the
//! Medications tab's selection first, on a date that defaults to today).

use super::{Purpose, client_name, record};
use crate::domain::Invalid;
use crate::domain::medication::Medication;
use crate::tui::effect::Change;
use crate::tui::form::{Field, Form};
use crate::tui::model::{ClientView, Model};

pub fn add(app: &Model, view: &ClientView) -> Form<Purpose> {
    let fields = vec![
        Field::text("name", "Name", ""),
        Field::text("dose", "Dose", ""),
        Field::text("frequency", "Frequency", ""),
        Field::text("prescriber", "Prescriber", ""),
        Field::date("started", "Started", ""),
    ];
    let title = format!("New medication · {}", client_name(app, &view.client));
    Form::new(title, Purpose::AddMedication { client_id: view.client.id }, app.now, fields)
}

pub fn new_medication(form: &Form<Purpose>, user: &str, client_id: i64) -> Result<Change, Invalid> {
    let medication = Medication {
        id: 0,
        client_id,
        name: form.text("name").to_string(),
        dose: form.optional("dose"),
        frequency: form.optional("frequency"),
        prescriber: form.optional("prescriber"),
        started_on: form.date("started")?,
        stopped_on: None,
        notes: None,
        created_by: user.to_string(),
        created_at: form.now.instant,
    };
    Ok(Change::AddMedication(Box::new(medication)))
}

/// The active medications to choose from, starting on the selected one.
pub fn stop(app: &Model, view: &ClientView) -> Result<Form<Purpose>, String> {
    let active: Vec<&Medication> = view.medications.iter().filter(|m| m.is_active()).collect();
    if active.is_empty() {
        return Err("No active medications to stop.".into());
    }
    let selected = app.selected_medication();
    let first = active.iter().position(|m| Some(m.id) == selected).unwrap_or(0);
    let options = active
        .iter()
        .map(|m| {
            record(m.id, [Some(m.name.as_str()), m.dose.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" "))
        })
        .collect();
    let fields =
        vec![Field::choice("medication", "Medication", options, first), Field::date("on", "Stopped on", "today")];
    let title = format!("Stop a medication · {}", client_name(app, &view.client));
    Ok(Form::new(title, Purpose::StopMedication, app.now, fields))
}

pub fn stopped(form: &Form<Purpose>) -> Result<Change, Invalid> {
    Ok(Change::StopMedication { medication_id: form.id("medication")?, on: form.required_date("on")? })
}
