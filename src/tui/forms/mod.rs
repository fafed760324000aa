//! The forms behind the keys that change records: which form an action
//! opens (with what filled in), and what change a submitted one asks for
//! (`services` makes it). One file per family of records.

mod care;
mod clients;
mod medications;
pub mod purpose;
mod scheduling;

use super::action::Action;
use super::context::Screen;
use super::effect::{Change, Effect, FormSave};
use super::form::{Choice, Form};
use super::model::{ClientView, Model};
use crate::domain::Invalid;
use crate::domain::client::Client;
use crate::domain::privacy::shown_name;
use crate::domain::referral::ReferralKind;
use crate::domain::resource::Resource;
use purpose::Purpose;

/// Opens the form an action asks for, or says (as an Info line) why not.
pub fn open(app: &Model, action: Action) -> Result<Form<Purpose>, String> {
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
        Action::AddReferral => Ok(care::referral(app, open_view(app)?, ReferralKind::Medical, "")),
        Action::MoveReferral => care::move_referral(app, open_view(app)?),
        Action::AddEncounter => Ok(care::encounter(app, open_view(app)?)),
        Action::AddPlanItem => Ok(care::plan_item(app, open_view(app)?)),
        Action::SetGoal => care::set_goal(app, open_view(app)?),
        Action::ReviewPlan => Ok(care::review(app, open_view(app)?)),
        Action::AddMedication => Ok(medications::add(app, open_view(app)?)),
        Action::StopMedication => medications::stop(app, open_view(app)?),
        other => Err(format!("{} has no form.", other.description())),
    }
}

/// The referral form for a need a social-needs screening found, its kind chosen.
pub fn referral_for_need(app: &Model, kind: ReferralKind, need: &str) -> Result<Form<Purpose>, String> {
    Ok(care::referral(app, open_view(app)?, kind, &format!("Social needs screening: {need}")))
}

/// What a submitted form asks to change, read from its fields; a field
/// that cannot be read is refused here, before anything is written.
pub fn to_save(form: &Form<Purpose>, user: &str) -> Result<FormSave, Invalid> {
    let change = match &form.purpose {
        Purpose::AddClient => clients::new_client(form, user)?,
        Purpose::EditClient(client) => clients::edited(form, client)?,
        Purpose::Discharge { client_id } => clients::discharged(form, *client_id)?,
        Purpose::AmendNote => clients::addendum(form)?,
        Purpose::AddFollowup { client_id } => scheduling::new_followup(form, user, *client_id)?,
        Purpose::CompleteFollowup => Change::CompleteFollowup(form.id("followup")?),
        Purpose::SnoozeFollowup => scheduling::followup_snoozed(form)?,
        Purpose::Schedule { client_id } => scheduling::new_appointment(form, user, *client_id)?,
        Purpose::SetAppointment => scheduling::appointment_set(form)?,
        Purpose::SnoozeAlert { client_id, kind, subject } => Change::SnoozeAlert {
            client_id: *client_id,
            kind: *kind,
            subject: *subject,
            until: form.required_date("until")?,
            reason: form.text("reason").to_string(),
        },
        Purpose::AddReferral { client_id } => care::new_referral(form, user, *client_id)?,
        Purpose::MoveReferral => care::referral_moved(form)?,
        Purpose::AddEncounter { client_id } => care::new_encounter(form, user, *client_id)?,
        Purpose::AddPlanItem { client_id } => care::new_plan_item(form, user, *client_id)?,
        Purpose::SetGoal { client_id } => care::goal_set(form, *client_id)?,
        Purpose::ReviewPlan { client_id } => {
            Change::ReviewPlan { client_id: *client_id, on: form.required_date("on")? }
        }
        Purpose::AddMedication { client_id } => medications::new_medication(form, user, *client_id)?,
        Purpose::StopMedication => medications::stopped(form)?,
    };
    Ok(FormSave { change, now: form.now })
}

/// What the user should look at again before the form saves (it saves on
/// the next submit): a follow-up due in the past, as the command line warns.
pub fn warning(form: &Form<Purpose>) -> Option<Invalid> {
    match &form.purpose {
        Purpose::AddFollowup { .. } => scheduling::followup_warning(form),
        _ => None,
    }
}

/// What a form needs loaded once it is open.
pub fn loads(form: &Form<Purpose>) -> Vec<Effect> {
    match form.purpose {
        Purpose::AddReferral { .. } => vec![Effect::LoadResources],
        _ => Vec::new(),
    }
}

/// The resource directory arrived: the referral form offers it.
pub fn offer_resources(form: &mut Form<Purpose>, listed: Result<Vec<Resource>, String>) {
    if matches!(form.purpose, Purpose::AddReferral { .. }) {
        care::offer_resources(form, listed);
    }
}

/// The client open on the client screen.
fn open_view(app: &Model) -> Result<&ClientView, String> {
    app.open_client.as_ref().filter(|_| app.screen == Screen::Client).ok_or_else(|| "Open a client first.".into())
}

/// The client a form is for (id and name as shown): the open client, or the
/// one selected on the main screen.
pub(super) struct Target {
    pub(super) id: i64,
    pub(super) name: String,
}

pub(super) fn target(app: &Model) -> Result<Target, String> {
    if let Ok(view) = open_view(app) {
        return Ok(Target { id: view.client.id, name: client_name(app, &view.client) });
    }
    let id = app.selected_client().ok_or("Select a client first.")?;
    // The panes' names are already redacted when they must be.
    let name = app
        .caseload
        .iter()
        .find(|row| row.triage.client_id == id)
        .map(|row| row.triage.client_name.to_string())
        .or_else(|| app.alerts.iter().find(|a| a.client_id == id).map(|a| a.client_name.to_string()))
        .or_else(|| app.today.iter().find(|r| r.appointment.client_id == id).map(|r| r.client_name.clone()))
        .unwrap_or_else(|| format!("client {id}"));
    Ok(Target { id, name })
}

fn client_name(app: &Model, client: &Client) -> String {
    shown_name(client, app.redact)
}

/// A choice among records, by id.
fn record(id: i64, label: String) -> Choice {
    Choice { value: id.to_string(), label: format!("#{id} {label}") }
}
