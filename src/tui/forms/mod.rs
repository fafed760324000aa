//! The forms behind the keys that change records: which form an action
//! opens (with what filled in), and what saving it does through the store.
//! One file per family of records.

mod care;
mod clients;
mod scheduling;

use super::Services;
use super::action::Action;
use super::app::{App, ClientView, Message};
use super::form::{Choice, Form};
use super::keymap::Screen;
use crate::domain::alerts::AlertKind;
use crate::domain::client::Client;
use crate::domain::privacy::shown_name;
use crate::store::{Store, StoreError};

/// What saving a form does, with what it is about.
#[derive(Debug, Clone, PartialEq)]
pub enum Purpose {
    AddClient,
    EditClient(Box<Client>),
    Discharge { client_id: i64 },
    AmendNote,
    AddFollowup { client_id: i64 },
    CompleteFollowup,
    SnoozeFollowup,
    Schedule { client_id: i64 },
    SetAppointment,
    SnoozeAlert { client_id: i64, kind: AlertKind, subject: Option<i64> },
    AddReferral { client_id: i64 },
    MoveReferral,
    AddEncounter { client_id: i64 },
    AddPlanItem { client_id: i64 },
    SetGoal { client_id: i64 },
    ReviewPlan { client_id: i64 },
}

/// Opens the form an action asks for, or says (as an Info line) why not.
pub fn open(app: &App, action: Action) -> Result<Form, String> {
    match action {
        Action::AddClient => Ok(clients::add(app)),
        Action::EditClient => clients::edit(app, open_view(app)?),
        Action::Discharge => Ok(clients::discharge(app, open_view(app)?)),
        Action::AmendNote => clients::amend(app, open_view(app)?),
        Action::AddFollowup => Ok(scheduling::followup(app, target(app)?)),
        Action::Schedule => Ok(scheduling::appointment(app, target(app)?)),
        Action::CompleteFollowup if app.screen == Screen::Main => scheduling::complete_from_alert(app),
        Action::CompleteFollowup => scheduling::complete(app, open_view(app)?),
        Action::SnoozeFollowup => scheduling::snooze_followup(app, open_view(app)?),
        Action::SetAppointment => scheduling::set_appointment(app, open_view(app)?),
        Action::SnoozeAlert => scheduling::snooze_alert(app),
        Action::AddReferral => Ok(care::referral(app, open_view(app)?)),
        Action::MoveReferral => care::move_referral(app, open_view(app)?),
        Action::AddEncounter => Ok(care::encounter(app, open_view(app)?)),
        Action::AddPlanItem => Ok(care::plan_item(app, open_view(app)?)),
        Action::SetGoal => care::set_goal(app, open_view(app)?),
        Action::ReviewPlan => Ok(care::review(app, open_view(app)?)),
        other => Err(format!("{} has no form.", other.description())),
    }
}

/// Saves the open form. On success the form closes, the panes and the open
/// client reload, and the status line says what was saved; on failure the
/// form stays open with everything typed and the error under its field.
pub fn submit(app: &mut App, services: &mut Services) {
    let Some(form) = app.form.as_mut() else { return };
    services.store.set_now(app.now.instant);
    match save(form, &mut services.store) {
        Ok(done) => {
            app.form = None;
            super::update::reload(app, services);
            if app.message.is_none() {
                app.message = Some(Message::Info(done));
            }
        }
        Err(error) => form.show_error(&error),
    }
}

fn save(form: &Form, store: &mut Store) -> Result<String, StoreError> {
    match &form.purpose {
        Purpose::AddClient => clients::save_new(form, store),
        Purpose::EditClient(client) => clients::save_edit(form, store, client),
        Purpose::Discharge { client_id } => clients::save_discharge(form, store, *client_id),
        Purpose::AmendNote => clients::save_amend(form, store),
        Purpose::AddFollowup { client_id } => scheduling::save_followup(form, store, *client_id),
        Purpose::CompleteFollowup => scheduling::save_complete(form, store),
        Purpose::SnoozeFollowup => scheduling::save_snooze_followup(form, store),
        Purpose::Schedule { client_id } => scheduling::save_appointment(form, store, *client_id),
        Purpose::SetAppointment => scheduling::save_set_appointment(form, store),
        Purpose::SnoozeAlert { client_id, kind, subject } => {
            scheduling::save_snooze_alert(form, store, *client_id, *kind, *subject)
        }
        Purpose::AddReferral { client_id } => care::save_referral(form, store, *client_id),
        Purpose::MoveReferral => care::save_move_referral(form, store),
        Purpose::AddEncounter { client_id } => care::save_encounter(form, store, *client_id),
        Purpose::AddPlanItem { client_id } => care::save_plan_item(form, store, *client_id),
        Purpose::SetGoal { client_id } => care::save_goal(form, store, *client_id),
        Purpose::ReviewPlan { client_id } => care::save_review(form, store, *client_id),
    }
}

/// The client open on the client screen.
fn open_view(app: &App) -> Result<&ClientView, String> {
    app.open_client.as_ref().filter(|_| app.screen == Screen::Client).ok_or_else(|| "Open a client first.".into())
}

/// The client a form is for (id and name as shown): the open client, or the
/// one selected on the main screen.
pub(super) struct Target {
    pub(super) id: i64,
    pub(super) name: String,
}

pub(super) fn target(app: &App) -> Result<Target, String> {
    if let Ok(view) = open_view(app) {
        return Ok(Target { id: view.client.id, name: client_name(app, &view.client) });
    }
    let id = app.selected_client().ok_or("Select a client first.")?;
    // The panes' names are already redacted when they must be.
    let name = app
        .caseload
        .iter()
        .find(|row| row.triage.client_id == id)
        .map(|row| row.triage.client_name.clone())
        .or_else(|| app.alerts.iter().find(|a| a.client_id == id).map(|a| a.client_name.clone()))
        .or_else(|| app.today.iter().find(|r| r.appointment.client_id == id).map(|r| r.client_name.clone()))
        .unwrap_or_else(|| format!("client {id}"));
    Ok(Target { id, name })
}

fn client_name(app: &App, client: &Client) -> String {
    shown_name(client, app.redact)
}

/// A choice among records, by id.
fn record(id: i64, label: String) -> Choice {
    Choice { value: id.to_string(), label: format!("#{id} {label}") }
}
