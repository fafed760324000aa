//! Forms for the client record itself: add, edit, discharge, and the quick note.

use chrono::NaiveDate;

use super::{Purpose, Target, client_name};
use crate::domain::Invalid;
use crate::domain::client::{Client, Risk};
use crate::domain::note::{ContactType, Direction, Note, Outcome};
use crate::domain::validation::minutes;
use crate::store::{Store, StoreError};
use crate::tui::app::{App, ClientView};
use crate::tui::form::{Field, Form};

pub fn add(app: &App) -> Form {
    let client = Client::new("", "", &app.user, app.now.today(), app.now.instant);
    Form::new("New client", Purpose::AddClient, app.now, fields(&client))
}

pub fn edit(app: &App, view: &ClientView) -> Result<Form, String> {
    if app.redact {
        return Err("Editing shows every detail: restart without --redact to edit a client.".into());
    }
    let title = format!("Edit {}", client_name(app, &view.client));
    Ok(Form::new(title, Purpose::EditClient(Box::new(view.client.clone())), app.now, fields(&view.client)))
}

/// Every field a coordinator types, named as the record names them.
fn fields(c: &Client) -> Vec<Field> {
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let date = |value: Option<NaiveDate>| value.map(|d| d.to_string()).unwrap_or_default();
    vec![
        Field::text("given_name", "Given name", c.given_name.clone()),
        Field::text("family_name", "Family name", c.family_name.clone()),
        Field::text("preferred_name", "Preferred name", text(&c.preferred_name)),
        Field::text("mrn", "MRN", text(&c.mrn)),
        Field::date("dob", "Date of birth", date(c.dob)),
        Field::text("phone", "Phone", text(&c.phone)),
        Field::text("alt_phone", "Other phone", text(&c.alt_phone)),
        Field::text("address", "Address", text(&c.address)),
        Field::text("language", "Language", text(&c.language)),
        Field::yes_no("interpreter_needed", "Interpreter", c.interpreter_needed),
        Field::text("program", "Program", c.program.clone()),
        Field::words("risk", "Risk", Risk::ALL, c.risk),
        Field::text("coordinator", "Coordinator", c.coordinator.clone()),
        Field::date("enrolled_on", "Enrolled on", c.enrolled_on.to_string()),
        Field::text("payer", "Payer", text(&c.payer)),
        Field::text("member_id", "Member id", text(&c.member_id)),
        Field::date("coverage_ends_on", "Coverage ends", date(c.coverage_ends_on)),
        Field::date("consent_expires_on", "Consent expires", date(c.consent_expires_on)),
        Field::text("tags", "Tags", c.tags.join(", ")),
    ]
}

/// Writes the form into the record; the store validates the result.
fn apply(form: &Form, c: &mut Client) -> Result<(), Invalid> {
    c.given_name = form.text("given_name").into();
    c.family_name = form.text("family_name").into();
    c.preferred_name = form.optional("preferred_name");
    c.mrn = form.optional("mrn");
    c.dob = form.date("dob")?;
    c.phone = form.optional("phone");
    c.alt_phone = form.optional("alt_phone");
    c.address = form.optional("address");
    c.language = form.optional("language");
    c.interpreter_needed = form.yes("interpreter_needed");
    c.program = form.text("program").into();
    c.risk = form.word("risk")?;
    c.coordinator = form.text("coordinator").into();
    c.enrolled_on = form.required_date("enrolled_on")?;
    c.payer = form.optional("payer");
    c.member_id = form.optional("member_id");
    c.coverage_ends_on = form.date("coverage_ends_on")?;
    c.consent_expires_on = form.date("consent_expires_on")?;
    c.tags = vec![form.text("tags").to_string()];
    Ok(())
}

pub fn save_new(form: &Form, store: &mut Store) -> Result<String, StoreError> {
    let mut client = Client::new("", "", store.user(), form.now.today(), form.now.instant);
    apply(form, &mut client)?;
    let id = store.add_client(client, form.now.today())?;
    Ok(format!("Client {id} added."))
}

pub fn save_edit(form: &Form, store: &mut Store, client: &Client) -> Result<String, StoreError> {
    let mut client = client.clone();
    apply(form, &mut client)?;
    let id = client.id;
    store.update_client(client, form.now)?;
    Ok(format!("Client {id} saved."))
}

pub fn discharge(app: &App, view: &ClientView) -> Form {
    let title = format!("Discharge {}", client_name(app, &view.client));
    let fields = vec![Field::date("discharged_on", "Discharged on", "today"), Field::text("reason", "Reason", "")];
    Form::new(title, Purpose::Discharge { client_id: view.client.id }, app.now, fields)
}

pub fn save_discharge(form: &Form, store: &mut Store, client_id: i64) -> Result<String, StoreError> {
    let on = form.required_date("discharged_on")?;
    store.discharge_client(client_id, on, form.text("reason"), form.now)?;
    Ok(format!("Client {client_id} discharged on {on}."))
}

/// A one-line note saved straight to the contact log (the full editor with
/// its call timer is a separate screen).
pub fn note(app: &App, target: Target) -> Form {
    let fields = vec![
        Field::words("contact_type", "Type", ContactType::ALL, ContactType::Phone),
        Field::words("direction", "Direction", Direction::ALL, Direction::Outbound),
        Field::words("outcome", "Outcome", Outcome::ALL, Outcome::Reached),
        Field::number("minutes", "Minutes", "0"),
        Field::datetime("contact_at", "When", "now"),
        Field::text("body", "Note", ""),
    ];
    Form::new(format!("Note · {}", target.name), Purpose::AddNote { client_id: target.id }, app.now, fields)
}

pub fn save_note(form: &Form, store: &mut Store, client_id: i64) -> Result<String, StoreError> {
    let note = Note {
        id: 0,
        client_id,
        author: store.user().to_string(),
        contact_at: form.datetime("contact_at")?,
        contact_type: form.word("contact_type")?,
        direction: form.word("direction")?,
        outcome: form.word("outcome")?,
        minutes: minutes("minutes", form.number("minutes")?.unwrap_or(0), true)?,
        body: form.text("body").to_string(),
        addendum_of: None,
        created_at: form.now.instant,
    };
    let id = store.add_note(note)?;
    Ok(format!("Note {id} saved."))
}
