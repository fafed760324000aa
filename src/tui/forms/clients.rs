//! Forms for the client record itself (add, edit, discharge) and addenda to notes.

use chrono::NaiveDate;

use super::{Purpose, client_name, record};
use crate::domain::Invalid;
use crate::domain::client::{Client, Risk};
use crate::tui::effect::Change;
use crate::tui::form::{Field, Form};
use crate::tui::model::{ClientView, Model};

pub fn add(app: &Model) -> Form<Purpose> {
    let client = Client::new("", "", &app.user, app.now.today(), app.now.instant);
    Form::new("New client", Purpose::AddClient, app.now, fields(&client))
}

pub fn edit(app: &Model, view: &ClientView) -> Result<Form<Purpose>, String> {
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
fn apply(form: &Form<Purpose>, c: &mut Client) -> Result<(), Invalid> {
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

pub fn new_client(form: &Form<Purpose>, user: &str) -> Result<Change, Invalid> {
    let mut client = Client::new("", "", user, form.now.today(), form.now.instant);
    apply(form, &mut client)?;
    Ok(Change::AddClient(Box::new(client)))
}

pub fn edited(form: &Form<Purpose>, client: &Client) -> Result<Change, Invalid> {
    let mut client = client.clone();
    apply(form, &mut client)?;
    Ok(Change::EditClient(Box::new(client)))
}

pub fn discharge(app: &Model, view: &ClientView) -> Form<Purpose> {
    let title = format!("Discharge {}", client_name(app, &view.client));
    let fields = vec![Field::date("discharged_on", "Discharged on", "today"), Field::text("reason", "Reason", "")];
    Form::new(title, Purpose::Discharge { client_id: view.client.id }, app.now, fields)
}

pub fn discharged(form: &Form<Purpose>, client_id: i64) -> Result<Change, Invalid> {
    let on = form.required_date("discharged_on")?;
    Ok(Change::Discharge { client_id, on, reason: form.text("reason").to_string() })
}

/// An addendum to one of the client's notes: the note itself never changes;
/// the addendum shows under it.
pub fn amend(app: &Model, view: &ClientView) -> Result<Form<Purpose>, String> {
    let notes: Vec<_> = view
        .notes
        .iter()
        .filter(|note| note.addendum_of.is_none())
        .map(|note| {
            let first_line = note.body.lines().next().unwrap_or_default();
            let preview: String = first_line.chars().take(40).collect();
            record(
                note.id,
                format!("{} {} {preview}", app.now.zone.local_display(note.contact_at), note.contact_type.label()),
            )
        })
        .collect();
    if notes.is_empty() {
        return Err("This client has no notes to add to yet.".into());
    }
    let fields = vec![Field::choice("note", "Note", notes, 0), Field::text("body", "Addendum", "")];
    let title = format!("Addendum · {}", client_name(app, &view.client));
    Ok(Form::new(title, Purpose::AmendNote, app.now, fields))
}

pub fn addendum(form: &Form<Purpose>) -> Result<Change, Invalid> {
    Ok(Change::AmendNote { note_id: form.id("note")?, body: form.text("body").to_string() })
}
